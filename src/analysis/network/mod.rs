//! Network: switches placed per tier, the fabric the placed GPU racks need (see [`super::fabric`]), and every
//! placed link's cable.
//!
//! Links follow the fat-tree wiring: rail *r* of every server of SU *s* goes to the leaf rack serving (*s*, *r*);
//! each leaf stripes its uplinks evenly over the spines of its (plane, pod); spine *j* of a pod stripes its
//! uplinks over core group *j* of its plane. Links between the same two racks share one route, so the work is
//! per rack pair, not per cable.
//!
//! The phase keeps what it built ([`NetworkState`]): the switch racks, the wiring tables and one cable tally.
//! When an edit only moves racks, [`NetworkState::update_moves`] takes the moved racks' link groups out of the
//! tally at their old places and counts them again at the new ones; any other change to a GPU or network rack
//! sizes the fabric afresh.
//!
//! `sizing.rs` sizes the fabrics from the placed switches and the GPU demand; `links.rs` wires and cables them;
//! `moves.rs` follows a move.

mod links;
mod moves;
mod sizing;

use rustc_hash::FxHashMap;

use super::cables::CableTally;
use super::parts::End;
use super::route::{RoutePoint, Router};
use super::{CableReport, Ctx, NetworkReport, Warning};
use crate::model::{EquipmentType, Item, ItemId, SwitchFill, SwitchRole, SwitchSpec};
use links::{FarFromTray, LeafIndex, Upper};
use sizing::{Placed, Sized, generations, size_fabrics};

/// Most rack-to-rack routes one analysis computes.
const MAX_ROUTES: u64 = 20_000_000;

/// A network rack's place in the fabric.
#[derive(Clone, Debug)]
struct SwitchRack {
    id: ItemId,
    fill: SwitchFill,
    /// Where its cables meet the trays.
    at: RoutePoint,
    /// Height of its ports.
    port_height_m: f64,
    /// Its switches' figures.
    spec: Option<SwitchSpec>,
    /// Its number among the compute-fabric racks (0, 1, 2…), for counting its transceivers.
    slot: u32,
}

impl SwitchRack {
    /// Ports at `gbps` (2 when the switch type is unknown, which cables nothing beyond one link).
    fn radix(&self, gbps: u32) -> u32 {
        self.spec.as_ref().map_or(2, |s| s.radix_at(gbps)).max(2)
    }

    /// This rack as a link end at `gbps`.
    fn end(&self, gbps: u32) -> End {
        End::Switch {
            rack: self.slot,
            per_cage: self.spec.as_ref().map_or(1, |s| s.links_per_cage(gbps)),
            switches: self.fill.count,
        }
    }
}

/// The route cache key of a switch rack: its id + 1 (0 means "do not cache").
fn route_key(id: ItemId) -> u32 {
    id.0.saturating_add(1)
}

/// The network phase's state: the fabric as sized, the switch racks and their wiring, and the cable tally.
#[derive(Debug)]
pub(crate) struct NetworkState {
    report: NetworkReport,
    /// Warnings about the fabric's size (they change only when it is sized again).
    sizing_warnings: Vec<Warning>,
    speeds: LinkSpeeds,
    leaves: Vec<SwitchRack>,
    spines: Vec<SwitchRack>,
    cores: Vec<SwitchRack>,
    /// Each compute-fabric rack's tier and place in its list.
    rack_of: FxHashMap<ItemId, (SwitchRole, u32)>,
    leaf_of: LeafIndex,
    upper: Upper,
    tally: CableTally,
    far: FarFromTray,
    /// GPU racks with a rail that has no leaf.
    missing: Vec<ItemId>,
    routed_all: bool,
    cuts_ignored: bool,
    /// How far a rack may stand from a tray, metres.
    reach_m: f64,
    /// The router the state re-counts moved racks' links with (its distances over cut trays are kept by rack).
    router: Router,
    cables: CableReport,
    cable_warnings: Vec<Warning>,
    /// Network racks taking more links than their switches have ports (sorted); moves leave it as it is.
    overfull: Vec<ItemId>,
}

impl NetworkState {
    /// Sizes the fabric and counts every link of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> Self {
        let layout = ctx.layout;
        let mut report = NetworkReport::default();
        let mut sizing_warnings = Vec::new();
        let router = Router::new(&layout.hall);
        let placed = Placed::of(ctx, &router, &mut report);
        let groups = generations(ctx);
        let Sized { speeds, .. } = size_fabrics(ctx, &groups, &placed, &mut report, &mut sizing_warnings);
        let Placed { leaves, spines, cores, .. } = placed;
        let mut rack_of = FxHashMap::default();
        for (role, list) in [(SwitchRole::Leaf, &leaves), (SwitchRole::Spine, &spines), (SwitchRole::Core, &cores)] {
            for (k, r) in list.iter().enumerate() {
                rack_of.insert(r.id, (role, k as u32));
            }
        }
        let leaf_of = LeafIndex::new(&speeds, &leaves);
        let upper = Upper::new(&speeds, &leaves, &spines, &cores);
        let mut state = Self {
            report,
            sizing_warnings,
            speeds,
            leaves,
            spines,
            cores,
            rack_of,
            leaf_of,
            upper,
            tally: CableTally::default(),
            far: FarFromTray::default(),
            missing: Vec::new(),
            routed_all: true,
            cuts_ignored: false,
            reach_m: layout.hall.settings.tray_reach_m,
            router,
            cables: CableReport::default(),
            cable_warnings: Vec::new(),
            overfull: Vec::new(),
        };
        state.cable_fabric(ctx);
        state
    }

    /// The cable groups counted (when the context recorded them), node → leaf first.
    pub(crate) fn take_schedule(&mut self) -> Vec<super::cables::CableGroup> {
        self.tally.schedule()
    }

    /// The network and cable sections of the report.
    pub fn reports(&self) -> (&NetworkReport, &CableReport) {
        (&self.report, &self.cables)
    }

    /// The phase's warnings: the fabric's size, then its cabling.
    pub fn write(&self, out: &mut Vec<Warning>) {
        out.extend(self.sizing_warnings.iter().cloned());
        out.extend(self.cable_warnings.iter().cloned());
    }
}

/// Link speed and rails by SU and by plane, for cabling.
#[derive(Debug, Default)]
struct LinkSpeeds {
    by_su: FxHashMap<u32, (u32, u32)>,
    by_plane: FxHashMap<u32, u32>,
    /// True when some generation's fabric was sized (a switch was chosen).
    sized: bool,
    default_gbps: u32,
    default_rails: u32,
}

impl LinkSpeeds {
    fn of_su(&self, su: u32) -> (u32, u32) {
        self.by_su.get(&su).copied().unwrap_or((self.default_gbps, self.default_rails))
    }

    fn of_plane(&self, plane: u32) -> u32 {
        self.by_plane.get(&plane).copied().unwrap_or(self.default_gbps)
    }
}

/// Where an item's cables leave it: its centre and its port height.
fn endpoint(item: &Item, ty: Option<&EquipmentType>) -> (glam::DVec2, f64) {
    match ty {
        Some(ty) => (item.centre_m(ty), ty.port_height_m),
        None => (item.origin_m(), 0.0),
    }
}
