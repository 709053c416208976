//! The presentation's controls along the bottom: the what-if sliders (rebuilding the hall as B as they move),
//! the Colossus story — each growth step built fresh or grown from the hall on screen — Keep B, A / B, and the
//! feed-failure toggle.

use egui::RichText;

use super::super::PanelCtx;
use crate::analysis::Failure;
use crate::format::count;
use crate::generate::what_if::{ColossusStep, RackChoice, WHAT_IF_GPUS, WHAT_IF_PUE, WHAT_IF_RACKS_PER_ARRAY, WhatIf};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::scenario::StoryBasis;
use crate::ui::theme;

/// GPU counts the slider steps through: round numbers a presenter can aim at, each a notch of its own.
const GPU_STEPS: [u64; 26] = [
    1_024, 2_048, 4_096, 8_192, 10_000, 16_384, 20_000, 25_000, 32_768, 50_000, 65_536, 75_000, 100_000, 125_000,
    150_000, 200_000, 250_000, 300_000, 400_000, 500_000, 600_000, 750_000, 900_000, 1_000_000, 1_500_000, 2_000_000,
];

/// Width of the GPU slider, points: about 14 points a notch.
const GPU_SLIDER_PX: f32 = 340.0;

/// The notch nearest a GPU count.
fn gpu_notch(gpus: u64) -> usize {
    GPU_STEPS.iter().enumerate().min_by_key(|(_, s)| s.abs_diff(gpus)).map_or(0, |(n, _)| n)
}

/// Under the sliders: why the hall they describe could not be built, when it could not.
pub fn present_controls_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    egui::Panel::bottom("present-controls").show(ui, |ui| {
        ui.add_space(6.0);
        if !pc.doc.layout().phases.is_empty() && pc.compare().is_none_or(|c| !c.showing_b) {
            build_ui(ui, pc, out);
            ui.separator();
        }
        ui.horizontal_wrapped(|ui| what_if_ui(ui, pc, out));
        if let Some(problem) = pc.present.scenarios.problem.as_deref() {
            ui.label(RichText::new(problem).color(theme::ERROR).strong());
        }
        ui.horizontal_wrapped(|ui| {
            story_ui(ui, out);
            ui.separator();
            a_b_ui(ui, pc, out);
            ui.separator();
            failure_ui(ui, pc, out);
        });
        ui.add_space(4.0);
    });
}

/// The build in time: the phase shown in words a room can read, play / pause / step, and the timeline (GPUs and
/// MW needed against MW available; click a phase).
fn build_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let phases = &pc.doc.layout().phases;
    ui.horizontal(|ui| {
        ui.label(RichText::new("The build").strong().size(18.0));
        let big = |t: &str| RichText::new(t).size(18.0);
        for (action, label) in
            [(Action::PreviousPhase, "Previous"), (Action::PlayPhases, ""), (Action::NextPhase, "Next")]
        {
            let label = if action == Action::PlayPhases {
                if pc.session.playing.is_some() { "Pause" } else { "Play" }
            } else {
                label
            };
            let tip = format!("{} ({})", action.tooltip(), action.shortcut_text(ui.ctx()));
            if ui.button(big(label)).on_hover_text(tip).clicked() {
                out.push(Command::Action(action));
            }
        }
        let words = match pc.session.phase.and_then(|k| phases.get(k).map(|p| (k, p))) {
            Some((k, p)) => {
                let when = crate::model::phase::when(p.day, p.date.as_deref());
                format!("{}/{} · {when} · {}", k + 1, phases.len(), p.name)
            }
            None => format!(
                "The whole hall · {} phases: Play ({}) plays the build",
                phases.len(),
                Action::PlayPhases.shortcut_text(ui.ctx())
            ),
        };
        ui.add(egui::Label::new(RichText::new(words).size(18.0).strong()).truncate());
    });
    if let Some(k) =
        super::super::timeline::timeline_chart_ui(ui, &pc.phases.report, pc.session.phase, 150.0, pc.prefs.dark)
        && pc.session.phase != Some(k)
    {
        out.push(Command::ShowPhase(Some(k)));
    }
}

/// The what-if sliders; a move of the user's own rebuilds B.
fn what_if_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let mut w = pc.present.what_if.clone();
    ui.label(RichText::new("What if").strong());
    let mut moved = gpus_ui(ui, &mut w);
    egui::ComboBox::from_id_salt("what-if-rack")
        .selected_text(w.rack.label())
        .show_ui(ui, |ui| {
            for r in RackChoice::ALL {
                ui.selectable_value(&mut w.rack, r, r.label());
            }
        })
        .response
        .on_hover_text("The GPU rack generation the what-if hall is built with");
    moved |= w.rack != pc.present.what_if.rack;
    built_notes_ui(ui, pc, &w);
    // With the site modelled the PUE is computed from the power chain and plant; the slider is for a bare floor.
    moved |= ui
        .add_enabled(!w.site, egui::Slider::new(&mut w.pue, WHAT_IF_PUE).step_by(0.01).fixed_decimals(2).text("PUE"))
        .on_hover_text("Power usage effectiveness: facility power ÷ IT power")
        .on_disabled_hover_text(
            "The hall models its site: its PUE is computed from the power chain and the plant, not set here",
        )
        .changed();
    moved |= ui
        .add(egui::Slider::new(&mut w.racks_per_array, WHAT_IF_RACKS_PER_ARRAY).text("racks per array"))
        .on_hover_text("GPU racks in each array (scalable unit)")
        .changed();
    if moved && w != pc.present.what_if {
        out.push(Command::SetWhatIf(w));
    }
    if pc.present.scenarios.busy() {
        ui.spinner().on_hover_text("Building the hall on a worker thread");
    }
    let keepable = pc.compare().is_some_and(|b| b.is_scenario());
    if ui
        .add_enabled(keepable, egui::Button::new("Keep B"))
        .on_hover_text("Make the scenario shown as B your hall: a new design, untitled until saved (one undo step)")
        .on_disabled_hover_text("Move a slider or pick a story step first")
        .clicked()
    {
        out.push(Command::KeepScenario);
    }
}

/// The GPU count: a slider through round numbers a person can aim at, and the exact count to type (clamped when
/// committed). True when the user moved either.
fn gpus_ui(ui: &mut egui::Ui, w: &mut WhatIf) -> bool {
    let mut notch = gpu_notch(w.gpus);
    let before = notch;
    let slid = ui
        .scope(|ui| {
            ui.spacing_mut().slider_width = GPU_SLIDER_PX;
            ui.add(
                egui::Slider::new(&mut notch, 0..=GPU_STEPS.len() - 1)
                    .show_value(false)
                    .custom_formatter(|v, _| count(GPU_STEPS[(v as usize).min(GPU_STEPS.len() - 1)]))
                    .text("GPUs"),
            )
        })
        .inner
        .on_hover_text(
            "GPUs of the chosen generation in the what-if hall, in round steps; type an exact count beside it. \
             Whole servers (whole racks for an NVL72); the hall is rebuilt as you move it",
        );
    let mut moved = false;
    if slid.changed() && notch != before {
        w.gpus = GPU_STEPS[notch];
        moved = true;
    }
    let mut exact = w.gpus;
    moved |= ui
        .add(crate::ui::fields::number(&mut exact, WHAT_IF_GPUS).speed(256.0))
        .on_hover_text("The exact GPU count (Enter to build)")
        .changed()
        && exact != w.gpus
        && {
            w.gpus = exact;
            true
        };
    moved
}

/// What is built when it is not just what the slider says: rounded GPUs, other generations kept.
fn built_notes_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, w: &WhatIf) {
    let built = w.built_gpus();
    let mut notes = Vec::new();
    if built != w.gpus {
        notes.push(format!("builds {}", count(built)));
    }
    for other in &w.others {
        let model = crate::io::builtin_catalog()
            .get(&other.rack_type)
            .and_then(|t| t.gpu.as_ref())
            .map_or(other.rack_type.as_str(), |g| g.short_model());
        notes.push(format!("+ {} {model} kept", count(other.gpus)));
    }
    if !notes.is_empty() {
        ui.label(RichText::new(notes.join(" · ")).color(theme::secondary_ink(pc.prefs.dark))).on_hover_text(
            "Servers are whole (NVL72 racks too), so the count is rounded down; the hall's other GPU generations \
             stay as they are",
        );
    }
}

/// The Colossus story: the first hall becomes yours; each growth step is B — a new hall built for the total,
/// or your hall grown by what the step adds, as chosen.
fn story_ui(ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.label(RichText::new("Colossus story").strong());
    let first = ColossusStep::H100k;
    if ui
        .button(first.label())
        .on_hover_text("Your hall becomes Colossus as first built: 100,000 H100 (a new design; undoable)")
        .clicked()
    {
        out.push(Command::Story(first, StoryBasis::Fresh));
    }
    for step in [ColossusStep::H200k, ColossusStep::PlusH200] {
        ui.menu_button(format!("{}…", step.label()), |ui| {
            let fresh = format!("Built fresh: a new hall for {}", step.total_label());
            let grown = format!("Grown: your hall plus {}, every rack where it is", step.added_label());
            if ui
                .button(fresh)
                .on_hover_text("B is the generator's own hall for the total: shortest cables, fresh fabric")
                .clicked()
            {
                out.push(Command::Story(step, StoryBasis::Fresh));
                ui.close();
            }
            if ui
                .button(grown)
                .on_hover_text("B is the hall on screen with new arrays beside it and its fabric re-planned")
                .clicked()
            {
                out.push(Command::Story(step, StoryBasis::Grown));
                ui.close();
            }
        })
        .response
        .on_hover_text(format!(
            "B: {} — built fresh, or grown from the hall on screen (they differ: a grown hall keeps every rack \
             where it is, so its cables run longer)",
            step.total_label()
        ));
    }
}

/// Switch between A and B.
fn a_b_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let showing_b = pc.compare().is_some_and(|c| c.showing_b);
    let shortcut = Action::FlipCompare.shortcuts().first().map(|s| ui.ctx().format_shortcut(s)).unwrap_or_default();
    if ui
        .add_enabled(
            pc.compare().is_some(),
            egui::Button::selectable(showing_b, if showing_b { "Showing B" } else { "Showing A" }),
        )
        .on_hover_text(format!("Switch between A (your hall) and B (the scenario): {shortcut}"))
        .on_disabled_hover_text("No B yet: move a slider or pick a story step to build one")
        .clicked()
    {
        out.push(Command::Action(Action::FlipCompare));
    }
}

/// The feed-failure toggle: a failure colours PDUs and cooling units by load whatever the overlays; None puts
/// the floor back.
fn failure_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    ui.label("Feed failure");
    for (f, label, tip) in [
        (Failure::None, "None", "Normal operation"),
        (Failure::FeedA, "Feed A fails", "Lose every A-side PDU: the floor shows what the B side carries"),
        (Failure::FeedB, "Feed B fails", "Lose every B-side PDU: the floor shows what the A side carries"),
    ] {
        if ui.selectable_label(pc.session.failure == f, label).on_hover_text(tip).clicked() {
            out.push(Command::SetFailure(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gpu_slider_steps_are_round_and_each_is_reachable() {
        assert!(GPU_STEPS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((GPU_STEPS[0], GPU_STEPS[GPU_STEPS.len() - 1]), (*WHAT_IF_GPUS.start(), *WHAT_IF_GPUS.end()));
        for (n, s) in GPU_STEPS.iter().enumerate() {
            assert_eq!(gpu_notch(*s), n);
        }
        // No notch more than doubles the count: a presenter never jumps 100k → 700k.
        assert!(GPU_STEPS.windows(2).all(|w| w[1] <= w[0] * 2), "steps at most ×2");
        assert!(GPU_SLIDER_PX / GPU_STEPS.len() as f32 >= 12.0, "notches wide enough to aim at");
    }
}
