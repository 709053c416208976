//! File versions: a version-1 file written by this release keeps loading, with the same numbers, after every
//! future change. Do not edit `tests/fixtures/v1-demo.ron`; it is the frozen version-1 format.

use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::io::load_layout;

#[test]
fn version_1_fixture_keeps_loading_with_the_same_numbers() {
    let layout = load_layout(Path::new("tests/fixtures/v1-demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(layout.version, 1);
    let r = analyse(&layout);
    assert_eq!(r.gpus.total, 2_048);
    assert_eq!(r.gpus.racks, 32);
    assert!((r.power.it_kw - 2_208.784).abs() < 1e-6, "{}", r.power.it_kw);
    assert_eq!(r.network.leaf_switches, 32);
    assert_eq!(r.cables.count, 4_096);
    assert_eq!(r.error_count(), 0);
}
