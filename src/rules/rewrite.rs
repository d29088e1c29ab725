//! Helpers every rule's rewrite uses: hygiene (a fresh name that captures nothing) and
//! precedence (an operand spliced into a larger expression keeps its meaning). They work on
//! byte slices of the original text, as the edits do.

use crate::diagnostic::Span;
use crate::model::FnModel;

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
    let taken = |n: &str| {
        texts.iter().any(|t| words(t).contains(&n))
            || fns.iter().any(|f| f.locals.iter().any(|l| l.name == n))
    };
    for n in ["v", "cur", "current"] {
        if !taken(n) {
            return n.to_string();
        }
    }
    (1..)
        .map(|i| format!("v{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| "v".into())
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
}
