//! The floor plan: rows of arrays side by side with cross aisles, rows alternating front-to-front (cold aisle)
//! and back-to-back (hot aisle), network rows at the top, CRAH galleries along the top and bottom walls, columns
//! in the hot aisles of the cross aisles, a tray above every row and along every cross aisle — and the builder
//! that places each slot and wires its feeds and cooling.

use super::{
    CRAH_CLEARANCE_TILES, HallParams, Slot, TRAY_HEIGHT_M, Types, WALL_MARGIN_TILES, item_power_kw, mm, tiles,
};
use crate::model::{Hall, HallSettings, Item, ItemId, Layout, Obstacle, ObstacleKind, Rotation, TypeId};

/// The generated hall's tile, in millimetres (600 mm, TIA-942).
const TILE_MM: i64 = 600;

/// Lays out the arrays, the network rows and `crahs` CRAHs on the floor; the layout without its catalog.
pub(super) fn lay_out(
    params: &HallParams,
    t: &Types<'_>,
    arrays: &[Vec<Slot>],
    network: &[Slot],
    crahs: u32,
) -> Layout {
    let tile_m = 0.6;
    let su_count = arrays.len() as u32;
    let floor_cdus = t.cdu_of.iter().flatten().filter(|c| c.cooling.as_ref().is_some_and(|s| !s.mounted));
    // An array's racks stand side by side; the array takes the whole tiles its width reaches into.
    let block_mm = arrays.iter().map(|a| a.iter().map(|s| t.width_mm(s)).sum::<i64>()).max().unwrap_or(TILE_MM);
    let block_w = ((block_mm + TILE_MM - 1) / TILE_MM).max(1) as i32;
    let cross = params.cross_aisle_tiles as i32;
    let row_d = [t.pdu.depth_m, t.network_rack.depth_m, t.storage.depth_m]
        .into_iter()
        .chain(t.racks.iter().map(|r| r.depth_m))
        .chain(floor_cdus.map(|c| c.depth_m))
        .map(|m| tiles(m, tile_m))
        .max()
        .unwrap_or(2);
    let row_pitch_m =
        f64::from(row_d) * tile_m + f64::from(params.cold_aisle_tiles + params.hot_aisle_tiles) * tile_m / 2.0;
    let arrays_per_row = if params.arrays_per_row > 0 {
        params.arrays_per_row.min(su_count)
    } else {
        let block_m = f64::from(block_w + cross) * tile_m;
        ((f64::from(su_count) * row_pitch_m / block_m).sqrt().round() as u32).clamp(1, su_count)
    };
    let row_w = arrays_per_row as i32 * (block_w + cross) - cross;

    // Network rows at the top, as wide as the compute rows.
    let net_rows = wrap_rows(network, |s| t.width_mm(s), i64::from(row_w) * TILE_MM);

    // CRAH galleries along the top and bottom walls.
    let crah_w = tiles(t.crah.width_m, tile_m);
    let crah_d = tiles(t.crah.depth_m, tile_m);
    let per_line = ((row_w + 1) / (crah_w + 1)).max(1) as u32;
    let lines = crahs.div_ceil(per_line) as i32;
    let (top_lines, bottom_lines) = ((lines + 1) / 2, lines / 2);

    // Vertical plan.
    let gallery = |n: i32| if n > 0 { n * (crah_d + 1) + CRAH_CLEARANCE_TILES } else { WALL_MARGIN_TILES };
    let x0 = WALL_MARGIN_TILES;
    let rows_y0 = WALL_MARGIN_TILES.min(2) + gallery(top_lines);
    let compute_rows = su_count.div_ceil(arrays_per_row) as i32;
    let total_rows = net_rows.len() as i32 + compute_rows;
    let row_y = |r: i32| -> i32 {
        let mut y = rows_y0 + r * row_d;
        for gap in 0..r {
            y += if gap % 2 == 0 { params.cold_aisle_tiles as i32 } else { params.hot_aisle_tiles as i32 };
        }
        y
    };
    let rows_end = row_y(total_rows - 1) + row_d;
    let hall_w_tiles = x0 + row_w + WALL_MARGIN_TILES;
    let hall_d_tiles = rows_end + gallery(bottom_lines) + WALL_MARGIN_TILES.min(2);

    let mut b =
        Builder::new(params, tile_m, mm(f64::from(hall_w_tiles) * tile_m), mm(f64::from(hall_d_tiles) * tile_m));
    let rot_of = |r: i32| if r % 2 == 0 { Rotation::R180 } else { Rotation::R0 };

    // Place network rows, then arrays.
    for (r, row) in net_rows.iter().enumerate() {
        let r = r as i32;
        b.place_run(t, row, x0, row_y(r), rot_of(r));
    }
    for (n, array) in arrays.iter().enumerate() {
        let r = net_rows.len() as i32 + n as i32 / arrays_per_row as i32;
        let col = n as i32 % arrays_per_row as i32;
        b.place_run(t, array, x0 + col * (block_w + cross), row_y(r), rot_of(r));
    }

    // CRAH galleries.
    let mut placed = 0;
    for line in 0..lines {
        let top = line < top_lines;
        let y = if top {
            WALL_MARGIN_TILES.min(2) + line * (crah_d + 1)
        } else {
            rows_end + CRAH_CLEARANCE_TILES + (line - top_lines) * (crah_d + 1)
        };
        for k in 0..per_line {
            if placed == crahs {
                break;
            }
            b.place(&t.crah.id, x0 + k as i32 * (crah_w + 1), y, if top { Rotation::R0 } else { Rotation::R180 });
            placed += 1;
        }
    }

    // Columns in the hot aisles of the cross aisles (every second hot aisle).
    if cross >= 2 && arrays_per_row > 1 {
        for gap in (1..total_rows - 1).step_by(4) {
            let y_m = f64::from(row_y(gap) + row_d) * tile_m + f64::from(params.hot_aisle_tiles) * tile_m / 2.0 - 0.3;
            for col in 1..arrays_per_row as i32 {
                let x_m =
                    f64::from(x0 + col * (block_w + cross) - cross) * tile_m + f64::from(cross) * tile_m / 2.0 - 0.3;
                b.layout.hall.obstacles.push(Obstacle {
                    kind: ObstacleKind::Column,
                    x_m: mm(x_m),
                    y_m: mm(y_m),
                    width_m: 0.6,
                    depth_m: 0.6,
                    label: None,
                });
            }
        }
    }

    // Trays above every row and along every cross aisle.
    let trays = &mut b.layout.hall.trays;
    trays.height_m = TRAY_HEIGHT_M;
    trays.pitch_y_m = mm(row_pitch_m);
    trays.offset_y_m = mm(f64::from(rows_y0) * tile_m + f64::from(row_d) * tile_m / 2.0);
    trays.pitch_x_m = mm(f64::from(block_w + cross) * tile_m);
    trays.offset_x_m = mm(f64::from(x0) * tile_m - f64::from(cross) * tile_m / 2.0);

    b.layout
}

/// Splits a stream into rows no wider than `row_w` (millimetres), never separating a PDU group from the slot
/// after it.
fn wrap_rows(slots: &[Slot], width: impl Fn(&Slot) -> i64, row_w: i64) -> Vec<Vec<Slot>> {
    let mut rows: Vec<Vec<Slot>> = Vec::new();
    let mut current: Vec<Slot> = Vec::new();
    let mut used = 0;
    let mut i = 0;
    let mut feeds = 2;
    while i < slots.len() {
        // A PDU pair moves with the slot it powers first.
        let group = if matches!(slots[i], Slot::Pdus(_)) && i + 1 < slots.len() { 2 } else { 1 };
        if let Slot::Pdus(n) = slots[i] {
            feeds = n;
        }
        let w: i64 = slots[i..i + group].iter().map(&width).sum();
        if used + w > row_w && !current.is_empty() {
            rows.push(std::mem::take(&mut current));
            used = 0;
            // A new row needs its own PDU pair: a row's racks never feed from a PDU in another row.
            if !matches!(slots[i], Slot::Pdus(_)) {
                current.push(Slot::Pdus(feeds));
                used += width(&Slot::Pdus(feeds));
            }
        }
        current.extend(slots[i..i + group].iter().cloned());
        used += w;
        i += group;
    }
    if !current.is_empty() {
        rows.push(current);
    }
    rows
}

/// Places items and wires their feeds and cooling.
struct Builder {
    layout: Layout,
    next_id: u32,
    /// Current PDU pair (A, B) for the run being placed.
    feeds: Option<(ItemId, ItemId, Option<ItemId>)>,
    /// Floor CDUs of the current array and the liquid kW each still takes.
    cdus: Vec<(ItemId, f64)>,
}

impl Builder {
    fn new(params: &HallParams, tile_m: f64, width_m: f64, depth_m: f64) -> Self {
        let settings = HallSettings {
            pue: params.pue,
            fabric_switch: Some(params.switch_type.clone()),
            ..HallSettings::default()
        };
        let hall = Hall { width_m, depth_m, tile_m, settings, ..Hall::default() };
        let layout = Layout { hall, name: params.name.clone(), ..Layout::empty("", width_m, depth_m) };
        Self { layout, next_id: 1, feeds: None, cdus: Vec::new() }
    }

    /// Places an item with its corner at tile (`x`, `y`).
    fn place(&mut self, ty: &TypeId, x: i32, y: i32, rot: Rotation) -> ItemId {
        self.place_mm(ty, i64::from(x) * TILE_MM, i64::from(y) * TILE_MM, rot)
    }

    /// Places an item with its corner at (`x_mm`, `y_mm`).
    fn place_mm(&mut self, ty: &TypeId, x_mm: i64, y_mm: i64, rot: Rotation) -> ItemId {
        let id = ItemId(self.next_id);
        self.next_id += 1;
        let mut item = Item::new(id, ty.clone(), x_mm as i32, y_mm as i32);
        item.rot = rot;
        self.layout.items.push(item);
        id
    }

    fn last(&mut self) -> &mut Item {
        let n = self.layout.items.len() - 1;
        &mut self.layout.items[n]
    }

    /// Places a run of slots left to right from tile (x0, y), side by side.
    fn place_run(&mut self, t: &Types<'_>, slots: &[Slot], x0: i32, y: i32, rot: Rotation) {
        let mut x = i64::from(x0) * TILE_MM;
        let y = i64::from(y) * TILE_MM;
        self.feeds = None;
        self.cdus.clear();
        for slot in slots {
            let w = t.width_mm(slot);
            match slot {
                Slot::Pdus(n) => {
                    let each = w / i64::from((*n).max(1));
                    let a = self.place_mm(&t.pdu.id, x, y, rot);
                    let b = self.place_mm(&t.pdu.id, x + each, y, rot);
                    let c = (*n >= 3).then(|| self.place_mm(&t.pdu.id, x + 2 * each, y, rot));
                    self.feeds = Some((a, b, c));
                }
                Slot::Cdu(kind) => {
                    if let Some(cdu) = t.cdu_of[*kind] {
                        let id = self.place_mm(&cdu.id, x, y, rot);
                        let water_c = crate::model::site::DEFAULT_FACILITY_WATER_C;
                        let cap = cdu.cooling.as_ref().map_or(0.0, |c| c.capacity_at(water_c));
                        self.cdus.push((id, cap));
                    }
                }
                Slot::GpuRack { servers, su, kind } => {
                    let feeds = self.feeds;
                    let ty = t.racks[*kind];
                    self.place_mm(&ty.id, x, y, rot);
                    let rack = self.last();
                    rack.su = Some(*su);
                    if *servers < ty.gpu.as_ref().map_or(1, |g| g.servers) {
                        rack.servers = Some(*servers);
                    }
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                    rack.feed_c = feeds.and_then(|f| f.2);
                    let liquid_kw = item_power_kw(rack, ty, None).peak_kw * ty.liquid_fraction;
                    if let Some(cdu) = t.cdu_of[*kind].filter(|_| liquid_kw > 0.0) {
                        if cdu.cooling.as_ref().is_some_and(|c| c.mounted) {
                            let id = self.place_mm(&cdu.id, x, y, rot);
                            let rack_index = self.layout.items.len() - 2;
                            self.layout.items[rack_index].cooling = Some(id);
                        } else if let Some(slot) = self
                            .cdus
                            .iter_mut()
                            // The loop's CDUs share its racks (the least loaded takes the next), so each runs
                            // part-loaded and any one can stand down.
                            .filter(|(_, left)| *left >= liquid_kw - 1e-9)
                            .max_by(|a, b| a.1.total_cmp(&b.1))
                        {
                            slot.1 -= liquid_kw;
                            let id = slot.0;
                            self.last().cooling = Some(id);
                        }
                    }
                }
                Slot::Switches(fill) => {
                    let feeds = self.feeds;
                    self.place_mm(&t.network_rack.id, x, y, rot);
                    let rack = self.last();
                    rack.switches = Some(fill.clone());
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                    rack.feed_c = feeds.and_then(|f| f.2);
                }
                Slot::Storage => {
                    let feeds = self.feeds;
                    let rack_id = self.place_mm(&t.storage.id, x, y, rot);
                    let rack = self.last();
                    rack.feed_a = feeds.map(|f| f.0);
                    rack.feed_b = feeds.map(|f| f.1);
                    rack.feed_c = feeds.and_then(|f| f.2);
                    if let Some(door) = t.rear_door {
                        let id = self.place_mm(&door.id, x, y, rot);
                        if let Some(i) = self.layout.index_of(rack_id) {
                            self.layout.items[i].cooling = Some(id);
                        }
                    }
                }
            }
            x += w;
        }
    }
}
