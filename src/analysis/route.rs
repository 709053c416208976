//! Cable routes along the hall's tray network (shared/reference/domain.md §4, "length-estimation rule").
//!
//! The trays are the hall's tray grid clipped to the walls: trays along x at `offset_y_m + k × pitch_y_m` and
//! along y at `offset_x_m + k × pitch_x_m`, each spanning the hall, so every pair of crossing trays meets
//! inside it. A no-go zone cuts the tray segments that run through it.
//!
//! A rack joins the network at the nearest tray in each of the four directions (the tray above or below it,
//! left or right of it); a route takes the shortest path over every combination of those joins, along any
//! trays and crossings, so a rack between two trays uses whichever gives the shorter cable.
//!
//! Length = vertical run at each end (|tray height − port height|, up to overhead trays or down to under-floor
//! ones) + run from the rack to its tray at each end + shortest path along the trays + in-rack allowance at each
//! end, plus slack = max(fixed slack, percentage of that run); then rounded up to a stock length by the tally.
//!
//! Without no-go cuts the path along a full grid has a closed form (Manhattan distance, plus a detour to the
//! nearest crossing tray when both ends sit on parallel trays with none between them). With cuts, the router
//! runs Dijkstra over the tray crossings, once per switch rack, and keeps the distances for every route to it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use glam::DVec2;
use rustc_hash::FxHashMap;

use crate::model::{Hall, ObstacleKind};

/// Most tray crossings the router builds a graph over; a hall with more (a hostile pitch of 0.3 m over
/// kilometres) routes as if no zone cut its trays, and says so.
const MAX_GRAPH_NODES: usize = 1_000_000;
/// Most node visits the Dijkstra runs of one router may make before the rest route as if nothing were cut (the
/// analysis has two: node → leaf, and the switch tiers).
const MAX_GRAPH_WORK: u64 = 100_000_000;
/// Most distances kept for reuse (one per crossing per switch rack) before the cache starts over.
const MAX_CACHED_DISTANCES: usize = 16_000_000;
/// Trays tried on each side of a rack when the nearest ones are cut where it would join them.
const MAX_CUT_SKIP: usize = 8;
/// Geometric tolerance in metres.
const EPS_M: f64 = 1e-9;

/// Which way a tray runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Axis {
    /// Along x, at a fixed y (an index into `ys`).
    AlongX,
    /// Along y, at a fixed x (an index into `xs`).
    AlongY,
}

/// Where a rack joins a tray.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Join {
    axis: Axis,
    /// The tray: index into `ys` (along x) or `xs` (along y).
    line: u32,
    /// Position along the tray: x for a tray along x, y for a tray along y.
    at: f64,
    /// Run from the rack's centre to this join, off the tray.
    lateral_m: f64,
}

/// One end of a link prepared for routing: where its rack stands and where it can join the trays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoutePoint {
    pos: DVec2,
    joins: [Join; 4],
    count: u8,
    /// Cache key for the graph router (0: do not cache; switch racks use their item index + 1).
    key: u32,
}

impl RoutePoint {
    /// Off-tray run to the nearest tray the rack can join (infinite when it can join none).
    pub fn tray_distance_m(&self) -> f64 {
        self.joins[..usize::from(self.count)].iter().map(|j| j.lateral_m).fold(f64::INFINITY, f64::min)
    }

    /// Centre of the rack.
    pub fn pos(&self) -> DVec2 {
        self.pos
    }

    fn joins(&self) -> &[Join] {
        &self.joins[..usize::from(self.count)]
    }
}

/// The tray segments cut by no-go zones, and the crossings they connect.
#[derive(Debug)]
struct Cuts {
    /// `along_x[j × (nx + 1) + k]`: segment k of the tray along x at `ys[j]` is cut. Segment k runs from
    /// crossing k − 1 (or the wall) to crossing k (or the wall).
    along_x: Vec<bool>,
    /// `along_y[i × (ny + 1) + k]`: segment k of the tray along y at `xs[i]` is cut.
    along_y: Vec<bool>,
}

/// Routes links along a hall's trays.
#[derive(Debug)]
pub struct Router {
    /// x of the trays along y, ascending, inside the hall.
    xs: Vec<f64>,
    /// y of the trays along x, ascending, inside the hall.
    ys: Vec<f64>,
    /// Spacing of `xs` and of `ys`.
    pitch: DVec2,
    size: DVec2,
    tray_height_m: f64,
    allowance_m: f64,
    slack_m: f64,
    slack_fraction: f64,
    cuts: Option<Cuts>,
    /// Distances from a switch rack's joins to every crossing, by its key (shared by the analysis' threads).
    cache: Mutex<FxHashMap<u32, Arc<Vec<f64>>>>,
    /// Node visits left for Dijkstra.
    work: AtomicU64,
    /// True once some route ignored the cuts (graph too large or the work budget spent).
    cuts_ignored: AtomicBool,
}

/// Tray positions `offset + k × pitch` that lie in `[0, extent]`.
fn lines_in(offset: f64, pitch: f64, extent: f64) -> Vec<f64> {
    if pitch <= 0.0 || !pitch.is_finite() {
        return Vec::new();
    }
    let first = ((0.0 - offset) / pitch - EPS_M).ceil() as i64;
    let last = ((extent - offset) / pitch + EPS_M).floor() as i64;
    (first..=last).map(|k| offset + k as f64 * pitch).filter(|v| *v >= -EPS_M && *v <= extent + EPS_M).collect()
}

/// Index of the first of `lines` (ascending, `pitch` apart) at or past `v` (within the tolerance): the same as
/// `lines.partition_point(|&l| l < v - EPS_M)`, found by arithmetic and checked against the stored values.
fn first_from(lines: &[f64], pitch: f64, v: f64) -> usize {
    let (Some(&first), true) = (lines.first(), pitch > 0.0) else { return 0 };
    let guess = -super::cables::floor_fast(-((v - EPS_M - first) / pitch));
    let mut i = guess.clamp(0.0, lines.len() as f64) as usize;
    while i > 0 && lines[i - 1] >= v - EPS_M {
        i -= 1;
    }
    while i < lines.len() && lines[i] < v - EPS_M {
        i += 1;
    }
    i
}

/// Extra run to reach a crossing tray when `[lo, hi]` holds none of `lines` (`pitch` apart): twice the gap to
/// the nearest.
fn detour(lines: &[f64], pitch: f64, lo: f64, hi: f64) -> f64 {
    let i = first_from(lines, pitch, lo);
    if i < lines.len() && lines[i] <= hi + EPS_M {
        return 0.0;
    }
    let above = lines.get(i).map_or(f64::INFINITY, |&v| v - hi);
    let below = if i > 0 { lo - lines[i - 1] } else { f64::INFINITY };
    2.0 * above.min(below)
}

/// Marks the segments of the trays at `lines` (running along the other axis, crossed at `cross`, `extent`
/// long) that run through a zone spanning `across` (on the trays' own axis of position) and `along`; true if any.
/// `cut[line × (cross.len() + 1) + k]` is segment k of a tray.
fn cut_axis(
    lines: &[f64],
    cross: &[f64],
    extent: f64,
    across: (f64, f64),
    along: (f64, f64),
    cut: &mut [bool],
) -> bool {
    let stride = cross.len() + 1;
    let mut any = false;
    for (line, &v) in lines.iter().enumerate() {
        // Trays strictly inside the zone's span, over segments that overlap it.
        if v <= across.0 + EPS_M || v >= across.1 - EPS_M {
            continue;
        }
        for k in segment(cross, along.0)..=segment(cross, along.1).min(cross.len()) {
            let a = if k == 0 { 0.0 } else { cross[k - 1] };
            let b = if k == cross.len() { extent } else { cross[k] };
            if a < along.1 - EPS_M && b > along.0 + EPS_M {
                cut[line * stride + k] = true;
                any = true;
            }
        }
    }
    any
}

/// Segment index of position `v` on a tray crossed at `cross` (ascending): segment k lies between crossings
/// k − 1 and k.
fn segment(cross: &[f64], v: f64) -> usize {
    cross.partition_point(|&c| c < v - EPS_M)
}

impl Router {
    /// A router for a hall's trays, no-go zones and cable settings.
    pub fn new(hall: &Hall) -> Self {
        let t = &hall.trays;
        let xs = lines_in(t.offset_x_m, t.pitch_x_m, hall.width_m);
        let ys = lines_in(t.offset_y_m, t.pitch_y_m, hall.depth_m);
        let s = &hall.settings;
        let mut router = Self {
            xs,
            ys,
            pitch: DVec2::new(t.pitch_x_m, t.pitch_y_m),
            size: DVec2::new(hall.width_m, hall.depth_m),
            tray_height_m: t.height_m,
            allowance_m: s.rack_allowance_m,
            slack_m: s.cable_slack_m,
            slack_fraction: s.cable_slack_percent / 100.0,
            cuts: None,
            cache: Mutex::default(),
            work: AtomicU64::new(MAX_GRAPH_WORK),
            cuts_ignored: AtomicBool::new(false),
        };
        let zones: Vec<(DVec2, DVec2)> = hall
            .obstacles
            .iter()
            .filter(|o| o.kind == ObstacleKind::NoGo)
            .map(|o| (DVec2::new(o.x_m, o.y_m), DVec2::new(o.x_m + o.width_m, o.y_m + o.depth_m)))
            .collect();
        if !zones.is_empty() {
            router.cuts = router.cut(&zones);
        }
        router
    }

    /// Marks the segments that run through a zone; None when no segment does (or the grid is too large).
    fn cut(&self, zones: &[(DVec2, DVec2)]) -> Option<Cuts> {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        if nx.saturating_mul(ny) > MAX_GRAPH_NODES {
            self.cuts_ignored.store(true, Ordering::Relaxed);
            return None;
        }
        let mut along_x = vec![false; ny * (nx + 1)];
        let mut along_y = vec![false; nx * (ny + 1)];
        let mut any = false;
        for &(min, max) in zones {
            any |= cut_axis(&self.ys, &self.xs, self.size.x, (min.y, max.y), (min.x, max.x), &mut along_x);
            any |= cut_axis(&self.xs, &self.ys, self.size.y, (min.x, max.x), (min.y, max.y), &mut along_y);
        }
        any.then_some(Cuts { along_x, along_y })
    }

    fn join_cut(&self, cuts: &Cuts, j: &Join) -> bool {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        match j.axis {
            Axis::AlongX => cuts.along_x[j.line as usize * (nx + 1) + segment(&self.xs, j.at)],
            Axis::AlongY => cuts.along_y[j.line as usize * (ny + 1) + segment(&self.ys, j.at)],
        }
    }

    /// Prepares a rack centred at `pos_m` for routing; `key` names it for reuse of graph distances (0: none).
    pub fn point(&self, pos_m: DVec2, key: u32) -> RoutePoint {
        let q = pos_m.clamp(DVec2::ZERO, self.size);
        let outside = (pos_m - q).abs();
        let base = outside.x + outside.y;
        let none = Join { axis: Axis::AlongX, line: 0, at: 0.0, lateral_m: f64::INFINITY };
        let mut p = RoutePoint { pos: pos_m, joins: [none; 4], count: 0, key };
        let mut push = |j: Join| -> bool {
            if self.cuts.as_ref().is_some_and(|c| self.join_cut(c, &j)) {
                return false;
            }
            p.joins[usize::from(p.count)] = j;
            p.count += 1;
            true
        };
        // The nearest tray at or below / at or above the rack on each axis whose segment there is not cut
        // (a few trays further out when it is).
        for (axis, lines, pitch, v, at) in
            [(Axis::AlongX, &self.ys, self.pitch.y, q.y, q.x), (Axis::AlongY, &self.xs, self.pitch.x, q.x, q.y)]
        {
            let i = first_from(lines, pitch, v);
            if self.cuts.is_none() {
                // Nothing cut: the tray at or past the rack, and unless the rack is under it, the one before.
                let join =
                    |line: usize| Join { axis, line: line as u32, at, lateral_m: base + (lines[line] - v).abs() };
                let under_tray = i < lines.len() && (lines[i] - v).abs() <= EPS_M;
                if i < lines.len() {
                    push(join(i));
                }
                if i > 0 && !under_tray {
                    push(join(i - 1));
                }
                continue;
            }
            // Under a tray, its cables go up into that one; only when it is cut there do they look below.
            let mut under_tray = false;
            for line in (i..lines.len()).take(MAX_CUT_SKIP) {
                let j = Join { axis, line: line as u32, at, lateral_m: base + (lines[line] - v).abs() };
                if push(j) {
                    under_tray = (lines[line] - v).abs() <= EPS_M;
                    break;
                }
            }
            if under_tray {
                continue;
            }
            for line in (0..i).rev().take(MAX_CUT_SKIP) {
                let j = Join { axis, line: line as u32, at, lateral_m: base + (lines[line] - v).abs() };
                if push(j) {
                    break;
                }
            }
        }
        p
    }

    /// Path along a full grid between two joins.
    fn grid(&self, a: &Join, b: &Join) -> f64 {
        let (xs, ys) = (&self.xs, &self.ys);
        match (a.axis, b.axis) {
            (Axis::AlongX, Axis::AlongX) if a.line == b.line => (a.at - b.at).abs(),
            (Axis::AlongY, Axis::AlongY) if a.line == b.line => (a.at - b.at).abs(),
            (Axis::AlongX, Axis::AlongX) => {
                (ys[a.line as usize] - ys[b.line as usize]).abs()
                    + (a.at - b.at).abs()
                    + detour(xs, self.pitch.x, a.at.min(b.at), a.at.max(b.at))
            }
            (Axis::AlongY, Axis::AlongY) => {
                (xs[a.line as usize] - xs[b.line as usize]).abs()
                    + (a.at - b.at).abs()
                    + detour(ys, self.pitch.y, a.at.min(b.at), a.at.max(b.at))
            }
            (Axis::AlongX, Axis::AlongY) => (a.at - xs[b.line as usize]).abs() + (ys[a.line as usize] - b.at).abs(),
            (Axis::AlongY, Axis::AlongX) => (ys[b.line as usize] - a.at).abs() + (xs[a.line as usize] - b.at).abs(),
        }
    }

    /// Horizontal run between two racks: to the trays at each end and the shortest path along them. Racks that
    /// can join no tray run straight across the floor (Manhattan); the analysis warns about them.
    pub fn horizontal_between(&self, a: &RoutePoint, b: &RoutePoint) -> f64 {
        if a.count == 0 || b.count == 0 {
            let d = (a.pos - b.pos).abs();
            return d.x + d.y;
        }
        if self.cuts.is_some()
            && let Some(h) = self.horizontal_cut(a, b)
        {
            return h;
        }
        // No path is shorter than the straight Manhattan run between the points where the racks meet the hall
        // (plus any run from outside it); joins on crossing trays (no detour to find) go first, and the search
        // stops as soon as a path reaches that bound — most routes in a gridded hall do at once.
        let bound = self.lower_bound(a, b);
        let mut best = f64::INFINITY;
        for crossing in [true, false] {
            for ja in a.joins() {
                for jb in b.joins() {
                    if (ja.axis != jb.axis) != crossing {
                        continue;
                    }
                    let lateral = ja.lateral_m + jb.lateral_m;
                    if lateral >= best {
                        continue;
                    }
                    best = best.min(lateral + self.grid(ja, jb));
                    if best <= bound + EPS_M {
                        return best;
                    }
                }
            }
        }
        if best.is_finite() {
            best
        } else {
            let d = (a.pos - b.pos).abs();
            d.x + d.y
        }
    }

    /// Manhattan distance between the racks' points in the hall plus their runs from outside it: no route
    /// along the trays is shorter.
    fn lower_bound(&self, a: &RoutePoint, b: &RoutePoint) -> f64 {
        let (ca, cb) = (a.pos.clamp(DVec2::ZERO, self.size), b.pos.clamp(DVec2::ZERO, self.size));
        let outside = (a.pos - ca).abs() + (b.pos - cb).abs();
        let d = (ca - cb).abs();
        d.x + d.y + outside.x + outside.y
    }

    /// Crossing index and position.
    fn node(&self, i: usize, j: usize) -> usize {
        j * self.xs.len() + i
    }

    /// The crossings at the ends of a join's segment, with the run to each.
    fn ends(&self, cuts: &Cuts, jn: &Join) -> [(usize, f64); 2] {
        let _ = cuts;
        let mut out = [(usize::MAX, 0.0); 2];
        let (line, cross) = match jn.axis {
            Axis::AlongX => (jn.line as usize, &self.xs),
            Axis::AlongY => (jn.line as usize, &self.ys),
        };
        let k = segment(cross, jn.at);
        let node = |c: usize| match jn.axis {
            Axis::AlongX => self.node(c, line),
            Axis::AlongY => self.node(line, c),
        };
        if k > 0 {
            out[0] = (node(k - 1), jn.at - cross[k - 1]);
        }
        if k < cross.len() {
            out[1] = (node(k), cross[k] - jn.at);
        }
        out
    }

    /// Shortest path over the cut network, or None when the budget is spent (the caller then ignores the cuts).
    fn horizontal_cut(&self, a: &RoutePoint, b: &RoutePoint) -> Option<f64> {
        let cuts = self.cuts.as_ref()?;
        let mut best = f64::INFINITY;
        // Both joins on one segment: straight along it.
        for ja in a.joins() {
            for jb in b.joins() {
                let same_segment = ja.axis == jb.axis
                    && ja.line == jb.line
                    && match ja.axis {
                        Axis::AlongX => segment(&self.xs, ja.at) == segment(&self.xs, jb.at),
                        Axis::AlongY => segment(&self.ys, ja.at) == segment(&self.ys, jb.at),
                    };
                if same_segment {
                    best = best.min(ja.lateral_m + jb.lateral_m + (ja.at - jb.at).abs());
                }
            }
        }
        let dist = self.distances(cuts, b)?;
        for ja in a.joins() {
            for (node, run) in self.ends(cuts, ja) {
                if node != usize::MAX {
                    best = best.min(ja.lateral_m + run + dist.get(node).copied().unwrap_or(f64::INFINITY));
                }
            }
        }
        Some(if best.is_finite() {
            best
        } else {
            let d = (a.pos - b.pos).abs();
            d.x + d.y
        })
    }

    /// Forgets the distances kept for the rack with this key (it moved).
    pub fn forget(&self, key: u32) {
        if key != 0 {
            self.cache.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
        }
    }

    /// True when no-go zones cut some tray segment (routes then search the tray graph).
    pub fn has_cuts(&self) -> bool {
        self.cuts.is_some()
    }

    /// True once some route ignored the cuts (graph too large or the work budget spent).
    pub fn cuts_ignored(&self) -> bool {
        self.cuts_ignored.load(Ordering::Relaxed)
    }

    /// Distances from `b`'s joins to every crossing, cached by `b`'s key.
    fn distances(&self, cuts: &Cuts, b: &RoutePoint) -> Option<Arc<Vec<f64>>> {
        let key = b.key;
        let cache = || self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if key != 0
            && let Some(d) = cache().get(&key)
        {
            return Some(Arc::clone(d));
        }
        let dist = Arc::new(self.dijkstra(cuts, b)?);
        if key != 0 {
            let mut cache = cache();
            if cache.len().saturating_mul(dist.len()) > MAX_CACHED_DISTANCES {
                cache.clear();
            }
            cache.insert(key, Arc::clone(&dist));
        }
        Some(dist)
    }

    fn dijkstra(&self, cuts: &Cuts, b: &RoutePoint) -> Option<Vec<f64>> {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        // Claim the whole grid's worth of visits up front; what the run does not use is given back.
        let claim = (nx * ny) as u64;
        if self.work.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |w| w.checked_sub(claim)).is_err() {
            self.cuts_ignored.store(true, Ordering::Relaxed);
            return None;
        }
        let mut dist = vec![f64::INFINITY; nx * ny];
        let mut heap = BinaryHeap::new();
        for jb in b.joins() {
            for (node, run) in self.ends(cuts, jb) {
                if node != usize::MAX && jb.lateral_m + run < dist[node] {
                    dist[node] = jb.lateral_m + run;
                    heap.push(Reverse((dist[node].to_bits(), node)));
                }
            }
        }
        let mut visits = 0_u64;
        while let Some(Reverse((bits, node))) = heap.pop() {
            let d = f64::from_bits(bits);
            if d > dist[node] {
                continue;
            }
            visits += 1;
            let (i, j) = (node % nx, node / nx);
            let mut relax = |to: usize, len: f64, dist: &mut Vec<f64>| {
                if d + len < dist[to] {
                    dist[to] = d + len;
                    heap.push(Reverse((dist[to].to_bits(), to)));
                }
            };
            // Along x (tray at ys[j]): segment i joins crossing i − 1 and i.
            if i > 0 && !cuts.along_x[j * (nx + 1) + i] {
                relax(node - 1, self.xs[i] - self.xs[i - 1], &mut dist);
            }
            if i + 1 < nx && !cuts.along_x[j * (nx + 1) + i + 1] {
                relax(node + 1, self.xs[i + 1] - self.xs[i], &mut dist);
            }
            if j > 0 && !cuts.along_y[i * (ny + 1) + j] {
                relax(node - nx, self.ys[j] - self.ys[j - 1], &mut dist);
            }
            if j + 1 < ny && !cuts.along_y[i * (ny + 1) + j + 1] {
                relax(node + nx, self.ys[j + 1] - self.ys[j], &mut dist);
            }
        }
        self.work.fetch_add(claim.saturating_sub(visits.max(1)), Ordering::Relaxed);
        Some(dist)
    }

    /// Vertical run between a port and the tray (up to an overhead tray, down to an under-floor one).
    pub fn vertical_m(&self, port_height_m: f64) -> f64 {
        (self.tray_height_m - port_height_m).abs()
    }

    /// A link's routed length before rounding to stock: `horizontal_m` from [`Router::horizontal_between`]
    /// (ignored when both ends are in one rack), ports at `height_a_m` and `height_b_m`.
    pub fn length_m(&self, horizontal_m: f64, same_rack: bool, height_a_m: f64, height_b_m: f64) -> f64 {
        let run = if same_rack {
            (height_a_m - height_b_m).abs()
        } else {
            self.vertical_m(height_a_m) + self.vertical_m(height_b_m) + horizontal_m
        } + 2.0 * self.allowance_m;
        run + self.slack_m.max(self.slack_fraction * run)
    }

    /// Routed length of one link between two prepared racks with ports at the given heights.
    pub fn route_m(&self, a: &RoutePoint, height_a_m: f64, b: &RoutePoint, height_b_m: f64) -> f64 {
        let same = a.pos == b.pos;
        let h = if same { 0.0 } else { self.horizontal_between(a, b) };
        self.length_m(h, same, height_a_m, height_b_m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CableTrays, HallSettings, Obstacle};

    fn hall(w: f64, d: f64, pitch_x: f64, pitch_y: f64) -> Hall {
        Hall {
            width_m: w,
            depth_m: d,
            trays: CableTrays {
                height_m: 3.0,
                pitch_x_m: pitch_x,
                pitch_y_m: pitch_y,
                offset_x_m: 0.0,
                offset_y_m: 0.0,
            },
            settings: HallSettings {
                cable_slack_m: 0.5,
                cable_slack_percent: 0.0,
                rack_allowance_m: 0.5,
                ..HallSettings::default()
            },
            ..Hall::default()
        }
    }

    fn h(r: &Router, a: (f64, f64), b: (f64, f64)) -> f64 {
        r.horizontal_between(&r.point(DVec2::new(a.0, a.1), 0), &r.point(DVec2::new(b.0, b.1), 0))
    }

    #[test]
    fn first_line_by_arithmetic_matches_the_search() {
        // Pitches that are not exact in binary, offsets on both sides, points on, beside and past every line.
        for (offset, pitch, extent) in [(0.0, 6.0, 60.0), (0.3, 2.4, 100.0), (-1.7, 0.7, 33.3), (5.0, 1e-3, 0.5)] {
            let lines = lines_in(offset, pitch, extent);
            let mut points: Vec<f64> = (-20..=2_000).map(|k| f64::from(k) * extent / 1_900.0).collect();
            for &l in &lines {
                points.extend([l, l - EPS_M, l - 2.0 * EPS_M, l + EPS_M, l.next_up(), l.next_down()]);
            }
            for v in points {
                let searched = lines.partition_point(|&l| l < v - EPS_M);
                assert_eq!(first_from(&lines, pitch, v), searched, "offset {offset} pitch {pitch} at {v}");
            }
        }
        assert_eq!(first_from(&[], 6.0, 3.0), 0);
        assert_eq!(first_from(&[0.0, 6.0], 6.0, f64::NAN), 0);
    }

    #[test]
    fn lines_are_clipped_to_the_hall() {
        assert_eq!(lines_in(0.0, 6.0, 20.0), vec![0.0, 6.0, 12.0, 18.0]);
        assert_eq!(lines_in(-1.0, 6.0, 12.0), vec![5.0, 11.0]);
        assert_eq!(lines_in(31.0, 6.0, 20.0), vec![1.0, 7.0, 13.0, 19.0]);
        assert!(lines_in(5.0, 100.0, 3.0).is_empty());
    }

    #[test]
    fn same_tray_is_the_straight_run() {
        // Both racks under the tray at y = 2.4, 10 m apart: run 10; ports at 1.2 m under a 3.0 m tray:
        // 1.8 + 1.8 up, allowances 2 × 0.5, slack 0.5 → 15.1 m.
        let r = Router::new(&hall(30.0, 20.0, 6.0, 2.4));
        let (a, b) = (r.point(DVec2::new(1.0, 2.4), 0), r.point(DVec2::new(11.0, 2.4), 0));
        assert!((r.route_m(&a, 1.2, &b, 1.2) - 15.1).abs() < 1e-9);
    }

    #[test]
    fn parallel_trays_detour_to_a_crossing() {
        // Trays along x at y = 0 and 2.4, along y at x = 0, 6, 12. (1, 0) to (2, 2.4): no crossing tray
        // between x = 1 and 2, so via x = 0: 1 + 2.4 + 2 × 1 = 5.4. But (2, 2.4) can also join the tray along y
        // at x = 0 (2 m off): 1 (to x = 0) + 2.4 (up) + 2 (lateral) = 5.4 — the same; nothing shorter exists.
        let r = Router::new(&hall(30.0, 20.0, 6.0, 2.4));
        assert!((h(&r, (1.0, 0.0), (2.0, 2.4)) - 5.4).abs() < 1e-9);
        // With a crossing tray between them (x = 6 in [5, 7]) the path is plain Manhattan.
        assert!((h(&r, (5.0, 0.0), (7.0, 2.4)) - 4.4).abs() < 1e-9);
    }

    #[test]
    fn shortest_route_beats_the_nearest_tray() {
        // Trays along x at y = 0 and y = 32 (pitch 32), along y at x = 0 and x = 100 (pitch 100), hall 100 × 32.
        // Rack A at (50, 12): nearest tray is y = 0 (12 m); rack B at (50, 20): nearest is y = 32 (12 m).
        // Nearest-tray routing: 12 + along y=0 to x = 0 (50) + up x = 0 (32) + back along y = 32 (50) + 12 = 156.
        // Shortest: A joins y = 32 (20 m off) and runs along it to B's join at x = 50: 20 + 0 + 12 = 32.
        let r = Router::new(&hall(100.0, 32.0, 100.0, 32.0));
        assert!((h(&r, (50.0, 12.0), (50.0, 20.0)) - 32.0).abs() < 1e-9);
    }

    #[test]
    fn trays_outside_the_hall_are_never_used() {
        // Hall 10 m wide, trays along y every 6 m from x = 0: x = 0 and 6 inside; the grid's x = 12 is outside.
        // From (9.5, 0) on the tray along x at y = 0 to (9.8, 2.4) on the one at y = 2.4, the nearest crossing
        // inside is x = 6: 0.3 + 2.4 + detour 2 × 3.5 = 9.7 (joining x = 6 laterally costs the same: 3.5 + 2.4
        // + 3.8). An unclipped grid would have crossed at x = 12: 0.3 + 2.4 + 2 × 2.2 = 7.1.
        let r = Router::new(&hall(10.0, 20.0, 6.0, 2.4));
        assert!((h(&r, (9.5, 0.0), (9.8, 2.4)) - 9.7).abs() < 1e-9);
        let wide = Router::new(&hall(10_000.0, 20.0, 6.0, 2.4));
        assert!((h(&wide, (9.5, 0.0), (9.8, 2.4)) - 7.1).abs() < 1e-9);
    }

    #[test]
    fn a_no_go_zone_cuts_the_trays_through_it() {
        // Hall 40 × 10: trays along x at y = 0, 5, 10; along y at x = 0 and 40. A no-go zone over x 18..22,
        // y 3..7 cuts the tray at y = 5 (one segment, x = 0..40). Racks on it at (15, 5) and (25, 5): uncut,
        // 10 m along it. Cut: each joins y = 0 (5 m off), runs 10 m along it: 5 + 10 + 5 = 20; joining the trays
        // along y costs more (15 + 25 or 25 + 15 off the trays).
        let mut hall = hall(40.0, 10.0, 40.0, 5.0);
        let column =
            Obstacle { kind: ObstacleKind::Column, x_m: 18.0, y_m: 3.0, width_m: 4.0, depth_m: 4.0, label: None };
        hall.obstacles.push(column);
        assert!((h(&Router::new(&hall), (15.0, 5.0), (25.0, 5.0)) - 10.0).abs() < 1e-9, "a column cuts nothing");
        hall.obstacles[0].kind = ObstacleKind::NoGo;
        let r = Router::new(&hall);
        let (a, b) = (r.point(DVec2::new(15.0, 5.0), 0), r.point(DVec2::new(25.0, 5.0), 7));
        let got = r.horizontal_between(&a, &b);
        assert!((got - 20.0).abs() < 1e-9, "{got}");
        // The same route again comes from the cached distances.
        assert_eq!(r.horizontal_between(&a, &b), got);
    }

    #[test]
    fn the_graph_agrees_with_the_closed_form_when_nothing_is_cut() {
        // A zone that cuts nothing between crossings still builds the graph: a zone strictly between trays.
        let mut with_zone = hall(37.0, 23.0, 6.0, 2.4);
        with_zone.obstacles.push(Obstacle {
            kind: ObstacleKind::NoGo,
            x_m: 36.5,
            y_m: 22.9,
            width_m: 0.4,
            depth_m: 0.05,
            label: None,
        });
        let plain = Router::new(&hall(37.0, 23.0, 6.0, 2.4));
        let mut graph = Router::new(&with_zone);
        // Force the graph with an empty cut set.
        let (nx, ny) = (graph.xs.len(), graph.ys.len());
        graph.cuts = Some(Cuts { along_x: vec![false; ny * (nx + 1)], along_y: vec![false; nx * (ny + 1)] });
        let mut seed = 0x2545_f491_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 10_000) as f64 / 10_000.0
        };
        for k in 0..300 {
            let a = DVec2::new(next() * 37.0, next() * 23.0);
            let b = DVec2::new(next() * 37.0, next() * 23.0);
            let want = plain.horizontal_between(&plain.point(a, 0), &plain.point(b, 0));
            let got = graph.horizontal_between(&graph.point(a, 0), &graph.point(b, k + 1));
            assert!((want - got).abs() < 1e-6, "{a} → {b}: closed form {want}, graph {got}");
        }
    }

    #[test]
    fn under_floor_trays_are_a_run_down() {
        // Tray 0.6 m below the floor (−0.6), ports at 1.2 m: 1.8 m down at each end.
        let mut hall = hall(30.0, 20.0, 6.0, 2.4);
        hall.trays.height_m = -0.6;
        let r = Router::new(&hall);
        assert!((r.vertical_m(1.2) - 1.8).abs() < 1e-12);
        // Tray at 0.5 m (a low tray under a raised floor) with ports at 1.2 m: 0.7 m, not 0.
        hall.trays.height_m = 0.5;
        assert!((Router::new(&hall).vertical_m(1.2) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn slack_is_the_larger_of_fixed_and_percent() {
        // Run 100 m (horizontal 96.4 + 1.8 + 1.8 up, no allowance): 10 % is 10 m > 0.5 m → 110 m.
        // A 3 m run: 10 % is 0.3 m < 0.5 m → 3.5 m.
        let mut hall = hall(200.0, 20.0, 6.0, 2.4);
        hall.settings.cable_slack_percent = 10.0;
        hall.settings.rack_allowance_m = 0.0;
        let r = Router::new(&hall);
        assert!((r.length_m(96.4, false, 1.2, 1.2) - 110.0).abs() < 1e-9);
        assert!((r.length_m(0.0, true, 0.2, 3.2) - 3.5).abs() < 1e-9);
    }

    #[test]
    fn a_rack_far_from_trays_knows_its_distance() {
        // One tray along x at y = 0 and along y at x = 0 in a 50 × 50 hall (pitch 100): a rack at (20, 30) is
        // 20 m from the tray along y and 30 m from the one along x.
        let r = Router::new(&hall(50.0, 50.0, 100.0, 100.0));
        assert!((r.point(DVec2::new(20.0, 30.0), 0).tray_distance_m() - 20.0).abs() < 1e-9);
    }
}
