//! Per-function facts, built in one walk of each function body.
//!
//! Guard lifetimes follow Rust's drop rules: a temporary guard dies at the end of its
//! enclosing temporary scope (the statement; an `if`/`while` condition; a block tail under
//! edition 2024; an `if let` scrutinee reaches only the end of the then-block under 2024 and
//! the whole `if`/`else` under 2021); a `let` guard at the end of its block, at `drop(g)`, when
//! moved into a call, or when reassigned; `let _ = m.lock()` drops at once; a `match`
//! scrutinee lives through the whole `match`.

use super::index::{ItemIndex, type_name};
use super::place::{Edition, Place, Root};
use super::span::span_of;
use super::span::{block_span, delim_span, expr_span, local_span, method_call_span, stmt_span};
use super::syntax::{is_lock_method, lock_call, member_name, peel_guard_suffix, place_of};
use super::test_code::{is_test_attr, is_test_fn_name};
use super::types::{TypeInfo, classify, lock_type, normalise};
use crate::diagnostic::Span;
use crate::source::SourceFile;
use serde::{Deserialize, Serialize};

pub use super::syntax::{AtomicKind, idents_in, orderings_in, path_segments};

/// Macros whose arguments are comma-separated expressions (or a block of statements).
const EXPR_MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "vec",
    "dbg",
    "info",
    "warn",
    "error",
    "debug",
    "trace",
    "log",
    "join",
    "try_join",
    "format_args",
    "unreachable",
    "todo",
    "unimplemented",
    "anyhow",
    "bail",
    "ensure",
    "matches",
];

/// Macros whose arguments are no expressions to evaluate here: item definitions, compile-time
/// text, code quoted for later.
const OPAQUE_MACROS: &[&str] = &[
    "macro_rules",
    "thread_local",
    "lazy_static",
    "include",
    "include_str",
    "include_bytes",
    "concat",
    "stringify",
    "env",
    "option_env",
    "cfg",
    "compile_error",
    "quote",
    "quote_spanned",
    "parse_quote",
    "bitflags",
    "pin_mut",
    "static_assertions",
    "const_assert",
];

/// Method names of std types: a call of one on a receiver of unknown type is not taken for a
/// helper of the file that has the same name.
const STD_METHOD_NAMES: &[&str] = &[
    "get",
    "len",
    "is_empty",
    "contains",
    "contains_key",
    "insert",
    "remove",
    "push",
    "pop",
    "clear",
    "first",
    "last",
    "keys",
    "values",
    "iter",
    "load",
    "store",
    "set",
    "take",
    "replace",
    "get_mut",
    "entry",
    "extend",
    "retain",
    "value",
    "count",
    "is_some",
    "is_none",
    "lock",
    "read",
    "write",
    "swap",
    "next",
    "send",
    "recv",
    "add",
    "sub",
    "inc",
    "dec",
    "reset",
    "update",
    "new",
    "default",
    "to_vec",
    "as_str",
    "borrow",
    "borrow_mut",
];

/// A call named `name` runs its closure or async block argument on another thread or task:
/// the runtimes' spawners and a project's own wrappers around them (`spawn_thread(name, f)`,
/// `spawn_named(..)`, `spawn_task(..)`: named for what they do).
pub fn is_spawner(name: &str) -> bool {
    // `spawn`, `spawn_blocking`, `spawn_local`, `spawn_scoped`, `spawn_fifo`, .. and
    // `thread::scope`
    name.starts_with("spawn") || name == "scope"
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Exclusive,
    Shared,
    /// parking_lot's `read_recursive`: may be taken again while held.
    SharedRecursive,
    Upgradable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "kind",
    content = "name",
    rename_all = "kebab-case"
)]
pub enum GuardKind {
    /// Dies at the end of its temporary scope.
    Temporary,
    /// Bound by `let`/pattern to a name.
    Named(String),
    /// `let _ = ..`: dropped at once.
    Discarded,
}

/// [`GuardKind`] as the cache stores it (externally tagged; see
/// [`crate::model::stored::compact`]).
#[derive(Serialize, Deserialize)]
#[serde(remote = "GuardKind")]
enum StoredGuardKind {
    Temporary,
    Named(String),
    Discarded,
}

impl Serialize for GuardKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if crate::model::stored::compact() {
            StoredGuardKind::serialize(self, s)
        } else {
            GuardKind::serialize(self, s)
        }
    }
}

impl<'de> Deserialize<'de> for GuardKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if crate::model::stored::compact() {
            StoredGuardKind::deserialize(d)
        } else {
            GuardKind::deserialize(d)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseCause {
    EndOfStatement,
    EndOfCondition,
    EndOfBlock,
    EndOfMatch,
    EndOfThenBlock,
    Drop,
    Moved,
    Reassigned,
    Discarded,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Acquisition {
    pub id: usize,
    pub place: Place,
    /// `lock`, `read`, `write`, ... or the wrapper method's name.
    pub method: String,
    pub mode: Mode,
    /// The whole acquisition expression (`m.lock().unwrap()`, `m.lock().await`).
    pub span: Span,
    /// The lock method call itself (`m.lock()`).
    pub call_span: Span,
    pub awaited: bool,
    /// `try_lock` and friends: may fail instead of blocking.
    pub is_try: bool,
    pub guard: GuardKind,
    /// Where the guard dies (byte offset) and why.
    pub release: usize,
    pub release_cause: ReleaseCause,
    /// Set when the acquisition goes through a guard-returning wrapper method.
    pub wrapper: Option<String>,
    /// Where the lock is taken when that is not where its expression ends: the place of an
    /// assignment (`*m.lock().unwrap() = f().await?`) is evaluated after the assigned value,
    /// so the lock is taken at the end of the right operand. `0` otherwise.
    #[serde(default)]
    pub live_from: usize,
    /// Where the lock call runs when the place it is written in is evaluated after its value
    /// (`*a.lock().unwrap() = b.lock().unwrap().x`, `s.write().n += l.read().len()`): the end
    /// of the right operand, whose guards are then held. `0` otherwise.
    #[serde(default, skip_serializing_if = "crate::model::stored::zero")]
    pub taken_at: usize,
    /// The call locks and unlocks inside itself and returns no guard (`DashMap::insert`,
    /// `remove`): held only while it runs, never bound to a name.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub transient: bool,
    /// A `DashMap` / `DashSet` shard lock ([`Builder::shard_lock`]), not a lock object.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub shard: bool,
    /// For a temporary guard that lives to the end of its statement: that statement (a
    /// statement of a block, or its tail expression, whose temporaries live past it), where a
    /// guard used twice in it can be bound once before it.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub stmt: Option<Span>,
    /// Code after [`Self::release`] where the guard is still alive: the sibling branches of an
    /// `if` / `else` or a `match` whose one branch drops or moves it (`if e { finish(g) } else
    /// if f { self.relock() }`: the guard is moved on the first path only).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub also: Vec<Span>,
}

impl Acquisition {
    /// The guard is alive at `offset`.
    pub fn live_at(&self, offset: usize) -> bool {
        self.span.end.max(self.live_from) <= offset && offset < self.release
            || self
                .also
                .iter()
                .any(|s| s.start <= offset && offset < s.end)
    }
    /// Where the lock is taken: its call, or later for the place of an assignment
    /// ([`Acquisition::taken_at`]).
    pub fn lock_at(&self) -> usize {
        self.call_span.start.max(self.taken_at)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AtomicOp {
    pub place: Place,
    pub op: String,
    pub orderings: Vec<String>,
    /// The whole call (`c.load(Ordering::SeqCst)`).
    pub span: Span,
    pub recv_span: Span,
    pub method_span: Span,
    /// Spans of the arguments.
    pub args: Vec<Span>,
    /// Set when the operation is a helper's, applied at its call site through the helper's
    /// summary ([`super::index::Summary`]): the call's text (`self.has_budget`). `args` are
    /// then the call's arguments the operation's operand comes from (empty when none).
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub via: Option<String>,
}

impl AtomicOp {
    /// The operation's ordering (its first), `SeqCst` when none is written (arc-swap,
    /// `AtomicCell`, an ordering the file cannot name).
    pub fn ordering(&self) -> &str {
        self.orderings
            .first()
            .map(String::as_str)
            .unwrap_or("SeqCst")
    }
}

/// A struct literal's field set from a place: `Worker { state: self.state.clone() }`,
/// `LayoutManager { layout }`, `Rpc { layout: Arc::clone(&layout) }`. The field and the place
/// hold one object (the workspace unites lock fields that way: [`super::Workspace`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FieldInit {
    /// The struct's name (`Self` is the impl's type).
    pub owner: String,
    pub field: String,
    pub source: Place,
    /// Where the value is written (a local is the one in scope there).
    pub at: usize,
}

/// A constructor call (`Worker::new(self.state.clone(), 4)`) with the places its arguments
/// name: a constructor that stores a parameter in a field shares the argument's object.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CtorCall {
    pub segments: Vec<String>,
    pub arg_places: Vec<Option<Place>>,
    pub at: usize,
}

/// A call of a helper that reads or writes a locked value under its own guard, released when
/// it returns (from the helper's summary): `acct.balance()`, `acct.set_balance(b - x)`,
/// `cache.contains(&k)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HelperAccess {
    /// The call's text up to the arguments (`acct.set_balance`).
    pub helper: String,
    /// The locked place (`acct.balance`).
    pub place: Place,
    pub write: bool,
    /// The lock method the helper calls (`lock`, `read`, `write`).
    pub lock_method: String,
    /// The whole call.
    pub span: Span,
    /// The argument the written value comes from.
    pub value: Option<Span>,
    /// A read that looks one key up in the locked map or set (`self.tasks.lock().get(&id)`
    /// in the helper), or a write that replaces one entry (`self.tasks.lock().insert(id, t)`):
    /// the index of the call's argument that is the key.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub key: Option<usize>,
    /// A read by key that returns the entry's value itself (a copy, clone or field of it,
    /// [`super::index::Effect::LockRead::entry`]): the call reads that entry, and the caller
    /// may write a value computed from it back.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub entry: bool,
    /// The argument that is the key (the call's [`HelperAccess::key`]-th).
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub key_arg: Option<Span>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Binding {
    pub names: Vec<String>,
    /// The `let` statement (or the pattern's construct).
    pub span: Span,
    /// The initialiser.
    pub init: Option<Span>,
    /// Single-segment paths used in the initialiser (for data flow).
    pub deps: Vec<String>,
    pub mutable: bool,
    /// For a reassignment (`x = e;`, recorded as a binding of `x`): the end of the block it
    /// is a statement of. Later uses in that block see the new value; uses after the block
    /// may see either, and the analysis keeps the earlier binding for them.
    #[serde(skip_serializing_if = "crate::model::stored::none")]
    pub scope_end: Option<usize>,
    /// The initialiser is the answer of an awaited call (`let n = count(current).await?`,
    /// [`super::syntax::awaited_answer`]): what another party answered, not a value computed
    /// from the arguments sent.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub answer: bool,
    /// For an answer: the locals the awaited call is only lent, as shared borrows of a place
    /// (`let a = check(&current).await?`, [`super::syntax::lent_to_answer`]). The answer does
    /// not carry their value (see [`FnModel::carried_from`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub lent: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Callee {
    /// `a::b::f(..)`: the path's segments.
    Path { segments: Vec<String> },
    /// `recv.m(..)`.
    /// (The receiver is boxed: every call of every file is kept for the workspace phase, and
    /// inline it made a call twice as large.)
    Method {
        recv: Option<Box<Place>>,
        name: String,
    },
    /// A closure or async block executed in place (index into the file's functions).
    Closure { index: usize },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CallSite {
    pub callee: Callee,
    pub span: Span,
    pub args: Vec<Span>,
    /// The place each argument denotes (`&self.a`, `m`, `&*STATE`), where it is one: a lock
    /// passed to a helper keeps its identity through the call.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub arg_places: Vec<Option<Place>>,
    /// A method call's receiver when it is no place (`self.lc.write().unwrap()` in
    /// `self.lc.write().unwrap().toggle()`): a guard's target type is resolved from it.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub recv_span: Option<Span>,
    /// Not written as a call: the receiver, a local of a known struct type, is dropped here
    /// (`drop(s)`, or the end of its scope while a guard declared before it is alive), which
    /// runs the type's `Drop` impl (a method `drop` of it, when the workspace has one).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub drop_of: bool,
}

impl CallSite {
    /// The called name: a path's last segment, a method's name (`{closure}` for a closure run
    /// in place).
    pub fn name(&self) -> &str {
        match &self.callee {
            Callee::Path { segments } => segments.last().map(String::as_str).unwrap_or(""),
            Callee::Method { name, .. } => name,
            Callee::Closure { .. } => "{closure}",
        }
    }

    /// A method call's receiver place and method name (`None` for a path call, a closure, or
    /// a receiver that is no place).
    pub fn method(&self) -> Option<(&Place, &str)> {
        match &self.callee {
            Callee::Method {
                recv: Some(p),
                name,
            } => Some((p, name.as_str())),
            _ => None,
        }
    }

    /// Where the call happens: after its receiver and its arguments are evaluated. A guard the
    /// receiver itself takes (`self.index.lock().unwrap().flush(..)`) is held by then, and so is
    /// a temporary guard of an argument, which lives to the end of the statement
    /// (`apply(state, match state.ui.lock().popup { .. })`).
    pub fn at(&self) -> usize {
        let recv = self.recv_span.map_or(self.span.start, |r| r.end);
        self.args.last().map_or(recv, |a| recv.max(a.end))
    }
}

/// A wait for another thread or task to finish: `h.join()`, `opt.take().map(JoinHandle::join)`,
/// `handle.await`. The handle is named by where it is stored, like the spawn's
/// [`FnModel::handle`]: a guard held here that the joined code needs is never released.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JoinWait {
    /// The call (`h.join()`) or the `.await` expression.
    pub span: Span,
    /// Where the wait starts: after the handle expression (whose own guards are held by then).
    pub at: usize,
    /// The handle's name: a local's name or the last field of its place.
    pub handle: String,
    /// The handle is a local of the function (its spawn must be in the same function).
    pub local: bool,
    /// `join()` blocks the thread; `.await` suspends the task.
    pub blocking: bool,
    /// The names read by the `if` conditions of the function before the join, with where each
    /// condition starts: a join decided by state read under the held guard is a handshake.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub checked: Vec<(usize, String)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LocalInfo {
    pub name: String,
    pub ty: Option<TypeInfo>,
    /// `let m = self.state.clone()`, `let m = &self.state`: the same object as this place.
    /// (Boxed: most locals alias nothing, and every file's locals are kept.)
    pub alias: Option<Box<Place>>,
    pub offset: usize,
    /// Where the binding's scope ends (the end of the block a `let` is in); `usize::MAX` for
    /// parameters and bindings of patterns.
    #[serde(default = "scope_to_end")]
    pub scope_end: usize,
    /// `let inv = player.inventory();` where this file has no accessor that tells what the
    /// call returns (`inventory` is another file's `fn inventory(&self) -> &Arc<Inventory> {
    /// &self.inventory }`): the receiver and the method. The workspace's resolver follows
    /// the receiver's type's accessor of that name ([`super::Resolver::start_at`]), so the
    /// local is `player.inventory` there. (Boxed: most locals have none.)
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub getter: Option<Box<Getter>>,
}

/// A no-argument method call on a place that a local is bound to ([`LocalInfo::getter`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Getter {
    pub recv: Place,
    pub method: String,
}

fn scope_to_end() -> usize {
    usize::MAX
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FnKind {
    Fn,
    Method,
    Closure,
    AsyncBlock,
}

/// An inner future or stream polled with this poll's `Context` whose `Ready` outcome with an
/// item goes on past the poll ([`super::decisions::ready_fall`]): a `match` / `if let` whose
/// `Ready` arm does not leave, or the item arms of a `match ready!(..)`. After a `Ready` the
/// inner future holds no waker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReadyFall {
    /// The inner poll call (the `ready!(..)` macro call).
    pub poll: Span,
    /// Where the code that runs after a `Ready` starts: the end of the `match` / `if let`
    /// statement, or an item arm's body.
    pub after: usize,
    /// Where that code ends: the end of the block the statement is in, or of the arm.
    pub block_end: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FnModel {
    /// `Bank::transfer`, `transfer`, or `Bank::transfer::{closure#1}`.
    pub name: String,
    pub kind: FnKind,
    pub self_ty: Option<String>,
    /// The inline modules of the file it is defined in (`a::b` for `mod a { mod b { fn f } }`),
    /// empty at the file's top level.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_string")]
    pub module: String,
    /// One actor holds `self` while it runs: `&mut self` or `self` by value, or a synchronous
    /// method (or a closure run inline in one) of a type that is not `Sync`
    /// ([`super::actors::mark_unshared_receivers`]).
    pub self_exclusive: bool,
    pub is_async: bool,
    /// Passed to `thread::spawn`, `tokio::spawn`, ...: runs concurrently with its parent.
    pub spawned: bool,
    pub parent: Option<usize>,
    pub span: Span,
    pub body: Span,
    /// The function's name token (for labels).
    pub name_span: Span,
    pub acquisitions: Vec<Acquisition>,
    /// Offsets of the `.await` keywords directly in this body (not in nested closures).
    pub awaits: Vec<Span>,
    /// Blocks that end in `return`, `break`, `continue` (or `panic!`-like macros): no value
    /// computed inside one flows out to the expression around it.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub exits: Vec<Span>,
    /// `continue` expressions: where the rest of a loop's body is skipped.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub continues: Vec<Span>,
    /// The whole `<expr>.await` expressions of the `.await`s in [`Self::awaits`] that are
    /// written as such (not the `.await` of an awaited lock call), in source order.
    pub await_exprs: Vec<Span>,
    pub atomics: Vec<AtomicOp>,
    pub bindings: Vec<Binding>,
    pub locals: Vec<LocalInfo>,
    pub calls: Vec<CallSite>,
    /// Condvar waits in this body ([`super::condvar`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub cv_waits: Vec<super::condvar::CondvarWait>,
    /// Condvar / tokio `Notify` notifies in this body.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub notifies: Vec<super::condvar::Notify>,
    /// tokio `Notify::notified()` futures awaited in this body.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub notified: Vec<super::condvar::NotifiedWait>,
    /// Wakers this body hands to shared state ([`super::condvar::WakerStore`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub waker_stores: Vec<super::condvar::WakerStore>,
    /// Offsets of the `Poll::Pending` expressions directly in this body.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub pendings: Vec<usize>,
    /// The name of the `&mut Context` parameter of a poll function (`cx`).
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub context: Option<String>,
    /// Inner polls handed this poll's `Context` whose `Ready` outcome goes on past them
    /// ([`ReadyFall`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub ready_falls: Vec<ReadyFall>,
    /// Joins of a thread or task handle in this body ([`JoinWait`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub joins: Vec<JoinWait>,
    /// For a spawned closure or async block: the names its `JoinHandle` is stored under (the
    /// `let` name, the assigned field, the struct-literal field, the collection it is pushed
    /// into; then the field a local handle is moved into: `self.worker = Some(h)`), which a
    /// [`JoinWait`] names again.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub handles: Vec<String>,
    /// Calls of helpers that read or write a locked value under their own guard.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub helper_accesses: Vec<HelperAccess>,
    /// Struct-literal fields set from a place ([`FieldInit`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub field_inits: Vec<FieldInit>,
    /// Constructor calls with a place among their arguments ([`CtorCall`]; not in `calls`).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub ctor_calls: Vec<CtorCall>,
    /// The calls that look like constructors (`Server::new(..)`, `Config::default()`), which
    /// are not in `calls` (they take no locks): where they are, for resolving what code runs
    /// once ([`super::entry`]). Only the path and span are set.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub ctor_sites: Vec<CallSite>,
    /// The names of a function's typed parameters in order (`self` not counted; `""` for a
    /// pattern that is no single name). Empty for closures and async blocks.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub params: Vec<String>,
    /// The trait bounds of the function's type parameters, by parameter (`fn f<L: Listener>`
    /// and `where L: Listener` give `("L", "Listener")`; the trait by its last path segment,
    /// marker traits left out): a method called on a value of type `L` is one of those
    /// traits' methods. Empty for closures and async blocks (they see their function's).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub bounds: Vec<(String, String)>,
    // The lookup indexes below are boxed: most functions never need them, and the workspace
    // phase keeps every function of every file (unboxed they made a function 2.5 times as
    // large).
    /// `bindings` by name (built at the first [`FnModel::binding`] query, for the length of
    /// `bindings` then): a function with many `let`s and many lookups was quadratic.
    #[serde(skip)]
    pub binding_index: std::sync::OnceLock<Box<BindingIndex>>,
    /// The last of `locals` of each name (for the length of `locals` when built).
    #[serde(skip)]
    pub local_index: std::sync::OnceLock<Box<LocalIndex>>,
    /// `acquisitions` as intervals of liveness (built at the first [`FnModel::held_at`]
    /// query): a function with many guards asked "what is held here" at every lock and call
    /// was quadratic.
    #[serde(skip)]
    pub held_index: std::sync::OnceLock<Box<HeldIndex>>,
    /// `acquisitions` by span and by guard name (built at the first query).
    #[serde(skip)]
    pub acq_index: std::sync::OnceLock<Box<AcqIndex>>,
}

/// The places a call's arguments denote ([`CallSite::arg_places`]), without the trailing
/// arguments that denote none: it is read by position with `get`, where a missing entry is
/// one that is no place, and every file's calls are kept for the workspace phase.
fn arg_places<'a>(args: impl IntoIterator<Item = &'a syn::Expr>) -> Vec<Option<Place>> {
    let mut places: Vec<Option<Place>> = args.into_iter().map(place_of).collect();
    while places.last().is_some_and(Option::is_none) {
        places.pop();
    }
    places
}

/// [`FnModel::bounds`]: each type parameter's trait bounds, inline and in the `where`
/// clause, by the trait's last path segment; auto and marker traits (`Send`, `Sync`,
/// `Sized`, `Unpin`, `Copy`, `Clone`, `'static`) are no calls' targets and are left out.
fn type_param_bounds(g: &syn::Generics) -> Vec<(String, String)> {
    fn push<'a>(
        out: &mut Vec<(String, String)>,
        name: &str,
        bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>,
    ) {
        for b in bounds {
            let syn::TypeParamBound::Trait(t) = b else {
                continue;
            };
            let Some(last) = t.path.segments.last() else {
                continue;
            };
            let tr = last.ident.to_string();
            if matches!(
                tr.as_str(),
                "Send" | "Sync" | "Sized" | "Unpin" | "Copy" | "Clone"
            ) {
                continue;
            }
            let e = (name.to_string(), tr);
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    let mut out = Vec::new();
    for p in &g.params {
        if let syn::GenericParam::Type(t) = p {
            push(&mut out, &t.ident.to_string(), &t.bounds);
        }
    }
    if let Some(w) = &g.where_clause {
        for pred in &w.predicates {
            if let syn::WherePredicate::Type(t) = pred
                && let syn::Type::Path(tp) = &t.bounded_ty
                && tp.qself.is_none()
                && let Some(id) = tp.path.get_ident()
            {
                push(&mut out, &id.to_string(), &t.bounds);
            }
        }
    }
    out
}

/// [`FnModel::local_index`]: the length of `locals` it was built for, and the locals of each
/// name.
pub type LocalIndex = (usize, std::collections::HashMap<String, NameList>);

/// How many of the latest guards with sibling-branch spans a drop looks at.
const ALSO_SCAN: usize = 64;

/// The acquisitions of a function by the span of their call or whole expression (the first
/// with that span) and, for named guards, by name in order.
#[derive(Clone, Debug, Default)]
pub struct AcqIndex {
    len: usize,
    by_span: std::collections::HashMap<Span, usize>,
    by_name: std::collections::HashMap<String, Vec<usize>>,
    /// The starts of the spans in `by_span`.
    starts: std::collections::HashSet<usize>,
}

/// At most this many guards are reported alive at one point, the ones taken last: a point
/// where more are held at once (generated code) would make every question about it cost
/// as much as the function is long. Real code holds a handful.
pub const HELD_CAP: usize = 64;

/// The guards of a function as intervals `[live from, release)` sorted by their start, with
/// the latest release of each implicit subtree (the midpoint of a range is its node), so a
/// point query visits only the subtrees holding a live guard.
#[derive(Clone, Debug, Default)]
pub struct HeldIndex {
    len: usize,
    /// (live from, release, acquisition index), sorted.
    items: Vec<(usize, usize, usize)>,
    max_release: Vec<usize>,
}

impl HeldIndex {
    fn new(acqs: &[Acquisition]) -> Self {
        let mut items: Vec<(usize, usize, usize)> = acqs
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                std::iter::once((a.span.end.max(a.live_from), a.release, i))
                    .chain(a.also.iter().map(move |s| (s.start, s.end, i)))
            })
            .collect();
        items.sort_unstable();
        let mut max_release = vec![0; items.len()];
        fn fill(items: &[(usize, usize, usize)], out: &mut [usize], lo: usize, hi: usize) -> usize {
            if lo >= hi {
                return 0;
            }
            let mid = lo + (hi - lo) / 2;
            let m = items[mid]
                .1
                .max(fill(items, out, lo, mid))
                .max(fill(items, out, mid + 1, hi));
            out[mid] = m;
            m
        }
        fill(&items, &mut max_release, 0, items.len());
        HeldIndex {
            len: acqs.len(),
            items,
            max_release,
        }
    }

    /// The acquisitions alive at `at`, at most `cap` of them, latest start first.
    fn query(&self, at: usize, cap: usize, out: &mut Vec<usize>, lo: usize, hi: usize) {
        if lo >= hi || out.len() >= cap {
            return;
        }
        let mid = lo + (hi - lo) / 2;
        if self.max_release[mid] <= at {
            return;
        }
        let (start, release, i) = self.items[mid];
        if start <= at {
            self.query(at, cap, out, mid + 1, hi);
            if out.len() < cap && at < release {
                out.push(i);
            }
        }
        self.query(at, cap, out, lo, mid);
    }
}

/// The length of the prefix of `list` whose `key` is at most `at`, when `list` is in `key`
/// order (a binary search); the whole list when it is not (then every item is tested).
/// Of the bindings of one name in scope at `offset`, the latest *declared*; a `let` inside
/// another `let`'s initialiser is out of scope after that outer `let`.
fn latest_declared<'b>(cands: &[&'b Binding], offset: usize) -> Option<&'b Binding> {
    cands
        .iter()
        .filter(|c| {
            !cands
                .iter()
                .any(|o| o.span != c.span && o.span.encloses(c.span) && offset >= o.span.end)
        })
        .max_by_key(|b| b.span.start)
        .copied()
}

fn latest_at_most(items: &[usize], sorted: bool, key: impl Fn(usize) -> usize, at: usize) -> usize {
    if sorted {
        items.partition_point(|&i| key(i) <= at)
    } else {
        items.len()
    }
}

/// The items of one name, in order, and whether their keys (offsets) are in order too.
#[derive(Clone, Debug, Default)]
pub struct NameList {
    items: Vec<usize>,
    sorted: bool,
}

/// Whether `items` are in `key` order.
fn in_order(items: &[usize], key: impl Fn(usize) -> usize) -> bool {
    items.windows(2).all(|w| key(w[0]) <= key(w[1]))
}

/// The indexes of the bindings of each name, in order, for the first `len` bindings.
#[derive(Clone, Debug, Default)]
pub struct BindingIndex {
    len: usize,
    by_name: std::collections::HashMap<String, Vec<usize>>,
    /// Names whose bindings are not in start order (searched without the binary search).
    unsorted: std::collections::HashSet<String>,
    /// For each name, the largest end of its bindings up to each position of `by_name`.
    max_end: std::collections::HashMap<String, Vec<usize>>,
}

impl FnModel {
    /// The innermost call of this body with an argument that contains `s`
    /// (`tokio::spawn(self.run(id))` for the span of `self.run(id)`).
    pub fn enclosing_call(&self, s: Span) -> Option<&CallSite> {
        self.calls
            .iter()
            .filter(|c| !matches!(c.callee, Callee::Closure { .. }))
            .filter(|c| c.args.iter().any(|a| a.encloses(s)))
            .min_by_key(|c| c.span.end - c.span.start)
    }

    /// The local named `name` (parameters included) in scope at offset `at`: the latest
    /// declared before it whose block has not ended (a shadowing `let` in another branch is
    /// not it). With `at` = `usize::MAX`, the latest of the body.
    pub fn local(&self, name: &str, at: usize) -> Option<&LocalInfo> {
        let index = self.local_index.get_or_init(|| {
            let mut by_name: std::collections::HashMap<String, NameList> = Default::default();
            for (i, l) in self.locals.iter().enumerate() {
                by_name.entry(l.name.clone()).or_default().items.push(i);
            }
            for l in by_name.values_mut() {
                l.sorted = in_order(&l.items, |i| self.locals[i].offset);
            }
            Box::new((self.locals.len(), by_name))
        });
        if index.0 != self.locals.len() {
            // changed since the index was built (not done after the model is built)
            return self
                .locals
                .iter()
                .filter(|l| {
                    l.name == name && (at == usize::MAX || (l.offset <= at && at < l.scope_end))
                })
                .max_by_key(|l| l.offset);
        }
        let list = index.1.get(name)?;
        if !list.sorted {
            // recorded out of order (a `let` inside another `let`'s initialiser is recorded
            // first): the latest *declared* in scope
            return list
                .items
                .iter()
                .map(|&i| &self.locals[i])
                .filter(|l| at == usize::MAX || (l.offset <= at && at < l.scope_end))
                .max_by_key(|l| l.offset);
        }
        if at == usize::MAX {
            return list.items.last().map(|&i| &self.locals[i]);
        }
        // the latest local of that name in scope at `at`: those bound after `at` are skipped
        // by a binary search when the name's locals are in offset order (a function with
        // thousands of `let g` scanned them all at every lookup)
        let upto = latest_at_most(&list.items, list.sorted, |i| self.locals[i].offset, at);
        list.items[..upto]
            .iter()
            .rev()
            .map(|&i| &self.locals[i])
            .find(|l| l.offset <= at && at < l.scope_end)
    }
    /// The atomic operations written in this body (not the ones of helpers it calls).
    pub fn own_atomics(&self) -> impl Iterator<Item = &AtomicOp> {
        self.atomics.iter().filter(|a| a.via.is_none())
    }
    /// Guards alive at `offset`, in the order they were taken (at most [`HELD_CAP`], the
    /// latest).
    pub fn held_at(&self, offset: usize) -> impl Iterator<Item = &Acquisition> {
        let index = self
            .held_index
            .get_or_init(|| Box::new(HeldIndex::new(&self.acquisitions)));
        let mut found = Vec::new();
        if index.len == self.acquisitions.len() {
            index.query(offset, HELD_CAP, &mut found, 0, index.items.len());
            found.sort_unstable();
            found.dedup();
        } else {
            // changed since the index was built (not done after the model is built)
            found = (0..self.acquisitions.len())
                .filter(|&i| self.acquisitions[i].live_at(offset))
                .collect();
        }
        found.into_iter().map(move |i| &self.acquisitions[i])
    }
    /// The `.await`s strictly between two offsets.
    pub fn awaits_between(&self, from: usize, to: usize) -> impl Iterator<Item = &Span> {
        self.awaits
            .iter()
            .filter(move |a| a.start >= from && a.end <= to)
    }
    /// The acquisition whose lock call is exactly `call_span`, or whose whole expression is.
    pub fn acquisition_at(&self, span: Span) -> Option<&Acquisition> {
        self.acquisition_index_at(span)
            .map(|i| &self.acquisitions[i])
    }
    /// The index of [`FnModel::acquisition_at`].
    pub fn acquisition_index_at(&self, span: Span) -> Option<usize> {
        match self.acq_index() {
            Some(index) => index.by_span.get(&span).copied(),
            None => self
                .acquisitions
                .iter()
                .position(|a| a.call_span == span || a.span == span),
        }
    }
    /// Whether the call or the whole expression of an acquisition starts at `start`: when
    /// not, no [`FnModel::acquisition_index_at`] of a span starting there is found, and the
    /// span's end (which a deep expression makes costly) need not be known.
    pub fn acquisition_starts_at(&self, start: usize) -> bool {
        match self.acq_index() {
            Some(index) => index.starts.contains(&start),
            None => self
                .acquisitions
                .iter()
                .any(|a| a.call_span.start == start || a.span.start == start),
        }
    }
    /// The indexes of the acquisitions whose guard is the variable `name`, in order.
    pub fn acquisitions_named(&self, name: &str) -> Vec<usize> {
        match self.acq_index() {
            Some(index) => index.by_name.get(name).cloned().unwrap_or_default(),
            None => (0..self.acquisitions.len())
                .filter(
                    |&i| matches!(&self.acquisitions[i].guard, GuardKind::Named(n) if n == name),
                )
                .collect(),
        }
    }
    /// The index, unless `acquisitions` changed since it was built (not done after the
    /// model is built).
    fn acq_index(&self) -> Option<&AcqIndex> {
        let index: &AcqIndex = self.acq_index.get_or_init(|| {
            let mut index = AcqIndex {
                len: self.acquisitions.len(),
                ..Default::default()
            };
            for (i, a) in self.acquisitions.iter().enumerate() {
                index.by_span.entry(a.span).or_insert(i);
                index.by_span.entry(a.call_span).or_insert(i);
                index.starts.insert(a.span.start);
                index.starts.insert(a.call_span.start);
                if let GuardKind::Named(n) = &a.guard {
                    index.by_name.entry(n.clone()).or_default().push(i);
                }
            }
            Box::new(index)
        });
        (index.len == self.acquisitions.len()).then_some(index)
    }
    /// The bindings that bind `name`, in order.
    pub fn bindings_named<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s Binding> {
        let index = self.binding_index();
        let indexed = (index.len == self.bindings.len()).then(|| index.by_name.get(name));
        let (fast, slow) = match indexed {
            Some(list) => (list.map(|l| l.as_slice()).unwrap_or(&[]), None),
            None => (&[][..], Some(self.bindings.iter())),
        };
        let name = name.to_string();
        fast.iter().map(|&i| &self.bindings[i]).chain(
            slow.into_iter()
                .flatten()
                .filter(move |b| b.names.contains(&name)),
        )
    }

    fn binding_index(&self) -> &BindingIndex {
        self.binding_index.get_or_init(|| {
            let mut by_name: std::collections::HashMap<String, Vec<usize>> = Default::default();
            for (i, b) in self.bindings.iter().enumerate() {
                for n in &b.names {
                    let list = by_name.entry(n.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            let unsorted = by_name
                .iter()
                .filter(|(_, l)| !in_order(l, |i| self.bindings[i].span.start))
                .map(|(n, _)| n.clone())
                .collect();
            let max_end = by_name
                .iter()
                .map(|(n, l)| {
                    let mut m = 0;
                    let ends = l
                        .iter()
                        .map(|&i| {
                            m = m.max(self.bindings[i].span.end);
                            m
                        })
                        .collect();
                    (n.clone(), ends)
                })
                .collect();
            Box::new(BindingIndex {
                len: self.bindings.len(),
                by_name,
                unsorted,
                max_end,
            })
        })
    }

    /// The first binding of `name` (in order) whose span encloses `span` and that `keep`
    /// accepts. Bindings that start after `span` are skipped by a binary search and the
    /// backward scan stops where no earlier binding reaches `span`'s end (a function with
    /// thousands of `let g = m.lock()` looked at all of them for every guard).
    pub fn binding_enclosing(
        &self,
        name: &str,
        span: Span,
        keep: impl Fn(&Binding) -> bool,
    ) -> Option<&Binding> {
        let index = self.binding_index();
        let sorted = !index.unsorted.contains(name);
        let (Some(list), Some(ends), true, true) = (
            index.by_name.get(name),
            index.max_end.get(name),
            index.len == self.bindings.len(),
            sorted,
        ) else {
            return self
                .bindings_named(name)
                .find(|b| b.span.encloses(span) && keep(b));
        };
        let upto = list.partition_point(|&i| self.bindings[i].span.start <= span.start);
        let mut first = None;
        for k in (0..upto).rev() {
            if ends[k] < span.end {
                break;
            }
            let b = &self.bindings[list[k]];
            if b.span.encloses(span) && keep(b) {
                first = Some(b);
            }
        }
        first
    }

    /// The latest binding of `name` that starts before `offset`.
    pub fn binding(&self, name: &str, offset: usize) -> Option<&Binding> {
        let fits =
            |b: &&Binding| b.span.start < offset && b.scope_end.is_none_or(|end| offset <= end);
        let index = self.binding_index();
        if index.len != self.bindings.len() {
            // changed since the index was built (not done after the model is built)
            let cands: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(fits)
                .filter(|b| b.names.iter().any(|n| n == name))
                .collect();
            return latest_declared(&cands, offset);
        }
        let list = index.by_name.get(name)?;
        // bindings starting at or after `offset` skipped by a binary search (see `local`)
        let start = |i: usize| self.bindings[i].span.start.saturating_add(1);
        let sorted = !index.unsorted.contains(name);
        let upto = latest_at_most(list, sorted, start, offset);
        if !sorted {
            // recorded out of order (a `let` inside another `let`'s initialiser is recorded
            // first): the one in scope is the latest *declared*, not the latest recorded; but
            // a `let` inside an initialiser is out of scope after that outer `let`
            let cands: Vec<&Binding> = list[..upto]
                .iter()
                .map(|&i| &self.bindings[i])
                .filter(fits)
                .collect();
            return latest_declared(&cands, offset);
        }
        list[..upto]
            .iter()
            .rev()
            .map(|&i| &self.bindings[i])
            .find(fits)
    }
    /// Whether the value of the expression `outer` (a `let`'s initialiser) can be computed
    /// from the expression `inner` inside it: not when `inner` sits in a block that leaves
    /// with `return` / `break` / `continue` (`let m = select! { Err(e) => { let v =
    /// x.load(..); ..; return }, Ok(m) => m }`).
    pub fn value_from(&self, outer: Span, inner: Span) -> bool {
        outer.encloses(inner)
            && !self
                .exits
                .iter()
                .any(|x| outer.encloses(*x) && x.encloses(inner) && *x != outer)
    }

    /// Whether the value of `names` (used at `offset`) flows, through `let` bindings, from an
    /// expression for which `is_source` holds.
    pub fn flows_from(
        &self,
        names: &[String],
        offset: usize,
        is_source: &dyn Fn(Span) -> bool,
    ) -> Option<Span> {
        self.flows_through(names, offset, is_source, Through::All)
    }

    /// [`FnModel::flows_from`] for a value *computed* from the source: not through the answer
    /// of an awaited call (`let n = count(current).await; total / n` is what the callee
    /// answered, not a value computed from `current`).
    pub fn computed_from(
        &self,
        names: &[String],
        offset: usize,
        is_source: &dyn Fn(Span) -> bool,
    ) -> Option<Span> {
        self.flows_through(names, offset, is_source, Through::NotAnswers)
    }

    /// [`FnModel::flows_from`] for a value that carries the source's content: not through a
    /// local an awaited call is only lent ([`Binding::lent`]). `let leader = check(self,
    /// &current).await?; *addr = leader` stores the other party's answer: `current` was
    /// borrowed for the request (a credential, an address to compare with), not handed over to
    /// come back. A value given to the call (`fetch(since.into()).await`, a cursor or a
    /// version) or combined with its answer still carries.
    pub fn carried_from(
        &self,
        names: &[String],
        offset: usize,
        is_source: &dyn Fn(Span) -> bool,
    ) -> Option<Span> {
        self.flows_through(names, offset, is_source, Through::NotLent)
    }

    fn flows_through(
        &self,
        names: &[String],
        offset: usize,
        is_source: &dyn Fn(Span) -> bool,
        through: Through,
    ) -> Option<Span> {
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut stack: Vec<(String, usize)> = names.iter().map(|n| (n.clone(), offset)).collect();
        while let Some((name, at)) = stack.pop() {
            if seen.iter().any(|(n, o)| *n == name && *o == at) || seen.len() > 256 {
                continue;
            }
            seen.push((name.clone(), at));
            let Some(b) = self.binding(&name, at) else {
                continue;
            };
            if let Some(init) = b.init {
                if is_source(init) {
                    return Some(init);
                }
                if b.answer && through == Through::NotAnswers {
                    continue;
                }
                for d in &b.deps {
                    if through == Through::NotLent && b.answer && b.lent.contains(d) {
                        continue;
                    }
                    stack.push((d.clone(), b.span.start));
                }
            }
        }
        None
    }
}

/// Which bindings a data-flow query follows ([`FnModel::flows_from`], [`FnModel::computed_from`],
/// [`FnModel::carried_from`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Through {
    All,
    NotAnswers,
    NotLent,
}

/// The parameter (its index in [`FnModel::params`] of the named function) the value of
/// `names`, used at `offset` in function `f`, flows from through `let` bindings. A
/// closure's free names are looked up in the functions around it.
pub fn param_source(fns: &[FnModel], f: usize, names: &[String], offset: usize) -> Option<usize> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut stack: Vec<(String, usize)> = names.iter().map(|n| (n.clone(), offset)).collect();
    while let Some((name, at)) = stack.pop() {
        if seen.iter().any(|(n, o)| *n == name && *o == at) || seen.len() > 256 {
            continue;
        }
        seen.push((name.clone(), at));
        // the innermost function around `at` that binds the name
        let mut g = Some(f);
        let mut bound = None;
        while let Some(i) = g {
            if let Some(b) = fns[i].binding(&name, at) {
                bound = Some((i, b));
                break;
            }
            g = fns[i].parent;
        }
        let Some((i, b)) = bound else {
            continue;
        };
        // a parameter is bound without an initialiser
        if b.init.is_none() && fns[i].parent.is_none() {
            if let Some(p) = fns[i].params.iter().position(|p| *p == name) {
                return Some(p);
            }
            continue;
        }
        for d in &b.deps {
            stack.push((d.clone(), b.span.start));
        }
    }
    None
}

/// The named function that function model `f` is (or a closure / async block is nested in):
/// `f` with its `parent`s followed to the top.
/// Whether function `inner` runs in place inside its enclosing function `outer`: no function
/// on the way up from `inner` (itself included) to `outer` is spawned. `false` when `outer`
/// does not enclose `inner`.
pub fn runs_in_place(fns: &[FnModel], inner: usize, outer: usize) -> bool {
    let mut at = inner;
    while at != outer {
        match fns.get(at) {
            Some(g) if !g.spawned => match g.parent {
                Some(p) => at = p,
                None => return false,
            },
            _ => return false,
        }
    }
    true
}

/// `place` (written at offset `at` of function `f`) with its local root replaced by the place
/// the local aliases (`let shared = self.jobs.clone(); shared.lock()` is `self.jobs`), through
/// chains of aliases and the enclosing functions' locals (a closure sees its parents'), as
/// [`super::Resolver::start_at`] follows them. A place without an aliasing local is itself.
pub fn unaliased(fns: &[FnModel], f: usize, place: &Place, at: usize) -> Place {
    unalias_at(fns, f, place, at).map_or_else(|| place.clone(), |(p, _, _)| p)
}

/// [`unaliased`] when `place`'s root is an aliasing local (`None` otherwise), with the
/// function and offset where the last local of the chain is bound (where a lookup of the
/// unaliased place's own local starts).
pub fn unalias_at(
    fns: &[FnModel],
    f: usize,
    place: &Place,
    at: usize,
) -> Option<(Place, usize, usize)> {
    let mut p = place.clone();
    let mut moved = false;
    let (mut func, mut pos) = (f, at);
    for _ in 0..8 {
        let Root::Local(name) = &p.root else {
            break;
        };
        let mut cur = Some(func);
        let mut next = None;
        while let Some(ci) = cur {
            let Some(c) = fns.get(ci) else { break };
            let look = if ci == func {
                pos
            } else {
                fns[func].span.start
            };
            if let Some(l) = c.local(name, look) {
                if let Some(a) = &l.alias {
                    let mut q = Place::clone(a);
                    for f in &p.fields {
                        if !super::syntax::is_element_field(f) {
                            q.text.push('.');
                        }
                        q.text.push_str(f);
                    }
                    q.fields.extend(p.fields.iter().cloned());
                    // the initialiser is read before the `let` binds its own name: `let
                    // handles = Arc::clone(&handles)` names the binding before it
                    next = Some((q, ci, l.offset.saturating_sub(1)));
                }
                break;
            }
            cur = c.parent;
        }
        let Some((q, ci, offset)) = next else { break };
        p = q;
        func = ci;
        pos = offset;
        moved = true;
    }
    moved.then_some((p, func, pos))
}

/// The binding a local `name` written at offset `at` of function `f` denotes: the `let` or
/// parameter in scope there, followed through locals that alias another local (`let stop =
/// stop.clone()`, whose initialiser names the binding before it, not itself). Returns the
/// function and offset of that root binding and whether its function binds the name more than
/// once (a shadowing `let`, a `let` in a sibling block: then two bindings are two values);
/// `None` when the name is no local or the chain reaches another place (`self.flag`, a static).
pub fn root_binding(
    fns: &[FnModel],
    f: usize,
    name: &str,
    at: usize,
) -> Option<(usize, usize, bool)> {
    let (mut func, mut pos, mut name) = (f, at, name.to_string());
    for _ in 0..8 {
        let mut cur = Some(func);
        let mut found = None;
        while let Some(ci) = cur {
            let c = fns.get(ci)?;
            let look = if ci == func {
                pos
            } else {
                fns[func].span.start
            };
            if let Some(l) = c.local(&name, look) {
                found = Some((ci, l));
                break;
            }
            cur = c.parent;
        }
        let (ci, l) = found?;
        match l.alias.as_deref() {
            Some(p) => {
                let Root::Local(n) = &p.root else {
                    return None;
                };
                name = n.clone();
                func = ci;
                // the initialiser is read before the `let` binds its own name
                pos = l.offset.checked_sub(1)?;
            }
            None => {
                let many = fns[ci].locals.iter().filter(|k| k.name == name).count() > 1;
                return Some((ci, l.offset, many));
            }
        }
    }
    None
}

/// The functions whose outermost function is `top`: `top` itself and the closures and async
/// blocks written inside it, in model order.
pub fn tree(fns: &[FnModel], top: usize) -> impl Iterator<Item = usize> + '_ {
    (0..fns.len()).filter(move |&i| outermost(fns, i) == top)
}

/// The index in `c.arg_places` of the argument that call `c` passes for parameter `param` of
/// `callee` (`params` order, without `self`): `Type::method(obj, a)` passes the receiver first.
pub fn arg_index(c: &CallSite, callee: &FnModel, param: usize) -> usize {
    param + usize::from(matches!(c.callee, Callee::Path { .. }) && callee.kind == FnKind::Method)
}

pub fn outermost(fns: &[FnModel], mut f: usize) -> usize {
    while let Some(p) = fns.get(f).and_then(|m| m.parent) {
        f = p;
    }
    f
}

/// Method names a closure argument is stored or sent under rather than run in place.
pub fn defers_closure(name: &str) -> bool {
    matches!(
        name,
        "push"
            | "push_back"
            | "push_front"
            | "insert"
            | "send"
            | "try_send"
            | "register"
            | "subscribe"
            | "execute"
            | "submit"
            | "defer"
            | "schedule"
            | "connect"
            | "call_once_later"
            | "after"
            | "queue"
            | "enqueue"
            | "post"
            | "dispatch"
            | "new"
            | "from"
            | "pin"
            | "boxed"
            | "detach"
    ) || name.starts_with("spawn")
        || name.starts_with("on_")
        || name.starts_with("set_")
        || name.starts_with("add_")
        || name.starts_with("register")
}

/// The call span of the `wait_for(..)` call an `.await` awaits directly (`rx.wait_for(f)` of
/// `rx.wait_for(f).await`, also in parentheses).
fn awaited_wait_for(base: &syn::Expr) -> Option<Span> {
    match peel_parens(base) {
        syn::Expr::MethodCall(mc) if mc.method == "wait_for" && mc.args.len() == 1 => {
            Some(method_call_span(mc))
        }
        _ => None,
    }
}

/// Whether the closure / async block `callee` (recorded as a call of `f` at `call`) runs in
/// place, while the caller's guards are still held. A closure handed to a call that stores or
/// sends it (`pool.execute(..)`, `callbacks.push(Box::new(..))`) does not; an async block runs
/// only when it is awaited.
pub fn closure_runs_inline(f: &FnModel, callee: &FnModel, call: &CallSite) -> bool {
    let s = call.span;
    if callee.kind == FnKind::AsyncBlock {
        // `async { .. }.await` runs in place; `block_on(async { .. })` too
        let awaited = f
            .awaits
            .iter()
            .any(|w| w.start > s.end && w.start <= s.end + 2);
        let block_on = f.enclosing_call(s).is_some_and(|c| c.name() == "block_on");
        return awaited || block_on;
    }
    match f.enclosing_call(s) {
        Some(c) => !defers_closure(c.name()),
        // `let cb = move || ..;` is stored, to be called (or sent) later
        None => !f
            .bindings
            .iter()
            .any(|b| b.init.is_some_and(|i| i.encloses(s))),
    }
}

/// One use of a function's parameter as a callable: the function calls it (`f(..)`,
/// `f.call(..)`, `f.call_mut(..)`, `f.call_once(..)`) or hands it on to a callee
/// (`inner.set_length(n, handler)`), in its body or in a closure of it that runs in place
/// (`self.peers.get_mut(&k).map(|mut e| f(e.value_mut()))`). A closure its caller passes for
/// that parameter runs there, under the guards alive at that point ([`param_uses`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamUse {
    /// The function whose parameter it is (an outermost function of the file).
    pub func: usize,
    /// The parameter's position in [`FnModel::params`].
    pub param: usize,
    /// Where the use is: `func` itself or a closure of it run in place, and the call there.
    pub at_fn: usize,
    pub call: usize,
    /// `Some(j)`: the parameter is argument `j` of the call (handed on); `None`: it is called.
    pub passed_as: Option<usize>,
    /// The guards alive there, `(function, acquisition)`: those of `at_fn` at the call, then
    /// those of each function around it where its closure runs. `try_` guards are left out
    /// (whether they are held is not known).
    pub held: Vec<(usize, usize)>,
}

/// The calls of `f` that invoke a callable named `name` (`name(..)`, `name.call(..)`): the
/// call's index and where it runs (after its arguments: a guard taken in them, as in
/// `f(&mut self.x.write())`, is alive at the closing parenthesis).
fn invocations<'a>(f: &'a FnModel, name: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    f.calls.iter().enumerate().filter_map(move |(ci, c)| {
        let invoked = match &c.callee {
            Callee::Path { segments } => segments.len() == 1 && segments[0] == name,
            Callee::Method {
                recv: Some(r),
                name: m,
            } => {
                matches!(m.as_str(), "call" | "call_mut" | "call_once")
                    && r.fields.is_empty()
                    && matches!(&r.root, Root::Local(n) if n == name)
            }
            _ => false,
        };
        invoked.then(|| (ci, c.span.end.saturating_sub(1)))
    })
}

/// Every [`ParamUse`] of the file's functions (`fns`), by function and then source order.
/// Linear in the calls: only calls naming a parameter of the outermost function are looked
/// at, and each walks up the closures around it once.
pub fn param_uses(fns: &[FnModel]) -> Vec<ParamUse> {
    let mut out = Vec::new();
    for (at_fn, f) in fns.iter().enumerate() {
        let func = outermost(fns, at_fn);
        let owner = &fns[func];
        if owner.params.is_empty() || f.kind == FnKind::AsyncBlock {
            continue;
        }
        for (param, name) in owner.params.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let mut found: Vec<(usize, usize, Option<usize>)> = invocations(f, name)
                .map(|(ci, at)| (ci, at, None))
                .collect();
            // handed on as an argument, as it is (`inner.run(n, f)`, `apply(&mut g, f)`)
            for (ci, c) in f.calls.iter().enumerate() {
                if matches!(c.callee, Callee::Closure { .. }) {
                    continue;
                }
                for (j, p) in c.arg_places.iter().enumerate() {
                    if let Some(p) = p
                        && p.fields.is_empty()
                        && matches!(&p.root, Root::Local(n) if n == name)
                    {
                        found.push((ci, c.at(), Some(j)));
                    }
                }
            }
            'use_: for (ci, at, passed_as) in found {
                let mut held: Vec<(usize, usize)> = f
                    .held_at(at)
                    .filter(|a| !a.is_try)
                    .map(|a| (at_fn, a.id))
                    .collect();
                // up through the closures around the use: each must run in place (a stored
                // or spawned closure calls the parameter later, elsewhere), and must not
                // bind a local of the parameter's name (`|f| f(x)`)
                let mut cur = at_fn;
                while cur != func {
                    let k = &fns[cur];
                    if k.local(name, usize::MAX).is_some() {
                        continue 'use_;
                    }
                    let Some(parent) = k.parent else {
                        continue 'use_;
                    };
                    let p = &fns[parent];
                    let Some(site) = p
                        .calls
                        .iter()
                        .find(|c| matches!(c.callee, Callee::Closure { index } if index == cur))
                    else {
                        continue 'use_;
                    };
                    if k.spawned || !closure_runs_inline(p, k, site) {
                        continue 'use_;
                    }
                    held.extend(
                        p.held_at(site.at())
                            .filter(|a| !a.is_try)
                            .map(|a| (parent, a.id)),
                    );
                    cur = parent;
                }
                out.push(ParamUse {
                    func,
                    param,
                    at_fn,
                    call: ci,
                    passed_as,
                    held,
                });
            }
        }
    }
    out.sort_by_key(|u| (u.func, u.at_fn, u.call, u.param));
    out
}

/// The identifiers of an expression given as text (an argument sliced from the source), or
/// `None` when the text is no expression.
pub fn idents_in_text(text: &str) -> Option<Vec<String>> {
    syn::parse_str::<syn::Expr>(text)
        .ok()
        .map(|e| idents_in(&e))
}

/// Names bound by a pattern.
pub fn pat_names(p: &syn::Pat) -> Vec<String> {
    struct V(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for V {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(p.ident.to_string());
            syn::visit::visit_pat_ident(self, p);
        }
    }
    let mut v = V(Vec::new());
    syn::visit::Visit::visit_pat(&mut v, p);
    v.0
}

fn pat_is_mut(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::Ident(i) => i.mutability.is_some(),
        syn::Pat::Type(t) => pat_is_mut(&t.pat),
        _ => false,
    }
}

fn pat_single_ident(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
        syn::Pat::Type(t) => pat_single_ident(&t.pat),
        _ => None,
    }
}

/// A typed `self` that gives exclusive access: `&mut Self`, `Box<Self>`, `Pin<&mut Self>`,
/// `Pin<Box<Self>>` (not `&Self`, `Arc<Self>`, `Rc<Self>`, `Pin<&Self>`).
fn exclusive_receiver(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => r.mutability.is_some(),
        syn::Type::Paren(p) => exclusive_receiver(&p.elem),
        syn::Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let inner = match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                }),
                _ => None,
            };
            match (last.ident.to_string().as_str(), inner) {
                ("Box", Some(_)) => true,
                ("Pin", Some(t)) => exclusive_receiver(t),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The name a value assigned to `e` is stored under: a local's name, the last field of a
/// place (`self.0.write().unwrap().handle` is `handle`).
fn stored_name(e: &syn::Expr) -> Option<String> {
    match peel_parens(e) {
        syn::Expr::Field(f) => Some(member_name(&f.member)),
        syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
            Some(p.path.segments[0].ident.to_string())
        }
        syn::Expr::Unary(u) => stored_name(&u.expr),
        syn::Expr::Index(i) => stored_name(&i.expr),
        syn::Expr::MethodCall(mc) if mc.args.is_empty() => stored_name(&mc.receiver),
        _ => None,
    }
}

fn pat_is_wild(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::Wild(_) => true,
        syn::Pat::Type(t) => pat_is_wild(&t.pat),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// The walker

struct Builder<'a> {
    /// The file's text (spans are offsets into it).
    text: &'a str,
    edition: Edition,
    index: &'a ItemIndex,
    fns: Vec<FnModel>,
    /// Stack of function indexes being built.
    stack: Vec<usize>,
    closure_counter: Vec<usize>,
    /// Closures and async blocks modelled so far (at most [`MAX_CLOSURES`]).
    closures: usize,
    /// Spans of test items (`#[test]` functions, `#[cfg(test)]` modules and impls).
    test_items: Vec<Span>,
    /// The inline modules around the item being built (`mod a { mod b { .. } }`).
    module: Vec<String>,
    /// The inner expression of a guard suffix (`x` of `x.unwrap()`, `(x)`, `x?`) whose outer
    /// expression was found to be no lock call: neither is `x` (it peels to the same core),
    /// so a chain of N suffixes is peeled once instead of N times.
    no_lock_call: Option<*const syn::Expr>,
    /// The call spans of the `wait_for(..)` calls being walked as the base of an `.await`
    /// (`rx.wait_for(f).await`): only those give a `watch::Ref` ([`Builder::watch_lock`]).
    awaited_waits: Vec<Span>,
    /// The `for`, `while` and `loop` expressions of the file ([`super::FileModel::loops`]).
    loops: Vec<Span>,
    /// The block statement being walked (for [`Acquisition::stmt`]).
    cur_stmt: Option<Span>,
    /// Whether [`Self::cur_stmt`] is its block's tail expression (its temporaries live past
    /// its end).
    cur_tail: bool,
    /// The loops and `if`s being walked, with the function they are in (innermost last): the
    /// context of a Condvar wait or a `notified().await`.
    ctl: Vec<(usize, Ctl)>,
    /// The branches being walked (the `then` block of an `if` with an `else`, an arm of a
    /// `match` before its last), with the sibling branches after them, innermost last: a guard
    /// dropped or moved in the branch is still alive in those ([`Acquisition::also`]).
    branches: Vec<(Span, Span)>,
    /// The guards given [`Acquisition::also`] spans (function, acquisition), in order.
    also_acqs: Vec<(usize, usize)>,
    /// Where the value being built is stored (a `let` name, an assigned field, a struct
    /// literal's field, a collection pushed into): a spawn's handle is known by it.
    dest: Option<String>,
    /// Names bound to a stored thread/task handle (`if let Some(h) = self.worker.take()`,
    /// `for h in handles`): (function, name) -> (the handle's name, whether that is a local).
    handle_names: std::collections::HashMap<(usize, String), (String, bool)>,
    /// Locals (per function) bound to the current task's waker (`let w = cx.waker().clone()`).
    waker_locals: std::collections::HashSet<(usize, String)>,
    /// The `if` conditions walked so far: (function, start of the condition, names read).
    conds: Vec<(usize, usize, Vec<String>)>,
    /// The spawned closures whose handle is stored somewhere ([`FnModel::handles`]).
    spawns: Vec<usize>,
    /// The file names a `DashMap` / `DashSet` ([`Builder::shard_lock`]).
    dash: bool,
    /// Whether the blocks being walked and the blocks inside them diverge, each computed
    /// once ([`Builder::block`]).
    diverges: super::decisions::DivergesMemo,
    /// `drop(x)` calls of a bare name: (function, name, the call's span), for
    /// [`Builder::drop_calls`].
    drop_sites: Vec<(usize, String, Span)>,
    /// Locals typed by [`Builder::upgraded_type`]: (function, name, offset).
    upgraded: Vec<(usize, String, usize)>,
    /// The names of the macros the file's functions call that are neither std's nor known
    /// ([`FileModel::macro_calls`](super::FileModel::macro_calls)).
    macro_calls: std::collections::BTreeSet<String>,
}

/// A loop or `if` around the expression being walked.
enum Ctl {
    If {
        cond: Span,
        reads: Vec<String>,
        has_else: bool,
    },
    While {
        cond: Span,
        reads: Vec<String>,
    },
    /// `loop` / `for`; `checks`: an `if` / `match` was walked in its body so far.
    Loop {
        checks: bool,
    },
}

/// Every function of a file, and the spans of its test items.
pub fn build_fns(
    file: &syn::File,
    source: &SourceFile,
    edition: Edition,
    index: &ItemIndex,
) -> (Vec<FnModel>, Vec<Span>, Vec<Span>, Vec<String>) {
    let mut b = Builder {
        text: &source.text,
        edition,
        index,
        fns: Vec::new(),
        stack: Vec::new(),
        closure_counter: Vec::new(),
        closures: 0,
        test_items: Vec::new(),
        module: Vec::new(),
        no_lock_call: None,
        awaited_waits: Vec::new(),
        loops: Vec::new(),
        cur_stmt: None,
        cur_tail: false,
        ctl: Vec::new(),
        branches: Vec::new(),
        also_acqs: Vec::new(),
        dest: None,
        handle_names: Default::default(),
        waker_locals: Default::default(),
        conds: Vec::new(),
        spawns: Vec::new(),
        dash: source.text.contains("DashMap") || source.text.contains("DashSet"),
        diverges: Default::default(),
        drop_sites: Vec::new(),
        upgraded: Vec::new(),
        macro_calls: Default::default(),
    };
    b.items(&file.items, "");
    b.drop_calls();
    (
        b.fns,
        b.test_items,
        b.loops,
        b.macro_calls.into_iter().collect(),
    )
}

impl<'a> Builder<'a> {
    fn items(&mut self, items: &[syn::Item], prefix: &str) {
        for item in items {
            match item {
                syn::Item::Fn(f) => {
                    let name = join(prefix, &f.sig.ident.to_string());
                    let span = fn_span(&f.sig, &f.block);
                    if is_test_attr(&f.attrs) || is_test_fn_name(&f.sig.ident.to_string()) {
                        self.test_items.push(span);
                    }
                    self.function(&f.sig, &f.block, &f.attrs, name, None, span);
                }
                syn::Item::Impl(imp) => {
                    let ty = type_name(&imp.self_ty).unwrap_or_default();
                    if is_test_attr(&imp.attrs) {
                        self.test_items.push(delim_span(&imp.brace_token.span));
                    }
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            let name = format!("{}::{}", ty, f.sig.ident);
                            let span = fn_span(&f.sig, &f.block);
                            if is_test_attr(&f.attrs) || is_test_fn_name(&f.sig.ident.to_string()) {
                                self.test_items.push(span);
                            }
                            let at = self.fns.len();
                            self.function(&f.sig, &f.block, &f.attrs, name, Some(&ty), span);
                            // `impl<L: Listener> Worker<L>`: the impl's bounds hold in its
                            // methods (`self.listener.on_event()` with a field of type `L`)
                            if let Some(m) = self.fns.get_mut(at) {
                                for b in type_param_bounds(&imp.generics) {
                                    if !m.bounds.contains(&b) {
                                        m.bounds.push(b);
                                    }
                                }
                            }
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    let ty = t.ident.to_string();
                    for it in &t.items {
                        if let syn::TraitItem::Fn(f) = it
                            && let Some(block) = &f.default
                        {
                            let name = format!("{}::{}", ty, f.sig.ident);
                            self.function(
                                &f.sig,
                                block,
                                &f.attrs,
                                name,
                                None,
                                fn_span(&f.sig, block),
                            );
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((brace, items)) = &m.content {
                        if is_test_attr(&m.attrs) {
                            self.test_items.push(delim_span(&brace.span));
                        }
                        self.module.push(m.ident.to_string());
                        self.items(items, prefix);
                        self.module.pop();
                    }
                }
                _ => {}
            }
        }
    }

    /// An `if` / `match` walked inside a `loop` of the current function: the loop checks
    /// something on each pass.
    fn mark_check(&mut self) {
        let cur = *self.stack.last().unwrap();
        if let Some((f, Ctl::Loop { checks })) = self.ctl.last_mut()
            && *f == cur
        {
            *checks = true;
        }
    }

    /// The innermost loop or `if` around the current expression in the current function.
    fn wait_context(&self) -> super::condvar::WaitContext {
        use super::condvar::WaitContext;
        let cur = *self.stack.last().unwrap();
        let mut ctx = WaitContext::Plain;
        for (f, c) in self.ctl.iter().rev() {
            if *f != cur {
                break;
            }
            match c {
                Ctl::While { cond, reads } => {
                    return WaitContext::While {
                        cond: *cond,
                        reads: reads.clone(),
                    };
                }
                Ctl::Loop { checks } => {
                    // an `if` around the wait inside the loop is a check too
                    let checks = *checks || matches!(ctx, WaitContext::If { .. });
                    return WaitContext::Loop { checks };
                }
                Ctl::If {
                    cond,
                    reads,
                    has_else,
                } => {
                    if ctx == WaitContext::Plain {
                        ctx = WaitContext::If {
                            cond: *cond,
                            reads: reads.clone(),
                            has_else: *has_else,
                        };
                    }
                }
            }
        }
        ctx
    }

    /// `h.join()` and `opt.take().map(JoinHandle::join)`: a thread joined ([`JoinWait`]).
    fn join_facts(&mut self, mc: &syn::ExprMethodCall, method: &str) {
        let joins = (method == "join" && mc.args.is_empty())
            || (matches!(method, "map" | "and_then" | "map_or_else" | "for_each")
                && mc.args.iter().any(|a| {
                    path_segments(a).is_some_and(|s| {
                        s.len() >= 2 && s[s.len() - 1] == "join" && s[s.len() - 2] == "JoinHandle"
                    })
                }));
        if !joins {
            return;
        }
        let at = expr_span(&mc.receiver).end;
        self.push_join(&mc.receiver, method_call_span(mc), at, true);
    }

    /// A join of the handle `handle` (its expression) at `span`, waiting from `at`.
    fn push_join(&mut self, handle: &syn::Expr, span: Span, at: usize, blocking: bool) {
        if let Some((handle, local)) = self.handle_of(handle) {
            let checked = self.checked_before();
            self.cur().joins.push(JoinWait {
                span,
                at,
                handle,
                local,
                blocking,
                checked,
            });
        }
    }

    /// The name a joined handle is stored under ([`JoinWait::handle`]), and whether it is a
    /// local: `h`, `self.worker`, `inner.handle.take().unwrap()`, `h` of `for h in handles`
    /// (`handles`).
    fn handle_of(&self, e: &syn::Expr) -> Option<(String, bool)> {
        let mut e = peel_parens(e);
        loop {
            match e {
                syn::Expr::MethodCall(mc)
                    if matches!(
                        mc.method.to_string().as_str(),
                        "take" | "unwrap" | "as_mut" | "pop" | "pop_front"
                    ) && mc.args.is_empty()
                        || matches!(
                            mc.method.to_string().as_str(),
                            "expect" | "remove" | "drain" | "into_iter" | "into_values"
                        ) =>
                {
                    e = peel_parens(&mc.receiver)
                }
                syn::Expr::Try(t) => e = peel_parens(&t.expr),
                syn::Expr::Reference(r) => e = peel_parens(&r.expr),
                _ => break,
            }
        }
        match e {
            syn::Expr::Field(f) => Some((member_name(&f.member), false)),
            syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
                let name = p.path.segments[0].ident.to_string();
                // `for h in handles`, `if let Some(w) = self.worker.take()`: the handle the
                // name was bound from
                let cur = *self.stack.last()?;
                if let Some((handle, local)) = self.handle_names.get(&(cur, name.clone())) {
                    return Some((handle.clone(), *local));
                }
                Some((name, true))
            }
            _ => None,
        }
    }

    /// `self.worker = Some(h)`, `Worker { thread: Some(thread) }`, `handles.push(h)`: a local
    /// holding a spawn's handle is moved to where [`Builder::dest`] names; the spawn is then
    /// known by that name too.
    /// [`FieldInit`]s of a struct literal: its fields set from a place.
    fn field_inits(&mut self, s: &syn::ExprStruct) {
        let Some(last) = s.path.segments.last() else {
            return;
        };
        let owner = if last.ident == "Self" {
            match self.cur().self_ty.clone() {
                Some(t) => t,
                None => return,
            }
        } else {
            last.ident.to_string()
        };
        for f in &s.fields {
            let Some(source) = super::syntax::shared_place_of(&f.expr) else {
                continue;
            };
            if matches!(source.root, Root::Other(_)) {
                continue;
            }
            let at = expr_span(&f.expr).start;
            self.cur().field_inits.push(FieldInit {
                owner: owner.clone(),
                field: member_name(&f.member),
                source,
                at,
            });
        }
    }

    fn move_handle(&mut self, value: &syn::Expr) {
        let Some(dest) = self.dest.clone() else {
            return;
        };
        let mut v = peel_parens(value);
        while let syn::Expr::Call(c) = v
            && c.args.len() == 1
            && path_segments(&c.func).is_some_and(|s| {
                matches!(
                    s.last().map(String::as_str),
                    Some("Some" | "Ok" | "new" | "from")
                )
            })
        {
            v = peel_parens(&c.args[0]);
        }
        let Some(name) = single_name(v) else {
            return;
        };
        if name == dest {
            return;
        }
        let cur = *self.stack.last().unwrap();
        let top = outermost(&self.fns, cur);
        // only the spawns with a stored handle, latest first (not every function of the file)
        for k in (0..self.spawns.len()).rev() {
            let i = self.spawns[k];
            let g = &self.fns[i];
            if outermost(&self.fns, i) == top && g.handles.contains(&name) {
                if !g.handles.contains(&dest) {
                    self.fns[i].handles.push(dest);
                }
                return;
            }
        }
    }

    /// The names the current function's `if` conditions walked so far read ([`JoinWait::checked`]).
    fn checked_before(&self) -> Vec<(usize, String)> {
        let cur = *self.stack.last().unwrap();
        self.conds
            .iter()
            .filter(|(f, _, _)| *f == cur)
            .flat_map(|(_, at, names)| names.iter().map(|n| (*at, n.clone())))
            .collect()
    }

    /// A name bound from a handle expression (`let h = self.worker.take().unwrap()`,
    /// `if let Some(h) = ..`, `for h in handles`) stands for that handle in a later join.
    fn bind_handle(&mut self, pat: &syn::Pat, e: &syn::Expr) {
        let name = match pat {
            syn::Pat::TupleStruct(t) if t.elems.len() == 1 => pat_single_ident(&t.elems[0]),
            other => pat_single_ident(other),
        };
        let Some(name) = name else {
            return;
        };
        // only a name that means something else than itself; a name bound to anything else
        // forgets the handle it stood for
        let cur = *self.stack.last().unwrap();
        match self.handle_of(e) {
            Some((handle, local)) if !(local && handle == name) => {
                self.handle_names.insert((cur, name), (handle, local));
            }
            _ => {
                self.handle_names.remove(&(cur, name));
            }
        }
    }

    /// Condvar waits, notifies and tokio `notified()` calls ([`super::condvar`]).
    fn wait_notify_facts(&mut self, mc: &syn::ExprMethodCall, method: &str) {
        use super::condvar::{
            CondvarWait, NotifiedWait, Notify, has_predicate, is_condvar_wait, is_listener_notify,
            is_notify, is_timed,
        };
        let Some(target) = place_of(&mc.receiver) else {
            return;
        };
        let span = method_call_span(mc);
        if is_condvar_wait(method) && !mc.args.is_empty() {
            let arg = &mc.args[0];
            let name = match peel_parens(arg) {
                syn::Expr::Reference(r) => single_name(&r.expr),
                other => single_name(other),
            };
            let context = self.wait_context();
            let guard_acq = name.as_ref().and_then(|n| self.live_named(n, span.start));
            self.cur().cv_waits.push(CondvarWait {
                condvar: target,
                method: method.to_string(),
                span,
                guard: name,
                guard_span: expr_span(arg),
                timeout: is_timed(method),
                with_predicate: has_predicate(method),
                context,
                guard_acq,
            });
        } else if is_notify(method) && mc.args.is_empty() {
            self.cur().notifies.push(Notify {
                target,
                method: method.to_string(),
                span,
            });
        } else if is_listener_notify(method) && mc.args.len() == 1 {
            // `event.notify(usize::MAX)`: the rules keep it for an `event_listener::Event`
            self.cur().notifies.push(Notify {
                target,
                method: method.to_string(),
                span,
            });
        } else if (method == "notified" || method == "listen") && mc.args.is_empty() {
            let context = self.wait_context();
            self.cur().notified.push(NotifiedWait {
                notify: target,
                span,
                inline: false,
                context,
            });
        }
    }

    /// Whether an expression carries the current task's waker: a `.waker()` call
    /// (`cx.waker()`, `cx.waker().clone()`, `Some(cx.waker().clone())`) or a local bound from
    /// one.
    fn carries_waker(&self, e: &syn::Expr) -> bool {
        match peel_parens(e) {
            syn::Expr::MethodCall(mc) => {
                (mc.method == "waker" && mc.args.is_empty())
                    || (matches!(
                        mc.method.to_string().as_str(),
                        "clone" | "to_owned" | "into" | "unwrap" | "cloned"
                    ) && self.carries_waker(&mc.receiver))
            }
            syn::Expr::Call(c) => c.args.len() == 1 && self.carries_waker(&c.args[0]),
            syn::Expr::Reference(r) => self.carries_waker(&r.expr),
            // `wakers.push((id, cx.waker().clone()))`
            syn::Expr::Tuple(t) => t.elems.iter().any(|e| self.carries_waker(e)),
            syn::Expr::Path(p) => p.path.get_ident().is_some_and(|i| {
                let cur = *self.stack.last().unwrap();
                self.waker_locals.contains(&(cur, i.to_string()))
            }),
            _ => false,
        }
    }

    /// `slot.register(cx.waker())`, `wakers.push(cx.waker().clone())`: a waker stored through
    /// a method of shared state ([`super::condvar::WakerStore`]).
    fn waker_call(&mut self, mc: &syn::ExprMethodCall, method: &str) {
        if mc.args.is_empty()
            || method.starts_with("poll")
            || matches!(
                method,
                "wake" | "wake_by_ref" | "will_wake" | "eq" | "ne" | "clone" | "map" | "and_then"
            )
            || self.carries_waker(&mc.receiver)
            || !mc.args.iter().any(|a| self.carries_waker(a))
        {
            return;
        }
        self.push_waker_store(
            place_of(&mc.receiver),
            expr_span(&mc.receiver),
            method_call_span(mc),
        );
    }

    /// `*slot = Some(cx.waker().clone())`, `self.waker = Some(w)`: a waker stored in a place
    /// that is not a plain local.
    fn waker_assign(&mut self, a: &syn::ExprAssign) {
        if matches!(peel_parens(&a.left), syn::Expr::Path(_)) || !self.carries_waker(&a.right) {
            return;
        }
        let span = Span::new(expr_span(&a.left).start, expr_span(&a.right).end);
        self.push_waker_store(place_of(&a.left), expr_span(&a.left), span);
    }

    fn push_waker_store(&mut self, target: Option<Place>, target_span: Span, span: Span) {
        let context = self.wait_context();
        self.cur().waker_stores.push(super::condvar::WakerStore {
            target,
            target_span,
            span,
            context,
        });
    }

    fn new_fn(&mut self, f: FnModel) -> usize {
        self.fns.push(f);
        self.fns.len() - 1
    }

    fn cur(&mut self) -> &mut FnModel {
        let i = *self.stack.last().expect("inside a function");
        &mut self.fns[i]
    }

    fn function(
        &mut self,
        sig: &syn::Signature,
        block: &syn::Block,
        attrs: &[syn::Attribute],
        name: String,
        self_ty: Option<&str>,
        span: Span,
    ) {
        let mut self_exclusive = false;
        let mut locals = Vec::new();
        let mut bindings = Vec::new();
        let mut has_self = false;
        let mut params = Vec::new();
        let mut context = None;
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    has_self = true;
                    self_exclusive = match &r.kind {
                        syn::ReceiverKind::Reference(_, _, m) => m.is_some(),
                        syn::ReceiverKind::Value => true,
                        // `self: Pin<&mut Self>` (a poll method), `self: &mut Self`,
                        // `self: Box<Self>`
                        syn::ReceiverKind::Typed(_, ty) => exclusive_receiver(ty),
                        _ => false,
                    };
                }
                syn::FnArg::Typed(t) => {
                    if let (syn::Type::Reference(r), syn::Pat::Ident(i)) = (&*t.ty, &*t.pat)
                        && r.mutability.is_some()
                        && let syn::Type::Path(tp) = &*r.elem
                        && tp
                            .path
                            .segments
                            .last()
                            .is_some_and(|s| s.ident == "Context")
                    {
                        context = Some(i.ident.to_string());
                    }
                    params.push(match &*t.pat {
                        syn::Pat::Ident(i) if i.subpat.is_none() => i.ident.to_string(),
                        _ => String::new(),
                    });
                    let ty = classify(&self.index.expand(&t.ty), &self.index.uses);
                    for n in pat_names(&t.pat) {
                        locals.push(LocalInfo {
                            name: n.clone(),
                            ty: Some(ty.clone()),
                            alias: None,
                            offset: span.start,
                            scope_end: usize::MAX,
                            getter: None,
                        });
                        bindings.push(Binding {
                            names: vec![n],
                            span: span_of(&t.pat),
                            init: None,
                            deps: Vec::new(),
                            mutable: false,
                            scope_end: None,
                            answer: false,
                            lent: Vec::new(),
                        });
                    }
                }
            }
        }
        let idx = self.new_fn(FnModel {
            name,
            kind: if has_self { FnKind::Method } else { FnKind::Fn },
            self_ty: self_ty.map(str::to_string),
            module: self.module.join("::"),
            self_exclusive,
            is_async: sig.asyncness.is_some(),
            spawned: false,
            parent: None,
            span,
            body: block_span(block),
            name_span: span_of(&sig.ident),
            acquisitions: Vec::new(),
            awaits: Vec::new(),
            exits: Vec::new(),
            continues: Vec::new(),
            await_exprs: Vec::new(),
            atomics: Vec::new(),
            bindings,
            locals,
            calls: Vec::new(),
            cv_waits: Vec::new(),
            joins: Vec::new(),
            handles: Vec::new(),
            notifies: Vec::new(),
            notified: Vec::new(),
            waker_stores: Vec::new(),
            pendings: Vec::new(),
            context: None,
            ready_falls: Vec::new(),
            helper_accesses: Vec::new(),
            field_inits: Vec::new(),
            ctor_calls: Vec::new(),
            ctor_sites: Vec::new(),
            params,
            bounds: type_param_bounds(&sig.generics),
            binding_index: Default::default(),
            local_index: Default::default(),
            held_index: Default::default(),
            acq_index: Default::default(),
        });
        self.enter(idx);
        // a poll function: `fn poll(.., cx: &mut Context<'_>) -> Poll<..>`
        if matches!(&sig.output, syn::ReturnType::Type(_, t) if matches!(&**t, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Poll")))
        {
            self.cur().context = context;
        }
        self.span_fields(attrs);
        let end = block_span(block).end;
        self.block(block, end);
        self.leave();
    }

    /// `#[tracing::instrument(fields(height = ?self.rx.borrow().height, ..))]`: the field
    /// values are computed when the function is entered, all of them in the one call that
    /// builds the span, so their temporaries (and the guards among them) live until the last
    /// is computed: to the end of the attribute, before the body runs.
    fn span_fields(&mut self, attrs: &[syn::Attribute]) {
        for attr in attrs {
            if attr
                .path()
                .segments
                .last()
                .is_none_or(|s| s.ident != "instrument")
            {
                continue;
            }
            let syn::Meta::List(list) = &attr.meta else {
                continue;
            };
            let values = instrument_field_values(list.tokens.clone());
            if values.is_empty() {
                continue;
            }
            let end = delim_span(list.delimiter.span()).end;
            let outer = self.cur_stmt.take();
            for v in &values {
                self.expr(v, end);
            }
            self.cur_stmt = outer;
        }
    }

    fn enter(&mut self, idx: usize) {
        self.stack.push(idx);
        self.closure_counter.push(0);
    }

    fn leave(&mut self) {
        self.stack.pop();
        self.closure_counter.pop();
    }

    /// A block; `temp_end` is where temporaries of its tail expression die under 2021.
    fn block(&mut self, block: &syn::Block, temp_end: usize) {
        let span = block_span(block);
        // what is learnt about `block` and the blocks inside it is forgotten when the walk
        // leaves it (a macro's parsed arguments are freed, and their addresses reused)
        let mark = self.diverges.mark();
        if self.diverges.diverges(block) {
            self.cur().exits.push(span);
        }
        let n = block.stmts.len();
        // `#[cfg(a)] let g = ..; #[cfg(not(a))] let g = ..;`: alternatives, only one of
        // which is compiled; walk the first
        let mut prev_cfg_let: Option<Vec<String>> = None;
        for (i, stmt) in block.stmts.iter().enumerate() {
            if let syn::Stmt::Local(l) = stmt
                && l.attrs.iter().any(|a| a.path().is_ident("cfg"))
            {
                let names = pat_names(&l.pat);
                if prev_cfg_let.as_ref() == Some(&names) {
                    continue;
                }
                prev_cfg_let = Some(names);
            } else {
                prev_cfg_let = None;
            }
            // `#[cfg(test)] if .. { .. }` inside a production function: test code
            if is_test_attr(stmt_attrs(stmt)) {
                self.test_items.push(stmt_span(stmt));
            }
            let is_tail = i + 1 == n && matches!(stmt, syn::Stmt::Expr(_, None));
            if let Some(cx) = self.cur().context.clone() {
                for (poll, after, end) in super::decisions::ready_fall(stmt, &cx) {
                    self.cur().ready_falls.push(ReadyFall {
                        poll,
                        after,
                        block_end: end.unwrap_or(span.end),
                    });
                }
            }
            let outer = self.cur_stmt.replace(stmt_span(stmt));
            let outer_tail = std::mem::replace(&mut self.cur_tail, is_tail);
            self.stmt(stmt, is_tail, temp_end, span.end);
            self.cur_stmt = outer;
            self.cur_tail = outer_tail;
        }
        self.diverges.release(mark);
    }

    fn stmt(&mut self, stmt: &syn::Stmt, is_tail: bool, outer_temp_end: usize, block_end: usize) {
        match stmt {
            syn::Stmt::Local(local) => self.local(local, block_end),
            syn::Stmt::Expr(e, semi) => {
                let end = if semi.is_some() || !is_tail {
                    stmt_span(stmt).end
                } else if self.edition.is_2024() {
                    block_end
                } else {
                    outer_temp_end.max(stmt_span(stmt).end)
                };
                // `g = m.lock().unwrap();` reassigns a named guard
                if let syn::Expr::Assign(a) = e
                    && let syn::Expr::Path(p) = &*a.left
                    && p.path.segments.len() == 1
                {
                    let name = p.path.segments[0].ident.to_string();
                    let at = expr_span(e).start;
                    // `g = cv.wait(g).unwrap();`: the guard goes into the wait and comes back
                    // to the same name, never dropped
                    let handover = self.wait_handover(&a.right, at, false);
                    let keeps = handover.as_ref().is_some_and(|h| h.from == name);
                    if !keeps {
                        self.release_named(&name, at, ReleaseCause::Reassigned);
                    }
                    // the value of `name` from here to the end of the block
                    let deps = idents_in(&a.right);
                    self.cur().bindings.push(Binding {
                        names: vec![name.clone()],
                        span: stmt_span(stmt),
                        init: Some(expr_span(&a.right)),
                        deps,
                        mutable: true,
                        scope_end: Some(block_end),
                        answer: super::syntax::awaited_answer(&a.right),
                        lent: super::syntax::lent_to_answer(&a.right),
                    });
                    if lock_call(&a.right).is_some() {
                        self.expr(&a.right, end);
                        if let Some(last) = self.cur().acquisitions.last_mut() {
                            last.guard = GuardKind::Named(name);
                            last.release = block_end;
                            last.release_cause = ReleaseCause::EndOfBlock;
                        }
                        return;
                    }
                    if let Some(h) = handover {
                        let n = self.cur().acquisitions.len();
                        self.expr(e, end);
                        let (release, cause) = if keeps {
                            (h.release, h.cause.clone())
                        } else {
                            // the guard is `name`'s now: it lives as long as `name` does
                            let scope = self.cur().local(&name, at).map(|l| l.scope_end);
                            let end = scope.filter(|&s| s != usize::MAX && s > at);
                            (end.unwrap_or(block_end), ReleaseCause::EndOfBlock)
                        };
                        self.rebind_guard(&h, n, &name, release, cause);
                        return;
                    }
                }
                self.expr(e, end);
            }
            // items nested in a body (`fn helper()`, `impl S { .. }` inside a function) are
            // functions of their own
            syn::Stmt::Item(item) => self.items(std::slice::from_ref(item), ""),
            syn::Stmt::Macro(m) => self.mac(&m.mac, stmt_span(stmt).end),
        }
    }

    fn local(&mut self, local: &syn::Local, block_end: usize) {
        let stmt_end = local_span(local).end;
        let names = pat_names(&local.pat);
        let single = pat_single_ident(&local.pat);
        let mut ty = match &local.pat {
            syn::Pat::Type(t) => Some(classify(&self.index.expand(&t.ty), &self.index.uses)),
            _ => None,
        };
        let mut alias = None;
        let mut getter = None;
        if let Some(init) = &local.init {
            let n_acq = self.cur().acquisitions.len();
            let outer = std::mem::replace(&mut self.dest, single.clone());
            // `let PAT = EXPR else { .. }`: EXPR's temporaries are dropped before the `else`
            // block runs (rustc 1.95, every edition)
            let temp_end = if init.diverge.is_some() {
                expr_span(&init.expr).end
            } else {
                stmt_end
            };
            // `let g = cv.wait(g).unwrap();`: the wait gives the guard handed over back
            let rebind = match (init.diverge.is_none(), rebind_pat_name(&local.pat)) {
                (true, Some((n, pair))) => self
                    .wait_handover(&init.expr, local_span(local).start, pair)
                    .map(|h| (h, n)),
                _ => None,
            };
            self.expr(&init.expr, temp_end);
            let rebound = rebind.is_some_and(|(h, n)| {
                self.rebind_guard(&h, n_acq, &n, block_end, ReleaseCause::EndOfBlock)
            });
            self.dest = outer;
            self.bind_handle(&local.pat, &init.expr);
            if let Some(name) = &single {
                let key = (*self.stack.last().unwrap(), name.clone());
                if self.carries_waker(&init.expr) {
                    self.waker_locals.insert(key);
                } else if !self.waker_locals.is_empty() {
                    self.waker_locals.remove(&key);
                }
            }
            if let Some((_, div)) = &init.diverge {
                self.expr(div, stmt_end);
                // `let Some(r) = map.get(k) else { .. }`: `r` holds the reference to the end
                // of the block
                self.bind_some_shard_ref(
                    &local.pat,
                    &init.expr,
                    block_end,
                    ReleaseCause::EndOfBlock,
                );
            }
            // A guard bound to a name lives to the end of the block.
            // the lock call, or a guard-returning wrapper call (`let s = self.state();`)
            // (or a free function returning a static's guard: `let u = users();`)
            // `let r = match map.get_mut(k) { Some(r) => r, None => return }`: every arm that
            // does not leave yields the reference, which the binding then holds, as `let
            // Some(r) = .. else { return }` does
            let shard_core = match peel_guard_suffix(&init.expr) {
                syn::Expr::Match(m)
                    if init.diverge.is_none() && m.arms.iter().all(arm_keeps_guard) =>
                {
                    option_ref_call(&m.expr).map(method_call_span)
                }
                _ => None,
            };
            if let Some(at) = shard_core {
                self.hold_shard_ref(at, block_end, ReleaseCause::EndOfBlock);
            }
            let guard_core = guard_value(&init.expr)
                .map(method_call_span)
                .or(shard_core)
                .or(match peel_guard_suffix(&init.expr) {
                    syn::Expr::MethodCall(mc) => Some(method_call_span(option_ref_call_of(mc))),
                    c @ (syn::Expr::Call(_) | syn::Expr::Macro(_)) => Some(expr_span(c)),
                    _ => None,
                });
            let mut binds_guard = rebound;
            if let Some(cs) = guard_core {
                let acqs = &mut self.fns[*self.stack.last().unwrap()].acquisitions;
                if let Some(a) = acqs[n_acq..]
                    .iter_mut()
                    .find(|a| a.call_span == cs && !a.transient)
                {
                    binds_guard = true;
                    // a pattern that binds no name (`_`, `()`, a literal) keeps no guard:
                    // the value is dropped at the end of the `let`
                    if pat_is_wild(&local.pat) || names.is_empty() {
                        a.guard = GuardKind::Discarded;
                        a.release = stmt_end;
                        a.release_cause = ReleaseCause::Discarded;
                    } else {
                        a.guard = GuardKind::Named(names.first().cloned().unwrap_or_default());
                        a.release = block_end;
                        a.release_cause = ReleaseCause::EndOfBlock;
                    }
                }
            }
            // `let Some(g) = map.get(k) else { .. }`, `let Ok(g) = m.lock() else { .. }`: the
            // guard the pattern binds exists only when it matched, after the statement; in the
            // `else` block there is none
            if init.diverge.is_some() {
                let value = expr_span(&init.expr);
                for a in &mut self.cur().acquisitions[n_acq..] {
                    if !a.transient
                        && a.release > stmt_end
                        && value.start <= a.call_span.start
                        && a.call_span.end <= value.end
                    {
                        a.live_from = a.live_from.max(stmt_end);
                    }
                }
            }
            // `let pe = Timed::new(peer, "..");`, `let w = Wrapper { inner: m.lock().unwrap() }`:
            // a value built around a guard keeps it, held as long as the binding lives
            if !binds_guard
                && init.diverge.is_none()
                && let Some(name) = &single
            {
                binds_guard = self.wrap_guards(&init.expr, n_acq, name, block_end);
            }
            if ty.is_none() {
                ty = ctor_type(&init.expr, self.index);
            }
            if ty.is_none() && !binds_guard {
                alias = alias_of(&init.expr);
                // `let m = self.accounts();` with an accessor returning the lock
                if alias.is_none()
                    && matches!(&*init.expr, syn::Expr::MethodCall(mc) if mc.args.is_empty())
                    && let Some(p) = self.recv_place(&init.expr, 0)
                {
                    alias = Some(p);
                }
                if alias.is_none() {
                    getter = getter_call(&init.expr).map(Box::new);
                }
            }
            let deps = idents_in(&init.expr);
            self.cur().bindings.push(Binding {
                names: names.clone(),
                span: local_span(local),
                init: Some(expr_span(&init.expr)),
                deps,
                mutable: pat_is_mut(&local.pat),
                scope_end: None,
                answer: super::syntax::awaited_answer(&init.expr),
                lent: super::syntax::lent_to_answer(&init.expr),
            });
        } else {
            self.cur().bindings.push(Binding {
                names: names.clone(),
                span: local_span(local),
                init: None,
                deps: Vec::new(),
                mutable: pat_is_mut(&local.pat),
                scope_end: None,
                answer: false,
                lent: Vec::new(),
            });
        }
        let mut let_else_ty = None;
        if ty.is_none()
            && let Some(init) = &local.init
        {
            // `let s = w.upgrade()?`, `let Some(s) = w.upgrade() else { .. }`
            let pat = match &local.pat {
                syn::Pat::TupleStruct(ts) if init.diverge.is_some() => {
                    ts.path.is_ident("Some").then(|| ts.elems.first()).flatten()
                }
                p => Some(p),
            };
            let expr = if init.diverge.is_some() {
                Some(&*init.expr)
            } else {
                unwrap_suffix(&init.expr)
            };
            if let (Some(p), Some(e)) = (pat, expr)
                && pat_single_ident(p).is_some()
            {
                let t = self.upgraded_type(e);
                if init.diverge.is_some() {
                    let_else_ty = t.clone();
                } else {
                    ty = t.clone();
                }
                if t.is_some() {
                    let cur = *self.stack.last().unwrap();
                    let n = pat_single_ident(p).unwrap_or_default();
                    self.upgraded.push((cur, n, local_span(local).start));
                }
            }
        }
        if let Some(n) = single {
            let offset = local_span(local).start;
            self.cur().locals.push(LocalInfo {
                name: n,
                getter: getter.filter(|_| ty.is_none()),
                ty,
                alias: alias.map(Box::new),
                offset,
                scope_end: block_end,
            });
        } else {
            let one = names.len() == 1;
            for n in names {
                let offset = local_span(local).start;
                self.cur().locals.push(LocalInfo {
                    name: n,
                    ty: if one { let_else_ty.clone() } else { None },
                    alias: None,
                    offset,
                    scope_end: block_end,
                    getter: None,
                });
            }
        }
    }

    /// A `let name = <value>;` whose value is built around guards: a constructor that keeps
    /// its arguments ([`super::syntax::keeps_args`]: `Timed::new(peer, "..")`, `Wrapper(g)`, `Some(g)`) or a
    /// struct literal (`Timed { inner: g, at }`). A named guard moved into it, or a guard
    /// taken in the argument itself (`Timed::new(m.lock().unwrap(), "..")`, from the
    /// acquisitions made since `from`), becomes `name`'s: held to `block_end`, released where
    /// `name` is dropped or moved. Whether one was found.
    fn wrap_guards(
        &mut self,
        value: &syn::Expr,
        from: usize,
        name: &str,
        block_end: usize,
    ) -> bool {
        let (parts, end): (Vec<&syn::Expr>, usize) = match peel_parens(value) {
            syn::Expr::Call(c)
                if path_segments(&c.func).is_some_and(|segs| super::syntax::keeps_args(&segs)) =>
            {
                (c.args.iter().collect(), expr_span(value).end)
            }
            syn::Expr::Struct(s) if s.rest.is_none() => (
                s.fields.iter().map(|f| &f.expr).collect(),
                expr_span(value).end,
            ),
            _ => return false,
        };
        let mut found = false;
        for part in parts {
            let f = &mut self.fns[*self.stack.last().unwrap()];
            if let Some(x) = single_name(part) {
                // moved into the call (released there), or still bound (a struct literal's
                // field moves it without a call)
                let held = GuardKind::Named(x);
                if let Some(a) = f.acquisitions.iter_mut().rev().find(|a| {
                    a.guard == held
                        && a.span.end <= end
                        && ((a.release_cause == ReleaseCause::Moved && a.release == end)
                            || a.release > end)
                }) {
                    a.guard = GuardKind::Named(name.to_string());
                    a.release = block_end;
                    a.release_cause = ReleaseCause::EndOfBlock;
                    found = true;
                }
                continue;
            }
            let core = guard_value(part)
                .map(method_call_span)
                .or(match peel_guard_suffix(part) {
                    syn::Expr::MethodCall(mc) => Some(method_call_span(option_ref_call_of(mc))),
                    _ => None,
                });
            let Some(cs) = core else {
                continue;
            };
            let lo = from.min(f.acquisitions.len());
            if let Some(a) = f.acquisitions[lo..]
                .iter_mut()
                .find(|a| a.call_span == cs && !a.transient && a.guard == GuardKind::Temporary)
            {
                a.guard = GuardKind::Named(name.to_string());
                a.release = block_end;
                a.release_cause = ReleaseCause::EndOfBlock;
                found = true;
            }
        }
        found
    }

    /// The acquisition of the current function whose guard is bound to `name` and alive at
    /// `at`.
    fn live_named(&self, name: &str, at: usize) -> Option<usize> {
        let f = &self.fns[*self.stack.last()?];
        f.acquisitions.iter().rposition(|a| {
            a.guard == GuardKind::Named(name.to_string()) && a.span.end <= at && at < a.release
        })
    }

    /// Before walking `value`, a wait that takes a guard by value and gives it back
    /// (`cv.wait(g)`, `cv.wait_while(g, p)`, `cv.wait_timeout(g, d)`): the acquisition of the
    /// named guard handed over, with its release as it stands, or `None` for one acquired in
    /// the argument itself (`cv.wait(m.lock().unwrap())`), found after the walk
    /// ([`Builder::rebind_guard`]).
    fn wait_handover(&self, value: &syn::Expr, at: usize, pair: bool) -> Option<Handover> {
        let arg = if pair {
            super::condvar::handed_back_in_pair(value)?
        } else {
            super::condvar::handed_back(value)?
        };
        match single_name(arg) {
            Some(n) => {
                let i = self.live_named(&n, at)?;
                let a = &self.fns[*self.stack.last()?].acquisitions[i];
                Some(Handover {
                    acq: Some(i),
                    from: n,
                    arg: expr_span(arg),
                    release: a.release,
                    cause: a.release_cause.clone(),
                })
            }
            None => lock_call(arg).map(|_| Handover {
                acq: None,
                from: String::new(),
                arg: expr_span(arg),
                release: 0,
                cause: ReleaseCause::EndOfBlock,
            }),
        }
    }

    /// After walking the value of a wait that gives its guard back, bound to `name`: the guard
    /// moved into the wait is the same lock's guard again, now `name`'s, alive until
    /// `release` (the mutex is released only while the thread sleeps, and the wait takes it
    /// again before it returns). `from`: the acquisitions before the walk.
    fn rebind_guard(
        &mut self,
        h: &Handover,
        from: usize,
        name: &str,
        release: usize,
        cause: ReleaseCause,
    ) -> bool {
        let f = self.cur();
        let i = match h.acq {
            Some(i) => i,
            None => match f.acquisitions[from.min(f.acquisitions.len())..]
                .iter()
                .position(|a| a.span == h.arg && !a.transient)
            {
                Some(k) => from + k,
                None => return false,
            },
        };
        let a = &mut f.acquisitions[i];
        if a.release_cause != ReleaseCause::Moved || a.release < h.arg.end {
            return false;
        }
        a.guard = GuardKind::Named(name.to_string());
        a.release = release;
        a.release_cause = cause;
        true
    }

    fn release_named(&mut self, name: &str, at: usize, cause: ReleaseCause) -> bool {
        let branches = std::mem::take(&mut self.branches);
        let cur = *self.stack.last().unwrap();
        // a second drop or move, in a sibling branch where the guard is still alive (the
        // latest guards with such branches only: a scan of every guard at every drop was
        // quadratic)
        let named = |a: &Acquisition| a.guard == GuardKind::Named(name.to_string());
        let sibling = self
            .also_acqs
            .iter()
            .rev()
            .take(ALSO_SCAN)
            .filter(|(fi, _)| *fi == cur)
            .map(|&(_, i)| i)
            .find(|&i| {
                let a = &self.fns[cur].acquisitions[i];
                named(a) && a.also.iter().any(|s| s.start <= at && at < s.end)
            });
        let f = self.cur();
        if let Some(i) = sibling {
            let a = &mut f.acquisitions[i];
            for s in &mut a.also {
                if s.start <= at && at < s.end {
                    s.end = at;
                }
            }
            self.branches = branches;
            return true;
        }
        if let Some(last) = f
            .acquisitions
            .iter()
            .rposition(|a| named(a) && a.span.end <= at && at < a.release)
        {
            // the guards one `let` holds together (`let s = Stats { a: x.read().unwrap(), b:
            // y.read().unwrap() }`) all go with the value; a shadowed guard of the same name
            // from another `let` stays
            let last_span = f.acquisitions[last].span;
            let init = f
                .bindings
                .iter()
                .rev()
                .take_while(|b| b.span.end >= last_span.start)
                .find(|b| b.names.iter().any(|n| n == name) && b.span.end <= at)
                .and_then(|b| b.init)
                .filter(|i| i.encloses(last_span));
            // the acquisitions of that initialiser are the ones just before `last`
            let first = match init {
                Some(i) => {
                    let mut k = last;
                    while k > 0 && f.acquisitions[k - 1].span.end >= i.start {
                        k -= 1;
                    }
                    k
                }
                None => last,
            };
            let mut with_also = Vec::new();
            for (k, a) in f
                .acquisitions
                .iter_mut()
                .enumerate()
                .take(last + 1)
                .skip(first)
            {
                let together = k == last
                    || init.is_some_and(|i| i.encloses(a.span))
                        && named(a)
                        && a.span.end <= at
                        && at < a.release;
                if !together {
                    continue;
                }
                // alive in the sibling branches of the branches (entered after the guard was
                // taken) that this drop or move is in
                for (branch, later) in &branches {
                    if branch.start >= a.span.end && later.start >= at && later.end <= a.release {
                        a.also.push(*later);
                    }
                }
                if !a.also.is_empty() {
                    with_also.push((cur, k));
                }
                a.release = at;
                a.release_cause = cause.clone();
            }
            self.also_acqs.extend(with_also);
            self.branches = branches;
            return true;
        }
        self.branches = branches;
        // a guard of an enclosing function, dropped or moved in a closure
        // (`f(&g).or_else(|| { drop(g); .. })`): the closure took it, where it is written
        let mut child = *self.stack.last().unwrap();
        while let Some(p) = self.fns[child].parent {
            let start = self.fns[child].span.start;
            if let Some(a) = self.fns[p].acquisitions.iter_mut().rev().find(|a| {
                a.guard == GuardKind::Named(name.to_string())
                    && a.span.end <= start
                    && start < a.release
            }) {
                a.release = start;
                a.release_cause = ReleaseCause::Moved;
                return true;
            }
            child = p;
        }
        false
    }

    /// Guards passed by value (a bare name) as call arguments are moved into the call, which
    /// ends where `end` is.
    /// A guard passed by value as an argument (`self.add_permits(n, self.waiters.lock())`) is
    /// moved into the callee, which owns and drops it: the caller does not hold it while the
    /// callee runs, as it holds a temporary guard an argument only borrows or reads through.
    /// `from`: the number of acquisitions before the argument was walked.
    fn release_moved_guard(&mut self, from: usize, arg: &syn::Expr) {
        let s = expr_span(arg);
        for q in self.cur().acquisitions.iter_mut().skip(from) {
            if q.span == s && q.release_cause == ReleaseCause::EndOfStatement {
                q.release = s.end;
                q.release_cause = ReleaseCause::Moved;
            }
        }
    }

    fn release_moved<'e>(&mut self, args: impl Iterator<Item = &'e syn::Expr>, end: usize) {
        for a in args {
            if let syn::Expr::Path(p) = a
                && p.path.segments.len() == 1
            {
                let name = p.path.segments[0].ident.to_string();
                self.release_named(&name, end, ReleaseCause::Moved);
            }
        }
    }

    /// The bindings made since the function had `from` of them exist up to `end` only (a
    /// match arm's, an `if let`'s, a `for` loop's pattern).
    fn scope_bindings(&mut self, (from, from_local): (usize, usize), end: usize) {
        for b in self.cur().bindings.iter_mut().skip(from) {
            if b.scope_end.is_none() {
                b.scope_end = Some(end);
            }
        }
        for l in self.cur().locals.iter_mut().skip(from_local) {
            l.scope_end = l.scope_end.min(end);
        }
    }

    /// Where the bindings and locals made from now on start: for [`Builder::scope_bindings`].
    fn scope_mark(&mut self) -> (usize, usize) {
        let f = self.cur();
        (f.bindings.len(), f.locals.len())
    }

    fn pattern_binding(&mut self, pat: &syn::Pat, init: Option<&syn::Expr>) {
        let names = pat_names(pat);
        if names.is_empty() {
            return;
        }
        let (init_span, deps) = match init {
            Some(e) => (Some(expr_span(e)), idents_in(e)),
            None => (None, Vec::new()),
        };
        self.cur().bindings.push(Binding {
            names: names.clone(),
            span: span_of(pat),
            init: init_span,
            deps,
            mutable: false,
            scope_end: None,
            answer: init.is_some_and(super::syntax::awaited_answer),
            lent: init.map(super::syntax::lent_to_answer).unwrap_or_default(),
        });
        let offset = span_of(pat).start;
        for n in names {
            self.cur().locals.push(LocalInfo {
                name: n,
                ty: None,
                alias: None,
                offset,
                scope_end: usize::MAX,
                getter: None,
            });
        }
    }

    fn mac(&mut self, mac: &syn::Macro, temp_end: usize) {
        // Macros whose arguments are expressions (`println!`, `assert!`, `vec!`, `format!`, ...)
        // or statements (`tokio::select!` arms are not, but `join!` / `try_join!` are): parse
        // them so locks and awaits inside are seen. Other macros are opaque.
        use syn::parse::Parser;
        let name = crate::model::syntax::macro_name(mac);
        if matches!(name.as_str(), "select" | "select_biased") {
            self.select(mac, temp_end);
            return;
        }
        let known = EXPR_MACROS.contains(&name.as_str());
        if !known && OPAQUE_MACROS.contains(&name.as_str()) {
            return;
        }
        if !known {
            if !self.macro_calls.contains(&name) {
                self.macro_calls.insert(name.clone());
            }
            if let Some(def) = self.index.lock_macro(&name) {
                let def = def.clone();
                self.lock_macro_call(mac, &def, temp_end);
                return;
            }
        }
        // Everything the model records inside is a call, an `.await`, a closure or a `let`:
        // `println!("{x}")`, `vec![1, 2]`, `assert_eq!(a, b)` hold none and are not parsed.
        let args = super::span::macro_args_span(mac);
        let inner = self
            .text
            .get(args.start + 1..args.end.saturating_sub(1))
            .unwrap_or("");
        if !inner.contains(['(', '|']) && !inner.contains("await") && !inner.contains("let") {
            return;
        }
        if !known {
            // another crate's or the project's macro (`metrics::gauge!("name", v, "k" =>
            // m.lock().unwrap().kind)`, `tracing::info!(target: "t", n = x.len(), "..")`):
            // the pieces between its commas that are expressions
            for a in super::syntax::macro_expr_pieces(&mac.tokens) {
                self.expr(&a, temp_end);
            }
            self.no_lock_call = None;
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = parser.parse2(mac.tokens.clone()) {
            for a in &args {
                self.expr(a, temp_end);
            }
        } else if let Ok(block) = syn::parse2::<BlockContents>(mac.tokens.clone()) {
            for s in &block.0 {
                self.stmt(s, false, temp_end, temp_end);
            }
        } else {
            // slog's key-value form (`error!(log, "msg"; "k" => self.f(), "v" => %x)`) and
            // tracing's fields (`info!(n = ?x.len(), "..")`): the expressions between the
            // separators, as for another crate's macro
            for a in super::syntax::macro_expr_pieces(&mac.tokens) {
                self.expr(&a, temp_end);
            }
        }
        // the parsed arguments are freed: forget any pointer into them
        self.no_lock_call = None;
    }

    /// `zread!(self.state)` where `zread` is a lock macro ([`super::index::LockMacro`]): the
    /// first argument's lock acquired as the lock call written out would, at the macro call
    /// (its guard a temporary, or the binding's of a `let`); the other arguments evaluated.
    fn lock_macro_call(
        &mut self,
        mac: &syn::Macro,
        def: &super::index::LockMacro,
        temp_end: usize,
    ) {
        use syn::parse::Parser;
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = parser.parse2(mac.tokens.clone()) else {
            return;
        };
        let Some(lock) = args.first() else {
            return;
        };
        for a in &args {
            self.expr(a, temp_end);
        }
        let place = self
            .recv_place(lock, 0)
            .or_else(|| super::syntax::elem_place_of(lock));
        self.no_lock_call = None;
        let Some(place) = place else {
            return;
        };
        let span = super::span::macro_span(mac);
        let n = self.cur().acquisitions.len();
        self.push_acquisition(
            place,
            def.lock_method.clone(),
            &def.lock_method,
            span,
            temp_end,
            None,
        );
        if def.awaited {
            let name = mac.path.segments.last().map_or(span, |s| span_of(&s.ident));
            self.cur().awaits.push(name);
            if let Some(a) = self.cur().acquisitions.get_mut(n) {
                a.awaited = true;
            }
        }
    }

    /// `tokio::select!` / `futures::select!`: every branch's precondition and future are
    /// evaluated first, then the macro awaits them together (an await point at the macro's
    /// name: a guard held before the macro is held across it), then one handler runs.
    fn select(&mut self, mac: &syn::Macro, temp_end: usize) {
        let Ok(arms) = syn::parse2::<SelectArms>(mac.tokens.clone()) else {
            return;
        };
        let at = mac
            .path
            .segments
            .last()
            .map(|s| span_of(&s.ident))
            .unwrap_or_else(|| span_of(&mac.path));
        self.cur().awaits.push(at);
        for arm in &arms.0 {
            if let Some(c) = &arm.cond {
                self.expr(c, temp_end);
            }
            if let Some(f) = &arm.fut {
                self.expr(f, temp_end);
            }
        }
        for arm in &arms.0 {
            self.expr(&arm.body, temp_end);
        }
        // the parsed arms are freed: forget any pointer into them
        self.no_lock_call = None;
    }

    fn closure_like(
        &mut self,
        body: ClosureBody<'_>,
        span: Span,
        is_async: bool,
        spawned: bool,
        kind: FnKind,
    ) {
        let parent = *self.stack.last().unwrap();
        if self.closures >= MAX_CLOSURES {
            return;
        }
        self.closures += 1;
        let n = {
            let c = self.closure_counter.last_mut().unwrap();
            *c += 1;
            *c
        };
        let label = if kind == FnKind::AsyncBlock {
            "async"
        } else {
            "closure"
        };
        let idx = self.new_fn(FnModel {
            name: nested_name(&self.fns[parent].name, parent, label, n),
            kind,
            self_ty: self.fns[parent].self_ty.clone(),
            module: self.fns[parent].module.clone(),
            self_exclusive: self.fns[parent].self_exclusive && !spawned,
            is_async,
            spawned,
            parent: Some(parent),
            span,
            body: span,
            name_span: Span::new(span.start, span.start + 1),
            acquisitions: Vec::new(),
            awaits: Vec::new(),
            exits: Vec::new(),
            continues: Vec::new(),
            await_exprs: Vec::new(),
            atomics: Vec::new(),
            bindings: Vec::new(),
            locals: Vec::new(),
            calls: Vec::new(),
            cv_waits: Vec::new(),
            joins: Vec::new(),
            handles: Vec::new(),
            notifies: Vec::new(),
            notified: Vec::new(),
            waker_stores: Vec::new(),
            pendings: Vec::new(),
            context: None,
            ready_falls: Vec::new(),
            helper_accesses: Vec::new(),
            field_inits: Vec::new(),
            ctor_calls: Vec::new(),
            ctor_sites: Vec::new(),
            params: Vec::new(),
            bounds: Vec::new(),
            binding_index: Default::default(),
            local_index: Default::default(),
            held_index: Default::default(),
            acq_index: Default::default(),
        });
        if spawned && let Some(d) = self.dest.clone() {
            self.fns[idx].handles.push(d);
            self.spawns.push(idx);
        }
        let outer_dest = self.dest.take();
        if !spawned {
            self.fns[parent].calls.push(CallSite {
                callee: Callee::Closure { index: idx },
                span,
                args: Vec::new(),
                arg_places: Vec::new(),
                recv_span: None,
                drop_of: false,
            });
        }
        self.enter(idx);
        match body {
            ClosureBody::Expr(inputs, e) => {
                for p in inputs {
                    self.pattern_binding(p, None);
                }
                let end = expr_span(e).end;
                self.expr(e, end);
            }
            ClosureBody::Block(b) => {
                let end = block_span(b).end;
                self.block(b, end);
            }
        }
        self.leave();
        self.dest = outer_dest;
    }

    fn exprs_in_spawn(
        &mut self,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
        temp_end: usize,
    ) {
        for a in args {
            match a {
                syn::Expr::Closure(c) => {
                    let inputs: Vec<&syn::Pat> = c.inputs.iter().collect();
                    self.closure_like(
                        ClosureBody::Expr(inputs, &c.body),
                        expr_span(a),
                        c.asyncness.is_some(),
                        true,
                        FnKind::Closure,
                    );
                }
                syn::Expr::Async(b) => {
                    self.closure_like(
                        ClosureBody::Block(&b.block),
                        expr_span(a),
                        true,
                        true,
                        FnKind::AsyncBlock,
                    );
                }
                other => self.expr(other, temp_end),
            }
        }
    }

    /// Walk an expression whose temporaries die at `temp_end`.
    fn expr(&mut self, e: &syn::Expr, temp_end: usize) {
        // `m.lock().unwrap()`, `m.lock().await?`: the guard exists once the whole chain ran
        let known_not = self.no_lock_call == Some(e as *const syn::Expr);
        let step = crate::model::syntax::guard_suffix_step(e);
        if !known_not
            && !matches!(e, syn::Expr::MethodCall(mc) if is_lock_method(mc))
            && let Some(mc) = lock_call(e)
        {
            let n = self.cur().acquisitions.len();
            // the lock call itself, as `expr` walks one (its receiver, then the acquisition);
            // not through a clone of it, which copied the whole receiver chain at every lock
            // of a long chain (quadratic)
            self.expr(&mc.receiver, temp_end);
            self.acquire(mc, temp_end);
            self.no_lock_call = None;
            let awaited = has_await_suffix(e);
            if let Some(aw) = await_in_suffix(e) {
                self.cur().awaits.push(aw);
            }
            if let Some(a) = self.cur().acquisitions.get_mut(n) {
                a.span = expr_span(e);
                a.awaited = awaited;
            }
            return;
        }
        // `self.lock_state().await?`: an async guard-returning method gives its guard where it
        // is awaited, as an awaited lock call does
        if !known_not
            && self.index.has_wrappers()
            && let Some(aw) = await_in_suffix(e)
            && let core = crate::model::syntax::peel_guard_suffix(e)
            && let syn::Expr::MethodCall(mc) = core
            && let Some(place) = self.recv_place(&mc.receiver, 0)
            && self
                .wrapper_for(&place, &mc.method.to_string())
                .is_some_and(|w| w.args == mc.args.len())
        {
            let n = self.cur().acquisitions.len();
            self.expr(core, temp_end);
            self.cur().awaits.push(aw);
            if let Some(a) = self.cur().acquisitions.get_mut(n) {
                a.span = expr_span(e);
                // a map reference is no async guard: the helper was awaited, not the lock
                a.awaited = !a.shard;
            }
            return;
        }
        // not a lock call, and e is not one: then neither is the expression its suffix is
        // applied to (a lock method's receiver is another matter)
        if !matches!(e, syn::Expr::MethodCall(mc) if is_lock_method(mc)) {
            self.no_lock_call = step.map(|s| s as *const syn::Expr);
        }
        match e {
            syn::Expr::MethodCall(mc) => {
                let method = mc.method.to_string();
                if is_lock_method(mc) {
                    self.expr(&mc.receiver, temp_end);
                    self.acquire(mc, temp_end);
                    return;
                }
                if let Some(op) = unordered_atomic_op(&method, mc.args.len())
                    .or_else(|| AtomicKind::of(method.as_str()).map(|_| method.as_str()))
                    && let Some(place) = self.recv_place(&mc.receiver, 0)
                {
                    let orderings = self.orderings_in(&mc.args);
                    // an atomic without orderings (`ArcSwap`, crossbeam's `AtomicCell`):
                    // only where the receiver's type says so
                    let typed = || {
                        orderings.is_empty()
                            && self
                                .place_type(&place)
                                .is_some_and(|t| t.is_atomic() || t.is_arc_swap())
                    };
                    if (AtomicKind::of(&method).is_some()
                        && (!orderings.is_empty() || method == "fetch_update"))
                        || typed()
                    {
                        let op = op.to_string();
                        let span = method_call_span(mc);
                        self.cur().atomics.push(AtomicOp {
                            place,
                            op,
                            orderings,
                            span,
                            recv_span: expr_span(&mc.receiver),
                            method_span: span_of(&mc.method),
                            args: mc.args.iter().map(expr_span).collect(),
                            via: None,
                        });
                    }
                }
                // guard-returning methods defined in this file: `self.state()`,
                // `s.lock_m()`, `self.inner.rl()` (an extension trait on a lock type), also
                // on what a reference accessor returns (`self.shared.state().write_inflight()`)
                if let Some(place) = self.recv_place(&mc.receiver, 0)
                    && let Some(w) = self.wrapper_for(&place, &method)
                    && w.args == mc.args.len()
                {
                    self.expr(&mc.receiver, temp_end);
                    for a in &mc.args {
                        self.expr(a, temp_end);
                    }
                    let recv_text = place.text.trim_start_matches('&').to_string();
                    let mut fields_place = place;
                    for f in &w.fields {
                        // one element of a collection, looked up by an argument: its key
                        let f = match (f.as_str(), w.elem_key.and_then(|i| mc.args.iter().nth(i))) {
                            ("[*]", Some(k)) => format!("[{}]", super::syntax::key_text(k)),
                            _ => f.clone(),
                        };
                        if !f.starts_with('[') {
                            fields_place.text.push('.');
                        }
                        fields_place.text.push_str(&f);
                        fields_place.fields.push(f);
                    }
                    self.acquire_wrapper(
                        mc,
                        fields_place,
                        &w.lock_method,
                        temp_end,
                        format!("{recv_text}.{method}"),
                    );
                    // the reference a map's `get` / `get_mut` gave, returned by the helper
                    if w.shard
                        && let Some(a) = self.cur().acquisitions.last_mut()
                    {
                        a.shard = true;
                        a.method = if a.mode == Mode::Shared {
                            "get"
                        } else {
                            "get_mut"
                        }
                        .into();
                    }
                    return;
                }
                // a helper with a summary: its atomic operation or guarded access happens here
                if self.index.has_summaries()
                    && let Some(recv) = self.recv_place(&mc.receiver, 0)
                    && let Some(sm) = self.summary_for(&recv, &method)
                {
                    let via = format!("{}.{method}", recv.text.trim_start_matches('&'));
                    self.apply_summary(
                        &sm,
                        recv,
                        via,
                        method_call_span(mc),
                        expr_span(&mc.receiver),
                        span_of(&mc.method),
                        &mc.args,
                    );
                }
                self.expr(&mc.receiver, temp_end);
                self.shard_lock(mc, &method, temp_end);
                self.watch_lock(mc, &method, temp_end);
                self.consume_shard_ref(mc, &method);
                if matches!(method.as_str(), "unwrap" | "expect")
                    && let Some(r) = option_ref_call(&mc.receiver)
                {
                    self.hold_shard_ref(
                        method_call_span(r),
                        temp_end,
                        ReleaseCause::EndOfStatement,
                    );
                }
                self.wait_notify_facts(mc, &method);
                self.waker_call(mc, &method);
                self.join_facts(mc, &method);
                // a guard passed by value to a method (`self.shared.notify_rx(tail)`) is moved
                // there: the callee owns (and drops) it
                self.release_moved(mc.args.iter(), expr_span(e).end);
                let is_spawn = is_spawner(&method);
                if is_spawn {
                    self.exprs_in_spawn(&mc.args, temp_end);
                } else {
                    // `handles.push(spawn(..))`: the handle is kept in `handles`
                    let into = matches!(
                        method.as_str(),
                        "push" | "push_back" | "push_front" | "insert" | "replace" | "set"
                    );
                    let outer = if into {
                        std::mem::replace(&mut self.dest, stored_name(&mc.receiver))
                    } else {
                        self.dest.clone()
                    };
                    for a in &mc.args {
                        let n = self.cur().acquisitions.len();
                        self.expr(a, temp_end);
                        if into {
                            self.move_handle(a);
                        } else {
                            self.release_moved_guard(n, a);
                        }
                    }
                    self.dest = outer;
                }
                if !matches!(
                    method.as_str(),
                    "unwrap"
                        | "expect"
                        | "clone"
                        | "into"
                        | "to_string"
                        | "as_ref"
                        | "iter"
                        | "len"
                ) {
                    let span = method_call_span(mc);
                    // `g[0].apply()`: an element of a collection is a place too; and what a
                    // reference accessor returns (`self.state().peers().set(..)` calls
                    // `Peers::set` on `self.state.peers`)
                    let recv = place_of(&mc.receiver)
                        .or_else(|| super::syntax::elem_place_of(&mc.receiver))
                        .or_else(|| self.recv_place(&mc.receiver, 0));
                    let recv_span = recv.is_none().then(|| expr_span(&mc.receiver));
                    self.cur().calls.push(CallSite {
                        callee: Callee::Method {
                            recv: recv.map(Box::new),
                            name: method,
                        },
                        span,
                        args: mc.args.iter().map(expr_span).collect(),
                        arg_places: arg_places(&mc.args),
                        recv_span,
                        drop_of: false,
                    });
                }
            }
            syn::Expr::Call(c) => {
                let segs = path_segments(&c.func).unwrap_or_default();
                let last = segs.last().cloned().unwrap_or_default();
                // a free function returning a guard of a static (`users()`, `config::get()`)
                if !segs.is_empty()
                    && let Some(w) = self.index.free_wrapper(&last)
                    && w.args == c.args.len()
                    && let Some(lock) = w.static_lock.clone()
                {
                    let lock_method = w.lock_method.clone();
                    for a in &c.args {
                        self.expr(a, temp_end);
                    }
                    // spelled as the function's body spells it (`USERS`, `crate::USERS`)
                    let root = match lock.rsplit_once("::") {
                        Some((_, last)) => Root::Static(last.to_string()),
                        None => Root::Local(lock.clone()),
                    };
                    let place = Place {
                        root,
                        fields: Vec::new(),
                        text: lock,
                    };
                    self.push_acquisition(
                        place,
                        lock_method.clone(),
                        &lock_method,
                        expr_span(e),
                        temp_end,
                        Some(segs.join("::")),
                    );
                    return;
                }
                // drop(g) / mem::drop(g): the guard dies here
                if (last == "drop" || segs.len() == 1)
                    && c.args.len() == 1
                    && let syn::Expr::Path(p) = &c.args[0]
                    && p.path.segments.len() == 1
                {
                    let name = p.path.segments[0].ident.to_string();
                    let at = expr_span(e).end;
                    let cause = if last == "drop" {
                        ReleaseCause::Drop
                    } else {
                        ReleaseCause::Moved
                    };
                    if last == "drop" {
                        let cur = *self.stack.last().unwrap();
                        self.drop_sites.push((cur, name.clone(), expr_span(e)));
                    }
                    self.release_named(&name, at, cause);
                } else if c.args.len() > 1 || !segs.is_empty() {
                    // a guard passed by value to any call is moved there
                    self.release_moved(c.args.iter(), expr_span(e).end);
                }
                self.expr(&c.func, temp_end);
                if is_spawner(&last) {
                    self.exprs_in_spawn(&c.args, temp_end);
                } else {
                    // `critical_section::with(|cs| ..)`, `interrupt::free(|cs| ..)`: the
                    // closure runs with interrupts off, exclusive like a (re-entrant) lock
                    let critical = (last == "with" && segs.iter().any(|s| s == "critical_section"))
                        || (last == "free" && segs.iter().any(|s| s == "interrupt"));
                    let stored = is_ctor_like(&segs);
                    for a in &c.args {
                        let first_new = self.fns.len();
                        let n = self.cur().acquisitions.len();
                        self.expr(a, temp_end);
                        // (`MutexGuard::map(m.lock(), f)`, `RwLockReadGuard::try_map(..)`:
                        // a guard type's own function gives the guard back, mapped)
                        if !stored && !segs.iter().any(|s| s.ends_with("Guard")) {
                            self.release_moved_guard(n, a);
                        }
                        // `Provider::new(move || ..)`, `Box::new(|| ..)`, `Some(|| ..)`: the
                        // closure is stored in the value built, to run later, not here
                        if stored
                            && matches!(a, syn::Expr::Closure(_) | syn::Expr::Async(_))
                            && first_new < self.fns.len()
                        {
                            self.cur().calls.retain(
                                |k| !matches!(k.callee, Callee::Closure { index } if index == first_new),
                            );
                        }
                        if critical
                            && matches!(a, syn::Expr::Closure(_))
                            && first_new < self.fns.len()
                        {
                            let body = self.fns[first_new].span;
                            let place = Place {
                                root: Root::Static("critical_section".into()),
                                fields: Vec::new(),
                                text: segs.join("::"),
                            };
                            let f = &mut self.fns[first_new];
                            let id = f.acquisitions.len();
                            f.acquisitions.insert(
                                0,
                                Acquisition {
                                    id,
                                    place,
                                    method: last.clone(),
                                    mode: Mode::SharedRecursive,
                                    span: Span::new(body.start, body.start),
                                    call_span: Span::new(body.start, body.start),
                                    awaited: false,
                                    is_try: false,
                                    guard: GuardKind::Named("critical section".into()),
                                    release: body.end,
                                    release_cause: ReleaseCause::EndOfBlock,
                                    wrapper: None,
                                    live_from: 0,
                                    taken_at: 0,
                                    transient: false,
                                    shard: false,
                                    stmt: None,
                                    also: Vec::new(),
                                },
                            );
                            for (i, a) in f.acquisitions.iter_mut().enumerate() {
                                a.id = i;
                            }
                        }
                    }
                }
                if segs.len() == 1
                    && !self.index.summaries.is_empty()
                    && let Some(sm) = self.index.summary(None, &last, true).cloned()
                    && let Some(i) = sm.base
                    && let Some(base) = c.args.get(i).and_then(|a| self.recv_place(a, 0))
                {
                    self.apply_summary(
                        &sm,
                        base,
                        last.clone(),
                        expr_span(e),
                        expr_span(&c.args[i]),
                        expr_span(&c.func),
                        &c.args,
                    );
                }
                let ctor = is_ctor_like(&segs);
                if ctor && segs.len() >= 2 {
                    let arg_places: Vec<Option<Place>> =
                        c.args.iter().map(super::syntax::shared_place_of).collect();
                    if arg_places.iter().any(Option::is_some) {
                        let at = expr_span(e).start;
                        self.cur().ctor_calls.push(CtorCall {
                            segments: segs.clone(),
                            arg_places,
                            at,
                        });
                    }
                }
                if ctor && segs.len() >= 2 && matches!(last.as_str(), "new" | "with_capacity") {
                    self.cur().ctor_sites.push(CallSite {
                        callee: Callee::Path {
                            segments: segs.clone(),
                        },
                        span: expr_span(e),
                        args: Vec::new(),
                        arg_places: Vec::new(),
                        recv_span: None,
                        drop_of: false,
                    });
                }
                if !segs.is_empty() && last != "drop" && !ctor {
                    let span = expr_span(e);
                    self.cur().calls.push(CallSite {
                        callee: Callee::Path { segments: segs },
                        span,
                        args: c.args.iter().map(expr_span).collect(),
                        arg_places: arg_places(&c.args),
                        recv_span: None,
                        drop_of: false,
                    });
                }
            }
            syn::Expr::Await(a) => {
                let wait = awaited_wait_for(&a.base);
                if let Some(at) = wait {
                    self.awaited_waits.push(at);
                }
                self.expr(&a.base, temp_end);
                if wait.is_some() {
                    self.awaited_waits.pop();
                }
                // `handle.await`, `self.task.take().unwrap().await`: a task joined (the rule
                // pairs it with a spawn stored under the same name)
                let at = span_of(&a.await_token).start;
                self.push_join(&a.base, expr_span(e), at, false);
                let s = span_of(&a.await_token);
                self.cur().awaits.push(s);
                let whole = expr_span(e);
                self.cur().await_exprs.push(whole);
                // `rx.wait_for(f).await`: the `watch::Ref` exists once the wait returns (a
                // guard taken at the `.await`, not held across it)
                if let syn::Expr::MethodCall(mc) = peel_parens(&a.base)
                    && mc.method == "wait_for"
                {
                    let at = method_call_span(mc);
                    if let Some(acq) = self
                        .cur()
                        .acquisitions
                        .iter_mut()
                        .rev()
                        .find(|x| x.call_span == at && x.method == "wait_for")
                    {
                        acq.span = whole;
                    }
                }
                // `n.notified().await`: created where it is awaited
                if let syn::Expr::MethodCall(mc) = peel_parens(&a.base)
                    && (mc.method == "notified" || mc.method == "listen")
                {
                    let at = method_call_span(mc);
                    if let Some(w) = self.cur().notified.iter_mut().rev().find(|w| w.span == at) {
                        w.inline = true;
                    }
                }
            }
            syn::Expr::Block(b) => {
                self.block(&b.block, temp_end);
            }
            syn::Expr::Unsafe(u) => self.block(&u.block, temp_end),
            syn::Expr::Const(_) => {}
            syn::Expr::If(i) => {
                let cond_end = expr_span(&i.cond).end;
                let then_end = block_span(&i.then_branch).end;
                if let syn::Expr::Let(l) = &*i.cond {
                    // if let: scrutinee temporaries live through the then-block (2024) or the
                    // whole if/else (2021)
                    let scrut_end = if self.edition.is_2024() {
                        then_end
                    } else {
                        temp_end.max(expr_span(e).end)
                    };
                    let n = self.scope_mark();
                    self.let_scrutinee(
                        l,
                        scrut_end,
                        if self.edition.is_2024() {
                            ReleaseCause::EndOfThenBlock
                        } else {
                            ReleaseCause::EndOfStatement
                        },
                    );
                    // the names the pattern binds exist in the then-block only
                    self.scope_bindings(n, then_end);
                    // `if let Some(r) = map.get(k)`: the reference exists in the block only
                    self.bind_some_shard_ref(
                        &l.pat,
                        &l.expr,
                        then_end,
                        ReleaseCause::EndOfThenBlock,
                    );
                } else {
                    self.cond_expr(&i.cond, cond_end);
                }
                self.mark_check();
                let cur = *self.stack.last().unwrap();
                let reads = idents_in(&i.cond);
                // a test of state (`if state.done`), not a binding (`if let Some(h) = ..`)
                if !matches!(&*i.cond, syn::Expr::Let(_)) {
                    self.conds
                        .push((cur, expr_span(&i.cond).start, reads.clone()));
                }
                self.ctl.push((
                    cur,
                    Ctl::If {
                        cond: expr_span(&i.cond),
                        reads,
                        has_else: i.else_branch.is_some(),
                    },
                ));
                let siblings = i
                    .else_branch
                    .as_ref()
                    .map(|(_, els)| (block_span(&i.then_branch), expr_span(els)));
                if let Some(b) = siblings {
                    self.branches.push(b);
                }
                self.block(&i.then_branch, then_end);
                if siblings.is_some() {
                    self.branches.pop();
                }
                self.ctl.pop();
                if let Some((_, els)) = &i.else_branch {
                    let end = expr_span(els).end;
                    self.expr(els, end);
                }
            }
            syn::Expr::While(w) => {
                if let syn::Expr::Let(l) = &*w.cond {
                    self.let_scrutinee(l, block_span(&w.body).end, ReleaseCause::EndOfBlock);
                } else {
                    let cond_end = expr_span(&w.cond).end;
                    self.cond_expr(&w.cond, cond_end);
                }
                let end = block_span(&w.body).end;
                let cur = *self.stack.last().unwrap();
                self.loops.push(expr_span(e));
                self.ctl.push((
                    cur,
                    Ctl::While {
                        cond: expr_span(&w.cond),
                        reads: idents_in(&w.cond),
                    },
                ));
                self.block(&w.body, end);
                self.ctl.pop();
            }
            syn::Expr::Let(l) => {
                // `let` inside `&&` chains of a condition
                self.let_scrutinee(l, temp_end, ReleaseCause::EndOfCondition);
            }
            syn::Expr::ForLoop(f) => {
                self.expr(&f.expr, temp_end.max(expr_span(e).end));
                self.bind_handle(&f.pat, &f.expr);
                let n = self.scope_mark();
                self.pattern_binding(&f.pat, Some(&f.expr));
                self.scope_bindings(n, expr_span(e).end);
                // `for s in &self.slots`: `s` is an element of `self.slots`
                if pat_single_ident(&f.pat).is_some()
                    && let Some(p) = super::syntax::iterated_elem_place(&f.expr)
                    && let Some(l) = self.cur().locals.last_mut()
                {
                    l.alias = Some(Box::new(p));
                }
                // `for (i, s) in self.slots.iter().enumerate()`: `s` is an element too
                if let syn::Pat::Tuple(t) = &*f.pat
                    && t.elems.len() == 2
                    && let syn::Expr::MethodCall(mc) = peel_parens(&f.expr)
                    && mc.method == "enumerate"
                    && mc.args.is_empty()
                    && let Some(name) = pat_single_ident(&t.elems[1])
                    && let Some(p) = super::syntax::iterated_elem_place(&mc.receiver)
                {
                    let k = n_pat_names(&f.pat);
                    let locals = &mut self.fns[*self.stack.last().unwrap()].locals;
                    let from = locals.len().saturating_sub(k);
                    if let Some(l) = locals[from..].iter_mut().find(|l| l.name == name) {
                        l.alias = Some(Box::new(p));
                    }
                }
                // `for w in sessions.values()` over a guard of `HashMap<K, Weak<S>>`: `w` is a
                // `&Weak<S>` (what a `Drop` of a value reached from it runs is then known);
                // `for (k, v) in map.iter()`, `for (name, ast) in entries`: each name of a
                // destructured element gets its part's type (a lock reached through it is
                // then known)
                if let Some(t) = self.iterated_elem_type(&f.expr, span_of(&f.pat).start) {
                    let mut typed = Vec::new();
                    pat_types(&f.pat, &t, &mut typed);
                    let locals = &mut self.fns[*self.stack.last().unwrap()].locals;
                    let from = locals.len().saturating_sub(n_pat_names(&f.pat));
                    for (name, ty) in typed {
                        let info = classify(&self.index.expand(&ty), &self.index.uses);
                        if let Some(l) = locals[from..].iter_mut().rev().find(|l| l.name == name)
                            && l.ty.is_none()
                        {
                            l.ty = Some(info);
                        }
                    }
                }
                let end = block_span(&f.body).end;
                let cur = *self.stack.last().unwrap();
                self.loops.push(expr_span(e));
                self.ctl.push((cur, Ctl::Loop { checks: false }));
                self.block(&f.body, end);
                self.ctl.pop();
            }
            syn::Expr::Loop(l) => {
                let end = block_span(&l.body).end;
                let cur = *self.stack.last().unwrap();
                self.loops.push(expr_span(e));
                self.ctl.push((cur, Ctl::Loop { checks: false }));
                self.block(&l.body, end);
                self.ctl.pop();
            }
            syn::Expr::Match(m) => {
                self.mark_check();
                let end = temp_end.max(expr_span(e).end);
                let n_acq = self.cur().acquisitions.len();
                self.expr(&m.expr, end);
                // `match Guard::try_map(m.read(), f) { Ok(v) => .., Err(g) => { drop(g); .. } }`:
                // the guard moved into the mapping call comes back only in the hit arm (the
                // miss arm drops it, or `.ok()` did)
                let arms = mapped_guard_arms(&m.expr, &m.arms);
                for a in &mut self.fns[*self.stack.last().unwrap()].acquisitions[n_acq..] {
                    if a.release_cause == ReleaseCause::EndOfStatement && a.release == end {
                        a.release_cause = ReleaseCause::EndOfMatch;
                        match arms {
                            Some((hit, miss)) if hit.start < miss.start => a.release = miss.start,
                            Some((hit, _)) => a.live_from = hit.start,
                            None => {}
                        }
                    }
                }
                // `match map.get(k) { Some(r) => .., None => .. }`: the reference is held in
                // the first arm when it binds it (a later `Some` arm would leave it held in the
                // arms before, where there is none)
                if let Some(first) = m.arms.first() {
                    let arm_end = expr_span(&first.body).end;
                    self.bind_some_shard_ref(
                        &first.pat,
                        &m.expr,
                        arm_end,
                        ReleaseCause::EndOfMatch,
                    );
                }
                let last_end = m.arms.last().map(|a| expr_span(&a.body).end);
                for (k, arm) in m.arms.iter().enumerate() {
                    let n = self.scope_mark();
                    self.pattern_binding(&arm.pat, Some(&m.expr));
                    self.scope_bindings(n, expr_span(&arm.body).end);
                    if let syn::Pat::Guard(g) = &arm.pat {
                        let ge = expr_span(&g.guard).end;
                        self.expr(&g.guard, ge);
                    }
                    let be = expr_span(&arm.body).end;
                    let siblings = m.arms.get(k + 1).zip(last_end).map(|(next, end)| {
                        let arm_span = Span::new(expr_span(&arm.body).start, be);
                        (
                            arm_span,
                            Span::new(super::span::pat_span(&next.pat).start, end),
                        )
                    });
                    if let Some(b) = siblings {
                        self.branches.push(b);
                    }
                    self.expr(&arm.body, be);
                    if siblings.is_some() {
                        self.branches.pop();
                    }
                }
            }
            syn::Expr::Closure(c) => {
                let inputs: Vec<&syn::Pat> = c.inputs.iter().collect();
                self.closure_like(
                    ClosureBody::Expr(inputs, &c.body),
                    expr_span(e),
                    c.asyncness.is_some(),
                    false,
                    FnKind::Closure,
                );
            }
            syn::Expr::Async(b) => {
                self.closure_like(
                    ClosureBody::Block(&b.block),
                    expr_span(e),
                    true,
                    false,
                    FnKind::AsyncBlock,
                );
            }
            syn::Expr::Macro(m) => self.mac(&m.mac, temp_end),
            syn::Expr::Assign(a) => {
                // Rust evaluates the assigned value before the place: a lock taken in the
                // place (`*m.lock().unwrap() = v`) is taken after everything in `v` (its
                // `.await`s, its own locks)
                let before = self.cur().acquisitions.len();
                self.expr(&a.left, temp_end);
                let after = self.cur().acquisitions.len();
                let outer = std::mem::replace(&mut self.dest, stored_name(&a.left));
                self.expr(&a.right, temp_end);
                self.move_handle(&a.right);
                self.dest = outer;
                self.waker_assign(a);
                let value_end = expr_span(&a.right).end;
                for acq in &mut self.cur().acquisitions[before..after] {
                    acq.live_from = value_end;
                    acq.taken_at = value_end;
                }
            }
            syn::Expr::Binary(b) if super::syntax::is_compound_assign(&b.op) => {
                // `*a.lock() += b.lock().x`: on primitive operands the right operand is
                // evaluated before the place (as for `=`), so a lock taken in the place is
                // taken after everything in the right operand; an overloaded `AddAssign`
                // evaluates its place first
                let before = self.cur().acquisitions.len();
                self.expr(&b.left, temp_end);
                let after = self.cur().acquisitions.len();
                self.expr(&b.right, temp_end);
                if after > before && self.primitive_guarded_place(&b.left, before..after) {
                    let value_end = expr_span(&b.right).end;
                    for acq in &mut self.cur().acquisitions[before..after] {
                        acq.live_from = value_end;
                        acq.taken_at = value_end;
                    }
                }
            }
            syn::Expr::Binary(b) => {
                // both operands of `&&` / `||` are temporary scopes of their own (rustc
                // 1.95, every edition): a guard in the left operand is dropped before the
                // right one runs, one in the right operand before the expression goes on. A
                // `let` of a let chain keeps its scrutinee's temporaries (its bindings
                // borrow them) through the body.
                let lazy = matches!(b.op, syn::BinOp::And(_) | syn::BinOp::Or(_));
                let left_end = if lazy && !has_let(&b.left) {
                    expr_span(&b.left).end
                } else {
                    temp_end
                };
                self.expr(&b.left, left_end);
                let right_end = if lazy && !has_let(&b.right) {
                    expr_span(&b.right).end
                } else {
                    temp_end
                };
                self.expr(&b.right, right_end);
            }
            syn::Expr::Unary(u) => self.expr(&u.expr, temp_end),
            syn::Expr::Field(f) => self.expr(&f.base, temp_end),
            syn::Expr::Index(i) => {
                self.expr(&i.expr, temp_end);
                self.expr(&i.index, temp_end);
            }
            syn::Expr::Paren(p) => self.expr(&p.expr, temp_end),
            syn::Expr::Group(g) => self.expr(&g.expr, temp_end),
            syn::Expr::Reference(r) => self.expr(&r.expr, temp_end),
            syn::Expr::Try(t) => {
                self.expr(&t.expr, temp_end);
                // `map.get(k)?`, `map.get(k).ok_or(e)?`: the reference comes out of the `Option`
                if let Some(r) = option_ref_call(&t.expr) {
                    self.hold_shard_ref(
                        method_call_span(r),
                        temp_end,
                        ReleaseCause::EndOfStatement,
                    );
                }
            }
            syn::Expr::Cast(c) => self.expr(&c.expr, temp_end),
            syn::Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::Break(b) => {
                if let Some(e) = &b.expr {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::Continue(_) => {
                let span = expr_span(e);
                self.cur().continues.push(span);
            }
            syn::Expr::Yield(y) => {
                if let Some(e) = &y.expr {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::Tuple(t) => {
                for e in &t.elems {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::Array(t) => {
                for e in &t.elems {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::Repeat(r) => self.expr(&r.expr, temp_end),
            syn::Expr::Struct(s) => {
                self.field_inits(s);
                for f in &s.fields {
                    let outer = self.dest.replace(member_name(&f.member));
                    self.expr(&f.expr, temp_end);
                    self.move_handle(&f.expr);
                    self.dest = outer;
                }
                if let Some(r) = &s.rest {
                    self.expr(r, temp_end);
                }
            }
            syn::Expr::Range(r) => {
                if let Some(e) = &r.start {
                    self.expr(e, temp_end);
                }
                if let Some(e) = &r.end {
                    self.expr(e, temp_end);
                }
            }
            syn::Expr::TryBlock(t) => self.block(&t.block, temp_end),
            syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Pending")
                    && p.path.segments.len() <= 2 =>
            {
                let at = expr_span(e).start;
                self.cur().pendings.push(at);
            }
            _ => {}
        }
    }

    /// An `if`/`while` condition: a terminating scope for temporaries.
    fn cond_expr(&mut self, cond: &syn::Expr, cond_end: usize) {
        let n_acq = self.cur().acquisitions.len();
        self.expr(cond, cond_end);
        for a in &mut self.fns[*self.stack.last().unwrap()].acquisitions[n_acq..] {
            if a.release == cond_end && a.release_cause == ReleaseCause::EndOfStatement {
                a.release_cause = ReleaseCause::EndOfCondition;
            }
        }
    }

    fn let_scrutinee(&mut self, l: &syn::ExprLet, end: usize, cause: ReleaseCause) {
        let n_acq = self.cur().acquisitions.len();
        self.expr(&l.expr, end);
        self.bind_handle(&l.pat, &l.expr);
        let names = pat_names(&l.pat);
        let binds_guard = guard_value(&l.expr).map(method_call_span);
        for a in &mut self.fns[*self.stack.last().unwrap()].acquisitions[n_acq..] {
            if a.release == end {
                a.release_cause = cause.clone();
                if Some(a.call_span) == binds_guard && names.len() == 1 {
                    a.guard = GuardKind::Named(names[0].clone());
                }
            }
        }
        self.pattern_binding(&l.pat, Some(&l.expr));
        self.type_upgraded(&l.pat, &l.expr);
        // `if let Some(s) = self.slots.get(i)`: `s` is that element
        if let syn::Pat::TupleStruct(ts) = &*l.pat
            && ts.path.is_ident("Some")
            && ts.elems.len() == 1
            && let Some(n) = pat_single_ident(&ts.elems[0])
            && let Some(p) = super::syntax::elem_place_of(&l.expr)
            && p.fields
                .last()
                .is_some_and(|f| super::syntax::is_element_field(f))
            && let Some(local) = self.cur().locals.iter_mut().rev().find(|x| x.name == n)
        {
            local.alias = Some(Box::new(p));
        }
        // `if let Some(m) = &self.m` / `self.m.as_ref()` with `m: Option<Mutex<T>>`: `m` is
        // that lock
        if let syn::Pat::TupleStruct(ts) = &*l.pat
            && ts.path.is_ident("Some")
            && ts.elems.len() == 1
            && let Some(n) = pat_single_ident(&ts.elems[0])
            && let Some(p) = place_of(&l.expr)
            // a field or a static (`Some(v) = guard.as_ref()` borrows the guarded value)
            && (!p.fields.is_empty() || matches!(p.root, Root::Static(_)))
            && self.place_type(&p).is_some_and(|t| t.lock().is_some())
            && let Some(local) = self.cur().locals.iter_mut().rev().find(|x| x.name == n)
        {
            local.alias = Some(Box::new(p));
        }
    }

    /// Whether the place of a compound assignment is a primitive reached through a guard
    /// taken in it (`*m.lock().unwrap()`, `s.write().count`, `(*g.lock()).a.b`), by the
    /// guarded type and the declared types of the fields after it. `acqs` are the
    /// acquisitions made in the place.
    fn primitive_guarded_place(&self, left: &syn::Expr, acqs: std::ops::Range<usize>) -> bool {
        let mut fields = Vec::new();
        let mut cur = left;
        loop {
            match cur {
                syn::Expr::Field(f) => {
                    fields.push(member_name(&f.member));
                    cur = &f.base;
                }
                syn::Expr::Paren(p) => cur = &p.expr,
                syn::Expr::Group(g) => cur = &g.expr,
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
                _ => break,
            }
        }
        fields.reverse();
        let Some(call) = lock_call(cur) else {
            return false;
        };
        let call_span = method_call_span(call);
        let fm = &self.fns[*self.stack.last().unwrap()];
        let Some(acq) = fm.acquisitions[acqs]
            .iter()
            .find(|a| a.call_span == call_span)
        else {
            return false;
        };
        let Some(mut ty) = self
            .place_type(&acq.place)
            .and_then(|t| t.guarded().cloned())
        else {
            return false;
        };
        for f in &fields {
            let Some(next) = ty
                .struct_name()
                .and_then(|s| self.index.structs.get(s))
                .and_then(|fs| fs.get(f))
            else {
                return false;
            };
            ty = next.clone();
        }
        matches!(&ty.class, super::types::TypeClass::Plain { name } if super::types::is_primitive_name(name))
    }

    /// The place an expression denotes, seeing through accessors of this file that return a
    /// lock or atomic (`self.deposits()` is `self.deposits` when `fn deposits(&self) ->
    /// &RwLock<T> { &self.deposits }`).
    fn recv_place(&self, e: &syn::Expr, depth: usize) -> Option<Place> {
        if let Some(p) = place_of(e) {
            return Some(p);
        }
        if depth > 3 || !self.index.has_summaries() {
            return None;
        }
        let mut cur = e;
        // `self.inner().m`: the fields reached from what an accessor returns
        let mut fields = Vec::new();
        loop {
            match cur {
                syn::Expr::Reference(r) => cur = &r.expr,
                syn::Expr::Paren(p) => cur = &p.expr,
                syn::Expr::Field(f) => {
                    fields.push(member_name(&f.member));
                    cur = &f.base;
                }
                syn::Expr::MethodCall(mc)
                    if mc.args.is_empty()
                        && matches!(
                            mc.method.to_string().as_str(),
                            "clone" | "as_ref" | "deref"
                        ) =>
                {
                    cur = &mc.receiver
                }
                _ => break,
            }
        }
        let syn::Expr::MethodCall(mc) = cur else {
            return None;
        };
        if !mc.args.is_empty() {
            return None;
        }
        let base = self.recv_place(&mc.receiver, depth + 1)?;
        let sm = self.summary_for(&base, &mc.method.to_string())?;
        if sm.effect != super::index::Effect::Accessor || sm.accessor.is_some() {
            return None;
        }
        let mut p = base;
        p.text = p.text.trim_start_matches('&').to_string();
        for f in sm.fields.iter().chain(fields.iter().rev()) {
            p.fields.push(f.clone());
            if !super::syntax::is_element_field(f) {
                p.text.push('.');
            }
            p.text.push_str(f);
        }
        Some(p)
    }

    /// The orderings named in a call's arguments, also through a constant of the file
    /// (`c.load(ORDERING)` with `const ORDERING: Ordering = Ordering::SeqCst;`).
    fn orderings_in(
        &self,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) -> Vec<String> {
        let mut out = orderings_in(args);
        if out.is_empty() {
            out = args
                .iter()
                .filter_map(|a| match a {
                    syn::Expr::Path(p) => p.path.get_ident(),
                    _ => None,
                })
                .filter_map(|i| self.index.ordering_consts.get(&i.to_string()).cloned())
                .collect();
        }
        out
    }

    /// The declared type of a place where this file says it (`self.f.g` through the struct
    /// fields of the index, a typed local or parameter, an element of a typed collection, a
    /// `static`), by the resolver every rule uses, over the functions built so far.
    /// The type of a local or a guard named `name` at `at`: a guard's is the guarded type.
    fn local_type_text(&self, name: &str, at: usize) -> Option<String> {
        let f = self.fns.get(*self.stack.last()?)?;
        if let Some(a) = f.acquisitions.iter().rev().find(|a| {
            a.guard == GuardKind::Named(name.to_string()) && a.span.end <= at && at < a.release
        }) {
            let t = self.place_type(&a.place)?;
            return Some(t.guarded()?.text.clone());
        }
        Some(f.local(name, at)?.ty.as_ref()?.text.clone())
    }

    /// The type of the elements a `for` loop walks, where the collection is a local or a
    /// guard of a known `Vec`/`VecDeque`/set/map type: `&T` for `v.iter()`, `&v`, and
    /// `map.values()`; `T` for `v.into_iter()`, `v.drain(..)`, `map.into_values()` and the
    /// collection itself (`for e in entries`; `&T` where `entries` is a reference). A map's
    /// items are pairs: `(&K, &V)` for `map.iter()` / `&map`, `(K, V)` for `map.into_iter()`.
    fn iterated_elem_type(&self, e: &syn::Expr, at: usize) -> Option<syn::Type> {
        let (base, mut how, m) = match peel_parens(e) {
            syn::Expr::Reference(r) if r.mutability.is_none() => (&*r.expr, "iter", String::new()),
            syn::Expr::MethodCall(mc) => {
                let m = mc.method.to_string();
                let how = match m.as_str() {
                    "iter" | "values" | "keys" => "iter",
                    "into_iter" | "into_values" | "drain" => "owned",
                    _ => return None,
                };
                (&*mc.receiver, how, m)
            }
            p @ syn::Expr::Path(_) => (p, "owned", String::new()),
            _ => return None,
        };
        let syn::Expr::Path(p) = peel_parens(base) else {
            return None;
        };
        let name = p.path.get_ident()?.to_string();
        let text = self.local_type_text(&name, at)?;
        let ty: syn::Type = syn::parse_str(&text).ok()?;
        // a collection behind a shared reference yields references
        if matches!(&ty, syn::Type::Reference(r) if r.mutability.is_none()) {
            how = "iter";
        }
        let (coll, args) = type_name_args(&ty)?;
        let r = |t: &syn::Type| {
            if how == "iter" {
                format!("&{}", quote::quote!(#t))
            } else {
                quote::quote!(#t).to_string()
            }
        };
        let text = match (coll.as_str(), args.as_slice()) {
            ("Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "IndexSet", [t, ..])
                if m != "values" && m != "keys" && m != "into_values" =>
            {
                r(t)
            }
            ("HashMap" | "BTreeMap" | "IndexMap", [_, v, ..])
                if m == "values" || m == "into_values" =>
            {
                r(v)
            }
            ("HashMap" | "BTreeMap" | "IndexMap", [k, v, ..])
                if m.is_empty() || m == "iter" || m == "into_iter" =>
            {
                format!("({}, {})", r(k), r(v))
            }
            _ => return None,
        };
        syn::parse_str(&normalise(&text)).ok()
    }

    /// `w.upgrade()` with `w` a local of type `Weak<T>` (or `&Weak<T>`): an `Arc<T>` (the
    /// `Option`'s content) that may be the last strong reference.
    fn upgraded_type(&self, e: &syn::Expr) -> Option<TypeInfo> {
        let syn::Expr::MethodCall(mc) = peel_parens(e) else {
            return None;
        };
        if mc.method != "upgrade" || !mc.args.is_empty() {
            return None;
        }
        let syn::Expr::Path(p) = peel_parens(&mc.receiver) else {
            return None;
        };
        let name = p.path.get_ident()?.to_string();
        let text = self.local_type_text(&name, span_of(&mc.receiver).start)?;
        let ty: syn::Type = syn::parse_str(&text).ok()?;
        let (w, args) = type_name_args(&ty)?;
        let [t] = args.as_slice() else { return None };
        let rc = match w.as_str() {
            "Weak" => "Arc",
            _ => return None,
        };
        let text = format!("{rc}<{}>", normalise(&quote::quote!(#t).to_string()));
        let ty: syn::Type = syn::parse_str(&text).ok()?;
        Some(classify(&self.index.expand(&ty), &self.index.uses))
    }

    /// `if let Some(s) = w.upgrade()`: `s` gets [`Builder::upgraded_type`].
    fn type_upgraded(&mut self, pat: &syn::Pat, e: &syn::Expr) {
        if let syn::Pat::TupleStruct(ts) = pat
            && ts.path.is_ident("Some")
            && ts.elems.len() == 1
            && let Some(n) = pat_single_ident(&ts.elems[0])
            && let Some(t) = self.upgraded_type(e)
            && let Some(l) = self.cur().locals.iter_mut().rev().find(|x| x.name == n)
            && l.ty.is_none()
        {
            l.ty = Some(t);
            let key = (l.name.clone(), l.offset);
            let cur = *self.stack.last().unwrap();
            self.upgraded.push((cur, key.0, key.1));
        }
    }

    /// The drops of locals of a known struct type made while a guard is alive, as calls of
    /// the type's `drop` (the workspace phase finds its `Drop` impl, if there is one): a
    /// `drop(x)` of a bare name, and the end of a local's scope while a guard bound before
    /// it is alive (locals are dropped in reverse declaration order, so the guard is still
    /// held then). A local that may be moved (named other than as `x.`, `&x`) is left out,
    /// and so are references and reference-counted values other than one upgraded from a
    /// `Weak` (a clone of an `Arc` still held elsewhere drops nothing).
    fn drop_calls(&mut self) {
        let mut sites = std::mem::take(&mut self.drop_sites);
        // by function (stable: each function's sites stay in their order)
        sites.sort_by_key(|s| s.0);
        let upgraded = std::mem::take(&mut self.upgraded);
        let text = self.text;
        for fi in 0..self.fns.len() {
            let mut add: Vec<CallSite> = Vec::new();
            let f = &self.fns[fi];
            let guards: Vec<&Acquisition> = f
                .acquisitions
                .iter()
                .filter(|a| !a.is_try && matches!(a.guard, GuardKind::Named(_)))
                .collect();
            if guards.is_empty() {
                continue;
            }
            // the guards by where they are bound, with the latest release among them so far:
            // whether one bound before `at` is alive there is a binary search (a function
            // rebinding one guard name 50 000 times asked every guard at every site)
            let mut bound: Vec<(usize, usize)> =
                guards.iter().map(|a| (a.span.end, a.release)).collect();
            bound.sort_unstable();
            let latest: Vec<usize> = bound
                .iter()
                .scan(0, |m, &(_, r)| {
                    *m = r.max(*m);
                    Some(*m)
                })
                .collect();
            let latest_release = |at: usize| -> Option<usize> {
                let n = bound.partition_point(|&(e, _)| e <= at);
                n.checked_sub(1).map(|k| latest[k])
            };
            let held = |at: usize| latest_release(at).is_some_and(|r| at < r);
            let lo = sites.partition_point(|s| s.0 < fi);
            let hi = sites.partition_point(|s| s.0 <= fi);
            let sites = &sites[lo..hi];
            let dropper = |l: &LocalInfo| -> bool {
                let Some(t) = &l.ty else { return false };
                let Some(name) = t.struct_name() else {
                    return false;
                };
                if !name.starts_with(|c: char| c.is_ascii_uppercase())
                    || t.text.starts_with('&')
                    || t.lock().is_some()
                    || matches!(t.class, super::types::TypeClass::Sync { .. })
                {
                    return false;
                }
                let rc = t.text.starts_with("Arc<")
                    || t.text.starts_with("Rc<")
                    || t.text.contains("::Arc<")
                    || t.text.contains("::Rc<");
                !rc || upgraded
                    .iter()
                    .any(|(uf, n, o)| *uf == fi && *n == l.name && *o == l.offset)
            };
            let call = |name: &str, span: Span| CallSite {
                callee: Callee::Method {
                    recv: Some(Box::new(Place {
                        root: Root::Local(name.to_string()),
                        fields: Vec::new(),
                        text: name.to_string(),
                    })),
                    name: "drop".to_string(),
                },
                span,
                args: Vec::new(),
                arg_places: Vec::new(),
                recv_span: None,
                drop_of: true,
            };
            for (_, name, span) in sites {
                if !held(span.start) {
                    continue;
                }
                if let Some(l) = f.local(name, span.start)
                    && dropper(l)
                {
                    add.push(call(name, *span));
                }
            }
            for l in &f.locals {
                if l.scope_end == usize::MAX || l.scope_end == 0 || !dropper(l) {
                    continue;
                }
                let end = l.scope_end;
                // a guard bound before the local, alive when the local's scope ends
                let guard_alive = latest_release(l.offset).is_some_and(|r| r >= end);
                if !guard_alive
                    || sites
                        .iter()
                        .any(|(_, n, s)| *n == l.name && l.offset <= s.start && s.start < end)
                    || may_move(text, &l.name, l.offset, end)
                {
                    continue;
                }
                add.push(call(&l.name, Span::new(end.saturating_sub(1), end)));
            }
            if add.is_empty() {
                continue;
            }
            // merged in, each after the calls starting where it starts or before (one pass,
            // not an insertion per call)
            add.sort_by_key(|c| c.span.start);
            let f = &mut self.fns[fi];
            let old = std::mem::take(&mut f.calls);
            let mut merged = Vec::with_capacity(old.len() + add.len());
            let mut add = add.into_iter().peekable();
            for k in old {
                while let Some(c) = add.next_if(|c| c.span.start < k.span.start) {
                    merged.push(c);
                }
                merged.push(k);
            }
            merged.extend(add);
            f.calls = merged;
        }
    }

    fn place_type(&self, p: &Place) -> Option<TypeInfo> {
        let cur = *self.stack.last()?;
        super::Resolver::new(self.index)
            .resolve(&self.fns, cur, p)
            .map(|r| r.ty)
    }

    /// The summary of method `name` called on `recv`: by the receiver's type where it is known
    /// (`self`, a field of `self`, a local of a known struct type), else by a name that one
    /// helper of the file has and no std type's method has.
    fn summary_for(&self, recv: &Place, name: &str) -> Option<super::index::Summary> {
        let ty = receiver_type(&self.fns, *self.stack.last()?, self.index, recv);
        if ty.is_none() && STD_METHOD_NAMES.contains(&name) {
            return None;
        }
        let sm = self.index.summary(ty.as_deref(), name, false)?;
        (sm.base.is_none()).then(|| sm.clone())
    }

    /// The facts a call of a summarised helper adds where it is called: its atomic operation,
    /// or its guarded read or write of the locked place. `base` is what the summary's path
    /// starts from (the receiver, or the argument of a free function).
    #[allow(clippy::too_many_arguments)]
    fn apply_summary(
        &mut self,
        sm: &super::index::Summary,
        base: Place,
        via: String,
        span: Span,
        recv_span: Span,
        method_span: Span,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) {
        use super::index::Effect;
        let mut place = base;
        place.text = place.text.trim_start_matches('&').to_string();
        for f in &sm.fields {
            place.fields.push(f.clone());
            place.text.push('.');
            place.text.push_str(f);
        }
        // the helper reaches its lock through an accessor: the receiver's own
        if let Some(acc) = &sm.accessor {
            let Some(a) = self.summary_for(&place, acc) else {
                return;
            };
            if a.effect != Effect::Accessor {
                return;
            }
            for f in &a.fields {
                place.fields.push(f.clone());
                place.text.push('.');
                place.text.push_str(f);
            }
        }
        let arg = |i: &Option<usize>| i.and_then(|i| args.iter().nth(i)).map(expr_span);
        match &sm.effect {
            Effect::Accessor => {}
            Effect::Atomic {
                op,
                orderings,
                value,
            } => {
                let args = arg(value).into_iter().collect();
                self.cur().atomics.push(AtomicOp {
                    place,
                    op: op.clone(),
                    orderings: orderings.clone(),
                    span,
                    recv_span,
                    method_span,
                    args,
                    via: Some(via),
                });
            }
            // a map lookup made without a lock call: only a map that locks internally
            // (`DashMap`) is looked up under a lock of its own
            Effect::LockRead { lock_method, .. }
                if matches!(lock_method.as_str(), "get" | "contains_key" | "contains")
                    && !self.place_type(&place).is_some_and(|t| t.is_sharded_map()) => {}
            Effect::LockRead { lock_method, .. } | Effect::LockWrite { lock_method, .. } => {
                let (write, value, key, entry) = match &sm.effect {
                    Effect::LockWrite { value, key, .. } => (true, arg(value), *key, false),
                    Effect::LockRead { key, entry, .. } => (false, None, *key, *entry),
                    _ => (false, None, None, false),
                };
                self.cur().helper_accesses.push(HelperAccess {
                    helper: via,
                    place,
                    write,
                    lock_method: lock_method.clone(),
                    span,
                    value,
                    key: key.filter(|&i| i < args.len()),
                    entry,
                    key_arg: arg(&key),
                });
            }
        }
    }

    fn acquire(&mut self, mc: &syn::ExprMethodCall, temp_end: usize) {
        // an element of a collection of locks (`self.slots[i].lock()`) when nothing else
        let Some(place) = self
            .recv_place(&mc.receiver, 0)
            .or_else(|| super::syntax::elem_place_of(&mc.receiver))
        else {
            return;
        };
        let method = mc.method.to_string();
        // `s.lock()` where `s`'s type defines its own guard-returning `lock()`
        if self.index.has_wrappers()
            && let Some(w) = self.typed_wrapper_for(&place, &method)
            && !w.on_lock
        {
            let recv_text = place.text.trim_start_matches('&').to_string();
            let mut fields_place = place;
            fields_place.fields.extend(w.fields.iter().cloned());
            for f in &w.fields {
                fields_place.text.push('.');
                fields_place.text.push_str(f);
            }
            let via = format!("{recv_text}.{method}");
            self.push_acquisition(
                fields_place,
                w.lock_method.clone(),
                &w.lock_method,
                method_call_span(mc),
                temp_end,
                Some(via),
            );
            return;
        }
        self.push_acquisition(
            place,
            method.clone(),
            &method,
            method_call_span(mc),
            temp_end,
            None,
        );
    }

    /// The guard-returning method of this file that `recv.method()` calls, if any: by the
    /// receiver's type where it is known (`self`, a local of a known struct), else by a
    /// method name that only one wrapper of the file has (extension methods of lock types
    /// match any receiver).
    fn wrapper_for(&self, recv: &Place, method: &str) -> Option<super::index::Wrapper> {
        let idx = self.index;
        let external = idx
            .externals
            .as_ref()
            .is_some_and(|e| e.has_wrapper_named(method));
        let is_method = |w: &&super::index::Wrapper| w.method == method && w.static_lock.is_none();
        if !external && !idx.wrappers.iter().any(|w| is_method(&w)) {
            return None;
        }
        if let Some(w) = self.typed_wrapper_for(recv, method) {
            return Some(w);
        }
        // a map's reference helper is known only on a receiver of its type (`get` is every
        // map's method name)
        let mut cands = idx.wrappers.iter().filter(is_method).filter(|w| !w.shard);
        let Some(first) = cands.next() else {
            // another file's lock extension method (`self.inner.rl()`)
            return idx
                .external_wrapper("", method)
                .filter(|w| !w.shard)
                .cloned();
        };
        if cands.next().is_some() {
            return None;
        }
        // a lock type's own method name (`lock`) on a receiver of unknown type is the lock's
        if super::syntax::LOCK_METHODS.contains(&method) && !first.on_lock {
            return None;
        }
        Some(first.clone())
    }

    /// The wrapper `recv.method()` calls when the receiver's type is known (`self`, a local of
    /// a known struct type).
    fn typed_wrapper_for(&self, recv: &Place, method: &str) -> Option<super::index::Wrapper> {
        let idx = self.index;
        let fns = &self.fns[*self.stack.last().unwrap()];
        if recv.root == Root::SelfRef && recv.fields.is_empty() {
            let self_ty = fns.self_ty.clone().unwrap_or_default();
            if let Some(w) = idx.wrapper(&self_ty, method)
                && !(w.shard && w.self_ty != self_ty)
            {
                return Some(w.clone());
            }
        }
        if let Root::Local(name) = &recv.root
            && recv.fields.is_empty()
            && let Some(ty) = fns
                .locals
                .iter()
                .rev()
                .find(|l| &l.name == name)
                .and_then(|l| l.ty.as_ref())
                .and_then(|t| t.struct_name())
            && let Some(w) = idx
                .wrappers
                .iter()
                .find(|w| w.method == method && w.self_ty == ty)
                .or_else(|| idx.external_wrapper(ty, method).filter(|w| !w.on_lock))
        {
            return Some(w.clone());
        }
        None
    }

    fn acquire_wrapper(
        &mut self,
        mc: &syn::ExprMethodCall,
        place: Place,
        lock_method: &str,
        temp_end: usize,
        via: String,
    ) {
        self.push_acquisition(
            place,
            lock_method.to_string(),
            lock_method,
            method_call_span(mc),
            temp_end,
            Some(via),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn push_acquisition(
        &mut self,
        place: Place,
        method: String,
        lock_method: &str,
        call_span: Span,
        temp_end: usize,
        wrapper: Option<String>,
    ) {
        let mode = match lock_method {
            "read_recursive" => Mode::SharedRecursive,
            m if m.contains("upgradable") => Mode::Upgradable,
            m if m.contains("read") => Mode::Shared,
            _ => Mode::Exclusive,
        };
        let id = self.cur().acquisitions.len();
        // a tail expression's temporaries live past it (to the end of the function's body,
        // or of the statement around the block)
        let tail = self.cur_tail;
        let stmt = self
            .cur_stmt
            .filter(|s| s.end == temp_end || (tail && temp_end >= s.end));
        self.cur().acquisitions.push(Acquisition {
            id,
            place,
            method,
            mode,
            span: call_span,
            call_span,
            awaited: false,
            is_try: lock_method.starts_with("try_"),
            guard: GuardKind::Temporary,
            release: temp_end,
            release_cause: ReleaseCause::EndOfStatement,
            wrapper,
            live_from: 0,
            taken_at: 0,
            transient: false,
            shard: false,
            stmt,
            also: Vec::new(),
        });
    }

    /// A `DashMap` / `DashSet` call takes a lock of the key's shard: `get`, `get_mut`,
    /// `entry`, `iter`, `iter_mut` return a reference that holds it (read for `get`/`iter`,
    /// write for the others) until it is dropped, as a guard does; `insert`, `remove`,
    /// `contains_key`, `alter`, `retain`, `clear`, `len` hold one only while they run. Calling
    /// one of them while a reference into the same map is alive deadlocks on its shard.
    fn shard_lock(&mut self, mc: &syn::ExprMethodCall, method: &str, temp_end: usize) {
        let (lock_method, transient) = match (method, mc.args.len()) {
            ("get" | "get_mut" | "entry", 1) => {
                (if method == "get" { "read" } else { "write" }, false)
            }
            ("iter", 0) => ("read", false),
            ("iter_mut", 0) => ("write", false),
            ("insert" | "alter" | "remove_if" | "remove_if_mut" | "retain", _)
            | ("remove", 1)
            | ("clear", 0) => ("write", true),
            ("contains_key" | "contains", 1) | ("len" | "is_empty", 0) => ("read", true),
            _ => return,
        };
        if !self.dash {
            return;
        }
        let Some(place) = place_of(&mc.receiver) else {
            return;
        };
        let is_dash = self.place_type(&place).is_some_and(|t| t.is_sharded_map());
        if !is_dash {
            return;
        }
        self.push_acquisition(
            place,
            method.to_string(),
            lock_method,
            method_call_span(mc),
            temp_end,
            None,
        );
        // `get` / `get_mut` give an `Option<Ref>`: a `None` holds no lock, so the reference
        // counts as held only where it certainly is `Some` (unwrapped, or in the block of an
        // `if let Some(..)`: [`Builder::hold_shard_ref`])
        let optional = matches!(method, "get" | "get_mut");
        if let Some(a) = self.cur().acquisitions.last_mut() {
            a.shard = true;
            if transient || optional {
                a.transient = true;
                a.release = a.call_span.end;
            }
        }
    }

    /// A `tokio::sync::watch` endpoint's call that takes the channel's lock
    /// ([`TypeInfo::watch_lock`]): `borrow()`, `borrow_and_update()` and `wait_for(f)` give a
    /// `watch::Ref` that holds the read lock as a read guard does (a temporary to the end of
    /// its statement, a `let` binding to the end of its block); `send`, `send_modify`,
    /// `send_replace` and `send_if_modified` hold the write lock only while they run.
    ///
    /// `wait_for(f)` is an `async fn`: its call builds a future that holds nothing until it
    /// is polled, and the `Ref` is its output. So only a call awaited where it is written
    /// (`rx.wait_for(f).await?`) gives a guard; a future bound to a name, moved into
    /// `select!` or passed to `timeout(..)` gives none here ([`awaited_wait_for`]).
    fn watch_lock(&mut self, mc: &syn::ExprMethodCall, method: &str, temp_end: usize) {
        if method == "wait_for" && !self.awaited_waits.contains(&method_call_span(mc)) {
            return;
        }
        let (lock_method, transient) = match (method, mc.args.len()) {
            ("borrow" | "borrow_and_update", 0) | ("wait_for", 1) => ("read", false),
            ("send" | "send_modify" | "send_replace" | "send_if_modified", 1) => ("write", true),
            _ => return,
        };
        let Some(place) = place_of(&mc.receiver) else {
            return;
        };
        if self
            .place_type(&place)
            .is_none_or(|t| t.watch_lock().is_none())
        {
            return;
        }
        self.push_acquisition(
            place,
            method.to_string(),
            lock_method,
            method_call_span(mc),
            temp_end,
            None,
        );
        if transient && let Some(a) = self.cur().acquisitions.last_mut() {
            a.transient = true;
            a.release = a.call_span.end;
        }
    }

    /// The `Option<Ref>` of a `DashMap::get` / `get_mut` call at `inner` is held until
    /// `release`: unwrapped (`map.get(k).unwrap()`), or bound by an `if let Some(r)` whose block
    /// ends at `release`.
    fn hold_shard_ref(&mut self, inner: Span, release: usize, cause: ReleaseCause) {
        if !self.dash {
            return;
        }
        if let Some(a) = self
            .cur()
            .acquisitions
            .iter_mut()
            .rev()
            .find(|a| a.shard && a.transient && a.call_span == inner)
            && matches!(a.method.as_str(), "get" | "get_mut" | "iter" | "iter_mut")
        {
            a.transient = false;
            a.release = release;
            a.release_cause = cause;
        }
    }

    /// `Some(r)` matched against `map.get(k)` (`if let`, `let .. else`, a `match` arm): where
    /// the pattern matches, the reference is held until `release`; a by-value `Some(r)` moves
    /// it out of the scrutinee into `r`, so `drop(r)` releases the shard.
    fn bind_some_shard_ref(
        &mut self,
        pat: &syn::Pat,
        scrutinee: &syn::Expr,
        release: usize,
        cause: ReleaseCause,
    ) {
        if let syn::Pat::TupleStruct(ts) = pat
            && ts.path.is_ident("Some")
            && let syn::Expr::MethodCall(mc) = scrutinee
        {
            let at = method_call_span(mc);
            self.hold_shard_ref(at, release, cause);
            if ts.elems.len() == 1
                && !matches!(&ts.elems[0], syn::Pat::Ident(i) if i.by_ref.is_some())
                && let Some(name) = pat_single_ident(&ts.elems[0])
            {
                self.name_shard_ref(at, name);
            }
        }
    }

    /// The shard reference taken by the call at `inner` is bound to `name` by value (a by-value
    /// pattern on a temporary moves it there), so dropping or moving `name` releases it.
    fn name_shard_ref(&mut self, inner: Span, name: String) {
        if let Some(a) = self
            .cur()
            .acquisitions
            .iter_mut()
            .rev()
            .find(|a| a.shard && !a.transient && a.call_span == inner)
        {
            a.guard = GuardKind::Named(name);
        }
    }

    /// `map.get(&k).map(|r| r.clone())`, `map.iter().map(..).collect()`: an adapter that takes
    /// the reference (or the iterator) by value drops it when it returns, not at the end of
    /// the statement.
    fn consume_shard_ref(&mut self, mc: &syn::ExprMethodCall, method: &str) {
        const CONSUMING: &[&str] = &[
            "map",
            "and_then",
            "map_or",
            "map_or_else",
            "ok_or",
            "ok_or_else",
            "unwrap_or",
            "unwrap_or_else",
            "unwrap_or_default",
            "filter",
            "filter_map",
            "flat_map",
            "collect",
            "count",
            "for_each",
            "fold",
            "any",
            "all",
            "find",
            "last",
            "sum",
            "max",
            "min",
            "max_by_key",
            "min_by_key",
            "into_iter",
            "cloned",
            "copied",
        ];
        if !self.dash || !CONSUMING.contains(&method) {
            return;
        }
        let inner = match &*mc.receiver {
            syn::Expr::MethodCall(r) => method_call_span(r),
            _ => return,
        };
        let end = method_call_span(mc).end;
        // an item of the map's iterator, found and returned (`map.iter().find(..)`): the item
        // holds its shard as `get`'s reference does; it is held where the `Option` is
        // certainly `Some` ([`Builder::hold_shard_ref`] on the search's call)
        let item = matches!(
            method,
            "find" | "last" | "max" | "min" | "max_by_key" | "min_by_key" | "max_by" | "min_by"
        );
        // `map.get(k).map(|e| ..)`: the reference is the closure's argument, alive while the
        // closure runs (it is held there, as in `if let Some(e) = map.get(k) { .. }`)
        let runs_closure = matches!(
            method,
            "map" | "and_then" | "map_or" | "map_or_else" | "is_some_and" | "is_none_or"
        ) && mc
            .args
            .iter()
            .any(|a| matches!(super::syntax::peel_parens(a), syn::Expr::Closure(_)));
        if runs_closure
            && let Some(a) = self.cur().acquisitions.iter_mut().rev().find(|a| {
                a.shard
                    && a.transient
                    && a.call_span == inner
                    && a.release == inner.end
                    && matches!(a.method.as_str(), "get" | "get_mut")
            })
        {
            a.release = end;
            return;
        }
        for a in self.cur().acquisitions.iter_mut().rev() {
            if a.shard && a.call_span.end <= inner.end && a.release > end {
                // the reference is the receiver itself, or an adapter chain over it
                if a.call_span == inner || a.transient {
                    a.release = end;
                    a.transient = true;
                    if item
                        && a.call_span == inner
                        && matches!(a.method.as_str(), "iter" | "iter_mut")
                    {
                        a.call_span = method_call_span(mc);
                    }
                }
                break;
            }
        }
    }
}

/// The call whose `Option` an unwrap or `?` takes the value out of, through `ok_or` /
/// `ok_or_else` (which move it into a `Result`): `map.get(k)` of `map.get(k).ok_or(e)?`.
fn option_ref_call(e: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    match super::syntax::peel_parens(e) {
        syn::Expr::MethodCall(mc) => Some(option_ref_call_of(mc)),
        _ => None,
    }
}

fn option_ref_call_of(mut mc: &syn::ExprMethodCall) -> &syn::ExprMethodCall {
    while matches!(mc.method.to_string().as_str(), "ok_or" | "ok_or_else")
        && let syn::Expr::MethodCall(r) = super::syntax::peel_parens(&mc.receiver)
    {
        mc = r;
    }
    mc
}

fn await_in_suffix(mut e: &syn::Expr) -> Option<Span> {
    loop {
        match e {
            syn::Expr::Await(a) => return Some(span_of(&a.await_token)),
            syn::Expr::MethodCall(mc) if !is_lock_method(mc) => e = &mc.receiver,
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            _ => return None,
        }
    }
}

fn has_await_suffix(mut e: &syn::Expr) -> bool {
    loop {
        match e {
            syn::Expr::Await(_) => return true,
            syn::Expr::MethodCall(mc) if !is_lock_method(mc) => e = &mc.receiver,
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            _ => return false,
        }
    }
}

enum ClosureBody<'a> {
    Expr(Vec<&'a syn::Pat>, &'a syn::Expr),
    Block(&'a syn::Block),
}

/// The struct type of a method call's receiver as one file knows it: `self` (the impl's
/// type), a local of a known struct type (in the function or a closure's enclosing ones),
/// then each field through the file's struct definitions. The type a helper summary of the
/// file, or of another file ([`super::index::Externals`]), is looked up by.
pub fn receiver_type(
    fns: &[FnModel],
    func: usize,
    index: &ItemIndex,
    recv: &Place,
) -> Option<String> {
    let start = match &recv.root {
        Root::SelfRef => fns.get(func)?.self_ty.clone(),
        Root::Local(n) => {
            let mut cur = Some(func);
            let mut ty = None;
            while let Some(ci) = cur {
                if let Some(l) = fns[ci].local(n, usize::MAX) {
                    ty =
                        l.ty.as_ref()
                            .and_then(|t| t.struct_name())
                            .map(str::to_string);
                    break;
                }
                cur = fns[ci].parent;
            }
            ty
        }
        _ => None,
    };
    let mut ty = start;
    for f in &recv.fields {
        ty = ty.and_then(|t| {
            index
                .structs
                .get(&t)?
                .get(f)?
                .struct_name()
                .map(str::to_string)
        });
    }
    ty
}

/// `recv.m()` (also `&recv.m()`, `recv.m().clone()`) with no arguments, on a place, where
/// `m` may be an accessor ([`LocalInfo::getter`]): no method of std's common types.
fn getter_call(e: &syn::Expr) -> Option<Getter> {
    let mut e = peel_parens(e);
    loop {
        match e {
            syn::Expr::Reference(r) => e = peel_parens(&r.expr),
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty() && matches!(mc.method.to_string().as_str(), "clone") =>
            {
                e = peel_parens(&mc.receiver)
            }
            _ => break,
        }
    }
    let syn::Expr::MethodCall(mc) = e else {
        return None;
    };
    let method = mc.method.to_string();
    if !mc.args.is_empty()
        || mc.turbofish.is_some()
        || STD_METHOD_NAMES.contains(&method.as_str())
        || method.starts_with("to_")
        || method.starts_with("as_")
        || method.starts_with("into_")
    {
        return None;
    }
    let recv = place_of(&mc.receiver)?;
    Some(Getter { recv, method })
}

/// The outer attributes of a statement (`#[cfg(test)] let x = ..;`, `#[cfg(test)] if c { .. }`).
fn stmt_attrs(stmt: &syn::Stmt) -> &[syn::Attribute] {
    use syn::Expr::*;
    match stmt {
        syn::Stmt::Local(l) => &l.attrs,
        syn::Stmt::Macro(m) => &m.attrs,
        syn::Stmt::Item(_) => &[],
        syn::Stmt::Expr(e, _) => match e {
            If(x) => &x.attrs,
            Block(x) => &x.attrs,
            Unsafe(x) => &x.attrs,
            Match(x) => &x.attrs,
            Call(x) => &x.attrs,
            MethodCall(x) => &x.attrs,
            Macro(x) => &x.attrs,
            Assign(x) => &x.attrs,
            Binary(x) => &x.attrs,
            Await(x) => &x.attrs,
            ForLoop(x) => &x.attrs,
            While(x) => &x.attrs,
            Loop(x) => &x.attrs,
            Return(x) => &x.attrs,
            _ => &[],
        },
    }
}

/// The branches of a `select!`: `biased;`, then `pat = future (, if precondition)? =>
/// handler,` and `else => handler` (futures' `complete => handler`, `default => handler`).
pub(crate) struct SelectArms(pub(crate) Vec<SelectArm>);
pub(crate) struct SelectArm {
    pub(crate) fut: Option<syn::Expr>,
    pub(crate) cond: Option<syn::Expr>,
    pub(crate) body: syn::Expr,
}
impl syn::parse::Parse for SelectArms {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let mut arms = Vec::new();
        if input.peek(syn::Ident) && input.peek2(syn::Token![;]) {
            input.parse::<syn::Ident>()?;
            input.parse::<syn::Token![;]>()?;
        }
        while !input.is_empty() {
            let (fut, cond) = if input.peek(syn::Token![else])
                || (input.peek(syn::Ident) && input.peek2(syn::Token![=>]))
            {
                // `else =>`, `complete =>`, `default =>`
                if input.peek(syn::Token![else]) {
                    input.parse::<syn::Token![else]>()?;
                } else {
                    input.parse::<syn::Ident>()?;
                }
                (None, None)
            } else {
                syn::Pat::parse_single(input)?;
                input.parse::<syn::Token![=]>()?;
                let fut = syn::Expr::parse_without_eager_brace(input)?;
                let cond = if input.peek(syn::Token![,]) && input.peek2(syn::Token![if]) {
                    input.parse::<syn::Token![,]>()?;
                    input.parse::<syn::Token![if]>()?;
                    Some(syn::Expr::parse_without_eager_brace(input)?)
                } else {
                    None
                };
                (Some(fut), cond)
            };
            input.parse::<syn::Token![=>]>()?;
            let body = syn::Expr::parse_with_earlier_boundary_rule(input)?;
            arms.push(SelectArm { fut, cond, body });
            if input.peek(syn::Token![,]) {
                input.parse::<syn::Token![,]>()?;
            }
        }
        Ok(SelectArms(arms))
    }
}

struct BlockContents(Vec<syn::Stmt>);
impl syn::parse::Parse for BlockContents {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        Ok(BlockContents(syn::Block::parse_within(input)?))
    }
}

/// A function's span without printing its body: from `fn` (or `async`/`unsafe`/`const`) to
/// the closing brace.
pub(crate) fn fn_span(sig: &syn::Signature, block: &syn::Block) -> Span {
    let start = sig
        .constness
        .as_ref()
        .map(|t| t.span)
        .or(sig.asyncness.as_ref().map(|t| t.span))
        .unwrap_or(sig.fn_token.span);
    let start = crate::model::span::lo(start);
    Span::new(start, block_span(block).end)
}

/// At most this many closures and async blocks of one file are modelled; the bodies of
/// the others (generated or hostile code: real files have a few thousand) are not walked.
/// Each is a function of the model (about 1 KB), and 700 000 nested `||` fit in 2 MB.
pub const MAX_CLOSURES: usize = 50_000;

/// Parent names longer than this are shortened in a nested closure's name, so that deep
/// nesting does not make names (and the model) grow with the square of the depth.
const MAX_PARENT_NAME: usize = 256;

/// Functions that take a guard by value and give it back mapped (`Ok`/`Some`) or unmapped
/// (`Err`): `MutexGuard::map`, `RwLockReadGuard::try_map`, parking_lot's `filter_map`, ...
const GUARD_MAPS: &[&str] = &["try_map", "filter_map", "try_map_or_err", "map_split"];

/// The value expressions of an `instrument` attribute's `fields(name = expr, name = ?expr,
/// a.b = %expr, "name" = expr, ..)` (a field without `=` records nothing here).
fn instrument_field_values(tokens: proc_macro2::TokenStream) -> Vec<syn::Expr> {
    use proc_macro2::TokenTree;
    let mut out = Vec::new();
    let mut it = tokens.into_iter().peekable();
    while let Some(t) = it.next() {
        let TokenTree::Ident(i) = &t else { continue };
        if i != "fields" {
            continue;
        }
        let Some(TokenTree::Group(g)) = it.peek() else {
            continue;
        };
        if g.delimiter() != proc_macro2::Delimiter::Parenthesis {
            continue;
        }
        let mut chunks: Vec<Vec<TokenTree>> = vec![Vec::new()];
        for t in g.stream() {
            match &t {
                TokenTree::Punct(p) if p.as_char() == ',' => chunks.push(Vec::new()),
                _ => chunks.last_mut().unwrap().push(t),
            }
        }
        for chunk in chunks {
            let Some(eq) = chunk.iter().position(|t| {
                matches!(t, TokenTree::Punct(p)
                    if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone)
            }) else {
                continue;
            };
            let mut rest = &chunk[eq + 1..];
            if let Some(TokenTree::Punct(p)) = rest.first()
                && matches!(p.as_char(), '?' | '%')
            {
                rest = &rest[1..];
            }
            let stream: proc_macro2::TokenStream = rest.iter().cloned().collect();
            if let Ok(e) = syn::parse2::<syn::Expr>(stream) {
                out.push(e);
            }
        }
    }
    out
}

/// A `match` on a guard-mapping call with one arm where the mapping succeeded (`Ok(..)`,
/// `Some(..)`) and one where the guard is gone (`None` after `.ok()`, `Err(g)` whose body
/// starts by dropping `g`; not `Err(_)`, which leaves it in the scrutinee): the spans of
/// the two arms.
fn mapped_guard_arms(scrutinee: &syn::Expr, arms: &[syn::Arm]) -> Option<(Span, Span)> {
    let (call, via_ok) = match scrutinee {
        syn::Expr::MethodCall(mc) if mc.method == "ok" && mc.args.is_empty() => {
            (&*mc.receiver, true)
        }
        e => (e, false),
    };
    let syn::Expr::Call(c) = call else {
        return None;
    };
    let last = path_segments(&c.func)?.last()?.clone();
    if !GUARD_MAPS.contains(&last.as_str()) || arms.len() != 2 {
        return None;
    }
    fn variant(p: &syn::Pat) -> Option<(String, Option<String>)> {
        let (path, elems) = match p {
            syn::Pat::TupleStruct(t) => (&t.path, Some(&t.elems)),
            // `value @ Some(_)`
            syn::Pat::Ident(i) if let Some((_, sub)) = &i.subpat => return variant(sub),
            syn::Pat::Ident(i) => return Some((i.ident.to_string(), None)),
            syn::Pat::Path(p) => (&p.path, None),
            _ => return None,
        };
        let name = path.segments.last()?.ident.to_string();
        let bound = elems.and_then(|e| e.first()).and_then(|p| match p {
            syn::Pat::Ident(i) => Some(i.ident.to_string()),
            _ => None,
        });
        Some((name, bound))
    }
    let mut hit = None;
    let mut miss = None;
    for arm in arms {
        let span = Span::new(span_of(&arm.pat).start, expr_span(&arm.body).end);
        match variant(&arm.pat)? {
            (v, _) if v == "Ok" || v == "Some" => hit = Some(span),
            (v, None) if v == "None" && via_ok => miss = Some(span),
            // `Err(_)` binds nothing: the guard stays in the scrutinee to the end
            (v, _) if v == "Err" && via_ok => return None,
            (v, Some(g)) if v == "Err" => {
                // the arm's first statement drops the guard it got back
                let syn::Expr::Block(b) = &*arm.body else {
                    return None;
                };
                let first = b.block.stmts.first()?;
                let syn::Stmt::Expr(syn::Expr::Call(d), _) = first else {
                    return None;
                };
                let is_drop = path_segments(&d.func)?.last()? == "drop"
                    && d.args.len() == 1
                    && matches!(&d.args[0], syn::Expr::Path(p) if p.path.is_ident(&g));
                if !is_drop {
                    return None;
                }
                miss = Some(span);
            }
            _ => return None,
        }
    }
    Some((hit?, miss?))
}

/// Whether a condition is (or chains with `&&`) a `let`: a let chain.
fn has_let(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Let(_) => true,
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
            has_let(&b.left) || has_let(&b.right)
        }
        syn::Expr::Paren(p) => has_let(&p.expr),
        syn::Expr::Group(g) => has_let(&g.expr),
        _ => false,
    }
}

/// `f::{closure#2}`: the name of the `n`-th closure (or async block) in function `parent`.
/// A long parent name keeps its item (`f`) and is otherwise replaced by its index, which
/// keeps names unique within the file.
fn nested_name(parent_name: &str, parent: usize, label: &str, n: usize) -> String {
    if parent_name.len() <= MAX_PARENT_NAME {
        return format!("{parent_name}::{{{label}#{n}}}");
    }
    let item = parent_name
        .find("::{")
        .map_or(parent_name, |i| &parent_name[..i]);
    format!("{item}::{{…#{parent}}}::{{{label}#{n}}}")
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}::{name}")
    }
}

/// Calls that construct values rather than run code that could take locks.
fn is_ctor_like(segs: &[String]) -> bool {
    let last = segs.last().map(String::as_str).unwrap_or("");
    matches!(
        last,
        "new" | "from" | "default" | "with_capacity" | "Some" | "Ok" | "Err" | "Box"
    ) && segs.len() <= 2
        && segs
            .first()
            .is_some_and(|s| s.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        || matches!(last, "Some" | "Ok" | "Err")
}

/// A `match` arm that gives the guard it binds, itself ([`super::decisions::arm_yields_guard`]) or wrapped in
/// a value that keeps it (`Some(peer) => Timed::new(peer, ".."),`, `Ok(g) => Wrapper(g),`,
/// `Ok(g) => Held { g, at }`: [`super::syntax::keeps_args`]).
fn arm_keeps_guard(arm: &syn::Arm) -> bool {
    if super::decisions::arm_yields_guard(&arm.body) {
        return true;
    }
    let bound = pat_names(&arm.pat);
    let is_bound = |e: &syn::Expr| match super::syntax::peel_parens(e) {
        syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
            bound.iter().any(|n| p.path.segments[0].ident == n)
        }
        _ => false,
    };
    match super::syntax::peel_blocks(&arm.body) {
        syn::Expr::Call(c) => {
            path_segments(&c.func).is_some_and(|segs| super::syntax::keeps_args(&segs))
                && c.args.iter().any(is_bound)
        }
        syn::Expr::Struct(s) => s.rest.is_none() && s.fields.iter().any(|f| is_bound(&f.expr)),
        _ => false,
    }
}

/// When an initialiser's value is a guard (`m.lock().unwrap()`, `m.lock().await`,
/// `match m.lock() { Ok(g) => g, Err(p) => p.into_inner() }`), the lock call.
fn guard_value(e: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    let core = peel_guard_suffix(e);
    match core {
        syn::Expr::MethodCall(mc) if is_lock_method(mc) => Some(mc),
        // the match's value is the guard only where every arm that does not leave yields
        // its binding (`Ok(g) => g`, `Err(p) => p.into_inner()`); with `Ok(g) => g.len()`
        // the value is computed under a guard that dies with the statement
        syn::Expr::Match(m) if m.arms.iter().all(arm_keeps_guard) => guard_value(&m.expr),
        _ => None,
    }
}

/// The type a constructor call gives: `Mutex::new(..)`, `Arc::new(RwLock::new(..))`,
/// The atomic operation a method of an atomic type without orderings performs (`ArcSwap`:
/// `load`, `load_full`, `store`, `swap`, `rcu`; crossbeam's `AtomicCell`: `load`, `store`,
/// `swap`, `fetch_add`, ...), by its name and argument count, as the ordered operation's name.
fn unordered_atomic_op(method: &str, args: usize) -> Option<&'static str> {
    Some(match (method, args) {
        ("load" | "load_full", 0) => "load",
        ("store", 1) => "store",
        ("swap", 1) => "swap",
        ("rcu", 1) => "fetch_update",
        ("compare_and_swap", 2) => "compare_and_swap",
        ("fetch_add", 1) => "fetch_add",
        ("fetch_sub", 1) => "fetch_sub",
        _ => return None,
    })
}

/// `AtomicUsize::new(0)`, `DashMap::new()`.
fn ctor_type(e: &syn::Expr, index: &ItemIndex) -> Option<TypeInfo> {
    // `S { .. }`: a struct of the file
    if let syn::Expr::Struct(s) = e {
        let name = s.path.segments.last()?.ident.to_string();
        if index.structs.contains_key(&name) {
            return Some(TypeInfo {
                class: super::types::TypeClass::Plain { name: name.clone() },
                text: name,
            });
        }
        return None;
    }
    let syn::Expr::Call(c) = e else {
        return None;
    };
    let segs = path_segments(&c.func)?;
    if segs.len() < 2 {
        return None;
    }
    let ty_name = &segs[segs.len() - 2];
    if matches!(ty_name.as_str(), "Arc" | "Rc" | "Box") {
        return c.args.first().and_then(|a| ctor_type(a, index));
    }
    let ty_path = segs[..segs.len() - 1].join("::");
    let ty: syn::Type = syn::parse_str(&ty_path).ok()?;
    let info = classify(&index.expand(&ty), &index.uses);
    if lock_type(ty_name, &ty_path).is_some() || info.lock().is_some() {
        // learn the guarded type from the argument when it is a constructor too
        if let super::types::TypeClass::Lock { lock, .. } = &info.class {
            let inner = c
                .args
                .first()
                .and_then(|a| ctor_type(a, index))
                .or_else(|| c.args.first().and_then(literal_type))
                .unwrap_or_else(TypeInfo::unknown);
            return Some(TypeInfo {
                class: super::types::TypeClass::Lock {
                    lock: lock.clone(),
                    inner: Box::new(inner),
                },
                text: info.text,
            });
        }
    }
    match info.class {
        super::types::TypeClass::Plain { .. } | super::types::TypeClass::Unknown => {
            // `Foo::new(..)`: a struct we may know
            if index.structs.contains_key(ty_name) || ty_name.chars().next()?.is_ascii_uppercase() {
                Some(info)
            } else {
                None
            }
        }
        _ => Some(info),
    }
}

fn literal_type(e: &syn::Expr) -> Option<TypeInfo> {
    match e {
        syn::Expr::Lit(l) => {
            let name = match &l.lit {
                syn::Lit::Bool(_) => "bool",
                syn::Lit::Int(_) => "i32",
                syn::Lit::Str(_) => "str",
                _ => return None,
            };
            Some(TypeInfo {
                class: super::types::TypeClass::Plain { name: name.into() },
                text: name.into(),
            })
        }
        _ => None,
    }
}

/// `x.clone()`, `Arc::clone(&x)`, `&self.m`, `self.m.clone()`: the place aliased.
fn alias_of(e: &syn::Expr) -> Option<Place> {
    let direct = match e {
        syn::Expr::Call(c) => {
            let segs = path_segments(&c.func)?;
            if segs.last()? == "clone" && c.args.len() == 1 {
                return super::syntax::elem_place_of(&c.args[0]);
            }
            None
        }
        syn::Expr::MethodCall(mc) if mc.method == "clone" && mc.args.is_empty() => place_of(e),
        syn::Expr::Reference(_) | syn::Expr::Field(_) => place_of(e),
        syn::Expr::Path(_) => place_of(e),
        _ => None,
    };
    // `let s = &self.slots[i];`, `let m = map.get(&k).unwrap();`: an element of a collection
    direct.or_else(|| {
        super::syntax::elem_place_of(e)
            .filter(|p| p.fields.iter().any(|f| super::syntax::is_element_field(f)))
    })
}

/// `x` of `x?`, `x.unwrap()`, `x.expect(..)`.
fn unwrap_suffix(e: &syn::Expr) -> Option<&syn::Expr> {
    match peel_parens(e) {
        syn::Expr::Try(t) => Some(&t.expr),
        syn::Expr::MethodCall(mc) if mc.method == "unwrap" || mc.method == "expect" => {
            Some(&mc.receiver)
        }
        _ => None,
    }
}

/// A path type's last segment and its type arguments (`HashMap<K, V>`: `HashMap`, [K, V]),
/// through references.
/// The types of the names a pattern binds from a value of type `ty`: `(a, b)` of `(A, B)`, and
/// of `&(A, B)` by reference (`&A`, `&B`); `&x` of `&T` is a `T`. Names whose type the
/// pattern does not show are left out.
fn pat_types(p: &syn::Pat, ty: &syn::Type, out: &mut Vec<(String, syn::Type)>) {
    let peel = |t: &syn::Type| -> syn::Type {
        match t {
            syn::Type::Paren(p) => (*p.elem).clone(),
            t => t.clone(),
        }
    };
    let ty = peel(ty);
    match p {
        syn::Pat::Ident(i) if i.subpat.is_none() => out.push((i.ident.to_string(), ty)),
        syn::Pat::Reference(r) => {
            if let syn::Type::Reference(t) = &ty {
                pat_types(&r.pat, &t.elem, out);
            }
        }
        syn::Pat::Paren(x) => pat_types(&x.pat, &ty, out),
        syn::Pat::Tuple(t) => {
            // `for (k, v) in &pairs`: default binding mode, each part by reference
            let (inner, by_ref) = match &ty {
                syn::Type::Reference(r) => (peel(&r.elem), true),
                t => (t.clone(), false),
            };
            let syn::Type::Tuple(tt) = inner else {
                return;
            };
            if tt.elems.len() != t.elems.len() {
                return;
            }
            for (sp, st) in t.elems.iter().zip(tt.elems.iter()) {
                let st = if by_ref {
                    syn::parse_str(&format!("&{}", quote::quote!(#st)))
                        .unwrap_or_else(|_| st.clone())
                } else {
                    st.clone()
                };
                pat_types(sp, &st, out);
            }
        }
        _ => {}
    }
}

/// How many names a pattern binds (the locals [`Builder::pattern_binding`] pushed for it).
fn n_pat_names(p: &syn::Pat) -> usize {
    pat_names(p).len()
}

fn type_name_args(ty: &syn::Type) -> Option<(String, Vec<syn::Type>)> {
    match ty {
        syn::Type::Reference(r) => type_name_args(&r.elem),
        syn::Type::Paren(p) => type_name_args(&p.elem),
        syn::Type::Path(p) => {
            let last = p.path.segments.last()?;
            let args = match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some((last.ident.to_string(), args))
        }
        _ => None,
    }
}

/// Whether local `name`, bound at `from`, may be moved before `end`: named in the text other
/// than as `name.` (a field or a method through a reference) or `&name` (a pattern's own
/// binding excepted: the first occurrence).
fn may_move(text: &str, name: &str, from: usize, end: usize) -> bool {
    let Some(body) = text.get(from..end.min(text.len())) else {
        return true;
    };
    let bytes = body.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut first = true;
    let mut i = 0;
    while let Some(k) = body[i..].find(name) {
        let s = i + k;
        let e = s + name.len();
        i = e;
        if (s > 0 && word(bytes[s - 1])) || (e < bytes.len() && word(bytes[e])) {
            continue;
        }
        if first {
            first = false;
            continue;
        }
        let before = body[..s].trim_end();
        let after = body[e..].trim_start();
        let by_ref = before.ends_with('&')
            || (after.starts_with('.') && !after.starts_with(".."))
                && !after[1..].trim_start().starts_with("into")
                && !after[1..].trim_start().starts_with("take");
        if !by_ref {
            return true;
        }
    }
    false
}

fn peel_parens(e: &syn::Expr) -> &syn::Expr {
    match e {
        syn::Expr::Paren(p) => peel_parens(&p.expr),
        syn::Expr::Group(g) => peel_parens(&g.expr),
        _ => e,
    }
}

/// A guard handed to a wait that gives it back ([`Builder::wait_handover`]).
struct Handover {
    /// The named guard's acquisition, or `None` for one taken in the argument.
    acq: Option<usize>,
    /// The name handed over (empty for an acquisition in the argument).
    from: String,
    /// The guard argument.
    arg: Span,
    /// The named guard's release and its cause before the walk.
    release: usize,
    cause: ReleaseCause,
}

/// The name a pattern binds the guard of a wait's value to: `g`, `mut g`, `g: T`, or the
/// first element of `(g, timeout)` (then `true`: the value is a pair).
fn rebind_pat_name(p: &syn::Pat) -> Option<(String, bool)> {
    match p {
        syn::Pat::Tuple(t) if t.elems.len() == 2 => t
            .elems
            .first()
            .and_then(pat_single_ident)
            .map(|n| (n, true)),
        syn::Pat::Type(t) => rebind_pat_name(&t.pat),
        p => pat_single_ident(p).map(|n| (n, false)),
    }
}

/// `g` of a single-segment path expression.
fn single_name(e: &syn::Expr) -> Option<String> {
    match peel_parens(e) {
        syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}
