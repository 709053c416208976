//! Helpers shared by the integration tests: small hand-built layouts on the built-in catalog.

#![allow(dead_code)]

use clusterplan::io::builtin_catalog;
use clusterplan::model::{Catalog, Item, ItemId, Layout, SwitchFill, SwitchRole};

/// An empty 20 × 10 m hall with the whole built-in catalog, trays every 6 m (x) and 2.4 m (y) at 3 m,
/// PUE 1.25, air and coolant ΔT 10 K.
pub fn hall() -> Layout {
    let mut l = Layout::empty("test hall", 20.0, 10.0);
    l.catalog = Catalog::new(builtin_catalog().types.clone());
    l.hall.trays.pitch_x_m = 6.0;
    l.hall.trays.pitch_y_m = 2.4;
    l.hall.trays.offset_x_m = 0.0;
    l.hall.trays.offset_y_m = 1.2;
    l.hall.settings.pue = 1.25;
    l.hall.settings.air_delta_t_k = 10.0;
    l.hall.settings.coolant_delta_t_k = 10.0;
    l
}

/// Adds an item with its corner at tile (`x`, `y`) and returns its id.
pub fn add(l: &mut Layout, ty: &str, x: i32, y: i32) -> ItemId {
    let (x_mm, y_mm) = (l.hall.tile_edge_mm(i64::from(x)), l.hall.tile_edge_mm(i64::from(y)));
    add_mm(l, ty, x_mm as i32, y_mm as i32)
}

/// Adds an item with its corner at (`x_mm`, `y_mm`) and returns its id.
pub fn add_mm(l: &mut Layout, ty: &str, x_mm: i32, y_mm: i32) -> ItemId {
    let id = l.next_id();
    l.items.push(Item::new(id, ty.into(), x_mm, y_mm));
    id
}

/// Moves an item's corner to tile column `x` (keeping its row).
pub fn set_tile_x(l: &mut Layout, id: ItemId, x: i32) {
    let x_mm = l.hall.tile_edge_mm(i64::from(x)) as i32;
    item(l, id).x_mm = x_mm;
}

/// The item with this id.
pub fn item(l: &mut Layout, id: ItemId) -> &mut Item {
    let i = l.index_of(id).unwrap_or_else(|| panic!("no item {id}"));
    &mut l.items[i]
}

/// A network rack holding `count` switches of `model` in `role`.
pub fn network_rack(l: &mut Layout, x: i32, y: i32, model: &str, count: u32, role: SwitchRole) -> ItemId {
    let id = add(l, "rack-network-48u", x, y);
    item(l, id).switches = Some(SwitchFill::new(model.into(), count, role));
    id
}

/// Asserts two floats agree within `tol`.
#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual}");
}

/// Two GB200 NVL72 racks (132 kW peak, 120 kW typical each) in scalable units `sus` on one A/B pair of 300 kVA
/// PDUs, an in-row CDU and a CRAH: `[pdu a, pdu b, rack 1, rack 2, cdu, crah]`.
pub fn nvl72_pair(sus: [u32; 2]) -> (Layout, [ItemId; 6]) {
    let mut l = hall();
    let a = add(&mut l, "pdu-floor-300kva", 0, 0);
    let b = add(&mut l, "pdu-floor-300kva", 2, 0);
    let r1 = add(&mut l, "rack-gb200-nvl72", 5, 0);
    let r2 = add(&mut l, "rack-gb200-nvl72", 6, 0);
    let cdu = add(&mut l, "cdu-inrow-1500", 8, 0);
    let crah = add(&mut l, "crah-cw-150", 0, 14);
    for (r, su) in [(r1, sus[0]), (r2, sus[1])] {
        let it = item(&mut l, r);
        (it.feed_a, it.feed_b, it.cooling, it.su) = (Some(a), Some(b), Some(cdu), Some(su));
    }
    (l, [a, b, r1, r2, cdu, crah])
}
