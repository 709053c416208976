//! File versions: a version-1 file written by this release keeps loading, with the same numbers, after every
//! future change. Do not edit `tests/fixtures/v1-demo.ron`; it is the frozen version-1 format.

use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::io::load_layout;

#[test]
fn version_1_fixture_keeps_loading_with_the_same_numbers() {
    let layout = load_layout(Path::new("tests/fixtures/v1-demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    // Read as version 1 (positions in 600 mm tiles) and brought to this version: item 1's `x: 4, y: 8` is
    // (2,400, 4,800) mm.
    assert_eq!(layout.version, clusterplan::model::FORMAT_VERSION);
    assert_eq!((layout.items[0].x_mm, layout.items[0].y_mm), (2_400, 4_800));
    assert!(layout.items.iter().all(|i| i.x_mm % 600 == 0 && i.y_mm % 600 == 0));
    let r = analyse(&layout);
    assert_eq!(r.gpus.total, 2_048);
    assert_eq!(r.gpus.racks, 32);
    assert!((r.power.it_kw - 2_208.784).abs() < 1e-6, "{}", r.power.it_kw);
    assert_eq!(r.network.leaf_switches, 32);
    assert_eq!(r.cables.count, 4_096);
    // The cables as version 1 routed them (total as reported before positions became millimetres).
    assert!((r.cables.total_length_m - 76_672.0).abs() < 1e-6, "{}", r.cables.total_length_m);
    assert_eq!(r.cables.transceivers, 4_736);
    assert_eq!(r.error_count(), 0);
}
