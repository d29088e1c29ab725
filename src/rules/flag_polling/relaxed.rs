//! The facts `relaxed-publication` ([`super::relaxed_publication`]: a wait loop on a `Relaxed`
//! load after which published data is read) and `relaxed-flag-store`
//! ([`super::relaxed_flag_store`]: a `Relaxed` store of a flag that readers load with
//! `Acquire`) share.
//!
//! Both pair a reader with a writer that may live in another file. The per-file phase turns
//! what only the AST knows (wait loops, non-atomic writes before a store and reads after a
//! wait, fences, which value a load waits for, the text of the edits) into [`Fact`]s, which
//! the file hands to the workspace phase in [`WorkspaceFacts::flags`]; [`check_workspace`]
//! resolves every atomic to its workspace identity and joins readers with writers.

use super::{WaitLoop, replace_ordering, short};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::flags::Accesses;
use crate::model::flags::sync::{fences, observed, observed_values, tested_loads};
use crate::model::syntax::slice;
use crate::model::{AtomicOp, FnModel, Resolver, Root, Workspace};
use crate::rules::{FileCtx, WorkspaceFacts};
use std::collections::HashMap;

pub(super) type S = (usize, usize);

pub(super) fn s(span: Span) -> S {
    (span.start, span.end)
}
pub(super) fn sp(s: S) -> Span {
    Span::new(s.0, s.1)
}

/// What one file knows about a flag, for the workspace phase.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Fact {
    /// A wait loop on a `Relaxed` load.
    Wait {
        load: S,
        flag: String,
        /// The value the loop waits for, when the condition tells.
        waits_for: Option<bool>,
        head: S,
        /// Shared data read after the loop: (span, what).
        reads_after: Vec<(S, String)>,
        /// The ordering argument and its `Acquire` replacement.
        edit: Option<(S, String)>,
    },
    /// A store (or swap) of an atomic.
    Store {
        span: S,
        flag: String,
        ordering: String,
        value: Option<bool>,
        /// Shared data written before the store in the same function: (span, what).
        publishes: Vec<(S, String)>,
        /// The ordering argument and its `Release` replacement.
        edit: Option<(S, String)>,
        /// The store cannot pair with a concurrent reader (`&mut self`, before a spawn, a
        /// fence nearby).
        exclusive: bool,
    },
    /// The value an `Acquire` load or `compare_exchange` observes on the path that
    /// acquires (`while !f.load(Acquire) {}` -> true).
    Observes { span: S, value: bool },
    /// A `store` (or a one-ordering read-modify-write: `swap`, `fetch_add`, ..), or a `load`
    /// whose value a condition tests, with the edit of its ordering argument to `SeqCst` when
    /// it has a weaker one (`store-load-reorder`).
    Access {
        span: S,
        store: bool,
        ordering: String,
        seq_cst_edit: Option<(S, String)>,
    },
    /// A `fence(SeqCst)`.
    SeqCstFence { span: S },
}

pub(super) const ACQUIRING: &[&str] = &["Acquire", "AcqRel", "SeqCst"];

pub fn extract_facts(cx: &mut FileCtx, loops: &[WaitLoop], acc: &Accesses) {
    let text = &cx.source.text;
    let fns = &cx.model.fns;
    // readers, writers and observers are all atomic operations of this file
    if !cx.model.has_atomics() {
        return;
    }
    let fences = fences(cx.syntax());
    let observes = observed_values(cx.ast);
    let facts = &mut cx.facts.flags;

    // readers: wait loops on a Relaxed load
    for l in loops {
        let fm = &fns[l.fn_idx];
        for op in fm.own_atomics().filter(|a| {
            a.op == "load" && a.orderings.first().is_some_and(|o| o == "Relaxed") && l.polls(a.span)
        }) {
            // an acquiring operation on the same flag in this function (test-and-test-and-set:
            // `while f.compare_exchange(.., Acquire, ..).is_err() { while f.load(Relaxed) {} }`)
            let acquired = fm.own_atomics().any(|o| {
                o.place.text == op.place.text
                    && o.span != op.span
                    && o.orderings
                        .first()
                        .is_some_and(|x| ACQUIRING.contains(&x.as_str()))
            }) || fences.iter().any(|f| {
                f.acquires
                    && fm.span.encloses(f.span)
                    && f.span.start >= l.span.start
                    && cx.model.fn_enclosing(f.span) == Some(l.fn_idx)
            });
            if acquired {
                continue;
            }
            let mut reads_after: Vec<(S, String)> = acc
                .in_fn(l.fn_idx)
                .filter(|a| !a.write && !a.mmio && a.span.start >= l.span.end)
                .map(|a| (s(a.span), short(slice(text, a.span))))
                .collect();
            reads_after.extend(
                fm.own_atomics()
                    .filter(|o| {
                        o.op == "load"
                            && o.span.start >= l.span.end
                            && o.place.text != op.place.text
                            && o.orderings.first().is_some_and(|x| x == "Relaxed")
                    })
                    .map(|o| (s(o.span), short(slice(text, o.span)))),
            );
            reads_after.sort();
            // the value the loop leaves with, from the exit that polls the flag
            let waits_for = l.exit_of(op.span).and_then(|e| {
                let mut m = HashMap::new();
                observed(e.expr, e.exit_when?, &mut m);
                m.get(&s(op.span)).copied()
            });
            facts.push(Fact::Wait {
                load: s(op.span),
                flag: op.place.text.clone(),
                waits_for,
                head: s(l.head),
                reads_after,
                edit: ordering_edit(text, op, "Relaxed", "Acquire"),
            });
        }
    }

    // writers: every store / swap
    for (fi, fm) in fns.iter().enumerate() {
        for op in fm
            .own_atomics()
            .filter(|a| a.op == "store" || a.op == "swap")
        {
            let ordering = op.orderings.first().cloned().unwrap_or_default();
            let value = op.args.first().and_then(|a| match slice(text, *a).trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            });
            let mut publishes: Vec<(S, String)> = acc
                .in_fn(fi)
                .filter(|a| a.write && !a.mmio && a.span.end <= op.span.start)
                .map(|a| (s(a.span), short(slice(text, a.span))))
                .collect();
            publishes.extend(
                fm.own_atomics()
                    .filter(|o| {
                        (o.op == "store" || o.op == "swap")
                            && o.span.end <= op.span.start
                            && o.place.text != op.place.text
                            && o.orderings.first().is_some_and(|x| x == "Relaxed")
                    })
                    .map(|o| (s(o.span), short(slice(text, o.span)))),
            );
            publishes.sort();
            let spawn_after = fm.calls.iter().any(|c| {
                c.span.start > op.span.end
                    && match &c.callee {
                        crate::model::Callee::Path { segments } => segments
                            .last()
                            .is_some_and(|l| crate::model::func::is_spawner(l)),
                        crate::model::Callee::Method { name, .. } => name.starts_with("spawn"),
                        _ => false,
                    }
            });
            let fence_here = fences
                .iter()
                .any(|f| cx.model.fn_enclosing(f.span) == Some(fi));
            let ctor = fm.name.ends_with("new")
                || fm.name.ends_with("default")
                || fm.name.ends_with("drop");
            let exclusive = fm.self_exclusive
                && op.place.root == Root::SelfRef
                && crate::model::actors::self_path_owned(cx.model, fi, &op.place.fields)
                || spawn_after
                || fence_here
                || ctor;
            facts.push(Fact::Store {
                span: s(op.span),
                flag: op.place.text.clone(),
                ordering,
                value,
                publishes,
                edit: ordering_edit(text, op, "Relaxed", "Release"),
                exclusive,
            });
        }
    }

    // stores, and loads a condition tests, for `store-load-reorder`
    let tested = tested_loads(cx.ast);
    for fm in fns.iter() {
        for op in fm.own_atomics() {
            // a read-modify-write stores too, and its ordering, unless `SeqCst`, no more
            // orders it before a later load of another atomic than a `Release` store's does
            let store = matches!(
                op.op.as_str(),
                "store"
                    | "swap"
                    | "fetch_add"
                    | "fetch_sub"
                    | "fetch_or"
                    | "fetch_and"
                    | "fetch_xor"
                    | "fetch_nand"
                    | "fetch_max"
                    | "fetch_min"
            );
            let tested_load = op.op == "load" && tested.contains(&s(op.span));
            if !(store || tested_load) {
                continue;
            }
            let ordering = op.orderings.first().cloned().unwrap_or_default();
            let seq_cst_edit = if ordering == "SeqCst" || ordering.is_empty() {
                None
            } else {
                ordering_edit(text, op, &ordering, "SeqCst")
            };
            facts.push(Fact::Access {
                span: s(op.span),
                store,
                ordering,
                seq_cst_edit,
            });
        }
    }
    for f in fences.iter().filter(|f| f.seq_cst) {
        facts.push(Fact::SeqCstFence { span: s(f.span) });
    }

    // the value an acquiring load / CAS observes
    for (span, value) in &observes {
        let span = sp(*span);
        let acquiring = fns.iter().flat_map(|f| f.own_atomics()).any(|a| {
            a.span == span
                && a.orderings
                    .first()
                    .is_some_and(|o| o == "Acquire" || o == "AcqRel")
        });
        if acquiring {
            facts.push(Fact::Observes {
                span: s(span),
                value: *value,
            });
        }
    }
}

/// The edit of the ordering argument `from` -> `to` (the first ordering argument).
pub(super) fn ordering_edit(
    text: &str,
    op: &AtomicOp,
    from: &str,
    to: &str,
) -> Option<(S, String)> {
    let arg = op
        .args
        .iter()
        .find(|a| slice(text, **a).trim_end().ends_with(from))?;
    let rep = replace_ordering(slice(text, *arg), from, to)?;
    Some((s(*arg), rep))
}

// ---------------------------------------------------------------------------------------
// Workspace phase

pub(super) struct Located<'w> {
    pub path: &'w str,
    pub fn_idx: usize,
    pub fact: Fact,
    pub identity: Option<String>,
}

pub fn check_workspace(
    ws: &Workspace,
    files: &[(&str, &WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    let mut facts: Vec<Located> = Vec::new();
    for (path, file_facts) in files {
        let Some(file) = ws.files.iter().find(|f| f.path == *path) else {
            continue;
        };
        for fact in &file_facts.flags {
            let span = match fact {
                Fact::Wait { load, .. } => *load,
                Fact::Store { span, .. } => *span,
                Fact::Observes { span, .. } => *span,
                Fact::Access { span, .. } => *span,
                Fact::SeqCstFence { span } => {
                    if let Some(fn_idx) = file.model.fn_enclosing(sp(*span)) {
                        facts.push(Located {
                            path: file.path,
                            fn_idx,
                            fact: fact.clone(),
                            identity: None,
                        });
                    }
                    continue;
                }
            };
            let Some((fn_idx, op)) = find_op(&file.model.fns, sp(span)) else {
                continue;
            };
            let identity = identity(ws, path, &file.model.fns, fn_idx, op);
            facts.push(Located {
                path: file.path,
                fn_idx,
                fact: fact.clone(),
                identity,
            });
        }
    }
    super::relaxed_publication::check(&facts, out);
    super::relaxed_flag_store::check(ws, &facts, out);
    super::store_load_reorder::check(ws, &facts, out);
}

pub(super) fn find_op(fns: &[FnModel], span: Span) -> Option<(usize, &AtomicOp)> {
    fns.iter()
        .enumerate()
        .find_map(|(i, f)| f.own_atomics().find(|a| a.span == span).map(|a| (i, a)))
}

/// A workspace-wide name for the atomic `op` works on: the model's identity (`Type.field`,
/// `static X`), made file-specific when it names a function's local; or, when the type walk
/// fails, the same from the place's text.
pub(super) fn identity(
    ws: &Workspace,
    path: &str,
    fns: &[FnModel],
    fi: usize,
    op: &AtomicOp,
) -> Option<String> {
    let mut id = raw_identity(ws, path, fns, fi, op)?;
    // a local's flag is the value of one binding: a shadowing `let stop = Arc::new(..)` (or a
    // `let` of the same name in a sibling block) makes another flag, whatever its name
    if let Root::Local(name) = &op.place.root
        && let Some((bf, at, true)) = crate::model::func::root_binding(fns, fi, name, op.span.start)
        && local_rooted(&id, name)
    {
        id = format!("{id}'{}:{at}", fns[bf].name);
    }
    // a name defined in several files (`ThreadParker` per platform) is only the same object
    // within one file
    let defined_in = |name: &str, is_static: bool| {
        ws.files
            .iter()
            .filter(|f| {
                if is_static {
                    f.model.index.statics.contains_key(name)
                } else {
                    f.model.index.structs.contains_key(name)
                }
            })
            .count()
    };
    let ambiguous = if id.contains('#') {
        false
    } else if let Some(rest) = id.strip_prefix("static ") {
        defined_in(rest.split('.').next().unwrap_or(rest), true) > 1
    } else {
        defined_in(id.split('.').next().unwrap_or(&id), false) > 1
    };
    Some(if ambiguous {
        format!("{path}#{id}")
    } else {
        id
    })
}

/// Whether identity `id` names local `name` or a path from it (`run::stop`, `path#run::stop.0`),
/// not a field of a type (`Worker.flag`) or a static.
fn local_rooted(id: &str, name: &str) -> bool {
    let base = id.rsplit('#').next().unwrap_or(id);
    let pat = format!("::{name}");
    base.rfind(&pat).is_some_and(|i| {
        !base[..i].contains('.')
            && base[i + pat.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '.' || c == '[')
    })
}

pub(super) fn raw_identity(
    ws: &Workspace,
    path: &str,
    fns: &[FnModel],
    fi: usize,
    op: &AtomicOp,
) -> Option<String> {
    let resolver = match ws.files.binary_search_by(|f| f.path.cmp(path)) {
        Ok(i) => ws.resolver_in(i),
        Err(_) => ws.resolver(),
    };
    if let Some(r) = resolver.resolve(fns, fi, &op.place) {
        if r.identity.is_empty() {
            return None;
        }
        if r.identity.contains("::") && !r.identity.starts_with("static ") {
            return Some(format!("{path}#{}", r.identity));
        }
        return Some(r.identity);
    }
    let place = &op.place;
    match &place.root {
        Root::SelfRef if fns[fi].self_ty.is_none() => None,
        Root::SelfRef | Root::Static(_) => Some(Resolver::fallback_identity(fns, fi, place)),
        // a local: only within its file
        Root::Local(name) => {
            let mut cur = Some(fi);
            while let Some(c) = cur {
                if fns[c].locals.iter().any(|l| &l.name == name) {
                    return Some(format!(
                        "{path}#{}",
                        Resolver::fallback_identity(fns, fi, place)
                    ));
                }
                cur = fns[c].parent;
            }
            None
        }
        Root::Other(_) => None,
    }
}
