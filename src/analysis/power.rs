//! Power: IT and facility totals, every PDU's load against its usable capacity in normal operation, under the
//! redundancy check of the hall's mode, and under a chosen failure; totals per row.
//!
//! A rack with two feeds draws half its load from each; when one of its PDUs is lost the other takes all of it. A
//! third feed (C) is on the A side's path (a 2N site has two): the rack draws a third from each; with side A lost,
//! B takes all of it; with B lost, A and C take half each. Each server's supplies, spread over the feeds, are
//! checked for what they keep when one feed is lost.
//! Usable PDU capacity = kVA × power factor × 80 % (continuous-load derating).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::exact::Exact;
use super::{Ctx, Facts, Failure, PduLoad, PowerReport, RowTotals, Severity, Warning, warn};
use crate::model::{EquipmentType, Item, ItemId, Layout, Redundancy, Rotation};
use crate::units::PDU_CONTINUOUS_DERATE;

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

/// Tolerance on capacity comparisons, in kW.
const EPS_KW: f64 = 1e-9;

/// One PDU's running sums.
#[derive(Clone, Debug, Default)]
struct PduAcc {
    id: ItemId,
    usable_kw: f64,
    /// Peak load in the scenario.
    load: Exact,
    /// Typical load in the scenario.
    load_typ: Exact,
    /// The redundancy check's own share of each rack (before the N+1 partner's).
    failover: Exact,
    /// Peak and typical load in normal operation, whatever the scenario (what the site upstream carries).
    normal: Exact,
    normal_typ: Exact,
    fed: u32,
    /// Items taking feed A (B) from it: a side's failure loses it when any does.
    refs_a: u32,
    refs_b: u32,
    lost: bool,
    /// The site's UPS system it names (a UPS system's failure loses it).
    upstream: Option<u32>,
}

/// A rack that throttles on a feed loss: (supplies kept, kW they give, kW a server needs), its feeds, its
/// supplies.
type Throttled = ((u32, f64, f64), u32, crate::model::PsuSpec);

/// One row's running sums.
#[derive(Clone, Debug, Default)]
struct RowAcc {
    items: u32,
    gpus: u64,
    it: Exact,
    peak: Exact,
}

/// The power phase's state: totals, every PDU's sums and every row's, kept up to date item by item
/// ([`PowerState::apply`] adds or takes away one item's share), and turned into the report by
/// [`PowerState::write`].
#[derive(Clone, Debug)]
pub(crate) struct PowerState {
    failure: Failure,
    redundancy: Redundancy,
    pue: f64,
    it: Exact,
    peak: Exact,
    capacity_kw: f64,
    /// By id.
    pdus: Vec<PduAcc>,
    /// What each PDU (by slot) would take over from each partner (by slot) at peak when that one PDU is lost: its
    /// share of every rack the two share spread over the rack's other feeds (half a rack of two feeds). N+1's
    /// redundancy check adds the worst; the site's "PDU lost" case takes it.
    transfer: Vec<Partners>,
    /// The same when the partner's whole UPS system is lost (with the rack's other feeds on that system): what the
    /// site's UPS systems sum by system.
    transfer_sys: Vec<Partners>,
    /// PDU slots whose sums changed since the report was written; None until the report holds every PDU.
    dirty: Option<Vec<usize>>,
    /// PDUs over their usable capacity in the report: at peak in the scenario, and in the redundancy check.
    overloaded: BTreeSet<ItemId>,
    failover_over: BTreeSet<ItemId>,
    rows: FxHashMap<(u8, i32), RowAcc>,
    /// Row keys in report order (sorted), and whether a row came or went since the report was written.
    row_order: Vec<(u8, i32)>,
    rows_changed: bool,
    /// Rows whose sums changed since the report was written.
    rows_touched: Vec<(u8, i32)>,
    unpowered: BTreeSet<ItemId>,
    single_fed: BTreeSet<ItemId>,
    /// GPU racks whose servers keep less than their maximum draw when one feed is lost: (kW kept, kW needed,
    /// feeds, the supplies) by rack.
    throttled: BTreeMap<ItemId, Throttled>,
    /// A block-redundant site with a reserve: a lost UPS system's block passes to the reserve, its PDUs stay up.
    reserve_covers: bool,
    /// Every rack's typical and peak kW, with how many racks draw each: the densest rack is the last.
    densest_typical: Draws,
    densest_peak: Draws,
}

/// A multiset of draws: (the bits of the kW value, how many racks draw it), sorted by the value. A hall has few
/// distinct draws (one per rack type and fill), so a sorted vector is searched faster than a tree is walked —
/// this runs for every rack of a 1M-GPU hall.
#[derive(Clone, Debug, Default)]
struct Draws(Vec<(u64, u32)>);

impl Draws {
    /// Adds (`sign` +1) or takes away (−1) one rack drawing `kw`.
    fn count(&mut self, kw: f64, sign: i64) {
        // Non-negative (and never -0.0, whose bits would sort last) so the bits order as the draws do.
        let key = if kw > 0.0 { kw.to_bits() } else { 0 };
        match (self.0.binary_search_by_key(&key, |e| e.0), sign > 0) {
            (Ok(at), true) => self.0[at].1 += 1,
            (Err(at), true) => self.0.insert(at, (key, 1)),
            (Ok(at), false) => {
                self.0[at].1 -= 1;
                if self.0[at].1 == 0 {
                    self.0.remove(at);
                }
            }
            (Err(_), false) => {}
        }
    }

    /// The largest draw, kW (0 when there is none).
    fn largest_kw(&self) -> f64 {
        self.0.last().map_or(0.0, |e| f64::from_bits(e.0))
    }
}

/// What a PDU takes over from each partner PDU (by slot: any change to a PDU builds the state afresh, so slots
/// hold), kept sorted. A PDU shares racks with a handful of others, so a short sorted vector is searched faster
/// than a map is hashed.
#[derive(Clone, Debug, Default)]
struct Partners(Vec<(usize, Exact)>);

impl Partners {
    /// Adds (`sign` +1) or takes away (−1) `kw` shared with the PDU in slot `partner`.
    fn add(&mut self, partner: usize, kw: f64, sign: i64) {
        let at = match self.0.binary_search_by_key(&partner, |e| e.0) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (partner, Exact::default()));
                at
            }
        };
        self.0[at].1.add_signed(kw, sign);
    }
}

/// The PDU slots an item's feeds name (feed A's, B's and C's), before the same-PDU check.
pub(crate) type FeedSlots = [Option<usize>; 3];

impl PowerState {
    /// The state for every item of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>, failure: &Failure) -> Self {
        let layout = ctx.layout;
        let settings = &layout.hall.settings;
        let mut state = Self {
            failure: failure.clone(),
            redundancy: settings.redundancy,
            pue: settings.pue,
            it: Exact::default(),
            peak: Exact::default(),
            capacity_kw: 0.0,
            pdus: Vec::new(),
            transfer: Vec::new(),
            transfer_sys: Vec::new(),
            dirty: None,
            overloaded: BTreeSet::new(),
            failover_over: BTreeSet::new(),
            rows: FxHashMap::default(),
            row_order: Vec::new(),
            rows_changed: true,
            rows_touched: Vec::new(),
            unpowered: BTreeSet::new(),
            densest_typical: Draws::default(),
            densest_peak: Draws::default(),
            single_fed: BTreeSet::new(),
            throttled: BTreeMap::new(),
            reserve_covers: layout.site.as_ref().is_some_and(|s| {
                s.topology == crate::model::UpsTopology::BlockRedundant && s.ups.iter().any(|u| u.reserve)
            }),
        };
        // PDUs: slot by item index, in id order.
        let mut pdu_slot: Vec<u32> = vec![u32::MAX; layout.items.len()];
        for (i, item) in layout.items.iter().enumerate() {
            if let Some(spec) = ctx.types[i].and_then(|t| t.pdu.as_ref()) {
                pdu_slot[i] = state.pdus.len() as u32;
                let usable_kw = spec.capacity_kva * settings.power_factor * PDU_CONTINUOUS_DERATE;
                state.pdus.push(PduAcc { id: item.id, usable_kw, upstream: item.upstream, ..PduAcc::default() });
            }
        }
        if !state.pdus.is_sorted_by_key(|p| p.id) {
            let mut order: Vec<u32> = (0..state.pdus.len() as u32).collect();
            order.sort_by_key(|&s| state.pdus[s as usize].id);
            let mut new_slot = vec![0_u32; order.len()];
            for (new, &old) in order.iter().enumerate() {
                new_slot[old as usize] = new as u32;
            }
            for s in pdu_slot.iter_mut().filter(|s| **s != u32::MAX) {
                *s = new_slot[*s as usize];
            }
            state.pdus = order.iter().map(|&s| state.pdus[s as usize].clone()).collect();
        }
        state.capacity_kw = state.pdus.iter().map(|p| p.usable_kw).sum();
        state.transfer = vec![Partners::default(); state.pdus.len()];
        state.transfer_sys = vec![Partners::default(); state.pdus.len()];
        let slot_of = |id: Option<ItemId>| -> Option<usize> {
            let s = pdu_slot[ctx.index(id?)?];
            (s != u32::MAX).then_some(s as usize)
        };
        let slots: Vec<FeedSlots> = layout
            .items
            .iter()
            .map(|item| [slot_of(item.feed_a), slot_of(item.feed_b), slot_of(item.feed_c)])
            .collect();
        for &feeds in &slots {
            state.refs(feeds, 1);
        }
        state.set_lost();
        for (i, &feeds) in slots.iter().enumerate() {
            state.apply(&Facts::at(ctx, i), feeds, 1);
        }
        state.row_order = state.rows.keys().copied().collect();
        state.row_order.sort_unstable();
        state.rows_touched.clear();
        state
    }

    /// The PDU slot of an item id (a binary search: PDUs are kept by id).
    pub fn slot(&self, id: Option<ItemId>) -> Option<usize> {
        let id = id?;
        self.pdus.binary_search_by_key(&id, |p| p.id).ok()
    }

    /// The feed slots of an item.
    pub fn feed_slots(&self, item: &Item) -> FeedSlots {
        [self.slot(item.feed_a), self.slot(item.feed_b), self.slot(item.feed_c)]
    }

    /// Counts (or uncounts) an item's feeds on their PDUs: a side's failure loses the PDUs any item takes that
    /// side from. Feed C is on the A side's path.
    pub fn refs(&mut self, [a, b, c]: FeedSlots, sign: i64) {
        for (slot, side_a) in [(a, true), (b, false), (c, true)] {
            let Some(p) = slot.and_then(|s| self.pdus.get_mut(s)) else { continue };
            let n = if side_a { &mut p.refs_a } else { &mut p.refs_b };
            *n = if sign > 0 { *n + 1 } else { n.saturating_sub(1) };
        }
    }

    /// Which PDUs the failure takes out: one PDU, or every PDU on the A (or B) side. A PDU is on a side when any
    /// item takes that feed from it, so a PDU wired as feed A of one rack and feed B of another is lost whole in
    /// either side's failure, never half alive. True when that changed.
    fn set_lost(&mut self) -> bool {
        let mut changed = false;
        for p in &mut self.pdus {
            let lost = match &self.failure {
                Failure::Pdu(id) => p.id == *id,
                Failure::FeedA => p.refs_a > 0,
                Failure::FeedB => p.refs_b > 0,
                Failure::UpsSystem(u) => !self.reserve_covers && p.upstream == Some(*u),
                Failure::None | Failure::CoolingUnit(_) | Failure::Utility | Failure::PlantUnit(_) => false,
            };
            changed |= lost != p.lost;
            p.lost = lost;
        }
        changed
    }

    /// True when the PDUs the failure takes out are still the ones the sums were made under (an edit that
    /// moves a feed onto or off a failed side changes what every rack on those PDUs draws: the caller then
    /// builds the state afresh).
    pub fn lost_still_holds(&mut self) -> bool {
        !matches!(self.failure, Failure::FeedA | Failure::FeedB) || !self.set_lost()
    }

    /// Adds (`sign` +1) or takes away (−1) one item's load, with its feeds' PDU slots.
    pub fn apply(&mut self, f: &Facts<'_>, [a, b, c]: FeedSlots, sign: i64) {
        let Some(ty) = f.ty else { return };
        if !ty.kind.is_it_load() {
            return;
        }
        let (typical, peak) = (f.typical_kw, f.peak_kw);
        let item = f.item;
        self.it.add_signed(typical, sign);
        self.peak.add_signed(peak, sign);
        if ty.occupies_floor() {
            self.densest_typical.count(typical, sign);
            self.densest_peak.count(peak, sign);
        }

        let key = row_key(item);
        let row = self.rows.entry(key).or_default();
        let gpus = u64::from(item.servers_in(ty)) * u64::from(ty.gpu.as_ref().map_or(0, |g| g.gpus_per_server));
        if sign > 0 {
            row.items += 1;
            row.gpus += gpus;
            self.rows_changed |= row.items == 1;
        } else {
            row.items = row.items.saturating_sub(1);
            row.gpus = row.gpus.saturating_sub(gpus);
        }
        row.it.add_signed(typical, sign);
        row.peak.add_signed(peak, sign);
        if row.items == 0 {
            self.rows.remove(&key);
            self.rows_changed = true;
        }
        if !self.rows_changed {
            self.rows_touched.push(key);
        }

        if !ty.kind.takes_feeds() {
            return;
        }
        let mark = |set: &mut BTreeSet<ItemId>| {
            if sign > 0 {
                set.insert(item.id);
            } else {
                set.remove(&item.id);
            }
        };
        // Feed B (or C) from the same PDU as another feed is no second path: one feed.
        let b = b.filter(|&sb| Some(sb) != a);
        let c = c.filter(|&sc| Some(sc) != a && Some(sc) != b);
        let feeds = [a, b, c];
        let feed_count = feeds.iter().flatten().count();
        if feed_count == 0 {
            mark(&mut self.unpowered);
            return;
        }
        if feed_count == 1 && self.redundancy != Redundancy::N {
            mark(&mut self.single_fed);
        }
        if let Some(dirty) = &mut self.dirty {
            dirty.extend(feeds.iter().flatten());
        }
        // The supplies: what a server keeps when one of its feeds is lost, against its maximum draw.
        if self.redundancy != Redundancy::N
            && let (Some(short), Some(psus)) =
                (ty.feed_loss_shortfall(feed_count as u32), ty.gpu.as_ref().and_then(|g| g.psus))
        {
            if sign > 0 {
                self.throttled.insert(item.id, (short, feed_count as u32, psus));
            } else {
                self.throttled.remove(&item.id);
            }
        }
        // Design check: each feed's PDU takes its worst case — with 2N, the other side lost (feed C is on side A:
        // with A lost, B takes the whole rack; with B lost, A and C half each); with N+1, its own share now plus
        // a partner's (below).
        let n = feed_count as f64;
        let on_a = [true, false, true];
        let survivors = |lost_a: bool| feeds.iter().zip(on_a).filter(|(f, a)| f.is_some() && *a != lost_a).count();
        for (k, s) in feeds.iter().enumerate().filter_map(|(k, s)| s.map(|s| (k, s))) {
            let sharing = survivors(!on_a[k]).max(1) as f64;
            let p = &mut self.pdus[s];
            p.fed = if sign > 0 { p.fed + 1 } else { p.fed.saturating_sub(1) };
            match self.redundancy {
                Redundancy::TwoN => {
                    // The other side lost: this side's feeds share the rack.
                    p.failover.add_signed(if feed_count == 1 { peak } else { peak / sharing }, sign);
                }
                Redundancy::N | Redundancy::NPlus1 => p.failover.add_signed(peak / n, sign),
            }
        }
        if feed_count >= 2 {
            // One PDU lost: its share spread over the rack's other feeds.
            let moved = peak / (n * (n - 1.0));
            for &s in feeds.iter().flatten() {
                for &t in feeds.iter().flatten().filter(|&&t| t != s) {
                    self.transfer[s].add(t, moved, sign);
                }
            }
            // A UPS system lost: the share on its feeds (k of the n) spread over the feeds on other systems.
            let system = |s: usize| self.pdus[s].upstream.map_or(u64::MAX - s as u64, u64::from);
            for &t in feeds.iter().flatten() {
                let k = feeds.iter().flatten().filter(|&&u| system(u) == system(t)).count() as f64;
                if k >= n {
                    continue;
                }
                let moved = peak / (n * (n - k));
                for &s in feeds.iter().flatten().filter(|&&s| system(s) != system(t)) {
                    self.transfer_sys[s].add(t, moved, sign);
                }
            }
        }
        for &s in feeds.iter().flatten() {
            let p = &mut self.pdus[s];
            p.normal.add_signed(peak / feed_count as f64, sign);
            p.normal_typ.add_signed(typical / feed_count as f64, sign);
        }
        // The scenario: surviving feeds share the load.
        let alive = feeds.map(|s| s.filter(|&s| !self.pdus[s].lost));
        let alive_count = alive.iter().flatten().count();
        if alive_count == 0 {
            mark(&mut self.unpowered);
            return;
        }
        let share = 1.0 / alive_count as f64;
        for s in alive.into_iter().flatten() {
            let p = &mut self.pdus[s];
            p.load.add_signed(peak * share, sign);
            p.load_typ.add_signed(typical * share, sign);
        }
    }

    /// One PDU's report entry.
    fn entry(&self, slot: usize) -> PduLoad {
        let p = &self.pdus[slot];
        // N+1: the worst single partner's share comes on top.
        let worst = match self.redundancy {
            Redundancy::NPlus1 => {
                self.transfer.get(slot).map_or(0.0, |t| t.0.iter().map(|e| e.1.value()).fold(0.0_f64, f64::max))
            }
            Redundancy::N | Redundancy::TwoN => 0.0,
        };
        PduLoad {
            id: p.id,
            usable_kw: p.usable_kw,
            load_kw: p.load.value(),
            load_typical_kw: p.load_typ.value(),
            failover_kw: p.failover.value() + worst,
            fed_items: p.fed,
            lost: p.lost,
        }
    }

    /// Writes the report's power section and the phase's warnings. Only the PDUs whose loads changed since the
    /// last write are written again; returns their ids, or None when every PDU was.
    pub fn write(&mut self, report: &mut PowerReport, out: &mut Vec<Warning>) -> Option<Vec<ItemId>> {
        let failure = &self.failure.clone();
        report.it_kw = self.it.value();
        report.it_peak_kw = self.peak.value();
        report.pue = self.pue;
        report.facility_kw = report.it_kw * self.pue;
        report.facility_peak_kw = report.it_peak_kw * self.pue;
        report.pdu_capacity_kw = self.capacity_kw;
        report.pdu_usable_kw = self.usable_kw();
        report.unpowered_items = self.unpowered.len() as u64;
        report.densest_rack_kw = self.densest_typical.largest_kw();
        report.densest_rack_peak_kw = self.densest_peak.largest_kw();
        let written = match self.dirty.replace(Vec::new()) {
            Some(mut slots) if report.pdus.len() == self.pdus.len() => {
                slots.sort_unstable();
                slots.dedup();
                let mut ids = Vec::with_capacity(slots.len());
                for s in slots {
                    let e = self.entry(s);
                    for (set, over) in [(&mut self.overloaded, e.load_kw), (&mut self.failover_over, e.failover_kw)] {
                        if over > e.usable_kw + EPS_KW {
                            set.insert(e.id);
                        } else {
                            set.remove(&e.id);
                        }
                    }
                    ids.push(e.id);
                    report.pdus[s] = e;
                }
                Some(ids)
            }
            _ => {
                report.pdus.clear();
                report.pdus.extend((0..self.pdus.len()).map(|s| self.entry(s)));
                let over = |pick: fn(&PduLoad) -> f64| -> BTreeSet<ItemId> {
                    report.pdus.iter().filter(|p| pick(p) > p.usable_kw + EPS_KW).map(|p| p.id).collect()
                };
                self.overloaded = over(|p| p.load_kw);
                self.failover_over = over(|p| p.failover_kw);
                None
            }
        };
        self.write_rows(&mut report.rows);

        let pdus = &report.pdus;
        if !self.overloaded.is_empty() {
            let overloaded: Vec<ItemId> = self.overloaded.iter().copied().collect();
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
        if self.redundancy != Redundancy::N && !self.failover_over.is_empty() {
            let failover: Vec<ItemId> = self.failover_over.iter().copied().collect();
            let what = if self.redundancy == Redundancy::TwoN {
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
                    self.redundancy.label()
                ),
                failover,
            );
        }
        if !self.unpowered.is_empty() {
            let n = self.unpowered.len();
            let message = if *failure == Failure::None {
                format!("{n} rack(s) have no power feed from a PDU; assign feed A (and B)")
            } else {
                format!("{n} rack(s) lose all power{}", scenario_suffix(failure))
            };
            warn(out, "rack-without-power", Severity::Error, message, self.unpowered.iter().copied().collect());
        }
        if !self.single_fed.is_empty() {
            warn(
                out,
                "single-feed",
                Severity::Warning,
                format!(
                    "{} rack(s) have only one feed in a {} hall; give them a B feed",
                    self.single_fed.len(),
                    self.redundancy.label()
                ),
                self.single_fed.iter().copied().collect(),
            );
        }
        if let Some((first, &((kept, keeps_kw, needs_kw), feeds, psus))) = self.throttled.iter().next() {
            let n = self.throttled.len();
            warn(
                out,
                "feed-loss-throttles",
                Severity::Warning,
                format!(
                    "{n} rack(s) throttle when a feed is lost: in {first}, each server's {} × {} kW supplies are spread \
                     over {feeds} feeds, so losing one leaves {kept} × {} = {} kW, below its {} kW maximum; {}",
                    psus.count,
                    crate::digits::trim_decimals(psus.rating_kw, 2),
                    crate::digits::trim_decimals(psus.rating_kw, 2),
                    crate::digits::trim_decimals(keeps_kw, 2),
                    crate::digits::trim_decimals(needs_kw, 2),
                    if feeds < 3 {
                        "give them a third feed (C) from another PDU, as NVIDIA's DGX racks take three rack PDUs"
                    } else {
                        "no spread of its supplies over the feeds keeps the maximum: plan for reduced performance on a \
                         feed loss, or derate the rack"
                    }
                ),
                self.throttled.keys().copied().collect(),
            );
        }
        written
    }

    /// What the floor's PDUs carry once the redundancy's loss is taken: 2N, the smaller side (a PDU counts on
    /// each side it feeds); N+1, all but the largest PDU; N, all.
    fn usable_kw(&self) -> f64 {
        match self.redundancy {
            Redundancy::N => self.capacity_kw,
            Redundancy::NPlus1 => self.capacity_kw - self.pdus.iter().map(|p| p.usable_kw).fold(0.0_f64, f64::max),
            Redundancy::TwoN => {
                let side =
                    |pick: fn(&PduAcc) -> bool| self.pdus.iter().filter(|p| pick(p)).map(|p| p.usable_kw).sum::<f64>();
                side(|p| p.refs_a > 0).min(side(|p| p.refs_b > 0))
            }
        }
    }

    /// Racks with one feed in a hall whose redundancy wants two.
    pub fn single_fed_count(&self) -> u64 {
        self.single_fed.len() as u64
    }

    /// Every PDU's load in normal operation (whatever the scenario) and what it would take over from each
    /// partner, for the site upstream.
    pub fn normal_loads(&self) -> Vec<super::site::PduNormal<'_>> {
        self.pdus
            .iter()
            .zip(self.transfer.iter().zip(&self.transfer_sys))
            .map(|(p, (t, ts))| super::site::PduNormal {
                id: p.id,
                usable_kw: p.usable_kw,
                peak_kw: p.normal.value(),
                typical_kw: p.normal_typ.value(),
                partners: &t.0,
                system_partners: &ts.0,
                upstream: p.upstream,
            })
            .collect()
    }

    /// Brings the report's rows up to the sums: all of them when a row came or went, else the touched ones.
    fn write_rows(&mut self, rows: &mut Vec<RowTotals>) {
        let totals = |key: (u8, i32), r: &RowAcc, label: Option<String>| RowTotals {
            label: label.unwrap_or_else(|| row_label(key)),
            items: r.items,
            gpus: r.gpus,
            it_kw: r.it.value(),
            it_peak_kw: r.peak.value(),
        };
        if self.rows_changed || rows.len() != self.row_order.len() {
            self.row_order = self.rows.keys().copied().collect();
            self.row_order.sort_unstable();
            *rows = self.row_order.iter().map(|k| totals(*k, &self.rows[k], None)).collect();
        } else {
            self.rows_touched.sort_unstable();
            self.rows_touched.dedup();
            for key in &self.rows_touched {
                if let (Ok(at), Some(r)) = (self.row_order.binary_search(key), self.rows.get(key)) {
                    let label = std::mem::take(&mut rows[at].label);
                    rows[at] = totals(*key, r, Some(label));
                }
            }
        }
        self.rows_changed = false;
        self.rows_touched.clear();
    }
}

fn scenario_suffix(failure: &Failure) -> String {
    if *failure == Failure::None { String::new() } else { format!(" with {}", failure.label()) }
}

/// The row an item stands in: items turned 0° or 180° form rows along x (keyed by their y), the others
/// columns along y (keyed by x). Shared by the power totals and the floor zones.
pub(crate) fn row_key(item: &Item) -> (u8, i32) {
    if matches!(item.rot, Rotation::R0 | Rotation::R180) { (b'y', item.y_mm) } else { (b'x', item.x_mm) }
}

/// A row's label by where it stands, in metres to the millimetre, e.g. `"row at y 7.2 m"`.
pub(crate) fn row_label((axis, at_mm): (u8, i32)) -> String {
    let m = crate::digits::trim_decimals(f64::from(at_mm) / 1000.0, 3);
    if axis == b'y' { format!("row at y {m} m") } else { format!("column at x {m} m") }
}

#[cfg(test)]
mod tests {
    use super::Draws;

    #[test]
    fn the_densest_draw_is_kept_through_adds_and_removals() {
        let mut d = Draws::default();
        assert_eq!(d.largest_kw(), 0.0);
        for kw in [66.0, 12.5, 66.0, 85.0, 0.0, -0.0] {
            d.count(kw, 1);
        }
        assert_eq!(d.largest_kw(), 85.0);
        d.count(85.0, -1);
        assert_eq!(d.largest_kw(), 66.0, "the next densest");
        d.count(66.0, -1);
        assert_eq!(d.largest_kw(), 66.0, "one rack still draws 66 kW");
        d.count(66.0, -1);
        assert_eq!(d.largest_kw(), 12.5);
        d.count(40.0, -1);
        assert_eq!(d.largest_kw(), 12.5, "taking away a draw never counted changes nothing");
        d.count(12.5, -1);
        assert_eq!(d.largest_kw(), 0.0, "zero and negative zero count as one draw, the least");
        assert_eq!(d.0, vec![(0, 2)]);
    }
}
