//! Layout files: RON text with a `version`, the hall, the equipment types the items use, and one line per item
//! (sorted by id) so a one-item edit is a one-line diff.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use super::validate::validate;
use super::{LoadError, SaveError};
use crate::model::{EquipmentType, FORMAT_VERSION, Layout, TypeId};

/// Largest layout file read, in bytes (2 million items fit well within it).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// Deepest nesting the parser follows; layouts need about 5.
const RECURSION_LIMIT: usize = 64;

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// Reads, parses and validates a layout file.
pub fn load_layout(path: &Path) -> Result<Layout, LoadError> {
    let read_err = |source| LoadError::Read { path: path.to_path_buf(), source };
    // Before opening: opening a FIFO blocks until someone writes to it.
    if !std::fs::metadata(path).map_err(read_err)?.is_file() {
        return Err(LoadError::NotAFile { path: path.to_path_buf() });
    }
    let file = File::open(path).map_err(read_err)?;
    let metadata = file.metadata().map_err(read_err)?;
    if !metadata.is_file() {
        return Err(LoadError::NotAFile { path: path.to_path_buf() });
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size_mb: size / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let mut bytes = Vec::with_capacity(size.min(MAX_FILE_BYTES) as usize + 1);
    // Read at most one byte past the limit, in case the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size_mb: bytes.len() as u64 / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let src = String::from_utf8(bytes)
        .map_err(|e| LoadError::NotText { path: path.to_path_buf(), offset: e.utf8_error().valid_up_to() })?;
    parse_layout(&src, path)
}

/// Just the version, read before the rest so a newer file gets a version error rather than a field error.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Parses and validates layout text; `path` is used in error messages only.
pub fn parse_layout(src: &str, path: &Path) -> Result<Layout, LoadError> {
    if let Ok(probe) = ron_options().from_str::<VersionProbe>(src)
        && probe.version > FORMAT_VERSION
    {
        return Err(LoadError::NewerVersion {
            path: path.to_path_buf(),
            found: probe.version,
            supported: FORMAT_VERSION,
        });
    }
    let mut layout: Layout = ron_options().from_str(src).map_err(|e| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    validate(&mut layout, src, path)?;
    Ok(layout)
}

fn pretty(depth: usize) -> PrettyConfig {
    PrettyConfig::new().depth_limit(depth).indentor("    ").extensions(Extensions::IMPLICIT_SOME)
}

/// One value as RON; the `implicit_some` header the serialiser puts first is dropped, the file has one.
fn ser<T: Serialize>(value: &T, depth: usize) -> Result<String, SaveError> {
    let text = ron::ser::to_string_pretty(value, pretty(depth)).map_err(|e| SaveError::Serialise(e.to_string()))?;
    Ok(match text.strip_prefix("#![enable(implicit_some)]") {
        Some(rest) => rest.trim_start().to_owned(),
        None => text,
    })
}

/// Indents every line after the first by `levels` × 4 spaces.
fn indent(text: &str, levels: usize) -> String {
    let pad = "    ".repeat(levels);
    text.replace('\n', &format!("\n{pad}"))
}

/// The file text for a layout: types pruned to those used, items sorted by id, one item per line.
pub fn to_ron_string(layout: &Layout) -> Result<String, SaveError> {
    let mut used: Vec<&TypeId> = layout.items.iter().map(|i| &i.type_id).collect();
    used.extend(layout.items.iter().filter_map(|i| i.switches.as_ref().map(|s| &s.model)));
    used.extend(layout.hall.settings.fabric_switch.iter());
    // A type the layout prices is kept even with no item of it (a price set for racks still to come).
    used.extend(layout.prices.types.keys());
    let networks = super::validate::network_switches(layout);
    used.extend(networks.iter());
    // A hall that states its storage is sized with the first storage type of its catalog when none is placed
    // (the analysis's fallback): that type is kept, so the file gives the same numbers.
    let s = &layout.hall.settings;
    if s.storage_pb > 0.0 || s.storage_gb_per_s_per_gpu > 0.0 {
        used.extend(layout.catalog.types.iter().find(|t| t.storage.is_some()).map(|t| &t.id));
    }
    // A type of the user's own (imported from a device-type file, or a built-in one changed) is kept even with no
    // item of it yet: the built-in catalog cannot give it back on load.
    let builtin = super::builtin_catalog();
    used.extend(layout.catalog.types.iter().filter(|t| builtin.get(&t.id) != Some(*t)).map(|t| &t.id));
    used.sort_unstable();
    used.dedup();
    let types: Vec<&EquipmentType> = used.iter().filter_map(|id| layout.catalog.get(id)).collect();
    let mut items: Vec<&crate::model::Item> = layout.items.iter().collect();
    items.sort_by_key(|i| i.id);

    let mut out = String::with_capacity(256 + layout.items.len() * 120);
    out.push_str("#![enable(implicit_some)]\n(\n");
    out.push_str(&format!("    version: {},\n", layout.version.max(1)));
    out.push_str(&format!("    name: {},\n", ser(&layout.name, 0)?));
    // The document data after the name, a revision a line.
    if !layout.document.is_empty() {
        out.push_str(&format!("    document: {},\n", indent(&ser(&layout.document, 2)?, 1)));
    }
    out.push_str(&format!("    hall: {},\n", indent(&ser(&layout.hall, 2)?, 1)));
    out.push_str("    catalog: [\n");
    for t in types {
        out.push_str(&format!("        {},\n", indent(&ser(t, 1)?, 2)));
    }
    out.push_str("    ],\n    items: [\n");
    for item in items {
        out.push_str(&format!("        {},\n", ser(item, 0)?));
    }
    out.push_str("    ],\n");
    if !layout.prices.is_empty() {
        out.push_str(&format!("    prices: {},\n", indent(&ser(&layout.prices, 2)?, 1)));
    }
    // The site last: its fields a line each, each plant type, bank and UPS system on one line.
    if let Some(site) = &layout.site {
        out.push_str(&format!("    site: {},\n", indent(&ser(site, 2)?, 1)));
    }
    // The phases after it, one a line.
    if !layout.phases.is_empty() {
        out.push_str("    phases: [\n");
        for p in &layout.phases {
            out.push_str(&format!("        {},\n", ser(p, 0)?));
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    Ok(out)
}

/// Writes a layout file atomically.
pub fn save_layout(layout: &Layout, path: &Path) -> Result<(), SaveError> {
    let text = to_ron_string(layout)?;
    write_atomically(path, text.as_bytes())
}

/// The backup of a layout file: the previous version, kept beside it (`hall.ron` → `hall.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` so that `path` is always either the old file or the new one, whole:
/// the bytes go to a temporary file in the same folder, which is synced and then renamed over the target;
/// the previous version is first kept as [`backup_path`] (by a hard link, renamed into place atomically, so the
/// backup too is always whole).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let err = |source| SaveError::Write { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "layout".into());
    // Unique per write, so two writes at once (a save on a worker and another) never share a temporary file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let backup_tmp = dir.join(format!(".{name}.{}.{n}.bak.tmp", std::process::id()));
    let halt = SaveHalt::from_env();
    let result = (|| {
        let mut f = File::create(&tmp)?;
        if let Some(SaveHalt::Writing(written)) = halt {
            // Part of the bytes on disk, the rest never written: what a save killed mid-write leaves.
            f.write_all(&bytes[..written.min(bytes.len())])?;
            f.sync_all()?;
            SaveHalt::Writing(written).stop();
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        SaveHalt::Written.stop_if(halt);
        if path.exists() {
            keep_backup(path, &backup_tmp)?;
        }
        SaveHalt::BackedUp.stop_if(halt);
        std::fs::rename(&tmp, path)?;
        SaveHalt::Renamed.stop_if(halt);
        // Make the renames themselves durable.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    let _ = std::fs::remove_file(&backup_tmp);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// The environment variable that stops every save at one of its steps, for the crash-safety test: the process
/// says where it stopped on standard error and waits to be killed. Read by debug builds only; unset, or in a
/// release build, saves run through. Never set it when using the designer: its saves would wait for ever.
pub const HALT_SAVE_ENV: &str = "CLUSTERPLAN_HALT_SAVE";

/// A step of [`write_atomically`] at which [`HALT_SAVE_ENV`] stops it: `writing:N` (the first N bytes of the
/// temporary file written and synced; all of them when N is the length or more), `written` (the temporary file
/// whole), `backed-up` (the old version kept as the backup, the target not yet replaced), `renamed` (the new file
/// in place, the folder not yet synced).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveHalt {
    /// The first N bytes of the temporary file written and synced (all of them when N is the length or more).
    Writing(usize),
    /// The temporary file whole and synced.
    Written,
    /// The old version kept as the backup.
    BackedUp,
    /// The new file renamed into place.
    Renamed,
}

impl SaveHalt {
    /// The step named by [`HALT_SAVE_ENV`], if it is set to one — in debug builds only (the tests'): a release
    /// designer never stops a save, whatever its environment.
    fn from_env() -> Option<SaveHalt> {
        if !cfg!(debug_assertions) {
            return None;
        }
        Self::parse(&std::env::var(HALT_SAVE_ENV).ok()?)
    }

    /// `writing:N`, `written`, `backed-up` or `renamed`.
    pub fn parse(text: &str) -> Option<SaveHalt> {
        match text.trim() {
            "written" => Some(SaveHalt::Written),
            "backed-up" => Some(SaveHalt::BackedUp),
            "renamed" => Some(SaveHalt::Renamed),
            other => other.strip_prefix("writing:")?.parse().ok().map(SaveHalt::Writing),
        }
    }

    /// The step as [`HALT_SAVE_ENV`] names it (what [`SaveHalt::parse`] reads).
    pub fn step(self) -> String {
        match self {
            SaveHalt::Writing(n) => format!("writing:{n}"),
            SaveHalt::Written => "written".into(),
            SaveHalt::BackedUp => "backed-up".into(),
            SaveHalt::Renamed => "renamed".into(),
        }
    }

    /// The line a halted save prints on standard error.
    pub fn announcement(self) -> String {
        format!("save halted: {}", self.step())
    }

    fn stop_if(self, halt: Option<SaveHalt>) {
        if halt == Some(self) {
            self.stop();
        }
    }

    /// Says where the save stopped and waits for the end of the process.
    fn stop(self) -> ! {
        eprintln!("{}", self.announcement());
        loop {
            std::thread::park();
        }
    }
}

/// Makes `path.bak` the current content of `path`, atomically: a hard link (or, where links are not supported,
/// a synced copy) under a temporary name, renamed over the old backup.
fn keep_backup(path: &Path, backup_tmp: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_file(backup_tmp);
    if std::fs::hard_link(path, backup_tmp).is_err() {
        std::fs::copy(path, backup_tmp)?;
        File::open(backup_tmp)?.sync_all()?;
    }
    std::fs::rename(backup_tmp, backup_path(path))?;
    // Where the backup already was this very file (a save killed after keeping it), the rename did nothing and
    // left the link behind (POSIX rename of two links to one file).
    let _ = std::fs::remove_file(backup_tmp);
    Ok(())
}
