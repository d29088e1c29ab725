//! Per-file analysis (parse once, build the model, run the per-file rules) and the
//! workspace-wide phase that merges facts and runs cross-file rules.

use crate::diagnostic::Diagnostic;
use crate::model::{self, Edition, FileModel, Workspace, WsFile};
use crate::source::SourceFile;

pub use crate::rules::{Candidate, FileCtx};
use crate::rules::{RuleSettings, TestCode, WorkspaceFacts};

pub use crate::model::parse::{ParseError, parse};
use crate::model::parse::{blank_shebang, parse_blanked};

/// Everything one file contributes: owned data only (no syn types, no spans), so it can
/// cross threads and outlive proc-macro2's source map.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct FileAnalysis {
    pub path: String,
    pub candidates: Vec<Candidate>,
    /// What the workspace rules read besides the model.
    pub facts: WorkspaceFacts,
    pub model: FileModel,
    /// The test-code policy of the file's config, for the workspace rules' findings.
    pub test_code: TestCode,
}

/// Parse `source` (once), build its model and run the per-file rules.
///
/// Never panics on bad input: syntax errors come back as `Err`. Call it on a thread with a
/// large stack: syn and the model recurse once per nesting level.
pub fn analyze_file(source: &SourceFile, edition: Edition) -> Result<FileAnalysis, ParseError> {
    analyze_file_with(source, edition, &RuleSettings::default())
}

/// [`analyze_file`] with the rule options of the file's config.
pub fn analyze_file_with(
    source: &SourceFile,
    edition: Edition,
    settings: &RuleSettings,
) -> Result<FileAnalysis, ParseError> {
    analyze_file_ext(source, edition, settings, None)
}

/// [`analyze_file_with`] with the helpers of the workspace's other files that the file calls
/// (the second round of the engine, for files that call helpers defined in other files).
pub fn analyze_file_ext(
    source: &SourceFile,
    edition: Edition,
    settings: &RuleSettings,
    externals: Option<std::sync::Arc<crate::model::index::Externals>>,
) -> Result<FileAnalysis, ParseError> {
    crate::model::span::reset();
    let result = analyze_inner(source, edition, settings, externals);
    crate::model::span::reset();
    // proc-macro2 keeps every parsed text in a thread-local map: free it after each file.
    proc_macro2::extra::invalidate_current_thread_spans();
    // What is kept for the workspace phase was allocated among the syntax tree's nodes. Its
    // copy goes to the allocator's heap for kept facts (`alloc::keep`), with every vector at
    // its length, so the next file's tree is parsed on pages that hold no long-lived data.
    result.map(|a| {
        crate::alloc::keep(|| FileAnalysis {
            path: a.path.clone(),
            candidates: a.candidates.clone(),
            facts: a.facts.clone(),
            test_code: a.test_code,
            model: a.model.kept(),
        })
    })
}

fn analyze_inner(
    source: &SourceFile,
    edition: Edition,
    settings: &RuleSettings,
    externals: Option<std::sync::Arc<crate::model::index::Externals>>,
) -> Result<FileAnalysis, ParseError> {
    let content = blank_shebang(&source.text);
    let ast = parse_blanked(&content)?;
    crate::model::span::install_text(&content, source.line_starts());
    let model = model::build_file_model_with(&ast, source, edition, externals);
    let mut cx = FileCtx {
        path: &source.path,
        source,
        ast: &ast,
        model: &model,
        edition,
        settings,
        out: Vec::new(),
        facts: WorkspaceFacts::default(),
        decisions: std::cell::OnceCell::new(),
    };
    in_family("read-modify-write", || {
        crate::rules::read_modify_write::check_file(&mut cx)
    });
    in_family("check-then-act", || {
        crate::rules::check_then_act::check_file(&mut cx)
    });
    in_family("lock-order", || {
        crate::rules::lock_order::check_file(&mut cx)
    });
    in_family("flag-polling", || {
        crate::rules::flag_polling::check_file(&mut cx)
    });
    in_family("data-access", || {
        crate::rules::data_access::check_file(&mut cx)
    });
    // one test-code policy for every rule
    let mut candidates = std::mem::take(&mut cx.out);
    candidates.retain(|c| !cx.skips(c.diag.span));
    let mut facts = cx.facts;
    facts.shrink();
    let mut model = model;
    model.slim();
    Ok(FileAnalysis {
        path: source.path.clone(),
        candidates,
        facts,
        model,
        test_code: settings.test_code,
    })
}

/// The rules whose race is between threads of one process: a lock that every caller of the
/// function holds serialises it. (A race through the filesystem or a database is between
/// processes, which an in-process lock does not serialise.)
const SERIALISABLE: &[&str] = &[
    "atomic-check-then-act",
    "lazy-init-race",
    "map-check-then-insert",
    "rwlock-check-then-write",
    "mutex-check-then-act",
    "split-critical-section",
    "atomic-load-store",
    "map-read-then-insert",
    "static-mut-rmw",
];

/// Rules whose race is a second writer of a lock between a read guard (or a first guard) and a
/// write guard: quiet where the lock has one writer, a worker task spawned once
/// ([`model::actors::SoleWriters`]).
const SOLE_WRITER: &[&str] = &[
    "rwlock-check-then-write",
    "mutex-check-then-act",
    "split-critical-section",
];

/// Rules whose finding is an atomic loaded and then written (or written and read again),
/// quiet where every write of the atomic is made by one worker task
/// ([`model::actors::SoleWriters::sole_atomic_writer`]).
const ATOMIC_SOLE_WRITER: &[&str] = &[
    "atomic-check-then-act",
    "atomic-load-store",
    "fetch-then-reread",
    "fetch-then-reset",
];

/// Rules whose second actor is another user of the lock: quiet where the lock is reached only
/// through a value the code holds exclusively (`self` by value, `&mut self`, or a caller that
/// holds it so: [`model::actors::SoleWriters::exclusive_at`]).
const EXCLUSIVE_RECEIVER: &[&str] = &[
    "guard-across-await",
    "rwlock-check-then-write",
    "mutex-check-then-act",
    "split-critical-section",
];

/// Rules whose second actor is another run of the same code (another request, another
/// replica): quiet where the code runs once per process, from `main` at start-up
/// ([`model::entry::Reachability::runs_once`]).
const SELF_RACING: &[&str] = &[
    "db-check-then-insert",
    "db-check-then-update",
    "db-lost-update",
    "store-check-then-insert",
    "sql-check-then-write",
    "sql-read-then-write",
    "store-get-then-save",
    "kv-get-then-set",
    "lazy-init-race",
];

/// Database rules whose check and act both run on one connection: quiet where that
/// connection is reached through a held exclusive guard (a single writer connection behind a
/// mutex) and the database is not a server other processes write
/// ([`model::data::serial::serialised_conn`]).
const ON_ONE_CONNECTION: &[&str] = &[
    "db-check-then-insert",
    "db-check-then-update",
    "db-lost-update",
    "store-check-then-insert",
    "sql-check-then-write",
    "sql-read-then-write",
    "store-get-then-save",
];

/// The workspace phase: merge every file's facts, check the deferred requirements of the
/// candidates, and run the cross-file rules. Input order does not matter: files are sorted.
pub fn finish(files: Vec<FileAnalysis>) -> Vec<Diagnostic> {
    finish_with(files, &[])
}

/// [`finish`] with the unique constraints declared outside Rust files (the `*.sql` files of
/// the linted tree: [`crate::model::data::unique::from_sql`]).
pub fn finish_with(
    mut files: Vec<FileAnalysis>,
    sql_keys: &[crate::model::data::unique::UniqueKey],
) -> Vec<Diagnostic> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let unique = crate::model::data::unique::UniqueIndex::build(
        sql_keys
            .iter()
            .chain(files.iter().flat_map(|f| f.model.unique_keys.iter())),
    );
    let ws = Workspace::build(files.iter().map(|f| WsFile {
        path: &f.path,
        model: &f.model,
    }));
    // the data summaries of every file's helpers, by called path
    let summaries = crate::model::data::summary::SummaryIndex::build(
        files.iter().flat_map(|f| f.facts.data_summaries.iter()),
    );
    let mut out = Vec::new();
    // which functions production code runs: one caller index, one worklist
    let reach = model::entry::Reachability::build(&ws.files);
    // code no production code runs is test code (the one test-code policy)
    let unreached = |fi: usize, span: crate::diagnostic::Span| -> bool {
        let f = &files[fi];
        !f.test_code.lints()
            && f.model
                .fn_containing(span.start)
                .is_some_and(|func| reach.unreached(&ws.files, fi, func).is_some())
    };
    // the workspace's call graph, for the serialised functions here and the lock-order rules
    let mut graph = crate::model::lock_graph::Graph::new(&ws);
    let sole = model::actors::SoleWriters::new(&ws);
    let conns: Vec<model::data::serial::FileConns> = files
        .iter()
        .map(|f| model::data::serial::FileConns {
            serial_fns: &f.facts.serial_fns,
            conn_args: &f.facts.conn_args,
            db_server: f.facts.db_server,
        })
        .collect();
    for (fi, f) in files.iter().enumerate() {
        for c in &f.candidates {
            if !c.requires.iter().all(|r| ws.holds(r)) || unreached(fi, c.diag.span) {
                continue;
            }
            // a race with a second run of itself, in code that runs once
            if SELF_RACING.contains(&c.diag.rule)
                && !f.test_code.lints()
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && reach.runs_once(&ws.files, fi, func)
            {
                continue;
            }
            // a check and an act on one connection behind a held guard
            if ON_ONE_CONNECTION.contains(&c.diag.rule)
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && model::data::serial::serialised_conn(&conns, &mut graph, fi, func)
            {
                continue;
            }
            // an in-process race whose function every caller runs under one lock
            if SERIALISABLE.contains(&c.diag.rule)
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && graph.serialising_lock(fi, func).is_some()
            {
                continue;
            }
            // a value checked or read under one guard and written under a second, where every
            // write of the lock is made by one worker task spawned once: no second writer
            if SOLE_WRITER.contains(&c.diag.rule)
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && sole.sole_writer(fi, func, c.diag.span.start).is_some()
            {
                continue;
            }
            // an atomic loaded and then written, where every write of it is made by one
            // worker task spawned once: no second writer between the load and the write
            if ATOMIC_SOLE_WRITER.contains(&c.diag.rule)
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && sole
                    .sole_atomic_writer(fi, func, c.diag.span.start)
                    .is_some()
            {
                continue;
            }
            // a lock reached only through a value this code holds exclusively: no other task
            // waits for it or changes it in between
            if EXCLUSIVE_RECEIVER.contains(&c.diag.rule)
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && sole
                    .exclusive_at(
                        fi,
                        func,
                        c.diag.span.start,
                        c.diag.rule == "guard-across-await",
                    )
                    .is_some()
            {
                continue;
            }
            // a read lock taken again while a read guard is held deadlocks only when a writer
            // queues in between: quiet where nothing write-locks that lock
            if c.diag.rule == "double-lock"
                && let Some(func) = f.model.fn_containing(c.diag.span.start)
                && (sole.never_written(fi, func, c.diag.span)
                    || sole.reads_in_sole_writer(fi, func, c.diag.span).is_some())
            {
                continue;
            }
            // what the finding assumed about other files: as the workspace confirms it
            let mut diag = c.diag.clone();
            match &c.via {
                Some(crate::rules::Deferred::Helpers(v)) => match summaries.confirms(v) {
                    Some(note) => diag = diag.note(note),
                    None => continue,
                },
                Some(crate::rules::Deferred::HelperInsert(v)) => {
                    match summaries.confirms_insert(v) {
                        Some(note) => diag = diag.note(note),
                        None => continue,
                    }
                }
                Some(crate::rules::Deferred::RecordDelete(v)) => {
                    match summaries.confirms_record_delete(v) {
                        Some(note) => diag = diag.note(note),
                        None => continue,
                    }
                }
                Some(crate::rules::Deferred::SharedMethods { ty, methods })
                    if !methods.iter().all(|m| ws.shared_method(ty, m)) =>
                {
                    continue;
                }
                // two runs of one method on one value, whose every caller holds that value
                // exclusively, or that only one worker task spawned once runs, or that runs
                // once per process: no second run can come between the check and the act
                Some(crate::rules::Deferred::SelfRun { func })
                    if sole.exclusive_self(fi, *func as usize).is_some()
                        || sole.one_worker_runs(fi, *func as usize).is_some()
                        || !f.test_code.lints()
                            && reach.runs_once(&ws.files, fi, *func as usize) =>
                {
                    continue;
                }
                Some(
                    crate::rules::Deferred::SharedMethods { .. }
                    | crate::rules::Deferred::SelfRun { .. },
                )
                | None => {}
            }
            // a duplicate insert that a unique constraint rejects: a note
            if let Some(g) = f
                .facts
                .unique_guards
                .iter()
                .find(|g| g.rule == c.diag.rule && g.span == c.diag.span)
                && let Some((k, helper)) = guard_key(&unique, &summaries, g)
            {
                let mut d = g.apply(c.diag.clone(), k);
                if let Some(n) = helper {
                    d = d.note(n);
                }
                out.push(d);
                continue;
            }
            out.push(diag);
        }
    }
    let mut cross = Vec::new();
    in_family("lock-order", || {
        let facts: Vec<(&str, &WorkspaceFacts)> =
            files.iter().map(|f| (f.path.as_str(), &f.facts)).collect();
        crate::rules::lock_order::check_workspace(&mut graph, &facts, &mut cross)
    });
    in_family("flag-polling", || {
        let facts: Vec<(&str, &WorkspaceFacts)> =
            files.iter().map(|f| (f.path.as_str(), &f.facts)).collect();
        crate::rules::flag_polling::check_workspace(&ws, &facts, &mut cross)
    });
    // the test-code policy of the file a cross-file finding is reported in
    cross.retain(|d| {
        let Ok(i) = files.binary_search_by(|f| f.path.as_str().cmp(d.file.as_str())) else {
            return true;
        };
        files[i].test_code.lints() || !files[i].model.in_test(d.span) && !unreached(i, d.span)
    });
    out.extend(cross);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    merge_same_claims(&mut out);
    out
}

/// One finding per claim: two findings of one rule at one place with one message (a lookup
/// followed by two inserts, a check followed by two `set`s) become one that labels every act.
/// `out` is sorted by [`Diagnostic::sort_key`].
fn merge_same_claims(out: &mut Vec<Diagnostic>) {
    out.dedup_by(|later, first| {
        if later.sort_key() != first.sort_key() {
            return false;
        }
        for l in later.labels.drain(..) {
            if !first.labels.contains(&l) {
                first.labels.push(l);
            }
        }
        for n in later.notes.drain(..) {
            if !first.notes.contains(&n) {
                first.notes.push(n);
            }
        }
        true
    });
}

/// The unique constraint that rejects the duplicate a guard's finding warns about: on the
/// columns the check filtered, or, for a check through a helper (`Type::helper(..)`), on the
/// columns the helper's one lookup filters (its summary), when it reads the inserted table;
/// then with a note saying what the helper reads.
fn guard_key<'u>(
    unique: &'u crate::model::data::unique::UniqueIndex,
    summaries: &crate::model::data::summary::SummaryIndex,
    g: &crate::rules::UniqueGuard,
) -> Option<(&'u crate::model::data::unique::UniqueKey, Option<String>)> {
    if !g.cols.is_empty() {
        return unique.covering(&g.table, &g.cols).map(|k| (k, None));
    }
    let (ty, name) = g.via.as_ref()?;
    let l = summaries.resolve(Some(ty), name)?.lookup.as_ref()?;
    if l.locks_rows || !crate::model::data::orm::same_table(Some(&l.table), Some(&g.table)) {
        return None;
    }
    let k = unique.covering(&l.table, &l.key_cols)?;
    let note = format!(
        "`{ty}::{name}` reads `{}` by `{}` (the data summary of its body)",
        l.table,
        l.key_cols.join(", ")
    );
    Some((k, Some(note)))
}

/// Run one rule family; a panic inside it is re-raised with the family's name, so the
/// engine's per-file internal error says which rules failed.
fn in_family(name: &str, f: impl FnOnce()) {
    if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        panic!("rule family `{name}` panicked: {msg}");
    }
}
