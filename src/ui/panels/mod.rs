//! Panels around the canvas: menu bar, toolbar, totals bar, palette, and the side panel's tabs.

mod hall;
mod inspector;
mod palette;
mod report;

use egui::{Button, RichText};

use super::actions::Action;
use super::app::{AfterConfirm, DesignerApp};
use super::format::{HeatUnit, LengthUnit, count, power};
use super::theme;
use super::view::{SideTab, Tool};
use crate::analysis::{Failure, Severity};
use crate::model::EquipmentKind;

impl DesignerApp {
    /// A menu entry for an action: label, shortcut, tooltip; runs it when clicked.
    fn action_button(&mut self, ui: &mut egui::Ui, action: Action) {
        let enabled = self.action_enabled(action);
        let button = Button::new(action.label()).shortcut_text(action.shortcut_text(ui.ctx()));
        let tooltip = match (action, self.doc.history.undo_label(), self.doc.history.redo_label()) {
            (Action::Undo, Some(l), _) => format!("{} — {l}", action.tooltip()),
            (Action::Redo, _, Some(l)) => format!("{} — {l}", action.tooltip()),
            _ => action.tooltip().to_owned(),
        };
        if ui.add_enabled(enabled, button).on_hover_text(tooltip).on_disabled_hover_text(action.tooltip()).clicked() {
            let ctx = ui.ctx().clone();
            self.run_action(&ctx, action);
            ui.close();
        }
    }

    fn action_toggle(&mut self, ui: &mut egui::Ui, action: Action, on: bool) {
        let text = format!("{}  ({})", action.label(), action.shortcut_text(ui.ctx()));
        if ui.selectable_label(on, text).on_hover_text(action.tooltip()).clicked() {
            let ctx = ui.ctx().clone();
            self.run_action(&ctx, action);
        }
    }

    fn action_enabled(&self, action: Action) -> bool {
        let selected = !self.view.selection.is_empty();
        match action {
            Action::Undo => self.doc.history.undo_label().is_some(),
            Action::Redo => self.doc.history.redo_label().is_some(),
            Action::Delete
            | Action::Duplicate
            | Action::Copy
            | Action::Rotate
            | Action::NudgeLeft
            | Action::NudgeRight
            | Action::NudgeUp
            | Action::NudgeDown => selected,
            Action::Paste => !self.clipboard.is_empty(),
            _ => true,
        }
    }

    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for a in [Action::New, Action::Open] {
                        self.action_button(ui, a);
                    }
                    ui.menu_button("Open recent", |ui| {
                        if self.view.recent.is_empty() {
                            ui.label("No recent files");
                        }
                        for path in self.view.recent.clone() {
                            if ui.button(path.display().to_string()).on_hover_text("Open this file").clicked() {
                                self.guard(AfterConfirm::Open(Some(path)));
                                ui.close();
                            }
                        }
                    });
                    ui.separator();
                    for a in [Action::Save, Action::SaveAs] {
                        self.action_button(ui, a);
                    }
                    ui.separator();
                    self.action_button(ui, Action::Quit);
                });
                ui.menu_button("Edit", |ui| {
                    for a in [
                        Action::Undo,
                        Action::Redo,
                        Action::Copy,
                        Action::Paste,
                        Action::Duplicate,
                        Action::Delete,
                        Action::Rotate,
                        Action::SelectAll,
                        Action::Escape,
                    ] {
                        self.action_button(ui, a);
                    }
                });
                ui.menu_button("View", |ui| {
                    for a in [Action::ZoomToFit, Action::ZoomIn, Action::ZoomOut] {
                        self.action_button(ui, a);
                    }
                    ui.separator();
                    let o = self.view.overlays;
                    self.action_toggle(ui, Action::OverlayFeeds, o.feeds);
                    self.action_toggle(ui, Action::OverlayFabric, o.fabric);
                    self.action_toggle(ui, Action::OverlayHeat, o.heat);
                    ui.checkbox(&mut self.view.overlays.grid, "Tile grid")
                        .on_hover_text("Show the floor tiles when zoomed in");
                    ui.separator();
                    ui.label("Lengths");
                    ui.radio_value(&mut self.view.units.length, LengthUnit::Metric, "Metric (m, km)")
                        .on_hover_text("Show lengths in metres");
                    ui.radio_value(&mut self.view.units.length, LengthUnit::Imperial, "Imperial (ft, mi)")
                        .on_hover_text("Show lengths in feet");
                    ui.label("Heat");
                    ui.radio_value(&mut self.view.units.heat, HeatUnit::Kw, "kW").on_hover_text("Show heat in kW");
                    ui.radio_value(&mut self.view.units.heat, HeatUnit::BtuPerHr, "BTU/h")
                        .on_hover_text("Show heat in BTU per hour");
                    ui.radio_value(&mut self.view.units.heat, HeatUnit::Tons, "Tons")
                        .on_hover_text("Show heat in tons of refrigeration");
                    ui.separator();
                    self.action_toggle(ui, Action::ToggleTheme, self.view.dark);
                });
                ui.menu_button("Tools", |ui| {
                    self.action_toggle(ui, Action::ToolSelect, self.view.tool == Tool::Select);
                    self.action_toggle(ui, Action::ToolArray, self.view.tool == Tool::Array);
                    ui.separator();
                    self.action_button(ui, Action::GenerateHall);
                });
                ui.menu_button("Help", |ui| {
                    self.action_button(ui, Action::ShowShortcuts);
                });
            });
        });
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.horizontal(|ui| {
                self.action_toggle(ui, Action::ToolSelect, self.view.tool == Tool::Select);
                self.action_toggle(ui, Action::ToolArray, self.view.tool == Tool::Array);
                if self.view.tool == Tool::Array {
                    let racks: Vec<(crate::model::TypeId, String)> = self
                        .doc
                        .layout
                        .catalog
                        .of_kind(EquipmentKind::GpuRack)
                        .map(|t| (t.id.clone(), t.name.clone()))
                        .collect();
                    let current = racks
                        .iter()
                        .find(|(id, _)| *id == self.view.array_type)
                        .map_or("?", |(_, n)| n.as_str())
                        .to_owned();
                    egui::ComboBox::from_id_salt("array-type")
                        .selected_text(current)
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for (id, name) in racks {
                                ui.selectable_value(&mut self.view.array_type, id, name);
                            }
                        })
                        .response
                        .on_hover_text("GPU rack type the array tool places");
                }
                if let Tool::Place(ty) = &self.view.tool {
                    let name = self.doc.layout.catalog.get(ty).map_or("?", |t| t.name.as_str());
                    ui.label(
                        RichText::new(format!("Placing {name} — click the floor; Esc to stop")).color(theme::SELECTION),
                    );
                }
                ui.separator();
                let o = self.view.overlays;
                self.action_toggle(ui, Action::OverlayFeeds, o.feeds);
                self.action_toggle(ui, Action::OverlayFabric, o.fabric);
                self.action_toggle(ui, Action::OverlayHeat, o.heat);
                ui.separator();
                self.what_if_ui(ui);
                ui.separator();
                if ui.button(Action::ZoomToFit.label()).on_hover_text(Action::ZoomToFit.tooltip()).clicked() {
                    self.view.fit_pending = true;
                }
                if ui.button(Action::GenerateHall.label()).on_hover_text(Action::GenerateHall.tooltip()).clicked() {
                    let ctx = ui.ctx().clone();
                    self.run_action(&ctx, Action::GenerateHall);
                }
            });
        });
    }

    fn what_if_ui(&mut self, ui: &mut egui::Ui) {
        let selected_pdu = self.single_selected_of(&[EquipmentKind::Pdu]);
        let selected_cooling = self.single_selected_of(&[EquipmentKind::Cooling]);
        let label = match &self.view.failure {
            Failure::None => "What-if: none".to_owned(),
            f => format!("What-if: {}", f.label()),
        };
        egui::ComboBox::from_id_salt("what-if")
            .selected_text(label)
            .width(200.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.view.failure, Failure::None, "Normal operation");
                ui.selectable_value(&mut self.view.failure, Failure::FeedA, "Lose every A feed");
                ui.selectable_value(&mut self.view.failure, Failure::FeedB, "Lose every B feed");
                if let Some(id) = selected_pdu {
                    ui.selectable_value(
                        &mut self.view.failure,
                        Failure::Pdu(id),
                        format!("Lose the selected PDU {id}"),
                    );
                }
                if let Some(id) = selected_cooling {
                    ui.selectable_value(
                        &mut self.view.failure,
                        Failure::CoolingUnit(id),
                        format!("Lose the selected cooling unit {id}"),
                    );
                }
            })
            .response
            .on_hover_text(
                "Recompute every PDU and cooling unit's load under a failure; select a PDU or CDU to fail just it",
            );
    }

    /// The one selected item's id when it is of one of `kinds`.
    pub(super) fn single_selected_of(&self, kinds: &[EquipmentKind]) -> Option<crate::model::ItemId> {
        if self.view.selection.len() != 1 {
            return None;
        }
        let id = *self.view.selection.iter().next()?;
        let layout = &self.doc.layout;
        let item = &layout.items[layout.index_of(id)?];
        layout.type_of(item).is_some_and(|t| kinds.contains(&t.kind)).then_some(id)
    }

    pub(super) fn totals_bar_ui(&mut self, ui: &mut egui::Ui) {
        let units = self.view.units;
        egui::Panel::bottom("totals").show(ui, |ui| {
            ui.horizontal(|ui| {
                let r = &self.cache.report;
                let stat = |ui: &mut egui::Ui, label: &str, value: String, tip: &str| {
                    ui.label(RichText::new(label).weak()).on_hover_text(tip);
                    ui.label(RichText::new(value).strong()).on_hover_text(tip);
                    ui.separator();
                };
                stat(ui, "GPUs", count(r.gpus.total), "GPUs in the hall");
                stat(
                    ui,
                    "BF16",
                    format!("{} PFLOPS", crate::cli::group_float(r.compute.bf16_pflops, 0)),
                    "Dense BF16 compute",
                );
                stat(ui, "IT", power(r.power.it_kw), "IT power, typical");
                stat(ui, "Facility", power(r.power.facility_kw), "Facility power = IT × PUE");
                stat(ui, "Cooling", units.heat(r.cooling.total_kw), "Heat to remove (liquid + air)");
                stat(
                    ui,
                    "Cables",
                    units.long_length(r.cables.total_length_m),
                    "Total stock length of the fabric's cables",
                );
                let errors = r.error_count();
                let warnings = r.warnings.len() - errors;
                let text = RichText::new(format!("{errors} errors, {warnings} warnings")).color(if errors > 0 {
                    theme::ERROR
                } else if warnings > 0 {
                    theme::WARNING
                } else {
                    theme::OK
                });
                if ui.add(Button::new(text).frame(false)).on_hover_text("Show the warnings list").clicked() {
                    self.view.tab = SideTab::Warnings;
                }
                if self.view.failure != Failure::None {
                    ui.separator();
                    ui.label(RichText::new(format!("What-if: {}", self.view.failure.label())).color(theme::WARNING));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(&self.status).weak());
                });
            });
        });
    }

    pub(super) fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::right("side").default_size(360.0).resizable(true).show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, label, tip) in [
                    (SideTab::Inspector, "Inspector", "The selected items"),
                    (SideTab::Report, "Report", "Every number of the live model"),
                    (SideTab::Warnings, "Warnings", "Problems in the layout; click one to select its items"),
                    (SideTab::Hall, "Hall", "Hall size, grid, trays and engineering settings"),
                ] {
                    ui.selectable_value(&mut self.view.tab, tab, label).on_hover_text(tip);
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match self.view.tab {
                SideTab::Inspector => self.inspector_ui(ui),
                SideTab::Report => self.report_ui(ui),
                SideTab::Warnings => self.warnings_ui(ui),
                SideTab::Hall => self.hall_ui(ui),
            });
        });
    }

    fn warnings_ui(&mut self, ui: &mut egui::Ui) {
        let warnings = self.cache.report.warnings.clone();
        if warnings.is_empty() {
            ui.label(RichText::new("No warnings: the layout is clean.").color(theme::OK));
            return;
        }
        for (n, w) in warnings.iter().enumerate() {
            let color = if w.severity == Severity::Error { theme::ERROR } else { theme::WARNING };
            let text = RichText::new(format!(
                "{} [{}] {}",
                if w.severity == Severity::Error { "ERROR" } else { "warning" },
                w.code,
                w.message
            ))
            .color(color);
            let tip = if w.items.is_empty() {
                "Applies to the whole hall".to_owned()
            } else {
                format!("Select and show its {} item(s)", w.items.len())
            };
            if ui.add(egui::Label::new(text).sense(egui::Sense::click()).wrap()).on_hover_text(tip).clicked()
                && !w.items.is_empty()
            {
                self.select_and_centre(&w.items);
                self.status = format!("Warning {}: {} item(s) selected", n + 1, w.items.len());
            }
            ui.add_space(4.0);
        }
    }
}
