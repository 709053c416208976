//! View state, never undoable, in two types: [`Prefs`] (camera, overlays, units, theme, recent files) is saved
//! between runs with eframe's storage; [`Session`] (tool, selection, what-if failure, status) lives for one run.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::{Pos2, Rect, Vec2, pos2};
use serde::{Deserialize, Serialize};

use crate::analysis::Failure;
use crate::format::Units;
use crate::model::{ItemId, ObstacleKind, TypeId};

/// Where the view looks: world metres at the canvas's top-left corner and screen points per metre.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// World position (metres) shown at the canvas's top-left corner.
    pub origin_m: [f64; 2],
    /// Screen points per metre.
    pub zoom: f64,
}

impl Default for Camera {
    fn default() -> Self {
        Self { origin_m: [-1.0, -1.0], zoom: 30.0 }
    }
}

/// Closest and farthest zoom, in points per metre.
pub const ZOOM_RANGE: (f64, f64) = (0.05, 400.0);

impl Camera {
    /// Screen position of a world point, for a canvas whose top-left is `canvas_min`.
    pub fn to_screen(&self, canvas_min: Pos2, x_m: f64, y_m: f64) -> Pos2 {
        pos2(
            canvas_min.x + ((x_m - self.origin_m[0]) * self.zoom) as f32,
            canvas_min.y + ((y_m - self.origin_m[1]) * self.zoom) as f32,
        )
    }

    /// World position (metres) of a screen point.
    pub fn to_world(&self, canvas_min: Pos2, p: Pos2) -> [f64; 2] {
        [
            self.origin_m[0] + f64::from(p.x - canvas_min.x) / self.zoom,
            self.origin_m[1] + f64::from(p.y - canvas_min.y) / self.zoom,
        ]
    }

    /// Zooms by `factor` keeping the world point under `anchor` fixed.
    pub fn zoom_at(&mut self, canvas_min: Pos2, anchor: Pos2, factor: f64) {
        let before = self.to_world(canvas_min, anchor);
        self.zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        let after = self.to_world(canvas_min, anchor);
        self.origin_m[0] += before[0] - after[0];
        self.origin_m[1] += before[1] - after[1];
    }

    /// Pans by a screen delta.
    pub fn pan(&mut self, delta: Vec2) {
        self.origin_m[0] -= f64::from(delta.x) / self.zoom;
        self.origin_m[1] -= f64::from(delta.y) / self.zoom;
    }

    /// Fits a world rectangle (metres) into a canvas of `size` points with a margin.
    pub fn fit(&mut self, min_m: [f64; 2], max_m: [f64; 2], size: Vec2) {
        let w = (max_m[0] - min_m[0]).max(1.0);
        let h = (max_m[1] - min_m[1]).max(1.0);
        let margin = 24.0;
        let zoom = (f64::from(size.x - 2.0 * margin) / w).min(f64::from(size.y - 2.0 * margin) / h);
        self.zoom = zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.origin_m = [
            min_m[0] - (f64::from(size.x) / self.zoom - w) / 2.0,
            min_m[1] - (f64::from(size.y) / self.zoom - h) / 2.0,
        ];
    }

    /// The world rectangle (metres) a canvas rect shows.
    pub fn visible_m(&self, canvas: Rect) -> ([f64; 2], [f64; 2]) {
        (self.to_world(canvas.min, canvas.min), self.to_world(canvas.min, canvas.max))
    }
}

/// Overlay toggles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Overlays {
    /// Rack-to-PDU feed lines; PDUs coloured by load.
    pub feeds: bool,
    /// Trays and fabric links.
    pub fabric: bool,
    /// Racks coloured by heat.
    pub heat: bool,
    /// Items coloured by floor load against the hall's rating.
    pub floor: bool,
    /// Floor tile grid.
    pub grid: bool,
}

impl Default for Overlays {
    fn default() -> Self {
        Self { feeds: false, fabric: false, heat: false, floor: false, grid: true }
    }
}

/// The active tool.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Select and move.
    #[default]
    Select,
    /// Place items of a type with each click.
    Place(TypeId),
    /// Drag a rectangle to fill with rows of racks.
    Array,
    /// Drag a rectangle to add an obstacle of this kind.
    Obstacle(ObstacleKind),
}

/// Right-hand panel tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SideTab {
    /// The selection.
    #[default]
    Inspector,
    /// Every section of the report.
    Report,
    /// The warnings list.
    Warnings,
    /// Hall settings.
    Hall,
    /// This hall beside the layout compared with.
    Compare,
    /// The site's power chain: single-line diagram and its stages' editor.
    Power,
    /// The build in phases: the timeline and the phase list.
    Phases,
}

/// Preferences kept between runs (eframe's storage). Never undoable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The camera when the designer last closed.
    pub camera: Camera,
    /// The file that camera looked at (`None`: the demo hall); a start on another file fits the view.
    pub camera_file: Option<PathBuf>,
    /// Overlays.
    pub overlays: Overlays,
    /// Units.
    pub units: Units,
    /// Dark theme.
    pub dark: bool,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Right panel tab.
    pub tab: SideTab,
    /// GPU rack type the array tool places.
    pub array_type: TypeId,
    /// Show the legend over the floor.
    pub legend: bool,
    /// The first-run welcome was closed once (Help › Getting started shows it again).
    pub seen_welcome: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            camera_file: None,
            overlays: Overlays::default(),
            units: Units::default(),
            dark: true,
            recent: Vec::new(),
            tab: SideTab::default(),
            array_type: TypeId::from("rack-colossus-64"),
            legend: true,
            seen_welcome: false,
        }
    }
}

impl Prefs {
    /// Remembers a file as most recent (ten kept).
    pub fn push_recent(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }
}

/// State of this run only: tool, selection, what-if, transient text. Never saved, never undoable.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// The tool.
    pub tool: Tool,
    /// Selected items.
    pub selection: BTreeSet<ItemId>,
    /// The selected obstacle (index in the hall's list), when an obstacle rather than items is selected.
    pub obstacle: Option<usize>,
    /// The what-if failure the report is computed under.
    pub failure: Failure,
    /// Palette search text.
    pub palette_filter: String,
    /// Counts pointer releases and focus changes: inspector edits within one gesture merge into one step.
    pub gesture_seq: u64,
    /// One-line status (last action).
    pub status: String,
    /// The stage of the site's power chain selected in the Power tab.
    pub site_node: Option<crate::export::sld::SiteNode>,
    /// The phase the floor and the totals show (its index in the layout's phases); `None`: the whole hall.
    pub phase: Option<usize>,
    /// Playing the phases: the time (egui's clock, s) the next one is shown at.
    pub playing: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    #[test]
    fn camera_round_trips_and_zooms_at_the_cursor() {
        let mut c = Camera { origin_m: [10.0, 5.0], zoom: 20.0 };
        let min = pos2(100.0, 50.0);
        let p = c.to_screen(min, 12.0, 6.0);
        assert_eq!(p, pos2(140.0, 70.0));
        let w = c.to_world(min, p);
        assert!((w[0] - 12.0).abs() < 1e-9 && (w[1] - 6.0).abs() < 1e-9);
        c.zoom_at(min, p, 2.0);
        assert_eq!(c.zoom, 40.0);
        let still = c.to_screen(min, 12.0, 6.0);
        assert!((still.x - 140.0).abs() < 1e-3 && (still.y - 70.0).abs() < 1e-3);
        c.fit([0.0, 0.0], [100.0, 50.0], vec2(1048.0, 548.0));
        assert!((c.zoom - 10.0).abs() < 1e-9);
        let mut v = Prefs::default();
        for n in 0..12 {
            v.push_recent(PathBuf::from(format!("{n}.ron")));
        }
        v.push_recent(PathBuf::from("5.ron"));
        assert_eq!(v.recent.len(), 10);
        assert_eq!(v.recent[0], PathBuf::from("5.ron"));
    }
}
