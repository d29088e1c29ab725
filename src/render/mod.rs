//! Output formats. Each module turns a [`Report`] into text; none of them knows how findings
//! were made, and line/column conversion happens through [`SourceFile`] only.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod rustc_json;
pub mod sarif;

use std::collections::BTreeMap;

use crate::baseline;
use crate::diagnostic::{Diagnostic, Span};
use crate::engine::Report;
use crate::source::{LineCol, SourceFile};

/// The output formats of `racelint check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
    RustcJson,
}

impl Format {
    pub const ALL: [(&'static str, Format); 6] = [
        ("human", Format::Human),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("gitlab", Format::Gitlab),
        ("rustc-json", Format::RustcJson),
    ];
    pub fn parse(s: &str) -> Option<Format> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|&(_, f)| f)
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// ANSI colours (human format only).
    pub color: bool,
    /// Only the findings: no summary line.
    pub quiet: bool,
    /// Counts per rule instead of (human) or besides (json) the findings.
    pub statistics: bool,
    /// What `--baseline` did, when given.
    pub baseline: Option<baseline::Outcome>,
    /// The repository root SARIF's URIs are relative to (`None`: the current directory).
    pub root: Option<std::path::PathBuf>,
}

/// Render a report.
pub fn render(format: Format, report: &Report, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Json => json::render(report, opts),
        Format::Sarif => sarif::render(report, opts),
        Format::Github => github::render(report),
        Format::Gitlab => gitlab::render(report),
        Format::RustcJson => rustc_json::render(report),
    }
}

/// A resolved position: 1-based lines and character columns, end inclusive (JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: LineCol,
    /// The last character (inclusive).
    pub end: LineCol,
    /// Just past the last character (exclusive; SARIF, rustc).
    pub end_exclusive: LineCol,
}

impl Region {
    pub fn of(src: &SourceFile, span: Span) -> Region {
        let (start, end) = src.range(span);
        let (_, end_exclusive) = src.range_exclusive(span);
        Region {
            start,
            end,
            end_exclusive,
        }
    }
}

/// The region of `span` in `file`, or line 1 column 1 when the text is not available.
pub fn region(report: &Report, file: &str, span: Span) -> Region {
    match report.sources.get(file) {
        Some(src) => Region::of(src, span),
        None => {
            let p = LineCol { line: 1, column: 1 };
            Region {
                start: p,
                end: p,
                end_exclusive: p,
            }
        }
    }
}

/// The file a label or edit is in (`None` means the diagnostic's own file).
pub fn file_of<'a>(d: &'a Diagnostic, file: &'a Option<String>) -> &'a str {
    file.as_deref().unwrap_or(&d.file)
}

/// Count per rule, most frequent first.
pub fn statistics(report: &Report) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: BTreeMap<&'static str, (&'static str, usize)> = BTreeMap::new();
    for d in &report.diagnostics {
        counts.entry(d.rule).or_insert((d.category, 0)).1 += 1;
    }
    let mut v: Vec<_> = counts.into_iter().map(|(r, (c, n))| (r, c, n)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    v
}

/// The statistics as an aligned table.
pub fn statistics_table(report: &Report) -> String {
    let stats = statistics(report);
    let width = stats.iter().map(|s| s.0.len()).max().unwrap_or(0);
    let num = stats
        .iter()
        .map(|s| s.2.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for (rule, cat, n) in stats {
        out.push_str(&format!("{n:>num$}  {rule:<width$}  [{cat}]\n"));
    }
    out
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary line(s): `3 warnings in 2 files (118 files checked)` and what else happened.
pub fn summary(report: &Report, opts: &RenderOptions) -> String {
    use crate::diagnostic::Severity;
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let mut parts = Vec::new();
    for (sev, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Note, "note", "notes"),
    ] {
        let n = count(sev);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    let files: std::collections::BTreeSet<&str> =
        report.diagnostics.iter().map(|d| d.file.as_str()).collect();
    let mut extra = vec![format!(
        "{} checked",
        plural(report.files_scanned, "file", "files")
    )];
    if report.suppressed > 0 {
        extra.push(format!("{} suppressed", report.suppressed));
    }
    if report.skipped_not_compiled > 0 {
        extra.push(format!(
            "{} not in any crate skipped",
            plural(report.skipped_not_compiled, "file", "files")
        ));
    }
    let mut out = if parts.is_empty() {
        format!("no findings ({})", extra.join(", "))
    } else {
        format!(
            "{} in {} ({})",
            parts.join(", "),
            plural(files.len(), "file", "files"),
            extra.join(", ")
        )
    };
    out.push('\n');
    let failed = report.files_with_errors();
    if failed > 0 {
        out.push_str(&format!(
            "{} could not be analysed\n",
            plural(failed, "file", "files")
        ));
    }
    if let Some(b) = opts.baseline {
        out.push_str(&format!(
            "{} hidden by the baseline; {} fixed{}\n",
            plural(b.matched, "finding", "findings"),
            plural(b.fixed, "baseline entry is", "baseline entries are"),
            match b.fixed {
                0 => "",
                1 => " (run with --write-baseline to prune it)",
                _ => " (run with --write-baseline to prune them)",
            }
        ));
    }
    out
}

/// Text made safe for a terminal: control characters other than newline and tab (ESC, CR,
/// BEL, DEL, the C1 controls) and the bidirectional-text controls are shown as escapes
/// (`\x1b`, `\u{202e}`) instead of being sent raw, whatever the colour setting. Used for
/// everything racelint prints for a person: the human format, rustc JSON's `rendered`, the
/// messages on stderr.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if c.is_ascii() {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Percent-encode a relative path for a URI (SARIF `uri`).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}
