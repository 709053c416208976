//! The legend over the floor: what each colour means for what is shown now — kinds of equipment, load bands
//! (feeds overlay or a what-if), the heat scale, feed and fabric lines, obstacles and placement marks.

use crate::analysis::Report;
use egui::{Color32, Rect, RichText, Sense, Stroke, vec2};

use crate::analysis::Failure;
use crate::model::ObstacleKind;
use crate::ui::theme::{self, Swatch};
use crate::ui::view::{Prefs, Session};

fn swatch(ui: &mut egui::Ui, fill: Color32, label: &str) {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(vec2(14.0, 10.0), Sense::hover());
        ui.painter().rect_filled(r, 1.0, fill);
        ui.label(RichText::new(label).small());
    });
}

fn line(ui: &mut egui::Ui, colour: Color32, label: &str) {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(vec2(14.0, 10.0), Sense::hover());
        ui.painter().line_segment([r.left_center(), r.right_center()], Stroke::new(2.0, colour));
        ui.label(RichText::new(label).small());
    });
}

/// Widest the legend gets, in points.
const LEGEND_WIDTH_PX: f32 = 250.0;

/// Swatches two to a row.
fn swatch_grid(ui: &mut egui::Ui, id: &str, entries: &[(Color32, &str, bool)]) {
    egui::Grid::new(id).num_columns(2).spacing([10.0, 2.0]).show(ui, |ui| {
        for (n, (colour, label, is_line)) in entries.iter().enumerate() {
            if *is_line {
                line(ui, *colour, label);
            } else {
                swatch(ui, *colour, label);
            }
            if n % 2 == 1 {
                ui.end_row();
            }
        }
    });
}

/// Draws the legend in the canvas's top-right corner (the hall's origin, top-left, stays clear); its size.
pub fn legend_ui(ctx: &egui::Context, canvas: Rect, prefs: &Prefs, session: &Session, report: &Report) -> egui::Vec2 {
    let dark = prefs.dark;
    egui::Area::new(egui::Id::unique("floor-legend"))
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(canvas.right_top() + vec2(-10.0, 10.0))
        // Beside the canvas's other floating parts, under dialogs and windows (which open on top).
        .order(egui::Order::Middle)
        .interactable(true)
        .show(ctx, |ui| {
            egui::Frame::new().fill(theme::plate(dark)).corner_radius(4.0).inner_margin(6.0).show(ui, |ui| {
                ui.set_max_width(LEGEND_WIDTH_PX - 20.0);
                ui.spacing_mut().item_spacing.y = 1.0;
                egui::CollapsingHeader::new(RichText::new("Legend").small().strong())
                    .id_salt("legend")
                    .default_open(true)
                    .show(ui, |ui| {
                        if !prefs.overlays.heat && !prefs.overlays.floor {
                            let kinds: Vec<(Color32, &str, bool)> =
                                Swatch::ALL.iter().map(|s| (theme::swatch(*s, dark), s.label(), false)).collect();
                            swatch_grid(ui, "legend-kinds", &kinds);
                        }
                        if prefs.overlays.feeds || session.failure != Failure::None {
                            ui.label(RichText::new("PDU / cooling load").small().strong());
                            let mut loads: Vec<(Color32, &str, bool)> = crate::palette::load_band_swatches()
                                .map(|(colour, label)| (theme::c(colour), label, false))
                                .collect();
                            loads.push((theme::LOST, "lost (crossed)", false));
                            if prefs.overlays.feeds {
                                loads.push((theme::FEED_A, "feed A", true));
                                loads.push((theme::FEED_B, "feed B", true));
                            }
                            swatch_grid(ui, "legend-loads", &loads);
                        }
                        if prefs.overlays.heat {
                            let densest = report.power.densest_rack_kw;
                            let scale = crate::palette::heat_scale_kw(densest);
                            ui.label(RichText::new("Heat per rack, typical").small().strong());
                            ui.horizontal(|ui| {
                                let (r, _) = ui.allocate_exact_size(vec2(120.0, 10.0), Sense::hover());
                                let steps = 24;
                                for k in 0..steps {
                                    let t = k as f32 / steps as f32;
                                    let x0 = r.min.x + r.width() * t;
                                    let cell = Rect::from_min_max(
                                        egui::pos2(x0, r.min.y),
                                        egui::pos2(x0 + r.width() / steps as f32 + 0.5, r.max.y),
                                    );
                                    ui.painter().rect_filled(
                                        cell,
                                        0.0,
                                        theme::heat(f64::from(t) * f64::from(scale), scale),
                                    );
                                }
                                // The scale is round in kW; in another heat unit the top is given in it too.
                                let top = match prefs.units.heat {
                                    crate::format::HeatUnit::Kw => format!("0 – {scale} kW"),
                                    _ => format!("0 – {scale} kW ({})", prefs.units.heat(f64::from(scale))),
                                };
                                ui.label(RichText::new(top).small()).on_hover_text(format!(
                                    "The scale ends at a round number at or above the densest rack ({} typical)",
                                    prefs.units.heat(densest)
                                ));
                            });
                            swatch(ui, theme::neutral(dark), "not IT load (PDUs, cooling)");
                        }
                        if prefs.overlays.floor {
                            ui.label(RichText::new("Load per foot / point rating").small().strong());
                            let loads: Vec<(Color32, &str, bool)> = crate::palette::load_band_swatches()
                                .map(|(colour, label)| (theme::c(colour), label, false))
                                .collect();
                            swatch_grid(ui, "legend-floor-load", &loads);
                            swatch(ui, theme::neutral(dark), "carried by its rack (mounted)");
                        }
                        if prefs.overlays.fabric {
                            swatch_grid(
                                ui,
                                "legend-fabric",
                                &[(theme::FABRIC, "fabric links", true), (theme::tray(dark), "cable trays", true)],
                            );
                        }
                        ui.label(RichText::new("Floor").small().strong());
                        swatch_grid(
                            ui,
                            "legend-floor",
                            &[
                                (theme::obstacle(ObstacleKind::Column, dark), "column / wall", false),
                                (theme::obstacle(ObstacleKind::NoGo, dark), "no-go zone", false),
                                (theme::selection(dark), "selected", true),
                                (theme::INVALID, "misplaced", false),
                            ],
                        );
                    });
            });
        })
        .response
        .rect
        .size()
}
