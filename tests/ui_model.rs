//! A model-based random test of the whole designer: seeded journeys of actions drawn from everything a user does —
//! new, open (from the recent list and the file dialog), save and save as, generate, expand, export, place, array,
//! obstacles, drags (plain, cancelled with Esc, interrupted by undo or a key), rotate, delete, copy / cut / paste
//! as the platform delivers them, duplicate, inspector and hall fields typed with extreme values, bursts of keys
//! into text fields, bulk edits, the what-if, undo / redo, compare and the A / B flip, presentation (F11, the
//! what-if sliders, the Colossus story fresh and grown, Keep B), and a restart with Restore or Discard — with every
//! long job on a worker (the threshold is lowered), keys pressed while one runs.
//!
//! After every action: no panic; the document passes `check_layout`, saved and read back it is the same, and the
//! live totals are `analyse` of it; the drawing index equals one built afresh; no session reference names an item
//! that is not in the hall; and no file on disk changed but by a save the journey made to it. A small
//! expected-state model predicts what some actions must do: Delete removes exactly the selection (with its mounted
//! units and the references to them), a paste lands at the cursor, a nudge undone gives the document back, a save
//! writes the document it was bound to, and keys typed into the search box never change the hall. At the end,
//! undo-all gives the document as it was opened and redo-all gives it back.

mod ui_support;

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clusterplan::analysis::Failure;
use clusterplan::export::ExportFormat;
use clusterplan::model::edit::remove_with_references;
use clusterplan::model::ops::Mounts;
use clusterplan::model::{EquipmentKind, Layout};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::files::{FilePicker, Picked};
use clusterplan::ui::floor_index::FloorIndex;
use clusterplan::ui::jobs::Gate;
use clusterplan::ui::recovery::Recovery;
use clusterplan::ui::view::Prefs;
use egui::{Event, Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// Actions per journey.
const STEPS: usize = 400;

/// Halls of this many items or more have their long jobs on a worker in the journeys (the samples have 101–1,000).
const WORKER_MIN_ITEMS: usize = 200;

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

/// Keys a burst into a text field is made of: editing keys, and the designer's shortcuts.
const BURST_KEYS: [(Modifiers, Key); 16] = [
    (Modifiers::NONE, Key::Backspace),
    (Modifiers::NONE, Key::Delete),
    (Modifiers::NONE, Key::Escape),
    (Modifiers::NONE, Key::R),
    (Modifiers::NONE, Key::A),
    (Modifiers::NONE, Key::O),
    (Modifiers::NONE, Key::V),
    (Modifiers::NONE, Key::ArrowLeft),
    (Modifiers::NONE, Key::ArrowDown),
    (Modifiers::NONE, Key::Num1),
    (Modifiers::NONE, Key::Num3),
    (Modifiers::COMMAND, Key::A),
    (Modifiers::COMMAND, Key::D),
    (Modifiers::COMMAND, Key::Z),
    (Modifiers::COMMAND, Key::X),
    (Modifiers::COMMAND, Key::V),
];

/// File dialogs answered by the journey: each question takes the next answer queued, else Cancel.
#[derive(Clone, Default)]
struct Answers(Arc<Mutex<VecDeque<Picked>>>);

impl Answers {
    fn queue(&self, p: Picked) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push_back(p);
    }

    fn next(&self) -> Picked {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front().unwrap_or(Picked::Cancelled)
    }

    fn clear(&self) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }
}

impl FilePicker for Answers {
    fn pick_open(&mut self, _folder: Option<&Path>) -> Picked {
        self.next()
    }

    fn pick_save(&mut self, _folder: Option<&Path>, _suggested_name: &str) -> Picked {
        self.next()
    }

    fn pick_export(&mut self, _folder: Option<&Path>, _suggested_name: &str, _format: ExportFormat) -> Picked {
        self.next()
    }

    fn pick_device_type(&mut self, _folder: Option<&Path>) -> Picked {
        self.next()
    }
}

struct Journey {
    h: Harness<'static, DesignerApp>,
    rng: Rng,
    /// The document as opened (after its last New / Open / Restore).
    start: Layout,
    generation: u64,
    dir: tempfile::TempDir,
    samples: Vec<PathBuf>,
    answers: Answers,
    /// Every layout file the journey knows and what it must hold: changed only by a save the journey made.
    on_disk: BTreeMap<PathBuf, Vec<u8>>,
    /// The file this action saved to, and the document it was bound to when the save began.
    saving: Option<(PathBuf, Layout)>,
    actions: Vec<&'static str>,
}

/// Copies of the samples in a folder of the journey's own (a journey may save over them).
fn copy_samples(dir: &Path) -> Vec<PathBuf> {
    SAMPLES
        .iter()
        .map(|s| {
            let to = dir.join(s);
            std::fs::copy(sample(s), &to).unwrap_or_else(|e| panic!("{e}"));
            to
        })
        .collect()
}

fn app(recovery: &Path, samples: &[PathBuf], answers: &Answers) -> DesignerApp {
    let mut app = DesignerApp::with_demo(Prefs::default());
    app.prefs.recent = samples.to_vec();
    app.files.picker = Box::new(answers.clone());
    app.work.background_min_items = WORKER_MIN_ITEMS;
    app.use_recovery(Recovery::in_dir(Some(recovery.to_path_buf()), Duration::ZERO));
    app
}

impl Journey {
    fn new(seed: u64) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let samples = copy_samples(dir.path());
        let answers = Answers::default();
        let h = harness(app(&dir.path().join("recovery"), &samples, &answers));
        let start = h.state().doc.layout().clone();
        let generation = h.state().doc.key().generation;
        let on_disk = samples.iter().map(|p| (p.clone(), std::fs::read(p).unwrap_or_default())).collect();
        Self {
            h,
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            start,
            generation,
            dir,
            samples,
            answers,
            on_disk,
            saving: None,
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
        if self.h.state().doc.layout().items.is_empty() {
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

    fn click_label_containing(&mut self, label: &str) -> bool {
        let found = self.h.query_all_by_label_contains(label).next().map(|n| n.click()).is_some();
        if found {
            self.h.run_steps(2);
        }
        found
    }

    /// A file of the journey's own to save to: a sample (its copy), the file the document has, or a new one.
    fn save_target(&mut self) -> PathBuf {
        match self.rng.below(3) {
            0 => self.samples[self.rng.below(self.samples.len())].clone(),
            1 => self.h.state().doc.path().map_or_else(|| self.dir.path().join("new.ron"), Path::to_path_buf),
            _ => self.dir.path().join(format!("saved-{}.ron", self.rng.below(4))),
        }
    }

    /// Answers the unsaved-changes prompt if it is open: Don't save, Cancel, or Save (to a file of its own when the
    /// design has none).
    fn answer_prompt(&mut self) {
        self.answer_prompt_then(None);
    }

    /// Answers the unsaved-changes prompt; `then` is the answer to the file dialog its errand asks next (Open).
    fn answer_prompt_then(&mut self, then: Option<Picked>) {
        if self.h.state().dialogs.unsaved_prompt.is_none() {
            return;
        }
        match self.rng.below(3) {
            0 => {
                if let Some(p) = then {
                    self.answers.queue(p);
                }
                self.click_label("Don't save");
            }
            1 => {
                self.click_label("Cancel");
            }
            _ => {
                let bound = self.h.state().doc.path().map(Path::to_path_buf);
                let target = bound.clone().unwrap_or_else(|| self.save_target());
                if bound.is_none() {
                    self.answers.queue(Picked::Path(target.clone()));
                }
                if let Some(p) = then {
                    self.answers.queue(p);
                }
                self.saving = Some((target, self.h.state().doc.layout().clone()));
                if !self.click_label("Save") {
                    self.click_label("Save as…");
                }
                self.settle_jobs();
                self.answer_prompt_after_save();
            }
        }
        self.answers.clear();
    }

    /// After a Save in the prompt the errand goes ahead (or the prompt asks again): it is answered too.
    fn answer_prompt_after_save(&mut self) {
        if self.h.state().dialogs.unsaved_prompt.is_some() {
            self.click_label("Don't save");
        }
    }

    /// Lets every job and scenario finish and the window take them in.
    fn settle_jobs(&mut self) {
        self.h.state_mut().wait_for_job();
        self.h.state_mut().wait_for_scenario();
        self.h.run_steps(2);
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
        let r = if crowded { 2 } else { self.rng.below(120) };
        let action = match r {
            0..=1 => self.new_hall(),
            2..=3 => self.open_recent(),
            4 => self.generate(),
            5..=9 => self.place(),
            10..=11 => self.tool_drag(Key::A, "array"),
            12 => self.tool_drag(Key::O, "obstacle"),
            13..=24 => self.drag_with_something(),
            25..=29 => self.rotate(false),
            30..=32 => self.rotate(true),
            33..=36 => self.delete(),
            37..=42 => self.copy_paste(),
            43..=45 => self.duplicate(),
            46..=53 => self.inspector_field(),
            54..=56 => {
                self.click_label("Hall");
                self.type_into_a_number_field();
                "hall field"
            }
            57..=59 => self.inspector_name(),
            60..=64 => self.bulk_edit(),
            65..=68 => self.what_if_failure(),
            69..=78 => self.undo_redo(),
            79 => {
                self.restart();
                "restart + restore"
            }
            80..=89 => self.key(),
            90..=94 => {
                let p = self.floor_point();
                click_at(&mut self.h, p);
                "click"
            }
            95..=96 => self.zoom(),
            97 => self.dismiss(),
            98..=101 => self.save(),
            102 => self.open_file(),
            103..=104 => self.text_burst(),
            105..=106 => self.nudge_and_undo(),
            107..=111 => self.present(),
            112..=113 => self.compare(),
            114 => self.expand(),
            115 => self.export(),
            _ => self.keys_while_a_job_runs(),
        };
        self.actions.push(action);
        // An error message is read and closed before the next action, as a user would.
        if self.h.state().dialogs.error.is_some() && self.rng.chance(70) {
            self.click_label("OK");
        }
        // Most of the time the user waits for the work they started; sometimes they go on meanwhile.
        if self.rng.chance(75) {
            self.settle_jobs();
        }
        let generation = self.h.state().doc.key().generation;
        if generation != self.generation {
            self.generation = generation;
            self.start = self.h.state().doc.layout().clone();
        }
    }

    fn new_hall(&mut self) -> &'static str {
        self.h.key_press_modifiers(Modifiers::COMMAND, Key::N);
        self.h.run_steps(2);
        self.answer_prompt();
        "new"
    }

    fn open_recent(&mut self) -> &'static str {
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

    fn open_file(&mut self) -> &'static str {
        let path = self.samples[self.rng.below(self.samples.len())].clone();
        // A dirty hall asks first; the file dialog comes after the answer.
        if !self.h.state().doc.is_dirty() {
            self.answers.queue(Picked::Path(path.clone()));
        }
        self.h.key_press_modifiers(Modifiers::COMMAND, Key::O);
        self.h.run_steps(2);
        self.answer_prompt_then(Some(Picked::Path(path)));
        self.answers.clear();
        "open with the dialog"
    }

    fn generate(&mut self) -> &'static str {
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

    fn expand(&mut self) -> &'static str {
        self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::G);
        self.h.run_steps(2);
        if let Some(d) = self.h.state_mut().dialogs.expand.as_mut() {
            d.gpus = 512;
            d.wait_for_preview();
        }
        self.h.run_steps(2);
        if !self.click_label("Expand") {
            self.click_label("Cancel");
        }
        self.h.state_mut().dialogs.expand = None;
        "expand"
    }

    fn export(&mut self) -> &'static str {
        self.h.key_press_modifiers(Modifiers::COMMAND, Key::E);
        self.h.run_steps(2);
        let (label, ext) = *self.rng.pick(&[("Bill of materials (CSV)", "csv"), ("Report (JSON)", "json")]);
        self.click_label(label);
        let path = self.dir.path().join(format!("export.{ext}"));
        self.answers.queue(Picked::Path(path));
        if !self.click_label("Export…") {
            self.h.key_press(Key::Escape);
            self.h.step();
        }
        self.answers.clear();
        "export"
    }

    fn place(&mut self) -> &'static str {
        let label = *self.rng.pick(&PALETTE);
        if self.click_label(label) {
            let p = self.floor_point();
            click_at(&mut self.h, p);
            self.h.key_press(Key::Escape);
            self.h.step();
        }
        "place"
    }

    fn tool_drag(&mut self, tool: Key, name: &'static str) -> &'static str {
        self.h.key_press(tool);
        self.h.step();
        let (a, b) = (self.floor_point(), self.floor_point());
        drag(&mut self.h, a, b);
        self.h.key_press(Key::Escape);
        self.h.step();
        name
    }

    fn drag_with_something(&mut self) -> &'static str {
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

    fn rotate(&mut self, many: bool) -> &'static str {
        self.select_random(many);
        self.h.key_press(Key::R);
        self.h.run_steps(2);
        if many { "rotate many" } else { "rotate one" }
    }

    /// Delete removes exactly the selection, its mounted units and the references to them.
    fn delete(&mut self) -> &'static str {
        let many = self.rng.chance(20);
        self.select_random(many);
        let app = self.h.state();
        let free = !app.showing_b() && !app.work.holds_edits() && !app.modal_open();
        let predicted = (free && !app.session.selection.is_empty()).then(|| {
            let layout = app.doc.layout();
            let ids = Mounts::of(layout).with_units(app.session.selection.iter().copied());
            let mut expect = layout.clone();
            clusterplan::model::edit::apply(&mut expect, remove_with_references(layout, &ids));
            expect
        });
        self.h.key_press(*self.rng.pick(&[Key::Delete, Key::Backspace]));
        self.h.run_steps(2);
        if let Some(expect) = predicted
            && self.h.state().dialogs.error.is_none()
        {
            assert_eq!(self.h.state().doc.layout().items, expect.items, "Delete removed other than the selection");
        }
        "delete"
    }

    /// Copy (or cut) and paste as the platform delivers them; a paste over the floor lands at the cursor.
    fn copy_paste(&mut self) -> &'static str {
        let many = self.rng.chance(25);
        self.select_random(many);
        let cut = self.rng.chance(25);
        self.h.event(if cut { Event::Cut } else { Event::Copy });
        self.h.run_steps(1);
        let text = copied_text(&self.h);
        let p = self.floor_point();
        self.h.event(Event::PointerMoved(p));
        self.h.step();
        let cursor = self.h.state().canvas.cursor_m;
        let before = self.h.state().doc.layout().items.len();
        // The platform sends the clipboard's text; without any, egui-winit sends nothing at all.
        match text {
            Some(text) => self.h.event(Event::Paste(text)),
            None => self.h.key_press_modifiers(Modifiers::COMMAND, Key::V),
        }
        self.h.run_steps(2);
        let app = self.h.state();
        let layout = app.doc.layout();
        if let Some([x, y]) = cursor
            && layout.items.len() > before
            && app.dialogs.error.is_none()
        {
            let hall = &layout.hall;
            let pasted: Vec<_> = app.session.selection.iter().filter_map(|id| layout.index_of(*id)).collect();
            let min_x = pasted.iter().map(|&i| layout.items[i].x_mm).min();
            let min_y = pasted.iter().map(|&i| layout.items[i].y_mm).min();
            // The copies' corner on the tile edge at or before the cursor.
            let edge = |v: f64| hall.tile_edge_mm((v / hall.tile_m + 1e-9).floor() as i64);
            let at = (edge(x), edge(y));
            if let (Some(min_x), Some(min_y)) = (min_x, min_y)
                && at.0.abs() < 1_000_000_000
                && at.1.abs() < 1_000_000_000
            {
                let (min_x, min_y) = (i64::from(min_x), i64::from(min_y));
                assert_eq!((min_x, min_y), at, "a paste lands at the cursor");
            }
        }
        if cut { "cut / paste" } else { "copy / paste" }
    }

    fn duplicate(&mut self) -> &'static str {
        let many = self.rng.chance(20);
        self.select_random(many);
        self.h.key_press_modifiers(Modifiers::COMMAND, Key::D);
        self.h.run_steps(2);
        "duplicate"
    }

    fn inspector_field(&mut self) -> &'static str {
        self.select_random(false);
        self.click_label("Inspector");
        let refused = self.h.state().refused_edits;
        self.type_into_a_number_field();
        // Every inspector field is limited to what a layout may hold: nothing typed is refused.
        assert_eq!(self.h.state().refused_edits, refused, "an inspector field accepted what the loader refuses");
        "inspector field"
    }

    fn inspector_name(&mut self) -> &'static str {
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

    fn bulk_edit(&mut self) -> &'static str {
        self.select_random(true);
        match self.rng.below(4) {
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

    fn what_if_failure(&mut self) -> &'static str {
        if self.rng.chance(50) {
            self.select_random(false);
        }
        let combo = self.h.query_all_by_label_contains("What-if:").next().map(|n| n.rect());
        if let Some(r) = combo {
            click_at(&mut self.h, r.center());
            let options = [
                "Normal operation",
                "Lose every A-side PDU",
                "Lose every B-side PDU",
                "Lose the selected",
                "Utility outage",
                "Lose one ",
            ];
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

    fn undo_redo(&mut self) -> &'static str {
        let redo = self.rng.chance(35);
        // Sometimes a burst: several presses in one frame, in order.
        let n = if self.rng.chance(20) { 1 + self.rng.below(6) } else { 1 };
        let keys: Vec<(Modifiers, Key)> = (0..n)
            .map(|_| {
                if self.rng.chance(if redo { 65 } else { 35 }) {
                    (Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z)
                } else {
                    (Modifiers::COMMAND, Key::Z)
                }
            })
            .collect();
        burst(&mut self.h, &keys);
        self.h.run_steps(2);
        if redo { "redo" } else { "undo" }
    }

    fn key(&mut self) -> &'static str {
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

    fn zoom(&mut self) -> &'static str {
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

    /// Close whatever dialog is open, as a user would.
    fn dismiss(&mut self) -> &'static str {
        for label in ["Cancel", "OK", "Discard", "Keep the file", "Keep it"] {
            if self.click_label(label) {
                break;
            }
        }
        self.h.key_press(Key::Escape);
        self.h.run_steps(1);
        "dismiss"
    }

    /// Ctrl+S (the design's file, or a name asked for) or Ctrl+Shift+S (a name asked for): the file written holds
    /// the document the save began from.
    fn save(&mut self) -> &'static str {
        let save_as = self.rng.chance(40);
        let bound = self.h.state().doc.path().map(Path::to_path_buf);
        let target = match (&bound, save_as) {
            (Some(p), false) => p.clone(),
            _ => {
                let t = self.save_target();
                self.answers.queue(Picked::Path(t.clone()));
                t
            }
        };
        if self.h.state().modal_open() || self.h.state().showing_b() {
            self.answers.clear();
            return "save (blocked)";
        }
        self.saving = Some((target, self.h.state().doc.layout().clone()));
        if save_as {
            self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
        } else {
            self.h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        }
        self.h.run_steps(2);
        self.settle_jobs();
        self.answers.clear();
        if save_as { "save as" } else { "save" }
    }

    /// Keys typed into the search box, one at a time or all in one frame: the hall never changes.
    fn text_burst(&mut self) -> &'static str {
        if self.h.state().present.presenting || self.h.state().modal_open() {
            return "text burst (no field)";
        }
        let field =
            self.h.query_all_by_role(egui::accesskit::Role::TextInput).map(|n| n.rect()).find(|r| r.center().x < 260.0);
        let Some(field) = field else { return "text burst (no field)" };
        let many = self.rng.chance(50);
        self.select_random(many);
        click_at(&mut self.h, field.center());
        let before = self.h.state().doc.key();
        let n = 1 + self.rng.below(8);
        let keys: Vec<(Modifiers, Key)> = (0..n).map(|_| *self.rng.pick(&BURST_KEYS)).collect();
        self.h.event(Event::Text("x".into()));
        self.h.step();
        if self.rng.chance(50) {
            burst(&mut self.h, &keys);
        } else {
            for k in &keys {
                // Each key alone; after an Escape the field has let go, so the rest would reach the hall.
                if k.1 == Key::Escape {
                    break;
                }
                burst(&mut self.h, &[*k]);
            }
        }
        self.h.run_steps(1);
        assert_eq!(self.h.state().doc.key(), before, "keys typed into the search box changed the hall: {keys:?}");
        self.h.key_press(Key::Escape);
        self.h.step();
        "text burst"
    }

    /// A nudge, undone: the document as it was.
    fn nudge_and_undo(&mut self) -> &'static str {
        self.select_random(false);
        if self.h.state().showing_b() || self.h.state().work.holds_edits() || self.h.state().modal_open() {
            return "nudge + undo (blocked)";
        }
        let before = self.h.state().doc.layout().clone();
        let steps = self.h.state().doc.history().undo_len();
        self.h.key_press(Key::ArrowRight);
        self.h.run_steps(2);
        if self.h.state().doc.history().undo_len() > steps {
            self.h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
            self.h.run_steps(2);
            assert!(self.h.state().doc.layout() == &before, "undo did not give back the document before the nudge");
        }
        "nudge + undo"
    }

    /// Presentation: F11, a what-if slider, the story (fresh or grown), Keep B, the A / B flip.
    fn present(&mut self) -> &'static str {
        if !self.h.state().present.presenting {
            self.h.key_press(Key::F11);
            self.h.run_steps(3);
            return "present";
        }
        match self.rng.below(6) {
            0 => {
                self.h.key_press(Key::F11);
                self.h.run_steps(2);
                "leave presentation"
            }
            1 | 2 => {
                let slider = self.h.query_all_by_role(egui::accesskit::Role::Slider).next().map(|n| n.rect());
                if let Some(r) = slider {
                    // The low end of the GPU slider: small halls.
                    let x = r.left() + 2.0 + self.rng.below(40) as f32;
                    click_at(&mut self.h, Pos2::new(x, r.center().y));
                }
                "what-if slider"
            }
            3 => {
                let step = *self.rng.pick(&["Double: 200k H100…", "Grow: 100k H100 + 50k H200…"]);
                if self.click_label(step) {
                    let how = *self.rng.pick(&["Built fresh", "Grown: your hall"]);
                    if !self.click_label_containing(how) {
                        self.h.key_press(Key::Escape);
                        self.h.step();
                    }
                }
                "story"
            }
            4 => {
                self.click_label("Keep B");
                "keep B"
            }
            _ => {
                self.h.key_press(Key::B);
                self.h.run_steps(2);
                "A / B"
            }
        }
    }

    /// Compare with a sample file, flip to it and back, or close the comparison.
    fn compare(&mut self) -> &'static str {
        match self.rng.below(3) {
            0 => {
                let path = self.samples[self.rng.below(self.samples.len())].clone();
                self.answers.queue(Picked::Path(path));
                self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
                self.h.run_steps(2);
                self.answers.clear();
                "compare with"
            }
            1 => {
                self.h.key_press(Key::B);
                self.h.run_steps(2);
                "A / B"
            }
            _ => {
                self.h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::W);
                self.h.run_steps(2);
                "close comparison"
            }
        }
    }

    /// Something that takes the hall's place on a worker, with keys pressed while it runs: they wait for it.
    fn keys_while_a_job_runs(&mut self) -> &'static str {
        self.h.state_mut().wait_for_job();
        let path = self.samples[self.rng.below(self.samples.len())].clone();
        if self.h.state().modal_open() {
            return "keys during a job (blocked)";
        }
        // The keys go to the hall, not to a text field that may have the keyboard.
        if let Some(id) = self.h.ctx.memory(|m| m.focused()) {
            self.h.ctx.memory_mut(|m| m.surrender_focus(id));
        }
        self.h.run_steps(1);
        // On a worker whatever the file's size, parked at its first stage while the keys are pressed.
        let gate = Gate::new();
        let min_items = self.h.state().work.background_min_items;
        self.h.state_mut().work.gate = Some(gate.clone());
        self.h.state_mut().work.background_min_items = 0;
        self.h.state_mut().open_path(path);
        self.h.state_mut().work.background_min_items = min_items;
        gate.wait_at(0);
        assert!(self.h.state().work.holds_edits(), "the open runs on a worker");
        let keys: Vec<(Modifiers, Key)> = (0..3)
            .map(|_| *self.rng.pick(&[(Modifiers::COMMAND, Key::Z), (Modifiers::NONE, Key::ArrowLeft)]))
            .collect();
        burst(&mut self.h, &keys);
        assert_eq!(self.h.state().work.waiting(), 3, "every press waits for the open");
        gate.open();
        self.h.state_mut().work.gate = None;
        self.settle_jobs();
        assert_eq!(self.h.state().work.waiting(), 0, "the presses ran after the open");
        "keys during a job"
    }

    /// The process ends without saving and starts again: the recovery copies are offered; Restore or Discard.
    fn restart(&mut self) {
        self.h.state_mut().wait_for_job();
        // The designer ends as a crash ends it: its copy stays, its lock goes with the process.
        self.h.state_mut().files.recovery.abandon();
        let restore = self.rng.chance(70);
        let dir = self.dir.path().join("recovery");
        self.h = harness(app(&dir, &self.samples, &self.answers));
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

    /// Files change only by a save the journey made to them, and a saved file holds the document it was bound
    /// to when the save began.
    fn check_files(&mut self, context: &str) {
        if let Some((path, layout)) = self.saving.take() {
            let now = std::fs::read(&path).unwrap_or_default();
            if self.on_disk.get(&path) != Some(&now) && !now.is_empty() {
                let saved = clusterplan::io::load_layout(&path).unwrap_or_else(|e| panic!("{context}: {e}"));
                assert_eq!(saved.items, layout.items, "{context}: {} holds another design", path.display());
                assert_eq!(saved.hall, layout.hall, "{context}");
                self.on_disk.insert(path, now);
            }
        }
        for (path, bytes) in &self.on_disk {
            let now = std::fs::read(path).unwrap_or_default();
            assert!(now == *bytes, "{context}: {} changed without a save to it", path.display());
        }
        // Files saved that the journey did not know yet (a new name) are known from now on.
        for entry in std::fs::read_dir(self.dir.path()).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "ron") && !self.on_disk.contains_key(&p) {
                self.on_disk.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }

    fn finish(&mut self, seed: u64) {
        let ctx = format!("seed {seed}, end");
        self.settle_jobs();
        // Close what is open so the keys reach the hall.
        for _ in 0..3 {
            if self.h.state().modal_open()
                || self.h.state().dialogs.generate.is_some()
                || self.h.state().present.presenting
            {
                for label in ["Cancel", "OK", "Discard", "Keep the file"] {
                    self.click_label(label);
                }
                self.h.key_press(Key::Escape);
                self.h.run_steps(2);
            }
        }
        self.h.state_mut().dialogs.generate = None;
        if self.h.state().showing_b() {
            self.h.key_press(Key::B);
            self.h.run_steps(2);
        }
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

/// The drawing index equals one built afresh, and no session reference names an item that is not in the hall.
fn assert_session_and_index(h: &Harness<'_, DesignerApp>, context: &str) {
    let app = h.state();
    let layout = app.doc.layout();
    let mut fresh = FloorIndex::default();
    fresh.refresh(&app.doc, app.prefs.overlays, &app.session.failure, app.prefs.dark, &app.caches.report);
    assert!(fresh.entries == app.caches.index.entries, "{context}: the drawing index differs from one built afresh");
    for id in &app.session.selection {
        assert!(layout.index_of(*id).is_some(), "{context}: the selection names {id}, not in the hall");
    }
    if let Some(n) = app.session.obstacle {
        assert!(n < layout.hall.obstacles.len(), "{context}: the selected obstacle {n} is gone");
    }
    let of_kind =
        |id, kind| layout.index_of(id).and_then(|i| layout.type_of(&layout.items[i])).map(|t| t.kind) == Some(kind);
    match &app.session.failure {
        Failure::Pdu(id) => assert!(of_kind(*id, EquipmentKind::Pdu), "{context}: the failed PDU {id} is gone"),
        Failure::CoolingUnit(id) => assert!(of_kind(*id, EquipmentKind::Cooling), "{context}: failed unit {id} gone"),
        Failure::UpsSystem(id) => {
            assert!(layout.site.as_ref().and_then(|s| s.system(*id)).is_some(), "{context}: UPS system {id} gone")
        }
        Failure::PlantUnit(bank) => assert!(
            layout.site.as_ref().and_then(|s| bank.of(s)).is_some_and(|b| b.count > 0),
            "{context}: the bank {bank:?} that lost a unit is gone"
        ),
        _ => {}
    }
    if let Some((key, _)) = &app.present.what_if_hall {
        assert_eq!(key.generation, app.doc.key().generation, "{context}: the sliders read another document");
    }
}

/// What the session named before an action, and in which hall.
struct SessionRefs {
    hall: clusterplan::ui::document::HallKey,
    selection: Vec<clusterplan::model::ItemId>,
    failure: Failure,
    gesture_seq: u64,
}

impl SessionRefs {
    fn of(h: &Harness<'_, DesignerApp>) -> Self {
        let app = h.state();
        Self {
            hall: app.doc.hall_key(),
            selection: app.session.selection.iter().copied().collect(),
            failure: app.session.failure.clone(),
            gesture_seq: app.session.gesture_seq,
        }
    }

    /// When another design took the hall's place (ids are reused between halls), nothing the session named in
    /// the old one still names the same ids in the new one, and the inspector's next edit is a step of its own.
    fn ended_with_its_hall(&self, h: &Harness<'_, DesignerApp>, context: &str) {
        let app = h.state();
        let now = app.doc.hall_key();
        if now.generation == self.hall.generation && now.design == self.hall.design {
            return;
        }
        let selection: Vec<_> = app.session.selection.iter().copied().collect();
        assert!(
            self.selection.is_empty() || selection != self.selection,
            "{context}: the selection {selection:?} outlived its hall"
        );
        if matches!(self.failure, Failure::Pdu(_) | Failure::CoolingUnit(_)) {
            assert!(app.session.failure != self.failure, "{context}: the failed unit outlived its hall");
        }
        assert!(app.session.gesture_seq > self.gesture_seq, "{context}: the inspector's gesture outlived its hall");
    }
}

fn journey(seed: u64) {
    let mut j = Journey::new(seed);
    let mut edits = 0;
    for n in 0..STEPS {
        let before = j.h.state().doc.key();
        let session_before = SessionRefs::of(&j.h);
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
        assert_session_and_index(&j.h, &ctx);
        if !j.actions[n].starts_with("restart") {
            // (A restart is a new designer with a session of its own.)
            session_before.ended_with_its_hall(&j.h, &ctx);
        }
        j.check_files(&ctx);
        assert!(
            !j.h.state().doc.in_gesture() || j.h.state().canvas.drag.is_gesture(),
            "{ctx}: a gesture without a drag"
        );
    }
    let mut mix: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &j.actions {
        *mix.entry(a).or_default() += 1;
    }
    println!(
        "seed {seed}: {edits} actions changed the document, {} edits refused, {} undo steps at the end; {mix:?}",
        j.h.state().refused_edits,
        j.h.state().doc.history().undo_len()
    );
    // Refused edits are fine (extreme values typed), but a journey that changed nothing proved nothing.
    assert!(edits >= 40, "seed {seed}: only {edits} actions changed the document");
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
