//! The hall generator dialog: a preset and a size, and a preview of the hall it builds. The preview is built on
//! a worker thread — one at a time, always for the latest parameters — so typing a GPU count never stalls the
//! window; a preview for parameters since changed is dropped.

use egui::RichText;

use crate::analysis::{Report, analyse};
use crate::format::{count, counted, power};
use crate::generate::{PRESETS, generate, preset_params};
use crate::model::Layout;
use crate::model::limits::{MAX_GENERATED_GPUS, MAX_GENERATED_SU};
use crate::ui::theme;

use super::preview::Previewer;

/// The parameters a preview is built for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PreviewKey {
    preset: String,
    by_gpus: bool,
    gpus: u64,
    su: u32,
}

/// A previewed hall and its report, or why it could not be built.
type Preview = Result<Box<(Layout, Report)>, String>;

/// What the user decided.
pub enum GenerateOutcome {
    /// Create this hall.
    Create(Box<Layout>),
    /// Close the dialog.
    Close,
}

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
    /// The user's units, for lengths in the preview.
    pub units: crate::format::Units,
    /// The preview, built off the UI thread.
    previews: Previewer<PreviewKey, Preview>,
    /// The size field takes the keyboard when the dialog opens (typing goes there, not to the hall).
    focus_size: bool,
}

impl Default for GenerateDialog {
    fn default() -> Self {
        Self {
            preset: "colossus".into(),
            by_gpus: true,
            gpus: 100_000,
            su: 4,
            units: crate::format::Units::default(),
            previews: Previewer::new(&["Laying out the hall", "Analysing the hall"]),
            focus_size: true,
        }
    }
}

impl GenerateDialog {
    fn key(&self) -> PreviewKey {
        PreviewKey { preset: self.preset.clone(), by_gpus: self.by_gpus, gpus: self.gpus, su: self.su }
    }

    /// Collects a finished preview and starts one for the current parameters when none is current or running.
    /// `ctx` is asked to repaint when the worker finishes.
    pub fn poll(&mut self, ctx: Option<&egui::Context>) {
        self.previews.poll(&self.key(), ctx, |job, steps| {
            steps.stage(0)?;
            let (gpus, su) = if job.by_gpus { (Some(job.gpus), None) } else { (None, Some(job.su)) };
            let built = preset_params(&job.preset, gpus, su).and_then(|p| generate(&p)).map_err(|e| e.to_string());
            Ok(match built {
                Ok(l) => {
                    steps.stage(1)?;
                    let r = analyse(&l);
                    Ok(Box::new((l, r)))
                }
                Err(e) => Err(e),
            })
        });
    }

    /// Previews park at each stage under a test's gate.
    pub fn set_gate(&mut self, gate: Option<crate::ui::jobs::Gate>) {
        self.previews.set_gate(gate);
    }

    /// True while a preview is being built.
    pub fn busy(&self) -> bool {
        self.previews.busy()
    }

    /// Waits until the preview for the current parameters is ready (tests).
    pub fn wait_for_preview(&mut self) {
        // A worker may be building for parameters since changed: take it, then build for the current ones.
        loop {
            self.poll(None);
            if !self.busy() {
                return;
            }
            self.previews.wait();
        }
    }

    /// The previewed hall for the current parameters, if it is built.
    pub fn built(&self) -> Option<&Layout> {
        self.previews.current(&self.key()).and_then(|r| r.as_ref().ok()).map(|b| &b.0)
    }

    /// Draws the dialog.
    pub fn show(&mut self, ctx: &egui::Context, keyboard_was_in: Option<egui::Id>) -> Option<GenerateOutcome> {
        self.poll(Some(ctx));
        let mut open = true;
        let mut outcome = None;
        let centre = ctx.content_rect().center();
        let window = egui::Window::new("Generate hall")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(centre)
            .min_width(420.0);
        window.show(ctx, |ui| {
            egui::Grid::new("generate-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                ui.label("Preset");
                egui::ComboBox::from_id_salt("preset")
                    .selected_text(self.preset.clone())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for p in PRESETS {
                            ui.selectable_value(&mut self.preset, p.name.to_owned(), p.name)
                                .on_hover_text(p.description);
                        }
                    })
                    .response
                    .on_hover_text("What kind of hall to build");
                ui.end_row();
                ui.label("Size by");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.by_gpus, true, "GPUs").on_hover_text("Exactly this many GPUs");
                    ui.radio_value(&mut self.by_gpus, false, "Scalable units").on_hover_text("Whole scalable units");
                });
                ui.end_row();
                if self.by_gpus {
                    ui.label("GPUs");
                    let field = ui
                        .add(crate::ui::fields::number(&mut self.gpus, 8..=MAX_GENERATED_GPUS).speed(64.0))
                        .on_hover_text("GPUs, 8 to 2,000,000: built in whole servers of the rack type");
                    if std::mem::take(&mut self.focus_size) {
                        field.request_focus();
                    }
                } else {
                    ui.label("Scalable units");
                    ui.add(crate::ui::fields::number(&mut self.su, 1..=MAX_GENERATED_SU))
                        .on_hover_text("Scalable units (arrays)");
                }
                ui.end_row();
            });
            if let Some(p) = PRESETS.iter().find(|p| p.name == self.preset) {
                ui.label(RichText::new(p.description).weak().small());
            }
            ui.separator();
            let key = self.key();
            self.previews.status_ui(ui, &key);
            let latest = self.previews.latest(&key);
            let stale = latest.is_none_or(|(_, current)| !current);
            match latest.map(|(r, _)| r) {
                Some(Ok(b)) => {
                    let (layout, r) = (&b.0, &b.1);
                    ui.label(RichText::new(if stale { "Preview (previous size)" } else { "Preview" }).strong());
                    ui.label(format!(
                        "{} in {}, {}; hall {} × {}",
                        counted(r.gpus.total, "GPU", "GPUs"),
                        counted(r.gpus.racks, "rack", "racks"),
                        counted(layout.items.len() as u64, "item", "items"),
                        self.units.length(layout.hall.width_m),
                        self.units.length(layout.hall.depth_m)
                    ));
                    ui.label(format!("IT {} typical, facility {}", power(r.power.it_kw), power(r.power.facility_kw)));
                    ui.label(format!(
                        "fabric {} tiers, {} leaf / {} spine / {} core; {}",
                        r.network.required.tiers,
                        count(r.network.required.leaf_switches),
                        count(r.network.required.spine_switches),
                        count(r.network.required.core_switches),
                        counted(r.cables.count, "cable", "cables")
                    ));
                    let errors = r.error_count() as u64;
                    ui.label(format!(
                        "{}, {}",
                        counted(errors, "error", "errors"),
                        counted(r.warnings.len() as u64 - errors, "warning", "warnings")
                    ));
                }
                Some(Err(e)) if !stale => {
                    ui.colored_label(theme::ERROR, e);
                }
                _ => {}
            }
            ui.add_space(6.0);
            let ready = self.built().is_some();
            // Return in the dialog creates a ready hall (after the fields above took any value typed with it); Esc
            // in one of its fields closes it (elsewhere Esc is the designer's, which closes it too).
            let enter = super::return_is_for(ui, keyboard_was_in);
            let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
            let clicked = ui
                .add_enabled(ready, egui::Button::new("Create hall"))
                .on_hover_text("A new design in place of the current hall, untitled until saved (undoable; Return)")
                .on_disabled_hover_text("Wait for the preview")
                .clicked();
            if (clicked || enter)
                && let Some(layout) = self.built().cloned()
            {
                outcome = Some(GenerateOutcome::Create(Box::new(layout)));
            } else if escape && !egui::Popup::is_any_open(ui.ctx()) {
                outcome = Some(GenerateOutcome::Close);
            }
        });
        if !open {
            outcome = Some(GenerateOutcome::Close);
        }
        outcome
    }
}
