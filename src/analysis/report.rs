//! The report: every number the designer and the CLI show, as one serialisable value.
//!
//! JSON keys are part of the CLI's contract (`clusterplan report --format json`) and pinned by a test.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{CoolingMedium, ItemId};

/// Everything the live model computes for a layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// GPU counts.
    pub gpus: GpuReport,
    /// Compute throughput.
    pub compute: ComputeReport,
    /// GPU memory (HBM).
    pub memory: MemoryReport,
    /// Power.
    pub power: PowerReport,
    /// Cooling.
    pub cooling: CoolingReport,
    /// Network fabric.
    pub network: NetworkReport,
    /// Cabling.
    pub cables: CableReport,
    /// Floor loading.
    pub floor: FloorReport,
    /// The site upstream of the floor PDUs: the chain's loads, redundancy, supply, water (or, without a site,
    /// the hall's PUE estimate, `site.modelled` false).
    pub site: super::site::SiteReport,
    /// Capital and energy cost.
    pub cost: super::cost::CostReport,
    /// Bill of materials: every type, switch and part with its price (what `cost.capex_usd` adds up).
    pub bom: Vec<super::cost::BomRow>,
    /// Problems found, errors first.
    pub warnings: Vec<Warning>,
    /// The failure the report was computed under (`"none"` for normal operation).
    pub failure: String,
}

impl Report {
    /// Number of error-severity warnings.
    pub fn error_count(&self) -> usize {
        self.warnings.iter().filter(|w| w.severity == Severity::Error).count()
    }
}

/// GPU counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GpuReport {
    /// GPUs in the hall.
    pub total: u64,
    /// GPUs per GPU model.
    pub by_model: BTreeMap<String, u64>,
    /// Servers (compute nodes).
    pub servers: u64,
    /// GPU racks.
    pub racks: u64,
}

/// Dense (non-sparse) compute throughput.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ComputeReport {
    /// Dense BF16 PFLOPS.
    pub bf16_pflops: f64,
    /// Dense FP8 PFLOPS.
    pub fp8_pflops: f64,
    /// Dense BF16 PFLOPS per MW of facility power (typical).
    pub bf16_pflops_per_mw: f64,
    /// Dense FP8 PFLOPS per MW of facility power (typical).
    pub fp8_pflops_per_mw: f64,
    /// NVLink domains: the GPUs that share one NVLink fabric (a board of 8, an NVL72 rack).
    pub nvlink_domains: NvlinkDomains,
}

/// NVLink domains of the hall.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NvlinkDomains {
    /// Domains in the hall.
    pub count: u64,
    /// The largest domain, in GPUs.
    pub largest_gpus: u32,
    /// Domains by size, smallest first.
    pub by_size: Vec<DomainSize>,
}

/// How many NVLink domains hold a number of GPUs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DomainSize {
    /// GPUs in each domain.
    pub gpus_per_domain: u32,
    /// Domains of that size.
    pub count: u64,
}

/// GPU memory totals (1 TB = 1,000 GB, as vendors quote HBM).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MemoryReport {
    /// HBM capacity in TB.
    pub hbm_tb: f64,
    /// HBM bandwidth summed over GPUs, in TB/s.
    pub bandwidth_tbps: f64,
    /// Per GPU model.
    pub by_model: BTreeMap<String, ModelMemory>,
    /// GPUs whose type does not state its memory (counted as 0).
    pub gpus_without_figures: u64,
}

/// Memory of one GPU model.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModelMemory {
    /// GPUs of the model.
    pub gpus: u64,
    /// HBM per GPU in GB.
    pub hbm_gb_per_gpu: f64,
    /// HBM bandwidth per GPU in TB/s.
    pub bandwidth_tbps_per_gpu: f64,
    /// HBM capacity in TB.
    pub hbm_tb: f64,
    /// HBM bandwidth in TB/s.
    pub bandwidth_tbps: f64,
}

/// Power totals and per-PDU loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PowerReport {
    /// IT power, typical, in kW.
    pub it_kw: f64,
    /// IT power, peak, in kW.
    pub it_peak_kw: f64,
    /// Facility power at the energy basis (typical IT), in kW: through the site's chain and plant, or IT × PUE
    /// when the site is not modelled (`site.facility_typical_kw`).
    pub facility_kw: f64,
    /// Facility power at the design basis (peak IT), in kW: through the site's chain and plant, or peak IT × PUE
    /// when the site is not modelled (`site.facility_design_kw`).
    pub facility_peak_kw: f64,
    /// Power usage effectiveness used.
    pub pue: f64,
    /// Usable capacity of every PDU added up, in kW — both sides of a 2N floor, so not what the floor carries.
    pub pdu_capacity_kw: f64,
    /// What the floor's PDUs carry with the redundancy's loss taken: a side's (2N, the smaller side), the largest
    /// PDU (N+1), none (N); in kW.
    pub pdu_usable_kw: f64,
    /// Every PDU's load, in id order.
    pub pdus: Vec<PduLoad>,
    /// Totals per row of racks.
    pub rows: Vec<RowTotals>,
    /// IT items with no power (no feed, or every feed failed in the scenario).
    pub unpowered_items: u64,
    /// The densest rack's IT power, typical (energy basis), in kW: the top of the heat overlay's scale.
    pub densest_rack_kw: f64,
    /// The densest rack's IT power at peak (design basis), in kW: what its feeds and cooling must carry.
    pub densest_rack_peak_kw: f64,
}

/// One PDU's load.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PduLoad {
    /// The PDU.
    pub id: ItemId,
    /// Usable capacity: kVA × power factor × 80 % continuous derating, in kW.
    pub usable_kw: f64,
    /// Load at peak draw in the report's scenario, in kW.
    pub load_kw: f64,
    /// Load at typical draw in the report's scenario, in kW.
    pub load_typical_kw: f64,
    /// Worst load at peak draw when redundancy is called on (2N: the partner side lost; N+1: the worst single
    /// PDU lost; N: same as `load_kw`), in kW.
    pub failover_kw: f64,
    /// Items fed by this PDU.
    pub fed_items: u32,
    /// Lost in the report's scenario (it carries nothing).
    pub lost: bool,
}

impl PduLoad {
    /// Load over usable capacity in the scenario (0 when the PDU has no capacity).
    pub fn utilisation(&self) -> f64 {
        if self.usable_kw > 0.0 { self.load_kw / self.usable_kw } else { 0.0 }
    }

    /// Failover load over usable capacity (0 when the PDU has no capacity).
    pub fn failover_utilisation(&self) -> f64 {
        if self.usable_kw > 0.0 { self.failover_kw / self.usable_kw } else { 0.0 }
    }
}

/// Totals of one row of equipment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RowTotals {
    /// A label such as `"row at y 7.2 m"` for a row running along x.
    pub label: String,
    /// IT items in the row.
    pub items: u32,
    /// GPUs in the row.
    pub gpus: u64,
    /// Typical IT power in kW.
    pub it_kw: f64,
    /// Peak IT power in kW.
    pub it_peak_kw: f64,
}

/// Cooling totals and per-unit loads.
///
/// One basis throughout: equipment capacity (cooling units, flows) is checked and sized at peak heat; energy
/// figures (heat, BTU/h, tons) are given at typical heat, with the peak beside them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CoolingReport {
    /// Facility-water supply temperature the CDUs' capacities are taken at, °C (the site's, else 32 °C).
    pub facility_water_c: f64,
    /// Heat to remove at typical draw (= typical IT power), in kW.
    pub total_kw: f64,
    /// Heat to remove at peak draw (= peak IT power), in kW.
    pub peak_kw: f64,
    /// Heat that goes to liquid at typical draw, in kW.
    pub liquid_kw: f64,
    /// Heat that goes to liquid at peak draw, in kW.
    pub liquid_peak_kw: f64,
    /// Heat that goes to air at typical draw, in kW.
    pub air_kw: f64,
    /// Heat that goes to air at peak draw, in kW.
    pub air_peak_kw: f64,
    /// Typical heat in BTU/h.
    pub btu_per_hr: f64,
    /// Typical heat in tons of refrigeration.
    pub tons: f64,
    /// Peak heat in tons of refrigeration.
    pub peak_tons: f64,
    /// Airflow through the equipment at peak air heat and the hall's air ΔT, in CFM.
    pub air_cfm: f64,
    /// The same airflow in m³/h.
    pub air_m3_per_hr: f64,
    /// Water flow for the peak liquid heat at the hall's coolant ΔT, in L/min.
    pub coolant_lpm: f64,
    /// Peak air heat left to the room's CRAH units (not taken by rear doors), in kW.
    pub room_air_kw: f64,
    /// Capacity of the room's CRAH units in the scenario, in kW.
    pub room_air_capacity_kw: f64,
    /// Peak liquid heat with no working CDU, in kW.
    pub liquid_unserved_kw: f64,
    /// Every cooling unit's load, in id order.
    pub units: Vec<CoolingLoad>,
}

/// One cooling unit's load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoolingLoad {
    /// The unit.
    pub id: ItemId,
    /// Its medium.
    pub medium: CoolingMedium,
    /// Capacity in kW (0 when failed in the scenario).
    pub capacity_kw: f64,
    /// Heat it takes at peak draw (checked against the capacity), in kW.
    pub load_kw: f64,
    /// Heat it takes at typical draw, in kW.
    pub load_typical_kw: f64,
    /// Lost in the report's scenario.
    pub lost: bool,
}

impl CoolingLoad {
    /// Load over capacity (infinite when a failed unit still has load).
    pub fn utilisation(&self) -> f64 {
        if self.capacity_kw > 0.0 {
            self.load_kw / self.capacity_kw
        } else if self.load_kw > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }
}

/// Switch counts: placed, and what the fabric needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NetworkReport {
    /// Switch type the fabric is sized with.
    pub switch_type: Option<String>,
    /// Switch ports at the GPU link speed.
    pub radix: u32,
    /// Placed leaf switches.
    pub leaf_switches: u64,
    /// Placed spine switches.
    pub spine_switches: u64,
    /// Placed core switches.
    pub core_switches: u64,
    /// Placed management switches.
    pub management_switches: u64,
    /// What a non-blocking rail-optimised fat tree needs (all generations).
    pub required: RequiredFabric,
    /// One fabric per GPU generation (same rails and port speed), largest first.
    pub fabrics: Vec<FabricGroup>,
    /// The networks beside the compute fabric (storage / front-end, in-band management), sized.
    pub side: Vec<super::networks::SideNetworkReport>,
    /// The storage the design states and the racks it takes.
    pub storage: super::networks::StorageSizing,
}

/// The fabric of one GPU generation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FabricGroup {
    /// The generation, e.g. `"H100 SXM5 80GB + H200 SXM 141GB (8 × 400G)"`.
    pub label: String,
    /// GPU models in it.
    pub models: Vec<String>,
    /// Compute ports (rails) per server.
    pub rails: u32,
    /// Speed of one compute port in Gb/s.
    pub port_gbps: u32,
    /// GPUs.
    pub gpus: u64,
    /// Scalable units.
    pub scalable_units: u32,
    /// Switch type it is sized with.
    pub switch_type: Option<String>,
    /// Switch ports at the port speed.
    pub radix: u32,
    /// What it needs.
    pub required: RequiredFabric,
}

/// What the fabric needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RequiredFabric {
    /// Leaf switches.
    pub leaf_switches: u64,
    /// Spine switches.
    pub spine_switches: u64,
    /// Core switches.
    pub core_switches: u64,
    /// Tiers (2 or 3).
    pub tiers: u32,
    /// Independent planes.
    pub planes: u32,
    /// Pods (all planes).
    pub pods: u32,
    /// Links per tier.
    pub links: TierCounts,
    /// False when no number of planes fits (see warnings).
    pub fits: bool,
}

impl RequiredFabric {
    /// Adds another fabric's needs (separate fabrics: switches and links add, tiers take the larger).
    pub fn add(&mut self, other: &RequiredFabric) {
        let fits = self.fits || self.tiers == 0;
        self.leaf_switches += other.leaf_switches;
        self.spine_switches += other.spine_switches;
        self.core_switches += other.core_switches;
        self.tiers = self.tiers.max(other.tiers);
        self.planes += other.planes;
        self.pods += other.pods;
        self.links.node_leaf += other.links.node_leaf;
        self.links.leaf_spine += other.links.leaf_spine;
        self.links.spine_core += other.links.spine_core;
        self.fits = fits && (other.fits || other.tiers == 0);
    }
}

/// Counts per fabric tier.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TierCounts {
    /// Node (GPU NIC) to leaf.
    pub node_leaf: u64,
    /// Leaf to spine.
    pub leaf_spine: u64,
    /// Spine to core.
    pub spine_core: u64,
}

/// Lengths per fabric tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TierLengths {
    /// Node to leaf, metres.
    pub node_leaf: f64,
    /// Leaf to spine, metres.
    pub leaf_spine: f64,
    /// Spine to core, metres.
    pub spine_core: f64,
}

/// Count and length of one cable medium.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MediaTotals {
    /// Cables.
    pub count: u64,
    /// Total stock length in metres.
    pub length_m: f64,
}

/// How many cables have one stock length.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LengthBin {
    /// Stock length in metres.
    pub length_m: f64,
    /// Cables.
    pub count: u64,
}

/// Cabling of the placed fabric.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CableReport {
    /// Cables (one per link).
    pub count: u64,
    /// Total stock length in metres.
    pub total_length_m: f64,
    /// Longest stock length in metres.
    pub longest_m: f64,
    /// Endpoints of the longest link.
    pub longest_link: Option<(ItemId, ItemId)>,
    /// Optical transceivers: one per link at a NIC, one per port cage at a switch (see `parts`).
    pub transceivers: u64,
    /// Cables longer than any medium reaches.
    pub beyond_reach: u64,
    /// The lengths cables are bought in, in words.
    pub stock_ladder: &'static str,
    /// Node links on single-mode longer than the NIC-side module reaches (NVIDIA's 400G DR4 at a NIC: 100 m; its
    /// 500 m part is switch-to-switch only).
    pub beyond_nic_reach: u64,
    /// Cables per tier.
    pub by_tier: TierCounts,
    /// Length per tier.
    pub length_by_tier_m: TierLengths,
    /// Cables per medium (`passive_copper`, `active_copper`, `multimode`, `single_mode`, `beyond_reach`).
    pub by_media: BTreeMap<String, MediaTotals>,
    /// Cable-length histogram over stock lengths, shortest first.
    pub by_length: Vec<LengthBin>,
    /// What to order: cables, transceivers and fibre by part and stock length.
    pub parts: Vec<super::parts::PartCount>,
}

/// Floor loading: weights and loads against the hall's rating.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FloorReport {
    /// The hall's distributed floor rating, in kg/m² (row zones are checked against it).
    pub rating_kg_per_m2: f64,
    /// The hall's concentrated rating, in kg on one load point (items are checked against it).
    pub point_rating_kg: f64,
    /// Highest point load of any item (its weight over its load points), in kg.
    pub max_point_kg: f64,
    /// The item with that load.
    pub max_item: Option<ItemId>,
    /// Highest distributed load of any row zone, in kg/m².
    pub max_zone_kg_per_m2: f64,
    /// The row zone with that load.
    pub max_zone: Option<String>,
    /// Weight of everything placed, in tonnes.
    pub total_weight_t: f64,
    /// The hall's floor area (width × depth), in m².
    pub hall_area_m2: f64,
    /// Every item's weight and footprint load, in id order.
    pub items: Vec<ItemFloorLoad>,
    /// Every row zone's load.
    pub zones: Vec<ZoneLoad>,
}

impl FloorReport {
    /// The footprint load of an item, if it has one.
    pub fn item(&self, id: ItemId) -> Option<&ItemFloorLoad> {
        self.items.binary_search_by_key(&id, |l| l.id).ok().map(|i| &self.items[i])
    }
}

/// One item's weight over its footprint.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemFloorLoad {
    /// The item.
    pub id: ItemId,
    /// Its weight with what it carries (switches, mounted cooling), in kg.
    pub weight_kg: f64,
    /// Weight over footprint, in kg/m² (footprint pressure: not comparable with a distributed rating).
    pub kg_per_m2: f64,
    /// Weight on each of its load points (feet or casters), in kg: what the concentrated rating is checked against.
    pub point_kg: f64,
}

/// One row zone: a row of items plus half the aisles beside it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ZoneLoad {
    /// The row, as in the power report (`"row at y 7.2 m"`).
    pub label: String,
    /// Weight of the row, in kg.
    pub weight_kg: f64,
    /// Area of the zone, in m².
    pub area_m2: f64,
    /// Distributed load, in kg/m².
    pub kg_per_m2: f64,
}

/// How bad a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The design is wrong: `clusterplan check` fails.
    Error,
    /// Worth a look; the design may still be valid.
    Warning,
}

/// One problem found by the analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    /// Stable code, e.g. `"pdu-overload"`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
    /// The items involved.
    pub items: Vec<ItemId>,
}
