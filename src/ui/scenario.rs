//! Presentation mode's scenarios: a what-if hall (GPU count, rack generation, PUE, array size) or a step of the
//! Colossus story — built fresh, or grown from the hall on screen — generated and analysed on a worker thread,
//! always for the latest settings, so sliders stay smooth at 200k GPUs. A worker ends by handing its hall (or
//! why there is none) to a callback that sends it to the designer as a command; the designer shows it as B.

use std::sync::Arc;

use super::document::DocKey;
use super::jobs::{Cancelled, Gate, Progress, Steps};
use crate::analysis::{Failure, LiveAnalysis};
use crate::generate::what_if::{ColossusStep, WhatIf};
use crate::generate::{expand, generate};
use crate::model::Layout;

/// How a story step answers "what if we grow?": a new hall built for the total, or the hall on screen grown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoryBasis {
    /// A new hall built for the step's GPUs (the generator's layout).
    Fresh,
    /// The hall on screen (A) grown by what the step adds, every existing item where it is.
    Grown,
}

/// Which hall a scenario is.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioKey {
    /// The presentation's what-if settings.
    WhatIf(WhatIf),
    /// A step of the Colossus story built fresh.
    Story(ColossusStep),
    /// A step of the Colossus story grown from the document at this state.
    Grown(ColossusStep, DocKey),
}

impl ScenarioKey {
    /// What B is, in words: what the scenario built.
    pub fn describe(&self) -> String {
        match self {
            ScenarioKey::WhatIf(_) => "a new hall built for the what-if settings".into(),
            ScenarioKey::Story(step) => format!("a new hall built for {}", step.total_label()),
            ScenarioKey::Grown(step, _) => format!("your hall grown by {}", step.added_label()),
        }
    }
}

/// A built scenario hall and its analysis, or why it could not be built (a sentence to show as is).
pub type Built = Result<Box<(Layout, LiveAnalysis)>, String>;

/// What a scenario worker is given: the key, and for a grown step the layout to grow.
struct Wanted {
    key: ScenarioKey,
    base: Option<Arc<Layout>>,
}

/// The scenario wanted and the worker building one.
#[derive(Default)]
pub struct Scenarios {
    wanted: Option<Wanted>,
    building: Option<(ScenarioKey, Steps)>,
    /// Why the last scenario could not be built, when it could not, and what to do: a sentence to show as is.
    pub problem: Option<String>,
}

/// The stages a scenario build goes through.
const STAGES: &[&str] = &["Generating the hall", "Analysing the hall"];

impl Scenarios {
    /// Asks for a scenario (`base`: the layout a grown step grows); it replaces B once built. A worker starts
    /// when none is running; one running for older settings finishes first, then the latest settings are built.
    pub fn want(
        &mut self,
        key: ScenarioKey,
        base: Option<Arc<Layout>>,
        gate: Option<Gate>,
        finish: impl Fn(ScenarioKey, Built) + Send + Clone + 'static,
    ) {
        self.problem = None;
        self.wanted = Some(Wanted { key, base });
        self.start_if_idle(gate, finish);
    }

    fn start_if_idle(&mut self, gate: Option<Gate>, finish: impl Fn(ScenarioKey, Built) + Send + Clone + 'static) {
        if self.building.is_some() {
            return;
        }
        let Some(w) = &self.wanted else { return };
        let progress = Progress::gated(STAGES, gate);
        let steps = progress.steps().clone();
        let (key, base) = (w.key.clone(), w.base.clone());
        self.building = Some((key.clone(), steps.clone()));
        std::thread::spawn(move || {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(&key, base.as_deref(), &steps)));
            match run {
                Ok(Ok(built)) => finish(key, built),
                // Stopped because another hall took A's place: nobody wants it.
                Ok(Err(Cancelled)) => finish(key, Err(STOPPED.into())),
                Err(_) => finish(
                    key,
                    Err("The scenario could not be built (an internal error). Move a slider to try again.".into()),
                ),
            }
        });
    }

    /// A worker finished: its hall when it is the one wanted (the next build starts otherwise), else `None`.
    pub fn arrived(
        &mut self,
        key: &ScenarioKey,
        built: Built,
        gate: Option<Gate>,
        finish: impl Fn(ScenarioKey, Built) + Send + Clone + 'static,
    ) -> Option<Built> {
        if self.building.as_ref().is_some_and(|(k, _)| k == key) {
            self.building = None;
        }
        // A build stopped on purpose is nobody's answer — not even when the same scenario was asked for again
        // while it stopped: that one is built next.
        if !was_stopped(&built) && self.wanted.as_ref().is_some_and(|w| w.key == *key) {
            self.wanted = None;
            return Some(built);
        }
        self.start_if_idle(gate, finish);
        None
    }

    /// Drops the scenario wanted and any problem, and stops the worker (another hall is in: they were about
    /// the old one).
    pub fn forget(&mut self) {
        self.wanted = None;
        self.problem = None;
        if let Some((_, steps)) = &self.building {
            steps.cancel();
        }
    }

    /// True while a scenario is wanted and not yet arrived.
    pub fn busy(&self) -> bool {
        self.wanted.is_some()
    }

    /// True while a worker is building one (tests wait for it).
    pub fn building(&self) -> bool {
        self.building.is_some()
    }
}

/// What a stopped build says (it is dropped: nobody asked for it any more).
const STOPPED: &str = "stopped";

/// Generates (or grows) and analyses a scenario's hall.
fn build(key: &ScenarioKey, base: Option<&Layout>, steps: &Steps) -> Result<Built, Cancelled> {
    steps.stage(0)?;
    let built = match (key, base) {
        (ScenarioKey::WhatIf(w), _) => w.params().and_then(|p| generate(&p)),
        (ScenarioKey::Story(step), _) => step.params().and_then(|p| generate(&p)),
        (ScenarioKey::Grown(step, _), Some(base)) => match step.additions() {
            Some(add) => expand(base, &add).map(|g| {
                let mut layout = g.layout;
                layout.name = format!("{} (grown)", layout.name);
                layout
            }),
            None => step.params().and_then(|p| generate(&p)),
        },
        (ScenarioKey::Grown(..), None) => return Ok(Err("nothing to grow: the hall on screen was not given".into())),
    };
    let mut layout = match built {
        Ok(layout) => layout,
        Err(e) => {
            let advice = match key {
                ScenarioKey::WhatIf(_) => "Try fewer GPUs, more racks per array or another rack generation.",
                ScenarioKey::Story(_) => "The story's hall could not be built.",
                ScenarioKey::Grown(..) => "Try “built fresh” instead: this hall cannot be grown as it is.",
            };
            return Ok(Err(format!("No hall for these settings: {e}. {advice}")));
        }
    };
    steps.stage(1)?;
    // As the comparison's document will hold it (built-in types merged, items in id order), so the analysis
    // adopted is of exactly that layout.
    super::document::merge_builtin_types(&mut layout);
    layout.items.sort_by_key(|i| i.id);
    let live = LiveAnalysis::new(&layout, &Failure::None);
    Ok(Ok(Box::new((layout, live))))
}

/// True when a scenario's outcome is only a worker stopped on purpose (nothing to show or say).
pub fn was_stopped(built: &Built) -> bool {
    matches!(built, Err(e) if e == STOPPED)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;

    /// Press a story step, let another hall take A's place (the build is stopped), press the step again: the
    /// stopped build's report is not taken for the answer, and the scenario is built again.
    #[test]
    fn a_scenario_asked_for_again_while_its_build_stops_is_built() {
        let gate = Gate::new();
        let (tx, rx) = channel();
        let finish = move |k: ScenarioKey, b: Built| {
            let _ = tx.send((k, b));
        };
        let key = ScenarioKey::WhatIf(WhatIf { gpus: 1_024, ..WhatIf::default() });
        let mut s = Scenarios::default();
        s.want(key.clone(), None, Some(gate.clone()), finish.clone());
        gate.wait_at(0);
        s.forget();
        s.want(key.clone(), None, Some(gate.clone()), finish.clone());
        let Ok((k, b)) = rx.recv() else { panic!("the stopped worker reports") };
        assert!(was_stopped(&b), "the first build was stopped");
        assert!(s.arrived(&k, b, Some(gate.clone()), finish.clone()).is_none(), "a stop answers nothing");
        assert!(s.busy() && s.building(), "the scenario asked for again is being built");
        gate.open();
        let Ok((k, b)) = rx.recv() else { panic!("the second worker reports") };
        let answer = s.arrived(&k, b, Some(gate), finish);
        assert!(matches!(answer, Some(Ok(_))), "the scenario arrives");
        assert!(!s.busy());
    }
}
