//! Document operations as pure functions: each reads a layout and returns the items an edit should insert or
//! replace. The designer wraps them in [`super::edit::Edit`]s; tests call them directly.
//!
//! Mounted units (in-rack CDUs, rear doors) stand where their host rack stands: they move, rotate, copy and
//! delete with it. A unit's host is the floor item whose `cooling` names it ([`mounts_in`], the one rule every
//! layer uses); `check_layout` refuses a layout in which two items name one mounted unit, so it has one host.

use std::collections::{HashMap, HashSet};

use glam::DVec2;

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

fn clamp_tile(v: i64, tile_m: f64) -> i32 {
    let r = limits::item_tiles(tile_m);
    v.clamp(i64::from(*r.start()), i64::from(*r.end())) as i32
}

/// Copies of `items` moved by (dx, dy) tiles, kept within the positions a layout may hold.
pub fn moved(items: &[Item], dx: i32, dy: i32, tile_m: f64) -> Vec<Item> {
    items
        .iter()
        .map(|i| {
            let mut m = i.clone();
            m.x = clamp_tile(i64::from(i.x) + i64::from(dx), tile_m);
            m.y = clamp_tile(i64::from(i.y) + i64::from(dy), tile_m);
            m
        })
        .collect()
}

/// Copies of `items` with fresh ids (from the layout's next free id), moved by (dx, dy) tiles. References among
/// the copied items follow the copies; references to items outside them are dropped, so a pasted rack never
/// points at a PDU that is gone — or at itself.
pub fn pasted(layout: &Layout, items: &[Item], dx: i32, dy: i32) -> Vec<Item> {
    let first = layout.next_id().0;
    let map: HashMap<ItemId, ItemId> =
        items.iter().enumerate().map(|(n, i)| (i.id, ItemId(first.saturating_add(n as u32)))).collect();
    let remap = |r: Option<ItemId>| r.and_then(|id| map.get(&id).copied());
    moved(items, dx, dy, layout.hall.tile_m)
        .into_iter()
        .map(|mut c| {
            c.id = map[&c.id];
            c.feed_a = remap(c.feed_a);
            c.feed_b = remap(c.feed_b);
            c.cooling = remap(c.cooling);
            // A PDU keeps its UPS system only where this layout's site has one by that id.
            c.upstream = c.upstream.filter(|u| layout.site.as_ref().is_some_and(|s| s.system(*u).is_some()));
            c
        })
        .collect()
}

/// Whole tiles an extent of `m` metres covers (at least one): a 0.8 m rack on 0.6 m tiles covers two.
fn tiles_covered(m: f64, tile_m: f64) -> i64 {
    ((m / tile_m) - 1e-9).ceil().max(1.0) as i64
}

/// An item's footprint in whole tiles, after rotation.
fn tile_size(layout: &Layout, item: &Item) -> (i64, i64) {
    let tile = layout.hall.tile_m;
    let f = layout.type_of(item).map_or(DVec2::splat(tile), |t| item.footprint_m(t));
    (tiles_covered(f.x, tile), tiles_covered(f.y, tile))
}

/// The tiles items cover together: (x0, y0, x1, y1), the max edges exclusive.
fn tile_bounds(layout: &Layout, items: &[&Item]) -> (i64, i64, i64, i64) {
    let mut b = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
    for i in items {
        let (w, h) = tile_size(layout, i);
        let (x, y) = (i64::from(i.x), i64::from(i.y));
        b = (b.0.min(x), b.1.min(y), b.2.max(x + w), b.3.max(y + h));
    }
    b
}

/// The items with these ids (with their mounted units and hosts) turned 90° clockwise as one group about the
/// middle of the tiles they cover. Exact in whole tiles: four turns give back the same layout.
pub fn rotated(layout: &Layout, ids: &[ItemId]) -> Vec<Item> {
    let mounts = Mounts::of(layout);
    let all = items_of(layout, &mounts.with_units_and_hosts(ids.iter().copied()));
    let tile = layout.hall.tile_m;
    let follows_host = |i: &Item| mounts.host_of(i.id).is_some_and(|h| all.iter().any(|x| x.id == h));
    let floor: Vec<&Item> = all.iter().filter(|i| !follows_host(i)).collect();
    if floor.is_empty() {
        return Vec::new();
    }
    let (x0, y0, x1, y1) = tile_bounds(layout, &floor);
    let (bw, bh) = (x1 - x0, y1 - y0);
    // The turned box keeps its middle to the nearest tile; rounding half away from zero makes the next turn
    // shift back by exactly as much.
    let shift = ((bw - bh) as f64 / 2.0).round() as i64;
    let (nx0, ny0) = (x0 + shift, y0 - shift);
    let mut turned: HashMap<ItemId, Item> = HashMap::with_capacity(all.len());
    for i in floor {
        let (_, h) = tile_size(layout, i);
        let (u, v) = (i64::from(i.x) - x0, i64::from(i.y) - y0);
        let mut t = i.clone();
        t.x = clamp_tile(nx0 + bh - v - h, tile);
        t.y = clamp_tile(ny0 + u, tile);
        t.rot = i.rot.next();
        turned.insert(t.id, t);
    }
    for unit in all.iter().filter(|i| follows_host(i)) {
        if let Some(host) = mounts.host_of(unit.id).and_then(|h| turned.get(&h)).cloned() {
            let mut t = unit.clone();
            (t.x, t.y, t.rot) = (host.x, host.y, host.rot);
            turned.insert(t.id, t);
        }
    }
    let mut out: Vec<Item> = turned.into_values().collect();
    out.sort_by_key(|i| i.id);
    out
}

/// Tiles covered by floor items, for finding free space.
struct Occupancy {
    tiles: HashSet<(i64, i64)>,
}

impl Occupancy {
    fn tiles_of(layout: &Layout, item: &Item) -> impl Iterator<Item = (i64, i64)> {
        let (w, h) = tile_size(layout, item);
        let (x, y) = (i64::from(item.x), i64::from(item.y));
        (x..x + w).flat_map(move |tx| (y..y + h).map(move |ty| (tx, ty)))
    }

    /// Floor items and obstacles within `window` (tile rectangle, inclusive).
    fn around(layout: &Layout, window: (i64, i64, i64, i64)) -> Self {
        let (wx0, wy0, wx1, wy1) = window;
        let mut tiles = HashSet::new();
        for item in &layout.items {
            let (x, y) = (i64::from(item.x), i64::from(item.y));
            if x < wx0 - 40 || x > wx1 || y < wy0 - 40 || y > wy1 {
                continue;
            }
            if layout.type_of(item).is_some_and(|t| t.occupies_floor()) {
                tiles.extend(
                    Self::tiles_of(layout, item)
                        .filter(|&(tx, ty)| (wx0..=wx1).contains(&tx) && (wy0..=wy1).contains(&ty)),
                );
            }
        }
        let tile = layout.hall.tile_m;
        for o in &layout.hall.obstacles {
            let ox0 = ((o.x_m / tile).floor() as i64).max(wx0);
            let oy0 = ((o.y_m / tile).floor() as i64).max(wy0);
            let ox1 = (((o.x_m + o.width_m) / tile).ceil() as i64 - 1).min(wx1);
            let oy1 = (((o.y_m + o.depth_m) / tile).ceil() as i64 - 1).min(wy1);
            for tx in ox0..=ox1 {
                for ty in oy0..=oy1 {
                    tiles.insert((tx, ty));
                }
            }
        }
        Self { tiles }
    }

    fn is_free(&self, t: (i64, i64)) -> bool {
        !self.tiles.contains(&t)
    }
}

/// Farthest the duplicate search looks for free floor, in tiles beyond the selection.
const DUPLICATE_SEARCH_TILES: i64 = 60;

/// Where a copy of `items` lands: the nearest offset (right of them first, then below, left and above) at which
/// every copied floor item stands on free floor inside the hall; right beside them when there is none.
pub fn free_offset(layout: &Layout, items: &[Item]) -> (i32, i32) {
    let floor: Vec<&Item> = items.iter().filter(|i| layout.type_of(i).is_none_or(|t| t.occupies_floor())).collect();
    if floor.is_empty() {
        return (1, 0);
    }
    let (x0, y0, x1, y1) = tile_bounds(layout, &floor);
    let (bw, bh) = (x1 - x0, y1 - y0);
    let tile = layout.hall.tile_m;
    let hall_w = (layout.hall.width_m / tile).floor() as i64;
    let hall_d = (layout.hall.depth_m / tile).floor() as i64;
    let reach = DUPLICATE_SEARCH_TILES;
    let window = (x0 - bw - reach, y0 - bh - reach, x1 + bw + reach, y1 + bh + reach);
    let occupied = Occupancy::around(layout, window);
    let own_tiles: Vec<(i64, i64)> = floor.iter().flat_map(|i| Occupancy::tiles_of(layout, i)).collect();
    let fits = |dx: i64, dy: i64| {
        own_tiles.iter().all(|&(tx, ty)| {
            let (x, y) = (tx + dx, ty + dy);
            x >= 0 && y >= 0 && x < hall_w && y < hall_d && occupied.is_free((x, y))
        })
    };
    for gap in 0..=reach {
        for (dx, dy) in [(bw + gap, 0), (0, bh + gap), (-(bw + gap), 0), (0, -(bh + gap))] {
            if fits(dx, dy) {
                return (dx as i32, dy as i32);
            }
        }
    }
    (bw as i32, 0)
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

/// Rows of racks of `type_id` filling the tiles wholly inside the rectangle between two floor points (metres),
/// fronts facing across alternate aisles, each GPU row its own scalable unit. Places on obstacles or other
/// items are left out. An error says why nothing can be placed: an unknown type, no rack fits, or more than
/// [`MAX_ARRAY_RACKS`] would.
pub fn array_plan(layout: &Layout, type_id: &TypeId, a: [f64; 2], b: [f64; 2]) -> Result<ArrayPlan, String> {
    let Some(ty) = layout.catalog.get(type_id).filter(|t| t.occupies_floor() && t.kind != EquipmentKind::Switch) else {
        return Err(format!("{type_id} is not a rack the array tool can place"));
    };
    let tile = layout.hall.tile_m;
    let tiles = limits::item_tiles(tile);
    let to_tile = |v: f64, up: bool| {
        let t = v / tile;
        let t = if up { (t - 1e-9).ceil() } else { (t + 1e-9).floor() };
        (t as i64).clamp(i64::from(*tiles.start()), i64::from(*tiles.end())) as i32
    };
    let (x0, y0) = (to_tile(a[0].min(b[0]), true), to_tile(a[1].min(b[1]), true));
    let (x1, y1) = (to_tile(a[0].max(b[0]), false), to_tile(a[1].max(b[1]), false));
    let w = tiles_covered(ty.width_m, tile).min(i64::from(i32::MAX)) as i32;
    let d = tiles_covered(ty.depth_m, tile).min(i64::from(i32::MAX)) as i32;
    let per_row = (x1 - x0) / w;
    let rows = (y1 - y0 + ARRAY_AISLE_TILES) / (d + ARRAY_AISLE_TILES);
    if per_row <= 0 || rows <= 0 {
        return Err("No rack fits in that rectangle yet".into());
    }
    let places = per_row as u64 * rows as u64;
    if places > MAX_ARRAY_RACKS {
        return Err(format!(
            "That rectangle holds {places} racks; the array tool places at most {MAX_ARRAY_RACKS} at once. Drag a smaller one."
        ));
    }
    let window = (i64::from(x0), i64::from(y0), i64::from(x1), i64::from(y1));
    let occupied = Occupancy::around(layout, window);
    let next_su = layout.items.iter().filter_map(|i| i.su).max().map_or(0, |s| s.saturating_add(1));
    let first = layout.next_id().0;
    let mut plan = ArrayPlan { rows, per_row, ..ArrayPlan::default() };
    for r in 0..rows {
        for c in 0..per_row {
            let (x, y) = (x0 + c * w, y0 + r * (d + ARRAY_AISLE_TILES));
            let free = (0..w).all(|dx| (0..d).all(|dy| occupied.is_free((i64::from(x + dx), i64::from(y + dy)))));
            if !free {
                plan.skipped += 1;
                continue;
            }
            let mut item = Item::new(ItemId(first.saturating_add(plan.items.len() as u32)), ty.id.clone(), x, y);
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
            l.items.push(Item::new(ItemId(n + 1), RACK.into(), 10 + n as i32, 5));
        }
        let before = l.clone();
        for ids in [vec![ItemId(1)], (1..=6).map(ItemId).collect::<Vec<_>>()] {
            for turn in 1..=4 {
                let turned = rotated(&l, &ids);
                crate::model::edit::apply(&mut l, crate::model::edit::Edit::Replace(turned));
                if turn == 1 && ids.len() == 6 {
                    // A row turned as a group is a column: no two racks share a tile.
                    let tiles: HashSet<(i32, i32)> = l.items.iter().map(|i| (i.x, i.y)).collect();
                    assert_eq!(tiles.len(), 6);
                    assert!(l.items.iter().all(|i| i.x == l.items[0].x));
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
        let copies = pasted(&l, &l.items.clone(), 5, 0);
        assert_eq!(copies[0].id, ItemId(3));
        assert_eq!(copies[0].cooling, Some(ItemId(4)), "follows the copied unit");
        assert_eq!(copies[0].feed_a, None, "the PDU was not copied");
        assert_eq!(copies[0].x, 5);
        let mounts = Mounts::of(&l);
        assert_eq!(mounts.with_units([ItemId(1)]), vec![ItemId(1), ItemId(2)]);
        assert_eq!(mounts.with_units_and_hosts([ItemId(2)]), vec![ItemId(1), ItemId(2)]);
    }

    #[test]
    fn duplicates_land_on_free_floor_and_arrays_avoid_obstacles() {
        let mut l = layout();
        for n in 0..3 {
            l.items.push(Item::new(ItemId(n + 1), RACK.into(), n as i32, 0));
        }
        // The right-hand neighbour is taken: the copy of the first rack goes elsewhere.
        let first = vec![l.items[0].clone()];
        let (dx, dy) = free_offset(&l, &first);
        assert_ne!((dx, dy), (1, 0));
        assert!(dx >= 3 || dy >= 2, "({dx}, {dy})");
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
        assert!(plan.items.iter().all(|i| i.x >= 5 && i.x < 15 && i.y == 10));
    }
}
