//! Wiring and cabling the fabric: which leaf serves each (SU, rail), the wiring above the leaves by pod and
//! plane, each link group routed once (node → leaf per GPU rack, leaf → spine, spine → core) and counted into
//! the cable tally, and the cabling warnings (rails without a leaf, routes not made, ports exceeded, racks far
//! from a tray, links beyond reach).

use rustc_hash::FxHashMap;

use super::super::cables::{CableTally, StockBin, Tier};
use super::super::parts::{End, LinkKind};
use super::super::route::{RoutePoint, Router};
use super::super::{Ctx, Severity, Warning, warn};
use super::{LinkSpeeds, MAX_ROUTES, NetworkState, SwitchRack, endpoint};
use crate::model::{EquipmentType, GpuSpec, Item, ItemId};

/// The wiring above the leaves, by pod and plane: built once from the switch racks' fabric positions.
#[derive(Debug, Default)]
pub(super) struct Upper {
    /// Spines (indices into the spine list) of each (plane, pod), in list order.
    pub(super) spines_by_pod: FxHashMap<(u32, u32), Vec<u32>>,
    /// Leaves of each (plane, pod), in list order.
    pub(super) leaves_by_pod: FxHashMap<(u32, u32), Vec<u32>>,
    /// Switches per pod.
    pod_sizes: FxHashMap<(u32, u32), u32>,
    /// Each plane's core racks by first index (ties by id), and its cores.
    core_racks: FxHashMap<u32, (Vec<CoreRack>, u64)>,
    /// The first spine number of each pod in its plane.
    pod_offset: FxHashMap<(u32, u32), u64>,
}

impl Upper {
    pub(super) fn new(speeds: &LinkSpeeds, leaves: &[SwitchRack], spines: &[SwitchRack], cores: &[SwitchRack]) -> Self {
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

impl NetworkState {
    /// Routes and counts every link of the fabric. Node → leaf and the switch tiers above it are independent
    /// tasks, each with its own tally and its own router (so each has its own graph budget when no-go zones cut
    /// the trays, and the result never depends on which finishes first); on a large hall they run on two threads.
    /// The tallies are merged, node → leaf first, to the counts of one pass.
    #[inline(never)] // a phase of its own in profiles
    pub(super) fn cable_fabric(&mut self, ctx: &Ctx<'_>) {
        let layout = ctx.layout;
        let this = &*self;
        let upper = || {
            let router = Router::new(&layout.hall);
            let mut tally = CableTally::recording(ctx.record_cables);
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
            let mut tally = CableTally::recording(ctx.record_cables);
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
                let at = router.point(endpoint(item, Some(ty)).0, 0);
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
    pub(super) fn gpu_rack_links(
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
                let kind =
                    LinkKind { gbps, a: End::Nic { per_cage: gpu.nic_links_per_cage }, b: leaf.end(gbps), pairs };
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
    pub(super) fn leaf_spine_links(
        &self,
        router: &Router,
        l: &SwitchRack,
        s: &SwitchRack,
        tally: &mut CableTally,
        sign: i64,
    ) {
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
    pub(super) fn spine_core_runs(&self, s: &SwitchRack, mut f: impl FnMut(&CoreRack, u64)) {
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
    pub(super) fn spine_core_links(
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

    /// The cable report and the cabling warnings, from the tally.
    /// Writes the cable section and its warnings; `count_ports` checks every network rack's ports afresh.
    pub(super) fn finish_cables(&mut self, count_ports: bool) {
        let out = &mut self.cable_warnings;
        out.clear();
        if !self.missing.is_empty() {
            warn(
                out,
                "fabric-short",
                Severity::Warning,
                format!(
                    "{} GPU rack(s) have rails with no leaf placed for their scalable unit, so their links are not \
                     cabled (leaves placed for other units or rails do not serve them): give the racks their units \
                     (select them › Assign scalable units) and put the leaves in network racks (select them › Fill \
                     required switches)",
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
        if report.beyond_nic_reach > 0 {
            warn(
                out,
                "link-beyond-nic-reach",
                Severity::Warning,
                format!(
                    "{} node link(s) run longer than {} m on single-mode, past what NVIDIA's NIC-side 400G DR4 module \
                     reaches (its 500 m part is switch-to-switch only); move those GPU racks within {} m of their \
                     leaves, or order a third-party IEEE 400GBASE-DR4 (500 m) module for the NIC end",
                    report.beyond_nic_reach,
                    super::super::media::NIC_SINGLE_MODE_REACH_M,
                    super::super::media::NIC_SINGLE_MODE_REACH_M
                ),
                self.tally.nic_far_items(),
            );
        }
        if !beyond.is_empty() {
            warn(
                out,
                "link-beyond-reach",
                Severity::Error,
                format!(
                    "{} link(s) are longer than any medium reaches ({} m); move the racks closer",
                    report.beyond_reach,
                    super::super::cables::MAX_REACH_M
                ),
                beyond,
            );
        }
        self.cables = report;
    }
}

/// Racks standing farther from every cable tray than the hall's reach, with their distance.
#[derive(Debug, Default)]
pub(super) struct FarFromTray {
    items: FxHashMap<ItemId, f64>,
}

impl FarFromTray {
    pub(super) fn note(&mut self, reach_m: f64, at: &RoutePoint, id: ItemId) {
        let d = at.tray_distance_m();
        if d > reach_m + 1e-9 {
            self.items.insert(id, d);
        }
    }

    pub(super) fn forget(&mut self, id: ItemId) {
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
pub(super) enum LeafIndex {
    Dense { rails: u32, table: Vec<Option<u32>> },
    Map(FxHashMap<(u32, u32), u32>),
}

impl LeafIndex {
    /// From each leaf rack and the rails it serves; two racks claiming one rail: the lower item id serves it,
    /// whatever the item order.
    pub(super) fn new(speeds: &LinkSpeeds, leaves: &[SwitchRack]) -> Self {
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

    pub(super) fn get(&self, su: u32, rail: u32) -> Option<u32> {
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
pub(super) struct CoreRack {
    pub(super) rack: u32,
    first: u64,
    count: u64,
    end: End,
}

/// Switches from `first_index` to `first_index + count` that fall in `[lo, hi)`.
fn overlap(first: u32, count: u32, lo: u32, hi: u32) -> u32 {
    let (a, b) = (first.max(lo), first.saturating_add(count).min(hi));
    b.saturating_sub(a)
}
