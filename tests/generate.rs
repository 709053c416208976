//! The hall generator: exact GPU counts, complete and clean halls, the SuperPOD reference fabric.

use clusterplan::analysis::analyse;
use clusterplan::generate::{GenerateError, GpuAddition, PRESETS, generate, preset_params, with_additions};
use clusterplan::model::{EquipmentKind, Layout};

fn build(preset: &str, gpus: Option<u64>, su: Option<u32>) -> Layout {
    preset_params(preset, gpus, su).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{preset}: {e}"))
}

#[test]
fn every_preset_builds_a_complete_clean_hall() {
    for p in PRESETS {
        let layout = build(p.name, None, None);
        let r = analyse(&layout);
        assert_eq!(r.gpus.total, p.default_gpus, "{}", p.name);
        assert_eq!(r.error_count(), 0, "{}: {:?}", p.name, r.warnings);
        // The only warnings a generated hall may carry are facts about its equipment, not mistakes of the
        // generator: the spines even striping costs where no pod packing avoids them — and Colossus's published supply: its design load above the
        // 150 MW grid (covered by generation), the batteries' hours beside generation smaller than the load, the
        // one utility service.
        let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
        let facts: &[&str] = if p.name == "colossus" {
            &["grid-shortfall", "ride-through-short", "single-point-of-failure"]
        } else {
            &["fabric-striping-surplus"]
        };
        assert!(codes.iter().all(|c| facts.contains(c)), "{}: {codes:?}", p.name);
        // Every PDU on a UPS system, every stage within its rating with one unit lost.
        assert_eq!(r.site.pdus_without_upstream, 0, "{}", p.name);
        for st in r.site.stages.iter().filter(|s| !["grid", "generation", "storage"].contains(&s.kind)) {
            assert!(
                st.worst_survivor_utilisation <= 1.0,
                "{}: {} at {}",
                p.name,
                st.kind,
                st.worst_survivor_utilisation
            );
        }
        // On the 340 kg/m² legacy design basis (IBM; reference §14) every preset's row zones are over.
        let mut legacy = layout.clone();
        legacy.hall.settings.floor_rating_kg_per_m2 = 340.0;
        assert!(analyse(&legacy).warnings.iter().any(|w| w.code == "floor-overload"), "{}", p.name);
        // Powered, cooled, wired.
        assert_eq!(r.power.unpowered_items, 0);
        assert!(r.cooling.room_air_capacity_kw >= r.cooling.room_air_kw);
        assert_eq!(r.cooling.liquid_unserved_kw, 0.0);
        let n = &r.network;
        assert_eq!(
            (n.leaf_switches, n.spine_switches, n.core_switches),
            (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches),
            "{}",
            p.name
        );
        assert_eq!(r.cables.by_tier, n.required.links, "{}", p.name);
        // Ids are unique and sorted.
        assert!(layout.items.windows(2).all(|w| w[0].id < w[1].id));
    }
}

#[test]
fn demo_hall_has_every_kind_of_item() {
    let layout = build("demo", None, None);
    for kind in [
        EquipmentKind::GpuRack,
        EquipmentKind::NetworkRack,
        EquipmentKind::StorageRack,
        EquipmentKind::Pdu,
        EquipmentKind::Cooling,
    ] {
        assert!(layout.items.iter().any(|i| layout.type_of(i).is_some_and(|t| t.kind == kind)), "{kind:?}");
    }
    assert!(!layout.hall.obstacles.is_empty());
}

#[test]
fn gpu_count_is_exact_for_multiples_of_gpus_per_server() {
    for (preset, gpus) in
        [("colossus", 8), ("colossus", 100_008), ("colossus", 4_096), ("superpod-h100", 264), ("nvl72", 580)]
    {
        let layout = build(preset, Some(gpus), None);
        let r = analyse(&layout);
        assert_eq!(r.gpus.total, gpus, "{preset} {gpus}");
        assert_eq!(r.error_count(), 0, "{preset} {gpus}: {:?}", r.warnings);
    }
    // Not a multiple: a clear error with the next valid count.
    assert_eq!(
        preset_params("colossus", Some(100_001), None).and_then(|p| generate(&p)).map(|_| ()),
        Err(GenerateError::BadParameter {
            param: "gpus",
            problem: "100001 is not a multiple of the 8 GPUs per server of rack-colossus-64; try 100008".into()
        })
    );
    assert!(preset_params("colossus", Some(0), None).and_then(|p| generate(&p)).is_err());
    assert!(preset_params("colossus", Some(5_000_000), None).and_then(|p| generate(&p)).is_err());
    assert!(preset_params("superpod-h100", None, Some(0)).is_err());
    assert_eq!(preset_params("nope", None, None).map(|_| ()), Err(GenerateError::UnknownPreset("nope".into())));
}

#[test]
fn superpod_h100_matches_the_reference_table() {
    // DGX H100 SuperPOD RA: 1/2/4 SU → 8/16/32 leaves and 4/8/16 spines, leaf–spine cables 256/512/1,024.
    for (su, leaves, spines, leaf_spine) in [(1, 8, 4, 256), (2, 16, 8, 512), (4, 32, 16, 1_024)] {
        let layout = build("superpod-h100", None, Some(su));
        let r = analyse(&layout);
        assert_eq!(r.gpus.total, u64::from(su) * 256);
        let n = &r.network;
        assert_eq!(
            (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches),
            (leaves, spines, 0)
        );
        assert_eq!((n.leaf_switches, n.spine_switches), (leaves, spines));
        assert_eq!(r.cables.by_tier.leaf_spine, leaf_spine);
        assert_eq!(r.cables.by_tier.node_leaf, u64::from(su) * 256);
        assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    }
}

#[test]
fn colossus_scale_uses_three_tiers_and_a_million_gpus_split_planes() {
    let r = analyse(&build("colossus", Some(200_000), None));
    assert_eq!(r.gpus.total, 200_000);
    assert_eq!(r.network.required.tiers, 3);
    assert_eq!(r.network.required.planes, 1);
    assert_eq!(r.error_count(), 0);
    let r = analyse(&build("colossus", Some(1_000_000), None));
    assert_eq!(r.gpus.total, 1_000_000);
    assert_eq!(r.network.required.planes, 2);
    assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.code == "fabric-split"));
    assert_eq!(r.cables.beyond_reach, 0);
}

fn mixed(preset: &str, gpus: u64, add: &[&str]) -> Layout {
    let add = add.iter().map(|a| GpuAddition::parse(a).unwrap_or_else(|e| panic!("{e}"))).collect();
    preset_params(preset, Some(gpus), None)
        .map(|p| with_additions(p, add))
        .and_then(|p| generate(&p))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_mixed_hall_holds_each_type_in_its_own_scalable_units() {
    // The seed's second option: Colossus 100,000 H100 plus 50,000 H200. Same rails and speed (8 × 400G), so
    // one fabric; GPUs by model exact; every type in SUs of its own; placed = required on every tier.
    let l = mixed("colossus", 100_000, &["rack-colossus-h200-64:50000"]);
    let r = analyse(&l);
    assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    assert_eq!(r.gpus.total, 150_000);
    assert_eq!(r.gpus.by_model.get("H100 SXM5 80GB"), Some(&100_000));
    assert_eq!(r.gpus.by_model.get("H200 SXM 141GB"), Some(&50_000));
    // HBM: 100,000 × 80 GB + 50,000 × 141 GB = 8,000 + 7,050 = 15,050 TB.
    assert!((r.memory.hbm_tb - 15_050.0).abs() < 1e-6, "{}", r.memory.hbm_tb);
    assert_eq!(r.network.fabrics.len(), 1, "H100 and H200 share one fabric");
    assert!(r.warnings.iter().all(|w| w.code != "fabric-mixed" && w.code != "fabric-mixed-su"), "{:?}", r.warnings);
    let n = &r.network;
    assert_eq!(
        (n.leaf_switches, n.spine_switches, n.core_switches),
        (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches)
    );
    let mut su_types: std::collections::BTreeMap<u32, std::collections::BTreeSet<&str>> = Default::default();
    for item in l.items.iter().filter(|i| i.su.is_some()) {
        su_types.entry(item.su.unwrap_or(0)).or_default().insert(item.type_id.as_str());
    }
    assert!(su_types.values().all(|t| t.len() == 1), "an SU mixes types");
    // 100,000 / 512 = 195.3 → 196 H100 SUs (0–195), then 50,000 / 512 → 98 H200 SUs (196–293).
    assert_eq!(su_types.len(), 196 + 98);
    assert_eq!(su_types.get(&196).map(|t| t.contains("rack-colossus-h200-64")), Some(true));
}

#[test]
fn generations_of_different_speeds_get_fabrics_of_their_own() {
    // H100 (8 × 400G) with GB300 NVL72 (4 × 800G) and DGX B200 (8 × 400G): two fabrics, the 800G one sized at
    // 800G; the hall is check-clean and every tier is placed as the design requires.
    let l = mixed("colossus", 20_480, &["rack-gb300-nvl72:4608", "rack-dgx-b200-4:2048"]);
    let r = analyse(&l);
    assert_eq!(r.error_count(), 0, "{:?}", r.warnings);
    assert_eq!(r.gpus.total, 20_480 + 4_608 + 2_048);
    assert_eq!(r.gpus.by_model.get("B300 (GB300) 288GB"), Some(&4_608));
    assert_eq!(r.network.fabrics.len(), 2);
    assert_eq!(r.network.fabrics.iter().map(|f| f.port_gbps).collect::<Vec<_>>(), vec![400, 800]);
    assert!(r.warnings.iter().any(|w| w.code == "fabric-mixed"));
    let n = &r.network;
    assert_eq!(
        (n.leaf_switches, n.spine_switches, n.core_switches),
        (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches)
    );
    assert!(l.name.ends_with("20,480 H100 + 4,608 GB300 + 2,048 B200"), "{}", l.name);
}

#[test]
fn a_bad_addition_is_refused_with_what_to_write() {
    for (text, expected) in [
        ("rack-colossus-h200-64", "add: \"rack-colossus-h200-64\": write TYPE:GPUS, e.g. rack-colossus-h200-64:50000"),
        ("rack-colossus-h200-64:lots", "add: \"lots\" is not a number of GPUs (in \"rack-colossus-h200-64:lots\")"),
    ] {
        assert_eq!(GpuAddition::parse(text).map_err(|e| e.to_string()), Err(expected.to_owned()));
    }
    let attempt = |add: &str| {
        let add = vec![GpuAddition::parse(add).unwrap_or_else(|e| panic!("{e}"))];
        preset_params("colossus", Some(512), None).map(|p| with_additions(p, add)).and_then(|p| generate(&p))
    };
    assert_eq!(
        attempt("rack-colossus-h200-64:100").map(|_| ()).map_err(|e| e.to_string()),
        Err("add: 100 is not a multiple of the 8 GPUs per server of rack-colossus-h200-64; try 104".to_owned())
    );
    assert!(matches!(attempt("sw-qm9700:512"), Err(GenerateError::BadType(..))));
    assert!(matches!(attempt("rack-imaginary:512"), Err(GenerateError::BadType(..))));
}

#[test]
fn fabrics_are_numbered_as_the_analysis_numbers_them() {
    // The added type outnumbers the first (GB300 NVL72 at 800G: 4,608 GPUs against 576 H100), so its fabric
    // comes first; and a first fabric of two planes (1,000,000 H100) puts the next one's plane at 2. Either
    // numbered wrongly leaves racks the design has no place for or switches short.
    for (gpus, add) in [(576, "rack-gb300-nvl72:4608"), (1_000_000, "rack-gb300-nvl72:1152")] {
        let l = mixed("colossus", gpus, &[add]);
        let r = analyse(&l);
        assert_eq!(r.error_count(), 0, "{gpus}: {:?}", r.warnings);
        let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
        assert!(!codes.contains(&"fabric-surplus") && !codes.contains(&"fabric-short"), "{gpus}: {codes:?}");
        let n = &r.network;
        assert_eq!(
            (n.leaf_switches, n.spine_switches, n.core_switches),
            (n.required.leaf_switches, n.required.spine_switches, n.required.core_switches),
            "{gpus}"
        );
        let planes: std::collections::BTreeSet<u32> =
            l.items.iter().filter_map(|i| i.switches.as_ref()).map(|f| f.plane).collect();
        let expected: Vec<u32> = if gpus == 576 { vec![0, 1] } else { vec![0, 1, 2] };
        assert_eq!(planes.into_iter().collect::<Vec<_>>(), expected, "{gpus}");
    }
}

#[test]
fn a_liquid_rack_needs_a_preset_with_cdus_and_storage_grows_with_the_gpus() {
    let add = vec![GpuAddition::parse("rack-gb200-nvl72:576").unwrap_or_else(|e| panic!("{e}"))];
    let err =
        preset_params("superpod-h100", Some(256), None).map(|p| with_additions(p, add)).and_then(|p| generate(&p));
    assert_eq!(
        err.map(|_| ()).map_err(|e| e.to_string()),
        Err("type \"rack-gb200-nvl72\": is liquid-cooled, but this preset places no CDUs; add it to a preset with \
             CDUs (colossus, nvl72)"
            .to_owned())
    );
    // Colossus sizes storage at one rack per 4,096 GPUs: 100,000 → 24; with 50,000 H200 more → 36.
    let storage = |l: &Layout| l.items.iter().filter(|i| i.type_id.as_str() == "rack-storage-48u").count();
    assert_eq!(storage(&build("colossus", Some(100_000), None)), 24);
    assert_eq!(storage(&mixed("colossus", 100_000, &["rack-colossus-h200-64:50000"])), 36);
}

#[test]
fn an_nvl72_hall_with_h200_added_is_check_clean() {
    // The H200 SUs (144 servers, 40 leaves) are larger than a QM9700 spine reaches: their pods hold whole rails.
    for gpus in [4096, 9216] {
        let params = clusterplan::generate::with_additions(
            clusterplan::generate::preset_params("nvl72", None, None).unwrap_or_else(|e| panic!("{e}")),
            vec![clusterplan::generate::GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus }],
        );
        let layout = clusterplan::generate::generate(&params).unwrap_or_else(|e| panic!("{e}"));
        let r = clusterplan::analysis::analyse(&layout);
        assert_eq!(
            r.error_count(),
            0,
            "{gpus}: {:?}",
            r.warnings.iter().filter(|w| w.severity == clusterplan::analysis::Severity::Error).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_colossus_style_hall_under_100k_gpus_gets_colossus_supply_pro_rata() {
    let site = |l: &clusterplan::model::Layout| l.site.clone().unwrap_or_else(|| panic!("a site"));
    let bank = |s: &clusterplan::model::Site, id: &str| -> u32 {
        s.generation.iter().chain(&s.storage).filter(|b| b.plant.0 == id).map(|b| b.count).sum()
    };
    // 2,000 H100 of the 100,000 Colossus 1's supply was built for: 2 %. Grid 150 × 2 % = 3 MW; Megapacks 4.16 → 5;
    // turbines 0.08 → none; generation 2 % of (4 × 15 + 14 × 2.5 = 95 MW) = 1.9 MW → one 2.5 MW gas genset.
    let small =
        preset_params("colossus", Some(2_000), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let s = site(&small);
    assert_eq!(s.utility[0].firm_mw, 3.0);
    assert_eq!(bank(&s, "bess-megapack2xl-4h"), 5);
    assert_eq!(bank(&s, "turbine-titan130"), 0);
    assert_eq!(bank(&s, "genset-gas-2500kw"), 1);
    // 40,000: 40 %. Grid 60 MW; 83.2 → 84 Megapacks; 1.6 → 2 turbines (30 MW); generation 38 MW → 8 MW more in
    // gensets: 3.2 → 4.
    let mid =
        preset_params("colossus", Some(40_000), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let s = site(&mid);
    assert_eq!(s.utility[0].firm_mw, 60.0);
    assert_eq!(
        (bank(&s, "bess-megapack2xl-4h"), bank(&s, "turbine-titan130"), bank(&s, "genset-gas-2500kw")),
        (84, 2, 4)
    );
    // From 100,000 (Colossus's own first size) the supply is whole: 150 MW, 208 Megapacks, 4 turbines, 14 gensets —
    // what 99,999 H100 would get too, rounded up (no cliff at 100,000).
    let whole =
        preset_params("colossus", Some(100_000), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let s = site(&whole);
    assert_eq!(s.utility[0].firm_mw, 150.0);
    assert_eq!(
        (bank(&s, "bess-megapack2xl-4h"), bank(&s, "turbine-titan130"), bank(&s, "genset-gas-2500kw")),
        (208, 4, 14)
    );
    // GB300 racks count as the H100s of equal power: 576 H100 beside 4,608 GB300 get more than 5,184 H100 would.
    let gb300 = mixed("colossus", 576, &["rack-gb300-nvl72:4608"]);
    assert!(site(&gb300).utility[0].firm_mw > (150.0 * 5_184.0 / 100_000.0_f64).ceil(), "{:?}", site(&gb300).utility);
}

#[test]
fn a_dgx_superpod_counts_one_node_module_per_twin_port_cage() {
    // A DGX H100 presents its 8 compute NICs through 4 twin-port OSFP cages: 4 node-side modules per system, not
    // 8. An SU is 32 DGX × 8 rails = 256 node links → 128 node modules; the same hall with single-port cages would
    // buy 256. With racks side by side, the DGX rack beside the network rack reaches its leaves within 5 m: its
    // 8 links are active copper (no module at either end), so 248 optical node links → 124 twin-port modules,
    // 124 transceivers fewer at 1 SU; at 16 SU, 16 such racks: 16 × 124 = 1,984.
    for (su, fewer) in [(1_u32, 124_u64), (16, 1_984)] {
        let hall =
            preset_params("superpod-h100", None, Some(su)).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
        let twin = analyse(&hall);
        let mut single = hall.clone();
        for t in &mut single.catalog.types {
            if let Some(g) = &mut t.gpu {
                assert_eq!(g.nic_links_per_cage, 2, "{}: a DGX's cages carry 2 links", t.id);
                g.nic_links_per_cage = 1;
            }
        }
        let single = analyse(&single);
        assert_eq!(twin.cables.by_tier.node_leaf, u64::from(su) * 256);
        assert_eq!(single.cables.transceivers - twin.cables.transceivers, fewer, "{su} SU");
        let flat: u64 = twin.cables.parts.iter().filter(|p| p.part.ends_with("-flat")).map(|p| p.quantity).sum();
        assert_eq!(flat, fewer, "each twin-port module at a server stands for two single-port ones");
        assert_eq!(twin.cables.count, single.cables.count, "the same links and fibres");
    }
}

#[test]
fn dgx_racks_stand_side_by_side_in_the_generated_rows() {
    // The first SU row of a 1-SU SuperPOD, from the wall margin (4 tiles = 2.4 m): a group of three PDUs (A, B, C:
    // 3 × 1.2 m), 5 DGX racks (0.8 m each, side by side: 4.0 m), three PDUs, 3 DGX racks and 2 network racks (0.6 m
    // each). Corners: 2.4, 3.6, 4.8 | 6.0, 6.8, 7.6, 8.4, 9.2 | 10.0, 11.2, 12.4 | 13.6, 14.4, 15.2 | 16.0, 16.6 m;
    // the row ends at 17.2 m: 14.8 m long, where 1.2 m of floor per DGX (0.4 m gaps) made it 8 × 0.4 = 3.2 m longer.
    let hall = build("superpod-h100", None, Some(1));
    let first = hall.items.iter().find(|i| i.type_id.as_str() == "rack-dgx-h100-4").map_or(0, |i| i.y_mm);
    let mut row: Vec<_> = hall.items.iter().filter(|i| i.y_mm == first).collect();
    row.sort_by_key(|i| i.x_mm);
    let xs: Vec<i32> = row.iter().map(|i| i.x_mm).collect();
    assert_eq!(
        xs,
        vec![
            2_400, 3_600, 4_800, 6_000, 6_800, 7_600, 8_400, 9_200, 10_000, 11_200, 12_400, 13_600, 14_400, 15_200,
            16_000, 16_600
        ]
    );
    for pair in row.windows(2) {
        let w = hall.type_of(pair[0]).map_or(0.0, |t| t.width_m);
        assert_eq!(i64::from(pair[1].x_mm - pair[0].x_mm), (w * 1000.0).round() as i64, "no gap after {}", pair[0].id);
    }
    assert_eq!(analyse(&hall).error_count(), 0);
}

#[test]
fn dgx_racks_get_three_feeds_from_the_generator() {
    // A DGX H100 rack on two feeds would throttle on a feed loss (9.9 kW of 10.2 kW); the generator gives every
    // DGX rack three PDUs of its group (A, B, C), and the hall is clean.
    let hall = build("superpod-h100", None, Some(1));
    let dgx: Vec<_> = hall.items.iter().filter(|i| i.type_id.as_str() == "rack-dgx-h100-4").collect();
    assert_eq!(dgx.len(), 8);
    assert!(dgx.iter().all(|i| i.feed_a.is_some() && i.feed_b.is_some() && i.feed_c.is_some()));
    assert!(dgx.iter().all(|i| i.feed_a != i.feed_c && i.feed_b != i.feed_c));
    let r = analyse(&hall);
    assert!(r.warnings.iter().all(|w| w.code != "feed-loss-throttles"), "{:?}", r.warnings);
    assert_eq!(r.error_count(), 0);
}

#[test]
fn nvl72_scalable_units_get_a_standby_cdu() {
    // An NVL72 SU: 8 racks × 132 kW × 0.85 = 897.6 kW of peak liquid heat; one 1,500 kW in-row CDU carries it,
    // and the generator adds one standing by: 2 CDUs per SU, the racks shared between them (4 each), and no
    // cooling-no-standby warning.
    let hall = build("nvl72", None, Some(2));
    let cdus: Vec<_> = hall.items.iter().filter(|i| i.type_id.as_str() == "cdu-inrow-1500").collect();
    assert_eq!(cdus.len(), 4);
    for c in &cdus {
        let racks = hall.items.iter().filter(|i| i.cooling == Some(c.id)).count();
        assert_eq!(racks, 4, "CDU {} cools {racks} racks", c.id);
    }
    let r = analyse(&hall);
    assert!(r.warnings.iter().all(|w| w.code != "cooling-no-standby"), "{:?}", r.warnings);
}

#[test]
fn a_hand_built_hall_reaches_a_clean_fabric_by_assigning_units_and_filling_switches() {
    use clusterplan::generate::{assign_scalable_units, fill_required_switches};
    use clusterplan::model::ops::array_plan;
    // 16 DGX H100 racks by the array tool (two rows of 8: 0.8 m racks side by side from x = 1.2 m to 7.6 m, within
    // the 1.2 to 7.8 m of whole tiles the rectangle holds), 4 empty network racks.
    let mut l = clusterplan::model::Layout::empty("hand", 30.0, 20.0);
    l.catalog = clusterplan::model::Catalog::new(clusterplan::io::builtin_catalog().types.clone());
    l.hall.settings.fabric_switch = Some("sw-qm9700".into());
    let plan = array_plan(&l, &"rack-dgx-h100-4".into(), [1.0, 1.0], [7.8, 5.0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((plan.rows, plan.per_row), (2, 8));
    l.items = plan.items;
    let racks: Vec<_> = l.items.iter().map(|i| i.id).collect();
    for n in 0..4 {
        let id = l.next_id();
        l.items.push(clusterplan::model::Item::new(id, "rack-network-48u".into(), 12_000 + 600 * n, 6_000));
    }
    let nets: Vec<_> = l.items.iter().filter(|i| i.type_id.as_str() == "rack-network-48u").map(|i| i.id).collect();
    // Two units of 8 racks (32 DGX each), in floor order: the first row SU 0, the second SU 1.
    let assigned = assign_scalable_units(&l, &racks, 8, 0);
    clusterplan::model::edit::apply(&mut l, clusterplan::model::edit::Edit::Replace(assigned));
    let su_of_row: Vec<Option<u32>> = l.items.iter().take(16).map(|i| i.su).collect();
    assert_eq!(su_of_row, [vec![Some(0); 8], vec![Some(1); 8]].concat());
    // Each SU: 32 DGX × 8 rails, one 64-port QM9700 leaf per rail (32 down, 32 up) = 8 leaves in one rack (a
    // network rack holds 16); the spines take 2 × 8 × 32 = 512 uplinks at 64 ports = 8 spines in one rack.
    // 3 racks needed of the 4 selected: the 4th is left empty.
    let filled = fill_required_switches(&l, &nets).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((filled.needed, filled.placed, filled.emptied), (3, 3, 1));
    clusterplan::model::edit::apply(&mut l, clusterplan::model::edit::Edit::Replace(filled.items));
    let r = analyse(&l);
    let n = &r.network;
    assert_eq!((n.leaf_switches, n.spine_switches), (16, 8));
    assert_eq!((n.required.leaf_switches, n.required.spine_switches), (16, 8));
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert!(!codes.contains(&"fabric-short") && !codes.contains(&"fabric-surplus"), "{codes:?}");
    assert_eq!(r.cables.by_tier.node_leaf, 16 * 4 * 8);
    // Nothing to fill in a hall with no fabric switch, or no network rack selected: said, not guessed.
    l.hall.settings.fabric_switch = None;
    let mut bare = l.clone();
    bare.items.iter_mut().for_each(|i| i.switches = None);
    assert!(fill_required_switches(&bare, &nets).is_err_and(|e| e.to_string().contains("Fabric switch")));
    assert!(fill_required_switches(&l, &racks).is_err_and(|e| e.to_string().contains("select the network racks")));
}
