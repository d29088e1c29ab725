//! `--format json`: exactly the contract in `shared/contract/json-output.md` (version 1).
//! Lines and columns are 1-based, columns count characters, `end_*` is inclusive.

use serde::Serialize;

use super::{Region, RenderOptions, file_of, region};
use crate::diagnostic::Diagnostic;
use crate::engine::Report;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Vec<Stat>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Stat {
    rule: &'static str,
    category: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    suggestion: Option<JsonSuggestion<'a>>,
    /// Advice in prose when no concrete edit is offered (`suggestion` is then `null`).
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    message: &'a str,
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_with_errors: usize,
    diagnostics: usize,
    suppressed: usize,
    /// `.rs` files in a package that no crate compiles, skipped (an addition to the
    /// contract's summary).
    files_not_in_crate: usize,
    elapsed_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineSummary>,
}

#[derive(Serialize)]
struct BaselineSummary {
    matched: usize,
    fixed: usize,
}

fn diagnostic<'a>(report: &'a Report, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let r: Region = region(report, &d.file, d.span);
    JsonDiagnostic {
        rule: d.rule,
        category: d.category,
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: r.start.line,
        column: r.start.column,
        end_line: r.end.line,
        end_column: r.end.column,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let file = file_of(d, &l.file);
                let r = region(report, file, l.span);
                JsonLabel {
                    file,
                    line: r.start.line,
                    column: r.start.column,
                    end_line: r.end.line,
                    end_column: r.end.column,
                    message: &l.message,
                }
            })
            .collect(),
        notes: &d.notes,
        suggestion: d.suggestion.as_ref().map(|s| JsonSuggestion {
            message: &s.message,
            applicability: s.applicability.as_str(),
            edits: s
                .edits
                .iter()
                .map(|e| {
                    let file = file_of(d, &e.file);
                    let r = region(report, file, e.span);
                    JsonEdit {
                        file,
                        line: r.start.line,
                        column: r.start.column,
                        end_line: r.end.line,
                        end_column: r.end.column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
        help: d.help.as_deref(),
    }
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "racelint",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(report, d))
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                file: &e.file,
                message: &e.message,
                line: e.line,
                column: e.column,
            })
            .collect(),
        summary: Summary {
            files_scanned: report.files_scanned,
            files_with_errors: report.files_with_errors(),
            diagnostics: report.diagnostics.len(),
            suppressed: report.suppressed,
            files_not_in_crate: report.skipped_not_compiled,
            elapsed_ms: report.elapsed.as_millis(),
            baseline: opts.baseline.map(|b| BaselineSummary {
                matched: b.matched,
                fixed: b.fixed,
            }),
        },
        statistics: opts.statistics.then(|| {
            super::statistics(report)
                .into_iter()
                .map(|(rule, category, count)| Stat {
                    rule,
                    category,
                    count,
                })
                .collect()
        }),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
