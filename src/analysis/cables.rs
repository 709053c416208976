//! Cable routing and media: a link's length routed along the overhead tray grid, rounded up to a stock length,
//! and the medium that reaches it (shared/reference/domain.md §4).
//!
//! Length = drop from each port up to the tray + run to the nearest tray line at each end + shortest path along
//! the tray grid + in-rack allowance at each end + slack, then rounded up to a stock length.

use glam::DVec2;

use super::{CableReport, LengthBin, MediaTotals};
use crate::model::{CableTrays, HallSettings, ItemId};

/// Stock cable lengths in metres: DAC 0.5–3 m, LACC 3/4/5 m, then fibre bins (beyond 30 m a planning
/// convention); past 500 m lengths round up to the next 100 m.
pub const STOCK_LENGTHS_M: [f64; 20] = [
    0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0, 30.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 500.0,
];

/// Longest reach of any medium (single-mode 2×FR4), in metres.
pub const MAX_REACH_M: f64 = 2_000.0;

/// Cable media, cheapest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Media {
    /// Passive copper (DAC), up to 3 m.
    PassiveCopper,
    /// Linear active copper (LACC), up to 5 m.
    ActiveCopper,
    /// Active optical cable or multimode SR optics, up to 50 m.
    Multimode,
    /// Single-mode DR4 (500 m) or FR4 (2 km) optics.
    SingleMode,
    /// Longer than any medium reaches.
    BeyondReach,
}

impl Media {
    /// All media in order.
    pub const ALL: [Media; 5] =
        [Media::PassiveCopper, Media::ActiveCopper, Media::Multimode, Media::SingleMode, Media::BeyondReach];

    /// The report key.
    pub fn key(self) -> &'static str {
        match self {
            Media::PassiveCopper => "passive_copper",
            Media::ActiveCopper => "active_copper",
            Media::Multimode => "multimode",
            Media::SingleMode => "single_mode",
            Media::BeyondReach => "beyond_reach",
        }
    }

    /// The medium with this report key.
    pub fn from_key(key: &str) -> Option<Media> {
        Media::ALL.into_iter().find(|m| m.key() == key)
    }

    /// A name for people: what is bought and how far it reaches.
    pub fn label(self) -> &'static str {
        match self {
            Media::PassiveCopper => "Passive copper (DAC, ≤ 3 m)",
            Media::ActiveCopper => "Active copper (ACC, ≤ 5 m)",
            Media::Multimode => "Multimode fibre (≤ 50 m)",
            Media::SingleMode => "Single-mode fibre (≤ 2 km)",
            Media::BeyondReach => "Beyond any reach",
        }
    }

    /// Longest stock length it serves, in metres.
    pub fn reach_m(self) -> f64 {
        match self {
            Media::PassiveCopper => 3.0,
            Media::ActiveCopper => 5.0,
            Media::Multimode => 50.0,
            Media::SingleMode => MAX_REACH_M,
            Media::BeyondReach => f64::INFINITY,
        }
    }

    /// Optical transceivers one cable of this medium needs.
    pub fn transceivers(self) -> u64 {
        match self {
            Media::Multimode | Media::SingleMode => 2,
            _ => 0,
        }
    }

    /// The cheapest medium that reaches `length_m`.
    pub fn for_length(length_m: f64) -> Media {
        Media::ALL.into_iter().find(|m| length_m <= m.reach_m() + 1e-9).unwrap_or(Media::BeyondReach)
    }
}

/// Rounds a routed length up to a stock length.
pub fn stock_length_m(length_m: f64) -> f64 {
    stock_bin(length_m).1
}

/// The stock bin of a routed length: its index in [`STOCK_LENGTHS_M`] (None past the last) and its length.
fn stock_bin(length_m: f64) -> (Option<usize>, f64) {
    match STOCK_LENGTHS_M.iter().position(|&s| length_m <= s + 1e-9) {
        Some(i) => (Some(i), STOCK_LENGTHS_M[i]),
        None => (None, (length_m / 100.0).ceil() * 100.0),
    }
}

/// One end of a link: where its rack stands and how high its ports are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Endpoint {
    /// Centre of the rack in metres.
    pub pos_m: DVec2,
    /// Port height above the floor in metres.
    pub port_height_m: f64,
}

/// Routes links along the tray grid.
#[derive(Clone, Debug)]
pub struct Router {
    trays: CableTrays,
    /// 1 / pitch along x and y (multiplying beats dividing in the hot loop).
    inv_pitch: DVec2,
    allowance_m: f64,
    slack_m: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Line {
    /// On a tray running along x (fixed y).
    AlongX,
    /// On a tray running along y (fixed x).
    AlongY,
}

/// `x.floor()` without a libm call (the baseline x86-64 target has no rounding instruction); exact for
/// |x| < 2⁶³, which validated halls stay far within.
pub fn floor_fast(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// Nearest grid line coordinate to `v` for lines at `offset + k × pitch` (`inv` = 1 / pitch).
fn nearest_line(v: f64, offset: f64, pitch: f64, inv: f64) -> f64 {
    offset + floor_fast((v - offset) * inv + 0.5) * pitch
}

/// Extra run to reach a crossing line when the interval [lo, hi] holds none: twice the distance to the nearest.
fn detour(lo: f64, hi: f64, offset: f64, pitch: f64) -> f64 {
    let above = offset - floor_fast(-(lo - offset) / pitch) * pitch;
    if above <= hi + 1e-9 {
        return 0.0;
    }
    let below = offset + floor_fast((lo - offset) / pitch) * pitch;
    2.0 * (lo - below).min(above - hi)
}

impl Router {
    /// A router for a hall's trays and cable settings.
    pub fn new(trays: &CableTrays, settings: &HallSettings) -> Self {
        let inv = |p: f64| if p > 0.0 { 1.0 / p } else { 0.0 };
        Self {
            trays: trays.clone(),
            inv_pitch: DVec2::new(inv(trays.pitch_x_m), inv(trays.pitch_y_m)),
            allowance_m: settings.rack_allowance_m,
            slack_m: settings.cable_slack_m,
        }
    }

    fn grid_ok(&self) -> bool {
        self.trays.pitch_x_m > 0.0 && self.trays.pitch_y_m > 0.0
    }

    fn snap(&self, p: DVec2) -> (DVec2, f64, Line) {
        let t = &self.trays;
        let y_line = nearest_line(p.y, t.offset_y_m, t.pitch_y_m, self.inv_pitch.y);
        let x_line = nearest_line(p.x, t.offset_x_m, t.pitch_x_m, self.inv_pitch.x);
        let (dy, dx) = ((p.y - y_line).abs(), (p.x - x_line).abs());
        if dy <= dx { (DVec2::new(p.x, y_line), dy, Line::AlongX) } else { (DVec2::new(x_line, p.y), dx, Line::AlongY) }
    }

    /// Prepares an endpoint: where it joins the tray grid and how far it climbs. Prepare each rack once and
    /// route it to many others.
    pub fn point(&self, e: Endpoint) -> RoutePoint {
        let drop_m = (self.trays.height_m - e.port_height_m).max(0.0);
        if !self.grid_ok() {
            return RoutePoint {
                pos: e.pos_m,
                on_tray: e.pos_m,
                lateral_m: 0.0,
                line: None,
                drop_m,
                port_height_m: e.port_height_m,
            };
        }
        let (on_tray, lateral_m, line) = self.snap(e.pos_m);
        RoutePoint { pos: e.pos_m, on_tray, lateral_m, line: Some(line), drop_m, port_height_m: e.port_height_m }
    }

    fn horizontal_between(&self, a: &RoutePoint, b: &RoutePoint) -> f64 {
        let (pa, pb) = (a.on_tray, b.on_tray);
        let d = (pa - pb).abs();
        let t = &self.trays;
        let grid = match (a.line, b.line) {
            (None, _) | (_, None) => d.x + d.y,
            (Some(Line::AlongX), Some(Line::AlongX)) if d.y > 1e-9 => {
                d.x + d.y + detour(pa.x.min(pb.x), pa.x.max(pb.x), t.offset_x_m, t.pitch_x_m)
            }
            (Some(Line::AlongY), Some(Line::AlongY)) if d.x > 1e-9 => {
                d.x + d.y + detour(pa.y.min(pb.y), pa.y.max(pb.y), t.offset_y_m, t.pitch_y_m)
            }
            _ => d.x + d.y,
        };
        a.lateral_m + b.lateral_m + grid
    }

    /// Horizontal run between two points along the tray grid, in metres (including the runs to the trays).
    pub fn horizontal_m(&self, a: DVec2, b: DVec2) -> f64 {
        let e = |pos_m| self.point(Endpoint { pos_m, port_height_m: 0.0 });
        self.horizontal_between(&e(a), &e(b))
    }

    /// Routed length between two prepared endpoints in metres, before rounding to stock.
    pub fn route_between(&self, a: &RoutePoint, b: &RoutePoint) -> f64 {
        let ends = 2.0 * self.allowance_m + self.slack_m;
        if a.pos == b.pos {
            // Both ends in the same rack: no trip to the tray.
            return ends + (a.port_height_m - b.port_height_m).abs();
        }
        a.drop_m + b.drop_m + self.horizontal_between(a, b) + ends
    }

    /// Routed length of a link in metres, before rounding to stock.
    pub fn route_m(&self, a: Endpoint, b: Endpoint) -> f64 {
        self.route_between(&self.point(a), &self.point(b))
    }
}

/// An endpoint prepared by [`Router::point`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoutePoint {
    pos: DVec2,
    on_tray: DVec2,
    lateral_m: f64,
    line: Option<Line>,
    drop_m: f64,
    port_height_m: f64,
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

/// Accumulates groups of identical links into a [`CableReport`].
#[derive(Debug)]
pub struct CableTally {
    report: CableReport,
    media: [MediaTotals; 5],
    bins: Vec<u64>,
    overflow: std::collections::BTreeMap<u64, u64>,
    beyond_items: Vec<ItemId>,
}

impl Default for CableTally {
    fn default() -> Self {
        Self {
            report: CableReport::default(),
            media: Default::default(),
            bins: vec![0; STOCK_LENGTHS_M.len()],
            overflow: Default::default(),
            beyond_items: Vec::new(),
        }
    }
}

impl CableTally {
    /// Adds `count` links of routed length `length_m` between items `a` and `b`.
    pub fn add(&mut self, tier: Tier, count: u64, length_m: f64, a: ItemId, b: ItemId) {
        if count == 0 {
            return;
        }
        let (bin, stock) = stock_bin(length_m);
        let media = Media::for_length(stock);
        let total = stock * count as f64;
        let r = &mut self.report;
        r.count += count;
        r.total_length_m += total;
        if stock > r.longest_m {
            r.longest_m = stock;
            r.longest_link = Some((a, b));
        }
        r.transceivers += media.transceivers() * count;
        match tier {
            Tier::NodeLeaf => {
                r.by_tier.node_leaf += count;
                r.length_by_tier_m.node_leaf += total;
            }
            Tier::LeafSpine => {
                r.by_tier.leaf_spine += count;
                r.length_by_tier_m.leaf_spine += total;
            }
            Tier::SpineCore => {
                r.by_tier.spine_core += count;
                r.length_by_tier_m.spine_core += total;
            }
        }
        let m = &mut self.media[media as usize];
        m.count += count;
        m.length_m += total;
        match bin {
            Some(i) => self.bins[i] += count,
            None => *self.overflow.entry(stock as u64).or_default() += count,
        }
        if media == Media::BeyondReach {
            r.beyond_reach += count;
            self.beyond_items.push(a);
            self.beyond_items.push(b);
        }
    }

    /// The finished report and the items at either end of a link beyond reach.
    pub fn finish(mut self) -> (CableReport, Vec<ItemId>) {
        for m in Media::ALL {
            let totals = std::mem::take(&mut self.media[m as usize]);
            if totals.count > 0 {
                self.report.by_media.insert(m.key().to_owned(), totals);
            }
        }
        self.report.by_length = STOCK_LENGTHS_M
            .iter()
            .zip(&self.bins)
            .filter(|(_, c)| **c > 0)
            .map(|(&length_m, &count)| LengthBin { length_m, count })
            .chain(self.overflow.iter().map(|(&l, &count)| LengthBin { length_m: l as f64, count }))
            .collect();
        self.beyond_items.sort_unstable();
        self.beyond_items.dedup();
        (self.report, self.beyond_items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(pitch_x: f64, pitch_y: f64) -> Router {
        let trays =
            CableTrays { height_m: 3.0, pitch_x_m: pitch_x, pitch_y_m: pitch_y, offset_x_m: 0.0, offset_y_m: 0.0 };
        let settings = HallSettings { cable_slack_m: 0.5, rack_allowance_m: 0.5, ..HallSettings::default() };
        Router::new(&trays, &settings)
    }

    fn ep(x: f64, y: f64, h: f64) -> Endpoint {
        Endpoint { pos_m: DVec2::new(x, y), port_height_m: h }
    }

    #[test]
    fn stock_lengths_round_up() {
        assert_eq!(stock_length_m(0.2), 0.5);
        assert_eq!(stock_length_m(2.0), 2.0);
        assert_eq!(stock_length_m(2.01), 3.0);
        assert_eq!(stock_length_m(6.0), 7.5);
        assert_eq!(stock_length_m(31.0), 50.0);
        assert_eq!(stock_length_m(501.0), 600.0);
        assert_eq!(stock_length_m(2_345.0), 2_400.0);
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
    fn route_on_the_same_tray_is_manhattan_plus_drops() {
        // Both racks under the tray at y = 2.4, 10 m apart, ports at 1.2 m under a 3.0 m tray:
        // drops 1.8 + 1.8, run 10, allowances 2 × 0.5, slack 0.5 → 15.1 m.
        let r = router(6.0, 2.4);
        let l = r.route_m(ep(1.0, 2.4, 1.2), ep(11.0, 2.4, 1.2));
        assert!((l - 15.1).abs() < 1e-9, "{l}");
        assert_eq!(stock_length_m(l), 20.0);
    }

    #[test]
    fn route_between_parallel_trays_detours_to_a_crossing_tray() {
        // Trays along x at y = 0 and y = 2.4; crossing trays along y at x = 0, 6, 12…
        // Points at x = 1 and x = 2 on different x-trays: no crossing tray between x = 1 and 2, so the route
        // goes to x = 0 and back: |dx| 1 + |dy| 2.4 + detour 2 × 1 = 5.4.
        let r = router(6.0, 2.4);
        let h = r.horizontal_m(DVec2::new(1.0, 0.0), DVec2::new(2.0, 2.4));
        assert!((h - 5.4).abs() < 1e-9, "{h}");
        // With a crossing tray between them (x = 6 lies in [5, 7]) the path is plain Manhattan.
        let h = r.horizontal_m(DVec2::new(5.0, 0.0), DVec2::new(7.0, 2.4));
        assert!((h - 4.4).abs() < 1e-9, "{h}");
    }

    #[test]
    fn route_includes_run_to_the_nearest_tray() {
        // A point 0.5 m off the x-tray at y = 0: 0.5 m lateral at that end.
        let r = router(6.0, 2.4);
        let h = r.horizontal_m(DVec2::new(1.0, 0.5), DVec2::new(4.0, 0.0));
        assert!((h - 3.5).abs() < 1e-9, "{h}");
    }

    #[test]
    fn same_rack_needs_no_tray() {
        let r = router(6.0, 2.4);
        assert!((r.route_m(ep(1.0, 1.0, 1.2), ep(1.0, 1.0, 1.8)) - 2.1).abs() < 1e-9);
    }

    #[test]
    fn tally_counts_media_tiers_and_transceivers() {
        let mut t = CableTally::default();
        t.add(Tier::NodeLeaf, 10, 2.5, ItemId(1), ItemId(2)); // 3 m DAC
        t.add(Tier::LeafSpine, 4, 40.0, ItemId(2), ItemId(3)); // 50 m MM
        t.add(Tier::SpineCore, 1, 2_500.0, ItemId(3), ItemId(4)); // beyond reach
        let (r, beyond) = t.finish();
        assert_eq!(r.count, 15);
        assert_eq!((r.by_tier.node_leaf, r.by_tier.leaf_spine, r.by_tier.spine_core), (10, 4, 1));
        assert!((r.total_length_m - (30.0 + 200.0 + 2_500.0)).abs() < 1e-9);
        assert_eq!(r.longest_m, 2_500.0);
        assert_eq!(r.longest_link, Some((ItemId(3), ItemId(4))));
        assert_eq!(r.transceivers, 8);
        assert_eq!(r.beyond_reach, 1);
        assert_eq!(r.by_media["passive_copper"].count, 10);
        assert_eq!(r.by_media["multimode"].count, 4);
        assert_eq!(beyond, vec![ItemId(3), ItemId(4)]);
        assert_eq!(
            r.by_length.iter().map(|b| (b.length_m, b.count)).collect::<Vec<_>>(),
            vec![(3.0, 10), (50.0, 4), (2_500.0, 1)]
        );
    }
}
