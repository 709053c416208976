//! Keyboard and window input as commands: shortcuts (from [`Action`]'s table) in the order they were pressed,
//! the clipboard events the platform delivers for Ctrl+C / Ctrl+X / Ctrl+V (egui-winit sends `Event::Copy`, `Cut`
//! and `Paste`, not key presses), and dropped files. While a modal dialog is open none of it reaches the hall: the
//! dialog has the keyboard. While a text field has the keyboard, keys that edit text or the selection stay with
//! the field — decided by where the keyboard was when the keys were typed (the end of the last frame), since
//! egui lets a field go on Escape before the app sees the keys that came with it.

use std::path::PathBuf;

use egui::Event;

use super::actions::Action;
use super::app::DesignerApp;
use super::command::Command;

impl DesignerApp {
    /// Turns this frame's keys, clipboard events and dropped files into commands, in the order they came.
    pub(super) fn collect_input(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        if self.modal_open() {
            return;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            // A devicetype-library file adds a type; anything else is opened as a layout.
            let yaml =
                path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
            out.push(if yaml { Command::ImportType(path) } else { Command::Open(path) });
        }
        if ctx.input(|i| i.pointer.any_released() || i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Tab)) {
            out.push(Command::NextGesture);
        }
        self.keys_typed_with_escape(ctx);
        // Generate and Expand keep the keyboard too while open: keys typed for them (Ctrl+A, BackSpace, digits)
        // must not select, delete or recolour the hall behind them. Esc is theirs (it closes them) — but while a
        // job runs, Esc cancels the job, as its progress window says.
        let dialog_keys = self.dialogs.tool_dialog_open();
        if dialog_keys
            && self.work.job.is_some()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            out.push(Command::Action(Action::Escape));
        }
        let typing = self.window.typing || ctx.text_edit_focused() || dialog_keys;
        ctx.input_mut(|i| {
            // Every press counts, in order: quick typing puts several in one frame, and Ctrl+Z, Ctrl+Y, Ctrl+Z
            // is not Ctrl+Z, Ctrl+Z, Ctrl+Y.
            i.events.retain(|event| match command_of(event, typing) {
                Some(command) => {
                    out.push(command);
                    false
                }
                None => true,
            });
        });
    }
}

impl DesignerApp {
    /// egui lets a text field go on Escape before any widget sees the frame's keys, so a BackSpace typed just
    /// before it would be lost: the field keeps the keyboard for this frame's other keys and lets it go when the
    /// frame ends, as if the Escape came last.
    fn keys_typed_with_escape(&mut self, ctx: &egui::Context) {
        let Some(id) = self.window.typing_in else { return };
        let escape = |e: &Event| matches!(e, Event::Key { key: egui::Key::Escape, .. });
        let others =
            ctx.input(|i| i.events.iter().any(|e| !escape(e) && matches!(e, Event::Key { .. } | Event::Text(_))));
        if others && ctx.memory(|m| m.focused().is_none()) && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            ctx.memory_mut(|m| m.request_focus(id));
            ctx.input_mut(|i| i.events.retain(|e| !escape(e)));
            self.window.leave_field = Some(id);
        }
    }
}

/// The command an input event asks for (`typing`: a text field has the keyboard), if any.
fn command_of(event: &Event, typing: bool) -> Option<Command> {
    match event {
        // The platform's clipboard events belong to a text field when one has the keyboard.
        Event::Copy if !typing => Some(Command::Action(Action::Copy)),
        Event::Cut if !typing => Some(Command::Action(Action::Cut)),
        Event::Paste(text) if !typing => Some(Command::Paste(Some(text.clone()))),
        Event::Key { key, modifiers, pressed: true, .. } => {
            // Input tries actions in `ALL` order: no earlier action's shortcut takes a later one's press (a test
            // in `actions` checks it).
            let action = Action::ALL.into_iter().find(|a| {
                a.shortcuts().iter().any(|s| s.logical_key == *key && modifiers.matches_logically(s.modifiers))
            })?;
            (!(typing && stays_with_text_field(action))).then_some(Command::Action(action))
        }
        _ => None,
    }
}

/// Keys a text field with the keyboard keeps: plain keys (letters, digits, arrows, Delete, Backspace, Escape),
/// its own editing keys (undo, redo, cut, copy, paste, select all) and whatever would edit the selection behind
/// it (Ctrl+D, the bulk assignments). Save, Open, New and the like act as usual.
fn stays_with_text_field(action: Action) -> bool {
    action.is_plain_key()
        || action.edits_selection()
        || matches!(
            action,
            Action::Undo | Action::Redo | Action::Copy | Action::Cut | Action::Paste | Action::SelectAll
        )
}
