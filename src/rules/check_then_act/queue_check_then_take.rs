//! `queue-check-then-take`: a shared queue is tested for emptiness (or fullness) and then
//! popped (or pushed) in a separate step whose result is unwrapped:
//! `if !self.jobs.is_empty() { let j = self.jobs.pop().unwrap(); }` on a concurrent queue,
//! or a `Mutex<VecDeque<T>>` tested under one guard and popped under another. Another
//! consumer can take the last element in between, and the `unwrap()` panics.

use super::*;
use crate::model::syntax::place_of;
use crate::rules::declare_rule;

declare_rule! {
    pub static QUEUE_CHECK_THEN_TAKE = {
        id: "queue-check-then-take",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a shared queue is checked for emptiness (or fullness) and then popped (or pushed) in a separate step that unwraps the result",
    }
}

/// Methods that take an element out (`None` / `Err` when empty).
const TAKES: &[&str] = &[
    "pop",
    "pop_front",
    "pop_back",
    "try_pop",
    "try_recv",
    "steal",
];
/// Methods that put an element in (`Err` when full).
const PUTS: &[&str] = &["push", "try_push", "try_send", "force_push"];
/// Lock and guard methods between a shared container and its use.
const GUARDS: &[&str] = &["lock", "read", "write", "try_lock", "unwrap", "expect"];

/// `q.is_empty()`, `q.len() > 0`, `q.len() == 0`, `q.is_full()`: the tested queue and whether
/// the condition being true means an element can be taken (`Some(true)`) or put
/// (`Some(false)`, for fullness tests), with the polarity applied.
fn queue_test(e: &syn::Expr, pol: bool) -> Option<(&syn::Expr, bool, bool)> {
    match strip(e) {
        syn::Expr::MethodCall(mc) if mc.args.is_empty() && mc.method == "is_empty" => {
            Some((&mc.receiver, true, !pol))
        }
        syn::Expr::MethodCall(mc) if mc.args.is_empty() && mc.method == "is_full" => {
            Some((&mc.receiver, false, !pol))
        }
        syn::Expr::Binary(b) => {
            fn len_of(e: &syn::Expr) -> Option<&syn::Expr> {
                match strip(e) {
                    syn::Expr::MethodCall(mc) if mc.args.is_empty() && mc.method == "len" => {
                        Some(&*mc.receiver)
                    }
                    _ => None,
                }
            }
            let zero = |e: &syn::Expr| matches!(strip(e), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.base10_digits() == "0");
            let one = |e: &syn::Expr| matches!(strip(e), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.base10_digits() == "1");
            use syn::BinOp::*;
            // normalised to `len OP k`
            let (q, op_nonempty) = if let Some(q) = len_of(&b.left) {
                let ne = match b.op {
                    Gt(_) | Ne(_) if zero(&b.right) => true,
                    Ge(_) if one(&b.right) => true,
                    Eq(_) if zero(&b.right) => false,
                    _ => return None,
                };
                (q, ne)
            } else if let Some(q) = len_of(&b.right) {
                let ne = match b.op {
                    Lt(_) | Ne(_) if zero(&b.left) => true,
                    Le(_) if one(&b.left) => true,
                    Eq(_) if zero(&b.left) => false,
                    _ => return None,
                };
                (q, ne)
            } else {
                return None;
            };
            Some((q, true, op_nonempty == pol))
        }
        _ => None,
    }
}

/// The container under lock and guard calls (`self.q.lock().unwrap()` -> `self.q`), and
/// whether a lock call was on the way.
fn base(e: &syn::Expr) -> (&syn::Expr, bool) {
    let mut e = strip(e);
    let mut locked = false;
    while let syn::Expr::MethodCall(mc) = e {
        let m = mc.method.to_string();
        if !GUARDS.contains(&m.as_str()) {
            break;
        }
        locked |= m != "unwrap" && m != "expect";
        e = strip(&mc.receiver);
    }
    (peel_refs(e), locked)
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>) {
    for site in &a.sites {
        let Site::If { e, rest } = site else { continue };
        let (conj, single) = conjuncts(&e.cond);
        for (c, pol) in &conj {
            let Some((q, take, holds)) = queue_test(c, *pol) else {
                continue;
            };
            let check_span = span_of(*c);
            let (qbase, locked) = base(q);
            let Some(place) = place_of(qbase) else {
                continue;
            };
            let Some(fi) = a.fn_at(check_span.start) else {
                continue;
            };
            if a.unshared(fi, &place) || matches!(place.root, Root::Other(_)) {
                continue;
            }
            // without a lock the container must itself be shared and concurrent: popping
            // through `&self` or a `static` (a plain `Vec` needs `&mut`); a local that is
            // not behind a lock is only reported when its type says it is a concurrent queue
            let resolved = a.resolve(fi, &place);
            let ty = resolved
                .as_ref()
                .map(|r| r.ty.text.clone())
                .unwrap_or_default();
            if ty.contains("RefCell") || ty.contains("Cell<") || ty.starts_with("Rc<") {
                continue;
            }
            const CONCURRENT: &[&str] = &[
                "SegQueue",
                "ArrayQueue",
                "ConcurrentQueue",
                "Injector",
                "Stealer",
                "Receiver",
                "Sender",
            ];
            let concurrent_ty = CONCURRENT.iter().any(|c| ty.contains(c));
            if !locked && !concurrent_ty && !matches!(place.root, Root::SelfRef | Root::Static(_)) {
                continue;
            }
            // through a lock: it must be a shared lock (resolved workspace-wide when the file
            // cannot tell)
            let lock = if locked {
                match a.lock_obj(fi, &place) {
                    Some(o) => Some(o),
                    None => continue,
                }
            } else {
                None
            };
            let want: &[&str] = if take { TAKES } else { PUTS };
            for r in if_regions(e, rest, holds, single) {
                if !r.holds {
                    continue;
                }
                for act in r.exprs() {
                    let syn::Expr::MethodCall(mc) = act else {
                        continue;
                    };
                    if !want.contains(&mc.method.to_string().as_str()) {
                        continue;
                    }
                    let (abase, alocked) = base(&mc.receiver);
                    if a.text_of(abase).split_whitespace().collect::<String>()
                        != a.text_of(qbase).split_whitespace().collect::<String>()
                        || alocked != locked
                    {
                        continue;
                    }
                    let act_span = span_of(act);
                    // one guard over both: serialised
                    if a.guard_covers(fi, check_span.start, act_span.start) {
                        continue;
                    }
                    // the result is assumed: unwrapped right away
                    let fn_end = a.f(fi).span.end;
                    let after = a.text(Span::new(act_span.end, fn_end)).trim_start();
                    if !(after.starts_with(".unwrap()") || after.starts_with(".expect(")) {
                        continue;
                    }
                    let qt = a.text_of(qbase).split_whitespace().collect::<String>();
                    let m = mc.method.to_string();
                    let (state, other, outcome) = if take {
                        ("not empty", "take the last element", "finds it empty")
                    } else {
                        ("not full", "fill the last slot", "finds it full")
                    };
                    let how = if locked {
                        "the guard of the check is released before"
                    } else {
                        "nothing holds the queue between the check and"
                    };
                    let msg = format!(
                        "`{qt}` is checked to be {state}, then `{m}` is unwrapped in a separate step: another thread can {other} in between, so `{m}` {outcome} and the `unwrap` panics"
                    );
                    let help = if take {
                        format!(
                            "take and test in one step: `if let Some(x) = {}.{m}() {{ .. }}` (or `while let`), and drop the emptiness check",
                            a.text_of(&mc.receiver)
                                .split_whitespace()
                                .collect::<String>()
                        )
                    } else {
                        format!(
                            "push and handle the result: `if let Err(v) = ...{m}(..) {{ .. }}` instead of checking `is_full` first"
                        )
                    };
                    let d = a
                        .diag(&QUEUE_CHECK_THEN_TAKE, check_span, msg)
                        .label(act_span, format!("`{m}` here, unwrapped"))
                        .note(format!("{how} `{m}`"));
                    let edit = if take && single && conj.len() == 1 {
                        take_rewrite(a, fi, e, &r, act, &qt, locked)
                    } else {
                        None
                    };
                    let d = match edit {
                        Some(edits) => d.suggest_edits(
                            format!("take and test in one step with `{m}`'s `Option`, and drop the emptiness check{}", if locked { " (the guard of the `if let` now lives through its body)" } else { "" }),
                            crate::diagnostic::Applicability::MaybeIncorrect,
                            edits,
                        ),
                        None => d.help(help),
                    };
                    out.push(Candidate {
                        diag: d,
                        requires: lock.as_ref().map(|o| reqs(&[o])).unwrap_or_default(),
                        via: None,
                    });
                }
            }
        }
    }
}

/// The rewrite that takes and tests in one step, when the shape allows it:
/// `if !q.is_empty() { let x = q.pop().unwrap(); .. }` -> `if let Some(item) = q.pop() { let
/// x = item; .. }`, and `if q.is_empty() { return None; } .. q.pop().unwrap()` -> `let
/// Some(item) = q.pop() else { return None; }; .. item`. Not when the take runs in a loop,
/// a closure or under a further condition (it may run more than once), when the queue is
/// used again between the new take and the old one (the take moves earlier), or, for a
/// locked queue, when the `if` touches the queue elsewhere or awaits (the guard of an `if
/// let` scrutinee lives through the body).
fn take_rewrite(
    a: &An,
    fi: usize,
    e: &syn::ExprIf,
    r: &crate::model::decisions::Region,
    act: &syn::Expr,
    queue: &str,
    locked: bool,
) -> Option<Vec<crate::diagnostic::Edit>> {
    use crate::diagnostic::Edit;
    use crate::model::decisions::RegionKind;
    let act_span = span_of(act);
    if r.nested(act_span) {
        return None;
    }
    // the whole take: `q.pop().unwrap()` / `q.pop().expect("..")`
    let whole = r.exprs().into_iter().find_map(|x| match x {
        syn::Expr::MethodCall(mc)
            if span_of(&*mc.receiver) == act_span
                && (mc.method == "unwrap" || mc.method == "expect") =>
        {
            Some(span_of(x))
        }
        _ => None,
    })?;
    let compact = |t: &str| t.split_whitespace().collect::<String>();
    let mentions = |sp: Span| compact(a.text(sp)).matches(queue).count();
    let if_span = span_of(e);
    let fns = crate::rules::rewrite::fn_chain(&a.model.fns, fi);
    let f_text = a.text(a.f(fi).span);
    let name = crate::rules::rewrite::fresh_from(&["item", "taken"], &[f_text], &fns);
    let take_text = a.text(act_span);
    match r.kind {
        RegionKind::Then => {
            if e.else_branch.is_some() && locked {
                // edition 2021 keeps the scrutinee's guard through the `else` too
                if mentions(if_span) != 2 {
                    return None;
                }
            }
            if locked && (mentions(if_span) != 2 || a.text(if_span).contains(".await")) {
                return None;
            }
            Some(vec![
                Edit::new(span_of(&*e.cond), format!("let Some({name}) = {take_text}")),
                Edit::new(whole, name),
            ])
        }
        RegionKind::After => {
            if e.else_branch.is_some() {
                return None;
            }
            let then_span = span_of(&e.then_branch);
            // the queue is not used between the check and the take, nor in the early exit
            if mentions(Span::new(then_span.start, act_span.start)) != 0
                || (locked
                    && a.text(Span::new(if_span.start, act_span.start))
                        .contains(".await"))
            {
                return None;
            }
            let then_text = a.text(then_span);
            Some(vec![
                Edit::new(
                    if_span,
                    format!("let Some({name}) = {take_text} else {then_text};"),
                ),
                Edit::new(whole, name),
            ])
        }
        _ => None,
    }
}
