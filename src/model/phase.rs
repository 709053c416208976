//! The build over time: phases, each with the day it starts, the equipment that comes online in it and the supply
//! that exists from then on. Equipment no phase names is online from the start; a layout without phases is one
//! phase (everything, the site's supply).

use serde::{Deserialize, Serialize};

use super::ItemId;

/// One phase of the build.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// What to call it, e.g. `"Colossus 1: 100k H100 training"`.
    pub name: String,
    /// Days from the start of the build (day 0).
    pub day: u32,
    /// The calendar date, ISO 8601 (`YYYY-MM-DD`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Scalable units that come online in it: their GPU racks, and the network racks holding their leaves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sus: Vec<u32>,
    /// Other items that come online in it (spine and core racks, PDUs, cooling, storage, …); an id no longer in
    /// the layout is ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemId>,
    /// The supply that exists from this phase on.
    #[serde(default)]
    pub supply: PhaseSupply,
    /// Where its figures come from (a reported date or supply names its source).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The power a phase has: firm grid, on-site generation and battery storage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PhaseSupply {
    /// Firm grid capacity, MW.
    pub grid_mw: f64,
    /// On-site generation (turbines, gensets) counted on, MW.
    pub generation_mw: f64,
    /// Battery storage power, MW.
    pub bess_mw: f64,
    /// Battery storage energy, MWh.
    pub bess_mwh: f64,
}

impl PhaseSupply {
    /// Firm supply: the grid and generation, MW (batteries carry only as long as they last).
    pub fn firm_mw(&self) -> f64 {
        self.grid_mw + self.generation_mw
    }

    /// Everything that can carry load at once, MW.
    pub fn total_mw(&self) -> f64 {
        self.firm_mw() + self.bess_mw
    }
}

/// The phase (its index in `phases`, sorted by day) in which an item comes online: the first phase naming it or
/// (a GPU rack, or a network rack holding leaves) its scalable unit; None — online from the start — when no phase
/// does.
pub fn phase_of(phases: &[Phase], id: ItemId, su: Option<u32>) -> Option<usize> {
    phases.iter().position(|p| p.items.contains(&id) || su.is_some_and(|s| p.sus.contains(&s)))
}
