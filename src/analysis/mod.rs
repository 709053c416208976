//! The live model: `analyse(&Layout) -> Report`, a pure function of the document.
//!
//! The designer shows a [`Report`] and the CLI prints the same one; no number is computed anywhere else.
//! Work is linear in items plus rack-to-rack link groups (links between the same two racks share one route),
//! so a 200,000-GPU hall analyses in about a millisecond.

pub mod assign;
pub mod cables;
pub mod compare;
pub mod cooling;
pub mod cost;
pub mod elevation;
pub mod exact;
pub mod fabric;
pub mod floor;
pub mod geometry;
mod gpus;
pub mod live;
pub mod media;
pub mod network;
pub mod networks;
pub mod parts;
pub mod phases;
pub mod power;
pub mod report;
pub mod route;
pub mod rows;
pub mod site;
mod world;

use std::collections::HashMap;

pub use cost::{BomRow, CostReport};
pub use live::{LiveAnalysis, Updated};
pub use parts::PartCount;
pub use power::{ItemPower, item_power_in, item_power_kw};
pub use report::*;

use crate::model::{Catalog, EquipmentType, Item, ItemId, Layout};

/// A failure to analyse the hall under (the designer's what-if).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Failure {
    /// Normal operation.
    #[default]
    None,
    /// Every A feed is lost.
    FeedA,
    /// Every B feed is lost.
    FeedB,
    /// One PDU is lost.
    Pdu(ItemId),
    /// One cooling unit is lost.
    CoolingUnit(ItemId),
    /// One UPS system of the site is lost (by its id): its PDUs with it.
    UpsSystem(u32),
    /// The utility is lost: the site runs on its UPS batteries, storage and generation.
    Utility,
    /// One unit of a bank of site plant is lost (a transformer, genset, battery unit, chiller): the rest of the
    /// bank carries the load.
    PlantUnit(PlantBank),
}

/// A bank of like units of site plant, for the what-if that loses one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlantBank {
    /// A generation bank, by its place in `site.generation`.
    Generation(usize),
    /// A storage bank, by its place in `site.storage`.
    Storage(usize),
    /// The substation transformers.
    Substation,
    /// The MV switchgear lineups.
    MvSwitchgear,
    /// The mechanical feed's unit substations.
    MechanicalFeed,
    /// Heat rejection for the liquid loop.
    Liquid,
    /// Heat rejection for the air.
    Air,
}

impl PlantBank {
    /// The bank in words, e.g. "substation transformer".
    pub fn unit_words(self) -> String {
        match self {
            PlantBank::Generation(i) => format!("generation bank {} unit", i + 1),
            PlantBank::Storage(i) => format!("storage bank {} unit", i + 1),
            PlantBank::Substation => "substation transformer".into(),
            PlantBank::MvSwitchgear => "MV switchgear lineup".into(),
            PlantBank::MechanicalFeed => "mechanical feed unit substation".into(),
            PlantBank::Liquid => "liquid-loop heat rejection unit".into(),
            PlantBank::Air => "air heat rejection unit".into(),
        }
    }

    /// Every bank a site has with a unit to lose.
    pub fn all(site: &crate::model::Site) -> Vec<PlantBank> {
        let mut out: Vec<PlantBank> = (0..site.generation.len()).map(PlantBank::Generation).collect();
        out.extend((0..site.storage.len()).map(PlantBank::Storage));
        out.extend([
            PlantBank::Substation,
            PlantBank::MvSwitchgear,
            PlantBank::MechanicalFeed,
            PlantBank::Liquid,
            PlantBank::Air,
        ]);
        out.retain(|b| b.of(site).is_some_and(|b| b.count > 0));
        out
    }

    /// The bank in a site (None when the site has no such bank).
    pub fn of(self, site: &crate::model::Site) -> Option<&crate::model::UnitBank> {
        match self {
            PlantBank::Generation(i) => site.generation.get(i),
            PlantBank::Storage(i) => site.storage.get(i),
            PlantBank::Substation => site.substation.as_ref(),
            PlantBank::MvSwitchgear => site.mv_switchgear.as_ref(),
            PlantBank::MechanicalFeed => site.mechanical.feed.as_ref(),
            PlantBank::Liquid => site.mechanical.liquid.as_ref(),
            PlantBank::Air => site.mechanical.air.as_ref(),
        }
    }

    /// The same bank, to change.
    pub fn of_mut(self, site: &mut crate::model::Site) -> Option<&mut crate::model::UnitBank> {
        match self {
            PlantBank::Generation(i) => site.generation.get_mut(i),
            PlantBank::Storage(i) => site.storage.get_mut(i),
            PlantBank::Substation => site.substation.as_mut(),
            PlantBank::MvSwitchgear => site.mv_switchgear.as_mut(),
            PlantBank::MechanicalFeed => site.mechanical.feed.as_mut(),
            PlantBank::Liquid => site.mechanical.liquid.as_mut(),
            PlantBank::Air => site.mechanical.air.as_mut(),
        }
    }
}

impl Failure {
    /// A label for the report.
    pub fn label(&self) -> String {
        match self {
            Failure::None => "none".into(),
            Failure::FeedA => "feed A lost".into(),
            Failure::FeedB => "feed B lost".into(),
            Failure::Pdu(id) => format!("PDU {id} lost"),
            Failure::CoolingUnit(id) => format!("cooling unit {id} lost"),
            Failure::UpsSystem(id) => format!("UPS system {id} lost"),
            Failure::Utility => "utility lost".into(),
            Failure::PlantUnit(bank) => format!("one {} lost", bank.unit_words()),
        }
    }
}

/// Analyses a layout in normal operation.
pub fn analyse(layout: &Layout) -> Report {
    analyse_with(layout, &Failure::None)
}

/// The fabric's cable schedule: every group of identical links (which two racks, how many, the length to order,
/// medium and speed), node → leaf first — the links the report counts, listed. The network phase run on its own
/// with its tally recording (the live analysis keeps no list).
pub fn cable_schedule(layout: &Layout) -> Vec<cables::CableGroup> {
    let mut ctx = Ctx::new(layout);
    ctx.record_cables = true;
    network::NetworkState::build(&ctx).take_schedule()
}

/// Items from which the analysis uses a second thread (rayon's pool).
const PARALLEL_MIN_ITEMS: usize = 2_000;

/// Analyses a layout with one failure applied.
pub fn analyse_with(layout: &Layout, failure: &Failure) -> Report {
    LiveAnalysis::new(layout, failure).into_report()
}

/// An item as the phases see it: its type, the switch type it holds and its IT power.
#[derive(Clone, Copy)]
pub(crate) struct Facts<'a> {
    pub item: &'a Item,
    /// None when the catalog lacks the type (`io` refuses such files, so only hand-built layouts).
    pub ty: Option<&'a EquipmentType>,
    pub switch: Option<&'a EquipmentType>,
    /// Typical and peak IT power in kW.
    pub typical_kw: f64,
    pub peak_kw: f64,
}

impl<'a> Facts<'a> {
    /// An item of a layout, its types looked up.
    pub fn of(layout: &'a Layout, item: &'a Item) -> Self {
        let ty = layout.type_of(item);
        let switch = item.switches.as_ref().and_then(|f| layout.catalog.get(&f.model));
        let p = ty.map_or(ItemPower::default(), |ty| item_power_kw(item, ty, switch));
        Self { item, ty, switch, typical_kw: p.typical_kw, peak_kw: p.peak_kw }
    }

    /// The item at `index`, from the context's tables.
    pub fn at(ctx: &Ctx<'a>, index: usize) -> Self {
        let (typical_kw, peak_kw) = ctx.it_power_kw(index);
        Self {
            item: &ctx.layout.items[index],
            ty: ctx.types[index],
            switch: ctx.switch_types[index],
            typical_kw,
            peak_kw,
        }
    }
}

/// Index of a type of `catalog` in `catalog.types`: from its address when it is borrowed from that catalog (as
/// every type the phases see is), else by id.
pub(crate) fn type_slot(catalog: &Catalog, ty: &EquipmentType) -> usize {
    let base = catalog.types.as_ptr() as usize;
    let at = std::ptr::from_ref(ty) as usize;
    let i = at.wrapping_sub(base) / std::mem::size_of::<EquipmentType>().max(1);
    if catalog.types.get(i).is_some_and(|t| std::ptr::eq(t, ty)) {
        return i;
    }
    catalog.types.binary_search_by(|t| t.id.cmp(&ty.id)).unwrap_or(usize::MAX)
}

/// Per-analysis lookups: each item's type and IT power, an id → index map, switch types of network racks.
pub(crate) struct Ctx<'a> {
    pub layout: &'a Layout,
    /// Type of each item (None when the catalog lacks it; `io` refuses such files, so only hand-built layouts).
    pub types: Vec<Option<&'a EquipmentType>>,
    /// Switch type held by each item (network racks only).
    pub switch_types: Vec<Option<&'a EquipmentType>>,
    /// Typical and peak IT power of each item in kW.
    power_kw: Vec<(f64, f64)>,
    ids: IdIndex,
    /// Whether the phases may run on two threads (large halls; the results are the same either way).
    pub parallel: bool,
    /// Keep every cable group (for the cable schedule an export writes; the live analysis does not).
    pub record_cables: bool,
}

enum IdIndex {
    /// Ids are small enough for a table: `table[id]` is the index + 1 (0 = absent).
    Dense(Vec<u32>),
    Map(HashMap<ItemId, usize>),
}

/// Resolves type ids with a small most-recently-used memo: a hall uses a handful of types, so most lookups
/// are one short string comparison instead of a binary search.
struct TypeMemo<'a> {
    catalog: &'a crate::model::Catalog,
    recent: Vec<(&'a str, &'a EquipmentType)>,
}

impl<'a> TypeMemo<'a> {
    fn get(&mut self, id: &crate::model::TypeId) -> Option<&'a EquipmentType> {
        if let Some(pos) = self.recent.iter().position(|(k, _)| *k == id.as_str()) {
            let hit = self.recent[pos].1;
            if pos > 0 {
                self.recent.swap(pos, pos - 1);
            }
            return Some(hit);
        }
        let t = self.catalog.get(id)?;
        if self.recent.len() < 16 {
            self.recent.push((t.id.as_str(), t));
        } else {
            self.recent[15] = (t.id.as_str(), t);
        }
        Some(t)
    }
}

impl<'a> Ctx<'a> {
    #[inline(never)] // a phase of its own in profiles
    pub fn new(layout: &'a Layout) -> Self {
        let n = layout.items.len();
        let parallel = n >= PARALLEL_MIN_ITEMS;
        // Types and power of some items, into vectors with room for `room`; on a large hall the two halves of the
        // items on two threads.
        let resolve = |items: &'a [crate::model::Item], room: usize| {
            let mut memo = TypeMemo { catalog: &layout.catalog, recent: Vec::with_capacity(16) };
            let mut types = Vec::with_capacity(room);
            let mut switch_types = Vec::with_capacity(room);
            let mut power_kw = Vec::with_capacity(room);
            for item in items {
                let ty = memo.get(&item.type_id);
                let sw = item.switches.as_ref().and_then(|f| memo.get(&f.model));
                types.push(ty);
                switch_types.push(sw);
                power_kw.push(ty.map_or((0.0, 0.0), |ty| {
                    let p = power::item_power_kw(item, ty, sw);
                    (p.typical_kw, p.peak_kw)
                }));
            }
            (types, switch_types, power_kw)
        };
        let (types, switch_types, power_kw) = if parallel {
            let (head, tail) = layout.items.split_at(n / 2);
            let (mut first, second) = rayon::join(|| resolve(head, n), || resolve(tail, tail.len()));
            first.0.extend(second.0);
            first.1.extend(second.1);
            first.2.extend(second.2);
            first
        } else {
            resolve(&layout.items, n)
        };
        let max_id = layout.items.iter().map(|i| i.id.0 as usize).max().unwrap_or(0);
        let ids = if max_id <= 4 * n + 1024 {
            let mut table = vec![0_u32; max_id + 1];
            for (i, item) in layout.items.iter().enumerate() {
                let slot = &mut table[item.id.0 as usize];
                // First occurrence wins, as in the map (duplicate ids are refused by `io`).
                if *slot == 0 {
                    *slot = i as u32 + 1;
                }
            }
            IdIndex::Dense(table)
        } else {
            let mut map = HashMap::with_capacity(n);
            for (i, item) in layout.items.iter().enumerate() {
                map.entry(item.id).or_insert(i);
            }
            IdIndex::Map(map)
        };
        Self { layout, types, switch_types, power_kw, ids, parallel, record_cables: false }
    }

    /// Index of the item with this id.
    pub fn index(&self, id: ItemId) -> Option<usize> {
        match &self.ids {
            IdIndex::Dense(table) => table.get(id.0 as usize).and_then(|&i| i.checked_sub(1)).map(|i| i as usize),
            IdIndex::Map(m) => m.get(&id).copied(),
        }
    }

    /// Typical and peak IT power of an item in kW (network racks: the switches they hold).
    pub fn it_power_kw(&self, index: usize) -> (f64, f64) {
        self.power_kw[index]
    }
}

/// Pushes a warning.
pub(crate) fn warn(
    out: &mut Vec<Warning>,
    code: &'static str,
    severity: Severity,
    message: String,
    items: Vec<ItemId>,
) {
    out.push(Warning { code, severity, message, items });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, preset_params};
    use crate::model::{Obstacle, ObstacleKind};

    fn both(layout: &Layout) -> (Report, Report) {
        let mut ctx = Ctx::new(layout);
        assert!(ctx.parallel, "the hall is large enough for two threads ({} items)", layout.items.len());
        let parallel = LiveAnalysis::from_ctx(Ctx::new(layout), &Failure::None).into_report();
        ctx.parallel = false;
        (parallel, LiveAnalysis::from_ctx(ctx, &Failure::None).into_report())
    }

    #[test]
    fn two_threads_give_the_one_thread_report() {
        let mut layout = match preset_params("colossus", Some(60_000), None).and_then(|p| generate(&p)) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        let (parallel, sequential) = both(&layout);
        assert!(parallel.cables.count > 100_000, "a real fabric: {}", parallel.cables.count);
        assert_eq!(parallel, sequential);
        // With a no-go zone across the middle of the hall, routes go round it over the tray graph on both threads.
        let (w, d) = (layout.hall.width_m, layout.hall.depth_m);
        layout.hall.obstacles.push(Obstacle {
            kind: ObstacleKind::NoGo,
            x_m: w * 0.3,
            y_m: d * 0.45,
            width_m: w * 0.4,
            depth_m: 3.0,
            label: None,
        });
        let (parallel_cut, sequential_cut) = both(&layout);
        assert_ne!(parallel_cut.cables.total_length_m, parallel.cables.total_length_m, "the zone lengthens routes");
        assert_eq!(parallel_cut, sequential_cut);
    }
}
