//! The report and what the canvas derives from it, built for one document state ([`DocKey`]) and one what-if
//! failure; rebuilt when either changes.

use std::collections::{HashMap, HashSet};

use super::document::{DocKey, Document};
use crate::analysis::{Failure, Report, analyse_with};
use crate::model::ItemId;

/// The live report and per-item facts the canvas colours with.
#[derive(Default)]
pub struct Cache {
    key: Option<(DocKey, Failure)>,
    /// The live report.
    pub report: Report,
    /// Items in an invalid place (overlap, outside the hall, on an obstacle).
    pub invalid: HashSet<ItemId>,
    /// Utilisation of each PDU and cooling unit in the report's scenario.
    pub utilisation: HashMap<ItemId, f64>,
    /// PDUs and cooling units lost in the report's scenario.
    pub lost: HashSet<ItemId>,
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
        self.invalid = self
            .report
            .warnings
            .iter()
            .filter(|w| matches!(w.code, "overlap" | "outside-hall" | "on-obstacle"))
            .flat_map(|w| w.items.iter().copied())
            .collect();
        let power = &self.report.power;
        let cooling = &self.report.cooling;
        self.utilisation = power
            .pdus
            .iter()
            .map(|p| (p.id, p.utilisation()))
            .chain(cooling.units.iter().map(|u| (u.id, u.utilisation())))
            .collect();
        self.lost = power
            .pdus
            .iter()
            .filter(|p| p.lost)
            .map(|p| p.id)
            .chain(cooling.units.iter().filter(|u| u.lost).map(|u| u.id))
            .collect();
        self.key = Some((doc.key(), failure.clone()));
    }
}
