//! `guard-across-await`: a guard of a blocking (std / parking_lot / spin) lock is alive at an
//! `.await` of an async fn or async block.
//!
//! The lock kind comes from the model's types (field types, `use` lines, constructor calls).
//! When the receiver's type is defined in another file the finding is deferred to the
//! workspace phase (`Want::BlockingLock`). When nothing can tell, the finding stands only if
//! the acquisition is `.lock()` / `.read()` / `.write()` directly followed by `.unwrap()` or
//! `.expect(..)`: that is std's poisoning `LockResult`, so a std (blocking) lock; an async
//! lock's `lock()` is awaited and a parking_lot one returns the guard directly.

use super::double_lock::poison_unwrapped;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::actors;
use crate::model::func::{ReleaseCause, outermost};
use crate::model::lock_graph::{LockKind, lock_kind};
use crate::model::writes::name_uses;
use crate::model::{
    Acquisition, FnKind, FnModel, GuardKind, LockFamily, LockType, Requirement, Resolver, Want,
};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use std::collections::HashSet;

declare_rule! {
    pub static GUARD_ACROSS_AWAIT = {
        id: "guard-across-await",
        category: LOCK_ORDER,
        severity: Warning,
        summary: "a blocking (std / parking_lot) lock guard is held across an `.await`",
    }
}

/// Whether some acquisition in the file takes the lock `identity` in a blocking way.
fn blocking_elsewhere(cx: &FileCtx, identity: &str) -> bool {
    let r = Resolver::new(&cx.model.index);
    let fns = &cx.model.fns;
    fns.iter().enumerate().any(|(fi, f)| {
        f.acquisitions.iter().any(|b| {
            !b.is_try
                && matches!(lock_kind(&r, fns, fi, b, &cx.model.index.uses),
                    LockKind::Lock { identity: ref id, .. } if id == identity)
        })
    })
}

/// Whether some other call in the file takes the `DashMap` shard lock `identity` in a mode
/// that waits for `a` (a writer for a reference from `get`/`iter`, anything for one from
/// `get_mut`/`entry`): without one, a reference held across an `.await` blocks nobody.
fn shard_conflict_elsewhere(cx: &FileCtx, identity: &str, a: &crate::model::Acquisition) -> bool {
    let r = Resolver::new(&cx.model.index);
    let fns = &cx.model.fns;
    fns.iter().enumerate().any(|(fi, f)| {
        f.acquisitions.iter().any(|b| {
            b.shard
                && b.call_span != a.call_span
                && crate::model::lock_graph::modes_conflict(a.mode, b.mode)
                && matches!(lock_kind(&r, fns, fi, b, &cx.model.index.uses),
                    LockKind::Lock { identity: ref id, .. } if id == identity)
        })
    })
}

/// The identity of the lock `a` (of function `fi`) takes: the resolved lock's, else the
/// receiver's resolved or fallback identity; `None` when it is no lock.
fn acquired_identity(cx: &FileCtx, r: &Resolver, fi: usize, a: &Acquisition) -> Option<String> {
    let fns = &cx.model.fns;
    match lock_kind(r, fns, fi, a, &cx.model.index.uses) {
        LockKind::Lock { identity, .. } => Some(identity),
        LockKind::NotLock => None,
        LockKind::Unknown => Some(
            r.resolve_at(fns, fi, &a.place, a.span.start)
                .map(|x| x.identity)
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| Resolver::fallback_identity(fns, fi, &a.place)),
        ),
    }
}

/// Whether an async task of the file can wait for the lock that `a` (held across an
/// `.await` of a block driven by `block_on`, in function `fi`) takes, in a mode that `a`'s
/// guard blocks: an acquisition of the same lock in code that runs in a task
/// ([`actors::runs_in_task`]: an async fn, a spawned or awaited async block, a `join!` branch
/// of the block itself), or in a named function that such code calls. Such a task, or the
/// runtime worker polling it, blocks until the `block_on`'d future completes; on a
/// current-thread runtime it is polled by the very thread that holds the guard.
fn task_takes_lock(cx: &FileCtx, r: &Resolver, fi: usize, a: &Acquisition) -> bool {
    let fns = &cx.model.fns;
    let Some(id) = acquired_identity(cx, r, fi, a) else {
        return true;
    };
    let in_task: Vec<bool> = (0..fns.len())
        .map(|g| actors::runs_in_task(fns, g))
        .collect();
    let called: HashSet<&str> = fns
        .iter()
        .zip(&in_task)
        .filter(|(_, t)| **t)
        .flat_map(|(g, _)| g.calls.iter().map(|c| c.name()))
        .collect();
    fns.iter().enumerate().any(|(gi, g)| {
        let top = &fns[outermost(fns, gi)];
        let short = top.name.rsplit("::").next().unwrap_or(&top.name);
        let tasked = in_task[gi] || (!top.is_async && called.contains(short));
        tasked
            && g.acquisitions.iter().any(|b| {
                b.call_span != a.call_span
                    && !b.is_try
                    && crate::model::lock_graph::modes_conflict(a.mode, b.mode)
                    && acquired_identity(cx, r, gi, b).as_deref() == Some(id.as_str())
            })
    })
}

pub fn check_file(cx: &mut FileCtx) {
    let fns: &[FnModel] = &cx.model.fns;
    let r = Resolver::new(&cx.model.index);
    let mut found: Vec<(Diagnostic, Option<Requirement>)> = Vec::new();
    for (fi, f) in fns.iter().enumerate() {
        if !f.is_async {
            continue;
        }
        for a in &f.acquisitions {
            if a.awaited {
                continue;
            }
            let awaits: Vec<Span> = f
                .awaits
                .iter()
                .copied()
                .filter(|w| a.live_at(w.start))
                .collect();
            if awaits.is_empty() {
                continue;
            }
            let (lock, req) = match lock_kind(&r, fns, fi, a, &cx.model.index.uses) {
                LockKind::Lock { lock, .. } if lock.is_async => continue,
                // `m.try_lock()` across `.await` where nothing in the file locks `m` in a
                // blocking way: others get `WouldBlock`, nobody waits
                LockKind::Lock { identity, .. }
                    if a.is_try && !blocking_elsewhere(cx, &identity) =>
                {
                    continue;
                }
                // a DashMap reference that no writer in the file waits for
                LockKind::Lock { identity, .. }
                    if a.shard && !shard_conflict_elsewhere(cx, &identity, a) =>
                {
                    continue;
                }
                LockKind::Lock { lock, .. } => (Some(lock), None),
                LockKind::NotLock => continue,
                LockKind::Unknown => {
                    let std_like = poison_unwrapped(&cx.source.text, a);
                    match r.start(fns, fi, &a.place, 0) {
                        Some((start, fields, _)) => (
                            None,
                            Some(Requirement {
                                start,
                                fields,
                                want: Want::BlockingLock,
                                allow_unknown: std_like,
                            }),
                        ),
                        None if std_like => (None, None),
                        None => continue,
                    }
                }
            };
            // an async block driven by `block_on` is polled on the calling thread alone: its
            // guard stalls that thread and the threads that wait for the lock, as a guard held
            // over a blocking call would, and stalls a task only if a task takes the lock
            if actors::driven_by_block_on(fns, fi) && !task_takes_lock(cx, &r, fi, a) {
                continue;
            }
            found.push((report(cx, f, a, &awaits, lock.as_ref()), req));
        }
    }
    for (d, req) in found {
        match req {
            None => cx.report(d),
            Some(req) => cx.report_if(d, vec![req]),
        }
    }
}

fn lock_name(lock: Option<&LockType>, a: &Acquisition) -> String {
    let Some(l) = lock else {
        return if a.method == "lock" {
            "blocking mutex".into()
        } else {
            "blocking lock".into()
        };
    };
    let ty = match l.family {
        LockFamily::Mutex => "Mutex",
        LockFamily::RwLock => "RwLock",
        LockFamily::Reentrant => "ReentrantMutex",
    };
    match l.origin.as_str() {
        "std" => format!("std::sync::{ty}"),
        "tokio::sync::watch" => "a `tokio::sync::watch` channel's `RwLock`".into(),
        "?" | "" => format!("blocking `{ty}`"),
        o => format!("{o}::{ty}"),
    }
}

fn report(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    awaits: &[Span],
    lock: Option<&LockType>,
) -> Diagnostic {
    let p = match &a.wrapper {
        Some(w) => format!("{w}()"),
        None => a.place.text.trim_start_matches('&').to_string(),
    };
    let kind = lock_name(lock, a);
    let ctx = match f.kind {
        FnKind::AsyncBlock => "async block",
        FnKind::Closure => "async closure",
        _ => "async fn",
    };
    let guard = match &a.guard {
        GuardKind::Named(n) => format!("guard `{n}`"),
        _ => "temporary guard".to_string(),
    };
    let msg = format!(
        "{guard} of `{p}` ({kind}, a blocking lock) is held across `.await` in this {ctx}: while the task is suspended every thread that locks `{p}` blocks, and a task polled on the same executor thread that waits for it deadlocks"
    );
    let mut d = GUARD_ACROSS_AWAIT.diag(cx.path, a.call_span, msg);
    for w in awaits.iter().take(4) {
        d = d.label(*w, format!("`.await` while the {guard} of `{p}` is alive"));
    }
    let until = match a.release_cause {
        ReleaseCause::EndOfBlock => "the end of its block",
        ReleaseCause::Drop => "`drop`",
        ReleaseCause::Moved => "it is moved away",
        ReleaseCause::EndOfMatch => "the end of the `match`",
        ReleaseCause::EndOfThenBlock => "the end of the `if let`'s block",
        _ => "the end of the statement",
    };
    d = d.note(format!("the {guard} lives until {until}"));
    if let Some(edit) = drop_before_await(cx, f, a, awaits) {
        let GuardKind::Named(n) = &a.guard else {
            unreachable!("drop_before_await needs a named guard")
        };
        return d.suggest(
            format!(
                "finish the critical section before awaiting: `drop({n})` before the `.await` (nothing reads `{n}` from there on; if the lock was held to keep other threads out while awaiting, use an async mutex such as `tokio::sync::Mutex` instead)"
            ),
            Applicability::MaybeIncorrect,
            edit.span,
            edit.replacement,
        );
    }
    if let Some(edits) = drop_before_enclosing(cx, f, a, awaits) {
        let GuardKind::Named(n) = &a.guard else {
            unreachable!("drop_before_enclosing needs a named guard")
        };
        return d.suggest_edits(
            format!(
                "finish the critical section before awaiting: `drop({n})` before the statement that awaits (nothing reads `{n}` from there on; if the lock was held to keep other threads out while awaiting, use an async mutex such as `tokio::sync::Mutex` instead)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some(edits) = relock_after_await(cx, f, a, awaits) {
        let GuardKind::Named(n) = &a.guard else {
            unreachable!("relock_after_await needs a named guard")
        };
        return d.suggest_edits(
            format!(
                "finish the critical section before awaiting: `drop({n})` before the `.await` and lock again after it (other threads can change the data in between: if the code after the `.await` depends on what it read before, re-read it; if the lock was held to keep other threads out while awaiting, use an async mutex such as `tokio::sync::Mutex` instead)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some(edits) = hoist_await(cx, f, a, awaits) {
        return d.suggest_edits(
            "await first, then lock: the awaited value is bound to a `let` before the guard is taken, so no guard is alive while the task is suspended (the `.await` now runs before the lock and before the expressions that were evaluated ahead of it in the statement)".to_string(),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some((edits, end)) =
        fn_index(cx, f).and_then(|fi| super::hoist_owned_scrutinee(cx, fi, a))
        && awaits.iter().all(|w| w.start >= end)
    {
        return d.suggest_edits(
            "take the value out in a `let` of its own before the statement: the temporary guard ends at that `;`, before the `.await`s in the statement's arms (the value is the one the scrutinee computed; the lock is no longer held while the arms run)".to_string(),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some(edits) = super::shadow_by_copy(&cx.source.text, f, a)
        && edits
            .last()
            .is_some_and(|e| awaits.iter().all(|w| w.start > e.span.end))
    {
        return d.suggest_edits(
            format!(
                "take the copy in the guard's own statement: the next `let` shadows the guard by a copy read through it, so nothing uses the guard of `{p}` any more, yet it stays held to the end of the block, across the `.await`; with the copy taken in one statement the temporary guard ends at its `;`"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some(edits) = collect_leading_reads(cx, f, a) {
        return d.suggest_edits(
            format!(
                "read what each iteration needs out of the map first, then loop over the copies: the `let`s that read through the map's reference move into a `.map(..)` before the loop, and the shard of `{p}` is released before the first `.await` (all values are now read before the loop starts: one that changes while the loop awaits is not seen)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    if let Some(edits) = clone_out_of_shard(cx, f, a) {
        // the loop over the map collects its keys (and `Arc` values) first
        let keys = edits
            .iter()
            .any(|e| e.replacement.contains("r.key().clone()"));
        let values = edits
            .iter()
            .any(|e| e.replacement.contains("r.value().clone()"));
        let what = match (keys, values) {
            (true, true) => {
                "collect the keys and clones of the `Arc` values first and loop over them"
            }
            (true, false) => "collect the keys first and loop over them",
            _ => "take a clone of the `Arc` out of the map",
        };
        return d.suggest_edits(
            format!(
                "{what} instead of holding the map's reference: the shard of `{p}` is then released before the `.await` (the entry can be removed or replaced meanwhile; the clone keeps the value alive and the code goes on with it)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    let end = match &a.guard {
        GuardKind::Named(n) => format!("call `drop({n})` (or close a block around the critical section) before the `.await`"),
        _ => "bind the value the statement needs to a `let` first, so the temporary guard ends at the `;`, then `.await`".to_string(),
    };
    d.help(format!(
        "finish the critical section before awaiting: {end}; if the code after the `.await` uses the data again, lock again and re-read it rather than writing back a copy taken before the await (that would split one read-modify-write in two); if the lock really must stay held across the `.await`, use an async mutex (`tokio::sync::Mutex`) whose guard may be held across awaits"
    ))
}

/// Where the statement holding `.await` `aw` starts (its line's start, and the first
/// non-blank byte), when it starts its own line after a complete statement, and no brace lies
/// between the guard's `let` (`binding`) and it: same block, no loop, no branch.
fn awaiting_statement(text: &str, binding: Span, aw: Span) -> Option<(usize, usize)> {
    let line_start = text[..aw.start].rfind('\n').map_or(0, |i| i + 1);
    let indent_len = text[line_start..]
        .bytes()
        .take_while(|c| *c == b' ' || *c == b'\t')
        .count();
    let at = line_start + indent_len;
    if at > aw.start || binding.end > line_start {
        return None;
    }
    let before = text[..line_start].trim_end();
    if !(before.ends_with(';') || before.ends_with('{') || before.ends_with('}')) {
        return None;
    }
    let between = &text[binding.end..line_start];
    if between.contains('{') || between.contains('}') {
        return None;
    }
    Some((line_start, at))
}

/// `drop(guard);` inserted before the statement that holds the first `.await`, when nothing
/// reads the guard from that statement on, the statement starts on its own line, and the
/// guard's `let` is in the same block with no brace in between (no loop, no branch: the drop
/// runs exactly once, where the guard is certainly alive).
fn drop_before_await(cx: &FileCtx, f: &FnModel, a: &Acquisition, awaits: &[Span]) -> Option<Edit> {
    let GuardKind::Named(n) = &a.guard else {
        return None;
    };
    let aw = awaits.first()?;
    let text = &cx.source.text;
    let binding = f
        .bindings
        .iter()
        .find(|b| b.names == [n.clone()] && b.span.encloses(a.span))?;
    let (line_start, at) = awaiting_statement(text, binding.span, *aw)?;
    let uses = name_uses(cx.ast, n, Span::new(at, f.span.end));
    if !uses.is_empty() {
        return None;
    }
    let indent = &text[line_start..at];
    Some(Edit::new(
        Span::new(at, at),
        format!("drop({n});\n{indent}"),
    ))
}

/// `drop(guard);` where [`drop_before_await`] finds no place: before the statement that holds
/// the first `.await` in a nested block (an `if` branch, a `match` arm), or before the
/// outermost loop taken after the guard whose body awaits (the drop runs once, before the
/// loop), by [`super::drop_named_before`]: nothing mentions the guard from there on, and no
/// local read from it that may borrow it ([`super::borrow_outlives`]) is used there.
fn drop_before_enclosing(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    awaits: &[Span],
) -> Option<Vec<Edit>> {
    if !matches!(a.guard, GuardKind::Named(_)) {
        return None;
    }
    let aw = awaits.first()?;
    let text = &cx.source.text;
    let loops = &cx.model.loops;
    let at = loops
        .iter()
        .filter(|l| l.start > a.span.end && l.start <= aw.start && aw.start < l.end)
        .map(|l| l.start)
        .min()
        .unwrap_or(aw.start);
    let mentions = super::guard_mentions(text, a);
    let edits = super::drop_named_before(text, loops, f, a, at, &mentions, true)?;
    let stmt = edits.first()?.span.start;
    if stmt > aw.start || super::borrow_outlives(cx, f, a, stmt) {
        return None;
    }
    Some(edits)
}

/// `drop(guard);` before the statement that awaits and the guard's `let` again after it,
/// when the guard is used after that statement but not in it: the statement ends with
/// `.await;` on its line, no other `.await` follows in the function (the new guard would be
/// held across it), and the `let` is a plain statement of the same block as the await.
fn relock_after_await(
    cx: &FileCtx,
    f: &FnModel,
    a: &Acquisition,
    awaits: &[Span],
) -> Option<Vec<Edit>> {
    let GuardKind::Named(n) = &a.guard else {
        return None;
    };
    let [aw] = awaits else {
        return None;
    };
    let text = &cx.source.text;
    let binding = f
        .bindings
        .iter()
        .find(|b| b.names == [n.clone()] && b.span.encloses(a.span))?;
    let let_text = &text[binding.span.start..binding.span.end];
    if !let_text.starts_with("let ") || !let_text.ends_with(';') || let_text.contains('\n') {
        return None;
    }
    let (line_start, at) = awaiting_statement(text, binding.span, *aw)?;
    // the awaiting statement ends at `.await;` and the line ends there
    let rest = &text[aw.end..];
    let semi = aw.end + rest.find(|c: char| !c.is_whitespace() || c == '\n')?;
    if !text[semi..].starts_with(';')
        || !text[semi + 1..]
            .trim_start_matches([' ', '\t'])
            .starts_with('\n')
    {
        return None;
    }
    let stmt_end = semi + 1;
    if f.awaits.iter().any(|w| w.start >= stmt_end) {
        return None;
    }
    let uses = name_uses(cx.ast, n, Span::new(at, f.span.end));
    if uses.is_empty() || uses.iter().any(|u| u.start < stmt_end) {
        return None;
    }
    let indent = &text[line_start..at];
    Some(vec![
        Edit::new(Span::new(at, at), format!("drop({n});\n{indent}")),
        Edit::new(
            Span::new(stmt_end, stmt_end),
            format!("\n{indent}{let_text}"),
        ),
    ])
}

/// The text from the statement start `at` up to the awaited expression holds none of what
/// would make hoisting change control flow or capture names: a block or closure (`{`, `|`),
/// an early exit (`?`, `return`, `break`), a short circuit (`&&`, `||`) or a loop / branch
/// keyword (the expression would run once instead of each time, or unconditionally).
fn hoistable_prefix(prefix: &str) -> bool {
    const BAD_WORDS: &[&str] = &[
        "if", "while", "for", "loop", "match", "else", "return", "break", "continue", "async",
        "move", "unsafe",
    ];
    // `|` also rules out `||`
    let bad = prefix.contains(['{', '}', '|', '?', ';'])
        || prefix.contains("&&")
        || crate::rules::rewrite::words(prefix)
            .iter()
            .any(|w| BAD_WORDS.contains(w));
    !bad
}

/// `let v = <awaited>;` put before the statement that takes the guard, and the awaited
/// expression replaced by `v`: the lock is then taken after the `.await`. For a temporary
/// guard the lock and the `.await` are in one statement
/// (`m.lock().unwrap().extend(load().await?)`); for a named one the `.await` is in the
/// statement right after the guard's `let` and does not name the guard
/// (`let mut g = m.lock().unwrap(); *g = load().await?;`). Only when this is the one
/// `.await` the guard is alive at, the statement starts its own line after a complete
/// statement, and nothing between the statement's start and the awaited expression branches,
/// loops, exits early or opens a block or closure.
fn hoist_await(cx: &FileCtx, f: &FnModel, a: &Acquisition, awaits: &[Span]) -> Option<Vec<Edit>> {
    let [aw] = awaits else {
        return None;
    };
    let text = &cx.source.text;
    let expr = *f.await_exprs.iter().find(|e| e.end == aw.end)?;
    let expr_text = &text[expr.start..expr.end];
    if expr_text.contains(['{', '}', '|', ';']) || expr.encloses(a.span) {
        return None;
    }
    let stmt_start = match &a.guard {
        GuardKind::Temporary => {
            if a.span.start > expr.start {
                return None;
            }
            let line_start = text[..a.span.start].rfind('\n').map_or(0, |i| i + 1);
            if !hoistable_prefix(&text[line_start..expr.start]) {
                return None;
            }
            a.span.start
        }
        GuardKind::Named(n) => {
            let binding = f
                .bindings
                .iter()
                .find(|b| b.names == [n.clone()] && b.span.encloses(a.span))?;
            let let_text = &text[binding.span.start..binding.span.end];
            if !let_text.starts_with("let ")
                || !let_text.ends_with(';')
                || binding.span.end > expr.start
                || crate::rules::rewrite::words(expr_text).contains(&n.as_str())
            {
                return None;
            }
            // the awaiting statement is the next one
            let between = &text[binding.span.end..expr.start];
            if !hoistable_prefix(between) {
                return None;
            }
            binding.span.start
        }
        GuardKind::Discarded => return None,
    };
    let line_start = text[..stmt_start].rfind('\n').map_or(0, |i| i + 1);
    let at = line_start
        + text[line_start..]
            .bytes()
            .take_while(|c| *c == b' ' || *c == b'\t')
            .count();
    let before = text[..line_start].trim_end();
    if at > stmt_start || !(before.ends_with(';') || before.ends_with('{') || before.ends_with('}'))
    {
        return None;
    }
    let indent = &text[line_start..at];
    let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fn_index(cx, f)?);
    let v = crate::rules::rewrite::fresh_from(
        &["awaited", "value"],
        &[&text[f.span.start..f.span.end]],
        &chain,
    );
    Some(vec![
        Edit::new(
            Span::new(at, at),
            format!("let {v} = {expr_text};\n{indent}"),
        ),
        Edit::new(expr, v),
    ])
}

fn fn_index(cx: &FileCtx, f: &FnModel) -> Option<usize> {
    cx.model.fns.iter().position(|g| std::ptr::eq(g, f))
}

/// The methods of a `DashMap` reference (`Ref`, `RefMulti`) that a cloned value has not.
const REF_METHODS: &[&str] = &[
    "key",
    "value",
    "pair",
    "map",
    "try_map",
    "value_mut",
    "pair_mut",
    "key_mut",
    "downgrade",
];

/// A `DashMap` reference held across `.await` in the shape `if let Some(r) = map.get(k) {..}`
/// or `for r in map.iter() {..}`, over a map whose values are `Arc`s: the `Arc` is cloned out
/// (`map.get(k).map(|r| r.value().clone())`, `map.iter().map(..).collect::<Vec<_>>()`) so the
/// shard is released before the body runs. Only when every use of `r` in the body reads
/// through it (`r.field`, `r.method(..)`, which reach the same value through the `Arc`), is
/// `r.value()` (then the `Arc` itself) or `r.key()` (then a clone of the key: with values
/// too, the element is the pair `(key, Arc)`; with keys alone the values need not be
/// `Arc`s); any other use (`*r`, `r` passed on, `r` named in a format string) keeps the
/// finding without an edit.
fn clone_out_of_shard(cx: &FileCtx, f: &FnModel, a: &Acquisition) -> Option<Vec<Edit>> {
    if !a.shard || a.is_try || a.wrapper.is_some() {
        return None;
    }
    let text = &cx.source.text;
    let call = a.call_span;
    let before = text.get(..call.start)?.trim_end();
    let (name, collect) = match (a.method.as_str(), &a.guard) {
        ("get", GuardKind::Named(n)) if a.release_cause == ReleaseCause::EndOfThenBlock => {
            let pat = before.strip_suffix('=')?.trim_end();
            let pat = pat.strip_suffix(&format!("Some({n})"))?.trim_end();
            let pat = pat.strip_suffix("let")?.trim_end();
            pat.strip_suffix("if")?;
            (n.clone(), false)
        }
        ("iter", GuardKind::Temporary) => {
            let pat = before.strip_suffix("in")?.trim_end();
            let n = pat
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            let head = pat[..pat.len() - n.len()].trim_end();
            if n.is_empty() || n.starts_with(|c: char| c.is_ascii_digit()) || !head.ends_with("for")
            {
                return None;
            }
            (n.to_string(), true)
        }
        _ => return None,
    };
    // the scrutinee is the call itself: the block follows it
    if !text.get(call.end..)?.trim_start().starts_with('{') || a.release > text.len() {
        return None;
    }
    let body = Span::new(call.end, a.release);
    let body_text = &text[body.start..body.end];
    if body_text.contains(&format!("{{{name}}}")) || body_text.contains(&format!("{{{name}:")) {
        return None;
    }
    // each use of `r`: `r.value()` / `r.key()` (the span up to its `()`, and whether a
    // method or field follows), or a read through the value (`r.field`, `r.method(..)`)
    enum Use {
        Value(Span, bool),
        Key(Span, bool),
        Through(Span),
    }
    let mut uses = Vec::new();
    for u in name_uses(cx.ast, &name, body) {
        let rest = &text[u.end..];
        let after = rest.strip_prefix('.')?;
        let method = after
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if method.is_empty() || method.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        if (method == "value" || method == "key") && after[method.len()..].starts_with("()") {
            let end = u.end + 1 + method.len() + 2;
            let chained = text[end..].starts_with(['.', '[']);
            let span = Span::new(u.start, end);
            uses.push(if method == "key" {
                Use::Key(span, chained)
            } else {
                Use::Value(span, chained)
            });
        } else if REF_METHODS.contains(&method) {
            return None;
        } else {
            uses.push(Use::Through(u));
        }
    }
    let keys = uses.iter().any(|u| matches!(u, Use::Key(..)));
    let values = uses.iter().any(|u| !matches!(u, Use::Key(..)));
    if values {
        let fi = fn_index(cx, f)?;
        let ty = Resolver::new(&cx.model.index)
            .resolve(&cx.model.fns, fi, &a.place)?
            .ty;
        if !ty.map_value()?.is_arc() {
            return None;
        }
    }
    // the element taken out: the key (cloned), the `Arc`, or both in a pair
    let (item, key_at, value_at) = match (keys, values) {
        (true, true) => ("(r.key().clone(), r.value().clone())", ".0", ".1"),
        (true, false) => ("r.key().clone()", "", ""),
        _ => ("r.value().clone()", "", ""),
    };
    let reference = |chained: bool, field: &str| {
        if chained {
            format!("{name}{field}")
        } else {
            format!("&{name}{field}")
        }
    };
    let mut edits = Vec::new();
    for u in uses {
        edits.push(match u {
            Use::Value(span, chained) => Edit::new(span, reference(chained, value_at)),
            Use::Key(span, chained) => Edit::new(span, reference(chained, key_at)),
            Use::Through(span) if !value_at.is_empty() => {
                Edit::new(span, format!("{name}{value_at}"))
            }
            Use::Through(_) => continue,
        });
    }
    let tail = if collect {
        format!(".map(|r| {item}).collect::<Vec<_>>()")
    } else {
        format!(".map(|r| {item})")
    };
    edits.insert(0, Edit::new(Span::new(call.end, call.end), tail));
    Some(edits)
}

/// A `for r in map.iter() {..}` over a `DashMap` whose body begins with `let`s that read
/// owned values through `r` (`let id = *r.key(); let n = r.load(Ordering::Relaxed);`) and
/// uses `r` nowhere after them: the `let`s move into a `.map(|r| ..)` collected before the
/// loop, and the loop binds their names (`for (id, n) in map.iter().map(|r| { let id = ..;
/// let n = ..; (id, n) }).collect::<Vec<_>>()`), so no shard is held while the body awaits.
/// Each `let` is `let [mut] name = init;` with no type, its `init` an owned value (a
/// dereference, which compiled only for a `Copy` value, an atomic `load(..)`, or an
/// [`super::owned_value`] call) that exits nowhere (`?`, `return`, `break`, `continue`),
/// awaits nothing, opens no block or closure, and names no local of the function but `r` and
/// the earlier `let`s (the values it reads cannot change between the loop's start and the
/// iteration), nor `self`.
fn collect_leading_reads(cx: &FileCtx, f: &FnModel, a: &Acquisition) -> Option<Vec<Edit>> {
    if !a.shard || a.is_try || a.wrapper.is_some() || a.method != "iter" {
        return None;
    }
    if !matches!(a.guard, GuardKind::Temporary) {
        return None;
    }
    let text = &cx.source.text;
    let call = a.call_span;
    let before = text.get(..call.start)?.trim_end();
    let pat = before.strip_suffix("in")?.trim_end();
    let name = pat
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    let head = pat[..pat.len() - name.len()].trim_end();
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || !head.ends_with("for")
        || head[..head.len() - 3].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let name_span = Span::new(pat.len() - name.len(), pat.len());
    let open = call.end + text.get(call.end..)?.find(|c: char| !c.is_whitespace())?;
    if !text[open..].starts_with('{') || a.release > text.len() || a.release <= open {
        return None;
    }
    let body = Span::new(open + 1, a.release);
    let words = crate::rules::rewrite::words;
    let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fn_index(cx, f)?);
    let is_local = |w: &str| chain.iter().any(|g| g.locals.iter().any(|l| l.name == w));
    // the leading `let`s: (statement span, name, mutable, init text)
    let mut lets: Vec<(Span, &str, bool, &str)> = Vec::new();
    let mut at = body.start;
    loop {
        at = crate::rules::rewrite::next_code(text, at, body.end)?;
        let Some(b) = f
            .bindings
            .iter()
            .find(|b| b.span.start == at && b.names.len() == 1 && b.scope_end.is_none())
        else {
            break;
        };
        let Some(init) = b.init else { break };
        let Some((mutable, p)) = crate::rules::rewrite::let_pattern(text, b) else {
            break;
        };
        let init_text = text[init.start..init.end].trim();
        if p != b.names[0] || p == name || text[init.end..b.span.end].trim() != ";" {
            break;
        }
        let owned = init_text.starts_with('*')
            || super::owned_value(init_text)
            || init_text.rfind(".load(").is_some_and(|i| {
                let inner = &init_text[i + ".load(".len()..];
                inner.ends_with(')') && !inner[..inner.len() - 1].contains(['(', ')'])
            });
        let bad_word = words(init_text).iter().any(|w| {
            matches!(
                *w,
                "self" | "return" | "break" | "continue" | "await" | "async" | "move"
            ) || (*w != name && !lets.iter().any(|l| l.1 == *w) && is_local(w))
        });
        if !owned
            || bad_word
            || init_text.contains(['{', '}', '|', '?', ';'])
            || init_text.contains("//")
            || init_text.contains("/*")
            || !words(init_text).contains(&name)
        {
            break;
        }
        lets.push((b.span, p, mutable, init_text));
        at = b.span.end;
    }
    let last = lets.last()?;
    // nothing after the `let`s names the reference
    if !name_uses(cx.ast, name, Span::new(last.0.end, body.end)).is_empty()
        || body.end <= last.0.end
    {
        return None;
    }
    let bind = |l: &(Span, &str, bool, &str)| {
        if l.2 {
            format!("mut {}", l.1)
        } else {
            l.1.to_string()
        }
    };
    let (pattern, closure) = if let [one] = lets.as_slice() {
        (bind(one), one.3.to_string())
    } else {
        let stmts: Vec<String> = lets
            .iter()
            .map(|l| format!("let {} = {};", l.1, l.3))
            .collect();
        let names: Vec<&str> = lets.iter().map(|l| l.1).collect();
        (
            format!("({})", lets.iter().map(bind).collect::<Vec<_>>().join(", ")),
            format!("{{ {} ({}) }}", stmts.join(" "), names.join(", ")),
        )
    };
    let mut edits = vec![
        Edit::new(name_span, pattern),
        Edit::new(
            Span::new(call.end, call.end),
            format!(".map(|{name}| {closure}).collect::<Vec<_>>()"),
        ),
    ];
    for l in &lets {
        edits.push(Edit::new(
            crate::rules::rewrite::statement_deletion(text, l.0),
            String::new(),
        ));
    }
    Some(edits)
}
