//! The Power tab: the site's single-line diagram (the same [`Diagram`] the power-chain export draws), each stage
//! coloured by design load in the floor's bands, its figures on hover; a click selects a stage, and its editor
//! below the diagram changes it — counts, plant types, topology, battery, grid — each change one undo step.

use std::hash::{Hash, Hasher};

use egui::{Align2, CornerRadius, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, vec2};

use super::PanelCtx;
use crate::analysis::Failure;
use crate::export::sld::{Diagram, SiteNode, node_fill};
use crate::format::{count, power};
use crate::io::catalog::builtin_plant;
use crate::model::edit::Edit;
use crate::model::{PlantKind, Side, Site, TypeId, UnitBank, UpsTopology};
use crate::ui::command::Command;
use crate::ui::theme;

/// The Power tab.
pub fn power_chain_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let r = pc.cache.report();
    if layout.site.is_none() {
        ui.label("This hall does not model its site: there is no power chain to draw.");
        ui.label(
            RichText::new(
                "Facility power is peak IT × the hall's PUE, an estimate. Generate a hall (Ctrl+G) to size a site from \
                 the grid to the PDUs, or add a `site` to the file (README › The site).",
            )
            .weak(),
        );
        return;
    }
    ui.label(RichText::new("Power chain (design basis: peak IT)").strong());
    ui.label(
        RichText::new(format!(
            "Facility {} at design against {} of firm grid; PUE {:.2} design, {:.2} annual",
            power(r.site.facility_design_kw),
            power(r.site.grid_kw),
            r.site.pue_design,
            r.site.pue_annual
        ))
        .small(),
    );
    let diagram = Diagram::of(layout, r);
    if let Some(clicked) = paint(ui, pc, &diagram) {
        out.push(Command::SelectSiteNode(Some(clicked)));
    }
    ui.separator();
    match &pc.session.site_node {
        Some(node) => editor_ui(ui, pc, node, out),
        None => {
            ui.label(RichText::new("Click a stage to edit it.").weak());
        }
    }
}

/// Paints the diagram scaled to the panel's width; the node clicked, if any.
fn paint(ui: &mut egui::Ui, pc: &PanelCtx<'_>, d: &Diagram) -> Option<SiteNode> {
    let [w, h] = d.size;
    let scale = (ui.available_width() as f64 / w).clamp(0.6, 1.0);
    let (rect, response) = ui.allocate_exact_size(vec2((w * scale) as f32, (h * scale) as f32), Sense::click());
    let to = |x: f64, y: f64| Pos2::new(rect.min.x + (x * scale) as f32, rect.min.y + (y * scale) as f32);
    let painter = ui.painter_at(rect);
    let ink = ui.visuals().text_color();
    let line = Stroke::new(1.0, ink);
    let [bus_y, from, to_x] = d.bus;
    if from < to_x {
        painter.line_segment([to(from, bus_y), to(to_x, bus_y)], Stroke::new(3.0, ink));
    }
    for n in &d.nodes {
        let cx = n.rect[0] + n.rect[2] / 2.0;
        match d.on_bus(n) {
            Some(true) => {
                painter.line_segment([to(cx, n.rect[1] + n.rect[3]), to(cx, bus_y)], line);
            }
            Some(false) => {
                painter.line_segment([to(cx, bus_y), to(cx, n.rect[1])], line);
            }
            None => {}
        }
    }
    for &(a, b) in &d.edges {
        let (a, b) = (&d.nodes[a], &d.nodes[b]);
        let top = to(b.rect[0] + b.rect[2] / 2.0, b.rect[1]);
        painter.line_segment([to(a.rect[0] + a.rect[2] / 2.0, a.rect[1] + a.rect[3]), top], line);
    }
    let hover = response.hover_pos();
    let mut hovered = None;
    for n in &d.nodes {
        let [x, y, nw, nh] = n.rect;
        let r = Rect::from_min_max(to(x, y), to(x + nw, y + nh));
        let fill = theme::c(node_fill(n));
        let selected = pc.session.site_node.as_ref() == Some(&n.what);
        painter.rect(
            r,
            CornerRadius::same(4),
            fill,
            Stroke::new(if selected { 3.0 } else { 1.0 }, if selected { theme::selection(pc.prefs.dark) } else { ink }),
            StrokeKind::Inside,
        );
        let text = theme::c(crate::palette::text_on(node_fill(n)));
        let size = (11.0 * scale as f32).max(7.0);
        painter.text(to(x + 6.0, y + 4.0), Align2::LEFT_TOP, &n.title, FontId::proportional(size), text);
        painter.text(to(x + 6.0, y + 22.0), Align2::LEFT_TOP, &n.detail, FontId::proportional(size * 0.85), text);
        if hover.is_some_and(|p| r.contains(p)) {
            hovered = Some(n);
        }
    }
    if let Some(n) = hovered {
        let lost = if n.lost { "\nLost in the what-if." } else { "" };
        response.clone().on_hover_text_at_pointer(format!("{}\n{}\n{}{lost}", n.title, n.detail, n.hover));
    }
    if response.clicked() { hovered.map(|n| n.what.clone()) } else { None }
}

/// An edit of the site as one merged undo step per field and stage.
fn site_edit(pc: &PanelCtx<'_>, what: &str, node: &SiteNode, site: Site) -> Command {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("site", what, node, pc.session.gesture_seq).hash(&mut h);
    Command::EditMerged { label: format!("Change {what}"), key: h.finish(), edit: Edit::SetSite(Box::new(Some(site))) }
}

/// The plant types a place takes: the site's own and the built-in ones of those kinds.
fn choices(site: &Site, kinds: &[PlantKind]) -> Vec<(TypeId, String)> {
    let mut out: Vec<(TypeId, String)> =
        site.types.iter().filter(|t| kinds.contains(&t.kind)).map(|t| (t.id.clone(), t.name.clone())).collect();
    for t in builtin_plant().iter().filter(|t| kinds.contains(&t.kind)) {
        // A site type of another kind under the same id would shadow it: not offered.
        if site.plant(&t.id).is_none() && !out.iter().any(|(id, _)| *id == t.id) {
            out.push((t.id.clone(), t.name.clone()));
        }
    }
    out
}

/// A plant type combo; the chosen type added to the site's types when it is built in.
fn plant_combo(ui: &mut egui::Ui, site: &mut Site, id: &mut TypeId, kinds: &[PlantKind], salt: &str) -> bool {
    let options = choices(site, kinds);
    let current = options.iter().find(|(t, _)| t == id).map_or_else(|| id.0.clone(), |(_, n)| n.clone());
    let mut chosen = id.clone();
    egui::ComboBox::from_id_salt(("plant", salt))
        .selected_text(current)
        .width(230.0)
        .truncate()
        .show_ui(ui, |ui| {
            for (t, name) in &options {
                ui.selectable_value(&mut chosen, t.clone(), name);
            }
        })
        .response
        .on_hover_text("The plant type: its rating, efficiency, source and price come with it");
    if chosen == *id {
        return false;
    }
    if site.plant(&chosen).is_none()
        && let Some(t) = builtin_plant().iter().find(|t| t.id == chosen)
    {
        site.types.push(t.clone());
    }
    *id = chosen;
    true
}

/// Count and spares of a bank.
fn bank_ui(
    ui: &mut egui::Ui,
    bank: &mut UnitBank,
    kinds: &[PlantKind],
    site: &mut Site,
    salt: &str,
) -> Option<&'static str> {
    let mut what = None;
    ui.label("Type");
    let mut plant = bank.plant.clone();
    if plant_combo(ui, site, &mut plant, kinds, salt) {
        bank.plant = plant;
        what = Some("plant type");
    }
    ui.end_row();
    ui.label("Units");
    if ui.add(crate::ui::fields::number(&mut bank.count, 1..=100_000)).on_hover_text("Units installed").changed() {
        bank.redundant = bank.redundant.min(bank.count - 1);
        what = Some("units");
    }
    ui.end_row();
    ui.label("Spares");
    let most = bank.count.saturating_sub(1);
    if ui
        .add(crate::ui::fields::number(&mut bank.redundant, 0..=most))
        .on_hover_text("Of those, spares the design does not count on (N+1: 1)")
        .changed()
    {
        what = Some("spares");
    }
    ui.end_row();
    what
}

/// The selected stage's editor.
fn editor_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, node: &SiteNode, out: &mut Vec<Command>) {
    let Some(original) = pc.doc.layout().site.as_ref() else { return };
    let mut site = original.clone();
    let mut changed: Option<&'static str> = None;
    let salt = format!("{node:?}");
    egui::Grid::new(("site-node", &salt)).num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| match node {
        SiteNode::Utility(n) => {
            let Some(u) = site.utility.get_mut(*n) else { return };
            ui.label(RichText::new(format!("Utility service: {}", u.name)).strong());
            ui.end_row();
            ui.label("Firm MW");
            if ui
                .add(crate::ui::fields::number(&mut u.firm_mw, 0.0..=100_000.0))
                .on_hover_text("Firm capacity the utility commits")
                .changed()
            {
                changed = Some("firm grid");
            }
            ui.end_row();
            ui.label("kV");
            if ui.add(crate::ui::fields::number(&mut u.kv, 0.1..=1_500.0)).on_hover_text("Service voltage").changed() {
                changed = Some("service voltage");
            }
            ui.end_row();
        }
        SiteNode::Generation(n) | SiteNode::Storage(n) => {
            let generation = matches!(node, SiteNode::Generation(_));
            let kinds: &[PlantKind] = if generation {
                &[PlantKind::DieselGenset, PlantKind::GasEngine, PlantKind::GasTurbine]
            } else {
                &[PlantKind::Battery]
            };
            ui.label(RichText::new(if generation { "Generation" } else { "Storage" }).strong());
            ui.end_row();
            let list = if generation { &mut site.generation } else { &mut site.storage };
            let Some(mut bank) = list.get(*n).cloned() else { return };
            if let Some(w) = bank_ui(ui, &mut bank, kinds, &mut site, &salt) {
                let list = if generation { &mut site.generation } else { &mut site.storage };
                list[*n] = bank;
                changed = Some(w);
            }
        }
        SiteNode::Substation | SiteNode::MvSwitchgear | SiteNode::MechanicalFeed | SiteNode::Liquid | SiteNode::Air => {
            let (title, kinds): (&str, &[PlantKind]) = match node {
                SiteNode::Substation => ("Substation transformers", &[PlantKind::SubstationTransformer]),
                SiteNode::MvSwitchgear => ("MV switchgear", &[PlantKind::MvSwitchgear]),
                SiteNode::MechanicalFeed => ("Mechanical feed", &[PlantKind::UnitSubstation]),
                SiteNode::Liquid => (
                    "Heat rejection, liquid loop",
                    &[
                        PlantKind::DryCooler,
                        PlantKind::CoolingTower,
                        PlantKind::WaterCooledChiller,
                        PlantKind::AirCooledChiller,
                    ],
                ),
                _ => ("Heat rejection, air", &[PlantKind::WaterCooledChiller, PlantKind::AirCooledChiller]),
            };
            ui.label(RichText::new(title).strong());
            ui.end_row();
            let slot = |s: &Site| match node {
                SiteNode::Substation => s.substation.clone(),
                SiteNode::MvSwitchgear => s.mv_switchgear.clone(),
                SiteNode::MechanicalFeed => s.mechanical.feed.clone(),
                SiteNode::Liquid => s.mechanical.liquid.clone(),
                _ => s.mechanical.air.clone(),
            };
            let Some(mut bank) = slot(&site) else { return };
            if let Some(w) = bank_ui(ui, &mut bank, kinds, &mut site, &salt) {
                match node {
                    SiteNode::Substation => site.substation = Some(bank),
                    SiteNode::MvSwitchgear => site.mv_switchgear = Some(bank),
                    SiteNode::MechanicalFeed => site.mechanical.feed = Some(bank),
                    SiteNode::Liquid => site.mechanical.liquid = Some(bank),
                    _ => site.mechanical.air = Some(bank),
                }
                changed = Some(w);
            }
        }
        SiteNode::Ups(ids) | SiteNode::UnitSubstations(ids) => {
            changed = lineups_ui(ui, &mut site, ids, &salt);
        }
        SiteNode::Pdus(ids) => {
            let pdus: Vec<crate::model::ItemId> = pc
                .cache
                .report()
                .site
                .systems
                .iter()
                .filter(|s| ids.contains(&s.id))
                .flat_map(|s| s.pdus.iter().copied())
                .collect();
            ui.label(RichText::new(format!("{} floor PDUs", count(pdus.len() as u64))).strong());
            ui.end_row();
            if ui
                .button("Select them on the floor")
                .on_hover_text("Select these PDUs and show them; the Inspector then sets their UPS system")
                .clicked()
            {
                out.push(Command::SelectAndShow(pdus));
            }
            ui.end_row();
        }
    });
    if let Some(what) = changed
        && site != *original
    {
        out.push(site_edit(pc, what, node, site));
    }
    lose_one_ui(ui, pc, node, out);
}

/// The what-if of losing what a node stands for: one unit of its bank, one of its UPS systems, the utility.
fn lose_one_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, node: &SiteNode, out: &mut Vec<Command>) {
    let Some(site) = pc.doc.layout().site.as_ref() else { return };
    let (failure, words) = match node {
        SiteNode::Utility(_) => (Failure::Utility, "Utility outage".to_owned()),
        SiteNode::Ups(ids) | SiteNode::UnitSubstations(ids) | SiteNode::Pdus(ids) => {
            let Some(s) = ids.first().and_then(|id| site.system(*id)) else { return };
            (Failure::UpsSystem(s.id), format!("Lose {}", s.name))
        }
        other => {
            let Some(bank) = crate::export::sld::plant_bank(other).filter(|b| b.of(site).is_some_and(|b| b.count > 0))
            else {
                return;
            };
            (Failure::PlantUnit(bank), format!("Lose one {}", bank.unit_words()))
        }
    };
    let on = pc.session.failure == failure;
    let hover = "What-if: the diagram and the report show the site with it lost — what the rest carry, the warnings \
                 where they fall short, the grid through the transformers left; a lost UPS system's PDUs are drawn \
                 lost on the floor. Click again for normal operation; the same list is in the tool bar's what-if menu.";
    ui.horizontal(|ui| {
        ui.label("What-if:");
        if ui.add(egui::Button::new(words).selected(on)).on_hover_text(hover).clicked() {
            out.push(Command::SetFailure(if on { Failure::None } else { failure }));
        }
        if on {
            ui.label(RichText::new("on — click again for normal operation").weak());
        }
    });
}

/// The group's systems one by one: each one's side (2N) and whether it is the reserve (block redundant), and
/// for 2N a button that puts them on alternate sides. An edit here may move a system to another column.
fn each_system_ui(ui: &mut egui::Ui, site: &mut Site, ids: &[u32], salt: &str) -> Option<&'static str> {
    let sided = site.topology.sided();
    let block = site.topology == UpsTopology::BlockRedundant;
    if !sided && !block {
        return None;
    }
    let mut changed = None;
    ui.label("Each system");
    ui.vertical(|ui| {
        if sided
            && ui
                .button("Alternate A / B")
                .on_hover_text(
                    "Put the group's systems on sides A, B, A, B … in order (each PDU pair then takes one of each)",
                )
                .clicked()
        {
            for (n, s) in site.ups.iter_mut().filter(|s| ids.contains(&s.id)).enumerate() {
                s.side = if n % 2 == 0 { Side::A } else { Side::B };
            }
            changed = Some("sides");
        }
        egui::ScrollArea::vertical().id_salt(("each-system", salt)).max_height(160.0).show(ui, |ui| {
            for s in site.ups.iter_mut().filter(|s| ids.contains(&s.id)) {
                ui.horizontal(|ui| {
                    ui.label(&s.name);
                    if sided {
                        egui::ComboBox::from_id_salt(("system-side", s.id))
                            .width(60.0)
                            .selected_text(side_words(s.side))
                            .show_ui(ui, |ui| {
                                for side in [Side::A, Side::B, Side::None] {
                                    if ui.selectable_value(&mut s.side, side, side_words(side)).clicked() {
                                        changed = Some("a system's side");
                                    }
                                }
                            })
                            .response
                            .on_hover_text("This system's side");
                    }
                    if block
                        && ui
                            .checkbox(&mut s.reserve, "reserve")
                            .on_hover_text("This system is a reserve: it takes any one failed block's load whole")
                            .changed()
                    {
                        changed = Some("a system's reserve");
                    }
                });
            }
        });
    });
    ui.end_row();
    changed
}

/// "A", "B" or "none".
fn side_words(side: Side) -> &'static str {
    match side {
        Side::A => "A",
        Side::B => "B",
        Side::None => "none",
    }
}

/// Distributed redundant: how many systems make a group (x of xN/(x−1)); the site's whole set, or 3 to 8 (as
/// `generate --ups dr:x/(x−1)` takes it), no more than the site has.
fn topology_parts_ui(ui: &mut egui::Ui, site: &mut Site, salt: &str) -> Option<&'static str> {
    if site.topology != UpsTopology::DistributedRedundant {
        return None;
    }
    ui.label("Systems per group");
    let words = |g: u32| if g == 0 { "all systems".to_owned() } else { format!("{g} ({g}N/{})", g - 1) };
    let mut group = site.group;
    egui::ComboBox::from_id_salt(("dr-group", salt))
        .selected_text(words(group))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut group, 0, words(0));
            for g in 3..=(site.ups.len() as u32).min(8) {
                ui.selectable_value(&mut group, g, words(g));
            }
        })
        .response
        .on_hover_text(
            "Distributed redundant xN/(x−1): how many systems back each other up — the label's x, and how Expand \
             groups new lineups. What survives a loss follows the PDUs' actual pairings, not this number: move \
             PDUs between systems (Inspector) to change them.",
        );
    ui.end_row();
    (group != site.group).then(|| {
        site.group = group;
        "systems per group"
    })
}

/// A group of like lineups: the site's topology, and the group's modules, spares, battery and types.
fn lineups_ui(ui: &mut egui::Ui, site: &mut Site, ids: &[u32], salt: &str) -> Option<&'static str> {
    let mut changed = None;
    let first = ids.first().and_then(|id| site.system(*id)).cloned()?;
    ui.label(RichText::new(format!("UPS lineups × {}", ids.len())).strong());
    ui.end_row();
    ui.label("Topology");
    let mut topology = site.topology;
    egui::ComboBox::from_id_salt(("topology", salt))
        .selected_text(site.topology_label())
        .show_ui(ui, |ui| {
            for t in UpsTopology::ALL {
                ui.selectable_value(&mut topology, t, t.label());
            }
        })
        .response
        .on_hover_text("How the UPS systems back each other up (WP75); the PDUs' pairings decide what survives a loss");
    if topology != site.topology {
        site.topology = topology;
        changed = Some("UPS topology");
    }
    ui.end_row();
    if let Some(w) = topology_parts_ui(ui, site, salt) {
        changed = Some(w);
    }
    let mut one = first.clone();
    // What the topology asks of the group's lineups: their side (2N; one by one below, with the reserve).
    if site.topology.sided() || first.side != Side::None {
        ui.label("Side");
        egui::ComboBox::from_id_salt(("side", salt))
            .selected_text(side_words(one.side))
            .show_ui(ui, |ui| {
                for side in [Side::A, Side::B, Side::None] {
                    ui.selectable_value(&mut one.side, side, side_words(side));
                }
            })
            .response
            .on_hover_text("2N: each PDU pair takes one feed from an A system and one from a B system");
        if one.side != first.side {
            changed = Some("side");
        }
        ui.end_row();
    }

    ui.label("UPS module");
    if plant_combo(ui, site, &mut one.module, &[PlantKind::UpsModule], &format!("{salt}-module")) {
        changed = Some("UPS module");
    }
    ui.end_row();
    ui.label("Modules");
    if ui
        .add(crate::ui::fields::number(&mut one.modules, 1..=1_000))
        .on_hover_text("Modules in each system of the group")
        .changed()
    {
        one.redundant_modules = one.redundant_modules.min(one.modules - 1);
        changed = Some("modules");
    }
    ui.end_row();
    ui.label("Spare modules");
    let most = one.modules.saturating_sub(1);
    if ui
        .add(crate::ui::fields::number(&mut one.redundant_modules, 0..=most))
        .on_hover_text("Of those, spares (N+1 within a system)")
        .changed()
    {
        changed = Some("spare modules");
    }
    ui.end_row();
    ui.label("Battery, min");
    if ui
        .add(crate::ui::fields::number(&mut one.battery_min, 0.0..=1_440.0))
        .on_hover_text("Battery autonomy at the system's rated load")
        .changed()
    {
        changed = Some("battery minutes");
    }
    ui.end_row();
    ui.label("Unit substation");
    if plant_combo(ui, site, &mut one.transformer, &[PlantKind::UnitSubstation], &format!("{salt}-xfmr")) {
        changed = Some("unit substation");
    }
    ui.end_row();
    if let Some(w) = each_system_ui(ui, site, ids, salt) {
        changed = Some(w);
    }
    // Only the field changed goes to every system of the group (their other fields may differ).
    for s in site.ups.iter_mut().filter(|s| ids.contains(&s.id)) {
        match changed {
            Some("UPS module") => s.module = one.module.clone(),
            Some("modules") => {
                s.modules = one.modules;
                s.redundant_modules = s.redundant_modules.min(one.modules - 1);
            }
            Some("spare modules") => s.redundant_modules = one.redundant_modules.min(s.modules.saturating_sub(1)),
            Some("battery minutes") => s.battery_min = one.battery_min,
            Some("unit substation") => s.transformer = one.transformer.clone(),
            Some("side") => s.side = one.side,
            _ => {}
        }
    }
    changed
}
