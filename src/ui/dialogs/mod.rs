//! Dialogs. Each is a struct owning its state whose `show` draws it and returns what the user decided; the app
//! turns that into commands. Modal ones (unsaved changes, errors, recovery, the file dialog) take the keyboard:
//! nothing behind them reacts while they are open.

mod expand;
mod export;
mod file_dialog;
mod generate;
mod import_type;
pub(crate) mod preview;

pub use expand::{ExpandDialog, ExpandOutcome};
pub use export::{ExportChoice, ExportDialog, ExportOutcome};
pub use file_dialog::{FileDialogOutcome, InAppFileDialog};
pub use generate::{GenerateDialog, GenerateOutcome};
pub use import_type::{ImportTypeDialog, ImportTypeOutcome};

use egui::{Id, Modal, RichText};

use std::path::{Path, PathBuf};

use super::actions::Action;
use super::file_flow::purpose::{AfterConfirm, ConfirmChoice};
use super::recovery::RecoveryInfo;
use super::theme;

/// The unsaved-changes prompt and what follows it.
#[derive(Clone, Debug)]
pub struct UnsavedPrompt {
    /// What to do after saving or discarding.
    pub next: AfterConfirm,
    /// The design's name.
    pub name: String,
    /// The file Save writes (`None`: a new design, Save asks for a name first).
    pub file: Option<PathBuf>,
}

impl UnsavedPrompt {
    /// Draws the prompt; the user's answer once given (Esc or a click outside is Cancel).
    pub fn show(&self, ctx: &egui::Context) -> Option<ConfirmChoice> {
        let mut choice = None;
        let response = Modal::new(Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Unsaved changes");
            let what = match self.next {
                AfterConfirm::New => "starting a new hall",
                AfterConfirm::Open(_) => "opening another file",
                AfterConfirm::Close => "closing",
            };
            ui.label(format!("Save the changes to “{}” before {what}?", self.name));
            let (where_to, save_tip) = match &self.file {
                Some(path) => {
                    (format!("Save writes {}.", path.display()), format!("Write {}, then continue", path.display()))
                }
                None => (
                    "It has never been saved: Save asks for a file name first.".to_owned(),
                    "Choose a file name and save, then continue".to_owned(),
                ),
            };
            ui.label(RichText::new(where_to).weak());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(if self.file.is_some() { "Save" } else { "Save as…" }).on_hover_text(save_tip).clicked()
                {
                    choice = Some(ConfirmChoice::Save);
                }
                if ui.button("Don't save").on_hover_text("Discard the changes and continue").clicked() {
                    choice = Some(ConfirmChoice::Discard);
                }
                if ui.button("Cancel").on_hover_text("Go back to the hall (Esc)").clicked() {
                    choice = Some(ConfirmChoice::Cancel);
                }
            });
        });
        if response.should_close() && choice.is_none() {
            choice = Some(ConfirmChoice::Cancel);
        }
        choice
    }
}

/// A message the user must read: what went wrong and what to do.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorMessage {
    /// Heading.
    pub title: String,
    /// The message.
    pub text: String,
}

impl ErrorMessage {
    /// Draws the message; true once dismissed (OK, Enter, Esc or a click outside).
    pub fn show(&self, ctx: &egui::Context) -> bool {
        let response = Modal::new(Id::unique("error")).show(ctx, |ui| {
            ui.set_max_width(600.0);
            ui.heading(RichText::new(&self.title).color(theme::ERROR));
            ui.add(egui::Label::new(&self.text).wrap());
            ui.add_space(8.0);
            let ok = ui.button("OK").on_hover_text("Close this message (Enter)");
            ok.request_focus();
            ok.clicked()
        });
        response.inner || response.should_close()
    }
}

/// The offer to restore unsaved work that designers closed without saving left behind, newest first.
#[derive(Clone, Debug)]
pub struct RecoveryPrompt {
    /// What each copy is of, newest first.
    pub copies: Vec<RecoveryInfo>,
}

impl RecoveryPrompt {
    /// Draws the offer; `Some(Some(n))` to restore copy `n`, `Some(None)` to discard them all.
    pub fn show(&self, ctx: &egui::Context) -> Option<Option<usize>> {
        let mut choice = None;
        Modal::new(Id::unique("recovery")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading("Restore unsaved work?");
            let n = self.copies.len();
            ui.label(if n == 1 {
                "clusterplan closed without saving this work; a copy was kept:".to_owned()
            } else {
                format!("clusterplan closed without saving {n} designs; a copy of each was kept (newest first):")
            });
            ui.add_space(4.0);
            egui::Grid::new("recovery-copies").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                for (k, info) in self.copies.iter().enumerate() {
                    let file =
                        info.original_path.as_ref().map_or("never saved".to_owned(), |p| p.display().to_string());
                    ui.label(format!("“{}” ({file}), {}", info.name, info.age_text()));
                    if ui.button("Restore").on_hover_text("Open this copy as unsaved work").clicked() {
                        choice = Some(Some(k));
                    }
                    ui.end_row();
                }
            });
            ui.add_space(8.0);
            let (label, tip) = if n == 1 {
                ("Discard", "Delete the copy and keep the current hall")
            } else {
                ("Discard all", "Delete every copy and keep the current hall")
            };
            if ui.button(label).on_hover_text(tip).clicked() {
                choice = Some(None);
            }
            if n > 1 {
                ui.label(RichText::new("The copies you do not restore are offered again at the next start.").weak());
            }
        });
        choice
    }
}

/// Asks whether a scenario built while a compared file is B may take the file's place. `Some(true)` to show the
/// scenario as B, `Some(false)` to keep comparing with the file (Esc or a click outside).
pub fn replace_b_ui(ctx: &egui::Context, scenario: &str, file: &Path) -> Option<bool> {
    let mut choice = None;
    let response = Modal::new(Id::unique("replace-b")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Replace the compared file?");
        ui.label(format!(
            "B is {}, opened with Compare with…. The scenario “{scenario}” is built: show it as B instead?",
            file.display()
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Show the scenario").on_hover_text("B becomes the scenario; the file is closed").clicked() {
                choice = Some(true);
            }
            if ui.button("Keep the file").on_hover_text("Keep comparing with the file (Esc)").clicked() {
                choice = Some(false);
            }
        });
    });
    if response.should_close() && choice.is_none() {
        choice = Some(false);
    }
    choice
}

/// The list of keyboard shortcuts; false once closed.
pub fn shortcuts_ui(ctx: &egui::Context) -> bool {
    let mut open = true;
    let centre = ctx.content_rect().center();
    let window =
        egui::Window::new("Keyboard shortcuts").open(&mut open).pivot(egui::Align2::CENTER_CENTER).default_pos(centre);
    window.show(ctx, |ui| {
        egui::ScrollArea::vertical().max_height(560.0).show(ui, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                // In the order of the menus.
                let mut actions = Action::ALL;
                actions.sort_by_key(|a| a.menu_order());
                for a in actions {
                    let keys: Vec<String> = a.shortcuts().iter().map(|s| ctx.format_shortcut(s)).collect();
                    ui.label(keys.join(", "));
                    ui.label(a.label()).on_hover_text(a.tooltip());
                    ui.end_row();
                }
                for (keys, what) in [
                    ("Wheel / pinch", "Zoom at the cursor"),
                    ("Middle or right drag, Space + drag", "Pan"),
                    ("Shift + click", "Add to / remove from the selection"),
                    ("Drag on empty floor", "Box select"),
                    ("Esc during a drag", "Cancel the drag: everything goes back"),
                ] {
                    ui.label(keys);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
    });
    open
}

/// What the welcome asked for (each closes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WelcomeOutcome {
    /// Just close it.
    Close,
    /// Open Tools › Generate hall.
    Generate,
    /// Present the Colossus story from its first hall.
    PresentStory,
}

/// The welcome (first run, and Help › Getting started): what clusterplan is, the halls to start from, where the
/// legend and figures are. Its outcome once closed (its buttons, its close box, Esc or a click anywhere else).
pub fn welcome_ui(ctx: &egui::Context, legend_shown: bool) -> Option<WelcomeOutcome> {
    let mut open = true;
    let mut outcome = None;
    let centre = ctx.content_rect().center();
    let shown = egui::Window::new("Welcome to clusterplan")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(centre)
        .show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.label(
                "clusterplan designs AI GPU-cluster data halls. Lay out GPU racks, floor PDUs, network racks and \
                 cooling on the floor grid; the figures update as you drag: GPUs, PFLOPS and memory, IT and facility \
                 power, every PDU's load on failover, cooling, the fabric and every cable's routed length and part.",
            );
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Start from").strong());
            for p in crate::generate::PRESETS {
                ui.label(format!("• {}: {}", p.name, p.description));
            }
            ui.label("Tools › Generate hall… (Ctrl+G) builds any of them at any size, up to 1,000,000 GPUs.");
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Where things are").strong());
            ui.label(format!(
                "• The legend sits in the floor's top-right corner (L shows or hides it; it is {} now).",
                if legend_shown { "shown" } else { "hidden" }
            ));
            ui.label("• The figures run along the bottom; the right panel holds the full report, the inspector and Compare.");
            ui.label("• View › Present (F11) fills the screen with the hall, big figures, what-if sliders and the Colossus story.");
            ui.label("• F1 lists every shortcut; Help › Getting started shows this again.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Start designing").on_hover_text("Close this and work on the hall shown").clicked() {
                    outcome = Some(WelcomeOutcome::Close);
                }
                if ui.button("Generate a hall…").on_hover_text("Build a complete hall from a preset").clicked() {
                    outcome = Some(WelcomeOutcome::Generate);
                }
                if ui.button("Present the Colossus story").on_hover_text("Presentation mode on Colossus, 100,000 H100").clicked() {
                    outcome = Some(WelcomeOutcome::PresentStory);
                }
            });
        });
    // A click anywhere else, or Esc, gets on with the work.
    let elsewhere = shown.is_some_and(|s| s.response.clicked_elsewhere());
    if outcome.is_none() && (!open || elsewhere || ctx.input(|i| i.key_pressed(egui::Key::Escape))) {
        outcome = Some(WelcomeOutcome::Close);
    }
    outcome
}

/// True when a Return pressed this frame is the dialog's: the text field that had the keyboard when it was
/// pressed (`keyboard_was_in`, at the end of the last frame) is one of the dialog's own — or no field had it and
/// the dialog is the topmost window. A Return that ends typing in the catalog search or an Inspector field is
/// that field's, never the dialog's.
pub fn return_is_for(ui: &egui::Ui, keyboard_was_in: Option<egui::Id>) -> bool {
    if !ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        return false;
    }
    match keyboard_was_in {
        Some(id) => ui.ctx().read_response(id).is_some_and(|r| r.layer_id == ui.layer_id()),
        None => ui.ctx().top_layer_id() == Some(ui.layer_id()),
    }
}
