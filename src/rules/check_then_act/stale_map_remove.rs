//! `stale-map-remove`: a task puts its entry in a shared map under a key that other tasks use
//! too (it takes over an earlier entry for that key itself), waits, and then removes the entry
//! by key alone: by then the key may hold the entry of the task that took over from it.

use super::*;
use crate::model::CallSite;
use crate::rules::declare_rule;

declare_rule! {
    pub static STALE_MAP_REMOVE = {
        id: "stale-map-remove",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "an entry is removed from a shared map by key after an `.await`, although another task may have replaced it under that key",
    }
}

/// A map operation of the function: the call, the map's identity, its key (as text) and the
/// guard it is made under (`None` for a concurrent map).
struct MapCall<'a> {
    call: &'a CallSite,
    map: String,
    obj: Obj,
    key: String,
    guard: Option<&'a Acquisition>,
}

/// The key an argument denotes, as text: `&k`, `k.clone()`, `k.as_str()`, `&*k` are `k`.
fn key_of(text: &str) -> String {
    let mut t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = t.len();
        for p in ["&mut", "&", "*"] {
            if let Some(r) = t.strip_prefix(p) {
                t = r.to_string();
            }
        }
        for s in [
            ".clone()",
            ".to_string()",
            ".to_owned()",
            ".as_str()",
            ".as_ref()",
            ".into()",
            ".borrow()",
        ] {
            if let Some(r) = t.strip_suffix(s) {
                t = r.to_string();
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// The map a method call works on: the value of a guard (`m.lock().unwrap().insert(..)`,
/// `g.insert(..)`, `g.wills.insert(..)`) or a concurrent map (`self.sessions.insert(..)` on a
/// `DashMap`).
fn map_call<'a>(a: &An<'a>, fi: usize, c: &'a CallSite) -> Option<MapCall<'a>> {
    let f = a.f(fi);
    let first = *c.args.first()?;
    let key = key_of(a.text(first));
    if key.is_empty() {
        return None;
    }
    let with = |obj: Obj, fields: &[String], guard| {
        let mut map = obj.identity.clone();
        if !fields.is_empty() {
            map = format!("{map}->{}", fields.join("."));
        }
        MapCall {
            call: c,
            map,
            obj,
            key: key.clone(),
            guard,
        }
    };
    if let Some(rs) = c.recv_span {
        let acq = f.acquisition_at(rs)?;
        let obj = a.lock_obj(fi, &acq.place)?;
        return Some(with(obj, &[], Some(acq)));
    }
    let (place, _) = c.method()?;
    if let Root::Local(name) = &place.root
        && let Some(acq) = f
            .acquisitions
            .iter()
            .rev()
            .find(|q| q.guard == GuardKind::Named(name.clone()) && q.live_at(c.span.start))
    {
        let obj = a.lock_obj(fi, &acq.place)?;
        return Some(with(obj, &place.fields, Some(acq)));
    }
    if a.unshared(fi, place) {
        return None;
    }
    Some(with(a.concurrent_map_obj(fi, place)?, &[], None))
}

/// The call's result is thrown away: it is a statement of its own (`m.remove(&k);`) or
/// `let _ = m.remove(&k)`.
fn result_dropped(a: &An, c: &CallSite) -> bool {
    let text = &a.source.text;
    let after = text.get(c.span.end..).unwrap_or("").trim_start();
    if !after.starts_with(';') {
        return false;
    }
    let line_start = text[..c.span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..c.span.start].trim();
    before.is_empty() || before.ends_with('{') || before.ends_with("=>") || before == "let _ ="
}

pub(super) fn check(a: &An, skips: &dyn Fn(Span) -> bool, out: &mut Vec<Candidate>) {
    for (fi, f) in a.model.fns.iter().enumerate() {
        if f.awaits.is_empty() {
            continue;
        }
        let calls: Vec<MapCall> = f
            .calls
            .iter()
            .filter(|c| {
                matches!(
                    c.name(),
                    "insert" | "remove" | "get" | "get_mut" | "contains_key"
                )
            })
            .filter_map(|c| map_call(a, fi, c))
            .collect();
        for (ri, r) in calls.iter().enumerate() {
            if r.call.name() != "remove"
                || r.call.args.len() != 1
                || skips(r.call.span)
                || !result_dropped(a, r.call)
            {
                continue;
            }
            let same = |m: &MapCall| m.map == r.map && m.key == r.key;
            // the task's own entry, put there before a wait
            let Some((ii, ins)) = calls[..ri].iter().enumerate().rev().find(|(_, m)| {
                same(m)
                    && m.call.name() == "insert"
                    && m.call.args.len() == 2
                    && m.call.span.end <= r.call.span.start
            }) else {
                continue;
            };
            if let (Some(g1), Some(_)) = (ins.guard, r.guard)
                && g1.live_at(r.call.at())
            {
                continue;
            }
            let mut waits = f.awaits_between(ins.call.span.end, r.call.span.start);
            let Some(&wait) = waits.next() else {
                continue;
            };
            // the end of the last wait before the removal
            let last_wait = waits.map(|w| w.end).fold(wait.end, usize::max);
            // the key is shared with other tasks by design: this task looked up or took
            // over an earlier entry for it before putting its own
            let Some(prior) = calls[..ii].iter().find(|m| {
                same(m) && matches!(m.call.name(), "remove" | "get" | "get_mut" | "contains_key")
            }) else {
                continue;
            };
            // the entry is put only when the lookup found none (`match m.get(&k) { None =>
            // m.insert(..) }`, `let old = m.remove(&k); if let Some(o) = old { .. } else {
            // m.insert(..) }`): tasks that find an entry leave it, so none replaces this one
            if decided_by(a, fi, prior.call.span, ins.call.span) {
                continue;
            }
            // looked at again after the wait, before removing: the removal is decided by
            // what the entry is now
            if calls[ii + 1..ri].iter().any(|m| {
                same(m)
                    && m.call.span.start >= last_wait
                    && matches!(m.call.name(), "get" | "get_mut" | "contains_key")
            }) {
                continue;
            }
            out.push(report(a, r, ins, prior, wait));
        }
    }
}

/// Whether the code at `act` runs in one outcome of the lookup at `lookup` only: inside an
/// `if` / `match` that tests it (or a `let` binding of it), or after such an `if` one of whose
/// branches leaves.
fn decided_by(a: &An, fi: usize, lookup: Span, act: Span) -> bool {
    let f = a.f(fi);
    let bound: Vec<&String> = f
        .bindings
        .iter()
        .filter(|b| b.init.is_some_and(|i| i.encloses(lookup)))
        .flat_map(|b| b.names.iter())
        .collect();
    let tests = |cond: Span| cond.encloses(lookup) || bound.iter().any(|n| a.mentions(n, cond));
    a.sites.iter().any(|site| match site {
        Site::If { e, .. } => {
            let cond = span_of(&*e.cond);
            if cond.end < lookup.start || !f.span.encloses(cond) || !tests(cond) {
                return false;
            }
            let whole = span_of(*e);
            whole.encloses(act)
                || (whole.end <= act.start
                    && (diverges(&e.then_branch)
                        || e.else_branch.as_ref().is_some_and(|(_, b)| match &**b {
                            syn::Expr::Block(b) => diverges(&b.block),
                            _ => false,
                        })))
        }
        Site::Match { e } => {
            let scrutinee = span_of(&*e.expr);
            scrutinee.end >= lookup.start
                && f.span.encloses(scrutinee)
                && tests(scrutinee)
                && span_of(*e).encloses(act)
        }
    })
}

fn report(a: &An, r: &MapCall, ins: &MapCall, prior: &MapCall, wait: Span) -> Candidate {
    let map = match (r.guard, r.call.method()) {
        (Some(g), _) => g.place.text.trim_start_matches('&'),
        (None, Some((p, _))) => p.text.trim_start_matches('&'),
        (None, None) => a.text(r.call.recv_span.unwrap_or(r.call.span)),
    };
    let key = &r.key;
    let line = a.source.line_col(prior.call.span.start).line;
    let msg = format!(
        "the entry for `{key}` is removed from `{map}` by key alone after an `.await`: this function itself deals with an earlier task's entry under that key (line {line}), so a newer task can replace this one's entry while it waits, and this `remove` then erases the newer task's entry"
    );
    let d = a
        .diag(&STALE_MAP_REMOVE, r.call.span, msg)
        .label(ins.call.span, "this task's entry is put here")
        .label(
            prior.call.span,
            "an earlier task's entry under the same key is looked up or taken over here",
        )
        .label(wait, "other tasks run while this one waits here")
        .help(format!(
            "remove the entry only if it is still this task's: look at it under the same guard as the removal (`if g.get(&{key}).is_some_and(|e| is_mine(e)) {{ g.remove(&{key}); }}`, `remove_if` on a `DashMap`), or key the entries by something unique to this task"
        ));
    Candidate {
        requires: reqs(&[&r.obj]),
        diag: d,
        via: None,
    }
}
