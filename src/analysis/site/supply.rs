//! The supply: generation and storage against the grid's shortfall, the ride-through on a utility outage, and
//! the single points of failure left.

use super::{Counts, EPS_KW, Loads, Outage, SiteReport, Stage, SystemLoad, ratio};
use crate::analysis::{PlantBank, Severity, Warning, warn};
use crate::model::{Site, UpsTopology};

/// Generation and storage: the grid's shortfall and what covers it, and the outage ride-through.
pub(super) fn supply<'a>(
    (site, lost): (&'a Site, Option<PlantBank>),
    r: &mut SiteReport,
    (counts, utility_lost, pf): (&mut Counts<'a>, bool, f64),
    out: &mut Vec<Warning>,
) {
    let design = r.facility_design_kw;
    let (mut gen_all_kw, mut start_s, mut gen_units) = (0.0, 0.0_f64, 0_u64);
    let mut gen_names = Vec::new();
    let mut starts = Vec::new();
    let mut largest_gen_kw = 0.0_f64;
    let lost_mark = |bank: PlantBank| if lost == Some(bank) { " (one more lost in the what-if)" } else { "" };
    for (i, bank) in site.generation.iter().enumerate() {
        let Some(t) = site.plant(&bank.plant) else { continue };
        counts.add(&bank.plant, u64::from(bank.count));
        gen_all_kw += f64::from(bank.count) * t.rating_kw;
        start_s = start_s.max(t.start_s);
        starts.push((t.start_s, f64::from(bank.duty()) * t.rating_kw));
        largest_gen_kw = largest_gen_kw.max(t.rating_kw);
        gen_units += u64::from(bank.count);
        gen_names.push(format!("{} × {}{}", bank.count, t.name, lost_mark(PlantBank::Generation(i))));
    }
    let mut bess_units = 0_u64;
    let mut bess_names = Vec::new();
    for (i, bank) in site.storage.iter().enumerate() {
        let Some(t) = site.plant(&bank.plant) else { continue };
        counts.add(&bank.plant, u64::from(bank.count));
        bess_units += u64::from(bank.count);
        bess_names.push(format!("{} × {}{}", bank.count, t.name, lost_mark(PlantBank::Storage(i))));
    }
    // The supply's totals: the one sum of the site's banks (the phases' supply uses it too).
    let (gen_kw, bess_kw, bess_kwh) = crate::model::phase::plant_supply_kw(site);
    r.generation_kw = gen_kw;
    r.storage_kw = bess_kw;
    r.storage_kwh = bess_kwh;
    // In a utility outage the grid gives nothing: the shortfall is the whole design load. With a substation
    // transformer lost, the grid gives no more than the ones left deliver (generation and storage are on the MV
    // bus, below them).
    let through_substation = (lost == Some(PlantBank::Substation))
        .then(|| {
            site.substation.as_ref().and_then(|b| Some(f64::from(b.count) * site.plant(&b.plant)?.rating_kva * pf))
        })
        .flatten()
        .filter(|kw| *kw < r.grid_kw);
    let firm = through_substation.unwrap_or(r.grid_kw);
    r.headroom_kw = if utility_lost { -design } else { firm - design };
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
    // (In the utility-outage what-if the outage's own findings say what carries the load.)
    if short > EPS_KW && !utility_lost {
        let covered = gen_kw + bess_kw >= short;
        warn(
            out,
            "grid-shortfall",
            if covered { Severity::Warning } else { Severity::Error },
            format!(
                "the facility design load {} is above {} by {}; covered by {}{}",
                mw(design),
                match through_substation {
                    Some(kw) => format!("the {} the substation transformers left deliver", mw(kw)),
                    None => format!("the firm grid {}", mw(r.grid_kw)),
                },
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
        // One unit lost: the largest (a 15 MW turbine, not the average unit).
        let (util, survivor) = (ratio(design, gen_all_kw), ratio(design, gen_all_kw - largest_gen_kw));
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
            worst_case: "utility lost, the largest unit lost".into(),
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
        format!(
            "the UPS batteries ({autonomy:.1} min) carry the IT until storage and the generation started by then have \
             the load at {t:.0} s"
        )
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
            "storage and generation carry it {storage_hours:.1} h, until the batteries ({:.0} MWh, taken as full) are \
             empty",
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

/// What a single failure still takes down: by the topology's rule (WP75) and by the actual pairings.
pub(super) fn single_points(site: &Site, r: &SiteReport, loads: &Loads) -> Vec<String> {
    let mut out = Vec::new();
    match site.topology {
        UpsTopology::N => out.push(
            "every UPS system with its input and output buses and PDUs (N: no redundant system, WP75)".to_owned(),
        ),
        UpsTopology::NPlus1 => out.push(format!(
            "the paralleling bus and the upstream input bus of each of the {} UPS system(s); not concurrently \
                 maintainable (N+1, WP75)",
            site.ups.len()
        )),
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
    if let Some(b) = &site.mv_switchgear
        && b.count == 1
    {
        out.push("the one MV switchgear lineup (every lineup hangs on its bus)".to_owned());
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
