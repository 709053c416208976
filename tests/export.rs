//! The exports a user hands to others, read back with real parsers: the plan SVG parses and renders (resvg) to a
//! non-blank sheet with one shape per item, coloured as the canvas colours it; the PDF opens (lopdf) with one A3
//! page; the CSV and JSON are the BOM and the report; the command line writes each by its extension.

use std::path::Path;

use clusterplan::analysis::{Report, analyse};
use clusterplan::cli::run;
use clusterplan::export::plan::{PlanOptions, PlanOverlay, Sheet, parse_svg, plan_svg, svg_to_pdf, svg_to_png};
use clusterplan::export::{ExportFormat, PNG_DPI, bom_csv, export_bytes};
use clusterplan::io::load_layout;
use clusterplan::model::{EquipmentKind, Layout};
use clusterplan::palette::{self, Colouring, ItemStates};

/// `expect` for tests: panics naming what was wanted.
trait Must<T> {
    fn must(self, what: &str) -> T;
}

impl<T> Must<T> for Option<T> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|| panic!("{what}"))
    }
}

impl<T, E: std::fmt::Debug> Must<T> for Result<T, E> {
    fn must(self, what: &str) -> T {
        self.unwrap_or_else(|e| panic!("{what}: {e:?}"))
    }
}

fn sample(name: &str) -> (Layout, Report) {
    let layout = load_layout(Path::new(&format!("layouts/{name}"))).must("sample loads");
    let report = analyse(&layout);
    (layout, report)
}

fn opts(overlay: Option<PlanOverlay>) -> PlanOptions {
    PlanOptions { overlay, date: "2026-11-26".into(), file: Some("demo.ron".into()), ..Default::default() }
}

#[test]
fn the_plan_svg_parses_with_one_shape_per_item_and_a_title_block() {
    let (layout, report) = sample("demo.ron");
    let svg = plan_svg(&layout, &report, &opts(None));
    // Every item is one rect with its id, once.
    let doc = resvg::usvg::roxmltree::Document::parse(&svg).must("well-formed XML");
    let item_rects: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("id"))
        .filter(|id| id.starts_with("item-"))
        .collect();
    assert_eq!(item_rects.len(), layout.items.len());
    let tree = parse_svg(&svg).must("usvg parses the plan");
    for item in &layout.items {
        assert!(tree.node_by_id(&format!("item-{}", item.id.0)).is_some(), "item {} drawn", item.id.0);
    }
    // The sheet is A3 landscape in millimetres; the title block names the design, file, date and scale.
    assert!(svg.contains("width=\"420mm\" height=\"297mm\""));
    for words in
        ["Demo hall", "File: demo.ron", "Date: 2026-11-26", "Scale 1:100 on A3 landscape", "Key figures", "Legend"]
    {
        assert!(svg.contains(words), "title block shows {words:?}");
    }
    // Key figures are the report's own: 2,048 GPUs.
    assert_eq!(report.gpus.total, 2048);
    assert!(svg.contains("2,048 H100"), "GPUs in the title block");
    // Grid labels every 2 tiles at 1:100 with 0.6 m tiles (1.2 m ≥ 10 mm on paper): columns by letter (A, C,
    // E, …), rows by number from 1 (1, 3, 5, …), each at the middle of the tile it names.
    let labels: Vec<String> = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("grid-labels"))
        .must("grid labels")
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    assert!(labels.starts_with(&["A".to_owned(), "C".to_owned(), "E".to_owned()]), "{labels:?}");
    assert!(labels.iter().any(|l| l == "1") && labels.iter().any(|l| l == "3"), "{labels:?}");
    assert_eq!(labels.last().map(String::as_str), Some("grid"), "the labels say what they are");
    assert!(svg.contains("grid: columns A, B … rows 1, 2 …, every 2 tiles"), "the title block says how to read it");
}

#[test]
fn the_plan_renders_to_a_non_blank_png_coloured_as_the_canvas() {
    let (layout, report) = sample("demo.ron");
    let states = ItemStates::of(&report);
    for (overlay, how) in [
        (None, Colouring::default()),
        (
            Some(PlanOverlay::Heat),
            Colouring { heat: Some(palette::heat_scale_kw(report.power.densest_rack_kw)), ..Default::default() },
        ),
        (Some(PlanOverlay::Feeds), Colouring { loads: true, ..Default::default() }),
    ] {
        let svg = plan_svg(&layout, &report, &opts(overlay));
        let png = svg_to_png(&svg, PNG_DPI).must("renders");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).must("a PNG");
        assert_eq!((pixmap.width(), pixmap.height()), (2480, 1754), "A3 at 150 dpi");
        let distinct: std::collections::HashSet<[u8; 4]> =
            pixmap.pixels().iter().step_by(97).map(|p| [p.red(), p.green(), p.blue(), p.alpha()]).collect();
        assert!(distinct.len() > 20, "{overlay:?}: not blank ({} colours)", distinct.len());
        // A GPU rack and a PDU show the fill the canvas gives them under this overlay, a little in from the
        // rack's left edge and above its middle (clear of outline, front edge, mounted strip, label and feed lines).
        let den = Sheet::for_hall(layout.hall.width_m, layout.hall.depth_m).denominator;
        let hall_origin = hall_origin_mm(&svg);
        for kind in [EquipmentKind::GpuRack, EquipmentKind::Pdu] {
            let item = layout.items.iter().find(|i| layout.type_of(i).is_some_and(|t| t.kind == kind)).must("one");
            let ty = layout.type_of(item).must("type");
            let r = clusterplan::analysis::geometry::item_rect(&layout, item).must("rect");
            let mm = |m: f64, o: f64| o + m * 1000.0 / den;
            let px = |mm: f64| (mm / 25.4 * f64::from(PNG_DPI)).round() as u32;
            let (x, y) =
                (px(mm(r.min.x + 0.12, hall_origin.0)), px(mm(r.min.y + 0.4 * (r.max.y - r.min.y), hall_origin.1)));
            let p = pixmap.pixel(x, y).must("inside");
            let want = palette::item_fill(&layout, &report, &states, item, ty, how, false);
            let got = [p.red(), p.green(), p.blue()];
            let close = got.iter().zip([want.r, want.g, want.b]).all(|(a, b)| a.abs_diff(b) <= 2);
            assert!(close, "{overlay:?} {kind:?}: pixel {got:?}, canvas fill {want:?}");
        }
    }
}

/// Where the hall's origin sits on the sheet, read from the drawing's transform.
fn hall_origin_mm(svg: &str) -> (f64, f64) {
    let doc = resvg::usvg::roxmltree::Document::parse(svg).must("xml");
    let g = doc.descendants().find(|n| n.attribute("id") == Some("hall")).must("hall group");
    let t = g.attribute("transform").must("transform");
    let inner = t.trim_start_matches("translate(").split(')').next().must("translate");
    let mut it = inner.split(' ').map(|v| v.parse::<f64>().must("number"));
    (it.next().must("x"), it.next().must("y"))
}

#[test]
fn the_pdf_opens_with_one_a3_page() {
    let (layout, report) = sample("nvl72-8su.ron");
    let pdf = svg_to_pdf(&plan_svg(&layout, &report, &opts(Some(PlanOverlay::Fabric)))).must("converts");
    let doc = lopdf::Document::load_mem(&pdf).must("lopdf opens it");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc.get_dictionary(*pages.values().next().must("page")).must("page dict");
    let media = page.get(b"MediaBox").must("media box").as_array().must("array");
    let v: Vec<f64> = media
        .iter()
        .map(|o| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).must("number"))
        .collect();
    // A3 landscape: 420 × 297 mm = 1190.55 × 841.89 pt.
    assert!((v[2] - v[0] - 1190.55).abs() < 1.0 && (v[3] - v[1] - 841.89).abs() < 1.0, "{v:?}");
}

#[test]
fn every_overlay_and_theme_draws_and_hostile_names_stay_text() {
    let (mut layout, _) = sample("demo.ron");
    layout.name = "<script>alert(\"x\")</script> & co's hall".into();
    let report = analyse(&layout);
    for overlay in
        [None, Some(PlanOverlay::Feeds), Some(PlanOverlay::Fabric), Some(PlanOverlay::Heat), Some(PlanOverlay::Floor)]
    {
        for dark in [false, true] {
            let svg = plan_svg(&layout, &report, &PlanOptions { dark, ..opts(overlay) });
            assert!(!svg.contains("<script>"), "markup in the name is escaped");
            let tree = parse_svg(&svg).must("parses");
            assert!(tree.root().has_children());
        }
    }
    let svg = plan_svg(&layout, &report, &opts(Some(PlanOverlay::Fabric)));
    assert!(svg.contains("id=\"trays\"") && svg.contains("id=\"overlay-0\""), "fabric overlay draws trays and links");
    let svg = plan_svg(&layout, &report, &opts(Some(PlanOverlay::Feeds)));
    assert!(svg.contains("feed A") && svg.contains("id=\"overlay-0\""), "feeds overlay draws A lines and a key");
    let doc = resvg::usvg::roxmltree::Document::parse(&svg).must("xml");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).must("title");
    assert_eq!(title, layout.name);
}

#[test]
fn scales_are_round_and_fit_the_sheet() {
    let sheet = |w, d| Sheet::for_hall(w, d);
    assert_eq!(sheet(27.6, 14.4), Sheet { portrait: false, denominator: 100.0 });
    // A deep hall turns the sheet: 1:500 portrait, where landscape would need 1:1,000.
    assert_eq!(sheet(112.0, 148.0), Sheet { portrait: true, denominator: 500.0 });
    assert_eq!(sheet(1.0, 1.0).denominator, 5.0);
    assert_eq!(sheet(3000.0, 10.0), Sheet { portrait: false, denominator: 10_000.0 });
    for (w, d) in [(27.6, 14.4), (112.0, 148.0), (500.0, 900.0), (0.5, 40.0), (99.6, 126.0)] {
        let s = sheet(w, d);
        let [_, _, aw, ah] = s.drawing_area();
        assert!(w * s.mm_per_m() <= aw && d * s.mm_per_m() <= ah, "{w} × {d} m fits at 1:{}", s.denominator);
        let lead = s.denominator / 10f64.powf(s.denominator.log10().floor());
        assert!([1.0, 2.0, 2.5, 5.0].iter().any(|f| (f - lead).abs() < 1e-9), "1:{} is round", s.denominator);
        // The other orientation would not draw it bigger.
        let other = Sheet { portrait: !s.portrait, denominator: 1.0 }.fit(w, d);
        assert!(other.denominator >= s.denominator, "{w} × {d}: {other:?} against {s:?}");
    }
    // A portrait sheet's PDF page is 297 × 420 mm.
    let (mut layout, _) = sample("demo.ron");
    layout.hall.width_m = 100.0;
    layout.hall.depth_m = 140.0;
    let report = analyse(&layout);
    let svg = plan_svg(&layout, &report, &opts(None));
    assert!(svg.contains("width=\"297mm\" height=\"420mm\""), "portrait sheet");
    assert!(svg.contains("on A3 portrait"));
    parse_svg(&svg).must("portrait parses");
}

#[test]
fn the_command_line_writes_each_export_by_extension_and_refuses_unknown_ones() {
    let dir = tempfile::tempdir().must("temp dir");
    let (layout, report) = sample("demo.ron");
    for (name, magic) in [
        ("plan.svg", &b"<svg"[..]),
        ("plan.png", &b"\x89PNG"[..]),
        ("plan.pdf", &b"%PDF"[..]),
        ("bom.csv", &b"bill_of_materials,Demo hall"[..]),
        ("report.json", &b"{"[..]),
    ] {
        let out = dir.path().join(name);
        let o = run(["clusterplan", "export", "layouts/demo.ron", "-o", out.to_str().must("utf-8")]).must("parses");
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        let bytes = std::fs::read(&out).must("written");
        assert!(bytes.starts_with(magic), "{name} starts with {magic:?}");
    }
    // The CSV is the BOM and the JSON the report, byte for byte.
    let csv = std::fs::read_to_string(dir.path().join("bom.csv")).must("csv");
    assert_eq!(csv, bom_csv(&layout, &report, &clusterplan::export::plan::today()).must("bom"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).must("json")).must("parses");
    assert_eq!(json["gpus"]["total"], 2048);
    // --format wins over the extension.
    let out = dir.path().join("drawing.png");
    let o = run([
        "clusterplan",
        "export",
        "layouts/demo.ron",
        "--format",
        "svg",
        "--overlay",
        "heat",
        "--theme",
        "dark",
        "-o",
        out.to_str().must("utf-8"),
    ])
    .must("parses");
    assert_eq!(o.code, 0, "{}", o.stderr);
    let svg = std::fs::read_to_string(&out).must("svg");
    assert!(svg.contains("overlay: heat"));
    let today = PlanOptions { date: clusterplan::export::plan::today(), ..opts(None) };
    assert_eq!(export_bytes(&layout, &report, ExportFormat::Csv, &today).must("csv"), csv.into_bytes());
    // An extension it cannot tell, and no --format: a clear error and nothing written.
    let out = dir.path().join("plan.docx");
    let o = run(["clusterplan", "export", "layouts/demo.ron", "-o", out.to_str().must("utf-8")]).must("parses");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--format svg|png|pdf|csv|json"), "{}", o.stderr);
    assert!(!out.exists());
}

#[test]
fn the_legend_stays_inside_the_title_block_on_both_sheets() {
    for name in ["demo.ron", "colossus-100k.ron"] {
        let (layout, report) = sample(name);
        for overlay in [
            None,
            Some(PlanOverlay::Feeds),
            Some(PlanOverlay::Fabric),
            Some(PlanOverlay::Heat),
            Some(PlanOverlay::Floor),
        ] {
            let svg = plan_svg(&layout, &report, &opts(overlay));
            let doc = resvg::usvg::roxmltree::Document::parse(&svg).must("xml");
            let block = doc.descendants().find(|n| n.attribute("id") == Some("title-block")).must("title block");
            let num = |n: &resvg::usvg::roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
            // The outer box is the block's last rect drawn with the heavier line.
            let outer = block
                .children()
                .rfind(|n| n.has_tag_name("rect") && n.attribute("stroke-width") == Some("0.35"))
                .must("outer box");
            let (y0, h) = (num(&outer, "y").must("y"), num(&outer, "height").must("h"));
            for t in block.descendants().filter(|n| n.has_tag_name("text")) {
                let y = num(&t, "y").must("text y");
                assert!(y > y0 && y < y0 + h, "{name} {overlay:?}: {:?} at y {y} outside {y0}..{}", t.text(), y0 + h);
            }
        }
    }
}

#[test]
fn the_power_chain_sheet_draws_every_stage_of_the_site_and_groups_like_lineups() {
    use clusterplan::export::SheetKind;
    use clusterplan::export::sld::{Diagram, SiteNode};
    let (layout, report) = sample("colossus-100k.ron");
    let d = Diagram::of(&layout, &report);
    // The 72 lineups draw as one group: a unit-substation, a UPS and a PDU box, beside the supply, the
    // substation and the mechanical plant.
    let ups: Vec<&clusterplan::export::sld::Node> =
        d.nodes.iter().filter(|n| matches!(n.what, SiteNode::Ups(_))).collect();
    assert_eq!(ups.len(), 1);
    assert!(ups[0].title.contains("× 72"), "{}", ups[0].title);
    assert!(d.nodes.len() <= 14, "{} boxes for a 169 MW site", d.nodes.len());
    for what in [SiteNode::Substation, SiteNode::Utility(0), SiteNode::MechanicalFeed, SiteNode::Liquid, SiteNode::Air]
    {
        assert!(d.nodes.iter().any(|n| n.what == what), "{what:?} drawn");
    }
    // The grid is over its firm capacity at design: its box is in the overload band.
    let grid = d.nodes.iter().find(|n| n.what == SiteNode::Utility(0)).must("utility");
    assert!(grid.utilisation.must("rated") > 1.0);
    // Boxes never overlap.
    for (i, a) in d.nodes.iter().enumerate() {
        for b in &d.nodes[i + 1..] {
            let apart = a.rect[0] + a.rect[2] <= b.rect[0]
                || b.rect[0] + b.rect[2] <= a.rect[0]
                || a.rect[1] + a.rect[3] <= b.rect[1]
                || b.rect[1] + b.rect[3] <= a.rect[1];
            assert!(apart, "{} and {} overlap", a.title, b.title);
        }
    }
    // As an export: SVG that parses with a group per box, a PDF and a PNG through export_bytes.
    let opts = PlanOptions { sheet: SheetKind::PowerChain, date: "2026-12-06".into(), ..Default::default() };
    let svg = String::from_utf8(export_bytes(&layout, &report, ExportFormat::Svg, &opts).must("svg")).must("utf-8");
    let tree = parse_svg(&svg).must("parses");
    for i in 0..d.nodes.len() {
        assert!(tree.node_by_id(&format!("node-{i}")).is_some(), "node {i} in the SVG");
    }
    assert!(
        svg.contains(&format!("facility {}", clusterplan::format::power(report.site.facility_design_kw))),
        "the title names the design load"
    );
    assert!(export_bytes(&layout, &report, ExportFormat::Pdf, &opts).must("pdf").starts_with(b"%PDF"));
    // A hall without a site has no power chain: a clear error, nothing drawn.
    let mut bare = layout.clone();
    bare.site = None;
    bare.items.iter_mut().for_each(|i| i.upstream = None);
    let e = export_bytes(&bare, &analyse(&bare), ExportFormat::Svg, &opts).err().must("refused");
    assert!(e.contains("does not model its site"), "{e}");
}

#[test]
fn a_gigawatt_site_draws_as_few_boxes_as_a_small_one() {
    use clusterplan::export::sld::Diagram;
    let params = clusterplan::generate::preset_params("colossus", Some(1_000_000), None).must("params");
    let layout = clusterplan::generate::generate(&params).must("1M GPUs");
    let report = analyse(&layout);
    assert!(report.site.facility_design_kw > 1.0e6, "a gigawatt: {}", report.site.facility_design_kw);
    let d = Diagram::of(&layout, &report);
    let (_, small) = sample("demo.ron");
    let small_d = Diagram::of(&load_layout(Path::new("layouts/demo.ron")).must("demo"), &small);
    assert!(
        d.nodes.len() <= small_d.nodes.len() + 4,
        "{} boxes at 1 GW, {} at 3 MW",
        d.nodes.len(),
        small_d.nodes.len()
    );
}

#[test]
fn the_timeline_sheet_draws_each_phase_its_supply_and_its_shortfall() {
    let dir = tempfile::tempdir().must("temp dir");
    let (layout, report) = sample("colossus-200k.ron");
    let opts = PlanOptions { sheet: clusterplan::export::SheetKind::Timeline, ..opts(None) };
    let svg = String::from_utf8(export_bytes(&layout, &report, ExportFormat::Svg, &opts).must("svg")).must("utf-8");
    parse_svg(&svg).must("the timeline parses");
    for id in ["id=\"needed\"", "id=\"available\"", "id=\"firm\"", "id=\"gpus\""] {
        assert!(svg.contains(id), "no {id}");
    }
    // Six phases, each dated; two shortfalls (100k H100 on August 2024's supply; 200k on May 2025's, its
    // Megapacks' MWh not yet reported) and one phase on batteries (August 2025).
    for date in ["2024-07", "2024-08", "2024-09", "2025-04", "2025-05", "2025-08"] {
        assert!(svg.contains(&format!(">{date}<")), "no {date}");
    }
    assert_eq!(svg.matches("class=\"shortfall\"").count(), 2);
    assert_eq!(svg.matches("class=\"on-batteries\"").count(), 1);
    assert!(svg.contains("200,000 GPUs by day 377"), "the title says when the last GPU comes online");
    // The command line writes it as SVG, PNG and PDF.
    for (name, magic) in [("t.svg", &b"<svg"[..]), ("t.png", &b"\x89PNG"[..]), ("t.pdf", &b"%PDF"[..])] {
        let out = dir.path().join(name);
        let o = run([
            "clusterplan",
            "export",
            "layouts/colossus-200k.ron",
            "--sheet",
            "timeline",
            "-o",
            out.to_str().must("utf-8"),
        ])
        .must("parses");
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        assert!(std::fs::read(&out).must("written").starts_with(magic), "{name}");
    }
}

#[test]
fn the_plan_sheet_prints_the_document_data() {
    let (mut layout, report) = sample("demo.ron");
    let plain = plan_svg(&layout, &report, &opts(None));
    assert!(!plain.contains("rev A"), "no document data stated, none printed");
    layout.document = clusterplan::model::document::DocumentInfo {
        project: "Memphis phase 2".into(),
        customer: "Example AI".into(),
        prepared_by: "A. Architect".into(),
        revisions: vec![clusterplan::model::document::Revision {
            rev: "A".into(),
            date: "2026-12-06".into(),
            note: "first issue".into(),
        }],
    };
    let svg = plan_svg(&layout, &report, &opts(None));
    parse_svg(&svg).must("parses");
    assert!(svg.contains(">Project: Memphis phase 2 · for Example AI<"), "the title block");
    assert!(svg.contains(">Prepared by A. Architect · rev A of 2026-12-06<"), "the title block");
}
