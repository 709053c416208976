//! An ephemeral cache for the canvas: every item's footprint and fill colour, bucketed in horizontal bands,
//! rebuilt only when the document or the colouring changes. Each frame then culls by band and draws from flat
//! arrays — no type lookups, no per-item allocation — so a 1M-GPU hall pans smoothly.

use egui::Color32;

use super::cache::Cache;
use super::document::{DocKey, Document};
use super::theme;
use super::view::Overlays;
use crate::analysis::Failure;
use crate::model::Rotation;
use crate::model::ops::Mounts;
use crate::palette::{self, Colouring};

/// One item as the canvas draws it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloorEntry {
    /// Footprint min corner (metres).
    pub min: [f32; 2],
    /// Footprint max corner (metres).
    pub max: [f32; 2],
    /// Index in `layout.items`.
    pub item: u32,
    /// Mounted in a rack (drawn as a strip on top of it).
    pub mounted: bool,
    /// Orientation.
    pub rot: Rotation,
    /// Fill colour.
    pub fill: Color32,
}

/// What the entries and their colours were built from.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    doc: DocKey,
    overlays: Overlays,
    failure: Failure,
    dark: bool,
}

/// Items bucketed by horizontal band.
#[derive(Default)]
pub struct FloorIndex {
    key: Option<Key>,
    /// Floor items first, then mounted ones (drawing order).
    pub entries: Vec<FloorEntry>,
    band_m: f32,
    min_y: f32,
    /// Entry indices per band, ascending.
    bands: Vec<Vec<u32>>,
    /// The entry of each item (by index in `layout.items`; `u32::MAX`: none).
    entry_of: Vec<u32>,
    /// Mounted units and their racks, as when the entries were built.
    mounts: Mounts,
    /// The colouring the entries were built with.
    colouring: Colouring,
}

impl FloorIndex {
    /// Rebuilds when anything the drawing depends on changed. `cache` must be refreshed for the same document
    /// and failure first (its colours are read). When the cache last followed the document item by item from
    /// the state these entries are for, only the items it names are drawn again.
    pub fn refresh(&mut self, doc: &Document, overlays: Overlays, failure: &Failure, dark: bool, cache: &Cache) {
        let key = Key { doc: doc.key(), overlays, failure: failure.clone(), dark };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        debug_assert_eq!(cache.key().map(|(k, _)| *k), Some(doc.key()), "report cache refreshed first");
        let follows = self
            .key
            .as_ref()
            .is_some_and(|old| old.overlays == overlays && old.failure == *failure && old.dark == dark)
            && cache.last_refresh().is_some_and(|r| {
                Some(r.from) == self.doc_key()
                    && r.same_items
                    && self.patch(doc, overlays, failure, dark, cache, &r.items)
            });
        if !follows {
            self.rebuild(doc, overlays, failure, dark, cache);
        }
        self.key = Some(key);
    }

    /// How an item is coloured under the overlays and failure (the heat scale from the report's densest rack).
    fn colouring(overlays: Overlays, failure: &Failure, cache: &Cache) -> Colouring {
        let what_if = *failure != Failure::None;
        let heat = overlays.heat.then(|| palette::heat_scale_kw(cache.report().power.densest_rack_kw));
        Colouring { heat, floor: overlays.floor, loads: overlays.feeds || what_if }
    }

    /// Builds every entry.
    fn rebuild(&mut self, doc: &Document, overlays: Overlays, failure: &Failure, dark: bool, cache: &Cache) {
        let layout = doc.layout();
        self.entries.clear();
        self.mounts = Mounts::of(layout);
        self.entry_of = vec![u32::MAX; layout.items.len()];
        let how = Self::colouring(overlays, failure, cache);
        self.colouring = how;
        for mounted_pass in [false, true] {
            for (i, item) in layout.items.iter().enumerate() {
                let Some(ty) = layout.type_of(item) else { continue };
                if ty.occupies_floor() == mounted_pass {
                    continue;
                }
                // A mounted unit is drawn (and hit) as a strip at the back of its rack, so it covers the host's
                // footprint, not its own.
                let (min, max) = palette::drawn_footprint(layout, &self.mounts, item, ty);
                let fill = theme::c(palette::item_fill(layout, cache.report(), &cache.states, item, ty, how, dark));
                self.entry_of[i] = self.entries.len() as u32;
                self.entries.push(FloorEntry { min, max, item: i as u32, mounted: mounted_pass, rot: item.rot, fill });
            }
        }
        let (min_y, max_y) =
            self.entries.iter().fold((f32::MAX, f32::MIN), |(lo, hi), e| (lo.min(e.min[1]), hi.max(e.max[1])));
        self.min_y = if self.entries.is_empty() { 0.0 } else { min_y };
        let extent = (max_y - self.min_y).max(1.0);
        self.band_m = (extent / 256.0).max(2.4);
        let count = ((extent / self.band_m).ceil() as usize + 1).min(4096);
        self.bands = vec![Vec::new(); count];
        for (n, e) in self.entries.iter().enumerate() {
            let (a, b) = (self.band_of(e.min[1]), self.band_of(e.max[1]));
            for band in &mut self.bands[a..=b] {
                band.push(n as u32);
            }
        }
    }

    /// Draws the named items again (they moved, turned or changed colour; none came or went). False when that
    /// cannot be done in place (a unit became a rack or the other way round).
    fn patch(
        &mut self,
        doc: &Document,
        overlays: Overlays,
        failure: &Failure,
        dark: bool,
        cache: &Cache,
        items: &[crate::model::ItemId],
    ) -> bool {
        let layout = doc.layout();
        if layout.items.len() != self.entry_of.len() {
            return false;
        }
        // A new densest rack moves the heat scale: every rack's colour changes.
        if Self::colouring(overlays, failure, cache) != self.colouring {
            return false;
        }
        let how = Self::colouring(overlays, failure, cache);
        for &id in items {
            let Some(i) = layout.index_of(id) else { continue };
            let n = self.entry_of[i];
            let item = &layout.items[i];
            let Some(ty) = layout.type_of(item) else { continue };
            if n == u32::MAX || self.entries[n as usize].mounted == ty.occupies_floor() {
                return false;
            }
            let (min, max) = palette::drawn_footprint(layout, &self.mounts, item, ty);
            let fill = theme::c(palette::item_fill(layout, cache.report(), &cache.states, item, ty, how, dark));
            let old = self.entries[n as usize];
            let (a0, b0) = (self.band_of(old.min[1]), self.band_of(old.max[1]));
            let (a1, b1) = (self.band_of(min[1]), self.band_of(max[1]));
            if (a0, b0) != (a1, b1) {
                for band in &mut self.bands[a0..=b0] {
                    if let Ok(k) = band.binary_search(&n) {
                        band.remove(k);
                    }
                }
                for band in &mut self.bands[a1..=b1] {
                    if let Err(k) = band.binary_search(&n) {
                        band.insert(k, n);
                    }
                }
            }
            self.entries[n as usize] = FloorEntry { min, max, rot: item.rot, fill, ..old };
        }
        true
    }

    /// The document state the entries were built for.
    pub fn doc_key(&self) -> Option<DocKey> {
        self.key.as_ref().map(|k| k.doc)
    }

    /// The item (index in `layout.items`) under a floor point: a mounted unit's strip first (it is drawn on
    /// top), then the floor item containing it.
    pub fn hit(&self, p: [f64; 2]) -> Option<u32> {
        let (x, y) = (p[0] as f32, p[1] as f32);
        let mut floor = None;
        let mut mounted = None;
        self.for_each_visible(p, p, |e| {
            let (min, max) = if e.mounted { mounted_strip(e.min, e.max, e.rot) } else { (e.min, e.max) };
            if x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1] {
                if e.mounted {
                    mounted = Some(e.item);
                } else {
                    floor = Some(e.item);
                }
            }
        });
        mounted.or(floor)
    }

    fn band_of(&self, y: f32) -> usize {
        (((y - self.min_y) / self.band_m).floor().max(0.0) as usize).min(self.bands.len().saturating_sub(1))
    }

    /// Calls `f` once for each entry overlapping the world rectangle, floor items before the mounted units
    /// on them.
    pub fn for_each_visible(&self, lo: [f64; 2], hi: [f64; 2], mut f: impl FnMut(&FloorEntry)) {
        if self.bands.is_empty() {
            return;
        }
        let (lo, hi) = ([lo[0] as f32, lo[1] as f32], [hi[0] as f32, hi[1] as f32]);
        let (first, last) = (self.band_of(lo[1]), self.band_of(hi[1]));
        for band in first..=last {
            for &n in &self.bands[band] {
                let e = &self.entries[n as usize];
                // Visit an entry once: from its own first band, or the first visible one.
                if self.band_of(e.min[1]).max(first) != band {
                    continue;
                }
                if e.max[0] < lo[0] || e.min[0] > hi[0] || e.max[1] < lo[1] || e.min[1] > hi[1] {
                    continue;
                }
                f(e);
            }
        }
    }
}

pub use crate::model::ops::{MOUNTED_STRIP, mounted_strip};
