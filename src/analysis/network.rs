//! Network: switches placed per tier, the fabric the placed GPU racks need (see [`super::fabric`]), and every
//! placed link's cable.
//!
//! Links follow the fat-tree wiring: rail *r* of every server of SU *s* goes to the leaf rack serving (*s*, *r*);
//! each leaf stripes its uplinks evenly over the spines of its (plane, pod); spine *j* of a pod stripes its
//! uplinks over core group *j* of its plane. Links between the same two racks share one route, so the work is
//! per rack pair, not per cable.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

use super::cables::{CableTally, StockBin, Tier};
use super::fabric::{FabricDesign, SuDemand, design_fabric, three_tier_capacity};
use super::parts::{End, LinkKind};
use super::route::{RoutePoint, Router};
use super::{CableReport, Ctx, FabricGroup, NetworkReport, RequiredFabric, Severity, TierCounts, Warning, warn};
use crate::format::group_digits;
use crate::model::{
    EquipmentKind, EquipmentType, GpuSpec, ItemId, SwitchFabric, SwitchFill, SwitchRole, SwitchSpec, TypeId,
};

/// Most rack-to-rack routes one analysis computes.
const MAX_ROUTES: u64 = 20_000_000;

/// A network rack's place in the fabric.
struct SwitchRack<'a> {
    index: usize,
    /// The item's id (kept here: the routing loops would otherwise reach into the item for it).
    id: ItemId,
    fill: &'a SwitchFill,
    /// Where its cables meet the trays.
    at: RoutePoint,
    /// Height of its ports.
    port_height_m: f64,
    /// Its switches' figures.
    spec: Option<&'a SwitchSpec>,
    /// Its number among the compute-fabric racks (0, 1, 2…), for counting its transceivers.
    slot: u32,
}

impl SwitchRack<'_> {
    /// Ports at `gbps` (2 when the switch type is unknown, which cables nothing beyond one link).
    fn radix(&self, gbps: u32) -> u32 {
        self.spec.map_or(2, |s| s.radix_at(gbps)).max(2)
    }

    /// This rack as a link end at `gbps`.
    fn end(&self, gbps: u32) -> End {
        End::Switch {
            rack: self.slot,
            per_cage: self.spec.map_or(1, |s| s.links_per_cage(gbps)),
            switches: self.fill.count,
        }
    }
}

/// Analyses the network and its cables.
#[inline(never)] // a phase of its own in profiles
pub(crate) fn analyse(ctx: &Ctx<'_>, out: &mut Vec<Warning>) -> (NetworkReport, CableReport) {
    let layout = ctx.layout;
    let mut report = NetworkReport::default();
    let router = Router::new(&layout.hall);

    // Placed switches by role; compute-fabric racks by role.
    let mut count = [0; 3];
    for fill in layout.items.iter().filter_map(|i| i.switches.as_ref()) {
        match fill.role {
            SwitchRole::Leaf => count[0] += 1,
            SwitchRole::Spine => count[1] += 1,
            SwitchRole::Core => count[2] += 1,
            SwitchRole::Management => {}
        }
    }
    let mut leaves: Vec<SwitchRack<'_>> = Vec::with_capacity(count[0]);
    let mut spines: Vec<SwitchRack<'_>> = Vec::with_capacity(count[1]);
    let mut cores: Vec<SwitchRack<'_>> = Vec::with_capacity(count[2]);
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
        let (pos, port_height_m) = endpoint(ctx, index);
        let at = router.point(pos, index as u32 + 1);
        let slot = (leaves.len() + spines.len() + cores.len()) as u32;
        let rack = SwitchRack { index, id: item.id, fill, at, port_height_m, spec: sw, slot };
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

    // Demand by generation: GPU racks with the same rails and port speed share one fabric; each other
    // generation gets a fabric of its own (separate leaves, spines and cores: no shared spine layer).
    let mut groups: Vec<Generation<'_>> = Vec::new();
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
    let mixed = groups.len() > 1;
    if mixed {
        // SUs holding racks of more than one generation.
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        for g in &groups {
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

    let mut speeds = LinkSpeeds::default();
    let mut designs: Vec<(u32, FabricDesign)> = Vec::new();
    let mut plane_offset = 0_u32;
    let mut no_switch = false;
    for g in &groups {
        // The switch: the hall's choice, else the leaf model most placed for this generation's SUs, else overall.
        let mut models: BTreeMap<&TypeId, u64> = BTreeMap::new();
        for l in leaves.iter().filter(|l| g.su_nodes.contains_key(&l.fill.su)) {
            *models.entry(&l.fill.model).or_default() += u64::from(l.fill.count);
        }
        let chosen: Option<&TypeId> = layout
            .hall
            .settings
            .fabric_switch
            .as_ref()
            .or_else(|| most_placed(&models))
            .or_else(|| most_placed(&leaf_models));
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
            no_switch |= radix < 2;
            report.fabrics.push(fabric);
            continue;
        }
        let sus: Vec<SuDemand> = g.su_nodes.iter().map(|(&su, &nodes)| SuDemand { su, nodes }).collect();
        let design = design_fabric(&sus, g.rails, radix);
        fabric.required = required_of(&design);
        let prefix = if mixed { format!("{label}: ") } else { String::new() };
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
        for p in &design.planes {
            speeds.by_plane.insert(plane_offset + p.plane, link_gbps);
        }
        plane_offset += design.planes.len() as u32;
        designs.push((plane_offset - design.planes.len() as u32, design));
        report.fabrics.push(fabric);
    }
    speeds.sized = !designs.is_empty();
    speeds.default_gbps = groups.first().map_or(0, |g| g.gbps);
    speeds.default_rails = groups.first().map_or(0, |g| g.rails);
    if let Some(first) = report.fabrics.first() {
        report.switch_type = first.switch_type.clone();
        report.radix = first.radix;
    }
    for f in &report.fabrics {
        report.required.add(&f.required);
    }
    if mixed {
        let parts: Vec<String> =
            report.fabrics.iter().map(|f| format!("{} ({} GPUs)", f.label, group_digits(f.gpus))).collect();
        warn(
            out,
            "fabric-mixed",
            Severity::Warning,
            format!(
                "the hall mixes {} GPU generations, sized as separate fabrics (own leaves, spines and cores): {}",
                groups.len(),
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
    if !designs.is_empty() {
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
                format!("the fabric is short of switches ({}); place more network racks", short.join(", ")),
                Vec::new(),
            );
        }
        surplus(&designs, &speeds, &leaves, &spines, &cores, out);
    }

    let cables = cable_fabric(ctx, &router, &speeds, &leaves, &spines, &cores, out);
    (report, cables)
}

/// The switch model with the most switches placed.
fn most_placed<'a>(models: &BTreeMap<&'a TypeId, u64>) -> Option<&'a TypeId> {
    models.iter().max_by_key(|(_, n)| **n).map(|(m, _)| *m)
}

/// GPU racks of one generation: the same rails per server and port speed.
#[derive(Default)]
struct Generation<'a> {
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

/// Link speed and rails by SU and by plane, for cabling.
#[derive(Default)]
struct LinkSpeeds {
    by_su: FxHashMap<u32, (u32, u32)>,
    by_plane: FxHashMap<u32, u32>,
    /// True when some generation's fabric was sized (a switch was chosen).
    sized: bool,
    default_gbps: u32,
    default_rails: u32,
}

impl LinkSpeeds {
    fn of_su(&self, su: u32) -> (u32, u32) {
        self.by_su.get(&su).copied().unwrap_or((self.default_gbps, self.default_rails))
    }

    fn of_plane(&self, plane: u32) -> u32 {
        self.by_plane.get(&plane).copied().unwrap_or(self.default_gbps)
    }
}

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
fn surplus(
    designs: &[(u32, FabricDesign)],
    speeds: &LinkSpeeds,
    leaves: &[SwitchRack<'_>],
    spines: &[SwitchRack<'_>],
    cores: &[SwitchRack<'_>],
    out: &mut Vec<Warning>,
) {
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
        .filter(|s| pod_spines.get(&(s.fill.plane, s.fill.pod)).is_none_or(|&n| end(s.fill) > n))
        .map(|s| s.id)
        .collect();
    let core_extra: Vec<ItemId> = cores
        .iter()
        .filter(|c| plane_cores.get(&c.fill.plane).is_none_or(|&n| end(c.fill) > n))
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

/// Where an item's cables leave it: its centre and its port height.
fn endpoint(ctx: &Ctx<'_>, index: usize) -> (glam::DVec2, f64) {
    let item = &ctx.layout.items[index];
    match ctx.types[index] {
        Some(ty) => (item.centre_m(ty, ctx.layout.hall.tile_m), ty.port_height_m),
        None => (item.origin_m(ctx.layout.hall.tile_m), 0.0),
    }
}

/// Racks standing farther from every cable tray than the hall's reach.
struct FarFromTray {
    reach_m: f64,
    items: Vec<ItemId>,
    farthest: Option<(f64, ItemId)>,
}

impl FarFromTray {
    fn note(&mut self, at: &RoutePoint, id: ItemId) {
        let d = at.tray_distance_m();
        if d > self.reach_m + 1e-9 {
            self.items.push(id);
            if self.farthest.is_none_or(|(f, _)| d > f) {
                self.farthest = Some((d, id));
            }
        }
    }

    /// Adds the racks another pass noted after this one's.
    fn merge(&mut self, other: FarFromTray) {
        self.items.extend(other.items);
        if let Some((d, id)) = other.farthest
            && self.farthest.is_none_or(|(f, _)| d > f)
        {
            self.farthest = Some((d, id));
        }
    }

    fn warn(mut self, out: &mut Vec<Warning>) {
        let Some((d, id)) = self.farthest else { return };
        self.items.sort_unstable();
        self.items.dedup();
        let farthest =
            if d.is_finite() { format!("farthest {id} at {d:.1} m") } else { format!("{id} can reach no tray at all") };
        warn(
            out,
            "far-from-tray",
            Severity::Warning,
            format!(
                "{} rack(s) stand more than {} m from any cable tray ({farthest}); add a tray over them or move them",
                self.items.len(),
                self.reach_m
            ),
            self.items,
        );
    }
}

/// The leaf rack serving each (SU, rail): a table when SU numbers are dense (generated halls), else a map.
enum LeafIndex<'r, 'a> {
    Dense { rails: u32, table: Vec<Option<&'r SwitchRack<'a>>> },
    Map(FxHashMap<(u32, u32), &'r SwitchRack<'a>>),
}

impl<'r, 'a> LeafIndex<'r, 'a> {
    /// From each leaf rack and the rails `[first, end)` it serves; two racks claiming one rail: the lower item
    /// id serves it, whatever the item order.
    fn new(rails_of: &[(&'r SwitchRack<'a>, u32, u32)]) -> Self {
        let entries: u64 = rails_of.iter().map(|&(_, a, b)| u64::from(b.saturating_sub(a))).sum();
        let sus = rails_of.iter().map(|(l, _, _)| u64::from(l.fill.su) + 1).max().unwrap_or(0);
        let rails = rails_of.iter().map(|&(_, _, b)| b).max().unwrap_or(0);
        let keep = |slot: &mut Option<&'r SwitchRack<'a>>, l: &'r SwitchRack<'a>| {
            if slot.is_none_or(|e| l.id < e.id) {
                *slot = Some(l);
            }
        };
        if sus.saturating_mul(u64::from(rails)) <= 4 * entries + 4096 {
            let mut table = vec![None; (sus * u64::from(rails)) as usize];
            for &(l, first, end) in rails_of {
                let base = u64::from(l.fill.su) * u64::from(rails);
                for r in first..end {
                    keep(&mut table[(base + u64::from(r)) as usize], l);
                }
            }
            LeafIndex::Dense { rails, table }
        } else {
            let mut map: FxHashMap<(u32, u32), &'r SwitchRack<'a>> = FxHashMap::default();
            map.reserve(entries.min(1 << 20) as usize);
            for &(l, first, end) in rails_of {
                for r in first..end {
                    let mut slot = map.get(&(l.fill.su, r)).copied();
                    keep(&mut slot, l);
                    if let Some(s) = slot {
                        map.insert((l.fill.su, r), s);
                    }
                }
            }
            LeafIndex::Map(map)
        }
    }

    fn get(&self, su: u32, rail: u32) -> Option<&'r SwitchRack<'a>> {
        match self {
            LeafIndex::Dense { rails, table } => {
                if rail >= *rails {
                    return None;
                }
                table.get((u64::from(su) * u64::from(*rails) + u64::from(rail)) as usize).copied().flatten()
            }
            LeafIndex::Map(map) => map.get(&(su, rail)).copied(),
        }
    }
}

/// A core rack as the spine → core wiring sees it: its first core number in the plane and its end.
struct CoreRack<'r, 'a> {
    rack: &'r SwitchRack<'a>,
    first: u64,
    count: u64,
    end: End,
}

/// Switches from `first_index` to `first_index + count` that fall in `[lo, hi)`.
fn overlap(first: u32, count: u32, lo: u32, hi: u32) -> u32 {
    let (a, b) = (first.max(lo), first.saturating_add(count).min(hi));
    b.saturating_sub(a)
}

/// Routes and counts every link of the fabric. Node → leaf and the switch tiers above it are independent tasks,
/// each with its own tally and its own router (so each has its own graph budget when no-go zones cut the trays,
/// and the result never depends on which finishes first); on a large hall they run on two threads. The tallies
/// are merged, node → leaf first, to the counts of one pass.
#[allow(clippy::too_many_arguments)]
#[inline(never)] // a phase of its own in profiles
fn cable_fabric(
    ctx: &Ctx<'_>,
    router: &Router,
    speeds: &LinkSpeeds,
    leaves: &[SwitchRack<'_>],
    spines: &[SwitchRack<'_>],
    cores: &[SwitchRack<'_>],
    out: &mut Vec<Warning>,
) -> CableReport {
    let layout = ctx.layout;
    let upper = || {
        let router = Router::new(&layout.hall);
        let mut tally = CableTally::default();
        let routed_all = switch_tiers(&router, speeds, leaves, spines, cores, &mut tally);
        (tally, routed_all, router.cuts_ignored())
    };
    let lower = || node_leaf(ctx, router, speeds, leaves, spines, cores);
    let ((upper_tally, routed_all, upper_cuts_ignored), (mut tally, far, missing)) =
        if ctx.parallel { rayon::join(upper, lower) } else { (upper(), lower()) };
    tally.merge(upper_tally);
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

    if !routed_all {
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
    // No switch takes more links than it has ports (at the speed its links run).
    let mut overfull: Vec<ItemId> = leaves
        .iter()
        .map(|r| (r, speeds.of_su(r.fill.su).0))
        .chain(spines.iter().chain(cores).map(|r| (r, speeds.of_plane(r.fill.plane))))
        .filter(|(r, gbps)| tally.links_at(r.slot) > u64::from(r.fill.count) * u64::from(r.radix(*gbps)))
        .map(|(r, _)| r.id)
        .collect();
    if !overfull.is_empty() {
        overfull.sort_unstable();
        warn(
            out,
            "switch-ports-exceeded",
            Severity::Error,
            format!(
                "{} network rack(s) take more links than their switches have ports; add switches or correct the \
                 fabric positions",
                overfull.len()
            ),
            overfull,
        );
    }
    far.warn(out);
    if router.cuts_ignored() || upper_cuts_ignored {
        warn(
            out,
            "trays-not-cut",
            Severity::Warning,
            "the tray network is too large to route around no-go zones; some routes pass through them".into(),
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

/// Node → leaf links: every GPU rack's rails to the leaf racks of its scalable unit. Returns the tally, the racks
/// far from a tray (switch racks included) and the GPU racks with a rail that has no leaf.
fn node_leaf<'a>(
    ctx: &Ctx<'a>,
    router: &Router,
    speeds: &LinkSpeeds,
    leaves: &[SwitchRack<'a>],
    spines: &[SwitchRack<'a>],
    cores: &[SwitchRack<'a>],
) -> (CableTally, FarFromTray, Vec<ItemId>) {
    let layout = ctx.layout;
    let mut rails_of = Vec::with_capacity(leaves.len());
    for l in leaves {
        let rails = speeds.of_su(l.fill.su).1;
        let (first, n) = if l.fill.rails == 0 { (0, rails) } else { (l.fill.first_rail, l.fill.rails) };
        rails_of.push((l, first, first.saturating_add(n)));
    }
    let leaf_of = LeafIndex::new(&rails_of);
    // The GPU racks among `items`; on a large hall the two halves of the items on two threads, merged in order.
    let racks = |items: std::ops::Range<usize>, switch_racks: bool| {
        let mut tally = CableTally::default();
        let mut far = FarFromTray { reach_m: layout.hall.settings.tray_reach_m, items: Vec::new(), farthest: None };
        if switch_racks {
            for rack in leaves.iter().chain(spines).chain(cores) {
                far.note(&rack.at, rack.id);
            }
        }
        let missing = gpu_racks(ctx, router, speeds, &leaf_of, items, &mut tally, &mut far);
        (tally, far, missing)
    };
    let n = layout.items.len();
    // Halves only on a full tray grid: routing round no-go zones shares the router's distance cache and graph
    // budget, which two halves at once would spend in an order that depends on the threads.
    if ctx.parallel && !router.has_cuts() {
        let ((mut tally, mut far, mut missing), (second, second_far, second_missing)) =
            rayon::join(|| racks(0..n / 2, true), || racks(n / 2..n, false));
        tally.merge(second);
        far.merge(second_far);
        missing.extend(second_missing);
        (tally, far, missing)
    } else {
        racks(0..n, true)
    }
}

/// Node → leaf links of the GPU racks among `items`, into `tally`; returns the racks with a rail that has no
/// leaf.
fn gpu_racks<'a>(
    ctx: &Ctx<'a>,
    router: &Router,
    speeds: &LinkSpeeds,
    leaf_of: &LeafIndex<'_, 'a>,
    items: std::ops::Range<usize>,
    tally: &mut CableTally,
    far: &mut FarFromTray,
) -> Vec<ItemId> {
    let layout = ctx.layout;
    let mut missing: Vec<ItemId> = Vec::new();
    // Leaf rack of each rail for the SU of the previous rack (racks of an SU usually come together).
    let mut su_rails: Option<(u32, Vec<Option<&SwitchRack<'_>>>)> = None;
    for (i, item) in layout.items.iter().enumerate().take(items.end).skip(items.start) {
        let Some(ty) = ctx.types[i] else { continue };
        let Some(gpu) = ty.gpu.as_ref() else { continue };
        let servers = u64::from(item.servers_in(ty));
        let su = item.su.unwrap_or(0);
        let ports = gpu.compute_ports_per_server;
        let rail_leaves = match &mut su_rails {
            Some((cached, list)) if *cached == su && list.len() == ports as usize => list,
            slot => {
                let list = (0..ports).map(|r| leaf_of.get(su, r)).collect();
                &mut slot.insert((su, list)).1
            }
        };
        let at = router.point(endpoint(ctx, i).0, 0);
        far.note(&at, item.id);
        // Rails landing on the same leaf rack share one route; each server's ports are at its own height.
        let spread = ty.port_span_m > 0.0 && servers > 1;
        let mut run: Option<(&SwitchRack<'_>, u64)> = None;
        let mut flush = |run: Option<(&SwitchRack<'_>, u64)>| {
            if let Some((leaf, rails)) = run {
                let same = at.pos() == leaf.at.pos();
                let horizontal = if same { 0.0 } else { router.horizontal_between(&at, &leaf.at) };
                let (a, b) = (item.id, leaf.id);
                let gbps = leaf.spec.map_or(gpu.port_gbps, |s| gpu.port_gbps.min(s.port_gbps));
                // The rails land on different leaf switches (each rail on its own, split further when a rail
                // needs several leaves): a splitter's two legs share one of them.
                let per_rail = leaf.fill.count.checked_div(leaf.fill.rails).unwrap_or(1).max(1);
                let pairs = u32::try_from(rails).unwrap_or(u32::MAX).saturating_mul(per_rail);
                let kind = LinkKind { gbps, a: End::Nic, b: leaf.end(gbps), pairs };
                let (low, high) =
                    (ty.server_port_height_m(0), ty.server_port_height_m((servers as u32).saturating_sub(1)));
                let length_at = |h: f64| router.length_m(horizontal, same, h, leaf.port_height_m);
                let first = StockBin::of(length_at(low));
                if spread && low != high && !first.holds(length_at(high)) {
                    // Servers whose cables round up to the same stock length count as one group.
                    let mut group = (first, 0);
                    for server in 0..servers as u32 {
                        let length = length_at(ty.server_port_height_m(server));
                        if group.0.holds(length) {
                            group.1 += 1;
                        } else {
                            tally.add_binned(Tier::NodeLeaf, kind, group.1 * rails, group.0, a, b);
                            group = (StockBin::of(length), 1);
                        }
                    }
                    tally.add_binned(Tier::NodeLeaf, kind, group.1 * rails, group.0, a, b);
                } else {
                    // Every server's cable has one stock length (ports at one height, or all within one bin).
                    tally.add_binned(Tier::NodeLeaf, kind, servers * rails, first, a, b);
                }
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
        if lacks && speeds.sized {
            missing.push(item.id);
        }
    }
    missing
}

/// Leaf → spine and spine → core links. Returns false when the route budget ran out before every link group
/// was routed.
#[allow(clippy::too_many_arguments)]
fn switch_tiers(
    router: &Router,
    speeds: &LinkSpeeds,
    leaves: &[SwitchRack<'_>],
    spines: &[SwitchRack<'_>],
    cores: &[SwitchRack<'_>],
    tally: &mut CableTally,
) -> bool {
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

    // Leaf → spine, striped over the spines of the same (plane, pod).
    let mut spines_by_pod: HashMap<(u32, u32), Vec<&SwitchRack<'_>>> = HashMap::new();
    for s in spines {
        spines_by_pod.entry((s.fill.plane, s.fill.pod)).or_default().push(s);
    }
    // Switches per pod, counted once.
    let pod_sizes: HashMap<(u32, u32), u32> =
        spines_by_pod.iter().map(|(k, g)| (*k, g.iter().map(|s| s.fill.count).sum())).collect();
    for l in leaves {
        let Some(group) = spines_by_pod.get(&(l.fill.plane, l.fill.pod)) else { continue };
        let total = pod_sizes.get(&(l.fill.plane, l.fill.pod)).copied().unwrap_or(0);
        if total == 0 || !spend(group.len() as u64) {
            continue;
        }
        let gbps = speeds.of_su(l.fill.su).0;
        let leaf_up = l.radix(gbps) - l.radix(gbps) / 2;
        let (each, extra) = (leaf_up / total, leaf_up % total);
        for s in group {
            let per_leaf = u64::from(s.fill.count) * u64::from(each)
                + u64::from(overlap(s.fill.first_index, s.fill.count, 0, extra));
            let count = per_leaf * u64::from(l.fill.count);
            if count > 0 {
                tally.add(
                    Tier::LeafSpine,
                    LinkKind { gbps, a: l.end(gbps), b: s.end(gbps), pairs: l.fill.count.saturating_mul(s.fill.count) },
                    count,
                    router.route_m(&l.at, l.port_height_m, &s.at, s.port_height_m),
                    l.id,
                    s.id,
                );
            }
        }
    }

    // Spine → core: the spines of a plane, numbered pod after pod, hand their uplinks to the plane's cores in
    // turn (spine g's uplinks go to cores g × up, g × up + 1, … modulo the cores), so every core takes the same
    // number of links — at most its ports — even when pods have different numbers of spines; with equal pods
    // whose count divides the radix this is the SuperPOD wiring (each core reaches every pod equally).
    let mut cores_by_plane: HashMap<u32, Vec<&SwitchRack<'_>>> = HashMap::new();
    for c in cores {
        cores_by_plane.entry(c.fill.plane).or_default().push(c);
    }
    // Each plane's core racks by first index, ties by id (so item order never matters), with the first core
    // number of each and what the loop below needs of it at hand.
    let core_racks: HashMap<u32, (Vec<CoreRack<'_, '_>>, u64)> = cores_by_plane
        .into_iter()
        .map(|(plane, mut group)| {
            group.sort_by_key(|c| (c.fill.first_index, c.id));
            let gbps = speeds.of_plane(plane);
            let mut at = 0;
            let racks = group
                .into_iter()
                .map(|rack| {
                    let first = at;
                    at += u64::from(rack.fill.count);
                    CoreRack { rack, first, count: u64::from(rack.fill.count), end: rack.end(gbps) }
                })
                .collect();
            (plane, (racks, at))
        })
        .collect();
    // The first global spine number of each pod in its plane.
    let mut pod_keys: Vec<(u32, u32)> = pod_sizes.keys().copied().collect();
    pod_keys.sort_unstable();
    let mut pod_offset: HashMap<(u32, u32), u64> = HashMap::new();
    let mut running: (Option<u32>, u64) = (None, 0);
    for key in pod_keys {
        if running.0 != Some(key.0) {
            running = (Some(key.0), 0);
        }
        pod_offset.insert(key, running.1);
        running.1 += u64::from(pod_sizes[&key]);
    }
    for s in spines {
        let Some((core_group, total_cores)) = core_racks.get(&s.fill.plane) else { continue };
        let total_cores = *total_cores;
        let pod_spines = pod_sizes.get(&(s.fill.plane, s.fill.pod)).copied().unwrap_or(0);
        if total_cores == 0 || pod_spines == 0 || !spend(core_group.len() as u64) {
            continue;
        }
        let gbps = speeds.of_plane(s.fill.plane);
        let up = u64::from(s.radix(gbps) / 2);
        let first = pod_offset.get(&(s.fill.plane, s.fill.pod)).copied().unwrap_or(0) + u64::from(s.fill.first_index);
        // Core numbers [start, start + len) modulo the cores: whole turns, then a run that may wrap.
        let len = u64::from(s.fill.count) * up;
        let (turns, rest) = (len / total_cores, len % total_cores);
        let start = (first * up) % total_cores;
        let wrapped = (start + rest).saturating_sub(total_cores);
        // Without a whole turn, only the racks under the run (and its wrapped part) take links.
        let under = |a: u64, b: u64| {
            let from = core_group.partition_point(|c| c.first <= a).saturating_sub(1);
            let to = core_group.partition_point(|c| c.first < b);
            from..to.max(from)
        };
        let (run, head) = if turns > 0 {
            (0..core_group.len(), 0..0)
        } else {
            (under(start, (start + rest).min(total_cores)), if wrapped > 0 { under(0, wrapped) } else { 0..0 })
        };
        let (a_end, pairs_a) = (s.end(gbps), s.fill.count);
        for i in run.clone().chain(head.filter(|i| !run.contains(i))) {
            let c = &core_group[i];
            let (lo, n) = (c.first, c.count);
            let in_run = |a: u64, b: u64| b.min(lo + n).saturating_sub(a.max(lo));
            let links = turns * n + in_run(start, (start + rest).min(total_cores)) + in_run(0, wrapped);
            if links > 0 {
                let length = router.route_m(&s.at, s.port_height_m, &c.rack.at, c.rack.port_height_m);
                let pairs = pairs_a.saturating_mul(c.count as u32);
                let kind = LinkKind { gbps, a: a_end, b: c.end, pairs };
                tally.add(Tier::SpineCore, kind, links, length, s.id, c.rack.id);
            }
        }
    }

    budget > 0
}
