//! The hostile-file corpus in `tests/bad/`: every file is refused with its exact error, the CLI exits 2 within
//! a bounded amount of memory, and nothing panics.

use std::path::Path;
use std::process::Command;

use clusterplan::io::load_layout;

/// (file, the exact error).
const CORPUS: [(&str, &str); 34] = [
    (
        "bad-rotation.ron",
        "tests/bad/bad-rotation.ron:8:60: rotation must be 0, 90, 180 or 270 degrees, not 45; fix the file at that position",
    ),
    (
        "billions-of-servers.ron",
        "tests/bad/billions-of-servers.ron:8: item #1, field `servers`: 4000000000 servers: a 4 × NVIDIA DGX H100 (SuperPOD rack) holds 1 to 4",
    ),
    (
        "billions-of-switches.ron",
        "tests/bad/billions-of-switches.ron:8: item #1, field `switches.count`: 3000000000 switches in one rack is absurd (at most 1000)",
    ),
    (
        "catalog-nan-power.ron",
        "tests/bad/catalog-nan-power.ron:6: type \"x-rack\", field `power_typical_kw`: NaN is not a finite number; write a number",
    ),
    (
        "count-overflow.ron",
        "tests/bad/count-overflow.ron:8:14: Integer is out of bounds; fix the file at that position",
    ),
    (
        "dangling-feed.ron",
        "tests/bad/dangling-feed.ron:9: item #2, field `feed_b`: refers to item #77, which is not in the layout; remove the reference or add the item",
    ),
    (
        "deep-nesting.ron",
        "tests/bad/deep-nesting.ron:1:14: Unexpected field named `junk` in `Layout`, expected one of `version`, `name`, `document`, `hall`, `catalog`, `items`, `prices`, `site`, or `phases` instead; fix the file at that position",
    ),
    (
        "duplicate-ids.ron",
        "tests/bad/duplicate-ids.ron:8: item #1, field `id`: the id appears twice; give every item its own id",
    ),
    ("empty.ron", "tests/bad/empty.ron:1:1: Expected opening `(` for struct `Layout`; fix the file at that position"),
    (
        "enormous-hall.ron",
        "tests/bad/enormous-hall.ron:5: hall, field `width_m`: 1000000000000 is outside the allowed range 1 to 10000",
    ),
    ("far-away.ron", "tests/bad/far-away.ron:8: item #1, field `x`: 2000000000 tiles is farther than any hall reaches"),
    (
        "feed-not-a-pdu.ron",
        "tests/bad/feed-not-a-pdu.ron:9: item #2, field `feed_a`: refers to item #1, which is not a PDU",
    ),
    (
        "foreign-figures.ron",
        "tests/bad/foreign-figures.ron:6: type \"x-rack\", field `pdu`: `pdu` figures belong to a PDU type, not a storage rack; remove them or change `kind`",
    ),
    (
        "gpu-rack-mounted-cooling.ron",
        "tests/bad/gpu-rack-mounted-cooling.ron:6: type \"x-rack\", field `cooling`: `cooling` figures belong to a cooling unit type, not a GPU rack; remove them or change `kind`",
    ),
    (
        "infinite-depth.ron",
        "tests/bad/infinite-depth.ron:5: hall, field `depth_m`: inf is not a finite number; write a number",
    ),
    (
        "invalid-utf8.ron",
        "tests/bad/invalid-utf8.ron: byte 23 is not valid UTF-8 text; a layout file is RON text, save it as UTF-8",
    ),
    ("nan-width.ron", "tests/bad/nan-width.ron:5: hall, field `width_m`: NaN is not a finite number; write a number"),
    (
        "negative-price.ron",
        "tests/bad/negative-price.ron:10: prices, field `types[\"pdu-floor-300kva\"]`: -45000 is outside the allowed range 0 to 10000000000",
    ),
    (
        "negative-pue.ron",
        "tests/bad/negative-pue.ron:5: hall.settings, field `pue`: -1 is outside the allowed range 1 to 5",
    ),
    (
        "negative-width.ron",
        "tests/bad/negative-width.ron:5: hall, field `width_m`: -20 is outside the allowed range 1 to 10000",
    ),
    (
        "newer-version.ron",
        "tests/bad/newer-version.ron: the file is format version 9, newer than version 2 that this clusterplan reads; update clusterplan to open it",
    ),
    (
        "not-ron.ron",
        "tests/bad/not-ron.ron:1:1: Expected opening `(` for struct `Layout`; fix the file at that position",
    ),
    (
        "price-for-unknown-type.ron",
        "tests/bad/price-for-unknown-type.ron:8: prices, field `types[\"rack-imaginary\"]`: no type by that id in the file's catalog; remove the price or correct the id",
    ),
    (
        "site-nan-efficiency.ron",
        "tests/bad/site-nan-efficiency.ron:10: site.types \"my-ups\", field `efficiency`: NaN is not a finite number; write a number",
    ),
    (
        "site-plant-wrong-kind.ron",
        "tests/bad/site-plant-wrong-kind.ron:11: site.substation, field `plant`: \"ups-1000kw\" is a UPS module; this place takes a substation transformer",
    ),
    (
        "switch-placed-alone.ron",
        "tests/bad/switch-placed-alone.ron:8: item #1, field `type`: a switch is not placed alone; put it in a network rack's `switches`",
    ),
    ("tiny-tile.ron", "tests/bad/tiny-tile.ron:5: hall, field `tile_m`: 0 is outside the allowed range 0.1 to 3"),
    ("truncated.ron", "tests/bad/truncated.ron:108:21: Expected end of string; fix the file at that position"),
    (
        "two-racks-one-mounted-unit.ron",
        "tests/bad/two-racks-one-mounted-unit.ron:10: item #3, field `cooling`: names unit #1, which is mounted in rack #2; a mounted unit serves the one rack it is in: give rack #3 a unit of its own or an in-row CDU",
    ),
    (
        "unknown-field.ron",
        "tests/bad/unknown-field.ron:8:55: Unexpected field named `colour` in `Item`, expected one of `id`, `type`, `x`, `x_mm`, `y`, `y_mm`, `rot`, `name`, `feed_a`, `feed_b`, `feed_c`, `cooling`, `su`, `servers`, `switches`, or `upstream` instead; fix the file at that position",
    ),
    (
        "unknown-type.ron",
        "tests/bad/unknown-type.ron:8: item #1, field `type`: unknown type id \"rack-warp-drive\": it is neither in the file's catalog nor built in; add the type to the catalog",
    ),
    (
        "upstream-unknown-system.ron",
        "tests/bad/upstream-unknown-system.ron:8: item #1, field `upstream`: names UPS system 9, which the site does not have; pick one of the site's systems",
    ),
    (
        "wrong-type-items.ron",
        "tests/bad/wrong-type-items.ron:7:11: Expected opening `[`; fix the file at that position",
    ),
    ("wrong-type-width.ron", "tests/bad/wrong-type-width.ron:5:20: Expected float; fix the file at that position"),
];

/// Address-space limit for the CLI on a hostile file (the engine needs far less).
const MEMORY_LIMIT_BYTES: u64 = 700 * 1024 * 1024;

#[test]
fn every_file_in_the_corpus_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/bad")
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 20);
}

#[test]
fn every_hostile_file_gets_its_exact_error() {
    for (file, expected) in CORPUS {
        let path = Path::new("tests/bad").join(file);
        match load_layout(&path) {
            Ok(_) => panic!("{file} was accepted"),
            Err(e) => assert_eq!(e.to_string(), expected, "{file}"),
        }
    }
}

fn limited_check(path: &Path) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_clusterplan");
    // prlimit (util-linux) caps the address space; without it the check still runs, unbounded.
    let has_prlimit = Command::new("prlimit").arg("--version").output().is_ok_and(|o| o.status.success());
    let mut cmd = if has_prlimit {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={MEMORY_LIMIT_BYTES}")).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("check").arg(path).output().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_cli_exits_2_in_bounded_memory() {
    for (file, expected) in CORPUS {
        let out = limited_check(&Path::new("tests/bad").join(file));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert_eq!(stderr.trim(), format!("error: {expected}"), "{file}");
    }
    // An enormous file (sparse, 3 GB) is refused from its size, without reading it.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let huge = dir.path().join("huge.ron");
    let f = std::fs::File::create(&huge).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(3 * 1024 * 1024 * 1024).unwrap_or_else(|e| panic!("{e}"));
    let out = limited_check(&huge);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the file is 3072 MB, more than the 512 MB a layout may be"));
}
