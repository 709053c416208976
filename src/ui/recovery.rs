//! Crash recovery: while the document has unsaved edits, a copy is written to the platform's data directory
//! at most `interval` after the last change (10 s; always well under 30 s old); the next start offers to restore
//! it; a clean close or a save removes it.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::document::{DocKey, Document};
use crate::io::{LoadError, check_layout, load_layout, to_ron_string, write_atomically};
use crate::model::Layout;

/// How long after a change the recovery copy is written.
pub const RECOVERY_INTERVAL: Duration = Duration::from_secs(10);

/// What the recovery copy is of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The document's file, if it had one.
    pub original_path: Option<PathBuf>,
    /// The design's name.
    pub name: String,
    /// When the copy was written, seconds since 1970.
    pub written_unix_s: u64,
}

impl RecoveryInfo {
    /// "3 minutes ago" and the like.
    pub fn age_text(&self) -> String {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let s = now.saturating_sub(self.written_unix_s);
        match s {
            0..=89 => format!("{s} seconds ago"),
            90..=5399 => format!("{} minutes ago", s / 60),
            5400..=172_799 => format!("{} hours ago", s / 3600),
            _ => format!("{} days ago", s / 86_400),
        }
    }
}

/// The recovery copy's folder and the writer.
pub struct Recovery {
    dir: Option<PathBuf>,
    interval: Duration,
    written: Option<DocKey>,
    dirty_since: Option<Instant>,
    writer: Option<JoinHandle<()>>,
}

impl Recovery {
    /// Recovery in the platform's data directory (`~/.local/share/clusterplan/recovery` on Linux).
    pub fn platform() -> Self {
        let dir = directories::ProjectDirs::from("", "", "clusterplan").map(|p| p.data_dir().join("recovery"));
        Self::in_dir(dir, RECOVERY_INTERVAL)
    }

    /// Recovery in a given folder (`None`: disabled) with a given delay (tests use zero).
    pub fn in_dir(dir: Option<PathBuf>, interval: Duration) -> Self {
        Self { dir, interval, written: None, dirty_since: None, writer: None }
    }

    fn layout_path(dir: &Path) -> PathBuf {
        dir.join("recovery.ron")
    }

    fn info_path(dir: &Path) -> PathBuf {
        dir.join("recovery-info.ron")
    }

    /// The recovery copy left by an earlier run, if any.
    pub fn find(&self) -> Option<RecoveryInfo> {
        let dir = self.dir.as_ref()?;
        if !Self::layout_path(dir).exists() {
            return None;
        }
        let text = std::fs::read_to_string(Self::info_path(dir)).ok()?;
        ron::from_str(&text).ok()
    }

    /// Loads the recovery copy.
    pub fn load(&self) -> Result<Layout, LoadError> {
        let dir = self.dir.clone().unwrap_or_default();
        load_layout(&Self::layout_path(&dir))
    }

    /// Called every frame: writes a copy when the document has changes not yet copied and the interval has
    /// passed, asks for a repaint when one is due later, removes the copy once the document is saved.
    pub fn tick(&mut self, ctx: &egui::Context, doc: &Document) {
        if self.dir.is_none() {
            return;
        }
        if !doc.is_dirty() {
            if self.written.is_some() {
                self.clear();
            }
            self.dirty_since = None;
            return;
        }
        // Mid-drag the layout is transient; the copy is written once the gesture ends.
        if self.written == Some(doc.key()) || doc.in_gesture() {
            return;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let due = since + self.interval;
        let now = Instant::now();
        if now < due {
            ctx.request_repaint_after(due - now);
            return;
        }
        if self.writer.as_ref().is_some_and(|w| !w.is_finished()) {
            ctx.request_repaint_after(Duration::from_millis(200));
            return;
        }
        self.write(doc);
        self.dirty_since = None;
    }

    /// Writes the copy now (in the background). A layout that could not be read back is not written: the
    /// last good copy stays.
    pub fn write(&mut self, doc: &Document) {
        let Some(dir) = self.dir.clone() else { return };
        self.wait();
        self.written = Some(doc.key());
        if check_layout(doc.layout()).is_err() {
            return;
        }
        let layout = doc.layout().clone();
        let info = RecoveryInfo {
            original_path: doc.path().map(Path::to_path_buf),
            name: doc.display_name().to_owned(),
            written_unix_s: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        };
        self.writer = Some(std::thread::spawn(move || {
            // Best effort: a failed recovery write must never disturb editing.
            let _ = std::fs::create_dir_all(&dir);
            if let Ok(text) = to_ron_string(&layout) {
                let _ = write_atomically(&Self::layout_path(&dir), text.as_bytes());
            }
            if let Ok(info) = ron::to_string(&info) {
                let _ = write_atomically(&Self::info_path(&dir), info.as_bytes());
            }
        }));
    }

    /// Waits for a background write to finish.
    pub fn wait(&mut self) {
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }

    /// Removes the recovery copy (clean close, save, discard).
    pub fn clear(&mut self) {
        self.wait();
        self.written = None;
        if let Some(dir) = &self.dir {
            for path in [Self::layout_path(dir), Self::info_path(dir)] {
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_file(crate::io::backup_path(&path));
            }
        }
    }
}
