//! File › Export…: what to write (the plan as PDF, PNG or SVG, the bill of materials, the report) and, for the
//! plan, which overlay it shows and in which colours. The file itself is then chosen with the usual save dialog
//! and written by `crate::export::export_bytes`, the code `clusterplan export` runs.

use egui::RichText;

use crate::export::{ExportFormat, PlanOverlay, SheetKind};

/// What to export and how: kept between exports in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportChoice {
    /// What to write.
    pub format: ExportFormat,
    /// The plan's overlay (the canvas's, when the dialog opens).
    pub overlay: Option<PlanOverlay>,
    /// Dark colours (light is for print and slides).
    pub dark: bool,
    /// The floor plan or the site's power chain.
    pub sheet: SheetKind,
}

impl Default for ExportChoice {
    fn default() -> Self {
        Self { format: ExportFormat::Pdf, overlay: None, dark: false, sheet: SheetKind::Plan }
    }
}

/// What the user decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportOutcome {
    /// Choose the file and write this.
    Export(ExportChoice),
    /// Close without exporting.
    Close,
}

/// The export dialog's state.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    /// The choice being made.
    pub choice: ExportChoice,
}

impl ExportDialog {
    /// A dialog starting from `choice`.
    pub fn new(choice: ExportChoice) -> Self {
        Self { choice }
    }

    /// Draws the dialog; the decision once made (Esc or a click outside closes).
    pub fn show(&mut self, ctx: &egui::Context) -> Option<ExportOutcome> {
        let mut outcome = None;
        let response = egui::Modal::new(egui::Id::unique("export-dialog")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading("Export");
            ui.label(RichText::new("What to write").strong());
            for format in ExportFormat::ALL {
                let tip = match format {
                    ExportFormat::Pdf => "The plan on an A3 sheet at a round scale, with title block and legend",
                    ExportFormat::Png => {
                        "The plan as an image, A3 at 150 dpi (2,480 × 1,754 pixels; upright for a portrait sheet)"
                    }
                    ExportFormat::Svg => "The plan as a vector drawing, for editing in a drawing program",
                    ExportFormat::Csv => "Every type, switch and part with quantity and list price",
                    ExportFormat::Json => "Every figure of the live model, as `clusterplan report --format json`",
                    ExportFormat::Netbox => {
                        "A folder NAME.netbox of NetBox bulk-import CSVs — racks by row and position, devices at their \
                         U, power feeds, cables with lengths — numbered in import order, with a README"
                    }
                    ExportFormat::Html => {
                        "One file for the customer that opens offline in any browser: key figures, the plan with \
                         hover details, the bill of materials, and the comparison with B when one is open"
                    }
                };
                ui.radio_value(&mut self.choice.format, format, format.describe()).on_hover_text(tip);
            }
            ui.add_enabled_ui(self.choice.format.is_plan(), |ui| {
                ui.add_space(6.0);
                ui.label(RichText::new("Sheet").strong());
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.choice.sheet, SheetKind::Plan, "floor plan")
                        .on_hover_text("The hall at a round scale with title block and legend");
                    ui.radio_value(&mut self.choice.sheet, SheetKind::PowerChain, "power chain").on_hover_text(
                        "The site's single-line diagram, grid to PDUs, each stage coloured by design load (a \
                             hall that models its site)",
                    );
                    ui.radio_value(&mut self.choice.sheet, SheetKind::Timeline, "timeline").on_hover_text(
                        "The build in phases: GPUs online and the facility's MW needed (design basis) against the MW \
                         available, a step at each phase, shortfalls shaded",
                    );
                });
                ui.horizontal(|ui| {
                    let pack = matches!(self.choice.sheet, SheetKind::Pack | SheetKind::PackSheet(_));
                    let tip = "The design pack: plan, power chain, timeline, an elevation sheet per rack type and the \
                               bill of materials, each A3 with the document data (Hall › Document) — all of it as \
                               one PDF, or one sheet of it as SVG or PNG";
                    if ui.radio(pack, "design pack").on_hover_text(tip).clicked() && !pack {
                        self.choice.sheet = SheetKind::Pack;
                    }
                    if pack && self.choice.format != ExportFormat::Pdf {
                        // One sheet of it, by number.
                        let mut n = match self.choice.sheet {
                            SheetKind::PackSheet(n) => n,
                            _ => 1,
                        };
                        ui.label("sheet");
                        ui.add(egui::DragValue::new(&mut n).range(1..=999))
                            .on_hover_text("Which sheet of the pack, numbered as in its PDF (the plan is 1)");
                        self.choice.sheet = SheetKind::PackSheet(n.max(1));
                    } else if pack {
                        self.choice.sheet = SheetKind::Pack;
                        ui.label(RichText::new("all sheets, one PDF").weak());
                    }
                });
            });
            let plan = matches!(self.choice.sheet, SheetKind::Plan | SheetKind::Pack | SheetKind::PackSheet(_));
            ui.add_enabled_ui(self.choice.format.is_plan() && plan, |ui| {
                ui.add_space(6.0);
                ui.label(RichText::new("The plan shows").strong());
                ui.horizontal_wrapped(|ui| {
                    ui.radio_value(&mut self.choice.overlay, None, "equipment by kind")
                        .on_hover_text("Items coloured by what they are, as the canvas without overlays");
                    for o in PlanOverlay::ALL {
                        let tip = match o {
                            PlanOverlay::Feeds => "Feed lines from racks to PDUs; PDUs and cooling by load",
                            PlanOverlay::Fabric => "Cable trays and rack-to-leaf-to-spine links",
                            PlanOverlay::Heat => "Racks coloured by the heat they give off",
                            PlanOverlay::Floor => "Items coloured by floor load against the rating",
                        };
                        ui.radio_value(&mut self.choice.overlay, Some(o), o.name()).on_hover_text(tip);
                    }
                });
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.choice.dark, false, "light")
                        .on_hover_text("White sheet, for print and slides");
                    ui.radio_value(&mut self.choice.dark, true, "dark").on_hover_text("The canvas's dark colours");
                });
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Export…")
                    .on_hover_text("Choose the file to write (its name ends in the format's extension; Return)")
                    .clicked()
                {
                    outcome = Some(ExportOutcome::Export(self.choice));
                }
                if ui.button("Cancel").on_hover_text("Close without writing anything (Esc)").clicked() {
                    outcome = Some(ExportOutcome::Close);
                }
            });
        });
        if outcome.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Enter)) {
            outcome = Some(ExportOutcome::Export(self.choice));
        }
        if outcome.is_none() && response.should_close() {
            outcome = Some(ExportOutcome::Close);
        }
        outcome
    }
}
