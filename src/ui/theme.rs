//! The designer's palette: every colour the canvas, legend and panels use, in one place, for the dark and the
//! light theme. Labels on fills take their colour from the fill's lightness so they stay readable on both.

use egui::Color32;

use crate::model::{CoolingMedium, EquipmentKind, EquipmentType};

/// What an item is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// Liquid-cooled GPU rack.
    GpuLiquid,
    /// Air-cooled GPU rack.
    GpuAir,
    /// Network rack.
    Network,
    /// Storage or CPU rack.
    Storage,
    /// PDU.
    Pdu,
    /// Liquid cooling (CDU).
    CoolingLiquid,
    /// Air cooling (CRAH) or rear door.
    CoolingAir,
}

impl Swatch {
    /// Every swatch, in legend order.
    pub const ALL: [Swatch; 7] = [
        Swatch::GpuLiquid,
        Swatch::GpuAir,
        Swatch::Network,
        Swatch::Storage,
        Swatch::Pdu,
        Swatch::CoolingLiquid,
        Swatch::CoolingAir,
    ];

    /// The swatch of a type.
    pub fn of(ty: &EquipmentType) -> Self {
        match ty.kind {
            EquipmentKind::GpuRack if ty.liquid_fraction > 0.0 => Swatch::GpuLiquid,
            EquipmentKind::GpuRack => Swatch::GpuAir,
            EquipmentKind::NetworkRack | EquipmentKind::Switch => Swatch::Network,
            EquipmentKind::StorageRack => Swatch::Storage,
            EquipmentKind::Pdu => Swatch::Pdu,
            EquipmentKind::Cooling => match ty.cooling.as_ref().map(|c| c.medium) {
                Some(CoolingMedium::Liquid) => Swatch::CoolingLiquid,
                _ => Swatch::CoolingAir,
            },
        }
    }

    /// The legend's words.
    pub fn label(self) -> &'static str {
        match self {
            Swatch::GpuLiquid => "GPU rack, liquid-cooled",
            Swatch::GpuAir => "GPU rack, air-cooled",
            Swatch::Network => "Network rack",
            Swatch::Storage => "Storage / CPU rack",
            Swatch::Pdu => "PDU",
            Swatch::CoolingLiquid => "CDU (liquid)",
            Swatch::CoolingAir => "CRAH / rear door (air)",
        }
    }

    /// Fill colour.
    pub fn fill(self, dark: bool) -> Color32 {
        let (d, l) = match self {
            Swatch::GpuLiquid => ((64, 132, 214), (120, 170, 232)),
            Swatch::GpuAir => ((96, 176, 236), (160, 206, 244)),
            Swatch::Network => ((150, 104, 214), (190, 160, 232)),
            Swatch::Storage => ((120, 128, 140), (182, 188, 198)),
            Swatch::Pdu => ((232, 168, 56), (244, 196, 110)),
            Swatch::CoolingLiquid => ((40, 170, 130), (110, 204, 172)),
            Swatch::CoolingAir => ((70, 190, 190), (140, 216, 216)),
        };
        let (r, g, b) = if dark { d } else { l };
        Color32::from_rgb(r, g, b)
    }
}

/// Fill of an item by what it is.
pub fn kind_fill(ty: &EquipmentType, dark: bool) -> Color32 {
    Swatch::of(ty).fill(dark)
}

/// Readable text on a fill: near-black on light fills, white on dark ones.
pub fn text_on(fill: Color32) -> Color32 {
    let luma = 0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
    if luma > 150.0 { Color32::from_rgb(20, 22, 26) } else { Color32::WHITE }
}

/// Outline of an item.
pub fn outline(dark: bool) -> Color32 {
    if dark { Color32::from_black_alpha(160) } else { Color32::from_rgb(90, 96, 108) }
}

/// Canvas background.
pub fn floor(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(24, 26, 30) } else { Color32::from_rgb(226, 229, 234) }
}

/// The hall's floor area.
pub fn hall_floor(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(36, 39, 45) } else { Color32::from_rgb(250, 250, 252) }
}

/// Tile grid lines.
pub fn grid(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(48, 52, 60) } else { Color32::from_rgb(222, 225, 230) }
}

/// Hall outline.
pub fn wall(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(170, 175, 185) } else { Color32::from_rgb(60, 64, 72) }
}

/// Text and marks drawn straight on the floor (scale bar, cursor readout).
pub fn ink(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(230, 232, 236) } else { Color32::from_rgb(28, 30, 34) }
}

/// The plate behind text drawn on the floor, so it reads over items.
pub fn plate(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(20, 22, 26, 210)
    } else {
        Color32::from_rgba_unmultiplied(255, 255, 255, 220)
    }
}

/// Obstacle fill by kind.
pub fn obstacle(kind: crate::model::ObstacleKind, dark: bool) -> Color32 {
    use crate::model::ObstacleKind;
    match (kind, dark) {
        (ObstacleKind::Column, true) => Color32::from_rgb(110, 110, 118),
        (ObstacleKind::Column, false) => Color32::from_rgb(140, 140, 150),
        (ObstacleKind::Wall, true) => Color32::from_rgb(150, 152, 160),
        (ObstacleKind::Wall, false) => Color32::from_rgb(96, 100, 110),
        (ObstacleKind::NoGo, _) => Color32::from_rgba_unmultiplied(230, 80, 80, 60),
    }
}

/// Selection outline: amber on the dark floor, magenta on the light one (it must stand out on orange PDUs).
pub fn selection(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(255, 196, 0) } else { Color32::from_rgb(214, 0, 140) }
}

/// Equipment that is not IT load, under the heat overlay (it gives off no heat of its own).
pub fn neutral(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(78, 82, 90) } else { Color32::from_rgb(196, 199, 205) }
}

/// Cable trays (fabric overlay).
pub fn tray(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(150, 110, 210, 90)
    } else {
        Color32::from_rgba_unmultiplied(110, 60, 180, 120)
    }
}

/// Ghost of an item being placed: its own colour, see-through.
pub fn ghost(fill: Color32) -> Color32 {
    fill.gamma_multiply(0.55)
}
/// Invalid placement (overlap, outside, on obstacle).
pub const INVALID: Color32 = Color32::from_rgb(230, 50, 50);
/// Error-severity text.
pub const ERROR: Color32 = Color32::from_rgb(220, 60, 60);
/// Warning-severity text.
pub const WARNING: Color32 = Color32::from_rgb(214, 150, 20);
/// Good / within capacity.
pub const OK: Color32 = Color32::from_rgb(60, 170, 80);
/// Feed A lines.
pub const FEED_A: Color32 = Color32::from_rgb(240, 140, 40);
/// Feed B lines.
pub const FEED_B: Color32 = Color32::from_rgb(60, 150, 240);
/// Fabric links.
pub const FABRIC: Color32 = Color32::from_rgb(170, 100, 250);
/// Outline of a rectangle being dragged out.
pub const GHOST: Color32 = Color32::from_rgba_premultiplied(80, 160, 255, 110);
/// A unit lost in the what-if.
pub const LOST: Color32 = Color32::from_rgb(60, 60, 66);

/// Load bands: below 70 % of capacity, to 90 %, to 100 %, over.
pub const LOAD_BANDS: [(f64, &str); 4] =
    [(0.7, "< 70 %"), (0.9, "70–90 %"), (1.0, "90–100 %"), (f64::INFINITY, "> 100 %")];

/// Load colour of a PDU or cooling unit: green below 70 % of capacity, yellow to 90 %, orange to 100 %, red over.
pub fn load(utilisation: f64) -> Color32 {
    const COLOURS: [Color32; 4] =
        [Color32::from_rgb(60, 170, 80), Color32::from_rgb(226, 196, 40), Color32::from_rgb(240, 130, 30), INVALID];
    let band = LOAD_BANDS.iter().position(|(upto, _)| utilisation < *upto + 1e-9).unwrap_or(3);
    COLOURS[band]
}

/// Hottest rack on the heat scale, in kW.
pub const HEAT_MAX_KW: f64 = 130.0;

/// Heat colour for an item drawing `kw`: blue (cool) through yellow to red (≥ [`HEAT_MAX_KW`]).
pub fn heat(kw: f64) -> Color32 {
    let t = (kw / HEAT_MAX_KW).clamp(0.0, 1.0) as f32;
    let cold = Color32::from_rgb(40, 90, 200);
    let warm = Color32::from_rgb(250, 200, 40);
    let hot = Color32::from_rgb(220, 40, 30);
    if t < 0.5 { cold.lerp_to_gamma(warm, t * 2.0) } else { warm.lerp_to_gamma(hot, (t - 0.5) * 2.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_on_every_fill_and_loads_are_banded() {
        for dark in [true, false] {
            for s in Swatch::ALL {
                let fill = s.fill(dark);
                let text = text_on(fill);
                let luma = |c: Color32| 0.299 * f32::from(c.r()) + 0.587 * f32::from(c.g()) + 0.114 * f32::from(c.b());
                assert!((luma(fill) - luma(text)).abs() > 90.0, "{s:?} dark={dark}");
            }
            // Items stand out from the floor in both themes.
            assert_ne!(Swatch::GpuLiquid.fill(dark), hall_floor(dark));
        }
        assert_eq!(load(0.5), load(0.69));
        assert_ne!(load(0.89), load(0.5), "89 % is not drawn like 50 %");
        assert_ne!(load(0.95), load(0.89));
        assert_eq!(load(1.2), INVALID);
    }
}
