//! Panels around the canvas: menu bar, toolbar, totals bar, palette, and the side panel's tabs. Each is a
//! function over a read-only [`PanelCtx`] that pushes [`Command`]s for what the user asked.

mod compare;
mod hall;
mod inspector;
mod palette;
mod phases;
mod power_chain;
mod present;
mod report;
mod site;
mod timeline;

pub use palette::type_tooltip;

use egui::{Button, RichText};

use super::actions::Action;
use super::cache::Cache;
use super::command::{Command, PrefChange};
pub use present::{kpi_tiles_ui, present_controls_ui};

use super::app::Presentation;
use super::compare::Comparison;
use super::document::Document;
use super::theme;
use super::view::{Prefs, Session, SideTab, Tool};
use crate::analysis::{Failure, Severity};
use crate::format::{HeatUnit, LengthUnit, counted, group_float, power};
use crate::model::{EquipmentKind, ItemId, ObstacleKind};

/// What the panels read: the document, the report, preferences and session. Never written.
pub struct PanelCtx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The report and per-item facts.
    pub cache: &'a Cache,
    /// The phases' figures and each item's phase.
    pub phases: &'a crate::ui::cache::PhasesCache,
    /// Preferences.
    pub prefs: &'a Prefs,
    /// Session state.
    pub session: &'a Session,
    /// Presentation mode and B.
    pub present: &'a Presentation,
    /// The designer holds copied items.
    pub can_paste: bool,
    /// A job that puts another hall in the document's place is running: the fields that edit the hall on screen
    /// (the Inspector, the Hall tab) are read-only until it is done.
    pub hall_locked: bool,
}

impl<'a> PanelCtx<'a> {
    /// B, the layout compared with, when one is open.
    pub fn compare(&self) -> Option<&'a Comparison> {
        self.present.b.as_ref()
    }

    fn enabled(&self, action: Action) -> bool {
        let selected = !self.session.selection.is_empty();
        match action {
            Action::Undo => self.doc.history().undo_label().is_some() || self.doc.in_gesture(),
            Action::Redo => self.doc.history().redo_label().is_some(),
            Action::Delete => selected || self.session.obstacle.is_some(),
            a if a.edits_selection() || a == Action::Copy => selected,
            Action::Paste => self.can_paste,
            Action::FlipCompare | Action::CloseCompare => self.present.b.is_some(),
            _ => true,
        }
    }

    fn tooltip(&self, action: Action) -> String {
        let h = self.doc.history();
        match (action, h.undo_label(), h.redo_label()) {
            (Action::Undo, Some(l), _) => format!("{} — {l}", action.tooltip()),
            (Action::Redo, _, Some(l)) => format!("{} — {l}", action.tooltip()),
            _ => action.tooltip().to_owned(),
        }
    }

    /// The one selected item's id when it is of one of `kinds`.
    fn single_selected_of(&self, kinds: &[EquipmentKind]) -> Option<ItemId> {
        if self.session.selection.len() != 1 {
            return None;
        }
        let id = *self.session.selection.iter().next()?;
        let layout = self.doc.layout();
        let item = &layout.items[layout.index_of(id)?];
        layout.type_of(item).is_some_and(|t| kinds.contains(&t.kind)).then_some(id)
    }
}

/// A menu entry for an action: label, shortcut, tooltip.
fn action_button(ui: &mut egui::Ui, pc: &PanelCtx<'_>, action: Action, out: &mut Vec<Command>) {
    // Undo and redo name the step they would take.
    let h = pc.doc.history();
    let label = match (action, h.undo_label(), h.redo_label()) {
        (Action::Undo, Some(l), _) | (Action::Redo, _, Some(l)) => format!("{} {l}", action.label()),
        _ => action.label().to_owned(),
    };
    let button = Button::new(label).shortcut_text(action.shortcut_text(ui.ctx()));
    if ui
        .add_enabled(pc.enabled(action), button)
        .on_hover_text(pc.tooltip(action))
        .on_disabled_hover_text(action.tooltip())
        .clicked()
    {
        out.push(Command::Action(action));
        ui.close();
    }
}

/// A toggle for an action that switches something on or off.
fn action_toggle(ui: &mut egui::Ui, action: Action, on: bool, out: &mut Vec<Command>) {
    let text = format!("{}  ({})", action.label(), action.shortcut_text(ui.ctx()));
    if ui.selectable_label(on, text).on_hover_text(action.tooltip()).clicked() {
        out.push(Command::Action(action));
    }
}

/// The menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    egui::Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for a in [Action::New, Action::Open] {
                    action_button(ui, pc, a, out);
                }
                ui.menu_button("Open recent", |ui| {
                    if pc.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &pc.prefs.recent {
                        if ui.button(path.display().to_string()).on_hover_text("Open this file").clicked() {
                            out.push(Command::Open(path.clone()));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                for a in [Action::Save, Action::SaveAs] {
                    action_button(ui, pc, a, out);
                }
                ui.separator();
                for a in [Action::Export, Action::ExportBom, Action::ImportDeviceType] {
                    action_button(ui, pc, a, out);
                }
                ui.separator();
                for a in [Action::CompareWith, Action::CloseCompare] {
                    action_button(ui, pc, a, out);
                }
                ui.separator();
                action_button(ui, pc, Action::Quit, out);
            });
            ui.menu_button("Edit", |ui| {
                for a in [
                    Action::Undo,
                    Action::Redo,
                    Action::Cut,
                    Action::Copy,
                    Action::Paste,
                    Action::Duplicate,
                    Action::Delete,
                    Action::Rotate,
                    Action::SelectAll,
                    Action::Escape,
                ] {
                    action_button(ui, pc, a, out);
                }
                ui.separator();
                for a in [Action::AssignFeeds, Action::AssignCooling] {
                    action_button(ui, pc, a, out);
                }
            });
            ui.menu_button("View", |ui| {
                for a in [Action::ZoomToFit, Action::ZoomIn, Action::ZoomOut] {
                    action_button(ui, pc, a, out);
                }
                ui.separator();
                let o = pc.prefs.overlays;
                action_toggle(ui, Action::OverlayFeeds, o.feeds, out);
                action_toggle(ui, Action::OverlayFabric, o.fabric, out);
                action_toggle(ui, Action::OverlayHeat, o.heat, out);
                action_toggle(ui, Action::OverlayFloor, o.floor, out);
                action_toggle(ui, Action::ToggleLegend, pc.prefs.legend, out);
                if pc.compare().is_some() {
                    action_toggle(ui, Action::FlipCompare, pc.compare().is_some_and(|c| c.showing_b), out);
                }
                action_toggle(ui, Action::Present, pc.present.presenting, out);
                ui.separator();
                action_button(ui, pc, Action::PreviousPhase, out);
                action_button(ui, pc, Action::NextPhase, out);
                action_toggle(ui, Action::PlayPhases, pc.session.playing.is_some(), out);
                let mut grid = pc.prefs.overlays.grid;
                if ui.checkbox(&mut grid, "Tile grid").on_hover_text("Show the floor tiles when zoomed in").changed() {
                    out.push(Command::SetPref(PrefChange::Grid(grid)));
                }
                ui.separator();
                let mut units = pc.prefs.units;
                ui.label("Lengths, flows");
                ui.radio_value(&mut units.length, LengthUnit::Metric, "Metric (m, km, L/min, m³/h)")
                    .on_hover_text("Show lengths in metres, flows in litres and cubic metres");
                ui.radio_value(&mut units.length, LengthUnit::Imperial, "Imperial (ft, mi, gpm, CFM)")
                    .on_hover_text("Show lengths in feet, flows in US gallons and cubic feet");
                ui.label("Heat");
                ui.radio_value(&mut units.heat, HeatUnit::Kw, "kW").on_hover_text("Show heat in kW");
                ui.radio_value(&mut units.heat, HeatUnit::BtuPerHr, "BTU/h").on_hover_text("Show heat in BTU per hour");
                ui.radio_value(&mut units.heat, HeatUnit::Tons, "Tons")
                    .on_hover_text("Show heat in tons of refrigeration");
                if units != pc.prefs.units {
                    out.push(Command::SetPref(PrefChange::Units(units)));
                }
                ui.separator();
                action_toggle(ui, Action::ToggleTheme, pc.prefs.dark, out);
            });
            ui.menu_button("Tools", |ui| {
                action_toggle(ui, Action::ToolSelect, pc.session.tool == Tool::Select, out);
                action_toggle(ui, Action::ToolArray, pc.session.tool == Tool::Array, out);
                action_toggle(ui, Action::ToolObstacle, matches!(pc.session.tool, Tool::Obstacle(_)), out);
                ui.separator();
                action_button(ui, pc, Action::GenerateHall, out);
                action_button(ui, pc, Action::ExpandHall, out);
            });
            ui.menu_button("Help", |ui| {
                action_button(ui, pc, Action::ShowShortcuts, out);
                action_button(ui, pc, Action::GettingStarted, out);
            });
        });
    });
}

/// The toolbar: tools, overlays, what-if, fit, generate; the current tool's options at the end, so nothing
/// before them moves when the tool changes.
pub fn toolbar_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal(|ui| {
            action_toggle(ui, Action::ToolSelect, pc.session.tool == Tool::Select, out);
            action_toggle(ui, Action::ToolArray, pc.session.tool == Tool::Array, out);
            action_toggle(ui, Action::ToolObstacle, matches!(pc.session.tool, Tool::Obstacle(_)), out);
            ui.separator();
            let o = pc.prefs.overlays;
            action_toggle(ui, Action::OverlayFeeds, o.feeds, out);
            action_toggle(ui, Action::OverlayFabric, o.fabric, out);
            action_toggle(ui, Action::OverlayHeat, o.heat, out);
            action_toggle(ui, Action::OverlayFloor, o.floor, out);
            ui.separator();
            what_if_ui(ui, pc, out);
            ui.separator();
            for a in [Action::ZoomToFit, Action::GenerateHall] {
                if ui.button(a.label()).on_hover_text(a.tooltip()).clicked() {
                    out.push(Command::Action(a));
                }
            }
            ui.separator();
            tool_options_ui(ui, pc, out);
        });
    });
}

fn tool_options_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    match &pc.session.tool {
        Tool::Array => {
            let mut array_type = pc.prefs.array_type.clone();
            let current = layout.catalog.get(&array_type).map_or("?", |t| t.name.as_str()).to_owned();
            egui::ComboBox::from_id_salt("array-type")
                .selected_text(current)
                .width(240.0)
                .show_ui(ui, |ui| {
                    for t in layout.catalog.of_kind(EquipmentKind::GpuRack) {
                        ui.selectable_value(&mut array_type, t.id.clone(), &t.name);
                    }
                })
                .response
                .on_hover_text("GPU rack type the array tool places");
            if array_type != pc.prefs.array_type {
                out.push(Command::SetPref(PrefChange::ArrayType(array_type)));
            }
            ui.label(RichText::new("Drag a rectangle on the floor").weak());
        }
        Tool::Obstacle(kind) => {
            for (k, label, tip) in [
                (ObstacleKind::Column, "Column", "Building columns"),
                (ObstacleKind::Wall, "Wall", "Wall segments"),
                (ObstacleKind::NoGo, "No-go zone", "Areas kept free: egress, ramps, door swings"),
            ] {
                if ui.selectable_label(*kind == k, label).on_hover_text(tip).clicked() {
                    out.push(Command::SetTool(Tool::Obstacle(k)));
                }
            }
        }
        Tool::Place(ty) => {
            let name = layout.catalog.get(ty).map_or("?", |t| t.name.as_str());
            ui.label(
                RichText::new(format!("Placing {name} — click the floor; Esc to stop"))
                    .color(theme::selection(pc.prefs.dark)),
            );
        }
        Tool::Select => {}
    }
}

fn what_if_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let selected_pdu = pc.single_selected_of(&[EquipmentKind::Pdu]);
    let selected_cooling = pc.single_selected_of(&[EquipmentKind::Cooling]);
    let label = match &pc.session.failure {
        Failure::None => "What-if: normal operation".to_owned(),
        f => format!("What-if: {}", f.label()),
    };
    let mut failure = pc.session.failure.clone();
    egui::ComboBox::from_id_salt("what-if")
        .selected_text(label)
        .width(210.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut failure, Failure::None, "Normal operation");
            ui.selectable_value(&mut failure, Failure::FeedA, "Lose every A-side PDU");
            ui.selectable_value(&mut failure, Failure::FeedB, "Lose every B-side PDU");
            if let Some(id) = selected_pdu {
                ui.selectable_value(&mut failure, Failure::Pdu(id), format!("Lose the selected PDU {id}"));
            }
            if let Some(id) = selected_cooling {
                ui.selectable_value(
                    &mut failure,
                    Failure::CoolingUnit(id),
                    format!("Lose the selected cooling unit {id}"),
                );
            }
            // Upstream: the utility, or any one UPS system (its PDUs with it).
            if let Some(site) = &pc.doc.layout().site {
                ui.separator();
                ui.selectable_value(&mut failure, Failure::Utility, "Utility outage");
                for s in &site.ups {
                    ui.selectable_value(&mut failure, Failure::UpsSystem(s.id), format!("Lose {}", s.name));
                }
                for bank in crate::analysis::PlantBank::all(site) {
                    ui.selectable_value(
                        &mut failure,
                        Failure::PlantUnit(bank),
                        format!("Lose one {}", bank.unit_words()),
                    );
                }
            }
        })
        .response
        .on_hover_text(
            "Recompute every PDU and cooling unit's load under a failure; select a PDU or CDU to fail just it; with \
             the site modelled, lose the utility, a UPS system or one unit of a bank of plant (a transformer, \
             genset, battery unit, chiller)",
        );
    if failure != pc.session.failure {
        out.push(Command::SetFailure(failure));
    }
}

/// The totals bar's power figures: IT, facility at the design basis, and — with the site modelled — the grid
/// against it, the computed PUE and water; each says its basis.
fn site_stats_ui(
    ui: &mut egui::Ui,
    r: &crate::analysis::Report,
    units: crate::format::Units,
    stat: &dyn Fn(&mut egui::Ui, &str, String, &str),
) {
    let site = &r.site;
    stat(
        ui,
        "IT",
        power(r.power.it_kw),
        &format!("IT power, typical (energy basis); {} at peak (design basis)", power(r.power.it_peak_kw)),
    );
    let basis = if site.modelled {
        "peak IT through the power chain and the plant"
    } else {
        "an estimate, peak IT × the hall's PUE: the site is not modelled"
    };
    stat(
        ui,
        "Facility",
        power(site.facility_design_kw),
        &format!(
            "Facility power at the design basis ({basis}), what the grid and plant are sized on; {} typical (energy \
             basis)",
            power(site.facility_typical_kw)
        ),
    );
    if !site.modelled {
        return;
    }
    let short = site.headroom_kw < 0.0;
    ui.label(RichText::new("Grid").weak());
    let grid = RichText::new(power(site.grid_kw)).strong();
    let grid = if short { grid.color(theme::WARNING) } else { grid };
    ui.label(grid).on_hover_text(format!(
        "Firm grid against the facility design load: {} {}; {}",
        if short { "shortfall" } else { "headroom" },
        power(site.headroom_kw.abs()),
        site.shortfall_covered_by
    ));
    ui.separator();
    stat(
        ui,
        "PUE",
        format!("{:.2}", site.pue_design),
        &format!(
            "Computed from the power chain and the plant: {:.3} at the design basis, {:.3} annual (energy basis)",
            site.pue_design, site.pue_annual
        ),
    );
    stat(
        ui,
        "Water",
        units.water_per_day(site.water_l_per_day),
        &format!("Water the evaporative plant uses (energy basis); WUE {:.2} L/kWh", site.wue_l_per_kwh),
    );
}

/// The totals bar along the bottom.
pub fn totals_bar_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let units = pc.prefs.units;
    egui::Panel::bottom("totals").show(ui, |ui| {
        ui.horizontal(|ui| {
            // The totals of the hall on the canvas: the compared layout's while it is shown.
            let showing_b = pc.compare().filter(|c| c.showing_b);
            let r = showing_b.map_or(pc.cache.report(), |c| c.cache.report());
            // A phase shown: that day's figures (the hall as it stands then).
            if showing_b.is_none()
                && let Some(k) = pc.session.phase
                && phases::phase_totals_ui(ui, pc, k, out)
            {
                return;
            }
            if showing_b.is_some() {
                ui.label(RichText::new("B").strong().color(theme::selection(pc.prefs.dark)))
                    .on_hover_text("These are the totals of the layout compared with (read-only); press B for A");
                ui.separator();
            }
            let stat = |ui: &mut egui::Ui, label: &str, value: String, tip: &str| {
                ui.label(RichText::new(label).weak()).on_hover_text(tip);
                ui.label(RichText::new(value).strong()).on_hover_text(tip);
                ui.separator();
            };
            stat(ui, "GPUs", crate::format::count(r.gpus.total), "GPUs in the hall");
            stat(ui, "BF16", format!("{} PFLOPS", group_float(r.compute.bf16_pflops, 0)), "Dense BF16 compute");
            stat(
                ui,
                "HBM",
                format!("{} TB", group_float(r.memory.hbm_tb, 1)),
                "GPU memory in the hall (1 TB = 1,000 GB); bandwidth and models in the Report tab",
            );
            site_stats_ui(ui, r, units, &stat);
            stat(
                ui,
                "Cooling",
                units.heat(r.cooling.total_kw),
                &format!("Heat to remove at typical draw (liquid + air); {} at peak", units.heat(r.cooling.peak_kw)),
            );
            stat(ui, "Cables", units.long_length(r.cables.total_length_m), "Total stock length of the fabric's cables");
            stat(
                ui,
                "Capex",
                crate::format::usd(r.cost.capex_usd),
                &format!(
                    "Capital cost at list prices (the bill of materials' total): {}; energy, per GPU and the BOM in \
                     the Report tab",
                    r.cost.includes
                ),
            );
            let errors = r.error_count() as u64;
            let warnings = r.warnings.len() as u64 - errors;
            let text = RichText::new(format!(
                "{}, {}",
                counted(errors, "error", "errors"),
                counted(warnings, "warning", "warnings")
            ))
            .color(if errors > 0 {
                theme::ERROR
            } else if warnings > 0 {
                theme::WARNING
            } else {
                theme::OK
            });
            if ui.add(Button::new(text).frame(false)).on_hover_text("Show the warnings list").clicked() {
                out.push(Command::SetPref(PrefChange::Tab(SideTab::Warnings)));
            }
            if pc.session.failure != Failure::None {
                ui.separator();
                ui.label(RichText::new(format!("What-if: {}", pc.session.failure.label())).color(theme::WARNING));
            }
            // The status takes the room left and is cut short (whole on hover) rather than drawn over the totals.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(RichText::new(&pc.session.status).weak()).truncate())
                    .on_hover_text(&pc.session.status);
            });
        });
    });
}

/// The side panel with its tabs.
pub fn side_panel_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let mut panel = egui::Panel::right("side").default_size(430.0).resizable(true);
    // The Power tab's single-line diagram needs room: the panel widens for it (up to half the window).
    if pc.prefs.tab == SideTab::Power {
        panel = panel.min_size((ui.ctx().content_rect().width() * 0.5).min(640.0));
    }
    panel.show(ui, |ui| {
        let mut tab_chosen = pc.prefs.tab;
        // The tabs wrap rather than widen the panel.
        ui.horizontal_wrapped(|ui| {
            for (tab, label, tip) in [
                (SideTab::Inspector, "Inspector", "The selected items"),
                (SideTab::Report, "Report", "Every number of the live model"),
                (SideTab::Warnings, "Warnings", "Problems in the layout; click one to select its items"),
                (SideTab::Hall, "Hall", "Hall size, grid, trays and engineering settings"),
                (SideTab::Compare, "Compare", "This hall's figures beside another layout's (File › Compare with…)"),
                (SideTab::Power, "Power", "The site's power chain from the grid to the PDUs; click a stage to edit it"),
                (
                    SideTab::Phases,
                    "Phases",
                    "The build over time: the timeline, the phase shown on the floor, the phase list",
                ),
            ] {
                ui.selectable_value(&mut tab_chosen, tab, label).on_hover_text(tip);
            }
        });
        if tab_chosen != pc.prefs.tab {
            out.push(Command::SetPref(PrefChange::Tab(tab_chosen)));
        }
        ui.separator();
        // Both ways: content wider than the panel scrolls rather than widening the panel, so the panel keeps the
        // width the user gave it whatever is selected.
        egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
            // Room for the scroll bar, so it never covers the last digits of a number.
            egui::Frame::new().inner_margin(egui::Margin { right: 14, ..Default::default() }).show(ui, |ui| {
                match pc.prefs.tab {
                    SideTab::Inspector => locked_while_replaced(ui, pc, |ui| inspector::inspector_ui(ui, pc, out)),
                    SideTab::Report => report::report_ui(ui, pc),
                    SideTab::Warnings => warnings_ui(ui, pc, out),
                    SideTab::Hall => locked_while_replaced(ui, pc, |ui| hall::hall_ui(ui, pc, out)),
                    SideTab::Compare => compare::compare_ui(ui, pc, out),
                    SideTab::Power => {
                        locked_while_replaced(ui, pc, |ui| power_chain::power_chain_ui(ui, pc, out));
                    }
                    SideTab::Phases => locked_while_replaced(ui, pc, |ui| phases::phases_ui(ui, pc, out)),
                }
            });
        });
    });
}

/// Fields that edit the hall on screen, read-only (with a word why) while another hall is being taken in: an
/// edit made of this hall's values would land on the next one.
fn locked_while_replaced(ui: &mut egui::Ui, pc: &PanelCtx<'_>, add: impl FnOnce(&mut egui::Ui)) {
    if pc.hall_locked {
        ui.label(
            RichText::new("Another hall is being taken in: these fields are read-only until it is done (Esc cancels).")
                .color(theme::WARNING),
        );
    }
    ui.add_enabled_ui(!pc.hall_locked, add);
}

/// The palette on the left.
pub fn palette_panel_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    palette::palette_panel_ui(ui, pc, out);
}

fn warnings_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let warnings = &pc.cache.report().warnings;
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
            format!("Select and show its {}", counted(w.items.len() as u64, "item", "items"))
        };
        if ui.add(egui::Label::new(text).sense(egui::Sense::click()).wrap()).on_hover_text(tip).clicked()
            && !w.items.is_empty()
        {
            out.push(Command::SelectAndShow(w.items.clone()));
            out.push(Command::Status(format!(
                "Warning {}: {} selected",
                n + 1,
                counted(w.items.len() as u64, "item", "items")
            )));
        }
        ui.add_space(4.0);
    }
}
