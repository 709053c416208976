//! The text report (`clusterplan report`): each section of the report as aligned lines, every number the
//! report's own.

use std::fmt::Write as _;

use super::severity;
use crate::analysis::{PduLoad, Report};
use crate::format::{group_digits, group_float, power};

/// The text report.
pub fn format_text(name: &str, r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", if name.is_empty() { "Layout" } else { name });
    compute_text(&mut s, r);
    power_text(&mut s, r);
    site_text(&mut s, r);
    cooling_text(&mut s, r);
    network_text(&mut s, r);
    cables_text(&mut s, r);
    floor_cost_warnings_text(&mut s, r);
    s
}

/// GPUs, compute and NVLink domains, memory.
fn compute_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let _ =
        writeln!(s, "\nGPUs        {} in {} servers, {} racks", g(r.gpus.total), g(r.gpus.servers), g(r.gpus.racks));
    for (model, n) in &r.gpus.by_model {
        let _ = writeln!(s, "            {:>9} × {model}", g(*n));
    }
    let _ = writeln!(
        s,
        "Compute     {} PFLOPS BF16, {} PFLOPS FP8 (dense); {} BF16 PFLOPS per facility MW",
        group_float(r.compute.bf16_pflops, 1),
        group_float(r.compute.fp8_pflops, 1),
        group_float(r.compute.bf16_pflops_per_mw, 1)
    );
    let d = &r.compute.nvlink_domains;
    let sizes: Vec<String> =
        d.by_size.iter().rev().map(|x| format!("{} × {} GPUs", g(x.count), x.gpus_per_domain)).collect();
    let _ = writeln!(
        s,
        "            {} NVLink domains ({})",
        g(d.count),
        if sizes.is_empty() { "none".into() } else { sizes.join(", ") }
    );
    let m = &r.memory;
    let _ = writeln!(
        s,
        "Memory      {} TB HBM, {} TB/s (1 TB = 1,000 GB)",
        group_float(m.hbm_tb, 1),
        group_float(m.bandwidth_tbps, 0)
    );
    for (model, mm) in &m.by_model {
        let _ = writeln!(
            s,
            "            {:>9} TB, {:>9} TB/s  {} × {model} ({} GB, {} TB/s each)",
            group_float(mm.hbm_tb, 1),
            group_float(mm.bandwidth_tbps, 0),
            g(mm.gpus),
            group_float(mm.hbm_gb_per_gpu, 0),
            group_float(mm.bandwidth_tbps_per_gpu, 2)
        );
    }
}

/// Power and the PDUs.
fn power_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let p = &r.power;
    let site = &r.site;
    let _ = writeln!(
        s,
        "Power       IT {} typical, {} peak; facility {} design (peak IT), {} energy (typical IT); PUE {:.3} \
         design, {:.3} annual{}",
        power(p.it_kw),
        power(p.it_peak_kw),
        power(site.facility_design_kw),
        power(site.facility_typical_kw),
        site.pue_design,
        site.pue_annual,
        if site.modelled { "" } else { " (an estimate: IT × the hall's PUE; the site is not modelled)" }
    );
    let worst = p.pdus.iter().map(PduLoad::failover_utilisation).fold(0.0_f64, f64::max);
    let _ = writeln!(
        s,
        "            {} PDUs, {} usable with the redundancy's loss taken ({} installed); worst PDU at failover \
         {:.0} % of usable; {} rows",
        g(p.pdus.len() as u64),
        power(p.pdu_usable_kw),
        power(p.pdu_capacity_kw),
        worst * 100.0,
        p.rows.len()
    );
    let _ = writeln!(
        s,
        "            densest rack {} kW typical, {} kW peak",
        group_float(p.densest_rack_kw, 1),
        group_float(p.densest_rack_peak_kw, 1)
    );
}

/// The site: grid, supply, losses, plant, water, outage and every stage's redundancy.
fn site_text(s: &mut String, r: &Report) {
    let site = &r.site;
    let mw = power;
    if !site.modelled {
        let _ = writeln!(s, "Site        not modelled: no grid, power chain, plant or water; facility is IT × PUE");
        return;
    }
    let _ = writeln!(
        s,
        "Site        {} UPS; grid {} firm against {} design: {} {}",
        site.topology,
        mw(site.grid_kw),
        mw(site.facility_design_kw),
        if site.headroom_kw >= 0.0 { "headroom" } else { "shortfall" },
        mw(site.headroom_kw.abs()),
    );
    let _ = writeln!(s, "            shortfall covered by: {}", site.shortfall_covered_by);
    let l = &site.losses_design_kw;
    let _ = writeln!(
        s,
        "            losses at design: distribution {}, UPS {}, unit substations {}, substation {}",
        mw(l.distribution_kw),
        mw(l.ups_kw),
        mw(l.unit_substation_kw),
        mw(l.substation_kw)
    );
    let _ = writeln!(
        s,
        "            mechanical {} design, {} energy; house {}; energy basis at load factor {:.2} (typical ÷ peak IT)",
        mw(site.mechanical_design_kw),
        mw(site.mechanical_typical_kw),
        mw(site.house_kw),
        site.energy_load_factor
    );
    let _ = writeln!(
        s,
        "            water {} L/day ({} US gal/day, energy basis), WUE {:.2} L/kWh",
        group_digits(site.water_l_per_day.round() as u64),
        group_digits(site.water_gal_per_day.round() as u64),
        site.wue_l_per_kwh
    );
    let _ = writeln!(s, "            utility outage: {}", site.outage.summary);
    let pct = |u: f64, kind: &str| match (u.is_finite(), kind) {
        (true, _) => format!("{:.0} %", u * 100.0),
        (false, "ups") => "drops load".into(),
        (false, _) => "no capacity".into(),
    };
    let _ = writeln!(
        s,
        "            {:<22} {:>6} {:>12} {:>12} {:>8} {:>13}  redundancy",
        "stage", "units", "unit rating", "design", "now", "one unit lost"
    );
    for st in &site.stages {
        let unit = if st.rating_unit == "kVA" { "kVA" } else { "kW" };
        let _ = writeln!(
            s,
            "            {:<22} {:>6} {:>8} {unit:<3} {:>8} {unit:<3} {:>8} {:>13}  {}",
            st.kind,
            group_digits(st.units),
            group_digits(st.unit_rating.round() as u64),
            group_digits(st.design.round() as u64),
            pct(st.utilisation, st.kind),
            pct(st.worst_survivor_utilisation, st.kind),
            st.redundancy
        );
    }
    if !site.single_points_of_failure.is_empty() {
        let _ = writeln!(s, "            single points of failure: {}", site.single_points_of_failure.join("; "));
    }
}

/// Cooling: heat, flows and room air.
fn cooling_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let c = &r.cooling;
    let _ = writeln!(
        s,
        "Cooling     typical {} ({} liquid, {} air) = {} BTU/h = {} tons; peak {} = {} tons",
        power(c.total_kw),
        power(c.liquid_kw),
        power(c.air_kw),
        g(c.btu_per_hr.round() as u64),
        g(c.tons.round() as u64),
        power(c.peak_kw),
        g(c.peak_tons.round() as u64)
    );
    let _ = writeln!(
        s,
        "            at peak: air {} CFM ({} m³/h); coolant {} L/min; room air {} of {} kW CRAH capacity",
        g(c.air_cfm.round() as u64),
        g(c.air_m3_per_hr.round() as u64),
        g(c.coolant_lpm.round() as u64),
        group_float(c.room_air_kw, 0),
        group_float(c.room_air_capacity_kw, 0)
    );
}

/// The fabric: switch, tiers, placed against required, fabrics of a mixed hall.
fn network_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let n = &r.network;
    let q = &n.required;
    let _ = writeln!(
        s,
        "Network     {} (radix {} at GPU speed), {} tier(s), {} plane(s), {} pod(s)",
        n.switch_type.as_deref().unwrap_or("no switch chosen"),
        n.radix,
        q.tiers,
        q.planes,
        q.pods
    );
    let _ = writeln!(
        s,
        "            placed / required: leaf {} / {}, spine {} / {}, core {} / {}; management {}",
        g(n.leaf_switches),
        g(q.leaf_switches),
        g(n.spine_switches),
        g(q.spine_switches),
        g(n.core_switches),
        g(q.core_switches),
        g(n.management_switches)
    );
    for side in &n.side {
        let _ = writeln!(
            s,
            "            {} (sized, not placed): {} + {} ports at {}G on {}: {} tier(s), leaf {}, spine {}, core {}; \
             {} links, {:.1} km estimated, {} transceivers, {} kW of switches (design)",
            side.name,
            g(side.server_ports),
            g(side.storage_ports),
            side.port_gbps,
            side.switch_type,
            side.tiers,
            g(side.leaf_switches),
            g(side.spine_switches),
            g(side.core_switches),
            g(side.links),
            side.cable_length_m / 1000.0,
            g(side.transceivers),
            crate::digits::group_float(side.switch_power_kw, 1)
        );
    }
    let st = &n.storage;
    if st.stated_pb > 0.0 || st.stated_gb_per_s_per_gpu > 0.0 || st.placed_racks > 0 {
        let _ = writeln!(
            s,
            "Storage     {} rack(s) placed: {:.1} PB, {:.0} GB/s read; stated {} PB and {} GB/s per GPU ({:.0} GB/s): {} rack(s) needed",
            g(st.placed_racks),
            st.placed_pb,
            st.placed_gb_per_s,
            st.stated_pb,
            st.stated_gb_per_s_per_gpu,
            st.needed_gb_per_s,
            g(st.required_racks)
        );
    }
    if n.fabrics.len() > 1 {
        for f in &n.fabrics {
            let _ = writeln!(
                s,
                "            {}: {} GPUs on {}: leaf {}, spine {}, core {}",
                f.label,
                g(f.gpus),
                f.switch_type.as_deref().unwrap_or("no switch"),
                g(f.required.leaf_switches),
                g(f.required.spine_switches),
                g(f.required.core_switches)
            );
        }
    }
}

/// Cables by tier and medium, and the parts.
fn cables_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let k = &r.cables;
    let _ = writeln!(
        s,
        "Cables      {} links, {} km; longest {} m; {} transceivers; {} beyond reach",
        g(k.count),
        group_float(k.total_length_m / 1000.0, 1),
        k.longest_m,
        g(k.transceivers),
        g(k.beyond_reach)
    );
    let _ = writeln!(s, "            bought as: {}", k.stock_ladder);
    let _ = writeln!(
        s,
        "            by tier: node–leaf {}, leaf–spine {}, spine–core {}",
        g(k.by_tier.node_leaf),
        g(k.by_tier.leaf_spine),
        g(k.by_tier.spine_core)
    );
    for (media, t) in &k.by_media {
        let _ = writeln!(
            s,
            "            {media:<15} {:>9} cables {:>10} km",
            g(t.count),
            group_float(t.length_m / 1000.0, 1)
        );
    }
    for part in &k.parts {
        let length = part.length_m.map_or_else(String::new, |l| format!(" {l} m"));
        let _ = writeln!(s, "            {:>9} × {}{length}", g(part.quantity), part.part);
    }
}

/// Floor loading, cost and the warnings.
fn floor_cost_warnings_text(s: &mut String, r: &Report) {
    let g = group_digits;
    let f = &r.floor;
    let _ = writeln!(
        s,
        "Floor       {} t; heaviest point load {} kg per foot (concentrated rating {} kg); heaviest row zone {} \
         kg/m² (distributed rating {})",
        group_float(f.total_weight_t, 1),
        g(f.max_point_kg.round() as u64),
        g(f.point_rating_kg.round() as u64),
        g(f.max_zone_kg_per_m2.round() as u64),
        crate::format::Units::default().floor_load(f.rating_kg_per_m2)
    );
    let c = &r.cost;
    let _ = writeln!(
        s,
        "Cost        {} capital, {}: IT {}, facility {} ({} per GPU, {} per BF16 PFLOPS; {:.0} % estimated prices); \
         energy {} a year at ${}/kWh (energy basis)",
        crate::format::usd(c.capex_usd),
        c.includes,
        crate::format::usd(c.capex_it_usd),
        crate::format::usd(c.capex_facility_usd),
        crate::format::usd(c.usd_per_gpu),
        crate::format::usd(c.usd_per_pflops),
        c.estimated_share * 100.0,
        crate::format::usd(c.opex_usd_per_year),
        c.energy_usd_per_kwh
    );
    for (category, usd) in &c.by_category {
        let _ = writeln!(s, "            {:>12} {category}", crate::format::usd(*usd));
    }
    if r.warnings.is_empty() {
        let _ = writeln!(s, "Warnings    none");
    } else {
        let _ = writeln!(s, "Warnings    {} ({} errors)", r.warnings.len(), r.error_count());
        for w in &r.warnings {
            let _ = writeln!(s, "            {}[{}]: {}", severity(w.severity), w.code, w.message);
        }
    }
}
