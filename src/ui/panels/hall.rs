//! Hall settings: size, grid, trays and the engineering settings, each change one undoable step.

use egui::DragValue;

use crate::model::edit::Edit;
use crate::model::{EquipmentKind, Hall, Redundancy};
use crate::ui::app::DesignerApp;

impl DesignerApp {
    pub(in crate::ui) fn hall_ui(&mut self, ui: &mut egui::Ui) {
        let mut hall: Hall = self.doc.layout.hall.clone();
        let mut name = self.doc.layout.name.clone();
        ui.horizontal(|ui| {
            ui.label("Design name");
            ui.text_edit_singleline(&mut name).on_hover_text("The layout's name");
        });
        if name != self.doc.layout.name {
            let mut layout = self.doc.layout.clone();
            layout.name = name;
            self.doc.apply_coalesced(
                "Rename design",
                Edit::SetLayout(Box::new(layout)),
                self.gesture_seq ^ 0x6e61_6d65,
            );
            self.after_change();
            return;
        }
        let switches: Vec<(crate::model::TypeId, String)> =
            self.doc.layout.catalog.of_kind(EquipmentKind::Switch).map(|t| (t.id.clone(), t.name.clone())).collect();
        let s = &mut hall.settings;
        egui::Grid::new("hall-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let row = |ui: &mut egui::Ui,
                       label: &str,
                       v: &mut f64,
                       range: std::ops::RangeInclusive<f64>,
                       speed: f64,
                       suffix: &str,
                       tip: &str| {
                ui.label(label);
                ui.add(DragValue::new(v).range(range).speed(speed).suffix(suffix)).on_hover_text(tip);
                ui.end_row();
            };
            row(ui, "Width", &mut hall.width_m, 1.0..=10_000.0, 0.6, " m", "Hall width (x)");
            row(ui, "Depth", &mut hall.depth_m, 1.0..=10_000.0, 0.6, " m", "Hall depth (y)");
            row(ui, "Tile", &mut hall.tile_m, 0.1..=3.0, 0.01, " m", "Floor tile edge; items snap to it");
            row(ui, "Tray height", &mut hall.trays.height_m, 0.5..=30.0, 0.1, " m", "Overhead cable tray height");
            row(
                ui,
                "Tray pitch x",
                &mut hall.trays.pitch_x_m,
                0.3..=10_000.0,
                0.1,
                " m",
                "Spacing of trays running along y",
            );
            row(
                ui,
                "Tray pitch y",
                &mut hall.trays.pitch_y_m,
                0.3..=10_000.0,
                0.1,
                " m",
                "Spacing of trays running along x",
            );
            row(
                ui,
                "Tray offset x",
                &mut hall.trays.offset_x_m,
                -10_000.0..=10_000.0,
                0.1,
                " m",
                "x of the first tray along y",
            );
            row(
                ui,
                "Tray offset y",
                &mut hall.trays.offset_y_m,
                -10_000.0..=10_000.0,
                0.1,
                " m",
                "y of the first tray along x",
            );
            row(ui, "PUE", &mut s.pue, 1.0..=5.0, 0.01, "", "Facility power ÷ IT power");
            row(ui, "Air ΔT", &mut s.air_delta_t_k, 1.0..=50.0, 0.1, " K", "Air temperature rise across equipment");
            row(ui, "Coolant ΔT", &mut s.coolant_delta_t_k, 1.0..=50.0, 0.1, " K", "Coolant temperature rise");
            row(ui, "Cable slack", &mut s.cable_slack_m, 0.0..=100.0, 0.1, " m", "Service loop added to every cable");
            row(ui, "Rack allowance", &mut s.rack_allowance_m, 0.0..=20.0, 0.1, " m", "In-rack run at each cable end");
            row(ui, "Power factor", &mut s.power_factor, 0.1..=1.0, 0.01, "", "Turns PDU kVA into kW");
            ui.label("Redundancy");
            egui::ComboBox::from_id_salt("redundancy")
                .selected_text(s.redundancy.label())
                .show_ui(ui, |ui| {
                    for r in [Redundancy::N, Redundancy::NPlus1, Redundancy::TwoN] {
                        ui.selectable_value(&mut s.redundancy, r, r.label());
                    }
                })
                .response
                .on_hover_text("How PDU feeds are checked on failure");
            ui.end_row();
            ui.label("Fabric switch");
            let current = s.fabric_switch.clone();
            egui::ComboBox::from_id_salt("fabric-switch")
                .selected_text(current.as_ref().map_or("placed leaves", |c| c.as_str()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut s.fabric_switch, None, "the placed leaves' model");
                    for (id, label) in &switches {
                        ui.selectable_value(&mut s.fabric_switch, Some(id.clone()), label);
                    }
                })
                .response
                .on_hover_text("Switch the required fabric is sized with");
            ui.end_row();
        });
        if hall != self.doc.layout.hall {
            self.doc.apply_coalesced(
                "Change hall settings",
                Edit::SetHall(Box::new(hall)),
                self.gesture_seq ^ 0x6861_6c6c,
            );
            self.after_change();
        }
        ui.separator();
        ui.label(format!("{} obstacles (columns, walls, no-go zones)", self.doc.layout.hall.obstacles.len()));
    }
}
