//! Dialogs: unsaved changes, errors, the hall generator with a preview, the shortcut list.

use egui::{Id, Modal, RichText};

use super::actions::Action;
use super::app::{AfterConfirm, DesignerApp};
use super::format::{count, power};
use super::theme;
use crate::analysis::{Report, analyse};
use crate::generate::{PRESETS, generate, preset_params};
use crate::model::Layout;

/// The unsaved-changes prompt and what follows it.
#[derive(Clone, Debug)]
pub struct Confirm {
    /// What to do after saving or discarding.
    pub next: AfterConfirm,
}

impl Confirm {
    /// A prompt before `next`.
    pub fn new(next: AfterConfirm) -> Self {
        Self { next }
    }
}

/// The parameters a preview was built for.
type PreviewKey = (String, bool, u64, u32);
/// A previewed hall and its report, or why it could not be built.
type Preview = Result<(Layout, Report), String>;

/// The generate dialog's state.
pub struct GenerateDialog {
    /// Preset name.
    pub preset: String,
    /// Size by GPUs (true) or scalable units.
    pub by_gpus: bool,
    /// GPUs.
    pub gpus: u64,
    /// Scalable units.
    pub su: u32,
    /// The last preview: parameters it was built for, and the hall or the error.
    preview: Option<(PreviewKey, Preview)>,
}

impl Default for GenerateDialog {
    fn default() -> Self {
        Self { preset: "colossus".into(), by_gpus: true, gpus: 100_000, su: 4, preview: None }
    }
}

impl GenerateDialog {
    fn key(&self) -> PreviewKey {
        (self.preset.clone(), self.by_gpus, self.gpus, self.su)
    }

    /// Builds the preview when the parameters changed.
    pub fn refresh(&mut self) {
        let key = self.key();
        if self.preview.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let (gpus, su) = if self.by_gpus { (Some(self.gpus), None) } else { (None, Some(self.su)) };
        let built = preset_params(&self.preset, gpus, su).and_then(|p| generate(&p)).map_err(|e| e.to_string());
        self.preview = Some((
            key,
            built.map(|l| {
                let r = analyse(&l);
                (l, r)
            }),
        ));
    }

    /// The previewed hall, if it built.
    pub fn built(&self) -> Option<&Layout> {
        self.preview.as_ref().and_then(|(_, r)| r.as_ref().ok()).map(|(l, _)| l)
    }
}

impl DesignerApp {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        self.recovery_ui(ctx);
        self.confirm_ui(ctx);
        self.error_ui(ctx);
        self.generate_ui(ctx);
        self.shortcuts_ui(ctx);
    }

    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(info) = self.recovery_offer.clone() else { return };
        let mut choice = None;
        Modal::new(Id::unique("recovery")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Restore unsaved work?");
            let file = info.original_path.as_ref().map_or("never saved".to_owned(), |p| p.display().to_string());
            ui.label(format!(
                "clusterplan closed without saving “{}” ({file}). A copy was kept {}.",
                info.name,
                info.age_text()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Restore").on_hover_text("Open the copy as unsaved work").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard").on_hover_text("Delete the copy and keep the current hall").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => self.restore_recovery(),
            Some(false) => {
                self.recovery_offer = None;
                self.recovery.clear();
            }
            None => {}
        }
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(confirm) = self.confirm.clone() else { return };
        let mut choice = None;
        let response = Modal::new(Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!("Save the changes to “{}” first?", self.doc.display_name()));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").on_hover_text("Save, then continue").clicked() {
                    choice = Some(1);
                }
                if ui.button("Don't save").on_hover_text("Discard the changes and continue").clicked() {
                    choice = Some(2);
                }
                if ui.button("Cancel").on_hover_text("Go back to the hall").clicked() {
                    choice = Some(3);
                }
            });
        });
        if response.should_close() && choice.is_none() {
            choice = Some(3);
        }
        match choice {
            Some(1) => {
                self.confirm = None;
                if self.save() {
                    self.proceed(confirm.next);
                }
            }
            Some(2) => {
                self.confirm = None;
                self.proceed(confirm.next);
            }
            Some(_) => self.confirm = None,
            None => {}
        }
    }

    fn error_ui(&mut self, ctx: &egui::Context) {
        let Some(message) = self.error.clone() else { return };
        let response = Modal::new(Id::unique("error")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(RichText::new("Something went wrong").color(theme::ERROR));
            ui.label(message);
            ui.add_space(8.0);
            ui.button("OK").on_hover_text("Close this message").clicked()
        });
        if response.inner || response.should_close() {
            self.error = None;
        }
    }

    fn generate_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.generate else { return };
        let mut open = true;
        let mut create = false;
        egui::Window::new("Generate hall").open(&mut open).resizable(false).collapsible(false).show(ctx, |ui| {
            egui::Grid::new("generate-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                ui.label("Preset");
                egui::ComboBox::from_id_salt("preset")
                    .selected_text(dialog.preset.clone())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for p in PRESETS {
                            ui.selectable_value(&mut dialog.preset, p.name.to_owned(), p.name)
                                .on_hover_text(p.description);
                        }
                    })
                    .response
                    .on_hover_text("What kind of hall to build");
                ui.end_row();
                ui.label("Size by");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut dialog.by_gpus, true, "GPUs").on_hover_text("Exactly this many GPUs");
                    ui.radio_value(&mut dialog.by_gpus, false, "Scalable units").on_hover_text("Whole scalable units");
                });
                ui.end_row();
                if dialog.by_gpus {
                    ui.label("GPUs");
                    ui.add(egui::DragValue::new(&mut dialog.gpus).range(8..=2_000_000).speed(64.0))
                        .on_hover_text("A multiple of the rack's GPUs per server");
                } else {
                    ui.label("Scalable units");
                    ui.add(egui::DragValue::new(&mut dialog.su).range(1..=4_000))
                        .on_hover_text("Scalable units (arrays)");
                }
                ui.end_row();
            });
            if let Some(p) = PRESETS.iter().find(|p| p.name == dialog.preset) {
                ui.label(RichText::new(p.description).weak().small());
            }
            ui.separator();
            dialog.refresh();
            match dialog.preview.as_ref().map(|(_, r)| r) {
                Some(Ok((layout, r))) => {
                    ui.label(RichText::new("Preview").strong());
                    ui.label(format!(
                        "{} GPUs in {} racks, {} items; hall {:.0} × {:.0} m",
                        count(r.gpus.total),
                        count(r.gpus.racks),
                        count(layout.items.len() as u64),
                        layout.hall.width_m,
                        layout.hall.depth_m
                    ));
                    ui.label(format!("IT {} typical, facility {}", power(r.power.it_kw), power(r.power.facility_kw)));
                    ui.label(format!(
                        "fabric {} tiers, {} leaf / {} spine / {} core; {} cables",
                        r.network.required.tiers,
                        count(r.network.required.leaf_switches),
                        count(r.network.required.spine_switches),
                        count(r.network.required.core_switches),
                        count(r.cables.count)
                    ));
                    ui.label(format!("{} errors, {} warnings", r.error_count(), r.warnings.len() - r.error_count()));
                    ui.add_space(6.0);
                    if ui
                        .button("Create hall")
                        .on_hover_text("Replace the current hall with this one (undoable)")
                        .clicked()
                    {
                        create = true;
                    }
                }
                Some(Err(e)) => {
                    ui.colored_label(theme::ERROR, e);
                }
                None => {}
            }
        });
        if create && let Some(layout) = dialog.built().cloned() {
            self.generate = None;
            self.use_generated(layout);
            return;
        }
        if !open {
            self.generate = None;
        }
    }

    fn shortcuts_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.show_shortcuts;
        egui::Window::new("Keyboard shortcuts").open(&mut open).show(ctx, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                for a in Action::ALL {
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
                ] {
                    ui.label(keys);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
        self.show_shortcuts = open;
    }
}
