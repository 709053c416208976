//! Number fields as the designer uses them: limited to what a layout (or a dialog) accepts, and clamped when the
//! user commits the value (Enter, Tab, a click elsewhere) — never per keystroke, so typing 1000000 into a field
//! whose least is 8 is 1,000,000, not 8 — and never rewriting a value already outside the range by itself.

use std::ops::RangeInclusive;

use egui::DragValue;
use egui::emath::Numeric;

/// A number field for `value` within `range`, updated when the user commits what they typed.
pub fn number<N: Numeric>(value: &mut N, range: RangeInclusive<N>) -> DragValue<'_> {
    DragValue::new(value).range(range).clamp_existing_to_range(false).update_while_editing(false)
}
