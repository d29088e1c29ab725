//! Rule family `lock-order`: deadlocks from inconsistent lock order, re-locking a lock the
//! thread already holds, and blocking guards held across `.await`.
//!
//! * `double-lock` ([`double_lock`]): within one function (and the closures it runs in
//!   place) per file, where the source text is at hand for the std-poison heuristic; through
//!   calls to functions defined anywhere in the workspace in the workspace phase.
//! * `guard-across-await` ([`guard_across_await`]): per file; a receiver whose type is defined in
//!   another file is confirmed by the workspace phase through a [`crate::model::Requirement`].
//! * `lock-order-inversion` ([`lock_order_inversion`]): one lock-order graph over the whole workspace.

use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::rules::FileCtx;

pub mod double_lock;
pub mod guard_across_await;
pub mod lock_graph;
pub mod lock_order_inversion;

pub fn check_file(cx: &mut FileCtx) {
    double_lock::check_file(cx);
    guard_across_await::check_file(cx);
}

pub fn check_workspace(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut g = lock_graph::Graph::new(ws);
    lock_order_inversion::check_workspace(&mut g, out);
    double_lock::check_workspace(&mut g, out);
}

#[cfg(test)]
mod tests;
