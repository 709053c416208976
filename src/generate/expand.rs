//! Growing an existing hall by more GPUs of a rack type: the new arrays (with their PDUs, cooling, leaf and
//! management switches, storage in proportion) are built by the generator from what the hall already uses, set
//! beside the existing ones (the hall extended at the far wall, rows on the same tray lines), and the combined
//! fabric is re-planned over the old and the new scalable units. Every existing item keeps its id, position and
//! type; only switch racks' fills may change (a grown fabric has more spines per pod, or more pods), and the
//! spine and core racks the grown fabric needs beyond the existing ones go in the new network rows.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::hall::PlannedFabric;
use super::hall::{NETWORK_RACK, added_su_servers, leaf_fills, plan_fabrics, spine_core_fills, switches_per_rack};
use super::{FabricPlan, GenerateError, GpuAddition, HallParams, MAX_GPUS, generate, grown_name};
use crate::analysis::fabric::SuDemand;
use crate::io::builtin_catalog;
use crate::model::{
    CoolingMedium, EquipmentKind, EquipmentType, ItemId, Layout, SwitchFill, SwitchRole, SwitchSpec, TypeId,
};

/// A grown hall and what growing it did.
#[derive(Clone, Debug)]
pub struct Expanded {
    /// The hall with the additions.
    pub layout: Layout,
    /// Items added.
    pub added_items: usize,
    /// Existing switch racks whose fill the re-planned fabric changed.
    pub refilled: usize,
    /// How far the hall grew, metres (width, depth).
    pub grown_m: (f64, f64),
}

fn bad(param: &'static str, problem: String) -> GenerateError {
    GenerateError::BadParameter { param, problem }
}

/// The most common value, ties to the smallest (so the choice does not depend on item order).
fn most_common<T: Ord + Clone>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// What the hall already uses, for its new arrays: the most common PDU, fabric and management switch, cooling
/// types, and the compute switch's figures.
struct HallChoices {
    pdu_type: TypeId,
    switch_type: TypeId,
    management_switch: Option<TypeId>,
    liquid: Option<TypeId>,
    crah_type: TypeId,
    rear_door_type: Option<TypeId>,
    sw: &'static SwitchSpec,
    /// Compute switches one network rack holds.
    cap: u32,
}

impl HallChoices {
    fn of(layout: &Layout) -> Result<Self, GenerateError> {
        let builtin = builtin_catalog();
        let types_of =
            |kind: EquipmentKind| layout.items.iter().filter_map(|i| layout.type_of(i)).filter(move |t| t.kind == kind);
        let cooling_of = |medium: CoolingMedium, mounted: bool| {
            most_common(
                types_of(EquipmentKind::Cooling)
                    .filter(move |t| t.cooling.as_ref().is_some_and(|c| c.medium == medium && c.mounted == mounted))
                    .map(|t| t.id.clone()),
            )
        };
        let fills = || layout.items.iter().filter_map(|i| i.switches.as_ref());
        let pdu_type = most_common(types_of(EquipmentKind::Pdu).map(|t| t.id.clone()))
            .ok_or_else(|| bad("add", "the hall has no PDUs to copy; place or generate some first".into()))?;
        let switch_type = most_common(fills().filter(|f| f.role == SwitchRole::Leaf).map(|f| f.model.clone()))
            .or_else(|| layout.hall.settings.fabric_switch.clone())
            .ok_or_else(|| {
                bad("add", "the hall has no fabric switches to copy; choose a fabric switch in Hall".into())
            })?;
        let management_switch =
            most_common(fills().filter(|f| f.role == SwitchRole::Management).map(|f| f.model.clone()));
        let sw_type = builtin.get(&switch_type).filter(|t| t.kind == EquipmentKind::Switch);
        let (Some(sw_type), Some(net_rack)) = (sw_type, builtin.get(&TypeId::from(NETWORK_RACK))) else {
            return Err(GenerateError::BadType(switch_type, "is not a switch in the built-in catalog".into()));
        };
        let Some(sw) = &sw_type.switch else {
            return Err(GenerateError::BadType(switch_type, "lacks switch figures".into()));
        };
        Ok(Self {
            pdu_type,
            management_switch,
            liquid: cooling_of(CoolingMedium::Liquid, true).or_else(|| cooling_of(CoolingMedium::Liquid, false)),
            crah_type: cooling_of(CoolingMedium::Air, false).unwrap_or_else(|| "crah-cw-150".into()),
            rear_door_type: cooling_of(CoolingMedium::Air, true),
            sw,
            cap: switches_per_rack(net_rack, sw),
            switch_type,
        })
    }
}

/// A scalable unit as the fabric planner takes it: its demand, (rails, Gb/s) and GPUs.
pub(super) type SuPlan = (SuDemand, (u32, u32), u64);

/// (rails per server, Gb/s per port) of a GPU rack type.
pub(super) fn fabric_key(t: &EquipmentType) -> (u32, u32) {
    t.gpu.as_ref().map_or((0, 0), |g| (g.compute_ports_per_server, g.port_gbps))
}

/// The scalable units the hall has, by SU number.
pub(super) fn existing_sus(layout: &Layout) -> BTreeMap<u32, SuPlan> {
    let mut existing: BTreeMap<u32, SuPlan> = BTreeMap::new();
    for item in &layout.items {
        let Some(ty) = layout.type_of(item).filter(|t| t.kind == EquipmentKind::GpuRack) else { continue };
        let Some(g) = &ty.gpu else { continue };
        let su = item.su.unwrap_or(0);
        let servers = item.servers_in(ty);
        let e = existing.entry(su).or_insert((SuDemand { su, nodes: 0 }, fabric_key(ty), 0));
        e.0.nodes += servers;
        e.2 += u64::from(servers) * u64::from(g.gpus_per_server);
    }
    existing
}

/// The new scalable units, numbered from `first_su` and sized as the generator will build them (the existing
/// SU size `su_size` in whole racks of the first new type; later types round that up to their own racks), and
/// the servers per SU of the first new type.
fn new_sus(add: &[GpuAddition], su_size: u32, first_su: u32) -> Result<(Vec<SuPlan>, u32), GenerateError> {
    let builtin = builtin_catalog();
    let mut added: Vec<SuPlan> = Vec::new();
    let mut su_servers_first = 0;
    for (k, a) in add.iter().enumerate() {
        let ty = builtin.get(&a.rack_type).filter(|t| t.kind == EquipmentKind::GpuRack).ok_or_else(|| {
            GenerateError::BadType(a.rack_type.clone(), "is not a GPU rack in the built-in catalog".into())
        })?;
        let Some(g) = &ty.gpu else {
            return Err(GenerateError::BadType(a.rack_type.clone(), "lacks GPU figures".into()));
        };
        let gps = u64::from(g.gpus_per_server.max(1));
        if a.gpus == 0 || !a.gpus.is_multiple_of(gps) {
            return Err(bad(
                "add",
                format!(
                    "{} GPUs of {}: give a positive multiple of its {gps} GPUs per server, e.g. {}",
                    a.gpus,
                    a.rack_type,
                    a.gpus.div_ceil(gps).max(1) * gps
                ),
            ));
        }
        let servers_per_su = if k == 0 {
            su_servers_first = added_su_servers(su_size, g.servers);
            su_servers_first
        } else {
            added_su_servers(su_servers_first, g.servers)
        };
        let servers_total =
            u32::try_from(a.gpus / gps).map_err(|_| bad("add", format!("{} GPUs is too many", a.gpus)))?;
        for n in 0..servers_total.div_ceil(servers_per_su) {
            let nodes = (servers_total - n * servers_per_su).min(servers_per_su);
            let su = first_su + added.len() as u32;
            added.push((SuDemand { su, nodes }, fabric_key(ty), u64::from(nodes) * gps));
        }
    }
    Ok((added, su_servers_first))
}

/// Existing switch racks take the grown fabric's fills: each SU's leaf racks its leaves, rack for rack; spine and
/// core racks the fills of the generation they served (told by their plane before growing) where it has fills
/// left, else any. Returns the racks re-filled and the spine and core fills left for the new network rows.
fn refill_switch_racks(
    layout: &Layout,
    grown: &mut Layout,
    existing: &BTreeMap<u32, SuPlan>,
    fabrics: &[PlannedFabric],
    choices: &HallChoices,
    leaves_of: impl Fn(&SuPlan) -> Vec<SwitchFill>,
) -> Result<(usize, Vec<SwitchFill>), GenerateError> {
    let fills = || layout.items.iter().filter_map(|i| i.switches.as_ref().map(|f| (i, f)));
    let mut refilled = 0;
    let mut refill = |grown: &mut Layout, id: ItemId, fill: SwitchFill| {
        if let Some(i) = grown.index_of(id)
            && grown.items[i].switches.as_ref() != Some(&fill)
        {
            grown.items[i].switches = Some(fill);
            refilled += 1;
        }
    };
    let mut leaf_racks: HashMap<u32, Vec<ItemId>> = HashMap::new();
    for (item, f) in fills().filter(|(_, f)| f.role == SwitchRole::Leaf) {
        leaf_racks.entry(f.su).or_default().push(item.id);
    }
    for s in existing.values() {
        let want = leaves_of(s);
        let mut racks = leaf_racks.remove(&s.0.su).unwrap_or_default();
        racks.sort();
        if racks.len() != want.len() {
            return Err(bad(
                "add",
                format!(
                    "so many GPUs change the fabric's shape: scalable unit {}'s leaves would need {} network racks \
                     where the hall has {}. Add fewer GPUs, or build the mixed hall anew (Generate hall, or \
                     `clusterplan generate --add`)",
                    s.0.su,
                    want.len(),
                    racks.len()
                ),
            ));
        }
        for (id, fill) in racks.into_iter().zip(want) {
            refill(grown, id, fill);
        }
    }
    let old: Vec<(u32, u32, (u32, u32))> = plan_fabrics(&existing.values().copied().collect::<Vec<_>>(), choices.sw)
        .into_iter()
        .map(|f| (f.plane_offset, f.plane_offset + f.design.planes.len() as u32, f.key))
        .collect();
    let mut wanted: Vec<((u32, u32), VecDeque<SwitchFill>)> = fabrics
        .iter()
        .map(|f| (f.key, spine_core_fills(&f.design, &choices.switch_type, choices.cap, f.plane_offset).into()))
        .collect();
    let mut upper: Vec<(ItemId, Option<(u32, u32)>)> = fills()
        .filter(|(_, f)| matches!(f.role, SwitchRole::Spine | SwitchRole::Core))
        .map(|(i, f)| (i.id, old.iter().find(|(lo, hi, _)| (*lo..*hi).contains(&f.plane)).map(|o| o.2)))
        .collect();
    upper.sort();
    let mut unplaced = Vec::new();
    for (id, key) in upper {
        match wanted.iter_mut().find(|(k, _)| Some(*k) == key).and_then(|(_, q)| q.pop_front()) {
            Some(fill) => refill(grown, id, fill),
            None => unplaced.push(id),
        }
    }
    let mut rest: VecDeque<SwitchFill> = wanted.into_iter().flat_map(|(_, q)| q).collect();
    if unplaced.len() > rest.len() {
        return Err(bad(
            "add",
            format!(
                "the grown fabric needs fewer spine and core racks than the hall has ({} would hold nothing); \
                 re-plan the fabric by hand",
                unplaced.len() - rest.len()
            ),
        ));
    }
    for id in unplaced {
        if let Some(fill) = rest.pop_front() {
            refill(grown, id, fill);
        }
    }
    Ok((refilled, rest.into()))
}

/// The new arrays as a block of their own, as many to a row as fit the hall's width (the hall widens only when
/// one array is wider).
fn new_arrays(params: &HallParams, hall_width_m: f64, sus: usize) -> Result<Layout, GenerateError> {
    let block = generate(params)?;
    if block.hall.width_m <= hall_width_m + 1e-9 {
        return Ok(block);
    }
    let (mut lo, mut hi) = (1_u32, sus.max(1) as u32);
    let mut best = None;
    while lo <= hi {
        let mid = (lo + hi) / 2;
        let b = generate(&HallParams { arrays_per_row: mid, ..params.clone() })?;
        if b.hall.width_m <= hall_width_m + 1e-9 {
            best = Some(b);
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    // Even one array wider than the hall: one array to a row, the hall widened by what it must.
    match best {
        Some(b) => Ok(b),
        None => generate(&HallParams { arrays_per_row: 1, ..params.clone() }),
    }
}

/// Sets the block beside the existing rows — past the far wall, on the hall's tray lines when the row pitch is
/// the same — with ids after the hall's; the items added.
fn append_block(layout: &Layout, grown: &mut Layout, block: Layout) -> usize {
    let hall = &layout.hall;
    let tile = hall.tile_m;
    let (t, bt) = (&hall.trays, &block.hall.trays);
    let d0 = (hall.depth_m / tile - 1e-9).ceil() as i32;
    let aligned = |dy: i32| {
        let off = bt.offset_y_m + f64::from(dy) * tile - t.offset_y_m;
        let k = off / t.pitch_y_m;
        (k - k.round()).abs() * t.pitch_y_m < 1e-6
    };
    let dy = if t.pitch_y_m > 0.0 && (t.pitch_y_m - bt.pitch_y_m).abs() < 1e-9 {
        let span = (t.pitch_y_m / tile).ceil() as i32 + 1;
        (d0..=d0 + 2 * span).find(|dy| aligned(*dy)).unwrap_or(d0)
    } else {
        d0
    };
    let id_base = layout.items.iter().map(|i| i.id.0).max().unwrap_or(0);
    let shift = |id: ItemId| ItemId(id.0 + id_base);
    let added_items = block.items.len();
    for mut item in block.items {
        item.id = shift(item.id);
        item.y_mm = (i64::from(item.y_mm) + hall.tile_edge_mm(i64::from(dy))) as i32;
        item.feed_a = item.feed_a.map(shift);
        item.feed_b = item.feed_b.map(shift);
        item.feed_c = item.feed_c.map(shift);
        item.cooling = item.cooling.map(shift);
        grown.items.push(item);
    }
    for mut o in block.hall.obstacles {
        o.y_m += f64::from(dy) * tile;
        grown.hall.obstacles.push(o);
    }
    grown.hall.width_m = hall.width_m.max(block.hall.width_m);
    grown.hall.depth_m = f64::from(dy) * tile + block.hall.depth_m;
    // New types come from the built-in catalog; the hall's own definitions of types it has stay.
    let mut types: Vec<EquipmentType> = grown.catalog.types.clone();
    for ty in &block.catalog.types {
        if grown.catalog.get(&ty.id).is_none() {
            types.push(ty.clone());
        }
    }
    grown.catalog = crate::model::Catalog::new(types);
    added_items
}

/// Grows `layout` by `add` (each `TYPE:GPUS`). Refuses, saying why, what it cannot grow cleanly: a hall without
/// PDUs or a fabric switch to copy, a grid other than 0.6 m tiles, types outside the built-in catalog, or a grown
/// fabric that would need a different number of leaf racks in an existing scalable unit.
pub fn expand(layout: &Layout, add: &[GpuAddition]) -> Result<Expanded, GenerateError> {
    let Some(first) = add.first() else {
        return Err(bad("add", "give at least one TYPE:GPUS to add".into()));
    };
    let added_gpus = add.iter().fold(0_u64, |n, a| n.saturating_add(a.gpus));
    if added_gpus > MAX_GPUS {
        return Err(bad("add", format!("{added_gpus} GPUs to add: give at most {MAX_GPUS}")));
    }
    let hall = &layout.hall;
    let tile = hall.tile_m;
    if (tile - 0.6).abs() > 1e-9 {
        return Err(bad("tile", format!("the hall's tiles are {tile} m; expanding lays arrays on 0.6 m tiles")));
    }
    let choices = HallChoices::of(layout)?;
    let existing = existing_sus(layout);
    let existing_gpus: u64 = existing.values().map(|e| e.2).sum();
    let su_size = existing.values().map(|e| e.0.nodes).max().unwrap_or(0);
    let leaf_sus = layout.items.iter().filter_map(|i| i.switches.as_ref()).filter(|f| f.role == SwitchRole::Leaf);
    let first_su = existing.keys().copied().chain(leaf_sus.map(|f| f.su)).max().map_or(0, |m| m + 1);
    let (added, su_servers_first) = new_sus(add, su_size, first_su)?;

    // The grown fabric over every SU, old and new.
    let all: Vec<SuPlan> = existing.values().copied().chain(added.iter().copied()).collect();
    let fabrics = plan_fabrics(&all, choices.sw);
    if let Some(f) = fabrics.iter().find(|f| !f.design.fits) {
        return Err(bad(
            "add",
            format!(
                "{} GPU ports exceed what {} can reach even split into planes",
                f.design.node_leaf_links, choices.switch_type
            ),
        ));
    }
    let leaves_of = |s: &SuPlan| {
        fabrics
            .iter()
            .find(|f| f.key == s.1)
            .map_or_else(Vec::new, |f| leaf_fills(&f.design, &s.0, &choices.switch_type, choices.cap, f.plane_offset))
    };
    let mut grown = layout.clone();
    let (refilled, rest) = refill_switch_racks(layout, &mut grown, &existing, &fabrics, &choices, leaves_of)?;

    // The new arrays, built from the hall's own choices.
    let storage_now =
        layout.items.iter().filter(|i| layout.type_of(i).is_some_and(|t| t.kind == EquipmentKind::StorageRack)).count();
    let storage_racks = if existing_gpus > 0 {
        u32::try_from((u128::from(storage_now as u64) * u128::from(added_gpus)).div_ceil(u128::from(existing_gpus)))
            .unwrap_or(u32::MAX)
    } else {
        0
    };
    let plan = FabricPlan { first_su, leaves: added.iter().map(|s| (s.0.su, leaves_of(s))).collect(), network: rest };
    let params = HallParams {
        name: String::new(),
        gpus: first.gpus,
        rack_type: first.rack_type.clone(),
        su_servers: su_servers_first,
        arrays_per_row: 0,
        cold_aisle_tiles: 2,
        hot_aisle_tiles: 2,
        cross_aisle_tiles: 2,
        pdu_type: choices.pdu_type,
        switch_type: choices.switch_type.clone(),
        management_switch: choices.management_switch,
        cdu_type: choices.liquid,
        crah_type: choices.crah_type,
        storage_racks,
        rear_door_type: choices.rear_door_type,
        pue: hall.settings.pue,
        add: add[1..].to_vec(),
        fabric_plan: Some(plan),
        site: None,
        phasing: super::Phasing::None,
        install_racks_per_day: hall.settings.install_racks_per_day,
    };
    let block = new_arrays(&params, hall.width_m, added.len())?;
    let added_items = append_block(layout, &mut grown, block);
    super::site::grow(&mut grown);
    grown.name = grown_name(layout, &grown);
    add_expansion_phase(&mut grown, &existing.keys().copied().collect());
    let grown_m = (grown.hall.width_m - hall.width_m, grown.hall.depth_m - hall.depth_m);
    Ok(Expanded { layout: grown, added_items, refilled, grown_m })
}

/// A phased hall's new scalable units come online in a phase of their own after the last — dated at the hall's
/// install pace, on the last phase's supply — rather than from the start. A hall without phases stays without.
fn add_expansion_phase(grown: &mut Layout, existing: &std::collections::BTreeSet<u32>) {
    let Some(last) = grown.phases.last() else { return };
    if grown.phases.len() >= crate::model::layout::MAX_PHASES {
        return;
    }
    let mut sus: Vec<u32> = grown.items.iter().filter_map(|i| i.su).filter(|su| !existing.contains(su)).collect();
    sus.sort_unstable();
    sus.dedup();
    if sus.is_empty() {
        return;
    }
    let racks = grown.items.iter().filter(|i| i.su.is_some_and(|su| sus.binary_search(&su).is_ok())).count();
    let days = (racks as f64 / grown.hall.settings.install_racks_per_day).ceil().max(1.0);
    let day = (f64::from(last.day) + days).min(f64::from(crate::model::limits::PHASE_DAY_MAX)) as u32;
    let phase = crate::model::phase::Phase {
        name: format!("Expansion: {} racks", crate::digits::count(racks as u64)),
        day,
        date: None,
        sus,
        items: Vec::new(),
        supply: last.supply,
        source: format!(
            "assumption: the expansion's {racks} GPU racks at the hall's install pace ({} a day), on the last phase's \
             supply",
            grown.hall.settings.install_racks_per_day
        ),
    };
    grown.phases.push(phase);
}
