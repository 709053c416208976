//! Presentation mode (View › Present, F11): the hall fills the window under a row of big figures readable from
//! across a room — GPUs, EFLOPS (BF16 / FP8), HBM, IT and facility power, cooling, cable length, capital cost —
//! each the live report's own number, in the theme's colours.

use egui::{Align, Layout, RichText};

use super::PanelCtx;
use crate::format::{count, group_float, usd};
use crate::ui::theme;

/// Height of a figure's value, points.
const VALUE_PT: f32 = 40.0;

/// One tile's words: caption, value, unit and a line under it.
struct Tile {
    caption: &'static str,
    value: String,
    unit: String,
    under: String,
}

/// The tiles for the report on the canvas.
fn tiles(pc: &PanelCtx<'_>) -> Vec<Tile> {
    let r = pc.compare.filter(|c| c.showing_b).map_or(pc.cache.report(), |c| c.cache.report());
    let units = pc.prefs.units;
    let models: Vec<String> = r.gpus.by_model.iter().map(|(m, n)| format!("{} {m}", count(*n))).collect();
    let (heat, heat_unit) = value_and_unit(units.heat(r.cooling.total_kw));
    let (cable, cable_unit) = value_and_unit(units.long_length(r.cables.total_length_m));
    vec![
        Tile { caption: "GPUs", value: count(r.gpus.total), unit: String::new(), under: models.join(" · ") },
        Tile {
            caption: "Compute, BF16",
            value: group_float(r.compute.bf16_pflops / 1000.0, 1),
            unit: "EFLOPS".into(),
            under: format!("FP8 {} EFLOPS (dense)", group_float(r.compute.fp8_pflops / 1000.0, 1)),
        },
        Tile {
            caption: "GPU memory",
            value: group_float(r.memory.hbm_tb / 1000.0, 2),
            unit: "PB".into(),
            under: format!("{} TB/s HBM bandwidth", group_float(r.memory.bandwidth_tbps, 0)),
        },
        Tile {
            caption: "IT power",
            value: group_float(r.power.it_kw / 1000.0, 1),
            unit: "MW".into(),
            under: format!("facility {} MW", group_float(r.power.facility_kw / 1000.0, 1)),
        },
        Tile {
            caption: "Cooling",
            value: heat,
            unit: heat_unit,
            under: format!("{} liquid", crate::format::percent(liquid_share(r))),
        },
        Tile { caption: "Cables", value: cable, unit: cable_unit, under: format!("{} cables", count(r.cables.count)) },
        Tile {
            caption: "Capital cost",
            value: usd(r.cost.capex_usd),
            unit: String::new(),
            under: format!("{} per GPU", usd(r.cost.usd_per_gpu)),
        },
    ]
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
fn liquid_share(r: &crate::analysis::Report) -> f64 {
    if r.cooling.total_kw > 0.0 { r.cooling.liquid_kw / r.cooling.total_kw } else { 0.0 }
}

/// The row of figures across the top of the window.
pub fn kpi_tiles_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>) {
    let dark = pc.prefs.dark;
    egui::Panel::top("present-tiles").show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let name = &pc.doc.layout().name;
            ui.label(RichText::new(if name.is_empty() { "clusterplan" } else { name }).size(22.0).strong());
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
            for t in tiles {
                egui::Frame::new().fill(theme::plate(dark)).corner_radius(6.0).inner_margin(10.0).show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.set_width(width - 20.0);
                        ui.label(RichText::new(t.caption).size(15.0).weak());
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(&t.value).size(VALUE_PT).strong());
                            if !t.unit.is_empty() {
                                ui.label(RichText::new(&t.unit).size(18.0));
                            }
                        });
                        ui.add(egui::Label::new(RichText::new(&t.under).size(13.0).weak()).truncate());
                    });
                });
            }
        });
        ui.add_space(8.0);
    });
}
