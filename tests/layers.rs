//! The layers of `src/` as ARCHITECTURE.md draws them, checked from the source: which module may use which, no
//! GUI crate outside `ui`, and no circle of imports between files. A `use` (or a `crate::` / `super::` path
//! anywhere in the code) that breaks a rule fails here, naming the file and the path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside the crate, e.g. `["analysis", "cables"]` (empty: the crate root).
type Module = Vec<String>;

/// Every `.rs` file under `src/`, by its module path.
fn modules() -> BTreeMap<Module, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap_or(&path).with_extension("");
            let mut module: Module = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib" || m == "main") {
                module.pop();
            }
            out.insert(module, path);
        }
    }
    out
}

/// The code of a file without its comments, string literals and `#[cfg(test)] mod tests`.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for d in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            // A character literal ('"' would otherwise open a string); a lifetime or label ('a) stays.
            '\'' => {
                let ahead: Vec<char> = chars.clone().take(12).collect();
                let len = match ahead.as_slice() {
                    ['\\', rest @ ..] => rest.iter().position(|d| *d == '\'').map(|at| at + 2),
                    [_, '\'', ..] => Some(2),
                    _ => None,
                };
                match len {
                    Some(n) => {
                        for _ in 0..n {
                            chars.next();
                        }
                        out.push_str("' '");
                    }
                    None => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Paths in the code that name the crate's own modules: `crate::…`, `super::…`, `self::…`, with `use` groups
/// (`use crate::a::{b, c::d}`) expanded to each member.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"].iter().find(|p| {
            bytes[i..].iter().take(p.len()).copied().eq(p.chars())
                && (i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':'))
        });
        let Some(_) = starts else {
            i += 1;
            continue;
        };
        let (path, next) = read_path(&bytes, i);
        out.extend(path);
        i = next.max(i + 1);
    }
    out
}

/// Reads a path starting at `i` (with a `{…}` group, expanded); the paths and where it ended.
fn read_path(s: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut segs: Vec<String> = Vec::new();
    let mut word = String::new();
    while i < s.len() {
        let c = s[i];
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            i += 1;
        } else if c == ':' && s.get(i + 1) == Some(&':') {
            if !word.is_empty() {
                segs.push(std::mem::take(&mut word));
            }
            i += 2;
            if s.get(i) == Some(&'{') {
                let (groups, next) = read_group(s, i + 1);
                let out = groups.into_iter().map(|g| segs.iter().cloned().chain(g).collect()).collect();
                return (out, next);
            }
        } else {
            break;
        }
    }
    if !word.is_empty() {
        segs.push(word);
    }
    (vec![segs], i)
}

/// Reads the members of a `{…}` group (after its brace): each member's path, and where the group ended.
fn read_group(s: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut out = Vec::new();
    loop {
        while i < s.len() && (s[i].is_whitespace() || s[i] == ',') {
            i += 1;
        }
        if i >= s.len() || s[i] == '}' {
            return (out, i + 1);
        }
        let (paths, next) = read_path(s, i);
        out.extend(paths.into_iter().filter(|p| !p.is_empty() && p[0] != "self"));
        // Skip `as name` and anything else up to the member's end.
        i = next.max(i + 1);
        while i < s.len() && s[i] != ',' && s[i] != '}' {
            i += 1;
        }
    }
}

/// The module a path from `from` names: the longest prefix that is a module.
fn resolve(from: &Module, path: &[String], modules: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let mut base: Module = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super" | "self") => from.clone(),
        _ => return None,
    };
    let mut rest = path;
    if path[0] == "crate" {
        rest = &path[1..];
    } else {
        while let Some(first) = rest.first() {
            match first.as_str() {
                "super" => {
                    base.pop();
                }
                "self" => {}
                _ => break,
            }
            rest = &rest[1..];
        }
    }
    let full: Module = base.into_iter().chain(rest.iter().cloned()).collect();
    (0..=full.len()).rev().map(|k| full[..k].to_vec()).find(|m| modules.contains_key(m))
}

/// Which module each module uses (itself and its own children's declarations aside).
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let mut g = BTreeMap::new();
    for (module, path) in &modules {
        let uses: BTreeSet<Module> = paths_in(&code_of(path))
            .iter()
            .filter_map(|p| resolve(module, p, &modules))
            .filter(|m| m != module)
            .collect();
        g.insert(module.clone(), uses);
    }
    g
}

fn name(m: &Module) -> String {
    if m.is_empty() { "crate".into() } else { m.join("::") }
}

fn top(m: &Module) -> &str {
    m.first().map_or("", String::as_str)
}

#[test]
fn each_layer_uses_only_the_layers_beneath_it() {
    // What each top-level module may use besides itself (ARCHITECTURE.md's table).
    let may_use: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("digits", &[][..]),
        ("units", &[][..]),
        ("model", &[][..]),
        ("analysis", &["model", "units", "digits"][..]),
        ("io", &["model", "digits"][..]),
        ("generate", &["model", "analysis", "io", "units", "digits"][..]),
        ("format", &["units", "digits"][..]),
        ("palette", &["model", "analysis"][..]),
        ("export", &["model", "analysis", "palette", "format", "digits", "units", "io"][..]),
        ("ui", &["model", "analysis", "io", "generate", "palette", "export", "format", "digits", "units"][..]),
        ("cli", &["model", "analysis", "io", "generate", "palette", "export", "format", "digits", "units"][..]),
    ]);
    let mut broken = Vec::new();
    for (module, uses) in graph() {
        let Some(allowed) = may_use.get(top(&module)) else {
            assert!(module.is_empty() || top(&module) == "main", "{} is in no layer of the table", name(&module));
            continue;
        };
        for used in uses {
            let t = top(&used);
            if t != top(&module) && !used.is_empty() && !allowed.contains(&t) {
                broken.push(format!(
                    "{} uses {} ({} may use only {allowed:?})",
                    name(&module),
                    name(&used),
                    top(&module)
                ));
            }
        }
    }
    assert!(broken.is_empty(), "imports across the layers:\n{}", broken.join("\n"));
}

#[test]
fn no_gui_crate_outside_the_designer() {
    let mut found = Vec::new();
    for (module, path) in modules() {
        if top(&module) == "ui" || module.is_empty() || top(&module) == "main" {
            continue;
        }
        let code = code_of(&path);
        for krate in ["egui", "eframe", "rfd", "egui_plot", "directories"] {
            let hit = code.match_indices(&format!("{krate}::")).any(|(at, _)| {
                at == 0 || code[..at].chars().last().is_some_and(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
            });
            if hit {
                found.push(format!("{} uses {krate}", name(&module)));
            }
        }
    }
    assert!(found.is_empty(), "only src/ui may use the GUI crates:\n{}", found.join("\n"));
}

#[test]
fn no_two_files_import_each_other_even_by_way_of_others() {
    let g = graph();
    // Tarjan's strongly connected components.
    struct State<'a> {
        g: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        next: usize,
        circles: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        let g = s.g;
        for w in g.get(v).into_iter().flatten() {
            let Some((w, _)) = g.get_key_value(w) else { continue };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap_or_else(|| unreachable!("visited"));
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap_or_else(|| unreachable!("visited"));
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut circle = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                circle.push(name(w));
                if w == v {
                    break;
                }
            }
            if circle.len() > 1 {
                circle.sort();
                s.circles.push(circle);
            }
        }
    }
    let mut s = State {
        g: &g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        circles: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    assert!(s.circles.is_empty(), "files that import each other (by way of others): {:?}", s.circles);
}

#[test]
fn the_checker_sees_what_it_must() {
    // The parser expands groups and resolves `super`, so the rules above are about real imports.
    let code = "use super::{a::B, c};\nuse crate::model::{self, edit::Edit};\nfn f() { crate::io::load(); }";
    let paths = paths_in(code);
    assert!(paths.contains(&vec!["super".into(), "a".into(), "B".into()]), "{paths:?}");
    assert!(paths.contains(&vec!["crate".into(), "model".into(), "edit".into(), "Edit".into()]), "{paths:?}");
    assert!(paths.contains(&vec!["crate".into(), "io".into(), "load".into()]), "{paths:?}");
    // A quote in a character literal opens no string: the code after it is still read.
    let file = std::env::temp_dir().join(format!("clusterplan-layers-{}.rs", std::process::id()));
    let text = "fn f<'a>(s: &'a str) { let q = '\"'; let e = '\\''; let u = '\\u{22}'; crate::ui::x(); }";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let read = code_of(&file);
    let _ = std::fs::remove_file(&file);
    assert!(paths_in(&read).contains(&vec!["crate".into(), "ui".into(), "x".into()]), "{read}");
    let modules = modules();
    let from: Module = vec!["ui".into(), "run".into(), "edits".into()];
    let p: Vec<String> = ["super", "super", "app", "DesignerApp"].iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(resolve(&from, &p, &modules), Some(vec!["ui".to_owned(), "app".to_owned()]));
    assert!(
        graph()[&vec!["analysis".to_owned(), "cables".to_owned()]]
            .contains(&vec!["analysis".to_owned(), "media".to_owned()])
    );
}
