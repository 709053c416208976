//! Running commands: the only code that changes the document, the session or the preferences. Every edit goes
//! through the document (one undo step, checked with `check_layout`). After each command one clean-up step
//! brings the session in line with the document: when another hall took the document's place (a new or opened
//! document, generate, the story, Keep B, a restore, undo or redo across such a step) everything that named an
//! item of the old hall goes — selection, selected obstacle, a failed unit, the inspector's gesture, the drag,
//! the hover — in [`DesignerApp::on_hall_replaced`]; otherwise references to items that are gone are dropped.
//!
//! While a job that takes the hall's place runs, edits wait behind it and run after it, in order.

mod actions;
mod edits;
mod present;

use std::collections::VecDeque;

use super::actions::Action;
use super::app::DesignerApp;
use super::canvas::Drag;
use super::command::{Command, PrefChange};
use super::dialogs::ErrorMessage;
use super::document::HallKey;
use super::view::Tool;
use crate::analysis::Failure;
use crate::io::LayoutError;
use crate::model::edit::Edit;
use crate::model::{EquipmentKind, ItemId};

impl DesignerApp {
    /// Runs commands in order — and what they lead to (a job done at once, edits that waited for a job) right
    /// after the command that led to it.
    pub fn run_commands(&mut self, commands: impl IntoIterator<Item = Command>) {
        // What a job done at once (started outside this call) ended with comes first.
        let mut queue: VecDeque<Command> = self.work.ready.drain(..).chain(commands).collect();
        while let Some(command) = queue.pop_front() {
            if self.work.holds_edits() && edits_document(&command) {
                self.wait_for_the_job(command);
                continue;
            }
            let hall = self.doc.hall_key();
            self.run_one(command);
            self.after_command(hall);
            // Next: what a job done at once ended with, then edits released by a job that finished.
            let mut next: Vec<Command> = self.work.ready.drain(..).collect();
            if !self.work.holds_edits() {
                next.extend(self.released());
            }
            for c in next.into_iter().rev() {
                queue.push_front(c);
            }
        }
    }

    /// An edit that arrived while a job taking the hall's place runs: it runs after the job, in order.
    fn wait_for_the_job(&mut self, command: Command) {
        if self.work.waiting.is_empty() {
            self.work.waiting_on = Some(self.doc.hall_key());
        }
        self.work.waiting.push_back(command);
        if let Some(job) = &self.work.job {
            self.session.status = format!(
                "{} — {} when it is done (Esc cancels it)",
                job.title,
                crate::format::counted(self.work.waiting.len() as u64, "step waits", "steps wait")
            );
        }
    }

    /// The edits that waited for a job that has finished. Presses (Delete, Undo, a paste …) build their edit
    /// when they run, so they follow whatever hall the job left; an edit that carries values read from the hall
    /// on screen (an Inspector or Hall field) was made for that hall, and is dropped if another took its place.
    fn released(&mut self) -> Vec<Command> {
        let waited_on = self.work.waiting_on.take();
        let mut released: Vec<Command> = self.work.waiting.drain(..).collect();
        if waited_on.is_some_and(|h| h != self.doc.hall_key()) {
            let before = released.len();
            released.retain(|c| !carries_hall_values(c));
            let dropped = before - released.len();
            if dropped > 0 {
                self.session.status = format!(
                    "{} made on the hall that was replaced: not applied to the new one",
                    crate::format::counted(dropped as u64, "edit", "edits")
                );
            }
        }
        released
    }

    /// A job that held edits ended without putting its hall in place (cancelled, failed, dropped): the presses
    /// that waited for it went with it.
    pub(super) fn drop_waiting(&mut self, why: &str) {
        self.work.waiting_on = None;
        let dropped = std::mem::take(&mut self.work.waiting).len();
        if dropped > 0 {
            self.session.status = format!(
                "{why} — {} that waited for it dropped",
                crate::format::counted(dropped as u64, "step", "steps")
            );
        }
    }

    fn run_one(&mut self, command: Command) {
        if self.showing_b() && edits_document(&command) {
            self.session.status = "The canvas shows B, read-only: press B to go back to A and edit".into();
            return;
        }
        if self.doc.in_gesture() && interrupts_gesture(&command) {
            // It reads the layout to build its edit: it must see the layout as it was, not mid-drag.
            self.doc.cancel_gesture();
            self.canvas.drag = Drag::None;
        }
        self.run(command);
    }

    /// The one clean-up after every command: a hall that took the document's place ends every reference to
    /// the old one; otherwise references to items that are gone go.
    fn after_command(&mut self, before: HallKey) {
        let now = self.doc.hall_key();
        if now != before {
            let new_document = now.generation != before.generation;
            let new_design = new_document || now.design != before.design;
            self.on_hall_replaced(new_document, new_design);
        }
        self.reconcile();
    }

    /// Another hall took the document's place (`new_design`: another design, not the same one grown): the
    /// session's references to the old hall's items go, the view fits the new hall, a scenario B (a what-if of
    /// the old hall) goes and the sliders read the new one. A new document also starts with the select tool in
    /// normal operation.
    pub(super) fn on_hall_replaced(&mut self, new_document: bool, new_design: bool) {
        if new_design {
            self.session.phase = None;
            self.session.playing = None;
            self.session.selection.clear();
            self.session.obstacle = None;
            self.session.site_node = None;
            if matches!(
                self.session.failure,
                Failure::Pdu(_)
                    | Failure::CoolingUnit(_)
                    | Failure::UpsSystem(_)
                    | Failure::Utility
                    | Failure::PlantUnit(_)
            ) {
                self.session.failure = Failure::None;
            }
        }
        if new_document {
            self.session.tool = Tool::Select;
            self.session.failure = Failure::None;
        }
        // The inspector's next edit is a new step; no drag, hover or array preview survives the hall.
        self.session.gesture_seq += 1;
        self.canvas.forget_hall();
        if self.present.b.as_ref().is_some_and(super::compare::Comparison::is_scenario) {
            self.present.b = None;
        }
        self.present.waiting = None;
        self.present.scenarios.forget();
        self.present.what_if_hall = None;
    }

    /// Keeps the session in line with the document: selected items exist (items are sorted by id, so each is a
    /// binary search), the selected obstacle exists, the what-if names a unit of its kind that exists.
    fn reconcile(&mut self) {
        let layout = self.doc.layout();
        self.session.selection.retain(|id| layout.items.binary_search_by_key(id, |i| i.id).is_ok());
        if self.session.obstacle.is_some_and(|n| n >= layout.hall.obstacles.len()) {
            self.session.obstacle = None;
        }
        if self.session.phase.is_some_and(|k| k >= layout.phases.len()) {
            self.session.phase = None;
            self.session.playing = None;
        }
        if self.session.site_node.as_ref().is_some_and(|n| !site_node_exists(layout, n)) {
            self.session.site_node = None;
        }
        // A lineup column follows its first system when an edit (a side, a reserve, modules) splits or merges
        // the columns.
        if let (Some(node), Some(site)) = (&mut self.session.site_node, &layout.site)
            && let crate::export::sld::SiteNode::Ups(ids)
            | crate::export::sld::SiteNode::UnitSubstations(ids)
            | crate::export::sld::SiteNode::Pdus(ids) = node
            && let Some(&first) = ids.first()
        {
            let group = crate::export::sld::group_of(site, first);
            if !group.is_empty() && group != *ids {
                *ids = group;
            }
        }
        let exists = |id: &ItemId, kind: EquipmentKind| {
            layout.index_of(*id).and_then(|i| layout.type_of(&layout.items[i])).is_some_and(|t| t.kind == kind)
        };
        let gone = match &self.session.failure {
            Failure::Pdu(id) => !exists(id, EquipmentKind::Pdu),
            Failure::CoolingUnit(id) => !exists(id, EquipmentKind::Cooling),
            Failure::UpsSystem(id) => layout.site.as_ref().is_none_or(|s| s.system(*id).is_none()),
            Failure::Utility => layout.site.is_none(),
            Failure::PlantUnit(bank) => layout.site.as_ref().and_then(|s| bank.of(s)).is_none_or(|b| b.count == 0),
            _ => false,
        };
        if gone {
            self.session.failure = Failure::None;
            self.session.status = "The failed unit is gone: what-if back to normal operation".into();
        }
    }

    /// Shows why an edit was refused; nothing changed.
    pub(super) fn refuse(&mut self, e: LayoutError) {
        self.refused_edits += 1;
        self.dialogs.error = Some(ErrorMessage {
            title: "That change was not made".into(),
            text: format!(
                "It would leave a layout that could not be saved and opened again:\n\n{e}\n\nThe hall is as it was."
            ),
        });
    }

    /// One undoable edit; true when made.
    pub(super) fn edit(&mut self, label: impl Into<String>, edit: Edit) -> bool {
        let label = label.into();
        match self.doc.apply(label.clone(), edit) {
            Ok(()) => {
                self.session.status = label;
                true
            }
            Err(e) => {
                self.refuse(e);
                false
            }
        }
    }

    /// An edit whose new items become the selection.
    fn edit_and_select(&mut self, label: String, edit: Edit, select: Vec<ItemId>) {
        if self.edit(label, edit) {
            self.session.selection = select.into_iter().collect();
            self.session.obstacle = None;
        }
    }

    /// The dispatch: each command to its handler.
    fn run(&mut self, command: Command) {
        match command {
            Command::Action(a) => self.run_action(a),
            Command::Edit { label, edit } => {
                self.edit(label, edit);
            }
            Command::EditMerged { label, edit, key } => {
                if let Err(e) = self.doc.apply_merged(label, edit, key) {
                    self.refuse(e);
                }
            }
            Command::EditAndSelect { label, edit, select } => self.edit_and_select(label, edit, select),
            Command::GestureBegin => self.doc.begin_gesture(),
            Command::GestureUpdate(edit) => self.doc.update_gesture(edit),
            Command::GestureCommit(label) => match self.doc.commit_gesture(label.clone()) {
                Ok(true) => self.session.status = label,
                Ok(false) => {}
                Err(e) => self.refuse(e),
            },
            Command::GestureCancel => {
                self.doc.cancel_gesture();
            }
            Command::Select(ids) => self.select(ids, false),
            Command::SelectAdd(ids) => self.select(ids, true),
            Command::SelectToggle(id) => {
                if !self.session.selection.remove(&id) {
                    self.session.selection.insert(id);
                }
                self.session.obstacle = None;
            }
            Command::SelectAndShow(ids) => {
                self.canvas.show(&self.doc, &ids);
                self.select(ids, false);
            }
            Command::SelectObstacle(o) => {
                self.session.obstacle = o;
                self.session.selection.clear();
            }
            Command::SelectSiteNode(node) => self.session.site_node = node,
            Command::ShowPhase(k) => {
                self.session.playing = None;
                self.show_phase(k);
            }
            Command::PhaseTick => {
                let n = self.doc.layout().phases.len();
                match self.session.phase {
                    Some(k) if k + 1 < n => {
                        self.show_phase(Some(k + 1));
                        let now = self.window.ctx.input(|i| i.time);
                        self.session.playing = Some(now + actions::PLAY_STEP_S);
                        // egui forgets a repaint asked for before this frame: ask for the next phase's.
                        self.window.ctx.request_repaint_after(std::time::Duration::from_secs_f64(actions::PLAY_STEP_S));
                    }
                    _ => {
                        self.session.playing = None;
                        self.session.status = "The build played to its last phase".into();
                    }
                }
            }
            Command::SetTool(tool) => self.session.tool = tool,
            Command::SetFailure(f) => self.session.failure = f,
            Command::SetPref(change) => match change {
                PrefChange::Grid(on) => self.prefs.overlays.grid = on,
                PrefChange::Units(units) => self.prefs.units = units,
                PrefChange::ArrayType(t) => self.prefs.array_type = t,
                PrefChange::Tab(tab) => self.prefs.tab = tab,
            },
            Command::SetPaletteFilter(s) => self.session.palette_filter = s,
            Command::Paste(text) => self.paste(text.as_deref()),
            Command::Bulk(bulk) => self.bulk(bulk),
            Command::AddObstacle(o) => self.add_obstacle(o),
            Command::Status(s) => self.session.status = s,
            Command::NextGesture => self.session.gesture_seq += 1,
            Command::DismissError => self.dialogs.error = None,
            Command::CloseWelcome => {
                self.dialogs.show_welcome = false;
                self.prefs.seen_welcome = true;
            }
            Command::ToggleShortcuts => self.dialogs.show_shortcuts = !self.dialogs.show_shortcuts,
            Command::CloseGenerate => self.dialogs.generate = None,
            Command::CloseFileDialog => self.dialogs.file_dialog = None,
            Command::CloseExport => self.dialogs.export = None,
            Command::ImportType(path) => self.import_type(&path),
            Command::ImportTypeDecided(decision) => {
                self.dialogs.import_type = None;
                // (What was noticed was shown in the dialog.)
                if let Some((ty, _noticed)) = decision {
                    let (label, edit, status) = self.add_imported_type(*ty);
                    if self.edit(label, edit) {
                        self.session.status = status;
                    }
                }
            }
            Command::CloseExpand => self.dialogs.expand = None,
            c @ (Command::Open(_)
            | Command::FileChosen(..)
            | Command::Confirmed(_)
            | Command::Recover(_)
            | Command::ExportChosen(_)
            | Command::CloseRequested) => self.run_file_command(c),
            c @ (Command::UseGenerated(_) | Command::UseExpanded(..) | Command::JobFinished { .. }) => {
                self.run_job_command(c);
            }
            c @ (Command::SetWhatIf(_)
            | Command::Story(..)
            | Command::KeepScenario
            | Command::ReplaceComparedFile(_)
            | Command::ScenarioBuilt { .. }
            | Command::ReadHall(..)) => self.run_present_command(c),
        }
    }

    fn select(&mut self, ids: Vec<ItemId>, add: bool) {
        if !add {
            self.session.selection.clear();
        }
        self.session.selection.extend(ids);
        self.session.obstacle = None;
    }
}

/// Commands that carry or build an edit of the layout.
fn builds_edit(command: &Command) -> bool {
    matches!(
        command,
        Command::Edit { .. }
            | Command::EditMerged { .. }
            | Command::EditAndSelect { .. }
            | Command::Paste(_)
            | Command::Bulk(_)
            | Command::AddObstacle(_)
            | Command::UseGenerated(_)
            | Command::UseExpanded(..)
            | Command::KeepScenario
            | Command::ImportTypeDecided(Some(_))
    )
}

/// The stage a Power-tab selection names is still in the layout's site.
fn site_node_exists(layout: &crate::model::Layout, node: &crate::export::sld::SiteNode) -> bool {
    use crate::export::sld::SiteNode;
    let Some(site) = &layout.site else { return false };
    match node {
        SiteNode::Utility(n) => *n < site.utility.len(),
        SiteNode::Generation(n) => *n < site.generation.len(),
        SiteNode::Storage(n) => *n < site.storage.len(),
        SiteNode::Substation => site.substation.is_some(),
        SiteNode::MvSwitchgear => site.mv_switchgear.is_some(),
        SiteNode::MechanicalFeed => site.mechanical.feed.is_some(),
        SiteNode::Liquid => site.mechanical.liquid.is_some(),
        SiteNode::Air => site.mechanical.air.is_some(),
        SiteNode::Ups(ids) | SiteNode::UnitSubstations(ids) | SiteNode::Pdus(ids) => {
            !ids.is_empty() && ids.iter().all(|id| site.system(*id).is_some())
        }
    }
}

/// Edits that carry values read from the hall on screen (an item as the Inspector shows it, the hall's
/// settings, an obstacle drawn on it), rather than building their edit when they run.
fn carries_hall_values(command: &Command) -> bool {
    matches!(
        command,
        Command::Edit { .. } | Command::EditMerged { .. } | Command::EditAndSelect { .. } | Command::AddObstacle(_)
    )
}

/// Commands that change the document (refused while the canvas shows the compared layout, and waiting while a
/// job that takes the hall's place runs).
fn edits_document(command: &Command) -> bool {
    match command {
        Command::Action(a) => {
            a.edits_selection() || matches!(a, Action::Paste | Action::Undo | Action::Redo | Action::SelectAll)
        }
        // Taking in a generated or expanded hall (or Keep B) replaces all of A, whichever the canvas shows: when
        // the new hall arrives the canvas goes back to A to show it.
        Command::UseGenerated(_) | Command::UseExpanded(..) | Command::KeepScenario => false,
        c => builds_edit(c),
    }
}

/// Commands that build an edit from the layout as it stands (or replace the document): an open gesture is
/// cancelled before them. Selection, view and gesture commands leave it open.
fn interrupts_gesture(command: &Command) -> bool {
    match command {
        Command::Action(a) => a.edits_selection() || matches!(a, Action::Paste | Action::GenerateHall),
        Command::Open(_) | Command::FileChosen(..) | Command::Confirmed(_) | Command::Recover(_) => true,
        c => builds_edit(c),
    }
}
