//! Cable media and counts: a routed length (see [`super::route`]) rounded up to a stock length, and the medium
//! that reaches it (shared/reference/domain.md §4).

pub use super::media::{MAX_REACH_M, Media, NIC_SINGLE_MODE_REACH_M, STOCK_LENGTHS_M};
use super::parts::{End, LinkKind, PartTally};
use super::{CableReport, LengthBin, MediaTotals};
use crate::model::ItemId;

/// Rounds a routed length up to a stock length.
pub fn stock_length_m(length_m: f64) -> f64 {
    stock_bin(length_m).1
}

/// Stock lengths are whole half-metres up to this many half-metres (the last stock length × 2).
const HALF_METRES: usize = 1000;

/// `BIN_OF_HALF_METRES[k]`: the first stock bin at least k half-metres long, so a length's bin is one lookup.
const BIN_OF_HALF_METRES: [u16; HALF_METRES + 1] = {
    let mut table = [0_u16; HALF_METRES + 1];
    let (mut k, mut bin) = (0, 0);
    while k <= HALF_METRES {
        while (STOCK_LENGTHS_M[bin] * 2.0) < k as f64 {
            bin += 1;
        }
        table[k] = bin as u16;
        k += 1;
    }
    table
};

/// The stock bin of a routed length: its index in [`STOCK_LENGTHS_M`] (None past the last) and its length.
/// A length within 1e-9 m of a stock length takes that stock length.
fn stock_bin(length_m: f64) -> (Option<usize>, f64) {
    if length_m <= STOCK_LENGTHS_M[STOCK_LENGTHS_M.len() - 1] + 1e-9 {
        // The shortest stock length s with length ≤ s + 1e-9: s is a whole number of half-metres, at least
        // ⌈2 × (length − 1e-9)⌉ of them.
        let half_metres = -floor_fast(-2.0 * (length_m - 1e-9));
        let i = usize::from(BIN_OF_HALF_METRES[half_metres.max(0.0) as usize]);
        (Some(i), STOCK_LENGTHS_M[i])
    } else {
        (None, (length_m / 100.0).ceil() * 100.0)
    }
}

/// A routed length's stock bin: its index in [`STOCK_LENGTHS_M`] (None past the last) and its stock length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StockBin {
    /// Index in [`STOCK_LENGTHS_M`]; None past the last.
    pub bin: Option<usize>,
    /// The stock length in metres.
    pub stock_m: f64,
}

impl StockBin {
    /// The bin of a routed length.
    pub fn of(length_m: f64) -> Self {
        let (bin, stock_m) = stock_bin(length_m);
        Self { bin, stock_m }
    }

    /// True when `length_m` rounds up to this same stock length (two comparisons instead of a lookup).
    pub fn holds(&self, length_m: f64) -> bool {
        match self.bin {
            Some(i) => {
                let below = if i == 0 { f64::NEG_INFINITY } else { STOCK_LENGTHS_M[i - 1] };
                length_m <= STOCK_LENGTHS_M[i] + 1e-9 && length_m > below + 1e-9
            }
            None => StockBin::of(length_m) == *self,
        }
    }
}

/// `x.floor()` without a libm call (the baseline x86-64 target has no rounding instruction); exact for
/// |x| < 2⁶³, which validated halls stay far within.
pub fn floor_fast(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// Fabric tier of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// GPU NIC to leaf.
    NodeLeaf,
    /// Leaf to spine.
    LeafSpine,
    /// Spine to core.
    SpineCore,
}

/// Accumulates groups of identical links into a [`CableReport`]. Every count is a whole number (lengths in
/// half-metres), so a group taken away ([`CableTally::add_signed`] with −1) leaves the tally exactly as if it had
/// never been added, whatever came between: the live analysis keeps one tally and re-counts only the links of
/// racks an edit moves.
#[derive(Debug)]
pub struct CableTally {
    report: CableReport,
    /// Link groups at the longest stock length; the longest link is the lowest (a, b) among them.
    longest_groups: u64,
    /// A group at the longest length went whose place nobody knows (the last one, or the lowest pair): the tally
    /// no longer knows its longest link and must be counted afresh.
    longest_lost: bool,
    media: [MediaTotals; 5],
    bins: Vec<u64>,
    overflow: std::collections::BTreeMap<u64, u64>,
    /// Items at an end of a link beyond reach, with how many such groups they are in.
    beyond_items: rustc_hash::FxHashMap<ItemId, u64>,
    /// Items at an end of a node link beyond its NIC module's reach, with how many such groups they are in.
    nic_far_items: rustc_hash::FxHashMap<ItemId, u64>,
    parts: PartTally,
    /// Links landing on each switch rack, by its number.
    port_use: Vec<u64>,
    /// Cable length by tier and by medium in whole half-metres (every stock length is one), so totals are exact
    /// and the same whatever order link groups are added or tallies merged.
    tier_half_m: [u128; 3],
    media_half_m: [u128; 5],
    /// Every group added, when asked for (the cable schedule an export writes); None in the live analysis.
    schedule: Option<Vec<CableGroup>>,
}

/// A group of identical links between two items: what a cable schedule lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CableGroup {
    /// The fabric tier.
    pub tier: Tier,
    /// One end: a GPU rack (node → leaf) or a switch rack.
    pub a: ItemId,
    /// The other end: a switch rack.
    pub b: ItemId,
    /// Links (cables or fibres with their modules).
    pub count: u64,
    /// Each link's length to order: its routed length rounded up to the stock length, metres.
    pub length_m: f64,
    /// The medium the length and speed call for.
    pub media: Media,
    /// The link's speed, Gb/s.
    pub gbps: u32,
}

impl Default for CableTally {
    fn default() -> Self {
        Self {
            report: CableReport::default(),
            longest_groups: 0,
            longest_lost: false,
            media: Default::default(),
            bins: vec![0; STOCK_LENGTHS_M.len()],
            overflow: Default::default(),
            beyond_items: Default::default(),
            nic_far_items: Default::default(),
            parts: PartTally::default(),
            port_use: Vec::new(),
            tier_half_m: [0; 3],
            media_half_m: [0; 5],
            schedule: None,
        }
    }
}

/// `v + n` (`sign` +1) or `v − n` (−1).
fn signed<T: std::ops::Add<Output = T> + std::ops::Sub<Output = T>>(v: T, n: T, sign: i64) -> T {
    if sign > 0 { v + n } else { v - n }
}

impl CableTally {
    /// A tally that also keeps every group added (`record`), for a cable schedule.
    pub fn recording(record: bool) -> Self {
        Self { schedule: record.then(Vec::new), ..Self::default() }
    }

    /// The groups added, in order, when the tally was recording.
    pub fn schedule(&mut self) -> Vec<CableGroup> {
        self.schedule.take().unwrap_or_default()
    }

    /// Adds `count` links of `kind` and routed length `length_m` between items `a` and `b`.
    pub fn add(&mut self, tier: Tier, kind: LinkKind, count: u64, length_m: f64, a: ItemId, b: ItemId) {
        self.add_binned(tier, kind, count, StockBin::of(length_m), a, b);
    }

    /// [`CableTally::add`] for links whose stock bin is already known.
    pub fn add_binned(&mut self, tier: Tier, kind: LinkKind, count: u64, bin: StockBin, a: ItemId, b: ItemId) {
        self.add_signed(tier, kind, count, bin, (a, b), 1);
    }

    /// Adds (`sign` +1) or takes away (−1, a group added before) `count` links of `kind` in stock bin `bin`
    /// between items `a` and `b`.
    pub fn add_signed(
        &mut self,
        tier: Tier,
        kind: LinkKind,
        count: u64,
        bin: StockBin,
        (a, b): (ItemId, ItemId),
        sign: i64,
    ) {
        if count == 0 {
            return;
        }
        let StockBin { bin, stock_m: stock } = bin;
        let media = Media::for_link(stock, kind.gbps);
        if let Some(s) = self.schedule.as_mut().filter(|_| sign > 0) {
            s.push(CableGroup { tier, a, b, count, length_m: stock, media, gbps: kind.gbps });
        }
        self.parts.add(kind, media, bin, stock, count, sign);
        for end in [kind.a, kind.b] {
            if let End::Switch { rack, .. } = end {
                let r = rack as usize;
                if r >= self.port_use.len() {
                    self.port_use.resize(r + 1, 0);
                }
                self.port_use[r] = signed(self.port_use[r], count, sign);
            }
        }
        // Stock lengths are whole half-metres (past the bins, whole 100 m).
        let half_m = u128::from(count) * ((stock * 2.0) as u128);
        let r = &mut self.report;
        r.count = signed(r.count, count, sign);
        if sign > 0 {
            if stock > r.longest_m || self.longest_groups == 0 {
                r.longest_m = stock;
                r.longest_link = Some((a, b));
                self.longest_groups = 1;
            } else if stock == r.longest_m {
                self.longest_groups += 1;
                if r.longest_link.is_none_or(|l| (a, b) < l) {
                    r.longest_link = Some((a, b));
                }
            }
        } else if stock == r.longest_m {
            self.longest_groups = self.longest_groups.saturating_sub(1);
            if self.longest_groups == 0 || r.longest_link == Some((a, b)) {
                self.longest_lost = true;
            }
        }
        match tier {
            Tier::NodeLeaf => r.by_tier.node_leaf = signed(r.by_tier.node_leaf, count, sign),
            Tier::LeafSpine => r.by_tier.leaf_spine = signed(r.by_tier.leaf_spine, count, sign),
            Tier::SpineCore => r.by_tier.spine_core = signed(r.by_tier.spine_core, count, sign),
        }
        self.tier_half_m[tier as usize] = signed(self.tier_half_m[tier as usize], half_m, sign);
        self.media[media as usize].count = signed(self.media[media as usize].count, count, sign);
        self.media_half_m[media as usize] = signed(self.media_half_m[media as usize], half_m, sign);
        match bin {
            Some(i) => self.bins[i] = signed(self.bins[i], count, sign),
            None => {
                let n = self.overflow.entry(stock as u64).or_default();
                *n = signed(*n, count, sign);
                if *n == 0 {
                    self.overflow.remove(&(stock as u64));
                }
            }
        }
        let mark = |items: &mut rustc_hash::FxHashMap<ItemId, u64>| {
            for end in [a, b] {
                let n = items.entry(end).or_default();
                *n = signed(*n, 1, sign);
                if *n == 0 {
                    items.remove(&end);
                }
            }
        };
        if media == Media::BeyondReach {
            r.beyond_reach = signed(r.beyond_reach, count, sign);
            mark(&mut self.beyond_items);
        }
        // Reach is a property of the part at each end: a node link on single-mode past the single-port NIC
        // module's reach (the 100 m is that part's; a twin-port server cage takes twin-port modules).
        let at_nic = [kind.a, kind.b].iter().any(|e| matches!(e, End::Nic { per_cage: 1 }));
        if at_nic && media == Media::SingleMode && stock > NIC_SINGLE_MODE_REACH_M {
            r.beyond_nic_reach = signed(r.beyond_nic_reach, count, sign);
            mark(&mut self.nic_far_items);
        }
    }

    /// True when a group taken away was the longest link's, or the last at the longest length: the tally cannot
    /// say what the longest link is now.
    pub fn longest_lost(&self) -> bool {
        self.longest_lost
    }

    /// Adds another tally's links, as if they had been added after this one's.
    pub fn merge(&mut self, mut other: CableTally) {
        if let (Some(mine), Some(theirs)) = (self.schedule.as_mut(), other.schedule.take()) {
            mine.extend(theirs);
        }
        let (r, o) = (&mut self.report, other.report);
        r.count += o.count;
        if other.longest_groups > 0 {
            if self.longest_groups == 0 || o.longest_m > r.longest_m {
                r.longest_m = o.longest_m;
                r.longest_link = o.longest_link;
                self.longest_groups = other.longest_groups;
            } else if o.longest_m == r.longest_m {
                self.longest_groups += other.longest_groups;
                if o.longest_link < r.longest_link {
                    r.longest_link = o.longest_link;
                }
            }
        }
        self.longest_lost |= other.longest_lost;
        r.by_tier.node_leaf += o.by_tier.node_leaf;
        r.by_tier.leaf_spine += o.by_tier.leaf_spine;
        r.by_tier.spine_core += o.by_tier.spine_core;
        r.beyond_reach += o.beyond_reach;
        r.beyond_nic_reach += o.beyond_nic_reach;
        for (m, om) in self.media.iter_mut().zip(other.media) {
            m.count += om.count;
        }
        for (h, oh) in self.tier_half_m.iter_mut().zip(other.tier_half_m) {
            *h += oh;
        }
        for (h, oh) in self.media_half_m.iter_mut().zip(other.media_half_m) {
            *h += oh;
        }
        for (b, ob) in self.bins.iter_mut().zip(other.bins) {
            *b += ob;
        }
        for (length, count) in other.overflow {
            *self.overflow.entry(length).or_default() += count;
        }
        for (item, n) in other.beyond_items {
            *self.beyond_items.entry(item).or_default() += n;
        }
        for (item, n) in other.nic_far_items {
            *self.nic_far_items.entry(item).or_default() += n;
        }
        self.parts.merge(other.parts);
        if self.port_use.len() < other.port_use.len() {
            self.port_use.resize(other.port_use.len(), 0);
        }
        for (u, ou) in self.port_use.iter_mut().zip(other.port_use) {
            *u += ou;
        }
    }

    /// Links landing on switch rack `rack` so far.
    pub fn links_at(&self, rack: u32) -> u64 {
        self.port_use.get(rack as usize).copied().unwrap_or(0)
    }

    /// The items at either end of a node link beyond its NIC module's reach (sorted).
    pub fn nic_far_items(&self) -> Vec<ItemId> {
        let mut items: Vec<ItemId> = self.nic_far_items.keys().copied().collect();
        items.sort_unstable();
        items
    }

    /// The report so far and the items at either end of a link beyond reach (sorted).
    pub fn report(&self) -> (CableReport, Vec<ItemId>) {
        let metres = |half_m: u128| half_m as f64 / 2.0;
        let mut report = self.report.clone();
        if report.count == 0 {
            (report.longest_m, report.longest_link) = (0.0, None);
        }
        let [node_leaf, leaf_spine, spine_core] = self.tier_half_m;
        report.length_by_tier_m.node_leaf = metres(node_leaf);
        report.length_by_tier_m.leaf_spine = metres(leaf_spine);
        report.length_by_tier_m.spine_core = metres(spine_core);
        report.total_length_m = metres(node_leaf + leaf_spine + spine_core);
        for m in Media::ALL {
            let totals = &self.media[m as usize];
            if totals.count > 0 {
                let totals = MediaTotals { count: totals.count, length_m: metres(self.media_half_m[m as usize]) };
                report.by_media.insert(m.key().to_owned(), totals);
            }
        }
        report.by_length = STOCK_LENGTHS_M
            .iter()
            .zip(&self.bins)
            .filter(|(_, c)| **c > 0)
            .map(|(&length_m, &count)| LengthBin { length_m, count })
            .chain(
                self.overflow
                    .iter()
                    .filter(|(_, c)| **c > 0)
                    .map(|(&l, &count)| LengthBin { length_m: l as f64, count }),
            )
            .collect();
        let mut beyond: Vec<ItemId> = self.beyond_items.keys().copied().collect();
        beyond.sort_unstable();
        let (parts, transceivers) = self.parts.finish();
        report.parts = parts;
        report.transceivers = transceivers;
        report.stock_ladder = super::media::STOCK_LADDER;
        (report, beyond)
    }

    /// The finished report and the items at either end of a link beyond reach.
    pub fn finish(self) -> (CableReport, Vec<ItemId>) {
        self.report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_lengths_round_up() {
        assert_eq!(stock_length_m(0.2), 0.5);
        assert_eq!(stock_length_m(2.0), 2.0);
        assert_eq!(stock_length_m(2.01), 3.0);
        assert_eq!(stock_length_m(6.0), 7.5);
        // Past 30 m, trunks made to length in whole metres: a 31 m route is a 31 m trunk, not a 50 m one.
        assert_eq!(stock_length_m(30.2), 31.0);
        assert_eq!(stock_length_m(31.0), 31.0);
        assert_eq!(stock_length_m(137.4), 138.0);
        assert_eq!(stock_length_m(500.0), 500.0);
        assert_eq!(stock_length_m(501.0), 600.0);
        assert_eq!(stock_length_m(2_345.0), 2_400.0);
    }

    #[test]
    fn stock_bin_lookup_matches_the_rule() {
        // The rule: the first stock length s with length ≤ s + 1e-9; checked at, just under, just over and
        // between every stock length, and at a fine sweep.
        let rule = |l: f64| STOCK_LENGTHS_M.iter().position(|&s| l <= s + 1e-9);
        let mut lengths: Vec<f64> = (0..=101_000).map(|k| f64::from(k) * 0.005 - 1.0).collect();
        for s in STOCK_LENGTHS_M {
            let edge = s + 1e-9;
            lengths.extend([s, s - 1e-12, s + 5e-10, s + 2e-9, s - 0.25, s + 0.25, s.next_up(), s.next_down()]);
            lengths.extend([edge, edge.next_up(), edge.next_down(), edge.next_up().next_up()]);
        }
        for l in lengths {
            assert_eq!(stock_bin(l).0, rule(l), "length {l}");
        }
        assert_eq!(stock_bin(-1e300).0, Some(0));
        assert_eq!(stock_bin(500.5).0, None);
        assert!(stock_bin(f64::NAN).1.is_nan());
    }

    #[test]
    fn a_bin_holds_the_lengths_that_round_to_it() {
        let lengths: Vec<f64> = (0..=130_000).map(|k| f64::from(k) * 0.005 - 1.0).collect();
        for w in lengths.windows(2) {
            let (a, b) = (StockBin::of(w[0]), StockBin::of(w[1]));
            assert_eq!(a.holds(w[1]), a == b, "{} and {}", w[0], w[1]);
            assert!(a.holds(w[0]) || w[0].is_nan());
        }
        for s in STOCK_LENGTHS_M {
            let (bin, edge) = (StockBin::of(s), s + 1e-9);
            assert!(bin.holds(s) && bin.holds(s + 5e-10) && !bin.holds(s + 2e-9), "{s}");
            // At the tolerance's edge exactly: held, and the next length up is not.
            assert!(bin.holds(edge) && !bin.holds(edge.next_up()), "{s}");
            assert!(StockBin::of(edge.next_up()).holds(edge.next_up()));
        }
    }

    #[test]
    fn media_by_reach() {
        assert_eq!(Media::for_length(3.0), Media::PassiveCopper);
        assert_eq!(Media::for_length(4.0), Media::ActiveCopper);
        assert_eq!(Media::for_length(7.5), Media::Multimode);
        assert_eq!(Media::for_length(50.0), Media::Multimode);
        assert_eq!(Media::for_length(75.0), Media::SingleMode);
        assert_eq!(Media::for_length(2_000.0), Media::SingleMode);
        assert_eq!(Media::for_length(2_100.0), Media::BeyondReach);
    }

    #[test]
    fn merged_tallies_count_as_one() {
        // Link groups of every kind — splitters, twins, optics at two speeds on one rack (the odd table), a link
        // past the stock bins, one beyond reach, and two longest links of equal length — added to one tally,
        // and split at every point into two tallies merged: the reports are the same.
        let nic = |rack, per_cage, gbps| LinkKind {
            gbps,
            a: End::Nic { per_cage: 1 },
            b: End::Switch { rack, per_cage, switches: 2 },
            pairs: 2,
        };
        let sw = |a, b, gbps| LinkKind {
            gbps,
            a: End::Switch { rack: a, per_cage: 2, switches: 4 },
            b: End::Switch { rack: b, per_cage: 2, switches: 4 },
            pairs: 8,
        };
        let one_switch = |rack, per_cage, gbps| LinkKind {
            gbps,
            a: End::Nic { per_cage: 1 },
            b: End::Switch { rack, per_cage, switches: 1 },
            pairs: 1,
        };
        let groups = [
            (Tier::NodeLeaf, nic(0, 2, 400), 16, 2.5, 1, 10),
            (Tier::NodeLeaf, nic(0, 2, 400), 7, 31.0, 2, 10),
            (Tier::NodeLeaf, nic(1, 1, 800), 9, 60.0, 3, 11),
            (Tier::LeafSpine, sw(0, 2, 400), 33, 140.0, 10, 12),
            (Tier::LeafSpine, sw(1, 2, 800), 12, 4.5, 11, 12),
            (Tier::SpineCore, sw(2, 3, 400), 64, 640.0, 12, 13),
            (Tier::SpineCore, sw(2, 3, 400), 5, 640.0, 12, 14),
            (Tier::SpineCore, sw(3, 4, 400), 1, 2_500.0, 13, 15),
            (Tier::NodeLeaf, nic(3, 1, 800), 4, 20.0, 4, 13),
            // As long as the longest link: the first one found stays the longest.
            (Tier::SpineCore, sw(3, 4, 400), 1, 2_450.0, 16, 17),
            // Rack 5 (one switch): 400G, 800G, then 400G again. Split after the first, the second tally meets
            // 800G first, so its 400G links sit in its odd table: they still make whole cages with the first
            // tally's (6 links, 3 twin-port modules — not 2 + 2).
            (Tier::NodeLeaf, one_switch(5, 2, 400), 3, 20.0, 5, 18),
            (Tier::NodeLeaf, one_switch(5, 1, 800), 3, 60.0, 6, 18),
            (Tier::NodeLeaf, one_switch(5, 2, 400), 3, 20.0, 7, 18),
        ];
        let add = |t: &mut CableTally, g: &(Tier, LinkKind, u64, f64, u32, u32)| {
            t.add(g.0, g.1, g.2, g.3, ItemId(g.4), ItemId(g.5));
        };
        let one_switch_modules = |parts: &[crate::analysis::parts::PartCount]| {
            parts.iter().filter(|p| p.part.contains("2x400g-sr")).map(|p| p.quantity).sum::<u64>()
        };
        let mut one = CableTally::default();
        groups.iter().for_each(|g| add(&mut one, g));
        let one_ports: Vec<u64> = (0..8).map(|r| one.links_at(r)).collect();
        let (one, one_beyond) = one.finish();
        assert_eq!(one.longest_link, Some((ItemId(13), ItemId(15))));
        assert!(one.parts.len() > 6, "{:?}", one.parts);
        for split in 0..=groups.len() {
            let (mut first, mut second) = (CableTally::default(), CableTally::default());
            groups[..split].iter().for_each(|g| add(&mut first, g));
            groups[split..].iter().for_each(|g| add(&mut second, g));
            first.merge(second);
            assert_eq!((0..8).map(|r| first.links_at(r)).collect::<Vec<_>>(), one_ports, "split after {split}");
            let (merged, beyond) = first.finish();
            assert_eq!(one_switch_modules(&merged.parts), one_switch_modules(&one.parts), "split after {split}");
            assert_eq!(merged, one, "split after {split} groups");
            assert_eq!(beyond, one_beyond);
        }
    }

    #[test]
    fn tally_counts_media_tiers_and_transceivers() {
        let nic_leaf = LinkKind {
            gbps: 400,
            a: End::Nic { per_cage: 1 },
            b: End::Switch { rack: 2, per_cage: 2, switches: 1 },
            pairs: 1,
        };
        let sw = |a, b| LinkKind {
            gbps: 400,
            a: End::Switch { rack: a, per_cage: 2, switches: 1 },
            b: End::Switch { rack: b, per_cage: 2, switches: 1 },
            pairs: 1,
        };
        let mut t = CableTally::default();
        t.add(Tier::NodeLeaf, nic_leaf, 10, 2.5, ItemId(1), ItemId(2)); // 3 m DAC splitters: 5 cables
        t.add(Tier::LeafSpine, sw(2, 3), 4, 40.0, ItemId(2), ItemId(3)); // a 40 m MM trunk: 2 + 2 twin modules
        t.add(Tier::SpineCore, sw(3, 4), 1, 2_500.0, ItemId(3), ItemId(4)); // beyond reach: nothing to buy
        let (r, beyond) = t.finish();
        assert_eq!(r.count, 15);
        assert_eq!((r.by_tier.node_leaf, r.by_tier.leaf_spine, r.by_tier.spine_core), (10, 4, 1));
        assert!((r.total_length_m - (30.0 + 160.0 + 2_500.0)).abs() < 1e-9);
        assert_eq!(r.longest_m, 2_500.0);
        assert_eq!(r.longest_link, Some((ItemId(3), ItemId(4))));
        assert_eq!(r.transceivers, 4);
        assert_eq!(r.beyond_reach, 1);
        assert_eq!(r.by_media["passive_copper"].count, 10);
        assert_eq!(r.by_media["multimode"].count, 4);
        assert_eq!(beyond, vec![ItemId(3), ItemId(4)]);
        assert_eq!(
            r.by_length.iter().map(|b| (b.length_m, b.count)).collect::<Vec<_>>(),
            vec![(3.0, 10), (40.0, 4), (2_500.0, 1)]
        );
        let parts: Vec<(&str, u64)> = r.parts.iter().map(|p| (p.part.as_str(), p.quantity)).collect();
        assert_eq!(parts, vec![("dac-800g-2x400g", 5), ("osfp-800g-2x400g-sr", 4), ("mpo12-om4", 4)]);
    }
}
