//! File choosers behind a trait: the platform's native dialog (rfd: the desktop portal or zenity on Linux),
//! scripted answers in tests. When the native dialog cannot open (no desktop portal and no zenity, as on a bare
//! X server) the chooser says [`Picked::Unavailable`] and the designer uses its own in-app dialog instead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::export::ExportFormat;

/// What a file chooser answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// The user chose this file.
    Path(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown.
    Unavailable,
}

/// Asks the user for files.
pub trait FilePicker {
    /// A layout file to open, starting in `folder`.
    fn pick_open(&mut self, folder: Option<&Path>) -> Picked;
    /// Where to save, starting in `folder` and suggesting `suggested_name`.
    fn pick_save(&mut self, folder: Option<&Path>, suggested_name: &str) -> Picked;
    /// Where to write a CSV export, starting in `folder` and suggesting `suggested_name`.
    fn pick_export(&mut self, folder: Option<&Path>, suggested_name: &str, format: ExportFormat) -> Picked;
    /// A devicetype-library file (`.yaml`) to import, starting in `folder`.
    fn pick_device_type(&mut self, folder: Option<&Path>) -> Picked;
}

/// Setting this variable to `builtin` makes the designer use its own file dialog always.
pub const FILE_DIALOG_ENV: &str = "CLUSTERPLAN_FILE_DIALOG";

/// An answer faster than this cannot have come from a person: the native dialog failed to open.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);

/// The platform's native dialogs.
#[derive(Default)]
pub struct NativeDialogs {
    unavailable: bool,
}

impl NativeDialogs {
    /// Whether a native dialog can be shown at all here (checked before trying, so nothing blocks).
    fn can_show(&self) -> bool {
        if self.unavailable || std::env::var(FILE_DIALOG_ENV).is_ok_and(|v| v == "builtin") {
            return false;
        }
        if cfg!(target_os = "linux") {
            // The portal needs a session bus; rfd falls back to zenity without one.
            let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
                || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
            let zenity = std::env::var_os("PATH")
                .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
            return bus || zenity;
        }
        true
    }

    fn run(&mut self, dialog: impl FnOnce() -> Option<PathBuf>) -> Picked {
        if !self.can_show() {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        match dialog() {
            Some(p) => Picked::Path(p),
            None if started.elapsed() < NO_DIALOG_WITHIN => {
                self.unavailable = true;
                Picked::Unavailable
            }
            None => Picked::Cancelled,
        }
    }
}

impl FilePicker for NativeDialogs {
    fn pick_open(&mut self, folder: Option<&Path>) -> Picked {
        self.run(|| {
            let mut d = rfd::FileDialog::new().set_title("Open layout").add_filter("clusterplan layout", &["ron"]);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.pick_file()
        })
    }

    fn pick_save(&mut self, folder: Option<&Path>, suggested_name: &str) -> Picked {
        self.run(|| {
            let mut d = rfd::FileDialog::new()
                .set_title("Save layout")
                .add_filter("clusterplan layout", &["ron"])
                .set_file_name(suggested_name);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.save_file().map(|p| with_ron_extension(&p))
        })
    }

    fn pick_export(&mut self, folder: Option<&Path>, suggested_name: &str, format: ExportFormat) -> Picked {
        self.run(|| {
            let mut d = rfd::FileDialog::new()
                .set_title(format!("Export {}", format.describe()))
                .add_filter(format.describe(), &[format.extension()])
                .set_file_name(suggested_name);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.save_file().map(|p| with_extension(&p, format.extension()))
        })
    }

    fn pick_device_type(&mut self, folder: Option<&Path>) -> Picked {
        self.run(|| {
            let mut d = rfd::FileDialog::new()
                .set_title("Import device type")
                .add_filter("NetBox devicetype-library file", &["yaml", "yml"]);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.pick_file()
        })
    }
}

/// `p`, with `ext` added when it has no extension.
pub fn with_extension(p: &Path, ext: &str) -> PathBuf {
    if p.extension().is_none() { p.with_extension(ext) } else { p.to_path_buf() }
}

/// `p`, with `.ron` added when it has no extension.
pub fn with_ron_extension(p: &Path) -> PathBuf {
    if p.extension().is_none() { p.with_extension("ron") } else { p.to_path_buf() }
}

/// Answers from a script (tests): the next answer for each kind of question; `Cancelled` when none is left.
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answers `pick_open` gives, in order.
    pub open: Vec<Picked>,
    /// Answers `pick_save` gives, in order.
    pub save: Vec<Picked>,
    /// Answers `pick_export` gives, in order.
    pub export: Vec<Picked>,
    /// Answers `pick_device_type` gives, in order.
    pub device_type: Vec<Picked>,
}

impl ScriptedDialogs {
    /// Dialogs that choose these files.
    pub fn choosing(open: Vec<PathBuf>, save: Vec<PathBuf>) -> Self {
        Self {
            open: open.into_iter().map(Picked::Path).collect(),
            save: save.into_iter().map(Picked::Path).collect(),
            export: Vec::new(),
            device_type: Vec::new(),
        }
    }
}

impl FilePicker for ScriptedDialogs {
    fn pick_open(&mut self, _folder: Option<&Path>) -> Picked {
        if self.open.is_empty() { Picked::Cancelled } else { self.open.remove(0) }
    }

    fn pick_save(&mut self, _folder: Option<&Path>, _suggested_name: &str) -> Picked {
        if self.save.is_empty() { Picked::Cancelled } else { self.save.remove(0) }
    }

    fn pick_export(&mut self, _folder: Option<&Path>, _suggested_name: &str, _format: ExportFormat) -> Picked {
        if self.export.is_empty() { Picked::Cancelled } else { self.export.remove(0) }
    }

    fn pick_device_type(&mut self, _folder: Option<&Path>) -> Picked {
        if self.device_type.is_empty() { Picked::Cancelled } else { self.device_type.remove(0) }
    }
}
