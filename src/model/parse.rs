//! Reading a file's syntax: the one call to syn's parser.

/// A parse failure, with the byte offset where syn stopped when it knows one.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Parse a whole file. A shebang line is blanked (not removed) so byte offsets stay those of
/// the text.
pub fn parse(text: &str) -> Result<syn::File, ParseError> {
    parse_blanked(&blank_shebang(text))
}

/// The text syn is given: a shebang line blanked to spaces (same byte length).
pub(crate) fn blank_shebang(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        let end = text.find('\n').unwrap_or(text.len());
        return format!("{}{}", " ".repeat(end), &text[end..]).into();
    }
    text.into()
}

pub(crate) fn parse_blanked(content: &str) -> Result<syn::File, ParseError> {
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
