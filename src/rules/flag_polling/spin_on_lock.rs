//! `spin-on-lock`: a wait loop that only spins re-locks a mutex to read a value.

use super::{WaitLoop, short};
use crate::model::Resolver;
use crate::model::span::span_of;
use crate::model::syntax::slice;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static SPIN_ON_LOCK = {
        id: "spin-on-lock",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a loop spins on a value behind a mutex instead of blocking on a condition variable",
    }
}

pub fn check(cx: &mut FileCtx, loops: &[WaitLoop]) {
    for l in loops {
        // a loop that sleeps or parks between checks is sleep-polling, not spinning
        if l.sleeps || l.async_sleep.is_some() {
            continue;
        }
        let fm = &cx.model.fns[l.fn_idx];
        let resolver = Resolver::new(&cx.model.index);
        let Some(acq) = fm.acquisitions.iter().find(|a| {
            !a.is_try && l.polls(a.call_span) && {
                // `x.read()` / `x.write()` must be a lock; `x.lock()` may be one we cannot resolve
                match resolver.resolve(&cx.model.fns, l.fn_idx, &a.place) {
                    Some(r) => r.ty.lock().is_some(),
                    None => a.method == "lock" || a.wrapper.is_some(),
                }
            }
        }) else {
            continue;
        };
        let text = &cx.source.text;
        let lock = short(&acq.place.text);
        let msg = format!(
            "this loop spins on a value behind `{lock}`: every iteration locks, reads and unlocks it without blocking, burning a CPU and contending with the thread that has to take the same lock to change the value"
        );
        let mut d = SPIN_ON_LOCK.diag(cx.path, acq.span, msg).label(
            l.head,
            "spins here until the value changes; nothing in the loop blocks",
        );
        let acq_text = slice(text, acq.span);
        let help = if acq.awaited {
            format!(
                "await a notification instead of re-locking: a `tokio::sync::watch` channel (`rx.wait_for(|v| ..).await`) or a `tokio::sync::Notify` (`notify.notified().await`, and `notify.notify_waiters()` after changing the value behind `{lock}`)"
            )
        } else {
            let pred = l.exit_of(acq.call_span).and_then(|e| {
                let es = span_of(e.expr);
                if !es.encloses(acq.span) {
                    return None;
                }
                let cond = format!(
                    "{}g{}",
                    &text[es.start..acq.span.start],
                    &text[acq.span.end..es.end]
                );
                match e.exit_when {
                    // `while C {}`: wait while C holds
                    Some(false) => Some(cond),
                    // `if C { break }`: wait while C does not hold
                    Some(true) => Some(format!("!({cond})")),
                    None => None,
                }
            });
            let origin = resolver
                .resolve(&cx.model.fns, l.fn_idx, &acq.place)
                .and_then(|r| r.ty.lock().map(|l| l.origin.clone()))
                .unwrap_or_default();
            let is_rw = resolver
                .resolve(&cx.model.fns, l.fn_idx, &acq.place)
                .and_then(|r| {
                    r.ty.lock()
                        .map(|l| l.family == crate::model::LockFamily::RwLock)
                })
                .unwrap_or(acq.method != "lock");
            match pred {
                _ if is_rw => format!(
                    "a `Condvar` needs a `Mutex`: keep the value in a `Mutex` and wait with `cvar.wait_while(guard, |g| <still waiting>)` (and `cvar.notify_all()` after changing it), or receive the value from a channel instead of polling `{lock}`"
                ),
                Some(p) if origin == "parking_lot" => format!(
                    "block on a `Condvar` paired with `{lock}` instead: `let mut g = {acq_text}; cvar.wait_while(&mut g, |g| {p});` (and `cvar.notify_all()` after changing the value), or receive the value from a channel"
                ),
                Some(p) => format!(
                    "block on a `Condvar` paired with `{lock}` instead: `let g = cvar.wait_while({acq_text}, |g| {p}).unwrap();` (and `cvar.notify_all()` after changing the value), or receive the value from a channel"
                ),
                None => format!(
                    "block on a `Condvar` paired with `{lock}` instead (`cvar.wait_while(guard, |g| <still waiting>)`, and `cvar.notify_all()` after changing the value), or receive the value from a channel"
                ),
            }
        };
        d = d.help(help);
        cx.report(d);
    }
}
