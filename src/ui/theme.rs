//! The designer's colours as egui colours: the palette (`crate::palette`, shared with the plan exports) converted,
//! plus the few colours only the designer draws (ghosts of items being placed).

use egui::Color32;

use crate::model::{EquipmentType, ObstacleKind};
use crate::palette::{self, Rgba};
pub use crate::palette::{LOAD_BANDS, Swatch};

/// Equipment of a later phase than the one shown: its footprint faint on the floor (an outline when big enough).
pub fn not_yet(dark: bool) -> Color32 {
    c(palette::grid(dark))
}

/// A palette colour as an egui colour.
pub const fn c(p: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied_const(p.r, p.g, p.b, p.a)
}

/// Fill of a swatch.
pub fn swatch(s: Swatch, dark: bool) -> Color32 {
    c(s.fill(dark))
}

/// Fill of an item by what it is.
pub fn kind_fill(ty: &EquipmentType, dark: bool) -> Color32 {
    c(palette::kind_fill(ty, dark))
}

/// Readable text on a fill: near-black on light fills, white on dark ones.
pub fn text_on(fill: Color32) -> Color32 {
    c(palette::text_on(palette::rgb(fill.r(), fill.g(), fill.b())))
}

/// Outline of an item.
pub fn outline(dark: bool) -> Color32 {
    c(palette::outline(dark))
}

/// Canvas background.
pub fn floor(dark: bool) -> Color32 {
    c(palette::floor(dark))
}

/// The hall's floor area.
pub fn hall_floor(dark: bool) -> Color32 {
    c(palette::hall_floor(dark))
}

/// Tile grid lines.
pub fn grid(dark: bool) -> Color32 {
    c(palette::grid(dark))
}

/// Hall outline.
pub fn wall(dark: bool) -> Color32 {
    c(palette::wall(dark))
}

/// Text and marks drawn straight on the floor (scale bar, cursor readout).
pub fn ink(dark: bool) -> Color32 {
    c(palette::ink(dark))
}

/// Secondary text meant to be read from a distance (presentation tiles' captions and detail lines): quieter than
/// the figures, darker than egui's weak text, which fades on a projector.
pub fn secondary_ink(dark: bool) -> Color32 {
    if dark { Color32::from_gray(185) } else { Color32::from_gray(65) }
}

/// The plate behind text drawn on the floor, so it reads over items.
pub fn plate(dark: bool) -> Color32 {
    c(palette::plate(dark))
}

/// Obstacle fill by kind.
pub fn obstacle(kind: ObstacleKind, dark: bool) -> Color32 {
    c(palette::obstacle(kind, dark))
}

/// Selection outline.
pub fn selection(dark: bool) -> Color32 {
    c(palette::selection(dark))
}

/// Equipment that is not IT load, under the heat overlay.
pub fn neutral(dark: bool) -> Color32 {
    c(palette::neutral(dark))
}

/// Cable trays (fabric overlay).
pub fn tray(dark: bool) -> Color32 {
    c(palette::tray(dark))
}

/// Ghost of an item being placed: its own colour, see-through.
pub fn ghost(fill: Color32) -> Color32 {
    fill.gamma_multiply(0.55)
}

/// Invalid placement (overlap, outside, on obstacle).
pub const INVALID: Color32 = c(palette::INVALID);
/// Error-severity text.
pub const ERROR: Color32 = c(palette::ERROR);
/// Warning-severity text.
pub const WARNING: Color32 = c(palette::WARNING);
/// Good / within capacity.
pub const OK: Color32 = c(palette::OK);
/// Feed A lines.
pub const FEED_A: Color32 = c(palette::FEED_A);
/// Feed B lines.
pub const FEED_B: Color32 = c(palette::FEED_B);
/// Feed C lines.
pub const FEED_C: Color32 = c(palette::FEED_C);
/// Fabric links.
pub const FABRIC: Color32 = c(palette::FABRIC);
/// Outline of a rectangle being dragged out.
pub const GHOST: Color32 = Color32::from_rgba_premultiplied(80, 160, 255, 110);
/// A unit lost in the what-if.
pub const LOST: Color32 = c(palette::LOST);

/// Load colour of a PDU or cooling unit.
pub fn load(utilisation: f64) -> Color32 {
    c(palette::load(utilisation))
}

/// Heat colour for an item drawing `kw` on a scale from 0 to `scale_kw`.
pub fn heat(kw: f64, scale_kw: u32) -> Color32 {
    c(palette::heat(kw, scale_kw))
}

/// The colour of a change by how it reads for its figure: better green, worse red, neither in secondary ink
/// (the Compare tab and the presentation's tiles alike).
pub fn verdict(v: crate::analysis::compare::Verdict, dark: bool) -> Color32 {
    use crate::analysis::compare::Verdict;
    match v {
        Verdict::Better => OK,
        Verdict::Worse => ERROR,
        Verdict::Neutral => secondary_ink(dark),
    }
}
