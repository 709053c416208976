//! Presentation commands: the what-if sliders, the Colossus story (fresh or grown), Keep B, a scenario arriving
//! from its worker (shown as B — after asking, when B is a compared file), and the sliders following the hall.

use std::sync::Arc;

use super::super::app::DesignerApp;
use super::super::command::Command;
use super::super::compare::Comparison;
use super::super::jobs::ReplaceFrom;
use super::super::scenario::{Built, ScenarioKey, StoryBasis, was_stopped};
use crate::generate::what_if::{ColossusStep, WHAT_IF_NAME_PREFIX, WhatIf};

impl DesignerApp {
    pub(super) fn run_present_command(&mut self, command: Command) {
        match command {
            Command::SetWhatIf(w) => {
                // The hall's own reading is taken first, so the next frame does not put the sliders back.
                if self.present.what_if_hall.is_none() {
                    let key = self.doc.key();
                    self.present.what_if_hall = Some((key, WhatIf::of_layout(self.doc.layout())));
                }
                self.present.what_if = w.clone();
                self.want_scenario(ScenarioKey::WhatIf(w), None);
            }
            Command::Story(step, basis) => self.story(step, basis),
            Command::KeepScenario => self.keep_scenario(),
            Command::ReplaceComparedFile(replace) => {
                if let Some(waiting) = self.present.waiting.take() {
                    if replace {
                        self.show_scenario(waiting);
                    } else {
                        // The sliders go back to what the hall on screen holds: nothing shown has their setting.
                        if let Some((_, read)) = &self.present.what_if_hall {
                            self.present.what_if = read.clone();
                        }
                        self.session.status =
                            "Kept the compared file as B; the scenario was not shown (the sliders read your hall again)"
                                .into();
                    }
                }
            }
            Command::ScenarioBuilt { key, built } => self.scenario_arrived(key, built),
            Command::ReadHall(key, read) => self.read_hall(key, read),
            _ => {}
        }
    }

    /// Asks for a scenario; its worker sends it back as [`Command::ScenarioBuilt`].
    fn want_scenario(&mut self, key: ScenarioKey, base: Option<Arc<crate::model::Layout>>) {
        let sender = self.work.sender.clone();
        let finish = move |key, built| sender.send(Command::ScenarioBuilt { key, built });
        self.present.scenarios.want(key, base, self.work.gate.clone(), finish);
    }

    /// A scenario's worker finished: the hall wanted becomes B (asking first when B is a compared file); one
    /// for settings since changed is dropped and the latest settings are built.
    fn scenario_arrived(&mut self, key: ScenarioKey, built: Built) {
        let sender = self.work.sender.clone();
        let finish = move |key, built| sender.send(Command::ScenarioBuilt { key, built });
        let Some(built) = self.present.scenarios.arrived(&key, built, self.work.gate.clone(), finish) else { return };
        if was_stopped(&built) {
            return;
        }
        match built {
            Ok(b) => {
                let (layout, live) = *b;
                let b = Comparison::of_scenario(key, layout, live);
                if self.present.b.as_ref().is_some_and(|c| !c.is_scenario()) {
                    // B is a file the user opened: a scenario takes its place only when the user says so.
                    self.present.waiting = Some(b);
                } else {
                    self.show_scenario(b);
                }
            }
            Err(problem) => {
                // A scenario B no longer matches the sliders: it goes, so no tile shows a hall the settings do
                // not describe. The problem stays under the sliders until they change.
                self.session.status = problem.clone();
                self.present.scenarios.problem = Some(problem);
                if self.present.b.as_ref().is_some_and(Comparison::is_scenario) {
                    self.present.b = None;
                }
            }
        }
    }

    /// Shows a built scenario as B; a B larger than the view is brought into it (F fits both halls).
    fn show_scenario(&mut self, b: Comparison) {
        self.session.status = format!("Showing B: {} ({}) — press B for A", b.name(), b.origin());
        if matches!(b.source, super::super::compare::BSource::Scenario(ScenarioKey::Story(_) | ScenarioKey::Grown(..)))
        {
            // The sliders say what the story's B holds; moved off the hall's reading, they no longer follow A.
            if self.present.what_if_hall.is_none() {
                self.present.what_if_hall = Some((self.doc.key(), WhatIf::of_layout(self.doc.layout())));
            }
            self.present.what_if = WhatIf::of_layout(b.doc.layout());
        }
        let now = self.present.b.as_ref().map(|c| &c.doc.layout().hall);
        let (a, hall) = (&self.doc.layout().hall, &b.doc.layout().hall);
        let before = now.unwrap_or(a);
        if hall.width_m > before.width_m.max(a.width_m) || hall.depth_m > before.depth_m.max(a.depth_m) {
            self.canvas.fit_pending = true;
        }
        // A drag on A ends where it started: the canvas now shows B.
        self.doc.cancel_gesture();
        self.canvas.drag = super::super::canvas::Drag::None;
        self.present.b = Some(b);
    }

    /// Presentation: a step of the Colossus story. The first hall becomes the document (generated off the UI
    /// thread, one undo step, a new design) and a scenario B goes; the others are built as B beside it — a new
    /// hall for the step's GPUs, or the hall on screen grown by what the step adds.
    fn story(&mut self, step: ColossusStep, basis: StoryBasis) {
        if step == ColossusStep::H100k {
            self.first_story_hall();
            return;
        }
        // The sliders say what B holds: its GPUs of the main generation and what is kept beside them.
        let key = match basis {
            StoryBasis::Fresh => ScenarioKey::Story(step),
            StoryBasis::Grown => ScenarioKey::Grown(step, self.doc.key()),
        };
        let base = (basis == StoryBasis::Grown).then(|| Arc::new(self.doc.layout().clone()));
        self.want_scenario(key.clone(), base);
        self.session.status = format!("Building {}…", key.describe());
    }

    /// Keep B: the scenario shown becomes the document — a new design, untitled until saved — in one undo step.
    fn keep_scenario(&mut self) {
        let Some(b) = self.present.b.as_ref().filter(|b| b.is_scenario()) else {
            self.session.status = "Keep B keeps a scenario: move a slider or pick a story step first".into();
            return;
        };
        // A hall grown from an earlier state of this one would undo the edits made since: grow it again first.
        if let super::super::compare::BSource::Scenario(ScenarioKey::Grown(step, from)) = &b.source
            && *from != self.doc.key()
        {
            let step = *step;
            self.story(step, StoryBasis::Grown);
            self.session.status = format!(
                "B was grown from your hall before its last edits: growing it again ({}) — Keep B once it is shown",
                step.added_label()
            );
            return;
        }
        let mut layout = b.doc.layout().clone();
        if let Some(name) = layout.name.strip_prefix(WHAT_IF_NAME_PREFIX) {
            layout.name = name.to_owned();
        }
        let label = format!("Keep B: {}", layout.name);
        self.replace_layout(label, layout, ReplaceFrom::Presentation);
    }

    /// While presenting, sliders the user has not moved describe the hall: they are read from it when
    /// presentation starts or a new hall arrives (undo of a whole hall too), and read again when an edit changes
    /// what they describe (its GPUs, rack type, PUE or racks per array). Sliders the user moved keep their
    /// settings, and the B built from them stays. Not mid-drag: the gesture's end is read.
    pub(in crate::ui) fn slider_reading(&self) -> Option<Command> {
        if !self.present.presenting || self.doc.in_gesture() {
            return None;
        }
        let key = self.doc.key();
        if self.present.what_if_hall.as_ref().is_some_and(|(read_at, _)| *read_at == key) {
            return None;
        }
        Some(Command::ReadHall(key, WhatIf::of_layout(self.doc.layout())))
    }

    fn read_hall(&mut self, key: crate::ui::document::DocKey, read: WhatIf) {
        if key != self.doc.key() {
            return;
        }
        let untouched = match &self.present.what_if_hall {
            Some((_, before)) => self.present.what_if == *before,
            None => true,
        };
        if untouched {
            self.present.what_if = read.clone();
        }
        self.present.what_if_hall = Some((key, read));
    }
}
