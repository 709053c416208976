//! Power: IT and facility totals, every PDU's load against its usable capacity in normal operation, under the
//! redundancy check of the hall's mode, and under a chosen failure; totals per row.
//!
//! A rack with two feeds draws half its load from each; when one of its PDUs is lost the other takes all of it.
//! Usable PDU capacity = kVA × power factor × 80 % (continuous-load derating).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::units::PDU_CONTINUOUS_DERATE;
use super::{Ctx, Failure, PduLoad, PowerReport, RowTotals, Severity, Warning, warn};
use crate::model::{EquipmentType, Item, ItemId, Layout, Redundancy, Rotation};

/// The IT power one item draws.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ItemPower {
    /// Typical draw in kW (what the hall's energy and heat are computed with).
    pub typical_kw: f64,
    /// Peak draw in kW (what PDUs and cooling equipment are sized for).
    pub peak_kw: f64,
}

/// The IT power of an item of type `ty` holding switches of type `switch` (network racks): the type's power
/// scaled by the installed servers (partly filled GPU racks draw less) plus the switches it holds. Zero for
/// items that are not IT load (PDUs, cooling units). The one place an item's power is computed: the analysis,
/// the designer's inspector and overlays and the generator all call it.
pub fn item_power_kw(item: &Item, ty: &EquipmentType, switch: Option<&EquipmentType>) -> ItemPower {
    if !ty.kind.is_it_load() {
        return ItemPower::default();
    }
    let fill_fraction = item.fill_fraction(ty);
    let mut power =
        ItemPower { typical_kw: ty.power_typical_kw * fill_fraction, peak_kw: ty.power_peak_kw * fill_fraction };
    if let (Some(fill), Some(sw)) = (&item.switches, switch) {
        power.typical_kw += sw.power_typical_kw * f64::from(fill.count);
        power.peak_kw += sw.power_peak_kw * f64::from(fill.count);
    }
    power
}

/// [`item_power_kw`] with the item's types looked up in the layout's catalog (zero for an unknown type).
pub fn item_power_in(layout: &Layout, item: &Item) -> ItemPower {
    let Some(ty) = layout.type_of(item) else { return ItemPower::default() };
    let switch = item.switches.as_ref().and_then(|f| layout.catalog.get(&f.model));
    item_power_kw(item, ty, switch)
}

/// The PDUs a failure takes out, by slot: one PDU, or every PDU on the A (or B) side. A PDU is on a side when
/// any item takes that feed from it, so a PDU wired as feed A of one rack and feed B of another is lost whole
/// in either side's failure, never half alive.
fn lost_pdus(ctx: &Ctx<'_>, failure: &Failure, pdu_slot: &[u32], pdus: &[PduLoad]) -> Vec<bool> {
    let mut lost = vec![false; pdus.len()];
    match failure {
        Failure::Pdu(id) => {
            if let Some(s) = pdus.iter().position(|p| p.id == *id) {
                lost[s] = true;
            }
        }
        Failure::FeedA | Failure::FeedB => {
            for item in &ctx.layout.items {
                let feed = if *failure == Failure::FeedA { item.feed_a } else { item.feed_b };
                if let Some(i) = feed.and_then(|id| ctx.index(id))
                    && pdu_slot[i] != u32::MAX
                {
                    lost[pdu_slot[i] as usize] = true;
                }
            }
        }
        Failure::None | Failure::CoolingUnit(_) => {}
    }
    lost
}

/// Tolerance on capacity comparisons, in kW.
const EPS_KW: f64 = 1e-9;

/// Analyses power.
#[inline(never)] // a phase of its own in profiles
pub(crate) fn analyse(ctx: &Ctx<'_>, failure: &Failure, out: &mut Vec<Warning>) -> PowerReport {
    let layout = ctx.layout;
    let settings = &layout.hall.settings;
    let mut report = PowerReport { pue: settings.pue, ..PowerReport::default() };

    // PDUs: index into `pdus` by item index.
    let mut pdu_slot: Vec<u32> = vec![u32::MAX; layout.items.len()];
    let mut pdus: Vec<PduLoad> = Vec::with_capacity(ctx.types.iter().flatten().filter(|t| t.pdu.is_some()).count());
    for (i, item) in layout.items.iter().enumerate() {
        if let Some(spec) = ctx.types[i].and_then(|t| t.pdu.as_ref()) {
            pdu_slot[i] = pdus.len() as u32;
            let usable_kw = spec.capacity_kva * settings.power_factor * PDU_CONTINUOUS_DERATE;
            pdus.push(PduLoad { id: item.id, usable_kw, ..PduLoad::default() });
            report.pdu_capacity_kw += usable_kw;
        }
    }
    let slot_of = |id: Option<ItemId>| -> Option<usize> {
        let i = ctx.index(id?)?;
        let s = pdu_slot[i];
        (s != u32::MAX).then_some(s as usize)
    };
    let lost = lost_pdus(ctx, failure, &pdu_slot, &pdus);
    for (p, &l) in pdus.iter_mut().zip(&lost) {
        p.lost = l;
    }

    let mut unpowered = Vec::new();
    let mut single_fed = Vec::new();
    // N+1: load each PDU would take over from each partner, keyed (taker, failed).
    let mut transfer: HashMap<(u32, u32), f64> = HashMap::new();
    let mut rows: FxHashMap<(u8, i32), RowTotals> = FxHashMap::default();

    for (i, item) in layout.items.iter().enumerate() {
        let Some(ty) = ctx.types[i] else { continue };
        if !ty.kind.is_it_load() {
            continue;
        }
        let (typical, peak) = ctx.it_power_kw(i);
        report.it_kw += typical;
        report.it_peak_kw += peak;

        let row = rows.entry(row_key(item)).or_default();
        row.items += 1;
        row.gpus += u64::from(item.servers_in(ty)) * u64::from(ty.gpu.as_ref().map_or(0, |g| g.gpus_per_server));
        row.it_kw += typical;
        row.it_peak_kw += peak;

        if !ty.kind.takes_feeds() {
            continue;
        }
        let a = slot_of(item.feed_a);
        // Feed B from the same PDU as feed A is no second path: one feed.
        let b = slot_of(item.feed_b).filter(|&sb| Some(sb) != a);
        let feed_slots = [a, b];
        let feeds = feed_slots.iter().flatten();
        let feed_count = feeds.clone().count();
        if feed_count == 0 {
            unpowered.push(item.id);
            continue;
        }
        if feed_count == 1 && settings.redundancy != Redundancy::N {
            single_fed.push(item.id);
        }
        // Design check: the whole load on each feed (2N), or half now plus the partner's half (N+1).
        for &s in feeds.clone() {
            pdus[s].fed_items += 1;
            match settings.redundancy {
                Redundancy::TwoN => pdus[s].failover_kw += peak,
                Redundancy::N | Redundancy::NPlus1 => {
                    pdus[s].failover_kw += peak / feed_count as f64;
                }
            }
        }
        if settings.redundancy == Redundancy::NPlus1
            && let (Some(sa), Some(sb)) = (a, b)
        {
            *transfer.entry((sa as u32, sb as u32)).or_default() += peak / 2.0;
            *transfer.entry((sb as u32, sa as u32)).or_default() += peak / 2.0;
        }
        // The scenario: surviving feeds share the load.
        let alive = feeds.filter(|&&s| !lost[s]).copied();
        let alive_count = alive.clone().count();
        if alive_count == 0 {
            unpowered.push(item.id);
            continue;
        }
        let share = 1.0 / alive_count as f64;
        for s in alive {
            pdus[s].load_kw += peak * share;
            pdus[s].load_typical_kw += typical * share;
        }
    }
    if settings.redundancy == Redundancy::NPlus1 {
        let mut worst = vec![0.0_f64; pdus.len()];
        for (&(taker, _), &kw) in &transfer {
            worst[taker as usize] = worst[taker as usize].max(kw);
        }
        for (p, w) in pdus.iter_mut().zip(worst) {
            p.failover_kw += w;
        }
    }

    report.facility_kw = report.it_kw * settings.pue;
    report.facility_peak_kw = report.it_peak_kw * settings.pue;
    report.unpowered_items = unpowered.len() as u64;
    let mut rows: Vec<((u8, i32), RowTotals)> = rows.into_iter().collect();
    rows.sort_unstable_by_key(|(key, _)| *key);
    report.rows = rows
        .into_iter()
        .map(|((axis, at), mut r)| {
            r.label = row_label((axis, at));
            r
        })
        .collect();

    let overloaded: Vec<ItemId> = pdus.iter().filter(|p| p.load_kw > p.usable_kw + EPS_KW).map(|p| p.id).collect();
    if !overloaded.is_empty() {
        let worst = pdus.iter().map(PduLoad::utilisation).fold(0.0_f64, f64::max);
        warn(
            out,
            "pdu-overload",
            Severity::Error,
            format!(
                "{} PDU(s) carry more than their usable capacity at peak{} (worst {:.0} %); add PDUs or move feeds",
                overloaded.len(),
                scenario_suffix(failure),
                worst * 100.0
            ),
            overloaded,
        );
    }
    if settings.redundancy != Redundancy::N {
        let failover: Vec<ItemId> =
            pdus.iter().filter(|p| p.failover_kw > p.usable_kw + EPS_KW).map(|p| p.id).collect();
        if !failover.is_empty() {
            let what = if settings.redundancy == Redundancy::TwoN {
                "when the other side of each A/B pair is lost"
            } else {
                "when the worst single partner PDU is lost"
            };
            warn(
                out,
                "pdu-overload-failover",
                Severity::Error,
                format!(
                    "{} PDU(s) exceed their usable capacity {what} ({} redundancy); add PDUs or spread the feeds",
                    failover.len(),
                    settings.redundancy.label()
                ),
                failover,
            );
        }
    }
    if !unpowered.is_empty() {
        let message = if *failure == Failure::None {
            format!("{} rack(s) have no power feed from a PDU; assign feed A (and B)", unpowered.len())
        } else {
            format!("{} rack(s) lose all power{}", unpowered.len(), scenario_suffix(failure))
        };
        warn(out, "rack-without-power", Severity::Error, message, unpowered);
    }
    if !single_fed.is_empty() {
        warn(
            out,
            "single-feed",
            Severity::Warning,
            format!(
                "{} rack(s) have only one feed in a {} hall; give them a B feed",
                single_fed.len(),
                settings.redundancy.label()
            ),
            single_fed,
        );
    }
    report.pdus = pdus;
    report
}

fn scenario_suffix(failure: &Failure) -> String {
    if *failure == Failure::None { String::new() } else { format!(" with {}", failure.label()) }
}

/// The row an item stands in: items turned 0° or 180° form rows along x (keyed by their tile y), the others
/// columns along y (keyed by tile x). Shared by the power totals and the floor zones.
pub(crate) fn row_key(item: &Item) -> (u8, i32) {
    if matches!(item.rot, Rotation::R0 | Rotation::R180) { (b'y', item.y) } else { (b'x', item.x) }
}

/// A row's label, e.g. `"row y=12"`.
pub(crate) fn row_label((axis, at): (u8, i32)) -> String {
    if axis == b'y' { format!("row y={at}") } else { format!("column x={at}") }
}
