//! The plan drawing a user hands to others: the hall to a round scale on an A3 landscape sheet, with grid labels
//! (tile numbers), a legend for what is shown, metric and imperial scale bars and a title block (design name, file,
//! date, scale, key figures). One SVG is the source; PNG (resvg / tiny-skia) and PDF (svg2pdf) are rendered from it,
//! lettered in the designer's own font. Items are coloured by the palette's rule, so the plan shows what the canvas
//! shows under the same overlay.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::analysis::Report;
use crate::analysis::geometry::{item_rect, obstacle_rect};
use crate::format::{self, Units, counted, group_float, usd};
use crate::model::ops::{Mounts, mounted_strip};
use crate::model::{ItemId, Layout, ObstacleKind, Rotation};
use crate::palette::{self, Colouring, FabricLines, ItemStates, Rgba, Swatch, short_label};

/// What the plan shows over the equipment, as the designer's overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanOverlay {
    /// Feed lines from racks to their PDUs; PDUs and cooling units coloured by load.
    Feeds,
    /// Cable trays and fabric links.
    Fabric,
    /// Racks coloured by heat.
    Heat,
    /// Items coloured by floor load against the hall's rating.
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

    fn colouring(overlay: Option<Self>) -> Colouring {
        Colouring {
            heat: overlay == Some(PlanOverlay::Heat),
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
/// Fabric and feed lines drawn at most (a 1M-GPU hall's fabric overlay draws a line per link otherwise).
pub const MAX_PLAN_LINES: usize = 250_000;
/// Ubuntu Light (Ubuntu Font Licence 1.0, `assets/fonts/UFL.txt`), the face the designer's own interface uses.
const UBUNTU_LIGHT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");
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
        [x, y, w - MARGIN_MM - x, h - MARGIN_MM - self.title_mm() - 4.0 - y]
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
fn esc(s: &str) -> String {
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
    let dark = opts.dark;
    let hall = &layout.hall;
    let sheet = Sheet::for_hall(hall.width_m, hall.depth_m);
    let k = sheet.mm_per_m();
    let [ax, ay, aw, ah] = sheet.drawing_area();
    let [sheet_w, sheet_h] = sheet.size_mm();
    let (hx, hy) = (ax + (aw - hall.width_m * k) / 2.0, ay + (ah - hall.depth_m * k) / 2.0);
    let ink = palette::ink(dark);
    let paper = paper(dark);
    let mm = |v: f64| v / k; // paper mm as metres inside the hall group

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
    let _ = writeln!(out, "<rect width=\"{}\" height=\"{}\" {}/>", sheet_w, sheet_h, fill_attr(paper));

    // Grid labels: tile numbers every `step` tiles, at least 10 mm apart on paper.
    let tile = hall.tile_m.max(0.01);
    let step = grid_step(tile, k);
    let label_colour = ink.lerp(paper, 0.35);
    let tiles_x = (hall.width_m / tile).floor() as u64;
    let tiles_y = (hall.depth_m / tile).floor() as u64;
    let _ = writeln!(out, "<g id=\"grid-labels\">");
    for n in (0..=tiles_x).step_by(step as usize) {
        let x = hx + n as f64 * tile * k;
        text(&mut out, x, hy - 2.2, 2.2, "middle", label_colour, &n.to_string());
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" {3}/>",
            num(x),
            num(hy - 1.2),
            num(hy),
            stroke_attr(label_colour, 0.2)
        );
    }
    for n in (0..=tiles_y).step_by(step as usize) {
        let y = hy + n as f64 * tile * k;
        text(&mut out, hx - 2.0, y + 0.8, 2.2, "end", label_colour, &n.to_string());
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" {3}/>",
            num(hx - 1.2),
            num(y),
            num(hx),
            stroke_attr(label_colour, 0.2)
        );
    }
    let _ = writeln!(out, "</g>");

    // The hall, in metres.
    let _ = writeln!(out, "<g id=\"hall\" transform=\"translate({} {}) scale({})\">", num(hx), num(hy), num(k));
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" {}/>",
        num(hall.width_m),
        num(hall.depth_m),
        fill_attr(palette::hall_floor(dark))
    );
    // Tile grid when tiles are at least 1.5 mm on paper, else the labelled lines only.
    let grid_every = if tile * k >= 1.5 { 1 } else { step };
    let mut d = String::new();
    for n in (0..=tiles_x).step_by(grid_every as usize) {
        let x = n as f64 * tile;
        let _ = write!(d, "M{} 0V{}", num(x), num(hall.depth_m));
    }
    for n in (0..=tiles_y).step_by(grid_every as usize) {
        let y = n as f64 * tile;
        let _ = write!(d, "M0 {}H{}", num(y), num(hall.width_m));
    }
    let _ = writeln!(
        out,
        "<path id=\"tile-grid\" d=\"{d}\" fill=\"none\" {}/>",
        stroke_attr(palette::grid(dark), mm(0.12))
    );

    if opts.overlay == Some(PlanOverlay::Fabric) {
        let t = &hall.trays;
        let mut d = String::new();
        let mut lines = |offset: f64, pitch: f64, extent: f64, vertical: bool| {
            if pitch <= 0.0 {
                return;
            }
            let mut p = offset - (offset / pitch).floor() * pitch;
            let mut n = 0;
            while p <= extent && n < 20_000 {
                if vertical {
                    let _ = write!(d, "M{} 0V{}", num(p), num(hall.depth_m));
                } else {
                    let _ = write!(d, "M0 {}H{}", num(p), num(hall.width_m));
                }
                p += pitch;
                n += 1;
            }
        };
        lines(t.offset_x_m, t.pitch_x_m, hall.width_m, true);
        lines(t.offset_y_m, t.pitch_y_m, hall.depth_m, false);
        let _ = writeln!(
            out,
            "<path id=\"trays\" d=\"{d}\" fill=\"none\" {}/>",
            stroke_attr(palette::tray(dark), mm(0.35))
        );
    }

    for (n, o) in hall.obstacles.iter().enumerate() {
        let r = obstacle_rect(o);
        let stroke = if o.kind == ObstacleKind::NoGo { stroke_attr(palette::INVALID, mm(0.2)) } else { String::new() };
        let _ = writeln!(
            out,
            "<rect id=\"obstacle-{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {} {stroke}/>",
            num(r.min.x),
            num(r.min.y),
            num(r.max.x - r.min.x),
            num(r.max.y - r.min.y),
            fill_attr(palette::obstacle(o.kind, dark))
        );
        if let Some(label) = &o.label
            && (r.max.x - r.min.x) * k >= 12.0
        {
            let c = r.centre();
            text(&mut out, c.x, c.y + mm(0.8), mm(2.2), "middle", ink, label);
        }
    }
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"none\" {}/>",
        num(hall.width_m),
        num(hall.depth_m),
        stroke_attr(palette::wall(dark), mm(0.5))
    );

    // Equipment: floor items, then mounted units as the strip at the back of their rack (as the canvas).
    let states = ItemStates::of(report);
    let how = PlanOverlay::colouring(opts.overlay);
    let mounts = Mounts::of(layout);
    let outline = palette::outline(dark);
    let mut labels = String::new();
    let mut fronts: HashMap<Rgba, String> = HashMap::new();
    let _ = writeln!(out, "<g id=\"items\" {}>", stroke_attr(outline, mm(0.08)));
    for mounted_pass in [false, true] {
        for item in &layout.items {
            let Some(ty) = layout.type_of(item) else { continue };
            if ty.occupies_floor() == mounted_pass {
                continue;
            }
            let (mut min, mut max) = palette::drawn_footprint(layout, &mounts, item, ty);
            if mounted_pass {
                (min, max) = mounted_strip(min, max, item.rot);
            }
            let (x0, y0, x1, y1) = (f64::from(min[0]), f64::from(min[1]), f64::from(max[0]), f64::from(max[1]));
            let fill = palette::item_fill(layout, report, &states, item, ty, how, dark);
            let thin = (x1 - x0).min(y1 - y0) * k < 1.0;
            let _ = writeln!(
                out,
                "<rect id=\"item-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}{}/>",
                item.id.0,
                num(x0),
                num(y0),
                num(x1 - x0),
                num(y1 - y0),
                fill_attr(fill),
                if thin { " stroke=\"none\"" } else { "" }
            );
            if mounted_pass || (x1 - x0).min(y1 - y0) * k < 2.0 {
                continue;
            }
            let front = match item.rot {
                Rotation::R0 => (x0, y0, x1, y0),
                Rotation::R180 => (x0, y1, x1, y1),
                Rotation::R90 => (x1, y0, x1, y1),
                Rotation::R270 => (x0, y0, x0, y1),
            };
            let _ = write!(
                fronts.entry(palette::text_on(fill)).or_default(),
                "M{} {}L{} {}",
                num(front.0),
                num(front.1),
                num(front.2),
                num(front.3)
            );
            if states.lost.contains(&item.id) {
                let _ = write!(
                    fronts.entry(palette::INVALID).or_default(),
                    "M{x0} {y0}L{x1} {y1}M{x1} {y0}L{x0} {y1}",
                    x0 = num(x0),
                    y0 = num(y0),
                    x1 = num(x1),
                    y1 = num(y1)
                );
            }
            let label = short_label(item, ty);
            let size_mm = 1.8;
            let width_mm = (x1 - x0) * k;
            if width_mm >= label.chars().count() as f64 * size_mm * 0.55 + 1.0 {
                text(
                    &mut labels,
                    (x0 + x1) / 2.0,
                    (y0 + y1) / 2.0 + mm(size_mm * 0.35),
                    mm(size_mm),
                    "middle",
                    palette::text_on(fill),
                    &label,
                );
            }
        }
    }
    let _ = writeln!(out, "</g>");
    let mut fronts: Vec<_> = fronts.into_iter().collect();
    fronts.sort_by_key(|(c, _)| (c.r, c.g, c.b));
    for (colour, d) in fronts {
        let width = if colour == palette::INVALID { 0.3 } else { 0.2 };
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"none\" {}/>",
            stroke_attr(colour.lerp(palette::hall_floor(dark), 0.3), mm(width))
        );
    }

    // Overlay lines.
    let lines_drawn = overlay_lines(&mut out, layout, opts.overlay, k);
    if !labels.is_empty() {
        let _ = writeln!(out, "<g id=\"labels\">\n{labels}</g>");
    }
    let _ = writeln!(out, "</g>");

    title_block(&mut out, layout, report, opts, sheet, &states, lines_drawn);
    out.push_str("</svg>\n");
    out
}

/// The sheet's colour: white for print, the canvas's own floor in the dark theme.
fn paper(dark: bool) -> Rgba {
    if dark { palette::floor(true) } else { palette::rgb(255, 255, 255) }
}

/// Feed or fabric lines, each kind in one path; `(lines drawn, lines wanted)`.
fn overlay_lines(out: &mut String, layout: &Layout, overlay: Option<PlanOverlay>, k: f64) -> (usize, usize) {
    let centres: HashMap<ItemId, (f64, f64)> = match overlay {
        Some(PlanOverlay::Feeds | PlanOverlay::Fabric) => layout
            .items
            .iter()
            .filter_map(|i| item_rect(layout, i).map(|r| (i.id, (r.centre().x, r.centre().y))))
            .collect(),
        _ => return (0, 0),
    };
    let mut paths: [(String, Rgba, f64); 3] = match overlay {
        Some(PlanOverlay::Feeds) => [
            (String::new(), palette::FEED_A, 0.15),
            (String::new(), palette::FEED_B, 0.15),
            (String::new(), palette::FEED_A, 0.0),
        ],
        _ => [
            (String::new(), palette::FABRIC, 0.12),
            (String::new(), palette::FABRIC, 0.25),
            (String::new(), palette::FABRIC, 0.0),
        ],
    };
    let (mut drawn, mut wanted) = (0usize, 0usize);
    let mut push = |path: &mut String, pts: &[(f64, f64)]| {
        wanted += 1;
        if drawn >= MAX_PLAN_LINES {
            return;
        }
        drawn += 1;
        for (n, (x, y)) in pts.iter().enumerate() {
            let _ = write!(path, "{}{} {}", if n == 0 { 'M' } else { 'L' }, num(*x), num(*y));
        }
    };
    let nudge = 0.4 / k; // 0.4 mm apart, so A and B read as two lines
    match overlay {
        Some(PlanOverlay::Feeds) => {
            for item in &layout.items {
                let Some(&(cx, cy)) = centres.get(&item.id) else { continue };
                for (feed, n, dx) in [(item.feed_a, 0, -nudge), (item.feed_b, 1, nudge)] {
                    if let Some(&(px, py)) = feed.and_then(|f| centres.get(&f)) {
                        push(&mut paths[n].0, &[(cx + dx, cy), (px + dx, py)]);
                    }
                }
            }
        }
        _ => {
            let fabric = FabricLines::of(layout);
            for item in &layout.items {
                let Some(&(cx, cy)) = centres.get(&item.id) else { continue };
                fabric.each(layout, item, |other, uplink| {
                    if let Some(&(px, py)) = centres.get(&other) {
                        let corner = if uplink { (cx, py) } else { (px, cy) };
                        push(&mut paths[usize::from(uplink)].0, &[(cx, cy), corner, (px, py)]);
                    }
                });
            }
        }
    }
    for (n, (d, colour, width_mm)) in paths.iter().enumerate() {
        if !d.is_empty() {
            let _ = writeln!(
                out,
                "<path id=\"overlay-{n}\" d=\"{d}\" fill=\"none\" stroke-linejoin=\"round\" {}/>",
                // Lines at 75 % of their colour's own opacity, so items show through.
                stroke_attr(Rgba { a: (f32::from(colour.a) * 0.75).round() as u8, ..*colour }, width_mm / k)
            );
        }
    }
    (drawn, wanted)
}

/// A colour key: a swatch (or a line) and its words.
enum Key {
    Swatch(Rgba, String),
    Line(Rgba, String),
    Heat,
}

/// What the legend lists for the plan's overlay and contents.
fn legend_keys(layout: &Layout, opts: &PlanOptions, states: &ItemStates) -> Vec<Key> {
    let dark = opts.dark;
    let mut keys = Vec::new();
    match opts.overlay {
        Some(PlanOverlay::Heat) => {
            keys.push(Key::Heat);
            keys.push(Key::Swatch(palette::neutral(dark), "not IT load (PDUs, cooling)".into()));
        }
        Some(PlanOverlay::Floor) => {
            for (c, label) in palette::load_band_swatches() {
                keys.push(Key::Swatch(c, format!("floor load {label} of rating")));
            }
            keys.push(Key::Swatch(palette::neutral(dark), "carried by its rack (mounted)".into()));
        }
        _ => {
            let present: std::collections::HashSet<Swatch> =
                layout.items.iter().filter_map(|i| layout.type_of(i)).map(Swatch::of).collect();
            for s in Swatch::ALL.into_iter().filter(|s| present.contains(s)) {
                keys.push(Key::Swatch(s.fill(dark), s.label().into()));
            }
        }
    }
    match opts.overlay {
        Some(PlanOverlay::Feeds) => {
            for (c, label) in palette::load_band_swatches() {
                keys.push(Key::Swatch(c, format!("PDU / cooling load {label}")));
            }
            keys.push(Key::Line(palette::FEED_A, "feed A".into()));
            keys.push(Key::Line(palette::FEED_B, "feed B".into()));
        }
        Some(PlanOverlay::Fabric) => {
            keys.push(Key::Line(palette::FABRIC, "fabric links (rack to leaf, leaf to spine)".into()));
            keys.push(Key::Line(palette::tray(dark), "cable trays".into()));
        }
        _ => {}
    }
    for kind in [ObstacleKind::Column, ObstacleKind::Wall, ObstacleKind::NoGo] {
        if layout.hall.obstacles.iter().any(|o| o.kind == kind) {
            let label = match kind {
                ObstacleKind::Column => "column",
                ObstacleKind::Wall => "wall",
                ObstacleKind::NoGo => "no-go zone",
            };
            keys.push(Key::Swatch(palette::obstacle(kind, dark), label.into()));
        }
    }
    if !states.invalid.is_empty() {
        keys.push(Key::Swatch(palette::hall_floor(dark).lerp(palette::INVALID, 0.75), "misplaced".into()));
    }
    keys
}

/// The title block across the foot of the sheet: title, key figures, legend, scale bars.
fn title_block(
    out: &mut String,
    layout: &Layout,
    report: &Report,
    opts: &PlanOptions,
    sheet: Sheet,
    states: &ItemStates,
    (drawn, wanted): (usize, usize),
) {
    let dark = opts.dark;
    let ink = palette::ink(dark);
    let paper = paper(dark);
    let quiet = ink.lerp(paper, 0.4);
    let den = sheet.denominator;
    let [sheet_w, sheet_h] = sheet.size_mm();
    let (x0, y0, w, h) =
        (MARGIN_MM, sheet_h - MARGIN_MM - sheet.title_mm(), sheet_w - 2.0 * MARGIN_MM, sheet.title_mm());
    // Boxes `[x, y, width, height]`: title and scale bars, key figures, legend (its columns and rows).
    let (title, figures_box, legend_box, legend_cols, legend_rows) = if sheet.portrait {
        let row = 46.0;
        ([x0, y0, TITLE_COL_MM, row], [x0 + TITLE_COL_MM, y0, w - TITLE_COL_MM, row], [x0, y0 + row, w, h - row], 3, 7)
    } else {
        (
            [x0, y0, TITLE_COL_MM, h],
            [x0 + TITLE_COL_MM, y0, 110.0, h],
            [x0 + TITLE_COL_MM + 110.0, y0, w - TITLE_COL_MM - 110.0, h],
            2,
            9,
        )
    };
    let _ = writeln!(out, "<g id=\"title-block\">");
    for (b, width) in [(title, 0.2), (figures_box, 0.2), (legend_box, 0.2), ([x0, y0, w, h], 0.35)] {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" {}/>",
            num(b[0]),
            num(b[1]),
            num(b[2]),
            num(b[3]),
            stroke_attr(ink, width)
        );
    }

    // Title.
    let (tx, mut ty) = (title[0] + 4.0, title[1] + 9.0);
    let name = if layout.name.trim().is_empty() { "Untitled hall" } else { layout.name.as_str() };
    // Long names in smaller letters, down to 3.4 mm, then cut.
    let chars = name.chars().count() as f64;
    let size = (5.2 * 38.0 / chars.max(1.0)).clamp(3.4, 5.2);
    text(out, tx, ty, size, "start", ink, &clip(name, (38.0 * 5.2 / size) as usize));
    ty += 6.0;
    let hall = &layout.hall;
    let units = opts.units;
    let lines = [
        format!("File: {}", clip(opts.file.as_deref().unwrap_or("(not saved)"), 52)),
        format!("Date: {} · drawn by clusterplan", opts.date),
        format!(
            "Scale 1:{} on A3 {} · overlay: {}",
            group_float(den, 0),
            if sheet.portrait { "portrait" } else { "landscape" },
            opts.overlay.map_or("none (equipment by kind)", PlanOverlay::name)
        ),
        format!(
            "Hall {} × {}, {} tiles, grid labels every {} tiles",
            units.length(hall.width_m),
            units.length(hall.depth_m),
            units.length(hall.tile_m),
            grid_step(hall.tile_m, 1000.0 / den)
        ),
    ];
    for l in lines {
        text(out, tx, ty, 2.6, "start", quiet, &l);
        ty += 3.6;
    }
    // Scale bars: metric above imperial, each a round length about 50 mm long on paper.
    let k = 1000.0 / den;
    let mut by = title[1] + title[3] - 11.0;
    for u in [format::LengthUnit::Metric, format::LengthUnit::Imperial] {
        let units = Units { length: u, ..Units::default() };
        let (len_m, label) = units.scale_bar(50.0 / k);
        let len_mm = len_m * k;
        for s in 0..4 {
            let seg = len_mm / 4.0;
            let fill = if s % 2 == 0 { ink } else { paper };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1.4\" {} {}/>",
                num(tx + s as f64 * seg),
                num(by),
                num(seg),
                fill_attr(fill),
                stroke_attr(ink, 0.15)
            );
        }
        text(out, tx, by - 0.8, 2.2, "start", ink, "0");
        text(out, tx + len_mm + 1.5, by + 1.3, 2.4, "start", ink, &label);
        by += 6.0;
    }

    // Key figures.
    let (fx, mut fy) = (figures_box[0] + 4.0, figures_box[1] + 6.5);
    text(out, fx, fy, 3.0, "start", ink, "Key figures");
    fy += 4.6;
    let by_model: Vec<String> =
        report.gpus.by_model.iter().map(|(m, n)| format!("{} {m}", format::count(*n))).collect();
    let figures = [
        (
            "GPUs",
            format!(
                "{}{}",
                format::count(report.gpus.total),
                if by_model.len() > 1 {
                    format!(" ({})", by_model.join(", "))
                } else if let Some(m) = report.gpus.by_model.keys().next() {
                    format!(" {m}")
                } else {
                    String::new()
                }
            ),
        ),
        (
            "Compute (dense)",
            format!(
                "{} PFLOPS BF16 · {} FP8",
                group_float(report.compute.bf16_pflops, 0),
                group_float(report.compute.fp8_pflops, 0)
            ),
        ),
        (
            "HBM",
            format!(
                "{} TB · {} TB/s",
                group_float(report.memory.hbm_tb, 0),
                group_float(report.memory.bandwidth_tbps, 0)
            ),
        ),
        (
            "Power",
            format!("{} IT · {} facility", format::power(report.power.it_kw), format::power(report.power.facility_kw)),
        ),
        (
            "Cooling",
            format!(
                "{} typical ({} liquid) · {} peak",
                units.heat(report.cooling.total_kw),
                format::percent(if report.cooling.total_kw > 0.0 {
                    report.cooling.liquid_kw / report.cooling.total_kw
                } else {
                    0.0
                }),
                units.heat(report.cooling.peak_kw)
            ),
        ),
        (
            "Fabric",
            format!(
                "{} leaf · {} spine · {} core switches",
                format::count(report.network.leaf_switches),
                format::count(report.network.spine_switches),
                format::count(report.network.core_switches)
            ),
        ),
        (
            "Cables",
            format!(
                "{} · {}",
                counted(report.cables.count, "cable", "cables"),
                units.long_length(report.cables.total_length_m)
            ),
        ),
        ("Capital cost", format!("{} · {} per GPU", usd(report.cost.capex_usd), usd(report.cost.usd_per_gpu))),
        (
            "Checks",
            match (report.error_count(), report.warnings.len()) {
                (0, 0) => "clean".to_owned(),
                (e, w) => format!(
                    "{} · {}",
                    counted(e as u64, "error", "errors"),
                    counted((w - e) as u64, "warning", "warnings")
                ),
            },
        ),
    ];
    for (label, value) in figures {
        text(out, fx, fy, 2.4, "start", quiet, label);
        text(out, fx + 25.0, fy, 2.4, "start", ink, &clip(&value, 58));
        fy += 3.65;
    }

    // Legend, in columns.
    let (lx, ly) = (legend_box[0] + 4.0, legend_box[1] + 6.5);
    text(out, lx, ly, 3.0, "start", ink, "Legend");
    let keys = legend_keys(layout, opts, states);
    let col_w = (legend_box[2] - 8.0) / legend_cols as f64;
    let rows = legend_rows;
    for (n, key) in keys.iter().enumerate().take(rows * legend_cols) {
        let (x, y) = (lx + (n / rows) as f64 * col_w, ly + 3.2 + (n % rows) as f64 * 3.65);
        let label = match key {
            Key::Swatch(c, label) => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"5\" height=\"2.4\" {} {}/>",
                    num(x),
                    num(y),
                    fill_attr(*c),
                    stroke_attr(palette::outline(dark), 0.1)
                );
                label.clone()
            }
            Key::Line(c, label) => {
                let _ = writeln!(
                    out,
                    "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" {3}/>",
                    num(x),
                    num(x + 5.0),
                    num(y + 1.2),
                    stroke_attr(*c, 0.5)
                );
                label.clone()
            }
            Key::Heat => {
                for s in 0..10 {
                    let c = palette::heat(f64::from(s) / 9.0 * palette::HEAT_MAX_KW);
                    let _ = writeln!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"0.55\" height=\"2.4\" {}/>",
                        num(x + f64::from(s) * 0.5),
                        num(y),
                        fill_attr(c)
                    );
                }
                format!("heat per rack, typical: 0 – {:.0} kW", palette::HEAT_MAX_KW)
            }
        };
        text(out, x + 6.5, y + 2.0, 2.3, "start", ink, &clip(&label, 60));
    }
    if wanted > drawn {
        text(
            out,
            lx,
            legend_box[1] + legend_box[3] - 2.0,
            2.2,
            "start",
            quiet,
            &format!("{} of {} overlay lines drawn", format::count(drawn as u64), format::count(wanted as u64)),
        );
    }
    let _ = writeln!(out, "</g>");
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

/// The font database the renderers letter with: the designer's Ubuntu Light, embedded (no system fonts, so a
/// plan renders the same on every machine).
fn font_db() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(UBUNTU_LIGHT.to_vec());
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family);
    }
    Arc::new(db)
}

/// Parses a plan drawing with the embedded font.
pub fn parse_svg(svg: &str) -> Result<resvg::usvg::Tree, ExportError> {
    let db = font_db();
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
    let mut opt = resvg::usvg::Options { fontdb: db, ..Default::default() };
    if let Some(family) = family {
        opt.font_family = family;
    }
    Ok(resvg::usvg::Tree::from_str(svg, &opt)?)
}

/// Renders a plan drawing to PNG at `dpi` dots per inch (150 gives a 2,480 × 1,754 A3 sheet).
pub fn svg_to_png(svg: &str, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let tree = parse_svg(svg)?;
    let scale = dpi / 96.0; // usvg sizes in CSS pixels, 96 to the inch
    let (w, h) = ((tree.size().width() * scale).round() as u32, (tree.size().height() * scale).round() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ExportError::Png(format!("cannot make a {w} × {h} image")))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

/// Converts a plan drawing to a one-page PDF the size of the sheet.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let tree = parse_svg(svg)?;
    // usvg measures in CSS pixels (96 per inch); a PDF point is 1/72 inch.
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions { dpi: 96.0 })
        .map_err(|e| ExportError::Pdf(e.to_string()))
}
