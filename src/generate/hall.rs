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

use super::{GenerateError, HallParams, MAX_GPUS};
use crate::analysis::fabric::{FabricDesign, SuDemand, design_fabric, leaves_per_rail};
use crate::analysis::item_power_kw;
use crate::io::builtin_catalog;
use crate::model::{
    Catalog, CoolingMedium, EquipmentKind, EquipmentType, Hall, HallSettings, Item, ItemId, Layout, Obstacle,
    ObstacleKind, Rotation, SwitchFill, SwitchRole, SwitchSpec, TypeId,
};
use crate::units::PDU_CONTINUOUS_DERATE;

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
    PduPair,
    Cdu,
    /// `kind`: index of the rack type in `Types::racks`.
    GpuRack {
        servers: u32,
        su: u32,
        kind: usize,
    },
    Switches(SwitchFill),
    Storage,
}

/// A placed slot's power: the PDU pair it hangs on and its peak kW.
struct Stream {
    slots: Vec<Slot>,
    /// Usable kW of one PDU.
    usable_kw: f64,
    load_kw: f64,
}

impl Stream {
    fn new(usable_kw: f64) -> Self {
        Self { slots: Vec::new(), usable_kw, load_kw: f64::INFINITY }
    }

    /// Adds an IT slot drawing `peak_kw`, starting a new PDU pair first when needed.
    fn push_it(&mut self, slot: Slot, peak_kw: f64) {
        if self.load_kw + peak_kw > self.usable_kw + 1e-9 {
            self.slots.push(Slot::PduPair);
            self.load_kw = 0.0;
        }
        self.load_kw += peak_kw;
        self.slots.push(slot);
    }
}

struct Types<'a> {
    /// GPU rack types: the hall's, then any added ones.
    racks: Vec<&'a EquipmentType>,
    pdu: &'a EquipmentType,
    switch: &'a EquipmentType,
    mgmt: Option<&'a EquipmentType>,
    cdu: Option<&'a EquipmentType>,
    crah: &'a EquipmentType,
    rear_door: Option<&'a EquipmentType>,
    network_rack: &'a EquipmentType,
    storage: &'a EquipmentType,
}

impl Types<'_> {
    fn width_tiles(&self, slot: &Slot, tile_m: f64) -> i32 {
        match slot {
            Slot::PduPair => 2 * tiles(self.pdu.width_m, tile_m),
            Slot::Cdu => self.cdu.map_or(0, |c| tiles(c.width_m, tile_m)),
            Slot::GpuRack { kind, .. } => tiles(self.racks[*kind].width_m, tile_m),
            Slot::Switches(_) => tiles(self.network_rack.width_m, tile_m),
            Slot::Storage => tiles(self.storage.width_m, tile_m),
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

/// Builds a complete hall from parameters.
pub fn generate(params: &HallParams) -> Result<Layout, GenerateError> {
    let catalog = builtin_catalog();
    let mut racks = vec![lookup(catalog, &params.rack_type, EquipmentKind::GpuRack)?];
    for a in &params.add {
        racks.push(lookup(catalog, &a.rack_type, EquipmentKind::GpuRack)?);
    }
    let t = Types {
        racks,
        pdu: lookup(catalog, &params.pdu_type, EquipmentKind::Pdu)?,
        switch: lookup(catalog, &params.switch_type, EquipmentKind::Switch)?,
        mgmt: params.management_switch.as_ref().map(|id| lookup(catalog, id, EquipmentKind::Switch)).transpose()?,
        cdu: params.cdu_type.as_ref().map(|id| lookup(catalog, id, EquipmentKind::Cooling)).transpose()?,
        crah: lookup(catalog, &params.crah_type, EquipmentKind::Cooling)?,
        rear_door: params.rear_door_type.as_ref().map(|id| lookup(catalog, id, EquipmentKind::Cooling)).transpose()?,
        network_rack: lookup(catalog, &NETWORK_RACK.into(), EquipmentKind::NetworkRack)?,
        storage: lookup(catalog, &STORAGE_RACK.into(), EquipmentKind::StorageRack)?,
    };
    let (Some(sw), Some(pdu_spec), Some(crah_spec)) = (&t.switch.switch, &t.pdu.pdu, &t.crah.cooling) else {
        return Err(GenerateError::BadType(params.switch_type.clone(), "lacks the figures the generator needs".into()));
    };
    if crah_spec.medium != CoolingMedium::Air {
        return Err(GenerateError::BadType(params.crah_type.clone(), "is not an air (CRAH) unit".into()));
    }
    if let Some(c) = t.cdu.and_then(|c| c.cooling.as_ref())
        && c.medium != CoolingMedium::Liquid
    {
        return Err(GenerateError::BadType(params.cdu_type.clone().unwrap_or_default(), "is not a CDU".into()));
    }
    if !(1.0..=5.0).contains(&params.pue) {
        return Err(bad("pue", format!("{} is outside 1.0 to 5.0", params.pue)));
    }
    if t.cdu.is_none()
        && let Some(wet) = t.racks.iter().find(|r| r.liquid_fraction > 0.0)
    {
        return Err(GenerateError::BadType(
            wet.id.clone(),
            "is liquid-cooled, but this preset places no CDUs; add it to a preset with CDUs (colossus, nvl72)".into(),
        ));
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
    let tile_m = 0.6;
    let usable_kw = pdu_spec.capacity_kva * HallSettings::default().power_factor * PDU_CONTINUOUS_DERATE;

    // Each rack type's demand in scalable units of its own, numbered on from the previous type's.
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
        if rack.power_peak_kw > usable_kw {
            return Err(GenerateError::BadType(
                params.pdu_type.clone(),
                format!("usable {usable_kw:.0} kW cannot carry one {} at {} kW", rack.id, rack.power_peak_kw),
            ));
        }
        let servers_total = u32::try_from(gpus / gps).map_err(|_| bad(param, "too many servers".into()))?;
        let first = params.fabric_plan.as_ref().map_or(0, |p| p.first_su) + sus.len() as u32;
        for k in 0..servers_total.div_ceil(su_servers) {
            let nodes = (servers_total - k * su_servers).min(su_servers);
            sus.push((SuDemand { su: first + k, nodes }, kind));
        }
    }
    let su_count = sus.len() as u32;

    // Fabrics: GPU types with the same rails and port speed share one (see `plan_fabrics`).
    let key_of = |kind: usize| t.racks[kind].gpu.as_ref().map_or((0, 0), |g| (g.compute_ports_per_server, g.port_gbps));
    let gpus_of = |kind: usize, s: &SuDemand| {
        u64::from(s.nodes) * u64::from(t.racks[kind].gpu.as_ref().map_or(0, |g| g.gpus_per_server))
    };
    let demands: Vec<(SuDemand, (u32, u32), u64)> =
        sus.iter().map(|(s, kind)| (*s, key_of(*kind), gpus_of(*kind, s))).collect();
    let designs = plan_fabrics(&demands, sw);
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
    let design_of = |kind: usize| designs.iter().position(|f| f.key == key_of(kind)).unwrap_or(0);
    let cap = switches_per_rack(t.network_rack, sw);

    // Arrays: one stream per SU.
    let liquid_cap_kw = t.cdu.and_then(|c| c.cooling.as_ref()).map_or(0.0, |c| c.capacity_kw);
    let cdu_mounted = t.cdu.and_then(|c| c.cooling.as_ref()).is_some_and(|c| c.mounted);
    let mut arrays: Vec<Vec<Slot>> = Vec::with_capacity(sus.len());
    for (s, kind) in &sus {
        let (rack, kind) = (t.racks[*kind], *kind);
        let per_rack = rack.gpu.as_ref().map_or(1, |g| g.servers.max(1));
        let mut stream = Stream::new(usable_kw);
        let racks = s.nodes.div_ceil(per_rack);
        let liquid_kw = rack.power_peak_kw * rack.liquid_fraction * f64::from(racks);
        if !cdu_mounted && liquid_kw > 0.0 && liquid_cap_kw > 0.0 {
            for _ in 0..(liquid_kw / liquid_cap_kw).ceil() as u32 {
                stream.slots.push(Slot::Cdu);
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
            let fill = mgmt_fill(mgmt_id, count);
            let kw = t.switch_peak_kw(&fill);
            stream.push_it(Slot::Switches(fill), kw);
        }
        arrays.push(stream.slots);
    }
    let block_w = arrays.iter().map(|a| a.iter().map(|s| t.width_tiles(s, tile_m)).sum::<i32>()).max().unwrap_or(1);
    let cross = params.cross_aisle_tiles as i32;
    let row_d = [t.pdu.depth_m, t.network_rack.depth_m, t.storage.depth_m]
        .into_iter()
        .chain(t.racks.iter().map(|r| r.depth_m))
        .chain(t.cdu.filter(|_| !cdu_mounted).map(|c| c.depth_m))
        .map(|m| tiles(m, tile_m))
        .max()
        .unwrap_or(2);
    let row_pitch_m =
        f64::from(row_d) * tile_m + f64::from(params.cold_aisle_tiles + params.hot_aisle_tiles) * tile_m / 2.0;
    let arrays_per_row = if params.arrays_per_row > 0 {
        params.arrays_per_row.min(su_count)
    } else {
        let block_m = f64::from(block_w + cross) * tile_m;
        ((f64::from(su_count) * row_pitch_m / block_m).sqrt().round() as u32).clamp(1, su_count)
    };
    let row_w = arrays_per_row as i32 * (block_w + cross) - cross;

    // Network rows: spines, cores and storage.
    let mut net = Stream::new(usable_kw);
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
    let net_rows = wrap_rows(&net.slots, |s| t.width_tiles(s, tile_m), row_w);

    // CRAHs for the air heat that no rear door takes, at peak (equipment capacity is sized at peak).
    let mut air_kw = 0.0;
    for slot in arrays.iter().flatten().chain(&net.slots) {
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
    let needed = (air_kw / crah_spec.capacity_kw).ceil() as u32;
    let crahs = needed + needed.div_ceil(10).max(1);
    let crah_w = tiles(t.crah.width_m, tile_m);
    let crah_d = tiles(t.crah.depth_m, tile_m);
    let per_line = ((row_w + 1) / (crah_w + 1)).max(1) as u32;
    let lines = crahs.div_ceil(per_line) as i32;
    let (top_lines, bottom_lines) = ((lines + 1) / 2, lines / 2);

    // Vertical plan.
    let gallery = |n: i32| if n > 0 { n * (crah_d + 1) + CRAH_CLEARANCE_TILES } else { WALL_MARGIN_TILES };
    let x0 = WALL_MARGIN_TILES;
    let rows_y0 = WALL_MARGIN_TILES.min(2) + gallery(top_lines);
    let compute_rows = su_count.div_ceil(arrays_per_row) as i32;
    let total_rows = net_rows.len() as i32 + compute_rows;
    let row_y = |r: i32| -> i32 {
        let mut y = rows_y0 + r * row_d;
        for gap in 0..r {
            y += if gap % 2 == 0 { params.cold_aisle_tiles as i32 } else { params.hot_aisle_tiles as i32 };
        }
        y
    };
    let rows_end = row_y(total_rows - 1) + row_d;
    let hall_w_tiles = x0 + row_w + WALL_MARGIN_TILES;
    let hall_d_tiles = rows_end + gallery(bottom_lines) + WALL_MARGIN_TILES.min(2);

    let mut b =
        Builder::new(params, tile_m, mm(f64::from(hall_w_tiles) * tile_m), mm(f64::from(hall_d_tiles) * tile_m));
    let rot_of = |r: i32| if r % 2 == 0 { Rotation::R180 } else { Rotation::R0 };

    // Place network rows, then arrays.
    for (r, row) in net_rows.iter().enumerate() {
        let r = r as i32;
        b.place_run(&t, row, x0, row_y(r), rot_of(r), tile_m);
    }
    for (n, array) in arrays.iter().enumerate() {
        let r = net_rows.len() as i32 + n as i32 / arrays_per_row as i32;
        let col = n as i32 % arrays_per_row as i32;
        b.place_run(&t, array, x0 + col * (block_w + cross), row_y(r), rot_of(r), tile_m);
    }

    // CRAH galleries.
    let mut placed = 0;
    for line in 0..lines {
        let top = line < top_lines;
        let y = if top {
            WALL_MARGIN_TILES.min(2) + line * (crah_d + 1)
        } else {
            rows_end + CRAH_CLEARANCE_TILES + (line - top_lines) * (crah_d + 1)
        };
        for k in 0..per_line {
            if placed == crahs {
                break;
            }
            b.place(&t.crah.id, x0 + k as i32 * (crah_w + 1), y, if top { Rotation::R0 } else { Rotation::R180 });
            placed += 1;
        }
    }

    // Columns in the hot aisles of the cross aisles (every second hot aisle).
    if cross >= 2 && arrays_per_row > 1 {
        for gap in (1..total_rows - 1).step_by(4) {
            let y_m = f64::from(row_y(gap) + row_d) * tile_m + f64::from(params.hot_aisle_tiles) * tile_m / 2.0 - 0.3;
            for col in 1..arrays_per_row as i32 {
                let x_m =
                    f64::from(x0 + col * (block_w + cross) - cross) * tile_m + f64::from(cross) * tile_m / 2.0 - 0.3;
                b.layout.hall.obstacles.push(Obstacle {
                    kind: ObstacleKind::Column,
                    x_m: mm(x_m),
                    y_m: mm(y_m),
                    width_m: 0.6,
                    depth_m: 0.6,
                    label: None,
                });
            }
        }
    }

    // Trays above every row and along every cross aisle.
    let trays = &mut b.layout.hall.trays;
    trays.height_m = TRAY_HEIGHT_M;
    trays.pitch_y_m = mm(row_pitch_m);
    trays.offset_y_m = mm(f64::from(rows_y0) * tile_m + f64::from(row_d) * tile_m / 2.0);
    trays.pitch_x_m = mm(f64::from(block_w + cross) * tile_m);
    trays.offset_x_m = mm(f64::from(x0) * tile_m - f64::from(cross) * tile_m / 2.0);

    let mut layout = b.layout;
    let mut types: Vec<EquipmentType> =
        [Some(t.pdu), Some(t.switch), t.mgmt, t.cdu, Some(t.crah), t.rear_door, Some(t.network_rack)]
            .into_iter()
            .flatten()
            .chain(t.racks.iter().copied())
            .chain((params.storage_racks > 0).then_some(t.storage))
            .cloned()
            .collect();
    types.sort_by(|a, b| a.id.cmp(&b.id));
    types.dedup_by(|a, b| a.id == b.id);
    layout.catalog = Catalog::new(types);
    Ok(layout)
}

/// One fabric of a hall: the GPUs with these rails and port speed, sized, with its planes numbered from
/// `plane_offset`.
pub(super) struct PlannedFabric {
    /// (rails per server, Gb/s per port).
    pub key: (u32, u32),
    /// The sized fat tree.
    pub design: FabricDesign,
    /// Number of its first plane in the hall.
    pub plane_offset: u32,
}

/// The fabrics of a hall from its SUs (`(demand, (rails, gbps), GPUs)`): one per rails-and-speed generation, in
/// the analysis' order (most GPUs first, then rails, then speed), planes numbered on from the previous fabric's.
pub(super) fn plan_fabrics(sus: &[(SuDemand, (u32, u32), u64)], sw: &SwitchSpec) -> Vec<PlannedFabric> {
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
pub(super) fn added_su_servers(su_servers: u32, rack_servers: u32) -> u32 {
    let rack = rack_servers.max(1);
    su_servers.max(1).div_ceil(rack) * rack
}

/// Compute switches one network rack holds.
pub(super) fn switches_per_rack(network_rack: &EquipmentType, sw: &SwitchSpec) -> u32 {
    (network_rack.rack_units.saturating_sub(NETWORK_RACK_RESERVED_U) / sw.rack_units.max(1))
        .clamp(1, SWITCHES_PER_NETWORK_RACK)
}

fn mgmt_fill(model: &TypeId, count: u32) -> SwitchFill {
    SwitchFill::new(model.clone(), count, SwitchRole::Management)
}

/// Leaf racks of one SU: per plane, the SU's rails in chunks that fit a rack and never span two pods.
pub(super) fn leaf_fills(
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
pub(super) fn spine_core_fills(design: &FabricDesign, model: &TypeId, cap: u32, plane_offset: u32) -> Vec<SwitchFill> {
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

/// Splits a stream into rows no wider than `row_w` tiles, never separating a PDU pair from the slot after it.
fn wrap_rows(slots: &[Slot], width: impl Fn(&Slot) -> i32, row_w: i32) -> Vec<Vec<Slot>> {
    let mut rows: Vec<Vec<Slot>> = Vec::new();
    let mut current: Vec<Slot> = Vec::new();
    let mut used = 0;
    let mut i = 0;
    while i < slots.len() {
        // A PDU pair moves with the slot it powers first.
        let group = if matches!(slots[i], Slot::PduPair) && i + 1 < slots.len() { 2 } else { 1 };
        let w: i32 = slots[i..i + group].iter().map(&width).sum();
        if used + w > row_w && !current.is_empty() {
            rows.push(std::mem::take(&mut current));
            used = 0;
            // A new row needs its own PDU pair: a row's racks never feed from a PDU in another row.
            if !matches!(slots[i], Slot::PduPair) {
                current.push(Slot::PduPair);
                used += width(&Slot::PduPair);
            }
        }
        current.extend(slots[i..i + group].iter().cloned());
        used += w;
        i += group;
    }
    if !current.is_empty() {
        rows.push(current);
    }
    rows
}

/// Places items and wires their feeds and cooling.
struct Builder {
    layout: Layout,
    next_id: u32,
    /// Current PDU pair (A, B) for the run being placed.
    feeds: Option<(ItemId, ItemId)>,
    /// Floor CDUs of the current array and the liquid kW each still takes.
    cdus: Vec<(ItemId, f64)>,
}

impl Builder {
    fn new(params: &HallParams, tile_m: f64, width_m: f64, depth_m: f64) -> Self {
        let settings = HallSettings {
            pue: params.pue,
            fabric_switch: Some(params.switch_type.clone()),
            ..HallSettings::default()
        };
        let hall = Hall { width_m, depth_m, tile_m, settings, ..Hall::default() };
        let layout = Layout { hall, name: params.name.clone(), ..Layout::empty("", width_m, depth_m) };
        Self { layout, next_id: 1, feeds: None, cdus: Vec::new() }
    }

    fn place(&mut self, ty: &TypeId, x: i32, y: i32, rot: Rotation) -> ItemId {
        let id = ItemId(self.next_id);
        self.next_id += 1;
        let mut item = Item::new(id, ty.clone(), x, y);
        item.rot = rot;
        self.layout.items.push(item);
        id
    }

    fn last(&mut self) -> &mut Item {
        let n = self.layout.items.len() - 1;
        &mut self.layout.items[n]
    }

    /// Places a run of slots left to right from (x, y).
    #[allow(clippy::too_many_arguments)]
    fn place_run(&mut self, t: &Types<'_>, slots: &[Slot], x0: i32, y: i32, rot: Rotation, tile_m: f64) {
        let mut x = x0;
        self.feeds = None;
        self.cdus.clear();
        for slot in slots {
            let w = t.width_tiles(slot, tile_m);
            match slot {
                Slot::PduPair => {
                    let half = w / 2;
                    let a = self.place(&t.pdu.id, x, y, rot);
                    let b = self.place(&t.pdu.id, x + half, y, rot);
                    self.feeds = Some((a, b));
                }
                Slot::Cdu => {
                    if let Some(cdu) = t.cdu {
                        let id = self.place(&cdu.id, x, y, rot);
                        let cap = cdu.cooling.as_ref().map_or(0.0, |c| c.capacity_kw);
                        self.cdus.push((id, cap));
                    }
                }
                Slot::GpuRack { servers, su, kind } => {
                    let feeds = self.feeds;
                    let ty = t.racks[*kind];
                    self.place(&ty.id, x, y, rot);
                    let rack = self.last();
                    rack.su = Some(*su);
                    if *servers < ty.gpu.as_ref().map_or(1, |g| g.servers) {
                        rack.servers = Some(*servers);
                    }
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                    let liquid_kw = item_power_kw(rack, ty, None).peak_kw * ty.liquid_fraction;
                    if let Some(cdu) = t.cdu.filter(|_| liquid_kw > 0.0) {
                        if cdu.cooling.as_ref().is_some_and(|c| c.mounted) {
                            let id = self.place(&cdu.id, x, y, rot);
                            let rack_index = self.layout.items.len() - 2;
                            self.layout.items[rack_index].cooling = Some(id);
                        } else if let Some(slot) = self.cdus.iter_mut().find(|(_, left)| *left >= liquid_kw - 1e-9) {
                            slot.1 -= liquid_kw;
                            let id = slot.0;
                            self.last().cooling = Some(id);
                        }
                    }
                }
                Slot::Switches(fill) => {
                    let feeds = self.feeds;
                    self.place(&t.network_rack.id, x, y, rot);
                    let rack = self.last();
                    rack.switches = Some(fill.clone());
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                }
                Slot::Storage => {
                    let feeds = self.feeds;
                    let rack_id = self.place(&t.storage.id, x, y, rot);
                    let rack = self.last();
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                    if let Some(door) = t.rear_door {
                        let id = self.place(&door.id, x, y, rot);
                        if let Some(i) = self.layout.index_of(rack_id) {
                            self.layout.items[i].cooling = Some(id);
                        }
                    }
                }
            }
            x += w;
        }
    }
}
