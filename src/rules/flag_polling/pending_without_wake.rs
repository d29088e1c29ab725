//! `pending-without-wake`: a poll function returns `Poll::Pending` after the inner future or
//! stream it polled came back `Ready`, without registering or waking its own waker.
//!
//! A future that returns `Poll::Pending` promises that its waker will be woken when it can
//! make progress; it keeps that promise by handing the waker on (an inner poll that itself
//! returns `Pending` has stored it) or by storing it somewhere. An inner poll that returned
//! `Ready` stored nothing. When the code after a `Ready` (buffering an item that does not yet
//! complete a group, skipping a filtered item) returns `Pending` and this poll hands its
//! `Context` to no one else, nobody holds the waker: the task is never polled again and hangs.
//!
//! A query over the model's poll facts ([`crate::model::func::ReadyFall`]): the inner poll
//! whose `Ready` outcome goes on past its statement, a `Poll::Pending` after it in the same
//! block, and the function's `Context` used by that one poll only, with no `wake` in the body.

use crate::diagnostic::{Applicability, Edit, Span};
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::words;

declare_rule! {
    pub static PENDING_WITHOUT_WAKE = {
        id: "pending-without-wake",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a poll returns `Poll::Pending` after its inner poll returned `Ready`, and nothing holds the waker: the task is never woken (lost wake-up)",
    }
}

pub fn check(cx: &mut FileCtx) {
    let mut out = Vec::new();
    for f in &cx.model.fns {
        let Some(context) = f.context.as_deref() else {
            continue;
        };
        if f.ready_falls.is_empty() {
            continue;
        }
        let body = cx.source.slice(f.body);
        // the `Context` goes to one inner poll only, and no waker is woken or stored by hand
        if words(body).iter().filter(|w| **w == context).count() != 1
            || !f.waker_stores.is_empty()
            || f.calls.iter().any(|c| c.name().contains("wake"))
        {
            continue;
        }
        for rf in &f.ready_falls {
            let Some(&pending) = f
                .pendings
                .iter()
                .filter(|&&p| p >= rf.after && p < rf.block_end)
                .min()
            else {
                continue;
            };
            let text = "Poll::Pending";
            let at = Span::new(pending, pending + text.len());
            let written = cx.source.slice(at) == text;
            let poll = cx.source.slice(rf.poll).trim().to_string();
            let poll = if poll.len() > 60 || poll.contains('\n') {
                "the inner poll".to_string()
            } else {
                format!("`{poll}`")
            };
            let d = PENDING_WITHOUT_WAKE
                .diag(
                    cx.path,
                    at,
                    format!(
                        "lost wake-up: this returns `Poll::Pending` after {poll} returned `Ready`; a future that returns `Ready` keeps no waker, and `{context}` goes to no other poll here, so nothing wakes the task again and it hangs"
                    ),
                )
                .label(rf.poll, "returned `Ready` on this path: it holds no waker");
            let help = format!(
                "poll the inner future again until it returns `Pending` (a `loop` around the poll: then it holds the waker), or wake the task before returning (`{context}.waker().wake_by_ref()`) so that it is polled again"
            );
            out.push(if written {
                d.suggest_edits(
                    format!("{help}; the edit wakes the task before returning `Pending`"),
                    Applicability::MaybeIncorrect,
                    vec![Edit::new(
                        at,
                        format!("{{ {context}.waker().wake_by_ref(); Poll::Pending }}"),
                    )],
                )
            } else {
                d.help(help)
            });
        }
    }
    for d in out {
        cx.report(d);
    }
}
