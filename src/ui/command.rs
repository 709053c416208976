//! Commands: what the canvas, panels, menus, keys and dialogs ask for. They never change the document or the
//! view state themselves; they push commands, and [`super::app::DesignerApp::run_commands`] applies them —
//! the one place that edits, records undo, marks the document dirty and checks that it can still be saved.

use std::path::PathBuf;

use super::actions::Action;
use super::dialogs::ExportChoice;
use super::view::{Prefs, Tool};
use crate::analysis::Failure;
use crate::analysis::assign::FeedSide;
use crate::export::ExportFormat;
use crate::model::edit::Edit;
use crate::model::{ItemId, Layout, Obstacle};

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterConfirm {
    /// Start an empty hall.
    New,
    /// Open a file (ask for one when `None`).
    Open(Option<PathBuf>),
    /// Close the window.
    Close,
}

/// What the user answered in the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmChoice {
    /// Save, then continue.
    Save,
    /// Discard the changes and continue.
    Discard,
    /// Go back.
    Cancel,
}

/// Why a file is being chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum FilePurpose {
    /// To open it.
    Open,
    /// To save to it, then do what the unsaved-changes prompt was for.
    Save(Option<AfterConfirm>),
    /// To open it read-only and compare the document with it.
    Compare,
    /// To export to it (the plan, the bill of materials or the report).
    Export(ExportFormat),
}

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
    /// Names: the prefix followed by a number, in position order.
    NamePrefix(String),
}

/// A request from the UI.
#[must_use]
#[derive(Clone, Debug)]
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
    /// Change the tool.
    SetTool(Tool),
    /// Compute the report under a failure.
    SetFailure(Failure),
    /// Change preferences (units, overlays, theme, tab…).
    SetPrefs(Box<Prefs>),
    /// Change the palette's search text.
    SetPaletteFilter(String),
    /// Paste: the platform's clipboard text when it delivered some, else the designer's own copy.
    Paste(Option<String>),
    /// Presentation: build the what-if hall for these settings and show it as B.
    SetWhatIf(crate::generate::what_if::WhatIf),
    /// Presentation: a step of the Colossus story (the first becomes the document, the others B).
    Story(crate::generate::what_if::ColossusStep),
    /// Presentation: make the scenario shown as B the document (undoable).
    KeepScenario,
    /// Close the welcome.
    CloseWelcome,
    /// Open this file (asking about unsaved changes first).
    Open(PathBuf),
    /// A file was chosen in a file dialog.
    FileChosen(FilePurpose, PathBuf),
    /// Replace the hall with a generated one (undoable).
    UseGenerated(Box<Layout>),
    /// The unsaved-changes prompt was answered.
    Confirmed(ConfirmChoice),
    /// The recovery prompt was answered: restore (true) or discard.
    Recover(bool),
    /// The error message was read.
    DismissError,
    /// Edit every selected item.
    Bulk(Bulk),
    /// Add an obstacle.
    AddObstacle(Obstacle),
    /// Close the generate dialog.
    CloseGenerate,
    /// Export this (the file is asked for next).
    ExportChosen(ExportChoice),
    /// Close the export dialog.
    CloseExport,
    /// Replace the layout with a grown one (Tools › Expand hall…), one undo step.
    UseExpanded(Box<Layout>),
    /// Close the expand dialog.
    CloseExpand,
    /// Set the status line.
    Status(String),
    /// Start a new inspector gesture (edits after this are a new undo step).
    NextGesture,
}
