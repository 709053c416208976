//! What a design is for and who made it: project, customer, author and its revisions — printed on every sheet a
//! design pack holds, kept in the layout file.

use serde::{Deserialize, Serialize};

/// The document data of a design.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentInfo {
    /// The project the design is for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// The customer it is made for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub customer: String,
    /// Who prepared it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prepared_by: String,
    /// Its revisions, oldest first; the last is the current one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// One revision of a design.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Its mark, e.g. `"A"`, `"B"`, `"1.2"`.
    pub rev: String,
    /// Its date, ISO 8601 (`YYYY-MM-DD`).
    pub date: String,
    /// What changed, in a line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Most revisions a design keeps.
pub const MAX_REVISIONS: usize = 200;

impl DocumentInfo {
    /// True when nothing is stated.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The current revision, when there is one.
    pub fn current(&self) -> Option<&Revision> {
        self.revisions.last()
    }
}
