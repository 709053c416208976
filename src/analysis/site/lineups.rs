//! The UPS lineups: the floor PDUs grouped by the system each names, each system's loads, its worst survivor
//! when another is lost (from the actual PDU pairings) and what its own loss drops.

use super::{Chain, Counts, EPS_KW, PduNormal, SiteReport, Stage, SystemLoad, UPS_RECHARGE_FRACTION, ratio};
use crate::analysis::{Severity, Warning, warn};
use crate::model::{ItemId, Side, Site};

/// The PDUs on each system and what systems share.
pub(super) struct Pairing {
    /// Each system's own PDU load (design, typical), by slot in `site.ups`.
    own: Vec<(f64, f64)>,
    /// The PDUs on each system.
    on: Vec<Vec<ItemId>>,
    /// `extra[x]`: what system x takes over when system y is lost, as (y, kW) sorted by y — only the systems it
    /// shares racks with (a site of 700 systems shares each with a handful).
    extra: Vec<Vec<(usize, f64)>>,
    /// PDUs that name no system.
    pub loose: Vec<ItemId>,
    /// Their load (design, typical), kW.
    pub loose_load: (f64, f64),
}

impl Pairing {
    /// Groups the PDUs' normal loads by system.
    pub fn of(site: &Site, pdus: &[PduNormal]) -> Self {
        // Systems by id, and each PDU's system by its place in `pdus` (a partner names its place).
        let mut slot_of: Vec<(u32, usize)> = site.ups.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        slot_of.sort_unstable();
        let system = |id: u32| slot_of.binary_search_by_key(&id, |e| e.0).ok().map(|i| slot_of[i].1);
        let of_pdu: Vec<Option<usize>> = pdus.iter().map(|p| p.upstream.and_then(system)).collect();
        let n = site.ups.len();
        let mut out = Self {
            own: vec![(0.0, 0.0); n],
            on: vec![Vec::new(); n],
            extra: vec![Vec::new(); n],
            loose: Vec::new(),
            loose_load: (0.0, 0.0),
        };
        for (p, &x) in pdus.iter().zip(&of_pdu) {
            let Some(x) = x else {
                out.loose.push(p.id);
                out.loose_load.0 += p.peak_kw;
                out.loose_load.1 += p.typical_kw;
                continue;
            };
            out.own[x].0 += p.peak_kw;
            out.own[x].1 += p.typical_kw;
            out.on[x].push(p.id);
            for (q, kw) in p.system_partners() {
                if let Some(y) = of_pdu.get(q).copied().flatten()
                    && y != x
                {
                    out.extra[x].push((y, kw));
                }
            }
        }
        // Each system's partners, merged: sorted by system, one entry each (summed in PDU order, so the same
        // bits whatever the order the partners were listed in).
        for list in &mut out.extra {
            list.sort_by_key(|e| e.0);
            list.dedup_by(|later, first| {
                let same = later.0 == first.0;
                if same {
                    first.1 += later.1;
                }
                same
            });
        }
        out
    }

    /// What system x takes over when system y is lost.
    fn extra(&self, x: usize, y: usize) -> f64 {
        let list = &self.extra[x];
        list.binary_search_by_key(&y, |e| e.0).map_or(0.0, |i| list[i].1)
    }

    /// What each system's loss drops: its PDU load no partner on another system takes.
    fn dropped(&self) -> Vec<f64> {
        let mut taken = vec![0.0_f64; self.own.len()];
        for list in &self.extra {
            for &(y, kw) in list {
                taken[y] += kw;
            }
        }
        // Below a watt is rounding (racks' thirds and sixths summed back), not load dropped.
        self.own.iter().zip(taken).map(|(own, taken)| if own.0 - taken > 1e-3 { own.0 - taken } else { 0.0 }).collect()
    }
}

/// Every system's loads, its lineup's losses added to the chain, its plant counted.
pub(super) fn systems<'a>(
    site: &'a Site,
    pairing: &mut Pairing,
    (pf, lost): (f64, Option<u32>),
    chain: &mut Chain,
    counts: &mut Counts<'a>,
) -> Vec<SystemLoad> {
    let lost_slot = lost.and_then(|id| site.ups.iter().position(|s| s.id == id));
    let keep = 1.0 - site.distribution_loss_percent / 100.0;
    // Block redundant: any reserve may take any failed block (the worst block is each reserve's case).
    let block = site.topology == crate::model::UpsTopology::BlockRedundant;
    let is_reserve = |s: &crate::model::UpsSystem| block && s.reserve;
    let any_reserve = site.ups.iter().any(is_reserve);
    let dropped = pairing.dropped();
    let own = std::mem::take(&mut pairing.own);
    let mut out = Vec::with_capacity(site.ups.len());
    for (x, s) in site.ups.iter().enumerate() {
        let module = site.plant(&s.module);
        let xfmr = site.plant(&s.transformer);
        counts.add(&s.module, u64::from(s.modules));
        counts.add(&s.transformer, 1);
        let capacity = module.map_or(0.0, |t| t.rating_kw) * f64::from(s.modules.saturating_sub(s.redundant_modules));
        let eta = module.map_or(1.0, |t| t.efficiency).max(0.01);
        let eta_t = xfmr.map_or(1.0, |t| t.efficiency).max(0.01);
        let out_design = own[x].0 / keep;
        let out_typ = own[x].1 / keep;
        // Its output when system y is lost.
        let with_lost = |y: usize| {
            let mut kw = own[x].0 + pairing.extra(x, y);
            if is_reserve(s) && !is_reserve(&site.ups[y]) {
                kw += dropped[y];
            }
            kw / keep
        };
        // The worst other system's loss: one it shares racks with (any other leaves its load as it is), or, for
        // the reserve, any block.
        let mut survivor = out_design;
        let mut worst_loss = None;
        let mut consider = |y: usize| {
            let kw = with_lost(y);
            if y != x && kw > survivor + EPS_KW {
                survivor = kw;
                worst_loss = Some(site.ups[y].id);
            }
        };
        if is_reserve(s) {
            (0..site.ups.len()).for_each(&mut consider);
        } else {
            pairing.extra[x].iter().for_each(|&(y, _)| consider(y));
        }
        // In the what-if: nothing when it is the one lost, else what the lost one puts on it.
        let scenario_kw = match lost_slot {
            Some(y) if y == x => 0.0,
            Some(y) => with_lost(y),
            None => out_design,
        };
        let input =
            |out_kw: f64, recharge: bool| out_kw / eta + if recharge { out_kw * UPS_RECHARGE_FRACTION } else { 0.0 };
        // Recharge is in the unit substation's rating check, not in the facility's draw (domain §9c).
        let (in_design, in_typ) = (input(out_design, false), input(out_typ, false));
        chain.distribution += (out_design - own[x].0, out_typ - own[x].1);
        chain.ups += (in_design - out_design, in_typ - out_typ);
        chain.unit_sub += (in_design / eta_t - in_design, in_typ / eta_t - in_typ);
        chain.mv += (in_design / eta_t, in_typ / eta_t);
        let autonomy_min =
            if capacity > 0.0 && out_design > EPS_KW { s.battery_min * capacity / out_design } else { s.battery_min };
        out.push(SystemLoad {
            id: s.id,
            name: s.name.clone(),
            side: match s.side {
                Side::A => "A",
                Side::B => "B",
                Side::None => "",
            },
            reserve: s.reserve,
            capacity_kw: capacity,
            design_kw: out_design,
            typical_kw: out_typ,
            utilisation: ratio(out_design, capacity),
            survivor_kw: survivor,
            worst_loss,
            lost: lost_slot == Some(x),
            scenario_kw,
            dropped_kw: if any_reserve && !is_reserve(s) { 0.0 } else { dropped[x] },
            transformer_kva: input(out_design, true) / pf,
            transformer_survivor_kva: input(survivor, true) / pf,
            transformer_rating_kva: xfmr.map_or(0.0, |t| t.rating_kva),
            autonomy_min,
            pdus: std::mem::take(&mut pairing.on[x]),
        });
    }
    out
}

/// The UPS systems and their unit substations as two stages.
pub(super) fn system_stages(site: &Site, systems: &[SystemLoad]) -> Vec<Stage> {
    let name_of = |id: Option<u32>| id.and_then(|id| site.system(id)).map_or_else(String::new, |s| s.name.clone());
    let first = &site.ups[0];
    let module = site.plant(&first.module);
    let xfmr = site.plant(&first.transformer);
    let modules: u64 = site.ups.iter().map(|s| u64::from(s.modules)).sum();
    let most = |f: fn(&SystemLoad) -> f64| systems.iter().map(f).fold(0.0_f64, f64::max);
    let worst_ups = systems
        .iter()
        .max_by(|a, b| ratio(a.survivor_kw, a.capacity_kw).total_cmp(&ratio(b.survivor_kw, b.capacity_kw)));
    let dropping =
        systems.iter().max_by(|a, b| a.dropped_kw.total_cmp(&b.dropped_kw)).filter(|s| s.dropped_kw > EPS_KW);
    let ups_case = match (worst_ups, dropping) {
        (_, Some(d)) => format!("{} lost drops {:.0} kW of IT", d.name, d.dropped_kw),
        (Some(w), None) if w.worst_loss.is_some() => {
            format!("{} lost: {} carries the most", name_of(w.worst_loss), w.name)
        }
        _ => "no system takes another's load".into(),
    };
    let worst_xfmr = systems.iter().max_by(|a, b| {
        ratio(a.transformer_survivor_kva, a.transformer_rating_kva)
            .total_cmp(&ratio(b.transformer_survivor_kva, b.transformer_rating_kva))
    });
    vec![
        Stage {
            kind: "ups",
            label: format!(
                "{modules} × {} in {} systems",
                module.map_or("UPS module", |t| t.name.as_str()),
                site.ups.len()
            ),
            units: site.ups.len() as u64,
            unit_rating: systems.iter().map(|s| s.capacity_kw).fold(0.0, f64::max),
            rating_unit: "kW",
            redundancy: site.topology_label(),
            design: systems.iter().map(|s| s.design_kw).sum(),
            typical: systems.iter().map(|s| s.typical_kw).sum(),
            utilisation: systems.iter().map(|s| s.utilisation).fold(0.0, f64::max),
            worst_survivor_utilisation: if dropping.is_some() {
                f64::INFINITY
            } else {
                worst_ups.map_or(0.0, |w| ratio(w.survivor_kw, w.capacity_kw))
            },
            worst_case: ups_case,
        },
        Stage {
            kind: "unit-substation",
            label: format!("{} × {}", site.ups.len(), xfmr.map_or("unit substation", |t| t.name.as_str())),
            units: site.ups.len() as u64,
            unit_rating: most(|s| s.transformer_rating_kva),
            rating_unit: "kVA",
            redundancy: "one per UPS system".into(),
            design: systems.iter().map(|s| s.transformer_kva).sum(),
            typical: 0.0,
            utilisation: systems.iter().map(|s| ratio(s.transformer_kva, s.transformer_rating_kva)).fold(0.0, f64::max),
            worst_survivor_utilisation: worst_xfmr
                .map_or(0.0, |w| ratio(w.transformer_survivor_kva, w.transformer_rating_kva)),
            worst_case: worst_xfmr.filter(|w| w.worst_loss.is_some()).map_or_else(
                || "no system takes another's load".to_owned(),
                |w| format!("{} lost: the unit substation of {} carries the most", name_of(w.worst_loss), w.name),
            ),
        },
    ]
}

/// The UPS systems' overload warnings, naming the PDUs they feed.
pub(super) fn system_warnings(site: &Site, r: &SiteReport, out: &mut Vec<Warning>) {
    topology_warnings(site, r, out);
    let pdus_of = |pick: &dyn Fn(&SystemLoad) -> bool| -> (Vec<String>, Vec<ItemId>) {
        let hit: Vec<&SystemLoad> = r.systems.iter().filter(|s| pick(s)).collect();
        (hit.iter().map(|s| s.name.clone()).collect(), hit.iter().flat_map(|s| s.pdus.iter().copied()).collect())
    };
    let list = |names: &[String]| {
        let mut s = names.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
        if names.len() > 6 {
            s.push_str(&format!(" and {} more", names.len() - 6));
        }
        s
    };
    let (names, ids) = pdus_of(&|s| s.utilisation > 1.0 + 1e-9);
    if !names.is_empty() {
        warn(
            out,
            "ups-overload",
            Severity::Error,
            format!(
                "{} UPS system(s) carry more than their modules' rating at design load ({}); add modules or move PDUs \
                 to another system",
                names.len(),
                list(&names)
            ),
            ids,
        );
    }
    let (names, ids) = pdus_of(&|s| s.utilisation <= 1.0 + 1e-9 && ratio(s.survivor_kw, s.capacity_kw) > 1.0 + 1e-9);
    if !names.is_empty() {
        let worst = r.systems.iter().map(|s| ratio(s.survivor_kw, s.capacity_kw)).fold(0.0_f64, f64::max);
        warn(
            out,
            "ups-failover-overload",
            Severity::Error,
            format!(
                "{} UPS system(s) exceed their rating when another system is lost ({}; worst {:.0} %, {}): add \
                 modules or pair the PDUs across more systems",
                names.len(),
                list(&names),
                worst * 100.0,
                site.topology_label()
            ),
            ids,
        );
    }
    let (names, ids) = pdus_of(&|s| {
        s.transformer_kva > s.transformer_rating_kva + 1e-6
            || s.transformer_survivor_kva > s.transformer_rating_kva + 1e-6
    });
    if !names.is_empty() {
        warn(
            out,
            "transformer-overload",
            Severity::Error,
            format!(
                "the unit substation of {} UPS system(s) carries more than its kVA at design or when another system is \
                 lost ({}); use a larger unit substation or fewer modules per lineup",
                names.len(),
                list(&names)
            ),
            ids,
        );
    }
}

/// The lineups as the topology needs them: a reserve in a block-redundant design, every system on a side in a 2N
/// one (else the topology is a label the pairings do not bear out).
fn topology_warnings(site: &Site, r: &SiteReport, out: &mut Vec<Warning>) {
    if site.ups.is_empty() {
        return;
    }
    let label = site.topology_label();
    let block = site.topology == crate::model::UpsTopology::BlockRedundant;
    if block && site.ups.iter().all(|s| s.reserve) {
        warn(
            out,
            "ups-topology-mismatch",
            Severity::Warning,
            format!(
                "the UPS topology is {label} but every system is a reserve, so no block is left to carry the load \
                 the reserves stand behind; untick the reserve on the blocks in the Power tab"
            ),
            Vec::new(),
        );
    }
    if block && !site.ups.iter().any(|s| s.reserve) {
        warn(
            out,
            "ups-topology-mismatch",
            Severity::Warning,
            format!(
                "the UPS topology is {label} but no system is a reserve, so a lost block drops its PDUs; mark a \
                 reserve lineup in the Power tab, or choose the topology the lineups have"
            ),
            Vec::new(),
        );
    }
    if site.topology.sided() {
        let unsided: Vec<&SystemLoad> = r.systems.iter().filter(|s| s.side.is_empty()).collect();
        let sides = ["A", "B"].map(|side| r.systems.iter().any(|s| s.side == side));
        if !unsided.is_empty() || !sides.iter().all(|&b| b) {
            warn(
                out,
                "ups-topology-mismatch",
                Severity::Warning,
                format!(
                    "the UPS topology is {label} but {}; set each lineup's side in the Power tab (each PDU pair on \
                     one A and one B system), or choose the topology the lineups have",
                    if unsided.is_empty() {
                        "every system is on one side".to_owned()
                    } else {
                        format!("{} system(s) have no side", unsided.len())
                    }
                ),
                unsided.iter().flat_map(|s| s.pdus.iter().copied()).collect(),
            );
        }
    }
}
