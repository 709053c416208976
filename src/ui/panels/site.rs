//! The site in the Report tab: grid against the design load, the computed PUE, losses, supply and outage, water,
//! every stage of the chain with its redundancy, and the single points of failure — each figure the report's
//! own, each saying its basis.

use egui::RichText;

use crate::analysis::Report;
use crate::format::{Units, count, group_float, percent, power};
use crate::ui::theme;

/// A stage's utilisation: a percentage, or — when it is not finite — what that means: a UPS system's loss
/// drops load; any other stage has no capacity for its load.
fn util(u: f64, kind: &str) -> String {
    match (u.is_finite(), kind) {
        (true, _) => percent(u),
        (false, "ups") => "drops load".into(),
        (false, _) => "no capacity".into(),
    }
}

/// The site section.
pub fn site_section(ui: &mut egui::Ui, r: &Report, u: Units) {
    let s = &r.site;
    ui.label(RichText::new("Site (design basis: peak IT; energy basis: typical IT)").strong());
    if !s.modelled {
        ui.label(format!(
            "Not modelled: facility {} at design is peak IT × the hall's PUE ({:.2}), an estimate; no grid, UPS, \
             plant, water or building cost. Generate a hall (Ctrl+G) to size one.",
            power(s.facility_design_kw),
            s.pue_design
        ));
        ui.add_space(8.0);
        return;
    }
    let headroom = if s.headroom_kw >= 0.0 { "Grid headroom" } else { "Grid shortfall" };
    let l = &s.losses_design_kw;
    let rows: Vec<(&str, String)> = vec![
        ("UPS topology", s.topology.clone()),
        ("Firm grid", power(s.grid_kw)),
        ("Facility, design", power(s.facility_design_kw)),
        ("Facility, energy", power(s.facility_typical_kw)),
        (headroom, power(s.headroom_kw.abs())),
        ("Shortfall covered by", s.shortfall_covered_by.clone()),
        ("PUE, design", format!("{:.3}", s.pue_design)),
        ("PUE, annual", format!("{:.3}", s.pue_annual)),
        ("Energy load factor", format!("{:.2}", s.energy_load_factor)),
        ("Generation counted on", power(s.generation_kw)),
        ("Storage", format!("{} · {} MWh", power(s.storage_kw), group_float(s.storage_kwh / 1000.0, 1))),
        ("UPS autonomy at design", format!("{} min", group_float(s.outage.ups_autonomy_min, 1))),
        ("Losses: distribution", power(l.distribution_kw)),
        ("Losses: UPS", power(l.ups_kw)),
        ("Losses: unit substations", power(l.unit_substation_kw)),
        ("Losses: substation", power(l.substation_kw)),
        ("Mechanical, design", power(s.mechanical_design_kw)),
        ("Mechanical, energy", power(s.mechanical_typical_kw)),
        ("House load", power(s.house_kw)),
        ("Water (energy basis)", u.water_per_day(s.water_l_per_day)),
        ("WUE", format!("{:.2} L/kWh", s.wue_l_per_kwh)),
        ("PDUs without a UPS system", count(s.pdus_without_upstream)),
    ];
    egui::Grid::new("site-figures").num_columns(2).striped(true).min_col_width(150.0).spacing([16.0, 3.0]).show(
        ui,
        |ui| {
            for (k, v) in &rows {
                ui.label(*k);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(v).monospace());
                });
                ui.end_row();
            }
        },
    );
    ui.label(RichText::new(format!("Utility outage: {}", s.outage.summary)).small());
    ui.add_space(6.0);
    stages_ui(ui, r);
    if !s.single_points_of_failure.is_empty() {
        ui.label(RichText::new("Single points of failure").strong());
        for p in &s.single_points_of_failure {
            ui.label(RichText::new(format!("• {p}")).color(theme::WARNING));
        }
    }
    ui.add_space(8.0);
}

/// Every stage: units, rating, design load, utilisation now and with one unit lost.
fn stages_ui(ui: &mut egui::Ui, r: &Report) {
    ui.label(RichText::new("Stages (design basis)").strong());
    egui::Grid::new("site-stages").num_columns(5).striped(true).spacing([10.0, 3.0]).show(ui, |ui| {
        for h in ["Stage", "Units × rating", "Design", "Now", "One lost"] {
            ui.label(RichText::new(h).weak());
        }
        ui.end_row();
        for st in &r.site.stages {
            let unit = if st.rating_unit == "kVA" { "kVA" } else { "kW" };
            ui.label(st.kind.replace('-', " "))
                .on_hover_text(format!("{}; redundancy {}; worst case: {}", st.label, st.redundancy, st.worst_case));
            ui.label(format!("{} × {} {unit}", count(st.units), group_float(st.unit_rating, 0)));
            ui.label(format!("{} {unit}", group_float(st.design, 0)));
            let ink = ui.visuals().text_color();
            let over = |v: f64| if v > 1.0 { theme::ERROR } else { ink };
            ui.label(RichText::new(util(st.utilisation, st.kind)).color(over(st.utilisation)));
            ui.label(
                RichText::new(util(st.worst_survivor_utilisation, st.kind)).color(over(st.worst_survivor_utilisation)),
            );
            ui.end_row();
        }
    });
    ui.add_space(6.0);
}
