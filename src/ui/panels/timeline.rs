//! The timeline chart on screen — GPUs online and MW needed against MW available, a step at each phase, shortfalls
//! shaded, the phase shown marked — drawn from the same [`Chart`] the exported timeline is. Click or drag along it
//! to show a phase; hover for its figures.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, pos2, vec2};

use crate::analysis::phases::PhasesReport;
use crate::export::timeline::{Chart, Colours, LEGEND};
use crate::format::{count, group_float, usd};
use crate::palette::Rgba;
use crate::ui::theme;

fn colour(c: Rgba) -> Color32 {
    theme::c(c)
}

/// Draws the chart `height` points tall across the available width; returns the phase clicked (or dragged to).
pub fn timeline_chart_ui(
    ui: &mut egui::Ui,
    report: &PhasesReport,
    shown: Option<usize>,
    height: f32,
    dark: bool,
) -> Option<usize> {
    let chart = Chart::of(report);
    let c = Colours::of(dark);
    let font = FontId::proportional(11.0);
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let plot = Rect::from_min_max(rect.min + vec2(58.0, 10.0), rect.max - vec2(62.0, 34.0));
    if plot.width() < 40.0 || plot.height() < 30.0 || chart.steps.is_empty() {
        return None;
    }
    let px = |day: f64| plot.left() + chart.x(day) as f32 * plot.width();
    let py = |mw: f64| plot.bottom() - chart.y_mw(mw) as f32 * plot.height();
    let pg = |g: f64| plot.bottom() - chart.y_gpus(g) as f32 * plot.height();
    let ink = colour(c.ink);
    for t in chart.mw_ticks() {
        let y = py(t);
        painter.line_segment([pos2(plot.left(), y), pos2(plot.right(), y)], Stroke::new(1.0, colour(c.grid)));
        painter.text(
            pos2(plot.left() - 6.0, y),
            Align2::RIGHT_CENTER,
            format!("{} MW", group_float(t, if t.fract() == 0.0 { 0 } else { 1 })),
            font.clone(),
            ink,
        );
        let g = t / chart.mw_max * chart.gpus_max;
        painter.text(pos2(plot.right() + 6.0, pg(g)), Align2::LEFT_CENTER, count(g.round() as u64), font.clone(), ink);
    }
    // GPUs online, filled under their steps.
    for st in &chart.steps {
        let r = Rect::from_min_max(pos2(px(st.from_day), pg(st.gpus)), pos2(px(st.to_day), plot.bottom()));
        painter.rect_filled(r, 0.0, colour(c.gpus));
    }
    // Shortfalls, then firm (dashed), available and needed.
    for (k, st) in chart.steps.iter().enumerate() {
        if chart.on_batteries(k) {
            let r = Rect::from_min_max(pos2(px(st.from_day), py(st.needed_mw)), pos2(px(st.to_day), py(st.firm_mw)));
            painter.rect_filled(r, 0.0, colour(c.batteries));
        }
        if chart.short(k) {
            let r =
                Rect::from_min_max(pos2(px(st.from_day), py(st.needed_mw)), pos2(px(st.to_day), py(st.available_mw)));
            painter.rect_filled(r, 0.0, colour(c.short));
        }
    }
    let steps = |get: &dyn Fn(&crate::export::timeline::Step) -> f64| -> Vec<Pos2> {
        chart
            .steps
            .iter()
            .flat_map(|st| [pos2(px(st.from_day), py(get(st))), pos2(px(st.to_day), py(get(st)))])
            .collect()
    };
    painter.extend(Shape::dashed_line(&steps(&|s| s.firm_mw), Stroke::new(1.5, colour(c.firm)), 6.0, 4.0));
    painter.add(Shape::line(steps(&|s| s.available_mw), Stroke::new(2.5, colour(c.available))));
    painter.add(Shape::line(steps(&|s| s.needed_mw), Stroke::new(2.5, colour(c.needed))));
    // Phase marks: number under each step's start; the phase shown as a band.
    for (k, st) in chart.steps.iter().enumerate() {
        let x = px(st.from_day);
        painter.line_segment([pos2(x, plot.top()), pos2(x, plot.bottom())], Stroke::new(1.0, colour(c.grid)));
        painter.text(pos2(x, plot.bottom() + 3.0), Align2::CENTER_TOP, format!("{}", k + 1), font.clone(), ink);
    }
    if let Some(k) = shown
        && let Some(st) = chart.steps.get(k)
    {
        let band = Rect::from_min_max(pos2(px(st.from_day), plot.top()), pos2(px(st.to_day), plot.bottom()));
        painter.rect_stroke(band, 2.0, Stroke::new(2.0, theme::selection(dark)), egui::StrokeKind::Inside);
    }
    painter.text(
        pos2(plot.right() - 4.0, plot.top() + 2.0),
        Align2::RIGHT_TOP,
        format!("days from the start: 0 … {}", chart.days_max.round()),
        FontId::proportional(10.0),
        theme::secondary_ink(dark),
    );
    legend_ui(&painter, rect, &c);
    // The phase under the pointer: its figures on hover, shown on click or drag.
    let at = |p: Pos2| chart.phase_at(f64::from((p.x - plot.left()) / plot.width()));
    let mut picked = None;
    if let Some(p) = response.interact_pointer_pos()
        && (response.clicked() || response.dragged())
    {
        picked = at(p);
    }
    if let Some(p) = response.hover_pos()
        && let Some(k) = at(p)
    {
        let ph = &report.phases[k];
        let when = crate::model::phase::when(ph.day, ph.date.as_deref());
        let mut text = format!(
            "{}. {} ({when})\n{} GPUs online\nneeded {} MW (facility, design basis)\navailable {} MW (firm {} MW)\ncapex to \
             date {}",
            k + 1,
            ph.name,
            count(ph.gpus_online),
            group_float(ph.facility_design_kw / 1000.0, 1),
            group_float(ph.supply_total_kw / 1000.0, 1),
            group_float(ph.supply_firm_kw / 1000.0, 1),
            usd(ph.capex_to_date_usd)
        );
        text.push('\n');
        text.push_str(&standing_words(ph));
        text.push_str("\nClick to show the hall as it stands then");
        response.clone().on_hover_text_at_pointer(text);
    }
    picked
}

/// The key along the chart's bottom edge.
fn legend_ui(painter: &egui::Painter, rect: Rect, c: &Colours) {
    let mut x = rect.left() + 58.0;
    let y = rect.bottom() - 8.0;
    let font = FontId::proportional(10.0);
    for ((key, _), col) in LEGEND.iter().zip([c.needed, c.available, c.firm, c.gpus, c.batteries, c.short]) {
        let swatch = Rect::from_min_size(pos2(x, y - 4.0), vec2(12.0, 7.0));
        painter.rect_filled(swatch, 1.0, colour(Rgba { a: col.a.max(160), ..col }));
        let galley = painter.layout_no_wrap((*key).to_owned(), font.clone(), colour(c.ink));
        let w = galley.size().x;
        painter.galley(pos2(x + 16.0, y - galley.size().y / 2.0), galley, colour(c.ink));
        x += 16.0 + w + 10.0;
    }
}

/// The legend's words, for a tooltip beside the chart.
pub fn legend_words() -> String {
    LEGEND.iter().map(|(k, w)| format!("{k}: {w}")).collect::<Vec<_>>().join("\n")
}

/// Where a phase stands against its supply, in words: spare, on batteries (for how long) or short.
pub(super) fn standing_words(p: &crate::analysis::phases::PhaseReport) -> String {
    use crate::analysis::phases::SupplyState;
    match p.state() {
        SupplyState::Spare(kw) => format!("{} MW spare (firm)", group_float(kw / 1000.0, 1)),
        SupplyState::OnBatteries(kw, h) => {
            format!("batteries carry {} MW for {} h", group_float(kw / 1000.0, 1), group_float(h, 1))
        }
        SupplyState::Short(kw) => format!("SHORT {} MW", group_float(kw / 1000.0, 1)),
    }
}
