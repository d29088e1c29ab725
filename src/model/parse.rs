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
    let mut file = parse_raw(content)?;
    resolve_renames(&mut file, content);
    Ok(file)
}

fn parse_raw(content: &str) -> Result<syn::File, ParseError> {
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

/// Whether the text may rename an import (`use a::b as c;`, `extern crate x as y;`): the
/// cheap test that spares files without one the walk of [`resolve_renames`].
fn may_rename(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices("use ")
        .chain(text.match_indices("crate "))
        .any(|(i, _)| {
            let starts_word = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
            let end = text[i..].find(';').map_or(text.len(), |e| i + e);
            starts_word && text[i..end].contains(" as ")
        })
}

/// One renamed import: the alias and the path it stands for (`cs` -> `critical_section`,
/// `a` -> `crate::schema::assignment`).
type Renames = Vec<(String, Vec<syn::Ident>)>;

fn renames_of(items: &[syn::Item], out: &mut Renames) {
    for item in items {
        match item {
            syn::Item::Use(u) => use_renames(&u.tree, &mut Vec::new(), out),
            syn::Item::ExternCrate(e) => {
                if let Some((_, alias)) = &e.rename
                    && *alias != e.ident
                    && alias != "_"
                {
                    out.push((alias.to_string(), vec![e.ident.clone()]));
                }
            }
            _ => {}
        }
    }
}

fn use_renames(tree: &syn::UseTree, prefix: &mut Vec<syn::Ident>, out: &mut Renames) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.clone());
            use_renames(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_renames(t, prefix, out)),
        syn::UseTree::Rename(r) if r.rename != "_" && r.rename != r.ident => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.clone());
            }
            if !full.is_empty() {
                out.push((r.rename.to_string(), full));
            }
        }
        _ => {}
    }
}

/// Write every path that starts with a renamed import as the path it stands for, so that
/// the model reads `use critical_section as cs; cs::with(..)` as
/// `critical_section::with(..)`, `use crate::schema::copy_state as cs; cs::table` as
/// `crate::schema::copy_state::table` and `use std::fs::remove_file as rm; rm(p)` as
/// `std::fs::remove_file(p)`: every fact matched by a path's name sees the real name. Scoped
/// like Rust's: a file's and a module's imports, a block's own `use` items. A one-segment
/// path is rewritten only as a called function (a one-segment value may be a local of the
/// alias's name; one-segment types are resolved by the import map the classifier reads).
/// Spans stay the alias's, so the text of the source is what findings quote.
pub fn resolve_renames(file: &mut syn::File, text: &str) {
    if !may_rename(text) {
        return;
    }
    let mut r = Renamer { scopes: Vec::new() };
    syn::visit_mut::VisitMut::visit_file_mut(&mut r, file);
}

struct Renamer {
    scopes: Vec<Renames>,
}

impl Renamer {
    fn lookup(&self, alias: &syn::Ident) -> Option<&[syn::Ident]> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(a, _)| alias == a)
            .map(|(_, full)| full.as_slice())
    }

    fn rewrite(&self, path: &mut syn::Path) {
        if path.leading_colon.is_some() || path.segments.is_empty() {
            return;
        }
        let first = &path.segments[0];
        let Some(full) = self.lookup(&first.ident) else {
            return;
        };
        if full.len() == 1 && full[0] == first.ident {
            return;
        }
        let span = first.ident.span();
        let args = first.arguments.clone();
        let mut segs = syn::punctuated::Punctuated::new();
        for (i, id) in full.iter().enumerate() {
            let mut seg = syn::PathSegment::from(syn::Ident::new(&id.to_string(), span));
            if i + 1 == full.len() {
                seg.arguments = args.clone();
            }
            segs.push(seg);
        }
        for s in path.segments.iter().skip(1) {
            segs.push(s.clone());
        }
        path.segments = segs;
    }

    fn scoped(&mut self, here: Renames, walk: impl FnOnce(&mut Self)) {
        if here.is_empty() {
            walk(self);
            return;
        }
        self.scopes.push(here);
        walk(self);
        self.scopes.pop();
    }
}

impl syn::visit_mut::VisitMut for Renamer {
    fn visit_file_mut(&mut self, f: &mut syn::File) {
        let mut here = Vec::new();
        renames_of(&f.items, &mut here);
        self.scoped(here, |s| syn::visit_mut::visit_file_mut(s, f));
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        let mut here = Vec::new();
        if let Some((_, items)) = &m.content {
            renames_of(items, &mut here);
        }
        self.scoped(here, |s| syn::visit_mut::visit_item_mod_mut(s, m));
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        let mut here = Vec::new();
        for st in &b.stmts {
            if let syn::Stmt::Item(i) = st {
                renames_of(std::slice::from_ref(i), &mut here);
            }
        }
        self.scoped(here, |s| syn::visit_mut::visit_block_mut(s, b));
    }

    fn visit_path_mut(&mut self, p: &mut syn::Path) {
        if p.segments.len() >= 2 && !self.scopes.is_empty() {
            self.rewrite(p);
        }
        syn::visit_mut::visit_path_mut(self, p);
    }

    fn visit_expr_call_mut(&mut self, c: &mut syn::ExprCall) {
        if let syn::Expr::Path(p) = &mut *c.func
            && p.qself.is_none()
            && p.path.segments.len() == 1
            && !self.scopes.is_empty()
        {
            self.rewrite(&mut p.path);
        }
        syn::visit_mut::visit_expr_call_mut(self, c);
    }
}
