//! Placement checks: items outside the hall, on obstacles, overlapping each other, over-filled network racks.
//!
//! Overlaps are found with a cell grid: every footprint is entered in the 1.2 m cells it touches, the entries
//! are sorted by cell, and only items sharing a cell are compared — linear in items for realistic halls.

use std::collections::{BTreeMap, BTreeSet};

use glam::DVec2;
use rustc_hash::{FxHashMap, FxHashSet};

use super::world::World;
use super::{Ctx, Severity, Warning, warn};
use crate::model::{EquipmentType, Item, ItemId, Layout, Obstacle};

/// Cell edge of the overlap grid, in metres (one rack depth: a cell holds a few racks, so few pairs compare).
const CELL_M: f64 = 1.2;
/// Geometric tolerance in metres: touching edges do not overlap.
const EPS_M: f64 = 1e-6;
/// Pairs listed one by one before the rest are summarised.
const MAX_LISTED_OVERLAPS: usize = 200;
/// Most other entries one entry is compared with in a cell.
const MAX_CELL_COMPARISONS: usize = 512;
/// An obstacle covering more cells than this is tested against every item instead of being gridded.
const MAX_GRIDDED_OBSTACLE_CELLS: u64 = 4096;

/// An axis-aligned rectangle in metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RectM {
    /// Top-left corner.
    pub min: DVec2,
    /// Bottom-right corner.
    pub max: DVec2,
}

impl RectM {
    /// From a corner and a size.
    pub fn from_min_size(min: DVec2, size: DVec2) -> Self {
        Self { min, max: min + size }
    }

    /// True when the two share an area (touching edges do not count).
    pub fn overlaps(&self, other: &RectM) -> bool {
        self.min.x < other.max.x - EPS_M
            && other.min.x < self.max.x - EPS_M
            && self.min.y < other.max.y - EPS_M
            && other.min.y < self.max.y - EPS_M
    }

    /// True when `other` lies wholly inside.
    pub fn contains(&self, other: &RectM) -> bool {
        other.min.x >= self.min.x - EPS_M
            && other.min.y >= self.min.y - EPS_M
            && other.max.x <= self.max.x + EPS_M
            && other.max.y <= self.max.y + EPS_M
    }

    /// Centre point.
    pub fn centre(&self) -> DVec2 {
        (self.min + self.max) * 0.5
    }
}

/// The footprint of an item in metres.
pub fn item_rect(layout: &Layout, item: &Item) -> Option<RectM> {
    let ty = layout.type_of(item)?;
    Some(RectM::from_min_size(item.origin_m(), item.footprint_m(ty)))
}

/// The rectangle of an obstacle.
pub fn obstacle_rect(o: &Obstacle) -> RectM {
    RectM::from_min_size(DVec2::new(o.x_m, o.y_m), DVec2::new(o.width_m, o.depth_m))
}

fn cell_of(v: f64) -> i64 {
    super::cables::floor_fast(v / CELL_M) as i64
}

/// Bits of a grid entry that hold the item or obstacle (the rest hold the cell).
const TAG_BITS: u32 = 22;
/// Tag bit marking an obstacle.
const OBSTACLE_BIT: u64 = 1 << (TAG_BITS - 1);
/// Items or obstacles a tag can name (2²¹ − 1 > `MAX_ITEMS`).
const MAX_TAGGED: usize = (1 << (TAG_BITS - 1)) - 1;

/// A cell as 42 bits: 21 per axis, offset so cells left of or above the hall (items outside it) still order
/// and stay distinct; halls are ≤ 10 km (8,400 cells), far inside the ±1,048,576 cells this reaches.
fn cell_key(cx: i64, cy: i64) -> u64 {
    const HALF: i64 = 1 << 20;
    let x = (cx + HALF).clamp(0, 2 * HALF - 1) as u64;
    let y = (cy + HALF).clamp(0, 2 * HALF - 1) as u64;
    (y << 21) | x
}

fn cells(r: &RectM) -> (i64, i64, i64, i64) {
    (cell_of(r.min.x), cell_of(r.min.y), cell_of(r.max.x - EPS_M), cell_of(r.max.y - EPS_M))
}

fn cell_count(r: &RectM) -> u64 {
    let (x0, y0, x1, y1) = cells(r);
    ((x1 - x0 + 1).max(0) as u64) * ((y1 - y0 + 1).max(0) as u64)
}

/// The cell holding the top-left corner of the intersection of two rectangles; a pair is reported only from
/// that cell so pairs sharing several cells are reported once.
fn owner_cell(a: &RectM, b: &RectM) -> u64 {
    cell_key(cell_of(a.min.x.max(b.min.x)), cell_of(a.min.y.max(b.min.y)))
}

/// Pairs of entries the overlap check compares for a layout: the work it does, bounded by
/// [`MAX_CELL_COMPARISONS`] per entry however the items pile up (tests check the bound).
pub fn overlap_comparisons(layout: &Layout) -> u64 {
    let ctx = Ctx::new(layout);
    GeometryState::build(&ctx).1
}

/// Most touched items the grid keeps beside its sorted entries before it is built afresh.
const MAX_STALE: usize = 4096;
/// Most overlapping pairs searched through when an edit touches items (a broken hall beyond it is checked
/// afresh).
const MAX_KEPT_OVERLAPS: usize = 20_000;

/// The placement checks' state: what is wrong where, and the overlap grid — every footprint entered in the cells
/// it touches, sorted by cell, with the items touched since kept beside it — so an edit checks only the cells
/// of the items it moves.
#[derive(Clone, Debug)]
pub(crate) struct GeometryState {
    hall: RectM,
    obstacles: Vec<RectM>,
    outside: BTreeSet<ItemId>,
    overfull: BTreeMap<ItemId, RackU>,
    on_obstacle: BTreeSet<ItemId>,
    overlaps: BTreeSet<(ItemId, ItemId)>,
    /// Every pair sharing a cell was compared (no cell held more than a window's worth): the state can be kept
    /// up to date. Otherwise (only a broken or hostile hall) it is built afresh after every edit.
    every_pair: bool,
    /// Some cell held more entries than a window compares.
    windowed: bool,
    /// Grid entries (cell key above the tag: the item's index when built, or an obstacle).
    entries: Vec<u64>,
    /// Item id of each tag.
    tag_ids: Vec<ItemId>,
    /// Items touched since the grid was built: their entries in `entries` are out of date.
    stale: FxHashSet<ItemId>,
    /// The cells the touched items cover now.
    extra: FxHashMap<u64, Vec<ItemId>>,
}

/// An item's footprint, whether it stands on the floor, and its rack units when it is a rack whose contents do not
/// fit them, in a state of the layout.
fn placement(world: &World<'_>, id: ItemId) -> Option<(RectM, bool, Option<RackU>)> {
    let f = world.facts(id)?;
    let ty = f.ty?;
    let r = RectM::from_min_size(f.item.origin_m(), f.item.footprint_m(ty));
    let unit = f.item.cooling.and_then(|c| world.facts(c)).and_then(|u| u.ty);
    let reserved = world.layout().hall.settings.reserved_top_u;
    let over = rack_u(f.item, ty, f.switch, unit, reserved).filter(RackU::overfull);
    Some((r, ty.occupies_floor(), over))
}

/// A rack's rack units: what its contents take and what it offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RackU {
    /// Rack units its contents take: servers, the type's own contents, switches, a unit mounted in it.
    pub used_u: u64,
    /// The rack's height in U.
    pub total_u: u32,
    /// Units kept free at the top (the hall's setting, at most the rack's height).
    pub reserved_u: u32,
}

impl RackU {
    /// Units the contents may take: the height less the reserved top units.
    pub fn usable_u(&self) -> u32 {
        self.total_u - self.reserved_u
    }

    /// True when the contents take more than the usable units.
    pub fn overfull(&self) -> bool {
        self.used_u > u64::from(self.usable_u())
    }
}

/// The rack units of a rack (GPU, network or storage rack of a stated height): its installed servers × their U,
/// its type's own contents (NVLink switch trays, power shelves, management switches), the switches it holds and
/// the unit mounted in it (`unit`: an in-rack CDU), against its height less `reserved_top_u`. `None` for an
/// item that is not a rack or whose type gives no height.
pub fn rack_u(
    item: &Item,
    ty: &EquipmentType,
    switch: Option<&EquipmentType>,
    unit: Option<&EquipmentType>,
    reserved_top_u: u32,
) -> Option<RackU> {
    if !super::elevation::is_rack(ty) {
        return None;
    }
    // The same blocks the elevation places (one account of a rack's contents).
    let used_u = super::elevation::blocks(item, ty, switch, unit).map(|b| u64::from(b.u) * u64::from(b.count)).sum();
    Some(RackU { used_u, total_u: ty.rack_units, reserved_u: reserved_top_u.min(ty.rack_units) })
}

impl GeometryState {
    /// Runs every placement check on a layout; also returns the pairs of grid entries compared.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> (Self, u64) {
        let layout = ctx.layout;
        let hall = RectM::from_min_size(DVec2::ZERO, DVec2::new(layout.hall.width_m, layout.hall.depth_m));
        let obstacles: Vec<RectM> = layout.hall.obstacles.iter().map(obstacle_rect).collect();

        let mut rects: Vec<Option<RectM>> = Vec::with_capacity(layout.items.len());
        let mut outside = BTreeSet::new();
        let mut overfull_racks = BTreeMap::new();
        let reserved = layout.hall.settings.reserved_top_u;
        for (i, item) in layout.items.iter().enumerate() {
            let Some(ty) = ctx.types[i] else {
                rects.push(None);
                continue;
            };
            let r = RectM::from_min_size(item.origin_m(), item.footprint_m(ty));
            if !hall.contains(&r) {
                outside.insert(item.id);
            }
            let unit = item.cooling.and_then(|c| layout.index_of(c)).and_then(|u| ctx.types[u]);
            if let Some(u) = rack_u(item, ty, ctx.switch_types[i], unit, reserved).filter(RackU::overfull) {
                overfull_racks.insert(item.id, u);
            }
            rects.push(ty.occupies_floor().then_some(r));
        }

        // Grid entries, one u64 each: the cell key above the tag (item index, or OBSTACLE_BIT | obstacle index),
        // so one integer sort groups them by cell.
        let mut big_obstacles = Vec::new();
        let gridded = |r: &RectM| cell_count(r) <= MAX_GRIDDED_OBSTACLE_CELLS;
        let mut overlaps: Vec<(ItemId, ItemId)> = Vec::new();
        let mut windowed = false;
        let mut compared = 0_u64;
        let mut on_obstacle = vec![false; layout.items.len()];
        let mut entries: Vec<u64> = Vec::new();
        let has_grid = rects.len() <= MAX_TAGGED && obstacles.len() <= MAX_TAGGED;
        if has_grid {
            let count: u64 = rects.iter().flatten().map(cell_count).sum::<u64>()
                + obstacles.iter().filter(|r| gridded(r)).map(cell_count).sum::<u64>();
            entries.reserve(count as usize);
            let mut push_cells = |r: &RectM, tag: u64| {
                let (x0, y0, x1, y1) = cells(r);
                for cy in y0..=y1 {
                    for cx in x0..=x1 {
                        entries.push((cell_key(cx, cy) << TAG_BITS) | tag);
                    }
                }
            };
            for (i, r) in rects.iter().enumerate() {
                if let Some(r) = r {
                    push_cells(r, i as u64);
                }
            }
            for (o, r) in obstacles.iter().enumerate() {
                if gridded(r) {
                    push_cells(r, OBSTACLE_BIT | o as u64);
                } else {
                    big_obstacles.push(o);
                }
            }
            entries.sort_unstable();

            let tag_mask = (1_u64 << TAG_BITS) - 1;
            let mut start = 0;
            while start < entries.len() {
                let key = entries[start] >> TAG_BITS;
                let mut end = start + 1;
                while end < entries.len() && entries[end] >> TAG_BITS == key {
                    end += 1;
                }
                let run = &entries[start..end];
                for (n, &ea) in run.iter().enumerate() {
                    // A pile of items on one spot (only a hostile or broken file) would make this quadratic:
                    // each entry is compared with a bounded window of the others in its cell.
                    let end = run.len().min(n + 1 + MAX_CELL_COMPARISONS);
                    windowed |= end < run.len();
                    let window = &run[n + 1..end];
                    compared += window.len() as u64;
                    for &eb in window {
                        let (a, b) = (ea & tag_mask, eb & tag_mask);
                        match (a & OBSTACLE_BIT != 0, b & OBSTACLE_BIT != 0) {
                            (true, true) => {}
                            (false, false) => {
                                let (ra, rb) = (rects[a as usize].unwrap_or(hall), rects[b as usize].unwrap_or(hall));
                                if ra.overlaps(&rb) && owner_cell(&ra, &rb) == key {
                                    let (ia, ib) = (layout.items[a as usize].id, layout.items[b as usize].id);
                                    overlaps.push((ia.min(ib), ia.max(ib)));
                                }
                            }
                            (a_obs, _) => {
                                let (item, obs) = if a_obs { (b, a & !OBSTACLE_BIT) } else { (a, b & !OBSTACLE_BIT) };
                                if let Some(r) = rects[item as usize]
                                    && r.overlaps(&obstacles[obs as usize])
                                {
                                    on_obstacle[item as usize] = true;
                                }
                            }
                        }
                    }
                }
                start = end;
            }
        }
        for &o in &big_obstacles {
            for (i, r) in rects.iter().enumerate() {
                if let Some(r) = r
                    && r.overlaps(&obstacles[o])
                {
                    on_obstacle[i] = true;
                }
            }
        }
        let on_obstacle: BTreeSet<ItemId> =
            on_obstacle.iter().zip(&layout.items).filter(|(b, _)| **b).map(|(_, item)| item.id).collect();
        let state = Self {
            hall,
            obstacles,
            outside,
            overfull: overfull_racks,
            on_obstacle,
            overlaps: overlaps.into_iter().collect(),
            every_pair: has_grid && !windowed,
            windowed,
            entries,
            tag_ids: if has_grid { layout.items.iter().map(|i| i.id).collect() } else { Vec::new() },
            stale: FxHashSet::default(),
            extra: FxHashMap::default(),
        };
        (state, compared)
    }

    /// Brings the checks from the layout `before` the changes to `after` for the touched items; false when the
    /// state cannot follow (a broken hall whose cells are too full, or too many touched items) and must be built
    /// afresh.
    pub fn update(&mut self, before: &World<'_>, after: &World<'_>, touched: &[ItemId]) -> bool {
        if !self.every_pair || self.stale.len() + touched.len() > MAX_STALE || self.overlaps.len() > MAX_KEPT_OVERLAPS {
            return false;
        }
        let set: FxHashSet<ItemId> = touched.iter().copied().collect();
        self.overlaps.retain(|(a, b)| !set.contains(a) && !set.contains(b));
        for &id in touched {
            self.outside.remove(&id);
            self.overfull.remove(&id);
            self.on_obstacle.remove(&id);
            // The cells it covered: out of date in the sorted entries, or kept beside them.
            if let Some((r, true, _)) = placement(before, id) {
                let (x0, y0, x1, y1) = cells(&r);
                for cy in y0..=y1 {
                    for cx in x0..=x1 {
                        let key = cell_key(cx, cy);
                        if let Some(v) = self.extra.get_mut(&key) {
                            v.retain(|m| *m != id);
                            if v.is_empty() {
                                self.extra.remove(&key);
                            }
                        }
                    }
                }
            }
            self.stale.insert(id);
        }
        // A mounted unit changed without its rack (its type, or placed into a rack named elsewhere): the rack's
        // units follow. Its rack is found by a scan, only for units whose rack was not touched with them.
        let hosts_touched: FxHashSet<ItemId> =
            touched.iter().filter_map(|id| after.item(*id).and_then(|i| i.cooling)).collect();
        // (A unit before or after the change: one that became a floor type, or went, leaves its rack too.)
        let is_unit = |w: &World<'_>, id: ItemId| w.facts(id).and_then(|f| f.ty).is_some_and(|t| !t.occupies_floor());
        let lone_units: FxHashSet<ItemId> = touched
            .iter()
            .copied()
            .filter(|id| !hosts_touched.contains(id))
            .filter(|id| is_unit(before, *id) || is_unit(after, *id))
            .collect();
        if !lone_units.is_empty() {
            let reserved = after.layout().hall.settings.reserved_top_u;
            for host in after.layout().items.iter().filter(|i| i.cooling.is_some_and(|c| lone_units.contains(&c))) {
                let Some(f) = after.facts(host.id) else { continue };
                let Some(ty) = f.ty else { continue };
                let unit = host.cooling.and_then(|c| after.facts(c)).and_then(|u| u.ty);
                self.overfull.remove(&host.id);
                if let Some(u) = rack_u(host, ty, f.switch, unit, reserved).filter(RackU::overfull) {
                    self.overfull.insert(host.id, u);
                }
            }
        }
        let mut placed: Vec<(ItemId, RectM)> = Vec::new();
        for &id in touched {
            let Some((r, on_floor, overfull)) = placement(after, id) else { continue };
            if let Some(u) = overfull {
                self.overfull.insert(id, u);
            }
            if !self.hall.contains(&r) {
                self.outside.insert(id);
            }
            if on_floor {
                if self.obstacles.iter().any(|o| r.overlaps(o)) {
                    self.on_obstacle.insert(id);
                }
                let (x0, y0, x1, y1) = cells(&r);
                for cy in y0..=y1 {
                    for cx in x0..=x1 {
                        self.extra.entry(cell_key(cx, cy)).or_default().push(id);
                    }
                }
                placed.push((id, r));
            }
        }
        // Overlaps of the touched items with whatever shares a cell with them now.
        let tag_mask = (1_u64 << TAG_BITS) - 1;
        for &(id, r) in &placed {
            let check = |other: ItemId, overlaps: &mut BTreeSet<(ItemId, ItemId)>| {
                if other != id
                    && let Some((ro, true, _)) = placement(after, other)
                    && r.overlaps(&ro)
                {
                    overlaps.insert((id.min(other), id.max(other)));
                }
            };
            let (x0, y0, x1, y1) = cells(&r);
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    let key = cell_key(cx, cy);
                    let from = self.entries.partition_point(|e| e >> TAG_BITS < key);
                    let to = from + self.entries[from..].partition_point(|e| e >> TAG_BITS <= key);
                    let extra = self.extra.get(&key).map_or(&[][..], Vec::as_slice);
                    let mut in_cell = extra.len();
                    for &e in &self.entries[from..to] {
                        let tag = e & tag_mask;
                        if tag & OBSTACLE_BIT != 0 {
                            in_cell += 1;
                            continue;
                        }
                        let other = self.tag_ids[tag as usize];
                        if !self.stale.contains(&other) {
                            in_cell += 1;
                            check(other, &mut self.overlaps);
                        }
                    }
                    for &other in extra {
                        check(other, &mut self.overlaps);
                    }
                    if in_cell > MAX_CELL_COMPARISONS + 1 {
                        // A cell fuller than a window: the full check would not compare every pair.
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The phase's warnings.
    pub fn write(&self, out: &mut Vec<Warning>) {
        if !self.outside.is_empty() {
            let n = self.outside.len();
            warn(
                out,
                "outside-hall",
                Severity::Error,
                format!("{n} item(s) stand partly or wholly outside the hall; move them inside or enlarge the hall"),
                self.outside.iter().copied().collect(),
            );
        }
        if !self.on_obstacle.is_empty() {
            let n = self.on_obstacle.len();
            warn(
                out,
                "on-obstacle",
                Severity::Error,
                format!("{n} item(s) stand on a column, wall or no-go zone; move them"),
                self.on_obstacle.iter().copied().collect(),
            );
        }
        let total = self.overlaps.len();
        for &(a, b) in self.overlaps.iter().take(MAX_LISTED_OVERLAPS) {
            warn(out, "overlap", Severity::Error, format!("items {a} and {b} overlap; move one of them"), vec![a, b]);
        }
        if total > MAX_LISTED_OVERLAPS {
            let rest: Vec<ItemId> = self.overlaps.iter().skip(MAX_LISTED_OVERLAPS).flat_map(|&(a, b)| [a, b]).collect();
            warn(
                out,
                "overlap",
                Severity::Error,
                format!(
                    "{}{} more overlapping pairs (not listed one by one)",
                    if self.windowed { "at least " } else { "" },
                    total - MAX_LISTED_OVERLAPS
                ),
                rest,
            );
        }
        if let Some((first, u)) = self.overfull.iter().next() {
            let n = self.overfull.len();
            warn(
                out,
                "rack-overfull",
                Severity::Error,
                format!(
                    "{n} rack(s) hold more than their rack units: {first} holds {}U of servers, switches and units \
                     in {}U ({}U less {}U kept free at the top){}; move some to another rack, or use a taller rack",
                    u.used_u,
                    u.usable_u(),
                    u.total_u,
                    u.reserved_u,
                    if n > 1 { ", and the others as listed" } else { "" }
                ),
                self.overfull.keys().copied().collect(),
            );
        }
    }
}
