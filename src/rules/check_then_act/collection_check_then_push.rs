//! `collection-check-then-push`: a locked collection is searched for an element
//! (`iter().any(..)`, `iter().find(..).is_none()`, `iter().position(..)`, `contains(&x)`)
//! under one guard, and an element is pushed (or inserted) under another guard, decided by
//! the search's outcome. Two threads both find nothing and both push: a duplicate element.

use super::*;
use crate::diagnostic::Applicability;
use crate::rules::declare_rule;
use rwlock_check_then_write::RWLOCK_CHECK_THEN_WRITE;

declare_rule! {
    pub static COLLECTION_CHECK_THEN_PUSH = {
        id: "collection-check-then-push",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a locked collection is searched for an element and the element pushed under another guard",
    }
}

/// A search of a collection: the searched expression (a guard), the test's span, and whether
/// the condition being true means "found".
struct Search<'a> {
    recv: &'a syn::Expr,
    span: Span,
    found: bool,
}

/// `v.iter()` / `v.into_iter()` / `v.iter_mut()` -> `v`.
fn iterated(e: &syn::Expr) -> Option<&syn::Expr> {
    match strip(e) {
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty()
                && matches!(
                    mc.method.to_string().as_str(),
                    "iter" | "into_iter" | "iter_mut"
                ) =>
        {
            Some(&mc.receiver)
        }
        _ => None,
    }
}

/// `v.iter().find(..)` / `v.iter().position(..)` -> `v`: an `Option` that is `Some` when found.
fn finder(e: &syn::Expr) -> Option<&syn::Expr> {
    match strip(e) {
        syn::Expr::MethodCall(mc)
            if mc.args.len() == 1
                && matches!(
                    mc.method.to_string().as_str(),
                    "find" | "position" | "rposition" | "find_map"
                ) =>
        {
            iterated(&mc.receiver)
        }
        _ => None,
    }
}

/// `v.binary_search(..)` / `binary_search_by(..)` / `binary_search_by_key(..)` -> `v`.
fn binary_searched(e: &syn::Expr) -> Option<&syn::Expr> {
    match strip(e) {
        syn::Expr::MethodCall(mc) if mc.method.to_string().starts_with("binary_search") => {
            Some(&mc.receiver)
        }
        _ => None,
    }
}

fn search<'a>(a: &An<'a>, e: &'a syn::Expr, pol: bool, depth: usize) -> Option<Search<'a>> {
    let e = strip(e);
    match e {
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => search(a, &u.expr, !pol, depth),
        syn::Expr::MethodCall(mc) if mc.args.len() == 1 && mc.method == "any" => Some(Search {
            recv: iterated(&mc.receiver)?,
            span: span_of(e),
            found: pol,
        }),
        syn::Expr::MethodCall(mc) if mc.args.len() == 1 && mc.method == "contains" => {
            Some(Search {
                recv: &mc.receiver,
                span: span_of(e),
                found: pol,
            })
        }
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty() && (mc.method == "is_some" || mc.method == "is_none") =>
        {
            Some(Search {
                recv: finder(&mc.receiver)?,
                span: span_of(e),
                found: pol ^ (mc.method == "is_none"),
            })
        }
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
            let none = |x: &syn::Expr| path_last(strip(x)).as_deref() == Some("None");
            let other = if none(&b.right) {
                &*b.left
            } else if none(&b.left) {
                &*b.right
            } else {
                return None;
            };
            Some(Search {
                recv: finder(other)?,
                span: span_of(e),
                found: pol ^ matches!(b.op, syn::BinOp::Eq(_)),
            })
        }
        // `v.binary_search(&x)`: `Ok` when found, `Err(pos)` (where to insert) when not
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty() && (mc.method == "is_ok" || mc.method == "is_err") =>
        {
            Some(Search {
                recv: binary_searched(&mc.receiver)?,
                span: span_of(e),
                found: pol ^ (mc.method == "is_err"),
            })
        }
        syn::Expr::Let(l) if matches!(let_variant(l), Some(("Ok" | "Err", _))) => {
            let (variant, scrut) = let_variant(l)?;
            Some(Search {
                recv: binary_searched(scrut)?,
                span: span_of(&*l.expr),
                found: (variant == "Ok") == pol,
            })
        }
        syn::Expr::Let(l) => {
            let (variant, scrut) = let_variant(l)?;
            let found = match variant {
                "Some" => true,
                "None" => false,
                _ => return None,
            };
            Some(Search {
                recv: finder(scrut)?,
                span: span_of(&*l.expr),
                found: found == pol,
            })
        }
        syn::Expr::Path(_) if depth == 0 => search(a, a.let_init(e)?, pol, depth + 1),
        _ => None,
    }
}

/// What the locked collection is, by its type's text: a set (its `insert` cannot add a
/// duplicate: silent), a map (a second `insert` overwrites), or a sequence.
#[derive(PartialEq)]
enum Kind {
    Seq,
    Map,
    Set,
}

fn kind(ty: Option<&TypeInfo>) -> Kind {
    let t = ty.map(|t| t.text.as_str()).unwrap_or("");
    if t.contains("Set<") {
        Kind::Set
    } else if t.contains("Map<") {
        Kind::Map
    } else {
        Kind::Seq
    }
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &mut HashSet<Span>) {
    for site in &a.sites {
        let Site::If { e, rest } = site else { continue };
        let (conj, single) = conjuncts(&e.cond);
        for (c, pol) in conj {
            let Some(s) = search(a, c, pol, 0) else {
                continue;
            };
            // a read-locked check `rwlock-check-then-write` already reports
            if out.iter().any(|o| {
                o.diag.rule == RWLOCK_CHECK_THEN_WRITE.id
                    && o.diag.span.start < s.span.end
                    && s.span.start < o.diag.span.end
            }) {
                continue;
            }
            let Some(fi) = a.fn_at(s.span.start) else {
                continue;
            };
            let Some(acq1) = a.acq_of(fi, s.recv) else {
                continue;
            };
            let Some(obj) = a.lock_obj(fi, &acq1.place) else {
                continue;
            };
            let k = kind(obj.ty.as_ref());
            if k == Kind::Set {
                continue;
            }
            for r in if_regions(e, rest, s.found, single) {
                if r.holds {
                    continue;
                }
                // `if let .. = m.lock().unwrap()..`: the guard of the scrutinee lives through
                // the branches, so a second lock there is a double lock (`double-lock`'s)
                if matches!(strip(c), syn::Expr::Let(_))
                    && acq1.guard == GuardKind::Temporary
                    && r.kind != RegionKind::After
                {
                    continue;
                }
                check_region(a, e, &s, &r, fi, acq1, &obj, &k, out, claimed);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_region(
    a: &An,
    e: &syn::ExprIf,
    s: &Search,
    r: &Region,
    fi: usize,
    acq1: &Acquisition,
    obj: &Obj,
    k: &Kind,
    out: &mut Vec<Candidate>,
    claimed: &mut HashSet<Span>,
) {
    for x in r.exprs() {
        let syn::Expr::MethodCall(mc) = x else {
            continue;
        };
        let m = mc.method.to_string();
        let is_act = match m.as_str() {
            "push" | "push_back" | "push_front" => mc.args.len() == 1,
            // `Vec::insert(index, x)`, `HashMap::insert(k, v)`; a one-argument insert is a set's
            "insert" => mc.args.len() == 2,
            _ => false,
        };
        if !is_act {
            continue;
        }
        let act_span = span_of(x);
        if claimed.contains(&act_span) || a.handled(act_span) {
            continue;
        }
        let Some(acq2) = a.acq_of(fi, &mc.receiver) else {
            continue;
        };
        if std::ptr::eq(acq1, acq2)
            || acq1.live_at(acq2.call_span.start)
            || acq1.live_at(act_span.start)
        {
            continue;
        }
        let Some(obj2) = a.lock_obj(fi, &acq2.place) else {
            continue;
        };
        if obj2.identity != obj.identity {
            continue;
        }
        if a.guard_covers(fi, s.span.start, act_span.start) || rechecked(a, r, act_span.start, obj)
        {
            continue;
        }
        claimed.insert(act_span);
        claimed.insert(acq2.call_span);
        out.push(report(a, e, s, r, fi, acq1, acq2, obj, k, mc));
    }
}

/// The act sits under a second search of the same lock inside the region (the check repeated
/// under the second guard).
fn rechecked(a: &An, r: &Region, act_at: usize, obj: &Obj) -> bool {
    let Some(rs) = r.span() else {
        return false;
    };
    a.sites.iter().any(|site| {
        let Site::If { e, .. } = site else {
            return false;
        };
        if !rs.encloses(span_of(*e)) || !span_of(&e.then_branch).contains(act_at) {
            return false;
        }
        let (conj, _) = conjuncts(&e.cond);
        conj.iter().any(|(c, pol)| {
            search(a, c, *pol, 0).is_some_and(|inner| {
                a.fn_at(inner.span.start).is_some_and(|fi| {
                    a.acq_of(fi, inner.recv)
                        .and_then(|q| a.lock_obj(fi, &q.place))
                        .is_some_and(|o| o.identity == obj.identity)
                })
            })
        })
    })
}

#[allow(clippy::too_many_arguments)]
fn report(
    a: &An,
    e: &syn::ExprIf,
    s: &Search,
    r: &Region,
    fi: usize,
    acq1: &Acquisition,
    acq2: &Acquisition,
    obj: &Obj,
    k: &Kind,
    act: &syn::ExprMethodCall,
) -> Candidate {
    let act_span = span_of(act);
    let lock = &acq2.place.text;
    let m = act.method.to_string();
    let awaits: Vec<Span> = a
        .f(fi)
        .awaits_between(s.span.end, act_span.start)
        .copied()
        .collect();
    let consequence = if *k == Kind::Map {
        format!(
            "two threads can both find nothing and both `{m}`: the second overwrites the entry the first added"
        )
    } else {
        format!(
            "two threads can both find nothing and both `{m}`: the element is added twice (a duplicate)"
        )
    };
    let mut msg = format!(
        "`{lock}` is searched under one guard and `{m}` is called under a second guard when nothing was found: {consequence}"
    );
    if !awaits.is_empty() {
        msg.push_str("; the task is suspended at an `.await` in between, which widens the window");
    }
    let mut d = a
        .diag(&COLLECTION_CHECK_THEN_PUSH, s.span, msg)
        .label(act_span, format!("`{m}` here, under a second guard"))
        .note(format!(
            "the guard taken by `{}` is released before the `{m}`",
            a.text(acq1.span)
        ));
    for aw in &awaits {
        d = d.label(*aw, "other tasks run while this one waits here");
    }
    let edit = if awaits.is_empty() && r.kind == RegionKind::Then && e.else_branch.is_none() {
        rwlock_check_then_write::one_write_guard(a, e, acq1, acq2)
    } else {
        None
    };
    match edit {
        Some((span, rep)) => {
            d = d.suggest(
                "take the lock once, before the search, and search and push under that one guard",
                Applicability::MaybeIncorrect,
                span,
                rep,
            )
        }
        None => {
            d = d.help(format!(
                "take the lock once and search and `{m}` under that one guard (`let mut g = {}; if !g.iter().any(..) {{ g.{m}(..) }}`), or re-check under the second guard before the `{m}`",
                a.text(acq2.span)
            ))
        }
    }
    Candidate {
        requires: reqs(&[obj]),
        diag: d,
        via: None,
    }
}
