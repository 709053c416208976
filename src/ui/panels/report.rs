//! The report tab: every section of the engine's report in aligned columns (names left, numbers right), one unit
//! per section, media by the names people buy them by, and the cable-length histogram.

use egui::RichText;
use egui_plot::{Bar, BarChart, Plot};

use super::PanelCtx;
use crate::analysis::Report;
use crate::analysis::cables::Media;
use crate::format::{HeatUnit, Units, count, group_float, percent, usd};
use crate::ui::theme;

/// One section: a heading and rows of (name, value), the values right-aligned.
fn section(ui: &mut egui::Ui, title: &str, rows: &[(&str, String)]) {
    ui.label(RichText::new(title).strong());
    egui::Grid::new(title).num_columns(2).striped(true).min_col_width(150.0).spacing([16.0, 3.0]).show(ui, |ui| {
        for (k, v) in rows {
            ui.label(*k);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(v).monospace());
            });
            ui.end_row();
        }
    });
    ui.add_space(8.0);
}

/// kW or MW for a whole section: MW when its largest figure reaches 1 MW.
fn power_unit(largest_kw: f64) -> (f64, &'static str, usize) {
    if largest_kw >= 1000.0 { (1000.0, "MW", 2) } else { (1.0, "kW", 1) }
}

/// The report tab: each section of the report, in order.
pub fn report_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>) {
    let r = pc.cache.report();
    let u = pc.prefs.units;
    gpus_section(ui, r);
    compute_section(ui, r);
    memory_section(ui, r);
    power_section(ui, r);
    super::site::site_section(ui, r, u);
    cooling_section(ui, r, u);
    network_section(ui, r);
    cables_section(ui, r, u);
    cost_section(ui, r);
    floor_section(ui, r, u);
    length_histogram_ui(ui, r, u);
}

/// GPUs: total, servers, racks, by model.
fn gpus_section(ui: &mut egui::Ui, r: &Report) {
    let mut gpu_rows =
        vec![("Total", count(r.gpus.total)), ("Servers", count(r.gpus.servers)), ("GPU racks", count(r.gpus.racks))];
    for (m, n) in &r.gpus.by_model {
        gpu_rows.push((m.as_str(), count(*n)));
    }
    section(ui, "GPUs", &gpu_rows);
}

/// Compute and NVLink domains.
fn compute_section(ui: &mut egui::Ui, r: &Report) {
    let d = &r.compute.nvlink_domains;
    let domains =
        d.by_size.iter().rev().map(|s| format!("{} × {}", count(s.count), s.gpus_per_domain)).collect::<Vec<_>>();
    section(
        ui,
        "Compute (dense, PFLOPS)",
        &[
            ("BF16", group_float(r.compute.bf16_pflops, 1)),
            ("FP8", group_float(r.compute.fp8_pflops, 1)),
            ("BF16 per facility MW", group_float(r.compute.bf16_pflops_per_mw, 1)),
            ("NVLink domains", count(d.count)),
            ("Domains × GPUs", if domains.is_empty() { "—".into() } else { domains.join(", ") }),
        ],
    );
}

/// GPU memory and bandwidth, by model.
fn memory_section(ui: &mut egui::Ui, r: &Report) {
    let m = &r.memory;
    let mut memory_rows =
        vec![("HBM (TB)", group_float(m.hbm_tb, 1)), ("Bandwidth (TB/s)", group_float(m.bandwidth_tbps, 0))];
    let per_model: Vec<(String, String)> = m
        .by_model
        .iter()
        .map(|(name, mm)| {
            (name.clone(), format!("{} TB · {} GB each", group_float(mm.hbm_tb, 1), group_float(mm.hbm_gb_per_gpu, 0)))
        })
        .collect();
    for (name, v) in &per_model {
        memory_rows.push((name.as_str(), v.clone()));
    }
    if m.gpus_without_figures > 0 {
        memory_rows.push(("GPUs without memory figures", count(m.gpus_without_figures)));
    }
    section(ui, "Memory (1 TB = 1,000 GB)", &memory_rows);
}

/// Power, the PDUs and the rows.
fn power_section(ui: &mut egui::Ui, r: &Report) {
    let p = &r.power;
    let (div, unit, dec) = power_unit(p.facility_peak_kw.max(p.pdu_capacity_kw));
    let pw = |kw: f64| group_float(kw / div, dec);
    let worst = p.pdus.iter().filter(|x| !x.lost).map(|x| x.utilisation()).fold(0.0_f64, f64::max);
    let worst_failover = p.pdus.iter().map(|x| x.failover_utilisation()).fold(0.0_f64, f64::max);
    section(
        ui,
        &format!("Power ({unit})"),
        &[
            ("IT typical", pw(p.it_kw)),
            ("IT peak", pw(p.it_peak_kw)),
            ("Facility, design (peak IT)", pw(p.facility_peak_kw)),
            ("Facility, energy (typical IT)", pw(p.facility_kw)),
            (
                if r.site.modelled { "PUE, annual (computed)" } else { "PUE (the hall's, estimate)" },
                format!("{:.2}", p.pue),
            ),
            ("PDUs", count(p.pdus.len() as u64)),
            ("PDU capacity, after the redundancy's loss", pw(p.pdu_usable_kw)),
            ("PDU capacity, every PDU added", pw(p.pdu_capacity_kw)),
            ("Worst PDU now", percent(worst)),
            ("Worst PDU on failover", percent(worst_failover)),
            ("Unpowered items", count(p.unpowered_items)),
            ("Densest rack, typical (kW)", group_float(p.densest_rack_kw, 1)),
            ("Densest rack, peak (kW)", group_float(p.densest_rack_peak_kw, 1)),
        ],
    );
    if !p.rows.is_empty() {
        egui::CollapsingHeader::new(format!("Rows ({})", count(p.rows.len() as u64))).id_salt("rows").show(ui, |ui| {
            let (div, unit, dec) = power_unit(p.rows.iter().map(|r| r.it_peak_kw).fold(0.0, f64::max));
            egui::Grid::new("rows-grid").num_columns(4).striped(true).show(ui, |ui| {
                for h in ["Row", "Items", "GPUs", &format!("IT peak ({unit})")] {
                    ui.label(RichText::new(h).weak());
                }
                ui.end_row();
                for row in p.rows.iter().take(500) {
                    ui.label(&row.label);
                    for v in [count(u64::from(row.items)), count(row.gpus), group_float(row.it_peak_kw / div, dec)] {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(v).monospace());
                        });
                    }
                    ui.end_row();
                }
            });
        });
    }
}

/// Cooling: heat in the user's unit, flows, units.
fn cooling_section(ui: &mut egui::Ui, r: &Report, u: Units) {
    let c = &r.cooling;
    let (heat_title, heat): (String, Box<dyn Fn(f64) -> String>) = match u.heat {
        HeatUnit::Kw => {
            let (div, unit, dec) = power_unit(c.total_kw.max(c.room_air_capacity_kw));
            (format!("Cooling ({unit} of heat)"), Box::new(move |kw| group_float(kw / div, dec)))
        }
        HeatUnit::BtuPerHr => {
            ("Cooling (BTU/h)".into(), Box::new(|kw| count(crate::units::kw_to_btu_per_hr(kw).abs().round() as u64)))
        }
        HeatUnit::Tons => ("Cooling (tons)".into(), Box::new(|kw| group_float(crate::units::kw_to_tons(kw), 0))),
    };
    section(
        ui,
        &heat_title,
        &[
            ("Heat typical (energy)", heat(c.total_kw)),
            ("Heat peak (capacity)", heat(c.peak_kw)),
            ("To liquid, typical / peak", format!("{} / {}", heat(c.liquid_kw), heat(c.liquid_peak_kw))),
            ("To air, typical / peak", format!("{} / {}", heat(c.air_kw), heat(c.air_peak_kw))),
            ("Room air, peak", heat(c.room_air_kw)),
            ("CRAH capacity", heat(c.room_air_capacity_kw)),
            ("Liquid unserved, peak", heat(c.liquid_unserved_kw)),
        ],
    );
    section(
        ui,
        "Flows at peak",
        &[("Airflow", u.air_flow(c.air_cfm, c.air_m3_per_hr)), ("Coolant", u.liquid_flow(c.coolant_lpm))],
    );
}

/// The fabric: placed against required, and each generation's fabric.
fn network_section(ui: &mut egui::Ui, r: &Report) {
    let n = &r.network;
    let q = &n.required;
    let vs = |placed: u64, need: u64| format!("{} / {}", count(placed), count(need));
    section(
        ui,
        "Fabric (switches placed / required)",
        &[
            ("Switch", format!("{} (radix {})", n.switch_type.as_deref().unwrap_or("none"), n.radix)),
            ("Tiers / planes / pods", format!("{} / {} / {}", q.tiers, q.planes, q.pods)),
            ("Leaf", vs(n.leaf_switches, q.leaf_switches)),
            ("Spine", vs(n.spine_switches, q.spine_switches)),
            ("Core", vs(n.core_switches, q.core_switches)),
            ("Management", count(n.management_switches)),
        ],
    );
    for side in &n.side {
        let title = format!("Network beside the fabric: {} (sized, not placed)", side.name);
        section(
            ui,
            &title,
            &[
                ("Switch", format!("{} at {}G", side.switch_type, side.port_gbps)),
                ("Ports (servers + storage)", format!("{} + {}", count(side.server_ports), count(side.storage_ports))),
                (
                    "Leaf / spine / core",
                    format!(
                        "{} / {} / {} ({} tier(s))",
                        count(side.leaf_switches),
                        count(side.spine_switches),
                        count(side.core_switches),
                        side.tiers
                    ),
                ),
                ("Links", count(side.links)),
                ("Cable (estimated)", format!("{:.1} km", side.cable_length_m / 1000.0)),
                ("Transceivers", count(side.transceivers)),
                ("Switch power (design)", crate::format::power(side.switch_power_kw)),
            ],
        );
    }
    let st = &n.storage;
    if st.stated_pb > 0.0 || st.stated_gb_per_s_per_gpu > 0.0 || st.placed_racks > 0 {
        section(
            ui,
            "Storage (placed / needed)",
            &[
                ("Racks", format!("{} / {}", count(st.placed_racks), count(st.required_racks))),
                ("Capacity", format!("{:.1} PB placed; {} PB stated", st.placed_pb, st.stated_pb)),
                (
                    "Read bandwidth",
                    format!(
                        "{:.0} GB/s placed; {} GB/s per GPU stated = {:.0} GB/s",
                        st.placed_gb_per_s, st.stated_gb_per_s_per_gpu, st.needed_gb_per_s
                    ),
                ),
            ],
        );
    }
    if n.fabrics.len() > 1 {
        let rows: Vec<(String, String)> = n
            .fabrics
            .iter()
            .map(|f| {
                let q = &f.required;
                (
                    f.label.clone(),
                    format!(
                        "{} GPUs · {} · {} / {} / {}",
                        count(f.gpus),
                        f.switch_type.as_deref().unwrap_or("no switch"),
                        count(q.leaf_switches),
                        count(q.spine_switches),
                        count(q.core_switches)
                    ),
                )
            })
            .collect();
        let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        section(ui, "Fabrics by generation (leaf / spine / core required)", &rows);
    }
}

/// Cables by medium and tier, and the parts to order.
fn cables_section(ui: &mut egui::Ui, r: &Report, u: Units) {
    let k = &r.cables;
    let long = if u.imperial() { "mi" } else { "km" };
    let long_of = |m: f64| u.long_length(m).trim_end_matches(long).trim().to_owned();
    let mut cable_rows = vec![
        ("Cables", count(k.count)),
        ("Total length", format!("{} {long}", long_of(k.total_length_m))),
        ("Longest", u.length(k.longest_m)),
        ("Transceivers", count(k.transceivers)),
        ("Beyond reach", count(k.beyond_reach)),
        ("Node–leaf", format!("{} · {} {long}", count(k.by_tier.node_leaf), long_of(k.length_by_tier_m.node_leaf))),
        ("Leaf–spine", format!("{} · {} {long}", count(k.by_tier.leaf_spine), long_of(k.length_by_tier_m.leaf_spine))),
        ("Spine–core", format!("{} · {} {long}", count(k.by_tier.spine_core), long_of(k.length_by_tier_m.spine_core))),
    ];
    let media_names: Vec<String> =
        k.by_media.keys().map(|m| Media::from_key(m).map_or_else(|| m.clone(), |m| m.label().to_owned())).collect();
    for ((_, t), name) in k.by_media.iter().zip(&media_names) {
        let name = name.as_str();
        cable_rows.push((name, format!("{} · {} {long}", count(t.count), long_of(t.length_m))));
    }
    section(ui, "Cables (count · length)", &cable_rows);
    if !k.parts.is_empty() {
        egui::CollapsingHeader::new(format!("Parts to order ({})", count(k.parts.len() as u64))).id_salt("parts").show(
            ui,
            |ui| {
                egui::Grid::new("parts-grid").num_columns(3).striped(true).show(ui, |ui| {
                    for h in ["Part", "Length", "Quantity"] {
                        ui.label(RichText::new(h).weak());
                    }
                    ui.end_row();
                    for p in &k.parts {
                        ui.label(&p.part).on_hover_text(format!("{}\n{}", p.description, p.source));
                        ui.label(p.length_m.map_or_else(String::new, |l| u.length(l)));
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(count(p.quantity)).monospace());
                        });
                        ui.end_row();
                    }
                });
            },
        );
        ui.add_space(8.0);
    }
}

/// Floor loading.
fn floor_section(ui: &mut egui::Ui, r: &Report, u: Units) {
    let f = &r.floor;
    let worst_item =
        f.max_item.map_or_else(|| "—".to_owned(), |id| format!("{} per foot ({id})", u.weight(f.max_point_kg)));
    let worst_zone = f
        .max_zone
        .as_ref()
        .map_or_else(|| "—".to_owned(), |z| format!("{} ({z})", u.floor_load_short(f.max_zone_kg_per_m2)));
    section(
        ui,
        "Floor",
        &[
            ("Concentrated rating", format!("{} per load point", u.weight(f.point_rating_kg))),
            ("Heaviest point load", worst_item),
            ("Distributed rating", u.floor_load(f.rating_kg_per_m2)),
            ("Heaviest row zone", worst_zone),
            ("Total weight", u.weight(f.total_weight_t * 1000.0)),
        ],
    );
}

/// The cable-length histogram.
fn length_histogram_ui(ui: &mut egui::Ui, r: &Report, u: Units) {
    let k = &r.cables;
    if !k.by_length.is_empty() {
        ui.label(RichText::new("Cables by stock length").strong());
        let bars: Vec<Bar> = k
            .by_length
            .iter()
            .enumerate()
            .map(|(i, b)| {
                Bar::new(i as f64, b.count as f64)
                    .name(format!("{}: {}", u.length(b.length_m), count(b.count)))
                    .width(0.7)
            })
            .collect();
        let labels: Vec<String> = k.by_length.iter().map(|b| u.length(b.length_m)).collect();
        let every = labels.len().div_ceil(6).max(1) as f64;
        Plot::new("cable-histogram")
            .height(190.0)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_boxed_zoom(false)
            .show_grid([false, true])
            // A mark on every bar (or every n-th when there are many), labelled with its stock length.
            .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| [every, every * 5.0, every * 10.0]))
            .x_axis_label("stock length")
            .y_axis_label("cables")
            .y_axis_formatter(
                |mark, _range| if mark.value >= 0.0 { count(mark.value.round() as u64) } else { String::new() },
            )
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

/// Capital and energy cost, by category, and the bill of materials behind them.
fn cost_section(ui: &mut egui::Ui, r: &crate::analysis::Report) {
    let c = &r.cost;
    let mut rows: Vec<(&str, String)> = vec![
        ("Capital cost", usd(c.capex_usd)),
        ("Per GPU", usd(c.usd_per_gpu)),
        ("Per BF16 PFLOPS", usd(c.usd_per_pflops)),
        ("Energy a year", usd(c.opex_usd_per_year)),
        ("Electricity", format!("${}/kWh", c.energy_usd_per_kwh)),
        ("Estimated prices", percent(c.estimated_share)),
    ];
    let names: Vec<String> = c.by_category.keys().map(|k| format!("  {k}")).collect();
    for ((_, v), name) in c.by_category.iter().zip(&names) {
        rows.push((name.as_str(), usd(*v)));
    }
    section(ui, "Cost (USD; each price's basis in the bill)", &rows);
    if !r.bom.is_empty() {
        egui::CollapsingHeader::new(format!("Bill of materials ({})", count(r.bom.len() as u64))).id_salt("bom").show(
            ui,
            |ui| {
                egui::Grid::new("bom-grid").num_columns(4).striped(true).show(ui, |ui| {
                    for h in ["Part", "Quantity", "Extended", "Price"] {
                        ui.label(RichText::new(h).weak());
                    }
                    ui.end_row();
                    for b in &r.bom {
                        let tip = format!(
                            "{}\n{} × {} each\nPrice ({}): {}",
                            b.description,
                            count(b.quantity),
                            usd(b.unit_price_usd),
                            b.basis,
                            b.source,
                        );
                        ui.label(&b.part).on_hover_text(tip);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(count(b.quantity)).monospace());
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(usd(b.extended_usd)).monospace());
                        });
                        ui.label(RichText::new(b.basis).weak()).on_hover_text(
                            "quoted: a vendor's quote · list: a published list price · reported: a press or analyst \
                             figure · estimate: a planning estimate · layout: the design's own price",
                        );
                        ui.end_row();
                    }
                });
            },
        );
        ui.add_space(8.0);
    }
}
