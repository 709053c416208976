//! File dialogs behind a trait: native (rfd, xdg-portal on Linux) in the app, scripted in tests.

use std::path::PathBuf;

/// Asks the user for files.
pub trait FilePicker {
    /// A layout file to open.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, suggesting `suggested_name`.
    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf>;
}

/// The platform's native dialogs.
pub struct NativeDialogs;

impl FilePicker for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("Open layout").add_filter("clusterplan layout", &["ron"]).pick_file()
    }

    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save layout")
            .add_filter("clusterplan layout", &["ron"])
            .set_file_name(suggested_name)
            .save_file()
            .map(|p| if p.extension().is_none() { p.with_extension("ron") } else { p })
    }
}

/// Answers from a script: the next path for each kind of question (tests).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Paths `pick_open` returns, in order.
    pub open: Vec<PathBuf>,
    /// Paths `pick_save` returns, in order.
    pub save: Vec<PathBuf>,
}

impl FilePicker for ScriptedDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        (!self.open.is_empty()).then(|| self.open.remove(0))
    }

    fn pick_save(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        (!self.save.is_empty()).then(|| self.save.remove(0))
    }
}
