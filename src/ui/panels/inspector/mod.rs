//! The inspector: the selected item's type and figures, its name, place, feeds and cooling unit (pickers by
//! name, distance and load), fabric role; bulk edits for a multiple selection; a selected obstacle's kind,
//! place and size. Every field is limited to what a layout file may hold, and every change is one undoable
//! edit (a field edited over several frames merges into one step).

use std::hash::{Hash, Hasher};

use egui::RichText;

mod elevation;
mod links;
mod multi;
mod obstacle;

use super::{PanelCtx, type_tooltip};
use crate::analysis::item_power_in;
use crate::format::power;
use crate::model::edit::Edit;
use crate::model::limits::{self, MAX_TEXT_CHARS};
use crate::model::ops::{Mounts, items_of, moved};
use crate::model::{EquipmentKind, EquipmentType, Item, Rotation, mm_of};
use crate::ui::command::Command;
use crate::ui::theme;

/// A merge key: edits of one field of one thing within one gesture merge into one undo step.
fn merge_key(field: &str, what: u64, gesture: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (field, what, gesture).hash(&mut h);
    h.finish()
}

pub(super) fn item_edit(pc: &PanelCtx<'_>, field: &str, item: Item) -> Command {
    Command::EditMerged {
        label: format!("Change {field} of {}", item.id),
        key: merge_key(field, u64::from(item.id.0), pc.session.gesture_seq),
        edit: Edit::Replace(vec![item]),
    }
}

/// Text limited to what a layout may hold.
fn limited(mut s: String) -> String {
    if s.chars().count() > MAX_TEXT_CHARS {
        s = s.chars().take(MAX_TEXT_CHARS).collect();
    }
    s
}

/// The inspector tab: the selected obstacle, several items, or one item.
pub fn inspector_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let n = pc.session.selection.len();
    if n == 0 {
        if let Some(index) = pc.session.obstacle {
            obstacle::obstacle_ui(ui, pc, index, out);
            return;
        }
        ui.label("Nothing selected.");
        ui.label(RichText::new("Click an item on the floor, shift-click to add, or drag a box.").weak());
        return;
    }
    if n > 1 {
        multi::multi_selection_ui(ui, pc, out);
        return;
    }
    let Some(id) = pc.session.selection.iter().next().copied() else { return };
    let layout = pc.doc.layout();
    let Some(index) = layout.index_of(id) else { return };
    let item = &layout.items[index];
    let Some(ty) = layout.type_of(item) else {
        ui.label(format!("Item {id} has an unknown type {}", item.type_id));
        return;
    };
    ui.heading(&ty.name).on_hover_text(type_tooltip(ty));
    ui.label(RichText::new(format!("{} {} — {}", ty.kind.label(), id, ty.id)).weak());
    if ty.assumption {
        ui.label(
            RichText::new("Some figures are planning assumptions (hover the title).").small().color(theme::WARNING),
        );
    }
    ui.separator();
    egui::Grid::new("inspector").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        name_row(ui, pc, item, out);
        position_row(ui, pc, item, out);
        rotation_row(ui, pc, item, out);
        figure_rows(ui, pc, item, ty);
        gpu_rows(ui, pc, item, ty, out);
        links::link_rows(ui, pc, item, ty, out);
    });
    if ty.kind == EquipmentKind::NetworkRack {
        ui.separator();
        links::switches_ui(ui, pc, item, out);
    }
    links::load_ui(ui, pc, item);
    elevation::elevation_ui(ui, pc, item);
}

/// The item's name.
fn name_row(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, out: &mut Vec<Command>) {
    ui.label("Name");
    let mut name = item.name.clone().unwrap_or_default();
    if ui.text_edit_singleline(&mut name).on_hover_text("A name shown on the floor and in reports").changed() {
        let mut changed = item.clone();
        changed.name = (!name.is_empty()).then(|| limited(name));
        out.push(item_edit(pc, "name", changed));
    }
    ui.end_row();
}

/// A position field in the user's length unit.
fn position_field<'a>(v: &'a mut f64, bound: f64, units: crate::format::Units, prefix: &str) -> egui::DragValue<'a> {
    crate::ui::fields::number(v, -bound..=bound)
        .speed(if units.imperial() { 0.1 } else { 0.05 })
        .max_decimals(if units.imperial() { 4 } else { 3 })
        .prefix(prefix.to_owned())
        .suffix(format!(" {}", units.length_suffix()))
}

/// Its place in the user's units, to the millimetre, and its grid reference: a rack moves with the unit mounted
/// in it, and a mounted unit with its rack.
fn position_row(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let (id, units) = (item.id, pc.prefs.units);
    let bound = units.to_user_length(f64::from(*limits::ITEM_MM.end()) / 1000.0);
    ui.label("Position");
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let (mut x, mut y) =
                (units.to_user_length(item.origin_m().x), units.to_user_length(item.origin_m().y));
            let rx = ui
                .add(position_field(&mut x, bound, units, "x "))
                .on_hover_text("Left edge from the hall's corner (to the millimetre)");
            let ry = ui
                .add(position_field(&mut y, bound, units, "y "))
                .on_hover_text("Top edge from the hall's corner (to the millimetre)");
            if rx.changed() || ry.changed() {
                let to_mm = |v: f64| mm_of(units.from_user_length(v));
                let (dx, dy) = (to_mm(x) - i64::from(item.x_mm), to_mm(y) - i64::from(item.y_mm));
                // A rack moves with the unit mounted in it, and a mounted unit with its rack.
                let group = items_of(layout, &Mounts::of(layout).with_units_and_hosts([item.id]));
                out.push(Command::EditMerged {
                    label: format!("Change position of {id}"),
                    key: merge_key("position", u64::from(id.0), pc.session.gesture_seq),
                    edit: Edit::Replace(moved(&group, dx, dy)),
                });
            }
        });
        ui.label(RichText::new(format!("grid {}", crate::format::grid_ref_at(item.origin_m().x, item.origin_m().y, layout.hall.tile_m))).weak())
            .on_hover_text("Grid reference of the tile its corner stands on: the tile column's letter and the tile row's number, as the plan labels them");
    });
    ui.end_row();
}

/// Its orientation: a mounted unit turns with its rack.
fn rotation_row(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let id = item.id;
    ui.label("Rotation");
    let mut rot = item.rot;
    egui::ComboBox::from_id_salt("rotation")
        .selected_text(format!("{}°", rot.degrees()))
        .show_ui(ui, |ui| {
            for r in [Rotation::R0, Rotation::R90, Rotation::R180, Rotation::R270] {
                ui.selectable_value(&mut rot, r, format!("{}°", r.degrees()));
            }
        })
        .response
        .on_hover_text("Orientation; the thick edge is the front");
    if rot != item.rot {
        // A mounted unit turns with its rack.
        let mut edits = items_of(layout, &Mounts::of(layout).with_units_and_hosts([item.id]));
        for e in &mut edits {
            e.rot = rot;
        }
        out.push(Command::EditMerged {
            label: format!("Change rotation of {id}"),
            key: merge_key("rotation", u64::from(id.0), pc.session.gesture_seq),
            edit: Edit::Replace(edits),
        });
    }
    ui.end_row();
}

/// What it draws and gives off, and its floor load.
fn figure_rows(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, ty: &EquipmentType) {
    let layout = pc.doc.layout();
    let units = pc.prefs.units;
    if ty.kind.is_it_load() {
        let p = item_power_in(layout, item);
        ui.label("Power");
        ui.label(format!("{} typical, {} peak", power(p.typical_kw), power(p.peak_kw)));
        ui.end_row();
        ui.label("Heat");
        ui.label(format!(
            "{} liquid, {} air (typical); {} peak",
            units.heat(p.typical_kw * ty.liquid_fraction),
            units.heat(p.typical_kw * (1.0 - ty.liquid_fraction)),
            units.heat(p.peak_kw)
        ));
        ui.end_row();
    }
    if let Some(load) = pc.cache.report().floor.item(item.id) {
        let rating = layout.hall.settings.floor_point_rating_kg;
        ui.label("Floor load");
        let text = format!("{}, {} per foot", units.weight(load.weight_kg), units.weight(load.point_kg));
        let over = load.point_kg > rating;
        ui.label(if over { egui::RichText::new(text).color(crate::ui::theme::INVALID) } else { text.into() })
            .on_hover_text(format!(
                "Weight (with its switches or mounted cooling) on each of its {} feet, against the floor's \
                 concentrated rating of {} per load point. Its footprint pressure, {}, is not comparable with the \
                 distributed rating (row zones are checked against that).",
                crate::analysis::floor::LOAD_POINTS,
                units.weight(rating),
                units.floor_load(load.kg_per_m2)
            ));
        ui.end_row();
    }
    let switch = item.switches.as_ref().and_then(|f| layout.catalog.get(&f.model));
    let unit = item.cooling.and_then(|c| layout.index_of(c)).and_then(|i| layout.type_of(&layout.items[i]));
    let reserved = layout.hall.settings.reserved_top_u;
    if let Some(u) = crate::analysis::geometry::rack_u(item, ty, switch, unit, reserved) {
        ui.label("Rack units");
        let text = format!("{}U used of {}U ({}U, top {}U kept free)", u.used_u, u.usable_u(), u.total_u, u.reserved_u);
        ui.label(if u.overfull() { egui::RichText::new(text).color(crate::ui::theme::INVALID) } else { text.into() })
            .on_hover_text(
                "Servers × their height, the rack type's own contents (NVLink switch trays, power shelves, \
                 management switches), the switches it holds and a unit mounted in it, against the rack's height \
                 less the top units the hall keeps free (Hall › Reserved at top)",
            );
        ui.end_row();
    }
}

/// A GPU rack's GPUs, servers installed and scalable unit.
fn gpu_rows(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, ty: &EquipmentType, out: &mut Vec<Command>) {
    if let Some(g) = &ty.gpu {
        ui.label("GPUs");
        ui.label(format!("{} × {}", item.servers_in(ty) * g.gpus_per_server, g.model));
        ui.end_row();
        ui.label("Servers installed");
        let mut servers = item.servers_in(ty);
        if ui
            .add(crate::ui::fields::number(&mut servers, 1..=g.servers))
            .on_hover_text("Servers in this rack")
            .changed()
        {
            let mut changed = item.clone();
            changed.servers = (servers < g.servers).then_some(servers);
            out.push(item_edit(pc, "servers", changed));
        }
        ui.end_row();
        ui.label("Scalable unit");
        let mut su = item.su.unwrap_or(0);
        if ui
            .add(crate::ui::fields::number(&mut su, limits::SU))
            .on_hover_text("Fabric scalable unit: its rails land on this SU's leaves")
            .changed()
        {
            let mut changed = item.clone();
            changed.su = Some(su);
            out.push(item_edit(pc, "scalable unit", changed));
        }
        ui.end_row();
    }
}
