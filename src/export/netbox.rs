//! The design into NetBox: bulk-import CSVs, one file per object type, named in the order NetBox must import them
//! (an object's file comes after the files of what it refers to), with the headers NetBox's import forms take
//! (reference §15c) — manufacturers, device roles, the site, the hall as a location, rack roles and rack types,
//! the racks (name, `facility_id` = row and position, U height, width, airflow), device types, the devices in
//! their racks (position = lowest U, face; 0U strips without one), their cabled interfaces, the floor PDUs as
//! power panels, every rack feed as a power feed (primary / redundant, 415 V three-phase, amperage, 80 %) and the
//! fabric's cables with their length and unit. NetBox core keeps no floor coordinates: a rack's place goes in its
//! `facility_id`, and `floor-positions.csv` gives every rack's x, y and size for the netbox-floorplan-plugin,
//! whose canvas places racks by their left and top (reference §15d).
//!
//! Devices come from the racks' elevations (`analysis::elevation`) and cables from the fabric's cable schedule
//! (`analysis::cable_schedule`): a server's rail *r* (port `cp{r+1}`) goes to the leaf of its leaf rack that
//! serves rail *r*, and the links between two switch racks are spread over every pair of their switches (`p1`… on
//! each switch in order) — a planning port map, not a vendor's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::analysis::cables::{CableGroup, Tier};
use crate::analysis::elevation::{self, Elevation, UnitKind};
use crate::analysis::media::Media;
use crate::analysis::rows::{self, Rows};
use crate::model::{EquipmentKind, EquipmentType, Item, ItemId, Layout};

/// One CSV file of the export: its name (numbered in import order) and text.
#[derive(Clone, Debug)]
pub struct NetboxFile {
    /// File name, e.g. `"07-racks.csv"`.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// The import order, as the README line says it.
pub const IMPORT_ORDER: [&str; 13] = [
    "manufacturers",
    "device-roles",
    "sites",
    "locations",
    "rack-roles",
    "rack-types",
    "racks",
    "device-types",
    "devices",
    "interfaces",
    "power-panels",
    "power-feeds",
    "cables",
];

/// Every file's header row, as NetBox's CSV import takes it.
pub fn headers(object: &str) -> &'static [&'static str] {
    match object {
        "manufacturers" => &["name", "slug"],
        "device-roles" => &["name", "slug", "color"],
        "sites" => &["name", "slug", "status", "facility", "description"],
        "locations" => &["site", "name", "slug", "status", "description"],
        "rack-roles" => &["name", "slug", "color"],
        "rack-types" => &[
            "manufacturer",
            "model",
            "slug",
            "form_factor",
            "width",
            "u_height",
            "starting_unit",
            "desc_units",
            "outer_width",
            "outer_depth",
            "outer_unit",
            "weight",
            "weight_unit",
        ],
        "racks" => &[
            "site",
            "location",
            "name",
            "facility_id",
            "status",
            "role",
            "form_factor",
            "width",
            "u_height",
            "desc_units",
            "outer_width",
            "outer_depth",
            "outer_unit",
            "airflow",
            "weight",
            "weight_unit",
        ],
        "device-types" => &[
            "manufacturer",
            "model",
            "slug",
            "part_number",
            "u_height",
            "is_full_depth",
            "airflow",
            "weight",
            "weight_unit",
        ],
        "devices" => {
            &["name", "role", "manufacturer", "device_type", "status", "site", "location", "rack", "position", "face"]
        }
        "interfaces" => &["device", "name", "type"],
        "power-panels" => &["site", "location", "name"],
        "power-feeds" => &[
            "site",
            "power_panel",
            "location",
            "rack",
            "name",
            "status",
            "type",
            "supply",
            "phase",
            "voltage",
            "amperage",
            "max_utilization",
        ],
        "cables" => &[
            "side_a_device",
            "side_a_type",
            "side_a_name",
            "side_b_device",
            "side_b_type",
            "side_b_name",
            "type",
            "status",
            "label",
            "length",
            "length_unit",
        ],
        _ => &[],
    }
}

/// Line-to-line voltage of a rack feed: 415 V three-phase, NVIDIA's DGX rack circuit (reference §5).
pub const FEED_VOLTAGE_V: f64 = 415.0;
/// Continuous load kept on a feed, percent of its rating (NEC 80 %; NetBox's default `max_utilization`).
pub const FEED_MAX_UTILIZATION_PCT: f64 = 80.0;
/// Breaker ratings a feed is rounded up to, amperes: the IEC series (a 415 V hall is an IEC one); 100 A and up are
/// busway or panel ratings rather than rack circuits.
pub const FEED_AMPERES: [u32; 14] = [16, 20, 25, 32, 40, 50, 63, 80, 100, 125, 160, 200, 250, 400];

/// The amperage of one of a rack's `feeds` feeds: sized to carry what it must when another feed is lost (the
/// whole design load on one or two feeds, half of it on each of three, NVIDIA's N+1 scheme, reference §5), at
/// 415 V three-phase, the hall's power factor and 80 % continuous, rounded up to a breaker rating; the largest
/// rating when even that is short. A DGX H100 rack (40.8 kW, three feeds, PF 0.95) needs 37.3 A a feed: 40 A —
/// the computed minimum; NVIDIA's 415 V 60 A circuit is the standard rack-PDU input, with room above it.
pub fn feed_amperes(peak_kw: f64, feeds: u32, power_factor: f64) -> u32 {
    let share_kw = peak_kw / f64::from(feeds.saturating_sub(1).max(1));
    let per_amp_kw = 3f64.sqrt() * FEED_VOLTAGE_V * power_factor.max(0.1) * FEED_MAX_UTILIZATION_PCT / 100.0 / 1000.0;
    let need = share_kw / per_amp_kw;
    FEED_AMPERES.iter().copied().find(|a| f64::from(*a) >= need - 1e-9).unwrap_or(FEED_AMPERES[FEED_AMPERES.len() - 1])
}

/// A slug: lower-case letters, digits and `-` (NetBox's rule), at most 100 characters.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(100).collect();
    if out.is_empty() { "x".to_owned() } else { out }
}

/// A device type's slug: its model's, with the maker first unless the model already names it.
fn type_slug(manufacturer: &str, model: &str) -> String {
    if model.to_lowercase().starts_with(&manufacturer.to_lowercase()) {
        slug(model)
    } else {
        slug(&format!("{manufacturer} {model}"))
    }
}

/// NetBox's interface type for a port of `gbps` (OSFP at 400G and 800G, as the fabric's switches and NICs).
fn interface_type(gbps: u32) -> &'static str {
    match gbps {
        800 => "800gbase-x-osfp",
        400 => "400gbase-x-osfp",
        200 => "200gbase-x-qsfp56",
        100 => "100gbase-x-qsfp28",
        25 => "25gbase-x-sfp28",
        10 => "10gbase-x-sfpp",
        1 => "1000base-t",
        _ => "other",
    }
}

/// NetBox's cable type for a medium.
fn cable_type(m: Media) -> &'static str {
    match m {
        Media::PassiveCopper => "dac-passive",
        Media::ActiveCopper => "dac-active",
        Media::Multimode => "mmf-om4",
        Media::SingleMode | Media::BeyondReach => "smf-os2",
    }
}

/// A CSV of `object` with its header and rows.
fn csv_file(n: usize, object: &str, rows: &[Vec<String>]) -> Result<NetboxFile, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers(object))?;
    for r in rows {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(NetboxFile { name: format!("{n:02}-{object}.csv"), text: String::from_utf8_lossy(&bytes).into_owned() })
}

/// A device type the export defines (once), keyed by its slug.
#[derive(Clone, Debug)]
struct DeviceType {
    manufacturer: String,
    model: String,
    part_number: String,
    u_height: u32,
    full_depth: bool,
    weight_kg: f64,
}

/// The maker, or "Generic" for a generic type.
fn maker(ty: &EquipmentType) -> String {
    if ty.manufacturer.is_empty() { "Generic".to_owned() } else { ty.manufacturer.clone() }
}

/// Longest rack name written: a device's name is its rack's and its U (`…-U42`), within NetBox's 64 characters.
const RACK_NAME_CHARS: usize = 56;

/// Names: an item's own when it is stated, unique among them and no other item's generated name; else the
/// generated one (a rack's designation, `PDU-17`). Every name is unique.
fn unique_names(items: &[(ItemId, Option<&str>, String)]) -> BTreeMap<ItemId, String> {
    let generated: BTreeSet<&str> = items.iter().map(|(_, _, g)| g.as_str()).collect();
    let mut count: BTreeMap<String, u32> = BTreeMap::new();
    for (_, own, _) in items {
        if let Some(n) = own {
            *count.entry(clip_name(n)).or_default() += 1;
        }
    }
    items
        .iter()
        .map(|(id, own, generated_name)| {
            let name = own
                .map(clip_name)
                .filter(|n| !n.is_empty() && count.get(n) == Some(&1) && !generated.contains(n.as_str()))
                .unwrap_or_else(|| generated_name.clone());
            (*id, name)
        })
        .collect()
}

/// A name trimmed and cut to [`RACK_NAME_CHARS`].
fn clip_name(n: &str) -> String {
    n.trim().chars().take(RACK_NAME_CHARS).collect()
}

/// Names of the racks: their own when unique (see [`unique_names`]), else their designation.
fn rack_names(layout: &Layout, rows: &Rows) -> BTreeMap<ItemId, String> {
    let racks: Vec<(ItemId, Option<&str>, String)> =
        layout.items.iter().filter_map(|i| Some((i.id, i.name.as_deref(), rows.designation(i.id)?))).collect();
    unique_names(&racks)
}

/// The export: every file, in import order, then `floor-positions.csv` and `README.txt`.
pub fn export(layout: &Layout) -> Result<Vec<NetboxFile>, csv::Error> {
    let rows = rows::rows(layout);
    let names = rack_names(layout, &rows);
    let site = if layout.document.project.is_empty() {
        if layout.name.is_empty() { "clusterplan site".to_owned() } else { layout.name.clone() }
    } else {
        layout.document.project.clone()
    };
    let location = if layout.name.is_empty() { "Data hall".to_owned() } else { layout.name.clone() };
    let status = "planned".to_owned();

    let mut makers: BTreeSet<String> = BTreeSet::new();
    let mut device_types: BTreeMap<String, DeviceType> = BTreeMap::new();
    let mut roles: BTreeSet<&'static str> = BTreeSet::new();
    let mut rack_types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut racks = Vec::new();
    let mut devices = Vec::new();
    let mut floor = Vec::new();
    // Per rack: its server devices and switch devices (names, in order) for the cables.
    let mut servers_of: BTreeMap<ItemId, (Vec<String>, u32, u32)> = BTreeMap::new();
    let mut switches_of: BTreeMap<ItemId, Vec<String>> = BTreeMap::new();
    let mut over: Vec<String> = Vec::new();
    let settings = &layout.hall.settings;

    for item in &layout.items {
        let Some(ty) = layout.type_of(item) else { continue };
        let Some(rack) = names.get(&item.id) else { continue };
        let Some(e) = elevation::of_item(layout, item) else { continue };
        let facility = rows.designation(item.id).unwrap_or_default();
        makers.insert(maker(ty));
        let rt_slug = slug(&format!("{} {}", maker(ty), ty.name));
        let (w_mm, d_mm) = ((ty.width_m * 1000.0).round(), (ty.depth_m * 1000.0).round());
        rack_types.entry(rt_slug.clone()).or_insert_with(|| {
            vec![
                maker(ty),
                ty.name.clone(),
                rt_slug.clone(),
                "4-post-cabinet".into(),
                "19".into(),
                ty.rack_units.to_string(),
                "1".into(),
                "false".into(),
                format!("{w_mm:.0}"),
                format!("{d_mm:.0}"),
                "mm".into(),
                format!("{:.1}", ty.weight_kg),
                "kg".into(),
            ]
        });
        let role = match ty.kind {
            EquipmentKind::GpuRack => "GPU",
            EquipmentKind::NetworkRack => "Network",
            _ => "Storage",
        };
        racks.push(vec![
            site.clone(),
            location.clone(),
            rack.clone(),
            facility.clone(),
            status.clone(),
            role.into(),
            "4-post-cabinet".into(),
            "19".into(),
            ty.rack_units.to_string(),
            "false".into(),
            format!("{w_mm:.0}"),
            format!("{d_mm:.0}"),
            "mm".into(),
            "front-to-rear".into(),
            // The rack's own weight: NetBox adds its devices' (the switches') to it.
            format!("{:.1}", ty.weight_kg),
            "kg".into(),
        ]);
        let (o, s) = (item.origin_m(), item.footprint_m(ty));
        floor.push(vec![
            rack.clone(),
            facility,
            format!("{:.3}", o.x),
            format!("{:.3}", o.y),
            format!("{:.3}", s.x),
            format!("{:.3}", s.y),
            (item.rot.degrees()).to_string(),
        ]);
        rack_devices(
            layout,
            item,
            ty,
            &e,
            rack,
            (&site, &location),
            &mut DeviceSink {
                makers: &mut makers,
                device_types: &mut device_types,
                roles: &mut roles,
                devices: &mut devices,
                servers: &mut servers_of,
                switches: &mut switches_of,
                over: &mut over,
            },
        );
    }

    // Power panels: the floor PDUs; feeds: each rack's.
    let pdus: Vec<(ItemId, Option<&str>, String)> = layout
        .items
        .iter()
        .filter(|i| layout.type_of(i).is_some_and(|t| t.kind == EquipmentKind::Pdu))
        .map(|i| (i.id, i.name.as_deref(), format!("PDU-{}", i.id.0)))
        .collect();
    let panel_name = unique_names(&pdus);
    let panels: Vec<Vec<String>> = pdus
        .iter()
        .filter_map(|(id, _, _)| panel_name.get(id))
        .map(|n| vec![site.clone(), location.clone(), n.clone()])
        .collect();
    let mut feeds = Vec::new();
    for item in &layout.items {
        let Some(rack) = names.get(&item.id) else { continue };
        let list = [item.feed_a, item.feed_b, item.feed_c];
        let n = list.iter().flatten().count() as u32;
        let peak = crate::analysis::item_power_in(layout, item).peak_kw;
        for (k, feed) in list.iter().enumerate() {
            let Some(panel) = feed.and_then(|f| panel_name.get(&f)) else { continue };
            feeds.push(vec![
                site.clone(),
                panel.clone(),
                location.clone(),
                rack.clone(),
                format!("{rack} feed {}", ["A", "B", "C"][k]),
                status.clone(),
                if k == 0 { "primary" } else { "redundant" }.into(),
                "ac".into(),
                "three-phase".into(),
                format!("{FEED_VOLTAGE_V:.0}"),
                feed_amperes(peak, n, settings.power_factor).to_string(),
                format!("{FEED_MAX_UTILIZATION_PCT:.0}"),
            ]);
        }
    }

    // Cables from the schedule, and the interfaces they land on.
    let (interfaces, cables, unexplained) =
        cables(layout, &crate::analysis::cable_schedule(layout), &servers_of, &switches_of);
    if unexplained > 0 {
        over.push(format!("{unexplained} node links whose rails no leaf rack's fill explains (a hand-made hall)"));
    }

    let location_rows = vec![vec![
        site.clone(),
        location.clone(),
        slug(&location),
        status.clone(),
        format!("{} × {} m data hall", layout.hall.width_m, layout.hall.depth_m),
    ]];
    let role_colours = |r: &str| match r {
        "GPU server" => "2196f3",
        "Leaf switch" | "Spine switch" | "Core switch" | "Management switch" => "9c27b0",
        "CDU" => "009688",
        "Rack PDU" => "ff9800",
        _ => "9e9e9e",
    };
    let mut out = Vec::new();
    let tables: Vec<(&str, Vec<Vec<String>>)> = vec![
        ("manufacturers", makers.iter().map(|m| vec![m.clone(), slug(m)]).collect()),
        ("device-roles", roles.iter().map(|r| vec![(*r).to_owned(), slug(r), role_colours(r).into()]).collect()),
        (
            "sites",
            vec![vec![
                site.clone(),
                slug(&site),
                status.clone(),
                layout.document.customer.clone(),
                "Exported from clusterplan".into(),
            ]],
        ),
        ("locations", location_rows),
        (
            "rack-roles",
            ["GPU", "Network", "Storage"].iter().map(|r| vec![(*r).into(), slug(r), "607d8b".into()]).collect(),
        ),
        ("rack-types", rack_types.into_values().collect()),
        ("racks", racks),
        (
            "device-types",
            device_types
                .iter()
                .map(|(s, t)| {
                    vec![
                        t.manufacturer.clone(),
                        t.model.clone(),
                        s.clone(),
                        t.part_number.clone(),
                        t.u_height.to_string(),
                        t.full_depth.to_string(),
                        "front-to-rear".into(),
                        if t.weight_kg > 0.0 { format!("{:.1}", t.weight_kg) } else { String::new() },
                        if t.weight_kg > 0.0 { "kg".into() } else { String::new() },
                    ]
                })
                .collect(),
        ),
        ("devices", devices),
        ("interfaces", interfaces),
        ("power-panels", panels),
        ("power-feeds", feeds),
        ("cables", cables),
    ];
    for (n, (object, rows)) in tables.iter().enumerate() {
        debug_assert_eq!(IMPORT_ORDER[n], *object);
        out.push(csv_file(n + 1, object, rows)?);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["rack", "facility_id", "x_m", "y_m", "width_m", "depth_m", "rotation_deg"])?;
    for r in &floor {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    out.push(NetboxFile { name: "floor-positions.csv".into(), text: String::from_utf8_lossy(&bytes).into_owned() });
    out.push(NetboxFile { name: "README.txt".into(), text: readme(layout, &out, &over) });
    Ok(out)
}

/// Where a rack's devices go.
struct DeviceSink<'a> {
    makers: &'a mut BTreeSet<String>,
    device_types: &'a mut BTreeMap<String, DeviceType>,
    roles: &'a mut BTreeSet<&'static str>,
    devices: &'a mut Vec<Vec<String>>,
    /// Per GPU rack: its servers, compute ports per server and their speed.
    servers: &'a mut BTreeMap<ItemId, (Vec<String>, u32, u32)>,
    switches: &'a mut BTreeMap<ItemId, Vec<String>>,
    /// Devices left out because they sit above their rack's height (an overfull rack).
    over: &'a mut Vec<String>,
}

/// The devices of one rack, from its elevation.
fn rack_devices(
    layout: &Layout,
    item: &Item,
    ty: &EquipmentType,
    e: &Elevation,
    rack: &str,
    (site, location): (&str, &str),
    sink: &mut DeviceSink<'_>,
) {
    let switch_ty = item.switches.as_ref().and_then(|f| layout.catalog.get(&f.model));
    let unit_ty = item.cooling.and_then(|c| layout.index_of(c)).and_then(|i| layout.type_of(&layout.items[i]));
    for u in e.devices().chain(&e.zero_u) {
        if u.over {
            // Above the rack's height: NetBox would refuse the whole import. Named in the README instead.
            sink.over.push(format!("{rack}: {} ({})", u.label, u.place()));
            continue;
        }
        let (manufacturer, model, part_number, weight, role): (String, String, String, f64, &'static str) = match u.kind
        {
            UnitKind::Server => {
                let g = ty.gpu.as_ref();
                let model = format!("{} server, {}U", g.map_or("GPU", |g| g.model.as_str()), u.height_u);
                (maker(ty), model, String::new(), 0.0, "GPU server")
            }
            UnitKind::Switch => {
                let sw = switch_ty;
                let role = match item.switches.as_ref().map(|f| f.role) {
                    Some(crate::model::SwitchRole::Leaf) => "Leaf switch",
                    Some(crate::model::SwitchRole::Spine) => "Spine switch",
                    Some(crate::model::SwitchRole::Core) => "Core switch",
                    _ => "Management switch",
                };
                (
                    sw.map_or_else(|| "Generic".to_owned(), maker),
                    sw.map_or_else(|| "switch".to_owned(), |t| t.name.clone()),
                    sw.map_or_else(String::new, |t| t.part_number.clone()),
                    sw.map_or(0.0, |t| t.weight_kg),
                    role,
                )
            }
            UnitKind::Mounted => (
                unit_ty.map_or_else(|| "Generic".to_owned(), maker),
                unit_ty.map_or_else(|| "mounted unit".to_owned(), |t| t.name.clone()),
                unit_ty.map_or_else(String::new, |t| t.part_number.clone()),
                unit_ty.map_or(0.0, |t| t.weight_kg),
                "CDU",
            ),
            UnitKind::Content => {
                (maker(ty), format!("{}, {}U", u.what, u.height_u), String::new(), 0.0, "Rack component")
            }
            UnitKind::PduStrip => {
                ("Generic".to_owned(), "Rack PDU strip (0U)".to_owned(), String::new(), 0.0, "Rack PDU")
            }
            UnitKind::Blank | UnitKind::Reserved => continue,
        };
        let type_slug = type_slug(&manufacturer, &model);
        sink.makers.insert(manufacturer.clone());
        sink.roles.insert(role);
        sink.device_types.entry(type_slug).or_insert(DeviceType {
            manufacturer: manufacturer.clone(),
            model: model.clone(),
            part_number,
            u_height: u.height_u,
            full_depth: u.full_depth,
            weight_kg: weight,
        });
        let name = if u.kind == UnitKind::PduStrip {
            format!("{rack}-{}", u.label.rsplit(' ').next().map_or("PDU".to_owned(), |f| format!("PDU-{f}")))
        } else {
            format!("{rack}-U{:02}", u.position_u)
        };
        let (position, face) = if u.height_u == 0 {
            (String::new(), String::new())
        } else {
            (u.position_u.to_string(), u.face.netbox().to_owned())
        };
        sink.devices.push(vec![
            name.clone(),
            role.to_owned(),
            manufacturer,
            model,
            "planned".into(),
            site.to_owned(),
            location.to_owned(),
            rack.to_owned(),
            position,
            face,
        ]);
        match u.kind {
            UnitKind::Server => {
                let g = ty.gpu.as_ref();
                let entry = sink.servers.entry(item.id).or_insert_with(|| {
                    (Vec::new(), g.map_or(0, |g| g.compute_ports_per_server), g.map_or(0, |g| g.port_gbps))
                });
                entry.0.push(name);
            }
            UnitKind::Switch => sink.switches.entry(item.id).or_default().push(name),
            _ => {}
        }
    }
}

/// The interfaces and cables of the schedule. Node → leaf: each server's rail *r* (port `cp{r+1}`) to the leaf
/// of its leaf rack serving that rail (the rack's rails `first_rail ..` spread evenly over its switches), the
/// next free port on it. Leaf → spine and spine → core: the group's links over every pair of the two racks'
/// switches (link *k* from switch *k mod m* to switch *(k div m) mod n*), so each switch reaches every switch of
/// the other rack, as the fabric's mesh does.
fn cables(
    layout: &Layout,
    schedule: &[CableGroup],
    servers: &BTreeMap<ItemId, (Vec<String>, u32, u32)>,
    switches: &BTreeMap<ItemId, Vec<String>>,
) -> (Vec<Vec<String>>, Vec<Vec<String>>, u64) {
    // Rails a leaf rack serves: (first rail, how many; 0 = all).
    let leaf_rails: BTreeMap<ItemId, (u32, u32)> =
        layout.items.iter().filter_map(|i| i.switches.as_ref().map(|f| (i.id, (f.first_rail, f.rails)))).collect();
    let mut cursor: BTreeMap<(ItemId, ItemId), u64> = BTreeMap::new();
    let mut w =
        Wiring { next_port: BTreeMap::new(), interfaces: Vec::new(), cables: Vec::new(), seq: 0, unexplained: 0 };
    for g in schedule {
        let Some(b_list) = switches.get(&g.b).filter(|l| !l.is_empty()) else { continue };
        if g.tier == Tier::NodeLeaf {
            let Some((list, ports, gbps)) = servers.get(&g.a).filter(|s| !s.0.is_empty() && s.1 > 0) else { continue };
            let (first, n) = leaf_rails.get(&g.b).copied().unwrap_or((0, 0));
            let rails: Vec<u32> =
                if n == 0 { (0..*ports).collect() } else { (first..first + n).filter(|r| r < ports).collect() };
            // The analysis lists a rack's links to one leaf rack server by server (lowest first), a group for the
            // servers whose cables share a stock length: take them in that order.
            let done = cursor.entry((g.a, g.b)).or_insert(0);
            let total = (list.len() * rails.len()) as u64;
            if rails.is_empty() || *done + g.count > total {
                // A group the rails do not explain (a hand-made hall): not guessed at, counted.
                w.unexplained += g.count;
                continue;
            }
            for idx in *done..*done + g.count {
                let (server, at) = ((idx / rails.len() as u64) as usize, (idx % rails.len() as u64) as usize);
                let leaf = &b_list[at * b_list.len() / rails.len()];
                let a_end = w.port(&list[server], &format!("cp{}", rails[at] + 1), *gbps);
                let b_end = w.next(leaf, g.gbps);
                w.cable(g, a_end, b_end);
            }
            *done += g.count;
        } else {
            let Some(a_list) = switches.get(&g.a).filter(|l| !l.is_empty()) else { continue };
            let (m, n) = (a_list.len() as u64, b_list.len() as u64);
            for k in 0..g.count {
                let a_end = w.next(&a_list[(k % m) as usize], g.gbps);
                let b_end = w.next(&b_list[((k / m) % n) as usize], g.gbps);
                w.cable(g, a_end, b_end);
            }
        }
    }
    (w.interfaces, w.cables, w.unexplained)
}

/// The interfaces made and cables laid so far, and each switch's next free port.
struct Wiring {
    next_port: BTreeMap<String, u64>,
    interfaces: Vec<Vec<String>>,
    cables: Vec<Vec<String>>,
    seq: u64,
    /// Links of groups the leaf racks' rails do not explain (hand-made halls), left out.
    unexplained: u64,
}

impl Wiring {
    /// A named port of a device, made an interface.
    fn port(&mut self, device: &str, name: &str, gbps: u32) -> (String, String) {
        self.interfaces.push(vec![device.to_owned(), name.to_owned(), interface_type(gbps).into()]);
        (device.to_owned(), name.to_owned())
    }

    /// A switch's next free port (`p1`, `p2`, …), made an interface.
    fn next(&mut self, device: &str, gbps: u32) -> (String, String) {
        let n = self.next_port.entry(device.to_owned()).or_insert(0);
        *n += 1;
        let name = format!("p{n}");
        self.port(device, &name, gbps)
    }

    /// A cable of group `g` between two ports.
    fn cable(&mut self, g: &CableGroup, a: (String, String), b: (String, String)) {
        self.seq += 1;
        let tier = match g.tier {
            Tier::NodeLeaf => "NL",
            Tier::LeafSpine => "LS",
            Tier::SpineCore => "SC",
        };
        self.cables.push(vec![
            a.0,
            "dcim.interface".into(),
            a.1,
            b.0,
            "dcim.interface".into(),
            b.1,
            cable_type(g.media).into(),
            "planned".into(),
            format!("{tier}-{:06}", self.seq),
            crate::digits::trim_decimals(g.length_m, 2),
            "m".into(),
        ]);
    }
}

/// Writes the export into the folder `dir` (made when missing; files of the same names are replaced, each
/// atomically): what `clusterplan netbox`, `export … -o X.netbox` and the designer's File › Export all call.
pub fn write_folder(layout: &Layout, dir: &std::path::Path) -> Result<Vec<NetboxFile>, String> {
    let files = export(layout).map_err(|e| format!("cannot write the NetBox files: {e}"))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
    for f in &files {
        let path = dir.join(&f.name);
        crate::io::write_atomically(&path, f.text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(files)
}

/// What was written, in a line: the folder, racks, devices, cables and feeds.
pub fn summary(files: &[NetboxFile], dir: &std::path::Path) -> String {
    let rows = |name: &str| {
        files.iter().find(|f| f.name.ends_with(name)).map_or(0, |f| f.text.lines().count().saturating_sub(1))
    };
    format!(
        "wrote {} files to {}: {} racks, {} devices, {} cables, {} power feeds; import them in the order README.txt \
         gives",
        files.len(),
        dir.display(),
        rows("-racks.csv"),
        rows("-devices.csv"),
        rows("-cables.csv"),
        rows("-power-feeds.csv")
    )
}

/// The README: the import order, what each file holds, and what is assumed.
fn readme(layout: &Layout, files: &[NetboxFile], over: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "NetBox import of \"{}\", exported by clusterplan.\n", layout.name);
    let order: Vec<&str> = files
        .iter()
        .filter(|f| f.name.ends_with(".csv") && f.name.starts_with(char::is_numeric))
        .map(|f| f.name.as_str())
        .collect();
    let _ = writeln!(s, "Import in this order (Bulk import, CSV, one file per object type): {}.\n", order.join(", "));
    for f in files.iter().filter(|f| f.name.ends_with(".csv")) {
        let _ = writeln!(s, "{}: {} rows", f.name, f.text.lines().count().saturating_sub(1));
    }
    let _ = writeln!(
        s,
        "\nRacks are named by row and position (facility_id R03-12 = row 3, rack 12). NetBox keeps no floor \
         coordinates: floor-positions.csv gives each rack's x, y (its corner, metres from the hall's origin), size \
         and rotation for the netbox-floorplan-plugin, whose canvas places racks by left and top.\n\
         Devices sit at their lowest U (position) and face; 0U rack PDU strips have none. Everything is imported \
         as planned.\n\
         Power feeds: 415 V three-phase, sized to carry what a feed must when another is lost, at the hall's power \
         factor and 80 % max utilisation, rounded up to a breaker rating (planning values).\n\
         Cables: the fabric's links with their length to order (routed length rounded up to stock). A server's \
         rail r (port cp<r+1>) goes to the leaf serving rail r; links between two switch racks are spread over \
         every pair of their switches (p1, p2, ... on each switch): a planning port map, not a vendor's cabling \
         plan. The storage and in-band \
         networks are sized, not placed, and are not exported."
    );
    if !over.is_empty() {
        let _ = writeln!(s, "\nLeft out (NetBox would refuse them, or they cannot be placed): {}", over.join("; "));
    }
    s
}
