//! Tools › Expand hall…: more GPUs of a rack type, added beside the hall's arrays by `generate::expand`, with a
//! preview of the grown hall (before → after) built on a worker thread for the latest parameters and the
//! document as it stands; a preview for parameters or a document since changed is never applied.

use std::sync::Arc;

use egui::RichText;

use crate::analysis::{Report, analyse};
use crate::format::{count, counted, power};
use crate::generate::{GpuAddition, expand};
use crate::io::builtin_catalog;
use crate::model::limits::MAX_GENERATED_GPUS;
use crate::model::{EquipmentKind, Layout, TypeId};
use crate::ui::document::DocKey;
use crate::ui::theme;

use super::preview::Previewer;

/// The parameters and document state a preview is built for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PreviewKey {
    doc: DocKey,
    rack_type: TypeId,
    gpus: u64,
}

/// The grown hall, its report, items added and switch racks re-filled; or why it could not be grown.
type Preview = Result<Box<(Layout, Report, usize, usize)>, String>;

/// What the user decided.
pub enum ExpandOutcome {
    /// Replace the hall with this grown one (one undo step).
    Apply(Box<Layout>, DocKey),
    /// Close the dialog.
    Close,
}

/// The expand dialog's state.
pub struct ExpandDialog {
    /// GPU rack type to add.
    pub rack_type: TypeId,
    /// GPUs to add.
    pub gpus: u64,
    /// The user's units, for lengths in the preview.
    pub units: crate::format::Units,
    /// The document the previews grow: its key, layout and report (taken when it changes).
    base: Option<(DocKey, Arc<Layout>, Report)>,
    /// The preview, built off the UI thread.
    previews: Previewer<PreviewKey, Preview>,
    /// The size field takes the keyboard when the dialog opens (typing goes there, not to the hall).
    focus_size: bool,
}

impl ExpandDialog {
    /// A dialog adding half the hall's GPUs (at least one server's) of H200 racks, the seed's second option.
    pub fn new(current_gpus: u64) -> Self {
        let rack_type: TypeId = "rack-colossus-h200-64".into();
        let gps = builtin_catalog().get(&rack_type).and_then(|t| t.gpu.as_ref()).map_or(8, |g| g.gpus_per_server);
        let gps = u64::from(gps.max(1));
        let gpus = ((current_gpus / 2) / gps * gps).max(gps * 64).min(MAX_GENERATED_GPUS);
        Self {
            rack_type,
            gpus,
            units: crate::format::Units::default(),
            base: None,
            previews: Previewer::new(&["Growing the hall", "Analysing the grown hall"]),
            focus_size: true,
        }
    }

    fn key(&self) -> Option<PreviewKey> {
        let doc = self.base.as_ref()?.0;
        Some(PreviewKey { doc, rack_type: self.rack_type.clone(), gpus: self.gpus })
    }

    /// Takes the document as it stands when it changed since the last look (`report` is its live report; under a
    /// what-if the "before" column is analysed in normal operation, as the grown hall is).
    pub fn track(&mut self, key: DocKey, layout: &Layout, report: &Report) {
        if self.base.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let report = if report.failure == "none" { report.clone() } else { analyse(layout) };
            self.base = Some((key, Arc::new(layout.clone()), report));
        }
    }

    /// Collects a finished preview and starts one for the current parameters when none is current or running.
    pub fn poll(&mut self, ctx: Option<&egui::Context>) {
        let (Some(key), Some((_, base, _))) = (self.key(), &self.base) else { return };
        let base = Arc::clone(base);
        self.previews.poll(&key, ctx, move |job, steps| {
            steps.stage(0)?;
            let add = [GpuAddition { rack_type: job.rack_type.clone(), gpus: job.gpus }];
            Ok(match expand(&base, &add) {
                Ok(g) => {
                    steps.stage(1)?;
                    let r = analyse(&g.layout);
                    Ok(Box::new((g.layout, r, g.added_items, g.refilled)))
                }
                Err(e) => Err(e.to_string()),
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

    /// The grown hall for the current parameters and document, if it is built.
    pub fn built(&self) -> Option<&Layout> {
        let key = self.key()?;
        self.previews.current(&key).and_then(|r| r.as_ref().ok()).map(|b| &b.0)
    }

    /// Applying the built preview: the grown hall and the state of the document it was grown from.
    fn apply(&self) -> Option<ExpandOutcome> {
        let key = self.key()?;
        let layout = self.built()?.clone();
        Some(ExpandOutcome::Apply(Box::new(layout), key.doc))
    }

    /// Draws the dialog.
    pub fn show(&mut self, ctx: &egui::Context, keyboard_was_in: Option<egui::Id>) -> Option<ExpandOutcome> {
        self.poll(Some(ctx));
        let mut open = true;
        let mut outcome = None;
        let window = egui::Window::new("Expand hall")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .min_width(440.0);
        window.show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "New arrays beside the hall's, with their PDUs, cooling and switches, wired into the re-planned \
                     fabric. Every existing item keeps its place.",
                )
                .weak()
                .small(),
            );
            egui::Grid::new("expand-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                ui.label("Rack type");
                let name = |id: &TypeId| builtin_catalog().get(id).map_or_else(|| id.0.clone(), |t| t.name.clone());
                egui::ComboBox::from_id_salt("expand-rack")
                    .selected_text(name(&self.rack_type))
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for t in builtin_catalog().of_kind(EquipmentKind::GpuRack) {
                            ui.selectable_value(&mut self.rack_type, t.id.clone(), &t.name).on_hover_text(&t.id.0);
                        }
                    })
                    .response
                    .on_hover_text("The GPU rack type of the new arrays");
                ui.end_row();
                ui.label("GPUs to add");
                let field = ui
                    .add(crate::ui::fields::number(&mut self.gpus, 8..=MAX_GENERATED_GPUS).speed(64.0))
                    .on_hover_text("GPUs to add, 8 to 2,000,000: built in whole servers of the rack type");
                if std::mem::take(&mut self.focus_size) {
                    field.request_focus();
                }
                ui.end_row();
            });
            ui.separator();
            let key = self.key();
            if let Some(key) = &key {
                self.previews.status_ui(ui, key);
            }
            let latest = key.and_then(|k| self.previews.latest(&k));
            let stale = latest.is_none_or(|(_, current)| !current);
            match (latest.map(|(r, _)| r), &self.base) {
                (Some(Ok(b)), Some((_, before, r0))) => {
                    let (layout, r, added, refilled) = (&b.0, &b.1, b.2, b.3);
                    ui.label(RichText::new(if stale { "Preview (previous choice)" } else { "Preview" }).strong());
                    egui::Grid::new("expand-preview").num_columns(3).spacing([12.0, 2.0]).show(ui, |ui| {
                        let row = |ui: &mut egui::Ui, what: &str, a: String, b: String| {
                            ui.label(what);
                            ui.label(a);
                            ui.label(format!("to {b}"));
                            ui.end_row();
                        };
                        row(ui, "GPUs", count(r0.gpus.total), count(r.gpus.total));
                        for (model, n) in &r.gpus.by_model {
                            row(
                                ui,
                                &format!("  {model}"),
                                count(r0.gpus.by_model.get(model).copied().unwrap_or(0)),
                                count(*n),
                            );
                        }
                        row(ui, "IT power", power(r0.power.it_kw), power(r.power.it_kw));
                        row(ui, "Facility", power(r0.power.facility_kw), power(r.power.facility_kw));
                        let u = self.units;
                        let size = |l: &Layout| format!("{} × {}", u.length(l.hall.width_m), u.length(l.hall.depth_m));
                        row(ui, "Hall", size(before), size(layout));
                        row(
                            ui,
                            "Cables",
                            u.long_length(r0.cables.total_length_m),
                            u.long_length(r.cables.total_length_m),
                        );
                        row(
                            ui,
                            "Switches",
                            count(r0.network.leaf_switches + r0.network.spine_switches + r0.network.core_switches),
                            count(r.network.leaf_switches + r.network.spine_switches + r.network.core_switches),
                        );
                        row(
                            ui,
                            "Capital cost",
                            crate::format::usd(r0.cost.capex_usd),
                            crate::format::usd(r.cost.capex_usd),
                        );
                    });
                    let errors = r.error_count() as u64;
                    ui.label(format!(
                        "{} added; {} re-filled; {}, {}",
                        counted(added as u64, "item", "items"),
                        counted(refilled as u64, "switch rack", "switch racks"),
                        counted(errors, "error", "errors"),
                        counted(r.warnings.len() as u64 - errors, "warning", "warnings")
                    ));
                }
                (Some(Err(e)), _) if !stale => {
                    ui.colored_label(theme::ERROR, e);
                }
                _ => {}
            }
            ui.add_space(6.0);
            let ready = self.built().is_some();
            // Return in the dialog applies a ready preview (after the fields above took any value typed with it);
            // Esc in one of its fields closes it (elsewhere Esc is the designer's, which closes it too).
            let enter = super::return_is_for(ui, keyboard_was_in);
            let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
            if enter && let Some(apply) = self.apply() {
                outcome = Some(apply);
            } else if escape && !egui::Popup::is_any_open(ui.ctx()) {
                outcome = Some(ExpandOutcome::Close);
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(ready, egui::Button::new("Expand"))
                    .on_hover_text("Grow the hall as previewed (one undo step; Return)")
                    .on_disabled_hover_text("Wait for the preview")
                    .clicked()
                    && let Some(apply) = self.apply()
                {
                    outcome = Some(apply);
                }
                if ui.button("Cancel").on_hover_text("Close without changing the hall (Esc)").clicked() {
                    outcome = Some(ExpandOutcome::Close);
                }
            });
        });
        if !open {
            outcome = Some(ExpandOutcome::Close);
        }
        outcome
    }
}
