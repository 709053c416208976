//! A preview built on a worker thread — one at a time, always for the latest parameters — so a dialog never
//! stalls the window while the user types; a preview for parameters since changed is kept only as "previous",
//! never taken for the current one. The worker reports its stages for a progress bar, and the user can stop
//! it; a build that was stopped, or that failed, is not started again for the same parameters until asked.
//! The Generate and Expand dialogs use it.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::ui::jobs::{Cancelled, Gate, Progress, Steps};

/// Why no preview is being built for a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    /// The user stopped it.
    Stopped,
    /// The worker ended without a preview (a bug: it panicked).
    Failed,
}

/// A build running on a worker.
struct Worker<K, P> {
    key: K,
    rx: Receiver<Result<P, Cancelled>>,
    progress: Progress,
}

/// The latest finished preview (with the key it was built for) and the one being built.
pub struct Previewer<K, P> {
    stages: &'static [&'static str],
    latest: Option<(K, P)>,
    worker: Option<Worker<K, P>>,
    halted: Option<(K, Halt)>,
    /// A test's hold on the workers (see [`Gate`]).
    gate: Option<Gate>,
}

impl<K, P> Previewer<K, P> {
    /// A previewer whose builds go through `stages` (reported by the build through its [`Steps`]).
    pub fn new(stages: &'static [&'static str]) -> Self {
        Self { stages, latest: None, worker: None, halted: None, gate: None }
    }

    /// Builds park at each stage under a test's gate.
    pub fn set_gate(&mut self, gate: Option<Gate>) {
        self.gate = gate;
    }
}

impl<K, P> Drop for Previewer<K, P> {
    fn drop(&mut self) {
        // Nobody will look at the preview: the worker stops at its next stage.
        if let Some(w) = &self.worker {
            w.progress.steps().cancel();
        }
    }
}

impl<K: Clone + PartialEq + Send + 'static, P: Send + 'static> Previewer<K, P> {
    /// Collects a finished preview, then starts `build(key, steps)` on a worker when no preview for `key` is
    /// current, running, stopped or failed. `ctx` is asked to repaint when the worker finishes.
    pub fn poll(
        &mut self,
        key: &K,
        ctx: Option<&egui::Context>,
        build: impl FnOnce(K, &Steps) -> Result<P, Cancelled> + Send + 'static,
    ) {
        if let Some(w) = &self.worker {
            match w.rx.try_recv() {
                Ok(Ok(p)) => {
                    self.latest = Some((w.key.clone(), p));
                    self.worker = None;
                }
                Ok(Err(Cancelled)) => self.worker = None,
                Err(TryRecvError::Disconnected) => {
                    self.halted = Some((w.key.clone(), Halt::Failed));
                    self.worker = None;
                }
                Err(TryRecvError::Empty) => return,
            }
        }
        if self.latest.as_ref().is_some_and(|(k, _)| k == key) || self.halted.as_ref().is_some_and(|(k, _)| k == key) {
            return;
        }
        let progress = Progress::gated(self.stages, self.gate.clone());
        let steps = progress.steps().clone();
        let (tx, rx) = channel();
        let ctx = ctx.cloned();
        let job = key.clone();
        std::thread::spawn(move || {
            // The dialog may be gone; then nobody wants the preview.
            let _ = tx.send(build(job, &steps));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.worker = Some(Worker { key: key.clone(), rx, progress });
    }

    /// True while a preview is being built.
    pub fn busy(&self) -> bool {
        self.worker.is_some()
    }

    /// The running build's progress.
    pub fn progress(&self) -> Option<&Progress> {
        self.worker.as_ref().map(|w| &w.progress)
    }

    /// Stops building: the running worker ends at its next stage (whatever it builds for), and no build for
    /// `key`, the parameters now, starts until [`Previewer::retry`] or the parameters change.
    pub fn stop(&mut self, key: &K) {
        if let Some(w) = self.worker.take() {
            w.progress.steps().cancel();
        }
        self.halted = Some((key.clone(), Halt::Stopped));
    }

    /// Lets a stopped or failed build start again at the next poll.
    pub fn retry(&mut self) {
        self.halted = None;
    }

    /// Why nothing is being built for `key`, when it was stopped or failed.
    pub fn halted(&self, key: &K) -> Option<Halt> {
        self.halted.as_ref().filter(|(k, _)| k == key).map(|(_, h)| *h)
    }

    /// Waits for the preview being built, if any (tests).
    pub fn wait(&mut self) {
        if let Some(w) = self.worker.take() {
            match w.rx.recv() {
                Ok(Ok(p)) => self.latest = Some((w.key, p)),
                Ok(Err(Cancelled)) => {}
                Err(_) => self.halted = Some((w.key, Halt::Failed)),
            }
        }
    }

    /// The latest finished preview and whether it is for `key` (else it is for parameters since changed).
    pub fn latest(&self, key: &K) -> Option<(&P, bool)> {
        self.latest.as_ref().map(|(k, p)| (p, k == key))
    }

    /// The finished preview for `key`, if there is one.
    pub fn current(&self, key: &K) -> Option<&P> {
        self.latest.as_ref().filter(|(k, _)| k == key).map(|(_, p)| p)
    }

    /// The dialogs' preview status for `key`: a progress bar with Stop while building, a word and a Build
    /// button when stopped, the reason when the build failed. Nothing when the preview for `key` is shown.
    pub fn status_ui(&mut self, ui: &mut egui::Ui, key: &K) {
        if let Some(progress) = self.progress() {
            let stale = self.worker.as_ref().is_some_and(|w| w.key != *key);
            ui.label(if stale { "Building a preview for earlier settings first" } else { "Building the preview" });
            if progress.ui(ui, "Stop", "Stop building the preview; the settings stay as they are") {
                self.stop(key);
            }
            return;
        }
        match self.halted(key) {
            Some(Halt::Stopped) => {
                ui.horizontal(|ui| {
                    ui.label("Preview stopped.");
                    if ui.button("Build preview").on_hover_text("Build the preview for these settings").clicked() {
                        self.retry();
                    }
                });
            }
            Some(Halt::Failed) => {
                ui.colored_label(
                    crate::ui::theme::ERROR,
                    "The preview could not be built (an internal error); change a setting to try again",
                );
            }
            None => {}
        }
    }
}
