//! Network: switches placed per tier, the fabric the placed GPU racks need (see [`super::fabric`]), and every
//! placed link's cable.
//!
//! Links follow the fat-tree wiring: rail *r* of every server of SU *s* goes to the leaf rack serving (*s*, *r*);
//! each leaf stripes its uplinks evenly over the spines of its (plane, pod); spine *j* of a pod stripes its
//! uplinks over core group *j* of its plane. Links between the same two racks share one route, so the work is
//! per rack pair, not per cable.
//!
//! The phase keeps what it built ([`NetworkState`]): the switch racks, the wiring tables and one cable tally.
//! When an edit only moves racks, [`NetworkState::update_moves`] takes the moved racks' link groups out of the
//! tally at their old places and counts them again at the new ones; any other change to a GPU or network rack
//! sizes the fabric afresh.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::cables::{CableTally, StockBin, Tier};
use super::fabric::{FabricDesign, SuDemand, design_fabric, three_tier_capacity};
use super::world::World;
use super::parts::{End, LinkKind};
use super::route::{RoutePoint, Router};
use super::{CableReport, Ctx, FabricGroup, NetworkReport, RequiredFabric, Severity, TierCounts, Warning, warn};
use crate::digits::group_digits;
use crate::model::{
    EquipmentKind, EquipmentType, GpuSpec, Item, ItemId, SwitchFabric, SwitchFill, SwitchRole, SwitchSpec, TypeId,
};

/// Most rack-to-rack routes one analysis computes.
const MAX_ROUTES: u64 = 20_000_000;

/// A network rack's place in the fabric.
#[derive(Clone, Debug)]
struct SwitchRack {
    id: ItemId,
    fill: SwitchFill,
    /// Where its cables meet the trays.
    at: RoutePoint,
    /// Height of its ports.
    port_height_m: f64,
    /// Its switches' figures.
    spec: Option<SwitchSpec>,
    /// Its number among the compute-fabric racks (0, 1, 2…), for counting its transceivers.
    slot: u32,
}

impl SwitchRack {
    /// Ports at `gbps` (2 when the switch type is unknown, which cables nothing beyond one link).
    fn radix(&self, gbps: u32) -> u32 {
        self.spec.as_ref().map_or(2, |s| s.radix_at(gbps)).max(2)
    }

    /// This rack as a link end at `gbps`.
    fn end(&self, gbps: u32) -> End {
        End::Switch {
            rack: self.slot,
            per_cage: self.spec.as_ref().map_or(1, |s| s.links_per_cage(gbps)),
            switches: self.fill.count,
        }
    }
}

/// The route cache key of a switch rack: its id + 1 (0 means "do not cache").
fn route_key(id: ItemId) -> u32 {
    id.0.saturating_add(1)
}

/// The wiring above the leaves, by pod and plane: built once from the switch racks' fabric positions.
#[derive(Debug, Default)]
struct Upper {
    /// Spines (indices into the spine list) of each (plane, pod), in list order.
    spines_by_pod: FxHashMap<(u32, u32), Vec<u32>>,
    /// Leaves of each (plane, pod), in list order.
    leaves_by_pod: FxHashMap<(u32, u32), Vec<u32>>,
    /// Switches per pod.
    pod_sizes: FxHashMap<(u32, u32), u32>,
    /// Each plane's core racks by first index (ties by id), and its cores.
    core_racks: FxHashMap<u32, (Vec<CoreRack>, u64)>,
    /// The first spine number of each pod in its plane.
    pod_offset: FxHashMap<(u32, u32), u64>,
}

impl Upper {
    fn new(speeds: &LinkSpeeds, leaves: &[SwitchRack], spines: &[SwitchRack], cores: &[SwitchRack]) -> Self {
        let mut up = Upper::default();
        for (k, s) in spines.iter().enumerate() {
            up.spines_by_pod.entry((s.fill.plane, s.fill.pod)).or_default().push(k as u32);
            *up.pod_sizes.entry((s.fill.plane, s.fill.pod)).or_default() += s.fill.count;
        }
        for (k, l) in leaves.iter().enumerate() {
            up.leaves_by_pod.entry((l.fill.plane, l.fill.pod)).or_default().push(k as u32);
        }
        let mut cores_by_plane: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for (k, c) in cores.iter().enumerate() {
            cores_by_plane.entry(c.fill.plane).or_default().push(k as u32);
        }
        // Each plane's core racks by first index, ties by id (so item order never matters), with the first core
        // number of each.
        up.core_racks = cores_by_plane
            .into_iter()
            .map(|(plane, mut group)| {
                group.sort_by_key(|&k| (cores[k as usize].fill.first_index, cores[k as usize].id));
                let gbps = speeds.of_plane(plane);
                let mut at = 0;
                let racks = group
                    .into_iter()
                    .map(|k| {
                        let rack = &cores[k as usize];
                        let first = at;
                        at += u64::from(rack.fill.count);
                        CoreRack { rack: k, first, count: u64::from(rack.fill.count), end: rack.end(gbps) }
                    })
                    .collect();
                (plane, (racks, at))
            })
            .collect();
        let mut pod_keys: Vec<(u32, u32)> = up.pod_sizes.keys().copied().collect();
        pod_keys.sort_unstable();
        let mut running: (Option<u32>, u64) = (None, 0);
        for key in pod_keys {
            if running.0 != Some(key.0) {
                running = (Some(key.0), 0);
            }
            up.pod_offset.insert(key, running.1);
            running.1 += u64::from(up.pod_sizes[&key]);
        }
        up
    }
}

/// The network phase's state: the fabric as sized, the switch racks and their wiring, and the cable tally.
#[derive(Debug)]
pub(crate) struct NetworkState {
    report: NetworkReport,
    /// Warnings about the fabric's size (they change only when it is sized again).
    sizing_warnings: Vec<Warning>,
    speeds: LinkSpeeds,
    leaves: Vec<SwitchRack>,
    spines: Vec<SwitchRack>,
    cores: Vec<SwitchRack>,
    /// Each compute-fabric rack's tier and place in its list.
    rack_of: FxHashMap<ItemId, (SwitchRole, u32)>,
    leaf_of: LeafIndex,
    upper: Upper,
    tally: CableTally,
    far: FarFromTray,
    /// GPU racks with a rail that has no leaf.
    missing: Vec<ItemId>,
    routed_all: bool,
    cuts_ignored: bool,
    /// How far a rack may stand from a tray, metres.
    reach_m: f64,
    /// The router the state re-counts moved racks' links with (its distances over cut trays are kept by rack).
    router: Router,
    cables: CableReport,
    cable_warnings: Vec<Warning>,
    /// Network racks taking more links than their switches have ports (sorted); moves leave it as it is.
    overfull: Vec<ItemId>,
}

impl NetworkState {
    /// Sizes the fabric and counts every link of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> Self {
        let layout = ctx.layout;
        let mut report = NetworkReport::default();
        let mut sizing_warnings = Vec::new();
        let out = &mut sizing_warnings;
        let router = Router::new(&layout.hall);
        let tile = layout.hall.tile_m;

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
        let mut leaves: Vec<SwitchRack> = Vec::with_capacity(count[0]);
        let mut spines: Vec<SwitchRack> = Vec::with_capacity(count[1]);
        let mut cores: Vec<SwitchRack> = Vec::with_capacity(count[2]);
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
            let (pos, port_height_m) = endpoint(item, ctx.types[index], tile);
            let at = router.point(pos, route_key(item.id));
            let slot = (leaves.len() + spines.len() + cores.len()) as u32;
            let rack = SwitchRack { id: item.id, fill: fill.clone(), at, port_height_m, spec: sw.cloned(), slot };
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
                "no compute switch chosen: place leaf switches or set the hall's fabric switch to size the fabric"
                    .into(),
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

        let mut rack_of = FxHashMap::default();
        for (role, list) in [(SwitchRole::Leaf, &leaves), (SwitchRole::Spine, &spines), (SwitchRole::Core, &cores)] {
            for (k, r) in list.iter().enumerate() {
                rack_of.insert(r.id, (role, k as u32));
            }
        }
        let leaf_of = LeafIndex::new(&speeds, &leaves);
        let upper = Upper::new(&speeds, &leaves, &spines, &cores);
        let mut state = Self {
            report,
            sizing_warnings,
            speeds,
            leaves,
            spines,
            cores,
            rack_of,
            leaf_of,
            upper,
            tally: CableTally::default(),
            far: FarFromTray::default(),
            missing: Vec::new(),
            routed_all: true,
            cuts_ignored: false,
            reach_m: layout.hall.settings.tray_reach_m,
            router,
            cables: CableReport::default(),
            cable_warnings: Vec::new(),
            overfull: Vec::new(),
        };
        state.cable_fabric(ctx);
        state
    }

    /// Routes and counts every link of the fabric. Node → leaf and the switch tiers above it are independent
    /// tasks, each with its own tally and its own router (so each has its own graph budget when no-go zones cut
    /// the trays, and the result never depends on which finishes first); on a large hall they run on two threads.
    /// The tallies are merged, node → leaf first, to the counts of one pass.
    #[inline(never)] // a phase of its own in profiles
    fn cable_fabric(&mut self, ctx: &Ctx<'_>) {
        let layout = ctx.layout;
        let this = &*self;
        let upper = || {
            let router = Router::new(&layout.hall);
            let mut tally = CableTally::default();
            let routed_all = this.switch_tiers(&router, &mut tally);
            (tally, routed_all, router.cuts_ignored())
        };
        let lower = || this.node_leaf(ctx);
        let ((upper_tally, routed_all, upper_cuts_ignored), (mut tally, far, missing)) =
            if ctx.parallel { rayon::join(upper, lower) } else { (upper(), lower()) };
        tally.merge(upper_tally);
        self.tally = tally;
        self.far = far;
        self.missing = missing;
        self.routed_all = routed_all;
        self.cuts_ignored = self.router.cuts_ignored() || upper_cuts_ignored;
        self.finish_cables(true);
    }

    /// Node → leaf links: every GPU rack's rails to the leaf racks of its scalable unit. Returns the tally, the
    /// racks far from a tray (switch racks included) and the GPU racks with a rail that has no leaf.
    fn node_leaf(&self, ctx: &Ctx<'_>) -> (CableTally, FarFromTray, Vec<ItemId>) {
        let layout = ctx.layout;
        let router = &self.router;
        // The GPU racks among `items`; on a large hall the two halves of the items on two threads, merged in order.
        let racks = |items: std::ops::Range<usize>, switch_racks: bool| {
            let mut tally = CableTally::default();
            let mut far = FarFromTray::default();
            if switch_racks {
                for rack in self.leaves.iter().chain(&self.spines).chain(&self.cores) {
                    far.note(layout.hall.settings.tray_reach_m, &rack.at, rack.id);
                }
            }
            let mut missing: Vec<ItemId> = Vec::new();
            // Leaf rack of each rail for the SU of the previous rack (racks of an SU usually come together).
            let mut su_rails: Option<(u32, Vec<Option<u32>>)> = None;
            for i in items {
                let item = &layout.items[i];
                let Some(ty) = ctx.types[i] else { continue };
                let Some(gpu) = ty.gpu.as_ref() else { continue };
                let su = item.su.unwrap_or(0);
                let ports = gpu.compute_ports_per_server;
                let rail_leaves = match &mut su_rails {
                    Some((cached, list)) if *cached == su && list.len() == ports as usize => list,
                    slot => {
                        let list = (0..ports).map(|r| self.leaf_of.get(su, r)).collect();
                        &mut slot.insert((su, list)).1
                    }
                };
                let at = router.point(endpoint(item, Some(ty), layout.hall.tile_m).0, 0);
                far.note(layout.hall.settings.tray_reach_m, &at, item.id);
                if self.gpu_rack_links(router, item, ty, gpu, &at, rail_leaves, &mut tally, 1) && self.speeds.sized {
                    missing.push(item.id);
                }
            }
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

    /// Node → leaf links of one GPU rack (standing at `at`, its rails served by the leaves `rail_leaves`), added
    /// to `tally` (`sign` +1) or taken from it (−1). True when a rail has no leaf.
    #[allow(clippy::too_many_arguments)]
    fn gpu_rack_links(
        &self,
        router: &Router,
        item: &Item,
        ty: &EquipmentType,
        gpu: &GpuSpec,
        at: &RoutePoint,
        rail_leaves: &[Option<u32>],
        tally: &mut CableTally,
        sign: i64,
    ) -> bool {
        let servers = u64::from(item.servers_in(ty));
        // Rails landing on the same leaf rack share one route; each server's ports are at its own height.
        let spread = ty.port_span_m > 0.0 && servers > 1;
        let mut run: Option<(&SwitchRack, u64)> = None;
        let mut flush = |run: Option<(&SwitchRack, u64)>| {
            if let Some((leaf, rails)) = run {
                let same = at.pos() == leaf.at.pos();
                let horizontal = if same { 0.0 } else { router.horizontal_between(at, &leaf.at) };
                let ends = (item.id, leaf.id);
                let gbps = leaf.spec.as_ref().map_or(gpu.port_gbps, |s| gpu.port_gbps.min(s.port_gbps));
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
                            tally.add_signed(Tier::NodeLeaf, kind, group.1 * rails, group.0, ends, sign);
                            group = (StockBin::of(length), 1);
                        }
                    }
                    tally.add_signed(Tier::NodeLeaf, kind, group.1 * rails, group.0, ends, sign);
                } else {
                    // Every server's cable has one stock length (ports at one height, or all within one bin).
                    tally.add_signed(Tier::NodeLeaf, kind, servers * rails, first, ends, sign);
                }
            }
        };
        let mut lacks = false;
        for leaf in rail_leaves {
            let Some(leaf) = leaf.map(|k| &self.leaves[k as usize]) else {
                lacks = true;
                continue;
            };
            match &mut run {
                Some((l, rails)) if l.id == leaf.id => *rails += 1,
                _ => {
                    flush(run.take());
                    run = Some((leaf, 1));
                }
            }
        }
        flush(run);
        lacks
    }

    /// Leaf → spine links between leaf `l` and spine `s` (of the same pod).
    fn leaf_spine_links(&self, router: &Router, l: &SwitchRack, s: &SwitchRack, tally: &mut CableTally, sign: i64) {
        let total = self.upper.pod_sizes.get(&(l.fill.plane, l.fill.pod)).copied().unwrap_or(0);
        if total == 0 {
            return;
        }
        let gbps = self.speeds.of_su(l.fill.su).0;
        let leaf_up = l.radix(gbps) - l.radix(gbps) / 2;
        let (each, extra) = (leaf_up / total, leaf_up % total);
        let per_leaf =
            u64::from(s.fill.count) * u64::from(each) + u64::from(overlap(s.fill.first_index, s.fill.count, 0, extra));
        let count = per_leaf * u64::from(l.fill.count);
        if count > 0 {
            let kind =
                LinkKind { gbps, a: l.end(gbps), b: s.end(gbps), pairs: l.fill.count.saturating_mul(s.fill.count) };
            let length = StockBin::of(router.route_m(&l.at, l.port_height_m, &s.at, s.port_height_m));
            tally.add_signed(Tier::LeafSpine, kind, count, length, (l.id, s.id), sign);
        }
    }

    /// Spine → core: the spines of a plane, numbered pod after pod, hand their uplinks to the plane's cores in
    /// turn (spine g's uplinks go to cores g × up, g × up + 1, … modulo the cores), so every core takes the same
    /// number of links — at most its ports — even when pods have different numbers of spines; with equal pods
    /// whose count divides the radix this is the SuperPOD wiring (each core reaches every pod equally). Calls
    /// `f` with each core rack (its place among the plane's core racks) and the links spine `s` sends it.
    fn spine_core_runs(&self, s: &SwitchRack, mut f: impl FnMut(&CoreRack, u64)) {
        let Some((core_group, total_cores)) = self.upper.core_racks.get(&s.fill.plane) else { return };
        let total_cores = *total_cores;
        let pod_spines = self.upper.pod_sizes.get(&(s.fill.plane, s.fill.pod)).copied().unwrap_or(0);
        if total_cores == 0 || pod_spines == 0 {
            return;
        }
        let gbps = self.speeds.of_plane(s.fill.plane);
        let up = u64::from(s.radix(gbps) / 2);
        let first = self.upper.pod_offset.get(&(s.fill.plane, s.fill.pod)).copied().unwrap_or(0)
            + u64::from(s.fill.first_index);
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
        for i in run.clone().chain(head.filter(|i| !run.contains(i))) {
            let c = &core_group[i];
            let (lo, n) = (c.first, c.count);
            let in_run = |a: u64, b: u64| b.min(lo + n).saturating_sub(a.max(lo));
            let links = turns * n + in_run(start, (start + rest).min(total_cores)) + in_run(0, wrapped);
            if links > 0 {
                f(c, links);
            }
        }
    }

    /// Spine → core links from spine `s` to core rack `c`.
    fn spine_core_links(
        &self,
        router: &Router,
        s: &SwitchRack,
        (c, links): (&CoreRack, u64),
        tally: &mut CableTally,
        sign: i64,
    ) {
        let gbps = self.speeds.of_plane(s.fill.plane);
        let core = &self.cores[c.rack as usize];
        let length = StockBin::of(router.route_m(&s.at, s.port_height_m, &core.at, core.port_height_m));
        let pairs = s.fill.count.saturating_mul(c.count as u32);
        let kind = LinkKind { gbps, a: s.end(gbps), b: c.end, pairs };
        tally.add_signed(Tier::SpineCore, kind, links, length, (s.id, core.id), sign);
    }

    /// Leaf → spine and spine → core links. Returns false when the route budget ran out before every link group
    /// was routed.
    fn switch_tiers(&self, router: &Router, tally: &mut CableTally) -> bool {
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
        for l in &self.leaves {
            let Some(group) = self.upper.spines_by_pod.get(&(l.fill.plane, l.fill.pod)) else { continue };
            let total = self.upper.pod_sizes.get(&(l.fill.plane, l.fill.pod)).copied().unwrap_or(0);
            if total == 0 || !spend(group.len() as u64) {
                continue;
            }
            for &k in group {
                self.leaf_spine_links(router, l, &self.spines[k as usize], tally, 1);
            }
        }
        for s in &self.spines {
            let Some((core_group, total_cores)) = self.upper.core_racks.get(&s.fill.plane) else { continue };
            let pod_spines = self.upper.pod_sizes.get(&(s.fill.plane, s.fill.pod)).copied().unwrap_or(0);
            if *total_cores == 0 || pod_spines == 0 || !spend(core_group.len() as u64) {
                continue;
            }
            self.spine_core_runs(s, |c, links| self.spine_core_links(router, s, (c, links), tally, 1));
        }
        budget > 0
    }

    /// Follows an edit that only moved racks (GPU, leaf, spine or core racks: nothing else of theirs changed):
    /// the link groups with a moved rack at an end are taken out of the tally as they were and counted again
    /// where the racks stand now. False when the tally cannot follow (the routes ran out of budget or ignored
    /// cut trays, or the longest link went): the caller then builds the state afresh.
    pub fn update_moves(&mut self, before: &World<'_>, after: &World<'_>, moved: &[ItemId]) -> bool {
        if !self.routed_all || self.cuts_ignored {
            return false;
        }
        let layout = after.layout();
        let tile = layout.hall.tile_m;
        let mut racks: FxHashSet<ItemId> = FxHashSet::default();
        let mut gpu_racks: BTreeSet<ItemId> = BTreeSet::new();
        let mut leaf_sus: FxHashSet<u32> = FxHashSet::default();
        let (mut pods, mut planes): (BTreeSet<(u32, u32)>, BTreeSet<u32>) = (BTreeSet::new(), BTreeSet::new());
        for &id in moved {
            if let Some(&(role, k)) = self.rack_of.get(&id) {
                racks.insert(id);
                match role {
                    SwitchRole::Leaf => {
                        let l = &self.leaves[k as usize];
                        leaf_sus.insert(l.fill.su);
                        pods.insert((l.fill.plane, l.fill.pod));
                    }
                    SwitchRole::Spine => {
                        let s = &self.spines[k as usize];
                        pods.insert((s.fill.plane, s.fill.pod));
                        planes.insert(s.fill.plane);
                    }
                    _ => {
                        planes.insert(self.cores[k as usize].fill.plane);
                    }
                }
            } else if after.facts(id).and_then(|f| f.ty).is_some_and(|t| t.gpu.is_some()) {
                gpu_racks.insert(id);
            }
        }
        // The GPU racks cabled to a moved leaf: every GPU rack of its scalable unit.
        if !leaf_sus.is_empty() {
            for item in &layout.items {
                if leaf_sus.contains(&item.su.unwrap_or(0)) && layout.type_of(item).is_some_and(|t| t.gpu.is_some()) {
                    gpu_racks.insert(item.id);
                }
            }
        }
        let mut tally = std::mem::take(&mut self.tally);
        let mut far = std::mem::take(&mut self.far);
        self.links_of(before, &gpu_racks, &racks, (&pods, &planes), &mut tally, &mut far, -1);
        for &id in &racks {
            let Some(&(role, k)) = self.rack_of.get(&id) else { continue };
            let Some(f) = after.facts(id) else { continue };
            let (pos, _) = endpoint(f.item, f.ty, tile);
            let key = route_key(id);
            self.router.forget(key);
            let at = self.router.point(pos, key);
            let list = match role {
                SwitchRole::Leaf => &mut self.leaves,
                SwitchRole::Spine => &mut self.spines,
                _ => &mut self.cores,
            };
            list[k as usize].at = at;
        }
        self.links_of(after, &gpu_racks, &racks, (&pods, &planes), &mut tally, &mut far, 1);
        self.tally = tally;
        self.far = far;
        if self.tally.longest_lost() || self.router.cuts_ignored() {
            return false;
        }
        // Moving racks changes no link's ends, so no switch's port count.
        self.finish_cables(false);
        true
    }

    /// Adds (`sign` +1) or takes away (−1) the links with a moved rack at an end, as they stand in `world`: the
    /// node → leaf links of `gpu_racks`, and the leaf → spine and spine → core links of the moved switch racks
    /// `racks` (in `pods` and `planes`); notes (or forgets) the racks far from a tray.
    #[allow(clippy::too_many_arguments)]
    fn links_of(
        &self,
        world: &World<'_>,
        gpu_racks: &BTreeSet<ItemId>,
        racks: &FxHashSet<ItemId>,
        (pods, planes): (&BTreeSet<(u32, u32)>, &BTreeSet<u32>),
        tally: &mut CableTally,
        far: &mut FarFromTray,
        sign: i64,
    ) {
        let layout = world.layout();
        let tile = layout.hall.tile_m;
        let reach = layout.hall.settings.tray_reach_m;
        let router = &self.router;
        for &id in gpu_racks {
            let Some(f) = world.facts(id) else { continue };
            let Some(ty) = f.ty else { continue };
            let Some(gpu) = ty.gpu.as_ref() else { continue };
            let su = f.item.su.unwrap_or(0);
            let rail_leaves: Vec<Option<u32>> =
                (0..gpu.compute_ports_per_server).map(|r| self.leaf_of.get(su, r)).collect();
            let at = router.point(endpoint(f.item, Some(ty), tile).0, 0);
            if sign > 0 {
                far.note(reach, &at, id);
            } else {
                far.forget(id);
            }
            self.gpu_rack_links(router, f.item, ty, gpu, &at, &rail_leaves, tally, sign);
        }
        for &id in racks {
            let Some(&(role, k)) = self.rack_of.get(&id) else { continue };
            let rack = match role {
                SwitchRole::Leaf => &self.leaves[k as usize],
                SwitchRole::Spine => &self.spines[k as usize],
                _ => &self.cores[k as usize],
            };
            if sign > 0 {
                far.note(reach, &rack.at, id);
            } else {
                far.forget(id);
            }
        }
        for pod in pods {
            let (Some(ls), Some(ss)) = (self.upper.leaves_by_pod.get(pod), self.upper.spines_by_pod.get(pod)) else {
                continue;
            };
            for &lk in ls {
                let l = &self.leaves[lk as usize];
                for &sk in ss {
                    let s = &self.spines[sk as usize];
                    if racks.contains(&l.id) || racks.contains(&s.id) {
                        self.leaf_spine_links(router, l, s, tally, sign);
                    }
                }
            }
        }
        for s in self.spines.iter().filter(|s| planes.contains(&s.fill.plane)) {
            let spine_moved = racks.contains(&s.id);
            self.spine_core_runs(s, |c, links| {
                if spine_moved || racks.contains(&self.cores[c.rack as usize].id) {
                    self.spine_core_links(router, s, (c, links), tally, sign);
                }
            });
        }
    }

    /// The cable report and the cabling warnings, from the tally.
    /// Writes the cable section and its warnings; `count_ports` checks every network rack's ports afresh.
    fn finish_cables(&mut self, count_ports: bool) {
        let out = &mut self.cable_warnings;
        out.clear();
        if !self.missing.is_empty() {
            warn(
                out,
                "fabric-short",
                Severity::Warning,
                format!(
                    "{} GPU rack(s) have rails with no leaf placed for their scalable unit; their links are not cabled",
                    self.missing.len()
                ),
                self.missing.clone(),
            );
        }
        if !self.routed_all {
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
        if count_ports {
            let tally = &self.tally;
            let speeds = &self.speeds;
            self.overfull = self
                .leaves
                .iter()
                .map(|r| (r, speeds.of_su(r.fill.su).0))
                .chain(self.spines.iter().chain(&self.cores).map(|r| (r, speeds.of_plane(r.fill.plane))))
                .filter(|(r, gbps)| tally.links_at(r.slot) > u64::from(r.fill.count) * u64::from(r.radix(*gbps)))
                .map(|(r, _)| r.id)
                .collect();
            self.overfull.sort_unstable();
        }
        let overfull = &self.overfull;
        if !overfull.is_empty() {
            warn(
                out,
                "switch-ports-exceeded",
                Severity::Error,
                format!(
                    "{} network rack(s) take more links than their switches have ports; add switches or correct the \
                     fabric positions",
                    overfull.len()
                ),
                overfull.clone(),
            );
        }
        self.far.warn(self.reach_m, out);
        if self.cuts_ignored {
            warn(
                out,
                "trays-not-cut",
                Severity::Warning,
                "the tray network is too large to route around no-go zones; some routes pass through them".into(),
                Vec::new(),
            );
        }
        let (report, beyond) = self.tally.report();
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
        self.cables = report;
    }

    /// The network and cable sections of the report.
    pub fn reports(&self) -> (&NetworkReport, &CableReport) {
        (&self.report, &self.cables)
    }

    /// The phase's warnings: the fabric's size, then its cabling.
    pub fn write(&self, out: &mut Vec<Warning>) {
        out.extend(self.sizing_warnings.iter().cloned());
        out.extend(self.cable_warnings.iter().cloned());
    }
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
#[derive(Debug, Default)]
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
    leaves: &[SwitchRack],
    spines: &[SwitchRack],
    cores: &[SwitchRack],
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

/// Where an item's cables leave it: its centre and its port height.
fn endpoint(item: &Item, ty: Option<&EquipmentType>, tile_m: f64) -> (glam::DVec2, f64) {
    match ty {
        Some(ty) => (item.centre_m(ty, tile_m), ty.port_height_m),
        None => (item.origin_m(tile_m), 0.0),
    }
}

/// Racks standing farther from every cable tray than the hall's reach, with their distance.
#[derive(Debug, Default)]
struct FarFromTray {
    items: FxHashMap<ItemId, f64>,
}

impl FarFromTray {
    fn note(&mut self, reach_m: f64, at: &RoutePoint, id: ItemId) {
        let d = at.tray_distance_m();
        if d > reach_m + 1e-9 {
            self.items.insert(id, d);
        }
    }

    fn forget(&mut self, id: ItemId) {
        self.items.remove(&id);
    }

    /// Adds the racks another pass noted.
    fn merge(&mut self, other: FarFromTray) {
        self.items.extend(other.items);
    }

    fn warn(&self, reach_m: f64, out: &mut Vec<Warning>) {
        // The farthest: the longest distance, on a tie the lowest id.
        let Some((&id, &d)) = self.items.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0))) else {
            return;
        };
        let mut items: Vec<ItemId> = self.items.keys().copied().collect();
        items.sort_unstable();
        let farthest =
            if d.is_finite() { format!("farthest {id} at {d:.1} m") } else { format!("{id} can reach no tray at all") };
        warn(
            out,
            "far-from-tray",
            Severity::Warning,
            format!(
                "{} rack(s) stand more than {} m from any cable tray ({farthest}); add a tray over them or move them",
                items.len(),
                reach_m
            ),
            items,
        );
    }
}

/// The leaf rack (its place in the leaf list) serving each (SU, rail): a table when SU numbers are dense
/// (generated halls), else a map.
#[derive(Debug)]
enum LeafIndex {
    Dense { rails: u32, table: Vec<Option<u32>> },
    Map(FxHashMap<(u32, u32), u32>),
}

impl LeafIndex {
    /// From each leaf rack and the rails it serves; two racks claiming one rail: the lower item id serves it,
    /// whatever the item order.
    fn new(speeds: &LinkSpeeds, leaves: &[SwitchRack]) -> Self {
        let rails_of: Vec<(u32, u32, u32)> = leaves
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let rails = speeds.of_su(l.fill.su).1;
                let (first, n) = if l.fill.rails == 0 { (0, rails) } else { (l.fill.first_rail, l.fill.rails) };
                (k as u32, first, first.saturating_add(n))
            })
            .collect();
        let entries: u64 = rails_of.iter().map(|&(_, a, b)| u64::from(b.saturating_sub(a))).sum();
        let sus = leaves.iter().map(|l| u64::from(l.fill.su) + 1).max().unwrap_or(0);
        let rails = rails_of.iter().map(|&(_, _, b)| b).max().unwrap_or(0);
        let keep = |slot: &mut Option<u32>, k: u32| {
            if slot.is_none_or(|e| leaves[k as usize].id < leaves[e as usize].id) {
                *slot = Some(k);
            }
        };
        if sus.saturating_mul(u64::from(rails)) <= 4 * entries + 4096 {
            let mut table = vec![None; (sus * u64::from(rails)) as usize];
            for &(k, first, end) in &rails_of {
                let base = u64::from(leaves[k as usize].fill.su) * u64::from(rails);
                for r in first..end {
                    keep(&mut table[(base + u64::from(r)) as usize], k);
                }
            }
            LeafIndex::Dense { rails, table }
        } else {
            let mut map: FxHashMap<(u32, u32), u32> = FxHashMap::default();
            map.reserve(entries.min(1 << 20) as usize);
            for &(k, first, end) in &rails_of {
                let su = leaves[k as usize].fill.su;
                for r in first..end {
                    let mut slot = map.get(&(su, r)).copied();
                    keep(&mut slot, k);
                    if let Some(s) = slot {
                        map.insert((su, r), s);
                    }
                }
            }
            LeafIndex::Map(map)
        }
    }

    fn get(&self, su: u32, rail: u32) -> Option<u32> {
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

/// A core rack as the spine → core wiring sees it: its place in the core list, its first core number in the
/// plane, its cores and its link end.
#[derive(Debug)]
struct CoreRack {
    rack: u32,
    first: u64,
    count: u64,
    end: End,
}

/// Switches from `first_index` to `first_index + count` that fall in `[lo, hi)`.
fn overlap(first: u32, count: u32, lo: u32, hi: u32) -> u32 {
    let (a, b) = (first.max(lo), first.saturating_add(count).min(hi));
    b.saturating_sub(a)
}
