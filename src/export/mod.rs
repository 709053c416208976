//! What a user hands to others: the bill of materials as CSV or JSON (and, with the plan exports, drawings).
//! The designer's File › Export and the command line both call these, so the two give the same files.

pub mod bom_sheet;
pub mod elevations;
pub mod frame;
pub mod html;
pub mod netbox;
pub mod pack;
pub mod plan;
pub mod sld;
pub mod timeline;

use crate::analysis::{BomRow, Report};
use crate::model::Layout;
pub use plan::{PlanOptions, PlanOverlay, SheetKind};

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The plan drawing as SVG.
    Svg,
    /// The plan drawing as PNG (150 dpi).
    Png,
    /// The plan drawing as a one-page PDF.
    Pdf,
    /// The bill of materials as CSV.
    Csv,
    /// The report as JSON.
    Json,
    /// The customer's report: one HTML file (figures, plan with hover details, BOM, comparison).
    Html,
    /// The NetBox import: a folder (`NAME.netbox/`) of bulk-import CSVs in import order.
    Netbox,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Pdf,
        ExportFormat::Png,
        ExportFormat::Svg,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Html,
        ExportFormat::Netbox,
    ];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Html => "html",
            ExportFormat::Netbox => "netbox",
        }
    }

    /// What the file holds, for menus and dialogs.
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Svg => "Plan drawing (SVG)",
            ExportFormat::Png => "Plan image (PNG, 150 dpi)",
            ExportFormat::Pdf => "Plan sheet (PDF, A3)",
            ExportFormat::Csv => "Bill of materials (CSV)",
            ExportFormat::Json => "Report (JSON)",
            ExportFormat::Html => "Report for the customer (HTML)",
            ExportFormat::Netbox => "NetBox import (a folder of CSVs)",
        }
    }

    /// True for the plan drawings (which take an overlay and a theme).
    pub fn is_plan(self) -> bool {
        matches!(self, ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf)
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// The report as JSON (stable keys; `clusterplan report --format json` prints the same).
pub fn report_json(report: &Report) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report).map(|s| s + "\n")
}

/// Dots per inch of an exported PNG.
pub const PNG_DPI: f32 = 150.0;

/// The drawing of one sheet (plan, power chain or timeline) as SVG, or why there is none.
pub fn sheet_drawing(layout: &Layout, report: &Report, opts: &PlanOptions) -> Result<String, String> {
    match opts.sheet {
        SheetKind::Plan => Ok(plan::plan_svg(layout, report, opts)),
        SheetKind::PowerChain if layout.site.is_none() => {
            Err("the layout does not model its site, so it has no power chain to draw; generate a hall with a site \
                 or add one to the file"
                .to_owned())
        }
        SheetKind::PowerChain => {
            let title = format!(
                "{} — power chain, {}; {}",
                if layout.name.is_empty() { "Layout" } else { &layout.name },
                power_chain_heading(report),
                opts.date
            );
            Ok(sld::svg(&sld::Diagram::of(layout, report), &title))
        }
        SheetKind::Timeline => {
            let phases = crate::analysis::phases::analyse_phases(layout);
            let title = format!(
                "{} — the build in phases: {}; {}",
                if layout.name.is_empty() { "Layout" } else { &layout.name },
                timeline_heading(&phases),
                opts.date
            );
            Ok(timeline::svg(&phases, &title))
        }
        SheetKind::Pack => Err("the design pack has several sheets: write it as PDF, or pick one sheet with \
                                --page N to write it as SVG or PNG"
            .to_owned()),
        SheetKind::PackSheet(n) => {
            let mut sheets = pack::sheets(layout, report, opts);
            let count = sheets.len();
            if n == 0 || n > count {
                return Err(format!("the design pack has {count} sheets: give --page 1 to {count}"));
            }
            Ok(sheets.swap_remove(n - 1).svg)
        }
    }
}

/// What the power chain's drawing says of itself: `design basis (peak IT): facility …, firm grid …, PUE … design`.
pub fn power_chain_heading(report: &Report) -> String {
    format!(
        "design basis (peak IT): facility {}, firm grid {}, PUE {:.2} design",
        crate::format::power(report.site.facility_design_kw),
        crate::format::power(report.site.grid_kw),
        report.site.pue_design
    )
}

/// What the timeline's drawing says of itself: `N GPUs by day D`.
pub fn timeline_heading(phases: &crate::analysis::phases::PhasesReport) -> String {
    let gpus = phases.phases.last().map_or(0, |p| p.gpus_online);
    format!("{} GPUs by day {}", crate::format::count(gpus), phases.days_to_full_capacity())
}

/// The bytes of an export — the one function the command line and the designer's File › Export… both call.
pub fn export_bytes(
    layout: &Layout,
    report: &Report,
    format: ExportFormat,
    opts: &PlanOptions,
) -> Result<Vec<u8>, String> {
    let drawing = || sheet_drawing(layout, report, opts);
    match format {
        ExportFormat::Csv => bom_csv(layout, report, &opts.date).map(String::into_bytes).map_err(|e| e.to_string()),
        ExportFormat::Json => report_json(report).map(String::into_bytes).map_err(|e| e.to_string()),
        ExportFormat::Html => Ok(html::report_html(layout, report, opts, None).into_bytes()),
        ExportFormat::Netbox => {
            Err("the NetBox import is a folder of files: write it with netbox::write_folder".into())
        }
        ExportFormat::Pdf if opts.sheet == SheetKind::Pack => {
            pack::pdf(layout, &pack::sheets(layout, report, opts)).map_err(|e| e.to_string())
        }
        ExportFormat::Svg => drawing().map(String::into_bytes),
        ExportFormat::Png => plan::svg_to_png(&drawing()?, PNG_DPI).map_err(|e| e.to_string()),
        ExportFormat::Pdf => plan::svg_to_pdf(&drawing()?).map_err(|e| e.to_string()),
    }
}

/// Columns of the BOM CSV's table, in order (after its header block and a blank line).
pub const BOM_COLUMNS: [&str; 12] = [
    "category",
    "manufacturer",
    "part_number",
    "part",
    "description",
    "quantity",
    "spares",
    "unit",
    "unit_price_usd",
    "extended_usd",
    "confidence",
    "source",
];

/// How firm a price is, in a buyer's three words: `quoted` (a vendor's quote, or the design's own price),
/// `list` (a published list price) or `estimate` (press-reported or a planning estimate); `unpriced` when there is
/// none.
pub fn confidence(basis: &str) -> &'static str {
    match basis {
        "quoted" | "layout" => "quoted",
        "list" => "list",
        "none" => "unpriced",
        _ => "estimate",
    }
}

/// Where a price comes from in a buyer's words: what kind of figure it is, then its source without the
/// reference's section marks.
pub fn buyer_source(row: &BomRow) -> String {
    let kind = match row.basis {
        "quoted" => "Vendor quote",
        "list" => "List price",
        "reported" => "Reported price",
        "layout" => "The design's own price",
        "none" => "No price",
        _ => "Planning estimate",
    };
    // "(reference §11b: …)" and "Reference 4:" point into clusterplan's reference, not something a buyer has.
    let mut s = row.source.clone();
    // Parentheses that speak of the reference go whole; ", reference §…" inside others goes to their close.
    let mut from = 0;
    while let Some(open) = s[from..].find('(').map(|o| from + o) {
        let Some(close) = s[open..].find(')').map(|c| open + c) else { break };
        if s[open..close].to_lowercase().contains("reference") {
            s.replace_range(open..=close, "");
        } else {
            from = open + 1;
        }
    }
    for mark in [", reference §", "; reference §"] {
        while let Some(at) = s.find(mark) {
            let close = s[at..].find(')').map_or(s.len(), |e| at + e);
            s.replace_range(at..close, "");
        }
    }
    // A leading "Reference 4 " or "Reference §11b: ": the word and its section.
    let s = match s.strip_prefix("Reference ") {
        Some(rest) => rest.split_once(' ').map_or("", |(_, tail)| tail),
        None => s.as_str(),
    };
    let s = s.replace("  ", " ").replace(" ,", ",").replace(" .", ".").replace(" ;", ";");
    let s = s.trim();
    if s.is_empty() || row.basis == "layout" {
        kind.to_owned()
    } else if s.to_lowercase().starts_with(&kind.to_lowercase()) {
        s.to_owned()
    } else {
        format!("{kind}: {s}")
    }
}

/// A BOM row's maker and part number in one field (`"NVIDIA MQM9700-NS2F"`, `"Supermicro"`), empty when neither is
/// known — the BOM sheet's and the HTML report's column.
pub fn maker_part(r: &BomRow) -> String {
    format!("{} {}", r.manufacturer, r.part_number).trim().to_owned()
}

/// A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe, so a
/// description or a name typed into the design can never run in the buyer's spreadsheet.
fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() }
}

/// The BOM CSV's header block: `key,value` lines a buyer reads before the table.
pub fn bom_header(layout: &Layout, report: &Report, date: &str) -> Vec<(&'static str, String)> {
    let d = &layout.document;
    let rev = d.current();
    let spares = layout.hall.settings.spares_pct;
    vec![
        ("bill_of_materials", if layout.name.is_empty() { "Untitled hall".to_owned() } else { layout.name.clone() }),
        ("project", d.project.clone()),
        ("customer", d.customer.clone()),
        ("prepared_by", d.prepared_by.clone()),
        ("revision", rev.map(|r| r.rev.clone()).unwrap_or_default()),
        ("revision_date", rev.map(|r| r.date.clone()).unwrap_or_default()),
        ("exported", date.to_owned()),
        ("currency", "USD".to_owned()),
        (
            "spares_policy",
            if spares > 0.0 {
                format!("{spares} % more transceivers, cables and fibre, rounded up (in the quantities)")
            } else {
                "none (Hall › Spares)".to_owned()
            },
        ),
        ("capital_cost_usd", format!("{:.2}", report.cost.capex_usd)),
        ("includes", report.cost.includes.clone()),
    ]
}

/// The bill of materials as CSV for a buyer: a header block of `key,value` records (design, project, revision,
/// date, currency, spares policy, the capital cost), a blank line, then the table — [`BOM_COLUMNS`], one row per
/// orderable line, prices to the cent — and a `total` row, the report's capital cost (the rows' extended prices
/// add up to it, within each row's rounding to the cent). Each block is RFC 4180; text a spreadsheet would take
/// for a formula is quoted with an apostrophe.
pub fn bom_csv(layout: &Layout, report: &Report, date: &str) -> Result<String, csv::Error> {
    let mut head = csv::Writer::from_writer(Vec::new());
    for (k, v) in bom_header(layout, report, date) {
        head.write_record([k.to_owned(), text_cell(&v)])?;
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(BOM_COLUMNS)?;
    for r in &report.bom {
        w.write_record([
            r.category.to_owned(),
            text_cell(&r.manufacturer),
            text_cell(&r.part_number),
            text_cell(&r.part),
            text_cell(&r.description),
            r.quantity.to_string(),
            r.spares.to_string(),
            r.unit.to_owned(),
            format!("{:.2}", r.unit_price_usd),
            format!("{:.2}", r.extended_usd),
            confidence(r.basis).to_owned(),
            text_cell(&buyer_source(r)),
        ])?;
    }
    let mut last = vec![String::new(); BOM_COLUMNS.len()];
    last[0] = "total".to_owned();
    last[4] = format!("{} lines", report.bom.len());
    last[9] = format!("{:.2}", report.cost.capex_usd);
    w.write_record(&last)?;
    // The block, a blank line, the table.
    Ok(csv_text(head)? + "\n" + &csv_text(w)?)
}

/// The BOM CSV's table (after the header block), as records: for a reader of [`bom_csv`]'s output.
pub fn bom_table(text: &str) -> Result<Vec<csv::StringRecord>, csv::Error> {
    let table = text.split_once("\n\n").or_else(|| text.split_once("\r\n\r\n")).map_or(text, |(_, t)| t);
    csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(table.as_bytes()).records().collect()
}

/// The text a CSV writer holds.
fn csv_text(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The bill of materials as JSON: `rows` (as the CSV, plus `assumption`) and `cost` (the report's totals).
pub fn bom_json(report: &Report) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Bom<'a> {
        rows: &'a [BomRow],
        cost: &'a crate::analysis::CostReport,
    }
    serde_json::to_string_pretty(&Bom { rows: &report.bom, cost: &report.cost }).map(|s| s + "\n")
}

/// Two designs compared as JSON: `a` and `b` hold the two reports, `delta` B − A under the same key paths
/// (`delta.gpus.total`, `delta.memory.hbm_tb`, `delta.cost.capex_usd`, …) and `figures` the table.
///
/// `days` is each design's days to full capacity (from its phases), a figure of its own at the table's end.
pub fn compare_json(a: &Report, b: &Report, days: (u32, u32)) -> Result<String, serde_json::Error> {
    let (va, vb) = (serde_json::to_value(a)?, serde_json::to_value(b)?);
    let delta = crate::analysis::compare::delta_json(&va, &vb).unwrap_or_else(|| serde_json::json!({}));
    let figures = compare_figures(a, b, days);
    serde_json::to_string_pretty(&serde_json::json!({ "a": va, "b": vb, "delta": delta, "figures": figures }))
        .map(|s| s + "\n")
}

/// The compare table: the reports' figures and the days to full capacity (the CLI's and the Compare tab's).
pub fn compare_figures(a: &Report, b: &Report, days: (u32, u32)) -> Vec<crate::analysis::compare::Figure> {
    let mut figures = crate::analysis::compare::figures(a, b);
    figures.push(crate::analysis::compare::time_figure(days.0, days.1));
    figures
}

/// Two designs compared as CSV: `figure,unit,a,b,delta,percent`.
pub fn compare_csv(a: &Report, b: &Report, days: (u32, u32)) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["figure", "unit", "a", "b", "delta", "percent"])?;
    for f in compare_figures(a, b, days) {
        w.write_record([
            f.label.trim().to_owned(),
            f.unit.to_owned(),
            f.a.to_string(),
            f.b.to_string(),
            f.delta.to_string(),
            f.percent.map_or_else(String::new, |p| format!("{p:.3}")),
        ])?;
    }
    csv_text(w)
}

/// A compared figure's value for people: dollars short, counts grouped, the rest to one or two decimals.
pub fn figure_value(unit: &str, v: f64) -> String {
    use crate::format::{group_float, usd};
    match unit {
        "USD" => usd(v),
        "ratio" => format!("{v:.3}"),
        "" | "GPUs" => group_float(v, if v.fract() == 0.0 { 0 } else { 1 }),
        "%" | "MW" | "PFLOPS" | "km" | "mi" | "t" | "TB" | "MMBtu/h" => group_float(v, 1),
        _ => group_float(v, 0),
    }
}

/// Two designs compared as a text table.
pub fn compare_text(name_a: &str, name_b: &str, a: &Report, b: &Report, days: (u32, u32)) -> String {
    use std::fmt::Write as _;
    let figures = compare_figures(a, b, days);
    let mut s = String::new();
    let _ = writeln!(s, "A: {name_a}\nB: {name_b}\n");
    let _ = writeln!(s, "{:<30} {:>14} {:>14} {:>14} {:>8}", "", "A", "B", "B − A", "%");
    for f in &figures {
        let label =
            if f.unit.is_empty() || f.unit == "USD" { f.label.clone() } else { format!("{} ({})", f.label, f.unit) };
        let shown = figure_value(f.unit, f.delta);
        let sign = if f.delta > 0.0 && shown.chars().any(|c| ('1'..='9').contains(&c)) { "+" } else { "" };
        let _ = writeln!(
            s,
            "{label:<30} {:>14} {:>14} {:>14} {:>8}",
            figure_value(f.unit, f.a),
            figure_value(f.unit, f.b),
            format!("{sign}{shown}"),
            f.percent.map_or_else(
                || "—".to_owned(),
                |p| {
                    if p.abs() < 0.05 { "0.0".to_owned() } else { format!("{}{p:.1}", if p > 0.0 { "+" } else { "" }) }
                }
            )
        );
    }
    for (side, r) in [("A", a), ("B", b)] {
        if !r.cost.unpriced.is_empty() {
            let _ = writeln!(
                s,
                "\nnote: {side} has {} type(s) without a price ({}): its capital cost leaves them out",
                r.cost.unpriced.len(),
                r.cost.unpriced.join(", ")
            );
        }
    }
    s
}
