//! Sizing a rail-optimised, non-blocking fat tree (NVIDIA DGX SuperPOD style) for a set of scalable units.
//!
//! Rules (shared/reference/domain.md §3b): one rail per compute port of a node; a leaf splits its radix half down
//! to nodes, half up; every leaf of a scalable unit (SU) serves one rail of that SU; spines stripe every leaf's
//! uplinks evenly (the spine count divides a leaf's uplink count); a third tier appears once the leaves outnumber
//! what one spine's ports reach; a radix-k three-tier tree tops out at k³/4 host ports, beyond which the rails
//! are split across independent planes. The generator places exactly what this module sizes, and the analysis
//! compares it with what is placed.

use serde::Serialize;

/// Largest pod size whose spine count is tabulated before packing.
const MAX_SPINE_TABLE: u32 = 4_096;
/// Most chunk placements the pod-size search may try (pod sizes × rail chunks).
const MAX_PACKING_WORK: u64 = 20_000_000;

/// The demand of one scalable unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuDemand {
    /// SU number.
    pub su: u32,
    /// Nodes (servers or compute trays) in the SU.
    pub nodes: u32,
}

/// One pod: SUs (or some rails of them) whose leaves share a set of spines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodDesign {
    /// Pod number within its plane.
    pub pod: u32,
    /// SU numbers with leaves in the pod.
    pub sus: Vec<u32>,
    /// The rails of each SU whose leaves are in the pod: `(su, first_rail, rails)`, rails numbered as in the
    /// whole fabric.
    pub members: Vec<(u32, u32, u32)>,
    /// Leaves in the pod (in this plane).
    pub leaves: u32,
    /// Spines in the pod.
    pub spines: u32,
}

/// One plane: an independent fat tree over a subset of the rails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaneDesign {
    /// Plane number.
    pub plane: u32,
    /// First rail the plane carries.
    pub first_rail: u32,
    /// Rails the plane carries.
    pub rails: u32,
    /// Pods.
    pub pods: Vec<PodDesign>,
    /// Core switches (0 in a two-tier plane).
    pub cores: u32,
}

/// A sized fabric.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FabricDesign {
    /// Switch ports at the node link speed.
    pub radix: u32,
    /// Leaf ports facing nodes (the rest face spines).
    pub leaf_down: u32,
    /// Tiers: 2 or 3 (0 when there is nothing to connect).
    pub tiers: u32,
    /// Leaf switches in all planes.
    pub leaves: u32,
    /// Spine switches in all planes.
    pub spines: u32,
    /// Core switches in all planes.
    pub cores: u32,
    /// Node-to-leaf links.
    pub node_leaf_links: u64,
    /// Leaf-to-spine links.
    pub leaf_spine_links: u64,
    /// Spine-to-core links.
    pub spine_core_links: u64,
    /// The planes; more than one when one radix-k three-tier tree cannot reach every port.
    pub planes: Vec<PlaneDesign>,
    /// False when even one rail per plane exceeds a three-tier tree: the design is incomplete.
    pub fits: bool,
    /// Spines and cores that even striping costs beyond a non-blocking tree, when no pod packing avoids them.
    pub striping_surplus: Option<StripingSurplus>,
}

/// What even striping costs beyond a non-blocking tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StripingSurplus {
    /// Extra spine switches.
    pub spines: u32,
    /// Extra core switches.
    pub cores: u32,
    /// Extra spine–core cables.
    pub spine_core_links: u64,
    /// Leaves per rail of an SU (the unit pods are packed in).
    pub leaves_per_rail: u32,
}

impl PodDesign {
    /// The pod holding rail `rail` of SU `su`.
    pub fn holds(&self, su: u32, rail: u32) -> bool {
        self.members.iter().any(|&(s, first, n)| s == su && rail >= first && rail < first + n)
    }
}

/// Leaves one rail of an SU needs: one per `leaf_down` nodes.
pub fn leaves_per_rail(nodes: u32, leaf_down: u32) -> u32 {
    nodes.div_ceil(leaf_down.max(1))
}

/// The smallest switch count that takes `links` on switches of `ports_per_switch` ports while striping each
/// source's `links_per_source` evenly (the count divides `links_per_source`); when no such count exists below
/// `links_per_source`, the plain minimum.
pub fn striped_count(links: u64, ports_per_switch: u32, links_per_source: u32) -> u32 {
    if links == 0 {
        return 0;
    }
    let min = u32::try_from(links.div_ceil(u64::from(ports_per_switch.max(1)))).unwrap_or(u32::MAX);
    // The smallest divisor of `links_per_source` that is at least `min`, over divisor pairs (d, n / d).
    let n = links_per_source;
    let mut best: Option<u32> = None;
    let mut d = 1_u32;
    while u64::from(d) * u64::from(d) <= u64::from(n) {
        if n.is_multiple_of(d) {
            for c in [d, n / d] {
                if c >= min && best.is_none_or(|b| c < b) {
                    best = Some(c);
                }
            }
        }
        d += 1;
    }
    best.unwrap_or(min)
}

/// Host ports one radix-`radix` three-tier fat tree reaches (k³/4).
pub fn three_tier_capacity(radix: u32) -> u64 {
    let k = u64::from(radix);
    k.saturating_mul(k).saturating_mul(k) / 4
}

/// Sizes the fabric for `sus` whose nodes each have `rails` compute ports, on switches of `radix` ports at the
/// node link speed.
pub fn design_fabric(sus: &[SuDemand], rails: u32, radix: u32) -> FabricDesign {
    let radix = radix.max(2);
    let leaf_down = radix / 2;
    let mut design = FabricDesign {
        radix,
        leaf_down,
        tiers: 0,
        leaves: 0,
        spines: 0,
        cores: 0,
        node_leaf_links: 0,
        leaf_spine_links: 0,
        spine_core_links: 0,
        planes: Vec::new(),
        fits: true,
        striping_surplus: None,
    };
    let nodes: u64 = sus.iter().map(|s| u64::from(s.nodes)).sum();
    if rails == 0 || nodes == 0 {
        return design;
    }
    design.node_leaf_links = nodes * u64::from(rails);

    let leaves_all_rails: u64 =
        sus.iter().map(|s| u64::from(leaves_per_rail(s.nodes, leaf_down)) * u64::from(rails)).sum();
    // Most leaves one plane can hold in three tiers: `radix` pods of `radix/2` leaves.
    let max_leaves_per_plane = u64::from(radix) * u64::from(leaf_down);
    let min_planes = u32::try_from(leaves_all_rails.div_ceil(max_leaves_per_plane)).unwrap_or(u32::MAX).max(1);

    // Whole SUs go into pods, which can waste leaf slots; add planes until every plane's pods reach the cores.
    let mut planes = Vec::new();
    for plane_count in min_planes.min(rails)..=rails {
        planes = split_planes(sus, rails, plane_count, radix);
        if planes.iter().all(|(p, _)| p.pods.len() <= radix as usize) {
            break;
        }
    }
    // A three-tier pod of more leaves than a spine has downlinks cannot be striped either (one rail of one SU
    // that large, or a packing search cut short by its work bound).
    let striped = |p: &PlaneDesign| p.cores == 0 || p.pods.iter().all(|pod| pod.leaves <= leaf_down);
    design.fits = min_planes <= rails && planes.iter().all(|(p, _)| p.pods.len() <= radix as usize && striped(p));
    let (mut extra_spines, mut extra_cores, mut lpr) = (0, 0, 0);
    for (p, surplus) in planes {
        if let Some((s, c, l)) = surplus {
            (extra_spines, extra_cores, lpr) = (extra_spines + s, extra_cores + c, lpr.max(l));
        }
        design.tiers = design.tiers.max(if p.cores > 0 { 3 } else { 2 });
        design.leaves += p.pods.iter().map(|pod| pod.leaves).sum::<u32>();
        design.spines += p.pods.iter().map(|pod| pod.spines).sum::<u32>();
        design.cores += p.cores;
        design.planes.push(p);
    }
    let leaf_up = radix - leaf_down;
    design.leaf_spine_links = u64::from(design.leaves) * u64::from(leaf_up);
    if design.tiers == 3 {
        design.spine_core_links = u64::from(design.spines) * u64::from(radix / 2);
    }
    if extra_spines > 0 || extra_cores > 0 {
        design.striping_surplus = Some(StripingSurplus {
            spines: extra_spines,
            cores: extra_cores,
            spine_core_links: u64::from(extra_spines) * u64::from(radix / 2),
            leaves_per_rail: lpr,
        });
    }
    design
}

/// Spines, cores and leaves per rail a plane spends beyond a non-blocking tree.
type Surplus = Option<(u32, u32, u32)>;

/// Splits the rails as evenly as possible over `plane_count` planes and sizes each.
fn split_planes(sus: &[SuDemand], rails: u32, plane_count: u32, radix: u32) -> Vec<(PlaneDesign, Surplus)> {
    let mut first_rail = 0;
    (0..plane_count)
        .map(|plane| {
            let plane_rails = rails / plane_count + u32::from(plane < rails % plane_count);
            let p = design_plane(sus, plane, first_rail, plane_rails, radix);
            first_rail += plane_rails;
            p
        })
        .collect()
}

fn design_plane(sus: &[SuDemand], plane: u32, first_rail: u32, rails: u32, radix: u32) -> (PlaneDesign, Surplus) {
    let leaf_down = radix / 2;
    let leaf_up = radix - leaf_down;
    let su_leaves: Vec<u32> = sus.iter().map(|s| leaves_per_rail(s.nodes, leaf_down) * rails).collect();
    let total_leaves: u32 = su_leaves.iter().sum();
    let whole = |s: &SuDemand| (s.su, first_rail, rails);

    if total_leaves <= radix {
        // Two tiers: one pod, spines take every leaf's uplinks on all their ports.
        let spines = striped_count(u64::from(total_leaves) * u64::from(leaf_up), radix, leaf_up);
        let pod = PodDesign {
            pod: 0,
            sus: sus.iter().map(|s| s.su).collect(),
            members: sus.iter().map(whole).collect(),
            leaves: total_leaves,
            spines,
        };
        return (PlaneDesign { plane, first_rail, rails, pods: vec![pod], cores: 0 }, None);
    }

    // Three tiers: pods of at most radix/2 leaves (a spine's downlinks). Whole SUs per pod where that stripes
    // evenly (the SuperPOD tables); otherwise pods of whole rails of SUs, sized for the fewest spines.
    let spine_down = radix / 2;
    // Spines for a pod of each size up to a spine's reach, looked up rather than recomputed while packing.
    let striped = |leaves: u32| striped_count(u64::from(leaves) * u64::from(leaf_up), spine_down, leaf_up);
    let table: Vec<u32> = (0..=spine_down.min(MAX_SPINE_TABLE)).map(striped).collect();
    let spines_for = |leaves: u32| table.get(leaves as usize).copied().unwrap_or_else(|| striped(leaves));
    let ideal = |leaves: u32| u32::try_from((u64::from(leaves) * u64::from(leaf_up)).div_ceil(u64::from(spine_down)));
    let by_su = pack(sus.iter().zip(&su_leaves).map(|(s, &l)| (whole(s), l)), spine_down, spines_for);
    let inflated = |pods: &[PodDesign]| pods.iter().any(|p| Ok(p.spines) != ideal(p.leaves));
    // A pod of more leaves than a spine has downlinks cannot be striped (every leaf would need a link to every
    // spine); an SU that large goes in pods of whole rails.
    let oversized = |pods: &[PodDesign]| pods.iter().any(|p| p.leaves > spine_down);
    let mut pods = by_su;
    if inflated(&pods) || oversized(&pods) {
        let chunks: Vec<((u32, u32, u32), u32)> = sus
            .iter()
            .flat_map(|s| {
                let lpr = leaves_per_rail(s.nodes, leaf_down);
                (first_rail..first_rail + rails).map(move |r| ((s.su, r, 1), lpr))
            })
            .collect();
        let largest = chunks.iter().map(|c| c.1).max().unwrap_or(1);
        // Fewest spines among packings whose pods the cores can still reach (at most `radix` pods); each pod
        // cap is costed without building its pods, and only the best is built.
        let cost = |p: &[PodDesign]| {
            (oversized(p), p.len() > radix as usize, p.iter().map(|p| u64::from(p.spines)).sum::<u64>(), p.len())
        };
        let mut best = cost(&pods);
        let mut best_cap = None;
        // Pod sizes that are whole numbers of the (usually equal) rail chunks, within a work bound so a hostile
        // switch radix cannot stall the analysis.
        let caps: Vec<u32> = (1..=spine_down / largest.max(1)).map(|m| m * largest).chain([spine_down]).collect();
        let affordable = (caps.len() as u64).saturating_mul(chunks.len() as u64) <= MAX_PACKING_WORK;
        for &cap in caps.iter().filter(|_| affordable) {
            // Pods of rail chunks under the cap are never oversized (a chunk is one rail of one SU).
            let (far, spines, count) = pack_cost(&chunks, cap, radix, spines_for);
            let c = (largest > spine_down, far, spines, count);
            if c < best {
                (best, best_cap) = (c, Some(cap));
            }
        }
        if let Some(cap) = best_cap {
            pods = pack(chunks.iter().copied(), cap, spines_for);
        }
        let divisors = pack_divisors(&chunks, leaf_up, spine_down, spines_for);
        if cost(&divisors) < cost(&pods) {
            pods = divisors;
        }
    }
    let spines: u64 = pods.iter().map(|p| u64::from(p.spines)).sum();
    let cores_for =
        |spines: u64| u32::try_from((spines * u64::from(radix / 2)).div_ceil(u64::from(radix))).unwrap_or(u32::MAX);
    let cores = cores_for(spines);
    let ideal_spines = u64::from(ideal(total_leaves).unwrap_or(u32::MAX));
    let surplus = (spines > ideal_spines).then(|| {
        let lpr = sus.iter().map(|s| leaves_per_rail(s.nodes, leaf_down)).max().unwrap_or(0);
        ((spines - ideal_spines) as u32, cores.saturating_sub(cores_for(ideal_spines)), lpr)
    });
    (PlaneDesign { plane, first_rail, rails, pods, cores }, surplus)
}

/// Packs members in order into pods whose leaf counts divide a leaf's uplinks (so striping is even with as
/// many spines as leaves): the largest such size that whole members fill exactly, then smaller ones; the rest,
/// which no such size fills, in pods of at most `spine_down` leaves.
fn pack_divisors(
    members: &[((u32, u32, u32), u32)],
    leaf_up: u32,
    spine_down: u32,
    spines_for: impl Fn(u32) -> u32,
) -> Vec<PodDesign> {
    let sizes: Vec<u32> = (1..=spine_down.min(leaf_up)).rev().filter(|d| leaf_up.is_multiple_of(*d)).collect();
    let mut bounds: Vec<usize> = Vec::new();
    let mut start = 0;
    'pods: while start < members.len() {
        for &size in &sizes {
            let mut sum = 0;
            let mut end = start;
            while end < members.len() && sum < size {
                sum += members[end].1;
                end += 1;
            }
            if sum == size {
                bounds.push(end);
                start = end;
                continue 'pods;
            }
        }
        break;
    }
    let mut pods = Vec::with_capacity(bounds.len() + 1);
    let mut from = 0;
    for &to in &bounds {
        pods.extend(pack(members[from..to].iter().copied(), u32::MAX, &spines_for));
        from = to;
    }
    // The rest, which no dividing size fills, in pods no larger than a spine reaches.
    if from < members.len() {
        pods.extend(pack(members[from..].iter().copied(), spine_down, &spines_for));
    }
    for (n, pod) in pods.iter_mut().enumerate() {
        pod.pod = n as u32;
    }
    pods
}

/// What [`pack`] with `cap` would cost, as (more pods than `radix`, spines, pods), without building it.
fn pack_cost(
    members: &[((u32, u32, u32), u32)],
    cap: u32,
    radix: u32,
    spines_for: impl Fn(u32) -> u32,
) -> (bool, u64, usize) {
    let (mut spines, mut pods, mut leaves) = (0_u64, 0_usize, 0_u32);
    for &(_, l) in members {
        if leaves > 0 && leaves + l > cap {
            spines += u64::from(spines_for(leaves));
            pods += 1;
            leaves = 0;
        }
        leaves += l;
    }
    spines += u64::from(spines_for(leaves));
    pods += 1;
    (pods > radix as usize, spines, pods)
}

/// Packs members (an SU's rails and their leaves) in order into pods of at most `cap` leaves.
fn pack(
    members: impl Iterator<Item = ((u32, u32, u32), u32)>,
    cap: u32,
    spines_for: impl Fn(u32) -> u32,
) -> Vec<PodDesign> {
    let mut pods: Vec<PodDesign> = Vec::new();
    let mut current = PodDesign { pod: 0, sus: Vec::new(), members: Vec::new(), leaves: 0, spines: 0 };
    for ((su, first, n), leaves) in members {
        if !current.members.is_empty() && current.leaves + leaves > cap {
            let next = PodDesign { pod: current.pod + 1, sus: Vec::new(), members: Vec::new(), leaves: 0, spines: 0 };
            pods.push(std::mem::replace(&mut current, next));
        }
        // Consecutive rails of one SU merge into one member.
        match current.members.last_mut() {
            Some((s, f, r)) if *s == su && *f + *r == first => *r += n,
            _ => current.members.push((su, first, n)),
        }
        if current.sus.last() != Some(&su) {
            current.sus.push(su);
        }
        current.leaves += leaves;
    }
    pods.push(current);
    for pod in &mut pods {
        pod.spines = spines_for(pod.leaves);
    }
    pods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sus(count: u32, nodes: u32) -> Vec<SuDemand> {
        (0..count).map(|su| SuDemand { su, nodes }).collect()
    }

    #[test]
    fn no_pod_holds_more_leaves_than_a_spine_reaches() {
        // 144-node SUs on 8 rails at radix 64: 5 leaves per rail, 40 per SU — more than a spine's 32 downlinks, so
        // whole-SU pods cannot stripe (the first spines would take every leaf's links); pods of whole rails can.
        let d = design_fabric(&[SuDemand { su: 8, nodes: 144 }, SuDemand { su: 9, nodes: 144 }], 8, 64);
        assert_eq!(d.tiers, 3);
        for pod in d.planes.iter().flat_map(|p| &p.pods) {
            assert!(pod.leaves <= 32, "pod {} has {} leaves", pod.pod, pod.leaves);
            assert_eq!((pod.leaves * 32) % pod.spines, 0, "pod {} stripes evenly", pod.pod);
        }
        assert_eq!(d.leaves, 80);
    }

    #[test]
    fn superpod_h100_reference_table() {
        // DGX H100 SuperPOD RA (QM9700, 64 ports): 1/2/4 SU → 8/16/32 leaves, 4/8/16 spines,
        // 256/512/1,024 leaf–spine cables; two tiers.
        for (su, leaves, spines, leaf_spine) in [(1, 8, 4, 256), (2, 16, 8, 512), (4, 32, 16, 1024)] {
            let d = design_fabric(&sus(su, 32), 8, 64);
            assert_eq!((d.leaves, d.spines, d.cores, d.tiers), (leaves, spines, 0, 2), "{su} SU");
            assert_eq!(d.leaf_spine_links, leaf_spine, "{su} SU");
            assert_eq!(d.node_leaf_links, u64::from(su) * 32 * 8);
        }
    }

    #[test]
    fn b200_reference_table_three_tiers() {
        // DGX B200 RA: 8 SU two tiers 64/32; 16/32/64 SU three tiers 128/128/64, 256/256/128, 512/512/256;
        // leaf–spine and spine–core cables equal the GPU count.
        let d = design_fabric(&sus(8, 32), 8, 64);
        assert_eq!((d.leaves, d.spines, d.cores, d.tiers), (64, 32, 0, 2));
        for (su, l, s, c) in [(16, 128, 128, 64), (32, 256, 256, 128), (64, 512, 512, 256)] {
            let d = design_fabric(&sus(su, 32), 8, 64);
            assert_eq!((d.leaves, d.spines, d.cores, d.tiers), (l, s, c, 3), "{su} SU");
            let gpus = u64::from(su) * 256;
            assert_eq!((d.node_leaf_links, d.leaf_spine_links, d.spine_core_links), (gpus, gpus, gpus));
            assert_eq!(d.planes.len(), 1);
        }
    }

    #[test]
    fn b300_xdr_spines_stripe_uplinks() {
        // B300-XDR RA (144-port Q3400, 72 nodes per SU): 1/8/18 SU → 8/64/144 leaves, 4/36/72 spines.
        for (su, l, s) in [(1, 8, 4), (8, 64, 36), (18, 144, 72)] {
            let d = design_fabric(&sus(su, 72), 8, 144);
            assert_eq!((d.leaves, d.spines, d.cores), (l, s, 0), "{su} SU");
        }
    }

    #[test]
    fn splits_into_planes_beyond_three_tiers() {
        // radix 64 → 65,536 ports per plane; 128 SU × 32 nodes × 8 rails = 32,768 ports fit in one plane…
        assert_eq!(three_tier_capacity(64), 65_536);
        let d = design_fabric(&sus(128, 32), 8, 64);
        assert_eq!(d.planes.len(), 1);
        // …and 512 SU (131,072 ports) need two planes of 4 rails each.
        let d = design_fabric(&sus(512, 32), 8, 64);
        assert_eq!(d.planes.len(), 2);
        assert!(d.fits);
        assert_eq!(d.planes.iter().map(|p| p.rails).collect::<Vec<_>>(), vec![4, 4]);
        assert_eq!(d.leaves, 512 * 8);
        for p in &d.planes {
            let leaves: u32 = p.pods.iter().map(|pod| pod.leaves).sum();
            assert!(u64::from(leaves) * 32 <= three_tier_capacity(64));
        }
    }

    #[test]
    fn reports_when_even_planes_do_not_fit() {
        // One rail whose SUs need more leaves than a radix-4 three-tier plane holds.
        let d = design_fabric(&sus(20, 4), 1, 4);
        assert!(!d.fits);
    }

    #[test]
    fn small_and_empty() {
        // Even a part-filled SU gets spines, as in the SuperPOD RA (31 nodes → 8 leaves, 4 spines).
        let d = design_fabric(&sus(1, 31), 8, 64);
        assert_eq!((d.tiers, d.leaves, d.spines), (2, 8, 4));
        let d = design_fabric(&[], 8, 64);
        assert_eq!((d.tiers, d.leaves), (0, 0));
    }

    #[test]
    fn nvl72_on_qm9700_packs_pods_by_rail_and_states_the_surplus() {
        // 8 SU × 144 trays, 4 rails, radix 64: ceil(144 / 32) = 5 leaves per rail, 20 per SU, 160 leaves.
        // Whole-SU pods of 20 leaves need 32 spines each (the smallest divisor of 32 uplinks ≥ 20): 256 spines,
        // 128 cores. Pods of whole rails (5 leaves): pods of 30 leaves (6 rails) → 32 spines each; 160 = 5 × 30
        // + 10 and the last pod of 10 leaves needs 16 → 5 × 32 + 16 = 176 spines, 176 × 32 / 64 = 88 cores.
        // A non-blocking tree needs 160 spines and 80 cores: the surplus is 16 spines, 8 cores, 512 cables.
        let d = design_fabric(&sus(8, 144), 4, 64);
        assert_eq!((d.leaves, d.spines, d.cores, d.tiers), (160, 176, 88, 3));
        assert_eq!(d.planes[0].pods.len(), 6);
        let s = d.striping_surplus.unwrap_or_else(|| panic!("no surplus stated"));
        assert_eq!((s.spines, s.cores, s.spine_core_links, s.leaves_per_rail), (16, 8, 512, 5));
        // Every rail of every SU is in exactly one pod.
        for su in 0..8 {
            for rail in 0..4 {
                assert_eq!(d.planes[0].pods.iter().filter(|p| p.holds(su, rail)).count(), 1, "SU {su} rail {rail}");
            }
        }
        // 21 SU × 64 nodes × 8 rails on radix 128 (64 down): 1 leaf per rail, 168 leaves. Whole-SU pods of 64
        // leave a last pod of 40 (64 spines, the smallest divisor of 64 ≥ 40); pods sized to divide 64 take it as
        // 32 + 8: 64 + 64 + 32 + 8 = 168 spines = leaves, no surplus; cores 168 × 64 / 128 = 84.
        let d = design_fabric(&sus(21, 64), 8, 128);
        assert_eq!((d.leaves, d.spines, d.cores, d.striping_surplus), (168, 168, 84, None));
        assert_eq!(d.planes[0].pods.iter().map(|p| p.leaves).collect::<Vec<_>>(), vec![64, 64, 32, 8]);
        // The SuperPOD tables pack whole SUs and have no surplus.
        assert_eq!(design_fabric(&sus(16, 32), 8, 64).striping_surplus, None);
    }

    #[test]
    fn striping() {
        assert_eq!(striped_count(64 * 72, 144, 72), 36);
        assert_eq!(striped_count(8 * 32, 64, 32), 4);
        assert_eq!(striped_count(0, 64, 32), 0);
        // No divisor between 5 and 4 → the minimum.
        assert_eq!(striped_count(20, 4, 4), 5);
    }
}
