//! The bill of materials as table sheets of the pack: the buyer's columns (category, maker and part number,
//! part, description, quantity with spares, unit, unit and extended price, confidence), as many sheets as the
//! rows need, the total and the capital cost's make-up on the last.

use std::fmt::Write as _;

use super::frame::{self, INK, QUIET, RULE, SheetInfo, clip, esc};
use crate::analysis::{BomRow, Report};
use crate::format::{group_float, usd};
use crate::model::Layout;

/// Rows a sheet holds.
pub const ROWS_PER_SHEET: usize = 44;
const ROW_MM: f64 = 4.9;
const SIZE_MM: f64 = 2.5;

/// Columns: heading, width (mm), right-aligned.
const COLUMNS: [(&str, f64, bool); 10] = [
    ("Category", 27.0, false),
    ("Maker / part number", 40.0, false),
    ("Part", 46.0, false),
    ("Description", 124.0, false),
    ("Qty", 20.0, true),
    ("Spares", 14.0, true),
    ("Unit", 14.0, false),
    ("Unit price", 30.0, true),
    ("Extended", 34.0, true),
    ("Confidence", 22.0, false),
];

/// Sheets the BOM needs (at least one, so an empty design still says so).
pub fn sheet_count(report: &Report) -> usize {
    report.bom.len().div_ceil(ROWS_PER_SHEET).max(1)
}

/// Sheet `index` (from 0) of the BOM table, framed.
pub fn sheet_svg(layout: &Layout, report: &Report, index: usize, sheet: &SheetInfo<'_>) -> String {
    let mut out = String::with_capacity(32_768);
    frame::open(&mut out, sheet.title);
    let [ax, ay, aw, _] = frame::area();
    let rows: Vec<&BomRow> = report.bom.iter().skip(index * ROWS_PER_SHEET).take(ROWS_PER_SHEET).collect();
    let x_of = |col: usize| ax + COLUMNS[..col].iter().map(|c| c.1).sum::<f64>();
    let mut y = ay + 4.0;
    // Headings on a rule.
    for (i, (head, width, right)) in COLUMNS.iter().enumerate() {
        cell(&mut out, x_of(i), *width, y, head, *right, INK, true);
    }
    y += 1.6;
    rule(&mut out, ax, ax + aw, y, 0.35);
    y += ROW_MM - 1.0;
    for (n, r) in rows.iter().enumerate() {
        if n % 2 == 1 {
            let _ = writeln!(
                out,
                "<rect x=\"{ax:.2}\" y=\"{:.2}\" width=\"{aw:.2}\" height=\"{ROW_MM}\" fill=\"#f1f2f4\"/>",
                y - ROW_MM + 1.3
            );
        }
        let maker = super::maker_part(r);
        let maker = if maker.is_empty() { "—".to_owned() } else { maker };
        let values = [
            r.category.to_owned(),
            maker,
            r.part.clone(),
            r.description.clone(),
            group_float(r.quantity as f64, 0),
            if r.spares > 0 { group_float(r.spares as f64, 0) } else { String::new() },
            r.unit.to_owned(),
            usd(r.unit_price_usd),
            usd(r.extended_usd),
            super::confidence(r.basis).to_owned(),
        ];
        for (i, v) in values.iter().enumerate() {
            cell(&mut out, x_of(i), COLUMNS[i].1, y, v, COLUMNS[i].2, INK, false);
        }
        y += ROW_MM;
    }
    rule(&mut out, ax, ax + aw, y - ROW_MM + 1.3, 0.25);
    let last = index + 1 == sheet_count(report);
    if last {
        y += 1.0;
        // The report's capital cost: the rows' sum, computed once in the analysis.
        let total = report.cost.capex_usd;
        cell(&mut out, x_of(3), COLUMNS[3].1, y, &format!("Total, {} lines", report.bom.len()), false, INK, true);
        cell(&mut out, x_of(8), COLUMNS[8].1, y, &usd(total), true, INK, true);
        y += ROW_MM + 2.0;
        let c = &report.cost;
        for line in [
            format!("Capital cost {} ({}); US dollars.", usd(c.capex_usd), c.includes),
            format!(
                "{} of it is priced by estimate; spares: {}.",
                crate::format::percent(c.estimated_share),
                if layout.hall.settings.spares_pct > 0.0 {
                    format!("+{} % of transceivers, cables and fibre", layout.hall.settings.spares_pct)
                } else {
                    "none".to_owned()
                }
            ),
            "Confidence: quoted (a vendor's quote or the design's own price), list (published), estimate (reported \
             or a planning figure). Sources: the BOM CSV."
                .to_owned(),
            "Beside the compute fabric's counts (the plan's key figures), the BOM orders the storage and in-band \
             networks (sized, not placed) and the spares."
                .to_owned(),
        ] {
            frame::text(&mut out, ax, y, 2.6, QUIET, &line, "");
            y += 4.2;
        }
    } else {
        frame::text(&mut out, ax, y + 2.0, 2.6, QUIET, "Continued on the next sheet.", "");
    }
    frame::close(&mut out, layout, sheet);
    out
}

/// A table cell: its text clipped to the column, left or right aligned.
#[allow(clippy::too_many_arguments)]
fn cell(out: &mut String, x: f64, width: f64, y: f64, body: &str, right: bool, fill: &str, bold: bool) {
    let chars = ((width - 2.0) / (SIZE_MM * 0.5)).max(3.0) as usize;
    let (tx, anchor) = if right { (x + width - 1.5, "end") } else { (x + 1.0, "start") };
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let _ = writeln!(
        out,
        "<text x=\"{tx:.2}\" y=\"{y:.2}\" font-size=\"{SIZE_MM}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{weight}>{}</text>",
        esc(&clip(body, chars))
    );
}

fn rule(out: &mut String, x0: f64, x1: f64, y: f64, width: f64) {
    let _ = writeln!(
        out,
        "<line x1=\"{x0:.2}\" y1=\"{y:.2}\" x2=\"{x1:.2}\" y2=\"{y:.2}\" stroke=\"{RULE}\" stroke-width=\"{width}\"/>"
    );
}
