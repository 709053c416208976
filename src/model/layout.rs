//! The document: a hall and the items placed in it.
//!
//! Plain data with serde. Positions are in whole millimetres (snapped to the hall's `tile_m` grid or to a
//! neighbour's edge by the editor), sizes in metres, power in kW.
//! Nothing here computes results; that is `analysis`.

use std::collections::BTreeMap;

use glam::DVec2;
use serde::{Deserialize, Serialize};

use super::bounded::{MAX_ITEMS, MAX_OBSTACLES, bounded_map, bounded_vec};
use super::catalog::{Catalog, EquipmentType, TypeId};
use super::limits::MAX_PRICE_OVERRIDES;

/// The file-format version this build writes. Version 1 kept positions in whole tiles (`x`, `y`); version 2
/// keeps them in millimetres (`x_mm`, `y_mm`), so racks of any width stand side by side.
pub const FORMAT_VERSION: u32 = 2;

/// A length in metres as whole millimetres (rounded; 0 for a length that is not a finite number).
pub fn mm_of(m: f64) -> i64 {
    if m.is_finite() { (m * 1000.0).round().clamp(-1e15, 1e15) as i64 } else { 0 }
}

/// Stable identifier of an item within a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct ItemId(pub u32);

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A whole layout file: the hall, the equipment types it uses, and the placed items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// File-format version ([`FORMAT_VERSION`] when written by this build).
    pub version: u32,
    /// A name for the design.
    #[serde(default)]
    pub name: String,
    /// Project, customer, author and revisions (printed on every sheet of a design pack).
    #[serde(default, skip_serializing_if = "super::document::DocumentInfo::is_empty")]
    pub document: super::document::DocumentInfo,
    /// The room.
    pub hall: Hall,
    /// The equipment types the items use (a file carries its own, so it computes the same anywhere).
    pub catalog: Catalog,
    /// The placed items, sorted by id when saved.
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_ITEMS>")]
    pub items: Vec<Item>,
    /// Prices this design uses instead of the catalog's and the parts list's.
    #[serde(default, skip_serializing_if = "PriceOverrides::is_empty")]
    pub prices: PriceOverrides,
    /// The site upstream of the floor PDUs; `None`: not modelled (facility power is then the hall's PUE estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<super::site::Site>,
    /// The build in phases, by day; empty: one phase, everything from the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "bounded_vec::<_, _, MAX_PHASES>")]
    pub phases: Vec<super::phase::Phase>,
}

/// Most phases a layout may hold.
pub const MAX_PHASES: usize = 64;

/// Prices a layout sets for itself, over the catalog's list prices and the parts list's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriceOverrides {
    /// US dollars per item, by type id (a GPU rack: fully populated).
    #[serde(deserialize_with = "bounded_map::<_, _, _, MAX_PRICE_OVERRIDES>")]
    pub types: BTreeMap<TypeId, f64>,
    /// Prices by part id as the parts list names them (e.g. `"osfp-800g-2x400g-sr"`, `"mpo12-om4"`).
    #[serde(deserialize_with = "bounded_map::<_, _, _, MAX_PRICE_OVERRIDES>")]
    pub parts: BTreeMap<String, PartPrice>,
}

impl PriceOverrides {
    /// True when the layout sets no price of its own.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.parts.is_empty()
    }
}

/// A part's price: per unit, plus per metre of stock length for cables and fibre.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartPrice {
    /// US dollars per unit (for a cable or fibre: the fixed part, ends and assembly).
    pub usd: f64,
    /// US dollars per metre of stock length.
    #[serde(default)]
    pub per_m_usd: f64,
}

impl Layout {
    /// An empty layout in a hall of the given size, with default settings.
    pub fn empty(name: &str, width_m: f64, depth_m: f64) -> Self {
        Self {
            version: FORMAT_VERSION,
            name: name.to_owned(),
            document: super::document::DocumentInfo::default(),
            hall: Hall { width_m, depth_m, ..Hall::default() },
            catalog: Catalog::default(),
            items: Vec::new(),
            prices: PriceOverrides::default(),
            site: None,
            phases: Vec::new(),
        }
    }

    /// The type of an item, if the layout's catalog has it.
    pub fn type_of(&self, item: &Item) -> Option<&EquipmentType> {
        self.catalog.get(&item.type_id)
    }

    /// What to call an item: its name, else its type's name (else its type id).
    pub fn name_of(&self, item: &Item) -> String {
        item.name
            .clone()
            .unwrap_or_else(|| self.type_of(item).map_or_else(|| item.type_id.to_string(), |t| t.name.clone()))
    }

    /// The next free item id (ids are bounded by [`super::limits::MAX_ITEM_ID`], far from overflow).
    pub fn next_id(&self) -> ItemId {
        ItemId(self.items.iter().map(|i| i.id.0).max().map_or(1, |m| m.saturating_add(1)))
    }

    /// Index of the item with this id, by binary search when items are sorted (as after load and in
    /// generated halls), falling back to a scan.
    pub fn index_of(&self, id: ItemId) -> Option<usize> {
        match self.items.binary_search_by_key(&id, |i| i.id) {
            Ok(i) => Some(i),
            Err(_) => self.items.iter().position(|i| i.id == id),
        }
    }
}

/// The room: size, grid, obstacles, cable trays and settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Hall {
    /// Width (x) in metres.
    pub width_m: f64,
    /// Depth (y) in metres.
    pub depth_m: f64,
    /// Floor tile edge in metres (600 mm TIA-942 grid by default).
    pub tile_m: f64,
    /// Columns, walls and no-go zones.
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_OBSTACLES>")]
    pub obstacles: Vec<Obstacle>,
    /// Overhead cable trays.
    pub trays: CableTrays,
    /// Engineering settings.
    pub settings: HallSettings,
}

impl Hall {
    /// Millimetres from the origin to the edge of tile `t` (rounded to the millimetre: exact for 600 mm tiles,
    /// within half a millimetre for 2 ft ones, never accumulating).
    pub fn tile_edge_mm(&self, t: i64) -> i64 {
        mm_of(t as f64 * self.tile_m)
    }

    /// The nearest tile edge to a position in millimetres.
    pub fn snap_to_tile_mm(&self, v_mm: i64) -> i64 {
        if !(self.tile_m.is_finite() && self.tile_m > 0.0) {
            return v_mm;
        }
        self.tile_edge_mm((v_mm as f64 / (self.tile_m * 1000.0)).round() as i64)
    }
}

impl Default for Hall {
    fn default() -> Self {
        Self {
            width_m: 30.0,
            depth_m: 20.0,
            tile_m: 0.6,
            obstacles: Vec::new(),
            trays: CableTrays::default(),
            settings: HallSettings::default(),
        }
    }
}

/// What an obstacle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObstacleKind {
    /// A building column.
    Column,
    /// A wall segment.
    Wall,
    /// An area kept free (egress path, ramp, door swing).
    NoGo,
}

/// A rectangle of the floor where nothing may stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obstacle {
    /// What it is.
    pub kind: ObstacleKind,
    /// Left edge in metres.
    pub x_m: f64,
    /// Top edge in metres.
    pub y_m: f64,
    /// Width in metres.
    pub width_m: f64,
    /// Depth in metres.
    pub depth_m: f64,
    /// Optional label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The overhead tray grid cables are routed along: trays run along x at `offset_y_m + k × pitch_y_m` and
/// along y at `offset_x_m + k × pitch_x_m`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct CableTrays {
    /// Tray height above the floor, in metres.
    pub height_m: f64,
    /// Spacing of the trays that run along y, in metres.
    pub pitch_x_m: f64,
    /// Spacing of the trays that run along x, in metres.
    pub pitch_y_m: f64,
    /// x of the first tray that runs along y.
    pub offset_x_m: f64,
    /// y of the first tray that runs along x.
    pub offset_y_m: f64,
}

impl Default for CableTrays {
    fn default() -> Self {
        Self { height_m: 3.0, pitch_x_m: 6.0, pitch_y_m: 2.4, offset_x_m: 0.0, offset_y_m: 0.0 }
    }
}

/// How power feeds are made redundant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Redundancy {
    /// One feed per rack; a lost PDU drops its racks.
    N,
    /// A and B feeds; the worst single PDU failure moves its racks onto their other feed.
    NPlus1,
    /// Two independent paths (A and B); each side must carry the whole load when the other is lost.
    #[default]
    TwoN,
}

impl Redundancy {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Redundancy::N => "N",
            Redundancy::NPlus1 => "N+1",
            Redundancy::TwoN => "2N",
        }
    }
}

/// Default slack percentage: "it is common practice to add 10 percent to the total cable estimate"
/// (US DoD MIL-HDBK-1012/3, telecommunications cabling, as published at navalfacilities.tpub.com/1012_3).
pub const DEFAULT_CABLE_SLACK_PERCENT: f64 = 10.0;
/// Default tray reach: a rack more than 3 m from every tray needs a tray of its own (planning assumption;
/// overhead trays run over every row, so a rack is normally within half a row pitch, ≈ 1.2 m, of one).
pub const DEFAULT_TRAY_REACH_M: f64 = 3.0;
/// Default distributed (uniform) floor rating: 18.6 kPa ≈ 1,900 kg/m², the low end of current data-hall practice
/// (18.6–25 kPa; shared/reference/domain.md §14, podtechdatacenter.com) — a modern AI hall's slab. A legacy raised
/// floor is 500–1,000 kg/m² (§14, IBM); set the slab's rating for a real hall.
pub const DEFAULT_FLOOR_RATING_KG_PER_M2: f64 = 1_900.0;

/// Default concentrated (point) rating: 680 kg (1,500 lb) on one load point, the least a Tier III/IV raised-floor
/// panel is rated for (CISCA concentrated-load test; shared/reference/domain.md §14). On slab-on-grade without a
/// raised floor, set the slab's point capacity.
pub const DEFAULT_FLOOR_POINT_RATING_KG: f64 = 680.0;

/// Default electricity price: the U.S. industrial average retail price, about 8 ¢/kWh in 2024 (EIA Electric
/// Power Monthly, table 5.6.A); set the site's tariff for a real hall.
pub const DEFAULT_ENERGY_USD_PER_KWH: f64 = 0.08;

/// Engineering settings of the hall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct HallSettings {
    /// Power usage effectiveness: facility power ÷ IT power.
    pub pue: f64,
    /// Air temperature rise across the equipment, in kelvin.
    pub air_delta_t_k: f64,
    /// Coolant temperature rise across the liquid loop, in kelvin.
    pub coolant_delta_t_k: f64,
    /// Service-loop slack added to every cable, in metres (the least slack a cable gets).
    pub cable_slack_m: f64,
    /// Slack as a percentage of the routed run; a cable gets the larger of this and `cable_slack_m`.
    pub cable_slack_percent: f64,
    /// Farthest a rack may stand from a cable tray before the analysis warns, in metres.
    pub tray_reach_m: f64,
    /// Floor loading rating (uniformly distributed load), in kg/m²: what a row zone's average is checked against.
    pub floor_rating_kg_per_m2: f64,
    /// Concentrated (point) load rating, in kg on one load point (a rack's foot or caster): what each item's
    /// weight over its load points is checked against.
    pub floor_point_rating_kg: f64,
    /// In-rack allowance added at each end of a cable (side transition, front/rear), in metres.
    pub rack_allowance_m: f64,
    /// Storage capacity the design needs, in PB (0: not stated; storage racks are then not sized).
    pub storage_pb: f64,
    /// Storage read bandwidth the design needs per GPU, in GB/s (0: not stated).
    pub storage_gb_per_s_per_gpu: f64,
    /// Rack units the design keeps free at the top of every rack (cable management, patch panels): a rack's
    /// contents must fit its U less these.
    pub reserved_top_u: u32,
    /// GPU racks installed a day (delivered, set, cabled and brought up), the pace the phasing by scalable unit
    /// dates its phases with.
    pub install_racks_per_day: f64,
    /// Spares ordered on top of the transceivers, cables and fibre the fabric needs, percent (0: none; the
    /// buyer's usual +2 % for optics is a policy, not a figure of the design). The BOM's quantities include them.
    #[serde(skip_serializing_if = "is_zero_f64")]
    pub spares_pct: f64,
    /// Feed redundancy.
    pub redundancy: Redundancy,
    /// Power factor used to turn PDU kVA into kW.
    pub power_factor: f64,
    /// Price of electricity in US dollars per kWh, for the energy cost of a year.
    pub energy_usd_per_kwh: f64,
    /// Switch type the compute fabric is sized with; `None` takes the type of the placed leaf switches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fabric_switch: Option<TypeId>,
}

/// GPU racks installed a day by default: 16, a planning value (`assumption`); Colossus reached about 56 at its
/// peak (25,000 GPUs a week in 64-GPU racks, reference §12a).
pub const DEFAULT_INSTALL_RACKS_PER_DAY: f64 = 16.0;

/// Rack units kept free at the top of a rack by default: 2U, as AutoLink's rack planner reserves (reference
/// §15d).
pub const DEFAULT_RESERVED_TOP_U: u32 = 2;

impl Default for HallSettings {
    fn default() -> Self {
        Self {
            pue: 1.2,
            air_delta_t_k: 14.0,
            coolant_delta_t_k: 10.0,
            cable_slack_m: 0.5,
            cable_slack_percent: DEFAULT_CABLE_SLACK_PERCENT,
            tray_reach_m: DEFAULT_TRAY_REACH_M,
            floor_rating_kg_per_m2: DEFAULT_FLOOR_RATING_KG_PER_M2,
            floor_point_rating_kg: DEFAULT_FLOOR_POINT_RATING_KG,
            rack_allowance_m: 0.5,
            reserved_top_u: DEFAULT_RESERVED_TOP_U,
            storage_pb: 0.0,
            storage_gb_per_s_per_gpu: 0.0,
            install_racks_per_day: DEFAULT_INSTALL_RACKS_PER_DAY,
            spares_pct: 0.0,
            redundancy: Redundancy::TwoN,
            power_factor: 0.95,
            energy_usd_per_kwh: DEFAULT_ENERGY_USD_PER_KWH,
            fabric_switch: None,
        }
    }
}

/// Item orientation in 90° steps; 0 means the footprint's width runs along x.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub enum Rotation {
    /// 0°.
    #[default]
    R0,
    /// 90°.
    R90,
    /// 180°.
    R180,
    /// 270°.
    R270,
}

impl Rotation {
    /// Degrees.
    pub fn degrees(self) -> u16 {
        match self {
            Rotation::R0 => 0,
            Rotation::R90 => 90,
            Rotation::R180 => 180,
            Rotation::R270 => 270,
        }
    }

    /// The next rotation clockwise.
    pub fn next(self) -> Self {
        match self {
            Rotation::R0 => Rotation::R90,
            Rotation::R90 => Rotation::R180,
            Rotation::R180 => Rotation::R270,
            Rotation::R270 => Rotation::R0,
        }
    }

    /// True when width and depth swap (90° and 270°).
    pub fn is_quarter(self) -> bool {
        matches!(self, Rotation::R90 | Rotation::R270)
    }

    fn is_zero(&self) -> bool {
        *self == Rotation::R0
    }
}

impl TryFrom<u16> for Rotation {
    type Error = String;
    fn try_from(v: u16) -> Result<Self, String> {
        match v {
            0 => Ok(Rotation::R0),
            90 => Ok(Rotation::R90),
            180 => Ok(Rotation::R180),
            270 => Ok(Rotation::R270),
            other => Err(format!("rotation must be 0, 90, 180 or 270 degrees, not {other}")),
        }
    }
}

impl From<Rotation> for u16 {
    fn from(r: Rotation) -> u16 {
        r.degrees()
    }
}

/// A switch's tier in the compute fabric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SwitchRole {
    /// Leaf: GPU ports below, spines above.
    Leaf,
    /// Spine: leaves below, cores above (three tiers) or nothing (two tiers).
    Spine,
    /// Core: spines below.
    Core,
    /// Management (in-band or out-of-band); not part of the compute fabric.
    Management,
}

impl SwitchRole {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            SwitchRole::Leaf => "leaf",
            SwitchRole::Spine => "spine",
            SwitchRole::Core => "core",
            SwitchRole::Management => "management",
        }
    }
}

/// The switches a network rack holds and their place in the fabric.
///
/// Leaves serve rails `first_rail .. first_rail + rails` of scalable unit `su` in pod `pod`; spines are
/// switches `first_index ..` of pod `pod`; cores are switches `first_index ..` of plane `plane`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchFill {
    /// Switch type.
    pub model: TypeId,
    /// Number of switches.
    pub count: u32,
    /// Fabric tier.
    pub role: SwitchRole,
    /// Fabric plane (0 unless the fabric is split).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub plane: u32,
    /// Pod (group of scalable units sharing spines).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pod: u32,
    /// Scalable unit: a leaf's, or the array a management switch serves (it comes online with it).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub su: u32,
    /// First rail served (leaves only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub first_rail: u32,
    /// Number of rails served (leaves only; 0 means all).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rails: u32,
    /// Index of the first switch within its pod (spines) or plane (cores).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub first_index: u32,
}

impl SwitchFill {
    /// `count` switches of `model` in `role`, in plane 0, pod 0, SU 0, serving every rail.
    pub fn new(model: TypeId, count: u32, role: SwitchRole) -> Self {
        Self { model, count, role, plane: 0, pod: 0, su: 0, first_rail: 0, rails: 0, first_index: 0 }
    }
}

fn is_zero_f64(v: &f64) -> bool {
    *v == 0.0
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

/// One placed thing: a rack, PDU or cooling unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id.
    pub id: ItemId,
    /// Equipment type.
    #[serde(rename = "type")]
    pub type_id: TypeId,
    /// The footprint's top-left corner (after rotation), millimetres from the hall's origin along x. A version-1
    /// file's `x` (whole tiles) is read here and converted on load.
    #[serde(alias = "x")]
    pub x_mm: i32,
    /// The footprint's top-left corner, millimetres along y (a version-1 file's `y`, in tiles, converted on load).
    #[serde(alias = "y")]
    pub y_mm: i32,
    /// Orientation.
    #[serde(default, skip_serializing_if = "Rotation::is_zero")]
    pub rot: Rotation,
    /// Optional name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Power feed A: the PDU that feeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_a: Option<ItemId>,
    /// Power feed B (redundant path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_b: Option<ItemId>,
    /// Power feed C: a third source, for racks whose supplies need three (NVIDIA's DGX racks take three rack
    /// PDUs, 2 supplies of each system on each, so losing one leaves 4 of 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_c: Option<ItemId>,
    /// The cooling unit that takes its liquid heat (CDU) or air heat (rear door).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooling: Option<ItemId>,
    /// GPU racks: the scalable unit it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub su: Option<u32>,
    /// GPU racks: servers installed, when fewer than the type holds (power scales with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<u32>,
    /// Network racks: the switches it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switches: Option<SwitchFill>,
    /// Floor PDUs: the id of the site's UPS system that feeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<u32>,
}

impl Item {
    /// A bare item of a type with its top-left corner at (`x_mm`, `y_mm`).
    pub fn new(id: ItemId, type_id: TypeId, x_mm: i32, y_mm: i32) -> Self {
        Self {
            id,
            type_id,
            x_mm,
            y_mm,
            rot: Rotation::R0,
            name: None,
            feed_a: None,
            feed_b: None,
            feed_c: None,
            cooling: None,
            su: None,
            servers: None,
            switches: None,
            upstream: None,
        }
    }

    /// Footprint (width along x, depth along y) in metres after rotation.
    pub fn footprint_m(&self, ty: &EquipmentType) -> DVec2 {
        if self.rot.is_quarter() { DVec2::new(ty.depth_m, ty.width_m) } else { DVec2::new(ty.width_m, ty.depth_m) }
    }

    /// Footprint after rotation in whole millimetres (width along x, depth along y): what positions add up in.
    pub fn footprint_mm(&self, ty: &EquipmentType) -> (i64, i64) {
        let (w, d) = (mm_of(ty.width_m), mm_of(ty.depth_m));
        if self.rot.is_quarter() { (d, w) } else { (w, d) }
    }

    /// Top-left corner in metres.
    pub fn origin_m(&self) -> DVec2 {
        DVec2::new(f64::from(self.x_mm) / 1000.0, f64::from(self.y_mm) / 1000.0)
    }

    /// Centre of the footprint in metres.
    pub fn centre_m(&self, ty: &EquipmentType) -> DVec2 {
        self.origin_m() + self.footprint_m(ty) * 0.5
    }

    /// Servers installed in a GPU rack of type `ty` (0 for other items).
    pub fn servers_in(&self, ty: &EquipmentType) -> u32 {
        ty.gpu.as_ref().map_or(0, |g| self.servers.map_or(g.servers, |s| s.min(g.servers)))
    }

    /// Fraction of the type's full load this item draws (partly filled GPU racks draw less).
    pub fn fill_fraction(&self, ty: &EquipmentType) -> f64 {
        match (&ty.gpu, self.servers) {
            (Some(g), Some(s)) if g.servers > 0 => f64::from(s.min(g.servers)) / f64::from(g.servers),
            _ => 1.0,
        }
    }

    /// The ids this item refers to (feeds and cooling unit).
    pub fn references(&self) -> impl Iterator<Item = (&'static str, ItemId)> + '_ {
        [("feed_a", self.feed_a), ("feed_b", self.feed_b), ("feed_c", self.feed_c), ("cooling", self.cooling)]
            .into_iter()
            .filter_map(|(f, id)| id.map(|id| (f, id)))
    }
}
