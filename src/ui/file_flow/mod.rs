//! The file workflow: the unsaved-changes guard before New, Open and Close (naming the file Save writes), the
//! file choosers (native, or the designer's own), Save and Save as, Compare with, restoring recovery copies, and
//! the window's close request. Reading and writing run as jobs (`jobs.rs`).

mod jobs;
pub mod purpose;

use std::path::{Path, PathBuf};

pub use purpose::{AfterConfirm, ConfirmChoice, FilePurpose};

use super::app::DesignerApp;
use super::canvas::Drag;
use super::command::Command;
use super::compare::Comparison;
use super::dialogs::{ErrorMessage, InAppFileDialog, UnsavedPrompt};
use super::document::Document;
use super::files::Picked;
use super::view::SideTab;
use crate::export::ExportFormat;
use crate::io::load_layout;
use crate::model::Layout;

impl DesignerApp {
    /// The file workflow's commands.
    pub(super) fn run_file_command(&mut self, command: Command) {
        match command {
            Command::Open(path) => self.guard(AfterConfirm::Open(Some(path))),
            Command::FileChosen(purpose, path) => self.file_chosen(purpose, path),
            Command::Confirmed(choice) => {
                if let Some(prompt) = self.dialogs.unsaved_prompt.take() {
                    match choice {
                        ConfirmChoice::Save => self.save(Some(prompt.next)),
                        ConfirmChoice::Discard => self.proceed(prompt.next),
                        ConfirmChoice::Cancel => {}
                    }
                }
            }
            Command::Recover(choice) => self.recover(choice),
            Command::ExportChosen(choice) => {
                self.dialogs.export = None;
                self.files.export_choice = choice;
                self.pick(FilePurpose::Export(choice.format));
            }
            Command::CloseRequested => self.close_requested(),
            _ => {}
        }
    }

    /// The window's close button: refused while a job reads or writes a file (it finishes or is cancelled
    /// first); with unsaved changes, the prompt asks first.
    fn close_requested(&mut self) {
        let ctx = self.window.ctx.clone();
        if let Some(job) = &self.work.job {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.session.status = format!("Not closed: {} is running — wait for it or Cancel it (Esc)", job.title);
            return;
        }
        if self.doc.is_dirty() && !self.window.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.dialogs.unsaved_prompt.is_none() {
                self.dialogs.unsaved_prompt = Some(self.unsaved_prompt(AfterConfirm::Close));
            }
        }
    }

    fn unsaved_prompt(&self, next: AfterConfirm) -> UnsavedPrompt {
        UnsavedPrompt { next, name: self.doc.display_name().to_owned(), file: self.doc.path().map(Path::to_path_buf) }
    }

    /// Runs `next` now, or after the unsaved-changes prompt when the document is dirty.
    pub fn guard(&mut self, next: AfterConfirm) {
        self.doc.cancel_gesture();
        self.canvas.drag = Drag::None;
        if self.doc.is_dirty() {
            self.dialogs.unsaved_prompt = Some(self.unsaved_prompt(next));
        } else {
            self.proceed(next);
        }
    }

    /// Runs an action the unsaved-changes prompt cleared.
    pub(super) fn proceed(&mut self, next: AfterConfirm) {
        if let (Some(job), AfterConfirm::New) = (&self.work.job, &next) {
            self.session.status = format!("Busy: {} — wait for it or Cancel it (Esc) first", job.title);
            return;
        }
        match next {
            AfterConfirm::New => {
                self.doc = Document::new(Layout::empty("Untitled hall", 40.0, 30.0), None);
                self.session.status = "New hall".into();
            }
            AfterConfirm::Open(Some(path)) => self.open_path(path),
            AfterConfirm::Open(None) => self.pick(FilePurpose::Open),
            AfterConfirm::Close => {
                self.window.allow_close = true;
                self.window.close_window = true;
            }
        }
    }

    /// A folder to start file dialogs in: the document's, else the last file's.
    fn start_folder(&self) -> Option<PathBuf> {
        self.doc
            .path()
            .or(self.prefs.recent.first().map(PathBuf::as_path))
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// Asks for a file for `purpose`: the native dialog, or the designer's own when that cannot open.
    pub(super) fn pick(&mut self, purpose: FilePurpose) {
        let folder = self.start_folder();
        let name = self.doc.suggested_file_name();
        let picker = &mut self.files.picker;
        let picked = match &purpose {
            FilePurpose::Open | FilePurpose::Compare => picker.pick_open(folder.as_deref()),
            FilePurpose::ImportType => picker.pick_device_type(folder.as_deref()),
            FilePurpose::Save(_) => picker.pick_save(folder.as_deref(), &name),
            FilePurpose::Export(format) => picker.pick_export(
                folder.as_deref(),
                &export_file_name(&name, *format, self.files.export_choice.sheet),
                *format,
            ),
        };
        match picked {
            Picked::Path(path) => self.file_chosen(purpose, path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                if !self.files.told_no_native_dialog {
                    self.session.status = "No system file dialog is available here: using clusterplan's own".into();
                    self.files.told_no_native_dialog = true;
                }
                let name = match &purpose {
                    FilePurpose::Save(_) => name,
                    FilePurpose::Export(format) => export_file_name(&name, *format, self.files.export_choice.sheet),
                    FilePurpose::Open | FilePurpose::Compare | FilePurpose::ImportType => String::new(),
                };
                // The in-app dialog asks before replacing any file but the design's own, when saving it.
                let own =
                    matches!(purpose, FilePurpose::Save(_)).then(|| self.doc.path().map(Path::to_path_buf)).flatten();
                self.dialogs.file_dialog = Some(InAppFileDialog::new(purpose, folder.as_deref(), &name, own));
            }
        }
    }

    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::Export(format) => self.export_to(&path, format),
            FilePurpose::Open => self.open_path(path),
            FilePurpose::Compare => self.open_compare(path),
            FilePurpose::ImportType => self.import_type(&path),
            FilePurpose::Save(then) => self.save_to(path, then),
        }
    }

    /// Reads a devicetype-library file and opens Import device type on it; a file refused says why (file, line,
    /// field) and nothing changes.
    pub fn import_type(&mut self, path: &Path) {
        match crate::io::devicetype::read_device_type(path) {
            Ok(device) => {
                self.dialogs.import_type =
                    Some(super::dialogs::ImportTypeDialog::new(path.display().to_string(), device));
            }
            Err(e) => {
                self.dialogs.error = Some(ErrorMessage {
                    title: "Device type not imported".into(),
                    text: format!(
                        "{e}\n\nA device type is a NetBox devicetype-library file (device-types/MAKER/MODEL.yaml). \
                         Nothing was changed."
                    ),
                });
            }
        }
    }

    /// The edit adding an imported type to the design's catalog (one undo step), its label and what the status
    /// bar says once it is done.
    pub(in crate::ui) fn add_imported_type(
        &mut self,
        ty: crate::model::EquipmentType,
    ) -> (String, crate::model::edit::Edit, String) {
        let mut layout = self.doc.layout().clone();
        let (id, name) = (ty.id.clone(), ty.name.clone());
        let ty_is_switch = ty.switch.is_some();
        layout.catalog.types.push(ty);
        layout.catalog = crate::model::Catalog::new(std::mem::take(&mut layout.catalog.types));
        let use_it = if ty_is_switch {
            " — choose it for a network rack in the Inspector, or as the fabric switch in the Hall tab"
        } else {
            ""
        };
        let status = format!("Added device type {id} ({name}) to the catalog{use_it}");
        (format!("Import device type {id}"), crate::model::edit::Edit::SetLayout(Box::new(layout)), status)
    }

    /// Saves the design to its file (then does `then`), or — a new design, never saved — asks for a file first.
    pub(super) fn save(&mut self, then: Option<AfterConfirm>) {
        match self.doc.path().map(Path::to_path_buf) {
            Some(path) => self.save_to(path, then),
            None => self.pick(FilePurpose::Save(then)),
        }
    }

    /// Opens a layout read-only to compare with; the Compare tab shows the two.
    pub fn open_compare(&mut self, path: PathBuf) {
        match load_layout(&path) {
            Ok(layout) => {
                let c = Comparison::of_file(layout, path);
                self.session.status = format!("Comparing with {} — B shows it on the canvas", c.name());
                self.present.b = Some(c);
                self.present.waiting = None;
                self.prefs.tab = SideTab::Compare;
            }
            Err(e) => {
                self.dialogs.error = Some(ErrorMessage {
                    title: "Could not open the file to compare".into(),
                    text: format!("{e}\n\nThe current hall stays open."),
                });
            }
        }
    }

    /// The recovery offer was answered: restore copy `choice` as unsaved work (the others stay for the next
    /// start), or discard every copy.
    fn recover(&mut self, choice: Option<usize>) {
        let Some(prompt) = self.dialogs.recovery_offer.take() else { return };
        let Some(n) = choice else {
            for info in &prompt.copies {
                self.files.recovery.discard(info);
            }
            return;
        };
        let Some(info) = prompt.copies.get(n) else { return };
        match self.files.recovery.load(info) {
            Ok(layout) => {
                self.doc = Document::unsaved(layout, info.original_path.clone());
                // This designer keeps the work from now on: its own copy is written, then the old one goes.
                self.files.recovery.adopt(info, &self.doc);
                self.session.status = "Restored unsaved work".into();
            }
            Err(e) => {
                self.dialogs.error = Some(ErrorMessage {
                    title: "Could not restore".into(),
                    text: format!("Could not restore the unsaved work.\n\n{e}\n\nThe copy is kept."),
                });
            }
        }
    }
}

/// The name an export is offered under: `hall-plan.pdf`, `hall-bom.csv`, `hall-report.json`.
fn export_file_name(layout_name: &str, format: ExportFormat, sheet: crate::export::SheetKind) -> String {
    use crate::export::SheetKind;
    let stem = layout_name.strip_suffix(".ron").unwrap_or(layout_name);
    let what = match (format, sheet) {
        (ExportFormat::Csv, _) => "bom",
        (ExportFormat::Json, _) => "report",
        (ExportFormat::Html, _) => "customer-report",
        (ExportFormat::Netbox, _) => "netbox",
        (_, SheetKind::Pack) => "pack",
        (_, SheetKind::PackSheet(_)) => "pack-sheet",
        (_, SheetKind::PowerChain) => "power-chain",
        (_, SheetKind::Timeline) => "timeline",
        (_, SheetKind::Plan) => "plan",
    };
    format!("{}-{what}.{}", if stem.is_empty() { "hall" } else { stem }, format.extension())
}
