//! `relaxed-pointer`: a pointer handed between threads through an atomic with an ordering that
//! does not synchronize: a freshly allocated object published with a `Relaxed` store (or a
//! `compare_exchange` whose success ordering does not release), or a pointer loaded with
//! `Relaxed` and then dereferenced. The object's contents are written before the pointer is
//! published; without `Release` on the publishing side and `Acquire` on the loading side,
//! the reader can see the pointer and not yet the contents.

use super::{receiver_text, strengthen};
use crate::diagnostic::Span;
use crate::model::flags::ordering::{Op, OrderingFacts};
use crate::model::syntax::slice;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static RELAXED_POINTER = {
        id: "relaxed-pointer",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a pointer is published or consumed through an atomic with an ordering that does not synchronize the object it points to",
    }
}

const ACQUIRING: &[&str] = &["Acquire", "AcqRel", "SeqCst"];

/// The field an atomic is reached by (`self.inner.head` -> `head`).
fn field_of(text: &str, recv: Span) -> String {
    let r = slice(text, recv).trim_start_matches('&');
    r.rsplit('.').next().unwrap_or(r).trim().to_string()
}

/// Whether another function of the file (not the one holding `at`) performs one of `spans`.
fn elsewhere(cx: &FileCtx, at: Span, spans: Option<&Vec<Span>>) -> bool {
    let top = |s: Span| {
        let mut fi = cx.model.fn_enclosing(s);
        while let Some(i) = fi {
            match cx.model.fns[i].parent {
                Some(p) => fi = Some(p),
                None => break,
            }
        }
        fi
    };
    let here = top(at);
    spans.is_some_and(|v| v.iter().any(|&s| top(s) != here))
}

/// Why the operation cannot race (a guard held, `self` held exclusively), or `None`.
fn quiet(cx: &FileCtx, op: &Op) -> bool {
    let Some(fi) = cx.model.fn_enclosing(op.span) else {
        return true;
    };
    let f = &cx.model.fns[fi];
    f.held_at(op.span.start).next().is_some()
        || crate::model::actors::self_field_exclusive(cx.model, &cx.source.text, fi, op.receiver)
            .is_some()
}

pub fn check(cx: &mut FileCtx, facts: &OrderingFacts) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    for pl in &facts.pointer_loads {
        let op = &pl.op;
        if quiet(cx, op) {
            continue;
        }
        let field = field_of(text, op.receiver);
        // a pointer nobody else stores is set once, before the object is shared
        if !elsewhere(cx, op.span, facts.writes_by_field.get(&field)) {
            continue;
        }
        // an acquiring operation or fence before the dereference may be what orders it
        let fi = cx.model.fn_enclosing(op.span);
        let acquired = fi.is_some_and(|fi| {
            let f = &cx.model.fns[fi];
            f.atomics.iter().any(|a| {
                a.span != op.span
                    && a.span.start < pl.deref.start
                    && a.span.start >= f.span.start
                    && a.orderings.iter().any(|o| ACQUIRING.contains(&o.as_str()))
            })
        }) || text
            .get(op.span.end..pl.deref.start)
            .is_some_and(|between| {
                between.contains("fence(")
                    && (between.contains("Acquire")
                        || between.contains("SeqCst")
                        || between.contains("AcqRel"))
            });
        if acquired {
            continue;
        }
        let recv = receiver_text(slice(text, op.receiver));
        let to = if op.method == "swap" {
            "AcqRel"
        } else {
            "Acquire"
        };
        let msg = format!(
            "the pointer in `{recv}` is read with `{}()` and `{}` and then dereferenced: the load does not synchronize with the thread that stored the pointer, so the object's contents written before that store may not be visible here (stale or uninitialised fields, a freed object)",
            op.method, op.ordering.name
        );
        let d = RELAXED_POINTER
            .diag(cx.path, op.at, msg)
            .label(pl.deref, "dereferenced here");
        let help = format!(
            "load the pointer with `Ordering::{to}` (and store it with `Release` or stronger), so that everything written to the object before it was published is visible after the load"
        );
        out.push(strengthen(d, text, &op.ordering, to, help));
    }
    for pp in &facts.publishes {
        let op = &pp.op;
        if quiet(cx, op) {
            continue;
        }
        let field = field_of(text, op.receiver);
        // a pointer nobody else reads needs no ordering
        if !elsewhere(cx, op.span, facts.ops_by_field.get(&field)) {
            continue;
        }
        let recv = receiver_text(slice(text, op.receiver));
        let to = match (op.method.as_str(), op.ordering.name.as_str()) {
            ("store", _) => "Release",
            ("swap", _) | (_, "Acquire") => "AcqRel",
            _ => "Release",
        };
        let what = if op.method.starts_with("compare_exchange") {
            format!(
                "`{}()` publishes a pointer to a newly allocated object in `{recv}` with `{}` as its success ordering",
                op.method, op.ordering.name
            )
        } else {
            format!(
                "a pointer to a newly allocated object is published in `{recv}` with `{}()` and `{}`",
                op.method, op.ordering.name
            )
        };
        let msg = format!(
            "{what}: a thread that loads the pointer can see it before the object's contents, and read uninitialised memory through it"
        );
        let d = RELAXED_POINTER
            .diag(cx.path, op.at, msg)
            .label(pp.fresh, "the object is allocated and written here");
        let help = format!(
            "publish with `Ordering::{to}` (and load with `Acquire`), so that the object's contents are visible to the thread that loads the pointer"
        );
        out.push(strengthen(d, text, &op.ordering, to, help));
    }
    for d in out {
        cx.report(d);
    }
}
