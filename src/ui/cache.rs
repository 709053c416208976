//! The report and what the canvas derives from it, built for one document state ([`DocKey`]) and one what-if
//! failure; rebuilt when either changes.

use super::document::{DocKey, Document};
use crate::analysis::{Failure, Report, analyse_with};
use crate::palette::ItemStates;

/// The live report and per-item facts the canvas colours with.
#[derive(Default)]
pub struct Cache {
    key: Option<(DocKey, Failure)>,
    /// The live report.
    pub report: Report,
    /// What the report says about each item that colours it (misplaced, loads, lost units).
    pub states: ItemStates,
}

impl Cache {
    /// The document state and failure the report is for.
    pub fn key(&self) -> Option<&(DocKey, Failure)> {
        self.key.as_ref()
    }

    /// Rebuilds when the document or the failure changed.
    pub fn refresh(&mut self, doc: &Document, failure: &Failure) {
        if self.key.as_ref().is_some_and(|(k, f)| *k == doc.key() && f == failure) {
            return;
        }
        self.report = analyse_with(doc.layout(), failure);
        self.states = ItemStates::of(&self.report);
        self.key = Some((doc.key(), failure.clone()));
    }
}
