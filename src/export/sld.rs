//! The site's single-line diagram, laid out from the model: the supply at the top (utility services, generation,
//! storage), the substation transformers, the MV bus, then one column per group of like lineups (unit
//! substations → UPS systems → their floor PDUs) and the mechanical feed with the plant it feeds. Lineups alike
//! in side, modules and transformer are one group ("× 24"), so a 1 GW site draws as few columns as a 10 MW one.
//!
//! [`Diagram::of`] is pure geometry in points; the designer paints it and [`svg`] writes it, so the two agree.

use std::fmt::Write as _;

use super::plan::esc;
use crate::analysis::site::SystemLoad;
use crate::analysis::{Failure, PlantBank, Report};
use crate::format::{count, group_float, power};
use crate::model::{Layout, Site, TypeId};
use crate::palette::{self, Rgba};

/// What a node of the diagram stands for (what clicking it selects for editing).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SiteNode {
    /// A utility service, by index.
    Utility(usize),
    /// A generation bank, by index.
    Generation(usize),
    /// A storage bank, by index.
    Storage(usize),
    /// The substation transformers.
    Substation,
    /// The MV switchgear lineups (the MV bus).
    MvSwitchgear,
    /// A group of like UPS lineups (their ids): the unit substations.
    UnitSubstations(Vec<u32>),
    /// The same group: the UPS systems.
    Ups(Vec<u32>),
    /// The floor PDUs the group feeds.
    Pdus(Vec<u32>),
    /// The mechanical feed.
    MechanicalFeed,
    /// Heat rejection for the liquid loop.
    Liquid,
    /// Heat rejection for the air.
    Air,
}

/// One box of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What it stands for.
    pub what: SiteNode,
    /// First line (what it is, with the count of a group).
    pub title: String,
    /// Second line (rating and design load).
    pub detail: String,
    /// Everything else, for a tooltip.
    pub hover: String,
    /// Design load ÷ capacity of its most loaded unit (colours it in the floor's load bands); `None`: not rated.
    pub utilisation: Option<f64>,
    /// Lost in the report's what-if.
    pub lost: bool,
    /// Top-left corner and size, points.
    pub rect: [f64; 4],
}

/// The diagram: boxes, the lines between them (node indices) and the MV bus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// The boxes.
    pub nodes: Vec<Node>,
    /// Lines from a node's bottom to another's top.
    pub edges: Vec<(usize, usize)>,
    /// The MV bus: y, from x, to x (points).
    pub bus: [f64; 3],
    /// Size of the whole drawing, points.
    pub size: [f64; 2],
}

/// Box size and gaps, points.
pub const NODE_W: f64 = 176.0;
/// Box height.
pub const NODE_H: f64 = 40.0;
const GAP_X: f64 = 18.0;
const ROW_STEP: f64 = 70.0;
const MARGIN: f64 = 12.0;

/// A lineup group's key: lineups alike in these draw as one column.
type GroupKey = (&'static str, TypeId, u32, u32, TypeId, bool);

fn group_key(site: &Site, id: u32) -> Option<GroupKey> {
    let s = site.system(id)?;
    let side = match s.side {
        crate::model::Side::A => "A",
        crate::model::Side::B => "B",
        crate::model::Side::None => "",
    };
    Some((side, s.module.clone(), s.modules, s.redundant_modules, s.transformer.clone(), s.reserve))
}

/// The group of like lineups (one column of the diagram) that holds system `id`, in the site's order.
pub fn group_of(site: &Site, id: u32) -> Vec<u32> {
    let Some(key) = group_key(site, id) else { return Vec::new() };
    site.ups.iter().filter(|s| group_key(site, s.id).as_ref() == Some(&key)).map(|s| s.id).collect()
}

/// "UPS 1" or "UPS 1 … UPS 24 × 24".
fn names(site: &Site, ids: &[u32]) -> String {
    let name = |id: &u32| site.system(*id).map_or_else(|| format!("#{id}"), |s| s.name.clone());
    match ids {
        [] => String::new(),
        [one] => name(one),
        [first, .., last] => format!("{} … {} × {}", name(first), name(last), ids.len()),
    }
}

impl Diagram {
    /// Lays out the diagram of a layout's site as its report computed it (empty without a site).
    pub fn of(layout: &Layout, r: &Report) -> Self {
        let Some(site) = &layout.site else { return Self::default() };
        // The supply (row 0) and the substation (row 1) above the MV bus; below it, one column per group of
        // like lineups and one for the mechanical plant, each a stack of levels.
        let mut rows: Vec<Vec<Node>> = vec![Vec::new(); 2];
        let mut columns: Vec<Vec<Vec<Node>>> = Vec::new();
        let mut edges_by_key: Vec<(SiteNode, SiteNode)> = Vec::new();
        let stage = |kind: &str| r.site.stages.iter().find(|s| s.kind == kind);
        let plain = |what: SiteNode, title: String, detail: String, hover: String, u: Option<f64>| Node {
            what,
            title,
            detail,
            hover,
            utilisation: u,
            lost: false,
            rect: [0.0; 4],
        };
        // Row 0: the supply.
        for (n, u) in site.utility.iter().enumerate() {
            let mut node = plain(
                SiteNode::Utility(n),
                u.name.clone(),
                format!("{} firm · {} kV", power(u.firm_mw * 1000.0), group_float(u.kv, 1)),
                format!("Facility design {} against the firm grid", power(r.site.facility_design_kw)),
                // A service of no firm capacity carries nothing: the overload band.
                Some(if u.firm_mw > 0.0 {
                    r.site.facility_design_kw / r.site.grid_kw.max(1e-9)
                } else {
                    f64::INFINITY
                }),
            );
            node.lost = r.failure == "utility lost";
            rows[0].push(node);
        }
        let bank_line = |b: &crate::model::UnitBank| bank_line(site, b);
        for (n, b) in site.generation.iter().enumerate() {
            let b = &as_analysed(b, r, PlantBank::Generation(n));
            let kw = site.plant(&b.plant).map_or(0.0, |t| t.rating_kw) * f64::from(b.duty());
            let kind = site.plant(&b.plant).map_or("generation", |t| t.kind.label());
            rows[0].push(plain(
                SiteNode::Generation(n),
                format!(
                    "{} × {kind}{}",
                    installed(site, PlantBank::Generation(n)),
                    one_lost(r, PlantBank::Generation(n))
                ),
                format!("{} counted on", power(kw)),
                bank_line(b),
                None,
            ));
        }
        for (n, b) in site.storage.iter().enumerate() {
            let b = &as_analysed(b, r, PlantBank::Storage(n));
            let (kw, kwh) = site
                .plant(&b.plant)
                .map_or((0.0, 0.0), |t| (t.rating_kw * f64::from(b.count), t.energy_kwh * f64::from(b.count)));
            rows[0].push(plain(
                SiteNode::Storage(n),
                format!(
                    "{} × battery storage{}",
                    installed(site, PlantBank::Storage(n)),
                    one_lost(r, PlantBank::Storage(n))
                ),
                format!("{} · {} MWh", power(kw), group_float(kwh / 1000.0, 0)),
                bank_line(b),
                None,
            ));
        }
        // Row 1: the substation, and beside it the MV switchgear the bus is.
        for (what, kind, title, on) in [
            (SiteNode::Substation, "substation", "Substation", ""),
            (SiteNode::MvSwitchgear, "mv-switchgear", "MV switchgear", " on the MV bus"),
        ] {
            if let Some(st) = stage(kind) {
                rows[1].push(bank_node(site, r, what, title, st, ("kVA", on)));
            }
        }
        // Rows 3–5: each group of like lineups, then the mechanical feed and its plant.
        let mut groups: Vec<(GroupKey, Vec<u32>)> = Vec::new();
        for s in &site.ups {
            let Some(key) = group_key(site, s.id) else { continue };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(s.id),
                None => groups.push((key, vec![s.id])),
            }
        }
        for (_, ids) in &groups {
            let loads: Vec<&SystemLoad> = r.site.systems.iter().filter(|s| ids.contains(&s.id)).collect();
            columns.push(lineup_nodes(site, r, ids, &loads, &mut edges_by_key));
        }
        columns.extend(mechanical_nodes(site, r, &mut edges_by_key));
        Self::place(rows, columns, &edges_by_key, site)
    }

    /// Places the supply rows centred (the substation under the utilities), the MV bus, and the columns side by
    /// side below it, each level centred in its column; then wires the edges.
    fn place(
        rows: Vec<Vec<Node>>,
        columns: Vec<Vec<Vec<Node>>>,
        edges_by_key: &[(SiteNode, SiteNode)],
        site: &Site,
    ) -> Self {
        let span = |n: usize| if n == 0 { 0.0 } else { n as f64 * NODE_W + (n as f64 - 1.0) * GAP_X };
        let col_w: Vec<f64> = columns.iter().map(|c| span(c.iter().map(Vec::len).max().unwrap_or(0))).collect();
        let lower_w = col_w.iter().sum::<f64>() + GAP_X * 2.0 * (col_w.len().max(1) - 1) as f64;
        let upper_w = rows.iter().map(|r| span(r.len())).fold(0.0, f64::max);
        let width = 2.0 * MARGIN + lower_w.max(upper_w).max(NODE_W);
        let mut nodes = Vec::new();
        let mut y = MARGIN;
        for row in rows {
            if row.is_empty() {
                continue;
            }
            // The substation under the utilities it is fed by, else centred.
            let utilities: Vec<f64> = nodes
                .iter()
                .filter(|n: &&Node| matches!(n.what, SiteNode::Utility(_)))
                .map(|n| n.rect[0] + NODE_W / 2.0)
                .collect();
            let mut x = if row.iter().any(|n| n.what == SiteNode::Substation) && !utilities.is_empty() {
                (utilities.iter().sum::<f64>() / utilities.len() as f64 - NODE_W / 2.0).max(MARGIN)
            } else {
                (width - span(row.len())) / 2.0
            };
            for node in row {
                nodes.push(Node { rect: [x, y, NODE_W, NODE_H], ..node });
                x += NODE_W + GAP_X;
            }
            y += ROW_STEP;
        }
        // The switchgear beside the substation, clear of the lines the generation and storage drop to the bus.
        let mut width = width;
        if let Some(i) = nodes.iter().position(|n| n.what == SiteNode::MvSwitchgear) {
            let drops: Vec<f64> = nodes
                .iter()
                .filter(|n| matches!(n.what, SiteNode::Generation(_) | SiteNode::Storage(_)))
                .map(|n| n.rect[0] + NODE_W / 2.0)
                .collect();
            let mut x = nodes[i].rect[0];
            while let Some(c) = drops.iter().find(|&&c| c > x - 1.0 && c < x + NODE_W + 1.0) {
                x = c + GAP_X / 2.0;
            }
            nodes[i].rect[0] = x;
            width = width.max(x + NODE_W + MARGIN);
        }
        let bus_y = y + NODE_H * 0.2;
        y = bus_y + ROW_STEP * 0.6;
        let mut x0 = (width - lower_w) / 2.0;
        let mut bottom = y;
        for (column, w) in columns.into_iter().zip(&col_w) {
            let mut ly = y;
            for level in column {
                let mut x = x0 + (w - span(level.len())) / 2.0;
                for node in level {
                    nodes.push(Node { rect: [x, ly, NODE_W, NODE_H], ..node });
                    x += NODE_W + GAP_X;
                }
                ly += ROW_STEP;
            }
            bottom = bottom.max(ly);
            x0 += w + 2.0 * GAP_X;
        }
        let index = |what: &SiteNode| nodes.iter().position(|n| n.what == *what);
        let mut edges: Vec<(usize, usize)> =
            edges_by_key.iter().filter_map(|(a, b)| Some((index(a)?, index(b)?))).collect();
        // Utilities feed the substation; the substation, generation and storage hang on the MV bus, and the
        // lineups and the mechanical feed below it (drawn as lines to and from the bus).
        if let Some(sub) = index(&SiteNode::Substation) {
            for n in 0..site.utility.len() {
                edges.extend(index(&SiteNode::Utility(n)).map(|u| (u, sub)));
            }
        }
        edges.sort_unstable();
        let on_bus: Vec<f64> =
            nodes.iter().filter(|n| bus_side(&n.what).is_some()).map(|n| n.rect[0] + NODE_W / 2.0).collect();
        let bus_from = on_bus.iter().copied().fold(f64::INFINITY, f64::min);
        let bus_to = on_bus.iter().copied().fold(0.0_f64, f64::max);
        Self {
            nodes,
            edges,
            bus: [bus_y, bus_from.min(bus_to), bus_to],
            size: [width, bottom - ROW_STEP + NODE_H + MARGIN],
        }
    }

    /// The node at a point, if any.
    pub fn hit(&self, p: [f64; 2]) -> Option<&Node> {
        self.nodes.iter().find(|n| {
            let [x, y, w, h] = n.rect;
            p[0] >= x && p[0] <= x + w && p[1] >= y && p[1] <= y + h
        })
    }

    /// Nodes above the MV bus hang down onto it (`Some(true)`); nodes just below hang up from it.
    pub fn on_bus(&self, n: &Node) -> Option<bool> {
        bus_side(&n.what)
    }
}

/// Which side of the MV bus a node hangs on, if it does.
fn bus_side(what: &SiteNode) -> Option<bool> {
    match what {
        SiteNode::Substation | SiteNode::MvSwitchgear | SiteNode::Generation(_) | SiteNode::Storage(_) => Some(true),
        SiteNode::UnitSubstations(_) | SiteNode::MechanicalFeed => Some(false),
        _ => None,
    }
}

/// A group of like lineups: unit substations, UPS systems, PDUs.
fn lineup_nodes(
    site: &Site,
    r: &Report,
    ids: &[u32],
    loads: &[&SystemLoad],
    edges: &mut Vec<(SiteNode, SiteNode)>,
) -> Vec<Vec<Node>> {
    let mut column = Vec::new();
    let worst = |f: &dyn Fn(&SystemLoad) -> f64| loads.iter().map(|s| f(s)).fold(0.0_f64, f64::max);
    let first = ids.first().and_then(|id| site.system(*id));
    let side = first.map_or("", |s| match s.side {
        crate::model::Side::A => " · side A",
        crate::model::Side::B => " · side B",
        crate::model::Side::None => "",
    });
    let reserve = if first.is_some_and(|s| s.reserve) { " · reserve" } else { "" };
    let lost = loads.iter().any(|s| s.lost);
    let xfmr_u = worst(&|s| s.transformer_kva / s.transformer_rating_kva.max(1e-9));
    let kva = first.and_then(|s| site.plant(&s.transformer)).map_or(0.0, |t| t.rating_kva);
    let key = ids.to_vec();
    let node = |what: SiteNode, title: String, detail: String, hover: String, u: f64| Node {
        what,
        title,
        detail,
        hover,
        utilisation: Some(u),
        lost,
        rect: [0.0; 4],
    };
    column.push(vec![node(
        SiteNode::UnitSubstations(key.clone()),
        format!("Unit substation{}", if ids.len() > 1 { format!(" × {}", ids.len()) } else { String::new() }),
        format!("{} kVA{side}", group_float(kva, 0)),
        format!("{}: worst {:.0} % at design with recharge", names(site, ids), xfmr_u * 100.0),
        xfmr_u,
    )]);
    let cap = loads.first().map_or(0.0, |s| s.capacity_kw);
    let ups_u = worst(&|s| s.utilisation);
    let survivor = worst(&|s| s.survivor_kw / s.capacity_kw.max(1e-9));
    let module = first.map_or(String::new(), |s| {
        let spare = if s.redundant_modules > 0 { format!(" ({} spare)", s.redundant_modules) } else { String::new() };
        format!("{} × {} kW{spare}", s.modules, site.plant(&s.module).map_or(0.0, |t| t.rating_kw))
    });
    column.push(vec![node(
        SiteNode::Ups(key.clone()),
        format!("UPS{}", if ids.len() > 1 { format!(" × {}", ids.len()) } else { format!(" {}", names(site, ids)) }),
        format!("{} · {}{reserve}", power(cap), module),
        format!(
            "{}: worst {:.0} % at design, {:.0} % when another system is lost ({}); battery {} min at design",
            names(site, ids),
            ups_u * 100.0,
            survivor * 100.0,
            site.topology_label(),
            group_float(loads.iter().map(|s| s.autonomy_min).fold(f64::INFINITY, f64::min).min(1e6), 1)
        ),
        ups_u,
    )]);
    let pdus: std::collections::BTreeSet<_> = loads.iter().flat_map(|s| s.pdus.iter().copied()).collect();
    let pdu_u = r.power.pdus.iter().filter(|p| pdus.contains(&p.id)).map(|p| p.utilisation()).fold(0.0_f64, f64::max);
    // The PDUs' own load (their peak sums in normal operation), not the UPS output above them.
    let design: f64 = r.power.pdus.iter().filter(|p| pdus.contains(&p.id)).map(|p| p.load_kw).sum();
    column.push(vec![node(
        SiteNode::Pdus(key.clone()),
        format!("{} floor PDUs", count(pdus.len() as u64)),
        format!("{} at design", power(design)),
        format!("The PDUs on {}: worst {:.0} % of usable now", names(site, ids), pdu_u * 100.0),
        pdu_u,
    )]);
    edges.push((SiteNode::UnitSubstations(key.clone()), SiteNode::Ups(key.clone())));
    edges.push((SiteNode::Ups(key.clone()), SiteNode::Pdus(key)));
    column
}

/// The mechanical feed and the heat rejection it powers.
fn mechanical_nodes(site: &Site, r: &Report, edges: &mut Vec<(SiteNode, SiteNode)>) -> Option<Vec<Vec<Node>>> {
    let stage = |kind: &str| r.site.stages.iter().find(|s| s.kind == kind);
    let node = |what, title, st, unit| bank_node(site, r, what, title, st, (unit, ""));
    let feed: Vec<Node> = stage("mechanical-feed")
        .map(|st| node(SiteNode::MechanicalFeed, "Mechanical feed", st, "kVA"))
        .into_iter()
        .collect();
    let mut plant = Vec::new();
    for (what, kind, title) in
        [(SiteNode::Liquid, "liquid-heat-rejection", "Liquid loop"), (SiteNode::Air, "air-heat-rejection", "Air")]
    {
        if let Some(st) = stage(kind) {
            plant.push(node(what.clone(), title, st, "kW heat"));
            if site.mechanical.feed.is_some() {
                edges.push((SiteNode::MechanicalFeed, what));
            }
        }
    }
    (!feed.is_empty() || !plant.is_empty()).then(|| vec![feed, plant].into_iter().filter(|l| !l.is_empty()).collect())
}

/// "8 × Substation transformer 35 MVA" (the plant id when the site lacks its type).
fn bank_line(site: &Site, b: &crate::model::UnitBank) -> String {
    site.plant(&b.plant).map_or_else(|| b.plant.0.clone(), |t| format!("{} × {}", b.count, t.name))
}

/// A bank of like units rated in `unit` as a node: titled with the units installed (the stage, in a what-if that
/// loses one, counts those left), its unit rating and redundancy, and on hover its design load (`on`: where) and
/// what one more loss leaves.
fn bank_node(
    site: &Site,
    r: &Report,
    what: SiteNode,
    title: &str,
    st: &crate::analysis::site::Stage,
    (unit, on): (&str, &str),
) -> Node {
    let bank = plant_bank(&what);
    let installed_bank = bank.and_then(|b| b.of(site));
    Node {
        title: match bank {
            Some(b) => format!("{title} × {}{}", installed(site, b), one_lost(r, b)),
            None => format!("{title} × {}", st.units),
        },
        what,
        detail: format!("{} {unit} each · {}", group_float(st.unit_rating, 0), short_redundancy(&st.redundancy)),
        hover: format!(
            "{}; design {} {unit}{on}; {}: {:.0} %",
            installed_bank.map_or_else(|| st.label.clone(), |b| bank_line(site, b)),
            group_float(st.design, 0),
            bank.map_or("one lost", |b| next_loss(r, b)),
            st.worst_survivor_utilisation * 100.0
        ),
        utilisation: Some(st.utilisation),
        lost: false,
        rect: [0.0; 4],
    }
}

/// The bank of like units a node stands for (None for the utility and the lineups).
pub fn plant_bank(node: &SiteNode) -> Option<PlantBank> {
    match node {
        SiteNode::Generation(n) => Some(PlantBank::Generation(*n)),
        SiteNode::Storage(n) => Some(PlantBank::Storage(*n)),
        SiteNode::Substation => Some(PlantBank::Substation),
        SiteNode::MvSwitchgear => Some(PlantBank::MvSwitchgear),
        SiteNode::MechanicalFeed => Some(PlantBank::MechanicalFeed),
        SiteNode::Liquid => Some(PlantBank::Liquid),
        SiteNode::Air => Some(PlantBank::Air),
        SiteNode::Utility(_) | SiteNode::UnitSubstations(_) | SiteNode::Ups(_) | SiteNode::Pdus(_) => None,
    }
}

/// A bank as the report analysed it: one unit fewer (a spare first) when its what-if has lost one.
fn as_analysed(b: &crate::model::UnitBank, r: &Report, bank: PlantBank) -> crate::model::UnitBank {
    let mut b = b.clone();
    if !one_lost(r, bank).is_empty() && b.count > 0 {
        b.count -= 1;
        b.redundant = b.redundant.saturating_sub(1);
    }
    b
}

/// Units a bank has installed.
fn installed(site: &Site, bank: PlantBank) -> u32 {
    bank.of(site).map_or(0, |b| b.count)
}

/// The loss a stage's survivor figure is for: "one lost", or "another lost" when the what-if has lost one.
fn next_loss(r: &Report, bank: PlantBank) -> &'static str {
    if one_lost(r, bank).is_empty() { "one lost" } else { "another lost" }
}

/// " · 1 lost" on a bank's title when the report's what-if has lost one of its units.
fn one_lost(r: &Report, bank: PlantBank) -> &'static str {
    if r.failure == Failure::PlantUnit(bank).label() { " · 1 lost" } else { "" }
}

/// "N+1 (6 duty of 7)" → "N+1".
fn short_redundancy(words: &str) -> &str {
    words.split(" (").next().unwrap_or(words)
}

/// The fill of a node: its load band, grey when not rated, the failure colour when lost.
pub fn node_fill(n: &Node) -> Rgba {
    if n.lost {
        return palette::load(10.0);
    }
    n.utilisation.map_or(palette::neutral(false), palette::load)
}

/// The diagram as SVG (points as user units), with a title line.
pub fn svg(d: &Diagram, title: &str) -> String {
    let [w, h] = d.size;
    let head = 24.0;
    let mut s = String::with_capacity(4096 + d.nodes.len() * 600);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}pt\" height=\"{:.0}pt\" viewBox=\"0 0 {w:.0} {:.0}\" \
         font-family=\"Ubuntu, sans-serif\">",
        h + head,
        h + head
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = writeln!(s, "<text x=\"{MARGIN}\" y=\"16\" font-size=\"12\" fill=\"#111111\">{}</text>", esc(title));
    let _ = writeln!(s, "<g transform=\"translate(0 {head})\" id=\"diagram\">");
    let ink = "#333333";
    let [bus_y, bus_from, bus_to] = d.bus;
    if d.nodes.iter().any(|n| d.on_bus(n).is_some()) {
        let _ = writeln!(
            s,
            "<line id=\"mv-bus\" x1=\"{bus_from:.1}\" y1=\"{bus_y:.1}\" x2=\"{bus_to:.1}\" y2=\"{bus_y:.1}\" stroke=\"{ink}\" \
             stroke-width=\"3\"/>"
        );
    }
    for n in &d.nodes {
        let cx = n.rect[0] + n.rect[2] / 2.0;
        match d.on_bus(n) {
            Some(true) => {
                let _ = writeln!(
                    s,
                    "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{bus_y:.1}\" stroke=\"{ink}\"/>",
                    n.rect[1] + n.rect[3]
                );
            }
            Some(false) => {
                let _ = writeln!(
                    s,
                    "<line x1=\"{cx:.1}\" y1=\"{bus_y:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"{ink}\"/>",
                    n.rect[1]
                );
            }
            None => {}
        }
    }
    for (a, b) in d.edges.iter().map(|&(a, b)| (&d.nodes[a], &d.nodes[b])) {
        let (x1, y1) = (a.rect[0] + a.rect[2] / 2.0, a.rect[1] + a.rect[3]);
        let (x2, y2) = (b.rect[0] + b.rect[2] / 2.0, b.rect[1]);
        let _ = writeln!(s, "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{ink}\"/>");
    }
    for (i, n) in d.nodes.iter().enumerate() {
        let [x, y, w, h] = n.rect;
        let fill = node_fill(n);
        let text_fill = palette::text_on(fill).hex();
        let _ = writeln!(
            s,
            "<g id=\"node-{i}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\" \
             fill=\"{}\" stroke=\"{ink}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" font-weight=\"bold\" \
             fill=\"{text_fill}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8.5\" fill=\"{text_fill}\">{}</text></g>",
            esc(&n.hover),
            fill.hex(),
            x + 6.0,
            y + 16.0,
            esc(&n.title),
            x + 6.0,
            y + 31.0,
            esc(&n.detail)
        );
    }
    let _ = writeln!(s, "</g>\n</svg>");
    s
}
