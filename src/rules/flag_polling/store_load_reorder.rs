//! `store-load-reorder`: the store-buffering handshake with weak orderings.
//!
//! One function stores flag `A` and then tests flag `B`; another stores `B` and then tests
//! `A` (a parker announcing it sleeps and checking for a notification, while the notifier
//! sets the notification and checks for a sleeper; two threads each claiming a turn). The
//! handshake only works if at least one of the two threads sees the other's store. With
//! `Release` stores and `Acquire` (or `Relaxed`) loads nothing orders a store before a later
//! load of *another* location: each store can still sit in its core's store buffer when the
//! other thread loads, both loads see the old values, and both threads go on as if alone
//! (both sleep: a lost wake-up; both enter). Only `SeqCst` on all four accesses, or a
//! `fence(SeqCst)` between the store and the load on both sides, forbids that outcome.
//!
//! A query over the flag facts ([`super::relaxed::Fact::Access`]): stores, loads whose
//! value a condition tests, their orderings and `SeqCst` fences, joined by the atomics'
//! workspace identities.

use super::relaxed::{Fact, Located, S, sp};
use super::short;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::model::Workspace;
use crate::rules::declare_rule;
use std::collections::BTreeMap;

declare_rule! {
    pub static STORE_LOAD_REORDER = {
        id: "store-load-reorder",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "two functions each store one flag and then test the other with orderings weaker than `SeqCst`: both can miss the other's store",
    }
}

/// One access of a side: where, its ordering, and the edit to `SeqCst`.
#[derive(Clone)]
struct Op<'w> {
    path: &'w str,
    span: S,
    ordering: String,
    edit: Option<(S, String)>,
    text: String,
}

/// A function that stores one atomic and then tests another.
#[derive(Clone)]
struct Side<'w> {
    path: &'w str,
    fn_idx: usize,
    store: Op<'w>,
    load: Op<'w>,
    /// Both accesses are `SeqCst`, or a `fence(SeqCst)` lies between them.
    ordered: bool,
}

pub(super) fn check(ws: &Workspace, facts: &[Located], out: &mut Vec<Diagnostic>) {
    // accesses per function, in source order, with their identities
    type Acc<'w> = (S, bool, String, Option<(S, String)>, &'w str);
    let mut per_fn: BTreeMap<(&str, usize), Vec<Acc>> = BTreeMap::new();
    let mut fences: BTreeMap<(&str, usize), Vec<S>> = BTreeMap::new();
    for f in facts {
        match &f.fact {
            Fact::Access {
                span,
                store,
                ordering,
                seq_cst_edit,
            } => {
                let Some(id) = f.identity.as_deref() else {
                    continue;
                };
                per_fn.entry((f.path, f.fn_idx)).or_default().push((
                    *span,
                    *store,
                    ordering.clone(),
                    seq_cst_edit.clone(),
                    id,
                ));
            }
            Fact::SeqCstFence { span } => fences.entry((f.path, f.fn_idx)).or_default().push(*span),
            _ => {}
        }
    }
    // (stored identity, tested identity) -> the functions that do it
    let mut sides: BTreeMap<(&str, &str), Vec<Side>> = BTreeMap::new();
    for (&(path, fn_idx), accs) in &mut per_fn {
        let Some(fm) = file_of(ws, path).and_then(|f| f.model.fns.get(fn_idx)) else {
            continue;
        };
        // a constructor or destructor, or `&mut self`, runs alone on its object
        let alone = fm.name.ends_with("new")
            || fm.name.ends_with("default")
            || fm.name.ends_with("drop")
            || fm.self_exclusive;
        if alone {
            continue;
        }
        accs.sort_by_key(|a| a.0);
        let text_of = |span: S| -> String {
            fm.own_atomics()
                .find(|o| o.span == sp(span))
                .map(|o| short(&o.place.text))
                .unwrap_or_default()
        };
        for (i, st) in accs.iter().enumerate().filter(|(_, a)| a.1) {
            // the first test of another atomic after the store
            let Some(ld) = accs[i + 1..]
                .iter()
                .find(|a| !a.1 && a.4 != st.4 && a.0.0 >= st.0.1)
            else {
                continue;
            };
            let fenced = fences
                .get(&(path, fn_idx))
                .is_some_and(|fs| fs.iter().any(|f| f.0 >= st.0.1 && f.1 <= ld.0.0));
            let ordered = fenced || (st.2 == "SeqCst" && ld.2 == "SeqCst");
            let op = |a: &Acc| Op {
                path,
                span: a.0,
                ordering: a.2.clone(),
                edit: a.3.clone(),
                text: text_of(a.0),
            };
            sides.entry((st.4, ld.4)).or_default().push(Side {
                path,
                fn_idx,
                store: op(st),
                load: op(ld),
                ordered,
            });
        }
    }
    for (&(a, b), first) in &sides {
        if a >= b {
            continue;
        }
        let Some(second) = sides.get(&(b, a)) else {
            continue;
        };
        // one pair of functions per pair of atomics: the first in path order that can
        // reorder
        let pair = first.iter().find_map(|x| {
            second
                .iter()
                .find(|y| (x.path, x.fn_idx) != (y.path, y.fn_idx) && !(x.ordered && y.ordered))
                .map(|y| (x, y))
        });
        let Some((x, y)) = pair else { continue };
        // reported at the store that comes first in the workspace
        let (x, y) = if (y.path, y.store.span) < (x.path, x.store.span) {
            (y, x)
        } else {
            (x, y)
        };
        out.push(diag(ws, x, y));
    }
}

/// The workspace file at `path` (the files are sorted by path).
fn file_of<'w>(ws: &'w Workspace, path: &str) -> Option<&'w crate::model::WsFile<'w>> {
    let i = ws.files.binary_search_by(|f| f.path.cmp(path)).ok()?;
    ws.files.get(i)
}

fn fn_name<'w>(ws: &'w Workspace, s: &Side) -> &'w str {
    file_of(ws, s.path)
        .and_then(|f| f.model.fns.get(s.fn_idx))
        .map(|f| f.name.as_str())
        .unwrap_or("?")
}

fn diag(ws: &Workspace, x: &Side, y: &Side) -> Diagnostic {
    let (fa, fb) = (&x.store.text, &x.load.text);
    let (ya, yb) = (&y.load.text, &y.store.text);
    let (nx, ny) = (fn_name(ws, x), fn_name(ws, y));
    let msg = format!(
        "`{nx}` stores `{fa}` and then tests `{fb}`, while `{ny}` stores `{yb}` and then tests `{ya}`, with orderings weaker than `SeqCst`: each store can still be in its core's store buffer when the other thread loads, so both can read the old values and go on as if the other had not arrived (both sleep: a lost wake-up; or both enter)"
    );
    let d = STORE_LOAD_REORDER
        .diag(x.path, sp(x.store.span), msg)
        .label(
            sp(x.load.span),
            format!("`{fb}` tested here ({})", x.load.ordering),
        )
        .label_in(
            y.path,
            sp(y.store.span),
            format!("`{ny}` stores `{yb}` here ({})", y.store.ordering),
        )
        .label_in(
            y.path,
            sp(y.load.span),
            format!("and tests `{ya}` here ({})", y.load.ordering),
        )
        .note(format!(
            "`{}` store then `{}` load of another atomic may be reordered; only `SeqCst` on all four accesses (or `fence(Ordering::SeqCst)` between each store and load) makes one thread see the other's store",
            x.store.ordering, x.load.ordering
        ));
    // strengthening orderings keeps what each thread does and only removes reorderings
    let ops = [&x.store, &x.load, &y.store, &y.load];
    let weak: Vec<&&Op> = ops.iter().filter(|o| o.ordering != "SeqCst").collect();
    let edits: Option<Vec<Edit>> = weak
        .iter()
        .map(|o| {
            o.edit.as_ref().map(|(es, rep)| Edit {
                file: (o.path != x.path).then(|| o.path.to_string()),
                span: sp(*es),
                replacement: rep.clone(),
            })
        })
        .collect();
    match edits {
        Some(e) if !e.is_empty() => d.suggest_edits(
            "make the four accesses `SeqCst`",
            Applicability::MachineApplicable,
            e,
        ),
        _ => d.help(
            "use `Ordering::SeqCst` on both stores and both loads, or put `std::sync::atomic::fence(Ordering::SeqCst)` between the store and the load in both functions",
        ),
    }
}
