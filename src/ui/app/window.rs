//! The window glue: the egui context workers wake, the theme and title last sent, whether a text field had the
//! keyboard at the end of the last frame, closing, and the canvas geometry written for scripts.

use std::path::PathBuf;

use super::{DesignerApp, Work};

/// When this variable names a file, the designer writes the canvas's place and camera there whenever they
/// change — `x0 y0 x1 y1 origin_x_m origin_y_m zoom pixels_per_point` — so a script driving the real window
/// (`.ci/journeys.sh`) can aim at floor coordinates.
pub const GEOMETRY_ENV: &str = "CLUSTERPLAN_GEOMETRY";

/// What the designer keeps about its window.
#[derive(Default)]
pub struct WindowGlue {
    /// The window's egui context (a detached one until the first frame).
    pub ctx: egui::Context,
    attached: bool,
    title_sent: String,
    theme_applied: Option<bool>,
    /// Where to write the canvas geometry for scripts ([`GEOMETRY_ENV`]), and what was written last.
    pub geometry: Option<(PathBuf, String)>,
    /// Close even with unsaved changes (the user chose "Don't save").
    pub allow_close: bool,
    /// Close the window at the end of this frame.
    pub close_window: bool,
    /// A text field had the keyboard when the last frame ended: keys that arrive now were typed into it, even
    /// when egui already let the field go this frame (it does on Escape, before the app sees the keys).
    pub typing: bool,
    /// The text field that had the keyboard when the last frame ended.
    pub typing_in: Option<egui::Id>,
    /// The field keeps the keyboard this frame for the keys typed with an Escape, and lets it go at its end.
    pub leave_field: Option<egui::Id>,
}

impl WindowGlue {
    /// Uses the window's context: workers' commands wake it.
    pub fn attach(&mut self, ctx: &egui::Context, work: &mut Work) {
        if !self.attached {
            self.ctx = ctx.clone();
            work.sender = work.sender.waking(ctx);
            self.attached = true;
        }
    }
}

impl DesignerApp {
    /// The frame's start: the context, the theme.
    pub(super) fn start_frame(&mut self, ctx: &egui::Context) {
        self.window.attach(ctx, &mut self.work);
        if self.window.theme_applied != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark { egui::Theme::Dark } else { egui::Theme::Light });
            self.window.theme_applied = Some(self.prefs.dark);
        }
    }

    /// The frame's end: the recovery copy, the geometry for scripts, the title, and whether a text field has
    /// the keyboard (for the next frame's keys).
    pub(super) fn end_frame(&mut self, ctx: &egui::Context) {
        if self.dialogs.recovery_offer.is_none() {
            self.files.recovery.tick(ctx, &self.doc);
        }
        self.write_geometry(ctx);
        let title = self.doc.title();
        if title != self.window.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window.title_sent = title;
        }
        if let Some(id) = self.window.leave_field.take() {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
        self.window.typing = ctx.text_edit_focused();
        self.window.typing_in = self.window.typing.then(|| ctx.memory(|m| m.focused())).flatten();
    }

    /// Writes the canvas geometry for scripts when it changed (best effort: a script that cannot read it fails
    /// on its own): the canvas rectangle, the camera, points per pixel, and the phase shown (1…, 0: the whole
    /// hall).
    fn write_geometry(&mut self, ctx: &egui::Context) {
        let (Some((path, last)), Some(r)) = (self.window.geometry.as_mut(), self.canvas.rect) else { return };
        let c = self.canvas.camera;
        let now = format!(
            "{} {} {} {} {} {} {} {} {}\n",
            r.min.x,
            r.min.y,
            r.max.x,
            r.max.y,
            c.origin_m[0],
            c.origin_m[1],
            c.zoom,
            ctx.pixels_per_point(),
            self.session.phase.map_or(0, |k| k + 1)
        );
        if now != *last {
            let _ = std::fs::write(path, now.as_bytes());
            *last = now;
        }
    }
}
