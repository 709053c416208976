//! The floor canvas: one painter for the whole hall with its own camera, culling to the view, one mesh for all
//! fills, outlines and labels only when big enough on screen. Input turns into edits (moves are applied while
//! dragging and recorded as one step when the drag ends).

use egui::{
    Align2, Color32, CursorIcon, FontId, Mesh, PointerButton, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, pos2, vec2,
};

use super::app::DesignerApp;
use super::theme;
use super::view::Tool;
use crate::analysis::geometry::{RectM, item_rect, obstacle_rect};
use crate::model::edit::Edit;
use crate::model::{EquipmentKind, EquipmentType, Item, ItemId, Rotation, SwitchRole};

/// Items drawn with outlines only when their smaller side is at least this many points.
const OUTLINE_MIN_PX: f32 = 7.0;
/// Labels only when an item is at least this wide on screen.
const LABEL_MIN_PX: f32 = 46.0;
/// Overlay lines are drawn for all visible items only when fewer than this many are visible.
const MAX_OVERLAY_ITEMS: usize = 4000;
/// Tile grid only when a tile is at least this many points.
const GRID_MIN_PX: f32 = 7.0;
/// Aisle between rows the array tool leaves, in tiles.
const ARRAY_AISLE_TILES: i32 = 2;

/// A canvas gesture in progress (ephemeral state).
#[derive(Debug, Default)]
pub enum Gesture {
    /// Nothing.
    #[default]
    None,
    /// Moving the selection.
    Move {
        /// The items as they were before the drag.
        originals: Vec<Item>,
        /// World point (metres) where the drag began.
        start_m: [f64; 2],
        /// Tile offset applied so far.
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
    /// Array tool rectangle from a world point.
    Array {
        /// World point (metres) of the first corner.
        start_m: [f64; 2],
    },
}

/// A planned array: racks to place.
pub struct ArrayPlan {
    /// The racks.
    pub items: Vec<Item>,
    /// Rows and racks per row.
    pub rows: i32,
    /// Racks per row.
    pub per_row: i32,
}

fn rect_m_to_screen(app_camera: &super::view::Camera, canvas: Rect, r: &RectM) -> Rect {
    Rect::from_min_max(
        app_camera.to_screen(canvas.min, r.min.x, r.min.y),
        app_camera.to_screen(canvas.min, r.max.x, r.max.y),
    )
}

/// A short label for an item on the canvas.
fn short_label(item: &Item, ty: &EquipmentType) -> String {
    if let Some(name) = &item.name {
        return name.clone();
    }
    match (&ty.gpu, &item.switches) {
        (Some(g), _) => format!("{} GPU", item.servers_in(ty) * g.gpus_per_server),
        (_, Some(s)) => format!("{}×{}", s.count, s.role.label()),
        _ => match ty.kind {
            EquipmentKind::Pdu => "PDU".into(),
            EquipmentKind::Cooling => ty.cooling.as_ref().map_or("cooling", |c| c.medium.label()).into(),
            EquipmentKind::StorageRack => "storage".into(),
            _ => ty.kind.label().into(),
        },
    }
}

/// The part of a rack a mounted unit (in-rack CDU, rear door) is drawn in and hit in: a strip at its back.
fn mounted_rect(rack: Rect, rot: Rotation) -> Rect {
    let f = 0.28;
    match rot {
        Rotation::R0 => Rect::from_min_max(pos2(rack.min.x, rack.max.y - rack.height() * f), rack.max),
        Rotation::R180 => Rect::from_min_max(rack.min, pos2(rack.max.x, rack.min.y + rack.height() * f)),
        Rotation::R90 => Rect::from_min_max(rack.min, pos2(rack.min.x + rack.width() * f, rack.max.y)),
        Rotation::R270 => Rect::from_min_max(pos2(rack.max.x - rack.width() * f, rack.min.y), rack.max),
    }
}

impl DesignerApp {
    /// The item under a world point: mounted units first (they sit on top), then floor items.
    pub fn hit_test(&self, p: [f64; 2]) -> Option<ItemId> {
        let layout = &self.doc.layout;
        let pt = glam::DVec2::new(p[0], p[1]);
        let inside = |r: &RectM| pt.x >= r.min.x && pt.x <= r.max.x && pt.y >= r.min.y && pt.y <= r.max.y;
        let mut floor_hit = None;
        for item in layout.items.iter().rev() {
            let Some(ty) = layout.type_of(item) else { continue };
            let Some(r) = item_rect(layout, item) else { continue };
            if ty.occupies_floor() {
                if floor_hit.is_none() && inside(&r) {
                    floor_hit = Some(item.id);
                }
            } else {
                // Mounted: only its strip counts.
                let s = mounted_rect(
                    Rect::from_min_max(pos2(r.min.x as f32, r.min.y as f32), pos2(r.max.x as f32, r.max.y as f32)),
                    item.rot,
                );
                if (s.min.x as f64..=s.max.x as f64).contains(&pt.x)
                    && (s.min.y as f64..=s.max.y as f64).contains(&pt.y)
                {
                    return Some(item.id);
                }
            }
        }
        floor_hit
    }

    fn tile_at(&self, p: [f64; 2]) -> (i32, i32) {
        let tile = self.doc.layout.hall.tile_m;
        ((p[0] / tile).floor() as i32, (p[1] / tile).floor() as i32)
    }

    /// Plans the racks the array tool places in a world rectangle.
    pub fn plan_array(&self, a: [f64; 2], b: [f64; 2]) -> Option<ArrayPlan> {
        let layout = &self.doc.layout;
        let ty = layout.catalog.get(&self.view.array_type)?;
        let tile = layout.hall.tile_m;
        let (x0, y0) = self.tile_at([a[0].min(b[0]), a[1].min(b[1])]);
        let (x1, y1) = self.tile_at([a[0].max(b[0]), a[1].max(b[1])]);
        let w = ((ty.width_m / tile) - 1e-9).ceil().max(1.0) as i32;
        let d = ((ty.depth_m / tile) - 1e-9).ceil().max(1.0) as i32;
        let per_row = (x1 - x0 + 1) / w;
        let rows = (y1 - y0 + 1 + ARRAY_AISLE_TILES) / (d + ARRAY_AISLE_TILES);
        if per_row <= 0 || rows <= 0 {
            return None;
        }
        let next_su = layout.items.iter().filter_map(|i| i.su).max().map_or(0, |s| s + 1);
        let first = layout.next_id().0;
        let mut items = Vec::with_capacity((rows * per_row) as usize);
        for r in 0..rows {
            for c in 0..per_row {
                let mut item = Item::new(
                    ItemId(first + items.len() as u32),
                    ty.id.clone(),
                    x0 + c * w,
                    y0 + r * (d + ARRAY_AISLE_TILES),
                );
                // Rows face each other across alternate aisles.
                item.rot = if r % 2 == 0 { Rotation::R180 } else { Rotation::R0 };
                if ty.gpu.is_some() {
                    item.su = Some(next_su + r as u32);
                }
                items.push(item);
            }
        }
        Some(ArrayPlan { items, rows, per_row })
    }

    /// A new item of `ty` centred on a world point, or mounted into the rack under it.
    fn place_at(&mut self, ty_id: &crate::model::TypeId, p: [f64; 2]) {
        let layout = &self.doc.layout;
        let Some(ty) = layout.catalog.get(ty_id) else { return };
        let tile = layout.hall.tile_m;
        let id = layout.next_id();
        let mounted = !ty.occupies_floor();
        let host = if mounted {
            self.hit_test(p).and_then(|h| layout.index_of(h)).map(|i| layout.items[i].clone()).filter(|h| {
                layout.type_of(h).is_some_and(|t| matches!(t.kind, EquipmentKind::GpuRack | EquipmentKind::StorageRack))
            })
        } else {
            None
        };
        let mut item = match &host {
            Some(h) => {
                let mut i = Item::new(id, ty.id.clone(), h.x, h.y);
                i.rot = h.rot;
                i
            }
            None => {
                let x = ((p[0] - ty.width_m / 2.0) / tile).round() as i32;
                let y = ((p[1] - ty.depth_m / 2.0) / tile).round() as i32;
                Item::new(id, ty.id.clone(), x, y)
            }
        };
        if ty.gpu.is_some() {
            item.su = Some(0);
        }
        let label = format!("Place {}", ty.name);
        let edit = match host {
            Some(mut h) => {
                h.cooling = Some(id);
                Edit::Batch(vec![Edit::Insert(vec![item]), Edit::Replace(vec![h])])
            }
            None => Edit::Insert(vec![item]),
        };
        self.apply(label, edit);
        self.view.selection = [id].into_iter().collect();
    }

    /// Canvas input: camera, selection, moves, placement, the array tool. Runs before anything is drawn.
    pub(super) fn canvas_input(&mut self, ui: &mut egui::Ui, rect: Rect) {
        let id = ui.scope_id().with("floor-canvas");
        let response = ui.interact(rect, id, Sense::click_and_drag());
        let ctx = ui.ctx().clone();
        let camera = self.view.camera;
        let pointer = response.hover_pos().or_else(|| ctx.input(|i| i.pointer.interact_pos()));
        self.view.cursor_m = response.hover_pos().map(|p| camera.to_world(rect.min, p));

        // Zoom at the cursor: wheel, pinch, ctrl+wheel.
        if let Some(p) = response.hover_pos() {
            let (scroll, zoom) = ctx.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let mut factor = f64::from(zoom);
            if scroll.y != 0.0 && zoom == 1.0 {
                factor *= (f64::from(scroll.y) * 0.002).exp();
            }
            if (factor - 1.0).abs() > 1e-6 {
                self.view.camera.zoom_at(rect.min, p, factor);
            }
        }

        // Items dragged from the palette and dropped on the floor.
        if let Some(p) = pointer
            && rect.contains(p)
            && ctx.input(|i| i.pointer.any_released())
            && let Some(ty) = egui::DragAndDrop::take_payload::<crate::model::TypeId>(&ctx)
        {
            let w = self.view.camera.to_world(rect.min, p);
            self.place_at(&ty, w);
            return;
        }

        let space = ctx.input(|i| i.key_down(egui::Key::Space));
        let shift = ctx.input(|i| i.modifiers.shift);
        let world = move |p: Pos2| camera.to_world(rect.min, p);

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
            self.gesture = if button != PointerButton::Primary || space {
                super::canvas::Gesture::Pan
            } else {
                match &self.view.tool {
                    Tool::Array => Gesture::Array { start_m },
                    Tool::Place(_) => Gesture::None,
                    Tool::Select => match self.hit_test(start_m) {
                        Some(hit) => {
                            if !self.view.selection.contains(&hit) {
                                if !shift {
                                    self.view.selection.clear();
                                }
                                self.view.selection.insert(hit);
                            }
                            Gesture::Move { originals: self.selected_items(), start_m, applied: (0, 0) }
                        }
                        None => Gesture::Select { start, additive: shift },
                    },
                }
            };
        }

        if response.dragged() {
            match &mut self.gesture {
                Gesture::Pan => self.view.camera.pan(response.drag_delta()),
                Gesture::Move { originals, start_m, applied } => {
                    if let Some(p) = pointer {
                        let now = self.view.camera.to_world(rect.min, p);
                        let tile = self.doc.layout.hall.tile_m;
                        let offset = (
                            ((now[0] - start_m[0]) / tile).round() as i32,
                            ((now[1] - start_m[1]) / tile).round() as i32,
                        );
                        if offset != *applied {
                            *applied = offset;
                            let moved: Vec<Item> = originals
                                .iter()
                                .map(|i| {
                                    let mut m = i.clone();
                                    m.x += offset.0;
                                    m.y += offset.1;
                                    m
                                })
                                .collect();
                            self.doc.apply_transient(Edit::Replace(moved));
                        }
                    }
                }
                _ => {}
            }
        }

        if response.drag_stopped() {
            match std::mem::take(&mut self.gesture) {
                Gesture::Move { originals, applied, .. } => {
                    if applied != (0, 0) {
                        let n = originals.len();
                        self.doc.record(format!("Move {n} item(s)"), Edit::Replace(originals));
                        self.status = format!("Moved {n} item(s) by {} × {} tiles", applied.0, applied.1);
                    }
                    self.after_change();
                }
                Gesture::Select { start, additive } => {
                    if let Some(end) = pointer {
                        self.box_select(world(start), world(end), additive);
                    }
                }
                Gesture::Array { start_m } => {
                    if let Some(end) = pointer
                        && let Some(plan) = self.plan_array(start_m, world(end))
                    {
                        let n = plan.items.len();
                        let ids: Vec<ItemId> = plan.items.iter().map(|i| i.id).collect();
                        self.apply(
                            format!("Array of {n} racks ({} × {})", plan.rows, plan.per_row),
                            Edit::Insert(plan.items),
                        );
                        self.view.selection = ids.into_iter().collect();
                        self.status = format!("Placed {n} racks in {} rows", plan.rows);
                    }
                }
                Gesture::Pan | Gesture::None => {}
            }
        }

        if response.clicked()
            && let Some(p) = pointer
        {
            let w = world(p);
            match self.view.tool.clone() {
                Tool::Place(ty) => self.place_at(&ty, w),
                Tool::Select | Tool::Array => match self.hit_test(w) {
                    Some(hit) if shift && !self.view.selection.remove(&hit) => {
                        self.view.selection.insert(hit);
                    }
                    Some(_) if shift => {}
                    Some(hit) => self.view.selection = [hit].into_iter().collect(),
                    None if !shift => self.view.selection.clear(),
                    None => {}
                },
            }
        }
        if response.secondary_clicked() {
            self.view.tool = Tool::Select;
        }

        let icon = match (&self.gesture, &self.view.tool) {
            (Gesture::Pan, _) => CursorIcon::Grabbing,
            (Gesture::Move { .. }, _) => CursorIcon::Move,
            (_, Tool::Place(_) | Tool::Array) => CursorIcon::Crosshair,
            _ if space => CursorIcon::Grab,
            _ => CursorIcon::Default,
        };
        if response.hovered() {
            ctx.set_cursor_icon(icon);
        }
    }

    fn box_select(&mut self, a: [f64; 2], b: [f64; 2], additive: bool) {
        let sel = RectM {
            min: glam::DVec2::new(a[0].min(b[0]), a[1].min(b[1])),
            max: glam::DVec2::new(a[0].max(b[0]), a[1].max(b[1])),
        };
        if !additive {
            self.view.selection.clear();
        }
        let layout = &self.doc.layout;
        for item in &layout.items {
            if let Some(r) = item_rect(layout, item)
                && r.overlaps(&sel)
            {
                self.view.selection.insert(item.id);
            }
        }
        self.status = format!("{} item(s) selected", self.view.selection.len());
    }

    /// Draws the floor.
    pub(super) fn canvas_paint(&mut self, ui: &mut egui::Ui, rect: Rect) {
        let painter = ui.painter_at(rect);
        let dark = ui.visuals().dark_mode;
        let cam = self.view.camera;
        let layout = &self.doc.layout;
        let hall = &layout.hall;
        let tile = hall.tile_m;
        painter.rect_filled(rect, 0.0, theme::floor(dark));
        let hall_rect =
            Rect::from_min_max(cam.to_screen(rect.min, 0.0, 0.0), cam.to_screen(rect.min, hall.width_m, hall.depth_m));
        painter.rect_filled(hall_rect, 0.0, theme::hall_floor(dark));

        // Tile grid, only when tiles are big enough to see.
        let tile_px = (tile * cam.zoom) as f32;
        if self.view.overlays.grid && tile_px >= GRID_MIN_PX {
            let vis = hall_rect.intersect(rect);
            let (lo, hi) = (cam.to_world(rect.min, vis.min), cam.to_world(rect.min, vis.max));
            let stroke = Stroke::new(1.0, theme::grid(dark));
            let (mut x, mut y) = ((lo[0] / tile).ceil() * tile, (lo[1] / tile).ceil() * tile);
            let mut shapes = Vec::new();
            while x <= hi[0] {
                let sx = cam.to_screen(rect.min, x, 0.0).x;
                shapes.push(Shape::line_segment([pos2(sx, vis.min.y), pos2(sx, vis.max.y)], stroke));
                x += tile;
            }
            while y <= hi[1] {
                let sy = cam.to_screen(rect.min, 0.0, y).y;
                shapes.push(Shape::line_segment([pos2(vis.min.x, sy), pos2(vis.max.x, sy)], stroke));
                y += tile;
            }
            painter.extend(shapes);
        }
        painter.rect_stroke(hall_rect, 0.0, Stroke::new(2.0, theme::wall(dark)), StrokeKind::Outside);

        for o in &hall.obstacles {
            let r = rect_m_to_screen(&cam, rect, &obstacle_rect(o));
            if r.intersects(rect) {
                painter.rect_filled(r, 0.0, theme::OBSTACLE);
            }
        }
        if self.view.overlays.fabric {
            self.paint_trays(&painter, rect, hall_rect);
        }

        // All fills in one mesh; floor items first, mounted units on top.
        let (lo, hi) = cam.visible_m(rect);
        self.floor_index.refresh(layout, self.doc.revision, self.view.overlays, &self.view.failure, dark, &self.cache);
        let mut visible = std::mem::take(&mut self.visible_buf);
        visible.clear();
        let mut mesh = Mesh::default();
        let (ox, oy, z) = (cam.origin_m[0], cam.origin_m[1], cam.zoom);
        let to_screen = |x: f32, y: f32| {
            pos2(rect.min.x + ((f64::from(x) - ox) * z) as f32, rect.min.y + ((f64::from(y) - oy) * z) as f32)
        };
        self.floor_index.for_each_visible(lo, hi, |e| {
            let mut s = Rect::from_min_max(to_screen(e.min[0], e.min[1]), to_screen(e.max[0], e.max[1]));
            if e.mounted {
                s = mounted_rect(s, e.rot);
            }
            // Keep tiny items visible as at least one pixel.
            if s.width() < 1.0 || s.height() < 1.0 {
                s = Rect::from_center_size(s.center(), s.size().max(vec2(1.0, 1.0)));
            }
            mesh.add_colored_rect(s, e.fill);
            visible.push((e.item as usize, s));
        });
        painter.add(Shape::mesh(mesh));
        let layout = &self.doc.layout;

        // Level of detail: outlines, front edges and labels only when big enough.
        let outline =
            Stroke::new(1.0, if dark { Color32::from_black_alpha(160) } else { Color32::from_black_alpha(90) });
        let font = FontId::proportional(11.0);
        let text_color = if dark { Color32::WHITE } else { Color32::BLACK };
        for &(i, s) in &visible {
            if s.width().min(s.height()) < OUTLINE_MIN_PX {
                continue;
            }
            let item = &layout.items[i];
            painter.rect_stroke(s, 0.0, outline, StrokeKind::Inside);
            // Front edge marker.
            let front = match item.rot {
                Rotation::R0 => [s.left_top(), s.right_top()],
                Rotation::R180 => [s.left_bottom(), s.right_bottom()],
                Rotation::R90 => [s.right_top(), s.right_bottom()],
                Rotation::R270 => [s.left_top(), s.left_bottom()],
            };
            painter.line_segment(front, Stroke::new(2.0, text_color.gamma_multiply(0.6)));
            if s.width() >= LABEL_MIN_PX
                && let Some(ty) = layout.type_of(item)
                && ty.occupies_floor()
            {
                painter.text(s.center(), Align2::CENTER_CENTER, short_label(item, ty), font.clone(), text_color);
            }
        }

        if self.view.overlays.feeds {
            self.paint_feeds(&painter, rect, &visible);
        }
        if self.view.overlays.fabric {
            self.paint_fabric(&painter, rect, &visible);
        }

        // Selection.
        let sel_stroke = Stroke::new(2.0, theme::SELECTION);
        for &(i, s) in &visible {
            if self.view.selection.contains(&layout.items[i].id) {
                painter.rect_stroke(s.expand(1.5), 1.0, sel_stroke, StrokeKind::Outside);
            }
        }

        self.paint_gesture(ui, &painter, rect);
        self.paint_scale_and_cursor(ui, &painter, rect);
        self.visible_buf = visible;
    }

    fn paint_trays(&self, painter: &egui::Painter, rect: Rect, hall_rect: Rect) {
        let cam = self.view.camera;
        let t = &self.doc.layout.hall.trays;
        let hall = &self.doc.layout.hall;
        let width = ((0.3 * cam.zoom) as f32).clamp(1.0, 8.0);
        let stroke = Stroke::new(width, theme::TRAY);
        let vis = hall_rect.intersect(rect);
        let lines = |offset: f64, pitch: f64, extent: f64| {
            let mut v = Vec::new();
            if pitch <= 0.0 {
                return v;
            }
            let mut p = offset - (offset / pitch).floor() * pitch;
            while p <= extent && v.len() < 2000 {
                v.push(p);
                p += pitch;
            }
            v
        };
        for x in lines(t.offset_x_m, t.pitch_x_m, hall.width_m) {
            let sx = cam.to_screen(rect.min, x, 0.0).x;
            painter.line_segment([pos2(sx, vis.min.y), pos2(sx, vis.max.y)], stroke);
        }
        for y in lines(t.offset_y_m, t.pitch_y_m, hall.depth_m) {
            let sy = cam.to_screen(rect.min, 0.0, y).y;
            painter.line_segment([pos2(vis.min.x, sy), pos2(vis.max.x, sy)], stroke);
        }
    }

    fn centre_screen(&self, rect: Rect, id: ItemId) -> Option<Pos2> {
        let layout = &self.doc.layout;
        let item = &layout.items[layout.index_of(id)?];
        let r = item_rect(layout, item)?;
        let c = r.centre();
        Some(self.view.camera.to_screen(rect.min, c.x, c.y))
    }

    fn overlay_items<'a>(&self, visible: &'a [(usize, Rect)]) -> Vec<&'a (usize, Rect)> {
        let layout = &self.doc.layout;
        if visible.len() <= MAX_OVERLAY_ITEMS {
            visible.iter().collect()
        } else {
            visible.iter().filter(|(i, _)| self.view.selection.contains(&layout.items[*i].id)).collect()
        }
    }

    fn paint_feeds(&self, painter: &egui::Painter, rect: Rect, visible: &[(usize, Rect)]) {
        let layout = &self.doc.layout;
        let mut shapes = Vec::new();
        for &(i, s) in self.overlay_items(visible) {
            let item = &layout.items[i];
            for (feed, color, nudge) in [(item.feed_a, theme::FEED_A, -2.0), (item.feed_b, theme::FEED_B, 2.0)] {
                if let Some(p) = feed.and_then(|f| self.centre_screen(rect, f)) {
                    let from = s.center() + vec2(nudge, 0.0);
                    shapes.push(Shape::line_segment(
                        [from, p + vec2(nudge, 0.0)],
                        Stroke::new(1.0, color.gamma_multiply(0.7)),
                    ));
                }
            }
        }
        painter.extend(shapes);
    }

    fn paint_fabric(&self, painter: &egui::Painter, rect: Rect, visible: &[(usize, Rect)]) {
        let layout = &self.doc.layout;
        // Leaf racks by (su, rail): GPU racks draw a link to each leaf rack their rails land on.
        let mut leaf_racks: std::collections::HashMap<u32, Vec<(ItemId, u32, u32)>> = std::collections::HashMap::new();
        for item in &layout.items {
            if let Some(f) = &item.switches
                && f.role == SwitchRole::Leaf
            {
                leaf_racks.entry(f.su).or_default().push((item.id, f.first_rail, f.rails));
            }
        }
        // Spine racks by (plane, pod): leaf racks draw their uplink bundles to them.
        let mut spine_racks: std::collections::HashMap<(u32, u32), Vec<ItemId>> = std::collections::HashMap::new();
        for item in &layout.items {
            if let Some(f) = &item.switches
                && f.role == SwitchRole::Spine
            {
                spine_racks.entry((f.plane, f.pod)).or_default().push(item.id);
            }
        }
        let stroke = Stroke::new(1.0, theme::FABRIC.gamma_multiply(0.6));
        let uplink = Stroke::new(1.5, theme::FABRIC);
        let mut shapes = Vec::new();
        for &(i, s) in self.overlay_items(visible) {
            let item = &layout.items[i];
            if let Some(f) = item.switches.as_ref().filter(|f| f.role == SwitchRole::Leaf) {
                for spine in spine_racks.get(&(f.plane, f.pod)).into_iter().flatten() {
                    if let Some(p) = self.centre_screen(rect, *spine) {
                        let c = s.center();
                        shapes.push(Shape::line(vec![c, pos2(c.x, p.y), p], uplink));
                    }
                }
            }
            if layout.type_of(item).is_some_and(|t| t.kind == EquipmentKind::GpuRack) {
                for (leaf, ..) in leaf_racks.get(&item.su.unwrap_or(0)).into_iter().flatten() {
                    if let Some(p) = self.centre_screen(rect, *leaf) {
                        // Manhattan, as the cables run along trays.
                        let c = s.center();
                        shapes.push(Shape::line(vec![c, pos2(p.x, c.y), p], stroke));
                    }
                }
            }
        }
        painter.extend(shapes);
    }

    fn paint_gesture(&self, ui: &egui::Ui, painter: &egui::Painter, rect: Rect) {
        let cam = self.view.camera;
        let pointer = ui.ctx().input(|i| i.pointer.hover_pos());
        match &self.gesture {
            Gesture::Select { start, .. } => {
                if let Some(p) = pointer {
                    let r = Rect::from_two_pos(*start, p);
                    painter.rect_filled(r, 0.0, theme::SELECTION.gamma_multiply(0.12));
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, theme::SELECTION), StrokeKind::Inside);
                }
            }
            Gesture::Array { start_m } => {
                if let Some(p) = pointer {
                    let end = cam.to_world(rect.min, p);
                    let r = Rect::from_two_pos(cam.to_screen(rect.min, start_m[0], start_m[1]), p);
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, theme::GHOST), StrokeKind::Inside);
                    if let Some(plan) = self.plan_array(*start_m, end) {
                        let layout = &self.doc.layout;
                        let mut mesh = Mesh::default();
                        for item in &plan.items {
                            if let Some(rm) = item_rect(layout, item) {
                                mesh.add_colored_rect(rect_m_to_screen(&cam, rect, &rm).shrink(0.5), theme::GHOST);
                            }
                        }
                        painter.add(Shape::mesh(mesh));
                        painter.text(
                            p + vec2(14.0, 14.0),
                            Align2::LEFT_TOP,
                            format!("{} racks: {} rows × {}", plan.items.len(), plan.rows, plan.per_row),
                            FontId::proportional(13.0),
                            theme::SELECTION,
                        );
                    }
                }
            }
            _ => {}
        }
        if let (Tool::Place(ty), Some(p)) = (&self.view.tool, pointer)
            && rect.contains(p)
            && let Some(t) = self.doc.layout.catalog.get(ty)
        {
            let size = vec2((t.width_m * cam.zoom) as f32, (t.depth_m * cam.zoom) as f32);
            painter.rect_filled(Rect::from_center_size(p, size), 0.0, theme::GHOST);
        }
    }

    fn paint_scale_and_cursor(&self, ui: &egui::Ui, painter: &egui::Painter, rect: Rect) {
        let cam = self.view.camera;
        let text = ui.visuals().text_color();
        // A scale bar of a round length near 120 points.
        let target_m = 120.0 / cam.zoom;
        let pow = 10f64.powf(target_m.log10().floor());
        let len_m = [1.0, 2.0, 5.0, 10.0].map(|f| f * pow).into_iter().rfind(|l| *l <= target_m).unwrap_or(pow);
        let len_px = (len_m * cam.zoom) as f32;
        let base = pos2(rect.min.x + 16.0, rect.max.y - 18.0);
        let stroke = Stroke::new(2.0, text);
        painter.line_segment([base, base + vec2(len_px, 0.0)], stroke);
        painter.line_segment([base - vec2(0.0, 5.0), base + vec2(0.0, 5.0)], stroke);
        painter.line_segment([base + vec2(len_px, -5.0), base + vec2(len_px, 5.0)], stroke);
        painter.text(
            base + vec2(len_px / 2.0, -8.0),
            Align2::CENTER_BOTTOM,
            self.view.units.length(len_m),
            FontId::proportional(12.0),
            text,
        );
        if let Some([x, y]) = self.view.cursor_m {
            let tile = self.doc.layout.hall.tile_m;
            let label = format!(
                "x {}  y {}   tile ({}, {})",
                self.view.units.length(x),
                self.view.units.length(y),
                (x / tile).floor(),
                (y / tile).floor()
            );
            painter.text(rect.max - vec2(12.0, 10.0), Align2::RIGHT_BOTTOM, label, FontId::monospace(12.0), text);
        }
    }
}
