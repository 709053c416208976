//! The subcommands, one function each: what they read, what they print, the exit code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::text::format_text;
use super::{
    BomFormat, CompareFormat, Format, Outcome, OverlayArg, PhasesFormat, ThemeArg, UnitsArg, save_and_say, severity,
};
use crate::analysis::analyse;
use crate::export::{ExportFormat, PlanOptions, PlanOverlay, export_bytes};
use crate::generate::{GpuAddition, PRESETS, expand, generate, preset_params, with_additions};
use crate::io::load_layout;

/// An error on the standard error, exit code 2.
fn failed(out: &mut Outcome, message: String) {
    out.code = 2;
    out.stderr = message;
}

/// The layout in a file, or None with the error written to `out` (exit code 2).
fn load_or_fail(file: &Path, out: &mut Outcome) -> Option<crate::model::Layout> {
    load_layout(file).map_err(|e| failed(out, format!("error: {e}\n"))).ok()
}

/// `report FILE`: the report as text or JSON.
pub(super) fn report(file: &Path, format: Format) -> Outcome {
    let mut out = Outcome::default();
    let Some(layout) = load_or_fail(file, &mut out) else { return out };
    let report = analyse(&layout);
    match format {
        Format::Text => out.stdout = format_text(&layout.name, &report),
        Format::Json => match crate::export::report_json(&report) {
            Ok(s) => out.stdout = s,
            Err(e) => failed(&mut out, format!("cannot write the report as JSON: {e}\n")),
        },
    }
    out
}

/// `check FILE…`: each file's warnings; exit 1 when any has errors, 2 when any cannot be read.
pub(super) fn check(files: &[PathBuf]) -> Outcome {
    let mut out = Outcome::default();
    for file in files {
        let layout = match load_layout(file) {
            Ok(l) => l,
            Err(e) => {
                out.code = 2;
                let _ = writeln!(out.stderr, "error: {e}");
                continue;
            }
        };
        let report = analyse(&layout);
        let errors = report.error_count();
        for w in &report.warnings {
            let _ = writeln!(out.stderr, "{}: {}[{}]: {}", file.display(), severity(w.severity), w.code, w.message);
        }
        if errors > 0 {
            out.code = out.code.max(1);
        }
        let _ = writeln!(
            out.stdout,
            "{}: {} — {} error(s), {} warning(s)",
            file.display(),
            if errors == 0 { "ok" } else { "FAILED" },
            errors,
            report.warnings.len() - errors
        );
    }
    out
}

/// `generate`'s site and phasing options.
pub(super) struct SiteArgs {
    pub grid_mw: Option<f64>,
    pub ups: Option<String>,
    pub no_site: bool,
    pub phases: Option<u32>,
    pub install_rate: Option<f64>,
}

/// The preset's parameters with the site options applied.
fn with_site(
    mut p: crate::generate::HallParams,
    site: &SiteArgs,
) -> Result<crate::generate::HallParams, crate::generate::GenerateError> {
    if let Some(rate) = site.install_rate {
        if !rate.is_finite() || !crate::model::limits::INSTALL_RACKS_PER_DAY.contains(&rate) {
            return Err(crate::generate::GenerateError::BadParameter {
                param: "install-rate",
                problem: format!("{rate} racks a day: give 0.1 to 10,000"),
            });
        }
        p.install_racks_per_day = rate;
    }
    if let Some(n) = site.phases {
        p.phasing = if n == 0 { crate::generate::Phasing::None } else { crate::generate::Phasing::BySu(n) };
    }
    if site.no_site {
        p.site = None;
        return Ok(p);
    }
    if let Some(plan) = &mut p.site {
        if let Some(text) = &site.ups {
            (plan.topology, plan.group) = crate::generate::SitePlan::parse_topology(text)?;
        }
        plan.grid_mw = site.grid_mw.or(plan.grid_mw);
    }
    Ok(p)
}

/// `generate --preset P [--gpus N | --su N] [--add TYPE:GPUS]… [--grid-mw MW] [--ups T] [--no-site] [--phases N]
/// [--install-rate R] -o FILE`.
pub(super) fn generate_file(
    preset: &str,
    gpus: Option<u64>,
    su: Option<u32>,
    add: &[String],
    site: SiteArgs,
    output: &Path,
) -> Outcome {
    let mut out = Outcome::default();
    let additions: Result<Vec<_>, _> = add.iter().map(|a| GpuAddition::parse(a)).collect();
    let params = additions
        .and_then(|add| preset_params(preset, gpus, su).map(|p| with_additions(p, add)))
        .and_then(|p| with_site(p, &site));
    match params.and_then(|p| generate(&p)) {
        Ok(layout) => save_and_say(&mut out, &layout, output, |report| {
            format!(
                "wrote {}: {} items, {} GPUs, {:.1} MW IT, {} error(s)",
                output.display(),
                layout.items.len(),
                report.gpus.total,
                report.power.it_kw / 1000.0,
                report.error_count()
            )
        }),
        Err(e) => failed(&mut out, format!("error: {e}\n")),
    }
    out
}

/// `expand FILE --add TYPE:GPUS… -o FILE`.
pub(super) fn expand_file(file: &Path, add: &[String], output: &Path) -> Outcome {
    let mut out = Outcome::default();
    let additions: Result<Vec<_>, _> = add.iter().map(|a| GpuAddition::parse(a)).collect();
    let grown = load_layout(file).map_err(|e| e.to_string()).and_then(|layout| {
        let before = analyse(&layout).gpus.total;
        additions
            .and_then(|add| expand(&layout, &add))
            .map(|g| (before, g))
            .map_err(|e| format!("cannot expand {}: {e}", file.display()))
    });
    match grown {
        Ok((before, g)) => save_and_say(&mut out, &g.layout, output, |report| {
            let units = crate::format::Units::default();
            format!(
                "wrote {}: {} → {} GPUs, {} items added, {} existing switch racks re-filled, hall now {} × {}, \
                 {:.1} MW IT, {} error(s), {} warning(s)",
                output.display(),
                crate::format::count(before),
                crate::format::count(report.gpus.total),
                crate::format::count(g.added_items as u64),
                g.refilled,
                units.length(g.layout.hall.width_m),
                units.length(g.layout.hall.depth_m),
                report.power.it_kw / 1000.0,
                report.error_count(),
                report.warnings.len() - report.error_count()
            )
        }),
        Err(e) => failed(&mut out, format!("error: {e}\n")),
    }
    out
}

/// `compare A B`: every figure side by side (text, JSON or CSV).
pub(super) fn compare(a: &Path, b: &Path, format: CompareFormat) -> Outcome {
    let mut out = Outcome::default();
    let (la, lb) = match (load_layout(a), load_layout(b)) {
        (Ok(la), Ok(lb)) => (la, lb),
        (Err(e), _) | (_, Err(e)) => {
            failed(&mut out, format!("error: {e}\n"));
            return out;
        }
    };
    let (ra, rb) = (analyse(&la), analyse(&lb));
    let full = |l: &crate::model::Layout| crate::analysis::phases::analyse_phases(l).days_to_full_capacity();
    let days = (full(&la), full(&lb));
    let name = |l: &crate::model::Layout, p: &Path| {
        if l.name.is_empty() { p.display().to_string() } else { format!("{} ({})", l.name, p.display()) }
    };
    let text = match format {
        CompareFormat::Text => Ok(crate::export::compare_text(&name(&la, a), &name(&lb, b), &ra, &rb, days)),
        CompareFormat::Json => crate::export::compare_json(&ra, &rb, days).map_err(|e| e.to_string()),
        CompareFormat::Csv => crate::export::compare_csv(&ra, &rb, days).map_err(|e| e.to_string()),
    };
    match text {
        Ok(t) => out.stdout = t,
        Err(e) => failed(&mut out, format!("error: cannot write the comparison: {e}\n")),
    }
    out
}

/// `bom FILE`: the bill of materials (CSV or JSON).
pub(super) fn bom(file: &Path, format: BomFormat) -> Outcome {
    let mut out = Outcome::default();
    let Some(layout) = load_or_fail(file, &mut out) else { return out };
    let report = analyse(&layout);
    let text = match format {
        BomFormat::Csv => {
            crate::export::bom_csv(&layout, &report, &crate::export::plan::today()).map_err(|e| e.to_string())
        }
        BomFormat::Json => crate::export::bom_json(&report).map_err(|e| e.to_string()),
    };
    match text {
        Ok(t) => out.stdout = t,
        Err(e) => failed(&mut out, format!("error: cannot write the bill of materials: {e}\n")),
    }
    out
}

/// The `phases` command: the phase table as text, JSON or CSV; exit 1 when a phase has an error-severity warning.
pub(super) fn phases(file: &Path, format: PhasesFormat) -> Outcome {
    let mut out = Outcome::default();
    let Some(layout) = load_or_fail(file, &mut out) else { return out };
    let r = crate::analysis::phases::analyse_phases(&layout);
    out.stdout = match format {
        PhasesFormat::Json => match serde_json::to_string_pretty(&r) {
            Ok(t) => t + "\n",
            Err(e) => {
                failed(&mut out, format!("error: cannot write the phases: {e}\n"));
                return out;
            }
        },
        PhasesFormat::Csv => phases_csv(&r),
        PhasesFormat::Text => phases_text(&r),
    };
    if r.warnings.iter().any(|w| w.severity == crate::analysis::Severity::Error) {
        out.code = 1;
    }
    out
}

fn phases_csv(r: &crate::analysis::phases::PhasesReport) -> String {
    let mut s = String::from(
        "name,day,date,gpus_online,bf16_pflops,hbm_tb,it_design_kw,it_energy_kw,facility_design_kw,facility_energy_kw,supply_firm_kw,supply_total_kw,headroom_kw,generation_carries_kw,bess_carries_kw,bess_hours,short_kw,capex_to_date_usd,energy_to_date_mwh,energy_cost_to_date_usd,errors\n",
    );
    for p in &r.phases {
        let name = format!("\"{}\"", p.name.replace('"', "\"\""));
        s += &format!(
            "{name},{},{},{},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{},{:.1},{:.0},{:.1},{:.0},{}\n",
            p.day,
            p.date.as_deref().unwrap_or(""),
            p.gpus_online,
            p.bf16_pflops,
            p.hbm_tb,
            p.it_design_kw,
            p.it_energy_kw,
            p.facility_design_kw,
            p.facility_energy_kw,
            p.supply_firm_kw,
            p.supply_total_kw,
            p.headroom_kw,
            p.generation_carries_kw,
            p.bess_carries_kw,
            p.bess_hours.map_or_else(String::new, |h| format!("{h:.2}")),
            p.short_kw,
            p.capex_to_date_usd,
            p.energy_to_date_mwh,
            p.energy_cost_to_date_usd,
            p.errors
        );
    }
    s
}

fn phases_text(r: &crate::analysis::phases::PhasesReport) -> String {
    let g = crate::digits::group_digits;
    let w = r.phases.iter().map(|p| p.name.chars().count()).max().unwrap_or(5).clamp(5, 60);
    let mut s = format!(
        "{:<w$} {:>4}  {:<10} {:>12} {:>11} {:>17} {:>24} {:>10} {:>16}\n",
        "Phase",
        "day",
        "date",
        "GPUs online",
        "IT design",
        "facility design",
        "supply (firm / total)",
        "firm spare",
        "capex to date ¹"
    );
    for p in &r.phases {
        s += &format!(
            "{:<w$} {:>4}  {:<10} {:>12} {:>8.1} MW {:>14.1} MW {:>12.1} / {:>6.1} MW {:>7.1} MW {:>16}{}\n",
            p.name.chars().take(w).collect::<String>(),
            p.day,
            p.date.as_deref().unwrap_or("—"),
            g(p.gpus_online),
            p.it_design_kw / 1000.0,
            p.facility_design_kw / 1000.0,
            p.supply_firm_kw / 1000.0,
            p.supply_total_kw / 1000.0,
            p.headroom_kw / 1000.0,
            crate::format::usd(p.capex_to_date_usd),
            match p.state() {
                crate::analysis::phases::SupplyState::Spare(_) => String::new(),
                crate::analysis::phases::SupplyState::OnBatteries(kw, h) => {
                    format!("  (batteries carry {:.1} MW for {:.1} h)", kw / 1000.0, h)
                }
                crate::analysis::phases::SupplyState::Short(kw) => format!("  (SHORT {:.1} MW)", kw / 1000.0),
            }
        );
    }
    s += "¹ what is online, with the whole site as modelled from the start; IT and facility at the design basis (peak)\n";
    for w in &r.warnings {
        s += &format!(
            "{}[{}]: {}\n",
            if w.severity == crate::analysis::Severity::Error { "error" } else { "warning" },
            w.code,
            w.message
        );
    }
    s
}

/// What `export` was asked for.
pub(super) struct ExportArgs {
    pub file: PathBuf,
    pub format: Option<ExportFormat>,
    pub output: PathBuf,
    pub overlay: Option<OverlayArg>,
    pub theme: ThemeArg,
    pub units: UnitsArg,
    pub sheet: crate::export::SheetKind,
    pub compare: Option<PathBuf>,
}

/// `export FILE -o OUT`: the plan (SVG, PNG, PDF), the BOM (CSV) or the report (JSON), by `--format` or the
/// file name.
pub(super) fn export(args: ExportArgs) -> Outcome {
    let mut out = Outcome::default();
    let ExportArgs { file, format, output, overlay, theme, units, sheet, compare } = args;
    let Some(format) = format.or_else(|| ExportFormat::from_path(&output)) else {
        failed(
            &mut out,
            format!(
                "error: cannot tell what to write from {}: give --format svg|png|pdf|csv|json|html or end the file \
                 name in one of those\n",
                output.display()
            ),
        );
        return out;
    };
    let layout = match load_layout(&file) {
        Ok(l) => l,
        Err(e) => {
            failed(&mut out, format!("error: {e}\n"));
            return out;
        }
    };
    let report = analyse(&layout);
    let opts = PlanOptions {
        overlay: overlay.map(|o| match o {
            OverlayArg::Feeds => PlanOverlay::Feeds,
            OverlayArg::Fabric => PlanOverlay::Fabric,
            OverlayArg::Heat => PlanOverlay::Heat,
            OverlayArg::Floor => PlanOverlay::Floor,
        }),
        dark: theme == ThemeArg::Dark,
        units: crate::format::Units {
            length: match units {
                UnitsArg::Metric => crate::format::LengthUnit::Metric,
                UnitsArg::Imperial => crate::format::LengthUnit::Imperial,
            },
            ..Default::default()
        },
        file: file.file_name().map(|n| n.to_string_lossy().into_owned()),
        date: crate::export::plan::today(),
        sheet,
    };
    if matches!(sheet, crate::export::SheetKind::Pack | crate::export::SheetKind::PackSheet(_)) && !format.is_plan() {
        failed(
            &mut out,
            format!(
                "error: --pack writes the design pack as PDF (or one sheet as SVG, PNG or PDF with --page N), not {}: \
                 name the file .pdf\n",
                format.describe()
            ),
        );
        return out;
    }
    if compare.is_some() && format != ExportFormat::Html {
        failed(&mut out, "error: --compare is for the HTML report: write a .html file\n".to_owned());
        return out;
    }
    if format == ExportFormat::Netbox {
        match crate::export::netbox::write_folder(&layout, &output) {
            Ok(files) => out.stdout = crate::export::netbox::summary(&files, &output) + "\n",
            Err(e) => failed(&mut out, format!("error: {e}\n")),
        }
        return out;
    }
    let bytes = match &compare {
        Some(other) => {
            let b = match load_layout(other) {
                Ok(l) => l,
                Err(e) => {
                    failed(&mut out, format!("error: the layout to compare with: {e}\n"));
                    return out;
                }
            };
            Ok(crate::export::html::report_with(&layout, &report, &opts, Some(&b)).into_bytes())
        }
        None => export_bytes(&layout, &report, format, &opts),
    };
    match bytes {
        Ok(bytes) => match crate::io::write_atomically(&output, &bytes) {
            Ok(()) => {
                let what = match sheet {
                    crate::export::SheetKind::Pack => "Design pack (PDF, A3 sheets)".to_owned(),
                    crate::export::SheetKind::PackSheet(n) => {
                        format!("sheet {n} of the design pack, {}", format.extension().to_uppercase())
                    }
                    _ => format.describe().to_owned(),
                };
                out.stdout = format!(
                    "wrote {} ({what}, {} bytes)\n",
                    output.display(),
                    crate::format::count(bytes.len() as u64)
                );
            }
            Err(e) => failed(&mut out, format!("error: cannot write {}: {e}\n", output.display())),
        },
        Err(e) => {
            let what = match sheet {
                crate::export::SheetKind::Pack | crate::export::SheetKind::PackSheet(_) => "design pack".to_owned(),
                _ => format.describe().to_owned(),
            };
            failed(&mut out, format!("error: cannot make the {what}: {e}\n"));
        }
    }
    out
}

/// `presets`: the generator's presets.
pub(super) fn presets() -> Outcome {
    let mut out = Outcome::default();
    for p in PRESETS {
        let _ = writeln!(
            out.stdout,
            "{:<14} {} (default {} GPUs; --su N = N × {} GPUs)",
            p.name, p.description, p.default_gpus, p.gpus_per_su
        );
    }
    out
}

/// `netbox FILE -o DIR`: the NetBox bulk-import CSVs, their README and the floor positions.
pub(super) fn netbox(file: &Path, dir: &Path) -> Outcome {
    let mut out = Outcome::default();
    let Some(layout) = load_or_fail(file, &mut out) else { return out };
    match crate::export::netbox::write_folder(&layout, dir) {
        Ok(files) => out.stdout = crate::export::netbox::summary(&files, dir) + "\n",
        Err(e) => failed(&mut out, format!("error: {e}\n")),
    }
    out
}

/// `import-type FILE.yaml… --into LAYOUT`: device types added to the layout's catalog, or nothing written.
pub(super) fn import_type(files: &[PathBuf], into: &Path, given: &crate::io::devicetype::Given) -> Outcome {
    let mut out = Outcome::default();
    let Some(mut layout) = load_or_fail(into, &mut out) else { return out };
    let mut lines = Vec::new();
    for file in files {
        let imported = crate::io::devicetype::read_device_type(file).and_then(|d| {
            crate::io::devicetype::import_device_type(&file.display().to_string(), &d, &layout.catalog, given)
        });
        match imported {
            Ok(i) => {
                lines.push(format!("added {} ({}){}", i.ty.id, i.ty.name, notes_text(&i.notes)));
                layout.catalog.types.push(i.ty);
                layout.catalog = crate::model::Catalog::new(std::mem::take(&mut layout.catalog.types));
            }
            Err(e) => {
                failed(&mut out, format!("error: {e}\nnothing was written to {}\n", into.display()));
                return out;
            }
        }
    }
    // The designer never writes a file it cannot load: check before writing.
    if let Err(e) = crate::io::check_layout(&layout) {
        failed(&mut out, format!("error: the layout with these types would not load: {e}\nnothing was written\n"));
        return out;
    }
    match crate::io::save_layout(&layout, into) {
        Ok(()) => out.stdout = format!("{}\nwrote {}\n", lines.join("\n"), into.display()),
        Err(e) => failed(&mut out, format!("error: cannot write {}: {e}\n", into.display())),
    }
    out
}

/// Notes after a dash, or nothing.
fn notes_text(notes: &[String]) -> String {
    if notes.is_empty() { String::new() } else { format!(" — {}", notes.join("; ")) }
}
