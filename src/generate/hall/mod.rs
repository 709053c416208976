//! The hall generator.
//!
//! Plan (rows run along x; tiles of 0.6 m):
//! - one array per scalable unit: `[in-row CDUs] [PDU A][PDU B] racks… [PDU A][PDU B] racks… leaf racks, mgmt rack`,
//!   a new A/B PDU pair starting whenever the next rack would push the current pair past its usable capacity
//!   (each PDU of a 2N pair must carry the whole load alone);
//! - arrays side by side with cross aisles, rows alternating front-to-front (cold aisle) and back-to-back (hot
//!   aisle), a cable tray above every row and along every cross aisle;
//! - spine, core and storage racks in network rows at the top, powered the same way;
//! - CRAH galleries along the top and bottom walls sized for the air heat with a spare per ten units (N+1);
//! - building columns in the hot aisles of the cross aisles.

mod fabric;
mod floor_plan;

pub(super) use fabric::{
    PlannedFabric, added_su_servers, leaf_fills, plan_fabrics, spine_core_fills, switches_per_rack,
};

use super::{GenerateError, HallParams, MAX_GPUS};
use crate::analysis::fabric::SuDemand;
use crate::analysis::item_power_kw;
use crate::io::builtin_catalog;
use crate::model::{
    Catalog, CoolingMedium, CoolingSpec, EquipmentKind, EquipmentType, HallSettings, Item, ItemId, Layout, SwitchFill,
    SwitchRole, SwitchSpec, TypeId, mm_of,
};
use crate::units::PDU_CONTINUOUS_DERATE;
use fabric::mgmt_fill;

/// In-row CDU type for racks a preset's in-rack CDU cannot cool.
const INROW_CDU: &str = "cdu-inrow-1500";
/// Empty-rack type network and management switches go in.
pub(super) const NETWORK_RACK: &str = "rack-network-48u";
/// Storage / CPU rack type.
const STORAGE_RACK: &str = "rack-storage-48u";
/// Rack units kept free in a network rack for patch panels and management (planning assumption).
const NETWORK_RACK_RESERVED_U: u32 = 8;
/// Most compute switches one network rack holds (power and cabling density; planning assumption).
const SWITCHES_PER_NETWORK_RACK: u32 = 16;
/// Margin between the walls and the equipment, in tiles (≥ 1.2 m from perimeter walls).
const WALL_MARGIN_TILES: i32 = 4;
/// Clearance between CRAH galleries and racks, in tiles (≥ 1.8 m from CRAC units).
const CRAH_CLEARANCE_TILES: i32 = 3;
/// Overhead tray height in metres (planning assumption).
const TRAY_HEIGHT_M: f64 = 3.0;

fn lookup<'a>(catalog: &'a Catalog, id: &TypeId, kind: EquipmentKind) -> Result<&'a EquipmentType, GenerateError> {
    let t = catalog.get(id).ok_or_else(|| GenerateError::BadType(id.clone(), "not in the built-in catalog".into()))?;
    if t.kind != kind {
        return Err(GenerateError::BadType(id.clone(), format!("is a {}, not a {}", t.kind.label(), kind.label())));
    }
    Ok(t)
}

/// Metres rounded to the millimetre, so generated files carry `27.6`, not `27.599999999999998`.
fn mm(m: f64) -> f64 {
    (m * 1000.0).round() / 1000.0
}

fn tiles(m: f64, tile_m: f64) -> i32 {
    ((m / tile_m) - 1e-9).ceil().max(1.0) as i32
}

/// One thing to place in a row, before positions are known.
#[derive(Clone, Debug)]
enum Slot {
    /// A group of PDUs side by side, one per feed the racks after it take (2: A and B; 3: A, B and C).
    Pdus(u32),
    /// A floor CDU for the racks of type `kind` (index in `Types::racks`).
    Cdu(usize),
    /// `kind`: index of the rack type in `Types::racks`.
    GpuRack {
        servers: u32,
        su: u32,
        kind: usize,
    },
    Switches(SwitchFill),
    Storage,
}

/// A placed slot's power: the PDU group it hangs on and its peak kW.
struct Stream {
    slots: Vec<Slot>,
    /// Peak kW one PDU group carries: one PDU's usable kW, so each PDU of the group carries the whole group when
    /// the others are lost (a 2N site has two paths: a third feed shares one, and that path's loss leaves one).
    usable_kw: f64,
    feeds: u32,
    load_kw: f64,
}

impl Stream {
    fn new(usable_kw: f64, feeds: u32) -> Self {
        Self { slots: Vec::new(), usable_kw, feeds, load_kw: f64::INFINITY }
    }

    /// Adds an IT slot drawing `peak_kw`, starting a new PDU group first when needed.
    fn push_it(&mut self, slot: Slot, peak_kw: f64) {
        if self.load_kw + peak_kw > self.usable_kw + 1e-9 {
            self.slots.push(Slot::Pdus(self.feeds));
            self.load_kw = 0.0;
        }
        self.load_kw += peak_kw;
        self.slots.push(slot);
    }
}

/// Feeds a rack of this type takes: 3 when its servers' supplies spread over two feeds keep less than a server's
/// maximum draw with one lost (a DGX H100: 3 of 6 × 3.3 kW = 9.9 kW < 10.2 kW; NVIDIA's DGX racks take three rack
/// PDUs), else 2.
fn feeds_for(rack: &EquipmentType) -> u32 {
    if rack.feed_loss_shortfall(2).is_some() { 3 } else { 2 }
}

/// The catalog types a hall is built of, with the figures the generator needs from them.
struct Types<'a> {
    /// GPU rack types: the hall's, then any added ones.
    racks: Vec<&'a EquipmentType>,
    pdu: &'a EquipmentType,
    switch: &'a EquipmentType,
    mgmt: Option<&'a EquipmentType>,
    cdu: Option<&'a EquipmentType>,
    /// The CDU of each rack type (by `racks` index): the preset's, or — where the preset mounts a CDU in each rack
    /// and a type's liquid heat is more than it carries (an NVL72 in a Colossus-style hall) — in-row CDUs.
    cdu_of: Vec<Option<&'a EquipmentType>>,
    crah: &'a EquipmentType,
    rear_door: Option<&'a EquipmentType>,
    network_rack: &'a EquipmentType,
    storage: &'a EquipmentType,
    /// The compute switch's figures.
    sw: &'a SwitchSpec,
    /// The CRAH's figures.
    crah_spec: &'a CoolingSpec,
    /// Usable kW of one PDU (kVA × power factor × the continuous derating).
    usable_kw: f64,
}

impl<'a> Types<'a> {
    /// The types the parameters name, from the built-in catalog, checked to be what the generator needs.
    fn of(params: &HallParams) -> Result<Types<'static>, GenerateError> {
        let catalog = builtin_catalog();
        let mut racks = vec![lookup(catalog, &params.rack_type, EquipmentKind::GpuRack)?];
        for a in &params.add {
            racks.push(lookup(catalog, &a.rack_type, EquipmentKind::GpuRack)?);
        }
        let switch = lookup(catalog, &params.switch_type, EquipmentKind::Switch)?;
        let pdu = lookup(catalog, &params.pdu_type, EquipmentKind::Pdu)?;
        let crah = lookup(catalog, &params.crah_type, EquipmentKind::Cooling)?;
        let (Some(sw), Some(pdu_spec), Some(crah_spec)) = (&switch.switch, &pdu.pdu, &crah.cooling) else {
            return Err(GenerateError::BadType(
                params.switch_type.clone(),
                "lacks the figures the generator needs".into(),
            ));
        };
        let mut t = Types {
            cdu_of: Vec::new(),
            racks,
            pdu,
            switch,
            mgmt: params.management_switch.as_ref().map(|id| lookup(catalog, id, EquipmentKind::Switch)).transpose()?,
            cdu: params.cdu_type.as_ref().map(|id| lookup(catalog, id, EquipmentKind::Cooling)).transpose()?,
            crah,
            rear_door: params
                .rear_door_type
                .as_ref()
                .map(|id| lookup(catalog, id, EquipmentKind::Cooling))
                .transpose()?,
            network_rack: lookup(catalog, &NETWORK_RACK.into(), EquipmentKind::NetworkRack)?,
            storage: lookup(catalog, &STORAGE_RACK.into(), EquipmentKind::StorageRack)?,
            sw,
            crah_spec,
            usable_kw: pdu_spec.capacity_kva * HallSettings::default().power_factor * PDU_CONTINUOUS_DERATE,
        };
        if crah_spec.medium != CoolingMedium::Air {
            return Err(GenerateError::BadType(params.crah_type.clone(), "is not an air (CRAH) unit".into()));
        }
        if let Some(c) = t.cdu.and_then(|c| c.cooling.as_ref())
            && c.medium != CoolingMedium::Liquid
        {
            return Err(GenerateError::BadType(params.cdu_type.clone().unwrap_or_default(), "is not a CDU".into()));
        }
        // A rack whose liquid heat the preset's in-rack CDU cannot carry at the generated site's water gets in-row
        // CDUs on its SU's loop instead.
        let water_c = crate::model::site::DEFAULT_FACILITY_WATER_C;
        let inrow = lookup(catalog, &INROW_CDU.into(), EquipmentKind::Cooling)?;
        t.cdu_of = t
            .racks
            .iter()
            .map(|r| match t.cdu.and_then(|c| c.cooling.as_ref().map(|s| (c, s))) {
                Some((_, s)) if s.mounted && r.power_peak_kw * r.liquid_fraction > s.capacity_at(water_c) + 1e-9 => {
                    Some(inrow)
                }
                _ => t.cdu,
            })
            .collect();
        if t.cdu.is_none()
            && let Some(wet) = t.racks.iter().find(|r| r.liquid_fraction > 0.0)
        {
            return Err(GenerateError::BadType(
                wet.id.clone(),
                "is liquid-cooled, but this preset places no CDUs; add it to a preset with CDUs (colossus, nvl72)"
                    .into(),
            ));
        }
        Ok(t)
    }

    /// The types the hall's catalog carries: every type placed, in id order.
    fn catalog(&self, storage: bool) -> Catalog {
        let mut types: Vec<EquipmentType> = [
            Some(self.pdu),
            Some(self.switch),
            self.mgmt,
            self.cdu,
            Some(self.crah),
            self.rear_door,
            Some(self.network_rack),
        ]
        .into_iter()
        .flatten()
        .chain(self.racks.iter().copied())
        .chain(self.cdu_of.iter().flatten().copied())
        .chain(storage.then_some(self.storage))
        .cloned()
        .collect();
        // The switches the racks' networks beside the fabric are built of.
        let networks = self.racks.iter().flat_map(|r| r.gpu.iter().flat_map(|g| g.networks.iter()));
        types.extend(networks.filter_map(|n| builtin_catalog().get(&n.switch)).cloned());
        types.sort_by(|a, b| a.id.cmp(&b.id));
        types.dedup_by(|a, b| a.id == b.id);
        Catalog::new(types)
    }
}

impl Types<'_> {
    /// A slot's width in millimetres: racks stand side by side, whatever their width.
    fn width_mm(&self, slot: &Slot) -> i64 {
        match slot {
            Slot::Pdus(n) => i64::from(*n) * mm_of(self.pdu.width_m),
            Slot::Cdu(kind) => self.cdu_of[*kind].map_or(0, |c| mm_of(c.width_m)),
            Slot::GpuRack { kind, .. } => mm_of(self.racks[*kind].width_m),
            Slot::Switches(_) => mm_of(self.network_rack.width_m),
            Slot::Storage => mm_of(self.storage.width_m),
        }
    }

    fn switch_model(&self, fill: &SwitchFill) -> &EquipmentType {
        if fill.role == SwitchRole::Management { self.mgmt.unwrap_or(self.switch) } else { self.switch }
    }

    /// The network rack holding `fill`, as the analysis will see it (for its power).
    fn network_item(&self, fill: &SwitchFill) -> Item {
        let mut item = Item::new(ItemId(0), self.network_rack.id.clone(), 0, 0);
        item.switches = Some(fill.clone());
        item
    }

    fn switch_peak_kw(&self, fill: &SwitchFill) -> f64 {
        item_power_kw(&self.network_item(fill), self.network_rack, Some(self.switch_model(fill))).peak_kw
    }

    /// A GPU rack of type `kind` with `servers` installed, as the analysis will see it (for its power).
    fn gpu_rack_item(&self, kind: usize, servers: u32) -> Item {
        let mut item = Item::new(ItemId(0), self.racks[kind].id.clone(), 0, 0);
        item.servers = Some(servers);
        item
    }

    /// Peak kW of a GPU rack of type `kind` with `servers` installed.
    fn gpu_rack_peak_kw(&self, kind: usize, servers: u32) -> f64 {
        item_power_kw(&self.gpu_rack_item(kind, servers), self.racks[kind], None).peak_kw
    }
}

fn bad(param: &'static str, problem: String) -> GenerateError {
    GenerateError::BadParameter { param, problem }
}

/// Builds a complete hall from parameters: the types, the scalable units each rack type needs, a fabric per
/// generation, each SU's array of racks with its PDU pairs, cooling and leaf switches, the network rows, the
/// CRAHs for the air heat, then the floor plan ([`floor_plan`]).
pub fn generate(params: &HallParams) -> Result<Layout, GenerateError> {
    let t = Types::of(params)?;
    check_params(params)?;
    let sus = scalable_units(params, &t)?;
    let designs = fabrics(&t, &sus)?;
    let arrays = arrays(params, &t, &sus, &designs)?;
    let network = network_stream(params, &t, &designs);
    let crahs = crah_count(&t, &arrays, &network);
    let mut layout = floor_plan::lay_out(params, &t, &arrays, &network, crahs);
    layout.catalog = t.catalog(params.storage_racks > 0);
    if let Some(plan) = &params.site {
        let gpus = params.add.iter().fold(params.gpus, |n, a| n.saturating_add(a.gpus));
        super::site::build(&mut layout, plan, gpus)?;
    }
    layout.hall.settings.install_racks_per_day = params.install_racks_per_day;
    layout.phases = super::phasing::phases_for(&layout, params.phasing)?;
    Ok(layout)
}

/// The parameters' numbers within reason.
fn check_params(params: &HallParams) -> Result<(), GenerateError> {
    if !(1.0..=5.0).contains(&params.pue) {
        return Err(bad("pue", format!("{} is outside 1.0 to 5.0", params.pue)));
    }
    for (param, v) in [
        ("cold_aisle_tiles", params.cold_aisle_tiles),
        ("hot_aisle_tiles", params.hot_aisle_tiles),
        ("cross_aisle_tiles", params.cross_aisle_tiles),
    ] {
        if !(1..=20).contains(&v) {
            return Err(bad(param, format!("{v} tiles: give 1 to 20")));
        }
    }
    if params.storage_racks > 100_000 {
        return Err(bad("storage_racks", format!("{}: give at most 100,000", params.storage_racks)));
    }
    Ok(())
}

/// Each rack type's demand in scalable units of its own (with the index of its type), numbered on from the
/// previous type's.
fn scalable_units(params: &HallParams, t: &Types<'_>) -> Result<Vec<(SuDemand, usize)>, GenerateError> {
    let wanted: Vec<u64> = std::iter::once(params.gpus).chain(params.add.iter().map(|a| a.gpus)).collect();
    let total_gpus = wanted.iter().fold(0_u64, |a, &g| a.saturating_add(g));
    if total_gpus > MAX_GPUS {
        return Err(bad("gpus", format!("{total_gpus} GPUs in all: give at most {MAX_GPUS}")));
    }
    let mut sus: Vec<(SuDemand, usize)> = Vec::new();
    for (kind, (&rack, &gpus)) in t.racks.iter().zip(&wanted).enumerate() {
        let param = if kind == 0 { "gpus" } else { "add" };
        let Some(gpu) = &rack.gpu else {
            return Err(GenerateError::BadType(rack.id.clone(), "lacks GPU figures".into()));
        };
        let gps = u64::from(gpu.gpus_per_server);
        if gpus == 0 || gpus > MAX_GPUS {
            return Err(bad(param, format!("{gpus} GPUs of {}: give 1 to {MAX_GPUS}", rack.id)));
        }
        if !gpus.is_multiple_of(gps) {
            return Err(bad(
                param,
                format!(
                    "{gpus} is not a multiple of the {gps} GPUs per server of {}; try {}",
                    rack.id,
                    gpus.div_ceil(gps) * gps
                ),
            ));
        }
        // The hall's SU size for its own type; an added type's SUs are that size rounded up to whole racks.
        let su_servers = if kind == 0 {
            if params.su_servers == 0 || !params.su_servers.is_multiple_of(gpu.servers) {
                return Err(bad(
                    "su_servers",
                    format!(
                        "{} servers per SU must be a positive multiple of the rack's {} servers",
                        params.su_servers, gpu.servers
                    ),
                ));
            }
            params.su_servers
        } else {
            added_su_servers(params.su_servers, gpu.servers)
        };
        if rack.power_peak_kw > t.usable_kw {
            return Err(GenerateError::BadType(
                params.pdu_type.clone(),
                format!("usable {:.0} kW cannot carry one {} at {} kW", t.usable_kw, rack.id, rack.power_peak_kw),
            ));
        }
        let servers_total = u32::try_from(gpus / gps).map_err(|_| bad(param, "too many servers".into()))?;
        let first = params.fabric_plan.as_ref().map_or(0, |p| p.first_su) + sus.len() as u32;
        for k in 0..servers_total.div_ceil(su_servers) {
            let nodes = (servers_total - k * su_servers).min(su_servers);
            sus.push((SuDemand { su: first + k, nodes }, kind));
        }
    }
    Ok(sus)
}

/// (rails per server, Gb/s per port) of rack type `kind`: GPU types alike in both share one fabric.
fn fabric_key(t: &Types<'_>, kind: usize) -> (u32, u32) {
    t.racks[kind].gpu.as_ref().map_or((0, 0), |g| (g.compute_ports_per_server, g.port_gbps))
}

/// The hall's fabrics (see [`plan_fabrics`]); refused when one cannot reach its GPUs.
fn fabrics(t: &Types<'_>, sus: &[(SuDemand, usize)]) -> Result<Vec<PlannedFabric>, GenerateError> {
    let gpus_of = |kind: usize, s: &SuDemand| {
        u64::from(s.nodes) * u64::from(t.racks[kind].gpu.as_ref().map_or(0, |g| g.gpus_per_server))
    };
    let demands: Vec<(SuDemand, (u32, u32), u64)> =
        sus.iter().map(|(s, kind)| (*s, fabric_key(t, *kind), gpus_of(*kind, s))).collect();
    let designs = plan_fabrics(&demands, t.sw);
    for f in &designs {
        if !f.design.fits {
            return Err(bad(
                "gpus",
                format!(
                    "{} GPU ports exceed what {} can reach even split into planes; use a larger-radix switch",
                    f.design.node_leaf_links, t.switch.id
                ),
            ));
        }
    }
    Ok(designs)
}

/// One array per SU: `[in-row CDUs] [PDU A][PDU B] racks… leaf racks, management rack`, a new PDU pair whenever
/// the next rack would push the pair past its usable capacity.
fn arrays(
    params: &HallParams,
    t: &Types<'_>,
    sus: &[(SuDemand, usize)],
    designs: &[PlannedFabric],
) -> Result<Vec<Vec<Slot>>, GenerateError> {
    let design_of = |kind: usize| designs.iter().position(|f| f.key == fabric_key(t, kind)).unwrap_or(0);
    let cap = switches_per_rack(t.network_rack, t.sw);
    // CDUs at the generated site's facility water (32 °C), as the analysis takes them.
    let water_c = crate::model::site::DEFAULT_FACILITY_WATER_C;

    let mut arrays: Vec<Vec<Slot>> = Vec::with_capacity(sus.len());
    for (s, kind) in sus {
        let (rack, kind) = (t.racks[*kind], *kind);
        let cdu = t.cdu_of[kind].and_then(|c| c.cooling.as_ref());
        let liquid_cap_kw = cdu.map_or(0.0, |c| c.capacity_at(water_c));
        let cdu_mounted = cdu.is_some_and(|c| c.mounted);
        let per_rack = rack.gpu.as_ref().map_or(1, |g| g.servers.max(1));
        let mut stream = Stream::new(t.usable_kw, feeds_for(rack));
        let racks = s.nodes.div_ceil(per_rack);
        let liquid_kw = rack.power_peak_kw * rack.liquid_fraction * f64::from(racks);
        // Floor CDUs on the SU's loop: enough for its peak liquid heat, and one standing by (N+1: with any one
        // down the rest carry it; NVIDIA's GB200 RA asks for concurrent maintainability).
        if !cdu_mounted && liquid_kw > 0.0 && liquid_cap_kw > 0.0 {
            for _ in 0..(liquid_kw / liquid_cap_kw - 1e-9).ceil() as u32 + 1 {
                stream.slots.push(Slot::Cdu(kind));
            }
        }
        for r in 0..racks {
            let servers = (s.nodes - r * per_rack).min(per_rack);
            stream.push_it(Slot::GpuRack { servers, su: s.su, kind }, t.gpu_rack_peak_kw(kind, servers));
        }
        let f = &designs[design_of(kind)];
        let leaves = match &params.fabric_plan {
            Some(plan) => plan.leaves.get(&s.su).cloned().ok_or_else(|| {
                bad("fabric_plan", format!("no leaves planned for SU {} (a defect in the plan given)", s.su))
            })?,
            None => leaf_fills(&f.design, s, &params.switch_type, cap, f.plane_offset),
        };
        for fill in leaves {
            let kw = t.switch_peak_kw(&fill);
            stream.push_it(Slot::Switches(fill), kw);
        }
        if let (Some(m), Some(mgmt_id)) = (t.mgmt, &params.management_switch) {
            // Out-of-band: one port per server BMC and per switch; 48 ports per SN2201-class switch.
            let ports = m.switch.as_ref().map_or(48, |s| s.ports.saturating_sub(4).max(1));
            let count = (s.nodes + racks + 8).div_ceil(ports).max(1);
            // The array's management rack comes online with its SU.
            let fill = crate::model::SwitchFill { su: s.su, ..mgmt_fill(mgmt_id, count) };
            let kw = t.switch_peak_kw(&fill);
            stream.push_it(Slot::Switches(fill), kw);
        }
        arrays.push(stream.slots);
    }
    Ok(arrays)
}

/// The network rows' stream: spines, cores and storage, powered the same way.
fn network_stream(params: &HallParams, t: &Types<'_>, designs: &[PlannedFabric]) -> Vec<Slot> {
    let cap = switches_per_rack(t.network_rack, t.sw);
    let mut net = Stream::new(t.usable_kw, 2);
    let network: Vec<SwitchFill> = match &params.fabric_plan {
        Some(plan) => plan.network.clone(),
        None => {
            designs.iter().flat_map(|f| spine_core_fills(&f.design, &params.switch_type, cap, f.plane_offset)).collect()
        }
    };
    for fill in network {
        let kw = t.switch_peak_kw(&fill);
        net.push_it(Slot::Switches(fill), kw);
    }
    for _ in 0..params.storage_racks {
        net.push_it(Slot::Storage, t.storage.power_peak_kw);
    }
    net.slots
}

/// CRAHs for the air heat that no rear door takes, at peak (equipment capacity is sized at peak), with a spare
/// per ten (N+1).
fn crah_count(t: &Types<'_>, arrays: &[Vec<Slot>], network: &[Slot]) -> u32 {
    let mut air_kw = 0.0;
    for slot in arrays.iter().flatten().chain(network) {
        air_kw += match slot {
            Slot::GpuRack { servers, kind, .. } => {
                t.gpu_rack_peak_kw(*kind, *servers) * (1.0 - t.racks[*kind].liquid_fraction)
            }
            Slot::Switches(fill) => {
                item_power_kw(&t.network_item(fill), t.network_rack, Some(t.switch_model(fill))).peak_kw
                    * (1.0 - t.network_rack.liquid_fraction)
            }
            Slot::Storage if t.rear_door.is_none() => t.storage.power_peak_kw,
            _ => 0.0,
        };
    }
    let needed = (air_kw / t.crah_spec.capacity_kw).ceil() as u32;
    needed + needed.div_ceil(10).max(1)
}
