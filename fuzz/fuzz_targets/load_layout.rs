//! Fuzzes the layout loader: any bytes must give a layout or an error, never a panic, a hang or unbounded
//! memory; every layout that loads must analyse and save without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(layout) = clusterplan::io::parse_layout(text, Path::new("fuzz.ron")) {
        let _ = clusterplan::analysis::analyse(&layout);
        let saved = clusterplan::io::to_ron_string(&layout).expect("a loaded layout serialises");
        clusterplan::io::parse_layout(&saved, Path::new("fuzz.ron")).expect("a saved layout loads again");
    }
});
