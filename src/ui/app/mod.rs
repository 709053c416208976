//! The designer application, in named parts: the document; preferences and session (the view state); the caches
//! drawn from; the canvas's state; the dialogs; the background work (jobs, the command inbox, edits waiting for a
//! job); the presentation (what-if settings, scenarios and B); the file workflow's tools (file choosers, recovery);
//! and the window glue.
//!
//! A frame (`frame.rs`): what arrived from workers and the window becomes commands and runs; keys, clipboard
//! events and canvas input become commands and run at once (so the numbers drawn this frame include this
//! frame's edit); then the panels, canvas and dialogs draw from read-only state and push commands, run at the
//! end of the frame. [`DesignerApp::run_commands`] (`run/`) is the only code that changes the document, the
//! session or the preferences.

mod dialogs;
mod frame;
mod window;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use super::cache::Cache;
use super::canvas::CanvasState;
use super::command::{Command, CommandSender};
use super::compare::Comparison;
use super::dialogs::{
    ErrorMessage, ExpandDialog, ExportChoice, ExportDialog, GenerateDialog, InAppFileDialog, RecoveryPrompt,
    UnsavedPrompt,
};
use super::document::{DocKey, Document};
use super::files::{FilePicker, NativeDialogs};
use super::floor_index::FloorIndex;
use super::jobs::{Gate, Job};
use super::recovery::{RECOVERY_INTERVAL, Recovery};
use super::scenario::Scenarios;
use super::view::{Prefs, Session, SideTab};
use crate::analysis::{Failure, Report};
use crate::generate::what_if::WhatIf;
use crate::io::parse_layout;
use crate::model::{Item, Layout};

pub use window::GEOMETRY_ENV;
use window::WindowGlue;

/// Key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "clusterplan.prefs";

/// The demo hall the designer opens with.
pub const DEMO_LAYOUT: &str = include_str!("../../../layouts/demo.ron");

/// The report and what the canvas draws from, for the document's current state (ephemeral).
#[derive(Default)]
pub struct Caches {
    /// The live report and per-item facts.
    pub report: Cache,
    /// Footprints and colours for drawing and hit-testing.
    pub index: FloorIndex,
    /// The phases' figures and each item's phase.
    pub phases: crate::ui::cache::PhasesCache,
}

/// The dialogs and windows, each owning its state; `None` / `false` when closed.
#[derive(Default)]
pub struct Dialogs {
    /// An error to show.
    pub error: Option<ErrorMessage>,
    /// The unsaved-changes prompt.
    pub unsaved_prompt: Option<UnsavedPrompt>,
    /// The offer of recovery copies from earlier runs.
    pub recovery_offer: Option<RecoveryPrompt>,
    /// The designer's own file dialog, when the native one could not open.
    pub file_dialog: Option<InAppFileDialog>,
    /// Tools › Generate hall.
    pub generate: Option<GenerateDialog>,
    /// Tools › Expand hall.
    pub expand: Option<ExpandDialog>,
    /// File › Export.
    pub export: Option<ExportDialog>,
    /// File › Import device type (or a .yaml dropped on the window).
    pub import_type: Option<super::dialogs::ImportTypeDialog>,
    /// The welcome (first run, Help › Getting started).
    pub show_welcome: bool,
    /// The keyboard shortcuts.
    pub show_shortcuts: bool,
}

impl Dialogs {
    /// True while Generate or Expand is open: not modal (the hall behind stays in view and can be clicked), but
    /// they have the keyboard.
    pub fn tool_dialog_open(&self) -> bool {
        self.generate.is_some() || self.expand.is_some()
    }

    /// True while a modal dialog is open: it has the keyboard and the pointer, nothing behind it reacts.
    pub fn modal_open(&self) -> bool {
        self.error.is_some()
            || self.unsaved_prompt.is_some()
            || self.recovery_offer.is_some()
            || self.file_dialog.is_some()
            || self.export.is_some()
            || self.import_type.is_some()
    }
}

/// Work off the UI thread and the commands it sends back.
pub struct Work {
    /// The long job running (open, save, export, taking in a hall), when one is.
    pub job: Option<Job>,
    /// Halls of at least this many items have their long jobs done on a worker thread (tests set 0).
    pub background_min_items: usize,
    /// A test's hold on workers (each stage parks until released); `None` in use.
    pub gate: Option<Gate>,
    pub(super) sender: CommandSender,
    pub(super) inbox: Receiver<Command>,
    /// Commands a job done at once has ended with, run next.
    pub(super) ready: VecDeque<Command>,
    /// Edits that arrived while a job taking the hall's place ran: they run after it, in order.
    pub(super) waiting: VecDeque<Command>,
    /// The hall on screen when the first of them arrived.
    pub(super) waiting_on: Option<super::document::HallKey>,
    pub(super) next_job: u64,
    /// Job workers started that have not reported yet (a cancelled one still reports that it stopped).
    pub(super) outstanding: std::collections::BTreeSet<u64>,
}

impl Default for Work {
    fn default() -> Self {
        let (tx, inbox) = channel();
        Self {
            job: None,
            background_min_items: super::jobs::BACKGROUND_MIN_ITEMS,
            gate: None,
            sender: CommandSender::new(tx, None),
            inbox,
            ready: VecDeque::new(),
            waiting: VecDeque::new(),
            waiting_on: None,
            next_job: 1,
            outstanding: std::collections::BTreeSet::new(),
        }
    }
}

impl Work {
    /// True while a job whose outcome replaces the hall runs: edits wait for it.
    pub fn holds_edits(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.needs_same_document)
    }

    /// Edits waiting for the running job.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

/// Presentation mode and B: the what-if settings, the scenario being built, and the hall compared with.
#[derive(Default)]
pub struct Presentation {
    /// The hall and big figures fill the window.
    pub presenting: bool,
    /// The what-if settings (the sliders).
    pub what_if: WhatIf,
    /// What the sliders read from the hall and the document state they read it from. While presenting, the
    /// sliders start from the hall and follow it when an edit or undo changes what they describe; a new hall
    /// clears it.
    pub what_if_hall: Option<(DocKey, WhatIf)>,
    /// Scenarios (what-if, story) being built.
    pub scenarios: Scenarios,
    /// B: the layout compared with, a file or a scenario.
    pub b: Option<Comparison>,
    /// A scenario that arrived while a compared file is B, waiting for the user to let it take B's place.
    pub waiting: Option<Comparison>,
}

impl Presentation {
    /// True while the canvas shows B, which nothing may edit.
    pub fn showing_b(&self) -> bool {
        self.b.as_ref().is_some_and(|c| c.showing_b)
    }
}

/// The file workflow's tools: choosers, the recovery copy, the export's last choice.
pub struct Files {
    /// Native or test file choosers.
    pub picker: Box<dyn FilePicker>,
    /// This designer's crash-recovery copy.
    pub recovery: Recovery,
    /// The last export's choice (what, overlay, colours), the next one's starting point.
    pub export_choice: ExportChoice,
    /// The user was told the native file dialog is unavailable.
    pub(super) told_no_native_dialog: bool,
    /// The file opened at start whose saved camera the view keeps when its open finishes (on a worker).
    pub(super) keep_camera_for: Option<PathBuf>,
}

impl Default for Files {
    fn default() -> Self {
        Self {
            picker: Box::new(NativeDialogs::default()),
            recovery: Recovery::disabled(RECOVERY_INTERVAL),
            export_choice: ExportChoice::default(),
            told_no_native_dialog: false,
            keep_camera_for: None,
        }
    }
}

/// The designer.
pub struct DesignerApp {
    /// The document.
    pub doc: Document,
    /// Preferences (saved between runs).
    pub prefs: Prefs,
    /// Session state (this run only).
    pub session: Session,
    /// Report and derived data, for the document's current state.
    pub caches: Caches,
    /// The canvas's camera and drag.
    pub canvas: CanvasState,
    /// Dialogs and windows.
    pub dialogs: Dialogs,
    /// Background work.
    pub work: Work,
    /// Presentation mode and B.
    pub present: Presentation,
    /// File choosers, recovery.
    pub files: Files,
    /// Copied items (also put on the system clipboard as text).
    pub(super) clipboard: Vec<Item>,
    /// Edits refused because their result could not have been saved and read back.
    pub refused_edits: u64,
    pub(super) window: WindowGlue,
}

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
            caches: Caches::default(),
            canvas,
            dialogs: Dialogs::default(),
            work: Work::default(),
            present: Presentation::default(),
            files: Files::default(),
            clipboard: Vec::new(),
            refused_edits: 0,
            window: WindowGlue::default(),
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
        // Keep the saved camera only when opening the same file it looked at (the demo hall, or an untitled hall
        // it looked at last time, is fitted).
        let same_document = file.is_some() && restored.as_ref().is_some_and(|p| p.camera_file == file);
        let mut app = Self::with_demo(restored.unwrap_or_default());
        app.window.attach(&cc.egui_ctx, &mut app.work);
        app.dialogs.show_welcome = !app.prefs.seen_welcome;
        if let Some(path) = file {
            if same_document {
                app.files.keep_camera_for = Some(path.clone());
            }
            app.open_path(path);
        }
        app.canvas.fit_pending = !same_document;
        app.use_recovery(Recovery::platform());
        app.window.geometry = std::env::var_os(GEOMETRY_ENV).map(|p| (p.into(), String::new()));
        app
    }

    /// Keeps recovery copies with `recovery`, and offers those other designers left behind.
    pub fn use_recovery(&mut self, recovery: Recovery) {
        let found = recovery.find();
        self.dialogs.recovery_offer = (!found.is_empty()).then_some(RecoveryPrompt { copies: found });
        self.files.recovery = recovery;
    }

    /// The report for the current document (refreshed if stale).
    pub fn report(&mut self) -> &Report {
        self.caches.report.refresh(&self.doc, &self.session.failure);
        self.caches.report.report()
    }

    /// The screen position of a floor point (metres), after the first frame.
    pub fn screen_of(&self, x_m: f64, y_m: f64) -> Option<egui::Pos2> {
        self.canvas.screen_of(x_m, y_m)
    }

    /// True while a modal dialog is open: it has the keyboard and the pointer, nothing behind it reacts.
    pub fn modal_open(&self) -> bool {
        self.dialogs.modal_open() || self.present.waiting.is_some()
    }

    /// True while the canvas shows the compared layout (B), which nothing may edit.
    pub fn showing_b(&self) -> bool {
        self.present.showing_b()
    }

    /// Brings the report and the floor index up to the document's current state (each frame starts with it;
    /// public for the benches).
    pub fn refresh_caches(&mut self) {
        let failure = &self.session.failure;
        self.caches.report.refresh(&self.doc, failure);
        self.caches.index.refresh(&self.doc, self.prefs.overlays, failure, self.prefs.dark, &self.caches.report);
        let phases_wanted = matches!(self.prefs.tab, SideTab::Phases | SideTab::Compare)
            || self.session.phase.is_some()
            || self.present.presenting;
        let wake = |ctx: &egui::Context| {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        self.caches.phases.refresh(&self.doc, phases_wanted, wake(&self.window.ctx));
        if let Some(b) = &mut self.present.b {
            b.refresh(&self.prefs, failure);
            b.phases.refresh(&b.doc, self.prefs.tab == SideTab::Compare, wake(&self.window.ctx));
        }
    }

    /// The failure the report is computed under (normal operation unless a what-if is chosen).
    pub fn failure(&self) -> &Failure {
        &self.session.failure
    }
}

impl eframe::App for DesignerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_body(ui);
        if self.window.close_window {
            self.window.close_window = false;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // What is written: the preferences with the camera and the file it shows (the view's own state), read
        // here rather than changed.
        let prefs = Prefs {
            camera: self.canvas.camera,
            camera_file: self.doc.path().map(std::path::Path::to_path_buf),
            ..self.prefs.clone()
        };
        eframe::set_value(storage, PREFS_KEY, &prefs);
    }

    fn on_exit(&mut self) {
        // A clean close — the work is saved, or the user chose not to save it — ends this designer's recovery
        // copy (other designers' copies are theirs). Any other end (the session closing the window regardless)
        // keeps it, to be offered at the next start.
        if !self.doc.is_dirty() || self.window.allow_close {
            self.files.recovery.clear();
        }
        self.files.recovery.release();
    }
}
