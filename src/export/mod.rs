//! What a user hands to others: the bill of materials as CSV or JSON (and, with the plan exports, drawings).
//! The designer's File › Export and the command line both call these, so the two give the same files.

use crate::analysis::{BomRow, Report};

/// Columns of the BOM CSV, in order.
pub const BOM_COLUMNS: [&str; 8] =
    ["category", "part", "description", "quantity", "unit", "unit_price_usd", "extended_usd", "source"];

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
        ])?;
    }
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
