//! The designer's own file dialog, for when the platform's cannot open (no desktop portal): a folder listing
//! of sub-folders and layout files and a file-name field that has the keyboard when the dialog opens, so a
//! path can be typed and Enter pressed.

use std::path::{Path, PathBuf};

use egui::{Id, Key, Modal, RichText};

use crate::ui::file_flow::purpose::FilePurpose;
use crate::ui::files::with_extension;
use crate::ui::theme;

/// Most entries listed in one folder.
const MAX_ENTRIES: usize = 2_000;

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum FileDialogOutcome {
    /// A file was chosen for the purpose.
    Chosen(FilePurpose, PathBuf),
    /// The dialog was closed.
    Cancelled,
}

/// One line of the listing.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    is_dir: bool,
}

/// The in-app file dialog.
pub struct InAppFileDialog {
    purpose: FilePurpose,
    folder: PathBuf,
    /// The file name (or a whole path) typed or picked.
    pub name: String,
    entries: Vec<Entry>,
    problem: Option<String>,
    focus_name: bool,
    /// The design's own file: saving over it needs no question.
    own: Option<PathBuf>,
    /// An existing file the user chose to save over, waiting for "Replace" (Cancel keeps it).
    replacing: Option<PathBuf>,
}

impl InAppFileDialog {
    /// A dialog for `purpose`, showing `folder` (the current directory when `None`), with `name` filled in;
    /// saving over an existing file other than `own` (the design's file) asks first.
    pub fn new(purpose: FilePurpose, folder: Option<&Path>, name: &str, own: Option<PathBuf>) -> Self {
        let folder = folder
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut d = Self {
            purpose,
            folder,
            name: name.to_owned(),
            entries: Vec::new(),
            problem: None,
            focus_name: true,
            own,
            replacing: None,
        };
        d.list();
        d
    }

    fn saving(&self) -> bool {
        matches!(self.purpose, FilePurpose::Save(_) | FilePurpose::Export(_))
    }

    /// The extension of the files this dialog is for.
    fn extension(&self) -> &'static str {
        match self.purpose {
            FilePurpose::Export(format) => format.extension(),
            FilePurpose::ImportType => "yaml",
            _ => "ron",
        }
    }

    fn list(&mut self) {
        self.entries.clear();
        match std::fs::read_dir(&self.folder) {
            Ok(dir) => {
                for e in dir.flatten().take(MAX_ENTRIES) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                    if name.starts_with('.') || !(is_dir || name.ends_with(&format!(".{}", self.extension()))) {
                        continue;
                    }
                    self.entries.push(Entry { name, is_dir });
                }
                self.entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then(a.name.cmp(&b.name)));
            }
            Err(e) => self.problem = Some(format!("Cannot list {}: {e}", self.folder.display())),
        }
    }

    fn enter(&mut self, folder: PathBuf) {
        self.folder = folder;
        self.problem = None;
        self.list();
    }

    /// The path the typed name means: itself when absolute, else in the shown folder.
    fn target(&self) -> PathBuf {
        let typed = PathBuf::from(self.name.trim());
        if typed.is_absolute() { typed } else { self.folder.join(typed) }
    }

    /// Accepts the typed name when it names a usable file; a folder is entered instead.
    fn confirm(&mut self) -> Option<FileDialogOutcome> {
        if self.name.trim().is_empty() {
            self.problem = Some("Type a file name.".into());
            return None;
        }
        let target = self.target();
        if target.is_dir() {
            self.name.clear();
            self.enter(target);
            return None;
        }
        if self.saving() {
            let target = with_extension(&target, self.extension());
            match target.parent() {
                Some(dir) if dir.as_os_str().is_empty() || dir.is_dir() => {
                    if target.is_file() && self.own.as_ref() != Some(&target) {
                        // Another file is there: it is replaced only when the user says so.
                        self.replacing = Some(target);
                        return None;
                    }
                    Some(FileDialogOutcome::Chosen(self.purpose.clone(), target))
                }
                _ => {
                    self.problem = Some(format!("The folder of {} does not exist.", target.display()));
                    None
                }
            }
        } else if target.is_file() {
            Some(FileDialogOutcome::Chosen(self.purpose.clone(), target))
        } else {
            self.problem = Some(format!("{} is not a file here; pick one from the list.", target.display()));
            None
        }
    }

    /// Asks whether to replace an existing file; the outcome once answered ("Keep it" goes back to the dialog).
    fn replace_ui(&mut self, ctx: &egui::Context, target: PathBuf) -> Option<FileDialogOutcome> {
        let mut outcome = None;
        let response = Modal::new(Id::unique("replace-file")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("Replace the file?");
            let with = match self.purpose {
                FilePurpose::Export(format) => format!("the exported {}", format.describe()),
                _ => "this design".into(),
            };
            ui.label(format!("{} already exists. Replace it with {with}?", target.display()));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace").on_hover_text("Write over the file").clicked() {
                    outcome = Some(FileDialogOutcome::Chosen(self.purpose.clone(), target.clone()));
                }
                if ui.button("Keep it").on_hover_text("Leave the file as it is and choose another name (Esc)").clicked()
                {
                    self.replacing = None;
                    self.focus_name = true;
                }
            });
        });
        if outcome.is_none() && response.should_close() {
            self.replacing = None;
            self.focus_name = true;
        }
        outcome
    }

    /// Draws the dialog; what the user decided, once they have.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<FileDialogOutcome> {
        if let Some(target) = self.replacing.clone() {
            return self.replace_ui(ctx, target);
        }
        let mut outcome = None;
        let title = match self.purpose {
            FilePurpose::Export(format) => format!("Export {}", format.describe()),
            FilePurpose::Save(_) => "Save layout".into(),
            FilePurpose::Open => "Open layout".into(),
            FilePurpose::Compare => "Compare with layout".into(),
            FilePurpose::ImportType => "Import device type".into(),
        };
        let response =
            Modal::new(Id::unique("in-app-file-dialog")).show(ctx, |ui| {
                ui.set_width(560.0);
                ui.heading(title);
                ui.label(
                    RichText::new("No system file dialog is available here; this is clusterplan's own.").weak().small(),
                );
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    if ui.button("Up one folder").on_hover_text("The folder above this one").clicked()
                        && let Some(parent) = self.folder.parent().map(Path::to_path_buf)
                    {
                        self.enter(parent);
                    }
                    ui.label(RichText::new(self.folder.display().to_string()).monospace());
                });
                egui::ScrollArea::vertical().max_height(280.0).auto_shrink([false, true]).show(ui, |ui| {
                    if self.entries.is_empty() {
                        let none = match self.purpose {
                            FilePurpose::Export(format) => {
                                format!("No folders or .{} files here.", format.extension())
                            }
                            _ => "No folders or layout files here.".into(),
                        };
                        ui.label(RichText::new(none).weak());
                    }
                    let mut go = None;
                    for e in &self.entries {
                        let label = if e.is_dir { format!("{}/", e.name) } else { e.name.clone() };
                        let r = ui
                            .selectable_label(!e.is_dir && self.name == e.name, label)
                            .on_hover_text(if e.is_dir { "Open this folder" } else { "Choose this file" });
                        if r.clicked() || r.double_clicked() {
                            go = Some((e.clone(), r.double_clicked()));
                        }
                    }
                    if let Some((e, double)) = go {
                        if e.is_dir {
                            let next = self.folder.join(&e.name);
                            self.enter(next);
                        } else {
                            self.name = e.name;
                            if double {
                                outcome = self.confirm();
                            }
                        }
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label("File name");
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut self.name)
                            .desired_width(380.0)
                            .hint_text("name.ron, or a whole path"),
                    );
                    let edit = edit.on_hover_text("A file name in this folder, or a whole path; Enter to confirm");
                    if self.focus_name {
                        edit.request_focus();
                        self.focus_name = false;
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        outcome = self.confirm();
                        if outcome.is_none() {
                            self.focus_name = true;
                        }
                    }
                });
                if let Some(p) = &self.problem {
                    ui.colored_label(theme::ERROR, p);
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let verb = match self.purpose {
                        FilePurpose::Export(_) => "Export",
                        FilePurpose::Save(_) => "Save",
                        FilePurpose::Open => "Open",
                        FilePurpose::Compare => "Compare",
                        FilePurpose::ImportType => "Import",
                    };
                    if ui.button(verb).on_hover_text(format!("{verb} the file named above (Enter)")).clicked() {
                        outcome = self.confirm();
                    }
                    if ui.button("Cancel").on_hover_text("Close without choosing (Esc)").clicked() {
                        outcome = Some(FileDialogOutcome::Cancelled);
                    }
                });
            });
        if outcome.is_none() && response.should_close() {
            outcome = Some(FileDialogOutcome::Cancelled);
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_become_paths_and_folders_are_entered() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("sub")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("a.ron"), "x").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap_or_else(|e| panic!("{e}"));
        let mut d = InAppFileDialog::new(FilePurpose::Save(None), Some(dir.path()), "hall", None);
        let names: Vec<&str> = d.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["sub", "a.ron"], "folders first, only layouts");
        assert_eq!(d.confirm(), Some(FileDialogOutcome::Chosen(FilePurpose::Save(None), dir.path().join("hall.ron"))));
        d.name = "sub".into();
        assert_eq!(d.confirm(), None);
        assert_eq!(d.folder, dir.path().join("sub"));
        let mut o = InAppFileDialog::new(FilePurpose::Open, Some(dir.path()), "missing.ron", None);
        assert_eq!(o.confirm(), None);
        assert!(o.problem.as_deref().is_some_and(|p| p.contains("is not a file")));
        o.name = dir.path().join("a.ron").display().to_string();
        assert_eq!(o.confirm(), Some(FileDialogOutcome::Chosen(FilePurpose::Open, dir.path().join("a.ron"))));
        // Saving over another file asks first; the design's own file needs no question.
        d.enter(dir.path().to_path_buf());
        d.name = "a.ron".into();
        assert_eq!(d.confirm(), None);
        assert_eq!(d.replacing, Some(dir.path().join("a.ron")));
        let mut own =
            InAppFileDialog::new(FilePurpose::Save(None), Some(dir.path()), "a", Some(dir.path().join("a.ron")));
        assert_eq!(own.confirm(), Some(FileDialogOutcome::Chosen(FilePurpose::Save(None), dir.path().join("a.ron"))));
    }
}
