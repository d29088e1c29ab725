//! `join-holding-lock`: a thread joined (`h.join()`, `opt.take().map(JoinHandle::join)`) or a
//! task awaited (`handle.await`) while the joiner holds a guard of a lock that the joined code
//! takes. The joined code blocks on the lock, the joiner waits for it to finish, and neither
//! moves: the deadlock that `wait-holding-lock` describes for a Condvar, with a thread as the
//! thing waited for.
//!
//! The join and the spawn are paired through the model: a spawned closure's
//! [`crate::model::FnModel::handle`] is the name its `JoinHandle` is stored under (a `let`, an
//! assigned field, a struct literal's field, a collection pushed into), and a
//! [`crate::model::JoinWait`] names the handle it joins the same way. A local handle pairs only
//! with a spawn in the same function. What the spawned code locks is its lock summary
//! ([`Graph::summary`]): its own acquisitions and those of the functions it calls, with locks
//! passed as arguments bound to the caller's.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::model::GuardKind;
use crate::model::func::outermost;
use crate::model::lock_graph::{
    Graph, MAX_CALL_DEPTH, display_identity, fn_display, modes_conflict,
};
use crate::rules::{WorkspaceFacts, declare_rule};

declare_rule! {
    pub static JOIN_HOLDING_LOCK = {
        id: "join-holding-lock",
        category: LOCK_ORDER,
        severity: Error,
        summary: "a thread or task is joined while the joiner holds a lock that the joined code takes (deadlock)",
    }
}

pub fn check_workspace(
    g: &mut Graph,
    facts: &[(&str, &WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    let files = g.files;
    for (file, wf) in files.iter().enumerate() {
        let fns = &wf.model.fns;
        let spawned: Vec<(usize, &str)> = fns
            .iter()
            .enumerate()
            .filter(|(_, f)| f.spawned)
            .flat_map(|(i, f)| f.handles.iter().map(move |h| (i, h.as_str())))
            .collect();
        if spawned.is_empty() {
            continue;
        }
        for (fi, f) in fns.iter().enumerate() {
            if f.joins.is_empty() {
                continue;
            }
            for j in &f.joins {
                // a guard whose value an `if` read before the join decided it (`if state.done
                // { h.join() }`): the joined code signalled under the lock that it is done
                // with it, a handshake rather than a wait on a lock it still needs
                let handshake = |a: &crate::model::Acquisition| {
                    let GuardKind::Named(g) = &a.guard else {
                        return false;
                    };
                    j.checked
                        .iter()
                        .any(|(at, n)| n == g && *at > a.span.start && *at < j.at)
                };
                let held: Vec<usize> = (0..f.acquisitions.len())
                    .filter(|&i| {
                        let a = &f.acquisitions[i];
                        !a.is_try && a.live_at(j.at) && !handshake(a)
                    })
                    .collect();
                if held.is_empty() {
                    continue;
                }
                let joined = spawned.iter().filter(|(ci, h)| {
                    *h == j.handle
                        && *ci != fi
                        && (!j.local || outermost(fns, *ci) == outermost(fns, fi))
                });
                'spawn: for &(ci, _) in joined {
                    let reach = g.summary(file, ci, MAX_CALL_DEPTH);
                    for &hi in &held {
                        let Some(node) = g.node(file, fi, hi) else {
                            continue;
                        };
                        let a = &f.acquisitions[hi];
                        let Some(r) = reach.iter().find(|r| {
                            r.node.identity == node.identity && modes_conflict(a.mode, r.mode)
                        }) else {
                            continue;
                        };
                        let lock = display_identity(&node.identity);
                        let (what, waits) = if j.blocking {
                            ("thread", "joins")
                        } else {
                            ("task", "awaits")
                        };
                        let taker = &files[r.file];
                        let tf = &taker.model.fns[r.func];
                        let ta = &tf.acquisitions[r.acq];
                        let through = if r.path.is_empty() {
                            String::new()
                        } else {
                            format!(" (in {})", fn_display(tf))
                        };
                        let mut d = JOIN_HOLDING_LOCK
                            .diag(
                                wf.path,
                                j.span,
                                format!(
                                    "deadlock: {} {waits} the {what} stored in `{}` while holding `{lock}`; that {what} locks `{lock}`{through}, so it blocks until the guard is dropped and the guard is dropped only after the {what} ends",
                                    fn_display(f),
                                    j.handle
                                ),
                            )
                            .label(a.span, format!("`{lock}` locked here and held across the join"))
                            .label(fns[ci].name_span, format!("the {what} spawned here"))
                            .label_in(
                                taker.path,
                                ta.span,
                                format!("the {what} locks `{}` (`{lock}`) here", ta.place.text),
                            )
                            ;
                        let release = super::guard_release(facts, wf.path, j.span, a.span);
                        d = match release {
                            Some(r) => d.suggest_edits(
                                format!("release `{lock}` before the {what} is joined"),
                                Applicability::MaybeIncorrect,
                                r.edits.clone(),
                            ),
                            None => d.help(format!(
                                "drop the `{lock}` guard before joining: take the handle out under the lock (`let h = {{ ..lock..; handle.take() }};`), release the guard, then join"
                            )),
                        };
                        d.severity = Severity::Error;
                        out.push(d);
                        break 'spawn;
                    }
                }
            }
        }
    }
}
