//! `non-atomic-flag`: a wait loop polls a `static mut`, a raw-pointer / `UnsafeCell` deref or
//! a volatile read.

use super::{WaitLoop, short};
use crate::diagnostic::Applicability;
use crate::model::flags::{Accesses, Kind};
use crate::model::span::span_of;
use crate::model::syntax::slice;
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::static_to_atomic;

declare_rule! {
    pub static NON_ATOMIC_FLAG = {
        id: "non-atomic-flag",
        category: FLAG_POLLING,
        severity: Warning,
        summary: "a loop waits on a flag that is not an atomic or synchronization primitive",
    }
}

pub fn check(cx: &mut FileCtx, loops: &[WaitLoop], acc: &Accesses) {
    for l in loops {
        let Some(a) = acc
            .in_fn(l.fn_idx)
            .find(|a| !a.write && !a.mmio && l.polls(a.span))
        else {
            continue;
        };
        // the loop itself must not write what it polls (then it is not waiting for anyone)
        if acc
            .in_fn(l.fn_idx)
            .any(|w| w.write && w.name == a.name && l.span.encloses(w.span))
        {
            continue;
        }
        let text = &cx.source.text;
        let what = short(slice(text, a.span));
        let msg = match a.kind {
            Kind::StaticMut => format!(
                "this loop waits for another thread by polling `static mut {}`: a plain read is not synchronized, so the compiler may read it once and spin forever, and the other thread's write is a data race (undefined behaviour)",
                a.name
            ),
            Kind::RawPtr => format!(
                "this loop waits for another thread by polling `{what}` through a raw pointer: a plain read is not synchronized, so the compiler may hoist it out of the loop and spin forever, and the other thread's write is a data race (undefined behaviour)"
            ),
            Kind::UnsafeCell => format!(
                "this loop waits for another thread by polling `{what}` through `UnsafeCell::get()`: a plain read is not synchronized, so the compiler may hoist it out of the loop and spin forever, and the other thread's write is a data race (undefined behaviour)"
            ),
            Kind::Volatile => format!(
                "this loop waits for another thread with a volatile read of `{}`: volatile keeps the read in the loop but is not synchronization, so the write is still a data race and data written before the flag is not guaranteed to be visible after it",
                short(&a.name)
            ),
        };
        let mut d = NON_ATOMIC_FLAG
            .diag(cx.path, a.span, msg)
            .label(l.head, "waits here until another thread changes it");
        // the writes of the same static elsewhere in the file
        if a.kind == Kind::StaticMut || a.kind == Kind::Volatile {
            for w in acc
                .all
                .iter()
                .filter(|w| w.write && w.name == a.name && !l.span.encloses(w.span))
                .take(2)
            {
                d = d.label(w.span, "written here, without synchronization");
            }
        }
        // a `static mut` of this file: the declaration and every use become atomic together
        if a.kind == Kind::StaticMut
            && let Some(edits) = static_to_atomic(&cx.source.text, cx.ast, &a.name, &[])
        {
            d = d.suggest_edits(
                format!(
                    "make `{}` an atomic: every read becomes `.load(SeqCst)` and every write `.store(.., SeqCst)` (better still, block on a `Condvar`, a channel, or `thread::park`/`unpark` instead of spinning)",
                    a.name
                ),
                Applicability::MaybeIncorrect,
                edits,
            );
            cx.report(d);
            continue;
        }
        let help = match a.kind {
            Kind::StaticMut => static_help(cx, l, a.span, &a.name),
            _ => "share an atomic instead (a field or `Arc` of type `AtomicBool`): wait with `while !flag.load(Ordering::Acquire) { std::hint::spin_loop() }` and set it with `flag.store(true, Ordering::Release)`; better, block on a `Condvar`, a channel, or `thread::park`/`unpark`".to_string(),
        };
        d = d.help(help);
        cx.report(d);
    }
}

/// `static mut READY: bool = false;` -> the atomic declaration and the rewritten wait.
fn static_help(cx: &FileCtx, l: &WaitLoop, read: crate::diagnostic::Span, name: &str) -> String {
    let text = &cx.source.text;
    let info = cx.model.index.statics.get(name);
    let ty = info.map(|s| s.ty.text.clone()).unwrap_or_default();
    let atomic = crate::rules::rewrite::atomic_type(&ty).map(str::to_string);
    let init = cx
        .model
        .index
        .statics
        .get(name)
        .and_then(|s| s.init)
        .map(|s| slice(text, s).to_string());
    let decl = match (&atomic, &init) {
        (Some(at), Some(init)) => format!("static {name}: {at} = {at}::new({init});"),
        (Some(at), None) => format!("static {name}: {at} = {at}::new(..);"),
        _ => format!("static {name}: Mutex<{ty}> = Mutex::new(..);"),
    };
    let load = format!("{name}.load(Ordering::Acquire)");
    // the exit condition with the read replaced by the atomic load
    let wait = l
        .exits
        .iter()
        .find(|e| span_of(e.expr).encloses(read))
        .map(|e| {
            let es = span_of(e.expr);
            let cond = format!(
                "{}{}{}",
                &text[es.start..read.start],
                load,
                &text[read.end..es.end]
            );
            let cond = strip_unsafe(&cond);
            if l.is_while && e.exit_when == Some(false) {
                format!("while {cond} {{ std::hint::spin_loop() }}")
            } else {
                format!("if {cond} {{ break; }}")
            }
        });
    if atomic.is_some() {
        format!(
            "make `{name}` an atomic: `{decl}`, wait with `{}` and set it with `{name}.store(.., Ordering::Release)`; better, block on a `Condvar`, a channel, or `thread::park`/`unpark`",
            wait.unwrap_or(load)
        )
    } else {
        format!(
            "protect `{name}` with a lock and wait on a `Condvar` (`{decl}`), or send the value over a channel"
        )
    }
}

/// Drop the `unsafe { .. }` blocks the atomic load no longer needs (an inner expression with
/// operators keeps parentheses).
fn strip_unsafe(cond: &str) -> String {
    let mut t = cond.trim().to_string();
    for _ in 0..8 {
        let Some(start) = t.find("unsafe") else { break };
        let rest = &t[start + "unsafe".len()..];
        let Some(open_rel) = rest.find('{') else {
            break;
        };
        if !rest[..open_rel].trim().is_empty() {
            break;
        }
        let open = start + "unsafe".len() + open_rel;
        let Some(close_rel) = t[open + 1..].find('}') else {
            break;
        };
        let close = open + 1 + close_rel;
        let inner = t[open + 1..close].trim();
        if inner.contains('{') {
            break;
        }
        let mut depth = 0i32;
        let has_op = inner.chars().any(|c| {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                _ => {}
            }
            depth == 0 && c == ' '
        });
        let rep = if has_op {
            format!("({inner})")
        } else {
            inner.to_string()
        };
        t = format!("{}{}{}", &t[..start], rep, &t[close + 1..]);
    }
    t
}
