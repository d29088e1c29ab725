//! `notified-after-check`: tokio `Notify` — the state is checked, then `n.notified().await`
//! creates the future after the check; `notify_waiters()` wakes only futures that exist, so a
//! notification between the check and the await is lost.

use crate::diagnostic::Diagnostic;
use crate::rules::condvars::Index;
use crate::rules::declare_rule;
use crate::rules::lock_order::lock_graph::{display_identity, fn_display};

declare_rule! {
    pub static NOTIFIED_AFTER_CHECK = {
        id: "notified-after-check",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "`notified().await` is created after the state check while the notifier uses `notify_waiters()` (lost wake-up)",
    }
}

pub fn check_workspace(ix: &Index, out: &mut Vec<Diagnostic>) {
    for w in &ix.notified {
        if !w.wait.inline || !w.wait.context.after_check() {
            continue;
        }
        let on_it: Vec<_> = ix
            .notifies
            .iter()
            .filter(|n| n.target == w.notify)
            .collect();
        // `notify_one` stores a permit that a later `notified()` consumes: nothing is lost
        if on_it
            .iter()
            .any(|n| matches!(n.notify.method.as_str(), "notify_one" | "notify_last"))
        {
            continue;
        }
        let Some(n) = on_it.iter().find(|n| n.notify.method == "notify_waiters") else {
            continue;
        };
        let name = display_identity(&w.notify);
        let f = &ix.fns(w.at.file)[w.at.func];
        let nf = &ix.fns(n.at.file)[n.at.func];
        let text = &w.wait.notify.text;
        out.push(
            NOTIFIED_AFTER_CHECK
                .diag(
                    w.at.path,
                    w.wait.span,
                    format!(
                        "lost wake-up: {} checks its state and only then creates `{text}.notified()`; {} calls `notify_waiters()`, which wakes only `Notified` futures that already exist and stores no permit, so a notification between the check and this `.await` is lost and the task waits for the next one",
                        fn_display(f),
                        fn_display(nf)
                    ),
                )
                .label_in(n.at.path, n.notify.span, format!("`{name}` notified here without a permit"))
                .note(format!(
                    "create the future before the check: `let notified = {text}.notified(); tokio::pin!(notified); notified.as_mut().enable();` then check the state, then `notified.await` (or use `notify_one()`, which stores a permit)"
                )),
        );
    }
}
