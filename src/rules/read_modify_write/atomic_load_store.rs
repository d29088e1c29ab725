//! `atomic-load-store`: an atomic is loaded and a value computed from the load is stored back
//! (`let v = c.load(o); c.store(v + 1, o)`). Each step is atomic, the pair is not: an update
//! stored by another thread between them is overwritten.
//!
//! Detection: an atomic `store` whose value flows (through `let`s, or inline) from a `load` of
//! the same atomic earlier in the same function. Silent when a lock guard is held over both
//! (writers serialised by a mutex), for `&mut self` and unshared locals, and for `fetch_*` /
//! `compare_exchange` code, which has no `store`.
//!
//! The fix is the read-modify-write instruction that does both in one step: `fetch_add`,
//! `fetch_sub`, `fetch_or`, `fetch_and`, `fetch_xor`, `fetch_max`, `fetch_min`, and
//! `fetch_update` (a compare-exchange loop) for anything else.

use super::{Facts, exclusive_place, ident_of, mentions, require, same_object};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::func::{AtomicOp, idents_in};
use crate::model::span::span_of;
use crate::model::writes::name_uses;
use crate::model::{FnModel, Place, Resolver, TypeClass, Want};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::{deletion_span, fn_chain, fresh, ordering_text};

declare_rule! {
    pub static ATOMIC_LOAD_STORE = {
        id: "atomic-load-store",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "an atomic is loaded and a value computed from the load is stored back",
    }
}

pub(super) fn check(cx: &mut FileCtx, facts: &Facts) {
    for &(f, mc) in &facts.method_calls {
        if mc.method != "store" || !(1..=2).contains(&mc.args.len()) {
            continue;
        }
        let fnm = &cx.model.fns[f];
        let sp = span_of(mc);
        let Some(store) = fnm.atomics.iter().find(|o| o.span == sp && o.op == "store") else {
            continue;
        };
        // one argument: an atomic without orderings (`ArcSwap`, `AtomicCell`), typed as one
        if mc.args.len() == 1 && !store.orderings.is_empty() {
            continue;
        }
        let value = &mc.args[0];
        let value_span = span_of(value);
        // the latest load of the same atomic that the stored value comes from
        let mut found: Option<(&AtomicOp, Option<Span>)> = None;
        for load in fnm.atomics.iter().rev() {
            if load.op != "load" || !same_object(cx, f, &load.place, &store.place) {
                continue;
            }
            if value_span.encloses(load.span) {
                found = Some((load, None));
                break;
            }
            if load.span.start >= store.span.start {
                continue;
            }
            let names = idents_in(value);
            if let Some(init) = fnm.computed_from(&names, store.span.start, &|init| {
                fnm.value_from(init, load.span)
            }) {
                found = Some((load, Some(init)));
                break;
            }
        }
        let Some((load, init)) = found else { continue };
        if protocol_code(cx, fnm, f, store) || restores(cx, fnm, value, init, load) {
            continue;
        }
        // entered only by the winner of a claim flag beside the atomic: one run at a time
        if crate::model::flags::claim::entered_under_claim(
            cx.model,
            &cx.source.text,
            f,
            &store.place,
        )
        .is_some()
        {
            continue;
        }
        if exclusive_place(cx, f, &store.place) {
            continue;
        }
        // a lock held over both: the writers are serialised by it
        if fnm
            .acquisitions
            .iter()
            .any(|a| a.live_at(load.span.start) && a.live_at(store.span.start))
        {
            continue;
        }
        let req = match require(cx, f, &store.place, Want::Atomic) {
            Ok(r) => r,
            Err(()) => continue,
        };
        let d = diagnostic(cx, facts, fnm, f, store, load, init, mc);
        match req {
            Some(r) => cx.report_if(d, vec![r]),
            None => cx.report(d),
        }
    }
    check_helper_stores(cx);
}

/// The label of the load: where, and through which helper.
fn loaded_label(load: &AtomicOp) -> String {
    match &load.via {
        Some(via) => format!("loaded here, by `{via}()`"),
        None => "loaded here".to_string(),
    }
}

/// A store made by a helper (`self.set_count(n + 1)` with `fn set_count(&self, v: u64) {
/// self.count.store(v, o) }`) whose value flows from a load of the same atomic (written in
/// place, or by another helper: `let n = self.count();`). Same exemptions as a plain store.
fn check_helper_stores(cx: &mut FileCtx) {
    let mut out = Vec::new();
    for (f, fnm) in cx.model.fns.iter().enumerate() {
        for store in fnm
            .atomics
            .iter()
            .filter(|o| o.via.is_some() && o.op == "store")
        {
            let Some(&value) = store.args.first() else {
                continue;
            };
            let Some(names) = crate::model::func::idents_in_text(cx.source.slice(value)) else {
                continue;
            };
            let found = fnm.atomics.iter().rev().find(|load| {
                load.op == "load"
                    && (load.span.end <= store.span.start || value.encloses(load.span))
                    && same_object(cx, f, &load.place, &store.place)
                    && (value.encloses(load.span)
                        || fnm
                            .computed_from(&names, store.span.start, &|init| {
                                fnm.value_from(init, load.span)
                            })
                            .is_some_and(|init| {
                                // not `let v = self.count(); self.set_count(v)`: a restore
                                let b = fnm.bindings.iter().find(|b| b.init == Some(init));
                                let text = cx.source.slice(value).trim();
                                !b.is_some_and(|b| !b.mutable && b.names.iter().any(|n| n == text))
                            }))
            });
            let Some(load) = found else { continue };
            if protocol_code(cx, fnm, f, store) || exclusive_place(cx, f, &store.place) {
                continue;
            }
            if fnm
                .acquisitions
                .iter()
                .any(|a| a.live_at(load.span.start) && a.live_at(store.span.start))
            {
                continue;
            }
            let req = match require(cx, f, &store.place, Want::Atomic) {
                Ok(r) => r,
                Err(()) => continue,
            };
            let place = &store.place.text;
            let via = store.via.clone().unwrap_or_default();
            let msg = format!(
                "`{place}` is loaded and a value computed from the load is stored back by `{via}()`: an update another thread stores in between is overwritten"
            );
            let d = ATOMIC_LOAD_STORE
                .diag(cx.path, store.span, msg)
                .label(load.span, loaded_label(load))
                .help(format!(
                    "make the read and the write one atomic step: a helper that calls `{place}.fetch_update(..)` (or `fetch_add`/`fetch_sub`) with the change, instead of a load and a separate store"
                ));
            out.push((d, req));
        }
    }
    for (d, req) in out {
        match req {
            Some(r) => cx.report_if(d, vec![r]),
            None => cx.report(d),
        }
    }
}

/// Lock-free protocol code: the function runs a compare-and-swap on some atomic, or a
/// read-modify-write (`swap`, `fetch_*`) on this atomic or a sibling field. There a plain
/// `store` typically publishes a state the thread owns after winning a CAS (crossbeam's
/// queues, work-stealing deques), which is not a lost update.
fn protocol_code(cx: &FileCtx, fnm: &FnModel, f: usize, store: &AtomicOp) -> bool {
    fnm.atomics.iter().any(|o| {
        let cas = matches!(
            o.op.as_str(),
            "compare_exchange" | "compare_exchange_weak" | "compare_and_swap" | "fetch_update"
        );
        let rmw = o.op == "swap" || o.op.starts_with("fetch_");
        cas || (rmw
            && (same_object(cx, f, &o.place, &store.place) || siblings(&o.place, &store.place)))
    })
}

fn siblings(a: &Place, b: &Place) -> bool {
    a.root == b.root
        && !a.fields.is_empty()
        && a.fields.len() == b.fields.len()
        && a.fields[..a.fields.len() - 1] == b.fields[..b.fields.len() - 1]
}

/// `store(v)` with `v` the value loaded, unchanged (an immutable binding of the load itself):
/// a restore, not an update computed from the load. `let next = a.load(o) + 1; a.store(next)`
/// is an update.
fn restores(
    cx: &FileCtx,
    fnm: &FnModel,
    value: &syn::Expr,
    init: Option<Span>,
    load: &AtomicOp,
) -> bool {
    let (Some(init), Some(name)) = (init, ident_of(value)) else {
        return false;
    };
    let bare = |s: Span| {
        cx.source
            .slice(s)
            .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
            .to_string()
    };
    (init == load.span || bare(init) == bare(load.span))
        && fnm
            .bindings
            .iter()
            .any(|b| b.init == Some(init) && !b.mutable && b.names == [name.clone()])
}

/// The ordering of a single read-modify-write that keeps the guarantees of a load with `lo`
/// followed by a store with `so`.
pub(super) fn combined(lo: &str, so: &str) -> &'static str {
    if lo == "SeqCst" || so == "SeqCst" {
        return "SeqCst";
    }
    let acq = matches!(lo, "Acquire" | "AcqRel");
    let rel = matches!(so, "Release" | "AcqRel");
    match (acq, rel) {
        (true, true) => "AcqRel",
        (true, false) => "Acquire",
        (false, true) => "Release",
        (false, false) => "Relaxed",
    }
}

/// `v + e` -> (`fetch_add`, e); `max(v, e)` -> (`fetch_max`, e); `!v` -> (`fetch_xor`, true).
fn rmw_of(
    cx: &FileCtx,
    is_bool: Option<bool>,
    value: &syn::Expr,
    is_v: &dyn Fn(&syn::Expr) -> bool,
) -> Option<(&'static str, String)> {
    let text = |e: &syn::Expr| cx.source.slice(span_of(e)).to_string();
    match value {
        syn::Expr::Paren(p) => rmw_of(cx, is_bool, &p.expr, is_v),
        syn::Expr::Binary(b) => {
            use syn::BinOp::*;
            let (name, commutes) = match b.op {
                Add(_) => ("fetch_add", true),
                Sub(_) => ("fetch_sub", false),
                BitOr(_) | Or(_) => ("fetch_or", true),
                BitAnd(_) | And(_) => ("fetch_and", true),
                BitXor(_) => ("fetch_xor", true),
                _ => return None,
            };
            if is_v(&b.left) && !uses_v(&b.right, is_v) {
                return Some((name, text(&b.right)));
            }
            if commutes && is_v(&b.right) && !uses_v(&b.left, is_v) {
                return Some((name, text(&b.left)));
            }
            None
        }
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) && is_v(&u.expr) => {
            // `!v` is `v ^ true` on a bool and `v ^ !0` on an integer
            match is_bool? {
                true => Some(("fetch_xor", "true".to_string())),
                false => Some(("fetch_xor", "!0".to_string())),
            }
        }
        syn::Expr::MethodCall(m) if m.args.len() == 1 => {
            let name = match m.method.to_string().as_str() {
                "max" => "fetch_max",
                "min" => "fetch_min",
                "wrapping_add" => "fetch_add",
                "wrapping_sub" => "fetch_sub",
                _ => return None,
            };
            let commutes = matches!(name, "fetch_max" | "fetch_min");
            if is_v(&m.receiver) && !uses_v(&m.args[0], is_v) {
                return Some((name, text(&m.args[0])));
            }
            if commutes && is_v(&m.args[0]) && !uses_v(&m.receiver, is_v) {
                return Some((name, text(&m.receiver)));
            }
            None
        }
        syn::Expr::Call(c) if c.args.len() == 2 => {
            let segs = crate::model::func::path_segments(&c.func)?;
            let name = match segs.last()?.as_str() {
                "max" => "fetch_max",
                "min" => "fetch_min",
                _ => return None,
            };
            if segs.len() > 1 && segs[segs.len() - 2] != "cmp" {
                return None;
            }
            if is_v(&c.args[0]) && !uses_v(&c.args[1], is_v) {
                return Some((name, text(&c.args[1])));
            }
            if is_v(&c.args[1]) && !uses_v(&c.args[0], is_v) {
                return Some((name, text(&c.args[0])));
            }
            None
        }
        _ => None,
    }
}

fn uses_v(e: &syn::Expr, is_v: &dyn Fn(&syn::Expr) -> bool) -> bool {
    crate::model::syntax::any_subexpr(e, is_v)
}

#[allow(clippy::too_many_arguments)]
fn diagnostic(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    store: &AtomicOp,
    load: &AtomicOp,
    init: Option<Span>,
    mc: &syn::ExprMethodCall,
) -> Diagnostic {
    let recv = cx.source.slice(store.recv_span).to_string();
    let resolved = Resolver::new(&cx.model.index).resolve(&cx.model.fns, f, &store.place);
    if resolved.as_ref().is_some_and(|r| r.ty.is_arc_swap()) {
        return swap_diagnostic(cx, fnm, f, store, load, init, &recv);
    }
    let atomic_name = resolved.and_then(|r| match r.ty.class {
        TypeClass::Atomic { name } => Some(name),
        TypeClass::Once { inner, .. } => match inner.class {
            TypeClass::Atomic { name } => Some(name),
            _ => None,
        },
        _ => None,
    });
    let msg = format!(
        "`{recv}` is loaded and a value computed from the load is stored back: an update another thread stores in between is overwritten"
    );
    let d = ATOMIC_LOAD_STORE
        .diag(cx.path, store.span, msg)
        .label(load.span, loaded_label(load));
    let lo = load.ordering();
    let so = store.ordering();
    let so_text = mc
        .args
        .get(1)
        .map(|a| cx.source.slice(span_of(a)).to_string())
        .unwrap_or_else(|| "Ordering::SeqCst".into());
    let lo_text = load
        .args
        .first()
        .map(|a| cx.source.slice(*a).to_string())
        // a helper's load (`self.count()`): its ordering, by name
        .unwrap_or_else(|| format!("Ordering::{lo}"));
    // crossbeam's `AtomicCell::fetch_update` takes no orderings
    // `fetch_update(set, fetch, f)`: the successful exchange keeps both the load's and the
    // store's guarantees (an `Acquire` load and a `Release` store: `AcqRel`)
    let ords = if store.orderings.is_empty() {
        String::new()
    } else {
        format!(
            "{}, {lo_text}, ",
            ordering_text(&so_text, so, combined(lo, so))
        )
    };
    let value = &mc.args[0];
    // the name the loaded value is bound to, when the `let` binds exactly the load
    let direct: Option<String> = init.and_then(|i| {
        let b = fnm.bindings.iter().find(|b| b.init == Some(i))?;
        let inner = cx.source.slice(i).trim();
        let load_text = cx.source.slice(load.span).trim();
        // a `mut` binding may be changed in place before the store (`num ^= num << 13`)
        (b.names.len() == 1 && !b.mutable && inner == load_text).then(|| b.names[0].clone())
    });
    // the stored value must be written in terms of that name alone: `store(next)` with
    // `let next = v + 1` needs the intermediate steps in the closure
    let direct = direct.filter(|v| {
        super::mentions(value, v)
            && !idents_in(value).iter().any(|n| {
                n != v
                    && fnm
                        .flows_from(std::slice::from_ref(n), store.span.start, &|i| {
                            i.encloses(load.span)
                        })
                        .is_some()
            })
    });
    let let_span = init.and_then(|i| {
        fnm.bindings
            .iter()
            .find(|b| b.init == Some(i))
            .map(|b| b.span)
    });
    if init.is_some() && direct.is_none() {
        let message = format!(
            "make the read and the write one atomic step: `{recv}.fetch_update({ords}|cur| Some(/* the new value computed from cur */))`, or a `compare_exchange` loop"
        );
        let edit = closure_edit(
            cx,
            fnm,
            f,
            store,
            load,
            init,
            &|p| format!("let _ = {recv}.fetch_update({ords}|{p}| "),
            &|v| format!("Some({v})"),
        );
        return match edit {
            Some(e) => d.suggest_edits(message, Applicability::MaybeIncorrect, vec![e]),
            None => d.help(message),
        };
    }
    let is_bool = atomic_name.as_deref().map(|n| n == "AtomicBool");
    let inline = init.is_none();
    let is_v = |e: &syn::Expr| -> bool {
        if inline {
            span_of(e) == load.span || peel(e).is_some_and(|p| span_of(p) == load.span)
        } else {
            ident_of(e).as_deref() == direct.as_deref()
        }
    };
    // a store only made when a condition on the loaded value holds
    let cond = facts.conditions.iter().find(|(c, body)| {
        let cs = span_of(*c);
        body.encloses(store.span)
            && cs.start >= load.span.start
            && (cs.encloses(load.span) || direct.as_deref().is_some_and(|v| mentions(c, v)))
    });
    let remove_load = match (&direct, let_span) {
        (Some(v), Some(_)) => format!(
            "; then remove `let {v} = {}` (the `fetch_*` call returns the previous value if it is still needed)",
            cx.source.slice(load.span)
        ),
        _ => String::new(),
    };
    // `c.store(..);` as a statement of its own: it can become `let _ = c.fetch_update(..);`
    let line_start = cx.source.text[..store.span.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let stmt_level = cx.source.text[store.span.end..]
        .trim_start()
        .starts_with(';')
        && cx.source.text[line_start..store.span.start]
            .trim()
            .is_empty();
    if cond.is_none()
        && let Some((op, operand)) = rmw_of(cx, is_bool, value, &is_v)
    {
        let call = if store.orderings.is_empty() {
            // an atomic without orderings (crossbeam's `AtomicCell`)
            format!("{recv}.{op}({operand})")
        } else {
            let ord = ordering_text(&so_text, so, combined(lo, so));
            format!("{recv}.{op}({operand}, {ord})")
        };
        let message =
            format!("replace the load and the store with one atomic step: `{call}`{remove_load}");
        return match complete_edits(cx, fnm, store, load, direct.as_deref(), let_span, &call) {
            Some(edits) => d.suggest_edits(message, Applicability::MaybeIncorrect, edits),
            None => d.help(format!(
                "{message}; other uses of the loaded value must then use the value `{op}` returns (the value before the update)"
            )),
        };
    }
    // anything else: a compare-exchange loop through `fetch_update`; its closure parameter
    // captures nothing in scope
    let v = match &direct {
        Some(v) => v.clone(),
        None => fresh(
            &[cx.source.slice(span_of(value))],
            &fn_chain(&cx.model.fns, f),
        ),
    };
    let value_text = if inline {
        let vs = span_of(value);
        format!(
            "{}{}{}",
            &cx.source.text[vs.start..load.span.start],
            v,
            &cx.source.text[load.span.end..vs.end]
        )
    } else {
        cx.source.slice(span_of(value)).to_string()
    };
    if let Some((c, _)) = cond {
        let ct = cx.source.slice(span_of(*c)).to_string();
        let ct = if inline {
            ct.replace(cx.source.slice(load.span), &v)
        } else {
            ct
        };
        let step = format!(
            "{recv}.fetch_update({ords}|{v}| if {ct} {{ Some({value_text}) }} else {{ None }})"
        );
        if !store.orderings.is_empty()
            && let (Some(v), Some(ls)) = (&direct, let_span)
            && let Some((edits, bound)) =
                conditional_edits(cx, facts, fnm, f, store, span_of(*c), v, ls, &step)
        {
            let then = match bound {
                Some(Bound::Branch) => format!(
                    "; the rest of the branch runs when the update was made, with `{v}` the value it was made from"
                ),
                Some(Bound::After) => format!(
                    "; `{v}` after it is the value the update was decided on (the one it was made from, or the one the condition failed on)"
                ),
                None => String::new(),
            };
            return d.suggest_edits(
                format!(
                    "check and update in one step: `{step}` tests the condition on the current value and stores only when it holds, retrying when another thread changed the value in between{then}"
                ),
                Applicability::MaybeIncorrect,
                edits,
            );
        }
        return d.help(format!(
            "the store depends on a condition on the loaded value: check and update in one step with `{step}` (or a `compare_exchange` loop){remove_load}"
        ));
    }
    let call = format!("{recv}.fetch_update({ords}|{v}| Some({value_text}))");
    if stmt_level {
        let replacement = format!("let _ = {call}");
        let message = format!(
            "make the read and the write one atomic step (a compare-exchange loop): `{replacement}`{remove_load}"
        );
        // with a `let` of the load, it goes too, and only when nothing else reads it
        let edits = match (&direct, let_span) {
            (Some(v), Some(ls)) => {
                let after_let = Span::new(ls.end, fnm.span.end);
                let uses = name_uses(cx.ast, v, after_let);
                uses.iter().all(|u| span_of(value).encloses(*u)).then(|| {
                    vec![
                        Edit::new(deletion_span(&cx.source.text, ls), ""),
                        Edit::new(store.span, replacement.clone()),
                    ]
                })
            }
            (None, None) => Some(vec![Edit::new(store.span, replacement.clone())]),
            _ => None,
        };
        return match edits {
            Some(edits) => d.suggest_edits(message, Applicability::MaybeIncorrect, edits),
            None => d.help(message),
        };
    }
    d.help(format!(
        "make the read and the write one atomic step: `{call}` (or a `compare_exchange` loop){remove_load}"
    ))
}

/// An `ArcSwap` loaded, a new value built from the loaded one and stored: a store another
/// thread makes in between (a flag flipped, an entry added) is overwritten by the copy made
/// before it. The fix is `rcu`, which runs the update again on the newest value when another
/// store came in between. The edit moves the statements from the `let` of the load to the
/// store into the closure when they are one straight run of statements in one block, the
/// loaded name is used nowhere else, and nothing in them leaves the function or awaits.
fn swap_diagnostic(
    cx: &FileCtx,
    fnm: &FnModel,
    f: usize,
    store: &AtomicOp,
    load: &AtomicOp,
    init: Option<Span>,
    recv: &str,
) -> Diagnostic {
    let msg = format!(
        "`{recv}` is loaded, a new value is built from it and stored back: a value another thread stores in between is overwritten and its change is lost"
    );
    let d = ATOMIC_LOAD_STORE
        .diag(cx.path, store.span, msg)
        .label(load.span, loaded_label(load));
    let edit = closure_edit(
        cx,
        fnm,
        f,
        store,
        load,
        init,
        &|p| format!("{recv}.rcu(|{p}| "),
        &|v| v.to_string(),
    );
    let message = format!(
        "make the read and the write one step: `{recv}.rcu(|cur| /* the new value built from cur */)` runs the update again on the newest value when another store came in between (keep the closure free of side effects: it may run more than once)"
    );
    match edit {
        Some(e) => d.suggest_edits(message, Applicability::MaybeIncorrect, vec![e]),
        None => d.help(message),
    }
}

/// The statements from the load's `let` to the store, moved into the closure of a one-step
/// update: `head(param)` + `{ <the statements, the load replaced by param> tail(value) })`
/// replacing them (`x.rcu(|cur| ` with the value; `let _ = x.fetch_update(o, o, |cur| ` with
/// `Some(value)`). Only when they are one straight run of statements in one block (no
/// `return`, `?`, `.await`, `break`), nothing they bind is read after the store, they move no
/// captured local (the closure may run more than once), and the store is a statement.
#[allow(clippy::too_many_arguments)]
fn closure_edit(
    cx: &FileCtx,
    fnm: &FnModel,
    f: usize,
    store: &AtomicOp,
    load: &AtomicOp,
    init: Option<Span>,
    head: &dyn Fn(&str) -> String,
    tail: &dyn Fn(&str) -> String,
) -> Option<Edit> {
    let text = &cx.source.text;
    // the `let` the load is made in (`let h = x.load();`, `let mut v = (*x.load()).clone();`)
    let binding = init.and_then(|i| fnm.bindings.iter().find(|b| b.init == Some(i)));
    binding.and_then(|b| {
        let init = b.init?;
        let value = store.args.first().copied()?;
        // (a store inside the `let`'s own initialiser has no statements between them)
        let between = text.get(b.span.end..store.span.start)?;
        let after = text.get(store.span.end..)?.trim_start();
        let flat = crate::model::syntax::is_statement_run(between);
        let leaves = ["return", "?", ".await", "break", "continue"]
            .iter()
            .any(|k| between.contains(k) || cx.source.slice(value).contains(k));
        if !flat || leaves || !after.starts_with(';') || b.span.start > load.span.start {
            return None;
        }
        // nothing bound from the `let` to the store is read after the store
        let rest = Span::new(store.span.end, fnm.span.end);
        let bound = fnm
            .bindings
            .iter()
            .filter(|l| l.span.start >= b.span.start && l.span.end <= store.span.start);
        if bound
            .flat_map(|l| l.names.iter())
            .any(|n| !name_uses(cx.ast, n, rest).is_empty())
        {
            return None;
        }
        let line_start = text[..b.span.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..b.span.start];
        if !indent.trim().is_empty() {
            return None;
        }
        // the closure's parameter: the loaded name when the `let` binds just the load, else
        // a fresh name put where the load was
        // the closure runs again on a retry: a local it takes by value would be moved out
        if moves_captured(cx, f, Span::new(b.span.start, store.span.end), b.span.start) {
            return None;
        }
        // `load()` gives a guard that derefs to the `Arc`, as the closure's `&Arc` does;
        // `load_full()` gives the `Arc` itself: a clone of the parameter
        let full = cx
            .source
            .slice(load.span)
            .trim_end()
            .ends_with("load_full()");
        let direct = !full
            && b.names.len() == 1
            && !b.mutable
            && cx.source.slice(init).trim() == cx.source.slice(load.span).trim();
        let (param, first) = if direct {
            (b.names[0].clone(), None)
        } else {
            let p = fresh(
                &[cx.source.slice(Span::new(b.span.start, store.span.end))],
                &fn_chain(&cx.model.fns, f),
            );
            let stmt = format!(
                "{}{}{}{}",
                &text[b.span.start..load.span.start],
                p,
                if full { ".clone()" } else { "" },
                &text[load.span.end..b.span.end]
            );
            (p, Some(stmt))
        };
        // each line one level deeper; a nested block's lines keep their depth relative to
        // the `let` (a line indented less than the `let` is trimmed)
        let mut body = String::new();
        for line in first
            .iter()
            .map(String::as_str)
            .chain(between.trim().lines())
        {
            let line = line.trim_end();
            let line = line
                .strip_prefix(indent)
                .unwrap_or_else(|| line.trim_start());
            if !line.trim().is_empty() {
                body.push_str(&format!("{indent}    {line}\n"));
            }
        }
        let replacement = format!(
            "{}{{\n{body}{indent}    {}\n{indent}}})",
            head(&param),
            tail(cx.source.slice(value))
        );
        Some(Edit::new(
            Span::new(b.span.start, store.span.end),
            replacement,
        ))
    })
}

/// Whether code in `span` may move a local bound before `from` (a parameter, an earlier
/// `let`) out of a closure it is put in: a bare use that is neither borrowed (`&x`), nor a
/// receiver or a field base (`x.f`, `x.m()`), nor of a type known to be `Copy`.
fn moves_captured(cx: &FileCtx, f: usize, span: Span, from: usize) -> bool {
    let text = &cx.source.text;
    fn_chain(&cx.model.fns, f).iter().any(|fm| {
        fm.locals.iter().filter(|l| l.offset < from).any(|l| {
            let copy = l.ty.as_ref().is_some_and(|t| {
                let t = t.text.as_str();
                t.starts_with('&') || t == "char" || crate::model::types::is_primitive_name(t)
            });
            !copy
                && name_uses(cx.ast, &l.name, span).iter().any(|u| {
                    let before = text[..u.start].trim_end();
                    let after = text[u.end..].trim_start();
                    !(before.ends_with('&') || after.starts_with('.'))
                })
        })
    })
}

/// The edits that turn a load and a store into one `call` (a `fetch_*` returning the value
/// before the update), keeping what the function does with the loaded value, or `None`
/// when that cannot be done with certainty:
///
/// - the store must be a statement (`c.store(..);`) or the tail of a `()` block, so that
///   the value `call` returns changes no type;
/// - inline (`c.store(c.load(o) + 1, o)`): the store becomes the call;
/// - `let v = c.load(o); .. c.store(v + 1, o);`: the `let` goes; when `v` is read elsewhere,
///   only after the store and in the same block, the store becomes `let v = call;` (the
///   value it returns is the one the update was made from); read before the store: `None`.
fn complete_edits(
    cx: &FileCtx,
    fnm: &FnModel,
    store: &AtomicOp,
    load: &AtomicOp,
    direct: Option<&str>,
    let_span: Option<Span>,
    call: &str,
) -> Option<Vec<Edit>> {
    let text = &cx.source.text;
    let after = text[store.span.end..].trim_start();
    let line_start = text[..store.span.start].rfind('\n').map_or(0, |i| i + 1);
    let starts_stmt = {
        let before = text[line_start..store.span.start].trim();
        before.is_empty() || before.ends_with('{') || before.ends_with(';')
    };
    let (stmt, tail) = (after.starts_with(';'), after.starts_with('}'));
    if !starts_stmt || !(stmt || tail) {
        return None;
    }
    let end = if tail { ";" } else { "" };
    match (direct, let_span) {
        (None, _) if store.span.encloses(load.span) => {
            Some(vec![Edit::new(store.span, format!("{call}{end}"))])
        }
        (Some(v), Some(ls)) => {
            let value = store.args.first().copied()?;
            let rest = Span::new(ls.end, fnm.span.end);
            let others: Vec<Span> = name_uses(cx.ast, v, rest)
                .into_iter()
                .filter(|u| !value.encloses(*u))
                .collect();
            let del = Edit::new(deletion_span(text, ls), "");
            if others.is_empty() {
                return Some(vec![del, Edit::new(store.span, format!("{call}{end}"))]);
            }
            // read again later: bind the returned value under the same name, which must stay
            // visible there (the `let` and the store in one block, no brace between them)
            let between = &text[ls.end..store.span.start];
            let same_block = !between.contains('{') && !between.contains('}');
            if stmt && same_block && others.iter().all(|u| u.start >= store.span.end) {
                return Some(vec![
                    del,
                    Edit::new(store.span, format!("let {v} = {call}")),
                ]);
            }
            None
        }
        _ => None,
    }
}

fn peel(e: &syn::Expr) -> Option<&syn::Expr> {
    match e {
        syn::Expr::Paren(p) => Some(&p.expr),
        syn::Expr::Group(g) => Some(&g.expr),
        syn::Expr::Cast(c) => Some(&c.expr),
        _ => None,
    }
}

/// `let v = x.load(o); if <cond on v> { x.store(<value>, o); <rest> }` as one conditional
/// update: the `let` goes and the `if`'s head and store become
/// `if let Ok(v) = <step> {` (`<rest>` reads `v`: the value the update was made from, the one
/// the condition held on), `if <step>.is_ok() {` (`<rest>` does not), or the whole `if`
/// becomes `let _ = <step>;` (no `<rest>`). Only when the `if` is the statement right after
/// the `let`, has no `else`, the store is the first statement of its branch (nothing but
/// blanks before it), and the condition and the value
/// neither leave the function nor await nor move a captured local (the closure may run more
/// than once). When `v` is read after the `if` and the store is all the branch does, the `if`
/// becomes `let (Ok(v) | Err(v)) = <step>;` (both carry the value the update was decided on).
/// Returns the edits and where `v` is bound again.
#[allow(clippy::too_many_arguments)]
fn conditional_edits(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    store: &AtomicOp,
    cond: Span,
    v: &str,
    ls: Span,
    step: &str,
) -> Option<(Vec<Edit>, Option<Bound>)> {
    let text = &cx.source.text;
    let st = facts
        .if_stmts
        .iter()
        .find(|s| s.cond == cond && !s.has_else)?;
    if st.prev.map(|p| p.start) != Some(ls.start) {
        return None;
    }
    // the store as the branch's first statement: `x.store(..);`
    let first = *st.then_stmts.first()?;
    if first.start != store.span.start || text[store.span.end..first.end].trim() != ";" {
        return None;
    }
    if !text[st.then_block.start + 1..store.span.start]
        .trim()
        .is_empty()
    {
        return None;
    }
    let value = store.args.first().copied()?;
    let leaves = ["return", "?", "await", "break", "continue", "!("];
    if [cond, value]
        .iter()
        .any(|s| leaves.iter().any(|k| cx.source.slice(*s).contains(k)))
    {
        return None;
    }
    if moves_captured(cx, f, cond, ls.start) || moves_captured(cx, f, value, ls.start) {
        return None;
    }
    // `v` read only in the condition, the value and the rest of the branch
    let uses = name_uses(cx.ast, v, Span::new(ls.end, fnm.span.end));
    let read_after = uses.iter().any(|u| !st.span.encloses(*u));
    let rest = Span::new(first.end, st.then_block.end);
    let bound = uses.iter().any(|u| rest.encloses(*u));
    let del = Edit::new(deletion_span(text, ls), "");
    if st.then_stmts.len() == 1 {
        // the whole `if` goes; a `;` after it stays where it was. Read after the `if`, the
        // name is bound again, in the same block, to the value the update was decided on
        // (`Ok`: the value it was made from; `Err`: the value the condition failed on)
        let semi = if text[st.span.end..].trim_start().starts_with(';') {
            ""
        } else {
            ";"
        };
        let pat = if read_after {
            format!("(Ok({v}) | Err({v}))")
        } else {
            "_".to_string()
        };
        let note = read_after.then_some(Bound::After);
        return Some((
            vec![del, Edit::new(st.span, format!("let {pat} = {step}{semi}"))],
            note,
        ));
    }
    if read_after {
        return None;
    }
    let head = if bound {
        format!("if let Ok({v}) = {step} {{")
    } else {
        format!("if {step}.is_ok() {{")
    };
    Some((
        vec![del, Edit::new(Span::new(st.span.start, first.end), head)],
        bound.then_some(Bound::Branch),
    ))
}

/// Where the loaded name is bound again by a conditional update ([`conditional_edits`]).
enum Bound {
    /// in the branch that runs when the update was made: the value it was made from
    Branch,
    /// after the update, in the same block: the value it was decided on
    After,
}
