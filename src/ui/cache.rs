//! The live report and what the canvas derives from it, for one document state ([`DocKey`]) and one what-if
//! failure. After an edit the analysis follows the document's changes item by item ([`LiveAnalysis::update`]);
//! a new document, another failure or changes it cannot follow build it afresh.

use std::collections::BTreeSet;

use super::document::{DocKey, Document};
use crate::analysis::{Failure, LiveAnalysis, Report, Updated};
use crate::model::ItemId;
use crate::palette::ItemStates;

/// What the last refresh changed, for the caches built on this one (the floor index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refreshed {
    /// The document state the cache was for before.
    pub from: DocKey,
    /// The items whose figures or states changed.
    pub items: Vec<ItemId>,
    /// The same items are in the layout, with the same types and cooling units (so the same mounts).
    pub same_items: bool,
}

/// The live report and per-item facts the canvas colours with.
#[derive(Default)]
pub struct Cache {
    key: Option<(DocKey, Failure)>,
    live: Option<LiveAnalysis>,
    empty: Report,
    /// What the report says about each item that colours it (misplaced, loads, lost units).
    pub states: ItemStates,
    last: Option<Refreshed>,
}

impl Cache {
    /// The document state and failure the report is for.
    pub fn key(&self) -> Option<&(DocKey, Failure)> {
        self.key.as_ref()
    }

    /// The live report.
    pub fn report(&self) -> &Report {
        self.live.as_ref().map_or(&self.empty, LiveAnalysis::report)
    }

    /// What the last refresh changed, when it followed the document item by item (None after a rebuild).
    pub fn last_refresh(&self) -> Option<&Refreshed> {
        self.last.as_ref()
    }

    /// Takes a live analysis built elsewhere (a worker) for the document state `key`, in normal operation.
    pub fn adopt(&mut self, key: DocKey, live: LiveAnalysis) {
        self.live = Some(live);
        self.states = ItemStates::of(self.report());
        self.last = None;
        self.key = Some((key, Failure::None));
    }

    /// Brings the report up to the document and failure: nothing when they are what it is for; the items the
    /// document's changes touched when it can follow them; afresh otherwise.
    pub fn refresh(&mut self, doc: &Document, failure: &Failure) {
        let key = doc.key();
        if self.key.as_ref().is_some_and(|(k, f)| *k == key && f == failure) {
            return;
        }
        let followed = match (&self.key, &mut self.live) {
            (Some((from, f)), Some(live)) if from.generation == key.generation && f == failure => {
                let from = *from;
                doc.changes_since(from.revision).map(|changes| (from, live.update(doc.layout(), &changes)))
            }
            _ => None,
        };
        self.last = None;
        match followed {
            Some((from, Updated::Items { items, same_items, loads })) => {
                let report = self.live.as_ref().map_or(&self.empty, LiveAnalysis::report);
                let mut changed: BTreeSet<ItemId> = items.into_iter().collect();
                changed.extend(self.states.update(report, loads.as_deref()));
                self.last = Some(Refreshed { from, items: changed.into_iter().collect(), same_items });
            }
            Some((_, Updated::Afresh)) => self.states = ItemStates::of(self.report()),
            None => {
                self.live = Some(LiveAnalysis::new(doc.layout(), failure));
                self.states = ItemStates::of(self.report());
            }
        }
        self.key = Some((key, failure.clone()));
    }
}

/// Halls whose items × phases are up to this have their phases analysed at once; larger ones on a worker thread
/// (a 1M-GPU hall's ten phases take about 130 ms), the figures on screen meanwhile those of the state before.
pub const PHASES_AT_ONCE_MAX_ITEMS: usize = 20_000;

/// The phases' figures and each item's phase, as a worker hands them back.
struct PhasesBuilt {
    report: crate::analysis::phases::PhasesReport,
    item_phases: Vec<(ItemId, Option<usize>)>,
}

fn build_phases(layout: &crate::model::Layout) -> PhasesBuilt {
    let of = crate::model::phase::item_phases(layout);
    PhasesBuilt {
        report: crate::analysis::phases::analyse_phases(layout),
        item_phases: layout.items.iter().map(|i| i.id).zip(of).collect(),
    }
}

/// The phases' figures and each item's phase, for one document state: built when a view needs them (the Phases
/// tab, a phase shown on the floor, the presentation's timeline, the Compare tab) — at once for a small hall, on
/// a worker for a large one — and not while a gesture is open (a drag is not held up by one analysis a phase).
#[derive(Default)]
pub struct PhasesCache {
    key: Option<DocKey>,
    /// The phases' figures.
    pub report: std::sync::Arc<crate::analysis::phases::PhasesReport>,
    /// Each item's id and phase (`None`: online from the start), in the layout's item order when built.
    pub item_phases: Vec<(ItemId, Option<usize>)>,
    /// A worker analysing the phases of this document state.
    building: Option<(DocKey, std::sync::mpsc::Receiver<PhasesBuilt>)>,
}

impl PhasesCache {
    /// Brings the figures up to the document when they are wanted and no gesture is open; `done` is called from
    /// the worker when it finishes (to wake the window).
    pub fn refresh(&mut self, doc: &Document, wanted: bool, done: impl Fn() + Send + 'static) {
        if let Some((key, rx)) = &self.building {
            match rx.try_recv() {
                Ok(built) => {
                    self.key = Some(*key);
                    self.report = std::sync::Arc::new(built.report);
                    self.item_phases = built.item_phases;
                    self.building = None;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.building = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        let key = doc.key();
        if !wanted || self.key == Some(key) || (doc.in_gesture() && self.key.is_some()) {
            return;
        }
        let layout = doc.layout();
        // Each phase is one analysis of (up to) the whole hall.
        if layout.items.len() * layout.phases.len().max(1) <= PHASES_AT_ONCE_MAX_ITEMS {
            let built = build_phases(layout);
            self.report = std::sync::Arc::new(built.report);
            self.item_phases = built.item_phases;
            self.key = Some(key);
            self.building = None;
            return;
        }
        // One worker at a time: a newer state waits for the one running to finish (it wakes the window).
        if self.building.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let snapshot = layout.clone();
        std::thread::spawn(move || {
            let _ = tx.send(build_phases(&snapshot));
            done();
        });
        self.building = Some((key, rx));
    }

    /// True when the figures are for this document state.
    pub fn is_for(&self, doc: &Document) -> bool {
        self.key == Some(doc.key())
    }

    /// Whether the item `id`, at `index` in the layout, comes online after phase `shown` (drawn faint); false
    /// when the phases were built for items in another order (until they are built again).
    pub fn later_than(&self, index: usize, id: ItemId, shown: usize) -> bool {
        self.item_phases.get(index).is_some_and(|&(at, p)| at == id && p.is_some_and(|p| p > shown))
    }
}
