//! Elevation sheets: for each rack type the design uses, its racks' elevations — front and rear, U1 at the
//! bottom, every unit named — one drawing for each different fill (a network rack holding leaves and one holding
//! spines differ), with how many racks are built that way and one of them by name. Drawn from
//! `analysis::elevation`, the account the U check and the Inspector read.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::frame::{self, INK, QUIET, RULE, SheetInfo, clip, esc, text};
use crate::analysis::elevation::{self, Elevation, Face, Unit, UnitKind};
use crate::format::Units;
use crate::model::Layout;
use crate::palette;

/// Different fills drawn on one sheet.
const PER_SHEET: usize = 3;
/// Sheets per rack type at most (further fills are counted on the last).
const MAX_SHEETS_PER_TYPE: usize = 3;
/// Height of one U on paper at most, mm.
const U_MM: f64 = 4.2;
/// Width of one face, mm.
const FACE_MM: f64 = 46.0;

/// One fill of a rack type: its elevation, how many racks have it and the first of them.
#[derive(Clone, Debug)]
pub struct Fill {
    /// The elevation.
    pub elevation: Elevation,
    /// Racks built this way.
    pub racks: usize,
    /// The first of them in the layout's order: its label on the floor.
    pub example: String,
    /// What it holds, in a line: `"8 × H100 SXM5 server"`, `"8 × leaf switch — NVIDIA …"`.
    pub summary: String,
}

/// A rack type's fills, most common first.
#[derive(Clone, Debug)]
pub struct TypeFills {
    /// The type's id.
    pub type_id: String,
    /// Its name.
    pub name: String,
    /// Its fills.
    pub fills: Vec<Fill>,
}

/// The rack types a layout uses, in catalog order, each with its distinct fills.
pub fn fills(layout: &Layout) -> Vec<TypeFills> {
    let rows = crate::analysis::rows::rows(layout);
    let mut by_type: BTreeMap<usize, BTreeMap<String, Fill>> = BTreeMap::new();
    for item in &layout.items {
        let Some(ty) = layout.type_of(item) else { continue };
        if !elevation::is_rack(ty) {
            continue;
        }
        let Some(e) = elevation::of_item(layout, item) else { continue };
        let key = signature(&e);
        let at = layout.catalog.types.iter().position(|t| t.id == ty.id).unwrap_or(usize::MAX);
        let fills = by_type.entry(at).or_default();
        fills.entry(key).and_modify(|f| f.racks += 1).or_insert_with(|| {
            let summary = summary(&e);
            Fill { elevation: e, racks: 1, example: rows.label(item, ty), summary }
        });
    }
    by_type
        .into_iter()
        .filter_map(|(at, fills)| {
            let ty = layout.catalog.types.get(at)?;
            let mut fills: Vec<Fill> = fills.into_values().collect();
            fills.sort_by(|a, b| b.racks.cmp(&a.racks).then_with(|| a.example.cmp(&b.example)));
            Some(TypeFills { type_id: ty.id.0.clone(), name: ty.name.clone(), fills })
        })
        .collect()
}

/// The devices an elevation holds, by what they are: `"8 × leaf switch — NVIDIA …; 2 × management switch"`.
fn summary(e: &Elevation) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for d in e.devices() {
        match counts.iter_mut().find(|(w, _)| *w == d.what) {
            Some((_, n)) => *n += 1,
            None => counts.push((&d.what, 1)),
        }
    }
    counts.iter().map(|(w, n)| format!("{n} × {w}")).collect::<Vec<_>>().join("; ")
}

/// What makes two elevations the same drawing: every unit's place, size and label, and the strips.
fn signature(e: &Elevation) -> String {
    let mut s = format!("{}|{}|{}", e.total_u, e.reserved_u, e.zero_u.len());
    for u in &e.units {
        let _ = write!(s, "|{}:{}:{}", u.position_u, u.height_u, u.label);
    }
    s
}

/// The sheets' titles and bodies for one rack type (before framing): at most [`MAX_SHEETS_PER_TYPE`].
pub fn sheets_for(t: &TypeFills) -> Vec<(String, Vec<&Fill>, bool)> {
    let chunks: Vec<Vec<&Fill>> = t.fills.chunks(PER_SHEET).map(|c| c.iter().collect()).collect();
    let n = chunks.len().min(MAX_SHEETS_PER_TYPE);
    chunks
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, fills)| {
            let part = if n > 1 { format!(" ({} of {n})", i + 1) } else { String::new() };
            (format!("Rack elevation — {}{part}", t.name), fills, i + 1 == n)
        })
        .collect()
}

/// One elevation sheet: up to three fills side by side, a legend and what is left out, framed.
pub fn sheet_svg(
    layout: &Layout,
    t: &TypeFills,
    (fills, last): (&[&Fill], bool),
    sheet: &SheetInfo<'_>,
    units: Units,
) -> String {
    let mut out = String::with_capacity(32_768);
    frame::open(&mut out, sheet.title);
    let [ax, ay, aw, ah] = frame::area();
    let legend_w = 70.0;
    // Fewer fills than a sheet holds sit centred in the room they have.
    let slot_w = (aw - legend_w) / fills.len().clamp(1, PER_SHEET) as f64;
    for (i, fill) in fills.iter().enumerate() {
        draw_fill(&mut out, fill, [ax + i as f64 * slot_w, ay, slot_w, ah], units);
    }
    // Legend and notes at the right.
    let lx = ax + aw - legend_w + 4.0;
    let mut ly = ay + 6.0;
    // The type's name on up to two lines.
    let (first, rest) = split_line(&t.name, 30);
    text(&mut out, lx, ly, 3.4, INK, &first, "");
    ly += 5.0;
    if !rest.is_empty() {
        text(&mut out, lx, ly, 3.4, INK, &clip(&rest, 30), "");
        ly += 5.0;
    }
    text(&mut out, lx, ly, 2.6, QUIET, &format!("type {}", t.type_id), "");
    ly += 8.0;
    for kind in [
        UnitKind::Server,
        UnitKind::Switch,
        UnitKind::Mounted,
        UnitKind::Content,
        UnitKind::Blank,
        UnitKind::Reserved,
        UnitKind::PduStrip,
    ] {
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.2}\" y=\"{:.2}\" width=\"6\" height=\"3.6\" fill=\"{}\" stroke=\"{RULE}\" stroke-width=\"0.15\"/>",
            ly - 3.0,
            palette::elevation_unit(kind, false).hex()
        );
        text(&mut out, lx + 8.0, ly, 2.6, INK, kind.label(), "");
        ly += 5.0;
    }
    ly += 4.0;
    for line in [
        "U1 at the bottom; a device's U is the lowest it",
        "occupies (NetBox's position). Servers and",
        "switches are full depth (both faces). One 0U",
        "PDU strip per power feed, at the rear. kW: design",
        "(peak) basis; a server's is its share of the",
        "rack type's peak.",
    ] {
        text(&mut out, lx, ly, 2.3, QUIET, line, "");
        ly += 3.4;
    }
    let shown: usize = t.fills.iter().take(PER_SHEET * MAX_SHEETS_PER_TYPE).count();
    if last && t.fills.len() > shown {
        let rest: usize = t.fills[shown..].iter().map(|f| f.racks).sum();
        ly += 3.0;
        text(&mut out, lx, ly, 2.5, INK, &format!("{} other fills ({rest} racks)", t.fills.len() - shown), "");
        ly += 3.4;
        text(&mut out, lx, ly, 2.3, QUIET, "are not drawn: see the Inspector", "");
    }
    frame::close(&mut out, layout, sheet);
    out
}

/// One fill: caption, unit numbers, front and rear.
fn draw_fill(out: &mut String, fill: &Fill, [x, y, w, h]: [f64; 4], units: Units) {
    let e = &fill.elevation;
    let rows = e.total_u.max(e.units.iter().map(|u| u.position_u + u.height_u.max(1) - 1).max().unwrap_or(0));
    let caption_h = 18.0;
    let u_mm = U_MM.min((h - caption_h - 8.0) / f64::from(rows.max(1)));
    let numbers = 8.0;
    let gap = 4.0;
    let x0 = x + (w - (numbers + 2.0 * FACE_MM + gap + 6.0)) / 2.0;
    let fronts = [(Face::Front, x0 + numbers), (Face::Rear, x0 + numbers + FACE_MM + gap)];
    let racks = if fill.racks == 1 {
        "1 rack".to_owned()
    } else {
        format!("{} racks", crate::format::count(fill.racks as u64))
    };
    text(out, x0, y + 5.0, 3.2, INK, &format!("{racks} like {}", clip(&fill.example, 30)), "");
    let over = if e.overfull() { " — OVERFULL" } else { "" };
    text(
        out,
        x0,
        y + 10.0,
        2.6,
        if e.overfull() { "#b00000" } else { QUIET },
        &format!("{}U used of {}U ({}U, top {}U kept free){over}", e.used_u, e.usable_u(), e.total_u, e.reserved_u),
        "",
    );
    text(out, x0, y + 14.5, 2.4, QUIET, &clip(&fill.summary, 70), "");
    let top = y + caption_h + 4.0;
    for (face, fx) in fronts {
        frame::text(out, fx + FACE_MM / 2.0 - 4.0, top - 1.5, 2.6, INK, face.netbox(), "");
    }
    let y_of = |u: u32| top + f64::from(rows - u) * u_mm;
    // The rack's outline.
    for (_, fx) in fronts {
        let _ = writeln!(
            out,
            "<rect x=\"{fx:.2}\" y=\"{top:.2}\" width=\"{FACE_MM}\" height=\"{:.2}\" fill=\"none\" stroke=\"{INK}\" \
             stroke-width=\"0.4\"/>",
            f64::from(rows) * u_mm
        );
    }
    for unit in &e.units {
        for (face, fx) in fronts {
            if !unit.full_depth && unit.face != face && unit.kind != UnitKind::Reserved {
                continue;
            }
            let hu = unit.height_u.max(1);
            let (ry, rh) = (y_of(unit.position_u + hu - 1), f64::from(hu) * u_mm);
            let fill_c = palette::elevation_unit(unit.kind, false);
            let stroke = if unit.over { "#c00000" } else { RULE };
            let _ = writeln!(
                out,
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{}\" stroke=\"{stroke}\" \
                 stroke-width=\"{}\"><title>{}</title></rect>",
                fx + 0.2,
                ry + 0.1,
                FACE_MM - 0.4,
                rh - 0.2,
                fill_c.hex(),
                if unit.over { 0.5 } else { 0.15 },
                esc(&unit_details(unit, units).replace('\n', "; "))
            );
            let size = (u_mm * 0.6).min(2.5);
            if rh >= size + 0.6 {
                let ink = palette::text_on(fill_c).hex();
                let label = clip(&unit.label, (FACE_MM / (size * 0.52)) as usize);
                let mid = ry + rh / 2.0 + size * 0.35;
                if rh >= 2.0 * size + 1.5 && unit.kind != UnitKind::Blank && unit.kind != UnitKind::Reserved {
                    text(out, fx + 1.5, mid - size * 0.6, size, &ink, &label, "");
                    text(out, fx + 1.5, mid + size * 0.6, size * 0.85, &ink, &figures(unit, units), "");
                } else {
                    text(out, fx + 1.5, mid, size, &ink, &label, "");
                }
            }
        }
    }
    // 0U strips down the rear's right edge.
    let rear_x = fronts[1].1 + FACE_MM;
    for (n, strip) in e.zero_u.iter().enumerate() {
        let sx = rear_x + 1.0 + n as f64 * 1.8;
        let _ = writeln!(
            out,
            "<rect x=\"{sx:.2}\" y=\"{:.2}\" width=\"1.3\" height=\"{:.2}\" fill=\"{}\"><title>{}</title></rect>",
            y_of(e.total_u),
            f64::from(e.total_u) * u_mm,
            palette::elevation_unit(UnitKind::PduStrip, false).hex(),
            esc(&strip.label)
        );
    }
    // Unit numbers: 1 and every fourth, and the top.
    for u in 1..=rows {
        if u == 1 || u % 4 == 0 || u == rows {
            let colour = if u > e.total_u { "#b00000" } else { INK };
            let _ = writeln!(
                out,
                "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"{:.2}\" text-anchor=\"end\" fill=\"{colour}\">{u}</text>",
                fronts[0].1 - 1.2,
                y_of(u) + u_mm * 0.75,
                (u_mm * 0.6).min(2.4)
            );
        }
    }
}

/// Its figures for a hover or a table: place, power at design basis, weight and ports where known.
pub fn unit_details(u: &Unit, units: Units) -> String {
    let mut s = format!("{}\n{}", u.label, u.place());
    if u.power_kw > 0.0 {
        let share = if u.kind == UnitKind::Server { ", its share of the rack type's peak" } else { "" };
        s += &format!("\n{} at design basis (peak){share}", crate::format::power(u.power_kw));
    }
    if u.weight_kg > 0.0 {
        s += &format!("\n{}", units.weight(u.weight_kg));
    }
    if u.ports > 0 {
        s += &format!("\n{} network ports", u.ports);
    }
    if u.over {
        s += "\nAbove the usable height: the rack is overfull";
    }
    s
}

/// `s` cut at the last space before `n` characters: the first line and the rest.
fn split_line(s: &str, n: usize) -> (String, String) {
    if s.chars().count() <= n {
        return (s.to_owned(), String::new());
    }
    let cut: String = s.chars().take(n).collect();
    match cut.rfind(' ') {
        Some(at) => (s[..at].to_owned(), s[at + 1..].to_owned()),
        None => (cut.clone(), s.chars().skip(n).collect()),
    }
}

/// A unit's figures in a line: power, weight, ports where known.
fn figures(u: &Unit, units: Units) -> String {
    let mut parts = Vec::new();
    if u.power_kw > 0.0 {
        parts.push(crate::format::power(u.power_kw));
    }
    if u.weight_kg > 0.0 {
        parts.push(units.weight(u.weight_kg));
    }
    if u.ports > 0 {
        parts.push(format!("{} ports", u.ports));
    }
    format!("U{} · {}", u.position_u, parts.join(" · "))
}
