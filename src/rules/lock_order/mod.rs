//! Rule family `lock-order`: deadlocks from inconsistent lock order, re-locking a lock the
//! thread already holds, and blocking guards held across `.await`.
//!
//! * `double-lock` ([`double_lock`]): within one function (and the closures it runs in
//!   place) per file, where the source text is at hand for the std-poison heuristic; through
//!   calls to functions defined anywhere in the workspace in the workspace phase.
//! * `guard-across-await` ([`guard_across_await`]): per file; a receiver whose type is defined in
//!   another file is confirmed by the workspace phase through a [`crate::model::Requirement`].
//! * `lock-order-inversion` ([`lock_order_inversion`]): one lock-order graph over the whole workspace.

use crate::diagnostic::{Diagnostic, Edit, Span};
use crate::model::GuardKind;
use crate::rules::rewrite::words;
use crate::rules::{FileCtx, WorkspaceFacts};

pub mod db_row_lock_order;
pub mod double_lock;
pub mod guard_across_await;
pub mod lock_graph;
pub mod lock_order_inversion;
pub mod wait_holding_lock;

pub fn check_file(cx: &mut FileCtx) {
    double_lock::check_file(cx);
    guard_across_await::check_file(cx);
    lock_swaps(cx);
}

pub fn check_workspace(
    g: &mut lock_graph::Graph,
    facts: &[(&str, &WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    lock_order_inversion::check_workspace(g, facts, out);
    double_lock::check_workspace(g, out);
}

/// Two `let` statements next to each other that each take a named guard (`let a =
/// x.lock()..; let b = y.lock()..;`), the second not using the first guard: swapping them
/// takes `y` first. The workspace phase has no source text, so the edits are made here.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LockSwap {
    /// The lock calls of the first and the second acquisition.
    pub first: Span,
    pub second: Span,
    pub edits: Vec<Edit>,
}

fn lock_swaps(cx: &mut FileCtx) {
    let text = &cx.source.text;
    let mut swaps = Vec::new();
    for f in &cx.model.fns {
        let named: Vec<(&crate::model::Acquisition, &crate::model::func::Binding)> = f
            .acquisitions
            .iter()
            .filter_map(|a| {
                let GuardKind::Named(n) = &a.guard else {
                    return None;
                };
                // by name through the binding index: a scan of every binding for every
                // named guard was quadratic in a function holding many guards
                let b = f
                    .bindings_named(n)
                    .find(|b| b.names.len() == 1 && b.span.encloses(a.span))?;
                Some((a, b))
            })
            .collect();
        for w in named.windows(2) {
            let ((a, ba), (b, bb)) = (w[0], w[1]);
            let (GuardKind::Named(an), true) = (&a.guard, ba.span.end <= bb.span.start) else {
                continue;
            };
            let (sa, sb) = (
                &text[ba.span.start..ba.span.end],
                &text[bb.span.start..bb.span.end],
            );
            let adjacent = text[ba.span.end..bb.span.start].trim().is_empty();
            let statements = sa.starts_with("let ") && sb.starts_with("let ");
            let statements =
                statements && sa.trim_end().ends_with(';') && sb.trim_end().ends_with(';');
            if adjacent
                && statements
                && !words(sb).contains(&an.as_str())
                && a.live_at(b.call_span.start)
            {
                swaps.push(LockSwap {
                    first: a.call_span,
                    second: b.call_span,
                    edits: vec![Edit::new(ba.span, sb), Edit::new(bb.span, sa)],
                });
            }
        }
    }
    cx.facts.lock_swaps = swaps;
}

#[cfg(test)]
mod tests;
