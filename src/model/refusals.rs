//! Calls that refuse a duplicate under their own lock. prometheus' `Registry::register` (and
//! `prometheus::register`, the default registry's) answers `Err(AlreadyReg)` for a collector
//! whose descriptors are registered already, under the registry's own lock. An act that runs
//! only on the `Ok` of such a call is made by one of two racers that both passed an earlier
//! check (a `contains_key` fast path): the call re-checks, and the loser never gets to the act.
//! (prometheus-client's `Registry::register` refuses nothing: it is not one.)

use super::decisions::{Site, strip};
use crate::diagnostic::Span;
use crate::model::span::span_of;

/// Whether the file imports prometheus' `Registry` (`use prometheus::Registry;`, `use
/// prometheus::{.., Registry, ..};`) or names it by path (`prometheus::Registry`).
fn names_prometheus_registry(text: &str) -> bool {
    if text.contains("prometheus::Registry") {
        return true;
    }
    text.match_indices("use prometheus::{").any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let list = &rest[..rest.find('}').unwrap_or(rest.len())];
        list.split(',').any(|s| s.trim() == "Registry")
    })
}

/// Whether `e` is a call that refuses a duplicate registration: `reg.register(c)` on a value
/// whose type is written `Registry` (or `prometheus::Registry`, or a reference / `Arc` of it)
/// in a file that imports prometheus' `Registry`, where `ty` is that type as the resolver
/// gives it; or the free function `prometheus::register(c)`.
pub fn refuses_duplicate(text: &str, e: &syn::Expr, ty: Option<&str>) -> bool {
    match strip(e) {
        syn::Expr::MethodCall(mc) if mc.method == "register" && mc.args.len() == 1 => {
            let Some(t) = ty else {
                return false;
            };
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let bare = t
                .trim_start_matches('&')
                .trim_start_matches("Arc<")
                .trim_end_matches('>');
            (bare == "Registry" || bare == "prometheus::Registry")
                && names_prometheus_registry(text)
        }
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let syn::Expr::Path(p) = strip(&c.func) else {
                return false;
            };
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segs == ["prometheus", "register"]
        }
        _ => false,
    }
}

/// The refusing call ([`refuses_duplicate`], with `type_of` giving the receiver's type) on
/// whose success the act at `act` runs: `match reg.register(c) { Ok(_) => { act } .. }`, or
/// `if reg.register(c).is_ok() { act }` (also `if let Ok(_) = reg.register(c)`). Its span,
/// or `None`.
pub fn gated_by_refusal(
    sites: &[Site<'_>],
    text: &str,
    act: Span,
    type_of: &dyn Fn(&syn::Expr) -> Option<String>,
) -> Option<Span> {
    let refuses = |e: &syn::Expr| {
        let recv_ty = match strip(e) {
            syn::Expr::MethodCall(mc) => type_of(&mc.receiver),
            _ => None,
        };
        refuses_duplicate(text, e, recv_ty.as_deref())
    };
    sites.iter().find_map(|s| match s {
        Site::Match { e } => {
            if !refuses(&e.expr) {
                return None;
            }
            e.arms
                .iter()
                .find(|arm| ok_pattern(&arm.pat) && span_of(&*arm.body).encloses(act))
                .map(|_| span_of(&*e.expr))
        }
        Site::If { e, .. } => {
            if !span_of(&e.then_branch).encloses(act) {
                return None;
            }
            match strip(&e.cond) {
                syn::Expr::Let(l) if ok_pattern(&l.pat) && refuses(&l.expr) => {
                    Some(span_of(&*l.expr))
                }
                syn::Expr::MethodCall(mc)
                    if mc.method == "is_ok" && mc.args.is_empty() && refuses(&mc.receiver) =>
                {
                    Some(span_of(&*mc.receiver))
                }
                _ => None,
            }
        }
    })
}

/// `Ok(..)`.
fn ok_pattern(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::TupleStruct(t) => t.path.segments.last().is_some_and(|s| s.ident == "Ok"),
        _ => false,
    }
}
