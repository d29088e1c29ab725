//! The one diagnostic type every rule produces and every renderer consumes.
//!
//! Positions are byte ranges into the file's text; line/column conversion happens once,
//! in [`crate::source::SourceFile`], when a renderer asks for it.

use serde::{Deserialize, Serialize};

/// A byte range `start..end` in one file's text.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn encloses(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "note" | "info" => Some(Severity::Note),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    MachineApplicable,
    MaybeIncorrect,
    HasPlaceholders,
    Unspecified,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
            Applicability::HasPlaceholders => "has-placeholders",
            Applicability::Unspecified => "unspecified",
        }
    }
    /// rustc's spelling (`MachineApplicable`), for `--format rustc-json`.
    pub fn rustc_name(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "MachineApplicable",
            Applicability::MaybeIncorrect => "MaybeIncorrect",
            Applicability::HasPlaceholders => "HasPlaceholders",
            Applicability::Unspecified => "Unspecified",
        }
    }
}

/// A secondary place the message talks about. `file` is `None` for the diagnostic's own file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub file: Option<String>,
    pub span: Span,
    pub message: String,
}

/// One replacement of a byte range. `file` is `None` for the diagnostic's own file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub file: Option<String>,
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    /// Replace `span` of the diagnostic's own file.
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            file: None,
            span,
            replacement: replacement.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// Serialised for the cache; `crate::cache` reads it back (the rule and category as the
/// names `rules::RULES` holds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub category: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path of the file the primary span is in, as the user gave it or as discovered.
    pub file: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    /// A concrete rewrite: always at least one edit (the JSON contract has no `edits: []`).
    pub suggestion: Option<Suggestion>,
    /// Advice in prose, for a fix that needs a human choice (no edit is offered then).
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of rule `rule` (rules make theirs with `RuleMeta::diag`, which fills in
    /// the rule's category and default severity).
    pub fn new(
        rule: &'static str,
        category: &'static str,
        severity: Severity,
        file: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            category,
            severity,
            message: message.into(),
            file: file.to_string(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            suggestion: None,
            help: None,
        }
    }
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file: None,
            span,
            message: message.into(),
        });
        self
    }
    pub fn label_in(mut self, file: &str, span: Span, message: impl Into<String>) -> Self {
        let file = if file == self.file {
            None
        } else {
            Some(file.to_string())
        };
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    /// A suggestion that replaces `span` of this file with `replacement`.
    pub fn suggest(
        self,
        message: impl Into<String>,
        applicability: Applicability,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.suggest_edits(
            message,
            applicability,
            vec![Edit {
                file: None,
                span,
                replacement: replacement.into(),
            }],
        )
    }
    /// A suggestion made of several edits of this file, applied together (`(span,
    /// replacement)`; they must not overlap). No edit at all makes no suggestion: the message
    /// becomes the prose [`Diagnostic::help`].
    pub fn suggest_edits(
        mut self,
        message: impl Into<String>,
        applicability: Applicability,
        edits: Vec<Edit>,
    ) -> Self {
        if edits.is_empty() {
            return self.help(message);
        }
        self.help = None;
        self.suggestion = Some(Suggestion {
            message: message.into(),
            applicability,
            edits,
        });
        self
    }
    /// Advice with no concrete edit (the fix needs a human choice): shown as `help:` text,
    /// `suggestion` stays `null`.
    pub fn help(mut self, message: impl Into<String>) -> Self {
        self.suggestion = None;
        self.help = Some(message.into());
        self
    }
    /// The advice shown as `help:`: the suggestion's message, or the prose help.
    pub fn advice(&self) -> Option<&str> {
        self.suggestion
            .as_ref()
            .map(|s| s.message.as_str())
            .or(self.help.as_deref())
    }
    pub fn sort_key(&self) -> (&str, usize, usize, &'static str, &str) {
        (
            self.file.as_str(),
            self.span.start,
            self.span.end,
            self.rule,
            self.message.as_str(),
        )
    }
}

/// `text` with `edits` applied (non-overlapping, any order).
pub fn apply_edits(text: &str, edits: &[(Span, String)]) -> String {
    let mut sorted: Vec<&(Span, String)> = edits.iter().collect();
    sorted.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, rep) in sorted {
        let start = span.start.clamp(at, text.len());
        let end = span.end.clamp(start, text.len());
        out.push_str(&text[at..start]);
        out.push_str(rep);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
