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

mod lineups;
mod plant;
mod supply;

use std::collections::BTreeMap;

use serde::Serialize;

use super::cost::{BomRow, HOURS_PER_YEAR};
use super::exact::Exact;
use super::{Failure, Severity, Warning, warn};
use crate::model::{ItemId, Layout, Site, TypeId};
use crate::units::LITRES_PER_US_GALLON;

/// Tolerance on loads, kW.
const EPS_KW: f64 = 1e-6;
/// Design-basis recharge allowance on a UPS's input, as a fraction of its output (domain §9c).
pub const UPS_RECHARGE_FRACTION: f64 = 0.10;

/// One floor PDU's normal-operation loads, from the power phase.
#[derive(Clone, Debug)]
pub(crate) struct PduNormal<'a> {
    pub id: ItemId,
    pub usable_kw: f64,
    /// Peak and typical load in normal operation.
    pub peak_kw: f64,
    pub typical_kw: f64,
    /// The PDUs it shares racks with, by their place in the list the site is given, with what it takes over at
    /// peak when each is lost (the power phase's own sums, borrowed).
    pub partners: &'a [(usize, Exact)],
    /// The same when the partner's whole UPS system is lost (a rack's feeds on that system lost together).
    pub system_partners: &'a [(usize, Exact)],
    /// The UPS system it names.
    pub upstream: Option<u32>,
}

impl PduNormal<'_> {
    /// Each partner's place and what this PDU takes over, kW, when that partner is lost (a partner whose shared
    /// racks all went in an edit keeps a sum of exactly 0: left out, as a fresh analysis never has it).
    pub fn partners(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.partners.iter().map(|&(slot, kw)| (slot, kw.value())).filter(|e| e.1 != 0.0)
    }

    /// Each partner's place and what this PDU takes over, kW, when that partner's UPS system is lost.
    pub fn system_partners(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.system_partners.iter().map(|&(slot, kw)| (slot, kw.value())).filter(|e| e.1 != 0.0)
    }
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
    /// What the cooling units on the floor draw themselves (CDU pumps, CRAH fans), peak and typical, kW.
    pub floor_cooling_kw: (f64, f64),
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
    /// Design PUE: facility design ÷ peak IT, at the plant's rated conditions (no design-day ambient derating).
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
    /// Mechanical electrical load at the design basis, kW: the plant's compressors, fans and pumps, and the floor's
    /// cooling units' own draw (CDU pumps, CRAH fans).
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
    /// `"pdu"`, `"ups"`, `"unit-substation"`, `"mv-switchgear"`, `"substation"`, `"grid"`, `"generation"`,
    /// `"storage"`, `"liquid-heat-rejection"`, `"air-heat-rejection"`, `"mechanical-feed"`.
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
    /// Lost in the report's what-if.
    pub lost: bool,
    /// UPS output in the report's what-if (its design output in normal operation; 0 when lost), kW.
    pub scenario_kw: f64,
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

/// The plant the site counts, by type id, for the bill of materials.
#[derive(Debug, Default)]
pub(crate) struct Counts<'a>(BTreeMap<&'a str, u64>);

impl<'a> Counts<'a> {
    /// Counts `n` units of a plant type.
    pub fn add(&mut self, id: &'a TypeId, n: u64) {
        *self.0.entry(id.0.as_str()).or_default() += n;
    }
}

/// The site's figures, its warnings and the plant's rows of the bill of materials.
pub(crate) fn analyse(
    (layout, site, failure): (&Layout, &Site, &Failure),
    pdus: &[PduNormal],
    loads: &Loads,
    out: &mut Vec<Warning>,
) -> (SiteReport, Vec<BomRow>) {
    // One unit of a bank lost: the same site with that unit gone (a spare it had is the one used up); the bill
    // of materials still counts it.
    let lost_bank = match failure {
        Failure::PlantUnit(bank) => bank.of(site).filter(|b| b.count > 0).map(|b| (*bank, b.plant.clone())),
        _ => None,
    };
    let reduced;
    let site = match lost_bank {
        Some((bank, _)) => {
            let mut s = site.clone();
            if let Some(b) = bank.of_mut(&mut s) {
                b.count -= 1;
                b.redundant = b.redundant.saturating_sub(1);
            }
            reduced = s;
            &reduced
        }
        None => site,
    };
    let lost = lost_bank.as_ref().map(|l| l.0);
    let mut r = SiteReport {
        modelled: true,
        topology: site.topology_label(),
        grid_kw: site.grid_mw() * 1000.0,
        energy_load_factor: ratio(loads.it_typical_kw, loads.it_peak_kw),
        house_kw: site.house_kw,
        ..SiteReport::default()
    };
    let pf = loads.power_factor.max(0.1);
    let mut counts = Counts::default();
    let mut chain = Chain::default();

    // The lineups: PDUs onto their systems, each system's loads and survivors.
    let mut pairing = lineups::Pairing::of(site, pdus);
    r.pdus_without_upstream = pairing.loose.len() as u64;
    let lost_system = if let Failure::UpsSystem(id) = failure { Some(*id) } else { None };
    r.systems = lineups::systems(site, &mut pairing, (pf, lost_system), &mut chain, &mut counts);
    // Loads on no system: at LV without UPS (said in a warning).
    chain.mv += pairing.loose_load;

    // The mechanical plant on the IT heat and the indoor losses, then its feed with the house load.
    let mut stages_mech = Vec::new();
    let mech = plant::mechanical((site, lost), loads, &chain, &mut counts, &mut stages_mech, out);
    // With the floor's cooling units' own draw (CDU pumps, CRAH fans): facility load, fed with the plant.
    let mech = (mech.0 + loads.floor_cooling_kw.0, mech.1 + loads.floor_cooling_kw.1, mech.2);
    r.mechanical_design_kw = mech.0;
    r.mechanical_typical_kw = mech.1;
    r.water_l_per_day = mech.2;
    let mech_load = (mech.0 + site.house_kw, mech.1 + site.house_kw);
    plant::feed((site, lost), mech_load, pf, &mut chain, &mut counts, &mut stages_mech, out);

    // The MV bus, then the substation and the grid.
    let stage_swgr = plant::switchgear((site, lost), pf, &chain, &mut counts, out);
    let (grid, stage_sub) = plant::substation((site, lost), pf, &mut chain, &mut counts, out);
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
    r.water_l_per_year = r.water_l_per_day * 365.0;
    r.water_gal_per_day = r.water_l_per_day / LITRES_PER_US_GALLON;
    r.wue_l_per_kwh = ratio(r.water_l_per_year, loads.it_typical_kw * HOURS_PER_YEAR);

    // Stages, upstream last, then the supply, then the plant.
    r.stages.push(pdu_stage(layout, pdus, loads));
    if !site.ups.is_empty() {
        r.stages.extend(lineups::system_stages(site, &r.systems));
    }
    r.stages.extend(stage_swgr);
    r.stages.extend(stage_sub);
    r.stages.push(grid_stage(site, &r, grid));
    supply::supply((site, lost), &mut r, (&mut counts, *failure == Failure::Utility, pf), out);
    r.stages.extend(stages_mech);
    lineups::system_warnings(site, &r, out);
    warn_loose(&pairing, out);
    r.single_points_of_failure = supply::single_points(site, &r, loads);
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
    let mut rows = match &lost_bank {
        Some((_, plant)) => {
            let mut counts = counts;
            counts.add(plant, 1);
            plant::rows(site, &counts)
        }
        None => plant::rows(site, &counts),
    };
    rows.extend(plant::building_row(site, loads));
    (r, rows)
}

/// The grid as a stage: the design load against the firm capacity.
fn grid_stage(site: &Site, r: &SiteReport, grid: Both) -> Stage {
    Stage {
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
    }
}

/// The PDUs that name no UPS system.
fn warn_loose(pairing: &lineups::Pairing, out: &mut Vec<Warning>) {
    if pairing.loose.is_empty() {
        return;
    }
    warn(
        out,
        "pdu-without-upstream",
        Severity::Warning,
        format!(
            "{} floor PDU(s) name no UPS system: their {:.0} kW is counted without UPS losses or backup; pick the UPS \
             system that feeds each in the Inspector",
            pairing.loose.len(),
            pairing.loose_load.0
        ),
        pairing.loose.clone(),
    );
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
        if let Some((q, kw)) = p.partners().max_by(|a, b| a.1.total_cmp(&b.1)) {
            let u = ratio(p.peak_kw + kw, p.usable_kw);
            if u > worst_survivor {
                worst_survivor = u;
                case = format!("PDU {} lost: PDU {} takes its share", pdus.get(q).map_or(0, |q| q.id.0), p.id);
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
