//! A layout as the live analysis's phases see it during an update: as it stands, or as it stood before the
//! changes being followed (the changed items' earlier values over the layout as it stands).

use super::Facts;
use crate::model::edit::Changes;
use crate::model::{Item, ItemId, Layout};

/// A layout as it stands, or as it stood before some changes.
#[derive(Clone, Copy)]
pub(crate) struct World<'a> {
    layout: &'a Layout,
    before: Option<&'a Changes>,
}

impl<'a> World<'a> {
    /// The layout as it stands.
    pub fn now(layout: &'a Layout) -> Self {
        Self { layout, before: None }
    }

    /// The layout as it stood before `changes`.
    pub fn before(layout: &'a Layout, changes: &'a Changes) -> Self {
        Self { layout, before: Some(changes) }
    }

    /// The layout as it stands (its hall and catalog: changes to those are never followed item by item).
    pub fn layout(&self) -> &'a Layout {
        self.layout
    }

    /// The item with this id in this state.
    pub fn item(&self, id: ItemId) -> Option<&'a Item> {
        if let Some(before) = self.before
            && let Some(old) = before.before.get(&id)
        {
            return old.as_ref();
        }
        self.layout.index_of(id).map(|i| &self.layout.items[i])
    }

    /// The item with this id and its types and power, in this state.
    pub fn facts(&self, id: ItemId) -> Option<Facts<'a>> {
        self.item(id).map(|item| Facts::of(self.layout, item))
    }
}
