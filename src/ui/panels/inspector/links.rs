//! The inspector's links: an item's feeds and cooling unit (pickers by name, distance and load), a network
//! rack's switches, and a PDU's or cooling unit's load.

use egui::RichText;

use super::item_edit;
use crate::analysis::assign::FeedSide;
use crate::analysis::geometry::item_rect;
use crate::format::{counted, percent, power};
use crate::model::limits::{MAX_FABRIC_INDEX, MAX_PLANES, MAX_RAILS, MAX_SWITCHES_PER_RACK};
use crate::model::ops::Mounts;
use crate::model::{EquipmentKind, EquipmentType, Item, ItemId, SwitchFill, SwitchRole};
use crate::ui::command::Command;
use crate::ui::panels::PanelCtx;
use crate::ui::theme;

/// PDUs or cooling units the pickers list, nearest first.
const PICKER_LIMIT: usize = 60;

/// Feeds A and B (for what takes feeds) and the cooling unit (for IT load).
pub(super) fn link_rows(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, ty: &EquipmentType, out: &mut Vec<Command>) {
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
        // A third feed where the rack has one, or its supplies need one.
        let needs_c = ty.gpu.as_ref().and_then(|g| g.psus).is_some();
        if item.feed_c.is_some() || needs_c {
            ui.label("Feed C").on_hover_text(
                "A third source: a server's supplies spread over three feeds keep more of them when one is lost \
                 (a DGX H100 keeps 4 of 6 × 3.3 kW, where two feeds leave 3)",
            );
            if let Some(new) = picker_ui(ui, pc, "C", item, item.feed_c, EquipmentKind::Pdu) {
                let mut changed = item.clone();
                changed.feed_c = new;
                out.push(item_edit(pc, "feed C", changed));
            }
            ui.end_row();
        }
    }
    if ty.kind == EquipmentKind::Pdu
        && pc.doc.layout().site.is_some()
        && let Some(new) = upstream_ui(ui, pc, &[item.id], item.upstream)
    {
        let mut changed = item.clone();
        changed.upstream = new;
        out.push(item_edit(pc, "UPS system", changed));
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
}

/// A "UPS system" row: a combo box of the site's systems with their side and design load; the new choice when
/// changed. `pdus` are the PDUs it is for (the salt of its id).
pub(in crate::ui::panels) fn upstream_ui(
    ui: &mut egui::Ui,
    pc: &PanelCtx<'_>,
    pdus: &[ItemId],
    current: Option<u32>,
) -> Option<Option<u32>> {
    let site = pc.doc.layout().site.as_ref()?;
    let systems = &pc.cache.report().site.systems;
    let text = |id: Option<u32>| match id {
        None => "none".to_owned(),
        Some(id) => {
            let name = site.system(id).map_or_else(|| format!("missing system {id}"), |s| s.name.clone());
            let load = systems.iter().find(|s| s.id == id).map_or_else(String::new, |s| {
                let side = if s.side.is_empty() { String::new() } else { format!(" side {}", s.side) };
                format!("{side}, {} at design", percent(s.utilisation))
            });
            format!("{name}{load}")
        }
    };
    ui.label("UPS system");
    let mut choice = current;
    egui::ComboBox::from_id_salt(("upstream", pdus.first().copied(), pdus.len()))
        .selected_text(text(current))
        .width(190.0)
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut choice, None, "none");
            for s in &site.ups {
                ui.selectable_value(&mut choice, Some(s.id), text(Some(s.id)));
            }
        })
        .response
        .on_hover_text("The site's UPS system (and side) that feeds this PDU: its load counts on that system");
    ui.end_row();
    (choice != current).then_some(choice)
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

pub(super) fn switches_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item, out: &mut Vec<Command>) {
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

pub(super) fn load_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item) {
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
