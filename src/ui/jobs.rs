//! Long work off the UI thread: opening, saving and exporting a hall, and taking a generated or expanded one
//! into the document. A job runs its stages on a worker thread (or at once, for a small hall, where a
//! progress bar would only flicker); the window keeps painting and taking input, shows the stage reached on a
//! progress bar with Cancel (Esc), and acts on the outcome when it arrives — unless the document changed in
//! the meantime, in which case the outcome is dropped with a word in the status bar.
//!
//! One job runs at a time. Cancel takes effect at once for the user; the worker stops at its next stage.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::command::AfterConfirm;
use super::document::DocKey;
use crate::analysis::LiveAnalysis;
use crate::model::Layout;

/// Halls with at least this many items get their jobs on a worker thread; smaller ones are done at once.
pub const BACKGROUND_MIN_ITEMS: usize = 5_000;

/// How often the progress bar is redrawn while a job runs.
const PROGRESS_REPAINT: Duration = Duration::from_millis(100);

/// The worker's side of a job: where it reports the stage reached and learns that it was cancelled.
#[derive(Clone, Default)]
pub struct Steps {
    stage: Arc<AtomicUsize>,
    cancelled: Arc<AtomicBool>,
}

/// The job was cancelled; the worker stops.
#[derive(Debug)]
pub struct Cancelled;

impl Steps {
    /// Enters stage `n` (0-based) — or stops when the job was cancelled.
    pub fn stage(&self, n: usize) -> Result<(), Cancelled> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(Cancelled);
        }
        self.stage.store(n, Ordering::Relaxed);
        Ok(())
    }

    /// Tells the worker to stop at its next stage.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

/// The UI thread's view of work running on a worker: its stages, the stage reached, and when it started. Jobs
/// and the dialogs' previews show it the same way ([`Progress::ui`]).
pub struct Progress {
    /// The stages' names, in order.
    pub stages: &'static [&'static str],
    steps: Steps,
    started: Instant,
}

impl Progress {
    /// Progress of work in `stages`, starting now; the worker reports through [`Progress::steps`].
    pub fn new(stages: &'static [&'static str]) -> Self {
        Self { stages, steps: Steps::default(), started: Instant::now() }
    }

    /// The worker's side.
    pub fn steps(&self) -> &Steps {
        &self.steps
    }

    /// The stage reached (0-based) and its name.
    pub fn stage(&self) -> (usize, &'static str) {
        let n = self.steps.stage.load(Ordering::Relaxed).min(self.stages.len().saturating_sub(1));
        (n, self.stages.get(n).copied().unwrap_or(""))
    }

    /// Progress as a fraction: the stages done, with the running one counted half done.
    pub fn fraction(&self) -> f32 {
        let (n, _) = self.stage();
        (n as f32 + 0.5) / self.stages.len().max(1) as f32
    }

    /// Time since it started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The stage reached, a bar, the time taken and a stop button labelled `stop` with tooltip `tip`. True when
    /// the user clicked it.
    pub fn ui(&self, ui: &mut egui::Ui, stop: &str, tip: &str) -> bool {
        let (n, name) = self.stage();
        ui.label(format!("{name}… (step {} of {})", n + 1, self.stages.len()));
        ui.add(egui::ProgressBar::new(self.fraction()).animate(true).show_percentage());
        let mut clicked = false;
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(format!("{:.1} s", self.elapsed().as_secs_f32())).weak());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                clicked = ui.button(stop).on_hover_text(tip).clicked();
            });
        });
        // The bar and the clock move while the worker runs.
        ui.ctx().request_repaint_after(PROGRESS_REPAINT);
        clicked
    }
}

/// A hall ready to become the document's state, with its analysis built off the UI thread.
pub struct Analysed {
    /// The layout.
    pub layout: Box<Layout>,
    /// Its live analysis in normal operation.
    pub live: Box<LiveAnalysis>,
}

/// What a finished job hands to the designer.
pub enum JobOutcome {
    /// A file was read: open it as the document.
    Opened {
        /// The file.
        path: PathBuf,
        /// Its hall.
        hall: Analysed,
    },
    /// The document (at the job's revision) was written to `path`; then do `then`.
    Saved {
        /// The file written.
        path: PathBuf,
        /// What to do next (the unsaved-changes prompt's errand).
        then: Option<AfterConfirm>,
    },
    /// An export was written; the status line says what.
    Exported {
        /// What was written where.
        status: String,
    },
    /// A generated or expanded hall, to take into the document as one undoable step.
    Replace {
        /// The undo step's label.
        label: String,
        /// The new hall.
        hall: Analysed,
        /// The dialog it came from.
        from: ReplaceFrom,
    },
    /// The job failed: an error to show (title, text); nothing changed.
    Failed {
        /// The error's title.
        title: String,
        /// What went wrong and what to do.
        text: String,
    },
}

/// Which dialog a replacing job came from (closed when the hall is taken).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplaceFrom {
    /// Tools › Generate hall.
    Generate,
    /// Tools › Expand hall.
    Expand,
}

/// A job in progress.
pub struct Job {
    /// What it does, for the progress bar ("Opening colossus.ron").
    pub title: String,
    /// Its stages, the stage reached and when it started.
    pub progress: Progress,
    /// The document state it started from.
    pub from: DocKey,
    /// Whether its outcome is void once the document changed (open, generate, expand, export) or still stands
    /// (save: the file written holds the state it started from).
    pub needs_same_document: bool,
    /// It runs on a worker thread (else it was done when started).
    pub background: bool,
    rx: Receiver<Result<JobOutcome, Cancelled>>,
}

/// What [`Job::poll`] found.
pub enum Polled {
    /// Still running.
    Running,
    /// Finished with this outcome.
    Done(JobOutcome),
    /// The worker stopped without an outcome (cancelled, or it panicked).
    Gone,
}

impl Job {
    /// Starts `work` on a worker thread when `background`, else runs it now (its outcome is there at the first
    /// poll). `ctx` is asked to repaint when a worker finishes.
    pub fn start(
        title: String,
        stages: &'static [&'static str],
        from: DocKey,
        needs_same_document: bool,
        background: bool,
        ctx: Option<&egui::Context>,
        work: impl FnOnce(&Steps) -> Result<JobOutcome, Cancelled> + Send + 'static,
    ) -> Self {
        let progress = Progress::new(stages);
        let (tx, rx) = channel();
        if background {
            let worker_steps = progress.steps().clone();
            let ctx = ctx.cloned();
            std::thread::spawn(move || {
                // The designer may have dropped the job (cancelled); then nobody wants the outcome.
                let _ = tx.send(work(&worker_steps));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        } else {
            let _ = tx.send(work(progress.steps()));
        }
        Self { title, progress, from, needs_same_document, background, rx }
    }

    /// Collects the outcome when it is there; while running, asks for the next progress redraw.
    pub fn poll(&self, ctx: Option<&egui::Context>) -> Polled {
        match self.rx.try_recv() {
            Ok(Ok(outcome)) => Polled::Done(outcome),
            Ok(Err(Cancelled)) | Err(TryRecvError::Disconnected) => Polled::Gone,
            Err(TryRecvError::Empty) => {
                if let Some(ctx) = ctx {
                    ctx.request_repaint_after(PROGRESS_REPAINT);
                }
                Polled::Running
            }
        }
    }

    /// Waits for the outcome (tests and scripts).
    pub fn wait(&self) -> Polled {
        match self.rx.recv() {
            Ok(Ok(outcome)) => Polled::Done(outcome),
            _ => Polled::Gone,
        }
    }

    /// Tells the worker to stop at its next stage.
    pub fn cancel(&self) {
        self.progress.steps().cancel();
    }
}

/// Analyses a hall for the designer (normal operation), stage `n` of `steps` — with the built-in types merged
/// into its catalog and the items in id order first, exactly as the document will hold it, so the analysis is of the document's layout.
pub fn analysed(mut layout: Layout, steps: &Steps, n: usize) -> Result<Analysed, Cancelled> {
    steps.stage(n)?;
    super::document::merge_builtin_types(&mut layout);
    layout.items.sort_by_key(|i| i.id);
    let live = LiveAnalysis::new(&layout, &crate::analysis::Failure::None);
    Ok(Analysed { layout: Box::new(layout), live: Box::new(live) })
}

/// The job's progress window: title, stage, bar, time and Cancel. True when the user cancelled.
pub fn progress_ui(ctx: &egui::Context, job: &Job) -> bool {
    let mut cancel = false;
    egui::Window::new("Working")
        .title_bar(false)
        .resizable(false)
        .collapsible(false)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -48.0))
        .show(ctx, |ui| {
            ui.set_width(360.0);
            ui.label(egui::RichText::new(&job.title).strong());
            cancel =
                job.progress.ui(ui, "Cancel", "Stop this job (Esc); the hall stays as it is and nothing is written");
        });
    cancel
}
