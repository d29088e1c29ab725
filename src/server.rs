//! `racelint server`: a Language Server on standard input and output.
//!
//! It publishes a document's findings when the editor opens, changes or saves it (and an
//! empty list when it closes it): the
//! document's text is linted as the file at its path (like `--stdin-filename`), with the other
//! files of its crate read from disk through the per-file cache, so the cross-file facts cost
//! only reading back cached entries. Each finding's suggestion is offered as a code action
//! (`quickfix`); a machine-applicable one is the preferred action, and the title of the others
//! says how far to trust them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types as lsp;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::{self, Options, Report};

/// An open document and what was last published for it.
struct Document {
    text: String,
    /// The findings last published, with the text they were computed on.
    findings: Vec<Diagnostic>,
    /// The text of every file the findings point into (for positions).
    sources: HashMap<String, String>,
}

/// Run the server until the client says `exit`. Returns the process exit code.
pub fn run() -> i32 {
    let (connection, io) = Connection::stdio();
    let caps = lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(true),
                    },
                )),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let Ok(caps) = serde_json::to_value(caps) else {
        return 2;
    };
    if connection.initialize(caps).is_err() {
        return 2;
    }
    let mut docs: HashMap<String, Document> = HashMap::new();
    let code = main_loop(&connection, &mut docs);
    drop(connection);
    let _ = io.join();
    code
}

fn main_loop(conn: &Connection, docs: &mut HashMap<String, Document>) -> i32 {
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req).unwrap_or(true) {
                    return 0;
                }
                let resp = request(req, docs);
                if conn.sender.send(Message::Response(resp)).is_err() {
                    return 2;
                }
            }
            Message::Notification(n) => {
                if let Some(uri) = notification(n, docs) {
                    publish(conn, &uri, docs);
                }
            }
            Message::Response(_) => {}
        }
    }
    0
}

/// Apply a document notification; returns the document to lint again.
fn notification(n: Notification, docs: &mut HashMap<String, Document>) -> Option<String> {
    use lsp::notification::Notification as _;
    let new_doc = |text: String| Document {
        text,
        findings: Vec::new(),
        sources: HashMap::new(),
    };
    match n.method.as_str() {
        lsp::notification::DidOpenTextDocument::METHOD => {
            let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri.as_str().to_string();
            docs.insert(uri.clone(), new_doc(p.text_document.text));
            Some(uri)
        }
        lsp::notification::DidChangeTextDocument::METHOD => {
            let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri.as_str().to_string();
            // full sync: the last change holds the whole text
            let text = p.content_changes.into_iter().last()?.text;
            docs.entry(uri.clone())
                .or_insert_with(|| new_doc(String::new()))
                .text = text;
            Some(uri)
        }
        lsp::notification::DidSaveTextDocument::METHOD => {
            let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri.as_str().to_string();
            let doc = docs.get_mut(&uri)?;
            if let Some(t) = p.text {
                doc.text = t;
            }
            Some(uri)
        }
        lsp::notification::DidCloseTextDocument::METHOD => {
            let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri.as_str().to_string();
            // published again, empty: the editor keeps a closed file's findings until then
            docs.remove(&uri).map(|_| uri)
        }
        _ => None,
    }
}

/// Lint a document and publish its findings; a document no longer open gets none.
fn publish(conn: &Connection, uri: &str, docs: &mut HashMap<String, Document>) {
    let Some(doc) = docs.get_mut(uri) else {
        send_diagnostics(conn, uri, Vec::new());
        return;
    };
    let Some(path) = file_path(uri) else {
        return;
    };
    let (diagnostics, report) = lint(&path, &doc.text);
    doc.findings = diagnostics;
    doc.sources = report
        .map(|r| {
            r.sources
                .into_iter()
                .map(|(k, v)| (k, v.text.clone()))
                .collect()
        })
        .unwrap_or_default();
    let display = path.to_string_lossy().into_owned();
    let lsp_diags: Vec<lsp::Diagnostic> = doc
        .findings
        .iter()
        .map(|d| to_lsp(d, &display, &doc.text, &doc.sources))
        .collect();
    send_diagnostics(conn, uri, lsp_diags);
}

fn send_diagnostics(conn: &Connection, uri: &str, diagnostics: Vec<lsp::Diagnostic>) {
    let Ok(uri_parsed) = lsp::Uri::from_str(uri) else {
        return;
    };
    let params = lsp::PublishDiagnosticsParams {
        uri: uri_parsed,
        diagnostics,
        version: None,
    };
    use lsp::notification::Notification as _;
    let _ = conn.sender.send(Message::Notification(Notification::new(
        lsp::notification::PublishDiagnostics::METHOD.to_string(),
        params,
    )));
}

/// Lint `text` as the file at `path`: its findings (and the file's errors as findings).
fn lint(path: &Path, text: &str) -> (Vec<Diagnostic>, Option<Report>) {
    let opts = Options {
        stdin: Some((path.to_path_buf(), text.to_string())),
        cache_dir: Some(crate::cache::default_dir(&[path.to_path_buf()], None)),
        ..Options::default()
    };
    let display = path.to_string_lossy();
    let error = |message: String, offset: usize| Diagnostic {
        rule: "",
        category: "",
        severity: Severity::Error,
        message,
        file: display.to_string(),
        span: crate::diagnostic::Span::new(offset, offset),
        labels: Vec::new(),
        notes: Vec::new(),
        suggestion: None,
        help: None,
    };
    let report = match engine::check(&opts) {
        Ok(r) => r,
        // nothing could be linted (a bad config): say so where the editor shows it, at the top
        Err(e) => return (vec![error(format!("racelint: {}", e.0), 0)], None),
    };
    let mut out: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == display)
        .cloned()
        .collect();
    for e in report.errors.iter().filter(|e| e.file == display) {
        let offset = e
            .offset
            .unwrap_or_else(|| offset_of(text, e.line.unwrap_or(1), e.column.unwrap_or(1)));
        // the file could not be analysed: an error without a rule
        out.push(error(e.message.clone(), offset));
    }
    (out, Some(report))
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The LSP position (0-based line, UTF-16 column) of a byte offset.
fn position(text: &str, offset: usize) -> lsp::Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    lsp::Position::new(line as u32, character as u32)
}

fn range(text: &str, span: crate::diagnostic::Span) -> lsp::Range {
    lsp::Range::new(position(text, span.start), position(text, span.end))
}

fn to_lsp(
    d: &Diagnostic,
    display: &str,
    text: &str,
    sources: &HashMap<String, String>,
) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            let file = l.file.as_deref().unwrap_or(display);
            let (uri, t) = if file == display {
                (file_uri(Path::new(display))?, text)
            } else {
                (file_uri(Path::new(file))?, sources.get(file)?.as_str())
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri, range(t, l.span)),
                message: l.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(text, d.span),
        severity: Some(severity),
        code: (!d.rule.is_empty()).then(|| lsp::NumberOrString::String(d.rule.to_string())),
        source: Some("racelint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

fn request(req: Request, docs: &HashMap<String, Document>) -> Response {
    use lsp::request::Request as _;
    if req.method != lsp::request::CodeActionRequest::METHOD {
        return Response::new_err(
            req.id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("racelint does not answer `{}`", req.method),
        );
    }
    let params: lsp::CodeActionParams = match serde_json::from_value(req.params) {
        Ok(p) => p,
        Err(e) => {
            return Response::new_err(
                req.id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            );
        }
    };
    let uri = params.text_document.uri.as_str();
    let actions = docs
        .get(uri)
        .map(|doc| code_actions(uri, doc, params.range))
        .unwrap_or_default();
    Response::new_ok(req.id, actions)
}

/// The suggestions of the findings that overlap `want`, as code actions.
// `WorkspaceEdit::changes` is keyed by lsp-types' `Uri`, whose cached parts clippy sees as
// interior mutability; its hash and equality are those of the URI's text
#[allow(clippy::mutable_key_type)]
fn code_actions(uri: &str, doc: &Document, want: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
    let Some(path) = file_path(uri) else {
        return Vec::new();
    };
    let display = path.to_string_lossy().into_owned();
    let mut out = Vec::new();
    for d in &doc.findings {
        let Some(s) = &d.suggestion else {
            continue;
        };
        let r = range(&doc.text, d.span);
        if r.end < want.start || want.end < r.start {
            continue;
        }
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        let mut complete = true;
        for e in &s.edits {
            let file = e.file.as_deref().unwrap_or(&display);
            let (target, text) = if file == display {
                (lsp::Uri::from_str(uri).ok(), doc.text.as_str())
            } else {
                match doc.sources.get(file) {
                    Some(t) => (file_uri(Path::new(file)), t.as_str()),
                    None => (None, ""),
                }
            };
            let Some(target) = target else {
                complete = false;
                break;
            };
            changes.entry(target).or_default().push(lsp::TextEdit {
                range: range(text, e.span),
                new_text: e.replacement.clone(),
            });
        }
        if !complete || changes.is_empty() {
            continue;
        }
        let machine = s.applicability == Applicability::MachineApplicable;
        let title = if machine {
            s.message.clone()
        } else {
            format!("{} ({})", s.message, s.applicability.as_str())
        };
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title,
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(d, &display, &doc.text, &doc.sources)]),
            edit: Some(lsp::WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }),
            is_preferred: Some(machine),
            data: Some(serde_json::json!({ "applicability": s.applicability.as_str() })),
            ..Default::default()
        }));
    }
    out
}

/// The path of a `file://` URI (percent-decoded).
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path` is not a local file; `file:///path` is
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(rest.get(i + 1..i + 3)?, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(&out)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(out).ok().map(PathBuf::from)
    }
}

/// The `file://` URI of a path (made absolute; reserved bytes percent-encoded).
fn file_uri(path: &Path) -> Option<lsp::Uri> {
    let abs = std::path::absolute(path).ok()?;
    let mut s = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_positions() {
        let p = file_path("file:///tmp/a%20b/x.rs").unwrap();
        assert_eq!(p, PathBuf::from("/tmp/a b/x.rs"));
        assert!(file_path("file://server/share/x.rs").is_none());
        assert_eq!(
            file_uri(Path::new("/tmp/a b/x.rs")).unwrap().as_str(),
            "file:///tmp/a%20b/x.rs"
        );
        // UTF-16 columns
        let t = "é😀x\nab";
        assert_eq!(position(t, "é😀".len()), lsp::Position::new(0, 3));
        assert_eq!(position(t, t.len()), lsp::Position::new(1, 2));
        assert_eq!(offset_of(t, 2, 2), t.len() - 1);
    }
}
