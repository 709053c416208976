//! Equipment types: the catalog a layout's items refer to.
//!
//! A type carries every figure the analysis needs (power, heat split, footprint, ports, capacities) plus
//! where the figures come from (`source`) and whether any of them is a planning estimate (`assumption`).
//! The built-in catalog lives in `assets/catalog.ron`; a layout file embeds the types it uses.

use serde::{Deserialize, Serialize};

/// Identifier of an equipment type, e.g. `"rack-colossus-64"`. Stable across versions.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct TypeId(pub String);

impl TypeId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TypeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for TypeId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// What an equipment type is, which decides how the analysis treats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EquipmentKind {
    /// A rack of GPU servers (or a rack-scale system such as NVL72).
    GpuRack,
    /// An empty rack that holds network switches.
    NetworkRack,
    /// A network switch; never placed alone, only inside a network rack.
    Switch,
    /// A storage or CPU rack.
    StorageRack,
    /// A floor PDU or remote power panel that feeds racks.
    Pdu,
    /// A cooling unit: CDU, CRAH or rear-door heat exchanger.
    Cooling,
}

impl EquipmentKind {
    /// All kinds, in palette order.
    pub const ALL: [EquipmentKind; 6] = [
        EquipmentKind::GpuRack,
        EquipmentKind::NetworkRack,
        EquipmentKind::StorageRack,
        EquipmentKind::Pdu,
        EquipmentKind::Cooling,
        EquipmentKind::Switch,
    ];

    /// A human label for the kind.
    pub fn label(self) -> &'static str {
        match self {
            EquipmentKind::GpuRack => "GPU rack",
            EquipmentKind::NetworkRack => "Network rack",
            EquipmentKind::Switch => "Switch",
            EquipmentKind::StorageRack => "Storage / CPU rack",
            EquipmentKind::Pdu => "Power distribution",
            EquipmentKind::Cooling => "Cooling unit",
        }
    }

    /// A lower-case noun for messages ("a PDU", "a cooling unit").
    pub fn noun(self) -> &'static str {
        match self {
            EquipmentKind::GpuRack => "GPU rack",
            EquipmentKind::NetworkRack => "network rack",
            EquipmentKind::Switch => "switch",
            EquipmentKind::StorageRack => "storage rack",
            EquipmentKind::Pdu => "PDU",
            EquipmentKind::Cooling => "cooling unit",
        }
    }

    /// True for kinds whose power counts as IT load (PDUs and cooling units are facility overhead,
    /// covered by the hall's PUE).
    pub fn is_it_load(self) -> bool {
        matches!(
            self,
            EquipmentKind::GpuRack | EquipmentKind::NetworkRack | EquipmentKind::StorageRack | EquipmentKind::Switch
        )
    }

    /// True for kinds that take power feeds from PDUs.
    pub fn takes_feeds(self) -> bool {
        matches!(self, EquipmentKind::GpuRack | EquipmentKind::NetworkRack | EquipmentKind::StorageRack)
    }
}

/// GPU content of a GPU rack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpuSpec {
    /// GPU model name, e.g. `"H100 SXM5"`; totals are grouped by it.
    pub model: String,
    /// Servers (or compute trays) in the rack; a server is a node of the compute fabric.
    pub servers: u32,
    /// GPUs per server.
    pub gpus_per_server: u32,
    /// Dense BF16 TFLOPS per GPU (without 2:4 sparsity).
    pub bf16_tflops: f64,
    /// Dense FP8 TFLOPS per GPU (without 2:4 sparsity).
    pub fp8_tflops: f64,
    /// Compute-fabric ports per server (one per rail).
    pub compute_ports_per_server: u32,
    /// Speed of one compute port in Gb/s.
    pub port_gbps: u32,
    /// HBM capacity per GPU in GB (1 GB = 10⁹ bytes, as vendors quote it); 0 when the file does not say.
    #[serde(default)]
    pub hbm_gb: f64,
    /// HBM bandwidth per GPU in TB/s; 0 when the file does not say.
    #[serde(default)]
    pub hbm_tbps: f64,
    /// GPUs in one NVLink domain when the rack is full (8 for an HGX/DGX board, 72 for an NVL72 rack);
    /// 0 means one server's GPUs.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub nvlink_domain_gpus: u32,
    /// Compute links one of the server's NIC-side cages carries: 2 where twin-port OSFP cages serve two
    /// single-port NICs each (a DGX H100/H200/B200: 4 cages for 8 NICs, so 4 modules; reference §13), 1 where
    /// each NIC has its own cage and module (HGX servers with PCIe SuperNICs).
    #[serde(default = "one_u32", skip_serializing_if = "is_one_u32")]
    pub nic_links_per_cage: u32,
    /// Height of one server (or compute tray) in rack units; 0 when the file does not say (its U is then not
    /// checked).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub server_u: u32,
    /// The networks beside the compute fabric each server connects to (storage / front-end, in-band
    /// management): each is sized as a fabric of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<NodeNetwork>,
    /// One server's power supplies, when the type states them: the feed-loss check counts what survives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psus: Option<PsuSpec>,
}

/// A server's power supplies: how many, each one's rating, and how many are redundant (a DGX H100's 6 × 3.3 kW,
/// 4+2). They are spread over the rack's feeds as evenly as they go.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PsuSpec {
    /// Supplies per server.
    pub count: u32,
    /// Output rating of one, kW.
    pub rating_kw: f64,
    /// How many of them are redundant (the `2` of 4+2).
    pub redundant: u32,
}

impl PsuSpec {
    /// What a server keeps when one of `feeds` feeds is lost: its supplies less the most on any one feed (spread
    /// as evenly as they go), × their rating, kW. With one feed, nothing.
    pub fn surviving_kw(&self, feeds: u32) -> f64 {
        f64::from(self.surviving(feeds)) * self.rating_kw
    }

    /// How many supplies a server keeps when one of `feeds` feeds is lost (none with one feed).
    pub fn surviving(&self, feeds: u32) -> u32 {
        if feeds < 2 { 0 } else { self.count.saturating_sub(self.count.div_ceil(feeds)) }
    }
}

impl EquipmentType {
    /// When a GPU rack of this type on `feeds` feeds loses one, and its servers' supplies then keep less than a
    /// server's maximum draw: (supplies kept, kW they give, kW a server needs). None when they keep enough, or the
    /// type states no supplies, or it has fewer than two feeds (nothing to keep).
    pub fn feed_loss_shortfall(&self, feeds: u32) -> Option<(u32, f64, f64)> {
        let g = self.gpu.as_ref()?;
        let p = g.psus?;
        if feeds < 2 {
            return None;
        }
        let needs_kw = self.power_peak_kw / f64::from(g.servers.max(1));
        let keeps_kw = p.surviving_kw(feeds);
        (keeps_kw + 1e-9 < needs_kw).then_some((p.surviving(feeds), keeps_kw, needs_kw))
    }
}

/// A network beside the compute fabric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SideNetwork {
    /// Storage and front-end (north–south) traffic.
    Storage,
    /// In-band management.
    InBand,
}

impl SideNetwork {
    /// What to call it.
    pub fn label(self) -> &'static str {
        match self {
            SideNetwork::Storage => "storage / front-end",
            SideNetwork::InBand => "in-band management",
        }
    }
}

/// A server's ports on a network beside the compute fabric, and the switch type that network is built of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeNetwork {
    /// Which network.
    pub network: SideNetwork,
    /// Ports per server on it.
    pub ports: u32,
    /// Speed of one port in Gb/s.
    pub gbps: u32,
    /// The switch type it is built of.
    pub switch: TypeId,
}

/// What a storage rack holds: capacity, read bandwidth and its ports on the storage network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSpec {
    /// Usable capacity, in PB (10¹⁵ bytes).
    pub usable_pb: f64,
    /// Aggregate read bandwidth, in GB/s.
    pub read_gb_per_s: f64,
    /// Ports on the storage network.
    pub ports: u32,
    /// Speed of one port in Gb/s.
    pub port_gbps: u32,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

fn one_u32() -> u32 {
    1
}

fn is_one_u32(v: &u32) -> bool {
    *v == 1
}

/// A GPU model's short name, read across a room or in a hall's name: "H100 SXM5 80GB" → "H100", "B200 (GB200)
/// 186GB" → "GB200" (the superchip an NVL72 is sold by).
pub fn short_model(model: &str) -> &str {
    if let Some(open) = model.find('(')
        && let Some(close) = model[open..].find(')')
    {
        let inner = &model[open + 1..open + close];
        if inner.starts_with("GB") {
            return inner;
        }
    }
    model.split_whitespace().next().unwrap_or(model)
}

impl GpuSpec {
    /// The model's short name ([`short_model`]).
    pub fn short_model(&self) -> &str {
        short_model(&self.model)
    }

    /// GPUs in one rack.
    pub fn gpus(&self) -> u32 {
        self.servers * self.gpus_per_server
    }

    /// GPUs in one NVLink domain of a full rack.
    pub fn domain_gpus(&self) -> u32 {
        if self.nvlink_domain_gpus == 0 { self.gpus_per_server } else { self.nvlink_domain_gpus }
    }
}

/// Which network a switch serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SwitchFabric {
    /// The GPU compute (east-west) fabric.
    #[default]
    Compute,
    /// In-band or out-of-band management; not sized or cabled by the compute-fabric analysis.
    Management,
}

/// Most ports at link speed any switch is sized with (real switches have at most a few hundred).
pub const MAX_RADIX: u32 = 65_536;

/// Switch figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchSpec {
    /// Physical ports.
    pub ports: u32,
    /// Speed of one physical port in Gb/s.
    pub port_gbps: u32,
    /// Rack units the switch occupies.
    pub rack_units: u32,
    /// The network the switch is for.
    #[serde(default)]
    pub fabric: SwitchFabric,
    /// Ports one physical cage carries (2 for twin-port OSFP switches such as QM9700 and Q3400); a cage takes
    /// one transceiver or copper cable.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub ports_per_cage: u32,
}

fn one() -> u32 {
    1
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

impl SwitchSpec {
    /// Links at `link_gbps` one port cage carries.
    pub fn links_per_cage(&self, link_gbps: u32) -> u32 {
        let split = if link_gbps == 0 || link_gbps >= self.port_gbps { 1 } else { (self.port_gbps / link_gbps).max(1) };
        self.ports_per_cage.max(1).saturating_mul(split).min(64)
    }

    /// Ports at `link_gbps` after splitting faster ports (an 800G port splits into two 400G links).
    /// Falls back to the physical port count when the link is as fast or faster than a port.
    /// Capped at [`MAX_RADIX`] so no sizing arithmetic can overflow on an absurd type.
    pub fn radix_at(&self, link_gbps: u32) -> u32 {
        let radix = if link_gbps == 0 || link_gbps >= self.port_gbps {
            self.ports
        } else {
            self.ports.saturating_mul((self.port_gbps / link_gbps).max(1))
        };
        radix.min(MAX_RADIX)
    }
}

/// Power-distribution figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PduSpec {
    /// Nameplate apparent power in kVA.
    pub capacity_kva: f64,
}

/// How a cooling unit removes heat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoolingMedium {
    /// A coolant distribution unit: takes the liquid share of the heat of the racks assigned to it.
    Liquid,
    /// A room air unit (CRAH): takes the air share of the heat of the whole hall.
    Air,
    /// A rear-door heat exchanger: takes the air share of the rack it is assigned to.
    RearDoor,
}

impl CoolingMedium {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            CoolingMedium::Liquid => "liquid (CDU)",
            CoolingMedium::Air => "air (CRAH)",
            CoolingMedium::RearDoor => "rear door",
        }
    }
}

/// Cooling-unit figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolingSpec {
    /// Medium.
    pub medium: CoolingMedium,
    /// Heat it can remove, in kW (thermal).
    pub capacity_kw: f64,
    /// Mounted in or on a rack (in-rack CDU, rear door): it takes no floor space of its own.
    #[serde(default)]
    pub mounted: bool,
    /// A CDU's capacity as its maker states it at facility-water supply temperatures; the capacity at the hall's
    /// water is interpolated (and extended) linearly between them, never above `capacity_kw` (an "up to"
    /// figure). Empty: `capacity_kw` at any water temperature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<WaterRating>,
}

/// A cooling unit's capacity at one facility-water supply temperature.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterRating {
    /// Facility-water supply temperature, °C.
    pub water_c: f64,
    /// Heat it removes with that water, kW.
    pub kw: f64,
}

impl CoolingSpec {
    /// Capacity with facility water at `water_c`: linear between (and beyond) the stated ratings, within
    /// 0..=`capacity_kw`; `capacity_kw` when none is stated.
    pub fn capacity_at(&self, water_c: f64) -> f64 {
        let mut points: Vec<WaterRating> = self.ratings.clone();
        points.sort_by(|a, b| a.water_c.total_cmp(&b.water_c));
        let kw = match points.as_slice() {
            [] => return self.capacity_kw,
            [only] => only.kw,
            _ => {
                // The segment holding `water_c`, or the nearest end's segment extended.
                let i = points.windows(2).position(|w| water_c <= w[1].water_c).unwrap_or(points.len() - 2);
                let (a, b) = (points[i], points[i + 1]);
                let span = b.water_c - a.water_c;
                if span.abs() < 1e-9 { a.kw } else { a.kw + (b.kw - a.kw) * (water_c - a.water_c) / span }
            }
        };
        kw.clamp(0.0, self.capacity_kw)
    }
}

/// One equipment type of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquipmentType {
    /// Stable id.
    pub id: TypeId,
    /// Display name, e.g. `"4 × NVIDIA DGX H100"`.
    pub name: String,
    /// What it is.
    pub kind: EquipmentKind,
    /// Footprint width (along the row) in metres.
    pub width_m: f64,
    /// Footprint depth (front to back) in metres.
    pub depth_m: f64,
    /// Weight in kg (racks: loaded).
    pub weight_kg: f64,
    /// Typical (planning) power draw in kW.
    pub power_typical_kw: f64,
    /// Peak (maximum) power draw in kW; PDUs are checked against it.
    pub power_peak_kw: f64,
    /// Fraction (0–1) of the heat that goes to liquid; the rest goes to air.
    #[serde(default)]
    pub liquid_fraction: f64,
    /// Height of the cable ports above the floor, in metres (cable drops start here): the middle of the
    /// servers' ports when they spread over `port_span_m`.
    #[serde(default = "default_port_height_m")]
    pub port_height_m: f64,
    /// GPU racks: vertical spread of the servers' ports, lowest server to highest, in metres; the servers'
    /// ports are evenly spaced over it around `port_height_m`. 0 puts every port at `port_height_m`.
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub port_span_m: f64,
    /// Rack units: what a switch or a mounted unit (in-rack CDU) occupies, or what a rack holds.
    #[serde(default)]
    pub rack_units: u32,
    /// Racks: what a rack of this type holds besides its servers, switches and mounted units — NVLink switch
    /// trays, power shelves, management switches, patch panels — in rack units. The U check counts it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<RackContent>,
    /// GPU content, for GPU racks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<GpuSpec>,
    /// Switch figures, for switches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch: Option<SwitchSpec>,
    /// Capacity, for PDUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdu: Option<PduSpec>,
    /// Capacity, for cooling units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooling: Option<CoolingSpec>,
    /// Capacity and bandwidth, for storage racks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageSpec>,
    /// Who makes it, e.g. `"NVIDIA"`, where one maker's product is meant (empty for a generic enclosure or an
    /// estimate class).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub manufacturer: String,
    /// The maker's orderable part number where it is public (NVIDIA's OPN `"MQM9700-NS2F"`); empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub part_number: String,
    /// Where the figures come from.
    pub source: String,
    /// True when any figure is a planning estimate rather than a vendor or sourced number.
    #[serde(default)]
    pub assumption: bool,
    /// Which figures are estimates and how they were derived.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assumption_note: String,
    /// List price of one item (a GPU rack: fully populated), with its source. Files from before prices have
    /// none; the analysis then leaves the type out of the capital cost and says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
}

/// What a rack holds besides its servers, switches and mounted units: `count` × `u` rack units of one thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackContent {
    /// What it is, e.g. `"NVLink switch tray"`.
    pub label: String,
    /// Rack units one takes.
    pub u: u32,
    /// How many.
    #[serde(default = "one_u32", skip_serializing_if = "is_one_u32")]
    pub count: u32,
    /// Where in the rack they sit (the elevation): at the top (the default), at the bottom, or between the servers
    /// (a GB200 NVL72's NVLink switch trays).
    #[serde(default, skip_serializing_if = "ContentPlace::is_top")]
    pub place: ContentPlace,
}

/// Where a rack's own contents sit in its elevation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentPlace {
    /// Above the servers, from the top usable unit down (management switches, top power shelves).
    #[default]
    Top,
    /// Below the servers, above a mounted unit (bottom power shelves).
    Bottom,
    /// Between the servers, above the lowest `servers_below` of them (a GB200 NVL72's NVLink switch trays sit
    /// above 8 compute trays and below 10).
    Middle {
        /// Servers below these contents.
        servers_below: u32,
    },
}

impl ContentPlace {
    fn is_top(&self) -> bool {
        *self == ContentPlace::Top
    }
}

/// A list price in US dollars and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// US dollars per item.
    pub usd: f64,
    /// Where the figure comes from.
    pub source: String,
    /// True when the figure is a planning estimate rather than a published list price.
    #[serde(default)]
    pub assumption: bool,
    /// How an estimate was derived.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// What kind of figure it is; a file without one says `assumption` (estimate) or not (list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<PriceBasis>,
}

/// What kind of figure a price is, as a buyer asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceBasis {
    /// A vendor or reseller quote for this part.
    Quoted,
    /// A published list price.
    List,
    /// A price reported by press or analysts (a sale-price estimate, a range's figure).
    Reported,
    /// A planning estimate (derived, scaled or assumed).
    Estimate,
}

impl PriceBasis {
    /// The word a bill of materials shows: "quoted", "list", "reported" or "estimate".
    pub fn label(self) -> &'static str {
        match self {
            PriceBasis::Quoted => "quoted",
            PriceBasis::List => "list",
            PriceBasis::Reported => "reported",
            PriceBasis::Estimate => "estimate",
        }
    }
}

impl Price {
    /// Its basis: the stated one, else an estimate when it is an assumption, else a list price.
    pub fn basis(&self) -> PriceBasis {
        self.basis.unwrap_or(if self.assumption { PriceBasis::Estimate } else { PriceBasis::List })
    }
}

fn default_port_height_m() -> f64 {
    1.2
}

fn is_zero_f64(v: &f64) -> bool {
    *v == 0.0
}

impl EquipmentType {
    /// GPUs in one item of this type (0 for anything but GPU racks).
    pub fn gpus(&self) -> u32 {
        self.gpu.as_ref().map_or(0, GpuSpec::gpus)
    }

    /// Height of the ports of server `server` (0 = lowest) above the floor, in metres.
    pub fn server_port_height_m(&self, server: u32) -> f64 {
        let slots = self.gpu.as_ref().map_or(1, |g| g.servers);
        if slots <= 1 || self.port_span_m <= 0.0 {
            return self.port_height_m;
        }
        let step = self.port_span_m / f64::from(slots - 1);
        self.port_height_m - self.port_span_m / 2.0 + step * f64::from(server.min(slots - 1))
    }

    /// True when the type takes floor space (mounted cooling units do not).
    pub fn occupies_floor(&self) -> bool {
        !self.cooling.as_ref().is_some_and(|c| c.mounted)
    }
}

/// A set of equipment types, looked up by id. Serialised as a list sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(into = "Vec<EquipmentType>")]
pub struct Catalog {
    /// The types, sorted by id.
    pub types: Vec<EquipmentType>,
}

impl Catalog {
    /// Builds a catalog, sorting the types by id.
    pub fn new(mut types: Vec<EquipmentType>) -> Self {
        types.sort_by(|a, b| a.id.cmp(&b.id));
        Self { types }
    }

    /// The type with this id.
    pub fn get(&self, id: &TypeId) -> Option<&EquipmentType> {
        self.types.binary_search_by(|t| t.id.cmp(id)).ok().map(|i| &self.types[i])
    }

    /// Types of one kind, in id order.
    pub fn of_kind(&self, kind: EquipmentKind) -> impl Iterator<Item = &EquipmentType> {
        self.types.iter().filter(move |t| t.kind == kind)
    }
}

impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::bounded::bounded_vec::<_, _, { super::bounded::MAX_TYPES }>(deserializer).map(Catalog::new)
    }
}

impl From<Vec<EquipmentType>> for Catalog {
    fn from(types: Vec<EquipmentType>) -> Self {
        Self::new(types)
    }
}

impl From<Catalog> for Vec<EquipmentType> {
    fn from(c: Catalog) -> Self {
        c.types
    }
}
