//! `double-lock`: a thread asks for a lock whose guard it already holds.
//!
//! Per file: two acquisitions of the same place in one function (or in a closure the function
//! runs in place) where the first guard is still alive at the second (the model gives the
//! guard lifetimes: `let` guards to block end / `drop` / move, scrutinee temporaries through
//! the `match`, `if let` scrutinees through `else` under edition 2021). Workspace phase: a call
//! made while holding the guard of `self.<field>` or of a static, to a function (defined
//! anywhere in the workspace, followed up to [`crate::model::lock_graph::MAX_CALL_DEPTH`] calls deep)
//! that locks the same field of the same `self` or the same static.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::func::ReleaseCause;
use crate::model::lock_graph::{
    Graph, LockKind, MAX_CALL_DEPTH, closure_runs_inline, display_identity, fn_display,
    guards_held_at, is_local_identity, is_real_acquisition, lock_kind, modes_conflict, reads_nest,
    try_guard_held,
};
use crate::model::types::UseMap;
use crate::model::{
    Acquisition, Callee, FnModel, GuardKind, LockFamily, Mode, Requirement, Resolver, Root, Want,
    func::unaliased,
};
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static DOUBLE_LOCK = {
        id: "double-lock",
        category: LOCK_ORDER,
        severity: Error,
        summary: "a lock is acquired while a guard of the same lock is still held (self-deadlock)",
    }
}

pub fn check_file(cx: &mut FileCtx) {
    let fns: &[FnModel] = &cx.model.fns;
    let uses = &cx.model.index.uses;
    let r = Resolver::new(&cx.model.index);
    let mut found: Vec<(Diagnostic, Option<Requirement>)> = Vec::new();
    let mut memo = HoistMemo::default();
    for (fi, f) in fns.iter().enumerate() {
        for b in &f.acquisitions {
            if b.is_try {
                continue;
            }
            if let Some(a) = f.held_at(b.lock_at()).find(|a| {
                a.id != b.id
                    && try_guard_held(f, a, b.lock_at())
                    && (modes_conflict(a.mode, b.mode) || recursive_read(a.mode, b.mode))
                    && same_lock(&r, fns, uses, fi, a, fi, b)
            }) && let Some(v) = verdict(cx, &r, fns, fi, a, b)
            {
                found.push((report(cx, f, a, b, None, &mut memo), v));
            }
        }
        // closures run in place while a guard of `f` is held
        for c in &f.calls {
            let Callee::Closure { index } = c.callee else {
                continue;
            };
            if !closure_runs_inline(f, &fns[index], c) {
                continue;
            }
            let held = guards_held_at(f, c.at());
            if held.is_empty() {
                continue;
            }
            for ci in inline_closures(fns, index, 3) {
                for b in &fns[ci].acquisitions {
                    if b.is_try || shadowed(fns, ci, fi, &b.place.root) {
                        continue;
                    }
                    if let Some(a) = held.iter().find(|a| {
                        modes_conflict(a.mode, b.mode) && same_lock(&r, fns, uses, fi, a, ci, b)
                    }) && let Some(v) = verdict(cx, &r, fns, fi, a, b)
                    {
                        found.push((report(cx, f, a, b, Some(&fns[ci]), &mut memo), v));
                    }
                }
            }
        }
    }
    for (d, req) in found {
        match req {
            None => cx.report(d),
            Some(req) => cx.report_if(d, vec![req]),
        }
    }
}

/// `index` and the closures it runs in place, `depth` levels deep.
fn inline_closures(fns: &[FnModel], index: usize, depth: usize) -> Vec<usize> {
    let mut out = vec![index];
    if depth == 0 {
        return out;
    }
    let f = &fns[index];
    for c in &f.calls {
        if let Callee::Closure { index: i } = c.callee
            && closure_runs_inline(f, &fns[i], c)
        {
            out.extend(inline_closures(fns, i, depth - 1));
        }
    }
    out
}

/// A closure (or one between it and `outer`) binds the root name itself.
fn shadowed(fns: &[FnModel], mut ci: usize, outer: usize, root: &Root) -> bool {
    let Root::Local(name) = root else {
        return false;
    };
    while ci != outer {
        if fns[ci].locals.iter().any(|l| &l.name == name) {
            return true;
        }
        match fns[ci].parent {
            Some(p) => ci = p,
            None => return true,
        }
    }
    false
}

/// The same lock object: the same place (`self.state` twice, `m` twice), or two names for one
/// local lock (`m` and `m2 = m.clone()`), or one static.
fn same_lock(
    r: &Resolver,
    fns: &[FnModel],
    uses: &UseMap,
    fa: usize,
    a: &Acquisition,
    fb: usize,
    b: &Acquisition,
) -> bool {
    if a.place.root == b.place.root && a.place.fields == b.place.fields {
        return true;
    }
    // one object under two names: `let shared = self.jobs.clone(); shared.lock()` and
    // `self.jobs.lock()`
    let (pa, pb) = (
        unaliased(fns, fa, &a.place, a.span.start),
        unaliased(fns, fb, &b.place, b.span.start),
    );
    if fns[fa].self_ty == fns[fb].self_ty
        && pa.root == pb.root
        && pa.fields == pb.fields
        && !matches!(pa.root, Root::Local(_) | Root::Other(_))
    {
        return true;
    }
    match (
        lock_kind(r, fns, fa, a, uses),
        lock_kind(r, fns, fb, b, uses),
    ) {
        (LockKind::Lock { identity: x, .. }, LockKind::Lock { identity: y, .. }) => {
            // two elements of one collection (`slots[i]`, `slots[j]`) are different locks
            // unless their places are the same (checked above)
            x == y && !x.contains("[]") && (x.starts_with("static ") || is_local_identity(&x))
        }
        _ => false,
    }
}

/// `Some(None)`: report; `Some(Some(req))`: report if the workspace confirms a lock; `None`:
/// stay silent (not a lock, a re-entrant lock, or nothing tells).
fn verdict(
    cx: &FileCtx,
    r: &Resolver,
    fns: &[FnModel],
    fi: usize,
    a: &Acquisition,
    b: &Acquisition,
) -> Option<Option<Requirement>> {
    match lock_kind(r, fns, fi, a, &cx.model.index.uses) {
        LockKind::Lock { lock, .. } => (lock.family != LockFamily::Reentrant
            && is_real_acquisition(a, &lock)
            && is_real_acquisition(b, &lock)
            && !(recursive_read(a.mode, b.mode) && reads_nest(&lock)))
        .then_some(None),
        LockKind::NotLock => None,
        LockKind::Unknown => {
            let std_like =
                poison_unwrapped(&cx.source.text, a) || poison_unwrapped(&cx.source.text, b);
            match r.start(fns, fi, &a.place, 0) {
                Some((start, fields, _)) => Some(Some(Requirement {
                    start,
                    fields,
                    want: Want::Lock,
                    allow_unknown: std_like,
                })),
                None => std_like.then_some(None),
            }
        }
    }
}

/// `m.lock().unwrap()` / `.expect(..)`: the std poisoning `LockResult`, so a std lock.
pub fn poison_unwrapped(text: &str, a: &Acquisition) -> bool {
    if a.awaited || a.wrapper.is_some() {
        return false;
    }
    let rest = text
        .get(a.call_span.end..a.span.end.max(a.call_span.end))
        .unwrap_or("");
    let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(a.method.as_str(), "lock" | "read" | "write")
        && (rest.starts_with(".unwrap()") || rest.starts_with(".expect("))
}

fn guard_desc(a: &Acquisition) -> String {
    match (&a.guard, &a.release_cause) {
        (GuardKind::Named(n), _) => format!("guard `{n}`"),
        (_, ReleaseCause::EndOfMatch) => "the `match` scrutinee's temporary guard".into(),
        (_, ReleaseCause::EndOfThenBlock) => "the `if let` scrutinee's temporary guard".into(),
        _ => "a temporary guard".into(),
    }
}

fn place_text(a: &Acquisition) -> String {
    match &a.wrapper {
        Some(w) => format!("{w}()"),
        None => a.place.text.trim_start_matches('&').to_string(),
    }
}

/// A second plain `read()` while a read guard of the same RwLock is held: not a conflict of
/// modes, but a deadlock as soon as a writer queues between the two (only parking_lot's
/// `read_recursive` is made for this).
fn recursive_read(held: Mode, want: Mode) -> bool {
    held == Mode::Shared && want == Mode::Shared
}

fn report(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    b: &Acquisition,
    closure: Option<&FnModel>,
    memo: &mut HoistMemo,
) -> Diagnostic {
    let p = place_text(a);
    if is_shard_reference(a) {
        return report_shard(cx, f, a, b, closure, memo);
    }
    // the lock itself, for `.write()` (through a guard-returning helper: its lock's place)
    let pw = a.place.text.trim_start_matches('&').to_string();
    let what = match (a.mode, b.mode) {
        (Mode::Shared | Mode::SharedRecursive | Mode::Upgradable, Mode::Exclusive) => format!(
            "`{}()` on `{p}` waits for the read guard this same thread already holds",
            b.method
        ),
        (Mode::Exclusive, Mode::Shared | Mode::SharedRecursive | Mode::Upgradable) => format!(
            "`{}()` on `{p}` waits for the write guard this same thread already holds",
            b.method
        ),
        (Mode::Shared, Mode::Shared) => format!(
            "`{p}` is read-locked again while this thread still holds {}: a writer that queues in between blocks the second `{}()` (std, parking_lot and tokio RwLocks let a waiting writer go before new readers), and the writer waits for the first guard",
            guard_desc(a),
            b.method
        ),
        _ => format!(
            "`{p}` is locked again while this thread still holds {} of it",
            guard_desc(a)
        ),
    };
    let mut where_ = match closure {
        Some(_) => " (in a closure run in place while the guard is alive)",
        None => "",
    }
    .to_string();
    // one lock under two names: say that the second is the first
    let pb = place_text(b);
    if pb != p {
        where_ = format!("{where_} (`{pb}` and `{p}` are one lock)");
    }
    let msg = if recursive_read(a.mode, b.mode) {
        format!("{what}{where_}: the reader and the writer then wait for each other (deadlock)")
    } else {
        format!(
            "{what}{where_}: the second `{}()` never returns (self-deadlock)",
            b.method
        )
    };
    let mut d = DOUBLE_LOCK
        .diag(cx.path, b.call_span, msg)
        .label(
            a.call_span,
            format!("{} of `{p}` acquired here", guard_desc(a)),
        )
        .label(
            cx_release_span(a),
            format!("{} is released only here", guard_desc(a)),
        );
    // `#[instrument(fields(..))]`: the values are computed before the body, in one call
    if a.call_span.start < f.span.start && a.release_cause == ReleaseCause::EndOfStatement {
        d = d.note("the field values of `#[instrument(fields(..))]` are computed together when the function is entered, in the one call that builds its span: a guard one of them creates lives until the last is computed");
    } else {
        d = d.note(release_note(cx, a, "guard", memo));
    }
    if is_watch_ref(a) {
        d = d.note(format!(
            "`{p}` is a `tokio::sync::watch` endpoint: `{}()` returns a `watch::Ref` that holds the channel's read lock until it is dropped, and `send` / `send_modify` / `send_replace` take its write lock",
            a.method
        ));
    }
    if closure.is_none()
        && let Some((span, rep)) = memo
            .scrutinees
            .entry(a as *const Acquisition as usize)
            .or_insert_with(|| hoist_scrutinee_guard(cx, f, a))
            .clone()
    {
        return d.suggest(
            format!(
                "lock `{p}` once before the `{}` and use that guard in the condition and the block",
                if matches!(a.release_cause, ReleaseCause::EndOfMatch) {
                    "match"
                } else {
                    "if let"
                }
            ),
            Applicability::MaybeIncorrect,
            span,
            rep,
        );
    }
    if let Some((edits, _)) = cx
        .model
        .fns
        .iter()
        .position(|g| std::ptr::eq(g, f))
        .and_then(|fi| super::hoist_owned_scrutinee(cx, fi, a))
        .filter(|(_, end)| b.span.start >= *end)
    {
        return d.suggest_edits(
            format!(
                "take the value out in a `let` of its own before the `{}`: the temporary guard of `{p}` ends at that `;`, before the block locks `{p}` again (the value is the one the scrutinee computed)",
                if matches!(a.release_cause, ReleaseCause::EndOfMatch) {
                    "match"
                } else {
                    "if let"
                }
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if closure.is_none()
        && let Some((edits, g)) = hoist_statement_guard(cx, f, a, b, memo)
    {
        return d.suggest_edits(
            format!("lock `{p}` once before the statement and use that guard `{g}` in both places"),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    // a `send` while a `watch::Ref` is alive: no guard of the reader can write
    if is_watch_ref(a) && b.mode == Mode::Exclusive {
        let first = match &a.guard {
            GuardKind::Named(g) => format!("copy what is needed out of `{g}` and `drop({g})`"),
            _ => format!(
                "copy the value out in a statement of its own (`let v = {p}.{}().clone();`)",
                a.method
            ),
        };
        return d.help(format!("{first} before `{}()`", b.method));
    }
    if let Some(edits) = reuse_guard(cx, f, a, b, closure) {
        let GuardKind::Named(g) = &a.guard else {
            unreachable!("reuse_guard needs a named guard")
        };
        let how = if a.mode == Mode::Shared && b.mode == Mode::Exclusive {
            format!("take `{pw}.write()` from the start and write through `{g}`")
        } else {
            format!("use the guard `{g}` that is already held instead of locking `{p}` again")
        };
        return d.suggest_edits(
            format!(
                "{how} (or `drop({g})` before locking again and re-read the state after re-locking)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if is_watch_ref(a) {
        let help = match &a.guard {
            GuardKind::Named(g) => format!(
                "read what is needed through `{g}` instead of borrowing `{p}` again, or copy the value out and drop `{g}` first (`let v = {g}.clone(); drop({g});`)"
            ),
            _ => format!(
                "borrow `{p}` once (`let v = {p}.{}();`) and read every value from that one `watch::Ref`, or copy the value out in a statement of its own (`let v = {p}.{}().clone();`)",
                a.method, a.method
            ),
        };
        return d.help(help);
    }
    let help = match (&a.guard, a.mode, b.mode) {
        (_, Mode::Shared | Mode::SharedRecursive | Mode::Upgradable, Mode::Exclusive) => format!(
            "take `{pw}.write()` from the start and check and update under that one guard; or drop the read guard, take the write lock and re-check the condition after re-locking (parking_lot's `upgradable_read()` + `RwLockUpgradableReadGuard::upgrade` does this atomically)"
        ),
        (GuardKind::Named(g), _, _) => format!(
            "use the guard `{g}` that is already held instead of locking `{p}` again (pass `&mut *{g}` to the code that needs the data), or `drop({g})` before locking again and re-read the state after re-locking"
        ),
        _ => format!(
            "bind what the condition needs first (`let v = {p}.{}()...;` ends the guard at the `;`), then branch on `v` and lock again; or do the check and the update under one guard (`let mut g = {p}.{}()...;`, e.g. with the `entry` API)",
            a.method, a.method
        ),
    };
    d.help(help)
}

/// Two temporary guards of one lock in one plain statement (`f(M.lock().unwrap().a,
/// M.lock().unwrap().b)`, a macro's arguments, a `let` initializer, a struct literal's
/// fields): bind the guard once before the statement, use it in each place and `drop` it
/// right after the statement when code follows in the block (so that it is held no longer
/// than the temporaries were). Only for a statement without blocks, closures, branches or
/// `.await` (where taking the lock earlier would hold it over more code than the statement's
/// own; a struct literal's braces are no block; the acquisitions' own `.await`s are no
/// other suspension), and where every acquisition of the lock in the statement is the same
/// text.
fn hoist_statement_guard(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    b: &Acquisition,
    memo: &mut HoistMemo,
) -> Option<(Vec<Edit>, String)> {
    let s = a.stmt?;
    if a.guard != GuardKind::Temporary
        || b.guard != GuardKind::Temporary
        || b.stmt != Some(s)
        || a.release_cause != ReleaseCause::EndOfStatement
    {
        return None;
    }
    let text = &cx.source.text;
    let lock_text = text.get(a.span.start..a.span.end)?;
    let st = memo.stmt(cx, f, s)?;
    // every acquisition of the lock in the statement is the same text (`a` is one of them)
    let texts_differ = match st.same_text {
        SameText::Empty => false,
        SameText::All(t) => text.get(t.start..t.end) != Some(lock_text),
        SameText::Differ => true,
    };
    if texts_differ || !st.all_end_of_statement {
        return None;
    }
    let g = st.guard;
    let mutable = if st.writes && a.mode == Mode::Exclusive {
        "mut "
    } else {
        ""
    };
    let indent = &st.indent;
    let mut edits = vec![Edit::new(
        Span::new(s.start, s.start),
        format!("let {mutable}{g} = {lock_text};\n{indent}"),
    )];
    for &o in &st.same {
        edits.push(Edit::new(f.acquisitions[o].span, g));
    }
    if let Some(at) = st.drop_at {
        edits.push(Edit::new(
            Span::new(at, at),
            format!("\n{indent}drop({g});"),
        ));
    }
    Some((edits, g.to_string()))
}

/// What [`hoist_statement_guard`] needs to know of a statement, whichever two of its
/// acquisitions it is asked about: found once per statement, as one statement nesting N
/// acquisitions (`m.lock().unwrap().get(m.lock().unwrap().get(..))`) gives N findings, and
/// scanning its text and its acquisitions for each was quadratic (#17).
struct StmtHoist {
    /// The temporary guards of the statement (indexes into the function's acquisitions).
    same: Vec<usize>,
    /// Whether their texts are all the same.
    same_text: SameText,
    /// Whether each of them lives to the end of the statement.
    all_end_of_statement: bool,
    /// Whether a use of one of them writes through it.
    writes: bool,
    /// The name for the hoisted guard (no word of the function uses it).
    guard: &'static str,
    /// The statement's indentation (it starts its line).
    indent: String,
    /// Where `drop(guard);` goes, unless the block ends after the statement.
    drop_at: Option<usize>,
}

/// The texts of a statement's temporary guards.
enum SameText {
    /// It has none.
    Empty,
    /// All are the text at this span.
    All(Span),
    /// They differ (or one is not text of the file).
    Differ,
}

/// What the reports of a file learn once: [`StmtHoist`] by function and statement, the
/// hoisted guard's name by function, by line start where the line's first `if let` and
/// `while let` end ([`is_if_let`]), and the scrutinee rewrites.
#[derive(Default)]
struct HoistMemo {
    stmts: std::collections::HashMap<(usize, Span), Option<StmtHoist>>,
    names: std::collections::HashMap<usize, Option<&'static str>>,
    lets: std::collections::HashMap<usize, (Option<usize>, Option<usize>)>,
    /// [`hoist_scrutinee_guard`] by acquisition (each finding inside a `match` on a guard
    /// asks it of the same scrutinee, which looked at every acquisition of the file).
    scrutinees: std::collections::HashMap<usize, Option<(Span, String)>>,
}

impl HoistMemo {
    fn stmt(&mut self, cx: &FileCtx, f: &FnModel, s: Span) -> Option<&StmtHoist> {
        let key = f as *const FnModel as usize;
        if !self.stmts.contains_key(&(key, s)) {
            let names = &mut self.names;
            let st = stmt_hoist(cx, f, s, || {
                *names.entry(key).or_insert_with(|| hoist_name(cx, f))
            });
            self.stmts.insert((key, s), st);
        }
        self.stmts[&(key, s)].as_ref()
    }
}

/// A name no word of the function uses, for the hoisted guard.
fn hoist_name(cx: &FileCtx, f: &FnModel) -> Option<&'static str> {
    let body = cx.source.text.get(f.span.start..f.span.end)?;
    ["guard", "locked", "held_guard"].into_iter().find(|n| {
        !body
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| w == *n)
    })
}

#[cfg(test)]
thread_local! {
    /// How many statements [`stmt_hoist`] looked at on this thread (a test counts the work).
    pub static STMT_HOIST_SCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// [`StmtHoist`] of the statement `s` of `f`: `None` when no guard of it can be hoisted.
fn stmt_hoist(
    cx: &FileCtx,
    f: &FnModel,
    s: Span,
    name: impl FnOnce() -> Option<&'static str>,
) -> Option<StmtHoist> {
    #[cfg(test)]
    STMT_HOIST_SCANS.with(|c| c.set(c.get() + 1));
    let text = &cx.source.text;
    let stmt_text = text.get(s.start..s.end)?;
    if [
        "match ", "if ", "while ", "loop ", "for ", "|", "return", "else",
    ]
    .iter()
    .any(|k| stmt_text.contains(k))
    {
        return None;
    }
    // one `let` at the start at most (`let x = f(M.lock().a, M.lock().b);`)
    if stmt_text.trim_start_matches("let ").contains("let ") {
        return None;
    }
    if !struct_literal_braces_only(stmt_text) {
        return None;
    }
    let same: Vec<usize> = (0..f.acquisitions.len())
        .filter(|&i| {
            let o = &f.acquisitions[i];
            o.stmt == Some(s) && o.guard == GuardKind::Temporary
        })
        .collect();
    let mut same_text = SameText::Empty;
    for &i in &same {
        let o = f.acquisitions[i].span;
        same_text = match (same_text, text.get(o.start..o.end)) {
            (_, None) | (SameText::Differ, _) => SameText::Differ,
            (SameText::Empty, Some(_)) => SameText::All(o),
            (SameText::All(t), Some(x)) => {
                if text.get(t.start..t.end) == Some(x) {
                    SameText::All(t)
                } else {
                    SameText::Differ
                }
            }
        };
    }
    // no `.await` but the acquisitions' own (`cfg.read().await`): the one guard is then held
    // across no suspension the temporaries were not
    let own_awaits = same
        .iter()
        .filter_map(|&i| {
            let o = f.acquisitions[i].span;
            text.get(o.start..o.end)
        })
        .map(|t| t.matches(".await").count())
        .sum::<usize>();
    if stmt_text.matches(".await").count() != own_awaits {
        return None;
    }
    let all_end_of_statement = same
        .iter()
        .all(|&i| f.acquisitions[i].release_cause == ReleaseCause::EndOfStatement);
    let g = name()?;
    // `mut` where a use writes through it
    let writes = same.iter().any(|&i| {
        let o = &f.acquisitions[i];
        let after = text.get(o.span.end..s.end).unwrap_or("");
        let t = after.trim_start();
        if let Some(rest) = t.strip_prefix('.') {
            let m: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            crate::model::index::MUTATORS.contains(&m.as_str())
                || m.ends_with("_mut")
                || m.starts_with("set_")
        } else {
            t.starts_with('=') && !t.starts_with("==")
                || ["+=", "-=", "*=", "/=", "|=", "&=", "^="]
                    .iter()
                    .any(|op| t.starts_with(op))
        }
    });
    let line_start = line_start(cx, s.start);
    let indent: String = text[line_start..s.start]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    if indent.len() != s.start - line_start {
        return None; // the statement does not start its line
    }
    // released where the temporaries were: after the statement, unless the block ends there
    let rest = &text[s.end..];
    let end = if stmt_text.trim_end().ends_with(';') {
        s.end
    } else if rest.trim_start().starts_with(';') {
        s.end + rest.find(';')? + 1
    } else {
        s.end
    };
    // after a comment that ends the statement's line (`f(..); // note`)
    let line_end = end + text[end..].find('\n').unwrap_or(text.len() - end);
    let line_rest = text[end..line_end].trim();
    let at = if line_rest.is_empty() || line_rest.starts_with("//") {
        line_end
    } else {
        end
    };
    let mut next = text[at..].trim_start();
    while let Some(comment) = next.strip_prefix("//") {
        next = comment.find('\n').map_or("", |i| comment[i..].trim_start());
    }
    Some(StmtHoist {
        same,
        same_text,
        all_end_of_statement,
        writes,
        guard: g,
        indent,
        drop_at: (!next.starts_with('}')).then_some(at),
    })
}

/// Whether every `{` in a statement's text opens a struct literal (`Self {`, `Batch {`,
/// `Foo::<T> {`): after a name that is no keyword opening a block (`unsafe`, `async`,
/// `move`, `loop`, `else`, `const`, `try`) or after a generic's `>`.
fn struct_literal_braces_only(stmt: &str) -> bool {
    stmt.match_indices('{').all(|(i, _)| {
        let before = stmt[..i].trim_end();
        if before.ends_with('>') && !before.ends_with("->") && !before.ends_with("=>") {
            return true;
        }
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        !word.is_empty()
            && !word.starts_with(|c: char| c.is_ascii_digit())
            && !["unsafe", "async", "move", "loop", "else", "const", "try"].contains(&word.as_str())
    })
}

/// Why guard `a` (a `what`: "guard", "reference") is still alive: the rule that keeps it.
fn release_note(cx: &FileCtx, a: &Acquisition, what: &str, memo: &mut HoistMemo) -> String {
    match a.release_cause {
        ReleaseCause::EndOfMatch => format!(
            "a `match` scrutinee's temporaries (here the {what}) live until the end of the whole `match`, arms included"
        ),
        ReleaseCause::EndOfStatement if is_if_let(cx, a, memo) => {
            "under edition 2021 the temporaries of an `if let` scrutinee live through the `else` block too (edition 2024 drops them before `else`)".to_string()
        }
        ReleaseCause::EndOfStatement => {
            format!("a temporary {what} lives until the end of its statement")
        }
        _ => format!("the {what} lives until {}", release_text(&a.release_cause)),
    }
}

/// A `watch::Ref` of a `tokio::sync::watch` endpoint (the model records `borrow()`,
/// `borrow_and_update()` and `wait_for(..)` of one as read acquisitions:
/// [`crate::model::TypeInfo::watch_lock`]).
fn is_watch_ref(a: &Acquisition) -> bool {
    !a.shard
        && a.wrapper.is_none()
        && matches!(
            a.method.as_str(),
            "borrow" | "borrow_and_update" | "wait_for"
        )
}

/// A reference into a `DashMap` (`get`, `get_mut`, `entry`, `iter`): it holds its shard's
/// lock until dropped.
fn is_shard_reference(a: &Acquisition) -> bool {
    a.shard
}

/// A `DashMap` called while a reference into it is alive: the call waits for the shard lock
/// the reference holds when the key hashes to that shard (always for the same key).
fn report_shard(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    b: &Acquisition,
    closure: Option<&FnModel>,
    memo: &mut HoistMemo,
) -> Diagnostic {
    let bm = &b.method;
    // a reference a helper returned (`self.session(k)`): the map is named by the direct call
    let (p, held) = match (&a.wrapper, &b.wrapper) {
        (Some(w), None) => (place_text(b), format!("the reference `{w}()` returned")),
        _ if matches!(a.method.as_str(), "iter" | "iter_mut") => {
            (place_text(a), format!("an item of `{}()`", a.method))
        }
        _ => (
            place_text(a),
            format!("the reference `{}()` returned", a.method),
        ),
    };
    let where_ = match closure {
        Some(_) => " (in a closure run in place)",
        None => "",
    };
    let msg = format!(
        "`{bm}()` on the DashMap `{p}` is called{where_} while this thread still holds {held}, which locks its shard until it is dropped: on the same shard (always for the same key) `{bm}()` never returns (self-deadlock)"
    );

    let d = DOUBLE_LOCK
        .diag(cx.path, b.call_span, msg)
        .label(a.call_span, format!("reference into `{p}` taken here"))
        .label(cx_release_span(a), "the reference is dropped only here")
        .note(release_note(cx, a, "reference", memo));
    if closure.is_none()
        && let Some(edits) = drop_reference(cx, f, a, b)
    {
        let GuardKind::Named(g) = &a.guard else {
            unreachable!("drop_reference needs a named reference")
        };
        return d.suggest_edits(
            format!(
                "drop the reference `{g}` before calling `{bm}()` (nothing uses it from there on); what was read through it may be changed by another thread before `{bm}()` runs"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if matches!(a.method.as_str(), "iter" | "iter_mut") {
        return d.help(format!(
            "copy what you need out of the items before calling `{bm}()` (`let keys: Vec<_> = {p}.iter().filter(..).map(|e| e.key().clone()).collect();`, or `.find(..).map(..)` for one), then change the map with the copies (or change it in place with `{p}.retain(..)`)"
        ));
    }
    d.help(format!(
            "copy what you need out of the reference and drop it before calling `{bm}()` (`let v = {p}.{}(..).map(|r| r.value().clone());`), or do the lookup and the change through one entry (`{p}.entry(key)`, then `OccupiedEntry::remove()` / `insert()`)",
            a.method
        ))
}

/// `drop(r);` before the statement of `b` for a DashMap reference `r` (bound by `let`, by
/// `let .. else`, by `if let Some(r)` or by the first arm's `Some(r)` of a `match`) that
/// nothing mentions from that statement on: the shard is released before `b` locks it.
fn drop_reference(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    b: &Acquisition,
) -> Option<Vec<Edit>> {
    let GuardKind::Named(g) = &a.guard else {
        return None;
    };
    let text = &cx.source.text;
    let (stmt, _) = super::statement_line(text, b.span.start)?;
    if a.release_cause == ReleaseCause::EndOfMatch {
        // the reference is the first arm's `Some(g)`, and `b` is in that arm's block
        let l = f.local(g, stmt)?;
        let between: String = text
            .get(a.span.end..l.offset)?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let pat = format!("Some({g})");
        let after = &text[l.offset..];
        if between != "{" || !after.starts_with(&pat) {
            return None;
        }
        let arrow = l.offset + pat.len();
        if !text[arrow..].trim_start().starts_with("=>") {
            return None;
        }
        let arrow = arrow + text[arrow..].find("=>")?;
        let body = arrow + 2 + (text[arrow + 2..].len() - text[arrow + 2..].trim_start().len());
        if !text[body..].starts_with('{') {
            return None;
        }
        let close = matching_brace(text, body)?;
        if !(body < stmt && b.span.end <= close) {
            return None;
        }
    }
    let mentions = super::guard_mentions(text, a);
    // `let next = *r + 1; map.insert(k, next)`: a value computed from the reference and
    // written back is a read-modify-write; releasing the reference first would turn the
    // deadlock into a lost update (`map-read-then-insert`): the fix is one `get_mut` or
    // `entry`, which the help says
    let derived: Vec<&str> = f
        .bindings
        .iter()
        .filter(|x| x.span.start > a.span.end && x.span.end <= stmt)
        .filter(|x| {
            x.init.is_some_and(|i| {
                crate::rules::rewrite::words(&text[i.start..i.end]).contains(&g.as_str())
            })
        })
        .flat_map(|x| x.names.iter().map(String::as_str))
        .collect();
    let call = text.get(b.span.start..b.span.end)?;
    if crate::rules::rewrite::words(call)
        .iter()
        .any(|w| derived.contains(w))
    {
        return None;
    }
    if mentions.last().is_none_or(|&m| m < stmt) {
        return super::drop_named_before(text, &cx.model.loops, f, a, stmt, &mentions, true);
    }
    // `map.insert(k, r.clone());`: the arguments that read the reference are values of the
    // map's key and value types (owned: nothing of them borrows the reference), computed
    // into a fresh local first; the arguments before them are plain names or literals, so
    // the order of evaluation is kept
    let before: Vec<usize> = mentions.iter().copied().filter(|&m| m < stmt).collect();
    let (head, args) = call_args(text, b)?;
    if b.method != "insert" || stmt != b.span.start || head != stmt {
        return None;
    }
    if !text[b.span.end..].trim_start().starts_with(';') {
        return None;
    }
    let reads = |s: &Span| mentions.iter().any(|&m| s.start <= m && m < s.end);
    let last = args.iter().rposition(&reads)?;
    if mentions
        .iter()
        .any(|&m| m >= stmt && !args.iter().any(|s| s.start <= m && m < s.end))
    {
        return None;
    }
    let plain = |s: &Span| {
        let t = text[s.start..s.end].trim();
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '&' | ':' | '"' | ' '))
            && !t.contains("..")
    };
    if args[..last].iter().any(|s| !reads(s) && !plain(s)) {
        return None;
    }
    let (_, indent) = super::statement_line(text, stmt)?;
    let chain = crate::rules::rewrite::fn_chain(
        &cx.model.fns,
        cx.model.fns.iter().position(|x| std::ptr::eq(x, f))?,
    );
    let body = &text[f.span.start..f.span.end];
    let mut lets = String::new();
    let mut edits = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for s in args[..=last].iter().filter(|s| reads(s)) {
        let names = ["value", "new_value", "moved"];
        let mut texts = vec![body];
        texts.extend(taken.iter().map(String::as_str));
        let v = crate::rules::rewrite::fresh_from(&names, &texts, &chain);
        lets.push_str(&format!(
            "let {v} = {};\n{indent}",
            text[s.start..s.end].trim()
        ));
        edits.push(Edit::new(*s, v.clone()));
        taken.push(v);
    }
    let mut first = super::drop_named_before(text, &cx.model.loops, f, a, stmt, &before, true)?;
    let drop = first.pop()?;
    edits.insert(
        0,
        Edit::new(drop.span, format!("{lets}{}", drop.replacement)),
    );
    Some(edits)
}

/// `recv.method(a, b)` of the call `b` (a `DashMap` write): where its text starts and the
/// spans of its arguments (split at the commas outside brackets and strings), when the
/// call is written as the place, `.`, the method and its parentheses.
fn call_args(text: &str, b: &Acquisition) -> Option<(usize, Vec<Span>)> {
    let t = text.get(b.span.start..b.span.end)?;
    let head = format!("{}.{}(", b.place.text, b.method);
    if !t.starts_with(&head) || !t.ends_with(')') {
        return None;
    }
    let open = b.span.start + head.len();
    let close = b.span.end - 1;
    let mut out = Vec::new();
    let (mut depth, mut in_str, mut from) = (0i32, false, open);
    let bytes = text.as_bytes();
    let mut i = open;
    while i < close {
        let c = bytes[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'\'' => return None, // a char literal or a lifetime: not split here
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => {
                    out.push(Span::new(from, i));
                    from = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if depth != 0 || in_str {
        return None;
    }
    if !text[from..close].trim().is_empty() {
        out.push(Span::new(from, close));
    }
    // each argument without its surrounding blanks
    let out = out
        .into_iter()
        .map(|s| {
            let seg = &text[s.start..s.end];
            let lead = seg.len() - seg.trim_start().len();
            Span::new(s.start + lead, s.start + lead + seg.trim().len())
        })
        .collect();
    Some((b.span.start, out))
}

/// `if let P = m.lock().unwrap().get(k).copied() { .. } else { m.lock()... }` (and `match`):
/// the scrutinee's temporary guard lives through the whole statement. When the scrutinee's
/// value is owned (it ends in `.copied()`, `.cloned()`, `.is_some()`, ...: nothing borrows the
/// guard), or the names the statement's patterns bind are last used before the block locks
/// again (`Some(v) => *v, None => { m.lock()..insert(..) }`), the statement becomes `{ let mut guard = m.lock().unwrap(); if let P =
/// guard.get(k).copied() { .. } else { guard... } }`, every acquisition of the lock inside it
/// using that guard (a `read()` first becomes `write()` when the block writes).
fn hoist_scrutinee_guard(cx: &FileCtx, f: &FnModel, a: &Acquisition) -> Option<(Span, String)> {
    if a.guard != GuardKind::Temporary
        || !matches!(
            a.release_cause,
            ReleaseCause::EndOfMatch | ReleaseCause::EndOfStatement
        )
        || a.wrapper.is_some()
    {
        return None;
    }
    let text = &cx.source.text;
    let line_start = line_start(cx, a.span.start);
    let ind: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let start = line_start + ind.len();
    let limit = a.release.min(text.len());
    let head = &text[start..a.span.start];
    let is_match = head == "match ";
    let is_if_let = head.starts_with("if let ") && head.trim_end().ends_with('=');
    if !(is_match || is_if_let) {
        return None;
    }
    // the scrutinee ends at the `{` that opens the block (outside brackets)
    let mut depth = 0i32;
    let mut open = None;
    for (i, c) in text[a.span.end..limit].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' if depth == 0 => {
                open = Some(a.span.end + i);
                break;
            }
            _ => {}
        }
    }
    let open = open?;
    let suffix = text[a.span.end..open].trim_end();
    // an owned value borrows nothing of the guard; otherwise the names the patterns bind
    // (which may borrow it) must be dead before the block locks again (checked below)
    let owned = super::owned_value(suffix);
    // the statement ends with its block's `}` (an `if let` with its `else` block; an
    // `else if` chain is left alone)
    let mut end = matching_brace(text, open)? + 1;
    if is_if_let {
        let rest = &text[end..];
        if let Some(after_else) = rest.trim_start().strip_prefix("else") {
            let t = after_else.trim_start();
            if !t.starts_with('{') {
                return None;
            }
            let brace = text.len() - t.len();
            end = matching_brace(text, brace)? + 1;
        }
    }
    if end > limit {
        return None;
    }
    let stmt = &text[start..end];
    let span = Span::new(start, end);
    // every acquisition of this lock in the statement goes through the one guard
    let mut parts: Vec<(Span, String)> = Vec::new();
    let mut writes = false;
    let g = crate::rules::rewrite::fresh_from(&["guard", "locked"], &[stmt], &[f]);
    for m in &cx.model.fns {
        for acq in &m.acquisitions {
            if !span.encloses(acq.span) || acq.place.text != a.place.text {
                continue;
            }
            if acq.span == a.span {
                parts.push((acq.span, g.clone()));
                continue;
            }
            if acq.wrapper.is_some() || acq.guard != GuardKind::Temporary {
                return None;
            }
            writes |= acq.mode == Mode::Exclusive;
            parts.push((acq.span, g.clone()));
        }
    }
    if parts.len() < 2 {
        return None;
    }
    if !owned {
        // `match guard.get(k) { Some(v) => *v, None => { guard.insert(..) } }` compiles;
        // `if let Some(v) = guard.get(k) { guard.insert(k, *v) }` does not (`v` borrows
        // `guard` while it is borrowed mutably): every name a pattern of the statement binds
        // is last used before the first other acquisition
        let first_other = parts
            .iter()
            .filter(|(s, _)| *s != a.span)
            .map(|(s, _)| s.start)
            .min()?;
        for m in &cx.model.fns {
            for b in &m.bindings {
                if !span.encloses(b.span) || text[b.span.start..].starts_with("let ") {
                    continue;
                }
                for n in &b.names {
                    let uses = crate::model::writes::name_uses(cx.ast, n, span);
                    if uses.iter().any(|u| u.end > first_other) {
                        return None;
                    }
                }
            }
        }
    }
    let mut first = text[a.span.start..a.span.end].to_string();
    if writes && a.mode != Mode::Exclusive {
        // `.read()` -> `.write()` on the acquisition itself
        let call = &text[a.call_span.start..a.call_span.end];
        if a.method != "read" || !call.ends_with(".read()") {
            return None;
        }
        let at = a.call_span.start - a.span.start + call.len() - ".read()".len();
        first.replace_range(at..at + ".read()".len(), ".write()");
    }
    let local: Vec<(Span, String)> = parts
        .into_iter()
        .map(|(s, r)| (Span::new(s.start - start, s.end - start), r))
        .collect();
    let body = crate::diagnostic::apply_edits(stmt, &local);
    let body = if body
        .lines()
        .all(|l| (l.matches('"').count() - l.matches("\\\"").count()) % 2 == 0)
    {
        body.replace('\n', "\n    ")
    } else {
        body
    };
    let mutable = if writes || a.mode == Mode::Exclusive {
        "mut "
    } else {
        ""
    };
    Some((
        span,
        format!("{{\n{ind}    let {mutable}{g} = {first};\n{ind}    {body}\n{ind}}}"),
    ))
}

/// The `}` that closes the `{` at `open` (string literals skipped).
pub(crate) fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

// the methods that only read through a guard: one list, in `guard_inline`
use super::guard_inline::READ_ONLY;

/// Whether the method call that `after` starts (`.push(g.len() as u32);`) mentions `name` in its
/// arguments.
fn call_args_mention(after: &str, name: &str) -> bool {
    let Some(open) = after.find('(') else {
        return false;
    };
    let mut depth = 0usize;
    let mut end = after.len();
    for (i, c) in after[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    crate::rules::rewrite::words(&after[open + 1..end.max(open + 1)]).contains(&name)
}

/// The edits that make the second acquisition `b` use the guard `a` already held: a
/// temporary `b` (`*m.lock() += n`, `m.lock().len()`) becomes the guard's name, a named one
/// (`let x = m.lock();`) a reference through it (`&*g`, `&mut *g`). `a`'s binding gains `mut`
/// when `b` may write through it. `None` when `a` is not a plain named binding or the modes
/// do not allow it (a write wanted under a read guard).
fn reuse_guard(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    b: &Acquisition,
    closure: Option<&FnModel>,
) -> Option<Vec<Edit>> {
    let GuardKind::Named(g) = &a.guard else {
        return None;
    };
    let text = &cx.source.text;
    // a `move` closure would take the guard away from the rest of the function
    if closure.is_some_and(|c| {
        text[c.span.start..c.span.end]
            .trim_start()
            .starts_with("move")
    }) {
        return None;
    }
    // a read guard held where a write is wanted: take the write lock from the start (`read()`
    // -> `write()`), when the first acquisition is a plain `.read()` call
    let upgrade = a.mode == Mode::Shared && b.mode == Mode::Exclusive;
    let upgrade_edit = if upgrade {
        let call = &text[a.call_span.start..a.call_span.end];
        let at = call.rfind(".read()")?;
        if a.method != "read" || at + ".read()".len() != call.len() {
            return None;
        }
        let s = a.call_span.start + at + 1;
        Some(Edit::new(Span::new(s, s + "read".len()), "write"))
    } else {
        None
    };
    if a.mode != Mode::Exclusive && !upgrade && !recursive_read(a.mode, b.mode)
        || a.wrapper.is_some() != b.wrapper.is_some()
    {
        return None;
    }
    // a `let` that rebinds the guard a Condvar wait hands back (`let g = cv.wait(g).unwrap()`):
    // the name still means `a`'s guard
    let a_index = if f.cv_waits.iter().any(|w| w.guard_acq.is_some()) {
        f.acquisitions.iter().position(|x| std::ptr::eq(x, a))
    } else {
        None
    };
    let hands_back = |x: &crate::model::func::Binding| {
        a_index.is_some()
            && f.cv_waits
                .iter()
                .any(|w| w.guard_acq == a_index && x.span.encloses(w.span))
    };
    // `a`'s `let` (or the latest rebinding by a wait before `b`): a single name, so that `mut`
    // goes in one place
    let binding = if a_index.is_some() {
        f.bindings_named(g)
            .filter(|x| x.span.encloses(a.span) || hands_back(x) && x.span.start < b.span.start)
            .max_by_key(|x| x.span.start)?
    } else {
        f.bindings_named(g).find(|x| x.span.encloses(a.span))?
    };
    if binding.names.len() != 1 {
        return None;
    }
    let let_text = &text[binding.span.start..binding.span.end];
    let name_at = if binding.mutable {
        None
    } else {
        let pat = format!("let {g}");
        let i = let_text.find(&pat)?;
        let after = let_text.as_bytes().get(i + pat.len()).copied();
        if after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return None;
        }
        Some(binding.span.start + i + "let ".len())
    };
    // the name must mean the guard where `b` is: no other binding of it in between
    let fns_at_b = closure.map_or(vec![f], |c| vec![c, f]);
    if fns_at_b.iter().any(|m| {
        m.bindings_named(g)
            .any(|x| x.span.start > a.span.end && x.span.start < b.span.start && !hands_back(x))
    }) {
        return None;
    }
    let before = text[..b.span.start].trim_end();
    let after = text[b.span.end..].trim_start();
    // a guard handed to a call by value (`reset(m.lock().unwrap())`): the held one would be
    // moved there
    if before.ends_with(['(', ',']) {
        return None;
    }
    let assigns = {
        let ops = ["+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>="];
        ops.iter().any(|o| after.starts_with(o))
            || (after.starts_with('=') && !after.starts_with("=="))
    };
    let read_only_call = after
        .strip_prefix('.')
        .map(|m| {
            let name: String = m
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            READ_ONLY.contains(&name.as_str())
        })
        .unwrap_or(false);
    let (replacement, writes) = match &b.guard {
        GuardKind::Temporary => {
            let writes = b.mode == Mode::Exclusive
                && (assigns
                    || before.ends_with("&mut")
                    || before.ends_with("&mut *")
                    || !read_only_call);
            (g.clone(), writes)
        }
        GuardKind::Named(x) => {
            let mutable = f
                .bindings_named(x)
                .chain(closure.into_iter().flat_map(|c| c.bindings_named(x)))
                .any(|y| y.names.len() == 1 && y.span.encloses(b.span) && y.mutable);
            if mutable && b.mode == Mode::Exclusive {
                (format!("&mut *{g}"), true)
            } else {
                (format!("&*{g}"), false)
            }
        }
        GuardKind::Discarded => return None,
    };
    if writes && a.mode != Mode::Exclusive && !upgrade {
        return None;
    }
    // `g.push(g.len())`: a mutating call on the guard whose arguments read the guard does not
    // compile (no two-phase borrow through `DerefMut`)
    if writes && !assigns && call_args_mention(after, g) {
        return None;
    }
    let mut edits: Vec<Edit> = upgrade_edit.into_iter().collect();
    if writes && let Some(at) = name_at {
        edits.push(Edit::new(Span::new(at, at), "mut "));
    }
    edits.push(Edit::new(b.span, replacement));
    Some(edits)
}

fn is_if_let(cx: &FileCtx, a: &Acquisition, memo: &mut HoistMemo) -> bool {
    // the text before the acquisition on its line holds `if let` or `while let`: the first
    // of each on the line ends before it (found once per line: on one long line, scanning
    // back from each finding was quadratic, #17)
    let at = a.call_span.start;
    let start = line_start(cx, at);
    let (if_let, while_let) = *memo.lets.entry(start).or_insert_with(|| {
        let text = &cx.source.text;
        let line = &text[start..text[start..].find('\n').map_or(text.len(), |i| start + i)];
        let end = |p: &str| line.find(p).map(|i| start + i + p.len());
        (end("if let"), end("while let"))
    });
    if_let.is_some_and(|e| e <= at) || while_let.is_some_and(|e| e <= at)
}

/// Where the line holding `offset` starts (after the last `\n` before it), from the line
/// table rather than a scan back.
fn line_start(cx: &FileCtx, offset: usize) -> usize {
    cx.source.line_start(cx.source.line_index(offset))
}

fn cx_release_span(a: &Acquisition) -> crate::diagnostic::Span {
    crate::diagnostic::Span::new(a.release.saturating_sub(1), a.release)
}

fn release_text(c: &ReleaseCause) -> &'static str {
    match c {
        ReleaseCause::EndOfBlock => "the end of its block",
        ReleaseCause::EndOfCondition => "the end of the condition",
        ReleaseCause::EndOfMatch => "the end of the `match`",
        ReleaseCause::EndOfThenBlock => "the end of the `if let` block",
        ReleaseCause::Drop => "`drop`",
        ReleaseCause::Moved => "it is moved away",
        ReleaseCause::Reassigned => "it is reassigned",
        ReleaseCause::Discarded => "the end of its statement",
        ReleaseCause::EndOfStatement => "the end of its statement",
    }
}

/// Workspace phase: re-locking through calls.
pub fn check_workspace(
    g: &mut Graph,
    facts: &[(&str, &crate::rules::WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    let files = g.files;
    shared_arc_fields(g, out);
    for (file, fa) in files.iter().enumerate() {
        let fns = &fa.model.fns;
        for (func, f) in fns.iter().enumerate() {
            for (ci, c) in f.calls.iter().enumerate() {
                let held = guards_held_at(f, c.at());
                if held.is_empty() {
                    continue;
                }
                let self_call = match &c.callee {
                    Callee::Closure { .. } => true,
                    Callee::Method { recv: Some(p), .. } => {
                        p.root == Root::SelfRef && p.fields.is_empty()
                    }
                    _ => false,
                };
                let is_closure = matches!(c.callee, Callee::Closure { .. });
                let sub = g.call_reaches_with(file, func, ci, MAX_CALL_DEPTH - 1, true);
                let mut reported = false;
                for a in &held {
                    if reported {
                        break;
                    }
                    // the guard itself is handed to the callee (`f(Some(guard))`): it works
                    // with the data the caller locked
                    if a.release_cause == ReleaseCause::Moved
                        && c.span.encloses(Span::new(a.release, a.release))
                    {
                        continue;
                    }
                    let Some(na) = g.node_with(file, func, a.id, true) else {
                        continue;
                    };
                    // an element of a collection (`self.slots[i]`): which element the callee
                    // locks is not known
                    if na.family == LockFamily::Reentrant || na.identity.contains("[]") {
                        continue;
                    }
                    for r in sub.iter() {
                        if r.node.identity != na.identity
                            || !(modes_conflict(a.mode, r.mode)
                                || (recursive_read(a.mode, r.mode) && !na.reads_nest))
                        {
                            continue;
                        }
                        // the per-file pass covers chains of closures only
                        let all_closures = is_closure
                            && r.path.iter().all(|&(pf, pfn, pci)| {
                                matches!(
                                    files[pf].model.fns[pfn].calls[pci].callee,
                                    Callee::Closure { .. }
                                )
                            });
                        if all_closures {
                            continue;
                        }
                        let b = &files[r.file].model.fns[r.func].acquisitions[r.acq];
                        // the held lock under its own name (`shared` for `self.jobs.clone()`)
                        let held = unaliased(&fa.model.fns, func, &a.place, a.span.start);
                        let a = &Acquisition {
                            place: held,
                            ..Acquisition::clone(a)
                        };
                        // the place passed, under its own name too (`let inv =
                        // player.inventory(); inv.set(..)` reaches `player.inventory.m`)
                        let same_place = |p: &crate::model::Place| {
                            p.root == a.place.root && p.fields == a.place.fields || {
                                let q = unaliased(&fa.model.fns, func, p, c.span.start);
                                q.root == a.place.root && q.fields == a.place.fields
                            }
                        };
                        let same_object = na.identity.starts_with("static ")
                            || (a.place.root == Root::SelfRef
                                && self_call
                                && r.via_self
                                && a.place.fields == b.place.fields)
                            // the held lock itself passed to the callee: `helper(&self.m)`
                            || r.arg.as_ref().is_some_and(same_place)
                            // the object passed, locked through its field: `helper(self)`
                            // locking `s.m`, `slot.check(self)` reaching `db.m`
                            || r.obj.as_ref().is_some_and(same_place);
                        if !same_object {
                            continue;
                        }
                        let release = super::guard_release(facts, fa.path, c.span, a.span);
                        let d = report_call(g, file, func, ci, a, r, &na.identity);
                        let inline = match release {
                            Some(_) => None,
                            None => read_through_guard(g, facts, file, func, ci, a, r),
                        };
                        out.push(match (release, inline) {
                            (Some(x), _) if x.hoisted => {
                                let callee = callee_name(g, file, func, ci);
                                let mut d = d;
                                d.help = None;
                                d.suggest_edits(
                                    format!(
                                        "call `{callee}` first, in a `let` of its own, and pass its value: the temporary guard of `{}` is then taken after `{callee}` has released its own",
                                        place_text(a)
                                    ),
                                    Applicability::MaybeIncorrect,
                                    x.edits.clone(),
                                )
                            }
                            (Some(x), _) if x.shadow => {
                                let callee = callee_name(g, file, func, ci);
                                let mut d = d;
                                d.help = None;
                                d.suggest_edits(
                                    format!(
                                        "take the copy in the guard's own statement: the next `let` shadows the guard by a copy read through it, so nothing uses the guard of `{}` any more, yet it stays held to the end of the block, through the call to `{callee}`; with the copy taken in one statement the temporary guard ends at its `;` (the lock is no longer held for the rest of the block)",
                                        place_text(a)
                                    ),
                                    Applicability::MaybeIncorrect,
                                    x.edits.clone(),
                                )
                            }
                            (Some(x), _) if x.scrutinee => {
                                let callee = callee_name(g, file, func, ci);
                                let mut d = d;
                                d.help = None;
                                d.suggest_edits(
                                    format!(
                                        "take the value out in a `let` of its own before the statement: the temporary guard of `{}` ends at that `;`, before `{callee}` locks it again (the value is the one the scrutinee computed)",
                                        place_text(a)
                                    ),
                                    Applicability::MaybeIncorrect,
                                    x.edits.clone(),
                                )
                            }
                            (Some(x), _) => {
                                let help = d.help.clone().unwrap_or_default();
                                let mut d = d;
                                d.help = None;
                                let what = if c.drop_of { "drop" } else { "call" };
                                d.suggest_edits(
                                    format!("release the guard before the {what} ({help})"),
                                    Applicability::MaybeIncorrect,
                                    x.edits.clone(),
                                )
                            }
                            (None, Some((edit, guard))) => {
                                let callee = callee_name(g, file, func, ci);
                                let mut d = d;
                                d.help = None;
                                d.suggest_edits(
                                    format!(
                                        "read through the guard `{guard}` this thread already holds instead of calling `{callee}`, which only locks `{}` to read it (the value is the one `{callee}` would return, and the guard stays held for the code after the call)",
                                        place_text(a)
                                    ),
                                    Applicability::MaybeIncorrect,
                                    vec![edit],
                                )
                            }
                            (None, None) => d,
                        });
                        reported = true;
                        break;
                    }
                }
            }
        }
    }
}

/// Two fields of one object graph that the workspace knows hold one lock (a constructor
/// stores clones of one `Arc<RwLock<_>>` in both: `Server { level_info }` and `World {
/// level_info: level_info.clone() }`, [`crate::model::Workspace`]'s lock aliases), locked one
/// inside the other through one root: `self.level_info.write()` held while `world.level_info
/// .write()` is taken for a `world` of `self.worlds`. The file alone sees two fields.
fn shared_arc_fields(g: &mut Graph, out: &mut Vec<Diagnostic>) {
    let ws = g.ws;
    let aliased: std::collections::HashSet<&str> =
        ws.index.lock_aliases.values().map(String::as_str).collect();
    if aliased.is_empty() {
        return;
    }
    let files = g.files;
    for (file, fa) in files.iter().enumerate() {
        let fns = &fa.model.fns;
        let uses = &fa.model.index.uses;
        let own = Resolver::new(&fa.model.index);
        for (func, f) in fns.iter().enumerate() {
            if f.acquisitions.len() < 2 {
                continue;
            }
            for b in &f.acquisitions {
                if b.is_try {
                    continue;
                }
                let held: Vec<&Acquisition> = f
                    .held_at(b.lock_at())
                    .filter(|a| {
                        a.id != b.id
                            && try_guard_held(f, a, b.lock_at())
                            && modes_conflict(a.mode, b.mode)
                    })
                    .collect();
                if held.is_empty() {
                    continue;
                }
                let Some(nb) = g.node_with(file, func, b.id, true) else {
                    continue;
                };
                if !aliased.contains(nb.identity.as_str())
                    || nb.family == LockFamily::Reentrant
                    || nb.identity.contains("[]")
                {
                    continue;
                }
                let pb = unaliased(fns, func, &b.place, b.span.start);
                for a in held {
                    let Some(na) = g.node_with(file, func, a.id, true) else {
                        continue;
                    };
                    if na.identity != nb.identity {
                        continue;
                    }
                    // one root object (`self.level_info` and `self.worlds[*].level_info`)
                    let pa = unaliased(fns, func, &a.place, a.span.start);
                    if pa.root != pb.root || matches!(pa.root, Root::Other(_)) {
                        continue;
                    }
                    // two fields in the file's own view (one field is the per-file rule's)
                    let x = lock_kind(&own, fns, func, a, uses);
                    let y = lock_kind(&own, fns, func, b, uses);
                    let (LockKind::Lock { identity: x, .. }, LockKind::Lock { identity: y, .. }) =
                        (x, y)
                    else {
                        continue;
                    };
                    if x == y {
                        continue;
                    }
                    let shown = display_identity(&nb.identity);
                    let msg = format!(
                        "`{}` is locked while this thread holds {} of `{}`, and both fields hold clones of one `Arc` lock (`{shown}`): the inner `{}()` never returns (self-deadlock)",
                        place_text(b),
                        guard_desc(a),
                        place_text(a),
                        b.method
                    );
                    out.push(
                        DOUBLE_LOCK
                            .diag(fa.path, b.call_span, msg)
                            .label(
                                a.call_span,
                                format!("{} of `{}` acquired here", guard_desc(a), place_text(a)),
                            )
                            .note(format!(
                                "`{}` and `{}` are set from one lock object where the workspace builds them",
                                display_identity(&x),
                                display_identity(&y)
                            ))
                            .help(format!(
                                "release the guard of `{}` before locking `{}` (they are one lock)",
                                place_text(a),
                                place_text(b)
                            )),
                    );
                    break;
                }
            }
        }
    }
}

/// The edit that replaces a call made under the named guard `a` with the callee's read
/// through that guard ([`super::guard_inline`]): the callee is the function the call reaches
/// directly, its body one lock-then-read of the lock `a` holds, in a mode the held guard
/// allows (a read of a write guard or of a read guard, never a write under a read guard).
fn read_through_guard(
    g: &Graph,
    facts: &[(&str, &crate::rules::WorkspaceFacts)],
    file: usize,
    func: usize,
    ci: usize,
    a: &Acquisition,
    r: &crate::model::lock_graph::Reach,
) -> Option<(Edit, String)> {
    let files = g.files;
    if r.path.len() != 1 || r.path[0] != (file, func, ci) {
        return None;
    }
    if a.mode != Mode::Exclusive && r.mode == Mode::Exclusive {
        return None;
    }
    let callee = &files[r.file].model.fns[r.func];
    let f = &files[file].model.fns[func];
    let c = &f.calls[ci];
    let of = |path: &str| facts.iter().find(|(p, _)| *p == path).map(|(_, x)| *x);
    let read = of(files[r.file].path)?
        .guard_reads
        .iter()
        .find(|x| x.func == r.func)?;
    let u = of(files[file].path)?
        .guard_uses
        .iter()
        .find(|x| x.at == c.span && x.acquisition == a.span)?;
    // `Type::method(obj, a)`: the receiver is the first argument
    let shift = usize::from(
        matches!(c.callee, Callee::Path { .. }) && callee.kind == crate::model::FnKind::Method,
    );
    let edit = super::guard_inline::inline_edit(u, read, callee, shift)?;
    Some((edit, u.guard.clone()))
}

/// A function's name without its type or module path (`Status::set_length` -> `set_length`).
fn bare_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// Callbacks: a function that calls one of its parameters (`f(..)`, `f.call(..)`) while it
/// holds a guard runs the closure its caller passed there under that guard (so does one that
/// calls it in a closure of its own run in place, `self.map.get_mut(&k).map(|mut e|
/// f(e.value_mut()))`, or hands it on to a callee that calls it: [`Graph::closure_holds`]).
/// When the closure (through its calls) locks the same lock, the callee's guard is never
/// released (readyset's `with_mut_status(|s| .. self.insert_with_status(..))`, tikv's GC
/// callback called inline on its error path, rqbit's `with_live_mut`). The callee is the
/// call's resolved target or, for a call through a generic parameter or a trait
/// (`q.with_mut_status(self, |s| ..)` with `q: &Q`), the one function of the workspace with
/// that name, when it runs its closure under a guard.
pub fn check_callbacks(g: &mut Graph, out: &mut Vec<Diagnostic>) {
    let files = g.files;
    let holders = g.closure_holders();
    if holders.is_empty() {
        return;
    }
    let mut by_name: std::collections::HashMap<&str, Vec<(usize, usize)>> = Default::default();
    for &(hf, hfn) in &holders {
        by_name
            .entry(bare_name(&files[hf].model.fns[hfn].name))
            .or_default()
            .push((hf, hfn));
    }
    // how many functions of the workspace have each holder's name (a name several types
    // define is only followed where the call resolves)
    let mut named: std::collections::HashMap<&str, usize> = Default::default();
    for fa in files.iter() {
        for f in fa.model.fns.iter().filter(|f| f.parent.is_none()) {
            let b = bare_name(&f.name);
            if by_name.contains_key(b) {
                *named.entry(b).or_default() += 1;
            }
        }
    }
    for (file, fa) in files.iter().enumerate() {
        let fns = &fa.model.fns;
        for (func, f) in fns.iter().enumerate() {
            for c in &f.calls {
                if matches!(c.callee, Callee::Closure { .. }) {
                    continue;
                }
                let Some(cands) = by_name.get(c.name()) else {
                    continue;
                };
                let target = match g.callee(file, func, c) {
                    Some(t) => Some(t),
                    None if named.get(c.name()) == Some(&1) => Some(cands[0]),
                    None => None,
                };
                let Some((cf, cfn)) = target else { continue };
                if !cands.contains(&(cf, cfn)) {
                    continue;
                }
                let callee = &files[cf].model.fns[cfn];
                // `Type::method(obj, a)`: the receiver is the first argument
                let shift = usize::from(
                    matches!(c.callee, Callee::Path { .. })
                        && callee.kind == crate::model::FnKind::Method,
                );
                let summary = g.closure_holds(cf, cfn);
                if let Some(d) = callback_relock(g, file, c, (cf, cfn), shift, &summary) {
                    out.push(d);
                }
            }
        }
    }
}

/// The double lock of call `c`, which passes a closure to `callee` that runs it
/// under a guard of `summary`, when the closure locks that lock again: one per call.
fn callback_relock(
    g: &mut Graph,
    file: usize,
    c: &crate::model::CallSite,
    (cf, cfn): (usize, usize),
    shift: usize,
    summary: &crate::model::lock_graph::ParamSummary,
) -> Option<Diagnostic> {
    let files = g.files;
    let fns = &files[file].model.fns;
    let callee = &files[cf].model.fns[cfn];
    for h in &summary.holds {
        let Some(arg) = c.args.get(h.param + shift) else {
            continue;
        };
        // the closure written at that argument (`|x| ..`, or borrowed: `&|x| ..`)
        let Some(closure) = fns.iter().position(|k| {
            k.parent.is_some()
                && arg.encloses(k.span)
                && (k.span.start == arg.start || k.span.end == arg.end)
        }) else {
            continue;
        };
        let (hf, hfn, ai) = h.held;
        let holder_fns = &files[hf].model.fns;
        let a = &holder_fns[hfn].acquisitions[ai];
        let Some(na) = g.node(hf, hfn, ai) else {
            continue;
        };
        if na.family == LockFamily::Reentrant
            || na.identity.contains("[]")
            || is_local_identity(&na.identity)
        {
            continue;
        }
        // the held lock as this function names it: the holder's `self.m` is the receiver's
        // `m` (`self.writers.update(..)` holds `self.writers.m`)
        let held_here = match (&a.place.root, c.method()) {
            (Root::SelfRef, Some((recv, _))) if h.own => {
                Some((&recv.root, [&recv.fields[..], &a.place.fields[..]].concat()))
            }
            _ => None,
        };
        let reach = g.summary(file, closure, MAX_CALL_DEPTH - 1);
        for r in reach.iter() {
            if r.node.identity != na.identity || !modes_conflict(a.mode, r.mode) {
                continue;
            }
            // another object of the type, named otherwise (`VersionTrack<T>`'s `update`
            // holding `self.writers`, the closure reading `cfg`)
            if let (Some((root, fields)), Some(o)) = (&held_here, &r.obj)
                && (o.root != **root || o.fields != *fields)
            {
                continue;
            }
            let b = &files[r.file].model.fns[r.func].acquisitions[r.acq];
            let shown = display_identity(&na.identity);
            let holder = &holder_fns[crate::model::func::outermost(holder_fns, hfn)];
            let (sf, sfn, sci) = h.site;
            let inner = &files[sf].model.fns[sfn].calls[sci];
            let runs = if h.own {
                format!(
                    "runs inside `{}` while it holds {} of `{shown}`",
                    callee.name,
                    guard_desc(a)
                )
            } else {
                format!(
                    "runs inside `{}` (which hands it on to `{}`) while `{}` holds {} of `{shown}`",
                    callee.name,
                    holder.name,
                    holder.name,
                    guard_desc(a)
                )
            };
            let msg = format!(
                "the closure passed here {runs}, and the closure locks `{shown}` again: the inner `{}()` never returns (self-deadlock)",
                b.method
            );
            return Some(
                DOUBLE_LOCK
                    .diag(files[file].path, c.span, msg)
                    .label_in(
                        files[hf].path,
                        a.call_span,
                        format!("{} of `{shown}` acquired here", guard_desc(a)),
                    )
                    .label_in(
                        files[sf].path,
                        inner.span,
                        if h.called {
                            "the closure is called here, with the guard held"
                        } else {
                            "the closure is handed here, with the guard held, to a callee that calls it"
                        },
                    )
                    .label_in(files[r.file].path, b.call_span, relocked(g, r, &shown))
                    .help(format!(
                        "do the closure's locking work after `{}` returns (return what it needs from the closure), or let `{}` release its guard before it calls the closure",
                        callee.name, holder.name
                    )),
            );
        }
    }
    None
}

fn report_call(
    g: &Graph,
    file: usize,
    func: usize,
    ci: usize,
    a: &Acquisition,
    r: &crate::model::lock_graph::Reach,
    identity: &str,
) -> Diagnostic {
    let files = g.files;
    let f = &files[file].model.fns[func];
    let c = &f.calls[ci];
    let mut chain: Vec<String> = Vec::new();
    for &(pf, pfn, _) in r.path.iter().skip(1) {
        chain.push(files[pf].model.fns[pfn].name.clone());
    }
    // a call through a trait ([`Graph::dispatch`]): the implementation the path goes through
    let dispatched = g.callee(file, func, c).is_none();
    let first = if dispatched {
        let (pf, pfn) = r
            .path
            .get(1)
            .map_or((r.file, r.func), |&(pf, pfn, _)| (pf, pfn));
        files[pf].model.fns[pfn].name.clone()
    } else {
        callee_name(g, file, func, ci)
    };
    chain.insert(0, first);
    chain.push(files[r.file].model.fns[r.func].name.clone());
    chain.dedup();
    let callee = chain[0].clone();
    let b = &files[r.file].model.fns[r.func].acquisitions[r.acq];
    let shown = if a.place.root == Root::SelfRef {
        place_text(a)
    } else {
        display_identity(identity)
    };
    let dropped = crate::model::lock_graph::dropped_here(f, c);
    let (read_locks, locks) = match &dropped {
        Some(what) => (
            format!("{what} read-locks `{shown}` again while"),
            format!("{what} locks `{shown}` again while"),
        ),
        None => (
            format!("`{callee}` read-locks `{shown}` again, and it is called here while"),
            format!("`{callee}` locks `{shown}` again, and it is called here while"),
        ),
    };
    let msg = if recursive_read(a.mode, r.mode) {
        format!(
            "{read_locks} this thread holds {} of `{shown}`: a writer that queues in between blocks the inner `{}()` (std, parking_lot and tokio RwLocks let a waiting writer go before new readers), and the writer waits for this guard (deadlock)",
            guard_desc(a),
            b.method
        )
    } else {
        format!(
            "{locks} this thread holds {} of `{shown}`: the inner `{}()` never returns (self-deadlock)",
            guard_desc(a),
            b.method
        )
    };
    let mut d = DOUBLE_LOCK
        .diag(files[file].path, c.span, msg)
        .label(
            a.call_span,
            format!("{} of `{shown}` acquired here", guard_desc(a)),
        )
        .label_in(files[r.file].path, b.call_span, relocked(g, r, &shown));
    if dispatched {
        d = d.note(format!(
            "`{}` is called through a trait object or a trait-bounded type: `{callee}` is one of the workspace's implementations it may run",
            c.name()
        ));
    }
    if chain.len() > 1 {
        d = d.note(format!(
            "call path: {} -> {}",
            f.name,
            chain
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" -> ")
        ));
    }
    if dropped.is_some() {
        return d.help(format!(
            "the value's `Drop` must not run while `{shown}` is held: release the guard first, or keep the value until after (in a binding declared before the guard, or in a list dropped after it)"
        ));
    }
    d.help(format!(
        "release the guard before calling `{callee}` (and re-read the state after re-locking), or give `{callee}` a variant that takes the already-locked data (`&mut T` or the guard) instead of locking `{shown}` itself"
    ))
}

/// The label of the acquisition a call path reaches: where `shown` is locked again.
fn relocked(g: &Graph, r: &crate::model::lock_graph::Reach, shown: &str) -> String {
    format!(
        "`{shown}` locked again here, in {}",
        fn_display(&g.files[r.file].model.fns[r.func])
    )
}

pub fn callee_name(g: &Graph, file: usize, func: usize, ci: usize) -> String {
    let f = &g.files[file].model.fns[func];
    let c = &f.calls[ci];
    match g.callee(file, func, c) {
        Some((cf, cfn)) => g.files[cf].model.fns[cfn].name.clone(),
        None => c.name().to_string(),
    }
}
