//! `mutex-check-then-act`: a condition checked under one exclusive guard (a `Mutex`, an
//! `RwLock` write guard, tokio's or parking_lot's) is acted on under a second guard of the same
//! lock, taken after the first was released. The engine is `rwlock-check-then-write`'s
//! ([`check_guarded`]) with the stricter pairing this file decides.

use super::rwlock_check_then_write::{Read, Spec, check_guarded, one_write_guard};
use super::*;
use crate::diagnostic::Applicability;
use crate::model::guard_use::{self, GuardUse};
use crate::model::{GuardKind, Mode};
use crate::rules::declare_rule;

declare_rule! {
    pub static MUTEX_CHECK_THEN_ACT = {
        id: "mutex-check-then-act",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a condition checked under one lock guard is acted on under a second guard of the same lock",
    }
}

const SPEC: Spec = Spec {
    check_modes: &[Mode::Exclusive],
    strict: true,
};

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &HashSet<Span>) {
    check_guarded(a, out, claimed, &SPEC);
}

/// Methods that add to or change a collection or value (not removals: removing what is already
/// gone does nothing, and not `entry` / `get_or_insert*`, which re-check).
const MUTATORS: &[&str] = &[
    "push",
    "push_back",
    "push_front",
    "insert",
    "extend",
    "append",
    "set",
    "replace",
    "add",
    "incr",
    "increment",
    "fetch_add",
    "fetch_sub",
];

/// Methods a check searches a collection with: a search then an insert or push is
/// `map-check-then-insert`'s or `collection-check-then-push`'s.
const TESTS: &[&str] = &[
    "contains",
    "contains_key",
    "iter",
    "any",
    "find",
    "position",
];
const ADDS: &[&str] = &["insert", "push", "push_back", "push_front"];

/// The uses of a guard in `scope` ([`guard_use::uses`]).
fn uses(a: &An, acq: &Acquisition, scope: Span) -> Vec<GuardUse> {
    guard_use::uses(a.ast, acq, scope)
}

/// The statement (or the rest of the guard's life) the act's guard is used in.
fn act_scope(w: &Acquisition, then_span: Span) -> Span {
    let end = match (&w.guard, w.stmt) {
        (GuardKind::Named(_), _) | (_, None) => w.release,
        (_, Some(stmt)) => stmt.end,
    };
    Span::new(w.span.end, end.min(then_span.end).max(w.span.end))
}

/// Whether the act under the second guard writes what the check read (the same field path, a
/// collection tested and then added to), or uses the value the check decided (`if let Some(id)
/// = next { g.running.insert(id, ..) }`), with no re-check under the second guard.
pub(super) fn acts_on_check(
    a: &An,
    e: &syn::ExprIf,
    rd: &Read,
    w: &Acquisition,
    then_span: Span,
) -> bool {
    let scope = act_scope(w, then_span);
    // the second guard re-checks (`if`, `match`, `let .. else`, `?`), or does idempotent work
    if guard_use::rechecks_in(a.ast, scope, true) {
        return false;
    }
    let writes: Vec<GuardUse> = uses(a, w, scope)
        .into_iter()
        .filter(|u| u.op.ends_with('=') || MUTATORS.contains(&u.op.as_str()))
        .collect();
    if writes.is_empty() {
        return false;
    }
    // an act that stores the value the check compared with (`if cache != cur { .. cache =
    // cur }`): a refresh that changes nothing when it runs twice
    // (the names an `if let` pattern binds are the condition's too: `if let Some(next) =
    // ask(&cur).await { *g = next }` stores the answer the check received)
    let cond = span_of(&*e.cond);
    let bound_by_cond = match strip(&e.cond) {
        syn::Expr::Let(l) => crate::model::func::pat_names(&l.pat),
        _ => Vec::new(),
    };
    if writes.iter().all(|u| {
        u.op == "="
            && !u.arg_names.is_empty()
            && u.arg_names.iter().all(|n| {
                bound_by_cond.contains(n)
                    || a.mentions(n, cond)
                    || rd.scope.is_some_and(|s| a.mentions(n, s))
            })
    }) {
        return false;
    }
    // a flag set to a constant and nothing else done (`if !*ready.lock() { *ready.lock() = true }`,
    // a log line throttled): every racer stores the same value
    if writes.iter().all(|u| u.op == "=" && u.arg_constant)
        && only_logs_besides(&e.then_branch, scope)
    {
        return false;
    }
    if let Some(acq) = rd.acq {
        let life = uses(a, acq, Span::new(acq.span.end, acq.release));
        // the first guard only writes: it is no check
        if life.iter().all(is_write) {
            return false;
        }
        // the check took its value out (`remove`, `take`, `pop`): this caller owns what it tests
        if life.iter().any(|u| TAKES.contains(&u.op.as_str())) {
            return false;
        }
        // the first guard writes inside the branch before it is dropped: it claims the state
        // (`if !g.creating { g.creating = true; drop(g); .. }`)
        if acq.release > then_span.start
            && uses(a, acq, Span::new(then_span.start, acq.release))
                .iter()
                .any(is_write)
        {
            return false;
        }
    }
    let reads: Vec<GuardUse> = match rd.acq {
        Some(acq) => uses(
            a,
            acq,
            rd.scope.unwrap_or(Span::new(acq.span.end, acq.release)),
        )
        .into_iter()
        .filter(|u| !is_write(u))
        .collect(),
        None => Vec::new(),
    };
    // one key looked up, another written: unrelated entries
    let other_key = |r: &GuardUse, wu: &GuardUse| {
        KEYED.contains(&r.op.as_str())
            && KEYED_WRITES.contains(&wu.op.as_str())
            && r.first_arg != wu.first_arg
    };
    // the value the condition decided, used by the act
    if let syn::Expr::Let(l) = strip(&e.cond) {
        let bound = crate::model::func::pat_names(&l.pat);
        if writes.iter().any(|u| {
            bound.iter().any(|n| u.arg_names.contains(n)) && !reads.iter().any(|r| other_key(r, u))
        }) {
            return true;
        }
    }
    if rd.acq.is_none() {
        // a helper's check: what it read is not known, any write of the lock acts on it —
        // unless the check looked one key up in what the helper returned and the act inserts
        // that key (`if !self.enabled().await.contains(&d) { .. .insert(d) }`): a second
        // insert of an equal key changes nothing in a set (a map's is
        // `map-check-then-insert`'s)
        let found = guard_use::use_after(a.ast, rd.at);
        return !(found.op == "contains"
            && writes
                .iter()
                .all(|w| w.op == "insert" && w.first_arg == found.first_arg));
    }
    writes.iter().any(|wu| {
        reads.iter().any(|r| {
            let same = r.path == wu.path
                || (!r.path.is_empty() && wu.path.starts_with(&r.path))
                || (!wu.path.is_empty() && r.path.starts_with(&wu.path));
            // `contains` then `insert` is `map-check-then-insert`'s / `collection-check-then-push`'s
            same && !other_key(r, wu)
                && !(TESTS.contains(&r.op.as_str()) && ADDS.contains(&wu.op.as_str()))
        })
    })
}

/// Whether a helper's write in the branch acts on the helper's check: not when the branch
/// re-checks, and not when it only stores a constant besides logging (every racer stores the
/// same value: `if !s.is_ready() { s.set_ready(true) }`).
pub(super) fn helper_act_matters(
    a: &An,
    e: &syn::ExprIf,
    w: &Acquisition,
    value: Option<Span>,
) -> bool {
    let then_span = span_of(&e.then_branch);
    // the act in the branch, or after an `if` whose branch leaves
    let start = if w.span.start >= then_span.end {
        span_of(e).end
    } else {
        then_span.start
    };
    if guard_use::rechecks_in(a.ast, Span::new(start, w.span.start), false) {
        return false;
    }
    // a setter given no value (`identity.mark_as_verified()`) stores what it always stores
    let constant =
        value.is_none_or(|v| guard_use::expr_names(a.ast, v).is_some_and(|ns| ns.is_empty()));
    !(constant && only_logs_besides(&e.then_branch, w.span))
}

fn is_write(u: &GuardUse) -> bool {
    (u.op.ends_with('=') && !matches!(u.op.as_str(), "==" | "!=" | "<=" | ">="))
        || MUTATORS.contains(&u.op.as_str())
}

/// Methods that take the value out of the guarded state.
const TAKES: &[&str] = &[
    "remove",
    "take",
    "pop",
    "pop_front",
    "pop_back",
    "swap_remove",
    "drain",
    "replace",
    "split_off",
];

/// Lookups of one key, and writes of one key.
const KEYED: &[&str] = &[
    "get",
    "get_mut",
    "contains_key",
    "contains",
    "get_key_value",
];
const KEYED_WRITES: &[&str] = &["insert"];

/// Every statement of the branch besides the one at `act` is a macro (a log line) or a `let`.
fn only_logs_besides(b: &syn::Block, act: Span) -> bool {
    b.stmts.iter().all(|s| {
        let sp = span_of(s);
        sp.encloses(act)
            || sp.start <= act.start && act.start <= sp.end
            || matches!(s, syn::Stmt::Macro(_))
            || matches!(s, syn::Stmt::Expr(syn::Expr::Macro(_), _))
    })
}

/// Another check-then-act rule already reports this `if` (a map filled, a queue popped): one
/// finding per bug.
pub(super) fn other_rule_reports(a: &An, out: &[Candidate], at: Span, if_span: Span) -> bool {
    let _ = a;
    let from = at.start.min(if_span.start);
    out.iter().any(|o| {
        o.diag.rule != MUTEX_CHECK_THEN_ACT.id
            && o.diag.span.start < if_span.end
            && from < o.diag.span.end
    })
}

pub(super) fn report(
    a: &An,
    e: &syn::ExprIf,
    rd: &Read,
    w: &Acquisition,
    o1: &Obj,
    o2: &Obj,
) -> Candidate {
    let place = &rd.place.text;
    let cond_span = span_of(&*e.cond);
    let decided = matches!(strip(&e.cond), syn::Expr::Let(_));
    let harm = if decided {
        "the value decided under the first guard can be stale when the second acts on it: another caller can take the same decision, or change what it was based on, in between"
    } else {
        "two callers can both pass the check before either acts, so both act (a limit is exceeded, an element is added twice) or one acts on a condition that no longer holds"
    };
    let how = match rd.acq {
        Some(_) => "under one lock guard",
        None => "by a helper that takes the lock itself",
    };
    let msg = format!(
        "`{place}` is checked {how} and acted on under a second guard of the same lock, taken after the first was released: {harm}"
    );
    let (span, check_label) = match rd.acq {
        Some(r) => (
            r.span,
            "the condition is decided here, under the first guard",
        ),
        None => (
            rd.at,
            "the condition is decided here, by the helper under its own guard",
        ),
    };
    let mut d = a
        .diag(&MUTEX_CHECK_THEN_ACT, span, msg)
        .label(cond_span, check_label)
        .label(
            w.span,
            "the lock is taken again here, after the first guard was released",
        );
    let edit = rd.acq.and_then(|r| one_write_guard(a, e, r, w));
    d = match edit {
        Some((span, rep)) => d.suggest(
            "take the lock once, before the check, and use that one guard for the check and the act",
            Applicability::MaybeIncorrect,
            span,
            rep,
        ),
        None => d.help(format!(
            "hold one guard across the check and the act: `let mut guard = {}; if <condition through guard> {{ .. }}`, or check the condition again after taking the lock the second time",
            a.text(w.span)
        )),
    };
    Candidate {
        requires: reqs(&[o1, o2]),
        diag: d,
        via: None,
    }
}
