//! What the hall costs: the bill of materials (every item type, switch and part with its list price and source),
//! the capital cost it adds up to, and the energy cost of a year.
//!
//! Prices: a layout's own (`prices.types`, `prices.parts`) over the type's catalog price (`price.usd`; a GPU rack's
//! is for the full rack, so each server costs a `servers`-th of it) and the parts list's default (see
//! [`super::parts`]). A type without a price counts nothing and is named in an `unpriced` warning.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Ctx, Facts, PartCount, Severity, Warning, type_slot, warn};
use crate::model::{Catalog, EquipmentKind, EquipmentType, Layout};

/// Hours in a year of continuous operation.
pub const HOURS_PER_YEAR: f64 = 8_760.0;

/// One line of the bill of materials.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BomRow {
    /// `"compute"`, `"network"`, `"storage"`, `"power"`, `"cooling"`, `"cable"`, `"transceiver"` or `"fibre"`.
    pub category: &'static str,
    /// Type id, or part id with its stock length (`"dac-800g-2x400g-3m"`).
    pub part: String,
    /// What it is.
    pub description: String,
    /// Who makes it, where one maker's product is meant.
    pub manufacturer: String,
    /// The maker's orderable part number (NVIDIA OPN) where public; empty otherwise.
    pub part_number: String,
    /// How many, with the spares.
    pub quantity: u64,
    /// Of `quantity`, the spares the hall's spares policy adds (transceivers, cables and fibre).
    pub spares: u64,
    /// What one is: `"server"`, `"switch"`, `"unit"`, `"cable"`, `"module"` or `"fibre"`.
    pub unit: &'static str,
    /// Price of one, in US dollars.
    pub unit_price_usd: f64,
    /// Quantity × unit price.
    pub extended_usd: f64,
    /// Where the price comes from (`"layout price"` when the design sets its own).
    pub source: String,
    /// True when the price is a planning estimate.
    pub assumption: bool,
    /// What kind of figure the price is: `"quoted"`, `"list"`, `"reported"`, `"estimate"`, `"layout"` (the
    /// design's own) or `"none"` (no price).
    pub basis: &'static str,
}

/// Spares of `quantity` parts at `pct` percent, rounded up (0 % adds none).
pub fn spares_of(quantity: u64, pct: f64) -> u64 {
    if pct <= 0.0 || quantity == 0 {
        return 0;
    }
    // Hundredths of a percent, exact: 2 % of 1,234 is 24.68 → 25.
    let bp = (pct * 100.0).round() as u64;
    (quantity * bp).div_ceil(10_000)
}

/// Capital and energy cost.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostReport {
    /// Capital cost: the bill of materials' total, in US dollars (all-in when the site is modelled; see
    /// `includes`).
    pub capex_usd: f64,
    /// What the capital cost includes, in words.
    pub includes: String,
    /// The IT's share: servers, switches, PDUs, cooling units, cables and optics.
    pub capex_it_usd: f64,
    /// The facility's: electrical and mechanical plant and the building (0 when the site is not modelled).
    pub capex_facility_usd: f64,
    /// IT + facility.
    pub capex_all_in_usd: f64,
    /// Capital cost by BOM category.
    pub by_category: BTreeMap<String, f64>,
    /// Energy of a year at the facility's typical power (IT × PUE, 8,760 h) at the hall's electricity price.
    pub opex_usd_per_year: f64,
    /// Electricity price used, US dollars per kWh.
    pub energy_usd_per_kwh: f64,
    /// Capital cost per GPU (0 without GPUs), all of `capex_usd`.
    pub usd_per_gpu: f64,
    /// The IT's capital cost per GPU.
    pub usd_per_gpu_it: f64,
    /// Capital cost per dense BF16 PFLOPS (0 without GPUs).
    pub usd_per_pflops: f64,
    /// Share of the capital cost whose price is a planning estimate, 0 to 1.
    pub estimated_share: f64,
    /// Type ids without a price (counted at 0).
    pub unpriced: Vec<String>,
}

/// How many of each type a hall holds — servers of GPU racks, switches in network racks, items of the rest — by
/// index in the layout's catalog; kept up to date item by item.
#[derive(Clone, Debug, Default)]
pub(crate) struct TypeCounts {
    counts: Vec<u64>,
}

impl TypeCounts {
    /// Items of each catalog type (in catalog order), GPU racks by their servers installed.
    pub fn per_type(&self) -> &[u64] {
        &self.counts
    }

    /// Counts the types of a hall (one pass over the items; a hall uses a handful of types).
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> Self {
        let catalog = &ctx.layout.catalog;
        let mut out = Self { counts: vec![0; catalog.types.len()] };
        let mut last: Option<(&EquipmentType, usize)> = None;
        for (i, item) in ctx.layout.items.iter().enumerate() {
            let Some(ty) = ctx.types[i] else { continue };
            let n = if ty.gpu.is_some() { u64::from(item.servers_in(ty)) } else { 1 };
            let slot = match last {
                Some((t, slot)) if std::ptr::eq(t, ty) => slot,
                _ => {
                    let slot = type_slot(catalog, ty);
                    last = Some((ty, slot));
                    slot
                }
            };
            out.counts[slot] += n;
            if let (Some(fill), Some(sw)) = (&item.switches, ctx.switch_types[i]) {
                out.counts[type_slot(catalog, sw)] += u64::from(fill.count);
            }
        }
        out
    }

    /// The power the cooling units themselves draw (CDU pumps, CRAH fans) at peak and typical, kW: facility
    /// load, not IT.
    pub fn cooling_power_kw(&self, catalog: &Catalog) -> (f64, f64) {
        catalog
            .types
            .iter()
            .zip(&self.counts)
            .filter(|(t, n)| t.kind == EquipmentKind::Cooling && **n > 0)
            .fold((0.0, 0.0), |(p, t), (ty, &n)| (p + ty.power_peak_kw * n as f64, t + ty.power_typical_kw * n as f64))
    }

    /// Adds (`sign` +1) or takes away (−1) one item.
    pub fn apply(&mut self, catalog: &Catalog, f: &Facts<'_>, sign: i64) {
        let Some(ty) = f.ty else { return };
        let n = if ty.gpu.is_some() { u64::from(f.item.servers_in(ty)) } else { 1 };
        let mut add = |slot: usize, n: u64| {
            if let Some(c) = self.counts.get_mut(slot) {
                *c = if sign > 0 { *c + n } else { c.saturating_sub(n) };
            }
        };
        add(type_slot(catalog, ty), n);
        if let (Some(fill), Some(sw)) = (&f.item.switches, f.switch) {
            add(type_slot(catalog, sw), u64::from(fill.count));
        }
    }
}

fn category(kind: EquipmentKind) -> (&'static str, &'static str) {
    match kind {
        EquipmentKind::GpuRack => ("compute", "server"),
        EquipmentKind::Switch => ("network", "switch"),
        EquipmentKind::NetworkRack => ("network", "unit"),
        EquipmentKind::StorageRack => ("storage", "unit"),
        EquipmentKind::Pdu => ("power", "unit"),
        EquipmentKind::Cooling => ("cooling", "unit"),
    }
}

/// Order of the categories in the bill of materials.
const CATEGORIES: [&str; 11] = [
    "compute",
    "network",
    "storage",
    "power",
    "cooling",
    "cable",
    "transceiver",
    "fibre",
    "electrical plant",
    "mechanical plant",
    "building",
];

/// The categories of the facility (the site's plant and the building), beside the IT's.
pub const FACILITY_CATEGORIES: [&str; 3] = ["electrical plant", "mechanical plant", "building"];

/// Stock length as written in a part id: `3m`, `0.5m`, `7.5m`.
fn length_tag(length_m: f64) -> String {
    format!("{length_m}m")
}

/// A type's price in this layout: the layout's own, else the catalog's, with its source and basis.
pub(crate) struct TypePrice {
    /// US dollars per item; None when neither sets one.
    pub usd: Option<f64>,
    pub source: String,
    pub assumption: bool,
    pub basis: &'static str,
}

/// The price of one item of `ty` in `layout` (a GPU rack's: the full rack).
pub(crate) fn type_price(layout: &Layout, ty: &EquipmentType) -> TypePrice {
    match (layout.prices.types.get(&ty.id), &ty.price) {
        (Some(&usd), _) => {
            TypePrice { usd: Some(usd), source: "layout price".into(), assumption: false, basis: "layout" }
        }
        (None, Some(p)) => {
            TypePrice { usd: Some(p.usd), source: p.source.clone(), assumption: p.assumption, basis: p.basis().label() }
        }
        (None, None) => TypePrice { usd: None, source: "no price".into(), assumption: false, basis: "none" },
    }
}

/// The bill of materials and what it costs.
pub(crate) fn analyse(
    layout: &Layout,
    counts: &TypeCounts,
    parts: &[PartCount],
    plant: Vec<BomRow>,
    (gpus, bf16_pflops, facility_kw): (u64, f64, f64),
    out: &mut Vec<Warning>,
) -> (Vec<BomRow>, CostReport) {
    let overrides = &layout.prices;
    let mut rows = Vec::with_capacity(16 + parts.len());
    let mut unpriced: Vec<String> = Vec::new();
    for (ty, &quantity) in layout.catalog.types.iter().zip(&counts.counts) {
        if quantity == 0 {
            continue;
        }
        let (category, unit) = category(ty.kind);
        let TypePrice { usd: per_item, source, assumption, basis } = type_price(layout, ty);
        if per_item.is_none() {
            unpriced.push(ty.id.0.clone());
        }
        // A GPU rack's price is for the full rack: each server costs its share.
        let servers = ty.gpu.as_ref().map_or(1, |g| g.servers.max(1));
        let unit_price_usd = per_item.unwrap_or(0.0) / f64::from(servers);
        let description = match &ty.gpu {
            Some(g) => format!("{} (server of {} per rack)", ty.name, g.servers),
            None => ty.name.clone(),
        };
        rows.push(BomRow {
            category,
            part: ty.id.0.clone(),
            description,
            manufacturer: ty.manufacturer.clone(),
            part_number: ty.part_number.clone(),
            quantity,
            spares: 0,
            unit,
            unit_price_usd,
            extended_usd: unit_price_usd * quantity as f64,
            source,
            assumption,
            basis,
        });
    }
    for p in parts {
        let unit = match p.category {
            "cable" => "cable",
            "transceiver" => "module",
            _ => "fibre",
        };
        let (part, description) = match p.length_m {
            Some(l) => (format!("{}-{}", p.part, length_tag(l)), format!("{}, {l} m", p.description)),
            None => (p.part.clone(), p.description.clone()),
        };
        let (unit_price_usd, source, assumption, basis) = match overrides.parts.get(&p.part) {
            Some(o) => (o.usd + o.per_m_usd * p.length_m.unwrap_or(0.0), "layout price".to_owned(), false, "layout"),
            None => (p.unit_price_usd, p.price_source.to_owned(), true, "estimate"),
        };
        // The spares policy: a whole part more for every started `100 / spares_pct` (ceiling), on top.
        let spares = spares_of(p.quantity, layout.hall.settings.spares_pct);
        let quantity = p.quantity + spares;
        rows.push(BomRow {
            category: p.category,
            part,
            description,
            manufacturer: if p.part_number.is_empty() { String::new() } else { "NVIDIA".to_owned() },
            part_number: p.part_number.to_owned(),
            quantity,
            spares,
            unit,
            unit_price_usd,
            extended_usd: unit_price_usd * quantity as f64,
            source,
            assumption,
            basis,
        });
    }
    let modelled = layout.site.is_some();
    rows.extend(plant);
    let rank = |c: &str| CATEGORIES.iter().position(|k| *k == c).unwrap_or(CATEGORIES.len());
    // Types by category then id; parts keep the parts list's order (speed, reach, length) within theirs.
    rows.sort_by(|a, b| {
        let types = |r: &BomRow| !matches!(r.category, "cable" | "transceiver" | "fibre");
        // Plant rows keep the site's order (upstream first) within their categories.
        rank(a.category)
            .cmp(&rank(b.category))
            .then_with(|| if types(a) && types(b) { a.part.cmp(&b.part) } else { std::cmp::Ordering::Equal })
    });

    let mut report =
        CostReport { energy_usd_per_kwh: layout.hall.settings.energy_usd_per_kwh, ..CostReport::default() };
    let mut estimated = 0.0;
    for r in &rows {
        report.capex_usd += r.extended_usd;
        if FACILITY_CATEGORIES.contains(&r.category) {
            report.capex_facility_usd += r.extended_usd;
        } else {
            report.capex_it_usd += r.extended_usd;
        }
        *report.by_category.entry(r.category.to_owned()).or_default() += r.extended_usd;
        if r.assumption {
            estimated += r.extended_usd;
        }
    }
    report.estimated_share = if report.capex_usd > 0.0 { estimated / report.capex_usd } else { 0.0 };
    report.opex_usd_per_year = facility_kw * HOURS_PER_YEAR * report.energy_usd_per_kwh;
    report.capex_all_in_usd = report.capex_usd;
    report.includes = if modelled {
        "IT, electrical plant, mechanical plant and building (all-in)".into()
    } else {
        "IT only: the site is not modelled (no building, electrical or mechanical plant)".into()
    };
    report.usd_per_gpu = if gpus > 0 { report.capex_usd / gpus as f64 } else { 0.0 };
    report.usd_per_gpu_it = if gpus > 0 { report.capex_it_usd / gpus as f64 } else { 0.0 };
    report.usd_per_pflops = if bf16_pflops > 0.0 { report.capex_usd / bf16_pflops } else { 0.0 };
    unpriced.sort_unstable();
    unpriced.dedup();
    warn_unpriced(layout, &unpriced, out);
    report.unpriced = unpriced;
    // A layout price for a part the hall does not use (often a typo in the part id) changes nothing: say so.
    let unused: Vec<&str> =
        overrides.parts.keys().filter(|k| !parts.iter().any(|p| p.part == **k)).map(String::as_str).collect();
    if !unused.is_empty() {
        warn(
            out,
            "price-unused",
            Severity::Warning,
            format!(
                "the file prices {} part(s) the hall does not use ({}); check the part ids against the bill of materials",
                unused.len(),
                unused.iter().take(20).copied().collect::<Vec<_>>().join(", ")
            ),
            Vec::new(),
        );
    }
    (rows, report)
}

/// Names the types the capital cost leaves out, with the items of them.
fn warn_unpriced(layout: &Layout, unpriced: &[String], out: &mut Vec<Warning>) {
    if unpriced.is_empty() {
        return;
    }
    let ids: Vec<_> = layout
        .items
        .iter()
        .filter(|i| {
            let switch = i.switches.as_ref().map(|f| f.model.0.as_str());
            unpriced.iter().any(|u| *u == i.type_id.0 || Some(u.as_str()) == switch)
        })
        .map(|i| i.id)
        .take(10_000)
        .collect();
    warn(
        out,
        "unpriced",
        Severity::Warning,
        format!(
            "{} type(s) have no list price ({}): the capital cost leaves them out; give the type a \
             `price` or set one in the file's `prices`",
            unpriced.len(),
            unpriced.join(", ")
        ),
        ids,
    );
}
