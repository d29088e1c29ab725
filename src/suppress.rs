//! Suppression comments, read from the raw text (syn drops comments):
//!
//! - `// racelint: allow(RULE[, RULE…]) reason` on the flagged line, or alone on the line
//!   above it (a run of comment-only lines in between is allowed); a `/* … */` comment that
//!   spans lines applies to the code after its end;
//! - `// racelint: allow-file(RULE[, RULE…]) reason` anywhere in the file.
//!
//! `RULE` is a rule id or a category. A suppression (or one rule of it) that suppresses
//! nothing is reported as `unused-suppression`, and so is a malformed `racelint:` comment.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span, Suggestion};
use crate::source::SourceFile;

pub use crate::rules::suppression::unused_suppression::UNUSED_SUPPRESSION;

/// One rule named in a suppression comment.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub name: String,
    pub span: Span,
    pub used: bool,
}

/// One `racelint:` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// 0-based line of the comment's start.
    pub line: usize,
    /// The line of code the comment applies to (`None` for `allow-file`).
    pub target_line: Option<usize>,
    pub file_level: bool,
    pub rules: Vec<Allowed>,
    /// The comment, delimiters included.
    pub comment: Span,
    /// Whether nothing but whitespace precedes the comment on its line.
    pub own_line: bool,
    /// Why the comment could not be understood.
    pub malformed: Option<String>,
}

/// Every suppression comment of a file.
#[derive(Debug, Clone, Default)]
pub struct FileSuppressions {
    pub items: Vec<Suppression>,
    /// The items that may apply to a line (their own line and the line they target), and
    /// the file-level ones: a finding looks up its line instead of scanning every item
    /// (findings times suppressions was quadratic in a file with many of both).
    by_line: std::collections::HashMap<usize, Vec<usize>>,
    file_level: Vec<usize>,
}

impl FileSuppressions {
    pub fn parse(src: &SourceFile) -> FileSuppressions {
        Self::from_comments(src, &crate::scan::scan(&src.text).comments)
    }

    /// The suppressions among comments already found by [`crate::scan::scan`].
    pub fn from_comments(src: &SourceFile, comments: &[crate::scan::Comment]) -> FileSuppressions {
        let mut items = Vec::new();
        let mut code_lines = CodeLines::default();
        for c in comments {
            if let Some(s) = parse_comment(src, c.span, c.line, &mut code_lines) {
                items.push(s);
            }
        }
        let mut by_line: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut file_level = Vec::new();
        for (i, s) in items.iter().enumerate() {
            if s.malformed.is_some() {
                continue;
            }
            if s.file_level {
                file_level.push(i);
                continue;
            }
            by_line.entry(s.line).or_default().push(i);
            if let Some(t) = s.target_line.filter(|&t| t != s.line) {
                by_line.entry(t).or_default().push(i);
            }
        }
        FileSuppressions {
            items,
            by_line,
            file_level,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether `diag` is suppressed here; marks the suppression that matched as used.
    pub fn suppresses(&mut self, src: &SourceFile, diag: &Diagnostic) -> bool {
        let line = src.line_index(diag.span.start.min(src.text.len()));
        let mut hit = false;
        let on_line = self.by_line.get(&line).map_or(&[][..], |v| &v[..]);
        for &i in self.file_level.iter().chain(on_line) {
            for r in &mut self.items[i].rules {
                if r.name == diag.rule || r.name == diag.category {
                    r.used = true;
                    hit = true;
                }
            }
        }
        hit
    }

    /// Diagnostics for the suppressions that suppressed nothing. `enabled(rule_or_category)`
    /// says whether a name is known and enabled for this file: a suppression of a rule that
    /// is switched off for this run is not reported as unused.
    pub fn unused(
        &self,
        src: &SourceFile,
        known: impl Fn(&str) -> bool,
        enabled: impl Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for s in &self.items {
            let kind = if s.file_level { "allow-file" } else { "allow" };
            if let Some(why) = &s.malformed {
                out.push(
                    UNUSED_SUPPRESSION.diag(&src.path, s.comment, why.clone()).note(
                        "expected `// racelint: allow(RULE) reason` or `// racelint: allow-file(RULE) reason`",
                    ),
                );
                continue;
            }
            let unknown: Vec<&Allowed> = s.rules.iter().filter(|r| !known(&r.name)).collect();
            let unused: Vec<&Allowed> = s
                .rules
                .iter()
                .filter(|r| known(&r.name) && !r.used && enabled(&r.name))
                .collect();
            for r in &unknown {
                let d = UNUSED_SUPPRESSION
                    .diag(
                        &src.path,
                        r.span,
                        format!(
                            "unknown rule or category `{}` in a `racelint: {kind}` comment",
                            r.name
                        ),
                    )
                    .note("`racelint rules` lists the rule ids and categories");
                out.push(
                    match crate::suggest::closest(&r.name, crate::config::selector_names()) {
                        Some(c) => d.suggest(
                            format!("did you mean `{c}`?"),
                            crate::diagnostic::Applicability::MaybeIncorrect,
                            r.span,
                            c,
                        ),
                        // nothing close and nothing else in the comment: it allows nothing
                        // (a rule of a newer racelint, perhaps: hence maybe-incorrect)
                        None if s.rules.len() == 1 => d.suggest(
                            "remove the comment: it names no rule or category racelint knows",
                            crate::diagnostic::Applicability::MaybeIncorrect,
                            removal_span(src, s),
                            "",
                        ),
                        None => d,
                    },
                );
            }
            if unused.is_empty() {
                continue;
            }
            let all_unused = unused.len() == s.rules.len();
            let names: Vec<String> = unused.iter().map(|r| format!("`{}`", r.name)).collect();
            let (span, msg) = if all_unused {
                (
                    s.comment,
                    format!(
                        "this `racelint: {kind}({})` suppresses nothing",
                        join_names(&s.rules)
                    ),
                )
            } else {
                (
                    unused[0].span.to(unused[unused.len() - 1].span),
                    format!(
                        "{} in this `racelint: {kind}` comment {} nothing",
                        names.join(", "),
                        if unused.len() == 1 {
                            "suppresses"
                        } else {
                            "suppress"
                        }
                    ),
                )
            };
            let target = if s.file_level {
                "in this file".to_string()
            } else {
                let line = s.target_line.unwrap_or(s.line) + 1;
                format!("on line {line}")
            };
            let mut d = UNUSED_SUPPRESSION
                .diag(&src.path, span, msg)
                .note(format!("no finding of these rules is reported {target}"));
            if all_unused {
                let del = removal_span(src, s);
                d.suggestion = Some(Suggestion {
                    message: "remove the comment".into(),
                    applicability: Applicability::MachineApplicable,
                    edits: vec![Edit {
                        file: None,
                        span: del,
                        replacement: String::new(),
                    }],
                });
            }
            out.push(d);
        }
        out
    }
}

fn join_names(rules: &[Allowed]) -> String {
    rules
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What to delete to remove a suppression comment: the whole line when the comment is alone
/// on it, else the comment and the blanks before it.
fn removal_span(src: &SourceFile, s: &Suppression) -> Span {
    if s.own_line && !s.comment_spans_lines(src) {
        let start = src.line_start(s.line);
        let end = src.line_start(s.line + 1);
        return Span::new(start, end);
    }
    let before = &src.text[..s.comment.start];
    let trimmed = before.trim_end_matches([' ', '\t']);
    Span::new(trimmed.len(), s.comment.end)
}

impl Suppression {
    fn comment_spans_lines(&self, src: &SourceFile) -> bool {
        src.line_index(self.comment.end.saturating_sub(1).max(self.comment.start)) != self.line
    }
}

/// Parse one comment; `None` when it is not a `racelint:` comment at all.
fn parse_comment(
    src: &SourceFile,
    span: Span,
    line_comment: bool,
    code_lines: &mut CodeLines,
) -> Option<Suppression> {
    let raw = &src.text[span.start..span.end];
    // strip the delimiters: `//`, `///`, `//!`, `/*`, `/**`, `*/`
    let (body_off, body) = if line_comment {
        let t = raw.trim_start_matches('/');
        let t = t.strip_prefix('!').unwrap_or(t);
        (raw.len() - t.len(), t)
    } else {
        let t = raw.trim_start_matches('/').trim_start_matches('*');
        let t = t.strip_prefix('!').unwrap_or(t);
        let off = raw.len() - t.len();
        let t = t.strip_suffix("*/").unwrap_or(t);
        (off, t)
    };
    let lead = body.len() - body.trim_start().len();
    let rest = body.trim_start();
    let after_tag = rest.strip_prefix("racelint:")?;
    let mut pos = span.start + body_off + lead + "racelint:".len();
    let ws = after_tag.len() - after_tag.trim_start().len();
    pos += ws;
    let directive = after_tag.trim_start();

    let line = src.line_index(span.start);
    let own_line = src.text[src.line_start(line)..span.start].trim().is_empty();
    let mut sup = Suppression {
        line,
        target_line: None,
        file_level: false,
        rules: Vec::new(),
        comment: span,
        own_line,
        malformed: None,
    };

    let (file_level, kw) = if directive.starts_with("allow-file") {
        (true, "allow-file")
    } else if directive.starts_with("allow") {
        (false, "allow")
    } else {
        sup.malformed = Some(format!(
            "unrecognised `racelint:` comment: expected `allow(..)` or `allow-file(..)`, found `{}`",
            first_word(directive)
        ));
        return Some(sup);
    };
    sup.file_level = file_level;
    let after_kw = &directive[kw.len()..];
    let Some(list) = after_kw.trim_start().strip_prefix('(') else {
        sup.malformed = Some(format!("`racelint: {kw}` must be followed by `(RULE, …)`"));
        return Some(sup);
    };
    let Some(close) = list.find(')') else {
        sup.malformed = Some(format!("`racelint: {kw}(` is missing its `)`"));
        return Some(sup);
    };
    let list_start = pos + kw.len() + (after_kw.len() - after_kw.trim_start().len()) + 1;
    let inner = &list[..close];
    let mut off = 0;
    for part in inner.split(',') {
        let name = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !name.is_empty() {
            let s = list_start + off + lead;
            sup.rules.push(Allowed {
                name: name.to_string(),
                span: Span::new(s, s + name.len()),
                used: false,
            });
        }
        off += part.len() + 1;
    }
    if sup.rules.is_empty() {
        sup.malformed = Some(format!("`racelint: {kw}()` names no rule"));
        return Some(sup);
    }
    if !file_level {
        sup.target_line = Some(if own_line {
            // a block comment may span lines: the code after its end is what it allows
            let end_line = src.line_index(span.end.saturating_sub(1).max(span.start));
            let rest = &src.text[span.end..src.line_start(end_line + 1).max(span.end)];
            if end_line != line && !rest.trim().is_empty() && !rest.trim_start().starts_with("//") {
                end_line
            } else {
                code_lines.after(src, end_line)
            }
        } else {
            line
        });
    }
    Some(sup)
}

fn first_word(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(s.len());
    if end == 0 {
        s.split_whitespace().next().unwrap_or("")
    } else {
        &s[..end]
    }
}

/// The first line after a line that is not a comment-only line, asked for lines in
/// ascending order: the last answer is kept, so a run of comment lines is scanned once (a
/// scan per comment made thousands of suppression lines in a row quadratic).
#[derive(Default)]
struct CodeLines {
    /// The last line asked about and the first code line after it (`None`: none to the end).
    last: Option<(usize, Option<usize>)>,
}

impl CodeLines {
    fn after(&mut self, src: &SourceFile, line: usize) -> usize {
        if let Some((asked, found)) = self.last
            && asked <= line
        {
            // every line between `asked` and `found` is a comment line
            match found {
                Some(code) if line < code => return code,
                None => return line + 1,
                _ => {}
            }
        }
        let mut l = line + 1;
        let mut found = None;
        while l < src.line_count() {
            let t = src.line_text(l).trim_start();
            if !(t.starts_with("//")) {
                found = Some(l);
                break;
            }
            l += 1;
        }
        self.last = Some((line, found));
        found.unwrap_or(line + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(src: &SourceFile, rule: &'static str, line: usize) -> Diagnostic {
        let start = src.line_start(line);
        crate::rules::meta(rule).expect("a rule id").diag(
            &src.path,
            Span::new(start, start + 1),
            "x",
        )
    }

    #[test]
    fn parses_and_applies() {
        let text = "fn f() {\n    // racelint: allow(double-lock) reason\n    // more words\n    a();\n    b(); // racelint: allow(lock-order, fs-toctou)\n}\n// racelint: allow-file(spin-on-lock)\n";
        let src = SourceFile::new("a.rs", text.to_string());
        let mut s = FileSuppressions::parse(&src);
        assert_eq!(s.items.len(), 3);
        assert_eq!(s.items[0].target_line, Some(3));
        assert!(s.suppresses(&src, &diag(&src, "double-lock", 3)));
        assert!(!s.suppresses(&src, &diag(&src, "atomic-load-store", 4)));
        assert!(!s.suppresses(&src, &diag(&src, "double-lock", 5)));
        assert!(s.suppresses(&src, &diag(&src, "lock-order-inversion", 4)));
        assert!(s.suppresses(&src, &diag(&src, "spin-on-lock", 0)));
        let unused = s.unused(
            &src,
            |n| crate::rules::meta(n).is_some() || crate::rules::categories().contains(&n),
            |_| true,
        );
        assert_eq!(unused.len(), 1, "{unused:?}");
        assert!(unused[0].message.contains("`fs-toctou`"));
    }

    #[test]
    fn malformed_and_unknown() {
        let text = "// racelint: alow(x)\n// racelint: allow(nope) why\n// racelint: allow()\n";
        let src = SourceFile::new("a.rs", text.to_string());
        let s = FileSuppressions::parse(&src);
        let unused = s.unused(&src, |n| crate::rules::meta(n).is_some(), |_| true);
        assert_eq!(unused.len(), 3, "{unused:?}");
        assert!(unused[1].message.contains("unknown rule"));
    }

    #[test]
    fn block_comment_spanning_lines_targets_the_code_after_its_end() {
        let text = "fn f() {\n    /* racelint: allow(double-lock)\n       the guard is gone */\n    a();\n    /* racelint: allow(double-lock)\n    */ b();\n}\n";
        let src = SourceFile::new("a.rs", text.to_string());
        let mut s = FileSuppressions::parse(&src);
        assert_eq!(s.items.len(), 2);
        assert_eq!(s.items[0].target_line, Some(3));
        assert_eq!(s.items[1].target_line, Some(5));
        assert!(!s.suppresses(&src, &diag(&src, "double-lock", 2)));
        assert!(s.suppresses(&src, &diag(&src, "double-lock", 3)));
        assert!(s.suppresses(&src, &diag(&src, "double-lock", 5)));
    }

    #[test]
    fn removal_of_own_line_comment_takes_the_line() {
        let text = "a();\n    // racelint: allow(double-lock)\nb();\n";
        let src = SourceFile::new("a.rs", text.to_string());
        let s = FileSuppressions::parse(&src);
        let unused = s.unused(&src, |n| crate::rules::meta(n).is_some(), |_| true);
        let e = &unused[0].suggestion.as_ref().unwrap().edits[0];
        assert_eq!(
            &text[e.span.start..e.span.end],
            "    // racelint: allow(double-lock)\n"
        );
    }
}
