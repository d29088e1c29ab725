//! The layering of the crate, checked on its sources:
//!
//! - the model (`src/model/`) is the only place that walks syntax trees: no `syn::visit`
//!   walker under `src/rules/`;
//! - the model imports neither the rules nor the driver (analysis, engine, cli, config,
//!   render, suppress, baseline, walk);
//! - no import cycle between top-level modules, nor between the model's submodules.
//!
//! Imports are read from the code (`crate::x::..`, `super::x`, `use` trees), comments excluded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a source file: `src/model/flags/mod.rs` -> `["model", "flags"]`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if segs
        .last()
        .is_some_and(|s| s == "mod" || s == "lib" || s == "main")
    {
        segs.pop();
    }
    segs
}

/// The code of a file without comments (string contents are kept: they never hold `crate::`
/// paths in this crate).
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            }
            if !in_str && c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// The modules a file's code refers to, as paths from the crate root.
fn references(module: &[String], is_mod_file: bool, text: &str) -> BTreeSet<Vec<String>> {
    let code = code(text);
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .take_while(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
            .map(str::to_string)
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let path = ident(&code[i + "crate::".len()..]);
        if !path.is_empty() {
            out.insert(path);
        }
    }
    // `super::x` from `a/b.rs` is `a::x`; from `a/b/mod.rs` (module `a::b`) it is `a::x` too
    let parent: Vec<String> = if is_mod_file || module.is_empty() {
        module[..module.len().saturating_sub(1)].to_vec()
    } else {
        module[..module.len() - 1].to_vec()
    };
    for (i, _) in code.match_indices("super::") {
        if i >= 2 && &code[i - 2..i] == "::" {
            continue; // the rest of a `super::super::` chain, read with its first `super`
        }
        let mut rest = &code[i + "super::".len()..];
        let mut path = parent.clone();
        while let Some(r) = rest.strip_prefix("super::") {
            path.pop();
            rest = r;
        }
        path.extend(ident(rest));
        if !path.is_empty() {
            out.insert(path);
        }
    }
    out
}

struct Crate {
    /// Module path -> (file, code).
    files: BTreeMap<Vec<String>, (PathBuf, String)>,
    /// Module path -> modules it refers to.
    refs: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn read_crate() -> Crate {
    let mut files = Vec::new();
    rs_files(&src(), &mut files);
    let mut out = Crate {
        files: BTreeMap::new(),
        refs: BTreeMap::new(),
    };
    for f in files {
        let module = module_of(&f);
        // a test module is not part of the layering
        if module.last().is_some_and(|m| m == "tests") || module.first().is_some_and(|m| m == "bin")
        {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let is_mod = f.file_name().is_some_and(|n| n == "mod.rs");
        out.refs
            .insert(module.clone(), references(&module, is_mod, &text));
        out.files.insert(module, (f, text));
    }
    out
}

/// The graph between modules cut at `depth` segments below `under` (`under = []`, `depth = 1`:
/// top-level modules). Edges inside one node are dropped.
fn graph(c: &Crate, under: &[&str], depth: usize) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let within = |m: &[String]| -> Option<Vec<String>> {
        if m.len() < under.len() + depth || !m.iter().zip(under).all(|(a, b)| a == b) {
            return None;
        }
        Some(m[..under.len() + depth].to_vec())
    };
    let mut g: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, refs) in &c.refs {
        let Some(from) = within(m) else { continue };
        for r in refs {
            if let Some(to) = within(r)
                && to != from
            {
                g.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    g
}

/// A cycle of the graph, if it has one.
fn cycle(g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    fn dfs(
        n: &Vec<String>,
        g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|x| x == m).unwrap();
                    let mut c = stack[at..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = dfs(m, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = dfs(n, g, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn show(c: &[Vec<String>]) -> String {
    c.iter()
        .map(|m| m.join("::"))
        .collect::<Vec<_>>()
        .join(" -> ")
}

#[test]
fn rules_walk_no_syntax_tree() {
    let c = read_crate();
    let mut offenders = Vec::new();
    for (m, (file, text)) in &c.files {
        if m.first().is_some_and(|s| s == "rules") {
            let code = code(text);
            for pat in [
                "syn::visit",
                "Visit<'",
                ".visit_file(",
                "parse_file(",
                "parse_str::<",
            ] {
                if code.contains(pat) {
                    offenders.push(format!("{} uses `{pat}`", file.display()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "syntax walks belong in src/model/:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_model_imports_neither_rules_nor_driver() {
    let c = read_crate();
    let forbidden = [
        "rules", "analysis", "engine", "cli", "config", "render", "suppress", "baseline", "walk",
    ];
    let mut offenders = Vec::new();
    for (m, refs) in &c.refs {
        if m.first().is_some_and(|s| s == "model") {
            for r in refs {
                if forbidden.contains(&r[0].as_str()) {
                    offenders.push(format!("{} -> {}", m.join("::"), r.join("::")));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn no_import_cycles() {
    let c = read_crate();
    let top = graph(&c, &[], 1);
    // the graph is real: the driver reaches the model through the rules
    assert!(top[&vec!["analysis".to_string()]].contains(&vec!["rules".to_string()]));
    assert!(top[&vec!["rules".to_string()]].contains(&vec!["model".to_string()]));
    if let Some(cy) = cycle(&top) {
        panic!("import cycle between top-level modules: {}", show(&cy));
    }
    let model = graph(&c, &["model"], 1);
    assert!(!model.is_empty());
    if let Some(cy) = cycle(&model) {
        panic!("import cycle inside the model: {}", show(&cy));
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let v = |s: &str| vec![s.to_string()];
    let mut g = BTreeMap::new();
    g.insert(v("a"), BTreeSet::from([v("b")]));
    g.insert(v("b"), BTreeSet::from([v("c")]));
    g.insert(v("c"), BTreeSet::from([v("a")]));
    assert_eq!(show(&cycle(&g).unwrap()), "a -> b -> c -> a");
    g.insert(v("c"), BTreeSet::new());
    assert!(cycle(&g).is_none());
    // `super::` from a nested file and from a `mod.rs`
    let refs = references(
        &["model".into(), "flags".into(), "sync".into()],
        false,
        "use super::super::FileSyntax; use super::wait_loop::x; // crate::rules::y\n",
    );
    assert!(refs.contains(&vec!["model".into(), "flags".into(), "wait_loop".into()]));
    assert!(refs.contains(&vec!["model".into()]));
    assert!(!refs.iter().any(|r| r[0] == "rules"));
}
