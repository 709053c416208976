//! Layout files: round trips, diff-friendly output, and every rejected input with its exact error.

mod common;

use std::path::Path;

use clusterplan::generate::{generate, preset_params};
use clusterplan::io::{LoadError, load_layout, parse_layout, save_layout, to_ron_string};
use clusterplan::model::{FORMAT_VERSION, Layout};

fn demo() -> Layout {
    preset_params("demo", None, None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"))
}

fn parse(src: &str) -> Result<Layout, LoadError> {
    parse_layout(src, Path::new("hall.ron"))
}

fn error_of(src: &str) -> String {
    match parse(src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => e.to_string(),
    }
}

/// A minimal valid file with the given hall fields, catalog entries and items spliced in.
fn file(hall: &str, catalog: &str, items: &str) -> String {
    format!(
        "#![enable(implicit_some)]\n(\n    version: 1,\n    name: \"t\",\n    hall: ({hall}),\n    catalog: [{catalog}],\n    items: [\n{items}\n    ],\n)\n"
    )
}

const PDU: &str = r#"        (id: 1, type: "pdu-floor-300kva", x: 0, y: 0),"#;
const RACK: &str = r#"        (id: 2, type: "rack-dgx-h100-4", x: 4, y: 0, feed_a: 1),"#;

#[test]
fn save_then_load_is_the_identity() {
    let layout = demo();
    let text = to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}"));
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, layout);
    // And through the disk, atomically: no temporary file is left behind.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("demo.ron");
    save_layout(&layout, &path).unwrap_or_else(|e| panic!("{e}"));
    save_layout(&layout, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load_layout(&path).unwrap_or_else(|e| panic!("{e}")), layout);
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
    names.sort();
    assert_eq!(names, vec!["demo.ron", "demo.ron.bak"], "no temporary files left, the previous version kept");
}

#[test]
fn output_is_stable_and_one_item_edit_is_one_line() {
    let mut layout = demo();
    let before = to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}"));
    // Item order in memory does not change the file.
    layout.items.reverse();
    assert_eq!(to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}")), before);
    layout.items.reverse();
    layout.items[10].x_mm += 1;
    let after = to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}"));
    let (a, b): (Vec<_>, Vec<_>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len());
    let changed: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(before.starts_with("#![enable(implicit_some)]\n(\n    version: 2,\n"));
}

#[test]
fn types_missing_from_the_file_come_from_the_built_in_catalog() {
    let layout = parse(&file("", "", &format!("{PDU}\n{RACK}"))).unwrap_or_else(|e| panic!("{e}"));
    // The PDU, the DGX rack and the two switch types its storage and in-band networks are built of.
    let ids: Vec<&str> = layout.catalog.types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, vec!["pdu-floor-300kva", "rack-dgx-h100-4", "sw-qm9700", "sw-sn4600c"]);
    assert_eq!(layout.items.len(), 2);
}

#[test]
fn syntax_errors_give_line_and_column() {
    let src = file("", "", "        (id: 1, type: \"pdu-floor-300kva\" x: 0, y: 0),");
    assert_eq!(error_of(&src), "hall.ron:8:42: Expected comma; fix the file at that position");
    // Truncated file.
    let src = file("", "", PDU);
    let cut = &src[..src.len() / 2];
    assert!(error_of(cut).starts_with("hall.ron:"), "{}", error_of(cut));
}

#[test]
fn unknown_fields_are_refused_with_their_name() {
    let src = file("", "", r#"        (id: 1, type: "pdu-floor-300kva", x: 0, y: 0, colour: "red"),"#);
    let e = error_of(&src);
    assert!(e.starts_with("hall.ron:8:"), "{e}");
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn versions() {
    let newer = file("", "", PDU).replace("version: 1", "version: 7");
    assert_eq!(
        error_of(&newer),
        format!(
            "hall.ron: the file is format version 7, newer than version {FORMAT_VERSION} that this clusterplan reads; update clusterplan to open it"
        )
    );
    // A newer file's unknown fields do not hide its version.
    let newer = file("", "", r#"        (id: 1, type: "pdu-floor-300kva", x: 0, y: 0, hologram: true),"#)
        .replace("version: 1", "version: 3");
    assert!(error_of(&newer).contains("format version 3"));
    let zero = file("", "", PDU).replace("version: 1", "version: 0");
    assert_eq!(error_of(&zero), "hall.ron:3: layout, field `version`: 0 is not a format version; write 2");
}

#[test]
fn bad_numbers_are_refused() {
    assert_eq!(
        error_of(&file("width_m: NaN", "", PDU)),
        "hall.ron:5: hall, field `width_m`: NaN is not a finite number; write a number"
    );
    assert_eq!(
        error_of(&file("depth_m: inf", "", PDU)),
        "hall.ron:5: hall, field `depth_m`: inf is not a finite number; write a number"
    );
    assert_eq!(
        error_of(&file("width_m: -5.0", "", PDU)),
        "hall.ron:5: hall, field `width_m`: -5 is outside the allowed range 1 to 10000"
    );
    assert_eq!(
        error_of(&file("width_m: 20000.0", "", PDU)),
        "hall.ron:5: hall, field `width_m`: 20000 is outside the allowed range 1 to 10000"
    );
    assert_eq!(
        error_of(&file("settings: (pue: 0.5)", "", PDU)),
        "hall.ron:5: hall.settings, field `pue`: 0.5 is outside the allowed range 1 to 5"
    );
    let far = r#"        (id: 1, type: "pdu-floor-300kva", x: 2000000000, y: 0),"#;
    assert_eq!(
        error_of(&file("", "", far)),
        "hall.ron:8: item #1, field `x`: 2000000000 tiles is farther than any hall reaches"
    );
    let rot = r#"        (id: 1, type: "pdu-floor-300kva", x: 0, y: 0, rot: 45),"#;
    let e = error_of(&file("", "", rot));
    assert!(e.starts_with("hall.ron:8:") && e.contains("rotation must be 0, 90, 180 or 270 degrees, not 45"), "{e}");
    let negative_id = r#"        (id: -1, type: "pdu-floor-300kva", x: 0, y: 0),"#;
    assert!(error_of(&file("", "", negative_id)).starts_with("hall.ron:8:"));
}

#[test]
fn bad_catalog_types_are_refused() {
    let ty = r#"(id: "my-rack", name: "Mine", kind: GpuRack, width_m: 0.6, depth_m: 1.2, weight_kg: 500.0,
        power_typical_kw: 50.0, power_peak_kw: 40.0, source: "mine")"#;
    let item = r#"        (id: 1, type: "my-rack", x: 0, y: 0),"#;
    assert_eq!(
        error_of(&file("", ty, item)),
        "hall.ron:6: type \"my-rack\", field `power_typical_kw`: typical power exceeds peak power; swap or correct them"
    );
    let ty = ty.replace("50.0", "30.0");
    assert_eq!(
        error_of(&file("", &ty, item)),
        "hall.ron:6: type \"my-rack\", field `gpu`: a GPU rack type needs `gpu` figures"
    );
    let twice = format!("{ty}, {ty}");
    assert_eq!(
        error_of(&file("", &twice, item)),
        "hall.ron:6: type \"my-rack\", field `id`: the type id appears twice; keep one"
    );
}

#[test]
fn bad_items_are_refused_with_item_and_field() {
    let dup = r#"        (id: 1, type: "pdu-floor-300kva", x: 0, y: 0),
        (id: 1, type: "pdu-floor-300kva", x: 4, y: 0),"#;
    assert_eq!(
        error_of(&file("", "", dup)),
        "hall.ron:8: item #1, field `id`: the id appears twice; give every item its own id"
    );
    let unknown = r#"        (id: 1, type: "rack-quantum-9000", x: 0, y: 0),"#;
    assert_eq!(
        error_of(&file("", "", unknown)),
        "hall.ron:8: item #1, field `type`: unknown type id \"rack-quantum-9000\": it is neither in the file's catalog nor built in; add the type to the catalog"
    );
    let dangling = r#"        (id: 2, type: "rack-dgx-h100-4", x: 4, y: 0, feed_a: 99),"#;
    assert_eq!(
        error_of(&file("", "", dangling)),
        "hall.ron:8: item #2, field `feed_a`: refers to item #99, which is not in the layout; remove the reference or add the item"
    );
    let wrong_kind = format!("{PDU}\n        (id: 2, type: \"rack-dgx-h100-4\", x: 4, y: 0, cooling: 1),");
    assert_eq!(
        error_of(&file("", "", &wrong_kind)),
        "hall.ron:9: item #2, field `cooling`: refers to item #1, which is not a cooling unit"
    );
    let alone = r#"        (id: 1, type: "sw-qm9700", x: 0, y: 0),"#;
    assert_eq!(
        error_of(&file("", "", alone)),
        "hall.ron:8: item #1, field `type`: a switch is not placed alone; put it in a network rack's `switches`"
    );
    let absurd = r#"        (id: 1, type: "rack-network-48u", x: 0, y: 0, switches: (model: "sw-qm9700", count: 4000000000, role: Leaf)),"#;
    assert_eq!(
        error_of(&file("", "", absurd)),
        "hall.ron:8: item #1, field `switches.count`: 4000000000 switches in one rack is absurd (at most 1000)"
    );
    let not_switch = r#"        (id: 1, type: "rack-network-48u", x: 0, y: 0, switches: (model: "pdu-floor-300kva", count: 2, role: Leaf)),"#;
    assert!(error_of(&file("", "", not_switch)).contains("field `switches.model`"));
    let servers = r#"        (id: 1, type: "rack-dgx-h100-4", x: 0, y: 0, servers: 9),"#;
    assert_eq!(
        error_of(&file("", "", servers)),
        "hall.ron:8: item #1, field `servers`: 9 servers: a 4 × NVIDIA DGX H100 (SuperPOD rack) holds 1 to 4"
    );
}

#[test]
fn deep_nesting_is_refused_without_a_crash() {
    // A value nested 100,000 deep where the parser follows it: the version probe (read before the rest) skips
    // every field but `version`, walking whatever value it holds. Without the recursion limit that walk
    // overflows the stack and the process aborts; with it the probe stops, and the full parse reports the
    // field's real problem at its place.
    let deep = format!("(version: 1, name: {}{})", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(error_of(&deep), "hall.ron:1:19: Expected string; fix the file at that position");
}

#[test]
fn files_on_disk_not_text_or_too_large_are_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bin = dir.path().join("bin.ron");
    std::fs::write(&bin, b"(version: 1, name: \"\xff\xfe\")").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        load_layout(&bin).map(|_| ()).map_err(|e| e.to_string()),
        Err(format!("{}: byte 20 is not valid UTF-8 text; a layout file is RON text, save it as UTF-8", bin.display()))
    );
    // A sparse 600 MB file is refused from its size alone, before it is read.
    let big = dir.path().join("big.ron");
    let f = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(600 * 1024 * 1024).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        load_layout(&big).map(|_| ()).map_err(|e| e.to_string()),
        Err(format!(
            "{}: the file is 600 MB, more than the 512 MB a layout may be; it is not a clusterplan layout or must be split",
            big.display()
        ))
    );
    let missing = dir.path().join("missing.ron");
    let e = load_layout(&missing).map(|_| ()).map_err(|e| e.to_string());
    assert!(e.is_err_and(|e| e.starts_with(&format!("{}: cannot read the file", missing.display()))));
}

#[test]
fn a_files_own_types_win_over_the_built_in_catalog() {
    // A file made where the Colossus rack drew 100 kW computes with 100 kW here too.
    let mut layout = demo();
    let mut ty = layout.catalog.get(&"rack-colossus-64".into()).cloned().unwrap_or_else(|| panic!("no type"));
    ty.power_typical_kw = 100.0;
    ty.power_peak_kw = 100.0;
    let mut types = layout.catalog.types.clone();
    types.retain(|t| t.id != ty.id);
    types.push(ty);
    layout.catalog = clusterplan::model::Catalog::new(types);
    let text = to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}"));
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let racks = back.items.iter().filter(|i| i.type_id.as_str() == "rack-colossus-64").count();
    let it_kw = clusterplan::analysis::analyse(&back).power.it_kw;
    let others = clusterplan::analysis::analyse(&demo()).power.it_kw - 66.0 * racks as f64;
    assert!((it_kw - (others + 100.0 * racks as f64)).abs() < 1e-6, "{it_kw}");
}

#[test]
fn version_1_positions_in_tiles_open_in_millimetres_and_save_as_version_2() {
    // Version 1 kept whole tiles: x: 4 on 600 mm tiles is 2,400 mm; on 2 ft tiles (609.6 mm), 2,438.4 → 2,438 mm.
    let metric = parse(&file("", "", &format!("{PDU}\n{RACK}"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((metric.items[1].x_mm, metric.items[1].y_mm), (2_400, 0));
    let feet = parse(&file("tile_m: 0.6096", "", &format!("{PDU}\n{RACK}"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(feet.items[1].x_mm, 2_438);
    // Saved, it is version 2 with `x_mm`, and reads back the same.
    let text = to_ron_string(&metric).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("    version: 2,\n") && text.contains("x_mm: 2400"), "{text}");
    assert_eq!(parse(&text).unwrap_or_else(|e| panic!("{e}")), metric);
    // A version-1 position beyond any hall is refused in tiles, as version 1 refused it.
    let far = r#"        (id: 1, type: "pdu-floor-300kva", x: 2000000000, y: 0),"#;
    assert!(error_of(&file("", "", far)).contains("field `x`: 2000000000 tiles is farther than any hall reaches"));
}

/// Found by a journey: a hall stating its storage, with no storage rack placed, is sized with its catalog's first
/// storage type; saving pruned that type, so the reopened file reported the storage unsized.
#[test]
fn the_storage_type_a_stated_storage_is_sized_with_survives_a_save() {
    let mut l = demo();
    l.items.retain(|i| !i.type_id.as_str().starts_with("rack-storage") && !i.type_id.as_str().starts_with("rdhx"));
    let ids: std::collections::BTreeSet<_> = l.items.iter().map(|i| i.id).collect();
    l.items.iter_mut().for_each(|i| i.cooling = i.cooling.filter(|c| ids.contains(c)));
    l.hall.settings.storage_pb = 12.5;
    let before = clusterplan::analysis::analyse(&l);
    assert!(before.warnings.iter().any(|w| w.code == "storage-short"), "sized with the catalog's storage type");
    let text = to_ron_string(&l).unwrap_or_else(|e| panic!("{e}"));
    let back = parse_layout(&text, Path::new("s.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(clusterplan::analysis::analyse(&back) == before, "the reopened file gives the same numbers");
}

/// The design's document data (issue 24, first part): saved after the name, a revision a line, read back the
/// same; a bad revision date or an over-long text refused, naming the field.
#[test]
fn document_data_round_trips_and_bad_revisions_are_refused() {
    use clusterplan::model::document::{DocumentInfo, Revision};
    let mut l = demo();
    assert!(!to_ron_string(&l).unwrap_or_else(|e| panic!("{e}")).contains("document:"), "none stated, none written");
    l.document = DocumentInfo {
        project: "Memphis phase 2".into(),
        customer: "Example AI".into(),
        prepared_by: "A. Architect".into(),
        revisions: vec![
            Revision { rev: "A".into(), date: "2026-11-30".into(), note: "first issue".into() },
            Revision { rev: "B".into(), date: "2026-12-06".into(), note: "phases added".into() },
        ],
    };
    let text = to_ron_string(&l).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("    document: (\n        project: \"Memphis phase 2\""), "{}", &text[..400]);
    assert!(text.contains("(rev: \"B\", date: \"2026-12-06\", note: \"phases added\")"), "a revision a line");
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.document, l.document);
    assert_eq!(back.document.current().map(|r| r.rev.as_str()), Some("B"));
    let refused = |change: &dyn Fn(&mut Layout)| {
        let mut bad = l.clone();
        change(&mut bad);
        clusterplan::io::check_layout(&bad).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert!(refused(&|b| b.document.revisions[1].date = "6 Dec".into()).contains("revisions[1].date"));
    assert!(refused(&|b| b.document.customer = "x".repeat(100_000)).contains("document.customer"));
    assert!(refused(&|_| {}).is_empty());
}
