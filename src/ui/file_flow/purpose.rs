//! The plain values of the file workflow — what to do once unsaved changes are dealt with, the answer to the
//! unsaved-changes prompt, why a file is being chosen — shared by the commands, the dialogs and the jobs.

use std::path::PathBuf;

use crate::export::ExportFormat;

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterConfirm {
    /// Start an empty hall.
    New,
    /// Open a file (ask for one when `None`).
    Open(Option<PathBuf>),
    /// Close the window.
    Close,
}

/// What the user answered in the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmChoice {
    /// Save, then continue.
    Save,
    /// Discard the changes and continue.
    Discard,
    /// Go back.
    Cancel,
}

/// Why a file is being chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum FilePurpose {
    /// To open it.
    Open,
    /// To save to it, then do what the unsaved-changes prompt was for.
    Save(Option<AfterConfirm>),
    /// To open it read-only and compare the document with it.
    Compare,
    /// To export to it (the plan, the bill of materials or the report).
    Export(ExportFormat),
    /// To import the device type it holds (a devicetype-library `.yaml`).
    ImportType,
}
