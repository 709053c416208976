//! clusterplan: a designer for AI GPU-cluster data halls.
//!
//! Layers, each depending only on those above it in this list:
//! - [`model`]: the document (hall, items, catalog types, ids) — plain data with serde;
//! - [`analysis`]: the live model, `analyse(&Layout) -> Report`, pure functions of the document;
//! - [`io`]: reading and writing layout files and the built-in catalog, with located errors;
//! - [`generate`]: presets and the hall generator;
//! - [`export`]: files handed to others (bill of materials as CSV or JSON);
//! - [`ui`]: the desktop designer (the only layer using egui, eframe and rfd);
//! - [`cli`]: the command line;
//! - [`format`]: number formatting in the user's units, shared by the command line and the designer.

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
