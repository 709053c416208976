//! Reading and writing layout files (RON) and the built-in catalog.
//!
//! Loading never panics: a file is size-checked before it is read, parsed with a bounded recursion depth and
//! bounded list lengths, its version checked, then validated. Every error names the file and a line (and
//! column, or item and field). Saving writes a temporary file beside the target, syncs it and renames it
//! over the target, so a crash mid-save leaves the old file intact; the previous version is kept as `NAME.bak`.

pub mod catalog;
pub mod checks;
pub mod clipboard;
pub mod devicetype;
pub mod error;
pub mod layout_file;
pub mod site_check;
pub mod validate;

pub use catalog::builtin_catalog;
pub use error::{LoadError, SaveError};
pub use layout_file::{
    HALT_SAVE_ENV, MAX_FILE_BYTES, SaveHalt, backup_path, load_layout, parse_layout, save_layout, to_ron_string,
    write_atomically,
};
pub use validate::{LayoutError, Locus, add_builtin_types, check_layout, complete_catalog};
