//! `split-critical-section`: a value read under one guard of a lock is written back under a
//! second guard of the same lock. Whatever another thread (or task, at an `.await` in between)
//! wrote between the two guards is overwritten.
//!
//! Detection: a `let` whose initialiser reads through guard A (`m.lock().unwrap().count`,
//! `*x.read()`, `g.count` for a named guard `g`), then an assignment through guard B of the
//! same lock (`m.lock().unwrap().count = ..`, `*x.write() = ..`) to the same field, whose value
//! flows from that `let`; A is released before B is taken. Silent when the write is re-checked
//! against a fresh read under B (optimistic update), for `&mut self` and unshared locals.

use super::{
    Facts, GuardPath, body_of, derived_from, exclusive_place, flows_from_init, guard_path,
    guard_reads, ident_of, line, line_of_stmt, op_with, require, same_object, used_elsewhere,
};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::func::ReleaseCause;
use crate::model::span::span_of;
use crate::model::{FnModel, Want};
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static SPLIT_CRITICAL_SECTION = {
        id: "split-critical-section",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a value read under one guard is written back under a second guard of the same lock",
    }
}

/// A value read through a guard and bound by a `let`.
struct Read<'ast> {
    f: usize,
    local: &'ast syn::Local,
    init: Span,
    guard: GuardPath,
    /// The read expression (`state.lock().await.count`).
    span: Span,
    /// The bound name when the `let` binds exactly the read value (`let n = *m.lock();`).
    direct: Option<String>,
    /// `let mut n = ..`: the value may change in place before the write.
    mutable: bool,
}

pub(super) fn check(cx: &mut FileCtx, facts: &Facts) {
    let fns = &cx.model.fns;
    let mut reads: Vec<Read> = Vec::new();
    for &(f, local) in &facts.lets {
        let Some(init) = &local.init else { continue };
        let fnm = &fns[f];
        for (g, span) in guard_reads(fnm, &init.expr) {
            let direct = match crate::model::func::pat_names(&local.pat).as_slice() {
                [n] if span == span_of(&*init.expr) && g.through => Some(n.clone()),
                _ => None,
            };
            reads.push(Read {
                f,
                local,
                init: span_of(&*init.expr),
                guard: g,
                span,
                direct,
                mutable: matches!(&local.pat, syn::Pat::Ident(i) if i.mutability.is_some())
                    || matches!(&local.pat, syn::Pat::Type(t) if matches!(&*t.pat, syn::Pat::Ident(i) if i.mutability.is_some())),
            });
        }
    }
    let mut done: Vec<Span> = Vec::new();
    let mut done_reads: Vec<Span> = Vec::new();
    for &(f, assign) in &facts.assigns {
        let fnm = &fns[f];
        let Some(w) = guard_path(fnm, &assign.left) else {
            continue;
        };
        if !w.through {
            continue;
        }
        // a value read by a helper under its own guard, written back here (`let b =
        // self.balance(); *self.balance.lock().unwrap() = b - x;`)
        if w.fields.is_empty() {
            let b = &fnm.acquisitions[w.acq];
            let value = span_of(&*assign.right);
            let at = span_of(assign).start;
            if let Some(r) = helper_read_into(cx, f, &b.place, value, at, b.call_span.start)
                && !done.contains(&span_of(assign))
            {
                let write = Write {
                    place: &b.place,
                    span: b.call_span,
                    label: span_of(&*assign.left),
                    helper: None,
                };
                if let Some((d, req)) = helper_finding(cx, f, r, &write) {
                    done.push(span_of(assign));
                    match req {
                        Some(req) => cx.report_if(d, vec![req]),
                        None => cx.report(d),
                    }
                    continue;
                }
            }
        }
        let b = &fnm.acquisitions[w.acq];
        let at = span_of(assign).start;
        // the latest read that feeds this write
        let Some(r) = reads.iter().rev().find(|r| {
            let a = &fnm.acquisitions.get(r.guard.acq);
            r.f == f
                && r.span.end <= at
                && r.guard.acq != w.acq
                && r.guard.fields == w.fields
                && a.is_some_and(|a| {
                    a.release <= b.call_span.start && same_object(cx, f, &a.place, &b.place)
                })
                && flows_from_init(fnm, &assign.right, at, r.init)
        }) else {
            continue;
        };
        let a = &fnm.acquisitions[r.guard.acq];
        if done.contains(&span_of(assign)) || exclusive_place(cx, f, &b.place) {
            continue;
        }
        // one guard of the same lock held over both: not split (and the second acquisition is
        // someone else's deadlock)
        if fnm.acquisitions.iter().any(|o| {
            o.live_at(a.call_span.start)
                && o.live_at(b.call_span.start)
                && same_object(cx, f, &o.place, &b.place)
        }) {
            continue;
        }
        if rechecked(cx, facts, fnm, f, &w, assign)
            || claim_validated(cx, facts, fnm, f, &w, r, assign)
        {
            continue;
        }
        // a permit held over both sections serialises them (`let _permit = queue.acquire().await`)
        if crate::model::actors::permit_across(
            cx.model,
            &cx.source.text,
            f,
            a.call_span.start,
            b.call_span.start,
        )
        .is_some()
        {
            continue;
        }
        // `*g = answered` where `let answered = send(current).await?`: the value written is
        // another party's answer to a request made with the value read (a session or refresh
        // token exchanged, a cursor's next page token), not a copy computed from it; two
        // exchanges in any order leave one answer stored, as a serial order would
        if exchange_answer(facts, f, &assign.right, (span_of(r.local), r.span), at) {
            continue;
        }
        // the read only lent to a request (a credential, an address the answer is compared
        // with) and the value written the other party's answer, reached through any bindings
        // (`if let Some(l) = check(&cur).await? { *g = l }`, `match from_reply(v) { Ok(c) =>
        // *g = Some(Auth { user: c.user, .. }) }`): a blind store, not an update of the read
        if let Some(init) = &r.local.init
            && !crate::model::writes::carries_read(
                fnm,
                &cx.source.text,
                &assign.right,
                at,
                &init.expr,
                r.span,
            )
        {
            continue;
        }
        // `let v = g.slot.take().expect(..)` .. `g2.slot = Some(v')`: the value moved out of
        // the place and required to be there, put back by its one holder (a hand-off, not a
        // copy another actor could update meanwhile)
        if crate::model::writes::asserted_take(r.local, r.span) {
            continue;
        }
        // `*m.lock() = v` with `v` the value read, unchanged: a restore, not an update computed
        // from the read (the same exemption as `atomic-load-store`'s)
        if r.direct.is_some() && ident_of(&assign.right) == r.direct && !r.mutable {
            continue;
        }
        // one finding per read: a second write-back of it (another branch) says nothing new
        if done_reads.contains(&r.span) {
            continue;
        }
        let req = match require(cx, f, &b.place, Want::Lock) {
            Ok(r) => r,
            Err(()) => continue,
        };
        done.push(span_of(assign));
        done_reads.push(r.span);
        let diag = diagnostic(cx, fnm, f, r, &w, assign);
        match req {
            Some(req) => cx.report_if(diag, vec![req]),
            None => cx.report(diag),
        }
    }
    check_helper_writes(cx);
}

/// The value `right` written at `at` comes, through locals bound after the read at `read` in the
/// `let` at `own` (fields,
/// method calls on them, clones), from the answer of an awaited call
/// ([`crate::model::syntax::awaited_answer`]): `let fresh = refresh(&t).await?; *g = fresh`,
/// `let resp = send(req).await?; let h = resp.headers(); *g = h.get(K).cloned()`; or from the
/// read's own `let`, when the read is only lent to the awaited call as an argument
/// (`let reply = send(&*auth.read().await).await?; *auth.write().await = reply`).
fn exchange_answer(
    facts: &Facts,
    f: usize,
    right: &syn::Expr,
    (own, read): (Span, Span),
    at: usize,
) -> bool {
    let after = own.start;
    let mut e = right;
    let mut before = at;
    for _ in 0..6 {
        let Some(name) = root_local(e) else {
            return false;
        };
        let Some((l, init)) = facts
            .lets
            .iter()
            .filter(|(lf, l)| {
                *lf == f && {
                    let s = span_of(*l);
                    s.start >= after && s.end <= before
                }
            })
            .filter(|(_, l)| crate::model::func::pat_names(&l.pat).contains(&name))
            .max_by_key(|(_, l)| span_of(*l).start)
            .and_then(|(_, l)| Some((l, &l.init.as_ref()?.expr)))
        else {
            return false;
        };
        if span_of(*l) == own {
            return crate::model::syntax::answer_to_lent_read(init, read);
        }
        if crate::model::syntax::awaited_answer(init) {
            return true;
        }
        e = init;
        before = span_of(*l).start;
    }
    false
}

/// The local an expression's value is read from: `resp.token`, `h.get(K).and_then(..)`,
/// `&x`, `x.clone()` -> the name (through fields, `?`, references and method calls whose
/// arguments bring no other value in).
fn root_local(mut e: &syn::Expr) -> Option<String> {
    loop {
        match e {
            syn::Expr::Field(fe) => e = &fe.base,
            // a method that combines in another value (`resp.count.max(n)`) is a computation
            syn::Expr::MethodCall(mc) if mc.args.iter().all(inert_arg) => e = &mc.receiver,
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            // a constructor that wraps one value (`Some(v)`, `Auth::Bearer(v)`, `Arc::new(v)`)
            syn::Expr::Call(c) if wraps(&c.func) => e = only_value(c.args.iter())?,
            // a struct literal with one field that brings a value in (`Auth::Bearer { token: v }`)
            syn::Expr::Struct(st) if st.rest.is_none() => {
                e = only_value(st.fields.iter().map(|fv| &fv.expr))?
            }
            _ => return ident_of(e),
        }
    }
}

/// A callee that only wraps its argument: a tuple struct or variant (`Some`, `Auth::Bearer`)
/// or a plain constructor (`Arc::new`, `String::from`).
fn wraps(func: &syn::Expr) -> bool {
    let syn::Expr::Path(p) = func else {
        return false;
    };
    p.path.segments.last().is_some_and(|s| {
        let n = s.ident.to_string();
        n.starts_with(|c: char| c.is_ascii_uppercase())
            || (p.path.segments.len() > 1 && (n == "new" || n == "from"))
    })
}

/// The one value among `exprs` that is not inert ([`inert_arg`]).
fn only_value<'e>(exprs: impl Iterator<Item = &'e syn::Expr>) -> Option<&'e syn::Expr> {
    let mut vals = exprs.filter(|a| !inert_arg(a));
    let v = vals.next()?;
    vals.next().is_none().then_some(v)
}

/// An argument that brings no other value in: a closure, a literal, a constant (`KSESSIONID`).
fn inert_arg(a: &syn::Expr) -> bool {
    match a {
        syn::Expr::Closure(_) | syn::Expr::Lit(_) => true,
        syn::Expr::Reference(r) => inert_arg(&r.expr),
        syn::Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
            s.ident
                .to_string()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        }),
        _ => false,
    }
}

/// A read that feeds a write through a helper's summary: a helper call that reads the locked
/// value under its own guard (`self.balance()`), or a guard taken in this function.
#[derive(Clone, Copy)]
enum HelperRead<'m> {
    Helper(&'m crate::model::func::HelperAccess),
    Guard(&'m crate::model::Acquisition),
}

impl HelperRead<'_> {
    fn span(&self) -> Span {
        match self {
            HelperRead::Helper(h) => h.span,
            HelperRead::Guard(a) => a.span,
        }
    }
    fn start(&self) -> usize {
        match self {
            HelperRead::Helper(h) => h.span.start,
            HelperRead::Guard(a) => a.call_span.start,
        }
    }
}

/// The write side: a helper call writing the locked value, or an assignment through a guard.
struct Write<'m> {
    place: &'m crate::model::Place,
    /// Where the second guard is taken.
    span: Span,
    /// What the label points at.
    label: Span,
    helper: Option<&'m str>,
}

/// The latest read of the lock at `place` before `at` whose value flows into `value`, where the
/// read or the write goes through a helper: a helper read (in `value` itself, or bound by a
/// `let`); for a helper write (`write_start` the helper call), also a guard taken in this
/// function and released before it.
fn helper_read_into<'m>(
    cx: &'m FileCtx,
    f: usize,
    place: &crate::model::Place,
    value: Span,
    at: usize,
    write_start: usize,
) -> Option<HelperRead<'m>> {
    let fnm = &cx.model.fns[f];
    let names = crate::model::func::idents_in_text(cx.source.slice(value)).unwrap_or_default();
    let feeds = |s: Span| {
        value.encloses(s)
            || fnm
                .flows_from(&names, at, &|init| init.encloses(s))
                .is_some()
    };
    let helper = fnm.helper_accesses.iter().rev().find(|h| {
        !h.write
            && (h.span.end <= write_start || value.encloses(h.span))
            && same_object(cx, f, &h.place, place)
            && feeds(h.span)
    });
    if let Some(h) = helper {
        return Some(HelperRead::Helper(h));
    }
    None
}

/// A guard of this function read into a `let` whose value a helper writes back.
fn guard_read_into<'m>(
    cx: &'m FileCtx,
    f: usize,
    place: &crate::model::Place,
    value: Span,
    at: usize,
) -> Option<HelperRead<'m>> {
    let fnm = &cx.model.fns[f];
    let names = crate::model::func::idents_in_text(cx.source.slice(value)).unwrap_or_default();
    fnm.acquisitions.iter().rev().find_map(|a| {
        if a.release > at || a.is_try || !same_object(cx, f, &a.place, place) {
            return None;
        }
        let init = fnm.flows_from(&names, at, &|init| init.encloses(a.call_span))?;
        // the `let` reads through the guard (`let b = *m.lock();`), not the guard itself
        let b = fnm.bindings.iter().find(|b| b.init == Some(init))?;
        if matches!(&a.guard, crate::model::GuardKind::Named(n) if b.names.contains(n)) {
            return None;
        }
        Some(HelperRead::Guard(a))
    })
}

/// Writes by helpers (`self.set_balance(b - x)`) whose value flows from a read of the same lock
/// under an earlier guard (a helper's, or one taken here).
fn check_helper_writes(cx: &mut FileCtx) {
    let mut out = Vec::new();
    for (f, fnm) in cx.model.fns.iter().enumerate() {
        // a helper replacing one entry of a map by key is `map-read-then-insert`'s
        for w in fnm
            .helper_accesses
            .iter()
            .filter(|h| h.write && h.key.is_none())
        {
            let Some(value) = w.value else { continue };
            let r = helper_read_into(cx, f, &w.place, value, w.span.start, w.span.start)
                .or_else(|| guard_read_into(cx, f, &w.place, value, w.span.start));
            let Some(r) = r else { continue };
            // `let b = self.balance(); self.set_balance(b)`: a restore, not an update
            let text = cx.source.slice(value).trim();
            if let Some(init) = fnm.flows_from(&[text.to_string()], w.span.start, &|init| {
                init.encloses(r.span())
            }) && fnm
                .bindings
                .iter()
                .any(|b| b.init == Some(init) && !b.mutable && b.names == [text.to_string()])
            {
                continue;
            }
            let write = Write {
                place: &w.place,
                span: w.span,
                label: w.span,
                helper: Some(&w.helper),
            };
            if let Some(found) = helper_finding(cx, f, r, &write) {
                out.push(found);
            }
        }
    }
    for (d, req) in out {
        match req {
            Some(req) => cx.report_if(d, vec![req]),
            None => cx.report(d),
        }
    }
}

/// The finding for a read and a write of one lock under two guards, one of them a helper's,
/// unless the place is not shared or one guard (or permit) is held over both.
fn helper_finding(
    cx: &FileCtx,
    f: usize,
    r: HelperRead,
    w: &Write,
) -> Option<(Diagnostic, Option<crate::model::Requirement>)> {
    let fnm = &cx.model.fns[f];
    if exclusive_place(cx, f, w.place) {
        return None;
    }
    let (rs, ws) = (r.start(), w.span.start);
    if fnm
        .acquisitions
        .iter()
        .any(|o| o.live_at(rs) && o.live_at(ws) && same_object(cx, f, &o.place, w.place))
    {
        return None;
    }
    if crate::model::actors::permit_across(cx.model, &cx.source.text, f, rs, ws).is_some() {
        return None;
    }
    let req = require(cx, f, w.place, Want::Lock).ok()?;
    // not the `.await` of the reading helper's own call (`self.seq().await`)
    let awaits: Vec<Span> = fnm
        .awaits_between(r.span().end, ws)
        .filter(|aw| cx.source.slice(Span::new(r.span().end, aw.start)).trim() != ".")
        .copied()
        .collect();
    let who = if fnm.is_async || !awaits.is_empty() {
        "task"
    } else {
        "thread"
    };
    let place = &w.place.text;
    let read = match r {
        HelperRead::Helper(h) => format!(
            "is read by `{}()` under its own guard of `{place}` (released when it returns)",
            h.helper
        ),
        HelperRead::Guard(_) => format!("is read under one guard of `{place}`"),
    };
    let written = match w.helper {
        Some(h) => format!("written back by `{h}()` under a second guard"),
        None => "written back under a second guard".to_string(),
    };
    let mut msg = format!("`{place}` {read} and {written}");
    if let Some(aw) = awaits.first() {
        msg.push_str(&format!(
            " after an `.await` (line {}), where other tasks run",
            line(cx, aw.start)
        ));
    }
    msg.push_str(&format!(
        "; an update made by another {who} in between is lost"
    ));
    let mut d = SPLIT_CRITICAL_SECTION
        .diag(cx.path, r.span(), msg)
        .label(w.label, "written back here, under a second guard");
    for aw in &awaits {
        d = d.label(
            *aw,
            "the first guard is gone here: other tasks run during this `.await`",
        );
    }
    d = d.help(format!(
        "read and write under one guard of `{place}`: one helper that takes the lock once and does the whole update, or one guard held across the read and the write"
    ));
    Some((d, req))
}

/// The write sits under a condition that reads the same place through the second guard (an
/// optimistic "still what I read?" check): not a lost update.
fn rechecked(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    w: &GuardPath,
    assign: &syn::ExprAssign,
) -> bool {
    tested_under_second_guard(cx, facts, fnm, f, w, assign, |g| g.fields == w.fields)
}

/// The write sits under a condition that reads, through the second guard, a field that the
/// first section wrote (`state.in_flight = Some(flight)` there, `if state.in_flight ..
/// == flight.generation` here): the task claimed the state in the first section and checks
/// that its claim still stands before it writes (optimistic validation). Another task that
/// ran in between replaced the claim, and the write is skipped.
fn claim_validated(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    w: &GuardPath,
    r: &Read,
    assign: &syn::ExprAssign,
) -> bool {
    let a = &fnm.acquisitions[r.guard.acq];
    // the fields the first section wrote through its guard
    let claimed: Vec<String> = facts
        .assigns
        .iter()
        .filter(|(g, e)| *g == f && a.live_at(span_of(*e).start))
        .filter_map(|(_, e)| guard_path(fnm, &e.left))
        .filter(|g| g.acq == r.guard.acq && g.fields.first() != w.fields.first())
        .filter_map(|g| g.fields.first().cloned())
        .collect();
    !claimed.is_empty()
        && tested_under_second_guard(cx, facts, fnm, f, w, assign, |g| {
            g.fields.first().is_some_and(|x| claimed.contains(x))
        })
}

/// Whether the write `assign` (through `w`, the second guard) sits under a condition taken
/// after that guard which reads, through it (or another guard of the same object), a path
/// `tested` accepts. A test bound to a local first (`let mine = g.owner == Some(me); if mine
/// { .. }`) counts.
fn tested_under_second_guard(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    w: &GuardPath,
    assign: &syn::ExprAssign,
    tested: impl Fn(&GuardPath) -> bool,
) -> bool {
    let b = &fnm.acquisitions[w.acq];
    let sp = span_of(assign);
    facts
        .conditions
        .iter()
        .chain(&facts.early_exits)
        .any(|(cond, body)| {
            let cs = span_of(*cond);
            let read = bound_test(facts, fnm, f, cond, cs.start).unwrap_or(cond);
            body.encloses(sp)
                && cs.start >= b.call_span.start
                && guard_reads(fnm, read).iter().any(|(g, _)| {
                    let c = &fnm.acquisitions[g.acq];
                    tested(g) && (g.acq == w.acq || same_object(cx, f, &c.place, &b.place))
                })
        })
}

/// The initialiser of the local a condition names (`if mine`, `if !mine`): the model's
/// binding of that name at the condition, found among the function's `let`s.
fn bound_test<'a>(
    facts: &Facts<'a>,
    fnm: &FnModel,
    f: usize,
    cond: &syn::Expr,
    at: usize,
) -> Option<&'a syn::Expr> {
    let mut e = cond;
    while let syn::Expr::Unary(u) = e {
        if !matches!(u.op, syn::UnOp::Not(_)) {
            return None;
        }
        e = &u.expr;
    }
    let syn::Expr::Path(p) = e else {
        return None;
    };
    let name = p.path.get_ident()?.to_string();
    let b = fnm.binding(&name, at)?;
    let init = b.init?;
    if b.names.len() != 1 {
        return None;
    }
    facts
        .lets
        .iter()
        .filter(|(g, _)| *g == f)
        .filter_map(|(_, l)| l.init.as_ref().map(|i| &*i.expr))
        .find(|x| span_of(*x) == init)
}

fn diagnostic(
    cx: &FileCtx,
    fnm: &FnModel,
    f: usize,
    r: &Read,
    w: &GuardPath,
    assign: &syn::ExprAssign,
) -> Diagnostic {
    let a = &fnm.acquisitions[r.guard.acq];
    let b = &fnm.acquisitions[w.acq];
    let what = if w.fields.is_empty() {
        format!("`{}`", b.place.text)
    } else {
        format!("`{}.{}`", b.place.text, w.fields.join("."))
    };
    let awaits: Vec<Span> = fnm
        .awaits_between(a.release, b.call_span.start)
        .copied()
        .collect();
    let async_lock = b.awaited;
    let who = if fnm.is_async || !awaits.is_empty() {
        "task"
    } else {
        "thread"
    };
    let mut msg = format!(
        "{what} is read under one guard of `{}` and written back under a second guard",
        b.place.text
    );
    if let Some(aw) = awaits.first() {
        msg.push_str(&format!(
            " after an `.await` (line {}), where other tasks run",
            line(cx, aw.start)
        ));
    }
    msg.push_str(&format!(
        "; an update made by another {who} in between is lost"
    ));
    let lhs = span_of(&*assign.left);
    let mut d = SPLIT_CRITICAL_SECTION
        .diag(cx.path, r.span, msg)
        .label(lhs, "written back here, under a second guard");
    for aw in &awaits {
        d = d.label(
            *aw,
            "the first guard is gone here: other tasks run during this `.await`",
        );
    }
    let why = match a.release_cause {
        ReleaseCause::Drop => "by `drop`".to_string(),
        ReleaseCause::EndOfBlock => "at the end of its block".to_string(),
        ReleaseCause::Moved => "when it is moved away".to_string(),
        ReleaseCause::Reassigned => "when its variable is reassigned".to_string(),
        _ => "at the end of that statement".to_string(),
    };
    d = d.note(format!(
        "the guard taken on line {} is dropped {why} (line {}), before the second guard is taken on line {}",
        line(cx, a.call_span.start),
        line(cx, a.release.saturating_sub(1).max(a.call_span.end)),
        line(cx, b.call_span.start)
    ));

    let guard_text = cx.source.slice(b.span).to_string();
    let through = if w.fields.is_empty() {
        "*guard".to_string()
    } else {
        format!("guard.{}", w.fields.join("."))
    };
    let blocking_across_await = !awaits.is_empty() && !async_lock;
    // `x = n + e` with `n` the value read, or `x = next` with `let next = <read> + e`: one
    // compound assignment under one guard
    let names = crate::model::func::pat_names(&r.local.pat);
    let rewrite = if r.mutable {
        None
    } else if let Some(n) = &r.direct {
        op_with(&assign.right, n)
            .filter(|(_, other)| !derived_from(fnm, other, span_of(assign).start, r.init))
            .map(|(op, other)| (n.clone(), op, span_of(other)))
    } else if let [n] = names.as_slice()
        && ident_of(&assign.right).as_deref() == Some(n.as_str())
        && let Some(init) = &r.local.init
    {
        read_op(&init.expr, r.span).map(|(op, other)| (n.clone(), op, other))
    } else {
        None
    };
    if let Some((n, op, other)) = rewrite {
        let n = &n;
        let lhs_text = cx.source.slice(lhs);
        let replacement = format!("{lhs_text} {op}= {}", cx.source.slice(other));
        let mut edits = vec![Edit {
            file: None,
            span: span_of(assign),
            replacement: replacement.clone(),
        }];
        let let_span = span_of(r.local);
        let unused = body_of(cx.syntax(), f)
            .is_some_and(|body| !used_elsewhere(body, n, let_span, span_of(assign)));
        if unused {
            edits.insert(
                0,
                Edit {
                    file: None,
                    span: line_of_stmt(cx, let_span),
                    replacement: String::new(),
                },
            );
        }
        let mut message = format!("do the update under one guard: `{replacement}`");
        if !unused {
            message.push_str(&format!(
                " (and take `{n}` from that guard where it is still needed)"
            ));
        }
        // `n` read elsewhere (returned, logged) would keep the stale value: take one guard
        // around the read and the write instead, so that `n` is what was written from
        if !unused && let Some(edits) = one_guard(cx, fnm, f, r, w, assign, !awaits.is_empty()) {
            return d.suggest_edits(one_guard_message(), Applicability::MaybeIncorrect, edits);
        }
        let edits = if unused { edits } else { Vec::new() };
        if !awaits.is_empty() {
            if async_lock {
                message.push_str(
                    "; an async guard may also be held across the `.await` instead of being dropped",
                );
            } else {
                message.push_str(
                    "; the blocking guard must not be held across the `.await`, so the value is re-read after re-locking",
                );
            }
        }
        return d.suggest_edits(message, Applicability::MaybeIncorrect, edits);
    }
    if let Some(edits) = one_guard(cx, fnm, f, r, w, assign, !awaits.is_empty()) {
        return d.suggest_edits(one_guard_message(), Applicability::MaybeIncorrect, edits);
    }
    let help = if blocking_across_await {
        format!(
            "a blocking guard cannot be held across the `.await`: re-read the value after re-locking and compute the new value from it under the second guard, e.g. `let mut guard = {guard_text}; {through} = /* new value computed from {through} */;`"
        )
    } else if !awaits.is_empty() {
        format!(
            "hold one async guard across the `.await` for the whole update: `let mut guard = {guard_text};` before the read, then read and write `{through}` through it"
        )
    } else {
        format!(
            "take one guard for the whole update: `let mut guard = {guard_text};` then read and write `{through}` through it"
        )
    };
    d.help(help)
}

/// `<read> op e` (or `e op <read>` for an operator that commutes), `read` being the span of the
/// read through the guard: the operator and the span of `e`.
fn read_op(e: &syn::Expr, read: Span) -> Option<(&'static str, Span)> {
    match e {
        syn::Expr::Paren(p) => read_op(&p.expr, read),
        syn::Expr::Binary(b) => {
            let op = super::plain_op(&b.op)?;
            let (l, r) = (span_of(&*b.left), span_of(&*b.right));
            if l == read && !r.encloses(read) {
                Some((op, r))
            } else if r == read && matches!(op, "+" | "*" | "|" | "&" | "^") {
                Some((op, l))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn one_guard_message() -> String {
    "take one guard for the whole update: the second guard is taken before the read, and the read and the write go through it (the code in between now runs under the lock)".into()
}

/// One guard for the whole update: `let mut guard = <the write's acquisition>;` before the
/// read's `let`, the read and the write through `guard`, and `drop(guard);` after the write.
/// Only when both guards are temporaries of their statements, nothing awaits in between (or
/// both are an async lock's, whose guard may be held across the `.await`), the write is a
/// statement of the block of the read's `let` (so the drop runs on every path),
/// and the function takes the lock nowhere else between them (that would deadlock now).
fn one_guard(
    cx: &FileCtx,
    fnm: &FnModel,
    f: usize,
    r: &Read,
    w: &GuardPath,
    assign: &syn::ExprAssign,
    awaits: bool,
) -> Option<Vec<Edit>> {
    use crate::model::func::GuardKind;
    let a = &fnm.acquisitions[r.guard.acq];
    let b = &fnm.acquisitions[w.acq];
    let text = &cx.source.text;
    let let_span = span_of(r.local);
    let assign_span = span_of(assign);
    if !awaits
        && matches!(a.guard, GuardKind::Temporary)
        && let GuardKind::Named(g) = &b.guard
    {
        return take_write_guard_first(cx, fnm, r, a, b, g);
    }
    // across an `.await` only an async lock's guard may be held (tokio's: both awaited)
    if (awaits && !(a.awaited && b.awaited))
        || !matches!(a.guard, GuardKind::Temporary)
        || !matches!(b.guard, GuardKind::Temporary)
        || !r.init.encloses(a.span)
        || !assign_span.encloses(b.span)
    {
        return None;
    }
    // no other acquisition of the lock between the read and the write
    if fnm.acquisitions.iter().any(|o| {
        o.id != a.id
            && o.id != b.id
            && o.call_span.start > let_span.start
            && o.call_span.start < assign_span.end
            && same_object(cx, f, &o.place, &b.place)
    }) {
        return None;
    }
    // the `let` starts its line; the assignment is a statement of the same block
    let line_start = text[..let_span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..let_span.start];
    if !indent.trim().is_empty() {
        return None;
    }
    let depth = block_depth(&text[let_span.end..assign_span.start])?;
    if depth != 0 || !crate::rules::rewrite::is_statement(text, assign_span) {
        return None;
    }
    let semi = assign_span.end + text[assign_span.end..].find(';')? + 1;
    let body = body_of(cx.syntax(), f)?;
    let fns = crate::rules::rewrite::fn_chain(&cx.model.fns, f);
    let guard =
        crate::rules::rewrite::fresh_from(&["guard"], &[cx.source.slice(span_of(body))], &fns);
    Some(vec![
        Edit::new(
            Span::new(line_start, line_start),
            format!("{indent}let mut {guard} = {};\n", cx.source.slice(b.span)),
        ),
        Edit::new(a.span, guard.clone()),
        Edit::new(b.span, guard.clone()),
        Edit::new(Span::new(semi, semi), format!("\n{indent}drop({guard});")),
    ])
}

/// The write's guard is named (`let cur = *m.lock().unwrap(); let next = cur + n; let mut g =
/// m.lock().unwrap(); .. *g = next;`): its `let` moves up before the read's `let`, and the
/// read goes through it (`let cur = *g;`). The guard is then held from the read on and
/// released where it was. Only when the code between the two `let`s calls nothing, awaits
/// nothing and locks nothing (it now runs under the lock), does not mention the guard's name
/// (the moved `let` would shadow it), and the two `let`s are statements of one block, each
/// starting its line, the write's `let` being only the guard's binding.
fn take_write_guard_first(
    cx: &FileCtx,
    fnm: &FnModel,
    r: &Read,
    a: &crate::model::Acquisition,
    b: &crate::model::Acquisition,
    g: &str,
) -> Option<Vec<Edit>> {
    use crate::model::func::ReleaseCause;
    let text = &cx.source.text;
    let let_span = span_of(r.local);
    if a.release_cause != ReleaseCause::EndOfStatement || !r.init.encloses(a.span) {
        return None;
    }
    let bind = fnm.binding_enclosing(g, b.span, |x| x.names.len() == 1)?;
    let bind_text = text.get(bind.span.start..bind.span.end)?;
    let acq_text = text.get(b.span.start..b.span.end)?;
    let plain = [
        format!("let mut {g} = {acq_text};"),
        format!("let {g} = {acq_text};"),
    ];
    if !plain.iter().any(|p| p == bind_text.trim_end()) || bind.span.start <= let_span.end {
        return None;
    }
    // both `let`s start their lines, in one block
    let line_of = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (read_line, bind_line) = (line_of(let_span.start), line_of(bind.span.start));
    let indent = &text[read_line..let_span.start];
    if !indent.trim().is_empty() || &text[bind_line..bind.span.start] != indent {
        return None;
    }
    let bind_end = bind.span.end + text[bind.span.end..].find('\n')? + 1;
    if !text[bind.span.end..bind_end].trim().is_empty() {
        return None;
    }
    let between = &text[let_span.end..bind.span.start];
    let depth = block_depth(between)?;
    if depth != 0 || crate::rules::rewrite::words(between).contains(&g) {
        return None;
    }
    // the read's own statement and the code up to the write's `let` now run under the guard:
    // no call, `.await` or lock there but the read's own
    let region = Span::new(let_span.start, bind.span.start);
    if fnm
        .calls
        .iter()
        .any(|c| region.encloses(c.span) && !a.span.encloses(c.span))
        || fnm.awaits.iter().any(|w| region.encloses(*w))
        || fnm
            .acquisitions
            .iter()
            .any(|o| o.id != a.id && o.id != b.id && region.encloses(o.span))
        || between.contains('!')
    {
        return None;
    }
    Some(vec![
        Edit::new(
            Span::new(read_line, read_line),
            format!("{indent}{}\n", bind_text.trim_end()),
        ),
        Edit::new(a.span, g.to_string()),
        Edit::new(Span::new(bind_line, bind_end), String::new()),
    ])
}

/// How many blocks `text` leaves open at its end, or `None` when it closes one it did not
/// open (code after it is in an outer block).
fn block_depth(text: &str) -> Option<i32> {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    Some(depth)
}
