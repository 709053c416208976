//! The hall generator: exact GPU counts, complete and clean halls, the SuperPOD reference fabric.

use clusterplan::analysis::analyse;
use clusterplan::generate::{GenerateError, PRESETS, generate, preset_params};
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
        // generator: heavy racks over the default (legacy raised-floor) rating, and the spines even striping
        // costs where no pod packing avoids them.
        let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
        assert!(
            codes.iter().all(|c| ["floor-overload", "fabric-striping-surplus"].contains(c)),
            "{}: {codes:?}",
            p.name
        );
        let mut slab = layout.clone();
        slab.hall.settings.floor_rating_kg_per_m2 = 2_500.0;
        assert!(!analyse(&slab).warnings.iter().any(|w| w.code == "floor-overload"), "{}", p.name);
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
