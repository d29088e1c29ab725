//! `notify-without-lock`: a Condvar is notified without the waiter's condition having been
//! changed under the condvar's mutex: the notification can fall between the waiter's check and
//! its wait, and the waiter sleeps forever.

use crate::diagnostic::{Applicability, Diagnostic, Span};
use crate::model::condvar::WaitContext;
use crate::model::lock_graph::{display_identity, fn_display};
use crate::model::syntax::AtomicKind;
use crate::rules::condvars::Index;
use crate::rules::declare_rule;

declare_rule! {
    pub static NOTIFY_WITHOUT_LOCK = {
        id: "notify-without-lock",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a Condvar is notified without the waiter's condition being changed under its mutex (lost wake-up)",
    }
}

pub fn check_workspace(ix: &Index, out: &mut Vec<Diagnostic>) {
    for n in &ix.notifies {
        if !matches!(n.notify.method.as_str(), "notify_one" | "notify_all") {
            continue;
        }
        // waiters that sleep until notified, on this condvar, elsewhere
        let waiters: Vec<&crate::rules::condvars::Wait> = ix
            .waits
            .iter()
            .filter(|w| w.condvar == n.target && !w.wait.timeout && !same_thread(ix, w, n))
            .collect();
        let Some(&first) = waiters.first() else {
            continue;
        };
        // a waiter whose condition is data under the mutex: `while !*g`, `wait_while(g, ..)`
        let guarded = waiters.iter().copied().find(|w| {
            w.wait.with_predicate
                || matches!(&w.wait.context, WaitContext::While { reads, .. }
                    if w.wait.guard.as_ref().is_some_and(|g| reads.contains(g)))
        });
        let f = &ix.fns(n.at.file)[n.at.func];
        let at = n.notify.span.start;
        let w = guarded.unwrap_or(first);
        let lock = &w.mutex;
        let lock_name = display_identity(lock);
        let cv = display_identity(&n.target);
        let wf = &ix.fns(w.at.file)[w.at.func];
        let notify_text = format!("{}.{}()", n.notify.target.text, n.notify.method);
        // an atomic written before the notify, with the mutex neither held there nor taken
        // between the write and the notify
        let store = f
            .atomics
            .iter()
            .filter(|o| o.span.end <= at && AtomicKind::writes(&o.op))
            .filter(|o| {
                !f.acquisitions.iter().any(|a| {
                    a.call_span.start < at
                        && a.release > o.span.start
                        && ix.lock_identity(n.at.file, n.at.func, a) == *lock
                })
            })
            .max_by_key(|o| o.span.start);
        let msg = if let Some(s) = store {
            // the mutex taken after the store and before the notify orders the store with
            // the waiter's check; so does a caller holding it around the whole call
            let taken_after = f.acquisitions.iter().any(|a| {
                a.call_span.start > s.span.start
                    && a.call_span.start < at
                    && ix.lock_identity(n.at.file, n.at.func, a) == *lock
            });
            if taken_after || ix.callers_hold(n.at.file, n.at.func, lock) {
                continue;
            }
            format!(
                "lost wake-up: `{}` is written without holding `{lock_name}` and then `{notify_text}` wakes the waiter in {}, which checks its condition under `{lock_name}`: the write and the notification can both fall between the waiter's check and its `{}`, and it sleeps forever",
                s.place.text,
                fn_display(wf),
                w.wait.method
            )
        } else {
            // with nothing written, the notify is only wrong when the waiter's condition is
            // data under the mutex (a waiter that re-checks an atomic after waking, like a
            // parker, is only woken early)
            if guarded.is_none() || ix.lock_taken_around(n.at.file, n.at.func, lock, at) {
                continue;
            }
            format!(
                "lost wake-up: `{notify_text}` in {} changes nothing under `{lock_name}`, the mutex the waiter in {} checks its condition under before it sleeps in `{}`: the notification can come between the waiter's check and its wait (or find the condition unchanged), and the waiter sleeps forever",
                fn_display(f),
                fn_display(wf),
                w.wait.method
            )
        };
        let mut d = NOTIFY_WITHOUT_LOCK
            .diag(n.at.path, n.notify.span, msg)
            .label_in(
                w.at.path,
                w.wait.span,
                format!("waits on `{cv}` with the `{lock_name}` guard"),
            );
        if let Some(s) = store {
            d = d.label(s.span, format!("written without `{lock_name}`"));
            if let Some(take) = take_and_drop(ix, w, f) {
                d = d.suggest(
                    format!("take and drop `{lock_name}` between the write and the notify"),
                    Applicability::MaybeIncorrect,
                    Span::new(at, at),
                    format!("drop({take}); "),
                );
            }
        }
        out.push(d.note(format!(
            "change the condition while holding `{lock_name}` (lock it, write, drop the guard), then notify; for an atomic condition, take and drop `{lock_name}` between the store and the notify"
        )));
    }
}

/// `self.queue.lock().unwrap()` as the notifier can write it: the waiter's lock is a field of
/// `self` of the same type, or a static; std locks get `.unwrap()`.
fn take_and_drop(
    ix: &Index,
    w: &crate::rules::condvars::Wait,
    notifier: &crate::model::FnModel,
) -> Option<String> {
    use crate::model::Root;
    let wf = &ix.fns(w.at.file)[w.at.func];
    let a = w.guard_acq;
    let same_root = match &a.place.root {
        Root::SelfRef => wf.self_ty.is_some() && wf.self_ty == notifier.self_ty,
        Root::Static(_) => true,
        Root::Local(name) => a.place.fields.is_empty() && ix.is_static(name),
        _ => false,
    };
    if !same_root || a.wrapper.is_some() || a.awaited || a.method != "lock" {
        return None;
    }
    let origin = ix.lock_origin(w.at.file, w.at.func, a)?;
    let unwrap = if origin == "std" { ".unwrap()" } else { "" };
    Some(format!("{}.lock(){unwrap}", a.place.text))
}

/// The wait and the notify are in one function (or closures of it run in place): one thread.
fn same_thread(
    ix: &Index,
    w: &crate::rules::condvars::Wait,
    n: &crate::rules::condvars::NotifyAt,
) -> bool {
    let (wf, nf) = (ix.fns(w.at.file), ix.fns(n.at.file));
    let same_top = w.at.file == n.at.file
        && crate::model::func::outermost(wf, w.at.func)
            == crate::model::func::outermost(nf, n.at.func);
    same_top && !wf[w.at.func].spawned && !nf[n.at.func].spawned
}
