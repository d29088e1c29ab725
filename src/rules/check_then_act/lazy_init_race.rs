//! `lazy-init-race`: a lazily initialised value is checked for emptiness and then set in a
//! separate step: `if CELL.get().is_none() { CELL.set(build()) }`, a `Mutex<Option<T>>`
//! tested under one guard and filled under another, or double-checked locking on a
//! `static mut` flag.

use super::*;
use crate::diagnostic::Applicability;
use crate::model::syntax::place_of;
use crate::rules::declare_rule;

declare_rule! {
    pub static LAZY_INIT_RACE = {
        id: "lazy-init-race",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a lazily initialised value is checked for emptiness and then set in a separate step",
    }
}

/// A test for emptiness: the tested expression (a cell's `get()` receiver, or a guard) and
/// whether the condition holds when the value is present.
struct Empty<'a> {
    /// `CELL` of `CELL.get()`, or the guard expression of `m.lock().unwrap().is_none()`.
    target: &'a syn::Expr,
    /// Through `.get()` (a once-cell) rather than on the value itself (an `Option`).
    cell: bool,
    span: Span,
    present: bool,
}

/// `x.get()` -> `x`; otherwise `None`.
fn cell_get(e: &syn::Expr) -> Option<&syn::Expr> {
    match strip(e) {
        syn::Expr::MethodCall(mc) if mc.method == "get" && mc.args.is_empty() => Some(&mc.receiver),
        _ => None,
    }
}

/// `x.as_ref()` / `*x` / `x.as_deref()` -> `x`.
fn opt_target(e: &syn::Expr) -> &syn::Expr {
    match strip(e) {
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty()
                && matches!(
                    mc.method.to_string().as_str(),
                    "as_ref" | "as_mut" | "as_deref" | "clone" | "cloned" | "copied"
                ) =>
        {
            opt_target(&mc.receiver)
        }
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => opt_target(&u.expr),
        syn::Expr::Reference(r) => opt_target(&r.expr),
        other => other,
    }
}

fn tested(e: &syn::Expr) -> (&syn::Expr, bool) {
    match cell_get(e) {
        Some(c) => (c, true),
        None => (opt_target(e), false),
    }
}

fn empty_check<'a>(a: &An<'a>, e: &'a syn::Expr, pol: bool, depth: usize) -> Option<Empty<'a>> {
    let e = strip(e);
    match e {
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty() && (mc.method == "is_none" || mc.method == "is_some") =>
        {
            let (target, cell) = tested(&mc.receiver);
            Some(Empty {
                target,
                cell,
                span: span_of(e),
                present: pol ^ (mc.method == "is_none"),
            })
        }
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
            let (x, none) = if path_last(strip(&b.right)).as_deref() == Some("None") {
                (&*b.left, &*b.right)
            } else {
                (&*b.right, &*b.left)
            };
            if path_last(strip(none)).as_deref() != Some("None") {
                return None;
            }
            let (target, cell) = tested(x);
            Some(Empty {
                target,
                cell,
                span: span_of(e),
                present: pol ^ matches!(b.op, syn::BinOp::Eq(_)),
            })
        }
        syn::Expr::Let(l) => {
            let (variant, scrut) = let_variant(l)?;
            let present = match variant {
                "Some" => true,
                "None" => false,
                _ => return None,
            };
            let (target, cell) = tested(scrut);
            Some(Empty {
                target,
                cell,
                span: span_of(&*l.expr),
                present: present == pol,
            })
        }
        syn::Expr::Path(_) if depth == 0 => empty_check(a, a.let_init(e)?, pol, depth + 1),
        _ => None,
    }
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &mut HashSet<Span>) {
    for site in &a.sites {
        match site {
            Site::If { e, rest, .. } => {
                let (conj, single) = conjuncts(&e.cond);
                for (c, pol) in &conj {
                    if let Some(chk) = empty_check(a, c, *pol, 0) {
                        for r in if_regions(e, rest, chk.present, single) {
                            region(a, site, single, &chk, &r, out, claimed);
                        }
                    }
                    static_flag(a, e, rest, c, *pol, single, out);
                }
            }
            Site::Match { e, .. } => {
                let (target, cell) = tested(&e.expr);
                let chk = Empty {
                    target,
                    cell,
                    span: span_of(&*e.expr),
                    present: true,
                };
                for r in match_regions(e, "Some", "None") {
                    region(a, site, false, &chk, &r, out, claimed);
                }
            }
        }
    }
}

fn region(
    a: &An,
    site: &Site,
    single: bool,
    chk: &Empty,
    r: &Region,
    out: &mut Vec<Candidate>,
    claimed: &mut HashSet<Span>,
) {
    // (not for a once-cell: its `set(..).unwrap()` panics in a concurrent second caller that
    // the refusal meant to answer with an error)
    let refused = !r.holds && !chk.cell && refuses_when_present(site, chk, single);
    if chk.cell {
        if !r.holds && !refused {
            cell_region(a, site, single, chk, r, out);
        }
    } else {
        option_region(a, site, single, chk, r, refused, out, claimed);
    }
}

/// The check refuses the call when the value is there (`if CLIENT.lock()..is_some() {
/// bail!("client already exists") }`, `if CELL.get().is_some() { return Err(..) }`, a `Some`
/// arm that panics): not a lazy initialisation that any caller may trigger on first use, but
/// an initialiser that declares a second call the caller's mistake ("must be called once at
/// start-up"). Its callers are what decide whether two can run at once.
fn refuses_when_present(site: &Site, chk: &Empty, single: bool) -> bool {
    match site {
        Site::If { e, .. } => {
            if !single {
                return false;
            }
            if chk.present {
                crate::model::decisions::fails(&e.then_branch)
            } else {
                match e.else_branch.as_ref().map(|(_, b)| strip(b)) {
                    Some(syn::Expr::Block(b)) => crate::model::decisions::fails(&b.block),
                    _ => false,
                }
            }
        }
        // every `Some` arm fails (`Some(p) if *p == pid => {}` serves the value: no refusal)
        Site::Match { e, .. } => {
            let some: Vec<&syn::Arm> = e
                .arms
                .iter()
                .filter(|arm| {
                    let pat = match &arm.pat {
                        syn::Pat::Guard(g) => &*g.pat,
                        p => p,
                    };
                    crate::model::decisions::arm_variant(pat) == Some("Some")
                })
                .collect();
            !some.is_empty()
                && some
                    .iter()
                    .all(|arm| crate::model::decisions::arm_fails(&arm.body))
        }
    }
}

// ---------------------------------------------------------------------------------------
// once-cells

fn cell_obj(a: &An, e: &syn::Expr) -> Option<(String, String)> {
    let at = span_of(e).start;
    let fi = a.fn_at(at)?;
    let place = place_of(peel_refs(e))?;
    if a.unshared(fi, &place) {
        return None;
    }
    match a.resolve(fi, &place) {
        Some(r) => {
            if !matches!(r.ty.class, TypeClass::Once { .. }) {
                return None;
            }
            // a single-threaded cell cannot race
            let uses = &a.model.index.uses;
            let name = r.ty.text.split('<').next().unwrap_or("").to_string();
            let last = name.rsplit("::").next().unwrap_or("");
            let full = uses.get(last).cloned().unwrap_or(name.clone());
            if full.contains("unsync")
                || full.starts_with("std::cell::")
                || full.starts_with("core::cell::")
                || name.contains("unsync")
                || full.ends_with("LazyCell")
            {
                return None;
            }
            Some((r.identity, place.text))
        }
        None => match place.root {
            Root::Static(_) => Some((a.fallback_identity(fi, &place), place.text)),
            Root::SelfRef if !a.f(fi).self_exclusive => {
                Some((a.fallback_identity(fi, &place), place.text))
            }
            _ => None,
        },
    }
}

fn cell_region(
    a: &An,
    site: &Site,
    single: bool,
    chk: &Empty,
    r: &Region,
    out: &mut Vec<Candidate>,
) {
    let Some((id1, text)) = cell_obj(a, chk.target) else {
        return;
    };
    for e in r.exprs() {
        let syn::Expr::MethodCall(mc) = e else {
            continue;
        };
        if mc.method != "set" || mc.args.len() != 1 {
            continue;
        }
        if cell_obj(a, &mc.receiver).is_none_or(|(id2, _)| id2 != id1) {
            continue;
        }
        let act = span_of(e);
        let Some(fi) = a.fn_at(act.start) else {
            continue;
        };
        // `match CELL.set(v) { Err(_) => .. }`: the lost race is handled
        if a.guard_covers(fi, chk.span.start, act.start) || a.handled(act) {
            continue;
        }
        // `CELL.set(v)?`, `.set(v).map_err(|_| Error::AlreadyConnected)?`: the loser returns an
        // error, the one a caller arriving after the winner gets at the check
        let stmt: String = a
            .text(Span::new(act.end, a.f(fi).span.end))
            .split(';')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if (stmt.starts_with('?') || stmt.starts_with('.'))
            && stmt.ends_with('?')
            && !stmt.contains(".ok()")
            && !stmt.contains("unwrap")
        {
            continue;
        }
        // `let _ = FLAG.set(())`: a unit or literal marker, the failed `set` dropped on
        // purpose: no value is lost and nobody uses one that was not stored
        let marker = match strip(&mc.args[0]) {
            syn::Expr::Lit(_) => true,
            syn::Expr::Tuple(t) => t.elems.is_empty(),
            _ => false,
        };
        let dropped = result_dropped(a, act);
        if dropped && marker {
            continue;
        }
        // `let _ = CELL.set(v); CELL.get()`: the loser's value is dropped and everybody uses
        // the winner's; only the work is duplicated (an `unwrap()` / `expect()` on the `set`
        // panics instead, and is reported)
        let fn_end = a.f(fi).span.end;
        let after = a.text(Span::new(act.end, fn_end));
        let panics = {
            let t = after.trim_start();
            t.starts_with(".unwrap()") || t.starts_with(".expect(")
        };
        let compact: String = after.chars().filter(|c| !c.is_whitespace()).collect();
        if !panics && compact.contains(&format!("{}.get", text.replace(' ', ""))) {
            continue;
        }
        // `let _ = CELL.set(client);` and `client` is not used afterwards: the loser's value
        // is moved into the failed `set` and dropped, nobody keeps it; the cell holds the
        // winner's, which every reader gets (only the build is repeated). Not when the value
        // is built from the function's parameters: then the callers' values differ, and the
        // loser's (newer tokens, another config) is lost.
        let from_params = || {
            let between = crate::rules::rewrite::words(a.text(Span::new(chk.span.end, act.end)));
            a.f(fi)
                .params
                .iter()
                .any(|p| p != "self" && between.contains(&p.as_str()))
        };
        if dropped && !from_params() {
            let value_words = crate::rules::rewrite::words(a.text_of(&mc.args[0]));
            let later = crate::rules::rewrite::words(after);
            let locals: Vec<&&str> = value_words
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .collect();
            if !locals.is_empty() && !locals.iter().any(|w| later.contains(w)) {
                continue;
            }
        }
        let val = a.text_of(&mc.args[0]).to_string();
        let is_async = has_await(&mc.args[0]);
        let init = if is_async {
            format!("{text}.get_or_init(|| async {{ {val} }}).await")
        } else {
            format!("{text}.get_or_init(|| {val})")
        };
        let mut d = a
            .diag(
                &LAZY_INIT_RACE,
                chk.span,
                format!(
                    "`{text}` is checked for emptiness and then set in a separate step: two threads can both find it empty and both build the value; the second `set` fails and its value is thrown away (or a caller keeps using a value that was never stored)"
                ),
            )
            .label(act, "set here, in a separate step");
        let mut edited = false;
        if let Site::If { e: ife, .. } = site
            && r.kind == RegionKind::Then
            && single
            && ife.else_branch.is_none()
            && ife.then_branch.stmts.len() == 1
            && stmt_of(&ife.then_branch.stmts, act).is_some()
            && !has_control_flow(&mc.args[0])
            && !is_async
        {
            d = d.suggest(
                "build and store the value in one step",
                Applicability::MaybeIncorrect,
                span_of(*ife),
                format!("{init};"),
            );
            edited = true;
        }
        // `CELL.set(v);` / `let _ = CELL.set(v);` as a statement: `get_or_init` instead, and
        // a local the code uses afterwards (`x`, `Copy` since it was moved, or `x.clone()`)
        // becomes the stored value
        let text_all = &a.source.text;
        let let_start = text_all[..act.start]
            .trim_end()
            .strip_suffix("let _ =")
            .map(|t| t.len());
        let stmt_start = match let_start {
            Some(s) if text_all[..s].trim_end().ends_with([';', '{', '}']) => Some(s),
            Some(_) => None,
            None => None,
        };
        if !edited
            && !has_control_flow(&mc.args[0])
            && !is_async
            && text_all[act.end..].trim_start().starts_with(';')
            && (stmt_start.is_some() || crate::rules::rewrite::is_statement(text_all, act))
        {
            let local = val.strip_suffix(".clone()").unwrap_or(&val);
            let after = Span::new(act.end, a.f(fi).body.end);
            let reused = crate::rules::rewrite::words(local) == [local]
                && local
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c == '_')
                && !crate::model::writes::name_uses(a.ast, local, after).is_empty();
            let repl = if reused {
                format!("let {local} = {init}.clone()")
            } else {
                format!("let _ = {init}")
            };
            d = d.suggest(
                "build and store the value in one step: `get_or_init` keeps the value another thread stored first",
                Applicability::MaybeIncorrect,
                Span::new(stmt_start.unwrap_or(act.start), act.end),
                repl,
            );
            edited = true;
        }
        if !edited {
            d = d.help(format!(
                "build and store the value in one step, and use the value it returns: `let value = {init};` (for a fallible build, `once_cell::sync::OnceCell::get_or_try_init`)"
            ));
        }
        out.push(Candidate {
            diag: d,
            requires: Vec::new(),
            via: None,
        });
    }
}

/// The `Result` of the `set` at `act` is thrown away: `let _ = CELL.set(v);`, or a statement
/// that turns the error into nothing (`CELL.set(v).ok();`, `.unwrap_or(());`,
/// `.unwrap_or_default();`). A lost race then drops the loser's value without a panic.
fn result_dropped(a: &An, act: Span) -> bool {
    if a.discarded(act) {
        return true;
    }
    let rest: String = a
        .source
        .text
        .get(act.end..)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(24)
        .collect();
    [".ok();", ".unwrap_or(());", ".unwrap_or_default();"]
        .iter()
        .any(|s| rest.starts_with(s))
}

// ---------------------------------------------------------------------------------------
// Mutex<Option<T>> / RwLock<Option<T>>

#[allow(clippy::too_many_arguments)]
fn option_region(
    a: &An,
    site: &Site,
    single: bool,
    chk: &Empty,
    r: &Region,
    refused: bool,
    out: &mut Vec<Candidate>,
    claimed: &mut HashSet<Span>,
) {
    let at = span_of(chk.target).start;
    let Some(fi) = a.fn_at(at) else {
        return;
    };
    let Some(a1) = a.acq_of(fi, chk.target) else {
        return;
    };
    let Some(o1) = a.lock_obj(fi, &a1.place) else {
        return;
    };
    if let Some(t) = &o1.ty
        && let Some(g) = t.guarded()
        && !matches!(g.class, TypeClass::Unknown)
        && !g.text.starts_with("Option")
    {
        return;
    }
    for e in r.exprs() {
        // the act: `*g = Some(..)`, `g.replace(..)`, `g.insert(..)` when empty; `g.take()` when
        // present
        let (recv, act_kind): (&syn::Expr, &str) = match e {
            syn::Expr::Assign(asg) if !r.holds => match strip(&asg.left) {
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => (&u.expr, "assign"),
                _ => continue,
            },
            syn::Expr::MethodCall(mc)
                if !r.holds
                    && mc.args.len() == 1
                    && (mc.method == "replace" || mc.method == "insert") =>
            {
                (&mc.receiver, "replace")
            }
            syn::Expr::MethodCall(mc) if r.holds && mc.args.is_empty() && mc.method == "take" => {
                (&mc.receiver, "take")
            }
            _ => continue,
        };
        let act = span_of(e);
        let Some(wi) = a.fn_at(act.start) else {
            continue;
        };
        let Some(a2) = a.acq_of(wi, recv) else {
            continue;
        };
        if std::ptr::eq(a1, a2) || a1.live_at(a2.call_span.start) || a1.live_at(act.start) {
            continue;
        }
        let Some(o2) = a.lock_obj(wi, &a2.place) else {
            continue;
        };
        if o1.identity != o2.identity || a.guard_covers(wi, chk.span.start, act.start) {
            continue;
        }
        if rechecked(a, r, act.start, &o2.identity) {
            continue;
        }
        // the check refuses the call when the value is there ([`refuses_when_present`]); or
        // `let _ = g.take();` / `g.take();`: the taken value is dropped, so a racer that took
        // it first leaves `None` here and this take does nothing; the value is cleared either
        // way (nothing is lost). The pair is this rule's to judge, and judged harmless: no
        // other check-then-act rule reports it either
        if refused && act_kind != "take"
            || act_kind == "take"
                && (result_dropped(a, act)
                    || crate::rules::rewrite::is_statement(&a.source.text, act))
        {
            claimed.insert(a2.call_span);
            claimed.insert(act);
            continue;
        }
        // a memo: the hit hands out the stored value and the miss stores one computed without
        // touching other shared state, so two racers store equal values (work is duplicated,
        // nothing is lost)
        if act_kind != "take"
            && memo_value(a, a.f(wi), e, act.start)
            && super::map_check_then_insert::cache_fill(site)
            && !super::map_check_then_insert::touches_shared_state(
                a.f(wi),
                chk.span.end,
                act.start,
                Some(a2.call_span),
            )
        {
            continue;
        }
        claimed.insert(a2.call_span);
        claimed.insert(act);
        let place = &a1.place.text;
        let awaits: Vec<Span> = a
            .f(wi)
            .awaits_between(chk.span.end, act.start)
            .copied()
            .collect();
        let msg = if act_kind == "take" {
            format!(
                "`{place}` is checked for a value under one guard and the value is taken under a second guard: another thread can take it in between, and this `take()` then finds `None`"
            )
        } else {
            format!(
                "`{place}` is checked for `None` under one guard and filled under a second guard: two threads can both find it empty and both initialise it, and the second overwrites the first{}",
                if awaits.is_empty() {
                    ""
                } else {
                    " (the task is suspended at an `.await` in between)"
                }
            )
        };
        let mut d = a.diag(&LAZY_INIT_RACE, chk.span, msg).label(
            act,
            if act_kind == "take" {
                "taken here, under a second guard"
            } else {
                "set here, under a second guard"
            },
        );
        for aw in &awaits {
            d = d.label(*aw, "other tasks run while this one waits here");
        }
        let guard_text = a.text(a2.span).to_string();
        let value = match e {
            syn::Expr::Assign(asg) => {
                let rhs = strip(&asg.right);
                match rhs {
                    syn::Expr::Call(c)
                        if path_last(&c.func).as_deref() == Some("Some") && c.args.len() == 1 =>
                    {
                        Some(&c.args[0])
                    }
                    _ => None,
                }
            }
            syn::Expr::MethodCall(mc) if act_kind == "replace" => mc.args.first(),
            _ => None,
        };
        let mut edited = false;
        if act_kind != "take"
            && let Some(v) = value
            && awaits.is_empty()
            && !has_await(v)
            && !has_control_flow(v)
            && let Site::If { e: ife, .. } = site
            && r.kind == RegionKind::Then
            && single
            && ife.else_branch.is_none()
            && ife.then_branch.stmts.len() == 1
            && stmt_of(&ife.then_branch.stmts, act).is_some()
            && matches!(a2.guard, GuardKind::Temporary)
        {
            d = d.suggest(
                "test and fill under one guard",
                Applicability::MaybeIncorrect,
                span_of(*ife),
                format!("{guard_text}.get_or_insert_with(|| {});", a.text_of(v)),
            );
            edited = true;
        }
        // the fill done as a statement: re-check under its own guard, `get_or_insert(v)`
        // keeps the value another thread stored first; a local the code uses afterwards
        // (`x`, moved into the fill and so `Copy`, or `x.clone()`) is taken from the `Option`
        if !edited
            && act_kind != "take"
            && let Some(v) = value
            && !has_await(v)
            && !has_control_flow(v)
            && matches!(a2.guard, GuardKind::Temporary)
            && crate::rules::rewrite::is_statement(&a.source.text, act)
        {
            let vt = a.text_of(v);
            let local = vt.strip_suffix(".clone()").unwrap_or(vt);
            let after = Span::new(act.end, a.f(wi).body.end);
            let reused = crate::rules::rewrite::words(local) == [local]
                && local
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c == '_')
                && !crate::model::writes::name_uses(a.ast, local, after).is_empty();
            let fill = format!("{guard_text}.get_or_insert({vt})");
            let repl = if reused {
                format!("let {local} = {fill}.clone()")
            } else {
                fill
            };
            d = d.suggest(
                "re-check when filling: `get_or_insert` keeps the value another thread stored first",
                Applicability::MaybeIncorrect,
                act,
                repl,
            );
            edited = true;
        }
        if !edited {
            let v = value
                .map(|v| a.text_of(v).to_string())
                .unwrap_or_else(|| "init()".into());
            d = d.help(if act_kind == "take" {
                format!("take under the guard that checks: `if let Some(v) = {guard_text}.take() {{ .. }}`")
            } else if !awaits.is_empty() {
                format!(
                    "re-check under the second guard and keep the value that is already there (`{guard_text}.get_or_insert(v)`), or store a `tokio::sync::OnceCell` and call `get_or_init(|| async {{ .. }}).await`"
                )
            } else {
                format!("test and fill under one guard: `{guard_text}.get_or_insert_with(|| {v})`, or use a `OnceLock` and `get_or_init`")
            });
        }
        out.push(Candidate {
            requires: reqs(&[&o1, &o2]),
            diag: d,
            via: None,
        });
    }
}

/// The value an act stores (`*g = Some(v)`, `g.replace(v)`) is computed from some input (the
/// owner's data, a parameter, a key): a memo of it, which every racer computes equal. A value
/// from nothing (`connect()`, `fetch_token().await`) is a fresh resource each racer makes anew.
fn memo_value(a: &An, f: &FnModel, act: &syn::Expr, at: usize) -> bool {
    let value = match act {
        syn::Expr::Assign(asg) => match strip(&asg.right) {
            syn::Expr::Call(c) if path_last(&c.func).as_deref() == Some("Some") => c.args.first(),
            _ => None,
        },
        syn::Expr::MethodCall(mc) => mc.args.first(),
        _ => None,
    };
    let Some(value) = value else {
        return false;
    };
    crate::model::func::idents_in(value).iter().any(|i| {
        match f.binding(i, at).and_then(|b| b.init) {
            Some(init) => crate::model::actors::has_inputs(a.text(init)),
            None => f.binding(i, at).is_none(),
        }
    })
}

/// The act sits under an inner test of the same lock (double-checked locking done right).
fn rechecked(a: &An, r: &Region, act_at: usize, identity: &str) -> bool {
    let Some(rs) = r.span() else {
        return false;
    };
    a.sites.iter().any(|s| {
        let (cond, body): (&syn::Expr, Span) = match s {
            Site::If { e, .. } => (&e.cond, span_of(&e.then_branch)),
            Site::Match { e, .. } => (&e.expr, span_of(*e)),
        };
        // the act follows an `if` that leaves when the value is there (`if let Some(v) =
        // slot.as_ref() { return v.clone() }`): the act runs only where it was not
        let after = match s {
            Site::If { e, rest } => {
                crate::model::decisions::after_exit(e, rest).is_some_and(|r| r.contains(act_at))
            }
            _ => false,
        };
        let cs = span_of(cond);
        if !rs.encloses(cs) || !(body.contains(act_at) || after) || cs.start >= act_at {
            return false;
        }
        let (conj, single) = conjuncts(cond);
        if after && !single {
            return false;
        }
        conj.iter().any(|(c, pol)| {
            empty_check(a, c, *pol, 0).is_some_and(|inner| {
                if after && !inner.present {
                    return false;
                }
                let at = span_of(inner.target).start;
                a.fn_at(at)
                    .and_then(|fi| {
                        a.acq_of(fi, inner.target)
                            .and_then(|g| a.lock_obj(fi, &g.place))
                    })
                    .is_some_and(|o| o.identity == identity)
            })
        }) || matches!(s, Site::Match { .. })
            && a.fn_at(cs.start).is_some_and(|fi| {
                let (t, _) = tested(cond);
                a.acq_of(fi, t)
                    .and_then(|g| a.lock_obj(fi, &g.place))
                    .is_some_and(|o| o.identity == identity)
            })
    })
}

// ---------------------------------------------------------------------------------------
// `static mut` flags

fn static_flag(
    a: &An,
    e: &syn::ExprIf,
    rest: &[syn::Stmt],
    c: &syn::Expr,
    pol: bool,
    single: bool,
    out: &mut Vec<Candidate>,
) {
    let (flag, pol) = match strip(c) {
        syn::Expr::Path(p) if p.path.segments.len() == 1 => {
            (p.path.segments[0].ident.to_string(), pol)
        }
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
            let (x, lit) = match (strip(&b.left), strip(&b.right)) {
                (x, syn::Expr::Lit(l)) | (syn::Expr::Lit(l), x) => (x, l),
                _ => return,
            };
            let syn::Lit::Bool(v) = &lit.lit else {
                return;
            };
            let syn::Expr::Path(p) = x else {
                return;
            };
            if p.path.segments.len() != 1 {
                return;
            }
            let eq = matches!(b.op, syn::BinOp::Eq(_));
            (p.path.segments[0].ident.to_string(), pol == (v.value == eq))
        }
        _ => return,
    };
    let Some(st) = a.model.index.statics.get(&flag) else {
        return;
    };
    if !st.is_mut || st.ty.text != "bool" {
        return;
    }
    let check = span_of(c);
    let Some(fi) = a.fn_at(check.start) else {
        return;
    };
    if a.f(fi).locals.iter().any(|l| l.name == flag) {
        return;
    }
    for r in if_regions(e, rest, pol, single) {
        if r.holds {
            continue;
        }
        for x in r.exprs() {
            let syn::Expr::Assign(asg) = x else {
                continue;
            };
            let syn::Expr::Path(p) = strip(&asg.left) else {
                continue;
            };
            if !p.path.is_ident(&flag) {
                continue;
            }
            let act = span_of(x);
            if a.guard_covers(fi, check.start, act.start) {
                continue;
            }
            let locked = a
                .fn_at(act.start)
                .is_some_and(|wi| a.f(wi).held_at(act.start).next().is_some());
            let mut d = a
                .diag(
                    &LAZY_INIT_RACE,
                    check,
                    format!(
                        "`static mut {flag}` is tested and then set without synchronization: two threads can both see it unset and both run the initialisation{}",
                        if locked {
                            "; the lock taken inside does not help, because this first read happens outside it (double-checked locking on a non-atomic flag is a data race)"
                        } else {
                            ""
                        }
                    ),
                )
                .label(act, "set here, in a separate step");
            let advice = format!(
                "use `static {flag}: std::sync::Once = std::sync::Once::new();` and run the initialisation in `{flag}.call_once(|| {{ .. }})`, or keep the initialised value in a `std::sync::OnceLock` and call `get_or_init`"
            );
            // double-checked locking that re-checks under the lock is correct once the flag
            // is atomic (every access `SeqCst`): the declaration and every use change together
            let cond_text = a.text(check).trim().to_string();
            let rechecked = locked && a.text(Span::new(check.end, act.start)).contains(&cond_text);
            let edits = if rechecked {
                crate::rules::rewrite::static_to_atomic(&a.source.text, a.ast, &flag, &[])
            } else {
                None
            };
            d = match edits {
                Some(edits) => d.suggest_edits(
                    format!(
                        "make `{flag}` an atomic: double-checked locking that re-checks under the lock is then correct (or, simpler, {advice})",
                        advice = advice.replacen("use ", "", 1)
                    ),
                    Applicability::MaybeIncorrect,
                    edits,
                ),
                None => d.help(advice),
            };
            out.push(Candidate {
                diag: d,
                requires: Vec::new(),
                via: None,
            });
            return;
        }
    }
}
