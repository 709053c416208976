//! The inspector for a selected obstacle: its kind, place, size and label.

use egui::RichText;

use super::{limited, merge_key};
use crate::model::ObstacleKind;
use crate::model::edit::Edit;
use crate::model::limits;
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::panels::PanelCtx;

pub(super) fn obstacle_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, index: usize, out: &mut Vec<Command>) {
    let hall = &pc.doc.layout().hall;
    let Some(o) = hall.obstacles.get(index) else {
        ui.label("Nothing selected.");
        return;
    };
    let units = pc.prefs.units;
    let mut changed = o.clone();
    ui.heading("Obstacle");
    ui.label(RichText::new(format!("number {} of {}", index + 1, hall.obstacles.len())).weak());
    ui.separator();
    egui::Grid::new("obstacle").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        ui.label("Kind");
        egui::ComboBox::from_id_salt("obstacle-kind")
            .selected_text(format!("{:?}", changed.kind))
            .show_ui(ui, |ui| {
                for (k, label) in
                    [(ObstacleKind::Column, "Column"), (ObstacleKind::Wall, "Wall"), (ObstacleKind::NoGo, "No-go zone")]
                {
                    ui.selectable_value(&mut changed.kind, k, label);
                }
            })
            .response
            .on_hover_text("Columns and walls are built; no-go zones are kept free (egress, ramps, doors)");
        ui.end_row();
        for (label, value, range, tip) in [
            ("Left", &mut changed.x_m, limits::OBSTACLE_POS_M, "Left edge from the hall's corner"),
            ("Top", &mut changed.y_m, limits::OBSTACLE_POS_M, "Top edge from the hall's corner"),
            ("Width", &mut changed.width_m, limits::OBSTACLE_EDGE_M, "Extent along x"),
            ("Depth", &mut changed.depth_m, limits::OBSTACLE_EDGE_M, "Extent along y"),
        ] {
            ui.label(label);
            let mut v = units.to_user_length(*value);
            let r = (units.to_user_length(*range.start()))..=(units.to_user_length(*range.end()));
            if ui
                .add(crate::ui::fields::number(&mut v, r).speed(0.05).suffix(format!(" {}", units.length_suffix())))
                .on_hover_text(tip)
                .changed()
            {
                *value = units.from_user_length(v);
            }
            ui.end_row();
        }
        ui.label("Label");
        let mut label = changed.label.clone().unwrap_or_default();
        if ui.text_edit_singleline(&mut label).on_hover_text("Shown on the floor").changed() {
            changed.label = (!label.is_empty()).then(|| limited(label));
        }
        ui.end_row();
    });
    if changed != *o {
        let mut hall = hall.clone();
        hall.obstacles[index] = changed;
        out.push(Command::EditMerged {
            label: "Change obstacle".into(),
            key: merge_key("obstacle", index as u64, pc.session.gesture_seq),
            edit: Edit::SetHall(Box::new(hall)),
        });
    }
    ui.add_space(6.0);
    if ui.button("Delete obstacle").on_hover_text(Action::Delete.tooltip()).clicked() {
        out.push(Command::Action(Action::Delete));
    }
}
