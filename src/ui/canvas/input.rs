//! The canvas's input, as commands: zoom at the cursor, types dropped from the palette, drags (pan, move items
//! or an obstacle as a gesture, box select, the array and obstacle tools' rectangles), clicks (select, place),
//! the hover tooltip and the cursor. It never edits the document; its own camera and drag it changes itself.

use egui::{CursorIcon, PointerButton, Pos2, Rect, Sense};

use super::{Drag, FloorCanvas};
use crate::analysis::geometry::{RectM, item_rect, obstacle_rect};
use crate::analysis::item_power_in;
use crate::format::{counted, power};
use crate::model::edit::Edit;
use crate::model::ops::{Mounts, array_plan, items_of, moved, snapped_offset};
use crate::model::{EquipmentKind, Item, ItemId, Obstacle, TypeId, mm_of};
use crate::ui::command::Command;
use crate::ui::view::{Camera, Tool};

/// The pointer this frame, in screen and floor terms.
#[derive(Clone, Copy)]
struct Pointer {
    rect: Rect,
    camera: Camera,
    /// Where the pointer is (hovering, or pressed outside).
    at: Option<Pos2>,
    shift: bool,
    space: bool,
    /// Alt held: a move goes in millimetres, without snapping.
    alt: bool,
}

impl Pointer {
    fn world(&self, p: Pos2) -> [f64; 2] {
        self.camera.to_world(self.rect.min, p)
    }
}

impl FloorCanvas<'_> {
    /// The item under a floor point.
    fn hit(&self, p: [f64; 2]) -> Option<&Item> {
        debug_assert_eq!(self.index.doc_key(), Some(self.doc.key()), "floor index is for this document");
        let layout = self.doc.layout();
        self.index.hit(p).and_then(|i| layout.items.get(i as usize))
    }

    /// The obstacle under a floor point (the last drawn wins).
    fn hit_obstacle(&self, p: [f64; 2]) -> Option<usize> {
        let pt = glam::DVec2::new(p[0], p[1]);
        self.doc.layout().hall.obstacles.iter().enumerate().rev().find_map(|(n, o)| {
            let r = obstacle_rect(o);
            (pt.x >= r.min.x && pt.x <= r.max.x && pt.y >= r.min.y && pt.y <= r.max.y).then_some(n)
        })
    }

    fn tile_offset(&self, from_m: [f64; 2], to_m: [f64; 2]) -> (i32, i32) {
        let tile = self.doc.layout().hall.tile_m;
        let d = |a: f64, b: f64| ((b - a) / tile).round().clamp(-1e9, 1e9) as i32;
        (d(from_m[0], to_m[0]), d(from_m[1], to_m[1]))
    }

    /// Placing an item of a type at a floor point: a floor item centred there, a mounted unit into the rack
    /// under it (replacing a unit already mounted there).
    fn place(&self, ty_id: &TypeId, p: [f64; 2]) -> Command {
        let layout = self.doc.layout();
        let Some(ty) = layout.catalog.get(ty_id) else {
            return Command::Status(format!("Unknown equipment type {ty_id}"));
        };
        let id = layout.next_id();
        let label = format!("Place {}", ty.name);
        if !ty.occupies_floor() {
            let host = self
                .hit(p)
                .filter(|h| {
                    layout
                        .type_of(h)
                        .is_some_and(|t| matches!(t.kind, EquipmentKind::GpuRack | EquipmentKind::StorageRack))
                })
                .cloned();
            let Some(mut host) = host else {
                return Command::Status(format!("{} mounts in a rack: drop it on a GPU or storage rack", ty.name));
            };
            let mut unit = Item::new(id, ty.id.clone(), host.x_mm, host.y_mm);
            unit.rot = host.rot;
            let mut edits = Vec::new();
            if let Some(old) = Mounts::of(layout).unit_of(host.id) {
                edits.push(Edit::Remove(vec![old]));
            }
            host.cooling = Some(id);
            edits.push(Edit::Insert(vec![unit]));
            edits.push(Edit::Replace(vec![host]));
            return Command::EditAndSelect { label, edit: Edit::Batch(edits), select: vec![id] };
        }
        let bound = i64::from(*crate::model::limits::ITEM_MM.end());
        let to_tile = |v: f64| layout.hall.snap_to_tile_mm(mm_of(v)).clamp(-bound, bound) as i32;
        let mut item = Item::new(id, ty.id.clone(), to_tile(p[0] - ty.width_m / 2.0), to_tile(p[1] - ty.depth_m / 2.0));
        if ty.gpu.is_some() {
            item.su = Some(0);
        }
        Command::EditAndSelect { label, edit: Edit::Insert(vec![item]), select: vec![id] }
    }

    /// The hover tooltip of an item: what it is and what it draws and takes.
    fn item_tooltip_ui(&self, ui: &mut egui::Ui, item: &Item) {
        let layout = self.doc.layout();
        let Some(ty) = layout.type_of(item) else { return };
        let units = self.prefs.units;
        ui.strong(layout.name_of(item));
        ui.label(format!("{} {} — {}", ty.kind.label(), item.id, ty.name));
        if ty.kind.is_it_load() {
            let p = item_power_in(layout, item);
            ui.label(format!("{} typical, {} peak", power(p.typical_kw), power(p.peak_kw)));
        }
        if let Some(g) = &ty.gpu {
            ui.label(counted(u64::from(item.servers_in(ty) * g.gpus_per_server), g.model.as_str(), g.model.as_str()));
        }
        let name_of = |id: ItemId| {
            layout
                .index_of(id)
                .map_or_else(|| format!("{id} (missing)"), |i| format!("{} {id}", layout.name_of(&layout.items[i])))
        };
        if ty.kind.takes_feeds() {
            for (label, feed) in [("Feed A", item.feed_a), ("Feed B", item.feed_b), ("Feed C", item.feed_c)] {
                ui.label(format!("{label}: {}", feed.map_or("none".to_owned(), name_of)));
            }
        }
        if ty.kind.is_it_load() {
            ui.label(format!("Cooling: {}", item.cooling.map_or("room air".to_owned(), name_of)));
        }
        if let Some(u) = self.cache.states.utilisation(item.id) {
            let lost = self.cache.states.lost.contains(&item.id);
            ui.label(if lost {
                "Lost in the what-if".to_owned()
            } else {
                format!("Load {}", crate::format::percent(u))
            });
        }
        if let Some(r) = item_rect(layout, item) {
            ui.weak(format!(
                "at x {}, y {} (grid {})",
                units.length(r.min.x),
                units.length(r.min.y),
                crate::format::grid_ref_at(r.min.x, r.min.y, layout.hall.tile_m)
            ));
        }
    }

    /// Canvas input: camera, selection, moves, placement, the array and obstacle tools. Runs before anything
    /// is drawn, with last frame's rectangle.
    pub fn input(mut self, ui: &mut egui::Ui, rect: Rect, out: &mut Vec<Command>) {
        let id = ui.scope_id().with("floor-canvas");
        let response = ui.interact(rect, id, Sense::click_and_drag());
        let ctx = ui.ctx().clone();
        // A gesture cancelled elsewhere (Esc, undo, a new document) ends the drag here too.
        if self.state.drag.is_gesture() && !self.doc.in_gesture() {
            self.state.drag = Drag::None;
        }
        let camera = self.state.camera;
        self.state.cursor_m = response.hover_pos().map(|p| camera.to_world(rect.min, p));
        let pointer = Pointer {
            rect,
            camera,
            at: response.hover_pos().or_else(|| ctx.input(|i| i.pointer.interact_pos())),
            shift: ctx.input(|i| i.modifiers.shift),
            space: ctx.input(|i| i.key_down(egui::Key::Space)),
            alt: ctx.input(|i| i.modifiers.alt),
        };
        self.zoom(&ctx, &response, rect);
        if self.dropped_type(&ctx, &pointer, out) {
            return;
        }
        if response.drag_started() {
            self.start_drag(&ctx, &pointer, out);
        }
        if response.dragged() {
            self.drag_update(&response, &pointer, out);
        }
        if response.drag_stopped() {
            self.finish_drag(&pointer, out);
        }
        if response.clicked()
            && let Some(p) = pointer.at
        {
            self.click(pointer.world(p), pointer.shift, out);
        }
        if response.secondary_clicked() {
            out.push(Command::SetTool(Tool::Select));
        }
        self.hover_ui(&ctx, &response, &pointer);
    }

    /// Zoom at the cursor: wheel, pinch, ctrl+wheel.
    fn zoom(&mut self, ctx: &egui::Context, response: &egui::Response, rect: Rect) {
        let Some(p) = response.hover_pos() else { return };
        let (scroll, zoom) = ctx.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let mut factor = f64::from(zoom);
        if scroll.y != 0.0 && zoom == 1.0 {
            factor *= (f64::from(scroll.y) * 0.002).exp();
        }
        if (factor - 1.0).abs() > 1e-6 {
            self.state.camera.zoom_at(rect.min, p, factor);
        }
    }

    /// A type dragged from the palette and dropped on the floor is placed there; true when one was.
    fn dropped_type(&self, ctx: &egui::Context, pointer: &Pointer, out: &mut Vec<Command>) -> bool {
        if let Some(p) = pointer.at
            && pointer.rect.contains(p)
            && ctx.input(|i| i.pointer.any_released())
            && let Some(ty) = egui::DragAndDrop::take_payload::<TypeId>(ctx)
        {
            out.push(self.place(&ty, pointer.world(p)));
            return true;
        }
        false
    }

    /// A drag begins: pan (middle or right button, or Space), the tool's rectangle, moving the items (or the
    /// obstacle) under the press as a gesture, or a selection box on empty floor.
    fn start_drag(&mut self, ctx: &egui::Context, pointer: &Pointer, out: &mut Vec<Command>) {
        let button = ctx.input(|i| {
            if i.pointer.button_down(PointerButton::Middle) {
                PointerButton::Middle
            } else if i.pointer.button_down(PointerButton::Secondary) {
                PointerButton::Secondary
            } else {
                PointerButton::Primary
            }
        });
        let start = ctx.input(|i| i.pointer.press_origin()).or(pointer.at).unwrap_or(pointer.rect.center());
        let start_m = pointer.world(start);
        self.state.drag = if button != PointerButton::Primary || pointer.space {
            Drag::Pan
        } else {
            match &self.session.tool {
                Tool::Array => Drag::Array { start_m },
                Tool::Obstacle(kind) => Drag::Obstacle { start_m, kind: *kind },
                Tool::Place(_) => Drag::None,
                Tool::Select => self.grab(start, start_m, pointer.shift, out),
            }
        };
    }

    /// The select tool's drag: the items under the press move as a gesture (with the selection when they are
    /// in it), else the obstacle under it, else a selection box.
    fn grab(&self, start: Pos2, start_m: [f64; 2], shift: bool, out: &mut Vec<Command>) -> Drag {
        let layout = self.doc.layout();
        if let Some(hit) = self.hit(start_m).map(|i| i.id) {
            let mut selection: Vec<ItemId> = if self.session.selection.contains(&hit) {
                self.session.selection.iter().copied().collect()
            } else if shift {
                self.session.selection.iter().copied().chain([hit]).collect()
            } else {
                vec![hit]
            };
            selection.sort_unstable();
            out.push(Command::GestureBegin);
            if !self.session.selection.contains(&hit) {
                out.push(Command::Select(selection.clone()));
            }
            let moving = Mounts::of(layout).with_units_and_hosts(selection);
            return Drag::Move { originals: items_of(layout, &moving), start_m, applied: (0, 0) };
        }
        match self.hit_obstacle(start_m) {
            Some(index) => {
                out.push(Command::GestureBegin);
                out.push(Command::SelectObstacle(Some(index)));
                Drag::MoveObstacle { index, original: layout.hall.obstacles[index].clone(), start_m, applied: (0, 0) }
            }
            None => Drag::Select { start, additive: shift },
        }
    }

    /// The drag goes on: the view pans, or a move shows the items (or obstacle) at the tile offset reached.
    fn drag_update(&mut self, response: &egui::Response, pointer: &Pointer, out: &mut Vec<Command>) {
        let layout = self.doc.layout();
        let now_m = pointer.at.map(|p| pointer.world(p));
        let offset = now_m.map(|now| match &self.state.drag {
            Drag::MoveObstacle { start_m, .. } => self.tile_offset(*start_m, now),
            _ => (0, 0),
        });
        match &mut self.state.drag {
            Drag::Pan => self.state.camera.pan(response.drag_delta()),
            Drag::Move { originals, applied, start_m } => {
                // Snaps to a neighbour's edge within 10 points on screen (at most half a tile), else to tiles.
                let reach_mm = mm_of((10.0 / pointer.camera.zoom).min(layout.hall.tile_m / 2.0));
                let offset = now_m.map(|now| {
                    let raw = (mm_of(now[0] - start_m[0]), mm_of(now[1] - start_m[1]));
                    snapped_offset(layout, originals, raw, reach_mm, pointer.alt)
                });
                if let Some(offset) = offset
                    && offset != *applied
                {
                    *applied = offset;
                    let items = moved(originals, offset.0, offset.1);
                    out.push(Command::GestureUpdate(Edit::Replace(items)));
                }
            }
            Drag::MoveObstacle { index, original, applied, .. } => {
                if let Some(offset) = offset
                    && offset != *applied
                    && *index < layout.hall.obstacles.len()
                {
                    *applied = offset;
                    let tile = layout.hall.tile_m;
                    let mut hall = layout.hall.clone();
                    let o = &mut hall.obstacles[*index];
                    let clamp = |v: f64| {
                        v.clamp(
                            *crate::model::limits::OBSTACLE_POS_M.start(),
                            *crate::model::limits::OBSTACLE_POS_M.end(),
                        )
                    };
                    o.x_m = clamp(original.x_m + f64::from(offset.0) * tile);
                    o.y_m = clamp(original.y_m + f64::from(offset.1) * tile);
                    out.push(Command::GestureUpdate(Edit::SetHall(Box::new(hall))));
                }
            }
            _ => {}
        }
    }

    /// The drag ends: a move is one undo step (or nothing, when it went nowhere); a box selects what it
    /// touches; the tools' rectangles become an array of racks or an obstacle.
    fn finish_drag(&mut self, pointer: &Pointer, out: &mut Vec<Command>) {
        let layout = self.doc.layout();
        let end_m = pointer.at.map(|p| pointer.world(p));
        match std::mem::take(&mut self.state.drag) {
            Drag::Move { originals, applied, .. } => {
                let n = originals.len() as u64;
                out.push(if applied == (0, 0) {
                    Command::GestureCancel
                } else {
                    Command::GestureCommit(format!("Move {}", counted(n, "item", "items")))
                });
            }
            Drag::MoveObstacle { applied, .. } => {
                out.push(if applied == (0, 0) {
                    Command::GestureCancel
                } else {
                    Command::GestureCommit("Move obstacle".into())
                });
            }
            Drag::Select { start, additive } => {
                if let Some(b) = end_m {
                    let a = pointer.world(start);
                    let sel = RectM {
                        min: glam::DVec2::new(a[0].min(b[0]), a[1].min(b[1])),
                        max: glam::DVec2::new(a[0].max(b[0]), a[1].max(b[1])),
                    };
                    let ids: Vec<ItemId> = layout
                        .items
                        .iter()
                        .filter(|i| item_rect(layout, i).is_some_and(|r| r.overlaps(&sel)))
                        .map(|i| i.id)
                        .collect();
                    out.push(if additive { Command::SelectAdd(ids) } else { Command::Select(ids) });
                }
            }
            Drag::Array { start_m } => {
                if let Some(end) = end_m {
                    out.push(self.array(start_m, end));
                }
            }
            Drag::Obstacle { start_m, kind } => {
                if let Some(end) = end_m
                    && let Some(o) = obstacle_between(start_m, end, kind, layout.hall.tile_m)
                {
                    out.push(Command::AddObstacle(o));
                }
            }
            Drag::Pan | Drag::None => {}
        }
    }

    /// The array tool's rectangle: rows of the chosen rack type, selected, as one step (or why none fit).
    fn array(&self, start_m: [f64; 2], end_m: [f64; 2]) -> Command {
        match array_plan(self.doc.layout(), &self.prefs.array_type, start_m, end_m) {
            Ok(plan) => {
                let n = plan.items.len() as u64;
                let select = plan.items.iter().map(|i| i.id).collect();
                Command::EditAndSelect {
                    label: format!("Array of {} ({} × {})", counted(n, "rack", "racks"), plan.rows, plan.per_row),
                    edit: Edit::Insert(plan.items),
                    select,
                }
            }
            Err(why) => Command::Status(why),
        }
    }

    /// A click: place with the place tool, else select the item (shift: toggle it) or obstacle under it, or
    /// clear the selection on empty floor.
    fn click(&self, w: [f64; 2], shift: bool, out: &mut Vec<Command>) {
        match &self.session.tool {
            Tool::Place(ty) => out.push(self.place(ty, w)),
            Tool::Select | Tool::Array | Tool::Obstacle(_) => match self.hit(w).map(|i| i.id) {
                Some(hit) if shift => out.push(Command::SelectToggle(hit)),
                Some(hit) => out.push(Command::Select(vec![hit])),
                None => match self.hit_obstacle(w) {
                    Some(n) => out.push(Command::SelectObstacle(Some(n))),
                    None if !shift => out.push(Command::Select(Vec::new())),
                    None => {}
                },
            },
        }
    }

    /// The hovered item's tooltip (not mid-drag) and the cursor for the drag or tool.
    fn hover_ui(&self, ctx: &egui::Context, response: &egui::Response, pointer: &Pointer) {
        if matches!(self.state.drag, Drag::None)
            && let Some(p) = response.hover_pos()
            && let Some(item) = self.hit(pointer.world(p))
        {
            let item = item.clone();
            response.clone().on_hover_ui_at_pointer(|ui| self.item_tooltip_ui(ui, &item));
        }
        let icon = match (&self.state.drag, &self.session.tool) {
            (Drag::Pan, _) => CursorIcon::Grabbing,
            (Drag::Move { .. } | Drag::MoveObstacle { .. }, _) => CursorIcon::Move,
            (_, Tool::Place(_) | Tool::Array | Tool::Obstacle(_)) => CursorIcon::Crosshair,
            _ if pointer.space => CursorIcon::Grab,
            _ => CursorIcon::Default,
        };
        if response.hovered() {
            ctx.set_cursor_icon(icon);
        }
    }
}

/// The obstacle tool's rectangle snapped to tile edges, like everything else on the floor (none smaller than
/// half a tile).
fn obstacle_between(a: [f64; 2], b: [f64; 2], kind: crate::model::ObstacleKind, tile: f64) -> Option<Obstacle> {
    let snap = |v: f64| (v / tile).round() * tile;
    let (x0, y0) = (snap(a[0].min(b[0])), snap(a[1].min(b[1])));
    let (w, d) = (snap(a[0].max(b[0])) - x0, snap(a[1].max(b[1])) - y0);
    (w >= tile * 0.5 && d >= tile * 0.5).then_some(Obstacle {
        kind,
        x_m: x0,
        y_m: y0,
        width_m: w,
        depth_m: d,
        label: None,
    })
}
