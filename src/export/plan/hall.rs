//! The hall on the plan: grid labels (column letters and row numbers of the tiles) round it, the floor with its
//! tile grid, trays, obstacles and walls, every item coloured by the palette's rule with its front edge and label, and the overlay's lines.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{MAX_PLAN_LINES, Pen, PlanOverlay, fill_attr, grid_step, num, paper, stroke_attr, text};
use crate::analysis::Report;
use crate::analysis::geometry::{item_rect, obstacle_rect};
use crate::model::ops::{Mounts, mounted_strip};
use crate::model::{Hall, ItemId, Layout, ObstacleKind, Rotation};
use crate::palette::{self, FabricLines, ItemStates, Rgba, short_label};

/// Grid labels: tile columns by letter (A, B, … AA) and rows by number from 1, every `step` tiles, at least
/// 10 mm apart on paper, round the hall drawn at `(hx, hy)`; the step.
pub(super) fn grid_labels(out: &mut String, hall: &Hall, (hx, hy): (f64, f64), pen: Pen) -> u64 {
    let (k, dark) = (pen.k, pen.dark);
    let ink = palette::ink(dark);
    let paper = paper(dark);
    let tile = hall.tile_m.max(0.01);
    let step = grid_step(tile, k);
    // Dark enough to read on an A3 print (no light grey).
    let label_colour = ink.lerp(paper, 0.15);
    let tiles_x = (hall.width_m / tile).floor() as u64;
    let tiles_y = (hall.depth_m / tile).floor() as u64;
    // Tile columns and rows that start inside the hall, the last partial one too (it has a reference).
    let (cols, rows) = ((hall.width_m / tile - 1e-9).ceil() as u64, (hall.depth_m / tile - 1e-9).ceil() as u64);
    let _ = writeln!(out, "<g id=\"grid-labels\">");
    for n in (0..=tiles_x).step_by(step as usize) {
        let x = hx + n as f64 * tile * k;
        // The label names the tile column starting at this line (the last line closes the hall: no column).
        if n < cols {
            text(out, x + tile * k / 2.0, hy - 2.2, 2.2, "middle", label_colour, &crate::format::grid_column(n as i64));
        }
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" {3}/>",
            num(x),
            num(hy - 1.2),
            num(hy),
            stroke_attr(label_colour, 0.2)
        );
    }
    for n in (0..=tiles_y).step_by(step as usize) {
        let y = hy + n as f64 * tile * k;
        if n < rows {
            text(out, hx - 2.0, y + tile * k / 2.0 + 0.8, 2.2, "end", label_colour, &(n + 1).to_string());
        }
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" {3}/>",
            num(hx - 1.2),
            num(y),
            num(hx),
            stroke_attr(label_colour, 0.2)
        );
    }
    // What the labels count, at the corner where both start.
    text(out, hx - 2.0, hy - 2.2, 2.2, "end", label_colour, "grid");
    let _ = writeln!(out, "</g>");

    step
}

/// The hall's floor, tile grid (every tile when tiles are at least 1.5 mm on paper, else the labelled lines),
/// trays under the fabric overlay, obstacles and walls.
pub(super) fn floor(out: &mut String, hall: &Hall, step: u64, overlay: Option<PlanOverlay>, pen: Pen) {
    let (k, dark) = (pen.k, pen.dark);
    let ink = palette::ink(dark);
    let mm = |v: f64| pen.mm(v);
    let tile = hall.tile_m.max(0.01);
    let (tiles_x, tiles_y) = ((hall.width_m / tile).floor() as u64, (hall.depth_m / tile).floor() as u64);
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" {}/>",
        num(hall.width_m),
        num(hall.depth_m),
        fill_attr(palette::hall_floor(dark))
    );
    // Tile grid when tiles are at least 1.5 mm on paper, else the labelled lines only.
    let grid_every = if tile * k >= 1.5 { 1 } else { step };
    let mut d = String::new();
    for n in (0..=tiles_x).step_by(grid_every as usize) {
        let x = n as f64 * tile;
        let _ = write!(d, "M{} 0V{}", num(x), num(hall.depth_m));
    }
    for n in (0..=tiles_y).step_by(grid_every as usize) {
        let y = n as f64 * tile;
        let _ = write!(d, "M0 {}H{}", num(y), num(hall.width_m));
    }
    let _ = writeln!(
        out,
        "<path id=\"tile-grid\" d=\"{d}\" fill=\"none\" {}/>",
        stroke_attr(palette::grid(dark), mm(0.12))
    );

    if overlay == Some(PlanOverlay::Fabric) {
        let t = &hall.trays;
        let mut d = String::new();
        let mut lines = |offset: f64, pitch: f64, extent: f64, vertical: bool| {
            if pitch <= 0.0 {
                return;
            }
            let mut p = offset - (offset / pitch).floor() * pitch;
            let mut n = 0;
            while p <= extent && n < 20_000 {
                if vertical {
                    let _ = write!(d, "M{} 0V{}", num(p), num(hall.depth_m));
                } else {
                    let _ = write!(d, "M0 {}H{}", num(p), num(hall.width_m));
                }
                p += pitch;
                n += 1;
            }
        };
        lines(t.offset_x_m, t.pitch_x_m, hall.width_m, true);
        lines(t.offset_y_m, t.pitch_y_m, hall.depth_m, false);
        let _ = writeln!(
            out,
            "<path id=\"trays\" d=\"{d}\" fill=\"none\" {}/>",
            stroke_attr(palette::tray(dark), mm(0.35))
        );
    }

    for (n, o) in hall.obstacles.iter().enumerate() {
        let r = obstacle_rect(o);
        let stroke = if o.kind == ObstacleKind::NoGo { stroke_attr(palette::INVALID, mm(0.2)) } else { String::new() };
        let _ = writeln!(
            out,
            "<rect id=\"obstacle-{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {} {stroke}/>",
            num(r.min.x),
            num(r.min.y),
            num(r.max.x - r.min.x),
            num(r.max.y - r.min.y),
            fill_attr(palette::obstacle(o.kind, dark))
        );
        if let Some(label) = &o.label
            && (r.max.x - r.min.x) * k >= 12.0
        {
            let c = r.centre();
            text(out, c.x, c.y + mm(0.8), mm(2.2), "middle", ink, label);
        }
    }
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"none\" {}/>",
        num(hall.width_m),
        num(hall.depth_m),
        stroke_attr(palette::wall(dark), mm(0.5))
    );
}

/// Equipment: floor items, then mounted units as the strip at the back of their rack (as the canvas), with
/// front edges (and crosses over lost units) in one path per colour; the labels, to draw over everything.
pub(super) fn equipment(
    out: &mut String,
    layout: &Layout,
    report: &Report,
    overlay: Option<PlanOverlay>,
    states: &ItemStates,
    rows: &crate::analysis::rows::Rows,
    pen: Pen,
) -> String {
    let (k, dark) = (pen.k, pen.dark);
    let mm = |v: f64| pen.mm(v);
    let how = PlanOverlay::colouring(overlay, report);
    let mounts = Mounts::of(layout);
    let outline = palette::outline(dark);
    let mut labels = String::new();
    let mut fronts: HashMap<Rgba, String> = HashMap::new();
    let _ = writeln!(out, "<g id=\"items\" {}>", stroke_attr(outline, mm(0.08)));
    for mounted_pass in [false, true] {
        for item in &layout.items {
            let Some(ty) = layout.type_of(item) else { continue };
            if ty.occupies_floor() == mounted_pass {
                continue;
            }
            let (mut min, mut max) = palette::drawn_footprint(layout, &mounts, item, ty);
            if mounted_pass {
                (min, max) = mounted_strip(min, max, item.rot);
            }
            let (x0, y0, x1, y1) = (f64::from(min[0]), f64::from(min[1]), f64::from(max[0]), f64::from(max[1]));
            let fill = palette::item_fill(layout, report, states, item, ty, how, dark);
            let thin = (x1 - x0).min(y1 - y0) * k < 1.0;
            let _ = writeln!(
                out,
                "<rect id=\"item-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}{}/>",
                item.id.0,
                num(x0),
                num(y0),
                num(x1 - x0),
                num(y1 - y0),
                fill_attr(fill),
                if thin { " stroke=\"none\"" } else { "" }
            );
            // A rack by its name or designation (R03-12), every one, as large as its footprint takes, along its
            // longer side; other items by what they are, where that fits.
            let (w_mm, h_mm) = ((x1 - x0) * k, (y1 - y0) * k);
            if !mounted_pass && rows.places.contains_key(&item.id) {
                let label = rows.label(item, ty);
                let upright = h_mm > w_mm * 1.2;
                let (long, short) = if upright { (h_mm, w_mm) } else { (w_mm, h_mm) };
                let chars = label.chars().count() as f64;
                let size_mm = (long * 0.9 / (chars * 0.55)).min(short * 0.6).min(1.8);
                let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                if upright {
                    let _ = writeln!(labels, "<g transform=\"rotate(-90 {} {})\">", num(cx), num(cy));
                }
                text(&mut labels, cx, cy + mm(size_mm * 0.35), mm(size_mm), "middle", palette::text_on(fill), &label);
                if upright {
                    let _ = writeln!(labels, "</g>");
                }
            }
            if mounted_pass || (x1 - x0).min(y1 - y0) * k < 2.0 {
                continue;
            }
            let front = match item.rot {
                Rotation::R0 => (x0, y0, x1, y0),
                Rotation::R180 => (x0, y1, x1, y1),
                Rotation::R90 => (x1, y0, x1, y1),
                Rotation::R270 => (x0, y0, x0, y1),
            };
            let _ = write!(
                fronts.entry(palette::text_on(fill)).or_default(),
                "M{} {}L{} {}",
                num(front.0),
                num(front.1),
                num(front.2),
                num(front.3)
            );
            if states.lost.contains(&item.id) {
                let _ = write!(
                    fronts.entry(palette::INVALID).or_default(),
                    "M{x0} {y0}L{x1} {y1}M{x1} {y0}L{x0} {y1}",
                    x0 = num(x0),
                    y0 = num(y0),
                    x1 = num(x1),
                    y1 = num(y1)
                );
            }
            let w_mm = (x1 - x0) * k;
            if rows.places.contains_key(&item.id) {
                continue;
            }
            let label = short_label(item, ty);
            let size_mm = 1.8;
            let width_mm = w_mm;
            if width_mm >= label.chars().count() as f64 * size_mm * 0.55 + 1.0 {
                text(
                    &mut labels,
                    (x0 + x1) / 2.0,
                    (y0 + y1) / 2.0 + mm(size_mm * 0.35),
                    mm(size_mm),
                    "middle",
                    palette::text_on(fill),
                    &label,
                );
            }
        }
    }
    let _ = writeln!(out, "</g>");
    let mut fronts: Vec<_> = fronts.into_iter().collect();
    fronts.sort_by_key(|(c, _)| (c.r, c.g, c.b));
    for (colour, d) in fronts {
        let width = if colour == palette::INVALID { 0.3 } else { 0.2 };
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"none\" {}/>",
            stroke_attr(colour.lerp(palette::hall_floor(dark), 0.3), mm(width))
        );
    }

    labels
}

/// Feed or fabric lines, each kind in one path; `(lines drawn, lines wanted)`.
pub(super) fn overlay_lines(out: &mut String, layout: &Layout, overlay: Option<PlanOverlay>, k: f64) -> (usize, usize) {
    let centres: HashMap<ItemId, (f64, f64)> = match overlay {
        Some(PlanOverlay::Feeds | PlanOverlay::Fabric) => layout
            .items
            .iter()
            .filter_map(|i| item_rect(layout, i).map(|r| (i.id, (r.centre().x, r.centre().y))))
            .collect(),
        _ => return (0, 0),
    };
    let mut paths: [(String, Rgba, f64); 3] = match overlay {
        Some(PlanOverlay::Feeds) => [
            (String::new(), palette::FEED_A, 0.15),
            (String::new(), palette::FEED_B, 0.15),
            (String::new(), palette::FEED_C, 0.15),
        ],
        _ => [
            (String::new(), palette::FABRIC, 0.12),
            (String::new(), palette::FABRIC, 0.25),
            (String::new(), palette::FABRIC, 0.0),
        ],
    };
    let (mut drawn, mut wanted) = (0usize, 0usize);
    let mut push = |path: &mut String, pts: &[(f64, f64)]| {
        wanted += 1;
        if drawn >= MAX_PLAN_LINES {
            return;
        }
        drawn += 1;
        for (n, (x, y)) in pts.iter().enumerate() {
            let _ = write!(path, "{}{} {}", if n == 0 { 'M' } else { 'L' }, num(*x), num(*y));
        }
    };
    let nudge = 0.4 / k; // 0.4 mm apart, so A and B read as two lines
    match overlay {
        Some(PlanOverlay::Feeds) => {
            for item in &layout.items {
                let Some(&(cx, cy)) = centres.get(&item.id) else { continue };
                for (feed, n, dx) in [(item.feed_a, 0, -nudge), (item.feed_b, 1, nudge), (item.feed_c, 2, 0.0)] {
                    if let Some(&(px, py)) = feed.and_then(|f| centres.get(&f)) {
                        push(&mut paths[n].0, &[(cx + dx, cy), (px + dx, py)]);
                    }
                }
            }
        }
        _ => {
            let fabric = FabricLines::of(layout);
            for item in &layout.items {
                let Some(&(cx, cy)) = centres.get(&item.id) else { continue };
                fabric.each(layout, item, |other, uplink| {
                    if let Some(&(px, py)) = centres.get(&other) {
                        let corner = if uplink { (cx, py) } else { (px, cy) };
                        push(&mut paths[usize::from(uplink)].0, &[(cx, cy), corner, (px, py)]);
                    }
                });
            }
        }
    }
    for (n, (d, colour, width_mm)) in paths.iter().enumerate() {
        if !d.is_empty() {
            let _ = writeln!(
                out,
                "<path id=\"overlay-{n}\" d=\"{d}\" fill=\"none\" stroke-linejoin=\"round\" {}/>",
                // Lines at 75 % of their colour's own opacity, so items show through.
                stroke_attr(Rgba { a: (f32::from(colour.a) * 0.75).round() as u8, ..*colour }, width_mm / k)
            );
        }
    }
    (drawn, wanted)
}
