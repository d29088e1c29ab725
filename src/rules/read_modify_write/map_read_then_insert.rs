//! `map-read-then-insert`: a shared map entry is read (`let v = map.get(&k).copied()`) and a
//! value computed from it is inserted back (`map.insert(k, v + 1)`) in a second step: on a
//! `DashMap` (each call locks its shard on its own), or on a map behind a lock under two
//! separate guards. An update of the same key made in between is lost.
//!
//! Silent when one guard covers both (the whole update is one critical section), when the key
//! or the map differs, when the inserted value does not come from the read, when the insert is
//! re-checked against a fresh read, and for `&mut self` and unshared local maps.

use super::{
    Facts, GuardPath, body_of, derived_from, exclusive_place, flows_from_init, guard_path,
    line_of_stmt, op_with, require, same_object, used_elsewhere,
};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::span::span_of;
use crate::model::syntax::{method_calls_outside_closures, place_of, unwrap_fallback};
use crate::model::{FnModel, Place, Resolver, Root, TypeClass, Want};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::{fresh, operand};

declare_rule! {
    pub static MAP_READ_THEN_INSERT = {
        id: "map-read-then-insert",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a shared map entry is read and a value computed from it is inserted under another guard",
    }
}

/// How the map is reached.
enum Access {
    /// Through a lock guard (`m.lock().unwrap()`, `g`, `self.s.write().counts`).
    Guard(GuardPath),
    /// A map with its own locking (`DashMap`), by place.
    Concurrent(Place),
}

/// A `get` inside a `let` initialiser.
struct Read<'ast> {
    f: usize,
    local: &'ast syn::Local,
    init: Span,
    get: &'ast syn::ExprMethodCall,
    access: Access,
}

pub(super) fn check(cx: &mut FileCtx, facts: &Facts) {
    let fns = &cx.model.fns;
    let mut reads: Vec<Read> = Vec::new();
    for &(f, local) in &facts.lets {
        let Some(init) = &local.init else { continue };
        for get in value_reads(&init.expr) {
            let Some(access) = access_of(cx, &fns[f], f, &get.receiver) else {
                continue;
            };
            reads.push(Read {
                f,
                local,
                init: span_of(&*init.expr),
                get,
                access,
            });
        }
    }
    let mut done: Vec<Span> = Vec::new();
    for &(f, ins) in &facts.method_calls {
        if reads.is_empty() {
            break;
        }
        if ins.method != "insert" || ins.args.len() != 2 {
            continue;
        }
        let fnm = &fns[f];
        let Some(access) = access_of(cx, fnm, f, &ins.receiver) else {
            continue;
        };
        let at = span_of(ins).start;
        let key = key_text(&ins.args[0]);
        let Some(r) = reads.iter().rev().find(|r| {
            r.f == f
                && r.init.end <= at
                && key_text(&r.get.args[0]) == key
                && same_map(cx, fnm, f, &r.access, &access)
                && flows_from_init(fnm, &ins.args[1], at, r.init)
        }) else {
            continue;
        };
        // the reference the read returned still holds its shard at the insert: that is a
        // self-deadlock (`double-lock` reports it), not two separate calls
        if matches!(access, Access::Concurrent(_))
            && fnm.acquisitions.iter().any(|a| {
                a.shard
                    && r.init.start <= a.call_span.start
                    && a.call_span.end <= r.init.end
                    && a.live_at(at)
            })
        {
            continue;
        }
        // shared at all?
        let place = match &access {
            Access::Guard(g) => fnm.acquisitions[g.acq].place.clone(),
            Access::Concurrent(p) => p.clone(),
        };
        if exclusive_place(cx, f, &place) {
            continue;
        }
        let mut req = None;
        if let Access::Guard(g) = &access {
            let b = &fnm.acquisitions[g.acq];
            // one guard of the same lock over both, or a fresh re-check under the second one
            if fnm.acquisitions.iter().any(|o| {
                o.live_at(r.init.start)
                    && o.live_at(b.call_span.start)
                    && same_object(cx, f, &o.place, &b.place)
            }) || rechecked(cx, facts, fnm, f, g, ins)
            {
                continue;
            }
            req = match require(cx, f, &b.place, Want::Lock) {
                Ok(r) => r,
                Err(()) => continue,
            };
        }
        let d = diagnostic(cx, fnm, f, r, &access, ins);
        done.push(span_of(ins));
        match req {
            Some(req) => cx.report_if(d, vec![req]),
            None => cx.report(d),
        }
    }
    check_helpers(cx, facts, &reads, &done);
}

/// One side of a read-modify-write of a map entry that a helper may do: where the guard is
/// taken and released, and what map and key it reaches.
struct Side<'m> {
    f: usize,
    /// The locked map (the lock's place; for a map with its own locking, the map).
    place: &'m Place,
    /// Where the guard is taken and where it is released.
    start: usize,
    end: usize,
    /// What the finding or its label points at.
    span: Span,
    /// The helper's call text (`self.objects`), when a helper does it.
    helper: Option<&'m str>,
    /// The key as written ([`key_text`]) and its source text.
    key: String,
    key_src: String,
    /// For a read: the `let` initialiser it is bound by (`None`: read inside the value written).
    init: Option<Span>,
    /// For a write: the value written.
    value: Span,
    /// For a write: the guard path of an insert through a guard taken here.
    guard: Option<GuardPath>,
    /// For a write: `insert` on a map with its own locking (`DashMap`).
    concurrent: bool,
}

/// Read-modify-writes of one map entry where a helper does the read or the write under its
/// own guard, released when it returns ([`crate::model::func::HelperAccess`] with a key): `let
/// mut o = self.objects(ca); o.n += 1; self.put_objects(ca, o)`, `let r = self.latest(h); ..
/// cache.insert(h, next(r))`, `let v = *m.read().get(&k).unwrap(); self.put(k, v + 1)`. The
/// same exemptions as for two guards taken here (one guard over both, a permit, a re-check
/// under the second guard, a place no other thread reaches), and a value written back
/// unchanged (a restore).
fn check_helpers(cx: &mut FileCtx, facts: &Facts, inline: &[Read], done: &[Span]) {
    let model = cx.model;
    if !model
        .fns
        .iter()
        .any(|f| f.helper_accesses.iter().any(|h| h.key_arg.is_some()))
    {
        return;
    }
    let text = |s: Span| cx.source.slice(s).to_string();
    // the key as written, as [`key_text`] normalises it (borrows and owned copies peeled)
    let key_of = |s: Span| -> String {
        let mut k: String = cx
            .source
            .slice(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        loop {
            let before = k.len();
            k = k.trim_start_matches(['&', '*']).to_string();
            for suffix in [
                ".clone()",
                ".to_owned()",
                ".to_string()",
                ".into()",
                ".as_str()",
                ".as_ref()",
            ] {
                if let Some(x) = k.strip_suffix(suffix) {
                    k = x.to_string();
                }
            }
            if k.len() == before {
                return k;
            }
        }
    };
    // reads: helper reads of an entry, bound by a `let` or inside a value written; the reads
    // through a guard taken here (`let v = *m.read().get(&k).unwrap()`)
    let mut reads: Vec<Side> = Vec::new();
    let mut writes: Vec<Side> = Vec::new();
    for (f, fnm) in model.fns.iter().enumerate() {
        for h in &fnm.helper_accesses {
            let Some(karg) = h.key_arg else { continue };
            let side = |init: Option<Span>, value: Span| Side {
                f,
                place: &h.place,
                start: h.span.start,
                end: h.span.end,
                span: h.span,
                helper: Some(&h.helper),
                key: key_of(karg),
                key_src: text(karg),
                init,
                value,
                guard: None,
                concurrent: false,
            };
            if h.write {
                if let Some(v) = h.value {
                    writes.push(side(None, v));
                }
                continue;
            }
            if !h.entry {
                continue;
            }
            // the `let` whose value is the entry read (through copies, unwraps, `?`, `.await`)
            let init = facts
                .lets
                .iter()
                .filter(|(lf, _)| *lf == f)
                .filter_map(|(_, l)| l.init.as_ref())
                .find(|i| carries_call(&i.expr, h.span))
                .map(|i| span_of(&*i.expr));
            reads.push(side(init, Span::new(0, 0)));
        }
    }
    for r in inline {
        let Access::Guard(g) = &r.access else {
            continue;
        };
        if !g.fields.is_empty() {
            continue;
        }
        let a = &model.fns[r.f].acquisitions[g.acq];
        reads.push(Side {
            f: r.f,
            place: &a.place,
            start: a.call_span.start,
            end: a.release,
            span: span_of(r.get),
            helper: None,
            key: key_text(&r.get.args[0]),
            key_src: text(span_of(&r.get.args[0])),
            init: Some(r.init),
            value: Span::new(0, 0),
            guard: Some(g.clone()),
            concurrent: false,
        });
    }
    if !reads.iter().any(|r| r.helper.is_some()) && writes.is_empty() {
        return;
    }
    // inserts made here, for helper reads
    for &(f, ins) in &facts.method_calls {
        if ins.method != "insert" || ins.args.len() != 2 || done.contains(&span_of(ins)) {
            continue;
        }
        let fnm = &model.fns[f];
        let (place, start, guard, concurrent) = match access_of(cx, fnm, f, &ins.receiver) {
            Some(Access::Guard(g)) if g.fields.is_empty() => {
                let a = &fnm.acquisitions[g.acq];
                (&a.place, a.call_span.start, Some(g), false)
            }
            // a map with its own locking: the place as the insert names it, owned by the
            // function's bindings; found again through the reads' places below
            Some(Access::Concurrent(p)) => {
                let Some(rp) = reads
                    .iter()
                    .filter(|r| r.f == f && r.helper.is_some())
                    .map(|r| r.place)
                    .find(|rp| same_object(cx, f, rp, &p))
                else {
                    continue;
                };
                (rp, span_of(ins).start, None, true)
            }
            _ => continue,
        };
        writes.push(Side {
            f,
            place,
            start,
            end: span_of(ins).end,
            span: span_of(ins),
            helper: None,
            key: key_text(&ins.args[0]),
            key_src: text(span_of(&ins.args[0])),
            init: None,
            value: span_of(&ins.args[1]),
            guard,
            concurrent,
        });
    }
    let mut out = Vec::new();
    let mut done_reads: Vec<Span> = Vec::new();
    for w in &writes {
        let f = w.f;
        let fnm = &model.fns[f];
        let names =
            crate::model::func::idents_in_text(cx.source.slice(w.value)).unwrap_or_default();
        let at = w.span.start;
        let Some(r) = reads.iter().rev().find(|r| {
            r.f == f
                && (r.helper.is_some() || w.helper.is_some())
                && r.key == w.key
                && match r.init {
                    // bound by a `let` before the write, the value written computed from it
                    Some(init) => {
                        r.end <= w.start && fnm.carried_from(&names, at, &|i| i == init).is_some()
                    }
                    None => w.value.encloses(r.span),
                }
                && same_object(cx, f, r.place, w.place)
        }) else {
            continue;
        };
        if done_reads.contains(&r.span) || exclusive_place(cx, f, w.place) {
            continue;
        }
        // one guard of the lock held over both (the helpers' own acquisitions would then be
        // `double-lock`'s), or a permit
        if fnm.acquisitions.iter().any(|o| {
            o.live_at(r.start) && o.live_at(w.start) && same_object(cx, f, &o.place, w.place)
        }) || crate::model::actors::permit_across(model, &cx.source.text, f, r.start, w.start)
            .is_some()
        {
            continue;
        }
        // `let v = self.get(k); self.put(k, v)`: the value read, unchanged, is a restore
        let value_text = cx.source.slice(w.value).trim();
        if let Some(init) = r.init
            && fnm.bindings.iter().any(|b| {
                b.init == Some(init) && !b.mutable && b.names.len() == 1 && b.names[0] == value_text
            })
        {
            continue;
        }
        if let Some(g) = &w.guard
            && let Some(ins) = facts
                .method_calls
                .iter()
                .find(|(mf, m)| *mf == f && span_of(*m) == w.span)
                .map(|(_, m)| *m)
            && rechecked(cx, facts, fnm, f, g, ins)
        {
            continue;
        }
        let req = if w.concurrent {
            None
        } else {
            match require(cx, f, w.place, Want::Lock) {
                Ok(r) => r,
                Err(()) => continue,
            }
        };
        done_reads.push(r.span);
        out.push((helper_diagnostic(cx, fnm, r, w), req));
    }
    for (d, req) in out {
        match req {
            Some(req) => cx.report_if(d, vec![req]),
            None => cx.report(d),
        }
    }
}

/// Whether `e`'s value is that of the call at `call` (a helper's), through copies, unwraps,
/// `?`, `.await`, fields and arithmetic: `self.get(k)`, `self.get(k).await?.clone()`,
/// `self.get(k).unwrap_or(0) + 1`, `self.latest(h).revision`.
fn carries_call(e: &syn::Expr, call: Span) -> bool {
    match e {
        syn::Expr::Paren(p) => carries_call(&p.expr, call),
        syn::Expr::Group(g) => carries_call(&g.expr, call),
        syn::Expr::Cast(c) => carries_call(&c.expr, call),
        syn::Expr::Reference(r) => carries_call(&r.expr, call),
        syn::Expr::Unary(u) => carries_call(&u.expr, call),
        syn::Expr::Try(t) => carries_call(&t.expr, call),
        syn::Expr::Await(a) => carries_call(&a.base, call),
        syn::Expr::Field(fe) => carries_call(&fe.base, call),
        syn::Expr::Binary(b) if super::plain_op(&b.op).is_some() => {
            carries_call(&b.left, call) || carries_call(&b.right, call)
        }
        syn::Expr::Call(c) => span_of(c) == call,
        syn::Expr::MethodCall(m) if crate::model::span::method_call_span(m) == call => true,
        syn::Expr::MethodCall(m) => value_adapter(m) && carries_call(&m.receiver, call),
        _ => false,
    }
}

fn helper_diagnostic(cx: &FileCtx, fnm: &FnModel, r: &Side, w: &Side) -> Diagnostic {
    let place = &w.place.text;
    let awaits: Vec<Span> = fnm
        .awaits_between(r.end, w.start)
        // not the `.await` of the reading helper's own call (`self.get(k).await`)
        .filter(|aw| cx.source.slice(Span::new(r.end, aw.start)).trim() != ".")
        .copied()
        .collect();
    let read = match r.helper {
        Some(h) => format!("is read by `{h}()` under its own guard (released when it returns)"),
        None => "is read under one guard".to_string(),
    };
    let written = match (w.helper, w.concurrent) {
        (Some(h), _) => format!("inserted back by `{h}()` under a second guard"),
        (None, true) => "inserted back with `insert`, which locks the map on its own".to_string(),
        (None, false) => "inserted back under a second guard".to_string(),
    };
    let mut msg = format!(
        "the entry for `{}` of the map behind `{place}` {read} and a value computed from it is {written}",
        r.key_src
    );
    if let Some(aw) = awaits.first() {
        msg.push_str(&format!(
            " after an `.await` (line {}), where other tasks run",
            super::line(cx, aw.start)
        ));
    }
    msg.push_str("; an update of the same key made in between is lost");
    let mut d = MAP_READ_THEN_INSERT
        .diag(cx.path, r.span, msg)
        .label(w.span, "inserted back here, under a second guard");
    for aw in &awaits {
        d = d.label(*aw, "other tasks run during this `.await`");
    }
    d.help(format!(
        "read and update the entry under one guard of `{place}`: one helper that takes the lock once and does the whole update (`entry({}).and_modify(..).or_insert(..)`), or one guard held across the read and the write",
        w.key_src
    ))
}

/// `get(k)` calls in an initialiser (not inside closures: `map(|x| x.get(..))` reads `x`).
fn gets_in(e: &syn::Expr) -> Vec<&syn::ExprMethodCall> {
    method_calls_outside_closures(e, &|m| m.method == "get" && m.args.len() == 1)
}

/// The `get(k)` calls whose entry value an initialiser computes with: `*m.get(&k).unwrap()`,
/// `m.get(&k).copied().unwrap_or(0) + 1`, `m.get(&k).map(|r| *r)`, not `match m.get(&k) {..}`
/// or `m.get(&k).map(|e| e.resolve())` (a cache lookup whose result decides what to compute).
fn value_reads(e: &syn::Expr) -> Vec<&syn::ExprMethodCall> {
    let mut out = Vec::new();
    value_reads_into(e, &mut out);
    out
}

fn value_reads_into<'e>(e: &'e syn::Expr, out: &mut Vec<&'e syn::ExprMethodCall>) {
    match e {
        syn::Expr::Paren(p) => value_reads_into(&p.expr, out),
        syn::Expr::Group(g) => value_reads_into(&g.expr, out),
        syn::Expr::Cast(c) => value_reads_into(&c.expr, out),
        syn::Expr::Reference(r) => value_reads_into(&r.expr, out),
        syn::Expr::Unary(u) => value_reads_into(&u.expr, out),
        syn::Expr::Try(t) => value_reads_into(&t.expr, out),
        syn::Expr::Binary(b) if super::plain_op(&b.op).is_some() => {
            value_reads_into(&b.left, out);
            value_reads_into(&b.right, out);
        }
        syn::Expr::MethodCall(m) if m.method == "get" && m.args.len() == 1 => out.push(m),
        syn::Expr::MethodCall(m) if value_adapter(m) => value_reads_into(&m.receiver, out),
        _ => {}
    }
}

/// A call that passes its receiver's value on, copied, unwrapped or changed arithmetically:
/// `.copied()`, `.unwrap_or(0)`, `.saturating_add(1)`, `.map(|r| *r)` (the entry's value
/// itself, [`is_value_closure`]).
fn value_adapter(m: &syn::ExprMethodCall) -> bool {
    match m.method.to_string().as_str() {
        "copied" | "cloned" | "unwrap" | "unwrap_or_default" | "clone" | "to_owned" | "expect"
        | "unwrap_or" | "unwrap_or_else" | "saturating_add" | "saturating_sub" | "wrapping_add"
        | "wrapping_sub" | "checked_add" | "max" | "min" => true,
        "map" => m.args.first().is_some_and(is_value_closure),
        _ => false,
    }
}

/// `|r| *r`, `|r| r.clone()`, `|&v| v`, `|r| r.value().clone()`.
fn is_value_closure(e: &syn::Expr) -> bool {
    matches!(e, syn::Expr::Closure(c) if crate::model::syntax::copies_param(c, false))
}

/// How a `get` / `insert` receiver reaches a shared map, if it does.
fn access_of(cx: &FileCtx, fnm: &FnModel, f: usize, recv: &syn::Expr) -> Option<Access> {
    if let Some(g) = guard_path(fnm, recv) {
        // the guarded map must not be known to be something else (a `Vec` has `get`/`insert`)
        let a = &fnm.acquisitions[g.acq];
        let r = Resolver::new(&cx.model.index);
        if let Some(res) = r.resolve(&cx.model.fns, f, &a.place)
            && let Some(inner) = res.ty.guarded()
        {
            let mut ty = inner.clone();
            for field in &g.fields {
                let Some(next) = ty
                    .struct_name()
                    .and_then(|s| cx.model.index.structs.get(s))
                    .and_then(|fs| fs.get(field))
                else {
                    return Some(Access::Guard(g));
                };
                ty = next.clone();
            }
            let is_other = match &ty.class {
                TypeClass::Map { .. } | TypeClass::Unknown => false,
                TypeClass::Plain { name } => is_non_map(name),
                _ => true,
            };
            if is_other {
                return None;
            }
        }
        return Some(Access::Guard(g));
    }
    let place = place_of(recv)?;
    let r = Resolver::new(&cx.model.index);
    match r.resolve(&cx.model.fns, f, &place) {
        Some(res) => matches!(res.ty.class, TypeClass::ConcurrentMap { .. })
            .then_some(Access::Concurrent(place)),
        // `self.map.insert(..)` through `&self` compiles only for a map with its own locking
        None => (place.root == Root::SelfRef && !place.fields.is_empty() && !fnm.self_exclusive)
            .then_some(Access::Concurrent(place)),
    }
}

fn is_non_map(name: &str) -> bool {
    matches!(
        name,
        "Vec" | "VecDeque" | "String" | "Option" | "LinkedList" | "BinaryHeap" | "SmallVec"
    )
}

fn same_map(cx: &FileCtx, fnm: &FnModel, f: usize, a: &Access, b: &Access) -> bool {
    match (a, b) {
        (Access::Guard(x), Access::Guard(y)) => {
            let (ax, ay) = (&fnm.acquisitions[x.acq], &fnm.acquisitions[y.acq]);
            x.acq != y.acq
                && x.fields == y.fields
                && ax.release <= ay.call_span.start
                && same_object(cx, f, &ax.place, &ay.place)
        }
        (Access::Concurrent(p), Access::Concurrent(q)) => same_object(cx, f, p, q),
        _ => false,
    }
}

/// The key as written, without borrows and copies: `&k`, `k.clone()`, `k` are one key.
fn key_text(e: &syn::Expr) -> String {
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Reference(r) => cur = &r.expr,
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
            syn::Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "clone" | "to_owned" | "to_string" | "into" | "as_str" | "as_ref"
                    ) =>
            {
                cur = &m.receiver
            }
            _ => break,
        }
    }
    quote::quote!(#cur)
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn rechecked(
    cx: &FileCtx,
    facts: &Facts,
    fnm: &FnModel,
    f: usize,
    w: &GuardPath,
    ins: &syn::ExprMethodCall,
) -> bool {
    let b = &fnm.acquisitions[w.acq];
    let sp = span_of(ins);
    facts
        .conditions
        .iter()
        .chain(&facts.early_exits)
        .any(|(cond, body)| {
            let cs = span_of(*cond);
            body.encloses(sp)
                && cs.start >= b.call_span.start
                && gets_in(cond).iter().any(|g| {
                    guard_path(fnm, &g.receiver).is_some_and(|gp| {
                        gp.fields == w.fields
                            && (gp.acq == w.acq
                                || same_object(cx, f, &fnm.acquisitions[gp.acq].place, &b.place))
                    })
                })
        })
}

fn diagnostic(
    cx: &FileCtx,
    fnm: &FnModel,
    f: usize,
    r: &Read,
    access: &Access,
    ins: &syn::ExprMethodCall,
) -> Diagnostic {
    let recv = cx.source.slice(span_of(&*ins.receiver)).to_string();
    let key = cx.source.slice(span_of(&ins.args[0])).to_string();
    let (msg, awaits) = match access {
        Access::Guard(g) => {
            let a = match &r.access {
                Access::Guard(x) => &fnm.acquisitions[x.acq],
                Access::Concurrent(_) => &fnm.acquisitions[g.acq],
            };
            let b = &fnm.acquisitions[g.acq];
            let awaits: Vec<Span> = fnm
                .awaits_between(a.release, b.call_span.start)
                .copied()
                .collect();
            let mut m = format!(
                "an entry of the map behind `{}` is read under one guard and a value computed from it is inserted under a second guard",
                b.place.text
            );
            if let Some(aw) = awaits.first() {
                m.push_str(&format!(
                    " after an `.await` (line {}), where other tasks run",
                    super::line(cx, aw.start)
                ));
            }
            m.push_str("; an update of the same key made in between is lost");
            (m, awaits)
        }
        Access::Concurrent(p) => {
            let awaits: Vec<Span> = fnm
                .awaits_between(r.init.end, span_of(ins).start)
                .copied()
                .collect();
            (
                format!(
                    "`{}` is read with `get` and a value computed from it is inserted back with `insert`: each call locks the map on its own, so an update of the same key made in between is lost",
                    p.text
                ),
                awaits,
            )
        }
    };
    let mut d = MAP_READ_THEN_INSERT
        .diag(cx.path, span_of(r.get), msg)
        .label(span_of(ins), "inserted back here");
    for aw in &awaits {
        d = d.label(*aw, "other tasks run during this `.await`");
    }
    // `insert(k, v + e)` with `v` the value read: entry().and_modify().or_insert()
    let names = crate::model::func::pat_names(&r.local.pat);
    let direct = (names.len() == 1).then(|| names[0].clone());
    let default = default_of(cx, r);
    if let Some(v) = &direct
        && let Some((op, other)) = op_with(&ins.args[1], v)
        && !derived_from(fnm, other, span_of(ins).start, r.init)
    {
        let other_text = cx.source.slice(span_of(other)).to_string();
        // the closure's parameter captures nothing the closure reads
        let p = fresh(&[&other_text], &[]);
        let first = match (&default, op) {
            (Some(d), "+" | "|" | "^") if is_zero(d) => Some(other_text.clone()),
            (Some(d), _) => Some(format!("{} {op} {}", operand(d), operand(&other_text))),
            (None, "+" | "|" | "^") => Some(other_text.clone()),
            (None, _) => None,
        };
        if let Some(first) = first {
            let replacement = format!(
                "{recv}.entry({key}).and_modify(|{p}| *{p} {op}= {other_text}).or_insert({first})"
            );
            let mut edits = vec![Edit {
                file: None,
                span: span_of(ins),
                replacement: replacement.clone(),
            }];
            let let_span = span_of(r.local);
            let unused = body_of(cx.syntax(), f)
                .is_some_and(|body| !used_elsewhere(body, v, let_span, span_of(ins)));
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
            let mut message =
                format!("read and update the entry in one step, under one guard: `{replacement}`");
            if !unused {
                message.push_str(&format!(
                    " (and take `{v}` from the entry where it is still needed)"
                ));
            }
            // `v` read elsewhere (returned, logged) would keep the stale value: no edit then
            let edits = if unused { edits } else { Vec::new() };
            return d.suggest_edits(message, Applicability::MaybeIncorrect, edits);
        }
    }
    d.help(format!(
        "read and update the entry in one step, under one guard: `{recv}.entry({key}).and_modify(|v| *v = /* new value from *v */).or_insert(/* first value */)`"
    ))
}

/// The value a read falls back to when the key is missing: `unwrap_or(d)`, `unwrap_or_default()`.
fn default_of(cx: &FileCtx, r: &Read) -> Option<String> {
    let init = r.local.init.as_ref()?;
    unwrap_fallback(&init.expr).map(|fallback| match fallback {
        Some(s) => cx.source.slice(s).to_string(),
        None => "0".to_string(),
    })
}

fn is_zero(s: &str) -> bool {
    let s = s.trim();
    matches!(s, "0" | "0.0" | "Default::default()")
        || s.starts_with("0u")
        || s.starts_with("0i")
        || s.starts_with("0_")
}
