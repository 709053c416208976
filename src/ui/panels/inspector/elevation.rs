//! The selected rack's elevation in the Inspector: front and rear, unit by unit from U1 at the bottom, drawn from
//! the same contents the U check counts (`analysis::elevation`); hovering a unit names it with its figures.

use egui::{Align2, FontId, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

use super::PanelCtx;
use crate::analysis::elevation::{self, Elevation, Face};
use crate::model::Item;
use crate::ui::theme;

/// Height of one rack unit on screen, points.
const U_PT: f32 = 7.0;
/// Width of one face's column, points.
const FACE_PT: f32 = 96.0;
/// Gutter for the unit numbers, points.
const NUMBERS_PT: f32 = 22.0;

/// The elevation section, when the item is a rack of a stated height.
pub(super) fn elevation_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, item: &Item) {
    let Some(e) = elevation::of_item(pc.doc.layout(), item) else { return };
    ui.separator();
    let header =
        format!("Elevation: {}U used of {}U{}", e.used_u, e.usable_u(), if e.overfull() { " — overfull" } else { "" });
    egui::CollapsingHeader::new(header).id_salt("inspector-elevation").default_open(true).show(ui, |ui| {
        ui.label(egui::RichText::new("Front and rear, U1 at the bottom; hover a unit for its figures.").small().weak());
        draw(ui, &e, pc);
        // The same, as text (for the keyboard and a screen reader): every device, lowest first.
        egui::CollapsingHeader::new("Units as a list").id_salt("inspector-elevation-list").show(ui, |ui| {
            for d in e.devices().chain(&e.zero_u) {
                ui.label(
                    egui::RichText::new(
                        crate::export::elevations::unit_details(d, pc.prefs.units).replace('\n', " · "),
                    )
                    .small(),
                );
            }
        });
    });
}

/// Both faces side by side, unit numbers between them; 0U strips down the rear's edges.
fn draw(ui: &mut egui::Ui, e: &Elevation, pc: &PanelCtx<'_>) {
    let dark = ui.visuals().dark_mode;
    let rows = e.total_u.max(e.units.iter().map(|u| u.position_u + u.height_u - 1).max().unwrap_or(0));
    let size = vec2(NUMBERS_PT + 2.0 * FACE_PT + 8.0, rows as f32 * U_PT + 18.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let ink = ui.visuals().text_color();
    let font = FontId::proportional(9.0);
    let top = rect.top() + 14.0;
    let columns = [(Face::Front, rect.left() + NUMBERS_PT), (Face::Rear, rect.left() + NUMBERS_PT + FACE_PT + 8.0)];
    for (face, x) in columns {
        painter.text(pos2(x + FACE_PT / 2.0, rect.top()), Align2::CENTER_TOP, face.netbox(), font.clone(), ink);
    }
    // y of the top edge of unit `u` (1-based, counted from the bottom).
    let y_of = |u: u32| top + (rows - u) as f32 * U_PT;
    let mut hovered = None;
    for unit in &e.units {
        for (face, x) in columns {
            if !unit.full_depth && unit.face != face && !matches!(unit.kind, elevation::UnitKind::Reserved) {
                continue;
            }
            let h = unit.height_u.max(1);
            let r = Rect::from_min_max(
                pos2(x, y_of(unit.position_u + h - 1)),
                pos2(x + FACE_PT, y_of(unit.position_u) + U_PT),
            )
            .shrink(0.5);
            let fill = theme::c(crate::palette::elevation_unit(unit.kind, dark));
            painter.rect_filled(r, 1.0, fill);
            let stroke =
                if unit.over { Stroke::new(1.5, theme::INVALID) } else { Stroke::new(0.5, ink.gamma_multiply(0.4)) };
            painter.rect_stroke(r, 1.0, stroke, StrokeKind::Inside);
            if r.height() >= 9.0 || unit.height_u == 1 && r.height() >= 6.0 {
                let label = crate::export::frame::clip(&unit.label, (FACE_PT / 5.0) as usize);
                painter.text(r.center(), Align2::CENTER_CENTER, label, FontId::proportional(7.5), theme::text_on(fill));
            }
            if response.hover_pos().is_some_and(|p| r.contains(p)) {
                hovered = Some(unit);
            }
        }
    }
    for (n, strip) in e.zero_u.iter().enumerate() {
        let x = columns[1].1 + FACE_PT + 1.0 + n as f32 * 2.5;
        let r = Rect::from_min_max(pos2(x, y_of(e.total_u)), pos2(x + 2.0, y_of(1) + U_PT));
        painter.rect_filled(r, 0.0, theme::c(crate::palette::elevation_unit(strip.kind, dark)));
        if response.hover_pos().is_some_and(|p| r.expand(1.0).contains(p)) {
            hovered = Some(strip);
        }
    }
    for u in (1..=rows).filter(|u| *u == 1 || u % 4 == 0) {
        let colour = if u > e.total_u { theme::INVALID } else { ink.gamma_multiply(0.7) };
        painter.text(
            pos2(rect.left() + NUMBERS_PT - 3.0, y_of(u) + U_PT / 2.0),
            Align2::RIGHT_CENTER,
            u,
            font.clone(),
            colour,
        );
    }
    if let Some(unit) = hovered {
        response.on_hover_text_at_pointer(crate::export::elevations::unit_details(unit, pc.prefs.units));
    } else {
        response.on_hover_text("Hover a unit for what it is, its place and figures");
    }
}
