//! The command line: `report`, `check`, `generate`, `presets`; no subcommand opens the designer.
//!
//! Every number printed comes from [`crate::analysis::analyse`]; this module only formats.

mod commands;
mod text;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{Report, Severity, analyse};
use crate::export::ExportFormat;
use crate::io::save_layout;

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
        /// Firm grid capacity in MW (default: the preset's — Colossus 1's published 150 MW for 100,000 to 200,000 GPUs, one per 200,000 above, pro rata below, else
        /// the facility design load rounded up to whole 5 MW).
        #[arg(long = "grid-mw", value_name = "MW")]
        grid_mw: Option<f64>,
        /// UPS topology: n, n+1, 2n, 2n+1, dr:4/3 (3/2 … 8/7) or block:4 (a reserve per 4 blocks); default the
        /// preset's.
        #[arg(long, value_name = "TOPOLOGY")]
        ups: Option<String>,
        /// Build the floor alone, without the site (facility power then the hall's PUE estimate).
        #[arg(long = "no-site")]
        no_site: bool,
        /// Phases of whole scalable units to bring the hall online in, dated at the install rate (0: none; default
        /// 4, or for a Colossus-style hall of 100,000 to 200,000 GPUs Colossus 1's published timeline).
        #[arg(long, value_name = "N")]
        phases: Option<u32>,
        /// GPU racks installed a day, the pace phases are dated at (default 16, a planning assumption).
        #[arg(long = "install-rate", value_name = "RACKS_PER_DAY")]
        install_rate: Option<f64>,
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
    /// Print the build's phases: at each phase's day, what is online, its load and its supply.
    Phases {
        /// Layout file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PhasesFormat::Text)]
        format: PhasesFormat,
    },
    /// Add device types from NetBox devicetype-library YAML files to a layout's catalog (the layout is rewritten,
    /// its previous version kept as .bak; nothing is written when a file is refused).
    ImportType {
        /// Device-type files (devicetype-library `device-types/MAKER/MODEL.yaml`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The layout to add them to.
        #[arg(long)]
        into: PathBuf,
        /// The catalog type to take what the library does not hold (draw, capacity, price) from; by default the
        /// type with the same part number, or whose name holds the model.
        #[arg(long, value_name = "TYPE")]
        like: Option<String>,
        /// Peak (design) draw in kW, for a type no catalog type matches (the library holds none); it applies to every
        /// file given, so give one file at a time with it.
        #[arg(long, requires = "typical_kw")]
        peak_kw: Option<f64>,
        /// Typical draw in kW.
        #[arg(long, requires = "peak_kw")]
        typical_kw: Option<f64>,
    },
    /// Write the design as NetBox bulk-import CSVs (one file per object type, in import order) into a folder.
    Netbox {
        /// Layout file.
        file: PathBuf,
        /// Folder to write into (made when missing; files of the same names in it are replaced).
        #[arg(short, long)]
        output: PathBuf,
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
        /// Which sheet: the floor plan, or the site's power chain (single-line diagram).
        #[arg(long, value_enum, default_value_t = SheetArg::Plan)]
        sheet: SheetArg,
        /// The design pack: plan, power chain, timeline, an elevation sheet per rack type and the BOM, one PDF
        /// (write it to a `.pdf`; with `--page N`, one of its sheets as SVG, PNG or PDF).
        #[arg(long, conflicts_with = "sheet")]
        pack: bool,
        /// With `--pack`: the one sheet to write, numbered from 1 as in the pack.
        #[arg(long, requires = "pack", value_parser = clap::value_parser!(u32).range(1..=10_000))]
        page: Option<u32>,
        /// For the HTML report: a second layout to compare this one with (B against A).
        #[arg(long, value_name = "OTHER.ron")]
        compare: Option<PathBuf>,
    },
}

/// The sheet `export` draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SheetArg {
    /// The floor plan.
    Plan,
    /// The site's power chain as a single-line diagram.
    PowerChain,
    /// The build in phases: GPUs online and MW needed against MW available over time.
    Timeline,
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
    /// The customer's report: one HTML file.
    Html,
    /// The NetBox import: a folder of CSVs (as `clusterplan netbox`).
    Netbox,
}

impl From<ExportKind> for ExportFormat {
    fn from(k: ExportKind) -> Self {
        match k {
            ExportKind::Svg => ExportFormat::Svg,
            ExportKind::Png => ExportFormat::Png,
            ExportKind::Pdf => ExportFormat::Pdf,
            ExportKind::Csv => ExportFormat::Csv,
            ExportKind::Json => ExportFormat::Json,
            ExportKind::Html => ExportFormat::Html,
            ExportKind::Netbox => ExportFormat::Netbox,
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

/// Output format of `phases`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PhasesFormat {
    /// Human-readable text.
    Text,
    /// JSON: the phases and their warnings, with stable keys.
    Json,
    /// Comma-separated values with a header row.
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
pub fn run<I, T>(args: I) -> Result<Outcome, Box<Cli>>
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
        None => Err(Box::new(cli)),
        Some(command) => Ok(run_command(command)),
    }
}

/// Runs a subcommand (a flat dispatch to `commands.rs`).
fn run_command(command: Command) -> Outcome {
    match command {
        Command::Report { file, format } => commands::report(&file, format),
        Command::Check { files } => commands::check(&files),
        Command::Generate { preset, gpus, su, add, grid_mw, ups, no_site, phases, install_rate, output } => {
            let options = commands::SiteArgs { grid_mw, ups, no_site, phases, install_rate };
            commands::generate_file(&preset, gpus, su, &add, options, &output)
        }
        Command::Expand { file, add, output } => commands::expand_file(&file, &add, &output),
        Command::Compare { a, b, format } => commands::compare(&a, &b, format),
        Command::Bom { file, format } => commands::bom(&file, format),
        Command::Phases { file, format } => commands::phases(&file, format),
        Command::Export { file, format, output, overlay, theme, units, sheet, pack, page, compare } => {
            commands::export(commands::ExportArgs {
                file,
                compare,
                format: format.map(ExportFormat::from),
                output,
                overlay,
                theme,
                units,
                sheet: match (pack, page, sheet) {
                    (true, Some(n), _) => crate::export::SheetKind::PackSheet(n as usize),
                    (true, None, _) => crate::export::SheetKind::Pack,
                    (false, _, SheetArg::Plan) => crate::export::SheetKind::Plan,
                    (false, _, SheetArg::PowerChain) => crate::export::SheetKind::PowerChain,
                    (false, _, SheetArg::Timeline) => crate::export::SheetKind::Timeline,
                },
            })
        }
        Command::Presets => commands::presets(),
        Command::Netbox { file, output } => commands::netbox(&file, &output),
        Command::ImportType { files, into, like, peak_kw, typical_kw } => commands::import_type(
            &files,
            &into,
            &crate::io::devicetype::Given {
                like: like.map(crate::model::TypeId),
                power_peak_kw: peak_kw,
                power_typical_kw: typical_kw,
            },
        ),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub use crate::format::{group_digits, group_float};
pub use text::format_text;
