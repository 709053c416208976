//! Phasing a generated hall: by scalable unit at the hall's install pace, or — a Colossus-style hall of 100,000 to
//! 200,000 GPUs — on Colossus 1's published timeline (reference §12a), each phase naming its source.

use super::GenerateError;
use crate::analysis::analyse;
use crate::analysis::phases::online_in;
use crate::model::Layout;
use crate::model::limits::PHASE_COUNT;
use crate::model::phase::{Phase, PhaseSupply};

/// How a generated hall is brought online.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Phasing {
    /// No phases: everything online from the start.
    #[default]
    None,
    /// This many phases of whole scalable units, dated at the hall's install pace, each on the site's supply.
    BySu(u32),
    /// Colossus 1's published timeline, for a Colossus-style hall of 100,000 to 200,000 GPUs (by scalable unit
    /// otherwise, in `BySu`'s default count).
    Colossus,
}

/// Phases a preset's hall gets unless told otherwise.
pub const DEFAULT_PHASES: u32 = 4;

/// The GPU racks of each scalable unit, by SU number.
fn racks_by_su(layout: &Layout) -> Vec<(u32, u64)> {
    let mut by = std::collections::BTreeMap::<u32, u64>::new();
    for i in &layout.items {
        if let Some(su) = i.su {
            *by.entry(su).or_default() += 1;
        }
    }
    by.into_iter().collect()
}

/// `count` phases of whole scalable units (as even as whole SUs allow), each dated by the GPU racks installed
/// through it at `racks_per_day`, each on the site's supply (it is there from the start: an assumption the user
/// edits). Empty when the hall has no scalable units.
pub fn by_scalable_unit(layout: &Layout, count: u32, racks_per_day: f64) -> Result<Vec<Phase>, GenerateError> {
    if !PHASE_COUNT.contains(&count) {
        let (lo, hi) = (PHASE_COUNT.start(), PHASE_COUNT.end());
        return Err(GenerateError::BadParameter { param: "phases", problem: format!("{count}: give {lo} to {hi}") });
    }
    if !crate::model::limits::INSTALL_RACKS_PER_DAY.contains(&racks_per_day) || !racks_per_day.is_finite() {
        return Err(GenerateError::BadParameter {
            param: "install_rate",
            problem: format!("{racks_per_day} racks a day: give 0.1 to 10,000"),
        });
    }
    let sus = racks_by_su(layout);
    let n = (count as usize).min(sus.len());
    if n == 0 {
        return Ok(Vec::new());
    }
    let supply = layout.site.as_ref().map(PhaseSupply::of_site).unwrap_or_default();
    let mut phases = Vec::with_capacity(n);
    let mut racks_so_far = 0_u64;
    for k in 0..n {
        let (from, to) = (sus.len() * k / n, sus.len() * (k + 1) / n);
        let group = &sus[from..to];
        racks_so_far += group.iter().map(|(_, r)| r).sum::<u64>();
        // Each phase at least a day after the one before (two on one day would be one phase).
        let by_pace = (racks_so_far as f64 / racks_per_day).ceil();
        let after = phases.last().map_or(0.0, |p: &Phase| f64::from(p.day) + 1.0);
        let day = by_pace.max(after);
        if day > f64::from(crate::model::limits::PHASE_DAY_MAX) {
            return Err(GenerateError::BadParameter {
                param: "install_rate",
                problem: format!(
                    "{racks_per_day} racks a day puts phase {} on day {day:.0}, past {} days: give a faster pace",
                    k + 1,
                    crate::model::limits::PHASE_DAY_MAX
                ),
            });
        }
        let day = day as u32;
        let (first, last) = (group[0].0 + 1, group[group.len() - 1].0 + 1);
        let name = if first == last { format!("SU {first}") } else { format!("SUs {first}–{last}") };
        phases.push(Phase {
            name,
            day,
            date: None,
            sus: group.iter().map(|(su, _)| *su).collect(),
            items: Vec::new(),
            supply,
            source: format!(
                "assumption: {racks_per_day} GPU racks installed a day (the hall's install pace), in scalable-unit \
                 order; the site's supply from the start"
            ),
        });
    }
    Ok(phases)
}

/// A published event of Colossus 1's timeline: when, the supply from then on, and what came online.
struct Event {
    name: &'static str,
    day: u32,
    date: &'static str,
    supply: PhaseSupply,
    online: Online,
    source: &'static str,
}

/// What an event brings online.
enum Online {
    /// As many more scalable units as the event's supply carries at the design basis (how many ran is not
    /// published: an assumption).
    WhatTheSupplyCarries,
    /// Scalable units up to this many GPUs.
    UpTo(u64),
    /// Nothing new: the supply changes.
    Nothing,
    /// Everything left.
    Rest,
}

/// Days are counted from the start, 122 days before 100,000 H100 ran (reported for 2024-09; NVIDIA). The start is
/// taken as 2024-05-03 (so day 122 is 2024-09-02) and each other event, reported to the month, at its month's
/// middle: assumptions, the reference giving months.
const DAYS_NOTE: &str = "day: from a start taken 122 days before 100k ran (2024-05-03), events of a month at its \
                         middle (assumption)";

/// A built-in plant type's rating, MW.
fn rating_mw(id: &str) -> f64 {
    crate::io::catalog::builtin_plant_type(id).map_or(0.0, |t| t.rating_kw / 1000.0)
}

/// What every phase's source says of what is not phased: the shared equipment is there from the start.
const SHARED_NOTE: &str = "spine, core and storage racks and the CRAHs (shared by the whole hall) are online from \
                           the start (assumption)";

/// Colossus 1's events (reference §12a); `megapacks`: the batteries of the site as modelled (208 Megapacks, the
/// 4-hour unit). Generation is counted on less its N+1 spare, the largest unit (§12c's phase check): a genset of
/// 2.5 MW while there are only gensets, a turbine of 15 MW (the built-in Titan 130-class rating; Colossus used
/// Solar SMT-130s) once there are turbines.
fn colossus_events(megapacks: PhaseSupply) -> Vec<Event> {
    let (genset_mw, turbine_mw) = (rating_mw("genset-gas-2500kw"), rating_mw("turbine-titan130"));
    let gensets_mw = 14.0 * genset_mw;
    let aug_2024_mw = 4.0 * turbine_mw + gensets_mw;
    let supply = |grid_mw, generation_mw, bess_mw, bess_mwh| PhaseSupply { grid_mw, generation_mw, bess_mw, bess_mwh };
    vec![
        Event {
            name: "Switched on: 8 MW of grid and 14 gas gensets",
            day: 73,
            date: "2024-07",
            supply: supply(8.0, gensets_mw - genset_mw, 0.0, 0.0),
            online: Online::WhatTheSupplyCarries,
            source: "aterio.io (reference §12a): grid ≈8 MW + 14 trailer gensets ≈35 MW (32.5 MW counted on: one \
                     2.5 MW genset the N+1 spare); Megapacks undisclosed",
        },
        Event {
            name: "Grid to 50 MW, 4 turbines added",
            day: 104,
            date: "2024-08",
            supply: supply(50.0, aug_2024_mw - turbine_mw, 0.0, 0.0),
            online: Online::WhatTheSupplyCarries,
            source: "aterio.io (reference §12a): MLGW 50 MW + 4 Solar SMT-130 turbines, ≈149 MW reported (145 MW with the \
                     turbines rated 15 MW, as the built-in Titan 130 type is; 130 MW counted on, one turbine the N+1 \
                     spare); \"25,000 GPUs a week\"",
        },
        Event {
            name: "100,000 H100 training, 122 days from the start",
            day: 122,
            date: "2024-09",
            supply: supply(50.0, aug_2024_mw - turbine_mw, 0.0, 0.0),
            online: Online::UpTo(100_000),
            source: "NVIDIA press release (reference §2, §12a): built in 122 days; its \"19 days from first rack to \
                     training\" would put the first rack near day 103, while July's switch-on here already carries \
                     GPUs (which training it means is not settled); how August's supply carried 100k at peak is not \
                     reported",
        },
        Event {
            name: "Up to 35 turbines observed",
            day: 347,
            date: "2025-04",
            supply: supply(50.0, 422.0 - turbine_mw, 0.0, 0.0),
            online: Online::Nothing,
            source: "aterio.io; Compute Atlas (reference §12a): up to 35 turbines, ≈422 MW nameplate, standing for all \
                     generation (the gensets' fate not reported), no derating for heat, many unpermitted; 407 MW \
                     counted on (a 15 MW turbine the N+1 spare: the units' sizes are not published)",
        },
        Event {
            name: "150 MW substation and 150 MW of Megapacks",
            day: 377,
            date: "2025-05",
            supply: supply(150.0, 211.0 - turbine_mw, 150.0, 0.0),
            online: Online::Rest,
            source: "jweasytech; teslarati; Tom's Hardware (reference §12a): 150 MW grid + 150 MW Megapacks (their MWh \
                     not reported until August, so not counted), phase 1 full (reported: 200k GPUs, 150k H100 + 50k \
                     H200; this hall's own GPUs here), half the turbines removed (≈211 MW left: half of 422, a \
                     calculation; 196 MW counted on, a 15 MW turbine the N+1 spare)",
        },
        Event {
            name: "208 Megapacks",
            day: 469,
            date: "2025-08",
            supply: supply(150.0, 211.0 - turbine_mw, megapacks.bess_mw, megapacks.bess_mwh),
            online: Online::Nothing,
            source: "benzinga (reference §12a): over 208 Megapacks, 3.9 MWh each (the 4-hour variant assumed, as the \
                     site model does: 979 kW, 3,916 kWh each; the 2-hour one would give 400.8 MW / 801.6 MWh); grid \
                     and turbines as in May (nothing later reported)",
        },
    ]
}

/// Facility design load of the hall with its first `n` scalable units (of `sus`) online, and everything not
/// in a scalable unit, kW.
fn facility_with(layout: &Layout, sus: &[(u32, u64)], n: usize) -> f64 {
    let mut l = layout.clone();
    l.phases = vec![
        Phase { sus: sus[..n].iter().map(|s| s.0).collect(), ..Phase::default() },
        Phase { day: 1, sus: sus[n..].iter().map(|s| s.0).collect(), ..Phase::default() },
    ];
    analyse(&online_in(&l, 0)).site.facility_design_kw
}

/// Colossus 1's timeline for a Colossus-style hall: GPUs brought online as published (or, where not, as the
/// supply carries), each phase's supply as reported. `None` when the hall is not of Colossus 1's size (100,000 to
/// 200,000 GPUs) or has no site.
pub fn colossus_timeline(layout: &Layout) -> Option<Vec<Phase>> {
    let site = layout.site.as_ref()?;
    let sus = racks_by_su(layout);
    let gpus_per_rack = |su: u32| {
        layout.items.iter().find(|i| i.su == Some(su)).and_then(|i| layout.type_of(i)).map_or(0, |t| t.gpus())
    };
    let gpus_of: Vec<u64> = sus.iter().map(|&(su, racks)| racks * u64::from(gpus_per_rack(su))).collect();
    let total: u64 = gpus_of.iter().sum();
    if !(100_000..=200_000).contains(&total) {
        return None;
    }
    let mut phases = Vec::new();
    let mut online = 0_usize;
    for e in colossus_events(PhaseSupply::of_site(site)) {
        let before = online;
        online = match e.online {
            Online::Nothing => online,
            Online::Rest => sus.len(),
            Online::UpTo(gpus) => {
                let mut n = online;
                while n < sus.len() && gpus_of[..n].iter().sum::<u64>() < gpus {
                    n += 1;
                }
                n
            }
            Online::WhatTheSupplyCarries => {
                // The most SUs whose facility design load the firm supply carries (the load grows with each SU).
                let supply_kw = e.supply.firm_mw() * 1000.0;
                let (mut lo, mut hi) = (online, sus.len());
                while lo < hi {
                    let mid = (lo + hi).div_ceil(2);
                    if facility_with(layout, &sus, mid) <= supply_kw { lo = mid } else { hi = mid - 1 }
                }
                lo
            }
        };
        let carried = matches!(e.online, Online::WhatTheSupplyCarries);
        phases.push(Phase {
            name: e.name.into(),
            day: e.day,
            date: Some(e.date.into()),
            sus: sus[before..online].iter().map(|s| s.0).collect(),
            items: Vec::new(),
            supply: e.supply,
            source: format!(
                "{}; {DAYS_NOTE}; {SHARED_NOTE}{}",
                e.source,
                if carried {
                    "; GPUs online: as many SUs as this firm supply carries at the design basis (assumption)"
                } else {
                    ""
                }
            ),
        });
    }
    Some(phases)
}

/// The phases a generated hall gets.
pub fn phases_for(layout: &Layout, phasing: Phasing) -> Result<Vec<Phase>, GenerateError> {
    let pace = layout.hall.settings.install_racks_per_day;
    match phasing {
        Phasing::None => Ok(Vec::new()),
        Phasing::BySu(n) => by_scalable_unit(layout, n, pace),
        Phasing::Colossus => match colossus_timeline(layout) {
            Some(p) => Ok(p),
            None => by_scalable_unit(layout, DEFAULT_PHASES, pace),
        },
    }
}
