//! rustc-like output through codespan-reporting: the snippet with the primary label, a
//! secondary label for every other place the message talks about (possibly in other files),
//! the notes, and the suggested rewrite as code under `help:`; then a summary line.

use std::collections::BTreeMap;
use std::io::Write;

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::engine::{FileError, Report};
use crate::source::SourceFile;

/// The most lines of rewritten code shown under `help:`.
const MAX_HELP_LINES: usize = 20;

struct Db<'a> {
    files: SimpleFiles<&'a str, &'a str>,
    ids: BTreeMap<&'a str, usize>,
}

impl<'a> Db<'a> {
    fn new(report: &'a Report) -> Db<'a> {
        Self::with(report, |_| true)
    }
    /// Only the files `keep` accepts (rendering one diagnostic needs only its own files).
    fn with(report: &'a Report, keep: impl Fn(&str) -> bool) -> Db<'a> {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (path, src) in &report.sources {
            if keep(path) {
                ids.insert(path.as_str(), files.add(path.as_str(), src.text.as_str()));
            }
        }
        Db { files, ids }
    }
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        ..Config::default()
    }
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    }
}

/// A byte range valid for `src` (on char boundaries, inside the text).
fn range(src: &SourceFile, span: Span) -> std::ops::Range<usize> {
    let clamp = |mut o: usize| {
        o = o.min(src.text.len());
        while !src.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let s = clamp(span.start);
    let e = clamp(span.end).max(s);
    s..e
}

/// The rewritten lines a suggestion produces in one file: the lines its edits touch, with the
/// edits applied, common indentation removed.
fn rewritten(src: &SourceFile, edits: &[(Span, &str)]) -> Vec<String> {
    if edits.is_empty() {
        return Vec::new();
    }
    let first = edits.iter().map(|e| e.0.start).min().unwrap_or(0);
    let last = edits.iter().map(|e| e.0.end).max().unwrap_or(0);
    let start = src.line_start(src.line_index(first.min(src.text.len())));
    // an edit that ends at a line start (a deleted whole line) does not touch that line
    let last_char = if last > first { last - 1 } else { last };
    let end_line = src.line_index(last_char.min(src.text.len()));
    let end = src.line_start(end_line) + src.line_text(end_line).len();
    let end = end.max(last.min(src.text.len()));
    let end = end.min(src.text.len());
    let mut sorted: Vec<(Span, &str)> = edits.to_vec();
    sorted.sort_by_key(|e| (e.0.start, e.0.end));
    let mut text = String::new();
    let mut at = start;
    for (span, rep) in sorted {
        let r = range(src, span);
        if r.start < at {
            continue; // overlapping edits: keep the first
        }
        text.push_str(&src.text[at..r.start]);
        text.push_str(rep);
        at = r.end;
    }
    if at < end {
        text.push_str(&src.text[at..end]);
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Vec::new();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            l.get(indent..)
                .unwrap_or(l.trim_start())
                .trim_end()
                .to_string()
        })
        .collect();
    if out.len() > MAX_HELP_LINES {
        out.truncate(MAX_HELP_LINES);
        out.push("...".into());
    }
    out
}

/// The `help:` note of a diagnostic's suggestion.
fn help_note(report: &Report, d: &Diagnostic) -> Option<String> {
    let Some(s) = d.suggestion.as_ref() else {
        return d.help.as_ref().map(|h| format!("help: {h}"));
    };
    let mut note = format!("help: {}", s.message);
    let mut by_file: BTreeMap<&str, Vec<(Span, &str)>> = BTreeMap::new();
    for e in &s.edits {
        by_file
            .entry(super::file_of(d, &e.file))
            .or_default()
            .push((e.span, e.replacement.as_str()));
    }
    let own = by_file.remove(d.file.as_str());
    let groups = own.map(|e| (d.file.as_str(), e)).into_iter().chain(by_file);
    for (file, edits) in groups {
        let Some(src) = report.sources.get(file) else {
            continue;
        };
        let lines = rewritten(src, &edits);
        if lines.is_empty() {
            continue;
        }
        if file != d.file {
            note.push_str(&format!("\nin {file}:"));
        }
        for l in lines {
            note.push_str("\n    ");
            note.push_str(&l);
        }
    }
    Some(note)
}

fn to_codespan(db: &Db, report: &Report, d: &Diagnostic) -> CsDiagnostic<usize> {
    let mut labels = Vec::new();
    if let (Some(&id), Some(src)) = (db.ids.get(d.file.as_str()), report.sources.get(&d.file)) {
        labels.push(CsLabel::primary(id, range(src, d.span)));
    }
    for l in &d.labels {
        let file = super::file_of(d, &l.file);
        if let (Some(&id), Some(src)) = (db.ids.get(file), report.sources.get(file)) {
            labels.push(CsLabel::secondary(id, range(src, l.span)).with_message(&l.message));
        }
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(h) = help_note(report, d) {
        notes.push(h);
    }
    CsDiagnostic::new(severity(d.severity))
        .with_message(&d.message)
        .with_code(d.rule)
        .with_labels(labels)
        .with_notes(notes)
}

fn error_to_codespan(db: &Db, report: &Report, e: &FileError) -> CsDiagnostic<usize> {
    let d = CsDiagnostic::error();
    match (
        e.offset,
        db.ids.get(e.file.as_str()),
        report.sources.get(&e.file),
    ) {
        (Some(off), Some(&id), Some(src)) => {
            let r = range(src, Span::new(off, off + 1));
            let r = if r.is_empty() {
                range(src, Span::new(off, off))
            } else {
                r
            };
            d.with_message(&e.message)
                .with_labels(vec![CsLabel::primary(id, r)])
        }
        _ => {
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}: ", e.file),
                _ if e.file.is_empty() => String::new(),
                _ => format!("{}: ", e.file),
            };
            d.with_message(format!("{at}{}", e.message))
        }
    }
}

/// The output buffer: text written to it has its control characters escaped
/// ([`super::escape_controls`]: file names, messages and snippets come from the files linted),
/// while colours set through [`WriteColor`] reach it as they are.
struct Escaping(Buffer);

impl Escaping {
    fn new(color: bool) -> Escaping {
        Escaping(if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        })
    }
    fn emit(&mut self, db: &Db, d: &CsDiagnostic<usize>) {
        let _ = term::emit_to_write_style(self, &config(), &db.files, d);
    }
    fn into_string(self) -> String {
        String::from_utf8_lossy(self.0.as_slice()).into_owned()
    }
}

impl Write for Escaping {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // codespan writes whole `str` pieces, so a chunk never ends inside a character
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(super::escape_controls(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl WriteColor for Escaping {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }
    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }
    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

/// Render one diagnostic without colour (rustc JSON's `rendered`).
pub fn render_one(report: &Report, d: &Diagnostic) -> String {
    let db = Db::with(report, |f| {
        f == d.file
            || d.labels.iter().any(|l| l.file.as_deref() == Some(f))
            || d.suggestion
                .as_ref()
                .is_some_and(|s| s.edits.iter().any(|e| e.file.as_deref() == Some(f)))
    });
    let mut out = Escaping::new(false);
    out.emit(&db, &to_codespan(&db, report, d));
    out.into_string()
}

/// Render one file error without colour.
pub fn render_error(report: &Report, e: &FileError) -> String {
    let db = Db::with(report, |f| f == e.file);
    let mut out = Escaping::new(false);
    out.emit(&db, &error_to_codespan(&db, report, e));
    out.into_string()
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let db = Db::new(report);
    let mut out = Escaping::new(opts.color);
    for e in &report.errors {
        out.emit(&db, &error_to_codespan(&db, report, e));
    }
    if opts.statistics {
        let _ = out.write_all(super::statistics_table(report).as_bytes());
    } else {
        for d in &report.diagnostics {
            out.emit(&db, &to_codespan(&db, report, d));
        }
    }
    if !opts.quiet {
        let _ = out.set_color(ColorSpec::new().set_bold(true).set_fg(
            if report.diagnostics.is_empty() && report.errors.is_empty() {
                Some(Color::Green)
            } else {
                None
            },
        ));
        let _ = out.write_all(super::summary(report, opts).as_bytes());
        let _ = out.reset();
    }
    out.into_string()
}
