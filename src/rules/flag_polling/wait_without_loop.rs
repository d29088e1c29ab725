//! `wait-without-loop`: `if !ready { g = cv.wait(g) }` checks the condition once; a spurious
//! wake-up, or `notify_all` waking several waiters of which one consumes the state, lets the
//! thread go on with the condition still false.

use crate::diagnostic::{Applicability, Span};
use crate::model::Resolver;
use crate::model::condvar::WaitContext;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static WAIT_WITHOUT_LOOP = {
        id: "wait-without-loop",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a Condvar wait under an `if` is not re-checked after waking (spurious wake-ups proceed with the condition false)",
    }
}

pub fn check(cx: &mut FileCtx) {
    let resolver = Resolver::new(&cx.model.index);
    let text = &cx.source.text;
    let mut found = Vec::new();
    for (i, f) in cx.model.fns.iter().enumerate() {
        for w in &f.cv_waits {
            if w.method != "wait" || cx.skips(w.span) {
                continue;
            }
            let WaitContext::If {
                cond,
                reads,
                has_else,
            } = &w.context
            else {
                continue;
            };
            if !crate::rules::condvars::is_condvar_wait(&resolver, &cx.model.fns, i, w) {
                continue;
            }
            let Some(guard) = &w.guard else { continue };
            // the condition is the waiter's predicate: it reads the guard
            if !reads.contains(guard) {
                continue;
            }
            let arg = text.get(w.guard_span.start..w.guard_span.end).unwrap_or("");
            // parking_lot's `wait(&mut g)`: its Condvar has no spurious wake-ups, and a
            // waiter woken by `notify_all` after the state changed back is not told apart
            if arg.trim_start().starts_with("&mut") {
                continue;
            }
            let cond_text = text.get(cond.start..cond.end).unwrap_or("");
            let head = text.get(..cond.start).unwrap_or("").trim_end();
            let if_at = head
                .len()
                .checked_sub(2)
                .filter(|&s| head[s..].starts_with("if"));
            // `while` re-runs the wait when the guard goes back to the same name:
            // `g = cv.wait(g)..`
            let reassigned = f.bindings.iter().any(|b| {
                b.scope_end.is_some()
                    && b.names.iter().any(|n| n == guard)
                    && b.init.is_some_and(|s| s.encloses(w.span))
            });
            let mut d = WAIT_WITHOUT_LOOP.diag(
                cx.path,
                w.span,
                format!(
                    "`{}.wait(..)` runs once under `if {}`: a spurious wake-up (or `notify_all` waking another waiter that takes the state first) returns with the condition still false, and the code after it proceeds as if it held",
                    w.condvar.text,
                    crate::rules::flag_polling::short(cond_text)
                ),
            )
            .label(*cond, "checked once, not after waking");
            match if_at {
                Some(s) if !has_else && reassigned => {
                    d = d.suggest(
                        "re-check after every wake-up: turn the `if` into `while` (or use `wait_while`)",
                        Applicability::MachineApplicable,
                        Span::new(s, s + 2),
                        "while",
                    );
                }
                _ if reads.iter().all(|r| r == guard) && !cond_text.is_empty() => {
                    // `cv.wait(g)` -> `cv.wait_while(g, |g| <cond>)`: the closure gets
                    // `&mut T`, which the condition reads through as it read the guard
                    d = d.suggest(
                        "re-check after every wake-up: wait with `wait_while` on the same condition",
                        Applicability::MaybeIncorrect,
                        w.span,
                        format!(
                            "{}.wait_while({guard}, |{guard}| {cond_text})",
                            w.condvar.text
                        ),
                    );
                }
                _ => {
                    d.help = Some(format!(
                        "re-check after every wake-up: `while {cond_text} {{ {guard} = {}.wait({guard}).unwrap(); }}`, or `let {guard} = {}.wait_while({guard}, |g| <still waiting>).unwrap();`",
                        w.condvar.text, w.condvar.text
                    ));
                }
            }
            found.push(d);
        }
    }
    for d in found {
        cx.report(d);
    }
}
