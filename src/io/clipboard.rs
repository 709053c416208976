//! Copied items as text on the system clipboard, so Ctrl+C in one designer and Ctrl+V in another (or the same
//! one, as the platform delivers it) carry the items. Pasted text is untrusted: its size and nesting are
//! bounded and anything that is not this format is refused.

use serde::{Deserialize, Serialize};

use crate::model::Item;
use crate::model::bounded::{MAX_ITEMS, bounded_vec};

/// Largest clipboard text read, in bytes.
pub const MAX_CLIPBOARD_BYTES: usize = 64 * 1024 * 1024;

/// The clipboard's content.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClipboardItems {
    /// Marks the text as clusterplan items: format 2 (positions in millimetres); format 1 kept them in tiles.
    clusterplan_items: u32,
    #[serde(deserialize_with = "bounded_vec::<_, _, MAX_ITEMS>")]
    items: Vec<Item>,
}

/// The clipboard text for copied items.
pub fn clipboard_text(items: &[Item]) -> Result<String, super::SaveError> {
    let value = ClipboardItems { clusterplan_items: 2, items: items.to_vec() };
    ron::to_string(&value).map_err(|e| super::SaveError::Serialise(e.to_string()))
}

/// The items in clipboard text, or why it holds none.
pub fn parse_clipboard_text(text: &str) -> Result<Vec<Item>, String> {
    if text.len() > MAX_CLIPBOARD_BYTES {
        return Err(format!("the clipboard holds {} MB of text, more than items ever take", text.len() >> 20));
    }
    let value: ClipboardItems = ron::Options::default()
        .with_recursion_limit(16)
        .from_str(text.trim())
        .map_err(|_| "the clipboard does not hold clusterplan items".to_owned())?;
    match value.clusterplan_items {
        2 => Ok(value.items),
        // Format 1 kept positions in tiles: taken as the default 600 mm tile (a paste places the copies anyway;
        // only where they stand among themselves matters).
        1 => Ok(value
            .items
            .into_iter()
            .map(|mut i| {
                let bound = i64::from(*crate::model::limits::ITEM_MM.end());
                let mm = |t: i32| (i64::from(t) * 600).clamp(-bound, bound) as i32;
                (i.x_mm, i.y_mm) = (mm(i.x_mm), mm(i.y_mm));
                i
            })
            .collect()),
        n => Err(format!("the clipboard holds items of format {n}, newer than this clusterplan")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemId;

    #[test]
    fn items_round_trip_and_other_text_is_refused() {
        let mut rack = Item::new(ItemId(4), "rack-colossus-64".into(), 3, 2);
        rack.feed_a = Some(ItemId(9));
        let text = clipboard_text(std::slice::from_ref(&rack)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse_clipboard_text(&text), Ok(vec![rack]));
        assert!(parse_clipboard_text("hello").is_err());
        assert!(parse_clipboard_text("(clusterplan_items: 1, items: [], extra: 2)").is_err());
        assert!(parse_clipboard_text(&"[".repeat(10_000)).is_err());
        // Format 1 (tiles) reads as 600 mm tiles; a newer format is refused.
        let old = r#"(clusterplan_items: 1, items: [(id: 4, type: "rack-colossus-64", x: 3, y: 2)])"#;
        let read = parse_clipboard_text(old).unwrap_or_default();
        assert_eq!(read.iter().map(|i| (i.x_mm, i.y_mm)).collect::<Vec<_>>(), vec![(1_800, 1_200)]);
        assert!(parse_clipboard_text("(clusterplan_items: 3, items: [])").is_err_and(|e| e.contains("format 3")));
    }
}
