//! The inspector for several items: what they are, their GPUs and power, and edits of all of them at once
//! (rotate, duplicate, delete, feeds, cooling, scalable unit, names).

use egui::RichText;

use super::limited;
use crate::analysis::assign::FeedSide;
use crate::analysis::item_power_in;
use crate::format::{count, counted, power};
use crate::model::limits;
use crate::ui::actions::Action;
use crate::ui::command::{Bulk, Command};
use crate::ui::panels::PanelCtx;

pub(super) fn multi_selection_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let mut by_type: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    let (mut gpus, mut typical_kw, mut gpu_racks, mut network_racks) = (0_u64, 0.0, 0_u64, 0_u64);
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
        if t.kind == crate::model::EquipmentKind::NetworkRack {
            network_racks += 1;
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
    pdus_upstream_ui(ui, pc, out);
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
        let id = egui::Id::unique("bulk-number-su");
        let (mut per_su, mut first): (u32, u32) = ui.data(|d| d.get_temp(id)).unwrap_or((0, su_now.unwrap_or(0)));
        ui.horizontal_wrapped(|ui| {
            ui.label("Number SUs:");
            ui.add(crate::ui::fields::number(&mut per_su, 0..=10_000).suffix(" racks each"))
                .on_hover_text("Racks per scalable unit, in floor order; 0 gives each row its own unit");
            ui.add(crate::ui::fields::number(&mut first, limits::SU).prefix("from "))
                .on_hover_text("The first unit's number; the next units follow in order");
            if ui
                .button("Assign scalable units")
                .on_hover_text(
                    "Number the selected GPU racks into scalable units in floor order (rows, then along them): \
                     this many racks to a unit, or a row each",
                )
                .clicked()
            {
                out.push(Command::Bulk(Bulk::NumberScalableUnits { per_su, first }));
            }
        });
        ui.data_mut(|d| d.insert_temp(id, (per_su, first)));
    }
    if network_racks > 0
        && ui
            .button(format!("Fill required switches ({})", counted(network_racks, "network rack", "network racks")))
            .on_hover_text(
                "Put the fabric's required leaves (by scalable unit), spines and cores into the selected network \
                 racks in floor order, as the analysis sizes them; racks beyond the need are emptied, management \
                 racks kept",
            )
            .clicked()
    {
        out.push(Command::Bulk(Bulk::FillSwitches));
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

/// The UPS system of every selected PDU at once (when the site is modelled): one undo step.
fn pdus_upstream_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    if layout.site.is_none() {
        return;
    }
    let pdus: Vec<&crate::model::Item> = pc
        .session
        .selection
        .iter()
        .filter_map(|id| layout.index_of(*id).map(|i| &layout.items[i]))
        .filter(|i| layout.type_of(i).is_some_and(|t| t.pdu.is_some()))
        .collect();
    let Some(first) = pdus.first() else { return };
    let same = pdus.iter().all(|p| p.upstream == first.upstream);
    let ids: Vec<crate::model::ItemId> = pdus.iter().map(|p| p.id).collect();
    egui::Grid::new("bulk-upstream").num_columns(2).show(ui, |ui| {
        if let Some(new) = super::links::upstream_ui(ui, pc, &ids, if same { first.upstream } else { None }) {
            let changed: Vec<crate::model::Item> =
                pdus.iter().map(|p| crate::model::Item { upstream: new, ..(*p).clone() }).collect();
            out.push(Command::Edit {
                label: format!("Set the UPS system of {}", counted(changed.len() as u64, "PDU", "PDUs")),
                edit: crate::model::edit::Edit::Replace(changed),
            });
        }
    });
}
