//! An ephemeral cache for the canvas: every item's footprint and fill colour, bucketed in horizontal bands,
//! rebuilt only when the document or the colouring changes. Each frame then culls by band and draws from flat
//! arrays — no type lookups, no per-item allocation — so a 1M-GPU hall pans smoothly.

use egui::Color32;

use super::theme;
use super::view::Overlays;
use crate::analysis::Failure;
use crate::model::{EquipmentKind, Layout, Rotation};

/// One item as the canvas draws it.
#[derive(Clone, Copy, Debug)]
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

/// What the colours depend on besides the document.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    revision: u64,
    overlays: Overlays,
    failure: Failure,
    dark: bool,
    report_revision: u64,
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
}

impl FloorIndex {
    /// Rebuilds when anything the drawing depends on changed.
    pub fn refresh(
        &mut self,
        layout: &Layout,
        revision: u64,
        overlays: Overlays,
        failure: &Failure,
        dark: bool,
        cache: &super::app::Cache,
    ) {
        let key = Key { revision, overlays, failure: failure.clone(), dark, report_revision: cache.revision() };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let tile = layout.hall.tile_m;
        let what_if = *failure != Failure::None;
        self.entries.clear();
        for mounted_pass in [false, true] {
            for (i, item) in layout.items.iter().enumerate() {
                let Some(ty) = layout.type_of(item) else { continue };
                if ty.occupies_floor() == mounted_pass {
                    continue;
                }
                let o = item.origin_m(tile);
                let size = item.footprint_m(ty);
                let mut fill = theme::kind_fill(ty, dark);
                if overlays.heat && ty.kind.is_it_load() {
                    fill = theme::heat(ty.power_typical_kw * item.fill_fraction(ty));
                }
                if (overlays.feeds || what_if) && matches!(ty.kind, EquipmentKind::Pdu | EquipmentKind::Cooling) {
                    fill = theme::load(cache.utilisation.get(&item.id).copied().unwrap_or(0.0));
                }
                if cache.invalid.contains(&item.id) {
                    fill = fill.lerp_to_gamma(theme::INVALID, 0.75);
                }
                self.entries.push(FloorEntry {
                    min: [o.x as f32, o.y as f32],
                    max: [(o.x + size.x) as f32, (o.y + size.y) as f32],
                    item: i as u32,
                    mounted: mounted_pass,
                    rot: item.rot,
                    fill,
                });
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
        self.key = Some(key);
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
