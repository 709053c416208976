//! Cooling: heat (= IT power) split into liquid and air by each item's liquid fraction; conversions to BTU/h,
//! tons, airflow and coolant flow; each cooling unit's load against its capacity.
//!
//! One basis: capacity (units, airflow, coolant flow) at peak heat, as the generator sizes it; energy (heat,
//! tons) at typical heat, with the peak beside it.
//!
//! An item's liquid heat goes to the CDU it is assigned to; its air heat goes to its rear door if it has one,
//! else to the room, where the CRAH units share it in proportion to their capacity.

use std::collections::{BTreeMap, BTreeSet};

use super::exact::Exact;
use super::{CoolingLoad, CoolingReport, Ctx, Facts, Failure, Severity, Warning, warn};
use crate::model::{CoolingMedium, ItemId};
use crate::units::{air_m3_per_hr, coolant_lpm, kw_to_btu_per_hr, kw_to_tons, m3_per_hr_to_cfm};

const EPS_KW: f64 = 1e-9;

/// One cooling unit's running sums.
#[derive(Clone, Debug)]
struct UnitAcc {
    id: ItemId,
    medium: CoolingMedium,
    /// Mounted in its rack (an in-rack CDU, with its own redundant pumps): not on a shared loop.
    mounted: bool,
    capacity_kw: f64,
    load: Exact,
    load_typ: Exact,
    lost: bool,
}

/// The cooling phase's state: heat totals and every unit's load, kept up to date item by item
/// ([`CoolingState::apply`]) and turned into the report by [`CoolingState::write`].
#[derive(Clone, Debug)]
pub(crate) struct CoolingState {
    air_delta_t_k: f64,
    coolant_delta_t_k: f64,
    total: Exact,
    peak: Exact,
    liquid: Exact,
    liquid_peak: Exact,
    air: Exact,
    air_peak: Exact,
    /// Air heat left to the room (peak, typical).
    room_air: Exact,
    room_air_typ: Exact,
    liquid_unserved: Exact,
    /// By id.
    units: Vec<UnitAcc>,
    /// The CRAH (air) units' capacity, which shares the room's air heat.
    room_capacity_kw: f64,
    unserved: BTreeSet<ItemId>,
    /// Unit slots whose sums changed since the report was written; None until the report holds every unit.
    dirty: Option<Vec<usize>>,
    /// The room's air heat (peak, typical) when the CRAHs' shares were written.
    room_written: Option<(Exact, Exact)>,
    /// CDUs and rear doors over capacity in the report, by id.
    over: BTreeSet<ItemId>,
    /// Facility-water supply temperature the CDUs' capacities are taken at, °C.
    water_c: f64,
    /// The liquid loops: each scalable unit's floor CDUs (by slot) with the racks and peak liquid kW on each.
    loops: BTreeMap<(u32, usize), (i64, Exact)>,
}

impl CoolingState {
    /// The state for every item of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>, failure: &Failure) -> Self {
        let layout = ctx.layout;
        let settings = &layout.hall.settings;
        let mut state = Self {
            air_delta_t_k: settings.air_delta_t_k,
            coolant_delta_t_k: settings.coolant_delta_t_k,
            total: Exact::default(),
            peak: Exact::default(),
            liquid: Exact::default(),
            liquid_peak: Exact::default(),
            air: Exact::default(),
            air_peak: Exact::default(),
            room_air: Exact::default(),
            room_air_typ: Exact::default(),
            liquid_unserved: Exact::default(),
            units: Vec::new(),
            room_capacity_kw: 0.0,
            unserved: BTreeSet::new(),
            dirty: None,
            room_written: None,
            over: BTreeSet::new(),
            water_c: layout
                .site
                .as_ref()
                .map_or(crate::model::site::DEFAULT_FACILITY_WATER_C, |s| s.mechanical.facility_water_c),
            loops: BTreeMap::new(),
        };
        let mut unit_slot: Vec<u32> = vec![u32::MAX; layout.items.len()];
        for (i, item) in layout.items.iter().enumerate() {
            if let Some(spec) = ctx.types[i].and_then(|t| t.cooling.as_ref()) {
                unit_slot[i] = state.units.len() as u32;
                let lost = *failure == Failure::CoolingUnit(item.id);
                state.units.push(UnitAcc {
                    id: item.id,
                    medium: spec.medium,
                    mounted: spec.mounted,
                    capacity_kw: if lost { 0.0 } else { spec.capacity_at(state.water_c) },
                    load: Exact::default(),
                    load_typ: Exact::default(),
                    lost,
                });
            }
        }
        if !state.units.is_sorted_by_key(|u| u.id) {
            let mut order: Vec<u32> = (0..state.units.len() as u32).collect();
            order.sort_by_key(|&s| state.units[s as usize].id);
            let mut new_slot = vec![0_u32; order.len()];
            for (new, &old) in order.iter().enumerate() {
                new_slot[old as usize] = new as u32;
            }
            for s in unit_slot.iter_mut().filter(|s| **s != u32::MAX) {
                *s = new_slot[*s as usize];
            }
            state.units = order.iter().map(|&s| state.units[s as usize].clone()).collect();
        }
        state.room_capacity_kw = state
            .units
            .iter()
            .filter(|u| u.medium == CoolingMedium::Air)
            .map(|u| u.capacity_kw)
            .fold(0.0, |a, b| a + b);
        for (i, item) in layout.items.iter().enumerate() {
            let unit = item.cooling.and_then(|id| ctx.index(id)).map(|j| unit_slot[j]).filter(|&s| s != u32::MAX);
            state.apply(&Facts::at(ctx, i), unit.map(|s| s as usize), 1);
        }
        state
    }

    /// The unit slot of an item id (a binary search: units are kept by id).
    pub fn slot(&self, id: Option<ItemId>) -> Option<usize> {
        let id = id?;
        self.units.binary_search_by_key(&id, |u| u.id).ok()
    }

    /// Adds (`sign` +1) or takes away (−1) one item's heat; `unit` is the slot of the unit it is assigned to.
    pub fn apply(&mut self, f: &Facts<'_>, unit: Option<usize>, sign: i64) {
        let Some(ty) = f.ty else { return };
        if !ty.kind.is_it_load() {
            return;
        }
        let (typical, peak) = (f.typical_kw, f.peak_kw);
        let (liquid_typ, liquid) = (typical * ty.liquid_fraction, peak * ty.liquid_fraction);
        let (air_typ, air) = (typical - liquid_typ, peak - liquid);
        self.total.add_signed(typical, sign);
        self.peak.add_signed(peak, sign);
        self.liquid.add_signed(liquid_typ, sign);
        self.liquid_peak.add_signed(liquid, sign);
        self.air.add_signed(air_typ, sign);
        self.air_peak.add_signed(air, sign);

        let id = f.item.id;
        // Whether its liquid heat finds no working CDU, and whether its air heat goes to the room.
        if let (Some(dirty), Some(s)) = (&mut self.dirty, unit) {
            dirty.push(s);
        }
        let (unserved, to_room) = match unit.map(|s| &mut self.units[s]) {
            Some(u) if u.medium == CoolingMedium::Liquid => {
                u.load.add_signed(liquid, sign);
                u.load_typ.add_signed(liquid_typ, sign);
                if let (false, Some(su), Some(s)) = (u.mounted, f.item.su, unit) {
                    let entry = self.loops.entry((su, s)).or_default();
                    entry.0 += sign;
                    entry.1.add_signed(liquid, sign);
                    if entry.0 == 0 {
                        self.loops.remove(&(su, s));
                    }
                }
                (u.capacity_kw <= 0.0 && liquid > 0.0, true)
            }
            Some(u) if u.medium == CoolingMedium::RearDoor => {
                u.load.add_signed(air, sign);
                u.load_typ.add_signed(air_typ, sign);
                (liquid > 0.0, u.capacity_kw <= 0.0)
            }
            _ => (liquid > 0.0, true),
        };
        if to_room {
            self.room_air.add_signed(air, sign);
            self.room_air_typ.add_signed(air_typ, sign);
        }
        if unserved {
            self.liquid_unserved.add_signed(liquid, sign);
            if sign > 0 {
                self.unserved.insert(id);
            } else {
                self.unserved.remove(&id);
            }
        }
    }

    /// The liquid loops with no standby: a scalable unit's floor CDUs (on one secondary header) that, with the
    /// largest of them down, no longer carry the unit's peak liquid heat (N+1; NVIDIA's GB200 RA asks for
    /// concurrent maintainability).
    fn write_standby(&self, out: &mut Vec<Warning>) {
        let mut short: Vec<(u32, usize, f64, f64, f64)> = Vec::new();
        let mut cdus: BTreeSet<ItemId> = BTreeSet::new();
        // Scalable units sharing a CDU share its loop: units joined through their CDUs (a tiny union-find).
        let mut parent: BTreeMap<u32, u32> = self.loops.keys().map(|&(su, _)| (su, su)).collect();
        fn root(parent: &BTreeMap<u32, u32>, mut su: u32) -> u32 {
            while let Some(&p) = parent.get(&su).filter(|&&p| p != su) {
                su = p;
            }
            su
        }
        let mut first_su_of_slot: BTreeMap<usize, u32> = BTreeMap::new();
        for &(su, slot) in self.loops.keys() {
            let other = *first_su_of_slot.entry(slot).or_insert(su);
            let (a, b) = (root(&parent, su), root(&parent, other));
            if a != b {
                parent.insert(a.max(b), a.min(b));
            }
        }
        // Per loop: its peak liquid heat and each of its CDUs once.
        let mut groups: BTreeMap<u32, (f64, BTreeSet<usize>)> = BTreeMap::new();
        for (&(su, slot), (_, load)) in &self.loops {
            let g = groups.entry(root(&parent, su)).or_default();
            g.0 += load.value();
            g.1.insert(slot);
        }
        for (su, (load, slots)) in groups {
            let caps: Vec<f64> = slots.iter().map(|&s| self.units[s].capacity_kw).collect();
            let largest = caps.iter().copied().fold(0.0, f64::max);
            let spare = caps.iter().sum::<f64>() - largest;
            if load > spare + EPS_KW {
                short.push((su, slots.len(), load, largest, spare));
                cdus.extend(slots.iter().map(|&s| self.units[s].id));
            }
        }
        if let Some(&(su, n, load, cap, spare)) = short.first() {
            let down = if n == 1 {
                "with it down nothing does".to_owned()
            } else {
                format!("with the largest down the rest carry {spare:.0} kW")
            };
            warn(
                out,
                "cooling-no-standby",
                Severity::Warning,
                format!(
                    "{} scalable unit(s) have no standby CDU on their liquid loop: SU {su}'s {n} CDU(s) of up to \
                     {cap:.0} kW (at {} °C facility water) carry {load:.0} kW of peak liquid heat, and {down}; NVIDIA's \
                     GB200 RA asks for concurrent maintainability — add a CDU to the loop (N+1)",
                    short.len(),
                    crate::digits::trim_decimals(self.water_c, 1),
                ),
                cdus.into_iter().collect(),
            );
        }
    }

    /// One unit's report entry: its own sums, or for a CRAH its share of the room's air heat.
    fn entry(&self, slot: usize, room: (f64, f64)) -> CoolingLoad {
        let u = &self.units[slot];
        let (load_kw, load_typical_kw) = if u.medium == CoolingMedium::Air && self.room_capacity_kw > 0.0 {
            // CRAHs share the room's air heat in proportion to their capacity.
            let share = u.capacity_kw / self.room_capacity_kw;
            (room.0 * share, room.1 * share)
        } else {
            (u.load.value(), u.load_typ.value())
        };
        CoolingLoad { id: u.id, medium: u.medium, capacity_kw: u.capacity_kw, load_kw, load_typical_kw, lost: u.lost }
    }

    /// Writes the report's cooling section and the phase's warnings. Only the units whose loads changed since the
    /// last write are written again; returns their ids, or None when every unit was.
    pub fn write(&mut self, report: &mut CoolingReport, out: &mut Vec<Warning>) -> Option<Vec<ItemId>> {
        report.total_kw = self.total.value();
        report.peak_kw = self.peak.value();
        report.liquid_kw = self.liquid.value();
        report.liquid_peak_kw = self.liquid_peak.value();
        report.air_kw = self.air.value();
        report.air_peak_kw = self.air_peak.value();
        report.liquid_unserved_kw = self.liquid_unserved.value();
        report.facility_water_c = self.water_c;
        let room_air_kw = self.room_air.value();
        let room = (room_air_kw, self.room_air_typ.value());
        report.room_air_kw = room_air_kw;
        report.room_air_capacity_kw = self.room_capacity_kw;
        let room_changed = self.room_written != Some((self.room_air, self.room_air_typ));
        self.room_written = Some((self.room_air, self.room_air_typ));
        let is_over = |u: &CoolingLoad| {
            u.medium != CoolingMedium::Air && u.capacity_kw > 0.0 && u.load_kw > u.capacity_kw + EPS_KW
        };
        let written = match self.dirty.replace(Vec::new()) {
            Some(mut slots) if report.units.len() == self.units.len() => {
                if room_changed {
                    slots.extend((0..self.units.len()).filter(|&s| self.units[s].medium == CoolingMedium::Air));
                }
                slots.sort_unstable();
                slots.dedup();
                let mut ids = Vec::with_capacity(slots.len());
                for s in slots {
                    let e = self.entry(s, room);
                    if is_over(&e) {
                        self.over.insert(e.id);
                    } else {
                        self.over.remove(&e.id);
                    }
                    ids.push(e.id);
                    report.units[s] = e;
                }
                Some(ids)
            }
            _ => {
                report.units.clear();
                report.units.extend((0..self.units.len()).map(|s| self.entry(s, room)));
                self.over = report.units.iter().filter(|u| is_over(u)).map(|u| u.id).collect();
                None
            }
        };

        report.btu_per_hr = kw_to_btu_per_hr(report.total_kw);
        report.tons = kw_to_tons(report.total_kw);
        report.peak_tons = kw_to_tons(report.peak_kw);
        report.air_m3_per_hr = air_m3_per_hr(report.air_peak_kw, self.air_delta_t_k);
        report.air_cfm = m3_per_hr_to_cfm(report.air_m3_per_hr);
        report.coolant_lpm = coolant_lpm(report.liquid_peak_kw, self.coolant_delta_t_k);

        let units = &report.units;
        if !self.over.is_empty() {
            let over: Vec<ItemId> = self.over.iter().copied().collect();
            warn(
                out,
                "cooling-over-capacity",
                Severity::Error,
                format!(
                    "{} CDU(s) or rear door(s) carry more peak heat than their capacity; add units or reassign racks",
                    over.len()
                ),
                over,
            );
        }
        if room_air_kw > report.room_air_capacity_kw + EPS_KW {
            let crahs: Vec<ItemId> = units.iter().filter(|u| u.medium == CoolingMedium::Air).map(|u| u.id).collect();
            warn(
                out,
                "cooling-over-capacity",
                Severity::Error,
                format!(
                    "peak room air heat {:.0} kW exceeds the CRAH capacity of {:.0} kW; add CRAH units",
                    room_air_kw, report.room_air_capacity_kw
                ),
                crahs,
            );
        }
        self.write_standby(out);
        if !self.unserved.is_empty() {
            warn(
                out,
                "liquid-unserved",
                Severity::Error,
                format!(
                    "{} item(s) send {:.0} kW to liquid with no working CDU; assign a CDU",
                    self.unserved.len(),
                    report.liquid_unserved_kw
                ),
                self.unserved.iter().copied().collect(),
            );
        }
        written
    }
}
