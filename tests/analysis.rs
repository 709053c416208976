//! The live model against hand-computed values, and every warning it raises.

mod common;

use clusterplan::analysis::{Failure, Report, Severity, analyse, analyse_with};
use clusterplan::model::{ItemId, Obstacle, ObstacleKind, Redundancy, SwitchRole};
use common::{add, close, hall, item, network_rack};

fn codes(r: &Report) -> Vec<&'static str> {
    r.warnings.iter().map(|w| w.code).collect()
}

fn warning<'a>(r: &'a Report, code: &str) -> &'a clusterplan::analysis::Warning {
    r.warnings.iter().find(|w| w.code == code).unwrap_or_else(|| panic!("no {code} warning in {:?}", codes(r)))
}

/// Two GB200 NVL72 racks on one A/B pair of 300 kVA PDUs, an in-row CDU and a CRAH.
fn nvl72_pair() -> (clusterplan::model::Layout, [ItemId; 6]) {
    let mut l = hall();
    let a = add(&mut l, "pdu-floor-300kva", 0, 0);
    let b = add(&mut l, "pdu-floor-300kva", 2, 0);
    let r1 = add(&mut l, "rack-gb200-nvl72", 5, 0);
    let r2 = add(&mut l, "rack-gb200-nvl72", 6, 0);
    let cdu = add(&mut l, "cdu-inrow-1500", 8, 0);
    let crah = add(&mut l, "crah-cw-150", 0, 14);
    for r in [r1, r2] {
        let it = item(&mut l, r);
        it.feed_a = Some(a);
        it.feed_b = Some(b);
        it.cooling = Some(cdu);
        it.su = Some(0);
    }
    (l, [a, b, r1, r2, cdu, crah])
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
    // Heat: 240 kW, 85 % liquid = 204 kW, air 36 kW.
    let c = &r.cooling;
    close(c.total_kw, 240.0, 1e-9);
    close(c.liquid_kw, 204.0, 1e-9);
    close(c.air_kw, 36.0, 1e-9);
    close(c.btu_per_hr, 240.0 * 3_412.14, 1e-6);
    close(c.tons, 240.0 / 3.5169, 1e-9);
    // CFM = 3,412.14 × 36 / (1.085 × 18 °F) = 6,289.66.
    close(c.air_cfm, 6_289.66, 0.01);
    // Water: 204 kW × 60 / (4.186 × 10 K) = 292.40 L/min.
    close(c.coolant_lpm, 292.40, 0.01);
    let cdu_load = c.units.iter().find(|u| u.id == cdu).map(|u| u.load_kw);
    assert_eq!(cdu_load, Some(204.0));
    let crah_load = c.units.iter().find(|u| u.id == crah).map(|u| (u.load_kw, u.capacity_kw));
    assert_eq!(crah_load, Some((36.0, 150.0)));
    // The pair on 300 kVA PDUs fails the 2N check; nothing else is wrong but the missing fabric switch.
    assert_eq!(codes(&r), vec!["pdu-overload-failover", "fabric-no-switch"]);
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
    // Losing the CDU leaves the liquid heat unserved.
    let r = analyse_with(&l, &Failure::CoolingUnit(cdu));
    close(r.cooling.liquid_unserved_kw, 204.0, 1e-9);
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
    item(&mut l, r2).x = 5;
    let r = analyse(&l);
    let w = warning(&r, "overlap");
    assert_eq!(w.items, vec![r1, r2]);
    assert_eq!(w.severity, Severity::Error);
    // Touching is not overlapping.
    item(&mut l, r2).x = 6;
    assert!(!codes(&analyse(&l)).contains(&"overlap"));
    // Outside the hall (20 m = 33.3 tiles wide).
    item(&mut l, r2).x = 33;
    assert_eq!(warning(&analyse(&l), "outside-hall").items, vec![r2]);
    item(&mut l, r2).x = -1;
    assert_eq!(warning(&analyse(&l), "outside-hall").items, vec![r2]);
    item(&mut l, r2).x = 6;
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
    let (l, [rack, leaf, spine]) = small_fabric();
    let r = analyse(&l);
    let n = &r.network;
    assert_eq!(n.switch_type.as_deref(), Some("sw-qm9700"));
    assert_eq!(n.radix, 64);
    assert_eq!((n.leaf_switches, n.spine_switches, n.core_switches), (8, 4, 0));
    // 4 nodes × 8 rails → 8 leaves (one per rail), 8 × 32 uplinks over 64-port spines → 4.
    assert_eq!((n.required.leaf_switches, n.required.spine_switches, n.required.core_switches), (8, 4, 0));
    assert_eq!(n.required.tiers, 2);
    // Node–leaf: rack centre (0.4, 1.2) and leaf centre (6.3, 1.2) on the tray at y = 1.2: 5.9 m run,
    // drops 3.0 − 1.2 and 3.0 − 1.8, allowances 2 × 0.5, slack 0.5: 10.4 m → 15 m stock, multimode.
    // Leaf–spine: spine centre (12.3, 3.6) on the next tray; the crossing tray at x = 12 lies between:
    // 6.0 + 2.4 run + 1.2 + 1.2 drops + 1.5 = 12.3 m → 15 m.
    let c = &r.cables;
    assert_eq!((c.by_tier.node_leaf, c.by_tier.leaf_spine, c.by_tier.spine_core), (32, 256, 0));
    assert_eq!(c.count, 288);
    close(c.total_length_m, 288.0 * 15.0, 1e-9);
    assert_eq!(c.longest_m, 15.0);
    assert_eq!(c.by_media["multimode"].count, 288);
    assert_eq!(c.transceivers, 576);
    assert_eq!(c.by_length.len(), 1);
    assert!(c.longest_link == Some((rack, leaf)) || c.longest_link == Some((leaf, spine)));
    assert!(!codes(&r).contains(&"fabric-short"), "{:?}", codes(&r));
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
    item(&mut l, spine).x = 4_900;
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
    // 5,000 racks on one tile (a broken or hostile file): each is compared with a bounded window of the others
    // in its cell (not all 12.5 million pairs), and the overlaps are still reported.
    let mut l = hall();
    for _ in 0..5_000 {
        add(&mut l, "rack-storage-48u", 3, 3);
    }
    let r = analyse(&l);
    let overlaps: Vec<_> = r.warnings.iter().filter(|w| w.code == "overlap").collect();
    assert_eq!(overlaps.len(), 201, "200 listed pairs and one summary");
    assert!(overlaps[200].message.contains("more overlapping pairs"));
    assert_eq!(r.warnings.iter().find(|w| w.code == "outside-hall").map(|w| w.items.len()), None);
}
