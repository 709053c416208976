//! Rendering the plan's SVG: to a tree (usvg), a PNG (resvg / tiny-skia) or a PDF (svg2pdf), lettered in the
//! designer's own font, embedded.

use std::sync::Arc;

use super::{ExportError, UBUNTU_LIGHT};

/// The font database the renderers letter with: the designer's Ubuntu Light, embedded (no system fonts, so a
/// plan renders the same on every machine).
fn font_db() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(UBUNTU_LIGHT.to_vec());
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family);
    }
    Arc::new(db)
}

/// Parses a plan drawing with the embedded font.
pub fn parse_svg(svg: &str) -> Result<resvg::usvg::Tree, ExportError> {
    let db = font_db();
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
    let mut opt = resvg::usvg::Options { fontdb: db, ..Default::default() };
    if let Some(family) = family {
        opt.font_family = family;
    }
    Ok(resvg::usvg::Tree::from_str(svg, &opt)?)
}

/// Renders a plan drawing to PNG at `dpi` dots per inch (150 gives a 2,480 × 1,754 A3 sheet).
pub fn svg_to_png(svg: &str, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let tree = parse_svg(svg)?;
    let scale = dpi / 96.0; // usvg sizes in CSS pixels, 96 to the inch
    let (w, h) = ((tree.size().width() * scale).round() as u32, (tree.size().height() * scale).round() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ExportError::Png(format!("cannot make a {w} × {h} image")))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

/// Converts a plan drawing to a one-page PDF the size of the sheet.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let tree = parse_svg(svg)?;
    // usvg measures in CSS pixels (96 per inch); a PDF point is 1/72 inch.
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions { dpi: 96.0 })
        .map_err(|e| ExportError::Pdf(e.to_string()))
}
