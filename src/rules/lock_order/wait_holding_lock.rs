//! `wait-holding-lock`: a Condvar wait releases only the mutex of the guard it is handed;
//! another guard held across the wait stays locked while the thread sleeps.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workspace;
use crate::model::lock_graph::{display_identity, fn_display};
use crate::rules::condvars::Index;
use crate::rules::declare_rule;

declare_rule! {
    pub static WAIT_HOLDING_LOCK = {
        id: "wait-holding-lock",
        category: LOCK_ORDER,
        severity: Warning,
        summary: "a Condvar wait keeps another lock held while it sleeps (deadlock when the notifier needs that lock)",
    }
}

pub fn check_workspace(ws: &Workspace, ix: &Index, out: &mut Vec<Diagnostic>) {
    let _ = ws;
    for w in &ix.waits {
        let f = &ix.fns(w.at.file)[w.at.func];
        let at = w.wait.span.start;
        let cv = display_identity(&w.condvar);
        let mutex = display_identity(&w.mutex);
        let mut seen: Vec<String> = Vec::new();
        for h in f.held_at(at) {
            if std::ptr::eq(h, w.guard_acq)
                || w.wait.guard_span.encloses(h.span)
                || h.is_try
                || w.wait
                    .guard
                    .as_ref()
                    .is_some_and(|g| h.guard == crate::model::GuardKind::Named(g.clone()))
            {
                continue;
            }
            let held = ix.lock_identity(w.at.file, w.at.func, h);
            if held == w.mutex || seen.contains(&held) {
                continue;
            }
            seen.push(held.clone());
            let held_name = display_identity(&held);
            let notifiers: Vec<_> = ix
                .notifies
                .iter()
                .filter(|n| n.target == w.condvar)
                .collect();
            let needing = notifiers.iter().find_map(|n| {
                ix.acquires_before(n.at.file, n.at.func, &held, n.notify.span.start)
                    .map(|a| (n, a))
            });
            let wait_text = format!("{}.{}(..)", w.wait.condvar.text, w.wait.method);
            if let Some((n, a)) = needing {
                let nf = &ix.fns(n.at.file)[n.at.func];
                let mut d = WAIT_HOLDING_LOCK
                    .diag(
                        w.at.path,
                        w.wait.span,
                        format!(
                            "deadlock: `{wait_text}` in {} releases only `{mutex}` and sleeps holding `{held_name}`; {} locks `{held_name}` before it notifies `{cv}`, so it blocks on `{held_name}` and the notification never comes",
                            fn_display(f),
                            fn_display(nf)
                        ),
                    )
                    .label(h.span, format!("`{held_name}` locked here and held across the wait"))
                    .label_in(
                        n.at.path,
                        a.span,
                        format!("the notifier locks `{}` (`{held_name}`) here", a.place.text),
                    )
                    .label_in(n.at.path, n.notify.span, "and notifies only after it")
                    .note(format!(
                        "drop the `{held_name}` guard before waiting (or take `{held_name}` after the wait), or let the notifier notify without taking `{held_name}`"
                    ));
                d.severity = Severity::Error;
                out.push(d);
            } else if notifiers.is_empty() {
                out.push(
                    WAIT_HOLDING_LOCK
                        .diag(
                            w.at.path,
                            w.wait.span,
                            format!(
                                "`{wait_text}` in {} releases only `{mutex}` and sleeps holding `{held_name}`: every other thread that needs `{held_name}` blocks for the whole wait (and deadlocks if it is the one that would notify `{cv}`)",
                                fn_display(f)
                            ),
                        )
                        .label(h.span, format!("`{held_name}` locked here and held across the wait"))
                        .note(format!("drop the `{held_name}` guard before waiting, or take `{held_name}` after the wait")),
                );
            }
        }
    }
}
