//! `relaxed-flag-store`: a flag that readers load with `Acquire` is stored with `Relaxed`, so
//! the pair does not synchronize.

use super::relaxed::{Fact, Located, S, identity, s, sp};
use super::short;
use crate::diagnostic::{Applicability, Diagnostic, Span};
use crate::model::Workspace;
use crate::rules::declare_rule;
use std::collections::HashMap;

declare_rule! {
    pub static RELAXED_FLAG_STORE = {
        id: "relaxed-flag-store",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a flag read with `Acquire` is stored with `Relaxed`, so the pair does not synchronize",
    }
}

/// An acquiring read: (file, function, span, value observed, operation).
type Reader<'w> = (&'w str, usize, Span, Option<bool>, String);

pub(super) fn check(ws: &Workspace, facts: &[Located], out: &mut Vec<Diagnostic>) {
    let observes: HashMap<(&str, S), bool> = facts
        .iter()
        .filter_map(|f| match &f.fact {
            Fact::Observes { span, value } => Some(((f.path, *span), *value)),
            _ => None,
        })
        .collect();
    // every acquiring read of each identity, workspace-wide
    let mut readers: HashMap<String, Vec<Reader>> = HashMap::new();
    for file in &ws.files {
        for (fi, fm) in file.model.fns.iter().enumerate() {
            for op in fm.own_atomics() {
                let acquiring = match op.op.as_str() {
                    "load" => op.orderings.first().is_some_and(|o| o == "Acquire"),
                    "compare_exchange" | "compare_exchange_weak" => op
                        .orderings
                        .first()
                        .is_some_and(|o| o == "Acquire" || o == "AcqRel"),
                    _ => false,
                };
                if !acquiring {
                    continue;
                }
                let Some(id) = identity(ws, file.path, &file.model.fns, fi, op) else {
                    continue;
                };
                let obs = observes.get(&(file.path, s(op.span))).copied();
                readers
                    .entry(id)
                    .or_default()
                    .push((file.path, fi, op.span, obs, op.op.clone()));
            }
        }
    }
    for w in facts {
        let Fact::Store {
            span,
            flag,
            ordering,
            value: Some(value),
            edit,
            exclusive: false,
            publishes,
            ..
        } = &w.fact
        else {
            continue;
        };
        if ordering != "Relaxed" {
            continue;
        }
        let Some(id) = &w.identity else { continue };
        let Some(rs) = readers.get(id) else { continue };
        // readers in another function that acquire on the value stored
        let matching: Vec<_> = rs
            .iter()
            .filter(|(p, fi, _, obs, _)| {
                !(*p == w.path && *fi == w.fn_idx) && obs.is_none_or(|o| o == *value)
            })
            .collect();
        let known = matching.iter().any(|r| r.3 == Some(*value));
        if matching.is_empty() || (!known && !*value) {
            continue;
        }
        // a status bit publishes nothing: its function writes no shared data (other status
        // bits aside) and calls nothing before the store (a setter such as `set_done(&self)`),
        // and no reader takes it as a lock (an acquiring compare-and-swap)
        let calls_before = ws
            .files
            .iter()
            .find(|f| f.path == w.path)
            .and_then(|f| f.model.fns.get(w.fn_idx))
            .is_some_and(|f| {
                // atomic operations are not calls that could write data: stores are in
                // `publishes`, loads write nothing
                f.calls.iter().any(|c| {
                    c.span.end <= sp(*span).start && !f.own_atomics().any(|o| o.span == c.span)
                })
            });
        let lock_like = matching.iter().any(|r| r.4 != "load");
        // other status bits stored beside it (`self.started.store(true, Relaxed)`) are flags
        // their readers load themselves, not data published through this one
        let only_bits = publishes.iter().all(|(_, t)| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            t.contains(".store(true,") || t.contains(".store(false,")
        });
        if only_bits && !calls_before && !lock_like {
            continue;
        }
        let flag_s = short(flag);
        let msg = format!(
            "`{flag_s}` is stored with `Relaxed` but read with `Acquire`: an `Acquire` load synchronizes only with a `Release` (or stronger) store, so a thread that sees `{value}` is not guaranteed to see what was written before this store"
        );
        let mut d = RELAXED_FLAG_STORE.diag(w.path, sp(*span), msg);
        for (p, _, rspan, _, op) in matching.iter().take(3) {
            let what = if op == "load" {
                "loaded"
            } else {
                "compared-and-swapped"
            };
            d = d.label_in(
                p,
                *rspan,
                format!("`{flag_s}` is {what} here with `Acquire`"),
            );
        }
        if let Some((es, rep)) = edit {
            // a stronger ordering keeps what the code does on one thread and only removes
            // reorderings: certainly correct
            d = d.suggest(
                format!("store with `Release`: `{rep}`"),
                Applicability::MachineApplicable,
                sp(*es),
                rep.clone(),
            );
        } else {
            d = d.help(format!(
                "store the flag with `{flag_s}.store({value}, Ordering::Release)`"
            ));
        }
        out.push(d);
    }
}
