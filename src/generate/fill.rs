//! A hand-built hall to a clean fabric: the selected GPU racks numbered into scalable units in floor order, and
//! the fabric's required leaves, spines and cores put into the selected network racks, in order — the same
//! sizing and fills the generator uses, so the placed and required figures agree.

use super::GenerateError;
use super::expand::existing_sus;
use super::hall::{leaf_fills, plan_fabrics, spine_core_fills, switches_per_rack};
use crate::analysis::power::row_key;
use crate::model::limits::SU;
use crate::model::{EquipmentKind, Item, ItemId, Layout, SwitchFill, SwitchRole, TypeId};

/// Floor order: rows (racks turned 0° or 180° along x, keyed by their y; the others along y), then along them.
fn floor_order(items: &mut [Item]) {
    items.sort_by_key(|i| {
        let key = row_key(i);
        let along = if key.0 == b'y' { i.x_mm } else { i.y_mm };
        (key, along, i.id)
    });
}

/// The selected GPU racks numbered into scalable units from `first_su`, in floor order: `per_su` racks to a unit,
/// or (`per_su` 0) each row its own unit. Returns the racks whose unit changed.
pub fn assign_scalable_units(layout: &Layout, ids: &[ItemId], per_su: u32, first_su: u32) -> Vec<Item> {
    let mut racks: Vec<Item> = crate::model::ops::items_of(layout, ids)
        .into_iter()
        .filter(|i| layout.type_of(i).is_some_and(|t| t.gpu.is_some()))
        .collect();
    floor_order(&mut racks);
    let last = *SU.end();
    let mut su = first_su.min(last);
    let mut in_unit = 0_u32;
    let mut row = racks.first().map(row_key);
    let mut out = Vec::new();
    for mut r in racks {
        let new_row = Some(row_key(&r)) != row;
        let full = if per_su == 0 { new_row } else { in_unit == per_su };
        if full && in_unit > 0 {
            su = su.saturating_add(1).min(last);
            in_unit = 0;
        }
        row = Some(row_key(&r));
        in_unit += 1;
        if r.su != Some(su) {
            r.su = Some(su);
            out.push(r);
        }
    }
    out
}

/// What filling the network racks did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filled {
    /// The racks with their new switches.
    pub items: Vec<Item>,
    /// Switch racks the fabric needs (its leaves by scalable unit, then its spines and cores).
    pub needed: usize,
    /// Of them, placed in the selected racks.
    pub placed: usize,
    /// Selected racks left empty (more were selected than the fabric needs).
    pub emptied: usize,
}

/// The fabric the hall's GPU racks need, sized as the analysis and the generator size it, put into the selected
/// network racks in floor order: each scalable unit's leaves, then the spines and cores, each fabric (GPU
/// generation) in turn. Racks holding management switches are left alone; selected racks beyond the fabric's
/// needs are emptied. An error says what is missing: GPU racks, a fabric switch, or network racks.
pub fn fill_required_switches(layout: &Layout, ids: &[ItemId]) -> Result<Filled, GenerateError> {
    let bad = |problem: String| GenerateError::BadParameter { param: "fill", problem };
    let mut racks: Vec<Item> = crate::model::ops::items_of(layout, ids)
        .into_iter()
        .filter(|i| layout.type_of(i).is_some_and(|t| t.kind == EquipmentKind::NetworkRack))
        .filter(|i| i.switches.as_ref().is_none_or(|f| f.role != SwitchRole::Management))
        .collect();
    if racks.is_empty() {
        return Err(bad("select the network racks to fill (racks holding management switches are kept)".into()));
    }
    floor_order(&mut racks);
    let sus: Vec<_> = existing_sus(layout).into_values().collect();
    if sus.is_empty() {
        return Err(bad("the hall has no GPU racks: place them (and give them scalable units) first".into()));
    }
    // The hall's fabric switch, else the most-placed leaf model (ties to the smallest id) — of the given SUs' leaves,
    // else of all — as the analysis chooses it.
    let most_placed = |sus: Option<&[u32]>| {
        let mut counts: std::collections::BTreeMap<&TypeId, u64> = std::collections::BTreeMap::new();
        for f in layout.items.iter().filter_map(|i| i.switches.as_ref()).filter(|f| f.role == SwitchRole::Leaf) {
            if sus.is_none_or(|s| s.contains(&f.su)) {
                *counts.entry(&f.model).or_default() += u64::from(f.count);
            }
        }
        let most = counts.values().copied().max()?;
        counts.into_iter().find(|(_, n)| *n == most).map(|(m, _)| m.clone())
    };
    let a_leaf_model = || most_placed(None);
    let model = layout.hall.settings.fabric_switch.clone().or_else(a_leaf_model).ok_or_else(|| {
        bad("the hall has no fabric switch: choose one in Hall › Fabric switch, then fill the racks".into())
    })?;
    let sw = layout
        .catalog
        .get(&model)
        .and_then(|t| t.switch.as_ref())
        .ok_or_else(|| bad(format!("\"{model}\" is not a switch type of this hall's catalog")))?;
    let rack_type = layout.type_of(&racks[0]).ok_or_else(|| bad("the first network rack has no type".into()))?;
    // Switches to a rack: the generator's rule, within the rack's units less those the hall keeps free at the top.
    let usable_u = rack_type.rack_units.saturating_sub(layout.hall.settings.reserved_top_u);
    let cap = switches_per_rack(rack_type, sw).min(usable_u / sw.rack_units.max(1)).max(1);
    let mut fills: Vec<SwitchFill> = Vec::new();
    for f in plan_fabrics(&sus, sw) {
        let of_fabric: Vec<u32> = sus.iter().filter(|s| s.1 == f.key).map(|s| s.0.su).collect();
        let model = match &layout.hall.settings.fabric_switch {
            Some(m) => m.clone(),
            None => most_placed(Some(&of_fabric)).unwrap_or_else(|| model.clone()),
        };
        for s in sus.iter().filter(|s| s.1 == f.key) {
            fills.extend(leaf_fills(&f.design, &s.0, &model, cap, f.plane_offset));
        }
        fills.extend(spine_core_fills(&f.design, &model, cap, f.plane_offset));
    }
    let needed = fills.len();
    let placed = needed.min(racks.len());
    let emptied = racks.len().saturating_sub(needed);
    let mut fills = fills.into_iter();
    let mut items = Vec::new();
    for mut r in racks {
        let fill = fills.next();
        if r.switches != fill {
            r.switches = fill;
            items.push(r);
        }
    }
    Ok(Filled { items, needed, placed, emptied })
}
