//! The live analysis kept up to date edit by edit equals `analyse` of the layout, to the bit, after every step of
//! random edit sequences: moves (single racks, groups, switch racks), turns, pastes, deletes, type, server, feed,
//! cooling, scalable-unit and switch changes, renames and hall changes — under every kind of what-if failure.

use clusterplan::analysis::{Failure, LiveAnalysis, PlantBank, Updated, analyse_with};
use clusterplan::generate::{generate, preset_params};
use clusterplan::model::edit::{Changes, Edit, apply, remove_with_references};
use clusterplan::model::ops::{Mounts, items_of, moved, pasted, rotated};
use clusterplan::model::{EquipmentKind, Item, ItemId, Layout, Redundancy, TypeId};
use clusterplan::palette::ItemStates;
use proptest::prelude::*;

/// A small deterministic generator (xorshift), so a failing seed replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn hall(preset: &str, gpus: u64) -> Layout {
    match preset_params(preset, Some(gpus), None).and_then(|p| generate(&p)) {
        Ok(mut l) => {
            l.items.sort_by_key(|i| i.id);
            l
        }
        Err(e) => panic!("{e}"),
    }
}

fn of_kind(layout: &Layout, kind: EquipmentKind) -> Vec<ItemId> {
    layout.items.iter().filter(|i| layout.type_of(i).is_some_and(|t| t.kind == kind)).map(|i| i.id).collect()
}

fn pick(rng: &mut Rng, layout: &Layout) -> Item {
    layout.items[rng.below(layout.items.len())].clone()
}

/// One random edit of the layout as it stands.
fn random_edit(rng: &mut Rng, layout: &Layout) -> Edit {
    let tile = layout.hall.tile_edge_mm(1);
    let pdus = of_kind(layout, EquipmentKind::Pdu);
    let units = of_kind(layout, EquipmentKind::Cooling);
    let gpu_types: Vec<TypeId> = layout.catalog.of_kind(EquipmentKind::GpuRack).map(|t| t.id.clone()).collect();
    let mounts = Mounts::of(layout);
    match rng.below(16) {
        // A rack dragged a few tiles (its mounted unit with it), the most common edit by far.
        0..=3 => {
            let ids = mounts.with_units_and_hosts([pick(rng, layout).id]);
            // Whole tiles, or (a third of the time) to the millimetre: racks of any width stand anywhere.
            let (dx, dy) = (rng.below(9) as i64 - 4, rng.below(9) as i64 - 4);
            let fine = if rng.below(3) == 0 { rng.below(600) as i64 } else { 0 };
            Edit::Replace(moved(&items_of(layout, &ids), dx * tile + fine, dy * tile))
        }
        // A group: a run of neighbouring items (by id: an array, a switch row).
        4 => {
            let start = rng.below(layout.items.len());
            let ids: Vec<ItemId> = layout.items.iter().skip(start).take(1 + rng.below(40)).map(|i| i.id).collect();
            let ids = mounts.with_units_and_hosts(ids);
            Edit::Replace(moved(
                &items_of(layout, &ids),
                (rng.below(7) as i64 - 3) * tile,
                (rng.below(7) as i64 - 3) * tile,
            ))
        }
        5 => Edit::Replace(rotated(layout, &[pick(rng, layout).id])),
        6 => {
            let ids = mounts.with_units([pick(rng, layout).id]);
            let items = items_of(layout, &ids);
            Edit::Insert(pasted(layout, &items, (rng.below(20) as i64 - 10) * tile, (rng.below(20) as i64 - 10) * tile))
        }
        7 => remove_with_references(layout, &mounts.with_units([pick(rng, layout).id])),
        8 => {
            // Another GPU type, or fewer servers.
            let mut item = pick(rng, layout);
            if layout.type_of(&item).is_some_and(|t| t.gpu.is_some()) {
                if rng.chance(50) && !gpu_types.is_empty() {
                    item.type_id = gpu_types[rng.below(gpu_types.len())].clone();
                } else {
                    item.servers = Some(rng.below(9) as u32);
                }
            }
            Edit::Replace(vec![item])
        }
        9 => {
            let mut item = pick(rng, layout);
            let any_pdu = |rng: &mut Rng| (!pdus.is_empty() && rng.chance(85)).then(|| pdus[rng.below(pdus.len())]);
            item.feed_a = any_pdu(rng);
            item.feed_b = any_pdu(rng);
            // A third feed now and then (the supplies' feed-loss check and the 3-feed failover follow it).
            item.feed_c = if rng.chance(30) { any_pdu(rng) } else { item.feed_c };
            Edit::Replace(vec![item])
        }
        10 => {
            let mut item = pick(rng, layout);
            if rng.chance(25) && layout.type_of(&item).is_some_and(|t| t.cooling.is_some()) {
                // A cooling unit of another type: a mounted CDU becomes an in-row one or back (its rack's units,
                // the loops and the standby check follow).
                let other = ["cdu-inrack-250", "cdu-inrow-1500"].into_iter().find(|t| *t != item.type_id.as_str());
                if let Some(t) = other.filter(|t| layout.catalog.get(&(*t).into()).is_some()) {
                    item.type_id = t.into();
                }
            } else {
                item.cooling = (!units.is_empty() && rng.chance(80)).then(|| units[rng.below(units.len())]);
            }
            Edit::Replace(vec![item])
        }
        11 => {
            let mut item = pick(rng, layout);
            if let Some(fill) = &mut item.switches {
                fill.count = 1 + rng.below(4) as u32;
            } else {
                item.su = Some(rng.below(4) as u32);
            }
            Edit::Replace(vec![item])
        }
        12 => {
            let mut hall = layout.hall.clone();
            hall.settings.pue = 1.1 + rng.below(5) as f64 / 10.0;
            Edit::SetHall(Box::new(hall))
        }
        // A PDU moved to another UPS system of the site (or to none).
        13 if !pdus.is_empty() => {
            let mut item = items_of(layout, &[pdus[rng.below(pdus.len())]]).remove(0);
            let systems: Vec<u32> = layout.site.iter().flat_map(|s| s.ups.iter().map(|u| u.id)).collect();
            item.upstream = (!systems.is_empty() && rng.chance(85)).then(|| systems[rng.below(systems.len())]);
            Edit::Replace(vec![item])
        }
        // The site itself: a system's modules, the house load, a bank of plant.
        14 if layout.site.is_some() => {
            let mut site = layout.site.clone();
            if let Some(s) = &mut site {
                match rng.below(5) {
                    0 if !s.ups.is_empty() => {
                        let n = rng.below(s.ups.len());
                        s.ups[n].modules = 1 + rng.below(5) as u32;
                        s.ups[n].redundant_modules = 0;
                    }
                    1 => s.house_kw = rng.below(500) as f64,
                    // Banks down to one unit (the what-if then leaves none), or gone (the what-if then names none).
                    2 => {
                        if let Some(b) = &mut s.substation {
                            b.count = 1 + rng.below(4) as u32;
                            b.redundant = b.redundant.min(b.count - 1);
                        }
                    }
                    3 if rng.below(4) == 0 => s.mechanical.liquid = None,
                    _ => {
                        if let Some(b) = &mut s.mechanical.liquid {
                            b.count = 1 + rng.below(7) as u32;
                            b.redundant = b.redundant.min(b.count - 1);
                        }
                    }
                }
            }
            Edit::SetSite(Box::new(site))
        }
        _ => Edit::Rename(format!("hall {}", rng.next() % 100)),
    }
}

/// Runs `steps` random edits on `layout` under `failure`, bringing a live analysis up to date after each (or after
/// a few at once), and compares it with `analyse` every time.
fn journey(seed: u64, mut layout: Layout, failure: Failure, steps: usize) {
    let mut rng = Rng(seed | 1);
    let mut live = LiveAnalysis::new(&layout, &failure);
    // The canvas's colours follow the live report the same way.
    let mut states = ItemStates::of(live.report());
    let mut pending = Changes::default();
    let mut followed = 0;
    for step in 0..steps {
        let edit = random_edit(&mut rng, &layout);
        let inverse = apply(&mut layout, edit);
        pending.record(&inverse);
        // Sometimes several edits arrive at once (a frame that applied a gesture's undo and its next update).
        if rng.chance(25) {
            continue;
        }
        match live.update(&layout, &pending) {
            Updated::Items { loads, .. } => {
                followed += 1;
                states.update(live.report(), loads.as_deref());
            }
            Updated::Afresh => states = ItemStates::of(live.report()),
        }
        pending = Changes::default();
        let fresh = analyse_with(&layout, &failure);
        if *live.report() != fresh {
            let a = serde_json::to_value(live.report()).unwrap_or_default();
            let b = serde_json::to_value(&fresh).unwrap_or_default();
            let diff: Vec<String> = diff_paths(&a, &b, String::new()).into_iter().take(12).collect();
            panic!("seed {seed}, step {step}, failure {failure:?}: the live report differs from analyse at {diff:?}");
        }
        assert!(states == ItemStates::of(&fresh), "seed {seed}, step {step}: item states differ from the report's");
    }
    assert!(followed > steps / 3, "seed {seed}: most updates follow item by item ({followed} of {steps})");
}

/// Where two JSON values differ.
fn diff_paths(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Vec<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter()
                .flat_map(|k| {
                    diff_paths(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), format!("{at}.{k}"))
                })
                .collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().flat_map(|(n, (p, q))| diff_paths(p, q, format!("{at}[{n}]"))).collect()
        }
        _ if a == b => Vec::new(),
        _ => vec![format!("{at}: {a} vs {b}")],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_live_report_is_analyse_after_every_edit_in_normal_operation(seed in any::<u64>()) {
        journey(seed, hall("colossus", 3_000), Failure::None, 60);
    }

    #[test]
    fn the_live_report_is_analyse_after_every_edit_under_a_failure(seed in any::<u64>(), kind in 0_u8..8) {
        let layout = hall("colossus", 2_000);
        let pdu = of_kind(&layout, EquipmentKind::Pdu)[0];
        let unit = of_kind(&layout, EquipmentKind::Cooling)[0];
        let failure = match kind {
            0 => Failure::FeedA,
            1 => Failure::FeedB,
            2 => Failure::Pdu(pdu),
            3 => Failure::CoolingUnit(unit),
            4 => Failure::UpsSystem(1),
            5 => Failure::PlantUnit(PlantBank::Substation),
            6 => Failure::PlantUnit(PlantBank::Liquid),
            _ => Failure::Utility,
        };
        journey(seed, layout, failure, 40);
    }
}

#[test]
fn every_preset_follows_edits() {
    for (n, preset) in ["superpod-h100", "nvl72", "demo"].iter().enumerate() {
        let gpus = if *preset == "demo" { None } else { Some(2_000) };
        let layout = match preset_params(preset, gpus, None).and_then(|p| generate(&p)) {
            Ok(l) => l,
            Err(e) => panic!("{preset}: {e}"),
        };
        journey(0x5eed + n as u64, layout, Failure::None, 40);
    }
}

#[test]
fn a_one_rack_move_is_followed_item_by_item() {
    let mut layout = hall("colossus", 3_000);
    let mut live = LiveAnalysis::new(&layout, &Failure::None);
    let rack = layout.items.iter().find(|i| i.su == Some(1)).cloned().unwrap_or_else(|| panic!("no rack"));
    let inverse = apply(&mut layout, Edit::Replace(moved(std::slice::from_ref(&rack), 600, 0)));
    let mut changes = Changes::default();
    changes.record(&inverse);
    match live.update(&layout, &changes) {
        Updated::Items { items, same_items, .. } => assert!(items.contains(&rack.id) && same_items, "{items:?}"),
        Updated::Afresh => panic!("a one-rack move rebuilt the analysis"),
    }
    assert!(*live.report() == analyse_with(&layout, &Failure::None));
    // A hall change starts afresh.
    let mut hall = layout.hall.clone();
    hall.width_m += 10.0;
    let mut changes = Changes::default();
    changes.record(&apply(&mut layout, Edit::SetHall(Box::new(hall))));
    assert_eq!(live.update(&layout, &changes), Updated::Afresh);
    assert!(*live.report() == analyse_with(&layout, &Failure::None));
}

/// A 2,000-GPU Colossus hall in `redundancy` with PDUs shrunk to `pdu_share` of their capacity and cooling units
/// to `cooling_share`, so some run over it and edits move them across the line.
fn tight_hall(redundancy: Redundancy, pdu_share: f64, cooling_share: f64) -> Layout {
    let mut layout = hall("colossus", 2_000);
    layout.hall.settings.redundancy = redundancy;
    for t in &mut layout.catalog.types {
        if let Some(p) = &mut t.pdu {
            p.capacity_kva *= pdu_share;
        }
        if let Some(c) = &mut t.cooling {
            c.capacity_kw *= cooling_share;
        }
    }
    layout
}

#[test]
fn every_redundancy_follows_edits_near_capacity() {
    // In N the peak load decides; in N+1 and 2N the redundancy check (a PDU taking its partner's share) does.
    for (n, (redundancy, pdu_share, code)) in [
        (Redundancy::N, 0.45, "pdu-overload"),
        (Redundancy::NPlus1, 0.9, "pdu-overload-failover"),
        (Redundancy::TwoN, 0.9, "pdu-overload-failover"),
    ]
    .into_iter()
    .enumerate()
    {
        let layout = tight_hall(redundancy, pdu_share, 0.7);
        let r = analyse_with(&layout, &Failure::None);
        let named = |code: &str| r.warnings.iter().filter(|w| w.code == code).map(|w| w.items.len()).sum::<usize>();
        // Some over, some not: edits can move PDUs and units either way.
        assert!((1..r.power.pdus.len()).contains(&named(code)), "{redundancy:?}: {} PDUs over", named(code));
        let units_over = named("cooling-over-capacity");
        assert!((1..r.cooling.units.len()).contains(&units_over), "{units_over} cooling units over");
        journey(0xcafe + n as u64, layout, Failure::None, 80);
    }
}
