//! Presentation mode's scenarios: a what-if hall (GPU count, rack generation, PUE, array size) or a step of the
//! Colossus story, generated and analysed on a worker thread — always for the latest settings, so sliders stay
//! smooth at 200k GPUs — and shown as B beside the document (A): one key switches, the tiles show the
//! differences.

use super::compare::Comparison;
use super::dialogs::preview::{Halt, Previewer};
use super::jobs::{Cancelled, Steps};
use crate::analysis::{Failure, LiveAnalysis};
use crate::generate::generate;
use crate::generate::what_if::{ColossusStep, WhatIf};
use crate::model::Layout;

/// Which hall a scenario is.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioKey {
    /// The presentation's what-if settings.
    WhatIf(WhatIf),
    /// A step of the Colossus story.
    Story(ColossusStep),
}

/// A built scenario hall and its analysis, or why it could not be built.
type Built = Result<Box<(Layout, LiveAnalysis)>, String>;

/// The scenario wanted and the worker building it.
pub struct Scenarios {
    wanted: Option<ScenarioKey>,
    builds: Previewer<ScenarioKey, Built>,
    /// Why the last scenario could not be built, when it could not, and what to do: a sentence to show as is.
    pub problem: Option<String>,
}

impl Default for Scenarios {
    fn default() -> Self {
        Self { wanted: None, builds: Previewer::new(&["Generating the hall", "Analysing the hall"]), problem: None }
    }
}

impl Scenarios {
    /// Asks for a scenario; it replaces B once built.
    pub fn want(&mut self, key: ScenarioKey) {
        self.problem = None;
        self.wanted = Some(key);
    }

    /// Drops the scenario wanted and any problem (another hall is in: they were about the old one).
    pub fn forget(&mut self) {
        self.wanted = None;
        self.problem = None;
    }

    /// True while a scenario is being built.
    pub fn busy(&self) -> bool {
        self.wanted.is_some()
    }

    /// Drives the worker; returns the scenario as B when the one wanted is ready.
    pub fn poll(&mut self, ctx: Option<&egui::Context>) -> Option<Comparison> {
        let key = self.wanted.clone()?;
        self.builds.poll(&key, ctx, build);
        if self.builds.halted(&key) == Some(Halt::Failed) {
            self.builds.retry();
            self.wanted = None;
            self.problem =
                Some("The scenario could not be built (an internal error). Move a slider to try again.".into());
            return None;
        }
        let built = self.builds.take_current(&key)?;
        self.wanted = None;
        match built {
            Ok(b) => {
                let (layout, live) = *b;
                Some(Comparison::built(layout, live))
            }
            Err(e) => {
                self.problem =
                    Some(format!("No hall for these settings: {e}. Try fewer GPUs or another rack generation."));
                None
            }
        }
    }

    /// Waits for the scenario wanted (tests).
    pub fn wait(&mut self) -> Option<Comparison> {
        loop {
            if let Some(b) = self.poll(None) {
                return Some(b);
            }
            if !self.busy() {
                return None;
            }
            self.builds.wait();
        }
    }
}

/// Generates and analyses a scenario's hall.
fn build(key: ScenarioKey, steps: &Steps) -> Result<Built, Cancelled> {
    steps.stage(0)?;
    let params = match &key {
        ScenarioKey::WhatIf(w) => w.params(),
        ScenarioKey::Story(s) => s.params(),
    };
    let mut layout = match params.and_then(|p| generate(&p)) {
        Ok(layout) => layout,
        Err(e) => return Ok(Err(e.to_string())),
    };
    steps.stage(1)?;
    // As the comparison's document will hold it (built-in types merged, items in id order), so the analysis
    // adopted is of exactly that layout.
    super::document::merge_builtin_types(&mut layout);
    layout.items.sort_by_key(|i| i.id);
    let live = LiveAnalysis::new(&layout, &Failure::None);
    Ok(Ok(Box::new((layout, live))))
}
