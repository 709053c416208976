//! User actions (menus, buttons, keys): the flat dispatch and the small handlers of the view and the canvas —
//! Esc, presentation, zoom, tools, overlays, A / B.

use super::super::actions::Action;
use super::super::app::DesignerApp;
use super::super::canvas::Drag;
use super::super::command::Bulk;
use super::super::dialogs::{ExpandDialog, ExportChoice, ExportDialog, GenerateDialog};
use super::super::file_flow::{AfterConfirm, FilePurpose};
use super::super::view::Tool;
use crate::export::{ExportFormat, PlanOverlay};
use crate::format::counted;
use crate::model::ItemId;
use crate::model::edit::Edit;
use crate::model::ops::{Mounts, items_of, moved, rotated};

/// Seconds each phase is shown for while playing.
pub const PLAY_STEP_S: f64 = 2.0;

impl DesignerApp {
    /// Runs a user action (from a menu, button or key).
    pub fn run_action(&mut self, action: Action) {
        match action {
            Action::New => self.guard(AfterConfirm::New),
            Action::Open => self.guard(AfterConfirm::Open(None)),
            Action::Save => self.save(None),
            Action::SaveAs => self.pick(FilePurpose::Save(None)),
            Action::ExportBom => self.pick(FilePurpose::Export(ExportFormat::Csv)),
            Action::Export => self.open_export_dialog(),
            Action::Quit => self.window.ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Undo | Action::Redo => self.undo_redo(action == Action::Undo),
            Action::Delete => self.delete_selection(),
            Action::Duplicate => self.duplicate_selection(),
            Action::Copy => self.copy(),
            Action::Cut => {
                if !self.session.selection.is_empty() {
                    self.copy();
                    self.delete_selection();
                }
            }
            Action::Paste => self.paste(None),
            Action::Rotate => self.rotate_selection(),
            Action::SelectAll => {
                self.session.selection = self.doc.layout().items.iter().map(|i| i.id).collect();
                self.session.obstacle = None;
            }
            Action::Escape => self.escape(),
            Action::Present => self.toggle_present(),
            Action::PreviousPhase => self.step_phase(false),
            Action::NextPhase => self.step_phase(true),
            Action::PlayPhases => self.play_phases(),
            Action::NudgeLeft => self.nudge(-1, 0),
            Action::NudgeRight => self.nudge(1, 0),
            Action::NudgeUp => self.nudge(0, -1),
            Action::NudgeDown => self.nudge(0, 1),
            Action::NudgeLeftFar => self.nudge(-10, 0),
            Action::NudgeRightFar => self.nudge(10, 0),
            Action::NudgeUpFar => self.nudge(0, -10),
            Action::NudgeDownFar => self.nudge(0, 10),
            Action::ZoomToFit => self.canvas.fit_pending = true,
            Action::ZoomIn => self.zoom(1.25),
            Action::ZoomOut => self.zoom(0.8),
            Action::ToolSelect => self.session.tool = Tool::Select,
            Action::ToolArray => self.session.tool = Tool::Array,
            Action::ToolObstacle => {
                if !matches!(self.session.tool, Tool::Obstacle(_)) {
                    self.session.tool = Tool::Obstacle(crate::model::ObstacleKind::Column);
                }
            }
            Action::AssignFeeds => self.bulk(Bulk::BothFeeds),
            Action::AssignCooling => self.bulk(Bulk::Cooling),
            Action::ToggleLegend => self.prefs.legend = !self.prefs.legend,
            Action::OverlayFeeds => self.prefs.overlays.feeds = !self.prefs.overlays.feeds,
            Action::OverlayFabric => self.prefs.overlays.fabric = !self.prefs.overlays.fabric,
            // Heat and floor load both colour the items: one at a time, so the legend says what is drawn.
            Action::OverlayHeat => {
                self.prefs.overlays.heat = !self.prefs.overlays.heat;
                self.prefs.overlays.floor &= !self.prefs.overlays.heat;
            }
            Action::OverlayFloor => {
                self.prefs.overlays.floor = !self.prefs.overlays.floor;
                self.prefs.overlays.heat &= !self.prefs.overlays.floor;
            }
            Action::CompareWith => self.pick(FilePurpose::Compare),
            Action::ImportDeviceType => self.pick(FilePurpose::ImportType),
            Action::FlipCompare => self.flip_compare(),
            Action::CloseCompare => {
                if self.present.b.take().is_some() {
                    self.present.waiting = None;
                    self.session.status = "Comparison closed".into();
                }
            }
            Action::ExpandHall => {
                if self.dialogs.expand.is_none() {
                    let mut dialog = ExpandDialog::new(self.caches.report.report().gpus.total);
                    dialog.set_gate(self.work.gate.clone());
                    self.dialogs.expand = Some(dialog);
                }
            }
            Action::GenerateHall => {
                if self.dialogs.generate.is_none() {
                    let mut dialog = GenerateDialog::default();
                    dialog.set_gate(self.work.gate.clone());
                    self.dialogs.generate = Some(dialog);
                }
            }
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::ShowShortcuts => self.dialogs.show_shortcuts = !self.dialogs.show_shortcuts,
            Action::GettingStarted => self.dialogs.show_welcome = !self.dialogs.show_welcome,
        }
    }

    /// Undo or redo one step; the view fits a hall whose size changed.
    fn undo_redo(&mut self, undo: bool) {
        let hall_before = (self.doc.layout().hall.width_m, self.doc.layout().hall.depth_m);
        let done = if undo { self.doc.undo() } else { self.doc.redo() };
        match done {
            Some(label) => {
                self.session.status = format!("{}: {label}", if undo { "Undone" } else { "Redone" });
                let hall = &self.doc.layout().hall;
                if hall_before != (hall.width_m, hall.depth_m) {
                    self.canvas.fit_pending = true;
                }
            }
            None => self.session.status = format!("Nothing to {}", if undo { "undo" } else { "redo" }),
        }
    }

    /// File › Export…: starts from the last choice, showing the overlay the canvas shows now (with several on,
    /// the one whose colours the canvas shows: floor over heat over feeds).
    fn open_export_dialog(&mut self) {
        let o = self.prefs.overlays;
        let overlay = [
            (o.floor, PlanOverlay::Floor),
            (o.heat, PlanOverlay::Heat),
            (o.feeds, PlanOverlay::Feeds),
            (o.fabric, PlanOverlay::Fabric),
        ]
        .into_iter()
        .find_map(|(on, overlay)| on.then_some(overlay));
        self.dialogs.export = Some(ExportDialog::new(ExportChoice { overlay, ..self.files.export_choice }));
    }

    fn zoom(&mut self, factor: f64) {
        if let Some(rect) = self.canvas.rect {
            self.canvas.camera.zoom_at(rect.min, rect.center(), factor);
        }
    }

    fn rotate_selection(&mut self) {
        let ids: Vec<ItemId> = self.session.selection.iter().copied().collect();
        let turned = rotated(self.doc.layout(), &ids);
        if !turned.is_empty() {
            self.edit(format!("Rotate {}", counted(ids.len() as u64, "item", "items")), Edit::Replace(turned));
        }
    }

    fn toggle_present(&mut self) {
        let p = &mut self.present;
        p.presenting = !p.presenting;
        // The build plays while presenting; leaving stops it where it is.
        if !p.presenting {
            self.session.playing = None;
        }
        // The stage is the hall: the welcome gives way (Help › Getting started brings it back).
        if p.presenting && self.dialogs.show_welcome {
            self.dialogs.show_welcome = false;
            self.prefs.seen_welcome = true;
        }
        self.canvas.fit_pending = true;
        self.session.status =
            if p.presenting { "Presenting: F11 or Esc to leave".into() } else { "Left presentation".into() };
    }

    /// Shows the next phase (after the last: the whole hall) or the one before (from the whole hall: the last).
    fn step_phase(&mut self, forward: bool) {
        // A step of the user's own ends playing.
        self.session.playing = None;
        let n = self.doc.layout().phases.len();
        if n == 0 {
            self.session.status = "This hall has no phases: add them in the Phases tab".into();
            return;
        }
        let next = match (self.session.phase, forward) {
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(k), true) => (k + 1 < n).then_some(k + 1),
            (Some(k), false) => k.checked_sub(1),
        };
        self.show_phase(next);
    }

    /// Shows the hall as it stands at phase `k` (`None`: the whole hall) and says so.
    pub(super) fn show_phase(&mut self, k: Option<usize>) {
        let layout = self.doc.layout();
        let k = k.filter(|&k| k < layout.phases.len());
        self.session.phase = k;
        self.session.status = match k {
            Some(k) => {
                let p = &layout.phases[k];
                let when = crate::model::phase::when(p.day, p.date.as_deref());
                format!(
                    "Phase {} of {}: {} ({when}); later equipment drawn as outlines",
                    k + 1,
                    layout.phases.len(),
                    p.name
                )
            }
            None => "The whole hall".into(),
        };
    }

    /// Plays the phases from the first (or from the one shown), one every [`PLAY_STEP_S`]; pauses when playing.
    fn play_phases(&mut self) {
        if self.session.playing.take().is_some() {
            self.session.status = "Paused".into();
            return;
        }
        if self.doc.layout().phases.is_empty() {
            self.session.status = "This hall has no phases to play: add them in the Phases tab".into();
            return;
        }
        let from = match self.session.phase {
            Some(k) if k + 1 < self.doc.layout().phases.len() => Some(k),
            _ => None,
        };
        self.show_phase(Some(from.unwrap_or(0)));
        self.session.playing = Some(self.window.ctx.input(|i| i.time) + PLAY_STEP_S);
        self.window.ctx.request_repaint_after(std::time::Duration::from_secs_f64(PLAY_STEP_S));
    }

    fn flip_compare(&mut self) {
        match &mut self.present.b {
            Some(c) => {
                c.showing_b = !c.showing_b;
                // A drag in progress on A ends where it started: the canvas is about to show another hall.
                self.doc.cancel_gesture();
                self.canvas.drag = Drag::None;
                self.session.status = if c.showing_b {
                    format!("Showing B ({}): press B for A", c.origin())
                } else {
                    "Showing A, the hall you edit".into()
                };
            }
            None => self.session.status = "No layout to compare with: File › Compare with… first".into(),
        }
    }

    /// Esc: cancel the running job; else close the welcome; else leave presentation; else cancel the drag in
    /// progress (everything goes back); else leave the tool; else clear the selection.
    fn escape(&mut self) {
        if self.work.job.is_some() {
            self.cancel_job();
            return;
        }
        if self.dialogs.show_welcome {
            self.dialogs.show_welcome = false;
            self.prefs.seen_welcome = true;
            return;
        }
        if self.doc.in_gesture() {
            self.doc.cancel_gesture();
            self.canvas.drag = Drag::None;
            self.session.status = "Drag cancelled".into();
        } else if !matches!(self.canvas.drag, Drag::None) {
            self.canvas.drag = Drag::None;
        } else if self.dialogs.show_shortcuts {
            self.dialogs.show_shortcuts = false;
        } else if self.dialogs.generate.is_some() {
            self.dialogs.generate = None;
        } else if self.dialogs.expand.is_some() {
            self.dialogs.expand = None;
        } else if self.present.presenting {
            self.toggle_present();
        } else if self.session.tool != Tool::Select {
            self.session.tool = Tool::Select;
        } else {
            self.session.selection.clear();
            self.session.obstacle = None;
        }
    }

    fn nudge(&mut self, dx: i32, dy: i32) {
        let layout = self.doc.layout();
        let ids = Mounts::of(layout).with_units_and_hosts(self.session.selection.iter().copied());
        let (dx, dy) = (layout.hall.tile_edge_mm(i64::from(dx)), layout.hall.tile_edge_mm(i64::from(dy)));
        let items = moved(&items_of(layout, &ids), dx, dy);
        if !items.is_empty() {
            self.edit(format!("Nudge {}", counted(items.len() as u64, "item", "items")), Edit::Replace(items));
        }
    }
}
