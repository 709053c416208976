//! The plan's title block across the foot of the sheet: the title with the file, date, scale and hall, metric
//! and imperial scale bars, the key figures, and the legend of what the plan shows.

use std::fmt::Write as _;

use super::{
    MARGIN_MM, PlanOptions, PlanOverlay, Sheet, TITLE_COL_MM, clip, fill_attr, grid_step, num, paper, stroke_attr, text,
};
use crate::analysis::Report;
use crate::format::{self, Units, counted, group_float, usd};
use crate::model::{Layout, ObstacleKind};
use crate::palette::{self, ItemStates, Rgba, Swatch};

/// A colour key: a swatch (or a line) and its words.
enum Key {
    Swatch(Rgba, String),
    Line(Rgba, String),
    /// The heat scale: its top and the densest rack, kW.
    Heat(u32, f64),
}

/// What the legend lists for the plan's overlay and contents.
fn legend_keys(layout: &Layout, report: &Report, opts: &PlanOptions, states: &ItemStates) -> Vec<Key> {
    let dark = opts.dark;
    let mut keys = Vec::new();
    match opts.overlay {
        Some(PlanOverlay::Heat) => {
            let densest = report.power.densest_rack_kw;
            keys.push(Key::Heat(palette::heat_scale_kw(densest), densest));
            keys.push(Key::Swatch(palette::neutral(dark), "not IT load (PDUs, cooling)".into()));
        }
        Some(PlanOverlay::Floor) => {
            for (c, label) in palette::load_band_swatches() {
                keys.push(Key::Swatch(c, format!("load per foot {label} of point rating")));
            }
            keys.push(Key::Swatch(palette::neutral(dark), "carried by its rack (mounted)".into()));
        }
        _ => {
            let present: std::collections::HashSet<Swatch> =
                layout.items.iter().filter_map(|i| layout.type_of(i)).map(Swatch::of).collect();
            for s in Swatch::ALL.into_iter().filter(|s| present.contains(s)) {
                keys.push(Key::Swatch(s.fill(dark), s.label().into()));
            }
        }
    }
    match opts.overlay {
        Some(PlanOverlay::Feeds) => {
            for (c, label) in palette::load_band_swatches() {
                keys.push(Key::Swatch(c, format!("PDU / cooling load {label}")));
            }
            keys.push(Key::Line(palette::FEED_A, "feed A".into()));
            keys.push(Key::Line(palette::FEED_B, "feed B".into()));
        }
        Some(PlanOverlay::Fabric) => {
            keys.push(Key::Line(palette::FABRIC, "fabric links (rack to leaf, leaf to spine)".into()));
            keys.push(Key::Line(palette::tray(dark), "cable trays".into()));
        }
        _ => {}
    }
    for kind in [ObstacleKind::Column, ObstacleKind::Wall, ObstacleKind::NoGo] {
        if layout.hall.obstacles.iter().any(|o| o.kind == kind) {
            let label = match kind {
                ObstacleKind::Column => "column",
                ObstacleKind::Wall => "wall",
                ObstacleKind::NoGo => "no-go zone",
            };
            keys.push(Key::Swatch(palette::obstacle(kind, dark), label.into()));
        }
    }
    if !states.invalid.is_empty() {
        keys.push(Key::Swatch(palette::hall_floor(dark).lerp(palette::INVALID, 0.75), "misplaced".into()));
    }
    keys
}

/// The title block across the foot of the sheet: title, key figures, legend, scale bars.
pub(super) fn title_block(
    out: &mut String,
    layout: &Layout,
    report: &Report,
    opts: &PlanOptions,
    sheet: Sheet,
    states: &ItemStates,
    (drawn, wanted): (usize, usize),
) {
    let ink = palette::ink(opts.dark);
    let [sheet_w, sheet_h] = sheet.size_mm();
    let (x0, y0, w, h) =
        (MARGIN_MM, sheet_h - MARGIN_MM - sheet.title_mm(), sheet_w - 2.0 * MARGIN_MM, sheet.title_mm());
    // Boxes `[x, y, width, height]`: title and scale bars, key figures, legend (its columns and rows).
    let (title, figures_box, legend_box, legend_cols, legend_rows) = if sheet.portrait {
        let row = 46.0;
        ([x0, y0, TITLE_COL_MM, row], [x0 + TITLE_COL_MM, y0, w - TITLE_COL_MM, row], [x0, y0 + row, w, h - row], 3, 7)
    } else {
        (
            [x0, y0, TITLE_COL_MM, h],
            [x0 + TITLE_COL_MM, y0, 110.0, h],
            [x0 + TITLE_COL_MM + 110.0, y0, w - TITLE_COL_MM - 110.0, h],
            2,
            9,
        )
    };
    let _ = writeln!(out, "<g id=\"title-block\">");
    for (b, width) in [(title, 0.2), (figures_box, 0.2), (legend_box, 0.2), ([x0, y0, w, h], 0.35)] {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" {}/>",
            num(b[0]),
            num(b[1]),
            num(b[2]),
            num(b[3]),
            stroke_attr(ink, width)
        );
    }

    title_text(out, layout, opts, sheet, title);
    scale_bars(out, opts.dark, sheet.denominator, title);
    key_figures(out, report, opts, figures_box);
    legend(out, layout, report, opts, states, (legend_box, legend_cols, legend_rows), (drawn, wanted));
    let _ = writeln!(out, "</g>");
}

/// The design's name (smaller when long), then its file, date, scale and hall.
fn title_text(out: &mut String, layout: &Layout, opts: &PlanOptions, sheet: Sheet, title: [f64; 4]) {
    let ink = palette::ink(opts.dark);
    let quiet = ink.lerp(paper(opts.dark), 0.2);
    let den = sheet.denominator;
    let (tx, mut ty) = (title[0] + 4.0, title[1] + 9.0);
    let name = if layout.name.trim().is_empty() { "Untitled hall" } else { layout.name.as_str() };
    // Long names in smaller letters, down to 3.4 mm, then cut.
    let chars = name.chars().count() as f64;
    let size = (5.2 * 38.0 / chars.max(1.0)).clamp(3.4, 5.2);
    // (A name that fits at its size is never cut: the division's rounding must not lose its last letter.)
    text(out, tx, ty, size, "start", ink, &clip(name, (38.0 * 5.2 / size + 1e-6) as usize));
    ty += 6.0;
    let hall = &layout.hall;
    let units = opts.units;
    // The document data, when stated, on lines of their own under the name; in a portrait sheet's shorter title
    // box the lines then sit closer, clear of the scale bars.
    let document = crate::export::frame::document_lines(&layout.document);
    let step = if sheet.portrait && !document.is_empty() { 3.05 } else { 3.6 };
    for line in document {
        text(out, tx, ty, 2.6, "start", ink, &clip(&line, 52));
        ty += step;
    }
    let lines = [
        format!("File: {}", clip(opts.file.as_deref().unwrap_or("(not saved)"), 52)),
        format!("Date: {} · drawn by clusterplan", opts.date),
        format!(
            "Scale 1:{} on A3 {} · overlay: {}",
            group_float(den, 0),
            if sheet.portrait { "portrait" } else { "landscape" },
            opts.overlay.map_or("none (equipment by kind)", PlanOverlay::name)
        ),
        format!(
            "Hall {} × {}, {} tiles; grid: columns A, B … rows 1, 2 …, every {} tiles",
            units.length(hall.width_m),
            units.length(hall.depth_m),
            units.length(hall.tile_m),
            grid_step(hall.tile_m, 1000.0 / den)
        ),
    ];
    for l in lines {
        text(out, tx, ty, 2.6, "start", quiet, &l);
        ty += step;
    }
}

/// Scale bars: metric above imperial, each a round length about 50 mm long on paper, at the foot of the title box.
fn scale_bars(out: &mut String, dark: bool, den: f64, title: [f64; 4]) {
    let (ink, paper) = (palette::ink(dark), paper(dark));
    let tx = title[0] + 4.0;
    let k = 1000.0 / den;
    let mut by = title[1] + title[3] - 11.0;
    for u in [format::LengthUnit::Metric, format::LengthUnit::Imperial] {
        let units = Units { length: u, ..Units::default() };
        let (len_m, label) = units.scale_bar(50.0 / k);
        let len_mm = len_m * k;
        for s in 0..4 {
            let seg = len_mm / 4.0;
            let fill = if s % 2 == 0 { ink } else { paper };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1.4\" {} {}/>",
                num(tx + s as f64 * seg),
                num(by),
                num(seg),
                fill_attr(fill),
                stroke_attr(ink, 0.15)
            );
        }
        text(out, tx, by - 0.8, 2.2, "start", ink, "0");
        text(out, tx + len_mm + 1.5, by + 1.3, 2.4, "start", ink, &label);
        by += 6.0;
    }
}

/// The key figures: GPUs, compute, memory, power, cooling, fabric, cables, cost and the checks.
fn key_figures(out: &mut String, report: &Report, opts: &PlanOptions, figures_box: [f64; 4]) {
    let ink = palette::ink(opts.dark);
    let quiet = ink.lerp(paper(opts.dark), 0.2);
    let units = opts.units;
    let (fx, mut fy) = (figures_box[0] + 4.0, figures_box[1] + 6.5);
    text(out, fx, fy, 3.0, "start", ink, "Key figures");
    fy += 4.6;
    let by_model: Vec<String> =
        report.gpus.by_model.iter().map(|(m, n)| format!("{} {m}", format::count(*n))).collect();
    let figures = [
        (
            "GPUs",
            format!(
                "{}{}",
                format::count(report.gpus.total),
                if by_model.len() > 1 {
                    format!(" ({})", by_model.join(", "))
                } else if let Some(m) = report.gpus.by_model.keys().next() {
                    format!(" {m}")
                } else {
                    String::new()
                }
            ),
        ),
        (
            "Compute (dense)",
            format!(
                "{} PFLOPS BF16 · {} FP8",
                group_float(report.compute.bf16_pflops, 0),
                group_float(report.compute.fp8_pflops, 0)
            ),
        ),
        (
            "HBM",
            format!(
                "{} TB · {} TB/s",
                group_float(report.memory.hbm_tb, 0),
                group_float(report.memory.bandwidth_tbps, 0)
            ),
        ),
        (
            "Power",
            format!(
                "IT {} typical · {} peak · facility {} design{}",
                format::power(report.power.it_kw),
                format::power(report.power.it_peak_kw),
                format::power(report.site.facility_design_kw),
                if report.site.modelled {
                    format!(" · grid {}", format::power(report.site.grid_kw))
                } else {
                    " (PUE estimate)".into()
                }
            ),
        ),
        (
            "Cooling",
            format!(
                "{} typical ({} liquid) · {} peak",
                units.heat(report.cooling.total_kw),
                format::percent(if report.cooling.total_kw > 0.0 {
                    report.cooling.liquid_kw / report.cooling.total_kw
                } else {
                    0.0
                }),
                units.heat(report.cooling.peak_kw)
            ),
        ),
        (
            "Fabric",
            format!(
                "{} leaf · {} spine · {} core switches",
                format::count(report.network.leaf_switches),
                format::count(report.network.spine_switches),
                format::count(report.network.core_switches)
            ),
        ),
        (
            "Cables",
            format!(
                "{} · {}",
                counted(report.cables.count, "cable", "cables"),
                units.long_length(report.cables.total_length_m)
            ),
        ),
        ("Capital cost", format!("{} · {} per GPU", usd(report.cost.capex_usd), usd(report.cost.usd_per_gpu))),
        (
            "Checks",
            match (report.error_count(), report.warnings.len()) {
                (0, 0) => "clean".to_owned(),
                (e, w) => format!(
                    "{} · {}",
                    counted(e as u64, "error", "errors"),
                    counted((w - e) as u64, "warning", "warnings")
                ),
            },
        ),
    ];
    for (label, value) in figures {
        text(out, fx, fy, 2.4, "start", quiet, label);
        text(out, fx + 25.0, fy, 2.4, "start", ink, &clip(&value, 58));
        fy += 3.65;
    }
}

/// The legend, in columns, and how many overlay lines were drawn when not all were.
fn legend(
    out: &mut String,
    layout: &Layout,
    report: &Report,
    opts: &PlanOptions,
    states: &ItemStates,
    (legend_box, legend_cols, legend_rows): ([f64; 4], usize, usize),
    (drawn, wanted): (usize, usize),
) {
    let dark = opts.dark;
    let ink = palette::ink(dark);
    let quiet = ink.lerp(paper(dark), 0.2);
    let (lx, ly) = (legend_box[0] + 4.0, legend_box[1] + 6.5);
    text(out, lx, ly, 3.0, "start", ink, "Legend");
    let keys = legend_keys(layout, report, opts, states);
    let col_w = (legend_box[2] - 8.0) / legend_cols as f64;
    let rows = legend_rows;
    for (n, key) in keys.iter().enumerate().take(rows * legend_cols) {
        let (x, y) = (lx + (n / rows) as f64 * col_w, ly + 3.2 + (n % rows) as f64 * 3.65);
        let label = match key {
            Key::Swatch(c, label) => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"5\" height=\"2.4\" {} {}/>",
                    num(x),
                    num(y),
                    fill_attr(*c),
                    stroke_attr(palette::outline(dark), 0.1)
                );
                label.clone()
            }
            Key::Line(c, label) => {
                let _ = writeln!(
                    out,
                    "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" {3}/>",
                    num(x),
                    num(x + 5.0),
                    num(y + 1.2),
                    stroke_attr(*c, 0.5)
                );
                label.clone()
            }
            Key::Heat(scale, densest) => {
                for s in 0..10 {
                    let c = palette::heat(f64::from(s) / 9.0 * f64::from(*scale), *scale);
                    let _ = writeln!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"0.55\" height=\"2.4\" {}/>",
                        num(x + f64::from(s) * 0.5),
                        num(y),
                        fill_attr(c)
                    );
                }
                format!("heat per rack, typical: 0 – {scale} kW (densest {} kW)", group_float(*densest, 1))
            }
        };
        text(out, x + 6.5, y + 2.0, 2.3, "start", ink, &clip(&label, 60));
    }
    if wanted > drawn {
        text(
            out,
            lx,
            legend_box[1] + legend_box[3] - 2.0,
            2.2,
            "start",
            quiet,
            &format!("{} of {} overlay lines drawn", format::count(drawn as u64), format::count(wanted as u64)),
        );
    }
}
