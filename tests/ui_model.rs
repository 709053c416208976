//! A model-based random test of the real designer: seeded journeys of 500 actions each, drawn from everything a
//! user does — new, open each sample, generate, place, array, obstacles, drags (plain, cancelled with Esc,
//! interrupted by undo), rotate one and many, delete, copy / cut / paste as the platform delivers them,
//! duplicate, inspector and hall fields typed with extreme values, bulk edits, what-if, undo / redo, a restart
//! with Restore or Discard. After every action: no panic, the document passes `check_layout`, saved and read
//! back it is the same, and the live totals are `analyse` of it. At the end, undo-all gives the document as it
//! was opened and redo-all gives it back.

mod ui_support;

use std::time::Duration;

use clusterplan::model::Layout;
use clusterplan::ui::DesignerApp;
use clusterplan::ui::files::{Picked, ScriptedDialogs};
use clusterplan::ui::recovery::Recovery;
use clusterplan::ui::view::Prefs;
use egui::{Event, Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// Actions per journey.
const STEPS: usize = 500;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const SAMPLES: [&str; 3] = ["demo.ron", "superpod-h100-4su.ron", "nvl72-8su.ron"];

const PALETTE: [&str; 7] = [
    "Colossus liquid rack: 8 × Supermicro 4U HGX H100 + in-rack CDU",
    "Floor PDU 500 kVA",
    "Rear-door heat exchanger 40 kW",
    "Network rack 48U (600 × 1200)",
    "NVIDIA GB200 NVL72",
    "In-row CDU 1.5 MW (liquid-to-liquid)",
    "Chilled-water CRAH 150 kW",
];

/// Extreme and odd things to type into a number field.
const TYPED: [&str; 12] =
    ["99999999999", "-99999999999", "0", "-1", "1e300", "nan", "inf", "4294967295", "0.0001", "12.5", "abc", ""];

struct Journey {
    h: Harness<'static, DesignerApp>,
    rng: Rng,
    /// The document as opened (after its last New / Open / Restore).
    start: Layout,
    generation: u64,
    recovery_dir: tempfile::TempDir,
    samples: Vec<std::path::PathBuf>,
    actions: Vec<&'static str>,
}

/// Copies of the samples in a folder of the journey's own (a journey may save over them).
fn copy_samples(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    SAMPLES
        .iter()
        .map(|s| {
            let to = dir.join(s);
            std::fs::copy(sample(s), &to).unwrap_or_else(|e| panic!("{e}"));
            to
        })
        .collect()
}

fn app(recovery: &std::path::Path, samples: &[std::path::PathBuf]) -> DesignerApp {
    let mut app = DesignerApp::with_demo(Prefs::default());
    app.prefs.recent = samples.to_vec();
    app.files.picker = Box::new(ScriptedDialogs {
        open: vec![Picked::Cancelled; 1000],
        save: vec![Picked::Cancelled; 1000],
        export: vec![Picked::Cancelled; 1000],
    });
    app.use_recovery(Recovery::in_dir(Some(recovery.to_path_buf()), Duration::ZERO));
    app
}

impl Journey {
    fn new(seed: u64) -> Self {
        let recovery_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let samples = copy_samples(recovery_dir.path());
        let h = harness(app(&recovery_dir.path().join("recovery"), &samples));
        let start = h.state().doc.layout().clone();
        let generation = h.state().doc.key().generation;
        Self {
            h,
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            start,
            generation,
            recovery_dir,
            samples,
            actions: Vec::new(),
        }
    }

    fn canvas(&self) -> egui::Rect {
        self.h.state().canvas.rect.unwrap_or(egui::Rect::from_min_size(Pos2::new(260.0, 80.0), vec2(700.0, 700.0)))
    }

    /// A point on the canvas, mostly over the hall.
    fn floor_point(&mut self) -> Pos2 {
        let c = self.canvas();
        let hall = &self.h.state().doc.layout().hall;
        let (w, d) = (hall.width_m, hall.depth_m);
        if self.rng.chance(85) {
            let x = w * self.rng.below(1000) as f64 / 1000.0;
            let y = d * self.rng.below(1000) as f64 / 1000.0;
            let p = screen(&self.h, x, y);
            if c.contains(p) {
                return p;
            }
        }
        Pos2::new(
            c.min.x + self.rng.below(c.width() as usize) as f32,
            c.min.y + self.rng.below(c.height() as usize) as f32,
        )
    }

    /// The screen centre of a random item, if the hall has any on screen.
    fn item_point(&mut self) -> Option<Pos2> {
        let layout = self.h.state().doc.layout();
        if layout.items.is_empty() {
            return None;
        }
        let item = &layout.items[self.rng.below(layout.items.len())];
        let c = clusterplan::analysis::geometry::item_rect(layout, item)?.centre();
        let p = screen(&self.h, c.x, c.y);
        self.canvas().contains(p).then_some(p)
    }

    fn select_random(&mut self, many: bool) {
        let ids: Vec<_> = self.h.state().doc.layout().items.iter().map(|i| i.id).collect();
        if ids.is_empty() {
            return;
        }
        if many && self.rng.chance(30) {
            self.h.key_press_modifiers(Modifiers::COMMAND, Key::A);
            self.h.step();
            return;
        }
        if many {
            let (a, b) = (self.floor_point(), self.floor_point());
            // A box from empty floor selects what it touches; it may also grab an item and move it.
            drag(&mut self.h, a, b);
            return;
        }
        if let Some(p) = self.item_point() {
            click_at(&mut self.h, p);
        }
    }

    fn click_label(&mut self, label: &str) -> bool {
        let found = self.h.query_all_by_label(label).next().map(|n| n.click()).is_some();
        if found {
            self.h.run_steps(2);
        }
        found
    }

    /// Answers the unsaved-changes prompt if it is open.
    fn answer_prompt(&mut self) {
        if self.h.state().dialogs.unsaved_prompt.is_some() {
            let answer = *self.rng.pick(&["Don't save", "Cancel"]);
            self.click_label(answer);
        }
    }

    fn type_into_a_number_field(&mut self) {
        let fields: Vec<egui::Rect> =
            self.h.query_all_by_role(egui::accesskit::Role::SpinButton).map(|n| n.rect()).collect();
        if fields.is_empty() {
            return;
        }
        let r = *self.rng.pick(&fields);
        click_at(&mut self.h, r.center());
        let text = *self.rng.pick(&TYPED);
        self.h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.h.event(Event::Text(text.to_owned()));
        self.h.step();
        self.h.key_press(Key::Enter);
        self.h.run_steps(2);
    }

    fn step(&mut self) {
        // Repeated select-all and paste doubles the hall; past this a user (and the journey) starts over, which
        // keeps a debug-build journey to seconds.
        let crowded = self.h.state().doc.layout().items.len() > 1_500;
        let r = if crowded { 2 } else { self.rng.below(100) };
        let action: &'static str = match r {
            0..=1 => {
                self.h.key_press_modifiers(Modifiers::COMMAND, Key::N);
                self.h.run_steps(2);
                self.answer_prompt();
                "new"
            }
            2..=3 => {
                let name = *self.rng.pick(&SAMPLES);
                if self.click_label("File") && self.click_label("Open recent") {
                    let found = self.h.query_all_by_label_contains(name).next().map(|n| n.click()).is_some();
                    self.h.run_steps(2);
                    if !found {
                        self.h.key_press(Key::Escape);
                    }
                    self.answer_prompt();
                }
                "open sample"
            }
            4 => {
                self.h.key_press_modifiers(Modifiers::COMMAND, Key::G);
                self.h.run_steps(2);
                let (preset, su) = *self.rng.pick(&[("superpod-h100", 1), ("nvl72", 1), ("superpod-h100", 2)]);
                if let Some(d) = self.h.state_mut().dialogs.generate.as_mut() {
                    d.preset = preset.into();
                    d.by_gpus = false;
                    d.su = su;
                    d.wait_for_preview();
                }
                self.h.run_steps(2);
                self.click_label("Create hall");
                "generate"
            }
            5..=9 => {
                let label = *self.rng.pick(&PALETTE);
                if self.click_label(label) {
                    let p = self.floor_point();
                    click_at(&mut self.h, p);
                    self.h.key_press(Key::Escape);
                    self.h.step();
                }
                "place"
            }
            10..=11 => {
                self.h.key_press(Key::A);
                self.h.step();
                let (a, b) = (self.floor_point(), self.floor_point());
                drag(&mut self.h, a, b);
                self.h.key_press(Key::Escape);
                self.h.step();
                "array"
            }
            12 => {
                self.h.key_press(Key::O);
                self.h.step();
                let (a, b) = (self.floor_point(), self.floor_point());
                drag(&mut self.h, a, b);
                self.h.key_press(Key::Escape);
                self.h.step();
                "obstacle"
            }
            13..=24 => {
                let mid = *self.rng.pick(&[
                    MidDrag::Nothing,
                    MidDrag::Nothing,
                    MidDrag::Escape,
                    MidDrag::Undo,
                    MidDrag::Key(Key::R, Modifiers::NONE),
                    MidDrag::Key(Key::ArrowRight, Modifiers::NONE),
                    MidDrag::Key(Key::Delete, Modifiers::NONE),
                    MidDrag::Key(Key::D, Modifiers::COMMAND),
                    MidDrag::Key(Key::F, Modifiers::COMMAND.plus(Modifiers::SHIFT)),
                ]);
                if let Some(from) = self.item_point() {
                    let to = from + vec2(self.rng.below(240) as f32 - 120.0, self.rng.below(240) as f32 - 120.0);
                    drag_with(&mut self.h, from, to, mid);
                }
                match mid {
                    MidDrag::Nothing => "drag",
                    MidDrag::Escape => "drag + Esc",
                    MidDrag::Undo => "drag + undo",
                    MidDrag::Key(..) => "drag + key",
                }
            }
            25..=29 => {
                self.select_random(false);
                self.h.key_press(Key::R);
                self.h.run_steps(2);
                "rotate one"
            }
            30..=32 => {
                self.select_random(true);
                self.h.key_press(Key::R);
                self.h.run_steps(2);
                "rotate many"
            }
            33..=36 => {
                let many = self.rng.chance(20);
                self.select_random(many);
                self.h.key_press(*self.rng.pick(&[Key::Delete, Key::Backspace]));
                self.h.run_steps(2);
                "delete"
            }
            37..=42 => {
                let many = self.rng.chance(25);
                self.select_random(many);
                let cut = self.rng.chance(25);
                self.h.event(if cut { Event::Cut } else { Event::Copy });
                self.h.run_steps(1);
                let text = copied_text(&self.h);
                let p = self.floor_point();
                self.h.event(Event::PointerMoved(p));
                self.h.step();
                // The platform sends the clipboard's text; without any, egui-winit sends nothing at all.
                if let Some(text) = text {
                    self.h.event(Event::Paste(text));
                } else {
                    self.h.key_press_modifiers(Modifiers::COMMAND, Key::V);
                }
                self.h.run_steps(2);
                if cut { "cut / paste" } else { "copy / paste" }
            }
            43..=45 => {
                let many = self.rng.chance(20);
                self.select_random(many);
                self.h.key_press_modifiers(Modifiers::COMMAND, Key::D);
                self.h.run_steps(2);
                "duplicate"
            }
            46..=53 => {
                self.select_random(false);
                self.click_label("Inspector");
                let refused = self.h.state().refused_edits;
                self.type_into_a_number_field();
                // Every inspector field is limited to what a layout may hold: nothing typed is refused.
                assert_eq!(
                    self.h.state().refused_edits,
                    refused,
                    "an inspector field accepted what the loader refuses"
                );
                "inspector field"
            }
            54..=56 => {
                self.click_label("Hall");
                self.type_into_a_number_field();
                "hall field"
            }
            57..=59 => {
                self.select_random(false);
                self.click_label("Inspector");
                let long = "Ω".repeat(self.rng.below(6000));
                let found = self.h.query_all_by_role(egui::accesskit::Role::TextInput).nth(1).map(|n| n.rect());
                if let Some(r) = found {
                    click_at(&mut self.h, r.center());
                    self.h.event(Event::Text(long));
                    self.h.key_press(Key::Enter);
                    self.h.run_steps(2);
                }
                "inspector name"
            }
            60..=64 => {
                self.select_random(true);
                let bulk = self.rng.below(4);
                match bulk {
                    0 => self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F),
                    1 => self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::K),
                    2 => {
                        self.click_label("Inspector");
                        self.click_label("Assign Feed B");
                    }
                    _ => {
                        self.click_label("Inspector");
                        self.click_label("Rename");
                    }
                }
                self.h.run_steps(2);
                "bulk edit"
            }
            65..=68 => {
                if self.rng.chance(50) {
                    self.select_random(false);
                }
                let combo = self.h.query_all_by_label_contains("What-if:").next().map(|n| n.rect());
                if let Some(r) = combo {
                    click_at(&mut self.h, r.center());
                    let options =
                        ["Normal operation", "Lose every A-side PDU", "Lose every B-side PDU", "Lose the selected"];
                    let option = *self.rng.pick(&options);
                    if self.h.query_all_by_label_contains(option).next().map(|n| n.click()).is_some() {
                        self.h.run_steps(2);
                    } else {
                        self.h.key_press(Key::Escape);
                        self.h.step();
                    }
                }
                "what-if"
            }
            69..=78 => {
                let redo = self.rng.chance(35);
                if redo {
                    self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
                } else {
                    self.h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
                }
                self.h.run_steps(2);
                if redo { "redo" } else { "undo" }
            }
            79 => {
                self.restart();
                "restart + restore"
            }
            80..=89 => {
                let key = *self.rng.pick(&[
                    Key::ArrowLeft,
                    Key::ArrowRight,
                    Key::ArrowUp,
                    Key::ArrowDown,
                    Key::Escape,
                    Key::F,
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::L,
                    Key::Plus,
                    Key::Minus,
                    Key::V,
                ]);
                if self.rng.chance(30) {
                    self.select_random(false);
                }
                let shift = if self.rng.chance(20) { Modifiers::SHIFT } else { Modifiers::NONE };
                self.h.key_press_modifiers(shift, key);
                self.h.run_steps(2);
                "key"
            }
            90..=94 => {
                let p = self.floor_point();
                click_at(&mut self.h, p);
                "click"
            }
            95..=96 => {
                let p = self.floor_point();
                self.h.event(Event::PointerMoved(p));
                self.h.event(Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Line,
                    delta: vec2(0.0, self.rng.below(7) as f32 - 3.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                    modifiers: Modifiers::NONE,
                });
                self.h.run_steps(2);
                "zoom"
            }
            _ => {
                // Close whatever dialog is open, as a user would.
                for label in ["Cancel", "OK", "Discard"] {
                    if self.click_label(label) {
                        break;
                    }
                }
                self.h.key_press(Key::Escape);
                self.h.run_steps(1);
                "dismiss"
            }
        };
        self.actions.push(action);
        // An error message is read and closed before the next action, as a user would.
        if self.h.state().dialogs.error.is_some() && self.rng.chance(70) {
            self.click_label("OK");
        }
        let generation = self.h.state().doc.key().generation;
        if generation != self.generation {
            self.generation = generation;
            self.start = self.h.state().doc.layout().clone();
        }
    }

    /// The process ends without saving and starts again: the recovery copy is offered; Restore or Discard.
    fn restart(&mut self) {
        // The designer ends as a crash ends it: its copy stays, its lock goes with the process.
        self.h.state_mut().files.recovery.abandon();
        let restore = self.rng.chance(70);
        let dir = self.recovery_dir.path().join("recovery");
        self.h = harness(app(&dir, &self.samples));
        if self.h.state().dialogs.recovery_offer.is_some() {
            let restored = restore && self.h.query_all_by_label("Restore").next().map(|n| n.click()).is_some();
            if !restored {
                self.click_label("Discard");
                self.click_label("Discard all");
            }
            self.h.run_steps(2);
        }
        self.h.run_steps(2);
    }

    fn finish(&mut self, seed: u64) {
        let ctx = format!("seed {seed}, end");
        // Close what is open so the keys reach the hall.
        for _ in 0..3 {
            if self.h.state().modal_open() || self.h.state().dialogs.generate.is_some() {
                for label in ["Cancel", "OK", "Discard"] {
                    self.click_label(label);
                }
                self.h.key_press(Key::Escape);
                self.h.run_steps(2);
            }
        }
        self.h.state_mut().dialogs.generate = None;
        let steps = self.h.state().doc.history().undo_len();
        let end = self.h.state().doc.layout().clone();
        for _ in 0..steps {
            self.h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
            self.h.run_steps(1);
        }
        assert_invariants(&mut self.h, &ctx);
        assert!(self.h.state().doc.history().undo_label().is_none(), "{ctx}: steps left to undo");
        // History keeps 200 steps: with fewer, undo-all reaches the document as it was opened.
        if steps < 200 {
            assert!(self.h.state().doc.layout() == &self.start, "{ctx}: undo-all does not give the document as opened");
        }
        for _ in 0..steps {
            self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
            self.h.run_steps(1);
        }
        assert!(self.h.state().doc.layout() == &end, "{ctx}: redo-all does not give the end");
    }
}

fn journey(seed: u64) {
    let mut j = Journey::new(seed);
    let mut edits = 0;
    for n in 0..STEPS {
        let before = j.h.state().doc.key();
        let t0 = std::time::Instant::now();
        j.step();
        // JOURNEY_TRACE=1 prints each action, its time and the hall's size.
        if std::env::var("JOURNEY_TRACE").is_ok() {
            let l = j.h.state().doc.layout();
            eprintln!(
                "{n} {} {:?} items={} hall={}x{}",
                j.actions[n],
                t0.elapsed(),
                l.items.len(),
                l.hall.width_m,
                l.hall.depth_m
            );
        }
        if j.h.state().doc.key() != before {
            edits += 1;
        }
        let ctx = format!("seed {seed}, action {n} ({}), after {:?}", j.actions[n], &j.actions[n.saturating_sub(4)..n]);
        assert_invariants(&mut j.h, &ctx);
        assert!(
            !j.h.state().doc.in_gesture() || j.h.state().canvas.drag.is_gesture(),
            "{ctx}: a gesture without a drag"
        );
    }
    let mut mix: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for a in &j.actions {
        *mix.entry(a).or_default() += 1;
    }
    println!(
        "seed {seed}: {edits} actions changed the document, {} edits refused, {} undo steps at the end; {mix:?}",
        j.h.state().refused_edits,
        j.h.state().doc.history().undo_len()
    );
    // Refused edits are fine (extreme values typed), but a journey that changed nothing proved nothing.
    assert!(edits >= 50, "seed {seed}: only {edits} actions changed the document");
    j.finish(seed);
}

macro_rules! journeys {
    ($($name:ident: $seeds:expr),* $(,)?) => {$(
        #[test]
        fn $name() {
            for seed in $seeds {
                journey(seed);
            }
        }
    )*};
}

#[test]
#[ignore = "one journey, for timing"]
fn one_journey() {
    let seed = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    journey(seed);
}

journeys! {
    journeys_1_to_5: 1..=5,
    journeys_6_to_10: 6..=10,
    journeys_11_to_15: 11..=15,
    journeys_16_to_20: 16..=20,
}
