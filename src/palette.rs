//! The palette and drawing rules: every colour a drawing of the hall uses — the designer's canvas, legend and panels, and the plan
//! exports — in one place, for the dark and the light theme, with the rule that colours an item under each overlay.
//! The designer converts these to egui colours (`ui::theme`); the exports write them into SVG. So an exported plan
//! shows what the canvas shows. Item labels and the fabric overlay's lines are decided here too, for the same reason.

use std::collections::{HashMap, HashSet};

use crate::analysis::Report;
use crate::analysis::item_power_in;
use crate::model::ops::Mounts;
use crate::model::{CoolingMedium, EquipmentKind, EquipmentType, Item, ItemId, Layout, ObstacleKind, SwitchRole};

/// A colour: sRGB, unmultiplied alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity (255 opaque).
    pub a: u8,
}

/// An opaque colour.
pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
    Rgba { r, g, b, a: 255 }
}

/// A see-through colour.
pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Rgba {
    Rgba { r, g, b, a }
}

impl Rgba {
    /// `#rrggbb` (the opacity apart).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Opacity from 0 to 1.
    pub fn opacity(self) -> f32 {
        f32::from(self.a) / 255.0
    }

    /// Blends towards `other` by `t` in gamma space, channel by channel (as egui's `lerp_to_gamma`).
    pub fn lerp(self, other: Rgba, t: f32) -> Rgba {
        let mix =
            |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t + 0.5).floor().clamp(0.0, 255.0) as u8;
        Rgba { r: mix(self.r, other.r), g: mix(self.g, other.g), b: mix(self.b, other.b), a: mix(self.a, other.a) }
    }

    /// Perceived lightness, 0–255.
    pub fn luma(self) -> f32 {
        0.299 * f32::from(self.r) + 0.587 * f32::from(self.g) + 0.114 * f32::from(self.b)
    }
}

/// What an item is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    pub fn fill(self, dark: bool) -> Rgba {
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
        rgb(r, g, b)
    }
}

/// Fill of a unit in a rack elevation (the Inspector's and the pack's elevation sheets): servers as GPU racks,
/// switches as network racks, a mounted CDU as liquid cooling, contents as PDUs (power shelves) … blanks and the
/// reserved top pale.
pub fn elevation_unit(kind: crate::analysis::elevation::UnitKind, dark: bool) -> Rgba {
    use crate::analysis::elevation::UnitKind;
    match kind {
        UnitKind::Server => Swatch::GpuLiquid.fill(dark),
        UnitKind::Switch => Swatch::Network.fill(dark),
        UnitKind::Mounted => Swatch::CoolingLiquid.fill(dark),
        UnitKind::Content => Swatch::Storage.fill(dark),
        UnitKind::PduStrip => Swatch::Pdu.fill(dark),
        UnitKind::Blank => {
            if dark {
                rgb(44, 46, 52)
            } else {
                rgb(236, 237, 240)
            }
        }
        UnitKind::Reserved => {
            if dark {
                rgb(36, 38, 42)
            } else {
                rgb(250, 250, 250)
            }
        }
    }
}

/// Fill of an item by what it is.
pub fn kind_fill(ty: &EquipmentType, dark: bool) -> Rgba {
    Swatch::of(ty).fill(dark)
}

/// Readable text on a fill: near-black on light fills, white on dark ones.
pub fn text_on(fill: Rgba) -> Rgba {
    if fill.luma() > 150.0 { rgb(20, 22, 26) } else { rgb(255, 255, 255) }
}

/// Outline of an item.
pub fn outline(dark: bool) -> Rgba {
    if dark { rgba(0, 0, 0, 160) } else { rgb(90, 96, 108) }
}

/// Canvas background (and the page of a dark export).
pub fn floor(dark: bool) -> Rgba {
    if dark { rgb(24, 26, 30) } else { rgb(226, 229, 234) }
}

/// The hall's floor area.
pub fn hall_floor(dark: bool) -> Rgba {
    if dark { rgb(36, 39, 45) } else { rgb(250, 250, 252) }
}

/// Tile grid lines.
pub fn grid(dark: bool) -> Rgba {
    if dark { rgb(48, 52, 60) } else { rgb(222, 225, 230) }
}

/// Hall outline.
pub fn wall(dark: bool) -> Rgba {
    if dark { rgb(170, 175, 185) } else { rgb(60, 64, 72) }
}

/// Text and marks drawn straight on the floor (scale bar, cursor readout).
pub fn ink(dark: bool) -> Rgba {
    if dark { rgb(230, 232, 236) } else { rgb(28, 30, 34) }
}

/// The plate behind text drawn on the floor, so it reads over items.
pub fn plate(dark: bool) -> Rgba {
    if dark { rgba(20, 22, 26, 210) } else { rgba(255, 255, 255, 220) }
}

/// Obstacle fill by kind.
pub fn obstacle(kind: ObstacleKind, dark: bool) -> Rgba {
    match (kind, dark) {
        (ObstacleKind::Column, true) => rgb(110, 110, 118),
        (ObstacleKind::Column, false) => rgb(140, 140, 150),
        (ObstacleKind::Wall, true) => rgb(150, 152, 160),
        (ObstacleKind::Wall, false) => rgb(96, 100, 110),
        (ObstacleKind::NoGo, _) => rgba(230, 80, 80, 60),
    }
}

/// Selection outline: amber on the dark floor, magenta on the light one (it must stand out on orange PDUs).
pub fn selection(dark: bool) -> Rgba {
    if dark { rgb(255, 196, 0) } else { rgb(214, 0, 140) }
}

/// Equipment that is not IT load, under the heat overlay (it gives off no heat of its own).
pub fn neutral(dark: bool) -> Rgba {
    if dark { rgb(78, 82, 90) } else { rgb(196, 199, 205) }
}

/// Cable trays (fabric overlay).
pub fn tray(dark: bool) -> Rgba {
    if dark { rgba(150, 110, 210, 90) } else { rgba(110, 60, 180, 120) }
}

/// Invalid placement (overlap, outside, on obstacle).
pub const INVALID: Rgba = rgb(230, 50, 50);
/// Error-severity text.
pub const ERROR: Rgba = rgb(220, 60, 60);
/// Warning-severity text.
pub const WARNING: Rgba = rgb(214, 150, 20);
/// Good / within capacity.
pub const OK: Rgba = rgb(60, 170, 80);
/// Feed A lines.
pub const FEED_A: Rgba = rgb(240, 140, 40);
/// Feed B lines.
pub const FEED_B: Rgba = rgb(60, 150, 240);
/// Feed C lines (a third source).
pub const FEED_C: Rgba = rgb(200, 90, 200);
/// Fabric links.
pub const FABRIC: Rgba = rgb(170, 100, 250);
/// A unit lost in the what-if.
pub const LOST: Rgba = rgb(60, 60, 66);

/// Load bands: below 70 % of capacity, to 90 %, to 100 %, over.
pub const LOAD_BANDS: [(f64, &str); 4] =
    [(0.7, "< 70 %"), (0.9, "70–90 %"), (1.0, "90–100 %"), (f64::INFINITY, "> 100 %")];

/// Load colour of a PDU or cooling unit: green below 70 % of capacity, yellow to 90 %, orange to 100 %, red over.
pub fn load(utilisation: f64) -> Rgba {
    const COLOURS: [Rgba; 4] = [rgb(60, 170, 80), rgb(226, 196, 40), rgb(240, 130, 30), INVALID];
    let band = LOAD_BANDS.iter().position(|(upto, _)| utilisation < *upto + 1e-9).unwrap_or(3);
    COLOURS[band]
}

/// A colour inside each load band, for legends.
pub fn load_band_swatches() -> impl Iterator<Item = (Rgba, &'static str)> {
    LOAD_BANDS.iter().map(|(upto, label)| (load(upto.min(1.1) - 0.001), *label))
}

/// The heat scale's stops from cool to hot: blue, cyan, green, yellow, orange, red — neighbours close in hue, so
/// every colour between two stops is as vivid as they are (a straight blue-to-yellow blend passes through grey).
const HEAT_STOPS: [Rgba; 6] =
    [rgb(45, 80, 210), rgb(20, 165, 215), rgb(60, 185, 95), rgb(240, 205, 40), rgb(245, 130, 30), rgb(215, 40, 35)];

/// Round tops for the heat scale, in kW: the scale ends at the first at least as hot as the hall's densest rack.
const HEAT_SCALE_TOPS_KW: [u32; 16] = [10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150, 200, 250, 300, 400];

/// The top of the heat overlay's scale for a hall whose densest rack draws `densest_kw` (typical): a round
/// number at least that (10 kW at least, so a cool hall is not painted red).
pub fn heat_scale_kw(densest_kw: f64) -> u32 {
    HEAT_SCALE_TOPS_KW
        .into_iter()
        .find(|t| f64::from(*t) >= densest_kw - 1e-9)
        .unwrap_or_else(|| ((densest_kw / 100.0).ceil() * 100.0).min(f64::from(u32::MAX)) as u32)
}

/// Heat colour for an item drawing `kw` on a scale from 0 to `scale_kw`: blue (cool) through cyan, green,
/// yellow and orange to red (at the top and above).
pub fn heat(kw: f64, scale_kw: u32) -> Rgba {
    let t = (kw / f64::from(scale_kw.max(1))).clamp(0.0, 1.0) as f32 * (HEAT_STOPS.len() - 1) as f32;
    let i = (t.floor() as usize).min(HEAT_STOPS.len() - 2);
    HEAT_STOPS[i].lerp(HEAT_STOPS[i + 1], t - i as f32)
}

/// How items are coloured: by kind, or by one of the overlays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Colouring {
    /// Racks by heat (typical kW) on a scale from 0 to this many kW; the rest neutral.
    pub heat: Option<u32>,
    /// Items by floor load against the hall's rating.
    pub floor: bool,
    /// PDUs and cooling units by load (the feeds overlay, or a what-if failure).
    pub loads: bool,
}

/// What the report says about each item that colours it: misplaced items, the load of each PDU and cooling unit,
/// and the units lost in the report's failure scenario. Built once per report, or brought up to a new report of
/// the same hall by [`ItemStates::update`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemStates {
    /// Items in an invalid place (overlap, outside the hall, on an obstacle).
    pub invalid: HashSet<ItemId>,
    /// Utilisation of each PDU in the report's scenario, by id.
    pdus: Vec<(ItemId, f64)>,
    /// Utilisation of each cooling unit in the report's scenario, by id.
    units: Vec<(ItemId, f64)>,
    /// PDUs and cooling units lost in the report's scenario.
    pub lost: HashSet<ItemId>,
}

/// The items a report names as misplaced.
fn invalid_of(report: &Report) -> HashSet<ItemId> {
    report
        .warnings
        .iter()
        .filter(|w| matches!(w.code, "overlap" | "outside-hall" | "on-obstacle"))
        .flat_map(|w| w.items.iter().copied())
        .collect()
}

impl ItemStates {
    /// The states the report gives.
    pub fn of(report: &Report) -> Self {
        let (power, cooling) = (&report.power, &report.cooling);
        let lost = power
            .pdus
            .iter()
            .filter(|p| p.lost)
            .map(|p| p.id)
            .chain(cooling.units.iter().filter(|u| u.lost).map(|u| u.id))
            .collect();
        Self {
            invalid: invalid_of(report),
            pdus: power.pdus.iter().map(|p| (p.id, p.utilisation())).collect(),
            units: cooling.units.iter().map(|u| (u.id, u.utilisation())).collect(),
            lost,
        }
    }

    /// Utilisation of a PDU or cooling unit in the report's scenario.
    pub fn utilisation(&self, id: ItemId) -> Option<f64> {
        let find = |v: &[(ItemId, f64)]| v.binary_search_by_key(&id, |e| e.0).ok().map(|k| v[k].1);
        find(&self.pdus).or_else(|| find(&self.units))
    }

    /// Brings the states up to a new report of the same hall; returns the items whose state changed. `loads`
    /// names the PDUs and cooling units whose report entries may have changed, when the caller knows (None: any).
    pub fn update(&mut self, report: &Report, loads: Option<&[ItemId]>) -> Vec<ItemId> {
        let mut changed = Vec::new();
        let invalid = invalid_of(report);
        changed.extend(invalid.symmetric_difference(&self.invalid).copied());
        self.invalid = invalid;
        let (power, cooling) = (&report.power, &report.cooling);
        let same_units = |old: &[(ItemId, f64)], ids: &mut dyn Iterator<Item = ItemId>| {
            let mut n = 0;
            for id in ids {
                if old.get(n).is_none_or(|e| e.0 != id) {
                    return false;
                }
                n += 1;
            }
            n == old.len()
        };
        let lost = &mut self.lost;
        let mut follow = |old: &mut (ItemId, f64), u: f64, is_lost: bool| {
            let id = old.0;
            if old.1.to_bits() != u.to_bits() || lost.contains(&id) != is_lost {
                changed.push(id);
                old.1 = u;
                if is_lost {
                    lost.insert(id);
                } else {
                    lost.remove(&id);
                }
            }
        };
        let same_lengths = self.pdus.len() == power.pdus.len() && self.units.len() == cooling.units.len();
        if let Some(ids) = loads.filter(|_| same_lengths) {
            // Only the named entries changed: the lists are by id in the report and here alike.
            for &id in ids {
                if let Ok(k) = power.pdus.binary_search_by_key(&id, |p| p.id)
                    && self.pdus[k].0 == id
                {
                    let p = &power.pdus[k];
                    follow(&mut self.pdus[k], p.utilisation(), p.lost);
                } else if let Ok(k) = cooling.units.binary_search_by_key(&id, |u| u.id)
                    && self.units[k].0 == id
                {
                    let u = &cooling.units[k];
                    follow(&mut self.units[k], u.utilisation(), u.lost);
                }
            }
        } else if same_units(&self.pdus, &mut power.pdus.iter().map(|p| p.id))
            && same_units(&self.units, &mut cooling.units.iter().map(|u| u.id))
        {
            let fresh = power
                .pdus
                .iter()
                .map(|p| (p.utilisation(), p.lost))
                .chain(cooling.units.iter().map(|u| (u.utilisation(), u.lost)));
            for ((u, is_lost), old) in fresh.zip(self.pdus.iter_mut().chain(self.units.iter_mut())) {
                follow(old, u, is_lost);
            }
        } else {
            let fresh = Self::of(report);
            changed.extend(self.pdus.iter().chain(&self.units).map(|e| e.0));
            changed.extend(fresh.pdus.iter().chain(&fresh.units).map(|e| e.0));
            *self = fresh;
        }
        changed
    }
}

/// The fill of an item under a colouring — the one rule the canvas and the plan exports share.
pub fn item_fill(
    layout: &Layout,
    report: &Report,
    states: &ItemStates,
    item: &Item,
    ty: &EquipmentType,
    how: Colouring,
    dark: bool,
) -> Rgba {
    let mut fill = kind_fill(ty, dark);
    if let Some(scale_kw) = how.heat {
        fill =
            if ty.kind.is_it_load() { heat(item_power_in(layout, item).typical_kw, scale_kw) } else { neutral(dark) };
    }
    if how.floor {
        // Each item's load per foot against the concentrated rating (the check its warning makes).
        let rating = layout.hall.settings.floor_point_rating_kg;
        fill = match report.floor.item(item.id) {
            Some(l) if rating > 0.0 => load(l.point_kg / rating),
            _ => neutral(dark),
        };
    }
    if how.loads && matches!(ty.kind, EquipmentKind::Pdu | EquipmentKind::Cooling) {
        fill = if states.lost.contains(&item.id) { LOST } else { load(states.utilisation(item.id).unwrap_or(0.0)) };
    }
    if states.invalid.contains(&item.id) {
        fill = fill.lerp(INVALID, 0.75);
    }
    fill
}

/// The footprint a drawing gives an item, metres (`min`, `max`): its own — or, for a unit mounted in a rack, its
/// host's, at the back of which it is drawn as a strip (`model::ops::mounted_strip`, turned as the unit is). The
/// canvas hit-tests and draws with this; the plan exports draw with it.
pub fn drawn_footprint(layout: &Layout, mounts: &Mounts, item: &Item, ty: &EquipmentType) -> ([f32; 2], [f32; 2]) {
    let (shape, shape_ty) = mounts
        .host_of(item.id)
        .and_then(|h| layout.index_of(h))
        .map(|h| &layout.items[h])
        .and_then(|h| layout.type_of(h).map(|t| (h, t)))
        .unwrap_or((item, ty));
    let o = shape.origin_m();
    let size = shape.footprint_m(shape_ty);
    ([o.x as f32, o.y as f32], [(o.x + size.x) as f32, (o.y + size.y) as f32])
}

/// A short label for an item on a drawing: its name, else what it holds (`32 GPU`, `8×leaf`, `PDU`, `PDU·U3` for a
/// PDU on UPS system 3, …).
pub fn short_label(item: &Item, ty: &EquipmentType) -> String {
    if let Some(name) = &item.name {
        return name.clone();
    }
    match (&ty.gpu, &item.switches) {
        (Some(g), _) => format!("{} GPU", item.servers_in(ty) * g.gpus_per_server),
        (_, Some(s)) => format!("{}×{}", s.count, s.role.label()),
        _ => match ty.kind {
            // A PDU says the UPS system that feeds it when the site is modelled ("PDU·U3": UPS system 3).
            EquipmentKind::Pdu => item.upstream.map_or_else(|| "PDU".into(), |u| format!("PDU·U{u}")),
            EquipmentKind::Cooling => ty.cooling.as_ref().map_or("cooling", |c| c.medium.label()).into(),
            EquipmentKind::StorageRack => "storage".into(),
            _ => ty.kind.label().into(),
        },
    }
}

/// The lines the fabric overlay draws: each GPU rack to every leaf rack of its SU, each leaf rack to every spine
/// rack of its plane and pod (an uplink bundle). Built once per layout, asked per item.
#[derive(Default)]
pub struct FabricLines {
    leaf_racks: HashMap<u32, Vec<ItemId>>,
    spine_racks: HashMap<(u32, u32), Vec<ItemId>>,
}

impl FabricLines {
    /// The leaf and spine racks of a layout.
    pub fn of(layout: &Layout) -> Self {
        let mut out = Self::default();
        for item in &layout.items {
            match &item.switches {
                Some(f) if f.role == SwitchRole::Leaf => out.leaf_racks.entry(f.su).or_default().push(item.id),
                Some(f) if f.role == SwitchRole::Spine => {
                    out.spine_racks.entry((f.plane, f.pod)).or_default().push(item.id)
                }
                _ => {}
            }
        }
        out
    }

    /// Calls `f(other end, uplink)` for each line drawn from `item`.
    pub fn each(&self, layout: &Layout, item: &Item, mut f: impl FnMut(ItemId, bool)) {
        if let Some(s) = item.switches.as_ref().filter(|s| s.role == SwitchRole::Leaf) {
            for spine in self.spine_racks.get(&(s.plane, s.pod)).into_iter().flatten() {
                f(*spine, true);
            }
        }
        if layout.type_of(item).is_some_and(|t| t.kind == EquipmentKind::GpuRack) {
            for leaf in self.leaf_racks.get(&item.su.unwrap_or(0)).into_iter().flatten() {
                f(*leaf, false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_on_every_fill_and_loads_are_banded() {
        for dark in [true, false] {
            for s in Swatch::ALL {
                let fill = s.fill(dark);
                assert!((fill.luma() - text_on(fill).luma()).abs() > 90.0, "{s:?} dark={dark}");
            }
            // Items stand out from the floor in both themes.
            assert_ne!(Swatch::GpuLiquid.fill(dark), hall_floor(dark));
        }
        assert_eq!(load(0.5), load(0.69));
        assert_ne!(load(0.89), load(0.5), "89 % is not drawn like 50 %");
        assert_ne!(load(0.95), load(0.89));
        assert_eq!(load(1.2), INVALID);
        assert_eq!(heat(0.0, 130), HEAT_STOPS[0]);
        assert_eq!(heat(260.0, 130), HEAT_STOPS[5], "at the top and above: red");
        assert_eq!(heat(65.0, 130), HEAT_STOPS[2].lerp(HEAT_STOPS[3], 0.5), "half way: between green and yellow");
        // No colour on the scale is grey: each keeps a clear difference between its strongest and weakest
        // channel (a straight blue-to-yellow blend falls to about 30 at its middle).
        for k in 0..=100 {
            let c = heat(f64::from(k), 100);
            let (hi, lo) = (c.r.max(c.g).max(c.b), c.r.min(c.g).min(c.b));
            assert!(hi - lo >= 100, "{k} kW: {c:?} is washed out");
        }
        // The scale ends at a round number at least the densest rack: a 10 kW hall is not painted like a
        // 130 kW one.
        assert_eq!(heat_scale_kw(0.0), 10);
        assert_eq!(heat_scale_kw(10.2), 15);
        assert_eq!(heat_scale_kw(40.0), 40);
        assert_eq!(heat_scale_kw(132.0), 150);
        assert_eq!(heat_scale_kw(900.0), 900);
        assert_eq!(rgb(0, 0, 0).lerp(rgb(255, 255, 255), 0.5), rgb(128, 128, 128));
    }
}
