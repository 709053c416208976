//! Document operations as pure functions: each reads a layout and returns the items an edit should insert or
//! replace. The designer wraps them in [`super::edit::Edit`]s; tests call them directly.
//!
//! Mounted units (in-rack CDUs, rear doors) stand where their host rack stands: they move, rotate, copy and
//! delete with it. A unit's host is the floor item whose `cooling` names it ([`mounts_in`], the one rule every
//! layer uses); `check_layout` refuses a layout in which two items name one mounted unit, so it has one host.

use std::collections::HashMap;

use super::limits;
use super::{EquipmentKind, EquipmentType, Item, ItemId, Layout, Rotation, TypeId};

/// True when an item of `host` type naming a unit of `unit` type as its cooling carries that unit mounted in it:
/// the unit does not stand on the floor and the host does.
pub fn is_mount(host: Option<&EquipmentType>, unit: Option<&EquipmentType>) -> bool {
    host.is_some_and(EquipmentType::occupies_floor) && unit.is_some_and(|t| !t.occupies_floor())
}

/// When two items name one mounted unit — a layout `check_layout` refuses, but the analysis takes any layout —
/// the one with the lowest id is its host, whatever the item order: true when `candidate` takes the unit from
/// `current`.
pub fn wins_mount(candidate: ItemId, current: Option<ItemId>) -> bool {
    current.is_none_or(|c| candidate < c)
}

/// Every (host index, unit index) pair of the layout by the one rule ([`is_mount`], [`wins_mount`]), in unit
/// order: each unit once.
pub fn mounts_in(layout: &Layout) -> Vec<(usize, usize)> {
    let index: HashMap<ItemId, usize> = layout
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| layout.type_of(i).is_some_and(|t| !t.occupies_floor()))
        .map(|(n, i)| (i.id, n))
        .collect();
    let mut host_of: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (h, item) in layout.items.iter().enumerate() {
        let Some(&u) = item.cooling.and_then(|c| index.get(&c)) else { continue };
        if is_mount(layout.type_of(item), layout.type_of(&layout.items[u]))
            && wins_mount(item.id, host_of.get(&u).map(|&k| layout.items[k].id))
        {
            host_of.insert(u, h);
        }
    }
    host_of.into_iter().map(|(u, h)| (h, u)).collect()
}

/// Units named by more than one floor item: (unit index, each item naming it), for `check_layout` to refuse.
pub fn claimed_twice(layout: &Layout) -> Option<(usize, Vec<usize>)> {
    let index: HashMap<ItemId, usize> = layout
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| layout.type_of(i).is_some_and(|t| !t.occupies_floor()))
        .map(|(n, i)| (i.id, n))
        .collect();
    let mut claims: HashMap<usize, Vec<usize>> = HashMap::new();
    for (h, item) in layout.items.iter().enumerate() {
        let Some(&u) = item.cooling.and_then(|c| index.get(&c)) else { continue };
        if is_mount(layout.type_of(item), layout.type_of(&layout.items[u])) {
            let hosts = claims.entry(u).or_default();
            hosts.push(h);
            if hosts.len() > 1 {
                return Some((u, hosts.clone()));
            }
        }
    }
    None
}

/// Mounted units by host and hosts by mounted unit.
#[derive(Default)]
pub struct Mounts {
    unit_of_host: HashMap<ItemId, ItemId>,
    host_of_unit: HashMap<ItemId, ItemId>,
}

impl Mounts {
    /// Finds every host → mounted unit pair in the layout.
    pub fn of(layout: &Layout) -> Self {
        let mut m = Mounts::default();
        for (h, u) in mounts_in(layout) {
            let (host, unit) = (layout.items[h].id, layout.items[u].id);
            m.unit_of_host.insert(host, unit);
            m.host_of_unit.insert(unit, host);
        }
        m
    }

    /// The unit mounted in `host`, if any.
    pub fn unit_of(&self, host: ItemId) -> Option<ItemId> {
        self.unit_of_host.get(&host).copied()
    }

    /// The host of a mounted unit, if any.
    pub fn host_of(&self, unit: ItemId) -> Option<ItemId> {
        self.host_of_unit.get(&unit).copied()
    }

    /// `ids` plus the units mounted in them (what copy and delete take).
    pub fn with_units(&self, ids: impl IntoIterator<Item = ItemId>) -> Vec<ItemId> {
        let mut out: Vec<ItemId> = ids.into_iter().collect();
        let units: Vec<ItemId> = out.iter().filter_map(|id| self.unit_of(*id)).collect();
        out.extend(units);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `ids` plus the units mounted in them and the hosts of the units among them (what moves and turns).
    pub fn with_units_and_hosts(&self, ids: impl IntoIterator<Item = ItemId>) -> Vec<ItemId> {
        let ids: Vec<ItemId> = ids.into_iter().collect();
        let hosts: Vec<ItemId> = ids.iter().filter_map(|id| self.host_of(*id)).collect();
        self.with_units(ids.into_iter().chain(hosts))
    }
}

/// The items with these ids, in id order (ids not in the layout are skipped).
pub fn items_of(layout: &Layout, ids: &[ItemId]) -> Vec<Item> {
    let mut out: Vec<Item> =
        ids.iter().filter_map(|id| layout.index_of(*id)).map(|i| layout.items[i].clone()).collect();
    out.sort_by_key(|i| i.id);
    out.dedup_by_key(|i| i.id);
    out
}

fn clamp_mm(v: i64) -> i32 {
    v.clamp(i64::from(*limits::ITEM_MM.start()), i64::from(*limits::ITEM_MM.end())) as i32
}

/// Copies of `items` moved by (dx, dy) millimetres, kept within the positions a layout may hold.
pub fn moved(items: &[Item], dx_mm: i64, dy_mm: i64) -> Vec<Item> {
    items
        .iter()
        .map(|i| {
            let mut m = i.clone();
            m.x_mm = clamp_mm(i64::from(i.x_mm) + dx_mm);
            m.y_mm = clamp_mm(i64::from(i.y_mm) + dy_mm);
            m
        })
        .collect()
}

/// Copies of `items` with fresh ids (from the layout's next free id), moved by (dx, dy) millimetres. References
/// among the copied items follow the copies; references to items outside them are dropped, so a pasted rack
/// never points at a PDU that is gone — or at itself.
pub fn pasted(layout: &Layout, items: &[Item], dx_mm: i64, dy_mm: i64) -> Vec<Item> {
    let first = layout.next_id().0;
    let map: HashMap<ItemId, ItemId> =
        items.iter().enumerate().map(|(n, i)| (i.id, ItemId(first.saturating_add(n as u32)))).collect();
    let remap = |r: Option<ItemId>| r.and_then(|id| map.get(&id).copied());
    moved(items, dx_mm, dy_mm)
        .into_iter()
        .map(|mut c| {
            c.id = map[&c.id];
            c.feed_a = remap(c.feed_a);
            c.feed_b = remap(c.feed_b);
            c.feed_c = remap(c.feed_c);
            c.cooling = remap(c.cooling);
            // A PDU keeps its UPS system only where this layout's site has one by that id.
            c.upstream = c.upstream.filter(|u| layout.site.as_ref().is_some_and(|s| s.system(*u).is_some()));
            c
        })
        .collect()
}

/// A rectangle in millimetres: (x0, y0, x1, y1), the max edges exclusive.
pub type RectMm = (i64, i64, i64, i64);

/// An item's footprint after rotation in millimetres (a tile square for an item of unknown type).
fn size_mm(layout: &Layout, item: &Item) -> (i64, i64) {
    layout.type_of(item).map_or_else(
        || {
            let t = layout.hall.tile_edge_mm(1).max(1);
            (t, t)
        },
        |t| item.footprint_mm(t),
    )
}

/// An item's footprint as a rectangle in millimetres.
pub fn rect_mm(layout: &Layout, item: &Item) -> RectMm {
    let (w, h) = size_mm(layout, item);
    let (x, y) = (i64::from(item.x_mm), i64::from(item.y_mm));
    (x, y, x + w, y + h)
}

/// The rectangle items cover together.
fn bounds_mm(layout: &Layout, items: &[&Item]) -> RectMm {
    let mut b = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
    for i in items {
        let r = rect_mm(layout, i);
        b = (b.0.min(r.0), b.1.min(r.1), b.2.max(r.2), b.3.max(r.3));
    }
    b
}

/// True when two rectangles share floor (touching edges do not).
fn overlaps(a: RectMm, b: RectMm) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The items with these ids (with their mounted units and hosts) turned 90° clockwise as one group about the
/// middle of the rectangle they cover. Exact in millimetres: four turns give back the same layout.
pub fn rotated(layout: &Layout, ids: &[ItemId]) -> Vec<Item> {
    let mounts = Mounts::of(layout);
    let all = items_of(layout, &mounts.with_units_and_hosts(ids.iter().copied()));
    let follows_host = |i: &Item| mounts.host_of(i.id).is_some_and(|h| all.iter().any(|x| x.id == h));
    let floor: Vec<&Item> = all.iter().filter(|i| !follows_host(i)).collect();
    if floor.is_empty() {
        return Vec::new();
    }
    let (x0, y0, x1, y1) = bounds_mm(layout, &floor);
    let (bw, bh) = (x1 - x0, y1 - y0);
    // The turned box keeps its middle to the nearest millimetre; rounding half away from zero makes the next
    // turn shift back by exactly as much.
    let shift = ((bw - bh) as f64 / 2.0).round() as i64;
    let (nx0, ny0) = (x0 + shift, y0 - shift);
    let mut turned: HashMap<ItemId, Item> = HashMap::with_capacity(all.len());
    for i in floor {
        let (_, h) = size_mm(layout, i);
        let (u, v) = (i64::from(i.x_mm) - x0, i64::from(i.y_mm) - y0);
        let mut t = i.clone();
        t.x_mm = clamp_mm(nx0 + bh - v - h);
        t.y_mm = clamp_mm(ny0 + u);
        t.rot = i.rot.next();
        turned.insert(t.id, t);
    }
    for unit in all.iter().filter(|i| follows_host(i)) {
        if let Some(host) = mounts.host_of(unit.id).and_then(|h| turned.get(&h)).cloned() {
            let mut t = unit.clone();
            (t.x_mm, t.y_mm, t.rot) = (host.x_mm, host.y_mm, host.rot);
            turned.insert(t.id, t);
        }
    }
    let mut out: Vec<Item> = turned.into_values().collect();
    out.sort_by_key(|i| i.id);
    out
}

/// Edge of the cells [`Occupancy`] files rectangles under, in millimetres.
const CELL_MM: i64 = 2_400;

/// Floor taken by floor items and obstacles near a window, filed by cell for finding free space.
struct Occupancy {
    cells: HashMap<(i64, i64), Vec<RectMm>>,
}

impl Occupancy {
    fn cells_of(r: RectMm) -> impl Iterator<Item = (i64, i64)> {
        let (cx0, cy0) = (r.0.div_euclid(CELL_MM), r.1.div_euclid(CELL_MM));
        let (cx1, cy1) = ((r.2 - 1).div_euclid(CELL_MM), (r.3 - 1).div_euclid(CELL_MM));
        (cx0..=cx1).flat_map(move |cx| (cy0..=cy1).map(move |cy| (cx, cy)))
    }

    fn add(&mut self, r: RectMm) {
        if r.2 > r.0 && r.3 > r.1 {
            for c in Self::cells_of(r) {
                self.cells.entry(c).or_default().push(r);
            }
        }
    }

    /// Floor items and obstacles that reach into `window`.
    fn around(layout: &Layout, window: RectMm) -> Self {
        let mut occ = Self { cells: HashMap::new() };
        for item in &layout.items {
            if layout.type_of(item).is_some_and(|t| t.occupies_floor()) {
                let r = rect_mm(layout, item);
                if overlaps(r, window) {
                    occ.add(r);
                }
            }
        }
        for o in &layout.hall.obstacles {
            let (x, y) = (crate::model::mm_of(o.x_m), crate::model::mm_of(o.y_m));
            let r = (x, y, x + crate::model::mm_of(o.width_m), y + crate::model::mm_of(o.depth_m));
            if overlaps(r, window) {
                occ.add(r);
            }
        }
        occ
    }

    fn is_free(&self, r: RectMm) -> bool {
        r.2 > r.0
            && r.3 > r.1
            && Self::cells_of(r).all(|c| self.cells.get(&c).is_none_or(|v| v.iter().all(|o| !overlaps(*o, r))))
    }
}

/// Farthest the duplicate search looks for free floor, in tiles beyond the selection.
const DUPLICATE_SEARCH_TILES: i64 = 60;

/// Where a copy of `items` lands, in millimetres: the nearest offset (right of them first, then below, left and
/// above; right beside them, then a whole tile farther each step) at which every copied floor item stands on
/// free floor inside the hall; right beside them when there is none.
pub fn free_offset(layout: &Layout, items: &[Item]) -> (i64, i64) {
    let floor: Vec<&Item> = items.iter().filter(|i| layout.type_of(i).is_none_or(|t| t.occupies_floor())).collect();
    let tile = layout.hall.tile_edge_mm(1).max(1);
    if floor.is_empty() {
        return (tile, 0);
    }
    let (x0, y0, x1, y1) = bounds_mm(layout, &floor);
    let (bw, bh) = (x1 - x0, y1 - y0);
    let (hall_w, hall_d) = (crate::model::mm_of(layout.hall.width_m), crate::model::mm_of(layout.hall.depth_m));
    let reach = DUPLICATE_SEARCH_TILES * tile;
    let window = (x0 - bw - reach, y0 - bh - reach, x1 + bw + reach, y1 + bh + reach);
    let occupied = Occupancy::around(layout, window);
    let own: Vec<RectMm> = floor.iter().map(|i| rect_mm(layout, i)).collect();
    let fits = |dx: i64, dy: i64| {
        own.iter().all(|&(a, b, c, d)| {
            let r = (a + dx, b + dy, c + dx, d + dy);
            r.0 >= 0 && r.1 >= 0 && r.2 <= hall_w && r.3 <= hall_d && occupied.is_free(r)
        })
    };
    for gap in 0..=DUPLICATE_SEARCH_TILES {
        let g = gap * tile;
        for (dx, dy) in [(bw + g, 0), (0, bh + g), (-(bw + g), 0), (0, -(bh + g))] {
            if fits(dx, dy) {
                return (dx, dy);
            }
        }
    }
    (bw, 0)
}

/// Where a move of `moving` by a raw pointer offset (millimetres) lands: each axis snaps the group's edge to a
/// nearby floor item's edge (side by side, or lined up with it) when one is within `reach_mm` of the raw
/// position, else the group's near edge to the nearest tile edge. `free` skips snapping (millimetre steps).
pub fn snapped_offset(layout: &Layout, moving: &[Item], raw_mm: (i64, i64), reach_mm: i64, free: bool) -> (i64, i64) {
    if free {
        return raw_mm;
    }
    let floor: Vec<&Item> = moving.iter().filter(|i| layout.type_of(i).is_none_or(|t| t.occupies_floor())).collect();
    if floor.is_empty() {
        return raw_mm;
    }
    let b = bounds_mm(layout, &floor);
    let (bw, bh) = (b.2 - b.0, b.3 - b.1);
    let at = (b.0 + raw_mm.0, b.1 + raw_mm.1, b.2 + raw_mm.0, b.3 + raw_mm.1);
    let mine: std::collections::HashSet<ItemId> = moving.iter().map(|i| i.id).collect();
    // Per axis, the best (distance, offset) among the neighbours' edges.
    let mut best_x: Option<(i64, i64)> = None;
    let mut best_y: Option<(i64, i64)> = None;
    let consider = |best: &mut Option<(i64, i64)>, offset: i64, raw: i64| {
        let d = (offset - raw).abs();
        if d <= reach_mm && best.is_none_or(|(bd, _)| d < bd) {
            *best = Some((d, offset));
        }
    };
    let near = (at.0 - reach_mm, at.1 - reach_mm, at.2 + reach_mm, at.3 + reach_mm);
    for item in &layout.items {
        if mine.contains(&item.id) || !layout.type_of(item).is_some_and(|t| t.occupies_floor()) {
            continue;
        }
        let n = rect_mm(layout, item);
        if !overlaps(n, near) {
            continue;
        }
        // Side by side along x (the neighbour level with the group in y), or lined up in x.
        for edge in [n.2, n.0 - bw, n.0, n.2 - bw] {
            consider(&mut best_x, edge - b.0, raw_mm.0);
        }
        for edge in [n.3, n.1 - bh, n.1, n.3 - bh] {
            consider(&mut best_y, edge - b.1, raw_mm.1);
        }
    }
    let hall = &layout.hall;
    let tile_x = hall.snap_to_tile_mm(at.0) - b.0;
    let tile_y = hall.snap_to_tile_mm(at.1) - b.1;
    (best_x.map_or(tile_x, |(_, o)| o), best_y.map_or(tile_y, |(_, o)| o))
}

/// Aisle between rows the array tool leaves, in tiles.
pub const ARRAY_AISLE_TILES: i32 = 2;

/// Racks the array tool places.
#[derive(Clone, Debug, Default)]
pub struct ArrayPlan {
    /// The racks, with fresh ids.
    pub items: Vec<Item>,
    /// Rows.
    pub rows: i32,
    /// Rack places per row.
    pub per_row: i32,
    /// Places skipped because an obstacle or another item stands there.
    pub skipped: usize,
}

/// Most racks the array tool places in one rectangle (a Colossus-size hall is about 3,200).
pub const MAX_ARRAY_RACKS: u64 = 50_000;

/// Rows of racks of `type_id` inside the rectangle between two floor points (metres): each row starts on a tile
/// edge and its racks stand side by side, whatever their width; rows are a whole number of tiles apart with an
/// aisle of [`ARRAY_AISLE_TILES`] between them, fronts facing across alternate aisles, each GPU row its own
/// scalable unit. Places on obstacles or other items are left out. An error says why nothing can be placed: an
/// unknown type, no rack fits, or more than [`MAX_ARRAY_RACKS`] would.
pub fn array_plan(layout: &Layout, type_id: &TypeId, a: [f64; 2], b: [f64; 2]) -> Result<ArrayPlan, String> {
    let Some(ty) = layout.catalog.get(type_id).filter(|t| t.occupies_floor() && t.kind != EquipmentKind::Switch) else {
        return Err(format!("{type_id} is not a rack the array tool can place"));
    };
    let tile_m = layout.hall.tile_m;
    let bound = i64::from(*limits::ITEM_MM.end());
    let to_tile = |v: f64, up: bool| {
        let t = v / tile_m;
        let t = if up { (t - 1e-9).ceil() } else { (t + 1e-9).floor() };
        layout.hall.tile_edge_mm(t.clamp(-1e12, 1e12) as i64).clamp(-bound, bound)
    };
    let (x0, y0) = (to_tile(a[0].min(b[0]), true), to_tile(a[1].min(b[1]), true));
    let (x1, y1) = (to_tile(a[0].max(b[0]), false), to_tile(a[1].max(b[1]), false));
    let (w, d) = (crate::model::mm_of(ty.width_m).max(1), crate::model::mm_of(ty.depth_m).max(1));
    // Rows a whole number of tiles deep, so every row starts on a tile edge.
    let row_pitch = layout.hall.tile_edge_mm(tiles_covered(ty.depth_m, tile_m) + i64::from(ARRAY_AISLE_TILES));
    let aisle = row_pitch - d;
    let per_row = ((x1 - x0) / w).clamp(0, i64::from(i32::MAX)) as i32;
    let rows = ((y1 - y0 + aisle) / row_pitch.max(1)).clamp(0, i64::from(i32::MAX)) as i32;
    if per_row <= 0 || rows <= 0 {
        return Err("No rack fits in that rectangle yet".into());
    }
    let places = per_row as u64 * rows as u64;
    if places > MAX_ARRAY_RACKS {
        return Err(format!(
            "That rectangle holds {places} racks; the array tool places at most {MAX_ARRAY_RACKS} at once. Drag a smaller one."
        ));
    }
    let occupied = Occupancy::around(layout, (x0, y0, x1, y1));
    let next_su = layout.items.iter().filter_map(|i| i.su).max().map_or(0, |s| s.saturating_add(1));
    let first = layout.next_id().0;
    let mut plan = ArrayPlan { rows, per_row, ..ArrayPlan::default() };
    for r in 0..rows {
        for c in 0..per_row {
            let (x, y) = (x0 + i64::from(c) * w, y0 + i64::from(r) * row_pitch);
            if !occupied.is_free((x, y, x + w, y + d)) {
                plan.skipped += 1;
                continue;
            }
            let id = ItemId(first.saturating_add(plan.items.len() as u32));
            let mut item = Item::new(id, ty.id.clone(), clamp_mm(x), clamp_mm(y));
            // Rows face each other across alternate aisles.
            item.rot = if r % 2 == 0 { Rotation::R180 } else { Rotation::R0 };
            if ty.gpu.is_some() {
                item.su = Some(next_su.saturating_add(r as u32).min(*limits::SU.end()));
            }
            plan.items.push(item);
        }
    }
    if plan.items.is_empty() {
        return Err("Every place in that rectangle is taken".into());
    }
    Ok(plan)
}

/// Whole tiles an extent of `m` metres covers (at least one): a 0.8 m rack on 0.6 m tiles covers two.
pub fn tiles_covered(m: f64, tile_m: f64) -> i64 {
    ((m / tile_m) - 1e-9).ceil().clamp(1.0, 1e12) as i64
}

/// Share of a mounted unit's footprint drawn as the strip at the back of its rack.
pub const MOUNTED_STRIP: f32 = 0.28;

/// The strip at the back of a footprint (world or screen coordinates, y down) where a mounted unit is drawn
/// and hit: the back is opposite the front edge of the rotation.
pub fn mounted_strip(min: [f32; 2], max: [f32; 2], rot: Rotation) -> ([f32; 2], [f32; 2]) {
    let (w, h) = (max[0] - min[0], max[1] - min[1]);
    let f = MOUNTED_STRIP;
    match rot {
        Rotation::R0 => ([min[0], max[1] - h * f], max),
        Rotation::R180 => (min, [max[0], min[1] + h * f]),
        Rotation::R90 => (min, [min[0] + w * f, max[1]]),
        Rotation::R270 => ([max[0] - w * f, min[1]], max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;

    /// A hall on the built-in catalog: "rack" is a 0.6 × 1.2 m GPU rack, "cdu" an in-rack CDU.
    fn layout() -> Layout {
        let mut l = Layout::empty("ops", 30.0, 20.0);
        l.catalog = Catalog::new(crate::io::builtin_catalog().types.clone());
        l
    }

    const RACK: &str = "rack-colossus-64";
    const CDU: &str = "cdu-inrack-250";

    #[test]
    fn four_turns_are_the_identity_for_one_item_and_for_a_row() {
        let mut l = layout();
        for n in 0..6 {
            l.items.push(Item::new(ItemId(n + 1), RACK.into(), 6_000 + 600 * n as i32, 3_000));
        }
        let before = l.clone();
        for ids in [vec![ItemId(1)], (1..=6).map(ItemId).collect::<Vec<_>>()] {
            for turn in 1..=4 {
                let turned = rotated(&l, &ids);
                crate::model::edit::apply(&mut l, crate::model::edit::Edit::Replace(turned));
                if turn == 1 && ids.len() == 6 {
                    // A row turned as a group is a column, 600 mm apart: the box 3.6 × 1.2 m about (7.8, 3.6)
                    // turns to 1.2 × 3.6 m about the same middle, x from 7.2 m, y from 1.8 m.
                    let ys: Vec<i32> = l.items.iter().map(|i| i.y_mm).collect();
                    assert_eq!(ys, vec![1_800, 2_400, 3_000, 3_600, 4_200, 4_800]);
                    assert!(l.items.iter().all(|i| i.x_mm == 7_200));
                }
            }
            assert_eq!(l, before);
        }
    }

    #[test]
    fn paste_keeps_references_among_the_copies_and_drops_the_rest() {
        let mut l = layout();
        let mut rack = Item::new(ItemId(1), RACK.into(), 0, 0);
        rack.feed_a = Some(ItemId(8));
        rack.cooling = Some(ItemId(2));
        l.items.push(rack);
        l.items.push(Item::new(ItemId(2), CDU.into(), 0, 0));
        let copies = pasted(&l, &l.items.clone(), 3_000, 0);
        assert_eq!(copies[0].id, ItemId(3));
        assert_eq!(copies[0].cooling, Some(ItemId(4)), "follows the copied unit");
        assert_eq!(copies[0].feed_a, None, "the PDU was not copied");
        assert_eq!(copies[0].x_mm, 3_000);
        let mounts = Mounts::of(&l);
        assert_eq!(mounts.with_units([ItemId(1)]), vec![ItemId(1), ItemId(2)]);
        assert_eq!(mounts.with_units_and_hosts([ItemId(2)]), vec![ItemId(1), ItemId(2)]);
    }

    #[test]
    fn duplicates_land_on_free_floor_and_arrays_avoid_obstacles() {
        let mut l = layout();
        for n in 0..3 {
            l.items.push(Item::new(ItemId(n + 1), RACK.into(), 600 * n as i32, 0));
        }
        // The right-hand neighbour is taken: the copy of the first rack goes below it (0.6 × 1.2 m racks).
        let first = vec![l.items[0].clone()];
        assert_eq!(free_offset(&l, &first), (0, 1_200));
        l.hall.obstacles.push(crate::model::Obstacle {
            kind: crate::model::ObstacleKind::Column,
            x_m: 6.0,
            y_m: 6.0,
            width_m: 0.6,
            depth_m: 0.6,
            label: None,
        });
        let plan = array_plan(&l, &RACK.into(), [3.0, 6.0], [9.0, 7.2]).unwrap_or_default();
        let huge = array_plan(&l, &RACK.into(), [0.0, 0.0], [9_000.0, 9_000.0]);
        assert!(huge.is_err_and(|e| e.contains("at most 50000")), "the array tool is bounded");
        assert_eq!(plan.per_row, 10);
        assert_eq!(plan.items.len(), 9, "one place is on the column");
        assert_eq!(plan.skipped, 1);
        assert!(plan.items.iter().all(|i| i.x_mm >= 3_000 && i.x_mm < 9_000 && i.y_mm == 6_000));
    }

    #[test]
    fn a_moved_rack_snaps_to_its_neighbours_edge_then_to_tiles() {
        // A 0.8 m DGX rack at x = 0 to 0.8 m; a second one dragged from x = 3.0 m towards it.
        let mut l = layout();
        let dgx = "rack-dgx-h100-4";
        l.items.push(Item::new(ItemId(1), dgx.into(), 0, 0));
        let moving = vec![Item::new(ItemId(2), dgx.into(), 3_000, 0)];
        // Raw −2,150 mm puts its left edge at 0.85 m, 50 mm from the neighbour's right edge (0.8 m): it snaps
        // there, −2,200 mm, side by side. Its top edge lines up with the neighbour's (0).
        assert_eq!(snapped_offset(&l, &moving, (-2_150, 40), 100, false), (-2_200, 0));
        // Far from any neighbour: the left edge to the nearest tile edge, 3.0 + 1.1 = 4.1 m → 4.2 m (+1,200).
        assert_eq!(snapped_offset(&l, &moving, (1_100, 4_000), 100, false), (1_200, 4_200));
        // Free (Alt): the raw offset in millimetres.
        assert_eq!(snapped_offset(&l, &moving, (-2_150, 40), 100, true), (-2_150, 40));
    }

    #[test]
    fn racks_of_any_width_stand_side_by_side_and_turn_back_exactly() {
        // 0.8 m DGX racks on 0.6 m tiles: from x = 1.2 m (the first tile edge at or after 1.0 m) to 9.6 m, 8.4 m
        // holds 10 racks of 0.8 m (8.0 m), each 800 mm after the last — no 0.4 m gaps.
        let mut l = layout();
        let dgx = "rack-dgx-h100-4";
        let plan = array_plan(&l, &dgx.into(), [1.0, 1.0], [9.6, 2.4]).unwrap_or_default();
        let xs: Vec<i32> = plan.items.iter().map(|i| i.x_mm).collect();
        assert_eq!(xs, (0..10).map(|n| 1_200 + 800 * n).collect::<Vec<_>>());
        l.items = plan.items;
        let ids: Vec<ItemId> = l.items.iter().map(|i| i.id).collect();
        let before = l.clone();
        for _ in 0..4 {
            let turned = rotated(&l, &ids);
            crate::model::edit::apply(&mut l, crate::model::edit::Edit::Replace(turned));
        }
        assert_eq!(l, before, "R×4 is the identity in millimetres");
        // A copy of the row lands right beside it: 8.0 m along.
        assert_eq!(free_offset(&l, &l.items.clone()), (8_000, 0));
    }
}
