//! The floor canvas: a widget over read-only document state and caller-owned [`CanvasState`] (camera, the drag
//! in progress). Its input turns into [`Command`]s — it never edits the document itself — and it paints with one
//! painter and its own camera (see `paint`).
//!
//! A drag that moves items is a gesture: `GestureBegin`, one `GestureUpdate` per tile crossed (always relative
//! to the items as they were), then `GestureCommit` as one undo step; Esc or undo cancels it and everything
//! goes back exactly.

pub mod legend;
mod paint;

use egui::{CursorIcon, PointerButton, Pos2, Rect, Sense};

use super::cache::Cache;
use super::command::Command;
use super::document::Document;
use super::floor_index::FloorIndex;
use super::view::{Camera, Prefs, Session, Tool};
use crate::analysis::geometry::{RectM, item_rect, obstacle_rect};
use crate::analysis::item_power_in;
use crate::format::{counted, power};
use crate::model::edit::Edit;
use crate::model::ops::{Mounts, array_plan, items_of, moved};
use crate::model::{EquipmentKind, Item, ItemId, Obstacle, ObstacleKind, TypeId};

/// A drag in progress on the canvas (ephemeral).
#[derive(Clone, Debug, Default)]
pub enum Drag {
    /// Nothing.
    #[default]
    None,
    /// Moving items: they as they were before the drag, where it began, the tile offset shown.
    Move {
        /// The items before the drag.
        originals: Vec<Item>,
        /// World point (metres) where the drag began.
        start_m: [f64; 2],
        /// Tile offset shown so far.
        applied: (i32, i32),
    },
    /// Moving an obstacle.
    MoveObstacle {
        /// Its index in the hall's list.
        index: usize,
        /// It before the drag.
        original: Obstacle,
        /// World point (metres) where the drag began.
        start_m: [f64; 2],
        /// Tile offset shown so far.
        applied: (i32, i32),
    },
    /// Box selection from a screen point.
    Select {
        /// Screen point where the box began.
        start: Pos2,
        /// Add to the selection instead of replacing it.
        additive: bool,
    },
    /// Panning the view.
    Pan,
    /// The array tool's rectangle from a world point.
    Array {
        /// First corner (metres).
        start_m: [f64; 2],
    },
    /// The obstacle tool's rectangle from a world point.
    Obstacle {
        /// First corner (metres).
        start_m: [f64; 2],
        /// What kind of obstacle.
        kind: ObstacleKind,
    },
}

impl Drag {
    /// True for drags that edit the document through a gesture.
    pub fn is_gesture(&self) -> bool {
        matches!(self, Drag::Move { .. } | Drag::MoveObstacle { .. })
    }
}

/// What an array preview was planned for.
type ArrayPreviewKey = (super::document::DocKey, TypeId, [i64; 4]);

/// What the canvas keeps between frames: the camera and the drag in progress.
#[derive(Default)]
pub struct CanvasState {
    /// The camera.
    pub camera: Camera,
    /// Where the canvas was last frame.
    pub rect: Option<Rect>,
    /// The drag in progress.
    pub drag: Drag,
    /// Cursor position on the floor, metres.
    pub cursor_m: Option<[f64; 2]>,
    /// Fit the hall on the next frame.
    pub fit_pending: bool,
    /// The canvas rectangle the last fit was made for, checked on the frame after: panels that appear with the
    /// fit (presentation's tiles, a B's difference lines) settle their size only then, and the fit is redone.
    pub fit_check: Option<Rect>,
    /// An opened file's saved camera is kept once instead of fitting the new hall.
    pub keep_camera_once: bool,
    /// The camera the last fit set: while the user has not moved it, a canvas of another size is fitted again.
    pub fitted_camera: Option<Camera>,
    /// The legend's size when last drawn.
    pub legend_size: Option<egui::Vec2>,
    /// The array tool's preview and what it was planned for (document, rack type, corner tiles): planning
    /// scans the hall, so it is redone only when the rectangle crosses a tile.
    array_preview: Option<(ArrayPreviewKey, Result<crate::model::ops::ArrayPlan, String>)>,
    /// Items drawn last frame and where (reused between frames).
    visible: Vec<(usize, Rect)>,
}

impl CanvasState {
    /// Another hall took the document's place: no drag, hover or array preview of the old one survives, and
    /// the view fits the new hall (unless an opened file keeps its saved camera).
    pub fn forget_hall(&mut self) {
        self.drag = Drag::None;
        self.array_preview = None;
        self.visible.clear();
        self.fit_pending = !std::mem::take(&mut self.keep_camera_once);
    }

    /// The screen position of a floor point (metres), once the canvas has been laid out.
    pub fn screen_of(&self, x_m: f64, y_m: f64) -> Option<Pos2> {
        self.rect.map(|r| self.camera.to_screen(r.min, x_m, y_m))
    }

    /// Fits the whole hall in view; when the legend (its size last drawn, in the top-right corner) would cover
    /// it, fits it beside or below the legend, whichever shows it larger.
    pub fn fit_hall(&mut self, rect: Rect, width_m: f64, depth_m: f64, legend: Option<egui::Vec2>) {
        let (min, max) = ([0.0, 0.0], [width_m, depth_m]);
        self.camera.fit(min, max, rect.size());
        let Some(legend) = legend else { return };
        let legend_rect = Rect::from_min_size(rect.right_top() + egui::vec2(-legend.x - 10.0, 10.0), legend);
        let hall_rect =
            |c: &Camera| Rect::from_min_max(c.to_screen(rect.min, 0.0, 0.0), c.to_screen(rect.min, width_m, depth_m));
        if !hall_rect(&self.camera).intersects(legend_rect) {
            return;
        }
        let mut beside = self.camera;
        beside.fit(min, max, egui::vec2((rect.width() - legend.x - 10.0).max(rect.width() * 0.4), rect.height()));
        let below_px = legend.y + 10.0;
        let mut below = self.camera;
        below.fit(min, max, egui::vec2(rect.width(), (rect.height() - below_px).max(rect.height() * 0.4)));
        below.origin_m[1] -= f64::from(below_px) / below.zoom;
        self.camera = if beside.zoom >= below.zoom { beside } else { below };
    }

    /// Centres the view on items, zooming out to show them all (and in no closer than the user was, unless
    /// they need it).
    pub fn show(&mut self, doc: &Document, ids: &[ItemId]) {
        let layout = doc.layout();
        let rects: Vec<RectM> = ids
            .iter()
            .filter_map(|id| layout.index_of(*id))
            .filter_map(|i| item_rect(layout, &layout.items[i]))
            .collect();
        let Some(rect) = self.rect else { return };
        if rects.is_empty() {
            return;
        }
        let min = rects.iter().fold([f64::MAX; 2], |m, r| [m[0].min(r.min.x), m[1].min(r.min.y)]);
        let max = rects.iter().fold([f64::MIN; 2], |m, r| [m[0].max(r.max.x), m[1].max(r.max.y)]);
        let zoom = self.camera.zoom;
        self.camera.fit(min, max, rect.size());
        self.camera.zoom = self.camera.zoom.min(zoom.max(20.0));
        let centre = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
        let z = self.camera.zoom;
        self.camera.origin_m =
            [centre[0] - f64::from(rect.width()) / z / 2.0, centre[1] - f64::from(rect.height()) / z / 2.0];
    }
}

/// The floor canvas for one frame.
pub struct FloorCanvas<'a> {
    /// The document (read only).
    pub doc: &'a Document,
    /// The report and per-item facts.
    pub cache: &'a Cache,
    /// Footprints and colours, built for this document state.
    pub index: &'a FloorIndex,
    /// Selection, tool, what-if.
    pub session: &'a Session,
    /// Overlays, units, theme.
    pub prefs: &'a Prefs,
    /// Camera and drag (the canvas's own).
    pub state: &'a mut CanvasState,
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
        let tile = layout.hall.tile_m;
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
            let mut unit = Item::new(id, ty.id.clone(), host.x, host.y);
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
        let tiles = crate::model::limits::item_tiles(tile);
        let to_tile = |v: f64| (v / tile).round().clamp(f64::from(*tiles.start()), f64::from(*tiles.end())) as i32;
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
            for (label, feed) in [("Feed A", item.feed_a), ("Feed B", item.feed_b)] {
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
                "at x {}, y {} (tile {}, {})",
                units.length(r.min.x),
                units.length(r.min.y),
                item.x,
                item.y
            ));
        }
    }

    /// Canvas input: camera, selection, moves, placement, the array and obstacle tools. Runs before anything
    /// is drawn, with last frame's rectangle.
    pub fn input(self, ui: &mut egui::Ui, rect: Rect, out: &mut Vec<Command>) {
        let id = ui.scope_id().with("floor-canvas");
        let response = ui.interact(rect, id, Sense::click_and_drag());
        let ctx = ui.ctx().clone();
        // A gesture cancelled elsewhere (Esc, undo, a new document) ends the drag here too.
        if self.state.drag.is_gesture() && !self.doc.in_gesture() {
            self.state.drag = Drag::None;
        }
        let camera = self.state.camera;
        let pointer = response.hover_pos().or_else(|| ctx.input(|i| i.pointer.interact_pos()));
        self.state.cursor_m = response.hover_pos().map(|p| camera.to_world(rect.min, p));
        let world = move |p: Pos2| camera.to_world(rect.min, p);

        // Zoom at the cursor: wheel, pinch, ctrl+wheel.
        if let Some(p) = response.hover_pos() {
            let (scroll, zoom) = ctx.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let mut factor = f64::from(zoom);
            if scroll.y != 0.0 && zoom == 1.0 {
                factor *= (f64::from(scroll.y) * 0.002).exp();
            }
            if (factor - 1.0).abs() > 1e-6 {
                self.state.camera.zoom_at(rect.min, p, factor);
            }
        }

        // Types dragged from the palette and dropped on the floor.
        if let Some(p) = pointer
            && rect.contains(p)
            && ctx.input(|i| i.pointer.any_released())
            && let Some(ty) = egui::DragAndDrop::take_payload::<TypeId>(&ctx)
        {
            out.push(self.place(&ty, world(p)));
            return;
        }

        let space = ctx.input(|i| i.key_down(egui::Key::Space));
        let shift = ctx.input(|i| i.modifiers.shift);
        let layout = self.doc.layout();

        if response.drag_started() {
            let button = ctx.input(|i| {
                if i.pointer.button_down(PointerButton::Middle) {
                    PointerButton::Middle
                } else if i.pointer.button_down(PointerButton::Secondary) {
                    PointerButton::Secondary
                } else {
                    PointerButton::Primary
                }
            });
            let start = ctx.input(|i| i.pointer.press_origin()).or(pointer).unwrap_or(rect.center());
            let start_m = world(start);
            let drag = if button != PointerButton::Primary || space {
                Drag::Pan
            } else {
                match &self.session.tool {
                    Tool::Array => Drag::Array { start_m },
                    Tool::Obstacle(kind) => Drag::Obstacle { start_m, kind: *kind },
                    Tool::Place(_) => Drag::None,
                    Tool::Select => match self.hit(start_m).map(|i| i.id) {
                        Some(hit) => {
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
                            Drag::Move { originals: items_of(layout, &moving), start_m, applied: (0, 0) }
                        }
                        None => match self.hit_obstacle(start_m) {
                            Some(index) => {
                                out.push(Command::GestureBegin);
                                out.push(Command::SelectObstacle(Some(index)));
                                Drag::MoveObstacle {
                                    index,
                                    original: layout.hall.obstacles[index].clone(),
                                    start_m,
                                    applied: (0, 0),
                                }
                            }
                            None => Drag::Select { start, additive: shift },
                        },
                    },
                }
            };
            self.state.drag = drag;
        }

        if response.dragged() {
            let now_m = pointer.map(world);
            let offset = now_m.map(|now| match &self.state.drag {
                Drag::Move { start_m, .. } | Drag::MoveObstacle { start_m, .. } => self.tile_offset(*start_m, now),
                _ => (0, 0),
            });
            match &mut self.state.drag {
                Drag::Pan => self.state.camera.pan(response.drag_delta()),
                Drag::Move { originals, applied, .. } => {
                    if let Some(offset) = offset
                        && offset != *applied
                    {
                        *applied = offset;
                        let items = moved(originals, offset.0, offset.1, layout.hall.tile_m);
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

        if response.drag_stopped() {
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
                    if let Some(end) = pointer {
                        let (a, b) = (world(start), world(end));
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
                    if let Some(end) = pointer {
                        match array_plan(layout, &self.prefs.array_type, start_m, world(end)) {
                            Ok(plan) => {
                                let n = plan.items.len() as u64;
                                let select = plan.items.iter().map(|i| i.id).collect();
                                out.push(Command::EditAndSelect {
                                    label: format!(
                                        "Array of {} ({} × {})",
                                        counted(n, "rack", "racks"),
                                        plan.rows,
                                        plan.per_row
                                    ),
                                    edit: Edit::Insert(plan.items),
                                    select,
                                });
                            }
                            Err(why) => out.push(Command::Status(why)),
                        }
                    }
                }
                Drag::Obstacle { start_m, kind } => {
                    if let Some(end) = pointer {
                        // Obstacles snap to tile edges, like everything else on the floor.
                        let tile = layout.hall.tile_m;
                        let snap = |v: f64| (v / tile).round() * tile;
                        let b = world(end);
                        let (x0, y0) = (snap(start_m[0].min(b[0])), snap(start_m[1].min(b[1])));
                        let (w, d) = (snap(start_m[0].max(b[0])) - x0, snap(start_m[1].max(b[1])) - y0);
                        if w >= tile * 0.5 && d >= tile * 0.5 {
                            out.push(Command::AddObstacle(Obstacle {
                                kind,
                                x_m: x0,
                                y_m: y0,
                                width_m: w,
                                depth_m: d,
                                label: None,
                            }));
                        }
                    }
                }
                Drag::Pan | Drag::None => {}
            }
        }

        if response.clicked()
            && let Some(p) = pointer
        {
            let w = world(p);
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
        if response.secondary_clicked() {
            out.push(Command::SetTool(Tool::Select));
        }

        if matches!(self.state.drag, Drag::None)
            && let Some(p) = response.hover_pos()
            && let Some(item) = self.hit(world(p))
        {
            let item = item.clone();
            response.clone().on_hover_ui_at_pointer(|ui| self.item_tooltip_ui(ui, &item));
        }

        let icon = match (&self.state.drag, &self.session.tool) {
            (Drag::Pan, _) => CursorIcon::Grabbing,
            (Drag::Move { .. } | Drag::MoveObstacle { .. }, _) => CursorIcon::Move,
            (_, Tool::Place(_) | Tool::Array | Tool::Obstacle(_)) => CursorIcon::Crosshair,
            _ if space => CursorIcon::Grab,
            _ => CursorIcon::Default,
        };
        if response.hovered() {
            ctx.set_cursor_icon(icon);
        }
    }
}
