//! Device types from the NetBox devicetype-library (issue 24): files written to the library's schema import as
//! catalog types — what the library holds from the file, the draw and capacity from a matching type or as given,
//! the pitfalls reported — and round-trip through save and load; hostile files are refused with file, line and
//! field, and nothing is written.

use std::path::{Path, PathBuf};

use clusterplan::cli::run;
use clusterplan::io::devicetype::{Given, import_device_type, parse_device_type, read_device_type};
use clusterplan::io::{load_layout, save_layout};
use clusterplan::model::TypeId;

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/devicetype").join(name)
}

fn demo() -> clusterplan::model::Layout {
    load_layout(Path::new("layouts/demo.ron")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_library_switch_takes_its_draw_and_ports_from_the_matching_type_and_reports_the_pitfalls() {
    let layout = demo();
    let d = read_device_type(&fixture("nvidia-qm9700.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let i = import_device_type("nvidia-qm9700.yaml", &d, &layout.catalog, &Given::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(i.from, Some(TypeId("sw-qm9700".into())), "matched by its part number");
    let t = &i.ty;
    assert_eq!((t.id.as_str(), t.name.as_str()), ("nvidia-qm9700", "NVIDIA QM9700"));
    assert_eq!((t.manufacturer.as_str(), t.part_number.as_str(), t.rack_units), ("NVIDIA", "MQM9700-NS2F", 1));
    // The draw is the catalog's (747 W typical, 1,720 W max; reference 3a), not the PSUs' 2 × 2,000 W.
    assert_eq!((t.power_typical_kw, t.power_peak_kw), (0.747, 1.72));
    assert!(
        i.notes.iter().any(|n| n.contains("4.0 kW") && n.contains("rating, not the system's draw")),
        "{:?}",
        i.notes
    );
    // 62 of 64 ports listed: the switch keeps 64.
    assert_eq!(t.switch.as_ref().map(|s| s.ports), Some(64));
    assert!(i.notes.iter().any(|n| n.contains("62 fabric ports")), "{:?}", i.notes);
    assert!(t.source.contains("nvidia-qm9700.yaml") && t.source.contains("sw-qm9700"), "{}", t.source);
}

#[test]
fn a_switch_no_type_matches_needs_its_draw_given_and_its_ports_come_from_its_interfaces() {
    let layout = demo();
    let d = read_device_type(&fixture("acme-x800-32.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let e = import_device_type("acme-x800-32.yaml", &d, &layout.catalog, &Given::default())
        .err()
        .unwrap_or_else(|| panic!("imported without a draw"));
    assert_eq!(e.field, "power");
    assert!(e.problem.contains("--peak-kw"), "{e}");
    let given = Given { power_peak_kw: Some(2.2), power_typical_kw: Some(1.4), ..Given::default() };
    let i = import_device_type("acme-x800-32.yaml", &d, &layout.catalog, &given).unwrap_or_else(|e| panic!("{e}"));
    let sw = i.ty.switch.as_ref().unwrap_or_else(|| panic!("a switch"));
    assert_eq!((sw.ports, sw.port_gbps, sw.rack_units), (32, 800, 2));
    assert_eq!((i.ty.power_peak_kw, i.ty.power_typical_kw), (2.2, 1.4));
    assert!((i.ty.weight_kg - 22.68).abs() < 0.01, "50 lb = 22.68 kg: {}", i.ty.weight_kg);
}

#[test]
fn hostile_files_are_refused_with_file_line_and_field() {
    for (name, field, line) in [
        ("missing-slug.yaml", "slug", true),
        ("wrong-type.yaml", "u_height", true),
        ("unknown-key.yaml", "max_power_w", true),
        ("half-u.yaml", "u_height", false),
    ] {
        let e = read_device_type(&fixture(name)).err().unwrap_or_else(|| panic!("{name} was read"));
        assert!(e.file.ends_with(name), "{e}");
        assert_eq!(e.field, field, "{name}: {e}");
        assert_eq!(e.line.is_some(), line, "{name}: {e}");
    }
    // A huge file is not read at all.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let big = dir.path().join("big.yaml");
    std::fs::write(&big, "x".repeat(2 * 1024 * 1024)).unwrap_or_else(|e| panic!("{e}"));
    let e = read_device_type(&big).err().unwrap_or_else(|| panic!("a 2 MB file was read"));
    assert!(e.problem.contains("at most"), "{e}");
    // Not YAML at all.
    assert!(parse_device_type("x.yaml", "{{{{ not: [yaml").is_err());
}

#[test]
fn the_command_line_adds_the_types_and_they_round_trip_through_save_and_load() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("hall.ron");
    save_layout(&demo(), &path).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    // A refused file: nothing is written, even after a good one.
    let o = run([
        "clusterplan",
        "import-type",
        fixture("nvidia-qm9700.yaml").to_str().unwrap_or(""),
        fixture("unknown-key.yaml").to_str().unwrap_or(""),
        "--into",
        path.to_str().unwrap_or(""),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("unknown-key.yaml") && o.stderr.contains("max_power_w"), "{}", o.stderr);
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before, "nothing written");
    let o = run([
        "clusterplan",
        "import-type",
        fixture("nvidia-qm9700.yaml").to_str().unwrap_or(""),
        fixture("acme-x800-32.yaml").to_str().unwrap_or(""),
        "--into",
        path.to_str().unwrap_or(""),
        "--peak-kw",
        "2.2",
        "--typical-kw",
        "1.4",
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("added nvidia-qm9700") && o.stdout.contains("added acme-x800-32"), "{}", o.stdout);
    let loaded = load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
    let qm = loaded.catalog.get(&TypeId("nvidia-qm9700".into())).unwrap_or_else(|| panic!("saved"));
    assert_eq!(qm.part_number, "MQM9700-NS2F");
    assert!(loaded.catalog.get(&TypeId("acme-x800-32".into())).is_some());
    // Loaded, saved again and loaded: the same types.
    let again = dir.path().join("again.ron");
    save_layout(&loaded, &again).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load_layout(&again).unwrap_or_else(|e| panic!("{e}")).catalog, loaded.catalog);
    // Importing the same file twice is refused by its slug.
    let o = run([
        "clusterplan",
        "import-type",
        fixture("nvidia-qm9700.yaml").to_str().unwrap_or(""),
        "--into",
        path.to_str().unwrap_or(""),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(o.code != 0 && o.stderr.contains("already has a type nvidia-qm9700"), "{}", o.stderr);
}

#[test]
fn a_device_never_takes_a_whole_racks_figures_and_a_0u_device_is_refused() {
    let layout = demo();
    // The catalog's HGX rack type carries the server's part number: a server file must not become that rack.
    let text = "---\nmanufacturer: Supermicro\nmodel: SYS-821GE-TNHR\nslug: supermicro-sys-821ge-tnhr\n\
                part_number: SYS-821GE-TNHR\nu_height: 8\nis_full_depth: true\n";
    let d = parse_device_type("server.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let e = import_device_type("server.yaml", &d, &layout.catalog, &Given::default())
        .err()
        .unwrap_or_else(|| panic!("a server became a rack type"));
    assert_eq!(e.field, "model", "{e}");
    let like = Given { like: Some(TypeId("rack-hgx-h100-air-4".into())), ..Given::default() };
    let e = import_device_type("server.yaml", &d, &layout.catalog, &like).err().unwrap_or_else(|| panic!("taken"));
    assert!(e.problem.contains("not a whole rack"), "{e}");
    let zero = "---\nmanufacturer: Acme\nmodel: Strip\nslug: acme-strip\nu_height: 0\nis_full_depth: false\n";
    let e = parse_device_type("strip.yaml", zero).err().unwrap_or_else(|| panic!("a 0U device was read"));
    assert_eq!(e.field, "u_height");
}
