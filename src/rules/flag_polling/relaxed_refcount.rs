//! `relaxed-refcount`: the decrement of a reference count whose last owner frees the object,
//! with an ordering that does not both release and acquire. Every owner's uses of the object
//! must happen before the free: each decrement releases them, and the last owner acquires
//! them all before it frees (`fetch_sub(1, Release)` then `fence(Acquire)`, or `AcqRel`).

use super::{receiver_text, strengthen};
use crate::model::flags::ordering::OrderingFacts;
use crate::model::syntax::slice;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static RELAXED_REFCOUNT = {
        id: "relaxed-refcount",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a reference count's last decrement frees the object without ordering the other owners' uses before the free",
    }
}

pub fn check(cx: &mut FileCtx, facts: &OrderingFacts) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    for r in &facts.releases {
        let op = &r.op;
        let why = match op.ordering.name.as_str() {
            "Relaxed" => {
                "neither releases this owner's uses of the object nor acquires the other owners'"
            }
            "Acquire" => "does not release: another owner's last uses may still be in flight",
            "Release" if !r.acquire_between => {
                "releases but nothing acquires before the free (no `fence(Acquire)`): the other owners' last uses may still be in flight"
            }
            _ => continue,
        };
        let recv = receiver_text(slice(text, op.receiver));
        let msg = format!(
            "the last owner frees the object after `{recv}.fetch_sub(1, {})`, which {why}: the free can overtake another thread's use of the object (use after free)",
            op.ordering.name
        );
        let d = RELAXED_REFCOUNT
            .diag(cx.path, op.at, msg)
            .label(r.free, "freed here by the last owner");
        let help = "decrement with `Ordering::AcqRel` (or with `Release` and a `fence(Ordering::Acquire)` before the free, as `std::sync::Arc` does)".to_string();
        out.push(strengthen(d, text, &op.ordering, "AcqRel", help));
    }
    for d in out {
        cx.report(d);
    }
}
