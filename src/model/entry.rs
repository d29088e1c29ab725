//! Entry-point facts: which functions production code runs at all.
//!
//! A race needs two actors, and an actor is production code running the function. A function
//! that only tests call (directly or through other functions only tests call), or that nothing
//! calls, has none: it is test code for every rule (the one test-code policy), whatever shape
//! its body has.
//!
//! Per file ([`collect`], cached with the file's model): the functions something outside the
//! visible calls can run (roots: `main`, trait impl methods and trait default methods,
//! `extern` functions, functions under an attribute other than inert ones like `#[inline]`),
//! the `pub` functions, and every identifier the file mentions with who mentions it (the named
//! function whose body or signature it is in, an item outside functions, or a test item).
//!
//! In the workspace phase ([`Reachability::build`]): one caller index by name, then one
//! worklist from the roots. Linear in the mentions.
//!
//! Conservative by construction, and on purpose:
//! - calls resolve by *name*, not by type: any mention of a name (a call `f()`, a method
//!   call `x.f()`, a path `T::f`, a value `map(f)`, a macro's tokens, a string such as serde's
//!   `default = "f"`) by production code makes every function of that name reachable;
//! - a mention outside any function (a `static`, a `const`, an attribute, a `macro_rules!`
//!   body) makes the name reachable;
//! - trait impl methods, trait default methods, `main`, `extern` / `#[no_mangle]` functions
//!   and functions under a non-inert attribute (`#[tauri::command]`, `#[get("/")]`) are roots;
//! - a `pub` function (plain `pub`, not `pub(crate)`) that nothing in the workspace mentions is
//!   a root: callers outside the workspace may exist. One that only tests mention is not,
//!   unless its package is a published library (no `publish = false`, no binary target):
//!   there every `pub` function is a root, since a library's integration tests exercise the
//!   API its users call. In an application's or an unpublished package's library, the
//!   workspace holds every production caller;
//! - the facts are only used for a file whose crate root (`lib.rs` / `main.rs` in its own
//!   directory or an ancestor) is among the files linted: linting one file of a crate sees
//!   none of its callers, and every function of it is then reachable.

use super::FnModel;
use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// A mention outside any function of a file (an item, an attribute, a macro definition).
pub const ITEM: u32 = u32::MAX;
/// A mention outside any function, inside a test item (`#[cfg(test)] mod tests`).
pub const TEST_ITEM: u32 = u32::MAX - 1;

/// One file's entry-point facts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntryFacts {
    /// Named functions (indexes into the file's functions) that code the workspace does not
    /// show can run, with the reason.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub roots: Vec<(u32, String)>,
    /// Named functions declared plain `pub` (left empty where every caller of the package is
    /// in the run and it is no library API: see [`crate::source::CrateOrigin::callers_visible`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub public: Vec<u32>,
    /// Every identifier the file mentions, as its [`name_key`], paired with
    /// [`EntryFacts::mentioned_in`]: one entry per (name, mentioner), sorted. Kept as two flat
    /// arrays of 12 bytes a pair, not strings: every file's facts are in memory at once in
    /// the workspace phase.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub mentioned: Vec<u64>,
    /// Who mentions the name at the same position of [`EntryFacts::mentioned`]: a named
    /// function (index), or [`ITEM`] / [`TEST_ITEM`].
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub mentioned_in: Vec<u32>,
    /// The mentions again, with what qualifies each (`f`, `m::f`, `T::f`, `Self::f`,
    /// `<T>::f`), counted per (name, qualifier, mentioner); method-call mentions (`x.f`) are
    /// left out, since they never reach a function without a receiver. Sorted. See
    /// [`Qualified`].
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub qualified: Vec<Qualified>,
    /// The names this file introduces as aliases (`type A = ..;`, `use .. as a;`): a path
    /// `A::f` may name any type's `f`, `a::f` any module's.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub aliases: Vec<u64>,
    /// Named functions (indexes) that are the steps of a database migration: the methods of
    /// an `impl MigrationTrait for ..` (SeaORM) or of another trait named for a migration
    /// (`impl Migration for ..`). The migrator runs each step once per database and records
    /// it, at start-up, before the program serves anything: no second run of the step is a
    /// second actor of it (other instances racing to migrate one database is the migrator
    /// call's race, not the step's).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub migration_steps: Vec<u32>,
    /// The file imports with a glob (`use a::*;`): a bare name in it may name another
    /// module's free function.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub glob_import: bool,
    /// The names (as [`name_key`]s, sorted) whose every mention outside the file's functions
    /// is a declaration that hands no value anywhere: a `use` path, a `mod` name. Such an
    /// [`ITEM`] mention is no function value (`mod worker;` next to `fn worker`).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub declared: Vec<u64>,
}

impl EntryFacts {
    /// Whether the [`ITEM`] mentions of `name` in this file are only `use` paths and `mod`
    /// names ([`EntryFacts::declared`]).
    pub fn only_declared(&self, name: u64) -> bool {
        self.declared.binary_search(&name).is_ok()
    }
}

/// How a mention of a name is qualified ([`EntryFacts::qualified`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Qual {
    /// `f`: a free function (of this module, or imported).
    Bare,
    /// `m::f` with a lower-case qualifier (the [`name_key`] of `m`): a free function of
    /// module `m` (or of any module, for `crate`, `self`, `super` and aliases).
    Module(u64),
    /// A word of a string literal: names a function only outside function bodies (serde's
    /// `default = "f"`); inside one it is text.
    Str,
    /// `T::f`: an associated function of type `T` (the [`name_key`] of `T`), or of a type
    /// `T` aliases.
    Type(u64),
    /// `Self::f`: an associated function of the enclosing impl's type.
    SelfTy,
    /// `<T>::f`, `<T as Tr>::f`, `T::<G>::f`: not resolved.
    Any,
}

/// One qualified mention ([`EntryFacts::qualified`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Qualified {
    pub name: u64,
    pub qual: Qual,
    /// A named function (index), or [`ITEM`] / [`TEST_ITEM`].
    pub owner: u32,
    /// How many times the mentioner names it so.
    pub count: u32,
}

/// How the identifier at `at` of `text` is qualified; `None` for a method call or field
/// (`x.f`).
fn qualifier(text: &str, at: usize) -> Option<Qual> {
    let before = text[..at].trim_end();
    if before.ends_with("..") {
        return Some(Qual::Bare);
    }
    if before.ends_with('.') {
        return None;
    }
    let Some(b2) = before.strip_suffix("::") else {
        return Some(Qual::Bare);
    };
    let b2 = b2.trim_end();
    if b2.ends_with('>') {
        return Some(Qual::Any);
    }
    let start = b2
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let q = &b2[start..];
    Some(match q.chars().next() {
        None => Qual::Bare,
        Some(_) if q == "Self" => Qual::SelfTy,
        Some(c) if c.is_ascii_uppercase() => Qual::Type(name_key(q)),
        Some(_) => Qual::Module(name_key(q)),
    })
}

/// Attributes that do not make a function callable from elsewhere.
const INERT_ATTRS: &[&str] = &[
    "doc",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "inline",
    "cold",
    "must_use",
    "track_caller",
    "deprecated",
    "cfg",
    "cfg_attr",
    "rustfmt",
    "clippy",
    "instrument",
    "tracing",
    "async_recursion",
    "allow_internal_unstable",
    "optimize",
    "target_feature",
    "unsafe",
];

fn non_inert_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let segs: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let first = segs.first()?;
        let last = segs.last()?;
        if INERT_ATTRS.contains(&first.as_str()) || INERT_ATTRS.contains(&last.as_str()) {
            return None;
        }
        Some(segs.join("::"))
    })
}

/// A trait whose impls are the steps of a database migration: SeaORM's `MigrationTrait`,
/// diesel's `Migration`, or an application's own `*Migration` trait.
fn migration_trait(name: &str) -> bool {
    name == "MigrationTrait" || name.ends_with("Migration")
}

fn fn_key(s: Span) -> (usize, usize) {
    (s.start, s.end)
}

struct ItemWalk<'a> {
    by_span: HashMap<(usize, usize), u32>,
    facts: &'a mut EntryFacts,
    /// The spans of `use` items and `mod` names outside functions ([`EntryFacts::declared`]).
    decls: Vec<Span>,
    /// The file belongs to a published library package without binaries: its `pub`
    /// functions are API that callers outside the workspace run.
    library_api: bool,
}

impl ItemWalk<'_> {
    /// The type names a `use` tree renames (`use a::B as C`).
    fn renames(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => self.renames(&p.tree),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.renames(t)),
            syn::UseTree::Rename(r) => {
                self.facts.aliases.push(name_key(&r.rename.to_string()));
            }
            syn::UseTree::Glob(_) => self.facts.glob_import = true,
            syn::UseTree::Name(_) => {}
        }
    }

    fn fn_item(
        &mut self,
        attrs: &[syn::Attribute],
        vis: Option<&syn::Visibility>,
        sig: &syn::Signature,
        block: &syn::Block,
        root: Option<String>,
    ) {
        let span = super::func::fn_span(sig, block);
        let Some(&i) = self.by_span.get(&(span.start, span.end)) else {
            return;
        };
        let root = root
            .or_else(|| (sig.ident == "main").then(|| "`main`".to_string()))
            .or_else(|| {
                sig.abi
                    .is_some()
                    .then(|| "an `extern` function".to_string())
            })
            .or_else(|| non_inert_attr(attrs).map(|a| format!("under `#[{a}]`")))
            .or_else(|| {
                (self.library_api && matches!(vis, Some(syn::Visibility::Public(_))))
                    .then(|| "a `pub` function of a published library".to_string())
            });
        if let Some(r) = root {
            self.facts.roots.push((i, r));
        }
        if matches!(vis, Some(syn::Visibility::Public(_))) {
            self.facts.public.push(i);
        }
    }

    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Fn(f) => self.fn_item(&f.attrs, Some(&f.vis), &f.sig, &f.block, None),
                syn::Item::Impl(imp) => {
                    let root = if imp.trait_.is_some() {
                        Some("a trait impl method".to_string())
                    } else {
                        non_inert_attr(&imp.attrs).map(|a| format!("in an impl under `#[{a}]`"))
                    };
                    let migration = imp.trait_.as_ref().is_some_and(|(p, _)| {
                        p.segments
                            .last()
                            .is_some_and(|s| migration_trait(&s.ident.to_string()))
                    });
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            self.fn_item(&f.attrs, Some(&f.vis), &f.sig, &f.block, root.clone());
                            if migration
                                && let Some(&i) = self
                                    .by_span
                                    .get(&fn_key(super::func::fn_span(&f.sig, &f.block)))
                            {
                                self.facts.migration_steps.push(i);
                            }
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for it in &t.items {
                        if let syn::TraitItem::Fn(f) = it
                            && let Some(block) = &f.default
                        {
                            self.fn_item(
                                &f.attrs,
                                None,
                                &f.sig,
                                block,
                                Some("a trait's default method".to_string()),
                            );
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    self.decls.push(super::span::span_of(&m.ident));
                    if let Some((_, items)) = &m.content {
                        // a test module's `use super::*;` brings no name into production code
                        let glob = self.facts.glob_import;
                        self.items(items);
                        if super::test_code::is_test_attr(&m.attrs) {
                            self.facts.glob_import = glob;
                        }
                    }
                }
                syn::Item::Type(t) => self.facts.aliases.push(name_key(&t.ident.to_string())),
                syn::Item::Use(u) => {
                    self.decls.push(super::span::span_of(u));
                    self.renames(&u.tree)
                }
                _ => {}
            }
        }
    }
}

/// The entry-point facts of one file.
pub fn collect(
    file: &syn::File,
    text: &str,
    fns: &[FnModel],
    test_items: &[Span],
    test_file: bool,
    library_api: bool,
) -> EntryFacts {
    let mut facts = EntryFacts::default();
    let by_span: HashMap<(usize, usize), u32> = fns
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent.is_none())
        .map(|(i, f)| ((f.span.start, f.span.end), i as u32))
        .collect();
    let mut walk = ItemWalk {
        by_span,
        facts: &mut facts,
        decls: Vec::new(),
        library_api,
    };
    walk.items(&file.items);
    let mut decls = std::mem::take(&mut walk.decls);
    decls.sort_unstable_by_key(|d| (d.start, d.end));
    // item mentions inside a declaration, and the other item mentions
    let mut declared: Vec<u64> = Vec::new();
    let mut valued: Vec<u64> = Vec::new();
    facts.roots.sort();
    facts.roots.dedup_by_key(|r| r.0);
    facts.public.sort_unstable();
    facts.public.dedup();
    // named functions by start: they do not nest (closures have a parent, nested `fn` items
    // are no functions of the model and belong to the one around them)
    let mut named: Vec<(usize, usize, u32)> = fns
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent.is_none())
        .map(|(i, f)| (f.span.start, f.span.end, i as u32))
        .collect();
    named.sort_unstable();
    let owner = |at: usize| -> u32 {
        let n = named.partition_point(|&(s, _, _)| s <= at);
        if let Some(&(s, e, i)) = n.checked_sub(1).and_then(|k| named.get(k))
            && s <= at
            && at < e
        {
            return i;
        }
        if test_file || test_items.iter().any(|t| t.start <= at && at < t.end) {
            TEST_ITEM
        } else {
            ITEM
        }
    };
    // every (name, owner) pair, sorted and deduplicated: no map from names to owners
    let mut pairs: Vec<(u64, u32)> = Vec::new();
    let mut quals: Vec<(u64, Qual, u32)> = Vec::new();
    lex_idents_in(text, |at, ident, string| {
        let pair = (name_key(ident), owner(at));
        if pair.1 == ITEM {
            // the last declaration starting at or before `at` (they do not nest)
            let k = decls.partition_point(|d| d.start <= at);
            let in_decl = k
                .checked_sub(1)
                .and_then(|k| decls.get(k))
                .is_some_and(|d| at < d.end);
            if in_decl { &mut declared } else { &mut valued }.push(pair.0);
        }
        if pairs.last() != Some(&pair) {
            pairs.push(pair);
        }
        let q = if string {
            Some(Qual::Str)
        } else {
            qualifier(text, at)
        };
        if let Some(q) = q {
            quals.push((pair.0, q, pair.1));
        }
    });
    pairs.sort_unstable();
    pairs.dedup();
    facts.mentioned = pairs.iter().map(|p| p.0).collect();
    facts.mentioned_in = pairs.iter().map(|p| p.1).collect();
    quals.sort_unstable();
    for (name, qual, owner) in quals {
        match facts.qualified.last_mut() {
            Some(l) if (l.name, l.qual, l.owner) == (name, qual, owner) => l.count += 1,
            _ => facts.qualified.push(Qualified {
                name,
                qual,
                owner,
                count: 1,
            }),
        }
    }
    facts.aliases.sort_unstable();
    facts.aliases.dedup();
    valued.sort_unstable();
    declared.sort_unstable();
    declared.dedup();
    declared.retain(|n| valued.binary_search(n).is_err());
    facts.declared = declared;
    facts
}

/// A name as the entry facts keep it: a 64-bit FNV-1a hash (deterministic across runs and
/// threads). Two names with one hash only make more functions reachable, never fewer.
pub fn name_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A keyword of the language, which names no function (a `match`: compared by length and bytes).
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
    )
}

/// Calls `f(offset, ident)` for every identifier of `text` that could name a function
/// (lower-case or `_` first), in code, in macro tokens and in string literals (split into
/// identifier-like words); comments are skipped, and the name a `fn` item defines is not a
/// mention. A bounded linear scan; on text it cannot lex (an unterminated literal) it reads
/// the rest as code or as a string, which only adds mentions.
pub fn lex_idents<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    lex_idents_in(text, |at, s, _| f(at, s))
}

/// [`lex_idents`], telling the words of string literals (`true`) from code.
pub fn lex_idents_in<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str, bool)) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut after_fn = false;
    let emit = |at: usize, s: &'t str, f: &mut dyn FnMut(usize, &'t str, bool)| {
        if s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && s != "_" && !is_keyword(s)
        {
            f(at, s, false);
        }
    };
    let words_of = |from: usize, to: usize, f: &mut dyn FnMut(usize, &'t str, bool)| {
        let mut k = from;
        while k < to {
            if b[k].is_ascii_alphabetic() || b[k] == b'_' {
                let s = k;
                while k < to && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                    k += 1;
                }
                let w = &text[s..k];
                if w.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && w != "_" {
                    f(s, w, true);
                }
            } else {
                k += 1;
            }
        }
    };
    while i < n {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 1usize;
            i += 2;
            while i < n && depth > 0 {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
        } else if c == b'"' {
            let start = i + 1;
            i += 1;
            while i < n && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            words_of(start, i.min(n), &mut f);
            i += 1;
        } else if c == b'\'' {
            // a char literal ('x', '\n', '\'', 'é') or a lifetime / label ('a, 'outer)
            if b.get(i + 1) == Some(&b'\\') {
                let mut k = i + 2;
                // the escaped character, then up to the closing quote (bounded: '\u{10FFFF}')
                k += 1;
                while k < n && k < i + 14 && b[k] != b'\'' {
                    k += 1;
                }
                i = k + 1;
            } else if let Some(ch) = text.get(i + 1..).and_then(|t| t.chars().next())
                && b.get(i + 1 + ch.len_utf8()) == Some(&b'\'')
            {
                i += 2 + ch.len_utf8();
            } else {
                i += 1;
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let ident = &text[start..i];
            // raw strings: r"..", r#".."#, br"..", cr".."
            if matches!(ident, "r" | "br" | "cr") && matches!(b.get(i), Some(b'"') | Some(b'#')) {
                let mut k = i;
                let mut hashes = 0usize;
                while k < n && b[k] == b'#' {
                    hashes += 1;
                    k += 1;
                }
                if b.get(k) == Some(&b'"') {
                    let from = k + 1;
                    let mut e = from;
                    loop {
                        if e >= n {
                            break;
                        }
                        if b[e] == b'"' && (0..hashes).all(|h| b.get(e + 1 + h) == Some(&b'#')) {
                            break;
                        }
                        e += 1;
                    }
                    words_of(from, e.min(n), &mut f);
                    i = (e + 1 + hashes).min(n);
                    after_fn = false;
                    continue;
                }
                if ident == "r" && hashes == 1 {
                    // a raw identifier: r#name
                    let s = k;
                    let mut e = k;
                    while e < n && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                        e += 1;
                    }
                    if e > s && !after_fn {
                        emit(s, &text[s..e], &mut f);
                    }
                    after_fn = false;
                    i = e.max(k);
                    continue;
                }
            }
            if after_fn {
                // the name a `fn` item defines
                after_fn = false;
            } else {
                after_fn = ident == "fn";
                emit(start, ident, &mut f);
            }
        } else {
            if !c.is_ascii_whitespace() {
                after_fn = false;
            }
            i += 1;
        }
    }
}

/// Which named functions of the workspace production code can run ([`collect`]'s facts,
/// joined): built once in the workspace phase.
pub struct Reachability {
    /// Per file, per function index: `None` when production code can run it (or the facts do
    /// not apply), else why not.
    unreached: Vec<Vec<Option<Unreached>>>,
    /// Per file, per function index: the function runs once per process (see
    /// [`Reachability::runs_once`]).
    once: Vec<Vec<bool>>,
}

/// Why no production code runs a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unreached {
    /// Every function that calls it (by name, transitively) is test code.
    OnlyTests,
    /// Nothing mentions it (a private function without callers).
    NoCaller,
}

impl Unreached {
    pub fn describe(self) -> &'static str {
        match self {
            Unreached::OnlyTests => "only test code calls it",
            Unreached::NoCaller => "nothing calls it",
        }
    }
}

/// Calls that run their future arguments concurrently with others (or later, elsewhere).
const CONCURRENT_CALLS: &[&str] = &[
    "spawn",
    "spawn_local",
    "spawn_blocking",
    "join",
    "join_all",
    "try_join",
    "try_join_all",
    "select",
    "select_all",
    "race",
];

/// The named functions that run once per process ([`Reachability::runs_once`]): from each
/// binary's `main` along direct calls to functions defined once (by name) whose every
/// production mentioner runs once. Each function is visited once (a worklist).
fn once_functions(
    files: &[super::WsFile<'_>],
    defs: &HashMap<u64, Vec<(usize, usize)>>,
    fwd: &HashMap<(usize, usize), Vec<u64>>,
    mentioned_by: &HashMap<u64, Vec<(usize, u32)>>,
    in_item: &[u64],
    valued_in_item: &[u64],
    unreached: &[Vec<Option<Unreached>>],
) -> Vec<Vec<bool>> {
    let mut once: Vec<Vec<bool>> = files
        .iter()
        .map(|f| vec![false; f.model.fns.len()])
        .collect();
    let in_item: std::collections::HashSet<u64> = in_item.iter().copied().collect();
    let valued_in_item: std::collections::HashSet<u64> = valued_in_item.iter().copied().collect();
    let mut queue: VecDeque<(usize, usize)> = VecDeque::new();
    for (fi, f) in files.iter().enumerate() {
        let m = f.model;
        if m.test_file {
            continue;
        }
        for (i, g) in m.fns.iter().enumerate() {
            if g.parent.is_none()
                && g.name == "main"
                && !m.in_test(g.span)
                && unreached[fi].get(i).is_some_and(Option::is_none)
            {
                once[fi][i] = true;
                queue.push_back((fi, i));
            }
        }
    }
    // the steps of a database migration: the migrator runs each once
    for (fi, f) in files.iter().enumerate() {
        let m = f.model;
        if m.test_file {
            continue;
        }
        for &i in &m.entry.migration_steps {
            let i = i as usize;
            if let Some(g) = m.fns.get(i)
                && !m.in_test(g.span)
                && !once[fi][i]
            {
                once[fi][i] = true;
                queue.push_back((fi, i));
            }
        }
    }
    // the direct calls of `name` in the function `top` of file `fi` (not the constructor-like
    // call sites: a bare name is matched against the calls as they were before those)
    let direct_calls = |fi: usize, top: usize, name: &str| {
        direct_calls_matching(files, fi, top, false, &|c| c.name() == name)
    };
    let qualified = QualifiedCalls::build(files, defs);
    while let Some(m) = queue.pop_front() {
        // the functions without a receiver that `m` names by a qualified path (`T::f`,
        // `Self::f`, `m::f`) or bare, whose every production mention is a direct call from
        // once-run code
        for d in qualified.candidates(files, m) {
            if !once[d.0][d.1]
                && !files[d.0]
                    .model
                    .entry
                    .roots
                    .iter()
                    .any(|(i, _)| *i as usize == d.1)
                && qualified.only_called_once(files, &once, d)
            {
                once[d.0][d.1] = true;
                queue.push_back(d);
            }
        }
        for &name in fwd.get(&m).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(&[d]) = defs.get(&name).map(Vec::as_slice) else {
                continue;
            };
            let model = files[d.0].model;
            // a root runs when code the workspace does not show calls it (a handler, an export)
            if once[d.0][d.1]
                || valued_in_item.contains(&name)
                || model.entry.roots.iter().any(|(i, _)| *i as usize == d.1)
            {
                continue;
            }
            let g = &model.fns[d.1];
            // imported with `use` somewhere: a free function whose every mention that can name
            // it is a direct call from once-run code (a bare mention through the `use` counts:
            // `let f: fn() = imported;` is a value)
            if in_item.contains(&name)
                && (g.kind != super::FnKind::Fn
                    || g.self_ty.is_some()
                    || !qualified.only_called_once(files, &once, d))
            {
                continue;
            }
            let bare = g.name.rsplit("::").next().unwrap_or(&g.name);
            let Some(by) = mentioned_by.get(&name).filter(|l| l.len() <= 2) else {
                continue;
            };
            let all = by.iter().all(|&(ff, o)| {
                let o = o as usize;
                (ff, o) != d
                    && once[ff].get(o).copied().unwrap_or(false)
                    && direct_calls(ff, o, bare).is_some_and(|n| n > 0)
            });
            if all {
                once[d.0][d.1] = true;
                queue.push_back(d);
            }
        }
    }
    once
}

/// The direct calls in the function `top` of file `fi` (its body and the closures run in
/// place in it), with its constructor-like call sites (`T::new(..)`) if `ctors`, that
/// `matches` accepts: how many, or `None` where one runs concurrently
/// (spawned, or a future handed to `spawn` / `join`).
fn direct_calls_matching(
    files: &[super::WsFile<'_>],
    fi: usize,
    top: usize,
    ctors: bool,
    matches: &dyn Fn(&super::func::CallSite) -> bool,
) -> Option<u32> {
    let fns = &files[fi].model.fns;
    let mut n = 0;
    for (i, g) in fns.iter().enumerate() {
        if super::func::outermost(fns, i) != top {
            continue;
        }
        let ctor_sites = if ctors { g.ctor_sites.as_slice() } else { &[] };
        for c in g.calls.iter().chain(ctor_sites).filter(|c| matches(c)) {
            if !super::func::runs_in_place(fns, i, top) {
                return None;
            }
            if g.enclosing_call(c.span).is_some_and(|k| {
                let k = k.name();
                CONCURRENT_CALLS.iter().any(|p| k.starts_with(p))
            }) {
                return None;
            }
            n += 1;
        }
    }
    Some(n)
}

/// The qualified mentions of the workspace ([`EntryFacts::qualified`]), for resolving a call
/// `T::f(..)`, `Self::f(..)` or `m::f(..)` to the functions it can name when the bare name `f`
/// has many definitions (`new`, `init`, `run`).
///
/// A function without a receiver can only be named so: an associated function of `T` by
/// `T::f` (or `Self::f` inside an impl of `T`, or through an alias of some type, or
/// `<T>::f`), a free function bare or by a module path. A method call `x.f()` names neither.
/// So the mentions that can reach such a function are known, and it runs once when each of
/// them is a direct call from once-run code (and none is in an item or is a value).
struct QualifiedCalls {
    /// Per name: every production or test mention of a defined name without a receiver.
    by_name: HashMap<u64, Vec<(usize, Qualified)>>,
    /// Per file and mentioner: its qualified mentions of defined names.
    by_owner: HashMap<(usize, u32), Vec<Qualified>>,
    /// Associated functions without a receiver, by (type, name).
    assoc: HashMap<(u64, u64), Vec<(usize, usize)>>,
    /// Free functions, by name.
    free: HashMap<u64, Vec<(usize, usize)>>,
    /// Every alias name of the workspace.
    aliases: std::collections::HashSet<u64>,
}

impl QualifiedCalls {
    fn build(files: &[super::WsFile<'_>], defs: &HashMap<u64, Vec<(usize, usize)>>) -> Self {
        let mut assoc: HashMap<(u64, u64), Vec<(usize, usize)>> = HashMap::new();
        let mut free: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        for (&name, list) in defs {
            for &(fi, i) in list {
                let g = &files[fi].model.fns[i];
                if g.kind != super::FnKind::Fn {
                    continue;
                }
                match &g.self_ty {
                    Some(t) => assoc.entry((name_key(t), name)).or_default().push((fi, i)),
                    None => free.entry(name).or_default().push((fi, i)),
                }
            }
        }
        let mut by_name: HashMap<u64, Vec<(usize, Qualified)>> = HashMap::new();
        let mut by_owner: HashMap<(usize, u32), Vec<Qualified>> = HashMap::new();
        let mut aliases = std::collections::HashSet::new();
        for (fi, f) in files.iter().enumerate() {
            aliases.extend(f.model.entry.aliases.iter().copied());
            for q in &f.model.entry.qualified {
                if !defs.contains_key(&q.name) {
                    continue;
                }
                by_name.entry(q.name).or_default().push((fi, *q));
                by_owner.entry((fi, q.owner)).or_default().push(*q);
            }
        }
        for l in assoc.values_mut().chain(free.values_mut()) {
            l.sort_unstable();
        }
        QualifiedCalls {
            by_name,
            by_owner,
            assoc,
            free,
            aliases,
        }
    }

    /// The type an `impl` function's `Self` is (the named function's), as a name key.
    fn self_of(files: &[super::WsFile<'_>], fi: usize, owner: u32) -> Option<u64> {
        let g = files[fi].model.fns.get(owner as usize)?;
        g.self_ty.as_deref().map(name_key)
    }

    /// The functions without a receiver that function `m` names (sorted, each once).
    fn candidates(&self, files: &[super::WsFile<'_>], m: (usize, usize)) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for q in self
            .by_owner
            .get(&(m.0, m.1 as u32))
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let list = match q.qual {
                Qual::Type(t) => self.assoc.get(&(t, q.name)),
                Qual::SelfTy => {
                    Self::self_of(files, m.0, m.1 as u32).and_then(|t| self.assoc.get(&(t, q.name)))
                }
                Qual::Bare | Qual::Module(_) => self.free.get(&q.name),
                Qual::Any | Qual::Str => None,
            };
            out.extend(list.map(Vec::as_slice).unwrap_or(&[]).iter().copied());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether every production mention that can name `d` (a function without a receiver) is
    /// made by a once-run function other than `d`, as that many direct calls
    /// ([`direct_calls_matching`]), and there is at least one.
    fn only_called_once(
        &self,
        files: &[super::WsFile<'_>],
        once: &[Vec<bool>],
        d: (usize, usize),
    ) -> bool {
        let g = &files[d.0].model.fns[d.1];
        let bare = g.name.rsplit("::").next().unwrap_or(&g.name);
        let name = name_key(bare);
        let ty = g.self_ty.as_deref().map(name_key);
        let mut any = false;
        for &(ff, q) in self.by_name.get(&name).map(Vec::as_slice).unwrap_or(&[]) {
            let m = files[ff].model;
            if q.owner == TEST_ITEM
                || m.test_file
                || q.owner != ITEM
                    && m.fns
                        .get(q.owner as usize)
                        .is_none_or(|o| m.in_test(o.span))
            {
                continue;
            }
            // a `use` of the name at the file's top: no call, no function value (the file's
            // bare calls of it are checked below, as a `use` of it reaches `d`)
            if q.owner == ITEM && m.entry.only_declared(name) && m.index.uses.contains_key(bare) {
                continue;
            }
            let reaches = match (ty, q.qual) {
                (_, Qual::Any) => true,
                (_, Qual::Str) => q.owner == ITEM,
                (Some(t), Qual::Type(u)) => t == u || self.aliases.contains(&u),
                (Some(t), Qual::SelfTy) => {
                    q.owner == ITEM || Self::self_of(files, ff, q.owner).is_none_or(|s| s == t)
                }
                (Some(_), Qual::Bare | Qual::Module(_)) => false,
                // a bare name: in its own file, or through a glob import, or a `use` of it
                (None, Qual::Bare) => {
                    ff == d.0 || m.entry.glob_import || imports(m, files[d.0].path, &g.module, bare)
                }
                (None, Qual::Module(u)) => {
                    self.aliases.contains(&u) || may_name_module(files[d.0].path, &g.module, u)
                }
                (None, Qual::Type(u)) => self.aliases.contains(&u),
                (None, Qual::SelfTy) => false,
            };
            if !reaches {
                continue;
            }
            let o = q.owner as usize;
            // a bare name that the mentioning function binds as a local (`while let
            // Some(command) = rx.recv()`, a parameter) and never calls by that bare path
            if q.qual == Qual::Bare && q.owner != ITEM && binds_local(files, ff, o, bare) {
                continue;
            }
            if q.owner == ITEM || (ff, o) == d || !once[ff].get(o).copied().unwrap_or(false) {
                return false;
            }
            // each mention a direct call of that shape: no value (`map(T::f)`), no spawn
            let shape = q.qual;
            let matches = |c: &super::func::CallSite| -> bool {
                let super::func::Callee::Path { segments } = &c.callee else {
                    return false;
                };
                let n = segments.len();
                if segments.last().map(String::as_str) != Some(bare) {
                    return false;
                }
                let prev = n.checked_sub(2).map(|k| segments[k].as_str());
                match (shape, prev) {
                    (Qual::Bare, None) => true,
                    (Qual::Module(u), Some(p)) => {
                        p.starts_with(|c: char| !c.is_ascii_uppercase()) && name_key(p) == u
                    }
                    (Qual::SelfTy, Some(p)) => p == "Self",
                    (Qual::Type(u), Some(p)) => name_key(p) == u,
                    _ => false,
                }
            };
            if direct_calls_matching(files, ff, o, true, &matches) != Some(q.count) {
                return false;
            }
            any = true;
        }
        any
    }
}

/// Whether the file of model `m` imports the bare name `name` with a `use` whose path can
/// name the free function `name` of the file at `path` (inside the inline modules `module`):
/// the path's module is one of that file's module names ([`module_names`]) or a directory
/// above it (a re-export), or a name the path cannot pin down (`crate`, `self`, `super`, a
/// crate root's crate name).
fn imports(m: &super::FileModel, path: &str, module: &str, name: &str) -> bool {
    let Some(used) = m.index.uses.get(name) else {
        return false;
    };
    let mut segs = used.rsplit("::");
    if segs.next() != Some(name) {
        return false;
    }
    let Some(parent) = segs.next() else {
        return true;
    };
    may_name_module(path, module, name_key(parent))
}

/// Whether a path's module `u` (a [`name_key`]) can be the module of the file at `path`
/// (inside its inline modules `module`): `crate`, `self`, `super` (not pinned down), one of
/// the file's module names ([`module_names`]), or a directory above it: a re-export (`pub use
/// a::f;` in a crate root or a `mod.rs`) names it through a directory's module or the crate
/// (`mycrate::f`).
fn may_name_module(path: &str, module: &str, u: u64) -> bool {
    [name_key("crate"), name_key("self"), name_key("super")].contains(&u)
        || module_names(path, module).is_none_or(|l| l.contains(&u))
        || in_dir_named(path, u)
}

/// Whether the named function `top` of file `fi` (or a closure in it) binds a local `name`
/// and calls no function by the bare path `name(..)`: its bare mentions of `name` are the
/// local.
fn binds_local(files: &[super::WsFile<'_>], fi: usize, top: usize, name: &str) -> bool {
    let fns = &files[fi].model.fns;
    let binds = fns.iter().enumerate().any(|(i, g)| {
        super::func::outermost(fns, i) == top && g.locals.iter().any(|l| l.name == name)
    });
    binds
        && direct_calls_matching(
            files,
            fi,
            top,
            true,
            &|c| matches!(&c.callee, super::func::Callee::Path { segments } if segments.len() == 1 && segments[0] == name),
        ) == Some(0)
}

/// The names a path can give the module of a free function defined in the file at `path`
/// (inside the inline modules `module`): the file's stem (the directory's name for `mod.rs`)
/// and the inline module's name, as [`name_key`]s; `None` for a crate root (`lib.rs`,
/// `main.rs`), which other crates name by the crate's name.
fn module_names(path: &str, module: &str) -> Option<Vec<u64>> {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    if stem == "lib" || stem == "main" {
        return None;
    }
    let stem = if stem == "mod" {
        dir_of(path).rsplit(['/', '\\']).next().unwrap_or("")
    } else {
        stem
    };
    let mut out = vec![name_key(stem)];
    if let Some(m) = module.rsplit("::").next().filter(|m| !m.is_empty()) {
        out.push(name_key(m));
    }
    Some(out)
}

/// Whether some directory above the file at `path` is named `u` (a [`name_key`]; `-` read
/// as `_`, as a crate's name is written in paths).
fn in_dir_named(path: &str, u: u64) -> bool {
    let mut d = dir_of(path);
    while !d.is_empty() {
        let name = d.rsplit(['/', '\\']).next().unwrap_or(d);
        if name_key(&name.replace('-', "_")) == u {
            return true;
        }
        d = dir_of(d);
    }
    false
}

/// A file's directory, `/`-separated, without the file name (`""` at the top).
fn dir_of(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    match p.rfind(['/', '\\']) {
        Some(i) => &p[..i],
        None => "",
    }
}

impl Reachability {
    pub fn build(files: &[super::WsFile<'_>]) -> Reachability {
        // the directories of crate roots among the files
        let root_dirs: std::collections::HashSet<&str> = files
            .iter()
            .filter(|f| {
                let name = f.path.rsplit(['/', '\\']).next().unwrap_or("");
                name == "lib.rs" || name == "main.rs"
            })
            .map(|f| dir_of(f.path))
            .collect();
        let covered: Vec<bool> = files
            .iter()
            .map(|f| {
                let mut d = dir_of(f.path);
                loop {
                    if root_dirs.contains(d) {
                        return true;
                    }
                    if d.is_empty() {
                        return false;
                    }
                    d = dir_of(d);
                }
            })
            .collect();
        let bare = |name: &str| -> u64 { name_key(name.rsplit("::").next().unwrap_or(name)) };
        // the candidates: named production functions of covered files, by bare name
        let mut defs: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        let mut unreached: Vec<Vec<Option<Unreached>>> = Vec::with_capacity(files.len());
        for (fi, f) in files.iter().enumerate() {
            let m = f.model;
            let mut row = vec![None; m.fns.len()];
            if covered[fi] && !m.test_file {
                for (i, g) in m.fns.iter().enumerate() {
                    if g.parent.is_none() && !m.in_test(g.span) {
                        defs.entry(bare(&g.name)).or_default().push((fi, i));
                        row[i] = Some(Unreached::NoCaller);
                    }
                }
            }
            unreached.push(row);
        }
        // who mentions each defined name: production functions (forward lists), items, tests
        let mut fwd: HashMap<(usize, usize), Vec<u64>> = HashMap::new();
        let mut mentioned_by: HashMap<u64, Vec<(usize, u32)>> = HashMap::new();
        let mut in_item: Vec<u64> = Vec::new();
        // the names mentioned outside functions other than in `use` paths and `mod` names
        let mut valued_in_item: Vec<u64> = Vec::new();
        let mut in_tests: std::collections::HashSet<u64> = Default::default();
        for (fi, f) in files.iter().enumerate() {
            let m = f.model;
            // test code, per function (asked once, not per mention)
            let test_fn: Vec<bool> = m
                .fns
                .iter()
                .map(|g| m.test_file || m.in_test(g.span))
                .collect();
            let pairs = m.entry.mentioned.iter().zip(&m.entry.mentioned_in);
            for (&name, &o) in pairs {
                if !defs.contains_key(&name) {
                    continue;
                }
                {
                    let test = match o {
                        ITEM => false,
                        TEST_ITEM => true,
                        i => test_fn.get(i as usize).copied().unwrap_or(true),
                    };
                    if test {
                        in_tests.insert(name);
                        continue;
                    }
                    if o == ITEM {
                        in_item.push(name);
                        // a `use` path or `mod` name hands no function value anywhere
                        if !m.entry.only_declared(name) {
                            valued_in_item.push(name);
                        }
                        continue;
                    }
                    let list = mentioned_by.entry(name).or_default();
                    // two mentioners, and a third as "more than two"
                    if list.len() < 3 {
                        list.push((fi, o));
                    }
                    fwd.entry((fi, o as usize)).or_default().push(name);
                }
            }
        }
        let mut queue: VecDeque<(usize, usize)> = VecDeque::new();
        let mark = |unreached: &mut Vec<Vec<Option<Unreached>>>,
                    queue: &mut VecDeque<(usize, usize)>,
                    (fi, i): (usize, usize)| {
            if let Some(slot) = unreached.get_mut(fi).and_then(|r| r.get_mut(i))
                && slot.is_some()
            {
                *slot = None;
                queue.push_back((fi, i));
            }
        };
        // roots: every production function of a file the facts do not cover (their mentions
        // count), the files' roots, names mentioned outside functions, public functions that
        // nothing else mentions
        for (fi, f) in files.iter().enumerate() {
            let m = f.model;
            if !covered[fi] || m.test_file {
                for (i, g) in m.fns.iter().enumerate() {
                    if g.parent.is_none() && !m.in_test(g.span) {
                        queue.push_back((fi, i));
                    }
                }
                continue;
            }
            for (i, _) in &m.entry.roots {
                mark(&mut unreached, &mut queue, (fi, *i as usize));
            }
            for &i in &m.entry.public {
                let Some(g) = m.fns.get(i as usize) else {
                    continue;
                };
                let name = bare(&g.name);
                let others = mentioned_by
                    .get(&name)
                    .is_some_and(|l| l.iter().any(|&(ff, o)| (ff, o) != (fi, i)));
                if !others && !in_tests.contains(&name) {
                    mark(&mut unreached, &mut queue, (fi, i as usize));
                }
            }
        }
        for &name in &in_item {
            for &d in defs.get(&name).map(Vec::as_slice).unwrap_or(&[]) {
                mark(&mut unreached, &mut queue, d);
            }
        }
        while let Some(at) = queue.pop_front() {
            let Some(names) = fwd.get(&at) else { continue };
            for name in names {
                for &d in defs.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                    mark(&mut unreached, &mut queue, d);
                }
            }
        }
        // what is left: called only from tests (or from functions only tests reach), or
        // called by nothing
        for (fi, f) in files.iter().enumerate() {
            for (i, g) in f.model.fns.iter().enumerate() {
                if let Some(slot) = unreached[fi].get_mut(i)
                    && slot.is_some()
                {
                    let name = bare(&g.name);
                    let called = in_tests.contains(&name)
                        || mentioned_by
                            .get(&name)
                            .is_some_and(|l| l.iter().any(|&(ff, o)| (ff, o as usize) != (fi, i)));
                    *slot = Some(if called {
                        Unreached::OnlyTests
                    } else {
                        Unreached::NoCaller
                    });
                }
            }
        }
        let once = once_functions(
            files,
            &defs,
            &fwd,
            &mentioned_by,
            &in_item,
            &valued_in_item,
            &unreached,
        );
        Reachability { unreached, once }
    }

    /// Whether function `func` of `file` runs once per process: its named function is `main`
    /// or a database migration step ([`EntryFacts::migration_steps`], once per database),
    /// or every production function that mentions it runs once and calls it directly (not
    /// from a spawned closure, not as a future handed to `spawn` or `join`), and no enclosing
    /// closure of `func` is spawned. A race of such code with a second run of itself cannot
    /// happen in one process.
    pub fn runs_once(&self, files: &[super::WsFile<'_>], file: usize, func: usize) -> bool {
        let Some(f) = files.get(file) else {
            return false;
        };
        let fns = &f.model.fns;
        if func >= fns.len() {
            return false;
        }
        let top = super::func::outermost(fns, func);
        super::func::runs_in_place(fns, func, top)
            && self
                .once
                .get(file)
                .and_then(|r| r.get(top))
                .copied()
                .unwrap_or(false)
    }

    /// Why no production code runs function `func` of `file` (a closure or async block is
    /// asked about the named function it is in), or `None` when some can.
    pub fn unreached(
        &self,
        files: &[super::WsFile<'_>],
        file: usize,
        func: usize,
    ) -> Option<Unreached> {
        let fns = &files.get(file)?.model.fns;
        let top = super::func::outermost(fns, func);
        *self.unreached.get(file)?.get(top)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edition, FileModel, WsFile, build_file_model};
    use crate::source::SourceFile;

    fn lexed(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        lex_idents(text, |_, s| out.push(s));
        out
    }

    #[test]
    fn lexer_skips_comments_definitions_and_reads_strings() {
        let src = "/// doc_call()\nfn defined(a: u8) { helper(a); /* nested /* x_y */ z */ }\n\
                   #[serde(default = \"default_port\")] 'outer: loop { let c = 'q'; let d = '\\''; }\n\
                   r#\"raw \"quoted\" raw_word\"# r#foo x.0.len() 1u32 Self::build";
        assert_eq!(
            lexed(src),
            vec![
                "a",
                "u8",
                "helper",
                "a",
                "serde",
                "default",
                "default_port",
                "c",
                "d",
                "raw",
                "quoted",
                "raw_word",
                "foo",
                "x",
                "len",
                "build"
            ]
        );
    }

    #[test]
    fn lexer_survives_unterminated_literals() {
        for src in [
            "\"open", "r#\"open", "'", "'\\", "/* open", "fn", "r#", "b'",
        ] {
            let _ = lexed(src);
        }
    }

    pub(super) fn file(path: &str, src: &str) -> FileModel {
        let mut sf = SourceFile::new(path, src.to_string());
        sf.origin = None;
        let ast = crate::model::parse::parse(&sf.text).expect("parses");
        build_file_model(&ast, &sf, Edition::E2021)
    }

    fn verdicts(files: &[(&str, &str)]) -> Vec<(String, Option<Unreached>)> {
        let models: Vec<(String, FileModel)> = files
            .iter()
            .map(|(p, s)| (p.to_string(), file(p, s)))
            .collect();
        let ws: Vec<WsFile> = models
            .iter()
            .map(|(p, m)| WsFile { path: p, model: m })
            .collect();
        let reach = Reachability::build(&ws);
        let mut out = Vec::new();
        for (fi, f) in ws.iter().enumerate() {
            for (i, g) in f.model.fns.iter().enumerate() {
                if g.parent.is_none() && !f.model.test_file && !f.model.in_test(g.span) {
                    out.push((g.name.clone(), reach.unreached(&ws, fi, i)));
                }
            }
        }
        out
    }

    #[test]
    fn use_paths_and_mod_names_are_only_declared() {
        let src = "mod worker;\nuse crate::worker::{worker, helper};\npub use a::b as c;\n\
                   static TABLE: [fn(); 1] = [helper];\nmod inner { use super::deep; }\n\
                   fn main() { worker(); deep(); }\n";
        let m = file("src/main.rs", src);
        let declared = |n: &str| m.entry.only_declared(name_key(n));
        // only in `mod` and `use` items
        assert!(declared("worker"));
        assert!(declared("deep"));
        assert!(declared("b"));
        // also a value in a static: no
        assert!(!declared("helper"));
        // never mentioned outside functions
        assert!(!declared("main"));
    }

    #[test]
    fn only_tests_or_nothing_reach_a_function() {
        let lib = "mod a;\npub fn run() { a::used(); }\n";
        let a = "pub fn used() { helper() }\nfn helper() {}\n\
                 pub fn for_tests() { only_via_tests() }\nfn only_via_tests() {}\n\
                 fn dead() {}\npub fn api() {}\n\
                 pub(crate) fn callback() {}\npub fn register() -> fn() { callback }\n\
                 struct S;\nimpl S { fn method(&self) {} }\n\
                 impl Drop for S { fn drop(&mut self) {} }\n\
                 #[tauri::command]\nfn command() {}\n\
                 static TABLE: [fn(); 1] = [from_table];\nfn from_table() {}\n\
                 #[cfg(test)]\nmod tests { #[test] fn t() { super::S.method(); } }\n";
        let it = "#[test]\nfn it() { racy::for_tests(); }\n";
        let mut got = verdicts(&[("src/lib.rs", lib), ("src/a.rs", a), ("tests/it.rs", it)]);
        let mut want: Vec<(String, Option<Unreached>)> = vec![
            ("run".into(), None),
            ("used".into(), None),
            ("helper".into(), None),
            ("for_tests".into(), Some(Unreached::OnlyTests)),
            ("only_via_tests".into(), Some(Unreached::OnlyTests)),
            ("dead".into(), Some(Unreached::NoCaller)),
            ("api".into(), None),
            ("callback".into(), None),
            ("register".into(), None),
            ("S::method".into(), Some(Unreached::OnlyTests)),
            ("S::drop".into(), None),
            ("command".into(), None),
            ("from_table".into(), None),
        ];
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn without_the_crate_root_every_function_is_reached() {
        let a = "fn dead() {}\npub fn for_tests() {}\n#[test]\nfn t() { for_tests() }\n";
        assert!(
            verdicts(&[("src/a.rs", a)])
                .iter()
                .all(|(_, v)| v.is_none())
        );
    }
}

#[cfg(test)]
mod once_tests {
    use super::*;
    use crate::model::{FileModel, WsFile};

    fn once_of(files: &[(&str, &str)]) -> Vec<String> {
        let models: Vec<(String, FileModel)> = files
            .iter()
            .map(|(p, s)| (p.to_string(), super::tests::file(p, s)))
            .collect();
        let ws: Vec<WsFile> = models
            .iter()
            .map(|(p, m)| WsFile { path: p, model: m })
            .collect();
        let reach = Reachability::build(&ws);
        let mut out = Vec::new();
        for (fi, f) in ws.iter().enumerate() {
            for (i, g) in f.model.fns.iter().enumerate() {
                if g.parent.is_none() && reach.runs_once(&ws, fi, i) {
                    out.push(g.name.clone());
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn qualified_calls_resolve_ambiguous_names() {
        let main = "mod app;\nfn main() { let s = app::Server::new(1); app::run(s); }\n";
        let app = "pub struct Server;\nimpl Server {\n\
                   pub fn new(x: u32) -> Server { let c = Cache::new(); Self::setup(x); Server }\n\
                   fn setup(x: u32) {}\n\
                   fn handle(&self) { Cache::new(); }\n}\n\
                   pub struct Cache;\nimpl Cache {\n\
                   pub fn new() -> Cache { Cache }\n\
                   pub fn setup(&self) {}\n\
                   pub fn run(&self) {}\n}\n\
                   pub fn run(s: Server) { std::thread::spawn(move || s.handle()); }\n";
        assert_eq!(
            once_of(&[("src/main.rs", main), ("src/app.rs", app)]),
            vec!["Server::new", "Server::setup", "main", "run"]
        );
        // another module's `run`, called bare in its own file from a spawned closure, and the
        // word in a string, name some other `run`; a glob import could name this one
        let worker = "pub fn run() {}\npub fn start() { std::thread::spawn(|| run()); }\n\
                      pub fn say() { println!(\"run it\"); }\n";
        let main2 = "mod app;\nmod worker;\n\
                     fn main() { let s = app::Server::new(1); worker::start(); app::run(s); }\n";
        assert_eq!(
            once_of(&[
                ("src/main.rs", main2),
                ("src/app.rs", app),
                ("src/worker.rs", worker)
            ]),
            vec!["Server::new", "Server::setup", "main", "run", "start"]
        );
        let globbed = format!("use crate::app::*;\n{worker}");
        assert_eq!(
            once_of(&[
                ("src/main.rs", main2),
                ("src/app.rs", app),
                ("src/worker.rs", &globbed)
            ]),
            vec!["Server::new", "Server::setup", "main", "start"]
        );
    }

    #[test]
    fn constructors_and_self_calls_resolve() {
        let main = "use std::sync::OnceLock;\nstatic DB: OnceLock<u32> = OnceLock::new();\n\
                    struct Db;\nimpl Db { fn init(x: u32) { let _ = DB.set(x); } }\n\
                    struct Server;\n\
                    impl Server { fn new() -> Server { Self::setup(); Db::init(3); Server }\n\
                    fn setup() {} }\n\
                    struct Pool;\nimpl Pool { fn new() -> Pool { Pool } fn init() {} }\n\
                    fn main() { let _s = Server::new(); std::thread::spawn(|| Pool::new()); }\n\
                    fn handler() { Pool::init(); }\n";
        assert_eq!(
            once_of(&[("src/main.rs", main)]),
            vec!["Db::init", "Server::new", "Server::setup", "main"]
        );
    }
}
