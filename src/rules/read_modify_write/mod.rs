//! Rule family `read-modify-write`: a value is read, changed in application code and written
//! back with nothing protecting the gap, so a concurrent update made in between is lost.
//!
//! This module holds the per-file entry point and what the rules share: one walk of the AST
//! collecting the statements the rules look at (each tagged with the innermost function model
//! it belongs to), the "what does this expression reach through a guard" query, data flow from
//! a read into a write, and the "is this place really shared" checks.
//!
//! One file per rule: [`split_critical_section`], [`atomic_load_store`], [`static_mut_rmw`],
//! [`map_read_then_insert`].

pub mod atomic_load_store;
pub mod db_lost_update;
pub mod fetch_then;
pub mod map_read_then_insert;
pub mod split_critical_section;
pub mod static_mut_rmw;
pub mod store_writes;

#[cfg(test)]
mod tests;

use crate::diagnostic::Span;
use crate::model::{FnModel, Place, Requirement, Resolver, Root, Want};
use crate::rules::FileCtx;

pub(crate) use crate::model::writes::{
    Facts, GuardPath, body_of, compound_op, derived_from, flows_from_init, guard_path, guard_reads,
    ident_of, mentions, op_with, plain_op, replace_ident, used_elsewhere,
};

pub fn check_file(cx: &mut FileCtx) {
    let facts = Facts::collect(cx.syntax());
    split_critical_section::check(cx, &facts);
    atomic_load_store::check(cx, &facts);
    static_mut_rmw::check(cx, &facts);
    map_read_then_insert::check(cx, &facts);
    fetch_then::check(cx);
}

/// Whether `place` is certainly not shared with other threads: a field of `self` in a
/// `&mut self` method, or a local built by a constructor (`Mutex::new(..)`,
/// `AtomicUsize::new(0)`, not `Arc::new(..)`) in a function that spawns nothing.
pub(crate) fn exclusive_place(cx: &FileCtx, f: usize, place: &Place) -> bool {
    let fns = &cx.model.fns;
    match &place.root {
        Root::SelfRef => {
            // the method itself, or an inline closure inside it (spawned ones clear the flag),
            // on what `self` owns (not through an `Arc` field other values hold too)
            fns[f].self_exclusive
                && crate::model::actors::self_path_owned(cx.model, f, &place.fields)
        }
        Root::Local(name) => {
            // find the function that binds the local (the closure's own, then its parents)
            let mut cur = Some(f);
            while let Some(ci) = cur {
                let c = &fns[ci];
                if let Some(b) = c
                    .bindings
                    .iter()
                    .rev()
                    .find(|b| b.names.iter().any(|n| n == name))
                {
                    let Some(init) = b.init else {
                        return false;
                    };
                    let text = cx.source.slice(init).trim_start();
                    let is_ctor = text.contains("::new(")
                        && !text.starts_with("Arc::")
                        && !text.starts_with("std::sync::Arc::")
                        && !text.starts_with("Box::leak")
                        && !text.starts_with("&*Box::leak");
                    if !is_ctor {
                        return false;
                    }
                    // nothing runs concurrently with it: no spawned context inside `ci`
                    return !fns
                        .iter()
                        .enumerate()
                        .any(|(i, x)| x.spawned && i != ci && is_within(fns, i, ci))
                        && !fns[f].spawned;
                }
                cur = c.parent;
            }
            false
        }
        _ => false,
    }
}

/// Whether function model `inner` is `outer` or nested in it.
pub(crate) fn is_within(fns: &[FnModel], inner: usize, outer: usize) -> bool {
    let mut cur = Some(inner);
    while let Some(c) = cur {
        if c == outer {
            return true;
        }
        cur = fns[c].parent;
    }
    false
}

/// Whether two places of function `f` name the same object.
pub(crate) fn same_object(cx: &FileCtx, f: usize, a: &Place, b: &Place) -> bool {
    Resolver::new(&cx.model.index).same_object(&cx.model.fns, f, a, b)
}

/// What is known about a place that is used as `want`: `Ok(None)` when the file proves it,
/// `Ok(Some(req))` when only the workspace can tell, `Err(())` when it is certainly not one.
pub(crate) fn require(
    cx: &FileCtx,
    f: usize,
    place: &Place,
    want: Want,
) -> Result<Option<Requirement>, ()> {
    let r = Resolver::new(&cx.model.index);
    if let Some(res) = r.resolve(&cx.model.fns, f, place) {
        let ok = want.holds(&res.ty);
        // a type the file knows and that is none of these (a struct with its own `lock()`,
        // a type alias or a type from elsewhere, which the index cannot see through) says
        // "no"; a type nobody can name (a generic, `impl Trait`) does not
        return match (ok, &res.ty.class) {
            (true, _) | (false, crate::model::TypeClass::Unknown) => Ok(None),
            _ => Err(()),
        };
    }
    match r.start(&cx.model.fns, f, place, 0) {
        Some((start, fields, _)) => Ok(Some(Requirement {
            start,
            fields,
            want,
            allow_unknown: true,
        })),
        None => Ok(None),
    }
}

/// A statement's span, widened to its whole line (indentation and newline included) when it
/// is alone there: what to delete so that no blank line is left.
pub(crate) fn line_of_stmt(cx: &FileCtx, stmt: Span) -> Span {
    let text = &cx.source.text;
    let line_start = text[..stmt.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[stmt.end..]
        .find('\n')
        .map(|i| stmt.end + i + 1)
        .unwrap_or(text.len());
    if text[line_start..stmt.start].trim().is_empty() && text[stmt.end..line_end].trim().is_empty()
    {
        Span::new(line_start, line_end)
    } else {
        stmt
    }
}

/// 1-based line of an offset, for messages.
pub(crate) fn line(cx: &FileCtx, offset: usize) -> usize {
    cx.source.line_col(offset).line
}
