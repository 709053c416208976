//! Presentation mode (View › Present, F11): the hall fills the window under a row of big figures readable from
//! across a room — GPUs, EFLOPS (BF16 / FP8), HBM, IT and facility power, cooling, cable length, capital cost —
//! each the live report's own number, in the theme's colours.

use egui::{Align, Layout, RichText};

mod controls;

pub use controls::present_controls_ui;

use super::PanelCtx;
use crate::analysis::Report;
use crate::analysis::compare::{Better, Verdict};
use crate::format::{count, group_float, usd};
use crate::model::short_model;
use crate::ui::theme;

/// Height of a figure's value, points.
const VALUE_PT: f32 = 40.0;
/// Height of a figure's unit, points.
const UNIT_PT: f32 = 18.0;

/// One tile's words: caption, value, unit, a line under it, and the figure compared between A and B.
struct Tile {
    caption: &'static str,
    value: String,
    unit: String,
    under: String,
    /// The tile's figure in its own unit (for B − A), and how to write a difference of it.
    figure: f64,
    write: Box<dyn Fn(f64) -> String>,
    /// Facility power, MW (the IT power tile's second figure: a PUE moves it alone).
    facility_mw: Option<f64>,
    /// Which way is better for the figure (the Compare tab's rule for the same figure).
    better: Better,
    /// The line under the figure is a warning a room must see (a phase short of power): in the error colour.
    alert: bool,
}

/// The tiles for a report.
fn tiles_of(r: &Report, units: crate::format::Units) -> Vec<Tile> {
    let models: Vec<String> =
        r.gpus.by_model.iter().map(|(m, n)| format!("{} {}", count(*n), short_model(m))).collect();
    let (heat, heat_unit) = value_and_unit(units.heat(r.cooling.total_kw));
    let (cable, cable_unit) = value_and_unit(units.long_length(r.cables.total_length_m));
    vec![
        Tile {
            caption: "GPUs",
            value: count(r.gpus.total),
            unit: String::new(),
            under: models.join(" · "),
            figure: r.gpus.total as f64,
            write: Box::new(|d| count(d.abs().round() as u64)),
            facility_mw: None,
            better: Better::More,
            alert: false,
        },
        Tile {
            caption: "Compute, BF16",
            value: group_float(r.compute.bf16_pflops / 1000.0, 1),
            unit: "EFLOPS".into(),
            under: format!("FP8 {} EFLOPS (dense)", group_float(r.compute.fp8_pflops / 1000.0, 1)),
            figure: r.compute.bf16_pflops / 1000.0,
            write: Box::new(|d| format!("{} EFLOPS", group_float(d.abs(), 1))),
            facility_mw: None,
            better: Better::More,
            alert: false,
        },
        Tile {
            caption: "GPU memory",
            value: group_float(r.memory.hbm_tb / 1000.0, 2),
            unit: "PB".into(),
            under: format!("{} TB/s HBM bandwidth", group_float(r.memory.bandwidth_tbps, 0)),
            figure: r.memory.hbm_tb / 1000.0,
            write: Box::new(|d| format!("{} PB", group_float(d.abs(), 2))),
            facility_mw: None,
            better: Better::More,
            alert: false,
        },
        Tile {
            caption: "IT power, typical",
            // Two decimals, as the cooling tile's (the same heat, as an architect will check).
            value: group_float(r.power.it_kw / 1000.0, 2),
            unit: "MW".into(),
            // The facility at the design basis, what the grid and plant are sized on — against the grid when the
            // site is modelled.
            under: if r.site.modelled {
                format!(
                    "facility {} MW design · grid {} MW",
                    group_float(r.site.facility_design_kw / 1000.0, 1),
                    group_float(r.site.grid_kw / 1000.0, 0)
                )
            } else {
                format!("facility {} MW design (PUE estimate)", group_float(r.site.facility_design_kw / 1000.0, 1))
            },
            figure: r.power.it_kw / 1000.0,
            write: Box::new(|d| format!("{} MW", group_float(d.abs(), 2))),
            facility_mw: Some(r.site.facility_design_kw / 1000.0),
            better: Better::Less,
            alert: false,
        },
        Tile {
            caption: "Cooling, typical",
            value: heat,
            unit: heat_unit,
            under: if r.site.modelled {
                format!(
                    "{} liquid · water {}",
                    crate::format::percent(liquid_share(r)),
                    units.water_per_day(r.site.water_l_per_day)
                )
            } else {
                format!("{} liquid", crate::format::percent(liquid_share(r)))
            },
            figure: r.cooling.total_kw,
            write: Box::new(move |d| units.heat(d.abs())),
            facility_mw: None,
            better: Better::Less,
            alert: false,
        },
        Tile {
            caption: "Cables",
            value: cable,
            unit: cable_unit,
            under: format!("{} cables", count(r.cables.count)),
            figure: r.cables.total_length_m,
            write: Box::new(move |d| units.long_length(d.abs())),
            facility_mw: None,
            better: Better::Less,
            alert: false,
        },
        Tile {
            caption: "Capital cost",
            value: usd(r.cost.capex_usd),
            unit: String::new(),
            under: format!(
                "{} per GPU{}",
                usd(r.cost.usd_per_gpu),
                if r.site.modelled { " all-in" } else { " (IT only)" }
            ),
            figure: r.cost.capex_usd,
            write: Box::new(|d| usd(d.abs())),
            facility_mw: None,
            better: Better::Less,
            alert: false,
        },
    ]
}

/// A tile's line comparing the hall shown with the other: `+100,000 vs A (+100 %)`, and whether the shown hall
/// is better or worse for it; a difference too small to show in the tile's precision is "same as". The IT power
/// tile adds facility power when it moved otherwise (another PUE).
fn difference(shown: &Tile, other: &Tile, other_name: &str) -> (String, Verdict) {
    let d = shown.figure - other.figure;
    let signed = |d: f64, written: String| format!("{}{written}", if d > 0.0 { "+" } else { "−" });
    let same = d.abs() < 1e-9 || (shown.write)(d) == (shown.write)(0.0);
    let verdict = if same { Verdict::Neutral } else { shown.better.verdict(d, 0.0) };
    let mut line = if same {
        format!("same as {other_name}")
    } else {
        let pct = match (d / other.figure).abs() * 100.0 {
            p if !p.is_finite() || p < 0.05 => String::new(),
            p if p < 10.0 => format!(" ({} %)", signed(d, format!("{p:.1}"))),
            p => format!(" ({} %)", signed(d, format!("{p:.0}"))),
        };
        format!("{} vs {other_name}{pct}", signed(d, (shown.write)(d)))
    };
    if let (Some(f_shown), Some(f_other)) = (shown.facility_mw, other.facility_mw) {
        let fd = f_shown - f_other;
        let moved_otherwise = (fd / f_other - d / other.figure).abs() > 0.005;
        let written = group_float(fd.abs(), 1);
        if moved_otherwise && written != group_float(0.0, 1) {
            line.push_str(&format!(" · facility {} MW", signed(fd, written)));
        }
    }
    (line, verdict)
}

impl Tile {
    /// The tile with its under-line in the error colour when `alert`.
    fn alerting(self, alert: bool) -> Self {
        Self { alert, ..self }
    }
}

/// The tiles for a phase of the build: what is online that day against the supply.
fn phase_tiles(p: &crate::analysis::phases::PhaseReport) -> Vec<Tile> {
    use crate::analysis::phases::SupplyState;
    let tile = |caption, value: String, unit: &str, under: String, better| Tile {
        caption,
        value,
        unit: unit.into(),
        under,
        figure: 0.0,
        write: Box::new(|_| String::new()),
        facility_mw: None,
        better,
        alert: false,
    };
    let when = crate::model::phase::when(p.day, p.date.as_deref());
    let short = matches!(p.state(), SupplyState::Short(_));
    let standing = super::timeline::standing_words(p);
    vec![
        tile("GPUs online", count(p.gpus_online), "", when, Better::More),
        tile(
            "Compute, BF16",
            group_float(p.bf16_pflops / 1000.0, 1),
            "EFLOPS",
            format!("{} PB of HBM", group_float(p.hbm_tb / 1000.0, 2)),
            Better::More,
        ),
        tile(
            "Power needed, design",
            group_float(p.facility_design_kw / 1000.0, 1),
            "MW",
            format!("facility · IT {} MW peak", group_float(p.it_design_kw / 1000.0, 1)),
            Better::Less,
        ),
        tile(
            "Power available",
            group_float(p.supply_total_kw / 1000.0, 1),
            "MW",
            format!("{standing} · firm {} MW", group_float(p.supply_firm_kw / 1000.0, 1)),
            Better::More,
        )
        .alerting(short),
        tile(
            "Capital to date",
            usd(p.capex_to_date_usd),
            "",
            format!("energy to date {} MWh", group_float(p.energy_to_date_mwh, 0)),
            Better::Less,
        ),
    ]
}

/// The tiles for the hall on the canvas, each with its difference from the other hall when a B is open; a
/// phase shown: that phase's.
fn tiles(pc: &PanelCtx<'_>) -> Vec<(Tile, Option<(String, Verdict)>)> {
    let units = pc.prefs.units;
    if pc.compare().is_none_or(|c| !c.showing_b)
        && let Some(p) = pc.session.phase.and_then(|k| pc.phases.report.phases.get(k))
    {
        return phase_tiles(p).into_iter().map(|t| (t, None)).collect();
    }
    let a = pc.cache.report();
    let Some(cmp) = pc.compare() else {
        return tiles_of(a, units).into_iter().map(|t| (t, None)).collect();
    };
    let b = cmp.cache.report();
    let (shown, other, other_name) = if cmp.showing_b { (b, a, "A") } else { (a, b, "B") };
    let others = tiles_of(other, units);
    tiles_of(shown, units)
        .into_iter()
        .zip(others)
        .map(|(t, o)| {
            let d = difference(&t, &o, other_name);
            (t, Some(d))
        })
        .collect()
}

/// A formatted quantity split into its number and its unit (`"26,657.6 km"` → `("26,657.6", "km")`), so the
/// tile can set the number large.
fn value_and_unit(text: String) -> (String, String) {
    match text.rsplit_once(' ') {
        Some((v, u)) => (v.to_owned(), u.to_owned()),
        None => (text, String::new()),
    }
}

/// Share of the heat carried away by liquid.
fn liquid_share(r: &Report) -> f64 {
    if r.cooling.total_kw > 0.0 { r.cooling.liquid_kw / r.cooling.total_kw } else { 0.0 }
}

/// The row of figures across the top of the window.
pub fn kpi_tiles_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>) {
    let dark = pc.prefs.dark;
    egui::Panel::top("present-tiles").show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let showing_b = pc.compare().filter(|c| c.showing_b);
            let name = showing_b.map_or_else(|| pc.doc.layout().name.clone(), |c| c.name());
            // The hall's own name is what a design is called; the file A is saved in is said beside it.
            let file_of_a = |ui: &mut egui::Ui| {
                if showing_b.is_none() {
                    let file = pc.doc.path().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
                    let file = file.unwrap_or_else(|| "not saved".into());
                    ui.label(RichText::new(file).size(15.0).color(theme::secondary_ink(dark)));
                }
            };
            if let Some(b) = pc.compare() {
                let badge = if showing_b.is_some() { "B" } else { "A" };
                ui.label(RichText::new(badge).size(22.0).strong().color(theme::selection(dark)))
                    .on_hover_text("B switches between A (your hall) and B (the scenario)");
                ui.label(RichText::new(if name.is_empty() { "clusterplan" } else { &name }).size(22.0).strong());
                file_of_a(ui);
                // Say what B is: a new hall built for the settings, or A grown.
                let what = if showing_b.is_some() { b.origin() } else { format!("B: {}", b.origin()) };
                ui.label(RichText::new(what).size(15.0).color(theme::secondary_ink(dark)));
            } else {
                ui.label(RichText::new(if name.is_empty() { "clusterplan" } else { &name }).size(22.0).strong());
                file_of_a(ui);
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(RichText::new("F11 or Esc: leave presentation").weak());
            });
        });
        ui.add_space(6.0);
        let tiles = tiles(pc);
        let gap = 10.0;
        let width = ((ui.available_width() - gap * (tiles.len() as f32 - 1.0)) / tiles.len() as f32).max(120.0);
        // Tiles side by side, tops aligned, wrapping onto a second row in a narrow window.
        ui.with_layout(Layout::left_to_right(Align::TOP).with_main_wrap(true), |ui| {
            ui.spacing_mut().item_spacing = egui::vec2(gap, gap);
            for (t, diff) in tiles {
                egui::Frame::new().fill(theme::plate(dark)).corner_radius(6.0).inner_margin(10.0).show(ui, |ui| {
                    ui.vertical(|ui| {
                        let inner = width - 20.0;
                        ui.set_width(inner);
                        ui.label(RichText::new(t.caption).size(15.0).color(theme::secondary_ink(dark)));
                        // A long figure ($43.31 B, 1,000,000) is set smaller rather than cut off; the row keeps
                        // its height so tiles stay aligned.
                        let spacing = ui.spacing().item_spacing.x;
                        let value_w = text_width(ui, &t.value, VALUE_PT);
                        let unit_w = if t.unit.is_empty() { 0.0 } else { text_width(ui, &t.unit, UNIT_PT) + spacing };
                        let total = value_w + unit_w;
                        let scale = if total <= inner { 1.0 } else { inner / total * 0.97 };
                        ui.horizontal(|ui| {
                            ui.set_min_height(VALUE_PT * 1.2);
                            ui.label(RichText::new(&t.value).size(VALUE_PT * scale).strong());
                            if !t.unit.is_empty() {
                                ui.label(RichText::new(&t.unit).size(UNIT_PT * scale));
                            }
                        });
                        let under_pt = fitted_pt(ui, &t.under, 13.0, 10.0, inner);
                        ui.add(
                            egui::Label::new({
                                let under = RichText::new(&t.under).size(under_pt);
                                if t.alert {
                                    under.strong().color(theme::ERROR)
                                } else {
                                    under.color(theme::secondary_ink(dark))
                                }
                            })
                            .truncate(),
                        );
                        // The difference line's place is kept without a B, so the tiles (and the hall under them)
                        // do not move when a B arrives.
                        ui.horizontal(|ui| {
                            ui.set_min_height(15.0 * 1.3);
                            if let Some((d, verdict)) = diff {
                                let pt = fitted_pt(ui, &d, 15.0, 11.0, inner);
                                let colour = theme::verdict(verdict, dark);
                                // A line too long for the tile ends in "…": the whole of it is in the tooltip.
                                let whole = format!("{d}\n{}", verdict_words(verdict));
                                ui.add(egui::Label::new(RichText::new(d).size(pt).strong().color(colour)).truncate())
                                    .on_hover_text(whole);
                            }
                        });
                    });
                });
            }
        });
        ui.add_space(8.0);
    });
}

/// Width of `text` set at `pt` points, in points.
fn text_width(ui: &egui::Ui, text: &str, pt: f32) -> f32 {
    ui.painter().layout_no_wrap(text.to_owned(), egui::FontId::proportional(pt), egui::Color32::WHITE).size().x
}

/// The largest size from `max_pt` down to `min_pt` at which `text` fits `width` points (below `min_pt` the label
/// truncates, its whole text on hover).
fn fitted_pt(ui: &egui::Ui, text: &str, max_pt: f32, min_pt: f32, width: f32) -> f32 {
    let w = text_width(ui, text, max_pt);
    // Glyph widths scale with the size, give or take hinting: a little room is kept.
    if w <= width { max_pt } else { (max_pt * width / w * 0.97).max(min_pt) }
}

/// What a difference's colour means, for its tooltip.
fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Better => "Green: better for this figure (the same rule as the Compare tab)",
        Verdict::Worse => "Red: worse for this figure (the same rule as the Compare tab)",
        Verdict::Neutral => "Neither better nor worse",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::figures;

    #[test]
    fn a_tile_is_better_or_worse_by_the_compare_tabs_rule_for_its_figure() {
        let r = Report::default();
        let same_figure = [
            ("GPUs", "GPUs"),
            ("Compute, BF16", "Compute BF16 (dense)"),
            ("GPU memory", "HBM"),
            ("IT power, typical", "IT power (typical)"),
            ("Cooling, typical", "Cooling (typical)"),
            ("Cables", "Cable length"),
            ("Capital cost", "Capital cost"),
        ];
        let table = figures(&r, &r);
        for tile in tiles_of(&r, crate::format::Units::default()) {
            let label = same_figure.iter().find(|(c, _)| *c == tile.caption).map(|(_, l)| *l);
            let figure = table.iter().find(|f| Some(f.label.as_str()) == label);
            let figure = figure.unwrap_or_else(|| panic!("no compare figure for the {} tile", tile.caption));
            assert_eq!(tile.better, figure.better, "{}", tile.caption);
        }
        // More GPUs is better, more capital cost worse.
        assert_eq!(Better::More.verdict(1.0, 0.0), Verdict::Better);
        assert_eq!(Better::Less.verdict(1.0, 0.0), Verdict::Worse);
        assert_eq!(Better::Neither.verdict(1.0, 0.0), Verdict::Neutral);
    }
}
