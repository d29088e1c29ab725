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
//!   typed [`crate::rules::WorkspaceFacts`], which [`check_workspace`] reads;
//! - a pointer published or consumed through an atomic without `Release` / `Acquire`:
//!   `relaxed-pointer` ([`relaxed_pointer`]); a reference count's last decrement that frees
//!   without ordering the other owners' uses: `relaxed-refcount` ([`relaxed_refcount`]); a
//!   hand-made spin lock taken without `Acquire` or released without `Release`:
//!   `relaxed-spin-lock` ([`relaxed_spin_lock`]); all over the model's ordering facts
//!   ([`crate::model::flags::ordering`]);
//! - two atomics each stored by one function and then loaded by it, in opposite roles, with
//!   orderings weaker than `SeqCst`: `store-load-reorder` ([`store_load_reorder`]).

pub mod async_sleep_poll;
pub mod non_atomic_flag;
pub mod notified_after_check;
pub mod notify_without_lock;
pub mod pending_without_wake;
pub mod relaxed;
pub mod relaxed_flag_store;
pub mod relaxed_pointer;
pub mod relaxed_publication;
pub mod relaxed_refcount;
pub mod relaxed_spin_lock;
pub mod spin_on_lock;
pub mod store_load_reorder;
pub mod wait_without_loop;
pub mod waker_after_check;

#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::rules::FileCtx;

pub use crate::model::flags::WaitLoop;

pub fn check_file(cx: &mut FileCtx) {
    wait_without_loop::check(cx);
    waker_after_check::check(cx);
    pending_without_wake::check(cx);
    notified_after_check::rewrites(cx);
    let ordering = crate::model::flags::ordering::collect(cx.syntax());
    relaxed_pointer::check(cx, &ordering);
    relaxed_refcount::check(cx, &ordering);
    relaxed_spin_lock::check(cx, &ordering);
    let loops = crate::model::flags::wait_loop::collect(cx.syntax());
    // Every rule here starts from a wait loop or an atomic operation: a file with neither
    // (most files) needs no walk for non-atomic accesses.
    if loops.is_empty() && !cx.model.has_atomics() {
        return;
    }
    let acc = crate::model::flags::accesses::collect(cx.syntax());
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
    let ix = crate::rules::condvars::Index::build(ws);
    notify_without_lock::check_workspace(&ix, out);
    notified_after_check::check_workspace(&ix, files, out);
    crate::rules::lock_order::wait_holding_lock::check_workspace(ws, &ix, out);
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

/// A receiver's text for messages: [`short`], with a method chain's line breaks closed up
/// (`self\n    .locked` -> `self.locked`).
pub(crate) fn receiver_text(text: &str) -> String {
    short(text).replace(" .", ".")
}

/// The suggestion that strengthens an atomic operation's ordering argument to `to`
/// (machine-applicable: a stronger ordering never changes what one thread computes), or the
/// help alone when the argument is not written as a plain ordering path.
pub(crate) fn strengthen(
    d: crate::diagnostic::Diagnostic,
    text: &str,
    arg: &crate::model::flags::ordering::OrderingArg,
    to: &str,
    help: String,
) -> crate::diagnostic::Diagnostic {
    let current = text.get(arg.span.start..arg.span.end).unwrap_or("");
    match replace_ordering(current, &arg.name, to) {
        Some(rep) => d.suggest(
            help,
            crate::diagnostic::Applicability::MachineApplicable,
            arg.span,
            rep,
        ),
        None => d.help(help),
    }
}
