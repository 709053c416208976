//! Reading and writing files as jobs (on a worker for a large hall): open, save, export — and what their
//! outcomes do when they arrive.

use std::path::{Path, PathBuf};

use super::super::app::DesignerApp;
use super::super::dialogs::ErrorMessage;
use super::super::document::{Document, SaveMark};
use super::super::jobs::{Analysed, JobOutcome, WRITING, analysed};
use super::AfterConfirm;
use crate::export::{ExportFormat, PlanOptions, SheetKind};
use crate::format::counted;
use crate::io::{check_layout, load_layout, save_layout};

/// Files at least this large are read on a worker (a 5,000-item layout is about 1.5 MB).
const BACKGROUND_MIN_FILE_BYTES: u64 = 1_500_000;

impl DesignerApp {
    /// Opens a file as the document, reading and analysing it off the UI thread when it is large; on error
    /// shows it and keeps the current document.
    pub fn open_path(&mut self, path: PathBuf) {
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        let background = self.work.background_min_items == 0 || size >= BACKGROUND_MIN_FILE_BYTES;
        let name = file_name(&path);
        self.start_job(
            format!("Opening {name}"),
            &["Reading the file", "Analysing the hall"],
            true,
            background,
            move |steps| {
                steps.stage(0)?;
                match load_layout(&path) {
                    Ok(layout) => Ok(JobOutcome::Opened { path, hall: analysed(layout, steps, 1)? }),
                    Err(e) => Ok(JobOutcome::Failed {
                        title: "Could not open the file".into(),
                        text: format!("{e}\n\nThe current hall stays open."),
                    }),
                }
            },
        );
    }

    /// Writes the layout to `path` — only a layout that will open again — then does `then`. The state written is
    /// the one when the save started; edits made while a large hall is written leave the document unsaved.
    pub fn save_to(&mut self, path: PathBuf, then: Option<AfterConfirm>) {
        self.doc.cancel_gesture();
        let layout = self.doc.layout().clone();
        let mark = self.doc.save_mark();
        let background = self.in_background(layout.items.len());
        let name = file_name(&path);
        self.start_job(format!("Saving {name}"), &["Checking the layout", WRITING], false, background, move |steps| {
            steps.stage(0)?;
            if let Err(e) = check_layout(&layout) {
                return Ok(JobOutcome::Failed {
                    title: "Not saved".into(),
                    text: format!(
                        "The layout has a value it could not be opened again with:\n\n{e}\n\nChange it and \
                         save again; nothing was written, {} is unchanged.",
                        path.display()
                    ),
                });
            }
            steps.stage(1)?;
            Ok(match save_layout(&layout, &path) {
                Ok(()) => JobOutcome::Saved { path, then, mark },
                Err(e) => JobOutcome::Failed {
                    title: "Not saved".into(),
                    text: format!("Could not save. Nothing was lost: the previous file is unchanged.\n\n{e}"),
                },
            })
        });
    }

    /// Exports the document (in normal operation, whatever the what-if) to `path` with the code
    /// `clusterplan export` runs: the plan with the export dialog's overlay and colours, the BOM or the report. The
    /// format chosen wins (as `--format` on the command line); a file name ending in another format's extension,
    /// or in a layout's (`.ron`), is refused rather than written with the wrong contents.
    pub(in crate::ui) fn export_to(&mut self, path: &Path, format: ExportFormat) {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
            self.dialogs.error = Some(ErrorMessage {
                title: "Not exported".into(),
                text: format!(
                    "{} is a layout file name (.ron): an export never replaces a layout. Nothing was written: \
                     export again and name the file .{}.",
                    path.display(),
                    format.extension()
                ),
            });
            return;
        }
        if let Some(other) = ExportFormat::from_path(path).filter(|f| *f != format) {
            self.dialogs.error = Some(ErrorMessage {
                title: "Not exported".into(),
                text: format!(
                    "{} ends in .{}, but {} was chosen. Nothing was written: export again and name the file \
                     .{} (or choose {}).",
                    path.display(),
                    other.extension(),
                    format.describe(),
                    format.extension(),
                    other.describe()
                ),
            });
            return;
        }
        let layout = self.doc.layout().clone();
        let opts = PlanOptions {
            overlay: self.files.export_choice.overlay,
            dark: self.files.export_choice.dark,
            units: self.prefs.units,
            file: self.doc.path().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()),
            date: crate::export::plan::today(),
            sheet: self.files.export_choice.sheet,
        };
        // The HTML report compares with B when one is open (a file or a scenario).
        let b =
            (format == ExportFormat::Html).then(|| self.present.b.as_ref().map(|c| c.doc.layout().clone())).flatten();
        let background = self.in_background(layout.items.len() + b.as_ref().map_or(0, |b| b.items.len()));
        let path = path.to_path_buf();
        let title = format!("Exporting {} to {}", format.describe(), file_name(&path));
        self.start_job(title, &["Analysing the hall", "Drawing", WRITING], false, background, move |steps| {
            if format == ExportFormat::Netbox {
                steps.stage(1)?;
                return Ok(match crate::export::netbox::write_folder(&layout, &path) {
                    Ok(files) => JobOutcome::Exported {
                        status: format!("NetBox import: {}", crate::export::netbox::summary(&files, &path)),
                    },
                    Err(e) => JobOutcome::Failed {
                        title: "Not exported".into(),
                        text: format!("Could not write the NetBox import: {e}\n\nThe layout is unchanged."),
                    },
                });
            }
            steps.stage(0)?;
            let report = crate::analysis::analyse(&layout);
            steps.stage(1)?;
            let bytes = match &b {
                Some(b) => Ok(crate::export::html::report_with(&layout, &report, &opts, Some(b)).into_bytes()),
                None => crate::export::export_bytes(&layout, &report, format, &opts),
            };
            steps.stage(2)?;
            let written = bytes.and_then(|bytes| crate::io::write_atomically(&path, &bytes).map_err(|e| e.to_string()));
            Ok(match written {
                Ok(()) => JobOutcome::Exported { status: exported_status(&path, format, opts.sheet, &report) },
                Err(e) => JobOutcome::Failed {
                    title: "Not exported".into(),
                    text: format!("Could not write {}: {e}\n\nThe layout is unchanged.", path.display()),
                },
            })
        });
    }

    /// A file was read: it becomes the document (the file opened at start keeps the camera saved with it).
    pub(in crate::ui) fn opened(&mut self, path: PathBuf, hall: Analysed, keep_camera_for: Option<&PathBuf>) {
        self.session.status = format!("Opened {}", path.display());
        self.prefs.push_recent(path.clone());
        let Analysed { layout, live } = hall;
        let keep_camera = keep_camera_for == Some(&path);
        self.doc = Document::new(*layout, Some(path));
        self.caches.report.adopt(self.doc.key(), *live);
        if keep_camera {
            self.canvas.keep_camera_once = true;
        }
    }

    /// A save finished: the design it started from is bound to the file, which holds the state it was in. What
    /// the unsaved-changes prompt was for goes ahead only if the file holds the document as it is; after edits
    /// made during the save, the user is asked again.
    pub(in crate::ui) fn saved(&mut self, path: PathBuf, then: Option<AfterConfirm>, mark: SaveMark, same_doc: bool) {
        self.session.status = format!("Saved {}", path.display());
        self.prefs.push_recent(path.clone());
        if same_doc {
            self.doc.mark_saved_at(path, mark);
        }
        if let Some(next) = then {
            if self.doc.is_dirty() { self.guard(next) } else { self.proceed(next) }
        }
    }
}

/// What the status line says about a written export.
fn exported_status(path: &Path, format: ExportFormat, sheet: SheetKind, report: &crate::analysis::Report) -> String {
    match (format, sheet) {
        (ExportFormat::Pdf, SheetKind::Pack) => format!("Wrote the design pack to {}", path.display()),
        (ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf, SheetKind::PackSheet(n)) => {
            format!("Wrote sheet {n} of the design pack to {}", path.display())
        }
        _ => exported_format_status(path, format, report),
    }
}

/// What the status bar says after writing a format.
fn exported_format_status(path: &Path, format: ExportFormat, report: &crate::analysis::Report) -> String {
    match format {
        ExportFormat::Csv => format!(
            "Wrote the bill of materials to {}: {}, {} at list prices",
            path.display(),
            counted(report.bom.len() as u64, "row", "rows"),
            crate::format::usd(report.cost.capex_usd)
        ),
        _ => format!("Exported {} to {}", format.describe(), path.display()),
    }
}

/// A path's file name for a job's title.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
