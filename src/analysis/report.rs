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
    /// Power.
    pub power: PowerReport,
    /// Cooling.
    pub cooling: CoolingReport,
    /// Network fabric.
    pub network: NetworkReport,
    /// Cabling.
    pub cables: CableReport,
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
}

/// Power totals and per-PDU loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PowerReport {
    /// IT power, typical, in kW.
    pub it_kw: f64,
    /// IT power, peak, in kW.
    pub it_peak_kw: f64,
    /// Facility power (IT × PUE), typical, in kW.
    pub facility_kw: f64,
    /// Facility power (IT peak × PUE), in kW.
    pub facility_peak_kw: f64,
    /// Power usage effectiveness used.
    pub pue: f64,
    /// Usable PDU capacity in the hall, in kW.
    pub pdu_capacity_kw: f64,
    /// Every PDU's load, in id order.
    pub pdus: Vec<PduLoad>,
    /// Totals per row of racks.
    pub rows: Vec<RowTotals>,
    /// IT items with no power (no feed, or every feed failed in the scenario).
    pub unpowered_items: u64,
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
    /// A label such as `"row y=12"` (tiles) for a row running along x.
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CoolingReport {
    /// Heat to remove (= typical IT power), in kW.
    pub total_kw: f64,
    /// Heat that goes to liquid, in kW.
    pub liquid_kw: f64,
    /// Heat that goes to air, in kW.
    pub air_kw: f64,
    /// Total heat in BTU/h.
    pub btu_per_hr: f64,
    /// Total heat in tons of refrigeration.
    pub tons: f64,
    /// Airflow through the equipment at the hall's air ΔT, in CFM.
    pub air_cfm: f64,
    /// The same airflow in m³/h.
    pub air_m3_per_hr: f64,
    /// Water flow for the liquid heat at the hall's coolant ΔT, in L/min.
    pub coolant_lpm: f64,
    /// Air heat left to the room's CRAH units (not taken by rear doors), in kW.
    pub room_air_kw: f64,
    /// Capacity of the room's CRAH units in the scenario, in kW.
    pub room_air_capacity_kw: f64,
    /// Liquid heat with no working CDU, in kW.
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
    /// Heat it takes, in kW.
    pub load_kw: f64,
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
    /// What a non-blocking rail-optimised fat tree needs.
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
    /// Optical transceivers (two per multimode or single-mode cable).
    pub transceivers: u64,
    /// Cables longer than any medium reaches.
    pub beyond_reach: u64,
    /// Cables per tier.
    pub by_tier: TierCounts,
    /// Length per tier.
    pub length_by_tier_m: TierLengths,
    /// Cables per medium (`passive_copper`, `active_copper`, `multimode`, `single_mode`, `beyond_reach`).
    pub by_media: BTreeMap<String, MediaTotals>,
    /// Cable-length histogram over stock lengths, shortest first.
    pub by_length: Vec<LengthBin>,
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
