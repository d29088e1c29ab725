//! Acts that decide by what they find under their own guard: `retain`, `drain(..)`,
//! `extract_if`, `clear` on a guarded collection walk (or reset) the collection as it is while
//! the guard is held, whatever an earlier check under another guard saw.
//!
//! `if !pending.read().is_empty() { pending.write().retain(|s| !bind(s)) }`: the read-locked
//! check only decides whether to do the work; the act keeps or removes each element by what it
//! finds under the write guard, so an element another thread handled in between is not there
//! any more and nothing is done twice. The check is a fast path, not a decision the act relies
//! on.

use super::span::span_of;
use super::{Acquisition, GuardKind};
use crate::diagnostic::Span;
use syn::visit::Visit;

/// Methods of a collection that decide per element by what they find, or reset it whole, and
/// whose outcome does not depend on what a check made before the guard saw.
const REREADING: &[&str] = &[
    "retain",
    "retain_mut",
    "extract_if",
    "drain_filter",
    "drain",
    "clear",
];

/// Whether every use of the guard of `w` within `scope` (up to the guard's release) is the
/// receiver of a [`REREADING`] call on the guarded value or a field path of it
/// (`g.retain(..)`, `g.pending.retain(..)`, `m.write().unwrap().drain(..)`), and there is at
/// least one. A `drain` must take the whole collection (`drain(..)` or `drain()`): a range
/// computed before the guard (`drain(..n)`) carries the check's answer into the act.
pub fn acts_on_current_contents(file: &syn::File, w: &Acquisition, scope: Span) -> bool {
    let within = Span::new(w.span.start, scope.end.min(w.release));
    let named = match &w.guard {
        GuardKind::Named(n) => Some(n.as_str()),
        GuardKind::Temporary => None,
        GuardKind::Discarded => return false,
    };
    let mut v = Find {
        named,
        w,
        within,
        roots: Vec::new(),
        bad: false,
    };
    v.visit_file(file);
    if v.bad || v.roots.is_empty() {
        return false;
    }
    match named {
        // every mention of the guard is one of the receivers found
        Some(n) => {
            let uses = super::writes::name_uses(file, n, Span::new(w.span.end, within.end));
            !uses.is_empty() && uses.iter().all(|u| v.roots.contains(u))
        }
        None => true,
    }
}

struct Find<'a> {
    named: Option<&'a str>,
    w: &'a Acquisition,
    within: Span,
    /// The guard expressions found as receivers of a re-reading call.
    roots: Vec<Span>,
    /// A re-reading call with an argument that may carry the check's answer.
    bad: bool,
}

impl Find<'_> {
    /// The guard at the root of `e` through fields and `unwrap`/`expect`/`?`: its span.
    fn guard_root(&self, mut e: &syn::Expr) -> Option<Span> {
        loop {
            match e {
                syn::Expr::Field(f) => e = &f.base,
                syn::Expr::Paren(p) => e = &p.expr,
                syn::Expr::Try(t) => {
                    if self.named.is_none() && span_of(e) == self.w.span {
                        return Some(span_of(e));
                    }
                    e = &t.expr
                }
                syn::Expr::Path(p) => {
                    let n = self.named?;
                    return p.path.is_ident(n).then(|| span_of(p));
                }
                syn::Expr::MethodCall(mc) => {
                    let s = span_of(mc);
                    if self.named.is_none() && (s == self.w.span || s == self.w.call_span) {
                        return Some(s);
                    }
                    if self.named.is_some()
                        || !matches!(mc.method.to_string().as_str(), "unwrap" | "expect")
                    {
                        return None;
                    }
                    e = &mc.receiver
                }
                _ => return None,
            }
        }
    }
}

impl<'ast> Visit<'ast> for Find<'_> {
    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        let s = span_of(mc);
        if self.within.encloses(s) {
            let m = mc.method.to_string();
            if REREADING.contains(&m.as_str())
                && let Some(root) = self.guard_root(&mc.receiver)
            {
                let whole = match m.as_str() {
                    "drain" => match mc.args.first() {
                        None => true,
                        Some(syn::Expr::Range(r)) => r.start.is_none() && r.end.is_none(),
                        Some(_) => false,
                    },
                    _ => true,
                };
                if whole {
                    self.roots.push(root);
                } else {
                    self.bad = true;
                }
            }
        }
        syn::visit::visit_expr_method_call(self, mc);
    }
}
