//! `notified-after-check`: tokio `Notify` — the state is checked, then `n.notified().await`
//! creates the future after the check (or `event_listener`'s `event.listen().await`, notified
//! with `notify(n)`); `notify_waiters()` wakes only futures that exist, so a
//! notification between the check and the await is lost.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::condvar::WaitContext;
use crate::model::lock_graph::{display_identity, fn_display};
use crate::rules::condvars::Index;
use crate::rules::declare_rule;
use crate::rules::{FileCtx, WorkspaceFacts};

declare_rule! {
    pub static NOTIFIED_AFTER_CHECK = {
        id: "notified-after-check",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "`notified().await` is created after the state check while the notifier uses `notify_waiters()` (lost wake-up)",
    }
}

/// The rewrite of one `while cond { n.notified().await; }` loop: made per file, where the
/// text is at hand, and attached to the workspace phase's finding at the `notified()` call.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NotifiedRewrite {
    /// The `notified()` call ([`crate::model::condvar::NotifiedWait::span`]).
    pub at: Span,
    pub edits: Vec<Edit>,
}

/// For each loop `while cond { n.notified().await; }` whose body is only the wait:
///
/// ```text
/// loop {
///     let notified = n.notified();
///     if !cond {
///         break;
///     }
///     notified.await;
/// }
/// ```
///
/// A `Notified` receives `notify_waiters()` from its creation on, so a notification between
/// the check and the await is kept; the loop checks and waits as before.
pub fn rewrites(cx: &mut FileCtx) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    for (fi, f) in cx.model.fns.iter().enumerate() {
        for w in &f.notified {
            let WaitContext::While { cond, .. } = &w.context else {
                continue;
            };
            if !w.inline {
                continue;
            }
            // the innermost loop around the wait: the `while` whose condition this is
            let Some(lp) = cx
                .model
                .loops
                .iter()
                .filter(|l| l.start <= w.span.start && w.span.end <= l.end)
                .min_by_key(|l| l.end - l.start)
            else {
                continue;
            };
            let (Some(head), Some(body), Some(cond_text)) = (
                text.get(lp.start..cond.start),
                text.get(cond.end..lp.end),
                text.get(cond.start..cond.end),
            ) else {
                continue;
            };
            let recv = &w.notify.text;
            // a line comment after the wait (`// wait for the pool`) moves with it
            let mut comment = None;
            let mut code = String::new();
            for line in body.lines() {
                match line.split_once("//") {
                    Some((c, note)) if comment.is_none() => {
                        code.push_str(c);
                        comment = Some(format!(" //{note}"));
                    }
                    Some(_) => comment = Some(String::new()),
                    None => code.push_str(line),
                }
            }
            let comment = match comment {
                Some(c) if c.is_empty() => continue,
                c => c.unwrap_or_default(),
            };
            if code.contains("/*") {
                continue;
            }
            let body: String = code.chars().filter(|c| !c.is_whitespace()).collect();
            let only_wait = body == format!("{{{recv}.notified().await;}}")
                || body == format!("{{{recv}.notified().await}}");
            if head.trim() != "while" || !only_wait || cond_text.contains("let ") {
                continue;
            }
            // the `while` starts its line: the new loop keeps that line's indentation
            let indent = cx.source.line_indent(lp.start);
            if text[..lp.start].rsplit('\n').next() != Some(indent) {
                continue;
            }
            let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
            let name = crate::rules::rewrite::fresh_from(
                &["notified", "woken"],
                &[&text[f.span.start..f.span.end]],
                &chain,
            );
            let stop = negate(cond_text.trim());
            let new = format!(
                "loop {{\n{indent}    let {name} = {recv}.notified();\n{indent}    if {stop} {{\n{indent}        break;\n{indent}    }}\n{indent}    {name}.await;{comment}\n{indent}}}"
            );
            out.push(NotifiedRewrite {
                at: w.span,
                edits: vec![Edit::new(*lp, new)],
            });
        }
    }
    cx.facts.notified_rewrites = out;
}

/// The negation of a loop condition: `!x.load(o)` gives `x.load(o)`, anything else `!(c)`.
fn negate(c: &str) -> String {
    match c.strip_prefix('!') {
        Some(rest)
            if !rest.contains(['&', '|', '=', '<', '>', '+', '-', '*', '/', '%', '^', '?']) =>
        {
            rest.trim().to_string()
        }
        _ => format!("!({c})"),
    }
}

pub fn check_workspace(ix: &Index, files: &[(&str, &WorkspaceFacts)], out: &mut Vec<Diagnostic>) {
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
        let Some(n) = on_it.iter().find(|n| {
            n.notify.method == "notify_waiters"
                || crate::model::condvar::is_listener_notify(&n.notify.method)
        }) else {
            continue;
        };
        // `event_listener::Event`: `listen()` and `notify(n)` instead of tokio's names
        let listener = n.notify.method != "notify_waiters";
        let (create, notify) = if listener {
            ("listen", n.notify.method.as_str())
        } else {
            ("notified", "notify_waiters")
        };
        let name = display_identity(&w.notify);
        let f = &ix.fns(w.at.file)[w.at.func];
        let nf = &ix.fns(n.at.file)[n.at.func];
        let text = &w.wait.notify.text;
        let d = NOTIFIED_AFTER_CHECK
                .diag(
                    w.at.path,
                    w.wait.span,
                    format!(
                        "lost wake-up: {} checks its state and only then creates `{text}.{create}()`; {} calls `{notify}()`, which wakes only {} that already exist and stores no permit, so a notification between the check and this `.await` is lost and the task waits for the next one",
                        fn_display(f),
                        fn_display(nf),
                        if listener { "listeners" } else { "`Notified` futures" }
                    ),
                )
                .label_in(n.at.path, n.notify.span, format!("`{name}` notified here without a permit"))
                .note(if listener {
                    format!(
                        "create the listener before the check: `let listener = {text}.listen();` then check the state, then `listener.await` (a listener is registered when it is created)"
                    )
                } else {
                    format!(
                        "create the future before the check: `let notified = {text}.notified(); tokio::pin!(notified); notified.as_mut().enable();` then check the state, then `notified.await` (or use `notify_one()`, which stores a permit)"
                    )
                });
        let rewrite = files
            .iter()
            .find(|(p, _)| *p == w.at.path)
            .and_then(|(_, fa)| fa.notified_rewrites.iter().find(|r| r.at == w.wait.span));
        out.push(match rewrite {
            Some(r) => d.suggest_edits(
                "create the `Notified` before each check: it receives `notify_waiters()` from its creation on",
                Applicability::MaybeIncorrect,
                r.edits.clone(),
            ),
            None => d,
        });
    }
}
