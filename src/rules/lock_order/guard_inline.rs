//! `double-lock` through a call whose callee only reads the lock it takes again: the call is
//! replaced by the callee's read, made through the guard the caller already holds.
//!
//! `let g = data.write().unwrap(); .. let n = len_of(&data);` with
//! `fn len_of(data: &RwLock<Vec<u32>>) -> usize { data.read().unwrap().len() }` becomes
//! `let n = g.len();`: the callee would compute the same value on the same state (the caller
//! holds the lock, so nobody else changes it), and the caller's critical section stays whole.
//! Dropping the guard before the call (the other rewrite) is wrong there, as the guard is used
//! after the call.
//!
//! Both halves are found per file, where the source text is at hand, and joined in the
//! workspace phase, which knows which function a call reaches:
//! - [`GuardRead`]: a function whose whole body is one lock-then-read expression
//!   (`self.m.lock().unwrap().len()`, `self.running.read().await.get(&id).cloned()`), the read
//!   calling only methods that take `&self` ([`READ_ONLY`]) and naming nothing but its
//!   parameters and its closures' parameters (no `self`, no `?`, no `return`, no macro, no
//!   block, no item of the callee's module);
//! - [`GuardUse`]: a call made under a named guard that is in scope and not shadowed there,
//!   whose receiver and arguments are plain places or literals (evaluating them has no
//!   effect), where the guard can be borrowed: a binding without `mut` is never borrowed
//!   mutably; a `mut` one only by statements of its own that end before the call.

use crate::diagnostic::{Edit, Span};
use crate::model::{Callee, FnModel, GuardKind};
use crate::rules::FileCtx;
use crate::rules::rewrite::{operand, words};

/// Methods that only read through a shared reference and return owned data or a borrow of
/// it: a read through a guard with them needs no `mut` binding and leaves the guard as it was.
pub const READ_ONLY: &[&str] = &[
    "len",
    "is_empty",
    "get",
    "contains",
    "contains_key",
    "iter",
    "clone",
    "first",
    "last",
    "keys",
    "values",
    "to_string",
    "to_owned",
    "as_str",
    "as_ref",
    "as_deref",
    "starts_with",
    "ends_with",
    "copied",
    "cloned",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "unwrap_or",
    "unwrap_or_default",
    "map_or",
    "map",
    "any",
    "all",
    "count",
    "filter",
    "find",
    "max",
    "min",
    "capacity",
];

/// Free words a read may use besides its parameters.
const ALLOWED_WORDS: &[&str] = &[
    "true", "false", "Some", "None", "Ok", "Err", "as", "usize", "u8", "u16", "u32", "u64", "u128",
    "isize", "i8", "i16", "i32", "i64", "i128", "f32", "f64", "bool", "char",
];

/// A function whose body is one lock-then-read expression of its only acquisition.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GuardRead {
    /// The function (index in the file's functions).
    pub func: usize,
    /// The read after the guard (`.len()`, `.get(&id).cloned()`).
    pub rest: String,
}

/// A call made under a named guard, with what inlining a read into it needs.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GuardUse {
    /// The call ([`crate::model::CallSite::span`]).
    pub at: Span,
    /// The acquisition whose guard is held.
    pub acquisition: Span,
    /// The text replaced: the call, and its `.await` when one follows.
    pub replace: Span,
    /// Whether an `.await` follows the call (the callee must then be `async`).
    pub awaited: bool,
    /// The guard's name.
    pub guard: String,
    /// The call's arguments, each when it is a plain place or literal (`None` otherwise).
    pub args: Vec<Option<String>>,
}

/// The reads and the uses of one file.
pub(super) fn collect(cx: &FileCtx) -> (Vec<GuardRead>, Vec<GuardUse>) {
    let text = &cx.source.text;
    let mut reads = Vec::new();
    let mut uses = Vec::new();
    for (fi, f) in cx.model.fns.iter().enumerate() {
        if let Some(rest) = read_of(text, f) {
            reads.push(GuardRead { func: fi, rest });
        }
        if f.acquisitions.is_empty() || f.calls.is_empty() {
            continue;
        }
        for c in &f.calls {
            for a in f.held_at(c.at()) {
                if let Some(u) = use_of(cx, f, c, a) {
                    uses.push(u);
                }
            }
        }
    }
    (reads, uses)
}

/// The read of a function whose body is `<its only acquisition><rest>`.
fn read_of(text: &str, f: &FnModel) -> Option<String> {
    if f.parent.is_some() || f.acquisitions.len() != 1 || f.params.iter().any(String::is_empty) {
        return None;
    }
    let b = &f.acquisitions[0];
    if b.guard != GuardKind::Temporary || b.wrapper.is_some() || b.is_try || b.shard {
        return None;
    }
    let body = text.get(f.body.start..f.body.end)?;
    let inner = body.strip_prefix('{')?.strip_suffix('}')?;
    let start = f.body.start + 1 + (inner.len() - inner.trim_start().len());
    let end = f.body.start + 1 + inner.trim_end().len();
    if start != b.span.start || b.span.end >= end {
        return None;
    }
    let rest = text.get(b.span.end..end)?;
    if !rest.starts_with('.')
        || rest.contains('?')
        || rest.contains('{')
        || rest.contains('!')
        || rest.contains(';')
        || rest.contains('"')
        || rest.contains('\'')
        || rest.contains("//")
        || rest.contains("/*")
    {
        return None;
    }
    let closure_params = closure_params(rest)?;
    // every word: a method or field after `.`, a parameter, a closure's parameter, or a
    // keyword-like name; every method called reads only
    for (s, i) in ident_spans(rest) {
        let w = &rest[s..i];
        let after_dot = rest[..s].trim_end().ends_with('.');
        if after_dot {
            let called = rest[i..].trim_start().starts_with('(');
            if called && !READ_ONLY.contains(&w) {
                return None;
            }
            if w == "await" {
                return None;
            }
        } else if !(f.params.iter().any(|p| p == w)
            || closure_params.iter().any(|p| p == w)
            || ALLOWED_WORDS.contains(&w))
        {
            return None;
        }
    }
    Some(rest.to_string())
}

/// The identifiers of `text` as (start, end) byte offsets, number literals and their
/// suffixes (`1u32`, `2.5f64`) skipped.
fn ident_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_alphabetic() || c == '_' {
            let s = i;
            while i < b.len() && ((b[i] as char).is_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((s, i));
            continue;
        }
        if c.is_ascii_digit() {
            // a number literal (with its suffix)
            while i < b.len()
                && ((b[i] as char).is_alphanumeric()
                    || b[i] == b'_'
                    || b[i] == b'.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
            {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The parameters of the closures in `rest` (`|x| ..`, `|a, b| ..`, `|| ..`), when every `|`
/// opens or closes a closure's parameter list right after `(` or `,`; `None` otherwise (an
/// `||` or `|` operator).
fn closure_params(rest: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = rest.as_bytes();
    while i < b.len() {
        if b[i] != b'|' {
            i += 1;
            continue;
        }
        let before = rest[..i].trim_end();
        if !(before.ends_with('(') || before.ends_with(',')) {
            return None;
        }
        let close = rest[i + 1..].find('|')? + i + 1;
        for p in rest[i + 1..close].split(',') {
            let p = p.trim().trim_start_matches('&').trim();
            if p.is_empty() {
                continue;
            }
            if !p.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            out.push(p.to_string());
        }
        i = close + 1;
    }
    Some(out)
}

/// A plain place or literal: evaluating it has no effect and it can be spelt again.
fn plain(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '&' | '*' | ' '))
        && !t.contains("..")
        && !words(t).iter().any(|w| *w == "mut" || *w == "as")
}

/// The call `c` under the guard `a`, when a read can replace it there.
fn use_of(
    cx: &FileCtx,
    f: &FnModel,
    c: &crate::model::CallSite,
    a: &crate::model::Acquisition,
) -> Option<GuardUse> {
    let text = &cx.source.text;
    let GuardKind::Named(g) = &a.guard else {
        return None;
    };
    if g.is_empty() || a.is_try || a.wrapper.is_some() || a.shard {
        return None;
    }
    // the receiver is a place (its evaluation does nothing)
    match &c.callee {
        Callee::Method { recv: Some(_), .. } if c.recv_span.is_none() => {}
        Callee::Path { .. } => {}
        _ => return None,
    }
    if c.span.start < a.span.end {
        return None;
    }
    // the guard's binding: `let g = <acquisition>` or `let mut g = ..`
    let let_start = text[..a.span.start].rfind("let ")?;
    let head = text[let_start + 4..a.span.start].trim();
    let head = head.strip_suffix('=')?.trim_end();
    let (mutable, name) = match head.strip_prefix("mut ") {
        Some(n) => (true, n.trim()),
        None => (false, head),
    };
    let name = name.split(':').next()?.trim();
    if name != g {
        return None;
    }
    // not shadowed at the call
    if f.local(g, c.span.start)
        .is_some_and(|l| l.offset > a.span.start)
    {
        return None;
    }
    let mentions = super::guard_mentions(text, a);
    if mutable {
        // a `mut` guard is borrowed mutably only by statements that start with it and end
        // before the call (`g.push(1);`, `*g += 1;`)
        for &m in mentions.iter().filter(|&&m| m < c.span.start) {
            let ls = text[..m].rfind('\n').map_or(0, |i| i + 1);
            let lead = text[ls..m].trim();
            if !(lead.is_empty() || lead == "*") {
                return None;
            }
            let le = text[m..].find('\n').map_or(text.len(), |i| m + i);
            if !text[m..le].trim_end().ends_with(';') || le > c.span.start {
                return None;
            }
        }
    }
    let after = &text[c.span.end..];
    let awaited = after.starts_with(".await");
    let replace = if awaited {
        Span::new(c.span.start, c.span.end + ".await".len())
    } else {
        c.span
    };
    let args = c
        .args
        .iter()
        .map(|s| {
            let t = text.get(s.start..s.end)?;
            plain(t).then(|| t.trim().to_string())
        })
        .collect();
    Some(GuardUse {
        at: c.span,
        acquisition: a.span,
        replace,
        awaited,
        guard: g.clone(),
        args,
    })
}

/// The edit that replaces the call of `u` with the read `r` of `callee` through the guard:
/// each parameter the read names becomes its argument (as an operand), the whole in
/// parentheses unless it is a plain chain. `None` when an argument the read needs is no plain
/// place or the call does not await an `async` callee. A closure parameter of the read named
/// like a word of an argument is renamed (fresh: no argument, the read or the guard uses it).
pub fn inline_edit(u: &GuardUse, r: &GuardRead, callee: &FnModel, shift: usize) -> Option<Edit> {
    if u.awaited != callee.is_async || u.args.len() != callee.params.len() + shift {
        return None;
    }
    let closure = closure_params(&r.rest)?;
    let mut out = String::new();
    let rest = r.rest.as_str();
    // a closure parameter of the read named like a word of an argument would capture it
    // (`.any(|n| n == name)` with `name` := `n`): it gets a fresh name, used by no argument,
    // by nothing in the read and not by the guard
    let arg_texts: Vec<&str> = u.args.iter().flatten().map(String::as_str).collect();
    let renamed: Vec<(String, String)> = closure
        .iter()
        .filter(|p| arg_texts.iter().any(|a| words(a).contains(&p.as_str())))
        .map(|p| {
            let mut texts = arg_texts.clone();
            texts.push(rest);
            texts.push(&u.guard);
            (
                p.clone(),
                crate::rules::rewrite::fresh_from(&[p.as_str()], &texts, &[]),
            )
        })
        .collect();
    let mut last = 0;
    for (s, i) in ident_spans(rest) {
        let w = &rest[s..i];
        if rest[..s].trim_end().ends_with('.') {
            continue;
        }
        if closure.iter().any(|p| p == w) {
            if let Some((_, fresh)) = renamed.iter().find(|(p, _)| p == w) {
                out.push_str(&rest[last..s]);
                out.push_str(fresh);
                last = i;
            }
            continue;
        }
        if let Some(pi) = callee.params.iter().position(|p| p == w) {
            let arg = u.args.get(pi + shift)?.as_ref()?;
            out.push_str(&rest[last..s]);
            // `&id` with `*id`: a unary argument needs no parentheses where no postfix
            // operator follows (`&*id`)
            let unary = (arg.starts_with('*') || arg.starts_with('&'))
                && operand(arg.trim_start_matches(['*', '&']))
                    == arg.trim_start_matches(['*', '&'])
                && !arg.trim_start_matches(['*', '&']).starts_with("mut ");
            let next = rest[i..].chars().next();
            if unary && matches!(next, None | Some(')' | ',')) {
                out.push_str(arg);
            } else {
                out.push_str(&operand(arg));
            }
            last = i;
        }
    }
    out.push_str(&rest[last..]);
    Some(Edit::new(u.replace, operand(&format!("{}{out}", u.guard))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_parameters_and_operators() {
        assert_eq!(
            closure_params(".iter().any(|n| n == name)"),
            Some(vec!["n".into()])
        );
        assert_eq!(closure_params(".map_or(0, |&(a, b)| a)"), None);
        assert_eq!(
            closure_params(".map_or(0, |a, b| a)"),
            Some(vec!["a".into(), "b".into()])
        );
        // an `||` operator is no closure
        assert_eq!(closure_params(".is_empty() || x"), None);
    }

    #[test]
    fn plain_arguments_only() {
        assert!(plain("&self.table"));
        assert!(plain("*id"));
        assert!(plain("Kind::A"));
        assert!(!plain("next()"));
        assert!(!plain("&mut v"));
        assert!(!plain("a + b"));
    }
}
