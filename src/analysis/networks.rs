//! The networks beside the compute fabric — storage / front-end (north–south) and in-band management — each sized
//! from what the GPU types declare (`gpu.networks`: ports per server, speed, switch type) and, for storage, the
//! storage racks' own ports; and the storage racks a design needs from the capacity and bandwidth it states.
//!
//! These networks are sized, not placed: each is a non-blocking fat tree of its switch type (one switch when its
//! ports fit one; two tiers up to radix²/2 ports; three beyond), its links counted tier by tier with the length
//! of the compute fabric's links of the same tier in this hall (an estimate: their switches would stand in the
//! same network rows), and their cables and optics bought as the compute fabric's are.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cables::StockBin;
use super::cost::BomRow;
use super::media::Media;
use super::parts::{End, LinkKind, PartTally};
use super::{CableReport, PartCount, Severity, Warning, warn};
use crate::model::{EquipmentKind, EquipmentType, Layout, SideNetwork, TypeId};

/// Length a side network's link is taken at when the hall has no compute link of that tier to go by, in metres
/// (assumption: a row-to-network-row run in a small hall).
pub const FALLBACK_LINK_M: f64 = 30.0;

/// One network beside the compute fabric, sized.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SideNetworkReport {
    /// Which network (`"storage / front-end"`, `"in-band management"`).
    pub name: String,
    /// The switch type it is built of.
    pub switch_type: String,
    /// Speed of its links in Gb/s.
    pub port_gbps: u32,
    /// Server ports on it.
    pub server_ports: u64,
    /// Storage-rack ports on it (the storage network only).
    pub storage_ports: u64,
    /// Tiers of its fat tree (1 to 3).
    pub tiers: u32,
    /// Leaf switches.
    pub leaf_switches: u64,
    /// Spine switches.
    pub spine_switches: u64,
    /// Core switches.
    pub core_switches: u64,
    /// Links, every tier.
    pub links: u64,
    /// Their length, every tier (estimated from the compute fabric's links), metres.
    pub cable_length_m: f64,
    /// Transceivers its links take.
    pub transceivers: u64,
    /// Its switches' maximum power, kW (design basis; not in the hall's IT totals until placed).
    pub switch_power_kw: f64,
}

/// The storage a design states and what it takes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StorageSizing {
    /// Capacity stated, PB (0: not stated).
    pub stated_pb: f64,
    /// Read bandwidth stated per GPU, GB/s (0: not stated).
    pub stated_gb_per_s_per_gpu: f64,
    /// Read bandwidth that makes, GB/s.
    pub needed_gb_per_s: f64,
    /// Storage racks it takes (0 when nothing is stated or no storage type says its figures).
    pub required_racks: u64,
    /// Storage racks placed.
    pub placed_racks: u64,
    /// Their usable capacity, PB.
    pub placed_pb: f64,
    /// Their read bandwidth, GB/s.
    pub placed_gb_per_s: f64,
}

/// The side networks' sizing, their parts and their switches as bill-of-materials rows.
pub(crate) struct Sized {
    pub networks: Vec<SideNetworkReport>,
    pub storage: StorageSizing,
    pub parts: Vec<PartCount>,
    pub switch_rows: Vec<BomRow>,
}

/// Switches of a non-blocking fat tree of radix `r` with `p` end ports: (tiers, leaves, spines, cores, links).
/// One switch holds `p ≤ r`; two tiers hold `p ≤ r²/2` (leaves of r/2 down and r/2 up, spines of r down); three
/// tiers beyond (leaves and aggregation switches as above, cores of r down).
pub fn fat_tree(p: u64, r: u32) -> (u32, u64, u64, u64, u64) {
    let r = u64::from(r.max(2));
    if p == 0 {
        return (0, 0, 0, 0, 0);
    }
    if p <= r {
        return (1, 1, 0, 0, p);
    }
    let leaves = p.div_ceil(r / 2);
    if p <= r * r / 2 {
        return (2, leaves, p.div_ceil(r), 0, 2 * p);
    }
    (3, leaves, leaves, p.div_ceil(r), 3 * p)
}

/// Average length of a compute link of a tier in this hall, or the fallback.
fn tier_length_m(total_m: f64, count: u64) -> f64 {
    if count > 0 { total_m / count as f64 } else { FALLBACK_LINK_M }
}

/// Sizes the networks the hall's GPU servers declare and the storage the hall states. `servers` is the servers
/// installed of each catalog type (in catalog order), `cables` the compute fabric's (for link lengths).
pub(crate) fn size(layout: &Layout, servers: &[u64], gpus: u64, cables: &CableReport, out: &mut Vec<Warning>) -> Sized {
    let catalog = &layout.catalog;
    // (network, switch, gbps) → server ports.
    let mut demand: BTreeMap<(SideNetwork, TypeId, u32), u64> = BTreeMap::new();
    let mut storage = StorageSizing {
        stated_pb: layout.hall.settings.storage_pb,
        stated_gb_per_s_per_gpu: layout.hall.settings.storage_gb_per_s_per_gpu,
        ..StorageSizing::default()
    };
    let mut storage_ports: BTreeMap<u32, u64> = BTreeMap::new();
    let mut storage_type: Option<&EquipmentType> = None;
    for (ty, &n) in catalog.types.iter().zip(servers) {
        if n == 0 {
            continue;
        }
        for net in ty.gpu.iter().flat_map(|g| &g.networks) {
            *demand.entry((net.network, net.switch.clone(), net.gbps)).or_default() += n * u64::from(net.ports);
        }
        if ty.kind == EquipmentKind::StorageRack {
            storage.placed_racks += n;
            if let Some(st) = &ty.storage {
                storage.placed_pb += st.usable_pb * n as f64;
                storage.placed_gb_per_s += st.read_gb_per_s * n as f64;
                *storage_ports.entry(st.port_gbps).or_default() += n * u64::from(st.ports);
                storage_type.get_or_insert(ty);
            }
        }
    }
    // The storage racks' ports join the storage network at their speed.
    let storage_net = demand.keys().find(|k| k.0 == SideNetwork::Storage).cloned();
    let mut storage_added: BTreeMap<(SideNetwork, TypeId, u32), u64> = BTreeMap::new();
    if let Some((_, sw, _)) = &storage_net {
        for (&gbps, &p) in &storage_ports {
            *storage_added.entry((SideNetwork::Storage, sw.clone(), gbps)).or_default() += p;
        }
    }

    let node_m = tier_length_m(cables.length_by_tier_m.node_leaf, cables.by_tier.node_leaf);
    let up_m = tier_length_m(cables.length_by_tier_m.leaf_spine, cables.by_tier.leaf_spine);
    let core_m = tier_length_m(cables.length_by_tier_m.spine_core, cables.by_tier.spine_core);
    let mut tally = PartTally::default();
    let mut networks = Vec::new();
    let mut switches: BTreeMap<TypeId, u64> = BTreeMap::new();
    let mut rack = 0_u32;
    let keys: Vec<_> = demand
        .keys()
        .chain(storage_added.keys())
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for key in keys {
        let (network, sw_id, gbps) = &key;
        let Some(sw_ty) = catalog.get(sw_id) else { continue };
        let Some(sw) = &sw_ty.switch else { continue };
        let server_ports = demand.get(&key).copied().unwrap_or(0);
        let st_ports = storage_added.get(&key).copied().unwrap_or(0);
        let p = server_ports + st_ports;
        let radix = sw.radix_at(*gbps);
        let (tiers, leaves, spines, cores, links) = fat_tree(p, radix);
        let per_cage = sw.links_per_cage(*gbps);
        let mut length_m = 0.0;
        let before = tally.finish().1;
        // Tier by tier: end ports to leaves, leaves up, aggregation up.
        let end_kind = |rack: u32, switches: u64| LinkKind {
            gbps: *gbps,
            a: End::Nic { per_cage: 1 },
            b: End::Switch { rack, per_cage, switches: switches.min(u64::from(u32::MAX)) as u32 },
            pairs: 1,
        };
        let up_kind = |rack: u32, a: u64, b: u64| LinkKind {
            gbps: *gbps,
            a: End::Switch { rack, per_cage, switches: a.min(u64::from(u32::MAX)) as u32 },
            b: End::Switch { rack: rack + 1, per_cage, switches: b.min(u64::from(u32::MAX)) as u32 },
            pairs: 1,
        };
        let mut add = |kind: LinkKind, count: u64, m: f64| {
            if count == 0 {
                return;
            }
            let bin = StockBin::of(m);
            tally.add(kind, Media::for_link(bin.stock_m, *gbps), bin.bin, bin.stock_m, count, 1);
            length_m += m * count as f64;
        };
        add(end_kind(rack, leaves), p, node_m);
        if tiers >= 2 {
            add(up_kind(rack + 1, leaves, spines), p, up_m);
        }
        if tiers == 3 {
            add(up_kind(rack + 3, spines, cores), p, core_m);
        }
        rack += 5;
        let transceivers = tally.finish().1 - before;
        let count = leaves + spines + cores;
        *switches.entry(sw_id.clone()).or_default() += count;
        networks.push(SideNetworkReport {
            name: network.label().to_owned(),
            switch_type: sw_ty.name.clone(),
            port_gbps: *gbps,
            server_ports,
            storage_ports: st_ports,
            tiers,
            leaf_switches: leaves,
            spine_switches: spines,
            core_switches: cores,
            links,
            cable_length_m: length_m,
            transceivers,
            switch_power_kw: sw_ty.power_peak_kw * count as f64,
        });
    }

    // Storage racks from the stated capacity and bandwidth.
    storage.needed_gb_per_s = storage.stated_gb_per_s_per_gpu * gpus as f64;
    let stated = storage.stated_pb > 0.0 || storage.needed_gb_per_s > 0.0;
    let spec = storage_type
        .or_else(|| catalog.types.iter().find(|t| t.storage.is_some()))
        .and_then(|t| t.storage.map(|s| (t, s)));
    if stated {
        match spec {
            Some((t, st)) => {
                let by_pb = if st.usable_pb > 0.0 { (storage.stated_pb / st.usable_pb).ceil() } else { 0.0 };
                let by_bw =
                    if st.read_gb_per_s > 0.0 { (storage.needed_gb_per_s / st.read_gb_per_s).ceil() } else { 0.0 };
                storage.required_racks = by_pb.max(by_bw).min(1e12) as u64;
                if storage.placed_racks < storage.required_racks {
                    warn(
                        out,
                        "storage-short",
                        Severity::Warning,
                        format!(
                            "the design states {} PB and {} GB/s per GPU ({:.0} GB/s for {gpus} GPUs): that takes {} \
                             {} ({:.1} PB and {:.0} GB/s each); {} placed — place {} more",
                            storage.stated_pb,
                            storage.stated_gb_per_s_per_gpu,
                            storage.needed_gb_per_s,
                            storage.required_racks,
                            t.name,
                            st.usable_pb,
                            st.read_gb_per_s,
                            storage.placed_racks,
                            storage.required_racks - storage.placed_racks
                        ),
                        Vec::new(),
                    );
                }
            }
            None => warn(
                out,
                "storage-unsized",
                Severity::Warning,
                "the design states its storage, but no storage rack type in it gives its capacity and bandwidth \
                 (`storage`); place a storage rack of a type that does"
                    .into(),
                Vec::new(),
            ),
        }
    }

    let switch_rows = switches
        .into_iter()
        .filter_map(|(id, quantity)| {
            let ty = catalog.get(&id)?;
            let super::cost::TypePrice { usd, source, assumption, basis } = super::cost::type_price(layout, ty);
            let usd = usd.unwrap_or(0.0);
            (quantity > 0).then(|| BomRow {
                category: "network",
                part: format!("{id} (networks beside the fabric)"),
                description: format!("{} — storage and in-band networks, sized (not placed)", ty.name),
                manufacturer: ty.manufacturer.clone(),
                part_number: ty.part_number.clone(),
                quantity,
                spares: 0,
                unit: "switch",
                unit_price_usd: usd,
                extended_usd: usd * quantity as f64,
                source,
                assumption,
                basis,
            })
        })
        .collect();
    let (parts, _) = tally.finish();
    Sized { networks, storage, parts, switch_rows }
}

/// Parts lists added together: the same part at the same stock length once, its quantities summed.
pub(crate) fn merged_parts(a: &[PartCount], b: &[PartCount]) -> Vec<PartCount> {
    let mut out: Vec<PartCount> = a.to_vec();
    for p in b {
        match out.iter_mut().find(|q| q.part == p.part && q.length_m == p.length_m) {
            Some(q) => q.quantity += p.quantity,
            None => out.push(p.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fat_tree;

    #[test]
    fn fat_trees_by_hand() {
        // 12,500 ports (Colossus's 9th NIC at 100k GPUs) on a 128-port (at 400G) SN5600: more than 128²/2 =
        // 8,192, so three tiers: 12,500 / 64 = 196 leaves (195.3 up), 196 aggregation, 12,500 / 128 = 98 cores,
        // 3 × 12,500 links.
        assert_eq!(fat_tree(12_500, 128), (3, 196, 196, 98, 37_500));
        // 256 ports (32 DGX × 2 × 400G storage ports... of one SU × 4) on a 64-port QM9700: 2 tiers, 8 leaves,
        // 4 spines, 512 links; 40 ports: one switch.
        assert_eq!(fat_tree(256, 64), (2, 8, 4, 0, 512));
        assert_eq!(fat_tree(40, 64), (1, 1, 0, 0, 40));
        assert_eq!(fat_tree(0, 64), (0, 0, 0, 0, 0));
    }
}
