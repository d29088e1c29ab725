//! `racelint facts`: the model of each function as readable text or JSON, so a user can see
//! why racelint thinks what it thinks, and tests can pin the model.

use super::{FileModel, FnModel};
use crate::source::SourceFile;
use std::fmt::Write;

/// One line of a function's trace, in source order.
struct Line {
    offset: usize,
    order: u8,
    text: String,
}

fn pos(src: &SourceFile, offset: usize) -> String {
    let lc = src.line_col(offset);
    format!("{}:{}", lc.line, lc.column)
}

fn trace(f: &FnModel, src: &SourceFile) -> Vec<Line> {
    let mut lines = Vec::new();
    for a in &f.acquisitions {
        let guard = match &a.guard {
            super::GuardKind::Temporary => "temporary guard".to_string(),
            super::GuardKind::Named(n) => format!("guard `{n}`"),
            super::GuardKind::Discarded => "discarded guard".to_string(),
        };
        let via = a
            .wrapper
            .as_ref()
            .map(|w| format!(" via `{w}()`"))
            .unwrap_or_default();
        lines.push(Line {
            offset: a.call_span.start,
            order: 1,
            text: format!(
                "acquire #{} `{}`.{}(){}{} ({:?}), {}",
                a.id,
                a.place.text,
                a.method,
                if a.awaited { ".await" } else { "" },
                via,
                a.mode,
                guard
            ),
        });
        lines.push(Line {
            offset: a.release,
            order: 0,
            text: format!("release #{} ({:?})", a.id, a.release_cause),
        });
    }
    for aw in &f.awaits {
        let held: Vec<String> = f.held_at(aw.start).map(|a| format!("#{}", a.id)).collect();
        let held = if held.is_empty() {
            String::new()
        } else {
            format!(" holding {}", held.join(", "))
        };
        lines.push(Line {
            offset: aw.start,
            order: 2,
            text: format!(".await{held}"),
        });
    }
    for op in &f.atomics {
        lines.push(Line {
            offset: op.span.start,
            order: 3,
            text: format!(
                "atomic `{}`.{}({}){}",
                op.place.text,
                op.op,
                op.orderings.join(", "),
                op.via
                    .as_ref()
                    .map(|v| format!(" in `{v}()`"))
                    .unwrap_or_default()
            ),
        });
    }
    for c in &f.calls {
        let held: Vec<String> = f
            .held_at(c.span.start)
            .map(|a| format!("#{}", a.id))
            .collect();
        if held.is_empty() {
            continue;
        }
        let callee = match &c.callee {
            super::Callee::Path { segments } => segments.join("::"),
            super::Callee::Method { recv, .. } if c.drop_of => recv
                .as_ref()
                .map_or_else(String::new, |p| format!("`{}`", p.text)),
            super::Callee::Method { recv, name } => format!(
                "{}.{}",
                recv.as_ref().map(|p| p.text.as_str()).unwrap_or("<expr>"),
                name
            ),
            super::Callee::Closure { index } => format!("closure #{index}"),
        };
        let text = if c.drop_of {
            format!(
                "drop {callee}: its Drop impl runs holding {}",
                held.join(", ")
            )
        } else {
            format!("call {callee} holding {}", held.join(", "))
        };
        lines.push(Line {
            offset: c.span.start,
            order: 4,
            text,
        });
    }
    for j in &f.joins {
        let held: Vec<String> = f.held_at(j.at).map(|a| format!("#{}", a.id)).collect();
        lines.push(Line {
            offset: j.span.start,
            order: 5,
            text: format!(
                "{} handle `{}`{}{}",
                if j.blocking { "join" } else { "await" },
                j.handle,
                if j.local { " (local)" } else { "" },
                if held.is_empty() {
                    String::new()
                } else {
                    format!(" holding {}", held.join(", "))
                }
            ),
        });
    }
    for w in &f.cv_waits {
        lines.push(Line {
            offset: w.span.start,
            order: 5,
            text: format!(
                "condvar `{}`.{}({}){}{} in {:?}",
                w.condvar.text,
                w.method,
                w.guard.as_deref().unwrap_or("<expr>"),
                if w.timeout { ", timed" } else { "" },
                if w.with_predicate { ", predicate" } else { "" },
                w.context
            ),
        });
    }
    for n in &f.notifies {
        lines.push(Line {
            offset: n.span.start,
            order: 5,
            text: format!("notify `{}`.{}()", n.target.text, n.method),
        });
    }
    for n in &f.notified {
        lines.push(Line {
            offset: n.span.start,
            order: 5,
            text: format!(
                "notified `{}`.notified(){} in {:?}",
                n.notify.text,
                if n.inline { ".await" } else { "" },
                n.context
            ),
        });
    }
    lines.sort_by_key(|l| (l.offset, l.order));
    for l in &mut lines {
        l.text = format!("  {} {}", pos(src, l.offset), l.text);
    }
    lines
}

/// The readable trace of every function of a file.
pub fn render_text(model: &FileModel, src: &SourceFile) -> String {
    let mut out = String::new();
    for (i, f) in model.fns.iter().enumerate() {
        let _ = writeln!(
            out,
            "fn {} ({:?}{}{}) at {}",
            f.name,
            f.kind,
            if f.is_async { ", async" } else { "" },
            if f.spawned { ", spawned" } else { "" },
            pos(src, f.span.start)
        );
        if let Some(who) = super::actors::describe(model, &src.text, i) {
            let _ = writeln!(out, "  actors: {who}");
        }
        if !f.handles.is_empty() {
            let _ = writeln!(out, "  handle stored as `{}`", f.handles.join("`, `"));
        }
        for l in trace(f, src) {
            let _ = writeln!(out, "{}", l.text);
        }
    }
    out
}

/// The model as JSON: the index and every function's facts, with byte spans.
pub fn render_json(model: &FileModel, src: &SourceFile) -> serde_json::Value {
    let mut v = serde_json::to_value(model).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("file".into(), serde_json::Value::String(src.path.clone()));
        let traces: Vec<serde_json::Value> = model
            .fns
            .iter()
            .enumerate()
            .map(|(i, f)| {
                serde_json::json!({
                    "name": f.name,
                    "actors": super::actors::describe(model, &src.text, i),
                    "trace": trace(f, src).into_iter().map(|l| l.text.trim().to_string()).collect::<Vec<_>>(),
                })
            })
            .collect();
        obj.insert("traces".into(), serde_json::Value::Array(traces));
    }
    v
}
