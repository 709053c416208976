//! The command line: `report`, `check`, `generate`, `presets`; no subcommand opens the designer.
//!
//! Every number printed comes from [`crate::analysis::analyse`]; this module only formats.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{PduLoad, Report, Severity, analyse};
use crate::export::{ExportFormat, PlanOptions, PlanOverlay, export_bytes};
use crate::generate::{GpuAddition, PRESETS, expand, generate, preset_params, with_additions};
use crate::io::{load_layout, save_layout};

/// clusterplan: design AI GPU-cluster data halls.
#[derive(Debug, Parser)]
#[command(name = "clusterplan", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command the designer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Layout file to open in the designer.
    pub file: Option<PathBuf>,
}

/// Output format of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON with stable keys.
    Json,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the live model's report for a layout.
    Report {
        /// Layout file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check layouts: exit 0 when clean, 1 when any has error-severity warnings, 2 when any cannot be read.
    Check {
        /// Layout files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Generate a complete hall from a preset.
    Generate {
        /// Preset name (see `clusterplan presets`).
        #[arg(long)]
        preset: String,
        /// GPUs to place (a multiple of the rack's GPUs per server).
        #[arg(long)]
        gpus: Option<u64>,
        /// Scalable units to place (ignored when --gpus is given).
        #[arg(long)]
        su: Option<u32>,
        /// More GPUs of another rack type, in scalable units and arrays of their own: TYPE:GPUS (repeatable),
        /// e.g. --add rack-colossus-h200-64:50000.
        #[arg(long = "add", value_name = "TYPE:GPUS")]
        add: Vec<String>,
        /// Output layout file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Grow a hall: new arrays of GPU racks beside the existing ones, with their PDUs, cooling and switches, wired
    /// into a re-planned fabric; every existing item keeps its id, position and type.
    Expand {
        /// Layout file to grow.
        file: PathBuf,
        /// GPUs to add, of a GPU rack type: TYPE:GPUS (repeatable), e.g. --add rack-colossus-h200-64:50000.
        #[arg(long = "add", value_name = "TYPE:GPUS", required = true)]
        add: Vec<String>,
        /// Output layout file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// List the generator's presets.
    Presets,
    /// Compare two layouts: every figure side by side with B − A and its percentage.
    Compare {
        /// Layout A.
        a: PathBuf,
        /// Layout B.
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
    },
    /// Print the bill of materials: one row per type, switch and part with quantity and price.
    Bom {
        /// Layout file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = BomFormat::Csv)]
        format: BomFormat,
    },
    /// Export the plan drawing (SVG, PNG, PDF), the bill of materials (CSV) or the report (JSON) to a file.
    Export {
        /// Layout file.
        file: PathBuf,
        /// What to write (by default, the output file's extension).
        #[arg(long, value_enum)]
        format: Option<ExportKind>,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
        /// What the plan shows over the equipment (as the designer's overlays).
        #[arg(long, value_enum)]
        overlay: Option<OverlayArg>,
        /// Colours of the plan: light (for print and slides) or dark.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
        /// Units of the plan's figures (both scale bars are always drawn).
        #[arg(long, value_enum, default_value_t = UnitsArg::Metric)]
        units: UnitsArg,
    },
}

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// The plan drawing as SVG.
    Svg,
    /// The plan drawing as PNG (150 dpi, A3).
    Png,
    /// The plan drawing as a one-page A3 PDF.
    Pdf,
    /// The bill of materials.
    Csv,
    /// The report.
    Json,
}

impl From<ExportKind> for ExportFormat {
    fn from(k: ExportKind) -> Self {
        match k {
            ExportKind::Svg => ExportFormat::Svg,
            ExportKind::Png => ExportFormat::Png,
            ExportKind::Pdf => ExportFormat::Pdf,
            ExportKind::Csv => ExportFormat::Csv,
            ExportKind::Json => ExportFormat::Json,
        }
    }
}

/// The plan's overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OverlayArg {
    /// Feed lines; PDUs and cooling units by load.
    Feeds,
    /// Trays and fabric links.
    Fabric,
    /// Racks by heat.
    Heat,
    /// Items by floor load.
    Floor,
}

/// The plan's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Light, for print and slides.
    Light,
    /// Dark, as the designer's default.
    Dark,
}

/// Units of the plan's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnitsArg {
    /// Metres.
    Metric,
    /// Feet.
    Imperial,
}

/// Output format of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// An aligned table.
    Text,
    /// JSON: `a`, `b` (the reports), `delta` (B − A under the same keys) and `figures`.
    Json,
    /// Comma-separated values: figure, unit, a, b, delta, percent.
    Csv,
}

/// Output format of `bom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BomFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON: the rows and the cost totals.
    Json,
}

/// What a run printed and its exit code (kept apart from the process so tests can run the CLI in-process).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Saves a layout the command built and prints `say(its report)`, or the save's error (exit 2).
fn save_and_say(
    out: &mut Outcome,
    layout: &crate::model::Layout,
    output: &std::path::Path,
    say: impl FnOnce(&Report) -> String,
) {
    let report = analyse(layout);
    match save_layout(layout, output) {
        Ok(()) => {
            let _ = writeln!(out.stdout, "{}", say(&report));
        }
        Err(e) => {
            out.code = 2;
            out.stderr = format!("error: {e}\n");
        }
    }
}

/// Parses arguments and runs a command. `None` means "open the designer" (the caller decides how).
pub fn run<I, T>(args: I) -> Result<Outcome, Cli>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            return Ok(if code == 0 {
                Outcome { code, stdout: text, stderr: String::new() }
            } else {
                Outcome { code, stdout: String::new(), stderr: text }
            });
        }
    };
    match cli.command {
        None => Err(cli),
        Some(command) => Ok(run_command(command)),
    }
}

fn run_command(command: Command) -> Outcome {
    let mut out = Outcome::default();
    match command {
        Command::Report { file, format } => match load_layout(&file) {
            Ok(layout) => {
                let report = analyse(&layout);
                out.stdout = match format {
                    Format::Text => format_text(&layout.name, &report),
                    Format::Json => match crate::export::report_json(&report) {
                        Ok(s) => s,
                        Err(e) => {
                            out.code = 2;
                            out.stderr = format!("cannot write the report as JSON: {e}\n");
                            String::new()
                        }
                    },
                };
            }
            Err(e) => {
                out.code = 2;
                out.stderr = format!("error: {e}\n");
            }
        },
        Command::Check { files } => {
            for file in files {
                match load_layout(&file) {
                    Ok(layout) => {
                        let report = analyse(&layout);
                        let errors = report.error_count();
                        for w in &report.warnings {
                            let _ = writeln!(
                                out.stderr,
                                "{}: {}[{}]: {}",
                                file.display(),
                                severity(w.severity),
                                w.code,
                                w.message
                            );
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
                    Err(e) => {
                        out.code = 2;
                        let _ = writeln!(out.stderr, "error: {e}");
                    }
                }
            }
        }
        Command::Generate { preset, gpus, su, add, output } => {
            let additions: Result<Vec<_>, _> = add.iter().map(|a| GpuAddition::parse(a)).collect();
            let params = additions.and_then(|add| preset_params(&preset, gpus, su).map(|p| with_additions(p, add)));
            match params.and_then(|p| generate(&p)) {
                Ok(layout) => save_and_say(&mut out, &layout, &output, |report| {
                    format!(
                        "wrote {}: {} items, {} GPUs, {:.1} MW IT, {} error(s)",
                        output.display(),
                        layout.items.len(),
                        report.gpus.total,
                        report.power.it_kw / 1000.0,
                        report.error_count()
                    )
                }),
                Err(e) => {
                    out.code = 2;
                    out.stderr = format!("error: {e}\n");
                }
            }
        }
        Command::Expand { file, add, output } => {
            let additions: Result<Vec<_>, _> = add.iter().map(|a| GpuAddition::parse(a)).collect();
            let grown = load_layout(&file).map_err(|e| e.to_string()).and_then(|layout| {
                let before = analyse(&layout).gpus.total;
                additions
                    .and_then(|add| expand(&layout, &add))
                    .map(|g| (before, g))
                    .map_err(|e| format!("cannot expand {}: {e}", file.display()))
            });
            match grown {
                Ok((before, g)) => save_and_say(&mut out, &g.layout, &output, |report| {
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
                Err(e) => {
                    out.code = 2;
                    out.stderr = format!("error: {e}\n");
                }
            }
        }
        Command::Compare { a, b, format } => match (load_layout(&a), load_layout(&b)) {
            (Ok(la), Ok(lb)) => {
                let (ra, rb) = (analyse(&la), analyse(&lb));
                let name = |l: &crate::model::Layout, p: &PathBuf| {
                    if l.name.is_empty() { p.display().to_string() } else { format!("{} ({})", l.name, p.display()) }
                };
                let text = match format {
                    CompareFormat::Text => Ok(crate::export::compare_text(&name(&la, &a), &name(&lb, &b), &ra, &rb)),
                    CompareFormat::Json => crate::export::compare_json(&ra, &rb).map_err(|e| e.to_string()),
                    CompareFormat::Csv => crate::export::compare_csv(&ra, &rb).map_err(|e| e.to_string()),
                };
                match text {
                    Ok(t) => out.stdout = t,
                    Err(e) => {
                        out.code = 2;
                        out.stderr = format!("error: cannot write the comparison: {e}\n");
                    }
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                out.code = 2;
                out.stderr = format!("error: {e}\n");
            }
        },
        Command::Bom { file, format } => match load_layout(&file) {
            Ok(layout) => {
                let report = analyse(&layout);
                let text = match format {
                    BomFormat::Csv => crate::export::bom_csv(&report).map_err(|e| e.to_string()),
                    BomFormat::Json => crate::export::bom_json(&report).map_err(|e| e.to_string()),
                };
                match text {
                    Ok(t) => out.stdout = t,
                    Err(e) => {
                        out.code = 2;
                        out.stderr = format!("error: cannot write the bill of materials: {e}\n");
                    }
                }
            }
            Err(e) => {
                out.code = 2;
                out.stderr = format!("error: {e}\n");
            }
        },
        Command::Export { file, format, output, overlay, theme, units } => {
            let Some(format) = format.map(ExportFormat::from).or_else(|| ExportFormat::from_path(&output)) else {
                out.code = 2;
                out.stderr = format!(
                    "error: cannot tell what to write from {}: give --format svg|png|pdf|csv|json or end the file \
                     name in one of those\n",
                    output.display()
                );
                return out;
            };
            match load_layout(&file) {
                Ok(layout) => {
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
                    };
                    match export_bytes(&layout, &report, format, &opts) {
                        Ok(bytes) => match crate::io::write_atomically(&output, &bytes) {
                            Ok(()) => {
                                out.stdout = format!(
                                    "wrote {} ({}, {} bytes)\n",
                                    output.display(),
                                    format.describe(),
                                    crate::format::count(bytes.len() as u64)
                                )
                            }
                            Err(e) => {
                                out.code = 2;
                                out.stderr = format!("error: cannot write {}: {e}\n", output.display());
                            }
                        },
                        Err(e) => {
                            out.code = 2;
                            out.stderr = format!("error: cannot make the {}: {e}\n", format.describe());
                        }
                    }
                }
                Err(e) => {
                    out.code = 2;
                    out.stderr = format!("error: {e}\n");
                }
            }
        }
        Command::Presets => {
            for p in PRESETS {
                let _ = writeln!(
                    out.stdout,
                    "{:<14} {} (default {} GPUs; --su N = N × {} GPUs)",
                    p.name, p.description, p.default_gpus, p.gpus_per_su
                );
            }
        }
    }
    out
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub use crate::format::{group_digits, group_float};

/// The text report.
pub fn format_text(name: &str, r: &Report) -> String {
    let mut s = String::new();
    let g = group_digits;
    let _ = writeln!(s, "{}", if name.is_empty() { "Layout" } else { name });
    let _ =
        writeln!(s, "\nGPUs        {} in {} servers, {} racks", g(r.gpus.total), g(r.gpus.servers), g(r.gpus.racks));
    for (model, n) in &r.gpus.by_model {
        let _ = writeln!(s, "            {:>9} × {model}", g(*n));
    }
    let _ = writeln!(
        s,
        "Compute     {} PFLOPS BF16, {} PFLOPS FP8 (dense); {} BF16 PFLOPS per facility MW",
        group_float(r.compute.bf16_pflops, 1),
        group_float(r.compute.fp8_pflops, 1),
        group_float(r.compute.bf16_pflops_per_mw, 1)
    );
    let d = &r.compute.nvlink_domains;
    let sizes: Vec<String> =
        d.by_size.iter().rev().map(|x| format!("{} × {} GPUs", g(x.count), x.gpus_per_domain)).collect();
    let _ = writeln!(
        s,
        "            {} NVLink domains ({})",
        g(d.count),
        if sizes.is_empty() { "none".into() } else { sizes.join(", ") }
    );
    let m = &r.memory;
    let _ = writeln!(
        s,
        "Memory      {} TB HBM, {} TB/s (1 TB = 1,000 GB)",
        group_float(m.hbm_tb, 1),
        group_float(m.bandwidth_tbps, 0)
    );
    for (model, mm) in &m.by_model {
        let _ = writeln!(
            s,
            "            {:>9} TB, {:>9} TB/s  {} × {model} ({} GB, {} TB/s each)",
            group_float(mm.hbm_tb, 1),
            group_float(mm.bandwidth_tbps, 0),
            g(mm.gpus),
            group_float(mm.hbm_gb_per_gpu, 0),
            group_float(mm.bandwidth_tbps_per_gpu, 2)
        );
    }
    let p = &r.power;
    let _ = writeln!(
        s,
        "Power       IT {} MW typical, {} MW peak; facility {} MW at PUE {:.2}",
        group_float(p.it_kw / 1000.0, 2),
        group_float(p.it_peak_kw / 1000.0, 2),
        group_float(p.facility_kw / 1000.0, 2),
        p.pue
    );
    let worst = p.pdus.iter().map(PduLoad::failover_utilisation).fold(0.0_f64, f64::max);
    let _ = writeln!(
        s,
        "            {} PDUs, {} MW usable; worst PDU at failover {:.0} % of usable; {} rows",
        g(p.pdus.len() as u64),
        group_float(p.pdu_capacity_kw / 1000.0, 2),
        worst * 100.0,
        p.rows.len()
    );
    let c = &r.cooling;
    let _ = writeln!(
        s,
        "Cooling     typical {} MW ({} MW liquid, {} MW air) = {} M BTU/h = {} tons; peak {} MW = {} tons",
        group_float(c.total_kw / 1000.0, 2),
        group_float(c.liquid_kw / 1000.0, 2),
        group_float(c.air_kw / 1000.0, 2),
        group_float(c.btu_per_hr / 1e6, 1),
        g(c.tons.round() as u64),
        group_float(c.peak_kw / 1000.0, 2),
        g(c.peak_tons.round() as u64)
    );
    let _ = writeln!(
        s,
        "            at peak: air {} CFM ({} m³/h); coolant {} L/min; room air {} of {} kW CRAH capacity",
        g(c.air_cfm.round() as u64),
        g(c.air_m3_per_hr.round() as u64),
        g(c.coolant_lpm.round() as u64),
        group_float(c.room_air_kw, 0),
        group_float(c.room_air_capacity_kw, 0)
    );
    let n = &r.network;
    let q = &n.required;
    let _ = writeln!(
        s,
        "Network     {} (radix {} at GPU speed), {} tier(s), {} plane(s), {} pod(s)",
        n.switch_type.as_deref().unwrap_or("no switch chosen"),
        n.radix,
        q.tiers,
        q.planes,
        q.pods
    );
    let _ = writeln!(
        s,
        "            placed / required: leaf {} / {}, spine {} / {}, core {} / {}; management {}",
        g(n.leaf_switches),
        g(q.leaf_switches),
        g(n.spine_switches),
        g(q.spine_switches),
        g(n.core_switches),
        g(q.core_switches),
        g(n.management_switches)
    );
    if n.fabrics.len() > 1 {
        for f in &n.fabrics {
            let _ = writeln!(
                s,
                "            {}: {} GPUs on {}: leaf {}, spine {}, core {}",
                f.label,
                g(f.gpus),
                f.switch_type.as_deref().unwrap_or("no switch"),
                g(f.required.leaf_switches),
                g(f.required.spine_switches),
                g(f.required.core_switches)
            );
        }
    }
    let k = &r.cables;
    let _ = writeln!(
        s,
        "Cables      {} links, {} km; longest {} m; {} transceivers; {} beyond reach",
        g(k.count),
        group_float(k.total_length_m / 1000.0, 1),
        k.longest_m,
        g(k.transceivers),
        g(k.beyond_reach)
    );
    let _ = writeln!(
        s,
        "            by tier: node–leaf {}, leaf–spine {}, spine–core {}",
        g(k.by_tier.node_leaf),
        g(k.by_tier.leaf_spine),
        g(k.by_tier.spine_core)
    );
    for (media, t) in &k.by_media {
        let _ = writeln!(
            s,
            "            {media:<15} {:>9} cables {:>10} km",
            g(t.count),
            group_float(t.length_m / 1000.0, 1)
        );
    }
    for part in &k.parts {
        let length = part.length_m.map_or_else(String::new, |l| format!(" {l} m"));
        let _ = writeln!(s, "            {:>9} × {}{length}", g(part.quantity), part.part);
    }
    let f = &r.floor;
    let _ = writeln!(
        s,
        "Floor       {} t; heaviest footprint {} kg/m², heaviest row zone {} kg/m²; rating {}",
        group_float(f.total_weight_t, 1),
        g(f.max_item_kg_per_m2.round() as u64),
        g(f.max_zone_kg_per_m2.round() as u64),
        crate::format::Units::default().floor_load(f.rating_kg_per_m2)
    );
    let c = &r.cost;
    let _ = writeln!(
        s,
        "Cost        {} capital ({} per GPU, {} per BF16 PFLOPS; {:.0} % estimated prices); energy {} a year at \
         ${}/kWh",
        crate::format::usd(c.capex_usd),
        crate::format::usd(c.usd_per_gpu),
        crate::format::usd(c.usd_per_pflops),
        c.estimated_share * 100.0,
        crate::format::usd(c.opex_usd_per_year),
        c.energy_usd_per_kwh
    );
    for (category, usd) in &c.by_category {
        let _ = writeln!(s, "            {:>12} {category}", crate::format::usd(*usd));
    }
    if r.warnings.is_empty() {
        let _ = writeln!(s, "Warnings    none");
    } else {
        let _ = writeln!(s, "Warnings    {} ({} errors)", r.warnings.len(), r.error_count());
        for w in &r.warnings {
            let _ = writeln!(s, "            {}[{}]: {}", severity(w.severity), w.code, w.message);
        }
    }
    s
}
