//! Floor loading (shared/reference/domain.md §7): every item's weight over its footprint, each row zone's
//! distributed load, and the hall's total weight, against the hall's floor rating.
//!
//! An item weighs its type's weight; a network rack adds its switches; a mounted cooling unit (in-rack CDU,
//! rear door) adds its weight to the rack it cools and has no footprint of its own. A row zone is a row of items
//! (the same rows as the power report) plus half the aisle on each side, up to [`MAX_HALF_AISLE_M`]: its
//! distributed load is the row's weight over that area.

use rustc_hash::FxHashMap;

use super::power::{row_key, row_label};
use super::{Ctx, FloorReport, ItemFloorLoad, Severity, Warning, ZoneLoad, warn};
use crate::model::ItemId;

/// Most aisle counted on each side of a row zone, in metres: half of the 1.2 m TIA-942 cold aisle (reference §7);
/// a wider space belongs to circulation, not to the rows' bay.
pub const MAX_HALF_AISLE_M: f64 = 0.6;
/// Kilopascals per kg/m² (standard gravity 9.80665 m/s²).
pub const KPA_PER_KG_PER_M2: f64 = 9.806_65e-3;
/// lb/ft² per kg/m² (1 lb = 0.45359237 kg, 1 ft = 0.3048 m).
pub const LB_PER_FT2_PER_KG_PER_M2: f64 = 0.3048 * 0.3048 / 0.453_592_37;

/// One row: its items' weight and extent.
#[derive(Default)]
struct Row {
    weight_kg: f64,
    /// Extent along the row, metres.
    along: (f64, f64),
    /// Extent across the row (front to back), metres.
    across: (f64, f64),
}

/// Analyses floor loading.
#[inline(never)] // a phase of its own in profiles
pub(crate) fn analyse(ctx: &Ctx<'_>, out: &mut Vec<Warning>) -> FloorReport {
    let layout = ctx.layout;
    let tile = layout.hall.tile_m;
    let rating = layout.hall.settings.floor_rating_kg_per_m2;
    let n = layout.items.len();

    // Each item's own weight, then mounted units' weight onto the rack they cool.
    let mut weight: Vec<f64> = (0..n)
        .map(|i| {
            let Some(ty) = ctx.types[i] else { return 0.0 };
            let switches = match (&layout.items[i].switches, ctx.switch_types[i]) {
                (Some(fill), Some(sw)) => f64::from(fill.count) * sw.weight_kg,
                _ => 0.0,
            };
            ty.weight_kg + switches
        })
        .collect();
    // A mounted unit cooling several racks weighs on the one with the lowest id, whatever the item order.
    const NONE: u32 = u32::MAX;
    let mut host: Vec<u32> = vec![NONE; n];
    for (i, item) in layout.items.iter().enumerate() {
        let Some(unit) = item.cooling.and_then(|id| ctx.index(id)) else { continue };
        let mounted = ctx.types[unit].is_some_and(|t| !t.occupies_floor());
        let h = host[unit];
        if mounted
            && ctx.types[i].is_some_and(|t| t.occupies_floor())
            && (h == NONE || item.id < layout.items[h as usize].id)
        {
            host[unit] = i as u32;
        }
    }
    for (unit, &h) in host.iter().enumerate() {
        if h != NONE {
            weight[h as usize] += weight[unit];
        }
    }
    let carried = |i: usize| host[i] != NONE;

    let mut report = FloorReport {
        rating_kg_per_m2: rating,
        hall_area_m2: layout.hall.width_m * layout.hall.depth_m,
        items: Vec::with_capacity(n),
        ..FloorReport::default()
    };
    let mut row_of: FxHashMap<(u8, i32), usize> = FxHashMap::default();
    let mut rows: Vec<((u8, i32), Row)> = Vec::new();
    // Items of a row mostly come together: the last row is checked before the map.
    let mut last: Option<((u8, i32), usize)> = None;
    let mut over = Vec::new();
    let mut total_kg = 0.0;
    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        total_kg += if carried(i) { 0.0 } else { weight[i] };
        if !ty.occupies_floor() {
            if !carried(i) && weight[i] > 0.0 {
                // A mounted unit cooling nothing stands on its own outline.
                report.items.push(load_of(item.id, weight[i], ty.width_m * ty.depth_m));
            }
            continue;
        }
        let load = load_of(item.id, weight[i], ty.width_m * ty.depth_m);
        if load.kg_per_m2 > rating + 1e-9 {
            over.push(item.id);
        }
        if load.kg_per_m2 > report.max_item_kg_per_m2 {
            report.max_item_kg_per_m2 = load.kg_per_m2;
            report.max_item = Some(item.id);
        }
        report.items.push(load);

        let key = row_key(item);
        let along_x = key.0 == b'y';
        let (o, size) = (item.origin_m(tile), item.footprint_m(ty));
        let (a0, a1, c0, c1) =
            if along_x { (o.x, o.x + size.x, o.y, o.y + size.y) } else { (o.y, o.y + size.y, o.x, o.x + size.x) };
        let slot = match last {
            Some((k, slot)) if k == key => slot,
            _ => {
                let next = rows.len();
                let slot = *row_of.entry(key).or_insert(next);
                if slot == next {
                    let empty = (f64::INFINITY, f64::NEG_INFINITY);
                    rows.push((key, Row { along: empty, across: empty, ..Row::default() }));
                }
                last = Some((key, slot));
                slot
            }
        };
        let row = &mut rows[slot].1;
        row.weight_kg += weight[i];
        row.along = (row.along.0.min(a0), row.along.1.max(a1));
        row.across = (row.across.0.min(c0), row.across.1.max(c1));
    }
    if !report.items.is_sorted_by_key(|l| l.id) {
        report.items.sort_unstable_by_key(|l| l.id);
    }
    report.total_weight_t = total_kg / 1000.0;

    // Zones: each row with half the gap to its neighbours on the same axis.
    let mut keyed = rows;
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.across.0.total_cmp(&b.1.across.0)));
    for k in 0..keyed.len() {
        let ((axis, at), row) = (&keyed[k].0, &keyed[k].1);
        let gap = |other: Option<&((u8, i32), Row)>, before: bool| -> Option<f64> {
            let ((other_axis, _), o) = other?;
            if *other_axis != *axis {
                return None;
            }
            let g = if before { row.across.0 - o.across.1 } else { o.across.0 - row.across.1 };
            (g >= 0.0).then(|| (g / 2.0).min(MAX_HALF_AISLE_M))
        };
        let before = gap(k.checked_sub(1).and_then(|p| keyed.get(p)), true);
        let after = gap(keyed.get(k + 1), false);
        let (before, after) = (before.or(after).unwrap_or(0.0), after.or(before).unwrap_or(0.0));
        let area_m2 = (row.along.1 - row.along.0) * (row.across.1 - row.across.0 + before + after);
        let kg_per_m2 = if area_m2 > 0.0 { row.weight_kg / area_m2 } else { 0.0 };
        let label = row_label((*axis, *at));
        if kg_per_m2 > report.max_zone_kg_per_m2 {
            report.max_zone_kg_per_m2 = kg_per_m2;
            report.max_zone = Some(label.clone());
        }
        report.zones.push(ZoneLoad { label, weight_kg: row.weight_kg, area_m2, kg_per_m2 });
    }

    if !over.is_empty() {
        let worst = report
            .max_item
            .map_or(String::new(), |id| format!("; worst {id} at {:.0} kg/m²", report.max_item_kg_per_m2));
        warn(
            out,
            "floor-overload",
            Severity::Warning,
            format!(
                "{} item(s) load the floor above its rating of {rating:.0} kg/m²{worst}; spread the load (plinth, \
                 spreader plates) or confirm the slab's rating",
                over.len()
            ),
            over,
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
    report
}

fn load_of(id: ItemId, weight_kg: f64, area_m2: f64) -> ItemFloorLoad {
    ItemFloorLoad { id, weight_kg, kg_per_m2: if area_m2 > 0.0 { weight_kg / area_m2 } else { 0.0 } }
}
