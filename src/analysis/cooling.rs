//! Cooling: heat (= IT power) split into liquid and air by each item's liquid fraction; conversions to BTU/h,
//! tons, airflow and coolant flow; each cooling unit's load against its capacity.
//!
//! One basis: capacity (units, airflow, coolant flow) at peak heat, as the generator sizes it; energy (heat,
//! tons) at typical heat, with the peak beside it.
//!
//! An item's liquid heat goes to the CDU it is assigned to; its air heat goes to its rear door if it has one,
//! else to the room, where the CRAH units share it in proportion to their capacity.

use super::units::{air_m3_per_hr, coolant_lpm, kw_to_btu_per_hr, kw_to_tons, m3_per_hr_to_cfm};
use super::{CoolingLoad, CoolingReport, Ctx, Failure, Severity, Warning, warn};
use crate::model::{CoolingMedium, ItemId};

const EPS_KW: f64 = 1e-9;

/// Analyses cooling.
#[inline(never)] // a phase of its own in profiles
pub(crate) fn analyse(ctx: &Ctx<'_>, failure: &Failure, out: &mut Vec<Warning>) -> CoolingReport {
    let layout = ctx.layout;
    let settings = &layout.hall.settings;
    let mut report = CoolingReport::default();

    let mut unit_slot: Vec<u32> = vec![u32::MAX; layout.items.len()];
    let mut units: Vec<CoolingLoad> =
        Vec::with_capacity(ctx.types.iter().flatten().filter(|t| t.cooling.is_some()).count());
    for (i, item) in layout.items.iter().enumerate() {
        if let Some(spec) = ctx.types[i].and_then(|t| t.cooling.as_ref()) {
            unit_slot[i] = units.len() as u32;
            let lost = *failure == Failure::CoolingUnit(item.id);
            units.push(CoolingLoad {
                id: item.id,
                medium: spec.medium,
                capacity_kw: if lost { 0.0 } else { spec.capacity_kw },
                load_kw: 0.0,
                load_typical_kw: 0.0,
                lost,
            });
        }
    }

    let mut unserved_items = Vec::new();
    let (mut room_air_kw, mut room_air_typical_kw) = (0.0, 0.0);
    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        if !ty.kind.is_it_load() {
            continue;
        }
        let (typical, peak) = ctx.it_power_kw(i);
        let (liquid_typ, liquid) = (typical * ty.liquid_fraction, peak * ty.liquid_fraction);
        let (air_typ, air) = (typical - liquid_typ, peak - liquid);
        report.total_kw += typical;
        report.peak_kw += peak;
        report.liquid_kw += liquid_typ;
        report.liquid_peak_kw += liquid;
        report.air_kw += air_typ;
        report.air_peak_kw += air;

        let unit = item.cooling.and_then(|id| ctx.index(id)).map(|j| unit_slot[j]).filter(|&s| s != u32::MAX);
        let unit = unit.map(|s| &mut units[s as usize]);
        match unit {
            Some(u) if u.medium == CoolingMedium::Liquid => {
                u.load_kw += liquid;
                u.load_typical_kw += liquid_typ;
                if u.capacity_kw <= 0.0 && liquid > 0.0 {
                    report.liquid_unserved_kw += liquid;
                    unserved_items.push(item.id);
                }
                room_air_kw += air;
                room_air_typical_kw += air_typ;
            }
            Some(u) if u.medium == CoolingMedium::RearDoor => {
                u.load_kw += air;
                u.load_typical_kw += air_typ;
                if u.capacity_kw <= 0.0 {
                    room_air_kw += air;
                    room_air_typical_kw += air_typ;
                }
                if liquid > 0.0 {
                    report.liquid_unserved_kw += liquid;
                    unserved_items.push(item.id);
                }
            }
            _ => {
                room_air_kw += air;
                room_air_typical_kw += air_typ;
                if liquid > 0.0 {
                    report.liquid_unserved_kw += liquid;
                    unserved_items.push(item.id);
                }
            }
        }
    }

    report.room_air_kw = room_air_kw;
    report.room_air_capacity_kw =
        units.iter().filter(|u| u.medium == CoolingMedium::Air).map(|u| u.capacity_kw).fold(0.0, |a, b| a + b);
    if report.room_air_capacity_kw > 0.0 {
        // CRAHs share the room's air heat in proportion to their capacity.
        for u in units.iter_mut().filter(|u| u.medium == CoolingMedium::Air) {
            let share = u.capacity_kw / report.room_air_capacity_kw;
            u.load_kw = room_air_kw * share;
            u.load_typical_kw = room_air_typical_kw * share;
        }
    }

    report.btu_per_hr = kw_to_btu_per_hr(report.total_kw);
    report.tons = kw_to_tons(report.total_kw);
    report.peak_tons = kw_to_tons(report.peak_kw);
    report.air_m3_per_hr = air_m3_per_hr(report.air_peak_kw, settings.air_delta_t_k);
    report.air_cfm = m3_per_hr_to_cfm(report.air_m3_per_hr);
    report.coolant_lpm = coolant_lpm(report.liquid_peak_kw, settings.coolant_delta_t_k);

    let over: Vec<ItemId> = units
        .iter()
        .filter(|u| u.medium != CoolingMedium::Air && u.capacity_kw > 0.0 && u.load_kw > u.capacity_kw + EPS_KW)
        .map(|u| u.id)
        .collect();
    if !over.is_empty() {
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
    if !unserved_items.is_empty() {
        warn(
            out,
            "liquid-unserved",
            Severity::Error,
            format!(
                "{} item(s) send {:.0} kW to liquid with no working CDU; assign a CDU",
                unserved_items.len(),
                report.liquid_unserved_kw
            ),
            unserved_items,
        );
    }
    report.units = units;
    report
}
