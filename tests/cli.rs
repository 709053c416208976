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
        "power.pdu_usable_kw",
        "site.modelled",
        "site.grid_kw",
        "site.facility_design_kw",
        "site.facility_typical_kw",
        "site.pue_design",
        "site.pue_annual",
        "site.headroom_kw",
        "site.stages",
        "site.single_points_of_failure",
        "site.water_l_per_day",
        "site.wue_l_per_kwh",
        "site.outage.summary",
        "site.systems",
        "cost.capex_it_usd",
        "cost.capex_facility_usd",
        "cost.capex_all_in_usd",
        "cost.includes",
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
        "cables.parts",
        "cables.transceivers",
        "compute.nvlink_domains.count",
        "compute.nvlink_domains.by_size",
        "memory.hbm_tb",
        "memory.bandwidth_tbps",
        "memory.by_model",
        "cooling.peak_kw",
        "cooling.liquid_peak_kw",
        "cooling.air_peak_kw",
        "network.fabrics",
        "floor.max_point_kg",
        "floor.point_rating_kg",
        "floor.max_zone_kg_per_m2",
        "floor.rating_kg_per_m2",
        "floor.total_weight_t",
        "warnings",
    ] {
        let found = path.split('.').try_fold(&v, |node, key| node.get(key));
        assert!(found.is_some(), "missing {path}");
    }
    assert_eq!(v["gpus"]["total"], 2048);
    assert!(v["warnings"].as_array().is_some());
    // 2,048 × 80 GB = 163.84 TB; 2,048 × 3.35 TB/s = 6,860.8 TB/s; 256 NVLink domains of 8.
    assert!((v["memory"]["hbm_tb"].as_f64().unwrap_or(0.0) - 163.84).abs() < 1e-9);
    assert!((v["memory"]["bandwidth_tbps"].as_f64().unwrap_or(0.0) - 6_860.8).abs() < 1e-6);
    assert_eq!(v["compute"]["nvlink_domains"]["count"], 256);
    let part = &v["cables"]["parts"][0];
    for key in ["part", "category", "description", "quantity", "source"] {
        assert!(part.get(key).is_some(), "cables.parts[].{key}");
    }
}

#[test]
fn text_report_shows_every_section() {
    let out = cli(&["report", &sample("demo.ron")]);
    assert_eq!(out.code, 0);
    for section in ["GPUs", "Compute", "Memory", "Power", "Cooling", "Network", "Cables", "Floor", "Warnings"] {
        assert!(out.stdout.contains(section), "{section} missing:\n{}", out.stdout);
    }
    // The figures are the report's own: the same analysis, formatted.
    use clusterplan::format::{group_digits as g, group_float};
    let layout =
        clusterplan::io::load_layout(std::path::Path::new(&sample("demo.ron"))).unwrap_or_else(|e| panic!("{e}"));
    let r = clusterplan::analysis::analyse(&layout);
    for line in [
        format!("GPUs        {} in {} servers, {} racks", g(r.gpus.total), g(r.gpus.servers), g(r.gpus.racks)),
        format!(
            "Memory      {} TB HBM, {} TB/s",
            group_float(r.memory.hbm_tb, 1),
            group_float(r.memory.bandwidth_tbps, 0)
        ),
        format!(
            "IT {} MW typical, {} MW peak",
            group_float(r.power.it_kw / 1000.0, 2),
            group_float(r.power.it_peak_kw / 1000.0, 2)
        ),
        format!("peak {} MW", group_float(r.cooling.peak_kw / 1000.0, 2)),
        // BTU/h in full: "M BTU/h" reads as thousands (MBH) to a US HVAC engineer; the air below 1 MW in kW.
        format!("= {} BTU/h", g(r.cooling.btu_per_hr.round() as u64)),
        format!("{} kW air)", group_float(r.cooling.air_kw, 1)),
        format!("Cables      {} links", g(r.cables.count)),
        format!("{} transceivers", g(r.cables.transceivers)),
        format!("Floor       {} t", group_float(r.floor.total_weight_t, 1)),
    ] {
        assert!(out.stdout.contains(&line), "missing {line:?} in:\n{}", out.stdout);
    }
    // 2,048 H100 × 80 GB = 163.84 TB; the demo hall's figures by hand.
    assert_eq!(r.gpus.total, 2_048);
    assert!(out.stdout.contains("163.8 TB HBM"), "{}", out.stdout);
    for p in r.cables.parts.iter().take(3) {
        assert!(out.stdout.contains(&format!("{} × {}", g(p.quantity), p.part)), "part {} missing", p.part);
    }
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

#[test]
fn phases_prints_the_phase_table_with_its_documented_keys() {
    // The demo hall comes online in four phases of one SU (8 racks, 512 GPUs) each, at 16 racks a day: racks
    // installed ÷ pace, rounded up, is days 1, 1, 2, 2 — each phase at least a day after the one before: 1, 2, 3,
    // 4 — each on the site's supply (5 MW of grid or more).
    let out = cli(&["phases", &sample("demo.ron"), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let phases = v["phases"].as_array().unwrap_or_else(|| panic!("no phases[] in {v}"));
    assert_eq!(phases.len(), 4);
    for p in phases {
        for key in [
            "name",
            "day",
            "gpus_online",
            "it_design_kw",
            "facility_design_kw",
            "supply_firm_kw",
            "supply_total_kw",
            "headroom_kw",
            "capex_to_date_usd",
        ] {
            assert!(p.get(key).is_some(), "no {key} in {p}");
        }
        assert_eq!(p["supply_firm_kw"].as_f64().map(|kw| kw >= 5_000.0), Some(true));
    }
    let gpus: Vec<u64> = phases.iter().filter_map(|p| p["gpus_online"].as_u64()).collect();
    assert_eq!(gpus, [512, 1_024, 1_536, 2_048]);
    let days: Vec<u64> = phases.iter().filter_map(|p| p["day"].as_u64()).collect();
    assert_eq!(days, [1, 2, 3, 4]);
    let csv = cli(&["phases", &sample("demo.ron"), "--format", "csv"]).stdout;
    assert!(csv.starts_with("name,day,date,gpus_online,"), "{csv}");
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(cli(&["phases", &sample("demo.ron")]).stdout.contains("SU 4"));
    // --phases 0 builds a hall without phases: one, everything.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let flat = dir.path().join("flat.ron");
    let flat_s = flat.to_string_lossy();
    assert_eq!(cli(&["generate", "--preset", "demo", "--phases", "0", "-o", &flat_s]).code, 0);
    assert!(cli(&["phases", &flat_s]).stdout.contains("Everything"));
    // The pace dates the phases: 2 racks a day, 8 racks an SU, two phases of two SUs: days 8 and 16.
    let paced = cli(&["generate", "--preset", "demo", "--phases", "2", "--install-rate", "2", "-o", &flat_s]);
    assert_eq!(paced.code, 0, "{}", paced.stderr);
    let csv = cli(&["phases", &flat_s, "--format", "csv"]).stdout;
    let days: Vec<&str> = csv.lines().skip(1).filter_map(|l| l.split(',').nth(1)).collect();
    assert_eq!(days, ["8", "16"], "{csv}");
    let bad = cli(&["generate", "--preset", "demo", "--install-rate", "0", "-o", &flat_s]);
    assert!(bad.code != 0 && bad.stderr.contains("install-rate"), "{}", bad.stderr);
    // A pace that would put a phase past a century is refused, not written into a file the loader refuses.
    let slow = cli(&[
        "generate",
        "--preset",
        "colossus",
        "--gpus",
        "250000",
        "--phases",
        "10",
        "--install-rate",
        "0.1",
        "-o",
        &flat_s,
    ]);
    assert!(slow.code != 0 && slow.stderr.contains("past 36500 days"), "{}", slow.stderr);
}
