//! Applying commands: the only code that changes the document, the session or the preferences. Every edit goes
//! through [`Document::apply`] (one undo step, checked with `check_layout`); after each command the session is
//! brought back in line with the document (selection, selected obstacle, what-if of a unit that is gone).

use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use super::actions::Action;
use super::app::DesignerApp;
use super::canvas::Drag;
use super::command::{AfterConfirm, Bulk, Command, ConfirmChoice, FilePurpose};
use super::compare::Comparison;
use super::dialogs::{
    ErrorMessage, ExpandDialog, ExportChoice, ExportDialog, GenerateDialog, InAppFileDialog, UnsavedPrompt,
};
use super::document::Document;
use super::files::Picked;
use super::view::{SideTab, Tool};
use crate::analysis::Failure;
use crate::analysis::assign::{assign_both_feeds, assign_cooling, assign_feeds};
use crate::export::{ExportFormat, PlanOverlay};
use crate::format::counted;
use crate::generate::what_if::WhatIf;
use crate::io::clipboard::{clipboard_text, parse_clipboard_text};
use crate::io::{LayoutError, load_layout};
use crate::model::edit::{Edit, remove_with_references};
use crate::model::ops::{Mounts, free_offset, items_of, moved, pasted, rotated};
use crate::model::{EquipmentKind, ItemId, Layout};

impl DesignerApp {
    /// Applies commands in order.
    pub fn run_commands(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        for command in commands {
            if self.showing_b() && edits_document(&command) {
                self.session.status = "The canvas shows B, read-only: press B to go back to A and edit".into();
                continue;
            }
            if self.doc.in_gesture() && interrupts_gesture(&command) {
                // It reads the layout to build its edit: it must see the layout as it was, not mid-drag.
                self.doc.cancel_gesture();
                self.canvas.drag = Drag::None;
            }
            self.run(ctx, command);
            self.reconcile();
        }
    }

    /// Keeps the session in line with the document: selected items exist (items are sorted by id, so each is a
    /// binary search), the selected obstacle exists, the
    /// what-if names a unit that exists. (A drag whose gesture was closed elsewhere ends at the canvas's next
    /// input: mid-frame, a drag's own `GestureBegin` may still be queued.)
    fn reconcile(&mut self) {
        let layout = self.doc.layout();
        self.session.selection.retain(|id| layout.items.binary_search_by_key(id, |i| i.id).is_ok());
        if self.session.obstacle.is_some_and(|n| n >= layout.hall.obstacles.len()) {
            self.session.obstacle = None;
        }
        let exists = |id: &ItemId, kind: EquipmentKind| {
            layout.index_of(*id).and_then(|i| layout.type_of(&layout.items[i])).is_some_and(|t| t.kind == kind)
        };
        let gone = match &self.session.failure {
            Failure::Pdu(id) => !exists(id, EquipmentKind::Pdu),
            Failure::CoolingUnit(id) => !exists(id, EquipmentKind::Cooling),
            _ => false,
        };
        if gone {
            self.session.failure = Failure::None;
            self.session.status = "The failed unit is gone: what-if back to normal operation".into();
        }
    }

    /// Shows why an edit was refused; nothing changed.
    fn refuse(&mut self, e: LayoutError) {
        self.refused_edits += 1;
        self.error = Some(ErrorMessage {
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

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Action(a) => self.run_action(ctx, a),
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
            Command::Select(ids) => {
                self.session.selection = ids.into_iter().collect();
                self.session.obstacle = None;
            }
            Command::SelectAdd(ids) => {
                self.session.selection.extend(ids);
                self.session.obstacle = None;
            }
            Command::SelectToggle(id) => {
                if !self.session.selection.remove(&id) {
                    self.session.selection.insert(id);
                }
                self.session.obstacle = None;
            }
            Command::SelectAndShow(ids) => {
                self.canvas.show(&self.doc, &ids);
                self.session.selection = ids.into_iter().collect();
                self.session.obstacle = None;
            }
            Command::SelectObstacle(o) => {
                self.session.obstacle = o;
                self.session.selection.clear();
            }
            Command::SetTool(tool) => self.session.tool = tool,
            Command::SetFailure(f) => self.session.failure = f,
            Command::SetPrefs(p) => self.prefs = *p,
            Command::SetPaletteFilter(s) => self.session.palette_filter = s,
            Command::Paste(text) => self.paste(text.as_deref()),
            Command::Open(path) => self.guard(AfterConfirm::Open(Some(path))),
            Command::FileChosen(purpose, path) => self.file_chosen(purpose, path),
            Command::UseGenerated(layout) => {
                self.use_generated(*layout);
            }
            Command::Confirmed(choice) => {
                if let Some(prompt) = self.unsaved_prompt.take() {
                    match choice {
                        ConfirmChoice::Save => self.save(Some(prompt.next)),
                        ConfirmChoice::Discard => self.proceed(prompt.next),
                        ConfirmChoice::Cancel => {}
                    }
                }
            }
            Command::Recover(restore) => self.recover(restore),
            Command::DismissError => self.error = None,
            Command::Bulk(bulk) => self.bulk(bulk),
            Command::AddObstacle(o) => {
                let mut hall = self.doc.layout().hall.clone();
                let label = format!("Add {:?}", o.kind).to_lowercase();
                hall.obstacles.push(o);
                let index = hall.obstacles.len() - 1;
                if self.edit(label, Edit::SetHall(Box::new(hall))) {
                    self.session.selection.clear();
                    self.session.obstacle = Some(index);
                }
            }
            Command::CloseGenerate => self.generate = None,
            Command::ExportChosen(choice) => {
                self.export = None;
                self.export_choice = choice;
                self.pick(FilePurpose::Export(choice.format));
            }
            Command::CloseExport => self.export = None,
            Command::UseExpanded(layout) => self.use_expanded(*layout),
            Command::CloseExpand => self.expand = None,
            Command::Status(s) => self.session.status = s,
            Command::SetWhatIf(w) => {
                // The hall's own reading is taken first, so the next frame does not put the sliders back.
                if self.session.what_if_hall.is_none() {
                    let key = self.doc.key();
                    self.session.what_if_hall = Some((key, WhatIf::of_layout(self.doc.layout())));
                }
                self.session.what_if = w.clone();
                self.scenarios.want(super::scenario::ScenarioKey::WhatIf(w));
            }
            Command::Story(step) => self.story(step),
            Command::KeepScenario => {
                if let Some(b) = &self.compare {
                    let mut layout = b.doc.layout().clone();
                    if let Some(name) = layout.name.strip_prefix(crate::generate::what_if::WHAT_IF_NAME_PREFIX) {
                        layout.name = name.to_owned();
                    }
                    let label = format!("Keep B: {}", layout.name);
                    if self.replace_layout(label, layout, super::jobs::ReplaceFrom::Generate) {
                        self.compare = None;
                    }
                }
            }
            Command::CloseWelcome => {
                self.session.show_welcome = false;
                self.prefs.seen_welcome = true;
            }
            Command::NextGesture => self.session.gesture_seq += 1,
        }
    }

    /// Runs a user action (from a menu, button or key).
    pub fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guard(AfterConfirm::New),
            Action::Open => self.guard(AfterConfirm::Open(None)),
            Action::Save => self.save(None),
            Action::SaveAs => self.pick(FilePurpose::Save(None)),
            Action::ExportBom => self.pick(FilePurpose::Export(ExportFormat::Csv)),
            Action::Export => {
                // Start from the last choice, showing the overlay the canvas shows now.
                let o = self.prefs.overlays;
                // With several overlays on, the one whose colours the canvas shows (floor over heat over feeds).
                let overlay = [
                    (o.floor, PlanOverlay::Floor),
                    (o.heat, PlanOverlay::Heat),
                    (o.feeds, PlanOverlay::Feeds),
                    (o.fabric, PlanOverlay::Fabric),
                ]
                .into_iter()
                .find_map(|(on, overlay)| on.then_some(overlay));
                self.export = Some(ExportDialog::new(ExportChoice { overlay, ..self.export_choice }));
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo | Action::Redo => {
                let hall_before = (self.doc.layout().hall.width_m, self.doc.layout().hall.depth_m);
                let done = if action == Action::Undo { self.doc.undo() } else { self.doc.redo() };
                if let Some(label) = done {
                    let verb = if action == Action::Undo { "Undone" } else { "Redone" };
                    self.session.status = format!("{verb}: {label}");
                    // The step's own inverse is now on the other stack: a whole layout there means a whole hall
                    // came back (generate, expand, Keep B, new).
                    let history = self.doc.history();
                    let step = if action == Action::Undo { history.redo_edit() } else { history.undo_edit() };
                    let whole_hall = matches!(step, Some(Edit::SetLayout(_)));
                    let hall = &self.doc.layout().hall;
                    if whole_hall || hall_before != (hall.width_m, hall.depth_m) {
                        self.canvas.fit_pending = true;
                    }
                    if whole_hall {
                        self.new_hall();
                    }
                }
            }
            Action::Delete => self.delete_selection(),
            Action::Duplicate => self.duplicate_selection(),
            Action::Copy => self.copy(ctx),
            Action::Cut => {
                if !self.session.selection.is_empty() {
                    self.copy(ctx);
                    self.delete_selection();
                }
            }
            Action::Paste => self.paste(None),
            Action::Rotate => {
                let ids: Vec<ItemId> = self.session.selection.iter().copied().collect();
                let turned = rotated(self.doc.layout(), &ids);
                if !turned.is_empty() {
                    self.edit(format!("Rotate {}", counted(ids.len() as u64, "item", "items")), Edit::Replace(turned));
                }
            }
            Action::SelectAll => {
                self.session.selection = self.doc.layout().items.iter().map(|i| i.id).collect();
                self.session.obstacle = None;
            }
            Action::Escape if self.job.is_some() => {
                self.cancel_job();
            }
            Action::Escape if self.session.presenting => self.run_action(ctx, Action::Present),
            Action::Escape => self.escape(),
            Action::Present => {
                self.session.presenting = !self.session.presenting;
                // The stage is the hall: the welcome gives way (Help › Getting started brings it back).
                if self.session.presenting && self.session.show_welcome {
                    self.session.show_welcome = false;
                    self.prefs.seen_welcome = true;
                }
                self.canvas.fit_pending = true;
                self.session.status = if self.session.presenting {
                    "Presenting: F11 or Esc to leave".into()
                } else {
                    "Left presentation".into()
                };
            }
            Action::NudgeLeft => self.nudge(-1, 0),
            Action::NudgeRight => self.nudge(1, 0),
            Action::NudgeUp => self.nudge(0, -1),
            Action::NudgeDown => self.nudge(0, 1),
            Action::NudgeLeftFar => self.nudge(-10, 0),
            Action::NudgeRightFar => self.nudge(10, 0),
            Action::NudgeUpFar => self.nudge(0, -10),
            Action::NudgeDownFar => self.nudge(0, 10),
            Action::ZoomToFit => self.canvas.fit_pending = true,
            Action::ZoomIn | Action::ZoomOut => {
                if let Some(rect) = self.canvas.rect {
                    let factor = if action == Action::ZoomIn { 1.25 } else { 0.8 };
                    self.canvas.camera.zoom_at(rect.min, rect.center(), factor);
                }
            }
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
            Action::OverlayHeat => self.prefs.overlays.heat = !self.prefs.overlays.heat,
            Action::OverlayFloor => self.prefs.overlays.floor = !self.prefs.overlays.floor,
            Action::CompareWith => self.pick(FilePurpose::Compare),
            Action::FlipCompare => match &mut self.compare {
                Some(c) => {
                    c.showing_b = !c.showing_b;
                    // A drag in progress on A ends where it started: the canvas is about to show another hall.
                    self.doc.cancel_gesture();
                    self.canvas.drag = Drag::None;
                    self.session.status = if c.showing_b {
                        "Showing B, read-only: press B for A".into()
                    } else {
                        "Showing A, the hall you edit".into()
                    };
                }
                None => self.session.status = "No layout to compare with: File › Compare with… first".into(),
            },
            Action::CloseCompare => {
                if self.compare.take().is_some() {
                    self.session.status = "Comparison closed".into();
                }
            }
            Action::ExpandHall => {
                if self.expand.is_none() {
                    self.expand = Some(ExpandDialog::new(self.cache.report().gpus.total));
                }
            }
            Action::GenerateHall => {
                if self.generate.is_none() {
                    self.generate = Some(GenerateDialog::default());
                }
            }
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::ShowShortcuts => self.session.show_shortcuts = !self.session.show_shortcuts,
            Action::GettingStarted => self.session.show_welcome = !self.session.show_welcome,
        }
    }

    /// Esc: cancel the drag in progress (everything goes back); else leave the tool; else clear the selection.
    fn escape(&mut self) {
        if self.cancel_job() {
            return;
        }
        if self.session.show_welcome {
            self.session.show_welcome = false;
            self.prefs.seen_welcome = true;
            return;
        }
        if self.doc.in_gesture() {
            self.doc.cancel_gesture();
            self.canvas.drag = Drag::None;
            self.session.status = "Drag cancelled".into();
        } else if !matches!(self.canvas.drag, Drag::None) {
            self.canvas.drag = Drag::None;
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
        let items = moved(&items_of(layout, &ids), dx, dy, layout.hall.tile_m);
        if !items.is_empty() {
            self.edit(format!("Nudge {}", counted(items.len() as u64, "item", "items")), Edit::Replace(items));
        }
    }

    fn delete_selection(&mut self) {
        if self.session.selection.is_empty() {
            if let Some(n) = self.session.obstacle {
                let mut hall = self.doc.layout().hall.clone();
                if n < hall.obstacles.len() {
                    hall.obstacles.remove(n);
                    self.edit("Delete obstacle", Edit::SetHall(Box::new(hall)));
                    self.session.obstacle = None;
                }
            }
            return;
        }
        let layout = self.doc.layout();
        let ids = Mounts::of(layout).with_units(self.session.selection.iter().copied());
        let edit = remove_with_references(layout, &ids);
        if self.edit(format!("Delete {}", counted(ids.len() as u64, "item", "items")), edit) {
            self.session.selection.clear();
        }
    }

    fn duplicate_selection(&mut self) {
        let layout = self.doc.layout();
        let items = items_of(layout, &Mounts::of(layout).with_units(self.session.selection.iter().copied()));
        if items.is_empty() {
            return;
        }
        let (dx, dy) = free_offset(layout, &items);
        let copies = pasted(layout, &items, dx, dy);
        let select = copies.iter().map(|i| i.id).collect();
        self.edit_and_select(
            format!("Duplicate {}", counted(copies.len() as u64, "item", "items")),
            Edit::Insert(copies),
            select,
        );
    }

    fn copy(&mut self, ctx: &egui::Context) {
        let layout = self.doc.layout();
        let items = items_of(layout, &Mounts::of(layout).with_units(self.session.selection.iter().copied()));
        if items.is_empty() {
            return;
        }
        if let Ok(text) = clipboard_text(&items) {
            ctx.copy_text(text);
        }
        self.session.status = format!("Copied {}", counted(items.len() as u64, "item", "items"));
        self.clipboard = items;
    }

    /// Pastes the platform's clipboard text when it holds items, else the designer's own copy: at the cursor
    /// when it is over the floor, else on the nearest free floor beside where they were copied from.
    fn paste(&mut self, text: Option<&str>) {
        let layout = self.doc.layout();
        let mut items = match text.map(parse_clipboard_text) {
            Some(Ok(items)) => items,
            // The platform's clipboard holds something else (copied in another program since): paste nothing
            // rather than racks copied long ago.
            Some(Err(why)) => {
                self.session.status = format!("Nothing pasted: {why}");
                return;
            }
            None => self.clipboard.clone(),
        };
        let known = items.len();
        items.retain(|i| layout.catalog.get(&i.type_id).is_some());
        if items.is_empty() {
            self.session.status = if known > 0 {
                "Nothing pasted: the copied items are of types this hall does not have".into()
            } else {
                "Nothing to paste: copy items first".into()
            };
            return;
        }
        let tile = layout.hall.tile_m;
        let (min_x, min_y) =
            (items.iter().map(|i| i.x).min().unwrap_or(0), items.iter().map(|i| i.y).min().unwrap_or(0));
        let (dx, dy) = match self.canvas.cursor_m {
            Some([x, y]) => (
                ((x / tile).floor() as i64 - i64::from(min_x)).clamp(-1_000_000, 1_000_000) as i32,
                ((y / tile).floor() as i64 - i64::from(min_y)).clamp(-1_000_000, 1_000_000) as i32,
            ),
            None => free_offset(layout, &items),
        };
        let copies = pasted(layout, &items, dx, dy);
        let select = copies.iter().map(|i| i.id).collect();
        let label = format!("Paste {}", counted(copies.len() as u64, "item", "items"));
        self.edit_and_select(label, Edit::Insert(copies), select);
    }

    /// Bulk edits of every selected item, as one step.
    fn bulk(&mut self, bulk: Bulk) {
        let layout = self.doc.layout();
        let ids: Vec<ItemId> = self.session.selection.iter().copied().collect();
        let (label, items, without_room) = match &bulk {
            Bulk::Feeds(side) => {
                let a = assign_feeds(layout, &ids, *side);
                (format!("Assign feed {}", side.label()), a.items, a.without_room)
            }
            Bulk::BothFeeds => {
                let a = assign_both_feeds(layout, &ids);
                ("Assign feeds A and B".to_owned(), a.items, a.without_room)
            }
            Bulk::Cooling => {
                let a = assign_cooling(layout, &ids);
                ("Assign cooling".to_owned(), a.items, a.without_room)
            }
            Bulk::ScalableUnit(su) => {
                let items = items_of(layout, &ids)
                    .into_iter()
                    .filter(|i| layout.type_of(i).is_some_and(|t| t.gpu.is_some()) && i.su != Some(*su))
                    .map(|mut i| {
                        i.su = Some(*su);
                        i
                    })
                    .collect();
                (format!("Put in scalable unit {su}"), items, 0)
            }
            Bulk::NamePrefix(prefix) => {
                let mut items = items_of(layout, &ids);
                items.retain(|i| layout.type_of(i).is_some_and(|t| t.occupies_floor()));
                items.sort_by_key(|i| (i.y, i.x, i.id));
                let width = items.len().to_string().len();
                for (n, i) in items.iter_mut().enumerate() {
                    i.name = Some(format!("{prefix}{:0width$}", n + 1));
                }
                (format!("Name {prefix}1…"), items, 0)
            }
        };
        let n = items.len() as u64;
        if n > 0 {
            self.edit(format!("{label} ({})", counted(n, "item", "items")), Edit::Replace(items));
        }
        let mut status = format!("{label}: {} changed", counted(n, "item", "items"));
        if without_room > 0 {
            status += &format!(", {} without a unit with room", counted(without_room as u64, "item", "items"));
        }
        self.session.status = status;
    }

    /// Runs `next` now, or after the unsaved-changes prompt when the document is dirty.
    pub fn guard(&mut self, next: AfterConfirm) {
        self.doc.cancel_gesture();
        self.canvas.drag = Drag::None;
        if self.doc.is_dirty() {
            self.unsaved_prompt = Some(UnsavedPrompt { next, name: self.doc.display_name().to_owned() });
        } else {
            self.proceed(next);
        }
    }

    /// Runs an action the unsaved-changes prompt cleared.
    pub(super) fn proceed(&mut self, next: AfterConfirm) {
        match next {
            AfterConfirm::New => {
                self.replace_document(Document::new(Layout::empty("Untitled hall", 40.0, 30.0), None));
                self.session.status = "New hall".into();
            }
            AfterConfirm::Open(Some(path)) => self.open_path(path),
            AfterConfirm::Open(None) => self.pick(FilePurpose::Open),
            AfterConfirm::Close => {
                self.allow_close = true;
                self.close_window = true;
            }
        }
    }

    /// A folder to start file dialogs in: the document's, else the last file's.
    fn start_folder(&self) -> Option<PathBuf> {
        self.doc
            .path()
            .or(self.prefs.recent.first().map(PathBuf::as_path))
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// Asks for a file for `purpose`: the native dialog, or the designer's own when that cannot open.
    fn pick(&mut self, purpose: FilePurpose) {
        let folder = self.start_folder();
        let name = self.doc.suggested_file_name();
        let picked = match purpose {
            FilePurpose::Open | FilePurpose::Compare => self.files.pick_open(folder.as_deref()),
            FilePurpose::Save(_) => self.files.pick_save(folder.as_deref(), &name),
            FilePurpose::Export(format) => {
                self.files.pick_export(folder.as_deref(), &export_file_name(&name, format), format)
            }
        };
        match picked {
            Picked::Path(path) => self.file_chosen(purpose, path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                if !self.told_no_native_dialog {
                    self.session.status = "No system file dialog is available here: using clusterplan's own".into();
                    self.told_no_native_dialog = true;
                }
                let name = match purpose {
                    FilePurpose::Save(_) => name,
                    FilePurpose::Export(format) => export_file_name(&name, format),
                    FilePurpose::Open | FilePurpose::Compare => String::new(),
                };
                self.file_dialog = Some(InAppFileDialog::new(purpose, folder.as_deref(), &name));
            }
        }
    }

    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::Export(format) => self.export_to(&path, format),
            FilePurpose::Open => self.open_path(path),
            FilePurpose::Compare => self.open_compare(path),
            FilePurpose::Save(then) => {
                self.save_to(path, then);
            }
        }
    }

    /// Saves to the document's file (then does `then`), or asks for a file first.
    fn save(&mut self, then: Option<AfterConfirm>) {
        match self.doc.path().map(Path::to_path_buf) {
            Some(path) => {
                self.save_to(path, then);
            }
            None => self.pick(FilePurpose::Save(then)),
        }
    }

    /// Replaces the document (New, Open, Restore): the session starts over, caches rebuild for the new
    /// document's own key, the view fits the hall.
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.session.selection.clear();
        self.session.obstacle = None;
        self.session.tool = Tool::Select;
        self.session.failure = Failure::None;
        self.canvas.drag = Drag::None;
        self.canvas.fit_pending = true;
        self.new_hall();
    }

    /// Another hall took the document's place (opened, new, generated, expanded, a scenario kept): a scenario
    /// shown as B was a what-if of the old one and goes, and the sliders start again from the new hall.
    pub(super) fn new_hall(&mut self) {
        if self.compare.as_ref().is_some_and(Comparison::is_scenario) {
            self.compare = None;
        }
        self.scenarios.forget();
        self.session.what_if_hall = None;
    }

    /// While presenting, sliders the user has not moved describe the hall: they are read from it when
    /// presentation starts or a new hall arrives (undo of a whole hall too), and read again when an edit changes
    /// what they describe (its GPUs, rack type, PUE or racks per array). Sliders the user moved keep their
    /// settings, and the B built from them stays. Not mid-drag: the gesture's end is read.
    pub(super) fn follow_hall_with_sliders(&mut self) {
        if !self.session.presenting || self.doc.in_gesture() {
            return;
        }
        let key = self.doc.key();
        if self.session.what_if_hall.as_ref().is_some_and(|(read_at, _)| *read_at == key) {
            return;
        }
        let read = WhatIf::of_layout(self.doc.layout());
        let untouched = match &self.session.what_if_hall {
            Some((_, before)) => self.session.what_if == *before,
            None => true,
        };
        if untouched {
            self.session.what_if = read.clone();
        }
        self.session.what_if_hall = Some((key, read));
    }

    /// Opens a layout read-only to compare with; the Compare tab shows the two.
    pub fn open_compare(&mut self, path: PathBuf) {
        match load_layout(&path) {
            Ok(layout) => {
                let c = Comparison::new(layout, path);
                self.session.status = format!("Comparing with {} — B shows it on the canvas", c.name());
                self.compare = Some(c);
                self.prefs.tab = SideTab::Compare;
            }
            Err(e) => {
                self.error = Some(ErrorMessage {
                    title: "Could not open the file to compare".into(),
                    text: format!("{e}\n\nThe current hall stays open."),
                });
            }
        }
    }

    fn recover(&mut self, restore: bool) {
        let Some(prompt) = self.recovery_offer.take() else { return };
        if !restore {
            self.recovery.clear();
            return;
        }
        match self.recovery.load() {
            Ok(layout) => {
                self.replace_document(Document::unsaved(layout, prompt.info.original_path));
                self.session.status = "Restored unsaved work".into();
            }
            Err(e) => {
                self.error = Some(ErrorMessage {
                    title: "Could not restore".into(),
                    text: format!("Could not restore the unsaved work.\n\n{e}"),
                });
            }
        }
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
            | Command::UseExpanded(_)
    )
}

/// Commands that change the document (refused while the canvas shows the compared layout).
fn edits_document(command: &Command) -> bool {
    match command {
        Command::Action(a) => {
            a.edits_selection() || matches!(a, Action::Paste | Action::Undo | Action::Redo | Action::SelectAll)
        }
        // Taking in a generated or expanded hall replaces all of A, whichever the canvas shows: when the new hall
        // arrives the canvas goes back to A to show it.
        Command::UseGenerated(_) | Command::UseExpanded(_) => false,
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

/// The name an export is offered under: `hall-plan.pdf`, `hall-bom.csv`, `hall-report.json`.
fn export_file_name(layout_name: &str, format: ExportFormat) -> String {
    let stem = layout_name.strip_suffix(".ron").unwrap_or(layout_name);
    let what = match format {
        ExportFormat::Csv => "bom",
        ExportFormat::Json => "report",
        _ => "plan",
    };
    format!("{}-{what}.{}", if stem.is_empty() { "hall" } else { stem }, format.extension())
}
