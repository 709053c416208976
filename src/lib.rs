//! clusterplan: a designer for AI GPU-cluster data halls.
//!
//! Layers, each depending only on those above it in this list (`tests/layers.rs` checks it; ARCHITECTURE.md
//! draws it):
//! - [`units`], [`digits`]: leaves — unit conversions and digit grouping;
//! - [`model`]: the document (hall, items, catalog types, ids), its edits and undo history, and the pure
//!   functions that compute an edit — plain data with serde;
//! - [`analysis`]: the live model, `analyse(&Layout) -> Report`, pure functions of the document;
//! - [`io`]: reading and writing layout files and the built-in catalog, `check_layout`, located errors;
//! - [`generate`]: presets, the hall generator, expansion and the presentation's scenarios;
//! - [`format`]: numbers in the user's units, shared by the command line, the exports and the designer;
//! - [`palette`]: every colour a drawing uses, shared by the canvas and the plan exports;
//! - [`export`]: files handed to others (the plan as SVG, PNG or PDF; the bill of materials; the report;
//!   comparisons);
//! - [`ui`]: the desktop designer (the only layer using egui, eframe and rfd);
//! - [`cli`]: the command line (never the designer: `main.rs` opens that).

pub mod analysis;
pub mod cli;
pub mod digits;
pub mod export;
pub mod format;
pub mod generate;
pub mod io;
pub mod model;
pub mod palette;
#[cfg(feature = "gui")]
pub mod ui;
pub mod units;
