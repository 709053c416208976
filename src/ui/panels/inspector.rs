//! The inspector: the selected item's type and figures, its name, place, feeds (with a PDU picker), cooling
//! unit and fabric role; a summary for a multiple selection. Every change is one undoable edit.

use egui::{DragValue, RichText};

use crate::analysis::geometry::item_rect;
use crate::model::edit::Edit;
use crate::model::{EquipmentKind, Item, ItemId, Rotation, SwitchFill, SwitchRole};
use crate::ui::app::DesignerApp;
use crate::ui::format::{count, power};
use crate::ui::panels::palette::type_tooltip;
use crate::ui::theme;

/// PDUs or cooling units the pickers list, nearest first.
const PICKER_LIMIT: usize = 60;

impl DesignerApp {
    /// Applies an inspector change: edits of the same field of the same item in one gesture merge.
    fn inspector_edit(&mut self, field: &str, item: Item) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (field, item.id, self.gesture_seq).hash(&mut h);
        let label = format!("Change {field} of {}", item.id);
        self.doc.apply_coalesced(label, Edit::Replace(vec![item]), h.finish());
        self.after_change();
    }

    pub(in crate::ui) fn inspector_ui(&mut self, ui: &mut egui::Ui) {
        let n = self.view.selection.len();
        if n == 0 {
            ui.label("Nothing selected.");
            ui.label(RichText::new("Click an item on the floor, shift-click to add, or drag a box.").weak());
            return;
        }
        if n > 1 {
            self.multi_selection_ui(ui);
            return;
        }
        let Some(id) = self.view.selection.iter().next().copied() else { return };
        let layout = &self.doc.layout;
        let Some(index) = layout.index_of(id) else { return };
        let item = layout.items[index].clone();
        let Some(ty) = layout.type_of(&item).cloned() else {
            ui.label(format!("Item {id} has an unknown type {}", item.type_id));
            return;
        };
        ui.heading(&ty.name).on_hover_text(type_tooltip(&ty));
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
                changed.name = (!name.is_empty()).then_some(name);
                self.inspector_edit("name", changed);
            }
            ui.end_row();

            ui.label("Position (tiles)");
            ui.horizontal(|ui| {
                let (mut x, mut y) = (item.x, item.y);
                let rx = ui.add(DragValue::new(&mut x).prefix("x ")).on_hover_text("Column of the top-left tile");
                let ry = ui.add(DragValue::new(&mut y).prefix("y ")).on_hover_text("Row of the top-left tile");
                if rx.changed() || ry.changed() {
                    let mut changed = item.clone();
                    changed.x = x;
                    changed.y = y;
                    self.inspector_edit("position", changed);
                }
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
                let mut changed = item.clone();
                changed.rot = rot;
                self.inspector_edit("rotation", changed);
            }
            ui.end_row();

            let (typical, peak) = {
                let f = item.fill_fraction(&ty);
                let sw = item
                    .switches
                    .as_ref()
                    .and_then(|s| self.doc.layout.catalog.get(&s.model).map(|t| (t.clone(), s.count)));
                let extra =
                    sw.map_or((0.0, 0.0), |(t, c)| (t.power_typical_kw * f64::from(c), t.power_peak_kw * f64::from(c)));
                (ty.power_typical_kw * f + extra.0, ty.power_peak_kw * f + extra.1)
            };
            if ty.kind.is_it_load() {
                ui.label("Power");
                ui.label(format!("{} typical, {} peak", power(typical), power(peak)));
                ui.end_row();
                ui.label("Heat");
                ui.label(format!(
                    "{} liquid, {} air",
                    self.view.units.heat(typical * ty.liquid_fraction),
                    self.view.units.heat(typical * (1.0 - ty.liquid_fraction))
                ));
                ui.end_row();
            }
            if let Some(g) = &ty.gpu {
                ui.label("GPUs");
                ui.label(format!("{} × {}", item.servers_in(&ty) * g.gpus_per_server, g.model));
                ui.end_row();
                ui.label("Servers installed");
                let mut servers = item.servers_in(&ty);
                if ui
                    .add(DragValue::new(&mut servers).range(1..=g.servers))
                    .on_hover_text("Servers in this rack")
                    .changed()
                {
                    let mut changed = item.clone();
                    changed.servers = (servers < g.servers).then_some(servers);
                    self.inspector_edit("servers", changed);
                }
                ui.end_row();
                ui.label("Scalable unit");
                let mut su = item.su.unwrap_or(0);
                if ui
                    .add(DragValue::new(&mut su))
                    .on_hover_text("Fabric scalable unit: its rails land on this SU's leaves")
                    .changed()
                {
                    let mut changed = item.clone();
                    changed.su = Some(su);
                    self.inspector_edit("scalable unit", changed);
                }
                ui.end_row();
            }
            if ty.kind.takes_feeds() {
                for (field, current) in [("feed_a", item.feed_a), ("feed_b", item.feed_b)] {
                    ui.label(if field == "feed_a" { "Feed A" } else { "Feed B" });
                    if let Some(new) = self.picker_ui(ui, field, &item, current, EquipmentKind::Pdu) {
                        let mut changed = item.clone();
                        if field == "feed_a" {
                            changed.feed_a = new;
                        } else {
                            changed.feed_b = new;
                        }
                        self.inspector_edit(field, changed);
                    }
                    ui.end_row();
                }
            }
            if ty.kind.is_it_load() {
                ui.label("Cooling unit");
                if let Some(new) = self.picker_ui(ui, "cooling", &item, item.cooling, EquipmentKind::Cooling) {
                    let mut changed = item.clone();
                    changed.cooling = new;
                    self.inspector_edit("cooling", changed);
                }
                ui.end_row();
            }
        });

        if ty.kind == EquipmentKind::NetworkRack {
            ui.separator();
            self.switches_ui(ui, &item);
        }
        self.load_ui(ui, &item);
    }

    /// A combo box choosing an item of `kind` (nearest first) or none; returns the new choice when changed.
    fn picker_ui(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        item: &Item,
        current: Option<ItemId>,
        kind: EquipmentKind,
    ) -> Option<Option<ItemId>> {
        let layout = &self.doc.layout;
        let text = |id: Option<ItemId>| match id {
            None => "none".to_owned(),
            Some(id) => {
                let util =
                    self.cache.utilisation.get(&id).map(|u| format!(" ({:.0} %)", u * 100.0)).unwrap_or_default();
                format!("{id}{util}")
            }
        };
        let mut choice = current;
        egui::ComboBox::from_id_salt(("picker", field, item.id))
            .selected_text(text(current))
            .width(180.0)
            .show_ui(ui, |ui| {
                // Only while the list is open: it scans every item, nearest first.
                let here = item_rect(layout, item).map(|r| r.centre()).unwrap_or_default();
                let mut options: Vec<(f64, ItemId, String)> = layout
                    .items
                    .iter()
                    .filter(|i| layout.type_of(i).is_some_and(|t| t.kind == kind))
                    .filter_map(|i| {
                        let c = item_rect(layout, i)?.centre();
                        let name = i
                            .name
                            .clone()
                            .unwrap_or_else(|| layout.type_of(i).map_or(String::new(), |t| t.name.clone()));
                        Some(((c - here).abs().element_sum(), i.id, name))
                    })
                    .collect();
                options.sort_by(|a, b| a.0.total_cmp(&b.0));
                options.truncate(PICKER_LIMIT);
                ui.selectable_value(&mut choice, None, "none");
                for (d, id, name) in &options {
                    ui.selectable_value(
                        &mut choice,
                        Some(*id),
                        format!("{} {name} — {}", text(Some(*id)), self.view.units.length(*d)),
                    );
                }
            })
            .response
            .on_hover_text(format!("Choose the {} (nearest first, load in brackets)", kind.noun()));
        (choice != current).then_some(choice)
    }

    fn switches_ui(&mut self, ui: &mut egui::Ui, item: &Item) {
        ui.label(RichText::new("Switches").strong());
        let switches: Vec<(crate::model::TypeId, String)> =
            self.doc.layout.catalog.of_kind(EquipmentKind::Switch).map(|t| (t.id.clone(), t.name.clone())).collect();
        let mut fill = item.switches.clone().unwrap_or_else(|| {
            SwitchFill::new(switches.first().map(|s| s.0.clone()).unwrap_or_default(), 0, SwitchRole::Leaf)
        });
        let before = fill.clone();
        egui::Grid::new("switches").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            ui.label("Model");
            egui::ComboBox::from_id_salt("switch-model")
                .selected_text(switches.iter().find(|s| s.0 == fill.model).map_or("?", |s| s.1.as_str()))
                .width(200.0)
                .show_ui(ui, |ui| {
                    for (id, name) in &switches {
                        ui.selectable_value(&mut fill.model, id.clone(), name);
                    }
                })
                .response
                .on_hover_text("Switch model in this rack");
            ui.end_row();
            ui.label("Count");
            ui.add(DragValue::new(&mut fill.count).range(0..=64)).on_hover_text("Switches in this rack");
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
            for (label, value, tip) in [
                ("Plane", &mut fill.plane, "Independent fabric plane"),
                ("Pod", &mut fill.pod, "Pod: SUs sharing spines"),
                ("Scalable unit", &mut fill.su, "Leaves: the SU they serve"),
                ("First rail", &mut fill.first_rail, "Leaves: first rail served"),
                ("Rails (0 = all)", &mut fill.rails, "Leaves: rails served"),
                ("First index", &mut fill.first_index, "Spines/cores: index of the first switch in its pod/plane"),
            ] {
                ui.label(label);
                ui.add(DragValue::new(value)).on_hover_text(tip);
                ui.end_row();
            }
        });
        if fill != before {
            let mut changed = item.clone();
            changed.switches = (fill.count > 0).then_some(fill);
            self.inspector_edit("switches", changed);
        }
    }

    fn load_ui(&self, ui: &mut egui::Ui, item: &Item) {
        let r = &self.cache.report;
        if let Some(p) = r.power.pdus.iter().find(|p| p.id == item.id) {
            ui.separator();
            ui.label(RichText::new("PDU load").strong());
            ui.label(format!("usable {} (kVA × PF × 80 %)", power(p.usable_kw)));
            let u = p.utilisation();
            ui.colored_label(theme::load(u), format!("now {} at peak ({:.0} %)", power(p.load_kw), u * 100.0));
            let fu = if p.usable_kw > 0.0 { p.failover_kw / p.usable_kw } else { 0.0 };
            ui.colored_label(theme::load(fu), format!("failover {} ({:.0} %)", power(p.failover_kw), fu * 100.0));
            ui.label(format!("feeds {} item(s)", p.fed_items));
        }
        if let Some(c) = r.cooling.units.iter().find(|c| c.id == item.id) {
            ui.separator();
            ui.label(RichText::new("Cooling load").strong());
            let u = c.utilisation();
            ui.colored_label(
                theme::load(u),
                format!(
                    "{} of {} ({:.0} %)",
                    self.view.units.heat(c.load_kw),
                    self.view.units.heat(c.capacity_kw),
                    u * 100.0
                ),
            );
        }
    }

    fn multi_selection_ui(&mut self, ui: &mut egui::Ui) {
        let items = self.selected_items();
        let layout = &self.doc.layout;
        let mut by_type: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        let (mut gpus, mut kw) = (0_u64, 0.0);
        for i in &items {
            if let Some(t) = layout.type_of(i) {
                *by_type.entry(t.name.clone()).or_default() += 1;
                gpus += u64::from(i.servers_in(t) * t.gpu.as_ref().map_or(0, |g| g.gpus_per_server));
                if t.kind.is_it_load() {
                    kw += t.power_typical_kw * i.fill_fraction(t);
                }
            }
        }
        ui.heading(format!("{} items selected", count(items.len() as u64)));
        ui.label(format!("{} GPUs, {} typical (racks alone)", count(gpus), power(kw)));
        ui.separator();
        for (name, n) in by_type {
            ui.label(format!("{n} × {name}"));
        }
        ui.separator();
        ui.horizontal(|ui| {
            for a in [
                crate::ui::actions::Action::Rotate,
                crate::ui::actions::Action::Duplicate,
                crate::ui::actions::Action::Delete,
            ] {
                if ui.button(a.label()).on_hover_text(a.tooltip()).clicked() {
                    let ctx = ui.ctx().clone();
                    self.run_action(&ctx, a);
                }
            }
        });
    }
}
