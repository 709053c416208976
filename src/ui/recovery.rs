//! Crash recovery, one copy per designer: while the document has unsaved edits, a copy is written to the
//! platform's data directory at most `interval` after the last change (10 s; always well under 30 s old), under
//! this designer's own name. A designer holds a lock on its name while it runs, so two designers never touch
//! each other's copies, and the next start offers every copy whose designer is gone, newest first; a clean close
//! or a save removes only the designer's own copy.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::document::{DocKey, Document};
use crate::io::{LoadError, check_layout, load_layout, to_ron_string, write_atomically};
use crate::model::Layout;

/// How long after a change the recovery copy is written.
pub const RECOVERY_INTERVAL: Duration = Duration::from_secs(10);

/// What a recovery copy is of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The document's file, if it had one.
    pub original_path: Option<PathBuf>,
    /// The design's name.
    pub name: String,
    /// When the copy was written, seconds since 1970.
    pub written_unix_s: u64,
    /// The designer that wrote it (the copy's file name), from where it was found.
    #[serde(skip)]
    pub owner: String,
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

/// The name the designers before per-designer copies wrote their one copy under (still offered).
const LEGACY_OWNER: &str = "recovery";

/// This designer's recovery copy: its folder, its own name in it, the lock that says it is alive, the writer.
pub struct Recovery {
    dir: Option<PathBuf>,
    owner: String,
    lock: Option<File>,
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

    /// No recovery copies (until [`DesignerApp::use_recovery`](super::DesignerApp::use_recovery) gives a
    /// folder).
    pub fn disabled(interval: Duration) -> Self {
        Self::in_dir(None, interval)
    }

    /// Recovery in a given folder (`None`: disabled) with a given delay (tests use zero), under a name of this
    /// designer's own, locked while it runs.
    pub fn in_dir(dir: Option<PathBuf>, interval: Duration) -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let owner = format!("designer-{}-{nanos}", std::process::id());
        let lock = dir.as_ref().and_then(|d| {
            std::fs::create_dir_all(d).ok()?;
            let f = File::create(Self::lock_path(d, &owner)).ok()?;
            f.try_lock().ok()?;
            Some(f)
        });
        Self { dir, owner, lock, interval, written: None, dirty_since: None, writer: None }
    }

    fn layout_path(dir: &Path, owner: &str) -> PathBuf {
        dir.join(format!("{owner}.ron"))
    }

    fn info_path(dir: &Path, owner: &str) -> PathBuf {
        dir.join(format!("{owner}-info.ron"))
    }

    fn lock_path(dir: &Path, owner: &str) -> PathBuf {
        dir.join(format!("{owner}.lock"))
    }

    /// True while the designer named `owner` runs (it holds its lock).
    fn alive(dir: &Path, owner: &str) -> bool {
        let Ok(f) = File::options().write(true).open(Self::lock_path(dir, owner)) else { return false };
        f.try_lock().is_err()
    }

    /// The copies designers that are gone left behind (not this one's, nor those of designers still running),
    /// newest first.
    pub fn find(&self) -> Vec<RecoveryInfo> {
        let Some(dir) = &self.dir else { return Vec::new() };
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        let mut found: Vec<RecoveryInfo> = entries
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_suffix("-info.ron").map(str::to_owned))
            .filter(|owner| *owner != self.owner && !Self::alive(dir, owner))
            .filter(|owner| Self::layout_path(dir, owner).exists())
            .filter_map(|owner| {
                let text = std::fs::read_to_string(Self::info_path(dir, &owner)).ok()?;
                let info: RecoveryInfo = ron::from_str(&text).ok()?;
                Some(RecoveryInfo { owner, ..info })
            })
            .collect();
        found.sort_by(|a, b| b.written_unix_s.cmp(&a.written_unix_s).then_with(|| a.owner.cmp(&b.owner)));
        found
    }

    /// Loads a copy found by [`Recovery::find`].
    pub fn load(&self, info: &RecoveryInfo) -> Result<Layout, LoadError> {
        let dir = self.dir.clone().unwrap_or_default();
        let owner = if info.owner.is_empty() { LEGACY_OWNER } else { &info.owner };
        load_layout(&Self::layout_path(&dir, owner))
    }

    /// Deletes a copy another designer left behind.
    pub fn discard(&self, info: &RecoveryInfo) {
        if let Some(dir) = &self.dir
            && info.owner != self.owner
            && !Self::alive(dir, &info.owner)
        {
            Self::remove(dir, &info.owner);
        }
    }

    /// The document restored from another designer's copy is this designer's work now: its own copy is written
    /// at once, then the old one goes (so a crash in between loses nothing).
    pub fn adopt(&mut self, info: &RecoveryInfo, doc: &Document) {
        self.write(doc);
        self.wait();
        self.discard(info);
    }

    fn remove(dir: &Path, owner: &str) {
        for path in [Self::layout_path(dir, owner), Self::info_path(dir, owner)] {
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(crate::io::backup_path(&path));
        }
        if owner != LEGACY_OWNER {
            let _ = std::fs::remove_file(Self::lock_path(dir, owner));
        }
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

    /// Writes this designer's copy now (in the background). A layout that could not be read back is not
    /// written: the last good copy stays.
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
            owner: String::new(),
        };
        let owner = self.owner.clone();
        self.writer = Some(std::thread::spawn(move || {
            // Best effort: a failed recovery write must never disturb editing.
            let _ = std::fs::create_dir_all(&dir);
            if let Ok(text) = to_ron_string(&layout) {
                let _ = write_atomically(&Self::layout_path(&dir, &owner), text.as_bytes());
            }
            if let Ok(info) = ron::to_string(&info) {
                let _ = write_atomically(&Self::info_path(&dir, &owner), info.as_bytes());
            }
        }));
    }

    /// Waits for a background write to finish.
    pub fn wait(&mut self) {
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }

    /// Removes this designer's copy (clean close, save, discard); other designers' copies stay.
    pub fn clear(&mut self) {
        self.wait();
        self.written = None;
        if let Some(dir) = &self.dir {
            for path in [Self::layout_path(dir, &self.owner), Self::info_path(dir, &self.owner)] {
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_file(crate::io::backup_path(&path));
            }
        }
    }

    /// A clean close: the lock goes with its file (the copy was cleared first).
    pub fn release(&mut self) {
        self.wait();
        if let (Some(dir), Some(lock)) = (&self.dir, self.lock.take()) {
            drop(lock);
            let _ = std::fs::remove_file(Self::lock_path(dir, &self.owner));
        }
    }

    /// The designer ends as a crash would end it: the copy stays, the lock is let go (tests that start a new
    /// designer in the same process).
    pub fn abandon(&mut self) {
        self.wait();
        self.lock = None;
    }
}

impl Drop for Recovery {
    fn drop(&mut self) {
        // A designer dropped without a clean close leaves its copy; its background write finishes first.
        self.wait();
    }
}
