//! The build in phases: what is online at each phase's day, its load against its supply, hand-computed.

mod common;

use clusterplan::analysis::phases::{SupplyState, analyse_phases, online_in};
use clusterplan::model::ItemId;
use clusterplan::model::phase::{Phase, PhaseSupply};
use common::{add, close, item, network_rack};

/// Two GB200 NVL72 racks (132 kW peak, 120 kW typical each) in SU 0 and SU 1 on an A/B pair of 300 kVA PDUs,
/// an in-row CDU and a CRAH; the hall's PUE estimate (no site).
fn two_racks() -> (clusterplan::model::Layout, [ItemId; 6]) {
    common::nvl72_pair([0, 1])
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
    // = 3.08 h — covered, for that long: a warning that says so, not the shortfall. The headroom stays the firm
    // supply's (batteries count only for their duration).
    let p3 = &r.phases[2];
    close(p3.supply_total_kw, 400.0, 1e-9);
    close(p3.bess_carries_kw, 2.0 * per_rack_kw - 200.0, 1e-6);
    close(p3.bess_hours.unwrap_or(0.0), 400.0 / (2.0 * per_rack_kw - 200.0), 1e-6);
    close(p3.headroom_kw, 200.0 - 2.0 * per_rack_kw, 1e-6);
    close(p3.short_kw, 0.0, 1e-12);
    assert!(matches!(p3.state(), SupplyState::OnBatteries(..)), "{:?}", p3.state());
    let on_batteries: Vec<&str> =
        r.warnings.iter().filter(|w| w.code == "phase-on-batteries").map(|w| w.message.as_str()).collect();
    assert_eq!(on_batteries.len(), 1);
    assert!(
        on_batteries[0].starts_with("phase 'Megapacks' (day 60)") && on_batteries[0].contains("3.1 h"),
        "{}",
        on_batteries[0]
    );
    // Batteries with no stated energy carry nothing: the same phase without MWh is short.
    let mut no_mwh = l.clone();
    no_mwh.phases[2].supply.bess_mwh = 0.0;
    let r0 = analyse_phases(&no_mwh);
    assert!(matches!(r0.phases[2].state(), SupplyState::Short(kw) if (kw - 130.0).abs() < 1e-6), "{:?}", r0.phases[2]);
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

#[test]
fn what_serves_only_phased_racks_comes_with_them_and_energy_adds_up_by_day() {
    // No phase names the PDUs, the CDU or the CRAH: the PDUs and the CDU serve only the phased racks, so they come
    // with the first (phase 1); the CRAH serves nothing and is there from the start.
    let (mut l, [a, b, r1, r2, cdu, crah]) = two_racks();
    let grid = PhaseSupply { grid_mw: 1.0, ..PhaseSupply::default() };
    l.phases = vec![phase("Rack 1", 10, &[0], &[], grid), phase("Rack 2", 40, &[1], &[], grid)];
    let of = clusterplan::model::phase::item_phases(&l);
    let phase_of = |id: ItemId| of[l.index_of(id).unwrap_or_else(|| panic!("no {id}"))];
    assert_eq!([a, b, cdu, r1, r2, crah].map(phase_of), [Some(0), Some(0), Some(0), Some(0), Some(1), None]);
    // Energy to date: nothing before day 10; then phase 1's facility at the energy basis (120 kW typical IT × the
    // PUE 1.25 = 150 kW) for the 30 days to day 40: 150 × 30 × 24 = 108,000 kWh = 108 MWh.
    let r = analyse_phases(&l);
    close(r.phases[0].facility_energy_kw, 150.0, 1e-6);
    close(r.phases[0].energy_to_date_mwh, 0.0, 1e-12);
    close(r.phases[1].energy_to_date_mwh, 108.0, 1e-6);
    close(r.phases[1].energy_cost_to_date_usd, 108_000.0 * l.hall.settings.energy_usd_per_kwh, 1e-6);
    // A PDU that also feeds a rack online from the start is there from the start.
    let r3 = add(&mut l, "rack-gb200-nvl72", 7, 0);
    item(&mut l, r3).feed_a = Some(a);
    let of = clusterplan::model::phase::item_phases(&l);
    assert_eq!(of[l.index_of(a).unwrap_or(0)], None);
    assert_eq!(of[l.index_of(b).unwrap_or(0)], Some(0));
}

#[test]
fn the_colossus_timeline_carries_its_published_figures_at_each_date() {
    use clusterplan::generate::{generate, preset_params};
    let l = preset_params("colossus", Some(200_000), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let r = analyse_phases(&l);
    let dates: Vec<&str> = l.phases.iter().filter_map(|p| p.date.as_deref()).collect();
    assert_eq!(dates, ["2024-07", "2024-08", "2024-09", "2025-04", "2025-05", "2025-08"]);
    let days: Vec<u32> = l.phases.iter().map(|p| p.day).collect();
    assert_eq!(days, [73, 104, 122, 347, 377, 469], "100k on day 122");
    // Firm supply, MW, as reported (reference §12a), generation less its N+1 spare (§12c), the largest unit:
    // switched on with ≈8 MW of grid and 14 gensets of 2.5 MW: 8 + 35 − 2.5 = 40.5; August: MLGW 50 MW and 4
    // turbines of 15 MW (the Titan 130 rating) beside the gensets: 50 + 60 + 35 − 15 = 130; April 2025: up to 35
    // turbines, ≈422 MW nameplate: 50 + 422 − 15 = 457; May 2025: 150 MW of grid and half the turbines (≈211
    // MW): 150 + 211 − 15 = 346; August 2025: the same, with 208 Megapacks ("3.9 MWh each").
    let firm: Vec<f64> = r.phases.iter().map(|p| p.supply_firm_kw / 1000.0).collect();
    for (got, want) in firm.iter().zip([40.5, 130.0, 130.0, 457.0, 346.0, 346.0]) {
        close(*got, want, 1e-9);
    }
    // May 2025's 150 MW of Megapacks have no reported MWh yet: they count for nothing; August's 208 do (979 kW
    // and 3,916 kWh each, the 4-hour unit's datasheet).
    close(r.phases[4].supply_total_kw / 1000.0, 346.0, 1e-9);
    close(l.phases[5].supply.bess_mw, 208.0 * 0.979, 1e-6);
    close(l.phases[5].supply.bess_mwh, 208.0 * 3.916, 1e-6);
    close(r.phases[5].supply_total_kw / 1000.0, 346.0 + 208.0 * 0.979, 1e-6);
    // What the turbines carry beyond the grid at day 377: 347.1 MW needed − 150 MW grid, all 196 MW counted on.
    close(r.phases[4].generation_carries_kw, 196_000.0, 1e-6);
    close(r.phases[3].generation_carries_kw, r.phases[3].facility_design_kw - 50_000.0, 1e-6);
    // GPUs: the first two phases bring what their firm supply carries at the design basis; 100,000 (whole 512-GPU
    // SUs: 196 of them, 100,352) on day 122; all 200,000 in May 2025.
    let gpus: Vec<u64> = r.phases.iter().map(|p| p.gpus_online).collect();
    assert!(gpus[0] > 0 && gpus[0] < gpus[1] && gpus[1] < 100_000, "{gpus:?}");
    assert_eq!(&gpus[2..], [100_352, 100_352, 200_000, 200_000]);
    for p in &r.phases[..2] {
        assert!(
            p.facility_design_kw <= p.supply_total_kw,
            "{}: {} > {}",
            p.name,
            p.facility_design_kw,
            p.supply_total_kw
        );
    }
    // One more SU would not fit the first phase: the second phase's per-SU step is what the first left out.
    assert!(r.phases[0].supply_total_kw - r.phases[0].facility_design_kw < 1_000.0, "{:?}", r.phases[0]);
    // 100k on August 2024's firm supply is short at the design basis (by 55.1 MW, and at the energy basis too:
    // how it ran is not reported); 200k on May 2025's by 1.1 MW (its Megapacks' MWh not yet reported), then
    // carried by August's batteries.
    let short: Vec<&str> =
        r.warnings.iter().filter(|w| w.code == "phase-power-shortfall").map(|w| w.message.as_str()).collect();
    assert_eq!(short.len(), 2, "{short:?}");
    assert!(short[0].contains("100,000 H100 training") && short[0].contains("short even then"), "{}", short[0]);
    assert!(short[1].starts_with("phase '150 MW substation and 150 MW of Megapacks' (day 377)"), "{}", short[1]);
    assert!(matches!(r.phases[5].state(), SupplyState::OnBatteries(..)), "{:?}", r.phases[5]);
    // Every phase names its source.
    assert!(l.phases.iter().all(|p| p.source.contains("reference §")), "{:?}", l.phases);
}

#[test]
fn phases_edit_as_one_undoable_step_and_removing_an_item_leaves_no_phase_naming_it() {
    use clusterplan::model::edit::{Edit, History, remove_with_references};
    let (mut l, [_, _, r1, _, cdu, crah]) = two_racks();
    l.phases = vec![phase("P1", 0, &[0], &[crah], PhaseSupply::default())];
    let before = l.clone();
    let mut h: History = History::default();
    let mut next = l.phases.clone();
    next.push(phase("P2", 5, &[1], &[cdu], PhaseSupply { grid_mw: 2.0, ..PhaseSupply::default() }));
    h.apply(&mut l, "Add phase", Edit::SetPhases(next));
    assert_eq!(l.phases.len(), 2);
    h.undo(&mut l);
    assert_eq!(l, before);
    h.redo(&mut l);
    assert_eq!(l.phases[1].name, "P2");
    // Deleting the CRAH takes it out of P1 (and undo puts it back).
    let del = remove_with_references(&l, &[crah, r1]);
    h.apply(&mut l, "Delete", del);
    assert!(l.phases.iter().all(|p| !p.items.contains(&crah)), "{:?}", l.phases);
    h.undo(&mut l);
    assert!(l.phases[0].items.contains(&crah));
}

#[test]
fn dates_that_disagree_with_the_days_are_warned() {
    use clusterplan::model::phase::day_number;
    // Days from the civil calendar: 1970-01-01 is 0; 2024-09-02 is 122 days after 2024-05-03 (a leap year's
    // May 3 → Sep 2: 28 + 30 + 31 + 31 + 2).
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(day_number("2024-09-02").zip(day_number("2024-05-03")).map(|(a, b)| a - b), Some(122));
    assert_eq!(day_number("2024-09"), None, "a month has no day number");
    let (mut l, _) = two_racks();
    let date = |d: &str| Some(d.to_owned());
    l.phases = vec![
        Phase { name: "One".into(), day: 10, date: date("2024-08-13"), sus: vec![0], ..Phase::default() },
        Phase { name: "Two".into(), day: 22, date: date("2024-08-20"), sus: vec![1], ..Phase::default() },
    ];
    let warned = |l: &clusterplan::model::Layout| {
        analyse_phases(l).warnings.iter().filter(|w| w.code == "phase-date-mismatch").count()
    };
    assert_eq!(warned(&l), 1, "7 days apart by date, 12 by day");
    l.phases[1].day = 17;
    assert_eq!(warned(&l), 0);
    l.phases[1].date = date("2024-08");
    assert_eq!(warned(&l), 0, "a month is not checked to the day");
}
