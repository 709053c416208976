//! The designer keeps its promises (issue 20): it never writes one design over another's file, a text field keeps
//! its keys however many arrive at once, every undo and redo press is one step in order, nothing of one hall's
//! session outlives it, a scenario never replaces a compared file unasked, Cancel tells the truth, and each
//! designer keeps its own recovery copy. Each test here failed before its fix.

mod ui_support;

use std::path::{Path, PathBuf};

use clusterplan::analysis::Failure;
use clusterplan::generate::{generate, preset_params};
use clusterplan::model::{EquipmentKind, ItemId, Layout};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::command::Command;
use clusterplan::ui::files::ScriptedDialogs;
use clusterplan::ui::jobs::Gate;
use clusterplan::ui::view::Prefs;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::*;

fn demo() -> DesignerApp {
    DesignerApp::with_demo(Prefs::default())
}

/// A small generated hall (2,560 H100).
fn colossus_2560() -> Layout {
    let params = preset_params("colossus", Some(2_560), None).unwrap_or_else(|e| panic!("{e}"));
    generate(&params).unwrap_or_else(|e| panic!("{e}"))
}

/// Clicks the catalog's search box (the text field in the left panel).
fn click_search(h: &mut Harness<'_, DesignerApp>) {
    let field = h
        .query_all_by_role(egui::accesskit::Role::TextInput)
        .map(|n| n.rect())
        .find(|r| r.center().x < 260.0)
        .unwrap_or_else(|| panic!("the search box"));
    click_at(h, field.center());
}

/// The demo hall saved as `a.ron` in a new folder, and the designer with it open and scripted file dialogs that
/// cancel every question.
fn with_a_file() -> (tempfile::TempDir, PathBuf, Harness<'static, DesignerApp>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("a.ron");
    std::fs::copy(sample("demo.ron"), &a).unwrap_or_else(|e| panic!("{e}"));
    let mut app = demo();
    app.files.picker = Box::new(ScriptedDialogs::default());
    let mut h = harness(app);
    h.state_mut().open_path(a.clone());
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.path(), Some(a.as_path()));
    (dir, a, h)
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The demo hall in the designer with every job on a worker parked at the gate's stages.
fn gated_demo() -> (Harness<'static, DesignerApp>, Gate) {
    let mut app = demo();
    app.work.background_min_items = 0;
    let gate = Gate::new();
    app.work.gate = Some(gate.clone());
    (harness(app), gate)
}

#[test]
fn a_new_design_is_untitled_and_save_asks_for_a_name_instead_of_writing_over_the_open_file() {
    let (_dir, a, mut h) = with_a_file();
    let before = bytes(&a);
    assert_eq!(h.state().doc.title(), "a.ron — clusterplan");

    // Generate: a new design, untitled.
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(colossus_2560()))]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 2_560);
    assert_eq!(h.state().doc.path(), None, "the generated hall is not bound to a.ron");
    let title = h.state().doc.title();
    assert!(title.starts_with("● ") && title.contains("(unsaved)"), "{title}");

    // Ctrl+S asks for a name (the scripted dialog cancels): a.ron is untouched.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert_eq!(bytes(&a), before, "a.ron still holds the design opened from it");
    assert!(h.state().doc.is_dirty());

    // The unsaved-changes prompt says a name will be asked for; Cancel keeps everything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(h.query_by_label_contains("never been saved").is_some(), "the prompt says what Save does");
    h.get_by_label("Cancel").click();
    h.run_steps(2);

    // Undo back to the opened hall: bound to a.ron again, and clean (the file holds exactly it).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.path(), Some(a.as_path()));
    assert!(!h.state().doc.is_dirty(), "undone to what a.ron holds");
    assert_eq!(h.state().doc.title(), "a.ron — clusterplan");
    // Redo: the new design again, still untitled.
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc.path(), None);

    // Keep B from the presentation is a new design too; expanding grows the same design and keeps its file.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let grown = clusterplan::generate::expand(
        h.state().doc.layout(),
        &[clusterplan::generate::GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 512 }],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let from = h.state().doc.key();
    h.state_mut().run_commands(vec![Command::UseExpanded(Box::new(grown.layout), from)]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.path(), Some(a.as_path()), "an expanded hall keeps its file");
    assert!(h.state().doc.is_dirty());
}

#[test]
fn the_unsaved_changes_prompt_names_the_file_it_writes() {
    let (_dir, a, mut h) = with_a_file();
    h.state_mut().run_commands(vec![Command::Edit {
        label: "Rename".into(),
        edit: clusterplan::model::edit::Edit::Rename("renamed".into()),
    }]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    let says = format!("Save writes {}.", a.display());
    assert!(h.query_by_label(&says).is_some(), "the prompt names {}", a.display());
}

#[test]
fn keys_typed_into_a_text_field_never_reach_the_canvas_however_many_arrive_at_once() {
    let mut h = harness(demo());
    let items = h.state().doc.layout().items.len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    assert_eq!(h.state().session.selection.len(), items);
    click_search(&mut h);
    h.event(Event::Text("p".into()));
    h.run_steps(1);
    assert_eq!(h.state().session.palette_filter, "p");
    // BackSpace, Escape and Delete in one frame: egui lets the field go on the Escape before the app sees the
    // keys, but they were all typed into the field.
    burst(&mut h, &[(Modifiers::NONE, Key::Backspace), (Modifiers::NONE, Key::Escape), (Modifiers::NONE, Key::Delete)]);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items.len(), items, "nothing deleted");
    assert_eq!(h.state().session.selection.len(), items, "the selection stays: Escape left the field only");
    assert_eq!(h.state().session.palette_filter, "", "the BackSpace edited the text");

    // Every editing shortcut stays with a field that has the keyboard.
    click_search(&mut h);
    let keys = [
        (Modifiers::NONE, Key::R),
        (Modifiers::NONE, Key::ArrowLeft),
        (Modifiers::NONE, Key::Num1),
        (Modifiers::NONE, Key::A),
        (Modifiers::COMMAND, Key::D),
        (Modifiers::COMMAND, Key::A),
        (Modifiers::NONE, Key::Delete),
        (Modifiers::NONE, Key::Escape),
    ];
    // One key a frame, then all at once.
    for (m, k) in keys {
        burst(&mut h, &[(m, k)]);
    }
    click_search(&mut h);
    burst(&mut h, &keys);
    h.run_steps(2);
    let undo_len = h.state().doc.history().undo_len();
    assert_eq!(undo_len, 0, "no edit of the hall was made");
    assert!(!h.state().prefs.overlays.feeds, "1 went to the field, not the feeds overlay");
    assert_eq!(h.state().session.tool, clusterplan::ui::view::Tool::Select, "A went to the field");
}

/// A document with `n` undo steps (renames).
fn renamed(h: &mut Harness<'_, DesignerApp>, n: usize) {
    for k in 0..n {
        h.state_mut().run_commands(vec![Command::Edit {
            label: format!("Rename {k}"),
            edit: clusterplan::model::edit::Edit::Rename(format!("name {k}")),
        }]);
    }
}

#[test]
fn every_undo_and_redo_press_is_one_step_in_the_order_pressed() {
    let mut h = harness(demo());
    renamed(&mut h, 5);
    let top = h.state().doc.layout().clone();
    // Thirty times Ctrl+Z, Ctrl+Y, all in one frame (a slow frame on a large hall): back where it was.
    let pairs: Vec<(Modifiers, Key)> =
        (0..30).flat_map(|_| [(Modifiers::COMMAND, Key::Z), (Modifiers::COMMAND, Key::Y)]).collect();
    burst(&mut h, &pairs);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout(), &top, "balanced presses end where they began");
    assert_eq!(h.state().doc.history().undo_len(), 5);
    // Three undos and a redo in one frame: two steps back.
    let z = (Modifiers::COMMAND, Key::Z);
    burst(&mut h, &[z, z, z, (Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z)]);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "name 2");
}

#[test]
fn presses_made_while_a_hall_is_taken_in_wait_for_it_and_run_in_order() {
    let (mut h, gate) = gated_demo();
    renamed(&mut h, 2);
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(colossus_2560()))]);
    gate.wait_at(0);
    // The worker is parked: Ctrl+Z, Ctrl+Z, Ctrl+Y are pressed while it works.
    burst(&mut h, &[(Modifiers::COMMAND, Key::Z), (Modifiers::COMMAND, Key::Z), (Modifiers::COMMAND, Key::Y)]);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "name 1", "nothing undone under the job");
    assert_eq!(h.state().work.waiting(), 3, "three presses wait for it");
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    // The generated hall came in first; then Ctrl+Z undid it, Ctrl+Z undid "Rename 1", Ctrl+Y redid it.
    assert_eq!(h.state().doc.history().undo_label(), Some("Rename 1"));
    assert_eq!(h.state().doc.layout().name, "name 1");
    assert!(h.state().doc.history().redo_label().is_some_and(|l| l.starts_with("Generate")));
}

#[test]
fn a_failed_pdu_and_the_selection_end_with_their_hall() {
    let mut h = harness(demo());
    let layout = h.state().doc.layout().clone();
    let pdu = layout.items.iter().find(|i| layout.type_of(i).is_some_and(|t| t.kind == EquipmentKind::Pdu));
    let pdu = pdu.map(|i| i.id).unwrap_or_else(|| panic!("a PDU"));
    h.state_mut().run_commands(vec![Command::Select(vec![pdu]), Command::SetFailure(Failure::Pdu(pdu))]);
    h.run_steps(2);
    // Another hall: its PDU with the same id is not "lost".
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(colossus_2560()))]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    let generated = h.state().doc.layout();
    assert!(generated.index_of(pdu).is_some(), "the id exists in the new hall");
    assert_eq!(h.state().session.failure, Failure::None);
    assert!(h.state().session.selection.is_empty());

    // Rack #40 selected in the generated hall, then undo back to the demo hall: the inspector edits nothing of
    // the demo's #40.
    h.state_mut().run_commands(vec![Command::Select(vec![ItemId(40)])]);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 2_048);
    assert!(h.state().session.selection.is_empty(), "no selection carried into another hall");
    assert!(h.query_by_label("Nothing selected.").is_some());
}

#[test]
fn a_scenario_takes_a_compared_files_place_only_when_the_user_says_so() {
    let mut h = harness(demo());
    h.state_mut().open_compare(sample("superpod-h100-4su.ron"));
    h.key_press(Key::F11);
    h.run_steps(3);
    let w = clusterplan::generate::what_if::WhatIf { gpus: 1_024, ..h.state().present.what_if.clone() };
    h.state_mut().run_commands(vec![Command::SetWhatIf(w.clone())]);
    h.state_mut().wait_for_scenario();
    h.run_steps(2);
    assert!(h.state().present.b.as_ref().is_some_and(|b| !b.is_scenario()), "the file is still B");
    assert!(h.query_by_label_contains("Replace the compared file?").is_some(), "the user is asked");
    h.get_by_label("Keep the file").click();
    h.run_steps(2);
    assert!(h.state().present.b.as_ref().is_some_and(|b| b.file().is_some()));
    assert!(h.state().present.waiting.is_none());
    // Asked again, the user lets the scenario in.
    let w = clusterplan::generate::what_if::WhatIf { gpus: 2_048, ..w };
    h.state_mut().run_commands(vec![Command::SetWhatIf(w)]);
    h.state_mut().wait_for_scenario();
    h.run_steps(2);
    h.get_by_label("Show the scenario").click();
    h.run_steps(2);
    assert!(h.state().present.b.as_ref().is_some_and(|b| b.is_scenario()));
}

#[test]
fn cancel_says_what_happened_to_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut h, gate) = gated_demo();

    // Cancelled while checking the layout: nothing is written, and the status says so.
    let first = dir.path().join("first.ron");
    h.state_mut().save_to(first.clone(), None);
    gate.wait_at(0);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().session.status.starts_with("Cancelled: Saving"), "{}", h.state().session.status);
    assert!(h.state().work.job.is_none(), "no job runs for the user");
    // The cancel woke the worker: it stops at its next stage and says so, which changes nothing.
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert!(!first.exists(), "a cancelled save writes nothing");
    assert!(h.state().session.status.starts_with("Cancelled: Saving"), "{}", h.state().session.status);

    // Cancelled while writing: the file is finished and the status says it was saved.
    let second = dir.path().join("second.ron");
    h.state_mut().save_to(second.clone(), None);
    gate.wait_at(0);
    gate.release();
    gate.wait_at(1);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().session.status.contains("is writing the file"), "{}", h.state().session.status);
    assert!(h.state().work.job.is_some(), "the write goes on");
    gate.release();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert!(second.exists());
    assert!(h.state().session.status.starts_with("Saved "), "{}", h.state().session.status);
    assert_eq!(h.state().doc.path(), Some(second.as_path()));
}

#[test]
fn each_designer_keeps_its_own_recovery_copy_and_the_next_start_offers_each() {
    use clusterplan::ui::document::Document;
    use clusterplan::ui::recovery::Recovery;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = Some(dir.path().to_path_buf());
    let unsaved = |name: &str| {
        let mut l = Layout::empty(name, 20.0, 10.0);
        l.name = name.into();
        Document::unsaved(l, None)
    };
    // Two designers at work, each with unsaved work.
    let mut one = Recovery::in_dir(folder.clone(), std::time::Duration::ZERO);
    let mut two = Recovery::in_dir(folder.clone(), std::time::Duration::ZERO);
    one.write(&unsaved("first"));
    one.wait();
    std::thread::sleep(std::time::Duration::from_millis(1_100)); // the copies' times are in whole seconds
    two.write(&unsaved("second"));
    two.wait();
    // A third sees neither: both designers are running.
    let third = Recovery::in_dir(folder.clone(), std::time::Duration::ZERO);
    assert!(third.find().is_empty(), "a running designer's copy is not offered");
    // The first closes cleanly: its copy goes, the second's stays.
    one.clear();
    one.release();
    // The second crashes: its copy is offered.
    two.abandon();
    let found = third.find();
    assert_eq!(found.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["second"]);
    // Two crashed designers: both offered, newest first.
    let mut four = Recovery::in_dir(folder.clone(), std::time::Duration::ZERO);
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    four.write(&unsaved("fourth"));
    four.abandon();
    let found = third.find();
    assert_eq!(found.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["fourth", "second"]);
    assert_eq!(third.load(&found[1]).map(|l| l.name).unwrap_or_default(), "second");
}

#[test]
fn the_restore_prompt_offers_every_copy_and_restoring_one_keeps_the_others() {
    use clusterplan::ui::document::Document;
    use clusterplan::ui::recovery::Recovery;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = Some(dir.path().to_path_buf());
    for name in ["alpha", "beta"] {
        let mut r = Recovery::in_dir(folder.clone(), std::time::Duration::ZERO);
        r.write(&Document::unsaved(Layout::empty(name, 20.0, 10.0), None));
        r.abandon();
    }
    let mut app = demo();
    app.use_recovery(Recovery::in_dir(folder.clone(), std::time::Duration::ZERO));
    let mut h = harness(app);
    assert!(h.query_by_label_contains("closed without saving 2 designs").is_some());
    let restore = h.query_all_by_label("Restore").next().map(|n| n.rect()).unwrap_or_else(|| panic!("Restore"));
    click_at(&mut h, restore.center());
    h.run_steps(2);
    assert!(h.state().dialogs.recovery_offer.is_none());
    assert!(h.state().doc.is_dirty(), "restored work is unsaved");
    let restored = h.state().doc.layout().name.clone();
    // The next designer is offered the other copy — and this one's own, written when it restored.
    h.state_mut().files.recovery.abandon();
    let next = Recovery::in_dir(folder, std::time::Duration::ZERO);
    let names: Vec<String> = next.find().into_iter().map(|i| i.name).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&restored));
}

#[test]
fn set_scalable_unit_twice_says_there_was_nothing_left_to_change() {
    let mut h = harness(demo());
    let racks: Vec<ItemId> = {
        let l = h.state().doc.layout();
        l.items.iter().filter(|i| l.type_of(i).is_some_and(|t| t.gpu.is_some())).map(|i| i.id).take(14).collect()
    };
    h.state_mut().run_commands(vec![Command::Select(racks)]);
    h.run_steps(2);
    h.state_mut().run_commands(vec![Command::Bulk(clusterplan::ui::command::Bulk::ScalableUnit(7))]);
    assert_eq!(h.state().session.status, "Put in scalable unit 7: 14 items changed");
    h.state_mut().run_commands(vec![Command::Bulk(clusterplan::ui::command::Bulk::ScalableUnit(7))]);
    assert!(h.state().session.status.contains("nothing to change"), "{}", h.state().session.status);
}

#[test]
fn numbers_typed_fast_are_taken_whole_and_clamped_when_committed() {
    let mut h = harness(demo());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    let field = h.query_all_by_role(egui::accesskit::Role::SpinButton).next().map(|n| n.rect());
    let field = field.unwrap_or_else(|| panic!("the GPU field"));
    click_at(&mut h, field.center());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    // One digit a frame, as a person types: "1" alone is below the field's least (8) and must not become 8.
    for d in "1000000".chars() {
        h.event(Event::Text(d.to_string()));
        h.run_steps(1);
    }
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().dialogs.generate.as_ref().map(|d| d.gpus), Some(1_000_000));
}

#[test]
fn the_side_panel_keeps_its_width_whatever_is_selected() {
    let mut h = harness(demo());
    let layout = h.state().doc.layout().clone();
    let edge = |h: &Harness<'_, DesignerApp>| h.state().canvas.rect.map(|r| r.max.x);
    let at_start = edge(&h);
    for kind in [EquipmentKind::GpuRack, EquipmentKind::Pdu, EquipmentKind::NetworkRack, EquipmentKind::Cooling] {
        let id = layout.items.iter().find(|i| layout.type_of(i).is_some_and(|t| t.kind == kind)).map(|i| i.id);
        h.state_mut().run_commands(vec![Command::Select(id.into_iter().collect())]);
        h.run_steps(3);
        assert_eq!(edge(&h), at_start, "{kind:?} selected");
    }
}

#[test]
fn after_fit_the_legend_covers_no_part_of_the_hall() {
    let mut h = harness(demo());
    // Every overlay on: the legend is at its tallest.
    for k in [Key::Num1, Key::Num2, Key::Num3, Key::Num4] {
        h.key_press(k);
    }
    h.key_press(Key::F);
    h.run_steps(4);
    let app = h.state();
    let (rect, legend) = (app.canvas.rect.unwrap_or(egui::Rect::NOTHING), app.canvas.legend_size);
    let legend = legend.unwrap_or_else(|| panic!("the legend is drawn"));
    let legend_rect = egui::Rect::from_min_size(rect.right_top() + egui::vec2(-legend.x - 10.0, 10.0), legend);
    let hall = &app.doc.layout().hall;
    let (a, b) = (screen(&h, 0.0, 0.0), screen(&h, hall.width_m, hall.depth_m));
    let hall_rect = egui::Rect::from_min_max(a, b);
    assert!(!hall_rect.intersects(legend_rect), "hall {hall_rect:?} under legend {legend_rect:?}");
    assert!(rect.contains_rect(hall_rect.shrink(1.0)), "the whole hall in view");
}

#[test]
fn a_search_that_matches_nothing_says_so() {
    let mut h = harness(demo());
    click_search(&mut h);
    h.event(Event::Text("zzz".into()));
    h.run_steps(2);
    assert!(h.query_by_label("No equipment matches “zzz”.").is_some());
}

#[test]
fn presentation_fits_the_hall_again_when_the_window_changes_size() {
    let mut h = harness(demo());
    h.key_press(Key::F11);
    h.run_steps(4);
    let zoom = h.state().canvas.camera.zoom;
    h.set_size(egui::vec2(1000.0, 700.0));
    h.run_steps(4);
    let app = h.state();
    let rect = app.canvas.rect.unwrap_or(egui::Rect::NOTHING);
    let hall = &app.doc.layout().hall;
    let hall_rect = egui::Rect::from_min_max(screen(&h, 0.0, 0.0), screen(&h, hall.width_m, hall.depth_m));
    assert!(h.state().canvas.camera.zoom < zoom, "a smaller window shows the hall smaller");
    assert!(rect.contains_rect(hall_rect.shrink(1.0)), "the whole hall in view: {hall_rect:?} in {rect:?}");
}

/// A story step's hall arriving from its (parked) worker: the designer takes it as it takes any scenario.
fn story_b(h: &mut Harness<'_, DesignerApp>, step: clusterplan::generate::what_if::ColossusStep, basis: StoryBasis) {
    use clusterplan::ui::scenario::ScenarioKey;
    h.state_mut().run_commands(vec![Command::Story(step, basis)]);
    let key = match basis {
        StoryBasis::Fresh => ScenarioKey::Story(step),
        StoryBasis::Grown => ScenarioKey::Grown(step, h.state().doc.key()),
    };
    // A small hall stands in for the story's (a 200,000-GPU hall takes a while in a debug build).
    let mut layout = colossus_2560();
    layout.name = "stand-in".into();
    clusterplan::ui::document::merge_builtin_types(&mut layout);
    layout.items.sort_by_key(|i| i.id);
    let live = clusterplan::analysis::LiveAnalysis::new(&layout, &Failure::None);
    h.state_mut().run_commands(vec![Command::ScenarioBuilt { key, built: Ok(Box::new((layout, live))) }]);
    h.run_steps(3);
}

use clusterplan::ui::scenario::StoryBasis;

#[test]
fn a_story_step_says_what_it_built_and_the_sliders_read_it() {
    use clusterplan::generate::what_if::ColossusStep;
    let mut app = demo();
    app.work.gate = Some(Gate::new()); // the real builds park at their first stage
    let mut h = harness(app);
    h.key_press(Key::F11);
    h.run_steps(3);
    assert_eq!(h.state().present.what_if.gpus, 2_048, "the sliders read the demo hall");

    story_b(&mut h, ColossusStep::H200k, StoryBasis::Fresh);
    assert!(h.state().showing_b());
    assert_eq!(h.state().present.what_if.gpus, 2_560, "the GPU slider reads the hall B holds");
    assert!(h.query_by_label("a new hall built for 200,000 H100, read-only").is_some(), "B says what it is");

    story_b(&mut h, ColossusStep::PlusH200, StoryBasis::Grown);
    assert!(h.query_by_label("your hall grown by 50,000 H200, read-only").is_some());
    // Both ways are offered for each growth step.
    h.get_by_label("Grow: 100k H100 + 50k H200…").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Built fresh: a new hall for 100,000 H100 + 50,000 H200").is_some());
    assert!(h.query_by_label_contains("Grown: your hall plus 50,000 H200").is_some());
}

#[test]
fn the_compare_tab_says_where_a_scenario_b_came_from() {
    let mut h = harness(demo());
    h.key_press(Key::F11);
    h.run_steps(3);
    let w = clusterplan::generate::what_if::WhatIf { gpus: 1_024, ..h.state().present.what_if.clone() };
    h.state_mut().run_commands(vec![Command::SetWhatIf(w)]);
    h.state_mut().wait_for_scenario();
    h.key_press(Key::F11);
    h.run_steps(2);
    h.get_by_label("Compare").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("(, read-only)").is_none());
    assert!(h.query_by_label_contains("(a new hall built for the what-if settings, read-only)").is_some());
}

/// Review of issue 20: an export through the designer's own dialog, named as the open layout, asks before
/// replacing it (the layout is not the export's "own" file) — and an export never writes a `.ron` at all.
#[test]
fn an_export_never_writes_over_the_open_layout() {
    use clusterplan::export::ExportFormat;
    use clusterplan::ui::dialogs::ExportChoice;
    use clusterplan::ui::file_flow::FilePurpose;
    use clusterplan::ui::files::Picked;

    let (_dir, a, mut h) = with_a_file();
    let before = bytes(&a);
    h.state_mut().files.picker =
        Box::new(ScriptedDialogs { export: vec![Picked::Unavailable], ..ScriptedDialogs::default() });
    h.state_mut().run_commands(vec![Command::ExportChosen(ExportChoice::default())]);
    h.run_steps(3);
    assert!(h.state().dialogs.file_dialog.is_some(), "the designer's own dialog");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(a.display().to_string()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(h.query_by_label("Replace the file?").is_some(), "the layout is another file: it asks");
    assert_eq!(bytes(&a), before);
    h.key_press(Key::Escape);
    h.run_steps(2);
    // Had the user said Replace, the export still refuses a layout's name.
    h.state_mut().run_commands(vec![Command::FileChosen(FilePurpose::Export(ExportFormat::Pdf), a.clone())]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    let error = h.state().dialogs.error.as_ref().map(|e| e.text.clone()).unwrap_or_default();
    assert!(error.contains("never replaces a layout"), "{error}");
    assert_eq!(bytes(&a), before, "a.ron is untouched");
}

/// Review of issue 20: a Return that ends typing in the catalog search is the search box's — it does not
/// create the Generate dialog's hall behind it; Esc (with no field focused) closes the dialog.
#[test]
fn return_in_another_field_is_not_the_generate_dialogs_and_esc_closes_it() {
    let mut h = harness(demo());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    let dialog = h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("the dialog"));
    dialog.gpus = 2_560;
    h.run_steps(1);
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("the dialog")).wait_for_preview();
    h.run_steps(2);
    assert!(h.state().dialogs.generate.as_ref().is_some_and(|d| d.built().is_some()), "the preview is ready");
    let name = h.state().doc.layout().name.clone();
    click_search(&mut h);
    h.event(Event::Text("x".into()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, name, "no hall was created");
    assert!(h.state().dialogs.generate.is_some(), "the dialog stays open");
    // Esc with no field focused: the dialog closes (and the hall is still the demo's).
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().dialogs.generate.is_none(), "Esc closed the dialog");
    assert_eq!(h.state().doc.layout().name, name);
}

/// Review of issue 20: with the dialog open and no field focused, Return creates the previewed hall.
#[test]
fn return_creates_the_previewed_hall() {
    let mut h = harness(demo());
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("the dialog")).gpus = 2_560;
    h.run_steps(1);
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("the dialog")).wait_for_preview();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 2_560, "Return created the hall");
    assert!(h.state().dialogs.generate.is_none());
}

/// Review of issue 20: an Inspector or Hall edit is made of the hall on screen; one sent while another hall is
/// being taken in waits, and is dropped — not applied to the new hall — when that hall arrives. The fields are
/// read-only meanwhile.
#[test]
fn a_field_edit_made_while_another_hall_is_taken_in_never_lands_on_the_new_hall() {
    let (mut h, gate) = gated_demo();
    h.state_mut().prefs.tab = clusterplan::ui::view::SideTab::Hall;
    let mut hall = h.state().doc.layout().hall.clone();
    let generated = colossus_2560();
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(generated.clone()))]);
    gate.wait_at(0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Another hall is being taken in").is_some(), "the Hall tab says why");
    hall.settings.pue = 1.5;
    h.state_mut().run_commands(vec![Command::EditMerged {
        label: "PUE".into(),
        edit: clusterplan::model::edit::Edit::SetHall(Box::new(hall)),
        key: 1,
    }]);
    assert_eq!(h.state().work.waiting(), 1, "it waits for the job");
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().hall, generated.hall, "the new hall is as generated");
    assert!(h.state().session.status.contains("not applied to the new one"), "{}", h.state().session.status);
    assert_eq!(h.state().work.waiting(), 0);
}

/// Review of issue 20: presses made while a hall was being taken in were made for that hall; when the job is
/// cancelled they go with it, rather than acting on the hall that stays.
#[test]
fn presses_that_waited_for_a_cancelled_job_go_with_it() {
    let (mut h, gate) = gated_demo();
    renamed(&mut h, 2);
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(colossus_2560()))]);
    gate.wait_at(0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(h.state().work.waiting(), 1);
    h.key_press(Key::Escape);
    h.run_steps(1);
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "name 1", "nothing was undone");
    assert_eq!(h.state().work.waiting(), 0);
    assert!(h.state().session.status.contains("1 step that waited for it dropped"), "{}", h.state().session.status);
}

/// Review of issue 20: an Expand preview grown from an earlier state of the hall is not taken in — it would
/// undo the edits made since.
#[test]
fn an_expand_grown_from_an_earlier_state_is_refused() {
    let mut h = harness(demo());
    let from = h.state().doc.key();
    let grown = clusterplan::generate::expand(
        h.state().doc.layout(),
        &[clusterplan::generate::GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 512 }],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    renamed(&mut h, 1);
    h.state_mut().run_commands(vec![Command::UseExpanded(Box::new(grown.layout), from)]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "name 0", "the rename stays");
    assert!(h.state().session.status.starts_with("Not expanded"), "{}", h.state().session.status);
}

/// Review of issue 20: a B grown from the hall on screen, kept after the hall was edited, would undo the edit:
/// Keep B grows it again from the hall as it is instead, and keeps nothing until that B is shown.
#[test]
fn keep_b_never_takes_a_hall_grown_from_an_earlier_state() {
    use clusterplan::generate::what_if::ColossusStep;
    let mut app = demo();
    app.work.gate = Some(Gate::new()); // the real builds park at their first stage
    let mut h = harness(app);
    h.key_press(Key::F11);
    h.run_steps(3);
    story_b(&mut h, ColossusStep::PlusH200, StoryBasis::Grown);
    assert!(h.state().showing_b());
    h.key_press(Key::B);
    h.run_steps(2);
    renamed(&mut h, 1);
    let edited = h.state().doc.key();
    h.state_mut().run_commands(vec![Command::KeepScenario]);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "name 0", "the edited hall stays");
    assert!(h.state().session.status.contains("growing it again"), "{}", h.state().session.status);
    assert!(h.state().present.scenarios.busy(), "B is being grown from the hall as it is");
    // Grown again from the edited state, Keep B takes it.
    story_b(&mut h, ColossusStep::PlusH200, StoryBasis::Grown);
    assert!(matches!(
        h.state().present.b.as_ref().map(|b| &b.source),
        Some(clusterplan::ui::compare::BSource::Scenario(clusterplan::ui::scenario::ScenarioKey::Grown(_, k))) if *k == edited
    ));
    h.state_mut().run_commands(vec![Command::KeepScenario]);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "stand-in", "kept");
}

/// A new user's trial (issue 20): with Generate open, Ctrl+A, BackSpace and digits are typed for the dialog —
/// its size field has the keyboard when it opens — never select, delete or recolour the hall behind it.
#[test]
fn keys_typed_with_generate_open_are_the_dialogs_not_the_halls() {
    let mut h = harness(demo());
    let items = h.state().doc.layout().items.len();
    let overlays = h.state().prefs.overlays;
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.key_press(Key::Backspace);
    h.run_steps(1);
    for d in "8192".chars() {
        h.key_press(match d {
            '8' => Key::Num8,
            '1' => Key::Num1,
            '9' => Key::Num9,
            _ => Key::Num2,
        });
        h.event(Event::Text(d.to_string()));
        h.run_steps(1);
    }
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().items.len(), items, "nothing deleted");
    assert!(h.state().session.selection.is_empty(), "nothing selected");
    assert_eq!(h.state().prefs.overlays, overlays, "no overlay toggled");
    assert_eq!(h.state().dialogs.generate.as_ref().map(|d| d.gpus), Some(8_192), "typed into the size field");
    // With no text field focused (Tab moved on), the dialog still has the keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.key_press(Key::Delete);
    h.run_steps(1);
    assert_eq!(h.state().doc.layout().items.len(), items, "nothing deleted with the dialog open");
    // Esc closes it; then the keys are the hall's again.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().dialogs.generate.is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    assert_eq!(h.state().session.selection.len(), items);
}
