//! Growing a hall: `expand` keeps every existing item (id, position, rotation, type), adds the new arrays with
//! their PDUs, cooling and switches beside the old ones, re-plans the fabric over old and new SUs, and the result
//! is check-clean with GPUs by model exact; what it cannot grow cleanly it refuses with a reason.

use std::collections::HashMap;
use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::cli::run;
use clusterplan::generate::{GpuAddition, expand};
use clusterplan::io::load_layout;
use clusterplan::model::{ItemId, Layout, SwitchRole};

fn sample(name: &str) -> Layout {
    load_layout(Path::new(&format!("layouts/{name}"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn add(text: &str) -> Vec<GpuAddition> {
    vec![GpuAddition::parse(text).unwrap_or_else(|e| panic!("{e}"))]
}

/// Every item of `before` is in `after` unchanged but for its switch fill.
fn assert_kept(before: &Layout, after: &Layout) {
    let by_id: HashMap<ItemId, &clusterplan::model::Item> = after.items.iter().map(|i| (i.id, i)).collect();
    for old in &before.items {
        let new = by_id.get(&old.id).unwrap_or_else(|| panic!("item {} lost", old.id.0));
        assert_eq!(
            (&new.type_id, new.x_mm, new.y_mm, new.rot, new.feed_a, new.feed_b, new.cooling, new.su, &new.name),
            (&old.type_id, old.x_mm, old.y_mm, old.rot, old.feed_a, old.feed_b, old.cooling, old.su, &old.name),
            "item {} changed",
            old.id.0
        );
    }
    assert_eq!(before.hall.obstacles[..], after.hall.obstacles[..before.hall.obstacles.len()], "obstacles kept");
}

#[test]
fn the_demo_hall_grows_by_h200_arrays_keeping_every_item() {
    let before = sample("demo.ron");
    let grown = expand(&before, &add("rack-colossus-h200-64:4096")).unwrap_or_else(|e| panic!("{e}"));
    let after = &grown.layout;
    assert_kept(&before, after);
    let report = analyse(after);
    assert_eq!(report.error_count(), 0, "{:?}", report.warnings);
    // GPUs by model, exactly.
    assert_eq!(report.gpus.by_model.get("H100 SXM5 80GB"), Some(&2048));
    assert_eq!(report.gpus.by_model.get("H200 SXM 141GB"), Some(&4096));
    assert_eq!(report.gpus.total, 6144);
    // New ids follow the old ones; the hall grew at the far wall only.
    let old_max = before.items.iter().map(|i| i.id.0).max().unwrap_or(0);
    assert_eq!(after.items.len(), before.items.len() + grown.added_items);
    assert!(after.items[before.items.len()..].iter().all(|i| i.id.0 > old_max));
    assert_eq!(after.hall.width_m, before.hall.width_m);
    assert!(after.hall.depth_m > before.hall.depth_m);
    let old_depth_mm = (before.hall.depth_m * 1000.0).round() as i32;
    assert!(after.items[before.items.len()..].iter().all(|i| i.y_mm >= old_depth_mm), "new arrays beside the old");
    // Every tier placed as required, in both generations' fabrics; every new rack fed and cooled.
    let n = &report.network;
    assert_eq!(
        (n.leaf_switches, n.spine_switches, n.core_switches),
        (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches)
    );
    for item in &after.items[before.items.len()..] {
        if after.type_of(item).is_some_and(|t| t.kind == clusterplan::model::EquipmentKind::GpuRack) {
            assert!(item.feed_a.is_some() && item.feed_b.is_some() && item.cooling.is_some(), "rack {}", item.id.0);
            assert!(item.su.is_some_and(|su| su >= 4), "new SUs numbered after the old (0–3)");
        }
    }
    assert_eq!(
        after.name, "Demo hall, grown to 4,096 H200 + 2,048 H100",
        "a name without its GPUs says what it grew to"
    );
    // It saves and opens again.
    let text = clusterplan::io::to_ron_string(after).unwrap_or_else(|e| panic!("{e}"));
    let again = clusterplan::io::parse_layout(&text, Path::new("grown.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.items.len(), after.items.len());
}

#[test]
fn a_colossus_hall_grows_into_its_own_fabric_with_its_spines_refilled() {
    let before = sample("colossus-100k.ron");
    let grown = expand(&before, &add("rack-colossus-h200-64:4096")).unwrap_or_else(|e| panic!("{e}"));
    assert_kept(&before, &grown.layout);
    let report = analyse(&grown.layout);
    assert_eq!(report.error_count(), 0, "{:?}", report.warnings);
    assert_eq!(report.gpus.total, 104_096);
    // H100 and H200 share rails and port speed: one fabric, grown. The existing spine racks took the grown
    // pods' fills, the new network rows the rest; every tier is placed as required.
    assert_eq!(report.network.fabrics.len(), 1);
    assert!(grown.refilled > 0, "the grown fabric re-fills existing spine racks");
    let n = &report.network;
    assert_eq!(
        (n.leaf_switches, n.spine_switches, n.core_switches),
        (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches)
    );
    let spines =
        |l: &Layout| l.items.iter().filter_map(|i| i.switches.as_ref()).filter(|f| f.role == SwitchRole::Spine).count();
    assert!(spines(&grown.layout) > spines(&before), "new spine racks placed");
    // The name says the GPUs the grown hall holds, by short model.
    assert_eq!(grown.layout.name, "Colossus-style hall, 100,000 H100 + 4,096 H200");
}

#[test]
fn a_hall_grown_by_its_own_generation_is_named_for_its_total() {
    // Not "…100,000 H100 + 4,096 H100 SXM5 80GB": the hall holds 104,096 H100.
    let before = sample("colossus-100k.ron");
    let grown = expand(&before, &add("rack-colossus-64:4096")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(grown.layout.name, "Colossus-style hall, 104,096 H100");
    assert_eq!(analyse(&grown.layout).gpus.total, 104_096);
}

#[test]
fn what_cannot_grow_cleanly_is_refused_with_a_reason() {
    let demo = sample("demo.ron");
    let why = |l: &Layout, a: &str| match expand(l, &add(a)) {
        Ok(_) => panic!("{a} was added"),
        Err(e) => e.to_string(),
    };
    assert!(why(&demo, "rack-colossus-h200-64:100").contains("multiple of its 8 GPUs per server"));
    assert!(why(&demo, "no-such-rack:64").contains("not a GPU rack in the built-in catalog"));
    assert!(why(&demo, "pdu-floor-500kva:64").contains("not a GPU rack"));
    assert!(why(&sample("superpod-h100-4su.ron"), "rack-colossus-h200-64:512").contains("no CDUs"));
    assert!(expand(&demo, &[]).is_err());
    let mut empty = demo.clone();
    empty.items.clear();
    assert!(why(&empty, "rack-colossus-h200-64:512").contains("no PDUs"));
}

#[test]
fn the_command_line_expands_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("grown.ron");
    let o = run([
        "clusterplan",
        "expand",
        "layouts/demo.ron",
        "--add",
        "rack-colossus-h200-64:2048",
        "-o",
        out.to_str().unwrap_or_else(|| panic!("utf-8")),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("2,048 → 4,096 GPUs") && o.stdout.contains("0 error(s)"), "{}", o.stdout);
    let grown = load_layout(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_kept(&sample("demo.ron"), &grown);
    // A bad addition names what is wrong and writes nothing.
    let bad = dir.path().join("bad.ron");
    let o = run([
        "clusterplan",
        "expand",
        "layouts/demo.ron",
        "--add",
        "rack-colossus-h200-64:7",
        "-o",
        bad.to_str().unwrap_or_default(),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cannot expand"), "{}", o.stderr);
    assert!(!bad.exists());
}

#[test]
fn another_generation_grows_a_fabric_of_its_own() {
    // GB200 NVL72 (4 × 400G per tray) grown by H200 (8 × 400G per server): two fabrics, the new one's planes
    // numbered after the old one's, the old one's racks untouched.
    let before = sample("nvl72-8su.ron");
    let grown = expand(&before, &add("rack-colossus-h200-64:4096")).unwrap_or_else(|e| panic!("{e}"));
    assert_kept(&before, &grown.layout);
    let report = analyse(&grown.layout);
    assert_eq!(report.error_count(), 0, "{:?}", report.warnings);
    assert_eq!(report.network.fabrics.len(), 2);
    assert_eq!(grown.refilled, 0, "the GB200 fabric is unchanged");
    assert_eq!(report.gpus.by_model.values().sum::<u64>(), 4608 + 4096);
}

#[test]
fn two_rack_types_at_once_and_a_larger_new_generation_renumber_cleanly() {
    // NVL72 then H200 into the Colossus-style demo: two additions of different rack sizes (18 and 8 servers), their
    // SUs sized as the generator sizes them. An NVL72's 112.2 kW of liquid heat is more than the demo's in-rack
    // CDU carries at 32 °C facility water (100 kW): its SUs get in-row CDUs (and a standby) instead.
    let demo = sample("demo.ron");
    let both = [
        GpuAddition { rack_type: "rack-gb200-nvl72".into(), gpus: 1152 },
        GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 1024 },
    ];
    let grown = expand(&demo, &both).unwrap_or_else(|e| panic!("{e}"));
    assert_kept(&demo, &grown.layout);
    let r = analyse(&grown.layout);
    assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    assert_eq!(r.gpus.by_model.get("B200 (GB200) 186GB"), Some(&1152));
    assert_eq!(r.gpus.total, 2048 + 1152 + 1024);
    let layout = &grown.layout;
    let cooled_by = |i: &clusterplan::model::Item| {
        i.cooling.and_then(|c| layout.index_of(c)).map(|c| layout.items[c].type_id.as_str().to_owned())
    };
    let nvl72: Vec<_> = layout.items.iter().filter(|i| i.type_id.as_str() == "rack-gb200-nvl72").collect();
    assert!(!nvl72.is_empty() && nvl72.iter().all(|i| cooled_by(i).as_deref() == Some("cdu-inrow-1500")));
    assert!(r.warnings.iter().all(|w| w.code != "cooling-no-standby"), "{:?}", r.warnings);
    // A new generation with more GPUs than the hall's comes first in the analysis' order: the existing fabric's
    // planes are renumbered after it, its racks re-filled in place.
    let nvl = sample("nvl72-8su.ron");
    let grown = expand(&nvl, &add("rack-colossus-h200-64:9216")).unwrap_or_else(|e| panic!("{e}"));
    assert_kept(&nvl, &grown.layout);
    let r = analyse(&grown.layout);
    assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    assert!(r.network.fabrics[0].label.starts_with("H200"), "{}", r.network.fabrics[0].label);
    assert!(grown.refilled > 0, "the GB200 racks took the planes after the H200 fabric's");
    let gb200_planes: std::collections::BTreeSet<u32> = grown
        .layout
        .items
        .iter()
        .filter(|i| i.id.0 <= nvl.items.iter().map(|i| i.id.0).max().unwrap_or(0))
        .filter_map(|i| i.switches.as_ref())
        .filter(|f| f.role != SwitchRole::Management)
        .map(|f| f.plane)
        .collect();
    assert!(gb200_planes.iter().all(|p| *p >= 1), "{gb200_planes:?}");
}

#[test]
fn an_absurd_addition_is_refused_before_any_work() {
    let why = match expand(&sample("demo.ron"), &add("rack-colossus-h200-64:34000000000")) {
        Ok(_) => panic!("34 billion GPUs were added"),
        Err(e) => e.to_string(),
    };
    assert!(why.contains("give at most"), "{why}");
}

#[test]
fn expanding_a_hall_with_a_site_grows_its_lineups_and_plant() {
    use clusterplan::analysis::analyse;
    let before = clusterplan::generate::preset_params("colossus", Some(8_192), None)
        .and_then(|p| clusterplan::generate::generate(&p))
        .unwrap_or_else(|e| panic!("{e}"));
    let add = [clusterplan::generate::GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 4_096 }];
    let grown = clusterplan::generate::expand(&before, &add).unwrap_or_else(|e| panic!("{e}")).layout;
    let (a, b) = (before.site.as_ref(), grown.site.as_ref());
    let systems = |s: Option<&clusterplan::model::Site>| s.map_or(0, |s| s.ups.len());
    assert!(systems(b) > systems(a), "new lineups: {} → {}", systems(a), systems(b));
    // Every existing system keeps its id and its PDUs; every new PDU names a system.
    for s in a.map(|s| s.ups.as_slice()).unwrap_or_default() {
        assert!(b.is_some_and(|b| b.system(s.id) == Some(s)), "system {} kept", s.id);
    }
    let r = analyse(&grown);
    assert_eq!(r.site.pdus_without_upstream, 0);
    for st in r.site.stages.iter().filter(|s| !["grid", "generation", "storage"].contains(&s.kind)) {
        assert!(st.worst_survivor_utilisation <= 1.0, "{} at {}", st.kind, st.worst_survivor_utilisation);
    }
}

#[test]
fn a_phased_halls_expansion_comes_online_in_a_phase_of_its_own() {
    let l = clusterplan::io::load_layout(std::path::Path::new("layouts/colossus-100k.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let phases_before = l.phases.len();
    let add = [GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 50_000 }];
    let grown = expand(&l, &add).unwrap_or_else(|e| panic!("{e}")).layout;
    assert_eq!(grown.phases.len(), phases_before + 1);
    let last = grown.phases.last().unwrap_or_else(|| panic!("no phase"));
    // 50,000 H200 in 64-GPU racks: 782 racks (781.25 rounded up to whole servers' racks) at 16 a day: 49 days
    // after the last phase (day 469), on its supply.
    let racks = grown.items.iter().filter(|i| i.su.is_some_and(|su| last.sus.contains(&su))).count();
    assert!((780..=790).contains(&racks), "{racks}");
    assert_eq!(last.day, 469 + (racks as f64 / 16.0).ceil() as u32);
    assert_eq!(last.supply, grown.phases[phases_before - 1].supply);
    let r = clusterplan::analysis::phases::analyse_phases(&grown);
    let gpus: Vec<u64> = r.phases.iter().map(|p| p.gpus_online).collect();
    assert_eq!(gpus[phases_before - 1], 100_000, "the expansion is not online before its phase");
    assert_eq!(gpus[phases_before], 150_000);
    clusterplan::io::check_layout(&grown).unwrap_or_else(|e| panic!("the grown file loads: {e}"));
}
