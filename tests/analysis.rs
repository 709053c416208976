//! The live model against hand-computed values, and every warning it raises.

mod common;

use clusterplan::analysis::{Failure, Report, Severity, analyse, analyse_with, geometry};
use clusterplan::model::{ItemId, Obstacle, ObstacleKind, Redundancy, SwitchRole};
use common::{add, close, hall, item, network_rack, set_tile_x};

fn codes(r: &Report) -> Vec<&'static str> {
    r.warnings.iter().map(|w| w.code).collect()
}

fn warning<'a>(r: &'a Report, code: &str) -> &'a clusterplan::analysis::Warning {
    r.warnings.iter().find(|w| w.code == code).unwrap_or_else(|| panic!("no {code} warning in {:?}", codes(r)))
}

/// Two GB200 NVL72 racks on one A/B pair of 300 kVA PDUs, an in-row CDU and a CRAH, both in SU 0.
fn nvl72_pair() -> (clusterplan::model::Layout, [ItemId; 6]) {
    common::nvl72_pair([0, 0])
}

#[test]
fn gpus_compute_power_and_cooling_match_hand_computation() {
    let (l, [a, _, _, _, cdu, crah]) = nvl72_pair();
    let r = analyse(&l);
    // 2 racks × 72 GPUs; B200 (GB200) dense 2,500 / 5,000 TFLOPS.
    assert_eq!(r.gpus.total, 144);
    assert_eq!(r.gpus.by_model.get("B200 (GB200) 186GB"), Some(&144));
    assert_eq!((r.gpus.servers, r.gpus.racks), (36, 2));
    close(r.compute.bf16_pflops, 360.0, 1e-9);
    close(r.compute.fp8_pflops, 720.0, 1e-9);
    // IT 2 × 120 kW typical, 2 × 132 kW peak; facility × PUE 1.25.
    close(r.power.it_kw, 240.0, 1e-9);
    close(r.power.it_peak_kw, 264.0, 1e-9);
    close(r.power.facility_kw, 300.0, 1e-9);
    close(r.compute.bf16_pflops_per_mw, 1200.0, 1e-6);
    // PDU: 300 kVA × 0.95 PF × 0.8 = 228 kW usable; each takes half the peak (132 kW) normally and all of it
    // (264 kW) when its 2N partner is lost.
    let pdu = r.power.pdus.iter().find(|p| p.id == a).unwrap_or_else(|| panic!("no PDU load"));
    close(pdu.usable_kw, 228.0, 1e-9);
    close(pdu.load_kw, 132.0, 1e-9);
    close(pdu.load_typical_kw, 120.0, 1e-9);
    close(pdu.failover_kw, 264.0, 1e-9);
    assert_eq!(pdu.fed_items, 2);
    // Heat, typical (energy): 240 kW, 85 % liquid = 204 kW, air 36 kW.
    let c = &r.cooling;
    close(c.total_kw, 240.0, 1e-9);
    close(c.liquid_kw, 204.0, 1e-9);
    close(c.air_kw, 36.0, 1e-9);
    close(c.btu_per_hr, 240.0 * 3_412.14, 1e-6);
    close(c.tons, 240.0 / 3.5169, 1e-9);
    // Peak (capacity): 264 kW, liquid 224.4 kW, air 39.6 kW; 75.07 tons.
    close(c.peak_kw, 264.0, 1e-9);
    close(c.liquid_peak_kw, 224.4, 1e-9);
    close(c.air_peak_kw, 39.6, 1e-9);
    close(c.peak_tons, 264.0 / 3.5169, 1e-9);
    // Airflow sized at peak, one formula for both units: 3,600 × 39.6 / (1.2 × 1.005 × 10 K) = 11,820.90 m³/h
    // = 11,820.90 / 1.699011 = 6,957.52 CFM.
    close(c.air_m3_per_hr, 11_820.90, 0.01);
    close(c.air_cfm, 6_957.52, 0.01);
    // Water at peak: 224.4 kW × 60 / (4.186 × 10 K) = 321.64 L/min.
    close(c.coolant_lpm, 321.64, 0.01);
    // The CDU is checked at peak (224.4 kW) and shows its typical load (204 kW) beside it.
    let cdu_load = c.units.iter().find(|u| u.id == cdu).map(|u| (u.load_kw, u.load_typical_kw));
    assert_eq!(cdu_load, Some((224.4, 204.0)));
    let crah_load = c.units.iter().find(|u| u.id == crah).map(|u| (u.load_kw, u.load_typical_kw, u.capacity_kw));
    let crah_load = crah_load.map(|(p, t, c)| ((p * 1e9).round() / 1e9, t, c));
    assert_eq!(crah_load, Some((39.6, 36.0, 150.0)));
    // The pair on 300 kVA PDUs fails the 2N check; the one CDU has no standby on SU 0's loop; nothing else is
    // wrong but the missing fabric switch. The
    // floor is clean: an NVL72 rack's 1,360 kg on 4 feet is 340 kg per foot, under the 680 kg point rating; the
    // row zone — PDUs 2 × 900 kg, racks 2 × 1,360 kg, CDU 1,500 kg, 6,020 kg over 5.4 m × (1.2 m + two
    // half-aisles of at most 0.6 m toward the CRAH row) = 5.4 × 2.4 m — is 465 kg/m², under the 1,900 kg/m².
    assert_eq!(codes(&r), vec!["pdu-overload-failover", "cooling-no-standby", "fabric-no-switch"]);
    assert_eq!(warning(&r, "pdu-overload-failover").severity, Severity::Error);
    // Rows: both racks and the PDUs share row y=0; the CDU is not IT load.
    assert_eq!(r.power.rows.len(), 1);
    assert_eq!((r.power.rows[0].items, r.power.rows[0].gpus), (2, 144));
}

#[test]
fn bigger_pdus_clear_the_failover_check_and_n_plus_1_checks_single_failures() {
    let (mut l, [a, b, ..]) = nvl72_pair();
    for id in [a, b] {
        item(&mut l, id).type_id = "pdu-floor-500kva".into();
    }
    let r = analyse(&l);
    // 500 × 0.95 × 0.8 = 380 kW ≥ 264 kW.
    assert!(!codes(&r).contains(&"pdu-overload-failover"), "{:?}", codes(&r));
    assert_eq!(r.error_count(), 0);

    // N+1 on 300 kVA: each PDU carries 132 kW and would take over 132 kW more: 264 > 228.
    let (mut l, _) = nvl72_pair();
    l.hall.settings.redundancy = Redundancy::NPlus1;
    let r = analyse(&l);
    close(r.power.pdus[0].failover_kw, 264.0, 1e-9);
    assert!(warning(&r, "pdu-overload-failover").message.contains("worst single partner"));
    // N: no failover check at all.
    l.hall.settings.redundancy = Redundancy::N;
    assert!(!codes(&analyse(&l)).contains(&"pdu-overload-failover"));
}

#[test]
fn what_if_failures_move_load_and_cooling() {
    let (l, [a, b, r1, r2, cdu, _]) = nvl72_pair();
    // Feed A lost: PDU B carries the whole 264 kW peak, over its 228 kW.
    let r = analyse_with(&l, &Failure::FeedA);
    let load = |r: &Report, id| r.power.pdus.iter().find(|p| p.id == id).map(|p| p.load_kw);
    assert_eq!(load(&r, a), Some(0.0));
    assert_eq!(load(&r, b), Some(264.0));
    assert!(warning(&r, "pdu-overload").message.contains("feed A lost"));
    assert_eq!(r.failure, "feed A lost");
    // One PDU lost is the same here.
    let r = analyse_with(&l, &Failure::Pdu(b));
    assert_eq!(load(&r, a), Some(264.0));
    // Losing the CDU leaves the liquid heat unserved (at peak: 2 × 132 × 0.85).
    let r = analyse_with(&l, &Failure::CoolingUnit(cdu));
    close(r.cooling.liquid_unserved_kw, 224.4, 1e-9);
    let w = warning(&r, "liquid-unserved");
    assert_eq!(w.items, vec![r1, r2]);
    // A rack fed only by A loses power when A is lost.
    let (mut l, _) = nvl72_pair();
    item(&mut l, r1).feed_b = None;
    let r = analyse_with(&l, &Failure::FeedA);
    assert_eq!(warning(&r, "rack-without-power").items, vec![r1]);
    assert_eq!(r.power.unpowered_items, 1);
    assert!(codes(&analyse(&l)).contains(&"single-feed"));
}

#[test]
fn placement_warnings() {
    let (mut l, [_, _, r1, r2, ..]) = nvl72_pair();
    // Overlap: move r2 onto r1.
    set_tile_x(&mut l, r2, 5);
    let r = analyse(&l);
    let w = warning(&r, "overlap");
    assert_eq!(w.items, vec![r1, r2]);
    assert_eq!(w.severity, Severity::Error);
    // Touching is not overlapping.
    set_tile_x(&mut l, r2, 6);
    assert!(!codes(&analyse(&l)).contains(&"overlap"));
    // Outside the hall (20 m = 33.3 tiles wide).
    set_tile_x(&mut l, r2, 33);
    assert_eq!(warning(&analyse(&l), "outside-hall").items, vec![r2]);
    set_tile_x(&mut l, r2, -1);
    assert_eq!(warning(&analyse(&l), "outside-hall").items, vec![r2]);
    set_tile_x(&mut l, r2, 6);
    // On an obstacle.
    l.hall.obstacles.push(Obstacle {
        kind: ObstacleKind::Column,
        x_m: 3.7,
        y_m: 0.2,
        width_m: 0.3,
        depth_m: 0.3,
        label: None,
    });
    assert_eq!(warning(&analyse(&l), "on-obstacle").items, vec![r2]);
    // A mounted cooling unit shares its rack's floor without overlapping.
    let door = add(&mut l, "rdhx-40", 5, 0);
    item(&mut l, r1).cooling = Some(door);
    assert!(!codes(&analyse(&l)).contains(&"overlap"));
}

#[test]
fn power_and_cooling_capacity_warnings() {
    let (mut l, [_, _, r1, r2, cdu, _]) = nvl72_pair();
    // No feeds.
    item(&mut l, r1).feed_a = None;
    item(&mut l, r1).feed_b = None;
    let r = analyse(&l);
    assert_eq!(warning(&r, "rack-without-power").items, vec![r1]);
    assert_eq!(warning(&r, "rack-without-power").severity, Severity::Error);
    // Overloaded in normal operation: eight NVL72 on one PDU pair.
    let (mut l, [a, b, ..]) = nvl72_pair();
    for x in 10..16 {
        let r = add(&mut l, "rack-gb200-nvl72", x, 0);
        let it = item(&mut l, r);
        it.feed_a = Some(a);
        it.feed_b = Some(b);
    }
    let r = analyse(&l);
    // 8 × 132 / 2 = 528 kW per PDU > 228.
    assert_eq!(warning(&r, "pdu-overload").items, vec![a, b]);
    // Cooling over capacity: give the two racks a 40 kW rear door as their only cooling.
    let (mut l, _) = nvl72_pair();
    let door = add(&mut l, "rdhx-40", 5, 0);
    for rack in [r1, r2] {
        item(&mut l, rack).cooling = Some(door);
    }
    let _ = cdu;
    let r = analyse(&l);
    // Air 2 × 18 = 36 kW fits the door, but the liquid heat now has no CDU.
    assert!(codes(&r).contains(&"liquid-unserved"));
    // Four racks' air (72 kW) exceeds the 40 kW door.
    for x in [10, 11] {
        let r = add(&mut l, "rack-gb200-nvl72", x, 0);
        item(&mut l, r).cooling = Some(door);
    }
    assert_eq!(warning(&analyse(&l), "cooling-over-capacity").items, vec![door]);
    // Room air over CRAH capacity: a hall of air-cooled racks with one 150 kW CRAH.
    let mut l = common::hall();
    add(&mut l, "crah-cw-150", 0, 14);
    for x in 0..6 {
        add(&mut l, "rack-dgx-h100-4", 2 * x, 0);
    }
    let r = analyse(&l);
    assert!(warning(&r, "cooling-over-capacity").message.contains("CRAH"), "{:?}", r.warnings);
}

/// A DGX H100 rack, a leaf rack 5.9 m along the same tray and a spine rack on the next tray.
fn small_fabric() -> (clusterplan::model::Layout, [ItemId; 3]) {
    let mut l = hall();
    let rack = add(&mut l, "rack-dgx-h100-4", 0, 1);
    item(&mut l, rack).su = Some(0);
    let leaf = network_rack(&mut l, 10, 1, "sw-qm9700", 8, SwitchRole::Leaf);
    let spine = network_rack(&mut l, 20, 5, "sw-qm9700", 4, SwitchRole::Spine);
    (l, [rack, leaf, spine])
}

#[test]
fn fabric_and_cables_match_hand_computation() {
    let (l, [rack, leaf, _]) = small_fabric();
    let r = analyse(&l);
    let n = &r.network;
    assert_eq!(n.switch_type.as_deref(), Some("sw-qm9700"));
    assert_eq!(n.radix, 64);
    assert_eq!((n.leaf_switches, n.spine_switches, n.core_switches), (8, 4, 0));
    // 4 nodes × 8 rails → 8 leaves (one per rail), 8 × 32 uplinks over 64-port spines → 4.
    assert_eq!((n.required.leaf_switches, n.required.spine_switches, n.required.core_switches), (8, 4, 0));
    assert_eq!(n.required.tiers, 2);
    // Node–leaf: rack centre (0.4, 1.2) and leaf centre (6.3, 1.2) on the tray at y = 1.2: 5.9 m along it.
    // The DGX rack's four servers have ports at 1.0 ± 1.07 / 2: 0.465, 0.822, 1.178, 1.535 m; the leaf's at 1.8.
    // Lowest server: 5.9 + (3.0 − 0.465) + (3.0 − 1.8) + 2 × 0.5 = 10.635 m, slack max(0.5, 10 %) = 1.064
    // → 11.70 m; highest: 9.565 + 0.957 = 10.52 m: every node–leaf link is a 15 m stock length.
    // Leaf–spine: spine centre (12.3, 3.6) on the next tray; the crossing tray at x = 12 lies between:
    // 6.0 + 2.4 = 8.4 m (joining x = 12 from the leaf's tray costs the same: 5.7 + 2.4 + 0.3),
    // + 1.2 + 1.2 + 1.0 = 11.8 m, + 10 % = 12.98 m → 15 m.
    let c = &r.cables;
    assert_eq!((c.by_tier.node_leaf, c.by_tier.leaf_spine, c.by_tier.spine_core), (32, 256, 0));
    assert_eq!(c.count, 288);
    close(c.total_length_m, 288.0 * 15.0, 1e-9);
    assert_eq!(c.longest_m, 15.0);
    assert_eq!(c.by_media["multimode"].count, 288);
    assert_eq!(c.by_length.len(), 1);
    // The first link group to reach the longest stock length is the rack's (node–leaf links come first).
    assert_eq!(c.longest_link, Some((rack, leaf)));
    // Parts: a DGX's 8 NICs sit behind 4 twin-port OSFP cages, so one twin-port 2 × SR4 module per 2 NIC links:
    // 32 links → 16 (not a single-port module per NIC); at the switches one twin-port module per cage of 2 links,
    // per rack: leaf 32 + 256 = 288 links → 144, spine 256 → 128; one MPO-12 OM4 fibre per link.
    let part = |id: &str| c.parts.iter().filter(|p| p.part == id).map(|p| p.quantity).sum::<u64>();
    // The server's twin-port modules are the flat-top part (NVIDIA's finned twin-port parts are for switches).
    assert_eq!(part("osfp-400g-1x400g-sr"), 0);
    assert_eq!(part("osfp-800g-2x400g-sr-flat"), 16);
    assert_eq!(part("osfp-800g-2x400g-sr"), 272);
    assert_eq!(part("mpo12-om4"), 288);
    assert_eq!(c.transceivers, 16 + 272);
    assert!(!codes(&r).contains(&"fabric-short"), "{:?}", codes(&r));
}

#[test]
fn sparse_scalable_unit_numbers_cable_as_dense_ones() {
    // The same fabric with the rack and its leaves in SU 0 and in SU 4,000,000,000 (far too sparse for a
    // table of SUs × rails, so the leaves are looked up in a map): the same 32 node–leaf links of 15 m.
    let (l, [rack, leaf, _]) = small_fabric();
    let dense = analyse(&l);
    let mut sparse = l.clone();
    item(&mut sparse, rack).su = Some(4_000_000_000);
    if let Some(fill) = item(&mut sparse, leaf).switches.as_mut() {
        fill.su = 4_000_000_000;
    }
    let r = analyse(&sparse);
    assert_eq!((r.cables.by_tier.node_leaf, dense.cables.by_tier.node_leaf), (32, 32));
    assert_eq!(r.cables.length_by_tier_m.node_leaf, dense.cables.length_by_tier_m.node_leaf);
    assert!(r.warnings.iter().all(|w| w.code != "fabric-short"), "{:?}", r.warnings);
    // A second leaf rack claiming the same rails, 30 m further off and first in the item list: the lower id
    // (the first leaf) still serves them, with dense and with sparse SU numbers alike.
    for (mut l, su) in [(l, 0), (sparse, 4_000_000_000)] {
        let other = network_rack(&mut l, 60, 1, "sw-qm9700", 8, SwitchRole::Leaf);
        if let Some(fill) = item(&mut l, other).switches.as_mut() {
            fill.su = su;
        }
        l.items.rotate_right(1);
        assert_eq!(l.items[0].id, other);
        let r = analyse(&l);
        assert_eq!(r.cables.by_tier.node_leaf, 32);
        assert_eq!(r.cables.length_by_tier_m.node_leaf, dense.cables.length_by_tier_m.node_leaf, "SU {su}");
    }
}

#[test]
fn fabric_warnings() {
    // Spines missing → short.
    let (mut l, [_, _, spine]) = small_fabric();
    l.items.retain(|i| i.id != spine);
    let r = analyse(&l);
    let w = warning(&r, "fabric-short");
    assert!(w.message.contains("spine 0 of 4"), "{}", w.message);
    assert_eq!(r.cables.by_tier.leaf_spine, 0);
    // A rack whose SU has no leaf.
    let (mut l, [rack, ..]) = small_fabric();
    item(&mut l, rack).su = Some(3);
    let r = analyse(&l);
    assert!(r.warnings.iter().any(|w| w.code == "fabric-short" && w.items == vec![rack]), "{:?}", r.warnings);
    // A link beyond every medium: a 3 km hall with the spine at the far end.
    let (mut l, [_, _, spine]) = small_fabric();
    l.hall.width_m = 3_000.0;
    set_tile_x(&mut l, spine, 4_900);
    let r = analyse(&l);
    let w = warning(&r, "link-beyond-reach");
    assert_eq!(w.severity, Severity::Error);
    assert!(w.items.contains(&spine));
    assert_eq!(r.cables.beyond_reach, 256);
}

#[test]
fn partly_filled_rack_scales_gpus_and_power() {
    let mut l = hall();
    let r = add(&mut l, "rack-colossus-64", 0, 0);
    item(&mut l, r).servers = Some(3);
    let rep = analyse(&l);
    assert_eq!(rep.gpus.total, 24);
    close(rep.power.it_kw, 66.0 * 3.0 / 8.0, 1e-9);
    // The row totals count the servers installed, like everything else.
    assert_eq!(rep.power.rows.iter().map(|r| r.gpus).sum::<u64>(), 24);
}

/// Losing one side loses whole PDUs: a PDU wired as feed A of one rack and feed B of another is lost for both,
/// never half alive; a rack whose B is its A has one feed, not two.
#[test]
fn a_lost_side_loses_whole_pdus_and_a_equal_to_b_is_one_feed() {
    let (mut l, [a, b, r1, r2, _, _]) = nvl72_pair();
    // r2 is wired the other way round: A from PDU b, B from PDU a.
    item(&mut l, r2).feed_a = Some(b);
    item(&mut l, r2).feed_b = Some(a);
    let r = analyse_with(&l, &Failure::FeedA);
    let pdu = |id| r.power.pdus.iter().find(|p| p.id == id).cloned().unwrap_or_default();
    assert!(pdu(a).lost && pdu(b).lost, "both PDUs are on the A side of some rack");
    assert_eq!(pdu(a).load_kw + pdu(b).load_kw, 0.0);
    assert_eq!(warning(&r, "rack-without-power").items, vec![r1, r2]);
    // Feed A = feed B: a single feed, not redundancy.
    let (mut l, _) = nvl72_pair();
    item(&mut l, r1).feed_b = Some(a);
    let r = analyse(&l);
    assert_eq!(warning(&r, "single-feed").items, vec![r1]);
    let pdu = r.power.pdus.iter().find(|p| p.id == a).cloned().unwrap_or_default();
    assert_eq!(pdu.fed_items, 2, "r1 counts once on PDU a");
}

/// One function computes an item's power, and it counts the switches a network rack holds.
#[test]
fn item_power_is_one_function_with_switches() {
    let mut l = hall();
    let net = network_rack(&mut l, 0, 0, "sw-sn5600", 16, SwitchRole::Spine);
    let i = l.index_of(net).unwrap_or_default();
    let p = clusterplan::analysis::item_power_in(&l, &l.items[i]);
    let sw = l.catalog.get(&"sw-sn5600".into()).map_or(0.0, |t| t.power_typical_kw);
    let rack = l.catalog.get(&"rack-network-48u".into()).map_or(0.0, |t| t.power_typical_kw);
    close(p.typical_kw, rack + 16.0 * sw, 1e-9);
    assert!(p.typical_kw > 10.0);
    close(analyse(&l).power.it_kw, p.typical_kw, 1e-9);
}

#[test]
fn empty_layout_has_no_numbers_and_no_panics() {
    let r = analyse(&hall());
    assert_eq!(r.gpus.total, 0);
    assert_eq!(r.cables.count, 0);
    assert_eq!(r.compute.bf16_pflops_per_mw, 0.0);
    assert!(r.warnings.is_empty());
}

#[test]
fn a_pile_of_items_on_one_spot_is_reported_without_quadratic_work() {
    // 5,000 racks on one tile (a broken or hostile file): each is compared with a bounded window of at most 512
    // others in its cell, not all 12.5 million pairs, and the overlaps are still reported.
    let pile = |n: usize| {
        let mut l = hall();
        for _ in 0..n {
            add(&mut l, "rack-storage-48u", 3, 3);
        }
        l
    };
    let l = pile(5_000);
    let r = analyse(&l);
    let overlaps: Vec<_> = r.warnings.iter().filter(|w| w.code == "overlap").collect();
    assert_eq!(overlaps.len(), 201, "200 listed pairs and one summary");
    assert!(overlaps[200].message.contains("more overlapping pairs"));
    assert_eq!(r.warnings.iter().find(|w| w.code == "outside-hall").map(|w| w.items.len()), None);
    // The work: the rack (0.6 × 1.2 m at (1.8, 1.8), y from 1.8 to 3.0) lies in two 1.2 m cells (y 1.2–2.4
    // and 2.4–3.6); in each, every one of the 5,000 entries is compared with the next min(512, rest): 512 × 4,488 + (511 + … + 0)
    // = 2,297,856 + 130,816 per cell, 4,857,344 in all (all pairs would be 2 × 12,497,500).
    let work = |n: u64| 2 * (512 * (n - 512) + 511 * 512 / 2);
    assert_eq!(geometry::overlap_comparisons(&l), work(5_000));
    // Four times the pile costs about four times the work — at most 512 comparisons per entry per cell —
    // where comparing all pairs would cost sixteen times.
    let four = geometry::overlap_comparisons(&pile(20_000));
    assert_eq!(four, work(20_000));
    assert!(four <= 2 * 512 * 20_000 && four < 5 * work(5_000), "{four}");
}

#[test]
fn memory_and_nvlink_domains_by_model() {
    // One Colossus H100 rack and one Colossus H200 rack, 64 GPUs each (8 servers of 8).
    // HBM: 64 × 80 GB + 64 × 141 GB = 5,120 + 9,024 = 14,144 GB = 14.144 TB.
    // Bandwidth: 64 × 3.35 + 64 × 4.8 = 214.4 + 307.2 = 521.6 TB/s. NVLink: 16 domains of 8 (one per server).
    let mut l = hall();
    add(&mut l, "rack-colossus-64", 0, 0);
    add(&mut l, "rack-colossus-h200-64", 1, 0);
    let r = analyse(&l);
    close(r.memory.hbm_tb, 14.144, 1e-9);
    close(r.memory.bandwidth_tbps, 521.6, 1e-9);
    let h100 = &r.memory.by_model["H100 SXM5 80GB"];
    let h200 = &r.memory.by_model["H200 SXM 141GB"];
    assert_eq!((h100.gpus, h200.gpus), (64, 64));
    close(h100.hbm_tb, 5.12, 1e-9);
    close(h200.hbm_tb, 9.024, 1e-9);
    close(h200.bandwidth_tbps, 307.2, 1e-9);
    assert_eq!(r.memory.gpus_without_figures, 0);
    assert_eq!((r.compute.nvlink_domains.count, r.compute.nvlink_domains.largest_gpus), (16, 8));
    // Dense FLOPS are the same per GPU: the choice between the two is memory.
    close(r.compute.bf16_pflops, 128.0 * 0.989, 1e-9);

    // An NVL72 rack is one 72-GPU domain; with 10 of its 18 trays installed, one domain of 40 GPUs.
    let mut l = hall();
    add(&mut l, "rack-gb200-nvl72", 0, 0);
    let part = add(&mut l, "rack-gb200-nvl72", 1, 0);
    item(&mut l, part).servers = Some(10);
    let d = analyse(&l).compute.nvlink_domains;
    assert_eq!((d.count, d.largest_gpus), (2, 72));
    let sizes: Vec<(u32, u64)> = d.by_size.iter().map(|s| (s.gpus_per_domain, s.count)).collect();
    assert_eq!(sizes, vec![(40, 1), (72, 1)]);
    // 72 × 186 GB + 40 × 186 GB = 20.832 TB.
    close(analyse(&l).memory.hbm_tb, 112.0 * 0.186, 1e-9);
}

#[test]
fn floor_loading_overload_and_clean() {
    // Two facing rows of three GB200 NVL72 (1,360 kg on 0.6 × 1.068 m): row A at y = 0 m, row B at y = 2.4 m
    // (tile 4). Point load 1,360 / 4 feet = 340 kg; footprint pressure 1,360 / 0.6408 = 2,122.35 kg/m² (reported,
    // compared with nothing: it is not a distributed load). Aisle between rows: 2.4 − 1.068 = 1.332 m,
    // half = 0.666 m, counted up to 0.6 m (half a 1.2 m cold aisle) on each row's side (and, with no row beyond,
    // the same on the other side): zone = 1.8 m × (1.068 + 2 × 0.6) = 1.8 × 2.268 = 4.0824 m², load
    // 3 × 1,360 / 4.0824 = 999.41 kg/m².
    // Total 6 × 1,360 kg = 8.16 t.
    let mut l = hall();
    let mut racks = Vec::new();
    for x in 0..3 {
        racks.push(add(&mut l, "rack-gb200-nvl72", x, 0));
        racks.push(add(&mut l, "rack-gb200-nvl72", x, 4));
    }
    racks.sort();
    let r = analyse(&l);
    close(r.floor.max_point_kg, 340.0, 1e-9);
    close(r.floor.item(racks[0]).map_or(0.0, |i| i.kg_per_m2), 2_122.347, 1e-3);
    close(r.floor.max_zone_kg_per_m2, 999.412, 1e-3);
    close(r.floor.total_weight_t, 8.16, 1e-9);
    close(r.floor.rating_kg_per_m2, 1_900.0, 0.0);
    close(r.floor.point_rating_kg, 680.0, 0.0);
    assert_eq!(r.floor.zones.len(), 2);
    close(r.floor.zones[0].area_m2, 4.0824, 1e-9);
    // The defaults (a modern hall's 1,900 kg/m² slab, 680 kg per point): clean, like for like.
    assert!(!codes(&r).iter().any(|c| c.starts_with("floor")), "{:?}", codes(&r));
    // Panels rated 300 kg per point: every rack is over (340 kg per foot), named.
    l.hall.settings.floor_point_rating_kg = 300.0;
    let r = analyse(&l);
    let over: Vec<_> = r.warnings.iter().filter(|w| w.code == "floor-point-overload").collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].items, racks);
    assert!(
        over[0].message.contains("at 340 kg") && over[0].message.contains("rating of 300 kg"),
        "{}",
        over[0].message
    );
    assert!(!codes(&r).contains(&"floor-overload"), "the zones are under the distributed rating");
    // A legacy raised floor of 1,000 kg/m²: the zones (999.4) just pass; at 900 kg/m² they are over.
    l.hall.settings.floor_point_rating_kg = 680.0;
    l.hall.settings.floor_rating_kg_per_m2 = 1_000.0;
    assert!(!codes(&analyse(&l)).iter().any(|c| c.starts_with("floor")));
    l.hall.settings.floor_rating_kg_per_m2 = 900.0;
    assert_eq!(codes(&analyse(&l)).iter().filter(|c| **c == "floor-overload").count(), 1);
    // JSON keys.
    let json = serde_json::to_value(analyse(&l)).unwrap_or_else(|e| panic!("{e}"));
    assert!(json["floor"]["items"][0]["point_kg"].is_number());
    for key in ["max_point_kg", "point_rating_kg", "max_zone_kg_per_m2", "rating_kg_per_m2", "total_weight_t"] {
        assert!(json["floor"][key].is_number(), "floor.{key}");
    }
    for key in ["hbm_tb", "bandwidth_tbps"] {
        assert!(json["memory"][key].is_number(), "memory.{key}");
    }
    assert!(json["memory"]["by_model"].is_object());
    assert!(json["compute"]["nvlink_domains"]["count"].is_number());
}

#[test]
fn mounted_cooling_weighs_on_its_rack() {
    // A Colossus rack (1,000 kg on 0.6 × 1.2 m) carrying its in-rack CDU (100 kg): 1,100 / 0.72 = 1,527.78.
    let mut l = hall();
    let rack = add(&mut l, "rack-colossus-64", 0, 0);
    let cdu = add(&mut l, "cdu-inrack-250", 0, 0);
    item(&mut l, rack).cooling = Some(cdu);
    let r = analyse(&l);
    close(r.floor.item(rack).map_or(0.0, |f| f.kg_per_m2), 1_100.0 / 0.72, 1e-9);
    assert!(r.floor.item(cdu).is_none());
    close(r.floor.total_weight_t, 1.1, 1e-9);
}

#[test]
fn a_mixed_hall_is_sized_as_the_sum_of_its_generations() {
    // SU 0: one DGX H100 rack (4 servers × 8 rails × 400G) with QM9700 leaves (radix 64, 32 down):
    //   1 leaf per rail → 8 leaves, two tiers, spines = smallest divisor of 32 uplinks ≥ 8 × 32 / 64 = 4 → 4.
    // SU 1: one GB300 NVL72 (18 trays × 4 rails × 800G) with Q3400 leaves (radix 144 at 800G, 72 down):
    //   1 leaf per rail → 4 leaves, spines = 4 × 72 / 144 = 2 (divides 72) → 2.
    // Sum: 12 leaves, 6 spines, 0 cores; node–leaf links 4 × 8 + 18 × 4 = 104.
    let mut l = hall();
    let h100 = add(&mut l, "rack-dgx-h100-4", 0, 0);
    let gb300 = add(&mut l, "rack-gb300-nvl72", 2, 0);
    item(&mut l, h100).su = Some(0);
    item(&mut l, gb300).su = Some(1);
    network_rack(&mut l, 4, 0, "sw-qm9700", 8, SwitchRole::Leaf);
    let q = network_rack(&mut l, 5, 0, "sw-q3400", 4, SwitchRole::Leaf);
    if let Some(f) = item(&mut l, q).switches.as_mut() {
        f.su = 1;
    }
    let r = analyse(&l);
    let req = &r.network.required;
    assert_eq!((req.leaf_switches, req.spine_switches, req.core_switches), (12, 6, 0));
    assert_eq!(req.links.node_leaf, 104);
    assert_eq!(r.network.fabrics.len(), 2);
    let f: Vec<(u32, u32, Option<&str>, u64)> = r
        .network
        .fabrics
        .iter()
        .map(|f| (f.rails, f.port_gbps, f.switch_type.as_deref(), f.required.spine_switches))
        .collect();
    assert!(f.contains(&(8, 400, Some("sw-qm9700"), 4)) && f.contains(&(4, 800, Some("sw-q3400"), 2)), "{f:?}");
    assert!(warning(&r, "fabric-mixed").message.contains("separate fabrics"));
    assert!(!codes(&r).contains(&"nic-faster-than-switch"));

    // Both on QM9700 (the hall's choice): the GB300's 800G NICs are faster than its 400G ports.
    l.hall.settings.fabric_switch = Some("sw-qm9700".into());
    let r = analyse(&l);
    assert_eq!(warning(&r, "nic-faster-than-switch").items, vec![gb300]);
}

#[test]
fn placed_switches_beyond_the_design_are_named() {
    // One DGX H100 rack needs 8 leaves and 4 spines, two tiers: a core rack has no place in the design.
    let mut l = hall();
    let rack = add(&mut l, "rack-dgx-h100-4", 0, 0);
    item(&mut l, rack).su = Some(0);
    network_rack(&mut l, 2, 0, "sw-qm9700", 8, SwitchRole::Leaf);
    network_rack(&mut l, 3, 0, "sw-qm9700", 4, SwitchRole::Spine);
    let core = network_rack(&mut l, 4, 0, "sw-qm9700", 2, SwitchRole::Core);
    let r = analyse(&l);
    let w = warning(&r, "fabric-surplus");
    assert_eq!(w.items, vec![core]);
    assert!(w.message.contains("core"), "{}", w.message);
}

#[test]
fn ports_at_server_heights_cross_the_copper_limit() {
    // A DGX H100 rack (centre (0.4, 1.2)) and a leaf rack at tile 2 (centre (1.5, 1.2)) under one tray at
    // 2.2 m, no in-rack allowance: 1.1 m along the tray, 2.2 − 1.8 = 0.4 m down to the leaf's ports.
    // Servers' ports at 0.465, 0.822, 1.178, 1.535 m (1.0 ± 1.07 / 2):
    //   top:    0.665 + 0.4 + 1.1 = 2.165 + slack 0.5 = 2.665 → 3 m DAC (8 links);
    //   others: 3.022, 3.378, 3.735 m → 4 m active copper (24 links).
    // With every port at 1.0 m: 1.2 + 0.4 + 1.1 + 0.5 = 3.2 m → all 32 on 4 m active copper.
    let mut l = hall();
    l.hall.trays.height_m = 2.2;
    l.hall.settings.rack_allowance_m = 0.0;
    let rack = add(&mut l, "rack-dgx-h100-4", 0, 1);
    item(&mut l, rack).su = Some(0);
    network_rack(&mut l, 2, 1, "sw-qm9700", 8, SwitchRole::Leaf);
    let r = analyse(&l);
    let bins: Vec<(f64, u64)> = r.cables.by_length.iter().map(|b| (b.length_m, b.count)).collect();
    assert_eq!(bins, vec![(3.0, 8), (4.0, 24)]);
    assert_eq!((r.cables.by_media["passive_copper"].count, r.cables.by_media["active_copper"].count), (8, 24));
    // A splitter carries two NIC links into one twin-port cage of one switch, and each rail lands on its own
    // leaf switch: per switch, the top server's 3 m link takes a DAC splitter alone and the other three 4 m
    // links take two ACC splitters — 8 DAC and 16 ACC, no transceivers. (Lengthening the 3 m leg to pair it
    // with a 4 m one would save a cable per switch: the count is buildable, not minimal.)
    let part = |id: &str| r.cables.parts.iter().filter(|p| p.part == id).map(|p| p.quantity).sum::<u64>();
    assert_eq!((part("dac-800g-2x400g"), part("acc-800g-2x400g")), (8, 16));
    assert_eq!(r.cables.transceivers, 0);
    // One port height for the whole rack puts every link on the longer cable.
    if let Some(t) = l.catalog.types.iter_mut().find(|t| t.id.0 == "rack-dgx-h100-4") {
        t.port_span_m = 0.0;
    }
    let bins: Vec<(f64, u64)> = analyse(&l).cables.by_length.iter().map(|b| (b.length_m, b.count)).collect();
    assert_eq!(bins, vec![(4.0, 32)]);
}

#[test]
fn an_xdr_fabric_buys_single_mode_optics() {
    // A GB300 NVL72 (18 trays × 4 × 800G; centre (0.3, 1.134), 0.066 m off the tray at y = 1.2) and a Q3400
    // leaf rack (centre (8.7, 1.2)): 8.4 m along the tray + 0.066 m to it. Lowest tray's ports at 1.2 − 0.9 =
    // 0.3 m: 8.466 + 2.7 + 1.2 + 1.0 = 13.366 m + 10 % = 14.70 → 15 m; highest (2.1 m): 11.566 + 1.157 = 12.72
    // → 15 m. 72 links past copper reach at 800G: single-mode DR (no multimode at
    // XDR): 72 NIC-side 800G DR8 modules, 36 twin-port 2 × 800G modules at the leaf, 72 MPO-16 fibres.
    let mut l = hall();
    let rack = add(&mut l, "rack-gb300-nvl72", 0, 1);
    item(&mut l, rack).su = Some(0);
    network_rack(&mut l, 14, 1, "sw-q3400", 4, SwitchRole::Leaf);
    let r = analyse(&l);
    assert_eq!(r.cables.by_tier.node_leaf, 72);
    assert_eq!(r.cables.by_media["single_mode"].count, 72);
    let part = |id: &str| r.cables.parts.iter().filter(|p| p.part == id).map(|p| p.quantity).sum::<u64>();
    assert_eq!(part("osfp-800g-1x800g-dr"), 72);
    assert_eq!(part("mpo16-apc-os2"), 72);
    assert_eq!(part("osfp-1600g-2x800g-dr"), 36);
    // Two tiers: a Q3400 spine rack next to the leaf rack (centre 9.3 m, on the same tray): 4 leaves × 72
    // uplinks striped over 2 spines = 288 links of 0.6 + 1.2 + 1.2 + 1.0 = 4.0 m + 0.5 slack = 4.5 → 5 m
    // active copper, 2 links per twin cable: 144 cables, no transceivers added.
    network_rack(&mut l, 15, 1, "sw-q3400", 2, SwitchRole::Spine);
    let r = analyse(&l);
    assert_eq!((r.network.required.leaf_switches, r.network.required.spine_switches), (4, 2));
    assert_eq!(r.cables.by_tier.leaf_spine, 288);
    let part = |id: &str| r.cables.parts.iter().filter(|p| p.part == id).map(|p| p.quantity).sum::<u64>();
    assert_eq!(part("acc-1600g-twin"), 144);
    assert_eq!(r.cables.transceivers, 72 + 36);
}

#[test]
fn a_node_link_past_the_nic_modules_reach_is_flagged() {
    // A DGX rack (ports 0.465–1.535 m up) and its leaf rack (ports at 1.8 m) on the tray at y = 1.2 m, leaf at
    // tile 184: centres 0.4 m and 184 × 0.6 + 0.3 = 110.7 m, 110.3 m along the tray. Links: 110.3 + (3.0 − port
    // height) + (3.0 − 1.8) + 2 × 0.5 = 114.0 (highest server) … 115.0 m (lowest), + 10 % slack = 125.4 … 126.6
    // m → 126 and 127 m trunks, single-mode: past the 100 m NVIDIA's single-port NIC-side DR4 reaches. With the
    // rack's servers on single-port NICs (as an HGX server's PCIe SuperNICs are), all 32 node links are flagged,
    // naming the rack and the leaf; the leaf–spine links (switch to switch, 500 m) are not.
    let mut l = clusterplan::model::Layout::empty("long hall", 130.0, 10.0);
    let mut types = clusterplan::io::builtin_catalog().types.clone();
    for t in types.iter_mut().filter(|t| t.id.0 == "rack-dgx-h100-4") {
        if let Some(g) = &mut t.gpu {
            g.nic_links_per_cage = 1;
        }
    }
    l.catalog = clusterplan::model::Catalog::new(types.clone());
    l.hall.trays.pitch_x_m = 6.0;
    l.hall.trays.pitch_y_m = 2.4;
    l.hall.trays.offset_y_m = 1.2;
    let rack = add(&mut l, "rack-dgx-h100-4", 0, 1);
    item(&mut l, rack).su = Some(0);
    let leaf = network_rack(&mut l, 184, 1, "sw-qm9700", 8, SwitchRole::Leaf);
    network_rack(&mut l, 194, 5, "sw-qm9700", 4, SwitchRole::Spine);
    let r = analyse(&l);
    assert_eq!(r.cables.by_tier.node_leaf, 32);
    assert_eq!(r.cables.by_media["single_mode"].count, 32, "{:?}", r.cables.by_length);
    assert_eq!(r.cables.beyond_nic_reach, 32);
    let w = r.warnings.iter().find(|w| w.code == "link-beyond-nic-reach").unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert_eq!(w.items, vec![rack, leaf]);
    assert!(w.message.contains("32 node link(s)") && w.message.contains("100 m"), "{}", w.message);
    // A DGX as sold, its NICs behind twin-port cages: the 100 m is the single-port part's, not flagged.
    let mut dgx = l.clone();
    dgx.catalog = clusterplan::model::Catalog::new(clusterplan::io::builtin_catalog().types.clone());
    assert_eq!(analyse(&dgx).cables.beyond_nic_reach, 0);
    // The leaf at tile 134 (centre 80.7 m, 80.3 m along): 84.0 … 85.0 m + 10 % = 92.4 … 93.5 m → 93 … 94 m trunks,
    // single-mode within the NIC module's reach: nothing flagged.
    set_tile_x(&mut l, leaf, 134);
    let r = analyse(&l);
    assert_eq!(r.cables.by_media["single_mode"].count, 32);
    assert_eq!(r.cables.beyond_nic_reach, 0);
    assert!(!codes(&r).contains(&"link-beyond-nic-reach"));
}

#[test]
fn a_rack_whose_contents_do_not_fit_its_units_is_an_error_naming_it() {
    // A 48U network rack with the default 2U kept free at the top offers 46U:
    //   46 × 1U QM9700 = 46U fits; 48 × 1U = 48U does not; 16 × 4U Q3400 = 64U does not; 23 × 2U SN5600 = 46U fits.
    let mut l = hall();
    let fits = network_rack(&mut l, 0, 0, "sw-qm9700", 46, SwitchRole::Spine);
    let qm = network_rack(&mut l, 2, 0, "sw-qm9700", 48, SwitchRole::Spine);
    let q3400 = network_rack(&mut l, 4, 0, "sw-q3400", 16, SwitchRole::Spine);
    let sn = network_rack(&mut l, 6, 0, "sw-sn5600", 23, SwitchRole::Spine);
    // A Colossus rack: 8 × 4U servers + its 4U in-rack CDU = 36U; a GB200 NVL72: 18 + 9 + 8 + 2 = 37U.
    let colossus = add(&mut l, "rack-colossus-64", 10, 0);
    let cdu = add(&mut l, "cdu-inrack-250", 10, 0);
    item(&mut l, colossus).cooling = Some(cdu);
    let nvl = add(&mut l, "rack-gb200-nvl72", 12, 0);
    let r = analyse(&l);
    let w = warning(&r, "rack-overfull");
    assert_eq!(w.severity, Severity::Error);
    assert_eq!(w.items, vec![qm, q3400], "{}", w.message);
    assert!(
        w.message.contains(&format!("{qm} holds 48U of servers, switches and units in 46U (48U less 2U")),
        "{}",
        w.message
    );
    let u_of = |l: &clusterplan::model::Layout, id: ItemId| {
        let i = &l.items[l.index_of(id).unwrap_or_default()];
        let ty = l.type_of(i).unwrap_or_else(|| panic!("type"));
        let sw = i.switches.as_ref().and_then(|f| l.catalog.get(&f.model));
        let unit = i.cooling.and_then(|c| l.index_of(c)).and_then(|c| l.type_of(&l.items[c]));
        geometry::rack_u(i, ty, sw, unit, l.hall.settings.reserved_top_u).map(|u| u.used_u)
    };
    assert_eq!(
        [fits, sn, colossus, nvl].map(|id| u_of(&l, id)),
        [Some(46), Some(46), Some(36), Some(37)],
        "46 QM9700, 23 SN5600, Colossus with its CDU, NVL72"
    );
    // Keeping no units free, 48 QM9700 fit 48U; the Q3400s still do not.
    l.hall.settings.reserved_top_u = 0;
    assert_eq!(warning(&analyse(&l), "rack-overfull").items, vec![q3400]);
}

#[test]
fn the_networks_beside_the_fabric_and_the_storage_are_sized() {
    // 2 DGX H100 racks = 8 servers (64 GPUs); each server: 2 × 400G storage ports (QM9700), 2 × 100G in-band
    // (SN4600C). One storage rack: 16 × 400G ports, 2 PB, 360 GB/s.
    //   Storage: 8 × 2 + 16 = 32 ports ≤ 64 (QM9700 radix at 400G): one switch, 32 links.
    //   In-band: 8 × 2 = 16 ports ≤ 64: one switch, 16 links.
    //   The hall states 10 PB and 1 GB/s per GPU = 64 GB/s: ⌈10 / 2⌉ = 5 racks by capacity, ⌈64 / 360⌉ = 1 by
    //   bandwidth → 5 needed, 1 placed: place 4 more.
    let mut l = hall();
    add(&mut l, "rack-dgx-h100-4", 0, 0);
    add(&mut l, "rack-dgx-h100-4", 2, 0);
    add(&mut l, "rack-storage-48u", 4, 0);
    l.hall.settings.storage_pb = 10.0;
    l.hall.settings.storage_gb_per_s_per_gpu = 1.0;
    let r = analyse(&l);
    let side = &r.network.side;
    assert_eq!(side.len(), 2);
    let (st, ib) = (&side[0], &side[1]);
    assert_eq!((st.name.as_str(), st.server_ports, st.storage_ports, st.tiers), ("storage / front-end", 16, 16, 1));
    assert_eq!((st.leaf_switches, st.spine_switches, st.links), (1, 0, 32));
    assert_eq!(
        (ib.name.as_str(), ib.server_ports, ib.port_gbps, ib.leaf_switches, ib.links),
        ("in-band management", 16, 100, 1, 16)
    );
    let s = &r.network.storage;
    assert_eq!((s.required_racks, s.placed_racks), (5, 1));
    close(s.needed_gb_per_s, 64.0, 1e-9);
    assert!(warning(&r, "storage-short").message.contains("place 4 more"));
    // Their switches are in the bill of materials, at the switch's price.
    let qm = r.bom.iter().find(|b| b.part == "sw-qm9700 (networks beside the fabric)").map(|b| b.quantity);
    assert_eq!(qm, Some(1));
}

#[test]
fn a_dgx_on_two_feeds_throttles_when_one_is_lost_and_on_three_does_not() {
    // A DGX H100 has 6 × 3.3 kW supplies (4+2) for a 10.2 kW maximum (40.8 kW rack of 4).
    //   2 feeds: 3 supplies on each; one feed lost leaves 3 × 3.3 = 9.9 kW < 10.2 kW: throttles.
    //   3 feeds: 2 on each; one lost leaves 4 × 3.3 = 13.2 kW ≥ 10.2 kW: clean.
    // A DGX B200 (6 × 3.3 kW, 5+1, 14.3 kW maximum) keeps 13.2 kW even on three feeds: warned either way.
    let mut l = hall();
    let a = add(&mut l, "pdu-floor-300kva", 0, 0);
    let b = add(&mut l, "pdu-floor-300kva", 2, 0);
    let c = add(&mut l, "pdu-floor-300kva", 4, 0);
    let dgx = add(&mut l, "rack-dgx-h100-4", 7, 0);
    (item(&mut l, dgx).feed_a, item(&mut l, dgx).feed_b) = (Some(a), Some(b));
    let r = analyse(&l);
    let w = warning(&r, "feed-loss-throttles");
    assert_eq!(w.items, vec![dgx]);
    assert!(
        w.message.contains(
            "6 × 3.3 kW supplies are spread over 2 feeds, so losing one leaves 3 × 3.3 = 9.9 kW, below its 10.2 kW maximum"
        ),
        "{}",
        w.message
    );
    assert!(w.message.contains("third feed (C)"), "{}", w.message);
    // On two feeds under 2N, each PDU carries the whole 40.8 kW at failover. On three, C is on side A's path: with
    // side A (A and C) lost, B carries all 40.8 kW; with B lost, A and C carry half each, 20.4 kW.
    let failover = |r: &Report, id: ItemId| r.power.pdus.iter().find(|p| p.id == id).map_or(0.0, |p| p.failover_kw);
    close(failover(&r, a), 40.8, 1e-9);
    item(&mut l, dgx).feed_c = Some(c);
    let r = analyse(&l);
    assert!(!codes(&r).contains(&"feed-loss-throttles"), "{:?}", codes(&r));
    for (pdu, kw) in [(a, 20.4), (b, 40.8), (c, 20.4)] {
        close(failover(&r, pdu), kw, 1e-9);
    }
    let b200 = add(&mut l, "rack-dgx-b200-4", 9, 0);
    (item(&mut l, b200).feed_a, item(&mut l, b200).feed_b, item(&mut l, b200).feed_c) = (Some(a), Some(b), Some(c));
    let w = warning(&analyse(&l), "feed-loss-throttles").clone();
    assert_eq!(w.items, vec![b200]);
    assert!(w.message.contains("leaves 4 × 3.3 = 13.2 kW, below its 14.3 kW maximum; no spread"), "{}", w.message);
}

#[test]
fn a_cdu_is_rated_at_the_halls_facility_water_and_a_loop_needs_a_standby() {
    use clusterplan::model::{CoolingMedium, CoolingSpec, WaterRating};
    // Supermicro's in-rack CDU class: 100 kW with 32 °C water, 60 kW with 40 °C (reference §10b), "up to 250":
    // linear between, −5 kW per K: 36 °C → 80 kW; extended: 45 °C → 35 kW, 20 °C → 160 kW; never above 250.
    let spec = CoolingSpec {
        medium: CoolingMedium::Liquid,
        capacity_kw: 250.0,
        mounted: true,
        ratings: vec![WaterRating { water_c: 32.0, kw: 100.0 }, WaterRating { water_c: 40.0, kw: 60.0 }],
    };
    for (water_c, kw) in [(32.0, 100.0), (40.0, 60.0), (36.0, 80.0), (45.0, 35.0), (20.0, 160.0), (0.0, 250.0)] {
        close(spec.capacity_at(water_c), kw, 1e-9);
    }
    // A Colossus rack's peak liquid heat is 85 kW × 0.8 = 68 kW: its in-rack CDU carries it with 32 °C water
    // (100 kW) but not with 40 °C (60 kW).
    let mut l = hall();
    let rack = add(&mut l, "rack-colossus-64", 0, 0);
    let cdu = add(&mut l, "cdu-inrack-250", 0, 0);
    item(&mut l, rack).cooling = Some(cdu);
    add(&mut l, "crah-cw-150", 0, 14);
    let r = analyse(&l);
    assert_eq!(r.cooling.facility_water_c, 32.0);
    let unit = |r: &Report| r.cooling.units.iter().find(|u| u.id == cdu).map(|u| (u.capacity_kw, u.load_kw));
    assert_eq!(unit(&r), Some((100.0, 68.0)));
    assert!(!codes(&r).contains(&"cooling-over-capacity"));
    let mut site = clusterplan::model::Site::default();
    site.mechanical.facility_water_c = 40.0;
    l.site = Some(site);
    let r = analyse(&l);
    assert_eq!(unit(&r), Some((60.0, 68.0)));
    assert_eq!(warning(&r, "cooling-over-capacity").items, vec![cdu]);

    // Two NVL72 racks of SU 0 (peak liquid 132 × 0.85 = 112.2 kW each, 224.4 kW) on one 1,500 kW in-row CDU:
    // with it down nothing carries the loop — warned. A second CDU on the loop (one rack on each): either alone
    // carries 224.4 kW — clean.
    let (mut l, [_, _, r1, r2, cdu1, _]) = nvl72_pair();
    let w = warning(&analyse(&l), "cooling-no-standby").clone();
    assert_eq!(w.items, vec![cdu1]);
    assert!(
        w.message.contains("SU 0's 1 CDU(s) of up to 1500 kW (at 32 °C facility water) carry 224 kW"),
        "{}",
        w.message
    );
    let cdu2 = add(&mut l, "cdu-inrow-1500", 10, 0);
    item(&mut l, r2).cooling = Some(cdu2);
    let r = analyse(&l);
    assert!(!codes(&r).contains(&"cooling-no-standby"), "{:?}", codes(&r));
    let _ = r1;
}
