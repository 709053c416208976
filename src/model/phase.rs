//! The build over time: phases, each with the day it starts, the equipment that comes online in it and the supply
//! that exists from then on. Equipment no phase names is online from the start; a layout without phases is one
//! phase (everything, the site's supply).

use std::collections::HashMap;

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

    /// Everything that can carry load at once, MW: the firm supply and the batteries (batteries with no stated
    /// energy count for nothing).
    pub fn total_mw(&self) -> f64 {
        self.firm_mw() + if self.bess_mwh > 0.0 { self.bess_mw } else { 0.0 }
    }
}

/// True for an ISO 8601 calendar date, `YYYY-MM-DD`, or a month, `YYYY-MM` (a date reported to the month).
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten()
    };
    match parts.as_slice() {
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

impl PhaseSupply {
    /// The supply a site's plant gives: its firm grid, the generation it counts on (spares left out) and its
    /// batteries.
    pub fn of_site(site: &super::site::Site) -> Self {
        let (generation_kw, bess_kw, bess_kwh) = plant_supply_kw(site);
        PhaseSupply {
            grid_mw: site.grid_mw(),
            generation_mw: generation_kw / 1000.0,
            bess_mw: bess_kw / 1000.0,
            bess_mwh: bess_kwh / 1000.0,
        }
    }
}

/// A site's plant as supply: generation counted on (units less spares), kW; battery power, kW; battery energy,
/// kWh — the one sum of its banks (the site report's and the phases').
pub fn plant_supply_kw(site: &super::site::Site) -> (f64, f64, f64) {
    let (mut generation_kw, mut bess_kw, mut bess_kwh) = (0.0, 0.0, 0.0);
    for bank in &site.generation {
        if let Some(t) = site.plant(&bank.plant) {
            generation_kw += f64::from(bank.duty()) * t.rating_kw;
        }
    }
    for bank in &site.storage {
        if let Some(t) = site.plant(&bank.plant) {
            bess_kw += f64::from(bank.count) * t.rating_kw;
            bess_kwh += f64::from(bank.count) * t.energy_kwh;
        }
    }
    (generation_kw, bess_kw, bess_kwh)
}

/// When a phase starts, in words: `"day 122"`, or `"day 122, 2024-09"` with its date.
pub fn when(day: u32, date: Option<&str>) -> String {
    date.map_or_else(|| format!("day {day}"), |d| format!("day {day}, {d}"))
}

/// Days since 1970-01-01 of a whole ISO date (`YYYY-MM-DD`); `None` for a month or anything else (Howard
/// Hinnant's days-from-civil).
pub fn day_number(date: &str) -> Option<i64> {
    if date.len() != 10 || !is_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (date[..4].parse().ok()?, date[5..7].parse().ok()?, date[8..].parse().ok()?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The scalable unit an item comes online with: a GPU rack's, or a network rack's holding that SU's leaves or its
/// array's management switches. A management fill's SU 0 is the field's default, not a tie (the generator marks
/// the arrays it builds; SU 0's management rack is then there from the start, a little early).
pub fn su_of(item: &super::Item) -> Option<u32> {
    use super::SwitchRole::{Leaf, Management};
    item.su.or_else(|| {
        item.switches.as_ref().filter(|f| f.role == Leaf || (f.role == Management && f.su != 0)).map(|f| f.su)
    })
}

/// The phase each item of the layout comes online in (index-aligned with `layout.items`; `None`: from the
/// start). An item comes in the first phase that names it, else the first naming its scalable unit; an item no phase names that
/// serves only phased items — a PDU feeding them, a CDU or rear door cooling them — comes with the first of them.
pub fn item_phases(layout: &super::Layout) -> Vec<Option<usize>> {
    let phases = &layout.phases;
    if phases.is_empty() {
        return vec![None; layout.items.len()];
    }
    // The first phase naming each id and each SU (phases are few; the items they name may be many).
    let mut by_id: HashMap<ItemId, usize> = HashMap::new();
    let mut by_su: HashMap<u32, usize> = HashMap::new();
    for (k, p) in phases.iter().enumerate() {
        p.items.iter().for_each(|&id| {
            by_id.entry(id).or_insert(k);
        });
        p.sus.iter().for_each(|&su| {
            by_su.entry(su).or_insert(k);
        });
    }
    let named: Vec<bool> = layout.items.iter().map(|i| by_id.contains_key(&i.id)).collect();
    let mut of: Vec<Option<usize>> = layout
        .items
        .iter()
        .map(|i| {
            let by_item = by_id.get(&i.id).copied();
            let by_unit = su_of(i).and_then(|su| by_su.get(&su).copied());
            // A phase naming the item itself wins over its SU's (the user moved it on its own).
            by_item.or(by_unit)
        })
        .collect();
    // What serves a phased item and is named by no phase: the earliest phase of what it serves (start wins).
    let mut served: Vec<Option<Option<usize>>> = vec![None; layout.items.len()];
    for (n, item) in layout.items.iter().enumerate() {
        for r in [item.feed_a, item.feed_b, item.feed_c, item.cooling].into_iter().flatten() {
            if let Some(at) = layout.index_of(r) {
                let earliest = match (served[at], of[n]) {
                    (None, p) => p,
                    (Some(None), _) | (_, None) => None,
                    (Some(Some(a)), Some(b)) => Some(a.min(b)),
                };
                served[at] = Some(earliest);
            }
        }
    }
    for (n, s) in served.into_iter().enumerate() {
        if let (Some(p), false, None) = (s, named[n], of[n]) {
            of[n] = p;
        }
    }
    of
}
