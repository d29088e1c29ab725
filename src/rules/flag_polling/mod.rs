//! Rule family `flag-polling`: a thread waits for another by polling a flag that is not
//! synchronization.
//!
//! Every rule starts from the same AST fact, a *wait loop* ([`WaitLoop`]): a `while` / `loop`
//! whose body does nothing but wait (empty, spin hints, yields, sleeps, counters, logging) and
//! whose exits (`while` condition, `if .. { break }`) are pure reads. What the exits read then
//! decides the rule:
//!
//! - a `static mut`, a raw-pointer / `UnsafeCell` deref, a volatile read: `non-atomic-flag`
//!   ([`non_atomic_flag`]);
//! - a lock: `spin-on-lock` ([`spin_on_lock`]);
//! - an atomic or a lock, with a `sleep(..).await` in the body: `async-sleep-poll`
//!   ([`async_sleep_poll`]);
//! - a `Relaxed` load: `relaxed-publication`, and a `Relaxed` store read with `Acquire`:
//!   `relaxed-flag-store` ([`relaxed`]). Both need the other side of the flag, possibly in
//!   another file: the per-file phase extracts the facts the model lacks (wait loops, what is
//!   written before a store and read after a wait, the text of the edits) into the file's
//!   typed [`crate::rules::WorkspaceFacts`], which [`check_workspace`] reads.

mod accesses;
pub mod async_sleep_poll;
pub mod non_atomic_flag;
pub mod relaxed;
pub mod spin_on_lock;
mod wait_loop;

#[cfg(test)]
mod tests;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::Workspace;
use crate::rules::FileCtx;

pub use wait_loop::WaitLoop;

pub fn check_file(cx: &mut FileCtx) {
    let loops = wait_loop::collect(cx);
    // Every rule here starts from a wait loop or an atomic operation: a file with neither
    // (most files) needs no walk for non-atomic accesses.
    if loops.is_empty() && !cx.model.has_atomics() {
        return;
    }
    let acc = accesses::collect(cx);
    non_atomic_flag::check(cx, &loops, &acc);
    spin_on_lock::check(cx, &loops);
    async_sleep_poll::check(cx, &loops);
    relaxed::extract_facts(cx, &loops, &acc);
}

pub fn check_workspace(
    ws: &Workspace,
    files: &[(&str, &crate::rules::WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    relaxed::check_workspace(ws, files, out);
}

/// The text of `span` in `text` (empty when out of range).
pub(crate) fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// `Ordering::Relaxed` -> `Ordering::Acquire`: the argument's own text with the ordering's
/// last path segment replaced.
pub(crate) fn replace_ordering(arg_text: &str, from: &str, to: &str) -> Option<String> {
    let pos = arg_text.rfind(from)?;
    if pos + from.len() != arg_text.trim_end().len() {
        return None;
    }
    Some(format!("{}{}", &arg_text[..pos], to))
}

/// The last path segment of a call's function (`std::thread::sleep` -> `sleep`).
pub(crate) fn call_name(c: &syn::ExprCall) -> Option<String> {
    match &*c.func {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub(crate) fn call_path(c: &syn::ExprCall) -> Vec<String> {
    match &*c.func {
        syn::Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Strip parentheses, groups and single-expression `unsafe { .. }` / `{ .. }` blocks.
pub(crate) fn peel(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Unsafe(u) if u.block.stmts.len() == 1 => match &u.block.stmts[0] {
                syn::Stmt::Expr(inner, None) => e = inner,
                _ => return e,
            },
            syn::Expr::Block(b) if b.block.stmts.len() == 1 && b.label.is_none() => {
                match &b.block.stmts[0] {
                    syn::Stmt::Expr(inner, None) => e = inner,
                    _ => return e,
                }
            }
            _ => return e,
        }
    }
}

/// Short display text for messages: whitespace collapsed, at most ~60 chars.
pub(crate) fn short(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 60 {
        let s: String = collapsed.chars().take(57).collect();
        format!("{s}...")
    } else {
        collapsed
    }
}
