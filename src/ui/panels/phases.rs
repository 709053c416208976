//! The Phases tab: the build over time. The timeline chart (click a phase to show the hall as it stands then), the
//! phase shown with previous / next / play, the phases' warnings, and the phase list — add, rename, date, the
//! supply from then on, assign the selection (or its scalable units), remove; phase the hall by scalable unit at
//! its install pace. Every change is one undoable edit of the layout's phases.

use std::hash::{Hash, Hasher};

use egui::RichText;

use super::PanelCtx;
use super::timeline::{legend_words, standing_words, timeline_chart_ui};
use crate::analysis::Severity;
use crate::analysis::phases::{PhaseReport, SupplyState};
use crate::format::{count, group_float, usd};
use crate::model::ItemId;
use crate::model::edit::Edit;
use crate::model::layout::MAX_PHASES;
use crate::model::limits;
use crate::model::phase::{Phase, is_date, su_of};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::theme;

/// Days a new phase starts after the last one.
const NEW_PHASE_AFTER_DAYS: u32 = 30;

fn merge_key(field: &str, phase: usize, gesture: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("phase", field, phase, gesture).hash(&mut h);
    h.finish()
}

/// The edit replacing the phases, as a command (merged with the last when `key` is given: typing in a field).
fn set_phases(label: impl Into<String>, phases: Vec<Phase>, key: Option<u64>) -> Command {
    let (label, edit) = (label.into(), Edit::SetPhases(phases));
    match key {
        Some(key) => Command::EditMerged { label, edit, key },
        None => Command::Edit { label, edit },
    }
}

/// The tab.
pub fn phases_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let dark = pc.prefs.dark;
    ui.label(
        RichText::new(
            "The build over time: what comes online in each phase and the supply it has. Equipment no phase names \
             is there from the start; what serves only phased racks (their PDUs, CDUs) comes with them.",
        )
        .color(theme::secondary_ink(dark)),
    );
    if !pc.phases.is_for(pc.doc) {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Analysing each phase…");
        });
    }
    let report = &pc.phases.report;
    if layout.phases.is_empty() {
        ui.label("No phases: the whole hall is online from the start, on the site's supply.");
    } else {
        ui.add_space(4.0);
        if let Some(k) = timeline_chart_ui(ui, report, pc.session.phase, 190.0, dark)
            && pc.session.phase != Some(k)
        {
            out.push(Command::ShowPhase(Some(k)));
        }
        ui.label(RichText::new("What the chart shows (hover)").small().color(theme::secondary_ink(dark)))
            .on_hover_text(legend_words());
        show_ui(ui, pc, out);
        warnings_ui(ui, pc, out);
    }
    ui.separator();
    list_ui(ui, pc, out);
    ui.separator();
    add_ui(ui, pc, out);
}

/// Which phase the floor and totals show, with previous / next / play.
fn show_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let n = pc.doc.layout().phases.len();
    ui.horizontal(|ui| {
        for action in [Action::PreviousPhase, Action::NextPhase] {
            let label = if action == Action::PreviousPhase { "Previous" } else { "Next" };
            if ui
                .button(label)
                .on_hover_text(format!("{} ({})", action.tooltip(), action.shortcut_text(ui.ctx())))
                .clicked()
            {
                out.push(Command::Action(action));
            }
        }
        let play = if pc.session.playing.is_some() { "Pause" } else { "Play" };
        if ui
            .button(play)
            .on_hover_text(format!("{} ({})", Action::PlayPhases.tooltip(), Action::PlayPhases.shortcut_text(ui.ctx())))
            .clicked()
        {
            out.push(Command::Action(Action::PlayPhases));
        }
        // The slider: 1…n the phases, n+1 the whole hall.
        let mut at = pc.session.phase.map_or(n + 1, |k| k + 1);
        let slid = ui
            .add(
                egui::Slider::new(&mut at, 1..=n + 1)
                    .custom_formatter(move |v, _| {
                        if v as usize > n { "whole hall".into() } else { format!("phase {}", v as usize) }
                    })
                    .show_value(true),
            )
            .on_hover_text(
                "Show the hall as it stands at a phase: later equipment drawn as outlines, the totals that day's",
            );
        if slid.changed() {
            out.push(Command::ShowPhase((at <= n).then(|| at - 1)));
        }
    });
    if let Some(p) = pc.session.phase.and_then(|k| pc.phases.report.phases.get(k)) {
        ui.label(RichText::new(figures_line(p)).strong());
    }
}

/// A phase's figures in a line.
fn figures_line(p: &PhaseReport) -> String {
    let when = crate::model::phase::when(p.day, p.date.as_deref());
    let mut s = format!(
        "{when}: {} GPUs · needed {} MW (design) · available {} MW · capex to date {}",
        count(p.gpus_online),
        group_float(p.facility_design_kw / 1000.0, 1),
        group_float(p.supply_total_kw / 1000.0, 1),
        usd(p.capex_to_date_usd)
    );
    s.push_str(" · ");
    s.push_str(&standing_words(p));
    s
}

/// The colour of where a phase stands.
fn standing_colour(p: &PhaseReport) -> egui::Color32 {
    match p.state() {
        SupplyState::Spare(_) => theme::OK,
        SupplyState::OnBatteries(..) => theme::WARNING,
        SupplyState::Short(_) => theme::ERROR,
    }
}

/// The phases' warnings; a click selects the items named.
fn warnings_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    for w in &pc.phases.report.warnings {
        let colour = if w.severity == Severity::Error { theme::ERROR } else { theme::WARNING };
        let text = RichText::new(format!("[{}] {}", w.code, w.message)).color(colour);
        let r = ui.add(egui::Label::new(text).sense(egui::Sense::click()).wrap());
        if !w.items.is_empty() && r.on_hover_text("Select and show its items").clicked() {
            out.push(Command::SelectAndShow(w.items.clone()));
        }
    }
}

/// Each phase: its figures, and (opened) its fields.
fn list_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let phases = &layout.phases;
    let dark = pc.prefs.dark;
    for (k, p) in phases.iter().enumerate() {
        let figures = pc.phases.report.phases.get(k).filter(|_| pc.phases.is_for(pc.doc));
        let short = figures.is_some_and(|f| matches!(f.state(), SupplyState::Short(_)));
        let mut title = RichText::new(format!("{}. {}", k + 1, p.name));
        if pc.session.phase == Some(k) {
            title = title.color(theme::selection(dark)).strong();
        } else if short {
            title = title.color(theme::ERROR);
        }
        let id = ui.make_persistent_id(("phase-row", k));
        let mut clicked = false;
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false)
            .show_header(ui, |ui| {
                clicked = ui
                    .selectable_label(pc.session.phase == Some(k), title)
                    .on_hover_text("Show the hall as it stands in this phase, and its fields")
                    .clicked();
                if let Some(f) = figures {
                    ui.label(RichText::new(figures_line(f)).small().color(theme::secondary_ink(dark)));
                }
            })
            .body(|ui| phase_fields_ui(ui, pc, k, out));
        if clicked {
            out.push(Command::ShowPhase(Some(k)));
            // Its fields open too (the view's own state: no edit).
            let mut state = egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false);
            state.set_open(true);
            state.store(ui.ctx());
        }
    }
}

/// One phase's fields.
fn phase_fields_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, k: usize, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let mut phases = layout.phases.clone();
    let key = |field: &str| Some(merge_key(field, k, pc.session.gesture_seq));
    let before = phases[k].clone();
    egui::Grid::new(("phase-fields", k)).num_columns(2).spacing([10.0, 4.0]).show(ui, |ui| {
        let p = &mut phases[k];
        ui.label("Name");
        ui.text_edit_singleline(&mut p.name).on_hover_text("What to call the phase");
        ui.end_row();
        ui.label("Day");
        // A phase stays between the ones before and after it.
        let lo = k.checked_sub(1).map_or(0, |j| layout.phases[j].day);
        let hi = layout.phases.get(k + 1).map_or(limits::PHASE_DAY_MAX, |n| n.day);
        ui.add(crate::ui::fields::number(&mut p.day, lo..=hi).suffix(" days"))
            .on_hover_text("Days from the start of the build; between the phases before and after it");
        ui.end_row();
        let date_label = ui.label("Date");
        // The text being typed is kept until it is a date (or blank): a half-typed "2024-0" stays in the field.
        let typing = ui.make_persistent_id(("phase-date", k));
        let mut date: String =
            ui.data(|d| d.get_temp::<String>(typing)).unwrap_or_else(|| p.date.clone().unwrap_or_default());
        let r = ui
            .add(egui::TextEdit::singleline(&mut date).hint_text("YYYY-MM-DD"))
            .labelled_by(date_label.id)
            .on_hover_text("The calendar date, YYYY-MM-DD or YYYY-MM (blank: none)");
        // A whole date is taken as typed; a blank field clears the date only once the user leaves it (clearing the
        // field to type another is not clearing the date); anything else leaves the date as it was.
        if is_date(&date) {
            p.date = Some(date.clone());
        } else if date.is_empty() && r.lost_focus() {
            p.date = None;
        }
        let unfinished = !is_date(&date);
        if r.has_focus() {
            ui.data_mut(|d| d.insert_temp(typing, date.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(typing));
        }
        ui.end_row();
        if unfinished && r.has_focus() {
            ui.label("");
            ui.label(
                RichText::new(
                    "not a date yet: write YYYY-MM-DD or YYYY-MM (the date stays as it was; blank clears it)",
                )
                .color(theme::WARNING),
            );
            ui.end_row();
        }
        let supply_row = |ui: &mut egui::Ui, label: &str, v: &mut f64, unit: &str, tip: &str| {
            ui.label(label);
            ui.add(crate::ui::fields::number(v, 0.0..=1.0e6).speed(1.0).max_decimals(1).suffix(unit))
                .on_hover_text(tip);
            ui.end_row();
        };
        supply_row(ui, "Grid", &mut p.supply.grid_mw, " MW", "Firm grid capacity from this phase on");
        supply_row(
            ui,
            "Generation",
            &mut p.supply.generation_mw,
            " MW",
            "On-site turbines and gensets counted on (spares left out)",
        );
        supply_row(ui, "Batteries", &mut p.supply.bess_mw, " MW", "Battery storage power");
        supply_row(
            ui,
            "Battery energy",
            &mut p.supply.bess_mwh,
            " MWh",
            "Battery storage energy: how long the batteries carry a shortfall",
        );
        ui.label("Source");
        ui.text_edit_singleline(&mut p.source).on_hover_text("Where the phase's date and supply come from");
        ui.end_row();
    });
    let p = &phases[k];
    ui.label(
        RichText::new(format!(
            "Brings online: {} and {}",
            crate::format::counted(p.sus.len() as u64, "scalable unit", "scalable units"),
            crate::format::counted(p.items.len() as u64, "item named", "items named")
        ))
        .color(theme::secondary_ink(pc.prefs.dark)),
    );
    if phases[k] != before {
        let mut p = phases[k].clone();
        p.name = p.name.chars().take(limits::MAX_TEXT_CHARS).collect();
        p.source = p.source.chars().take(limits::MAX_TEXT_CHARS).collect();
        phases[k] = p;
        out.push(set_phases(format!("Edit phase {}", k + 1), phases.clone(), key("fields")));
    }
    ui.horizontal_wrapped(|ui| {
        let selected: Vec<ItemId> = pc.session.selection.iter().copied().collect();
        let has = !selected.is_empty();
        if ui
            .add_enabled(has, egui::Button::new("Assign selection"))
            .on_hover_text("The selected items come online in this phase (and in no other)")
            .on_disabled_hover_text("Select items on the floor first")
            .clicked()
        {
            out.push(set_phases(
                format!("Assign {} to phase {}", count(selected.len() as u64), k + 1),
                assigned(&layout.phases, k, &selected),
                None,
            ));
        }
        let sus = selected_sus(pc, &selected);
        if ui
            .add_enabled(!sus.is_empty(), egui::Button::new("Assign their SUs"))
            .on_hover_text(
                "The scalable units of the selected racks come online in this phase: their GPU racks and leaf racks",
            )
            .on_disabled_hover_text("Select GPU racks (or leaf racks) of a scalable unit first")
            .clicked()
        {
            let mut next = layout.phases.clone();
            for (j, p) in next.iter_mut().enumerate() {
                p.sus.retain(|s| !sus.contains(s));
                if j == k {
                    p.sus.extend(sus.iter().copied());
                    p.sus.sort_unstable();
                }
            }
            out.push(set_phases(format!("Assign {} SUs to phase {}", sus.len(), k + 1), next, None));
        }
        if ui
            .add_enabled(pc.phases.is_for(pc.doc), egui::Button::new("Select its equipment"))
            .on_hover_text("Select what comes online in this phase")
            .on_disabled_hover_text("The phases are being analysed again: a moment")
            .clicked()
        {
            let ids: Vec<ItemId> =
                pc.phases.item_phases.iter().filter(|(_, p)| *p == Some(k)).map(|(id, _)| *id).collect();
            out.push(Command::SelectAndShow(ids));
        }
        if ui
            .button("Remove phase")
            .on_hover_text("Remove this phase: what it brought comes with the next phase naming it, or from the start")
            .clicked()
        {
            let mut next = layout.phases.clone();
            next.remove(k);
            out.push(set_phases(format!("Remove phase {}", k + 1), next, None));
        }
    });
}

/// The phases with `ids` named by phase `k` and by no other.
fn assigned(phases: &[Phase], k: usize, ids: &[ItemId]) -> Vec<Phase> {
    let mut next = phases.to_vec();
    let set: std::collections::BTreeSet<ItemId> = ids.iter().copied().collect();
    for (j, p) in next.iter_mut().enumerate() {
        p.items.retain(|id| !set.contains(id));
        if j == k {
            p.items.extend(set.iter().copied());
            p.items.sort_unstable();
        }
    }
    next
}

/// The scalable units of the selected items.
fn selected_sus(pc: &PanelCtx<'_>, selected: &[ItemId]) -> Vec<u32> {
    let layout = pc.doc.layout();
    let mut sus: Vec<u32> =
        selected.iter().filter_map(|id| layout.index_of(*id)).filter_map(|n| su_of(&layout.items[n])).collect();
    sus.sort_unstable();
    sus.dedup();
    sus
}

/// Add a phase; phase the hall by scalable unit.
fn add_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let phases = &layout.phases;
    ui.horizontal_wrapped(|ui| {
        let room = phases.len() < MAX_PHASES;
        if ui
            .add_enabled(room, egui::Button::new("Add phase"))
            .on_hover_text(format!(
                "A new phase {NEW_PHASE_AFTER_DAYS} days after the last, on its supply (the site's for the first); the \
                 selection comes online in it"
            ))
            .on_disabled_hover_text(format!("A layout holds at most {MAX_PHASES} phases"))
            .clicked()
        {
            let supply = phases.last().map(|p| p.supply).unwrap_or_else(|| {
                layout.site.as_ref().map(crate::model::phase::PhaseSupply::of_site).unwrap_or_default()
            });
            let day = phases.last().map_or(0, |p| (p.day + NEW_PHASE_AFTER_DAYS).min(limits::PHASE_DAY_MAX));
            let mut next = phases.clone();
            next.push(Phase { name: format!("Phase {}", phases.len() + 1), day, supply, ..Phase::default() });
            let selected: Vec<ItemId> = pc.session.selection.iter().copied().collect();
            let next = if selected.is_empty() { next } else { assigned(&next, next.len() - 1, &selected) };
            out.push(set_phases("Add phase", next, None));
        }
        let id = ui.make_persistent_id("phase-by-su-count");
        let mut n: u32 = ui.data(|d| d.get_temp(id)).unwrap_or(crate::generate::phasing::DEFAULT_PHASES);
        ui.add(crate::ui::fields::number(&mut n, limits::PHASE_COUNT).suffix(" phases"))
            .on_hover_text("How many phases Phase by scalable unit makes");
        ui.data_mut(|d| d.insert_temp(id, n));
        let pace = layout.hall.settings.install_racks_per_day;
        if ui
            .button("Phase by scalable unit")
            .on_hover_text(format!(
                "Replace the phases with {n} of whole scalable units, dated at the hall's install pace ({} GPU racks a \
                 day, Hall tab), each on the site's supply",
                group_float(pace, 1)
            ))
            .clicked()
        {
            match crate::generate::phasing::by_scalable_unit(layout, n, pace) {
                Ok(p) if p.is_empty() => out.push(Command::Status(
                    "No scalable units to phase: number the GPU racks' SUs first (Inspector)".into(),
                )),
                Ok(p) => out.push(set_phases(format!("Phase by scalable unit ({n})"), p, None)),
                Err(e) => out.push(Command::Status(e.to_string())),
            }
        }
        if !phases.is_empty()
            && ui.button("Remove all").on_hover_text("No phases: the whole hall online from the start").clicked()
        {
            out.push(set_phases("Remove all phases", Vec::new(), None));
        }
    });
}

/// The totals bar for phase `k`: its figures, that day's. False when they are not ready (the whole hall's show).
pub(super) fn phase_totals_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, k: usize, out: &mut Vec<Command>) -> bool {
    let (Some(p), Some(phase)) = (pc.phases.report.phases.get(k), pc.doc.layout().phases.get(k)) else { return false };
    let dark = pc.prefs.dark;
    if !pc.phases.is_for(pc.doc) {
        ui.spinner().on_hover_text("These are the figures before the last change: the phases are being analysed again");
    }
    let n = pc.doc.layout().phases.len();
    let when = crate::model::phase::when(p.day, p.date.as_deref());
    let head = RichText::new(format!("Phase {}/{n} · {when}", k + 1)).strong().color(theme::selection(dark));
    if ui
        .add(egui::Button::new(head).frame(false))
        .on_hover_text(format!("{}\n{}\nClick for the whole hall", phase.name, phase.source))
        .clicked()
    {
        out.push(Command::ShowPhase(None));
    }
    ui.separator();
    let stat = |ui: &mut egui::Ui, label: &str, value: String, tip: &str| {
        ui.label(RichText::new(label).weak()).on_hover_text(tip);
        ui.label(RichText::new(value).strong()).on_hover_text(tip);
        ui.separator();
    };
    stat(ui, "GPUs online", count(p.gpus_online), "GPUs online in this phase");
    stat(ui, "BF16", format!("{} PFLOPS", group_float(p.bf16_pflops, 0)), "Dense BF16 compute online");
    stat(ui, "HBM", format!("{} TB", group_float(p.hbm_tb, 1)), "GPU memory online");
    stat(ui, "IT design", crate::format::power(p.it_design_kw), "IT load at the design basis (peak)");
    stat(
        ui,
        "Needed, design",
        crate::format::power(p.facility_design_kw),
        "Facility load at the design basis: what the supply must carry",
    );
    let avail_tip = format!(
        "Grid {} MW + generation {} MW + batteries {} MW ({} MWh)",
        group_float(phase.supply.grid_mw, 1),
        group_float(phase.supply.generation_mw, 1),
        group_float(phase.supply.bess_mw, 1),
        group_float(phase.supply.bess_mwh, 0)
    );
    stat(ui, "Available", crate::format::power(p.supply_total_kw), &avail_tip);
    ui.label(RichText::new(standing_words(p)).strong().color(standing_colour(p))).on_hover_text(
        "Firm supply (grid and generation) against the design load; beyond it the batteries, for as long as their \
         MWh last",
    );
    ui.separator();
    stat(
        ui,
        "Capex to date",
        usd(p.capex_to_date_usd),
        "Capital cost of what is online (the site as modelled from the start)",
    );
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.add(egui::Label::new(RichText::new(&pc.session.status).weak()).truncate()).on_hover_text(&pc.session.status);
    });
    true
}
