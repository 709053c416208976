//! Every limit a layout must respect, named once. The loader (`io::check_layout`), the designer's inspector,
//! hall panel and generate dialog, and the generator all use these, so a value the designer accepts is a value
//! the loader accepts.

use std::ops::RangeInclusive;

/// Hall width or depth, in metres.
pub const HALL_EDGE_M: RangeInclusive<f64> = 1.0..=10_000.0;
/// Largest hall edge in metres.
pub const MAX_HALL_EDGE_M: f64 = 10_000.0;
/// Floor tile edge, in metres.
pub const TILE_M: RangeInclusive<f64> = 0.1..=3.0;
/// Cable tray height above the floor, in metres; negative below it (under-floor trays).
pub const TRAY_HEIGHT_M: RangeInclusive<f64> = -3.0..=30.0;
/// Spacing of parallel cable trays, in metres.
pub const TRAY_PITCH_M: RangeInclusive<f64> = 0.3..=MAX_HALL_EDGE_M;
/// Offset of the first cable tray, in metres.
pub const TRAY_OFFSET_M: RangeInclusive<f64> = -MAX_HALL_EDGE_M..=MAX_HALL_EDGE_M;
/// Power usage effectiveness.
pub const PUE: RangeInclusive<f64> = 1.0..=5.0;
/// Air or coolant temperature rise, in kelvin.
pub const DELTA_T_K: RangeInclusive<f64> = 1.0..=50.0;
/// Cable slack per cable, in metres.
pub const CABLE_SLACK_M: RangeInclusive<f64> = 0.0..=100.0;
/// Cable slack as a percentage of the run.
pub const CABLE_SLACK_PERCENT: RangeInclusive<f64> = 0.0..=100.0;
/// Farthest a rack may stand from a tray before a warning, in metres.
pub const TRAY_REACH_M: RangeInclusive<f64> = 0.0..=MAX_HALL_EDGE_M;
/// Floor loading rating, in kg/m².
pub const FLOOR_RATING_KG_PER_M2: RangeInclusive<f64> = 10.0..=100_000.0;
/// Concentrated floor rating per load point, kg.
pub const FLOOR_POINT_RATING_KG: RangeInclusive<f64> = 10.0..=100_000.0;
/// Rack units kept free at the top of every rack.
pub const RESERVED_TOP_U: RangeInclusive<u32> = 0..=20;
/// Rack units of one rack's content entry, and how many of it.
pub const CONTENT_U: RangeInclusive<u32> = 0..=100;
/// In-rack allowance at each cable end, in metres.
pub const RACK_ALLOWANCE_M: RangeInclusive<f64> = 0.0..=20.0;
/// Electricity price in US dollars per kWh.
pub const ENERGY_USD_PER_KWH: RangeInclusive<f64> = 0.0..=10.0;
/// A price in US dollars (per item, per part or per metre).
pub const PRICE_USD: RangeInclusive<f64> = 0.0..=1.0e10;
/// Most prices a layout may set for itself (types plus parts).
pub const MAX_PRICE_OVERRIDES: usize = 10_000;

/// Power factor turning PDU kVA into kW.
pub const POWER_FACTOR: RangeInclusive<f64> = 0.1..=1.0;
/// Obstacle position (either axis), in metres.
pub const OBSTACLE_POS_M: RangeInclusive<f64> = -MAX_HALL_EDGE_M..=MAX_HALL_EDGE_M;
/// Obstacle width or depth, in metres.
pub const OBSTACLE_EDGE_M: RangeInclusive<f64> = 0.01..=MAX_HALL_EDGE_M;

/// Largest equipment edge in metres.
pub const MAX_EQUIPMENT_EDGE_M: f64 = 20.0;
/// Most switches one network rack may claim.
pub const MAX_SWITCHES_PER_RACK: u32 = 1_000;
/// Largest pod, scalable-unit or switch index a fabric may use.
pub const MAX_FABRIC_INDEX: u32 = 10_000_000;
/// Most fabric planes.
pub const MAX_PLANES: u32 = 64;
/// Most rails a server may have (also the largest first rail).
pub const MAX_RAILS: u32 = 64;
/// Largest item id (leaves room for every id a paste or array can add).
pub const MAX_ITEM_ID: u32 = 1_000_000_000;
/// Longest name or text field, in characters.
pub const MAX_TEXT_CHARS: usize = 4_096;
/// Most GPUs a generated hall may hold.
pub const MAX_GENERATED_GPUS: u64 = 2_000_000;
/// Most scalable units a generated hall may hold.
pub const MAX_GENERATED_SU: u32 = 4_000;

/// The positions an item's corner may take, in millimetres: anywhere within the largest hall edge and 6 m beyond
/// (two of the largest tiles: a version-1 file's farthest tile, converted), either side of the origin.
pub const ITEM_MM: RangeInclusive<i32> = -10_006_000..=10_006_000;

/// The tile positions a version-1 file's item may take in a hall with tiles of `tile_m` (as version 1 checked
/// them, before they are converted to millimetres): within the largest hall edge and one tile beyond.
pub fn item_tiles(tile_m: f64) -> RangeInclusive<i32> {
    let most = if tile_m.is_finite() && tile_m > 0.0 {
        ((MAX_HALL_EDGE_M / tile_m).ceil() + 1.0).min(f64::from(i32::MAX)) as i32
    } else {
        0
    };
    -most..=most
}

/// A scalable-unit number the fabric can hold.
pub const SU: RangeInclusive<u32> = 0..=MAX_FABRIC_INDEX;

/// GPU racks installed a day, the pace phases are dated with.
pub const INSTALL_RACKS_PER_DAY: RangeInclusive<f64> = 0.1..=10_000.0;
/// Spares on top of the fabric's transceivers, cables and fibre, percent.
pub const SPARES_PCT: RangeInclusive<f64> = 0.0..=50.0;
/// Days from the start a phase may begin at most (a century).
pub const PHASE_DAY_MAX: u32 = 36_500;
/// Phases the generator and the phase-by-scalable-unit command make at most.
pub const PHASE_COUNT: RangeInclusive<u32> = 1..=64;

/// Storage capacity a design states, in PB.
pub const STORAGE_PB: RangeInclusive<f64> = 0.0..=1.0e6;
/// Storage read bandwidth a design states per GPU, in GB/s.
pub const STORAGE_GB_PER_S_PER_GPU: RangeInclusive<f64> = 0.0..=1_000.0;
