//! What a failed layout check says — the part of the layout holding the bad value, the field, the problem — and
//! the small checks every part of it uses. A leaf: `validate` and `site_check` both build on it.

use std::ops::RangeInclusive;

use thiserror::Error;

use crate::model::limits::MAX_TEXT_CHARS;
use crate::model::{ItemId, TypeId};

/// What holds a bad value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Locus {
    /// The layout's own fields (`version`, `name`).
    Layout,
    /// The hall's size and grid.
    Hall,
    /// The cable trays.
    Trays,
    /// The engineering settings.
    Settings,
    /// An obstacle, by position in the list.
    Obstacle(usize),
    /// An equipment type.
    Type(TypeId),
    /// A placed item.
    Item(ItemId),
    /// The layout's own prices.
    Prices,
    /// A part of the site, by its path (`"ups 3"`, `"mechanical.liquid"`).
    Site(String),
}

impl std::fmt::Display for Locus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Locus::Layout => write!(f, "layout"),
            Locus::Hall => write!(f, "hall"),
            Locus::Trays => write!(f, "hall.trays"),
            Locus::Settings => write!(f, "hall.settings"),
            Locus::Obstacle(n) => write!(f, "hall.obstacles[{n}]"),
            Locus::Type(id) => write!(f, "type \"{id}\""),
            Locus::Item(id) => write!(f, "item {id}"),
            Locus::Prices => write!(f, "prices"),
            Locus::Site(path) if path == "site" => write!(f, "site"),
            Locus::Site(path) => write!(f, "site.{path}"),
        }
    }
}

/// A value a layout may not hold: where, which field, what is wrong and what to do.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{locus}, field `{field}`: {problem}")]
pub struct LayoutError {
    /// What holds the bad value.
    pub locus: Locus,
    /// The field.
    pub field: String,
    /// What is wrong and what to do.
    pub problem: String,
}

pub(crate) fn err(locus: &Locus, field: &str, problem: impl Into<String>) -> LayoutError {
    LayoutError { locus: locus.clone(), field: field.to_owned(), problem: problem.into() }
}

/// A number that must be finite and within `range`.
pub(crate) fn range(locus: &Locus, field: &str, v: f64, range: &RangeInclusive<f64>) -> Result<(), LayoutError> {
    if !v.is_finite() {
        return Err(err(locus, field, format!("{v} is not a finite number; write a number")));
    }
    if !range.contains(&v) {
        return Err(err(
            locus,
            field,
            format!("{v} is outside the allowed range {} to {}", range.start(), range.end()),
        ));
    }
    Ok(())
}

pub(crate) fn text(locus: &Locus, field: &str, s: &str) -> Result<(), LayoutError> {
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(err(locus, field, format!("text longer than {MAX_TEXT_CHARS} characters")));
    }
    Ok(())
}
