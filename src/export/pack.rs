//! The design pack: one PDF of A3 sheets a customer or a build team can use — the plan, the power chain's
//! single-line diagram (when the site is modelled), the build timeline (when the design is phased), an elevation
//! sheet for every rack type used and the bill of materials as a table — each sheet with its title, the design's
//! document data and "sheet n of N", and the PDF with a bookmark a sheet and the document data in its info.
//! Every sheet is also an SVG of its own (`export --pack --page N`), so each exports alone as SVG or PNG.

use std::collections::HashMap;

use super::frame::{self, SheetInfo};
use super::plan::{ExportError, PlanOptions, parse_svg};
use super::{bom_sheet, elevations};
use crate::analysis::Report;
use crate::model::Layout;

/// One sheet of the pack.
#[derive(Clone, Debug)]
pub struct PackSheet {
    /// Its title (the PDF's bookmark and the title strip).
    pub title: String,
    /// The drawing.
    pub svg: String,
}

/// What a sheet of the pack is, before it is drawn (so it is numbered before drawing).
enum Planned<'a> {
    Plan,
    PowerChain,
    Timeline,
    Elevation(&'a elevations::TypeFills, Vec<&'a elevations::Fill>, bool),
    Bom(usize),
}

/// The pack's sheets, in order, drawn.
pub fn sheets(layout: &Layout, report: &Report, opts: &PlanOptions) -> Vec<PackSheet> {
    let fills = elevations::fills(layout);
    let mut planned: Vec<(String, Planned<'_>)> = vec![("Floor plan".to_owned(), Planned::Plan)];
    if layout.site.is_some() {
        planned.push(("Power chain — single-line diagram".to_owned(), Planned::PowerChain));
    }
    if !layout.phases.is_empty() {
        planned.push(("The build in phases — timeline".to_owned(), Planned::Timeline));
    }
    for t in &fills {
        for (title, fs, last) in elevations::sheets_for(t) {
            planned.push((title, Planned::Elevation(t, fs, last)));
        }
    }
    let bom = bom_sheet::sheet_count(report);
    for i in 0..bom {
        let part = if bom > 1 { format!(" ({} of {bom})", i + 1) } else { String::new() };
        planned.push((format!("Bill of materials{part}"), Planned::Bom(i)));
    }
    let of = planned.len();
    planned
        .into_iter()
        .enumerate()
        .map(|(i, (title, what))| {
            let info = SheetInfo { title: &title, number: i + 1, of, date: &opts.date };
            let svg = match what {
                Planned::Plan => numbered(super::plan::plan_svg(layout, report, opts), &info),
                Planned::PowerChain | Planned::Timeline => {
                    // The drawing's own heading, short: the frame's title strip says the rest.
                    let drawing = if matches!(what, Planned::PowerChain) {
                        let heading = super::power_chain_heading(report);
                        super::sld::svg(&super::sld::Diagram::of(layout, report), &heading)
                    } else {
                        let phases = crate::analysis::phases::analyse_phases(layout);
                        super::timeline::svg(&phases, &super::timeline_heading(&phases))
                    };
                    let mut out = String::with_capacity(drawing.len() + 4096);
                    frame::open(&mut out, &title);
                    frame::embed(&mut out, &drawing, frame::area(), "drawing-area");
                    frame::close(&mut out, layout, &info);
                    out
                }
                Planned::Elevation(t, fs, last) => elevations::sheet_svg(layout, t, (&fs, last), &info, opts.units),
                Planned::Bom(i) => bom_sheet::sheet_svg(layout, report, i, &info),
            };
            PackSheet { title, svg }
        })
        .collect()
}

/// The plan sheet with its number in the pack, top right above the drawing.
fn numbered(mut svg: String, info: &SheetInfo<'_>) -> String {
    let Some(at) = svg.rfind("</svg>") else { return svg };
    let w = if svg.contains("width=\"297mm\"") { 297.0 } else { 420.0 };
    svg.insert_str(
        at,
        &format!(
            "<text id=\"sheet-number\" x=\"{:.1}\" y=\"7\" font-size=\"3\" text-anchor=\"end\" fill=\"{}\">{} — sheet {} \
             of {}</text>\n",
            w - frame::MARGIN_MM,
            frame::INK,
            frame::esc(info.title),
            info.number,
            info.of
        ),
    );
    svg
}

/// The sheets as one PDF: a page a sheet at its own size, a bookmark a sheet (its title), the document data in
/// the PDF's info (title, subject, author, keywords), opening on the bookmarks.
pub fn pdf(layout: &Layout, sheets: &[PackSheet]) -> Result<Vec<u8>, ExportError> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let outline_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut pages = Vec::with_capacity(sheets.len());
    let mut items = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let tree = parse_svg(&sheet.svg)?;
        let (chunk, svg_id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| ExportError::Pdf(e.to_string()))?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = *map.get(&svg_id).ok_or_else(|| ExportError::Pdf("the drawing was lost".into()))?;
        let (page_id, content_id, item_id) = (alloc.bump(), alloc.bump(), alloc.bump());
        // usvg measures in CSS pixels (96 to the inch); a PDF point is 1/72 inch.
        let (w, h) = (tree.size().width() * 0.75, tree.size().height() * 0.75);
        let name = Name(b"S0");
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        pages.push(page_id);
        items.push(item_id);
    }
    pdf.pages(tree_id).kids(pages.iter().copied()).count(pages.len() as i32);
    for (i, sheet) in sheets.iter().enumerate() {
        let mut item = pdf.outline_item(items[i]);
        item.title(TextStr(&format!("{} — {}", i + 1, sheet.title)));
        item.parent(outline_id);
        if i > 0 {
            item.prev(items[i - 1]);
        }
        if let Some(next) = items.get(i + 1) {
            item.next(*next);
        }
        item.dest().page(pages[i]).fit();
        item.finish();
    }
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        pdf.outline(outline_id).first(*first).last(*last).count(items.len() as i32);
    }
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    if !items.is_empty() {
        catalog.outlines(outline_id).page_mode(pdf_writer::types::PageMode::UseOutlines);
    }
    catalog.finish();
    let d = &layout.document;
    let mut info = pdf.document_info(info_id);
    let name = if layout.name.is_empty() { "Untitled hall" } else { layout.name.as_str() };
    info.title(TextStr(&format!("{name} — design pack")));
    info.creator(TextStr("clusterplan"));
    if !d.project.is_empty() || !d.customer.is_empty() {
        info.subject(TextStr(&frame::document_lines(d).first().cloned().unwrap_or_default()));
    }
    if !d.prepared_by.is_empty() {
        info.author(TextStr(&d.prepared_by));
    }
    if let Some(r) = d.current() {
        info.keywords(TextStr(&format!("rev {} of {}", r.rev, r.date)));
    }
    info.finish();
    Ok(pdf.finish())
}
