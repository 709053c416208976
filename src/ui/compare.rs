//! B: a second layout beside the document (A) — a file opened with File › Compare with…, or a presentation
//! scenario built on a worker — read-only, with its own report, floor index and (empty) session, so the canvas can
//! show it at the same camera (View › Show A / B, key `B`) and the Compare tab and the presentation's tiles can
//! set its figures beside A's. B knows where it came from ([`BSource`]). Nothing edits it; while it is on the
//! canvas, edits of the document are refused (they would change a hall the user cannot see).

use std::path::{Path, PathBuf};

use super::cache::Cache;
use super::document::Document;
use super::floor_index::FloorIndex;
use super::scenario::ScenarioKey;
use super::view::{Prefs, Session};
use crate::analysis::{Failure, LiveAnalysis};
use crate::model::Layout;

/// Where B came from.
#[derive(Clone, Debug, PartialEq)]
pub enum BSource {
    /// A layout file opened read-only to compare with.
    File(PathBuf),
    /// A presentation scenario built for these settings.
    Scenario(ScenarioKey),
}

/// The layout compared with (B) and what the canvas needs to draw it.
pub struct Comparison {
    /// Where it came from.
    pub source: BSource,
    /// The layout, read-only.
    pub doc: Document,
    /// Its report (normal operation, or a whole-feed failure the document is shown under).
    pub cache: Cache,
    /// Its floor index.
    pub index: FloorIndex,
    /// An empty selection and the select tool (B is never edited).
    pub session: Session,
    /// The canvas shows B rather than the document (A).
    pub showing_b: bool,
    /// B's phases, when a view wants them (the Compare tab's days to full capacity).
    pub phases: super::cache::PhasesCache,
}

impl std::fmt::Debug for Comparison {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Comparison({:?}, {})", self.source, self.name())
    }
}

impl Comparison {
    /// B, read from `path`.
    pub fn of_file(layout: Layout, path: PathBuf) -> Self {
        Self {
            source: BSource::File(path),
            doc: Document::new(layout, None),
            cache: Cache::default(),
            index: FloorIndex::default(),
            session: Session::default(),
            showing_b: false,
            phases: super::cache::PhasesCache::default(),
        }
    }

    /// B, a scenario's hall built and analysed on a worker, shown on the canvas at once.
    pub fn of_scenario(key: ScenarioKey, layout: Layout, live: LiveAnalysis) -> Self {
        let doc = Document::new(layout, None);
        let mut cache = Cache::default();
        cache.adopt(doc.key(), live);
        Self {
            source: BSource::Scenario(key),
            doc,
            cache,
            index: FloorIndex::default(),
            session: Session::default(),
            showing_b: true,
            phases: super::cache::PhasesCache::default(),
        }
    }

    /// Brings B's report and floor index up to date (a no-op unless the overlays or theme changed).
    /// A whole-feed failure applies to B as well (a PDU or unit failure names one of A's items, so B runs normal).
    pub fn refresh(&mut self, prefs: &Prefs, failure: &Failure) {
        let failure = if matches!(failure, Failure::FeedA | Failure::FeedB) { failure.clone() } else { Failure::None };
        self.cache.refresh(&self.doc, &failure);
        // B's canvas (legend included) reads the failure it is coloured under from its session.
        self.session.failure = failure.clone();
        self.index.refresh(&self.doc, prefs.overlays, &failure, prefs.dark, &self.cache);
    }

    /// B is a presentation scenario (built here), not a file.
    pub fn is_scenario(&self) -> bool {
        matches!(self.source, BSource::Scenario(_))
    }

    /// The file B was read from, when it is a file.
    pub fn file(&self) -> Option<&Path> {
        match &self.source {
            BSource::File(p) => Some(p),
            BSource::Scenario(_) => None,
        }
    }

    /// Where B came from, in words: "colossus.ron, read-only" or "your hall grown by 50,000 H200".
    pub fn origin(&self) -> String {
        match &self.source {
            BSource::File(p) => format!("{}, read-only", p.display()),
            BSource::Scenario(key) => format!("{}, read-only", key.describe()),
        }
    }

    /// B's name for headings: the design's name, else the file's.
    pub fn name(&self) -> String {
        let name = &self.doc.layout().name;
        if !name.trim().is_empty() {
            return name.clone();
        }
        match &self.source {
            BSource::File(p) => p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
            BSource::Scenario(key) => key.describe(),
        }
    }
}
