//! What a user hands to others: the bill of materials as CSV or JSON (and, with the plan exports, drawings).
//! The designer's File › Export and the command line both call these, so the two give the same files.

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
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 5] =
        [ExportFormat::Pdf, ExportFormat::Png, ExportFormat::Svg, ExportFormat::Csv, ExportFormat::Json];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
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

/// The bytes of an export — the one function the command line and the designer's File › Export… both call.
pub fn export_bytes(
    layout: &Layout,
    report: &Report,
    format: ExportFormat,
    opts: &PlanOptions,
) -> Result<Vec<u8>, String> {
    let drawing = || match opts.sheet {
        SheetKind::Plan => Ok(plan::plan_svg(layout, report, opts)),
        SheetKind::PowerChain if layout.site.is_none() => {
            Err("the layout does not model its site, so it has no power chain to draw; generate a hall with a site \
                 or add one to the file"
                .to_owned())
        }
        SheetKind::PowerChain => {
            let title = format!(
                "{} — power chain, design basis (peak IT): facility {}, firm grid {}, PUE {:.2} design; {}",
                if layout.name.is_empty() { "Layout" } else { &layout.name },
                crate::format::power(report.site.facility_design_kw),
                crate::format::power(report.site.grid_kw),
                report.site.pue_design,
                opts.date
            );
            Ok(sld::svg(&sld::Diagram::of(layout, report), &title))
        }
        SheetKind::Timeline => {
            let phases = crate::analysis::phases::analyse_phases(layout);
            let last = phases.phases.last();
            let title = format!(
                "{} — the build in phases: {} GPUs by day {}; {}",
                if layout.name.is_empty() { "Layout" } else { &layout.name },
                crate::format::count(last.map_or(0, |p| p.gpus_online)),
                phases.days_to_full_capacity(),
                opts.date
            );
            Ok(timeline::svg(&phases, &title))
        }
    };
    match format {
        ExportFormat::Csv => bom_csv(report).map(String::into_bytes).map_err(|e| e.to_string()),
        ExportFormat::Json => report_json(report).map(String::into_bytes).map_err(|e| e.to_string()),
        ExportFormat::Svg => drawing().map(String::into_bytes),
        ExportFormat::Png => plan::svg_to_png(&drawing()?, PNG_DPI).map_err(|e| e.to_string()),
        ExportFormat::Pdf => plan::svg_to_pdf(&drawing()?).map_err(|e| e.to_string()),
    }
}

/// Columns of the BOM CSV, in order.
pub const BOM_COLUMNS: [&str; 9] =
    ["category", "part", "description", "quantity", "unit", "unit_price_usd", "extended_usd", "source", "basis"];

/// The bill of materials as CSV (RFC 4180, a header row, prices to the cent).
pub fn bom_csv(report: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(BOM_COLUMNS)?;
    for r in &report.bom {
        w.write_record([
            r.category.to_owned(),
            r.part.clone(),
            r.description.clone(),
            r.quantity.to_string(),
            r.unit.to_owned(),
            format!("{:.2}", r.unit_price_usd),
            format!("{:.2}", r.extended_usd),
            r.source.clone(),
            r.basis.to_owned(),
        ])?;
    }
    csv_text(w)
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
