//! The report a customer opens: one self-contained HTML file (no network, no fonts or scripts fetched) holding the
//! design's document data, its key figures (the Compare tab's table, one column), the plan as inline SVG with a
//! hover card for every item (its designation, type, power at design basis, feeds, cooling), the bill of
//! materials with its total, and — when a second design is given — the comparison, B against A.

use std::fmt::Write as _;

use super::plan::{PlanOptions, plan_svg};
use super::{buyer_source, confidence, figure_value};
use crate::analysis::Report;
use crate::model::Layout;

/// A second design to compare with: its layout, its report, and both designs' days to full capacity.
pub struct Compared<'a> {
    /// Design B.
    pub layout: &'a Layout,
    /// Its report.
    pub report: &'a Report,
    /// Days to full capacity of A and of B.
    pub days: (u32, u32),
}

/// The report, compared with `other` when given (analysed here, with both designs' days to full capacity): what
/// `clusterplan export --compare` and the designer's File › Export (with B open) write.
pub fn report_with(layout: &Layout, report: &Report, opts: &PlanOptions, other: Option<&Layout>) -> String {
    let Some(b) = other else { return report_html(layout, report, opts, None) };
    let rb = crate::analysis::analyse(b);
    let days = |l: &Layout| crate::analysis::phases::analyse_phases(l).days_to_full_capacity();
    report_html(layout, report, opts, Some(Compared { layout: b, report: &rb, days: (days(layout), days(b)) }))
}

/// The report as one HTML document.
pub fn report_html(layout: &Layout, report: &Report, opts: &PlanOptions, compare: Option<Compared<'_>>) -> String {
    let name = if layout.name.trim().is_empty() { "Untitled hall" } else { layout.name.as_str() };
    let mut h = String::with_capacity(256 * layout.items.len() + 65_536);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"clusterplan\">\n\
         <title>{} — design report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        esc(name)
    );
    let _ = writeln!(h, "<header><h1>{}</h1>", esc(name));
    for line in super::frame::document_lines(&layout.document) {
        let _ = writeln!(h, "<p class=\"doc\">{}</p>", esc(&line));
    }
    if let Some(r) = layout.document.current().filter(|r| !r.note.is_empty()) {
        let _ = writeln!(h, "<p class=\"doc\">rev {}: {}</p>", esc(&r.rev), esc(&r.note));
    }
    let _ = writeln!(
        h,
        "<p class=\"quiet\">Report of {}{} · drawn by clusterplan. Power and cooling at <b>design</b> basis are \
         peak figures for sizing equipment; <b>typical</b> figures are for energy and cost.</p></header>",
        esc(&opts.date),
        opts.file.as_deref().map(|f| format!(" · file {}", esc(f))).unwrap_or_default()
    );

    // Key figures: the Compare tab's figures, this design's column.
    let _ = writeln!(h, "<section id=\"figures\"><h2>Key figures</h2>\n<table class=\"figures\">");
    for f in crate::analysis::compare::figures(report, report) {
        // A figure's parts (a GPU model under GPUs, a medium under cables) are indented under it.
        let class = if f.label.starts_with(' ') { " class=\"sub\"" } else { "" };
        let _ = writeln!(
            h,
            "<tr><th{class}>{}</th><td class=\"num\">{}</td><td class=\"unit\">{}</td></tr>",
            esc(f.label.trim()),
            esc(&figure_value(f.unit, f.a)),
            esc(f.unit)
        );
    }
    let _ = writeln!(h, "</table>");
    let warnings = report.warnings.len();
    let _ = writeln!(
        h,
        "<p class=\"quiet\">The fabric's figures count the compute fabric as built; the bill of materials also \
         orders the storage and in-band networks (sized, not placed) and the spares.</p>"
    );
    let _ = writeln!(
        h,
        "<p class=\"quiet\">Checks: {}.</p></section>",
        if warnings == 0 {
            "clean".to_owned()
        } else {
            format!("{warnings} warnings (see the designer or `clusterplan check`)")
        }
    );

    // The plan, inline, with a hover card per item.
    let _ = writeln!(h, "<section id=\"plan\"><h2>Floor plan</h2>\n<div class=\"plan\">");
    h.push_str(&plan_svg(layout, report, opts));
    let _ = writeln!(h, "</div>\n<div id=\"card\" role=\"tooltip\" hidden></div>\n</section>");

    if let Some(c) = &compare {
        let _ = writeln!(
            h,
            "<section id=\"comparison\"><h2>Compared with {b}</h2>\n<table class=\"compare\">\n<tr><th>Figure</th>\
             <th>A: this design</th><th>B: {b}</th><th>B − A</th><th>change, %</th></tr>",
            b = esc(if c.layout.name.is_empty() { "design B" } else { &c.layout.name })
        );
        for f in super::compare_figures(report, c.report, c.days) {
            let _ = writeln!(
                h,
                "<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td></tr>",
                esc(&if f.unit.is_empty() {
                    f.label.trim().to_owned()
                } else {
                    format!("{} ({})", f.label.trim(), f.unit)
                }),
                esc(&figure_value(f.unit, f.a)),
                esc(&figure_value(f.unit, f.b)),
                esc(&figure_value(f.unit, f.delta)),
                f.percent.map_or_else(String::new, |p| format!("{p:+.1}"))
            );
        }
        let _ = writeln!(h, "</table></section>");
    }

    bom(&mut h, report, layout.hall.settings.spares_pct);
    let _ = writeln!(h, "<script>\nconst CARDS = {};\n{SCRIPT}</script>\n</body>\n</html>", cards(layout));
    h
}

/// The BOM as a table, with its total.
fn bom(h: &mut String, report: &Report, spares_pct: f64) {
    let spares = if spares_pct > 0.0 {
        format!("{spares_pct} % more transceivers, cables and fibre, rounded up, in the quantities")
    } else {
        "none".to_owned()
    };
    let _ = writeln!(
        h,
        "<section id=\"bom\"><h2>Bill of materials</h2>\n<table class=\"bom\">\n<tr><th>Category</th><th>Maker / part \
         number</th><th>Part</th><th>Description</th><th>Qty</th><th>of which spares</th><th>Unit</th><th>Unit price</th>\
         <th>Extended</th><th>Confidence</th></tr>"
    );
    for r in &report.bom {
        let _ = writeln!(
            h,
            "<tr title=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&buyer_source(r)),
            esc(r.category),
            esc(&super::maker_part(r)),
            esc(&r.part),
            esc(&r.description),
            crate::format::group_float(r.quantity as f64, 0),
            if r.spares > 0 { crate::format::group_float(r.spares as f64, 0) } else { String::new() },
            esc(r.unit),
            esc(&crate::format::usd(r.unit_price_usd)),
            esc(&crate::format::usd(r.extended_usd)),
            confidence(r.basis)
        );
    }
    let total = report.cost.capex_usd;
    let _ = writeln!(
        h,
        "<tr class=\"total\"><td colspan=\"8\">Total, {} lines ({})</td><td class=\"num\">{}</td><td></td></tr>\n\
         </table>\n<p class=\"quiet\">US dollars. Spares: {}. Confidence: quoted (a vendor's quote or a price entered \
         in the design), list (published), estimate (reported or a planning figure).</p></section>",
        report.bom.len(),
        esc(&report.cost.includes),
        esc(&crate::format::usd(total)),
        esc(&spares)
    );
}

/// Every item's hover card as a JSON object `{"item-7": "R03-12 · …"}`.
fn cards(layout: &Layout) -> String {
    let rows = crate::analysis::rows::rows(layout);
    let mut map = serde_json::Map::with_capacity(layout.items.len());
    let name_of = |id| layout.index_of(id).map(|i| &layout.items[i]).and_then(|it| layout.type_of(it).map(|t| (it, t)));
    for item in &layout.items {
        let Some(ty) = layout.type_of(item) else { continue };
        let mut lines = vec![rows.label(item, ty), ty.name.clone()];
        let p = crate::analysis::item_power_in(layout, item);
        if p.peak_kw > 0.0 {
            lines.push(format!(
                "IT {} design (peak) · {} typical",
                crate::format::power(p.peak_kw),
                crate::format::power(p.typical_kw)
            ));
        }
        let feeds: Vec<String> = [item.feed_a, item.feed_b, item.feed_c]
            .into_iter()
            .flatten()
            .map(|f| name_of(f).map_or_else(|| f.to_string(), |(it, t)| rows.label(it, t)))
            .collect();
        if !feeds.is_empty() {
            lines.push(format!("Fed by {}", feeds.join(", ")));
        }
        if let Some((it, t)) = item.cooling.and_then(name_of) {
            lines.push(format!("Cooled by {}", rows.label(it, t)));
        }
        map.insert(format!("item-{}", item.id.0), serde_json::Value::String(lines.join("\n")));
    }
    // In a <script>: no markup at all (a "<!--" or "</script>" in a name would end or hide the script).
    serde_json::Value::Object(map).to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Text made safe in HTML.
fn esc(s: &str) -> String {
    super::plan::esc(s)
}

const CSS: &str = "body{font-family:Ubuntu,'Segoe UI',Helvetica,Arial,sans-serif;color:#111;margin:24px auto;\
max-width:1500px;padding:0 16px}h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:1px solid #999}\
.doc{margin:2px 0;font-size:15px}.quiet{color:#333;font-size:13px}table{border-collapse:collapse;font-size:13px}\
th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}td.num{text-align:right;\
white-space:nowrap}table.figures th{font-weight:normal}table.figures th.sub{padding-left:24px;color:#333}tr.total td{font-weight:bold;border-top:2px solid #555}\
.plan svg{width:100%;height:auto;border:1px solid #ccc}#card{position:fixed;pointer-events:none;background:#fff;\
border:1px solid #555;padding:6px 9px;font-size:13px;white-space:pre-line;box-shadow:0 2px 6px rgba(0,0,0,.25)}\
@media print{#card{display:none}}\n";

const SCRIPT: &str = "const card=document.getElementById('card');\
document.querySelectorAll('.plan rect[id^=\"item-\"]').forEach(function(r){\
r.addEventListener('mousemove',function(e){const t=CARDS[r.id];if(!t){return;}card.textContent=t;\
card.style.left=(e.clientX+14)+'px';card.style.top=(e.clientY+14)+'px';card.hidden=false;});\
r.addEventListener('mouseleave',function(){card.hidden=true;});});\
document.body.dataset.cards=String(Object.keys(CARDS).length);\n";
