//! Rule family `lock-order`: deadlocks from inconsistent lock order, re-locking a lock the
//! thread already holds, and blocking guards held across `.await`.
//!
//! * `double-lock` ([`double_lock`]): within one function (and the closures it runs in
//!   place) per file, where the source text is at hand for the std-poison heuristic; through
//!   calls to functions defined anywhere in the workspace in the workspace phase.
//! * `guard-across-await` ([`across_await`]): per file; a receiver whose type is defined in
//!   another file is confirmed by the workspace phase through a [`crate::model::Requirement`].
//! * `lock-order-inversion` ([`inversion`]): one lock-order graph over the whole workspace.

use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::rules::FileCtx;

pub mod across_await;
pub mod common;
pub mod double_lock;
pub mod inversion;

pub fn check_file(cx: &mut FileCtx) {
    double_lock::check_file(cx);
    across_await::check_file(cx);
}

pub fn check_workspace(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut g = common::Graph::new(ws);
    inversion::check_workspace(&mut g, out);
    double_lock::check_workspace(&mut g, out);
}

#[cfg(test)]
mod tests;
