//! The design into NetBox (issue 24): bulk-import CSVs with exactly the headers NetBox's import forms take
//! (reference §15c), one file per object type in import order, whose rows match the layout — racks by row and
//! position, devices at their lowest U, power feeds per rack feed, and the fabric's cables with their lengths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::cli::run;
use clusterplan::export::netbox::{self, IMPORT_ORDER};
use clusterplan::io::load_layout;

/// The headers reference §15c lists for each object (all objects also take description, comments, tags); the
/// objects it does not list (manufacturers, roles, interfaces) by NetBox's forms.
fn reference_headers(object: &str) -> Vec<&'static str> {
    let mut h: Vec<&str> = match object {
        "sites" => vec![
            "name",
            "slug",
            "status",
            "region",
            "group",
            "tenant",
            "facility",
            "time_zone",
            "physical_address",
            "shipping_address",
            "latitude",
            "longitude",
        ],
        "locations" => vec!["site", "parent", "name", "slug", "status", "tenant", "facility"],
        "rack-types" => vec![
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
            "mounting_depth",
            "weight",
            "max_weight",
            "weight_unit",
        ],
        "racks" => vec![
            "site",
            "location",
            "name",
            "facility_id",
            "tenant",
            "status",
            "role",
            "form_factor",
            "serial",
            "asset_tag",
            "width",
            "u_height",
            "desc_units",
            "outer_width",
            "outer_depth",
            "outer_unit",
            "mounting_depth",
            "airflow",
            "weight",
            "max_weight",
            "weight_unit",
        ],
        "device-types" => vec![
            "manufacturer",
            "default_platform",
            "model",
            "slug",
            "part_number",
            "u_height",
            "exclude_from_utilization",
            "is_full_depth",
            "subdevice_role",
            "airflow",
            "weight",
            "weight_unit",
        ],
        "devices" => vec![
            "name",
            "role",
            "tenant",
            "manufacturer",
            "device_type",
            "platform",
            "serial",
            "asset_tag",
            "status",
            "site",
            "location",
            "rack",
            "position",
            "face",
            "latitude",
            "longitude",
            "parent",
            "device_bay",
            "airflow",
            "virtual_chassis",
            "vc_position",
            "vc_priority",
            "cluster",
            "config_template",
        ],
        "power-panels" => vec!["site", "location", "name"],
        "power-feeds" => vec![
            "site",
            "power_panel",
            "location",
            "rack",
            "name",
            "status",
            "type",
            "mark_connected",
            "supply",
            "phase",
            "voltage",
            "amperage",
            "max_utilization",
            "tenant",
        ],
        "cables" => vec![
            "side_a_device",
            "side_a_type",
            "side_a_name",
            "side_b_device",
            "side_b_type",
            "side_b_name",
            "type",
            "status",
            "tenant",
            "label",
            "color",
            "length",
            "length_unit",
        ],
        "manufacturers" => vec!["name", "slug"],
        "device-roles" | "rack-roles" => vec!["name", "slug", "color", "vm_role"],
        "interfaces" => vec!["device", "name", "label", "type", "enabled", "mgmt_only", "mtu"],
        _ => vec![],
    };
    h.extend(["description", "comments", "tags"]);
    h
}

fn table(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap_or_else(|e| panic!("{e}")).iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{e}"));
            header.iter().cloned().zip(rec.iter().map(str::to_owned)).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_files_come_in_import_order_with_netbox_headers_and_rows_that_match_the_layout() {
    let layout = load_layout(Path::new("layouts/superpod-h100-4su.ron")).unwrap_or_else(|e| panic!("{e}"));
    let report = analyse(&layout);
    let files = netbox::export(&layout).unwrap_or_else(|e| panic!("{e}"));
    let csvs: Vec<&str> = files.iter().map(|f| f.name.as_str()).filter(|n| n.starts_with(char::is_numeric)).collect();
    let want: Vec<String> = IMPORT_ORDER.iter().enumerate().map(|(i, o)| format!("{:02}-{o}.csv", i + 1)).collect();
    assert_eq!(csvs, want);
    let readme = files.iter().find(|f| f.name == "README.txt").map(|f| f.text.as_str()).unwrap_or("");
    assert!(
        readme.contains(&format!(
            "Import in this order (Bulk import, CSV, one file per object type): {}.",
            want.join(", ")
        ))
    );
    let mut tables = BTreeMap::new();
    for (object, name) in IMPORT_ORDER.iter().zip(&want) {
        let text = &files.iter().find(|f| &f.name == name).unwrap_or_else(|| panic!("{name}")).text;
        let (header, rows) = table(text);
        let allowed = reference_headers(object);
        for h in &header {
            assert!(allowed.contains(&h.as_str()), "{name}: {h} is not an import header");
        }
        assert_eq!(header, netbox::headers(object), "{name}");
        tables.insert(*object, rows);
    }
    // The racks: one per rack of the layout, named and placed by row and position.
    let rows = clusterplan::analysis::rows::rows(&layout);
    let racks = &tables["racks"];
    assert_eq!(racks.len(), rows.places.len());
    for r in racks {
        for key in ["name", "site", "status", "role", "u_height", "width"] {
            assert!(!r[key].is_empty(), "a rack without its {key}");
        }
        assert!(r["facility_id"].starts_with('R') && r["facility_id"].contains('-'), "{}", r["facility_id"]);
    }
    // Devices at their lowest U: a DGX rack's four systems at U1, U9, U17, U25, front, full depth.
    let gpu_rack = layout
        .items
        .iter()
        .find(|i| i.type_id.as_str() == "rack-dgx-h100-4")
        .and_then(|i| rows.designation(i.id))
        .unwrap_or_else(|| panic!("a DGX rack"));
    let positions: Vec<(String, String)> = tables["devices"]
        .iter()
        .filter(|d| d["rack"] == gpu_rack && d["role"] == "GPU server")
        .map(|d| (d["position"].clone(), d["face"].clone()))
        .collect();
    let front = |p: &str| (p.to_owned(), "front".to_owned());
    assert_eq!(positions, vec![front("1"), front("9"), front("17"), front("25")]);
    // 0U strips: in their rack, with no position.
    assert!(
        tables["devices"].iter().any(|d| d["role"] == "Rack PDU" && d["position"].is_empty() && !d["rack"].is_empty())
    );
    // Every device's type is defined; every device type's maker too.
    let types: BTreeSet<(String, String)> =
        tables["device-types"].iter().map(|t| (t["manufacturer"].clone(), t["model"].clone())).collect();
    for d in &tables["devices"] {
        assert!(types.contains(&(d["manufacturer"].clone(), d["device_type"].clone())), "{}", d["device_type"]);
    }
    let makers: BTreeSet<&str> = tables["manufacturers"].iter().map(|m| m["name"].as_str()).collect();
    assert!(types.iter().all(|(m, _)| makers.contains(m.as_str())));
    // The cables: the report's count, their lengths its total, each end an interface defined once.
    let cables = &tables["cables"];
    assert_eq!(cables.len() as u64, report.cables.count);
    let length: f64 = cables.iter().map(|c| c["length"].parse::<f64>().unwrap_or(f64::NAN)).sum();
    assert!((length - report.cables.total_length_m).abs() < 1e-6 * report.cables.total_length_m.max(1.0), "{length}");
    assert!(cables.iter().all(|c| c["length_unit"] == "m" && c["side_a_type"] == "dcim.interface"));
    let mut ends = BTreeSet::new();
    for c in cables {
        for side in ["a", "b"] {
            let end = (c[&format!("side_{side}_device")].clone(), c[&format!("side_{side}_name")].clone());
            assert!(ends.insert(end.clone()), "port {end:?} cabled twice");
        }
    }
    let interfaces: BTreeSet<(String, String)> =
        tables["interfaces"].iter().map(|i| (i["device"].clone(), i["name"].clone())).collect();
    assert_eq!(interfaces, ends, "an interface for every cabled port, and no other");
    // Rail r of every server lands on the one leaf serving rail r: each rail on one leaf, each leaf one rail.
    let mut leaf_of_rail: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rails_of_leaf: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let node = cables.iter().filter(|c| c["label"].starts_with("NL-"));
    for c in node {
        leaf_of_rail.entry(c["side_a_name"].clone()).or_default().insert(c["side_b_device"].clone());
        rails_of_leaf.entry(c["side_b_device"].clone()).or_default().insert(c["side_a_name"].clone());
    }
    assert_eq!(leaf_of_rail.len(), 8, "eight rails");
    // 4 SUs: each rail has one leaf in each SU.
    assert!(leaf_of_rail.values().all(|leaves| leaves.len() == 4), "{leaf_of_rail:?}");
    assert!(rails_of_leaf.values().all(|rails| rails.len() == 1), "a leaf serves one rail");
    // Leaf → spine: every leaf reaches every spine (the SuperPOD's 32 leaves, 16 spines: 2 links a pair).
    let mut spines_of_leaf: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in cables.iter().filter(|c| c["label"].starts_with("LS-")) {
        spines_of_leaf.entry(c["side_a_device"].clone()).or_default().insert(c["side_b_device"].clone());
    }
    assert_eq!(spines_of_leaf.len(), 32);
    assert!(
        spines_of_leaf.values().all(|s| s.len() == 16),
        "{:?}",
        spines_of_leaf.values().map(BTreeSet::len).collect::<Vec<_>>()
    );
    // Power feeds: one a rack feed, the first primary. The SuperPOD's DGX racks take three (NVIDIA's scheme): each
    // for half of 40.8 kW, 20.4 / (√3 × 415 V × 0.95 × 0.8) = 37.3 A → 40 A (under NVIDIA's 60 A rack circuit).
    let feeds: Vec<_> = tables["power-feeds"].iter().filter(|f| f["rack"] == gpu_rack).collect();
    let kinds: Vec<&str> = feeds.iter().map(|f| f["type"].as_str()).collect();
    assert_eq!(kinds, ["primary", "redundant", "redundant"]);
    assert!(feeds.iter().all(|f| f["amperage"] == "40" && f["voltage"] == "415" && f["max_utilization"] == "80"));
    let panels: BTreeSet<&str> = tables["power-panels"].iter().map(|p| p["name"].as_str()).collect();
    assert!(tables["power-feeds"].iter().all(|f| panels.contains(f["power_panel"].as_str())));
}

#[test]
fn a_feed_is_sized_for_what_it_carries_when_another_is_lost() {
    // NVIDIA's DGX H100 rack: 40.8 kW on three 415 V feeds, each for half the peak: 20.4 kW → 37.3 A → 40 A
    // (the IEC series).
    assert_eq!(netbox::feed_amperes(40.8, 3, 0.95), 40);
    // Two feeds (2N): each the whole 40.8 kW → 74.7 A → 80 A. One feed: the same.
    assert_eq!(netbox::feed_amperes(40.8, 2, 0.95), 80);
    assert_eq!(netbox::feed_amperes(40.8, 1, 0.95), 80);
    // An NVL72 (132 kW, 2N): 241.6 A → 250 A; beyond every rating, the largest.
    assert_eq!(netbox::feed_amperes(132.0, 2, 0.95), 250);
    assert_eq!(netbox::feed_amperes(1000.0, 2, 0.95), 400);
    assert_eq!(netbox::slug("NVIDIA Quantum-2 QM9700 (64 × NDR 400G)"), "nvidia-quantum-2-qm9700-64-ndr-400g");
}

#[test]
fn the_command_line_writes_the_folder() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("netbox");
    let o = run(["clusterplan", "netbox", "layouts/demo.ron", "-o", out.to_str().unwrap_or("")])
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("README.txt"), "{}", o.stdout);
    for name in ["01-manufacturers.csv", "07-racks.csv", "13-cables.csv", "floor-positions.csv", "README.txt"] {
        assert!(out.join(name).exists(), "{name}");
    }
    let o = run(["clusterplan", "netbox", "layouts/missing.ron", "-o", out.to_str().unwrap_or("")])
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(o.code, 0);
}

#[test]
fn names_never_collide_even_when_a_user_names_a_rack_like_another_ones_place() {
    let mut layout = load_layout(Path::new("layouts/superpod-h100-4su.ron")).unwrap_or_else(|e| panic!("{e}"));
    let rows = clusterplan::analysis::rows::rows(&layout);
    let racks: Vec<usize> =
        (0..layout.items.len()).filter(|&i| rows.places.contains_key(&layout.items[i].id)).collect();
    // One rack named as another's designation, two with the same name, one with an empty name; two PDUs alike.
    let other = rows.designation(layout.items[racks[1]].id).unwrap_or_default();
    layout.items[racks[0]].name = Some(other);
    layout.items[racks[2]].name = Some("spare".into());
    layout.items[racks[3]].name = Some("spare".into());
    layout.items[racks[4]].name = Some("  ".into());
    let pdus: Vec<usize> = (0..layout.items.len())
        .filter(|&i| layout.type_of(&layout.items[i]).is_some_and(|t| t.kind == clusterplan::model::EquipmentKind::Pdu))
        .collect();
    layout.items[pdus[0]].name = Some("PDU A".into());
    layout.items[pdus[1]].name = Some("PDU A".into());
    let files = netbox::export(&layout).unwrap_or_else(|e| panic!("{e}"));
    for (file, key) in [("07-racks.csv", "name"), ("09-devices.csv", "name"), ("11-power-panels.csv", "name")] {
        let text = &files.iter().find(|f| f.name == file).unwrap_or_else(|| panic!("{file}")).text;
        let (_, rows) = table(text);
        let names: BTreeSet<&str> = rows.iter().map(|r| r[key].as_str()).collect();
        assert_eq!(names.len(), rows.len(), "{file}: names repeat");
        assert!(names.iter().all(|n| !n.trim().is_empty() && n.chars().count() <= 64), "{file}");
    }
}
