//! `loop-lock-order`: one lock per element of a collection, taken in a `for` loop and kept
//! (the guards pushed into a collection that outlives the iteration), in an order that two
//! callers can give differently: the collection is a parameter (the caller's order) or a hash
//! map or set built per call (an order that differs between maps holding the same keys). Two calls over
//! overlapping elements each hold one lock the other waits for. The in-process form of
//! `db-row-lock-order`'s hash order; a function that orders the elements itself (`sort`,
//! `BTreeMap`, `min`/`max`, `cmp`) is not reported.

use crate::diagnostic::Span;
use crate::model::data::facts::Facts;
use crate::model::func::{Callee, ReleaseCause, outermost};
use crate::model::{Acquisition, GuardKind, Mode};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::words;

declare_rule! {
    pub static LOOP_LOCK_ORDER = {
        id: "loop-lock-order",
        category: LOCK_ORDER,
        severity: Warning,
        summary: "locks of several elements are taken in a loop and all kept, in an order the caller (or a hash map) decides: two calls over the same elements in different orders deadlock",
    }
}

/// Methods that keep a guard passed to them in a collection.
const KEEPERS: &[&str] = &[
    "push",
    "push_back",
    "push_front",
    "insert",
    "extend",
    "append",
];

/// The function orders the elements itself before locking them.
fn orders_elements(text: &str) -> bool {
    ["sort", ".min(", ".max(", ".cmp(", "BTree", "sorted"]
        .iter()
        .any(|w| text.contains(w))
}

/// The guard of `a` (in function `fi`) is kept past the iteration of the loop whose body is
/// `body`: moved or passed into `keeper.push(..)` / `.insert(..)` of a local bound before
/// the loop. The keeper's name, or `None`.
fn kept<'m>(cx: &'m FileCtx, fi: usize, a: &Acquisition, body: Span) -> Option<&'m str> {
    let f = &cx.model.fns[fi];
    f.calls.iter().find_map(|c| {
        let Callee::Method {
            recv: Some(recv),
            name,
        } = &c.callee
        else {
            return None;
        };
        if !KEEPERS.contains(&name.as_str()) || !body.encloses(c.span) {
            return None;
        }
        let crate::model::place::Root::Local(keeper) = &recv.root else {
            return None;
        };
        // the guard itself is the argument, or an element of a tuple or `Some(..)` in it (not
        // a value computed under it: `push(m.lock().unwrap().len())`)
        let passed = c.args.iter().any(|s| {
            s.encloses(a.span) && {
                let text = &cx.source.text;
                let before = text[s.start..a.span.start].trim_end();
                let after = text[a.span.end..s.end].trim_start();
                (before.is_empty() || before.ends_with('(') || before.ends_with(','))
                    && (after.is_empty() || after.starts_with(')') || after.starts_with(','))
            }
        });
        // passed by a name bound to the guard (`let g = m.lock()..`, `if let Some(g) =
        // lock_region(id).await`)
        let moved = c.args.iter().any(|s| {
            let arg = cx.source.slice(*s).trim();
            matches!(&a.guard, GuardKind::Named(g) if g == arg && a.release_cause == ReleaseCause::Moved)
                || f.bindings.iter().any(|b| {
                    b.init.is_some_and(|i| i.encloses(a.span))
                        && b.names.iter().any(|n| n == arg)
                })
        });
        if !(passed || moved) {
            return None;
        }
        // the keeper is bound before the loop (or is a parameter)
        let outer = cx
            .model
            .fns
            .iter()
            .enumerate()
            .filter(|(i, _)| outermost(&cx.model.fns, *i) == outermost(&cx.model.fns, fi))
            .any(|(_, g)| {
                g.bindings
                    .iter()
                    .any(|b| b.names.contains(keeper) && b.span.end <= body.start)
                    || g.params.contains(keeper)
            });
        outer.then_some(keeper.as_str())
    })
}

pub fn check(cx: &mut FileCtx, facts: &Facts) {
    if facts.for_loops.is_empty() {
        return;
    }
    let mut out = Vec::new();
    for fl in &facts.for_loops {
        let top = outermost(&cx.model.fns, fl.fn_idx);
        let topf = &cx.model.fns[top];
        // a parameter of the function, or of a closure in it (bound in the closure's head)
        let fns = &cx.model.fns;
        let tree = || crate::model::func::tree(fns, top).map(move |i| &fns[i]);
        let caller_order = fl
            .root
            .as_ref()
            .filter(|r| {
                topf.params.contains(r)
                    || tree().any(|g| {
                        g.bindings.iter().any(|b| {
                            b.names.contains(r)
                                && b.init.is_none()
                                && b.span.start >= g.span.start
                                && !cx.source.text[g.span.start..b.span.start].contains(['{', '='])
                        })
                    })
            })
            .cloned();
        // a hash map or set built per call (a parameter or a local): two calls' maps order
        // the same keys differently; one shared map (a field) iterates in one order for all
        if fl.root.is_none() || (!fl.unordered && caller_order.is_none()) {
            continue;
        }
        if orders_elements(cx.source.slice(topf.span)) {
            continue;
        }
        let fi = fl.fn_idx;
        let f = &cx.model.fns[fi];
        let hit = f.acquisitions.iter().find_map(|a| {
            if !fl.body.encloses(a.span)
                || a.is_try
                || a.transient
                || a.shard
                || !matches!(a.mode, Mode::Exclusive | Mode::Upgradable)
            {
                return None;
            }
            // the lock differs per element: its place names the loop's element
            let place_words = words(&a.place.text);
            if !fl.names.iter().any(|n| place_words.contains(&n.as_str())) {
                return None;
            }
            // a gate held around the loop serialises the callers
            if f.acquisitions
                .iter()
                .any(|g| !fl.body.encloses(g.span) && g.live_at(a.span.start) && !g.is_try)
            {
                return None;
            }
            let keeper = kept(cx, fi, a, fl.body)?;
            Some((a, keeper))
        });
        let Some((a, keeper)) = hit else {
            continue;
        };
        let lock = &a.place.text;
        let (whose, fix) = match &caller_order {
            Some(p) if !fl.unordered => (
                format!("in the order the caller lists them in `{p}`"),
                format!(
                    "sort the elements before locking them (`{p}.sort_unstable(); {p}.dedup();` on an owned copy), or lock them in one fixed global order (by id or address)"
                ),
            ),
            _ => (
                "in a hash map's or set's iteration order, which differs between maps holding the same keys".to_string(),
                "collect the keys into a `Vec` and `sort()` it before locking (or keep a `BTreeMap`), so that every caller locks in one order".to_string(),
            ),
        };
        out.push(
            LOOP_LOCK_ORDER
                .diag(
                    cx.path,
                    a.span,
                    format!(
                        "`{lock}` is locked for each element, {whose}, and every guard is kept in `{keeper}`: two calls over overlapping elements in different orders each hold a lock the other waits for, a deadlock"
                    ),
                )
                .label(a.span, "one lock per element, taken in this loop")
                .help(fix),
        );
    }
    for d in out {
        cx.report(d);
    }
}
