//! The build in phases: what is online at each phase's day, its load against its supply, hand-computed.

mod common;

use clusterplan::analysis::phases::{analyse_phases, online_in};
use clusterplan::model::ItemId;
use clusterplan::model::phase::{Phase, PhaseSupply};
use common::{add, close, hall, item, network_rack};

/// Two GB200 NVL72 racks (132 kW peak, 120 kW typical each) in SU 0 and SU 1 on an A/B pair of 300 kVA PDUs,
/// an in-row CDU and a CRAH; the hall's PUE estimate (no site).
fn two_racks() -> (clusterplan::model::Layout, [ItemId; 6]) {
    let mut l = hall();
    let a = add(&mut l, "pdu-floor-300kva", 0, 0);
    let b = add(&mut l, "pdu-floor-300kva", 2, 0);
    let r1 = add(&mut l, "rack-gb200-nvl72", 5, 0);
    let r2 = add(&mut l, "rack-gb200-nvl72", 6, 0);
    let cdu = add(&mut l, "cdu-inrow-1500", 8, 0);
    let crah = add(&mut l, "crah-cw-150", 0, 14);
    for (r, su) in [(r1, 0), (r2, 1)] {
        let it = item(&mut l, r);
        (it.feed_a, it.feed_b, it.cooling, it.su) = (Some(a), Some(b), Some(cdu), Some(su));
    }
    (l, [a, b, r1, r2, cdu, crah])
}

fn phase(name: &str, day: u32, sus: &[u32], items: &[ItemId], supply: PhaseSupply) -> Phase {
    Phase { name: name.into(), day, sus: sus.to_vec(), items: items.to_vec(), supply, ..Phase::default() }
}

#[test]
fn a_shortfall_in_phase_two_is_covered_by_batteries_in_phase_three() {
    let (mut l, [a, b, _, _, cdu, crah]) = two_racks();
    let grid = PhaseSupply { grid_mw: 0.2, ..PhaseSupply::default() };
    l.phases = vec![
        phase("First rack", 0, &[0], &[a, b, cdu, crah], grid),
        phase("Second rack", 30, &[1], &[], grid),
        phase("Megapacks", 60, &[], &[], PhaseSupply { bess_mw: 0.2, bess_mwh: 0.4, ..grid }),
    ];
    let whole = clusterplan::analysis::analyse(&l);
    // Without a site the facility design load is peak IT × the hall's PUE: 132 × 1.25 = 165 kW a rack.
    let per_rack_kw = 165.0;
    close(whole.site.facility_design_kw, 2.0 * per_rack_kw, 1e-6);
    let r = analyse_phases(&l);
    assert_eq!(r.phases.len(), 3);
    // Phase 1: one rack, 72 GPUs, 132 kW peak IT; its facility design load (IT × the hall's PUE) under 200 kW.
    let p1 = &r.phases[0];
    assert_eq!((p1.gpus_online, p1.it_design_kw), (72, 132.0));
    close(p1.facility_design_kw, per_rack_kw, 1e-6);
    close(p1.headroom_kw, 200.0 - per_rack_kw, 1e-6);
    // Phase 2: both racks, 330 kW on the same 200 kW: 130 kW short.
    let p2 = &r.phases[1];
    assert_eq!((p2.gpus_online, p2.it_design_kw), (144, 264.0));
    close(p2.headroom_kw, 200.0 - 2.0 * per_rack_kw, 1e-6);
    assert!(p2.headroom_kw < 0.0, "{per_rack_kw}");
    let short: Vec<&str> =
        r.warnings.iter().filter(|w| w.code == "phase-power-shortfall").map(|w| w.message.as_str()).collect();
    assert_eq!(short.len(), 1);
    assert!(short[0].starts_with("phase 'Second rack' (day 30)"), "{}", short[0]);
    // Phase 3: 200 kW of batteries on top: total 400 kW; they carry the 130 kW beyond the grid for 400 kWh ÷ 130 kW
    // = 3.08 h.
    let p3 = &r.phases[2];
    close(p3.supply_total_kw, 400.0, 1e-9);
    close(p3.bess_carries_kw, 2.0 * per_rack_kw - 200.0, 1e-6);
    close(p3.bess_hours.unwrap_or(0.0), 400.0 / (2.0 * per_rack_kw - 200.0), 1e-6);
    assert!(p3.headroom_kw > 0.0);
    // Cumulative capital: the last phase holds everything, as the report does.
    close(p3.capex_to_date_usd, whole.cost.capex_usd, 1e-6);
    assert!(p1.capex_to_date_usd < p2.capex_to_date_usd);
}

#[test]
fn a_scalable_unit_online_without_its_spines_is_warned() {
    // Two SUs with their leaves (in the SU's phase) and a spine rack that only comes in the last phase.
    let (mut l, [a, b, _, _, cdu, crah]) = two_racks();
    l.hall.settings.fabric_switch = Some("sw-qm9700".into());
    let leaf0 = network_rack(&mut l, 10, 0, "sw-qm9700", 4, clusterplan::model::SwitchRole::Leaf);
    if let Some(f) = item(&mut l, leaf0).switches.as_mut() {
        f.su = 0;
    }
    let spine = network_rack(&mut l, 12, 0, "sw-qm9700", 2, clusterplan::model::SwitchRole::Spine);
    let big = PhaseSupply { grid_mw: 10.0, ..PhaseSupply::default() };
    l.phases = vec![phase("SU 0", 0, &[0], &[a, b, cdu, crah], big), phase("Spines", 10, &[1], &[spine], big)];
    // Phase 1 has SU 0's rack and its leaf rack (by its SU), not the spine rack.
    let first = online_in(&l, 0);
    assert!(first.items.iter().any(|i| i.id == leaf0) && first.items.iter().all(|i| i.id != spine));
    let r = analyse_phases(&l);
    assert!(
        r.warnings.iter().any(|w| w.code == "phase-fabric-incomplete" && w.message.starts_with("phase 'SU 0'")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_layout_without_phases_is_one_phase_of_everything() {
    let (l, _) = two_racks();
    let r = analyse_phases(&l);
    let whole = clusterplan::analysis::analyse(&l);
    assert_eq!(r.phases.len(), 1);
    assert_eq!(r.phases[0].gpus_online, 144);
    close(r.phases[0].facility_design_kw, whole.site.facility_design_kw, 1e-9);
    // And the phases survive a save and a load, one a line.
    let mut l = l;
    l.phases = vec![Phase { name: "All".into(), day: 0, date: Some("2024-06-01".into()), ..Phase::default() }];
    let text = clusterplan::io::to_ron_string(&l).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("    phases: [\n        (name: \"All\", day: 0, date: \"2024-06-01\""), "{text}");
    let back = clusterplan::io::parse_layout(&text, std::path::Path::new("p.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.phases, l.phases);
    // A bad date, phases out of order, a missing item: refused, naming the phase.
    let refuse = |mut l: clusterplan::model::Layout, change: &dyn Fn(&mut clusterplan::model::Layout)| {
        change(&mut l);
        clusterplan::io::check_layout(&l).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert!(refuse(l.clone(), &|l| l.phases[0].date = Some("June".into())).contains("write YYYY-MM-DD"));
    // An item deleted since is ignored (deleting never makes the file unreadable); an impossible id is refused.
    assert!(refuse(l.clone(), &|l| l.phases[0].items = vec![ItemId(999)]).is_empty());
    assert!(refuse(l.clone(), &|l| l.phases[0].items = vec![ItemId(2_000_000_000)]).contains("beyond any item id"));
    assert!(
        refuse(l.clone(), &|l| l.phases.push(Phase { name: "Earlier".into(), ..Phase::default() })).is_empty(),
        "day 0 after day 0 is in order"
    );
}
