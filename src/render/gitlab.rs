//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
//! `location.lines.begin`). Fingerprints do not depend on line numbers.

use serde_json::{Value, json};

use super::region;
use crate::baseline;
use crate::diagnostic::Severity;
use crate::engine::Report;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

pub fn render(report: &Report) -> String {
    let fingerprints = baseline::fingerprints(report);
    let mut issues: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(d, fp)| {
            let r = region(report, &d.file, d.span);
            json!({
                "type": "issue",
                "description": format!("{} [{}]", d.message, d.rule),
                "check_name": d.rule,
                "categories": ["Bug Risk"],
                "fingerprint": fp,
                "severity": severity(d.severity),
                "location": {
                    "path": d.file,
                    "lines": { "begin": r.start.line, "end": r.end.line },
                },
            })
        })
        .collect();
    for e in &report.errors {
        issues.push(json!({
            "type": "issue",
            "description": e.message,
            "check_name": "racelint-file-error",
            "categories": ["Bug Risk"],
            "fingerprint": baseline::hash_hex(&["file-error", &e.file, &e.message]),
            "severity": "critical",
            "location": {
                "path": e.file,
                "lines": { "begin": e.line.unwrap_or(1) },
            },
        }));
    }
    let mut s = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}
