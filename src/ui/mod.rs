//! The desktop designer (egui/eframe). Everything that touches egui, eframe or rfd lives here.
//!
//! Three tiers of state: the [`document::Document`] (saved, undoable, changed only by edits), the view state —
//! [`view::Prefs`] (persisted with eframe's storage) and [`view::Session`] (this run) — never undoable, and
//! ephemeral caches ([`cache::Cache`], [`floor_index::FloorIndex`], the canvas's drag) keyed by the document's
//! [`document::DocKey`]. The canvas, panels, menus, keys and dialogs return [`command::Command`]s, workers send
//! theirs through a [`command::CommandSender`]; [`DesignerApp::run_commands`] is the one place that runs them.

pub mod actions;
pub mod app;
mod background;
pub mod cache;
pub mod canvas;
pub mod command;
pub mod compare;
pub mod dialogs;
pub mod document;
pub mod fields;
pub mod file_flow;
pub mod files;
pub mod floor_index;
mod input;
pub mod jobs;
pub mod panels;
pub mod recovery;
mod run;
pub mod scenario;
pub mod theme;
pub mod view;

use std::path::PathBuf;

pub use app::DesignerApp;

/// Opens the designer window on `file`, or on the embedded demo hall.
pub fn run_native(file: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("clusterplan")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "clusterplan",
        options,
        Box::new(move |cc| Ok(Box::new(DesignerApp::from_creation_context(cc, file)))),
    )
}
