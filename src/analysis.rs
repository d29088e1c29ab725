//! Per-file analysis (parse once, build the model, run the per-file rules) and the
//! workspace-wide phase that merges facts and runs cross-file rules.

use crate::diagnostic::Diagnostic;
use crate::model::{self, Edition, FileModel, Requirement, Workspace};
use crate::source::SourceFile;

/// A parse failure, with the byte offset where syn stopped when it knows one.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub offset: Option<usize>,
}

/// A diagnostic found in one file that only stands if the workspace facts confirm what it
/// assumed (for example that a receiver whose type is defined in another file is a lock).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub diag: Diagnostic,
    pub requires: Vec<Requirement>,
}

/// Everything one file contributes: owned data only (no syn types, no spans), so it can
/// cross threads and outlive proc-macro2's source map.
#[derive(Debug)]
pub struct FileAnalysis {
    pub path: String,
    pub candidates: Vec<Candidate>,
    pub model: FileModel,
}

/// Everything a per-file rule sees.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub source: &'a SourceFile,
    pub ast: &'a syn::File,
    pub model: &'a FileModel,
    pub edition: Edition,
    pub out: Vec<Candidate>,
}

impl FileCtx<'_> {
    /// Report a diagnostic that stands on its own.
    pub fn report(&mut self, diag: Diagnostic) {
        self.out.push(Candidate {
            diag,
            requires: Vec::new(),
        });
    }
    /// Report a diagnostic that stands only if `requires` hold workspace-wide.
    pub fn report_if(&mut self, diag: Diagnostic, requires: Vec<Requirement>) {
        self.out.push(Candidate { diag, requires });
    }
}

/// Parse `source` (once), build its model and run the per-file rules.
///
/// Never panics on bad input: syntax errors come back as `Err`. Call it on a thread with a
/// large stack: syn and the model recurse once per nesting level.
pub fn analyze_file(source: &SourceFile, edition: Edition) -> Result<FileAnalysis, ParseError> {
    crate::model::span::reset();
    let result = analyze_inner(source, edition);
    crate::model::span::reset();
    // proc-macro2 keeps every parsed text in a thread-local map: free it after each file.
    proc_macro2::extra::invalidate_current_thread_spans();
    // What is kept for the workspace phase was allocated among the syntax tree's nodes. Its
    // copy goes to the allocator's heap for kept facts (`alloc::keep`), with every vector at
    // its length, so the next file's tree is parsed on pages that hold no long-lived data.
    result.map(|a| {
        crate::alloc::keep(|| FileAnalysis {
            path: a.path.clone(),
            candidates: a.candidates.clone(),
            model: a.model.clone(),
        })
    })
}

fn analyze_inner(source: &SourceFile, edition: Edition) -> Result<FileAnalysis, ParseError> {
    let content = blank_shebang(&source.text);
    let ast = parse_blanked(&content)?;
    crate::model::span::install_text(&content, source.line_starts());
    let model = model::build_file_model(&ast, source, edition);
    let mut cx = FileCtx {
        path: &source.path,
        source,
        ast: &ast,
        model: &model,
        edition,
        out: Vec::new(),
    };
    in_family("read-modify-write", || {
        crate::rules::read_modify_write::check_file(&mut cx)
    });
    in_family("check-then-act", || {
        crate::rules::check_then_act::check_file(&mut cx)
    });
    in_family("lock-order", || {
        crate::rules::lock_order::check_file(&mut cx)
    });
    in_family("flag-polling", || {
        crate::rules::flag_polling::check_file(&mut cx)
    });
    in_family("stores", || crate::rules::stores::check_file(&mut cx));
    let candidates = cx.out;
    let mut model = model;
    model.slim();
    Ok(FileAnalysis {
        path: source.path.clone(),
        candidates,
        model,
    })
}

/// Parse a whole file. A shebang line is blanked (not removed) so byte offsets stay those of
/// the text.
pub fn parse(text: &str) -> Result<syn::File, ParseError> {
    parse_blanked(&blank_shebang(text))
}

/// The text syn is given: a shebang line blanked to spaces (same byte length).
fn blank_shebang(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        let end = text.find('\n').unwrap_or(text.len());
        return format!("{}{}", " ".repeat(end), &text[end..]).into();
    }
    text.into()
}

fn parse_blanked(content: &str) -> Result<syn::File, ParseError> {
    syn::parse_str::<syn::File>(content).map_err(|e| {
        let start = e.span().start();
        let offset = if start.line == 0 {
            None
        } else {
            Some(offset_of(content, start.line, start.column))
        };
        ParseError {
            message: e.to_string(),
            offset,
        }
    })
}

/// Byte offset of a proc-macro2 position (1-based line, 0-based char column).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return off
                + l.char_indices()
                    .nth(column)
                    .map(|(b, _)| b)
                    .unwrap_or(l.len());
        }
        off += l.len();
    }
    text.len()
}

/// The workspace phase: merge every file's facts, check the deferred requirements of the
/// candidates, and run the cross-file rules. Input order does not matter: files are sorted.
pub fn finish(mut files: Vec<FileAnalysis>) -> Vec<Diagnostic> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let ws = Workspace::build(&files);
    let mut out = Vec::new();
    for f in &files {
        for c in &f.candidates {
            if c.requires.iter().all(|r| ws.holds(r)) {
                out.push(c.diag.clone());
            }
        }
    }
    in_family("lock-order", || {
        crate::rules::lock_order::check_workspace(&ws, &mut out)
    });
    in_family("flag-polling", || {
        crate::rules::flag_polling::check_workspace(&ws, &mut out)
    });
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    out
}

/// Run one rule family; a panic inside it is re-raised with the family's name, so the
/// engine's per-file internal error says which rules failed.
fn in_family(name: &str, f: impl FnOnce()) {
    if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        panic!("rule family `{name}` panicked: {msg}");
    }
}
