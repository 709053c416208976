//! The site upstream of the floor PDUs: what supplies the hall (utility services, on-site generation, battery
//! storage), how power reaches the PDUs (substation transformers, then one lineup per UPS system: a unit
//! substation feeding a UPS), the mechanical plant that rejects the hall's heat, and the plant types those name
//! (figures, sources, prices) — carried in the file like the equipment catalog, so a file computes the same
//! anywhere. A layout without a site computes as before, its facility figure an estimate from the hall's PUE.
//!
//! Plain data; `analysis::site` computes loads, losses, redundancy and cost from it.

use serde::{Deserialize, Serialize};

use super::bounded::bounded_vec;
use super::catalog::{Price, TypeId};

/// Most plant types, utility services, banks or UPS systems a site may list.
pub const MAX_SITE_ENTRIES: usize = 10_000;

/// What a plant type is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PlantKind {
    /// An HV/MV substation transformer (utility voltage to the campus MV), rated in kVA.
    SubstationTransformer,
    /// An MV/LV unit substation feeding one UPS system or the mechanical and house loads, rated in kVA.
    UnitSubstation,
    /// A lineup of MV switchgear (the campus MV bus between the substation and the unit substations), rated in
    /// kVA at the campus MV (its bus amps × kV × √3).
    MvSwitchgear,
    /// A UPS module (a system parallels several), rated in kW output.
    UpsModule,
    /// A diesel generator set, rated in kW (standby).
    DieselGenset,
    /// A gas reciprocating engine generator, rated in kW.
    GasEngine,
    /// A gas turbine generator, rated in kW.
    GasTurbine,
    /// A battery energy storage system: kW and kWh.
    Battery,
    /// Heat rejection for the liquid loop without compressors (warm facility water).
    DryCooler,
    /// An evaporative cooling tower (open loop), for the liquid loop or a chiller plant.
    CoolingTower,
    /// A water-cooled chiller plant module (chiller, towers, pumps).
    WaterCooledChiller,
    /// An air-cooled chiller.
    AirCooledChiller,
}

impl PlantKind {
    /// Every kind, in single-line order (upstream first).
    pub const ALL: [PlantKind; 12] = [
        PlantKind::SubstationTransformer,
        PlantKind::MvSwitchgear,
        PlantKind::UnitSubstation,
        PlantKind::UpsModule,
        PlantKind::DieselGenset,
        PlantKind::GasEngine,
        PlantKind::GasTurbine,
        PlantKind::Battery,
        PlantKind::DryCooler,
        PlantKind::CoolingTower,
        PlantKind::WaterCooledChiller,
        PlantKind::AirCooledChiller,
    ];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            PlantKind::SubstationTransformer => "substation transformer",
            PlantKind::UnitSubstation => "unit substation",
            PlantKind::MvSwitchgear => "MV switchgear",
            PlantKind::UpsModule => "UPS module",
            PlantKind::DieselGenset => "diesel genset",
            PlantKind::GasEngine => "gas engine",
            PlantKind::GasTurbine => "gas turbine",
            PlantKind::Battery => "battery storage",
            PlantKind::DryCooler => "dry cooler",
            PlantKind::CoolingTower => "cooling tower",
            PlantKind::WaterCooledChiller => "water-cooled chiller",
            PlantKind::AirCooledChiller => "air-cooled chiller",
        }
    }

    /// Rated in kVA (transformers) rather than kW.
    pub fn rated_in_kva(self) -> bool {
        matches!(self, PlantKind::SubstationTransformer | PlantKind::UnitSubstation | PlantKind::MvSwitchgear)
    }

    /// Generates power on site.
    pub fn generates(self) -> bool {
        matches!(self, PlantKind::DieselGenset | PlantKind::GasEngine | PlantKind::GasTurbine)
    }

    /// Rejects heat (its rating is thermal kW).
    pub fn rejects_heat(self) -> bool {
        matches!(
            self,
            PlantKind::DryCooler
                | PlantKind::CoolingTower
                | PlantKind::WaterCooledChiller
                | PlantKind::AirCooledChiller
        )
    }

    /// The BOM category its price counts in.
    pub fn cost_category(self) -> &'static str {
        if self.rejects_heat() { "mechanical plant" } else { "electrical plant" }
    }
}

/// One plant type: its rating, efficiency, what it draws or uses, where the figures come from and its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlantType {
    /// Stable id, e.g. `"ups-1000kw"`.
    pub id: TypeId,
    /// Display name.
    pub name: String,
    /// What it is.
    pub kind: PlantKind,
    /// Rating in kW: electrical output (UPS module, generator, battery), or heat it rejects (cooling plant).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rating_kw: f64,
    /// Rating in kVA (transformers).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rating_kva: f64,
    /// Energy stored, in kWh (batteries).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub energy_kwh: f64,
    /// Efficiency at its design load, 0–1: output ÷ input (transformers, UPS), round trip (batteries).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub efficiency: f64,
    /// Cooling plant: electrical kW drawn per kW of heat rejected (compressors, fans, pumps).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub kw_per_kw_heat: f64,
    /// Cooling plant: water used per kWh of heat rejected, in litres (0 for dry heat rejection).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub water_l_per_kwh: f64,
    /// Generators: seconds from a start signal to taking load.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_s: f64,
    /// Where the figures come from.
    pub source: String,
    /// True when any figure is a planning estimate.
    #[serde(default)]
    pub assumption: bool,
    /// Which figures are estimates and how they were derived.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assumption_note: String,
    /// Price of one unit, with its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
}

impl PlantType {
    /// Its rating in its own unit (kVA for transformers, else kW).
    pub fn rating(&self) -> f64 {
        if self.kind.rated_in_kva() { self.rating_kva } else { self.rating_kw }
    }

    /// The unit [`PlantType::rating`] is in: `"kVA"`, `"kW heat"` (heat rejection) or `"kW"`.
    pub fn rating_unit(&self) -> &'static str {
        if self.kind.rated_in_kva() {
            "kVA"
        } else if self.kind.rejects_heat() {
            "kW heat"
        } else {
            "kW"
        }
    }
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

/// A utility service: a grid connection and what it may take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityService {
    /// A name, e.g. `"TVA 150 MW"`.
    pub name: String,
    /// Firm capacity the utility commits, in MW.
    pub firm_mw: f64,
    /// Service voltage in kV.
    pub kv: f64,
}

/// Several units of one plant type, `redundant` of them spare (N+`redundant`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitBank {
    /// The plant type.
    pub plant: TypeId,
    /// Units installed.
    pub count: u32,
    /// Of those, spares the design does not count on (N+1: 1).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub redundant: u32,
}

impl UnitBank {
    /// `count` units of `plant`, `redundant` of them spare.
    pub fn new(plant: &str, count: u32, redundant: u32) -> Self {
        Self { plant: TypeId::from(plant), count, redundant }
    }

    /// Units the design counts on.
    pub fn duty(&self) -> u32 {
        self.count.saturating_sub(self.redundant)
    }
}

/// How the UPS systems back each other up (APC/Schneider WP75's classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum UpsTopology {
    /// One path sized to the load; a system lost drops its PDUs.
    N,
    /// Each system has spare modules on one paralleling bus; a module may fail, a system may not.
    NPlus1,
    /// Two independent sides, each able to carry the whole load: A and B.
    #[default]
    TwoN,
    /// 2N with spare modules in every system.
    TwoNPlus1,
    /// x systems; every PDU pair is fed from two of them, so a lost system's load falls to its partners
    /// (xN/(x−1): 4 make 3, 3 make 2).
    DistributedRedundant,
    /// Each system carries its own block; a reserve ("catcher") system takes over any one failed block.
    BlockRedundant,
}

impl UpsTopology {
    /// Every topology.
    pub const ALL: [UpsTopology; 6] = [
        UpsTopology::N,
        UpsTopology::NPlus1,
        UpsTopology::TwoN,
        UpsTopology::TwoNPlus1,
        UpsTopology::DistributedRedundant,
        UpsTopology::BlockRedundant,
    ];

    /// A short label (`dr` reads "xN/(x−1)" once the system count is known: see [`Site::topology_label`]).
    pub fn label(self) -> &'static str {
        match self {
            UpsTopology::N => "N",
            UpsTopology::NPlus1 => "N+1",
            UpsTopology::TwoN => "2N",
            UpsTopology::TwoNPlus1 => "2(N+1)",
            UpsTopology::DistributedRedundant => "distributed redundant",
            UpsTopology::BlockRedundant => "block redundant",
        }
    }

    /// True when the topology has A and B sides.
    pub fn sided(self) -> bool {
        matches!(self, UpsTopology::TwoN | UpsTopology::TwoNPlus1)
    }
}

/// Which side of a 2N design a UPS system is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub enum Side {
    /// No side (N, N+1, distributed or block redundant).
    #[default]
    None,
    /// Side A.
    A,
    /// Side B.
    B,
}

impl Side {
    fn is_none(&self) -> bool {
        *self == Side::None
    }
}

/// One UPS system and the unit substation that feeds it: a lineup. Floor PDUs name it as their `upstream`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpsSystem {
    /// Stable id the PDUs refer to.
    pub id: u32,
    /// A name, e.g. `"UPS A3"`.
    pub name: String,
    /// Its side in a 2N design.
    #[serde(default, skip_serializing_if = "Side::is_none")]
    pub side: Side,
    /// The UPS module type.
    pub module: TypeId,
    /// Modules installed.
    pub modules: u32,
    /// Of those, spare modules (N+1 within the system).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub redundant_modules: u32,
    /// Battery autonomy at the system's rated load, in minutes.
    pub battery_min: f64,
    /// The MV/LV unit substation type feeding it (one per lineup).
    pub transformer: TypeId,
    /// Block redundant: this is the reserve (catcher) system, carrying nothing until a block fails.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reserve: bool,
}

/// The mechanical plant: heat rejection for the liquid loop and for the air (CRAH chilled water).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MechanicalPlant {
    /// Heat rejection for the liquid loop (the CDUs' facility water).
    pub liquid: Option<UnitBank>,
    /// Heat rejection for the air (chilled water to the CRAHs and rear doors).
    pub air: Option<UnitBank>,
    /// Facility-water supply temperature, in °C (ASHRAE W-class).
    pub facility_water_c: f64,
    /// Unit substations feeding the mechanical and house loads.
    pub feed: Option<UnitBank>,
}

/// Facility-water supply temperature a design takes unless its site states another, °C (ASHRAE W32).
pub const DEFAULT_FACILITY_WATER_C: f64 = 32.0;

impl Default for MechanicalPlant {
    fn default() -> Self {
        Self { liquid: None, air: None, facility_water_c: DEFAULT_FACILITY_WATER_C, feed: None }
    }
}

/// The site: supply, power chain and mechanical plant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    /// Plant types the site names (the file carries them).
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_SITE_ENTRIES>")]
    pub types: Vec<PlantType>,
    /// Grid connections.
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_SITE_ENTRIES>")]
    pub utility: Vec<UtilityService>,
    /// On-site generation (gensets, engines, turbines).
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_SITE_ENTRIES>")]
    pub generation: Vec<UnitBank>,
    /// Battery storage at the site's MV.
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_SITE_ENTRIES>")]
    pub storage: Vec<UnitBank>,
    /// HV/MV substation transformers.
    pub substation: Option<UnitBank>,
    /// MV switchgear lineups: the campus MV bus that every lineup and the mechanical feed hang on (None: not
    /// modelled as a rated stage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mv_switchgear: Option<UnitBank>,
    /// Campus MV, in kV.
    pub mv_kv: f64,
    /// How the UPS systems back each other up.
    pub topology: UpsTopology,
    /// Distributed redundant: systems in a group that back each other up (the x of xN/(x−1)); 0 means all of
    /// them. Unused by the other topologies.
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub group: u32,
    /// The UPS lineups.
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_SITE_ENTRIES>")]
    pub ups: Vec<UpsSystem>,
    /// Losses between the UPS output and the floor PDUs (switchboards, busway, RPPs), percent.
    pub distribution_loss_percent: f64,
    /// Mechanical plant.
    pub mechanical: MechanicalPlant,
    /// House load (lighting, offices, security), kW; not UPS-backed.
    pub house_kw: f64,
    /// Building, site work and white space, US dollars per MW of IT design load (a sourced estimate).
    pub building_usd_per_mw: f64,
}

/// Default losses between UPS and PDU: the middle of busway/RPP's ≈0.5–1 % (shared/reference/domain.md §9a,
/// assumption).
pub const DEFAULT_DISTRIBUTION_LOSS_PERCENT: f64 = 0.75;

/// Building cost per MW of critical (IT) load: the 47 % of Cushman & Wakefield's US 2025 all-in $11.7 M per MW
/// that is not electrical or mechanical plant (shell 21 %, site 10 %, white space 10 %, back of house 4 %,
/// office 2 %) — the plant is priced unit by unit instead. Cushman & Wakefield, *Data Center Development Cost
/// Guide 2025* (shared/reference/domain.md §11a); the split applied to a MW is a calculation.
pub const DEFAULT_BUILDING_USD_PER_MW: f64 = 11.7e6 * 0.47;

impl Default for Site {
    fn default() -> Self {
        Self {
            types: Vec::new(),
            utility: Vec::new(),
            generation: Vec::new(),
            storage: Vec::new(),
            substation: None,
            mv_switchgear: None,
            mv_kv: 13.8,
            topology: UpsTopology::TwoN,
            group: 0,
            ups: Vec::new(),
            distribution_loss_percent: DEFAULT_DISTRIBUTION_LOSS_PERCENT,
            mechanical: MechanicalPlant::default(),
            house_kw: 0.0,
            building_usd_per_mw: DEFAULT_BUILDING_USD_PER_MW,
        }
    }
}

impl Site {
    /// The plant type with this id.
    pub fn plant(&self, id: &TypeId) -> Option<&PlantType> {
        self.types.iter().find(|t| t.id == *id)
    }

    /// The UPS system with this id.
    pub fn system(&self, id: u32) -> Option<&UpsSystem> {
        self.ups.iter().find(|s| s.id == id)
    }

    /// The topology's label, with x for distributed redundant ("4N/3").
    pub fn topology_label(&self) -> String {
        match self.topology {
            UpsTopology::DistributedRedundant => {
                let x = if self.group > 0 { self.group as usize } else { self.ups.len() };
                format!("distributed redundant {x}N/{}", x.saturating_sub(1))
            }
            t => t.label().to_owned(),
        }
    }

    /// Firm grid capacity, MW.
    pub fn grid_mw(&self) -> f64 {
        self.utility.iter().map(|u| u.firm_mw).sum()
    }

    /// Every bank of plant the site lists, with what it is for.
    pub fn banks(&self) -> impl Iterator<Item = (&'static str, &UnitBank)> {
        self.generation
            .iter()
            .map(|b| ("generation", b))
            .chain(self.storage.iter().map(|b| ("storage", b)))
            .chain(self.substation.iter().map(|b| ("substation", b)))
            .chain(self.mv_switchgear.iter().map(|b| ("MV switchgear", b)))
            .chain(self.mechanical.liquid.iter().map(|b| ("liquid heat rejection", b)))
            .chain(self.mechanical.air.iter().map(|b| ("air heat rejection", b)))
            .chain(self.mechanical.feed.iter().map(|b| ("mechanical feed", b)))
    }

    /// The next free UPS system id.
    pub fn next_system_id(&self) -> u32 {
        self.ups.iter().map(|s| s.id).max().map_or(1, |m| m.saturating_add(1))
    }
}
