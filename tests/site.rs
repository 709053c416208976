//! The site upstream of the floor PDUs against hand-computed values: every topology's normal and worst-survivor
//! loads, the single points of failure WP75 names, the grid and what covers a shortfall, the outage ride-through,
//! losses and PUE from unit efficiencies, water, the 2N usable floor capacity and the all-in cost.

mod common;

use clusterplan::analysis::{Report, Severity, analyse};
use clusterplan::model::{
    Catalog, EquipmentType, ItemId, Layout, PlantKind, PlantType, Redundancy, Side, Site, TypeId, UnitBank, UpsSystem,
    UpsTopology, UtilityService,
};
use common::{add, close, hall, item};

const TOL: f64 = 1e-9;

fn codes(r: &Report) -> Vec<&'static str> {
    r.warnings.iter().map(|w| w.code).collect()
}

fn has(r: &Report, code: &str, severity: Severity) -> bool {
    r.warnings.iter().any(|w| w.code == code && w.severity == severity)
}

/// A rack drawing 100 kW at peak and 80 kW typical, half its heat to liquid.
fn test_rack() -> EquipmentType {
    let mut t = clusterplan::io::builtin_catalog()
        .get(&TypeId::from("rack-storage-48u"))
        .cloned()
        .unwrap_or_else(|| panic!("storage rack type"));
    t.id = TypeId::from("t-rack");
    t.power_peak_kw = 100.0;
    t.power_typical_kw = 80.0;
    t.liquid_fraction = 0.5;
    t.price = None;
    t
}

fn plant(id: &str, kind: PlantKind, f: impl FnOnce(&mut PlantType)) -> PlantType {
    let mut t = PlantType {
        id: TypeId::from(id),
        name: id.to_owned(),
        kind,
        rating_kw: 0.0,
        rating_kva: 0.0,
        energy_kwh: 0.0,
        efficiency: 1.0,
        kw_per_kw_heat: 0.0,
        water_l_per_kwh: 0.0,
        start_s: 0.0,
        source: "test".into(),
        assumption: false,
        assumption_note: String::new(),
        price: None,
    };
    f(&mut t);
    t
}

/// Plant with round figures: UPS modules of 100 kW at 95 %, unit substations of 500 kVA at 98 %, a substation
/// transformer of 5,000 kVA at 99 %, an MV switchgear lineup of 1,000 kVA, a dry cooler of 1,000 kW drawing 0.05 kW per kW, a chiller of 1,000 kW
/// drawing 0.2 kW per kW and using 2 L per kWh, a tower of 1,000 kW at 0.04 kW and 2.13 L, a 1,000 kW turbine
/// starting in 600 s and a 1,000 kW / 4,000 kWh battery.
fn plant_types() -> Vec<PlantType> {
    vec![
        plant("ups", PlantKind::UpsModule, |t| (t.rating_kw, t.efficiency) = (100.0, 0.95)),
        plant("usub", PlantKind::UnitSubstation, |t| (t.rating_kva, t.efficiency) = (500.0, 0.98)),
        plant("sub", PlantKind::SubstationTransformer, |t| (t.rating_kva, t.efficiency) = (5000.0, 0.99)),
        plant("swgr", PlantKind::MvSwitchgear, |t| t.rating_kva = 1000.0),
        plant("dry", PlantKind::DryCooler, |t| (t.rating_kw, t.kw_per_kw_heat) = (1000.0, 0.05)),
        plant("chiller", PlantKind::WaterCooledChiller, |t| {
            (t.rating_kw, t.kw_per_kw_heat, t.water_l_per_kwh) = (1000.0, 0.2, 2.0)
        }),
        plant("tower", PlantKind::CoolingTower, |t| {
            (t.rating_kw, t.kw_per_kw_heat, t.water_l_per_kwh) = (1000.0, 0.04, 2.13)
        }),
        plant("turbine", PlantKind::GasTurbine, |t| (t.rating_kw, t.start_s) = (1000.0, 600.0)),
        plant("bess", PlantKind::Battery, |t| (t.rating_kw, t.energy_kwh, t.efficiency) = (1000.0, 4000.0, 0.9)),
    ]
}

fn system(id: u32, side: Side, modules: u32, redundant_modules: u32) -> UpsSystem {
    UpsSystem {
        id,
        name: format!("UPS {id}"),
        side,
        module: TypeId::from("ups"),
        modules,
        redundant_modules,
        battery_min: 5.0,
        transformer: TypeId::from("usub"),
        reserve: false,
    }
}

/// A site with the round plant, no distribution loss, 10 kW of house load, 1 MW of firm grid, the liquid loop
/// on 2 dry coolers, the air on 2 chillers, 2 mechanical unit substations and 2 substation transformers.
fn site(topology: UpsTopology, ups: Vec<UpsSystem>) -> Site {
    Site {
        types: plant_types(),
        utility: vec![UtilityService { name: "grid".into(), firm_mw: 1.0, kv: 161.0 }],
        substation: Some(UnitBank::new("sub", 2, 1)),
        mv_switchgear: Some(UnitBank::new("swgr", 2, 1)),
        topology,
        ups,
        distribution_loss_percent: 0.0,
        mechanical: clusterplan::model::MechanicalPlant {
            liquid: Some(UnitBank::new("dry", 2, 1)),
            air: Some(UnitBank::new("chiller", 2, 1)),
            facility_water_c: 32.0,
            feed: Some(UnitBank::new("usub", 2, 1)),
        },
        house_kw: 10.0,
        building_usd_per_mw: 0.0,
        ..Site::default()
    }
}

/// A hall of test racks (power factor 1, so kVA = kW) with the given PDUs; returns the layout and the PDU ids.
fn floor(pdus: u32, redundancy: Redundancy) -> (Layout, Vec<ItemId>) {
    let mut l = hall();
    let mut types = l.catalog.types.clone();
    types.push(test_rack());
    l.catalog = Catalog::new(types);
    l.hall.settings.power_factor = 1.0;
    l.hall.settings.redundancy = redundancy;
    let ids = (0..pdus).map(|n| add(&mut l, "pdu-floor-500kva", 2 * n as i32, 0)).collect();
    (l, ids)
}

fn rack(l: &mut Layout, x: i32, a: ItemId, b: Option<ItemId>) -> ItemId {
    let r = add(l, "t-rack", x, 10);
    let it = item(l, r);
    it.feed_a = Some(a);
    it.feed_b = b;
    r
}

fn site_of(l: &mut Layout) -> &mut Site {
    l.site.as_mut().unwrap_or_else(|| panic!("the layout has a site"))
}

fn upstream(l: &mut Layout, pdu: ItemId, system: u32) {
    item(l, pdu).upstream = Some(system);
}

/// 2N: four 100 kW racks on one A/B PDU pair, PDU A on system 1 (side A), PDU B on system 2 (side B), each
/// system 5 × 100 kW.
fn two_n() -> Layout {
    let (mut l, p) = floor(2, Redundancy::TwoN);
    for n in 0..4 {
        rack(&mut l, 10 + n, p[0], Some(p[1]));
    }
    upstream(&mut l, p[0], 1);
    upstream(&mut l, p[1], 2);
    l.site = Some(site(UpsTopology::TwoN, vec![system(1, Side::A, 5, 0), system(2, Side::B, 5, 0)]));
    l
}

#[test]
fn two_n_loads_losses_and_pue_follow_the_chain_by_hand() {
    let r = analyse(&two_n());
    let s = &r.site;
    assert!(s.modelled);
    // IT 400 kW peak, 320 typical; each PDU carries half: 200 kW peak, 160 typical; each system's output the same.
    let sys1 = &s.systems[0];
    close(sys1.design_kw, 200.0, TOL);
    close(sys1.typical_kw, 160.0, TOL);
    close(sys1.capacity_kw, 500.0, TOL);
    close(sys1.utilisation, 0.4, TOL);
    // System 2 lost: system 1 takes the other half of every rack: 400 kW of its 500.
    close(sys1.survivor_kw, 400.0, TOL);
    assert_eq!(sys1.worst_loss, Some(2));
    close(sys1.dropped_kw, 0.0, TOL);
    // UPS input 200 / 0.95 = 210.526 kW; loss 10.526 per system, 21.053 for both (typical: 160 / 0.95 − 160).
    let ups_in = 200.0 / 0.95;
    close(s.losses_design_kw.ups_kw, 2.0 * (ups_in - 200.0), 1e-9);
    // Unit substation rated on input + 10 % recharge: 210.526 + 20 = 230.526 kVA (PF 1); on failover
    // 400 / 0.95 + 40 = 461.053 kVA of its 500.
    close(sys1.transformer_kva, ups_in + 20.0, 1e-9);
    close(sys1.transformer_survivor_kva, 400.0 / 0.95 + 40.0, 1e-9);
    // Its input: 210.526 / 0.98 per lineup.
    let lineups = 2.0 * ups_in / 0.98;
    // Heat: liquid 50 % of 400 = 200 kW; air 200 + the UPS losses indoors (21.053) = 221.053 kW.
    let air = 200.0 + 2.0 * (ups_in - 200.0);
    let mech = 200.0 * 0.05 + air * 0.2;
    close(s.mechanical_design_kw, mech, 1e-9);
    // Mechanical + house 10 kW through the feed at 98 %; MV = lineups + that; grid = MV / 0.99.
    let mv = lineups + (mech + 10.0) / 0.98;
    let grid = mv / 0.99;
    // Unit substation losses: the lineups' and the mechanical feed's.
    close(s.losses_design_kw.unit_substation_kw, mv - 2.0 * ups_in - (mech + 10.0), 1e-9);
    close(s.losses_design_kw.substation_kw, grid - mv, 1e-9);
    // The MV switchgear carries the MV bus: mv kVA (PF 1) on two 1,000 kVA lineups, one spare; no losses.
    let swgr = s.stages.iter().find(|st| st.kind == "mv-switchgear").unwrap_or_else(|| panic!("switchgear stage"));
    close(swgr.design, mv, 1e-9);
    close(swgr.utilisation, mv / 2000.0, 1e-12);
    close(swgr.worst_survivor_utilisation, mv / 1000.0, 1e-12);
    close(s.facility_design_kw, grid, 1e-9);
    close(s.pue_design, grid / 400.0, 1e-12);
    // Typical: 320 kW IT, every step the same with typical loads.
    let ups_in_t = 160.0 / 0.95;
    let air_t = 160.0 + 2.0 * (ups_in_t - 160.0);
    let mech_t = 160.0 * 0.05 + air_t * 0.2;
    let grid_t = (2.0 * ups_in_t / 0.98 + (mech_t + 10.0) / 0.98) / 0.99;
    close(s.facility_typical_kw, grid_t, 1e-9);
    close(s.pue_annual, grid_t / 320.0, 1e-12);
    close(s.energy_load_factor, 0.8, TOL);
    // The power section shows the chain's figures, not IT × the hall's PUE.
    close(r.power.facility_peak_kw, grid, 1e-9);
    close(r.power.facility_kw, grid_t, 1e-9);
    // Water: the chillers' towers, 2 L per kWh of typical air heat, a day.
    close(s.water_l_per_day, air_t * 2.0 * 24.0, 1e-9);
    close(s.wue_l_per_kwh, air_t * 2.0 / 320.0, 1e-9);
    // The grid (1 MW) carries it: headroom 1,000 − design.
    close(s.headroom_kw, 1000.0 - grid, 1e-9);
    assert_eq!(s.shortfall_covered_by, "no shortfall");
    // 2N with every rack dual-corded: no single point from the topology; the one utility service is one.
    assert_eq!(s.single_points_of_failure.len(), 1, "{:?}", s.single_points_of_failure);
    assert!(s.single_points_of_failure[0].contains("utility service"));
    assert!(!codes(&r).iter().any(|c| c.starts_with("ups") || c.contains("transformer")), "{:?}", codes(&r));
}

#[test]
fn two_n_usable_floor_capacity_is_one_side_not_both() {
    let r = analyse(&two_n());
    // Two 500 kVA PDUs at PF 1 × 80 % = 400 kW each; both sides add to 800 kW, but a side's loss leaves 400.
    close(r.power.pdu_capacity_kw, 800.0, TOL);
    close(r.power.pdu_usable_kw, 400.0, TOL);
}

#[test]
fn two_n_system_too_small_for_failover_is_an_error_naming_its_pdus() {
    let mut l = two_n();
    // 3 × 100 kW: 200 kW now (67 %), 400 kW when the other side is lost (133 %).
    site_of(&mut l).ups.iter_mut().for_each(|u| u.modules = 3);
    let r = analyse(&l);
    close(r.site.systems[0].survivor_kw / r.site.systems[0].capacity_kw, 400.0 / 300.0, 1e-12);
    let w = r.warnings.iter().find(|w| w.code == "ups-failover-overload").unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert_eq!(w.severity, Severity::Error);
    assert_eq!(w.items.len(), 2, "both systems' PDUs: {:?}", w.items);
    // One module each: over its rating in normal operation.
    site_of(&mut l).ups.iter_mut().for_each(|u| u.modules = 1);
    assert!(has(&analyse(&l), "ups-overload", Severity::Error));
}

/// Distributed redundant 4N/3: six PDU pairs, each across a different two of four systems, a 100 kW rack on
/// each pair; systems of 2 × 100 kW.
fn four_make_three() -> Layout {
    let (mut l, p) = floor(12, Redundancy::TwoN);
    let pairs = [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)];
    for (k, (x, y)) in pairs.into_iter().enumerate() {
        let (a, b) = (p[2 * k], p[2 * k + 1]);
        rack(&mut l, 30 + k as i32, a, Some(b));
        upstream(&mut l, a, x);
        upstream(&mut l, b, y);
    }
    l.site = Some(site(UpsTopology::DistributedRedundant, (1..=4).map(|id| system(id, Side::None, 2, 0)).collect()));
    l
}

#[test]
fn distributed_redundant_four_make_three_spreads_a_lost_system_over_its_partners() {
    let r = analyse(&four_make_three());
    let s = &r.site;
    assert_eq!(s.topology, "distributed redundant 4N/3");
    for sys in &s.systems {
        // Each system is in 3 of the 6 pairings: 3 × 50 kW = 150 kW of 200 (75 %, the 4N/3 limit).
        close(sys.design_kw, 150.0, TOL);
        close(sys.utilisation, 0.75, TOL);
        // Any other system lost: it shares one pairing with it, and takes that rack's other 50 kW: 200 kW, 100 %.
        close(sys.survivor_kw, 200.0, TOL);
        close(sys.dropped_kw, 0.0, TOL);
    }
    assert!(!has(&r, "ups-failover-overload", Severity::Error), "exactly 100 % is within rating");
    assert!(s.single_points_of_failure.iter().all(|p| !p.contains("UPS")), "{:?}", s.single_points_of_failure);
}

#[test]
fn distributed_redundant_with_a_pair_on_one_system_names_what_it_drops() {
    let mut l = four_make_three();
    // The last pair's B PDU moved onto system 3, the same as its A: that rack has no path off system 3.
    let b = l.items.iter().filter(|i| i.upstream.is_some()).map(|i| i.id).nth(11).unwrap_or_else(|| panic!("12 PDUs"));
    item(&mut l, b).upstream = Some(3);
    let r = analyse(&l);
    let sys3 = r.site.systems.iter().find(|s| s.id == 3).unwrap_or_else(|| panic!("system 3"));
    // System 3 now carries its 3 pairings (150) + the whole last rack's other half (50): 200 kW; its loss drops
    // the 100 kW rack whose feeds are both on it.
    close(sys3.design_kw, 200.0, TOL);
    close(sys3.dropped_kw, 100.0, TOL);
    assert!(
        r.site.single_points_of_failure.iter().any(|p| p.contains("drop IT load") && p.contains("UPS 3")),
        "{:?}",
        r.site.single_points_of_failure
    );
    assert!(has(&r, "single-point-of-failure", Severity::Warning));
}

#[test]
fn block_redundant_reserve_takes_a_failed_block_whole() {
    // Two blocks: racks dual-corded within their block (two PDUs on one system); a reserve of 3 × 100 kW.
    let (mut l, p) = floor(4, Redundancy::TwoN);
    for n in 0..2 {
        rack(&mut l, 10 + n, p[0], Some(p[1]));
    }
    rack(&mut l, 20, p[2], Some(p[3]));
    for (pdu, sys) in [(p[0], 1), (p[1], 1), (p[2], 2), (p[3], 2)] {
        upstream(&mut l, pdu, sys);
    }
    let mut reserve = system(3, Side::None, 3, 0);
    reserve.reserve = true;
    l.site = Some(site(
        UpsTopology::BlockRedundant,
        vec![system(1, Side::None, 3, 0), system(2, Side::None, 3, 0), reserve],
    ));
    let r = analyse(&l);
    let by_id = |id: u32| r.site.systems.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("system {id}"));
    // Block 1 carries 200 kW, block 2 100 kW, the reserve nothing; losing block 1 puts its 200 kW on the reserve.
    close(by_id(1).design_kw, 200.0, TOL);
    close(by_id(3).design_kw, 0.0, TOL);
    close(by_id(3).survivor_kw, 200.0, TOL);
    assert_eq!(by_id(3).worst_loss, Some(1));
    // With a reserve, no block's loss drops load; WP75's limits are named.
    assert!(r.site.systems.iter().all(|s| s.dropped_kw == 0.0));
    assert!(r.site.single_points_of_failure.iter().any(|p| p.contains("block redundant")));
    // Losing block 1 on the floor: its PDUs pass to the reserve and stay up, as the site says.
    let lost = clusterplan::analysis::analyse_with(&l, &clusterplan::analysis::Failure::UpsSystem(1));
    assert_eq!(lost.power.unpowered_items, 0);
    assert!(lost.power.pdus.iter().all(|p| !p.lost));
    // The same systems labelled 2N: a reserve counts only in a block-redundant design, so block 1's loss drops
    // its 200 kW and says so — a label never hides a single point.
    site_of(&mut l).topology = UpsTopology::TwoN;
    let relabelled = analyse(&l);
    let b1 = relabelled.site.systems.iter().find(|s| s.id == 1).unwrap_or_else(|| panic!("system 1"));
    close(b1.dropped_kw, 200.0, TOL);
    assert!(relabelled.site.single_points_of_failure.iter().any(|p| p.contains("drop IT load")));
}

#[test]
fn pasted_pdus_keep_their_ups_system_only_where_the_site_has_it() {
    let l = two_n();
    let pdu = l.items.iter().find(|i| i.upstream == Some(2)).cloned().unwrap_or_else(|| panic!("PDU B"));
    // Into the same site: kept.
    let same = clusterplan::model::ops::pasted(&l, std::slice::from_ref(&pdu), 1, 1);
    assert_eq!(same[0].upstream, Some(2));
    // Into a hall without a site: dropped, so the paste is a layout the loader accepts.
    let mut bare = hall();
    let pasted = clusterplan::model::ops::pasted(&bare, std::slice::from_ref(&pdu), 1, 1);
    assert_eq!(pasted[0].upstream, None);
    bare.items.extend(pasted);
    assert!(clusterplan::io::check_layout(&bare).is_ok());
}

#[test]
fn single_points_of_failure_follow_wp75_for_each_topology() {
    let spof = |topology: UpsTopology, redundant_modules: u32| {
        let mut l = two_n();
        let s = l.site.as_mut().unwrap_or_else(|| panic!("site"));
        s.topology = topology;
        s.ups.iter_mut().for_each(|u| u.redundant_modules = redundant_modules);
        s.generation = vec![UnitBank::new("turbine", 1, 0)];
        analyse(&l).site.single_points_of_failure
    };
    // A 1 MW turbine carries the ≈0.5 MW design load, so the one utility service is no single point here.
    assert!(spof(UpsTopology::TwoN, 0).is_empty(), "{:?}", spof(UpsTopology::TwoN, 0));
    assert!(spof(UpsTopology::TwoNPlus1, 1).is_empty());
    assert!(spof(UpsTopology::DistributedRedundant, 0).is_empty());
    assert!(spof(UpsTopology::N, 0).iter().any(|p| p.contains("N: no redundant system")));
    assert!(spof(UpsTopology::NPlus1, 1).iter().any(|p| p.contains("paralleling bus")));
    assert!(spof(UpsTopology::BlockRedundant, 0).iter().any(|p| p.contains("no reserve system")));
    // Single-corded racks keep their transfer switch as a single point, whatever the topology.
    let mut l = two_n();
    let r0 = l.items.iter().find(|i| i.type_id.0 == "t-rack").map(|i| i.id).unwrap_or_else(|| panic!("rack"));
    item(&mut l, r0).feed_b = None;
    assert!(analyse(&l).site.single_points_of_failure.iter().any(|p| p.contains("1 single-corded rack")));
}

#[test]
fn a_grid_shortfall_is_covered_by_batteries_for_as_long_as_they_last() {
    let mut l = two_n();
    let s = l.site.as_mut().unwrap_or_else(|| panic!("site"));
    s.utility[0].firm_mw = 0.3;
    s.storage = vec![UnitBank::new("bess", 1, 0)];
    let r = analyse(&l);
    let design = r.site.facility_design_kw;
    let short = design - 300.0;
    close(r.site.headroom_kw, -short, 1e-9);
    // No generation: the 1,000 kW battery covers the shortfall for 4,000 kWh ÷ shortfall.
    let hours = 4000.0 / short;
    assert_eq!(r.site.shortfall_covered_by, format!("generation (0.0 MW) and batteries (1.0 MW) for {hours:.1} h"));
    assert!(has(&r, "grid-shortfall", Severity::Warning), "covered: a warning, {:?}", codes(&r));
    // On an outage the battery (1,000 kW ≥ design) takes the load at once and lasts 4,000 ÷ design hours.
    assert_eq!(r.site.outage.carried_from_s, 0.0);
    close(r.site.outage.storage_hours, 4000.0 / design, 1e-9);
    assert!(has(&r, "ride-through-short", Severity::Warning));
    // Without the battery the shortfall is uncovered: an error.
    site_of(&mut l).storage.clear();
    assert!(has(&analyse(&l), "grid-shortfall", Severity::Error));
}

#[test]
fn generation_starting_after_the_ups_autonomy_is_an_error() {
    let mut l = two_n();
    let s = l.site.as_mut().unwrap_or_else(|| panic!("site"));
    s.generation = vec![UnitBank::new("turbine", 1, 0)];
    // 5 min at rated 500 kW; at 200 kW the batteries last 5 × 500 / 200 = 12.5 min = 750 s ≥ the turbine's 600 s.
    let r = analyse(&l);
    close(r.site.outage.ups_autonomy_min, 12.5, 1e-9);
    assert!(r.site.outage.generation_carries_load);
    assert!(!codes(&r).contains(&"generation-starts-after-ups-autonomy"));
    assert!(r.site.outage.summary.contains("600 s"), "{}", r.site.outage.summary);
    // 1 min rated: 2.5 min = 150 s < 600 s.
    site_of(&mut l).ups.iter_mut().for_each(|u| u.battery_min = 1.0);
    let r = analyse(&l);
    close(r.site.outage.ups_autonomy_min, 2.5, 1e-9);
    assert!(has(&r, "generation-starts-after-ups-autonomy", Severity::Error));
}

#[test]
fn a_tower_uses_water_and_a_dry_cooler_none() {
    let mut l = two_n();
    let dry = analyse(&l).site;
    site_of(&mut l).mechanical.liquid = Some(UnitBank::new("tower", 2, 1));
    let tower = analyse(&l).site;
    // The liquid loop's typical heat, 160 kW, at 2.13 L/kWh for 24 h, on top of the chillers' water.
    close(tower.water_l_per_day - dry.water_l_per_day, 160.0 * 2.13 * 24.0, 1e-9);
    close(tower.water_gal_per_day, tower.water_l_per_day / 3.785_411_784, 1e-9);
    // And the tower's fans and pumps (0.04) instead of the dry cooler's (0.05): 200 kW × 0.01 less at design.
    close(dry.mechanical_design_kw - tower.mechanical_design_kw, 200.0 * 0.01, 1e-9);
}

#[test]
fn an_undersized_plant_bank_and_a_missing_one_are_errors() {
    let mut l = two_n();
    // Air heat 221 kW on one 100 kW chiller.
    {
        let s = site_of(&mut l);
        s.types.iter_mut().filter(|t| t.id.0 == "chiller").for_each(|t| t.rating_kw = 100.0);
        s.mechanical.air = Some(UnitBank::new("chiller", 1, 0));
    }
    assert!(has(&analyse(&l), "cooling-plant-short", Severity::Error));
    site_of(&mut l).mechanical.liquid = None;
    let r = analyse(&l);
    assert!(r.warnings.iter().any(|w| w.code == "cooling-plant-short" && w.message.contains("no heat rejection")));
}

#[test]
fn a_pdu_without_upstream_is_named() {
    let mut l = two_n();
    let p = l.items.iter().find(|i| i.upstream == Some(2)).map(|i| i.id).unwrap_or_else(|| panic!("PDU B"));
    item(&mut l, p).upstream = None;
    let r = analyse(&l);
    let w = r.warnings.iter().find(|w| w.code == "pdu-without-upstream").unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert_eq!(w.items, vec![p]);
    assert_eq!(r.site.pdus_without_upstream, 1);
}

#[test]
fn without_a_site_the_facility_is_the_pue_estimate_and_capex_is_it_only() {
    let mut l = two_n();
    l.site = None;
    l.items.iter_mut().for_each(|i| i.upstream = None);
    let r = analyse(&l);
    assert!(!r.site.modelled);
    // PUE 1.25: 400 × 1.25 design, 320 × 1.25 typical.
    close(r.site.facility_design_kw, 500.0, TOL);
    close(r.site.facility_typical_kw, 400.0, TOL);
    close(r.power.facility_kw, 400.0, TOL);
    assert!(r.cost.includes.starts_with("IT only"));
    close(r.cost.capex_facility_usd, 0.0, TOL);
    close(r.cost.capex_it_usd, r.cost.capex_usd, 1e-6);
}

#[test]
fn all_in_capex_adds_the_plant_and_the_building_to_the_it() {
    let mut l = two_n();
    let s = l.site.as_mut().unwrap_or_else(|| panic!("site"));
    s.building_usd_per_mw = 5_000_000.0;
    for t in &mut s.types {
        t.price = Some(clusterplan::model::Price {
            usd: 1000.0,
            source: "test".into(),
            assumption: false,
            note: String::new(),
            basis: None,
        });
    }
    let it_only = {
        let mut m = l.clone();
        m.site = None;
        m.items.iter_mut().for_each(|i| i.upstream = None);
        analyse(&m).cost.capex_usd
    };
    let r = analyse(&l);
    // Units: 10 UPS modules + 2 lineup substations + 2 mechanical feed = 4 usub, 2 sub, 2 switchgear lineups,
    // 2 dry, 2 chiller = 22 × $1,000. Building: 400 kW IT design × $5,000 per kW = $2,000,000.
    close(r.cost.capex_facility_usd, 22.0 * 1000.0 + 400.0 * 5000.0, 1e-6);
    close(r.cost.capex_it_usd, it_only, 1e-6);
    close(r.cost.capex_usd, it_only + r.cost.capex_facility_usd, 1e-6);
    close(r.cost.capex_all_in_usd, r.cost.capex_usd, 1e-9);
    let bom: f64 = r.bom.iter().map(|b| b.extended_usd).sum();
    close(bom, r.cost.capex_usd, 1e-6);
    assert!(r.bom.iter().any(|b| b.category == "building" && b.quantity == 400 && b.unit == "kW"));
    assert!(r.cost.includes.contains("all-in"));
}

#[test]
fn losing_a_ups_system_loses_its_pdus_and_moves_their_racks_onto_the_other_side() {
    use clusterplan::analysis::{Failure, analyse_with};
    let l = two_n();
    let r = analyse_with(&l, &Failure::UpsSystem(2));
    // PDU B (on system 2) is lost; every rack's 100 kW comes onto PDU A: 400 kW of its 400 usable.
    let (a, b) = (&r.power.pdus[0], &r.power.pdus[1]);
    assert!(!a.lost && b.lost);
    close(a.load_kw, 400.0, TOL);
    assert_eq!(r.power.unpowered_items, 0);
    // On the site: system 1 carries what it would with system 2 lost; system 2 nothing.
    let (s1, s2) = (&r.site.systems[0], &r.site.systems[1]);
    assert!(s2.lost && !s1.lost);
    close(s1.scenario_kw, s1.survivor_kw, TOL);
    close(s1.scenario_kw, 400.0, TOL);
    close(s2.scenario_kw, 0.0, TOL);
    assert_eq!(r.failure, "UPS system 2 lost");
}

#[test]
fn a_utility_outage_puts_the_whole_design_load_on_what_the_site_has() {
    use clusterplan::analysis::{Failure, analyse_with};
    let mut l = two_n();
    site_of(&mut l).generation = vec![UnitBank::new("turbine", 1, 0)];
    let normal = analyse(&l);
    let r = analyse_with(&l, &Failure::Utility);
    // The grid gives nothing: the shortfall is the whole design load, covered by the 1 MW turbine.
    close(r.site.headroom_kw, -r.site.facility_design_kw, TOL);
    assert!(r.site.shortfall_covered_by.starts_with("on-site generation"), "{}", r.site.shortfall_covered_by);
    assert!(!codes(&r).contains(&"grid-shortfall"), "the outage is not a shortfall of the firm grid");
    // Normal operation has headroom; the figures of the floor are the same.
    assert!(normal.site.headroom_kw > 0.0);
    assert_eq!(r.power.pdus, normal.power.pdus);
}

#[test]
fn n_plus_1_counts_the_duty_modules_and_drops_the_load_with_the_system() {
    // One system of 4 × 100 kW modules, one of them spare: 300 kW counted on; both PDUs on it.
    let (mut l, p) = floor(2, Redundancy::TwoN);
    for n in 0..3 {
        rack(&mut l, 10 + n, p[0], Some(p[1]));
    }
    upstream(&mut l, p[0], 1);
    upstream(&mut l, p[1], 1);
    l.site = Some(site(UpsTopology::NPlus1, vec![system(1, Side::None, 4, 1)]));
    let r = analyse(&l);
    let s = &r.site.systems[0];
    // 3 racks × 100 kW = 300 kW on 300 kW: 100 % now; a module lost leaves 3 on duty, so still 100 %.
    close(s.capacity_kw, 300.0, TOL);
    close(s.utilisation, 1.0, TOL);
    assert!(!codes(&r).contains(&"ups-overload"), "exactly the rating is within it");
    // No other system takes anything: its loss drops all 300 kW, named with its paralleling bus.
    close(s.dropped_kw, 300.0, TOL);
    assert!(r.site.single_points_of_failure.iter().any(|p| p.contains("paralleling bus")));
    assert!(r.site.single_points_of_failure.iter().any(|p| p.contains("drop IT load")));
    let ups = r.site.stages.iter().find(|st| st.kind == "ups").unwrap_or_else(|| panic!("ups stage"));
    assert!(ups.worst_survivor_utilisation.is_infinite(), "a system lost drops load");
    assert!(ups.worst_case.contains("drops 300 kW"), "{}", ups.worst_case);
}

#[test]
fn the_colossus_sample_is_short_of_its_grid_at_design_and_says_what_covers_it() {
    let l = clusterplan::io::load_layout(std::path::Path::new("layouts/colossus-100k.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = analyse(&l);
    let s = &r.site;
    // Design facility is peak IT through the chain and plant: above peak IT, and above the 150 MW firm grid.
    assert!(s.facility_design_kw > r.power.it_peak_kw);
    close(s.grid_kw, 150_000.0, TOL);
    assert!(s.headroom_kw < 0.0, "a shortfall: {}", s.headroom_kw);
    // Its published generation (4 turbines + 14 gas gensets = 95 MW) covers the shortfall.
    close(s.generation_kw, 4.0 * 15_000.0 + 14.0 * 2_500.0, TOL);
    assert!(s.shortfall_covered_by.starts_with("on-site generation (95.0 MW"), "{}", s.shortfall_covered_by);
    let w = r.warnings.iter().find(|w| w.code == "grid-shortfall").unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert_eq!(w.severity, Severity::Warning);
    // Colossus's 208 Megapacks ("3.9 MWh each"; the 4-hour unit, 979 kW).
    close(s.storage_kw, 208.0 * 979.0, TOL);
    // The all-in cost adds the plant and the building to the IT.
    assert!(r.cost.capex_facility_usd > 1.5e9, "{}", r.cost.capex_facility_usd);
    close(r.cost.capex_it_usd + r.cost.capex_facility_usd, r.cost.capex_usd, 1e-3);
}

#[test]
fn the_floors_cooling_units_draw_counts_in_the_mechanical_load() {
    let mut l = two_n();
    let without = analyse(&l).site.mechanical_design_kw;
    // Two in-rack CDUs of the built-in catalog: 3 kW each at peak, 2 kW typical (their pumps).
    add(&mut l, "cdu-inrack-250", 30, 0);
    add(&mut l, "cdu-inrack-250", 32, 0);
    let r = analyse(&l);
    close(r.site.mechanical_design_kw - without, 6.0, 1e-9);
    assert!(r.site.pue_design > analyse(&two_n()).site.pue_design);
}

#[test]
fn losing_one_unit_of_a_bank_leaves_the_rest_to_carry_it_and_the_bill_whole() {
    use clusterplan::analysis::{Failure, PlantBank, analyse_with};
    let mut l = two_n();
    let normal = analyse(&l);
    let grid = normal.site.facility_design_kw;
    let stage = |r: &Report, kind: &str| {
        r.site.stages.iter().find(|s| s.kind == kind).cloned().unwrap_or_else(|| panic!("{kind} stage"))
    };
    // Two 5,000 kVA transformers, one spare, PF 1: one lost leaves one carrying the grid's kVA alone — what the
    // normal stage's worst survivor said.
    let lost = analyse_with(&l, &Failure::PlantUnit(PlantBank::Substation));
    let sub = stage(&lost, "substation");
    assert_eq!(sub.units, 1);
    close(sub.utilisation, grid / 5000.0, 1e-9);
    close(sub.utilisation, stage(&normal, "substation").worst_survivor_utilisation, 1e-12);
    assert!(sub.label.contains("lost in the what-if"), "{}", sub.label);
    assert!(!codes(&lost).contains(&"transformer-overload"), "{:?}", codes(&lost));
    // The chain's loads are the same; the bill still counts the unit that failed.
    close(lost.site.facility_design_kw, grid, 1e-9);
    assert_eq!(lost.bom, normal.bom);
    close(lost.cost.capex_all_in_usd, normal.cost.capex_all_in_usd, 1e-6);
    assert_eq!(lost.failure, "one substation transformer lost");

    // Transformers of 300 kVA: two carry the grid's ~460 kVA, one cannot — an error naming the loss.
    site_of(&mut l).types.iter_mut().filter(|t| t.id.0 == "sub").for_each(|t| t.rating_kva = 300.0);
    assert!(grid > 300.0 && grid < 600.0, "{grid}");
    let normal = analyse(&l);
    assert!(has(&normal, "transformer-overload", Severity::Warning), "the spare does not cover a loss");
    let lost = analyse_with(&l, &Failure::PlantUnit(PlantBank::Substation));
    let w = lost
        .warnings
        .iter()
        .find(|w| w.code == "transformer-overload" && w.severity == Severity::Error)
        .unwrap_or_else(|| panic!("{:?}", codes(&lost)));
    assert!(w.message.contains("with one unit lost") && w.message.contains("1 × sub left"), "{}", w.message);
    close(stage(&lost, "substation").utilisation, grid / 300.0, 1e-9);
    // And the grid gives no more than the one left delivers (300 kVA × PF 1): the rest is a shortfall, said so.
    close(lost.site.headroom_kw, 300.0 - grid, 1e-9);
    assert!(
        lost.warnings
            .iter()
            .any(|w| w.code == "grid-shortfall"
                && w.message.contains("the 0.3 MW the substation transformers left deliver")),
        "{:?}",
        lost.warnings
    );

    // A bank of one: nothing is left.
    site_of(&mut l).mechanical.liquid = Some(UnitBank::new("dry", 1, 0));
    let lost = analyse_with(&l, &Failure::PlantUnit(PlantBank::Liquid));
    assert!(
        lost.warnings.iter().any(|w| w.code == "cooling-plant-short"
            && w.severity == Severity::Error
            && w.message.contains("no dry is left to carry the design load of 200 kW heat")),
        "{:?}",
        lost.warnings
    );
    assert!(stage(&lost, "liquid-heat-rejection").utilisation.is_infinite());

    // Generation: a spare turbine covers one lost; without a spare the counted-on generation falls by one unit.
    site_of(&mut l).generation = vec![UnitBank::new("turbine", 2, 1)];
    close(analyse(&l).site.generation_kw, 1000.0, TOL);
    close(analyse_with(&l, &Failure::PlantUnit(PlantBank::Generation(0))).site.generation_kw, 1000.0, TOL);
    site_of(&mut l).generation = vec![UnitBank::new("turbine", 2, 0)];
    close(analyse(&l).site.generation_kw, 2000.0, TOL);
    close(analyse_with(&l, &Failure::PlantUnit(PlantBank::Generation(0))).site.generation_kw, 1000.0, TOL);
    // Every bank of the site is offered, and one it lacks is not.
    let banks = PlantBank::all(l.site.as_ref().unwrap_or_else(|| panic!("site")));
    assert_eq!(
        banks,
        vec![
            PlantBank::Generation(0),
            PlantBank::Substation,
            PlantBank::MvSwitchgear,
            PlantBank::MechanicalFeed,
            PlantBank::Liquid,
            PlantBank::Air
        ]
    );
}

#[test]
fn a_topology_the_lineups_do_not_bear_out_is_named() {
    let mismatch = |l: &Layout| analyse(l).warnings.iter().filter(|w| w.code == "ups-topology-mismatch").count();
    let mut l = two_n();
    assert_eq!(mismatch(&l), 0, "2N with an A and a B system");
    // Relabelled block redundant without a reserve: a lost block drops its PDUs — said.
    site_of(&mut l).topology = UpsTopology::BlockRedundant;
    assert_eq!(mismatch(&l), 1);
    site_of(&mut l).ups[1].reserve = true;
    assert_eq!(mismatch(&l), 0, "with a reserve");
    // 2N with a system of no side, then with both on side A.
    site_of(&mut l).topology = UpsTopology::TwoN;
    site_of(&mut l).ups[1].side = Side::None;
    let r = analyse(&l);
    let w = r.warnings.iter().find(|w| w.code == "ups-topology-mismatch").unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(w.message.contains("1 system(s) have no side"), "{}", w.message);
    assert_eq!(w.items, r.site.systems[1].pdus, "names the PDUs of the system without a side");
    site_of(&mut l).ups[1].side = Side::A;
    let r = analyse(&l);
    assert!(r.warnings.iter().any(|w| w.code == "ups-topology-mismatch" && w.message.contains("one side")));
}

#[test]
fn the_mv_switchgear_carries_the_mv_bus_and_is_checked_like_any_bank() {
    use clusterplan::analysis::{Failure, PlantBank, analyse_with};
    let mut l = two_n();
    // Lineups of 200 kVA: the ~480 kVA MV bus is over both — an error naming the stage.
    site_of(&mut l).types.iter_mut().filter(|t| t.id.0 == "swgr").for_each(|t| t.rating_kva = 200.0);
    let r = analyse(&l);
    assert!(has(&r, "switchgear-overload", Severity::Error), "{:?}", codes(&r));
    // 300 kVA each: both carry it (~80 %), one alone does not — the spare does not cover a loss; losing one errs.
    site_of(&mut l).types.iter_mut().filter(|t| t.id.0 == "swgr").for_each(|t| t.rating_kva = 300.0);
    assert!(has(&analyse(&l), "switchgear-overload", Severity::Warning));
    let lost = analyse_with(&l, &Failure::PlantUnit(PlantBank::MvSwitchgear));
    assert!(has(&lost, "switchgear-overload", Severity::Error));
    // A single lineup is a single point of failure; none is modelled: no stage, no warning.
    site_of(&mut l).mv_switchgear = Some(UnitBank::new("swgr", 1, 0));
    site_of(&mut l).types.iter_mut().filter(|t| t.id.0 == "swgr").for_each(|t| t.rating_kva = 1000.0);
    let r = analyse(&l);
    assert!(r.site.single_points_of_failure.iter().any(|s| s.contains("MV switchgear")), "{:?}", r.site);
    site_of(&mut l).mv_switchgear = None;
    let r = analyse(&l);
    assert!(!r.site.stages.iter().any(|s| s.kind == "mv-switchgear"));
    assert!(!codes(&r).contains(&"switchgear-overload"));
}
