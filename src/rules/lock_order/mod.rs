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
pub mod join_holding_lock;
pub mod lock_graph;
pub mod lock_order_inversion;
pub mod wait_holding_lock;

pub fn check_file(cx: &mut FileCtx) {
    double_lock::check_file(cx);
    guard_across_await::check_file(cx);
    lock_swaps(cx);
    join_releases(cx);
}

pub fn check_workspace(
    g: &mut lock_graph::Graph,
    facts: &[(&str, &WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    lock_order_inversion::check_workspace(g, facts, out);
    double_lock::check_workspace(g, out);
    join_holding_lock::check_workspace(g, facts, out);
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

/// A join (`join-holding-lock`) and the edits that release the guard held across it, made
/// here because the workspace phase has no source text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct JoinRelease {
    /// The join ([`crate::model::JoinWait::span`]) and the acquisition whose guard is released.
    pub join: Span,
    pub acquisition: Span,
    pub edits: Vec<Edit>,
}

/// For each join under a guard, the rewrite that ends the guard first:
/// - a temporary guard in the handle expression (`self.0.write().unwrap().handle.take()
///   .map(JoinHandle::join);`): the handle is taken out in a `let` of its own, whose end drops
///   the temporary, and joined in the next statement;
/// - a named guard whose `let` is in the same block as the join statement and that nothing
///   uses after the join: `drop(guard);` before the join statement.
fn join_releases(cx: &mut FileCtx) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    for (fi, f) in cx.model.fns.iter().enumerate() {
        for j in &f.joins {
            // the join statement: the line the handle expression starts, when it starts the
            // statement (`h.join()..;`, `let _ = h.join();`, `drop(h.join());`)
            let line_start = text[..j.span.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..j.span.start];
            let lead = indent.trim_start();
            if !matches!(lead, "" | "let _ = " | "drop(") {
                continue;
            }
            let indent = &indent[..indent.len() - lead.len()];
            let stmt_start = line_start + indent.len();
            for a in f
                .acquisitions
                .iter()
                .filter(|a| a.live_at(j.at) && !a.is_try)
            {
                let edits = match &a.guard {
                    GuardKind::Temporary if a.span.start >= j.span.start && a.span.end <= j.at => {
                        let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
                        let name = crate::rules::rewrite::fresh_from(
                            &["handle", "joined"],
                            &[&text[f.span.start..f.span.end]],
                            &chain,
                        );
                        let recv = &text[j.span.start..j.at];
                        vec![
                            Edit::new(
                                Span::new(stmt_start, stmt_start),
                                format!("let {name} = {recv};\n{indent}"),
                            ),
                            Edit::new(Span::new(j.span.start, j.at), name),
                        ]
                    }
                    GuardKind::Named(g)
                        if a.release_cause == crate::model::func::ReleaseCause::EndOfBlock =>
                    {
                        // the guard's `let` starts a line of the same indentation: one block
                        let let_line = text[..a.span.start].rfind('\n').map_or(0, |i| i + 1);
                        let let_indent = text[let_line..]
                            .chars()
                            .take_while(|c| *c == ' ' || *c == '\t')
                            .count();
                        let used_after = j.span.end < a.release
                            && words(&text[j.span.end..a.release.min(text.len())])
                                .contains(&g.as_str());
                        let used_in = words(&text[j.span.start..j.span.end]).contains(&g.as_str());
                        if let_indent != indent.len() || used_after || used_in {
                            continue;
                        }
                        vec![Edit::new(
                            Span::new(stmt_start, stmt_start),
                            format!("drop({g});\n{indent}"),
                        )]
                    }
                    _ => continue,
                };
                out.push(JoinRelease {
                    join: j.span,
                    acquisition: a.span,
                    edits,
                });
            }
        }
    }
    cx.facts.join_releases = out;
}
