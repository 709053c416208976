//! The live analysis: [`analyse`](super::analyse)'s phases kept as state, so the designer brings the report up to
//! date after an edit by re-computing only what the edit touched.
//!
//! Every phase keeps its figures as sums of per-item shares that subtract exactly (integers, or [`Exact`] sums),
//! so taking an item's old share away and adding its new one gives, to the bit, what the phase computes afresh:
//! `analyse` itself is [`LiveAnalysis::new`], and a property test (`tests/live.rs`) checks the two agree after
//! every step of random edit sequences. What an edit touches:
//!
//! - GPUs, type counts, power and cooling: the touched items' shares (PDU and cooling-unit loads, rows). A PDU or
//!   cooling unit added, removed or re-typed, or a feed moved onto or off a failed side, re-runs that phase.
//! - Floor: the touched items, the racks that start or stop carrying a mounted unit, their rows and the zones
//!   beside them.
//! - Placement: the overlap-grid cells of the touched items.
//! - Network: when racks only move, the link groups with a moved rack at an end; any other change to a GPU or
//!   network rack sizes the fabric afresh.
//!
//! [`Exact`]: super::exact::Exact

use std::collections::BTreeSet;

use super::cooling::CoolingState;
use super::cost::{self, TypeCounts};
use super::floor::FloorState;
use super::geometry::GeometryState;
use super::gpus::{GpuState, compute_report};
use super::network::NetworkState;
use super::networks;
use super::power::PowerState;
use super::site;
use super::world::World;
use super::{Ctx, Facts, Failure, Report, Warning, type_slot};
use crate::model::edit::Changes;
use crate::model::{Item, ItemId, Layout};

/// Warnings of each phase, joined in the order `analyse` has always given them.
#[derive(Debug, Default)]
struct PhaseWarnings {
    placement: Vec<Warning>,
    power: Vec<Warning>,
    cooling: Vec<Warning>,
    floor: Vec<Warning>,
}

/// The analysis of one layout under one failure, kept up to date edit by edit.
#[derive(Debug)]
pub struct LiveAnalysis {
    failure: Failure,
    gpus: GpuState,
    counts: TypeCounts,
    power: PowerState,
    cooling: CoolingState,
    floor: FloorState,
    geometry: GeometryState,
    network: NetworkState,
    warnings: PhaseWarnings,
    report: Report,
    /// The PDUs and cooling units whose report entries the last write changed (None: possibly all).
    loads_written: Option<Vec<ItemId>>,
}

/// What an update did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Updated {
    /// The analysis was built afresh.
    Afresh,
    /// Only these items' own figures changed (and what the report says of PDUs, cooling units and placement,
    /// which the caller compares).
    Items {
        /// The touched items and the mounted units of touched racks.
        items: Vec<ItemId>,
        /// Every touched item is in the layout before and after, with the same type and cooling unit.
        same_items: bool,
        /// The PDUs and cooling units whose entries in the report were written again (None: any may have
        /// changed).
        loads: Option<Vec<ItemId>>,
    },
}

impl LiveAnalysis {
    /// Analyses a layout with a failure applied.
    pub fn new(layout: &Layout, failure: &Failure) -> Self {
        Self::from_ctx(Ctx::new(layout), failure)
    }

    pub(crate) fn from_ctx(ctx: Ctx<'_>, failure: &Failure) -> Self {
        // On a large hall the phases run as tasks on rayon's pool: the network (routing and counting every link
        // group, about half the work; it splits further inside) beside the placement checks beside the loads.
        // Small halls stay on one thread, where handing work over costs more than it saves. Each phase keeps its
        // own state and warnings, joined in phase order, so the report is the same either way.
        let network = || NetworkState::build(&ctx);
        // The type count for the bill of materials rides with the shorter task.
        let placement = || (GeometryState::build(&ctx).0, TypeCounts::build(&ctx));
        let loads = || {
            let gpus = GpuState::build(&ctx);
            let power = PowerState::build(&ctx, failure);
            let cooling = CoolingState::build(&ctx, failure);
            let floor = FloorState::build(&ctx);
            (gpus, power, cooling, floor)
        };
        let rest = || if ctx.parallel { rayon::join(placement, loads) } else { (placement(), loads()) };
        let (network, ((geometry, counts), (gpus, power, cooling, (floor, floor_report)))) =
            if ctx.parallel { rayon::join(network, rest) } else { (network(), rest()) };
        let mut live = Self {
            failure: failure.clone(),
            gpus,
            counts,
            power,
            cooling,
            floor,
            geometry,
            network,
            warnings: PhaseWarnings::default(),
            report: Report { floor: floor_report, failure: failure.label(), ..Report::default() },
            loads_written: None,
        };
        live.geometry.write(&mut live.warnings.placement);
        live.write_network();
        live.assemble(ctx.layout);
        live
    }

    /// The report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The report, giving up the state.
    pub fn into_report(self) -> Report {
        self.report
    }

    /// The failure the analysis is under.
    pub fn failure(&self) -> &Failure {
        &self.failure
    }

    /// Brings the analysis up to `layout`, which is the layout last analysed changed by `changes`. Re-computes
    /// what the changes touched, or everything when they changed the hall, the catalog or many items.
    pub fn update(&mut self, layout: &Layout, changes: &Changes) -> Updated {
        if changes.everything || changes.before.len() > layout.items.len() / 4 + 64 {
            *self = Self::new(layout, &self.failure.clone());
            return Updated::Afresh;
        }
        let touched: Vec<ItemId> = changes.before.keys().copied().collect();
        if touched.is_empty() {
            return Updated::Items { items: Vec::new(), same_items: true, loads: Some(Vec::new()) };
        }
        let before = World::before(layout, changes);
        let after = World::now(layout);
        let catalog = &layout.catalog;
        // A phase that cannot follow item by item is built afresh from a context of the layout.
        let ctx = || Ctx::new(layout);

        // Each touched item as it was and as it is, looked up once: [before, after].
        let facts: Vec<[Option<Facts<'_>>; 2]> =
            touched.iter().map(|&id| [before.facts(id), after.facts(id)]).collect();
        let sides = [(0, -1), (1, 1)];

        // GPUs and type counts.
        for (side, sign) in sides {
            for f in facts.iter().filter_map(|f| f[side].as_ref()) {
                if let Some(ty) = f.ty {
                    self.gpus.apply(f.item, ty, type_slot(catalog, ty), sign);
                }
                self.counts.apply(catalog, f, sign);
            }
        }

        // Power and cooling: the touched items' shares, unless a PDU or cooling unit itself changed.
        let is = |pick: fn(&crate::model::EquipmentType) -> bool| {
            facts.iter().flatten().flatten().any(|f| f.ty.is_some_and(pick))
        };
        if is(|t| t.pdu.is_some()) {
            self.power = PowerState::build(&ctx(), &self.failure);
        } else {
            for (side, sign) in sides {
                for f in facts.iter().filter_map(|f| f[side].as_ref()) {
                    let slots = self.power.feed_slots(f.item);
                    self.power.refs(slots, sign);
                    self.power.apply(f, slots, sign);
                }
            }
            if !self.power.lost_still_holds() {
                self.power = PowerState::build(&ctx(), &self.failure);
            }
        }
        if is(|t| t.cooling.is_some()) {
            self.cooling = CoolingState::build(&ctx(), &self.failure);
        } else {
            for (side, sign) in sides {
                for f in facts.iter().filter_map(|f| f[side].as_ref()) {
                    let unit = self.cooling.slot(f.item.cooling);
                    self.cooling.apply(f, unit, sign);
                }
            }
        }

        // Floor, placement.
        self.floor.update(&before, &after, &touched, &mut self.report.floor);
        if !self.geometry.update(&before, &after, &touched) {
            self.geometry = GeometryState::build(&ctx()).0;
        }
        self.warnings.placement.clear();
        self.geometry.write(&mut self.warnings.placement);

        // Network: nothing, the moved racks' links, or the fabric afresh.
        let mut moved = Vec::new();
        let mut resize = false;
        for (&id, &[old, new]) in touched.iter().zip(&facts) {
            let matters = |f: &Option<Facts<'_>>| {
                f.as_ref().is_some_and(|f| f.item.switches.is_some() || f.ty.is_some_and(|t| t.gpu.is_some()))
            };
            if !matters(&old) && !matters(&new) {
                continue;
            }
            match (old, new) {
                (Some(o), Some(n)) if same_fabric_place(o.item, n.item) => {
                    if (o.item.x_mm, o.item.y_mm, o.item.rot) != (n.item.x_mm, n.item.y_mm, n.item.rot) {
                        moved.push(id);
                    }
                }
                _ => resize = true,
            }
        }
        let network_changed = resize || !moved.is_empty();
        if resize || (!moved.is_empty() && !self.network.update_moves(&before, &after, &moved)) {
            self.network = NetworkState::build(&ctx());
        }
        if network_changed {
            self.write_network();
        }
        self.assemble(layout);

        // Items whose drawing may change: the touched ones and the units mounted in touched racks.
        let same_items = touched.iter().all(|&id| match (before.item(id), after.item(id)) {
            (Some(a), Some(b)) => a.type_id == b.type_id && a.cooling == b.cooling,
            _ => false,
        });
        let mut items: BTreeSet<ItemId> = touched.into_iter().collect();
        for &id in &items.clone() {
            if let Some(unit) = after.item(id).and_then(|i| i.cooling) {
                items.insert(unit);
            }
            if let Some(unit) = before.item(id).and_then(|i| i.cooling) {
                items.insert(unit);
            }
        }
        Updated::Items { items: items.into_iter().collect(), same_items, loads: self.loads_written.take() }
    }

    /// Copies the network phase's sections into the report.
    fn write_network(&mut self) {
        let (network, cables) = self.network.reports();
        self.report.network = network.clone();
        self.report.cables = cables.clone();
    }

    /// Writes every section from the phases' state and joins the warnings in phase order.
    fn assemble(&mut self, layout: &Layout) {
        let r = &mut self.report;
        let (gpus, compute_raw, memory, nvlink_domains) = self.gpus.finish(&layout.catalog);
        self.warnings.power.clear();
        let pdus = self.power.write(&mut r.power, &mut self.warnings.power);
        self.warnings.cooling.clear();
        let units = self.cooling.write(&mut r.cooling, &mut self.warnings.cooling);
        self.loads_written = pdus.zip(units).map(|(mut pdus, units)| {
            pdus.extend(units);
            pdus
        });
        self.warnings.floor.clear();
        self.floor.warnings(&r.floor, &mut self.warnings.floor);
        let w = &self.warnings;
        let mut warnings: Vec<Warning> =
            Vec::with_capacity(w.placement.len() + w.power.len() + w.cooling.len() + w.floor.len() + 8);
        warnings.extend(w.placement.iter().cloned());
        warnings.extend(w.power.iter().cloned());
        warnings.extend(w.cooling.iter().cloned());
        self.network.write(&mut warnings);
        warnings.extend(w.floor.iter().cloned());
        // The site upstream: the chain's facility figures replace the PUE estimate everywhere they are shown.
        let settings = &layout.hall.settings;
        let loads = site::Loads {
            it_peak_kw: r.power.it_peak_kw,
            it_typical_kw: r.power.it_kw,
            liquid_peak_kw: r.cooling.liquid_peak_kw,
            liquid_typical_kw: r.cooling.liquid_kw,
            air_peak_kw: r.cooling.air_peak_kw,
            air_typical_kw: r.cooling.air_kw,
            pue: settings.pue,
            single_fed: self.power.single_fed_count(),
            floor_cooling_kw: self.counts.cooling_power_kw(&layout.catalog),
            power_factor: settings.power_factor,
        };
        let (site_report, plant) = match &layout.site {
            Some(s) => site::analyse((layout, s, &self.failure), &self.power.normal_loads(), &loads, &mut warnings),
            None => (site::estimate(&loads), Vec::new()),
        };
        r.power.facility_kw = site_report.facility_typical_kw;
        r.power.facility_peak_kw = site_report.facility_design_kw;
        r.power.pue = site_report.pue_annual;
        r.site = site_report;
        // The networks beside the compute fabric: sized from the servers, their parts and switches in the bill.
        let sized = networks::size(layout, self.counts.per_type(), gpus.total, &r.cables, &mut warnings);
        r.network.side = sized.networks;
        r.network.storage = sized.storage;
        let parts = networks::merged_parts(&r.cables.parts, &sized.parts);
        let mut plant = plant;
        plant.extend(sized.switch_rows);
        let (bom, cost) = cost::analyse(
            layout,
            &self.counts,
            &parts,
            plant,
            (gpus.total, compute_raw.0, r.power.facility_kw),
            &mut warnings,
        );
        warnings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.code.cmp(b.code)));
        r.compute = compute_report(compute_raw, r.power.facility_kw, nvlink_domains);
        r.gpus = gpus;
        r.memory = memory;
        r.bom = bom;
        r.cost = cost;
        r.warnings = warnings;
    }
}

/// True when an item keeps its place in the fabric: the same type, scalable unit, servers and switches (it may
/// have moved, turned, been renamed or re-fed).
fn same_fabric_place(a: &Item, b: &Item) -> bool {
    a.type_id == b.type_id && a.su == b.su && a.servers == b.servers && a.switches == b.switches
}
