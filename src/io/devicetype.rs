//! Device types from the NetBox community devicetype-library (`device-types/MAKER/MODEL.yaml`, reference §15a):
//! read to the library's schema (required keys, no unknown ones, `u_height` in half units), turned into a catalog
//! type with `source` naming the file. The library holds what a rack planner needs to mount a device — maker,
//! model, part number, U height, depth, airflow, weight, power ports, interfaces — but not what the analysis
//! needs to size the hall: a system's draw, its GPUs, its cooling. Those come from a matching built-in type (same
//! part number, or the model named in a built-in type's name) or are given; they are never guessed, and the
//! library's known pitfalls are reported rather than used: a power port's `maximum_draw` is its supply's rating
//! (summing them overstates the draw 2–3×), and an interface list may disagree with the switch's ports (the
//! library's QM9700 lists 62 of its 64).

use std::path::Path;

use serde::Deserialize;

use crate::model::{Catalog, EquipmentKind, EquipmentType, SwitchFabric, TypeId};

/// Largest device-type file read, bytes (the library's largest are a few hundred kB).
pub const MAX_DEVICE_TYPE_BYTES: u64 = 1024 * 1024;

/// A device type as the library's schema (`schema/devicetype.json`) has it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceTypeFile {
    /// Its maker.
    pub manufacturer: String,
    /// Its model.
    pub model: String,
    /// Lower-case letters, digits, `-` and `_`.
    pub slug: String,
    /// The maker's part number (≤ 50 characters).
    #[serde(default)]
    pub part_number: Option<String>,
    /// Height in rack units, a multiple of 0.5.
    pub u_height: f64,
    /// It blocks the rack's other face.
    pub is_full_depth: bool,
    /// Airflow, e.g. `front-to-rear`.
    #[serde(default)]
    pub airflow: Option<String>,
    /// Weight, in `weight_unit`.
    #[serde(default)]
    pub weight: Option<f64>,
    /// `kg`, `g`, `lb` or `oz`.
    #[serde(default)]
    pub weight_unit: Option<String>,
    /// Power ports (supplies).
    #[serde(default, rename = "power-ports")]
    pub power_ports: Vec<PowerPort>,
    /// Interfaces.
    #[serde(default)]
    pub interfaces: Vec<Interface>,
    #[serde(default)]
    /// An image of the front exists.
    pub front_image: Option<bool>,
    #[serde(default)]
    /// An image of the rear exists.
    pub rear_image: Option<bool>,
    #[serde(default)]
    /// `parent` or `child`.
    pub subdevice_role: Option<String>,
    #[serde(default)]
    /// It takes power.
    pub is_powered: Option<bool>,
    #[serde(default)]
    /// A description.
    pub description: Option<String>,
    #[serde(default)]
    /// Comments.
    pub comments: Option<String>,
    #[serde(default, rename = "console-ports")]
    /// Console ports (not used).
    pub console_ports: Vec<serde_norway::Value>,
    #[serde(default, rename = "console-server-ports")]
    /// Console server ports (not used).
    pub console_server_ports: Vec<serde_norway::Value>,
    #[serde(default, rename = "power-outlets")]
    /// Power outlets (not used).
    pub power_outlets: Vec<serde_norway::Value>,
    #[serde(default, rename = "front-ports")]
    /// Front ports (not used).
    pub front_ports: Vec<serde_norway::Value>,
    #[serde(default, rename = "rear-ports")]
    /// Rear ports (not used).
    pub rear_ports: Vec<serde_norway::Value>,
    #[serde(default, rename = "module-bays")]
    /// Module bays (not used).
    pub module_bays: Vec<serde_norway::Value>,
    #[serde(default, rename = "device-bays")]
    /// Device bays (not used).
    pub device_bays: Vec<serde_norway::Value>,
    #[serde(default, rename = "inventory-items")]
    /// Inventory items (not used).
    pub inventory_items: Vec<serde_norway::Value>,
}

/// A power port: a supply's inlet.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerPort {
    /// Its name, e.g. `PSU1`.
    pub name: String,
    #[serde(default)]
    /// Its label.
    pub label: Option<String>,
    /// Inlet type, e.g. `iec-60320-c20` (the schema requires it).
    #[serde(rename = "type")]
    pub kind: String,
    /// The supply's rating, W (not the system's draw).
    #[serde(default)]
    pub maximum_draw: Option<u32>,
    /// What is allocated to it, W (rare, sometimes wrong).
    #[serde(default)]
    pub allocated_draw: Option<u32>,
    #[serde(default)]
    /// A description.
    pub description: Option<String>,
}

/// An interface.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    /// Its name, e.g. `swp1`.
    pub name: String,
    #[serde(default)]
    /// Its label.
    pub label: Option<String>,
    /// NetBox's interface type, e.g. `400gbase-x-osfp`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A management port (not a fabric port).
    #[serde(default)]
    pub mgmt_only: bool,
    /// The interface it bridges to.
    #[serde(default)]
    pub bridge: Option<String>,
    /// A wireless interface's role.
    #[serde(default)]
    pub rf_role: Option<String>,
    #[serde(default)]
    /// A description.
    pub description: Option<String>,
    #[serde(default)]
    /// PoE mode.
    pub poe_mode: Option<String>,
    #[serde(default)]
    /// PoE type.
    pub poe_type: Option<String>,
    #[serde(default)]
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Why a device-type file was refused: the file, where (line and column when the YAML says), which field, what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {field}: {problem}", line.map_or_else(String::new, |(l, c)| format!(":{l}:{c}")))]
pub struct DeviceTypeError {
    /// The file.
    pub file: String,
    /// Line and column, from 1, where the YAML reader knows them.
    pub line: Option<(usize, usize)>,
    /// The field (or `file` for the whole file).
    pub field: String,
    /// What is wrong and what to do.
    pub problem: String,
}

/// What the library does not hold, given by the user: the kind (a switch; other kinds need a matching type),
/// the draw at peak and typical, or the built-in type to take the rest from.
#[derive(Clone, Debug, Default)]
pub struct Given {
    /// The catalog type whose figures the rest is taken from (else one is matched by part number or model).
    pub like: Option<TypeId>,
    /// Peak (design) draw, kW.
    pub power_peak_kw: Option<f64>,
    /// Typical draw, kW.
    pub power_typical_kw: Option<f64>,
}

/// A device type read and turned into a catalog type.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The catalog type.
    pub ty: EquipmentType,
    /// The catalog type its other figures came from, if any.
    pub from: Option<TypeId>,
    /// What was noticed and not used, or kept, in sentences (the pitfalls).
    pub notes: Vec<String>,
}

/// Reads a device-type file (at most [`MAX_DEVICE_TYPE_BYTES`]).
pub fn read_device_type(path: &Path) -> Result<DeviceTypeFile, DeviceTypeError> {
    let file = path.display().to_string();
    let whole = |problem: String| DeviceTypeError { file: file.clone(), line: None, field: "file".into(), problem };
    let meta = std::fs::metadata(path).map_err(|e| whole(format!("cannot read it: {e}")))?;
    if meta.len() > MAX_DEVICE_TYPE_BYTES {
        return Err(whole(format!(
            "{} bytes: a device type is at most {} bytes; this is not a devicetype-library file",
            meta.len(),
            MAX_DEVICE_TYPE_BYTES
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| whole(format!("cannot read it as UTF-8 text: {e}")))?;
    parse_device_type(&file, &text)
}

/// Parses and checks a device type's YAML text (`file` names it in errors).
pub fn parse_device_type(file: &str, text: &str) -> Result<DeviceTypeFile, DeviceTypeError> {
    if text.len() as u64 > MAX_DEVICE_TYPE_BYTES {
        return Err(DeviceTypeError {
            file: file.into(),
            line: None,
            field: "file".into(),
            problem: format!("{} bytes: a device type is at most {MAX_DEVICE_TYPE_BYTES} bytes", text.len()),
        });
    }
    let d: DeviceTypeFile = serde_norway::from_str(text).map_err(|e| {
        let line = e.location().map(|l| (l.line(), l.column()));
        let msg = e.to_string();
        // serde names the field in its message ("missing field `slug`", "unknown field `foo`", "u_height: invalid
        // type …"): the field is the first one quoted, or the path before the first colon.
        let field = msg
            .split('`')
            .nth(1)
            .map(str::to_owned)
            .or_else(|| msg.split_once(": ").map(|(p, _)| p.to_owned()).filter(|p| !p.contains(' ')))
            .unwrap_or_else(|| "file".to_owned());
        let msg = msg.split(" at line ").next().unwrap_or(&msg);
        // "u_height: invalid type: string "two", expected f64" → "invalid type: string "two", expected a number".
        let msg = msg.strip_prefix(&format!("{field}: ")).unwrap_or(msg);
        let msg = msg
            .replace("expected f64", "expected a number")
            .replace("expected u32", "expected a whole number")
            .replace("expected a boolean", "expected true or false");
        DeviceTypeError {
            file: file.into(),
            line,
            field,
            problem: format!("{msg} (a devicetype-library file, reference schema/devicetype.json)"),
        }
    })?;
    check(file, &d)?;
    Ok(d)
}

/// The schema's rules serde does not check.
fn check(file: &str, d: &DeviceTypeFile) -> Result<(), DeviceTypeError> {
    let bad = |field: &str, problem: String| {
        Err(DeviceTypeError { file: file.into(), line: None, field: field.into(), problem })
    };
    for (field, v) in [("manufacturer", &d.manufacturer), ("model", &d.model)] {
        if v.trim().is_empty() || v.chars().count() > 100 {
            return bad(field, "give 1 to 100 characters".into());
        }
    }
    if d.slug.is_empty()
        || d.slug.len() > 100
        || !d.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return bad("slug", format!("{:?}: lower-case letters, digits, - and _ only", d.slug));
    }
    if !(0.0..=100.0).contains(&d.u_height) || (d.u_height * 2.0).fract() != 0.0 {
        return bad("u_height", format!("{}: 0 to 100 in steps of 0.5", d.u_height));
    }
    if d.u_height == 0.0 {
        return bad(
            "u_height",
            "0: a 0U device (a vertical PDU strip) is not a catalog type; the designer draws a rack's strips from its \
             feeds"
                .into(),
        );
    }
    if d.part_number.as_ref().is_some_and(|p| p.chars().count() > 50) {
        return bad("part_number", "at most 50 characters".into());
    }
    match (d.weight, d.weight_unit.as_deref()) {
        (Some(w), Some("kg" | "g" | "lb" | "oz")) if w.is_finite() && w >= 0.0 => {}
        (Some(_), Some(u)) => return bad("weight_unit", format!("{u:?}: kg, g, lb or oz, with a weight ≥ 0")),
        (None, None) => {}
        (Some(_), None) => return bad("weight_unit", "a weight needs its unit".into()),
        (None, Some(_)) => return bad("weight", "a weight unit needs its weight".into()),
    }
    if d.interfaces.len() > 10_000 || d.power_ports.len() > 1_000 {
        return bad("interfaces", "more than 10,000 interfaces or 1,000 power ports: not a device".into());
    }
    for p in &d.power_ports {
        if p.maximum_draw == Some(0) || p.allocated_draw == Some(0) {
            return bad("power-ports", format!("{}: a draw is a whole number of watts ≥ 1", p.name));
        }
    }
    Ok(())
}

/// The weight in kg.
fn weight_kg(d: &DeviceTypeFile) -> Option<f64> {
    let w = d.weight?;
    Some(match d.weight_unit.as_deref()? {
        "g" => w / 1000.0,
        "lb" => w * 0.453_592_37,
        "oz" => w * 0.028_349_523_125,
        _ => w,
    })
}

/// The link speed of an interface type (`400gbase-x-osfp` → 400), if it names one.
fn interface_gbps(kind: &str) -> Option<u32> {
    let (n, rest) = kind.split_at(kind.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = n.parse().ok()?;
    if rest.starts_with("gbase") {
        Some(n)
    } else if rest.starts_with("base") {
        Some((n / 1000).max(1))
    } else {
        None
    }
}

/// The catalog type `like` names, or the one whose part number is the file's or whose name holds its model.
fn matching<'a>(
    d: &DeviceTypeFile,
    catalog: &'a Catalog,
    like: Option<&TypeId>,
) -> Result<Option<&'a EquipmentType>, String> {
    // The layout's own types first, then the built-in catalog's.
    let builtin = super::builtin_catalog();
    if let Some(id) = like {
        let t = catalog
            .get(id)
            .or_else(|| builtin.get(id))
            .ok_or_else(|| format!("no type {id} in the layout's or the built-in catalog to take figures from"))?;
        if !device_kind(t) {
            return Err(format!(
                "{id} is a {}: a device type takes its figures from a switch or a mounted unit, not a whole rack",
                t.kind.label()
            ));
        }
        return Ok(Some(t));
    }
    match matching_in(d, catalog)? {
        Some(t) => Ok(Some(t)),
        None => matching_in(d, builtin),
    }
}

/// A type a device in a rack can be: a switch, or a unit mounted in a rack (an in-rack CDU).
fn device_kind(t: &EquipmentType) -> bool {
    t.kind == EquipmentKind::Switch || (t.kind == EquipmentKind::Cooling && !t.occupies_floor())
}

/// The one type of `catalog` with the file's part number or whose name holds its model.
fn matching_in<'a>(d: &DeviceTypeFile, catalog: &'a Catalog) -> Result<Option<&'a EquipmentType>, String> {
    let pn = d.part_number.as_deref().unwrap_or("").to_lowercase();
    let model = d.model.to_lowercase();
    // Only what a device in a rack can be: a switch, a mounted unit (never a rack type, whose figures are a
    // whole rack's).
    let hits: Vec<&EquipmentType> = catalog
        .types
        .iter()
        .filter(|t| device_kind(t))
        .filter(|t| {
            (!pn.is_empty() && t.part_number.to_lowercase() == pn)
                || (model.len() >= 4
                    && t.name
                        .to_lowercase()
                        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                        .any(|w| w == model))
        })
        .collect();
    match hits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(format!(
            "{} catalog types match its model ({}): name the one to take figures from",
            many.len(),
            many.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Turns a read device type into a catalog type for `catalog` (its id the file's slug, which must be new): what
/// the file holds from the file, the rest from the matching type or `given`.
pub fn import_device_type(
    file: &str,
    d: &DeviceTypeFile,
    catalog: &Catalog,
    given: &Given,
) -> Result<Imported, DeviceTypeError> {
    let err =
        |field: &str, problem: String| DeviceTypeError { file: file.into(), line: None, field: field.into(), problem };
    let id = TypeId(d.slug.clone());
    if catalog.get(&id).is_some() {
        return Err(err("slug", format!("the layout already has a type {id}: remove it or rename the file's slug")));
    }
    let base = matching(d, catalog, given.like.as_ref()).map_err(|e| err("model", e))?;
    let mut notes = Vec::new();
    let fabric_ports: Vec<&Interface> = d.interfaces.iter().filter(|i| !i.mgmt_only).collect();
    let drawn_w: u64 = d.power_ports.iter().filter_map(|p| p.maximum_draw).map(u64::from).sum();
    if drawn_w > 0 {
        notes.push(format!(
            "its {} power ports' maximum_draw add up to {:.1} kW: that is the supplies' rating, not the system's draw, \
             and is not used",
            d.power_ports.len(),
            drawn_w as f64 / 1000.0
        ));
    }
    let u = d.u_height.ceil() as u32;
    if d.u_height.fract() != 0.0 {
        notes.push(format!("{}U is counted as {u}U (the catalog counts whole units)", d.u_height));
    }
    let mut ty = match base {
        Some(b) => {
            notes.push(format!(
                "draw, {} and price are {}'s",
                match b.kind {
                    EquipmentKind::Switch => "ports",
                    EquipmentKind::GpuRack => "GPUs",
                    _ => "capacity",
                },
                b.id
            ));
            b.clone()
        }
        None => {
            // A switch from its interfaces; anything else needs a type to take its figures from.
            let speeds: Vec<u32> = fabric_ports.iter().filter_map(|i| interface_gbps(&i.kind)).collect();
            let Some(&gbps) = speeds.iter().max() else {
                return Err(err(
                    "model",
                    "no catalog type matches it and it has no network interfaces to read as a switch: name a type to \
                     take its draw and capacity from (--like TYPE)"
                        .into(),
                ));
            };
            let (Some(peak), Some(typical)) = (given.power_peak_kw, given.power_typical_kw) else {
                return Err(err(
                    "power",
                    "the library holds no system draw (maximum_draw is a supply's rating): give the peak and typical \
                     draw (--peak-kw, --typical-kw) or a type to take them from (--like TYPE)"
                        .into(),
                ));
            };
            let ports = speeds.iter().filter(|s| **s == gbps).count() as u32;
            serde_norway::from_str::<EquipmentType>(&format!(
                "id: x\nname: x\nkind: Switch\nwidth_m: 0.483\ndepth_m: {}\nweight_kg: 0\npower_typical_kw: {typical}\n\
                 power_peak_kw: {peak}\nrack_units: {u}\nswitch: {{ports: {ports}, port_gbps: {gbps}, rack_units: {u}, \
                 fabric: Compute}}\nsource: x\n",
                if d.is_full_depth { 0.8 } else { 0.4 }
            ))
            .map_err(|e| err("model", format!("cannot make a switch type of it: {e}")))?
        }
    };
    if let Some(sw) = ty.switch.as_mut() {
        let listed = fabric_ports.len() as u32;
        if base.is_some() && listed != sw.ports && listed > 0 {
            notes.push(format!(
                "its interface list has {listed} fabric ports, the switch has {} (the library's QM9700 lists 62 of \
                 64): {} ports are kept",
                sw.ports, sw.ports
            ));
        }
        sw.rack_units = u;
        sw.fabric = if base.is_none() { SwitchFabric::Compute } else { sw.fabric };
    }
    if let (Some(peak), Some(typical)) = (given.power_peak_kw, given.power_typical_kw) {
        ty.power_peak_kw = peak;
        ty.power_typical_kw = typical;
        notes.push(format!("draw as given: {peak} kW peak, {typical} kW typical"));
    }
    ty.id = id;
    ty.name = format!("{} {}", d.manufacturer, d.model);
    ty.manufacturer = d.manufacturer.clone();
    ty.part_number = d.part_number.clone().unwrap_or_default();
    ty.rack_units = u;
    if let Some(w) = weight_kg(d) {
        ty.weight_kg = w;
    }
    ty.source = format!(
        "devicetype-library {file}: {} {} ({}U{}{}){}",
        d.manufacturer,
        d.model,
        d.u_height,
        if d.is_full_depth { ", full depth" } else { "" },
        weight_kg(d).map_or_else(String::new, |w| format!(", {w:.1} kg")),
        base.map_or_else(|| "; draw as given".to_owned(), |b| format!("; draw, capacity and price from {}", b.id))
    );
    ty.assumption = base.is_some_and(|b| b.assumption);
    // What the designer will save it with: a type it could not load again is refused here.
    super::validate::check_type(&ty).map_err(|e| err("type", e.to_string()))?;
    Ok(Imported { ty, from: base.map(|b| b.id.clone()), notes })
}
