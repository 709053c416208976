//! The designer's palette: every colour the canvas and panels use, in one place.

use egui::Color32;

use crate::model::{CoolingMedium, EquipmentKind, EquipmentType};

/// Fill of an item by what it is.
pub fn kind_fill(ty: &EquipmentType, dark: bool) -> Color32 {
    let (r, g, b) = match ty.kind {
        EquipmentKind::GpuRack if ty.liquid_fraction > 0.0 => (64, 132, 214),
        EquipmentKind::GpuRack => (82, 160, 230),
        EquipmentKind::NetworkRack => (150, 104, 214),
        EquipmentKind::Switch => (150, 104, 214),
        EquipmentKind::StorageRack => (120, 128, 140),
        EquipmentKind::Pdu => (232, 168, 56),
        EquipmentKind::Cooling => match ty.cooling.as_ref().map(|c| c.medium) {
            Some(CoolingMedium::Air) => (70, 190, 190),
            _ => (40, 170, 130),
        },
    };
    if dark { Color32::from_rgb(r, g, b) } else { Color32::from_rgb(r * 4 / 5, g * 4 / 5, b * 4 / 5) }
}

/// Canvas background.
pub fn floor(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(24, 26, 30) } else { Color32::from_rgb(244, 245, 247) }
}

/// The hall's floor area.
pub fn hall_floor(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(36, 39, 45) } else { Color32::WHITE }
}

/// Tile grid lines.
pub fn grid(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(48, 52, 60) } else { Color32::from_rgb(226, 228, 232) }
}

/// Hall outline and obstacles.
pub fn wall(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(170, 175, 185) } else { Color32::from_rgb(60, 64, 72) }
}

/// Obstacle fill.
pub const OBSTACLE: Color32 = Color32::from_rgb(110, 110, 118);
/// Selection outline.
pub const SELECTION: Color32 = Color32::from_rgb(255, 214, 10);
/// Invalid placement (overlap, outside, on obstacle).
pub const INVALID: Color32 = Color32::from_rgb(230, 50, 50);
/// Error-severity text.
pub const ERROR: Color32 = Color32::from_rgb(230, 70, 70);
/// Warning-severity text.
pub const WARNING: Color32 = Color32::from_rgb(230, 170, 40);
/// Good / within capacity.
pub const OK: Color32 = Color32::from_rgb(70, 180, 90);
/// Feed A lines.
pub const FEED_A: Color32 = Color32::from_rgb(240, 140, 40);
/// Feed B lines.
pub const FEED_B: Color32 = Color32::from_rgb(60, 170, 240);
/// Fabric links.
pub const FABRIC: Color32 = Color32::from_rgb(190, 120, 255);
/// Cable trays.
pub const TRAY: Color32 = Color32::from_rgba_premultiplied(120, 90, 170, 90);
/// Ghost of an item being placed.
pub const GHOST: Color32 = Color32::from_rgba_premultiplied(80, 160, 255, 110);

/// Load colour: green below 70 %, through amber, red above 100 % of capacity.
pub fn load(utilisation: f64) -> Color32 {
    let u = utilisation.clamp(0.0, 1.2) as f32;
    if u > 1.0 {
        return INVALID;
    }
    let lerp = |a: Color32, b: Color32, t: f32| a.lerp_to_gamma(b, t.clamp(0.0, 1.0));
    if u < 0.7 { lerp(Color32::from_rgb(50, 150, 80), OK, u / 0.7) } else { lerp(OK, WARNING, (u - 0.7) / 0.3) }
}

/// Heat colour for a rack drawing `kw`: blue (cool) to red (≥ 130 kW).
pub fn heat(kw: f64) -> Color32 {
    let t = (kw / 130.0).clamp(0.0, 1.0) as f32;
    let cold = Color32::from_rgb(40, 90, 200);
    let warm = Color32::from_rgb(250, 200, 40);
    let hot = Color32::from_rgb(220, 40, 30);
    if t < 0.5 { cold.lerp_to_gamma(warm, t * 2.0) } else { warm.lerp_to_gamma(hot, (t - 0.5) * 2.0) }
}
