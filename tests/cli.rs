//! The command line, run in-process: JSON keys, exit codes, generate and presets.

use clusterplan::cli::{Outcome, run};

fn cli(args: &[&str]) -> Outcome {
    let mut all = vec!["clusterplan"];
    all.extend_from_slice(args);
    run(all).unwrap_or_else(|_| panic!("{args:?} asked for the designer"))
}

fn sample(name: &str) -> String {
    format!("{}/layouts/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_report_has_the_pinned_keys() {
    let out = cli(&["report", &sample("demo.ron"), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    for path in [
        "gpus.total",
        "gpus.by_model",
        "compute.bf16_pflops",
        "compute.fp8_pflops",
        "power.it_kw",
        "power.it_peak_kw",
        "power.facility_kw",
        "power.pue",
        "cooling.total_kw",
        "cooling.liquid_kw",
        "cooling.air_kw",
        "cooling.btu_per_hr",
        "cooling.tons",
        "cooling.air_cfm",
        "cooling.coolant_lpm",
        "network.leaf_switches",
        "network.spine_switches",
        "network.core_switches",
        "network.required.leaf_switches",
        "network.required.spine_switches",
        "network.required.core_switches",
        "cables.count",
        "cables.total_length_m",
        "cables.longest_m",
        "cables.by_tier.node_leaf",
        "cables.by_tier.leaf_spine",
        "cables.by_tier.spine_core",
        "cables.by_media",
        "warnings",
    ] {
        let found = path.split('.').try_fold(&v, |node, key| node.get(key));
        assert!(found.is_some(), "missing {path}");
    }
    assert_eq!(v["gpus"]["total"], 2048);
    assert!(v["warnings"].as_array().is_some());
}

#[test]
fn text_report_shows_every_section() {
    let out = cli(&["report", &sample("demo.ron")]);
    assert_eq!(out.code, 0);
    for section in ["GPUs", "Compute", "Power", "Cooling", "Network", "Cables", "Warnings"] {
        assert!(out.stdout.contains(section), "{section} missing:\n{}", out.stdout);
    }
    assert!(out.stdout.contains("2,048"));
}

#[test]
fn check_exit_codes() {
    let out = cli(&["check", &sample("demo.ron"), &sample("superpod-h100-4su.ron")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Error-severity warnings → 1.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let overlap = dir.path().join("overlap.ron");
    let text = std::fs::read_to_string(sample("demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    // Move item 2 onto item 1.
    let first = text.lines().find(|l| l.trim_start().starts_with("(id: 1,")).unwrap_or_default();
    let second = text.lines().find(|l| l.trim_start().starts_with("(id: 2,")).unwrap_or_default();
    let xy = |l: &str| l.split(", rot").next().unwrap_or_default().split("\", ").nth(1).unwrap_or_default().to_owned();
    let moved = second.replace(&xy(second), &xy(first));
    std::fs::write(&overlap, text.replace(second, &moved)).unwrap_or_else(|e| panic!("{e}"));
    let out = cli(&["check", overlap.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("error[overlap]"), "{}", out.stderr);
    // Unreadable → 2, and it wins over 1.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(version: 1,").unwrap_or_else(|e| panic!("{e}"));
    let out = cli(&["check", overlap.to_str().unwrap_or_default(), bad.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.ron:1:"), "{}", out.stderr);
    let out = cli(&["report", bad.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 2);
}

#[test]
fn generate_and_presets() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("pod.ron");
    let out = cli(&["generate", "--preset", "superpod-h100", "--su", "2", "-o", path.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("512 GPUs"), "{}", out.stdout);
    let out = cli(&["check", path.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 0);
    let out = cli(&["generate", "--preset", "colossus", "--gpus", "7", "-o", path.to_str().unwrap_or_default()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a multiple of the 8 GPUs per server"), "{}", out.stderr);
    let out = cli(&["presets"]);
    for name in ["colossus", "superpod-h100", "nvl72", "demo"] {
        assert!(out.stdout.contains(name));
    }
    // Bad arguments → 2 with usage; no subcommand → the designer.
    assert_eq!(cli(&["report"]).code, 2);
    assert!(run(["clusterplan"]).is_err());
}

/// A device, folder or pipe is refused before anything is read (`/dev/zero` once took 1.5 GB before failing; a
/// pipe would block forever).
#[test]
fn check_refuses_what_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let fifo = fifo.display().to_string();
    let mut paths = vec!["/dev/zero", env!("CARGO_MANIFEST_DIR")];
    if made {
        paths.push(&fifo);
    }
    for path in paths {
        if !std::path::Path::new(path).exists() {
            continue;
        }
        let out = cli(&["check", path]);
        assert_eq!(out.code, 2, "{path}");
        assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    }
}
