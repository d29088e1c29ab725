//! The per-file cache: what the analysis of one file produced (its candidates, its model and
//! the facts it hands to the workspace phase: a [`FileAnalysis`]), so that a file that did
//! not change is neither parsed nor modelled again. The workspace phase, the config, the
//! suppressions and the baseline still run on every run, so the output is the same with and
//! without the cache.
//!
//! An entry is the key's line, then the analysis in MessagePack (smaller than JSON and
//! faster to read back), its structs written as arrays of all their fields rather than maps
//! named by field ([`crate::model::stored`]).
//!
//! An entry is keyed by everything the analysis reads: the file's text, the path it is shown
//! as and its place in its crate, its edition, the rule options of its config, racelint's
//! version and the build of the executable. One entry per file (by path): a changed file
//! replaces its entry, so the cache does not grow with edits. A file whose model used other
//! files' helpers has its analysis kept in a second entry (a third when both rounds used
//! them), keyed also by those helpers ([`Cache::with_helpers`]): it is reused while the
//! helpers it was modelled with are the same, whatever else changed.
//!
//! Entries are written through [`crate::outfile::write_unsynced`] (an exclusive temporary
//! file renamed over the entry, not synced to disk), so concurrent runs never see half an
//! entry; an entry that does not read back (truncated, corrupt, from another version, empty
//! after a crash) is ignored and rewritten. A cache that
//! cannot be created or written (a read-only tree) is not an error: the run goes on without it.

use std::hash::Hash;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::FileAnalysis;
use crate::diagnostic::{Diagnostic, Label, Severity, Span, Suggestion};
use crate::model::Edition;
use crate::rules::RuleSettings;
use crate::scan::{Comment, ModDecl};
use crate::source::SourceFile;

/// What the cache keeps of one file: its analysis, and what the engine's lexical scan found
/// (the comments, for the suppressions, and the module declarations, for the crate's files),
/// so that a cached file is not even scanned.
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub analysis: FileAnalysis,
    pub comments: Vec<Comment>,
    pub mods: Vec<ModDecl>,
}

/// [`Entry`] as written (by reference: the same fields, so it reads back as an `Entry`).
#[derive(Serialize)]
pub struct EntryRef<'a> {
    pub analysis: &'a FileAnalysis,
    pub comments: &'a [Comment],
    pub mods: &'a [ModDecl],
}

/// The name of the cache directory under the project root.
pub const DIR_NAME: &str = ".racelint_cache";

/// The first line of every entry, before the key.
const MAGIC: &str = "racelint-cache-v4";

/// The first line of a run's report, before the key.
const RUN_MAGIC: &str = "racelint-run-v2";

/// An open cache directory.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// racelint's version and the executable's build.
    build: String,
    /// The entries this run read or wrote (their file names), for [`Cache::prune`].
    used: std::sync::Mutex<std::collections::HashSet<std::ffi::OsString>>,
}

/// Entries another run may still be using are not pruned: only those unused for this long.
pub const PRUNE_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Which of a file's entries: what the file says alone, or its model with other files'
/// helpers (a file modelled in both rounds has one of each, so that neither replaces the
/// other).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Slot {
    /// The file modelled alone (keyed by [`Cache::key`]).
    Alone,
    /// Modelled with the workspace's guard-returning methods (the first round's later files).
    Guards,
    /// Modelled again with every helper of the other files (the second round).
    Helpers,
}

/// The key of one file's entry (128 bits).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Key(u64, u64);

impl Key {
    fn hex(self) -> String {
        format!("{:016x}{:016x}", self.0, self.1)
    }
}

/// A 128-bit XXH3 digest of everything hashed into it.
pub struct Hasher2(xxhash_rust::xxh3::Xxh3);

impl Hasher2 {
    fn new() -> Self {
        Hasher2(xxhash_rust::xxh3::Xxh3::new())
    }
    pub fn add(&mut self, v: impl Hash) {
        v.hash(&mut self.0);
    }
    pub fn finish(&self) -> Key {
        let d = self.0.digest128();
        Key((d >> 64) as u64, d as u64)
    }
}

impl Cache {
    /// Open (create) the cache in `dir`. `None` when it cannot be created.
    pub fn open(dir: &Path) -> Option<Cache> {
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).ok()?;
            // tools that skip caches (and racelint's own walk) know it by this tag; git by
            // the ignore file
            let _ = crate::outfile::write(
                &dir.join("CACHEDIR.TAG"),
                b"Signature: 8a477f597d28d172789f06886806bc55\n# racelint's cache: safe to delete.\n",
            );
            let _ = crate::outfile::write(&dir.join(".gitignore"), b"*\n");
        }
        let meta = std::fs::symlink_metadata(dir).ok()?;
        if !meta.is_dir() {
            return None;
        }
        Some(Cache {
            dir: std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
            build: build_id(),
            used: Default::default(),
        })
    }

    /// The key of `source` analysed with `edition` and `settings`.
    pub fn key(&self, source: &SourceFile, edition: Edition, settings: &RuleSettings) -> Key {
        let mut h = Hasher2::new();
        h.add(MAGIC);
        h.add(&self.build);
        h.add(&source.path);
        h.add(source.bom);
        if let Some(o) = &source.origin {
            h.add((&o.package, &o.rel, o.library_api, o.callers_visible));
        }
        h.add(format!("{edition:?}"));
        h.add(settings.fingerprint());
        h.add(&source.text);
        h.finish()
    }

    /// A hasher for a run's key, seeded with racelint's build.
    pub fn hasher(&self) -> Hasher2 {
        let mut h = Hasher2::new();
        h.add(RUN_MAGIC);
        h.add(&self.build);
        h
    }

    /// Where the report of a run over `paths` lives (one per set of paths: a changed run
    /// replaces it). Not named like a file's entry, so [`Cache::prune`] keeps it.
    fn run_entry(&self, paths: &[PathBuf]) -> PathBuf {
        let mut h = Hasher2::new();
        for p in paths {
            h.add(std::path::absolute(p).unwrap_or_else(|_| p.clone()));
        }
        self.dir.join(format!("run-{}", h.finish().hex()))
    }

    /// The report stored for a run over `paths` under `key`, if there is a good one.
    pub fn get_run<T: serde::de::DeserializeOwned>(
        &self,
        paths: &[PathBuf],
        key: Key,
    ) -> Option<T> {
        let bytes = std::fs::read(self.run_entry(paths)).ok()?;
        let body = checked_body(&bytes, RUN_MAGIC, key)?;
        crate::model::stored::all_fields(|| rmp_serde::from_slice(body)).ok()
    }

    /// Store the report of a run over `paths` under `key`. Failing to is not an error.
    pub fn put_run<T: Serialize>(&self, paths: &[PathBuf], key: Key, report: &T) {
        write_checked(&self.run_entry(paths), RUN_MAGIC, key, report);
    }

    /// Count the entries of the file at `abs` shown as `display` as used by this run (a run
    /// served by its cached report reads no file's entry but needs them all).
    pub fn mark_used(&self, abs: &Path, display: &str) {
        for slot in [Slot::Alone, Slot::Guards, Slot::Helpers] {
            self.entry(abs, display, slot);
        }
    }

    /// The key of a file's analysis made with other files' helpers: the file's own `key`
    /// and what [`crate::model::index::Externals::fingerprint`] says the helpers were.
    pub fn with_helpers(&self, key: Key, helpers: (u128, usize)) -> Key {
        let mut h = Hasher2::new();
        h.add(key);
        h.add(helpers);
        h.finish()
    }

    /// Where the entry of the file at `abs` shown as `display` lives, in `slot`.
    fn entry(&self, abs: &Path, display: &str, slot: Slot) -> PathBuf {
        let mut h = Hasher2::new();
        h.add(abs);
        h.add(display);
        if slot != Slot::Alone {
            h.add(slot);
        }
        let name = h.finish().hex();
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.clone().into());
        }
        self.dir.join(name)
    }

    /// The directory the cache serves: a run that lints all of it knows every live entry.
    pub fn root(&self) -> Option<&Path> {
        self.dir.parent()
    }

    /// Remove the entries of files this run did not read or write (deleted or renamed files,
    /// files shown under another path) that have not been written for `min_age`: call it after
    /// a run over the whole [`Cache::root`]. Only regular files named like an entry are
    /// removed (never a link, never a file racelint did not name). Returns how many. An entry
    /// a concurrent run needs after all is only a cache miss for it.
    pub fn prune(&self, min_age: std::time::Duration) -> usize {
        let Ok(used) = self.used.lock() else {
            return 0;
        };
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        for e in dir.flatten() {
            let name = e.file_name();
            let is_entry = name.len() == 32
                && name
                    .to_str()
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_hexdigit()));
            if !is_entry || used.contains(&name) {
                continue;
            }
            // `DirEntry::metadata` does not follow links
            let Ok(meta) = e.metadata() else { continue };
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= min_age);
            if meta.is_file() && old && std::fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// The entry stored for this file in `slot` under `key`, if there is a good one.
    pub fn get(&self, abs: &Path, display: &str, slot: Slot, key: Key) -> Option<Entry> {
        let bytes = std::fs::read(self.entry(abs, display, slot)).ok()?;
        let body = checked_body(&bytes, MAGIC, key)?;
        // the facts live until the workspace phase: in the allocator's heap for kept facts,
        // like those of an analysis
        let mut e: Entry =
            crate::alloc::keep(|| crate::model::stored::all_fields(|| rmp_serde::from_slice(body)))
                .ok()?;
        if e.analysis.path != display {
            return None;
        }
        e.analysis.model.reindex();
        Some(e)
    }

    /// Store the entry of this file in `slot` under `key`. Failing to is not an error.
    pub fn put(&self, abs: &Path, display: &str, slot: Slot, key: Key, a: &EntryRef) {
        write_checked(&self.entry(abs, display, slot), MAGIC, key, a);
    }
}

/// The MessagePack body of an entry whose first line is `magic` and `key`.
fn checked_body<'b>(bytes: &'b [u8], magic: &str, key: Key) -> Option<&'b [u8]> {
    let nl = bytes.iter().position(|&b| b == b'\n')?;
    (bytes[..nl] == *format!("{magic} {}", key.hex()).as_bytes()).then(|| &bytes[nl + 1..])
}

/// Write `value` under the first line `magic` and `key` to `path` (an exclusive temporary
/// file renamed over it). Failing to is not an error.
fn write_checked<T: Serialize + ?Sized>(path: &Path, magic: &str, key: Key, value: &T) {
    let mut out = format!("{magic} {}\n", key.hex()).into_bytes();
    // structs as arrays: every field written, in order ([`crate::model::stored`])
    if crate::model::stored::all_fields(|| rmp_serde::encode::write(&mut out, value)).is_ok() {
        let _ = crate::outfile::write_unsynced(path, &out);
    }
}

/// racelint's version and the size and time of the running executable: a rebuilt racelint
/// does not read the entries of another build.
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{} {t}", m.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The default cache directory for a run over `paths`: `.racelint_cache` in the project
/// root, which is the directory of the config file, else the outermost directory above the
/// first path holding a `Cargo.toml` (the workspace), else the git work tree, else the first
/// path itself (or its directory).
pub fn default_dir(paths: &[PathBuf], config: Option<&Path>) -> PathBuf {
    let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let abs = std::path::absolute(first).unwrap_or_else(|_| first.to_path_buf());
    let start = if abs.is_dir() {
        abs.clone()
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let root = crate::config::config_dir(first, config)
        .or_else(|| {
            start
                .ancestors()
                .filter(|d| d.join("Cargo.toml").is_file())
                .last()
                .map(Path::to_path_buf)
        })
        .or_else(|| crate::config::git_top(&start))
        .unwrap_or(start);
    root.join(DIR_NAME)
}

/// A [`Diagnostic`] as the cache stores it: the rule and category as owned names.
#[derive(Deserialize)]
struct StoredDiagnostic {
    rule: String,
    category: String,
    severity: Severity,
    message: String,
    file: String,
    span: Span,
    labels: Vec<Label>,
    notes: Vec<String>,
    suggestion: Option<Suggestion>,
    #[serde(default)]
    help: Option<String>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StoredDiagnostic::deserialize(d)?
            .try_into()
            .map_err(serde::de::Error::custom)
    }
}

impl TryFrom<StoredDiagnostic> for Diagnostic {
    type Error = String;
    fn try_from(d: StoredDiagnostic) -> Result<Self, String> {
        let name = |s: &str| {
            crate::rules::static_name(s).ok_or_else(|| format!("unknown rule or category `{s}`"))
        };
        Ok(Diagnostic {
            rule: name(&d.rule)?,
            category: name(&d.category)?,
            severity: d.severity,
            message: d.message,
            file: d.file,
            span: d.span,
            labels: d.labels,
            notes: d.notes,
            suggestion: d.suggestion,
            help: d.help,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_reads_back_as_it_was_written() {
        let text = "use std::sync::{Mutex, atomic::{AtomicBool, Ordering}};\nstruct S { m: Mutex<u32>, f: AtomicBool }\nfn like(s: &S) {\n    let n = *s.m.lock().unwrap();\n    *s.m.lock().unwrap() = n + 1;\n    while !s.f.load(Ordering::Relaxed) {}\n    s.f.store(true, Ordering::Relaxed);\n}\n";
        let source = SourceFile::new("src/a.rs", text.to_string());
        let a = crate::analysis::analyze_file(&source, Edition::E2021).unwrap();
        assert!(!a.candidates.is_empty());
        let bytes = rmp_serde::to_vec_named(&a).unwrap();
        let mut back: FileAnalysis = match rmp_serde::from_slice(&bytes) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        back.model.reindex();
        let json = |a: &FileAnalysis| serde_json::to_value(a).unwrap();
        assert_eq!(json(&a), json(&back));
        let inside = a.model.fns[0].body;
        assert_eq!(
            back.model.fn_enclosing(inside),
            a.model.fn_enclosing(inside)
        );
        assert!(back.model.fn_enclosing(inside).is_some());
        // and through the cache's files
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c")).unwrap();
        let key = cache.key(&source, Edition::E2021, &RuleSettings::default());
        // a module-declaring macro after a plain `mod` (fields skipped in JSON are all kept)
        let mods =
            crate::scan::scan("mod x;\nmacro_rules! m { ($n:ident) => { mod $n; } }\nm!(y);").mods;
        assert_eq!(mods.len(), 3);
        let entry = EntryRef {
            analysis: &a,
            comments: &[],
            mods: &mods,
        };
        cache.put(
            Path::new("/x/src/a.rs"),
            "src/a.rs",
            Slot::Alone,
            key,
            &entry,
        );
        let got = cache
            .get(Path::new("/x/src/a.rs"), "src/a.rs", Slot::Alone, key)
            .expect("read back");
        assert_eq!(json(&got.analysis), json(&a));
        assert_eq!(got.mods, mods);
        let other = cache.key(&source, Edition::E2024, &RuleSettings::default());
        assert!(
            cache
                .get(Path::new("/x/src/a.rs"), "src/a.rs", Slot::Alone, other)
                .is_none()
        );
    }
}
