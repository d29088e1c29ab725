//! One walk of a file collecting what the store rules query: store calls, SQL executions,
//! `let` bindings, conditions and the regions they decide, mutations, loops.
//! Expressions are borrowed from the syntax tree (a nested store call's argument is not
//! copied at every level); those parsed from macro arguments are owned.

use super::sql::{self, SqlInfo};
use super::verbs::StoreVerbs;
use crate::diagnostic::Span;
use crate::model::FileSyntax;
use crate::model::decisions::diverges;
use crate::model::func::{idents_in, pat_names};
use crate::model::span::span_of;
use crate::model::syntax::compound_op;
use crate::model::syntax::{is_lock_method, place_of};
pub use crate::model::syntax::{peel_result, peel_value as peel};
use crate::model::{Resolver, TypeClass};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use syn::visit::Visit;

#[derive(Clone, Debug)]
pub struct Arg<'a> {
    pub expr: Cow<'a, syn::Expr>,
    pub span: Span,
    /// What [`Arg::text`] shows: the expression with `&`, `.clone()`, `.as_str()` peeled.
    text_span: Span,
    /// Computed when asked: an argument holding nested store calls is not walked once per
    /// level.
    idents: OnceCell<Vec<String>>,
}

impl<'a> Arg<'a> {
    pub(super) fn new(expr: Cow<'a, syn::Expr>) -> Self {
        Arg {
            span: span_of(&*expr),
            text_span: span_of(peel(&expr)),
            expr,
            idents: OnceCell::new(),
        }
    }
    /// Normalised text (`&`, `.clone()`, `.as_str()` peeled; whitespace removed).
    pub fn text(&self, source: &crate::source::SourceFile) -> String {
        compact(source.slice(self.text_span))
    }
    /// Single-segment identifiers used in the expression.
    pub fn idents(&self) -> &[String] {
        self.idents.get_or_init(|| idents_in(&self.expr))
    }
    fn into_owned(self) -> Arg<'static> {
        Arg {
            expr: Cow::Owned(self.expr.into_owned()),
            span: self.span,
            text_span: self.text_span,
            idents: self.idents,
        }
    }
}

/// A method call `recv.verb(args)` whose name is one of the store verbs.
#[derive(Clone, Debug)]
pub struct StoreCall<'a> {
    pub span: Span,
    /// From the method name to the end of the call: where diagnostics point (a receiver
    /// chain may start lines earlier).
    pub report: Span,
    pub fn_idx: usize,
    pub verb: String,
    pub recv: String,
    pub recv_span: Span,
    pub args: Vec<Arg<'a>>,
    /// The call's future is awaited in place (`recv.verb(..).await`).
    pub awaited: bool,
    /// The receiver may be a store: not a local map, lock, atomic, collection or guard.
    pub store_like: bool,
    /// The receiver is a cache (its text, or the type of `self`, mentions `cache`).
    pub cache: bool,
    /// An argument is a `&mut` buffer (`file.read(&mut buf)`): I/O, not a record fetch.
    pub mut_arg: bool,
    /// The receiver's type where it is an application type (`Map` for `db: &Arc<Map>` or
    /// `self` in `impl Map`): whose methods say whether the object is shared.
    pub recv_ty: Option<String>,
}

impl StoreCall<'_> {
    /// The call runs on a key-value transaction (`tx.get(k)`, `txn.set(k, v)`, a receiver
    /// of type `Transaction`): the KV stores' transactions (TiKV, FoundationDB, SurrealKV,
    /// sled, redb) are snapshot-isolated or serialized, so two transactions that read a key
    /// and then write it conflict at commit and one of them fails; the check or the read
    /// and the write are one atomic unit.
    pub fn on_transaction(&self) -> bool {
        super::orm::names_transaction(&self.recv)
            || self
                .recv_ty
                .as_deref()
                .is_some_and(super::orm::names_transaction)
    }
}

/// An SQL statement executed from a string literal, with the Rust expressions bound to its
/// placeholders (`params[0]` is `$1`).
#[derive(Clone, Debug)]
pub struct SqlExec<'a> {
    /// The executing expression (the whole builder chain or call).
    pub span: Span,
    pub lit_span: Span,
    /// Where diagnostics point: the SQL call (`sqlx::query(..)`, `client.execute(..)` from
    /// the method name) to the end of the chain.
    pub report: Span,
    pub fn_idx: usize,
    pub info: SqlInfo,
    pub params: Vec<Option<Arg<'a>>>,
    /// The database handle the statement runs on, when the API names it
    /// (`&mut *tx`, `&pool`, `client`, `conn`).
    pub executor: Option<String>,
}

#[derive(Clone, Debug)]
pub struct LetFact {
    pub span: Span,
    pub init: Span,
    pub names: Vec<String>,
    pub fn_idx: usize,
    /// The call producing the value, through `?`, `.await`, `unwrap`, ... (its span).
    pub core: Option<Span>,
    /// `let found = repo.find(k).await?.is_some()`: the test and the tested call's span.
    pub test: Option<(String, Span)>,
    /// The initialiser computes a new value: arithmetic or a struct update (`..old`).
    pub computes: bool,
    /// Where the value comes from: loaded from elsewhere, or generated fresh.
    pub source: ValueSource,
    /// A record built as a struct literal: what each column's value is computed from.
    pub written: Option<Vec<super::orm::Written>>,
}

/// Where a `let`'s value comes from, as far as its initialiser tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSource {
    /// It calls a reader (`find`/`load`/`fetch`/`get`/`query`/`read`/`select`...), awaits
    /// nothing else and generates nothing: the value is loaded from a source another caller
    /// would load the same way (`let key = Self::find(name).await?.into_api_key()?`).
    Loaded,
    /// It calls a generator (`Uuid::new_v4()`, `rand::random()`, `thread_rng()`,
    /// `SystemTime::now()`, `nanoid!()`, `generate_*`): two callers get different values.
    Generated,
    Other,
}

/// Calls whose result differs per call: a value built from one is not what another caller
/// would build.
const GENERATORS: &[&str] = &[
    "new_v4",
    "new_v7",
    "now_v7",
    "random",
    "gen",
    "gen_range",
    "thread_rng",
    "rng",
    "now",
    "nanoid",
    "fresh",
    "next_id",
    "fetch_add",
    "sample",
    "shuffle",
    "uuid4",
];

fn is_generator(name: &str) -> bool {
    GENERATORS.contains(&name) || name.starts_with("generate") || name.starts_with("new_random")
}

fn is_reader(name: &str) -> bool {
    [
        "find", "load", "fetch", "get", "query", "read", "select", "lookup", "retrieve",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Where the value of initialiser `e` comes from ([`ValueSource`]).
pub fn value_source(e: &syn::Expr) -> ValueSource {
    #[derive(Default)]
    struct V {
        loads: bool,
        generates: bool,
        /// An awaited call that is no reader (`payments::charge(..).await`): the value is
        /// the outcome of an action, which each caller performs anew.
        acts: bool,
    }
    fn call_name(e: &syn::Expr) -> Option<String> {
        match e {
            syn::Expr::MethodCall(m) => Some(m.method.to_string()),
            syn::Expr::Call(c) => match &*c.func {
                syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            syn::Expr::Try(t) => call_name(&t.expr),
            syn::Expr::Paren(p) => call_name(&p.expr),
            _ => None,
        }
    }
    impl<'ast> Visit<'ast> for V {
        fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
            match call_name(&a.base) {
                Some(n) if is_reader(&n) => self.loads = true,
                _ => self.acts = true,
            }
            syn::visit::visit_expr_await(self, a);
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let n = m.method.to_string();
            self.generates |= is_generator(&n);
            self.loads |= is_reader(&n);
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func
                && let Some(last) = p.path.segments.last()
            {
                let n = last.ident.to_string();
                self.generates |= is_generator(&n);
                self.loads |= is_reader(&n);
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if let Some(last) = m.path.segments.last() {
                self.generates |= is_generator(&last.ident.to_string());
            }
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    }
    let mut v = V::default();
    v.visit_expr(e);
    if v.generates {
        ValueSource::Generated
    } else if v.loads && !v.acts {
        ValueSource::Loaded
    } else {
        ValueSource::Other
    }
}

/// When a region runs, in terms of its condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    True,
    False,
    /// A `match` arm `Some(..)` / `Ok(Some(..))`.
    SomeArm,
    /// A `match` arm `None` / `Ok(None)`.
    NoneArm,
    /// A `match` arm `Ok(row)` (any pattern but `Some` / `None` / a literal inside): for a
    /// lookup that answers "no such row" with an error (diesel `first(conn)`), the row exists.
    OkArm,
    /// A `match` arm `Err(e)` / `Err(_)` (not a "not found" error by name, which is
    /// [`When::NoneArm`]): for such a lookup, no row was found (or the query failed).
    ErrArm,
}

#[derive(Clone, Debug)]
pub struct Region {
    pub span: Span,
    pub when: When,
}

#[derive(Clone, Debug)]
pub struct CondFact<'a> {
    pub cond: Cow<'a, syn::Expr>,
    pub cond_span: Span,
    pub regions: Vec<Region>,
    pub fn_idx: usize,
    /// `let Some(x) = lookup else { return .. };`: the rest of the block is the region (the
    /// "find it or answer 404" of a handler, not a decision to use the row up).
    pub let_else: bool,
}

#[derive(Clone, Debug)]
pub struct Mutation {
    pub span: Span,
    /// The local the mutated place starts from.
    pub root: String,
    /// The field path below the root (`post.stats.likes` -> `["stats", "likes"]`).
    pub fields: Vec<String>,
    /// `+=`-style, or a mutating method (`push`, `insert`, ...): reads the old value.
    pub reads_old: bool,
    /// Identifiers of the new value (the right-hand side / the arguments).
    pub rhs_idents: Vec<String>,
    /// The new value's span (empty for method calls); its text is sliced from the source
    /// when a rule asks (a copy per mutation was quadratic in nested assignments).
    pub rhs: Span,
    pub fn_idx: usize,
}

/// A `for` loop of a function.
#[derive(Clone, Debug)]
pub struct ForLoop {
    pub fn_idx: usize,
    pub body: Span,
    /// The names its pattern binds (`(k, v)`: `k`, `v`).
    pub names: Vec<String>,
    /// It iterates a `HashMap` / `HashSet` (or its keys, values, entries): an order that
    /// differs between two runs over the same elements.
    pub unordered: bool,
    /// The local the loop iterates, through `&`, `.iter()`, `.keys()`, `.enumerate()`, ..
    /// (`for (id, _) in requests.iter()`: `requests`): where it is a parameter, the order is
    /// the caller's.
    pub root: Option<String>,
    /// For an unordered loop over the hash map or set itself (`&m`, `m`, `m.iter()`,
    /// `m.keys()`, ..): how its items are taken, the text a sorted rewrite builds on.
    pub hashed_iter: Option<HashedIter>,
}

/// The expression of a `for` loop over a `HashMap` / `HashSet` (the loop's items are those of
/// `recv.call()`): `for (k, v) in &m` is `m.iter()`, `for k in m.keys()` is `m.keys()`, `for x
/// in m` is `m.into_iter()`. Collected into a `BTreeMap` / `BTreeSet` the same items come in
/// key order (keys are unique, so nothing is merged).
#[derive(Clone, Debug)]
pub struct HashedIter {
    /// The loop's whole expression.
    pub span: Span,
    /// The map or set (a place: a local, a field).
    pub recv: Span,
    /// `iter`, `iter_mut`, `into_iter`, `keys`, `into_keys` or `drain`.
    pub call: &'static str,
    /// The items are key-value pairs (a map iterated whole), not keys.
    pub pairs: bool,
}

#[derive(Default, Debug)]
pub struct Facts<'a> {
    pub calls: Vec<StoreCall<'a>>,
    /// Store methods that read or bump one named counter (`get_keyset_counter(id)`,
    /// `increment_keyset_counter(id, n)`): see [`counter_verb`].
    pub counter_calls: Vec<StoreCall<'a>>,
    pub sqls: Vec<SqlExec<'a>>,
    pub lets: Vec<LetFact>,
    pub conds: Vec<CondFact<'a>>,
    pub mutations: Vec<Mutation>,
    /// Loop bodies, with the function they are in.
    pub loops: Vec<(usize, Span)>,
    /// `for` loops: what they bind and whether their order is unspecified.
    pub for_loops: Vec<ForLoop>,
    /// Expressions that are whole statements (`expr;`): their value is discarded.
    pub stmt_exprs: Vec<Span>,
    /// Data access through diesel, SeaORM or the application's record types.
    pub dbops: Vec<super::orm::DbOp<'a>>,
    /// Calls of the application's data helpers by path, named like a read or an update
    /// ([`super::orm::helper_call`]): unconfirmed until the workspace phase reads the helper's
    /// summary, so only the rules that defer to it look at them.
    pub helper_ops: Vec<super::orm::DbOp<'a>>,
    /// Methods of the application's record type called on a found record with a connection
    /// ([`super::orm::record_method_call`]): what each does is its summary's.
    pub record_calls: Vec<super::orm::DbOp<'a>>,
    /// `.await` spans of awaited method calls, by the call's span.
    pub file_uses_redis: bool,
    pub file_uses_sea_orm: bool,
    pub file_uses_diesel: bool,
    pub file_uses_rusqlite: bool,
    /// Where the file's functions take a database advisory lock ([`AdvisoryLock`]): SQL
    /// text naming `pg_advisory_lock` / `pg_advisory_xact_lock` / MySQL `GET_LOCK(` in a
    /// string literal of the function (not a comment), a call of a helper named for one
    /// (`acquire_advisory_lock(tx)`), or a call of a function of this file that takes one.
    pub advisory_locks: Vec<AdvisoryLock>,
    /// The file imports a Postgres or MySQL driver or type / a SQLite one.
    pub file_uses_pg_or_mysql: bool,
    pub file_uses_sqlite: bool,
}

/// A database advisory lock taken in function `fn_idx` at byte `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdvisoryLock {
    pub fn_idx: usize,
    pub at: usize,
}

/// SQL text that takes a database advisory lock: PostgreSQL `pg_advisory_lock`,
/// `pg_advisory_xact_lock` (and their `try` forms), MySQL `GET_LOCK(`.
pub fn takes_advisory_lock(sql: &str) -> bool {
    let t = sql.to_ascii_lowercase();
    t.contains("advisory_lock") || t.contains("advisory_xact_lock") || t.contains("get_lock(")
}

/// A function named for taking an advisory lock (`acquire_advisory_lock`,
/// `take_function_advisory_lock`), not one computing its key (`advisory_lock_id`,
/// `function_advisory_lock_key`) or releasing it.
fn advisory_lock_helper(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("advisory")
        && n.contains("lock")
        && !n.contains("unlock")
        && !n.contains("release")
        && !["_id", "_ids", "_key", "_keys"]
            .iter()
            .any(|s| n.ends_with(s))
}

/// Whether the named function `root` of `fns` is called in this file, and every call of its
/// name here is made inside a transaction that is retried when it fails to serialize
/// ([`super::orm::retried_transaction_closure`]): a helper that takes the transaction's
/// connection (`create_user_in_txn(&conn, ..)`). One level of callers, in this file, as for
/// advisory locks ([`Facts::advisory_lock_before`]).
fn called_in_retried_transactions(fns: &[crate::model::FnModel], src: &str, root: usize) -> bool {
    let g = &fns[root];
    if g.parent.is_some() {
        return false;
    }
    let name = g.name.rsplit("::").next().unwrap_or(&g.name);
    let mut any = false;
    for (i, h) in fns.iter().enumerate() {
        if h.calls.iter().any(|c| c.name() == name) {
            if crate::model::func::outermost(fns, i) == root
                || super::orm::retried_transaction_closure(fns, src, i).is_none()
            {
                return false;
            }
            any = true;
        }
    }
    any
}

impl<'a> Facts<'a> {
    /// Whether an advisory lock is held at `at` in function `f`: its outermost function takes
    /// one before `at`, or a function of this file takes one and then calls that function.
    /// One level of callers, in this file: a lock taken in another file is not seen.
    pub fn advisory_lock_before(&self, fns: &[crate::model::FnModel], f: usize, at: usize) -> bool {
        if self.advisory_locks.is_empty() || f >= fns.len() {
            return false;
        }
        let outer = |i: usize| crate::model::func::outermost(fns, i);
        let root = outer(f);
        if self
            .advisory_locks
            .iter()
            .any(|l| outer(l.fn_idx) == root && l.at < at)
        {
            return true;
        }
        let g = &fns[root];
        if g.parent.is_some() {
            return false;
        }
        let name = g.name.rsplit("::").next().unwrap_or(&g.name);
        self.advisory_locks.iter().any(|l| {
            let caller = outer(l.fn_idx);
            caller != root
                && fns.iter().enumerate().any(|(i, h)| {
                    outer(i) == caller
                        && h.calls
                            .iter()
                            .any(|c| c.name() == name && c.span.start > l.at)
                })
        })
    }

    /// Whether the check or read at `at` in function `f` (of `fns`, in the file `src`) runs
    /// where the database serializes it with any other run of the same code: its outermost
    /// function sets a serializable isolation level or takes a SQLite write lock
    /// ([`super::sql::is_serializing`], `IsolationLevel::Serializable`,
    /// `TransactionBehavior::Immediate` / `Exclusive`), holds a database advisory lock at
    /// `at` ([`Facts::advisory_lock_before`]), runs in a transaction that is retried when it
    /// fails to serialize ([`super::orm::retried_transaction_closure`]) or is a helper this
    /// file calls only inside such transactions ([`called_in_retried_transactions`]), or runs
    /// on SQLite inside a transaction (a conflicting writer fails with `SQLITE_BUSY`).
    pub fn serializing(
        &self,
        fns: &[crate::model::FnModel],
        src: &str,
        f: usize,
        at: usize,
    ) -> bool {
        if f >= fns.len() {
            return false;
        }
        let root = crate::model::func::outermost(fns, f);
        let span = fns[root].span;
        let text = src.get(span.start..span.end).unwrap_or("");
        if super::sql::is_serializing(text)
            || self.advisory_lock_before(fns, f, at)
            || text.contains("IsolationLevel::Serializable")
            || text.contains("TransactionBehavior::Immediate")
            || text.contains("TransactionBehavior::Exclusive")
            || super::orm::retried_transaction_closure(fns, src, f).is_some()
            || called_in_retried_transactions(fns, src, root)
        {
            return true;
        }
        // SQLite transactions are serializable: a conflicting writer fails with SQLITE_BUSY
        let other_db = text.contains("Pg") || text.contains("MySql") || self.file_uses_pg_or_mysql;
        let sqlite = text.contains("Sqlite") || self.file_uses_sqlite;
        // (a transaction opened by a helper the statements run in: `with_transaction(|txn| ..)`,
        // the statements on `txn`)
        let on_transaction = self.sqls.iter().any(|q| {
            crate::model::func::outermost(fns, q.fn_idx) == root
                && q.executor
                    .as_deref()
                    .is_some_and(super::orm::names_transaction)
        });
        (self.file_uses_rusqlite && text.contains(".transaction("))
            || (sqlite && !other_db && (text.contains(".begin()") || on_transaction))
    }

    /// What a walk of owned expressions (parsed from macro arguments) found, appended.
    fn absorb(&mut self, other: Facts<'_>) {
        let owned = |a: Arg<'_>| a.into_owned();
        self.calls
            .extend(other.calls.into_iter().map(|c| StoreCall {
                args: c.args.into_iter().map(owned).collect(),
                ..c
            }));
        self.counter_calls
            .extend(other.counter_calls.into_iter().map(|c| StoreCall {
                args: c.args.into_iter().map(owned).collect(),
                ..c
            }));
        for q in other.sqls {
            // as `push_sql`: one statement once
            if !self
                .sqls
                .iter()
                .any(|s| s.lit_span == q.lit_span && s.span.encloses(q.span))
            {
                self.sqls.push(SqlExec {
                    params: q.params.into_iter().map(|p| p.map(owned)).collect(),
                    ..q
                });
            }
        }
        self.conds.extend(other.conds.into_iter().map(|c| CondFact {
            cond: Cow::Owned(c.cond.into_owned()),
            ..c
        }));
        let owned_op = |o: super::orm::DbOp<'_>| super::orm::DbOp {
            keys: o.keys.into_iter().map(owned).collect(),
            record: o.record.map(owned),
            sets: o
                .sets
                .into_iter()
                .map(|s| super::orm::DbSet {
                    value: owned(s.value),
                    ..s
                })
                .collect(),
            ..o
        };
        for o in other.dbops {
            if !self.dbops.iter().any(|d| d.exec == o.exec) {
                self.dbops.push(owned_op(o));
            }
        }
        for o in other.helper_ops {
            if !self.helper_ops.iter().any(|d| d.exec == o.exec) {
                self.helper_ops.push(owned_op(o));
            }
        }
        for o in other.record_calls {
            if !self.record_calls.iter().any(|d| d.exec == o.exec) {
                self.record_calls.push(owned_op(o));
            }
        }
        self.lets.extend(other.lets);
        self.mutations.extend(other.mutations);
        self.loops.extend(other.loops);
        self.for_loops.extend(other.for_loops);
        self.stmt_exprs.extend(other.stmt_exprs);
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
            && self.counter_calls.is_empty()
            && self.sqls.is_empty()
            && self.dbops.is_empty()
            && self.helper_ops.is_empty()
    }
    /// The data access whose query (or executing call) is `span`.
    pub fn dbop_at(&self, span: Span) -> Option<&super::orm::DbOp<'a>> {
        self.dbops.iter().find(|d| d.span == span || d.exec == span)
    }
    /// The call of a data helper ([`Self::helper_ops`]) at `span`.
    pub fn helper_op_at(&self, span: Span) -> Option<&super::orm::DbOp<'a>> {
        self.helper_ops.iter().find(|d| d.span == span)
    }
    /// Whether `op` is a data helper's call (unconfirmed until the workspace phase).
    pub fn is_helper(&self, op: &super::orm::DbOp) -> bool {
        self.helper_ops.iter().any(|h| std::ptr::eq(h, op))
    }
    pub fn call_at(&self, span: Span) -> Option<&StoreCall<'a>> {
        self.calls.iter().find(|c| c.span == span)
    }
    /// The innermost `let` of function `f` whose initialiser contains `span`.
    pub fn let_around(&self, f: usize, span: Span) -> Option<&LetFact> {
        self.lets
            .iter()
            .filter(|l| l.fn_idx == f && l.init.encloses(span))
            .min_by_key(|l| l.init.end - l.init.start)
    }
    pub fn in_loop_with(&self, f: usize, a: Span, b: Span) -> bool {
        self.loops
            .iter()
            .any(|(lf, s)| *lf == f && s.encloses(a) && s.encloses(b))
    }
}

/// A store method on one named counter: `get_keyset_counter` -> (false, `keyset_counter`),
/// `increment_keyset_counter` -> (true, `keyset_counter`). The name must say it is a counter
/// (`counter`, `count`, `seq`, `sequence`, `index`, `nonce`) for a read; an increment is
/// `increment_*`, `incr_*`, `bump_*`.
pub fn counter_verb(verb: &str) -> Option<(bool, &str)> {
    let (bump, rest) = if let Some(r) = ["increment_", "incr_", "bump_"]
        .iter()
        .find_map(|p| verb.strip_prefix(p))
    {
        (true, r)
    } else {
        (
            false,
            ["get_", "read_", "load_", "fetch_"]
                .iter()
                .find_map(|p| verb.strip_prefix(p))?,
        )
    };
    let counter = rest.split('_').any(|w| {
        matches!(
            w,
            "counter" | "count" | "seq" | "sequence" | "index" | "nonce"
        )
    });
    (counter && !rest.is_empty()).then_some((bump, rest))
}

/// The innermost function model (closures and async blocks included) enclosing `offset`.
pub fn fn_at(cx: FileSyntax, offset: usize) -> Option<usize> {
    cx.model.fn_containing(offset)
}

pub fn text_of(cx: FileSyntax, span: Span) -> String {
    cx.source
        .text
        .get(span.start..span.end)
        .unwrap_or("")
        .to_string()
}

pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn norm(cx: FileSyntax, e: &syn::Expr) -> String {
    compact(&text_of(cx, span_of(peel(e))))
}

const SQL_FNS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_with",
    "query_as_with",
    "query_scalar_with",
    "query_unchecked",
    "query_as_unchecked",
    "sql_query",
];

const SQL_MACROS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_unchecked",
    "query_as_unchecked",
    "query_scalar_unchecked",
];

/// Methods taking the SQL as first argument and the parameters as the second
/// (tokio-postgres, rusqlite, mysql_async).
const SQL_METHODS: &[&str] = &[
    "query",
    "query_one",
    "query_opt",
    "query_raw",
    "execute",
    "query_row",
    "query_map",
    "exec",
    "exec_first",
    "exec_drop",
    "query_first",
];

const MUTATING: &[&str] = &[
    "push",
    "push_str",
    "insert",
    "remove",
    "extend",
    "append",
    "retain",
    "pop",
    "truncate",
    "push_back",
    "push_front",
    "pop_back",
    "pop_front",
    "entry",
    "drain",
    "clear",
    "inc",
];

fn is_mutating(m: &str) -> bool {
    MUTATING.contains(&m)
        || [
            "increment",
            "incr",
            "decrement",
            "decr",
            "bump",
            "add_",
            "sub_",
        ]
        .iter()
        .any(|p| m.starts_with(p))
}

/// Collects the facts of the syntax tree it walks, whose expressions live for `'a`.
struct Collector<'c, 'f, 'a> {
    cx: FileSyntax<'f>,
    verbs: &'c StoreVerbs,
    facts: Facts<'a>,
    /// String constants and `let sql = ".."` bindings of the file, by name.
    strings: HashMap<String, String>,
    /// Awaited method call spans.
    awaited: Vec<Span>,
    /// For an `if` whose then-branch diverges, the rest of its block.
    after: HashMap<Span, Span>,
    /// Method-call spans already consumed as part of an SQL chain.
    consumed: std::collections::HashSet<Span>,
    /// The calls at the base of a query chain (`diesel::insert_into(t)` in
    /// `diesel::insert_into(t).values(..).execute(c)`): part of that query, not helpers.
    chain_bases: std::collections::HashSet<Span>,
    /// Addresses of expressions that are inner links of a method chain already looked at
    /// from its outermost call: a 20 000-link chain is flattened once, not once per link.
    inner_links: std::collections::HashSet<usize>,
    /// `let q = versions::table.filter(..);`: query builders bound to a local (not executed:
    /// no `.await`, `?`), by name, with the function and where the `let` ends.
    queries: HashMap<String, Vec<(usize, usize, &'a syn::Expr)>>,
    /// The file's text names an advisory lock somewhere: look at its string literals.
    lock_text: bool,
    /// Offsets of string literals (in code, macro arguments included) naming a lock function.
    lock_lits: Vec<usize>,
}

pub fn collect<'f>(cx: FileSyntax<'f>, verbs: &StoreVerbs) -> Facts<'f> {
    let mut c = Collector {
        cx,
        verbs,
        facts: Facts::default(),
        strings: HashMap::new(),
        awaited: Vec::new(),
        after: HashMap::new(),
        consumed: Default::default(),
        chain_bases: Default::default(),
        inner_links: Default::default(),
        queries: HashMap::new(),
        lock_text: false,
        lock_lits: Vec::new(),
    };
    let uses = &cx.model.index.uses;
    c.facts.file_uses_redis = uses.values().any(|p| {
        p.starts_with("redis")
            || p.starts_with("deadpool_redis")
            || p.starts_with("bb8_redis")
            || p.starts_with("fred")
    });
    c.facts.file_uses_sea_orm = uses.values().any(|p| p.starts_with("sea_orm"));
    c.facts.file_uses_diesel = uses.values().any(|p| p.starts_with("diesel"));
    c.facts.file_uses_rusqlite =
        uses.values().any(|p| p.starts_with("rusqlite")) || cx.source.text.contains("rusqlite::");
    c.lock_text = {
        let t = &cx.source.text;
        t.contains("advisory") || t.contains("GET_LOCK") || t.contains("get_lock")
    };
    c.facts.file_uses_pg_or_mysql = uses.values().any(|p| {
        p.contains("Pg") || p.contains("MySql") || p.contains("postgres") || p.contains("mysql")
    });
    c.facts.file_uses_sqlite = uses
        .values()
        .any(|p| p.contains("sqlite") || p.contains("Sqlite"));
    c.visit_file(cx.ast);
    let lits = std::mem::take(&mut c.lock_lits);
    c.facts.advisory_locks = advisory_locks(cx, &c.facts, lits);
    c.facts
}

/// [`Facts::advisory_locks`]: the literals naming a lock function (`lits`, byte offsets), the
/// SQL statements that take one, the calls of helpers named for one, and the calls of this
/// file's functions that take one themselves.
fn advisory_locks(cx: FileSyntax, facts: &Facts, mut lits: Vec<usize>) -> Vec<AdvisoryLock> {
    let fns = &cx.model.fns;
    lits.extend(
        facts
            .sqls
            .iter()
            .filter(|q| takes_advisory_lock(&q.info.text))
            .map(|q| q.span.start),
    );
    lits.sort_unstable();
    lits.dedup();
    let mut out: Vec<AdvisoryLock> = lits
        .into_iter()
        .filter_map(|at| {
            Some(AdvisoryLock {
                fn_idx: fn_at(cx, at)?,
                at,
            })
        })
        .collect();
    // the named functions that take a lock themselves: calling one takes it
    let takers: std::collections::HashSet<&str> = out
        .iter()
        .map(|l| {
            let g = &fns[crate::model::func::outermost(fns, l.fn_idx)];
            g.name.rsplit("::").next().unwrap_or(&g.name)
        })
        .collect();
    for (i, g) in fns.iter().enumerate() {
        for c in &g.calls {
            let n = c.name();
            if advisory_lock_helper(n) || takers.contains(n) {
                out.push(AdvisoryLock {
                    fn_idx: i,
                    at: c.span.start,
                });
            }
        }
    }
    out.sort_unstable_by_key(|l| (l.at, l.fn_idx));
    out.dedup();
    out
}

/// The local a `for` loop's expression iterates in its own order: `ids`, `&ids`,
/// `ids.iter().enumerate()`, `requests.iter().rev()` (not a sorted or filtered view).
fn iterated_local(e: &syn::Expr) -> Option<String> {
    let place = place_of(iterated(e, true))?;
    match place.root {
        crate::model::place::Root::Local(n) if place.fields.is_empty() => Some(n),
        _ => None,
    }
}

/// What a `for` loop's expression iterates: `&x`, `x.iter()`, `x.keys()`, `x.values()`,
/// `x.drain(..)` give `x`; with `order_kept`, also through `.enumerate()`, `.cloned()`,
/// `.copied()` and `.rev()` (which keep the collection's order, or reverse it).
fn iterated(e: &syn::Expr, order_kept: bool) -> &syn::Expr {
    let mut e = peel(e);
    while let syn::Expr::MethodCall(mc) = e
        && match mc.method.to_string().as_str() {
            "iter" | "iter_mut" | "into_iter" | "keys" | "values" | "values_mut" | "drain"
            | "into_keys" | "into_values" => true,
            "enumerate" | "cloned" | "copied" | "rev" => order_kept && mc.args.is_empty(),
            _ => false,
        }
    {
        e = peel(&mc.receiver);
    }
    e
}

impl<'a> Collector<'_, '_, 'a> {
    fn fn_idx(&self, offset: usize) -> Option<usize> {
        fn_at(self.cx, offset)
    }

    /// Whether a `for` loop's expression iterates a hash map or set (through `&`, `.iter()`,
    /// `.keys()`, `.values()`, `.drain()`, ..).
    fn iterates_unordered(&self, f: usize, e: &syn::Expr) -> bool {
        let Some(place) = place_of(iterated(e, false)) else {
            return false;
        };
        let r = Resolver::new(&self.cx.model.index);
        r.resolve(&self.cx.model.fns, f, &place).is_some_and(|res| {
            let hashed = |n: &str| n.contains("HashMap") || n.contains("HashSet");
            match &res.ty.class {
                TypeClass::Map { name } => hashed(name),
                _ => hashed(&res.ty.text),
            }
        })
    }

    /// [`HashedIter`] of a `for` loop's expression `e`, when it is the map or set itself, a
    /// reference to it, or one call on it that takes its items in place.
    fn hashed_iter(&self, f: usize, e: &syn::Expr) -> Option<HashedIter> {
        let (recv, call) = match e {
            syn::Expr::Reference(r) => (
                &*r.expr,
                if r.mutability.is_some() {
                    "iter_mut"
                } else {
                    "iter"
                },
            ),
            syn::Expr::MethodCall(mc) if mc.args.is_empty() => {
                let call = match mc.method.to_string().as_str() {
                    "iter" => "iter",
                    "iter_mut" => "iter_mut",
                    "into_iter" => "into_iter",
                    "keys" => "keys",
                    "into_keys" => "into_keys",
                    "drain" => "drain",
                    _ => return None,
                };
                (&*mc.receiver, call)
            }
            syn::Expr::Path(_) | syn::Expr::Field(_) => (e, "into_iter"),
            _ => return None,
        };
        if !matches!(recv, syn::Expr::Path(_) | syn::Expr::Field(_)) {
            return None;
        }
        let place = place_of(recv)?;
        let r = Resolver::new(&self.cx.model.index);
        let res = r.resolve(&self.cx.model.fns, f, &place)?;
        let name = match &res.ty.class {
            TypeClass::Map { name } => name.clone(),
            _ => res.ty.text.clone(),
        };
        let map = name.contains("HashMap");
        if !map && !name.contains("HashSet") {
            return None;
        }
        Some(HashedIter {
            span: span_of(e),
            recv: span_of(recv),
            call,
            pairs: map && !matches!(call, "keys" | "into_keys"),
        })
    }

    fn arg(&self, e: &'a syn::Expr) -> Arg<'a> {
        Arg::new(Cow::Borrowed(e))
    }

    /// Walk expressions parsed from a macro's arguments (owned here, not in the tree) with
    /// this collector's state, keeping what they contribute.
    fn walk_owned(&mut self, exprs: &[syn::Expr]) {
        let mut sub = Collector {
            cx: self.cx,
            verbs: self.verbs,
            facts: Facts::default(),
            strings: std::mem::take(&mut self.strings),
            awaited: std::mem::take(&mut self.awaited),
            after: std::mem::take(&mut self.after),
            consumed: std::mem::take(&mut self.consumed),
            chain_bases: std::mem::take(&mut self.chain_bases),
            inner_links: std::mem::take(&mut self.inner_links),
            // (borrowed from the tree: not the owned expressions' lifetime)
            queries: HashMap::new(),
            // (the literals of a macro's tokens are scanned by the outer walk)
            lock_text: false,
            lock_lits: Vec::new(),
        };
        for e in exprs {
            sub.visit_expr(e);
        }
        self.strings = sub.strings;
        self.awaited = sub.awaited;
        self.after = sub.after;
        self.consumed = sub.consumed;
        self.chain_bases = sub.chain_bases;
        self.inner_links = sub.inner_links;
        self.facts.absorb(sub.facts);
    }

    fn string_value(&self, e: &syn::Expr) -> Option<(String, Span)> {
        match peel(e) {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some((s.value(), span_of(s))),
            syn::Expr::Path(p) => {
                let name = p.path.segments.last()?.ident.to_string();
                self.strings.get(&name).map(|s| (s.clone(), span_of(p)))
            }
            _ => None,
        }
    }

    /// Whether the receiver of a store call may be a store.
    fn store_like(&self, f: usize, recv: &syn::Expr) -> bool {
        let core = peel(recv);
        // a guard or a borrow: `m.lock().await.get(..)`, `cell.borrow_mut()`
        if let syn::Expr::MethodCall(mc) = peel_result(core) {
            let m = mc.method.to_string();
            if is_lock_method(mc) || m.starts_with("borrow") || m == "iter" {
                return false;
            }
        }
        if let syn::Expr::Await(a) = core
            && let syn::Expr::MethodCall(mc) = peel_result(&a.base)
            && is_lock_method(mc)
        {
            return false;
        }
        let Some(place) = place_of(core) else {
            return true;
        };
        let r = Resolver::new(&self.cx.model.index);
        if let Some(res) = r.resolve(&self.cx.model.fns, f, &place) {
            let bad_name = |n: &str| {
                matches!(
                    n,
                    "Vec"
                        | "VecDeque"
                        | "String"
                        | "Option"
                        | "RefCell"
                        | "Cell"
                        | "LinkedList"
                        | "BinaryHeap"
                        | "SmallVec"
                        | "Slab"
                        | "HashMap"
                        | "BTreeMap"
                )
            };
            match &res.ty.class {
                TypeClass::Lock { .. }
                | TypeClass::Atomic { .. }
                | TypeClass::ConcurrentMap { .. }
                | TypeClass::Map { .. }
                | TypeClass::Once { .. }
                | TypeClass::Sync { .. } => return false,
                TypeClass::Plain { name } if bad_name(name) => return false,
                _ => {}
            }
            let t = res.ty.text.as_str();
            if t.starts_with("Vec<") || t.starts_with("&mut Vec") || t.contains("Guard<") {
                return false;
            }
        }
        true
    }

    fn record_call(&mut self, mc: &'a syn::ExprMethodCall) {
        let verb = mc.method.to_string();
        let counter = counter_verb(&verb).is_some() && !mc.args.is_empty();
        let store = self.verbs.any(&verb);
        if !store && !counter {
            return;
        }
        let span = span_of(mc);
        let Some(f) = self.fn_idx(span.start) else {
            return;
        };
        let recv_span = span_of(&*mc.receiver);
        let store_like =
            self.store_like(f, &mc.receiver) && !(is_lock_method(mc) && mc.args.is_empty());
        let mut_arg = mc
            .args
            .iter()
            .any(|a| matches!(a, syn::Expr::Reference(r) if r.mutability.is_some()));
        let recv_text = norm(self.cx, &mc.receiver);
        let self_ty = self.cx.model.fns[f].self_ty.clone().unwrap_or_default();
        let cache = recv_text.to_ascii_lowercase().contains("cache")
            || (recv_text == "self" && self_ty.to_ascii_lowercase().contains("cache"));
        let call = StoreCall {
            cache,
            span,
            report: Span::new(span_of(&mc.method).start, span.end),
            fn_idx: f,
            verb,
            recv: norm(self.cx, &mc.receiver),
            recv_span,
            args: mc.args.iter().map(|a| self.arg(a)).collect(),
            awaited: self.awaited.contains(&span),
            store_like,
            mut_arg,
            recv_ty: self.recv_type(f, &mc.receiver),
        };
        if counter {
            self.facts.counter_calls.push(call.clone());
        }
        if store {
            self.facts.calls.push(call);
        }
    }

    /// The application type of a receiver (a struct of the workspace, not a library's or a
    /// primitive), as declared.
    fn recv_type(&self, f: usize, recv: &syn::Expr) -> Option<String> {
        let place = place_of(peel(recv))?;
        let res =
            Resolver::new(&self.cx.model.index).resolve_object(&self.cx.model.fns, f, &place)?;
        match res.ty.class {
            TypeClass::Plain { name }
                if name.starts_with(|c: char| c.is_ascii_uppercase())
                    && !matches!(
                        name.as_str(),
                        "Vec"
                            | "VecDeque"
                            | "String"
                            | "Option"
                            | "Box"
                            | "RefCell"
                            | "Cell"
                            | "Self"
                    ) =>
            {
                Some(name)
            }
            _ => None,
        }
    }

    /// An SQL statement executed by a builder chain or call rooted at `e`.
    fn sql_chain(&mut self, outer: &'a syn::Expr) {
        // flatten the method chain: base.m1(a).m2(b)...
        let mut links: Vec<&'a syn::ExprMethodCall> = Vec::new();
        let mut cur = outer;
        loop {
            match cur {
                syn::Expr::MethodCall(mc) => {
                    links.push(mc);
                    cur = &mc.receiver;
                }
                syn::Expr::Await(a) => cur = &a.base,
                syn::Expr::Try(t) => cur = &t.expr,
                syn::Expr::Paren(p) => cur = &p.expr,
                _ => break,
            }
        }
        links.reverse();
        let span = span_of(outer);
        let Some(f) = self.fn_idx(span.start) else {
            return;
        };
        // sqlx / diesel: query("..").bind(x).bind(y).fetch_one(&pool)
        let base_sql = match cur {
            syn::Expr::Call(c) => {
                let last = match &*c.func {
                    syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                if last.as_deref().is_some_and(|l| SQL_FNS.contains(&l)) {
                    c.args.first().and_then(|a| self.string_value(a))
                } else {
                    None
                }
            }
            _ => None,
        };
        let macro_sql = match cur {
            syn::Expr::Macro(m) => self.macro_sql(&m.mac),
            _ => None,
        };
        if let Some((text, lit_span)) = base_sql {
            let params: Vec<Option<Arg>> = links
                .iter()
                .filter(|l| l.method == "bind")
                .map(|l| l.args.first().map(|a| self.arg(a)))
                .collect();
            let executor = links
                .iter()
                .find(|l| {
                    let m = l.method.to_string();
                    m.starts_with("fetch")
                        || matches!(
                            super::orm::sync_variant(&m, &["execute", "get_result", "load"]),
                            "execute" | "get_result" | "load"
                        )
                })
                .and_then(|l| l.args.first())
                .map(|a| norm(self.cx, a));
            self.push_sql(f, span, span, lit_span, &text, params, executor);
            self.consume_chain(&links, cur);
            return;
        }
        if let Some((text, lit_span, params)) = macro_sql {
            let executor = links
                .iter()
                .find(|l| l.method.to_string().starts_with("fetch") || l.method == "execute")
                .and_then(|l| l.args.first())
                .map(|a| norm(self.cx, a));
            self.push_sql(f, span, span, lit_span, &text, params, executor);
            self.consume_chain(&links, cur);
            return;
        }
        // tokio-postgres / rusqlite: client.query_one("..", &[&a]); conn.execute("..", params![a])
        for l in &links {
            let m = l.method.to_string();
            if !SQL_METHODS.contains(&m.as_str()) {
                continue;
            }
            let Some((text, lit_span)) = l.args.first().and_then(|a| self.string_value(a)) else {
                continue;
            };
            let params = l
                .args
                .iter()
                .nth(1)
                .map(|p| self.param_list(p))
                .unwrap_or_default();
            let executor = Some(norm(self.cx, &l.receiver));
            let report = Span::new(span_of(&l.method).start, span.end);
            self.push_sql(f, span, report, lit_span, &text, params, executor);
            self.consume_chain(&links, cur);
            return;
        }
        // diesel, SeaORM, active record
        let text = |s: Span| text_of(self.cx, s);
        // the query a local names here: its latest `let` in this function
        let queries = &self.queries;
        let local = |name: &str| -> Option<&'a syn::Expr> {
            queries
                .get(name)?
                .iter()
                .rev()
                .find(|(g, end, _)| *g == f && *end <= span.start)
                .map(|(_, _, e)| *e)
        };
        let chain = super::orm::Chain {
            links: &links,
            base: cur,
            fn_idx: f,
            text: &text,
            local: &local,
        };
        let classified = chain.classify();
        if classified.is_some() && !links.is_empty() {
            self.chain_bases.insert(span_of(cur));
        }
        if let Some(mut op) = classified
            && !self.facts.dbops.iter().any(|d| d.exec == op.exec)
        {
            if op.lib == super::orm::DbLib::ActiveRecord && op.record.is_some() {
                if self.facts.file_uses_sea_orm {
                    op.lib = super::orm::DbLib::SeaOrm;
                } else if self.facts.file_uses_diesel
                    && text_of(self.cx, op.report).starts_with("save_changes")
                {
                    op.lib = super::orm::DbLib::Diesel;
                }
            }
            self.facts.dbops.push(op);
        } else if links.is_empty()
            && let syn::Expr::Call(c) = cur
            && !self.chain_bases.contains(&span_of(c))
            && let Some(op) = super::orm::helper_call(c, f)
        {
            self.facts.helper_ops.push(op);
        } else if let Some((first, rest)) = links.split_first()
            && rest
                .iter()
                .all(|l| RESULT_ADAPTERS.contains(&l.method.to_string().as_str()))
            && let Some(op) = super::orm::self_helper_call(first, f)
        {
            self.facts.helper_ops.push(op);
        } else if let Some((first, rest)) = links.split_first()
            && rest
                .iter()
                .all(|l| RESULT_ADAPTERS.contains(&l.method.to_string().as_str()))
            && let Some(op) = super::orm::record_method_call(first, f, &|e| norm(self.cx, e))
        {
            self.facts.record_calls.push(op);
        }
    }

    /// A chain taken as one SQL statement: its links are not looked at again, and the call at
    /// its base is part of the statement (no data helper).
    fn consume_chain(&mut self, links: &[&syn::ExprMethodCall], base: &syn::Expr) {
        for l in links {
            self.consumed.insert(span_of(*l));
        }
        self.chain_bases.insert(span_of(base));
    }

    /// `query!("..", a, b)`, `query_as!(T, "..", a)`: the SQL and its arguments.
    fn macro_sql(&self, mac: &syn::Macro) -> Option<(String, Span, Vec<Option<Arg<'a>>>)> {
        let name = mac.path.segments.last()?.ident.to_string();
        if !SQL_MACROS.contains(&name.as_str()) {
            return None;
        }
        use syn::parse::Parser;
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let args = parser.parse2(mac.tokens.clone()).ok()?;
        let args: Vec<syn::Expr> = args.into_iter().collect();
        let pos = args.iter().position(|a| self.string_value(a).is_some())?;
        let (text, span) = self.string_value(&args[pos])?;
        let params = args[pos + 1..]
            .iter()
            .map(|a| Some(Arg::new(Cow::Owned(a.clone()))))
            .collect();
        Some((text, span, params))
    }

    /// `&[&a, &b]`, `params![a, b]`, `(a, b)`, `[a]`: the parameters in order.
    fn param_list(&self, e: &'a syn::Expr) -> Vec<Option<Arg<'a>>> {
        match peel(e) {
            syn::Expr::Array(a) => a.elems.iter().map(|x| Some(self.arg(x))).collect(),
            syn::Expr::Tuple(t) => t.elems.iter().map(|x| Some(self.arg(x))).collect(),
            syn::Expr::Macro(m) => {
                use syn::parse::Parser;
                let parser =
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
                match parser.parse2(m.mac.tokens.clone()) {
                    Ok(args) => args
                        .into_iter()
                        .map(|x| Some(Arg::new(Cow::Owned(x))))
                        .collect(),
                    Err(_) => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_sql(
        &mut self,
        f: usize,
        span: Span,
        report: Span,
        lit_span: Span,
        text: &str,
        params: Vec<Option<Arg<'a>>>,
        executor: Option<String>,
    ) {
        if self
            .facts
            .sqls
            .iter()
            .any(|s| s.lit_span == lit_span && s.span.encloses(span))
        {
            return;
        }
        let Some(info) = sql::parse_sql(text) else {
            return;
        };
        self.facts.sqls.push(SqlExec {
            span,
            lit_span,
            report,
            fn_idx: f,
            info,
            params,
            executor,
        });
    }

    /// Whether a macro's argument text calls anything the store facts record: a store verb,
    /// an SQL function, method or macro, or a mutating method. Parsing the arguments of every
    /// `println!` / `assert!` / `format!` in a file cost more than the rest of the store rules.
    fn macro_may_matter(&self, mac: &syn::Macro) -> bool {
        let sp = crate::model::span::macro_args_span(mac);
        let text = self.cx.source.text.get(sp.start..sp.end).unwrap_or("");
        let bytes = text.as_bytes();
        let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut i = 0;
        while i < bytes.len() {
            if !is_ident(bytes[i]) || (i > 0 && is_ident(bytes[i - 1])) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
            let word = &text[start..i];
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            // `name(`, `name!(`, `name::<T>(`: a call of `name`
            if j < bytes.len()
                && matches!(bytes[j], b'(' | b'!' | b':')
                && (self.verbs.any(word)
                    || SQL_FNS.contains(&word)
                    || SQL_MACROS.contains(&word)
                    || SQL_METHODS.contains(&word)
                    || is_mutating(word))
            {
                return true;
            }
        }
        false
    }

    fn visit_macro_args(&mut self, mac: &syn::Macro) {
        if !self.macro_may_matter(mac) {
            return;
        }
        use syn::parse::Parser;
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = parser.parse2(mac.tokens.clone()) {
            let args: Vec<syn::Expr> = args.into_iter().collect();
            self.walk_owned(&args);
        }
    }

    /// `ensure!(cond, ..)`: the rest of the block runs only when `cond` holds.
    fn guard_macro(&mut self, mac: &syn::Macro, stmt_span: Span, block_end: usize) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if !matches!(name.as_str(), "ensure" | "assert" | "ensure_eq") {
            return;
        }
        use syn::parse::Parser;
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = parser.parse2(mac.tokens.clone()) else {
            return;
        };
        let Some(cond) = args.first() else {
            return;
        };
        let Some(f) = self.fn_idx(stmt_span.start) else {
            return;
        };
        self.facts.conds.push(CondFact {
            cond: Cow::Owned(cond.clone()),
            cond_span: span_of(cond),
            regions: vec![Region {
                span: Span::new(stmt_span.end, block_end),
                when: When::True,
            }],
            fn_idx: f,
            let_else: false,
        });
    }
}

impl<'a> Visit<'a> for Collector<'_, '_, 'a> {
    crate::model::syntax::skip_non_code!('a);
    fn visit_item_const(&mut self, c: &'a syn::ItemConst) {
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &*c.expr
        {
            self.strings.insert(c.ident.to_string(), s.value());
        }
        syn::visit::visit_item_const(self, c);
    }

    fn visit_impl_item_const(&mut self, c: &'a syn::ImplItemConst) {
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &c.expr
        {
            self.strings.insert(c.ident.to_string(), s.value());
        }
        syn::visit::visit_impl_item_const(self, c);
    }

    fn visit_block(&mut self, b: &'a syn::Block) {
        let end = span_of(b).end.saturating_sub(1);
        for (i, s) in b.stmts.iter().enumerate() {
            match s {
                syn::Stmt::Expr(syn::Expr::If(ifx), _)
                    if ifx.else_branch.is_none() && diverges(&ifx.then_branch) =>
                {
                    let sp = span_of(ifx);
                    self.after.insert(sp, Span::new(sp.end, end));
                }
                // `let Some(row) = row else { return .. };`: the rest of the block runs where
                // the pattern matched
                syn::Stmt::Local(syn::Local {
                    pat,
                    init: Some(init),
                    ..
                }) if init.diverge.is_some() => {
                    let sp = span_of(s);
                    if let Some(when) = arm_when(pat)
                        && let Some(f) = self.fn_idx(sp.start)
                    {
                        self.facts.conds.push(CondFact {
                            cond: Cow::Borrowed(&*init.expr),
                            cond_span: span_of(&*init.expr),
                            regions: vec![Region {
                                span: Span::new(sp.end, end),
                                when,
                            }],
                            fn_idx: f,
                            let_else: true,
                        });
                    }
                }
                syn::Stmt::Macro(m) => {
                    self.guard_macro(&m.mac, span_of(s), end);
                }
                syn::Stmt::Expr(syn::Expr::Macro(m), _) => {
                    self.guard_macro(&m.mac, span_of(s), end);
                }
                _ => {}
            }
            // `match lookup { Ok(t) => return Ok(t), Err(e) => e }` as a statement or a `let`'s
            // initialiser: the rest of the block runs where nothing was found
            if let Some(m) = stmt_match(s)
                && absent_after(m).is_some()
            {
                let sp = span_of(s);
                self.after.insert(span_of(m), Span::new(sp.end, end));
            }
            if let syn::Stmt::Expr(e, Some(_)) = s {
                self.facts.stmt_exprs.push(span_of(e));
            } else if let syn::Stmt::Expr(e, None) = s
                && i + 1 < b.stmts.len()
            {
                self.facts.stmt_exprs.push(span_of(e));
            }
        }
        syn::visit::visit_block(self, b);
    }

    fn visit_local(&mut self, l: &'a syn::Local) {
        if let Some(init) = &l.init {
            let span = span_of(l);
            if let Some(f) = self.fn_idx(span.start) {
                if init.diverge.is_none()
                    && matches!(&*init.expr, syn::Expr::MethodCall(_))
                    && let [name] = pat_names(&l.pat).as_slice()
                {
                    self.queries
                        .entry(name.clone())
                        .or_default()
                        .push((f, span.end, &*init.expr));
                }
                // `let found = ctx!(q.one(&db).await)?`: a wrapper macro's argument is the value
                let wrapped = match peel_result(&init.expr) {
                    syn::Expr::Macro(m) => crate::model::syntax::wrapped_expr(&m.mac),
                    _ => None,
                };
                let value = wrapped.as_ref().unwrap_or(&init.expr);
                let core_expr = peel_result(value);
                let core = match core_expr {
                    syn::Expr::MethodCall(_) | syn::Expr::Call(_) | syn::Expr::Macro(_) => {
                        Some(span_of(core_expr))
                    }
                    _ => None,
                };
                let test = match core_expr {
                    syn::Expr::MethodCall(mc)
                        if matches!(
                            mc.method.to_string().as_str(),
                            "is_some" | "is_none" | "is_empty"
                        ) =>
                    {
                        Some((mc.method.to_string(), span_of(peel_result(&mc.receiver))))
                    }
                    _ => None,
                };
                self.facts.lets.push(LetFact {
                    span,
                    init: span_of(&*init.expr),
                    names: pat_names(&l.pat),
                    fn_idx: f,
                    core,
                    test,
                    computes: computes(value),
                    source: value_source(value),
                    written: super::orm::written_from(value),
                });
            }
            let name = match &l.pat {
                syn::Pat::Ident(p) => Some(p.ident.to_string()),
                syn::Pat::Type(t) => match &*t.pat {
                    syn::Pat::Ident(p) => Some(p.ident.to_string()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(name) = name
                && let Some((s, _)) = self.string_value(&init.expr)
                && sql::looks_like_sql(&s)
            {
                self.strings.insert(name, s);
            }
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_expr(&mut self, e: &'a syn::Expr) {
        match e {
            syn::Expr::Await(a) => {
                if let syn::Expr::MethodCall(mc) = &*a.base {
                    self.awaited.push(span_of(mc));
                }
            }
            syn::Expr::MethodCall(mc) => {
                if let Some((lookup, regions)) = error_arms(mc)
                    && let Some(f) = self.fn_idx(regions[0].span.start)
                {
                    // `lookup.or_else(|e| match e { NotFound => create(..), e => Err(e) })`:
                    // the arm runs where the lookup found no row (the closure's function: the
                    // insert is made there)
                    self.facts.conds.push(CondFact {
                        cond: Cow::Borrowed(lookup),
                        cond_span: span_of(lookup),
                        regions,
                        fn_idx: f,
                        let_else: false,
                    });
                }
                let key = e as *const syn::Expr as usize;
                if !self.inner_links.contains(&key) {
                    // mark every inner link of this chain: the outermost call covers them
                    let mut cur: &syn::Expr = &mc.receiver;
                    loop {
                        match cur {
                            syn::Expr::MethodCall(inner) => {
                                self.inner_links.insert(cur as *const syn::Expr as usize);
                                cur = &inner.receiver;
                            }
                            syn::Expr::Await(a) => cur = &a.base,
                            syn::Expr::Try(t) => cur = &t.expr,
                            syn::Expr::Paren(p) => cur = &p.expr,
                            _ => break,
                        }
                    }
                    if !self.consumed.contains(&span_of(mc)) {
                        self.sql_chain(e);
                    }
                }
                self.record_call(mc);
            }
            syn::Expr::Call(_) | syn::Expr::Macro(_) => {
                self.sql_chain(e);
            }
            syn::Expr::If(ifx) => {
                let span = span_of(ifx);
                if let Some(f) = self.fn_idx(span.start) {
                    let mut regions = vec![Region {
                        span: span_of(&ifx.then_branch),
                        when: When::True,
                    }];
                    if let Some((_, els)) = &ifx.else_branch {
                        regions.push(Region {
                            span: span_of(&**els),
                            when: When::False,
                        });
                    }
                    if let Some(after) = self.after.get(&span) {
                        regions.push(Region {
                            span: *after,
                            when: When::False,
                        });
                    }
                    self.facts.conds.push(CondFact {
                        cond: Cow::Borrowed(&*ifx.cond),
                        cond_span: span_of(&*ifx.cond),
                        regions,
                        fn_idx: f,
                        let_else: false,
                    });
                }
            }
            syn::Expr::Match(m) => {
                let span = span_of(m);
                if let Some(f) = self.fn_idx(span.start) {
                    let mut regions = Vec::new();
                    for arm in &m.arms {
                        let pat = match &arm.pat {
                            syn::Pat::Guard(g) => &*g.pat,
                            p => p,
                        };
                        let guarded = matches!(arm.pat, syn::Pat::Guard(_));
                        if let Some(when) = arm_when(pat)
                            && (!guarded || when == When::SomeArm)
                        {
                            regions.push(Region {
                                span: span_of(&*arm.body),
                                when,
                            });
                        }
                    }
                    if let Some(after) = self.after.get(&span)
                        && let Some(when) = absent_after(m)
                    {
                        regions.push(Region { span: *after, when });
                    }
                    if !regions.is_empty() {
                        self.facts.conds.push(CondFact {
                            cond: Cow::Borrowed(&*m.expr),
                            cond_span: span_of(&*m.expr),
                            regions,
                            fn_idx: f,
                            let_else: false,
                        });
                    }
                }
            }
            syn::Expr::Loop(l) => {
                let s = span_of(&l.body);
                if let Some(f) = self.fn_idx(s.start) {
                    self.facts.loops.push((f, s));
                }
            }
            syn::Expr::While(w) => {
                let s = span_of(w);
                if let Some(f) = self.fn_idx(s.start) {
                    self.facts.loops.push((f, s));
                }
            }
            syn::Expr::ForLoop(l) => {
                let s = span_of(&l.body);
                if let Some(f) = self.fn_idx(s.start) {
                    self.facts.loops.push((f, s));
                    let unordered = self.iterates_unordered(f, &l.expr);
                    let hashed_iter = if unordered {
                        self.hashed_iter(f, &l.expr)
                    } else {
                        None
                    };
                    self.facts.for_loops.push(ForLoop {
                        fn_idx: f,
                        body: s,
                        names: pat_names(&l.pat),
                        unordered,
                        root: iterated_local(&l.expr),
                        hashed_iter,
                    });
                }
            }
            syn::Expr::Assign(a) => self.mutation(span_of(a), &a.left, &a.right, None),
            syn::Expr::Binary(b) if let Some(op) = compound_op(&b.op) => {
                self.mutation(span_of(b), &b.left, &b.right, Some(format!("{op}=")))
            }
            _ => {}
        }
        if let syn::Expr::MethodCall(mc) = e {
            let m = mc.method.to_string();
            if is_mutating(&m)
                && let Some(place) = place_of(&mc.receiver)
                && let crate::model::Root::Local(root) = &place.root
                && let Some(f) = self.fn_idx(span_of(mc).start)
            {
                let mut idents = Vec::new();
                for a in &mc.args {
                    idents.extend(idents_in(a));
                }
                self.facts.mutations.push(Mutation {
                    span: span_of(mc),
                    root: root.clone(),
                    fields: place.fields.clone(),
                    reads_old: true,
                    rhs_idents: idents,
                    rhs: Span::new(0, 0),
                    fn_idx: f,
                });
            }
        }
        syn::visit::visit_expr(self, e);
        if let syn::Expr::Macro(m) = e {
            self.visit_macro_args(&m.mac);
        }
    }

    fn visit_stmt_macro(&mut self, m: &'a syn::StmtMacro) {
        self.visit_macro_args(&m.mac);
        syn::visit::visit_stmt_macro(self, m);
    }

    fn visit_lit_str(&mut self, s: &'a syn::LitStr) {
        if self.lock_text && takes_advisory_lock(&s.value()) {
            self.lock_lits.push(crate::model::span::lo(s.span()));
        }
    }

    fn visit_macro(&mut self, m: &'a syn::Macro) {
        // `format!("SELECT pg_advisory_xact_lock({key})")`, `sqlx::query!("..")`: the tokens'
        // literals (comments are no tokens)
        fn scan(ts: &proc_macro2::TokenStream, out: &mut Vec<usize>) {
            for t in ts.clone() {
                match t {
                    proc_macro2::TokenTree::Group(g) => scan(&g.stream(), out),
                    proc_macro2::TokenTree::Literal(l) if takes_advisory_lock(&l.to_string()) => {
                        out.push(crate::model::span::lo(l.span()))
                    }
                    _ => {}
                }
            }
        }
        if self.lock_text {
            scan(&m.tokens, &mut self.lock_lits);
        }
        syn::visit::visit_macro(self, m);
    }
}

impl Collector<'_, '_, '_> {
    fn mutation(&mut self, span: Span, left: &syn::Expr, right: &syn::Expr, op: Option<String>) {
        let Some(place) = place_of(left) else {
            return;
        };
        let crate::model::Root::Local(root) = &place.root else {
            return;
        };
        let Some(f) = self.fn_idx(span.start) else {
            return;
        };
        // `a = b = c`: an assignment's value is `()`, so nothing of the inner one flows into
        // `a` (and its identifiers, gathered at every level of `a = a = … = 1`, were
        // quadratic in the chain)
        let rhs_idents = if is_assignment(right) {
            Vec::new()
        } else {
            idents_in(right)
        };
        self.facts.mutations.push(Mutation {
            span,
            root: root.clone(),
            fields: place.fields.clone(),
            reads_old: op.is_some(),
            rhs_idents,
            rhs: span_of(right),
            fn_idx: f,
        });
    }
}

/// An assignment or compound assignment (in parentheses too): an expression whose value is `()`.
fn is_assignment(e: &syn::Expr) -> bool {
    match crate::model::syntax::peel_parens(e) {
        syn::Expr::Assign(_) => true,
        syn::Expr::Binary(b) => compound_op(&b.op).is_some(),
        _ => false,
    }
}

/// Whether an expression computes a new value: arithmetic, or a struct literal / update.
/// A function or method named for an arithmetic step (`increment`, `incr_by`, `decrement`,
/// `bump`): its result is a new value computed from its argument.
fn arithmetic_verb(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "increment",
        "incr",
        "inc",
        "decrement",
        "decr",
        "dec",
        "bump",
    ]
    .iter()
    .any(|v| n == *v || n.strip_prefix(v).is_some_and(|r| r.starts_with('_')))
}

pub fn computes(e: &syn::Expr) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
            use syn::BinOp::*;
            if matches!(
                b.op,
                Add(_)
                    | Sub(_)
                    | Mul(_)
                    | Div(_)
                    | Rem(_)
                    | BitOr(_)
                    | BitAnd(_)
                    | BitXor(_)
                    | Shl(_)
                    | Shr(_)
            ) {
                self.0 = true;
            }
            syn::visit::visit_expr_binary(self, b);
        }
        fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
            self.0 = true;
            syn::visit::visit_expr_struct(self, s);
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let n = m.method.to_string();
            if n.starts_with("saturating_")
                || n.starts_with("checked_")
                || n.starts_with("wrapping_")
                || n.starts_with("overflowing_")
                || matches!(n.as_str(), "max" | "min" | "pow" | "abs")
                || arithmetic_verb(&n)
            {
                self.0 = true;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        // `utils::increment(old.as_deref())`: a helper named for the arithmetic it does
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| arithmetic_verb(&s.ident.to_string()))
            {
                self.0 = true;
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    }
    let mut v = V(false);
    v.visit_expr(e);
    v.0
}

pub fn arm_when(p: &syn::Pat) -> Option<When> {
    match p {
        syn::Pat::Ident(i) if i.ident == "None" => Some(When::NoneArm),
        syn::Pat::Path(pp) if pp.path.is_ident("None") => Some(When::NoneArm),
        syn::Pat::TupleStruct(ts) => {
            let name = ts.path.segments.last()?.ident.to_string();
            match name.as_str() {
                "Some" => Some(When::SomeArm),
                "Ok" => match ts.elems.first() {
                    Some(p) => arm_when(p).or_else(|| binds_any(p).then_some(When::OkArm)),
                    None => None,
                },
                "Err" => ts.elems.first().map(|p| {
                    if not_found_pat(p) {
                        When::NoneArm
                    } else {
                        When::ErrArm
                    }
                }),
                _ => None,
            }
        }
        // the error of a lookup, matched in `.or_else(|e| match e { NotFound => .. })`
        p if not_found_pat(p) => Some(When::NoneArm),
        syn::Pat::Lit(l) => match &l.lit {
            syn::Lit::Bool(b) => Some(if b.value { When::True } else { When::False }),
            _ => None,
        },
        _ => None,
    }
}

/// The `match` a statement is, or initialises a `let` with (`let e = match .. { .. };`).
fn stmt_match(s: &syn::Stmt) -> Option<&syn::ExprMatch> {
    match s {
        syn::Stmt::Expr(syn::Expr::Match(m), _) => Some(m),
        syn::Stmt::Local(syn::Local {
            init: Some(init), ..
        }) if init.diverge.is_none() => match &*init.expr {
            syn::Expr::Match(m) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

/// A pattern that matches any value of its type: a name, `_`, `ref x`, a struct or tuple
/// destructured into names (`Ok(row)`, `Ok(_)`, `Ok(User { id, .. })`).
fn binds_any(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::Ident(i) => {
            i.subpat.is_none()
                && !i
                    .ident
                    .to_string()
                    .starts_with(|c: char| c.is_ascii_uppercase())
        }
        syn::Pat::Wild(_) | syn::Pat::Rest(_) => true,
        syn::Pat::Reference(r) => binds_any(&r.pat),
        syn::Pat::Type(t) => binds_any(&t.pat),
        syn::Pat::Tuple(t) => t.elems.iter().all(binds_any),
        syn::Pat::Struct(st) => st.fields.iter().all(|f| binds_any(&f.pat)),
        _ => false,
    }
}

/// A `match` statement whose "found" arms (`Some(..)`, `Ok(row)`) all leave and whose other
/// arms are "not found" arms that fall through: the code after it runs only where the lookup
/// found nothing (`match find(..) { Ok(t) => return Ok(t), Err(e) => e }`), as after
/// `if let Ok(t) = find(..) { return Ok(t); }`. The kind of those arms ([`When::NoneArm`] or
/// [`When::ErrArm`]).
fn absent_after(m: &syn::ExprMatch) -> Option<When> {
    let mut found_leaves = false;
    let mut when = None;
    for arm in &m.arms {
        if matches!(arm.pat, syn::Pat::Guard(_)) {
            return None;
        }
        let leaves = crate::model::decisions::expr_diverges(&arm.body);
        match arm_when(&arm.pat)? {
            When::SomeArm | When::OkArm if leaves => found_leaves = true,
            w @ (When::NoneArm | When::ErrArm) => {
                if !leaves {
                    when = match (when, w) {
                        (Some(When::ErrArm), _) | (_, When::ErrArm) => Some(When::ErrArm),
                        _ => Some(When::NoneArm),
                    };
                }
            }
            _ => return None,
        }
    }
    if found_leaves { when } else { None }
}

/// Methods that adapt a result without another query (`self.get_id(n).or_else(..)`): a helper
/// method at the head of such a chain is still the data access.
const RESULT_ADAPTERS: &[&str] = &[
    "or_else",
    "map",
    "map_err",
    "ok",
    "ok_or",
    "ok_or_else",
    "unwrap",
    "expect",
    "context",
    "with_context",
];

/// A pattern naming the "no such row" error of a lookup: diesel `NotFound`, sqlx
/// `RowNotFound`, SeaORM `RecordNotFound(_)`, rusqlite `QueryReturnedNoRows`, and the
/// application's own `NotFound` variants.
fn not_found_pat(p: &syn::Pat) -> bool {
    let path = match p {
        syn::Pat::Ident(i) if i.subpat.is_none() => return not_found_name(&i.ident.to_string()),
        syn::Pat::Path(pp) => &pp.path,
        syn::Pat::TupleStruct(ts) => &ts.path,
        syn::Pat::Struct(st) => &st.path,
        _ => return false,
    };
    path.segments
        .last()
        .is_some_and(|s| not_found_name(&s.ident.to_string()))
}

fn not_found_name(n: &str) -> bool {
    // `NotFound`, `RowNotFound`, `RecordNotFound`, an application's `CollectionNotFound`
    n.ends_with("NotFound") || matches!(n, "QueryReturnedNoRows" | "NoRows")
}

/// The arms of `lookup.or_else(|e| match e { .. })` that the lookup's "no such row" error
/// takes, with the lookup (through `.map(..)`, which keeps the error).
fn error_arms(mc: &syn::ExprMethodCall) -> Option<(&syn::Expr, Vec<Region>)> {
    if mc.method != "or_else" || mc.args.len() != 1 {
        return None;
    }
    let syn::Expr::Closure(c) = &mc.args[0] else {
        return None;
    };
    let param = match c.inputs.first()? {
        syn::Pat::Ident(i) => i.ident.to_string(),
        _ => return None,
    };
    let mut body = &*c.body;
    while let syn::Expr::Block(b) = body {
        match b.block.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => body = e,
            _ => return None,
        }
    }
    let syn::Expr::Match(m) = body else {
        return None;
    };
    // `match e { .. }`, `match e.kind() { .. }`
    let mut scrutinee = &*m.expr;
    while let syn::Expr::MethodCall(k) = scrutinee
        && k.args.is_empty()
    {
        scrutinee = &k.receiver;
    }
    let syn::Expr::Path(p) = scrutinee else {
        return None;
    };
    if !p.path.is_ident(&param) {
        return None;
    }
    let regions: Vec<Region> = m
        .arms
        .iter()
        .filter(|a| not_found_pat(&a.pat))
        .map(|a| Region {
            span: span_of(&*a.body),
            when: When::NoneArm,
        })
        .collect();
    let mut lookup = &*mc.receiver;
    while let syn::Expr::MethodCall(inner) = lookup
        && inner.method == "map"
    {
        lookup = &inner.receiver;
    }
    (!regions.is_empty()).then_some((lookup, regions))
}
