//! `static-mut-rmw`: a `static mut` is read, modified and written back (`COUNTER += 1`,
//! `COUNTER = COUNTER + 1`, `let v = COUNTER; COUNTER = v * 2`) from code that can run on
//! several threads at once. The compiler emits a load and a store: two threads that interleave
//! lose an update (and the program has a data race, which is undefined behaviour).
//!
//! "Can run concurrently": inside a closure passed to a spawn call or in async code; in any
//! function other than `main` (a library function can be called from any thread, and tests
//! run in parallel); in `main` when the file spawns threads or tasks itself.

use super::{Facts, mentions};
use crate::diagnostic::{Applicability, Span};
use crate::model::func::idents_in;
use crate::model::span::span_of;
use crate::rules::FileCtx;
use crate::rules::declare_rule;
use crate::rules::rewrite::{SEQ_CST, fetch_op, static_to_atomic, words};

declare_rule! {
    pub static STATIC_MUT_RMW = {
        id: "static-mut-rmw",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a `static mut` is read, modified and written from code that can run concurrently",
    }
}

pub(super) fn check(cx: &mut FileCtx, facts: &Facts) {
    if facts.static_muts.is_empty() {
        return;
    }
    let mut findings: Vec<(usize, Span, &syn::ItemStatic, Rewrite)> = Vec::new();
    // (write, the `let v = X;` statement) for each write whose new value is computed from `v`
    let mut via_lets: Vec<(Span, Span)> = Vec::new();
    for &(f, b) in &facts.compound {
        let Some((name, whole)) = static_base(&b.left) else {
            continue;
        };
        let Some(st) = facts.static_muts.iter().find(|s| s.ident == name) else {
            continue;
        };
        if shadowed(cx, f, &name) {
            continue;
        }
        let op = super::compound_op(&b.op).unwrap_or("+");
        let rw = if whole {
            Rewrite::Op(op, cx.source.slice(span_of(&*b.right)).to_string())
        } else {
            Rewrite::Lock
        };
        findings.push((f, span_of(b), st, rw));
    }
    for &(f, a) in &facts.assigns {
        let Some((name, whole)) = static_base(&a.left) else {
            continue;
        };
        let Some(st) = facts.static_muts.iter().find(|s| s.ident == name) else {
            continue;
        };
        if shadowed(cx, f, &name) {
            continue;
        }
        let fnm = &cx.model.fns[f];
        let at = span_of(a).start;
        let direct = mentions(&a.right, &name);
        let text = &cx.source.text;
        let source = if direct {
            None
        } else {
            fnm.flows_from(&idents_in(&a.right), at, &|init| {
                contains_word(&text[init.start..init.end], &name)
            })
        };
        if !direct && source.is_none() {
            continue;
        }
        // `let v = X; X = v * 2;`: the closure of `fetch_update` can take `v` itself
        let via = source.and_then(|init| {
            let b = fnm.bindings.iter().find(|b| b.init == Some(init))?;
            let v = &b.names[0];
            let others_derived = idents_in(&a.right).iter().any(|n| {
                n != v
                    && fnm
                        .flows_from(std::slice::from_ref(n), at, &|i| i == init)
                        .is_some()
            });
            (b.names.len() == 1 && text[init.start..init.end].trim() == name && !others_derived)
                .then(|| b.names[0].clone())
        });
        // `v` read anywhere but in the `let` and this write: its `let` cannot go
        let via = via.filter(|v| {
            let Some(b) = fnm.bindings.iter().find(|b| b.init == source) else {
                return false;
            };
            let uses = crate::model::writes::name_uses(cx.ast, v, fnm.body);
            let ok = uses
                .iter()
                .all(|u| span_of(&*a.right).encloses(*u) || b.span.encloses(*u));
            if ok {
                via_lets.push((span_of(a), b.span));
            }
            ok
        });
        let rw = if !whole {
            Rewrite::Lock
        } else if let Some((op, other)) = super::op_with(&a.right, &name) {
            Rewrite::Op(op, cx.source.slice(span_of(other)).to_string())
        } else if let Some(v) = via {
            Rewrite::Update(cx.source.slice(span_of(&*a.right)).to_string(), v)
        } else if direct {
            // a parameter name that captures nothing of the new value's text
            let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, f);
            let p = crate::rules::rewrite::fresh(&[cx.source.slice(span_of(&*a.right))], &chain);
            Rewrite::Update(
                super::replace_ident(&cx.source.text, &a.right, &name, &p),
                p,
            )
        } else {
            Rewrite::Update(String::new(), String::new())
        };
        findings.push((f, span_of(a), st, rw));
    }
    // per static: the edits that make it an atomic, declaration and every use together,
    // when every read-modify-write of it reported here is one `fetch_*`
    let mut whole: std::collections::HashMap<String, Option<Vec<crate::diagnostic::Edit>>> =
        std::collections::HashMap::new();
    for (_, _, st, _) in &findings {
        let name = st.ident.to_string();
        if whole.contains_key(&name) {
            continue;
        }
        let mut rmw = Vec::new();
        let mut ok = true;
        for (_, span, st2, rw) in &findings {
            if st2.ident != name.as_str() {
                continue;
            }
            match rw {
                Rewrite::Op(op, operand)
                    if fetch_op(op).is_some() && !words(operand).contains(&name.as_str()) =>
                {
                    rmw.push((
                        *span,
                        format!(
                            "{name}.{}({operand}, {SEQ_CST})",
                            fetch_op(op).unwrap_or_default()
                        ),
                    ));
                }
                // `X = f(X)` / `let v = X; X = f(v)`: one `fetch_update` whose closure
                // computes the new value from the current one
                Rewrite::Update(value, param) if !value.is_empty() => {
                    rmw.push((
                        *span,
                        format!(
                            "let _ = {name}.fetch_update({SEQ_CST}, {SEQ_CST}, |{param}| Some({value}))"
                        ),
                    ));
                }
                _ => ok = false,
            }
        }
        let edits = if ok {
            static_to_atomic(&cx.source.text, cx.ast, &name, &rmw)
        } else {
            None
        };
        // the `let v = X;` a `fetch_update` took over goes; a `v` used anywhere else keeps
        // the whole rewrite from being offered (it would keep a stale copy)
        let edits = edits.map(|mut edits| {
            for (_, span, st2, rw) in &findings {
                let Rewrite::Update(_, _) = rw else { continue };
                if st2.ident != name.as_str() {
                    continue;
                }
                let Some(let_span) = via_lets.iter().find(|(s, _)| s == span).map(|(_, l)| *l)
                else {
                    continue;
                };
                let line = super::line_of_stmt(cx, let_span);
                edits.retain(|e| !line.encloses(e.span));
                edits.push(crate::diagnostic::Edit::new(line, ""));
            }
            edits.sort_by_key(|e| e.span.start);
            edits
        });
        whole.insert(name, edits);
    }
    for (f, span, st, rw) in findings {
        let Some(why) = concurrent(cx, f) else {
            continue;
        };
        let name = st.ident.to_string();
        let ty = cx.source.slice(span_of(&*st.ty)).to_string();
        let init = cx.source.slice(span_of(&*st.expr)).to_string();
        let msg = format!(
            "`static mut {name}` is read, modified and written back {why}: two threads doing this at once lose an update (and race on the memory, which is undefined behaviour)"
        );
        let mut d = STATIC_MUT_RMW
            .diag(cx.path, span, msg)
            .label(span_of(&st.ident), "declared `static mut` here");
        let atomic = crate::rules::rewrite::atomic_type(&ty);
        let op_name = |op: &str| match op {
            "+" => Some("fetch_add"),
            "-" => Some("fetch_sub"),
            "|" => Some("fetch_or"),
            "&" => Some("fetch_and"),
            "^" => Some("fetch_xor"),
            _ => None,
        };
        if let Some(Some(edits)) = whole.get(&name) {
            let at = atomic.unwrap_or("an atomic");
            d = d.suggest_edits(
                format!(
                    "make `{name}` a `{at}` and update it in one atomic step; every use of it changes with it (reads `.load(..)`, writes `.store(..)`)"
                ),
                Applicability::MaybeIncorrect,
                edits.clone(),
            );
            cx.report(d);
            continue;
        }
        match (&rw, atomic) {
            (Rewrite::Op(op, operand), Some(at)) if op_name(op).is_some() => {
                let replacement = format!(
                    "{name}.{}({operand}, Ordering::Relaxed)",
                    op_name(op).unwrap_or("fetch_add")
                );
                // no edit: the declaration, every use of the static (here and in other
                // files) and the import must change together, which one edit here cannot do
                d = d.help(format!(
                    "make it an atomic, `static {name}: {at} = {at}::new({init});` (with `use std::sync::atomic::{{{at}, Ordering}};`), and update it in one step: `{replacement};` (every other use of `{name}` becomes `{name}.load(Ordering::Relaxed)` / `{name}.store(.., Ordering::Relaxed)`)"
                ));
            }
            (Rewrite::Op(op, operand), Some(at)) => {
                d = d.help(format!(
                    "make it an atomic, `static {name}: {at} = {at}::new({init});`, and update it in one step: `let _ = {name}.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| Some(v {op} {operand}));`"
                ));
            }
            (Rewrite::Update(value, param), Some(at)) => {
                let (param, body) = if value.is_empty() {
                    ("v", "/* the new value computed from v */".to_string())
                } else {
                    (param.as_str(), value.clone())
                };
                d = d.help(format!(
                    "make it an atomic, `static {name}: {at} = {at}::new({init});`, and update it in one step: `let _ = {name}.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |{param}| Some({body}));`"
                ));
            }
            _ => {
                d = d.help(format!(
                    "put it behind a lock, `static {name}: Mutex<{ty}> = Mutex::new({init});`, and read, modify and write it under one guard: `let mut guard = {name}.lock().unwrap();`"
                ));
            }
        }
        cx.report(d);
    }
}

enum Rewrite {
    /// `X op= operand`.
    Op(&'static str, String),
    /// `X = f(X)`: the new value's text written in terms of the closure parameter (empty when
    /// it cannot be), and that parameter.
    Update(String, String),
    /// A field or element of the static: a lock, not an atomic.
    Lock,
}

/// The static a place expression writes (`COUNTER`, `crate::COUNTER`, `STATS.hits`,
/// `SLOTS[i]`), and whether it is the whole static.
fn static_base(e: &syn::Expr) -> Option<(String, bool)> {
    let mut whole = true;
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Field(f) => {
                whole = false;
                cur = &f.base;
            }
            syn::Expr::Index(i) => {
                whole = false;
                cur = &i.expr;
            }
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Group(g) => cur = &g.expr,
            syn::Expr::Path(p) if p.qself.is_none() => {
                let last = p.path.segments.last()?.ident.to_string();
                return Some((last, whole));
            }
            _ => return None,
        }
    }
}

/// A local or parameter of that name hides the static.
fn shadowed(cx: &FileCtx, f: usize, name: &str) -> bool {
    let mut cur = Some(f);
    while let Some(c) = cur {
        if cx.model.fns[c].locals.iter().any(|l| l.name == name) {
            return true;
        }
        cur = cx.model.fns[c].parent;
    }
    false
}

/// Why code in function model `f` can run on several threads at once, if it can.
fn concurrent(cx: &FileCtx, f: usize) -> Option<String> {
    let fns = &cx.model.fns;
    let mut cur = Some(f);
    let mut top = f;
    while let Some(c) = cur {
        let m = &fns[c];
        if m.spawned {
            return Some("in a closure passed to a spawn call".into());
        }
        if m.is_async {
            return Some("in async code, which runs concurrently with other tasks".into());
        }
        top = c;
        cur = m.parent;
    }
    let name = &fns[top].name;
    let short = name.rsplit("::").next().unwrap_or(name);
    if short != "main" {
        return Some(format!(
            "in `{name}`, which nothing stops several threads from calling"
        ));
    }
    let spawns = fns.iter().any(|m| m.spawned || m.is_async);
    spawns.then(|| "in `main`, while this file starts other threads or tasks".to_string())
}

fn contains_word(text: &str, word: &str) -> bool {
    let b = text.as_bytes();
    let w = word.len();
    let is_id = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    text.match_indices(word)
        .any(|(i, _)| (i == 0 || !is_id(b[i - 1])) && (i + w >= b.len() || !is_id(b[i + w])))
}
