//! Keyboard and window input as commands: shortcuts (from [`Action`]'s table), the clipboard events the
//! platform delivers for Ctrl+C / Ctrl+X / Ctrl+V (egui-winit sends `Event::Copy`, `Cut` and `Paste`, not key
//! presses), dropped files and the window's close button. While a modal dialog is open none of it reaches the
//! hall: the dialog has the keyboard.

use std::path::PathBuf;

use egui::{Event, ViewportCommand};

use super::actions::Action;
use super::app::DesignerApp;
use super::command::{AfterConfirm, Command};
use super::dialogs::UnsavedPrompt;

impl DesignerApp {
    /// Turns this frame's keys, clipboard events, dropped files and close request into commands.
    pub(super) fn collect_input(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        // A job writing or reading a file finishes (or is cancelled) before the window may close.
        if ctx.input(|i| i.viewport().close_requested())
            && let Some(job) = &self.job
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.session.status = format!("Not closed: {} is running — wait for it or Cancel it (Esc)", job.title);
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            if self.unsaved_prompt.is_none() {
                self.unsaved_prompt =
                    Some(UnsavedPrompt { next: AfterConfirm::Close, name: self.doc.display_name().to_owned() });
            }
        }
        if self.modal_open() {
            return;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            out.push(Command::Open(path));
        }
        if ctx.input(|i| i.pointer.any_released() || i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Tab)) {
            out.push(Command::NextGesture);
        }
        let typing = ctx.text_edit_focused();
        // The platform's clipboard events belong to a text field when one has the keyboard.
        if !typing {
            let clipboard: Vec<Command> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Copy => Some(Command::Action(Action::Copy)),
                        Event::Cut => Some(Command::Action(Action::Cut)),
                        Event::Paste(text) => Some(Command::Paste(Some(text.clone()))),
                        _ => None,
                    })
                    .collect()
            });
            out.extend(clipboard);
        }
        ctx.input_mut(|i| {
            for action in Action::ALL {
                // While typing, keys that edit text stay with the text field.
                if typing
                    && (action.is_plain_key()
                        || matches!(
                            action,
                            Action::Undo
                                | Action::Redo
                                | Action::Copy
                                | Action::Cut
                                | Action::Paste
                                | Action::SelectAll
                        ))
                {
                    continue;
                }
                // Every press counts: quick typing can put several in one frame (`consume_shortcut` would take
                // them all and count one).
                for s in action.shortcuts() {
                    for _ in 0..i.count_and_consume_key(s.modifiers, s.logical_key) {
                        out.push(Command::Action(action));
                    }
                }
            }
        });
    }
}
