//! A small lexical scan of raw Rust text, for what the parser does not keep or must not see:
//! the comments (suppressions live there) and how deeply the text nests (so that a file too
//! deep for the parser's recursion is refused before it can exhaust the stack).
//!
//! It understands string, raw string, byte and char literals and lifetimes well enough that
//! brackets and `//` inside literals are not mistaken for code.

use crate::diagnostic::Span;

/// A comment found in the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Comment {
    /// The whole comment, delimiters included.
    pub span: Span,
    /// `//` comment (as opposed to `/* */`).
    pub line: bool,
}

/// What a scan of a file found.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub comments: Vec<Comment>,
    /// The deepest nesting of `(`, `[`, `{` and `<`-free brackets, counting each prefix
    /// keyword (`return`, `break`, `async`, ...) still open in its statement as a level too:
    /// the parser recurses once for each.
    pub max_depth: usize,
    /// The longest run of operator tokens (`+`, `.`, `<`, `&`, ...) not interrupted by `;`,
    /// `,`, `{` or `}`: a proxy for the depth of a left-nested operator or method chain.
    pub max_chain: usize,
    /// Where `max_depth` was first reached.
    pub deepest_at: usize,
    /// Where `max_chain` was first reached.
    pub longest_chain_at: usize,
    /// The longest number literal (in bytes) and where it starts: the parser's literal
    /// handling is quadratic in it.
    pub longest_number: usize,
    pub longest_number_at: usize,
    /// The first delimiter that does not match: its offset and a description.
    pub unbalanced: Option<(usize, String)>,
    /// Every out-of-line module declaration (`mod name;`), in macro bodies and `cfg`
    /// alternatives too, and every `include!("file")` (recorded with an empty name and the
    /// file as its path): the files the crate compiles besides this one.
    pub mods: Vec<ModDecl>,
}

/// A `mod name;` found by the scan, with what decides the file it loads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModDecl {
    pub name: String,
    /// The values of its `#[path = "..."]` attributes (`cfg_attr(.., path = "..")` too).
    pub paths: Vec<String>,
    /// The inline modules it is declared in, outermost first: each name with its `#[path]`.
    pub inline: Vec<(String, Option<String>)>,
    /// Named in a module-declaring macro (`mod_pub!(app cmp)`, `mods! { a, b }`) whose
    /// expansion is not read: a file of that name counts only where it exists among the
    /// files found.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub via_macro: bool,
    /// Named in an item-level call of this macro (whose name says nothing of modules): it
    /// counts only where the run defines `macro_rules!` of that name whose transcriber
    /// declares a module (`mod $func;`), e.g. SQLPage's `sqlpage_functions! { fetch, exec }`
    /// with the macro defined in another file.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub macro_call: Option<String>,
    /// Not a module: `name` is a `macro_rules!` defined here whose transcriber declares a
    /// module (`mod $func;`), so its calls name module files.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub declares_mods: bool,
}

/// Scan state for module declarations: attributes seen, inline modules open.
#[derive(Default)]
struct Mods {
    /// Attributes whose `[` is open: start offset and the delimiter depth of their `[`.
    attr_open: Vec<(usize, usize)>,
    /// Complete attributes (`#` to `]`).
    attrs: Vec<Span>,
    /// An inline module whose `{` comes next.
    pending: Option<(String, Option<String>)>,
    /// Inline modules open, with the delimiter depth of their `{`.
    inline: Vec<(String, Option<String>, usize)>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Keywords that start an expression holding another expression without a bracket
/// (`return return 1`): each one is a level of the parser's recursion, like a bracket.
/// (`async {..}` nests through its bracket; closures' `|` count as operators.)
const PREFIX_KEYWORDS: &[&[u8]] = &[b"return", b"break", b"yield", b"become", b"box"];

/// Nesting that counts prefix keywords as levels: brackets plus the keywords seen since the
/// last `;` or `,` of each enclosing bracket level.
#[derive(Default)]
struct Nesting {
    brackets: usize,
    /// Keywords counted at enclosing levels plus this one.
    keywords: usize,
    /// Keywords counted at this level.
    here: usize,
    saved: Vec<usize>,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.brackets + self.keywords
    }
    fn open(&mut self) {
        self.brackets += 1;
        self.saved.push(self.here);
        self.here = 0;
    }
    fn close(&mut self) {
        self.brackets = self.brackets.saturating_sub(1);
        self.keywords -= self.here;
        self.here = self.saved.pop().unwrap_or(0);
    }
    fn keyword(&mut self) {
        self.here += 1;
        self.keywords += 1;
    }
    fn end_of_expression(&mut self) {
        self.keywords -= self.here;
        self.here = 0;
    }
}

/// The end of the identifier, keyword or number starting at `i`.
fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ident_byte(b[i]) {
        i += 1;
    }
    i
}

impl Scan {
    /// Skip the word starting at `start` (not a lifetime's name), counting a prefix keyword
    /// as a level; returns its end.
    fn word(&mut self, depth: &mut Nesting, b: &[u8], start: usize) -> usize {
        let end = ident_end(b, start);
        if (start == 0 || b[start - 1] != b'\'') && PREFIX_KEYWORDS.contains(&&b[start..end]) {
            depth.keyword();
            self.deeper(depth, start);
        }
        end
    }

    fn deeper(&mut self, depth: &Nesting, at: usize) {
        if depth.depth() > self.max_depth {
            self.max_depth = depth.depth();
            self.deepest_at = at;
        }
    }
}

/// Scan `text` once.
pub fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Scan::default();
    let mut depth = Nesting::default();
    let mut chain: usize = 0;
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut mods = Mods::default();
    let mut i = 0;
    while i < n {
        let c = b[i];
        match c {
            b'#' => {
                let mut j = i + 1;
                if j < n && b[j] == b'!' {
                    j += 1;
                }
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && b[j] == b'[' {
                    mods.attr_open.push((i, open.len() + 1));
                }
            }
            b'/' if i + 1 < n && b[i + 1] == b'/' => {
                let start = i;
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
                out.comments.push(Comment {
                    span: Span::new(start, i),
                    line: true,
                });
                continue;
            }
            b'/' if i + 1 < n && b[i + 1] == b'*' => {
                let start = i;
                let mut level = 0usize;
                while i < n {
                    if b[i] == b'/' && i + 1 < n && b[i + 1] == b'*' {
                        level += 1;
                        i += 2;
                    } else if b[i] == b'*' && i + 1 < n && b[i + 1] == b'/' {
                        level -= 1;
                        i += 2;
                        if level == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.comments.push(Comment {
                    span: Span::new(start, i.min(n)),
                    line: false,
                });
                continue;
            }
            b'"' => {
                i = skip_string(b, i + 1);
                continue;
            }
            b'r' | b'b' | b'c' if i == 0 || !is_ident_byte(b[i - 1]) => {
                // raw strings: r"..", r#".."#, br"..", cr".." (b"..", c"..", b'x' are
                // handled when the quote is reached)
                let mut j = i + 1;
                if c != b'r' && j < n && b[j] == b'r' {
                    j += 1;
                }
                if c == b'r' || j > i + 1 {
                    let hashes_start = j;
                    while j < n && b[j] == b'#' {
                        j += 1;
                    }
                    if j < n && b[j] == b'"' {
                        i = skip_raw_string(b, j + 1, j - hashes_start);
                        continue;
                    }
                }
                macro_word(text, i, open.len(), &mods, &mut out.mods);
                i = out.word(&mut depth, b, i);
                continue;
            }
            b'\'' => {
                i = skip_char_or_lifetime(text, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth.open();
                out.deeper(&depth, i);
                if c == b'{' {
                    chain = 0;
                }
                open.push((c, i));
                if c == b'{'
                    && let Some((name, path)) = mods.pending.take()
                {
                    mods.inline.push((name, path, open.len()));
                }
            }
            b')' | b']' | b'}' => {
                depth.close();
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if c == b']'
                    && let Some(&(start, level)) = mods.attr_open.last()
                    && level == open.len()
                {
                    mods.attr_open.pop();
                    mods.attrs.push(Span::new(start, i + 1));
                }
                if c == b'}' && mods.inline.last().is_some_and(|m| m.2 == open.len()) {
                    mods.inline.pop();
                }
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    Some((o, _)) if out.unbalanced.is_none() => {
                        out.unbalanced = Some((
                            i,
                            format!(
                                "mismatched closing delimiter `{}` (a `{}` is still open)",
                                c as char, o as char
                            ),
                        ));
                    }
                    None if out.unbalanced.is_none() => {
                        out.unbalanced =
                            Some((i, format!("unexpected closing delimiter `{}`", c as char)));
                    }
                    _ => {}
                }
                if c == b'}' {
                    chain = 0;
                }
            }
            b';' | b',' => {
                chain = 0;
                depth.end_of_expression();
            }
            b'0'..=b'9' if i == 0 || !is_ident_byte(b[i - 1]) => {
                let start = i;
                i = ident_end(b, i);
                if i - start > out.longest_number {
                    out.longest_number = i - start;
                    out.longest_number_at = start;
                }
                continue;
            }
            b'a'..=b'z' if i == 0 || !is_ident_byte(b[i - 1]) => {
                if b[i..].starts_with(b"mod") && (i == 0 || b[i - 1] != b'\'') {
                    module(text, i, &mut mods, &mut out.mods);
                } else if b[i..].starts_with(b"include") {
                    include(text, i, &mut out.mods);
                }
                macro_word(text, i, open.len(), &mods, &mut out.mods);
                i = out.word(&mut depth, b, i);
                continue;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'=' | b'!'
            | b'.' | b'?' => {
                chain += 1;
                if chain > out.max_chain {
                    out.max_chain = chain;
                    out.longest_chain_at = i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if out.unbalanced.is_none()
        && let Some(&(o, at)) = open.last()
    {
        out.unbalanced = Some((at, format!("unclosed delimiter `{}`", o as char)));
    }
    out
}

/// At the word `mod` starting at `at`: record `mod name;`, or note that `mod name {` opens
/// an inline module.
fn module(text: &str, at: usize, mods: &mut Mods, out: &mut Vec<ModDecl>) {
    let b = text.as_bytes();
    let mut j = at + 3;
    if j < b.len() && is_ident_byte(b[j]) {
        return;
    }
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    if b[j..].starts_with(b"r#") {
        j += 2;
    }
    let start = j;
    let end = ident_end(b, j);
    if end == start || b[start].is_ascii_digit() {
        return;
    }
    let name = text[start..end].to_string();
    let mut k = end;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    let paths = attributes_before(text, at, &mods.attrs)
        .flat_map(|a| path_values(&text[a.start..a.end]))
        .collect::<Vec<_>>();
    match b.get(k) {
        Some(b';') => out.push(ModDecl {
            via_macro: false,
            macro_call: None,
            declares_mods: false,
            name,
            paths,
            inline: mods
                .inline
                .iter()
                .map(|(n, p, _)| (n.clone(), p.clone()))
                .collect(),
        }),
        Some(b'{') => mods.pending = Some((name, paths.into_iter().next())),
        _ => {}
    }
}

/// At a word starting at `at` (not a lifetime's name), with `open` delimiters open: a call
/// of a macro whose name contains `mod` names modules; a `macro_rules!` whose transcriber
/// declares `mod $x;` is recorded; any other macro called at item level (outside every
/// bracket but those of inline modules) with a plain list of identifiers may be such a macro
/// defined in another file, and its identifiers are recorded under its name.
fn macro_word(text: &str, at: usize, open: usize, mods: &Mods, out: &mut Vec<ModDecl>) {
    let b = text.as_bytes();
    if at > 0 && b[at - 1] == b'\'' {
        return;
    }
    let end = ident_end(b, at);
    let word = &text[at..end];
    if word.contains("mod") {
        macro_modules(text, end, mods, None, out);
    } else if word == "macro_rules" {
        module_macro_definition(text, end, out);
    } else if open == mods.inline.last().map_or(0, |m| m.2)
        && b.get(end)
            .is_some_and(|c| *c == b'!' || c.is_ascii_whitespace())
    {
        macro_modules(text, end, mods, Some(word), out);
    }
}

/// The first byte at or after `j` that is no ASCII whitespace.
fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// After `macro_rules` ending at `at`: `! name { .. }` whose body holds `mod $x` is recorded
/// as a module-declaring macro.
fn module_macro_definition(text: &str, at: usize, out: &mut Vec<ModDecl>) {
    let b = text.as_bytes();
    let skip_ws = |j: usize| skip_ws(b, j);
    let mut j = skip_ws(at);
    if b.get(j) != Some(&b'!') {
        return;
    }
    j = skip_ws(j + 1);
    let start = j;
    let end = ident_end(b, j);
    if end == start || b[start].is_ascii_digit() {
        return;
    }
    let name = &text[start..end];
    j = skip_ws(end);
    if !matches!(b.get(j), Some(b'(' | b'[' | b'{')) {
        return;
    }
    let body_start = j;
    let mut level = 0usize;
    while j < b.len() {
        match b[j] {
            b'(' | b'[' | b'{' => level += 1,
            b')' | b']' | b'}' => {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    let body = &b[body_start..j.min(b.len())];
    let declares = body.windows(3).enumerate().any(|(k, w)| {
        w == b"mod"
            && (k == 0 || !is_ident_byte(body[k - 1]))
            && body[k + 3..]
                .iter()
                .find(|c| !c.is_ascii_whitespace())
                .is_some_and(|c| *c == b'$')
            && body.get(k + 3).is_some_and(|c| c.is_ascii_whitespace())
    });
    if declares {
        out.push(ModDecl {
            name: name.to_string(),
            paths: Vec::new(),
            inline: Vec::new(),
            via_macro: false,
            macro_call: None,
            declares_mods: true,
        });
    }
}

/// After a word naming modules (`mod_pub`, `mod_flat`, `pub_mods`, `modules`) ending at
/// `at`: for a macro call `name!(a b, c)`, each identifier at the top level of its arguments
/// may be a module the expansion declares (yazi's `mod_pub!(app cmp ..)` expands to
/// `pub mod app; pub mod cmp; ..`).
///
/// `call`: the macro's name where it says nothing of modules; then only a plain list counts
/// (identifiers, `,`, `;` and bracketed groups at the top level), or nothing is recorded.
fn macro_modules(text: &str, at: usize, mods: &Mods, call: Option<&str>, out: &mut Vec<ModDecl>) {
    let from = out.len();
    let abort = |out: &mut Vec<ModDecl>| {
        if call.is_some() {
            out.truncate(from);
        }
    };
    let b = text.as_bytes();
    let skip_ws = |j: usize| skip_ws(b, j);
    let mut j = skip_ws(at);
    if b.get(j) != Some(&b'!') {
        return;
    }
    j = skip_ws(j + 1);
    let close = match b.get(j) {
        Some(b'(') => b')',
        Some(b'[') => b']',
        Some(b'{') => b'}',
        _ => return,
    };
    let inline: Vec<(String, Option<String>)> = mods
        .inline
        .iter()
        .map(|(n, p, _)| (n.clone(), p.clone()))
        .collect();
    let mut level = 0usize;
    j += 1;
    while j < b.len() {
        let c = b[j];
        match c {
            b'(' | b'[' | b'{' => level += 1,
            b')' | b']' | b'}' => {
                if level == 0 {
                    if c != close {
                        return abort(out);
                    }
                    break;
                }
                level -= 1;
            }
            // strings, lifetimes and comments name no module: stop rather than misread them
            b'"' | b'\'' | b'/' | b'$' | b'#' => return abort(out),
            _ if level == 0 && is_ident_byte(c) && !c.is_ascii_digit() => {
                let end = ident_end(b, j);
                let word = &text[j..end];
                let path_part = b.get(end) == Some(&b':') || (j > 0 && b[j - 1] == b':');
                if !path_part
                    && !matches!(
                        word,
                        "pub" | "crate" | "self" | "super" | "mod" | "use" | "in" | "r"
                    )
                {
                    out.push(ModDecl {
                        name: word.to_string(),
                        paths: Vec::new(),
                        inline: inline.clone(),
                        via_macro: true,
                        macro_call: call.map(str::to_string),
                        declares_mods: false,
                    });
                }
                j = end;
                continue;
            }
            _ if call.is_some()
                && level == 0
                && !(c.is_ascii_whitespace() || c == b',' || c == b';') =>
            {
                return abort(out);
            }
            _ => {}
        }
        j += 1;
    }
    if j >= b.len() {
        abort(out);
    }
}

/// At the word `include` starting at `at`: record `include!("file")`.
fn include(text: &str, at: usize, out: &mut Vec<ModDecl>) {
    let b = text.as_bytes();
    let mut j = at + "include".len();
    if j < b.len() && is_ident_byte(b[j]) {
        return;
    }
    let skip_ws = |j: usize| skip_ws(b, j);
    j = skip_ws(j);
    if b.get(j) != Some(&b'!') {
        return;
    }
    j = skip_ws(j + 1);
    if !matches!(b.get(j), Some(b'(' | b'[' | b'{')) {
        return;
    }
    j = skip_ws(j + 1);
    if b.get(j) != Some(&b'"') {
        return;
    }
    let rest = &text[j + 1..];
    if let Some(close) = rest
        .find(['"', '\\'])
        .filter(|&c| rest.as_bytes()[c] == b'"')
    {
        out.push(ModDecl {
            name: String::new(),
            paths: vec![rest[..close].to_string()],
            inline: Vec::new(),
            via_macro: false,
            macro_call: None,
            declares_mods: false,
        });
    }
}

/// The attributes right before the item starting at `at` (over whitespace and a
/// visibility), nearest first.
fn attributes_before<'a>(
    text: &'a str,
    at: usize,
    attrs: &'a [Span],
) -> impl Iterator<Item = Span> + 'a {
    let mut end = strip_visibility(text[..at].trim_end());
    let mut idx = attrs.partition_point(|a| a.end <= end);
    std::iter::from_fn(move || {
        let a = *attrs.get(idx.checked_sub(1)?)?;
        if a.end != end {
            return None;
        }
        idx -= 1;
        end = text[..a.start].trim_end().len();
        Some(a)
    })
}

/// The end of `before` once a trailing `pub`, `pub(crate)`, `pub(in path)` is removed.
fn strip_visibility(before: &str) -> usize {
    let mut s = before;
    if s.ends_with(')')
        && let Some(open) = s.rfind('(')
        && s[..open].trim_end().ends_with("pub")
    {
        s = s[..open].trim_end();
    }
    if let Some(rest) = s.strip_suffix("pub")
        && !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_')
    {
        s = rest.trim_end();
    }
    s.len()
}

/// The string values of `path = "..."` in an attribute's text.
fn path_values(attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = attr.as_bytes();
    let mut from = 0;
    while let Some(p) = attr[from..].find("path") {
        let at = from + p;
        from = at + 4;
        if at > 0 && is_ident_byte(b[at - 1]) {
            continue;
        }
        let rest = attr[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            continue;
        };
        if let Some(close) = rest.find('"') {
            out.push(rest[..close].replace("\\\\", "\\"));
        }
    }
    out
}

/// Skip a (byte / C) string body starting after the opening quote; returns the offset after
/// the closing quote (or the end of the text).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn skip_raw_string(b: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < b.len() {
        if b[i] == b'"' {
            let end = i + 1 + hashes;
            if end <= b.len() && b[i + 1..end].iter().all(|&h| h == b'#') {
                return end;
            }
        }
        i += 1;
    }
    b.len()
}

/// At a `'`: skip a char literal, or just the quote of a lifetime / label.
fn skip_char_or_lifetime(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let n = b.len();
    if i + 1 >= n {
        return n;
    }
    if b[i + 1] == b'\\' {
        // escaped char literal: '\n', '\'', '\u{1F600}'
        let mut j = i + 3;
        while j < n && b[j] != b'\'' && b[j] != b'\n' {
            j += 1;
        }
        return if j < n && b[j] == b'\'' { j + 1 } else { i + 1 };
    }
    // one character, then a closing quote: a char literal
    let rest = &text[i + 1..];
    if let Some(ch) = rest.chars().next() {
        let after = i + 1 + ch.len_utf8();
        if after < n && b[after] == b'\'' && ch != '\'' {
            return after + 1;
        }
    }
    i + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_literals() {
        let t = "let s = \"// not\"; // yes\nlet r = r#\"/* no */\"#; /* a /* b */ c */ 'x'; 'a: loop {}";
        let s = scan(t);
        let texts: Vec<&str> = s
            .comments
            .iter()
            .map(|c| &t[c.span.start..c.span.end])
            .collect();
        assert_eq!(texts, vec!["// yes", "/* a /* b */ c */"]);
    }

    #[test]
    fn measures_depth_and_chains() {
        let s = scan("fn f() { ((((1)))) + a.b().c() }");
        assert_eq!(s.max_depth, 5);
        assert!(s.max_chain >= 3);
        let s = scan("let c = '('; let s = \"((((\";");
        assert_eq!(s.max_depth, 0);
    }

    #[test]
    fn counts_prefix_keywords_as_levels() {
        assert_eq!(scan("fn f() { return return 1; }").max_depth, 3);
        assert_eq!(scan("fn f() { loop { break box 1; } }").max_depth, 4);
        // a statement ends them; brackets close them
        assert_eq!(scan("fn f() { return; return; (return) }").max_depth, 3);
        assert_eq!(scan("fn f() { (return 1); (return 2) }").max_depth, 3);
        // not in identifiers, lifetimes, strings or raw strings
        let s = scan("fn f<'return>(returns: u8) { let s = \"return\"; r#\"break\"#; }");
        assert_eq!((s.max_depth, s.deepest_at), (1, 13));
    }

    #[test]
    fn measures_number_literals() {
        let s = scan("let x = 1_000u32 + 0x_ffff_ffff + a1234567890 + 1.5e10;");
        assert_eq!((s.longest_number, s.longest_number_at), (12, 19));
        // raw strings and byte literals still skipped
        assert_eq!(scan("let b = br#\"(\"#; let c = b'('; ").max_depth, 0);
    }

    #[test]
    fn finds_unbalanced_delimiters() {
        assert_eq!(scan("fn f( {\n}").unbalanced.map(|u| u.0), Some(4));
        assert_eq!(scan("fn f() {").unbalanced.map(|u| u.0), Some(7));
        assert_eq!(scan("fn f() {}}").unbalanced.map(|u| u.0), Some(9));
        assert!(scan("fn f() { \"(\" }").unbalanced.is_none());
    }

    #[test]
    fn module_declaring_macros_name_their_modules() {
        let t = "yazi_macro::mod_pub!(app cmp, confirm);\nmod_flat![worker];\n\
                 pub_mods! { a::b, c }\nmodule_path!();\nprintln!(\"{}\", x);\n\
                 mod inline { mods!(deep); }\nmacro_rules! mod_x { ($n:ident) => { mod $n; } }\n";
        let mods = scan(t).mods;
        let got: Vec<(&str, bool, usize)> = mods
            .iter()
            .filter(|m| !m.declares_mods)
            .map(|m| (m.name.as_str(), m.via_macro, m.inline.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("app", true, 0),
                ("cmp", true, 0),
                ("confirm", true, 0),
                ("worker", true, 0),
                ("c", true, 0),
                ("deep", true, 1),
            ]
        );
    }

    #[test]
    fn module_declaring_macro_rules_and_their_item_level_calls() {
        let t = "macro_rules! sqlpage_functions {\n    ($($func:ident),* $(,)?) => {\n        \
                 $( mod $func; )*\n        pub enum Name { $($func),* }\n    };\n}\n\
                 macro_rules! no_mods { ($n:ident) => { fn $n() {} } }\n\
                 macro_rules! model { ($n:ident) => { struct $n; } }\n\
                 sqlpage_functions! { fetch, exec(a), run_sql, }\n\
                 mod inline { crate::register![deep; other] }\n\
                 lazy_static! { static ref X: u8 = 1; }\nvec![a, b, 1];\n\
                 fn f() { inside!(not_item); }\nprintln!(\"{}\", x);\n";
        let mods = scan(t).mods;
        let defs: Vec<&str> = mods
            .iter()
            .filter(|m| m.declares_mods)
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(defs, ["sqlpage_functions"]);
        let calls: Vec<(&str, &str, usize)> = mods
            .iter()
            .filter_map(|m| Some((m.macro_call.as_deref()?, m.name.as_str(), m.inline.len())))
            .collect();
        assert_eq!(
            calls,
            [
                ("sqlpage_functions", "fetch", 0),
                ("sqlpage_functions", "exec", 0),
                ("sqlpage_functions", "run_sql", 0),
                ("register", "deep", 1),
                ("register", "other", 1),
            ]
        );
        assert!(mods.iter().all(|m| m.declares_mods || m.via_macro));
    }

    #[test]
    fn finds_module_declarations() {
        let t = r#"
mod a;
pub(crate) mod b ;
#[cfg(unix)] #[path = "sys/unix.rs"]
pub mod sys;
#[cfg_attr(windows, path = "win.rs")] mod w;
mod inline { #[path = "p.rs"] mod x; mod deeper { mod y; } }
mod after;
cfg_if! { if #[cfg(x)] { mod m1; } else { mod m2; } }
macro_rules! m { ($n:ident) => { mod $n; } }
// mod commented;
const S: &str = "mod string;";
fn f<'mod>() {}
mod r#type;
include!("gen/x.rs"); include_str!("no.txt");
"#;
        let mods: Vec<ModDecl> = scan(t)
            .mods
            .into_iter()
            .filter(|m| !m.declares_mods && m.macro_call.is_none())
            .collect();
        let names: Vec<&str> = mods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "a", "b", "sys", "w", "x", "y", "after", "m1", "m2", "type", ""
            ]
        );
        assert_eq!(mods[10].paths, ["gen/x.rs"]);
        assert_eq!(mods[2].paths, ["sys/unix.rs"]);
        assert_eq!(mods[3].paths, ["win.rs"]);
        assert_eq!(mods[4].paths, ["p.rs"]);
        assert_eq!(mods[4].inline, [("inline".to_string(), None)]);
        assert_eq!(mods[5].inline.len(), 2);
        assert!(mods[6].inline.is_empty() && mods[6].paths.is_empty());
    }

    #[test]
    fn never_panics_on_truncated_input() {
        for t in [
            "'", "'\\", "r#\"", "\"\\", "/*", "b'", "'é", "r#", "mod", "mod ", "#[", "mod x {",
        ] {
            let _ = scan(t);
        }
    }
}
