//! Following a move: when an edit only moves racks, the link groups with a moved rack at an end are taken out of
//! the tally as they were and counted again where the racks stand now.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;

use super::super::cables::CableTally;
use super::super::world::World;
use super::links::FarFromTray;
use super::{NetworkState, endpoint, route_key};
use crate::model::{ItemId, SwitchRole};

impl NetworkState {
    /// Follows an edit that only moved racks (GPU, leaf, spine or core racks: nothing else of theirs changed):
    /// the link groups with a moved rack at an end are taken out of the tally as they were and counted again
    /// where the racks stand now. False when the tally cannot follow (the routes ran out of budget or ignored
    /// cut trays, or the longest link went): the caller then builds the state afresh.
    pub fn update_moves(&mut self, before: &World<'_>, after: &World<'_>, moved: &[ItemId]) -> bool {
        if !self.routed_all || self.cuts_ignored {
            return false;
        }
        let layout = after.layout();
        let mut racks: FxHashSet<ItemId> = FxHashSet::default();
        let mut gpu_racks: BTreeSet<ItemId> = BTreeSet::new();
        let mut leaf_sus: FxHashSet<u32> = FxHashSet::default();
        let (mut pods, mut planes): (BTreeSet<(u32, u32)>, BTreeSet<u32>) = (BTreeSet::new(), BTreeSet::new());
        for &id in moved {
            if let Some(&(role, k)) = self.rack_of.get(&id) {
                racks.insert(id);
                match role {
                    SwitchRole::Leaf => {
                        let l = &self.leaves[k as usize];
                        leaf_sus.insert(l.fill.su);
                        pods.insert((l.fill.plane, l.fill.pod));
                    }
                    SwitchRole::Spine => {
                        let s = &self.spines[k as usize];
                        pods.insert((s.fill.plane, s.fill.pod));
                        planes.insert(s.fill.plane);
                    }
                    _ => {
                        planes.insert(self.cores[k as usize].fill.plane);
                    }
                }
            } else if after.facts(id).and_then(|f| f.ty).is_some_and(|t| t.gpu.is_some()) {
                gpu_racks.insert(id);
            }
        }
        // The GPU racks cabled to a moved leaf: every GPU rack of its scalable unit.
        if !leaf_sus.is_empty() {
            for item in &layout.items {
                if leaf_sus.contains(&item.su.unwrap_or(0)) && layout.type_of(item).is_some_and(|t| t.gpu.is_some()) {
                    gpu_racks.insert(item.id);
                }
            }
        }
        let mut tally = std::mem::take(&mut self.tally);
        let mut far = std::mem::take(&mut self.far);
        self.links_of(before, &gpu_racks, &racks, (&pods, &planes), &mut tally, &mut far, -1);
        for &id in &racks {
            let Some(&(role, k)) = self.rack_of.get(&id) else { continue };
            let Some(f) = after.facts(id) else { continue };
            let (pos, _) = endpoint(f.item, f.ty);
            let key = route_key(id);
            self.router.forget(key);
            let at = self.router.point(pos, key);
            let list = match role {
                SwitchRole::Leaf => &mut self.leaves,
                SwitchRole::Spine => &mut self.spines,
                _ => &mut self.cores,
            };
            list[k as usize].at = at;
        }
        self.links_of(after, &gpu_racks, &racks, (&pods, &planes), &mut tally, &mut far, 1);
        self.tally = tally;
        self.far = far;
        if self.tally.longest_lost() || self.router.cuts_ignored() {
            return false;
        }
        // Moving racks changes no link's ends, so no switch's port count.
        self.finish_cables(false);
        true
    }

    /// Adds (`sign` +1) or takes away (−1) the links with a moved rack at an end, as they stand in `world`: the
    /// node → leaf links of `gpu_racks`, and the leaf → spine and spine → core links of the moved switch racks
    /// `racks` (in `pods` and `planes`); notes (or forgets) the racks far from a tray.
    #[allow(clippy::too_many_arguments)]
    fn links_of(
        &self,
        world: &World<'_>,
        gpu_racks: &BTreeSet<ItemId>,
        racks: &FxHashSet<ItemId>,
        (pods, planes): (&BTreeSet<(u32, u32)>, &BTreeSet<u32>),
        tally: &mut CableTally,
        far: &mut FarFromTray,
        sign: i64,
    ) {
        let layout = world.layout();
        let reach = layout.hall.settings.tray_reach_m;
        let router = &self.router;
        for &id in gpu_racks {
            let Some(f) = world.facts(id) else { continue };
            let Some(ty) = f.ty else { continue };
            let Some(gpu) = ty.gpu.as_ref() else { continue };
            let su = f.item.su.unwrap_or(0);
            let rail_leaves: Vec<Option<u32>> =
                (0..gpu.compute_ports_per_server).map(|r| self.leaf_of.get(su, r)).collect();
            let at = router.point(endpoint(f.item, Some(ty)).0, 0);
            if sign > 0 {
                far.note(reach, &at, id);
            } else {
                far.forget(id);
            }
            self.gpu_rack_links(router, f.item, ty, gpu, &at, &rail_leaves, tally, sign);
        }
        for &id in racks {
            let Some(&(role, k)) = self.rack_of.get(&id) else { continue };
            let rack = match role {
                SwitchRole::Leaf => &self.leaves[k as usize],
                SwitchRole::Spine => &self.spines[k as usize],
                _ => &self.cores[k as usize],
            };
            if sign > 0 {
                far.note(reach, &rack.at, id);
            } else {
                far.forget(id);
            }
        }
        for pod in pods {
            let (Some(ls), Some(ss)) = (self.upper.leaves_by_pod.get(pod), self.upper.spines_by_pod.get(pod)) else {
                continue;
            };
            for &lk in ls {
                let l = &self.leaves[lk as usize];
                for &sk in ss {
                    let s = &self.spines[sk as usize];
                    if racks.contains(&l.id) || racks.contains(&s.id) {
                        self.leaf_spine_links(router, l, s, tally, sign);
                    }
                }
            }
        }
        for s in self.spines.iter().filter(|s| planes.contains(&s.fill.plane)) {
            let spine_moved = racks.contains(&s.id);
            self.spine_core_runs(s, |c, links| {
                if spine_moved || racks.contains(&self.cores[c.rack as usize].id) {
                    self.spine_core_links(router, s, (c, links), tally, sign);
                }
            });
        }
    }
}
