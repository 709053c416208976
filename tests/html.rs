//! The customer's HTML report (issue 24): one self-contained file — the document data, the key figures, the plan
//! with a hover card for every item, the BOM with its total and, with a second design, the comparison. The
//! checks on the file run everywhere; `in_a_real_browser` opens it in headless Chromium (CI installs it and runs
//! the ignored tests of this file) and looks at what the browser made of it: a screenshot that is not blank and
//! the figures in the page's text after its script ran.

use std::path::Path;
use std::process::Command;

use clusterplan::analysis::{Report, analyse};
use clusterplan::cli::run;
use clusterplan::export::html::{Compared, report_html};
use clusterplan::export::plan::PlanOptions;
use clusterplan::io::load_layout;
use clusterplan::model::Layout;

fn sample(name: &str) -> (Layout, Report) {
    let mut layout = load_layout(Path::new("layouts").join(name).as_path()).unwrap_or_else(|e| panic!("{e}"));
    layout.document.project = "Memphis phase 1".into();
    layout.document.customer = "Acme <AI> & Co".into();
    let report = analyse(&layout);
    (layout, report)
}

fn opts() -> PlanOptions {
    PlanOptions { date: "2026-12-06".into(), file: Some("demo.ron".into()), ..PlanOptions::default() }
}

#[test]
fn the_report_is_one_file_with_the_figures_the_plan_and_its_hover_cards_and_the_bom() {
    let (layout, report) = sample("demo.ron");
    let html = report_html(&layout, &report, &opts(), None);
    // One file: nothing fetched from anywhere.
    for fetch in ["src=\"http", "href=\"http", "<link ", "@import", "url(http"] {
        assert!(!html.contains(fetch), "fetches something: {fetch}");
    }
    // The document data, escaped.
    assert!(html.contains("Project: Memphis phase 1 · for Acme &lt;AI&gt; &amp; Co"));
    // Key figures: GPUs and the capital cost as the report has them.
    assert!(html.contains("<th>GPUs</th><td class=\"num\">2,048</td>"));
    assert!(html.contains(&clusterplan::format::usd(report.cost.capex_usd)));
    // The plan inline, every item a shape with a hover card.
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let cards: serde_json::Value = {
        let json = html.split("const CARDS = ").nth(1).and_then(|s| s.split(";\n").next()).unwrap_or("{}");
        serde_json::from_str(json).unwrap_or_else(|e| panic!("cards: {e}"))
    };
    let cards = cards.as_object().unwrap_or_else(|| panic!("an object"));
    assert_eq!(cards.len(), layout.items.len());
    for item in &layout.items {
        let id = format!("item-{}", item.id.0);
        assert!(html.contains(&format!("<rect id=\"{id}\"")), "{id} drawn");
        assert!(cards.contains_key(&id), "{id} has a card");
    }
    let rows = clusterplan::analysis::rows::rows(&layout);
    let rack = layout.items.iter().find(|i| rows.places.contains_key(&i.id)).unwrap_or_else(|| panic!("a rack"));
    let card = cards[&format!("item-{}", rack.id.0)].as_str().unwrap_or("");
    assert!(card.starts_with(&rows.designation(rack.id).unwrap_or_default()), "{card}");
    assert!(card.contains("design (peak)") && card.contains("Fed by"), "{card}");
    // The BOM, a row a line and the total.
    let bom = html.split("<section id=\"bom\">").nth(1).unwrap_or("");
    assert_eq!(bom.matches("<tr title=").count(), report.bom.len());
    assert!(bom.contains(&format!("Total, {} lines", report.bom.len())));
    assert!(!html.contains("id=\"comparison\""), "no comparison without B");
}

#[test]
fn with_a_second_design_the_report_compares_them_and_the_command_line_writes_it() {
    let (a, ra) = sample("superpod-h100-4su.ron");
    let (b, rb) = sample("nvl72-8su.ron");
    let html = report_html(&a, &ra, &opts(), Some(Compared { layout: &b, report: &rb, days: (10, 20) }));
    let cmp = html.split("<section id=\"comparison\">").nth(1).unwrap_or_else(|| panic!("a comparison"));
    assert!(cmp.contains("<th>GPUs</th><td class=\"num\">1,024</td><td class=\"num\">4,608</td>"), "{}", &cmp[..600]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("report.html");
    let o = run([
        "clusterplan",
        "export",
        "layouts/superpod-h100-4su.ron",
        "-o",
        out.to_str().unwrap_or(""),
        "--compare",
        "layouts/nvl72-8su.ron",
    ])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(written.contains("<h2>Compared with GB200 NVL72 hall, 4,608 GPUs</h2>"), "B named by its layout's name");
    // --compare is for the HTML report only.
    let o = run(["clusterplan", "export", "layouts/demo.ron", "-o", "x.csv", "--compare", "layouts/demo.ron"])
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("HTML report"), "{}", o.stderr);
    assert!(!Path::new("x.csv").exists());
}

/// The browser: Debian's `chromium`, or `CHROMIUM` if set.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned())
}

#[test]
#[ignore = "needs headless Chromium: CI runs it (`cargo test --test html -- --ignored`)"]
fn in_a_real_browser() {
    let (layout, report) = sample("demo.ron");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("report.html");
    std::fs::write(&page, report_html(&layout, &report, &opts(), None)).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("file://{}", page.display());
    let shot = dir.path().join("shot.png");
    // A fresh profile and no background networking: the machine's network is closed, and a reused or networking
    // profile makes Chromium slow or noisy at start.
    let profile = |run: &str| format!("--user-data-dir={}", dir.path().join(run).display());
    let headless = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let status = Command::new(chromium())
        .args(headless)
        .arg(profile("profile-shot"))
        .arg("--window-size=1400,2200")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium()));
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    // The screenshot is a page, not a blank: many pixels far from white, and many colours.
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot: {e}"));
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap_or_else(|e| panic!("{e}"));
    let pixels = pixmap.pixels();
    let inked = pixels.iter().filter(|p| u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue()) < 600).count();
    let colours: std::collections::HashSet<(u8, u8, u8)> =
        pixels.iter().step_by(7).map(|p| (p.red(), p.green(), p.blue())).collect();
    assert!(inked * 50 > pixels.len(), "{inked} of {} pixels inked", pixels.len());
    assert!(colours.len() > 50, "{} colours", colours.len());
    // The page's text after its script ran: the figures, the BOM, and every item's card wired up.
    let dom = Command::new(chromium())
        .args(headless)
        .arg(profile("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium()));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains(&format!("data-cards=\"{}\"", layout.items.len())), "the hover script ran");
    for want in ["Key figures", "2,048", "Bill of materials", &clusterplan::format::usd(report.cost.capex_usd)] {
        assert!(dom.contains(want), "the page lacks {want}");
    }
}

#[test]
fn names_typed_into_the_design_cannot_break_the_page_or_its_script() {
    let (mut layout, _) = sample("demo.ron");
    layout.name = "<script>alert(1)</script>".into();
    layout.items[0].name = Some("<!--<script>".into());
    layout.items[1].name = Some("</script><b>x</b>".into());
    let report = analyse(&layout);
    let html = report_html(&layout, &report, &opts(), None);
    assert!(!html.contains("<script>alert"), "the name is escaped in the page");
    let script = html.split("<script>\nconst CARDS = ").nth(1).and_then(|s| s.split("</script>").next()).unwrap_or("");
    assert!(!script.contains('<'), "no markup inside the script");
    assert_eq!(html.matches("</script>").count(), 1, "one script, closed once");
}
