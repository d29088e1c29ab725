//! `waker-after-check`: a poll checks shared state (an atomic, a value under a lock, a
//! channel's `try_recv`) and registers its waker only after the check came out "not ready";
//! a producer that changes the state and wakes between the two finds no waker (or the
//! previous one), and the poll returns `Poll::Pending` with nobody left to wake it.

use crate::diagnostic::{Applicability, Diagnostic, Span};
use crate::model::condvar::WakerStore;
use crate::model::decisions::{Site, diverges};
use crate::model::span::{span_of, stmt_span};
use crate::model::{CallSite, FnModel, Place};
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static WAKER_AFTER_CHECK = {
        id: "waker-after-check",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a poll registers its waker (or a task subscribes to a channel) only after checking the state, and does not check again (lost wake-up)",
    }
}

/// What kind of state a check reads.
#[derive(Clone, Copy)]
enum ReadKind {
    Atomic,
    /// A value read under a guard.
    Lock,
    /// A channel's `try_recv()`.
    Channel,
}

/// A read of shared state before the registration.
struct Read<'m> {
    span: Span,
    place: &'m Place,
    what: ReadKind,
    /// Made under a guard that is still held at the registration (or is that guard): a
    /// producer that changes the state under the same lock cannot run in between.
    guarded: bool,
}

pub fn check(cx: &mut FileCtx) {
    if cx
        .model
        .fns
        .iter()
        .all(|f| f.waker_stores.is_empty() && !f.calls.iter().any(|c| is_subscribe(c).is_some()))
    {
        return;
    }
    let decisions = cx.sites();
    let sites = &decisions.sites;
    let mut found = Vec::new();
    for f in &cx.model.fns {
        for r in &f.waker_stores {
            if cx.skips(r.span) {
                continue;
            }
            // the poll goes to sleep after registering: another actor must wake it
            let Some(&pending) = f.pendings.iter().filter(|&&p| p >= r.span.end).min() else {
                continue;
            };
            // in a loop, the next iteration may check again, unless the registration is
            // followed at once by `return Poll::Pending`
            if r.context.in_loop() && !returns_at_once(&cx.source.text, r.span.end, pending) {
                continue;
            }
            if let Some(d) = finding(cx, f, r, sites) {
                found.push(d);
            }
        }
        found.extend(subscriptions(cx, f, sites));
    }
    for d in found {
        cx.report(d);
    }
}

fn finding(cx: &FileCtx, f: &FnModel, r: &WakerStore, sites: &[Site]) -> Option<Diagnostic> {
    if woken_after(f, r) {
        return None;
    }
    let at = r.span.start;
    let in_body = |s: Span| f.body.encloses(s) && s.end <= at;
    let guarded_at = |x: usize| f.held_at(x).any(|g| g.live_at(at));
    let mut reads: Vec<Read> = Vec::new();
    for a in &f.atomics {
        if a.op != "store" && in_body(a.span) {
            reads.push(Read {
                span: a.span,
                place: &a.place,
                what: ReadKind::Atomic,
                guarded: guarded_at(a.span.start),
            });
        }
    }
    for a in &f.acquisitions {
        // reading the waker slot (`self.waker.lock()`, to compare with `will_wake`) is no
        // state check
        let own = a
            .place
            .fields
            .last()
            .is_some_and(|f| f.to_ascii_lowercase().contains("waker"));
        // a guard moved on (`upgrade(g)`, `MutexGuard::map(g, ..)`, a helper taking it) may
        // still hold the lock at the registration
        let moved = a.release_cause == crate::model::func::ReleaseCause::Moved;
        if in_body(a.span) && !own {
            reads.push(Read {
                span: a.span,
                place: &a.place,
                what: ReadKind::Lock,
                guarded: a.live_at(at) || moved || guarded_at(a.span.start),
            });
        }
    }
    for c in &f.calls {
        if let Some((p, "try_recv")) = c.method()
            && in_body(c.span)
        {
            reads.push(Read {
                span: c.span,
                place: p,
                what: ReadKind::Channel,
                guarded: guarded_at(c.span.start),
            });
        }
    }
    reads.sort_by_key(|r| r.span.start);
    // the last check before the registration decides whether it runs
    let (read, site) = reads
        .iter()
        .rev()
        .find_map(|read| deciding_site(f, read.span, at, sites).map(|s| (read, s)))?;
    if read.guarded || rechecked(f, read.place, r.span.end) {
        return None;
    }
    Some(diag(cx, f, r, read, site))
}

/// `x.subscribe()` / `x.subscribe_for_updates()` with no arguments: a new receiver of a watch
/// or broadcast channel (its receiver place).
fn is_subscribe(c: &CallSite) -> Option<&Place> {
    c.method()
        .filter(|(_, name)| {
            c.args.is_empty() && (*name == "subscribe" || name.starts_with("subscribe_"))
        })
        .map(|(p, _)| p)
}

/// A method call on the local `name`, if it is one.
fn on_local<'c>(c: &'c CallSite, name: &str) -> Option<&'c str> {
    c.method()
        .filter(|(p, _)| {
            p.fields.is_empty() && matches!(&p.root, crate::model::Root::Local(l) if l == name)
        })
        .map(|(_, m)| m)
}

/// The state of an object is checked, and only then is a receiver subscribed to its changes
/// (`if t.current_state() == Active { return } let mut rx = t.subscribe(); rx.changed().await`):
/// a change between the two is already seen by (watch) or never sent to (broadcast) the new
/// receiver, which then waits for a later one.
fn subscriptions(cx: &FileCtx, f: &FnModel, sites: &[Site]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sub in &f.calls {
        let Some(obj) = is_subscribe(sub) else {
            continue;
        };
        if cx.skips(sub.span) {
            continue;
        }
        // the receiver bound to a name, and the first wait on it
        let Some(rx) = f
            .bindings
            .iter()
            .find(|b| b.names.len() == 1 && b.init.is_some_and(|i| i.encloses(sub.span)))
            .map(|b| b.names[0].as_str())
        else {
            continue;
        };
        let later = |c: &&CallSite| c.span.start >= sub.span.end;
        let Some(wait) = f
            .calls
            .iter()
            .filter(later)
            .filter(|c| matches!(on_local(c, rx), Some("changed" | "recv")))
            .min_by_key(|c| c.span.start)
        else {
            continue;
        };
        // the current value looked at after subscribing (or waited for with a predicate)
        let looks = f.calls.iter().filter(later).any(|c| {
            matches!(on_local(c, rx), Some("wait_for" | "mark_changed"))
                || (c.span.end <= wait.span.start
                    && matches!(
                        on_local(c, rx),
                        Some(
                            "borrow"
                                | "borrow_and_update"
                                | "has_changed"
                                | "try_recv"
                                | "len"
                                | "is_empty"
                        )
                    ))
        });
        if looks {
            continue;
        }
        // the last check of the same object that decides whether the subscription runs
        let check = f
            .calls
            .iter()
            .filter(|c| {
                f.body.encloses(c.span)
                    && c.span.end <= sub.span.start
                    && c.name() != sub.name()
                    && c.method().is_some_and(|(p, _)| p.text == obj.text)
            })
            .filter(|c| deciding_site(f, c.span, sub.span.start, sites).is_some())
            .max_by_key(|c| c.span.start);
        let Some(check) = check else {
            continue;
        };
        let text = &cx.source.text;
        let check_text = crate::rules::flag_polling::short(
            text.get(check.span.start..check.span.end).unwrap_or(""),
        );
        let sub_text =
            crate::rules::flag_polling::short(text.get(sub.span.start..sub.span.end).unwrap_or(""));
        let fname = crate::model::lock_graph::fn_display(f);
        let wait_name = wait.name();
        out.push(
            WAKER_AFTER_CHECK
                .diag(
                    cx.path,
                    sub.span,
                    format!(
                        "lost wake-up: {fname} checks `{check_text}` and only then subscribes with `{sub_text}`; a change made between the check and the subscription is already marked seen by a new watch receiver (and never sent to a new broadcast receiver), so `{rx}.{wait_name}().await` waits for a later change that may never come"
                    ),
                )
                .label(check.span, "checked here, before subscribing")
                .label(wait.span, "waits only for changes after the subscription")
                .help(format!(
                    "subscribe first and check the receiver's current value (`let mut {rx} = {sub_text}; if <check on *{rx}.borrow()> {{ .. }}`), or wait with `{rx}.wait_for(|v| ..)`, which looks at the current value before waiting"
                )),
        );
    }
    out
}

/// Between the registration and the `Pending` at `pending` there is only `;`, `return` and
/// the path to `Pending`.
fn returns_at_once(text: &str, from: usize, pending: usize) -> bool {
    let Some(between) = text.get(from..pending) else {
        return false;
    };
    let rest = between.trim_start().trim_start_matches(';').trim_start();
    let rest = rest.strip_prefix("return").unwrap_or(rest).trim();
    rest.is_empty()
        || matches!(
            rest,
            "Poll::" | "std::task::Poll::" | "core::task::Poll::" | "task::Poll::"
        )
}

/// After the registration the task wakes itself (`cx.waker().wake_by_ref()`), or hands the
/// slot it registered in to other code (`self.backoff(slot_guard)`), which may wake it.
fn woken_after(f: &FnModel, r: &WakerStore) -> bool {
    let slot = match r.target.as_ref().map(|t| &t.root) {
        Some(crate::model::Root::Local(n)) => Some(n.as_str()),
        _ => None,
    };
    f.calls.iter().any(|c| {
        c.span.start >= r.span.end
            && (matches!(c.name(), "wake_by_ref" | "wake")
                || slot.is_some_and(|n| {
                    c.arg_places
                        .iter()
                        .flatten()
                        .any(|p| matches!(&p.root, crate::model::Root::Local(l) if l == n))
                }))
    })
}

/// The `if` / `match` whose condition is the read (or a local bound from it) and that decides
/// whether the registration runs: the registration is in one of its branches, or follows it
/// after a branch that leaves.
fn deciding_site<'s, 'a>(
    f: &FnModel,
    read: Span,
    at: usize,
    sites: &'s [Site<'a>],
) -> Option<&'s Site<'a>> {
    sites.iter().find(|s| {
        let (cond, whole) = match s {
            Site::If { e, .. } => (&*e.cond, span_of(*e)),
            Site::Match { e } => (&*e.expr, span_of(*e)),
        };
        let cs = span_of(cond);
        if !f.body.encloses(whole) {
            return false;
        }
        let decides = if whole.start <= at && at < whole.end {
            // the registration runs in one of its branches
            true
        } else {
            // `if ready { return Poll::Ready(..) }` followed by the registration
            whole.end <= at
                && match s {
                    Site::If { e, .. } => diverges(&e.then_branch),
                    Site::Match { .. } => f.exits.iter().any(|x| whole.encloses(*x)),
                }
        };
        // the condition holds the read, or names a local bound from it
        decides
            && (cs.encloses(read)
                || (read.end <= cs.start
                    && f.flows_from(&crate::model::func::idents_in(cond), cs.start, &|init| {
                        init.encloses(read)
                    })
                    .is_some()))
    })
}

/// The same state is read again after the registration (register, then check again).
fn rechecked(f: &FnModel, place: &Place, after: usize) -> bool {
    let same = |p: &Place| p.text == place.text;
    f.atomics
        .iter()
        .any(|a| a.span.start >= after && a.op != "store" && same(&a.place))
        || f.acquisitions
            .iter()
            .any(|a| a.span.start >= after && same(&a.place))
        || f.calls.iter().any(|c| {
            c.span.start >= after && c.method().is_some_and(|(p, m)| m == "try_recv" && same(p))
        })
}

fn diag(cx: &FileCtx, f: &FnModel, r: &WakerStore, read: &Read, site: &Site) -> Diagnostic {
    let text = &cx.source.text;
    let state = read.place.text.trim_start_matches('&');
    let slot = crate::rules::flag_polling::short(
        text.get(r.target_span.start..r.target_span.end)
            .unwrap_or("")
            .trim_start_matches('&'),
    );
    let (how, change) = match read.what {
        ReadKind::Atomic => (format!("loads `{state}`"), format!("changes `{state}`")),
        ReadKind::Lock => (
            format!("reads `{state}` under a guard it releases"),
            format!("changes `{state}`"),
        ),
        ReadKind::Channel => (
            format!("polls `{state}.try_recv()`"),
            format!("sends on `{state}`'s channel"),
        ),
    };
    let fname = crate::model::lock_graph::fn_display(f);
    let mut d = WAKER_AFTER_CHECK
        .diag(
            cx.path,
            r.span,
            format!(
                "lost wake-up: {fname} {how}, finds nothing ready, and only then stores the task's waker in `{slot}`; a producer that {change} and wakes between the check and this registration finds no waker (or the previous task's), and this poll returns `Poll::Pending` with nobody left to wake it"
            ),
        )
        .label(read.span, "checked here, before the waker is registered");
    // the fix: check again after registering; offered where the check is a plain
    // `if <read> { <leave> }` in the block that goes on to register
    let edit = match site {
        Site::If { e, rest }
            if e.else_branch.is_none() && span_of(&*e.cond).encloses(read.span) =>
        {
            rest.iter()
                .find(|s| stmt_span(s).encloses(r.span))
                .filter(|s| matches!(s, syn::Stmt::Expr(_, Some(_))))
                .map(|s| (stmt_span(s), span_of(*e)))
        }
        _ => None,
    };
    match edit {
        Some((stmt, check)) => {
            // after the statement's line (a trailing comment stays with the registration)
            let line_end = text[stmt.end..]
                .find('\n')
                .map_or(text.len(), |i| stmt.end + i);
            let tail = text[stmt.end..line_end].trim();
            let at = if tail.is_empty() || tail.starts_with("//") {
                line_end
            } else {
                stmt.end
            };
            let line_start = text[..stmt.start].rfind('\n').map_or(0, |i| i + 1);
            let indent: String = text[line_start..stmt.start]
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            let check_text = &text[check.start..check.end];
            d = d.suggest(
                "check the state again after registering the waker (a wake-up before the registration is then seen by the second check)",
                Applicability::MaybeIncorrect,
                Span::new(at, at),
                format!("\n{indent}{check_text}"),
            );
        }
        None => {
            d = d.help(
                "register the waker first and then check the state, or check it again after registering and return `Poll::Ready` if it changed",
            );
        }
    }
    d
}
