//! File discovery: which files a run lints, and how their paths are shown.
//!
//! A directory is walked with the `ignore` crate: `.gitignore`, `.ignore` and hidden files are
//! honoured, Cargo `target/` directories and the config's `exclude` globs are skipped, symbolic
//! links are followed when they resolve inside the directory walked (all of them with
//! `--follow-links`; a loop is a per-path error, not a hang; a directory reached by several
//! paths is walked once, from the first path in walking order), so a link planted in a tree
//! cannot make racelint read, and print, a file elsewhere. A file named explicitly is always
//! linted, unless `--force-exclude` is given and the config excludes it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;

/// A file to read and analyse.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as reported: as the user gave it or as discovered under a given directory,
    /// `/`-separated, without a leading `./`.
    pub display: String,
    /// The path to open.
    pub path: PathBuf,
    /// Absolute (not canonical) path, for config globs.
    pub abs: PathBuf,
    /// Index of the config that applies.
    pub config: usize,
    /// `false` for a file read only for the facts it contributes (the rest of the crate of a
    /// file named on the command line): its findings are not reported.
    pub reported: bool,
}

/// A path that could not be walked (a permission-denied directory, a symlink loop, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

/// How the user's path is shown: `/` separators, no leading `./`, and unambiguous: a byte
/// that is not UTF-8 is shown as `\xFF` and a backslash as `\\` (on Unix, where a
/// backslash is a character of the name), so that two different names never print the same.
pub fn display_path(p: &Path) -> String {
    let s = lossless(p);
    let mut s: &str = &s;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    if s.is_empty() || s == "." {
        ".".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(unix)]
fn lossless(p: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in p.as_os_str().as_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                // a newline or escape in a name would start a line or a sequence of its own
                // in the human output: written as its code, as an invalid byte is
                c if c.is_control() && (c as u32) < 0x80 => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn lossless(p: &Path) -> String {
    // Windows names are UTF-16: an unpaired surrogate is the only thing lost, and rare
    p.to_string_lossy().replace('\\', "/")
}

fn is_rust_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "rs")
}

/// An SQL script (`migrations/**/up.sql`, sqlx's `migrations/*.sql`): read for the unique
/// constraints it declares, never linted. A `down.sql` undoes a migration: not read.
pub fn is_sql_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "sql")
        && p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n != "down.sql" && !n.ends_with(".down.sql"))
}

/// The unique constraints the SQL scripts `files` declare ([`crate::model::data::unique`]),
/// in path order. A script larger than 4 MiB (a data dump) is skipped; bytes that are not
/// UTF-8 are replaced; a script that cannot be read contributes nothing. Paths come from the
/// walk, so a script outside the tree (through a link) is never read.
pub fn sql_unique_keys(files: &[Target]) -> Vec<crate::model::data::unique::UniqueKey> {
    const MAX: u64 = 4 << 20;
    let mut files: Vec<&Target> = files.iter().collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files.dedup_by(|a, b| a.abs == b.abs);
    let mut out = Vec::new();
    for t in files {
        if std::fs::metadata(&t.path).map_or(true, |m| m.len() > MAX) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&t.path) else {
            continue;
        };
        let sql = String::from_utf8_lossy(&bytes);
        out.extend(crate::model::data::unique::from_sql(&sql));
        // a unique index follows its column through a later migration's rename
        let renames = crate::model::data::unique::renames(&sql);
        crate::model::data::unique::apply_renames(&mut out, &renames);
    }
    out
}

/// Whether a directory is Cargo's build output (`target/` beside a `Cargo.toml`, or any
/// directory tagged with `CACHEDIR.TAG`).
fn is_build_dir(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if p.join("CACHEDIR.TAG").is_file() {
        return true;
    }
    name == "target"
        && p.parent()
            .is_some_and(|d| d.join("Cargo.toml").is_file() || d.as_os_str().is_empty())
}

/// Walk one directory. A symbolic link that resolves outside `root` is skipped unless
/// `follow_links` is set; returns how many were skipped.
pub fn walk_dir(
    root: &Path,
    cfg: &Arc<Config>,
    config_index: usize,
    reported: bool,
    follow_links: bool,
    files: &mut Vec<Target>,
    errors: &mut Vec<WalkError>,
) -> usize {
    let mut builder = ignore::WalkBuilder::new(root);
    let outside = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let outside_seen = Arc::clone(&outside);
    let filter_cfg = Arc::clone(cfg);
    // canonical directories walked so far: paired links to one directory (`a -> d`, `b -> d`,
    // at every level) would otherwise double the walk per level
    let walked = std::sync::Mutex::new(HashSet::new());
    let inside = (!follow_links).then(|| root.canonicalize().unwrap_or_else(|_| root.into()));
    builder
        .follow_links(true)
        .hidden(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .parents(true)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if let Some(root) = &inside
                && e.path_is_symlink()
                && e.path().canonicalize().is_ok_and(|t| !t.starts_with(root))
            {
                outside_seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return false;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if is_dir && (is_build_dir(e.path()) || e.file_name() == crate::cache::DIR_NAME) {
                return false;
            }
            if is_dir && !first_visit(&walked, e.path()) {
                return false;
            }
            let abs = std::path::absolute(e.path()).unwrap_or_else(|_| e.path().to_path_buf());
            filter_cfg.excluded(&abs, &display_path(e.path())).is_none()
        });
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                // SQL scripts too: the caller takes them out of the files to lint
                if is_file && (is_rust_file(e.path()) || is_sql_file(e.path())) {
                    let path = e.path().to_path_buf();
                    let abs = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
                    files.push(Target {
                        display: display_path(&path),
                        path,
                        abs,
                        config: config_index,
                        reported,
                    });
                }
            }
            Err(err) => {
                if let Some(we) = walk_error(&err) {
                    errors.push(we);
                }
            }
        }
    }
    outside.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether the directory at `path` is walked for the first time (by its canonical path).
/// A link back to an ancestor is let through: the walker reports the loop.
fn first_visit(walked: &std::sync::Mutex<HashSet<PathBuf>>, path: &Path) -> bool {
    let Ok(canon) = path.canonicalize() else {
        return true;
    };
    let mut walked = walked.lock().unwrap_or_else(|p| p.into_inner());
    if walked.insert(canon.clone()) {
        return true;
    }
    // a loop: let the walker report it
    path.parent()
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|parent| parent.starts_with(&canon))
}

/// Turn an `ignore` error into a per-path error, or `None` for the ones that do not concern
/// a file we would lint (a malformed glob in some `.gitignore`, a dangling link to a non-Rust
/// file). Any other path that cannot be read (a directory deeper than `PATH_MAX`, one that is
/// not readable) is reported: what is under it would otherwise be skipped silently.
fn walk_error(err: &ignore::Error) -> Option<WalkError> {
    fn inner(err: &ignore::Error, path: Option<&Path>) -> Option<WalkError> {
        match err {
            ignore::Error::WithPath { path, err } => inner(err, Some(path)),
            ignore::Error::WithDepth { err, .. } => inner(err, path),
            ignore::Error::WithLineNumber { err, .. } => inner(err, path),
            ignore::Error::Loop { ancestor, child } => Some(WalkError {
                display: display_path(child),
                message: format!(
                    "symbolic link loop: `{}` points back to its ancestor `{}`; not followed",
                    display_path(child),
                    display_path(ancestor)
                ),
            }),
            ignore::Error::Io(io) => {
                let path = path?;
                let denied = io.kind() == std::io::ErrorKind::PermissionDenied;
                if io.kind() == std::io::ErrorKind::NotFound && !is_rust_file(path) {
                    return None;
                }
                let what = if io.kind() == std::io::ErrorKind::NotFound {
                    "broken symbolic link or deleted file".to_string()
                } else if denied {
                    "permission denied".to_string()
                } else {
                    io.to_string()
                };
                Some(WalkError {
                    display: display_path(path),
                    message: format!("cannot read `{}`: {what}", display_path(path)),
                })
            }
            _ => None,
        }
    }
    inner(err, None)
}

/// The nearest ancestor-or-self directory of `abs` holding a `Cargo.toml`.
pub fn crate_root(abs: &Path) -> Option<PathBuf> {
    let start = if abs.is_dir() {
        Some(abs)
    } else {
        abs.parent()
    };
    let mut dir = start;
    while let Some(d) = dir {
        if d.join("Cargo.toml").is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// How to name a directory found from an absolute path: relative to the current directory
/// when it is under it, else absolute.
pub fn relative_to_cwd(abs: &Path) -> PathBuf {
    if let Ok(cwd) = std::env::current_dir() {
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let canon = abs.canonicalize().unwrap_or_else(|_| abs.to_path_buf());
        if let Ok(rel) = canon.strip_prefix(&cwd) {
            return if rel.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                rel.to_path_buf()
            };
        }
    }
    abs.to_path_buf()
}

/// Remove later duplicates of the same file (by canonical path), keeping reported entries
/// over context-only ones; the result is sorted by display path.
pub fn dedupe(mut files: Vec<Target>) -> Vec<Target> {
    // reported first, so that they win
    files.sort_by(|a, b| (!a.reported, &a.display).cmp(&(!b.reported, &b.display)));
    let mut seen = HashSet::new();
    files.retain(|t| {
        let key = t.path.canonicalize().unwrap_or_else(|_| t.abs.clone());
        seen.insert(key)
    });
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path(Path::new("./src/a.rs")), "src/a.rs");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("./")), ".");
        assert_eq!(display_path(Path::new("/abs/x.rs")), "/abs/x.rs");
    }

    /// A newline, tab or escape in a file name is printed as its code, so a name cannot
    /// start a line of its own (`x\nfake.rs:2:5`) or a terminal sequence in any output.
    #[cfg(unix)]
    #[test]
    fn control_characters_in_names_are_written_as_codes() {
        assert_eq!(display_path(Path::new("d/x\nfake.rs")), "d/x\\x0afake.rs");
        assert_eq!(
            display_path(Path::new("a\tb\u{1b}[31m.rs")),
            "a\\x09b\\x1b[31m.rs"
        );
        assert_eq!(display_path(Path::new("a\u{85}.rs")), "a\\u{85}.rs");
        assert_eq!(display_path(Path::new("é\\.rs")), "é\\\\.rs");
    }

    #[cfg(unix)]
    #[test]
    fn names_differing_in_invalid_bytes_print_differently() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let fe = display_path(Path::new(OsStr::from_bytes(b"./d/a\xfe.rs")));
        let ff = display_path(Path::new(OsStr::from_bytes(b"d/a\xff.rs")));
        assert_eq!(fe, "d/a\\xFE.rs");
        assert_eq!(ff, "d/a\\xFF.rs");
        // a name holding the text `\xFF` is not the name holding the byte
        assert_eq!(display_path(Path::new("d/a\\xFF.rs")), "d/a\\\\xFF.rs");
    }
}
