//! Import device type: what a devicetype-library file holds, the catalog type its draw and capacity come from
//! (or fields to give them when none matches), the pitfalls found, and Add to the design — one undoable step.

use egui::RichText;

use crate::io::devicetype::{DeviceTypeFile, Given, Imported, import_device_type};
use crate::model::{Catalog, EquipmentType};

/// What the user decided.
#[derive(Clone, Debug)]
pub enum ImportTypeOutcome {
    /// Add this type to the design's catalog (with what was noticed).
    Add(Box<EquipmentType>, Vec<String>),
    /// Close without adding.
    Close,
}

/// The dialog's state: the file read, and the draw typed (0: not given).
#[derive(Clone, Debug)]
pub struct ImportTypeDialog {
    /// The file's name as shown.
    pub file: String,
    /// What it holds.
    pub device: DeviceTypeFile,
    /// Peak draw typed, kW (0: not given).
    pub peak_kw: f64,
    /// Typical draw typed, kW (0: not given).
    pub typical_kw: f64,
}

impl ImportTypeDialog {
    /// A dialog for a file read.
    pub fn new(file: String, device: DeviceTypeFile) -> Self {
        Self { file, device, peak_kw: 0.0, typical_kw: 0.0 }
    }

    fn given(&self) -> Given {
        let some = |v: f64| (v > 0.0).then_some(v);
        match (some(self.peak_kw), some(self.typical_kw)) {
            (Some(p), Some(t)) => Given { power_peak_kw: Some(p), power_typical_kw: Some(t), like: None },
            _ => Given::default(),
        }
    }

    /// The type it would add to `catalog`, or why not.
    pub fn preview(&self, catalog: &Catalog) -> Result<Imported, crate::io::devicetype::DeviceTypeError> {
        import_device_type(&self.file, &self.device, catalog, &self.given())
    }

    /// Draws the dialog; the decision once made (Esc or a click outside closes).
    pub fn show(&mut self, ctx: &egui::Context, catalog: &Catalog) -> Option<ImportTypeOutcome> {
        let mut outcome = None;
        let preview = self.preview(catalog);
        let response = egui::Modal::new(egui::Id::unique("import-type-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Import device type");
            let d = &self.device;
            ui.label(RichText::new(&self.file).monospace());
            ui.label(format!(
                "{} {}{} — {}U{}{}",
                d.manufacturer,
                d.model,
                d.part_number.as_deref().map_or_else(String::new, |p| format!(" ({p})")),
                d.u_height,
                if d.is_full_depth { ", full depth" } else { "" },
                d.weight.map_or_else(String::new, |w| format!(", {w} {}", d.weight_unit.as_deref().unwrap_or("")))
            ));
            ui.label(format!("{} interfaces, {} power ports", d.interfaces.len(), d.power_ports.len()));
            ui.add_space(6.0);
            ui.label(RichText::new("Draw (what the library does not hold)").strong());
            ui.horizontal(|ui| {
                ui.label("peak");
                ui.add(crate::ui::fields::number(&mut self.peak_kw, 0.0..=10_000.0).speed(0.01).suffix(" kW"))
                    .on_hover_text("Design (peak) draw of one device, kW; 0 takes the matching type's");
                ui.label("typical");
                ui.add(crate::ui::fields::number(&mut self.typical_kw, 0.0..=10_000.0).speed(0.01).suffix(" kW"))
                    .on_hover_text("Typical draw of one device, kW (for energy); 0 takes the matching type's");
            });
            if (self.peak_kw > 0.0) != (self.typical_kw > 0.0) {
                ui.colored_label(crate::ui::theme::WARNING, "Give both draws (peak and typical), or neither.");
            } else if self.peak_kw > 0.0 && self.typical_kw > self.peak_kw {
                ui.colored_label(crate::ui::theme::WARNING, "The typical draw is above the peak.");
            }
            ui.add_space(6.0);
            match &preview {
                Ok(i) => {
                    ui.label(match &i.from {
                        Some(t) => format!("Adds type {} — draw, capacity and price from {t}.", i.ty.id),
                        None => format!("Adds type {} with the draw given.", i.ty.id),
                    });
                    ui.label(format!(
                        "Draw: {} peak (design), {} typical{}",
                        crate::format::power(i.ty.power_peak_kw),
                        crate::format::power(i.ty.power_typical_kw),
                        i.ty.switch
                            .as_ref()
                            .map_or_else(String::new, |s| format!("; {} × {}G ports", s.ports, s.port_gbps))
                    ));
                    for n in &i.notes {
                        ui.label(RichText::new(format!("• {n}")).small().color(crate::ui::theme::WARNING));
                    }
                }
                Err(e) if e.field == "power" => {
                    ui.colored_label(
                        crate::ui::theme::ERROR,
                        "No catalog type matches it, and the library holds no system draw (a power port's maximum_draw \
                         is its supply's rating): give its peak and typical draw above.",
                    );
                }
                Err(e) => {
                    ui.colored_label(crate::ui::theme::ERROR, format!("{}: {}", e.field, e.problem));
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let ok = preview.is_ok();
                if ui
                    .add_enabled(ok, egui::Button::new("Add to the design"))
                    .on_hover_text("Add the type to this design's catalog (one undo step; Return)")
                    .clicked()
                    && let Ok(i) = &preview
                {
                    outcome = Some(ImportTypeOutcome::Add(Box::new(i.ty.clone()), i.notes.clone()));
                }
                if ui.button("Cancel").on_hover_text("Close without adding anything (Esc)").clicked() {
                    outcome = Some(ImportTypeOutcome::Close);
                }
            });
        });
        // Return adds — unless a field has the keyboard (Return there ends typing a number).
        if outcome.is_none()
            && ctx.input(|i| i.key_pressed(egui::Key::Enter))
            && !ctx.text_edit_focused()
            && let Ok(i) = &preview
        {
            outcome = Some(ImportTypeOutcome::Add(Box::new(i.ty.clone()), i.notes.clone()));
        }
        if outcome.is_none() && response.should_close() {
            outcome = Some(ImportTypeOutcome::Close);
        }
        outcome
    }
}
