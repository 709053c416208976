//! File › Compare with…: a second layout, opened read-only beside the document. Its own report, floor index and
//! (empty) session, so the canvas can show it at the same camera (View › Show A / B, key `B`) and the Compare
//! tab can set every figure of the two side by side. Nothing edits it; while it is on the canvas, edits of the
//! document are refused (they would change a hall the user cannot see).

use std::path::PathBuf;

use super::cache::Cache;
use super::document::Document;
use super::floor_index::FloorIndex;
use super::view::{Prefs, Session};
use crate::analysis::Failure;
use crate::model::Layout;

/// The layout compared with (B) and what the canvas needs to draw it.
pub struct Comparison {
    /// The file it came from.
    pub path: PathBuf,
    /// The layout, read-only.
    pub doc: Document,
    /// Its report (normal operation).
    pub cache: Cache,
    /// Its floor index.
    pub index: FloorIndex,
    /// An empty selection and the select tool (B is never edited).
    pub session: Session,
    /// The canvas shows B rather than the document (A).
    pub showing_b: bool,
}

impl Comparison {
    /// B, read from `path`.
    pub fn new(layout: Layout, path: PathBuf) -> Self {
        Self {
            path,
            doc: Document::new(layout, None),
            cache: Cache::default(),
            index: FloorIndex::default(),
            session: Session::default(),
            showing_b: false,
        }
    }

    /// B, a hall built and analysed elsewhere (a presentation scenario), shown on the canvas at once.
    pub fn built(layout: Layout, live: crate::analysis::LiveAnalysis) -> Self {
        let doc = Document::new(layout, None);
        let mut cache = Cache::default();
        cache.adopt(doc.key(), live);
        Self {
            path: PathBuf::new(),
            doc,
            cache,
            index: FloorIndex::default(),
            session: Session::default(),
            showing_b: true,
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
        self.path.as_os_str().is_empty()
    }

    /// B's name for headings: the design's name, else the file's.
    pub fn name(&self) -> String {
        let name = &self.doc.layout().name;
        if name.trim().is_empty() {
            self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into())
        } else {
            name.clone()
        }
    }
}
