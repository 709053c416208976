//! The designer driven like a user: egui_kittest clicks, drags and keys on the real app, asserting the
//! document and the live numbers after each step.

use std::path::PathBuf;

use clusterplan::io::builtin_catalog;
use clusterplan::model::{Catalog, Item, ItemId, Layout};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::files::ScriptedDialogs;
use clusterplan::ui::view::ViewState;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: DesignerApp) -> Harness<'static, DesignerApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut DesignerApp| app.ui_body(ui), app);
    h.run_steps(3);
    h
}

fn empty_hall() -> DesignerApp {
    let mut l = Layout::empty("UI test", 20.0, 12.0);
    l.catalog = Catalog::new(builtin_catalog().types.clone());
    let mut app = DesignerApp::new(l, None, ViewState::default());
    app.view.dark = true;
    app
}

fn screen(h: &Harness<'_, DesignerApp>, x_m: f64, y_m: f64) -> Pos2 {
    h.state().screen_of(x_m, y_m).unwrap_or_else(|| panic!("no canvas yet"))
}

fn press(h: &mut Harness<'_, DesignerApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
    h.step();
}

fn click_at(h: &mut Harness<'_, DesignerApp>, pos: Pos2) {
    press(h, pos, true);
    press(h, pos, false);
    h.run_steps(2);
}

fn drag(h: &mut Harness<'_, DesignerApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    press(h, from, true);
    for k in 1..=6 {
        let t = k as f32 / 6.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    press(h, to, false);
    h.run_steps(2);
}

fn gpus(h: &mut Harness<'_, DesignerApp>) -> u64 {
    h.state_mut().report().gpus.total
}

#[test]
fn place_move_undo_redo_delete_and_the_totals_follow() {
    let mut h = harness(empty_hall());
    assert_eq!(gpus(&mut h), 0);
    // Pick the Colossus rack in the palette, click the floor.
    h.get_by_label("Colossus liquid rack: 8 × Supermicro 4U HGX H100 + in-rack CDU").click();
    h.run_steps(2);
    let at = screen(&h, 5.0, 5.0);
    click_at(&mut h, at);
    assert_eq!(h.state().doc.layout.items.len(), 1);
    assert_eq!(gpus(&mut h), 64);
    let it_kw = h.state_mut().report().power.it_kw;
    assert!((it_kw - 66.0).abs() < 1e-9);
    // The totals bar shows it.
    assert!(h.query_by_label("64").is_some());
    // Back to the select tool, drag the rack 3 m to the right: one undo step.
    h.key_press(Key::Escape);
    h.run_steps(2);
    let (x0, id) = {
        let item = &h.state().doc.layout.items[0];
        (item.x, item.id)
    };
    let from = screen(&h, 5.0, 5.0);
    let to = screen(&h, 8.0, 5.0);
    drag(&mut h, from, to);
    let x1 = h.state().doc.layout.items[0].x;
    assert_eq!(x1, x0 + 5, "3 m = 5 tiles");
    assert_eq!(h.state().doc.history.undo_len(), 2, "place + one step for the whole drag");
    assert_eq!(h.state().view.selection.iter().copied().collect::<Vec<_>>(), vec![id]);
    // Undo the move, undo the placement, redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout.items[0].x, x0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().doc.layout.items.is_empty());
    assert_eq!(gpus(&mut h), 0);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout.items[0].x, x1);
    assert_eq!(gpus(&mut h), 64);
    // Delete it.
    h.state_mut().view.selection = [id].into_iter().collect();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().doc.layout.items.is_empty());
    assert_eq!(gpus(&mut h), 0);
    assert!(h.state().doc.is_dirty());
    assert!(h.state().doc.title().starts_with("● "));
}

#[test]
fn opening_a_malformed_file_shows_the_error_and_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(version: 1, name: \"broken\", hall: (width_m: 10.0,").unwrap_or_else(|e| panic!("{e}"));
    let mut app = DesignerApp::with_demo(ViewState::default());
    app.files = Box::new(ScriptedDialogs { open: vec![bad.clone()], save: Vec::new() });
    let mut h = harness(app);
    let before = h.state().doc.layout.clone();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Open…").click();
    h.run_steps(3);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("The current hall stays open"), "{error}");
    assert!(error.contains(&format!("{}:1:", bad.display())), "{error}");
    assert!(h.query_by_label_contains("Could not open the file").is_some());
    assert_eq!(h.state().doc.layout, before);
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().error.is_none());
    assert_eq!(h.state().doc.layout, before);
}

#[test]
fn save_and_reopen_through_the_menu() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.path().join("saved.ron");
    let mut app = DesignerApp::with_demo(ViewState::default());
    app.files = Box::new(ScriptedDialogs { open: vec![path.clone()], save: vec![path.clone()] });
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert!(path.exists());
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().view.recent.contains(&path));
    let loaded = clusterplan::io::load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.items, h.state().doc.layout.items);
}

#[test]
fn array_tool_fills_the_rectangle() {
    let mut h = harness(empty_hall());
    h.key_press(Key::A);
    h.run_steps(2);
    assert_eq!(h.state().view.tool, clusterplan::ui::view::Tool::Array);
    // 6.0 × 4.8 m from (1.2, 1.2): tiles 2..=11 × 2..=9 → 10 racks per row (0.6 m wide),
    // rows of 2 tiles with 2-tile aisles in 8 tiles → 2 rows.
    let from = screen(&h, 1.25, 1.25);
    let to = screen(&h, 7.15, 5.95);
    drag(&mut h, from, to);
    assert_eq!(h.state().doc.layout.items.len(), 20);
    assert_eq!(gpus(&mut h), 20 * 64);
    assert_eq!(h.state().doc.history.undo_len(), 1);
    assert_eq!(h.state().view.selection.len(), 20);
}

#[test]
fn clicking_a_warning_selects_its_items() {
    let mut app = empty_hall();
    for n in 1..=2 {
        let mut item = Item::new(ItemId(n), "rack-colossus-64".into(), 4, 4);
        item.su = Some(0);
        app.doc.layout.items.push(item);
    }
    app.doc.revision += 1;
    let mut h = harness(app);
    h.get_by_label("Warnings").click();
    h.run_steps(2);
    h.get_by_label_contains("items #1 and #2 overlap").click();
    h.run_steps(2);
    let sel: Vec<ItemId> = h.state().view.selection.iter().copied().collect();
    assert_eq!(sel, vec![ItemId(1), ItemId(2)]);
}

#[test]
fn snapshots() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .wgpu()
        .build_ui_state(|ui, app: &mut DesignerApp| app.ui_body(ui), DesignerApp::with_demo(ViewState::default()));
    h.run_steps(4);
    h.snapshot("demo_hall");
    h.state_mut().view.overlays.feeds = true;
    h.state_mut().view.failure = clusterplan::analysis::Failure::FeedA;
    h.run_steps(3);
    h.snapshot("demo_hall_feeds_fail_a");
}

#[test]
fn new_asks_before_discarding_unsaved_changes() {
    let mut h = harness(DesignerApp::with_demo(ViewState::default()));
    let first = h.state().doc.layout.items[0].id;
    h.state_mut().view.selection = [first].into_iter().collect();
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert!(h.state().doc.is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(h.state().confirm.is_some());
    // Cancel keeps everything.
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().confirm.is_none());
    assert!(!h.state().doc.layout.items.is_empty());
    // Don't save discards and starts the empty hall.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    assert!(h.state().doc.layout.items.is_empty());
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn generate_dialog_previews_and_creates_an_undoable_hall() {
    let mut h = harness(empty_hall());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    {
        let dialog = h.state_mut().generate.as_mut().unwrap_or_else(|| panic!("no dialog"));
        dialog.preset = "superpod-h100".into();
        dialog.by_gpus = false;
        dialog.su = 2;
    }
    h.run_steps(2);
    assert!(h.query_by_label_contains("512 GPUs in 16 racks").is_some());
    h.get_by_label("Create hall").click();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 512);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 0);
}

#[test]
fn recovery_copy_is_written_offered_and_restored() {
    use clusterplan::ui::recovery::Recovery;
    use eframe::App as _;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let rec = dir.path().join("recovery");
    let mut app = DesignerApp::with_demo(ViewState::default());
    app.use_recovery(Recovery::in_dir(Some(rec.clone()), std::time::Duration::ZERO));
    assert!(app.recovery_offer.is_none());
    let mut h = harness(app);
    // Nothing is written while the document is clean.
    assert!(!rec.join("recovery.ron").exists());
    let first = h.state().doc.layout.items[0].id;
    h.state_mut().view.selection = [first].into_iter().collect();
    h.key_press(Key::ArrowDown);
    h.run_steps(3);
    h.state_mut().recovery.wait();
    assert!(rec.join("recovery.ron").exists(), "a dirty document gets a recovery copy");
    let edited = h.state().doc.layout.items.clone();
    // The process dies here: no clean close.
    drop(h);

    let mut app = DesignerApp::with_demo(ViewState::default());
    app.use_recovery(Recovery::in_dir(Some(rec.clone()), std::time::Duration::ZERO));
    let offer = app.recovery_offer.clone().unwrap_or_else(|| panic!("no offer"));
    assert_eq!(offer.name, "Demo hall");
    let mut h = harness(app);
    assert!(h.query_by_label("Restore unsaved work?").is_some());
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout.items, edited);
    assert!(h.state().doc.is_dirty(), "restored work is unsaved work");
    // A clean close removes the copy.
    h.state_mut().on_exit();
    assert!(!rec.join("recovery.ron").exists());
}

#[test]
fn every_hostile_file_leaves_the_open_document_alone() {
    let files: Vec<PathBuf> =
        std::fs::read_dir("tests/bad").unwrap_or_else(|e| panic!("{e}")).flatten().map(|e| e.path()).collect();
    assert!(files.len() >= 20);
    let mut app = DesignerApp::with_demo(ViewState::default());
    app.files = Box::new(ScriptedDialogs { open: files.clone(), save: Vec::new() });
    let mut h = harness(app);
    let before = h.state().doc.layout.clone();
    for file in &files {
        h.key_press_modifiers(Modifiers::COMMAND, Key::O);
        h.run_steps(2);
        let error = h.state().error.clone().unwrap_or_else(|| panic!("{} opened", file.display()));
        assert!(error.contains(&file.display().to_string()), "{error}");
        h.get_by_label("OK").click();
        h.run_steps(2);
        assert_eq!(h.state().doc.layout, before, "{}", file.display());
    }
}

/// A long random sequence of clicks, drags, keys, palette picks and zooms anywhere in the window: no panic,
/// and the document stays a valid layout (it saves and loads back) the whole time.
#[test]
fn the_designer_survives_its_user() {
    let mut app = DesignerApp::with_demo(ViewState::default());
    app.files = Box::new(ScriptedDialogs::default());
    let mut h = harness(app);
    let palette = [
        "Colossus liquid rack: 8 × Supermicro 4U HGX H100 + in-rack CDU",
        "Floor PDU 500 kVA",
        "Rear-door heat exchanger 40 kW",
        "Network rack 48U (600 × 1200)",
        "NVIDIA GB200 NVL72",
    ];
    let keys = [
        Key::R,
        Key::Delete,
        Key::ArrowLeft,
        Key::ArrowRight,
        Key::ArrowUp,
        Key::ArrowDown,
        Key::Escape,
        Key::A,
        Key::V,
        Key::F,
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Plus,
        Key::Minus,
        Key::Enter,
    ];
    let command_keys = [Key::Z, Key::Y, Key::D, Key::C, Key::V, Key::A];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let size = egui::vec2(1400.0, 900.0);
    let at = |next: &mut dyn FnMut(u64) -> u64| Pos2::new(next(size.x as u64) as f32, next(size.y as u64) as f32);
    for step in 0..500 {
        match next(12) {
            0..=3 => {
                let p = at(&mut next);
                click_at(&mut h, p);
            }
            4 | 5 => {
                let (a, b) = (at(&mut next), at(&mut next));
                drag(&mut h, a, b);
            }
            6 | 7 => {
                h.key_press(keys[next(keys.len() as u64) as usize]);
                h.run_steps(1);
            }
            8 => {
                h.key_press_modifiers(Modifiers::COMMAND, command_keys[next(command_keys.len() as u64) as usize]);
                h.run_steps(1);
            }
            9 => {
                let label = palette[next(palette.len() as u64) as usize];
                let found = h.query_all_by_label(label).next().map(|node| node.click()).is_some();
                if found {
                    h.run_steps(1);
                    let p = h.state().canvas_rect().map_or(Pos2::new(600.0, 400.0), |r| r.center());
                    click_at(&mut h, p + egui::vec2(next(200) as f32 - 100.0, next(200) as f32 - 100.0));
                }
            }
            10 => {
                let p = at(&mut next);
                h.event(Event::PointerMoved(p));
                h.event(Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Line,
                    delta: egui::vec2(0.0, next(7) as f32 - 3.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                    modifiers: Modifiers::NONE,
                });
                h.run_steps(1);
            }
            _ => {
                // Close whatever dialog is open, as a user would.
                for label in ["Cancel", "OK", "Discard"] {
                    if h.query_all_by_label(label).next().map(|node| node.click()).is_some() {
                        h.run_steps(1);
                        break;
                    }
                }
            }
        }
        if step % 25 == 0 {
            let layout = &h.state().doc.layout;
            let text = clusterplan::io::to_ron_string(layout).unwrap_or_else(|e| panic!("step {step}: {e}"));
            clusterplan::io::parse_layout(&text, std::path::Path::new("monkey.ron"))
                .unwrap_or_else(|e| panic!("step {step}: the document is no longer valid: {e}"));
        }
    }
    let layout = h.state().doc.layout.clone();
    let text = clusterplan::io::to_ron_string(&layout).unwrap_or_else(|e| panic!("{e}"));
    clusterplan::io::parse_layout(&text, std::path::Path::new("monkey.ron")).unwrap_or_else(|e| panic!("{e}"));
    let _ = h.state_mut().report();
    // The monkey did edit: otherwise the test proved nothing.
    let steps = h.state().doc.history.undo_len();
    println!("{steps} undo steps, {} items", layout.items.len());
    assert!(steps >= 10, "only {steps} edits happened");
}

#[test]
fn dragging_from_the_palette_places_on_the_floor() {
    let mut h = harness(empty_hall());
    let from = h.get_by_label("Floor PDU 500 kVA").rect().center();
    let to = screen(&h, 10.0, 6.0);
    drag(&mut h, from, to);
    let layout = &h.state().doc.layout;
    assert_eq!(layout.items.len(), 1, "one PDU dropped");
    assert_eq!(layout.items[0].type_id.as_str(), "pdu-floor-500kva");
    // Centred on the drop point, snapped to the nearest tile: (10.0 − 0.6) / 0.6 = 15.7 → 16; (6.0 − 0.6) / 0.6 = 9.
    assert_eq!((layout.items[0].x, layout.items[0].y), (16, 9));
}
