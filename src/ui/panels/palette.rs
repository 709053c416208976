//! The catalog palette: equipment types grouped by kind with a search box; click to place, or drag onto the
//! floor.

use egui::{RichText, Sense};

use super::PanelCtx;
use crate::format::power;
use crate::model::{EquipmentKind, EquipmentType, TypeId};
use crate::ui::command::{Command, PrefChange};
use crate::ui::view::Tool;

/// The tooltip of a palette entry: its figures, where they come from, what is assumed.
pub fn type_tooltip(t: &EquipmentType) -> String {
    let mut s = format!("{}\n{} × {} m, {:.0} kg", t.name, t.width_m, t.depth_m, t.weight_kg);
    if t.power_peak_kw > 0.0 {
        s += &format!("\n{} typical, {} peak", power(t.power_typical_kw), power(t.power_peak_kw));
    }
    if let Some(g) = &t.gpu {
        s += &format!(
            "\n{} × {} ({} servers), {:.0} / {:.0} TFLOPS BF16 / FP8 per GPU, {} × {}G ports per server",
            g.gpus(),
            g.model,
            g.servers,
            g.bf16_tflops,
            g.fp8_tflops,
            g.compute_ports_per_server,
            g.port_gbps
        );
    }
    if t.liquid_fraction > 0.0 {
        s += &format!("\n{:.0} % of heat to liquid", t.liquid_fraction * 100.0);
    }
    if let Some(sw) = &t.switch {
        s += &format!("\n{} × {}G ports, {}U", sw.ports, sw.port_gbps, sw.rack_units);
    }
    if let Some(p) = &t.pdu {
        s += &format!("\n{} kVA", p.capacity_kva);
    }
    if let Some(c) = &t.cooling {
        s += &format!(
            "\n{} kW {}{}",
            c.capacity_kw,
            c.medium.label(),
            if c.mounted { ", mounts in a rack" } else { "" }
        );
    }
    s += &format!("\n\nSource: {}", t.source);
    if t.assumption {
        s += &format!("\nPlanning assumption: {}", t.assumption_note);
    }
    s
}

/// The palette panel.
pub fn palette_panel_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    egui::Panel::left("palette").default_size(250.0).resizable(true).show(ui, |ui| {
        ui.heading("Catalog");
        let mut filter = pc.session.palette_filter.clone();
        ui.add(egui::TextEdit::singleline(&mut filter).hint_text("Search equipment…"))
            .on_hover_text("Filter the catalog by name or id");
        if filter != pc.session.palette_filter {
            out.push(Command::SetPaletteFilter(filter.clone()));
        }
        ui.label(RichText::new("Click to place (Esc stops), or drag onto the floor").weak().small());
        ui.separator();
        let needle = filter.to_lowercase();
        let catalog = &pc.doc.layout().catalog;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let mut shown = 0;
            for kind in EquipmentKind::ALL {
                let of_kind: Vec<&EquipmentType> = catalog
                    .types
                    .iter()
                    .filter(|t| t.kind == kind && t.kind != EquipmentKind::Switch)
                    .filter(|t| {
                        needle.is_empty() || t.name.to_lowercase().contains(&needle) || t.id.0.contains(&needle)
                    })
                    .collect();
                if of_kind.is_empty() {
                    continue;
                }
                shown += of_kind.len();
                egui::CollapsingHeader::new(kind.label()).default_open(true).show(ui, |ui| {
                    for t in of_kind {
                        palette_entry_ui(ui, pc, t, out);
                    }
                });
            }
            if shown == 0 {
                ui.label(format!("No equipment matches “{}”.", filter.trim()));
                ui.label(RichText::new("Search by a word of the name (\"PDU\", \"H200\") or by type id.").weak());
            }
        });
    });
}

fn palette_entry_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, t: &EquipmentType, out: &mut Vec<Command>) {
    let active = pc.session.tool == Tool::Place(t.id.clone());
    let response =
        ui.add(egui::Button::selectable(active, &t.name).sense(Sense::click_and_drag())).on_hover_text(type_tooltip(t));
    if response.drag_started() {
        egui::DragAndDrop::set_payload::<TypeId>(ui.ctx(), t.id.clone());
    }
    if response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    }
    if response.clicked() {
        out.push(Command::SetTool(if active { Tool::Select } else { Tool::Place(t.id.clone()) }));
        if t.kind == EquipmentKind::GpuRack && pc.prefs.array_type != t.id {
            out.push(Command::SetPref(PrefChange::ArrayType(t.id.clone())));
        }
    }
}
