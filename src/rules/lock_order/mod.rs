//! Rule family `lock-order`: deadlocks from inconsistent lock order, re-locking a lock the
//! thread already holds, and blocking guards held across `.await`.
//!
//! * `double-lock` ([`double_lock`]): within one function (and the closures it runs in
//!   place) per file, where the source text is at hand for the std-poison heuristic; through
//!   calls to functions defined anywhere in the workspace in the workspace phase.
//! * `guard-across-await` ([`guard_across_await`]): per file; a receiver whose type is defined in
//!   another file is confirmed by the workspace phase through a [`crate::model::Requirement`].
//! * `lock-order-inversion` ([`lock_order_inversion`]): one lock-order graph over the whole workspace.

use crate::diagnostic::{Diagnostic, Edit, Span};
use crate::model::GuardKind;
use crate::rules::rewrite::words;
use crate::rules::{FileCtx, WorkspaceFacts};

pub mod channel_wait_cycle;
pub mod db_row_lock_order;
pub mod double_lock;
pub mod guard_across_await;
pub mod guard_inline;
pub mod join_holding_lock;
pub mod lock_order_inversion;
pub mod loop_lock_order;
pub mod wait_holding_lock;

pub fn check_file(cx: &mut FileCtx) {
    double_lock::check_file(cx);
    guard_across_await::check_file(cx);
    lock_swaps(cx);
    guard_releases(cx);
    let (reads, uses) = guard_inline::collect(cx);
    cx.facts.guard_reads = reads;
    cx.facts.guard_uses = uses;
}

pub fn check_workspace(
    g: &mut crate::model::lock_graph::Graph,
    facts: &[(&str, &WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    lock_order_inversion::check_workspace(g, facts, out);
    double_lock::check_workspace(g, facts, out);
    double_lock::check_callbacks(g, out);
    join_holding_lock::check_workspace(g, facts, out);
    channel_wait_cycle::check_workspace(g, out);
}

/// Two `let` statements next to each other that each take a named guard (`let a =
/// x.lock()..; let b = y.lock()..;`), the second not using the first guard: swapping them
/// takes `y` first. The workspace phase has no source text, so the edits are made here.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LockSwap {
    /// The lock calls of the first and the second acquisition.
    pub first: Span,
    pub second: Span,
    pub edits: Vec<Edit>,
}

fn lock_swaps(cx: &mut FileCtx) {
    let text = &cx.source.text;
    let mut swaps = Vec::new();
    for f in &cx.model.fns {
        let named: Vec<(&crate::model::Acquisition, &crate::model::func::Binding)> = f
            .acquisitions
            .iter()
            .filter_map(|a| {
                let GuardKind::Named(n) = &a.guard else {
                    return None;
                };
                // by name through the binding index: a scan of every binding for every
                // named guard was quadratic in a function holding many guards
                let b = f.binding_enclosing(n, a.span, |b| b.names.len() == 1)?;
                Some((a, b))
            })
            .collect();
        for w in named.windows(2) {
            let ((a, ba), (b, bb)) = (w[0], w[1]);
            let (GuardKind::Named(an), true) = (&a.guard, ba.span.end <= bb.span.start) else {
                continue;
            };
            let (sa, sb) = (
                &text[ba.span.start..ba.span.end],
                &text[bb.span.start..bb.span.end],
            );
            let adjacent = text[ba.span.end..bb.span.start].trim().is_empty();
            let statements = sa.starts_with("let ") && sb.starts_with("let ");
            let statements =
                statements && sa.trim_end().ends_with(';') && sb.trim_end().ends_with(';');
            if adjacent
                && statements
                && !words(sb).contains(&an.as_str())
                && a.live_at(b.call_span.start)
            {
                swaps.push(LockSwap {
                    first: a.call_span,
                    second: b.call_span,
                    edits: vec![Edit::new(ba.span, sb), Edit::new(bb.span, sa)],
                });
            }
        }
    }
    cx.facts.lock_swaps = swaps;
}

#[cfg(test)]
mod tests;

/// A join (`join-holding-lock`) or a call (`double-lock` through a call) made while a guard
/// is held, and the edits that release that guard before it; made here because the
/// workspace phase has no source text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GuardRelease {
    /// The join ([`crate::model::JoinWait::span`]) or the call ([`crate::model::CallSite::span`]).
    pub at: Span,
    /// The acquisition whose guard is released.
    pub acquisition: Span,
    pub edits: Vec<Edit>,
    /// The edits make the call first, before the statement that takes the temporary guard
    /// ([`hoist_call`]), instead of releasing a named guard.
    #[serde(default)]
    pub hoisted: bool,
    /// The edits take a `match` / `if let` scrutinee's owned value out in a `let` of its own
    /// ([`hoist_owned_scrutinee`]): its temporary guard ends there, before the call in the
    /// arms.
    #[serde(default)]
    pub scrutinee: bool,
    /// The edits merge the guard's `let` with the next statement, which shadows the guard by
    /// an owned copy read through it ([`shadow_by_copy`]): the guard then ends at that `;`.
    #[serde(default)]
    pub shadow: bool,
}

/// The release edits found for the join or call at `at` under the guard of `acquisition`
/// in file `path` ([`GuardRelease`]).
pub fn guard_release<'f>(
    facts: &'f [(&str, &WorkspaceFacts)],
    path: &str,
    at: Span,
    acquisition: Span,
) -> Option<&'f GuardRelease> {
    facts
        .iter()
        .find(|(p, _)| *p == path)?
        .1
        .guard_releases
        .iter()
        .find(|x| x.at == at && x.acquisition == acquisition)
}

/// Where the statement holding `at` starts, when `at` starts a statement's line (`f(x);`,
/// `let v = f(x);`, `let _ = h.join();`, `drop(h.join());`) and that line starts a statement
/// (the code before it ends in `;`, `{` or `}`): (its start, its indentation).
pub(crate) fn statement_line(text: &str, at: usize) -> Option<(usize, &str)> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let lead = before.trim_start();
    let indent = &before[..before.len() - lead.len()];
    let let_lead = lead.starts_with("let ") && lead.trim_end().ends_with('=');
    if !(lead.is_empty() || let_lead || lead == "drop(") {
        return None;
    }
    let prev = text[..line_start].trim_end().chars().last();
    if !matches!(prev, None | Some(';' | '{' | '}')) {
        return None;
    }
    Some((line_start + indent.len(), indent))
}

/// Where the statement holding `at` starts when that statement starts `at`'s line and `at`
/// is in it ([`statement_line`], or `Ok(f(x))`, `return f(x) + 1;`, `if !f(x) {`), the
/// text before `at` on the line opening no block or closure and ending no arm: (its start,
/// its indentation).
pub(crate) fn statement_line_within(text: &str, at: usize) -> Option<(usize, &str)> {
    if let Some(s) = statement_line(text, at) {
        return Some(s);
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let lead = before.trim_start();
    let indent = &before[..before.len() - lead.len()];
    let first = lead.chars().next()?;
    if !(first.is_alphabetic() || first == '_' || first == '(')
        || lead.starts_with("else")
        || ["=>", "|", "{", "}", "//", "/*", "\"", "'"]
            .iter()
            .any(|k| lead.contains(k))
    {
        return None;
    }
    let prev = text[..line_start].trim_end().chars().last();
    if !matches!(prev, None | Some(';' | '{' | '}')) {
        return None;
    }
    Some((line_start + indent.len(), indent))
}

/// `drop(g);` before the statement at `at`: only for a named guard that nothing mentions from
/// the statement on, taken in the statement's block or a block around it, with no loop
/// between the two (a guard moved in one iteration is gone in the next).
pub(crate) fn drop_before(
    text: &str,
    loops: &[Span],
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
    at: usize,
    mentions: &[usize],
) -> Option<Vec<Edit>> {
    drop_named_before(text, loops, f, a, at, mentions, false)
}

/// [`drop_before`]; with `pattern_bound`, also a guard a pattern moved out of a scrutinee
/// (`if let Some(r) = map.get(k)`, a `match` arm's `Some(r)`: `r` owns the reference, so
/// `drop(r)` releases it; a `ref r` binding leaves it a temporary guard, never named).
pub(crate) fn drop_named_before(
    text: &str,
    loops: &[Span],
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
    at: usize,
    mentions: &[usize],
    pattern_bound: bool,
) -> Option<Vec<Edit>> {
    use crate::model::func::ReleaseCause;
    let GuardKind::Named(g) = &a.guard else {
        return None;
    };
    let cause_ok = match a.release_cause {
        ReleaseCause::EndOfBlock => true,
        ReleaseCause::EndOfThenBlock | ReleaseCause::EndOfMatch => pattern_bound,
        _ => false,
    };
    if !cause_ok || g.is_empty() {
        return None;
    }
    let (stmt, indent) = statement_line_within(text, at)?;
    let let_line = text[..a.span.start].rfind('\n').map_or(0, |i| i + 1);
    let let_indent = text[let_line..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    // a loop whose body holds the statement (the loop statement itself runs once: a
    // `drop` before it is not repeated)
    let loop_between = loops
        .iter()
        .any(|l| l.start > a.span.start && l.start < stmt && stmt < l.end);
    // `let Some(olm) = olm.as_ref() else { .. }`: the name is another value there (a `match`
    // arm's pattern binds after its scrutinee: the caller checks that arm holds `at`)
    let shadowed = f.local(g, stmt).is_some_and(|l| {
        l.offset > a.span.start
            && !(pattern_bound && a.release_cause == crate::model::func::ReleaseCause::EndOfMatch)
    });
    if let_indent > indent.len()
        || loop_between
        || shadowed
        || mentions.last().is_some_and(|&m| m >= stmt)
    {
        return None;
    }
    Some(vec![Edit::new(
        Span::new(stmt, stmt),
        format!("drop({g});\n{indent}"),
    )])
}

/// A named guard whose `let` (`let g = INIT;`, no type, plain statement) is followed by a
/// `let` of the same name bound to an owned copy read through it (`let g = g.clone();`,
/// [`owned_value`]), with only blanks and line comments between: the guard can no longer be
/// named and stays alive, unused, to the end of its block, through every later call. The two
/// statements become one, `let g = INIT.clone();` (the first deleted, the guard's name in the
/// second replaced by `INIT`, parenthesized unless it is a primary expression), whose
/// temporary guard ends at its `;`. The lock is taken where it was; only its release moves.
pub(crate) fn shadow_by_copy(
    text: &str,
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
) -> Option<Vec<Edit>> {
    use crate::model::func::ReleaseCause;
    let GuardKind::Named(g) = &a.guard else {
        return None;
    };
    if a.release_cause != ReleaseCause::EndOfBlock || g.is_empty() || a.is_try {
        return None;
    }
    let binding = f
        .bindings
        .iter()
        .find(|b| b.names == [g.clone()] && b.span.encloses(a.span))?;
    let init = binding.init?;
    let let_text = text.get(binding.span.start..binding.span.end)?;
    let (_, pat) = crate::rules::rewrite::let_pattern(text, binding)?;
    let init_text = text.get(init.start..init.end)?;
    if pat != g
        || !let_text.ends_with(';')
        || !init.encloses(a.span)
        || text.get(init.end..binding.span.end)?.trim() != ";"
        || init_text.contains("//")
        || init_text.contains("/*")
    {
        return None;
    }
    // the next statement, after blanks and line comments
    let at = crate::rules::rewrite::next_code(text, binding.span.end, text.len())?;
    let next = f
        .bindings
        .iter()
        .find(|b| b.span.start == at && b.names == [g.clone()] && b.scope_end.is_none())?;
    let next_init = next.init?;
    let (_, next_pat) = crate::rules::rewrite::let_pattern(text, next)?;
    let copy = text.get(next_init.start..next_init.end)?;
    let suffix = copy.strip_prefix(g.as_str())?;
    if next_pat != g
        || !suffix.starts_with('.')
        || suffix.contains(['{', '}', '|', ';', '?'])
        || suffix.contains("//")
        || crate::rules::rewrite::words(suffix).contains(&g.as_str())
        || !owned_value(copy)
        || text.get(next_init.end..next.span.end)?.trim() != ";"
    {
        return None;
    }
    Some(vec![
        Edit::new(
            crate::rules::rewrite::statement_deletion(text, binding.span),
            String::new(),
        ),
        Edit::new(
            Span::new(next_init.start, next_init.start + g.len()),
            crate::rules::rewrite::operand(init_text),
        ),
    ])
}

/// Method calls whose answer owns its data (borrows nothing of the receiver): a value that
/// ends with one outlives the guard it was read through.
pub(crate) const OWNED_SUFFIXES: &[&str] = &[
    ".copied()",
    ".cloned()",
    ".clone()",
    ".is_some()",
    ".is_none()",
    ".len()",
    ".is_empty()",
    ".to_string()",
    ".to_owned()",
    ".to_vec()",
    ".take()",
    ".pop()",
    ".pop_front()",
    ".pop_back()",
];

/// Whether the expression `expr` (a `let`'s initialiser, a scrutinee) ends with a call of
/// [`OWNED_SUFFIXES`] (after a `?`: `.take()?` owns too) or with a cast to a primitive type
/// (`g.len() as u32`).
pub(crate) fn owned_value(expr: &str) -> bool {
    const PRIMITIVES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64",
    ];
    let e = expr.trim().trim_end_matches('?').trim_end();
    OWNED_SUFFIXES.iter().any(|o| e.ends_with(o))
        || e.rsplit_once(" as ")
            .is_some_and(|(_, ty)| PRIMITIVES.contains(&ty.trim()))
}

/// Whether a local bound from the named guard `g` of `a` (a `let` after the guard whose
/// initialiser names `g`, not an owned value by [`owned_value`]) is used from `from` on: it
/// may borrow the guard, which a `drop(g)` at `from` would then end too early (the rewrite
/// would not compile).
pub(crate) fn borrow_outlives(
    cx: &FileCtx,
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
    from: usize,
) -> bool {
    let GuardKind::Named(g) = &a.guard else {
        return false;
    };
    let text = &cx.source.text;
    f.bindings.iter().any(|b| {
        let Some(init) = b.init else {
            return false;
        };
        b.span.start > a.span.start
            && b.span.start < from
            && b.deps.iter().any(|d| d == g)
            && !text.get(init.start..init.end).is_some_and(owned_value)
            && b.names.iter().any(|n| {
                !crate::model::writes::name_uses(cx.ast, n, Span::new(from, f.span.end)).is_empty()
            })
    })
}

/// The `match` or `if let` statement whose scrutinee holds the temporary guard `a`
/// (`match m.lock().unwrap().take() {`, `let r = match ..`, `if let Some(x) =
/// q.lock().unwrap().pop_front() {`, a block `{ cfg.read().unwrap().x.clone() }`), when the
/// scrutinee is an owned value ([`owned_value`]): the scrutinee is computed in a `let` of
/// its own right before the statement, whose `;` ends the guard, and the statement matches on
/// that name. Returns the edits and where the scrutinee ends (the guard is then gone from
/// there on). Only for a statement that starts its line after a complete statement (no
/// `else if`, no attribute), with nothing before the scrutinee that the statement evaluates
/// (the scrutinee runs first either way).
pub(crate) fn hoist_owned_scrutinee(
    cx: &FileCtx,
    fi: usize,
    a: &crate::model::Acquisition,
) -> Option<(Vec<Edit>, usize)> {
    use crate::model::func::ReleaseCause;
    if a.guard != GuardKind::Temporary
        || !matches!(
            a.release_cause,
            ReleaseCause::EndOfMatch | ReleaseCause::EndOfStatement
        )
    {
        return None;
    }
    let f = cx.model.fns.get(fi)?;
    let text = &cx.source.text;
    let line_start = text[..a.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent_len = text[line_start..]
        .bytes()
        .take_while(|c| *c == b' ' || *c == b'\t')
        .count();
    let start = line_start + indent_len;
    let indent = &text[line_start..start];
    let prev = text[..line_start].trim_end().chars().last();
    if !matches!(prev, None | Some(';' | '{' | '}')) || start > a.span.start {
        return None;
    }
    let lead = &text[start..a.span.start];
    // where the scrutinee starts: after `match `, `let <pat> = match ` or `if let <pat> = `
    let scrut = if let Some(rest) = lead.strip_prefix("match ") {
        start + lead.len() - rest.len()
    } else if lead.starts_with("let ") && lead.contains(" = match ") {
        start + lead.find(" = match ")? + " = match ".len()
    } else if lead.starts_with("if let ") && !lead.contains("..=") {
        start + lead.find(" = ")? + " = ".len()
    } else {
        return None;
    };
    if scrut > a.span.start {
        return None;
    }
    // the scrutinee ends at the `{` that opens the block (outside brackets; a block
    // scrutinee `{ .. }` is skipped whole)
    let bytes = text.as_bytes();
    let mut i = scrut;
    let mut depth = 0i32;
    let open = loop {
        let c = *bytes.get(i)?;
        match c {
            b'"' | b'\'' => return None,
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' if depth == 0 && text[scrut..i].trim().is_empty() => {
                i = double_lock::matching_brace(text, i)?;
            }
            b'{' if depth == 0 => break i,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
        i += 1;
    };
    let scrut_text = text[scrut..open].trim_end();
    let scrut_end = scrut + scrut_text.len();
    // no suspension in the scrutinee but the acquisition's own (`cfg.read().await`)
    let own_awaits = text[a.span.start..a.span.end].matches(".await").count();
    if scrut_end < a.span.end || scrut_text.matches(".await").count() != own_awaits {
        return None;
    }
    let inner = scrut_text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(scrut_text);
    if inner.contains(['{', '}', ';']) || !owned_value(inner) {
        return None;
    }
    let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
    let v = crate::rules::rewrite::fresh_from(
        &["value", "taken", "current"],
        &[&text[f.span.start..f.span.end]],
        &chain,
    );
    Some((
        vec![
            Edit::new(
                Span::new(start, start),
                format!("let {v} = {scrut_text};\n{indent}"),
            ),
            Edit::new(Span::new(scrut, scrut_end), v),
        ],
        scrut_end,
    ))
}

/// The offsets where the named guard of `a` is mentioned while it lives (one scan per guard).
pub(crate) fn guard_mentions(text: &str, a: &crate::model::Acquisition) -> Vec<usize> {
    let GuardKind::Named(g) = &a.guard else {
        return Vec::new();
    };
    // an empty name would match at every offset without moving on (a fuzzed input)
    if g.is_empty() {
        return Vec::new();
    }
    let end = a.release.min(text.len());
    let Some(body) = text.get(a.span.end..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].find(g.as_str()) {
        let s = from + i;
        let e = s + g.len();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !word(body[..s].chars().last()) && !word(body[e..].chars().next()) {
            out.push(a.span.end + s);
        }
        from = e;
    }
    out
}

/// For each join and each call made under a guard, the rewrite that ends the guard first:
/// - a temporary guard in a join's handle expression (`self.0.write().unwrap().handle.take()
///   .map(JoinHandle::join);`): the handle is taken out in a `let` of its own, whose end drops
///   the temporary, and joined in the next statement;
/// - a named guard in the same block that nothing uses from the statement on: `drop(guard);`
///   before the statement.
fn guard_releases(cx: &mut FileCtx) {
    let text = &cx.source.text;
    let mut out = Vec::new();
    for (fi, f) in cx.model.fns.iter().enumerate() {
        if f.acquisitions.is_empty() {
            continue;
        }
        // each named guard's mentions, scanned once and only for a guard held at a site
        let mut mentions: Vec<Option<Vec<usize>>> = vec![None; f.acquisitions.len()];
        // (the site, where it happens, the call when it is one)
        let mut sites: Vec<(Span, usize, Option<&crate::model::CallSite>)> =
            f.joins.iter().map(|j| (j.span, j.at, None)).collect();
        sites.extend(f.calls.iter().map(|c| (c.span, c.at(), Some(c))));
        for (span, at, call) in sites {
            let join = call.is_none();
            let held: Vec<usize> = f.held_at(at).map(|a| a.id).collect();
            for ai in held {
                let Some(a) = f.acquisitions.get(ai) else {
                    continue;
                };
                if a.is_try {
                    continue;
                }
                let mut hoisted = false;
                let mut scrutinee = false;
                let mut shadow = false;
                let edits = match &a.guard {
                    GuardKind::Temporary
                        if join && a.span.start >= span.start && a.span.end <= at =>
                    {
                        let Some((stmt, indent)) = statement_line(text, span.start) else {
                            continue;
                        };
                        let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
                        let name = crate::rules::rewrite::fresh_from(
                            &["handle", "joined"],
                            &[&text[f.span.start..f.span.end]],
                            &chain,
                        );
                        let recv = &text[span.start..at];
                        vec![
                            Edit::new(
                                Span::new(stmt, stmt),
                                format!("let {name} = {recv};\n{indent}"),
                            ),
                            Edit::new(Span::new(span.start, at), name),
                        ]
                    }
                    GuardKind::Temporary if !join => {
                        if let Some(e) = hoist_call(cx, fi, f, a, span) {
                            hoisted = true;
                            e
                        } else if let Some(e) = call.and_then(|c| hoist_argument(cx, fi, f, a, c)) {
                            e
                        } else if let Some((e, end)) = hoist_owned_scrutinee(cx, fi, a)
                            && end <= span.start
                        {
                            scrutinee = true;
                            e
                        } else {
                            continue;
                        }
                    }
                    GuardKind::Named(_) => {
                        let m = mentions[ai].get_or_insert_with(|| guard_mentions(text, a));
                        match drop_before(text, &cx.model.loops, f, a, span.start, m) {
                            Some(e) => e,
                            None => match shadow_by_copy(text, f, a) {
                                Some(e) if span.start > a.span.end => {
                                    shadow = true;
                                    e
                                }
                                _ => continue,
                            },
                        }
                    }
                    _ => continue,
                };
                out.push(GuardRelease {
                    at: span,
                    acquisition: a.span,
                    edits,
                    hoisted,
                    scrutinee,
                    shadow,
                });
            }
        }
    }
    cx.facts.guard_releases = out;
}

/// A call whose argument takes a temporary guard (`self.enqueue(self.queue.lock().unwrap().len())`,
/// `apply(state, match state.ui.lock().popup { .. })`): the guard lives to the end of the
/// statement, through the call. The argument is computed in a `let` of its own before the
/// statement, whose end drops the guard, and passed by name. Only where the call is the whole
/// statement, starts its line, and its receiver and earlier arguments call nothing (the
/// argument moves before them).
fn hoist_argument(
    cx: &FileCtx,
    fi: usize,
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
    c: &crate::model::CallSite,
) -> Option<Vec<Edit>> {
    let text = &cx.source.text;
    if c.drop_of {
        return None;
    }
    let call = c.span;
    let arg = *c.args.iter().find(|x| x.encloses(a.span))?;
    let s = a.stmt?;
    if s.start != call.start || a.release < call.end {
        return None;
    }
    let (start, indent) = statement_line(text, s.start)?;
    if start != s.start {
        return None;
    }
    let before = |x: Span| x.start >= call.start && x.end <= arg.start;
    if f.calls.iter().any(|d| before(d.span))
        || f.awaits.iter().any(|w| before(*w))
        || f.acquisitions
            .iter()
            .any(|b| b.id != a.id && before(b.span))
    {
        return None;
    }
    let arg_text = text.get(arg.start..arg.end)?;
    let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
    let name = crate::rules::rewrite::fresh_from(
        &["value", "arg"],
        &[&text[f.span.start..f.span.end]],
        &chain,
    );
    Some(vec![
        Edit::new(
            Span::new(s.start, s.start),
            format!("let {name} = {arg_text};\n{indent}"),
        ),
        Edit::new(arg, name),
    ])
}

/// A call made under a temporary guard of its own statement, after the lock is taken
/// (`self.cache.read().unwrap().count(self.highest()?)`): the call is made in a `let` of its
/// own before the statement (`let value = self.highest(); self.cache.read().unwrap()
/// .count(value?)`), so that it runs before the lock is taken. Only when nothing else the
/// statement evaluates before the call moves with it: the text before the call has no call,
/// `.await` or lock besides the acquisition's own, no macro, no branch (`if`, `match`, `&&`,
/// `||`, `?`), no closure or block, no string; the statement starts its line. A `?` or an
/// argument after the call stays where it is (an early return still happens after the call,
/// and drops nothing the original kept).
fn hoist_call(
    cx: &FileCtx,
    fi: usize,
    f: &crate::model::FnModel,
    a: &crate::model::Acquisition,
    call: Span,
) -> Option<Vec<Edit>> {
    use crate::model::func::ReleaseCause;
    let text = &cx.source.text;
    let s = a.stmt?;
    if a.release_cause != ReleaseCause::EndOfStatement
        || !s.encloses(call)
        || call.start < a.span.end
        || a.span.start < s.start
    {
        return None;
    }
    let line_start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..s.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let prev = text[..line_start].trim_end().chars().last();
    if !matches!(prev, None | Some(';' | '{' | '}')) {
        return None;
    }
    let prefix = text.get(s.start..call.start)?;
    let branchy = [
        "?", "&&", "||", "|", "{", "}", "=>", "\"", "'", "//", "/*", "#",
    ];
    let keywords = [
        "if", "match", "while", "for", "loop", "return", "else", "break", "continue", "yield",
        "unsafe", "async", "move",
    ];
    if branchy.iter().any(|k| prefix.contains(k))
        || words(prefix).iter().any(|w| keywords.contains(w))
    {
        return None;
    }
    // a macro call (`info!(..)`: its arguments may not be evaluated at all)
    let pb = prefix.as_bytes();
    for (i, &c) in pb.iter().enumerate() {
        if c == b'!' && i > 0 && (pb[i - 1].is_ascii_alphanumeric() || pb[i - 1] == b'_') {
            return None;
        }
    }
    let before = |x: Span| x.start >= s.start && x.start < call.start && x.end <= call.start;
    if f.calls
        .iter()
        .any(|d| before(d.span) && !a.span.encloses(d.span))
        || f.awaits.iter().any(|w| before(*w) && !a.span.encloses(*w))
        || f.acquisitions
            .iter()
            .any(|b| b.id != a.id && b.span.start >= s.start && b.span.start < call.start)
    {
        return None;
    }
    let mut end = call.end;
    if text[end..].starts_with(".await") {
        end += ".await".len();
    }
    let call_text = text.get(call.start..end)?;
    let chain = crate::rules::rewrite::fn_chain(&cx.model.fns, fi);
    let name = crate::rules::rewrite::fresh_from(
        &["value", "current", "result"],
        &[&text[f.span.start..f.span.end]],
        &chain,
    );
    Some(vec![
        Edit::new(
            Span::new(s.start, s.start),
            format!("let {name} = {call_text};\n{indent}"),
        ),
        Edit::new(Span::new(call.start, end), name),
    ])
}
