//! The generator's fabrics: a fat tree per GPU generation (the analysis' own sizing), planes numbered hall-wide,
//! and the switch racks that hold its leaves (per SU), spines (per pod) and cores (per plane).

use crate::analysis::fabric::{FabricDesign, SuDemand, design_fabric, leaves_per_rail};
use crate::model::{EquipmentType, SwitchFill, SwitchRole, SwitchSpec, TypeId};

use super::{NETWORK_RACK_RESERVED_U, SWITCHES_PER_NETWORK_RACK};

/// One fabric of a hall: the GPUs with these rails and port speed, sized, with its planes numbered from
/// `plane_offset`.
pub(in crate::generate) struct PlannedFabric {
    /// (rails per server, Gb/s per port).
    pub key: (u32, u32),
    /// The sized fat tree.
    pub design: FabricDesign,
    /// Number of its first plane in the hall.
    pub plane_offset: u32,
}

/// The fabrics of a hall from its SUs (`(demand, (rails, gbps), GPUs)`): one per rails-and-speed generation, in
/// the analysis' order (most GPUs first, then rails, then speed), planes numbered on from the previous fabric's.
pub(in crate::generate) fn plan_fabrics(sus: &[(SuDemand, (u32, u32), u64)], sw: &SwitchSpec) -> Vec<PlannedFabric> {
    let mut fabrics: Vec<((u32, u32), u64)> = Vec::new();
    for &(_, key, gpus) in sus {
        match fabrics.iter_mut().find(|(k, _)| *k == key) {
            Some(f) => f.1 += gpus,
            None => fabrics.push((key, gpus)),
        }
    }
    fabrics.sort_by_key(|&((rails, gbps), gpus)| (std::cmp::Reverse(gpus), rails, gbps));
    let mut out = Vec::with_capacity(fabrics.len());
    let mut plane_offset = 0;
    for &((rails, gbps), _) in &fabrics {
        let demand: Vec<SuDemand> = sus.iter().filter(|(_, k, _)| *k == (rails, gbps)).map(|(s, _, _)| *s).collect();
        let design = design_fabric(&demand, rails, sw.radix_at(gbps));
        let planes = design.planes.len() as u32;
        out.push(PlannedFabric { key: (rails, gbps), design, plane_offset });
        plane_offset += planes;
    }
    out
}

/// Servers per SU of a rack type added to a hall whose SUs have `su_servers`: that many, rounded up to whole racks
/// of `rack_servers` (at least one rack).
pub(in crate::generate) fn added_su_servers(su_servers: u32, rack_servers: u32) -> u32 {
    let rack = rack_servers.max(1);
    su_servers.max(1).div_ceil(rack) * rack
}

/// Compute switches one network rack holds.
pub(in crate::generate) fn switches_per_rack(network_rack: &EquipmentType, sw: &SwitchSpec) -> u32 {
    (network_rack.rack_units.saturating_sub(NETWORK_RACK_RESERVED_U) / sw.rack_units.max(1))
        .clamp(1, SWITCHES_PER_NETWORK_RACK)
}

pub(super) fn mgmt_fill(model: &TypeId, count: u32) -> SwitchFill {
    SwitchFill::new(model.clone(), count, SwitchRole::Management)
}

/// Leaf racks of one SU: per plane, the SU's rails in chunks that fit a rack and never span two pods.
pub(in crate::generate) fn leaf_fills(
    design: &FabricDesign,
    s: &SuDemand,
    model: &TypeId,
    cap: u32,
    plane_offset: u32,
) -> Vec<SwitchFill> {
    let lpr = leaves_per_rail(s.nodes, design.leaf_down);
    let rails_per_rack = (cap / lpr.max(1)).max(1);
    let mut out = Vec::new();
    for plane in &design.planes {
        let pod_of = |rail: u32| plane.pods.iter().find(|p| p.holds(s.su, rail)).map_or(0, |p| p.pod);
        let end = plane.first_rail + plane.rails;
        let mut rail = plane.first_rail;
        while rail < end {
            let pod = pod_of(rail);
            let mut n = 1;
            while n < rails_per_rack && rail + n < end && pod_of(rail + n) == pod {
                n += 1;
            }
            out.push(SwitchFill {
                plane: plane_offset + plane.plane,
                pod,
                su: s.su,
                first_rail: rail,
                rails: n,
                ..SwitchFill::new(model.clone(), n * lpr, SwitchRole::Leaf)
            });
            rail += n;
        }
    }
    out
}

/// Spine racks of every pod, then core racks of every plane.
pub(in crate::generate) fn spine_core_fills(
    design: &FabricDesign,
    model: &TypeId,
    cap: u32,
    plane_offset: u32,
) -> Vec<SwitchFill> {
    let mut out = Vec::new();
    let chunks = |total: u32| (0..total.div_ceil(cap)).map(move |k| (k * cap, cap.min(total - k * cap)));
    for plane in &design.planes {
        for pod in &plane.pods {
            for (first, count) in chunks(pod.spines) {
                out.push(SwitchFill {
                    plane: plane_offset + plane.plane,
                    pod: pod.pod,
                    first_index: first,
                    ..SwitchFill::new(model.clone(), count, SwitchRole::Spine)
                });
            }
        }
        for (first, count) in chunks(plane.cores) {
            out.push(SwitchFill {
                plane: plane_offset + plane.plane,
                first_index: first,
                ..SwitchFill::new(model.clone(), count, SwitchRole::Core)
            });
        }
    }
    out
}
