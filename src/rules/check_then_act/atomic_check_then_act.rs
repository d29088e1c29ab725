//! `atomic-check-then-act`: an atomic is loaded and tested, and then written in a separate
//! atomic operation (`if !started.load(o) { started.store(true, o); init() }`).

use super::*;
use crate::diagnostic::{Applicability, Edit, Suggestion};
use crate::model::AtomicOp;
use crate::model::flags::WaitLoop;
use crate::model::func::idents_in;
use crate::model::syntax::AtomicKind;
use crate::rules::declare_rule;
use crate::rules::rewrite::{fn_chain, fresh, operand, ordering_text};

declare_rule! {
    pub static ATOMIC_CHECK_THEN_ACT = {
        id: "atomic-check-then-act",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "an atomic is loaded, tested, and then written in a separate operation",
    }
}

/// A plain write or a `fetch_*`: the act of a check-then-act.
fn is_write(op: &str) -> bool {
    matches!(
        AtomicKind::of(op),
        Some(AtomicKind::Store | AtomicKind::Fetch)
    )
}

/// A write that is its own check (compare-exchange, `fetch_update`, `swap`).
fn is_cas(op: &str) -> bool {
    matches!(
        AtomicKind::of(op),
        Some(AtomicKind::Swap | AtomicKind::Update | AtomicKind::CompareExchange)
    )
}

struct Load<'a> {
    op: &'a AtomicOp,
    obj: Obj,
    /// Names bound (directly or through `let`s) from the load, used in the condition.
    names: Vec<String>,
    /// The conjunct the load is tested in (when the load is written in the condition).
    conjunct: Option<(&'a syn::Expr, bool)>,
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>) {
    let mut done: HashSet<Span> = HashSet::new();
    for site in &a.sites {
        let Site::If { e, rest, .. } = site else {
            continue;
        };
        let cond_span = span_of(&*e.cond);
        if a.in_unsafe_fn(cond_span.start) {
            continue;
        }
        let Some(fi) = a.fn_at(cond_span.start) else {
            continue;
        };
        let f = a.f(fi);
        let (conj, single) = conjuncts(&e.cond);
        if conj.is_empty() {
            continue; // `a || b`: the branch does not imply the test
        }
        let mut loads: Vec<Load> = Vec::new();
        for op in &f.atomics {
            if op.op != "load" || !cond_span.encloses(op.span) {
                continue;
            }
            let Some(obj) = a.atomic_obj(fi, &op.place) else {
                continue;
            };
            let Some(conjunct) = conj
                .iter()
                .find(|(c, _)| span_of(*c).encloses(op.span))
                .copied()
            else {
                continue;
            };
            let conjunct = Some(conjunct);
            loads.push(Load {
                op,
                obj,
                names: Vec::new(),
                conjunct,
            });
        }
        for name in idents_in(&e.cond) {
            let is_load = |s: Span| {
                f.atomics
                    .iter()
                    .any(|o| o.op == "load" && s.encloses(o.span))
            };
            if let Some(init) = f.flows_from(std::slice::from_ref(&name), cond_span.start, &is_load)
                && f.bindings
                    .iter()
                    .any(|b| b.init == Some(init) && a.adjacent(b.span.end, cond_span.start))
            {
                for op in &f.atomics {
                    if op.op == "load" && init.encloses(op.span) {
                        let Some(obj) = a.atomic_obj(fi, &op.place) else {
                            continue;
                        };
                        loads.push(Load {
                            op,
                            obj,
                            names: vec![name.clone()],
                            conjunct: None,
                        });
                    }
                }
            }
        }
        if loads.is_empty() {
            continue;
        }
        let mut regions = vec![Region {
            node: Node::Block(&e.then_branch),
            kind: RegionKind::Then,
            holds: true,
        }];
        if single && e.else_branch.is_none() && diverges(&e.then_branch) && !rest.is_empty() {
            regions.push(Region {
                node: Node::Stmts(rest),
                kind: RegionKind::After,
                holds: false,
            });
        }
        let mut reported: Vec<(Span, Candidate)> = Vec::new();
        for ld in &loads {
            for r in &regions {
                let Some(rs) = r.span() else {
                    continue;
                };
                // an owner test (`if owner == caller`, `caller` unique to this thread): only
                // the owning thread gets past it, and it cannot race itself
                let tested = |x: &syn::Expr| {
                    span_of(x) == ld.op.span
                        || matches!(x, syn::Expr::Path(p)
                            if p.path.get_ident().is_some_and(|i| ld.names.iter().any(|n| i == n)))
                };
                if conj.iter().any(|&(c, pol)| {
                    crate::model::decisions::owner_only(f, &a.source.text, c, pol, r.holds, tested)
                }) {
                    continue;
                }
                let mut ops: Vec<(usize, &AtomicOp)> = Vec::new();
                for (wi, wf) in a.model.fns.iter().enumerate() {
                    if wi != fi && !(rs.encloses(wf.span) && f.span.encloses(wf.span)) {
                        continue;
                    }
                    for op in &wf.atomics {
                        if rs.encloses(op.span) {
                            ops.push((wi, op));
                        }
                    }
                }
                let same = |wi: usize, op: &AtomicOp| {
                    a.atomic_obj(wi, &op.place)
                        .is_some_and(|o| o.identity == ld.obj.identity)
                };
                // a compare-and-swap on the same atomic, or a write whose result is tested:
                // the code re-checks atomically
                if ops.iter().any(|(wi, op)| {
                    same(*wi, op)
                        && (is_cas(&op.op)
                            || (is_write(&op.op)
                                && op.op != "store"
                                && result_rechecked(a, *wi, op, rs)))
                }) {
                    continue;
                }
                for (wi, op) in &ops {
                    if !is_write(&op.op) || !same(*wi, op) || done.contains(&op.span) {
                        continue;
                    }
                    if a.guard_covers(*wi, ld.op.span.start, op.span.start)
                        || crate::model::actors::opaque_guard_across(
                            a.model,
                            &a.source.text,
                            *wi,
                            ld.op.span.start,
                            op.span.start,
                        )
                        .is_some()
                    {
                        continue;
                    }
                    // double-checked locking: the atomic is loaded again under a guard still
                    // held at the write (`let _g = m.lock(); if x.load(o) == v { return }
                    // ..; x.store(v, o)`); the first test is a fast path
                    // (also under a guard racelint cannot see, such as a lock taken through
                    // another type's helper: `let g = self.notify.lock_waiter_list();` then
                    // the same test again; the author re-tests because something serialises
                    // the second test with the write)
                    if a.model.fns[*wi].atomics.iter().any(|l2| {
                        l2.op == "load"
                            && l2.span.start > ld.op.span.end
                            && l2.span.start < op.span.start
                            && same(*wi, l2)
                            && (a.guard_covers(*wi, l2.span.start, op.span.start)
                                || a.text(l2.span) == a.text(ld.op.span))
                    }) {
                        continue;
                    }
                    // only a write that always follows the test: not one under a further
                    // condition, in a loop or in a closure
                    if r.nested(op.span) {
                        continue;
                    }
                    if value_from_load(a, ld, op) || result_rechecked(a, *wi, op, rs) {
                        continue;
                    }
                    // `if F.load(o) { .. F.store(true, o) }`: the store writes the value the
                    // test already saw: it changes nothing, so no claim is made
                    if op.op == "store"
                        && let Some((c, pol)) = ld.conjunct
                        && span_of(strip(c)) == ld.op.span
                        && op.args.first().is_some_and(|arg| {
                            a.text(*arg).trim() == if r.holds == pol { "true" } else { "false" }
                        })
                    {
                        continue;
                    }
                    // after an early exit, a claim stores a constant (`closed.store(true, o)`);
                    // a computed value stored late is a memo of a result, not a claim
                    if r.kind == RegionKind::After
                        && op.op == "store"
                        && op
                            .args
                            .first()
                            .is_some_and(|arg| !is_constant(a.text(*arg)))
                    {
                        continue;
                    }
                    // a store that is the last thing the branch does only sets a flag that
                    // is set anyway: nothing else runs twice
                    if op.op == "store" && last_in_region(r, op.span) {
                        continue;
                    }
                    // a warn-once flag (`if warned.load(o) { return } warned.store(true, o);
                    // log::warn!(..)`): a race only repeats the message
                    if op.op == "store" && r.only_logs_after(op.span) {
                        continue;
                    }
                    // only one actor runs the act at a time (`&mut self`, a `!Sync` owner):
                    // nothing can pass the check between this check and this act
                    if crate::model::actors::single_actor(a.model, &a.source.text, *wi, op)
                        .is_some()
                    {
                        continue;
                    }
                    done.insert(op.span);
                    // two runs of a method on one value: the workspace phase asks whether
                    // every caller holds that value exclusively
                    let run = crate::model::actors::self_run(a.model, &a.source.text, *wi, op)
                        .map(|func| crate::rules::Deferred::SelfRun { func: func as u32 });
                    match reported.last_mut() {
                        // one diagnostic per load: later writes become labels
                        Some((span, d)) if *span == ld.op.span => {
                            if d.via != run {
                                d.via = None;
                            }
                            let what = if op.op == "store" {
                                "stored"
                            } else {
                                "written"
                            };
                            d.diag = d.diag.clone().label(op.span, format!("{what} again here"));
                        }
                        _ => {
                            let mut c = report(a, e, rest, r, single, ld, op, &conj);
                            c.via = run;
                            reported.push((ld.op.span, c))
                        }
                    }
                }
            }
        }
        out.extend(reported.into_iter().map(|(_, c)| c));
    }
}

/// Whether the statement holding `span` is the region's last statement.
fn last_in_region(r: &Region, span: Span) -> bool {
    let stmts: &[syn::Stmt] = match r.node {
        Node::Block(b) => &b.stmts,
        Node::Stmts(s) => s,
        Node::Expr(_) => return false,
    };
    stmts.last().is_some_and(|l| span_of(l).encloses(span))
}

/// A literal or a path (`true`, `0`, `RUNNING`, `State::Idle as u8`).
fn is_constant(text: &str) -> bool {
    let t = text.trim();
    let path_like = t
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == ':');
    t.parse::<f64>().is_ok()
        || path_like
        || t.ends_with(" as u8")
        || t.ends_with(" as usize")
        || t.ends_with(" as u32")
}

/// The stored value is computed from the loaded one: `atomic-load-store` (read-modify-write)
/// reports that.
fn value_from_load(a: &An, ld: &Load, op: &AtomicOp) -> bool {
    if op.op != "store" {
        return false;
    }
    let Some(arg) = op.args.first() else {
        return false;
    };
    let text = a.text(*arg);
    if text.contains(".load(") {
        return true;
    }
    let Some(ids) = crate::model::func::idents_in_text(text) else {
        return false;
    };
    let Some(fi) = a.fn_at(ld.op.span.start) else {
        return false;
    };
    let f = a.f(fi);
    let is_load = |s: Span| s.encloses(ld.op.span);
    ids.iter().any(|i| {
        ld.names.contains(i)
            || f.flows_from(std::slice::from_ref(i), op.span.start, &is_load)
                .is_some()
    })
}

/// The act's result is tested again (`if counter.fetch_add(1, o) >= max { .. }`, or bound and
/// tested later): the act itself is the atomic check.
fn result_rechecked(a: &An, wi: usize, op: &AtomicOp, rs: Span) -> bool {
    for s in &a.sites {
        let cond = match s {
            Site::If { e, .. } => span_of(&*e.cond),
            Site::Match { e, .. } => span_of(&*e.expr),
        };
        if cond.encloses(op.span) {
            return true;
        }
    }
    let f = a.f(wi);
    if let Some(b) = f
        .bindings
        .iter()
        .find(|b| b.init.is_some_and(|i| i.encloses(op.span)))
    {
        let later = a.text(Span::new(b.span.end, rs.end));
        return b
            .names
            .iter()
            .any(|n| !n.starts_with('_') && later.contains(n.as_str()));
    }
    false
}

fn ord_name(o: &str) -> u8 {
    match o {
        "Relaxed" => 0,
        "Acquire" => 1,
        "Release" => 2,
        "AcqRel" => 3,
        _ => 4,
    }
}

/// The ordering for one read-modify-write that replaces a load with `lo` and a write with `wo`.
fn combined(lo: Option<&String>, wo: Option<&String>) -> &'static str {
    let l = lo.map(|s| ord_name(s)).unwrap_or(4);
    let w = wo.map(|s| ord_name(s)).unwrap_or(4);
    if l == 4 || w == 4 {
        return "SeqCst";
    }
    let acq = l == 1 || l == 3;
    let rel = w == 2 || w == 3;
    match (acq, rel) {
        (true, true) => "AcqRel",
        (true, false) => "Acquire",
        (false, true) => "Release",
        _ => "Relaxed",
    }
}

/// `Ordering::` in `Ordering::Acquire`, or `` for a bare `Acquire`.
/// The success and failure orderings of the one-step update replacing load `ld` and act
/// `op`, written like the load's ordering argument ([`ordering_text`]).
fn step_orderings(a: &An, ld: &AtomicOp, op: &AtomicOp) -> (String, String) {
    let arg = ld.args.first().map(|s| a.text(*s)).unwrap_or("");
    let lo = ld.ordering();
    let succ = combined(ld.orderings.first(), op.orderings.first());
    (ordering_text(arg, lo, succ), ordering_text(arg, lo, lo))
}

/// The immutable `let n = <the load>;` that binds the loaded value to `n`.
fn load_binding<'m>(a: &'m An, ld: &Load, n: &str) -> Option<&'m crate::model::func::Binding> {
    a.f(a.fn_at(ld.op.span.start)?).bindings.iter().find(|b| {
        b.names.len() == 1
            && b.names[0] == n
            && !b.mutable
            && b.init
                .is_some_and(|i| a.text(i).trim() == a.text(ld.op.span).trim())
    })
}

/// The comparison that is the whole condition of an `if` written right after the `let n =
/// x.load(..)` that binds `n` (line comments aside): the shape both the compare-exchange and
/// the fetch-max rewrites start from.
fn let_then_comparison<'e>(
    a: &An,
    ld: &Load,
    n: &str,
    e: &'e syn::ExprIf,
) -> Option<&'e syn::ExprBinary> {
    let b = load_binding(a, ld, n)?;
    let if_start = span_of(e).start;
    if b.span.end > if_start
        || a.text(Span::new(b.span.end, if_start))
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim().starts_with("//"))
    {
        return None;
    }
    match strip(&e.cond) {
        syn::Expr::Binary(cmp) => Some(cmp),
        _ => None,
    }
}

/// `let last = x.load(o); if v > last { x.store(v, o); .. }` (a high-water mark), the `if`
/// right after the `let`, the store the block's first statement: the load becomes
/// `x.fetch_max(v, o)`, which stores `v` exactly when it is greater than the value and
/// yields the value it found, as the `let` did (every use of `last` keeps its meaning, and
/// storing the larger of two equal values changes nothing, so `>=` is the same); `fetch_min`
/// for `v < last`. Only when the condition is exactly the comparison, `v` is a plain name
/// (read once more, at the `let`, with nothing in between) and the load names its ordering
/// (a `std` / `portable-atomic` integer: `AtomicCell::load()` takes none).
#[allow(clippy::too_many_arguments)]
fn bound_fetch_extreme(
    a: &An,
    e: &syn::ExprIf,
    ld: &Load,
    op: &AtomicOp,
    r: &Region,
    act_stmt: Option<&syn::Stmt>,
    recv: &str,
    act_arg: &str,
    succ: &str,
) -> Option<(String, Vec<Edit>)> {
    let [n] = ld.names.as_slice() else {
        return None;
    };
    if op.op != "store"
        || r.kind != RegionKind::Then
        || ld.op.op != "load"
        || ld.op.orderings.is_empty()
        || ld.op.args.len() != 1
    {
        return None;
    }
    let stmt = act_stmt?;
    if e.then_branch.stmts.first().map(span_of) != Some(span_of(stmt)) {
        return None;
    }
    let cmp = let_then_comparison(a, ld, n, e)?;
    let is_n = |x: &syn::Expr| a.text_of(strip(x)).trim() == n.as_str();
    let name = |x: &syn::Expr| match strip(x) {
        syn::Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
            p.path.get_ident().map(|i| i.to_string())
        }
        _ => None,
    };
    // `v > last` / `last < v`: the new value is the greater one
    let (v, greater) = match (&cmp.op, is_n(&cmp.left), is_n(&cmp.right)) {
        (syn::BinOp::Gt(_) | syn::BinOp::Ge(_), false, true) => (name(&cmp.left)?, true),
        (syn::BinOp::Lt(_) | syn::BinOp::Le(_), false, true) => (name(&cmp.left)?, false),
        (syn::BinOp::Lt(_) | syn::BinOp::Le(_), true, false) => (name(&cmp.right)?, true),
        (syn::BinOp::Gt(_) | syn::BinOp::Ge(_), true, false) => (name(&cmp.right)?, false),
        _ => return None,
    };
    if v == *n || act_arg.trim() != v {
        return None;
    }
    let method = if greater { "fetch_max" } else { "fetch_min" };
    let call = format!("{recv}.{method}({v}, {succ})");
    Some((
        call.clone(),
        vec![
            Edit::new(ld.op.span, call),
            Edit::new(deletion_span(&a.source.text, span_of(stmt)), ""),
        ],
    ))
}

/// `let n = x.load(o); if n == expected { x.store(new, o); .. }`, the `if` right after the
/// `let`: the load becomes `match x.compare_exchange(expected, new, ..) { Ok(v) | Err(v) => v }`,
/// which stores `new` exactly when the value is `expected` and gives the `let` the value it
/// found either way (every use of `n` keeps its meaning, and the test `n == expected` holds
/// exactly when the exchange stored), and the separate store goes. `expected` is now evaluated
/// at the `let`, just before the `if`.
#[allow(clippy::too_many_arguments)]
fn bound_cas(
    a: &An,
    e: &syn::ExprIf,
    ld: &Load,
    op: &AtomicOp,
    r: &Region,
    act_stmt: Option<&syn::Stmt>,
    recv: &str,
    act_arg: &str,
    succ: &str,
    fail: &str,
) -> Option<(String, Vec<Edit>)> {
    let [n] = ld.names.as_slice() else {
        return None;
    };
    if op.op != "store" || r.kind != RegionKind::Then || act_arg.trim().is_empty() {
        return None;
    }
    let stmt = act_stmt?;
    let cmp = let_then_comparison(a, ld, n, e)?;
    if !matches!(cmp.op, syn::BinOp::Eq(_)) {
        return None;
    }
    let is_n = |x: &syn::Expr| a.text_of(strip(x)).trim() == n.as_str();
    let expected = if is_n(&cmp.left) {
        &*cmp.right
    } else if is_n(&cmp.right) {
        &*cmp.left
    } else {
        return None;
    };
    let expected = a.text_of(expected).trim();
    if expected.is_empty()
        || crate::rules::rewrite::words(expected).contains(&n.as_str())
        || [expected, act_arg]
            .iter()
            .any(|t| t.contains("//") || t.contains("/*"))
    {
        return None;
    }
    let cas = format!("{recv}.compare_exchange({expected}, {act_arg}, {succ}, {fail})");
    Some((
        cas.clone(),
        vec![
            Edit::new(ld.op.span, format!("match {cas} {{ Ok(v) | Err(v) => v }}")),
            Edit::new(deletion_span(&a.source.text, span_of(stmt)), ""),
        ],
    ))
}

/// `let v = f.load(o); if v { f.store(false, o); .. }` (or `if !v { f.store(true, o); .. }`)
/// -> `let v = f.swap(false, o2); if v { .. }`: the swap returns what the load read, and
/// storing the value the flag already has changes nothing, so only the race goes. Only when
/// the `let` binds exactly the load, the condition is exactly `v` / `!v`, and the store is a
/// statement of the `if` block.
#[allow(clippy::too_many_arguments)]
fn bound_flag_swap(
    a: &An,
    e: &syn::ExprIf,
    ld: &Load,
    op: &AtomicOp,
    r: &Region,
    act_stmt: Option<&syn::Stmt>,
    recv: &str,
    act_arg: &str,
    succ: &str,
) -> Option<Vec<Edit>> {
    let [n] = ld.names.as_slice() else {
        return None;
    };
    if op.op != "store" || r.kind != RegionKind::Then {
        return None;
    }
    let stmt = act_stmt?;
    let b = load_binding(a, ld, n)?;
    let cond = a.text_of(&*e.cond).trim();
    let wanted = if cond == n.as_str() {
        "false"
    } else if cond.strip_prefix('!').map(str::trim) == Some(n.as_str()) {
        "true"
    } else {
        return None;
    };
    if act_arg.trim() != wanted || b.span.end > span_of(e).start {
        return None;
    }
    Some(vec![
        Edit::new(ld.op.span, format!("{recv}.swap({act_arg}, {succ})")),
        Edit::new(deletion_span(&a.source.text, span_of(stmt)), ""),
    ])
}

#[allow(clippy::too_many_arguments)]
fn report(
    a: &An,
    e: &syn::ExprIf,
    rest: &[syn::Stmt],
    r: &Region,
    single: bool,
    ld: &Load,
    op: &AtomicOp,
    conj: &[(&syn::Expr, bool)],
) -> Candidate {
    let place = &ld.op.place.text;
    let cond_text = a.text_of(&*e.cond).to_string();
    let what = match op.op.as_str() {
        "store" => "stored".to_string(),
        "fetch_sub" => "decremented".to_string(),
        "fetch_add" => "incremented".to_string(),
        o => format!("updated by `{o}`"),
    };
    let where_ = if r.kind == RegionKind::After {
        "after the early exit"
    } else {
        "in the branch"
    };
    let consequence = match op.op.as_str() {
        "fetch_sub" | "fetch_add" => {
            "another thread can change it in between, so the value can move past the bound that was checked"
        }
        _ => {
            "two threads can both pass the check before either writes, and both run the guarded code"
        }
    };
    // a helper's operation (`self.has_budget()`, `self.set_started()`): named in the message,
    // and the rewrite is left to the reader (the operation is in the helper's body)
    let loaded = match &ld.op.via {
        Some(via) => format!("loaded by `{via}()`"),
        None => "loaded".to_string(),
    };
    let by = match &op.via {
        Some(via) => format!(" by `{via}()`"),
        None => String::new(),
    };
    let helpers = ld.op.via.is_some() || op.via.is_some();
    let msg = format!(
        "`{place}` is {loaded} and tested (`{cond_text}`), then {what}{by} {where_} in a separate atomic operation: {consequence}"
    );
    let mut d = a.diag(&ATOMIC_CHECK_THEN_ACT, ld.op.span, msg).label(
        op.span,
        format!("{what} here{by}, in a second atomic operation"),
    );
    let (succ, fail) = step_orderings(a, ld.op, op);
    let recv = match &ld.op.via {
        Some(_) => ld.op.place.text.clone(),
        None => a.text(ld.op.recv_span).to_string(),
    };
    let act_arg = op
        .args
        .first()
        .map(|s| a.text(*s).to_string())
        .unwrap_or_default();
    // the rewrite of the conjunct that holds the load
    let mut rewrite: Option<(Span, String)> = None;
    if let Some((c, pol)) = ld.conjunct.filter(|_| !helpers) {
        let cs = strip(c);
        let load_is_conj = span_of(cs) == ld.op.span;
        if op.op == "store" && load_is_conj {
            // `if flag.load(o)` / `if !flag.load(o)` -> swap
            rewrite = Some((ld.op.span, format!("{recv}.swap({act_arg}, {succ})")));
        } else if let syn::Expr::Binary(b) = cs {
            let side_is_load = |x: &syn::Expr| span_of(strip(x)) == ld.op.span;
            let other = if side_is_load(&b.left) {
                Some(&*b.right)
            } else if side_is_load(&b.right) {
                Some(&*b.left)
            } else {
                None
            };
            match (&b.op, other) {
                (syn::BinOp::Eq(_), Some(other))
                    if op.op == "store" && pol && r.kind == RegionKind::Then =>
                {
                    rewrite = Some((
                        span_of(cs),
                        format!(
                            "{recv}.compare_exchange({}, {act_arg}, {succ}, {fail}).is_ok()",
                            a.text_of(other)
                        ),
                    ));
                }
                (
                    syn::BinOp::Lt(_)
                    | syn::BinOp::Le(_)
                    | syn::BinOp::Gt(_)
                    | syn::BinOp::Ge(_)
                    | syn::BinOp::Ne(_),
                    Some(_),
                ) if pol => {
                    // the closure's parameter: a name the test, the new value and the
                    // function's locals do not use (else `|v| (v >= v)` captures a local `v`)
                    let before = a.text(Span::new(span_of(cs).start, ld.op.span.start));
                    let after = a.text(Span::new(ld.op.span.end, span_of(cs).end));
                    let chain = a
                        .fn_at(ld.op.span.start)
                        .map(|fi| fn_chain(&a.model.fns, fi))
                        .unwrap_or_default();
                    let v = fresh(&[before, after, &act_arg], &chain);
                    let cond_v = format!("{before}{v}{after}");
                    // the operand keeps its meaning: `v - (amount + fee)`
                    let new = match op.op.as_str() {
                        "fetch_sub" => Some(format!("{v} - {}", operand(&act_arg))),
                        "fetch_add" => Some(format!("{v} + {}", operand(&act_arg))),
                        "store" => Some(act_arg.clone()),
                        _ => None,
                    };
                    // after an early exit the write runs when the test failed: the update
                    // must happen when it fails, and the exit when the update fails
                    let (test, outcome) = if r.kind == RegionKind::Then {
                        (format!("({cond_v})"), "is_ok")
                    } else {
                        (format!("(!({cond_v}))"), "is_err")
                    };
                    if let Some(new) = new {
                        rewrite = Some((
                            span_of(cs),
                            format!(
                                "{recv}.fetch_update({succ}, {fail}, |{v}| {test}.then(|| {new})).{outcome}()"
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    // the edit: rewrite the condition and delete the separate write, when both are plain
    let last_conj = conj.last().is_some_and(|(c, _)| {
        ld.conjunct
            .is_some_and(|(lc, _)| span_of(lc) == span_of(*c))
    });
    let stmts: &[syn::Stmt] = match r.kind {
        RegionKind::Then => &e.then_branch.stmts,
        _ => rest,
    };
    let act_stmt = stmt_of(stmts, op.span);
    let edit_ok = last_conj && (r.kind == RegionKind::Then || single) && act_stmt.is_some();
    match (rewrite, edit_ok) {
        (Some((span, text)), true) => {
            let del = deletion_span(&a.source.text, span_of(act_stmt.unwrap()));
            let mut sug = Suggestion {
                message: format!(
                    "test and write in one atomic operation: `{text}`{}",
                    if op.op == "store" && r.kind == RegionKind::Then && stmts.len() > 1 {
                        " (the write now happens before the rest of the block; if other threads must wait for it to finish, use `std::sync::Once` / `OnceLock`)"
                    } else {
                        ""
                    }
                ),
                applicability: Applicability::MaybeIncorrect,
                edits: vec![
                    Edit {
                        file: None,
                        span,
                        replacement: text,
                    },
                    Edit {
                        file: None,
                        span: del,
                        replacement: String::new(),
                    },
                ],
            };
            sug.edits.sort_by_key(|e| e.span.start);
            d.suggestion = Some(sug);
        }
        (Some((_, text)), false) => {
            d = d.help(format!(
                "test and write in one atomic operation: `{text}`, and drop the separate `{}`",
                op.op
            ));
        }
        (None, _)
            if !helpers
                && let Some(edits) =
                    bound_flag_swap(a, e, ld, op, r, act_stmt, &recv, &act_arg, &succ) =>
        {
            d = d.suggest_edits(
                format!(
                    "load and write in one atomic operation: `{recv}.swap({act_arg}, {succ})` returns the value the `let` read, and writing `{act_arg}` when it was already `{act_arg}` changes nothing"
                ),
                Applicability::MaybeIncorrect,
                edits,
            );
        }
        (None, _)
            if !helpers
                && let Some((call, edits)) =
                    bound_fetch_extreme(a, e, ld, op, r, act_stmt, &recv, &act_arg, &succ) =>
        {
            d = d.suggest_edits(
                format!(
                    "test and write in one atomic operation: `{call}` stores `{act_arg}` exactly when the test passes and, as the `let` did, yields the value it found (the write now happens before the rest of the block)"
                ),
                Applicability::MaybeIncorrect,
                edits,
            );
        }
        (None, _)
            if !helpers
                && let Some((cas, edits)) =
                    bound_cas(a, e, ld, op, r, act_stmt, &recv, &act_arg, &succ, &fail) =>
        {
            d = d.suggest_edits(
                format!(
                    "test and write in one atomic operation: `{cas}` stores `{act_arg}` only when the value is the one tested and, as the `let` did, yields the value it found (the write now happens before the rest of the block)"
                ),
                Applicability::MaybeIncorrect,
                edits,
            );
        }
        (None, _) => {
            d = d.help(format!(
                "make the test and the write one atomic operation: `{recv}.compare_exchange(expected, new, {succ}, {fail})` in a loop, or `{recv}.fetch_update({succ}, {fail}, |v| if <test on v> {{ Some(<new value>) }} else {{ None }})`; for one-time initialisation use `std::sync::Once` / `OnceLock`"
            ));
        }
    }
    Candidate {
        requires: reqs(&[&ld.obj]),
        diag: d,
        via: None,
    }
}

/// A wait loop as the check: `while c.load(o) >= max { yield_now() } c.fetch_add(1, o)`. The
/// loop is left once the condition fails, so the statements after it run on the state the
/// last test saw, like the code after an early exit; two waiters can both leave on the same
/// state and both act (both add, past `max`; both take a spin flag).
pub(super) fn check_waits(a: &An, loops: &[WaitLoop], out: &mut Vec<Candidate>) {
    for w in loops {
        // only `while C { wait }` left by its condition alone: after a `break` exit the
        // condition need not have failed
        if !w.is_while || w.exits.len() != 1 || w.rest.is_empty() {
            continue;
        }
        let cond = w.exits[0].expr;
        let cond_span = span_of(cond);
        if a.in_unsafe_fn(cond_span.start) {
            continue;
        }
        let fi = w.fn_idx;
        let f = a.f(fi);
        // `while max > 0 && max <= c.load(o)`: the conjuncts that test no atomic only say
        // when to wait at all; the one that loads is the check
        let (all, _) = conjuncts(cond);
        let tests_atomic = |e: &syn::Expr| {
            let s = span_of(e);
            f.atomics.iter().any(|o| s.encloses(o.span))
        };
        let conj: Vec<(&syn::Expr, bool)> = all
            .iter()
            .copied()
            .filter(|(e, _)| tests_atomic(e))
            .collect();
        if conj.len() != 1
            || all.is_empty()
            || !all
                .iter()
                .all(|(e, _)| tests_atomic(e) || crate::model::syntax::is_plain_condition(e))
        {
            continue;
        }
        // the conjuncts that only say when to wait at all (`max > 0`): they cannot change
        // while the loop runs, so the rewrite keeps them in the loop and runs the act alone
        // where they are false (the loop never ran)
        let others: Vec<&syn::Expr> = all
            .iter()
            .filter(|(e, pol)| *pol && !tests_atomic(e))
            .map(|(e, _)| *e)
            .collect();
        // (none for the edit where a bound is negated: `while !done && ..`)
        let bounds = (others.len() + 1 == all.len()).then_some(others);
        let region = Region {
            node: Node::Stmts(w.rest),
            kind: RegionKind::After,
            holds: false,
        };
        let Some(rs) = region.span() else {
            continue;
        };
        for ld in f
            .atomics
            .iter()
            .filter(|o| o.op == "load" && o.via.is_none() && cond_span.encloses(o.span))
        {
            let Some(obj) = a.atomic_obj(fi, &ld.place) else {
                continue;
            };
            let same = |op: &AtomicOp| {
                a.atomic_obj(fi, &op.place)
                    .is_some_and(|o| o.identity == obj.identity)
            };
            let ops: Vec<&AtomicOp> = f
                .atomics
                .iter()
                .filter(|o| rs.encloses(o.span) && same(o))
                .collect();
            // a compare-and-swap after the loop re-checks atomically
            if ops.iter().any(|o| is_cas(&o.op)) {
                continue;
            }
            // the first write after the loop, if it always runs
            let Some(op) = ops.iter().copied().find(|o| is_write(&o.op)) else {
                continue;
            };
            if region.nested(op.span)
                || op.via.is_some()
                || a.guard_covers(fi, ld.span.start, op.span.start)
                || result_rechecked(a, fi, op, rs)
            {
                continue;
            }
            let load = Load {
                op: ld,
                obj: obj.clone(),
                names: Vec::new(),
                conjunct: Some(conj[0]),
            };
            if value_from_load(a, &load, op) {
                continue;
            }
            let act_arg = op
                .args
                .first()
                .map(|s| a.text(*s).to_string())
                .unwrap_or_default();
            // a store is a claim when it takes what the loop waited for (a spin lock), or when
            // more than logging follows it (as after an early exit)
            if op.op == "store"
                && (!is_constant(&act_arg)
                    || !stores_claim(cond, ld, &act_arg)
                        && (last_in_region(&region, op.span) || region.only_logs_after(op.span)))
            {
                continue;
            }
            if crate::model::actors::single_actor(a.model, &a.source.text, fi, op).is_some() {
                continue;
            }
            let mut c = report_wait(a, w, cond, &conj, ld, op, &obj, &act_arg, bounds.as_deref());
            c.via = crate::model::actors::self_run(a.model, &a.source.text, fi, op)
                .map(|func| crate::rules::Deferred::SelfRun { func: func as u32 });
            out.push(c);
        }
    }
}

/// `while locked.load(o) { spin } locked.store(true, o)`: the store takes what the loop
/// waited for (a hand-made spin lock), however little follows it.
fn stores_claim(cond: &syn::Expr, ld: &AtomicOp, act_arg: &str) -> bool {
    let c = strip(cond);
    if span_of(c) == ld.span {
        return act_arg.trim() == "true";
    }
    if let syn::Expr::Unary(u) = c
        && matches!(u.op, syn::UnOp::Not(_))
        && span_of(strip(&u.expr)) == ld.span
    {
        return act_arg.trim() == "false";
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn report_wait(
    a: &An,
    w: &WaitLoop,
    cond: &syn::Expr,
    conj: &[(&syn::Expr, bool)],
    ld: &AtomicOp,
    op: &AtomicOp,
    obj: &Obj,
    act_arg: &str,
    bounds: Option<&[&syn::Expr]>,
) -> Candidate {
    let place = &ld.place.text;
    let cond_text = a.text_of(cond).to_string();
    let what = match op.op.as_str() {
        "store" => "stored",
        "fetch_sub" => "decremented",
        "fetch_add" => "incremented",
        _ => "written",
    };
    let consequence = match op.op.as_str() {
        "fetch_sub" | "fetch_add" => {
            "two waiters can both leave the loop on the same value and both update it, past the bound the loop waited for"
        }
        _ => {
            "two waiters can both leave the loop on the same value and both store, each believing it took the state"
        }
    };
    let msg = format!(
        "`{place}` is polled until `{cond_text}` fails, then {what} after the loop in a separate atomic operation: {consequence}"
    );
    let mut d = a
        .diag(&ATOMIC_CHECK_THEN_ACT, ld.span, msg)
        .label(w.head, "the wait loop: its exit is the check")
        .label(
            op.span,
            format!("{what} here, in a second atomic operation"),
        );
    let (succ, fail) = step_orderings(a, ld, op);
    let recv = a.text(ld.recv_span).to_string();
    // the new loop condition: keep waiting while the one-step update fails
    let c = strip(conj[0].0);
    let new_cond = if bounds.is_none() {
        None
    } else if op.op == "store" && stores_claim(cond, ld, act_arg) {
        let neg = if span_of(c) == ld.span { "" } else { "!" };
        Some(format!("{neg}{recv}.swap({act_arg}, {succ})"))
    } else if let syn::Expr::Binary(b) = c
        && matches!(
            b.op,
            syn::BinOp::Lt(_)
                | syn::BinOp::Le(_)
                | syn::BinOp::Gt(_)
                | syn::BinOp::Ge(_)
                | syn::BinOp::Ne(_)
                | syn::BinOp::Eq(_)
        )
        && (span_of(strip(&b.left)) == ld.span || span_of(strip(&b.right)) == ld.span)
    {
        let cs = span_of(c);
        let before = a.text(Span::new(cs.start, ld.span.start));
        let after = a.text(Span::new(ld.span.end, cs.end));
        let chain = fn_chain(&a.model.fns, w.fn_idx);
        let v = fresh(&[before, after, act_arg], &chain);
        let new = match op.op.as_str() {
            "fetch_sub" => Some(format!("{v} - {}", operand(act_arg))),
            "fetch_add" => Some(format!("{v} + {}", operand(act_arg))),
            "store" => Some(act_arg.to_string()),
            _ => None,
        };
        new.map(|new| {
            format!(
                "{recv}.fetch_update({succ}, {fail}, |{v}| (!({before}{v}{after})).then(|| {new})).is_err()"
            )
        })
    } else {
        None
    };
    let act_stmt = stmt_of(w.rest, op.span)
        .filter(|s| a.text_of(*s).trim().trim_end_matches(';').trim() == a.text(op.span));
    let bounds = bounds.unwrap_or(&[]);
    match (new_cond, act_stmt) {
        (Some(text), Some(stmt)) if !bounds.is_empty() => {
            // `while max > 0 && <one step fails> { wait }` then the act alone where the loop
            // never ran (`if !(max > 0) { act }`)
            let b = bounds
                .iter()
                .map(|e| a.text_of(*e).to_string())
                .collect::<Vec<_>>()
                .join(" && ");
            d = d.suggest_edits(
                format!(
                    "wait and update in one atomic operation: the loop only updates the value it tested, and the separate update runs only where `{b}` kept the loop from running"
                ),
                Applicability::MaybeIncorrect,
                vec![
                    Edit::new(span_of(conj[0].0), text),
                    Edit::new(
                        span_of(stmt),
                        format!("if !({b}) {{ {} }}", a.text_of(stmt).trim()),
                    ),
                ],
            );
        }
        (Some(text), Some(stmt)) => {
            d = d.suggest_edits(
                format!(
                    "wait and update in one atomic operation: `while {text}` only updates the value it tested, and keeps waiting otherwise"
                ),
                Applicability::MaybeIncorrect,
                vec![
                    Edit::new(span_of(cond), text),
                    Edit::new(deletion_span(&a.source.text, span_of(stmt)), ""),
                ],
            );
        }
        (Some(text), None) => {
            d = d.help(format!(
                "wait and update in one atomic operation: `while {text} {{ .. }}`, and drop the separate `{}`",
                op.op
            ));
        }
        (None, _) => {
            d = d.help(format!(
                "wait and update in one atomic operation: loop on `{recv}.compare_exchange(current, new, {succ}, {fail})` (or `fetch_update`) until it succeeds on a value that passes the test"
            ));
        }
    }
    Candidate {
        requires: reqs(&[obj]),
        diag: d,
        via: None,
    }
}
