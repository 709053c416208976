//! Commands: what the canvas, panels, menus, keys and dialogs ask for — and what workers, the window and the
//! presentation report (a job's outcome, a scenario built, the window's close button, the sliders reading the
//! hall). Nothing changes the document, the session or the preferences itself; everything is sent as a command,
//! and [`super::app::DesignerApp::run_commands`] is the one place that runs them — the one that edits, records
//! undo, marks the document dirty, checks it can still be saved and tidies the session after each.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use super::actions::Action;
use super::dialogs::ExportChoice;
use super::document::DocKey;
use super::file_flow::purpose::{ConfirmChoice, FilePurpose};
use super::jobs::JobResult;
use super::scenario::{Built, ScenarioKey, StoryBasis};
use super::view::Tool;
use crate::analysis::Failure;
use crate::analysis::assign::FeedSide;
use crate::generate::what_if::{ColossusStep, WhatIf};
use crate::model::edit::Edit;
use crate::model::{ItemId, Layout, Obstacle};

/// An edit of every selected item at once.
#[derive(Clone, Debug, PartialEq)]
pub enum Bulk {
    /// Nearest PDU with room on this feed.
    Feeds(FeedSide),
    /// Nearest PDUs with room on feeds A and B, from separate sets of PDUs.
    BothFeeds,
    /// Nearest CDU with room.
    Cooling,
    /// The scalable unit of the selected GPU racks.
    ScalableUnit(u32),
    /// The selected GPU racks numbered into scalable units in floor order: `per_su` racks each (0: a row each),
    /// from `first`.
    NumberScalableUnits {
        /// Racks per unit; 0 numbers by rows.
        per_su: u32,
        /// The first unit's number.
        first: u32,
    },
    /// The fabric's required switches into the selected network racks, in floor order.
    FillSwitches,
    /// Names: the prefix followed by a number, in position order.
    NamePrefix(String),
}

/// One preference changed from a panel (the toggles with shortcuts — overlays, legend, theme — are actions).
#[derive(Clone, Debug, PartialEq)]
pub enum PrefChange {
    /// Show the tile grid when zoomed in.
    Grid(bool),
    /// Units of length, flow and heat.
    Units(crate::format::Units),
    /// The GPU rack type the array tool places.
    ArrayType(crate::model::TypeId),
    /// The side panel's tab.
    Tab(super::view::SideTab),
}

/// A request from the UI, a worker or the window.
#[must_use]
#[derive(Debug)]
pub enum Command {
    /// A user action (menu, button or key).
    Action(Action),
    /// One undoable edit.
    Edit {
        /// History label.
        label: String,
        /// The change.
        edit: Edit,
    },
    /// An edit merged with the previous one carrying the same key (a field edited over several frames).
    EditMerged {
        /// History label.
        label: String,
        /// The change.
        edit: Edit,
        /// Same field, same item, same gesture.
        key: u64,
    },
    /// An edit whose new or changed items become the selection (place, paste, array).
    EditAndSelect {
        /// History label.
        label: String,
        /// The change.
        edit: Edit,
        /// What to select afterwards.
        select: Vec<ItemId>,
    },
    /// Start a gesture (a drag that edits).
    GestureBegin,
    /// Show the gesture's edit so far (relative to the state before it).
    GestureUpdate(Edit),
    /// Finish the gesture as one step.
    GestureCommit(String),
    /// Abandon the gesture, restoring the state before it.
    GestureCancel,
    /// Replace the selection.
    Select(Vec<ItemId>),
    /// Add items to the selection.
    SelectAdd(Vec<ItemId>),
    /// Add an item to the selection, or take it out.
    SelectToggle(ItemId),
    /// Select items and show them.
    SelectAndShow(Vec<ItemId>),
    /// Select an obstacle (by index).
    SelectObstacle(Option<usize>),
    /// Select a stage of the site's power chain (the Power tab edits it).
    SelectSiteNode(Option<crate::export::sld::SiteNode>),
    /// Show the hall as it stands at a phase (`None`: the whole hall); stops playing.
    ShowPhase(Option<usize>),
    /// Playing the phases: time for the next.
    PhaseTick,
    /// Change the tool.
    SetTool(Tool),
    /// Compute the report under a failure.
    SetFailure(Failure),
    /// Change one preference (each carries only its own field, so two in one frame never undo each other).
    SetPref(PrefChange),
    /// Change the palette's search text.
    SetPaletteFilter(String),
    /// Paste: the platform's clipboard text when it delivered some, else the designer's own copy.
    Paste(Option<String>),
    /// Presentation: build the what-if hall for these settings and show it as B.
    SetWhatIf(WhatIf),
    /// Presentation: a step of the Colossus story, built fresh or grown from the hall on screen (the first step
    /// becomes the document, the others B).
    Story(ColossusStep, StoryBasis),
    /// Presentation: make the scenario shown as B the document (undoable).
    KeepScenario,
    /// The answer to "show the scenario in place of the compared file?": yes or no.
    ReplaceComparedFile(bool),
    /// Close the welcome.
    CloseWelcome,
    /// Show or hide the keyboard shortcuts.
    ToggleShortcuts,
    /// Open this file (asking about unsaved changes first).
    Open(PathBuf),
    /// Import the device type this devicetype-library file holds (a `.yaml` dropped on the window).
    ImportType(PathBuf),
    /// Import device type decided: add this type (with what was noticed), or close.
    ImportTypeDecided(Option<(Box<crate::model::EquipmentType>, Vec<String>)>),
    /// A file was chosen in a file dialog.
    FileChosen(FilePurpose, PathBuf),
    /// Replace the hall with a generated one (undoable).
    UseGenerated(Box<Layout>),
    /// The unsaved-changes prompt was answered.
    Confirmed(ConfirmChoice),
    /// The recovery prompt was answered: restore the copy (by its number in the list) or discard them all.
    Recover(Option<usize>),
    /// The error message was read.
    DismissError,
    /// Edit every selected item.
    Bulk(Bulk),
    /// Add an obstacle.
    AddObstacle(Obstacle),
    /// Close the generate dialog.
    CloseGenerate,
    /// Close the designer's own file dialog (answered or dismissed).
    CloseFileDialog,
    /// Export this (the file is asked for next).
    ExportChosen(ExportChoice),
    /// Close the export dialog.
    CloseExport,
    /// Replace the layout with a grown one (Tools › Expand hall…), one undo step — refused unless the document is
    /// still in the state it was grown from.
    UseExpanded(Box<Layout>, DocKey),
    /// Close the expand dialog.
    CloseExpand,
    /// Set the status line.
    Status(String),
    /// Start a new inspector gesture (edits after this are a new undo step).
    NextGesture,
    /// The window's close button (or the platform) asked to close.
    CloseRequested,
    /// A job's worker finished (or stopped on a cancel): its outcome, for the job it names.
    JobFinished {
        /// The job.
        id: u64,
        /// What it did.
        outcome: JobResult,
    },
    /// A presentation scenario was built (or could not be): for the settings it names.
    ScenarioBuilt {
        /// What it was built for.
        key: ScenarioKey,
        /// The hall and its analysis, or why there is none.
        built: Built,
    },
    /// Presentation: the sliders read the hall at this state of the document (they follow it until moved).
    ReadHall(DocKey, WhatIf),
}

/// Where workers send the commands they end with; it wakes the window so the designer runs them at once.
#[derive(Clone)]
pub struct CommandSender {
    tx: Sender<Command>,
    ctx: Option<egui::Context>,
}

impl CommandSender {
    /// A sender into `tx`, asking `ctx` (when there is one) to repaint after each command.
    pub fn new(tx: Sender<Command>, ctx: Option<egui::Context>) -> Self {
        Self { tx, ctx }
    }

    /// The same channel, waking `ctx` (the window's context, known after the first frame).
    pub fn waking(&self, ctx: &egui::Context) -> Self {
        Self { tx: self.tx.clone(), ctx: Some(ctx.clone()) }
    }

    /// Sends a command; a designer that has gone away no longer wants it.
    pub fn send(&self, command: Command) {
        let _ = self.tx.send(command);
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }
}
