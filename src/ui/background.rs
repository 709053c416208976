//! The designer's long jobs — open, save, export, and taking in a generated or expanded hall — started as
//! [`Job`]s and finished here when their outcome arrives (see [`super::jobs`]).

use std::path::{Path, PathBuf};

use super::app::DesignerApp;
use super::command::AfterConfirm;
use super::dialogs::ErrorMessage;
use super::document::{Document, merge_builtin_types};
use super::jobs::{Analysed, Cancelled, Job, JobOutcome, Polled, ReplaceFrom, Steps, analysed, progress_ui};
use super::scenario::ScenarioKey;
use crate::analysis::Failure;
use crate::export::{ExportFormat, PlanOptions};
use crate::format::counted;
use crate::generate::generate;
use crate::generate::what_if::ColossusStep;
use crate::io::{check_layout, load_layout, save_layout};
use crate::model::Layout;
use crate::model::edit::Edit;

/// The stage that writes a file: not cancelled part-way.
const WRITING: &str = "Writing the file";

/// Files at least this large are read on a worker (a 5,000-item layout is about 1.5 MB).
const BACKGROUND_MIN_FILE_BYTES: u64 = 1_500_000;

impl DesignerApp {
    /// True when work on a hall of `items` items goes to a worker thread.
    fn in_background(&self, items: usize) -> bool {
        items >= self.background_min_items
    }

    /// Starts `work` as a job from the document as it is ([`Job::start`]) unless one is running (then says so
    /// and returns false).
    fn start_job(
        &mut self,
        title: String,
        stages: &'static [&'static str],
        needs_same_document: bool,
        background: bool,
        work: impl FnOnce(&Steps) -> Result<JobOutcome, Cancelled> + Send + 'static,
    ) -> bool {
        if let Some(running) = &self.job {
            self.session.status = format!("Still busy: {} — wait for it or Cancel it (Esc) first", running.title);
            return false;
        }
        let job =
            Job::start(title, stages, self.doc.key(), needs_same_document, background, self.egui_ctx.as_ref(), work);
        let at_once = !job.background;
        self.job = Some(job);
        // A job done at once (a small hall) finishes now.
        if at_once {
            self.poll_job(None);
        }
        true
    }

    /// Opens a file as the document, reading and analysing it off the UI thread when it is large; on error
    /// shows it and keeps the current document.
    pub fn open_path(&mut self, path: PathBuf) {
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        let background = self.background_min_items == 0 || size >= BACKGROUND_MIN_FILE_BYTES;
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
                Ok(()) => JobOutcome::Saved { path, then },
                Err(e) => JobOutcome::Failed {
                    title: "Not saved".into(),
                    text: format!("Could not save. Nothing was lost: the previous file is unchanged.\n\n{e}"),
                },
            })
        });
    }

    /// Exports the document (in normal operation, whatever the what-if) to `path` with the code
    /// `clusterplan export` runs: the plan with the export dialog's overlay and colours, the BOM or the report. The
    /// format chosen wins (as `--format` on the command line); a file name ending in another format's extension is
    /// refused rather than written with the wrong contents.
    pub(super) fn export_to(&mut self, path: &Path, format: ExportFormat) {
        if let Some(other) = ExportFormat::from_path(path).filter(|f| *f != format) {
            self.error = Some(ErrorMessage {
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
            overlay: self.export_choice.overlay,
            dark: self.export_choice.dark,
            units: self.prefs.units,
            file: self.doc.path().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()),
            date: crate::export::plan::today(),
        };
        let background = self.in_background(layout.items.len());
        let path = path.to_path_buf();
        self.start_job(
            format!("Exporting {} to {}", format.describe(), file_name(&path)),
            &["Analysing the hall", "Drawing", WRITING],
            false,
            background,
            move |steps| {
                steps.stage(0)?;
                let report = crate::analysis::analyse(&layout);
                steps.stage(1)?;
                let bytes = crate::export::export_bytes(&layout, &report, format, &opts);
                steps.stage(2)?;
                let written =
                    bytes.and_then(|bytes| crate::io::write_atomically(&path, &bytes).map_err(|e| e.to_string()));
                Ok(match written {
                    Ok(()) => JobOutcome::Exported {
                        status: match format {
                            ExportFormat::Csv => format!(
                                "Wrote the bill of materials to {}: {}, {} at list prices",
                                path.display(),
                                counted(report.bom.len() as u64, "row", "rows"),
                                crate::format::usd(report.cost.capex_usd)
                            ),
                            _ => format!("Exported {} to {}", format.describe(), path.display()),
                        },
                    },
                    Err(e) => JobOutcome::Failed {
                        title: "Not exported".into(),
                        text: format!("Could not write {}: {e}\n\nThe layout is unchanged.", path.display()),
                    },
                })
            },
        );
    }

    /// Replaces the layout with a generated one as an undoable step (analysed off the UI thread when large).
    /// False when another job is running (nothing started).
    pub fn use_generated(&mut self, layout: Layout) -> bool {
        let label = format!("Generate {}", layout.name);
        self.replace_layout(label, layout, ReplaceFrom::Generate)
    }

    /// Replaces the layout with a grown one (Tools › Expand hall…) as one undoable step; the view fits the hall.
    pub fn use_expanded(&mut self, layout: Layout) {
        let label = format!("Expand to {}", layout.name);
        self.replace_layout(label, layout, ReplaceFrom::Expand);
    }

    pub(super) fn replace_layout(&mut self, label: String, mut layout: Layout, from: ReplaceFrom) -> bool {
        let background = self.in_background(layout.items.len());
        self.start_job(
            format!("Taking in {}", layout.name),
            &["Checking the layout", "Analysing the hall"],
            true,
            background,
            move |steps| {
                steps.stage(0)?;
                merge_builtin_types(&mut layout);
                if let Err(e) = check_layout(&layout) {
                    return Ok(JobOutcome::Failed {
                        title: "Not changed".into(),
                        text: format!(
                            "The new hall could not be saved and read back:\n\n{e}\n\nThe hall is unchanged."
                        ),
                    });
                }
                Ok(JobOutcome::Replace { label, hall: analysed(layout, steps, 1)?, from })
            },
        )
    }

    /// Presentation: a step of the Colossus story. The first hall becomes the document (generated off the UI
    /// thread, one undo step) and B is closed; the others are built as B beside it.
    pub(super) fn story(&mut self, step: ColossusStep) {
        if step != ColossusStep::H100k {
            self.scenarios.want(ScenarioKey::Story(step));
            self.session.status = format!("Building {}…", step.label());
            return;
        }
        let params = match step.params() {
            Ok(p) => p,
            Err(e) => {
                self.session.status = e.to_string();
                return;
            }
        };
        // Generating 100,000 GPUs takes a while: always on a worker.
        let background = true;
        let started = self.start_job(
            format!("Building {}", step.label()),
            &["Generating the hall", "Checking the layout", "Analysing the hall"],
            true,
            background,
            move |steps| {
                steps.stage(0)?;
                let mut layout = match generate(&params) {
                    Ok(l) => l,
                    Err(e) => {
                        return Ok(JobOutcome::Failed { title: "Not built".into(), text: e.to_string() });
                    }
                };
                steps.stage(1)?;
                merge_builtin_types(&mut layout);
                if let Err(e) = check_layout(&layout) {
                    return Ok(JobOutcome::Failed { title: "Not built".into(), text: e.to_string() });
                }
                let label = format!("Generate {}", layout.name);
                Ok(JobOutcome::Replace { label, hall: analysed(layout, steps, 2)?, from: ReplaceFrom::Generate })
            },
        );
        if started {
            self.compare = None;
        }
    }

    /// Collects the running job's outcome and acts on it — unless it needs the document it started from and the
    /// document has changed since (then it is dropped and the status bar says so).
    pub fn poll_job(&mut self, ctx: Option<&egui::Context>) {
        let Some(job) = &self.job else { return };
        let polled = job.poll(ctx);
        if matches!(polled, Polled::Running) {
            return;
        }
        let Some(job) = self.job.take() else { return };
        match polled {
            Polled::Running => {}
            Polled::Gone => {
                self.keep_camera_for = None;
                self.session.status = format!("{} stopped", job.title);
            }
            Polled::Done(outcome) => self.finish_job(&job, outcome),
        }
    }

    /// Waits for the running job and acts on its outcome (tests and scripts).
    pub fn wait_for_job(&mut self) {
        if let Some(job) = self.job.take() {
            match job.wait() {
                Polled::Done(outcome) => self.finish_job(&job, outcome),
                _ => self.session.status = format!("{} stopped", job.title),
            }
        }
    }

    /// Cancels the running job: nothing it would have done happens. True when one was running.
    pub fn cancel_job(&mut self) -> bool {
        // A file being written is finished rather than left half-way (the write itself is atomic).
        if let Some(job) = &self.job
            && job.progress.stage().1 == WRITING
        {
            self.session.status = format!("{} is writing the file; it finishes in a moment", job.title);
            return true;
        }
        let Some(job) = self.job.take() else { return false };
        job.cancel();
        self.keep_camera_for = None;
        self.session.status = format!("Cancelled: {}", job.title);
        true
    }

    fn finish_job(&mut self, job: &Job, outcome: JobOutcome) {
        let keep_camera_for = self.keep_camera_for.take();
        let same = self.doc.key() == job.from;
        if job.needs_same_document && !same && !matches!(outcome, JobOutcome::Failed { .. }) {
            self.session.status = format!("Dropped: {} — the hall changed while it ran; do it again", job.title);
            return;
        }
        match outcome {
            JobOutcome::Opened { path, hall } => {
                self.session.status = format!("Opened {}", path.display());
                self.prefs.push_recent(path.clone());
                let Analysed { layout, live } = hall;
                // The file opened at start keeps the camera saved with it, as a small one opened at once does.
                let keep_camera = keep_camera_for.as_ref() == Some(&path);
                self.replace_document(Document::new(*layout, Some(path)));
                self.cache.adopt(self.doc.key(), *live);
                if keep_camera {
                    self.canvas.fit_pending = false;
                }
            }
            JobOutcome::Saved { path, then } => {
                self.session.status = format!("Saved {}", path.display());
                self.prefs.push_recent(path.clone());
                if self.doc.key().generation == job.from.generation {
                    self.doc.mark_saved_at(path, job.from.revision);
                }
                // What the unsaved-changes prompt was for goes ahead only if the file holds the document as it
                // is; after edits made during the save, the user is asked again.
                if let Some(next) = then {
                    if self.doc.key() == job.from {
                        self.proceed(next);
                    } else {
                        self.guard(next);
                    }
                }
            }
            JobOutcome::Exported { status } => self.session.status = status,
            JobOutcome::Replace { label, hall, from } => {
                let Analysed { layout, live } = hall;
                if self.edit(label, Edit::SetLayout(layout)) {
                    match from {
                        ReplaceFrom::Generate => {
                            self.generate = None;
                            self.session.selection.clear();
                            self.session.obstacle = None;
                        }
                        ReplaceFrom::Expand => self.expand = None,
                    }
                    self.canvas.fit_pending = true;
                    self.new_hall();
                    // The new hall is A: the canvas shows it (a compared file stays, behind B).
                    if let Some(c) = &mut self.compare {
                        c.showing_b = false;
                    }
                    if self.session.failure == Failure::None {
                        self.cache.adopt(self.doc.key(), *live);
                    }
                }
            }
            JobOutcome::Failed { title, text } => self.error = Some(ErrorMessage { title, text }),
        }
    }

    /// The running job's progress window; Cancel stops it.
    pub(super) fn job_ui(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.job
            && progress_ui(ctx, job)
        {
            self.cancel_job();
        }
    }
}

/// A path's file name for a job's title.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
