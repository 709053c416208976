//! The sheet frame of the design pack: an A3 landscape sheet with a border and a title strip along its foot —
//! the sheet's title and the design's name, the document data (project, customer, prepared by, revision and its
//! note), the date and "sheet n of N" — round a drawing area the sheet fills. The power chain and the timeline,
//! drawn at their own size, are scaled into the area.

use std::fmt::Write as _;

use crate::model::Layout;
use crate::model::document::DocumentInfo;

/// A3 landscape, mm.
pub const SHEET_MM: [f64; 2] = [420.0, 297.0];
/// Border inset, mm.
pub const MARGIN_MM: f64 = 10.0;
/// Height of the title strip, mm.
pub const STRIP_MM: f64 = 24.0;
/// The ink: near-black, for print (no light grey text).
pub const INK: &str = "#111111";
/// Secondary text: dark grey, still legible at A3.
pub const QUIET: &str = "#3a3a3a";
/// Rules and borders.
pub const RULE: &str = "#555555";
/// The font the sheets ask for (the designer's Ubuntu, embedded when rendered).
pub const FONT: &str = "Ubuntu, sans-serif";

/// Where a sheet sits in the pack, and what it is called.
#[derive(Clone, Debug)]
pub struct SheetInfo<'a> {
    /// The sheet's title, e.g. `"Rack elevation — NVIDIA GB200 NVL72"`.
    pub title: &'a str,
    /// Its number, from 1.
    pub number: usize,
    /// Sheets in the pack.
    pub of: usize,
    /// The date printed on it.
    pub date: &'a str,
}

/// The drawing area inside the frame: `[x, y, width, height]`, mm.
pub fn area() -> [f64; 4] {
    let [w, h] = SHEET_MM;
    [MARGIN_MM + 4.0, MARGIN_MM + 4.0, w - 2.0 * MARGIN_MM - 8.0, h - 2.0 * MARGIN_MM - STRIP_MM - 8.0]
}

/// The document data in lines — project and customer; author and current revision — each only when stated.
pub fn document_lines(d: &DocumentInfo) -> Vec<String> {
    let join = |parts: [Option<String>; 2]| {
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    };
    let some = |s: &str, f: &dyn Fn(&str) -> String| (!s.is_empty()).then(|| f(s));
    [
        join([some(&d.project, &|p| format!("Project: {p}")), some(&d.customer, &|c| format!("for {c}"))]),
        join([
            some(&d.prepared_by, &|a| format!("Prepared by {a}")),
            d.current().map(|r| format!("rev {} of {}", r.rev, r.date)),
        ]),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Opens a framed sheet: the `<svg>` root in millimetres, white paper.
pub fn open(out: &mut String, title: &str) {
    let [w, h] = SHEET_MM;
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\">"
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
}

/// Closes a framed sheet: the border and the title strip over what was drawn, then `</svg>`.
pub fn close(out: &mut String, layout: &Layout, sheet: &SheetInfo<'_>) {
    let [w, h] = SHEET_MM;
    let (x0, y0) = (MARGIN_MM, MARGIN_MM);
    let (bw, bh) = (w - 2.0 * MARGIN_MM, h - 2.0 * MARGIN_MM);
    let sy = y0 + bh - STRIP_MM;
    let _ = writeln!(out, "<g id=\"sheet-frame\">");
    let _ = writeln!(
        out,
        "<rect x=\"{x0}\" y=\"{y0}\" width=\"{bw}\" height=\"{bh}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"0.5\"/>"
    );
    let _ = writeln!(
        out,
        "<rect x=\"{x0}\" y=\"{sy}\" width=\"{bw}\" height=\"{STRIP_MM}\" fill=\"#ffffff\" stroke=\"{INK}\" \
         stroke-width=\"0.35\"/>"
    );
    // Three boxes: the sheet and design; the document data; date and sheet number.
    let (c1, c2) = (x0 + 170.0, x0 + bw - 70.0);
    for x in [c1, c2] {
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{sy}\" x2=\"{x}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"0.25\"/>",
            sy + STRIP_MM
        );
    }
    let name = if layout.name.trim().is_empty() { "Untitled hall" } else { layout.name.as_str() };
    // A long title in smaller letters (down to 3.2 mm) before it is cut.
    let chars = sheet.title.chars().count() as f64;
    let size = (5.0 * 58.0 / chars.max(1.0)).clamp(3.2, 5.0);
    text(out, x0 + 4.0, sy + 9.0, size, INK, &clip(sheet.title, (58.0 * 5.0 / size + 1e-6) as usize), "sheet-title");
    text(out, x0 + 4.0, sy + 17.0, 3.2, QUIET, &clip(name, 90), "");
    let d = &layout.document;
    let mut lines = document_lines(d);
    if let Some(r) = d.current().filter(|r| !r.note.is_empty()) {
        lines.push(format!("rev {}: {}", r.rev, r.note));
    }
    if lines.is_empty() {
        lines.push("No project or revision stated (Hall › Document)".to_owned());
    }
    for (i, l) in lines.iter().take(3).enumerate() {
        text(out, c1 + 4.0, sy + 7.0 + 6.0 * i as f64, 3.0, INK, &clip(l, 95), "");
    }
    text(out, c2 + 4.0, sy + 7.0, 3.0, INK, &format!("Date: {}", sheet.date), "");
    text(out, c2 + 4.0, sy + 13.0, 3.6, INK, &format!("Sheet {} of {}", sheet.number, sheet.of), "sheet-number");
    text(out, c2 + 4.0, sy + 19.5, 2.6, QUIET, "drawn by clusterplan", "");
    let _ = writeln!(out, "</g>\n</svg>");
}

/// Writes a text; `id` when not empty.
pub fn text(out: &mut String, x: f64, y: f64, size_mm: f64, fill: &str, body: &str, id: &str) {
    let id = if id.is_empty() { String::new() } else { format!(" id=\"{id}\"") };
    let _ = writeln!(
        out,
        "<text{id} x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{size_mm:.2}\" fill=\"{fill}\">{}</text>",
        esc(body)
    );
}

/// Draws another drawing (an `<svg>` with a `viewBox`) scaled to fit `area` and centred in it, clipped to it.
pub fn embed(out: &mut String, drawing: &str, [x, y, w, h]: [f64; 4], clip_id: &str) {
    let Some((vw, vh, inner)) = split_svg(drawing) else { return };
    let k = (w / vw).min(h / vh);
    let (ox, oy) = (x + (w - vw * k) / 2.0, y + (h - vh * k) / 2.0);
    let _ = writeln!(
        out,
        "<clipPath id=\"{clip_id}\"><rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\"/></clipPath>"
    );
    let _ = writeln!(
        out,
        "<g clip-path=\"url(#{clip_id})\"><g transform=\"translate({ox:.3} {oy:.3}) scale({k:.5})\">\n{inner}</g></g>"
    );
}

/// A drawing's `viewBox` size and what is inside its root element; its full-size backgrounds are dropped (the
/// sheet has its own paper).
fn split_svg(svg: &str) -> Option<(f64, f64, String)> {
    let start = svg.find("<svg")?;
    let open_end = start + svg[start..].find('>')?;
    let root = &svg[start..open_end];
    let vb = root.split("viewBox=\"").nth(1)?.split('"').next()?;
    let nums: Vec<f64> = vb.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let [_, _, vw, vh] = nums[..] else { return None };
    let close = svg.rfind("</svg>")?;
    let inner = svg[open_end + 1..close]
        .lines()
        .filter(|l| !l.contains("width=\"100%\" height=\"100%\""))
        .collect::<Vec<_>>()
        .join("\n");
    (vw > 0.0 && vh > 0.0).then_some((vw, vh, inner))
}

/// Text made safe inside an SVG element.
pub fn esc(s: &str) -> String {
    crate::export::plan::esc(s)
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { s.chars().take(n.saturating_sub(1)).collect::<String>() + "…" }
}
