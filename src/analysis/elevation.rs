//! A rack's elevation: what it holds, unit by unit, front and rear — the one account of a rack's contents that the
//! U check ([`crate::analysis::geometry::rack_u`]), the Inspector's elevation, the pack's elevation sheets and the
//! NetBox export all read.
//!
//! Units are numbered from 1 at the bottom and a device's position is the lowest unit it occupies (NetBox's
//! convention, reference §15d). Where things go:
//! - from the bottom up: a mounted unit (an in-rack CDU, "at the rack base"), the type's `Bottom` contents, the
//!   servers (GPU and storage stacked from the bottom, as AutoLink does, §15d) — split round the type's `Middle`
//!   contents when it has any, as many below them as they say (a GB200 NVL72's switch trays: 8 below, 10 above);
//! - from the top usable unit down: the type's `Top` contents in the order listed, then a network rack's switches
//!   (network equipment from the top, §15d);
//! - the hall's reserved units at the very top, kept free; every other empty unit a blanking panel;
//! - 0U: one vertical rack PDU strip at the rear per power feed the rack has.
//!
//! Servers and switches are full-depth (they block both faces); everything else is mounted at the front, the PDU
//! strips at the rear. When the contents take more than the usable units the elevation stacks them all from the
//! bottom and marks the units above the usable height as over.

use crate::model::{ContentPlace, EquipmentKind, EquipmentType, Item};

/// What a block of units is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum UnitKind {
    /// A GPU server or compute tray.
    Server,
    /// A switch of the rack's switch fill.
    Switch,
    /// A unit mounted in the rack (an in-rack CDU).
    Mounted,
    /// One of the type's own contents (NVLink switch tray, power shelf, management switch, patch panel).
    Content,
    /// Units the hall keeps free at the top.
    Reserved,
    /// An empty unit, closed with a blanking panel.
    Blank,
    /// A vertical (0U) rack PDU strip.
    PduStrip,
}

impl UnitKind {
    /// What to call it in a legend.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Server => "server",
            UnitKind::Switch => "switch",
            UnitKind::Mounted => "mounted unit",
            UnitKind::Content => "rack contents",
            UnitKind::Reserved => "kept free",
            UnitKind::Blank => "blanking panel",
            UnitKind::PduStrip => "rack PDU (0U)",
        }
    }
}

/// Which face a device is mounted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Face {
    /// The front (cold aisle).
    Front,
    /// The rear (hot aisle).
    Rear,
}

impl Face {
    /// NetBox's word for it.
    pub fn netbox(self) -> &'static str {
        match self {
            Face::Front => "front",
            Face::Rear => "rear",
        }
    }
}

/// One block of the rack's contents before it is placed: `count` × `u` units of one kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    /// What it is.
    pub kind: UnitKind,
    /// Units one takes.
    pub u: u32,
    /// How many.
    pub count: u32,
    /// Where it goes.
    pub place: ContentPlace,
    /// For [`UnitKind::Content`]: its index in the type's `contents`.
    pub content: usize,
}

/// The blocks a rack holds, without placing them: the mounted unit, its servers, its switches and its type's own
/// contents. No allocation — the U check sums these on every item of a million-GPU hall.
pub fn blocks<'a>(
    item: &'a Item,
    ty: &'a EquipmentType,
    switch: Option<&'a EquipmentType>,
    unit: Option<&'a EquipmentType>,
) -> impl Iterator<Item = Block> + 'a {
    let block = |kind, u, count, place| Block { kind, u, count, place, content: 0 };
    let mounted = unit
        .filter(|u| !u.occupies_floor() && u.rack_units > 0)
        .map(|u| block(UnitKind::Mounted, u.rack_units, 1, ContentPlace::Bottom));
    let servers = ty.gpu.as_ref().filter(|g| g.server_u > 0).map(|g| {
        let place = ty
            .contents
            .iter()
            .find(|c| matches!(c.place, ContentPlace::Middle { .. }))
            .map_or(ContentPlace::Bottom, |c| c.place);
        block(UnitKind::Server, g.server_u, item.servers_in(ty), place)
    });
    let switches = item.switches.as_ref().and_then(|fill| {
        let sw = switch?.switch.as_ref()?;
        Some(block(UnitKind::Switch, sw.rack_units, fill.count, ContentPlace::Top))
    });
    let contents = ty.contents.iter().enumerate().map(|(i, c)| Block {
        kind: UnitKind::Content,
        u: c.u,
        count: c.count,
        place: c.place,
        content: i,
    });
    mounted.into_iter().chain(servers).chain(contents).chain(switches).filter(|b| b.u > 0 && b.count > 0)
}

/// True for the kinds of item that have an elevation (racks of a stated height).
pub fn is_rack(ty: &EquipmentType) -> bool {
    matches!(ty.kind, EquipmentKind::GpuRack | EquipmentKind::NetworkRack | EquipmentKind::StorageRack)
        && ty.rack_units > 0
}

/// One placed device (or run of blanks) in a rack.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Unit {
    /// The lowest unit it occupies (1 at the bottom); 0 for a 0U strip.
    pub position_u: u32,
    /// Units it takes (0 for a 0U strip).
    pub height_u: u32,
    /// What it is, e.g. `"H100 SXM5 server 3 of 4"`, `"leaf switch 2 of 8 — NVIDIA …"`.
    pub label: String,
    /// What it is without its number: `"H100 SXM5 server"`, `"leaf switch — NVIDIA …"` (devices of one kind share it).
    pub what: String,
    /// Its kind.
    pub kind: UnitKind,
    /// The face it is mounted on.
    pub face: Face,
    /// It blocks the other face in the same units.
    pub full_depth: bool,
    /// Its power at design (peak) basis, kW: a server's share of the rack type's peak, a switch's or mounted
    /// unit's own peak; 0 when the type does not say.
    pub power_kw: f64,
    /// Its weight, kg, where the catalog gives it (switches, mounted units); 0 otherwise (a server's weight is in
    /// its rack type's loaded weight).
    pub weight_kg: f64,
    /// Network ports: a server's compute and side-network ports, a switch's ports.
    pub ports: u32,
    /// The equipment type it is, where it is one (a switch's or mounted unit's type id).
    pub type_id: Option<String>,
    /// It sits above the usable height (the rack is overfull).
    pub over: bool,
}

impl Unit {
    /// A unit with no figures: `kind`, from `position_u`, `height_u` high, on `face`.
    fn bare(kind: UnitKind, (position_u, height_u): (u32, u32), (label, what): (String, String), face: Face) -> Self {
        Unit {
            position_u,
            height_u,
            label,
            what,
            kind,
            face,
            full_depth: false,
            power_kw: 0.0,
            weight_kg: 0.0,
            ports: 0,
            type_id: None,
            over: false,
        }
    }

    /// Where it is, e.g. `U9–U16, full depth` or `0U, rear`.
    pub fn place(&self) -> String {
        let face = if self.full_depth { "full depth" } else { self.face.netbox() };
        match self.height_u {
            0 => format!("0U, {face}"),
            1 => format!("U{}, {face}", self.position_u),
            h => format!("U{}–U{}, {face}", self.position_u, self.position_u + h - 1),
        }
    }
}

/// A rack's elevation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Elevation {
    /// The rack's height, U.
    pub total_u: u32,
    /// Units kept free at the top (the hall's setting, at most the height).
    pub reserved_u: u32,
    /// Units the contents take.
    pub used_u: u64,
    /// Everything in units, lowest first; blanks and the reserved top fill the rest.
    pub units: Vec<Unit>,
    /// The 0U strips (rear).
    pub zero_u: Vec<Unit>,
}

impl Elevation {
    /// Units the contents may take.
    pub fn usable_u(&self) -> u32 {
        self.total_u - self.reserved_u
    }

    /// True when the contents take more than the usable units.
    pub fn overfull(&self) -> bool {
        self.used_u > u64::from(self.usable_u())
    }

    /// The device in unit `u` on `face` (a full-depth one on either face), if any.
    pub fn at(&self, u: u32, face: Face) -> Option<&Unit> {
        self.units
            .iter()
            .find(|d| u >= d.position_u && u < d.position_u + d.height_u.max(1) && (d.full_depth || d.face == face))
    }

    /// The devices (not blanks or the reserved top), lowest first.
    pub fn devices(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|d| !matches!(d.kind, UnitKind::Blank | UnitKind::Reserved))
    }
}

/// What an elevation is drawn from besides the item and its type.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fitted<'a> {
    /// The type of the switches it holds.
    pub switch: Option<&'a EquipmentType>,
    /// The unit mounted in it (in-rack CDU).
    pub unit: Option<&'a EquipmentType>,
    /// The hall's reserved top units.
    pub reserved_top_u: u32,
    /// Power feeds it has (one 0U PDU strip each).
    pub feeds: u32,
}

/// The elevation of a rack; `None` for an item that is not a rack of a stated height.
pub fn elevation(item: &Item, ty: &EquipmentType, fitted: Fitted<'_>) -> Option<Elevation> {
    if !is_rack(ty) {
        return None;
    }
    let total_u = ty.rack_units;
    let reserved_u = fitted.reserved_top_u.min(total_u);
    let usable = total_u - reserved_u;
    let all: Vec<Block> = blocks(item, ty, fitted.switch, fitted.unit).collect();
    let used_u: u64 = all.iter().map(|b| u64::from(b.u) * u64::from(b.count)).sum();
    let overfull = used_u > u64::from(usable);

    // The bottom stack, lowest first; the top stack, highest first.
    let mut bottom: Vec<(Block, u32, u32)> = Vec::new(); // (block, index within its kind's run, run length)
    let mut top: Vec<(Block, u32, u32)> = Vec::new();
    let each = |b: &Block, from: u32, to: u32| {
        let b = *b;
        (from..to).map(move |i| (b, i, b.count))
    };
    let of = |place: ContentPlace, kind: Option<UnitKind>| {
        all.iter().filter(move |b| b.place == place && kind.is_none_or(|k| b.kind == k)).copied().collect::<Vec<_>>()
    };
    for b in of(ContentPlace::Bottom, Some(UnitKind::Mounted)) {
        bottom.extend(each(&b, 0, b.count));
    }
    for b in all.iter().filter(|b| b.place == ContentPlace::Bottom && b.kind == UnitKind::Content) {
        bottom.extend(each(b, 0, b.count));
    }
    let middle: Vec<Block> = all
        .iter()
        .filter(|b| matches!(b.place, ContentPlace::Middle { .. }) && b.kind != UnitKind::Server)
        .copied()
        .collect();
    for b in all.iter().filter(|b| b.kind == UnitKind::Server) {
        if middle.is_empty() {
            bottom.extend(each(b, 0, b.count));
        } else {
            let lower = match middle[0].place {
                ContentPlace::Middle { servers_below } => servers_below.min(b.count),
                _ => b.count / 2,
            };
            bottom.extend(each(b, 0, lower));
            for m in &middle {
                bottom.extend(each(m, 0, m.count));
            }
            bottom.extend(each(b, lower, b.count));
        }
    }
    if all.iter().all(|b| b.kind != UnitKind::Server) {
        for m in &middle {
            bottom.extend(each(m, 0, m.count));
        }
    }
    for b in all.iter().filter(|b| b.place == ContentPlace::Top) {
        top.extend(each(b, 0, b.count));
    }
    if overfull {
        // Everything from the bottom; what passes the usable height is marked.
        bottom.append(&mut top);
    }

    let mut units = Vec::with_capacity(bottom.len() + top.len() + 4);
    let mut next = 1u32;
    for (b, i, n) in bottom {
        units.push(device(item, ty, &fitted, (b, i, n), next, usable));
        next = next.saturating_add(b.u);
    }
    let mut ceiling = usable + 1; // the first unit above the top stack
    let mut upper = Vec::with_capacity(top.len());
    for (b, i, n) in top {
        ceiling = ceiling.saturating_sub(b.u);
        upper.push(device(item, ty, &fitted, (b, i, n), ceiling, usable));
    }
    upper.reverse();
    // Blanks between the stacks (every empty usable unit), then the reserved top.
    if ceiling > next {
        units.push(filler(UnitKind::Blank, next, ceiling - next));
    }
    units.extend(upper);
    // The reserved top: what the contents leave of it (an overfull rack's devices run into it).
    let top = units.iter().map(|d| d.position_u + d.height_u).max().unwrap_or(1).max(usable + 1);
    if top <= total_u {
        units.push(filler(UnitKind::Reserved, top, total_u + 1 - top));
    }
    units.sort_by_key(|d| d.position_u);
    renumber(&mut units);
    let zero_u = (0..fitted.feeds.min(3))
        .map(|f| {
            let label = format!("rack PDU strip, feed {}", ["A", "B", "C"][f as usize]);
            Unit::bare(UnitKind::PduStrip, (0, 0), (label, "rack PDU strip".to_owned()), Face::Rear)
        })
        .collect();
    Some(Elevation { total_u, reserved_u, used_u, units, zero_u })
}

/// Devices of one kind placed in several blocks (an NVL72's power shelves, top and bottom) numbered as one run,
/// lowest first: "power shelf 1 of 8" … "8 of 8".
fn renumber(units: &mut [Unit]) {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for u in units.iter().filter(|u| u.label.contains(" of ")) {
        match counts.iter_mut().find(|(w, _)| *w == u.what) {
            Some((_, n)) => *n += 1,
            None => counts.push((u.what.clone(), 1)),
        }
    }
    let mut seen: Vec<(String, u32)> = Vec::new();
    for u in units.iter_mut().filter(|u| u.label.contains(" of ")) {
        let Some(&(_, n)) = counts.iter().find(|(w, _)| *w == u.what) else { continue };
        let k = match seen.iter_mut().find(|(w, _)| *w == u.what) {
            Some((_, k)) => {
                *k += 1;
                *k
            }
            None => {
                seen.push((u.what.clone(), 1));
                1
            }
        };
        // "leaf switch 3 of 8 · sw-qm9700": the number sits after the kind, anything after it is kept.
        let Some((before, after)) = u.label.rsplit_once(" of ") else { continue };
        let tail = after.split_once(' ').map(|(_, t)| t.to_owned());
        let head = before.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end().to_owned();
        u.label = match tail {
            Some(t) => format!("{head} {k} of {n} {t}"),
            None => format!("{head} {k} of {n}"),
        };
    }
}

/// A run of `height` empty (or reserved) units from `position`.
fn filler(kind: UnitKind, position: u32, height: u32) -> Unit {
    let label = match kind {
        UnitKind::Reserved => format!("{height}U kept free (hall setting)"),
        _ if height == 1 => "1U blanking panel".to_owned(),
        _ => format!("{height} × 1U blanking panels"),
    };
    Unit::bare(kind, (position, height), (label.clone(), label), Face::Front)
}

/// The `i`th of a block's `n`, placed at `position`.
fn device(
    item: &Item,
    ty: &EquipmentType,
    fitted: &Fitted<'_>,
    (b, i, n): (Block, u32, u32),
    position: u32,
    usable: u32,
) -> Unit {
    let of = |what: &str| if n > 1 { format!("{what} {} of {n}", i + 1) } else { what.to_owned() };
    let over = position + b.u - 1 > usable;
    let base = Unit { over, ..Unit::bare(b.kind, (position, b.u), (String::new(), String::new()), Face::Front) };
    match b.kind {
        UnitKind::Server => {
            let g = ty.gpu.as_ref();
            let servers = g.map_or(1, |g| g.servers.max(1));
            let side: u32 = g.map_or(0, |g| g.networks.iter().map(|n| n.ports).sum());
            let what = format!("{} server", g.map_or("GPU", |g| g.model.as_str()));
            Unit {
                label: of(&what),
                what,
                full_depth: true,
                power_kw: ty.power_peak_kw / f64::from(servers),
                ports: g.map_or(0, |g| g.compute_ports_per_server) + side,
                ..base
            }
        }
        UnitKind::Switch => {
            let sw = fitted.switch;
            let role = item.switches.as_ref().map_or("", |f| f.role.label());
            let name = sw.map_or("switch", |t| t.name.as_str());
            let id = sw.map_or("", |t| t.id.as_str());
            Unit {
                label: format!("{} · {id}", of(&format!("{role} switch"))),
                what: format!("{role} switch — {name}"),
                full_depth: true,
                power_kw: sw.map_or(0.0, |t| t.power_peak_kw),
                weight_kg: sw.map_or(0.0, |t| t.weight_kg),
                ports: sw.and_then(|t| t.switch.as_ref()).map_or(0, |s| s.ports),
                type_id: sw.map(|t| t.id.0.clone()),
                ..base
            }
        }
        UnitKind::Mounted => {
            let u = fitted.unit;
            let what = u.map_or("mounted unit", |t| t.name.as_str()).to_owned();
            Unit {
                label: what.clone(),
                what,
                power_kw: u.map_or(0.0, |t| t.power_peak_kw),
                weight_kg: u.map_or(0.0, |t| t.weight_kg),
                type_id: u.map(|t| t.id.0.clone()),
                ..base
            }
        }
        _ => {
            let what = ty.contents.get(b.content).map_or("contents", |c| c.label.as_str()).to_owned();
            Unit { label: of(&what), what, ..base }
        }
    }
}

/// The elevation of an item of a layout: its type, the switches it holds, the unit mounted in it, the hall's
/// reserved top units and its feeds. `None` when it is not a rack of a stated height.
pub fn of_item(layout: &crate::model::Layout, item: &Item) -> Option<Elevation> {
    let ty = layout.type_of(item)?;
    let switch = item.switches.as_ref().and_then(|f| layout.catalog.get(&f.model));
    let unit = item.cooling.and_then(|c| layout.index_of(c)).and_then(|i| layout.type_of(&layout.items[i]));
    let feeds = [item.feed_a, item.feed_b, item.feed_c].iter().filter(|f| f.is_some()).count() as u32;
    let fitted = Fitted { switch, unit, reserved_top_u: layout.hall.settings.reserved_top_u, feeds };
    elevation(item, ty, fitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemId, Layout};

    fn catalog_layout() -> Layout {
        Layout { catalog: crate::io::builtin_catalog().clone(), ..Layout::empty("t", 20.0, 20.0) }
    }

    fn rack(layout: &mut Layout, ty: &str) -> Item {
        let item = Item::new(ItemId(1), crate::model::TypeId(ty.into()), 0, 0);
        layout.items.push(item.clone());
        item
    }

    #[test]
    fn a_dgx_rack_stacks_four_8u_servers_from_u1_with_blanks_and_the_reserved_top() {
        let mut layout = catalog_layout();
        layout.hall.settings.reserved_top_u = 2;
        let item = rack(&mut layout, "rack-dgx-h100-4");
        let e = of_item(&layout, &item).expect("a rack");
        let positions: Vec<(u32, u32, UnitKind)> = e.units.iter().map(|u| (u.position_u, u.height_u, u.kind)).collect();
        assert_eq!(
            positions,
            vec![
                (1, 8, UnitKind::Server),
                (9, 8, UnitKind::Server),
                (17, 8, UnitKind::Server),
                (25, 8, UnitKind::Server),
                (33, 14, UnitKind::Blank),
                (47, 2, UnitKind::Reserved)
            ]
        );
        assert_eq!(e.used_u, 32);
        assert!(e.units[0].full_depth && e.units[0].label.contains("server 1 of 4"), "{:?}", e.units[0]);
        // 10.2 kW a DGX H100 at peak (reference 1b): the rack's 40.8 kW in four.
        assert!((e.units[0].power_kw - 10.2).abs() < 0.01, "{}", e.units[0].power_kw);
        assert_eq!(e.at(30, Face::Rear).map(|u| u.position_u), Some(25), "a full-depth server blocks the rear");
    }

    #[test]
    fn an_nvl72_puts_its_switch_trays_between_the_compute_trays_and_shelves_top_and_bottom() {
        let mut layout = catalog_layout();
        layout.hall.settings.reserved_top_u = 0;
        let item = rack(&mut layout, "rack-gb200-nvl72");
        let e = of_item(&layout, &item).expect("a rack");
        let kinds: Vec<&str> = e.devices().map(|u| u.label.as_str()).collect();
        assert!(kinds[0].starts_with("power shelf 1 of 8"), "the shelves top and bottom are one run: {kinds:?}");
        assert!(kinds[4].contains("server 1 of 18"), "{kinds:?}");
        // 8 compute trays below the switch trays, 10 above (NVIDIA's front view).
        assert!(kinds[12].starts_with("NVLink switch tray 1 of 9"), "{kinds:?}");
        assert!(kinds[21].contains("server 9 of 18"), "{kinds:?}");
        assert!(kinds[22].contains("server 10 of 18"), "{kinds:?}");
        // 37U of contents (reference 1b): 4 + 9 + 9 + 9 = 31 from the bottom, blanks, then 4 shelves and 2
        // management switches down from U48.
        assert_eq!(e.used_u, 37);
        let top = e.units.last().expect("units");
        assert_eq!((top.position_u, top.label.as_str()), (48, "management switch 2 of 2"));
        assert!(kinds.contains(&"power shelf 8 of 8"), "{kinds:?}");
        let blank = e.units.iter().find(|u| u.kind == UnitKind::Blank).expect("blanks");
        assert_eq!((blank.position_u, blank.height_u), (32, 11));
        let mut seen = 0;
        for u in 1..=48 {
            seen += u32::from(e.at(u, Face::Front).is_some());
        }
        assert_eq!(seen, 48, "every unit is accounted for");
    }

    #[test]
    fn a_colossus_rack_has_its_cdu_at_the_base_and_one_pdu_strip_a_feed() {
        let mut layout = catalog_layout();
        let mut item = rack(&mut layout, "rack-colossus-64");
        let mut cdu = Item::new(ItemId(2), crate::model::TypeId("cdu-inrack-250".into()), 0, 0);
        cdu.cooling = None;
        layout.items.push(cdu);
        item.cooling = Some(ItemId(2));
        item.feed_a = Some(ItemId(7));
        item.feed_b = Some(ItemId(8));
        layout.items[0] = item.clone();
        let e = of_item(&layout, &item).expect("a rack");
        assert_eq!((e.units[0].kind, e.units[0].position_u, e.units[0].height_u), (UnitKind::Mounted, 1, 4));
        assert_eq!(e.units[1].position_u, 5, "servers above the CDU");
        assert_eq!(e.zero_u.len(), 2);
        assert!(e.zero_u.iter().all(|z| z.face == Face::Rear && z.height_u == 0));
        // The U check reads the same blocks.
        let ty = layout.type_of(&item).expect("type");
        let cdu_ty = layout.catalog.get(&crate::model::TypeId("cdu-inrack-250".into()));
        let u = crate::analysis::geometry::rack_u(&item, ty, None, cdu_ty, layout.hall.settings.reserved_top_u);
        assert_eq!(u.map(|u| u.used_u), Some(e.used_u));
        assert_eq!(e.used_u, 4 + 8 * 4);
    }

    #[test]
    fn an_overfull_rack_stacks_from_the_bottom_and_marks_what_is_over() {
        let mut layout = catalog_layout();
        layout.hall.settings.reserved_top_u = 0;
        let mut item = rack(&mut layout, "rack-network-48u");
        item.switches = Some(crate::model::SwitchFill::new(
            crate::model::TypeId("sw-q3400".into()),
            13,
            crate::model::SwitchRole::Leaf,
        ));
        let e = of_item(&layout, &item).expect("a rack");
        assert!(e.overfull());
        assert_eq!(e.used_u, 52);
        assert_eq!(e.units.iter().filter(|u| u.over).count(), 1, "the 13th 4U switch sits at U49");
        assert_eq!(e.units.last().map(|u| u.position_u), Some(49));
        // With 2U kept free, 12 switches (48U) run into them: the reserved block gives way, nothing overlaps.
        layout.hall.settings.reserved_top_u = 2;
        if let Some(fill) = item.switches.as_mut() {
            fill.count = 12;
        }
        let e = of_item(&layout, &item).expect("a rack");
        assert!(e.overfull());
        assert!(e.units.iter().all(|u| u.kind != UnitKind::Reserved), "no unit is left to keep free");
        let mut at = 1;
        for u in &e.units {
            assert_eq!(u.position_u, at, "units follow each other without overlap");
            at += u.height_u;
        }
        assert_eq!(e.units.iter().filter(|u| u.over).count(), 1, "the 12th switch, U45–U48, is above the usable 46U");
    }
}
