//! Engine benchmarks: analysis of Colossus-scale halls, opening and saving a 200,000-GPU layout.
//!
//! Goals on the 2-core development machine: analysis ≤ 2 ms at 200k GPUs and ≤ 10 ms at 1M;
//! open (parse + validate + analyse) ≤ 150 ms; save ≤ 100 ms; the plan of a 200k-GPU hall as SVG ≤ 200 ms and as
//! a 150-dpi PNG ≤ 2 s (an export a user waits for once); growing a 100k hall by 50k H200 ≤ 1 s.

use std::hint::black_box;
use std::path::Path;

use clusterplan::analysis::analyse;
use clusterplan::generate::{generate, preset_params};
use clusterplan::io::{parse_layout, to_ron_string};
use clusterplan::model::Layout;
use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn colossus(gpus: u64) -> Layout {
    match preset_params("colossus", Some(gpus), None).and_then(|p| generate(&p)) {
        Ok(l) => l,
        Err(e) => panic!("generating {gpus} GPUs: {e}"),
    }
}

fn engine(c: &mut Criterion) {
    let hall_200k = colossus(200_000);
    let hall_1m = colossus(1_000_000);
    let text_200k = match to_ron_string(&hall_200k) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };

    let mut g = c.benchmark_group("analysis");
    g.bench_function("colossus_200k", |b| b.iter(|| analyse(black_box(&hall_200k))));
    g.bench_function("colossus_1m", |b| b.iter(|| analyse(black_box(&hall_1m))));
    // The same floor without its site: what the site's analysis costs is the difference.
    let mut floor_1m = hall_1m.clone();
    floor_1m.site = None;
    floor_1m.items.iter_mut().for_each(|i| i.upstream = None);
    g.bench_function("colossus_1m_floor_only", |b| b.iter(|| analyse(black_box(&floor_1m))));
    g.finish();

    // The build in phases: the 1M hall in 10 phases of whole SUs. The live analysis does not look at phases
    // (its bench above is of a phased hall); the phases' own analysis runs one analysis a phase, on demand.
    let mut phased_1m = hall_1m.clone();
    phased_1m.phases = match clusterplan::generate::phasing::by_scalable_unit(&hall_1m, 10, 56.0) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let mut g = c.benchmark_group("phases");
    g.sample_size(10);
    g.bench_function("analysis_colossus_1m_10_phases", |b| b.iter(|| analyse(black_box(&phased_1m))));
    g.bench_function("item_phases_colossus_1m_10", |b| {
        b.iter(|| clusterplan::model::phase::item_phases(black_box(&phased_1m)))
    });
    g.bench_function("analyse_phases_colossus_1m_10", |b| {
        b.iter(|| clusterplan::analysis::phases::analyse_phases(black_box(&phased_1m)))
    });
    g.finish();

    let mut g = c.benchmark_group("file");
    g.sample_size(20);
    g.bench_function("open_colossus_200k", |b| {
        b.iter(|| {
            let layout = parse_layout(black_box(&text_200k), Path::new("colossus-200k.ron"));
            let layout = match layout {
                Ok(l) => l,
                Err(e) => panic!("{e}"),
            };
            analyse(&layout)
        })
    });
    g.bench_function("save_colossus_200k", |b| b.iter(|| to_ron_string(black_box(&hall_200k))));
    g.finish();

    let report_200k = analyse(&hall_200k);
    let opts = clusterplan::export::PlanOptions { date: "2026-11-26".into(), ..Default::default() };
    let svg_200k = clusterplan::export::plan::plan_svg(&hall_200k, &report_200k, &opts);
    let hall_100k = colossus(100_000);
    let h200 = [clusterplan::generate::GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 50_000 }];
    if let Err(e) = clusterplan::generate::expand(&hall_100k, &h200) {
        panic!("expanding: {e}");
    }
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    g.bench_function("plan_svg_colossus_200k", |b| {
        b.iter(|| clusterplan::export::plan::plan_svg(black_box(&hall_200k), &report_200k, &opts))
    });
    g.bench_function("plan_png_colossus_200k", |b| {
        b.iter(|| clusterplan::export::plan::svg_to_png(black_box(&svg_200k), clusterplan::export::PNG_DPI))
    });
    // The hand-over: the design pack's sheets (plan, power chain, timeline, elevations, BOM) as SVG, the customer's
    // HTML report, and the NetBox import with its cables (the fabric's cable schedule) for 200,000 GPUs.
    g.bench_function("pack_sheets_colossus_200k", |b| {
        b.iter(|| clusterplan::export::pack::sheets(black_box(&hall_200k), &report_200k, &opts))
    });
    g.bench_function("html_report_colossus_200k", |b| {
        b.iter(|| clusterplan::export::html::report_html(black_box(&hall_200k), &report_200k, &opts, None))
    });
    g.bench_function("netbox_colossus_200k", |b| b.iter(|| clusterplan::export::netbox::export(black_box(&hall_200k))));
    g.bench_function("expand_colossus_100k_by_50k_h200", |b| {
        b.iter(|| clusterplan::generate::expand(black_box(&hall_100k), &h200))
    });
    // The single-line diagram of a 1 GW site (1M GPUs), laid out as the Power tab does every frame it shows.
    let hall_1m = colossus(1_000_000);
    let report_1m = analyse(&hall_1m);
    assert!(report_1m.site.facility_design_kw > 1.0e6, "the site draws a gigawatt");
    g.bench_function("power_chain_layout_colossus_1m", |b| {
        b.iter(|| clusterplan::export::sld::Diagram::of(black_box(&hall_1m), &report_1m))
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
