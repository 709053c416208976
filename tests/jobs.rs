//! Long jobs off the UI thread, driven as a user meets them: the window keeps drawing while a hall opens, Cancel
//! (the button or Esc) leaves everything as it was, a job whose document changed meanwhile is dropped, a save
//! that ran while the user went on editing leaves the document unsaved, and a dialog's preview can be stopped.
//! Every worker here is parked by a test gate at the stage the test wants: no sleeps, no race with the machine's
//! speed.

mod ui_support;

use clusterplan::generate::{generate, preset_params};
use clusterplan::io::{load_layout, save_layout};
use clusterplan::model::edit::Edit;
use clusterplan::ui::DesignerApp;
use clusterplan::ui::jobs::Gate;
use egui::Key;
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// The designer on the empty hall, with every job on a worker thread parked by a gate at each stage, and a
/// 3,000-GPU hall saved to a file.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, DesignerApp, Gate) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("colossus-3k.ron");
    let layout =
        preset_params("colossus", Some(3_000), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    save_layout(&layout, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = empty_hall();
    app.work.background_min_items = 0;
    let gate = Gate::new();
    app.work.gate = Some(gate.clone());
    (dir, path, app, gate)
}

#[test]
fn a_cancelled_open_leaves_the_hall_as_it_was() {
    let (_dir, path, app, gate) = setup();
    let mut h = harness(app);
    h.state_mut().open_path(path.clone());
    gate.wait_at(0);
    h.run_steps(2);
    // The progress window shows what runs and where it is, and its Cancel button stops it.
    assert!(h.query_by_label_contains("Opening colossus-3k.ron").is_some());
    assert!(h.query_by_label_contains("(step 1 of 2)").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().work.job.is_none());
    assert!(h.state().session.status.starts_with("Cancelled: Opening"), "{}", h.state().session.status);
    // The worker stops at its next stage and says so; nothing changes.
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 0, "the empty hall stays");
    assert!(h.state().doc.path().is_none());
    assert_invariants(&mut h, "after a cancelled open");

    // Esc cancels too — even when the worker is at its last stage (nothing is written by opening).
    h.state_mut().open_path(path.clone());
    gate.wait_at(0);
    gate.release();
    gate.wait_at(1);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert!(h.state().work.job.is_none() && gpus(&mut h) == 0, "Esc cancels the job");

    // Left to finish, the open takes the hall in with its numbers.
    gate.open();
    h.state_mut().open_path(path.clone());
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 3_000);
    assert_eq!(h.state().doc.path(), Some(path.as_path()));
    assert_invariants(&mut h, "after a background open");
}

#[test]
fn an_outcome_for_a_document_since_changed_is_dropped() {
    let (_dir, path, app, gate) = setup();
    let mut h = harness(app);
    h.state_mut().open_path(path);
    gate.wait_at(0);
    // The document changes under the job (not through the designer's commands, which would wait for it).
    h.state_mut().doc.apply("Rename", Edit::Rename("mine".into())).unwrap_or_else(|e| panic!("{e}"));
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "mine");
    assert_eq!(gpus(&mut h), 0);
    assert!(h.state().session.status.starts_with("Dropped: Opening"), "{}", h.state().session.status);
}

#[test]
fn a_save_that_ran_while_the_user_edited_leaves_the_document_unsaved() {
    let (dir, path, app, gate) = setup();
    let mut h = harness(app);
    gate.open();
    h.state_mut().open_path(path);
    h.state_mut().wait_for_job();
    let gate = Gate::new();
    h.state_mut().work.gate = Some(gate.clone());
    let target = dir.path().join("saved.ron");
    h.state_mut().save_to(target.clone(), None);
    gate.wait_at(0);
    // A save does not hold edits back: the user renames the hall while it is written.
    h.state_mut().run_commands(vec![clusterplan::ui::command::Command::Edit {
        label: "Rename".into(),
        edit: Edit::Rename("after the save began".into()),
    }]);
    assert_eq!(h.state().doc.layout().name, "after the save began");
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    let written = load_layout(&target).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(written.name, "after the save began", "the file holds the state the save started from");
    assert_eq!(written.items.len(), h.state().doc.layout().items.len());
    assert!(h.state().doc.is_dirty(), "the rename is not in the file");
    assert_eq!(h.state().doc.path(), Some(target.as_path()));
    // Saved again with nothing changed since: clean.
    h.state_mut().save_to(target.clone(), None);
    h.state_mut().wait_for_job();
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn save_then_new_asks_again_when_the_user_edited_during_the_save() {
    let (dir, path, app, gate) = setup();
    let mut h = harness(app);
    gate.open();
    h.state_mut().open_path(path);
    h.state_mut().wait_for_job();
    let gate = Gate::new();
    h.state_mut().work.gate = Some(gate.clone());
    // "Save" in the unsaved-changes prompt before New: the save runs on a worker...
    h.state_mut().save_to(dir.path().join("s.ron"), Some(clusterplan::ui::file_flow::AfterConfirm::New));
    gate.wait_at(0);
    // ...while the user goes on editing.
    h.state_mut().run_commands(vec![clusterplan::ui::command::Command::Edit {
        label: "Rename".into(),
        edit: Edit::Rename("edited during the save".into()),
    }]);
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(h.state().doc.layout().name, "edited during the save", "New did not throw the edit away");
    assert!(h.state().dialogs.unsaved_prompt.is_some(), "the user is asked again");
    assert_eq!(gpus(&mut h), 3_000);
}

#[test]
fn the_generate_preview_shows_its_progress_and_stops_on_request() {
    let (_dir, _path, app, gate) = setup();
    let mut h = harness(app);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    {
        let dialog = h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog"));
        dialog.preset = "colossus".into();
        dialog.by_gpus = true;
        dialog.gpus = 8_192;
    }
    h.run_steps(2);
    gate.wait_at(0);
    h.run_steps(1);
    assert!(h.state().dialogs.generate.as_ref().is_some_and(|d| d.busy()), "the preview builds on a worker");
    assert!(h.query_by_label_contains("(step 1 of 2)").is_some(), "the stage reached is shown");
    h.get_by_label("Stop").click();
    h.run_steps(2);
    assert!(h.state().dialogs.generate.as_ref().is_some_and(|d| !d.busy()), "stopped");
    assert!(h.query_by_label_contains("Preview stopped").is_some());
    // Stopped stays stopped: no build starts again by itself for the same settings.
    h.run_steps(3);
    assert!(h.state().dialogs.generate.as_ref().is_some_and(|d| !d.busy() && d.built().is_none()));
    // Another size builds a preview that can be created.
    gate.open();
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog")).gpus = 4_096;
    h.run_steps(1);
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog")).wait_for_preview();
    h.run_steps(2);
    assert!(h.query_by_label_contains("4,096 GPUs in").is_some(), "the preview for the new size");
    // Back to the stopped size, Build preview starts it again.
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog")).gpus = 8_192;
    h.run_steps(2);
    assert!(h.query_by_label_contains("Preview stopped").is_some(), "the stopped size stays stopped");
    h.get_by_label("Build preview").click();
    h.run_steps(1);
    h.state_mut().dialogs.generate.as_mut().unwrap_or_else(|| panic!("no dialog")).wait_for_preview();
    h.run_steps(2);
    assert!(h.query_by_label_contains("8,192 GPUs in").is_some(), "built again when asked");
}

#[test]
fn new_waits_for_a_running_open_rather_than_losing_it() {
    let (_dir, path, app, gate) = setup();
    let mut h = harness(app);
    h.state_mut().open_path(path.clone());
    gate.wait_at(0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(h.state().session.status.starts_with("Busy: Opening"), "{}", h.state().session.status);
    gate.open();
    h.state_mut().wait_for_job();
    h.run_steps(2);
    assert_eq!(gpus(&mut h), 3_000, "the open went through");
}
