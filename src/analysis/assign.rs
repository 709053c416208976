//! Bulk assignment: each chosen rack gets the nearest PDU (or CDU) that still has room for it. Pure functions
//! of the layout returning the changed items; the designer records them as one undoable step.
//!
//! Loads are counted at peak, the basis equipment capacity is sized on: a PDU carries the whole peak of every
//! rack that takes a feed from it (what it must carry when the other side of a 2N pair is lost), a CDU the peak
//! liquid heat of the racks assigned to it.

use std::collections::{HashMap, HashSet};

use glam::DVec2;

use super::item_power_in;
use crate::model::{CoolingMedium, Item, ItemId, Layout};
use crate::units::PDU_CONTINUOUS_DERATE;

/// Which power feed to assign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedSide {
    /// Feed A.
    A,
    /// Feed B.
    B,
}

impl FeedSide {
    fn get(self, item: &Item) -> Option<ItemId> {
        match self {
            FeedSide::A => item.feed_a,
            FeedSide::B => item.feed_b,
        }
    }

    fn set(self, item: &mut Item, to: Option<ItemId>) {
        match self {
            FeedSide::A => item.feed_a = to,
            FeedSide::B => item.feed_b = to,
        }
    }

    fn other(self) -> Self {
        match self {
            FeedSide::A => FeedSide::B,
            FeedSide::B => FeedSide::A,
        }
    }

    /// "A" or "B".
    pub fn label(self) -> &'static str {
        match self {
            FeedSide::A => "A",
            FeedSide::B => "B",
        }
    }
}

/// What a bulk assignment changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assignment {
    /// The items with their new references.
    pub items: Vec<Item>,
    /// Chosen items that found no unit with room (left as they were).
    pub without_room: usize,
}

fn centre(layout: &Layout, item: &Item) -> DVec2 {
    layout.type_of(item).map_or_else(|| item.origin_m(), |t| item.centre_m(t))
}

/// A unit that can take load: where it is, its capacity and what it carries already.
struct Unit {
    id: ItemId,
    at: DVec2,
    capacity_kw: f64,
    load_kw: f64,
}

/// Picks for each chosen item the nearest unit (by walking distance along x and y) with room for `need_kw`,
/// skipping `exclude`; updates the unit's load.
fn nearest_with_room(units: &mut [Unit], at: DVec2, need_kw: f64, exclude: Option<ItemId>) -> Option<ItemId> {
    let mut best: Option<(f64, usize)> = None;
    for (n, u) in units.iter().enumerate() {
        if Some(u.id) == exclude || u.load_kw + need_kw > u.capacity_kw + 1e-9 {
            continue;
        }
        let d = (u.at - at).abs().element_sum();
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, n));
        }
    }
    let (_, n) = best?;
    units[n].load_kw += need_kw;
    Some(units[n].id)
}

/// Every PDU with its usable capacity and the peak load of the feeds that stay: every feed of the items not
/// chosen, and of the chosen items the sides not being reassigned.
fn pdus_with_load(layout: &Layout, chosen: &HashSet<ItemId>, reassigned: &[FeedSide]) -> Vec<Unit> {
    let pf = layout.hall.settings.power_factor;
    let mut units: Vec<Unit> = Vec::new();
    let mut slot: HashMap<ItemId, usize> = HashMap::new();
    for item in &layout.items {
        if let Some(spec) = layout.type_of(item).and_then(|t| t.pdu.as_ref()) {
            slot.insert(item.id, units.len());
            units.push(Unit {
                id: item.id,
                at: centre(layout, item),
                capacity_kw: spec.capacity_kva * pf * PDU_CONTINUOUS_DERATE,
                load_kw: 0.0,
            });
        }
    }
    for item in &layout.items {
        let peak = item_power_in(layout, item).peak_kw;
        for s in [FeedSide::A, FeedSide::B] {
            let stays = !chosen.contains(&item.id) || !reassigned.contains(&s);
            if stays && let Some(&n) = s.get(item).and_then(|p| slot.get(&p)) {
                units[n].load_kw += peak;
            }
        }
        // A third feed stays as it is, and counts on its PDU.
        if let Some(&n) = item.feed_c.and_then(|p| slot.get(&p)) {
            units[n].load_kw += peak;
        }
    }
    units
}

/// The PDUs some rack takes feed `side` from (a third feed, C, is on side A's path).
fn on_side(layout: &Layout, side: FeedSide, skip: &HashSet<ItemId>) -> HashSet<ItemId> {
    let c = |i: &Item| if side == FeedSide::A { i.feed_c } else { None };
    layout.items.iter().filter(|i| !skip.contains(&i.id)).flat_map(|i| [side.get(i), c(i)]).flatten().collect()
}

/// Picks, for each chosen item that takes power, the nearest unit of `pool` with room, never `avoid(item)`.
fn pick_feeds(
    layout: &Layout,
    ids: &[ItemId],
    pool: &mut [Unit],
    avoid: impl Fn(&Item) -> Option<ItemId>,
) -> (Vec<(ItemId, ItemId)>, usize) {
    let mut picks = Vec::new();
    let mut without_room = 0;
    for &id in ids {
        let Some(item) = layout.index_of(id).map(|i| &layout.items[i]) else { continue };
        if !layout.type_of(item).is_some_and(|t| t.kind.takes_feeds()) {
            continue;
        }
        let peak = item_power_in(layout, item).peak_kw;
        match nearest_with_room(pool, centre(layout, item), peak, avoid(item)) {
            Some(pdu) => picks.push((id, pdu)),
            None => without_room += 1,
        }
    }
    (picks, without_room)
}

/// Gives each of the chosen items that takes power the nearest PDU with room on feed `side`. A PDU already on
/// the other side for any rack is not used: the two sides stay separate, so losing one side never takes a
/// rack's other feed with it.
pub fn assign_feeds(layout: &Layout, ids: &[ItemId], side: FeedSide) -> Assignment {
    let chosen: HashSet<ItemId> = ids.iter().copied().collect();
    let other = on_side(layout, side.other(), &HashSet::new());
    let mut pool: Vec<Unit> =
        pdus_with_load(layout, &chosen, &[side]).into_iter().filter(|u| !other.contains(&u.id)).collect();
    let (picks, without_room) = pick_feeds(layout, ids, &mut pool, |item| side.other().get(item));
    let mut out = Assignment { without_room, ..Assignment::default() };
    for (id, pdu) in picks {
        if let Some(item) = layout.index_of(id).map(|i| &layout.items[i])
            && side.get(item) != Some(pdu)
        {
            let mut changed = item.clone();
            side.set(&mut changed, Some(pdu));
            out.items.push(changed);
        }
    }
    out
}

/// Gives each of the chosen items that takes power two feeds, A and B, from two separate sets of PDUs: a PDU
/// feeding A (or B) of a rack outside the choice stays on that side; the others are dealt to the two sides
/// alternately in floor order (rows, then along them), so each side spreads over the hall. Each rack takes the
/// nearest PDU with room on each side.
pub fn assign_both_feeds(layout: &Layout, ids: &[ItemId]) -> Assignment {
    let chosen: HashSet<ItemId> = ids.iter().copied().collect();
    let a_side = on_side(layout, FeedSide::A, &chosen);
    let b_side = on_side(layout, FeedSide::B, &chosen);
    let mut free: Vec<Unit> = Vec::new();
    let (mut pool_a, mut pool_b) = (Vec::new(), Vec::new());
    for u in pdus_with_load(layout, &chosen, &[FeedSide::A, FeedSide::B]) {
        if a_side.contains(&u.id) {
            pool_a.push(u);
        } else if b_side.contains(&u.id) {
            pool_b.push(u);
        } else {
            free.push(u);
        }
    }
    free.sort_by(|p, q| p.at.y.total_cmp(&q.at.y).then(p.at.x.total_cmp(&q.at.x)));
    for (n, u) in free.into_iter().enumerate() {
        if n % 2 == 0 { pool_a.push(u) } else { pool_b.push(u) }
    }
    let (picks_a, missing_a) = pick_feeds(layout, ids, &mut pool_a, |_| None);
    let (picks_b, missing_b) = pick_feeds(layout, ids, &mut pool_b, |_| None);
    let a: HashMap<ItemId, ItemId> = picks_a.into_iter().collect();
    let b: HashMap<ItemId, ItemId> = picks_b.into_iter().collect();
    let mut out = Assignment { without_room: missing_a.max(missing_b), ..Assignment::default() };
    for &id in ids {
        let Some(item) = layout.index_of(id).map(|i| &layout.items[i]) else { continue };
        let (new_a, new_b) = (a.get(&id).copied().or(item.feed_a), b.get(&id).copied().or(item.feed_b));
        if (new_a, new_b) != (item.feed_a, item.feed_b) {
            let mut changed = item.clone();
            changed.feed_a = new_a;
            changed.feed_b = new_b;
            out.items.push(changed);
        }
    }
    out
}

/// Gives each of the chosen items with liquid heat the nearest floor-standing CDU with room for its peak liquid
/// heat. Items with a unit mounted in them keep it; air-cooled items are left to the room.
pub fn assign_cooling(layout: &Layout, ids: &[ItemId]) -> Assignment {
    let chosen: HashSet<ItemId> = ids.iter().copied().collect();
    let mut units: Vec<Unit> = Vec::new();
    let mut slot: HashMap<ItemId, usize> = HashMap::new();
    for item in &layout.items {
        if let Some(spec) = layout.type_of(item).and_then(|t| t.cooling.as_ref())
            && spec.medium == CoolingMedium::Liquid
            && !spec.mounted
        {
            slot.insert(item.id, units.len());
            units.push(Unit { id: item.id, at: centre(layout, item), capacity_kw: spec.capacity_kw, load_kw: 0.0 });
        }
    }
    let liquid_kw =
        |item: &Item| layout.type_of(item).map_or(0.0, |t| item_power_in(layout, item).peak_kw * t.liquid_fraction);
    for item in layout.items.iter().filter(|i| !chosen.contains(&i.id)) {
        if let Some(&n) = item.cooling.and_then(|c| slot.get(&c)) {
            units[n].load_kw += liquid_kw(item);
        }
    }
    let mut out = Assignment::default();
    for &id in ids {
        let Some(item) = layout.index_of(id).map(|i| &layout.items[i]) else { continue };
        let need = liquid_kw(item);
        let mounted = item
            .cooling
            .and_then(|c| layout.index_of(c))
            .and_then(|i| layout.type_of(&layout.items[i]))
            .is_some_and(|t| !t.occupies_floor());
        if need <= 0.0 || mounted {
            continue;
        }
        match nearest_with_room(&mut units, centre(layout, item), need, None) {
            Some(cdu) if item.cooling != Some(cdu) => {
                let mut changed = item.clone();
                changed.cooling = Some(cdu);
                out.items.push(changed);
            }
            Some(_) => {}
            None => out.without_room += 1,
        }
    }
    out
}
