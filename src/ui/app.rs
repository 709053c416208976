//! The designer application: owns the document, the view state and the caches, and routes every action.
//!
//! Per frame: input on the canvas is handled first (so the numbers drawn this frame already include the edit),
//! then the report is refreshed if the document changed, then panels and the canvas are drawn.

use std::collections::HashSet;
use std::path::PathBuf;

use egui::{Rect, ViewportCommand};

use super::actions::Action;
use super::dialogs::{Confirm, GenerateDialog};
use super::document::{Document, merge_builtin_types};
use super::files::{FilePicker, NativeDialogs};
use super::view::{Tool, ViewState};
use crate::analysis::{Failure, Report, analyse_with};
use crate::io::{load_layout, parse_layout, save_layout};
use crate::model::edit::{Edit, remove_with_references};
use crate::model::{Item, ItemId, Layout};

/// Key of the view state in eframe's storage.
pub const VIEW_KEY: &str = "clusterplan.view";

/// The demo hall the designer opens with.
pub const DEMO_LAYOUT: &str = include_str!("../../layouts/demo.ron");

/// The report and what the canvas derives from it, for one document revision and failure.
#[derive(Default)]
pub struct Cache {
    revision: u64,
    failure: Failure,
    /// The live report.
    pub report: Report,
    /// Items in an invalid place (overlap, outside the hall, on an obstacle).
    pub invalid: HashSet<ItemId>,
    /// Utilisation of each PDU and cooling unit in the report's scenario.
    pub utilisation: std::collections::HashMap<ItemId, f64>,
}

impl Cache {
    /// The document revision the report is for.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn refresh(&mut self, doc: &Document, failure: &Failure) {
        if self.revision == doc.revision && self.failure == *failure {
            return;
        }
        self.report = analyse_with(&doc.layout, failure);
        self.invalid = self
            .report
            .warnings
            .iter()
            .filter(|w| matches!(w.code, "overlap" | "outside-hall" | "on-obstacle"))
            .flat_map(|w| w.items.iter().copied())
            .collect();
        self.utilisation = self
            .report
            .power
            .pdus
            .iter()
            .map(|p| (p.id, p.utilisation()))
            .chain(self.report.cooling.units.iter().map(|u| (u.id, u.utilisation())))
            .collect();
        self.revision = doc.revision;
        self.failure = failure.clone();
    }
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug)]
pub enum AfterConfirm {
    /// Start an empty hall.
    New,
    /// Open a file (ask for one when `None`).
    Open(Option<PathBuf>),
    /// Close the window.
    Close,
}

/// The designer.
pub struct DesignerApp {
    /// The document.
    pub doc: Document,
    /// View state.
    pub view: ViewState,
    /// Report and derived data.
    pub cache: Cache,
    /// The canvas gesture in progress.
    pub(super) gesture: super::canvas::Gesture,
    /// Where the canvas was last frame.
    pub(super) canvas_rect: Option<Rect>,
    /// Footprints and colours for drawing, rebuilt when the document or colouring changes.
    pub(super) floor_index: super::floor_index::FloorIndex,
    /// Items drawn this frame (reused between frames).
    pub(super) visible_buf: Vec<(usize, Rect)>,
    /// Copied items.
    pub(super) clipboard: Vec<Item>,
    /// Native or test file dialogs.
    pub files: Box<dyn FilePicker>,
    /// The unsaved-changes prompt, when open.
    pub confirm: Option<Confirm>,
    /// An error to show, when any.
    pub error: Option<String>,
    /// The generate dialog, when open.
    pub generate: Option<GenerateDialog>,
    /// The shortcuts window.
    pub show_shortcuts: bool,
    /// Close even with unsaved changes (the user chose "Don't save").
    pub(super) allow_close: bool,
    /// Close the window at the end of this frame.
    pub close_window: bool,
    /// Counts pointer releases and focus changes: inspector edits within one gesture merge into one step.
    pub(super) gesture_seq: u64,
    /// Last title sent to the window.
    title_sent: String,
    /// One-line status (last action).
    pub status: String,
    /// The crash-recovery copy.
    pub recovery: super::recovery::Recovery,
    /// A recovery copy from an earlier run, offered at start.
    pub recovery_offer: Option<super::recovery::RecoveryInfo>,
}

impl DesignerApp {
    /// The designer on a layout.
    pub fn new(layout: Layout, path: Option<PathBuf>, view: ViewState) -> Self {
        Self {
            doc: Document::new(layout, path),
            view,
            cache: Cache::default(),
            gesture: super::canvas::Gesture::None,
            canvas_rect: None,
            floor_index: Default::default(),
            visible_buf: Vec::new(),
            clipboard: Vec::new(),
            files: Box::new(NativeDialogs),
            confirm: None,
            error: None,
            generate: None,
            show_shortcuts: false,
            allow_close: false,
            close_window: false,
            gesture_seq: 0,
            title_sent: String::new(),
            status: String::new(),
            recovery: super::recovery::Recovery::in_dir(None, super::recovery::RECOVERY_INTERVAL),
            recovery_offer: None,
        }
    }

    /// The designer on the embedded demo hall.
    pub fn with_demo(view: ViewState) -> Self {
        let layout = match parse_layout(DEMO_LAYOUT, std::path::Path::new("demo.ron")) {
            Ok(l) => l,
            // `tests/samples.rs` loads this file; failing here is a build defect.
            Err(e) => panic!("embedded demo hall is invalid: {e}"),
        };
        let mut app = Self::new(layout, None, view);
        app.view.fit_pending = true;
        app
    }

    /// Created by eframe: restores the view state, opens `file` (or the demo hall).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let restored: Option<ViewState> = cc.storage.and_then(|s| eframe::get_value(s, VIEW_KEY));
        // Keep the saved camera only when showing the same document it looked at.
        let same_document = restored.as_ref().is_some_and(|v| v.camera_file == file);
        let view = restored.unwrap_or_default();
        cc.egui_ctx.set_theme(if view.dark { egui::Theme::Dark } else { egui::Theme::Light });
        let mut app = Self::with_demo(view);
        if let Some(path) = file {
            app.open_path(path);
        }
        app.view.fit_pending = !same_document;
        app.use_recovery(super::recovery::Recovery::platform());
        app
    }

    /// Keeps recovery copies with `recovery`, and offers one left by an earlier run.
    pub fn use_recovery(&mut self, recovery: super::recovery::Recovery) {
        self.recovery_offer = recovery.find();
        self.recovery = recovery;
    }

    /// Replaces the document with the recovery copy (unsaved, with its original file).
    pub fn restore_recovery(&mut self) {
        let path = self.recovery_offer.take().and_then(|i| i.original_path);
        match self.recovery.load() {
            Ok(layout) => {
                self.replace_document(layout, path);
                // Restored work is unsaved work.
                self.doc.revision += 1;
                self.status = "Restored unsaved work".into();
            }
            Err(e) => self.error = Some(format!("Could not restore the unsaved work.\n\n{e}")),
        }
    }

    /// Where the canvas is on screen (after the first frame).
    pub fn canvas_rect(&self) -> Option<Rect> {
        self.canvas_rect
    }

    /// The screen position of a floor point (metres), after the first frame.
    pub fn screen_of(&self, x_m: f64, y_m: f64) -> Option<egui::Pos2> {
        self.canvas_rect.map(|r| self.view.camera.to_screen(r.min, x_m, y_m))
    }

    /// The report for the current document (refreshed if stale).
    pub fn report(&mut self) -> &Report {
        self.cache.refresh(&self.doc, &self.view.failure);
        &self.cache.report
    }

    /// Applies an edit as one undoable step and refreshes the numbers.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) {
        self.doc.apply(label, edit);
        self.after_change();
    }

    pub(super) fn after_change(&mut self) {
        let layout = &self.doc.layout;
        self.view.selection.retain(|id| layout.index_of(*id).is_some());
        self.cache.refresh(&self.doc, &self.view.failure);
    }

    /// The whole UI; `eframe::App::ui` calls this, and so do the tests and benches.
    pub fn ui_body(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);
        if ctx.input(|i| i.pointer.any_released() || i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Tab)) {
            self.gesture_seq += 1;
        }
        self.handle_shortcuts(&ctx);
        // Canvas input first, so this frame's numbers include this frame's edit.
        if let Some(rect) = self.canvas_rect {
            self.canvas_input(ui, rect);
        }
        self.cache.refresh(&self.doc, &self.view.failure);

        self.menu_bar_ui(ui);
        self.toolbar_ui(ui);
        self.totals_bar_ui(ui);
        self.palette_panel_ui(ui);
        self.side_panel_ui(ui);
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            self.canvas_rect = Some(rect);
            if self.view.fit_pending {
                self.zoom_to_fit(rect);
                self.view.fit_pending = false;
            }
            self.canvas_paint(ui, rect);
        });
        self.dialogs_ui(&ctx);
        self.cache.refresh(&self.doc, &self.view.failure);
        if self.recovery_offer.is_none() {
            self.recovery.tick(&ctx, &self.doc);
        }

        let title = self.doc.title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if let Some(path) = dropped.into_iter().next() {
            self.guard(AfterConfirm::Open(Some(path)));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm = Some(Confirm::new(AfterConfirm::Close));
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.confirm.is_some() || self.error.is_some() {
            return;
        }
        let typing = ctx.text_edit_focused();
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for action in Action::ALL {
                if typing
                    && (action.is_plain_key()
                        || matches!(
                            action,
                            Action::Undo | Action::Redo | Action::Copy | Action::Paste | Action::SelectAll
                        ))
                {
                    continue;
                }
                if action.shortcuts().iter().any(|s| i.consume_shortcut(s)) {
                    fired.push(action);
                }
            }
        });
        for action in fired {
            self.run_action(ctx, action);
        }
    }

    /// Runs a user action (from a menu, button or key).
    pub fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guard(AfterConfirm::New),
            Action::Open => self.guard(AfterConfirm::Open(None)),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.save_as();
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => {
                if self.doc.undo() {
                    self.status = "Undone".into();
                    self.after_change();
                }
            }
            Action::Redo => {
                if self.doc.redo() {
                    self.status = "Redone".into();
                    self.after_change();
                }
            }
            Action::Delete => self.delete_selection(),
            Action::Duplicate => self.duplicate_selection(),
            Action::Copy => {
                self.clipboard = self.selected_items();
                self.status = format!("Copied {} item(s)", self.clipboard.len());
            }
            Action::Paste => self.paste(),
            Action::Rotate => self.rotate_selection(),
            Action::SelectAll => self.view.selection = self.doc.layout.items.iter().map(|i| i.id).collect(),
            Action::Escape => {
                self.view.selection.clear();
                self.view.tool = Tool::Select;
                self.gesture = super::canvas::Gesture::None;
            }
            Action::NudgeLeft => self.nudge(-1, 0),
            Action::NudgeRight => self.nudge(1, 0),
            Action::NudgeUp => self.nudge(0, -1),
            Action::NudgeDown => self.nudge(0, 1),
            Action::NudgeLeftFar => self.nudge(-10, 0),
            Action::NudgeRightFar => self.nudge(10, 0),
            Action::NudgeUpFar => self.nudge(0, -10),
            Action::NudgeDownFar => self.nudge(0, 10),
            Action::ZoomToFit => self.view.fit_pending = true,
            Action::ZoomIn | Action::ZoomOut => {
                if let Some(rect) = self.canvas_rect {
                    let factor = if action == Action::ZoomIn { 1.25 } else { 0.8 };
                    self.view.camera.zoom_at(rect.min, rect.center(), factor);
                }
            }
            Action::ToolSelect => self.view.tool = Tool::Select,
            Action::ToolArray => self.view.tool = Tool::Array,
            Action::OverlayFeeds => self.view.overlays.feeds = !self.view.overlays.feeds,
            Action::OverlayFabric => self.view.overlays.fabric = !self.view.overlays.fabric,
            Action::OverlayHeat => self.view.overlays.heat = !self.view.overlays.heat,
            Action::GenerateHall => self.generate = Some(GenerateDialog::default()),
            Action::ToggleTheme => {
                self.view.dark = !self.view.dark;
                ctx.set_theme(if self.view.dark { egui::Theme::Dark } else { egui::Theme::Light });
            }
            Action::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
        }
    }

    /// Runs `next` now, or after the unsaved-changes prompt when the document is dirty.
    pub fn guard(&mut self, next: AfterConfirm) {
        if self.doc.is_dirty() {
            self.confirm = Some(Confirm::new(next));
        } else {
            self.proceed(next);
        }
    }

    /// Runs an action the prompt cleared.
    pub(super) fn proceed(&mut self, next: AfterConfirm) {
        match next {
            AfterConfirm::New => {
                self.replace_document(Layout::empty("Untitled hall", 40.0, 30.0), None);
                self.status = "New hall".into();
            }
            AfterConfirm::Open(Some(path)) => self.open_path(path),
            AfterConfirm::Open(None) => {
                if let Some(path) = self.files.pick_open() {
                    self.open_path(path);
                }
            }
            AfterConfirm::Close => {
                self.allow_close = true;
                self.close_window = true;
            }
        }
    }

    fn replace_document(&mut self, layout: Layout, path: Option<PathBuf>) {
        self.doc = Document::new(layout, path);
        self.view.selection.clear();
        self.view.tool = Tool::Select;
        self.view.failure = Failure::None;
        self.view.fit_pending = true;
        self.gesture = super::canvas::Gesture::None;
        self.cache = Cache::default();
        self.cache.refresh(&self.doc, &self.view.failure);
    }

    /// Opens a file; on error shows it and keeps the current document.
    pub fn open_path(&mut self, path: PathBuf) {
        match load_layout(&path) {
            Ok(layout) => {
                self.status = format!("Opened {}", path.display());
                self.view.push_recent(path.clone());
                self.replace_document(layout, Some(path));
            }
            Err(e) => self.error = Some(format!("Could not open the file. The current hall stays open.\n\n{e}")),
        }
    }

    /// Saves to the document's file, or asks for one. True when saved.
    pub fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(path) => self.save_to(path),
            None => self.save_as(),
        }
    }

    /// Asks for a file and saves to it. True when saved.
    pub fn save_as(&mut self) -> bool {
        let suggested = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| format!("{}.ron", self.doc.display_name()), |n| n.to_string_lossy().into_owned());
        match self.files.pick_save(&suggested) {
            Some(path) => self.save_to(path),
            None => false,
        }
    }

    fn save_to(&mut self, path: PathBuf) -> bool {
        match save_layout(&self.doc.layout, &path) {
            Ok(()) => {
                self.status = format!("Saved {}", path.display());
                self.view.push_recent(path.clone());
                self.doc.mark_saved(path);
                true
            }
            Err(e) => {
                self.error = Some(format!("Could not save. Nothing was lost: the previous file is unchanged.\n\n{e}"));
                false
            }
        }
    }

    /// Replaces the layout with a generated one as an undoable step.
    pub fn use_generated(&mut self, mut layout: Layout) {
        merge_builtin_types(&mut layout);
        let label = format!("Generate {}", layout.name);
        self.apply(label, Edit::SetLayout(Box::new(layout)));
        self.view.selection.clear();
        self.view.fit_pending = true;
    }

    /// The selected items, in id order.
    pub fn selected_items(&self) -> Vec<Item> {
        let layout = &self.doc.layout;
        self.view.selection.iter().filter_map(|id| layout.index_of(*id).map(|i| layout.items[i].clone())).collect()
    }

    /// Changes every selected item with `change` as one step.
    pub fn edit_selection(&mut self, label: &str, change: impl Fn(&mut Item)) {
        let mut items = self.selected_items();
        if items.is_empty() {
            return;
        }
        for item in &mut items {
            change(item);
        }
        let n = items.len();
        self.apply(format!("{label} {n} item(s)"), Edit::Replace(items));
    }

    /// Rotates each selected item 90° clockwise about its own centre (snapped to tiles).
    fn rotate_selection(&mut self) {
        let layout = &self.doc.layout;
        let tile = layout.hall.tile_m;
        let mut items = self.selected_items();
        for item in &mut items {
            let Some(ty) = layout.type_of(item) else { continue };
            let before = item.footprint_m(ty);
            let centre = item.origin_m(tile) + before * 0.5;
            item.rot = item.rot.next();
            let after = item.footprint_m(ty);
            let origin = centre - after * 0.5;
            item.x = (origin.x / tile).round() as i32;
            item.y = (origin.y / tile).round() as i32;
        }
        let n = items.len();
        if n > 0 {
            self.apply(format!("Rotate {n} item(s)"), Edit::Replace(items));
        }
    }

    fn nudge(&mut self, dx: i32, dy: i32) {
        self.edit_selection("Nudge", |item| {
            item.x += dx;
            item.y += dy;
        });
    }

    fn delete_selection(&mut self) {
        let ids: Vec<ItemId> = self.view.selection.iter().copied().collect();
        if ids.is_empty() {
            return;
        }
        let edit = remove_with_references(&self.doc.layout, &ids);
        self.apply(format!("Delete {} item(s)", ids.len()), edit);
        self.view.selection.clear();
    }

    /// Copies of `items` with fresh ids, shifted by (dx, dy) tiles; references between copied items follow
    /// the copies, references to others are kept.
    pub fn copies(&self, items: &[Item], dx: i32, dy: i32) -> Vec<Item> {
        let first = self.doc.layout.next_id().0;
        let map: std::collections::HashMap<ItemId, ItemId> =
            items.iter().enumerate().map(|(n, i)| (i.id, ItemId(first + n as u32))).collect();
        let remap = |r: Option<ItemId>| r.map(|id| map.get(&id).copied().unwrap_or(id));
        items
            .iter()
            .map(|i| {
                let mut c = i.clone();
                c.id = map[&i.id];
                c.x += dx;
                c.y += dy;
                c.feed_a = remap(c.feed_a);
                c.feed_b = remap(c.feed_b);
                c.cooling = remap(c.cooling);
                c
            })
            .collect()
    }

    fn insert_and_select(&mut self, label: String, items: Vec<Item>) {
        let ids: Vec<ItemId> = items.iter().map(|i| i.id).collect();
        self.apply(label, Edit::Insert(items));
        self.view.selection = ids.into_iter().collect();
    }

    fn duplicate_selection(&mut self) {
        let items = self.selected_items();
        if items.is_empty() {
            return;
        }
        let (min_x, max_x) = self.tile_span(&items);
        let copies = self.copies(&items, max_x - min_x, 0);
        self.insert_and_select(format!("Duplicate {} item(s)", copies.len()), copies);
    }

    fn paste(&mut self) {
        if self.clipboard.is_empty() {
            return;
        }
        let items = self.clipboard.clone();
        let min_x = items.iter().map(|i| i.x).min().unwrap_or(0);
        let min_y = items.iter().map(|i| i.y).min().unwrap_or(0);
        let tile = self.doc.layout.hall.tile_m;
        let (dx, dy) = match self.view.cursor_m {
            Some([x, y]) => ((x / tile).floor() as i32 - min_x, (y / tile).floor() as i32 - min_y),
            None => (2, 2),
        };
        let copies = self.copies(&items, dx, dy);
        self.insert_and_select(format!("Paste {} item(s)", copies.len()), copies);
    }

    /// The tile columns a set of items spans (min, max exclusive).
    fn tile_span(&self, items: &[Item]) -> (i32, i32) {
        let tile = self.doc.layout.hall.tile_m;
        let mut span = (i32::MAX, i32::MIN);
        for i in items {
            let w = self.doc.layout.type_of(i).map_or(1, |t| (i.footprint_m(t).x / tile - 1e-9).ceil() as i32);
            span.0 = span.0.min(i.x);
            span.1 = span.1.max(i.x + w);
        }
        span
    }

    /// Selects items and centres the view on them.
    pub fn select_and_centre(&mut self, ids: &[ItemId]) {
        self.view.selection = ids.iter().copied().collect();
        let layout = &self.doc.layout;
        let rects: Vec<_> = ids
            .iter()
            .filter_map(|id| layout.index_of(*id))
            .filter_map(|i| crate::analysis::geometry::item_rect(layout, &layout.items[i]))
            .collect();
        if let (Some(rect), false) = (self.canvas_rect, rects.is_empty()) {
            let min = rects.iter().fold([f64::MAX; 2], |m, r| [m[0].min(r.min.x), m[1].min(r.min.y)]);
            let max = rects.iter().fold([f64::MIN; 2], |m, r| [m[0].max(r.max.x), m[1].max(r.max.y)]);
            let zoom = self.view.camera.zoom;
            self.view.camera.fit(min, max, rect.size());
            // Do not zoom in past where the user was unless the items need it.
            self.view.camera.zoom = self.view.camera.zoom.min(zoom.max(20.0));
            let centre = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
            let z = self.view.camera.zoom;
            self.view.camera.origin_m =
                [centre[0] - f64::from(rect.width()) / z / 2.0, centre[1] - f64::from(rect.height()) / z / 2.0];
        }
    }

    fn zoom_to_fit(&mut self, rect: Rect) {
        let hall = &self.doc.layout.hall;
        self.view.camera.fit([0.0, 0.0], [hall.width_m, hall.depth_m], rect.size());
    }
}

impl eframe::App for DesignerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_body(ui);
        if self.close_window {
            self.close_window = false;
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.view.camera_file = self.doc.path.clone();
        eframe::set_value(storage, VIEW_KEY, &self.view);
    }

    fn on_exit(&mut self) {
        // A clean close: the user saved or chose to discard, so the recovery copy has done its job.
        self.recovery.clear();
    }
}
