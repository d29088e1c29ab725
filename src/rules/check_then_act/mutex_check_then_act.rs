//! `mutex-check-then-act`: a condition checked under one exclusive guard (a `Mutex`, an
//! `RwLock` write guard, tokio's or parking_lot's) is acted on under a second guard of the same
//! lock, taken after the first was released. The engine is `rwlock-check-then-write`'s
//! ([`check_guarded`]) with the stricter pairing this file decides.

use super::rwlock_check_then_write::{Read, Spec, check_guarded, one_write_guard};
use super::*;
use crate::diagnostic::Applicability;
use crate::model::{GuardKind, Mode};
use crate::rules::declare_rule;

declare_rule! {
    pub static MUTEX_CHECK_THEN_ACT = {
        id: "mutex-check-then-act",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a condition checked under one lock guard is acted on under a second guard of the same lock",
    }
}

const SPEC: Spec = Spec {
    check_modes: &[Mode::Exclusive],
    strict: true,
};

pub(super) fn check(a: &An, out: &mut Vec<Candidate>, claimed: &HashSet<Span>) {
    check_guarded(a, out, claimed, &SPEC);
}

/// Methods that add to or change a collection or value (not removals: removing what is already
/// gone does nothing, and not `entry` / `get_or_insert*`, which re-check).
const MUTATORS: &[&str] = &[
    "push",
    "push_back",
    "push_front",
    "insert",
    "extend",
    "append",
    "set",
    "replace",
    "add",
    "incr",
    "increment",
    "fetch_add",
    "fetch_sub",
];

/// Methods a check searches a collection with: a search then an insert or push is
/// `map-check-then-insert`'s or `collection-check-then-push`'s.
const TESTS: &[&str] = &[
    "contains",
    "contains_key",
    "iter",
    "any",
    "find",
    "position",
];
const ADDS: &[&str] = &["insert", "push", "push_back", "push_front"];

/// Words in the second guard's scope that mean the act is conditional on what it finds there
/// (a re-check), or only does idempotent work.
const RECHECKS: &[&str] = &[
    "if",
    "match",
    "else",
    "while",
    "retain",
    "entry",
    "get_or_insert",
    "get_or_insert_with",
    "or_insert",
    "or_insert_with",
    "or_default",
];

/// A use of a guard: the field path after it and what is done there.
pub(super) struct Use {
    pub(super) path: Vec<String>,
    /// The method called on the path (`push`), or the assignment operator (`+=`).
    op: String,
    /// The arguments (or the assigned value).
    args: String,
}

/// `.a.b.push(x)` / `.a.b += 1` / ` = v` after a guard.
pub(super) fn use_after(text: &str) -> Use {
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let t = rest.trim_start();
        if let Some(t) = t.strip_prefix('.') {
            let t = t.trim_start();
            let n = t
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map(|(i, _)| i)
                .unwrap_or(t.len());
            if n == 0 {
                break;
            }
            let ident = &t[..n];
            let after = t[n..].trim_start();
            if let Some(args) = after.strip_prefix('(') {
                return Use {
                    path,
                    op: ident.to_string(),
                    args: balanced(args).to_string(),
                };
            }
            if after.starts_with("::") {
                break;
            }
            path.push(ident.to_string());
            rest = &t[n..];
            continue;
        }
        for op in ["+=", "-=", "*=", "/=", "|=", "&=", "^=", "<<=", ">>="] {
            if let Some(v) = t.strip_prefix(op) {
                return Use {
                    path,
                    op: op.to_string(),
                    args: v.split(';').next().unwrap_or("").to_string(),
                };
            }
        }
        if let Some(v) = t.strip_prefix('=')
            && !v.starts_with(['=', '>'])
        {
            return Use {
                path,
                op: "=".into(),
                args: v.split(';').next().unwrap_or("").to_string(),
            };
        }
        break;
    }
    Use {
        path,
        op: String::new(),
        args: String::new(),
    }
}

/// The text up to the `)` closing an argument list whose `(` was just consumed.
fn balanced(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                if depth == 0 {
                    return &s[..i];
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    s
}

/// The uses of a guard: after a temporary, its one use; for a named guard, every use of the
/// name in `scope` after the acquisition.
fn uses(a: &An, acq: &Acquisition, scope: Span) -> Vec<Use> {
    match &acq.guard {
        GuardKind::Named(n) => {
            let from = acq.span.end.max(scope.start);
            let to = acq.release.min(scope.end);
            if from >= to {
                return Vec::new();
            }
            let text = a.text(Span::new(from, to));
            let b = text.as_bytes();
            let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
            text.match_indices(n.as_str())
                .filter(|(i, _)| {
                    (*i == 0 || (!word(b[i - 1]) && b[i - 1] != b'.'))
                        && b.get(i + n.len()).is_none_or(|c| !word(*c))
                })
                .map(|(i, _)| use_after(&text[i + n.len()..]))
                .collect()
        }
        _ => vec![use_after(a.source.text.get(acq.span.end..).unwrap_or(""))],
    }
}

/// The statement (or the rest of the guard's life) the act's guard is used in.
fn act_scope(a: &An, w: &Acquisition, then_span: Span) -> Span {
    match &w.guard {
        GuardKind::Named(_) => Span::new(w.span.end, w.release.min(then_span.end).max(w.span.end)),
        _ => {
            let rest = a.source.text.get(w.span.end..then_span.end).unwrap_or("");
            let n = rest.find(';').unwrap_or(rest.len());
            Span::new(w.span.end, w.span.end + n)
        }
    }
}

/// Whether `text` names one of `words` as a whole word.
fn any_word(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| mentions_word(text, w))
}

/// Whether the act under the second guard writes what the check read (the same field path, a
/// collection tested and then added to), or uses the value the check decided (`if let Some(id)
/// = next { g.running.insert(id, ..) }`), with no re-check under the second guard.
pub(super) fn acts_on_check(
    a: &An,
    e: &syn::ExprIf,
    rd: &Read,
    w: &Acquisition,
    then_span: Span,
) -> bool {
    let scope = act_scope(a, w, then_span);
    let scope_text = a.text(scope);
    // the second guard re-checks (`if`, `match`, `let .. else`, `?`), or does idempotent work
    if any_word(scope_text, RECHECKS) || scope_text.contains('?') {
        return false;
    }
    let writes: Vec<Use> = uses(a, w, scope)
        .into_iter()
        .filter(|u| u.op.ends_with('=') || MUTATORS.contains(&u.op.as_str()))
        .collect();
    if writes.is_empty() {
        return false;
    }
    // an act that stores the value the check compared with (`if cache != cur { .. cache =
    // cur }`): a refresh that changes nothing when it runs twice
    let cond_text = a.text(span_of(&*e.cond));
    let init_text = rd.scope.map(|s| a.text(s)).unwrap_or("");
    if writes.iter().all(|u| {
        u.op == "="
            && idents_or_literal(&u.args).is_some_and(|ns| {
                !ns.is_empty()
                    && ns
                        .iter()
                        .all(|n| mentions_word(cond_text, n) || mentions_word(init_text, n))
            })
    }) {
        return false;
    }
    // a flag set to a constant and nothing else done (`if !*ready.lock() { *ready.lock() = true }`,
    // a log line throttled): every racer stores the same value
    if writes
        .iter()
        .all(|u| u.op == "=" && idents_or_literal(&u.args).is_some_and(|ns| ns.is_empty()))
        && only_logs_besides(&e.then_branch, scope)
    {
        return false;
    }
    if let Some(acq) = rd.acq {
        let life = uses(a, acq, Span::new(acq.span.end, acq.release));
        // the first guard only writes: it is no check
        if life.iter().all(is_write) {
            return false;
        }
        // the check took its value out (`remove`, `take`, `pop`): this caller owns what it tests
        if life.iter().any(|u| TAKES.contains(&u.op.as_str())) {
            return false;
        }
        // the first guard writes inside the branch before it is dropped: it claims the state
        // (`if !g.creating { g.creating = true; drop(g); .. }`)
        if acq.release > then_span.start
            && uses(a, acq, Span::new(then_span.start, acq.release))
                .iter()
                .any(is_write)
        {
            return false;
        }
    }
    let reads: Vec<Use> = match rd.acq {
        Some(acq) => uses(
            a,
            acq,
            rd.scope.unwrap_or(Span::new(acq.span.end, acq.release)),
        )
        .into_iter()
        .filter(|u| !is_write(u))
        .collect(),
        None => Vec::new(),
    };
    // one key looked up, another written: unrelated entries
    let other_key = |r: &Use, wu: &Use| {
        KEYED.contains(&r.op.as_str())
            && KEYED_WRITES.contains(&wu.op.as_str())
            && first_arg(&r.args) != first_arg(&wu.args)
    };
    // the value the condition decided, used by the act
    if let syn::Expr::Let(l) = strip(&e.cond) {
        let bound = crate::model::func::pat_names(&l.pat);
        if writes.iter().any(|u| {
            bound.iter().any(|n| mentions_word(&u.args, n))
                && !reads.iter().any(|r| other_key(r, u))
        }) {
            return true;
        }
    }
    if rd.acq.is_none() {
        // a helper's check: what it read is not known, any write of the lock acts on it
        return true;
    }
    writes.iter().any(|wu| {
        reads.iter().any(|r| {
            let same = r.path == wu.path
                || (!r.path.is_empty() && wu.path.starts_with(&r.path))
                || (!wu.path.is_empty() && r.path.starts_with(&wu.path));
            // `contains` then `insert` is `map-check-then-insert`'s / `collection-check-then-push`'s
            same && !other_key(r, wu)
                && !(TESTS.contains(&r.op.as_str()) && ADDS.contains(&wu.op.as_str()))
        })
    })
}

/// Whether a helper's write in the branch acts on the helper's check: not when the branch
/// re-checks, and not when it only stores a constant besides logging (every racer stores the
/// same value: `if !s.is_ready() { s.set_ready(true) }`).
pub(super) fn helper_act_matters(
    a: &An,
    e: &syn::ExprIf,
    w: &Acquisition,
    value: Option<Span>,
) -> bool {
    let then_span = span_of(&e.then_branch);
    // the act in the branch, or after an `if` whose branch leaves
    let start = if w.span.start >= then_span.end {
        span_of(e).end
    } else {
        then_span.start
    };
    let scope_text = a.text(Span::new(start, w.span.start));
    if any_word(scope_text, RECHECKS) {
        return false;
    }
    // a setter given no value (`identity.mark_as_verified()`) stores what it always stores
    let constant = value.is_none_or(|v| {
        idents_or_literal(a.text(v)).is_some_and(|ns| ns.is_empty())
            || a.text(v).contains("::") && !a.text(v).contains(['(', '{'])
    });
    !(constant && only_logs_besides(&e.then_branch, w.span))
}

fn is_write(u: &Use) -> bool {
    (u.op.ends_with('=') && !matches!(u.op.as_str(), "==" | "!=" | "<=" | ">="))
        || MUTATORS.contains(&u.op.as_str())
}

/// Methods that take the value out of the guarded state.
const TAKES: &[&str] = &[
    "remove",
    "take",
    "pop",
    "pop_front",
    "pop_back",
    "swap_remove",
    "drain",
    "replace",
    "split_off",
];

/// Lookups of one key, and writes of one key.
const KEYED: &[&str] = &[
    "get",
    "get_mut",
    "contains_key",
    "contains",
    "get_key_value",
];
const KEYED_WRITES: &[&str] = &["insert"];

/// The first argument, as compared between a lookup and a write (`&k`, `k.clone()`, `k` alike).
fn first_arg(args: &str) -> String {
    let mut depth = 0usize;
    let mut end = args.len();
    for (i, c) in args.char_indices() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let t: String = args[..end].chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches('&').trim_start_matches("mut");
    let t = t
        .trim_end_matches(".clone()")
        .trim_end_matches(".to_owned()")
        .trim_end_matches(".to_string()");
    t.to_string()
}

/// The local names an assigned value is built from: none for a literal or a fresh value (`true`,
/// `None`, `Some(Instant::now())`); `None` when it cannot be parsed.
fn idents_or_literal(text: &str) -> Option<Vec<String>> {
    let mut names = crate::model::func::idents_in_text(text.trim())?;
    names.retain(|n| n != "None" && n != "Some");
    Some(names)
}

/// Every statement of the branch besides the one at `act` is a macro (a log line) or a `let`.
fn only_logs_besides(b: &syn::Block, act: Span) -> bool {
    b.stmts.iter().all(|s| {
        let sp = span_of(s);
        sp.encloses(act)
            || sp.start <= act.start && act.start <= sp.end
            || matches!(s, syn::Stmt::Macro(_))
            || matches!(s, syn::Stmt::Expr(syn::Expr::Macro(_), _))
    })
}

/// Another check-then-act rule already reports this `if` (a map filled, a queue popped): one
/// finding per bug.
pub(super) fn other_rule_reports(a: &An, out: &[Candidate], at: Span, if_span: Span) -> bool {
    let _ = a;
    let from = at.start.min(if_span.start);
    out.iter().any(|o| {
        o.diag.rule != MUTEX_CHECK_THEN_ACT.id
            && o.diag.span.start < if_span.end
            && from < o.diag.span.end
    })
}

pub(super) fn report(
    a: &An,
    e: &syn::ExprIf,
    rd: &Read,
    w: &Acquisition,
    o1: &Obj,
    o2: &Obj,
) -> Candidate {
    let place = &rd.place.text;
    let cond_span = span_of(&*e.cond);
    let decided = matches!(strip(&e.cond), syn::Expr::Let(_));
    let harm = if decided {
        "the value decided under the first guard can be stale when the second acts on it: another caller can take the same decision, or change what it was based on, in between"
    } else {
        "two callers can both pass the check before either acts, so both act (a limit is exceeded, an element is added twice) or one acts on a condition that no longer holds"
    };
    let how = match rd.acq {
        Some(_) => "under one lock guard",
        None => "by a helper that takes the lock itself",
    };
    let msg = format!(
        "`{place}` is checked {how} and acted on under a second guard of the same lock, taken after the first was released: {harm}"
    );
    let (span, check_label) = match rd.acq {
        Some(r) => (
            r.span,
            "the condition is decided here, under the first guard",
        ),
        None => (
            rd.at,
            "the condition is decided here, by the helper under its own guard",
        ),
    };
    let mut d = a
        .diag(&MUTEX_CHECK_THEN_ACT, span, msg)
        .label(cond_span, check_label)
        .label(
            w.span,
            "the lock is taken again here, after the first guard was released",
        );
    let edit = rd.acq.and_then(|r| one_write_guard(a, e, r, w));
    d = match edit {
        Some((span, rep)) => d.suggest(
            "take the lock once, before the check, and use that one guard for the check and the act",
            Applicability::MaybeIncorrect,
            span,
            rep,
        ),
        None => d.help(format!(
            "hold one guard across the check and the act: `let mut guard = {}; if <condition through guard> {{ .. }}`, or check the condition again after taking the lock the second time",
            a.text(w.span)
        )),
    };
    Candidate {
        requires: reqs(&[o1, o2]),
        diag: d,
        via: None,
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn uses_after_a_guard() {
        let u = use_after(".pool.size += 1;");
        assert_eq!(
            (u.path, u.op.as_str()),
            (vec!["pool".into(), "size".into()], "+=")
        );
        let u = use_after(".idle.push(c);");
        assert_eq!(
            (u.path, u.op.as_str(), u.args.as_str()),
            (vec!["idle".into()], "push", "c")
        );
        let u = use_after(" = Some(x);");
        assert_eq!(
            (u.path.len(), u.op.as_str(), u.args.trim()),
            (0, "=", "Some(x)")
        );
        let u = use_after(".size == max");
        assert_eq!(u.op, "");
        assert!(!is_write(&u));
    }

    #[test]
    fn keys_compared() {
        assert_eq!(first_arg("&k.clone(), v"), "k");
        assert_eq!(first_arg("k"), "k");
        assert_ne!(first_arg("n, v"), first_arg("&k"));
    }

    #[test]
    fn assigned_names() {
        assert_eq!(idents_or_literal("true"), Some(vec![]));
        assert_eq!(idents_or_literal("Some(Instant::now())"), Some(vec![]));
        assert_eq!(
            idents_or_literal("Some(cur)"),
            Some(vec!["cur".to_string()])
        );
    }
}
