//! `clusterplan compare`: a design against itself differs in nothing; two designs differ by their reports'
//! differences, under the same key paths in JSON, and the CSV reads back.

use clusterplan::analysis::analyse;
use clusterplan::analysis::compare::figures;
use clusterplan::cli::run;
use clusterplan::export::{compare_csv, compare_json};
use clusterplan::io::load_layout;

fn sample(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts").join(name)
}

fn cli(args: &[&str]) -> clusterplan::cli::Outcome {
    let mut all = vec!["clusterplan"];
    all.extend_from_slice(args);
    run(all).unwrap_or_else(|_| panic!("{args:?} opened the designer"))
}

#[test]
fn a_design_against_itself_differs_in_nothing() {
    let path = sample("nvl72-8su.ron");
    let r = analyse(&load_layout(&path).unwrap_or_else(|e| panic!("{e}")));
    let f = figures(&r, &r);
    assert!(f.len() > 25, "{}", f.len());
    assert!(f.iter().all(|f| f.delta == 0.0 && f.percent.is_none_or(|p| p == 0.0)), "{f:?}");
    let json: serde_json::Value = serde_json::from_str(&compare_json(&r, &r, (0, 0)).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    fn all_zero(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) => n.as_f64() == Some(0.0),
            serde_json::Value::Object(m) => m.values().all(all_zero),
            _ => false,
        }
    }
    assert!(all_zero(&json["delta"]), "{}", json["delta"]);
    assert_eq!(json["delta"]["gpus"]["total"], 0);
    // The text table through the CLI: every difference column reads 0.
    let p = path.to_string_lossy().into_owned();
    let out = cli(&["compare", &p, &p]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains('+') && out.stdout.contains("Capital cost"), "{}", out.stdout);
}

#[test]
fn two_designs_differ_by_their_reports() {
    let (pa, pb) = (sample("colossus-100k.ron"), sample("colossus-200k.ron"));
    let ra = analyse(&load_layout(&pa).unwrap_or_else(|e| panic!("{e}")));
    let rb = analyse(&load_layout(&pb).unwrap_or_else(|e| panic!("{e}")));
    let json: serde_json::Value =
        serde_json::from_str(&compare_json(&ra, &rb, (0, 0)).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    // 200,000 − 100,000 H100; 100,000 × 80 GB = 8,000 TB more HBM.
    assert_eq!(json["delta"]["gpus"]["total"], 100_000);
    assert_eq!(json["delta"]["gpus"]["by_model"]["H100 SXM5 80GB"], 100_000);
    let hbm = json["delta"]["memory"]["hbm_tb"].as_f64().unwrap_or(f64::NAN);
    assert!((hbm - 8_000.0).abs() < 1e-6, "{hbm}");
    let d = |path: &[&str]| path.iter().fold(&json["delta"], |v, k| &v[*k]).as_f64().unwrap_or(f64::NAN);
    let r = |v: &serde_json::Value, path: &[&str]| path.iter().fold(v, |v, k| &v[*k]).as_f64().unwrap_or(f64::NAN);
    for path in
        [&["power", "it_kw"][..], &["cost", "capex_usd"], &["cables", "total_length_m"], &["floor", "hall_area_m2"]]
    {
        let expected = r(&json["b"], path) - r(&json["a"], path);
        assert!((d(path) - expected).abs() <= 1e-6 * expected.abs().max(1.0), "{path:?}: {} vs {expected}", d(path));
    }
    // Ids and per-GPU constants are not amounts: no difference is given for them.
    assert!(json["delta"]["floor"]["max_item"].is_null() && json["delta"]["cables"]["longest_link"].is_null());
    assert!(json["delta"]["memory"]["by_model"]["H100 SXM5 80GB"]["hbm_gb_per_gpu"].is_null());
    assert!(json["delta"]["memory"]["by_model"]["H100 SXM5 80GB"]["hbm_tb"].is_number());
    assert_eq!(json["a"]["gpus"]["total"], 100_000);
    assert_eq!(json["b"]["gpus"]["total"], 200_000);
    // The CSV table reads back with a real parser, one row per figure.
    let text = compare_csv(&ra, &rb, (0, 0)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect();
    assert_eq!(rows.len(), figures(&ra, &rb).len() + 1, "the reports' figures and the days to full capacity");
    let gpus = rows.iter().find(|r| &r[0] == "GPUs").unwrap_or_else(|| panic!("no GPUs row"));
    assert_eq!((&gpus[2], &gpus[3], &gpus[4], &gpus[5]), ("100000", "200000", "100000", "100.000"));
}

#[test]
fn the_seeds_two_options_differ_by_50000_gpus_and_950_tb() {
    // Double Colossus to 200,000 H100 (A), or add 50,000 H200 to its 100,000 H100 (B): B − A = −50,000 GPUs and
    // 100,000 × 80 + 50,000 × 141 − 200,000 × 80 = 15,050 − 16,000 = −950 TB of HBM.
    let (pa, pb) = (sample("colossus-200k.ron"), sample("colossus-100k-plus-50k-h200.ron"));
    let out = cli(&["compare", &pa.to_string_lossy(), &pb.to_string_lossy(), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["delta"]["gpus"]["total"], -50_000);
    let hbm = json["delta"]["memory"]["hbm_tb"].as_f64().unwrap_or(f64::NAN);
    assert!((hbm + 950.0).abs() < 1e-6, "{hbm}");
    assert_eq!(json["delta"]["gpus"]["by_model"]["H200 SXM 141GB"], 50_000);
    assert_eq!(json["delta"]["gpus"]["by_model"]["H100 SXM5 80GB"], -100_000);
}

#[test]
fn compare_gives_each_designs_days_to_full_capacity() {
    // Colossus 100k is whole on day 122 (100k H100 training); the 200k hall on day 377 (May 2025).
    let out = cli(&[
        "compare",
        &sample("colossus-100k.ron").to_string_lossy(),
        &sample("colossus-200k.ron").to_string_lossy(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line =
        out.stdout.lines().find(|l| l.starts_with("Time to full capacity")).unwrap_or_else(|| panic!("{}", out.stdout));
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert!(cells.ends_with(&["122", "377", "+255", "+209.0"]), "{line}");
    let csv = cli(&[
        "compare",
        "--format",
        "csv",
        &sample("colossus-100k.ron").to_string_lossy(),
        &sample("colossus-200k.ron").to_string_lossy(),
    ])
    .stdout;
    assert!(csv.contains("Time to full capacity,days,122,377,255,"), "{csv}");
}
