//! `fetch-then-reread` and `fetch-then-reset`: a read-modify-write (`fetch_add`, ..) is
//! atomic, but its result is not what the code goes on with.
//!
//! - `fetch-then-reread`: the result is thrown away and the atomic is loaded again to learn
//!   the new value (`c.fetch_add(1, o); c.load(o)`), with that value tested or returned.
//!   Another thread's update made in between is seen as this one's: two callers get the same
//!   id, or both see the counter reach the threshold. The new value is the returned previous
//!   value combined with the operand: `c.fetch_add(1, o) + 1`.
//! - `fetch-then-reset`: the result is tested and the atomic is then reset by a separate
//!   `store` (`if c.fetch_add(1, o) == N { c.store(0, o) }`). Increments made by other
//!   threads between the two are wiped out. `fetch_update` computes the reset in the same
//!   atomic step. Also a counter that other code adds to, loaded and then reset
//!   (`let n = c.load(o); .. c.store(0, o)`): `swap` reads and resets in one step.
//!
//! Facts: the model's atomic operations, which of them are thrown-away read-modify-write
//! statements and what a load's value is used for ([`crate::model::flags::values`]), and the
//! decision sites ([`crate::model::decisions`]). Silent when a lock guard is held over both
//! operations, for `&mut self` / unshared atomics and for single-actor owners.

use super::{exclusive_place, require, same_object};
use crate::diagnostic::{Applicability, Edit, Span};
use crate::model::AtomicOp;
use crate::model::decisions::{Node, Region, RegionKind, Site, conjuncts, strip};
use crate::model::flags::values::{AtomicValues, Use};
use crate::model::span::span_of;
use crate::model::syntax::AtomicKind;
use crate::model::{FnModel, Want};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::{deletion_span, fn_chain, fresh, fresh_from, operand};

declare_rule! {
    pub static FETCH_THEN_REREAD = {
        id: "fetch-then-reread",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "an atomic is updated with `fetch_*`, then loaded again for the new value, which may include other threads' updates",
    }
}

declare_rule! {
    pub static FETCH_THEN_RESET = {
        id: "fetch-then-reset",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "the result of a `fetch_*` is tested, or a counter other code adds to is loaded, then the atomic is reset by a separate store, losing updates made in between",
    }
}

pub(super) fn check(cx: &mut FileCtx) {
    if !cx
        .model
        .fns
        .iter()
        .any(|f| f.atomics.iter().any(|o| AtomicKind::is_fetch(&o.op)))
    {
        return;
    }
    let values = crate::model::flags::values::collect(cx.syntax());
    reread(cx, &values);
    reset(cx);
    load_reset(cx);
}

/// `let n = c.load(o); .. c.store(0, o);` while other code adds to `c` with `fetch_add` /
/// `fetch_sub`: the additions made between the load and the store are neither in `n` nor in
/// the counter after the reset (a collector draining statistics undercounts). The fix is one
/// `swap`: `let n = c.swap(0, o);`.
fn load_reset(cx: &mut FileCtx) {
    let r = crate::model::Resolver::new(&cx.model.index);
    // the identities of atomics some function adds to
    let mut added: Vec<(usize, &AtomicOp)> = Vec::new();
    for (g, gm) in cx.model.fns.iter().enumerate() {
        for o in &gm.atomics {
            if matches!(o.op.as_str(), "fetch_add" | "fetch_sub") {
                added.push((g, o));
            }
        }
    }
    if added.is_empty() {
        return;
    }
    let identity = |f: usize, o: &AtomicOp| {
        r.resolve(&cx.model.fns, f, &o.place)
            .map(|x| x.identity)
            .filter(|i| !i.is_empty())
    };
    let text = &cx.source.text;
    let mut out = Vec::new();
    for (f, fnm) in cx.model.fns.iter().enumerate() {
        for store in fnm
            .atomics
            .iter()
            .filter(|o| o.op == "store" && o.via.is_none())
        {
            let Some(&value) = store.args.first() else {
                continue;
            };
            let value = cx.source.slice(value).trim().to_string();
            if !is_constant(&value) || cx.skips(store.span) {
                continue;
            }
            // the latest load of the same atomic before the store, its value used
            let Some(load) = fnm.atomics.iter().rev().find(|o| {
                o.op == "load"
                    && o.via.is_none()
                    && o.span.end <= store.span.start
                    && same_object(cx, f, &o.place, &store.place)
            }) else {
                continue;
            };
            // a load thrown away as a statement of its own is no value used
            if text[load.span.end..].trim_start().starts_with(';')
                && text[..load.span.start]
                    .trim_end()
                    .ends_with([';', '{', '}'])
            {
                continue;
            }
            // nothing else on the atomic in between (a CAS or a swap re-checks)
            if fnm.atomics.iter().any(|o| {
                o.span.start > load.span.end
                    && o.span.end <= store.span.start
                    && same_object(cx, f, &o.place, &store.place)
            }) {
                continue;
            }
            // a second actor adds to it: another function's `fetch_add` of the same atomic
            let id = identity(f, store);
            let adds = added.iter().any(|&(g, o)| {
                g != f
                    && (id.is_some() && identity(g, o) == id
                        || id.is_none() && o.place.text == store.place.text)
            });
            if !adds || guard_over(fnm, load.span.start, store.span.start) || !shared(cx, f, store)
            {
                continue;
            }
            let req = match require(cx, f, &store.place, Want::Atomic) {
                Ok(r) => r,
                Err(()) => continue,
            };
            // the store a statement of the load's block, nothing between them branching (a
            // reset under a test of the loaded value is `atomic-check-then-act`'s)
            let between = &text[load.span.end..store.span.start];
            let stmt_end = text[store.span.end..].trim_start().starts_with(';');
            let starts_line = text[..store.span.start]
                .rfind('\n')
                .is_some_and(|i| text[i + 1..store.span.start].trim().is_empty());
            if between.contains('{') || between.contains('}') || !stmt_end || !starts_line {
                continue;
            }
            let place = &store.place.text;
            let recv = cx.source.slice(load.recv_span).to_string();
            let d = FETCH_THEN_RESET
                .diag(
                    cx.path,
                    store.span,
                    format!(
                        "`{place}` is loaded, then reset by a separate store of `{value}` while other code adds to it: what is added between the load and the store is counted in neither"
                    ),
                )
                .label(load.span, "loaded here");
            let lo = load.ordering();
            let so = store.ordering();
            let lo_arg = load.args.first().map(|a| cx.source.slice(*a)).unwrap_or("");
            let ord = crate::rules::rewrite::ordering_text(
                lo_arg,
                lo,
                super::atomic_load_store::combined(lo, so),
            );
            let swap = format!("{recv}.swap({value}, {ord})");
            let message = format!(
                "read and reset in one atomic step: `{swap}` returns the value it replaced"
            );
            let semi = store.span.end + text[store.span.end..].find(';').unwrap_or(0) + 1;
            let d = d.suggest_edits(
                message,
                Applicability::MaybeIncorrect,
                vec![
                    Edit::new(load.span, swap),
                    Edit::new(deletion_span(text, Span::new(store.span.start, semi)), ""),
                ],
            );
            out.push((d, req));
        }
    }
    for (d, r) in out {
        match r {
            Some(r) => cx.report_if(d, vec![r]),
            None => cx.report(d),
        }
    }
}

/// The atomic is shared with other threads as far as this file tells.
fn shared(cx: &FileCtx, f: usize, op: &AtomicOp) -> bool {
    !exclusive_place(cx, f, &op.place)
        && crate::model::actors::single_actor(cx.model, &cx.source.text, f, op).is_none()
}

fn guard_over(fnm: &FnModel, a: usize, b: usize) -> bool {
    fnm.acquisitions
        .iter()
        .any(|g| g.live_at(a) && g.live_at(b))
}

/// The new value, from the previous one `prev` that `op(arg)` returns.
fn new_value(op: &str, prev: &str, arg: &str) -> Option<String> {
    let a = operand(arg);
    Some(match op {
        "fetch_add" => format!("{prev} + {a}"),
        "fetch_sub" => format!("{prev} - {a}"),
        "fetch_or" => format!("{prev} | {a}"),
        "fetch_and" => format!("{prev} & {a}"),
        "fetch_xor" => format!("{prev} ^ {a}"),
        "fetch_max" => format!("{prev}.max({a})"),
        "fetch_min" => format!("{prev}.min({a})"),
        _ => return None,
    })
}

fn reread(cx: &mut FileCtx, values: &AtomicValues) {
    let mut out = Vec::new();
    for d in &values.discarded {
        let Some(f) = cx.model.fn_containing(d.span.start) else {
            continue;
        };
        if cx.skips(d.span) {
            continue;
        }
        let fnm = &cx.model.fns[f];
        let Some(rmw) = fnm
            .atomics
            .iter()
            .find(|o| o.span == d.span && o.via.is_none())
        else {
            continue;
        };
        // the first later operation on the same atomic in this function (closures are
        // functions of their own: a load in one is not this code's reread)
        let Some(next) = fnm
            .atomics
            .iter()
            .find(|o| d.rest.encloses(o.span) && same_object(cx, f, &o.place, &rmw.place))
        else {
            continue;
        };
        // a load in place, or by a getter (`self.count()` over `self.c.load(o)`)
        if next.op != "load" {
            continue;
        }
        // what the reread value decides: tested or returned, in place or through a `let`
        let decisive = match values.use_of(next.span) {
            Use::Tested | Use::Returned => Some(next.span),
            Use::Logged => None,
            Use::Other => fnm
                .bindings
                .iter()
                .find(|b| b.init.is_some_and(|i| i.encloses(next.span)))
                .and_then(|b| {
                    let after = Span::new(b.span.end, fnm.body.end);
                    values.decisive_in(after).find(|s| {
                        crate::model::func::idents_in_text(cx.source.slice(*s))
                            .is_some_and(|ids| b.names.iter().any(|n| ids.contains(n)))
                    })
                }),
        };
        let Some(decisive) = decisive else { continue };
        if guard_over(fnm, rmw.span.start, next.span.start) || !shared(cx, f, rmw) {
            continue;
        }
        let req = match require(cx, f, &rmw.place, Want::Atomic) {
            Ok(r) => r,
            Err(()) => continue,
        };
        let place = &rmw.place.text;
        let arg = rmw
            .args
            .first()
            .map(|s| cx.source.slice(*s).to_string())
            .unwrap_or_default();
        let used = if decisive == next.span {
            match values.use_of(next.span) {
                Use::Returned => "returned",
                _ => "tested",
            }
        } else {
            "bound and then tested or returned"
        };
        let by = match &next.via {
            Some(via) => format!(" by `{via}()`"),
            None => String::new(),
        };
        let mut diag = FETCH_THEN_REREAD
            .diag(
                cx.path,
                next.span,
                format!(
                    "`{place}` is updated by `{}` and then loaded again{by}, and the loaded value is {used}: another thread's update made in between is read as this one's (two callers can see the same value, or both see a threshold crossed)",
                    rmw.op
                ),
            )
            .label(
                rmw.span,
                format!("updated here; `{}` returns the previous value, which is thrown away", rmw.op),
            );
        let chain = fn_chain(&cx.model.fns, f);
        let body = cx.source.slice(fnm.body);
        let v = fresh_from(&["new", "updated", "value"], &[body], &chain);
        let rmw_text = cx.source.slice(rmw.span);
        match new_value(&rmw.op, rmw_text, &arg) {
            Some(new) if crate::rules::rewrite::is_statement(&cx.source.text, rmw.span) => {
                let edits = vec![
                    Edit::new(rmw.span, format!("let {v} = {new}")),
                    Edit::new(next.span, v.clone()),
                ];
                diag = diag.suggest_edits(
                    format!(
                        "use the value `{}` returns: `let {v} = {new};` is this update's result, whatever other threads do",
                        rmw.op
                    ),
                    Applicability::MaybeIncorrect,
                    edits,
                );
            }
            Some(new) => {
                diag = diag.help(format!(
                    "use the value `{}` returns: `{new}` is this update's result; drop the second load",
                    rmw.op
                ));
            }
            None => {}
        }
        out.push((diag, req));
    }
    for (d, r) in out {
        match r {
            Some(r) => cx.report_if(d, vec![r]),
            None => cx.report(d),
        }
    }
}

/// A literal or a constant path: what a reset stores.
fn is_constant(text: &str) -> bool {
    let t = text.trim();
    t.parse::<i128>().is_ok()
        || t == "false"
        || t == "true"
        || (!t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && t.chars().next().is_some_and(|c| c.is_uppercase()))
}

fn reset(cx: &mut FileCtx) {
    // only a function with both a counting update and a store of a constant
    let any = cx.model.fns.iter().any(|f| {
        f.atomics
            .iter()
            .any(|o| matches!(o.op.as_str(), "fetch_add" | "fetch_sub"))
            && f.atomics.iter().any(|o| o.op == "store")
    });
    if !any {
        return;
    }
    let sites = cx.sites();
    let mut out = Vec::new();
    for site in &sites.sites {
        let Site::If { e, .. } = site else {
            continue;
        };
        let cond = span_of(&*e.cond);
        let Some(f) = cx.model.fn_containing(cond.start) else {
            continue;
        };
        if cx.skips(cond) {
            continue;
        }
        let fnm = &cx.model.fns[f];
        let (conj, single) = conjuncts(&e.cond);
        for rmw in &fnm.atomics {
            if !matches!(rmw.op.as_str(), "fetch_add" | "fetch_sub") || rmw.via.is_some() {
                continue;
            }
            // the result tested in place, or through a `let` of just it
            let in_cond = cond.encloses(rmw.span);
            let bound = !in_cond
                && rmw.span.end <= cond.start
                && fnm.bindings.iter().any(|b| {
                    b.names.len() == 1
                        && b.init
                            .is_some_and(|i| cx.source.slice(i).trim() == cx.source.slice(rmw.span))
                        && b.span.end <= cond.start
                        && crate::model::func::idents_in(&e.cond).contains(&b.names[0])
                        && fnm
                            .flows_from(&b.names, cond.start, &|s| s.encloses(rmw.span))
                            .is_some()
                });
            if !in_cond && !bound {
                continue;
            }
            if conj.is_empty() {
                continue;
            }
            let region = Region {
                node: Node::Block(&e.then_branch),
                kind: RegionKind::Then,
                holds: true,
            };
            let then = span_of(&e.then_branch);
            let Some(store) = fnm.atomics.iter().find(|o| {
                o.op == "store"
                    && o.via.is_none()
                    && then.encloses(o.span)
                    && same_object(cx, f, &o.place, &rmw.place)
            }) else {
                continue;
            };
            let value = store
                .args
                .first()
                .map(|s| cx.source.slice(*s).to_string())
                .unwrap_or_default();
            if !is_constant(&value) || region.nested(store.span) {
                continue;
            }
            // a CAS on the atomic in the branch: the reset is re-checked
            if fnm.atomics.iter().any(|o| {
                then.encloses(o.span)
                    && matches!(
                        o.op.as_str(),
                        "compare_exchange" | "compare_exchange_weak" | "fetch_update" | "swap"
                    )
                    && same_object(cx, f, &o.place, &rmw.place)
            }) {
                continue;
            }
            if guard_over(fnm, rmw.span.start, store.span.start) || !shared(cx, f, rmw) {
                continue;
            }
            let req = match require(cx, f, &rmw.place, Want::Atomic) {
                Ok(r) => r,
                Err(()) => continue,
            };
            let place = &rmw.place.text;
            let cond_text = cx.source.slice(cond).trim().to_string();
            let mut diag = FETCH_THEN_RESET
                .diag(
                    cx.path,
                    store.span,
                    format!(
                        "`{place}` is reset by a separate store after `{}` returned a value that passed the test (`{cond_text}`): updates other threads make between the two are wiped out",
                        rmw.op
                    ),
                )
                .label(rmw.span, format!("updated and tested here, by `{}`", rmw.op));
            // `if c.fetch_add(1, o) == N { c.store(0, o); .. }` -> `if c.fetch_update(s, f,
            // |v| Some(if v == N { 0 } else { v + 1 })).unwrap_or_else(|v| v) == N { .. }`:
            // only when the update is written in the one conjunct, and the store is a
            // statement of the branch
            let arg = rmw
                .args
                .first()
                .map(|s| cx.source.slice(*s).to_string())
                .unwrap_or_default();
            let chain = fn_chain(&cx.model.fns, f);
            let conj_text = conj
                .iter()
                .find(|(c, _)| span_of(*c).encloses(rmw.span))
                .map(|(c, pol)| (span_of(strip(c)), *pol));
            let stmt = e
                .then_branch
                .stmts
                .iter()
                .find(|s| span_of(*s).encloses(store.span));
            let stmt_is_store = stmt.is_some_and(|s| {
                cx.source.slice(span_of(s)).trim_end_matches(';').trim()
                    == cx.source.slice(store.span)
            });
            let ord = rmw
                .args
                .get(1)
                .map(|s| cx.source.slice(*s).to_string())
                .unwrap_or_else(|| "Ordering::SeqCst".into());
            let recv = cx.source.slice(rmw.recv_span).to_string();
            let mut edited = false;
            if let (true, true, Some((cs, true)), Some(stmt)) = (in_cond, single, conj_text, stmt)
                && stmt_is_store
            {
                let before = cx.source.slice(Span::new(cs.start, rmw.span.start));
                let after = cx.source.slice(Span::new(rmw.span.end, cs.end));
                let v = fresh(&[before, after, &arg, &value], &chain);
                let step = new_value(&rmw.op, &v, &arg).unwrap_or_default();
                let test = format!("{before}{v}{after}");
                let fail = fail_ordering(&ord);
                let text = format!(
                    "{recv}.fetch_update({ord}, {fail}, |{v}| Some(if {test} {{ {value} }} else {{ {step} }})).unwrap_or_else(|{v}| {v})"
                );
                diag = diag.suggest_edits(
                    format!(
                        "update and reset in one atomic step: `{text}` returns the same previous value, and no update made in between is lost"
                    ),
                    Applicability::MaybeIncorrect,
                    vec![
                        Edit::new(rmw.span, text.clone()),
                        Edit::new(deletion_span(&cx.source.text, span_of(stmt)), ""),
                    ],
                );
                edited = true;
            }
            if !edited {
                diag = diag.help(format!(
                    "update and reset in one atomic step: `{recv}.fetch_update({ord}, <load ordering>, |v| Some(if <test on v> {{ {value} }} else {{ <v updated> }}))`, or a `compare_exchange` loop"
                ));
            }
            out.push((diag, req));
        }
    }
    for (d, r) in out {
        match r {
            Some(r) => cx.report_if(d, vec![r]),
            None => cx.report(d),
        }
    }
}

/// The load ordering `fetch_update` takes with `ord` as its set ordering (never `Release` /
/// `AcqRel`): `AcqRel` -> `Acquire`, `Release` -> `Relaxed`, the path prefix kept.
fn fail_ordering(ord: &str) -> String {
    let t = ord.trim();
    let (prefix, last) = match t.rfind("::") {
        Some(i) => (&t[..i + 2], &t[i + 2..]),
        None => ("", t),
    };
    let l = match last {
        "AcqRel" => "Acquire",
        "Release" => "Relaxed",
        o => o,
    };
    format!("{prefix}{l}")
}
