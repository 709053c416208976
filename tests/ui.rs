//! The designer driven like a user: egui_kittest clicks, drags, keys and clipboard events on the real app,
//! asserting the document and the live numbers after each step. Each defect found by trying the designer as a
//! new user has a test here.

mod ui_support;

use std::path::{Path, PathBuf};

use clusterplan::analysis::Failure;
use clusterplan::io::{load_layout, save_layout};
use clusterplan::model::{Item, ItemId, Layout};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::command::Command;
use clusterplan::ui::files::{Picked, ScriptedDialogs};
use clusterplan::ui::view::{Prefs, Tool};
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

fn demo() -> DesignerApp {
    DesignerApp::with_demo(Prefs::default())
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Items the canvas's floor index holds (what it draws from).
fn drawn(h: &egui_kittest::Harness<'_, DesignerApp>) -> usize {
    h.state().caches.index.entries.len()
}

#[test]
fn place_move_undo_redo_delete_and_the_totals_follow() {
    let mut h = harness(empty_hall());
    assert_eq!(gpus(&mut h), 0);
    h.get_by_label("Colossus liquid rack: 8 × Supermicro 4U HGX H100 + in-rack CDU").click();
    h.run_steps(2);
    let at = screen(&h, 5.0, 5.0);
    click_at(&mut h, at);
    assert_eq!(h.state().doc.layout().items.len(), 1);
    assert_eq!(gpus(&mut h), 64);
    assert!((h.state_mut().report().power.it_kw - 66.0).abs() < 1e-9);
    assert!(h.query_by_label("64").is_some(), "the totals bar shows it");
    h.key_press(Key::Escape);
    h.run_steps(2);
    let (x0, id) = (h.state().doc.layout().items[0].x_mm, h.state().doc.layout().items[0].id);
    let (from, to) = (screen(&h, 5.0, 5.0), screen(&h, 8.0, 5.0));
    drag(&mut h, from, to);
    let x1 = h.state().doc.layout().items[0].x_mm;
    assert_eq!(x1, x0 + 3_000, "3 m = 5 tiles, snapped");
    assert_eq!(h.state().doc.history().undo_len(), 2, "place + one step for the whole drag");
    assert_eq!(h.state().session.selection.iter().copied().collect::<Vec<_>>(), vec![id]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items[0].x_mm, x0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().doc.layout().items.is_empty());
    assert_eq!(gpus(&mut h), 0);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items[0].x_mm, x1);
    h.state_mut().session.selection = [id].into_iter().collect();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().doc.layout().items.is_empty());
    assert!(h.state().doc.is_dirty());
    assert!(h.state().doc.title().starts_with("● "));
}

/// Defect 1: New, Open recent, a dropped file and Restore right after start crashed in the canvas or drew the
/// previous hall's items: caches were keyed by a revision that restarts at 1 for every document.
#[test]
fn replacing_the_document_never_draws_the_old_hall() {
    let mut app = demo();
    app.prefs.recent = vec![sample("superpod-h100-4su.ron")];
    let mut h = harness(app);
    let demo_items = h.state().doc.layout().items.len();
    assert_eq!(drawn(&h), demo_items);
    // File › New, right after start.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("New hall").click();
    h.run_steps(3);
    assert!(h.state().doc.layout().items.is_empty());
    assert_eq!(drawn(&h), 0, "the empty hall draws nothing of the demo");
    // File › Open recent.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open recent").click();
    h.run_steps(2);
    h.get_by_label_contains("superpod-h100-4su.ron").click();
    h.run_steps(3);
    let superpod = h.state().doc.layout().items.len();
    assert!(superpod > 0);
    assert_eq!(drawn(&h), superpod);
    // A dropped file.
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(sample("demo.ron"))));
    h.run_steps(3);
    assert_eq!(h.state().doc.layout().items.len(), demo_items);
    assert_eq!(drawn(&h), demo_items);
    assert_invariants(&mut h, "after drop");
}

/// Defect 1, second half: with the restore prompt open, Ctrl+A then Ctrl+D or Delete acted on the hall behind
/// it; Restore then crashed or left a blank canvas.
#[test]
fn the_restore_prompt_takes_the_keyboard_and_restore_draws_the_restored_hall() {
    use clusterplan::ui::recovery::Recovery;
    let dir = tempdir();
    let rec = dir.path().join("recovery");
    // A recovery copy of an edited superpod hall, as a crashed run leaves it.
    let mut first = DesignerApp::new(
        load_layout(&sample("superpod-h100-4su.ron")).unwrap_or_else(|e| panic!("{e}")),
        Some(sample("superpod-h100-4su.ron")),
        Prefs::default(),
    );
    first.use_recovery(Recovery::in_dir(Some(rec.clone()), std::time::Duration::ZERO));
    let mut h = harness(first);
    let id = h.state().doc.layout().items[0].id;
    h.state_mut().session.selection = [id].into_iter().collect();
    h.key_press(Key::ArrowDown);
    h.run_steps(3);
    h.state_mut().files.recovery.wait();
    let edited = h.state().doc.layout().items.clone();
    drop(h);

    let mut app = demo();
    app.use_recovery(Recovery::in_dir(Some(rec.clone()), std::time::Duration::ZERO));
    let mut h = harness(app);
    let before = h.state().doc.layout().clone();
    assert!(h.query_by_label("Restore unsaved work?").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.key_press(Key::Delete);
    h.event(Event::Copy);
    h.run_steps(3);
    assert_eq!(h.state().doc.layout(), &before, "keys behind the prompt do nothing");
    assert!(h.state().session.selection.is_empty());
    h.get_by_label("Restore").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.layout().items, edited);
    assert!(h.state().doc.is_dirty(), "restored work is unsaved work");
    assert_eq!(drawn(&h), edited.len(), "the canvas draws the restored hall");
    assert_invariants(&mut h, "after restore");
    h.state_mut().files.recovery.clear();
}

/// Defect 2: paste kept references to items not pasted: copy a rack, delete its PDU, paste, save — and the file
/// would not open ("refers to item #N, which is not in the layout"), or the pasted rack fed itself.
#[test]
fn a_pasted_rack_never_refers_to_what_is_gone_and_the_save_reopens() {
    let dir = tempdir();
    let path = dir.path().join("pasted.ron");
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs::choosing(Vec::new(), vec![path.clone()]));
    let mut h = harness(app);
    let layout = h.state().doc.layout().clone();
    let rack = layout
        .items
        .iter()
        .find(|i| i.feed_a.is_some() && i.su.is_some())
        .cloned()
        .unwrap_or_else(|| panic!("no fed rack"));
    let pdu = rack.feed_a.unwrap_or_default();
    h.state_mut().session.selection = [rack.id].into_iter().collect();
    h.event(Event::Copy);
    h.run_steps(1);
    let text = copied_text(&h).unwrap_or_else(|| panic!("Ctrl+C put nothing on the clipboard"));
    h.state_mut().session.selection = [pdu].into_iter().collect();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().doc.layout().index_of(pdu).is_none());
    // The platform delivers Ctrl+V as a Paste event with the clipboard's text.
    h.event(Event::Paste(text));
    h.run_steps(2);
    let pasted: Vec<Item> = h
        .state()
        .session
        .selection
        .iter()
        .filter_map(|id| {
            let l = h.state().doc.layout();
            l.index_of(*id).map(|i| l.items[i].clone())
        })
        .collect();
    assert!(!pasted.is_empty(), "something was pasted");
    for item in &pasted {
        for (_, target) in item.references() {
            assert_ne!(target, item.id, "feeds itself");
            assert!(h.state().doc.layout().index_of(target).is_some(), "dangling reference");
        }
    }
    assert_invariants(&mut h, "after paste");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    let reopened = load_layout(&path).unwrap_or_else(|e| panic!("the saved file does not open: {e}"));
    assert_eq!(reopened.items, h.state().doc.layout().items);
}

/// Defect 2: values the loader refuses are refused by the designer too (the edit is not made, the user is
/// told why), and the array tool never overflows the SU number.
#[test]
fn edits_the_loader_would_refuse_are_refused() {
    let mut h = harness(demo());
    let before = h.state().doc.layout().clone();
    let rack = before.items.iter().find(|i| i.su.is_some()).cloned().unwrap_or_else(|| panic!("no GPU rack"));
    let mut bad = Vec::new();
    for change in 0..4 {
        let mut r = rack.clone();
        match change {
            0 => r.su = Some(u32::MAX),
            1 => r.x_mm = i32::MAX,
            2 => r.feed_a = Some(r.id),
            _ => r.servers = Some(0),
        }
        bad.push(r);
    }
    for (n, r) in bad.into_iter().enumerate() {
        let label = format!("bad {n}");
        h.state_mut()
            .run_commands(vec![Command::Edit { label, edit: clusterplan::model::edit::Edit::Replace(vec![r]) }]);
        h.run_steps(1);
        assert_eq!(h.state().doc.layout(), &before, "edit {n} was made");
        assert!(h.state().dialogs.error.is_some(), "edit {n} refused without a word");
        h.state_mut().dialogs.error = None;
    }
    assert_eq!(h.state().refused_edits, 4);
    // An array after a rack in the last SU the fabric allows stays within it.
    let mut last = rack.clone();
    last.su = Some(clusterplan::model::limits::MAX_FABRIC_INDEX);
    let mut l = before.clone();
    let i = l.index_of(rack.id).unwrap_or_default();
    l.items[i] = last;
    let plan = clusterplan::model::ops::array_plan(&l, &"rack-colossus-64".into(), [0.0, 40.0], [20.0, 50.0]);
    let plan = plan.unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.items.iter().all(|i| i.su.is_some_and(|s| s <= clusterplan::model::limits::MAX_FABRIC_INDEX)));
}

/// Defect 3: Esc during a drag left the items moved with no undo step; Ctrl+Z during a drag lost the step.
#[test]
fn esc_during_a_drag_puts_everything_back_and_undo_cancels_it_first() {
    let mut h = harness(demo());
    h.run_steps(2);
    let before = h.state().doc.layout().clone();
    // One step to have something to undo.
    let first = before.items.iter().find(|i| i.su.is_some()).map(|i| i.id).unwrap_or_default();
    h.state_mut().session.selection = [first].into_iter().collect();
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let after_nudge = h.state().doc.layout().clone();
    assert_eq!(h.state().doc.history().undo_len(), 1);
    let rack = after_nudge.items[after_nudge.index_of(first).unwrap_or_default()].clone();
    let c = clusterplan::analysis::geometry::item_rect(&after_nudge, &rack).map(|r| r.centre()).unwrap_or_default();
    let from = screen(&h, c.x, c.y);
    let to = screen(&h, c.x + 4.0, c.y + 2.0);
    drag_with(&mut h, from, to, MidDrag::Escape);
    assert_eq!(h.state().doc.layout(), &after_nudge, "Esc put everything back");
    assert_eq!(h.state().doc.history().undo_len(), 1, "and left no step");
    assert!(!h.state().doc.in_gesture());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &before, "the next undo undoes the nudge");
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &after_nudge);
    // Ctrl+Z in the middle of a drag: the drag is cancelled, then the nudge undone; redo brings it back.
    drag_with(&mut h, from, to, MidDrag::Undo);
    assert_eq!(h.state().doc.layout(), &before);
    assert!(h.state().doc.history().redo_label().is_some(), "the undone step can be redone");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &after_nudge);
    assert_invariants(&mut h, "after drags");
}

/// Defect 4: R turned each item about its own rounded centre (R×4 walked a rack by a tile) and a selection was
/// not turned as a group (a row collapsed into overlaps).
#[test]
fn four_turns_are_the_identity_and_a_group_turns_as_one() {
    let mut h = harness(demo());
    let before = h.state().doc.layout().clone();
    let overlaps = |h: &mut egui_kittest::Harness<'_, DesignerApp>| {
        h.state_mut().report().warnings.iter().filter(|w| w.code == "overlap").map(|w| w.items.len()).sum::<usize>()
    };
    let start_overlaps = overlaps(&mut h);
    // One rack.
    let rack = before.items.iter().find(|i| i.su.is_some()).map(|i| i.id).unwrap_or_default();
    h.state_mut().session.selection = [rack].into_iter().collect();
    for _ in 0..4 {
        h.key_press(Key::R);
        h.run_steps(1);
    }
    assert_eq!(h.state().doc.layout(), &before, "R×4 on one rack");
    // Quick typing puts several presses in one frame: each one counts.
    for _ in 0..3 {
        h.key_press(Key::R);
    }
    h.run_steps(2);
    assert_eq!(h.state().doc.history().undo_len(), 7, "three presses in one frame are three turns");
    h.key_press(Key::R);
    h.run_steps(1);
    assert_eq!(h.state().doc.layout(), &before, "R×4 again");
    // Everything, as one group.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.key_press(Key::R);
    h.run_steps(2);
    assert_eq!(overlaps(&mut h), start_overlaps, "a turned hall has no new overlaps");
    for _ in 0..3 {
        h.key_press(Key::R);
        h.run_steps(1);
    }
    assert_eq!(h.state().doc.layout(), &before, "R×4 on the whole hall");
    assert_eq!(h.state().doc.history().undo_len(), 12);
}

/// Defect 5: Ctrl+C / Ctrl+V did nothing from the keyboard (the platform sends Copy and Paste events); Ctrl+D
/// dropped the copy onto the neighbouring rack.
#[test]
fn copy_paste_by_platform_events_and_duplicate_onto_free_floor() {
    let mut h = harness(demo());
    let before = h.state().doc.layout().items.len();
    let overlaps = |h: &mut egui_kittest::Harness<'_, DesignerApp>| {
        h.state_mut().report().warnings.iter().filter(|w| w.code == "overlap").count()
    };
    assert_eq!(overlaps(&mut h), 0);
    let rack = h.state().doc.layout().items.iter().find(|i| i.su.is_some()).map(|i| i.id).unwrap_or_default();
    h.state_mut().session.selection = [rack].into_iter().collect();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run_steps(2);
    let added = h.state().doc.layout().items.len() - before;
    assert!(added >= 1, "duplicated");
    assert_eq!(overlaps(&mut h), 0, "the copy stands on free floor");
    // Copy and paste as egui-winit delivers them.
    h.event(Event::Copy);
    h.run_steps(1);
    let text = copied_text(&h).unwrap_or_else(|| panic!("nothing copied"));
    let at = screen(&h, 1.0, 1.0);
    h.event(Event::PointerMoved(at));
    h.run_steps(1);
    h.event(Event::Paste(text));
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items.len(), before + 2 * added, "pasted at the cursor");
    // Cut removes and copies.
    h.event(Event::Cut);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items.len(), before + added);
    assert_invariants(&mut h, "after copy and paste");
}

/// Defect 6: moving a rack left its in-rack CDU or rear door behind.
#[test]
fn mounted_units_move_turn_copy_and_delete_with_their_rack() {
    let mut h = harness(demo());
    let layout = h.state().doc.layout().clone();
    let mounts = clusterplan::model::ops::Mounts::of(&layout);
    let host =
        layout.items.iter().find(|i| mounts.unit_of(i.id).is_some()).cloned().unwrap_or_else(|| panic!("no host"));
    let unit = mounts.unit_of(host.id).unwrap_or_default();
    let at = |h: &egui_kittest::Harness<'_, DesignerApp>, id: ItemId| {
        let l = h.state().doc.layout();
        let i = &l.items[l.index_of(id).unwrap_or_default()];
        (i.x_mm, i.y_mm, i.rot)
    };
    let c = clusterplan::analysis::geometry::item_rect(&layout, &host).map(|r| r.centre()).unwrap_or_default();
    // Grab the rack by its front half (the unit is drawn at the back).
    let front = match host.rot {
        clusterplan::model::Rotation::R180 => (c.x, c.y + 0.3),
        _ => (c.x, c.y - 0.3),
    };
    let (from, to) = (screen(&h, front.0, front.1), screen(&h, front.0, front.1 + 6.0));
    h.state_mut().session.selection.clear();
    drag(&mut h, from, to);
    assert_ne!(at(&h, host.id), (host.x_mm, host.y_mm, host.rot), "the rack moved");
    assert_eq!(at(&h, unit), at(&h, host.id), "its unit moved with it");
    h.key_press(Key::R);
    h.run_steps(2);
    assert_eq!(at(&h, unit), at(&h, host.id), "and turned with it");
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run_steps(2);
    assert_eq!(h.state().session.selection.len(), 2, "the copy has its own unit");
    h.state_mut().session.selection = [host.id].into_iter().collect();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().doc.layout().index_of(unit).is_none(), "deleted with its rack");
    assert_invariants(&mut h, "after mounted units");
}

/// Defect 7: imperial units everywhere (Hall tab, flows, scale bar), and text without "1 warnings" or "-0".
#[test]
fn imperial_units_reach_every_panel_and_counts_read_right() {
    let mut prefs = Prefs::default();
    prefs.units.length = clusterplan::format::LengthUnit::Imperial;
    let mut h = harness(DesignerApp::with_demo(prefs));
    h.get_by_label("Hall").click();
    h.run_steps(2);
    let in_feet = h
        .query_all_by_role(egui::accesskit::Role::SpinButton)
        .filter(|n| n.value().is_some_and(|v| v.ends_with(" ft")))
        .count();
    assert!(in_feet >= 8, "hall lengths in feet: {in_feet}");
    h.get_by_label("Report").click();
    h.run_steps(2);
    let has =
        |h: &egui_kittest::Harness<'_, DesignerApp>, text: &str| h.query_all_by_label_contains(text).next().is_some();
    assert!(has(&h, "gpm"), "coolant in gallons per minute");
    assert!(has(&h, "CFM"));
    assert!(!has(&h, "L/min"));
    assert!(has(&h, " mi"), "cable length in miles");
    for bad in ["1 warnings", "1 errors", "1 obstacles", "-0"] {
        assert!(!has(&h, bad), "{bad}");
    }
}

/// Defect 8: the what-if failed per reference (a PDU that is feed A of one rack and feed B of another was lost
/// and alive at once), drew the lost PDU green and kept a deleted PDU "lost".
#[test]
fn what_if_loses_whole_pdus_draws_them_lost_and_forgets_deleted_ones() {
    let mut h = harness(demo());
    h.state_mut().session.failure = Failure::FeedA;
    h.run_steps(2);
    let report = h.state_mut().report().clone();
    let lost: Vec<ItemId> = report.power.pdus.iter().filter(|p| p.lost).map(|p| p.id).collect();
    assert!(!lost.is_empty());
    for p in report.power.pdus.iter().filter(|p| p.lost) {
        assert_eq!(p.load_kw, 0.0, "a lost PDU carries nothing");
    }
    // Its colour on the floor is the lost colour, the partners' their load colour.
    let app = h.state();
    let layout = app.doc.layout();
    for e in &app.caches.index.entries {
        let item = &layout.items[e.item as usize];
        if let Some(p) = report.power.pdus.iter().find(|p| p.id == item.id) {
            let want =
                if p.lost { clusterplan::ui::theme::LOST } else { clusterplan::ui::theme::load(p.utilisation()) };
            assert_eq!(e.fill, want, "{}", item.id);
        }
    }
    // A failed PDU that is deleted takes the what-if with it.
    let pdu = lost[0];
    h.state_mut().session.failure = Failure::Pdu(pdu);
    h.run_steps(1);
    h.state_mut().session.selection = [pdu].into_iter().collect();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(h.state().session.failure, Failure::None);
}

/// Defect 9: the heat overlay ignored switch power (a network rack of 16 SN5600 was drawn cold).
#[test]
fn the_heat_overlay_counts_switches() {
    let mut h = harness(demo());
    h.state_mut().prefs.overlays.heat = true;
    h.run_steps(2);
    let app = h.state();
    let layout = app.doc.layout();
    let net = app
        .caches
        .index
        .entries
        .iter()
        .find(|e| layout.items[e.item as usize].switches.as_ref().is_some_and(|s| s.count >= 4))
        .unwrap_or_else(|| panic!("no network rack with switches"));
    let item = &layout.items[net.item as usize];
    let kw = clusterplan::analysis::item_power_in(layout, item).typical_kw;
    assert!(kw > 1.0, "switches draw power");
    let scale = clusterplan::palette::heat_scale_kw(app.caches.report.report().power.densest_rack_kw);
    assert_eq!(net.fill, clusterplan::ui::theme::heat(kw, scale));
}

/// The heat scale runs to a round number above the hall's densest rack, and follows an edit that changes it;
/// its colours are the legend's (one function) and never grey.
#[test]
fn the_heat_scale_follows_the_densest_rack() {
    let mut h = harness(demo());
    h.state_mut().prefs.overlays.heat = true;
    h.run_steps(2);
    let densest = h.state().caches.report.report().power.densest_rack_kw;
    assert!((densest - 66.0).abs() < 1.0, "the demo's Colossus racks draw 66 kW typical: {densest}");
    assert_eq!(clusterplan::palette::heat_scale_kw(densest), 75);
    assert!(h.query_by_label("0 – 75 kW").is_some(), "the legend says the scale");
    // Half the servers out of every GPU rack: the densest rack halves, the scale follows, and a rack's colour
    // is read on the new scale (not the old one).
    let edit = {
        let layout = h.state().doc.layout();
        let racks: Vec<_> = layout
            .items
            .iter()
            .filter(|i| layout.type_of(i).is_some_and(|t| t.gpu.is_some()))
            .map(|i| {
                let mut i = i.clone();
                i.servers = Some(4);
                i
            })
            .collect();
        clusterplan::model::edit::Edit::Replace(racks)
    };
    h.state_mut().run_commands(vec![clusterplan::ui::command::Command::Edit { label: "half".into(), edit }]);
    h.run_steps(2);
    let densest = h.state().caches.report.report().power.densest_rack_kw;
    let scale = clusterplan::palette::heat_scale_kw(densest);
    assert!(scale < 75, "{densest} kW → {scale}");
    assert!(h.query_by_label(&format!("0 – {scale} kW")).is_some());
    let app = h.state();
    let layout = app.doc.layout();
    let rack = app
        .caches
        .index
        .entries
        .iter()
        .find(|e| layout.type_of(&layout.items[e.item as usize]).is_some_and(|t| t.gpu.is_some()));
    let rack = rack.unwrap_or_else(|| panic!("a GPU rack"));
    let kw = clusterplan::analysis::item_power_in(layout, &layout.items[rack.item as usize]).typical_kw;
    assert_eq!(rack.fill, clusterplan::ui::theme::heat(kw, scale), "coloured on the scale shown");
}

/// Defect 11: with no native file dialog, Save and Open fall back to the designer's own and say so.
#[test]
fn without_a_native_dialog_the_in_app_dialog_saves_and_opens() {
    let dir = tempdir();
    let path = dir.path().join("typed.ron");
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs {
        open: vec![Picked::Unavailable],
        save: vec![Picked::Unavailable],
        ..ScriptedDialogs::default()
    });
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    h.run_steps(3);
    assert!(h.state().dialogs.file_dialog.is_some(), "the in-app dialog opened");
    assert!(h.state().session.status.contains("No system file dialog"));
    assert!(h.query_by_label("Save layout").is_some());
    // The name field has the keyboard: type a whole path and press Enter.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(path.display().to_string()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(h.state().dialogs.file_dialog.is_none());
    assert!(path.exists(), "saved where typed");
    assert!(!h.state().doc.is_dirty());
    load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
    // Open through it too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(3);
    assert!(h.query_by_label("Open layout").is_some());
    assert!(h.query_all_by_label_contains("typed.ron").next().is_some(), "the folder's layouts are listed");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().dialogs.file_dialog.is_none(), "Esc closes it");
}

#[test]
fn opening_a_malformed_file_shows_the_error_and_keeps_the_document() {
    let dir = tempdir();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(version: 1, name: \"broken\", hall: (width_m: 10.0,").unwrap_or_else(|e| panic!("{e}"));
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs::choosing(vec![bad.clone()], Vec::new()));
    let mut h = harness(app);
    let before = h.state().doc.layout().clone();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Open…").click();
    h.run_steps(3);
    let error = h.state().dialogs.error.clone().map(|e| e.text).unwrap_or_default();
    assert!(error.contains("The current hall stays open"), "{error}");
    assert!(error.contains(&format!("{}:1:", bad.display())), "{error}");
    assert_eq!(h.state().doc.layout(), &before);
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().dialogs.error.is_none());
}

#[test]
fn save_reopen_and_the_recent_list() {
    let dir = tempdir();
    let path = dir.path().join("saved.ron");
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs::choosing(Vec::new(), vec![path.clone()]));
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert!(path.exists());
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().prefs.recent.contains(&path));
    let loaded = load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.items, h.state().doc.layout().items);
}

#[test]
fn array_tool_fills_the_rectangle_and_stays_off_obstacles() {
    let mut app = empty_hall();
    let mut l = app.doc.layout().clone();
    l.hall.obstacles.push(clusterplan::model::Obstacle {
        kind: clusterplan::model::ObstacleKind::Column,
        x_m: 3.0,
        y_m: 1.2,
        width_m: 0.6,
        depth_m: 0.6,
        label: None,
    });
    app = DesignerApp::new(l, None, app.prefs.clone());
    let mut h = harness(app);
    h.key_press(Key::A);
    h.run_steps(2);
    assert_eq!(h.state().session.tool, Tool::Array);
    // 6.0 × 4.8 m from (1.2, 1.2): tiles 2..12 × 2..10 → 10 racks per row, 2 rows, less the one on the column.
    let (from, to) = (screen(&h, 1.2, 1.2), screen(&h, 7.2, 6.0));
    drag(&mut h, from, to);
    assert_eq!(h.state().doc.layout().items.len(), 19);
    assert_eq!(h.state().doc.history().undo_len(), 1);
    let on_obstacle = h.state_mut().report().warnings.iter().any(|w| w.code == "on-obstacle");
    assert!(!on_obstacle);
}

#[test]
fn clicking_a_warning_selects_its_items() {
    let mut l = empty_hall().doc.layout().clone();
    for n in 1..=2 {
        let mut item = Item::new(ItemId(n), "rack-colossus-64".into(), 4, 4);
        item.su = Some(0);
        l.items.push(item);
    }
    let mut h = harness(DesignerApp::new(l, None, Prefs::default()));
    h.get_by_label("Warnings").click();
    h.run_steps(2);
    h.get_by_label_contains("items #1 and #2 overlap").click();
    h.run_steps(2);
    let sel: Vec<ItemId> = h.state().session.selection.iter().copied().collect();
    assert_eq!(sel, vec![ItemId(1), ItemId(2)]);
}

#[test]
fn bulk_feed_assignment_powers_every_rack_from_both_sides() {
    let mut l = load_layout(&sample("demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    for item in &mut l.items {
        item.feed_a = None;
        item.feed_b = None;
    }
    let mut h = harness(DesignerApp::new(l, None, Prefs::default()));
    assert!(h.state_mut().report().power.unpowered_items > 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
    h.run_steps(2);
    let r = h.state_mut().report().clone();
    assert_eq!(r.power.unpowered_items, 0, "{}", h.state().session.status);
    assert!(!r.warnings.iter().any(|w| w.code == "single-feed"), "every rack has A and B");
    assert!(!r.warnings.iter().any(|w| w.code.starts_with("pdu-overload")), "no PDU over its room");
    assert_eq!(h.state().doc.history().undo_len(), 1, "one step");
    assert_invariants(&mut h, "after bulk feeds");
}

#[test]
fn new_asks_before_discarding_unsaved_changes() {
    let mut h = harness(demo());
    let first = h.state().doc.layout().items[0].id;
    h.state_mut().session.selection = [first].into_iter().collect();
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert!(h.state().doc.is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(h.state().dialogs.unsaved_prompt.is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().dialogs.unsaved_prompt.is_none());
    assert!(!h.state().doc.layout().items.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    assert!(h.state().doc.layout().items.is_empty());
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn generate_previews_off_the_ui_thread_creates_an_undoable_hall_and_undo_refits() {
    let mut h = harness(empty_hall());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    {
        let dialog = h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog"));
        dialog.preset = "superpod-h100".into();
        dialog.by_gpus = false;
        dialog.su = 2;
        dialog.poll(None);
        assert!(dialog.busy(), "the preview builds on a worker");
        dialog.wait_for_preview();
    }
    h.run_steps(2);
    assert!(h.query_by_label_contains("512 GPUs in 16 racks").is_some());
    let camera = h.state().canvas.camera;
    h.get_by_label("Create hall").click();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 512);
    assert_ne!(h.state().canvas.camera, camera, "fitted to the new hall");
    let fitted = h.state().canvas.camera;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 0);
    assert_ne!(h.state().canvas.camera, fitted, "undoing Generate refits the view");
}

#[test]
fn every_hostile_file_leaves_the_open_document_alone() {
    let files: Vec<PathBuf> =
        std::fs::read_dir("tests/bad").unwrap_or_else(|e| panic!("{e}")).flatten().map(|e| e.path()).collect();
    assert!(files.len() >= 20);
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs::choosing(files.clone(), Vec::new()));
    let mut h = harness(app);
    let before = h.state().doc.layout().clone();
    for file in &files {
        h.key_press_modifiers(Modifiers::COMMAND, Key::O);
        h.run_steps(2);
        let error = h.state().dialogs.error.clone().unwrap_or_else(|| panic!("{} opened", file.display()));
        assert!(error.text.contains(&file.display().to_string()), "{}", error.text);
        h.get_by_label("OK").click();
        h.run_steps(2);
        assert_eq!(h.state().doc.layout(), &before, "{}", file.display());
    }
}

#[test]
fn dragging_from_the_palette_places_on_the_floor() {
    let mut h = harness(empty_hall());
    let from = h.get_by_label("Floor PDU 500 kVA").rect().center();
    let to = screen(&h, 10.0, 6.0);
    drag(&mut h, from, to);
    let layout = h.state().doc.layout();
    assert_eq!(layout.items.len(), 1, "one PDU dropped");
    assert_eq!(layout.items[0].type_id.as_str(), "pdu-floor-500kva");
    // Centred on the drop point, snapped to the nearest tile: (10.0 − 0.6) / 0.6 = 15.7 → 16 tiles = 9.6 m;
    // (6.0 − 0.6) / 0.6 = 9 tiles = 5.4 m.
    assert_eq!((layout.items[0].x_mm, layout.items[0].y_mm), (9_600, 5_400));
}

#[test]
fn obstacles_are_drawn_selected_moved_and_deleted_on_the_canvas() {
    let mut h = harness(empty_hall());
    h.key_press(Key::O);
    h.run_steps(2);
    // Dragged from about (2, 2) to (3, 4) m: snapped to tile edges, 1.8 to 3.0 and 1.8 to 4.2 m.
    let (from, to) = (screen(&h, 2.0, 2.0), screen(&h, 3.0, 4.0));
    drag(&mut h, from, to);
    let hall = h.state().doc.layout().hall.clone();
    assert_eq!(hall.obstacles.len(), 1);
    let o = &hall.obstacles[0];
    let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(near(o.x_m, 1.8) && near(o.y_m, 1.8) && near(o.width_m, 1.2) && near(o.depth_m, 2.4), "{o:?}");
    assert_eq!(h.state().session.obstacle, Some(0));
    h.key_press(Key::Escape);
    h.run_steps(1);
    let (from, to) = (screen(&h, 2.5, 3.0), screen(&h, 5.5, 3.0));
    drag(&mut h, from, to);
    let moved = &h.state().doc.layout().hall.obstacles[0];
    assert!((moved.x_m - (hall.obstacles[0].x_m + 3.0)).abs() < 1e-9, "moved 3 m: {}", moved.x_m);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().doc.layout().hall.obstacles.is_empty());
    assert_eq!(h.state().doc.history().undo_len(), 3);
}

#[test]
fn snapshots() {
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .wgpu()
        .build_ui_state(|ui, app: &mut DesignerApp| app.ui_body(ui), demo());
    h.run_steps(4);
    h.snapshot("demo_hall");
    h.state_mut().prefs.overlays.feeds = true;
    h.state_mut().session.failure = Failure::FeedA;
    h.run_steps(3);
    h.snapshot("demo_hall_feeds_fail_a");
    h.state_mut().session.failure = Failure::None;
    h.state_mut().prefs.overlays.feeds = false;
    h.state_mut().prefs.dark = false;
    h.run_steps(4);
    h.snapshot("demo_hall_light");
}

#[test]
fn saving_refuses_a_layout_that_would_not_open_again() {
    let dir = tempdir();
    let path = dir.path().join("never.ron");
    std::fs::write(&path, "previous").unwrap_or_else(|e| panic!("{e}"));
    let mut l: Layout = load_layout(&sample("demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    l.items[0].name = Some("x".repeat(clusterplan::model::limits::MAX_TEXT_CHARS + 1));
    let mut h = harness(DesignerApp::new(l, Some(path.clone()), Prefs::default()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    let error = h.state().dialogs.error.clone().map(|e| e.text).unwrap_or_default();
    assert!(error.contains("field `name`"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "previous", "nothing written");
    let _ = save_layout;
}

/// Positions are stored in tiles: a new tile size keeps every item where it stands (on the nearest tile of the
/// new grid) instead of sliding the hall's contents together.
#[test]
fn a_new_tile_size_keeps_equipment_in_place() {
    let mut h = harness(demo());
    let before = h.state().doc.layout().clone();
    h.get_by_label("Hall").click();
    h.run_steps(2);
    let fields: Vec<egui::Rect> = h.query_all_by_role(egui::accesskit::Role::SpinButton).map(|n| n.rect()).collect();
    // Width, depth, tile, …
    click_at(&mut h, fields[2].center());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("0.3".into()));
    h.key_press(Key::Enter);
    h.run_steps(3);
    let after = h.state().doc.layout().clone();
    assert_eq!(after.hall.tile_m, 0.3);
    assert_eq!(before.items, after.items, "a new tile size is a new snap grid: nothing moves");
    assert_eq!(h.state().doc.history().undo_len(), 1, "one step");
    assert_invariants(&mut h, "after a new tile size");
}

/// File › Export bill of materials (Ctrl+Shift+B) writes the CSV `clusterplan bom` prints, for the hall in
/// normal operation whatever the what-if; a cancelled dialog writes nothing.
#[test]
fn the_bill_of_materials_exports_from_the_designer() {
    let dir = tempdir();
    let path = dir.path().join("demo-bom.csv");
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs {
        export: vec![Picked::Cancelled, Picked::Path(path.clone())],
        ..ScriptedDialogs::default()
    });
    let mut h = harness(app);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::B);
    h.run_steps(2);
    assert!(!path.exists(), "a cancelled export wrote a file");
    h.state_mut().session.failure = Failure::FeedA;
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::B);
    h.run_steps(2);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no export: {e}"));
    let expected = clusterplan::analysis::analyse(h.state().doc.layout());
    let layout = h.state().doc.layout();
    let today = clusterplan::export::plan::today();
    assert_eq!(text, clusterplan::export::bom_csv(layout, &expected, &today).unwrap_or_else(|e| panic!("{e}")));
    let table = clusterplan::export::bom_table(&text).unwrap_or_else(|e| panic!("{e}"));
    // The columns' names, a row a line, the total.
    assert_eq!(table.len(), expected.bom.len() + 2);
    assert!(h.state().session.status.contains("bill of materials"), "{}", h.state().session.status);
}

#[test]
fn the_plan_exports_from_the_designer_with_the_canvas_overlay() {
    let dir = tempdir();
    let path = dir.path().join("demo-plan.svg");
    let mut app = demo();
    app.files.picker =
        Box::new(ScriptedDialogs { export: vec![Picked::Path(path.clone())], ..ScriptedDialogs::default() });
    let mut h = harness(app);
    h.run_steps(2);
    h.key_press(Key::Num3); // heat overlay on the canvas
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    let choice = h.state().dialogs.export.as_ref().map(|d| d.choice).unwrap_or_else(|| panic!("Ctrl+E opens Export"));
    assert_eq!(choice.overlay, Some(clusterplan::export::PlanOverlay::Heat), "starts from the canvas's overlay");
    assert!(h.state().modal_open(), "the export dialog holds the keyboard");
    h.get_by_label("Plan drawing (SVG)").click();
    h.run_steps(1);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    assert!(h.state().dialogs.export.is_none(), "the dialog closed");
    let svg = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no export: {e}"));
    // The same drawing the command line makes, with the heat overlay (dated as the file is).
    let layout = h.state().doc.layout().clone();
    let report = clusterplan::analysis::analyse(&layout);
    let date = svg.split("Date: ").nth(1).map(|s| s[..10].to_owned()).unwrap_or_else(|| panic!("no date"));
    let opts = clusterplan::export::PlanOptions {
        overlay: Some(clusterplan::export::PlanOverlay::Heat),
        date,
        ..Default::default()
    };
    assert_eq!(svg, clusterplan::export::plan::plan_svg(&layout, &report, &opts));
    assert!(svg.contains("overlay: heat"));
    assert!(h.state().session.status.contains("Exported"), "{}", h.state().session.status);
    // A file named for another format is refused: nothing written, the error says why.
    let wrong = dir.path().join("plan.png");
    h.state_mut().files.picker =
        Box::new(ScriptedDialogs { export: vec![Picked::Path(wrong.clone())], ..ScriptedDialogs::default() });
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    assert!(!wrong.exists(), "an SVG was not written as .png");
    let error = h.state().dialogs.error.as_ref().map(|e| e.text.clone()).unwrap_or_default();
    assert!(error.contains("ends in .png"), "{error}");
    h.state_mut().dialogs.error = None;
    // Esc closes the dialog without writing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    assert!(h.state().dialogs.export.is_some());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().dialogs.export.is_none(), "Esc closes Export");
}

/// The demo hall exported through File › Export… to `path`: Ctrl+E, the dialog's `choices` clicked in order,
/// Export…; a hall this small is exported at once, not on a worker.
fn export_through_the_dialog(path: &std::path::Path, choices: &[&str]) -> egui_kittest::Harness<'static, DesignerApp> {
    let mut app = demo();
    app.files.picker =
        Box::new(ScriptedDialogs { export: vec![Picked::Path(path.to_path_buf())], ..ScriptedDialogs::default() });
    let mut h = harness(app);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    for choice in choices {
        h.get_by_label(choice).click();
        h.run_steps(1);
    }
    h.get_by_label("Export…").click();
    h.run_steps(2);
    h
}

#[test]
fn the_design_pack_exports_from_the_designer_as_the_command_line_writes_it() {
    let dir = tempdir();
    let path = dir.path().join("demo-pack.pdf");
    let h = export_through_the_dialog(&path, &["Plan sheet (PDF, A3)", "design pack"]);
    assert_eq!(h.state().files.export_choice.sheet, clusterplan::export::SheetKind::Pack);
    assert!(h.state().session.status.contains("Wrote the design pack"), "{}", h.state().session.status);
    let pdf = std::fs::read(&path).unwrap_or_else(|e| panic!("no pack: {e}"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap_or_else(|e| panic!("{e}"));
    let layout = h.state().doc.layout().clone();
    let report = clusterplan::analysis::analyse(&layout);
    let sheets = clusterplan::export::pack::sheets(&layout, &report, &clusterplan::export::PlanOptions::default());
    assert_eq!(doc.get_pages().len(), sheets.len());
}

#[test]
fn the_netbox_import_exports_from_the_designer_as_a_folder() {
    let dir = tempdir();
    let path = dir.path().join("demo.netbox");
    let h = export_through_the_dialog(&path, &["NetBox import (a folder of CSVs)"]);
    assert!(h.state().session.status.contains("NetBox import"), "{}", h.state().session.status);
    let files = clusterplan::export::netbox::export(h.state().doc.layout()).unwrap_or_else(|e| panic!("{e}"));
    for f in &files {
        let written = std::fs::read_to_string(path.join(&f.name)).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        assert_eq!(written, f.text, "{}", f.name);
    }
}

/// A file dropped on the window, as egui-winit hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_device_type_imports_from_the_menu_or_a_dropped_file_in_one_undo_step() {
    let qm = std::path::Path::new("tests/fixtures/devicetype/nvidia-qm9700.yaml").to_path_buf();
    let mut app = demo();
    app.files.picker =
        Box::new(ScriptedDialogs { device_type: vec![Picked::Path(qm.clone())], ..ScriptedDialogs::default() });
    let mut h = harness(app);
    h.run_steps(2);
    let id = clusterplan::model::TypeId("nvidia-qm9700".into());
    // File › Import device type… (Ctrl+Shift+I): the dialog shows where the draw comes from and the pitfalls.
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::I);
    h.run_steps(2);
    assert!(h.state().dialogs.import_type.is_some(), "the dialog opened");
    assert!(h.state().modal_open());
    h.get_by_label("Add to the design").click();
    h.run_steps(2);
    assert!(h.state().dialogs.import_type.is_none());
    let added = h.state().doc.layout().catalog.get(&id).cloned().unwrap_or_else(|| panic!("not added"));
    assert_eq!(added.part_number, "MQM9700-NS2F");
    assert!(h.state().session.status.contains("Added device type nvidia-qm9700"), "{}", h.state().session.status);
    // One undo step takes it away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().doc.layout().catalog.get(&id).is_none(), "undone");
    // Dropping the file on the window opens the same dialog; a hostile one says file, line and field.
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(qm)));
    h.run_steps(2);
    assert!(h.state().dialogs.import_type.is_some(), "a dropped .yaml opens Import device type");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().dialogs.import_type.is_none(), "Esc closes it");
    let bad = std::path::Path::new("tests/fixtures/devicetype/unknown-key.yaml").to_path_buf();
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(bad)));
    h.run_steps(2);
    let error = h.state().dialogs.error.as_ref().map(|e| e.text.clone()).unwrap_or_default();
    assert!(error.contains("unknown-key.yaml") && error.contains("max_power_w"), "{error}");
    assert!(h.state().doc.layout().catalog.get(&id).is_none(), "nothing changed");
}

#[test]
fn the_hall_expands_from_the_designer_in_one_undo_step() {
    let mut h = harness(demo());
    h.run_steps(2);
    let before = h.state().doc.layout().clone();
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::G);
    h.run_steps(2);
    {
        let dialog = h.state_mut().dialogs.expand.as_mut().unwrap_or_else(|| panic!("Ctrl+Shift+G opens Expand hall"));
        assert_eq!(dialog.rack_type.0, "rack-colossus-h200-64");
        dialog.gpus = 4096;
        dialog.poll(None);
        dialog.wait_for_preview();
    }
    h.run_steps(2);
    h.get_by_label("Expand").click();
    h.run_steps(2);
    assert!(h.state().dialogs.expand.is_none(), "the dialog closed");
    let after = h.state().doc.layout().clone();
    assert!(after.items.len() > before.items.len());
    for old in &before.items {
        let new = after.items.iter().find(|i| i.id == old.id).unwrap_or_else(|| panic!("item {} lost", old.id.0));
        assert_eq!((&new.type_id, new.x_mm, new.y_mm, new.rot), (&old.type_id, old.x_mm, old.y_mm, old.rot));
    }
    assert_eq!(h.state().caches.report.report().gpus.total, 2048 + 4096);
    assert_eq!(h.state().caches.report.report().error_count(), 0);
    // One undo step takes it all back; redo grows it again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &before);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &after);
}

#[test]
fn a_second_layout_compares_read_only_and_flips_on_the_canvas() {
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs {
        open: vec![Picked::Path(std::path::PathBuf::from("layouts/superpod-h100-4su.ron"))],
        ..ScriptedDialogs::default()
    });
    let mut h = harness(app);
    h.run_steps(2);
    let a_key = h.state().doc.key();
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
    h.run_steps(2);
    assert!(h.state().present.b.is_some(), "Compare with… opened B");
    assert_eq!(h.state().prefs.tab, clusterplan::ui::view::SideTab::Compare);
    // The table: A's and B's figures and the difference.
    h.get_by_label("B − A");
    let b_gpus = h.state().present.b.as_ref().map(|c| c.cache.report().gpus.total);
    assert_eq!(b_gpus, Some(1024));
    assert_eq!(h.query_all_by_label("-1,024").count(), 2, "GPUs and H100s: 1,024 − 2,048");
    // B flips the canvas at the same camera; edits are refused while B shows; B again returns to A.
    let camera = h.state().canvas.camera;
    h.key_press_modifiers(Modifiers::COMMAND, Key::A); // select all of A, on A
    h.run_steps(1);
    assert!(!h.state().session.selection.is_empty());
    h.key_press(Key::B);
    h.run_steps(2);
    assert!(h.state().showing_b());
    assert_eq!(h.state().canvas.camera, camera, "same camera");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(h.state().doc.key(), a_key, "A unchanged while B shows");
    assert!(h.state().session.status.contains("press B to go back"), "{}", h.state().session.status);
    h.key_press(Key::R);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.key(), a_key, "rotate and undo refused too");
    h.key_press(Key::B);
    h.run_steps(2);
    assert!(!h.state().showing_b());
    // Closing the comparison.
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::W);
    h.run_steps(2);
    assert!(h.state().present.b.is_none());
}

#[test]
fn presentation_mode_fills_the_window_with_the_reports_figures() {
    let mut h = harness(demo());
    h.run_steps(2);
    assert!(h.query_by_label("Inspector").is_some(), "the side panel is there while editing");
    h.key_press(Key::F11);
    h.run_steps(3);
    assert!(h.state().present.presenting);
    assert!(h.query_by_label("Inspector").is_none(), "panels give the hall the window");
    let r = h.state().caches.report.report().clone();
    // The tiles show the live report's own numbers.
    h.get_by_label(&clusterplan::format::count(r.gpus.total));
    h.get_by_label(&clusterplan::format::group_float(r.compute.bf16_pflops / 1000.0, 1));
    h.get_by_label(&clusterplan::format::usd(r.cost.capex_usd));
    // IT power and cooling (in MW) are the same heat, so the same figure shows on both tiles.
    let it_mw = clusterplan::format::group_float(r.power.it_kw / 1000.0, 2);
    assert_eq!(h.query_all_by_label(&it_mw).count(), 2, "IT power and cooling tiles show {it_mw}");
    // Esc leaves it (before clearing anything), as F11 does.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().present.presenting);
    assert!(h.query_by_label("Inspector").is_some());
    h.key_press(Key::F11);
    h.run_steps(1);
    h.key_press(Key::F11);
    h.run_steps(1);
    assert!(!h.state().present.presenting);
}

#[test]
fn the_power_tab_draws_the_chain_and_edits_a_stage_as_one_undo_step() {
    use clusterplan::export::sld::SiteNode;
    use clusterplan::ui::command::PrefChange;
    use clusterplan::ui::view::SideTab;
    let layout = load_layout(Path::new("layouts/nvl72-8su.ron")).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness(DesignerApp::new(layout, None, Prefs::default()));
    h.state_mut().run_commands(vec![Command::SetPref(PrefChange::Tab(SideTab::Power))]);
    h.run_steps(2);
    h.get_by_label_contains("Power chain (design basis: peak IT)");
    h.get_by_label("Click a stage to edit it.");
    // The lineups' stage: its editor names the group and the topology.
    let ids: Vec<u32> =
        h.state().doc.layout().site.as_ref().map(|s| s.ups.iter().map(|u| u.id).collect()).unwrap_or_default();
    assert_eq!(ids.len(), 8);
    h.state_mut().run_commands(vec![Command::SelectSiteNode(Some(SiteNode::Ups(ids.clone())))]);
    h.run_steps(2);
    h.get_by_label("UPS lineups × 8");
    h.get_by_label("Topology");
    h.get_by_label("Spare modules");
    // Distributed redundant: the group's size is there to set (the topology is not a bare label).
    h.get_by_label("Systems per group");
    // A stage edited (here as the editor sends it: the whole site, one merged step) and undone.
    let before = h.state().doc.layout().site.clone();
    let mut site = before.clone().unwrap_or_else(|| panic!("a site"));
    site.ups.iter_mut().for_each(|u| u.modules = 4);
    h.state_mut().run_commands(vec![Command::EditMerged {
        label: "Change modules".into(),
        key: 7,
        edit: clusterplan::model::edit::Edit::SetSite(Box::new(Some(site))),
    }]);
    h.run_steps(2);
    let systems = &h.state().caches.report.report().site.systems;
    assert!(systems.iter().all(|s| s.capacity_kw == 4000.0), "4 modules of 1,000 kW");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().site, before, "one undo step restores the site");
    // The substation's stage: its what-if button loses one transformer (the report follows), and clicking again
    // comes back to normal operation.
    h.state_mut().run_commands(vec![Command::SelectSiteNode(Some(SiteNode::Substation))]);
    h.run_steps(2);
    h.get_by_label("Substation transformers");
    h.get_by_label("Lose one substation transformer").click();
    h.run_steps(3);
    assert_eq!(h.state().session.failure, Failure::PlantUnit(clusterplan::analysis::PlantBank::Substation));
    assert_eq!(h.state().caches.report.report().failure, "one substation transformer lost");
    h.get_by_label("Lose one substation transformer").click();
    h.run_steps(3);
    assert_eq!(h.state().session.failure, Failure::None);
    // A 2N site's lineup columns follow their first system: putting UPS B on side A with "Alternate A / B" (a
    // column of one puts it on A) merges the two columns, and the selected column becomes the merged one.
    let demo = load_layout(Path::new("layouts/demo.ron")).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness(DesignerApp::new(demo, None, Prefs::default()));
    h.state_mut().run_commands(vec![Command::SetPref(PrefChange::Tab(SideTab::Power))]);
    let ups: Vec<(u32, clusterplan::model::Side)> = h
        .state()
        .doc
        .layout()
        .site
        .as_ref()
        .map(|s| s.ups.iter().map(|u| (u.id, u.side)).collect())
        .unwrap_or_default();
    assert_eq!(ups.len(), 2);
    let b = ups.iter().find(|u| u.1 == clusterplan::model::Side::B).map(|u| u.0).unwrap_or_else(|| panic!("{ups:?}"));
    h.state_mut().run_commands(vec![Command::SelectSiteNode(Some(SiteNode::Ups(vec![b])))]);
    h.run_steps(2);
    h.get_by_label("Alternate A / B").click();
    h.run_steps(3);
    let all: Vec<u32> = ups.iter().map(|u| u.0).collect();
    assert_eq!(h.state().session.site_node, Some(SiteNode::Ups(all.clone())), "the selection is the merged column");
    let r = h.state().caches.report.report();
    assert!(r.warnings.iter().any(|w| w.code == "ups-topology-mismatch"), "2N with every system on side A");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().doc.layout().site.as_ref().map(|s| s.ups[1].side), Some(ups[1].1), "undone");
    assert_eq!(
        h.state().session.site_node,
        Some(SiteNode::Ups(vec![all[0]])),
        "undo splits it again: the selection is its first system's column"
    );
    // A hall without a site says so.
    let mut bare = h.state().doc.layout().clone();
    bare.site = None;
    bare.items.iter_mut().for_each(|i| i.upstream = None);
    let mut h = harness(DesignerApp::new(bare, None, Prefs::default()));
    h.state_mut().run_commands(vec![Command::SetPref(PrefChange::Tab(SideTab::Power))]);
    h.run_steps(2);
    h.get_by_label_contains("does not model its site");
}

#[test]
fn a_dragged_rack_snaps_beside_its_neighbour_whatever_its_width() {
    // Two 0.8 m DGX racks at x = 1.2 m and 4.8 m (tile edges), 1.2 m deep, at y = 2.4 m. The second is dragged
    // by −2.75 m: its left edge would be at 2.05 m, 50 mm from the first's right edge (2.0 m) — within 10 points
    // at the default zoom — so it stands at 2.0 m, side by side (not at 2.4 m, the nearest tile edge).
    let mut l = Layout::empty("snap", 20.0, 12.0);
    l.catalog = clusterplan::model::Catalog::new(clusterplan::io::builtin_catalog().types.clone());
    l.items.push(Item::new(ItemId(1), "rack-dgx-h100-4".into(), 1_200, 2_400));
    l.items.push(Item::new(ItemId(2), "rack-dgx-h100-4".into(), 4_800, 2_400));
    let mut h = harness(DesignerApp::new(l, None, Prefs::default()));
    let (from, to) = (screen(&h, 5.2, 3.0), screen(&h, 2.45, 3.0));
    drag(&mut h, from, to);
    let moved = h.state().doc.layout().items[1].clone();
    assert_eq!((moved.x_mm, moved.y_mm), (2_000, 2_400), "side by side, level with it");
    assert_eq!(h.state().doc.history().undo_len(), 1);
    assert_invariants(&mut h, "after the snap");
}

#[test]
fn assign_scalable_units_and_fill_required_switches_from_the_inspector() {
    // 16 DGX H100 racks in two rows and 4 empty network racks: the multi-selection inspector numbers the rows
    // into SU 0 and 1 (its default: a row each) and fills 3 of the racks with the fabric's 16 leaves and 8 spines,
    // each one undo step.
    let mut l = Layout::empty("hand", 30.0, 20.0);
    l.catalog = clusterplan::model::Catalog::new(clusterplan::io::builtin_catalog().types.clone());
    l.hall.settings.fabric_switch = Some("sw-qm9700".into());
    let plan = clusterplan::model::ops::array_plan(&l, &"rack-dgx-h100-4".into(), [1.0, 1.0], [7.8, 5.0])
        .unwrap_or_else(|e| panic!("{e}"));
    l.items = plan.items;
    for r in &mut l.items {
        r.su = Some(0);
    }
    let racks: Vec<ItemId> = l.items.iter().map(|i| i.id).collect();
    for n in 0..4 {
        let id = l.next_id();
        l.items.push(Item::new(id, "rack-network-48u".into(), 12_000 + 600 * n, 6_000));
    }
    let nets: Vec<ItemId> = l.items.iter().filter(|i| i.switches.is_none() && i.su.is_none()).map(|i| i.id).collect();
    let mut h = harness(DesignerApp::new(l, None, Prefs::default()));
    h.state_mut().session.selection = racks.iter().copied().collect();
    h.run_steps(2);
    h.get_by_label("Assign scalable units").click();
    h.run_steps(3);
    let sus: std::collections::BTreeSet<Option<u32>> =
        h.state().doc.layout().items.iter().take(16).map(|i| i.su).collect();
    assert_eq!(sus, [Some(0), Some(1)].into_iter().collect());
    h.state_mut().session.selection = nets.iter().copied().collect();
    h.run_steps(2);
    h.get_by_label("Fill required switches (4 network racks)").click();
    h.run_steps(3);
    assert!(
        h.state().session.status.contains("needs 3 switch racks; 3 placed; 1 rack left empty"),
        "{}",
        h.state().session.status
    );
    let report = h.state_mut().report().clone();
    assert_eq!((report.network.leaf_switches, report.network.spine_switches), (16, 8));
    assert!(report.warnings.iter().all(|w| w.code != "fabric-short"), "{:?}", report.warnings);
    assert_eq!(h.state().doc.history().undo_len(), 2, "one step each");
    assert_invariants(&mut h, "after filling");
}

#[test]
fn the_phase_list_edits_as_undoable_steps_and_the_slider_shows_the_hall_as_it_stood() {
    // The demo hall comes online in four phases, one SU each.
    let mut h = harness(demo());
    assert_eq!(h.state().doc.layout().phases.len(), 4);
    h.get_by_label("Phases").click();
    h.run_steps(3);
    assert!(h.query_by_label("1. SU 1").is_some(), "the list names the phases");
    // Add a phase (one undo step), remove all (one step), undo both.
    h.get_by_label("Add phase").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().phases.len(), 5);
    assert_eq!(h.state().doc.layout().phases[4].day, 4 + 30, "30 days after the last");
    h.get_by_label("Remove all").click();
    h.run_steps(2);
    assert!(h.state().doc.layout().phases.is_empty());
    assert_invariants(&mut h, "phases removed");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().phases.len(), 5);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().phases.len(), 4);
    // Click a phase: the floor and the totals show the hall as it stood; SU 3's and SU 4's racks are later
    // (outlines), SU 1's and SU 2's are not.
    h.get_by_label("2. SU 2").click();
    h.run_steps(3);
    assert_eq!(h.state().session.phase, Some(1));
    assert!(h.query_by_label("Phase 2/4 · day 2").is_some(), "the totals bar names the phase");
    assert!(h.query_by_label("1,024").is_some(), "GPUs online in phase 2: two SUs of 512");
    let later_racks = |h: &egui_kittest::Harness<'_, DesignerApp>| {
        let s = h.state();
        let l = s.doc.layout();
        let k = s.session.phase.unwrap_or(usize::MAX);
        l.items.iter().enumerate().filter(|(n, i)| i.su.is_some() && s.caches.phases.later_than(*n, i.id, k)).count()
    };
    assert_eq!(later_racks(&h), 16, "two SUs of 8 racks still to come");
    // The slider: a click at its right end is the whole hall; at its left end phase 1.
    let rect = h.get_by_role(egui::accesskit::Role::Slider).rect();
    click_at(&mut h, egui::pos2(rect.right() - 2.0, rect.center().y));
    h.run_steps(2);
    assert_eq!(h.state().session.phase, None, "the slider's last notch is the whole hall");
    click_at(&mut h, egui::pos2(rect.left() + 2.0, rect.center().y));
    h.run_steps(2);
    assert_eq!(h.state().session.phase, Some(0));
    h.key_press(Key::OpenBracket);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, None, "[ from the first phase is the whole hall");
    h.key_press(Key::OpenBracket);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, Some(3), "[ from the whole hall is the last phase");
    // ] past the last phase is the whole hall again; [ from there the last phase.
    h.key_press(Key::CloseBracket);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, None);
    h.key_press(Key::OpenBracket);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, Some(3));
    // A phase's date typed a key at a time: half a date stays in the field (and changes nothing), a whole one is
    // the phase's date, in one undo step.
    h.get_by_label("1. SU 1").click();
    h.run_steps(3);
    let steps = h.state().doc.history().undo_len();
    // Clicking a phase opens its fields: phase 1's date is the first (phase 2's opened when it was clicked).
    h.get_all_by_role_and_label(egui::accesskit::Role::TextInput, "Date")
        .next()
        .unwrap_or_else(|| panic!("clicking the phase opens its fields"))
        .click();
    h.run_steps(2);
    h.event(Event::Text("2024-0".into()));
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().phases[0].date, None, "half a date is not a date");
    assert!(h.query_by_label_contains("not a date yet").is_some(), "the field says so");
    h.event(Event::Text("6-01".into()));
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().phases[0].date.as_deref(), Some("2024-06-01"));
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().doc.history().undo_len(), steps + 1, "one step for the date typed");
    assert_invariants(&mut h, "a date typed");
    // Play starts from the first phase and steps on by itself.
    h.key_press(Key::P);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, Some(0));
    assert!(h.state().session.playing.is_some());
    // Its time comes (the clock set past it): the next phase.
    h.state_mut().session.playing = Some(0.0);
    h.run_steps(2);
    assert_eq!(h.state().session.phase, Some(1));
    assert!(h.state().session.playing.is_some(), "still playing");
    h.key_press(Key::P);
    h.run_steps(2);
    assert!(h.state().session.playing.is_none(), "P again pauses");
    // Deleting the hall's phases while one is shown shows the whole hall (the button is below the fold now, two
    // phases' fields open above it: clicked as assistive technology clicks it).
    h.get_by_label("Remove all").click_accesskit();
    h.run_steps(2);
    assert!(h.state().doc.layout().phases.is_empty(), "Remove all");
    assert_eq!(h.state().session.phase, None);
    assert_invariants(&mut h, "after the phases");
}

#[test]
fn the_document_data_is_edited_in_the_hall_tab_as_undoable_steps() {
    let mut h = harness(demo());
    h.get_by_label("Hall").click();
    h.run_steps(2);
    h.get_by_label("Document: project, customer, revisions").click();
    h.run_steps(2);
    // A new revision: A, dated today; one undo step takes it back.
    h.get_by_label("New revision").click();
    h.run_steps(2);
    let revs = h.state().doc.layout().document.revisions.clone();
    assert_eq!(revs.len(), 1);
    assert_eq!((revs[0].rev.as_str(), revs[0].date.as_str()), ("A", clusterplan::export::plan::today().as_str()));
    h.get_by_label("New revision").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().document.current().map(|r| r.rev.clone()).as_deref(), Some("B"));
    assert_invariants(&mut h, "two revisions");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().document.revisions.len(), 1, "undo takes revision B back");
}
