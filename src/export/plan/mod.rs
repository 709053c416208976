//! The plan drawing a user hands to others: the hall to a round scale on an A3 landscape sheet, with grid labels
//! (tile columns by letter, rows by number), a legend for what is shown, metric and imperial scale bars and a
//! title block (design name, file, date, scale, key figures). One SVG is the source; PNG (resvg / tiny-skia) and PDF (svg2pdf) are rendered from it,
//! lettered in the designer's own font. Items are coloured by the palette's rule, so the plan shows what the canvas
//! shows under the same overlay.

mod annotate;
mod hall;
mod render;
mod title;

use std::fmt::Write as _;

pub use render::{parse_svg, svg_to_pdf, svg_to_png};

use crate::analysis::Report;
use crate::format::Units;
use crate::model::Layout;
use crate::palette::{self, Colouring, ItemStates, Rgba};

/// What the plan shows over the equipment, as the designer's overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanOverlay {
    /// Feed lines from racks to their PDUs; PDUs and cooling units coloured by load.
    Feeds,
    /// Cable trays and fabric links.
    Fabric,
    /// Racks coloured by heat.
    Heat,
    /// Items coloured by their load per foot against the hall's concentrated rating.
    Floor,
}

impl PlanOverlay {
    /// Every overlay, in menu order.
    pub const ALL: [PlanOverlay; 4] = [PlanOverlay::Feeds, PlanOverlay::Fabric, PlanOverlay::Heat, PlanOverlay::Floor];

    /// The name on the command line and in the title block.
    pub fn name(self) -> &'static str {
        match self {
            PlanOverlay::Feeds => "feeds",
            PlanOverlay::Fabric => "fabric",
            PlanOverlay::Heat => "heat",
            PlanOverlay::Floor => "floor",
        }
    }

    fn colouring(overlay: Option<Self>, report: &Report) -> Colouring {
        Colouring {
            heat: (overlay == Some(PlanOverlay::Heat)).then(|| palette::heat_scale_kw(report.power.densest_rack_kw)),
            floor: overlay == Some(PlanOverlay::Floor),
            loads: overlay == Some(PlanOverlay::Feeds),
        }
    }
}

/// How to draw the plan.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    /// The overlay shown, if any.
    pub overlay: Option<PlanOverlay>,
    /// Dark theme (light is for print and slides, the default).
    pub dark: bool,
    /// Units of the figures in the title block (both scale bars are always drawn).
    pub units: Units,
    /// The file the design came from, as shown in the title block.
    pub file: Option<String>,
    /// The date shown in the title block, e.g. `2026-11-26`.
    pub date: String,
    /// Which sheet: the floor plan, or the site's single-line diagram.
    pub sheet: SheetKind,
}

/// A sheet an export draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SheetKind {
    /// The floor plan.
    #[default]
    Plan,
    /// The site's power chain as a single-line diagram.
    PowerChain,
    /// The build in phases: GPUs online and MW needed against MW available over time.
    Timeline,
    /// The whole design pack (PDF only): plan, power chain, timeline, rack elevations, BOM.
    Pack,
    /// One sheet of the design pack, numbered from 1.
    PackSheet(usize),
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The drawing did not parse as SVG (a defect: the plan writer made it).
    #[error("the plan drawing is not valid SVG: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// The raster could not be made or encoded.
    #[error("could not render the PNG: {0}")]
    Png(String),
    /// The PDF could not be made.
    #[error("could not make the PDF: {0}")]
    Pdf(String),
}

const MARGIN_MM: f64 = 10.0;
/// Band for grid labels above and left of the hall.
const LABEL_BAND_MM: f64 = 7.0;
/// Band for the hall's overall dimensions right of and below the hall.
const DIM_BAND_MM: f64 = 7.0;
/// Fabric and feed lines drawn at most (a 1M-GPU hall's fabric overlay draws a line per link otherwise).
pub const MAX_PLAN_LINES: usize = 250_000;
/// Ubuntu Light (Ubuntu Font Licence 1.0, `assets/fonts/UFL.txt`), the face the designer's own interface uses.
const UBUNTU_LIGHT: &[u8] = include_bytes!("../../../assets/fonts/Ubuntu-Light.ttf");
/// The font family name the plan asks for (the designer's Ubuntu Light is embedded for rendering).
const FONT: &str = "Ubuntu, 'Ubuntu Light', sans-serif";
/// Width of the title block's first column (title, scale bars), mm.
const TITLE_COL_MM: f64 = 118.0;

/// The sheet: A3, landscape unless portrait draws the hall at a larger round scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sheet {
    /// Portrait (297 × 420 mm) rather than landscape (420 × 297 mm).
    pub portrait: bool,
    /// The scale is 1 : `denominator` (1, 2, 2.5 or 5 times a power of ten).
    pub denominator: f64,
}

impl Sheet {
    /// The sheet and scale for a hall of `width_m` × `depth_m`.
    pub fn for_hall(width_m: f64, depth_m: f64) -> Self {
        let landscape = Sheet { portrait: false, denominator: 1.0 }.fit(width_m, depth_m);
        let portrait = Sheet { portrait: true, denominator: 1.0 }.fit(width_m, depth_m);
        if portrait.denominator < landscape.denominator { portrait } else { landscape }
    }

    /// This orientation at the largest round scale that fits the hall.
    pub fn fit(self, width_m: f64, depth_m: f64) -> Self {
        let [_, _, w_mm, h_mm] = self.drawing_area();
        let need = (width_m.max(0.01) * 1000.0 / w_mm).max(depth_m.max(0.01) * 1000.0 / h_mm);
        let mut pow = 1.0;
        loop {
            for f in [1.0, 2.0, 2.5, 5.0] {
                if f * pow >= need {
                    return Sheet { denominator: f * pow, ..self };
                }
            }
            pow *= 10.0;
        }
    }

    /// Width and height, mm.
    pub fn size_mm(self) -> [f64; 2] {
        if self.portrait { [297.0, 420.0] } else { [420.0, 297.0] }
    }

    /// Millimetres on paper per metre of hall.
    pub fn mm_per_m(self) -> f64 {
        1000.0 / self.denominator
    }

    /// Height of the title block: one row across a landscape sheet, two rows (legend below) on a portrait one.
    fn title_mm(self) -> f64 {
        if self.portrait { 82.0 } else { 46.0 }
    }

    /// The area the hall is drawn in: `[x, y, width, height]`, mm.
    pub fn drawing_area(self) -> [f64; 4] {
        let [w, h] = self.size_mm();
        let x = MARGIN_MM + LABEL_BAND_MM;
        let y = MARGIN_MM + LABEL_BAND_MM;
        [x, y, w - MARGIN_MM - x - DIM_BAND_MM, h - MARGIN_MM - self.title_mm() - 4.0 - y - DIM_BAND_MM]
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, for the title block.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Days to civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Text made safe inside an SVG element or attribute.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `fill="#rrggbb"` plus its opacity when not opaque.
fn fill_attr(c: Rgba) -> String {
    if c.a == 255 {
        format!("fill=\"{}\"", c.hex())
    } else {
        format!("fill=\"{}\" fill-opacity=\"{:.3}\"", c.hex(), c.opacity())
    }
}

fn stroke_attr(c: Rgba, width: f64) -> String {
    let mut s = format!("stroke=\"{}\" stroke-width=\"{}\"", c.hex(), num(width));
    if c.a != 255 {
        let _ = write!(s, " stroke-opacity=\"{:.3}\"", c.opacity());
    }
    s
}

/// A coordinate, short: up to 4 decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Writes text; `anchor` is `start`, `middle` or `end`.
fn text(out: &mut String, x: f64, y: f64, size_mm: f64, anchor: &str, colour: Rgba, body: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" {}>{}</text>",
        num(x),
        num(y),
        num(size_mm),
        fill_attr(colour),
        esc(body)
    );
}

/// The plan as SVG (sheet in millimetres; the hall drawn in metres inside a scaled group, so item coordinates in
/// the file are the layout's). Each item is one `<rect id="item-N">`.
pub fn plan_svg(layout: &Layout, report: &Report, opts: &PlanOptions) -> String {
    let hall = &layout.hall;
    let sheet = Sheet::for_hall(hall.width_m, hall.depth_m);
    let k = sheet.mm_per_m();
    let [ax, ay, aw, ah] = sheet.drawing_area();
    let [sheet_w, sheet_h] = sheet.size_mm();
    let (hx, hy) = (ax + (aw - hall.width_m * k) / 2.0, ay + (ah - hall.depth_m * k) / 2.0);
    let mut out = String::with_capacity(256 * layout.items.len() + 16_384);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\">",
        w = sheet_w,
        h = sheet_h
    );
    let title = layout.name.as_str();
    let _ = writeln!(out, "<title>{}</title>", esc(if title.is_empty() { "clusterplan hall" } else { title }));
    let _ = writeln!(out, "<rect width=\"{}\" height=\"{}\" {}/>", sheet_w, sheet_h, fill_attr(paper(opts.dark)));
    let pen = Pen { k, dark: opts.dark };
    let step = hall::grid_labels(&mut out, hall, (hx, hy), pen);
    // The hall, in metres.
    let _ = writeln!(out, "<g id=\"hall\" transform=\"translate({} {}) scale({})\">", num(hx), num(hy), num(k));
    hall::floor(&mut out, hall, step, opts.overlay, pen);
    let rows = crate::analysis::rows::rows(layout);
    annotate::aisle_tints(&mut out, &rows);
    let states = ItemStates::of(report);
    let labels = hall::equipment(&mut out, layout, report, opts.overlay, &states, &rows, pen);
    let lines_drawn = hall::overlay_lines(&mut out, layout, opts.overlay, k);
    if !labels.is_empty() {
        let _ = writeln!(out, "<g id=\"labels\">\n{labels}</g>");
    }
    annotate::annotations(&mut out, hall, &rows, opts.units, pen);
    // The hall's overall dimensions, below and right of it.
    let dim = palette::ink(opts.dark);
    let off = pen.mm(4.0);
    annotate::dimension(
        &mut out,
        (0.0, hall.width_m),
        hall.depth_m + off,
        true,
        &opts.units.length(hall.width_m),
        dim,
        pen,
    );
    annotate::dimension(
        &mut out,
        (0.0, hall.depth_m),
        hall.width_m + off,
        false,
        &opts.units.length(hall.depth_m),
        dim,
        pen,
    );
    let _ = writeln!(out, "</g>");
    title::title_block(&mut out, layout, report, opts, sheet, &states, lines_drawn);
    out.push_str("</svg>\n");
    out
}

/// How the hall is drawn: `k` paper millimetres per metre, in the dark or light colours.
#[derive(Clone, Copy)]
struct Pen {
    k: f64,
    dark: bool,
}

impl Pen {
    /// Paper millimetres as metres inside the hall group.
    fn mm(self, v: f64) -> f64 {
        v / self.k
    }
}

/// The sheet's colour: white for print, the canvas's own floor in the dark theme.
fn paper(dark: bool) -> Rgba {
    if dark { palette::floor(true) } else { palette::rgb(255, 255, 255) }
}

/// Tiles between grid labels at `k` mm per metre (the same rule the drawing uses).
fn grid_step(tile_m: f64, k: f64) -> u64 {
    [1u64, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]
        .into_iter()
        .find(|s| *s as f64 * tile_m.max(0.01) * k >= 10.0)
        .unwrap_or(10_000)
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { s.chars().take(n - 1).collect::<String>() + "…" }
}
