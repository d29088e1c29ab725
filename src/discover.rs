//! Which files cargo compiles: the targets of each package (`[lib]`, `[[bin]]`, `[[test]]`,
//! `[[example]]`, `[[bench]]`, the build script, and the ones cargo discovers by itself under
//! `src/bin/`, `tests/`, `examples/` and `benches/`), and every file their `mod` declarations
//! load, followed from file to file.
//!
//! The declarations come from the lexical scan each file gets anyway ([`crate::scan`]), so
//! following them costs no parse. The scan sees every `mod name;`, in macro bodies and in all
//! `cfg` alternatives (`#[cfg(unix)] mod unix; #[cfg(windows)] mod windows;`, `cfg_if!`), so
//! a file compiled on some platform or with some feature is reached. Where the rules leave a
//! doubt (the children of a file loaded through `#[path]`), every file that exists is taken.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::scan::ModDecl;

/// The root files of the targets of the package whose `Cargo.toml` is in `dir`.
pub fn package_targets(dir: &Path, manifest: &toml::Table) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let pkg = manifest.get("package").and_then(|p| p.as_table());
    let auto = |key: &str| {
        pkg.and_then(|p| p.get(key))
            .and_then(|v| v.as_bool())
            .unwrap_or(true)
    };
    let explicit = |out: &mut Vec<PathBuf>, key: &str, default_dir: &str| {
        let Some(list) = manifest.get(key) else {
            return;
        };
        let tables: Vec<&toml::Table> = match list {
            toml::Value::Table(t) => vec![t],
            toml::Value::Array(a) => a.iter().filter_map(|v| v.as_table()).collect(),
            _ => Vec::new(),
        };
        for t in tables {
            if let Some(p) = t.get("path").and_then(|p| p.as_str()) {
                out.push(dir.join(p));
            } else if key == "lib" {
                // `src/lib.rs`, added below
            } else if let Some(name) = t.get("name").and_then(|n| n.as_str()) {
                if key == "bin" {
                    out.push(dir.join("src/main.rs"));
                }
                out.push(dir.join(default_dir).join(format!("{name}.rs")));
                out.push(dir.join(default_dir).join(name).join("main.rs"));
                // `[[bin]]` named like the package, and `-` / `_` spellings
                let snake = name.replace('-', "_");
                out.push(dir.join(default_dir).join(format!("{snake}.rs")));
            }
        }
    };
    // the library
    explicit(&mut out, "lib", "src");
    out.push(dir.join("src/lib.rs"));
    // binaries
    explicit(&mut out, "bin", "src/bin");
    if auto("autobins") {
        out.push(dir.join("src/main.rs"));
        auto_dir(dir, "src/bin", &mut out);
    }
    for (key, sub, flag) in [
        ("test", "tests", "autotests"),
        ("example", "examples", "autoexamples"),
        ("bench", "benches", "autobenches"),
    ] {
        explicit(&mut out, key, sub);
        if auto(flag) {
            auto_dir(dir, sub, &mut out);
        }
    }
    // the build script
    match pkg.and_then(|p| p.get("build")) {
        Some(toml::Value::String(s)) => out.push(dir.join(s)),
        Some(toml::Value::Boolean(false)) => {}
        _ => out.push(dir.join("build.rs")),
    }
    out.retain(|p| p.is_file());
    out
}

/// Cargo's target discovery in one directory: `sub/*.rs` and `sub/*/main.rs`.
fn auto_dir(dir: &Path, sub: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
        return;
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            if p.is_dir() {
                Some(p.join("main.rs"))
            } else if p.extension().is_some_and(|x| x == "rs") {
                Some(p)
            } else {
                None
            }
        })
        .collect();
    found.sort();
    out.extend(found);
}

/// How a file's `mod name;` declarations find their files.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ownership {
    /// A crate root or a `mod.rs`: children sit beside it.
    Root,
    /// `a/b.rs`: children sit in `a/b/`.
    File,
    /// Loaded through `#[path]`: either (every file that exists is taken).
    Either,
}

/// The files `decl` in `file` may load, existing or not, with their ownership.
pub fn candidates(file: &Path, own: Ownership, decl: &ModDecl) -> Vec<(PathBuf, Ownership)> {
    let Some(dir) = file.parent() else {
        return Vec::new();
    };
    let stem_dir = file.file_stem().map(|s| dir.join(s));
    let bases: Vec<PathBuf> = match own {
        Ownership::Root => vec![dir.to_path_buf()],
        Ownership::File => stem_dir.into_iter().collect(),
        Ownership::Either => std::iter::once(dir.to_path_buf()).chain(stem_dir).collect(),
    };
    let mut out = Vec::new();
    for base in bases {
        let mut inner = base.clone();
        for (name, path) in &decl.inline {
            inner.push(path.as_deref().unwrap_or(name));
        }
        if decl.paths.is_empty() {
            out.push((inner.join(format!("{}.rs", decl.name)), Ownership::File));
            out.push((inner.join(&decl.name).join("mod.rs"), Ownership::Root));
        } else {
            for p in &decl.paths {
                // at the top of a file (and `include!`): relative to the file's directory;
                // inside inline modules: to the directory they stand for
                let from = if decl.inline.is_empty() { dir } else { &inner };
                out.push((from.join(p), Ownership::Either));
            }
        }
    }
    out
}

/// Every file reachable from `roots` through `mod` declarations. `mods_of` gives the
/// declarations of a file (from the scan the engine did, or by reading it); `known` says
/// whether a path is the canonical path of a file the engine read (no need to ask the file
/// system again); `mod_macros` names the `macro_rules!` of the run whose expansion declares
/// modules (a name in a call of another macro is no module). Keys are canonical paths.
pub fn reach(
    roots: impl IntoIterator<Item = PathBuf>,
    mut mods_of: impl FnMut(&Path) -> Vec<ModDecl>,
    known: impl Fn(&Path) -> bool,
    mod_macros: &HashSet<String>,
) -> HashSet<PathBuf> {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut queue: Vec<(PathBuf, Ownership)> = Vec::new();
    for r in roots {
        if let Ok(c) = r.canonicalize()
            && seen.insert(c.clone())
        {
            queue.push((c, Ownership::Root));
        }
    }
    while let Some((file, own)) = queue.pop() {
        let own = if file.file_name().is_some_and(|n| n == "mod.rs") {
            Ownership::Root
        } else {
            own
        };
        for decl in mods_of(&file) {
            if decl.declares_mods
                || decl
                    .macro_call
                    .as_ref()
                    .is_some_and(|m| !mod_macros.contains(m))
            {
                continue;
            }
            for (cand, child_own) in candidates(&file, own, &decl) {
                // most candidates are files the engine read, or do not exist
                let canonical = if known(&cand) {
                    Some(cand)
                } else if decl.via_macro || std::fs::symlink_metadata(&cand).is_err() {
                    // a name in a module-declaring macro counts only as a file found
                    None
                } else {
                    cand.canonicalize().ok().filter(|c| c.is_file())
                };
                if let Some(c) = canonical
                    && seen.insert(c.clone())
                {
                    queue.push((c, child_own));
                }
            }
        }
    }
    seen
}

/// The names of the module-declaring `macro_rules!` among `decls` (see [`ModDecl::declares_mods`]).
pub fn module_macros<'a>(decls: impl IntoIterator<Item = &'a ModDecl>) -> HashSet<String> {
    decls
        .into_iter()
        .filter(|d| d.declares_mods)
        .map(|d| d.name.clone())
        .collect()
}

/// The module declarations of a file read from disk (for a file of a crate that the walk did
/// not produce: excluded, ignored, or outside the paths given).
pub fn mods_from_disk(file: &Path) -> Vec<ModDecl> {
    std::fs::read(file)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .map(|t| crate::scan::scan(&t).mods)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, paths: &[&str], inline: &[&str]) -> ModDecl {
        ModDecl {
            name: name.into(),
            paths: paths.iter().map(|s| s.to_string()).collect(),
            inline: inline.iter().map(|s| (s.to_string(), None)).collect(),
            via_macro: false,
            macro_call: None,
            declares_mods: false,
        }
    }

    fn names(c: Vec<(PathBuf, Ownership)>) -> Vec<String> {
        c.into_iter()
            .map(|(p, _)| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn module_files_as_rustc_finds_them() {
        let root = Path::new("/c/src/lib.rs");
        assert_eq!(
            names(candidates(root, Ownership::Root, &decl("a", &[], &[]))),
            ["/c/src/a.rs", "/c/src/a/mod.rs"]
        );
        let file = Path::new("/c/src/a.rs");
        assert_eq!(
            names(candidates(file, Ownership::File, &decl("b", &[], &["i"]))),
            ["/c/src/a/i/b.rs", "/c/src/a/i/b/mod.rs"]
        );
        assert_eq!(
            names(candidates(
                file,
                Ownership::File,
                &decl("b", &["x.rs"], &[])
            )),
            ["/c/src/x.rs"]
        );
        assert_eq!(
            names(candidates(
                file,
                Ownership::File,
                &decl("b", &["x.rs"], &["i"])
            )),
            ["/c/src/a/i/x.rs"]
        );
        assert_eq!(
            names(candidates(
                root,
                Ownership::Root,
                &decl("b", &["x.rs"], &["i"])
            )),
            ["/c/src/i/x.rs"]
        );
    }
}
