//! One run of `racelint check`: find the files, read and analyse them in parallel, run the
//! workspace phase, apply the config and the suppressions, and return a sorted [`Report`].
//!
//! Nothing here panics on bad input: unreadable, non-UTF-8, unparsable and too deeply nested
//! files become per-file [`FileError`]s, and a panic inside the analysis of one file becomes an
//! internal error naming that file while the other files are still linted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analysis::{self, FileAnalysis};
use crate::cache::{Cache, Entry, EntryRef, Key, Slot};
use crate::config::{self, Config, ConfigError, Selector};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Edition, FnKind};
use crate::rules;
use crate::scan;
use crate::source::{CrateOrigin, SourceFile};
use crate::suppress::FileSuppressions;
use crate::walk::{self, Target};
use serde::{Deserialize, Serialize};

/// Stack size of the analysis threads: syn and the model recurse once per nesting level.
/// Unoptimised builds (`cargo test`, `cargo run` without `--release`) have frames several
/// times larger: an expression chained to [`MAX_CHAIN`] needs about 1.4 GB there (a 99 000-
/// level `a = a = … = 1` aborted the whole run with a stack overflow at 512 MB). The stack is
/// reserved address space; only the pages a file's nesting touches are used.
pub const STACK_SIZE: usize = if cfg!(debug_assertions) && usize::BITS >= 64 {
    (4u64 << 30) as usize
} else {
    512 << 20
};

/// Files nested deeper than this (brackets) are refused rather than risking the stack.
pub const MAX_NESTING: usize = 25_000;
/// Expressions with longer unbroken operator / method chains than this are refused too.
pub const MAX_CHAIN: usize = 100_000;
/// Number literals longer than this (bytes, underscores and suffix included) are refused: the
/// parser's handling of a literal is quadratic in its length, and no real number needs more
/// than a `u128` in binary with separators.
pub const MAX_NUMBER_LEN: usize = 1_024;

/// What to lint and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and directories; empty means `.`.
    pub paths: Vec<PathBuf>,
    /// Worker threads; `None` or `Some(0)` for one per core.
    pub jobs: Option<usize>,
    /// `--select` (comma lists allowed); replaces the config's `select` when not empty.
    pub select: Vec<String>,
    /// `--ignore` (comma lists allowed); added to the config's `ignore`.
    pub ignore: Vec<String>,
    /// `--config FILE`: use this config for every path instead of discovering one.
    pub config: Option<PathBuf>,
    /// Apply the config's `exclude` to files named explicitly too.
    pub force_exclude: bool,
    /// Read the rest of the crate of each file or sub-directory named on the command line, so
    /// that cross-file facts are complete (its findings are not reported).
    pub crate_context: bool,
    /// Follow symbolic links that resolve outside the directory walked (`--follow-links`).
    pub follow_links: bool,
    /// Lint every `.rs` file found, not only those a crate compiles (`--all-files`).
    pub all_files: bool,
    /// The per-file cache's directory (`None`: no cache). See [`crate::cache`].
    pub cache_dir: Option<PathBuf>,
    /// `--stdin-filename`: lint this text as the file at this path (which need not exist);
    /// the other files of its crate are read from disk for the cross-file facts.
    pub stdin: Option<(PathBuf, String)>,
    /// Texts to analyse instead of what is on disk, by absolute path (the rounds of `--fix`
    /// and `--diff` lint the fixed text before anything is written).
    pub overlay: Arc<BTreeMap<PathBuf, String>>,
    /// Told how many files there are and when each is done (the CLI's progress bar).
    pub progress: Option<Arc<dyn Progress>>,
}

/// Follows a run's per-file phase (the CLI's progress bar). Called from the worker threads.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// The number of files to analyse, once they are found.
    fn start(&self, total: usize);
    /// One more file analysed, of this package (`None` outside any package).
    fn file_done(&self, package: Option<&str>);
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            jobs: None,
            select: Vec::new(),
            ignore: Vec::new(),
            config: None,
            force_exclude: false,
            crate_context: true,
            follow_links: false,
            overlay: Arc::default(),
            progress: None,
            all_files: false,
            cache_dir: None,
            stdin: None,
        }
    }
}

/// Why a file could not be analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ErrorKind {
    /// Could not be read (permissions, a symlink loop, a deleted file, ...).
    Io,
    /// Not valid UTF-8.
    Encoding,
    /// Did not parse.
    Syntax,
    /// Too deeply nested to analyse safely.
    TooComplex,
    /// racelint itself failed (a panic): exit code 2.
    Internal,
}

/// A file that could not be analysed, with the position when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    pub file: String,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Byte offset in the text (for rendering a snippet when the text is in `sources`).
    pub offset: Option<usize>,
    pub kind: ErrorKind,
}

/// The outcome of a run, sorted and ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings after config, suppressions and sorting (file, position, rule).
    pub diagnostics: Vec<Diagnostic>,
    /// Per-file errors, sorted by file.
    pub errors: Vec<FileError>,
    /// The text of every file a diagnostic or error points into.
    pub sources: BTreeMap<String, SourceFile>,
    /// The absolute path of each analysed file in `sources` (what `--fix` writes).
    pub paths: BTreeMap<String, PathBuf>,
    /// Per file with findings: the spans and names of its functions and methods.
    pub items: BTreeMap<String, Vec<(Span, String)>>,
    /// Files the user asked for (reported files), including those with errors.
    pub files_scanned: usize,
    /// Their paths.
    pub scanned: std::collections::BTreeSet<String>,
    /// Findings removed by `racelint: allow` comments.
    pub suppressed: usize,
    /// `.rs` files found in a package's directory that no target of any package compiles
    /// (test data, fixtures): not linted (`--all-files` lints them).
    pub skipped_not_compiled: usize,
    /// Symbolic links under the directories given that resolve outside them, skipped (not
    /// followed without `--follow-links`).
    pub skipped_outside_links: usize,
    pub elapsed: Duration,
}

impl Report {
    pub fn files_with_errors(&self) -> usize {
        self.errors
            .iter()
            .filter(|e| !e.file.is_empty())
            .map(|e| e.file.as_str())
            .collect::<HashSet<_>>()
            .len()
    }
    pub fn has_internal_error(&self) -> bool {
        self.errors.iter().any(|e| e.kind == ErrorKind::Internal)
    }
    /// The name of the innermost function or method around `span` in `file`.
    pub fn enclosing_item(&self, file: &str, span: Span) -> Option<&str> {
        self.items
            .get(file)?
            .iter()
            .filter(|(s, _)| s.start <= span.start && span.start < s.end.max(s.start + 1))
            .min_by_key(|(s, _)| s.end - s.start)
            .map(|(_, n)| n.as_str())
    }
}

/// A fatal error: bad config, a path that does not exist, bad `--select`. Exit code 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Fatal {}

impl From<ConfigError> for Fatal {
    fn from(e: ConfigError) -> Self {
        Fatal(e.0)
    }
}

/// Run a check.
pub fn check(opts: &Options) -> Result<Report, Fatal> {
    let started = Instant::now();
    let cli_select = config::parse_selector_list("--select", &opts.select)?;
    let cli_ignore = config::parse_selector_list("--ignore", &opts.ignore)?;
    let stdin_abs = opts
        .stdin
        .as_ref()
        .map(|(p, _)| std::path::absolute(p).unwrap_or_else(|_| p.clone()));
    let paths: Vec<PathBuf> = if let Some((p, _)) = &opts.stdin {
        vec![p.clone()]
    } else if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };

    // Configs: one per given path (cached by the file they come from).
    let forced = match &opts.config {
        Some(f) => Some(match config::load(f)? {
            Some(c) => c,
            None => {
                return Err(Fatal(format!(
                    "{}: no `[package.metadata.racelint]` or `[workspace.metadata.racelint]` table",
                    f.display()
                )));
            }
        }),
        None => None,
    };
    let mut configs: Vec<Arc<Config>> = Vec::new();
    let mut config_of_file: HashMap<Option<PathBuf>, usize> = HashMap::new();

    let mut targets: Vec<Target> = Vec::new();
    let mut walk_errors = Vec::new();
    let mut outside_links = 0;
    let mut context_roots: Vec<(PathBuf, usize)> = Vec::new();
    // the directories walked in full (canonical): a workspace under one of them is seen whole
    let mut walked: Vec<PathBuf> = Vec::new();
    // files named on the command line: linted whether a crate compiles them or not
    let mut named: HashSet<String> = HashSet::new();
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() && opts.stdin.is_none() {
            return Err(Fatal(format!(
                "path does not exist: {}",
                walk::display_path(path)
            )));
        }
        let cfg = match &forced {
            Some(c) => c.clone(),
            None => {
                let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                let root = if abs.is_dir() {
                    abs.clone()
                } else {
                    abs.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                config::discover(path)?.unwrap_or_else(|| Config::default_for(&root))
            }
        };
        let idx = *config_of_file.entry(cfg.source.clone()).or_insert_with(|| {
            configs.push(Arc::new(cfg));
            configs.len() - 1
        });
        let cfg = Arc::clone(&configs[idx]);
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        if path.is_dir() && opts.stdin.is_none() {
            walked.push(abs.canonicalize().unwrap_or_else(|_| abs.clone()));
            outside_links += walk::walk_dir(
                path,
                &cfg,
                idx,
                true,
                opts.follow_links,
                &mut targets,
                &mut walk_errors,
            );
        } else {
            let display = walk::display_path(path);
            if opts.force_exclude && cfg.excluded(&abs, &display).is_some() {
                continue;
            }
            named.insert(display.clone());
            targets.push(Target {
                display,
                path: path.clone(),
                abs: abs.clone(),
                config: idx,
                reported: true,
            });
        }
        if opts.crate_context
            && let Some(root) = walk::crate_root(&abs)
        {
            let canon_root = root.canonicalize().unwrap_or(root.clone());
            let canon_path = abs.canonicalize().unwrap_or(abs.clone());
            if canon_root != canon_path && !context_roots.iter().any(|(r, _)| *r == canon_root) {
                context_roots.push((canon_root, idx));
            }
        }
    }
    // The crates of the files named: read for their facts only. A context root inside a
    // path already walked in full adds nothing.
    for (root, idx) in &context_roots {
        walked.push(root.clone());
        let shown = walk::relative_to_cwd(root);
        let mut ctx_errors = Vec::new();
        walk::walk_dir(
            &shown,
            &configs[*idx],
            *idx,
            false,
            opts.follow_links,
            &mut targets,
            &mut ctx_errors,
        );
    }
    // the SQL scripts found by the walks: their unique constraints, for the workspace phase
    let (sql_targets, targets): (Vec<Target>, Vec<Target>) = targets
        .into_iter()
        .partition(|t| walk::is_sql_file(&t.path) && !named.contains(&t.display));
    let sql_keys = walk::sql_unique_keys(&sql_targets);
    let targets = walk::dedupe(targets);

    let mut errors: Vec<FileError> = walk_errors
        .into_iter()
        .map(|w| FileError {
            file: w.display,
            message: w.message,
            line: None,
            column: None,
            offset: None,
            kind: ErrorKind::Io,
        })
        .collect();
    // a walk error about a file that was linted after all (a duplicate through a link) is moot
    let linted: HashSet<&str> = targets.iter().map(|t| t.display.as_str()).collect();
    errors.retain(|e| !linted.contains(e.file.as_str()));
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    errors.dedup();

    let mut editions = EditionCache::default();
    let work: Vec<(Target, Edition, Option<CrateOrigin>)> = targets
        .into_iter()
        .map(|t| {
            let (e, mut origin) = editions.crate_of(&t.abs);
            if let Some(o) = origin.as_mut() {
                o.callers_visible = editions
                    .workspace_root(&t.abs)
                    .is_some_and(|w| walked.iter().any(|r| w.starts_with(r)))
                    && !editions.exports_to_other_languages(&t.abs);
            }
            (t, e, origin)
        })
        .collect();

    let pool = build_pool(opts.jobs)?;
    install_panic_hook();
    // read and scan every file once: the scan finds the `mod` declarations that say which
    // files the crates compile
    // (a file the cache knows is not scanned: the cache has what the scan found)
    let cache = opts.cache_dir.as_deref().and_then(Cache::open);
    let loaded: Vec<Loaded> = pool.install(|| {
        work.par_iter()
            .map(|(t, e, origin)| {
                let text = given_text(t, opts, &stdin_abs);
                let l = read(t, *e, origin, &configs, cache.as_ref(), text);
                // without a cache there is no run key to compute first: scan at once, so
                // that the text is dropped while the other files are read
                if cache.is_none() {
                    lookup(t, l, None)
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
    });
    // a run over exactly the files, texts and settings of an earlier run gives its report
    let run_key = cache
        .as_ref()
        .filter(|_| opts.stdin.is_none() && opts.overlay.is_empty())
        .and_then(|c| {
            RunInputs {
                work: &work,
                loaded: &loaded,
                configs: &configs,
                cli: (&cli_select, &cli_ignore),
                all_files: opts.all_files,
                named: &named,
                walk_errors: &errors,
                sql_keys: &sql_keys,
            }
            .key(c)
        });
    if let (Some(c), Some(k)) = (&cache, run_key)
        && let Some(stored) = c.get_run::<StoredRun>(&opts.paths, k)
        && (opts.all_files || stored.compiled.unchanged(&work, &mut editions))
        && let Some(report) = stored.into_report(&work, &loaded)
    {
        for (t, _, _) in &work {
            c.mark_used(&t.abs, &t.display);
        }
        prune_if_whole(c, opts);
        return Ok(Report {
            elapsed: started.elapsed(),
            skipped_outside_links: outside_links,
            ..report
        });
    }
    let loaded: Vec<Loaded> = pool.install(|| {
        work.par_iter()
            .zip(loaded.into_par_iter())
            .map(|((t, _, _), l)| lookup(t, l, cache.as_ref()))
            .collect::<Vec<_>>()
    });
    let (work, loaded, skipped, compiled) = if opts.all_files {
        (work, loaded, 0, CompiledInputs::default())
    } else {
        keep_compiled(work, loaded, &named, &mut editions)
    };
    if let Some(p) = &opts.progress {
        p.start(work.len());
    }
    // each file's cache key, for the entries of its models made with other files' helpers
    let keys: Vec<Option<Key>> = loaded
        .iter()
        .map(|l| match l {
            Loaded::Read { key, .. } | Loaded::Cached { key, .. } | Loaded::Text { key, .. } => {
                *key
            }
            Loaded::Failed(_) => None,
        })
        .collect();
    // Files whose text may define a guard-returning method (it names a guard or `Deref`) are
    // modelled first; the others then see the workspace's guard-returning methods at once
    // (`wrapped`), instead of being modelled a second time for them.
    let later: Vec<bool> = loaded
        .iter()
        .map(|l| {
            matches!(
                l,
                Loaded::Read {
                    may_wrap: false,
                    ..
                }
            )
        })
        .collect();
    let mut slots: Vec<Option<Loaded>> = loaded.into_iter().map(Some).collect();
    let run = |fi: usize, l: Loaded, ext: Option<&Arc<crate::model::index::ExternalTable>>| {
        let (t, e, origin) = &work[fi];
        let ext = ext.map(|table| Arc::new(crate::model::index::Externals::new(table.clone(), fi)));
        let outcome = process(t, *e, l, &configs, cache.as_ref(), ext);
        if let Some(p) = &opts.progress {
            p.file_done(origin.as_ref().map(|o| o.package.as_str()));
        }
        outcome
    };
    let mut outcomes: Vec<Option<Outcome>> = pool.install(|| {
        slots
            .par_iter_mut()
            .enumerate()
            .map(|(fi, l)| (!later[fi]).then(|| run(fi, l.take().expect("loaded once"), None)))
            .collect::<Vec<_>>()
    });
    let wrapped = guard_helpers(&outcomes);
    let second: Vec<Option<Outcome>> = pool.install(|| {
        slots
            .par_iter_mut()
            .enumerate()
            .map(|(fi, l)| l.take().map(|l| run(fi, l, wrapped.as_ref())))
            .collect::<Vec<_>>()
    });
    for (o, s) in outcomes.iter_mut().zip(second) {
        if s.is_some() {
            *o = s;
        }
    }
    let outcomes: Vec<Outcome> = outcomes
        .into_iter()
        .map(|o| o.expect("every file has an outcome"))
        .collect();
    let wrapped = if wrapped.is_some() {
        later
    } else {
        vec![false; outcomes.len()]
    };

    // the files that call helpers of other files: modelled again with those helpers
    let outcomes = pool.install(|| {
        with_externals(
            &work,
            outcomes,
            &wrapped,
            &configs,
            opts,
            &stdin_abs,
            (cache.as_ref(), &keys),
        )
    });

    // a run over the whole tree the cache serves knows which entries are still files
    if let Some(c) = &cache {
        prune_if_whole(c, opts);
    }
    let mut report = Report {
        skipped_not_compiled: skipped,
        skipped_outside_links: 0,
        files_scanned: work.iter().filter(|(t, _, _)| t.reported).count(),
        scanned: work
            .iter()
            .filter(|(t, _, _)| t.reported)
            .map(|(t, _, _)| t.display.clone())
            .collect(),
        ..Report::default()
    };
    assemble(
        &mut report,
        &work,
        outcomes,
        &configs,
        &cli_select,
        &cli_ignore,
        &pool,
        errors,
        &opts.overlay,
        stdin_abs
            .as_deref()
            .zip(opts.stdin.as_ref().map(|(_, t)| t.as_str())),
        &sql_keys,
    );
    if let (Some(c), Some(k)) = (&cache, run_key) {
        c.put_run(&opts.paths, k, &StoredRun::of(&report, compiled));
    }
    report.elapsed = started.elapsed();
    report.skipped_outside_links = outside_links;
    Ok(report)
}

/// After a run over the whole tree the cache serves, which therefore knows which entries are
/// still files: remove the others.
fn prune_if_whole(c: &Cache, opts: &Options) {
    if opts.stdin.is_none() && covers_root(&opts.paths, c) {
        c.prune(crate::cache::PRUNE_AGE);
    }
}

/// Whether one of the paths linted is the directory the cache serves (no paths: `.`).
fn covers_root(paths: &[PathBuf], cache: &Cache) -> bool {
    let Some(root) = cache.root().and_then(|r| r.canonicalize().ok()) else {
        return false;
    };
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    paths
        .iter()
        .any(|p| p.canonicalize().is_ok_and(|p| p == root))
}

fn build_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Fatal> {
    let threads = jobs.filter(|&j| j > 0).unwrap_or(0);
    let build = |stack: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(stack)
            .thread_name(|i| format!("racelint-{i}"))
            .build()
    };
    build(STACK_SIZE)
        .or_else(|_| build(STACK_SIZE / 8))
        .map_err(|e| Fatal(format!("internal error: cannot start worker threads: {e}")))
}

/// What happened to one file in the parallel phase.
enum Outcome {
    Analysed {
        source: SourceFile,
        analysis: Box<FileAnalysis>,
        suppressions: FileSuppressions,
    },
    Failed {
        source: Option<SourceFile>,
        error: FileError,
    },
}

/// The files a crate compiles, of those found: a file inside a package's directory that no
/// target of any package reaches through its `mod` declarations is dropped, unless it was
/// named on the command line. Returns the files kept and the number of reported files
/// dropped.
type Work = Vec<(Target, Edition, Option<CrateOrigin>)>;
fn keep_compiled(
    work: Work,
    loaded: Vec<Loaded>,
    named: &HashSet<String>,
    editions: &mut EditionCache,
) -> (Work, Vec<Loaded>, usize, CompiledInputs) {
    let disk: Mutex<Vec<(PathBuf, u64)>> = Mutex::new(Vec::new());
    let canon: Vec<Option<PathBuf>> = work
        .iter()
        .map(|(t, _, _)| t.path.canonicalize().ok())
        .collect();
    let by_path: HashMap<&Path, usize> = canon
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.as_deref()?, i)))
        .collect();
    let (packages, roots) = package_roots(&work, editions);
    let inside: Vec<PathBuf> = packages
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mod_macros = crate::discover::module_macros(loaded.iter().flat_map(|l| match l {
        Loaded::Read { scanned, .. } => scanned.mods.as_slice(),
        Loaded::Cached { entry, .. } => entry.mods.as_slice(),
        Loaded::Failed(_) | Loaded::Text { .. } => &[],
    }));
    let reached = crate::discover::reach(
        roots.clone(),
        |file| match by_path.get(file) {
            Some(&i) => match &loaded[i] {
                Loaded::Read { scanned, .. } => scanned.mods.clone(),
                Loaded::Cached { entry, .. } => entry.mods.clone(),
                Loaded::Failed(_) | Loaded::Text { .. } => Vec::new(),
            },
            // a file the walk did not produce is read (for its `mod`s, never shown) only inside
            // a package: a `#[path]` or `include!` elsewhere counts, but is not followed further
            None if inside.iter().any(|p| file.starts_with(p)) => {
                let mods = crate::discover::mods_from_disk(file);
                if let Ok(mut d) = disk.lock() {
                    d.push((file.to_path_buf(), mods_key(&mods)));
                }
                mods
            }
            None => Vec::new(),
        },
        |p| by_path.contains_key(p),
        &mod_macros,
    );
    let mut skipped = 0;
    let mut kept_work = Vec::with_capacity(work.len());
    let mut kept_loaded = Vec::with_capacity(work.len());
    for ((w, l), c) in work.into_iter().zip(loaded).zip(canon) {
        // a file in no package is linted as a loose file, unless it sits under a virtual
        // workspace's root: cargo builds only the members there (a cargo-generate template's
        // `src/main.rs`, a stray example), so it is "not in any crate" like the rest
        let loose = w.2.is_none() && !editions.under_virtual_workspace(&w.0.abs);
        let compiled =
            loose || named.contains(&w.0.display) || c.is_some_and(|c| reached.contains(&c));
        if compiled {
            kept_work.push(w);
            kept_loaded.push(l);
        } else if w.0.reported {
            skipped += 1;
        }
    }
    let mut disk = disk.into_inner().unwrap_or_default();
    disk.sort();
    let inputs = CompiledInputs { roots, disk };
    (kept_work, kept_loaded, skipped, inputs)
}

/// The package directories of the files found, and the root files of their targets.
fn package_roots(
    work: &[(Target, Edition, Option<CrateOrigin>)],
    editions: &mut EditionCache,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut packages: Vec<PathBuf> = work
        .iter()
        .filter(|(_, _, origin)| origin.is_some())
        .filter_map(|(t, _, _)| editions.package_dir(&t.abs))
        .collect();
    packages.sort();
    packages.dedup();
    let roots: Vec<PathBuf> = packages
        .iter()
        .filter_map(|dir| Some(crate::discover::package_targets(dir, &*manifest(dir)?)))
        .flatten()
        .collect();
    (packages, roots)
}

/// A digest of a file's module declarations.
fn mods_key(mods: &[scan::ModDecl]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{mods:?}").hash(&mut h);
    h.finish()
}

/// What besides the files found decided which files a crate compiles: the targets' root
/// files (from the manifests and cargo's target directories) and the module declarations
/// of files read from disk only for them. A cached run's report holds them and is used only
/// while they are unchanged.
#[derive(Default, Serialize, Deserialize, PartialEq)]
struct CompiledInputs {
    roots: Vec<PathBuf>,
    disk: Vec<(PathBuf, u64)>,
}

impl CompiledInputs {
    /// Whether they are still what they were.
    fn unchanged(
        &self,
        work: &[(Target, Edition, Option<CrateOrigin>)],
        editions: &mut EditionCache,
    ) -> bool {
        package_roots(work, editions).1 == self.roots
            && self
                .disk
                .iter()
                .all(|(f, k)| mods_key(&crate::discover::mods_from_disk(f)) == *k)
    }
}

/// What decides a run's report once its files are read: the files (their paths, places, cache
/// keys or read errors), the configs, the command line's selections, the SQL constraints and
/// the walk's errors. Hashed into the key of the run's cached report.
struct RunInputs<'a> {
    work: &'a [(Target, Edition, Option<CrateOrigin>)],
    loaded: &'a [Loaded],
    configs: &'a [Arc<Config>],
    cli: (&'a [Selector], &'a [Selector]),
    all_files: bool,
    named: &'a HashSet<String>,
    walk_errors: &'a [FileError],
    sql_keys: &'a [crate::model::data::unique::UniqueKey],
}

impl RunInputs<'_> {
    /// The key of the run's report; `None` when a file has no cache key.
    fn key(&self, cache: &Cache) -> Option<Key> {
        let mut h = cache.hasher();
        for ((t, e, origin), l) in self.work.iter().zip(self.loaded) {
            h.add((&t.display, &t.path, &t.abs, t.config, t.reported));
            h.add(format!("{e:?} {origin:?}"));
            match l {
                Loaded::Text { key: Some(k), .. } => h.add(k),
                Loaded::Failed(Outcome::Failed { error, .. }) => h.add(format!("{error:?}")),
                _ => return None,
            }
        }
        h.add(format!("{:?} {:?}", self.configs, self.cli));
        h.add(self.all_files);
        let mut named: Vec<&String> = self.named.iter().collect();
        named.sort();
        h.add(named);
        h.add(format!("{:?} {:?}", self.walk_errors, self.sql_keys));
        Some(h.finish())
    }
}

/// A run's report as the cache keeps it: the files' texts are not stored (they are read
/// anyway to compute the key) but named.
#[derive(Serialize, Deserialize)]
struct StoredRun {
    diagnostics: Vec<Diagnostic>,
    errors: Vec<FileError>,
    sources: Vec<String>,
    paths: BTreeMap<String, PathBuf>,
    items: BTreeMap<String, Vec<(Span, String)>>,
    files_scanned: usize,
    scanned: std::collections::BTreeSet<String>,
    suppressed: usize,
    skipped_not_compiled: usize,
    compiled: CompiledInputs,
}

impl StoredRun {
    fn of(r: &Report, compiled: CompiledInputs) -> StoredRun {
        StoredRun {
            compiled,
            diagnostics: r.diagnostics.clone(),
            errors: r.errors.clone(),
            sources: r.sources.keys().cloned().collect(),
            paths: r.paths.clone(),
            items: r.items.clone(),
            files_scanned: r.files_scanned,
            scanned: r.scanned.clone(),
            suppressed: r.suppressed,
            skipped_not_compiled: r.skipped_not_compiled,
        }
    }

    /// The report, with the texts of the files it names taken from those just read (`None`
    /// when one is missing).
    fn into_report(
        self,
        work: &[(Target, Edition, Option<CrateOrigin>)],
        loaded: &[Loaded],
    ) -> Option<Report> {
        let wanted: HashSet<&str> = self.sources.iter().map(String::as_str).collect();
        let mut sources = BTreeMap::new();
        for ((t, _, _), l) in work.iter().zip(loaded) {
            if let Loaded::Text { source, .. } = l
                && wanted.contains(t.display.as_str())
            {
                sources.insert(t.display.clone(), source.clone());
            }
        }
        if sources.len() != wanted.len() {
            return None;
        }
        Some(Report {
            diagnostics: self.diagnostics,
            errors: self.errors,
            sources,
            paths: self.paths,
            items: self.items,
            files_scanned: self.files_scanned,
            scanned: self.scanned,
            suppressed: self.suppressed,
            skipped_not_compiled: self.skipped_not_compiled,
            skipped_outside_links: 0,
            elapsed: Duration::default(),
        })
    }
}

/// A file read and scanned (with its cache key), or read and found in the cache, or why it
/// could not be read.
enum Loaded {
    Read {
        source: SourceFile,
        scanned: scan::Scan,
        key: Option<Key>,
        /// The text names a guard type or `Deref`: it may define a guard-returning method
        /// (what [`crate::model::index::ItemIndex`] calls a wrapper); a file without either
        /// cannot.
        may_wrap: bool,
    },
    Cached {
        source: SourceFile,
        entry: Box<Entry>,
        key: Option<Key>,
    },
    /// Read, not yet looked up in the cache (nor scanned): what [`read`] returns.
    Text {
        source: SourceFile,
        key: Option<Key>,
        from_disk: bool,
    },
    Failed(Outcome),
}

/// Read a file, check its encoding and compute its cache key.
fn read(
    t: &Target,
    edition: Edition,
    origin: &Option<CrateOrigin>,
    configs: &[Arc<Config>],
    cache: Option<&Cache>,
    given: Option<String>,
) -> Loaded {
    let fail = |message: String, kind: ErrorKind| {
        Loaded::Failed(Outcome::Failed {
            source: None,
            error: FileError {
                file: t.display.clone(),
                message,
                line: None,
                column: None,
                offset: None,
                kind,
            },
        })
    };
    let from_disk = given.is_none();
    let bytes = match given
        .map(String::into_bytes)
        .map_or_else(|| std::fs::read(&t.path), Ok)
    {
        Ok(b) => b,
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "file not found (deleted, or a broken symbolic link)".to_string()
                }
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            return fail(format!("cannot read file: {why}"), ErrorKind::Io);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..bad]).unwrap_or("");
            let pre = SourceFile::new(t.display.clone(), prefix.to_string());
            let off = pre.text.len();
            let pos = pre.line_col(off);
            return Loaded::Failed(Outcome::Failed {
                source: None,
                error: FileError {
                    file: t.display.clone(),
                    message: format!(
                        "file is not valid UTF-8: invalid byte 0x{:02x} at byte offset {bad}",
                        bytes.get(bad).copied().unwrap_or(0)
                    ),
                    line: Some(pos.line),
                    column: Some(pos.column),
                    offset: None,
                    kind: ErrorKind::Encoding,
                },
            });
        }
    };
    let mut source = SourceFile::new(t.display.clone(), text);
    source.origin = origin.clone();
    let key = cache.map(|c| c.key(&source, edition, &configs[t.config].rule_settings));
    Loaded::Text {
        source,
        key,
        from_disk,
    }
}

/// Look a file read by [`read`] up in the cache, or scan it.
fn lookup(t: &Target, loaded: Loaded, cache: Option<&Cache>) -> Loaded {
    let Loaded::Text {
        mut source,
        key,
        from_disk,
    } = loaded
    else {
        return loaded;
    };
    if let Some((c, k)) = cache.zip(key)
        && let Some(entry) = c.get(&t.abs, &t.display, Slot::Alone, k)
    {
        return Loaded::Cached {
            source,
            entry: Box::new(entry),
            key,
        };
    }
    let scanned = scan::scan(&source.text);
    // (or a lock macro: `macro_rules! zread { ($x:expr) => { $x.read().unwrap() } }`)
    let may_wrap = source.text.contains("Guard")
        || source.text.contains("Deref")
        || crate::model::syntax::may_define_lock_macro(&source.text);
    // every file is loaded before any is analysed (discovery needs their `mod`s): keep only
    // what the scan found, and read the text again when the file is analysed
    if from_disk {
        source.forget_text();
    }
    Loaded::Read {
        source,
        scanned,
        key,
        may_wrap,
    }
}

/// The outcome of a file the cache knew.
fn from_cache(source: SourceFile, entry: Entry) -> Outcome {
    let suppressions = FileSuppressions::from_comments(&source, &entry.comments);
    analysed(source, entry.analysis, suppressions)
}

fn analysed(mut source: SourceFile, a: FileAnalysis, suppressions: FileSuppressions) -> Outcome {
    // the text is needed again only where something may be reported or suppressed; a
    // finding of the workspace phase elsewhere reads it back (`assemble`)
    if a.candidates.is_empty() && suppressions.is_empty() {
        source.forget_text();
    }
    Outcome::Analysed {
        source,
        analysis: Box::new(a),
        suppressions,
    }
}

fn process(
    t: &Target,
    edition: Edition,
    loaded: Loaded,
    configs: &[Arc<Config>],
    cache: Option<&Cache>,
    externals: Option<Arc<crate::model::index::Externals>>,
) -> Outcome {
    let (source, mut scanned, key) = match loaded {
        Loaded::Read {
            source,
            scanned,
            key,
            ..
        } => (source, scanned, key),
        Loaded::Cached { source, entry, .. } => return from_cache(source, *entry),
        Loaded::Failed(o) => return o,
        text @ Loaded::Text { .. } => {
            return process(
                t,
                edition,
                lookup(t, text, cache),
                configs,
                cache,
                externals,
            );
        }
    };
    let mut source = source;
    if source.is_forgotten() {
        let back = std::fs::read(&t.path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        if !back.is_some_and(|text| source.restore_text(text)) {
            return Outcome::Failed {
                error: FileError {
                    file: t.display.clone(),
                    message: "the file changed while racelint was reading it; run again"
                        .to_string(),
                    line: None,
                    column: None,
                    offset: None,
                    kind: ErrorKind::Io,
                },
                source: None,
            };
        }
    }
    // modelled with the workspace's guard-returning methods before: the same methods give
    // the same model
    let with_guards = cache
        .zip(key)
        .zip(externals.as_ref())
        .map(|((c, k), ext)| (c, c.with_helpers(k, ext.fingerprint())));
    if let Some((c, k)) = with_guards
        && let Some(entry) = c.get(&t.abs, &t.display, Slot::Guards, k)
    {
        return from_cache(source, entry);
    }
    let too_complex = if scanned.max_depth > MAX_NESTING {
        Some((
            scanned.deepest_at,
            format!(
                "file nests {} levels deep; racelint analyses at most {MAX_NESTING} levels",
                scanned.max_depth
            ),
        ))
    } else if scanned.max_chain > MAX_CHAIN {
        Some((
            scanned.longest_chain_at,
            format!(
                "an expression chains {} operators; racelint analyses at most {MAX_CHAIN}",
                scanned.max_chain
            ),
        ))
    } else if scanned.longest_number > MAX_NUMBER_LEN {
        Some((
            scanned.longest_number_at,
            format!(
                "a number literal is {} bytes long; racelint analyses at most {MAX_NUMBER_LEN}",
                scanned.longest_number
            ),
        ))
    } else {
        None
    };
    if let Some((off, message)) = too_complex {
        let pos = source.line_col(off);
        return Outcome::Failed {
            error: FileError {
                file: t.display.clone(),
                message,
                line: Some(pos.line),
                column: Some(pos.column),
                offset: Some(off),
                kind: ErrorKind::TooComplex,
            },
            source: Some(source),
        };
    }
    // context files too: a finding that starts there but involves a named file is reported
    let suppressions = FileSuppressions::from_comments(&source, &scanned.comments);
    let unbalanced = scanned.unbalanced.clone();
    let comments = std::mem::take(&mut scanned.comments);
    let mods = std::mem::take(&mut scanned.mods);
    drop(scanned);
    let settings = &configs[t.config].rule_settings;
    let result = guarded(&t.display, || {
        analysis::analyze_file_ext(&source, edition, settings, externals.clone())
    });
    // what the file says alone is its own entry; a model that used another file's helper
    // is kept beside it, under those helpers too
    let alone = !externals.as_ref().is_some_and(|e| e.used());
    if let (Some(c), Some(k), Ok(Ok(a))) = (cache, key, &result) {
        let entry = EntryRef {
            analysis: a,
            comments: &comments,
            mods: &mods,
        };
        match with_guards {
            Some((_, with)) if !alone => c.put(&t.abs, &t.display, Slot::Guards, with, &entry),
            _ => c.put(&t.abs, &t.display, Slot::Alone, k, &entry),
        }
    }
    drop((comments, mods));
    match result {
        Ok(Ok(a)) => analysed(source, a, suppressions),
        Ok(Err(mut pe)) => {
            // proc-macro2's lexer says only "cannot parse string into token stream": name the
            // delimiter that does not match instead
            if pe.message.contains("cannot parse string into token stream")
                && let Some((off, why)) = unbalanced
            {
                pe.message = why;
                pe.offset = Some(off);
            }
            let (line, column) = match pe.offset {
                Some(o) => {
                    let p = source.line_col(o);
                    (Some(p.line), Some(p.column))
                }
                None => (None, None),
            };
            Outcome::Failed {
                error: FileError {
                    file: t.display.clone(),
                    message: format!("syntax error: {}", pe.message),
                    line,
                    column,
                    offset: pe.offset,
                    kind: ErrorKind::Syntax,
                },
                source: Some(source),
            }
        }
        Err(panic) => Outcome::Failed {
            source: None,
            error: FileError {
                file: t.display.clone(),
                message: format!(
                    "internal error while analysing this file: {panic}; please report it"
                ),
                line: None,
                column: None,
                offset: None,
                kind: ErrorKind::Internal,
            },
        },
    }
}

/// The second round: a file that calls a helper another file defines (a summarised getter or
/// setter, a guard-returning method, a lock extension method) is analysed again with the
/// workspace's helpers ([`crate::model::index::Externals`]), so that the call is what the
/// helper does. Only those files are parsed again; the first round's result stays where the
/// second cannot run (the text is gone, a panic).
#[allow(clippy::too_many_arguments)]
fn with_externals(
    work: &[(Target, Edition, Option<CrateOrigin>)],
    outcomes: Vec<Outcome>,
    wrapped: &[bool],
    configs: &[Arc<Config>],
    opts: &Options,
    stdin_abs: &Option<PathBuf>,
    (cache, keys): (Option<&Cache>, &[Option<Key>]),
) -> Vec<Outcome> {
    use crate::model::index::{ExternalTable, Externals, ItemIndex};
    let empty = ItemIndex::default();
    let table = ExternalTable::build(outcomes.iter().map(|o| match o {
        Outcome::Analysed { analysis, .. } => &analysis.model.index,
        Outcome::Failed { .. } => &empty,
    }));
    if table.is_empty() {
        return outcomes;
    }
    let table = Arc::new(table);
    // a call the second round would model differently: a method of another file's helper on
    // a receiver whose type this file knows to be that helper's type (or a lock extension
    // method of another file)
    // (a file modelled with the guard-returning methods already: only a summary is new)
    let calls_external = |fi: usize, a: &FileAnalysis| {
        let ext = Externals::new(table.clone(), fi);
        let fns = &a.model.fns;
        fns.iter().enumerate().any(|(func, f)| {
            f.calls.iter().any(|c| {
                // a free function of another file returning a static's guard
                if let crate::model::func::Callee::Path { segments } = &c.callee {
                    return segments
                        .last()
                        .is_some_and(|n| ext.free_wrapper(n).is_some());
                }
                let Some((recv, name)) = c.method() else {
                    return false;
                };
                let ty = crate::model::func::receiver_type(fns, func, &a.model.index, recv);
                if wrapped[fi] {
                    ty.is_some_and(|ty| ext.summary(&ty, name).is_some())
                } else {
                    ext.applies(ty.as_deref(), name)
                }
            })
        })
    };
    // a type written through another file's type alias (`sessions: RwMap<Id, Session>`)
    let names_alias = |fi: usize, a: &FileAnalysis| {
        let ext = Externals::new(table.clone(), fi);
        let ix = &a.model.index;
        ext.has_aliases()
            && (ix
                .structs
                .values()
                .flat_map(|f| f.values())
                .any(|t| ext.names_alias(&t.text))
                || ix.statics.values().any(|s| ext.names_alias(&s.ty.text))
                || a.model.fns.iter().any(|f| {
                    f.locals
                        .iter()
                        .any(|l| l.ty.as_ref().is_some_and(|t| ext.names_alias(&t.text)))
                }))
    };
    // a call of another crate's lock macro (`zread!(self.state)`)
    let calls_macro = |fi: usize, a: &FileAnalysis| {
        let ext = Externals::new(table.clone(), fi);
        a.model
            .macro_calls
            .iter()
            .any(|n| !a.model.index.macros.contains_key(n) && ext.lock_macro(n).is_some())
    };
    let todo: Vec<bool> = outcomes
        .iter()
        .enumerate()
        .map(|(fi, o)| {
            matches!(o, Outcome::Analysed { analysis, .. }
                if calls_external(fi, analysis)
                    || names_alias(fi, analysis)
                    || (!wrapped[fi] && calls_macro(fi, analysis)))
        })
        .collect();

    outcomes
        .into_par_iter()
        .enumerate()
        .map(|(fi, o)| {
            let Outcome::Analysed {
                mut source,
                analysis,
                suppressions,
            } = o
            else {
                return o;
            };
            let (t, edition, _) = &work[fi];
            if !todo[fi] {
                return Outcome::Analysed {
                    source,
                    analysis,
                    suppressions,
                };
            }
            if source.is_forgotten() {
                let text = given_text(t, opts, stdin_abs).or_else(|| {
                    std::fs::read(&t.path)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                });
                if !text.is_some_and(|text| source.restore_text(text)) {
                    return Outcome::Analysed {
                        source,
                        analysis,
                        suppressions,
                    };
                }
            }
            let ext = Arc::new(Externals::new(table.clone(), fi));
            // modelled with the same helpers before: the cache has the model
            let with = cache
                .zip(keys[fi])
                .map(|(c, k)| (c, c.with_helpers(k, ext.fingerprint())));
            if let Some((c, k)) = with
                && let Some(entry) = c.get(&t.abs, &t.display, Slot::Helpers, k)
            {
                return analysed(source, entry.analysis, suppressions);
            }
            let settings = &configs[t.config].rule_settings;
            match guarded(&t.display, || {
                analysis::analyze_file_ext(&source, *edition, settings, Some(ext))
            }) {
                Ok(Ok(a)) => {
                    if let Some((c, k)) = with {
                        let entry = EntryRef {
                            analysis: &a,
                            comments: &[],
                            mods: &[],
                        };
                        c.put(&t.abs, &t.display, Slot::Helpers, k, &entry);
                    }
                    analysed(source, a, suppressions)
                }
                _ => analysed(source, *analysis, suppressions),
            }
        })
        .collect()
}

/// The workspace's guard-returning methods and lock extension methods, from the files
/// modelled first (every file that can define one): `None` where there is none.
fn guard_helpers(outcomes: &[Option<Outcome>]) -> Option<Arc<crate::model::index::ExternalTable>> {
    use crate::model::index::{ExternalTable, ItemIndex};
    let empty = ItemIndex::default();
    let table = ExternalTable::build_wrappers(outcomes.iter().map(|o| match o {
        Some(Outcome::Analysed { analysis, .. }) => &analysis.model.index,
        _ => &empty,
    }));
    (!table.is_empty()).then(|| Arc::new(table))
}

/// The text given for a file instead of the one on disk: the buffer given on stdin stands for
/// the file at its path, and the rounds of `--fix` / `--diff` lint the fixed text.
fn given_text(t: &Target, opts: &Options, stdin_abs: &Option<PathBuf>) -> Option<String> {
    opts.stdin
        .as_ref()
        .filter(|_| t.reported && stdin_abs.as_ref() == Some(&t.abs))
        .map(|(_, text)| text.clone())
        .or_else(|| opts.overlay.get(&t.abs).cloned())
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    report: &mut Report,
    work: &[(Target, Edition, Option<CrateOrigin>)],
    outcomes: Vec<Outcome>,
    configs: &[Arc<Config>],
    cli_select: &[Selector],
    cli_ignore: &[Selector],
    pool: &rayon::ThreadPool,
    mut errors: Vec<FileError>,
    overlay: &BTreeMap<PathBuf, String>,
    stdin: Option<(&Path, &str)>,
    sql_keys: &[crate::model::data::unique::UniqueKey],
) {
    struct FileInfo {
        abs: PathBuf,
        config: usize,
        reported: bool,
        source: SourceFile,
        suppressions: FileSuppressions,
        items: Vec<(Span, String)>,
    }
    let mut files: BTreeMap<String, FileInfo> = BTreeMap::new();
    let mut analyses = Vec::new();
    let mut error_sources: BTreeMap<String, SourceFile> = BTreeMap::new();
    for ((t, _, _), outcome) in work.iter().zip(outcomes) {
        match outcome {
            Outcome::Analysed {
                source,
                analysis,
                suppressions,
            } => {
                let items = analysis
                    .model
                    .fns
                    .iter()
                    .filter(|f| matches!(f.kind, FnKind::Fn | FnKind::Method))
                    .map(|f| (f.span, f.name.clone()))
                    .collect();
                analyses.push(*analysis);
                files.insert(
                    t.display.clone(),
                    FileInfo {
                        abs: t.abs.clone(),
                        config: t.config,
                        reported: t.reported,
                        source,
                        suppressions,
                        items,
                    },
                );
            }
            Outcome::Failed { source, error } => {
                // context files only contribute facts: their errors are not the user's concern
                if t.reported {
                    if let Some(s) = source {
                        error_sources.insert(t.display.clone(), s);
                    }
                    errors.push(error);
                }
            }
        }
    }

    let finished = pool.install(|| {
        guarded("the workspace phase", || {
            analysis::finish_with(analyses, sql_keys)
        })
    });
    let raw = match finished {
        Ok(d) => d,
        Err(panic) => {
            errors.push(FileError {
                file: String::new(),
                message: format!(
                    "internal error in the workspace phase: {panic}; please report it"
                ),
                line: None,
                column: None,
                offset: None,
                kind: ErrorKind::Internal,
            });
            Vec::new()
        }
    };

    let known = |name: &str| Selector::parse(name).is_some_and(|s| s != Selector::All);
    let mut kept = Vec::new();
    let mut suppressed = 0;
    for mut d in raw {
        // a finding is reported when it starts in a file the user named, or when one of the
        // places it talks about is in one (a lock-order cycle that a staged file closes)
        let involves_named = d.labels.iter().any(|l| {
            l.file
                .as_ref()
                .and_then(|f| files.get(f))
                .is_some_and(|i| i.reported)
        });
        let Some(info) = files.get_mut(&d.file) else {
            continue;
        };
        if !info.reported && !involves_named {
            continue;
        }
        let cfg = &configs[info.config];
        if !cfg.enabled(
            d.rule,
            d.category,
            Some(&info.abs),
            &d.file,
            cli_select,
            cli_ignore,
        ) {
            continue;
        }
        d.severity = cfg.severity_of(d.rule, d.category, d.severity);
        if info.suppressions.suppresses(&info.source, &d) {
            suppressed += 1;
            continue;
        }
        kept.push(d);
    }
    for (path, info) in &files {
        if !info.reported || info.suppressions.is_empty() {
            continue;
        }
        let cfg = &configs[info.config];
        let enabled_name = |name: &str| {
            rules::RULES.iter().any(|r| {
                (r.id == name || r.category == name)
                    && cfg.enabled(
                        r.id,
                        r.category,
                        Some(&info.abs),
                        path,
                        cli_select,
                        cli_ignore,
                    )
            })
        };
        for mut d in info.suppressions.unused(&info.source, known, enabled_name) {
            if cfg.enabled(
                d.rule,
                d.category,
                Some(&info.abs),
                path,
                cli_select,
                cli_ignore,
            ) {
                d.severity = cfg.severity_of(d.rule, d.category, d.severity);
                kept.push(d);
            }
        }
    }
    for d in &mut kept {
        // the contract has no `edits: []`: a suggestion without edits is advice in prose
        if let Some(s) = d.suggestion.take_if(|s| s.edits.is_empty()) {
            d.help = Some(s.message);
        }
    }
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept.dedup();

    // keep the text of the files the output points into
    let mut needed: HashSet<String> = HashSet::new();
    for d in &kept {
        needed.insert(d.file.clone());
        for l in &d.labels {
            if let Some(f) = &l.file {
                needed.insert(f.clone());
            }
        }
        if let Some(s) = &d.suggestion {
            for e in &s.edits {
                if let Some(f) = &e.file {
                    needed.insert(f.clone());
                }
            }
        }
    }
    for (path, mut info) in files {
        if needed.contains(&path) {
            report.items.insert(path.clone(), info.items);
            if info.source.is_forgotten() {
                // the text was linted from the buffer given on stdin (`--stdin-filename`, the
                // server's open document) or from `--fix`'s rounds, not from the disk
                let given = overlay.get(&info.abs).map(String::as_str).or_else(|| {
                    stdin
                        .filter(|(p, _)| info.reported && *p == info.abs)
                        .map(|(_, t)| t)
                });
                let restored = match given {
                    Some(t) => Some(t.as_bytes().to_vec()),
                    None => std::fs::read(&info.abs).ok(),
                }
                .and_then(|b| String::from_utf8(b).ok())
                .is_some_and(|t| info.source.restore_text(t));
                if !restored {
                    // the findings stand (they were made on the text read first); only their
                    // snippet is missing
                    errors.push(FileError {
                        file: path.clone(),
                        line: None,
                        column: None,
                        offset: None,
                        message: "the file changed while racelint ran: its findings are shown without source; run again".into(),
                        kind: ErrorKind::Io,
                    });
                    continue;
                }
            }
            report.paths.insert(path.clone(), info.abs.clone());
            report.sources.insert(path, info.source);
        }
    }
    report.sources.extend(error_sources);
    errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    errors.dedup();
    report.errors = errors;
    report.diagnostics = kept;
    report.suppressed = suppressed;
}

// ---------------------------------------------------------------------------------------------
// Panics: caught per file, reported with their message and location, not printed twice.

thread_local! {
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_GUARD.with(|g| g.get()) {
                let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
                    (*s).to_string()
                } else if let Some(s) = info.payload().downcast_ref::<String>() {
                    s.clone()
                } else {
                    "panic".to_string()
                };
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panicked{at}: {msg}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Run `f`, turning a panic into `Err(description)`.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    let was = IN_GUARD.with(|g| g.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_GUARD.with(|g| g.set(was));
    r.map_err(|_| {
        // proc-macro2's span map may be left half-filled by the panic
        proc_macro2::extra::invalidate_current_thread_spans();
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| format!("panicked while analysing {what}"))
    })
}

// ---------------------------------------------------------------------------------------------
// Editions, from the nearest Cargo.toml.

/// The edition of each file, from the nearest `Cargo.toml` with a `[package]` (cached per
/// directory). `edition.workspace = true` reads the workspace root's
/// `[workspace.package] edition`. Without a manifest: 2021.
#[derive(Default)]
pub struct EditionCache {
    /// Directory -> the edition and the crate (`Cargo.toml` directory, package name) of the
    /// files under it.
    dirs: HashMap<PathBuf, (Edition, Option<Package>)>,
    /// Directory -> whether it or a directory above it holds a virtual workspace manifest.
    virtual_roots: HashMap<PathBuf, bool>,
    /// Package directory -> its workspace root ([`EditionCache::workspace_root`]).
    workspaces: HashMap<PathBuf, PathBuf>,
}

/// Parsed manifests by path, shared (a package's manifest is asked for once per file).
type Manifests = HashMap<PathBuf, Option<Arc<toml::Table>>>;

static MANIFESTS: Mutex<Option<Manifests>> = Mutex::new(None);

fn manifest(dir: &Path) -> Option<Arc<toml::Table>> {
    let path = dir.join("Cargo.toml");
    if let Ok(mut guard) = MANIFESTS.lock() {
        let map = guard.get_or_insert_with(HashMap::new);
        if let Some(m) = map.get(&path) {
            return m.clone();
        }
        let parsed = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .map(Arc::new);
        map.insert(path, parsed.clone());
        return parsed;
    }
    None
}

impl EditionCache {
    /// The directory of the `Cargo.toml` of the package `file` belongs to.
    pub fn package_dir(&mut self, file: &Path) -> Option<PathBuf> {
        self.crate_of(file);
        let (_, krate) = self.dirs.get(file.parent()?)?;
        krate.as_ref().map(|(dir, _, _)| dir.clone())
    }

    /// The root of the Cargo workspace `file`'s package belongs to (canonical): the nearest
    /// directory at or above the package holding a `[workspace]` manifest, else the
    /// package's own directory. `None` outside any package.
    pub fn workspace_root(&mut self, file: &Path) -> Option<PathBuf> {
        let pkg = self.package_dir(file)?;
        if let Some(w) = self.workspaces.get(&pkg) {
            return Some(w.clone());
        }
        let mut dir = Some(pkg.as_path());
        let mut root = pkg.clone();
        while let Some(d) = dir {
            if manifest(d).is_some_and(|m| m.contains_key("workspace")) {
                root = d.to_path_buf();
                break;
            }
            dir = d.parent();
        }
        let root = root.canonicalize().unwrap_or(root);
        self.workspaces.insert(pkg, root.clone());
        Some(root)
    }

    /// Whether `file`'s package builds a C-compatible or dynamic library (`[lib] crate-type`
    /// with `cdylib`, `staticlib` or `dylib`): its `pub` functions may be called from another
    /// language through generated bindings the workspace does not show.
    pub fn exports_to_other_languages(&mut self, file: &Path) -> bool {
        let Some(dir) = self.package_dir(file) else {
            return false;
        };
        manifest(&dir)
            .and_then(|m| {
                let types = m
                    .get("lib")?
                    .as_table()?
                    .get("crate-type")?
                    .as_array()?
                    .clone();
                Some(
                    types
                        .iter()
                        .any(|t| matches!(t.as_str(), Some("cdylib" | "staticlib" | "dylib"))),
                )
            })
            .unwrap_or(false)
    }

    pub fn edition_for(&mut self, file: &Path) -> Edition {
        self.crate_of(file).0
    }

    /// Whether a directory above `file` holds a virtual workspace manifest (`[workspace]`
    /// without `[package]`). The answer is kept for every directory walked.
    pub fn under_virtual_workspace(&mut self, file: &Path) -> bool {
        let mut visited = Vec::new();
        let mut dir = file.parent();
        let mut found = false;
        while let Some(d) = dir {
            if let Some(&v) = self.virtual_roots.get(d) {
                found = v;
                break;
            }
            visited.push(d.to_path_buf());
            if d.join("Cargo.toml").is_file()
                && let Some(m) = manifest(d)
                && m.contains_key("workspace")
                && !m.contains_key("package")
            {
                found = true;
                break;
            }
            dir = d.parent();
        }
        for v in visited {
            self.virtual_roots.insert(v, found);
        }
        found
    }

    /// The edition of `file` and where it sits in its crate (`None` outside any package).
    pub fn crate_of(&mut self, file: &Path) -> (Edition, Option<crate::source::CrateOrigin>) {
        let mut visited = Vec::new();
        let mut dir = file.parent();
        let mut found = (Edition::E2021, None);
        while let Some(d) = dir {
            if let Some(e) = self.dirs.get(d) {
                found = e.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if d.join("Cargo.toml").is_file()
                && let Some(m) = manifest(d)
                && let Some(pkg) = m.get("package").and_then(|p| p.as_table())
            {
                let name = pkg
                    .get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or_default()
                    .to_string();
                let api = library_api(&m, pkg, d);
                found = (package_edition(pkg, d), Some((d.to_path_buf(), name, api)));
                break;
            }
            dir = d.parent();
        }
        for v in visited {
            self.dirs.insert(v, found.clone());
        }
        let (edition, krate) = found;
        let origin = krate.and_then(|(root, package, library_api)| {
            let rel = file.strip_prefix(&root).ok()?;
            let rel: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            Some(crate::source::CrateOrigin {
                rel: rel.join("/"),
                package,
                library_api,
                callers_visible: false,
            })
        });
        (edition, origin)
    }
}

/// A package found above a file: its directory, name, and whether it is library API.
type Package = (PathBuf, String, bool);

/// Whether the package in `dir` is a library that packages outside the workspace can depend
/// on: it has a library, no binary target (`[[bin]]`, `src/main.rs`, `src/bin/`), is not
/// marked `publish = false` (or `publish = []`, or either through the workspace), its version
/// is not the placeholder `0.0.0`, and every dependency can be published
/// ([`unversioned_dep`]).
fn library_api(man: &toml::Table, pkg: &toml::Table, dir: &Path) -> bool {
    let autobins = pkg
        .get("autobins")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let has_bin = man.contains_key("bin")
        || (autobins && (dir.join("src/main.rs").is_file() || dir.join("src/bin").is_dir()));
    let has_lib = man.contains_key("lib") || dir.join("src/lib.rs").is_file();
    let unpublished = |v: &toml::Value| match v {
        toml::Value::Boolean(b) => !b,
        toml::Value::Array(a) => a.is_empty(),
        _ => false,
    };
    let publish = inherited(pkg, dir, "publish");
    // `version = "0.0.0"` is the version of a workspace-internal package (rust-analyzer's
    // crates, an application's own libraries): no release of it is anyone's dependency
    let placeholder = inherited(pkg, dir, "version")
        .is_some_and(|v| v.as_str().is_some_and(|v| v.trim() == "0.0.0"));
    has_lib
        && !has_bin
        && !placeholder
        && !publish.as_ref().is_some_and(unpublished)
        && !unversioned_dep(man, dir)
}

/// The package key `key` of `pkg` (in `dir`), or the workspace's `[workspace.package]` value
/// where the package says `key.workspace = true` (the package's own manifest may be the
/// workspace's root).
fn inherited(pkg: &toml::Table, dir: &Path, key: &str) -> Option<toml::Value> {
    match pkg.get(key) {
        Some(toml::Value::Table(t))
            if t.get("workspace").and_then(|v| v.as_bool()) == Some(true) =>
        {
            let mut up = Some(dir);
            while let Some(d) = up {
                if let Some(m) = manifest(d)
                    && let Some(ws) = m.get("workspace").and_then(|w| w.as_table())
                {
                    return ws
                        .get("package")
                        .and_then(|p| p.as_table())
                        .and_then(|p| p.get(key))
                        .cloned();
                }
                up = d.parent();
            }
            None
        }
        other => other.cloned(),
    }
}

/// Whether the package has a dependency that `cargo publish` refuses: a normal or build
/// dependency (also a target's) given by `git` or `path` with no `version` (directly, or
/// through `{ workspace = true }` and the workspace's `[workspace.dependencies]`). Such a
/// package cannot be published to a registry, so no package outside its workspace depends on
/// it through one: its callers are the workspace's (dev-dependencies are stripped on publish
/// and do not count).
fn unversioned_dep(man: &toml::Table, dir: &Path) -> bool {
    let ws_deps = || {
        // the package's own manifest may be the workspace's root
        let mut up = Some(dir);
        while let Some(d) = up {
            if let Some(m) = manifest(d)
                && let Some(ws) = m.get("workspace").and_then(|w| w.as_table())
            {
                return ws.get("dependencies").and_then(|v| v.as_table()).cloned();
            }
            up = d.parent();
        }
        None
    };
    let mut ws: Option<Option<toml::Table>> = None;
    let mut unversioned = |name: &str, spec: &toml::Value| -> bool {
        let toml::Value::Table(t) = spec else {
            return false;
        };
        if t.get("workspace").and_then(|v| v.as_bool()) == Some(true) {
            let table = ws.get_or_insert_with(ws_deps);
            return match table.as_ref().and_then(|w| w.get(name)) {
                Some(toml::Value::Table(w)) => {
                    (w.contains_key("git") || w.contains_key("path")) && !w.contains_key("version")
                }
                _ => false,
            };
        }
        (t.contains_key("git") || t.contains_key("path")) && !t.contains_key("version")
    };
    let mut tables: Vec<&toml::Table> = ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|k| man.get(*k).and_then(|v| v.as_table()))
        .collect();
    if let Some(targets) = man.get("target").and_then(|v| v.as_table()) {
        for t in targets.values().filter_map(|v| v.as_table()) {
            for k in ["dependencies", "build-dependencies"] {
                if let Some(d) = t.get(k).and_then(|v| v.as_table()) {
                    tables.push(d);
                }
            }
        }
    }
    tables
        .iter()
        .any(|deps| deps.iter().any(|(name, spec)| unversioned(name, spec)))
}

fn package_edition(pkg: &toml::Table, dir: &Path) -> Edition {
    match pkg.get("edition") {
        // Cargo's default when a package names no edition.
        None => Edition::E2015,
        Some(_) => inherited(pkg, dir, "edition")
            .and_then(|e| e.as_str().and_then(Edition::parse))
            .unwrap_or_default(),
    }
}

/// Analyse one text as if it were a file of its own (used by tests and tools): returns its
/// diagnostics after the workspace phase, or the error that stopped it. Runs on a
/// large-stack thread.
pub fn check_text(path: &str, text: &str, edition: Edition) -> Result<Vec<Diagnostic>, FileError> {
    let path = path.to_string();
    let text = text.to_string();
    let handle = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let source = SourceFile::new(path.clone(), text);
            let r = guarded(&path, || analysis::analyze_file(&source, edition));
            match r {
                Ok(Ok(a)) => guarded(&path, || analysis::finish(vec![a])).map_err(|m| (m, None)),
                Ok(Err(pe)) => Err((pe.message, pe.offset.map(|o| source.line_col(o)))),
                Err(m) => Err((m, None)),
            }
            .map_err(|(message, pos)| FileError {
                file: path.clone(),
                message,
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                offset: None,
                kind: ErrorKind::Syntax,
            })
        });
    match handle {
        Ok(h) => h.join().unwrap_or_else(|_| {
            Err(FileError {
                file: String::new(),
                message: "internal error: analysis thread failed".into(),
                line: None,
                column: None,
                offset: None,
                kind: ErrorKind::Internal,
            })
        }),
        Err(e) => Err(FileError {
            file: String::new(),
            message: format!("internal error: cannot start a thread: {e}"),
            line: None,
            column: None,
            offset: None,
            kind: ErrorKind::Internal,
        }),
    }
}
