//! The open document: the layout, its file, undo history and a revision counter the caches key on.

use std::path::PathBuf;

use crate::io::builtin_catalog;
use crate::model::Layout;
use crate::model::edit::{Edit, History};

/// The document being edited.
pub struct Document {
    /// The layout.
    pub layout: Layout,
    /// Its file, once opened or saved.
    pub path: Option<PathBuf>,
    /// Undo and redo.
    pub history: History,
    /// Bumped on every change; caches compare it.
    pub revision: u64,
    saved_revision: u64,
}

impl Document {
    /// A document for a layout read from (or to be saved to) `path`. The built-in catalog is merged in so the
    /// palette offers every type; saving keeps only the types in use.
    pub fn new(mut layout: Layout, path: Option<PathBuf>) -> Self {
        merge_builtin_types(&mut layout);
        Self { layout, path, history: History::default(), revision: 1, saved_revision: 1 }
    }

    /// Applies an edit as one undoable step.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) {
        if edit.is_empty() {
            return;
        }
        self.history.apply(&mut self.layout, label, edit);
        self.revision += 1;
    }

    /// Applies an edit, merging it with the previous step when both carry `key` (a field edited over frames).
    pub fn apply_coalesced(&mut self, label: impl Into<String>, edit: Edit, key: u64) {
        if edit.is_empty() {
            return;
        }
        self.history.apply_coalesced(&mut self.layout, label, edit, key);
        self.revision += 1;
    }

    /// Applies an edit without a history step (a drag in progress); returns its inverse.
    pub fn apply_transient(&mut self, edit: Edit) -> Edit {
        self.revision += 1;
        crate::model::edit::apply(&mut self.layout, edit)
    }

    /// Records a finished gesture whose edits were applied transiently, given the edit that undoes it.
    pub fn record(&mut self, label: impl Into<String>, inverse: Edit) {
        self.history.record(label, inverse);
        self.revision += 1;
    }

    /// Undo; true when something changed.
    pub fn undo(&mut self) -> bool {
        let done = self.history.undo(&mut self.layout).is_some();
        if done {
            self.revision += 1;
        }
        done
    }

    /// Redo; true when something changed.
    pub fn redo(&mut self) -> bool {
        let done = self.history.redo(&mut self.layout).is_some();
        if done {
            self.revision += 1;
        }
        done
    }

    /// True when there are changes not saved to the file.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Marks the current state as saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }

    /// The window title: file name, a dot when unsaved, the app.
    pub fn title(&self) -> String {
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| format!("{} (unsaved)", self.display_name()), |n| n.to_string_lossy().into_owned());
        format!("{}{name} — clusterplan", if self.is_dirty() { "● " } else { "" })
    }

    /// The design's name, or "Untitled".
    pub fn display_name(&self) -> &str {
        if self.layout.name.is_empty() { "Untitled" } else { &self.layout.name }
    }
}

/// Adds built-in types the layout does not carry (the file's own types win).
pub fn merge_builtin_types(layout: &mut Layout) {
    let missing: Vec<_> =
        builtin_catalog().types.iter().filter(|t| layout.catalog.get(&t.id).is_none()).cloned().collect();
    if !missing.is_empty() {
        let mut types = std::mem::take(&mut layout.catalog.types);
        types.extend(missing);
        layout.catalog = crate::model::Catalog::new(types);
    }
}
