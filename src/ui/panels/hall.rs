//! Hall settings: name, size, grid, trays and the engineering settings, lengths in the user's units, each field
//! limited to what a layout file may hold; each change one undoable step.

use std::ops::RangeInclusive;

use super::PanelCtx;
use crate::format::{Units, counted};
use crate::model::edit::Edit;
use crate::model::limits;
use crate::model::{EquipmentKind, Hall, HallSettings, Layout, Redundancy};
use crate::ui::actions::Action;
use crate::ui::command::Command;

/// A length field: shown and edited in the user's unit, stored in metres, kept within `range` (metres).
fn length_row(ui: &mut egui::Ui, units: Units, label: &str, v: &mut f64, range: RangeInclusive<f64>, tip: &str) {
    ui.label(label);
    let mut shown = units.to_user_length(*v);
    let r = units.to_user_length(*range.start())..=units.to_user_length(*range.end());
    let speed = if units.imperial() { 0.1 } else { 0.05 };
    if ui
        .add(
            crate::ui::fields::number(&mut shown, r)
                .speed(speed)
                .max_decimals(3)
                .suffix(format!(" {}", units.length_suffix())),
        )
        .on_hover_text(tip)
        .changed()
    {
        *v = units.from_user_length(shown).clamp(*range.start(), *range.end());
    }
    ui.end_row();
}

/// The concentrated rating, in kg (lb) per load point.
fn point_rating_row(ui: &mut egui::Ui, units: Units, v: &mut f64) {
    ui.label("Point rating");
    let range = limits::FLOOR_POINT_RATING_KG;
    let to_user = |kg: f64| if units.imperial() { kg / crate::units::KG_PER_LB } else { kg };
    let from_user = |x: f64| if units.imperial() { x * crate::units::KG_PER_LB } else { x };
    let mut shown = to_user(*v);
    let suffix = if units.imperial() { " lb" } else { " kg" };
    if ui
        .add(
            crate::ui::fields::number(&mut shown, to_user(*range.start())..=to_user(*range.end()))
                .speed(5.0)
                .max_decimals(0)
                .suffix(suffix),
        )
        .on_hover_text(
            "Concentrated load the floor takes on one load point (a rack's foot or caster); an item whose weight \
             over its 4 feet is above it gets a floor-point-overload warning (default 680 kg = 1,500 lb, the least \
             of a Tier III/IV raised-floor panel; on slab-on-grade, the slab's point capacity)",
        )
        .changed()
    {
        *v = from_user(shown).clamp(*range.start(), *range.end());
    }
    ui.end_row();
}

/// The floor rating, edited in kg/m² or lb/ft², with its pressure beside it.
fn floor_row(ui: &mut egui::Ui, units: Units, v: &mut f64) {
    ui.label("Floor rating");
    let range = limits::FLOOR_RATING_KG_PER_M2;
    let mut shown = units.to_user_floor(*v);
    let r = units.to_user_floor(*range.start())..=units.to_user_floor(*range.end());
    ui.horizontal(|ui| {
        if ui
            .add(
                crate::ui::fields::number(&mut shown, r)
                    .speed(5.0)
                    .max_decimals(0)
                    .suffix(format!(" {}", units.floor_suffix())),
            )
            .on_hover_text(
                "Uniformly distributed load the floor is rated for; a row zone (its racks plus half the aisles) \
                 above it gets a floor-overload warning (default 1,900 kg/m² = 18.6 kPa, the low end of current \
                 data-hall slabs; a legacy raised floor is 500–1,000 kg/m²)",
            )
            .changed()
        {
            *v = units.from_user_floor(shown).clamp(*range.start(), *range.end());
        }
        // The same rating in the other units (the parenthesis of the formatted load).
        let all = units.floor_load(*v);
        let others = all.split_once('(').map_or(all.as_str(), |(_, rest)| rest.trim_end_matches(')'));
        ui.label(egui::RichText::new(format!("= {others}")).weak());
    });
    ui.end_row();
}

/// A plain number field within `range`.
fn number_row(
    ui: &mut egui::Ui,
    label: &str,
    v: &mut f64,
    range: RangeInclusive<f64>,
    speed: f64,
    suffix: &str,
    tip: &str,
) {
    ui.label(label);
    let mut shown = *v;
    if ui.add(crate::ui::fields::number(&mut shown, range).speed(speed).suffix(suffix)).on_hover_text(tip).changed() {
        *v = shown;
    }
    ui.end_row();
}

/// The hall tab: the design's name, the hall's size, grid and trays, the engineering settings, and a word on
/// obstacles. Each field edited over frames is one undo step.
pub fn hall_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let units = pc.prefs.units;
    let mut name = layout.name.clone();
    ui.horizontal(|ui| {
        ui.label("Design name");
        ui.text_edit_singleline(&mut name).on_hover_text("The layout's name");
    });
    if name != layout.name {
        out.push(Command::EditMerged {
            label: "Rename design".into(),
            edit: Edit::Rename(name.chars().take(limits::MAX_TEXT_CHARS).collect()),
            key: pc.session.gesture_seq ^ 0x6e61_6d65,
        });
    }
    document_ui(ui, pc, out);
    let mut hall: Hall = layout.hall.clone();
    egui::Grid::new("hall-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        geometry_rows(ui, units, &mut hall);
        settings_rows(ui, units, &mut hall.settings);
        choice_rows(ui, layout, &mut hall.settings);
    });
    if hall != layout.hall {
        // Positions are in millimetres: a new tile size is a new snap grid; nothing moves.
        let edit = Edit::SetHall(Box::new(hall));
        out.push(Command::EditMerged {
            label: "Change hall settings".into(),
            edit,
            key: pc.session.gesture_seq ^ 0x6861_6c6c,
        });
    }
    ui.separator();
    ui.label(format!(
        "{} (columns, walls, no-go zones)",
        counted(layout.hall.obstacles.len() as u64, "obstacle", "obstacles")
    ));
    ui.label(
        egui::RichText::new(format!(
            "Add them with the {} ({}); click one to select, drag to move, edit it in the Inspector.",
            Action::ToolObstacle.label().to_lowercase(),
            Action::ToolObstacle.shortcut_text(ui.ctx())
        ))
        .weak(),
    );
}

/// Size, tile and trays.
fn geometry_rows(ui: &mut egui::Ui, units: Units, hall: &mut Hall) {
    length_row(ui, units, "Width", &mut hall.width_m, limits::HALL_EDGE_M, "Hall width (x)");
    length_row(ui, units, "Depth", &mut hall.depth_m, limits::HALL_EDGE_M, "Hall depth (y)");
    length_row(
        ui,
        units,
        "Tile",
        &mut hall.tile_m,
        limits::TILE_M,
        "Floor tile edge: the grid items snap to (and to a neighbour's edge). Changing it moves nothing.",
    );
    let t = &mut hall.trays;
    length_row(
        ui,
        units,
        "Tray height",
        &mut t.height_m,
        limits::TRAY_HEIGHT_M,
        "Cable tray height above the floor; negative for trays under a raised floor",
    );
    length_row(ui, units, "Tray pitch x", &mut t.pitch_x_m, limits::TRAY_PITCH_M, "Spacing of trays running along y");
    length_row(ui, units, "Tray pitch y", &mut t.pitch_y_m, limits::TRAY_PITCH_M, "Spacing of trays running along x");
    length_row(ui, units, "Tray offset x", &mut t.offset_x_m, limits::TRAY_OFFSET_M, "x of the first tray along y");
    length_row(ui, units, "Tray offset y", &mut t.offset_y_m, limits::TRAY_OFFSET_M, "y of the first tray along x");
}

/// The engineering settings: PUE, temperature rises, cable slack and reach, floor rating, power factor, energy
/// price.
fn settings_rows(ui: &mut egui::Ui, units: Units, s: &mut HallSettings) {
    number_row(ui, "PUE", &mut s.pue, limits::PUE, 0.01, "", "Facility power ÷ IT power");
    number_row(
        ui,
        "Air ΔT",
        &mut s.air_delta_t_k,
        limits::DELTA_T_K,
        0.1,
        " K",
        "Air temperature rise across equipment",
    );
    number_row(ui, "Coolant ΔT", &mut s.coolant_delta_t_k, limits::DELTA_T_K, 0.1, " K", "Coolant temperature rise");
    length_row(
        ui,
        units,
        "Cable slack",
        &mut s.cable_slack_m,
        limits::CABLE_SLACK_M,
        "Service loop added to every cable",
    );
    number_row(
        ui,
        "Slack (% of run)",
        &mut s.cable_slack_percent,
        limits::CABLE_SLACK_PERCENT,
        0.5,
        " %",
        "A cable gets the larger of this share of its run and the fixed slack (default 10 %, MIL-HDBK-1012/3)",
    );
    length_row(
        ui,
        units,
        "Tray reach",
        &mut s.tray_reach_m,
        limits::TRAY_REACH_M,
        "A rack farther than this from every cable tray gets a far-from-tray warning",
    );
    floor_row(ui, units, &mut s.floor_rating_kg_per_m2);
    point_rating_row(ui, units, &mut s.floor_point_rating_kg);
    ui.label("Storage capacity");
    ui.add(crate::ui::fields::number(&mut s.storage_pb, limits::STORAGE_PB).speed(1.0).suffix(" PB")).on_hover_text(
        "Usable storage the design needs; with the bandwidth below, sizes the storage racks (0: not stated)",
    );
    ui.end_row();
    ui.label("Storage read");
    ui.add(
        crate::ui::fields::number(&mut s.storage_gb_per_s_per_gpu, limits::STORAGE_GB_PER_S_PER_GPU)
            .speed(0.05)
            .max_decimals(2)
            .suffix(" GB/s per GPU"),
    )
    .on_hover_text(
        "Read bandwidth the design needs per GPU (0: not stated); the report says how many storage racks that takes",
    );
    ui.end_row();
    ui.label("Install pace");
    ui.add(
        crate::ui::fields::number(&mut s.install_racks_per_day, limits::INSTALL_RACKS_PER_DAY)
            .speed(1.0)
            .max_decimals(1)
            .suffix(" racks/day"),
    )
    .on_hover_text(
        "GPU racks installed a day (set, cabled, brought up): Phases › Phase by scalable unit dates its phases at \
         this pace (Colossus reached about 56 a day)",
    );
    ui.end_row();
    ui.label("Spares");
    ui.add(crate::ui::fields::number(&mut s.spares_pct, limits::SPARES_PCT).speed(0.1).max_decimals(1).suffix(" %"))
        .on_hover_text(
            "Spares ordered on top of the fabric's transceivers, cables and fibre (a buyer's policy, e.g. +2 % of \
             optics): the BOM's quantities and the capital cost include them, the fabric's counts do not",
        );
    ui.end_row();
    ui.label("Reserved at top");
    let mut top = s.reserved_top_u;
    if ui
        .add(crate::ui::fields::number(&mut top, limits::RESERVED_TOP_U).suffix(" U"))
        .on_hover_text("Rack units every rack keeps free at the top (cable management, patch panels): a rack's contents must fit in the rest")
        .changed()
    {
        s.reserved_top_u = top;
    }
    ui.end_row();
    length_row(
        ui,
        units,
        "Rack allowance",
        &mut s.rack_allowance_m,
        limits::RACK_ALLOWANCE_M,
        "In-rack run at each cable end",
    );
    number_row(ui, "Power factor", &mut s.power_factor, limits::POWER_FACTOR, 0.01, "", "Turns PDU kVA into kW");
    number_row(
        ui,
        "Electricity ($/kWh)",
        &mut s.energy_usd_per_kwh,
        limits::ENERGY_USD_PER_KWH,
        0.005,
        "",
        "Price of energy for the yearly energy cost (default $0.08/kWh, the U.S. industrial average, EIA)",
    );
}

/// Redundancy and the fabric switch.
fn choice_rows(ui: &mut egui::Ui, layout: &Layout, s: &mut HallSettings) {
    ui.label("Redundancy");
    egui::ComboBox::from_id_salt("redundancy")
        .selected_text(s.redundancy.label())
        .show_ui(ui, |ui| {
            for r in [Redundancy::N, Redundancy::NPlus1, Redundancy::TwoN] {
                ui.selectable_value(&mut s.redundancy, r, r.label());
            }
        })
        .response
        .on_hover_text("How PDU feeds are checked on failure");
    ui.end_row();
    ui.label("Fabric switch");
    let current = s.fabric_switch.clone();
    egui::ComboBox::from_id_salt("fabric-switch")
        .selected_text(current.as_ref().map_or("the placed leaves' model", |c| c.as_str()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut s.fabric_switch, None, "the placed leaves' model");
            for t in layout.catalog.of_kind(EquipmentKind::Switch) {
                ui.selectable_value(&mut s.fabric_switch, Some(t.id.clone()), &t.name);
            }
        })
        .response
        .on_hover_text("Switch the required fabric is sized with");
    ui.end_row();
}

/// The next revision's mark: the letter after a one-letter mark (A → B), else the mark with a number after it.
fn next_mark(last: Option<&str>) -> String {
    match last {
        None => "A".into(),
        Some(m) if m.len() == 1 && m.as_bytes()[0].is_ascii_uppercase() && m != "Z" => {
            char::from(m.as_bytes()[0] + 1).to_string()
        }
        Some(m) => format!("{m}.1"),
    }
}

/// The document data: project, customer, author and revisions — printed on every sheet. Each field typed over
/// frames is one undo step; a revision's date is taken when it is a whole date.
fn document_ui(ui: &mut egui::Ui, pc: &PanelCtx<'_>, out: &mut Vec<Command>) {
    let layout = pc.doc.layout();
    let mut d = layout.document.clone();
    egui::CollapsingHeader::new("Document: project, customer, revisions").id_salt("hall-document").show(ui, |ui| {
        egui::Grid::new("document-grid").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
            for (label, value, tip) in [
                ("Project", &mut d.project, "The project the design is for (printed on every sheet)"),
                ("Customer", &mut d.customer, "Who it is for"),
                ("Prepared by", &mut d.prepared_by, "Who made it"),
            ] {
                ui.label(label);
                ui.text_edit_singleline(value).on_hover_text(tip);
                ui.end_row();
            }
        });
        let n = d.revisions.len();
        for (k, r) in d.revisions.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut r.rev).desired_width(32.0)).on_hover_text("The revision's mark");
                let mut date = r.date.clone();
                ui.add(egui::TextEdit::singleline(&mut date).desired_width(84.0))
                    .on_hover_text("Its date, YYYY-MM-DD (taken once it is a whole date)");
                if crate::model::phase::is_date(&date) {
                    r.date = date;
                }
                ui.add(egui::TextEdit::singleline(&mut r.note).hint_text("what changed"))
                    .on_hover_text("What changed in this revision");
                if k + 1 == n {
                    ui.label(egui::RichText::new("current").small().weak());
                }
            });
        }
        if ui
            .button("New revision")
            .on_hover_text("Add the next revision, dated today; the design pack prints the latest")
            .clicked()
        {
            let rev = next_mark(d.revisions.last().map(|r| r.rev.as_str()));
            d.revisions.push(crate::model::document::Revision {
                rev,
                date: crate::export::plan::today(),
                note: String::new(),
            });
        }
    });
    for t in [&mut d.project, &mut d.customer, &mut d.prepared_by] {
        *t = t.chars().take(limits::MAX_TEXT_CHARS).collect();
    }
    for r in &mut d.revisions {
        r.rev = r.rev.chars().take(limits::MAX_TEXT_CHARS).collect();
        r.note = r.note.chars().take(limits::MAX_TEXT_CHARS).collect();
    }
    d.revisions.truncate(crate::model::document::MAX_REVISIONS);
    if d != layout.document {
        out.push(Command::EditMerged {
            label: "Edit document data".into(),
            edit: Edit::SetDocument(Box::new(d)),
            key: pc.session.gesture_seq ^ 0x646f_6375,
        });
    }
}
