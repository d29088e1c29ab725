//! `--format github`: one GitHub Actions workflow command per finding, so findings show as
//! annotations on the pull request:
//! `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=racelint(RULE)::MESSAGE`.
//!
//! Escaping as the runner requires: `%`, CR and LF in the message; also `:` and `,` in
//! property values.

use super::{file_of, region};
use crate::diagnostic::Severity;
use crate::engine::Report;

/// Escape a message (the command's data); other control characters are shown as escapes, as
/// the workflow log is shown like a terminal.
pub fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::escape_controls(&s).into_owned()
}

/// Escape a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.errors {
        let mut props = Vec::new();
        if !e.file.is_empty() {
            props.push(format!("file={}", escape_property(&e.file)));
        }
        if let (Some(l), Some(c)) = (e.line, e.column) {
            props.push(format!("line={l},col={c}"));
        }
        props.push(format!("title={}", escape_property("racelint")));
        out.push_str(&format!(
            "::error {}::{}\n",
            props.join(","),
            escape_data(&e.message)
        ));
    }
    for d in &report.diagnostics {
        let r = region(report, &d.file, d.span);
        let mut msg = d.message.clone();
        for l in &d.labels {
            let f = file_of(d, &l.file);
            let lr = region(report, f, l.span);
            msg.push_str(&format!(
                "\n{}:{}:{}: {}",
                f, lr.start.line, lr.start.column, l.message
            ));
        }
        for n in &d.notes {
            msg.push_str("\nnote: ");
            msg.push_str(n);
        }
        if let Some(h) = d
            .suggestion
            .as_ref()
            .map(|s| &s.message)
            .or(d.help.as_ref())
        {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            command(d.severity),
            escape_property(&d.file),
            r.start.line,
            r.start.column,
            r.end.line,
            r.end.column,
            escape_property(&format!("racelint({})", d.rule)),
            escape_data(&msg)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
