//! Edits to a layout as values: each one applied returns its inverse, so undo and redo are just more edits
//! and history holds only what changed (bounded memory at any hall size).

use std::collections::BTreeMap;

use super::{Hall, Item, ItemId, Layout};

/// One change to a layout.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Add items (their ids must be free).
    Insert(Vec<Item>),
    /// Remove the items with these ids.
    Remove(Vec<ItemId>),
    /// Replace items by id with new versions (move, rotate, rename, re-feed…).
    Replace(Vec<Item>),
    /// Replace the hall (size, grid, obstacles, trays, settings).
    SetHall(Box<Hall>),
    /// Replace the site (or add or remove it).
    SetSite(Box<Option<super::site::Site>>),
    /// Replace the whole layout (generate, new).
    SetLayout(Box<Layout>),
    /// Rename the design.
    Rename(String),
    /// Replace the phases of the build.
    SetPhases(Vec<super::phase::Phase>),
    /// Replace the document data (project, customer, author, revisions).
    SetDocument(Box<super::document::DocumentInfo>),
    /// Several edits as one step.
    Batch(Vec<Edit>),
}

impl Edit {
    /// True when applying it changes nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Edit::Insert(v) | Edit::Replace(v) => v.is_empty(),
            Edit::Remove(v) => v.is_empty(),
            Edit::Batch(v) => v.iter().all(Edit::is_empty),
            Edit::SetHall(_)
            | Edit::SetSite(_)
            | Edit::SetLayout(_)
            | Edit::Rename(_)
            | Edit::SetPhases(_)
            | Edit::SetDocument(_) => false,
        }
    }

    /// Rough bytes this edit holds, for bounding history memory.
    pub fn size_bytes(&self) -> usize {
        const ITEM: usize = std::mem::size_of::<Item>() + 48;
        match self {
            Edit::Insert(v) | Edit::Replace(v) => v.len() * ITEM,
            Edit::Remove(v) => v.len() * 4,
            Edit::SetHall(h) => std::mem::size_of::<Hall>() + h.obstacles.len() * 64,
            Edit::SetSite(s) => s.as_ref().as_ref().map_or(8, |s| 1024 + (s.ups.len() + s.types.len()) * 256),
            Edit::SetLayout(l) => l.items.len() * ITEM + l.catalog.types.len() * 1024,
            Edit::Rename(name) => name.len(),
            Edit::SetPhases(p) => p.iter().map(|p| 256 + p.items.len() * 4 + p.sus.len() * 4).sum(),
            Edit::SetDocument(d) => 256 + d.revisions.len() * 128,
            Edit::Batch(v) => v.iter().map(Edit::size_bytes).sum(),
        }
    }
}

/// What edits changed in a layout since an earlier state of it: every item they touched, with its value in that
/// state — or "everything" when the hall, the site, the catalog, the prices or the whole layout changed (or too many items
/// to follow one by one). The designer's live analysis brings itself up to date from these.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// Each touched item's value in the earlier state (`None`: it was not there), by id.
    pub before: BTreeMap<ItemId, Option<Item>>,
    /// Something besides items changed, or too many items: start afresh.
    pub everything: bool,
}

impl Changes {
    /// Items followed one by one at most; past this, `everything`.
    pub const MAX_ITEMS: usize = 4096;

    /// Changes to everything.
    pub fn everything() -> Self {
        Self { before: BTreeMap::new(), everything: true }
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.before.is_empty()
    }

    /// Records an applied edit, given the edit that undoes it (which holds what the edit replaced). An item
    /// already recorded keeps its earlier value.
    pub fn record(&mut self, inverse: &Edit) {
        if self.everything {
            return;
        }
        match inverse {
            // Undoing it inserts these: they were there before.
            Edit::Insert(items) | Edit::Replace(items) => {
                for item in items {
                    self.before.entry(item.id).or_insert_with(|| Some(item.clone()));
                }
            }
            // Undoing it removes these: they were not there.
            Edit::Remove(ids) => {
                for &id in ids {
                    self.before.entry(id).or_insert(None);
                }
            }
            Edit::SetHall(_) | Edit::SetSite(_) | Edit::SetLayout(_) => self.everything = true,
            // Phases change no item: the hall's own report is the same (the phases' figures follow the layout).
            Edit::Rename(_) | Edit::SetPhases(_) | Edit::SetDocument(_) => {}
            // An applied batch's inverse lists the undoing edits last-applied first.
            Edit::Batch(edits) => edits.iter().rev().for_each(|e| self.record(e)),
        }
        if self.before.len() > Self::MAX_ITEMS {
            self.everything = true;
        }
        if self.everything {
            self.before.clear();
        }
    }

    /// Adds changes made after these.
    pub fn then(&mut self, later: &Changes) {
        if self.everything || later.everything {
            *self = Self::everything();
            return;
        }
        for (id, value) in &later.before {
            self.before.entry(*id).or_insert_with(|| value.clone());
        }
        if self.before.len() > Self::MAX_ITEMS {
            *self = Self::everything();
        }
    }
}

/// Where an item with this id goes to keep items sorted by id (they are after load and generation).
fn insert_sorted(items: &mut Vec<Item>, item: Item) {
    let at = items.partition_point(|i| i.id < item.id);
    items.insert(at, item);
}

/// Applies an edit and returns the edit that undoes it.
pub fn apply(layout: &mut Layout, edit: Edit) -> Edit {
    match edit {
        Edit::Insert(new) => {
            let ids: Vec<ItemId> = new.iter().map(|i| i.id).collect();
            if new.len() > 64 {
                layout.items.extend(new);
                layout.items.sort_by_key(|i| i.id);
            } else {
                for item in new {
                    insert_sorted(&mut layout.items, item);
                }
            }
            Edit::Remove(ids)
        }
        Edit::Remove(ids) => {
            let mut sorted = ids;
            sorted.sort_unstable();
            let mut removed = Vec::with_capacity(sorted.len());
            layout.items.retain(|i| {
                if sorted.binary_search(&i.id).is_ok() {
                    removed.push(i.clone());
                    false
                } else {
                    true
                }
            });
            Edit::Insert(removed)
        }
        Edit::Replace(new) => {
            let mut old = Vec::with_capacity(new.len());
            for item in new {
                if let Some(i) = layout.index_of(item.id) {
                    old.push(std::mem::replace(&mut layout.items[i], item));
                }
            }
            Edit::Replace(old)
        }
        Edit::SetHall(hall) => Edit::SetHall(Box::new(std::mem::replace(&mut layout.hall, *hall))),
        Edit::SetSite(site) => Edit::SetSite(Box::new(std::mem::replace(&mut layout.site, *site))),
        Edit::SetLayout(new) => Edit::SetLayout(Box::new(std::mem::replace(layout, *new))),
        Edit::Rename(name) => Edit::Rename(std::mem::replace(&mut layout.name, name)),
        Edit::SetPhases(phases) => Edit::SetPhases(std::mem::replace(&mut layout.phases, phases)),
        Edit::SetDocument(d) => Edit::SetDocument(Box::new(std::mem::replace(&mut layout.document, *d))),
        Edit::Batch(edits) => {
            let mut inverses: Vec<Edit> = edits.into_iter().map(|e| apply(layout, e)).collect();
            inverses.reverse();
            Edit::Batch(inverses)
        }
    }
}

/// The edit that removes items and clears every reference to them (feeds, cooling), as one step.
pub fn remove_with_references(layout: &Layout, ids: &[ItemId]) -> Edit {
    let mut gone: Vec<ItemId> = ids.to_vec();
    gone.sort_unstable();
    let is_gone = |id: Option<ItemId>| id.is_some_and(|id| gone.binary_search(&id).is_ok());
    let referrers: Vec<Item> = layout
        .items
        .iter()
        .filter(|i| gone.binary_search(&i.id).is_err())
        .filter(|i| is_gone(i.feed_a) || is_gone(i.feed_b) || is_gone(i.feed_c) || is_gone(i.cooling))
        .map(|i| {
            let mut i = i.clone();
            for r in [&mut i.feed_a, &mut i.feed_b, &mut i.feed_c, &mut i.cooling] {
                if is_gone(*r) {
                    *r = None;
                }
            }
            i
        })
        .collect();
    let mut edits = vec![Edit::Replace(referrers), Edit::Remove(gone.clone())];
    // A phase naming a removed item no longer does (so a later item given its id is not brought into it).
    if layout.phases.iter().any(|p| p.items.iter().any(|&id| is_gone(Some(id)))) {
        let mut phases = layout.phases.clone();
        phases.iter_mut().for_each(|p| p.items.retain(|&id| !is_gone(Some(id))));
        edits.push(Edit::SetPhases(phases));
    }
    Edit::Batch(edits)
}

/// One undoable step: the edit that undoes it, a label, the states it goes between and the owner's tag.
#[derive(Clone, Debug)]
struct Step<T> {
    label: String,
    inverse: Edit,
    /// Steps with the same key in a row merge into one (typing in a field, dragging a number).
    key: Option<u64>,
    /// The state the layout is in when this step's inverse has been applied.
    to_state: u64,
    /// What the owner attaches to the step (the designer: which hall, and so which file, it leads to).
    tag: T,
}

/// Undo and redo stacks, bounded in steps and in bytes. Every state the layout reaches through the history has
/// a number ([`History::state`]): undoing back to a state gives its number back, so "is this what was saved?"
/// is one comparison. Each step carries a tag of the owner's choosing (`T`, nothing by default), swapped like its
/// edit on undo and redo.
#[derive(Clone, Debug)]
pub struct History<T = ()> {
    undo: Vec<Step<T>>,
    redo: Vec<Step<T>>,
    max_steps: usize,
    max_bytes: usize,
    /// The state the layout is in now.
    state: u64,
    /// The next new state's number.
    next_state: u64,
}

impl<T: Clone + Default> Default for History<T> {
    fn default() -> Self {
        Self::new(200, 512 * 1024 * 1024)
    }
}

impl<T: Clone + Default> History<T> {
    /// A history keeping at most `max_steps` steps and about `max_bytes` of edits (the newest step is always
    /// kept).
    pub fn new(max_steps: usize, max_bytes: usize) -> Self {
        Self { undo: Vec::new(), redo: Vec::new(), max_steps, max_bytes, state: 0, next_state: 1 }
    }

    /// The number of the state the layout is in (0: as the history found it).
    pub fn state(&self) -> u64 {
        self.state
    }

    fn new_state(&mut self) -> u64 {
        self.state = self.next_state;
        self.next_state += 1;
        self.state
    }

    /// Applies `edit` as a new step labelled `label`.
    pub fn apply(&mut self, layout: &mut Layout, label: impl Into<String>, edit: Edit) {
        if edit.is_empty() {
            return;
        }
        let inverse = apply(layout, edit);
        self.record(label, inverse);
    }

    /// Records a step whose edit was already applied (a finished drag), given its inverse.
    pub fn record(&mut self, label: impl Into<String>, inverse: Edit) {
        self.record_tagged(label, inverse, T::default());
    }

    /// Records a step whose edit was already applied, given its inverse and the owner's tag for it.
    pub fn record_tagged(&mut self, label: impl Into<String>, inverse: Edit, tag: T) {
        if inverse.is_empty() {
            return;
        }
        let before = self.state;
        self.new_state();
        self.undo.push(Step { label: label.into(), inverse, key: None, to_state: before, tag });
        self.redo.clear();
        self.trim();
    }

    /// Applies `edit`, merging it into the previous step when that step has the same `key` (one field edited
    /// over several frames is one step; the merged step undoes back to the state before the first).
    pub fn apply_coalesced(&mut self, layout: &mut Layout, label: impl Into<String>, edit: Edit, key: u64) {
        if edit.is_empty() {
            return;
        }
        let inverse = apply(layout, edit);
        self.record_merged(label, inverse, key);
    }

    /// Records an applied edit, given its inverse, merging it into the previous step when that step has the
    /// same `key` (the previous step's inverse already restores the state before both).
    pub fn record_merged(&mut self, label: impl Into<String>, inverse: Edit, key: u64) {
        if inverse.is_empty() {
            return;
        }
        if self.redo.is_empty() && self.undo.last().is_some_and(|s| s.key == Some(key)) {
            // The merged step now leads to another state.
            self.new_state();
            return;
        }
        let before = self.state;
        self.new_state();
        self.undo.push(Step { label: label.into(), inverse, key: Some(key), to_state: before, tag: T::default() });
        self.redo.clear();
        self.trim();
    }

    fn trim(&mut self) {
        while self.undo.len() > self.max_steps {
            self.undo.remove(0);
        }
        while self.undo.len() > 1 && self.undo.iter().map(|s| s.inverse.size_bytes()).sum::<usize>() > self.max_bytes {
            self.undo.remove(0);
        }
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, layout: &mut Layout) -> Option<String> {
        let step = self.undo.pop()?;
        let redo = apply(layout, step.inverse);
        let back_to = std::mem::replace(&mut self.state, step.to_state);
        self.redo.push(Step { label: step.label.clone(), inverse: redo, key: None, to_state: back_to, tag: step.tag });
        Some(step.label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, layout: &mut Layout) -> Option<String> {
        let step = self.redo.pop()?;
        let undo = apply(layout, step.inverse);
        let back_to = std::mem::replace(&mut self.state, step.to_state);
        self.undo.push(Step { label: step.label.clone(), inverse: undo, key: None, to_state: back_to, tag: step.tag });
        Some(step.label)
    }

    /// The edit that would redo the step last undone (the inverse of what that undo applied).
    pub fn redo_edit(&self) -> Option<&Edit> {
        self.redo.last().map(|s| &s.inverse)
    }

    /// The edit that would undo the last step (after a redo: the inverse of what it applied).
    pub fn undo_edit(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.inverse)
    }

    /// The tag of the step undo would undo.
    pub fn undo_tag(&self) -> Option<&T> {
        self.undo.last().map(|s| &s.tag)
    }

    /// The tag of the step redo would redo.
    pub fn redo_tag(&self) -> Option<&T> {
        self.redo.last().map(|s| &s.tag)
    }

    /// Label of the step undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets everything (a new document).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeId;

    fn layout() -> Layout {
        let mut l = Layout::empty("t", 10.0, 10.0);
        for n in 1..=5 {
            l.items.push(Item::new(ItemId(n), TypeId::from("rack"), n as i32, 0));
        }
        l.items[2].feed_a = Some(ItemId(1));
        l
    }

    #[test]
    fn every_edit_undoes_and_redoes() {
        let original = layout();
        let mut l = original.clone();
        let mut h: History = History::default();
        let mut moved = l.items[1].clone();
        moved.x_mm = 5_400;
        h.apply(&mut l, "move", Edit::Replace(vec![moved]));
        h.apply(&mut l, "add", Edit::Insert(vec![Item::new(ItemId(9), TypeId::from("pdu"), 0, 5)]));
        let remove = remove_with_references(&l, &[ItemId(1)]);
        h.apply(&mut l, "delete", remove);
        assert_eq!(l.items.len(), 5);
        assert_eq!(l.items.iter().find(|i| i.id == ItemId(3)).and_then(|i| i.feed_a), None);
        let mut hall = l.hall.clone();
        hall.width_m = 50.0;
        h.apply(&mut l, "hall", Edit::SetHall(Box::new(hall)));
        let after = l.clone();
        assert_eq!(h.undo_label(), Some("hall"));
        while h.undo(&mut l).is_some() {}
        assert_eq!(l, original);
        while h.redo(&mut l).is_some() {}
        assert_eq!(l, after);
    }

    #[test]
    fn history_is_bounded() {
        let mut l = layout();
        let mut h: History = History::new(3, usize::MAX);
        for x in 0..10 {
            let mut i = l.items[0].clone();
            i.x_mm = x;
            h.apply(&mut l, format!("move {x}"), Edit::Replace(vec![i]));
        }
        assert_eq!(h.undo_len(), 3);
        let mut h: History = History::new(100, 1);
        for x in 0..10 {
            let mut i = l.items[0].clone();
            i.x_mm = x + 20;
            h.apply(&mut l, "m", Edit::Replace(vec![i]));
        }
        assert_eq!(h.undo_len(), 1, "the newest step is always kept");
        // A new edit clears redo.
        h.undo(&mut l);
        assert!(h.redo_label().is_some());
        h.apply(&mut l, "x", Edit::Remove(vec![ItemId(2)]));
        assert!(h.redo_label().is_none());
        // Coalesced edits with one key are one step that undoes to before the first.
        let mut l2 = layout();
        let before = l2.clone();
        let mut h2: History = History::default();
        for x in 1..5 {
            let mut i = l2.items[0].clone();
            i.x_mm = 100 + x;
            h2.apply_coalesced(&mut l2, "x", Edit::Replace(vec![i]), 7);
        }
        assert_eq!(h2.undo_len(), 1);
        h2.undo(&mut l2);
        assert_eq!(l2, before);
        // Empty edits are not steps.
        h.apply(&mut l, "nothing", Edit::Batch(vec![Edit::Replace(vec![])]));
        assert_eq!(h.undo_label(), Some("x"));
    }

    #[test]
    fn undoing_back_to_a_state_gives_its_number_back() {
        let mut l = layout();
        let mut h: History<u8> = History::default();
        let start = h.state();
        let mut i = l.items[0].clone();
        i.x_mm = 40;
        h.apply(&mut l, "a", Edit::Replace(vec![i.clone()]));
        let after_a = h.state();
        assert_ne!(after_a, start);
        i.x_mm = 41;
        let inverse = apply(&mut l, Edit::Replace(vec![i.clone()]));
        h.record_tagged("b", inverse, 7);
        let after_b = h.state();
        assert_eq!(h.undo_tag(), Some(&7));
        h.undo(&mut l);
        assert_eq!(h.state(), after_a);
        assert_eq!(h.redo_tag(), Some(&7), "the tag goes with its step");
        h.redo(&mut l);
        assert_eq!(h.state(), after_b);
        h.undo(&mut l);
        h.undo(&mut l);
        assert_eq!(h.state(), start);
        // A merged edit is a new state of the same step; undoing it goes back to before the first.
        i.x_mm = 50;
        h.apply_coalesced(&mut l, "m", Edit::Replace(vec![i.clone()]), 3);
        let first = h.state();
        i.x_mm = 51;
        h.apply_coalesced(&mut l, "m", Edit::Replace(vec![i]), 3);
        assert_ne!(h.state(), first);
        assert_ne!(h.state(), after_a, "a state never gets a number another state had");
        h.undo(&mut l);
        assert_eq!(h.state(), start);
    }
}
