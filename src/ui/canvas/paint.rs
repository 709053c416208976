//! Painting the floor: one painter, the canvas's own camera, items culled to the view through the floor index,
//! all fills in one mesh, outlines, front edges and labels only when big enough on screen. Overlays (feeds,
//! fabric, trays) draw over the items with the same projection.

use egui::{Align2, FontId, Mesh, Pos2, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

use super::{Drag, FloorCanvas};
use crate::analysis::geometry::{RectM, item_rect, obstacle_rect};
use crate::format::counted;
use crate::model::ops::array_plan;
use crate::model::{ItemId, Rotation};
use crate::palette::{FabricLines, short_label};
use crate::ui::floor_index::mounted_strip;
use crate::ui::theme;
use crate::ui::view::{Camera, Tool};

/// Items drawn with outlines only when their smaller side is at least this many points.
const OUTLINE_MIN_PX: f32 = 7.0;
/// Labels only when an item is at least this wide on screen.
const LABEL_MIN_PX: f32 = 46.0;
/// Overlay lines are drawn for all visible items only when fewer than this many are visible.
const MAX_OVERLAY_ITEMS: usize = 4000;
/// Tile grid only when a tile is at least this many points.
const GRID_MIN_PX: f32 = 7.0;

fn rect_m_to_screen(cam: &Camera, canvas: Rect, r: &RectM) -> Rect {
    Rect::from_min_max(cam.to_screen(canvas.min, r.min.x, r.min.y), cam.to_screen(canvas.min, r.max.x, r.max.y))
}

/// Text on a plate, so it reads over whatever is drawn below.
fn plated_text(painter: &egui::Painter, at: Pos2, align: Align2, text: String, font: FontId, dark: bool) {
    let galley = painter.layout_no_wrap(text, font, theme::ink(dark));
    let rect = align.anchor_size(at, galley.size()).expand2(vec2(5.0, 2.0));
    painter.rect_filled(rect, 3.0, theme::plate(dark));
    painter.galley(rect.min + vec2(5.0, 2.0), galley, theme::ink(dark));
}

impl FloorCanvas<'_> {
    /// Draws the floor into `rect` (and the legend over it).
    pub fn paint(mut self, ui: &mut egui::Ui, rect: Rect) {
        let painter = ui.painter_at(rect);
        let dark = self.prefs.dark;
        let cam = self.state.camera;
        let layout = self.doc.layout();
        let hall = &layout.hall;
        let tile = hall.tile_m;
        painter.rect_filled(rect, 0.0, theme::floor(dark));
        let hall_rect =
            Rect::from_min_max(cam.to_screen(rect.min, 0.0, 0.0), cam.to_screen(rect.min, hall.width_m, hall.depth_m));
        painter.rect_filled(hall_rect, 0.0, theme::hall_floor(dark));

        // Tile grid, only when tiles are big enough to see.
        let tile_px = (tile * cam.zoom) as f32;
        if self.prefs.overlays.grid && tile_px >= GRID_MIN_PX {
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

        for (n, o) in hall.obstacles.iter().enumerate() {
            let r = rect_m_to_screen(&cam, rect, &obstacle_rect(o));
            if r.intersects(rect) {
                painter.rect_filled(r, 0.0, theme::obstacle(o.kind, dark));
                if o.kind == crate::model::ObstacleKind::NoGo {
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, theme::INVALID), StrokeKind::Inside);
                }
                if self.session.obstacle == Some(n) {
                    painter.rect_stroke(
                        r.expand(1.5),
                        1.0,
                        Stroke::new(2.0, theme::selection(self.prefs.dark)),
                        StrokeKind::Outside,
                    );
                }
                if r.width() >= LABEL_MIN_PX
                    && let Some(label) = &o.label
                {
                    painter.text(
                        r.center(),
                        Align2::CENTER_CENTER,
                        label,
                        FontId::proportional(11.0),
                        theme::ink(dark),
                    );
                }
            }
        }
        if self.prefs.overlays.fabric {
            self.paint_trays(&painter, rect, hall_rect);
        }

        // All fills in one mesh; floor items first, mounted units on top.
        let (lo, hi) = cam.visible_m(rect);
        let mut visible = std::mem::take(&mut self.state.visible);
        visible.clear();
        let mut mesh = Mesh::default();
        let (ox, oy, z) = (cam.origin_m[0], cam.origin_m[1], cam.zoom);
        let to_screen = |x: f32, y: f32| {
            pos2(rect.min.x + ((f64::from(x) - ox) * z) as f32, rect.min.y + ((f64::from(y) - oy) * z) as f32)
        };
        let mut fills: Vec<egui::Color32> = Vec::new();
        let later = |i: usize| self.phase.is_some_and(|(k, cache)| cache.later_than(i, layout.items[i].id, k));
        let not_yet = theme::not_yet(dark);
        self.index.for_each_visible(lo, hi, |e| {
            let (min, max) = if e.mounted { mounted_strip(e.min, e.max, e.rot) } else { (e.min, e.max) };
            let mut s = Rect::from_min_max(to_screen(min[0], min[1]), to_screen(max[0], max[1]));
            // Keep tiny items visible as at least one pixel.
            if s.width() < 1.0 || s.height() < 1.0 {
                s = Rect::from_center_size(s.center(), s.size().max(vec2(1.0, 1.0)));
            }
            // Equipment of a later phase than the one shown: an outline on the floor, no fill.
            let fill = if later(e.item as usize) { not_yet } else { e.fill };
            mesh.add_colored_rect(s, fill);
            visible.push((e.item as usize, s));
            fills.push(fill);
        });
        painter.add(Shape::mesh(mesh));

        // Level of detail: outlines, front edges and labels only when big enough.
        let outline = Stroke::new(1.0, theme::outline(dark));
        let font = FontId::proportional(11.0);
        for (&(i, s), &fill) in visible.iter().zip(&fills) {
            if s.width().min(s.height()) < OUTLINE_MIN_PX {
                continue;
            }
            let item = &layout.items[i];
            let text_color = theme::text_on(fill);
            if later(i) {
                painter.rect_stroke(s, 0.0, Stroke::new(1.0, theme::secondary_ink(dark)), StrokeKind::Inside);
                continue;
            }
            painter.rect_stroke(s, 0.0, outline, StrokeKind::Inside);
            let front = match item.rot {
                Rotation::R0 => [s.left_top(), s.right_top()],
                Rotation::R180 => [s.left_bottom(), s.right_bottom()],
                Rotation::R90 => [s.right_top(), s.right_bottom()],
                Rotation::R270 => [s.left_top(), s.left_bottom()],
            };
            painter.line_segment(front, Stroke::new(2.0, text_color.gamma_multiply(0.7)));
            if self.cache.states.lost.contains(&item.id) {
                let x = Stroke::new(2.0, theme::INVALID);
                painter.line_segment([s.left_top(), s.right_bottom()], x);
                painter.line_segment([s.right_top(), s.left_bottom()], x);
            }
            if s.width() >= LABEL_MIN_PX
                && let Some(ty) = layout.type_of(item)
                && ty.occupies_floor()
            {
                painter.text(s.center(), Align2::CENTER_CENTER, short_label(item, ty), font.clone(), text_color);
            }
        }

        if self.prefs.overlays.feeds {
            self.paint_feeds(&painter, rect, &visible);
        }
        if self.prefs.overlays.fabric {
            self.paint_fabric(&painter, rect, &visible);
        }

        // Selection.
        let sel_stroke = Stroke::new(2.0, theme::selection(self.prefs.dark));
        for &(i, s) in &visible {
            if self.session.selection.contains(&layout.items[i].id) {
                painter.rect_stroke(s.expand(1.5), 1.0, sel_stroke, StrokeKind::Outside);
            }
        }

        self.paint_drag(ui, &painter, rect);
        self.paint_scale_and_cursor(&painter, rect);
        self.state.visible = visible;
        self.state.legend_size = self
            .prefs
            .legend
            .then(|| super::legend::legend_ui(ui.ctx(), rect, self.prefs, self.session, self.cache.report()));
    }

    fn paint_trays(&self, painter: &egui::Painter, rect: Rect, hall_rect: Rect) {
        let cam = self.state.camera;
        let hall = &self.doc.layout().hall;
        let t = &hall.trays;
        let width = ((0.3 * cam.zoom) as f32).clamp(1.0, 8.0);
        let stroke = Stroke::new(width, theme::tray(self.prefs.dark));
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
        let layout = self.doc.layout();
        let item = &layout.items[layout.index_of(id)?];
        let c = item_rect(layout, item)?.centre();
        Some(self.state.camera.to_screen(rect.min, c.x, c.y))
    }

    fn overlay_items<'v>(&self, visible: &'v [(usize, Rect)]) -> Vec<&'v (usize, Rect)> {
        let layout = self.doc.layout();
        if visible.len() <= MAX_OVERLAY_ITEMS {
            visible.iter().collect()
        } else {
            visible.iter().filter(|(i, _)| self.session.selection.contains(&layout.items[*i].id)).collect()
        }
    }

    fn paint_feeds(&self, painter: &egui::Painter, rect: Rect, visible: &[(usize, Rect)]) {
        let layout = self.doc.layout();
        let mut shapes = Vec::new();
        for &(i, s) in self.overlay_items(visible) {
            let item = &layout.items[i];
            let feeds = [
                (item.feed_a, theme::FEED_A, -2.0),
                (item.feed_b, theme::FEED_B, 2.0),
                (item.feed_c, theme::FEED_C, 0.0),
            ];
            for (feed, color, nudge) in feeds {
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
        let layout = self.doc.layout();
        let lines = FabricLines::of(layout);
        let stroke = Stroke::new(1.0, theme::FABRIC.gamma_multiply(0.6));
        let uplink_stroke = Stroke::new(1.5, theme::FABRIC);
        let mut shapes = Vec::new();
        for &(i, s) in self.overlay_items(visible) {
            let item = &layout.items[i];
            let c = s.center();
            lines.each(layout, item, |other, uplink| {
                if let Some(p) = self.centre_screen(rect, other) {
                    // Manhattan, as the cables run along trays: uplinks leave a leaf rack vertically.
                    let corner = if uplink { pos2(c.x, p.y) } else { pos2(p.x, c.y) };
                    shapes.push(Shape::line(vec![c, corner, p], if uplink { uplink_stroke } else { stroke }));
                }
            });
        }
        painter.extend(shapes);
    }

    fn paint_drag(&mut self, ui: &egui::Ui, painter: &egui::Painter, rect: Rect) {
        let cam = self.state.camera;
        let pointer = ui.ctx().input(|i| i.pointer.hover_pos());
        let layout = self.doc.layout();
        match &self.state.drag {
            Drag::Select { start, .. } => {
                if let Some(p) = pointer {
                    let r = Rect::from_two_pos(*start, p);
                    painter.rect_filled(r, 0.0, theme::selection(self.prefs.dark).gamma_multiply(0.12));
                    painter.rect_stroke(
                        r,
                        0.0,
                        Stroke::new(1.0, theme::selection(self.prefs.dark)),
                        StrokeKind::Inside,
                    );
                }
            }
            Drag::Obstacle { start_m, kind } => {
                if let Some(p) = pointer {
                    let r = Rect::from_two_pos(cam.to_screen(rect.min, start_m[0], start_m[1]), p);
                    painter.rect_filled(r, 0.0, theme::obstacle(*kind, self.prefs.dark).gamma_multiply(0.6));
                    painter.rect_stroke(
                        r,
                        0.0,
                        Stroke::new(1.0, theme::selection(self.prefs.dark)),
                        StrokeKind::Inside,
                    );
                }
            }
            Drag::Array { start_m } => {
                if let Some(p) = pointer {
                    let end = cam.to_world(rect.min, p);
                    let r = Rect::from_two_pos(cam.to_screen(rect.min, start_m[0], start_m[1]), p);
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, theme::GHOST), StrokeKind::Inside);
                    let tile = layout.hall.tile_m;
                    let corner = |v: f64| (v / tile).floor() as i64;
                    let key = (
                        self.doc.key(),
                        self.prefs.array_type.clone(),
                        [corner(start_m[0]), corner(start_m[1]), corner(end[0]), corner(end[1])],
                    );
                    if self.state.array_preview.as_ref().is_none_or(|(k, _)| *k != key) {
                        let plan = array_plan(layout, &self.prefs.array_type, *start_m, end);
                        self.state.array_preview = Some((key, plan));
                    }
                    let Some((_, plan)) = &self.state.array_preview else { return };
                    let text = match plan {
                        Ok(plan) => {
                            let ghost = layout
                                .catalog
                                .get(&self.prefs.array_type)
                                .map_or(theme::GHOST, |t| theme::ghost(theme::kind_fill(t, self.prefs.dark)));
                            let mut mesh = Mesh::default();
                            for item in &plan.items {
                                if let Some(rm) = item_rect(layout, item) {
                                    mesh.add_colored_rect(rect_m_to_screen(&cam, rect, &rm).shrink(0.5), ghost);
                                }
                            }
                            painter.add(Shape::mesh(mesh));
                            let skipped = if plan.skipped > 0 {
                                format!(", {} taken", counted(plan.skipped as u64, "place", "places"))
                            } else {
                                String::new()
                            };
                            format!(
                                "{}: {} × {}{skipped}",
                                counted(plan.items.len() as u64, "rack", "racks"),
                                plan.rows,
                                plan.per_row
                            )
                        }
                        Err(why) => why.clone(),
                    };
                    plated_text(
                        painter,
                        p + vec2(14.0, 14.0),
                        Align2::LEFT_TOP,
                        text,
                        FontId::proportional(13.0),
                        self.prefs.dark,
                    );
                }
            }
            _ => {}
        }
        if let (Tool::Place(ty), Some(p)) = (&self.session.tool, pointer)
            && rect.contains(p)
            && let Some(t) = layout.catalog.get(ty)
        {
            let size = vec2((t.width_m * cam.zoom) as f32, (t.depth_m * cam.zoom) as f32);
            painter.rect_filled(
                Rect::from_center_size(p, size),
                0.0,
                theme::ghost(theme::kind_fill(t, self.prefs.dark)),
            );
        }
    }

    fn paint_scale_and_cursor(&self, painter: &egui::Painter, rect: Rect) {
        let cam = self.state.camera;
        let dark = self.prefs.dark;
        let units = self.prefs.units;
        // A scale bar of a round length (in the user's unit) up to 120 points.
        let (len_m, label) = units.scale_bar(120.0 / cam.zoom);
        let len_px = (len_m * cam.zoom) as f32;
        let base = pos2(rect.min.x + 18.0, rect.max.y - 16.0);
        let plate = Rect::from_min_max(base - vec2(10.0, 26.0), base + vec2(len_px + 10.0, 8.0));
        painter.rect_filled(plate, 3.0, theme::plate(dark));
        let stroke = Stroke::new(2.0, theme::ink(dark));
        painter.line_segment([base, base + vec2(len_px, 0.0)], stroke);
        painter.line_segment([base - vec2(0.0, 5.0), base + vec2(0.0, 5.0)], stroke);
        painter.line_segment([base + vec2(len_px, -5.0), base + vec2(len_px, 5.0)], stroke);
        painter.text(
            base + vec2(len_px / 2.0, -7.0),
            Align2::CENTER_BOTTOM,
            label,
            FontId::proportional(12.0),
            theme::ink(dark),
        );
        if let Some([x, y]) = self.state.cursor_m {
            let tile = self.doc.layout().hall.tile_m;
            let hall = &self.doc.layout().hall;
            let outside = if (0.0..=hall.width_m).contains(&x) && (0.0..=hall.depth_m).contains(&y) {
                ""
            } else {
                "   outside the hall"
            };
            let (col, row) = ((x / tile).floor(), (y / tile).floor());
            let text = format!(
                "x {}  y {}   tile ({col}, {row}) · grid {}{outside}",
                units.length(x),
                units.length(y),
                crate::format::grid_ref(col as i64, row as i64)
            );
            plated_text(
                painter,
                rect.max - vec2(14.0, 12.0),
                Align2::RIGHT_BOTTOM,
                text,
                FontId::monospace(12.0),
                dark,
            );
        }
    }
}
