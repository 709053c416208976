//! The build in phases: at each phase's day, the hall as it stands then — the equipment online (what no phase
//! names, and what this phase and the ones before it bring) — analysed as any layout is, against the supply the
//! phase has. A layout without phases is one phase: everything, on the site's supply (or none stated).
//!
//! One function of the layout; each phase's figures are the full analysis of the hall as it stands that day, so
//! they are the same numbers the report gives for the whole hall when everything is online.

use serde::Serialize;

use super::{Report, Severity, Warning, analyse};
use crate::model::Layout;
use crate::model::phase::{Phase, PhaseSupply, item_phases};

/// One phase's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PhaseReport {
    /// Its name.
    pub name: String,
    /// Days from the start.
    pub day: u32,
    /// Its calendar date, when the layout gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// GPUs online.
    pub gpus_online: u64,
    /// Dense BF16 PFLOPS online.
    pub bf16_pflops: f64,
    /// HBM online, TB.
    pub hbm_tb: f64,
    /// IT load at the design basis (peak), kW.
    pub it_design_kw: f64,
    /// IT load at the energy basis (typical), kW.
    pub it_energy_kw: f64,
    /// Facility load at the design basis, kW (the site's chain, else the hall's PUE estimate).
    pub facility_design_kw: f64,
    /// Facility load at the energy basis (typical IT at the report's load factor), kW.
    pub facility_energy_kw: f64,
    /// Firm supply: grid and generation, kW.
    pub supply_firm_kw: f64,
    /// Everything that can carry load at once: firm supply and batteries (batteries with no stated energy count
    /// for nothing), kW.
    pub supply_total_kw: f64,
    /// Firm supply (grid and generation counted on) − facility design load, kW: negative when the batteries must
    /// carry the rest (for as long as they last, `bess_hours`) or, beyond them, a shortfall (`short_kw`).
    /// Batteries count only for their duration (reference §12c's phase check). (The site report's headroom is the
    /// grid's alone.)
    pub headroom_kw: f64,
    /// What the on-site generation (turbines, gensets) must carry at design load beyond the grid, kW (0: none).
    pub generation_carries_kw: f64,
    /// What the batteries must carry at design load beyond the firm supply, kW (0: none).
    pub bess_carries_kw: f64,
    /// Facility design load beyond firm supply and batteries together, kW (0: none): the shortfall.
    pub short_kw: f64,
    /// How long the batteries carry that, hours (None when they carry nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bess_hours: Option<f64>,
    /// Capital cost of what is online, USD (with the site when it is modelled).
    pub capex_to_date_usd: f64,
    /// Energy the facility has used from the start to this phase's day, at the energy basis, MWh (what is there
    /// from the start until the first phase, then each earlier phase's facility energy-basis load over its days).
    pub energy_to_date_mwh: f64,
    /// That energy at the hall's electricity price, USD.
    pub energy_cost_to_date_usd: f64,
    /// Errors in the hall as it stands that day.
    pub errors: usize,
}

/// Each phase's figures and the phases' warnings (stable codes, naming the phase).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PhasesReport {
    /// By day.
    pub phases: Vec<PhaseReport>,
    /// GPUs online from the start (in no phase).
    pub gpus_from_start: u64,
    /// `phase-power-shortfall` (an error), `phase-on-batteries`, `phase-fabric-incomplete`.
    pub warnings: Vec<Warning>,
}

impl PhasesReport {
    /// Days from the start until every GPU is online: the day of the first phase holding the last phase's GPUs (0
    /// without phases: everything is there from the start).
    pub fn days_to_full_capacity(&self) -> u32 {
        let full = self.phases.last().map_or(0, |p| p.gpus_online);
        if full <= self.gpus_from_start {
            return 0;
        }
        self.phases.iter().find(|p| p.gpus_online >= full).map_or(0, |p| p.day)
    }
}

/// Where a phase stands against its supply at the design basis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SupplyState {
    /// The firm supply carries it, with this much to spare, kW.
    Spare(f64),
    /// The batteries carry this much beyond the firm supply, kW, for this many hours.
    OnBatteries(f64, f64),
    /// Firm supply and batteries together fall short by this much, kW.
    Short(f64),
}

impl PhaseReport {
    /// Where the phase stands against its supply (the one rule the warnings, the CLI and the views use).
    pub fn state(&self) -> SupplyState {
        if self.short_kw > 1e-6 {
            SupplyState::Short(self.short_kw)
        } else if self.bess_carries_kw > 1e-6 {
            SupplyState::OnBatteries(self.bess_carries_kw, self.bess_hours.unwrap_or(0.0))
        } else {
            SupplyState::Spare(self.headroom_kw.max(0.0))
        }
    }
}

/// The hall as it stands in phase `k`: the items online then (see [`item_phases`]).
pub fn online_in(layout: &Layout, k: usize) -> Layout {
    online_with(layout, &item_phases(layout), k)
}

/// [`online_in`] given the items' phases.
fn online_with(layout: &Layout, phases_of: &[Option<usize>], k: usize) -> Layout {
    online_where(layout, phases_of, |p| p.is_none_or(|p| p <= k))
}

/// The hall with the items whose phase `keep` accepts.
fn online_where(layout: &Layout, phases_of: &[Option<usize>], keep: impl Fn(Option<usize>) -> bool) -> Layout {
    let items = layout.items.iter().zip(phases_of).filter(|(_, p)| keep(**p)).map(|(i, _)| i.clone());
    Layout {
        version: layout.version,
        name: layout.name.clone(),
        document: layout.document.clone(),
        hall: layout.hall.clone(),
        catalog: layout.catalog.clone(),
        items: items.collect(),
        prices: layout.prices.clone(),
        site: layout.site.clone(),
        phases: Vec::new(),
    }
}

fn phase_report(p: &Phase, r: &Report) -> PhaseReport {
    let facility_design_kw = r.site.facility_design_kw;
    let supply = p.supply;
    let (firm_kw, total_kw) = (supply.firm_mw() * 1000.0, supply.total_mw() * 1000.0);
    let bess_kw = total_kw - firm_kw;
    let bess_carries_kw = (facility_design_kw - firm_kw).max(0.0).min(bess_kw);
    PhaseReport {
        name: p.name.clone(),
        day: p.day,
        date: p.date.clone(),
        gpus_online: r.gpus.total,
        bf16_pflops: r.compute.bf16_pflops,
        hbm_tb: r.memory.hbm_tb,
        it_design_kw: r.power.it_peak_kw,
        it_energy_kw: r.power.it_kw,
        facility_design_kw,
        facility_energy_kw: r.site.facility_typical_kw,
        supply_firm_kw: firm_kw,
        supply_total_kw: total_kw,
        headroom_kw: firm_kw - facility_design_kw,
        generation_carries_kw: (facility_design_kw - supply.grid_mw * 1000.0)
            .max(0.0)
            .min(supply.generation_mw * 1000.0),
        bess_carries_kw,
        short_kw: (facility_design_kw - total_kw).max(0.0),
        bess_hours: (bess_carries_kw > 0.0).then(|| supply.bess_mwh * 1000.0 / bess_carries_kw),
        capex_to_date_usd: r.cost.capex_usd,
        energy_to_date_mwh: 0.0,
        energy_cost_to_date_usd: 0.0,
        errors: r.error_count(),
    }
}

/// The layout's phases analysed, by day. Without phases: one, everything online, on the site's supply.
pub fn analyse_phases(layout: &Layout) -> PhasesReport {
    let mut out = PhasesReport::default();
    if layout.phases.is_empty() {
        let r = analyse(layout);
        let supply = layout.site.as_ref().map(PhaseSupply::of_site).unwrap_or_default();
        let whole = Phase { name: "Everything".into(), supply, ..Phase::default() };
        out.phases.push(phase_report(&whole, &r));
        out.gpus_from_start = r.gpus.total;
        return out;
    }
    let phases_of = item_phases(layout);
    out.gpus_from_start = layout
        .items
        .iter()
        .zip(&phases_of)
        .filter(|(_, p)| p.is_none())
        .filter_map(|(i, _)| layout.type_of(i))
        .map(|t| u64::from(t.gpus()))
        .sum();
    for (k, p) in layout.phases.iter().enumerate() {
        let r = analyse(&online_with(layout, &phases_of, k));
        let pr = phase_report(p, &r);
        match pr.state() {
            SupplyState::Short(short_kw) => out.warnings.push(Warning {
                code: "phase-power-shortfall",
                severity: Severity::Error,
                message: format!(
                    "phase '{}' (day {}): the facility design load {:.1} MW is above its supply {:.1} MW (firm {:.1} \
                     MW of grid and generation + batteries {:.1} MW) by {:.1} MW (at the energy basis, typical load, \
                     it draws {:.1} MW: {}); bring supply forward or move equipment to a later phase",
                    p.name,
                    p.day,
                    pr.facility_design_kw / 1000.0,
                    pr.supply_total_kw / 1000.0,
                    pr.supply_firm_kw / 1000.0,
                    (pr.supply_total_kw - pr.supply_firm_kw) / 1000.0,
                    short_kw / 1000.0,
                    pr.facility_energy_kw / 1000.0,
                    if pr.facility_energy_kw <= pr.supply_total_kw {
                        "the supply carries that"
                    } else {
                        "short even then"
                    }
                ),
                items: Vec::new(),
            }),
            SupplyState::OnBatteries(kw, hours) => out.warnings.push(Warning {
                code: "phase-on-batteries",
                severity: Severity::Warning,
                message: format!(
                    "phase '{}' (day {}): the facility design load {:.1} MW is above its firm supply {:.1} MW (grid \
                     and generation) by {:.1} MW: the batteries carry that for {:.1} h ({:.0} MWh), then it is short",
                    p.name,
                    p.day,
                    pr.facility_design_kw / 1000.0,
                    pr.supply_firm_kw / 1000.0,
                    kw / 1000.0,
                    hours,
                    p.supply.bess_mwh
                ),
                items: Vec::new(),
            }),
            SupplyState::Spare(_) => {}
        }
        if let Some(w) = r.warnings.iter().find(|w| w.code == "fabric-short") {
            out.warnings.push(Warning {
                code: "phase-fabric-incomplete",
                severity: Severity::Warning,
                message: format!(
                    "phase '{}' (day {}): GPUs online without the switches they need — {}; bring the network racks \
                     into this phase",
                    p.name, p.day, w.message
                ),
                items: w.items.clone(),
            });
        }
        out.phases.push(pr);
    }
    // Dates that disagree with the days: two whole dates whose distance is not the days between the phases.
    for w in layout.phases.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dates = a
            .date
            .as_deref()
            .and_then(crate::model::phase::day_number)
            .zip(b.date.as_deref().and_then(crate::model::phase::day_number));
        if let Some((da, db)) = dates
            && db - da != i64::from(b.day) - i64::from(a.day)
        {
            out.warnings.push(Warning {
                code: "phase-date-mismatch",
                severity: Severity::Warning,
                message: format!(
                    "phase '{}' is dated {} and phase '{}' {}: {} days apart, but their days ({} and {}) are {} apart; \
                     correct the day or the date",
                    a.name,
                    a.date.as_deref().unwrap_or(""),
                    b.name,
                    b.date.as_deref().unwrap_or(""),
                    db - da,
                    a.day,
                    b.day,
                    i64::from(b.day) - i64::from(a.day)
                ),
                items: Vec::new(),
            });
        }
    }
    // Energy to date: what is there from the start, from day 0 to the first phase; then each phase's facility at
    // the energy basis over the days until the next.
    let usd_per_kwh = layout.hall.settings.energy_usd_per_kwh;
    let first_day = layout.phases.first().map_or(0, |p| p.day);
    let mut mwh = 0.0;
    if first_day > 0 && phases_of.iter().any(Option::is_none) {
        let start = analyse(&online_where(layout, &phases_of, |p| p.is_none()));
        mwh = start.site.facility_typical_kw * f64::from(first_day) * 24.0 / 1000.0;
    }
    for k in 0..out.phases.len() {
        if k > 0 {
            let prev = &out.phases[k - 1];
            mwh += prev.facility_energy_kw * f64::from(out.phases[k].day.saturating_sub(prev.day)) * 24.0 / 1000.0;
        }
        out.phases[k].energy_to_date_mwh = mwh;
        out.phases[k].energy_cost_to_date_usd = mwh * 1000.0 * usd_per_kwh;
    }
    out
}
