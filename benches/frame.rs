//! One designer frame's CPU time, headless: egui run + tessellate, run only, tessellate only — for a
//! Colossus 200k-GPU hall and a 1M-GPU hall, with the whole hall in view and zoomed in.
//!
//! Goals on the 2-core development machine: ≤ 2 ms at 200k, ≤ 4 ms at 1M (run + tessellate).

use std::hint::black_box;

use clusterplan::generate::{generate, preset_params};
use clusterplan::ui::DesignerApp;
use clusterplan::ui::view::Prefs;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn input() -> RawInput {
    RawInput { screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 1000.0))), ..Default::default() }
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    g.sample_size(30);
    for (name, gpus) in [("200k", 200_000_u64), ("1m", 1_000_000)] {
        let layout = match preset_params("colossus", Some(gpus), None).and_then(|p| generate(&p)) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        let mut app = DesignerApp::new(layout, None, Prefs::default());
        let ctx = egui::Context::default();
        for _ in 0..4 {
            let _ = ctx.run_ui(input(), |ui| app.ui_body(ui));
        }
        let whole = app.canvas.camera;
        let mut zoomed = whole;
        zoomed.zoom = 40.0;
        zoomed.origin_m = [20.0, 20.0];
        for (view, camera) in [("whole", whole), ("zoomed", zoomed)] {
            app.canvas.camera = camera;
            let out = ctx.run_ui(input(), |ui| app.ui_body(ui));
            let shapes = out.shapes.clone();
            let ppp = out.pixels_per_point;
            g.bench_function(format!("{name}_{view}/run_tessellate"), |b| {
                b.iter(|| {
                    let out = ctx.run_ui(input(), |ui| app.ui_body(ui));
                    black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
                })
            });
            g.bench_function(format!("{name}_{view}/run"), |b| {
                b.iter(|| black_box(ctx.run_ui(input(), |ui| app.ui_body(ui))))
            });
            g.bench_function(format!("{name}_{view}/tessellate"), |b| {
                b.iter(|| black_box(ctx.tessellate(shapes.clone(), ppp)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
