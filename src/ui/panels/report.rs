//! The report tab: every section of the engine's report, with the cable-length histogram.

use egui::RichText;
use egui_plot::{Bar, BarChart, Plot};

use crate::cli::group_float;
use crate::ui::app::DesignerApp;
use crate::ui::format::{count, power};
use crate::ui::theme;

fn section(ui: &mut egui::Ui, title: &str, rows: &[(&str, String)]) {
    ui.label(RichText::new(title).strong());
    egui::Grid::new(title).num_columns(2).striped(true).spacing([16.0, 3.0]).show(ui, |ui| {
        for (k, v) in rows {
            ui.label(*k);
            ui.label(v);
            ui.end_row();
        }
    });
    ui.add_space(8.0);
}

impl DesignerApp {
    pub(in crate::ui) fn report_ui(&mut self, ui: &mut egui::Ui) {
        let r = &self.cache.report;
        let u = self.view.units;
        let mut gpu_rows = vec![
            ("Total", count(r.gpus.total)),
            ("Servers", count(r.gpus.servers)),
            ("GPU racks", count(r.gpus.racks)),
        ];
        for (m, n) in &r.gpus.by_model {
            gpu_rows.push((m.as_str(), count(*n)));
        }
        section(ui, "GPUs", &gpu_rows);
        section(
            ui,
            "Compute (dense)",
            &[
                ("BF16", format!("{} PFLOPS", group_float(r.compute.bf16_pflops, 1))),
                ("FP8", format!("{} PFLOPS", group_float(r.compute.fp8_pflops, 1))),
                ("BF16 per facility MW", format!("{} PFLOPS", group_float(r.compute.bf16_pflops_per_mw, 1))),
            ],
        );
        let p = &r.power;
        let worst = p.pdus.iter().map(|x| x.utilisation()).fold(0.0_f64, f64::max);
        let worst_failover = p
            .pdus
            .iter()
            .map(|x| if x.usable_kw > 0.0 { x.failover_kw / x.usable_kw } else { 0.0 })
            .fold(0.0_f64, f64::max);
        section(
            ui,
            "Power",
            &[
                ("IT typical", power(p.it_kw)),
                ("IT peak", power(p.it_peak_kw)),
                ("Facility (× PUE)", format!("{} (PUE {:.2})", power(p.facility_kw), p.pue)),
                ("PDUs", format!("{} with {} usable", count(p.pdus.len() as u64), power(p.pdu_capacity_kw))),
                ("Worst PDU now", format!("{:.0} %", worst * 100.0)),
                ("Worst PDU on failover", format!("{:.0} %", worst_failover * 100.0)),
                ("Unpowered items", count(p.unpowered_items)),
            ],
        );
        if !p.rows.is_empty() {
            egui::CollapsingHeader::new(format!("Rows ({})", p.rows.len())).id_salt("rows").show(ui, |ui| {
                egui::Grid::new("rows-grid").num_columns(4).striped(true).show(ui, |ui| {
                    for h in ["Row", "Items", "GPUs", "IT peak"] {
                        ui.label(RichText::new(h).weak());
                    }
                    ui.end_row();
                    for row in p.rows.iter().take(500) {
                        ui.label(&row.label);
                        ui.label(count(u64::from(row.items)));
                        ui.label(count(row.gpus));
                        ui.label(power(row.it_peak_kw));
                        ui.end_row();
                    }
                });
            });
        }
        let c = &r.cooling;
        section(
            ui,
            "Cooling",
            &[
                ("Total heat", u.heat(c.total_kw)),
                ("Liquid", u.heat(c.liquid_kw)),
                ("Air", u.heat(c.air_kw)),
                ("BTU/h", count(c.btu_per_hr.round() as u64)),
                ("Tons", group_float(c.tons, 0)),
                (
                    "Airflow",
                    format!("{} CFM ({} m³/h)", count(c.air_cfm.round() as u64), count(c.air_m3_per_hr.round() as u64)),
                ),
                ("Coolant flow", format!("{} L/min", count(c.coolant_lpm.round() as u64))),
                ("Room air vs CRAH", format!("{} of {}", u.heat(c.room_air_kw), u.heat(c.room_air_capacity_kw))),
                ("Liquid unserved", u.heat(c.liquid_unserved_kw)),
            ],
        );
        let n = &r.network;
        let q = &n.required;
        let vs = |placed: u64, need: u64| format!("{} / {}", count(placed), count(need));
        section(
            ui,
            "Fabric (placed / required)",
            &[
                ("Switch", format!("{} (radix {})", n.switch_type.as_deref().unwrap_or("none"), n.radix)),
                ("Tiers / planes / pods", format!("{} / {} / {}", q.tiers, q.planes, q.pods)),
                ("Leaf", vs(n.leaf_switches, q.leaf_switches)),
                ("Spine", vs(n.spine_switches, q.spine_switches)),
                ("Core", vs(n.core_switches, q.core_switches)),
                ("Management", count(n.management_switches)),
            ],
        );
        let k = &r.cables;
        let mut cable_rows = vec![
            ("Cables", count(k.count)),
            ("Total length", u.long_length(k.total_length_m)),
            ("Longest", u.length(k.longest_m)),
            ("Transceivers", count(k.transceivers)),
            ("Beyond reach", count(k.beyond_reach)),
            ("Node–leaf", format!("{} ({})", count(k.by_tier.node_leaf), u.long_length(k.length_by_tier_m.node_leaf))),
            (
                "Leaf–spine",
                format!("{} ({})", count(k.by_tier.leaf_spine), u.long_length(k.length_by_tier_m.leaf_spine)),
            ),
            (
                "Spine–core",
                format!("{} ({})", count(k.by_tier.spine_core), u.long_length(k.length_by_tier_m.spine_core)),
            ),
        ];
        for (media, t) in &k.by_media {
            cable_rows.push((media.as_str(), format!("{} ({})", count(t.count), u.long_length(t.length_m))));
        }
        section(ui, "Cables", &cable_rows);
        if !k.by_length.is_empty() {
            ui.label(RichText::new("Cable lengths (stock)").strong());
            let bars: Vec<Bar> = k
                .by_length
                .iter()
                .enumerate()
                .map(|(i, b)| Bar::new(i as f64, b.count as f64).name(u.length(b.length_m)).width(0.8))
                .collect();
            let labels: Vec<String> = k.by_length.iter().map(|b| u.length(b.length_m)).collect();
            Plot::new("cable-histogram")
                .height(160.0)
                .allow_scroll(false)
                .allow_drag(false)
                .allow_zoom(false)
                .show_grid([false, true])
                .x_axis_formatter(move |mark, _range| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                        labels.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .show(ui, |plot| plot.bar_chart(BarChart::new("cables", bars).color(theme::FABRIC)));
        }
    }
}
