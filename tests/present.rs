//! Presentation mode driven like a sales engineer: F11, a what-if slider that rebuilds the hall (shown as B, the
//! tiles giving the differences), one key switching A and B, the feed-failure toggle, and the welcome.

mod ui_support;

use clusterplan::analysis::Failure;
use clusterplan::ui::DesignerApp;
use clusterplan::ui::command::Command;
use clusterplan::ui::view::Prefs;
use egui::accesskit::Role;
use egui::{Key, pos2};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

fn demo_hall() -> DesignerApp {
    let layout = clusterplan::io::parse_layout(clusterplan::ui::app::DEMO_LAYOUT, std::path::Path::new("demo.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    DesignerApp::new(layout, None, Prefs::default())
}

/// A label the frame drew reads exactly `text`.
fn shows(h: &egui_kittest::Harness<'_, DesignerApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

#[test]
fn a_what_if_slider_rebuilds_the_hall_and_the_tiles_show_the_difference_then_b_switches() {
    let mut h = harness(demo_hall());
    h.key_press(Key::F11);
    h.run_steps(3);
    assert!(h.state().present.presenting);
    assert!(shows(&h, "2,048"), "the GPU tile shows the demo hall's 2,048 GPUs");

    // Drag the GPU slider to its low end: a 1,024-GPU what-if hall is built on a worker and shown as B.
    let r = h.get_by_role_and_label(Role::Slider, "GPUs").rect();
    click_at(&mut h, pos2(r.left() + 2.0, r.center().y));
    h.run_steps(1);
    assert_eq!(h.state().present.what_if.gpus, 1_024);
    // The designer takes the hall when its worker sends it (perhaps already, during the frame above).
    h.state_mut().wait_for_scenario();
    assert!(h.state().present.b.as_ref().is_some_and(|c| c.showing_b), "{:?}", h.state().present.scenarios.problem);
    h.run_steps(3);
    assert!(shows(&h, "1,024"), "B's GPU tile");
    assert!(shows(&h, "−1,024 vs A (−50 %)"), "the difference from A");
    assert!(shows(&h, "B"), "the B badge");

    // B switches to A; the tiles show A and its difference from B.
    h.key_press(Key::B);
    h.run_steps(2);
    assert!(!h.state().present.b.as_ref().is_some_and(|c| c.showing_b));
    assert!(shows(&h, "2,048"), "A's GPU tile");
    assert!(shows(&h, "+1,024 vs B (+100 %)"), "A's difference from B");

    // Another rack generation: the what-if follows.
    let mut w = h.state().present.what_if.clone();
    w.rack = clusterplan::generate::what_if::RackChoice::Gb200Nvl72;
    h.state_mut().run_commands(vec![Command::SetWhatIf(w)]);
    h.state_mut().wait_for_scenario();
    let b = h.state().present.b.as_ref().unwrap_or_else(|| panic!("no NVL72 what-if"));
    assert_eq!(b.cache.report().gpus.total, 1_008, "14 whole NVL72 racks of 72 GPUs");
    assert!(b.cache.report().gpus.by_model.iter().any(|(m, _)| m.contains("GB200")));
}

#[test]
fn the_feed_failure_toggle_recolours_the_floor_and_esc_leaves() {
    let mut h = harness(demo_hall());
    h.key_press(Key::F11);
    h.run_steps(3);
    let fills = |h: &egui_kittest::Harness<'_, DesignerApp>| -> Vec<egui::Color32> {
        h.state().caches.index.entries.iter().map(|e| e.fill).collect()
    };
    let normal = fills(&h);
    let overlays = h.state().prefs.overlays;
    h.get_by_label("Feed A fails").click();
    h.run_steps(3);
    assert_eq!(h.state().session.failure, Failure::FeedA);
    assert_ne!(fills(&h), normal, "the floor is recoloured");
    assert!(h.query_by_label_contains("PDU / cooling load").is_some(), "the legend explains the colours");
    h.get_by_label("None").click();
    h.run_steps(2);
    assert_eq!(h.state().session.failure, Failure::None);
    assert_eq!(fills(&h), normal, "None puts the floor's colours back");
    assert_eq!(h.state().prefs.overlays, overlays, "the toggle leaves the user's overlays (saved) alone");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().present.presenting);
}

#[test]
fn help_getting_started_shows_the_welcome_and_it_closes() {
    let mut h = harness(demo_hall());
    assert!(!h.state().dialogs.show_welcome, "not on a test start");
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label_contains("Getting started").click();
    h.run_steps(3);
    assert!(h.state().dialogs.show_welcome);
    assert!(h.query_by_label_contains("clusterplan designs AI GPU-cluster data halls").is_some());
    assert!(h.query_by_label_contains("colossus: xAI Colossus style").is_some(), "the presets are listed");
    h.get_by_label("Start designing").click();
    h.run_steps(2);
    assert!(!h.state().dialogs.show_welcome);
    assert!(h.state().prefs.seen_welcome, "not shown again at the next start");
}

/// Builds the what-if wanted and lets the designer take it (or its problem) as a frame does.
fn settle_scenario(h: &mut egui_kittest::Harness<'_, DesignerApp>) {
    h.state_mut().wait_for_scenario();
    h.run_steps(3);
}

/// Asks for the what-if `w` as its sliders do and lets the designer take the hall built (or its problem).
fn build_b(h: &mut egui_kittest::Harness<'_, DesignerApp>, w: clusterplan::generate::what_if::WhatIf) {
    h.state_mut().run_commands(vec![Command::SetWhatIf(w)]);
    settle_scenario(h);
}

/// Clicks Keep B and waits for the hall to be taken in.
fn keep_b(h: &mut egui_kittest::Harness<'_, DesignerApp>) {
    h.get_by_label("Keep B").click();
    h.run_steps(2);
    h.state_mut().wait_for_job();
    h.run_steps(3);
}

#[test]
fn a_what_if_that_cannot_be_built_says_why_and_no_stale_b_stays() {
    let mut h = harness(demo_hall());
    h.key_press(Key::F11);
    h.run_steps(3);
    let mut w = h.state().present.what_if.clone();
    w.gpus = 1_024;
    build_b(&mut h, w.clone());
    assert!(h.state().present.b.is_some(), "a buildable B");

    // 400,000 GB200 NVL72 GPUs: more GPU ports than the InfiniBand switch's fat tree reaches.
    w.gpus = 400_000;
    w.rack = clusterplan::generate::what_if::RackChoice::Gb200Nvl72;
    build_b(&mut h, w);
    assert!(h.state().present.b.is_none(), "the 1,024-GPU B no longer matches the sliders: it goes");
    assert!(shows(&h, "2,048"), "the tiles show A alone");
    for words in ["No hall for these settings: gpus: 399960 GPU ports exceed", "Try fewer GPUs"] {
        assert!(h.query_by_label_contains(words).is_some(), "the reason and what to do stand under the sliders");
    }
    assert!(h.query_by_label("Keep B").is_some_and(|n| n.accesskit_node().is_disabled()), "nothing to keep");
}

#[test]
fn the_sliders_start_from_the_hall_and_a_new_hall_drops_the_old_scenario() {
    use clusterplan::generate::what_if::{RackChoice, WhatIf};
    let mut h = harness(demo_hall());
    h.key_press(Key::F11);
    h.run_steps(3);
    let from_hall = h.state().present.what_if.clone();
    assert_eq!(from_hall, WhatIf::of_layout(h.state().doc.layout()));
    assert_eq!((from_hall.gpus, from_hall.rack), (2_048, RackChoice::H100), "the demo hall's GPUs and racks");

    // A B, then Keep B: the hall becomes B in one undo step named for it, and the sliders follow the new hall
    // (4,100 asked for, 4,096 built: whole servers).
    let w = WhatIf { gpus: 4_100, ..from_hall };
    build_b(&mut h, w);
    keep_b(&mut h);
    assert_eq!(h.state().caches.report.report().gpus.total, 4_096);
    assert!(h.state().present.b.is_none());
    let label = h.state().doc.history().undo_label().unwrap_or_default().to_owned();
    assert!(label.starts_with("Keep B: "), "{label}");
    let name = &h.state().doc.layout().name;
    assert!(!name.starts_with("What if"), "a kept hall is no longer a what-if: {name}");
    assert_eq!(h.state().present.what_if.gpus, 4_096, "the sliders describe the hall now on screen");

    // Another B, then another hall (generated, taken in while B is on the canvas): the old B goes with the old
    // hall, the canvas shows the new hall, and the sliders start from it.
    let w = WhatIf { gpus: 1_024, ..h.state().present.what_if.clone() };
    build_b(&mut h, w);
    assert!(h.state().showing_b());
    let params = clusterplan::generate::preset_params("colossus", Some(2_560), None).unwrap_or_else(|e| panic!("{e}"));
    let other = clusterplan::generate::generate(&params).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().run_commands(vec![Command::UseGenerated(Box::new(other))]);
    h.state_mut().wait_for_job();
    h.run_steps(3);
    assert_eq!(h.state().caches.report.report().gpus.total, 2_560, "taken in although B was on the canvas");
    assert!(h.state().present.b.is_none(), "B was a what-if of the old hall");
    assert_eq!(h.state().present.what_if.gpus, 2_560);
    assert!(shows(&h, "2,560") && h.query_by_label_contains("vs B").is_none(), "no difference from a stale B");
}

#[test]
fn undo_and_edits_keep_the_sliders_describing_the_hall() {
    use clusterplan::generate::what_if::WhatIf;
    use clusterplan::model::edit::remove_with_references;
    let mut h = harness(demo_hall());
    h.key_press(Key::F11);
    h.run_steps(3);
    let from_hall = h.state().present.what_if.clone();

    // Keep a 4,096-GPU B, then undo it: the 2,048-GPU hall is back and so are sliders that describe it.
    let w = WhatIf { gpus: 4_096, ..from_hall.clone() };
    build_b(&mut h, w);
    keep_b(&mut h);
    assert_eq!(h.state().present.what_if.gpus, 4_096);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().caches.report.report().gpus.total, 2_048, "undone");
    assert_eq!(h.state().present.what_if, from_hall, "the sliders read the hall the undo brought back");

    // Untouched sliders follow an edit that changes the GPUs (the first GPU rack removed, as Delete does)…
    let remove_a_rack = |h: &egui_kittest::Harness<'_, DesignerApp>| {
        let layout = h.state().doc.layout();
        let rack = layout.items.iter().find(|i| layout.type_of(i).is_some_and(|t| t.gpu.is_some()));
        let id = rack.map(|i| i.id).unwrap_or_else(|| panic!("no GPU rack"));
        Command::Edit { label: "Delete".into(), edit: remove_with_references(layout, &[id]) }
    };
    let delete = remove_a_rack(&h);
    h.state_mut().run_commands(vec![delete]);
    h.run_steps(2);
    let gpus_now = h.state().caches.report.report().gpus.total;
    assert!(gpus_now < 2_048);
    assert_eq!(h.state().present.what_if, WhatIf::of_layout(h.state().doc.layout()), "untouched sliders follow");
    assert_ne!(h.state().present.what_if.gpus, 2_048);

    // …but sliders the user moved keep their setting, and their B stays, through another such edit.
    let moved = WhatIf { gpus: 1_024, ..h.state().present.what_if.clone() };
    build_b(&mut h, moved.clone());
    h.key_press(Key::B);
    h.run_steps(2);
    assert!(!h.state().showing_b(), "back on A to edit it");
    let delete = remove_a_rack(&h);
    h.state_mut().run_commands(vec![delete]);
    h.run_steps(2);
    assert!(h.state().caches.report.report().gpus.total < gpus_now);
    assert_eq!(h.state().present.what_if, moved);
    assert!(h.state().present.b.is_some(), "the what-if's B stays");
}

#[test]
fn one_slider_changes_one_thing_and_the_tiles_say_what_was_built() {
    use clusterplan::generate::what_if::{RackChoice, WhatIf};
    // A generated Colossus-style hall (the demo hall is laid out otherwise than the generator's halls), its floor
    // alone: without a site its PUE is the slider's (with one, the chain's, and the slider is off).
    let mut params =
        clusterplan::generate::preset_params("colossus", Some(4_096), None).unwrap_or_else(|e| panic!("{e}"));
    params.site = None;
    let mut layout = clusterplan::generate::generate(&params).unwrap_or_else(|e| panic!("{e}"));
    clusterplan::ui::document::merge_builtin_types(&mut layout);
    let mut h = harness(DesignerApp::new(layout, None, Prefs::default()));
    h.key_press(Key::F11);
    h.run_steps(3);
    // Only the PUE: the GPUs are the same, IT power the same, facility power up.
    let w = WhatIf { pue: 1.5, ..h.state().present.what_if.clone() };
    build_b(&mut h, w);
    assert!(h.state().showing_b());
    let (a, b) =
        (h.state().caches.report.report().clone(), h.state().present.b.as_ref().map(|c| c.cache.report().clone()));
    let b = b.unwrap_or_else(|| panic!("no B"));
    assert_eq!((b.gpus.total, &b.gpus.by_model), (a.gpus.total, &a.gpus.by_model));
    let same = h.query_all_by_label("same as A").count();
    assert!(same >= 4, "GPUs, compute, memory, cables are the same: {same} tiles say so");
    assert!(h.query_by_label_contains("same as A · facility +").is_some(), "IT the same, facility up");

    // GPUs an NVL72 cannot hold in whole racks: the controls say what is built.
    let w = WhatIf { gpus: 5_000, rack: RackChoice::Gb200Nvl72, ..h.state().present.what_if.clone() };
    build_b(&mut h, w);
    assert!(shows(&h, "builds 4,968"));
    assert!(shows(&h, "4,968"), "B's GPU tile");
}
