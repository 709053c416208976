//! The designer application: owns the document, preferences, session state, caches and dialogs.
//!
//! A frame: keys, clipboard events and canvas input become commands, which [`DesignerApp::run_commands`]
//! applies at once (so the numbers drawn this frame include this frame's edit); then the panels, canvas and
//! dialogs draw from read-only state and push commands, applied at the end of the frame. Nothing else changes
//! the document.

use std::path::PathBuf;

use egui::ViewportCommand;

use super::cache::Cache;
use super::canvas::{CanvasState, FloorCanvas};
use super::command::Command;
use super::compare::Comparison;
use super::dialogs::{
    ErrorMessage, ExpandDialog, ExpandOutcome, ExportChoice, ExportDialog, ExportOutcome, GenerateDialog,
    InAppFileDialog, RecoveryPrompt, UnsavedPrompt,
};
use super::document::Document;
use super::files::{FilePicker, NativeDialogs};
use super::floor_index::FloorIndex;
use super::panels::{self, PanelCtx};
use super::recovery::{RECOVERY_INTERVAL, Recovery};
use super::theme;
use super::view::{Prefs, Session};
use crate::analysis::Report;
use crate::io::parse_layout;
use crate::model::{Item, Layout};

/// Key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "clusterplan.prefs";

/// The demo hall the designer opens with.
pub const DEMO_LAYOUT: &str = include_str!("../../layouts/demo.ron");

/// The designer.
pub struct DesignerApp {
    /// The document.
    pub doc: Document,
    /// Preferences (saved between runs).
    pub prefs: Prefs,
    /// Session state (this run only).
    pub session: Session,
    /// Report and derived data, for the document's current state.
    pub cache: Cache,
    /// The canvas's camera and drag.
    pub canvas: CanvasState,
    /// Footprints and colours for drawing, for the document's current state.
    pub floor_index: FloorIndex,
    /// Copied items (also put on the system clipboard as text).
    pub(super) clipboard: Vec<Item>,
    /// Native or test file dialogs.
    pub files: Box<dyn FilePicker>,
    /// The designer's own file dialog, when the native one could not open.
    pub file_dialog: Option<InAppFileDialog>,
    /// The user was told the native file dialog is unavailable.
    pub(super) told_no_native_dialog: bool,
    /// The unsaved-changes prompt, when open.
    pub unsaved_prompt: Option<UnsavedPrompt>,
    /// An error to show, when any.
    pub error: Option<ErrorMessage>,
    /// The generate dialog, when open.
    pub generate: Option<GenerateDialog>,
    /// The layout compared with (B), when one is open.
    pub compare: Option<Comparison>,
    /// The expand dialog, when open.
    pub expand: Option<ExpandDialog>,
    /// The export dialog, when open.
    pub export: Option<ExportDialog>,
    /// The last export's choice (what, overlay, colours), the next one's starting point.
    pub export_choice: ExportChoice,
    /// Close even with unsaved changes (the user chose "Don't save").
    pub(super) allow_close: bool,
    /// Close the window at the end of this frame.
    pub close_window: bool,
    /// Last title sent to the window.
    title_sent: String,
    /// The theme last applied to egui.
    theme_applied: Option<bool>,
    /// The crash-recovery copy.
    pub recovery: Recovery,
    /// A recovery copy from an earlier run, offered at start.
    pub recovery_offer: Option<RecoveryPrompt>,
    /// Edits refused because their result could not have been saved and read back.
    pub refused_edits: u64,
    /// Presentation scenarios (what-if, Colossus story) being built.
    pub scenarios: super::scenario::Scenarios,
    /// The long job running (open, save, export, taking in a generated hall), when one is.
    pub job: Option<super::jobs::Job>,
    /// Halls of at least this many items have their long jobs done on a worker thread (tests set 0).
    pub background_min_items: usize,
    /// The egui context, for workers to wake the window when they finish.
    pub(super) egui_ctx: Option<egui::Context>,
    /// The file opened at start whose saved camera the view keeps when its open finishes (on a worker).
    pub(super) keep_camera_for: Option<PathBuf>,
    /// Where to write the canvas geometry for scripts ([`GEOMETRY_ENV`]), and what was written last.
    geometry: Option<(std::path::PathBuf, String)>,
}

/// When this variable names a file, the designer writes the canvas's place and camera there whenever they
/// change — `x0 y0 x1 y1 origin_x_m origin_y_m zoom pixels_per_point` — so a script driving the real window
/// (`.ci/journeys.sh`) can aim at floor coordinates.
pub const GEOMETRY_ENV: &str = "CLUSTERPLAN_GEOMETRY";

impl DesignerApp {
    /// The designer on a layout.
    pub fn new(layout: Layout, path: Option<PathBuf>, prefs: Prefs) -> Self {
        let mut canvas = CanvasState::default();
        canvas.camera = prefs.camera;
        canvas.fit_pending = true;
        Self {
            doc: Document::new(layout, path),
            prefs,
            session: Session::default(),
            cache: Cache::default(),
            canvas,
            floor_index: FloorIndex::default(),
            clipboard: Vec::new(),
            files: Box::new(NativeDialogs::default()),
            file_dialog: None,
            told_no_native_dialog: false,
            unsaved_prompt: None,
            error: None,
            generate: None,
            export: None,
            expand: None,
            compare: None,
            export_choice: ExportChoice::default(),
            allow_close: false,
            close_window: false,
            title_sent: String::new(),
            theme_applied: None,
            recovery: Recovery::in_dir(None, RECOVERY_INTERVAL),
            recovery_offer: None,
            refused_edits: 0,
            job: None,
            scenarios: super::scenario::Scenarios::default(),
            background_min_items: super::jobs::BACKGROUND_MIN_ITEMS,
            egui_ctx: None,
            keep_camera_for: None,
            geometry: None,
        }
    }

    /// The designer on the embedded demo hall.
    pub fn with_demo(prefs: Prefs) -> Self {
        let layout = match parse_layout(DEMO_LAYOUT, std::path::Path::new("demo.ron")) {
            Ok(l) => l,
            // `tests/samples.rs` loads this file; failing here is a build defect.
            Err(e) => panic!("embedded demo hall is invalid: {e}"),
        };
        Self::new(layout, None, prefs)
    }

    /// Created by eframe: restores the preferences, opens `file` (or the demo hall).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let restored: Option<Prefs> = cc.storage.and_then(|s| eframe::get_value(s, PREFS_KEY));
        // Keep the saved camera only when showing the same document it looked at.
        let same_document = restored.as_ref().is_some_and(|p| p.camera_file == file);
        let mut app = Self::with_demo(restored.unwrap_or_default());
        app.egui_ctx = Some(cc.egui_ctx.clone());
        app.session.show_welcome = !app.prefs.seen_welcome;
        if let Some(path) = file {
            if same_document {
                app.keep_camera_for = Some(path.clone());
            }
            app.open_path(path);
        }
        app.canvas.fit_pending = !same_document;
        app.use_recovery(Recovery::platform());
        app.geometry = std::env::var_os(GEOMETRY_ENV).map(|p| (p.into(), String::new()));
        app
    }

    /// Keeps recovery copies with `recovery`, and offers one left by an earlier run.
    pub fn use_recovery(&mut self, recovery: Recovery) {
        self.recovery_offer = recovery.find().map(|info| RecoveryPrompt { info });
        self.recovery = recovery;
    }

    /// The report for the current document (refreshed if stale).
    pub fn report(&mut self) -> &Report {
        self.cache.refresh(&self.doc, &self.session.failure);
        self.cache.report()
    }

    /// The screen position of a floor point (metres), after the first frame.
    pub fn screen_of(&self, x_m: f64, y_m: f64) -> Option<egui::Pos2> {
        self.canvas.screen_of(x_m, y_m)
    }

    /// True while a modal dialog is open: it has the keyboard and the pointer, nothing behind it reacts.
    pub fn modal_open(&self) -> bool {
        self.error.is_some()
            || self.unsaved_prompt.is_some()
            || self.recovery_offer.is_some()
            || self.file_dialog.is_some()
            || self.export.is_some()
    }

    /// The canvas widget over this frame's state.
    fn floor_canvas(&mut self) -> FloorCanvas<'_> {
        if let Some(b) = self.compare.as_ref().filter(|c| c.showing_b) {
            return FloorCanvas {
                doc: &b.doc,
                cache: &b.cache,
                index: &b.index,
                session: &b.session,
                prefs: &self.prefs,
                state: &mut self.canvas,
            };
        }
        FloorCanvas {
            doc: &self.doc,
            cache: &self.cache,
            index: &self.floor_index,
            session: &self.session,
            prefs: &self.prefs,
            state: &mut self.canvas,
        }
    }

    /// Brings the report and the floor index up to the document's current state (each frame starts with it;
    /// public for the benches).
    pub fn refresh_caches(&mut self) {
        self.cache.refresh(&self.doc, &self.session.failure);
        self.floor_index.refresh(&self.doc, self.prefs.overlays, &self.session.failure, self.prefs.dark, &self.cache);
        if let Some(b) = &mut self.compare {
            b.refresh(&self.prefs, &self.session.failure);
        }
    }

    /// True while the canvas shows the compared layout (B), which nothing may edit.
    pub fn showing_b(&self) -> bool {
        self.compare.as_ref().is_some_and(|c| c.showing_b)
    }

    /// The whole UI; `eframe::App::ui` calls this, and so do the tests and benches.
    pub fn ui_body(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.theme_applied != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark { egui::Theme::Dark } else { egui::Theme::Light });
            self.theme_applied = Some(self.prefs.dark);
        }

        if self.egui_ctx.is_none() {
            self.egui_ctx = Some(ctx.clone());
        }
        if let Some(b) = self.scenarios.poll(Some(&ctx)) {
            self.session.status = format!("Showing B: {} — press B for A", b.name());
            // A B larger than the view is brought into it (F fits both halls).
            let (now, hall) = (self.compare.as_ref().map(|c| &c.doc.layout().hall), &b.doc.layout().hall);
            let (a, before) = (&self.doc.layout().hall, now.unwrap_or(&self.doc.layout().hall));
            if hall.width_m > before.width_m.max(a.width_m) || hall.depth_m > before.depth_m.max(a.depth_m) {
                self.canvas.fit_pending = true;
            }
            self.compare = Some(b);
        } else if let Some(problem) = &self.scenarios.problem
            && self.compare.as_ref().is_some_and(super::compare::Comparison::is_scenario)
        {
            // B no longer matches the sliders: it goes, so no tile shows a hall the settings do not describe.
            // The problem stays under the sliders until they change.
            self.session.status = problem.clone();
            self.compare = None;
        }
        self.follow_hall_with_sliders();
        // Input first: keys, clipboard, canvas. Applied at once, so this frame shows its result.
        self.refresh_caches();
        let mut commands = Vec::new();
        self.collect_input(&ctx, &mut commands);
        if !self.modal_open()
            && let Some(rect) = self.canvas.rect
        {
            let before = commands.len();
            self.floor_canvas().input(ui, rect, &mut commands);
            if self.showing_b() {
                // B is read-only: the canvas may pan and zoom (its own state), not select or edit.
                let mut from_canvas = commands.split_off(before);
                from_canvas.retain(|c| matches!(c, Command::Status(_)));
                commands.extend(from_canvas);
            }
        }
        self.run_commands(&ctx, commands);
        self.refresh_caches();

        // Then everything drawn from read-only state.
        let mut commands = Vec::new();
        {
            let pc = PanelCtx {
                doc: &self.doc,
                cache: &self.cache,
                prefs: &self.prefs,
                session: &self.session,
                can_paste: !self.clipboard.is_empty(),
                compare: self.compare.as_ref(),
            };
            if self.session.presenting {
                panels::kpi_tiles_ui(ui, &pc);
                panels::present_controls_ui(
                    ui,
                    &pc,
                    self.scenarios.busy(),
                    self.scenarios.problem.as_deref(),
                    &mut commands,
                );
            } else {
                panels::menu_bar_ui(ui, &pc, &mut commands);
                panels::toolbar_ui(ui, &pc, &mut commands);
                panels::totals_bar_ui(ui, &pc, &mut commands);
                panels::palette_panel_ui(ui, &pc, &mut commands);
                panels::side_panel_ui(ui, &pc, &mut commands);
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            self.canvas.rect = Some(rect);
            if let Some(fitted) = self.canvas.fit_check.take()
                && fitted != rect
            {
                self.canvas.fit_pending = true;
            }
            if self.canvas.fit_pending {
                // With a B open, both halls fit: A and B share the camera, so switching keeps the whole of either
                // in view.
                let hall = &self.doc.layout().hall;
                let (mut width_m, mut depth_m) = (hall.width_m, hall.depth_m);
                if let Some(b) = &self.compare {
                    width_m = width_m.max(b.doc.layout().hall.width_m);
                    depth_m = depth_m.max(b.doc.layout().hall.depth_m);
                }
                let legend =
                    if self.prefs.legend { self.canvas.legend_size.or(Some(egui::vec2(250.0, 160.0))) } else { None };
                self.canvas.fit_hall(rect, width_m, depth_m, legend);
                self.canvas.fit_pending = false;
                self.canvas.fit_check = Some(rect);
                ctx.request_repaint();
            }
            self.floor_canvas().paint(ui, rect);
            if let Some(b) = self.compare.as_ref().filter(|c| c.showing_b) {
                // Say plainly which hall is on the canvas.
                let dark = self.prefs.dark;
                let name = b.name();
                let name =
                    if name.chars().count() > 36 { name.chars().take(35).collect::<String>() + "…" } else { name };
                let text = format!("B  {name} · read-only · B for A");
                let font = egui::FontId::proportional(15.0);
                let galley = ui.painter().layout_no_wrap(text, font, theme::ink(dark));
                let at = rect.left_top() + egui::vec2(12.0, 10.0);
                let plate = egui::Rect::from_min_size(at, galley.size()).expand2(egui::vec2(8.0, 4.0));
                ui.painter().rect_filled(plate, 4.0, theme::plate(dark));
                ui.painter().rect_stroke(
                    plate,
                    4.0,
                    egui::Stroke::new(1.5, theme::selection(dark)),
                    egui::StrokeKind::Outside,
                );
                ui.painter().galley(at, galley, theme::ink(dark));
            }
        });
        self.dialogs_ui(&ctx, &mut commands);
        self.job_ui(&ctx);
        let edited = !commands.is_empty();
        if edited {
            self.run_commands(&ctx, commands);
        }
        // A job's outcome is taken after the frame drew its progress, so a job is always seen running.
        let busy = self.job.is_some();
        if busy {
            self.poll_job(Some(&ctx));
        }
        if edited || (busy && self.job.is_none()) {
            self.refresh_caches();
            ctx.request_repaint();
        }

        if self.recovery_offer.is_none() {
            self.recovery.tick(&ctx, &self.doc);
        }
        self.write_geometry(&ctx);
        let title = self.doc.title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// Writes the canvas geometry for scripts when it changed (best effort: a script that cannot read it fails
    /// on its own).
    fn write_geometry(&mut self, ctx: &egui::Context) {
        let (Some((path, last)), Some(r)) = (self.geometry.as_mut(), self.canvas.rect) else { return };
        let c = self.canvas.camera;
        let now = format!(
            "{} {} {} {} {} {} {} {}\n",
            r.min.x,
            r.min.y,
            r.max.x,
            r.max.y,
            c.origin_m[0],
            c.origin_m[1],
            c.zoom,
            ctx.pixels_per_point()
        );
        if now != *last {
            let _ = std::fs::write(path, now.as_bytes());
            *last = now;
        }
    }

    /// Draws whichever dialogs are open; their outcomes become commands.
    fn dialogs_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        use super::dialogs::{FileDialogOutcome, GenerateOutcome};
        if let Some(prompt) = &self.recovery_offer
            && let Some(restore) = prompt.show(ctx)
        {
            out.push(Command::Recover(restore));
        }
        if let Some(prompt) = &self.unsaved_prompt
            && let Some(choice) = prompt.show(ctx)
        {
            out.push(Command::Confirmed(choice));
        }
        if let Some(dialog) = &mut self.file_dialog
            && let Some(outcome) = dialog.show(ctx)
        {
            self.file_dialog = None;
            if let FileDialogOutcome::Chosen(purpose, path) = outcome {
                out.push(Command::FileChosen(purpose, path));
            }
        }
        if let Some(message) = &self.error
            && message.show(ctx)
        {
            out.push(Command::DismissError);
        }
        if let Some(dialog) = &mut self.expand {
            dialog.track(self.doc.key(), self.doc.layout(), self.cache.report());
            dialog.units = self.prefs.units;
            match dialog.show(ctx) {
                Some(ExpandOutcome::Apply(layout)) => out.push(Command::UseExpanded(layout)),
                Some(ExpandOutcome::Close) => out.push(Command::CloseExpand),
                None => {}
            }
        }
        if let Some(dialog) = &mut self.export {
            match dialog.show(ctx) {
                Some(ExportOutcome::Export(choice)) => out.push(Command::ExportChosen(choice)),
                Some(ExportOutcome::Close) => out.push(Command::CloseExport),
                None => {}
            }
        }
        if let Some(dialog) = &mut self.generate {
            match dialog.show(ctx) {
                Some(GenerateOutcome::Create(layout)) => out.push(Command::UseGenerated(layout)),
                Some(GenerateOutcome::Close) => out.push(Command::CloseGenerate),
                None => {}
            }
        }
        if self.session.show_welcome && !super::dialogs::welcome_ui(ctx, &self.prefs, out) {
            out.push(Command::CloseWelcome);
        }
        if self.session.show_shortcuts && !super::dialogs::shortcuts_ui(ctx) {
            out.push(Command::Action(super::actions::Action::ShowShortcuts));
        }
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
        self.prefs.camera = self.canvas.camera;
        self.prefs.camera_file = self.doc.path().map(std::path::Path::to_path_buf);
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        // A clean close: the user saved or chose to discard, so the recovery copy has done its job.
        self.recovery.clear();
    }
}
