//! The committed sample halls: all load, all are `check` clean, and they match what the generator builds.

use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::generate::{GpuAddition, generate, preset_params, with_additions};
use clusterplan::io::{load_layout, to_ron_string};

/// How a sample was made (see README): file, preset, GPUs, scalable units, added TYPE:GPUS.
type Sample = (&'static str, &'static str, Option<u64>, Option<u32>, &'static [&'static str]);

const SAMPLES: [Sample; 6] = [
    ("demo.ron", "demo", None, None, &[]),
    ("colossus-100k.ron", "colossus", Some(100_000), None, &[]),
    ("colossus-200k.ron", "colossus", Some(200_000), None, &[]),
    ("colossus-100k-plus-50k-h200.ron", "colossus", Some(100_000), None, &["rack-colossus-h200-64:50000"]),
    ("superpod-h100-4su.ron", "superpod-h100", None, Some(4), &[]),
    ("nvl72-8su.ron", "nvl72", None, Some(8), &[]),
];

#[test]
fn samples_load_clean_and_match_the_generator() {
    for (file, preset, gpus, su, add) in SAMPLES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts").join(file);
        let layout = load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
        let report = analyse(&layout);
        assert_eq!(report.error_count(), 0, "{file}: {:?}", report.warnings);
        let add: Vec<GpuAddition> =
            add.iter().map(|a| GpuAddition::parse(a).unwrap_or_else(|e| panic!("{e}"))).collect();
        let generated = preset_params(preset, gpus, su)
            .map(|p| with_additions(p, add))
            .and_then(|p| generate(&p))
            .unwrap_or_else(|e| panic!("{e}"));
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let fresh = to_ron_string(&generated).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            on_disk == fresh,
            "{file} differs from the generator's output: regenerate it with \
             `clusterplan generate --preset {preset} ... -o layouts/{file}`"
        );
    }
}

#[test]
fn colossus_has_its_ninth_nic_network() {
    // 100,000 GPUs / 8 per server = 12,500 servers, one 400GbE storage / front-end NIC each: 12,500 ports, more
    // than an SN5600's 128²/2 = 8,192 at 400G, so three tiers.
    let l = clusterplan::io::load_layout(std::path::Path::new("layouts/colossus-100k.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = clusterplan::analysis::analyse(&l);
    let st = &r.network.side[0];
    assert_eq!((st.server_ports, st.port_gbps, st.tiers), (12_500, 400, 3));
}
