//! A source file's text and the one place where byte offsets become lines and columns.

use crate::diagnostic::Span;

/// Line and column, both 1-based; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it or as discovered, with `/` separators.
    pub path: String,
    /// The text without a leading byte-order mark.
    pub text: String,
    /// Whether the file on disk starts with a byte-order mark (3 bytes before `text`).
    pub bom: bool,
    /// Where the file sits in its crate, when the engine found the crate's `Cargo.toml`: what
    /// the test-code policy reads, so that directories above the crate (`~/tests/myproj`) do
    /// not count.
    pub origin: Option<CrateOrigin>,
    /// Byte offsets of the line starts (`u32`: every file's table is kept to the end of the run,
    /// and proc-macro2 places tokens with `u32` offsets too).
    line_starts: Vec<u32>,
    /// The text is ASCII: a column is a byte distance (counting characters on every call
    /// made rendering many findings on one long line quadratic).
    ascii: bool,
    /// Set when the text was dropped to save memory ([`SourceFile::forget_text`]): its length
    /// and hash, to check the text read back.
    forgotten: Option<(usize, u64)>,
}

/// A file's place in its crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateOrigin {
    /// The path relative to the directory of the crate's `Cargo.toml`, `/`-separated.
    pub rel: String,
    /// The package name.
    pub package: String,
    /// The package is a library others can depend on: it is published (no `publish = false`)
    /// and has no binary target. Its `pub` functions are then API whose callers the
    /// workspace does not show ([`crate::model::entry`]).
    pub library_api: bool,
    /// Every crate of the package's Cargo workspace is in this run (its workspace root, or
    /// the package itself outside a workspace, lies under a directory walked in full): a
    /// `pub` function that nothing in the run mentions has no caller. Not so for a file
    /// named alone (its crate is read for context, its workspace's other crates are not).
    pub callers_visible: bool,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let (text, bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), true),
            None => (text, false),
        };
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(
            text.match_indices('\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        line_starts.shrink_to_fit();
        let ascii = text.is_ascii();
        SourceFile {
            path: path.into(),
            text,
            bom,
            origin: None,
            line_starts,
            ascii,
            forgotten: None,
        }
    }

    fn digest(text: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }

    /// Drop the text, keeping the line table: for a file nothing is reported in yet, whose text
    /// only a finding of the workspace phase would need. [`SourceFile::restore_text`] puts it
    /// back.
    pub fn forget_text(&mut self) {
        if self.forgotten.is_none() {
            self.forgotten = Some((self.text.len(), Self::digest(&self.text)));
            self.text = String::new();
        }
    }

    /// Whether the text was dropped.
    pub fn is_forgotten(&self) -> bool {
        self.forgotten.is_some()
    }

    /// Put back the text of a file whose text was dropped, read again from disk (a leading
    /// byte-order mark is skipped): `false`, and nothing changes, when it is not the text
    /// that was analysed (the file changed during the run).
    pub fn restore_text(&mut self, text: String) -> bool {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        match self.forgotten {
            Some((len, hash)) if len == text.len() && Self::digest(&text) == hash => {
                self.text = text;
                self.forgotten = None;
                true
            }
            _ => false,
        }
    }

    /// Byte offset of the start of each line.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line index containing `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self
            .line_starts
            .binary_search(&u32::try_from(offset).unwrap_or(u32::MAX))
        {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset of the start of 0-based line `idx`.
    pub fn line_start(&self, idx: usize) -> usize {
        self.line_starts
            .get(idx)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The text of 0-based line `idx`, without its line terminator.
    pub fn line_text(&self, idx: usize) -> &str {
        let start = self.line_start(idx);
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |&s| s as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    fn clamp(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let idx = self.line_index(offset);
        let start = self.line_starts[idx] as usize;
        LineCol {
            line: idx + 1,
            column: if self.ascii {
                offset - start + 1
            } else {
                self.text[start..offset].chars().count() + 1
            },
        }
    }

    /// Start and inclusive end position of a span (the end is the last character's column;
    /// an empty span ends where it starts).
    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        let start = self.line_col(span.start);
        if span.end <= span.start {
            return (start, start);
        }
        // The last character of the span: step back one char.
        let mut last = self.clamp(span.end);
        if last > 0 {
            last -= 1;
            while !self.text.is_char_boundary(last) {
                last -= 1;
            }
        }
        let end_incl = self.line_col(last.max(span.start));
        (start, end_incl)
    }

    /// Start and exclusive end position (SARIF's convention).
    pub fn range_exclusive(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    pub fn slice(&self, span: Span) -> &str {
        let s = self.clamp(span.start);
        let e = self.clamp(span.end).max(s);
        &self.text[s..e]
    }

    /// The byte offset of the first non-blank character of the line holding `offset`.
    pub fn line_indent(&self, offset: usize) -> &str {
        let line = self.line_text(self.line_index(self.clamp(offset)));
        let trimmed = line.trim_start();
        &line[..line.len() - trimmed.len()]
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn forgotten_text_comes_back_only_when_unchanged() {
        let text = "\u{feff}fn a() {}\nfn b() {}\n".to_string();
        let mut f = SourceFile::new("a.rs", text.clone());
        let line_of_b = f.line_col(f.text.find("fn b").unwrap());
        f.forget_text();
        assert!(f.is_forgotten() && f.text.is_empty());
        assert_eq!(f.line_starts().len(), 3);
        assert!(!f.restore_text("fn a() {}\nfn c() {}\n".into()));
        assert!(f.is_forgotten());
        assert!(f.restore_text(text));
        assert!(!f.is_forgotten());
        assert_eq!(f.line_col(f.text.find("fn b").unwrap()), line_of_b);
    }
    use super::*;

    #[test]
    fn columns_count_characters() {
        let f = SourceFile::new("a.rs", "fn é() {}\r\nlet x = 1;\n".to_string());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        // `(` is after `fn é` (4 chars, 5 bytes)
        assert_eq!(f.line_col(5), LineCol { line: 1, column: 5 });
        // `fn é() {}` is 10 bytes, then `\r\n`: line 2 starts at byte 12
        assert_eq!(f.line_col(12), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_text(0), "fn é() {}");
        let (s, e) = f.range(Span::new(12, 22));
        assert_eq!((s.line, s.column, e.line, e.column), (2, 1, 2, 10));
    }

    #[test]
    fn bom_is_stripped() {
        let f = SourceFile::new("a.rs", "\u{feff}fn f() {}".to_string());
        assert!(f.bom);
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }
}
