//! Data access through an ORM or an application's own record types, recognised by shape in
//! the data facts' walk (no walk of its own): diesel (sync and `diesel-async`), SeaORM, and
//! the active-record style (`Type::find*(.., conn)` returning a record, then
//! `record.save(conn)`). Each access is a [`DbOp`]: what it does (read, existence or count
//! check, insert, update, delete), on which table, keyed by which expressions, with which
//! connection, and whether it locks the rows it reads or cannot duplicate what it inserts.

use super::facts::{Arg, compact};
use crate::diagnostic::Span;
use crate::model::span::span_of;
use crate::model::syntax::peel_value as peel;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    /// Fetches rows or one record (`first`, `load`, `one`, `Type::find_by_id(.., conn)`).
    Read,
    /// Returns whether a row exists (`select(exists(..))`).
    Exists,
    /// Returns a row count (`.count()`).
    Count,
    Insert,
    Update,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbLib {
    Diesel,
    SeaOrm,
    /// The application's own record type: `Type::find(.., conn)`, `record.save(conn)`.
    ActiveRecord,
}

impl DbLib {
    pub fn name(self) -> &'static str {
        match self {
            DbLib::Diesel => "diesel",
            DbLib::SeaOrm => "SeaORM",
            DbLib::ActiveRecord => "active record",
        }
    }
}

/// One `col.eq(value)` of a diesel `.set(..)`, or one `col_expr(col, value)` of SeaORM.
#[derive(Clone, Debug)]
pub struct DbSet<'a> {
    /// The column as written (`likes`, `posts::likes`).
    pub col_text: String,
    /// Its last segment, lower-cased.
    pub col: String,
    pub value: Arg<'a>,
}

#[derive(Clone, Debug)]
pub struct DbOp<'a> {
    /// The whole query expression (`users.filter(..).first(conn).optional()`), what a `let`
    /// binds through `?` / `.await`.
    pub span: Span,
    /// The executing call (`.first(conn)`, `.one(db)`, `record.save(conn)`).
    pub exec: Span,
    /// Where diagnostics point: from the executing method's name to the end of the query.
    pub report: Span,
    pub fn_idx: usize,
    pub lib: DbLib,
    pub kind: DbKind,
    /// The table, entity or record type, lower-cased (`users`, `post`), when known.
    pub table: Option<String>,
    /// The arguments selecting the rows (`filter`, `find`, `find_by_*`) or the values of an
    /// insert.
    pub keys: Vec<Arg<'a>>,
    /// The compact text of the row filters (`users::name.eq(&name)`): what the write checks.
    pub filter_text: String,
    /// The record a write saves (`record.save(conn)`, `.set(&record)`, `.values(&new)`).
    pub record: Option<Arg<'a>>,
    /// The connection or transaction argument, normalised.
    pub conn: Option<String>,
    /// `.for_update()`, `.for_no_key_update()`, `.for_share()`, SeaORM `lock_exclusive()`.
    pub locks_rows: bool,
    /// An insert that cannot duplicate: `on_conflict*`, `insert_or_ignore_into`,
    /// `replace_into`.
    pub guarded: bool,
    /// An insert that changes nothing when the row exists (`on_conflict_do_nothing()`,
    /// `.on_conflict(..).do_nothing()`, SeaORM's `OnConflict::..do_nothing()`).
    pub idle_on_conflict: bool,
    pub sets: Vec<DbSet<'a>>,
    /// diesel `update(..)` / `delete(..)`: the argument naming the rows.
    pub target: Option<Span>,
    /// The columns the row filter compares by equality (`users::name.eq(..)`,
    /// `Column::Uuid.eq(..)`, `find_by_email(..)`), snake case; [`super::unique::PRIMARY`]
    /// for a lookup by primary key (`find(id)`, `find_by_id(id)`). What a unique constraint
    /// must cover for the database to reject a duplicate of the checked row.
    pub key_cols: Vec<String>,
    /// An application helper called as `Type::helper(.., conn)` (active record): the type and
    /// the function as written, joined in the workspace phase with the helper's
    /// [`super::summary::DataSummary`] (the table and columns its body filters on).
    pub callee: Option<(String, String)>,
    /// The row filters that compare a column with a constant, a state rather than a key
    /// (`Column::Status.eq(0)`, `status.eq(JobStatus::Pending)`, `claimed_by.is_null()`):
    /// the column, snake case, and the filter as written. A read that selects rows by state
    /// and a write that changes that state on them is a claim.
    pub state_filters: Vec<(String, String)>,
    /// A read whose `Result` answers "no such row" with an error: diesel `first(conn)` /
    /// `get_result(conn)` without `.optional()` (`Err(NotFound)`). Its `Ok(row)` says the row
    /// exists, as `Some(row)` does for an optional lookup.
    pub err_when_absent: bool,
}

/// The columns `e` compares by equality: `name.eq(&n)`, `users::name.eq(..).and(deleted.eq(false))`,
/// `entry::Column::Uuid.eq(u)`, `Condition::all().add(Column::A.eq(a))`.
pub fn eq_columns(e: &syn::Expr, out: &mut Vec<String>) {
    use syn::visit::Visit;
    struct V<'o>(&'o mut Vec<String>);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            if matches!(m.method.to_string().as_str(), "eq" | "is")
                && m.args.len() == 1
                && let Some((fold, recv)) = case_folded(&m.receiver)
                && let Some(segs) = path_segs(recv)
                && let Some(last) = segs.last()
            {
                let c = snake(last);
                // `lower(users::name).eq(..)`: a case-insensitive comparison, which only a
                // unique index on `lower(name)` covers
                let c = if fold { format!("lower({c})") } else { c };
                if !self.0.contains(&c) {
                    self.0.push(c);
                }
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    }
    V(out).visit_expr(e);
}

/// The column side of a comparison: `col`, or `lower(col)` / `upper(col)` (diesel's
/// `sql_function!` helpers), with whether it is case-folded.
fn case_folded(e: &syn::Expr) -> Option<(bool, &syn::Expr)> {
    match e {
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let f = path_segs(&c.func)?;
            let name = f.last()?.to_ascii_lowercase();
            matches!(name.as_str(), "lower" | "upper" | "lcase" | "ucase")
                .then(|| (true, &c.args[0]))
        }
        _ => Some((false, e)),
    }
}

fn push_col(op: &mut DbOp, c: &str) {
    if !op.key_cols.iter().any(|k| k == c) {
        op.key_cols.push(c.to_string());
    }
}

/// Methods that run a diesel query (`RunQueryDsl`), the first argument the connection.
const DIESEL_EXEC: &[&str] = &[
    "first",
    "load",
    "get_result",
    "get_results",
    "execute",
    "load_iter",
];
/// The synchronous method an `_async` variant of a known executing method stands for:
/// tokio-diesel's `AsyncRunQueryDsl` (`first_async(&pool)`, `load_async`, `get_result_async`,
/// `get_results_async`, `execute_async`) runs the same query as diesel's `first(conn)` ..
/// `execute(conn)`, on a pool, from async code. `known` are the synchronous names; any other
/// method is returned unchanged.
pub fn sync_variant<'m>(method: &'m str, known: &[&str]) -> &'m str {
    match method.strip_suffix("_async") {
        Some(base) if known.contains(&base) => base,
        _ => method,
    }
}

/// Query-building methods of diesel (`QueryDsl`): their presence before an executing method
/// marks the chain as a query.
const DIESEL_BUILD: &[&str] = &[
    "filter",
    "find",
    "select",
    "order",
    "order_by",
    "then_order_by",
    "limit",
    "offset",
    "inner_join",
    "left_join",
    "left_outer_join",
    "or_filter",
    "for_update",
    "for_no_key_update",
    "for_share",
    "skip_locked",
    "distinct",
    "into_boxed",
    "count",
    "group_by",
];
const SEA_EXEC: &[&str] = &[
    "one",
    "all",
    "count",
    "exec",
    "exec_with_returning",
    "exec_without_returning",
];
const LOCKS: &[&str] = &[
    "for_update",
    "for_no_key_update",
    "for_share",
    "for_key_share",
    "lock_exclusive",
    "lock_shared",
    "lock",
    "lock_with_behavior",
];

/// Whether a (peeled) argument names a database connection, pool or transaction:
/// `&mut conn`, `db`, `&state.pool`, `&mut *tx`, `txn`, `self.db.get()?`.
pub fn conn_like(text: &str) -> bool {
    if text.contains('"') {
        return false;
    }
    let t = text
        .trim_start_matches(['&', '*'])
        .trim_start_matches("mut")
        .trim_start_matches(['&', '*', ' '])
        .to_ascii_lowercase();
    let t = t
        .trim_end_matches("()")
        .trim_end_matches(".get")
        .trim_end_matches("?");
    let last = t.rsplit(['.', ':']).next().unwrap_or("");
    last.split('_').any(|w| {
        matches!(
            w,
            "conn"
                | "connection"
                | "db"
                | "pool"
                | "tx"
                | "txn"
                | "transaction"
                | "executor"
                | "database"
                | "dbconn"
                | "trx"
        )
    })
}

/// Whether a handle's text names a transaction (`&mut *tx`, `txn`, `&mut transaction`).
pub fn names_transaction(handle: &str) -> bool {
    handle
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|w| w.split('_'))
        .any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "tx" | "txn" | "trx" | "transaction" | "xact"
            )
        })
}

/// The call that takes function `f` of `fns` (a closure or async block), or a closure or block
/// it is written in, as an argument, innermost first, among the calls `accept` takes (given
/// the call and the span of the function at that level); `None` when no level has one.
fn enclosing_closure_call(
    fns: &[crate::model::FnModel],
    mut f: usize,
    accept: impl Fn(&crate::model::func::CallSite, crate::diagnostic::Span) -> bool,
) -> Option<&crate::model::func::CallSite> {
    while let Some(p) = fns.get(f)?.parent {
        let span = fns[f].span;
        if let Some(c) = fns[p].calls.iter().find(|c| accept(c, span)) {
            return Some(c);
        }
        f = p;
    }
    None
}

/// Whether function `f` of `fns` (a closure) runs inside a closure given to
/// `.transaction(..)` (diesel, SeaORM, sqlx helpers): its statements share one transaction.
pub fn in_transaction_closure(fns: &[crate::model::FnModel], f: usize) -> bool {
    enclosing_closure_call(fns, f, |c, span| {
        c.name().contains("transaction") && c.span.encloses(span)
    })
    .is_some()
}

/// The call that runs function `f` of `fns` (a closure, or a closure or async block in one)
/// as the body of a transaction that is retried when it fails to serialize, or `None`:
/// a closure given to a call named for a transaction (`.transaction(..)`,
/// `transaction_async_with_retry(..)`) whose name, path or receiver also names a retry
/// (`self.transaction_retry_wrapper("op").transaction(&conn, |conn| ..)`). Code that retries a
/// transaction on a serialization failure runs on a database that serializes its
/// transactions (CockroachDB, or PostgreSQL at `SERIALIZABLE`): of two transactions that both
/// check and then act, one fails at commit and runs again, seeing the other's write. A helper
/// named against retrying (`transaction_non_retry_wrapper`) does not count.
pub fn retried_transaction_closure<'f>(
    fns: &'f [crate::model::FnModel],
    text: &str,
    f: usize,
) -> Option<&'f crate::model::func::CallSite> {
    use crate::model::func::Callee;
    let retry = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("retry")
            && ![
                "non_retry",
                "no_retry",
                "without_retry",
                "noretry",
                "nonretry",
            ]
            .iter()
            .any(|n| s.contains(n))
    };
    enclosing_closure_call(fns, f, |c, span| {
        if !c.args.iter().any(|a| a.encloses(span)) {
            return false;
        }
        let named: std::borrow::Cow<'_, str> = match &c.callee {
            Callee::Method { name, .. } => name.as_str().into(),
            Callee::Path { segments } => segments.join("::").into(),
            Callee::Closure { .. } => return false,
        };
        let head = match (c.recv_span, c.method()) {
            (Some(r), _) => text.get(r.start..r.end).unwrap_or(""),
            (None, Some((r, _))) => r.text.as_str(),
            (None, None) => "",
        };
        names_transaction(&named) && (retry(&named) || retry(head))
    })
}

/// The comparisons of a column with a constant in a row filter (`Column::Status.eq(0i32)`,
/// `status.eq(JobStatus::Pending as i32)`, `claimed_by.is_null()`, `Column::Done.eq(false)`):
/// the column, snake case, and the comparison's text. A comparison with a variable
/// (`Column::Email.eq(email)`) selects a row by key, not by state.
pub fn state_filters(
    e: &syn::Expr,
    text: &dyn Fn(&syn::Expr) -> String,
    out: &mut Vec<(String, String)>,
) {
    use syn::visit::Visit;
    struct V<'o, 't> {
        out: &'o mut Vec<(String, String)>,
        text: &'t dyn Fn(&syn::Expr) -> String,
    }
    fn constant(e: &syn::Expr) -> bool {
        match peel(e) {
            syn::Expr::Lit(_) => true,
            syn::Expr::Unary(u) => constant(&u.expr),
            syn::Expr::Cast(c) => constant(&c.expr),
            // an enum variant or an associated constant: `JobStatus::Pending`, `Self::NEW`
            syn::Expr::Path(p) => {
                p.path.segments.len() >= 2
                    && p.path.segments.last().is_some_and(|s| {
                        let n = s.ident.to_string();
                        n.starts_with(|c: char| c.is_ascii_uppercase())
                    })
            }
            // `JobStatus::Pending.to_string()`, `Status::Queued.into()`
            syn::Expr::MethodCall(mc) => mc.args.is_empty() && constant(&mc.receiver),
            syn::Expr::Call(c) => {
                c.args.len() == 1
                    && constant(&c.args[0])
                    && matches!(&*c.func, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Some"))
            }
            _ => false,
        }
    }
    impl<'ast> Visit<'ast> for V<'_, '_> {
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let name = m.method.to_string();
            let cmp = match name.as_str() {
                "eq" | "ne" | "is" | "is_not" => m.args.len() == 1 && constant(&m.args[0]),
                "is_null" | "is_not_null" => m.args.is_empty(),
                _ => false,
            };
            if cmp
                && let Some(segs) = path_segs(&m.receiver)
                && let Some(last) = segs.last()
                && segs.len() <= 3
                && (segs.len() == 1 || segs.iter().any(|s| s == "Column") || !is_type_name(last))
            {
                let c = snake(last);
                let whole = syn::Expr::MethodCall(m.clone());
                let t = (self.text)(&whole);
                if !self.out.iter().any(|(x, _)| *x == c) {
                    self.out.push((c, t));
                }
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    }
    V { out, text }.visit_expr(e);
}

/// `CamelCase` -> `camel_case` (a SeaORM entity's table name).
pub(crate) fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether two table / entity / record names may denote the same table: `users`, `user`,
/// `User`, `NewUser`, `user::Entity` agree; an unknown name agrees with any.
pub fn same_table(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |s: &str| {
        let s = s.to_ascii_lowercase().replace('_', "");
        let s = s
            .strip_prefix("new")
            .filter(|r| !r.is_empty())
            .unwrap_or(&s)
            .to_string();
        let s = s
            .strip_suffix("activemodel")
            .filter(|r| !r.is_empty())
            .unwrap_or(&s)
            .to_string();
        let s = s
            .strip_suffix("model")
            .filter(|r| !r.is_empty())
            .unwrap_or(&s)
            .to_string();
        let s = s
            .strip_suffix("es")
            .filter(|r| r.ends_with('s') || r.ends_with("sh") || r.ends_with('x'))
            .unwrap_or(&s)
            .to_string();
        s.strip_suffix('s')
            .filter(|r| !r.is_empty())
            .unwrap_or(&s)
            .to_string()
    };
    match (a, b) {
        (Some(a), Some(b)) => norm(a) == norm(b),
        _ => true,
    }
}

/// [`crate::model::func::path_segments`] behind `&` and parentheses.
fn path_segs(e: &syn::Expr) -> Option<Vec<String>> {
    match e {
        syn::Expr::Reference(r) => path_segs(&r.expr),
        syn::Expr::Paren(p) => path_segs(&p.expr),
        _ => crate::model::func::path_segments(e),
    }
}

fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().any(|c| c.is_ascii_lowercase())
}

/// The table a diesel path names: `users::table`, `schema::users::table`,
/// `users::dsl::users`, `users` (a `dsl` import).
fn diesel_table(segs: &[String]) -> Option<String> {
    match segs {
        [.., t, last] if last == "table" => Some(t.clone()),
        [.., t, d, _] if d == "dsl" => Some(t.clone()),
        [one] if !is_type_name(one) => Some(one.clone()),
        // `cols::users` with `use schema::users::dsl as cols`: the table the dsl re-exports
        [m, t] if lower_ident(m) && lower_ident(t) => Some(t.clone()),
        _ => None,
    }
}

/// A snake-case identifier (a module, table or column name; not a type or a constant).
fn lower_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A helper's name says it answers whether a record exists: `user_exists`,
/// `exists_by_email`, `get_invoice_exists`, `is_name_taken`, `email_used`, `has_member`.
fn names_existence(name: &str) -> bool {
    let mut words = name.split('_').filter(|w| !w.is_empty());
    let first = words.clone().next();
    let last = words.clone().next_back();
    first == Some("has")
        || matches!(last, Some("used" | "taken"))
        || words.any(|w| matches!(w, "exists" | "exist"))
}

/// The entity of a SeaORM / active-record type path: `post::Entity` -> `post`, `Post` ->
/// `post`.
fn entity_name(segs: &[String]) -> Option<String> {
    match segs {
        [.., m, last] if last == "Entity" || last == "ActiveModel" || last == "Model" => {
            Some(m.to_ascii_lowercase())
        }
        [.., last] if is_type_name(last) && last != "Self" => Some(snake(last)),
        _ => None,
    }
}

pub(super) struct Chain<'x, 'a> {
    pub links: &'x [&'a syn::ExprMethodCall],
    pub base: &'a syn::Expr,
    pub fn_idx: usize,
    pub text: &'x dyn Fn(Span) -> String,
    /// The query builder a local was bound to (`let q = t.filter(..);`), by its name.
    pub local: &'x dyn Fn(&str) -> Option<&'a syn::Expr>,
}

fn arg<'a>(e: &'a syn::Expr) -> Arg<'a> {
    Arg::new(Cow::Borrowed(e))
}

impl<'a> Chain<'_, 'a> {
    fn norm(&self, e: &syn::Expr) -> String {
        compact(&(self.text)(span_of(peel(e))))
    }

    fn op(&self, lib: DbLib, kind: DbKind, exec_i: Option<usize>) -> DbOp<'a> {
        // the query ends after the executing link and the `optional()` / `await` / `?`
        // that follow it
        let mut end_i = exec_i;
        if let Some(i) = exec_i {
            let mut j = i + 1;
            while j < self.links.len()
                && matches!(self.links[j].method.to_string().as_str(), "optional")
            {
                end_i = Some(j);
                j += 1;
            }
        }
        let (span, exec, report) = match end_i {
            Some(j) => {
                let exec = span_of(self.links[exec_i.unwrap_or(j)]);
                let report = Span::new(
                    span_of(&self.links[exec_i.unwrap_or(j)].method).start,
                    span_of(self.links[j]).end,
                );
                (span_of(self.links[j]), exec, report)
            }
            None => {
                let s = span_of(self.base);
                (s, s, s)
            }
        };
        let conn = exec_i
            .and_then(|i| self.links[i].args.first())
            .map(|a| self.norm(a));
        let mut op = DbOp {
            span,
            exec,
            report,
            fn_idx: self.fn_idx,
            lib,
            kind,
            table: None,
            keys: Vec::new(),
            filter_text: String::new(),
            record: None,
            conn,
            locks_rows: false,
            guarded: false,
            idle_on_conflict: false,
            sets: Vec::new(),
            target: None,
            key_cols: Vec::new(),
            callee: None,
            state_filters: Vec::new(),
            err_when_absent: lib == DbLib::Diesel
                && end_i == exec_i
                && exec_i.is_some_and(|i| {
                    matches!(
                        sync_variant(&self.links[i].method.to_string(), DIESEL_EXEC),
                        "first" | "get_result"
                    )
                }),
        };
        for l in self.links.iter().take(end_i.map_or(0, |j| j + 1)) {
            let m = l.method.to_string();
            if LOCKS.contains(&m.as_str()) {
                op.locks_rows = true;
            }
            if m.starts_with("on_conflict") || m == "on_duplicate_key_update" {
                op.guarded = true;
            }
            if m == "on_conflict_do_nothing"
                || m == "do_nothing"
                || (m == "on_conflict"
                    && l.args.iter().any(|a| self.norm(a).contains("do_nothing")))
            {
                op.idle_on_conflict = true;
            }
            if matches!(m.as_str(), "filter" | "find" | "or_filter") {
                for a in &l.args {
                    op.keys.push(arg(a));
                    op.filter_text.push_str(&self.norm(a));
                    op.filter_text.push(';');
                    if m == "find" {
                        push_col(&mut op, super::unique::PRIMARY);
                    } else {
                        eq_columns(a, &mut op.key_cols);
                        state_filters(a, &|e| self.norm(e), &mut op.state_filters);
                    }
                }
            }
        }
        op
    }

    /// Classify the chain as a diesel, SeaORM or active-record data access.
    pub fn classify(&self) -> Option<DbOp<'a>> {
        self.diesel()
            .or_else(|| self.sea_orm())
            .or_else(|| self.active_record())
    }

    fn method_index(&self, names: &[&str]) -> Option<usize> {
        self.links
            .iter()
            .position(|l| names.contains(&sync_variant(&l.method.to_string(), names)))
    }

    fn diesel(&self) -> Option<DbOp<'a>> {
        let exec_i = self.method_index(DIESEL_EXEC)?;
        let exec = self.links[exec_i];
        // the connection argument: `&mut conn`, `conn`, `&mut *tx`; never an ordering
        let conn_arg = exec.args.first()?;
        let conn_text = self.norm(conn_arg);
        if conn_text.contains("Ordering") || exec.args.len() > 1 {
            return None;
        }
        let built = self.links[..exec_i].iter().any(|l| {
            DIESEL_BUILD.contains(&l.method.to_string().as_str())
                || l.method == "set"
                || l.method == "values"
        });
        match self.base {
            syn::Expr::Call(c) => {
                let segs = path_segs(&c.func)?;
                let name = segs.last()?.as_str();
                let first = c.args.first()?;
                let (kind, guarded) = match name {
                    "insert_into" => (DbKind::Insert, false),
                    "insert_or_ignore_into" | "replace_into" => (DbKind::Insert, true),
                    "update" => (DbKind::Update, false),
                    "delete" => (DbKind::Delete, false),
                    "select" => {
                        // select(exists(q))
                        let syn::Expr::Call(inner) = peel(first) else {
                            return None;
                        };
                        if path_segs(&inner.func)?.last()? != "exists" {
                            return None;
                        }
                        let q = inner.args.first()?;
                        let mut op = self.op(DbLib::Diesel, DbKind::Exists, Some(exec_i));
                        self.target(q, &mut op);
                        return Some(op);
                    }
                    _ => return None,
                };
                if segs.len() > 1 && segs[0] != "diesel" {
                    return None;
                }
                let mut op = self.op(DbLib::Diesel, kind, Some(exec_i));
                op.guarded |= guarded;
                self.target(first, &mut op);
                for l in &self.links[..exec_i] {
                    let m = l.method.to_string();
                    if m == "values" {
                        if let Some(v) = l.args.first() {
                            op.keys.push(arg(v));
                            op.record = Some(arg(v));
                        }
                    } else if m == "set"
                        && let Some(v) = l.args.first()
                    {
                        self.sets(v, &mut op);
                    }
                }
                if kind == DbKind::Update && op.record.is_none() && op.sets.is_empty() {
                    // update(&record): an `AsChangeset` record saved whole
                    if !matches!(peel(first), syn::Expr::MethodCall(_))
                        && path_segs(first).is_some()
                    {
                        op.record = Some(arg(first));
                    }
                }
                Some(op)
            }
            syn::Expr::Path(p) => {
                let kind = if self.links[..exec_i].iter().any(|l| l.method == "count") {
                    DbKind::Count
                } else {
                    DbKind::Read
                };
                // `q.first(conn)` with `let q = users.filter(..)` before: the local's query
                if let Some(id) = p.path.get_ident()
                    && let Some(q) = (self.local)(&id.to_string())
                {
                    let mut op = self.op(DbLib::Diesel, kind, Some(exec_i));
                    self.target(q, &mut op);
                    op.target = None;
                    op.table.as_ref()?;
                    return Some(op);
                }
                let segs = path_segs(self.base)?;
                let table = diesel_table(&segs)?;
                if !built && (segs.len() == 1 || (segs.len() == 2 && segs[1] != "table")) {
                    return None;
                }
                let mut op = self.op(DbLib::Diesel, kind, Some(exec_i));
                op.table = Some(table);
                Some(op)
            }
            _ => None,
        }
    }

    /// The target of `update(..)`, `delete(..)`, `exists(..)`: a table or a filtered query.
    fn target(&self, e: &'a syn::Expr, op: &mut DbOp<'a>) {
        op.target = Some(span_of(e));
        let mut cur = peel(e);
        // `select(exists(q))`, `update(q)` with `let q = t.filter(..)` before
        if let syn::Expr::Path(p) = cur
            && let Some(id) = p.path.get_ident()
            && let Some(q) = (self.local)(&id.to_string())
        {
            cur = peel(q);
        }
        loop {
            match cur {
                syn::Expr::MethodCall(mc) => {
                    let m = mc.method.to_string();
                    if matches!(m.as_str(), "filter" | "find" | "or_filter") {
                        for a in &mc.args {
                            op.keys.push(arg(a));
                            op.filter_text.push_str(&self.norm(a));
                            op.filter_text.push(';');
                            if m == "find" {
                                push_col(op, super::unique::PRIMARY);
                            } else {
                                eq_columns(a, &mut op.key_cols);
                                state_filters(a, &|e| self.norm(e), &mut op.state_filters);
                            }
                        }
                    }
                    if LOCKS.contains(&m.as_str()) {
                        op.locks_rows = true;
                    }
                    cur = peel(&mc.receiver);
                }
                syn::Expr::Path(_) => {
                    let segs = path_segs(cur).unwrap_or_default();
                    op.table = diesel_table(&segs);
                    if op.table.is_none() && op.kind == DbKind::Update {
                        // update(&user): the record's own table
                        op.record = Some(arg(e));
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    /// `.set(col.eq(v))`, `.set((a.eq(x), b.eq(y)))`, `.set(&changes)`.
    fn sets(&self, v: &'a syn::Expr, op: &mut DbOp<'a>) {
        match peel(v) {
            syn::Expr::Tuple(t) => {
                for e in &t.elems {
                    self.sets(e, op);
                }
            }
            syn::Expr::MethodCall(mc) if mc.method == "eq" && mc.args.len() == 1 => {
                let col_text = self.norm(&mc.receiver);
                let col = col_text
                    .rsplit("::")
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                op.sets.push(DbSet {
                    col_text,
                    col,
                    value: arg(&mc.args[0]),
                });
            }
            syn::Expr::Struct(st) => {
                op.record = Some(arg(v));
                for fv in &st.fields {
                    if let syn::Member::Named(m) = &fv.member {
                        let col = m.to_string();
                        op.sets.push(DbSet {
                            col_text: col.clone(),
                            col: col.to_ascii_lowercase(),
                            value: arg(&fv.expr),
                        });
                    }
                }
            }
            syn::Expr::Path(_) => op.record = Some(arg(v)),
            _ => {}
        }
    }

    fn sea_orm(&self) -> Option<DbOp<'a>> {
        let syn::Expr::Call(c) = self.base else {
            return None;
        };
        let segs = path_segs(&c.func)?;
        if segs.len() < 2 {
            return None;
        }
        let func = segs.last()?.as_str();
        let entity = entity_name(&segs[..segs.len() - 1])?;
        let exec_i = self.method_index(SEA_EXEC)?;
        let exec = self.links[exec_i];
        if exec.args.len() != 1 {
            return None;
        }
        let kind = match func {
            "find" | "find_by_id" | "find_also_related" | "find_with_related" => {
                if exec.method == "count" {
                    DbKind::Count
                } else {
                    DbKind::Read
                }
            }
            "insert" | "insert_many" => DbKind::Insert,
            "update" | "update_many" => DbKind::Update,
            "delete" | "delete_many" | "delete_by_id" => DbKind::Delete,
            // a project's finder on the entity (`Entity::secure_by_name(n)`, `Entity::active()`)
            // returning a `Select`: only a select runs with `.one(db)` / `.all(db)`
            _ if segs[segs.len() - 2] == "Entity"
                && (exec.method == "one" || exec.method == "all") =>
            {
                DbKind::Read
            }
            _ if segs[segs.len() - 2] == "Entity" && exec.method == "count" => DbKind::Count,
            _ => return None,
        };
        let mut op = self.op(DbLib::SeaOrm, kind, Some(exec_i));
        op.table = Some(entity);
        if func == "find_by_id" || func == "delete_by_id" {
            push_col(&mut op, super::unique::PRIMARY);
        } else if !func.starts_with("find")
            && let Some(i) = func.find("by_")
        {
            // `secure_by_name_and_org(..)`: the columns the finder's name says it filters on
            for c in func[i + 3..].split("_and_").filter(|c| !c.is_empty()) {
                push_col(&mut op, c);
            }
        }
        for a in &c.args {
            op.keys.push(arg(a));
            if matches!(kind, DbKind::Insert | DbKind::Update) {
                op.record = Some(arg(a));
            }
        }
        for l in &self.links[..exec_i] {
            if l.method == "col_expr" && l.args.len() == 2 {
                let col_text = self.norm(&l.args[0]);
                op.sets.push(DbSet {
                    col: snake(col_text.rsplit("::").next().unwrap_or("")),
                    col_text,
                    value: arg(&l.args[1]),
                });
            }
        }
        Some(op)
    }

    /// `Type::find_by_id(id, &mut conn)`, `record.save(&mut conn)`, `am.insert(db)`.
    fn active_record(&self) -> Option<DbOp<'a>> {
        // a record method: the chain's first link on a local or a struct literal
        if let Some(&first) = self.links.first() {
            let m = first.method.to_string();
            let kind = if matches!(
                m.as_str(),
                "save" | "update" | "save_changes" | "persist" | "store" | "upsert"
            ) {
                if m == "upsert" {
                    return None;
                }
                DbKind::Update
            } else if matches!(m.as_str(), "insert" | "create") {
                DbKind::Insert
            } else if matches!(m.as_str(), "delete" | "destroy" | "remove") {
                DbKind::Delete
            } else {
                return self.assoc_call();
            };
            let conn = first.args.iter().find(|a| conn_like(&self.norm(a)))?;
            if first.args.len() > if kind == DbKind::Update { 2 } else { 1 } {
                return None;
            }
            let recv = peel(&first.receiver);
            let table = match recv {
                syn::Expr::Struct(s) => entity_name(
                    &s.path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>(),
                ),
                syn::Expr::Path(p) if p.path.segments.len() == 1 => None,
                _ => return None,
            };
            let lib = if matches!(recv, syn::Expr::Struct(s) if s.path.segments.last().is_some_and(|l| l.ident == "ActiveModel"))
                || (self.text)(span_of(first)).contains("ActiveModel")
            {
                DbLib::SeaOrm
            } else {
                DbLib::ActiveRecord
            };
            let mut op = self.op(lib, kind, Some(0));
            op.conn = Some(self.norm(conn));
            op.table = table;
            op.record = Some(arg(&first.receiver));
            if kind == DbKind::Insert {
                op.keys.push(arg(&first.receiver));
            }
            return Some(op);
        }
        self.assoc_call()
    }

    /// `Type::find_by_email(&email, &mut conn)`: an associated function of a record type,
    /// with a connection argument, named like a read, a check, an insert or a delete.
    fn assoc_call(&self) -> Option<DbOp<'a>> {
        let syn::Expr::Call(c) = self.base else {
            return None;
        };
        let segs = path_segs(&c.func)?;
        let [.., ty, func] = segs.as_slice() else {
            return None;
        };
        if !is_type_name(ty) {
            return None;
        }
        let conn = c.args.iter().find(|a| conn_like(&self.norm(a)))?;
        let f = func.as_str();
        let starts = |ps: &[&str]| {
            ps.iter()
                .any(|p| f == *p || f.starts_with(&format!("{p}_")))
        };
        let kind = if starts(&["exists", "is_taken", "has"]) || names_existence(f) {
            DbKind::Exists
        } else if starts(&["count"]) {
            DbKind::Count
        } else if starts(&[
            "find", "get", "load", "fetch", "by", "select", "lookup", "retrieve", "first", "read",
        ]) {
            DbKind::Read
        } else if starts(&["update", "save", "set"]) {
            DbKind::Update
        } else if starts(&["create", "insert", "new"]) && f != "new" {
            DbKind::Insert
        } else if starts(&["delete", "remove", "destroy"]) {
            DbKind::Delete
        } else {
            return None;
        };
        let mut op = self.op(DbLib::ActiveRecord, kind, None);
        // the call itself is the query; `.optional()` never follows an app's helper
        let s = span_of(self.base);
        op.span = s;
        op.exec = s;
        op.report = s;
        op.conn = Some(self.norm(conn));
        op.table = (ty != "Self").then(|| snake(ty));
        op.callee = Some((ty.clone(), func.clone()));
        // `find_by_email_and_org(..)`: the columns the name says it filters on
        if let Some(i) = f.find("by_") {
            for c in f[i + 3..].split("_and_") {
                if c == "id" || c == "pk" {
                    push_col(&mut op, super::unique::PRIMARY);
                }
                if !c.is_empty() {
                    push_col(&mut op, c);
                }
            }
        }
        for a in &c.args {
            if std::ptr::eq(a, conn) {
                continue;
            }
            if kind == DbKind::Update && matches!(peel(a), syn::Expr::Struct(_)) {
                // `Post::update(pool, id, &PostUpdateForm { .. })`: the form's fields are
                // the columns written
                self.sets(a, &mut op);
            } else {
                op.keys.push(arg(a));
            }
        }
        Some(op)
    }
}

/// A call of an application data helper by path, `device_keys::get(&id)`,
/// `select_settings(&mut tx, id)`, `Self::update_row(..)`, `create_collection(conn, name)`,
/// named like a read, an update or an insert:
/// what it does is not known in this file. Such calls are kept apart from the data facts
/// ([`super::facts::Facts::helper_ops`]) and stand only where the workspace phase finds the
/// helper's body doing what its name says ([`super::summary::HelperCall`]).
pub(super) fn helper_call<'a>(c: &'a syn::ExprCall, fn_idx: usize) -> Option<DbOp<'a>> {
    let segs = path_segs(&c.func)?;
    let (name, qual) = segs.split_last()?;
    if qual.iter().any(|q| q == "std" || q == "core") {
        return None;
    }
    helper_op(name, || qual.join("::"), &c.args, || span_of(c), fn_idx)
}

/// A method of the application's own type called on `self` (`self.get_collection_id(name)`),
/// named like a data helper: as [`helper_call`] with `Self::` (the workspace phase resolves it
/// by the caller's `impl` type).
pub(super) fn self_helper_call<'a>(mc: &'a syn::ExprMethodCall, fn_idx: usize) -> Option<DbOp<'a>> {
    let syn::Expr::Path(p) = &*mc.receiver else {
        return None;
    };
    if !p.path.is_ident("self") {
        return None;
    }
    helper_op(
        &mc.method.to_string(),
        || "Self".to_string(),
        &mc.args,
        || span_of(mc),
        fn_idx,
    )
}

/// A method of the application's record type called on a local record with a connection
/// (`code.consume(&pool)`, `session.expire(&mut conn)`), not one of the record verbs
/// [`Chain::classify`] knows (`save`, `delete`, ..): what it does is its body's, known in the
/// workspace phase from the method's summary
/// ([`super::summary::DataSummary::deletes_self`]). Kept as [`super::facts::Facts::record_calls`]
/// (its kind a placeholder, [`DbKind::Delete`]), apart from the data facts.
pub(super) fn record_method_call<'a>(
    mc: &'a syn::ExprMethodCall,
    fn_idx: usize,
    text: &dyn Fn(&syn::Expr) -> String,
) -> Option<DbOp<'a>> {
    let syn::Expr::Path(p) = peel(&mc.receiver) else {
        return None;
    };
    let recv = p.path.get_ident()?.to_string();
    let name = mc.method.to_string();
    if recv == "self" || !lower_ident(&recv) || !lower_ident(&name) {
        return None;
    }
    let conn = mc.args.iter().find(|a| conn_like(&text(a)))?;
    let s = span_of(mc);
    Some(DbOp {
        span: s,
        exec: s,
        report: s,
        fn_idx,
        lib: DbLib::ActiveRecord,
        kind: DbKind::Delete,
        table: None,
        keys: Vec::new(),
        filter_text: String::new(),
        record: Some(arg(&mc.receiver)),
        conn: Some(text(conn)),
        locks_rows: false,
        guarded: false,
        idle_on_conflict: false,
        sets: Vec::new(),
        target: None,
        key_cols: Vec::new(),
        callee: Some((String::new(), name)),
        state_filters: Vec::new(),
        err_when_absent: false,
    })
}

fn helper_op<'a>(
    name: &str,
    qual: impl FnOnce() -> String,
    args: &'a syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    s: impl FnOnce() -> Span,
    fn_idx: usize,
) -> Option<DbOp<'a>> {
    if args.is_empty() || is_type_name(name) {
        return None;
    }
    let starts = |ps: &[&str]| {
        ps.iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|r| r.is_empty() || r.starts_with('_'))
        })
    };
    const READS: &[&str] = &[
        "get", "find", "select", "load", "fetch", "read", "lookup", "query",
    ];
    let kind = if names_existence(name) && !starts(&["create", "insert", "add", "register"]) {
        DbKind::Exists
    } else if starts(READS) {
        DbKind::Read
    } else if starts(&[
        "update", "save", "upsert", "set", "put", "store", "write", "replace", "persist",
    ]) {
        DbKind::Update
    } else if starts(&["create", "insert", "add", "register"]) {
        DbKind::Insert
    } else if name.ends_with("_query")
        && name.split('_').any(|w| READS.contains(&w) && w != "query")
    {
        // a project naming its data functions `<what>_query`: `invoice_lookup_query`
        DbKind::Read
    } else {
        return None;
    };
    let s = s();
    Some(DbOp {
        span: s,
        exec: s,
        report: s,
        fn_idx,
        lib: DbLib::ActiveRecord,
        kind,
        table: None,
        keys: args.iter().map(arg).collect(),
        filter_text: String::new(),
        record: None,
        conn: None,
        locks_rows: false,
        guarded: false,
        idle_on_conflict: false,
        sets: Vec::new(),
        target: None,
        key_cols: Vec::new(),
        callee: Some((qual(), name.to_string())),
        state_filters: Vec::new(),
        err_when_absent: false,
    })
}

/// One field of a record built as a struct literal: the column it writes, and the locals
/// its value uses with the fields it reads of each (`Set(old.count + 1)` -> `old`: `count`).
#[derive(Clone, Debug)]
pub struct Written {
    pub col: String,
    pub uses: Vec<(String, Vec<String>)>,
}

/// The [`Written::col`] of a struct literal's `..rest`: the columns it does not name, each
/// carrying what `rest` carries.
pub const REST: &str = "..";

/// For a record written as a struct literal (`ActiveModel { id: Set(old.id), name: Set(name) }`):
/// what each column's value is computed from. A `..rest` is one more entry, [`REST`], with the
/// locals `rest` uses: `..Default::default()` (SeaORM: every other column `NotSet`, not written)
/// uses none, `..old.into()` carries the old row. `None` for any other record (a local).
pub fn written_from(e: &syn::Expr) -> Option<Vec<Written>> {
    let syn::Expr::Struct(st) = peel(e) else {
        return None;
    };
    let mut out = Vec::new();
    if let Some(rest) = &st.rest {
        let idents = crate::model::func::idents_in(rest);
        out.push(Written {
            col: REST.to_string(),
            uses: idents
                .iter()
                .map(|i| (i.clone(), fields_read(rest, std::slice::from_ref(i))))
                .collect(),
        });
    }
    for fv in &st.fields {
        let syn::Member::Named(m) = &fv.member else {
            continue;
        };
        let idents = crate::model::func::idents_in(&fv.expr);
        let uses = idents
            .iter()
            .map(|i| (i.clone(), fields_read(&fv.expr, std::slice::from_ref(i))))
            .collect();
        out.push(Written {
            col: m.to_string().to_ascii_lowercase(),
            uses,
        });
    }
    Some(out)
}

/// The fields of the locals `names` that `e` reads (`coupon.uses >= coupon.max_uses` ->
/// `uses`, `max_uses`), lower-cased, in order, once each.
pub fn fields_read(e: &syn::Expr, names: &[String]) -> Vec<String> {
    use syn::visit::Visit;
    struct V<'n> {
        names: &'n [String],
        out: Vec<String>,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
            if let syn::Expr::Path(p) = &*f.base
                && p.path.segments.len() == 1
                && self.names.iter().any(|n| p.path.segments[0].ident == n)
                && let syn::Member::Named(m) = &f.member
            {
                let m = m.to_string().to_ascii_lowercase();
                if !self.out.contains(&m) {
                    self.out.push(m);
                }
            }
            syn::visit::visit_expr_field(self, f);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    }
    let mut v = V {
        names,
        out: Vec::new(),
    };
    v.visit_expr(e);
    v.out
}
