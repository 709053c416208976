//! Sizing the fabrics: the switch racks placed, the GPU demand grouped into generations (the same rails and
//! port speed share one fabric), a fat-tree design for each generation with the switch chosen for it, and the
//! warnings about the fabric's size — mixed scalable units, unreachable or split fabrics, striping surplus,
//! short or surplus switches.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::super::fabric::{FabricDesign, SuDemand, design_fabric, three_tier_capacity};
use super::super::route::Router;
use super::super::{Ctx, FabricGroup, NetworkReport, RequiredFabric, Severity, TierCounts, Warning, warn};
use super::{LinkSpeeds, SwitchRack, endpoint, route_key};
use crate::digits::group_digits;
use crate::model::{EquipmentKind, EquipmentType, GpuSpec, ItemId, SwitchFabric, SwitchRole, TypeId};

/// The compute-fabric switch racks placed, by tier, and the leaf switches placed by model.
pub(super) struct Placed<'a> {
    pub leaves: Vec<SwitchRack>,
    pub spines: Vec<SwitchRack>,
    pub cores: Vec<SwitchRack>,
    pub leaf_models: BTreeMap<&'a TypeId, u64>,
}

impl<'a> Placed<'a> {
    /// Every network rack's switches: compute-fabric racks by tier (with their place on the trays), management
    /// switches counted; the report's switch counts.
    pub fn of(ctx: &Ctx<'a>, router: &Router, report: &mut NetworkReport) -> Self {
        let layout = ctx.layout;
        let mut count = [0; 3];
        for fill in layout.items.iter().filter_map(|i| i.switches.as_ref()) {
            match fill.role {
                SwitchRole::Leaf => count[0] += 1,
                SwitchRole::Spine => count[1] += 1,
                SwitchRole::Core => count[2] += 1,
                SwitchRole::Management => {}
            }
        }
        let mut placed = Placed {
            leaves: Vec::with_capacity(count[0]),
            spines: Vec::with_capacity(count[1]),
            cores: Vec::with_capacity(count[2]),
            leaf_models: BTreeMap::new(),
        };
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
            let (pos, port_height_m) = endpoint(item, ctx.types[index]);
            let at = router.point(pos, route_key(item.id));
            let slot = (placed.leaves.len() + placed.spines.len() + placed.cores.len()) as u32;
            let rack = SwitchRack { id: item.id, fill: fill.clone(), at, port_height_m, spec: sw.cloned(), slot };
            match fill.role {
                SwitchRole::Leaf => {
                    report.leaf_switches += n;
                    *placed.leaf_models.entry(&fill.model).or_default() += n;
                    placed.leaves.push(rack);
                }
                SwitchRole::Spine => {
                    report.spine_switches += n;
                    placed.spines.push(rack);
                }
                SwitchRole::Core => {
                    report.core_switches += n;
                    placed.cores.push(rack);
                }
                SwitchRole::Management => {}
            }
        }
        placed
    }
}

/// GPU racks of one generation: the same rails per server and port speed.
#[derive(Default)]
pub(super) struct Generation<'a> {
    rails: u32,
    gbps: u32,
    models: Vec<&'a str>,
    su_nodes: BTreeMap<u32, u32>,
    gpus: u64,
}

impl Generation<'_> {
    fn label(&self) -> String {
        format!("{} ({} × {}G)", self.models.join(" + "), self.rails, self.gbps)
    }

    /// The GPU racks of this generation, for a warning (found again rather than kept for every analysis).
    fn racks(&self, ctx: &Ctx<'_>) -> Vec<ItemId> {
        let ours = |gpu: &GpuSpec| (gpu.compute_ports_per_server, gpu.port_gbps) == (self.rails, self.gbps);
        ctx.layout
            .items
            .iter()
            .zip(&ctx.types)
            .filter(|(_, ty)| ty.and_then(|t| t.gpu.as_ref()).is_some_and(ours))
            .map(|(item, _)| item.id)
            .collect()
    }
}

/// The GPU demand by generation, largest first: GPU racks with the same rails and port speed share one fabric;
/// each other generation gets a fabric of its own (separate leaves, spines and cores: no shared spine layer).
pub(super) fn generations<'a>(ctx: &Ctx<'a>) -> Vec<Generation<'a>> {
    let layout = ctx.layout;
    let mut groups: Vec<Generation<'a>> = Vec::new();
    // The type of the previous GPU rack and its group (racks of one type mostly come together), and the run of
    // servers in one group's SU not yet added to its map.
    let mut last: Option<(&EquipmentType, usize)> = None;
    let mut run: Option<(usize, u32, u32)> = None;
    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        let Some(gpu) = ty.gpu.as_ref() else { continue };
        let slot = match last {
            Some((t, slot)) if std::ptr::eq(t, ty) => slot,
            _ => {
                let key = (gpu.compute_ports_per_server, gpu.port_gbps);
                let slot = match groups.iter().position(|g| (g.rails, g.gbps) == key) {
                    Some(g) => g,
                    None => {
                        groups.push(Generation { rails: key.0, gbps: key.1, ..Generation::default() });
                        groups.len() - 1
                    }
                };
                if !groups[slot].models.contains(&gpu.model.as_str()) {
                    groups[slot].models.push(&gpu.model);
                }
                last = Some((ty, slot));
                slot
            }
        };
        let servers = item.servers_in(ty);
        let su = item.su.unwrap_or(0);
        // Racks of an SU mostly come together: their servers are summed before the map is touched.
        match &mut run {
            Some((s, su_run, n)) if *s == slot && *su_run == su => *n += servers,
            _ => {
                if let Some((s, su_run, n)) = run.replace((slot, su, servers)) {
                    *groups[s].su_nodes.entry(su_run).or_default() += n;
                }
            }
        }
        let g = &mut groups[slot];
        g.gpus += u64::from(servers) * u64::from(gpu.gpus_per_server);
    }
    if let Some((s, su_run, n)) = run {
        *groups[s].su_nodes.entry(su_run).or_default() += n;
    }
    for g in &mut groups {
        g.models.sort_unstable();
    }
    groups.sort_by_key(|g| (std::cmp::Reverse(g.gpus), g.rails, g.gbps));
    groups
}

/// Warns when scalable units hold GPU racks of more than one generation.
fn mixed_su_warning(ctx: &Ctx<'_>, groups: &[Generation<'_>], out: &mut Vec<Warning>) {
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for g in groups {
        for &su in g.su_nodes.keys() {
            *seen.entry(su).or_default() += 1;
        }
    }
    let shared: Vec<u32> = seen.into_iter().filter(|(_, n)| *n > 1).map(|(su, _)| su).collect();
    if !shared.is_empty() {
        let racks: Vec<ItemId> = groups.iter().flat_map(|g| g.racks(ctx)).collect();
        warn(
            out,
            "fabric-mixed-su",
            Severity::Warning,
            format!(
                "scalable unit(s) {shared:?} hold GPU racks of different generations; give each generation its own scalable units"
            ),
            racks,
        );
    }
}

/// The fabrics sized: link speeds by SU and plane, and each generation's design (with its first plane).
pub(super) struct Sized {
    pub speeds: LinkSpeeds,
    pub designs: Vec<(u32, FabricDesign)>,
}

/// Sizes a fabric for each generation and fills the report's fabric section; warns about the sizes.
pub(super) fn size_fabrics(
    ctx: &Ctx<'_>,
    groups: &[Generation<'_>],
    placed: &Placed<'_>,
    report: &mut NetworkReport,
    out: &mut Vec<Warning>,
) -> Sized {
    let mixed = groups.len() > 1;
    if mixed {
        mixed_su_warning(ctx, groups, out);
    }
    let mut sized = Sized { speeds: LinkSpeeds::default(), designs: Vec::new() };
    let mut plane_offset = 0_u32;
    let mut no_switch = false;
    for g in groups {
        let (fabric, design) = size_generation(ctx, g, placed, mixed, &mut sized.speeds, out);
        no_switch |= fabric.radix < 2;
        if let Some((design, link_gbps)) = design {
            for p in &design.planes {
                sized.speeds.by_plane.insert(plane_offset + p.plane, link_gbps);
            }
            let planes = design.planes.len() as u32;
            sized.designs.push((plane_offset, design));
            plane_offset += planes;
        }
        report.fabrics.push(fabric);
    }
    let speeds = &mut sized.speeds;
    speeds.sized = !sized.designs.is_empty();
    speeds.default_gbps = groups.first().map_or(0, |g| g.gbps);
    speeds.default_rails = groups.first().map_or(0, |g| g.rails);
    if let Some(first) = report.fabrics.first() {
        report.switch_type = first.switch_type.clone();
        report.radix = first.radix;
    }
    for f in &report.fabrics {
        report.required.add(&f.required);
    }
    summary_warnings(report, groups.len(), no_switch, !sized.designs.is_empty(), out);
    if !sized.designs.is_empty() {
        surplus(&sized.designs, &sized.speeds, placed, out);
    }
    sized
}

/// One generation's fabric: the switch (the hall's choice, else the leaf model most placed for its SUs, else
/// overall), its link speed, and — with a switch of two or more ports — the design (with the speed its links
/// run at) and its warnings.
fn size_generation(
    ctx: &Ctx<'_>,
    g: &Generation<'_>,
    placed: &Placed<'_>,
    mixed: bool,
    speeds: &mut LinkSpeeds,
    out: &mut Vec<Warning>,
) -> (FabricGroup, Option<(FabricDesign, u32)>) {
    let layout = ctx.layout;
    let mut models: BTreeMap<&TypeId, u64> = BTreeMap::new();
    for l in placed.leaves.iter().filter(|l| g.su_nodes.contains_key(&l.fill.su)) {
        *models.entry(&l.fill.model).or_default() += u64::from(l.fill.count);
    }
    let chosen: Option<&TypeId> = layout
        .hall
        .settings
        .fabric_switch
        .as_ref()
        .or_else(|| most_placed(&models))
        .or_else(|| most_placed(&placed.leaf_models));
    let switch = chosen.and_then(|id| layout.catalog.get(id)).filter(|t| t.kind == EquipmentKind::Switch);
    let spec = switch.and_then(|t| t.switch.as_ref());
    let radix = spec.map_or(0, |s| s.radix_at(g.gbps));
    let label = g.label();
    let mut fabric = FabricGroup {
        label: label.clone(),
        models: g.models.iter().map(|m| (*m).to_owned()).collect(),
        rails: g.rails,
        port_gbps: g.gbps,
        gpus: g.gpus,
        scalable_units: g.su_nodes.len() as u32,
        switch_type: switch.map(|t| t.id.0.clone()),
        radix,
        required: RequiredFabric::default(),
    };
    // Links run at the slower of the NIC and the switch port.
    let link_gbps = spec.map_or(g.gbps, |s| g.gbps.min(s.port_gbps));
    for &su in g.su_nodes.keys() {
        speeds.by_su.entry(su).or_insert((link_gbps, g.rails));
    }
    if let Some(s) = spec
        && g.gbps > s.port_gbps
    {
        warn(
            out,
            "nic-faster-than-switch",
            Severity::Warning,
            format!(
                "{label}: the GPUs' {} Gb/s ports are faster than the {} Gb/s ports of {}; links run at the switch's speed — choose a switch with {} Gb/s ports",
                g.gbps,
                s.port_gbps,
                chosen.map_or("the switch", |c| c.as_str()),
                g.gbps
            ),
            g.racks(ctx),
        );
    }
    if radix < 2 || g.rails == 0 {
        return (fabric, None);
    }
    let sus: Vec<SuDemand> = g.su_nodes.iter().map(|(&su, &nodes)| SuDemand { su, nodes }).collect();
    let design = design_fabric(&sus, g.rails, radix);
    fabric.required = required_of(&design);
    let prefix = if mixed { format!("{label}: ") } else { String::new() };
    design_warnings(&design, &prefix, radix, out);
    (fabric, Some((design, link_gbps)))
}

/// What a design says about itself: a fabric no tree of this switch reaches, one split into planes, and the
/// switches even striping costs beyond a non-blocking tree.
fn design_warnings(design: &FabricDesign, prefix: &str, radix: u32, out: &mut Vec<Warning>) {
    if !design.fits {
        warn(
            out,
            "fabric-unreachable",
            Severity::Error,
            format!(
                "{prefix}{} GPU ports exceed what {} planes of radix-{radix} three-tier fat trees reach ({} each); \
                 use a larger-radix switch or fewer GPUs",
                design.node_leaf_links,
                design.planes.len(),
                three_tier_capacity(radix)
            ),
            Vec::new(),
        );
    } else if design.planes.len() > 1 {
        warn(
            out,
            "fabric-split",
            Severity::Warning,
            format!(
                "{prefix}{} GPU ports exceed one radix-{radix} three-tier fat tree ({} ports): the fabric is split \
                 into {} independent planes of {} rail(s) each",
                design.node_leaf_links,
                three_tier_capacity(radix),
                design.planes.len(),
                design.planes.first().map_or(0, |p| p.rails)
            ),
            Vec::new(),
        );
    }
    if let Some(w) = &design.striping_surplus {
        warn(
            out,
            "fabric-striping-surplus",
            Severity::Warning,
            format!(
                "{prefix}even striping needs {} more spine(s) and {} more core(s) than a non-blocking tree \
                 ({} more switches, {} more spine–core cables): pods of whole rails ({} leaves each) cannot all \
                 be sized to divide a leaf's {} uplinks",
                w.spines,
                w.cores,
                w.spines + w.cores,
                w.spine_core_links,
                w.leaves_per_rail,
                radix - radix / 2
            ),
            Vec::new(),
        );
    }
}

/// The hall-wide word on the fabrics: generations mixed, no switch chosen, switches short of the design.
fn summary_warnings(report: &NetworkReport, generations: usize, no_switch: bool, sized: bool, out: &mut Vec<Warning>) {
    if generations > 1 {
        let parts: Vec<String> =
            report.fabrics.iter().map(|f| format!("{} ({} GPUs)", f.label, group_digits(f.gpus))).collect();
        warn(
            out,
            "fabric-mixed",
            Severity::Warning,
            format!(
                "the hall mixes {generations} GPU generations, sized as separate fabrics (own leaves, spines and cores): {}",
                parts.join("; ")
            ),
            Vec::new(),
        );
    }
    if no_switch {
        warn(
            out,
            "fabric-no-switch",
            Severity::Warning,
            "no compute switch chosen: place leaf switches or set the hall's fabric switch to size the fabric".into(),
            Vec::new(),
        );
    }
    if !sized {
        return;
    }
    let req = &report.required;
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
            format!(
                "the fabric is short of switches ({}); place more network racks and put the required switches in \
                 them (select them › Fill required switches)",
                short.join(", ")
            ),
            Vec::new(),
        );
    }
}

/// The switch model with the most switches placed.
fn most_placed<'a>(models: &BTreeMap<&'a TypeId, u64>) -> Option<&'a TypeId> {
    models.iter().max_by_key(|(_, n)| **n).map(|(m, _)| *m)
}

/// The report's figures of a design.
fn required_of(design: &FabricDesign) -> RequiredFabric {
    RequiredFabric {
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
    }
}

/// Warns about placed switches the design has no place for (a surplus spine or core rack is cabled as placed).
fn surplus(designs: &[(u32, FabricDesign)], speeds: &LinkSpeeds, placed: &Placed<'_>, out: &mut Vec<Warning>) {
    let (leaves, spines, cores) = (&placed.leaves, &placed.spines, &placed.cores);
    let mut plane_cores: FxHashMap<u32, u32> = FxHashMap::default();
    let mut pod_spines: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (offset, d) in designs {
        for p in &d.planes {
            plane_cores.insert(offset + p.plane, p.cores);
            for pod in &p.pods {
                pod_spines.insert((offset + p.plane, pod.pod), pod.spines);
            }
        }
    }
    let end = |f: &crate::model::SwitchFill| f.first_index.saturating_add(f.count);
    let mut beyond: Vec<ItemId> = Vec::new();
    let mut tiers: Vec<&str> = Vec::new();
    let leaf_extra: Vec<ItemId> = leaves
        .iter()
        .filter(|l| {
            let (_, rails) = speeds.of_su(l.fill.su);
            !speeds.by_su.contains_key(&l.fill.su) || l.fill.first_rail.saturating_add(l.fill.rails) > rails
        })
        .map(|l| l.id)
        .collect();
    let spine_extra: Vec<ItemId> = spines
        .iter()
        .filter(|s| pod_spines.get(&(s.fill.plane, s.fill.pod)).is_none_or(|&n| end(&s.fill) > n))
        .map(|s| s.id)
        .collect();
    let core_extra: Vec<ItemId> = cores
        .iter()
        .filter(|c| plane_cores.get(&c.fill.plane).is_none_or(|&n| end(&c.fill) > n))
        .map(|c| c.id)
        .collect();
    for (tier, extra) in [("leaf", leaf_extra), ("spine", spine_extra), ("core", core_extra)] {
        if !extra.is_empty() {
            tiers.push(tier);
            beyond.extend(extra);
        }
    }
    if !beyond.is_empty() {
        beyond.sort_unstable();
        warn(
            out,
            "fabric-surplus",
            Severity::Warning,
            format!(
                "{} network rack(s) hold {} switches beyond the design (no such SU, rail, pod or index); they are \
                 cabled as placed — remove them or correct their fabric position",
                beyond.len(),
                tiers.join("/")
            ),
            beyond,
        );
    }
}
