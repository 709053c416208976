//! Semantic checks a parsed layout must pass before it is opened: finite, sane numbers; known types; unique
//! ids; references that point at the right kind of item. Placement problems (outside the hall, on an
//! obstacle, overlaps) are not load errors: the analysis reports them as warnings.

use std::collections::HashMap;
use std::path::Path;

use super::LoadError;
use super::catalog::builtin_catalog;
use crate::model::{EquipmentKind, EquipmentType, FORMAT_VERSION, ItemId, Layout};

/// Largest hall edge in metres.
pub const MAX_HALL_EDGE_M: f64 = 10_000.0;
/// Largest equipment edge in metres.
pub const MAX_EQUIPMENT_EDGE_M: f64 = 20.0;
/// Most switches one network rack may claim.
pub const MAX_SWITCHES_PER_RACK: u32 = 1_000;
/// Largest pod, scalable-unit or switch index a fabric may use.
pub const MAX_FABRIC_INDEX: u32 = 10_000_000;
/// Longest name or text field, in characters.
pub const MAX_TEXT_CHARS: usize = 4_096;

struct Checker<'a> {
    path: &'a Path,
    src: &'a str,
}

impl Checker<'_> {
    fn err(
        &self,
        line: Option<usize>,
        location: impl Into<String>,
        field: &str,
        problem: impl Into<String>,
    ) -> LoadError {
        LoadError::Invalid {
            path: self.path.to_path_buf(),
            line,
            location: location.into(),
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    /// Line of the first occurrence of `needle` in the source (1-based).
    fn line_of(&self, needle: &str) -> Option<usize> {
        let at = self.src.find(needle)?;
        Some(self.src[..at].bytes().filter(|&b| b == b'\n').count() + 1)
    }

    fn item_line(&self, id: ItemId) -> Option<usize> {
        self.line_of(&format!("id: {},", id.0)).or_else(|| self.line_of(&format!("id:{},", id.0)))
    }

    fn type_line(&self, ty: &EquipmentType) -> Option<usize> {
        self.line_of(&format!("id: \"{}\"", ty.id))
    }

    /// A number that must be finite and within `[min, max]`.
    fn range(
        &self,
        line: impl Fn() -> Option<usize>,
        location: &str,
        field: &str,
        v: f64,
        min: f64,
        max: f64,
    ) -> Result<(), LoadError> {
        if !v.is_finite() {
            return Err(self.err(line(), location, field, format!("{v} is not a finite number; write a number")));
        }
        if v < min || v > max {
            return Err(self.err(line(), location, field, format!("{v} is outside the allowed range {min} to {max}")));
        }
        Ok(())
    }

    fn text(&self, line: impl Fn() -> Option<usize>, location: &str, field: &str, s: &str) -> Result<(), LoadError> {
        if s.chars().count() > MAX_TEXT_CHARS {
            return Err(self.err(line(), location, field, format!("text longer than {MAX_TEXT_CHARS} characters")));
        }
        Ok(())
    }
}

/// Checks a parsed layout and completes its catalog with built-in types it names but does not carry.
pub fn validate(layout: &mut Layout, src: &str, path: &Path) -> Result<(), LoadError> {
    let c = Checker { path, src };
    if layout.version == 0 {
        return Err(c.err(c.line_of("version"), "layout", "version", "0 is not a format version; write 1"));
    }
    if layout.version > FORMAT_VERSION {
        return Err(LoadError::NewerVersion {
            path: path.to_path_buf(),
            found: layout.version,
            supported: FORMAT_VERSION,
        });
    }
    c.text(|| c.line_of("name"), "layout", "name", &layout.name)?;
    check_hall(&c, layout)?;
    check_catalog(&c, layout)?;
    check_items(&c, layout)
}

fn check_hall(c: &Checker<'_>, layout: &Layout) -> Result<(), LoadError> {
    let h = &layout.hall;
    let at = |f: &'static str| move || c.line_of(f);
    c.range(at("width_m"), "hall", "width_m", h.width_m, 1.0, MAX_HALL_EDGE_M)?;
    c.range(at("depth_m"), "hall", "depth_m", h.depth_m, 1.0, MAX_HALL_EDGE_M)?;
    c.range(at("tile_m"), "hall", "tile_m", h.tile_m, 0.1, 3.0)?;
    let t = &h.trays;
    c.range(at("height_m"), "hall.trays", "height_m", t.height_m, 0.5, 30.0)?;
    c.range(at("pitch_x_m"), "hall.trays", "pitch_x_m", t.pitch_x_m, 0.3, MAX_HALL_EDGE_M)?;
    c.range(at("pitch_y_m"), "hall.trays", "pitch_y_m", t.pitch_y_m, 0.3, MAX_HALL_EDGE_M)?;
    c.range(at("offset_x_m"), "hall.trays", "offset_x_m", t.offset_x_m, -MAX_HALL_EDGE_M, MAX_HALL_EDGE_M)?;
    c.range(at("offset_y_m"), "hall.trays", "offset_y_m", t.offset_y_m, -MAX_HALL_EDGE_M, MAX_HALL_EDGE_M)?;
    let s = &h.settings;
    c.range(at("pue"), "hall.settings", "pue", s.pue, 1.0, 5.0)?;
    c.range(at("air_delta_t_k"), "hall.settings", "air_delta_t_k", s.air_delta_t_k, 1.0, 50.0)?;
    c.range(at("coolant_delta_t_k"), "hall.settings", "coolant_delta_t_k", s.coolant_delta_t_k, 1.0, 50.0)?;
    c.range(at("cable_slack_m"), "hall.settings", "cable_slack_m", s.cable_slack_m, 0.0, 100.0)?;
    c.range(at("rack_allowance_m"), "hall.settings", "rack_allowance_m", s.rack_allowance_m, 0.0, 20.0)?;
    c.range(at("power_factor"), "hall.settings", "power_factor", s.power_factor, 0.1, 1.0)?;
    for (n, o) in h.obstacles.iter().enumerate() {
        let loc = format!("hall.obstacles[{n}]");
        let line = || None;
        c.range(line, &loc, "x_m", o.x_m, -MAX_HALL_EDGE_M, MAX_HALL_EDGE_M)?;
        c.range(line, &loc, "y_m", o.y_m, -MAX_HALL_EDGE_M, MAX_HALL_EDGE_M)?;
        c.range(line, &loc, "width_m", o.width_m, 0.01, MAX_HALL_EDGE_M)?;
        c.range(line, &loc, "depth_m", o.depth_m, 0.01, MAX_HALL_EDGE_M)?;
        if let Some(label) = &o.label {
            c.text(line, &loc, "label", label)?;
        }
    }
    Ok(())
}

fn check_type(c: &Checker<'_>, t: &EquipmentType) -> Result<(), LoadError> {
    let loc = format!("type \"{}\"", t.id);
    let line = || c.type_line(t);
    if t.id.0.is_empty() || t.id.0.len() > 128 {
        return Err(c.err(line(), loc, "id", "a type id must be 1 to 128 characters"));
    }
    c.text(line, &loc, "name", &t.name)?;
    c.text(line, &loc, "source", &t.source)?;
    c.text(line, &loc, "assumption_note", &t.assumption_note)?;
    c.range(line, &loc, "width_m", t.width_m, 0.01, MAX_EQUIPMENT_EDGE_M)?;
    c.range(line, &loc, "depth_m", t.depth_m, 0.01, MAX_EQUIPMENT_EDGE_M)?;
    c.range(line, &loc, "weight_kg", t.weight_kg, 0.0, 100_000.0)?;
    c.range(line, &loc, "power_typical_kw", t.power_typical_kw, 0.0, 10_000.0)?;
    c.range(line, &loc, "power_peak_kw", t.power_peak_kw, 0.0, 10_000.0)?;
    if t.power_typical_kw > t.power_peak_kw {
        return Err(c.err(line(), loc, "power_typical_kw", "typical power exceeds peak power; swap or correct them"));
    }
    c.range(line, &loc, "liquid_fraction", t.liquid_fraction, 0.0, 1.0)?;
    c.range(line, &loc, "port_height_m", t.port_height_m, 0.0, 10.0)?;
    let needs = |field: &str, present: bool| -> Result<(), LoadError> {
        if present {
            Ok(())
        } else {
            Err(c.err(line(), loc.clone(), field, format!("a {} type needs `{field}` figures", t.kind.label())))
        }
    };
    match t.kind {
        EquipmentKind::GpuRack => needs("gpu", t.gpu.is_some())?,
        EquipmentKind::Switch => needs("switch", t.switch.is_some())?,
        EquipmentKind::Pdu => needs("pdu", t.pdu.is_some())?,
        EquipmentKind::Cooling => needs("cooling", t.cooling.is_some())?,
        EquipmentKind::NetworkRack | EquipmentKind::StorageRack => {}
    }
    if let Some(g) = &t.gpu {
        for (field, v, max) in [
            ("gpu.servers", g.servers, 1_000),
            ("gpu.gpus_per_server", g.gpus_per_server, 1_000),
            ("gpu.compute_ports_per_server", g.compute_ports_per_server, 64),
            ("gpu.port_gbps", g.port_gbps, 100_000),
        ] {
            if v == 0 || v > max {
                return Err(c.err(line(), loc, field, format!("{v} is outside the allowed range 1 to {max}")));
            }
        }
        c.range(line, &loc, "gpu.bf16_tflops", g.bf16_tflops, 0.0, 1.0e6)?;
        c.range(line, &loc, "gpu.fp8_tflops", g.fp8_tflops, 0.0, 1.0e6)?;
        c.text(line, &loc, "gpu.model", &g.model)?;
    }
    if let Some(s) = &t.switch
        && (s.ports < 2 || s.ports > 10_000 || s.port_gbps == 0 || s.port_gbps > 100_000 || s.rack_units > 100)
    {
        return Err(c.err(
            line(),
            loc,
            "switch",
            "ports must be 2 to 10,000, port_gbps 1 to 100,000, rack_units ≤ 100",
        ));
    }
    if let Some(p) = &t.pdu {
        c.range(line, &loc, "pdu.capacity_kva", p.capacity_kva, 0.1, 100_000.0)?;
    }
    if let Some(cool) = &t.cooling {
        c.range(line, &loc, "cooling.capacity_kw", cool.capacity_kw, 0.0, 100_000.0)?;
    }
    Ok(())
}

fn check_catalog(c: &Checker<'_>, layout: &mut Layout) -> Result<(), LoadError> {
    for w in layout.catalog.types.windows(2) {
        if w[0].id == w[1].id {
            return Err(c.err(
                c.type_line(&w[1]),
                format!("type \"{}\"", w[1].id),
                "id",
                "the type id appears twice; keep one",
            ));
        }
    }
    for t in &layout.catalog.types {
        check_type(c, t)?;
    }
    // Types the items name but the file does not carry come from the built-in catalog when it has them.
    let builtin = builtin_catalog();
    let mut missing: Vec<EquipmentType> = Vec::new();
    let mut wanted: Vec<&crate::model::TypeId> = layout.items.iter().map(|i| &i.type_id).collect();
    wanted.extend(layout.items.iter().filter_map(|i| i.switches.as_ref().map(|s| &s.model)));
    wanted.extend(layout.hall.settings.fabric_switch.iter());
    for id in wanted {
        if layout.catalog.get(id).is_none()
            && !missing.iter().any(|t| &t.id == id)
            && let Some(t) = builtin.get(id)
        {
            missing.push(t.clone());
        }
    }
    if !missing.is_empty() {
        let mut types = std::mem::take(&mut layout.catalog.types);
        types.extend(missing);
        layout.catalog = crate::model::Catalog::new(types);
    }
    if let Some(id) = &layout.hall.settings.fabric_switch
        && layout.catalog.get(id).is_none_or(|t| t.kind != EquipmentKind::Switch)
    {
        return Err(c.err(
            c.line_of("fabric_switch"),
            "hall.settings",
            "fabric_switch",
            format!("\"{id}\" is not a switch type in the file or the built-in catalog"),
        ));
    }
    Ok(())
}

fn check_items(c: &Checker<'_>, layout: &Layout) -> Result<(), LoadError> {
    let max_tiles = (MAX_HALL_EDGE_M / layout.hall.tile_m).ceil() as i64 + 1;
    let mut ids: HashMap<ItemId, usize> = HashMap::with_capacity(layout.items.len());
    for (n, item) in layout.items.iter().enumerate() {
        if ids.insert(item.id, n).is_some() {
            return Err(c.err(
                c.item_line(item.id),
                format!("item {}", item.id),
                "id",
                "the id appears twice; give every item its own id",
            ));
        }
    }
    for item in &layout.items {
        let loc = format!("item {}", item.id);
        let line = || c.item_line(item.id);
        let Some(ty) = layout.catalog.get(&item.type_id) else {
            return Err(c.err(
                line(),
                loc,
                "type",
                format!(
                    "unknown type id \"{}\": it is neither in the file's catalog nor built in; add the type to the catalog",
                    item.type_id
                ),
            ));
        };
        if ty.kind == EquipmentKind::Switch {
            return Err(c.err(
                line(),
                loc,
                "type",
                "a switch is not placed alone; put it in a network rack's `switches`",
            ));
        }
        for (field, v) in [("x", item.x), ("y", item.y)] {
            if i64::from(v).abs() > max_tiles {
                return Err(c.err(line(), loc, field, format!("{v} tiles is farther than any hall reaches")));
            }
        }
        if let Some(name) = &item.name {
            c.text(line, &loc, "name", name)?;
        }
        if let Some(servers) = item.servers {
            let most = ty.gpu.as_ref().map_or(0, |g| g.servers);
            if servers == 0 || servers > most {
                return Err(c.err(
                    line(),
                    loc,
                    "servers",
                    format!("{servers} servers: a {} holds 1 to {most}", ty.name),
                ));
            }
        }
        for (field, target) in item.references() {
            let want = if field == "cooling" { EquipmentKind::Cooling } else { EquipmentKind::Pdu };
            let Some(t) = ids.get(&target).map(|&n| &layout.items[n]) else {
                return Err(c.err(
                    line(),
                    loc,
                    field,
                    format!(
                        "refers to item {target}, which is not in the layout; remove the reference or add the item"
                    ),
                ));
            };
            let kind = layout.catalog.get(&t.type_id).map(|t| t.kind);
            if kind != Some(want) {
                return Err(c.err(
                    line(),
                    loc,
                    field,
                    format!("refers to item {target}, which is not a {}", want.noun()),
                ));
            }
        }
        if let Some(fill) = &item.switches {
            if ty.kind != EquipmentKind::NetworkRack {
                return Err(c.err(line(), loc, "switches", "only network racks hold switches"));
            }
            if layout.catalog.get(&fill.model).is_none_or(|t| t.kind != EquipmentKind::Switch) {
                return Err(c.err(
                    line(),
                    loc,
                    "switches.model",
                    format!("\"{}\" is not a switch type in the file or the built-in catalog", fill.model),
                ));
            }
            if fill.count > MAX_SWITCHES_PER_RACK {
                return Err(c.err(
                    line(),
                    loc,
                    "switches.count",
                    format!("{} switches in one rack is absurd (at most {MAX_SWITCHES_PER_RACK})", fill.count),
                ));
            }
            for (field, v, most) in [
                ("switches.plane", fill.plane, 64),
                ("switches.pod", fill.pod, MAX_FABRIC_INDEX),
                ("switches.su", fill.su, MAX_FABRIC_INDEX),
                ("switches.first_index", fill.first_index, MAX_FABRIC_INDEX),
            ] {
                if v > most {
                    return Err(c.err(line(), loc, field, format!("{v} is more than {most}; no fabric is that large")));
                }
            }
            for (field, v) in [("switches.rails", fill.rails), ("switches.first_rail", fill.first_rail)] {
                if v > 64 {
                    return Err(c.err(line(), loc, field, format!("{v} is more than the 64 rails a node may have")));
                }
            }
        }
    }
    Ok(())
}
