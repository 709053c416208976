//! The one check a layout must pass to be written and read back: finite, sane numbers within
//! [`crate::model::limits`]; known types; unique ids; references that point at the right kind of item.
//!
//! [`check_layout`] is shared: the loader runs it on every file (and turns its error into a located
//! [`LoadError`] with the file's line), and the designer runs it before every save and recovery write and after
//! every command, so the designer never holds a layout that it could not save and reopen. Placement problems
//! (outside the hall, on an obstacle, overlaps) are not errors here: the analysis reports them as warnings.

use std::collections::HashMap;
use std::path::Path;

use super::LoadError;
use super::catalog::builtin_catalog;
use crate::model::bounded::{MAX_ITEMS, MAX_OBSTACLES, MAX_TYPES};
use crate::model::limits::{self, MAX_FABRIC_INDEX, MAX_PLANES, MAX_RAILS, MAX_SWITCHES_PER_RACK};
use crate::model::{EquipmentKind, EquipmentType, FORMAT_VERSION, Item, ItemId, Layout, TypeId};

pub use super::checks::{LayoutError, Locus};
use super::checks::{err, range, text};

/// Checks that a layout can be written and read back: every number, type and reference. The designer calls it
/// before every save and after every command; the loader calls it on every file.
pub fn check_layout(layout: &Layout) -> Result<(), LayoutError> {
    if layout.version == 0 {
        return Err(err(&Locus::Layout, "version", "0 is not a format version; write 2"));
    }
    if layout.version > FORMAT_VERSION {
        return Err(err(
            &Locus::Layout,
            "version",
            format!("version {} is newer than {FORMAT_VERSION}, the version this clusterplan writes", layout.version),
        ));
    }
    text(&Locus::Layout, "name", &layout.name)?;
    for (field, len, most) in [
        ("items", layout.items.len(), MAX_ITEMS),
        ("catalog", layout.catalog.types.len(), MAX_TYPES),
        ("hall.obstacles", layout.hall.obstacles.len(), MAX_OBSTACLES),
    ] {
        if len > most {
            return Err(err(
                &Locus::Layout,
                field,
                format!("{len} entries, more than the {most} a layout may hold; split the design into several files"),
            ));
        }
    }
    check_hall(layout)?;
    check_catalog(layout)?;
    check_prices(layout)?;
    check_items(layout)?;
    check_phases(layout)?;
    check_document(layout)?;
    super::site_check::check_site(layout)
}

/// The document data: texts within the limit, revisions few enough, each dated.
fn check_document(layout: &Layout) -> Result<(), LayoutError> {
    let at = Locus::Layout;
    let d = &layout.document;
    text(&at, "document.project", &d.project)?;
    text(&at, "document.customer", &d.customer)?;
    text(&at, "document.prepared_by", &d.prepared_by)?;
    if d.revisions.len() > crate::model::document::MAX_REVISIONS {
        return Err(err(
            &at,
            "document.revisions",
            format!(
                "{} revisions, more than the {} a design keeps; drop the oldest",
                d.revisions.len(),
                crate::model::document::MAX_REVISIONS
            ),
        ));
    }
    for (n, r) in d.revisions.iter().enumerate() {
        text(&at, "document.revisions.rev", &r.rev)?;
        text(&at, "document.revisions.note", &r.note)?;
        if !crate::model::phase::is_date(&r.date) {
            return Err(err(
                &at,
                "document.revisions",
                format!("revisions[{n}].date: \"{}\" is not a date; write YYYY-MM-DD", r.date),
            ));
        }
    }
    Ok(())
}

/// The phases: in day order, named, dated as ISO dates, naming items the layout has and scalable units a fabric
/// can hold, with finite supplies.
fn check_phases(layout: &Layout) -> Result<(), LayoutError> {
    let at = Locus::Layout;
    let mut last_day = 0;
    for (n, p) in layout.phases.iter().enumerate() {
        let field = |f: &str| format!("phases[{n}].{f}");
        text(&at, "phases.name", &p.name)?;
        if p.day < last_day {
            return Err(err(
                &at,
                "phases",
                format!(
                    "phase {n} ('{}') starts on day {} before the phase before it (day {last_day}); list phases in day order",
                    p.name, p.day
                ),
            ));
        }
        last_day = p.day;
        if p.day > limits::PHASE_DAY_MAX {
            return Err(err(&at, "phases", format!("phase '{}' starts on day {}: more than a century", p.name, p.day)));
        }
        if let Some(d) = &p.date
            && !crate::model::phase::is_date(d)
        {
            return Err(err(
                &at,
                "phases",
                format!("{}: \"{d}\" is not a date; write YYYY-MM-DD (or YYYY-MM for a month)", field("date")),
            ));
        }
        if p.items.len() > MAX_ITEMS || p.sus.len() > 100_000 {
            return Err(err(&at, "phases", format!("{}: too many entries", field("items"))));
        }
        // An item a phase names that is no longer in the layout (deleted since) is ignored, not refused: deleting
        // an item never makes the file unreadable.
        if let Some(id) = p.items.iter().find(|id| id.0 > limits::MAX_ITEM_ID) {
            return Err(err(&at, "phases", format!("phase '{}' names item {id}, beyond any item id", p.name)));
        }
        if let Some(su) = p.sus.iter().find(|su| !limits::SU.contains(su)) {
            return Err(err(
                &at,
                "phases",
                format!("phase '{}' names scalable unit {su}, more than {MAX_FABRIC_INDEX}", p.name),
            ));
        }
        for (f, v) in [
            ("grid_mw", p.supply.grid_mw),
            ("generation_mw", p.supply.generation_mw),
            ("bess_mw", p.supply.bess_mw),
            ("bess_mwh", p.supply.bess_mwh),
        ] {
            range(&at, "phases.supply", v, &(0.0..=1.0e6)).map_err(|mut e| {
                e.problem = format!("{}: {}", field(&format!("supply.{f}")), e.problem);
                e
            })?;
        }
        text(&at, "phases.source", &p.source)?;
    }
    Ok(())
}

fn check_prices(layout: &Layout) -> Result<(), LayoutError> {
    let p = &layout.prices;
    let at = Locus::Prices;
    let count = p.types.len() + p.parts.len();
    if count > limits::MAX_PRICE_OVERRIDES {
        return Err(err(
            &at,
            "types",
            format!("{count} prices, more than the {} a layout may set", limits::MAX_PRICE_OVERRIDES),
        ));
    }
    for (id, &usd) in &p.types {
        if layout.catalog.get(id).is_none() {
            return Err(err(
                &at,
                &format!("types[\"{id}\"]"),
                "no type by that id in the file's catalog; remove the price or correct the id",
            ));
        }
        range(&at, &format!("types[\"{id}\"]"), usd, &limits::PRICE_USD)?;
    }
    for (part, price) in &p.parts {
        if part.is_empty() || part.len() > 128 {
            return Err(err(&at, "parts", "a part id must be 1 to 128 characters"));
        }
        range(&at, &format!("parts[\"{part}\"].usd"), price.usd, &limits::PRICE_USD)?;
        range(&at, &format!("parts[\"{part}\"].per_m_usd"), price.per_m_usd, &limits::PRICE_USD)?;
    }
    Ok(())
}

fn check_hall(layout: &Layout) -> Result<(), LayoutError> {
    let h = &layout.hall;
    let hall = Locus::Hall;
    range(&hall, "width_m", h.width_m, &limits::HALL_EDGE_M)?;
    range(&hall, "depth_m", h.depth_m, &limits::HALL_EDGE_M)?;
    range(&hall, "tile_m", h.tile_m, &limits::TILE_M)?;
    let t = &h.trays;
    let trays = Locus::Trays;
    range(&trays, "height_m", t.height_m, &limits::TRAY_HEIGHT_M)?;
    range(&trays, "pitch_x_m", t.pitch_x_m, &limits::TRAY_PITCH_M)?;
    range(&trays, "pitch_y_m", t.pitch_y_m, &limits::TRAY_PITCH_M)?;
    range(&trays, "offset_x_m", t.offset_x_m, &limits::TRAY_OFFSET_M)?;
    range(&trays, "offset_y_m", t.offset_y_m, &limits::TRAY_OFFSET_M)?;
    let s = &h.settings;
    let settings = Locus::Settings;
    range(&settings, "pue", s.pue, &limits::PUE)?;
    range(&settings, "air_delta_t_k", s.air_delta_t_k, &limits::DELTA_T_K)?;
    range(&settings, "coolant_delta_t_k", s.coolant_delta_t_k, &limits::DELTA_T_K)?;
    range(&settings, "cable_slack_m", s.cable_slack_m, &limits::CABLE_SLACK_M)?;
    range(&settings, "rack_allowance_m", s.rack_allowance_m, &limits::RACK_ALLOWANCE_M)?;
    range(&settings, "cable_slack_percent", s.cable_slack_percent, &limits::CABLE_SLACK_PERCENT)?;
    range(&settings, "tray_reach_m", s.tray_reach_m, &limits::TRAY_REACH_M)?;
    range(&settings, "floor_rating_kg_per_m2", s.floor_rating_kg_per_m2, &limits::FLOOR_RATING_KG_PER_M2)?;
    range(&settings, "floor_point_rating_kg", s.floor_point_rating_kg, &limits::FLOOR_POINT_RATING_KG)?;
    range(&settings, "power_factor", s.power_factor, &limits::POWER_FACTOR)?;
    range(&settings, "storage_pb", s.storage_pb, &limits::STORAGE_PB)?;
    range(&settings, "install_racks_per_day", s.install_racks_per_day, &limits::INSTALL_RACKS_PER_DAY)?;
    range(&settings, "spares_pct", s.spares_pct, &limits::SPARES_PCT)?;
    range(&settings, "storage_gb_per_s_per_gpu", s.storage_gb_per_s_per_gpu, &limits::STORAGE_GB_PER_S_PER_GPU)?;
    if !limits::RESERVED_TOP_U.contains(&s.reserved_top_u) {
        return Err(err(
            &settings,
            "reserved_top_u",
            format!("{}U: keep 0 to {}U free at the top of a rack", s.reserved_top_u, limits::RESERVED_TOP_U.end()),
        ));
    }
    range(&settings, "energy_usd_per_kwh", s.energy_usd_per_kwh, &limits::ENERGY_USD_PER_KWH)?;
    for (n, o) in h.obstacles.iter().enumerate() {
        let at = Locus::Obstacle(n);
        range(&at, "x_m", o.x_m, &limits::OBSTACLE_POS_M)?;
        range(&at, "y_m", o.y_m, &limits::OBSTACLE_POS_M)?;
        range(&at, "width_m", o.width_m, &limits::OBSTACLE_EDGE_M)?;
        range(&at, "depth_m", o.depth_m, &limits::OBSTACLE_EDGE_M)?;
        if let Some(label) = &o.label {
            text(&at, "label", label)?;
        }
    }
    Ok(())
}

/// The checks a catalog type must pass to be saved and loaded again (`check_layout` runs them on every type).
pub fn check_type(t: &EquipmentType) -> Result<(), LayoutError> {
    let at = Locus::Type(t.id.clone());
    if t.id.0.is_empty() || t.id.0.len() > 128 {
        return Err(err(&at, "id", "a type id must be 1 to 128 characters"));
    }
    text(&at, "name", &t.name)?;
    text(&at, "source", &t.source)?;
    text(&at, "assumption_note", &t.assumption_note)?;
    if let Some(price) = &t.price {
        range(&at, "price.usd", price.usd, &limits::PRICE_USD)?;
        text(&at, "price.source", &price.source)?;
        text(&at, "price.note", &price.note)?;
    }
    let edge = 0.01..=limits::MAX_EQUIPMENT_EDGE_M;
    range(&at, "width_m", t.width_m, &edge)?;
    range(&at, "depth_m", t.depth_m, &edge)?;
    range(&at, "weight_kg", t.weight_kg, &(0.0..=100_000.0))?;
    range(&at, "power_typical_kw", t.power_typical_kw, &(0.0..=10_000.0))?;
    range(&at, "power_peak_kw", t.power_peak_kw, &(0.0..=10_000.0))?;
    if t.power_typical_kw > t.power_peak_kw {
        return Err(err(&at, "power_typical_kw", "typical power exceeds peak power; swap or correct them"));
    }
    range(&at, "liquid_fraction", t.liquid_fraction, &(0.0..=1.0))?;
    range(&at, "port_height_m", t.port_height_m, &(0.0..=10.0))?;
    range(&at, "port_span_m", t.port_span_m, &(0.0..=10.0))?;
    if t.port_span_m / 2.0 > t.port_height_m + 1e-9 {
        return Err(err(
            &at,
            "port_span_m",
            "the lowest ports would be below the floor; reduce the span or raise port_height_m",
        ));
    }
    let needs = |field: &str, present: bool| -> Result<(), LayoutError> {
        if present {
            Ok(())
        } else {
            Err(err(&at, field, format!("a {} type needs `{field}` figures", t.kind.label())))
        }
    };
    match t.kind {
        EquipmentKind::GpuRack => needs("gpu", t.gpu.is_some())?,
        EquipmentKind::Switch => needs("switch", t.switch.is_some())?,
        EquipmentKind::Pdu => needs("pdu", t.pdu.is_some())?,
        EquipmentKind::Cooling => needs("cooling", t.cooling.is_some())?,
        EquipmentKind::NetworkRack | EquipmentKind::StorageRack => {}
    }
    // Figures of another kind would be read by the analysis (PDU capacity on a GPU rack, a mounted flag that
    // skips the overlap check), so a type carries only its own kind's figures.
    for (field, present, owner) in [
        ("gpu", t.gpu.is_some(), EquipmentKind::GpuRack),
        ("switch", t.switch.is_some(), EquipmentKind::Switch),
        ("pdu", t.pdu.is_some(), EquipmentKind::Pdu),
        ("cooling", t.cooling.is_some(), EquipmentKind::Cooling),
    ] {
        if present && t.kind != owner {
            return Err(err(
                &at,
                field,
                format!(
                    "`{field}` figures belong to a {} type, not a {}; remove them or change `kind`",
                    owner.noun(),
                    t.kind.noun()
                ),
            ));
        }
    }
    if let Some(g) = &t.gpu {
        for (field, v, max) in [
            ("gpu.servers", g.servers, 1_000),
            ("gpu.gpus_per_server", g.gpus_per_server, 1_000),
            ("gpu.compute_ports_per_server", g.compute_ports_per_server, MAX_RAILS),
            ("gpu.port_gbps", g.port_gbps, 100_000),
            ("gpu.nic_links_per_cage", g.nic_links_per_cage, 8),
        ] {
            if v == 0 || v > max {
                return Err(err(&at, field, format!("{v} is outside the allowed range 1 to {max}")));
            }
        }
        range(&at, "gpu.bf16_tflops", g.bf16_tflops, &(0.0..=1.0e6))?;
        range(&at, "gpu.fp8_tflops", g.fp8_tflops, &(0.0..=1.0e6))?;
        range(&at, "gpu.hbm_gb", g.hbm_gb, &(0.0..=1.0e6))?;
        range(&at, "gpu.hbm_tbps", g.hbm_tbps, &(0.0..=1.0e4))?;
        if g.nvlink_domain_gpus > 1_000_000 {
            return Err(err(
                &at,
                "gpu.nvlink_domain_gpus",
                "more than 1,000,000 GPUs in one NVLink domain; 0 means one server",
            ));
        }
        text(&at, "gpu.model", &g.model)?;
    }
    if let Some(s) = &t.switch
        && (s.ports < 2 || s.ports > 10_000 || s.port_gbps == 0 || s.port_gbps > 100_000 || s.rack_units > 100)
    {
        return Err(err(&at, "switch", "ports must be 2 to 10,000, port_gbps 1 to 100,000, rack_units ≤ 100"));
    }
    if t.rack_units > 100 {
        return Err(err(&at, "rack_units", format!("{}U: no rack or unit is taller than 100U", t.rack_units)));
    }
    if t.contents.len() > 64 {
        return Err(err(&at, "contents", format!("{} entries; a rack lists at most 64", t.contents.len())));
    }
    for c in &t.contents {
        text(&at, "contents.label", &c.label)?;
        if !limits::CONTENT_U.contains(&c.u) || !limits::CONTENT_U.contains(&c.count) {
            return Err(err(&at, "contents", format!("{}: u and count must be 0 to 100", c.label)));
        }
    }
    if let Some(g) = &t.gpu
        && g.server_u > 100
    {
        return Err(err(&at, "gpu.server_u", format!("{}U: no server is taller than 100U", g.server_u)));
    }
    if let Some(g) = &t.gpu {
        if g.networks.len() > 8 {
            return Err(err(&at, "gpu.networks", "more than 8 networks; a server declares at most 8"));
        }
        for n in &g.networks {
            if n.ports > 64 || n.gbps == 0 || n.gbps > 100_000 {
                return Err(err(&at, "gpu.networks", "ports must be 0 to 64 and gbps 1 to 100,000"));
            }
        }
    }
    if let Some(p) = t.gpu.as_ref().and_then(|g| g.psus) {
        range(&at, "gpu.psus.rating_kw", p.rating_kw, &(0.0..=1_000.0))?;
        if p.count == 0 || p.count > 64 || p.redundant >= p.count {
            return Err(err(&at, "gpu.psus", "count must be 1 to 64 and redundant fewer than count"));
        }
    }
    if let Some(st) = &t.storage {
        range(&at, "storage.usable_pb", st.usable_pb, &(0.0..=1.0e4))?;
        range(&at, "storage.read_gb_per_s", st.read_gb_per_s, &(0.0..=1.0e6))?;
        if st.ports > 1_000 || st.port_gbps == 0 || st.port_gbps > 100_000 {
            return Err(err(&at, "storage", "ports must be 0 to 1,000 and port_gbps 1 to 100,000"));
        }
    }
    if let Some(p) = &t.pdu {
        range(&at, "pdu.capacity_kva", p.capacity_kva, &(0.1..=100_000.0))?;
    }
    if let Some(cool) = &t.cooling {
        range(&at, "cooling.capacity_kw", cool.capacity_kw, &(0.0..=100_000.0))?;
        if cool.ratings.len() > 16 {
            return Err(err(&at, "cooling.ratings", "more than 16 rated points; give at most 16"));
        }
        for r in &cool.ratings {
            range(&at, "cooling.ratings.water_c", r.water_c, &(-20.0..=100.0))?;
            range(&at, "cooling.ratings.kw", r.kw, &(0.0..=100_000.0))?;
        }
    }
    Ok(())
}

fn check_catalog(layout: &Layout) -> Result<(), LayoutError> {
    for w in layout.catalog.types.windows(2) {
        if w[0].id == w[1].id {
            return Err(err(&Locus::Type(w[1].id.clone()), "id", "the type id appears twice; keep one"));
        }
    }
    for t in &layout.catalog.types {
        check_type(t)?;
    }
    for t in &layout.catalog.types {
        for n in t.gpu.iter().flat_map(|g| &g.networks) {
            if layout.catalog.get(&n.switch).is_none_or(|s| s.switch.is_none()) {
                return Err(err(
                    &Locus::Type(t.id.clone()),
                    "gpu.networks",
                    format!("\"{}\" is not a switch type in the file or the built-in catalog", n.switch),
                ));
            }
        }
    }
    if let Some(id) = &layout.hall.settings.fabric_switch
        && layout.catalog.get(id).is_none_or(|t| t.kind != EquipmentKind::Switch)
    {
        return Err(err(
            &Locus::Settings,
            "fabric_switch",
            format!("\"{id}\" is not a switch type in the file or the built-in catalog"),
        ));
    }
    Ok(())
}

fn check_items(layout: &Layout) -> Result<(), LayoutError> {
    let mut ids: HashMap<ItemId, usize> = HashMap::with_capacity(layout.items.len());
    for (n, item) in layout.items.iter().enumerate() {
        if item.id.0 > limits::MAX_ITEM_ID {
            return Err(err(
                &Locus::Item(item.id),
                "id",
                format!("{} is more than {}; number the items from 1", item.id.0, limits::MAX_ITEM_ID),
            ));
        }
        if ids.insert(item.id, n).is_some() {
            return Err(err(&Locus::Item(item.id), "id", "the id appears twice; give every item its own id"));
        }
    }
    for item in &layout.items {
        let at = Locus::Item(item.id);
        let Some(ty) = layout.catalog.get(&item.type_id) else {
            return Err(err(
                &at,
                "type",
                format!(
                    "unknown type id \"{}\": it is neither in the file's catalog nor built in; add the type to the catalog",
                    item.type_id
                ),
            ));
        };
        if ty.kind == EquipmentKind::Switch {
            return Err(err(&at, "type", "a switch is not placed alone; put it in a network rack's `switches`"));
        }
        for (field, v) in [("x_mm", item.x_mm), ("y_mm", item.y_mm)] {
            if !limits::ITEM_MM.contains(&v) {
                return Err(err(&at, field, format!("{v} mm is farther than any hall reaches")));
            }
        }
        if let Some(name) = &item.name {
            text(&at, "name", name)?;
        }
        if let Some(servers) = item.servers {
            let most = ty.gpu.as_ref().map_or(0, |g| g.servers);
            if servers == 0 || servers > most {
                return Err(err(&at, "servers", format!("{servers} servers: a {} holds 1 to {most}", ty.name)));
            }
        }
        if let Some(su) = item.su
            && !limits::SU.contains(&su)
        {
            return Err(err(&at, "su", format!("{su} is more than {MAX_FABRIC_INDEX}; no fabric is that large")));
        }
        for (field, target) in item.references() {
            let want = if field == "cooling" { EquipmentKind::Cooling } else { EquipmentKind::Pdu };
            if target == item.id {
                return Err(err(&at, field, format!("refers to the item itself; choose another {}", want.noun())));
            }
            let Some(t) = ids.get(&target).map(|&n| &layout.items[n]) else {
                return Err(err(
                    &at,
                    field,
                    format!(
                        "refers to item {target}, which is not in the layout; remove the reference or add the item"
                    ),
                ));
            };
            let kind = layout.catalog.get(&t.type_id).map(|t| t.kind);
            if kind != Some(want) {
                return Err(err(&at, field, format!("refers to item {target}, which is not a {}", want.noun())));
            }
        }
        check_switch_fill(layout, item, ty)?;
    }
    check_mounts(layout)
}

/// A unit mounted in a rack (an in-rack CDU, a rear door) serves that rack only: two floor items naming one
/// mounted unit is refused, with both ids.
fn check_mounts(layout: &Layout) -> Result<(), LayoutError> {
    let Some((u, hosts)) = crate::model::ops::claimed_twice(layout) else { return Ok(()) };
    let (unit, a, b) = (layout.items[u].id, layout.items[hosts[0]].id, layout.items[hosts[1]].id);
    Err(err(
        &Locus::Item(b),
        "cooling",
        format!(
            "names unit {unit}, which is mounted in rack {a}; a mounted unit serves the one rack it is in: give \
             rack {b} a unit of its own or an in-row CDU"
        ),
    ))
}

/// A network rack's switches: a switch model, a count and fabric places within reason.
fn check_switch_fill(layout: &Layout, item: &Item, ty: &EquipmentType) -> Result<(), LayoutError> {
    let at = Locus::Item(item.id);
    let Some(fill) = &item.switches else { return Ok(()) };
    if ty.kind != EquipmentKind::NetworkRack {
        return Err(err(&at, "switches", "only network racks hold switches"));
    }
    if layout.catalog.get(&fill.model).is_none_or(|t| t.kind != EquipmentKind::Switch) {
        return Err(err(
            &at,
            "switches.model",
            format!("\"{}\" is not a switch type in the file or the built-in catalog", fill.model),
        ));
    }
    if fill.count > MAX_SWITCHES_PER_RACK {
        return Err(err(
            &at,
            "switches.count",
            format!("{} switches in one rack is absurd (at most {MAX_SWITCHES_PER_RACK})", fill.count),
        ));
    }
    for (field, v, most) in [
        ("switches.plane", fill.plane, MAX_PLANES),
        ("switches.pod", fill.pod, MAX_FABRIC_INDEX),
        ("switches.su", fill.su, MAX_FABRIC_INDEX),
        ("switches.first_index", fill.first_index, MAX_FABRIC_INDEX),
    ] {
        if v > most {
            return Err(err(&at, field, format!("{v} is more than {most}; no fabric is that large")));
        }
    }
    for (field, v) in [("switches.rails", fill.rails), ("switches.first_rail", fill.first_rail)] {
        if v > MAX_RAILS {
            return Err(err(&at, field, format!("{v} is more than the {MAX_RAILS} rails a node may have")));
        }
    }
    Ok(())
}

/// Line of the first occurrence of `needle` in the source (1-based).
fn line_of(src: &str, needle: &str) -> Option<usize> {
    let at = src.find(needle)?;
    Some(src[..at].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// The line of the file a [`LayoutError`] points at, when it can be found.
fn line_in(src: &str, e: &LayoutError) -> Option<usize> {
    match &e.locus {
        Locus::Item(id) => line_of(src, &format!("id: {},", id.0)).or_else(|| line_of(src, &format!("id:{},", id.0))),
        Locus::Type(id) => line_of(src, &format!("id: \"{id}\"")),
        Locus::Obstacle(_) => None,
        Locus::Prices => line_of(src, "prices:"),
        // The field's first mention after the site begins (the site is written after the items).
        Locus::Site(_) => {
            let start = src.find("site:")?;
            let site_line = line_of(src, "site:")?;
            let field = e.field.split('.').next().unwrap_or(&e.field);
            Some(line_of(&src[start..], &format!("{field}:")).unwrap_or(1) + site_line - 1)
        }
        Locus::Layout | Locus::Hall | Locus::Trays | Locus::Settings => line_of(src, &e.field),
    }
}

/// Checks a parsed file's layout with [`check_layout`], after completing its catalog with the built-in types it
/// names but does not carry; errors point at the file's line.
pub fn validate(layout: &mut Layout, src: &str, path: &Path) -> Result<(), LoadError> {
    if layout.version > FORMAT_VERSION {
        return Err(LoadError::NewerVersion {
            path: path.to_path_buf(),
            found: layout.version,
            supported: FORMAT_VERSION,
        });
    }
    complete_catalog(layout);
    super::site_check::complete_site(layout);
    upgrade(layout).and_then(|()| check_layout(layout)).map_err(|e| LoadError::Invalid {
        path: path.to_path_buf(),
        line: line_in(src, &e),
        location: e.locus.to_string(),
        field: e.field,
        problem: e.problem,
    })
}

/// Brings an older file's layout to this version: version 1's positions, in whole tiles, become millimetres
/// (exact for the 600 mm tile; rounded to the millimetre for others).
fn upgrade(layout: &mut Layout) -> Result<(), LayoutError> {
    if layout.version != 1 {
        return Ok(());
    }
    range(&Locus::Hall, "tile_m", layout.hall.tile_m, &limits::TILE_M)?;
    let tiles = limits::item_tiles(layout.hall.tile_m);
    for item in &layout.items {
        for (field, v) in [("x", item.x_mm), ("y", item.y_mm)] {
            if !tiles.contains(&v) {
                return Err(err(&Locus::Item(item.id), field, format!("{v} tiles is farther than any hall reaches")));
            }
        }
    }
    let hall = layout.hall.clone();
    for item in &mut layout.items {
        item.x_mm = hall.tile_edge_mm(i64::from(item.x_mm)) as i32;
        item.y_mm = hall.tile_edge_mm(i64::from(item.y_mm)) as i32;
    }
    layout.version = FORMAT_VERSION;
    Ok(())
}

/// Adds the built-in types that the items, their switches, the settings or the layout's prices name but the
/// catalog lacks.
pub fn complete_catalog(layout: &mut Layout) {
    let mut wanted: Vec<TypeId> = layout.items.iter().map(|i| i.type_id.clone()).collect();
    wanted.extend(layout.items.iter().filter_map(|i| i.switches.as_ref().map(|s| s.model.clone())));
    wanted.extend(layout.hall.settings.fabric_switch.iter().cloned());
    wanted.extend(layout.prices.types.keys().cloned());
    wanted.extend(network_switches(layout));
    wanted.sort_unstable();
    wanted.dedup();
    add_builtin_types(layout, |t| wanted.binary_search(&t.id).is_ok());
}

/// The switch types the networks beside the compute fabric are built of (the GPU types' `networks`), as the
/// catalog or the built-in one names them.
pub fn network_switches(layout: &Layout) -> Vec<TypeId> {
    let mut out = Vec::new();
    for item in &layout.items {
        let ty = layout.catalog.get(&item.type_id).or_else(|| builtin_catalog().get(&item.type_id));
        for n in ty.and_then(|t| t.gpu.as_ref()).iter().flat_map(|g| &g.networks) {
            if !out.contains(&n.switch) {
                out.push(n.switch.clone());
            }
        }
    }
    out
}

/// Adds the built-in types the catalog lacks for which `wanted` holds (the layout's own types win).
pub fn add_builtin_types(layout: &mut Layout, wanted: impl Fn(&EquipmentType) -> bool) {
    let missing: Vec<EquipmentType> =
        builtin_catalog().types.iter().filter(|t| layout.catalog.get(&t.id).is_none() && wanted(t)).cloned().collect();
    if !missing.is_empty() {
        let mut types = std::mem::take(&mut layout.catalog.types);
        types.extend(missing);
        layout.catalog = crate::model::Catalog::new(types);
    }
}
