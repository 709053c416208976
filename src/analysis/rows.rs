//! Rows, aisles and rack designations, as a facilities team names them: the racks of a hall grouped into rows
//! (racks facing the same way on one line — the power analysis's row key), rows numbered across the hall from
//! its origin, racks numbered along their row, so every rack has a designation like `R03-12` (row 3, position
//! 12) — the plan's labels, the NetBox export's `facility_id` and rack names read it. Between two neighbouring
//! rows lies an aisle: cold where both rows' fronts face it, hot where both rears do.

use rustc_hash::FxHashMap;

use super::elevation::is_rack;
use super::power::row_key;
use crate::model::{ItemId, Layout, Rotation};

/// A rack's place: its row and its position along it, both from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RackPlace {
    /// Row number, from 1.
    pub row: u32,
    /// Position along the row, from 1.
    pub position: u32,
}

impl RackPlace {
    /// `R03-12`: row and position, two digits at least.
    pub fn designation(self) -> String {
        format!("R{:02}-{:02}", self.row, self.position)
    }
}

/// One row of racks.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its number, from 1.
    pub number: u32,
    /// The racks run along x (the row's key is its y), else along y.
    pub along_x: bool,
    /// Its extent `[x0, y0, x1, y1]`, metres.
    pub extent: [f64; 4],
    /// Its racks, in position order.
    pub racks: Vec<ItemId>,
    /// Which way its fronts face: `-1` toward lower coordinates across the row, `1` toward higher, `0` mixed.
    pub front: i8,
    /// The extent of everything standing on its line — its racks and the PDUs and coolers in the row —
    /// `[x0, y0, x1, y1]`, metres.
    pub line: [f64; 4],
}

impl Row {
    /// Its length along the run, metres.
    pub fn length_m(&self) -> f64 {
        let [x0, y0, x1, y1] = self.extent;
        if self.along_x { x1 - x0 } else { y1 - y0 }
    }
}

/// What an aisle between two rows is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AisleKind {
    /// Both rows' fronts face it.
    Cold,
    /// Both rows' rears face it.
    Hot,
    /// A front faces a rear (or a row faces both ways).
    Mixed,
}

impl AisleKind {
    /// What to call it.
    pub fn label(self) -> &'static str {
        match self {
            AisleKind::Cold => "cold aisle",
            AisleKind::Hot => "hot aisle",
            AisleKind::Mixed => "aisle",
        }
    }
}

/// The space between two neighbouring parallel rows that overlap along their run.
#[derive(Clone, Debug, PartialEq)]
pub struct Aisle {
    /// The rows on either side (numbers).
    pub rows: (u32, u32),
    /// Cold, hot or mixed.
    pub kind: AisleKind,
    /// Its extent `[x0, y0, x1, y1]`, metres (where the two rows overlap along their run).
    pub extent: [f64; 4],
    /// Its width across, metres.
    pub width_m: f64,
    /// It runs along x.
    pub along_x: bool,
}

/// The hall's rows, aisles and every rack's place.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    /// Rows in number order.
    pub rows: Vec<Row>,
    /// Aisles between neighbouring rows.
    pub aisles: Vec<Aisle>,
    /// Every rack's place.
    pub places: FxHashMap<ItemId, RackPlace>,
}

impl Rows {
    /// A rack's designation (`R03-12`), if it is a rack.
    pub fn designation(&self, id: ItemId) -> Option<String> {
        self.places.get(&id).map(|p| p.designation())
    }

    /// What the exports call an item: its name, else its designation (a rack), else a short code and its id
    /// (`PDU-17`, as the NetBox export names its power panel).
    pub fn label(&self, item: &crate::model::Item, ty: &crate::model::EquipmentType) -> String {
        use crate::model::EquipmentKind as K;
        let code = match ty.kind {
            K::GpuRack => "GPU",
            K::NetworkRack => "NET",
            K::StorageRack => "STO",
            K::Switch => "SW",
            K::Pdu => "PDU",
            K::Cooling => "COOL",
        };
        item.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| self.designation(item.id))
            .unwrap_or_else(|| format!("{code}-{}", item.id.0))
    }
}

/// Which way a rack's front faces across its row: −1 toward lower y (or x), +1 toward higher.
fn facing(rot: Rotation) -> i8 {
    match rot {
        Rotation::R0 | Rotation::R270 => -1,
        Rotation::R180 | Rotation::R90 => 1,
    }
}

/// A rack on a row's line: its id, extent and facing.
type OnLine = (ItemId, [f64; 4], i8);

/// Groups a layout's racks into rows and aisles.
pub fn rows(layout: &Layout) -> Rows {
    let mut by_key: FxHashMap<(u8, i32), Vec<OnLine>> = FxHashMap::default();
    for item in &layout.items {
        let Some(ty) = layout.type_of(item) else { continue };
        if !is_rack(ty) || !ty.occupies_floor() {
            continue;
        }
        let (o, s) = (item.origin_m(), item.footprint_m(ty));
        by_key.entry(row_key(item)).or_default().push((item.id, [o.x, o.y, o.x + s.x, o.y + s.y], facing(item.rot)));
    }
    let mut keys: Vec<(u8, i32)> = by_key.keys().copied().collect();
    // Rows along x (keyed by y) first, top to bottom; then rows along y, left to right.
    keys.sort_by_key(|(axis, at)| (u8::from(*axis != b'y'), *at));
    let mut out = Rows::default();
    for (n, key) in keys.iter().enumerate() {
        let along_x = key.0 == b'y';
        let mut racks = by_key.remove(key).unwrap_or_default();
        racks.sort_by(|a, b| {
            let (pa, pb) = if along_x { (a.1[0], b.1[0]) } else { (a.1[1], b.1[1]) };
            pa.total_cmp(&pb).then(a.0.cmp(&b.0))
        });
        let mut extent = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for (_, r, _) in &racks {
            extent = [extent[0].min(r[0]), extent[1].min(r[1]), extent[2].max(r[2]), extent[3].max(r[3])];
        }
        let front = if racks.iter().all(|r| r.2 == racks[0].2) { racks[0].2 } else { 0 };
        let number = n as u32 + 1;
        for (i, (id, _, _)) in racks.iter().enumerate() {
            out.places.insert(*id, RackPlace { row: number, position: i as u32 + 1 });
        }
        let racks = racks.into_iter().map(|r| r.0).collect();
        out.rows.push(Row { number, along_x, extent, racks, front, line: extent });
    }
    // What else stands on a row's line (in-row PDUs and coolers) widens its line.
    let index: FxHashMap<(u8, i32), usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    for item in &layout.items {
        let Some(ty) = layout.type_of(item).filter(|t| t.occupies_floor()) else { continue };
        let Some(&i) = index.get(&row_key(item)) else { continue };
        let (o, s) = (item.origin_m(), item.footprint_m(ty));
        let l = &mut out.rows[i].line;
        *l = [l[0].min(o.x), l[1].min(o.y), l[2].max(o.x + s.x), l[3].max(o.y + s.y)];
    }
    out.aisles = aisles(&out.rows);
    out
}

/// The aisles: each row with the nearest parallel row past it across the run that overlaps it along the run.
fn aisles(rows: &[Row]) -> Vec<Aisle> {
    let mut out = Vec::new();
    for a in rows {
        let a_hi = span(a, true).1;
        let (a_run0, a_run1) = span(a, false);
        let next = rows
            .iter()
            .filter(|b| b.along_x == a.along_x && span(b, true).0 >= a_hi - 1e-9)
            .filter(|b| {
                let (b0, b1) = span(b, false);
                b0 < a_run1 && b1 > a_run0
            })
            .min_by(|b, c| span(b, true).0.total_cmp(&span(c, true).0));
        let Some(b) = next else { continue };
        let width_m = span(b, true).0 - a_hi;
        if width_m < 0.3 {
            continue;
        }
        // Row a faces the aisle with its +1 side, row b with its −1 side.
        let kind = match (a.front, b.front) {
            (1, -1) => AisleKind::Cold,
            (-1, 1) => AisleKind::Hot,
            _ => AisleKind::Mixed,
        };
        let (b0, b1) = span(b, false);
        let (r0, r1) = (a_run0.max(b0), a_run1.min(b1));
        let extent = if a.along_x { [r0, a_hi, r1, a_hi + width_m] } else { [a_hi, r0, a_hi + width_m, r1] };
        out.push(Aisle { rows: (a.number, b.number), kind, extent, width_m, along_x: a.along_x });
    }
    out
}

/// A row's extent across its run (`across`) or along it.
fn span(r: &Row, across: bool) -> (f64, f64) {
    let [x0, y0, x1, y1] = r.extent;
    if r.along_x == across { (y0, y1) } else { (x0, x1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Item, TypeId};

    #[test]
    fn racks_are_numbered_by_row_and_position_and_aisles_are_hot_or_cold_by_the_fronts_facing_them() {
        let mut layout = Layout::empty("rows", 20.0, 20.0);
        layout.catalog = crate::io::builtin_catalog().clone();
        let mut id = 0;
        let mut add = |layout: &mut Layout, x_mm: i32, y_mm: i32, rot: Rotation| {
            id += 1;
            let mut item = Item::new(ItemId(id), TypeId("rack-dgx-h100-4".into()), x_mm, y_mm);
            item.rot = rot;
            layout.items.push(item);
        };
        // Row 1 at y 1.2 m facing up (R0: front at its top edge), row 2 at y 3.6 m facing down (R180): the
        // 1.2 m between them is their rears' — hot. Row 3 at y 6.0 m facing up, toward row 2's front: cold.
        for x in [3000, 600, 1400] {
            add(&mut layout, x, 1200, Rotation::R0);
        }
        for x in [600, 1400] {
            add(&mut layout, x, 3600, Rotation::R180);
        }
        add(&mut layout, 600, 6000, Rotation::R0);
        let r = rows(&layout);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.designation(ItemId(2)).as_deref(), Some("R01-01"), "x 0.6 m is first along row 1");
        assert_eq!(r.designation(ItemId(1)).as_deref(), Some("R01-03"));
        assert_eq!(r.designation(ItemId(6)).as_deref(), Some("R03-01"));
        assert!((r.rows[0].length_m() - 3.2).abs() < 1e-9, "0.6 m to 3.8 m (the DGX rack is 0.8 m wide)");
        let kinds: Vec<(AisleKind, f64)> = r.aisles.iter().map(|a| (a.kind, (a.width_m * 1000.0).round())).collect();
        // Rows are 1.2 m deep (DGX rack): 2.4 → 3.6 m and 4.8 → 6.0 m.
        assert_eq!(kinds, vec![(AisleKind::Hot, 1200.0), (AisleKind::Cold, 1200.0)]);
    }
}
