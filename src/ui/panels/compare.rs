//! The Compare tab: every figure of the document (A) and the layout compared with (B) side by side, B − A and its
//! percentage, changes coloured by whether they are better or worse for that figure — the table `clusterplan compare` prints.

use egui::{RichText, TextWrapMode};

use super::{PanelCtx, action_button};
use crate::analysis::compare::figures;
use crate::export::figure_value;
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::theme;

/// Width of the figure-name column, points.
const LABEL_WIDTH_PX: f32 = 120.0;

/// Draws the tab.
pub fn compare_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let Some(cmp) = pc.compare() else {
        ui.label("No layout to compare with.");
        ui.label(
            RichText::new(
                "File › Compare with… opens a second layout read-only and sets its figures beside this one's.",
            )
            .weak(),
        );
        action_button(ui, pc, Action::CompareWith, out);
        return;
    };
    let a_name = if pc.doc.layout().name.trim().is_empty() { "this hall".into() } else { pc.doc.layout().name.clone() };
    ui.label(RichText::new(format!("A  {a_name}")).strong());
    ui.label(RichText::new(format!("B  {} ({})", cmp.name(), cmp.origin())).strong());
    ui.horizontal(|ui| {
        action_button(ui, pc, Action::FlipCompare, out);
        action_button(ui, pc, Action::CloseCompare, out);
    });
    ui.label(
        RichText::new(if cmp.showing_b {
            "The canvas shows B (read-only). Press B for A."
        } else {
            "The canvas shows A. Press B to see B at the same place."
        })
        .weak(),
    );
    ui.separator();
    let (ra, rb) = (pc.cache.report(), cmp.cache.report());
    egui::Grid::new("compare-table").num_columns(5).striped(true).spacing([8.0, 2.0]).show(ui, |ui| {
        for h in ["Figure", "A", "B", "B − A", "%"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        let units = pc.prefs.units;
        // With days to full capacity, from each design's phases, once they are analysed.
        let table = if pc.phases.is_for(pc.doc) && cmp.phases.is_for(&cmp.doc) {
            let days = (pc.phases.report.days_to_full_capacity(), cmp.phases.report.days_to_full_capacity());
            crate::export::compare_figures(ra, rb, days)
        } else {
            figures(ra, rb)
        };
        for f in table {
            // In the user's units (the percentage is the same in any).
            let (shown_unit, a) = units.figure(f.unit, f.a);
            let (_, b) = units.figure(f.unit, f.b);
            let (_, delta) = units.figure(f.unit, f.delta);
            let unit =
                if shown_unit.is_empty() || shown_unit == "USD" { String::new() } else { format!(" {shown_unit}") };
            // Labels wrap in a column of their own width, so long ones stay readable in a narrow panel.
            let label = format!("{}{unit}", f.label);
            ui.scope(|ui| {
                ui.set_width(LABEL_WIDTH_PX);
                ui.add(egui::Label::new(label).wrap_mode(TextWrapMode::Wrap));
            });
            ui.label(figure_value(shown_unit, a));
            ui.label(figure_value(shown_unit, b));
            // Green where B is better for this figure, red where worse, plain where neither (the presentation's
            // tiles use the same rule).
            let colour = theme::verdict(f.verdict(), pc.prefs.dark);
            let sign = if f.delta > 1e-9 { "+" } else { "" };
            ui.label(RichText::new(format!("{sign}{}", figure_value(shown_unit, delta))).color(colour));
            ui.label(
                RichText::new(
                    f.percent.map_or_else(|| "–".into(), |p| format!("{sign}{}", crate::format::group_float(p, 1))),
                )
                .color(colour),
            );
            ui.end_row();
        }
    });
    if ra.failure != "none" {
        ui.label(
            RichText::new(format!("A is shown under the what-if “{}”; B in normal operation.", ra.failure)).weak(),
        );
    }
}
