//! The designer's long jobs, started here and finished by the command their worker sends
//! ([`Command::JobFinished`]): taking in a generated or expanded hall, the Colossus story's first hall, and (in
//! `file_flow`) open, save and export. One job runs at a time; while one that takes the hall's place runs, edits
//! wait for it. Cancel is a request the worker answers truthfully (see [`super::jobs`]).

use super::app::DesignerApp;
use super::command::Command;
use super::dialogs::ErrorMessage;
use super::document::{WholeLayout, merge_builtin_types};
use super::jobs::{CancelAnswer, Cancelled, Job, JobOutcome, JobResult, JobSpec, ReplaceFrom, Steps, analysed};
use crate::analysis::Failure;
use crate::generate::generate;
use crate::generate::what_if::ColossusStep;
use crate::io::check_layout;
use crate::model::Layout;

impl DesignerApp {
    /// True when work on a hall of `items` items goes to a worker thread.
    pub(super) fn in_background(&self, items: usize) -> bool {
        items >= self.work.background_min_items
    }

    /// Starts `work` as a job from the document as it is, unless one is running (then says so and returns
    /// false). Its outcome comes back as [`Command::JobFinished`]: at once for a job done at once (run right
    /// after the command that started it), else sent by its worker.
    pub(super) fn start_job(
        &mut self,
        title: String,
        stages: &'static [&'static str],
        needs_same_document: bool,
        background: bool,
        work: impl FnOnce(&Steps) -> Result<JobOutcome, Cancelled> + Send + 'static,
    ) -> bool {
        if let Some(running) = &self.work.job {
            self.session.status = format!("Busy: {} — wait for it or Cancel it (Esc) first", running.title);
            return false;
        }
        let id = self.work.next_job;
        self.work.next_job += 1;
        let spec = JobSpec { title, stages, from: self.doc.key(), needs_same_document, background };
        let sender = self.work.sender.clone();
        let finish = move |outcome| sender.send(Command::JobFinished { id, outcome });
        let guarded = move |steps: &Steps| {
            // A worker that panics says so as an outcome, so the designer never waits for it forever.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(steps))).unwrap_or_else(|_| {
                Ok(JobOutcome::Failed {
                    title: "Not done".into(),
                    text: "An internal error stopped the job. Nothing was changed or written; please report it.".into(),
                })
            })
        };
        let (job, at_once) = Job::start(id, spec, self.work.gate.clone(), finish, guarded);
        if job.background {
            self.work.outstanding.insert(id);
        }
        self.work.job = Some(job);
        if let Some(outcome) = at_once {
            self.work.ready.push_back(Command::JobFinished { id, outcome });
        }
        true
    }

    /// Asks the running job to stop: nothing it would have done happens — unless it is writing a file, which
    /// it finishes (its outcome says so). True when a job was running.
    pub fn cancel_job(&mut self) -> bool {
        let Some(job) = &self.work.job else { return false };
        match job.cancel() {
            CancelAnswer::Writing => {
                self.session.status = format!("{} is writing the file; it finishes in a moment", job.title);
            }
            CancelAnswer::Stopped => {
                let title = format!("Cancelled: {}", job.title);
                self.session.status = title.clone();
                self.files.keep_camera_for = None;
                self.work.job = None;
                // What was pressed while it ran was pressed for the hall it would have brought: it goes too.
                self.drop_waiting(&title);
            }
        }
        true
    }

    /// Waits for the running job — and every cancelled one still finishing its stage — and runs what their
    /// workers send (tests and scripts).
    pub fn wait_for_job(&mut self) {
        self.run_commands(std::iter::empty());
        while !self.work.outstanding.is_empty() {
            match self.work.inbox.recv() {
                Ok(command) => self.run_commands([command]),
                Err(_) => break,
            }
        }
    }

    /// Waits for the scenario being built, if any, and runs what its worker sends (tests).
    pub fn wait_for_scenario(&mut self) {
        while self.present.scenarios.building() {
            match self.work.inbox.recv() {
                Ok(command) => self.run_commands([command]),
                Err(_) => break,
            }
        }
    }

    /// Job commands: taking in a hall, and a job's outcome.
    pub(super) fn run_job_command(&mut self, command: Command) {
        match command {
            Command::UseGenerated(layout) => {
                let label = format!("Generate {}", layout.name);
                self.replace_layout(label, *layout, ReplaceFrom::Generate);
            }
            Command::UseExpanded(layout, from) if from != self.doc.key() => {
                // Grown from an earlier state (an edit ran in between): taking it in would undo that edit.
                self.session.status = format!(
                    "Not expanded: the hall changed since {} was previewed — Expand again once the preview is redone",
                    layout.name
                );
            }
            Command::UseExpanded(layout, _) => {
                let label = format!("Expand to {}", layout.name);
                self.replace_layout(label, *layout, ReplaceFrom::Expand);
            }
            Command::JobFinished { id, outcome } => self.job_finished(id, outcome),
            _ => {}
        }
    }

    /// Replaces the layout as one undoable step (checked and analysed off the UI thread when large): a new
    /// design (generated, a scenario kept) is untitled until saved; the same design grown keeps its file. False
    /// when another job is running (nothing started).
    pub(super) fn replace_layout(&mut self, label: String, mut layout: Layout, from: ReplaceFrom) -> bool {
        let background = self.in_background(layout.items.len());
        let title = format!("Taking in {}", layout.name);
        self.start_job(title, &["Checking the layout", "Analysing the hall"], true, background, move |steps| {
            steps.stage(0)?;
            merge_builtin_types(&mut layout);
            if let Err(e) = check_layout(&layout) {
                return Ok(JobOutcome::Failed {
                    title: "Not changed".into(),
                    text: format!("The new hall could not be saved and read back:\n\n{e}\n\nThe hall is unchanged."),
                });
            }
            Ok(JobOutcome::Replace { label, hall: analysed(layout, steps, 1)?, from })
        })
    }

    /// The Colossus story's first hall: generated off the UI thread, it becomes the document (a new design,
    /// one undo step).
    pub(super) fn first_story_hall(&mut self) {
        let step = ColossusStep::H100k;
        let params = match step.params() {
            Ok(p) => p,
            Err(e) => {
                self.session.status = e.to_string();
                return;
            }
        };
        let stages = &["Generating the hall", "Checking the layout", "Analysing the hall"];
        // Generating 100,000 GPUs takes a while: always on a worker.
        self.start_job(format!("Building {}", step.label()), stages, true, true, move |steps| {
            steps.stage(0)?;
            let mut layout = match generate(&params) {
                Ok(l) => l,
                Err(e) => return Ok(JobOutcome::Failed { title: "Not built".into(), text: e.to_string() }),
            };
            steps.stage(1)?;
            merge_builtin_types(&mut layout);
            if let Err(e) = check_layout(&layout) {
                return Ok(JobOutcome::Failed { title: "Not built".into(), text: e.to_string() });
            }
            let label = format!("Generate {}", layout.name);
            Ok(JobOutcome::Replace { label, hall: analysed(layout, steps, 2)?, from: ReplaceFrom::Presentation })
        });
    }

    /// A job's outcome arrived: acted on — unless the job was cancelled, or it needs the document it started
    /// from and the document has changed since (then it is dropped and the status bar says so).
    fn job_finished(&mut self, id: u64, outcome: JobResult) {
        self.work.outstanding.remove(&id);
        let Some(job) = self.work.job.take_if(|j| j.id == id) else {
            // A job cancelled before it did anything: nothing to do.
            return;
        };
        let keep_camera_for = self.files.keep_camera_for.take();
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(_) => {
                self.session.status = format!("{} stopped", job.title);
                self.drop_waiting(&format!("{} stopped", job.title));
                return;
            }
        };
        let same_doc = self.doc.key() == job.from;
        if job.needs_same_document && !same_doc && !matches!(outcome, JobOutcome::Failed { .. }) {
            self.session.status = format!("Dropped: {} — the hall changed while it ran; do it again", job.title);
            self.drop_waiting(&format!("Dropped: {}", job.title));
            return;
        }
        if matches!(outcome, JobOutcome::Failed { .. }) {
            self.drop_waiting(&format!("{} failed", job.title));
        }
        match outcome {
            JobOutcome::Opened { path, hall } => self.opened(path, hall, keep_camera_for.as_ref()),
            JobOutcome::Saved { path, then, mark } => {
                self.saved(path, then, mark, self.doc.key().generation == job.from.generation);
            }
            JobOutcome::Exported { status } => self.session.status = status,
            JobOutcome::Replace { label, hall, from } => self.take_in(label, hall, from),
            JobOutcome::Failed { title, text } => self.dialogs.error = Some(ErrorMessage { title, text }),
        }
    }

    /// A hall checked and analysed on a worker takes the document's place as one undo step; the dialog it came
    /// from closes, and the canvas shows it (a compared file stays, behind B).
    fn take_in(&mut self, label: String, hall: super::jobs::Analysed, from: ReplaceFrom) {
        let super::jobs::Analysed { layout, live } = hall;
        let how = if from.is_new_design() { WholeLayout::NewDesign } else { WholeLayout::SameDesign };
        match self.doc.replace_whole(label.clone(), *layout, how) {
            Ok(()) => {
                self.session.status = match from {
                    ReplaceFrom::Expand => format!("{label} — your hall grown, still {}", self.file_words()),
                    _ => format!("{label} — a new design, not saved yet (Save asks for a name)"),
                };
                match from {
                    ReplaceFrom::Generate => self.dialogs.generate = None,
                    ReplaceFrom::Expand => self.dialogs.expand = None,
                    ReplaceFrom::Presentation => {}
                }
                if let Some(c) = &mut self.present.b {
                    c.showing_b = false;
                }
                if self.session.failure == Failure::None {
                    self.caches.report.adopt(self.doc.key(), *live);
                }
            }
            Err(e) => {
                self.refuse(e);
                self.drop_waiting("The new hall was refused");
            }
        }
    }

    /// The document's file in words, for the status line.
    fn file_words(&self) -> String {
        self.doc.path().map_or_else(
            || "not saved yet".to_owned(),
            |p| {
                format!(
                    "bound to {}",
                    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
                )
            },
        )
    }
}
