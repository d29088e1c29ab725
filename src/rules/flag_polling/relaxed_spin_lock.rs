//! `relaxed-spin-lock`: a hand-made lock (an atomic that a loop claims with
//! `compare_exchange` or `swap` and that a `store` gives back) taken without `Acquire` or
//! released without `Release`. The lock then excludes the threads but orders nothing: the
//! writes one holder makes under the lock are not guaranteed visible to the next holder.

use super::{receiver_text, replace_ordering};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::flags::ordering::{Op, OrderingFacts};
use crate::model::syntax::slice;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static RELAXED_SPIN_LOCK = {
        id: "relaxed-spin-lock",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a hand-made spin lock is taken without `Acquire` or released without `Release`",
    }
}

fn text_of(text: &str, s: Span) -> String {
    slice(text, s).split_whitespace().collect()
}

fn exclusive(cx: &FileCtx, op: &Op) -> bool {
    cx.model.fn_enclosing(op.span).is_some_and(|fi| {
        crate::model::actors::self_field_exclusive(cx.model, &cx.source.text, fi, op.receiver)
            .is_some()
    })
}

pub fn check(cx: &mut FileCtx, facts: &OrderingFacts) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    // the unlocks: a store of the unlocked value into an atomic some loop claims
    let unlocks = |a: &crate::model::flags::ordering::SpinAcquire| {
        facts
            .stores
            .iter()
            .filter(|s| s.field == a.field && s.op.span != a.op.span)
            .filter(|s| {
                let v = text_of(text, s.value);
                match (a.unlocked, a.locked) {
                    (Some(u), _) => v == text_of(text, u),
                    (None, Some(l)) => v != text_of(text, l),
                    _ => false,
                }
            })
            .collect::<Vec<_>>()
    };
    let mut reported_stores: Vec<Span> = Vec::new();
    for a in &facts.spin_acquires {
        let unl = unlocks(a);
        if unl.is_empty() || exclusive(cx, &a.op) {
            continue;
        }
        let lock = receiver_text(slice(text, a.op.receiver));
        let weak_claim = matches!(a.op.ordering.name.as_str(), "Relaxed" | "Release");
        // a boolean lock claimed with an acquiring `compare_exchange`: `relaxed-flag-store`
        // reports its `Relaxed` release (a store that an `Acquire` reader pairs with)
        if !weak_claim && a.unlocked.is_some_and(|u| text_of(text, u) == "false") {
            continue;
        }
        // both sides are fixed together: an `Acquire` claim whose release stays `Relaxed`
        // (or the reverse) still orders nothing
        let claim_edit = if weak_claim {
            let to = if a.op.ordering.name == "Release" {
                "AcqRel"
            } else {
                "Acquire"
            };
            replace_ordering(slice(text, a.op.ordering.span), &a.op.ordering.name, to)
                .map(|rep| Edit::new(a.op.ordering.span, rep))
        } else {
            None
        };
        let weak_unlocks: Vec<_> = unl
            .iter()
            .filter(|s| s.op.ordering.name == "Relaxed" && !exclusive(cx, &s.op))
            .collect();
        let store_edits: Option<Vec<Edit>> = weak_unlocks
            .iter()
            .map(|s| {
                replace_ordering(slice(text, s.op.ordering.span), "Relaxed", "Release")
                    .map(|rep| Edit::new(s.op.ordering.span, rep))
            })
            .collect();
        let edits: Option<Vec<Edit>> = match (weak_claim, &claim_edit, store_edits) {
            (true, None, _) | (_, _, None) => None,
            (_, c, Some(st)) => Some(c.iter().cloned().chain(st).collect()),
        };
        let finish = |d: Diagnostic, help: String| match &edits {
            Some(e) => d.suggest_edits(help, Applicability::MachineApplicable, e.clone()),
            None => d.help(help),
        };
        if weak_claim {
            let msg = format!(
                "the lock `{lock}` is taken with `{}()` and `{}`: the loop excludes other holders but does not synchronize with the last one, so the data it wrote under the lock may not be visible to this holder (stale reads, lost updates)",
                a.op.method, a.op.ordering.name
            );
            let d = RELAXED_SPIN_LOCK
                .diag(cx.path, a.op.at, msg)
                .label(a.head, "spins here until it holds the lock")
                .label(unl[0].op.at, "the lock is released here");
            out.push(finish(
                d,
                "take the lock with `Acquire` and release it with `Release` (or use `std::sync::Mutex` / `parking_lot::Mutex`)".to_string(),
            ));
        }
        for s in weak_unlocks {
            if reported_stores.contains(&s.op.span) {
                continue;
            }
            reported_stores.push(s.op.span);
            let msg = format!(
                "the lock `{lock}` is released with a `Relaxed` store: the writes made while holding it can become visible after the next holder has taken it (it reads stale data, or its writes are overwritten)"
            );
            let d = RELAXED_SPIN_LOCK
                .diag(cx.path, s.op.at, msg)
                .label(a.op.at, "the lock is taken here");
            out.push(finish(
                d,
                "release the lock with `Release` and take it with `Acquire` (or use `std::sync::Mutex` / `parking_lot::Mutex`)".to_string(),
            ));
        }
    }
    for d in out {
        cx.report(d);
    }
}
