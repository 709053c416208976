//! Every user-visible action, with the label, tooltip and shortcut menus, buttons and keys all use.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Start an empty hall.
    New,
    /// Open a layout file.
    Open,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Open a second layout read-only to compare with.
    CompareWith,
    /// Show the compared layout (B) on the canvas, or the document (A) again.
    FlipCompare,
    /// Close the comparison.
    CloseCompare,
    /// Export the plan, the bill of materials or the report.
    Export,
    /// Write the bill of materials as CSV.
    ExportBom,
    /// Add a device type from a NetBox devicetype-library file to the design's catalog.
    ImportDeviceType,
    /// Close the window.
    Quit,
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Delete the selection.
    Delete,
    /// Duplicate the selection beside itself.
    Duplicate,
    /// Copy the selection.
    Copy,
    /// Copy the selection and delete it.
    Cut,
    /// Paste at the cursor.
    Paste,
    /// Rotate the selection 90°.
    Rotate,
    /// Select every item.
    SelectAll,
    /// Clear the selection and cancel the tool.
    Escape,
    /// Nudge the selection one tile left.
    NudgeLeft,
    /// Nudge the selection one tile right.
    NudgeRight,
    /// Nudge the selection one tile up.
    NudgeUp,
    /// Nudge the selection one tile down.
    NudgeDown,
    /// Nudge the selection ten tiles left.
    NudgeLeftFar,
    /// Nudge the selection ten tiles right.
    NudgeRightFar,
    /// Nudge the selection ten tiles up.
    NudgeUpFar,
    /// Nudge the selection ten tiles down.
    NudgeDownFar,
    /// Fit the hall in view.
    ZoomToFit,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// The select / move tool.
    ToolSelect,
    /// The array tool: drag a rectangle to fill it with rows of racks.
    ToolArray,
    /// The obstacle tool: drag a rectangle to add a column, wall or no-go zone.
    ToolObstacle,
    /// Give every selected rack the nearest PDUs with room on feeds A and B.
    AssignFeeds,
    /// Give every selected liquid-cooled rack the nearest CDU with room.
    AssignCooling,
    /// Show or hide the legend.
    ToggleLegend,
    /// Power-feed overlay.
    OverlayFeeds,
    /// Fabric overlay.
    OverlayFabric,
    /// Heat overlay.
    OverlayHeat,
    /// Floor-load overlay.
    OverlayFloor,
    /// Generate a hall from a preset.
    GenerateHall,
    /// Grow the hall by more GPUs of a rack type.
    ExpandHall,
    /// Presentation mode: the hall and big figures fill the window.
    Present,
    /// Switch dark / light theme.
    ToggleTheme,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show the welcome: what clusterplan is, the presets, where things are.
    GettingStarted,
    /// Show the hall as it stands at the phase before the one shown.
    PreviousPhase,
    /// Show the hall as it stands at the next phase.
    NextPhase,
    /// Play the phases one after another, or pause.
    PlayPhases,
}

/// A `&'static` slice of shortcuts built by the const helpers below.
macro_rules! keys {
    ($($shortcut:expr),*) => {{
        const KEYS: &[KeyboardShortcut] = &[$($shortcut),*];
        KEYS
    }};
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}
const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}
const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}
const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

impl Action {
    /// All actions, most specific shortcut first (Ctrl+Shift+S before Ctrl+S: egui matches extra Shift).
    pub const ALL: [Action; 51] = [
        Action::SaveAs,
        Action::ExportBom,
        Action::ImportDeviceType,
        Action::CompareWith,
        Action::CloseCompare,
        Action::Export,
        Action::Redo,
        Action::New,
        Action::Open,
        Action::Save,
        Action::Quit,
        Action::Undo,
        Action::Delete,
        Action::Duplicate,
        Action::AssignFeeds,
        Action::AssignCooling,
        Action::Copy,
        Action::Cut,
        Action::Paste,
        Action::Rotate,
        Action::SelectAll,
        Action::Escape,
        Action::NudgeLeftFar,
        Action::NudgeRightFar,
        Action::NudgeUpFar,
        Action::NudgeDownFar,
        Action::NudgeLeft,
        Action::NudgeRight,
        Action::NudgeUp,
        Action::NudgeDown,
        Action::ZoomToFit,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::ToolSelect,
        Action::ToolArray,
        Action::ToolObstacle,
        Action::ToggleLegend,
        Action::FlipCompare,
        Action::Present,
        Action::OverlayFeeds,
        Action::OverlayFabric,
        Action::OverlayHeat,
        Action::OverlayFloor,
        Action::ExpandHall,
        Action::GenerateHall,
        Action::ToggleTheme,
        Action::GettingStarted,
        Action::ShowShortcuts,
        Action::PreviousPhase,
        Action::NextPhase,
        Action::PlayPhases,
    ];

    /// Menu and button label.
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "New hall",
            Action::Open => "Open…",
            Action::Save => "Save",
            Action::SaveAs => "Save as…",
            Action::Export => "Export…",
            Action::CompareWith => "Compare with…",
            Action::FlipCompare => "Show A / B",
            Action::CloseCompare => "Close comparison",
            Action::ExportBom => "Export bill of materials…",
            Action::ImportDeviceType => "Import device type…",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Delete => "Delete",
            Action::Duplicate => "Duplicate",
            Action::Copy => "Copy",
            Action::Cut => "Cut",
            Action::Paste => "Paste",
            Action::Rotate => "Rotate 90°",
            Action::SelectAll => "Select all",
            Action::Escape => "Cancel / deselect",
            Action::NudgeLeft => "Nudge left",
            Action::NudgeRight => "Nudge right",
            Action::NudgeUp => "Nudge up",
            Action::NudgeDown => "Nudge down",
            Action::NudgeLeftFar => "Nudge left 10 tiles",
            Action::NudgeRightFar => "Nudge right 10 tiles",
            Action::NudgeUpFar => "Nudge up 10 tiles",
            Action::NudgeDownFar => "Nudge down 10 tiles",
            Action::ZoomToFit => "Zoom to fit",
            Action::ZoomIn => "Zoom in",
            Action::ZoomOut => "Zoom out",
            Action::ToolSelect => "Select tool",
            Action::ToolArray => "Array tool",
            Action::ToolObstacle => "Obstacle tool",
            Action::AssignFeeds => "Assign power feeds",
            Action::AssignCooling => "Assign cooling",
            Action::ToggleLegend => "Legend",
            Action::OverlayFeeds => "Power feeds",
            Action::OverlayFabric => "Fabric",
            Action::OverlayHeat => "Heat",
            Action::OverlayFloor => "Floor load",
            Action::GenerateHall => "Generate hall…",
            Action::ExpandHall => "Expand hall…",
            Action::Present => "Present",
            Action::ToggleTheme => "Dark theme",
            Action::ShowShortcuts => "Keyboard shortcuts",
            Action::GettingStarted => "Getting started",
            Action::PreviousPhase => "Previous phase",
            Action::NextPhase => "Next phase",
            Action::PlayPhases => "Play phases",
        }
    }

    /// Tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Action::New => "Start an empty hall (asks to save unsaved changes)",
            Action::Open => "Open a layout file (.ron)",
            Action::Save => "Save the layout to its file",
            Action::SaveAs => "Save the layout to a new file",
            Action::ImportDeviceType => {
                "Add a device type from a NetBox devicetype-library file (.yaml) to this design's catalog: its maker, \
                 model, part number, U and weight from the file, its draw and capacity from a matching type or as \
                 you give them (dropping a .yaml on the window does the same)"
            }
            Action::CompareWith => {
                "Open a second layout read-only and set its figures beside this hall's (the Compare tab); B shows it \
                 on the canvas"
            }
            Action::FlipCompare => {
                "Show the compared layout (B) on the canvas at the same place, or this hall (A) again"
            }
            Action::CloseCompare => "Close the layout compared with",
            Action::Export => {
                "Export the plan (PDF, PNG or SVG, with the overlay you choose), the bill of materials (CSV) or the \
                 report (JSON), as `clusterplan export` writes them"
            }
            Action::ExportBom => {
                "Write the bill of materials as CSV: every type, switch and part with quantity and list price, as \
                 `clusterplan bom` prints it"
            }
            Action::Quit => "Close clusterplan (asks to save unsaved changes)",
            Action::Undo => "Undo the last step",
            Action::Redo => "Redo the last undone step",
            Action::Delete => "Delete the selected items and clear feeds that point at them",
            Action::Duplicate => "Copy the selection and place the copy beside it",
            Action::Copy => "Copy the selected items (and the units mounted in them)",
            Action::Cut => "Copy the selected items and delete them",
            Action::Paste => "Paste copied items at the cursor",
            Action::Rotate => "Turn the selection 90° clockwise as one group (mounted units turn with their racks)",
            Action::SelectAll => "Select every item in the hall",
            Action::Escape => {
                "Cancel the running job or the drag in progress; else close the open dialog (Generate, Expand, the \
                 shortcuts) or leave presentation; else return to the select tool; else clear the selection"
            }
            Action::NudgeLeft | Action::NudgeRight | Action::NudgeUp | Action::NudgeDown => {
                "Move the selection one floor tile"
            }
            Action::NudgeLeftFar | Action::NudgeRightFar | Action::NudgeUpFar | Action::NudgeDownFar => {
                "Move the selection ten floor tiles"
            }
            Action::ZoomToFit => "Fit the whole hall in the view",
            Action::ZoomIn => "Zoom in at the centre of the view",
            Action::ZoomOut => "Zoom out from the centre of the view",
            Action::ToolSelect => "Click, shift-click or drag a box to select; drag selected items to move them",
            Action::ToolArray => {
                "Drag a rectangle to fill it with rows of the chosen GPU rack type, with aisles between rows"
            }
            Action::ToolObstacle => "Drag a rectangle to add a column, wall or no-go zone; click one to select it",
            Action::AssignFeeds => {
                "Give each selected rack the nearest PDUs with room on feed A and on feed B, keeping the sides apart"
            }
            Action::AssignCooling => "Give each selected liquid-cooled rack the nearest CDU with room for its heat",
            Action::ToggleLegend => "Show or hide the legend of colours over the floor",
            Action::OverlayFeeds => "Show rack-to-PDU feed lines and colour PDUs by load",
            Action::OverlayFabric => "Show cable trays and rack-to-leaf-to-spine links",
            Action::OverlayHeat => "Colour racks by the heat they give off, typical (kW); turns floor load off",
            Action::OverlayFloor => {
                "Colour items by their load per foot against the floor's concentrated (point) rating; turns heat off"
            }
            Action::GenerateHall => "Build a complete hall from a preset (Colossus, SuperPOD, NVL72…)",
            Action::Present => {
                "Fill the window with the hall and big figures (GPUs, EFLOPS, memory, power, cooling, cables, cost) \
                 for a projector; F11 or Esc to leave"
            }
            Action::ExpandHall => {
                "Add GPUs of a rack type in new arrays beside the hall's, with PDUs, cooling and switches, wired into \
                 the re-planned fabric; every existing item keeps its place (one undo step)"
            }
            Action::ToggleTheme => "Switch between dark and light colours",
            Action::ShowShortcuts => "List every keyboard shortcut",
            Action::GettingStarted => {
                "What clusterplan is, the halls to start from and where the legend and figures are"
            }
            Action::PreviousPhase => {
                "Show the hall as it stands at the phase before (from the whole hall: the last phase); later \
                 equipment drawn as outlines, the totals that day's"
            }
            Action::NextPhase => "Show the hall as it stands at the next phase (after the last: the whole hall)",
            Action::PlayPhases => {
                "Play the build: each phase in turn, racks lighting up against the supply, every 2 seconds; again \
                 to pause"
            }
        }
    }

    /// Keyboard shortcuts (the first is shown in menus).
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Action::New => keys!(cmd(Key::N)),
            Action::Open => keys!(cmd(Key::O)),
            Action::Save => keys!(cmd(Key::S)),
            Action::SaveAs => keys!(cmd_shift(Key::S)),
            Action::Export => keys!(cmd(Key::E)),
            Action::CompareWith => keys!(cmd_shift(Key::O)),
            Action::FlipCompare => keys!(plain(Key::B)),
            Action::CloseCompare => keys!(cmd_shift(Key::W)),
            Action::ExportBom => keys!(cmd_shift(Key::B)),
            Action::ImportDeviceType => keys!(cmd_shift(Key::I)),
            Action::Quit => keys!(cmd(Key::Q)),
            Action::Undo => keys!(cmd(Key::Z)),
            Action::Redo => keys!(cmd_shift(Key::Z), cmd(Key::Y)),
            Action::Delete => keys!(plain(Key::Delete), plain(Key::Backspace)),
            Action::Duplicate => keys!(cmd(Key::D)),
            Action::Copy => keys!(cmd(Key::C)),
            Action::Cut => keys!(cmd(Key::X)),
            Action::Paste => keys!(cmd(Key::V)),
            Action::Rotate => keys!(plain(Key::R)),
            Action::SelectAll => keys!(cmd(Key::A)),
            Action::Escape => keys!(plain(Key::Escape)),
            Action::NudgeLeft => keys!(plain(Key::ArrowLeft)),
            Action::NudgeRight => keys!(plain(Key::ArrowRight)),
            Action::NudgeUp => keys!(plain(Key::ArrowUp)),
            Action::NudgeDown => keys!(plain(Key::ArrowDown)),
            Action::NudgeLeftFar => keys!(shift(Key::ArrowLeft)),
            Action::NudgeRightFar => keys!(shift(Key::ArrowRight)),
            Action::NudgeUpFar => keys!(shift(Key::ArrowUp)),
            Action::NudgeDownFar => keys!(shift(Key::ArrowDown)),
            Action::ZoomToFit => keys!(plain(Key::F)),
            Action::ZoomIn => keys!(plain(Key::Plus), plain(Key::Equals)),
            Action::ZoomOut => keys!(plain(Key::Minus)),
            Action::ToolSelect => keys!(plain(Key::V)),
            Action::ToolArray => keys!(plain(Key::A)),
            Action::ToolObstacle => keys!(plain(Key::O)),
            Action::AssignFeeds => keys!(cmd_shift(Key::F)),
            Action::AssignCooling => keys!(cmd_shift(Key::K)),
            Action::ToggleLegend => keys!(plain(Key::L)),
            Action::OverlayFeeds => keys!(plain(Key::Num1)),
            Action::OverlayFabric => keys!(plain(Key::Num2)),
            Action::OverlayHeat => keys!(plain(Key::Num3)),
            Action::OverlayFloor => keys!(plain(Key::Num4)),
            Action::GenerateHall => keys!(cmd(Key::G)),
            Action::ExpandHall => keys!(cmd_shift(Key::G)),
            Action::Present => keys!(plain(Key::F11)),
            Action::ToggleTheme => keys!(cmd_shift(Key::T)),
            Action::ShowShortcuts => keys!(plain(Key::F1)),
            Action::GettingStarted => keys!(shift(Key::F1)),
            Action::PreviousPhase => keys!(plain(Key::OpenBracket)),
            Action::NextPhase => keys!(plain(Key::CloseBracket)),
            Action::PlayPhases => keys!(plain(Key::P)),
        }
    }

    /// Where the action sits in the menus (File, Edit, View, Tools, Help), for listing shortcuts in that order.
    pub fn menu_order(self) -> usize {
        const ORDER: [Action; 51] = [
            Action::New,
            Action::Open,
            Action::Save,
            Action::SaveAs,
            Action::CompareWith,
            Action::CloseCompare,
            Action::Export,
            Action::ExportBom,
            Action::ImportDeviceType,
            Action::Quit,
            Action::Undo,
            Action::Redo,
            Action::Cut,
            Action::Copy,
            Action::Paste,
            Action::Duplicate,
            Action::Delete,
            Action::Rotate,
            Action::SelectAll,
            Action::Escape,
            Action::NudgeLeft,
            Action::NudgeRight,
            Action::NudgeUp,
            Action::NudgeDown,
            Action::NudgeLeftFar,
            Action::NudgeRightFar,
            Action::NudgeUpFar,
            Action::NudgeDownFar,
            Action::AssignFeeds,
            Action::AssignCooling,
            Action::ZoomToFit,
            Action::ZoomIn,
            Action::ZoomOut,
            Action::OverlayFeeds,
            Action::OverlayFabric,
            Action::OverlayHeat,
            Action::OverlayFloor,
            Action::FlipCompare,
            Action::Present,
            Action::PreviousPhase,
            Action::NextPhase,
            Action::PlayPhases,
            Action::ToggleLegend,
            Action::ToggleTheme,
            Action::ToolSelect,
            Action::ToolArray,
            Action::ToolObstacle,
            Action::GenerateHall,
            Action::ExpandHall,
            Action::ShowShortcuts,
            Action::GettingStarted,
        ];
        ORDER.iter().position(|a| *a == self).unwrap_or(ORDER.len())
    }

    /// True for actions that edit the selected items (they need a selection, and build their edit from the
    /// layout as it stands).
    pub fn edits_selection(self) -> bool {
        matches!(
            self,
            Action::Delete
                | Action::Duplicate
                | Action::Cut
                | Action::Rotate
                | Action::AssignFeeds
                | Action::AssignCooling
                | Action::NudgeLeft
                | Action::NudgeRight
                | Action::NudgeUp
                | Action::NudgeDown
                | Action::NudgeLeftFar
                | Action::NudgeRightFar
                | Action::NudgeUpFar
                | Action::NudgeDownFar
        )
    }

    /// True when the shortcut uses no Ctrl/Cmd and so must not fire while a text field has focus.
    pub fn is_plain_key(self) -> bool {
        self.shortcuts().first().is_some_and(|s| !s.modifiers.command && !s.modifiers.ctrl)
    }

    /// The first shortcut as text for menus and tooltips.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_label_tooltip_shortcut_and_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a), "{a:?} twice");
            assert!(!a.label().is_empty() && !a.tooltip().is_empty(), "{a:?}");
            assert!(!a.shortcuts().is_empty(), "{a:?}");
        }
        // No two actions share a shortcut.
        let mut keys = std::collections::HashSet::new();
        for a in Action::ALL {
            for s in a.shortcuts() {
                assert!(keys.insert((s.modifiers.command, s.modifiers.shift, s.logical_key)), "{a:?} reuses {s:?}");
            }
        }
        // Input tries actions in `ALL` order and egui matches a press with extra Shift or Alt too, so no earlier
        // action's shortcut may take a press meant for a later one (Shift+F1 is not F1, Ctrl+Shift+S not Ctrl+S).
        for (i, later) in Action::ALL.iter().enumerate() {
            for earlier in &Action::ALL[..i] {
                for s in later.shortcuts() {
                    for t in earlier.shortcuts() {
                        assert!(
                            !(s.logical_key == t.logical_key && s.modifiers.matches_logically(t.modifiers)),
                            "{earlier:?} ({t:?}) would take the press of {later:?} ({s:?})"
                        );
                    }
                }
            }
        }
    }
}
