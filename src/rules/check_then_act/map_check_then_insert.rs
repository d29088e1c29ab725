//! `map-check-then-insert`: a shared map is checked for a key, and the key is inserted or
//! removed under another guard (or, for a concurrent map, in another call).

use super::*;
use crate::diagnostic::{Applicability, Edit};
use crate::model::syntax::place_of;
use crate::rules::declare_rule;
use crate::rules::rewrite::{is_statement, words};

declare_rule! {
    pub static MAP_CHECK_THEN_INSERT = {
        id: "map-check-then-insert",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a shared map is checked for a key and the key inserted or removed under another guard",
        options: MapCheckOptions,
    }
}

/// `[rules.map-check-then-insert]`.
#[derive(Debug, Default)]
pub struct MapCheckOptions {
    /// Report cache fills too (`cache-fills = true`): a lookup whose hit returns the stored
    /// value and whose miss inserts one. Two threads that miss together compute the value
    /// twice and the second insert replaces an equal value: duplicated work, no wrong result,
    /// so they are not reported by default.
    pub cache_fills: bool,
}

impl crate::rules::RuleOptions for MapCheckOptions {
    const KEYS: &'static [&'static str] = &["cache-fills"];
    fn from_table(table: &toml::Table) -> Result<Self, String> {
        let mut out = MapCheckOptions::default();
        for (k, v) in table {
            match k.as_str() {
                "cache-fills" => {
                    out.cache_fills = v
                        .as_bool()
                        .ok_or_else(|| format!("`cache-fills` must be true or false, found {v}"))?
                }
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(out)
    }
}

/// Whether function `f` does an atomic operation or takes a lock between `from` and `to`: a
/// value computed from shared state (a counter, another map) is no pure function of the key.
pub(super) fn touches_shared_state(f: &FnModel, from: usize, to: usize, own: Option<Span>) -> bool {
    let between = |s: Span| s.start >= from && s.start < to;
    // a concurrent map's own shard locks are no other shared state, nor is the guard the
    // insert is made under
    f.atomics.iter().any(|o| between(o.span))
        || f.acquisitions
            .iter()
            .any(|q| !q.shard && Some(q.call_span) != own && between(q.call_span))
}

/// A cache fill: the lookup binds the entry and its hit hands it out (`if let Some(v) =
/// m.get(&k) { return v.clone(); }`, `Some(v) => break Ok(v.clone())`, or the hit branch's
/// value), so the insert on the miss stores a value for a key nobody had.
pub(super) fn cache_fill(site: &Site) -> bool {
    // whether `x`, a statement of the hit branch (`tail`: its last, value-giving one), hands out
    // one of the names the lookup bound
    let hands_out = |names: &[String], x: &syn::Expr, tail: bool| {
        let mentions = |x: &syn::Expr| {
            crate::model::func::idents_in(x)
                .iter()
                .any(|i| names.contains(i))
        };
        match x {
            syn::Expr::Return(r) => r.expr.as_deref().is_some_and(mentions),
            syn::Expr::Break(b) => b.expr.as_deref().is_some_and(mentions),
            _ => tail && mentions(x),
        }
    };
    let block_hands_out = |pat: &syn::Pat, stmts: &[syn::Stmt]| {
        let names = crate::model::func::pat_names(pat);
        if names.is_empty() {
            return false;
        }
        // the hit copies the stored value out and leaves (`file.meta = meta.clone();
        // return file;`)
        let uses_then_leaves = stmts.last().is_some_and(|last| {
            matches!(
                last,
                syn::Stmt::Expr(syn::Expr::Return(_) | syn::Expr::Break(_), _)
            )
        }) && stmts.iter().any(|st| {
            let e = match st {
                syn::Stmt::Expr(x, _) => Some(x),
                syn::Stmt::Local(l) => l.init.as_ref().map(|i| &*i.expr),
                _ => None,
            };
            e.is_some_and(|e| {
                crate::model::func::idents_in(e)
                    .iter()
                    .any(|i| names.contains(i))
            })
        });
        uses_then_leaves
            || stmts.iter().enumerate().any(|(i, st)| match st {
                syn::Stmt::Expr(x, semi) => {
                    hands_out(&names, x, semi.is_none() && i + 1 == stmts.len())
                }
                _ => false,
            })
    };
    match site {
        Site::If { e, .. } => match strip(&e.cond) {
            syn::Expr::Let(l) => {
                let_variant(l).is_some_and(|(v, _)| v == "Some")
                    && block_hands_out(&l.pat, &e.then_branch.stmts)
            }
            _ => false,
        },
        Site::Match { e } => e.arms.iter().any(|arm| {
            matches!(&arm.pat, syn::Pat::TupleStruct(ts)
                if ts.path.segments.last().is_some_and(|s| s.ident == "Some"))
                && match &*arm.body {
                    syn::Expr::Block(b) => block_hands_out(&arm.pat, &b.block.stmts),
                    // a bare arm body is the arm's value
                    other => {
                        let names = crate::model::func::pat_names(&arm.pat);
                        !names.is_empty() && hands_out(&names, other, true)
                    }
                }
        }),
    }
}

/// A membership test: `m.contains_key(&k)`, `m.get(&k).is_none()`, `let Some(v) = m.get(&k)`.
pub(super) struct MapCheck<'a> {
    pub recv: &'a syn::Expr,
    pub key: &'a syn::Expr,
    /// The test itself (for the primary span).
    pub span: Span,
    /// The condition holds when the key is present.
    pub present: bool,
    /// A set (`contains`), whose `insert` takes the key alone.
    pub set: bool,
    /// `if let Some(v) = m.get(..)` / a `Some(v)` arm: a borrow of the entry may live on.
    pub binds_value: bool,
    /// `if let Some(v) = m.remove(&k)`: the test took the entry out; only the branch where
    /// it was absent is a check (the other one holds a value taken atomically).
    pub taken: bool,
    /// `m.get(&k).is_some_and(|c| c.id == id)`: the test is on the entry's value, not only
    /// its presence. Removing the key afterwards may remove another value put there in
    /// between (a reconnect's entry), so the removal is no idempotent repeat.
    pub pred: Option<&'a syn::ExprClosure>,
}

const GETS: &[&str] = &["get", "get_mut", "peek", "get_key_value"];

/// `m.get(k).cloned()` -> `m.get(k)`: (receiver, key) of a lookup.
pub(super) fn lookup(e: &syn::Expr) -> Option<(&syn::Expr, &syn::Expr)> {
    let mut e = strip(e);
    loop {
        match e {
            syn::Expr::MethodCall(mc)
                if matches!(
                    mc.method.to_string().as_str(),
                    "cloned" | "copied" | "as_ref" | "as_deref" | "map" | "is_some_and"
                ) =>
            {
                e = strip(&mc.receiver)
            }
            syn::Expr::MethodCall(mc)
                if mc.args.len() == 1 && GETS.contains(&mc.method.to_string().as_str()) =>
            {
                return Some((&mc.receiver, &mc.args[0]));
            }
            _ => return None,
        }
    }
}

/// A call of a helper that looks one key up in a locked map under its own guard (the model's
/// [`crate::model::func::HelperAccess::key`]: `self.find_handle(id)`, `.await`ed or not), as
/// (the call, the argument that is the key).
fn helper_lookup<'a>(a: &An<'a>, e: &'a syn::Expr) -> Option<(&'a syn::Expr, &'a syn::Expr)> {
    let mut e = strip(e);
    if let syn::Expr::Await(w) = e {
        e = strip(&w.base);
    }
    let syn::Expr::MethodCall(mc) = e else {
        return None;
    };
    let h = helper_access(a, mc)?;
    Some((e, mc.args.iter().nth(h.key?)?))
}

/// The model's record of `mc` as a helper that reads a locked map by key.
fn helper_access<'a>(
    a: &An<'a>,
    mc: &syn::ExprMethodCall,
) -> Option<&'a crate::model::func::HelperAccess> {
    let span = crate::model::span::method_call_span(mc);
    let fi = a.fn_at(span.start)?;
    a.f(fi)
        .helper_accesses
        .iter()
        .find(|h| !h.write && h.key.is_some() && h.span == span)
}

pub(super) fn map_check<'a>(
    a: &An<'a>,
    e: &'a syn::Expr,
    pol: bool,
    depth: usize,
) -> Option<MapCheck<'a>> {
    let e = strip(e);
    match e {
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
            map_check(a, &u.expr, !pol, depth)
        }
        syn::Expr::MethodCall(mc)
            if mc.args.len() == 1
                && matches!(mc.method.to_string().as_str(), "contains_key" | "contains") =>
        {
            Some(MapCheck {
                recv: &mc.receiver,
                key: &mc.args[0],
                span: span_of(e),
                present: pol,
                set: mc.method == "contains",
                binds_value: false,
                taken: false,
                pred: None,
            })
        }
        // `m.get(&k).is_some_and(|c| ..)`, `m.get(&k).map_or(false, |c| ..)`,
        // `m.get(&k).map(|c| ..).unwrap_or(false)`: the entry is there and its value matches
        syn::Expr::MethodCall(mc) if value_test(mc).is_some() => {
            let (inner, pred) = value_test(mc)?;
            let (recv, key) = lookup(inner)?;
            Some(MapCheck {
                recv,
                key,
                span: span_of(e),
                present: pol,
                set: false,
                binds_value: false,
                taken: false,
                pred: Some(pred),
            })
        }
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty() && (mc.method == "is_none" || mc.method == "is_some") =>
        {
            let (recv, key) = lookup(&mc.receiver).or_else(|| helper_lookup(a, &mc.receiver))?;
            Some(MapCheck {
                recv,
                key,
                span: span_of(e),
                present: pol ^ (mc.method == "is_none"),
                set: false,
                binds_value: false,
                taken: false,
                pred: None,
            })
        }
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
            let (other, none) = (&*b.left, &*b.right);
            let (other, none) = if path_last(strip(none)).as_deref() == Some("None") {
                (other, none)
            } else {
                (none, other)
            };
            if path_last(strip(none)).as_deref() != Some("None") {
                return None;
            }
            let (recv, key) = lookup(other).or_else(|| helper_lookup(a, other))?;
            Some(MapCheck {
                recv,
                key,
                span: span_of(e),
                present: pol ^ matches!(b.op, syn::BinOp::Eq(_)),
                set: false,
                binds_value: false,
                taken: false,
                pred: None,
            })
        }
        syn::Expr::Let(l) => {
            let (variant, scrut) = let_variant(l)?;
            // `if let Some(Msg::Ready(v)) = m.remove(&k)`: take the entry if it is there
            let removed = match strip(scrut) {
                syn::Expr::MethodCall(mc) if mc.method == "remove" && mc.args.len() == 1 => {
                    Some((&*mc.receiver, &mc.args[0]))
                }
                _ => None,
            };
            let (recv, key) = match removed {
                Some(rk) => rk,
                None => lookup(scrut).or_else(|| helper_lookup(a, scrut))?,
            };
            let present = match variant {
                "Some" => true,
                "None" => false,
                _ => return None,
            };
            Some(MapCheck {
                recv,
                key,
                span: span_of(&*l.expr),
                present: present == pol,
                set: false,
                binds_value: variant == "Some",
                taken: removed.is_some(),
                pred: None,
            })
        }
        syn::Expr::Path(_) if depth == 0 => {
            let init = a.let_init(e)?;
            map_check(a, init, pol, depth + 1)
        }
        // a helper's `bool` answer (`self.has_task(id)`, `contains_key` under its own guard)
        _ => {
            let (recv, key) = helper_lookup(a, e)?;
            Some(MapCheck {
                recv,
                key,
                span: span_of(e),
                present: pol,
                set: false,
                binds_value: false,
                taken: false,
                pred: None,
            })
        }
    }
}

/// A test of a looked-up entry's value: the lookup expression and the predicate closure
/// (`get(k).is_some_and(|c| p)`, `get(k).map_or(false, |c| p)`,
/// `get(k).map(|c| p).unwrap_or(false)` / `.unwrap_or_default()`).
fn value_test(mc: &syn::ExprMethodCall) -> Option<(&syn::Expr, &syn::ExprClosure)> {
    let is_false = |e: &syn::Expr| matches!(strip(e), syn::Expr::Lit(l) if matches!(&l.lit, syn::Lit::Bool(b) if !b.value));
    fn closure(e: &syn::Expr) -> Option<&syn::ExprClosure> {
        match strip(e) {
            syn::Expr::Closure(c) if c.inputs.len() == 1 => Some(c),
            _ => None,
        }
    }
    match mc.method.to_string().as_str() {
        "is_some_and" if mc.args.len() == 1 => Some((&mc.receiver, closure(&mc.args[0])?)),
        "map_or" if mc.args.len() == 2 && is_false(&mc.args[0]) => {
            Some((&mc.receiver, closure(&mc.args[1])?))
        }
        "unwrap_or" | "unwrap_or_default" if mc.args.iter().all(is_false) && mc.args.len() <= 1 => {
            let syn::Expr::MethodCall(m) = strip(&mc.receiver) else {
                return None;
            };
            (m.method == "map" && m.args.len() == 1).then_some(())?;
            Some((&m.receiver, closure(&m.args[0])?))
        }
        _ => None,
    }
}

/// Who holds the map: a lock guard, or a concurrent map called directly.
pub(super) enum Holder<'a> {
    Lock {
        acq: &'a Acquisition,
        obj: Obj,
    },
    Concurrent {
        obj: Obj,
        text: String,
    },
    /// A helper that locks the map and looks the key up under its own guard, released when it
    /// returns.
    Helper {
        access: &'a crate::model::func::HelperAccess,
        obj: Obj,
    },
}

impl Holder<'_> {
    pub fn obj(&self) -> &Obj {
        match self {
            Holder::Lock { obj, .. }
            | Holder::Concurrent { obj, .. }
            | Holder::Helper { obj, .. } => obj,
        }
    }
}

pub(super) fn holder<'a>(a: &An<'a>, e: &syn::Expr) -> Option<Holder<'a>> {
    let at = span_of(e).start;
    let fi = a.fn_at(at)?;
    if let syn::Expr::MethodCall(mc) = strip(e)
        && let Some(access) = helper_access(a, mc)
    {
        // a locked map, or a map that locks internally (`DashMap`) looked up in the helper
        let obj = a
            .lock_obj(fi, &access.place)
            .or_else(|| a.concurrent_map_obj(fi, &access.place))?;
        return Some(Holder::Helper { access, obj });
    }
    if let Some(acq) = a.acq_of(fi, e) {
        let obj = a.lock_obj(fi, &acq.place)?;
        return Some(Holder::Lock { acq, obj });
    }
    // a map in a field of the locked value: `self.0.lock().messages`, `g.pending.waiters`
    let mut fields = Vec::new();
    let mut cur = strip(peel_refs(e));
    while let syn::Expr::Field(fe) = cur {
        fields.push(crate::model::syntax::member_name(&fe.member));
        cur = strip(&fe.base);
    }
    if !fields.is_empty()
        && let Some(acq) = a.acq_of(fi, cur)
    {
        let mut obj = a.lock_obj(fi, &acq.place)?;
        fields.reverse();
        obj.identity = format!("{}->{}", obj.identity, fields.join("."));
        return Some(Holder::Lock { acq, obj });
    }
    let e = peel_refs(e);
    let place = place_of(e)?;
    if a.unshared(fi, &place) {
        return None;
    }
    let f = a.f(fi);
    let concurrent = match a.resolve(fi, &place) {
        Some(r) => {
            let t = peel_once(&r.ty);
            match &t.class {
                TypeClass::ConcurrentMap { .. } => true,
                TypeClass::Plain { .. } => {
                    // a shared reference or an Arc to a type whose `insert` takes `&self`
                    r.ty.is_shared_ref() || r.ty.text.starts_with("Arc<")
                }
                _ => false,
            }
        }
        None => match &place.root {
            // `self.x.insert(..)` through `&self` compiles only for an internally
            // synchronised map
            Root::SelfRef => !f.self_exclusive && !place.fields.is_empty(),
            Root::Static(_) => true,
            _ => false,
        },
    };
    if !concurrent {
        return None;
    }
    let identity = match a.resolve(fi, &place) {
        Some(r) => r.identity,
        None => a.fallback_identity(fi, &place),
    };
    Some(Holder::Concurrent {
        obj: Obj {
            identity,
            ty: None,
            req: None,
        },
        text: place.text,
    })
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &mut HashSet<Span>) {
    for site in &a.sites {
        match site {
            Site::If { e, rest, .. } => {
                let (conj, single) = conjuncts(&e.cond);
                for (c, pol) in conj {
                    let Some(chk) = map_check(a, c, pol, 0) else {
                        continue;
                    };
                    for r in if_regions(e, rest, chk.present, single) {
                        check_region(a, site, &chk, &r, single, out, claimed);
                    }
                }
            }
            Site::Match { e, .. } => {
                let Some((recv, key)) = lookup(&e.expr) else {
                    continue;
                };
                let chk = MapCheck {
                    recv,
                    key,
                    span: span_of(&*e.expr),
                    present: true,
                    set: false,
                    binds_value: true,
                    taken: false,
                    pred: None,
                };
                for r in match_regions(e, "Some", "None") {
                    check_region(a, site, &chk, &r, false, out, claimed);
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_region(
    a: &An,
    site: &Site,
    chk: &MapCheck,
    r: &Region,
    single: bool,
    out: &mut Vec<Candidate>,
    claimed: &mut HashSet<Span>,
) {
    let Some(h1) = holder(a, chk.recv) else {
        return;
    };
    if r.holds && chk.taken {
        // the entry was taken out atomically: that branch holds the value, nothing checked
        return;
    }
    if r.holds && chk.binds_value && matches!(h1, Holder::Concurrent { .. }) {
        // `if let Some(v) = dashmap.get(..)`: the entry's read guard is alive in this branch
        return;
    }
    let key = key_text(a, chk.key);
    for e in r.exprs() {
        let syn::Expr::MethodCall(mc) = e else {
            continue;
        };
        let m = mc.method.to_string();
        let is_act = if r.holds {
            m == "remove" || m == "remove_entry" || (m == "insert" && mc.args.len() == 2)
        } else {
            (m == "insert" || m == "try_insert") && mc.args.len() == if chk.set { 1 } else { 2 }
        };
        if !is_act || mc.args.is_empty() || key_text(a, &mc.args[0]) != key {
            continue;
        }
        let act_span = span_of(e);
        if claimed.contains(&act_span) {
            continue;
        }
        // the act's own result is tested (`m.remove(&k).is_some()`, `if let Some(v) =
        // m.remove(&k)`): the act is the atomic check, the first one only a fast path
        let after = a.source.text.get(act_span.end..).unwrap_or("").trim_start();
        if after.starts_with(".is_some()")
            || after.starts_with(".is_none()")
            || a.handled(act_span)
            || returned(a, act_span)
            || r.span().is_some_and(|rs| a.result_tested(act_span, rs))
        {
            continue;
        }
        let Some(h2) = holder(a, &mc.receiver) else {
            continue;
        };
        if h1.obj().identity != h2.obj().identity {
            continue;
        }
        let act_at = act_span.start;
        match (&h1, &h2) {
            (Holder::Lock { acq: a1, .. }, Holder::Lock { acq: a2, .. }) => {
                if std::ptr::eq(*a1, *a2) || a1.live_at(a2.call_span.start) || a1.live_at(act_at) {
                    continue;
                }
            }
            (Holder::Concurrent { .. }, Holder::Concurrent { .. }) => {}
            // the helper's guard (or shard lock) is released when it returns
            (Holder::Helper { .. }, Holder::Lock { .. } | Holder::Concurrent { .. }) => {}
            _ => continue,
        }
        let Some(fi) = a.fn_at(act_at) else {
            continue;
        };
        if a.guard_covers(fi, chk.span.start, act_at) {
            continue;
        }
        if rechecked(a, r, act_at, &h2, &key) {
            continue;
        }
        // the act runs on the `Ok` of a call that refuses a duplicate under its own lock
        // (prometheus' `Registry::register`): of two racers only the first gets to it
        if crate::model::refusals::gated_by_refusal(&a.sites, &a.source.text, act_span, &|e| {
            a.resolve(fi, &place_of(e)?).map(|res| res.ty.text)
        })
        .is_some()
        {
            continue;
        }
        claimed.insert(act_span);
        if let Holder::Lock { acq, .. } = &h2 {
            claimed.insert(acq.call_span);
        }
        // claimed and quiet: the insert merges what it read again under its own guard
        if reread_feeds(a, fi, mc, act_at, &h2, &key) {
            continue;
        }
        // claimed and quiet: the race repeats an idempotent set update
        if only_set_update(a, r, chk, mc) {
            continue;
        }
        // a literal (`insert(k, 1)`) initialises state that other code then changes (a
        // counter): the second insert can overwrite an update, so that is no cache
        let computed = mc
            .args
            .get(1)
            .is_some_and(|v| !matches!(strip(v), syn::Expr::Lit(_)));
        // (a value taken out with `remove` is consumed, not a cached copy; nor is one end of
        // a channel whose other end this caller keeps: two callers that miss together each
        // keep the end of their own pair, and the loser's pair is no longer in the map)
        if !r.holds
            && computed
            && !chk.taken
            && !keeps_other_end(a, fi, r, mc)
            && cache_fill(site)
            && !touches_shared_state(
                a.f(fi),
                chk.span.end,
                act_at,
                match &h2 {
                    Holder::Lock { acq, .. } => Some(acq.call_span),
                    Holder::Concurrent { .. } | Holder::Helper { .. } => None,
                },
            )
            && !a
                .settings
                .get::<MapCheckOptions>(&MAP_CHECK_THEN_INSERT)
                .is_some_and(|o| o.cache_fills)
        {
            continue;
        }
        out.push(report(a, site, chk, r, single, &h1, &h2, mc, fi));
    }
}

/// The act's own answer is what its function returns (`return set.insert(k)`, or the body's
/// tail `w.gateways.insert(k)`): a set's `insert` says whether the key was new, a map's
/// `insert` / `remove` what was there, each under the act's own guard. The caller acts on
/// that answer, not on the earlier check, which only cuts the work short.
fn returned(a: &An, act: Span) -> bool {
    let Some(fi) = a.fn_at(act.start) else {
        return false;
    };
    let body = a.f(fi).body;
    let before = a.source.text.get(body.start..act.start).unwrap_or("");
    let after = a.source.text.get(act.end..body.end).unwrap_or("");
    // `return m.remove(k)`, the answer itself: not `return m.remove(k).unwrap()`, which
    // asserts what the check found (and panics when another thread removed it first)
    let returns = before
        .trim_end()
        .strip_suffix("return")
        .is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        && after.trim_start().starts_with([';', '}']);
    // the body's tail: nothing but its closing brace after the act
    let tail = after.trim() == "}" && before.trim_end().ends_with([';', '}', '{']);
    returns || tail
}

/// The inserted value is one end of a pair created together with another (`let (tx, rx) =
/// broadcast::channel(n); m.insert(k, tx); rx`, [`crate::model::syntax::creates_connected_ends`])
/// and the region uses the other end after the insert: the caller keeps a handle tied to the
/// value it stored, so a second insert for the key cuts that handle off.
fn keeps_other_end(a: &An, fi: usize, r: &Region, act: &syn::ExprMethodCall) -> bool {
    let Some(value) = act.args.get(1) else {
        return false;
    };
    let syn::Expr::Path(p) = strip(peel_refs(value)) else {
        return false;
    };
    let Some(name) = p.path.get_ident().map(|i| i.to_string()) else {
        return false;
    };
    let act_span = span_of(act);
    let Some((names, init)) = a.binding_init(fi, &name, act_span.start) else {
        return false;
    };
    if names.len() < 2 || !crate::model::syntax::creates_connected_ends(init) {
        return false;
    }
    r.exprs().iter().any(|e| {
        matches!(e, syn::Expr::Path(q) if span_of(*e).start >= act_span.end
            && q.path.get_ident().is_some_and(|i| *i != name && names.iter().any(|n| i == n)))
    })
}

/// The act sits under an inner check of the same map and key (double-checked locking done
/// right: `let mut w = m.write(); if !w.contains_key(&k) { w.insert(k, v) }`).
fn rechecked(a: &An, r: &Region, act_at: usize, h2: &Holder, key: &str) -> bool {
    let Some(rs) = r.span() else {
        return false;
    };
    a.sites.iter().any(|s| {
        let Site::If { e, .. } = s else {
            return false;
        };
        let ifs = span_of(*e);
        if !rs.encloses(ifs) {
            return false;
        }
        // the act under the inner check, or after an inner check that leaves when the key is
        // there (`if let Some(v) = w.get(k) { return v.clone(); } w.insert(k, v)`)
        let inside = span_of(&e.then_branch).contains(act_at);
        let after_exit = !inside
            && ifs.end <= act_at
            && e.else_branch.is_none()
            && crate::model::decisions::diverges(&e.then_branch);
        if !inside && !after_exit {
            return false;
        }
        let (conj, single) = conjuncts(&e.cond);
        conj.iter().any(|(c, pol)| {
            map_check(a, c, *pol, 0).is_some_and(|inner| {
                (inside || (single && inner.present))
                    && key_text(a, inner.key) == key
                    && holder(a, inner.recv).is_some_and(|h| {
                        h.obj().identity == h2.obj().identity
                            && match (&h, h2) {
                                // re-checked under the guard the act is done under
                                (Holder::Lock { acq: i, .. }, Holder::Lock { acq: g, .. }) => {
                                    std::ptr::eq(*i, *g) || i.live_at(act_at)
                                }
                                _ => true,
                            }
                    })
            })
        })
    })
}

/// The inserted value is computed from the same key read again under the guard the insert is
/// made under (`let prev = w.get(&k).and_then(..); w.insert(k, merge(prev, v))`), directly or
/// through `let`s (bounded): a value another thread inserted in between is read and folded
/// into this one, so the insert is a merge made under one guard, not a blind overwrite. A
/// re-read whose result the value does not use re-checks nothing.
fn reread_feeds(
    a: &An,
    fi: usize,
    act: &syn::ExprMethodCall,
    act_at: usize,
    h2: &Holder,
    key: &str,
) -> bool {
    let Holder::Lock { acq: guard, .. } = h2 else {
        return false;
    };
    let Some(value) = act.args.get(1) else {
        return false;
    };
    // a lookup of the key on the map under the act's guard
    let identity = &h2.obj().identity;
    let rereads = |e: &syn::Expr| {
        crate::model::syntax::method_calls_in(e)
            .into_iter()
            .any(|mc| {
                mc.args.len() == 1
                    && GETS.contains(&mc.method.to_string().as_str())
                    && key_text(a, &mc.args[0]) == key
                    && holder(a, &mc.receiver).is_some_and(|h| {
                        h.obj().identity == *identity
                            && matches!(h, Holder::Lock { acq, .. }
                            if std::ptr::eq(acq, *guard) || acq.live_at(act_at))
                    })
            })
    };
    let mut todo: Vec<(&syn::Expr, usize)> = vec![(value, act_at)];
    let mut seen: Vec<String> = Vec::new();
    while let Some((e, at)) = todo.pop() {
        if rereads(e) {
            return true;
        }
        for name in crate::model::func::idents_in(e) {
            if seen.contains(&name) || seen.len() >= 8 {
                continue;
            }
            seen.push(name.clone());
            // a binding made under the guard, after it was taken
            if let Some((_, init)) = a.binding_init(fi, &name, at) {
                let s = span_of(init);
                if s.start > guard.call_span.start && guard.live_at(s.start) {
                    todo.push((init, s.start));
                }
            }
        }
    }
    false
}

/// A set's element inserted or removed, or a map's entry removed, as the branch's only
/// statement (the removed value thrown away): the race repeats an idempotent operation (the
/// element is there, or gone, either way) and decides nothing else.
fn only_set_update(a: &An, r: &Region, chk: &MapCheck, act: &syn::ExprMethodCall) -> bool {
    let act_span = span_of(act);
    // the act is `… .remove(k)`; the statement check below makes sure its result is dropped
    let removal = act.method == "remove";
    if chk.pred.is_some() || !chk.set && !removal {
        return false;
    }
    let crate::model::decisions::Node::Block(b) = r.node else {
        return false;
    };
    let [stmt] = b.stmts.as_slice() else {
        return false;
    };
    let text = a.text_of(stmt).trim().trim_end_matches(';').trim_end();
    text == a
        .source
        .text
        .get(act_span.start..act_span.end)
        .unwrap_or("")
}

#[allow(clippy::too_many_arguments)]
fn report(
    a: &An,
    site: &Site,
    chk: &MapCheck,
    r: &Region,
    single: bool,
    h1: &Holder,
    h2: &Holder,
    act: &syn::ExprMethodCall,
    fi: usize,
) -> Candidate {
    let act_span = span_of(act);
    let key_src = a.text_of(&act.args[0]).to_string();
    let (what, recv_text) = match h2 {
        // a map in a field of the locked value: name the field too (`self.0`'s `messages`)
        Holder::Lock { acq, obj } => (
            match obj.identity.split_once("->") {
                Some((_, fields)) => format!("`{}`'s `{fields}`", acq.place.text),
                None => format!("`{}`", acq.place.text),
            },
            a.text_of(&*act.receiver).to_string(),
        ),
        Holder::Concurrent { text, .. } => {
            (format!("`{text}`"), a.text_of(&*act.receiver).to_string())
        }
        Holder::Helper { access, .. } => (
            format!("`{}`", access.place.text),
            a.text_of(&*act.receiver).to_string(),
        ),
    };
    let is_lock = matches!(h2, Holder::Lock { .. });
    let step = if is_lock {
        "under a second guard"
    } else {
        "in a separate call"
    };
    let method = act.method.to_string();
    let awaits: Vec<Span> = a
        .f(fi)
        .awaits_between(chk.span.end, act_span.start)
        .copied()
        .collect();
    let inserting = method.contains("insert");
    let consequence = if !r.holds && chk.set {
        format!(
            "another thread can insert `{key_src}` in between, and both threads go on as if each had added it first"
        )
    } else if !r.holds {
        format!(
            "another thread can insert `{key_src}` in between, and this insert overwrites its value"
        )
    } else if inserting {
        format!("another thread can remove `{key_src}` in between, and this insert puts it back")
    } else if chk.pred.is_some() {
        format!(
            "another thread can replace the entry of `{key_src}` in between (a new registration under the same key), and this remove deletes that new entry, which the check never saw"
        )
    } else {
        format!(
            "another thread can remove `{key_src}` in between, so this code acts on an entry that is already gone"
        )
    };
    let verb = if inserting { "inserted" } else { "removed" };
    let tested = if chk.pred.is_some() {
        format!("`{key_src}` and its value")
    } else {
        format!("`{key_src}`")
    };
    let mut msg = format!(
        "{what} is checked for {tested} and `{key_src}` is then {verb} {step}: {consequence}"
    );
    if !awaits.is_empty() {
        msg.push_str("; the task is suspended at an `.await` in between, which widens the window");
    }
    let mut d = a
        .diag(&MAP_CHECK_THEN_INSERT, chk.span, msg)
        .label(act_span, format!("`{key_src}` {verb} here, {step}"));
    for aw in &awaits {
        d = d.label(*aw, "other tasks run while this one waits here");
    }
    if let Holder::Lock { acq, .. } = h1 {
        d = d.note(format!(
            "the guard taken by `{}` is released before the {}",
            a.text(acq.span),
            if inserting { "insert" } else { "remove" }
        ));
    }
    if let Holder::Helper { access, .. } = h1 {
        d = d.note(format!(
            "`{}` looks `{key_src}` up under its own guard of `{}` (`{}()`), released when it returns, before the {}",
            access.helper,
            access.place.text,
            access.lock_method,
            if inserting { "insert" } else { "remove" }
        ));
    }
    // the rewrite
    let val_src = act.args.get(1).map(|v| a.text_of(v).to_string());
    let atomic = if !r.holds {
        if chk.set {
            format!("{recv_text}.insert({key_src})")
        } else {
            format!(
                "{recv_text}.entry({key_src}).or_insert_with(|| {})",
                val_src.clone().unwrap_or_default()
            )
        }
    } else if inserting {
        format!(
            "if let Some(slot) = {recv_text}.get_mut(&{key_src}) {{ *slot = {}; }}",
            val_src.clone().unwrap_or_default()
        )
    } else {
        format!("if let Some(v) = {recv_text}.remove(&{key_src}) {{ .. }}")
    };
    // a removal conditional on the value: remove only while the value still matches
    let pred_remove = chk.pred.filter(|_| !inserting).map(|c| {
        (
            a.text_of(&c.inputs[0]).to_string(),
            a.text_of(&*c.body).to_string(),
        )
    });
    let key_ref = if key_src.starts_with('&') {
        key_src.clone()
    } else {
        format!("&{key_src}")
    };
    let atomic = match (&pred_remove, h2) {
        (Some((param, body)), Holder::Concurrent { .. }) => {
            format!("{recv_text}.remove_if({key_ref}, |_, {param}| {body})")
        }
        (Some((param, body)), Holder::Lock { .. }) => format!(
            "let mut map = {recv_text}; if map.get({key_ref}).is_some_and(|{param}| {body}) {{ map.remove({key_ref}); }}"
        ),
        (Some(_), Holder::Helper { .. }) | (None, _) => atomic,
    };
    let mut edited = false;
    if let Some((param, body)) = &pred_remove
        && matches!(h2, Holder::Concurrent { .. })
        && awaits.is_empty()
        && let Site::If { e, .. } = site
        && r.kind == RegionKind::Then
        && single
        && e.else_branch.is_none()
        && e.then_branch.stmts.len() == 1
        && stmt_of(&e.then_branch.stmts, act_span).is_some()
        && is_statement(&a.source.text, act_span)
        && span_of(*e).encloses(chk.span)
    {
        let key = a.text_of(&act.args[0]);
        d = d.suggest(
            "remove the entry only if it still matches, in one operation: `remove_if` tests the value under the shard's lock",
            Applicability::MaybeIncorrect,
            span_of(*e),
            format!("{recv_text}.remove_if({key}, |_, {param}| {body});"),
        );
        edited = true;
    }
    if !edited
        && pred_remove.is_none()
        && awaits.is_empty()
        && let Site::If { e, .. } = site
        && r.kind == RegionKind::Then
        && single
        && e.else_branch.is_none()
        && e.then_branch.stmts.len() == 1
        && stmt_of(&e.then_branch.stmts, act_span).is_some()
        && !act.args.iter().any(|x| has_await(x) || has_control_flow(x))
        && !(r.holds && inserting)
    {
        let repl = if r.holds {
            format!("{recv_text}.remove({});", a.text_of(&act.args[0]))
        } else {
            format!("{atomic};")
        };
        d = d.suggest(
            "check and act in one operation under one guard",
            Applicability::MaybeIncorrect,
            span_of(*e),
            repl,
        );
        edited = true;
    }
    // a set checked for absence, then inserted into, with more in the block: the insert's
    // `bool` is the check (`if set.insert(k) { .. }`), and the separate insert goes
    if !edited
        && awaits.is_empty()
        && chk.set
        && !r.holds
        && method == "insert"
        && act.args.len() == 1
        && let Site::If { e, .. } = site
        && r.kind == RegionKind::Then
        && single
        && let Some(stmt) = stmt_of(&e.then_branch.stmts, act_span)
        && !act.args.iter().any(|x| has_await(x) || has_control_flow(x))
    {
        // the key moves into `insert` earlier than before: nothing in between may use it
        let between = a.text(Span::new(span_of(&*e.cond).end, act_span.start));
        let key_moves_early = words(&key_src).iter().any(|w| words(between).contains(w));
        if !key_moves_early {
            let edits = vec![
                Edit::new(span_of(&*e.cond), format!("{recv_text}.insert({key_src})")),
                Edit::new(deletion_span(&a.source.text, span_of(stmt)), ""),
            ];
            d = d.suggest_edits(
                "insert and test in one operation: `insert` returns `false` when the value was already there (it now happens before the rest of the block)",
                Applicability::MaybeIncorrect,
                edits,
            );
            edited = true;
        }
    }
    // an insert done as a statement, under a second guard or in a separate call: the
    // insert becomes the re-check, `entry(k).or_insert(v)` keeps the value another thread put
    // there first. A value the code uses afterwards (it is `Copy`: it was moved into the
    // insert and used again) is taken from the map, so that it is the value the map holds.
    if !edited
        && !r.holds
        && !chk.set
        && method == "insert"
        && act.args.len() == 2
        && !act.args.iter().any(|x| has_await(x) || has_control_flow(x))
        && is_statement(&a.source.text, act_span)
    {
        let val = a.text_of(&act.args[1]);
        let entry = format!("{recv_text}.entry({key_src}).or_insert({val})");
        let after = Span::new(act_span.end, a.f(fi).body.end);
        let reused = match strip(&act.args[1]) {
            syn::Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
                !crate::model::writes::name_uses(a.ast, val, after).is_empty()
            }
            _ => false,
        };
        let repl = if reused {
            format!("let {val} = *{entry}")
        } else {
            entry
        };
        d = d.suggest(
            "re-check when inserting: `entry(..).or_insert(..)` keeps the value another thread inserted first",
            Applicability::MaybeIncorrect,
            act_span,
            repl,
        );
        edited = true;
    }
    if !edited {
        let help = if !awaits.is_empty() && !r.holds && chk.set {
            // a set has no `entry`: its `insert` is the atomic check
            format!(
                "re-check after re-locking: `{recv_text}.insert({key_src})` returns `false` when another task inserted `{key_src}` first, and only the task that gets `true` goes on"
            )
        } else if !awaits.is_empty() && !r.holds {
            format!(
                "re-check after re-locking and keep the value that is already there: `{recv_text}.entry({key_src}).or_insert(value)`; or, to load each key once, store a `tokio::sync::OnceCell` per key (`{recv_text}.entry({key_src}).or_default().clone()` then `cell.get_or_init(|| load()).await`)"
            )
        } else if is_lock {
            format!("take the lock once and check and act under that one guard: `{atomic}`")
        } else {
            format!("check and act in one operation: `{atomic}`")
        };
        d = d.help(help);
    }
    Candidate {
        requires: reqs(&[h1.obj(), h2.obj()]),
        diag: d,
        via: None,
    }
}
