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
    pub suggestion: Option<Suggestion>,
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
        mut self,
        message: impl Into<String>,
        applicability: Applicability,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.suggestion = Some(Suggestion {
            message: message.into(),
            applicability,
            edits: vec![Edit {
                file: None,
                span,
                replacement: replacement.into(),
            }],
        });
        self
    }
    /// A suggestion with no concrete edit: the rewrite is shown as text in the `help:`.
    pub fn help(mut self, message: impl Into<String>) -> Self {
        self.suggestion = Some(Suggestion {
            message: message.into(),
            applicability: Applicability::HasPlaceholders,
            edits: Vec::new(),
        });
        self
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
