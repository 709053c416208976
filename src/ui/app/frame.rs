//! One frame of the designer, in phases: what arrived (workers' outcomes, the presentation's reading of the hall,
//! the window's close button) → input (keys, clipboard, canvas) → views (panels, canvas, dialogs) → the window's
//! glue. Each phase turns what happened into commands and runs them; the views read state, never write it.

use super::DesignerApp;
use crate::ui::canvas::FloorCanvas;
use crate::ui::command::Command;
use crate::ui::panels::{self, PanelCtx};
use crate::ui::theme;

impl DesignerApp {
    /// The whole UI; `eframe::App::ui` calls this, and so do the tests and benches.
    pub fn ui_body(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.start_frame(&ctx);
        let arrived = self.arrivals(&ctx);
        self.run_commands(arrived);
        self.refresh_caches();

        // Input first: keys, clipboard, canvas. Run at once, so this frame shows its result.
        let mut input = Vec::new();
        self.collect_input(&ctx, &mut input);
        self.canvas_input(ui, &mut input);
        self.run_commands(input);
        self.refresh_caches();

        // Then everything drawn from read-only state.
        let mut commands = self.panels_ui(ui);
        self.canvas_ui(ui);
        self.dialogs_ui(&ctx, &mut commands);
        self.job_ui(&ctx, &mut commands);
        if !commands.is_empty() {
            self.run_commands(commands);
            self.refresh_caches();
            ctx.request_repaint();
        }
        self.end_frame(&ctx);
    }

    /// What arrived since the last frame, as commands: workers' outcomes (in the order sent), the sliders'
    /// reading of the hall while presenting, the window's close button.
    fn arrivals(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut arrived: Vec<Command> = self.work.inbox.try_iter().collect();
        if let Some(reading) = self.slider_reading() {
            arrived.push(reading);
        }
        if let Some(at) = self.session.playing {
            let now = ctx.input(|i| i.time);
            if now >= at {
                arrived.push(Command::PhaseTick);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(at - now));
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            arrived.push(Command::CloseRequested);
        }
        if self.job_is_visible() {
            // The bar and the clock move while the worker runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        arrived
    }

    fn job_is_visible(&self) -> bool {
        self.work.job.as_ref().is_some_and(|j| j.background)
    }

    /// Canvas input, unless a modal dialog has the pointer. While B is shown, or a job that takes the hall's
    /// place runs, the canvas may pan, zoom and select (its own state), not edit.
    fn canvas_input(&mut self, ui: &mut egui::Ui, out: &mut Vec<Command>) {
        if self.modal_open() {
            return;
        }
        let Some(rect) = self.canvas.rect else { return };
        let read_only = self.showing_b() || self.work.holds_edits();
        let mut from_canvas = Vec::new();
        self.floor_canvas().input(ui, rect, &mut from_canvas);
        if read_only {
            from_canvas.retain(|c| match c {
                Command::Status(_) => true,
                Command::Select(_) | Command::SelectAdd(_) | Command::SelectToggle(_) => !self.showing_b(),
                _ => false,
            });
        }
        out.extend(from_canvas);
    }

    /// The canvas widget over this frame's state: B's while it is shown.
    fn floor_canvas(&mut self) -> FloorCanvas<'_> {
        if let Some(b) = self.present.b.as_ref().filter(|c| c.showing_b) {
            return FloorCanvas {
                doc: &b.doc,
                cache: &b.cache,
                index: &b.index,
                session: &b.session,
                prefs: &self.prefs,
                state: &mut self.canvas,
                phase: None,
            };
        }
        FloorCanvas {
            doc: &self.doc,
            cache: &self.caches.report,
            index: &self.caches.index,
            session: &self.session,
            prefs: &self.prefs,
            state: &mut self.canvas,
            phase: self.session.phase.map(|k| (k, &self.caches.phases)),
        }
    }

    /// The panels (or, presenting, the tiles and controls) from read-only state; what the user asked.
    fn panels_ui(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let pc = PanelCtx {
            doc: &self.doc,
            cache: &self.caches.report,
            phases: &self.caches.phases,
            prefs: &self.prefs,
            session: &self.session,
            present: &self.present,
            can_paste: !self.clipboard.is_empty(),
            hall_locked: self.work.holds_edits(),
        };
        if self.present.presenting {
            panels::kpi_tiles_ui(ui, &pc);
            panels::present_controls_ui(ui, &pc, &mut commands);
        } else {
            panels::menu_bar_ui(ui, &pc, &mut commands);
            panels::toolbar_ui(ui, &pc, &mut commands);
            panels::totals_bar_ui(ui, &pc, &mut commands);
            panels::palette_panel_ui(ui, &pc, &mut commands);
            panels::side_panel_ui(ui, &pc, &mut commands);
        }
        commands
    }

    /// The floor: fitted when asked (or when the canvas settled to another size), painted, and labelled when it
    /// shows B.
    fn canvas_ui(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            let fitted = self.canvas.fitted_camera == Some(self.canvas.camera);
            if self.canvas.rect.is_some_and(|before| before.size() != rect.size()) && fitted {
                // The window (or a panel) changed size while the whole hall was in view: keep it in view.
                self.canvas.fit_pending = true;
            }
            self.canvas.rect = Some(rect);
            if let Some(fitted) = self.canvas.fit_check.take()
                && fitted != rect
            {
                self.canvas.fit_pending = true;
            }
            if self.canvas.fit_pending {
                self.fit_halls(rect);
                ui.ctx().request_repaint();
            }
            self.floor_canvas().paint(ui, rect);
            // A fit made before the legend was drawn (or before it changed size) may have put the hall under it:
            // while the view is still the fitted one, fit again round the legend as drawn.
            let legend = if self.prefs.legend { self.canvas.legend_size } else { None };
            let same = |a: Option<egui::Vec2>, b: Option<egui::Vec2>| match (a, b) {
                (Some(a), Some(b)) => (a - b).length() < 2.0,
                (a, b) => a.is_none() && b.is_none(),
            };
            let fitted_round = self.canvas.fit_legend.is_some_and(|f| same(f, legend));
            if self.canvas.fitted_camera == Some(self.canvas.camera) && !fitted_round {
                self.canvas.fit_pending = true;
                ui.ctx().request_repaint();
            }
            if let Some(b) = self.present.b.as_ref().filter(|c| c.showing_b) {
                b_plate_ui(ui, rect, &b.name(), self.prefs.dark);
            }
        });
    }

    /// Fits the hall — with a B open, both halls: A and B share the camera, so switching keeps the whole of
    /// either in view — beside the legend.
    fn fit_halls(&mut self, rect: egui::Rect) {
        let hall = &self.doc.layout().hall;
        let (mut width_m, mut depth_m) = (hall.width_m, hall.depth_m);
        if let Some(b) = &self.present.b {
            width_m = width_m.max(b.doc.layout().hall.width_m);
            depth_m = depth_m.max(b.doc.layout().hall.depth_m);
        }
        let drawn = if self.prefs.legend { self.canvas.legend_size } else { None };
        let legend = if self.prefs.legend { drawn.or(Some(egui::vec2(250.0, 160.0))) } else { None };
        self.canvas.fit_hall(rect, width_m, depth_m, legend);
        self.canvas.fit_legend = Some(drawn);
        self.canvas.fit_pending = false;
        self.canvas.fit_check = Some(rect);
        self.canvas.fitted_camera = Some(self.canvas.camera);
    }
}

/// Says plainly which hall is on the canvas while it is B.
fn b_plate_ui(ui: &egui::Ui, rect: egui::Rect, name: &str, dark: bool) {
    let name = if name.chars().count() > 36 { name.chars().take(35).collect::<String>() + "…" } else { name.into() };
    let text = format!("B  {name} · read-only · B for A");
    let font = egui::FontId::proportional(15.0);
    let galley = ui.painter().layout_no_wrap(text, font, theme::ink(dark));
    let at = rect.left_top() + egui::vec2(12.0, 10.0);
    let plate = egui::Rect::from_min_size(at, galley.size()).expand2(egui::vec2(8.0, 4.0));
    ui.painter().rect_filled(plate, 4.0, theme::plate(dark));
    ui.painter().rect_stroke(plate, 4.0, egui::Stroke::new(1.5, theme::selection(dark)), egui::StrokeKind::Outside);
    ui.painter().galley(at, galley, theme::ink(dark));
}
