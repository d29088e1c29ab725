//! `async-sleep-poll`: async code polls a shared flag (an atomic, or a value behind a lock)
//! and sleeps between checks.

use super::{WaitLoop, short};
use crate::diagnostic::Span;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static ASYNC_SLEEP_POLL = {
        id: "async-sleep-poll",
        category: FLAG_POLLING,
        severity: Note,
        summary: "async code sleep-polls a shared flag instead of awaiting a notification",
    }
}

pub fn check(cx: &mut FileCtx, loops: &[WaitLoop]) {
    for l in loops {
        let Some(sleep) = l.async_sleep else {
            continue;
        };
        let fm = &cx.model.fns[l.fn_idx];
        if !fm.is_async {
            continue;
        }
        let polled: Option<(Span, String)> = fm
            .own_atomics()
            .find(|a| a.op == "load" && l.polls(a.span))
            .map(|a| (a.span, a.place.text.clone()))
            .or_else(|| {
                fm.acquisitions
                    .iter()
                    .find(|a| !a.is_try && l.polls(a.call_span))
                    .map(|a| (a.span, a.place.text.clone()))
            });
        let Some((span, place)) = polled else {
            continue;
        };
        let place = short(&place);
        let msg = format!(
            "this async loop polls `{place}` and sleeps between checks: the task wakes up for nothing while the flag is unset, and reacts up to one sleep late once it is set"
        );
        let d = ASYNC_SLEEP_POLL.diag(cx.path, span, msg)
            .label(l.head, "polls here")
            .label(sleep, "sleeps, then polls again")
            .help(format!(
                "await a notification instead of polling: a `tokio::sync::watch` channel (`let mut rx = tx.subscribe(); rx.wait_for(|ready| *ready).await` here, `tx.send_replace(true)` where `{place}` is set), or a `tokio::sync::Notify` (`notify.notified().await` here, `notify.notify_waiters()` after setting the flag)"
            ));
        cx.report(d);
    }
}
