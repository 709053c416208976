//! The site's part of the one check a layout must pass ([`super::check_layout`]): plant types with sane figures,
//! banks and UPS systems naming plant of the right kind, and floor PDUs naming UPS systems that exist.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use super::checks::{LayoutError, Locus, err, range, text};
use crate::model::{EquipmentKind, Layout, PlantKind, PlantType, Site, TypeId, UnitBank};

/// A plant rating, kW or kVA (up to 10 GW: no unit is larger).
pub const PLANT_RATING: RangeInclusive<f64> = 0.0..=1.0e7;
/// Energy a battery unit stores, kWh.
pub const PLANT_ENERGY_KWH: RangeInclusive<f64> = 0.0..=1.0e8;
/// An efficiency (output ÷ input).
pub const EFFICIENCY: RangeInclusive<f64> = 0.5..=1.0;
/// Electrical kW per kW of heat a cooling plant draws.
pub const KW_PER_KW_HEAT: RangeInclusive<f64> = 0.0..=5.0;
/// Litres of water per kWh of heat.
pub const WATER_L_PER_KWH: RangeInclusive<f64> = 0.0..=50.0;
/// Seconds for generation to take load (up to a day).
pub const START_S: RangeInclusive<f64> = 0.0..=86_400.0;
/// Firm grid capacity of one service, MW.
pub const FIRM_MW: RangeInclusive<f64> = 0.0..=100_000.0;
/// A voltage, kV.
pub const KV: RangeInclusive<f64> = 0.1..=1_500.0;
/// Units in a bank.
pub const BANK_UNITS: RangeInclusive<u32> = 1..=100_000;
/// Modules in a UPS system.
pub const UPS_MODULES: RangeInclusive<u32> = 1..=1_000;
/// UPS battery autonomy, minutes.
pub const BATTERY_MIN: RangeInclusive<f64> = 0.0..=1_440.0;
/// Losses between UPS and PDU, percent.
pub const DISTRIBUTION_LOSS_PERCENT: RangeInclusive<f64> = 0.0..=20.0;
/// House load, kW.
pub const HOUSE_KW: RangeInclusive<f64> = 0.0..=1.0e7;
/// Building cost, US dollars per MW of IT.
pub const BUILDING_USD_PER_MW: RangeInclusive<f64> = 0.0..=1.0e9;
/// Facility-water supply temperature, °C.
pub const FACILITY_WATER_C: RangeInclusive<f64> = 5.0..=70.0;

fn at(path: &str) -> Locus {
    Locus::Site(path.to_owned())
}

fn check_plant(t: &PlantType) -> Result<(), LayoutError> {
    let l = at(&format!("types \"{}\"", t.id));
    text(&l, "id", &t.id.0)?;
    text(&l, "name", &t.name)?;
    text(&l, "source", &t.source)?;
    text(&l, "assumption_note", &t.assumption_note)?;
    for (field, v, r) in [
        ("rating_kw", t.rating_kw, &PLANT_RATING),
        ("rating_kva", t.rating_kva, &PLANT_RATING),
        ("energy_kwh", t.energy_kwh, &PLANT_ENERGY_KWH),
        ("efficiency", t.efficiency, &EFFICIENCY),
        ("kw_per_kw_heat", t.kw_per_kw_heat, &KW_PER_KW_HEAT),
        ("water_l_per_kwh", t.water_l_per_kwh, &WATER_L_PER_KWH),
        ("start_s", t.start_s, &START_S),
    ] {
        range(&l, field, v, r)?;
    }
    if t.rating() <= 0.0 {
        let field = if t.kind.rated_in_kva() { "rating_kva" } else { "rating_kw" };
        return Err(err(&l, field, format!("a {} needs a rating above 0", t.kind.label())));
    }
    if let Some(p) = &t.price {
        range(&l, "price.usd", p.usd, &crate::model::limits::PRICE_USD)?;
        text(&l, "price.source", &p.source)?;
        text(&l, "price.note", &p.note)?;
    }
    Ok(())
}

/// A bank names a plant type of one of `kinds`, with a sane count.
fn check_bank(site: &Site, path: &str, b: &UnitBank, kinds: &[PlantKind]) -> Result<(), LayoutError> {
    let l = at(path);
    let Some(t) = site.plant(&b.plant) else {
        return Err(err(
            &l,
            "plant",
            format!("unknown plant type \"{}\": add it to the site's `types` or use a built-in one", b.plant),
        ));
    };
    if !kinds.contains(&t.kind) {
        let want: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        return Err(err(
            &l,
            "plant",
            format!("\"{}\" is a {}; this place takes a {}", b.plant, t.kind.label(), want.join(" or ")),
        ));
    }
    if !BANK_UNITS.contains(&b.count) {
        return Err(err(&l, "count", format!("{} units: write 1 to {}", b.count, BANK_UNITS.end())));
    }
    if b.redundant >= b.count {
        return Err(err(
            &l,
            "redundant",
            format!("{} spares of {} units leaves none on duty; write fewer spares", b.redundant, b.count),
        ));
    }
    Ok(())
}

/// Checks the site and the PDUs' `upstream`.
pub fn check_site(layout: &Layout) -> Result<(), LayoutError> {
    let Some(site) = &layout.site else {
        if let Some(item) = layout.items.iter().find(|i| i.upstream.is_some()) {
            return Err(err(
                &Locus::Item(item.id),
                "upstream",
                "names a UPS system, but the layout has no site; remove `upstream` or add the site",
            ));
        }
        return Ok(());
    };
    let mut ids = HashSet::new();
    for t in &site.types {
        check_plant(t)?;
        if !ids.insert(&t.id) {
            return Err(err(
                &at("types"),
                "id",
                format!("\"{}\" appears twice; give every plant type its own id", t.id),
            ));
        }
    }
    for (n, u) in site.utility.iter().enumerate() {
        let l = at(&format!("utility[{n}]"));
        text(&l, "name", &u.name)?;
        range(&l, "firm_mw", u.firm_mw, &FIRM_MW)?;
        range(&l, "kv", u.kv, &KV)?;
    }
    let generating = [PlantKind::DieselGenset, PlantKind::GasEngine, PlantKind::GasTurbine];
    for (n, b) in site.generation.iter().enumerate() {
        check_bank(site, &format!("generation[{n}]"), b, &generating)?;
    }
    for (n, b) in site.storage.iter().enumerate() {
        check_bank(site, &format!("storage[{n}]"), b, &[PlantKind::Battery])?;
    }
    if let Some(b) = &site.substation {
        check_bank(site, "substation", b, &[PlantKind::SubstationTransformer])?;
    }
    if let Some(b) = &site.mv_switchgear {
        check_bank(site, "mv_switchgear", b, &[PlantKind::MvSwitchgear])?;
    }
    let m = &site.mechanical;
    let rejecting =
        [PlantKind::DryCooler, PlantKind::CoolingTower, PlantKind::WaterCooledChiller, PlantKind::AirCooledChiller];
    if let Some(b) = &m.liquid {
        check_bank(site, "mechanical.liquid", b, &rejecting)?;
    }
    if let Some(b) = &m.air {
        check_bank(site, "mechanical.air", b, &[PlantKind::WaterCooledChiller, PlantKind::AirCooledChiller])?;
    }
    if let Some(b) = &m.feed {
        check_bank(site, "mechanical.feed", b, &[PlantKind::UnitSubstation])?;
    }
    range(&at("mechanical"), "facility_water_c", m.facility_water_c, &FACILITY_WATER_C)?;
    range(&at("site"), "mv_kv", site.mv_kv, &KV)?;
    range(&at("site"), "distribution_loss_percent", site.distribution_loss_percent, &DISTRIBUTION_LOSS_PERCENT)?;
    range(&at("site"), "house_kw", site.house_kw, &HOUSE_KW)?;
    if site.group == 1 || site.group > 64 {
        return Err(err(&at("site"), "group", format!("{} systems in a group: write 0 (all) or 2 to 64", site.group)));
    }
    range(&at("site"), "building_usd_per_mw", site.building_usd_per_mw, &BUILDING_USD_PER_MW)?;
    let mut systems = HashSet::new();
    for s in &site.ups {
        let l = at(&format!("ups {}", s.id));
        if !systems.insert(s.id) {
            return Err(err(&l, "id", "the id appears twice; give every UPS system its own id"));
        }
        text(&l, "name", &s.name)?;
        for (field, id, kind) in
            [("module", &s.module, PlantKind::UpsModule), ("transformer", &s.transformer, PlantKind::UnitSubstation)]
        {
            match site.plant(id) {
                Some(t) if t.kind == kind => {}
                Some(t) => {
                    return Err(err(&l, field, format!("\"{id}\" is a {}, not a {}", t.kind.label(), kind.label())));
                }
                None => {
                    return Err(err(&l, field, format!("unknown plant type \"{id}\"; add it to the site's `types`")));
                }
            }
        }
        if !UPS_MODULES.contains(&s.modules) {
            return Err(err(&l, "modules", format!("{} modules: write 1 to {}", s.modules, UPS_MODULES.end())));
        }
        if s.redundant_modules >= s.modules {
            return Err(err(&l, "redundant_modules", "at least one module must be on duty; write fewer spares"));
        }
        range(&l, "battery_min", s.battery_min, &BATTERY_MIN)?;
    }
    for item in layout.items.iter().filter(|i| i.upstream.is_some()) {
        let l = Locus::Item(item.id);
        let is_pdu = layout.catalog.get(&item.type_id).is_some_and(|t| t.kind == EquipmentKind::Pdu);
        if !is_pdu {
            return Err(err(&l, "upstream", "only a floor PDU names a UPS system; remove `upstream`"));
        }
        if let Some(id) = item.upstream
            && !systems.contains(&id)
        {
            return Err(err(
                &l,
                "upstream",
                format!("names UPS system {id}, which the site does not have; pick one of the site's systems"),
            ));
        }
    }
    Ok(())
}

/// Adds the built-in plant types the site names but does not carry.
pub fn complete_site(layout: &mut Layout) {
    if let Some(site) = &mut layout.site {
        add_builtin_plant(site);
    }
}

/// Adds to a site the built-in plant types it names but lacks, in id order (its own types stay and win).
pub fn add_builtin_plant(site: &mut Site) {
    let mut wanted: Vec<TypeId> = site.banks().map(|(_, b)| b.plant.clone()).collect();
    wanted.extend(site.ups.iter().flat_map(|s| [s.module.clone(), s.transformer.clone()]));
    wanted.sort_unstable();
    wanted.dedup();
    for id in wanted {
        if site.plant(&id).is_none()
            && let Some(t) = super::catalog::builtin_plant_type(&id.0)
        {
            site.types.push(t.clone());
        }
    }
}
