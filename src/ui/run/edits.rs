//! Edits of the selection and the clipboard: delete, duplicate, copy, paste, bulk assignments, obstacles. Each
//! builds its edit with the pure functions of `model::ops` and `analysis::assign` and makes it one undo step.

use super::super::app::DesignerApp;
use super::super::command::Bulk;
use crate::analysis::assign::{assign_both_feeds, assign_cooling, assign_feeds};
use crate::format::counted;
use crate::io::clipboard::{clipboard_text, parse_clipboard_text};
use crate::model::edit::{Edit, remove_with_references};
use crate::model::ops::{Mounts, free_offset, items_of, pasted};
use crate::model::{Item, ItemId, Layout, Obstacle};

impl DesignerApp {
    pub(super) fn delete_selection(&mut self) {
        if self.session.selection.is_empty() {
            if let Some(n) = self.session.obstacle {
                let mut hall = self.doc.layout().hall.clone();
                if n < hall.obstacles.len() {
                    hall.obstacles.remove(n);
                    self.edit("Delete obstacle", Edit::SetHall(Box::new(hall)));
                    self.session.obstacle = None;
                }
            }
            return;
        }
        let layout = self.doc.layout();
        let ids = Mounts::of(layout).with_units(self.session.selection.iter().copied());
        let edit = remove_with_references(layout, &ids);
        if self.edit(format!("Delete {}", counted(ids.len() as u64, "item", "items")), edit) {
            self.session.selection.clear();
        }
    }

    pub(super) fn duplicate_selection(&mut self) {
        let layout = self.doc.layout();
        let items = items_of(layout, &Mounts::of(layout).with_units(self.session.selection.iter().copied()));
        if items.is_empty() {
            return;
        }
        let (dx, dy) = free_offset(layout, &items);
        let copies = pasted(layout, &items, dx, dy);
        let select = copies.iter().map(|i| i.id).collect();
        self.edit_and_select(
            format!("Duplicate {}", counted(copies.len() as u64, "item", "items")),
            Edit::Insert(copies),
            select,
        );
    }

    pub(super) fn copy(&mut self) {
        let layout = self.doc.layout();
        let items = items_of(layout, &Mounts::of(layout).with_units(self.session.selection.iter().copied()));
        if items.is_empty() {
            return;
        }
        if let Ok(text) = clipboard_text(&items) {
            self.window.ctx.copy_text(text);
        }
        self.session.status = format!("Copied {}", counted(items.len() as u64, "item", "items"));
        self.clipboard = items;
    }

    /// Pastes the platform's clipboard text when it holds items, else the designer's own copy: at the cursor
    /// when it is over the floor, else on the nearest free floor beside where they were copied from.
    pub(super) fn paste(&mut self, text: Option<&str>) {
        let layout = self.doc.layout();
        let mut items = match text.map(parse_clipboard_text) {
            Some(Ok(items)) => items,
            // The platform's clipboard holds something else (copied in another program since): paste nothing
            // rather than racks copied long ago.
            Some(Err(why)) => {
                self.session.status = format!("Nothing pasted: {why}");
                return;
            }
            None => self.clipboard.clone(),
        };
        let known = items.len();
        items.retain(|i| layout.catalog.get(&i.type_id).is_some());
        if items.is_empty() {
            self.session.status = if known > 0 {
                "Nothing pasted: the copied items are of types this hall does not have".into()
            } else {
                "Nothing to paste: copy items first".into()
            };
            return;
        }
        let (dx, dy) = paste_offset(layout, &items, self.canvas.cursor_m);
        let copies = pasted(layout, &items, dx, dy);
        let select = copies.iter().map(|i| i.id).collect();
        let label = format!("Paste {}", counted(copies.len() as u64, "item", "items"));
        self.edit_and_select(label, Edit::Insert(copies), select);
    }

    /// Bulk edits of every selected item, as one step; the status says how many changed.
    pub(super) fn bulk(&mut self, bulk: Bulk) {
        if bulk == Bulk::FillSwitches {
            return self.fill_switches();
        }
        let layout = self.doc.layout();
        let ids: Vec<ItemId> = self.session.selection.iter().copied().collect();
        let (label, items, without_room) = bulk_edit(layout, &ids, &bulk);
        let n = items.len() as u64;
        let mut status = if n == 0 {
            format!("{label}: nothing to change — the selected items already have it")
        } else if self.edit(format!("{label} ({})", counted(n, "item", "items")), Edit::Replace(items)) {
            format!("{label}: {} changed", counted(n, "item", "items"))
        } else {
            format!("{label}: not made (see the message)")
        };
        if without_room > 0 {
            status += &format!(", {} without a unit with room", counted(without_room as u64, "item", "items"));
        }
        self.session.status = status;
    }

    /// The fabric's required switches into the selected network racks, one step; the status says what was
    /// placed and what is still missing.
    fn fill_switches(&mut self) {
        let layout = self.doc.layout();
        let ids: Vec<ItemId> = self.session.selection.iter().copied().collect();
        self.session.status = match crate::generate::fill_required_switches(layout, &ids) {
            Err(e) => format!("Fill required switches: {e}"),
            Ok(f) => {
                let n = f.items.len() as u64;
                let made = n == 0
                    || self.edit(
                        format!("Fill required switches ({})", counted(n, "rack", "racks")),
                        Edit::Replace(f.items),
                    );
                let mut s =
                    format!("Fill required switches: the fabric needs {} switch racks; {} placed", f.needed, f.placed);
                if f.needed > f.placed {
                    s += &format!(" — select {} more network racks and fill again", f.needed - f.placed);
                }
                if f.emptied > 0 {
                    s += &format!("; {} left empty", counted(f.emptied as u64, "rack", "racks"));
                }
                if !made {
                    s += " (not made: see the message)";
                }
                s
            }
        };
    }

    pub(super) fn add_obstacle(&mut self, o: Obstacle) {
        let mut hall = self.doc.layout().hall.clone();
        let label = format!("Add {:?}", o.kind).to_lowercase();
        hall.obstacles.push(o);
        let index = hall.obstacles.len() - 1;
        if self.edit(label, Edit::SetHall(Box::new(hall))) {
            self.session.selection.clear();
            self.session.obstacle = Some(index);
        }
    }
}

/// Where pasted items go: at the cursor when it is over the floor, else beside where they were copied from.
/// (The offset is in millimetres: the copies' top-left corner to the tile edge at or before the cursor.)
fn paste_offset(layout: &Layout, items: &[Item], cursor_m: Option<[f64; 2]>) -> (i64, i64) {
    let min_x = items.iter().map(|i| i64::from(i.x_mm)).min().unwrap_or(0);
    let min_y = items.iter().map(|i| i64::from(i.y_mm)).min().unwrap_or(0);
    let hall = &layout.hall;
    let tile_before = |v: f64| hall.tile_edge_mm((v / hall.tile_m + 1e-9).floor().clamp(-1e9, 1e9) as i64);
    match cursor_m {
        Some([x, y]) => (tile_before(x) - min_x, tile_before(y) - min_y),
        None => free_offset(layout, items),
    }
}

/// A bulk edit's label, the items it changes and how many found no unit with room.
fn bulk_edit(layout: &Layout, ids: &[ItemId], bulk: &Bulk) -> (String, Vec<Item>, usize) {
    match bulk {
        Bulk::Feeds(side) => {
            let a = assign_feeds(layout, ids, *side);
            (format!("Assign feed {}", side.label()), a.items, a.without_room)
        }
        Bulk::BothFeeds => {
            let a = assign_both_feeds(layout, ids);
            ("Assign feeds A and B".to_owned(), a.items, a.without_room)
        }
        Bulk::Cooling => {
            let a = assign_cooling(layout, ids);
            ("Assign cooling".to_owned(), a.items, a.without_room)
        }
        Bulk::ScalableUnit(su) => {
            let items = items_of(layout, ids)
                .into_iter()
                .filter(|i| layout.type_of(i).is_some_and(|t| t.gpu.is_some()) && i.su != Some(*su))
                .map(|mut i| {
                    i.su = Some(*su);
                    i
                })
                .collect();
            (format!("Put in scalable unit {su}"), items, 0)
        }
        Bulk::NumberScalableUnits { per_su, first } => {
            let items = crate::generate::assign_scalable_units(layout, ids, *per_su, *first);
            let how = if *per_su == 0 { "a row each".to_owned() } else { format!("{per_su} racks each") };
            (format!("Assign scalable units from {first}, {how}"), items, 0)
        }
        Bulk::FillSwitches => (String::new(), Vec::new(), 0),
        Bulk::NamePrefix(prefix) => {
            let mut items = items_of(layout, ids);
            items.retain(|i| layout.type_of(i).is_some_and(|t| t.occupies_floor()));
            items.sort_by_key(|i| (i.y_mm, i.x_mm, i.id));
            let width = items.len().to_string().len();
            for (n, i) in items.iter_mut().enumerate() {
                i.name = Some(format!("{prefix}{:0width$}", n + 1));
            }
            (format!("Name {prefix}1…"), items, 0)
        }
    }
}
