//! The open document: the layout (private: only edits change it), its file, undo history, the gesture in
//! progress, and the key that every cache is built for.
//!
//! A [`DocKey`] is (generation, revision): the generation comes from a process-wide counter, so a document
//! that replaces another (New, Open, Restore) can never share a key with it, even at the same revision.
//! Every edit is checked with [`check_layout`]: one that would leave a layout that could not be saved and read
//! back is undone at once and reported, so the document is always writable.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::io::{LayoutError, check_layout};
use crate::model::Layout;
use crate::model::edit::{Changes, Edit, History, apply};

/// Revisions whose changes the document remembers for caches to follow (a cache further behind starts afresh).
const JOURNAL_REVISIONS: usize = 64;

/// Generations handed out so far; never reused within a process.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// Names one state of one document. Caches built from a state keep its key and rebuild when it changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// Which document (unique in the process).
    pub generation: u64,
    /// Which state of it (bumped on every change).
    pub revision: u64,
}

/// Which hall the document holds: a new document, or a step that put another design in its place (generate, a
/// scenario kept), starts a new one; undo and redo across such a step go back and forth between them. Session
/// references (selection, a failed unit, the inspector) name items of one hall and end with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HallKey {
    /// The document.
    pub generation: u64,
    /// The design within it.
    pub design: u64,
    /// Bumped by every step that replaces the whole layout, the same design grown (expand) included.
    pub whole: u64,
}

/// What a design is bound to: the file it was opened from or saved to, and which state of it that file holds.
#[derive(Clone, Debug, Default, PartialEq)]
struct Binding {
    path: Option<PathBuf>,
    saved_state: Option<u64>,
}

/// The design a whole-layout step leads to and comes from (its history tag), and whether it replaced the
/// whole layout at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepTag {
    /// The step replaced the whole layout (generate, expand, a scenario kept).
    pub whole: bool,
    /// The design before the step.
    pub from_design: u64,
    /// The design after it (the same as before for the same hall grown).
    pub to_design: u64,
}

/// Where a save started from: the design and its state, so the file is bound to what it holds even when the
/// user moved on while it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaveMark {
    design: u64,
    state: u64,
}

/// How a whole layout takes the document's place as an undoable step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WholeLayout {
    /// Another design (generated, a scenario kept): untitled until saved; undo goes back to the old one and its
    /// file.
    NewDesign,
    /// The same design grown (expand): it keeps its file.
    SameDesign,
}

/// The document being edited.
pub struct Document {
    layout: Layout,
    history: History<StepTag>,
    generation: u64,
    revision: u64,
    /// The design shown, and each design's file binding.
    design: u64,
    bindings: HashMap<u64, Binding>,
    next_design: u64,
    /// Bumped whenever the whole layout changes (a step, its undo or redo).
    whole: u64,
    /// The edit that restores the state before the open gesture, once the gesture changed something.
    gesture: Option<Option<Edit>>,
    /// What each recent revision changed: (the revision it started from, the changes to the next).
    journal: VecDeque<(u64, Changes)>,
}

impl Document {
    /// A clean document for a layout read from (or to be saved to) `path`. The built-in catalog is merged in
    /// so the palette offers every type (saving keeps only the types in use); items are put in id order, the
    /// order files are written in, which edits keep and lookups rely on.
    pub fn new(mut layout: Layout, path: Option<PathBuf>) -> Self {
        merge_builtin_types(&mut layout);
        layout.items.sort_by_key(|i| i.id);
        let history = History::default();
        let binding = Binding { path, saved_state: Some(history.state()) };
        Self {
            layout,
            history,
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
            revision: 1,
            design: 0,
            bindings: HashMap::from([(0, binding)]),
            next_design: 1,
            whole: 0,
            gesture: None,
            journal: VecDeque::new(),
        }
    }

    /// A document whose content is not saved anywhere yet (restored work): dirty from the start, and bound to
    /// `path` (where it came from) for Save.
    pub fn unsaved(layout: Layout, path: Option<PathBuf>) -> Self {
        let mut doc = Self::new(layout, path);
        doc.binding_mut().saved_state = None;
        doc
    }

    fn binding(&self) -> &Binding {
        static UNBOUND: Binding = Binding { path: None, saved_state: None };
        self.bindings.get(&self.design).unwrap_or(&UNBOUND)
    }

    fn binding_mut(&mut self) -> &mut Binding {
        self.bindings.entry(self.design).or_default()
    }

    /// Which hall the document holds (see [`HallKey`]).
    pub fn hall_key(&self) -> HallKey {
        HallKey { generation: self.generation, design: self.design, whole: self.whole }
    }

    /// The layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The file the design shown is bound to: opened from or saved to (none for a new design).
    pub fn path(&self) -> Option<&Path> {
        self.binding().path.as_deref()
    }

    /// Undo and redo.
    pub fn history(&self) -> &History<StepTag> {
        &self.history
    }

    /// The key caches are built for.
    pub fn key(&self) -> DocKey {
        DocKey { generation: self.generation, revision: self.revision }
    }

    /// Applies an edit as one undoable step (closing an open gesture by cancelling it first). An edit that would
    /// leave a layout that cannot be saved and read back is undone and its problem returned.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) -> Result<(), LayoutError> {
        self.apply_checked(label.into(), edit, None)
    }

    /// Puts a whole layout in the document's place as one undoable step: another design (untitled: Save asks
    /// for a name; undo goes back to the old design and its file) or the same design grown (it keeps its file).
    /// Checked like [`Self::apply`].
    pub fn replace_whole(
        &mut self,
        label: impl Into<String>,
        layout: Layout,
        how: WholeLayout,
    ) -> Result<(), LayoutError> {
        self.cancel_gesture();
        let mut layout = layout;
        merge_builtin_types(&mut layout);
        layout.items.sort_by_key(|i| i.id);
        check_layout(&layout)?;
        let from_design = self.design;
        let to_design = match how {
            WholeLayout::SameDesign => from_design,
            WholeLayout::NewDesign => {
                let d = self.next_design;
                self.next_design += 1;
                self.bindings.insert(d, Binding::default());
                d
            }
        };
        let inverse = apply(&mut self.layout, Edit::SetLayout(Box::new(layout)));
        self.history.record_tagged(label, inverse, StepTag { whole: true, from_design, to_design });
        self.design = to_design;
        self.whole += 1;
        self.bump(Changes::everything());
        Ok(())
    }

    /// Applies an edit, merging it with the previous step when both carry `key` (a field edited over frames);
    /// checked like [`Self::apply`].
    pub fn apply_merged(&mut self, label: impl Into<String>, edit: Edit, key: u64) -> Result<(), LayoutError> {
        self.apply_checked(label.into(), edit, Some(key))
    }

    fn apply_checked(&mut self, label: String, edit: Edit, merge_key: Option<u64>) -> Result<(), LayoutError> {
        self.cancel_gesture();
        if edit.is_empty() {
            return Ok(());
        }
        let whole = matches!(edit, Edit::SetLayout(_));
        let inverse = apply(&mut self.layout, edit);
        if let Err(e) = check_layout(&self.layout) {
            apply(&mut self.layout, inverse);
            return Err(e);
        }
        let mut changes = Changes::default();
        changes.record(&inverse);
        match merge_key {
            Some(key) => self.history.record_merged(label, inverse, key),
            None => {
                let tag = StepTag { whole, from_design: self.design, to_design: self.design };
                self.history.record_tagged(label, inverse, tag);
            }
        }
        if whole {
            self.whole += 1;
        }
        self.bump(changes);
        Ok(())
    }

    /// Moves to the next revision, remembering what it changed.
    fn bump(&mut self, changes: Changes) {
        self.journal.push_back((self.revision, changes));
        while self.journal.len() > JOURNAL_REVISIONS {
            self.journal.pop_front();
        }
        self.revision += 1;
    }

    /// What changed since `revision` of this document, when it is recent enough to say (else a cache starts
    /// afresh).
    pub fn changes_since(&self, revision: u64) -> Option<Changes> {
        if revision > self.revision {
            return None;
        }
        let mut out = Changes::default();
        let mut at = revision;
        for (from, changes) in self.journal.iter().filter(|(from, _)| *from >= revision) {
            if *from != at {
                return None;
            }
            out.then(changes);
            at += 1;
        }
        (at == self.revision).then_some(out)
    }

    /// Opens a gesture (a drag): its updates change the layout without history until it is committed or
    /// cancelled.
    pub fn begin_gesture(&mut self) {
        self.cancel_gesture();
        self.gesture = Some(None);
    }

    /// True while a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.gesture.is_some()
    }

    /// Replaces what the open gesture has done so far with `edit` (which is relative to the state before the
    /// gesture). Ignored when no gesture is open.
    pub fn update_gesture(&mut self, edit: Edit) {
        let Some(open) = self.gesture.as_mut() else { return };
        let mut changes = Changes::default();
        if let Some(undo) = open.take() {
            changes.record(&apply(&mut self.layout, undo));
        }
        let inverse = apply(&mut self.layout, edit);
        changes.record(&inverse);
        *open = Some(inverse);
        self.bump(changes);
    }

    /// Closes the gesture as one undoable step. A gesture whose result could not be saved and read back is
    /// cancelled instead and its problem returned.
    pub fn commit_gesture(&mut self, label: impl Into<String>) -> Result<bool, LayoutError> {
        let Some(open) = self.gesture.take() else { return Ok(false) };
        let Some(undo) = open else { return Ok(false) };
        if let Err(e) = check_layout(&self.layout) {
            let mut changes = Changes::default();
            changes.record(&apply(&mut self.layout, undo));
            self.bump(changes);
            return Err(e);
        }
        self.history.record(label, undo);
        self.bump(Changes::default());
        Ok(true)
    }

    /// Closes the gesture, restoring the state before it exactly; true when something was restored.
    pub fn cancel_gesture(&mut self) -> bool {
        match self.gesture.take() {
            Some(Some(undo)) => {
                let mut changes = Changes::default();
                changes.record(&apply(&mut self.layout, undo));
                self.bump(changes);
                true
            }
            _ => false,
        }
    }

    /// Undo (cancelling an open gesture first); the step's label.
    pub fn undo(&mut self) -> Option<String> {
        self.cancel_gesture();
        let label = self.history.undo(&mut self.layout)?;
        let mut changes = Changes::default();
        if let Some(redo) = self.history.redo_edit() {
            changes.record(redo);
        }
        if let Some(tag) = self.history.redo_tag().copied().filter(|t| t.whole) {
            self.design = tag.from_design;
            self.whole += 1;
        }
        self.bump(changes);
        Some(label)
    }

    /// Redo (cancelling an open gesture first); the step's label.
    pub fn redo(&mut self) -> Option<String> {
        self.cancel_gesture();
        let label = self.history.redo(&mut self.layout)?;
        let mut changes = Changes::default();
        if let Some(undo) = self.history.undo_edit() {
            changes.record(undo);
        }
        if let Some(tag) = self.history.undo_tag().copied().filter(|t| t.whole) {
            self.design = tag.to_design;
            self.whole += 1;
        }
        self.bump(changes);
        Some(label)
    }

    /// True when the design shown differs from what its file holds (or it has no file), a gesture included.
    pub fn is_dirty(&self) -> bool {
        self.binding().saved_state != Some(self.history.state()) || matches!(self.gesture, Some(Some(_)))
    }

    /// Where a save of the document as it is now starts from.
    pub fn save_mark(&self) -> SaveMark {
        SaveMark { design: self.design, state: self.history.state() }
    }

    /// Binds the design a save started from to `path`, which holds the state it was in (a save that ran while
    /// the user edited leaves the document dirty; one of a design since replaced binds that design).
    /// Any other design bound to that file no longer is (the file holds this one now): it becomes untitled, so
    /// undoing back to it never shows it as saved, and its Save asks for a name.
    pub fn mark_saved_at(&mut self, path: PathBuf, mark: SaveMark) {
        for (design, binding) in &mut self.bindings {
            if *design != mark.design && binding.path.as_deref().is_some_and(|p| same_file(p, &path)) {
                *binding = Binding::default();
            }
        }
        self.bindings.insert(mark.design, Binding { path: Some(path), saved_state: Some(mark.state) });
    }

    /// Marks the current state as saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        let mark = self.save_mark();
        self.mark_saved_at(path, mark);
    }

    /// The window title: file name (or the design's name and "unsaved" for a new design), a dot when the file
    /// does not hold what is shown, the app.
    pub fn title(&self) -> String {
        let name = self
            .path()
            .and_then(|p| p.file_name())
            .map_or_else(|| format!("{} (unsaved)", self.display_name()), |n| n.to_string_lossy().into_owned());
        format!("{}{name} — clusterplan", if self.is_dirty() { "● " } else { "" })
    }

    /// The design's name, or "Untitled".
    pub fn display_name(&self) -> &str {
        if self.layout.name.is_empty() { "Untitled" } else { &self.layout.name }
    }

    /// A file name to suggest when saving.
    pub fn suggested_file_name(&self) -> String {
        self.path().and_then(|p| p.file_name()).map_or_else(
            || {
                // A digit group's comma goes ("1,000,000" → "1000000"); each run of other characters becomes one
                // hyphen: "hall, 1000000" → "hall-1000000".
                let name: Vec<char> = self.display_name().chars().collect();
                let mut safe = String::new();
                for (i, &c) in name.iter().enumerate() {
                    let digit = |j: Option<usize>| j.and_then(|j| name.get(j)).is_some_and(char::is_ascii_digit);
                    if c == ',' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                        continue;
                    }
                    let c = if c.is_alphanumeric() || c == '_' { c } else { '-' };
                    if !(c == '-' && safe.ends_with('-')) {
                        safe.push(c);
                    }
                }
                format!("{}.ron", safe.trim_matches('-').to_lowercase())
            },
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// True when two paths name one file (spelled alike, or resolving to the same file).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Adds every built-in type the layout does not carry (the file's own types win), for the palette.
pub fn merge_builtin_types(layout: &mut Layout) {
    crate::io::add_builtin_types(layout, |_| true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Item, ItemId};

    fn doc() -> Document {
        let mut l = Layout::empty("t", 20.0, 10.0);
        l.items.push(Item::new(ItemId(1), "rack-colossus-64".into(), 2, 2));
        Document::new(l, None)
    }

    #[test]
    fn an_unsaved_hall_is_offered_a_tidy_file_name() {
        let d = Document::new(Layout::empty("Colossus-style hall, 1,000,000 H100 (B)", 20.0, 10.0), None);
        assert_eq!(d.suggested_file_name(), "colossus-style-hall-1000000-h100-b.ron");
        let d = Document::new(Layout::empty("Rows 1, 2 and 3,", 20.0, 10.0), None);
        assert_eq!(d.suggested_file_name(), "rows-1-2-and-3.ron", "a comma that is not in a number separates");
        let saved = Document::new(Layout::empty("x", 20.0, 10.0), Some("/tmp/My Hall.ron".into()));
        assert_eq!(saved.suggested_file_name(), "My Hall.ron", "a saved hall keeps its file's name");
    }

    /// Open a.ron, generate another design, save it as a.ron, undo: the design on screen is not what a.ron
    /// holds any more — it is unsaved and untitled, not shown as saved to a.ron.
    #[test]
    fn a_design_whose_file_another_design_was_saved_to_is_untitled() {
        let a = PathBuf::from("/tmp/clusterplan-doc-test-a.ron");
        let mut d = Document::new(doc().layout().clone(), Some(a.clone()));
        assert!(!d.is_dirty());
        let generated = Layout::empty("generated", 30.0, 10.0);
        if let Err(e) = d.replace_whole("Generate".to_owned(), generated, WholeLayout::NewDesign) {
            panic!("{e}");
        }
        assert_eq!(d.path(), None, "a new design is untitled");
        d.mark_saved(a.clone());
        assert_eq!(d.path(), Some(a.as_path()));
        assert!(d.undo().is_some());
        assert_eq!(d.layout().name, "t");
        assert_eq!(d.path(), None, "a.ron holds the generated design now");
        assert!(d.is_dirty(), "the opened design is saved nowhere");
        assert!(d.title().contains("(unsaved)"), "{}", d.title());
        assert!(d.redo().is_some());
        assert_eq!(d.path(), Some(a.as_path()));
        assert!(!d.is_dirty(), "the generated design is what a.ron holds");
    }

    #[test]
    fn documents_never_share_a_key() {
        let (a, b) = (doc(), doc());
        assert_eq!(a.key().revision, b.key().revision);
        assert_ne!(a.key(), b.key());
    }

    #[test]
    fn a_cancelled_gesture_restores_exactly_and_leaves_no_step() {
        let mut d = doc();
        let before = d.layout().clone();
        d.apply("rename", Edit::SetHall(Box::new(d.layout().hall.clone()))).unwrap_or_else(|e| panic!("{e}"));
        d.begin_gesture();
        for x in 3..9 {
            let mut m = before.items[0].clone();
            m.x_mm = x * 600;
            d.update_gesture(Edit::Replace(vec![m]));
        }
        assert_eq!(d.layout().items[0].x_mm, 4_800);
        assert!(d.cancel_gesture());
        assert_eq!(d.layout(), &before);
        assert_eq!(d.history().undo_len(), 1);
        // Undo during a gesture cancels the gesture first, then undoes the step before it, which redo brings
        // back.
        d.begin_gesture();
        let mut m = before.items[0].clone();
        m.x_mm = 3_000;
        d.update_gesture(Edit::Replace(vec![m]));
        assert_eq!(d.undo().as_deref(), Some("rename"));
        assert_eq!(d.layout(), &before);
        assert_eq!(d.history().undo_len(), 0);
        assert_eq!(d.redo().as_deref(), Some("rename"));
        // A committed gesture is one step.
        d.begin_gesture();
        for x in 3..6 {
            let mut m = before.items[0].clone();
            m.x_mm = x * 600;
            d.update_gesture(Edit::Replace(vec![m]));
        }
        assert_eq!(d.commit_gesture("move"), Ok(true));
        assert_eq!(d.history().undo_len(), 2);
        d.undo();
        assert_eq!(d.layout(), &before);
    }

    #[test]
    fn an_edit_that_could_not_be_reopened_is_refused() {
        let mut d = doc();
        let before = d.layout().clone();
        let mut bad = before.items[0].clone();
        bad.feed_a = Some(ItemId(77));
        let e = d.apply("dangle", Edit::Replace(vec![bad])).err().unwrap_or_else(|| panic!("accepted"));
        assert!(e.to_string().contains("item #77, which is not in the layout"), "{e}");
        assert_eq!(d.layout(), &before);
        assert_eq!(d.history().undo_len(), 0);
        assert!(!d.is_dirty());
    }
}
