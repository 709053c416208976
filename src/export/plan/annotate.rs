//! What makes the plan a drawing a facilities team can build from: the aisles tinted and named hot or cold with
//! their widths, a label at the head of every row (its number, racks and length), the hall's overall dimensions
//! and the clearances from the racks to the walls — all from `analysis::rows`, the rows the NetBox export and the
//! rack designations use.

use std::fmt::Write as _;

use super::{Pen, fill_attr, num, stroke_attr, text};
use crate::analysis::rows::{AisleKind, Rows};
use crate::format::Units;
use crate::model::Hall;
use crate::palette::{self, Rgba, rgb, rgba};

/// Cold aisles' tint and ink.
const COLD: (Rgba, Rgba) = (rgba(60, 130, 230, 40), rgb(20, 80, 170));
/// Hot aisles'.
const HOT: (Rgba, Rgba) = (rgba(230, 80, 50, 40), rgb(170, 40, 20));

/// Aisle tints (under the equipment): call before the items are drawn.
pub(super) fn aisle_tints(out: &mut String, rows: &Rows) {
    let _ = writeln!(out, "<g id=\"aisles\">");
    for a in &rows.aisles {
        let tint = match a.kind {
            AisleKind::Cold => COLD.0,
            AisleKind::Hot => HOT.0,
            AisleKind::Mixed => continue,
        };
        let [x0, y0, x1, y1] = a.extent;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>",
            num(x0),
            num(y0),
            num(x1 - x0),
            num(y1 - y0),
            fill_attr(tint)
        );
    }
    let _ = writeln!(out, "</g>");
}

/// Aisle names and widths, row labels, the hall's dimensions and the clearances: over the equipment, inside the
/// hall's group (metres).
pub(super) fn annotations(out: &mut String, hall: &Hall, rows: &Rows, units: Units, pen: Pen) {
    let ink = palette::ink(pen.dark);
    let mm = |v: f64| pen.mm(v);
    let _ = writeln!(out, "<g id=\"annotations\">");
    for a in &rows.aisles {
        let colour = match a.kind {
            AisleKind::Cold => COLD.1,
            AisleKind::Hot => HOT.1,
            AisleKind::Mixed => ink,
        };
        let [x0, y0, x1, y1] = a.extent;
        let label = format!("{} {}", a.kind.label().to_uppercase(), units.length(a.width_m));
        let across_mm = a.width_m * pen.k;
        let along_mm = if a.along_x { x1 - x0 } else { y1 - y0 } * pen.k;
        let size = (across_mm * 0.55).min(2.2);
        if size < 0.5 || along_mm < label.chars().count() as f64 * size * 0.55 {
            continue;
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        if a.along_x {
            text(out, cx, cy + mm(size * 0.35), mm(size), "middle", colour, &label);
        } else {
            let _ = writeln!(out, "<g transform=\"rotate(-90 {} {})\">", num(cx), num(cy));
            text(out, cx, cy + mm(size * 0.35), mm(size), "middle", colour, &label);
            let _ = writeln!(out, "</g>");
        }
    }
    // Row labels at the head of each row: left of it (above, for rows along y), else past its end.
    for r in &rows.rows {
        let [x0, y0, x1, y1] = r.line;
        let label = format!("Row {} · {} racks · {}", r.number, r.racks.len(), units.length(r.length_m()));
        let size = 1.9;
        let need_m = mm(label.chars().count() as f64 * size * 0.52 + 1.0);
        if r.along_x {
            let cy = (y0 + y1) / 2.0 + mm(size * 0.35);
            let short = format!("Row {}", r.number);
            let short_m = mm(short.chars().count() as f64 * size * 0.52 + 1.0);
            if x0 >= need_m {
                text(out, x0 - mm(1.0), cy, mm(size), "end", ink, &label);
            } else if hall.width_m - x1 >= need_m {
                text(out, x1 + mm(1.0), cy, mm(size), "start", ink, &label);
            } else if x0 >= short_m {
                text(out, x0 - mm(1.0), cy, mm(size), "end", ink, &short);
            }
        } else {
            let cx = (x0 + x1) / 2.0;
            if y0 >= need_m {
                let _ = writeln!(out, "<g transform=\"rotate(-90 {} {})\">", num(cx), num(y0));
                text(out, cx + mm(1.0), y0 + mm(size * 0.35), mm(size), "start", ink, &label);
                let _ = writeln!(out, "</g>");
            }
        }
    }
    clearances(out, hall, rows, units, pen);
    let _ = writeln!(out, "</g>");
}

/// The clearances from the rows (racks and what stands in line with them) to each wall, as dimension lines.
fn clearances(out: &mut String, hall: &Hall, rows: &Rows, units: Units, pen: Pen) {
    if rows.rows.is_empty() {
        return;
    }
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for r in &rows.rows {
        b = [b[0].min(r.line[0]), b[1].min(r.line[1]), b[2].max(r.line[2]), b[3].max(r.line[3])];
    }
    let colour = palette::ink(pen.dark).lerp(palette::rgb(40, 90, 160), 0.5);
    // Each in the clear band it measures: the side clearances just below the rows, the end ones just left of
    // them. (from, to, fixed coordinate, horizontal)
    let (below, left) = ((b[3] + pen.mm(3.0)).min(hall.depth_m), (b[0] - pen.mm(3.0)).max(0.0));
    for (a, z, at, horizontal) in [
        (0.0, b[0], below, true),
        (b[2], hall.width_m, below, true),
        (0.0, b[1], left, false),
        (b[3], hall.depth_m, left, false),
    ] {
        if z - a <= 0.05 {
            continue;
        }
        dimension(out, (a, z), at, horizontal, &units.length(z - a), colour, pen);
    }
}

/// A dimension line with end ticks and its length written beside it; `horizontal` along x at y = `at`, else
/// along y at x = `at`.
pub(super) fn dimension(
    out: &mut String,
    (a, z): (f64, f64),
    at: f64,
    horizontal: bool,
    label: &str,
    colour: Rgba,
    pen: Pen,
) {
    let mm = |v: f64| pen.mm(v);
    let t = mm(1.2);
    let d = if horizontal {
        format!(
            "M{} {}H{}M{} {}V{}M{} {}V{}",
            num(a),
            num(at),
            num(z),
            num(a),
            num(at - t),
            num(at + t),
            num(z),
            num(at - t),
            num(at + t)
        )
    } else {
        format!(
            "M{} {}V{}M{} {}H{}M{} {}H{}",
            num(at),
            num(a),
            num(z),
            num(at - t),
            num(a),
            num(at + t),
            num(at - t),
            num(z),
            num(at + t)
        )
    };
    let _ = writeln!(out, "<path d=\"{d}\" fill=\"none\" {}/>", stroke_attr(colour, mm(0.18)));
    let size = 1.8;
    let fits = (z - a) * pen.k >= label.chars().count() as f64 * size * 0.52 + 2.0;
    if !fits {
        return;
    }
    let mid = (a + z) / 2.0;
    if horizontal {
        text(out, mid, at - mm(0.8), mm(size), "middle", colour, label);
    } else {
        let _ = writeln!(out, "<g transform=\"rotate(-90 {} {})\">", num(at), num(mid));
        text(out, at, mid - mm(0.8), mm(size), "middle", colour, label);
        let _ = writeln!(out, "</g>");
    }
}
