//! A generated hall's site, sized by the reference's rules (shared/reference/domain.md §9–10): the floor PDUs
//! grouped onto UPS lineups of 3 × 1,000 kW modules (one 3.75 MVA unit substation each) by the topology's rule,
//! the heat-rejection banks N+1 on the hall's design heat, the mechanical feed, the MV switchgear and the
//! substation transformers N+1 on their design kVA × 1.25, and the supply: Colossus's as published, or a firm grid
//! rounded up to whole 5 MW over the design load with N+1 diesel gensets on it × 1.25.

use std::collections::BTreeMap;

use super::GenerateError;
use crate::analysis::analyse;
use crate::io::catalog::builtin_plant_type;
use crate::io::site_check::add_builtin_plant;
use crate::model::{
    ItemId, Layout, MechanicalPlant, Side, Site, TypeId, UnitBank, UpsSystem, UpsTopology, UtilityService,
};

/// UPS module type and how many are on duty in a lineup.
const UPS_MODULE: &str = "ups-1000kw";
const UPS_DUTY_MODULES: u32 = 3;
/// The unit substation of a lineup (3 MW of UPS output, its losses and 10 % recharge fit 3.75 MVA).
const UNIT_SUBSTATION: &str = "xfmr-unitsub-3750kva";
const SUBSTATION: &str = "xfmr-hvmv-35mva";
/// The MV switchgear lineup (a 4,000 A bus at 13.8 kV).
const MV_SWITCHGEAR: &str = "mv-swgr-15kv-4000a";
/// Li-ion ride-through commonly 5 min (domain §9a).
const BATTERY_MIN: f64 = 5.0;
/// A site that rides an outage on storage and slow-starting turbines (Colossus) keeps 10 min: the Tier III
/// figure of the reference's 5 / 8 / 10 / 15 min by tier (§9a, dc-design-tool) — an assumption, its UPS not
/// being published.
const BATTERY_MIN_TURBINES: f64 = 10.0;
/// §9c's margin on transformers and gensets: MV/LV at load MVA × 1.25, gensets at facility kW × 1.25.
const SIZING_MARGIN: f64 = 1.25;
/// Colossus 1's firm grid (TVA, Nov 2024; reference §12a), MW.
const COLOSSUS_GRID_MW: f64 = 150.0;
/// GPUs Colossus 1's supply fed (150k H100 + 50k H200, May 2025; reference §12a).
const COLOSSUS_GPUS: u64 = 200_000;
/// Colossus 1's Megapacks ("over 208 Megapacks, 3.9 MWh each", Aug 2025; reference §12a).
const COLOSSUS_MEGAPACKS: u32 = 208;
/// House load as a share of peak IT: the bottom of the reference's 1–10 % (§10e), a dense AI hall's offices and
/// lighting being small beside its IT (assumption).
const HOUSE_FRACTION: f64 = 0.01;

/// How a generated hall's supply is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supply {
    /// xAI Colossus 1 as published: 150 MW of firm grid, 208 Tesla Megapacks (2025) and the gas generation of
    /// August 2024 — 4 Solar SMT-130 turbines and 14 trailer gas gensets (aterio.io) — per 200,000 GPUs it fed;
    /// pro rata for a hall under 100,000 GPUs.
    Colossus,
    /// Firm grid over the design load (whole 5 MW) and diesel gensets N+1 carrying it on an outage.
    GridAndDiesel,
}

/// How a generated hall's site is built.
#[derive(Clone, Debug, PartialEq)]
pub struct SitePlan {
    /// The UPS topology.
    pub topology: UpsTopology,
    /// Distributed redundant: systems per group (x of xN/(x−1)); block redundant: blocks per reserve.
    pub group: u32,
    /// Firm grid in MW; `None` takes the supply's own.
    pub grid_mw: Option<f64>,
    /// The supply.
    pub supply: Supply,
    /// Heat rejection for the liquid loop (a plant type id).
    pub liquid: &'static str,
    /// Heat rejection for the air (a chiller's plant type id).
    pub air: &'static str,
}

impl SitePlan {
    /// Parses a UPS topology as `generate --ups` takes it: `n`, `n+1`, `2n`, `2n+1` (2(N+1)), `dr:4/3` (any
    /// x/(x−1) from 3/2 to 8/7) or `block:4` (a reserve for every 4 blocks).
    pub fn parse_topology(text: &str) -> Result<(UpsTopology, u32), GenerateError> {
        let bad = || GenerateError::BadParameter {
            param: "ups",
            problem: format!("\"{text}\" is not a topology: write n, n+1, 2n, 2n+1, dr:4/3 (3/2 … 8/7) or block:4"),
        };
        let t = text.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "n" => (UpsTopology::N, 0),
            "n+1" => (UpsTopology::NPlus1, 0),
            "2n" => (UpsTopology::TwoN, 0),
            "2n+1" | "2(n+1)" => (UpsTopology::TwoNPlus1, 0),
            _ => {
                if let Some(rest) = t.strip_prefix("dr:") {
                    let (x, y) = rest.split_once('/').ok_or_else(bad)?;
                    let (x, y): (u32, u32) = (x.parse().map_err(|_| bad())?, y.parse().map_err(|_| bad())?);
                    if !(3..=8).contains(&x) || y + 1 != x {
                        return Err(bad());
                    }
                    (UpsTopology::DistributedRedundant, x)
                } else if let Some(k) = t.strip_prefix("block:") {
                    let k: u32 = k.parse().map_err(|_| bad())?;
                    if !(1..=16).contains(&k) {
                        return Err(bad());
                    }
                    (UpsTopology::BlockRedundant, k)
                } else {
                    return Err(bad());
                }
            }
        })
    }
}

/// What a group of racks on one pair of PDUs draws: feed A's PDU, feed B's (if any), feed C's (a third source,
/// if any) and the racks' peak kW.
struct Unit {
    a: ItemId,
    b: Option<ItemId>,
    c: Option<ItemId>,
    peak_kw: f64,
}

/// The floor's PDU pairs, in the order the generator placed them.
fn units(layout: &Layout) -> Vec<Unit> {
    let mut at: BTreeMap<(ItemId, Option<ItemId>, Option<ItemId>), usize> = BTreeMap::new();
    let mut out: Vec<Unit> = Vec::new();
    for item in &layout.items {
        let Some(a) = item.feed_a.or(item.feed_b) else { continue };
        let b = if item.feed_a.is_some() { item.feed_b.filter(|&b| b != a) } else { None };
        let c = item.feed_c.filter(|&c| c != a && Some(c) != b);
        let kw = crate::analysis::item_power_in(layout, item).peak_kw;
        let slot = *at.entry((a, b, c)).or_insert_with(|| {
            out.push(Unit { a, b, c, peak_kw: 0.0 });
            out.len() - 1
        });
        out[slot].peak_kw += kw;
    }
    out
}

/// A lineup of the plan's modules.
fn lineup(id: u32, name: String, side: Side, spare: bool) -> UpsSystem {
    UpsSystem {
        id,
        name,
        side,
        module: TypeId::from(UPS_MODULE),
        modules: UPS_DUTY_MODULES + u32::from(spare),
        redundant_modules: u32::from(spare),
        battery_min: BATTERY_MIN,
        transformer: TypeId::from(UNIT_SUBSTATION),
        reserve: false,
    }
}

/// Assigns every floor PDU a UPS system by the topology's rule; returns the systems.
fn lineups(layout: &mut Layout, plan: &SitePlan, cap_kw: f64) -> Vec<UpsSystem> {
    let units = units(layout);
    let mut upstream: BTreeMap<ItemId, u32> = BTreeMap::new();
    let mut systems = Vec::new();
    let spare = matches!(plan.topology, UpsTopology::NPlus1 | UpsTopology::TwoNPlus1);
    let mut assign = |pdu: ItemId, sys: u32| {
        upstream.entry(pdu).or_insert(sys);
    };
    match plan.topology {
        UpsTopology::DistributedRedundant => {
            let x = plan.group.max(3) as usize;
            let mut group = DrGroup::new(x);
            let mut first = 1_u32;
            for u in &units {
                let Some(b) = u.b else {
                    assign(u.a, first);
                    continue;
                };
                let (s, t) = match group.best(u.peak_kw, cap_kw) {
                    Some(pair) => pair,
                    None => {
                        first += x as u32;
                        group = DrGroup::new(x);
                        group.best(u.peak_kw, cap_kw).unwrap_or((0, 1))
                    }
                };
                assign(u.a, first + s as u32);
                assign(b, first + t as u32);
                // A third feed goes to a third system of the group, the least loaded: each of the three carries a
                // third, and a lost one's third is shared by the other two — half the rack on each survivor, as
                // for a pair.
                match u.c {
                    Some(c) => {
                        let r = group.third(s, t);
                        group.add3(s, t, r, u.peak_kw);
                        assign(c, first + r as u32);
                    }
                    None => group.add(s, t, u.peak_kw),
                }
            }
            let used = if units.is_empty() { 0 } else { first - 1 + x as u32 };
            for id in 1..=used {
                systems.push(lineup(id, format!("UPS {id}"), Side::None, false));
            }
        }
        _ => {
            // Whole PDU pairs into groups no larger than one system carries alone (a 2N side, an N+1 system,
            // a block).
            let mut group = 0_u32;
            let mut load = f64::INFINITY;
            for u in &units {
                if load + u.peak_kw > cap_kw {
                    group += 1;
                    load = 0.0;
                }
                load += u.peak_kw;
                match plan.topology {
                    UpsTopology::TwoN | UpsTopology::TwoNPlus1 => {
                        assign(u.a, 2 * group - 1);
                        if let Some(b) = u.b {
                            assign(b, 2 * group);
                        }
                    }
                    _ => {
                        assign(u.a, group);
                        if let Some(b) = u.b {
                            assign(b, group);
                        }
                    }
                }
            }
            for g in 1..=group {
                match plan.topology {
                    UpsTopology::TwoN | UpsTopology::TwoNPlus1 => {
                        systems.push(lineup(2 * g - 1, format!("UPS {g}A"), Side::A, spare));
                        systems.push(lineup(2 * g, format!("UPS {g}B"), Side::B, spare));
                    }
                    _ => systems.push(lineup(g, format!("UPS {g}"), Side::None, spare)),
                }
            }
            if plan.topology == UpsTopology::BlockRedundant && group > 0 {
                let per = plan.group.max(1);
                for r in 0..group.div_ceil(per) {
                    let id = group + 1 + r;
                    let mut s = lineup(id, format!("UPS R{}", r + 1), Side::None, false);
                    s.reserve = true;
                    systems.push(s);
                }
            }
        }
    }
    // A third feed's PDU hangs on its feed A's UPS system: the site has two paths (A and B), the third source is
    // a third floor PDU, not a third path upstream.
    for u in &units {
        if let (Some(c), Some(&sys)) = (u.c, upstream.get(&u.a)) {
            upstream.entry(c).or_insert(sys);
        }
    }
    for item in &mut layout.items {
        if let Some(&sys) = upstream.get(&item.id) {
            item.upstream = Some(sys);
        }
    }
    systems
}

/// A distributed-redundant group being filled: each system's own load and what it shares with each other.
struct DrGroup {
    own: Vec<f64>,
    shared: Vec<Vec<f64>>,
}

impl DrGroup {
    fn new(x: usize) -> Self {
        Self { own: vec![0.0; x], shared: vec![vec![0.0; x]; x] }
    }

    /// The worst survivor with `peak` added across systems `s` and `t`.
    fn worst_with(&self, s: usize, t: usize, peak: f64) -> f64 {
        let x = self.own.len();
        let mut worst = 0.0_f64;
        for a in 0..x {
            let own = self.own[a] + if a == s || a == t { peak / 2.0 } else { 0.0 };
            for b in (0..x).filter(|&b| b != a) {
                let extra = if (a, b) == (s, t) || (a, b) == (t, s) { peak / 2.0 } else { 0.0 };
                worst = worst.max(own + self.shared[a][b] + extra);
            }
        }
        worst
    }

    /// The pairing of two systems that keeps the worst survivor least, if it stays within `cap_kw`.
    fn best(&self, peak: f64, cap_kw: f64) -> Option<(usize, usize)> {
        let x = self.own.len();
        let mut best: Option<((usize, usize), f64)> = None;
        for s in 0..x {
            for t in s + 1..x {
                let w = self.worst_with(s, t, peak);
                if best.is_none_or(|(_, b)| w < b - 1e-9) {
                    best = Some(((s, t), w));
                }
            }
        }
        best.filter(|(_, w)| *w <= cap_kw + 1e-9).map(|(p, _)| p)
    }

    /// The least-loaded system of the group other than `s` and `t` (the group has at least 3).
    fn third(&self, s: usize, t: usize) -> usize {
        (0..self.own.len())
            .filter(|&r| r != s && r != t)
            .min_by(|&a, &b| self.own[a].total_cmp(&self.own[b]))
            .unwrap_or(s)
    }

    /// `peak` across three systems: a third on each; a lost one's third is taken half by each other.
    fn add3(&mut self, s: usize, t: usize, r: usize, peak: f64) {
        for a in [s, t, r] {
            self.own[a] += peak / 3.0;
            for b in [s, t, r].into_iter().filter(|&b| b != a) {
                self.shared[a][b] += peak / 6.0;
            }
        }
    }

    fn add(&mut self, s: usize, t: usize, peak: f64) {
        self.own[s] += peak / 2.0;
        self.own[t] += peak / 2.0;
        self.shared[s][t] += peak / 2.0;
        self.shared[t][s] += peak / 2.0;
    }
}

/// A bank of `plant` for `load` in its rating's unit, N+1.
fn n_plus_1(plant: &str, load: f64) -> Option<UnitBank> {
    let rating = builtin_plant_type(plant).map_or(0.0, |t| t.rating());
    (load > 0.0 && rating > 0.0).then(|| UnitBank::new(plant, (load / rating).ceil().max(1.0) as u32 + 1, 1))
}

/// The design load of a stage of a report's site, in its rating's unit (0 without that stage).
fn stage_design(r: &crate::analysis::Report, kind: &str) -> f64 {
    r.site.stages.iter().find(|s| s.kind == kind).map_or(0.0, |s| s.design)
}

/// Builds the site of a generated hall of `gpus` GPUs (every generation's).
pub(crate) fn build(layout: &mut Layout, plan: &SitePlan, gpus: u64) -> Result<(), GenerateError> {
    if let Some(mw) = plan.grid_mw
        && !(0.0..=100_000.0).contains(&mw)
    {
        return Err(GenerateError::BadParameter {
            param: "grid-mw",
            problem: format!("{mw} is outside 0 to 100,000 MW"),
        });
    }
    let keep = 1.0 - crate::model::site::DEFAULT_DISTRIBUTION_LOSS_PERCENT / 100.0;
    let cap_kw = f64::from(UPS_DUTY_MODULES) * builtin_plant_type(UPS_MODULE).map_or(0.0, |t| t.rating_kw) * keep;
    let mut ups = lineups(layout, plan, cap_kw);
    if plan.supply == Supply::Colossus {
        ups.iter_mut().for_each(|s| s.battery_min = BATTERY_MIN_TURBINES);
    }
    let it_peak: f64 = layout.items.iter().map(|i| crate::analysis::item_power_in(layout, i).peak_kw).sum();
    let mut site = Site {
        topology: plan.topology,
        group: if plan.topology == UpsTopology::DistributedRedundant { plan.group } else { 0 },
        ups,
        house_kw: (it_peak * HOUSE_FRACTION).round(),
        mechanical: MechanicalPlant {
            liquid: Some(UnitBank::new(plan.liquid, 1, 0)),
            air: Some(UnitBank::new(plan.air, 1, 0)),
            facility_water_c: crate::model::site::DEFAULT_FACILITY_WATER_C,
            feed: Some(UnitBank::new(UNIT_SUBSTATION, 1, 0)),
        },
        mv_switchgear: Some(UnitBank::new(MV_SWITCHGEAR, 1, 0)),
        substation: Some(UnitBank::new(SUBSTATION, 1, 0)),
        ..Site::default()
    };
    fill_types(&mut site);
    layout.site = Some(site.clone());
    // One analysis of the site with a unit in every bank gives every stage's design load: the loads do not
    // depend on how many units carry them (each stage's losses follow its units' efficiency). The plant on the
    // hall's heat, the feed, the switchgear and the substation on the facility, then the supply.
    let r = analyse(layout);
    let stage = |kind: &str| stage_design(&r, kind);
    let design_kw = r.site.facility_design_kw;
    let pf = layout.hall.settings.power_factor;
    site.mechanical.liquid = n_plus_1(plan.liquid, stage("liquid-heat-rejection"));
    site.mechanical.air = n_plus_1(plan.air, stage("air-heat-rejection"));
    site.mechanical.feed = n_plus_1(UNIT_SUBSTATION, stage("mechanical-feed") * SIZING_MARGIN);
    site.mv_switchgear = n_plus_1(MV_SWITCHGEAR, stage("mv-switchgear") * SIZING_MARGIN);
    site.substation = n_plus_1(SUBSTATION, design_kw / pf * SIZING_MARGIN);
    layout.site = Some(site.clone());
    match plan.supply {
        Supply::Colossus => colossus_supply(&mut site, plan.grid_mw, h100_equivalents(layout).max(gpus as f64)),
        // The grid over the design load (whole 5 MW); diesel gensets N+1 on the design load × 1.25 (the motor-start
        // margin of §9c's "facility kW ÷ 0.8 × 1.25" kVA), on their continuous rating.
        Supply::GridAndDiesel => {
            let grid = plan.grid_mw.unwrap_or(((design_kw / 1000.0) / 5.0).ceil().max(1.0) * 5.0);
            site.utility = vec![UtilityService { name: format!("Utility {grid:.0} MW"), firm_mw: grid, kv: 161.0 }];
            site.generation = n_plus_1("genset-diesel-3000kw", design_kw * SIZING_MARGIN).into_iter().collect();
        }
    }
    fill_types(&mut site);
    layout.site = Some(site);
    Ok(())
}

/// GPUs from which a hall gets Colossus 1's supply whole: its own first size (100,000 H100, Sept 2024).
const COLOSSUS_WHOLE_FROM_GPUS: u64 = 100_000;
/// The Colossus H100 rack: what an H100 of Colossus draws at peak, to count a hall's GPUs as H100s.
const COLOSSUS_H100_RACK: &str = "rack-colossus-64";

/// A hall's GPU racks as H100s of Colossus drawing the same peak power (a GB300 counts for more than one).
fn h100_equivalents(layout: &Layout) -> f64 {
    let Some(h100_kw) = crate::io::builtin_catalog()
        .get(&TypeId::from(COLOSSUS_H100_RACK))
        .filter(|t| t.gpus() > 0)
        .map(|t| t.power_peak_kw / f64::from(t.gpus()))
    else {
        return 0.0;
    };
    let gpu_racks_kw: f64 = layout
        .items
        .iter()
        .filter(|i| layout.type_of(i).is_some_and(|t| t.gpus() > 0))
        .map(|i| crate::analysis::item_power_in(layout, i).peak_kw)
        .sum();
    gpu_racks_kw / h100_kw.max(1e-9)
}

/// Colossus 1's gas generation (Aug 2024): 4 turbines and 14 trailer gensets.
const COLOSSUS_TURBINES: u32 = 4;
const COLOSSUS_GENSETS: u32 = 14;

/// Colossus 1's published supply (reference §12a): 150 MW of firm grid (TVA approved Nov 2024; the 150 MW
/// substation connected May 2025), 208 Megapacks (Aug 2025, "3.9 MWh each": the 4-hour unit, as 150 MW over 208
/// units fits its 979 kW — an assumption) and the gas generation of Aug 2024, 4 Solar SMT-130 turbines and 14
/// trailer gas gensets. It was built for 100,000 H100 and fed 200,000: a hall of 100,000 to 200,000 (`gpus`
/// counted as H100s of equal power) gets it whole, a larger one one per 200,000; a smaller hall (a Colossus-style
/// demo) gets it pro rata to the 100,000 it was built for (so the supply meets the whole at 100,000), in whole
/// units — grid to
/// the MW above, Megapacks rounded up, a turbine only for half a turbine's share or more and gensets making the
/// generation up to its share — so its all-in cost is not a 150 MW site's. `grid_mw` (`--grid-mw`) sets the grid.
fn colossus_supply(site: &mut Site, grid_mw: Option<f64>, gpus: f64) {
    let share = if gpus >= COLOSSUS_WHOLE_FROM_GPUS as f64 {
        (gpus / COLOSSUS_GPUS as f64).ceil().max(1.0)
    } else {
        gpus.max(1.0) / COLOSSUS_WHOLE_FROM_GPUS as f64
    };
    let whole = |n: f64| n.ceil().max(1.0) as u32;
    let grid = grid_mw.unwrap_or_else(|| (COLOSSUS_GRID_MW * share).ceil());
    site.utility = vec![UtilityService { name: format!("TVA / MLGW {grid:.0} MW"), firm_mw: grid, kv: 161.0 }];
    site.storage = vec![UnitBank::new("bess-megapack2xl-4h", whole(f64::from(COLOSSUS_MEGAPACKS) * share), 0)];
    let rating = |id: &str| builtin_plant_type(id).map_or(1.0, |t| t.rating_kw.max(1.0));
    let (turbine_kw, genset_kw) = (rating("turbine-titan130"), rating("genset-gas-2500kw"));
    let turbines = (f64::from(COLOSSUS_TURBINES) * share).round() as u32;
    let generation_kw = (f64::from(COLOSSUS_TURBINES) * turbine_kw + f64::from(COLOSSUS_GENSETS) * genset_kw) * share;
    let gensets = ((generation_kw - f64::from(turbines) * turbine_kw) / genset_kw - 1e-9).max(0.0).ceil() as u32;
    site.generation = [("turbine-titan130", turbines), ("genset-gas-2500kw", gensets)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(id, n)| UnitBank::new(id, n, 0))
        .collect();
}

/// The site's types: the built-in plant types it names, and no others (a placeholder bank's type goes with it).
fn fill_types(site: &mut Site) {
    site.types.clear();
    add_builtin_plant(site);
}

/// Grows a hall's site after an expansion: the PDUs that name no UPS system get lineups of their own by the
/// site's topology, and the mechanical plant, its feed and the substation grow (N+1) to the grown hall's loads.
/// The supply stays: what it cannot carry shows as the grid shortfall.
pub(crate) fn grow(layout: &mut Layout) {
    let Some(site) = layout.site.clone() else { return };
    let first = site.next_system_id();
    let group = match site.topology {
        UpsTopology::DistributedRedundant if site.group > 0 => site.group,
        UpsTopology::DistributedRedundant => 4,
        UpsTopology::BlockRedundant => {
            site.ups.iter().filter(|s| !s.reserve).count().max(1) as u32
                / site.ups.iter().filter(|s| s.reserve).count().max(1) as u32
        }
        _ => 0,
    };
    let plan = SitePlan {
        topology: site.topology,
        group: group.max(1),
        grid_mw: None,
        supply: Supply::GridAndDiesel,
        liquid: "",
        air: "",
    };
    // The PDUs that name no system, and the racks fed only by them (the new arrays'): lineups are laid out on
    // a copy holding just those, then numbered after the existing systems.
    let orphan: std::collections::BTreeSet<ItemId> = layout
        .items
        .iter()
        .filter(|i| i.upstream.is_none() && layout.type_of(i).is_some_and(|t| t.pdu.is_some()))
        .map(|i| i.id)
        .collect();
    if orphan.is_empty() {
        return;
    }
    let mut new_only = Layout::empty("", 1.0, 1.0);
    new_only.catalog = layout.catalog.clone();
    new_only.items = layout
        .items
        .iter()
        .filter(|i| {
            let feeds = [i.feed_a, i.feed_b, i.feed_c];
            feeds.iter().flatten().next().is_some() && feeds.iter().flatten().all(|f| orphan.contains(f))
                || orphan.contains(&i.id)
        })
        .cloned()
        .collect();
    let keep = 1.0 - site.distribution_loss_percent / 100.0;
    let cap_kw = f64::from(UPS_DUTY_MODULES) * builtin_plant_type(UPS_MODULE).map_or(0.0, |t| t.rating_kw) * keep;
    let mut added = lineups(&mut new_only, &plan, cap_kw);
    let shift = first - 1;
    for s in &mut added {
        s.id += shift;
        s.name = format!("UPS {}", s.id);
    }
    let by_id: BTreeMap<ItemId, u32> =
        new_only.items.iter().filter_map(|i| i.upstream.map(|u| (i.id, u + shift))).collect();
    for item in &mut layout.items {
        if let Some(&u) = by_id.get(&item.id) {
            item.upstream = Some(u);
        }
    }
    let mut site = site;
    site.ups.extend(added);
    add_builtin_plant(&mut site);
    layout.site = Some(site.clone());
    // The plant, grown where the grown hall needs more (never shrunk).
    let grow_bank = |bank: &mut Option<UnitBank>, load: f64| {
        if let Some(b) = bank
            && let Some(want) = n_plus_1(&b.plant.0, load)
            && want.count > b.count
        {
            b.count = want.count;
        }
    };
    // One analysis gives every stage's load (the loads do not depend on the units' counts).
    let r = analyse(layout);
    let stage = |kind: &str| stage_design(&r, kind);
    grow_bank(&mut site.mechanical.liquid, stage("liquid-heat-rejection"));
    grow_bank(&mut site.mechanical.air, stage("air-heat-rejection"));
    grow_bank(&mut site.mechanical.feed, stage("mechanical-feed") * SIZING_MARGIN);
    grow_bank(&mut site.mv_switchgear, stage("mv-switchgear") * SIZING_MARGIN);
    grow_bank(&mut site.substation, stage("substation") * SIZING_MARGIN);
    // A generation bank the generator sized N+1 on the design load grows with it; published generation (a
    // bank with no spare, Colossus's) stays, and the shortfall says what it cannot carry.
    let design_kw = r.site.facility_design_kw;
    if let [bank] = site.generation.as_mut_slice()
        && bank.redundant > 0
        && let Some(want) = n_plus_1(&bank.plant.0, design_kw * SIZING_MARGIN)
        && want.count > bank.count
    {
        bank.count = want.count;
    }
    layout.site = Some(site);
}
