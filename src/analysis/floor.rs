//! Floor loading (shared/reference/domain.md §7, §14), each load against the rating of its kind: every item's
//! weight on each of its load points (feet or casters) against the floor's concentrated rating, each row zone's
//! distributed load against the distributed rating, and the hall's total weight. An item's footprint pressure
//! (weight ÷ footprint) is reported but checked against nothing: it is not comparable with a distributed rating
//! (§14).
//!
//! An item weighs its type's weight; a network rack adds its switches; a mounted cooling unit (in-rack CDU,
//! rear door) adds its weight to the rack it cools and has no footprint of its own. A row zone is a row of items
//! (the same rows as the power report) plus half the aisle on each side, up to [`MAX_HALF_AISLE_M`]: its
//! distributed load is the row's weight over that area.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::exact::Exact;
use super::power::{row_key, row_label};
use super::world::World;
use super::{Ctx, Facts, FloorReport, ItemFloorLoad, Severity, Warning, ZoneLoad, warn};
use crate::model::ops::{is_mount, wins_mount};
use crate::model::{EquipmentType, Item, ItemId};

/// Load points an item stands on: a rack's four levelling feet or casters (IBM: weight ÷ feet; reference §14).
/// Assumed for every type; a type with more feet spreads its weight further.
pub const LOAD_POINTS: f64 = 4.0;

/// Most aisle counted on each side of a row zone, in metres: half of the 1.2 m TIA-942 cold aisle (reference §7);
/// a wider space belongs to circulation, not to the rows' bay.
pub const MAX_HALF_AISLE_M: f64 = 0.6;

/// One row: its floor items' weight (each with the mounted unit it carries), extent and members.
#[derive(Clone, Debug)]
struct Row {
    weight: Exact,
    /// Extent along the row, metres.
    along: (f64, f64),
    /// Extent across the row (front to back), metres.
    across: (f64, f64),
    members: Vec<ItemId>,
    /// A member on an edge of the extent left: the extent is found again from the members.
    stale: bool,
}

impl Row {
    fn new() -> Self {
        let empty = (f64::INFINITY, f64::NEG_INFINITY);
        Self { weight: Exact::default(), along: empty, across: empty, members: Vec::new(), stale: false }
    }

    fn extend(&mut self, (a0, a1, c0, c1): (f64, f64, f64, f64)) {
        self.along = (self.along.0.min(a0), self.along.1.max(a1));
        self.across = (self.across.0.min(c0), self.across.1.max(c1));
    }
}

/// A floor item's extent along and across its row: (along from, along to, across from, across to).
fn row_extent(item: &Item, ty: &EquipmentType) -> (f64, f64, f64, f64) {
    let along_x = row_key(item).0 == b'y';
    let (o, size) = (item.origin_m(), item.footprint_m(ty));
    if along_x { (o.x, o.x + size.x, o.y, o.y + size.y) } else { (o.y, o.y + size.y, o.x, o.x + size.x) }
}

/// What an item weighs with what it carries: its type, a network rack's switches.
fn own_weight_kg(f: &Facts<'_>) -> f64 {
    let Some(ty) = f.ty else { return 0.0 };
    let switches = match (&f.item.switches, f.switch) {
        (Some(fill), Some(sw)) => f64::from(fill.count) * sw.weight_kg,
        _ => 0.0,
    };
    ty.weight_kg + switches
}

/// The floor phase's state beside the report's floor section it keeps up to date: the hall's total weight,
/// which rack carries each mounted unit, the rows, and the items over the rating.
#[derive(Clone, Debug)]
pub(crate) struct FloorState {
    rating: f64,
    /// Concentrated rating per load point, kg.
    point_rating: f64,
    /// Sum of every item's own weight.
    total: Exact,
    /// Mounted unit → the rack carrying it (the lowest id among the floor items it cools).
    host: FxHashMap<ItemId, ItemId>,
    /// Beside `report.items`: the item stands on the floor (mounted units on their own outline do not count for
    /// the highest load).
    on_floor: Vec<bool>,
    over: BTreeSet<ItemId>,
    rows: FxHashMap<(u8, i32), Row>,
    /// Beside `report.zones`: each zone's row.
    zone_keys: Vec<(u8, i32)>,
}

/// The highest footprint load and its item: the larger load, on a tie the lower id.
fn beats(load: f64, id: ItemId, best: Option<(f64, ItemId)>) -> bool {
    load > 0.0 && best.is_none_or(|(l, b)| load > l || (load == l && id < b))
}

impl FloorState {
    /// The state and the floor section for every item of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> (Self, FloorReport) {
        let layout = ctx.layout;
        let rating = layout.hall.settings.floor_rating_kg_per_m2;
        let point_rating = layout.hall.settings.floor_point_rating_kg;
        let n = layout.items.len();
        let own: Vec<f64> = (0..n).map(|i| own_weight_kg(&Facts::at(ctx, i))).collect();
        // A mounted unit weighs on its host (the one rule: `model::ops::is_mount`, ties to `wins_mount`).
        const NONE: u32 = u32::MAX;
        let mut host: Vec<u32> = vec![NONE; n];
        for (i, item) in layout.items.iter().enumerate() {
            let Some(unit) = item.cooling.and_then(|id| ctx.index(id)) else { continue };
            let current = (host[unit] != NONE).then(|| layout.items[host[unit] as usize].id);
            if is_mount(ctx.types[i], ctx.types[unit]) && wins_mount(item.id, current) {
                host[unit] = i as u32;
            }
        }
        let mut weight = own.clone();
        let mut hosts = FxHashMap::default();
        for (unit, &h) in host.iter().enumerate() {
            if h != NONE {
                weight[h as usize] += own[unit];
                hosts.insert(layout.items[unit].id, layout.items[h as usize].id);
            }
        }
        let carried = |i: usize| host[i] != NONE;

        let mut state = Self {
            rating,
            point_rating,
            total: Exact::default(),
            host: hosts,
            on_floor: Vec::with_capacity(n),
            over: BTreeSet::new(),
            rows: FxHashMap::default(),
            zone_keys: Vec::new(),
        };
        let mut report = FloorReport {
            rating_kg_per_m2: rating,
            point_rating_kg: point_rating,
            hall_area_m2: layout.hall.width_m * layout.hall.depth_m,
            items: Vec::with_capacity(n),
            ..FloorReport::default()
        };
        let mut entries: Vec<(ItemFloorLoad, bool)> = Vec::with_capacity(n);
        // Items of a row mostly come together: the last row is checked before the map.
        let mut row_of: FxHashMap<(u8, i32), usize> = FxHashMap::default();
        let mut rows: Vec<((u8, i32), Row)> = Vec::new();
        let mut last: Option<((u8, i32), usize)> = None;
        let mut best: Option<(f64, ItemId)> = None;
        for (i, item) in layout.items.iter().enumerate() {
            let Some(ty) = ctx.types[i] else { continue };
            state.total += own[i];
            if !ty.occupies_floor() {
                if !carried(i) && weight[i] > 0.0 {
                    // A mounted unit cooling nothing stands on its own outline.
                    entries.push((load_of(item.id, weight[i], ty.width_m * ty.depth_m), false));
                }
                continue;
            }
            let load = load_of(item.id, weight[i], ty.width_m * ty.depth_m);
            if load.point_kg > point_rating + 1e-9 {
                state.over.insert(item.id);
            }
            if beats(load.point_kg, item.id, best) {
                best = Some((load.point_kg, item.id));
            }
            entries.push((load, true));
            let key = row_key(item);
            let slot = match last {
                Some((k, slot)) if k == key => slot,
                _ => {
                    let next = rows.len();
                    let slot = *row_of.entry(key).or_insert(next);
                    if slot == next {
                        rows.push((key, Row::new()));
                    }
                    last = Some((key, slot));
                    slot
                }
            };
            let row = &mut rows[slot].1;
            row.weight += weight[i];
            row.extend(row_extent(item, ty));
            row.members.push(item.id);
        }
        state.rows = rows.into_iter().collect();
        if !entries.is_sorted_by_key(|(l, _)| l.id) {
            entries.sort_unstable_by_key(|(l, _)| l.id);
        }
        (report.items, state.on_floor) = entries.into_iter().unzip();
        (report.max_point_kg, report.max_item) = best.map_or((0.0, None), |(l, id)| (l, Some(id)));
        report.total_weight_t = state.total.value() / 1000.0;
        state.zone_keys = state.rows.keys().copied().collect();
        state.zone_keys.sort_unstable();
        report.zones = state.zone_keys.iter().enumerate().map(|(k, _)| state.zone(k)).collect();
        state.set_max_zone(&mut report);
        (state, report)
    }

    /// The zone of the `k`-th row (in key order): the row plus half the gap to its neighbours on the same axis.
    fn zone(&self, k: usize) -> ZoneLoad {
        let key = self.zone_keys[k];
        let row = &self.rows[&key];
        let gap = |other: Option<&(u8, i32)>, before: bool| -> Option<f64> {
            let other_key = other?;
            if other_key.0 != key.0 {
                return None;
            }
            let o = self.rows.get(other_key)?;
            let g = if before { row.across.0 - o.across.1 } else { o.across.0 - row.across.1 };
            (g >= 0.0).then(|| (g / 2.0).min(MAX_HALF_AISLE_M))
        };
        let before = gap(k.checked_sub(1).and_then(|p| self.zone_keys.get(p)), true);
        let after = gap(self.zone_keys.get(k + 1), false);
        let (before, after) = (before.or(after).unwrap_or(0.0), after.or(before).unwrap_or(0.0));
        let area_m2 = (row.along.1 - row.along.0) * (row.across.1 - row.across.0 + before + after);
        let weight_kg = row.weight.value();
        let kg_per_m2 = if area_m2 > 0.0 { weight_kg / area_m2 } else { 0.0 };
        ZoneLoad { label: row_label(key), weight_kg, area_m2, kg_per_m2 }
    }

    /// The most loaded zone: the first in row order at the highest load.
    fn set_max_zone(&self, report: &mut FloorReport) {
        let mut best: Option<usize> = None;
        let mut max = 0.0;
        for (k, z) in report.zones.iter().enumerate() {
            if z.kg_per_m2 > max {
                max = z.kg_per_m2;
                best = Some(k);
            }
        }
        report.max_zone_kg_per_m2 = max;
        let label = best.map(|k| &report.zones[k].label);
        if report.max_zone.as_ref() != label {
            report.max_zone = label.cloned();
        }
    }

    /// A floor item's weight with the mounted unit it carries, in a state of the layout.
    fn carried_weight_kg(&self, world: &World<'_>, f: &Facts<'_>) -> f64 {
        let mut w = own_weight_kg(f);
        if let Some(unit) = f.item.cooling
            && self.host.get(&unit) == Some(&f.item.id)
            && let Some(u) = world.facts(unit)
        {
            w += own_weight_kg(&u);
        }
        w
    }

    /// Takes away (`sign` −1, in the layout before the changes) or adds back (+1, after) one item's share of
    /// the total and of its row.
    fn apply(&mut self, world: &World<'_>, id: ItemId, sign: i64) {
        let Some(f) = world.facts(id) else { return };
        let Some(ty) = f.ty else { return };
        self.total.add_signed(own_weight_kg(&f), sign);
        if !ty.occupies_floor() {
            return;
        }
        let w = self.carried_weight_kg(world, &f);
        let key = row_key(f.item);
        let extent = row_extent(f.item, ty);
        if sign > 0 {
            let row = self.rows.entry(key).or_insert_with(Row::new);
            row.weight.add_signed(w, 1);
            row.extend(extent);
            row.members.push(id);
        } else if let Some(row) = self.rows.get_mut(&key) {
            row.weight.add_signed(w, -1);
            if let Some(at) = row.members.iter().position(|m| *m == id) {
                row.members.swap_remove(at);
            }
            let (a0, a1, c0, c1) = extent;
            row.stale |= a0 <= row.along.0 || a1 >= row.along.1 || c0 <= row.across.0 || c1 >= row.across.1;
        }
    }

    /// The report entry an item has after the changes: its weight over its footprint (a mounted unit that no
    /// rack carries: over its own outline), or none.
    fn entry(&self, world: &World<'_>, id: ItemId) -> Option<(ItemFloorLoad, bool)> {
        let f = world.facts(id)?;
        let ty = f.ty?;
        if !ty.occupies_floor() {
            let w = own_weight_kg(&f);
            return (!self.host.contains_key(&id) && w > 0.0).then(|| (load_of(id, w, ty.width_m * ty.depth_m), false));
        }
        Some((load_of(id, self.carried_weight_kg(world, &f), ty.width_m * ty.depth_m), true))
    }

    /// Brings the state and the floor section from the layout before `changes` to `after` (see
    /// [`super::live`]): the touched items, the racks that start or stop carrying a mounted unit, their rows and
    /// the zones beside them.
    pub fn update(&mut self, before: &World<'_>, after: &World<'_>, touched: &[ItemId], report: &mut FloorReport) {
        let (units, new_hosts) = Self::rehosted_units(before, after, touched);
        let mut affected: BTreeSet<ItemId> = touched.iter().copied().collect();
        for u in &units {
            affected.insert(*u);
            affected.extend(self.host.get(u));
            affected.extend(new_hosts.get(u));
        }
        let old_rows: Vec<(u8, i32)> = affected
            .iter()
            .filter_map(|&id| before.item(id))
            .map(row_key)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for &id in &affected {
            self.apply(before, id, -1);
        }
        for u in &units {
            match new_hosts.get(u) {
                Some(h) => self.host.insert(*u, *h),
                None => self.host.remove(u),
            };
        }
        for &id in &affected {
            self.apply(after, id, 1);
        }

        self.update_entries(after, &affected, report);
        let mut keys: BTreeSet<(u8, i32)> = old_rows.into_iter().collect();
        keys.extend(affected.iter().filter_map(|&id| after.item(id)).map(row_key));
        self.update_rows(after, &keys, report);
    }

    /// Mounted units whose carrier may change — units an inserted, removed or re-typed item is (or cools), and
    /// units whose racks changed their cooling unit — and their hosts after the change.
    fn rehosted_units(
        before: &World<'_>,
        after: &World<'_>,
        touched: &[ItemId],
    ) -> (BTreeSet<ItemId>, FxHashMap<ItemId, ItemId>) {
        let mut units: BTreeSet<ItemId> = BTreeSet::new();
        for &id in touched {
            let (old, new) = (before.item(id), after.item(id));
            let retyped = old.map(|i| &i.type_id) != new.map(|i| &i.type_id);
            let recooled = old.and_then(|i| i.cooling) != new.and_then(|i| i.cooling);
            if retyped || recooled {
                units.extend(old.and_then(|i| i.cooling));
                units.extend(new.and_then(|i| i.cooling));
                units.insert(id);
            }
        }
        units.retain(|u| {
            let mounted = |w: &World<'_>| w.facts(*u).and_then(|f| f.ty).is_some_and(|t| !t.occupies_floor());
            mounted(before) || mounted(after)
        });
        let mut new_hosts: FxHashMap<ItemId, ItemId> = FxHashMap::default();
        if !units.is_empty() {
            for item in &after.layout().items {
                let Some(unit) = item.cooling.filter(|u| units.contains(u)) else { continue };
                if is_mount(after.layout().type_of(item), after.facts(unit).and_then(|f| f.ty))
                    && wins_mount(item.id, new_hosts.get(&unit).copied())
                {
                    new_hosts.insert(unit, item.id);
                }
            }
        }
        (units, new_hosts)
    }

    /// The affected items' entries, the items over the rating and the highest load.
    fn update_entries(&mut self, after: &World<'_>, affected: &BTreeSet<ItemId>, report: &mut FloorReport) {
        let mut best = report.max_item.map(|id| (report.max_point_kg, id));
        let mut rescan = false;
        for &id in affected {
            let new = self.entry(after, id);
            let now = new.as_ref().filter(|(_, f)| *f).map(|(l, _)| l.point_kg);
            let at = report.items.binary_search_by_key(&id, |l| l.id);
            match (at, new) {
                (Ok(k), Some((load, on_floor))) => {
                    report.items[k] = load;
                    self.on_floor[k] = on_floor;
                }
                (Ok(k), None) => {
                    report.items.remove(k);
                    self.on_floor.remove(k);
                }
                (Err(k), Some((load, on_floor))) => {
                    report.items.insert(k, load);
                    self.on_floor.insert(k, on_floor);
                }
                (Err(_), None) => {}
            }
            if best.is_some_and(|(_, b)| b == id)
                && (now.is_none() || now.is_some_and(|l| Some(l) != best.map(|b| b.0)))
            {
                rescan = true;
            }
            if let Some(load) = now {
                if beats(load, id, best) {
                    best = Some((load, id));
                }
                if load > self.point_rating + 1e-9 {
                    self.over.insert(id);
                } else {
                    self.over.remove(&id);
                }
            } else {
                self.over.remove(&id);
            }
        }
        if rescan {
            best = None;
            for (l, &on_floor) in report.items.iter().zip(&self.on_floor) {
                if on_floor && beats(l.point_kg, l.id, best) {
                    best = Some((l.point_kg, l.id));
                }
            }
        }
        (report.max_point_kg, report.max_item) = best.map_or((0.0, None), |(l, id)| (l, Some(id)));
        report.total_weight_t = self.total.value() / 1000.0;
    }

    /// Rows: extents found again where an edge member left; zones of the touched rows (`keys`) and their
    /// neighbours.
    fn update_rows(&mut self, after: &World<'_>, keys: &BTreeSet<(u8, i32)>, report: &mut FloorReport) {
        for key in keys {
            let Some(row) = self.rows.get_mut(key) else { continue };
            if row.members.is_empty() {
                self.rows.remove(key);
                continue;
            }
            if row.stale {
                let (weight, members) = (row.weight, std::mem::take(&mut row.members));
                let mut fresh = Row::new();
                for &m in &members {
                    if let Some(f) = after.facts(m)
                        && let Some(ty) = f.ty
                    {
                        fresh.extend(row_extent(f.item, ty));
                    }
                }
                fresh.weight = weight;
                fresh.members = members;
                *row = fresh;
            }
        }
        let mut recompute: BTreeSet<(u8, i32)> = BTreeSet::new();
        for key in keys {
            let exists = self.rows.contains_key(key);
            match (self.zone_keys.binary_search(key), exists) {
                (Ok(k), false) => {
                    self.zone_keys.remove(k);
                    report.zones.remove(k);
                    recompute.extend(k.checked_sub(1).and_then(|p| self.zone_keys.get(p)).copied());
                    recompute.extend(self.zone_keys.get(k).copied());
                }
                (Err(k), true) => {
                    self.zone_keys.insert(k, *key);
                    report.zones.insert(k, ZoneLoad::default());
                    recompute.insert(*key);
                }
                (Ok(_), true) => {
                    recompute.insert(*key);
                }
                (Err(_), false) => {}
            }
        }
        let neighbours: Vec<(u8, i32)> = recompute
            .iter()
            .filter_map(|key| self.zone_keys.binary_search(key).ok())
            .flat_map(|k| [k.checked_sub(1), Some(k + 1)])
            .flatten()
            .filter_map(|k| self.zone_keys.get(k).copied())
            .collect();
        recompute.extend(neighbours);
        for key in &recompute {
            if let Ok(k) = self.zone_keys.binary_search(key) {
                let mut zone = self.zone(k);
                let old = &mut report.zones[k];
                if old.label.is_empty() {
                    *old = zone;
                } else {
                    zone.label = std::mem::take(&mut old.label);
                    *old = zone;
                }
            }
        }
        self.set_max_zone(report);
    }

    /// The phase's warnings for its section of the report.
    pub fn warnings(&self, report: &FloorReport, out: &mut Vec<Warning>) {
        let rating = self.rating;
        if !self.over.is_empty() {
            let worst =
                report.max_item.map_or(String::new(), |id| format!("; worst {id} at {:.0} kg", report.max_point_kg));
            warn(
                out,
                "floor-point-overload",
                Severity::Warning,
                format!(
                    "{} item(s) put more on one of their {LOAD_POINTS} feet than the floor's concentrated rating of \
                     {:.0} kg{worst}; use spreader plates or a plinth, a stronger panel grade, or confirm the point \
                     capacity with a structural engineer",
                    self.over.len(),
                    self.point_rating
                ),
                self.over.iter().copied().collect(),
            );
        }
        if report.max_zone_kg_per_m2 > rating + 1e-9 {
            warn(
                out,
                "floor-overload",
                Severity::Warning,
                format!(
                    "{} carries {:.0} kg/m² over its zone (racks plus half the aisles), above the rating of {rating:.0} \
                     kg/m²; widen the aisles or confirm the slab's rating",
                    report.max_zone.as_deref().unwrap_or("a row"),
                    report.max_zone_kg_per_m2
                ),
                Vec::new(),
            );
        }
    }
}

fn load_of(id: ItemId, weight_kg: f64, area_m2: f64) -> ItemFloorLoad {
    ItemFloorLoad {
        id,
        weight_kg,
        kg_per_m2: if area_m2 > 0.0 { weight_kg / area_m2 } else { 0.0 },
        point_kg: weight_kg / LOAD_POINTS,
    }
}
