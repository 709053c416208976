//! A preview built on a worker thread — one at a time, always for the latest parameters — so a dialog never
//! stalls the window while the user types; a preview for parameters since changed is kept only as "previous",
//! never taken for the current one. The Generate and Expand dialogs use it.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The latest finished preview (with the key it was built for) and the one being built.
pub struct Previewer<K, P> {
    latest: Option<(K, P)>,
    worker: Option<(K, Receiver<P>)>,
}

impl<K, P> Default for Previewer<K, P> {
    fn default() -> Self {
        Self { latest: None, worker: None }
    }
}

impl<K: Clone + PartialEq + Send + 'static, P: Send + 'static> Previewer<K, P> {
    /// Collects a finished preview, then starts `build(key)` on a worker when no preview for `key` is current or
    /// running. `ctx` is asked to repaint when the worker finishes.
    pub fn poll(&mut self, key: &K, ctx: Option<&egui::Context>, build: impl FnOnce(K) -> P + Send + 'static) {
        if let Some((k, rx)) = &self.worker {
            match rx.try_recv() {
                Ok(p) => {
                    self.latest = Some((k.clone(), p));
                    self.worker = None;
                }
                Err(TryRecvError::Disconnected) => self.worker = None,
                Err(TryRecvError::Empty) => return,
            }
        }
        if self.latest.as_ref().is_some_and(|(k, _)| k == key) {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.cloned();
        let job = key.clone();
        std::thread::spawn(move || {
            // The dialog may be gone; then nobody wants the preview.
            let _ = tx.send(build(job));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.worker = Some((key.clone(), rx));
    }

    /// True while a preview is being built.
    pub fn busy(&self) -> bool {
        self.worker.is_some()
    }

    /// Waits for the preview being built, if any (tests).
    pub fn wait(&mut self) {
        if let Some((key, rx)) = self.worker.take()
            && let Ok(p) = rx.recv()
        {
            self.latest = Some((key, p));
        }
    }

    /// The latest finished preview and whether it is for `key` (else it is for parameters since changed).
    pub fn latest(&self, key: &K) -> Option<(&P, bool)> {
        self.latest.as_ref().map(|(k, p)| (p, k == key))
    }

    /// Takes the finished preview for `key`, if there is one (the next poll for `key` builds it again).
    pub fn take_current(&mut self, key: &K) -> Option<P> {
        if self.latest.as_ref().is_some_and(|(k, _)| k == key) { self.latest.take().map(|(_, p)| p) } else { None }
    }

    /// The finished preview for `key`, if there is one.
    pub fn current(&self, key: &K) -> Option<&P> {
        self.latest.as_ref().filter(|(k, _)| k == key).map(|(_, p)| p)
    }
}
