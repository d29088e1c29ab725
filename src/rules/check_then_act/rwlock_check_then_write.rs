//! `rwlock-check-then-write`: a condition checked under a read guard is acted on under a
//! separately acquired write guard of the same `RwLock`.

use super::*;
use crate::diagnostic::Applicability;
use crate::model::GuardKind;
use crate::model::Mode;
use crate::model::func::idents_in;
use crate::model::guard_use;
use crate::model::writes::skip_if_unchanged;
use crate::rules::declare_rule;
use crate::rules::rewrite::{fn_chain, fresh_from};

declare_rule! {
    pub static RWLOCK_CHECK_THEN_WRITE = {
        id: "rwlock-check-then-write",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a condition checked under a read lock is acted on under a separately acquired write lock",
    }
}

/// `<expr>.a.b.method(..)` -> `["a", "b"]`: the part of the guarded value used through the
/// expression at `expr` (a temporary guard, a helper's result).
fn suffix_fields(a: &An, expr: Span) -> Vec<String> {
    guard_use::use_after(a.ast, expr).path
}

fn related(a: &[String], b: &[String]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// A check: the guard the condition is decided under (or a helper that reads under its own).
pub(super) struct Read<'a> {
    /// The acquisition; `None` for a helper call.
    pub acq: Option<&'a Acquisition>,
    pub place: &'a Place,
    /// The lock call (or the helper call): where the check takes the lock.
    pub at: Span,
    /// The fields of the guarded value the check uses (`g.pool.len()` -> `pool`).
    pub fields: Vec<String>,
    /// Where the guarded value is used: the condition, or the `let` initialiser computed under
    /// the guard (`None`: the acquisition's own statement).
    pub scope: Option<Span>,
}

impl<'a> Read<'a> {
    fn of(acq: &'a Acquisition, fields: Vec<String>, scope: Option<Span>) -> Self {
        Read {
            acq: Some(acq),
            place: &acq.place,
            at: acq.call_span,
            fields,
            scope,
        }
    }
}

/// Which guard modes are the check and the act, and how strict the pairing is: the shared
/// engine of `rwlock-check-then-write` (a read guard, then a write guard) and
/// `mutex-check-then-act` (an exclusive guard, then another one).
pub(super) struct Spec {
    /// The modes of the guard the condition is decided under.
    pub check_modes: &'static [Mode],
    /// Stricter pairing (`mutex-check-then-act`): the act must write what the check read (or
    /// use the value the check decided), re-checks and conditional acts are quiet, helpers with
    /// a guarded-read summary count as checks, and findings of other rules on the same `if` win.
    pub strict: bool,
}

pub(super) const RWLOCK_SPEC: Spec = Spec {
    check_modes: &[Mode::Shared, Mode::SharedRecursive],
    strict: false,
};

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &HashSet<Span>) {
    check_guarded(a, out, claimed, &RWLOCK_SPEC);
}

pub(super) fn check_guarded(
    a: &An,
    out: &mut Vec<Candidate>,
    claimed: &HashSet<Span>,
    spec: &Spec,
) {
    let is_check = |m: Mode| spec.check_modes.contains(&m);
    for site in &a.sites {
        let Site::If { e, rest } = site else {
            continue;
        };
        let cond_span = span_of(&*e.cond);
        let Some(fi) = a.fn_at(cond_span.start) else {
            continue;
        };
        // `if cur != new { *w = new }`: the check only skips a write that changes nothing
        if skip_if_unchanged(&e.cond, &e.then_branch, |n| a.let_init(n)) {
            continue;
        }
        let f = a.f(fi);
        let mut reads: Vec<Read> = Vec::new();
        // temporaries in the condition
        for acq in &f.acquisitions {
            if is_check(acq.mode) && cond_span.encloses(acq.call_span) {
                reads.push(Read::of(acq, suffix_fields(a, acq.span), None));
            }
        }
        // named read guards and values computed under a read guard
        for name in idents_in(&e.cond) {
            if let Some(acq) = f.acquisitions.iter().rev().find(|g| {
                g.guard == GuardKind::Named(name.clone())
                    && g.live_at(cond_span.start)
                    && is_check(g.mode)
            }) {
                let fields = guard_use::named_uses(a.ast, &name, cond_span)
                    .into_iter()
                    .next()
                    .map(|u| u.path)
                    .unwrap_or_default();
                reads.push(Read::of(acq, fields, Some(cond_span)));
                continue;
            }
            let is_read = |s: Span| {
                f.acquisitions
                    .iter()
                    .any(|g| is_check(g.mode) && s.encloses(g.call_span))
            };
            if let Some(init) = f.flows_from(std::slice::from_ref(&name), cond_span.start, &is_read)
                && f.bindings
                    .iter()
                    .any(|b| b.init == Some(init) && a.adjacent(b.span.end, cond_span.start))
                // `let x = if x { .. }`: the condition's name is not the `let` being defined
                && (!spec.strict || init.end <= span_of(*e).start)
            {
                // `let reply = send(&*auth.read().await).await?`: the condition tests what the
                // other party answered, not the guarded value lent to the request
                let lent = |acq: &Acquisition| {
                    a.decisions
                        .lets
                        .get(&init.start)
                        .is_some_and(|e| crate::model::syntax::answer_to_lent_read(e, acq.span))
                };
                for acq in &f.acquisitions {
                    if is_check(acq.mode)
                        && init.encloses(acq.call_span)
                        && !acq.live_at(cond_span.start)
                        && !lent(acq)
                    {
                        reads.push(Read::of(acq, suffix_fields(a, acq.span), Some(init)));
                    }
                }
            }
        }
        // a helper that reads the locked value under its own guard (`if self.is_open()`)
        if spec.strict {
            for h in &f.helper_accesses {
                // a helper looking one key up is `map-check-then-insert`'s
                if !h.write && h.key.is_none() && cond_span.encloses(h.span) {
                    reads.push(Read {
                        acq: None,
                        place: &h.place,
                        at: h.span,
                        fields: suffix_fields(a, h.span),
                        scope: None,
                    });
                }
            }
        }
        if reads.is_empty() {
            continue;
        }
        let then_span = span_of(&e.then_branch);
        let mut reported: HashSet<usize> = HashSet::new();
        // one finding per read: the first write that can act on a stale check
        'read: for rd in &reads {
            let Some(o1) = a.lock_obj(fi, rd.place) else {
                continue;
            };
            let read_fields = &rd.fields;
            if spec.strict && mutex_check_then_act::other_rule_reports(a, out, rd.at, span_of(*e)) {
                continue;
            }
            for (wi, wf) in a.model.fns.iter().enumerate() {
                if !then_span.encloses(wf.span) && wi != fi {
                    continue;
                }
                for w in &wf.acquisitions {
                    if w.mode != Mode::Exclusive || !then_span.encloses(w.call_span) {
                        continue;
                    }
                    if reported.contains(&w.call_span.start)
                        || claimed
                            .iter()
                            .any(|c| c.encloses(w.call_span) || *c == w.call_span)
                    {
                        continue;
                    }
                    if rd.acq.is_some_and(|r| r.live_at(w.call_span.start)) {
                        continue; // a deadlock, not a race: `double-lock` reports it
                    }
                    let Some(o2) = a.lock_obj(wi, &w.place) else {
                        continue;
                    };
                    if o1.identity != o2.identity {
                        continue;
                    }
                    let write_fields = suffix_fields(a, w.span);
                    if !related(read_fields, &write_fields) {
                        continue;
                    }
                    if a.guard_covers(wi, rd.at.start, w.call_span.start) {
                        continue;
                    }
                    if rechecked(a, then_span, w) || only_removes(a, &e.then_branch, w) {
                        continue;
                    }
                    if spec.strict && !mutex_check_then_act::acts_on_check(a, e, rd, w, then_span) {
                        continue;
                    }
                    reported.insert(w.call_span.start);
                    out.push(if spec.strict {
                        mutex_check_then_act::report(a, e, rd, w, &o1, &o2)
                    } else {
                        report(a, e, rd.acq.expect("an acquisition"), w, &o1, &o2)
                    });
                    continue 'read;
                }
            }
            // a helper's check acted on by a helper's write of the same field, each under a
            // guard of its own (`if self.status.state() != Error { .. self.status.set_state(Error) }`)
            // (or, after an `if` whose branch leaves, in the rest of its block: `if
            // self.status.state() == Error { return; } .. self.status.set_state(Error)`)
            if spec.strict
                && rd.acq.is_none()
                && let act_span = crate::model::decisions::after_exit(e, rest).unwrap_or(then_span)
                && let Some((w, value)) = helper_act(a, f, fi, rd, &o1, act_span, claimed)
                && !reported.contains(&w.call_span.start)
                && mutex_check_then_act::helper_act_matters(a, e, &w, value)
            {
                reported.insert(w.call_span.start);
                out.push(mutex_check_then_act::report(a, e, rd, &w, &o1, &o1));
            }
        }
    }
}

/// The first write in `then_span` of function `fi` made by a helper that locks the lock `o1`
/// itself and assigns the field the helper check `rd` read (`self.status.set_state(Error)`
/// after `self.status.state()`), as the acquisition it makes inside the call, and the argument
/// the written value comes from.
fn helper_act(
    a: &An,
    f: &crate::model::FnModel,
    fi: usize,
    rd: &Read,
    o1: &Obj,
    then_span: Span,
    claimed: &HashSet<Span>,
) -> Option<(Acquisition, Option<Span>)> {
    let h = f.helper_accesses.iter().find(|h| {
        h.write
            && then_span.encloses(h.span)
            && h.place.fields == rd.place.fields
            && h.place.root == rd.place.root
            && !claimed.iter().any(|c| c.encloses(h.span))
            && a.lock_obj(fi, &h.place)
                .is_some_and(|o| o.identity == o1.identity)
    })?;
    let w = Acquisition {
        id: usize::MAX,
        place: h.place.clone(),
        method: h.lock_method.clone(),
        mode: Mode::Exclusive,
        span: h.span,
        call_span: h.span,
        awaited: false,
        is_try: false,
        guard: GuardKind::Temporary,
        release: h.span.end,
        release_cause: crate::model::func::ReleaseCause::EndOfStatement,
        wrapper: None,
        live_from: 0,
        taken_at: 0,
        transient: true,
        shard: false,
        stmt: None,
        also: Vec::new(),
    };
    Some((w, h.value))
}

/// After taking the write lock the code checks again (or only does idempotent work such as
/// `entry(..)` / `get_or_insert_with(..)`).
fn rechecked(a: &An, then_span: Span, w: &Acquisition) -> bool {
    if crate::model::rereads::acts_on_current_contents(a.ast, w, then_span) {
        return true;
    }
    let fills = |u: &guard_use::GuardUse| {
        u.path.is_empty() && (u.op == "entry" || u.op.starts_with("get_or_insert"))
    };
    let direct = guard_use::use_after(a.ast, w.span);
    if fills(&direct) || direct.path.is_empty() && direct.op.starts_with("or_insert") {
        return true;
    }
    let name = match &w.guard {
        GuardKind::Named(n) => Some(n.clone()),
        _ => None,
    };
    // the locals computed from the write guard while it is held (`let missing =
    // nodes.iter().all(..)` under `let mut nodes = shared.write()`): a condition on one of
    // them re-checks under the write guard
    let from_guard: Vec<&String> = match (&name, a.fn_at(w.span.start)) {
        (Some(n), Some(fi)) => a.model.fns[fi]
            .bindings
            .iter()
            .filter(|b| {
                b.init.is_some_and(|i| {
                    i.start >= w.span.end && i.end <= w.release && a.mentions(n, i)
                })
            })
            .flat_map(|b| b.names.iter())
            .collect(),
        _ => Vec::new(),
    };
    for s in &a.sites {
        let (cond, span) = match s {
            Site::If { e, .. } => (span_of(&*e.cond), span_of(*e)),
            Site::Match { e, .. } => (span_of(&*e.expr), span_of(*e)),
        };
        if !then_span.encloses(span) {
            continue;
        }
        // the write itself is taken in an inner condition: it re-checks
        if cond.encloses(w.call_span) {
            return true;
        }
        if let Some(n) = &name
            && cond.start >= w.span.end
            && cond.end <= w.release
            && (a.mentions(n, cond) || from_guard.iter().any(|l| a.mentions(l, cond)))
        {
            return true;
        }
    }
    // the write's own result is kept and tested (`let removed = { let mut g = m.write();
    // g.remove(k) }; if removed { .. }`): the write is the atomic check
    if a.result_tested(w.call_span, then_span) {
        return true;
    }
    if let Some(n) = &name {
        let scope = Span::new(w.span.end, w.release.min(then_span.end).max(w.span.end));
        if guard_use::named_uses(a.ast, n, scope).iter().any(fills) {
            return true;
        }
    }
    false
}

/// The branch only removes an element under the write guard and ignores what was removed
/// (`if !s.read().failed.is_empty() { s.write().failed.remove(&op); }`): removing what is
/// already gone does nothing, so whatever happened between the check and the write, the
/// result is the same.
fn only_removes(a: &An, then: &syn::Block, w: &Acquisition) -> bool {
    let [syn::Stmt::Expr(syn::Expr::MethodCall(mc), Some(_))] = then.stmts.as_slice() else {
        return false;
    };
    // the removal is made on the guard, through fields only
    mc.method == "remove"
        && mc.args.len() == 1
        && guard_use::use_after(a.ast, w.span).expr == span_of(mc)
}

fn report(
    a: &An,
    e: &syn::ExprIf,
    rd: &Acquisition,
    w: &Acquisition,
    o1: &Obj,
    o2: &Obj,
) -> Candidate {
    let place = &rd.place.text;
    let cond_span = span_of(&*e.cond);
    let msg = format!(
        "`{place}` is checked under a read lock and then written under a separately acquired write lock: another writer can change it in between, so the check may no longer hold when the write happens"
    );
    let mut d = a
        .diag(&RWLOCK_CHECK_THEN_WRITE, rd.span, msg)
        .label(
            cond_span,
            "the condition is decided here, under the read guard",
        )
        .label(
            w.span,
            "the write lock is acquired here, after the read guard was released",
        );
    let mut cond_text = String::new();
    if cond_span.encloses(rd.span) {
        cond_text.push_str(a.text(Span::new(cond_span.start, rd.span.start)));
        cond_text.push_str("guard");
        cond_text.push_str(a.text(Span::new(rd.span.end, cond_span.end)));
    } else {
        cond_text = a.text(cond_span).to_string();
    }
    let write_text = a.text(w.span);
    let upgradable = if rd.method == "read" || rd.method == "read_recursive" {
        "; with parking_lot, take `upgradable_read()` for the check and `RwLockUpgradableReadGuard::upgrade(guard)` to write"
    } else {
        ""
    };
    let advice = format!(
        "take the write lock for both and check under it: `let mut guard = {write_text}; if {cond_text} {{ .. }}`, or re-check the condition after acquiring the write lock{upgradable}"
    );
    d = match one_write_guard(a, e, rd, w) {
        Some((span, rep)) => d.suggest(
            "take the write lock before the check and use that one guard for the check and the write",
            Applicability::MaybeIncorrect,
            span,
            rep,
        ),
        None => d.help(advice),
    };
    Candidate {
        requires: reqs(&[o1, o2]),
        diag: d,
        via: None,
    }
}

/// `if <check under a temporary read guard> { .. <write guard> .. }` -> `{ let mut guard =
/// <write acquisition>; if <check through guard> { .. guard .. } }`: one write guard for the
/// check and the write, dropped where the `if` ends (a `let` just before the `if` that reads
/// under a temporary read guard goes into the block too, its names unused after the `if`:
/// `{ let mut guard = <write>; let v = guard.x; if v { .. guard .. } }`). Only when every acquisition of the lock
/// inside the `if` is the read in the condition or a write in its `then` block (anything else
/// would now wait for the guard this thread holds).
pub(super) fn one_write_guard(
    a: &An,
    e: &syn::ExprIf,
    rd: &Acquisition,
    w: &Acquisition,
) -> Option<(Span, String)> {
    let if_span = span_of(e);
    let cond = span_of(&*e.cond);
    let then = span_of(&e.then_branch);
    if rd.guard != GuardKind::Temporary {
        return None;
    }
    let fi = a.fn_at(rd.span.start)?;
    // the read is in the condition, or in the `let` just before the `if` that computes what
    // the condition tests (`let v = m.read().unwrap().x; if v { .. }`): the block then starts
    // at that `let`, and what it binds must not be used after the `if` (it goes out of scope)
    let if_span = if cond.encloses(rd.span) {
        if_span
    } else {
        let b = a.f(fi).bindings.iter().find(|b| {
            b.init.is_some_and(|i| i.encloses(rd.span))
                && b.span.end <= if_span.start
                && a.text(Span::new(b.span.end, if_span.start))
                    .lines()
                    .all(|l| l.trim().is_empty() || l.trim_start().starts_with("//"))
                && a.text(b.span).starts_with("let ")
        })?;
        let after = Span::new(if_span.end, a.f(fi).body.end);
        if b.names
            .iter()
            .any(|n| !crate::model::writes::name_uses(a.ast, n, after).is_empty())
        {
            return None;
        }
        Span::new(b.span.start, if_span.end)
    };
    // a blocking write guard taken for the whole block would be held across its `.await`s
    if !rd.awaited
        && a.model
            .fns
            .iter()
            .flat_map(|f| f.awaits.iter())
            .any(|aw| if_span.encloses(*aw))
    {
        return None;
    }
    let mut parts: Vec<(Span, String)> = Vec::new();
    let chain = fn_chain(&a.model.fns, fi);
    let g = fresh_from(
        &["guard", "write_guard", "locked"],
        &[a.text(if_span)],
        &chain,
    );
    for acq in a.model.fns.iter().flat_map(|f| f.acquisitions.iter()) {
        if !if_span.encloses(acq.span) || acq.place.text != rd.place.text {
            continue;
        }
        if acq.span == rd.span {
            parts.push((acq.span, g.clone()));
        } else if acq.mode == Mode::Exclusive && then.encloses(acq.span) {
            match &acq.guard {
                GuardKind::Temporary => parts.push((acq.span, g.clone())),
                GuardKind::Named(n) => {
                    // `let mut t = <write>` -> `let t = &mut *guard` (a `&mut` needs no `mut`)
                    let pat = format!("let mut {n}");
                    let stmt_start = a.source.text[..acq.span.start].rfind(&pat);
                    if let Some(at) = stmt_start
                        && a.source.text[at + pat.len()..acq.span.start]
                            .trim_start()
                            .starts_with('=')
                    {
                        let m = at + "let ".len();
                        parts.push((Span::new(m, m + "mut ".len()), String::new()));
                    }
                    parts.push((acq.span, format!("&mut *{g}")));
                }
                GuardKind::Discarded => return None,
            }
        } else {
            return None;
        }
    }
    if !parts.iter().any(|(s, _)| *s == w.span) {
        return None;
    }
    let local: Vec<(Span, String)> = parts
        .into_iter()
        .map(|(s, r)| (Span::new(s.start - if_span.start, s.end - if_span.start), r))
        .collect();
    let body = crate::diagnostic::apply_edits(a.text(if_span), &local);
    let text = &a.source.text;
    let line_start = text[..if_span.start].rfind('\n').map_or(0, |i| i + 1);
    let ind: String = text[line_start..if_span.start]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    // one level deeper, unless a string literal could span lines
    let one_line_strings = body
        .lines()
        .all(|l| (l.matches('"').count() - l.matches("\\\"").count()) % 2 == 0);
    let body = if one_line_strings {
        body.replace('\n', "\n    ")
    } else {
        body
    };
    Some((
        if_span,
        format!(
            "{{\n{ind}    let mut {g} = {};\n{ind}    {body}\n{ind}}}",
            a.text(w.span)
        ),
    ))
}

#[cfg(test)]
mod unit {
    use super::*;
    #[test]
    fn related_paths() {
        assert!(related(&["a".into()], &["a".into(), "b".into()]));
        assert!(related(&["a".into()], &[]));
        assert!(!related(&["a".into()], &["b".into()]));
    }
}
