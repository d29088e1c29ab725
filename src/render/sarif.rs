//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), `endColumn` is
//! exclusive, secondary labels are `relatedLocations`, suggestions with edits are `fixes`,
//! and `partialFingerprints` hash the rule, the file, the enclosing item and the normalised
//! text of the primary line: they do not change when lines move.
//!
//! File URIs are relative to the repository root (`--root DIR`, else the top of the git work
//! tree, else the current directory) with `uriBaseId: "%SRCROOT%"`, which
//! `originalUriBaseIds` maps to the root's absolute `file://` URI: code scanning places them
//! wherever racelint ran. A file outside the root keeps an absolute `file://` URI.

use serde_json::{Value, json};

use super::{Region, RenderOptions, file_of, region, uri_path};
use crate::baseline::{self, ProjectRoot};
use crate::diagnostic::{Severity, Span};
use crate::engine::Report;
use crate::rules;

/// Where the rules are documented: the project's home ([`crate::PROJECT_URL`]).
pub const INFORMATION_URI: &str = crate::PROJECT_URL;

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `split-critical-section` -> `SplitCriticalSection`.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn region_json(r: Region, snippet: Option<&str>) -> Value {
    let mut v = json!({
        "startLine": r.start.line,
        "startColumn": r.start.column,
        "endLine": r.end_exclusive.line,
        "endColumn": r.end_exclusive.column,
    });
    if let Some(s) = snippet {
        v["snippet"] = json!({ "text": s });
    }
    v
}

/// The `uriBaseId` of the repository root.
pub const SRCROOT: &str = "%SRCROOT%";

/// An `artifactLocation`: relative to the root when the file is under it.
fn artifact(root: &ProjectRoot, file: &str) -> Value {
    let rel = root.relative(file);
    if std::path::Path::new(&rel).is_absolute() {
        json!({ "uri": uri_path(&rel) })
    } else {
        json!({ "uri": uri_path(&rel), "uriBaseId": SRCROOT })
    }
}

fn location(report: &Report, root: &ProjectRoot, file: &str, span: Span) -> Value {
    let r = region(report, file, span);
    let snippet = report
        .sources
        .get(file)
        .map(|s| s.line_text(r.start.line - 1).to_string());
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(root, file),
            "region": region_json(r, snippet.as_deref()),
        }
    })
}

fn rule_descriptor(r: &rules::RuleMeta) -> Value {
    let doc = r.printed_doc();
    json!({
        "id": r.id,
        "name": pascal(r.id),
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.summary },
        "help": { "text": doc, "markdown": doc },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "tags": [r.category, "concurrency"],
            "category": r.category,
        },
    })
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let root = ProjectRoot::repository(
        Some(opts.root.as_deref().unwrap_or(std::path::Path::new("."))),
        None,
    );
    let root = &root;
    let fingerprints = baseline::fingerprints(report);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, fp)| {
            let index = rules::RULES.iter().position(|r| r.id == d.rule);
            let mut text = d.message.clone();
            for n in &d.notes {
                text.push_str("\nnote: ");
                text.push_str(n);
            }
            if let Some(h) = d
                .suggestion
                .as_ref()
                .map(|s| &s.message)
                .or(d.help.as_ref())
            {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location(report, root, &d.file, d.span)],
                "partialFingerprints": { "racelint/v1": fp },
                "properties": { "category": d.category },
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() {
                let related: Vec<Value> = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(report, root, file_of(d, &l.file), l.span);
                        loc["id"] = json!(i + 1);
                        loc["message"] = json!({ "text": l.message });
                        loc
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(s) = &d.suggestion
                && !s.edits.is_empty()
            {
                let mut by_file: std::collections::BTreeMap<&str, Vec<Value>> = Default::default();
                for e in &s.edits {
                    let file = file_of(d, &e.file);
                    let r = region(report, file, e.span);
                    by_file.entry(file).or_default().push(json!({
                        "deletedRegion": region_json(r, None),
                        "insertedContent": { "text": e.replacement },
                    }));
                }
                let changes: Vec<Value> = by_file
                    .into_iter()
                    .map(|(file, reps)| {
                        json!({
                            "artifactLocation": artifact(root, file),
                            "replacements": reps,
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": s.message },
                    "artifactChanges": changes,
                    "properties": { "applicability": s.applicability.as_str() },
                }]);
            }
            result
        })
        .collect();

    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut n = json!({
                "level": "error",
                "message": { "text": e.message },
                "descriptor": { "id": "file-error" },
            });
            if !e.file.is_empty() {
                let mut region = json!({});
                if let (Some(l), Some(c)) = (e.line, e.column) {
                    region = json!({ "startLine": l, "startColumn": c });
                }
                let mut phys = json!({ "artifactLocation": artifact(root, &e.file) });
                if region.as_object().is_some_and(|o| !o.is_empty()) {
                    phys["region"] = region;
                }
                n["locations"] = json!([{ "physicalLocation": phys }]);
            }
            n
        })
        .collect();

    // the root as a directory URI: `file:///home/me/repo/`
    let mut base = uri_path(&crate::walk::display_path(root.dir()));
    if !base.ends_with('/') {
        base.push('/');
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "racelint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules::RULES.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { SRCROOT: { "uri": base } },
            "results": results,
            "invocations": [{
                "executionSuccessful": !report.has_internal_error(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
