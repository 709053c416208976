//! The inspector: the selected item's type and figures, its name, place, feeds and cooling unit (pickers by
//! name, distance and load), fabric role; bulk edits for a multiple selection; a selected obstacle's kind,
//! place and size. Every field is limited to what a layout file may hold, and every change is one undoable
//! edit (a field edited over several frames merges into one step).

use std::hash::{Hash, Hasher};

use egui::RichText;

use super::{PanelCtx, type_tooltip};
use crate::analysis::assign::FeedSide;
use crate::analysis::geometry::item_rect;
use crate::analysis::item_power_in;
use crate::format::{count, counted, percent, power};
use crate::model::edit::Edit;
use crate::model::limits::{self, MAX_FABRIC_INDEX, MAX_PLANES, MAX_RAILS, MAX_SWITCHES_PER_RACK, MAX_TEXT_CHARS};
use crate::model::ops::{Mounts, items_of, moved};
use crate::model::{EquipmentKind, Item, ItemId, ObstacleKind, Rotation, SwitchFill, SwitchRole};
use crate::ui::actions::Action;
use crate::ui::command::{Bulk, Command};
use crate::ui::theme;

/// PDUs or cooling units the pickers list, nearest first.
const PICKER_LIMIT: usize = 60;

/// A merge key: edits of one field of one thing within one gesture merge into one undo step.
fn merge_key(field: &str, what: u64, gesture: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (field, what, gesture).hash(&mut h);
    h.finish()
}

fn item_edit(pc: &PanelCtx<'_>, field: &str, item: Item) -> Command {
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

/// The inspector tab.
pub fn inspector_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let n = pc.session.selection.len();
    if n == 0 {
        if let Some(index) = pc.session.obstacle {
            obstacle_ui(ui, pc, index, out);
            return;
        }
        ui.label("Nothing selected.");
        ui.label(RichText::new("Click an item on the floor, shift-click to add, or drag a box.").weak());
        return;
    }
    if n > 1 {
        multi_selection_ui(ui, pc, out);
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
    let units = pc.prefs.units;
    ui.heading(&ty.name).on_hover_text(type_tooltip(ty));
    ui.label(RichText::new(format!("{} {} — {}", ty.kind.label(), id, ty.id)).weak());
    if ty.assumption {
        ui.label(
            RichText::new("Some figures are planning assumptions (hover the title).").small().color(theme::WARNING),
        );
    }
    ui.separator();

    egui::Grid::new("inspector").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        ui.label("Name");
        let mut name = item.name.clone().unwrap_or_default();
        if ui.text_edit_singleline(&mut name).on_hover_text("A name shown on the floor and in reports").changed() {
            let mut changed = item.clone();
            changed.name = (!name.is_empty()).then(|| limited(name));
            out.push(item_edit(pc, "name", changed));
        }
        ui.end_row();

        let tile = layout.hall.tile_m;
        let tiles = limits::item_tiles(tile);
        ui.label("Position");
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                let (mut x, mut y) = (item.x, item.y);
                let rx = ui
                    .add(crate::ui::fields::number(&mut x, tiles.clone()).prefix("x "))
                    .on_hover_text("Column of the top-left tile");
                let ry = ui
                    .add(crate::ui::fields::number(&mut y, tiles.clone()).prefix("y "))
                    .on_hover_text("Row of the top-left tile");
                if rx.changed() || ry.changed() {
                    // A rack moves with the unit mounted in it, and a mounted unit with its rack.
                    let group = items_of(layout, &Mounts::of(layout).with_units_and_hosts([item.id]));
                    out.push(Command::EditMerged {
                        label: format!("Change position of {id}"),
                        key: merge_key("position", u64::from(id.0), pc.session.gesture_seq),
                        edit: Edit::Replace(moved(&group, x - item.x, y - item.y, tile)),
                    });
                }
                ui.label(RichText::new("tiles").weak());
            });
            ui.label(
                RichText::new(format!(
                    "= {}, {} from the hall's corner",
                    units.length(f64::from(item.x) * tile),
                    units.length(f64::from(item.y) * tile)
                ))
                .weak(),
            );
        });
        ui.end_row();

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
            let rating = layout.hall.settings.floor_rating_kg_per_m2;
            ui.label("Floor load");
            let text = format!("{} on {}", units.weight(load.weight_kg), units.floor_load(load.kg_per_m2));
            let over = load.kg_per_m2 > rating;
            ui.label(if over { egui::RichText::new(text).color(crate::ui::theme::INVALID) } else { text.into() })
                .on_hover_text(format!(
                    "Weight (with its switches or mounted cooling) over its footprint; the floor is rated {}",
                    units.floor_load(rating)
                ));
            ui.end_row();
        }
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
        if ty.kind.takes_feeds() {
            for (side, current) in [(FeedSide::A, item.feed_a), (FeedSide::B, item.feed_b)] {
                ui.label(format!("Feed {}", side.label()));
                if let Some(new) = picker_ui(ui, pc, side.label(), item, current, EquipmentKind::Pdu) {
                    let mut changed = item.clone();
                    match side {
                        FeedSide::A => changed.feed_a = new,
                        FeedSide::B => changed.feed_b = new,
                    }
                    out.push(item_edit(pc, &format!("feed {}", side.label()), changed));
                }
                ui.end_row();
            }
        }
        if ty.kind.is_it_load() {
            ui.label("Cooling unit");
            if let Some(new) = picker_ui(ui, pc, "cooling", item, item.cooling, EquipmentKind::Cooling) {
                let mut changed = item.clone();
                changed.cooling = new;
                out.push(item_edit(pc, "cooling", changed));
            }
            ui.end_row();
        }
    });

    if ty.kind == EquipmentKind::NetworkRack {
        ui.separator();
        switches_ui(ui, pc, item, out);
    }
    load_ui(ui, pc, item);
}

/// A combo box choosing an item of `kind` (nearest first, with name, distance and load) or none; the new
/// choice when changed.
fn picker_ui(
    ui: &mut egui::Ui,
    pc: &PanelCtx<'_>,
    field: &str,
    item: &Item,
    current: Option<ItemId>,
    kind: EquipmentKind,
) -> Option<Option<ItemId>> {
    let layout = pc.doc.layout();
    let units = pc.prefs.units;
    let name_of =
        |id: ItemId| layout.index_of(id).map_or_else(|| format!("missing {id}"), |i| layout.name_of(&layout.items[i]));
    let load = |id: ItemId| pc.cache.states.utilisation(id).map(|u| format!(", {}", percent(u))).unwrap_or_default();
    let here = item_rect(layout, item).map(|r| r.centre()).unwrap_or_default();
    let distance = |id: ItemId| {
        layout
            .index_of(id)
            .and_then(|i| item_rect(layout, &layout.items[i]))
            .map(|r| (r.centre() - here).abs().element_sum())
    };
    let text = |id: Option<ItemId>| match id {
        None => "none".to_owned(),
        Some(id) => {
            let d = distance(id).map(|d| format!(", {}", units.length(d))).unwrap_or_default();
            format!("{} {id}{d}{}", name_of(id), load(id))
        }
    };
    let mut choice = current;
    egui::ComboBox::from_id_salt(("picker", field, item.id))
        .selected_text(text(current))
        .width(190.0)
        .truncate()
        .show_ui(ui, |ui| {
            // Only while the list is open: it scans every item, nearest first.
            let mounts = Mounts::of(layout);
            let mut options: Vec<(f64, ItemId)> = layout
                .items
                .iter()
                .filter(|i| i.id != item.id && layout.type_of(i).is_some_and(|t| t.kind == kind))
                // A unit mounted in another rack serves that rack only.
                .filter(|i| mounts.host_of(i.id).is_none_or(|h| h == item.id))
                .filter_map(|i| Some((distance(i.id)?, i.id)))
                .collect();
            options.sort_by(|a, b| a.0.total_cmp(&b.0));
            options.truncate(PICKER_LIMIT);
            ui.selectable_value(&mut choice, None, "none");
            for (_, id) in options {
                ui.selectable_value(&mut choice, Some(id), text(Some(id)));
            }
        })
        .response
        .on_hover_text(format!("Choose the {} (nearest first: name, id, walking distance, load)", kind.noun()));
    (choice != current).then_some(choice)
}

fn switches_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    ui.label(RichText::new("Switches").strong());
    let switches: Vec<_> = layout.catalog.of_kind(EquipmentKind::Switch).collect();
    let mut fill = item.switches.clone().unwrap_or_else(|| {
        SwitchFill::new(switches.first().map(|s| s.id.clone()).unwrap_or_default(), 0, SwitchRole::Leaf)
    });
    let before = fill.clone();
    let mut changed = false;
    egui::Grid::new("switches").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        ui.label("Model");
        egui::ComboBox::from_id_salt("switch-model")
            .selected_text(switches.iter().find(|s| s.id == fill.model).map_or("?", |s| s.name.as_str()))
            .width(220.0)
            .show_ui(ui, |ui| {
                for s in &switches {
                    ui.selectable_value(&mut fill.model, s.id.clone(), &s.name);
                }
            })
            .response
            .on_hover_text("Switch model in this rack");
        ui.end_row();
        ui.label("Count");
        changed |= ui
            .add(crate::ui::fields::number(&mut fill.count, 0..=MAX_SWITCHES_PER_RACK))
            .on_hover_text("Switches in this rack (0 removes them)")
            .changed();
        ui.end_row();
        ui.label("Role");
        egui::ComboBox::from_id_salt("switch-role")
            .selected_text(fill.role.label())
            .show_ui(ui, |ui| {
                for r in [SwitchRole::Leaf, SwitchRole::Spine, SwitchRole::Core, SwitchRole::Management] {
                    ui.selectable_value(&mut fill.role, r, r.label());
                }
            })
            .response
            .on_hover_text("Fabric tier");
        ui.end_row();
        for (label, value, most, tip) in [
            ("Plane", &mut fill.plane, MAX_PLANES, "Independent fabric plane"),
            ("Pod", &mut fill.pod, MAX_FABRIC_INDEX, "Pod: SUs sharing spines"),
            ("Scalable unit", &mut fill.su, MAX_FABRIC_INDEX, "Leaves: the SU they serve"),
            ("First rail", &mut fill.first_rail, MAX_RAILS, "Leaves: first rail served"),
            ("Rails (0 = all)", &mut fill.rails, MAX_RAILS, "Leaves: rails served"),
            ("First index", &mut fill.first_index, MAX_FABRIC_INDEX, "Spines/cores: index of the first switch"),
        ] {
            ui.label(label);
            changed |= ui.add(crate::ui::fields::number(value, 0..=most)).on_hover_text(tip).changed();
            ui.end_row();
        }
    });
    // Combo boxes change `fill` only when a choice is made; number fields report their own changes.
    if changed || fill.model != before.model || fill.role != before.role {
        let mut changed = item.clone();
        changed.switches = (fill.count > 0).then_some(fill);
        out.push(item_edit(pc, "switches", changed));
    }
}

fn load_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item) {
    let r = pc.cache.report();
    let units = pc.prefs.units;
    if let Some(p) = r.power.pdus.iter().find(|p| p.id == item.id) {
        ui.separator();
        ui.label(RichText::new("PDU load").strong());
        ui.label(format!("usable {} (kVA × PF × 80 %)", power(p.usable_kw)));
        if p.lost {
            ui.colored_label(theme::ERROR, "lost in the what-if: carries nothing");
        } else {
            let u = p.utilisation();
            ui.colored_label(theme::load(u), format!("now {} at peak ({})", power(p.load_kw), percent(u)));
        }
        let fu = p.failover_utilisation();
        ui.colored_label(theme::load(fu), format!("failover {} ({})", power(p.failover_kw), percent(fu)));
        ui.label(format!("feeds {}", counted(u64::from(p.fed_items), "item", "items")));
    }
    if let Some(c) = r.cooling.units.iter().find(|c| c.id == item.id) {
        ui.separator();
        ui.label(RichText::new("Cooling load").strong());
        if c.lost {
            ui.colored_label(theme::ERROR, format!("lost in the what-if; {} has nowhere to go", units.heat(c.load_kw)));
        } else {
            let u = c.utilisation();
            ui.colored_label(
                theme::load(u),
                format!("{} of {} ({})", units.heat(c.load_kw), units.heat(c.capacity_kw), percent(u)),
            );
        }
    }
}

fn multi_selection_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let mut by_type: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    let (mut gpus, mut typical_kw, mut gpu_racks) = (0_u64, 0.0, 0_u64);
    let mut su_now: Option<u32> = None;
    for id in &pc.session.selection {
        let Some(i) = layout.index_of(*id).map(|i| &layout.items[i]) else { continue };
        let Some(t) = layout.type_of(i) else { continue };
        *by_type.entry(t.name.as_str()).or_default() += 1;
        if let Some(g) = &t.gpu {
            gpus += u64::from(i.servers_in(t) * g.gpus_per_server);
            gpu_racks += 1;
            su_now = su_now.or(i.su);
        }
        typical_kw += item_power_in(layout, i).typical_kw;
    }
    ui.heading(format!("{} selected", counted(pc.session.selection.len() as u64, "item", "items")));
    ui.label(format!("{} GPUs, {} typical", count(gpus), power(typical_kw)));
    ui.separator();
    for (name, n) in by_type {
        ui.label(format!("{n} × {name}"));
    }
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        for a in [Action::Rotate, Action::Duplicate, Action::Delete] {
            if ui.button(a.label()).on_hover_text(a.tooltip()).clicked() {
                out.push(Command::Action(a));
            }
        }
    });
    ui.separator();
    ui.label(RichText::new("Edit all selected").strong());
    ui.horizontal_wrapped(|ui| {
        for (label, bulk, tip) in [
            ("Feed A", Bulk::Feeds(FeedSide::A), "Nearest A-side PDU with room for each rack"),
            ("Feed B", Bulk::Feeds(FeedSide::B), "Nearest B-side PDU with room for each rack"),
            ("Cooling", Bulk::Cooling, Action::AssignCooling.tooltip()),
        ] {
            if ui.button(format!("Assign {label}")).on_hover_text(tip).clicked() {
                out.push(Command::Bulk(bulk));
            }
        }
    });
    if gpu_racks > 0 {
        let id = egui::Id::unique("bulk-su");
        let mut su: u32 = ui.data(|d| d.get_temp(id)).unwrap_or(su_now.unwrap_or(0));
        ui.horizontal(|ui| {
            ui.label("Scalable unit");
            ui.add(crate::ui::fields::number(&mut su, limits::SU))
                .on_hover_text("The SU to put the selected GPU racks in");
            if ui
                .button(format!("Set for {}", counted(gpu_racks, "GPU rack", "GPU racks")))
                .on_hover_text("Put every selected GPU rack in this scalable unit")
                .clicked()
            {
                out.push(Command::Bulk(Bulk::ScalableUnit(su)));
            }
        });
        ui.data_mut(|d| d.insert_temp(id, su));
    }
    let id = egui::Id::unique("bulk-prefix");
    let mut prefix: String = ui.data(|d| d.get_temp(id)).unwrap_or_else(|| "R".to_owned());
    ui.horizontal(|ui| {
        ui.label("Name prefix");
        ui.add(egui::TextEdit::singleline(&mut prefix).desired_width(90.0))
            .on_hover_text("Names become the prefix and a number, in floor order (rows, then along them)");
        if ui.button("Rename").on_hover_text("Name every selected item: prefix-1, prefix-2, …").clicked() {
            out.push(Command::Bulk(Bulk::NamePrefix(limited(prefix.clone()))));
        }
    });
    ui.data_mut(|d| d.insert_temp(id, prefix));
}

fn obstacle_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, index: usize, out: &mut Vec<Command>) {
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
