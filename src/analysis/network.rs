//! Network: switches placed per tier, the fabric the placed GPU racks need (see [`super::fabric`]), and every
//! placed link's cable.
//!
//! Links follow the fat-tree wiring: rail *r* of every server of SU *s* goes to the leaf rack serving (*s*, *r*);
//! each leaf stripes its uplinks evenly over the spines of its (plane, pod); spine *j* of a pod stripes its
//! uplinks over core group *j* of its plane. Links between the same two racks share one route, so the work is
//! per rack pair, not per cable.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

use super::cables::{CableTally, Endpoint, RoutePoint, Router, Tier};
use super::fabric::{SuDemand, design_fabric, three_tier_capacity};
use super::{CableReport, Ctx, NetworkReport, RequiredFabric, Severity, TierCounts, Warning, warn};
use crate::model::{EquipmentKind, ItemId, SwitchFabric, SwitchFill, SwitchRole, TypeId};

/// Most rack-to-rack routes one analysis computes.
const MAX_ROUTES: u64 = 20_000_000;

/// A network rack's place in the fabric.
struct SwitchRack<'a> {
    index: usize,
    fill: &'a SwitchFill,
    /// Where its cables meet the trays.
    at: RoutePoint,
}

/// Analyses the network and its cables.
#[inline(never)] // a phase of its own in profiles
pub(crate) fn analyse(ctx: &Ctx<'_>, out: &mut Vec<Warning>) -> (NetworkReport, CableReport) {
    let layout = ctx.layout;
    let mut report = NetworkReport::default();
    let router = Router::new(&layout.hall.trays, &layout.hall.settings);

    // Placed switches by role; compute-fabric racks by role.
    let mut leaves: Vec<SwitchRack<'_>> = Vec::new();
    let mut spines: Vec<SwitchRack<'_>> = Vec::new();
    let mut cores: Vec<SwitchRack<'_>> = Vec::new();
    let mut leaf_models: BTreeMap<&TypeId, u64> = BTreeMap::new();
    for (index, item) in layout.items.iter().enumerate() {
        let Some(fill) = &item.switches else { continue };
        let sw = ctx.switch_types[index].and_then(|t| t.switch.as_ref());
        let management =
            fill.role == SwitchRole::Management || sw.is_some_and(|s| s.fabric == SwitchFabric::Management);
        let n = u64::from(fill.count);
        if management {
            report.management_switches += n;
            continue;
        }
        let rack = SwitchRack { index, fill, at: router.point(endpoint(ctx, index)) };
        match fill.role {
            SwitchRole::Leaf => {
                report.leaf_switches += n;
                *leaf_models.entry(&fill.model).or_default() += n;
                leaves.push(rack);
            }
            SwitchRole::Spine => {
                report.spine_switches += n;
                spines.push(rack);
            }
            SwitchRole::Core => {
                report.core_switches += n;
                cores.push(rack);
            }
            SwitchRole::Management => {}
        }
    }

    // Demand: servers per SU, rails and link speed from the GPU racks.
    let mut su_nodes: BTreeMap<u32, u32> = BTreeMap::new();
    let (mut rails, mut port_gbps) = (0_u32, 0_u32);
    let mut gpu_racks = 0_usize;
    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        let Some(gpu) = ty.gpu.as_ref() else { continue };
        gpu_racks += 1;
        *su_nodes.entry(item.su.unwrap_or(0)).or_default() += item.servers_in(ty);
        rails = rails.max(gpu.compute_ports_per_server);
        port_gbps = port_gbps.max(gpu.port_gbps);
    }
    let sus: Vec<SuDemand> = su_nodes.iter().map(|(&su, &nodes)| SuDemand { su, nodes }).collect();

    // The switch the fabric is sized with.
    let chosen: Option<&TypeId> = layout
        .hall
        .settings
        .fabric_switch
        .as_ref()
        .or_else(|| leaf_models.iter().max_by_key(|(_, n)| **n).map(|(m, _)| *m));
    let switch = chosen.and_then(|id| layout.catalog.get(id)).filter(|t| t.kind == EquipmentKind::Switch);
    let radix = switch.and_then(|t| t.switch.as_ref()).map_or(0, |s| s.radix_at(port_gbps));
    report.switch_type = switch.map(|t| t.id.0.clone());
    report.radix = radix;

    if gpu_racks > 0 && radix < 2 {
        warn(
            out,
            "fabric-no-switch",
            Severity::Warning,
            "no compute switch chosen: place leaf switches or set the hall's fabric switch to size the fabric".into(),
            Vec::new(),
        );
    }
    if radix >= 2 && rails > 0 {
        let design = design_fabric(&sus, rails, radix);
        report.required = RequiredFabric {
            leaf_switches: u64::from(design.leaves),
            spine_switches: u64::from(design.spines),
            core_switches: u64::from(design.cores),
            tiers: design.tiers,
            planes: design.planes.len() as u32,
            pods: design.planes.iter().map(|p| p.pods.len() as u32).sum(),
            links: TierCounts {
                node_leaf: design.node_leaf_links,
                leaf_spine: design.leaf_spine_links,
                spine_core: design.spine_core_links,
            },
            fits: design.fits,
        };
        let req = &report.required;
        if !design.fits {
            warn(
                out,
                "fabric-unreachable",
                Severity::Error,
                format!(
                    "{} GPU ports exceed what {} planes of radix-{radix} three-tier fat trees reach ({} each); \
                     use a larger-radix switch or fewer GPUs",
                    design.node_leaf_links,
                    req.planes,
                    three_tier_capacity(radix)
                ),
                Vec::new(),
            );
        } else if req.planes > 1 {
            warn(
                out,
                "fabric-split",
                Severity::Warning,
                format!(
                    "{} GPU ports exceed one radix-{radix} three-tier fat tree ({} ports): the fabric is split into \
                     {} independent planes of {} rail(s) each",
                    design.node_leaf_links,
                    three_tier_capacity(radix),
                    req.planes,
                    design.planes.first().map_or(0, |p| p.rails)
                ),
                Vec::new(),
            );
        }
        let short: Vec<String> = [
            ("leaf", report.leaf_switches, req.leaf_switches),
            ("spine", report.spine_switches, req.spine_switches),
            ("core", report.core_switches, req.core_switches),
        ]
        .into_iter()
        .filter(|(_, placed, need)| placed < need)
        .map(|(tier, placed, need)| format!("{tier} {placed} of {need}"))
        .collect();
        if !short.is_empty() {
            warn(
                out,
                "fabric-short",
                Severity::Warning,
                format!("the fabric is short of switches ({}); place more network racks", short.join(", ")),
                Vec::new(),
            );
        }
    }

    let cables = cable_fabric(ctx, &router, radix, rails, &leaves, &spines, &cores, out);
    (report, cables)
}

fn endpoint(ctx: &Ctx<'_>, index: usize) -> Endpoint {
    let item = &ctx.layout.items[index];
    match ctx.types[index] {
        Some(ty) => Endpoint { pos_m: item.centre_m(ty, ctx.layout.hall.tile_m), port_height_m: ty.port_height_m },
        None => Endpoint { pos_m: item.origin_m(ctx.layout.hall.tile_m), port_height_m: 0.0 },
    }
}

/// Switches from `first_index` to `first_index + count` that fall in `[lo, hi)`.
fn overlap(first: u32, count: u32, lo: u32, hi: u32) -> u32 {
    let (a, b) = (first.max(lo), first.saturating_add(count).min(hi));
    b.saturating_sub(a)
}

#[allow(clippy::too_many_arguments)]
#[inline(never)] // a phase of its own in profiles
fn cable_fabric(
    ctx: &Ctx<'_>,
    router: &Router,
    radix: u32,
    rails: u32,
    leaves: &[SwitchRack<'_>],
    spines: &[SwitchRack<'_>],
    cores: &[SwitchRack<'_>],
    out: &mut Vec<Warning>,
) -> CableReport {
    let layout = ctx.layout;
    let mut tally = CableTally::default();
    // Routes computed at most, so a hostile file (a million leaf racks in one pod…) cannot stall the analysis;
    // real halls need well under a million (a 1M-GPU hall: about 80,000).
    let mut budget: u64 = MAX_ROUTES;
    let mut spend = |n: u64| -> bool {
        if budget < n {
            budget = 0;
            false
        } else {
            budget -= n;
            true
        }
    };

    // Node → leaf.
    let mut leaf_of: FxHashMap<(u32, u32), &SwitchRack<'_>> = FxHashMap::default();
    leaf_of.reserve(leaves.len() * 8);
    for l in leaves {
        let (first, n) = if l.fill.rails == 0 { (0, rails) } else { (l.fill.first_rail, l.fill.rails) };
        for r in first..first.saturating_add(n) {
            // Two racks claiming one rail: the lower item id serves it, whatever the item order.
            let id = layout.items[l.index].id;
            leaf_of
                .entry((l.fill.su, r))
                .and_modify(|e| {
                    if id < layout.items[e.index].id {
                        *e = l;
                    }
                })
                .or_insert(l);
        }
    }
    let mut missing: Vec<ItemId> = Vec::new();
    // Leaf rack of each rail for the SU of the previous rack (racks of an SU usually come together).
    let mut su_rails: Option<(u32, Vec<Option<&SwitchRack<'_>>>)> = None;
    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        let Some(gpu) = ty.gpu.as_ref() else { continue };
        let servers = u64::from(item.servers_in(ty));
        let su = item.su.unwrap_or(0);
        let ports = gpu.compute_ports_per_server;
        let rail_leaves = match &mut su_rails {
            Some((cached, list)) if *cached == su && list.len() == ports as usize => list,
            slot => {
                let list = (0..ports).map(|r| leaf_of.get(&(su, r)).copied()).collect();
                &mut slot.insert((su, list)).1
            }
        };
        let at = router.point(endpoint(ctx, i));
        // Rails landing on the same leaf rack share one route and one tally entry.
        let mut run: Option<(&SwitchRack<'_>, u64)> = None;
        let mut flush = |run: Option<(&SwitchRack<'_>, u64)>| {
            if let Some((leaf, rails)) = run {
                tally.add(
                    Tier::NodeLeaf,
                    servers * rails,
                    router.route_between(&at, &leaf.at),
                    item.id,
                    layout.items[leaf.index].id,
                );
            }
        };
        let mut lacks = false;
        for leaf in rail_leaves.iter() {
            let Some(leaf) = *leaf else {
                lacks = true;
                continue;
            };
            match &mut run {
                Some((l, rails)) if l.index == leaf.index => *rails += 1,
                _ => {
                    flush(run.take());
                    run = Some((leaf, 1));
                }
            }
        }
        flush(run);
        if lacks && radix >= 2 {
            missing.push(item.id);
        }
    }
    if !missing.is_empty() {
        warn(
            out,
            "fabric-short",
            Severity::Warning,
            format!(
                "{} GPU rack(s) have rails with no leaf placed for their scalable unit; their links are not cabled",
                missing.len()
            ),
            missing,
        );
    }

    // Leaf → spine, striped over the spines of the same (plane, pod).
    let leaf_up = radix - radix / 2;
    let mut spines_by_pod: HashMap<(u32, u32), Vec<&SwitchRack<'_>>> = HashMap::new();
    for s in spines {
        spines_by_pod.entry((s.fill.plane, s.fill.pod)).or_default().push(s);
    }
    let pod_size = |group: &[&SwitchRack<'_>]| -> u32 { group.iter().map(|s| s.fill.count).sum() };
    for l in leaves {
        let Some(group) = spines_by_pod.get(&(l.fill.plane, l.fill.pod)) else { continue };
        let total = pod_size(group);
        if total == 0 || !spend(group.len() as u64) {
            continue;
        }
        let (each, extra) = (leaf_up / total, leaf_up % total);
        for s in group {
            let per_leaf = u64::from(s.fill.count) * u64::from(each)
                + u64::from(overlap(s.fill.first_index, s.fill.count, 0, extra));
            let count = per_leaf * u64::from(l.fill.count);
            if count > 0 {
                tally.add(
                    Tier::LeafSpine,
                    count,
                    router.route_between(&l.at, &s.at),
                    layout.items[l.index].id,
                    layout.items[s.index].id,
                );
            }
        }
    }

    // Spine → core: spine j of a pod takes core group j of its plane.
    let spine_up = radix / 2;
    let mut cores_by_plane: HashMap<u32, Vec<&SwitchRack<'_>>> = HashMap::new();
    for c in cores {
        cores_by_plane.entry(c.fill.plane).or_default().push(c);
    }
    // Per plane: core racks by first index (ties by id, so item order never matters) and the running maximum of
    // their range ends, which is monotone even when hand-made ranges overlap.
    let mut core_reach: HashMap<u32, Vec<u32>> = HashMap::new();
    for (plane, group) in &mut cores_by_plane {
        group.sort_by_key(|c| (c.fill.first_index, layout.items[c.index].id));
        let mut reach = 0_u32;
        let ends = group
            .iter()
            .map(|c| {
                reach = reach.max(c.fill.first_index.saturating_add(c.fill.count));
                reach
            })
            .collect();
        core_reach.insert(*plane, ends);
    }
    let mut pair: Vec<(&SwitchRack<'_>, u64)> = Vec::new();
    for s in spines {
        let (Some(core_group), Some(reach)) = (cores_by_plane.get(&s.fill.plane), core_reach.get(&s.fill.plane)) else {
            continue;
        };
        let total_cores: u32 = core_group.iter().map(|c| c.fill.count).sum();
        let pod_spines = spines_by_pod.get(&(s.fill.plane, s.fill.pod)).map_or(0, |g| pod_size(g));
        if total_cores == 0 || pod_spines == 0 || !spend(u64::from(s.fill.count)) {
            continue;
        }
        pair.clear();
        for j in s.fill.first_index..s.fill.first_index.saturating_add(s.fill.count) {
            let j = u64::from(j.min(pod_spines - 1));
            let lo = (j * u64::from(total_cores) / u64::from(pod_spines)) as u32;
            let hi = (((j + 1) * u64::from(total_cores) / u64::from(pod_spines)) as u32).max(lo + 1).min(total_cores);
            let width = hi - lo;
            let (each, extra) = (spine_up / width, spine_up % width);
            // Skip the racks whose ranges (and all before them) end at or before `lo`.
            let start = reach.partition_point(|&end| end <= lo);
            for c in &core_group[start..] {
                if c.fill.first_index >= hi {
                    break;
                }
                let n = overlap(c.fill.first_index, c.fill.count, lo, hi);
                let links = u64::from(n) * u64::from(each)
                    + u64::from(overlap(c.fill.first_index, c.fill.count, lo, lo.saturating_add(extra)));
                // Core ranges rise with j, so the rack is almost always the last one seen.
                match pair.iter_mut().rev().find(|(other, _)| other.index == c.index) {
                    Some((_, k)) => *k += links,
                    None => pair.push((c, links)),
                }
            }
        }
        for &(c, count) in &pair {
            let length = router.route_between(&s.at, &c.at);
            tally.add(Tier::SpineCore, count, length, layout.items[s.index].id, layout.items[c.index].id);
        }
    }

    if budget == 0 {
        warn(
            out,
            "cables-not-routed",
            Severity::Warning,
            format!(
                "the fabric has more than {MAX_ROUTES} rack-to-rack link groups; the rest are not routed or counted"
            ),
            Vec::new(),
        );
    }
    let (report, beyond) = tally.finish();
    if !beyond.is_empty() {
        warn(
            out,
            "link-beyond-reach",
            Severity::Error,
            format!(
                "{} link(s) are longer than any medium reaches ({} m); move the racks closer",
                report.beyond_reach,
                super::cables::MAX_REACH_M
            ),
            beyond,
        );
    }
    report
}
