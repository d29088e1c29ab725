//! Claim flags: an atomic `bool` that a caller sets with `swap(true, ..)` (or
//! `compare_exchange(false, true, ..)`) and clears with `store(false, ..)` when done is a
//! try-lock. Only the caller that won the claim goes on into the claimed work, so a helper
//! entered only by the winner runs one call at a time: a load and a store of an atomic beside
//! the flag, in that helper, cannot be interleaved by a second run of it
//! (`if self.being_updated.swap(true, o) { stale } else { self.refresh() }`).

use super::super::func::{Callee, FnModel, outermost};
use super::super::{FileModel, Place, Root};
use crate::diagnostic::Span;

/// The claim flag that every entry of the private function around `fi` is made under, for a
/// write of `place`, or `None`. The function has no `pub`; its name occurs in the file only
/// where it is defined and where it is called, each call on `self` (so on the same value as
/// the flag); each call comes after a claim of a flag beside `place` (a field of `self` next
/// to it: `self.being_updated` beside `self.inner`) in its caller; and the flag is cleared
/// (`store(false, ..)`) in the function or in that caller. A second caller loses the claim
/// and does not enter until the winner has cleared it.
pub fn entered_under_claim(
    model: &FileModel,
    text: &str,
    fi: usize,
    place: &Place,
) -> Option<String> {
    if place.root != Root::SelfRef || place.fields.is_empty() {
        return None;
    }
    let fns = &model.fns;
    let top = outermost(fns, fi);
    let f = fns.get(top)?;
    // the signature, from the start of its line (the item's span may begin after `pub`)
    let line_start = text.get(..f.span.start)?.rfind('\n').map_or(0, |i| i + 1);
    let sig = text.get(line_start..f.name_span.start)?;
    if sig
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == "pub")
    {
        return None;
    }
    let name = f.name.rsplit("::").next()?;
    let calls: Vec<(usize, Span)> = fns
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| {
            g.calls.iter().filter_map(move |c| match &c.callee {
                Callee::Method {
                    recv: Some(r),
                    name: n,
                } if n == name && r.root == Root::SelfRef && r.fields.is_empty() => {
                    Some((gi, c.span))
                }
                _ => None,
            })
        })
        .collect();
    if calls.is_empty() || word_count(text, name) != calls.len() + 1 {
        return None;
    }
    let mut flag: Option<String> = None;
    for (gi, at) in calls {
        // the caller's claim before the call, in it or a function around it
        let mut claim = None;
        let mut cur = Some(gi);
        while let Some(i) = cur {
            let g = &fns[i];
            claim = g
                .atomics
                .iter()
                .find(|o| o.span.end <= at.start && beside(&o.place, place) && claims(text, o));
            if claim.is_some() {
                break;
            }
            cur = g.parent;
        }
        let claim = claim?;
        let released = [top, gi]
            .iter()
            .flat_map(|&i| super::super::func::tree(fns, outermost(fns, i)))
            .any(|i| releases(text, &fns[i], &claim.place));
        if !released {
            return None;
        }
        let t = claim.place.text.trim_start_matches('&').to_string();
        if flag.as_ref().is_some_and(|x| *x != t) {
            return None;
        }
        flag = Some(t);
    }
    flag
}

/// The number of times `name` occurs in `text` as a whole word, outside `//` comments.
fn word_count(text: &str, name: &str) -> usize {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.lines()
        .map(|line| {
            let code = line.split("//").next().unwrap_or("");
            code.match_indices(name)
                .filter(|(i, _)| {
                    !code[..*i].chars().next_back().is_some_and(ident)
                        && !code[i + name.len()..].chars().next().is_some_and(ident)
                })
                .count()
        })
        .sum()
}

/// A field of `self` next to `place` (same owner, another field).
fn beside(flag: &Place, place: &Place) -> bool {
    flag.root == place.root
        && flag.fields.len() == place.fields.len()
        && flag.fields[..flag.fields.len() - 1] == place.fields[..place.fields.len() - 1]
        && flag.fields.last() != place.fields.last()
}

fn arg<'t>(text: &'t str, o: &super::super::AtomicOp, i: usize) -> Option<&'t str> {
    o.args
        .get(i)
        .and_then(|s| text.get(s.start..s.end))
        .map(str::trim)
}

/// `flag.swap(true, ..)`, `flag.compare_exchange(false, true, ..)` (or `_weak`).
fn claims(text: &str, o: &super::super::AtomicOp) -> bool {
    match o.op.as_str() {
        "swap" => arg(text, o, 0) == Some("true"),
        "compare_exchange" | "compare_exchange_weak" => {
            arg(text, o, 0) == Some("false") && arg(text, o, 1) == Some("true")
        }
        _ => false,
    }
}

/// `flag.store(false, ..)` in `g`.
fn releases(text: &str, g: &FnModel, flag: &Place) -> bool {
    g.atomics.iter().any(|o| {
        o.op == "store"
            && o.place.root == flag.root
            && o.place.fields == flag.fields
            && arg(text, o, 0) == Some("false")
    })
}
