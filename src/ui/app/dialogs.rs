//! The dialogs the frame draws, and their outcomes as commands: the recovery offer, the unsaved-changes prompt,
//! the file dialog, errors, Generate, Expand, Export, the welcome, the shortcuts, the question whether a scenario
//! may replace a compared file, and the running job's progress.

use super::DesignerApp;
use crate::generate::what_if::ColossusStep;
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::dialogs::{
    ExpandOutcome, ExportOutcome, FileDialogOutcome, GenerateOutcome, WelcomeOutcome, replace_b_ui, shortcuts_ui,
    welcome_ui,
};
use crate::ui::jobs::progress_ui;
use crate::ui::scenario::StoryBasis;

impl DesignerApp {
    /// Draws whichever dialogs are open; their outcomes become commands.
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        self.modal_dialogs_ui(ctx, out);
        let keyboard_was_in = self.window.typing_in;
        let d = &mut self.dialogs;
        if let Some(dialog) = &mut d.expand {
            dialog.track(self.doc.key(), self.doc.layout(), self.caches.report.report());
            dialog.units = self.prefs.units;
            match dialog.show(ctx, keyboard_was_in) {
                Some(ExpandOutcome::Apply(layout, from)) => out.push(Command::UseExpanded(layout, from)),
                Some(ExpandOutcome::Close) => out.push(Command::CloseExpand),
                None => {}
            }
        }
        if let Some(dialog) = &mut d.export {
            match dialog.show(ctx) {
                Some(ExportOutcome::Export(choice)) => out.push(Command::ExportChosen(choice)),
                Some(ExportOutcome::Close) => out.push(Command::CloseExport),
                None => {}
            }
        }
        if let Some(dialog) = &mut d.import_type {
            match dialog.show(ctx, &self.doc.layout().catalog) {
                Some(super::super::dialogs::ImportTypeOutcome::Add(ty, notes)) => {
                    out.push(Command::ImportTypeDecided(Some((ty, notes))));
                }
                Some(super::super::dialogs::ImportTypeOutcome::Close) => out.push(Command::ImportTypeDecided(None)),
                None => {}
            }
        }
        if let Some(dialog) = &mut d.generate {
            dialog.units = self.prefs.units;
            match dialog.show(ctx, keyboard_was_in) {
                Some(GenerateOutcome::Create(layout)) => out.push(Command::UseGenerated(layout)),
                Some(GenerateOutcome::Close) => out.push(Command::CloseGenerate),
                None => {}
            }
        }
        if d.show_welcome
            && let Some(outcome) = welcome_ui(ctx, self.prefs.legend)
        {
            out.push(Command::CloseWelcome);
            match outcome {
                WelcomeOutcome::Close => {}
                WelcomeOutcome::Generate => out.push(Command::Action(Action::GenerateHall)),
                WelcomeOutcome::PresentStory => {
                    out.push(Command::Action(Action::Present));
                    out.push(Command::Story(ColossusStep::H100k, StoryBasis::Fresh));
                }
            }
        }
        if d.show_shortcuts && !shortcuts_ui(ctx) {
            out.push(Command::ToggleShortcuts);
        }
    }

    /// The dialogs that take the keyboard: recovery, unsaved changes, the file dialog, an error, and whether a
    /// scenario may take a compared file's place as B.
    fn modal_dialogs_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let d = &mut self.dialogs;
        if let Some(prompt) = &d.recovery_offer
            && let Some(choice) = prompt.show(ctx)
        {
            out.push(Command::Recover(choice));
        }
        if let Some(prompt) = &d.unsaved_prompt
            && let Some(choice) = prompt.show(ctx)
        {
            out.push(Command::Confirmed(choice));
        }
        if let Some(dialog) = &mut d.file_dialog
            && let Some(outcome) = dialog.show(ctx)
        {
            // Closed first: what the chosen file leads to may open the dialog again (Save, then Open).
            out.push(Command::CloseFileDialog);
            if let FileDialogOutcome::Chosen(purpose, path) = outcome {
                out.push(Command::FileChosen(purpose, path));
            }
        }
        if let Some(message) = &d.error
            && message.show(ctx)
        {
            out.push(Command::DismissError);
        }
        if let (Some(waiting), Some(file)) = (&self.present.waiting, self.present.b.as_ref().and_then(|b| b.file()))
            && let Some(replace) = replace_b_ui(ctx, &waiting.name(), file)
        {
            out.push(Command::ReplaceComparedFile(replace));
        }
    }

    /// The running job's progress window (a job done at once has none); Cancel asks it to stop.
    pub(super) fn job_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        if let Some(job) = self.work.job.as_ref().filter(|j| j.background)
            && progress_ui(ctx, job)
        {
            out.push(Command::Action(Action::Escape));
        }
    }
}
