//! The site: the load at every stage from the floor PDUs up to the grid, at two bases — *design* (peak IT, what
//! every stage's capacity is checked against) and *energy* (typical IT, for kWh, water and cost) — with each
//! stage's losses, the mechanical plant's electrical load, the computed PUE, what survives the loss of any one
//! unit, the single points of failure left, the grid against the design load with what covers a shortfall, the
//! ride-through on a utility outage, water, and the plant's capital cost.
//!
//! The chain, per UPS system X (a lineup: unit substation → UPS → switchboards/busway → its PDUs):
//! - PDU load: the normal-operation sums of the power phase (a dual-fed rack puts half its load on each PDU).
//! - UPS output = PDU load ÷ (1 − distribution loss); UPS input = output ÷ η(UPS).
//! - Unit substation: its input = UPS input ÷ η(transformer); its rating is checked against the UPS input plus
//!   recharge (10 % of output, "UPS input +10 % for recharge", shared/reference/domain.md §9c) ÷ the hall's
//!   power factor. Recharge follows an outage, so it is not in the facility's design draw.
//! - Mechanical plant: heat rejected (the IT heat, plus the distribution and UPS losses, which are indoors) ×
//!   each bank's kW per kW of heat; with the house load, through the mechanical feed's unit substations.
//! - MV = every lineup's input + the mechanical feed's; grid = MV ÷ η(substation transformer). Facility = grid.
//!
//! Losing UPS system Y: each PDU's racks shared with a PDU on Y come whole onto it (the power phase's transfer
//! sums, grouped by system), so system X then carries its own load plus what it shares with Y; the load on Y
//! that no partner takes is dropped — or carried by the reserve system of a block-redundant design.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cost::{BomRow, HOURS_PER_YEAR};
use super::{Severity, Warning, warn};
use crate::model::{ItemId, Layout, PlantType, Side, Site, UnitBank, UpsTopology};

/// Tolerance on loads, kW.
const EPS_KW: f64 = 1e-6;
/// Design-basis recharge allowance on a UPS's input, as a fraction of its output (domain §9c).
pub const UPS_RECHARGE_FRACTION: f64 = 0.10;
/// Litres in a US gallon.
pub const LITRES_PER_US_GALLON: f64 = 3.785_411_784;

/// One floor PDU's normal-operation loads, from the power phase.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PduNormal {
    pub id: ItemId,
    pub usable_kw: f64,
    /// Peak and typical load in normal operation.
    pub peak_kw: f64,
    pub typical_kw: f64,
    /// What it takes over, at peak, when each partner PDU is lost (by partner id).
    pub partners: Vec<(ItemId, f64)>,
    /// It feeds racks on their A (B) side.
    pub side_a: bool,
    pub side_b: bool,
}

/// The IT load and heat the site carries.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Loads {
    pub it_peak_kw: f64,
    pub it_typical_kw: f64,
    pub liquid_peak_kw: f64,
    pub liquid_typical_kw: f64,
    pub air_peak_kw: f64,
    pub air_typical_kw: f64,
    /// Used when no site is modelled.
    pub pue: f64,
    /// Racks with one feed where two are wanted (single-corded loads).
    pub single_fed: u64,
    pub power_factor: f64,
}

/// The site's figures. Without a site, `modelled` is false and the facility figures are the hall's PUE estimate.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SiteReport {
    /// True when the layout models its site; false: the facility figures are IT × the hall's PUE, an estimate.
    pub modelled: bool,
    /// The UPS topology, e.g. `"2N"`, `"distributed redundant 4N/3"`.
    pub topology: String,
    /// Firm grid capacity, kW.
    pub grid_kw: f64,
    /// Facility load at the design basis (peak IT through the chain), kW — what the grid and plant are sized on.
    pub facility_design_kw: f64,
    /// Facility load at the energy basis (typical IT), kW — what energy, water and cost use.
    pub facility_typical_kw: f64,
    /// Design PUE: facility design ÷ peak IT.
    pub pue_design: f64,
    /// Annual PUE: facility typical ÷ typical IT (at the plant's rated efficiencies; no weather model).
    pub pue_annual: f64,
    /// Typical IT ÷ peak IT: the load factor the energy basis is at.
    pub energy_load_factor: f64,
    /// Firm grid − facility design, kW (negative: a shortfall).
    pub headroom_kw: f64,
    /// What covers a shortfall (or `"no shortfall"`).
    pub shortfall_covered_by: String,
    /// On-site generation counted on (units less spares), kW.
    pub generation_kw: f64,
    /// Battery storage power, kW.
    pub storage_kw: f64,
    /// Battery storage energy, kWh.
    pub storage_kwh: f64,
    /// Losses at the design basis, kW: distribution (UPS to PDU), UPS, unit substations, substation.
    pub losses_design_kw: Losses,
    /// Mechanical plant electrical load at the design basis, kW (CDU pumps, fans, compressors).
    pub mechanical_design_kw: f64,
    /// Mechanical plant electrical load at the energy basis, kW.
    pub mechanical_typical_kw: f64,
    /// House load, kW.
    pub house_kw: f64,
    /// Every stage with its units, rating, redundancy and loads.
    pub stages: Vec<Stage>,
    /// Every UPS system's loads.
    pub systems: Vec<SystemLoad>,
    /// What a single failure still takes down.
    pub single_points_of_failure: Vec<String>,
    /// On a utility outage.
    pub outage: Outage,
    /// Water the evaporative plant uses at the energy basis, litres a day.
    pub water_l_per_day: f64,
    /// Water a year at the energy basis, litres.
    pub water_l_per_year: f64,
    /// Water a day, US gallons.
    pub water_gal_per_day: f64,
    /// Water usage effectiveness: annual site water (L) ÷ annual IT energy (kWh).
    pub wue_l_per_kwh: f64,
    /// Floor PDUs that name no UPS system.
    pub pdus_without_upstream: u64,
}

/// Losses by stage, kW.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Losses {
    /// Between the UPS output and the PDUs (switchboards, busway, RPPs), kW.
    pub distribution_kw: f64,
    /// In the UPS (double conversion), kW.
    pub ups_kw: f64,
    /// In the MV/LV unit substations, kW.
    pub unit_substation_kw: f64,
    /// In the HV/MV substation transformers, kW.
    pub substation_kw: f64,
}

/// One stage of the chain.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stage {
    /// `"pdu"`, `"ups"`, `"unit-substation"`, `"substation"`, `"grid"`, `"generation"`, `"storage"`,
    /// `"liquid-heat-rejection"`, `"air-heat-rejection"`, `"mechanical-feed"`.
    pub kind: &'static str,
    /// What it is, e.g. `"48 × UPS module 1,000 kW in 12 systems"`.
    pub label: String,
    /// Units.
    pub units: u64,
    /// One unit's rating, in `rating_unit`.
    pub unit_rating: f64,
    /// `"kW"`, `"kVA"` or `"kW heat"`.
    pub rating_unit: &'static str,
    /// The redundancy, in words (`"2N"`, `"N+1"`, `"3 of 4"`).
    pub redundancy: String,
    /// Load at the design basis, in the rating's unit.
    pub design: f64,
    /// Load at the energy basis, in the rating's unit.
    pub typical: f64,
    /// Design load ÷ capacity in normal operation (the most loaded unit, for systems).
    pub utilisation: f64,
    /// The worst survivor's design load ÷ its capacity when any one unit is lost (∞ when nothing survives).
    pub worst_survivor_utilisation: f64,
    /// Which loss gives the worst survivor, in words.
    pub worst_case: String,
}

/// One UPS system's loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SystemLoad {
    /// The system's id (what a PDU's `upstream` names).
    pub id: u32,
    /// Its name.
    pub name: String,
    /// `"A"`, `"B"` or `""`.
    pub side: &'static str,
    /// The reserve (catcher) of a block-redundant design.
    pub reserve: bool,
    /// Output capacity counted on (modules less spares), kW.
    pub capacity_kw: f64,
    /// UPS output at the design basis, kW.
    pub design_kw: f64,
    /// UPS output at the energy basis, kW.
    pub typical_kw: f64,
    /// Design output ÷ capacity.
    pub utilisation: f64,
    /// Output when the worst other system is lost, kW, and which.
    pub survivor_kw: f64,
    /// The system whose loss gives `survivor_kw`.
    pub worst_loss: Option<u32>,
    /// Peak IT its loss drops (not taken by a partner or the reserve), kW.
    pub dropped_kw: f64,
    /// Unit substation load at design, kVA.
    pub transformer_kva: f64,
    /// Unit substation load when the worst other system is lost, kVA.
    pub transformer_survivor_kva: f64,
    /// Unit substation rating, kVA.
    pub transformer_rating_kva: f64,
    /// Battery autonomy at the design load, minutes.
    pub autonomy_min: f64,
    /// Floor PDUs it feeds.
    pub pdus: Vec<ItemId>,
}

/// What happens on a utility outage.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Outage {
    /// UPS battery autonomy at the design load (the shortest system's), minutes.
    pub ups_autonomy_min: f64,
    /// Hours storage lasts beside the generation when the generation alone cannot carry the design load (0 when
    /// generation carries it, or storage and generation together cannot).
    pub storage_hours: f64,
    /// Generation counted on carries the facility design load.
    pub generation_carries_load: bool,
    /// Slowest generation start to taking load, seconds.
    pub generation_start_s: f64,
    /// Seconds from the outage until storage and started generation carry the design load (−1: never).
    pub carried_from_s: f64,
    /// In words: what carries the load and for how long.
    pub summary: String,
}

/// The facility figures of a layout without a site: IT × the hall's PUE, an estimate.
pub(crate) fn estimate(loads: &Loads) -> SiteReport {
    let factor = if loads.it_peak_kw > 0.0 { loads.it_typical_kw / loads.it_peak_kw } else { 0.0 };
    SiteReport {
        modelled: false,
        topology: "site not modelled".into(),
        facility_design_kw: loads.it_peak_kw * loads.pue,
        facility_typical_kw: loads.it_typical_kw * loads.pue,
        pue_design: loads.pue,
        pue_annual: loads.pue,
        energy_load_factor: factor,
        shortfall_covered_by: "site not modelled".into(),
        ..SiteReport::default()
    }
}

/// A bank's units and the load on it: normal utilisation over every unit and with one lost.
fn bank_use(load: f64, count: u32, rating: f64) -> (f64, f64) {
    let all = f64::from(count) * rating;
    let survivors = f64::from(count.saturating_sub(1)) * rating;
    let u = |cap: f64| {
        if cap > 0.0 {
            load / cap
        } else if load > EPS_KW {
            f64::INFINITY
        } else {
            0.0
        }
    };
    (u(all), u(survivors))
}

/// A bank's redundancy in words.
fn redundancy_words(b: &UnitBank) -> String {
    match b.redundant {
        0 => format!("N ({} duty)", b.count),
        r => format!("N+{r} ({} duty of {})", b.duty(), b.count),
    }
}

/// The plant's cost rows, one per type used, with the counts.
fn plant_rows(site: &Site, counts: &BTreeMap<String, u64>) -> Vec<BomRow> {
    let mut rows = Vec::new();
    for (id, &quantity) in counts {
        let Some(t) = site.types.iter().find(|t| t.id.0 == *id) else { continue };
        let (unit_price_usd, source, assumption) = match &t.price {
            Some(p) => (p.usd, p.source.clone(), p.assumption),
            None => (0.0, "no price".to_owned(), false),
        };
        rows.push(BomRow {
            category: t.kind.cost_category(),
            part: t.id.0.clone(),
            description: t.name.clone(),
            quantity,
            unit: "unit",
            unit_price_usd,
            extended_usd: unit_price_usd * quantity as f64,
            source,
            assumption,
        });
    }
    rows
}

/// The site's figures, its warnings and the plant's rows of the bill of materials.
pub(crate) fn analyse(
    layout: &Layout,
    site: &Site,
    pdus: &[PduNormal],
    loads: &Loads,
    out: &mut Vec<Warning>,
) -> (SiteReport, Vec<BomRow>) {
    let mut r = SiteReport {
        modelled: true,
        topology: site.topology_label(),
        grid_kw: site.grid_mw() * 1000.0,
        energy_load_factor: if loads.it_peak_kw > 0.0 { loads.it_typical_kw / loads.it_peak_kw } else { 0.0 },
        house_kw: site.house_kw,
        ..SiteReport::default()
    };
    let pf = loads.power_factor.max(0.1);
    let plant = |id: &crate::model::TypeId| site.plant(id);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut count = |id: &crate::model::TypeId, n: u64| *counts.entry(id.0.clone()).or_default() += n;

    // PDUs onto their systems.
    let slot_of: BTreeMap<u32, usize> = site.ups.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let pdu_system: BTreeMap<ItemId, usize> = pdus
        .iter()
        .filter_map(|p| {
            let up = layout.index_of(p.id).and_then(|i| layout.items[i].upstream)?;
            Some((p.id, *slot_of.get(&up)?))
        })
        .collect();
    let n = site.ups.len();
    let mut own = vec![(0.0_f64, 0.0_f64); n];
    let mut on: Vec<Vec<ItemId>> = vec![Vec::new(); n];
    // extra[(x, y)]: what system x takes over when system y is lost.
    let mut extra: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let (mut loose_peak, mut loose_typ) = (0.0, 0.0);
    let mut loose: Vec<ItemId> = Vec::new();
    for p in pdus {
        let Some(&x) = pdu_system.get(&p.id) else {
            loose.push(p.id);
            loose_peak += p.peak_kw;
            loose_typ += p.typical_kw;
            continue;
        };
        own[x].0 += p.peak_kw;
        own[x].1 += p.typical_kw;
        on[x].push(p.id);
        for &(q, kw) in &p.partners {
            if let Some(&y) = pdu_system.get(&q)
                && y != x
            {
                *extra.entry((x, y)).or_default() += kw;
            }
        }
    }
    r.pdus_without_upstream = loose.len() as u64;

    let keep = 1.0 - site.distribution_loss_percent / 100.0;
    let reserve = site.ups.iter().position(|s| s.reserve);
    let capacity: Vec<f64> = site
        .ups
        .iter()
        .map(|s| {
            plant(&s.module).map_or(0.0, |t| t.rating_kw) * f64::from(s.modules.saturating_sub(s.redundant_modules))
        })
        .collect();
    // What each system's loss drops: its PDU load no partner on another system takes.
    let taken: Vec<f64> = (0..n).map(|y| (0..n).filter_map(|x| extra.get(&(x, y))).sum()).collect();
    let dropped: Vec<f64> = (0..n).map(|y| (own[y].0 - taken[y]).max(0.0)).collect();
    let mut chain = Chain::default();
    for (x, s) in site.ups.iter().enumerate() {
        let module = plant(&s.module);
        let xfmr = plant(&s.transformer);
        count(&s.module, u64::from(s.modules));
        count(&s.transformer, 1);
        let eta = module.map_or(1.0, |t| t.efficiency).max(0.01);
        let eta_t = xfmr.map_or(1.0, |t| t.efficiency).max(0.01);
        let out_design = own[x].0 / keep;
        let out_typ = own[x].1 / keep;
        // The worst other system's loss.
        let mut survivor = out_design;
        let mut worst_loss = None;
        for (y, other) in site.ups.iter().enumerate().filter(|(y, _)| *y != x) {
            let mut kw = own[x].0 + extra.get(&(x, y)).copied().unwrap_or(0.0);
            if reserve == Some(x) {
                kw += dropped[y];
            }
            let kw = kw / keep;
            if kw > survivor + EPS_KW {
                survivor = kw;
                worst_loss = Some(other.id);
            }
        }
        let input =
            |out_kw: f64, recharge: bool| out_kw / eta + if recharge { out_kw * UPS_RECHARGE_FRACTION } else { 0.0 };
        // Recharge is in the unit substation's rating check, not in the facility's draw (domain §9c).
        let in_design = input(out_design, false);
        let in_typ = input(out_typ, false);
        chain.distribution += (out_design - own[x].0, out_typ - own[x].1);
        chain.ups += (out_design / eta - out_design, out_typ / eta - out_typ);
        chain.unit_sub += (in_design / eta_t - in_design, in_typ / eta_t - in_typ);
        chain.mv += (in_design / eta_t, in_typ / eta_t);
        let rating_kva = xfmr.map_or(0.0, |t| t.rating_kva);
        let battery = if capacity[x] > 0.0 && out_design > EPS_KW {
            s.battery_min * capacity[x] / out_design
        } else {
            s.battery_min
        };
        r.systems.push(SystemLoad {
            id: s.id,
            name: s.name.clone(),
            side: match s.side {
                Side::A => "A",
                Side::B => "B",
                Side::None => "",
            },
            reserve: s.reserve,
            capacity_kw: capacity[x],
            design_kw: out_design,
            typical_kw: out_typ,
            utilisation: ratio(out_design, capacity[x]),
            survivor_kw: survivor,
            worst_loss,
            dropped_kw: if reserve.is_some() && reserve != Some(x) { 0.0 } else { dropped[x] },
            transformer_kva: input(out_design, true) / pf,
            transformer_survivor_kva: input(survivor, true) / pf,
            transformer_rating_kva: rating_kva,
            autonomy_min: battery,
            pdus: std::mem::take(&mut on[x]),
        });
    }
    // Loads on no system: at LV without UPS (said in a warning).
    chain.mv += (loose_peak, loose_typ);

    // Mechanical plant: the IT heat plus the indoor losses, rejected by the banks.
    let indoor = (chain.distribution.0 + chain.ups.0, chain.distribution.1 + chain.ups.1);
    let mech = &site.mechanical;
    let heat = [
        ("liquid-heat-rejection", "liquid loop", &mech.liquid, (loads.liquid_peak_kw, loads.liquid_typical_kw)),
        (
            "air-heat-rejection",
            "air (chilled water)",
            &mech.air,
            (loads.air_peak_kw + indoor.0, loads.air_typical_kw + indoor.1),
        ),
    ];
    let (mut mech_design, mut mech_typ, mut water_l_per_day) = (0.0, 0.0, 0.0);
    let mut stages_mech = Vec::new();
    for (kind, what, bank, (design, typ)) in heat {
        let Some(bank) = bank else {
            if design > EPS_KW {
                warn(
                    out,
                    "cooling-plant-short",
                    Severity::Error,
                    format!(
                        "{:.0} kW of heat goes to the {what} at design, and the site has no heat rejection for it; add \
                         a bank of {} to the mechanical plant",
                        design,
                        if kind == "liquid-heat-rejection" { "dry coolers, towers or chillers" } else { "chillers" }
                    ),
                    Vec::new(),
                );
            }
            continue;
        };
        let Some(t) = plant(&bank.plant) else { continue };
        count(&bank.plant, u64::from(bank.count));
        mech_design += design * t.kw_per_kw_heat;
        mech_typ += typ * t.kw_per_kw_heat;
        water_l_per_day += typ * t.water_l_per_kwh * 24.0;
        let (util, survivor) = bank_use(design, bank.count, t.rating_kw);
        stage_bank_warnings(out, "cooling-plant-short", what, t, bank, util, survivor, "add a unit");
        stages_mech.push(Stage {
            kind,
            label: format!("{} × {}", bank.count, t.name),
            units: u64::from(bank.count),
            unit_rating: t.rating_kw,
            rating_unit: "kW heat",
            redundancy: redundancy_words(bank),
            design,
            typical: typ,
            utilisation: util,
            worst_survivor_utilisation: survivor,
            worst_case: "one unit lost".into(),
        });
    }
    r.mechanical_design_kw = mech_design;
    r.mechanical_typical_kw = mech_typ;
    let mech_load = (mech_design + site.house_kw, mech_typ + site.house_kw);
    match &mech.feed {
        Some(bank) if let Some(t) = plant(&bank.plant) => {
            count(&bank.plant, u64::from(bank.count));
            let eta = t.efficiency.max(0.01);
            chain.unit_sub += (mech_load.0 / eta - mech_load.0, mech_load.1 / eta - mech_load.1);
            chain.mv += (mech_load.0 / eta, mech_load.1 / eta);
            let (util, survivor) = bank_use(mech_load.0 / eta / pf, bank.count, t.rating_kva);
            stage_bank_warnings(
                out,
                "transformer-overload",
                "mechanical feed",
                t,
                bank,
                util,
                survivor,
                "add a unit substation",
            );
            stages_mech.push(Stage {
                kind: "mechanical-feed",
                label: format!("{} × {}", bank.count, t.name),
                units: u64::from(bank.count),
                unit_rating: t.rating_kva,
                rating_unit: "kVA",
                redundancy: redundancy_words(bank),
                design: mech_load.0 / eta / pf,
                typical: mech_load.1 / eta / pf,
                utilisation: util,
                worst_survivor_utilisation: survivor,
                worst_case: "one unit lost".into(),
            });
        }
        _ => chain.mv += mech_load,
    }

    // Substation and grid.
    let mut grid = chain.mv;
    let mut stage_sub = None;
    if let Some(bank) = &site.substation
        && let Some(t) = plant(&bank.plant)
    {
        count(&bank.plant, u64::from(bank.count));
        let eta = t.efficiency.max(0.01);
        grid = Both(chain.mv.0 / eta, chain.mv.1 / eta);
        chain.substation = Both(grid.0 - chain.mv.0, grid.1 - chain.mv.1);
        let (util, survivor) = bank_use(grid.0 / pf, bank.count, t.rating_kva);
        stage_bank_warnings(out, "transformer-overload", "substation", t, bank, util, survivor, "add a transformer");
        stage_sub = Some(Stage {
            kind: "substation",
            label: format!("{} × {}", bank.count, t.name),
            units: u64::from(bank.count),
            unit_rating: t.rating_kva,
            rating_unit: "kVA",
            redundancy: redundancy_words(bank),
            design: grid.0 / pf,
            typical: grid.1 / pf,
            utilisation: util,
            worst_survivor_utilisation: survivor,
            worst_case: "one transformer lost".into(),
        });
    }
    r.facility_design_kw = grid.0;
    r.facility_typical_kw = grid.1;
    r.pue_design = ratio(grid.0, loads.it_peak_kw);
    r.pue_annual = ratio(grid.1, loads.it_typical_kw);
    r.losses_design_kw = Losses {
        distribution_kw: chain.distribution.0,
        ups_kw: chain.ups.0,
        unit_substation_kw: chain.unit_sub.0,
        substation_kw: chain.substation.0,
    };
    r.water_l_per_day = water_l_per_day;
    r.water_l_per_year = water_l_per_day * 365.0;
    r.water_gal_per_day = water_l_per_day / LITRES_PER_US_GALLON;
    r.wue_l_per_kwh = ratio(r.water_l_per_year, loads.it_typical_kw * HOURS_PER_YEAR);

    // Stages, upstream last.
    r.stages.push(pdu_stage(layout, pdus, loads));
    if n > 0 {
        r.stages.extend(system_stages(site, &r.systems));
    }
    r.stages.extend(stage_sub);
    r.stages.push(Stage {
        kind: "grid",
        label: match site.utility.len() {
            0 => "no utility service".into(),
            1 => format!("{} at {} kV", site.utility[0].name, site.utility[0].kv),
            k => format!("{k} utility services"),
        },
        units: site.utility.len() as u64,
        unit_rating: if site.utility.len() == 1 { r.grid_kw } else { 0.0 },
        rating_unit: "kW",
        redundancy: if site.utility.len() > 1 { "several services".into() } else { "one service".into() },
        design: grid.0,
        typical: grid.1,
        utilisation: ratio(grid.0, r.grid_kw),
        worst_survivor_utilisation: ratio(grid.0, r.grid_kw),
        worst_case: "firm capacity".into(),
    });
    supply(site, &mut r, &mut count, out);
    r.stages.extend(stages_mech);
    system_warnings(site, &r, out);
    if !loose.is_empty() {
        warn(
            out,
            "pdu-without-upstream",
            Severity::Warning,
            format!(
                "{} floor PDU(s) name no UPS system: their {:.0} kW is counted without UPS losses or backup; pick \
                 the UPS system that feeds each in the Inspector",
                loose.len(),
                loose_peak
            ),
            loose,
        );
    }
    r.single_points_of_failure = single_points(site, &r, loads);
    if !r.single_points_of_failure.is_empty() {
        warn(
            out,
            "single-point-of-failure",
            Severity::Warning,
            format!(
                "{} single point(s) of failure remain: {}",
                r.single_points_of_failure.len(),
                r.single_points_of_failure.iter().take(4).cloned().collect::<Vec<_>>().join("; ")
            ),
            Vec::new(),
        );
    }
    let mut rows = plant_rows(site, &counts);
    if site.building_usd_per_mw > 0.0 && loads.it_peak_kw > 0.0 {
        let per_kw = site.building_usd_per_mw / 1000.0;
        let quantity = loads.it_peak_kw.ceil() as u64;
        rows.push(BomRow {
            category: "building",
            part: "building".into(),
            description: format!(
                "Building: shell, site work, white space, back of house and office, ${:.2} M per MW of IT design load",
                site.building_usd_per_mw / 1e6
            ),
            quantity,
            unit: "kW",
            unit_price_usd: per_kw,
            extended_usd: per_kw * quantity as f64,
            source: BUILDING_SOURCE.into(),
            assumption: true,
        });
    }
    (r, rows)
}

/// Where the building's cost per MW comes from.
pub const BUILDING_SOURCE: &str = "Cushman & Wakefield, Data Center Development Cost Guide 2025: $11.7 M per MW of \
    critical load all-in, of which shell, site, white space, back of house and office are 47 % (reference 11a); the \
    plant is priced unit by unit";

/// A load at both bases: (design, typical), kW.
#[derive(Clone, Copy, Debug, Default)]
struct Both(f64, f64);

impl std::ops::AddAssign<(f64, f64)> for Both {
    fn add_assign(&mut self, rhs: (f64, f64)) {
        self.0 += rhs.0;
        self.1 += rhs.1;
    }
}

/// Losses and loads summed along the chain.
#[derive(Clone, Copy, Debug, Default)]
struct Chain {
    distribution: Both,
    ups: Both,
    unit_sub: Both,
    substation: Both,
    mv: Both,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else if a > EPS_KW {
        f64::INFINITY
    } else {
        0.0
    }
}

/// The floor PDUs as a stage: each at its usable kW; one PDU lost moves its half of every shared rack onto the
/// partner.
fn pdu_stage(layout: &Layout, pdus: &[PduNormal], loads: &Loads) -> Stage {
    let rating = pdus.first().map_or(0.0, |p| p.usable_kw);
    let mixed = pdus.iter().any(|p| (p.usable_kw - rating).abs() > EPS_KW);
    let (mut worst, mut worst_survivor, mut case) = (0.0_f64, 0.0_f64, String::new());
    for p in pdus {
        worst = worst.max(ratio(p.peak_kw, p.usable_kw));
        if let Some(&(q, kw)) = p.partners.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            let u = ratio(p.peak_kw + kw, p.usable_kw);
            if u > worst_survivor {
                worst_survivor = u;
                case = format!("PDU {q} lost: PDU {} takes its share", p.id);
            }
        }
    }
    Stage {
        kind: "pdu",
        label: format!("{} floor PDUs{}", pdus.len(), if mixed { " (mixed sizes)" } else { "" }),
        units: pdus.len() as u64,
        unit_rating: rating,
        rating_unit: "kW",
        redundancy: layout.hall.settings.redundancy.label().into(),
        design: pdus.iter().map(|p| p.peak_kw).sum::<f64>().min(loads.it_peak_kw.max(0.0) + EPS_KW),
        typical: pdus.iter().map(|p| p.typical_kw).sum(),
        utilisation: worst,
        worst_survivor_utilisation: worst_survivor.max(worst),
        worst_case: if case.is_empty() { "no shared racks".into() } else { case },
    }
}

/// The UPS systems and their unit substations as two stages.
fn system_stages(site: &Site, systems: &[SystemLoad]) -> Vec<Stage> {
    let name_of = |id: Option<u32>| id.and_then(|id| site.system(id)).map_or_else(String::new, |s| s.name.clone());
    let first = &site.ups[0];
    let module = site.plant(&first.module);
    let xfmr = site.plant(&first.transformer);
    let modules: u64 = site.ups.iter().map(|s| u64::from(s.modules)).sum();
    let most = |f: fn(&SystemLoad) -> f64| systems.iter().map(f).fold(0.0_f64, f64::max);
    let worst_ups = systems
        .iter()
        .max_by(|a, b| ratio(a.survivor_kw, a.capacity_kw).total_cmp(&ratio(b.survivor_kw, b.capacity_kw)));
    let dropping =
        systems.iter().max_by(|a, b| a.dropped_kw.total_cmp(&b.dropped_kw)).filter(|s| s.dropped_kw > EPS_KW);
    let ups_case = match (worst_ups, dropping) {
        (_, Some(d)) => format!("{} lost drops {:.0} kW of IT", d.name, d.dropped_kw),
        (Some(w), None) if w.worst_loss.is_some() => {
            format!("{} lost: {} carries the most", name_of(w.worst_loss), w.name)
        }
        _ => "no system takes another's load".into(),
    };
    let worst_xfmr = systems.iter().max_by(|a, b| {
        ratio(a.transformer_survivor_kva, a.transformer_rating_kva)
            .total_cmp(&ratio(b.transformer_survivor_kva, b.transformer_rating_kva))
    });
    vec![
        Stage {
            kind: "ups",
            label: format!(
                "{modules} × {} in {} systems",
                module.map_or("UPS module", |t| t.name.as_str()),
                site.ups.len()
            ),
            units: site.ups.len() as u64,
            unit_rating: systems.iter().map(|s| s.capacity_kw).fold(0.0, f64::max),
            rating_unit: "kW",
            redundancy: site.topology_label(),
            design: systems.iter().map(|s| s.design_kw).sum(),
            typical: systems.iter().map(|s| s.typical_kw).sum(),
            utilisation: systems.iter().map(|s| s.utilisation).fold(0.0, f64::max),
            worst_survivor_utilisation: if dropping.is_some() {
                f64::INFINITY
            } else {
                worst_ups.map_or(0.0, |w| ratio(w.survivor_kw, w.capacity_kw))
            },
            worst_case: ups_case,
        },
        Stage {
            kind: "unit-substation",
            label: format!("{} × {}", site.ups.len(), xfmr.map_or("unit substation", |t| t.name.as_str())),
            units: site.ups.len() as u64,
            unit_rating: most(|s| s.transformer_rating_kva),
            rating_unit: "kVA",
            redundancy: "one per UPS system".into(),
            design: systems.iter().map(|s| s.transformer_kva).sum(),
            typical: 0.0,
            utilisation: systems.iter().map(|s| ratio(s.transformer_kva, s.transformer_rating_kva)).fold(0.0, f64::max),
            worst_survivor_utilisation: worst_xfmr
                .map_or(0.0, |w| ratio(w.transformer_survivor_kva, w.transformer_rating_kva)),
            worst_case: worst_xfmr.map_or_else(String::new, |w| {
                format!("{} lost: the unit substation of {} carries the most", name_of(w.worst_loss), w.name)
            }),
        },
    ]
}

/// A bank's overload warnings: an error when the design load is over every unit, a warning when a claimed
/// spare does not cover the loss of one unit.
#[allow(clippy::too_many_arguments)]
fn stage_bank_warnings(
    out: &mut Vec<Warning>,
    code: &'static str,
    what: &str,
    t: &PlantType,
    bank: &UnitBank,
    util: f64,
    survivor: f64,
    fix: &str,
) {
    if util > 1.0 + 1e-9 {
        warn(
            out,
            code,
            Severity::Error,
            format!(
                "{what}: the design load is {:.0} % of the {} × {} installed; {fix}",
                util * 100.0,
                bank.count,
                t.name
            ),
            Vec::new(),
        );
    } else if bank.redundant > 0 && survivor > 1.0 + 1e-9 {
        warn(
            out,
            code,
            Severity::Warning,
            format!(
                "{what}: with one of the {} × {} lost the rest carry {:.0} % of their rating, so the spare the \
                 design names does not cover a loss; {fix}",
                bank.count,
                t.name,
                survivor * 100.0
            ),
            Vec::new(),
        );
    }
}

/// Generation and storage: the grid's shortfall and what covers it, and the outage ride-through.
fn supply(site: &Site, r: &mut SiteReport, count: &mut impl FnMut(&crate::model::TypeId, u64), out: &mut Vec<Warning>) {
    let design = r.facility_design_kw;
    let (mut gen_kw, mut gen_all_kw, mut start_s, mut gen_units) = (0.0, 0.0, 0.0_f64, 0_u64);
    let mut gen_names = Vec::new();
    let mut starts = Vec::new();
    for bank in &site.generation {
        let Some(t) = site.plant(&bank.plant) else { continue };
        count(&bank.plant, u64::from(bank.count));
        gen_kw += f64::from(bank.duty()) * t.rating_kw;
        gen_all_kw += f64::from(bank.count) * t.rating_kw;
        start_s = start_s.max(t.start_s);
        starts.push((t.start_s, f64::from(bank.duty()) * t.rating_kw));
        gen_units += u64::from(bank.count);
        gen_names.push(format!("{} × {}", bank.count, t.name));
    }
    let (mut bess_kw, mut bess_kwh, mut bess_units) = (0.0, 0.0, 0_u64);
    let mut bess_names = Vec::new();
    for bank in &site.storage {
        let Some(t) = site.plant(&bank.plant) else { continue };
        count(&bank.plant, u64::from(bank.count));
        bess_kw += f64::from(bank.count) * t.rating_kw;
        bess_kwh += f64::from(bank.count) * t.energy_kwh;
        bess_units += u64::from(bank.count);
        bess_names.push(format!("{} × {}", bank.count, t.name));
    }
    r.generation_kw = gen_kw;
    r.storage_kw = bess_kw;
    r.storage_kwh = bess_kwh;
    r.headroom_kw = r.grid_kw - design;
    let mw = |kw: f64| format!("{:.1} MW", kw / 1000.0);
    let short = -r.headroom_kw;
    r.shortfall_covered_by = if short <= EPS_KW {
        "no shortfall".into()
    } else if gen_kw >= short {
        format!("on-site generation ({} counted on)", mw(gen_kw))
    } else if gen_kw + bess_kw >= short {
        let hours = bess_kwh / (short - gen_kw).max(EPS_KW);
        format!("generation ({}) and batteries ({}) for {hours:.1} h", mw(gen_kw), mw(bess_kw))
    } else {
        format!("not covered: {} short", mw(short - gen_kw - bess_kw))
    };
    if short > EPS_KW {
        let covered = gen_kw + bess_kw >= short;
        warn(
            out,
            "grid-shortfall",
            if covered { Severity::Warning } else { Severity::Error },
            format!(
                "the facility design load {} is above the firm grid {} by {}; covered by {}{}",
                mw(design),
                mw(r.grid_kw),
                mw(short),
                r.shortfall_covered_by,
                if covered {
                    " — it must run whenever the hall nears its design load"
                } else {
                    "; add grid capacity, generation or storage"
                }
            ),
            Vec::new(),
        );
    }
    if gen_units > 0 {
        let (util, survivor) = (ratio(design, gen_all_kw), ratio(design, gen_all_kw - gen_all_kw / gen_units as f64));
        r.stages.push(Stage {
            kind: "generation",
            label: gen_names.join(" + "),
            units: gen_units,
            unit_rating: gen_all_kw / gen_units as f64,
            rating_unit: "kW",
            redundancy: format!("{} counted on of {}", mw(gen_kw), mw(gen_all_kw)),
            design,
            typical: r.facility_typical_kw,
            utilisation: util,
            worst_survivor_utilisation: survivor,
            worst_case: "utility lost, one unit lost".into(),
        });
    }
    if bess_units > 0 {
        r.stages.push(Stage {
            kind: "storage",
            label: bess_names.join(" + "),
            units: bess_units,
            unit_rating: bess_kw / bess_units as f64,
            rating_unit: "kW",
            redundancy: format!("{:.1} MWh", bess_kwh / 1000.0),
            design: short.max(0.0),
            typical: 0.0,
            utilisation: ratio(short.max(0.0), bess_kw),
            worst_survivor_utilisation: ratio(short.max(0.0), bess_kw - bess_kw / bess_units as f64),
            worst_case: "one unit lost, covering the shortfall".into(),
        });
    }

    outage(r, &starts, (bess_kw, bess_kwh), out);
}

/// A utility outage: the UPS carries the IT until storage and the generation started by then carry the design
/// load; then generation carries it for good, or storage for as long as its energy lasts.
fn outage(r: &mut SiteReport, starts: &[(f64, f64)], (bess_kw, bess_kwh): (f64, f64), out: &mut Vec<Warning>) {
    let design = r.facility_design_kw;
    let autonomy =
        r.systems.iter().filter(|s| s.design_kw > EPS_KW).map(|s| s.autonomy_min).fold(f64::INFINITY, f64::min);
    let autonomy = if autonomy.is_finite() { autonomy } else { 0.0 };
    let gen_kw: f64 = starts.iter().map(|s| s.1).sum();
    let mut order: Vec<(f64, f64)> = starts.to_vec();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    // When storage and the generation started by then first reach the design load.
    let mut carried_from = (bess_kw >= design).then_some(0.0);
    let mut running = 0.0;
    for (start, kw) in &order {
        running += kw;
        if carried_from.is_none() && bess_kw + running >= design {
            carried_from = Some(*start);
        }
    }
    let carries = gen_kw >= design && !starts.is_empty();
    let storage_hours = if carries || design <= EPS_KW {
        0.0
    } else if bess_kw + gen_kw >= design {
        bess_kwh / (design - gen_kw)
    } else {
        0.0
    };
    r.outage = Outage {
        ups_autonomy_min: autonomy,
        storage_hours,
        generation_carries_load: carries,
        generation_start_s: order.last().map_or(0.0, |s| s.0),
        carried_from_s: carried_from.unwrap_or(-1.0),
        summary: String::new(),
    };
    let mw = |kw: f64| format!("{:.1} MW", kw / 1000.0);
    let Some(t) = carried_from else {
        let then = format!(
            "the IT runs {autonomy:.1} min on UPS batteries while the cooling stops{}, then the hall stops",
            if bess_kw > 0.0 || gen_kw > 0.0 {
                format!(" (storage and generation reach {} of the {} design load)", mw(bess_kw + gen_kw), mw(design))
            } else {
                String::new()
            }
        );
        if design > EPS_KW {
            warn(
                out,
                "ride-through-short",
                Severity::Warning,
                format!("on a utility outage {then}; add gensets, turbines or storage"),
                Vec::new(),
            );
        }
        r.outage.summary = then;
        return;
    };
    let bridge = if t <= 0.0 {
        format!("storage ({}) takes the load at once", mw(bess_kw))
    } else if t <= autonomy * 60.0 {
        format!("the UPS batteries ({autonomy:.1} min) carry the IT until generation has the load at {t:.0} s")
    } else {
        warn(
            out,
            "generation-starts-after-ups-autonomy",
            Severity::Error,
            format!(
                "on a utility outage storage and generation carry the design load only {t:.0} s in, but the UPS \
                 batteries last {autonomy:.1} min at design load: the IT drops first; add battery minutes, storage \
                 or faster generation"
            ),
            Vec::new(),
        );
        format!("the UPS batteries ({autonomy:.1} min) run out before generation has the load ({t:.0} s)")
    };
    let hold = if carries {
        format!("generation ({}) carries it for as long as it has fuel", mw(gen_kw))
    } else {
        let then = format!(
            "storage and generation carry it {storage_hours:.1} h, until the batteries ({:.0} MWh) are empty",
            bess_kwh / 1000.0
        );
        warn(
            out,
            "ride-through-short",
            Severity::Warning,
            format!(
                "on a utility outage {then}: generation ({}) alone does not carry the {} design load; add \
                 generation to ride out a long outage",
                mw(gen_kw),
                mw(design)
            ),
            Vec::new(),
        );
        then
    };
    r.outage.summary = format!("{bridge}; {hold}");
}

/// The UPS systems' overload warnings, naming the PDUs they feed.
fn system_warnings(site: &Site, r: &SiteReport, out: &mut Vec<Warning>) {
    let pdus_of = |pick: &dyn Fn(&SystemLoad) -> bool| -> (Vec<String>, Vec<ItemId>) {
        let hit: Vec<&SystemLoad> = r.systems.iter().filter(|s| pick(s)).collect();
        (hit.iter().map(|s| s.name.clone()).collect(), hit.iter().flat_map(|s| s.pdus.iter().copied()).collect())
    };
    let list = |names: &[String]| {
        let mut s = names.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
        if names.len() > 6 {
            s.push_str(&format!(" and {} more", names.len() - 6));
        }
        s
    };
    let (names, ids) = pdus_of(&|s| s.utilisation > 1.0 + 1e-9);
    if !names.is_empty() {
        warn(
            out,
            "ups-overload",
            Severity::Error,
            format!(
                "{} UPS system(s) carry more than their modules' rating at design load ({}); add modules or move PDUs \
                 to another system",
                names.len(),
                list(&names)
            ),
            ids,
        );
    }
    let (names, ids) = pdus_of(&|s| s.utilisation <= 1.0 + 1e-9 && ratio(s.survivor_kw, s.capacity_kw) > 1.0 + 1e-9);
    if !names.is_empty() {
        let worst = r.systems.iter().map(|s| ratio(s.survivor_kw, s.capacity_kw)).fold(0.0_f64, f64::max);
        warn(
            out,
            "ups-failover-overload",
            Severity::Error,
            format!(
                "{} UPS system(s) exceed their rating when another system is lost ({}; worst {:.0} %, {}): add \
                 modules or pair the PDUs across more systems",
                names.len(),
                list(&names),
                worst * 100.0,
                site.topology_label()
            ),
            ids,
        );
    }
    let (names, ids) = pdus_of(&|s| {
        s.transformer_kva > s.transformer_rating_kva + 1e-6
            || s.transformer_survivor_kva > s.transformer_rating_kva + 1e-6
    });
    if !names.is_empty() {
        warn(
            out,
            "transformer-overload",
            Severity::Error,
            format!(
                "the unit substation of {} UPS system(s) carries more than its kVA at design or when another system is \
                 lost ({}); use a larger unit substation or fewer modules per lineup",
                names.len(),
                list(&names)
            ),
            ids,
        );
    }
}

/// What a single failure still takes down: by the topology's rule (WP75) and by the actual pairings.
fn single_points(site: &Site, r: &SiteReport, loads: &Loads) -> Vec<String> {
    let mut out = Vec::new();
    match site.topology {
        UpsTopology::N => out.push(
            "every UPS system with its input and output buses and PDUs (N: no redundant system, WP75)".to_owned(),
        ),
        UpsTopology::NPlus1 => {
            out.push(format!("the paralleling bus of each of the {} UPS system(s) (N+1, WP75)", site.ups.len()))
        }
        UpsTopology::BlockRedundant => {
            if site.ups.iter().any(|s| s.reserve) {
                out.push(
                    "each block's output bus and PDUs; a second block failure overloads the reserve (block \
                     redundant, WP75)"
                        .to_owned(),
                );
            } else {
                out.push("no reserve system: mark one UPS system as the block-redundant design's reserve".to_owned());
            }
        }
        UpsTopology::TwoN | UpsTopology::TwoNPlus1 | UpsTopology::DistributedRedundant => {}
    }
    if loads.single_fed > 0 {
        out.push(format!(
            "{} single-corded rack(s): each needs a rack transfer switch, itself a single point (WP75)",
            loads.single_fed
        ));
    }
    let dropping: Vec<&SystemLoad> = r.systems.iter().filter(|s| s.dropped_kw > EPS_KW).collect();
    if site.topology != UpsTopology::N
        && let Some(worst) = dropping.iter().max_by(|a, b| a.dropped_kw.total_cmp(&b.dropped_kw))
    {
        out.push(format!(
            "{} UPS system(s) drop IT load when lost, having racks with no feed from another system (worst {}: {:.0} kW)",
            dropping.len(),
            worst.name,
            worst.dropped_kw
        ));
    }
    if let Some(b) = &site.substation
        && b.count == 1
    {
        out.push("the only substation transformer".to_owned());
    }
    if site.utility.len() == 1 && r.generation_kw < r.facility_design_kw {
        out.push(format!("the one utility service '{}' (no generation carries the design load)", site.utility[0].name));
    }
    for (what, bank) in
        [("liquid heat rejection", &site.mechanical.liquid), ("air heat rejection", &site.mechanical.air)]
    {
        if let Some(b) = bank
            && b.count == 1
        {
            out.push(format!("the only unit of {what}"));
        }
    }
    out
}
