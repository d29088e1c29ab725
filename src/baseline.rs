//! Baselines and fingerprints: identities of findings that survive code moving around.
//!
//! A finding's key is its rule, its file, the function or method around it, and the text of
//! its primary line with whitespace collapsed: never a line number, so inserting lines above
//! a finding does not change it. `--write-baseline FILE` records today's findings;
//! `--baseline FILE` then reports only findings not in it and counts the entries that no
//! longer match anything (fixed, so the file can be pruned).
//!
//! A baseline's file names are relative to the project root ([`ProjectRoot`]), so that the
//! same finding matches whether racelint was run from the root or inside the tree, with
//! absolute paths or with `./`.

use crate::config::git_top;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::engine::Report;
use crate::source::SourceFile;

/// The identity of a finding, independent of line numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub rule: String,
    pub file: String,
    /// The function or method around the finding (`Bank::transfer`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The primary line's text, whitespace collapsed.
    pub snippet: String,
}

/// The text of the line holding `offset`, trimmed, with runs of whitespace collapsed to one
/// space.
pub fn normalized_line(src: &SourceFile, offset: usize) -> String {
    let idx = src.line_index(offset.min(src.text.len()));
    src.line_text(idx)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn key(report: &Report, d: &Diagnostic) -> Key {
    let snippet = report
        .sources
        .get(&d.file)
        .map(|s| normalized_line(s, d.span.start))
        .unwrap_or_default();
    Key {
        rule: d.rule.to_string(),
        file: d.file.clone(),
        item: report.enclosing_item(&d.file, d.span).map(str::to_string),
        snippet,
    }
}

/// 128-bit FNV-1a, as 32 hex digits: stable across platforms and releases.
pub fn hash_hex(parts: &[&str]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for p in parts {
        for &byte in p.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            a ^= byte as u64;
            a = a.wrapping_mul(0x0000_0100_0000_01b3);
            b ^= byte as u64;
            b = b.wrapping_mul(0x0000_0100_0000_01b3).rotate_left(5);
        }
    }
    format!("{a:016x}{b:016x}")
}

/// One fingerprint per diagnostic of the report (same order): a hash of the key and of the
/// finding's rank among findings with the same key, so that fingerprints are unique.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<Key, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let k = key(report, d);
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            let rank = n.to_string();
            hash_hex(&[
                &k.rule,
                &k.file,
                k.item.as_deref().unwrap_or(""),
                &k.snippet,
                &rank,
            ])
        })
        .collect()
}

/// What a baseline's file names are relative to, in the `paths` field of the baselines that
/// racelint writes. Baselines without it (written before) name files as they were shown, that
/// is relative to the directory racelint ran in.
pub const PATHS_FROM_ROOT: &str = "relative to the project root";

/// The directory baseline paths are relative to: the directory of the config file that
/// applies, else the top of the git work tree, else the current directory.
#[derive(Debug)]
pub struct ProjectRoot {
    /// Canonical.
    root: PathBuf,
    /// The current directory, canonical.
    cwd: PathBuf,
    /// Report path -> root-relative path.
    cache: RefCell<HashMap<String, String>>,
}

impl ProjectRoot {
    /// The root for a run over `paths` (the first one decides; none means `.`), with
    /// `--config FILE` if given.
    pub fn find(paths: &[PathBuf], config: Option<&Path>) -> ProjectRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
        let root = crate::config::config_dir(first, config)
            .or_else(|| git_top(&cwd.join(first)))
            .unwrap_or_else(|| cwd.clone());
        ProjectRoot {
            root: root.canonicalize().unwrap_or(root),
            cwd,
            cache: RefCell::default(),
        }
    }

    /// The root `dir` (`--root DIR`), or else the top of the git work tree holding `first`
    /// (the first path linted), or else the current directory: what SARIF's URIs are relative
    /// to.
    pub fn repository(dir: Option<&Path>, first: Option<&Path>) -> ProjectRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let root = match dir {
            Some(d) => cwd.join(d),
            None => git_top(&cwd.join(first.unwrap_or(Path::new(".")))).unwrap_or(cwd.clone()),
        };
        ProjectRoot {
            root: root.canonicalize().unwrap_or(root),
            cwd,
            cache: RefCell::default(),
        }
    }

    /// The root directory (absolute).
    pub fn dir(&self) -> &Path {
        &self.root
    }

    /// A report path (relative to the current directory, or absolute) relative to the root,
    /// `/`-separated; absolute when the file is outside the root.
    pub fn relative(&self, file: &str) -> String {
        if let Some(r) = self.cache.borrow().get(file) {
            return r.clone();
        }
        let given = Path::new(file);
        let joined = self.cwd.join(given);
        // a shown name with a backslash is escaped (`\xFF`): not a name on disk as it is
        let real = (!file.contains('\\'))
            .then(|| joined.canonicalize().ok())
            .flatten();
        let r = match real {
            Some(p) => match p.strip_prefix(&self.root) {
                Ok(rel) => crate::walk::display_path(rel),
                Err(_) => crate::walk::display_path(&p),
            },
            None => {
                let p = lexical(&joined);
                let rel = p.strip_prefix(&self.root).unwrap_or(&p);
                lexical_str(&rel.to_string_lossy())
            }
        };
        self.cache.borrow_mut().insert(file.to_string(), r.clone());
        r
    }

    /// A file name read from a baseline, relative to the root.
    fn entry_file(&self, file: &str, from_root: bool) -> String {
        if from_root && !Path::new(file).is_absolute() {
            lexical_str(file)
        } else {
            self.relative(file)
        }
    }

    /// Whether a root-relative file is gone (a finding in a deleted file is fixed).
    fn deleted(&self, rel: &str) -> bool {
        !rel.contains('\\') && std::fs::symlink_metadata(self.root.join(rel)).is_err()
    }
}

/// `path` with `.` and `..` removed without asking the filesystem.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// [`lexical`] for a `/`-separated name.
fn lexical_str(name: &str) -> String {
    lexical(Path::new(name))
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}

/// The baseline key of each diagnostic of the report (same order), files relative to `root`.
fn keys(report: &Report, root: &ProjectRoot) -> Vec<Key> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let mut k = key(report, d);
            k.file = root.relative(&k.file);
            k
        })
        .collect()
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    /// [`PATHS_FROM_ROOT`] in baselines racelint writes; absent in older ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub key: Key,
    /// How many findings have this key.
    #[serde(default = "one")]
    pub count: usize,
    /// The message when it was recorded (informative only; not matched).
    #[serde(default)]
    pub message: String,
}

fn one() -> usize {
    1
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Findings hidden because the baseline has them.
    pub matched: usize,
    /// Baseline entries (counted with multiplicity) of linted files that matched nothing.
    pub fixed: usize,
}

impl Baseline {
    /// Today's findings.
    pub fn from_report(report: &Report, root: &ProjectRoot) -> Baseline {
        let mut grouped: BTreeMap<Key, Entry> = BTreeMap::new();
        for (k, d) in keys(report, root).into_iter().zip(&report.diagnostics) {
            grouped
                .entry(k.clone())
                .and_modify(|e| e.count = e.count.saturating_add(1))
                .or_insert(Entry {
                    key: k,
                    count: 1,
                    message: d.message.clone(),
                });
        }
        Baseline {
            version: 1,
            tool: "racelint".into(),
            paths: Some(PATHS_FROM_ROOT.into()),
            entries: grouped.into_values().collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    /// Read a baseline (a leading byte-order mark is allowed).
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != 1 {
            return Err(format!("unsupported baseline version {}", b.version));
        }
        Ok(b)
    }

    /// Remove from `report` the findings the baseline has (each entry absorbs up to `count`
    /// findings). The entries left unmatched are fixed when their file was linted without
    /// error, or no longer exists.
    pub fn apply(&self, report: &mut Report, root: &ProjectRoot) -> Outcome {
        let from_root = self.paths.as_deref() == Some(PATHS_FROM_ROOT);
        let mut left: HashMap<Key, usize> = HashMap::new();
        for e in &self.entries {
            let mut k = e.key.clone();
            k.file = root.entry_file(&k.file, from_root);
            let n = left.entry(k).or_insert(0);
            *n = n.saturating_add(e.count);
        }
        let keys = keys(report, root);
        let mut keep = Vec::with_capacity(keys.len());
        let mut matched = 0;
        for k in &keys {
            match left.get_mut(k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    matched += 1;
                    keep.push(false);
                }
                _ => keep.push(true),
            }
        }
        let mut i = 0;
        report.diagnostics.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        let errored: HashSet<String> = report
            .errors
            .iter()
            .map(|e| root.relative(&e.file))
            .collect();
        let linted: HashSet<String> = report
            .scanned
            .iter()
            .map(|f| root.relative(f))
            .filter(|f| !errored.contains(f))
            .collect();
        let fixed = left
            .iter()
            .filter(|(k, _)| linted.contains(&k.file) || root.deleted(&k.file))
            .fold(0usize, |sum, (_, n)| sum.saturating_add(*n));
        Outcome { matched, fixed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash_hex(&["a", "b"]), hash_hex(&["a", "b"]));
        assert_ne!(hash_hex(&["a", "b"]), hash_hex(&["ab", ""]));
        assert_eq!(hash_hex(&[]).len(), 32);
    }

    #[test]
    fn normalises_whitespace() {
        let s = SourceFile::new("a.rs", "fn f() {\n\t let   x =  1;\n}\n".into());
        assert_eq!(normalized_line(&s, 12), "let x = 1;");
    }
}
