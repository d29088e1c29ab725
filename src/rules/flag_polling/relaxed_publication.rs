//! `relaxed-publication`: a wait loop on a `Relaxed` load after which data the writer published
//! before its store is read: nothing orders the data with the flag.

use super::relaxed::{Fact, Located, sp};
use super::short;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::rules::declare_rule;

declare_rule! {
    pub static RELAXED_PUBLICATION = {
        id: "relaxed-publication",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a `Relaxed` flag is used to publish data to a waiting thread",
    }
}

pub(super) fn check(facts: &[Located], out: &mut Vec<Diagnostic>) {
    for r in facts {
        let Fact::Wait {
            load,
            flag,
            waits_for,
            head,
            reads_after,
            edit,
        } = &r.fact
        else {
            continue;
        };
        // the writers: stores of the value waited for, outside the waiting function
        let writers: Vec<&Located> = match &r.identity {
            Some(id) => facts
                .iter()
                .filter(|w| {
                    matches!(&w.fact, Fact::Store { value, .. }
                        if waits_for.is_none() || value.is_none() || value == waits_for)
                        && w.identity.as_ref() == Some(id)
                        && !(w.path == r.path && w.fn_idx == r.fn_idx)
                })
                .collect(),
            None => Vec::new(),
        };
        let writer_publishes = writers
            .iter()
            .find(|w| matches!(&w.fact, Fact::Store { publishes, .. } if !publishes.is_empty()));
        if reads_after.is_empty() && writer_publishes.is_none() {
            continue;
        }
        let flag_s = short(flag);
        let mut msg = format!(
            "this loop waits for `{flag_s}` with a `Relaxed` load, which does not synchronize with the writer"
        );
        if !reads_after.is_empty() {
            msg.push_str(": the data read after the loop is not guaranteed to be what was written before the flag was set");
        } else {
            msg.push_str(": the data the writer stores before setting the flag is not guaranteed to be visible after the loop");
        }
        let mut d = RELAXED_PUBLICATION
            .diag(r.path, sp(*load), msg)
            .label(sp(*head), format!("waits here for `{flag_s}`"));
        for (span, what) in reads_after.iter().take(3) {
            d = d.label(
                sp(*span),
                format!("`{what}` is read after the wait and may be stale"),
            );
        }
        let mut store_note = None;
        let mut store_flag = flag_s.clone();
        for w in writers.iter().take(2) {
            if let Fact::Store {
                span,
                ordering,
                publishes,
                ..
            } = &w.fact
            {
                d = d.label_in(
                    w.path,
                    sp(*span),
                    format!("`{flag_s}` is set here with `{ordering}`"),
                );
                for (ps, what) in publishes.iter().take(2) {
                    d = d.label_in(
                        w.path,
                        sp(*ps),
                        format!("`{what}` is written before the flag is set"),
                    );
                }
                if store_note.is_none() {
                    store_note = Some(ordering.clone());
                    if let Fact::Store { flag, .. } = &w.fact {
                        store_flag = short(flag);
                    }
                }
            }
        }
        d = d.note(match store_note.as_deref() {
            Some("Relaxed") | None => format!(
                "an `Acquire` load synchronizes only with a `Release` (or stronger) store: the store side needs `Release` as well (`{store_flag}.store(true, Ordering::Release)`)"
            ),
            Some(o) => format!(
                "the store already uses `{o}`; it synchronizes only with an acquiring load, so the load must be `Acquire`"
            ),
        });
        // the fix is both sides: the load acquires and every `Relaxed` store of the flag
        // releases; when a side cannot be edited (a store not found or not a plain ordering
        // argument), the advice is prose
        let mut edits = Vec::new();
        if let Some((span, rep)) = edit {
            edits.push(Edit::new(sp(*span), rep.clone()));
        }
        let mut complete = edit.is_some() && !writers.is_empty();
        for w in &writers {
            if let Fact::Store {
                ordering, edit: e, ..
            } = &w.fact
                && ordering == "Relaxed"
            {
                match e {
                    Some((span, rep)) => edits.push(Edit {
                        file: (w.path != r.path).then(|| w.path.to_string()),
                        span: sp(*span),
                        replacement: rep.clone(),
                    }),
                    None => complete = false,
                }
            }
        }
        if complete {
            d = d.suggest_edits(
                "load the flag with `Acquire` and store it with `Release`",
                Applicability::MachineApplicable,
                edits,
            );
        } else {
            d = d.help(format!(
                "load the flag with `{flag_s}.load(Ordering::Acquire)` and store it with `Ordering::Release` (both sides: an `Acquire` load alone does not synchronize with a `Relaxed` store)"
            ));
        }
        out.push(d);
    }
}
