//! `racelint check --fix`, `--unsafe-fixes` and `--diff`: apply the findings' edits.
//!
//! A round lints the workspace, picks the suggestions whose applicability the user accepts
//! and applies them to the text in memory; the next round lints the fixed text (through
//! [`Options::overlay`], so nothing is written yet) until no accepted suggestion is left or
//! [`MAX_ROUNDS`] rounds were made. Only then are the files written, each atomically through
//! [`crate::outfile::write`], and only when it still holds the bytes the first round read.
//!
//! A suggestion is applied whole or not at all. Suggestions are taken in the order of their
//! findings (file, position, rule); one whose edits overlap an edit already taken waits for
//! the next round, where it is found again on the fixed text (or is gone).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Applicability, Diagnostic, Span};
use crate::engine::{self, Fatal, Options, Report};

/// Rounds of lint-and-fix before giving up on convergence.
pub const MAX_ROUNDS: usize = 10;

/// Which suggestions to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Machine-applicable only (`--fix`).
    Safe,
    /// Machine-applicable and maybe-incorrect (`--fix --unsafe-fixes`).
    Unsafe,
}

impl Level {
    pub fn accepts(self, a: Applicability) -> bool {
        match a {
            Applicability::MachineApplicable => true,
            Applicability::MaybeIncorrect => self == Level::Unsafe,
            Applicability::HasPlaceholders | Applicability::Unspecified => false,
        }
    }
}

/// One file the fixes change.
#[derive(Debug, Clone)]
pub struct FixedFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// The bytes the first round read (a byte-order mark included).
    pub original: String,
    /// The bytes to write.
    pub fixed: String,
    /// Suggestions applied to this file (a suggestion that edits two files counts in both).
    pub fixes: usize,
}

/// The outcome of the rounds.
#[derive(Debug)]
pub struct Outcome {
    /// By display path, only files whose text changed.
    pub files: BTreeMap<String, FixedFile>,
    /// Suggestions applied over all rounds.
    pub applied: usize,
    /// Rounds that applied something.
    pub rounds: usize,
    /// Whether the last round still had something to apply.
    pub converged: bool,
    /// The report of the fixed text: what remains.
    pub report: Report,
}

/// The bytes on disk that `report` read for `file` (the byte-order mark put back).
fn disk_text(report: &Report, file: &str) -> Option<String> {
    let src = report.sources.get(file)?;
    if src.is_forgotten() {
        return None;
    }
    Some(if src.bom {
        format!("\u{feff}{}", src.text)
    } else {
        src.text.clone()
    })
}

/// The suggestions one round applies.
struct Picked {
    /// Edits by file: `(span, replacement)` in the text without its byte-order mark.
    edits: BTreeMap<String, Vec<(Span, String)>>,
    /// Suggestions per file.
    per_file: BTreeMap<String, usize>,
    /// Suggestions in all.
    count: usize,
}

/// The suggestions of `diagnostics` that `level` accepts and that do not overlap one another.
/// A suggestion is taken whole: one that edits a file whose text `available` does not have
/// is left out.
fn pick(diagnostics: &[Diagnostic], level: Level, available: &dyn Fn(&str) -> bool) -> Picked {
    let mut taken: BTreeMap<String, Vec<(Span, String)>> = BTreeMap::new();
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = 0;
    for d in diagnostics {
        let Some(s) = &d.suggestion else { continue };
        if s.edits.is_empty() || !level.accepts(s.applicability) {
            continue;
        }
        let edits: Vec<(String, Span, &str)> = s
            .edits
            .iter()
            .map(|e| {
                (
                    e.file.clone().unwrap_or_else(|| d.file.clone()),
                    e.span,
                    e.replacement.as_str(),
                )
            })
            .collect();
        if edits.iter().any(|(f, _, _)| !available(f)) {
            continue;
        }
        let self_overlap = edits.iter().enumerate().any(|(i, (f, sp, _))| {
            edits[i + 1..]
                .iter()
                .any(|(g, o, _)| f == g && overlaps(*sp, *o))
        });
        let blocked = self_overlap
            || edits.iter().any(|(f, sp, _)| {
                taken
                    .get(f)
                    .is_some_and(|t| t.iter().any(|(o, _)| overlaps(*sp, *o)))
            });
        if blocked {
            continue;
        }
        let mut files: Vec<&str> = Vec::new();
        for (f, sp, rep) in &edits {
            taken
                .entry(f.clone())
                .or_default()
                .push((*sp, rep.to_string()));
            if !files.contains(&f.as_str()) {
                files.push(f);
            }
        }
        for f in files {
            *per_file.entry(f.to_string()).or_default() += 1;
        }
        count += 1;
    }
    Picked {
        edits: taken,
        per_file,
        count,
    }
}

/// Whether two edits cannot both apply: their ranges share a byte, or both insert at one
/// place (the order of the insertions would be arbitrary).
fn overlaps(a: Span, b: Span) -> bool {
    if a.start == a.end && b.start == b.end {
        return a.start == b.start;
    }
    // an insertion inside (not at the edge of) a replaced range
    let inside = |p: usize, r: Span| r.start < p && p < r.end;
    (a.start < b.end && b.start < a.end)
        || (a.start == a.end && inside(a.start, b))
        || (b.start == b.end && inside(b.start, a))
}

/// `text` with `edits` applied (non-overlapping, any order).
pub fn apply(text: &str, edits: &[(Span, String)]) -> String {
    crate::diagnostic::apply_edits(text, edits)
}

/// Lint, fix in memory, lint again, until nothing more applies.
pub fn run(opts: &Options, level: Level) -> Result<Outcome, Fatal> {
    let mut overlay: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut files: BTreeMap<String, FixedFile> = BTreeMap::new();
    let mut applied = 0;
    let mut rounds = 0;
    let mut opts = opts.clone();
    loop {
        opts.overlay = Arc::new(overlay.clone());
        let report = engine::check(&opts)?;
        let Picked {
            edits,
            per_file,
            count,
        } = pick(&report.diagnostics, level, &|f| {
            report.paths.contains_key(f) && disk_text(&report, f).is_some()
        });
        if count == 0 || rounds == MAX_ROUNDS {
            return Ok(Outcome {
                files: files
                    .into_iter()
                    .filter(|(_, f)| f.fixed != f.original)
                    .collect(),
                applied,
                rounds,
                converged: count == 0,
                report,
            });
        }
        let mut changed = false;
        for (file, edits) in edits {
            let (Some(path), Some(current)) = (report.paths.get(&file), disk_text(&report, &file))
            else {
                continue; // not reached: `pick` takes only suggestions on files it can read
            };
            let bom = current.starts_with('\u{feff}');
            let body = current.strip_prefix('\u{feff}').unwrap_or(&current);
            // a file with CRLF line ends gets CRLF in the inserted lines too
            let edits: Vec<(Span, String)> = if body.contains("\r\n") {
                edits
                    .into_iter()
                    .map(|(sp, r)| (sp, r.replace("\r\n", "\n").replace('\n', "\r\n")))
                    .collect()
            } else {
                edits
            };
            let fixed_body = apply(body, &edits);
            let fixed = if bom {
                format!("\u{feff}{fixed_body}")
            } else {
                fixed_body
            };
            let n = per_file.get(&file).copied().unwrap_or(0);
            let entry = files.entry(file.clone()).or_insert_with(|| FixedFile {
                path: path.clone(),
                original: current.clone(),
                fixed: current.clone(),
                fixes: 0,
            });
            if fixed != entry.fixed {
                changed = true;
            }
            entry.fixed = fixed.clone();
            entry.fixes += n;
            overlay.insert(path.clone(), fixed);
        }
        if !changed {
            // edits that change nothing: stop rather than loop
            return Ok(Outcome {
                files: files
                    .into_iter()
                    .filter(|(_, f)| f.fixed != f.original)
                    .collect(),
                applied,
                rounds,
                converged: false,
                report,
            });
        }
        applied += count;
        rounds += 1;
    }
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub struct WriteError {
    pub file: String,
    pub message: String,
}

/// Write the fixed files, each only if it still holds the bytes that were read.
pub fn write(outcome: &Outcome) -> Vec<WriteError> {
    let mut errors = Vec::new();
    for (file, f) in &outcome.files {
        let now = std::fs::read(&f.path);
        let unchanged = now
            .as_ref()
            .is_ok_and(|b| b.as_slice() == f.original.as_bytes());
        if !unchanged {
            errors.push(WriteError {
                file: file.clone(),
                message: match now {
                    Err(e) => format!("cannot read it again before writing: {e}; not fixed"),
                    Ok(_) => "it changed on disk since racelint read it; not fixed (run again)"
                        .to_string(),
                },
            });
            continue;
        }
        if let Err(e) = crate::outfile::write(&f.path, f.fixed.as_bytes()) {
            errors.push(WriteError {
                file: file.clone(),
                message: format!("cannot write the fixes: {e}"),
            });
        }
    }
    errors
}

/// A unified diff of every fixed file (`a/` and `b/` prefixes before a relative path, like
/// `git diff`).
pub fn unified_diff(outcome: &Outcome) -> String {
    let mut out = String::new();
    for (file, f) in &outcome.files {
        let diff = similar::TextDiff::from_lines(&f.original, &f.fixed);
        // an absolute path is shown as it is (no `a/` before a `/`)
        let (old_name, new_name) = if file.starts_with('/') {
            (file.clone(), file.clone())
        } else {
            (format!("a/{file}"), format!("b/{file}"))
        };
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&old_name, &new_name)
            .to_string();
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_of_position() {
        let t = "let a = 1;\nlet b = 2;\n";
        let e = vec![
            (Span::new(19, 20), "3".to_string()),
            (Span::new(8, 9), "0".to_string()),
        ];
        assert_eq!(apply(t, &e), "let a = 0;\nlet b = 3;\n");
    }

    #[test]
    fn overlap() {
        assert!(overlaps(Span::new(0, 5), Span::new(4, 6)));
        assert!(!overlaps(Span::new(0, 5), Span::new(5, 6)));
        assert!(overlaps(Span::new(3, 3), Span::new(3, 3)));
        assert!(overlaps(Span::new(3, 3), Span::new(1, 5)));
        assert!(!overlaps(Span::new(5, 5), Span::new(1, 5)));
        assert!(!overlaps(Span::new(1, 1), Span::new(1, 5)));
        assert!(overlaps(Span::new(2, 2), Span::new(1, 5)));
    }
}
