//! `--format rustc-json`: rustc's JSON diagnostics, one object per line, so that editors that
//! read `cargo check --message-format=json` (rust-analyzer's `check.overrideCommand`) show
//! racelint's findings inline. Columns are 1-based characters, `column_end` exclusive; byte
//! offsets are those of the text (after a byte-order mark, as rustc counts them).

use serde::Serialize;

use super::{file_of, region};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::engine::{FileError, Report};
use crate::rules;

#[derive(Serialize)]
pub struct RustcDiagnostic {
    #[serde(rename = "$message_type")]
    pub message_type: &'static str,
    pub message: String,
    pub code: Option<Code>,
    pub level: &'static str,
    pub spans: Vec<RustcSpan>,
    pub children: Vec<Child>,
    pub rendered: Option<String>,
}

#[derive(Serialize)]
pub struct Code {
    pub code: String,
    pub explanation: Option<String>,
}

#[derive(Serialize)]
pub struct Child {
    pub message: String,
    pub code: Option<Code>,
    pub level: &'static str,
    pub spans: Vec<RustcSpan>,
    pub children: Vec<Child>,
    pub rendered: Option<String>,
}

#[derive(Serialize)]
pub struct RustcSpan {
    pub file_name: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub line_start: usize,
    pub line_end: usize,
    pub column_start: usize,
    pub column_end: usize,
    pub is_primary: bool,
    pub text: Vec<SpanLine>,
    pub label: Option<String>,
    pub suggested_replacement: Option<String>,
    pub suggestion_applicability: Option<&'static str>,
    pub expansion: Option<()>,
}

#[derive(Serialize)]
pub struct SpanLine {
    pub text: String,
    pub highlight_start: usize,
    pub highlight_end: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn span(
    report: &Report,
    file: &str,
    sp: Span,
    is_primary: bool,
    label: Option<String>,
) -> RustcSpan {
    let r = region(report, file, sp);
    let mut text = Vec::new();
    if let Some(src) = report.sources.get(file) {
        for line in r.start.line..=r.end_exclusive.line {
            let t = src.line_text(line - 1);
            let len = t.chars().count();
            let hs = if line == r.start.line {
                r.start.column
            } else {
                1
            };
            let he = if line == r.end_exclusive.line {
                r.end_exclusive.column
            } else {
                len + 1
            };
            text.push(SpanLine {
                text: t.to_string(),
                highlight_start: hs,
                highlight_end: he.max(hs),
            });
        }
    }
    let (bs, be) = match report.sources.get(file) {
        Some(src) => {
            let s = sp.start.min(src.text.len());
            (s, sp.end.min(src.text.len()).max(s))
        }
        None => (0, 0),
    };
    RustcSpan {
        file_name: file.to_string(),
        byte_start: bs,
        byte_end: be,
        line_start: r.start.line,
        line_end: r.end_exclusive.line,
        column_start: r.start.column,
        column_end: r.end_exclusive.column,
        is_primary,
        text,
        label,
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

fn child(message: String, level: &'static str, spans: Vec<RustcSpan>) -> Child {
    Child {
        message,
        code: None,
        level,
        spans,
        children: Vec::new(),
        rendered: None,
    }
}

pub fn diagnostic(report: &Report, d: &Diagnostic) -> RustcDiagnostic {
    let mut spans = vec![span(report, &d.file, d.span, true, None)];
    for l in &d.labels {
        spans.push(span(
            report,
            file_of(d, &l.file),
            l.span,
            false,
            Some(l.message.clone()),
        ));
    }
    let mut children: Vec<Child> = d
        .notes
        .iter()
        .map(|n| child(n.clone(), "note", Vec::new()))
        .collect();
    if let Some(s) = &d.suggestion {
        let spans = s
            .edits
            .iter()
            .map(|e| {
                let mut sp = span(report, file_of(d, &e.file), e.span, true, None);
                sp.suggested_replacement = Some(e.replacement.clone());
                sp.suggestion_applicability = Some(s.applicability.rustc_name());
                sp
            })
            .collect();
        children.push(child(s.message.clone(), "help", spans));
    } else if let Some(h) = &d.help {
        children.push(child(h.clone(), "help", Vec::new()));
    }
    RustcDiagnostic {
        message_type: "diagnostic",
        message: d.message.clone(),
        code: Some(Code {
            code: d.rule.to_string(),
            explanation: rules::meta(d.rule).map(|m| m.printed_doc()),
        }),
        level: level(d.severity),
        spans,
        children,
        rendered: Some(super::human::render_one(report, d)),
    }
}

fn error(report: &Report, e: &FileError) -> RustcDiagnostic {
    let spans = match e.offset {
        Some(o) if report.sources.contains_key(&e.file) => {
            vec![span(report, &e.file, Span::new(o, o), true, None)]
        }
        _ => Vec::new(),
    };
    let message = if spans.is_empty() && !e.file.is_empty() {
        match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", e.file, e.message),
            _ => format!("{}: {}", e.file, e.message),
        }
    } else {
        e.message.clone()
    };
    RustcDiagnostic {
        message_type: "diagnostic",
        message,
        code: None,
        level: "error",
        spans,
        children: Vec::new(),
        rendered: Some(super::human::render_error(report, e)),
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let all = report
        .errors
        .iter()
        .map(|e| error(report, e))
        .chain(report.diagnostics.iter().map(|d| diagnostic(report, d)));
    for d in all {
        if let Ok(s) = serde_json::to_string(&d) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}
