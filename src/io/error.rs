//! Errors from reading layout files: each says what is wrong, where (file, line, column or item and field)
//! and what to do.

use std::path::PathBuf;

use thiserror::Error;

/// Why a layout could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The path is a folder, a device or a pipe, not a file.
    #[error("{path}: not a regular file (a folder, device or pipe); choose a layout file (.ron)")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file is larger than any layout may be.
    #[error(
        "{path}: the file is {size_mb} MB, more than the {limit_mb} MB a layout may be; it is not a clusterplan layout or must be split"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in MB.
        size_mb: u64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: byte {offset} is not valid UTF-8 text; a layout file is RON text, save it as UTF-8")]
    NotText {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The RON could not be parsed or does not have the layout's shape.
    #[error("{path}:{line}:{column}: {message}; fix the file at that position")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser found.
        message: String,
    },
    /// The file comes from a newer clusterplan.
    #[error(
        "{path}: the file is format version {found}, newer than version {supported} that this clusterplan reads; update clusterplan to open it"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The file's version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file parsed but a value is wrong.
    #[error("{path}{}: {location}, field `{field}`: {problem}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line when known.
        line: Option<usize>,
        /// What holds the bad value: `hall`, `item #12`, `type "rack-x"`.
        location: String,
        /// The field.
        field: String,
        /// What is wrong and what to do.
        problem: String,
    },
}

/// Why a layout could not be saved.
#[derive(Debug, Error)]
pub enum SaveError {
    /// Writing failed; the previous file is unchanged.
    #[error("{path}: cannot write the layout ({source}); the previous file is unchanged")]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// Serialising failed (a bug: every layout serialises).
    #[error("cannot serialise the layout: {0}")]
    Serialise(String),
}
