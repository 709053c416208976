//! Long work off the UI thread: opening, saving and exporting a hall, and taking a generated or expanded one
//! into the document. A job runs its stages on a worker thread (or at once, for a small hall, where a
//! progress bar would only flicker); the window keeps painting and taking input, shows the stage reached on a
//! progress bar with Cancel (Esc), and the worker ends by *sending* its outcome, which the designer runs as a
//! command (`Command::JobFinished`) like any other.
//!
//! One job runs at a time. Cancelling is a request the worker's stages answer truthfully: it takes effect only
//! before the job enters a stage that cannot be undone half-way (writing a file) — once the worker is writing,
//! Cancel is refused and the outcome says what was written. A [`Gate`] lets a test park a worker at a stage.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::document::{DocKey, SaveMark};
use super::file_flow::purpose::AfterConfirm;
use crate::analysis::LiveAnalysis;
use crate::model::Layout;

/// Halls with at least this many items get their jobs on a worker thread; smaller ones are done at once.
pub const BACKGROUND_MIN_ITEMS: usize = 5_000;

/// The stage that writes a file: once entered, it is finished rather than cancelled.
pub const WRITING: &str = "Writing the file";

/// How often the progress bar is redrawn while a job runs.
const PROGRESS_REPAINT: Duration = Duration::from_millis(100);

/// Where the worker is and whether it was asked to stop, read and changed under one lock so that a cancel and
/// the worker entering a stage can never both win.
#[derive(Debug, Default)]
struct StepState {
    stage: usize,
    cancelled: bool,
}

/// The worker's side of a job: where it reports the stage reached and learns that it was cancelled.
#[derive(Clone)]
pub struct Steps {
    stages: &'static [&'static str],
    state: Arc<Mutex<StepState>>,
    gate: Option<Gate>,
}

/// The job was cancelled; the worker stops.
#[derive(Debug)]
pub struct Cancelled;

/// What a request to cancel did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelAnswer {
    /// The worker will stop at its next stage; nothing it would have done happens.
    Stopped,
    /// The worker is writing a file and finishes; its outcome says what was written.
    Writing,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A worker that panicked holding the lock leaves plain data behind (a stage number and a flag): still valid.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Steps {
    fn new(stages: &'static [&'static str], gate: Option<Gate>) -> Self {
        Self { stages, state: Arc::default(), gate }
    }

    /// Enters stage `n` (0-based) — or stops when the job was cancelled. Under a test [`Gate`], the worker then
    /// waits there until the test lets it go on.
    pub fn stage(&self, n: usize) -> Result<(), Cancelled> {
        {
            let mut s = locked(&self.state);
            if s.cancelled {
                return Err(Cancelled);
            }
            s.stage = n;
        }
        if let Some(gate) = &self.gate {
            gate.park(n, &self.state);
        }
        Ok(())
    }

    /// Asks the worker to stop: refused while it writes a file (it finishes, and says so).
    pub fn cancel(&self) -> CancelAnswer {
        let mut s = locked(&self.state);
        if self.stages.get(s.stage) == Some(&WRITING) {
            return CancelAnswer::Writing;
        }
        s.cancelled = true;
        drop(s);
        if let Some(gate) = &self.gate {
            gate.wake();
        }
        CancelAnswer::Stopped
    }

    /// The stage reached (0-based).
    fn reached(&self) -> usize {
        locked(&self.state).stage
    }
}

/// A test's hold on workers: each stage a worker enters parks it until the test lets it go on, so a test can
/// act while a job is at a stage of its choosing — no sleeps, no dependence on the machine's speed.
#[derive(Clone, Default)]
pub struct Gate {
    inner: Arc<(Mutex<GateState>, Condvar)>,
}

#[derive(Default)]
struct GateState {
    /// Workers parked, oldest first: (ticket, stage).
    parked: Vec<(u64, usize)>,
    next_ticket: u64,
    /// Every worker goes on without stopping.
    open: bool,
}

impl Gate {
    /// A closed gate: every stage parks.
    pub fn new() -> Self {
        Self::default()
    }

    fn park(&self, n: usize, steps: &Mutex<StepState>) {
        let (lock, cv) = &*self.inner;
        let mut g = locked(lock);
        let ticket = g.next_ticket;
        g.next_ticket += 1;
        g.parked.push((ticket, n));
        cv.notify_all();
        while g.parked.iter().any(|(t, _)| *t == ticket) && !g.open && !locked(steps).cancelled {
            g = cv.wait(g).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        g.parked.retain(|(t, _)| *t != ticket);
        cv.notify_all();
    }

    fn wake(&self) {
        // Under the gate's lock, so a worker between its check and its wait cannot miss the wake-up.
        let (lock, cv) = &*self.inner;
        let _held = locked(lock);
        cv.notify_all();
    }

    /// Waits until a worker is parked at stage `n`.
    pub fn wait_at(&self, n: usize) {
        let (lock, cv) = &*self.inner;
        let mut g = locked(lock);
        while !g.parked.iter().any(|(_, s)| *s == n) {
            g = cv.wait(g).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Lets the worker parked longest go on (nothing when none is parked).
    pub fn release(&self) {
        let (lock, cv) = &*self.inner;
        let mut g = locked(lock);
        if !g.parked.is_empty() {
            g.parked.remove(0);
        }
        cv.notify_all();
    }

    /// Lets every worker go on from now on.
    pub fn open(&self) {
        let (lock, cv) = &*self.inner;
        locked(lock).open = true;
        cv.notify_all();
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
        Self::gated(stages, None)
    }

    /// Progress whose worker parks at each stage under a test's gate.
    pub fn gated(stages: &'static [&'static str], gate: Option<Gate>) -> Self {
        Self { stages, steps: Steps::new(stages, gate), started: Instant::now() }
    }

    /// The worker's side.
    pub fn steps(&self) -> &Steps {
        &self.steps
    }

    /// The stage reached (0-based) and its name.
    pub fn stage(&self) -> (usize, &'static str) {
        let n = self.steps.reached().min(self.stages.len().saturating_sub(1));
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

impl std::fmt::Debug for Analysed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Analysed({:?}, {} items)", self.layout.name, self.layout.items.len())
    }
}

/// What a finished job hands to the designer.
#[derive(Debug)]
pub enum JobOutcome {
    /// A file was read: open it as the document.
    Opened {
        /// The file.
        path: PathBuf,
        /// Its hall.
        hall: Analysed,
    },
    /// The document (as it was when the save started) was written to `path`; then do `then`.
    Saved {
        /// The file written.
        path: PathBuf,
        /// What to do next (the unsaved-changes prompt's errand).
        then: Option<AfterConfirm>,
        /// The design and state written.
        mark: SaveMark,
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
        /// Where it came from: a new hall, or the document's own grown.
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

/// Where a hall taking the document's place came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplaceFrom {
    /// Tools › Generate hall (closes its dialog): a new, untitled hall.
    Generate,
    /// Presentation: the Colossus story's first step or a scenario kept (Keep B): a new, untitled hall.
    Presentation,
    /// Tools › Expand hall (closes its dialog): the same hall grown, still bound to its file.
    Expand,
}

impl ReplaceFrom {
    /// True when the hall is a new design (it loses the document's file: Save asks for a name).
    pub fn is_new_design(self) -> bool {
        !matches!(self, ReplaceFrom::Expand)
    }
}

/// A job in progress.
pub struct Job {
    /// Which job (unique in the process): its outcome names it.
    pub id: u64,
    /// What it does, for the progress bar ("Opening colossus.ron").
    pub title: String,
    /// Its stages, the stage reached and when it started.
    pub progress: Progress,
    /// The document state it started from.
    pub from: DocKey,
    /// Whether its outcome is void once the document changed (open, generate, expand) or still stands (save
    /// and export: the file written holds the state it started from). While such a job runs, edits wait for it.
    pub needs_same_document: bool,
    /// It runs on a worker thread (else it was done when started).
    pub background: bool,
}

/// How a job is to run.
pub struct JobSpec {
    /// What it does, for the progress bar.
    pub title: String,
    /// Its stages.
    pub stages: &'static [&'static str],
    /// The document state it starts from.
    pub from: DocKey,
    /// Its outcome is void once the document changed.
    pub needs_same_document: bool,
    /// On a worker thread (else at once).
    pub background: bool,
}

impl Job {
    /// Starts `work` on a worker thread when `spec.background`, handing its outcome to `finish` there (which
    /// sends it to the designer); else runs it now and returns the outcome for the caller to run next.
    pub fn start(
        id: u64,
        spec: JobSpec,
        gate: Option<Gate>,
        finish: impl FnOnce(JobResult) + Send + 'static,
        work: impl FnOnce(&Steps) -> Result<JobOutcome, Cancelled> + Send + 'static,
    ) -> (Self, Option<JobResult>) {
        let progress = Progress::gated(spec.stages, if spec.background { gate } else { None });
        let at_once = if spec.background {
            let worker_steps = progress.steps().clone();
            std::thread::spawn(move || {
                // `work` is the job's own (the designer wraps it in `catch_unwind`, so a panic in it becomes a
                // failed outcome); whatever it returns is sent.
                finish(work(&worker_steps).map_err(|_| JobStopped));
            });
            None
        } else {
            Some(work(progress.steps()).map_err(|_| JobStopped))
        };
        let job = Self {
            id,
            title: spec.title,
            progress,
            from: spec.from,
            needs_same_document: spec.needs_same_document,
            background: spec.background,
        };
        (job, at_once)
    }

    /// Asks the worker to stop ([`Steps::cancel`]).
    pub fn cancel(&self) -> CancelAnswer {
        self.progress.steps().cancel()
    }
}

/// What a job's worker ends with: its outcome, or that it stopped on a cancel.
pub type JobResult = Result<JobOutcome, JobStopped>;

/// A job's worker stopped on a cancel, before doing what it would have done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobStopped;

/// Analyses a hall for the designer (normal operation), stage `n` of `steps` — with the built-in types merged
/// into its catalog and the items in id order first, exactly as the document will hold it, so the analysis is of
/// the document's layout.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_and_a_stage_never_both_win() {
        let steps = Steps::new(&["Checking the layout", WRITING], None);
        steps.stage(0).unwrap_or_else(|_| panic!("not cancelled yet"));
        assert_eq!(steps.cancel(), CancelAnswer::Stopped);
        assert!(steps.stage(1).is_err(), "a cancelled job never starts writing");

        let steps = Steps::new(&["Checking the layout", WRITING], None);
        steps.stage(1).unwrap_or_else(|_| panic!("not cancelled"));
        assert_eq!(steps.cancel(), CancelAnswer::Writing, "a file being written is finished");
    }

    #[test]
    fn a_gate_parks_a_worker_until_released_and_a_cancel_wakes_it() {
        let gate = Gate::new();
        let steps = Steps::new(&["one", "two"], Some(gate.clone()));
        let worker = {
            let steps = steps.clone();
            std::thread::spawn(move || steps.stage(0).and_then(|()| steps.stage(1)).is_ok())
        };
        gate.wait_at(0);
        assert_eq!(steps.reached(), 0);
        gate.release();
        gate.wait_at(1);
        assert_eq!(steps.cancel(), CancelAnswer::Stopped);
        // Woken by the cancel: it returns from stage 1 (already entered) and reports success of the entry.
        assert!(worker.join().unwrap_or(false));
    }
}
