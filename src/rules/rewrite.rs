//! Helpers every rule's rewrite uses: hygiene (a fresh name that captures nothing) and
//! precedence (an operand spliced into a larger expression keeps its meaning). They work on
//! byte slices of the original text, as the edits do.

use crate::diagnostic::{Edit, Span};
use crate::model::FnModel;
use crate::model::writes::{StaticUse, static_mut_decl, static_uses};

/// The identifier-like words of `text` (keywords and names in strings included: the
/// answer is an over-approximation, which only makes [`fresh`] more careful).
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
        .collect()
}

/// A closure parameter name that none of `texts` uses and that no local of `fns` (the
/// function the rewrite is in and the functions around it) binds: `v`, then `cur`,
/// `current`, `v1`, `v2`, ...
pub fn fresh(texts: &[&str], fns: &[&FnModel]) -> String {
    fresh_from(&["v", "cur", "current"], texts, fns)
}

/// The first of `names` (then `names[0]` with a number) that none of `texts` uses and no
/// local of `fns` binds.
pub fn fresh_from(names: &[&str], texts: &[&str], fns: &[&FnModel]) -> String {
    let taken = |n: &str| {
        texts.iter().any(|t| words(t).contains(&n))
            || fns.iter().any(|f| f.locals.iter().any(|l| l.name == n))
    };
    for n in names {
        if !taken(n) {
            return n.to_string();
        }
    }
    let base = names.first().copied().unwrap_or("v");
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.into())
}

/// The function `f` and every function it is nested in (closures in their function).
pub fn fn_chain(fns: &[FnModel], f: usize) -> Vec<&FnModel> {
    let mut out = Vec::new();
    let mut cur = Some(f);
    while let Some(c) = cur {
        out.push(&fns[c]);
        cur = fns[c].parent;
    }
    out
}

/// `text` as an operand of a binary operator: parenthesized unless it is a primary
/// expression already (a name, a path, a literal, a field, or a call / method call / index
/// chain on those, or already in parentheses).
pub fn operand(text: &str) -> String {
    let t = text.trim();
    if is_primary(t) {
        t.to_string()
    } else {
        format!("({t})")
    }
}

fn is_primary(t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    // outside brackets, only name characters, `.`, `::` and string/char literals
    let mut depth = 0i32;
    let mut in_str = false;
    let mut prev = '\0';
    let b: Vec<char> = t.chars().collect();
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
            prev = c;
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '_' || c == '.' => {}
            ':' if b.get(i + 1) == Some(&':') || prev == ':' => {}
            '!' if b.get(i + 1) == Some(&'(') && i > 0 => {} // a macro call
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
        prev = c;
    }
    // a leading bracket must close at the very end to count as one parenthesized operand
    depth == 0 && !in_str && !t.starts_with('{') && !t.starts_with('[')
        || t.starts_with('[') && closes_at_end(&b, '[', ']')
}

fn closes_at_end(b: &[char], open: char, close: char) -> bool {
    let mut depth = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i == b.len() - 1;
            }
        }
    }
    false
}

/// The span that deletes a whole statement: from the start of its line when only whitespace
/// precedes it, through the end of the line.
pub fn deletion_span(src: &str, s: Span) -> Span {
    let bytes = src.as_bytes();
    let mut start = s.start;
    while start > 0 && (bytes[start - 1] == b' ' || bytes[start - 1] == b'\t') {
        start -= 1;
    }
    let line_start = start == 0 || bytes[start - 1] == b'\n';
    let mut end = s.end;
    while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
        end += 1;
    }
    if line_start && end < bytes.len() && bytes[end] == b'\n' {
        Span::new(start, end + 1)
    } else {
        s
    }
}

/// [`deletion_span`], and when a comment follows the statement on its line (`let g = ..; //
/// why`), the blanks after the statement too: the comment stays, at the statement's place.
pub fn statement_deletion(src: &str, s: Span) -> Span {
    let d = deletion_span(src, s);
    if d != s {
        return d;
    }
    let bytes = src.as_bytes();
    let mut end = s.end;
    while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
        end += 1;
    }
    Span::new(s.start, end)
}

/// `span` is an expression statement of its own: a statement starts there (after `;`, `{`
/// or `}`) and a `;` ends it, so its value is thrown away and the expression can be replaced
/// by one of another type.
pub fn is_statement(src: &str, span: Span) -> bool {
    let mut before = src[..span.start].trim_end();
    // a line comment after the previous token (`if ok { // why`) is no token
    let line = before.rfind('\n').map_or(0, |i| i + 1);
    if let Some(c) = before[line..].find("//") {
        before = before[..line + c].trim_end();
    }
    let after = src[span.end..].trim_start();
    (before.is_empty() || before.ends_with([';', '{', '}'])) && after.starts_with(';')
}

/// The pattern of the `let` statement `b` written `let [mut] PAT = INIT` (no type
/// annotation): whether it is `mut`, and `PAT`'s text. `None` for another form.
pub fn let_pattern<'t>(text: &'t str, b: &crate::model::func::Binding) -> Option<(bool, &'t str)> {
    let init = b.init?;
    let p = text
        .get(b.span.start..init.start)?
        .strip_prefix("let ")?
        .trim()
        .strip_suffix('=')?
        .trim_end();
    Some(match p.strip_prefix("mut ") {
        Some(p) => (true, p.trim_start()),
        None => (false, p),
    })
}

/// The offset of the first code at or after `at`, blanks and `//` line comments skipped, the
/// blanks looked for before `end`; `None` past `end` or in a last line comment.
pub fn next_code(text: &str, mut at: usize, end: usize) -> Option<usize> {
    loop {
        let rest = text.get(at..end)?;
        at += rest.len() - rest.trim_start().len();
        if text[at..].starts_with("//") {
            at += text[at..].find('\n')?;
            continue;
        }
        return Some(at);
    }
}

/// The atomic type of a primitive type (`u32` -> `AtomicU32`).
pub fn atomic_type(ty: &str) -> Option<&'static str> {
    Some(match ty.trim() {
        "bool" => "AtomicBool",
        "u8" => "AtomicU8",
        "u16" => "AtomicU16",
        "u32" => "AtomicU32",
        "u64" => "AtomicU64",
        "usize" => "AtomicUsize",
        "i8" => "AtomicI8",
        "i16" => "AtomicI16",
        "i32" => "AtomicI32",
        "i64" => "AtomicI64",
        "isize" => "AtomicIsize",
        _ => return None,
    })
}

/// The ordering every access of a former `static mut` gets: the strongest, so that whatever
/// the plain accesses published stays published.
pub const SEQ_CST: &str = "std::sync::atomic::Ordering::SeqCst";

/// `fetch_*` for a compound operator.
pub fn fetch_op(op: &str) -> Option<&'static str> {
    Some(match op {
        "+" => "fetch_add",
        "-" => "fetch_sub",
        "|" => "fetch_or",
        "&" => "fetch_and",
        "^" => "fetch_xor",
        _ => return None,
    })
}

/// The edits that turn the file's `static mut name` into an atomic, all together: the
/// declaration (`static NAME: std::sync::atomic::AtomicU32 = ...::new(init)`), every read
/// (`NAME.load(SeqCst)`), every write (`NAME.store(v, SeqCst)`) and compound assignment
/// (`NAME.fetch_add(v, SeqCst);`), paths written in full so that no import is needed.
/// `rmw` gives the replacement of some uses (the read-modify-writes a rule reports, as one
/// `fetch_*` call). `None` when the static is visible outside the file, its type has no
/// atomic, or one of its uses cannot be expressed ([`static_uses`]).
pub fn static_to_atomic(
    text: &str,
    file: &syn::File,
    name: &str,
    rmw: &[(Span, String)],
) -> Option<Vec<Edit>> {
    let decl = static_mut_decl(file, name)?;
    if !decl.private {
        return None;
    }
    let atomic = atomic_type(&text[decl.ty.start..decl.ty.end])?;
    let uses = static_uses(file, name)?;
    let item = &text[decl.span.start..decl.span.end];
    let mut_at = decl.span.start + item.find("static mut ")? + "static ".len();
    let mut edits = vec![
        Edit::new(Span::new(mut_at, mut_at + "mut ".len()), ""),
        Edit::new(decl.ty, format!("std::sync::atomic::{atomic}")),
        Edit::new(
            decl.init,
            format!(
                "std::sync::atomic::{atomic}::new({})",
                &text[decl.init.start..decl.init.end]
            ),
        ),
    ];
    let span_of_use = |u: &StaticUse| match u {
        StaticUse::Read(s) => *s,
        StaticUse::Assign { span, .. } | StaticUse::Compound { span, .. } => *span,
    };
    // the text of `span` with the uses strictly inside it rewritten
    fn inner(text: &str, span: Span, parts: &[(Span, String)]) -> String {
        if let Some((_, r)) = parts.iter().find(|(s, _)| *s == span) {
            return r.clone();
        }
        let local: Vec<(Span, String)> = parts
            .iter()
            .filter(|(s, _)| span.encloses(*s) && *s != span)
            .map(|(s, r)| {
                (
                    Span::new(s.start - span.start, s.end - span.start),
                    r.clone(),
                )
            })
            .collect();
        crate::diagnostic::apply_edits(&text[span.start..span.end], &outermost(local))
    }
    fn outermost(mut v: Vec<(Span, String)>) -> Vec<(Span, String)> {
        v.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut out: Vec<(Span, String)> = Vec::new();
        for (s, r) in v {
            if out.last().is_some_and(|(o, _)| o.encloses(s)) {
                continue;
            }
            out.push((s, r));
        }
        out
    }
    // innermost first, so that a write's value holds its rewritten reads
    let mut order: Vec<&StaticUse> = uses.iter().collect();
    order.sort_by_key(|u| {
        let s = span_of_use(u);
        s.end - s.start
    });
    let mut parts: Vec<(Span, String)> = Vec::new();
    for u in order {
        let span = span_of_use(u);
        let statement = |call: String| {
            // a `fetch_*` returns a value where `x op= v` was `()`: keep the type `()`
            let after = text[span.end..].trim_start();
            if after.starts_with(';') {
                call
            } else if after.starts_with('}') {
                format!("{call};")
            } else {
                format!("{{ {call}; }}")
            }
        };
        let rep = if let Some((_, r)) = rmw.iter().find(|(s, _)| *s == span) {
            statement(r.clone())
        } else {
            match u {
                StaticUse::Read(_) => format!("{name}.load({SEQ_CST})"),
                StaticUse::Assign { value, .. } => {
                    format!("{name}.store({}, {SEQ_CST})", inner(text, *value, &parts))
                }
                StaticUse::Compound { op, value, .. } => {
                    let v = inner(text, *value, &parts);
                    match fetch_op(op) {
                        Some(f) => statement(format!("{name}.{f}({v}, {SEQ_CST})")),
                        None => {
                            let p = fresh(&[&v], &[]);
                            format!(
                                "{{ let _ = {name}.fetch_update({SEQ_CST}, {SEQ_CST}, |{p}| Some({p} {op} {})); }}",
                                operand(&v)
                            )
                        }
                    }
                }
            }
        };
        parts.push((span, rep));
    }
    edits.extend(outermost(parts).into_iter().map(|(s, r)| Edit::new(s, r)));
    edits.sort_by_key(|e| e.span.start);
    Some(edits)
}

/// The text of ordering `wanted` written in the style of an ordering argument `arg` that
/// names `resolved`: `arg` itself when it already names it (`Ordering::SeqCst`, a constant
/// `ORDERING` that is `SeqCst`), else `wanted` with `arg`'s path (`Ordering::AcqRel`,
/// `atomic::Ordering::AcqRel`, `AcqRel` when the variants are imported), or the full path
/// when `arg` is a constant naming another ordering.
pub fn ordering_text(arg: &str, resolved: &str, wanted: &str) -> String {
    let arg = arg.trim();
    let last = arg.rsplit("::").next().unwrap_or(arg);
    if last == wanted || resolved == wanted && !arg.is_empty() {
        return arg.to_string();
    }
    match arg.rfind("::") {
        Some(i) => format!("{}{wanted}", &arg[..i + 2]),
        None if ["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"].contains(&arg) => {
            wanted.to_string()
        }
        None if arg.is_empty() => format!("Ordering::{wanted}"),
        None => format!("std::sync::atomic::Ordering::{wanted}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_keep_their_meaning() {
        assert_eq!(operand("amount"), "amount");
        assert_eq!(operand("self.fee"), "self.fee");
        assert_eq!(operand("a.b(c + d)"), "a.b(c + d)");
        assert_eq!(operand("std::u64::MAX"), "std::u64::MAX");
        assert_eq!(operand("1"), "1");
        assert_eq!(operand("amount + fee"), "(amount + fee)");
        assert_eq!(operand("-x"), "(-x)");
        assert_eq!(operand("x as u64"), "(x as u64)");
        assert_eq!(operand("(a) + (b)"), "((a) + (b))");
        assert_eq!(operand("(a + b)"), "(a + b)");
        assert_eq!(operand("*r"), "(*r)");
        assert_eq!(operand("a[i]"), "a[i]");
        assert_eq!(operand("if c { 1 } else { 2 }"), "(if c { 1 } else { 2 })");
    }

    #[test]
    fn fresh_names_capture_nothing() {
        assert_eq!(fresh(&["v >= amount", "amount"], &[]), "cur");
        assert_eq!(fresh(&["x >= amount"], &[]), "v");
        assert_eq!(fresh(&["v", "cur + current"], &[]), "v1");
    }

    #[test]
    fn ordering_text_keeps_the_argument_style() {
        use super::ordering_text;
        assert_eq!(
            ordering_text("Ordering::Acquire", "Acquire", "AcqRel"),
            "Ordering::AcqRel"
        );
        assert_eq!(ordering_text("SeqCst", "SeqCst", "SeqCst"), "SeqCst");
        assert_eq!(ordering_text("Relaxed", "Relaxed", "AcqRel"), "AcqRel");
        assert_eq!(ordering_text("ORDERING", "SeqCst", "SeqCst"), "ORDERING");
        assert_eq!(
            ordering_text("RELAXED", "Relaxed", "AcqRel"),
            "std::sync::atomic::Ordering::AcqRel"
        );
        assert_eq!(ordering_text("", "SeqCst", "SeqCst"), "Ordering::SeqCst");
    }
}
