//! Driving the real designer through egui_kittest as a user does (pointer, keys, the clipboard events the
//! platform sends), and the invariants that must hold after every step.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use clusterplan::analysis::analyse_with;
use clusterplan::io::{builtin_catalog, check_layout, parse_layout, to_ron_string};
use clusterplan::model::{Catalog, Layout};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::view::Prefs;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

/// The app in a 1400 × 900 window, after a few frames.
pub fn harness(app: DesignerApp) -> Harness<'static, DesignerApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut DesignerApp| app.ui_body(ui), app);
    h.run_steps(3);
    h
}

/// An empty 20 × 12 m hall with the built-in catalog.
pub fn empty_hall() -> DesignerApp {
    let mut l = Layout::empty("UI test", 20.0, 12.0);
    l.catalog = Catalog::new(builtin_catalog().types.clone());
    DesignerApp::new(l, None, Prefs::default())
}

/// A sample layout from `layouts/`.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts").join(name)
}

/// The screen point of a floor point (metres).
pub fn screen(h: &Harness<'_, DesignerApp>, x_m: f64, y_m: f64) -> Pos2 {
    h.state().screen_of(x_m, y_m).unwrap_or_else(|| panic!("no canvas yet"))
}

/// Presses or releases the primary button at a point.
pub fn press(h: &mut Harness<'_, DesignerApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
    h.step();
}

/// Key presses (and releases) as the platform delivers them when they come faster than frames: all in one frame.
/// (egui_kittest's own `key_press` gives each event a frame of its own.)
pub fn burst(h: &mut Harness<'_, DesignerApp>, keys: &[(Modifiers, egui::Key)]) {
    let events = &mut h.input_mut().events;
    for &(modifiers, key) in keys {
        for pressed in [true, false] {
            events.push(Event::Key { key, physical_key: None, pressed, repeat: false, modifiers });
        }
    }
    h.step();
}

/// A click at a point.
pub fn click_at(h: &mut Harness<'_, DesignerApp>, pos: Pos2) {
    press(h, pos, true);
    press(h, pos, false);
    h.run_steps(2);
}

/// What happens in the middle of a drag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MidDrag {
    /// Nothing: an ordinary drag.
    Nothing,
    /// Esc is pressed halfway.
    Escape,
    /// Ctrl+Z is pressed halfway.
    Undo,
    /// Another editing key is pressed halfway (R, an arrow, Delete, Ctrl+D, the bulk feed assignment).
    Key(egui::Key, Modifiers),
}

/// A drag from one point to another in six moves, with something happening halfway.
pub fn drag_with(h: &mut Harness<'_, DesignerApp>, from: Pos2, to: Pos2, mid: MidDrag) {
    h.event(Event::PointerMoved(from));
    h.step();
    press(h, from, true);
    for k in 1..=6 {
        let t = k as f32 / 6.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
        if k == 3 {
            match mid {
                MidDrag::Nothing => {}
                MidDrag::Escape => h.key_press(egui::Key::Escape),
                MidDrag::Undo => h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z),
                MidDrag::Key(key, modifiers) => h.key_press_modifiers(modifiers, key),
            }
            h.step();
        }
    }
    press(h, to, false);
    h.run_steps(2);
}

/// An ordinary drag.
pub fn drag(h: &mut Harness<'_, DesignerApp>, from: Pos2, to: Pos2) {
    drag_with(h, from, to, MidDrag::Nothing);
}

/// GPUs in the live report.
pub fn gpus(h: &mut Harness<'_, DesignerApp>) -> u64 {
    h.state_mut().report().gpus.total
}

/// The text the app put on the system clipboard this frame, if any.
pub fn copied_text(h: &Harness<'_, DesignerApp>) -> Option<String> {
    h.output().platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyText(t) => Some(t.clone()),
        _ => None,
    })
}

/// What must hold after every step: the document passes `check_layout`; saved and loaded back it is the same
/// hall and items and gives the same report; the live totals are `analyse` of the document.
#[track_caller]
/// Where two reports differ: the first few JSON paths whose values are not equal.
pub fn report_diff(a: &clusterplan::analysis::Report, b: &clusterplan::analysis::Report) -> Vec<String> {
    fn walk(a: &serde_json::Value, b: &serde_json::Value, path: String, out: &mut Vec<String>) {
        if out.len() >= 6 || a == b {
            return;
        }
        match (a, b) {
            (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
                for (k, v) in x {
                    walk(v, y.get(k).unwrap_or(&serde_json::Value::Null), format!("{path}.{k}"), out);
                }
            }
            (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    walk(v, w, format!("{path}[{i}]"), out);
                }
            }
            _ => out.push(format!("{path}: {a} vs {b}")),
        }
    }
    let (Ok(x), Ok(y)) = (serde_json::to_value(a), serde_json::to_value(b)) else {
        return vec!["unserialisable".into()];
    };
    let mut out = Vec::new();
    walk(&x, &y, String::new(), &mut out);
    if out.is_empty() {
        out.push("equal as JSON: a non-finite number or a float's sign".into());
    }
    out
}

pub fn assert_invariants(h: &mut Harness<'_, DesignerApp>, context: &str) {
    let app = h.state_mut();
    let layout = app.doc.layout().clone();
    if let Err(e) = check_layout(&layout) {
        panic!("{context}: the document fails check_layout: {e}");
    }
    let text = to_ron_string(&layout).unwrap_or_else(|e| panic!("{context}: {e}"));
    let loaded = parse_layout(&text, Path::new("invariant.ron"))
        .unwrap_or_else(|e| panic!("{context}: the saved document does not open again: {e}"));
    assert_eq!(loaded.items, layout.items, "{context}: items differ after save and load");
    assert_eq!(loaded.hall, layout.hall, "{context}: hall differs after save and load");
    assert_eq!(loaded.name, layout.name, "{context}");
    // The numbers as last drawn, not recomputed here: the cache must be for this document state and what-if.
    let failure = app.session.failure.clone();
    assert_eq!(
        app.caches.report.key(),
        Some(&(app.doc.key(), failure.clone())),
        "{context}: the report drawn is for another state of the document"
    );
    let live = app.caches.report.report();
    let fresh = analyse_with(&layout, &failure);
    assert!(
        *live == fresh,
        "{context}: the live report is not analyse of the document; differs at {:?}",
        report_diff(live, &fresh)
    );
    let reopened = analyse_with(&loaded, &failure);
    assert!(
        *live == reopened,
        "{context}: the reopened file gives other numbers; differs at {:?}; site equal {}, catalog equal {}, prices equal {}",
        report_diff(live, &reopened),
        loaded.site == layout.site,
        loaded.catalog == layout.catalog,
        loaded.prices == layout.prices
    );
}
