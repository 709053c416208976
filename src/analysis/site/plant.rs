//! The plant beside the lineups: heat rejection for the liquid loop and the air, the mechanical feed, the
//! substation transformers, their stages and overload warnings, and the plant's and the building's cost rows.

use super::{BUILDING_SOURCE, Both, Chain, Counts, EPS_KW, Loads, Stage};
use crate::analysis::cost::BomRow;
use crate::analysis::{PlantBank, Severity, Warning, warn};
use crate::model::{PlantType, Site, UnitBank};

/// A bank's units and the load on it: normal utilisation over every unit and with one lost.
pub(super) fn bank_use(load: f64, count: u32, rating: f64) -> (f64, f64) {
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
pub(super) fn redundancy_words(b: &UnitBank) -> String {
    match b.redundant {
        0 => format!("N ({} duty)", b.count),
        r => format!("N+{r} ({} duty of {})", b.duty(), b.count),
    }
}

/// A bank's overload warnings: an error when the design load is over every unit, a warning when a claimed
/// spare does not cover the loss of one unit. `lost`: the what-if has taken one unit out.
fn stage_bank_warnings(
    out: &mut Vec<Warning>,
    (code, what, fix): (&'static str, &str, &str),
    (t, bank, lost): (&PlantType, &UnitBank, bool),
    (load, util, survivor): (f64, f64, f64),
) {
    let (what, left) =
        if lost { (format!("{what} with one unit lost"), "left") } else { (what.to_owned(), "installed") };
    if util > 1.0 + 1e-9 {
        let message = if util.is_finite() {
            format!("{what}: the design load is {:.0} % of the {} × {} {left}; {fix}", util * 100.0, bank.count, t.name)
        } else {
            format!("{what}: no {} is {left} to carry the design load of {load:.0} {}; {fix}", t.name, t.rating_unit())
        };
        warn(out, code, Severity::Error, message, Vec::new());
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

/// The plant's cost rows, one per type used, with the counts.
pub(super) fn rows(site: &Site, counts: &Counts) -> Vec<BomRow> {
    let mut rows = Vec::new();
    for (id, &quantity) in &counts.0 {
        let Some(t) = site.types.iter().find(|t| t.id.0 == *id) else { continue };
        let (unit_price_usd, source, assumption, basis) = match &t.price {
            Some(p) => (p.usd, p.source.clone(), p.assumption, p.basis().label()),
            None => (0.0, "no price".to_owned(), false, "none"),
        };
        rows.push(BomRow {
            category: t.kind.cost_category(),
            part: t.id.0.clone(),
            description: t.name.clone(),
            manufacturer: String::new(),
            part_number: String::new(),
            quantity,
            spares: 0,
            unit: "unit",
            unit_price_usd,
            extended_usd: unit_price_usd * quantity as f64,
            source,
            assumption,
            basis,
        });
    }
    rows
}

/// The building's cost row: per MW of IT design load.
pub(super) fn building_row(site: &Site, loads: &Loads) -> Option<BomRow> {
    if site.building_usd_per_mw <= 0.0 || loads.it_peak_kw <= 0.0 {
        return None;
    }
    let per_kw = site.building_usd_per_mw / 1000.0;
    let quantity = loads.it_peak_kw.ceil() as u64;
    Some(BomRow {
        category: "building",
        part: "building".into(),
        description: format!(
            "Building: shell, site work, white space, back of house and office, ${:.2} M per MW of IT design load",
            site.building_usd_per_mw / 1e6
        ),
        manufacturer: String::new(),
        part_number: String::new(),
        quantity,
        spares: 0,
        unit: "kW",
        unit_price_usd: per_kw,
        extended_usd: per_kw * quantity as f64,
        source: BUILDING_SOURCE.into(),
        assumption: true,
        basis: "estimate",
    })
}

/// A bank of plant as a stage, with its overload warnings (`lost`: the what-if has taken one of its units out).
fn bank_stage(
    out: &mut Vec<Warning>,
    (kind, what, code, fix): (&'static str, &str, &'static str, &str),
    (t, bank, lost): (&PlantType, &UnitBank, bool),
    load: (f64, f64),
) -> Stage {
    let rating = t.rating();
    let (utilisation, worst_survivor_utilisation) = bank_use(load.0, bank.count, rating);
    stage_bank_warnings(out, (code, what, fix), (t, bank, lost), (load.0, utilisation, worst_survivor_utilisation));
    Stage {
        kind,
        label: format!("{} × {}{}", bank.count, t.name, if lost { " (one more lost in the what-if)" } else { "" }),
        units: u64::from(bank.count),
        unit_rating: rating,
        rating_unit: t.rating_unit(),
        redundancy: redundancy_words(bank),
        design: load.0,
        typical: load.1,
        utilisation,
        worst_survivor_utilisation,
        worst_case: if kind == "substation" { "one transformer lost".into() } else { "one unit lost".into() },
    }
}

/// The mechanical plant: its electrical load (design, typical) and water a day from the heat each bank rejects
/// — the liquid loop's, and the air's with the indoor losses; its stages pushed to `stages`.
pub(super) fn mechanical<'a>(
    (site, lost): (&'a Site, Option<PlantBank>),
    loads: &Loads,
    chain: &Chain,
    counts: &mut Counts<'a>,
    stages: &mut Vec<Stage>,
    out: &mut Vec<Warning>,
) -> (f64, f64, f64) {
    let indoor = (chain.distribution.0 + chain.ups.0, chain.distribution.1 + chain.ups.1);
    let mech = &site.mechanical;
    let heat = [
        (
            ("liquid-heat-rejection", PlantBank::Liquid),
            "liquid loop",
            &mech.liquid,
            (loads.liquid_peak_kw, loads.liquid_typical_kw),
        ),
        (
            ("air-heat-rejection", PlantBank::Air),
            "air (chilled water)",
            &mech.air,
            (loads.air_peak_kw + indoor.0, loads.air_typical_kw + indoor.1),
        ),
    ];
    let (mut design_kw, mut typical_kw, mut water_l_per_day) = (0.0, 0.0, 0.0);
    for ((kind, which_bank), what, bank, (design, typ)) in heat {
        let Some(bank) = bank else {
            if design > EPS_KW {
                let which =
                    if kind == "liquid-heat-rejection" { "dry coolers, towers or chillers" } else { "chillers" };
                warn(
                    out,
                    "cooling-plant-short",
                    Severity::Error,
                    format!(
                        "{design:.0} kW of heat goes to the {what} at design, and the site has no heat rejection for \
                         it; add a bank of {which} to the mechanical plant"
                    ),
                    Vec::new(),
                );
            }
            continue;
        };
        let Some(t) = site.plant(&bank.plant) else { continue };
        counts.add(&bank.plant, u64::from(bank.count));
        design_kw += design * t.kw_per_kw_heat;
        typical_kw += typ * t.kw_per_kw_heat;
        water_l_per_day += typ * t.water_l_per_kwh * 24.0;
        let unit = (t, bank, lost == Some(which_bank));
        stages.push(bank_stage(out, (kind, what, "cooling-plant-short", "add a unit"), unit, (design, typ)));
    }
    (design_kw, typical_kw, water_l_per_day)
}

/// The mechanical and house loads through the mechanical feed's unit substations (at MV directly without one).
pub(super) fn feed<'a>(
    (site, lost): (&'a Site, Option<PlantBank>),
    load: (f64, f64),
    pf: f64,
    chain: &mut Chain,
    counts: &mut Counts<'a>,
    stages: &mut Vec<Stage>,
    out: &mut Vec<Warning>,
) {
    let Some((bank, t)) = site.mechanical.feed.as_ref().and_then(|b| Some((b, site.plant(&b.plant)?))) else {
        chain.mv += load;
        return;
    };
    counts.add(&bank.plant, u64::from(bank.count));
    let eta = t.efficiency.max(0.01);
    chain.unit_sub += (load.0 / eta - load.0, load.1 / eta - load.1);
    chain.mv += (load.0 / eta, load.1 / eta);
    let what = ("mechanical-feed", "mechanical feed", "transformer-overload", "add a unit substation");
    let unit = (t, bank, lost == Some(PlantBank::MechanicalFeed));
    stages.push(bank_stage(out, what, unit, (load.0 / eta / pf, load.1 / eta / pf)));
}

/// The MV switchgear: the campus MV bus's load (every lineup's input and the mechanical feed's) against its
/// lineups' kVA. Its losses are not modelled (a bus and breakers, small beside the transformers').
pub(super) fn switchgear<'a>(
    (site, lost): (&'a Site, Option<PlantBank>),
    pf: f64,
    chain: &Chain,
    counts: &mut Counts<'a>,
    out: &mut Vec<Warning>,
) -> Option<Stage> {
    let (bank, t) = site.mv_switchgear.as_ref().and_then(|b| Some((b, site.plant(&b.plant)?)))?;
    counts.add(&bank.plant, u64::from(bank.count));
    let what = ("mv-switchgear", "MV switchgear", "switchgear-overload", "add a switchgear lineup");
    let unit = (t, bank, lost == Some(PlantBank::MvSwitchgear));
    Some(bank_stage(out, what, unit, (chain.mv.0 / pf, chain.mv.1 / pf)))
}

/// The substation transformers: the grid's draw (design, typical) and their stage.
pub(super) fn substation<'a>(
    (site, lost): (&'a Site, Option<PlantBank>),
    pf: f64,
    chain: &mut Chain,
    counts: &mut Counts<'a>,
    out: &mut Vec<Warning>,
) -> (Both, Option<Stage>) {
    let Some((bank, t)) = site.substation.as_ref().and_then(|b| Some((b, site.plant(&b.plant)?))) else {
        return (chain.mv, None);
    };
    counts.add(&bank.plant, u64::from(bank.count));
    let eta = t.efficiency.max(0.01);
    let grid = Both(chain.mv.0 / eta, chain.mv.1 / eta);
    chain.substation = Both(grid.0 - chain.mv.0, grid.1 - chain.mv.1);
    let what = ("substation", "substation", "transformer-overload", "add a transformer");
    let unit = (t, bank, lost == Some(PlantBank::Substation));
    (grid, Some(bank_stage(out, what, unit, (grid.0 / pf, grid.1 / pf))))
}
