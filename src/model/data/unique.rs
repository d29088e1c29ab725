//! Unique constraints the workspace declares, per table and column set: the database guard
//! that turns a racing duplicate insert into a unique-violation error.
//!
//! Read from SQL (`*.sql` files of the linted tree — diesel and sqlx migrations — and SQL
//! string literals in Rust, `execute_unprepared("CREATE UNIQUE INDEX ..")`): `CREATE UNIQUE
//! INDEX .. ON t (a, b)`, `UNIQUE (a, b)` and `PRIMARY KEY (..)` table constraints, column
//! `UNIQUE` / `PRIMARY KEY`, `ALTER TABLE .. ADD [CONSTRAINT c] UNIQUE (..)`; from SeaORM
//! migrations (`Index::create().table(T::Table).col(T::A).unique()`,
//! `ColumnDef::new(T::A).unique_key()` / `.primary_key()`, `string_uniq(T::A)`, `pk_auto(..)`)
//! and entities (`#[sea_orm(table_name = "t")]` with `#[sea_orm(unique)]` /
//! `#[sea_orm(primary_key)]` fields); and from diesel's `table! { users (id) { .. } }`
//! primary keys. Table names are compared in one spelling ([`table_key`]): `entries`,
//! `Entries::Table`, `entry::Entity`, `Entry` agree.

use super::orm::snake;
use crate::model::func::path_segments;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use syn::visit::Visit;

/// The column name a query on a table's primary key (`find(id)`, `find_by_id(id)`) checks.
pub const PRIMARY: &str = "#pk";

/// One unique constraint (or primary key) on a table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UniqueKey {
    /// The table as declared.
    pub table: String,
    /// The columns as declared, in order.
    pub cols: Vec<String>,
    pub primary: bool,
}

/// A table name in one spelling: lower-case, no `_`, singular (`entries`, `Entries`,
/// `entry` -> `entry`; `users` -> `user`; `addresses` -> `address`). Schema qualifiers are
/// dropped.
pub fn table_key(name: &str) -> String {
    let name = name.rsplit(['.', ':']).next().unwrap_or(name);
    let s = name.to_ascii_lowercase().replace(['_', '"', '`'], "");
    if let Some(r) = s.strip_suffix("ies").filter(|r| !r.is_empty()) {
        return format!("{r}y");
    }
    if let Some(r) = s
        .strip_suffix("es")
        .filter(|r| r.ends_with('s') || r.ends_with("sh") || r.ends_with("ch") || r.ends_with('x'))
    {
        return r.to_string();
    }
    if s.ends_with("us") || s.ends_with("ss") || s.ends_with("is") {
        return s;
    }
    s.strip_suffix('s')
        .filter(|r| !r.is_empty())
        .unwrap_or(&s)
        .to_string()
}

/// A column name in one spelling: lower-case, no `_` (`ContentUuid`, `content_uuid`).
pub fn col_key(name: &str) -> String {
    if name == PRIMARY {
        return name.to_string();
    }
    let name = name.rsplit(['.', ':']).next().unwrap_or(name);
    name.to_ascii_lowercase().replace(['_', '"', '`'], "")
}

/// The unique constraints of the workspace, by [`table_key`].
#[derive(Debug, Default)]
pub struct UniqueIndex {
    by_table: BTreeMap<String, Vec<(Vec<String>, UniqueKey)>>,
}

impl UniqueIndex {
    pub fn build<'k>(keys: impl IntoIterator<Item = &'k UniqueKey>) -> UniqueIndex {
        let mut by_table: BTreeMap<String, Vec<(Vec<String>, UniqueKey)>> = BTreeMap::new();
        for k in keys {
            if k.cols.is_empty() || k.table.is_empty() {
                continue;
            }
            let cols: Vec<String> = k.cols.iter().map(|c| col_key(c)).collect();
            let v = by_table.entry(table_key(&k.table)).or_default();
            if !v.iter().any(|(c, o)| *c == cols && o.primary == k.primary) {
                v.push((cols, k.clone()));
            }
        }
        for v in by_table.values_mut() {
            v.sort();
        }
        UniqueIndex { by_table }
    }

    pub fn is_empty(&self) -> bool {
        self.by_table.is_empty()
    }

    /// The unique constraint on `table` whose columns are all among `cols` (the columns a
    /// lookup filters on by equality; [`PRIMARY`] for a lookup by primary key): two rows
    /// that agree on `cols` cannot both exist. The narrowest one.
    pub fn covering(&self, table: &str, cols: &[String]) -> Option<&UniqueKey> {
        let keys: Vec<String> = cols.iter().map(|c| col_key(c)).collect();
        self.by_table
            .get(&table_key(table))?
            .iter()
            .filter(|(c, k)| {
                // an index column `lower(a)` covers a lookup by `lower(a)` and one by `a`
                // (equal values have equal lower-case forms); a plain `a` does not cover a
                // case-insensitive lookup by `lower(a)`: `Ann` and `ann` race past it
                c.iter().all(|c| {
                    keys.contains(c)
                        || c.strip_prefix("lower(")
                            .and_then(|i| i.strip_suffix(')'))
                            .is_some_and(|i| keys.iter().any(|k| k == i))
                }) || (k.primary && keys.iter().any(|c| c == PRIMARY))
            })
            .min_by_key(|(c, _)| c.len())
            .map(|(_, k)| k)
    }
}

// ---------------------------------------------------------------------------------------
// SQL

#[derive(Clone, Debug, PartialEq)]
enum T {
    /// A word: keyword or identifier (quoted identifiers never match a keyword).
    W(String, bool),
    L,
    R,
    Comma,
    Semi,
    Dot,
    Other,
}

fn tokens(sql: &str) -> Vec<T> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = sqlparser::dialect::GenericDialect {};
    let toks = match Tokenizer::new(&dialect, sql).tokenize() {
        Ok(t) => t,
        // a statement the tokenizer rejects (an odd dollar quote, a dialect's literal): the
        // statements are tokenized one by one and the bad ones skipped
        Err(_) if sql.contains(';') => {
            let mut out = Vec::new();
            for part in sql.split(';') {
                if let Ok(t) = Tokenizer::new(&dialect, part).tokenize() {
                    out.extend(t);
                    out.push(Token::SemiColon);
                }
            }
            out
        }
        Err(_) => return Vec::new(),
    };
    toks.into_iter()
        .filter_map(|t| match t {
            Token::Whitespace(_) | Token::EOF => None,
            Token::Word(w) => Some(T::W(w.value, w.quote_style.is_some())),
            Token::LParen => Some(T::L),
            Token::RParen => Some(T::R),
            Token::Comma => Some(T::Comma),
            Token::SemiColon => Some(T::Semi),
            Token::Period => Some(T::Dot),
            _ => Some(T::Other),
        })
        .collect()
}

/// Whether SQL text may declare a unique constraint: the cheap test before tokenizing.
fn may_declare(sql: &str) -> bool {
    let l = sql.to_ascii_lowercase();
    (l.contains("unique") || l.contains("primary")) && (l.contains("create") || l.contains("alter"))
}

/// The unique constraints an SQL script declares. Never fails: what does not read as DDL is
/// skipped.
pub fn from_sql(sql: &str) -> Vec<UniqueKey> {
    let mut out = Vec::new();
    if !may_declare(sql) {
        return out;
    }
    let toks = tokens(sql);
    for stmt in toks.split(|t| *t == T::Semi) {
        statement(stmt, &mut out);
    }
    out
}

/// A rename an SQL script makes: `ALTER TABLE t RENAME [COLUMN] a TO b` (`table: t`,
/// `col: Some(a)`) or `ALTER TABLE t RENAME TO u` (`col: None`). A unique index follows its
/// column (or table) through a rename, so the keys declared by the scripts before it are
/// renamed ([`apply_renames`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Rename {
    pub table: String,
    pub col: Option<String>,
    pub to: String,
}

/// The renames of an SQL script, in order.
pub fn renames(sql: &str) -> Vec<Rename> {
    let mut out = Vec::new();
    if !sql.to_ascii_lowercase().contains("rename") {
        return out;
    }
    for t in tokens(sql).split(|t| *t == T::Semi) {
        let mut p = P { t, i: 0 };
        if !p.eat_all(&["ALTER", "TABLE"]) {
            continue;
        }
        p.eat_all(&["IF", "EXISTS"]);
        p.eat("ONLY");
        let Some(table) = p.name() else { continue };
        if !p.eat("RENAME") {
            continue;
        }
        if p.eat("TO") {
            if let Some(to) = p.name() {
                out.push(Rename {
                    table,
                    col: None,
                    to,
                });
            }
            continue;
        }
        if p.kw("CONSTRAINT") {
            continue;
        }
        p.eat("COLUMN");
        let (Some(col), true, Some(to)) = (p.name(), p.eat("TO"), p.name()) else {
            continue;
        };
        out.push(Rename {
            table,
            col: Some(col),
            to,
        });
    }
    out
}

/// Renames the tables and columns of `keys` (declared before the renames ran).
pub fn apply_renames(keys: &mut [UniqueKey], renames: &[Rename]) {
    for r in renames {
        for k in keys.iter_mut() {
            if table_key(&k.table) != table_key(&r.table) {
                continue;
            }
            match &r.col {
                None => k.table = r.to.clone(),
                Some(c) => {
                    for kc in &mut k.cols {
                        let (fold, inner) =
                            match kc.strip_prefix("lower(").and_then(|i| i.strip_suffix(')')) {
                                Some(i) => (true, i.to_string()),
                                None => (false, kc.clone()),
                            };
                        if col_key(&inner) == col_key(c) {
                            *kc = if fold {
                                format!("lower({})", r.to)
                            } else {
                                r.to.clone()
                            };
                        }
                    }
                }
            }
        }
    }
}

struct P<'t> {
    t: &'t [T],
    i: usize,
}

impl P<'_> {
    fn kw(&self, k: &str) -> bool {
        matches!(self.t.get(self.i), Some(T::W(w, false)) if w.eq_ignore_ascii_case(k))
    }
    fn eat(&mut self, k: &str) -> bool {
        let b = self.kw(k);
        if b {
            self.i += 1;
        }
        b
    }
    fn eat_all(&mut self, ks: &[&str]) -> bool {
        let save = self.i;
        for k in ks {
            if !self.eat(k) {
                self.i = save;
                return false;
            }
        }
        true
    }
    /// A possibly qualified name (`public.users`): its last part.
    fn name(&mut self) -> Option<String> {
        let mut last = None;
        loop {
            match self.t.get(self.i) {
                Some(T::W(w, _)) => {
                    last = Some(w.clone());
                    self.i += 1;
                }
                _ => return last,
            }
            if self.t.get(self.i) == Some(&T::Dot) {
                self.i += 1;
            } else {
                return last;
            }
        }
    }
    /// The parenthesised group starting at the cursor, split at its top-level commas; the
    /// cursor moves past it.
    fn group(&mut self) -> Option<Vec<&[T]>> {
        if self.t.get(self.i) != Some(&T::L) {
            return None;
        }
        let start = self.i + 1;
        let mut depth = 0usize;
        let mut parts = Vec::new();
        let mut from = start;
        let mut j = self.i;
        while j < self.t.len() {
            match self.t[j] {
                T::L => depth += 1,
                T::R => {
                    depth -= 1;
                    if depth == 0 {
                        parts.push(&self.t[from..j]);
                        self.i = j + 1;
                        return Some(parts);
                    }
                }
                T::Comma if depth == 1 => {
                    parts.push(&self.t[from..j]);
                    from = j + 1;
                }
                _ => {}
            }
            j += 1;
        }
        None
    }
}

const NOT_COLUMNS: &[&str] = &["asc", "desc", "nulls", "first", "last", "collate"];

/// The column of an index element: `a`, `"a" DESC`, `lower(a)`, `a text_pattern_ops`.
/// A case-folded element (`lower(a)`, `upper(a)`) is `lower(a)`: it rejects two values that
/// differ only in case, so it covers a lookup by `a` and one by `lower(a)`
/// ([`UniqueIndex::covering`]).
fn element_col(e: &[T]) -> Option<String> {
    let mut fold = false;
    for (k, t) in e.iter().enumerate() {
        if let T::W(w, q) = t {
            if e.get(k + 1) == Some(&T::L) {
                // a function name
                fold |= ["lower", "upper"].iter().any(|f| w.eq_ignore_ascii_case(f));
                continue;
            }
            if !q && NOT_COLUMNS.iter().any(|n| w.eq_ignore_ascii_case(n)) {
                continue;
            }
            return Some(if fold {
                format!("lower({w})")
            } else {
                w.clone()
            });
        }
    }
    None
}

fn cols_of(parts: &[&[T]]) -> Vec<String> {
    let cols: Vec<String> = parts.iter().filter_map(|e| element_col(e)).collect();
    if cols.len() == parts.len() {
        cols
    } else {
        Vec::new()
    }
}

fn push(out: &mut Vec<UniqueKey>, table: &str, cols: Vec<String>, primary: bool) {
    if cols.is_empty() || table.is_empty() {
        return;
    }
    let k = UniqueKey {
        table: table.to_string(),
        cols,
        primary,
    };
    if !out.contains(&k) {
        out.push(k);
    }
}

fn statement(t: &[T], out: &mut Vec<UniqueKey>) {
    let mut p = P { t, i: 0 };
    if p.eat("CREATE") {
        p.eat_all(&["OR", "REPLACE"]);
        let unique = p.eat("UNIQUE");
        p.eat("CLUSTERED");
        p.eat("NONCLUSTERED");
        if p.eat("INDEX") {
            if !unique {
                return;
            }
            p.eat("CONCURRENTLY");
            p.eat_all(&["IF", "NOT", "EXISTS"]);
            if !p.kw("ON") {
                p.name();
            }
            if !p.eat("ON") {
                return;
            }
            p.eat("ONLY");
            let Some(table) = p.name() else { return };
            if p.eat("USING") {
                p.name();
            }
            if let Some(parts) = p.group() {
                push(out, &table, cols_of(&parts), false);
            }
            return;
        }
        for k in ["GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED"] {
            p.eat(k);
        }
        if !p.eat("TABLE") {
            return;
        }
        p.eat_all(&["IF", "NOT", "EXISTS"]);
        let Some(table) = p.name() else { return };
        let Some(parts) = p.group() else { return };
        for def in parts {
            table_element(def, &table, out);
        }
    } else if p.eat("ALTER") && p.eat("TABLE") {
        p.eat_all(&["IF", "EXISTS"]);
        p.eat("ONLY");
        let Some(table) = p.name() else { return };
        // `ADD [CONSTRAINT c] UNIQUE (..)`, `ADD [COLUMN] c type UNIQUE`, comma-separated
        let rest = &t[p.i..];
        let mut depth = 0usize;
        let mut from = 0;
        for (j, tok) in rest.iter().enumerate() {
            match tok {
                T::L => depth += 1,
                T::R => depth = depth.saturating_sub(1),
                T::Comma if depth == 0 => {
                    alter_action(&rest[from..j], &table, out);
                    from = j + 1;
                }
                _ => {}
            }
        }
        alter_action(&rest[from..], &table, out);
    }
}

fn alter_action(a: &[T], table: &str, out: &mut Vec<UniqueKey>) {
    let mut p = P { t: a, i: 0 };
    if !p.eat("ADD") {
        return;
    }
    p.eat("COLUMN");
    p.eat_all(&["IF", "NOT", "EXISTS"]);
    table_element(&a[p.i..], table, out);
}

/// One element of `CREATE TABLE t ( .. )`: a table constraint or a column definition.
fn table_element(def: &[T], table: &str, out: &mut Vec<UniqueKey>) {
    let mut p = P { t: def, i: 0 };
    if p.eat("CONSTRAINT") {
        p.name();
    }
    if p.eat("UNIQUE") {
        p.eat("KEY");
        p.eat("INDEX");
        p.eat_all(&["NULLS", "NOT", "DISTINCT"]);
        if p.t.get(p.i) != Some(&T::L) {
            p.name();
        }
        if let Some(parts) = p.group() {
            push(out, table, cols_of(&parts), false);
        }
        return;
    }
    if p.eat_all(&["PRIMARY", "KEY"]) {
        if let Some(parts) = p.group() {
            push(out, table, cols_of(&parts), true);
        }
        return;
    }
    for k in [
        "FOREIGN", "CHECK", "KEY", "INDEX", "EXCLUDE", "FULLTEXT", "SPATIAL",
    ] {
        if p.kw(k) {
            return;
        }
    }
    // a column: `name type .. UNIQUE | PRIMARY KEY ..` (at the top level of the definition)
    let Some(T::W(col, _)) = def.get(p.i) else {
        return;
    };
    let mut depth = 0usize;
    let mut j = p.i + 1;
    while j < def.len() {
        match &def[j] {
            T::L => depth += 1,
            T::R => depth = depth.saturating_sub(1),
            T::W(w, false) if depth == 0 => {
                if w.eq_ignore_ascii_case("UNIQUE") {
                    push(out, table, vec![col.clone()], false);
                } else if w.eq_ignore_ascii_case("PRIMARY")
                    && matches!(def.get(j + 1), Some(T::W(k, false)) if k.eq_ignore_ascii_case("KEY"))
                {
                    push(out, table, vec![col.clone()], true);
                } else if w.eq_ignore_ascii_case("REFERENCES") {
                    // `REFERENCES t (id)`: the rest names another table
                    return;
                }
            }
            _ => {}
        }
        j += 1;
    }
}

// ---------------------------------------------------------------------------------------
// Rust: SeaORM migrations and entities, diesel `table!`, SQL string literals

/// Whether a Rust file may declare a unique constraint: the cheap test before its walk.
pub fn rust_may_declare(text: &str) -> bool {
    text.contains("unique")
        || text.contains("UNIQUE")
        || text.contains("primary_key")
        || text.contains("PRIMARY")
        || text.contains("_uniq")
        || text.contains("pk_")
        || text.contains("table!")
}

/// The unique constraints a Rust file declares.
pub fn from_rust(file: &syn::File, text: &str, path: &str) -> Vec<UniqueKey> {
    if !rust_may_declare(text) {
        return Vec::new();
    }
    // the module a SeaORM entity is named by (`TargetRoleAssignment::Entity`): the file's stem
    let stem = path
        .rsplit(['/', '\\'])
        .next()
        .and_then(|f| f.strip_suffix(".rs"))
        .unwrap_or("");
    let mut v = RustV {
        out: Vec::new(),
        inner: Default::default(),
        modules: vec![stem.to_string()],
    };
    v.visit_file(file);
    let mut out = v.out;
    out.sort();
    out.dedup();
    out
}

struct RustV {
    out: Vec<UniqueKey>,
    inner: std::collections::HashSet<usize>,
    /// The file's stem, then the inline modules around the walk.
    modules: Vec<String>,
}

/// Module names that do not name one entity.
const GENERIC_MODULES: &[&str] = &[
    "", "mod", "lib", "main", "model", "models", "entity", "entities", "schema", "prelude",
];

/// `T::Table` / `entry::Entity` / `"entries"` / `Alias::new("entries")` -> the table.
fn table_arg(e: &syn::Expr) -> Option<String> {
    if let Some(s) = str_arg(e) {
        return Some(s);
    }
    let segs = path_segments(peel(e))?;
    match segs.as_slice() {
        [.., t, last] if last == "Table" || last == "Entity" => Some(snake(t)),
        [one] if one != "Table" => Some(snake(one)),
        _ => None,
    }
}

/// `T::ContentUuid` / `entry::Column::Uuid` / `"content_uuid"` -> the column.
fn col_arg(e: &syn::Expr) -> Option<String> {
    if let Some(s) = str_arg(e) {
        return Some(s);
    }
    let segs = path_segments(peel(e))?;
    segs.last().map(|s| snake(s))
}

fn str_arg(e: &syn::Expr) -> Option<String> {
    match peel(e) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        // `Alias::new("name")`
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let segs = path_segments(&c.func)?;
            (segs.len() >= 2 && segs[segs.len() - 2] == "Alias")
                .then(|| str_arg(&c.args[0]))
                .flatten()
        }
        _ => None,
    }
}

fn peel(e: &syn::Expr) -> &syn::Expr {
    match e {
        syn::Expr::Reference(r) => peel(&r.expr),
        syn::Expr::Paren(p) => peel(&p.expr),
        syn::Expr::Group(g) => peel(&g.expr),
        _ => e,
    }
}

/// A method chain's links, innermost first, and its base.
fn chain(e: &syn::Expr) -> (Vec<&syn::ExprMethodCall>, &syn::Expr) {
    let mut links = Vec::new();
    let mut cur = peel(e);
    loop {
        match cur {
            syn::Expr::MethodCall(m) => {
                links.push(m);
                cur = peel(&m.receiver);
            }
            syn::Expr::Try(t) => cur = peel(&t.expr),
            syn::Expr::Await(a) => cur = peel(&a.base),
            _ => break,
        }
    }
    links.reverse();
    (links, cur)
}

/// `X::create()`: the type name.
fn create_of(base: &syn::Expr) -> Option<(String, String)> {
    let syn::Expr::Call(c) = base else {
        return None;
    };
    let segs = path_segments(&c.func)?;
    match segs.as_slice() {
        [.., ty, f] => Some((ty.clone(), f.clone())),
        [f] => Some((String::new(), f.clone())),
        _ => None,
    }
}

impl RustV {
    /// `Index::create()...table(T::Table).col(T::A).unique()`: with `table` the table of an
    /// enclosing `Table::create()` when the index has none of its own.
    fn index_chain(&mut self, links: &[&syn::ExprMethodCall], table: Option<&str>, primary: bool) {
        let mut t = table.map(str::to_string);
        let mut cols = Vec::new();
        let mut unique = primary;
        let mut pk = primary;
        for l in links {
            let m = l.method.to_string();
            match m.as_str() {
                "table" => t = l.args.first().and_then(table_arg).or(t),
                "col" => match l.args.first().and_then(col_arg) {
                    Some(c) => cols.push(c),
                    None => return,
                },
                "unique" => unique = true,
                "primary" => {
                    unique = true;
                    pk = true;
                }
                _ => {}
            }
        }
        if unique && let Some(t) = t {
            push(&mut self.out, &t, cols, pk);
        }
    }

    /// `Table::create().table(T::Table).col(ColumnDef::new(T::A)..unique_key())..`.
    fn table_chain(&mut self, links: &[&syn::ExprMethodCall]) {
        let Some(table) = links
            .iter()
            .find(|l| l.method == "table")
            .and_then(|l| l.args.first())
            .and_then(table_arg)
        else {
            return;
        };
        for l in links {
            let m = l.method.to_string();
            let Some(arg) = l.args.first() else { continue };
            match m.as_str() {
                "col" | "add_column" | "modify_column" => {
                    let (clinks, base) = chain(arg);
                    let Some((ty, f)) = create_of(base) else {
                        continue;
                    };
                    let syn::Expr::Call(c) = base else { continue };
                    let Some(col) = c.args.first().and_then(col_arg) else {
                        continue;
                    };
                    let by_fn_unique = f.ends_with("_uniq") || f.ends_with("_unique");
                    let by_fn_pk = f.starts_with("pk_");
                    if ty != "ColumnDef" && !by_fn_unique && !by_fn_pk {
                        continue;
                    }
                    let pk = by_fn_pk || clinks.iter().any(|l| l.method == "primary_key");
                    let unique = by_fn_unique
                        || clinks
                            .iter()
                            .any(|l| l.method == "unique_key" || l.method == "unique");
                    if pk {
                        push(&mut self.out, &table, vec![col], true);
                    } else if unique {
                        push(&mut self.out, &table, vec![col], false);
                    }
                }
                "primary_key" | "index" => {
                    let (ilinks, base) = chain(arg);
                    if create_of(base).is_some_and(|(ty, _)| ty == "Index") {
                        self.index_chain(&ilinks, Some(&table), m == "primary_key");
                    }
                }
                _ => {}
            }
        }
    }

    /// `#[sea_orm(table_name = "t")] struct Model { #[sea_orm(unique)] a, .. }`.
    fn entity(&mut self, s: &syn::ItemStruct) {
        let Some(table) = s.attrs.iter().find_map(|a| {
            let words = attr_words(a, "sea_orm")?;
            let i = words.iter().position(|w| w == "table_name")?;
            words.get(i + 1).map(|t| t.trim_matches('"').to_string())
        }) else {
            return;
        };
        let mut pk = Vec::new();
        let mut uniq = Vec::new();
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &s.fields {
            let Some(name) = &f.ident else { continue };
            let name = name.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
            for a in &f.attrs {
                let Some(words) = attr_words(a, "sea_orm") else {
                    continue;
                };
                let col = words
                    .iter()
                    .position(|w| w == "column_name")
                    .and_then(|i| words.get(i + 1))
                    .map(|c| c.trim_matches('"').to_string())
                    .unwrap_or_else(|| name.clone());
                if words.iter().any(|w| w == "primary_key") {
                    pk.push(col.clone());
                }
                if words.iter().any(|w| w == "unique") {
                    uniq.push(col.clone());
                }
                if let Some(i) = words.iter().position(|w| w == "unique_key")
                    && let Some(g) = words.get(i + 1)
                {
                    groups.entry(g.clone()).or_default().push(col.clone());
                }
            }
        }
        // the entity is named by its module in queries (`target_role_assignment::Entity`,
        // `TargetRoleAssignment::Entity` for the table `target_roles`): its keys under that
        // name too, where it differs
        let module = self
            .modules
            .last()
            .filter(|m| !GENERIC_MODULES.contains(&m.as_str()))
            .filter(|m| table_key(m) != table_key(&table))
            .cloned();
        for t in std::iter::once(table).chain(module) {
            push(&mut self.out, &t, pk.clone(), true);
            for cols in groups.values() {
                push(&mut self.out, &t, cols.clone(), false);
            }
            for c in &uniq {
                push(&mut self.out, &t, vec![c.clone()], false);
            }
        }
    }

    /// diesel `table! { users (id) { .. } }`: the primary key (`id` when not named).
    fn diesel_table(&mut self, mac: &syn::Macro) {
        use proc_macro2::TokenTree;
        let toks: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
        let mut i = 0;
        // attributes: `#[sql_name = ".."]`
        while i + 1 < toks.len() && matches!(&toks[i], TokenTree::Punct(p) if p.as_char() == '#') {
            i += 2;
        }
        let mut name = None;
        while let Some(TokenTree::Ident(id)) = toks.get(i) {
            name = Some(id.to_string());
            i += 1;
            if matches!(toks.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '.') {
                i += 1;
            } else {
                break;
            }
        }
        let Some(name) = name else { return };
        let cols = match toks.get(i) {
            Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis => g
                .stream()
                .into_iter()
                .filter_map(|t| match t {
                    TokenTree::Ident(id) => Some(id.to_string()),
                    _ => None,
                })
                .collect(),
            Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                vec!["id".to_string()]
            }
            _ => return,
        };
        push(&mut self.out, &name, cols, true);
    }
}

/// The words and string literals of `#[name(..)]`, in order (`table_name`, `"posts"`).
fn attr_words(a: &syn::Attribute, name: &str) -> Option<Vec<String>> {
    if !a.path().is_ident(name) {
        return None;
    }
    let syn::Meta::List(l) = &a.meta else {
        return None;
    };
    Some(
        l.tokens
            .clone()
            .into_iter()
            .filter_map(|t| match t {
                proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
                proc_macro2::TokenTree::Literal(l) => Some(l.to_string()),
                _ => None,
            })
            .collect(),
    )
}

impl<'ast> Visit<'ast> for RustV {
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if let syn::Expr::MethodCall(_) = e
            && !self.inner.contains(&(e as *const syn::Expr as usize))
        {
            let (links, base) = chain(e);
            // the inner links are part of this chain: not looked at again as chains
            let mut cur: &syn::Expr = e;
            loop {
                match peel(cur) {
                    syn::Expr::MethodCall(m) => {
                        self.inner.insert(cur as *const syn::Expr as usize);
                        cur = &m.receiver;
                    }
                    syn::Expr::Try(t) => cur = &t.expr,
                    syn::Expr::Await(a) => cur = &a.base,
                    _ => break,
                }
            }
            match create_of(base) {
                Some((ty, f)) if ty == "Index" && f == "create" => {
                    self.index_chain(&links, None, false)
                }
                Some((ty, f)) if ty == "Table" && (f == "create" || f == "alter") => {
                    self.table_chain(&links)
                }
                _ => {}
            }
        }
        syn::visit::visit_expr(self, e);
    }
    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        let v = s.value();
        if may_declare(&v) {
            self.out.extend(from_sql(&v));
        }
    }
    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        self.entity(s);
        syn::visit::visit_item_struct(self, s);
    }
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.modules.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.modules.pop();
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if m.path.segments.last().is_some_and(|s| s.ident == "table") {
            self.diesel_table(m);
        } else if let Ok(args) = m.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) {
            // `sqlx::query!("CREATE UNIQUE INDEX ..")`, `format!(..)`: string literals
            for a in &args {
                self.visit_expr(a);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(sql: &str) -> Vec<(String, Vec<String>, bool)> {
        from_sql(sql)
            .into_iter()
            .map(|k| (k.table, k.cols, k.primary))
            .collect()
    }

    #[test]
    fn renames_follow_the_index() {
        let mut k = keys(
            "CREATE UNIQUE INDEX idx ON community (lower(actor_id)); CREATE TABLE person (id INT PRIMARY KEY, name TEXT UNIQUE);",
        );
        let r = renames(
            "ALTER TABLE community RENAME actor_id TO ap_id; ALTER TABLE IF EXISTS person RENAME TO users; ALTER TABLE x RENAME CONSTRAINT a TO b;",
        );
        assert_eq!(r.len(), 2);
        let mut ks: Vec<UniqueKey> = k
            .drain(..)
            .map(|(table, cols, primary)| UniqueKey {
                table,
                cols,
                primary,
            })
            .collect();
        apply_renames(&mut ks, &r);
        assert_eq!(ks[0].cols, vec!["lower(ap_id)".to_string()]);
        assert_eq!(ks[1].table, "users");
        assert_eq!(ks[2].table, "users");
    }

    #[test]
    fn sql_forms() {
        let k = keys(
            r#"CREATE TABLE IF NOT EXISTS "users" (
                id SERIAL PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                org_id INT REFERENCES orgs (id),
                email TEXT,
                CONSTRAINT users_org_email UNIQUE (org_id, "email")
            );
            CREATE UNIQUE INDEX IF NOT EXISTS idx_lower ON public.community (lower(actor_id));
            CREATE INDEX idx_plain ON community (name);
            ALTER TABLE posts ADD CONSTRAINT posts_slug_key UNIQUE (slug), ADD COLUMN ap_id TEXT UNIQUE;
            CREATE TABLE pairs (a INT, b INT, PRIMARY KEY (a, b));"#,
        );
        let s = |t: &str, c: &[&str], p: bool| {
            (
                t.to_string(),
                c.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                p,
            )
        };
        assert_eq!(
            k,
            vec![
                s("users", &["id"], true),
                s("users", &["name"], false),
                s("users", &["org_id", "email"], false),
                s("community", &["lower(actor_id)"], false),
                s("posts", &["slug"], false),
                s("posts", &["ap_id"], false),
                s("pairs", &["a", "b"], true),
            ]
        );
    }

    #[test]
    fn sql_junk_never_fails() {
        for s in [
            "CREATE UNIQUE INDEX",
            "CREATE UNIQUE INDEX x ON",
            "CREATE TABLE t (",
            "ALTER TABLE t ADD UNIQUE",
            "CREATE UNIQUE INDEX i ON t ((((",
            "create table $$ unique ' primary",
            ")))) CREATE TABLE t (a int unique",
        ] {
            let _ = from_sql(s);
        }
        assert!(from_sql("CREATE INDEX i ON t (a)").is_empty());
    }

    #[test]
    fn covering_and_names() {
        let ks = from_sql(
            "CREATE TABLE entries (id INTEGER PRIMARY KEY, uuid TEXT);
             CREATE UNIQUE INDEX i ON sidecars (content_uuid, kind, variant);",
        );
        let ix = UniqueIndex::build(&ks);
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(
            ix.covering("sidecar", &c(&["ContentUuid", "kind", "variant", "x"]))
                .is_some()
        );
        assert!(
            ix.covering("sidecar", &c(&["content_uuid", "kind"]))
                .is_none()
        );
        assert!(ix.covering("Entry", &c(&[PRIMARY])).is_some());
        assert!(ix.covering("entry", &c(&["uuid"])).is_none());
        assert_eq!(table_key("Entries"), table_key("entry"));
        assert_eq!(table_key("addresses"), table_key("address"));
        assert_eq!(table_key("users"), table_key("User"));
        assert_eq!(table_key("status"), "status");
        assert_eq!(table_key("statuses"), "status");
    }

    #[test]
    fn rust_forms() {
        let src = r#"
            fn up() {
                m.create_table(Table::create().table(Devices::Table)
                    .col(ColumnDef::new(Devices::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Devices::Uuid).uuid().not_null().unique_key())
                    .col(string_uniq(Devices::Slug))
                    .to_owned());
                m.create_index(Index::create().name("idx_sidecar").table(Sidecars::Table)
                    .col(Sidecars::ContentUuid).col(Sidecars::Kind).unique().to_owned());
                db.execute_unprepared("CREATE UNIQUE INDEX ix ON tags (name)");
            }
            #[derive(DeriveEntityModel)]
            #[sea_orm(table_name = "volumes")]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                #[sea_orm(unique)]
                pub fingerprint: String,
            }
            diesel::table! { users (user_id) { user_id -> Int4, } }
        "#;
        let f = syn::parse_file(src).unwrap();
        let k: Vec<(String, Vec<String>, bool)> = from_rust(&f, src, "")
            .into_iter()
            .map(|k| (k.table, k.cols, k.primary))
            .collect();
        for want in [
            ("devices", "id", true),
            ("devices", "uuid", false),
            ("devices", "slug", false),
            ("tags", "name", false),
            ("volumes", "id", true),
            ("volumes", "fingerprint", false),
            ("users", "user_id", true),
        ] {
            assert!(
                k.iter()
                    .any(|(t, c, p)| t == want.0 && c == &vec![want.1.to_string()] && *p == want.2),
                "{want:?} in {k:?}"
            );
        }
        assert!(k.iter().any(|(t, c, _)| t == "sidecars"
            && c == &vec!["content_uuid".to_string(), "kind".to_string()]));
    }

    #[test]
    fn entity_keys_under_its_module_name() {
        // the entity of table `target_roles` is queried as `TargetRoleAssignment::Entity`
        let src = r#"
            #[derive(DeriveEntityModel)]
            #[sea_orm(table_name = "target_roles")]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub target_id: Uuid,
                #[sea_orm(primary_key, auto_increment = false)]
                pub role_id: Uuid,
            }
            mod user_lockout {
                #[sea_orm(table_name = "user_lockouts")]
                pub struct Model {
                    #[sea_orm(primary_key)]
                    pub id: i32,
                    #[sea_orm(unique)]
                    pub username: String,
                }
            }
        "#;
        let f = syn::parse_file(src).unwrap();
        let keys = from_rust(&f, src, "db-entities/src/TargetRoleAssignment.rs");
        let idx = UniqueIndex::build(&keys);
        let pair = ["target_id".to_string(), "role_id".to_string()];
        let k = idx.covering("TargetRoleAssignment", &pair).unwrap();
        assert!(k.primary && k.cols == pair);
        assert!(idx.covering("target_roles", &pair).is_some());
        assert!(idx.covering("TargetRoleAssignment", &pair[..1]).is_none());
        // the module is the stem only at the file's top level; in an inline module, its name
        assert!(
            idx.covering("user_lockout", &["username".to_string()])
                .is_some()
        );
        assert!(
            idx.covering("TargetRoleAssignment", &["username".to_string()])
                .is_none()
        );
        // a generic file name names no entity
        let keys = from_rust(&f, src, "src/entities/mod.rs");
        assert!(UniqueIndex::build(&keys).covering("mod", &pair).is_none());
    }
}
