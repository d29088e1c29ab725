//! SQL helpers shared by the store rules: parse the SQL of a string literal with `sqlparser`
//! and extract what the rules need (tables, columns read and written, the placeholders each
//! assignment and `WHERE` equality uses, row locks, conflict handling).

use sqlparser::ast::{
    AssignmentTarget, Expr, FromTable, ObjectName, ObjectNamePart, OnConflictAction, OnInsert,
    Query, SelectItem, SetExpr, SqliteOnConflict, Statement, TableFactor, TableObject,
    TableWithJoins,
};
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlKind {
    Select,
    Update,
    Insert,
    Delete,
}

/// One `SET col = value` of an UPDATE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetInfo {
    /// The column, lower-cased, without its table qualifier.
    pub col: String,
    /// The placeholders (1-based) the value uses.
    pub params: Vec<usize>,
    /// The value reads the column itself (`likes = likes + $1`): an atomic update.
    pub self_ref: bool,
    /// The value as SQL text.
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlInfo {
    pub kind: SqlKind,
    /// Tables read (SELECT, including `EXISTS` subqueries) or written, lower-cased.
    pub tables: Vec<String>,
    /// Columns a SELECT projects (lower-cased), or an INSERT's column list.
    pub columns: Vec<String>,
    /// `SELECT *` (or `t.*`).
    pub star: bool,
    /// The projection is an aggregate (`COUNT(*)`, `SUM(x)`, ...).
    pub aggregate: bool,
    /// `SELECT EXISTS(..)`: a pure existence query returning a bool.
    pub exists_query: bool,
    /// `FOR UPDATE` / `FOR SHARE` / `LOCK IN SHARE MODE`: the rows read are locked.
    pub locks_rows: bool,
    /// Columns the WHERE clause mentions.
    pub where_cols: Vec<String>,
    /// `col = $n` equalities of the WHERE clause.
    pub where_eq: Vec<(String, usize)>,
    /// A SELECT with `ORDER BY` and `LIMIT`: it picks the first rows of an ordering (the head
    /// of a queue), not rows named by a key.
    pub head_pick: bool,
    /// `col = <literal>` equalities of the WHERE clause (`status = 'pending'`, `used =
    /// false`): the column and the literal as SQL text. A state the row was found in.
    pub where_lits: Vec<(String, String)>,
    /// UPDATE assignments.
    pub sets: Vec<SetInfo>,
    /// An INSERT that cannot duplicate: `ON CONFLICT`, `ON DUPLICATE KEY`, `INSERT IGNORE`,
    /// `INSERT OR IGNORE/REPLACE`, `REPLACE INTO`, or `INSERT .. SELECT .. WHERE`.
    pub guarded_insert: bool,
    /// An INSERT that changes nothing when the row exists: `ON CONFLICT DO NOTHING`,
    /// `INSERT IGNORE`, `INSERT OR IGNORE`.
    pub idle_on_conflict: bool,
    /// The SQL text with `?` placeholders renumbered (`$1`, `$2`, ...).
    pub text: String,
    /// How the original text wrote its placeholders: `$`, `?N` or bare `?`.
    pub style: char,
}

impl SqlInfo {
    pub fn is_write(&self) -> bool {
        !matches!(self.kind, SqlKind::Select)
    }
    pub fn table(&self) -> &str {
        self.tables.first().map(String::as_str).unwrap_or("")
    }
}

/// Whether a string looks like a DML statement worth parsing.
pub fn looks_like_sql(s: &str) -> bool {
    let t = s.trim_start().to_ascii_uppercase();
    ["SELECT", "UPDATE", "INSERT", "DELETE", "WITH", "REPLACE"]
        .iter()
        .any(|k| t.starts_with(k) && t[k.len()..].starts_with(|c: char| c.is_whitespace()))
}

/// Whether SQL text sets a serializable isolation level or takes a SQLite write lock
/// (`BEGIN IMMEDIATE` / `EXCLUSIVE`).
pub fn is_serializing(s: &str) -> bool {
    let t = s.to_ascii_uppercase();
    t.contains("SERIALIZABLE")
        || t.contains("BEGIN IMMEDIATE")
        || t.contains("BEGIN EXCLUSIVE")
        || t.contains("LOCK TABLE")
}

/// Parse one SQL statement (the first DML statement of the text).
pub fn parse_sql(sql: &str) -> Option<SqlInfo> {
    if !looks_like_sql(sql) {
        return None;
    }
    let text = renumber_placeholders(sql);
    let dialects: [&dyn Dialect; 4] = [
        &PostgreSqlDialect {},
        &MySqlDialect {},
        &SQLiteDialect {},
        &GenericDialect {},
    ];
    for d in dialects {
        if let Ok(stmts) = Parser::parse_sql(d, &text) {
            for st in &stmts {
                if let Some(mut info) = statement_info(st) {
                    info.text = text.clone();
                    info.style = if text == sql {
                        '$'
                    } else if sql.contains("?1") {
                        'n'
                    } else {
                        '?'
                    };
                    let up = text.to_ascii_uppercase();
                    if up.contains("LOCK IN SHARE MODE") || up.contains(" FOR UPDATE") {
                        info.locks_rows |= matches!(info.kind, SqlKind::Select);
                    }
                    return Some(info);
                }
            }
            return None;
        }
    }
    None
}

/// `?` placeholders -> `$1`, `$2`, ... (quotes respected), so every dialect's parameters are
/// numbered the same way. `?NNN` keeps its number.
fn renumber_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None => match c {
                '\'' | '"' | '`' => {
                    quote = Some(c);
                    out.push(c);
                }
                '?' => {
                    let mut j = i + 1;
                    let mut digits = String::new();
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        digits.push(chars[j]);
                        j += 1;
                    }
                    if digits.is_empty() {
                        n += 1;
                        out.push_str(&format!("${n}"));
                    } else {
                        out.push('$');
                        out.push_str(&digits);
                    }
                    i = j;
                    continue;
                }
                _ => out.push(c),
            },
        }
        i += 1;
    }
    out
}

fn statement_info(st: &Statement) -> Option<SqlInfo> {
    let mut info = SqlInfo {
        kind: SqlKind::Select,
        tables: Vec::new(),
        columns: Vec::new(),
        star: false,
        aggregate: false,
        exists_query: false,
        locks_rows: false,
        where_cols: Vec::new(),
        where_eq: Vec::new(),
        where_lits: Vec::new(),
        head_pick: false,
        sets: Vec::new(),
        guarded_insert: false,
        idle_on_conflict: false,
        text: String::new(),
        style: '$',
    };
    match st {
        Statement::Query(q) => {
            // `WITH x AS (UPDATE ..)`: not a plain read
            if let SetExpr::Select(_) = &*q.body {
            } else {
                return None;
            }
            query_info(q, &mut info);
        }
        Statement::Update(u) => {
            info.kind = SqlKind::Update;
            table_with_joins(&u.table, &mut info.tables);
            for a in &u.assignments {
                let cols: Vec<String> = match &a.target {
                    AssignmentTarget::ColumnName(n) => vec![object_last(n)],
                    AssignmentTarget::Tuple(ns) => ns.iter().map(object_last).collect(),
                };
                let (words, params) = refs(&a.value.to_string());
                for col in cols {
                    info.sets.push(SetInfo {
                        self_ref: words.contains(&col),
                        col,
                        params: params.clone(),
                        value: a.value.to_string(),
                    });
                }
            }
            if let Some(w) = &u.selection {
                where_info(w, &mut info);
            }
        }
        Statement::Insert(i) => {
            info.kind = SqlKind::Insert;
            if let TableObject::TableName(n) = &i.table {
                info.tables.push(object_last(n));
            }
            info.columns = i.columns.iter().map(object_last).collect();
            info.guarded_insert = i.on.is_some() || i.ignore || i.or.is_some() || i.replace_into;
            info.idle_on_conflict = i.ignore
                || i.or == Some(SqliteOnConflict::Ignore)
                || matches!(&i.on, Some(OnInsert::OnConflict(c))
                    if matches!(c.action, OnConflictAction::DoNothing));
            if let Some(src) = &i.source
                && let SetExpr::Select(s) = &*src.body
                && s.selection.is_some()
            {
                info.guarded_insert = true;
            }
        }
        Statement::Delete(d) => {
            info.kind = SqlKind::Delete;
            match &d.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => {
                    for t in t {
                        table_with_joins(t, &mut info.tables);
                    }
                }
            }
            for n in &d.tables {
                info.tables.push(object_last(n));
            }
            if let Some(w) = &d.selection {
                where_info(w, &mut info);
            }
        }
        _ => return None,
    }
    Some(info)
}

fn query_info(q: &Query, info: &mut SqlInfo) {
    info.locks_rows |= !q.locks.is_empty();
    info.head_pick |= q.order_by.is_some() && q.limit_clause.is_some();
    let SetExpr::Select(s) = &*q.body else {
        return;
    };
    for t in &s.from {
        table_with_joins(t, &mut info.tables);
    }
    for item in &s.projection {
        let e = match item {
            SelectItem::UnnamedExpr(e) => e,
            SelectItem::ExprWithAlias { expr, .. } => expr,
            SelectItem::ExprWithAliases { expr, .. } => expr,
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                info.star = true;
                continue;
            }
        };
        match e {
            Expr::Exists { subquery, .. } => {
                info.exists_query = true;
                let mut sub = SqlInfo {
                    columns: Vec::new(),
                    ..info.clone()
                };
                sub.tables.clear();
                sub.where_cols.clear();
                sub.where_eq.clear();
                query_info(subquery, &mut sub);
                info.tables.extend(sub.tables);
                info.where_cols.extend(sub.where_cols);
                info.where_eq.extend(sub.where_eq);
                info.locks_rows |= sub.locks_rows;
            }
            // `SELECT 1 FROM t WHERE ..`: a row or none (an Option), not a bool
            Expr::Value(_) => {}
            Expr::Identifier(i) => info.columns.push(i.value.to_ascii_lowercase()),
            Expr::CompoundIdentifier(is) => {
                if let Some(i) = is.last() {
                    info.columns.push(i.value.to_ascii_lowercase());
                }
            }
            other => {
                let text = other.to_string();
                let up = text.to_ascii_uppercase();
                if ["COUNT(", "SUM(", "MAX(", "MIN(", "AVG("]
                    .iter()
                    .any(|f| up.contains(f))
                {
                    info.aggregate = true;
                }
                let (words, _) = refs(&text);
                info.columns.extend(words);
            }
        }
    }
    if let Some(w) = &s.selection {
        where_info(w, info);
    }
}

fn where_info(w: &Expr, info: &mut SqlInfo) {
    let (words, _) = refs(&w.to_string());
    for word in words {
        if !info.where_cols.contains(&word) {
            info.where_cols.push(word);
        }
    }
    eqs(w, &mut info.where_eq, &mut info.where_lits);
}

fn eqs(e: &Expr, out: &mut Vec<(String, usize)>, lits: &mut Vec<(String, String)>) {
    use sqlparser::ast::BinaryOperator;
    match e {
        Expr::Nested(inner) => eqs(inner, out, lits),
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::And => {
                eqs(left, out, lits);
                eqs(right, out, lits);
            }
            BinaryOperator::Eq => {
                let col = |e: &Expr| match e {
                    Expr::Identifier(i) => Some(i.value.to_ascii_lowercase()),
                    Expr::CompoundIdentifier(is) => is.last().map(|i| i.value.to_ascii_lowercase()),
                    _ => None,
                };
                let param = |e: &Expr| {
                    let (w, p) = refs(&e.to_string());
                    if w.is_empty() && p.len() == 1 {
                        Some(p[0])
                    } else {
                        None
                    }
                };
                if let (Some(c), Some(p)) = (col(left), param(right)) {
                    out.push((c, p));
                } else if let (Some(c), Some(p)) = (col(right), param(left)) {
                    out.push((c, p));
                } else if let (Some(c), Expr::Value(v)) = (col(left), &**right) {
                    lits.push((c, v.to_string()));
                } else if let (Some(c), Expr::Value(v)) = (col(right), &**left) {
                    lits.push((c, v.to_string()));
                }
            }
            _ => {}
        },
        _ => {}
    }
}

fn table_with_joins(t: &TableWithJoins, out: &mut Vec<String>) {
    table_factor(&t.relation, out);
    for j in &t.joins {
        table_factor(&j.relation, out);
    }
}

fn table_factor(t: &TableFactor, out: &mut Vec<String>) {
    if let TableFactor::Table { name, .. } = t {
        let n = object_last(name);
        if !out.contains(&n) {
            out.push(n);
        }
    }
}

fn object_last(n: &ObjectName) -> String {
    match n.0.last() {
        Some(ObjectNamePart::Identifier(i)) => i.value.to_ascii_lowercase(),
        Some(ObjectNamePart::Function(f)) => f.name.value.to_ascii_lowercase(),
        None => String::new(),
    }
}

const NOT_COLUMNS: &[&str] = &[
    "and",
    "or",
    "not",
    "is",
    "null",
    "in",
    "between",
    "like",
    "ilike",
    "true",
    "false",
    "case",
    "when",
    "then",
    "else",
    "end",
    "exists",
    "select",
    "from",
    "where",
    "as",
    "cast",
    "interval",
    "distinct",
    "current_timestamp",
    "current_date",
    "default",
    "any",
    "all",
    "some",
];

/// The identifiers (lower-cased; function names excluded) and placeholders of an SQL
/// expression's text.
pub fn refs(sql: &str) -> (Vec<String>, Vec<usize>) {
    let mut words = Vec::new();
    let mut params = Vec::new();
    let dialect = PostgreSqlDialect {};
    let Ok(toks) = Tokenizer::new(&dialect, sql).tokenize() else {
        return (words, params);
    };
    let toks: Vec<&Token> = toks
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Word(w) => {
                let v = w.value.to_ascii_lowercase();
                let is_call = matches!(toks.get(i + 1), Some(Token::LParen));
                if !is_call
                    && (w.quote_style.is_some() || !NOT_COLUMNS.contains(&v.as_str()))
                    && !words.contains(&v)
                {
                    words.push(v);
                }
            }
            Token::Placeholder(p) => {
                if let Ok(n) = p.trim_start_matches(['$', '?', ':', '@']).parse::<usize>() {
                    params.push(n);
                }
            }
            _ => {}
        }
    }
    (words, params)
}

/// Print a rewritten statement with the placeholders of the original: `?N` (style `n`) or
/// bare `?` (style `?`) instead of `$N`.
pub fn restyle(sql: &str, style: char) -> String {
    if style == '$' {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('?');
            while let Some(d) = chars.peek().copied().filter(|d| d.is_ascii_digit()) {
                if style == 'n' {
                    out.push(d);
                }
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The UPDATE `sql` with the value of `SET col = …` replaced by `value` (SQL text), printed
/// back by the parser.
pub fn rewrite_set(sql: &str, col: &str, value: &str) -> Option<String> {
    let dialect = PostgreSqlDialect {};
    let mut stmts = Parser::parse_sql(&dialect, sql).ok()?;
    let Statement::Update(u) = stmts.first_mut()? else {
        return None;
    };
    let new_value = Parser::new(&dialect)
        .try_with_sql(value)
        .ok()?
        .parse_expr()
        .ok();
    let mut done = false;
    for a in &mut u.assignments {
        if let AssignmentTarget::ColumnName(n) = &a.target
            && object_last(n) == col
        {
            match &new_value {
                Some(v) => a.value = v.clone(),
                None => return Some(sql.replace(&a.value.to_string(), value)),
            }
            done = true;
        }
    }
    done.then(|| stmts[0].to_string())
}

/// The UPDATE `sql` with `SET col = new_value` (when given) and `AND cond` added to its WHERE.
pub fn rewrite_guarded(
    sql: &str,
    col: &str,
    new_value: Option<&str>,
    cond: &str,
) -> Option<String> {
    let dialect = PostgreSqlDialect {};
    let mut stmts = Parser::parse_sql(&dialect, sql).ok()?;
    let Statement::Update(u) = stmts.first_mut()? else {
        return None;
    };
    if let Some(v) = new_value {
        let v = Parser::new(&dialect)
            .try_with_sql(v)
            .ok()?
            .parse_expr()
            .ok()?;
        for a in &mut u.assignments {
            if let AssignmentTarget::ColumnName(n) = &a.target
                && object_last(n) == col
            {
                a.value = v.clone();
            }
        }
    }
    let cond = Parser::new(&dialect)
        .try_with_sql(cond)
        .ok()?
        .parse_expr()
        .ok()?;
    u.selection = Some(match u.selection.take() {
        Some(w) => Expr::BinaryOp {
            left: Box::new(w),
            op: sqlparser::ast::BinaryOperator::And,
            right: Box::new(cond),
        },
        None => cond,
    });
    Some(stmts[0].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites() {
        assert_eq!(
            rewrite_set(
                "UPDATE posts SET likes = $1 WHERE id = $2",
                "likes",
                "likes + $1"
            )
            .unwrap(),
            "UPDATE posts SET likes = likes + $1 WHERE id = $2"
        );
        assert_eq!(
            rewrite_guarded(
                "UPDATE accounts SET balance = $1 WHERE id = $2",
                "balance",
                Some("balance - $1"),
                "balance >= $1"
            )
            .unwrap(),
            "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1"
        );
    }

    #[test]
    fn select_with_lock_and_where() {
        let i = parse_sql("SELECT likes, title FROM posts WHERE id = $1 FOR UPDATE").unwrap();
        assert_eq!(i.kind, SqlKind::Select);
        assert_eq!(i.tables, ["posts"]);
        assert_eq!(i.columns, ["likes", "title"]);
        assert!(i.locks_rows);
        assert_eq!(i.where_eq, [("id".to_string(), 1)]);
        let i = parse_sql("select * from public.accounts a where a.id = ?").unwrap();
        assert!(i.star && !i.locks_rows);
        assert_eq!(i.tables, ["accounts"]);
        assert_eq!(i.where_eq, [("id".to_string(), 1)]);
    }

    #[test]
    fn update_assignments() {
        let i = parse_sql("UPDATE posts SET likes = $1, updated_at = now() WHERE id = $2").unwrap();
        assert_eq!(i.kind, SqlKind::Update);
        assert_eq!(i.sets[0].col, "likes");
        assert_eq!(i.sets[0].params, [1]);
        assert!(!i.sets[0].self_ref);
        assert_eq!(i.where_eq, [("id".to_string(), 2)]);
        let i =
            parse_sql("UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?")
                .unwrap();
        assert!(i.sets[0].self_ref);
        assert_eq!(i.sets[0].params, [1]);
        assert!(i.where_cols.contains(&"balance".to_string()));
        assert_eq!(i.where_eq, [("id".to_string(), 2)]);
    }

    #[test]
    fn inserts_exists_and_counts() {
        let i = parse_sql("INSERT INTO users (email, name) VALUES ($1, $2)").unwrap();
        assert!(!i.guarded_insert);
        assert_eq!(i.columns, ["email", "name"]);
        let i = parse_sql("INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING")
            .unwrap();
        assert!(i.guarded_insert);
        assert!(
            parse_sql("INSERT OR IGNORE INTO t (a) VALUES (?1)")
                .unwrap()
                .guarded_insert
        );
        // which of them change nothing when the row exists
        assert!(
            !parse_sql("INSERT INTO t (a) VALUES ($1)")
                .unwrap()
                .idle_on_conflict
        );
        for idle in [
            "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING",
            "INSERT OR IGNORE INTO t (a) VALUES (?1)",
            "INSERT IGNORE INTO t (a) VALUES (?)",
        ] {
            assert!(parse_sql(idle).unwrap().idle_on_conflict, "{idle}");
        }
        let upsert =
            "INSERT INTO c (u, n) VALUES ($1, 1) ON CONFLICT (u) DO UPDATE SET n = c.n + 1";
        assert!(!parse_sql(upsert).unwrap().idle_on_conflict);
        let i = parse_sql("SELECT EXISTS(SELECT 1 FROM users WHERE email = $1)").unwrap();
        assert!(i.exists_query);
        assert_eq!(i.tables, ["users"]);
        let i = parse_sql("SELECT COUNT(*) FROM bookings WHERE flight_id = $1").unwrap();
        assert!(i.aggregate);
        assert!(parse_sql("hello world").is_none());
        assert!(parse_sql("update the docs").is_none());
    }
}
