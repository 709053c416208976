//! The floor canvas: a widget over read-only document state and caller-owned [`CanvasState`] (camera, the drag
//! in progress). Its input turns into [`Command`]s — it never edits the document itself — and it paints with one
//! painter and its own camera (see `paint`).
//!
//! A drag that moves items is a gesture: `GestureBegin`, one `GestureUpdate` per tile crossed (always relative
//! to the items as they were), then `GestureCommit` as one undo step; Esc or undo cancels it and everything
//! goes back exactly.

mod input;
pub mod legend;
mod paint;

use egui::{Pos2, Rect};

use super::cache::Cache;
use super::document::Document;
use super::floor_index::FloorIndex;
use super::view::{Camera, Prefs, Session};
use crate::analysis::geometry::{RectM, item_rect};
use crate::model::{Item, ItemId, Obstacle, ObstacleKind, TypeId};

/// A drag in progress on the canvas (ephemeral).
#[derive(Clone, Debug, Default)]
pub enum Drag {
    /// Nothing.
    #[default]
    None,
    /// Moving items: they as they were before the drag, where it began, the offset shown.
    Move {
        /// The items before the drag.
        originals: Vec<Item>,
        /// World point (metres) where the drag began.
        start_m: [f64; 2],
        /// Offset shown so far, in millimetres (snapped).
        applied: (i64, i64),
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
    /// The legend's size (as drawn, `None` when hidden or not drawn yet) the last fit was made round.
    pub fit_legend: Option<Option<egui::Vec2>>,
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
    /// The phase shown and each item's phase: equipment of later phases is drawn as outlines.
    pub phase: Option<(usize, &'a crate::ui::cache::PhasesCache)>,
}
