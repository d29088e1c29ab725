//! The workspace's locks and calls: what lock an acquisition takes (kind and canonical
//! identity), whether two acquisitions can block each other, which functions a call reaches,
//! who calls a function and with which guards held, and per-function summaries of the locks a
//! call can acquire (bounded depth). The `lock-order` family queries it, and the workspace
//! phase asks it which functions run serialised by their callers' lock.

use crate::model::WsFile;
use crate::model::types::UseMap;
use crate::model::{
    Acquisition, CallSite, Callee, FnKind, FnModel, LockFamily, LockType, Mode, Resolver, Root,
    TypeClass, Workspace,
};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// How deep calls are followed from the function holding a guard (the call made there counts).
pub const MAX_CALL_DEPTH: usize = 6;

/// How many implementations of a trait a call through a trait object or a trait-bounded
/// generic is followed to ([`Graph::dispatch`]); a trait with more is a plugin interface,
/// and which of its implementations a given caller holds cannot be told.
pub const MAX_DISPATCH: usize = 6;

/// What [`Graph::serialising_lock`] answers for a function that only callers holding its
/// value exclusively run (no lock is involved).
pub const EXCLUSIVE: &str = "an exclusive borrow";

/// Whether a field of type `ty` holds its struct by value (`Ema`, `stats::Ema<T>`,
/// `Box<Ema>`), so that whoever holds the owner exclusively holds it exclusively too; not
/// through a shared pointer or a reference (`Arc<Ema>`, `&'a Ema`).
fn owned_struct(ty: &crate::model::TypeInfo) -> bool {
    let TypeClass::Plain { name } = &ty.class else {
        return false;
    };
    let mut t = ty.text.as_str();
    if let Some(inner) = t.strip_prefix("Box<").and_then(|r| r.strip_suffix('>')) {
        t = inner;
    }
    let base = t.split('<').next().unwrap_or(t).trim();
    let last = base.rsplit("::").next().unwrap_or(base).trim();
    !last.is_empty() && name.rsplit("::").next() == Some(last)
}

/// What an acquisition's receiver is, as far as the (file or workspace) index tells.
#[derive(Clone, Debug)]
pub enum LockKind {
    Lock {
        identity: String,
        lock: LockType,
    },
    /// The receiver resolved to something that is not a lock (a file, a struct, ...).
    NotLock,
    /// The receiver could not be resolved.
    Unknown,
}

pub fn lock_kind(
    r: &Resolver,
    fns: &[FnModel],
    fi: usize,
    a: &Acquisition,
    uses: &UseMap,
) -> LockKind {
    match r.resolve_at(fns, fi, &a.place, a.span.start) {
        Some(res) => match res
            .ty
            .lock()
            .cloned()
            .or_else(|| lock_via_alias(&res.ty, uses))
            .or_else(|| shard_lock(&res.ty))
            .or_else(|| res.ty.watch_lock())
        {
            Some(lock) => LockKind::Lock {
                identity: res.identity,
                lock,
            },
            None if matches!(res.ty.class, TypeClass::Unknown) => LockKind::Unknown,
            None => LockKind::NotLock,
        },
        None => LockKind::Unknown,
    }
}

/// A `DashMap` / `DashSet` locks the key's shard like a blocking `RwLock` (the model records
/// its reference-returning and locking calls as acquisitions).
fn shard_lock(ty: &crate::model::TypeInfo) -> Option<crate::model::LockType> {
    ty.is_sharded_map().then(|| crate::model::LockType {
        family: crate::model::LockFamily::RwLock,
        is_async: false,
        origin: "dashmap".into(),
    })
}

/// Whether a thread holding a guard in mode `held` blocks when it asks for `want` on the same
/// lock (or another thread holding `held` blocks it).
pub fn modes_conflict(held: Mode, want: Mode) -> bool {
    use Mode::*;
    match (held, want) {
        (Exclusive, _) | (_, Exclusive) => true,
        (Upgradable, Upgradable) => true,
        // shared / recursive-shared / upgradable are mutually compatible
        _ => false,
    }
}

/// A local lock's identity names its function (`run::m`); two files may both have a `run`
/// with a local `m`. In the workspace graph a local's identity carries its file
/// (`run::m@3`), so that the two are different locks.
pub fn in_file(identity: String, file: usize) -> String {
    if is_local_identity(&identity) {
        format!("{identity}@{file}")
    } else {
        identity
    }
}

/// `Bank.accounts` -> `Bank.accounts`, `static X` -> `X`, `f::m` (or `f::m@3`) -> `m`.
pub fn display_identity(id: &str) -> String {
    let id = match id.rsplit_once('@') {
        Some((base, file)) if file.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => id,
    };
    if let Some(s) = id.strip_prefix("static ") {
        return s.to_string();
    }
    if !id.contains('.')
        && let Some((_, local)) = id.rsplit_once("::")
    {
        return local.to_string();
    }
    id.to_string()
}

/// Identities of the form `fn::local` (a local or parameter of a function, not a field).
pub fn is_local_identity(id: &str) -> bool {
    !id.starts_with("static ") && !id.contains('.') && id.contains("::")
}

/// Whether `idx` is spawned or nested in a spawned closure.
pub fn in_spawned(fns: &[FnModel], mut idx: usize) -> bool {
    loop {
        if fns[idx].spawned {
            return true;
        }
        match fns[idx].parent {
            Some(p) => idx = p,
            None => return false,
        }
    }
}

/// Human name of a function context.
pub fn fn_display(f: &FnModel) -> String {
    if f.spawned {
        let base = f.name.split("::{").next().unwrap_or(&f.name);
        return format!(
            "the {} spawned in `{}`",
            if f.kind == FnKind::AsyncBlock {
                "task"
            } else {
                "thread closure"
            },
            base
        );
    }
    format!("`{}`", f.name)
}

pub use crate::model::func::closure_runs_inline;

/// For a call that is a drop ([`CallSite::drop_of`]): "`s` is dropped here: its `impl Drop
/// for Session`" (with "when it is the last reference" for a reference-counted value).
pub fn dropped_here(f: &FnModel, c: &CallSite) -> Option<String> {
    if !c.drop_of {
        return None;
    }
    let (recv, _) = c.method()?;
    let name = &recv.text;
    let ty = f.local(name, c.span.start).and_then(|l| l.ty.as_ref())?;
    let st = ty.struct_name().unwrap_or("?");
    let last = if ty.text.starts_with("Arc<") || ty.text.starts_with("Rc<") {
        " (when it is the last reference, as an `upgrade()`d one can be)"
    } else {
        ""
    };
    Some(format!(
        "`{name}` is dropped here{last}: its `impl Drop for {st}`"
    ))
}

/// Whether read guards of this lock nest without a deadlock when a writer waits: spin's
/// RwLock and a `DashMap`'s shard lock admit new readers while a writer only waits (dashmap's
/// `RawRwLock` refuses a shared lock only to a writer that holds the shard), where std,
/// parking_lot, tokio and async-lock RwLocks queue them behind it
/// ([`LockType::writer_blocks_readers`]).
pub fn reads_nest(lock: &LockType) -> bool {
    lock.family == LockFamily::RwLock && !lock.writer_blocks_readers()
}

/// An async lock's `lock()` / `read()` that is not awaited only builds a future: nothing is
/// held or waited for there (`spawn(lock.read())`).
pub fn is_real_acquisition(a: &Acquisition, lock: &LockType) -> bool {
    !lock.is_async || a.awaited || a.is_try || a.method.starts_with("blocking_")
}

/// The guards of `f` known to be held at `at`: alive there, and a `try_lock` guard only where
/// it is known to have succeeded ([`try_guard_held`]).
pub fn guards_held_at(f: &FnModel, at: usize) -> Vec<&Acquisition> {
    f.held_at(at).filter(|a| try_guard_held(f, a, at)).collect()
}

/// A held `try_lock` guard exists only where the attempt succeeded. racelint counts it as
/// held only after a `let` statement that binds it (`let g = m.try_lock().unwrap();`,
/// `let g = match m.try_lock() { Ok(g) => g, Err(_) => { .. } };`): inside that statement (the
/// failure arm) and in `if let Ok(g) = m.try_lock() { .. } else { .. }` the outcome is not
/// known from the source, so it stays silent. `at` is where another lock is taken.
pub fn try_guard_held(f: &FnModel, a: &Acquisition, at: usize) -> bool {
    if !a.is_try {
        return true;
    }
    let crate::model::GuardKind::Named(name) = &a.guard else {
        return false;
    };
    f.bindings.iter().any(|b| {
        b.names.iter().any(|n| n == name)
            && b.init
                .is_some_and(|i| i.encloses(a.span) && b.span.encloses(i))
            && at >= b.span.end
    })
}

/// A lock node of the workspace graph.
#[derive(Clone, Debug)]
pub struct Node {
    pub identity: String,
    pub family: LockFamily,
    /// A second read guard taken while one is held cannot be blocked by a waiting writer
    /// (spin's RwLock lets readers in while a writer waits).
    pub reads_nest: bool,
    /// A writer queued on it blocks new readers ([`LockType::writer_blocks_readers`]).
    pub writer_blocks_readers: bool,
}

/// One acquisition a call can reach.
#[derive(Clone, Debug)]
pub struct Reach {
    pub node: Node,
    pub file: usize,
    pub func: usize,
    pub acq: usize,
    pub mode: Mode,
    /// The calls from the root function's call to the acquiring function: (file, fn, call idx)
    /// of each call site, starting with the one in the root.
    pub path: Vec<(usize, usize, usize)>,
    /// Every call on the way is a method call on `self` (or an inline closure), so the
    /// acquiring function's `self` is the caller's `self`.
    pub via_self: bool,
    /// The lock is a parameter of the function called from the root, bound to this argument
    /// of the root's call (`helper(&self.m)`): the place, in the root function.
    pub arg: Option<crate::model::Place>,
    /// The locked place as the root function names it, where the object is followed
    /// through the calls: the callee's `self.m` is the receiver's `m` (`x.f()` locks `x.m`),
    /// a parameter's `p.m` is the argument's `m` (`helper(self)` locks `self.m`). `None` when
    /// the object is lost on the way (a receiver or argument that is no place).
    pub obj: Option<crate::model::Place>,
    /// A call on the way goes through a trait ([`Graph::dispatch`]): the acquiring function
    /// is one implementation the call may run, and a lock named by its type may belong to
    /// another object than the caller's (a decorator over the same trait).
    pub dispatched: bool,
}

/// Workspace-wide function lookup, lock nodes and call summaries.
pub struct Graph<'w> {
    pub ws: &'w Workspace<'w>,
    pub files: &'w [WsFile<'w>],
    by_name: HashMap<String, Vec<(usize, usize)>>,
    /// The traits each type implements, and the types implementing each trait (`impl T for S`).
    traits_of: HashMap<String, Vec<String>>,
    impls_of: HashMap<String, Vec<String>>,
    /// Each acquisition's node, and whether it is a local lock nothing shares.
    nodes: HashMap<(usize, usize, usize), (Option<Node>, bool)>,
    /// Identities of locks created locally and shared with spawned code.
    memo: HashMap<(usize, usize, usize), Rc<Vec<Reach>>>,
    on_stack: Vec<(usize, usize)>,
    /// Per file, what [`Graph::local_is_shared`] asks, indexed once.
    sharing: HashMap<usize, Rc<LocalSharing<'w>>>,
    /// The calls reaching each function (see [`Graph::callers`]), built on first use.
    callers: Option<Rc<Callers>>,
    /// How many method calls of each name production code makes, resolved or not (built
    /// with [`Graph::callers`]): a function some of whose calls are not resolved has callers
    /// the index does not list.
    method_calls: HashMap<String, usize>,
    /// The first blocking write acquisition of each lock (see [`Graph::writers`]).
    writers: Option<Rc<Writers>>,
    /// The workspace's [`ParamUse`](crate::model::func::ParamUse)s, built on first use.
    param_index: Option<Rc<ParamIndex>>,
    /// [`Graph::closure_holds`] of each function, and the functions being summarised.
    holds_memo: HashMap<(usize, usize), Rc<ParamSummary>>,
    holds_stack: Vec<(usize, usize)>,
}

/// The uses of callable parameters of the workspace's functions, by function, and the
/// functions with such uses by bare name (a call that does not resolve is matched by name).
#[derive(Default)]
struct ParamIndex {
    by_fn: HashMap<(usize, usize), Vec<crate::model::func::ParamUse>>,
    by_name: HashMap<String, Vec<(usize, usize)>>,
}

/// Where a closure passed for a parameter runs under a guard ([`Graph::closure_holds`]).
#[derive(Clone, Debug)]
pub struct ClosureHold {
    /// The parameter the closure is passed for.
    pub param: usize,
    /// The guard held while the closure runs: (file, function, acquisition). The function is
    /// the summarised one, a closure of it run in place, or a callee it hands the closure on to.
    pub held: (usize, usize, usize),
    /// Where the closure is called (or handed on to a callee that calls it) with that guard
    /// held: (file, function, call index).
    pub site: (usize, usize, usize),
    /// The guard is the summarised function's own (its `self` is the function's `self`), not
    /// one a callee takes after the closure is handed on to it.
    pub own: bool,
    /// The closure is called at `site` (not handed on there).
    pub called: bool,
}

/// What a function does with its callable parameters: which ones it calls (itself or
/// through callees it hands them on to), and the guards held while it does.
#[derive(Debug, Default)]
pub struct ParamSummary {
    pub invoked: Vec<usize>,
    pub holds: Vec<ClosureHold>,
}

/// Lock identity -> (file, fn, acquisition) of a write of it ([`Graph::writers`]).
pub type Writers = HashMap<String, (usize, usize, usize)>;

/// Every call of the workspace by the function it reaches: `(file, fn)` -> the calls
/// `(file, caller, call index)` in file, function and call order.
type Callers = HashMap<(usize, usize), Vec<(usize, usize, usize)>>;

/// One file's functions by name and the lock identities its spawned code acquires: whether
/// a local lock is shared is then a lookup, not a scan of every function.
struct LocalSharing<'w> {
    /// The first function of each name.
    owner: HashMap<&'w str, usize>,
    spawned_locks: HashSet<String>,
}

impl<'w> Graph<'w> {
    pub fn new(ws: &'w Workspace<'w>) -> Self {
        let mut by_name: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (fidx, file) in ws.files.iter().enumerate() {
            for (i, f) in file.model.fns.iter().enumerate() {
                if f.parent.is_none() {
                    by_name.entry(f.name.clone()).or_default().push((fidx, i));
                }
            }
        }
        let mut traits_of: HashMap<String, Vec<String>> = HashMap::new();
        let mut impls_of: HashMap<String, Vec<String>> = HashMap::new();
        for (t, ty) in &ws.index.trait_impls {
            let tr = traits_of.entry(ty.clone()).or_default();
            if !tr.contains(t) {
                tr.push(t.clone());
            }
            let im = impls_of.entry(t.clone()).or_default();
            if !im.contains(ty) {
                im.push(ty.clone());
            }
        }
        Graph {
            ws,
            files: &ws.files,
            by_name,
            traits_of,
            impls_of,
            nodes: HashMap::new(),
            memo: HashMap::new(),
            on_stack: Vec::new(),
            sharing: HashMap::new(),
            callers: None,
            method_calls: HashMap::new(),
            writers: None,
            param_index: None,
            holds_memo: HashMap::new(),
            holds_stack: Vec::new(),
        }
    }

    /// The calls (not closure invocations) of the workspace by the function they reach, in
    /// file, function and call order. Built once, resolving each call once, so that asking
    /// about many functions does not rescan every call each time.
    pub fn callers(&mut self) -> Rc<Callers> {
        if let Some(c) = &self.callers {
            return c.clone();
        }
        let mut index: Callers = HashMap::new();
        let mut method_calls: HashMap<String, usize> = HashMap::new();
        for cf in 0..self.files.len() {
            let model = &self.files[cf].model;
            for (ci, caller) in self.fns(cf).iter().enumerate() {
                for (k, c) in caller.calls.iter().enumerate() {
                    if matches!(c.callee, Callee::Closure { .. }) {
                        continue;
                    }
                    if let Callee::Method { name, .. } = &c.callee
                        && !model.in_test(c.span)
                    {
                        *method_calls.entry(name.clone()).or_default() += 1;
                    }
                    if let Some(target) = self.callee(cf, ci, c) {
                        index.entry(target).or_default().push((cf, ci, k));
                    }
                }
            }
        }
        let index = Rc::new(index);
        self.callers = Some(index.clone());
        self.method_calls = method_calls;
        index
    }

    /// Where the workspace takes each lock for writing and can block (an exclusive,
    /// not `try_`, acquisition): (file, fn, acquisition), the first one in file and
    /// function order. A cycle of read guards deadlocks only with such a writer queued.
    /// Writes of a field through `&mut self` are left out: no reader through `&self` of that
    /// object is alive while they run.
    pub fn writers(&mut self) -> Rc<Writers> {
        if let Some(w) = &self.writers {
            return w.clone();
        }
        let mut map = HashMap::new();
        for file in 0..self.files.len() {
            for (func, f) in self.fns(file).iter().enumerate() {
                for (ai, a) in f.acquisitions.iter().enumerate() {
                    if a.mode != Mode::Exclusive || a.is_try {
                        continue;
                    }
                    // a write through `&mut self` never overlaps a reader through `&self` of
                    // the same object: it cannot queue between two of them
                    let outer =
                        &self.fns(file)[crate::model::func::outermost(self.fns(file), func)];
                    if a.place.root == Root::SelfRef
                        && outer.self_exclusive
                        && crate::model::actors::self_path_owned(
                            self.files[file].model,
                            func,
                            &a.place.fields,
                        )
                    {
                        continue;
                    }
                    if let Some(n) = self.node(file, func, ai) {
                        map.entry(n.identity).or_insert((file, func, ai));
                    }
                }
            }
        }
        let map = Rc::new(map);
        self.writers = Some(map.clone());
        map
    }

    pub fn fns(&self, file: usize) -> &'w [FnModel] {
        &self.files[file].model.fns
    }

    /// The lock node of an acquisition, when it is a resolved lock that matters for ordering
    /// (fields and statics; parameters; locals only when code spawned from the function uses
    /// them).
    pub fn node(&mut self, file: usize, func: usize, acq: usize) -> Option<Node> {
        self.node_with(file, func, acq, false)
    }

    /// [`Graph::node`]; with `own_locals`, also a local lock of the function that nothing
    /// shares (no other thread contends for it, but the thread itself can lock it twice).
    pub fn node_with(
        &mut self,
        file: usize,
        func: usize,
        acq: usize,
        own_locals: bool,
    ) -> Option<Node> {
        if let Some((n, unshared)) = self.nodes.get(&(file, func, acq)) {
            return n.clone().filter(|_| own_locals || !unshared);
        }
        let fns = self.fns(file);
        let a = &fns[func].acquisitions[acq];
        let ws = self.ws;
        let r = ws.resolver_in(file);
        let (n, unshared) = match lock_kind(&r, fns, func, a, &self.files[file].model.index.uses) {
            LockKind::Lock { identity, lock } if is_real_acquisition(a, &lock) => {
                let unshared =
                    is_local_identity(&identity) && !self.local_is_shared(file, &identity);
                let node = Node {
                    identity: in_file(identity, file),
                    family: lock.family,
                    reads_nest: reads_nest(&lock),
                    writer_blocks_readers: lock.writer_blocks_readers(),
                };
                (Some(node), unshared)
            }
            _ => (None, false),
        };
        self.nodes.insert((file, func, acq), (n.clone(), unshared));
        n.filter(|_| own_locals || !unshared)
    }

    /// A `fn::name` identity: a parameter (shared by the caller) or a local that spawned code
    /// acquires too. A lock created in the function and only used by it cannot be contended.
    fn local_is_shared(&mut self, file: usize, identity: &str) -> bool {
        let Some((fname, local)) = identity.rsplit_once("::") else {
            return false;
        };
        let sharing = self.sharing(file);
        let fns = self.fns(file);
        let Some(&owner) = sharing.owner.get(fname) else {
            return false;
        };
        let of = &fns[owner];
        if let Some(l) = of.locals.iter().find(|l| l.name == local)
            && l.offset == of.span.start
            && of.kind != FnKind::Closure
            && of.kind != FnKind::AsyncBlock
        {
            // a parameter
            return true;
        }
        sharing.spawned_locks.contains(identity)
    }

    fn sharing(&mut self, file: usize) -> Rc<LocalSharing<'w>> {
        if let Some(s) = self.sharing.get(&file) {
            return s.clone();
        }
        let fns = self.fns(file);
        let mut owner = HashMap::new();
        for (i, f) in fns.iter().enumerate() {
            owner.entry(f.name.as_str()).or_insert(i);
        }
        let r = self.ws.resolver_in(file);
        let uses = &self.files[file].model.index.uses;
        let mut spawned_locks = HashSet::new();
        for (i, f) in fns.iter().enumerate() {
            if f.acquisitions.is_empty() || !in_spawned(fns, i) {
                continue;
            }
            for a in &f.acquisitions {
                if let LockKind::Lock { identity, .. } = lock_kind(&r, fns, i, a, uses) {
                    spawned_locks.insert(identity);
                }
            }
        }
        let s = Rc::new(LocalSharing {
            owner,
            spawned_locks,
        });
        self.sharing.insert(file, s.clone());
        s
    }

    /// The functions a call reaches (at most one per call, unless it is ambiguous: then none).
    pub fn callee(&self, file: usize, func: usize, call: &CallSite) -> Option<(usize, usize)> {
        let fns = self.fns(file);
        let f = &fns[func];
        match &call.callee {
            Callee::Closure { index } => {
                let c = fns.get(*index)?;
                closure_runs_inline(f, c, call).then_some((file, *index))
            }
            Callee::Method { recv: None, name } => {
                // a method on a temporary guard's target: `self.lc.write().unwrap().toggle()`
                let rs = call.recv_span?;
                let ga = f.acquisitions.iter().position(|a| a.span == rs)?;
                let ty = self.guarded_struct(file, func, ga)?;
                self.lookup(file, &format!("{ty}::{name}"))
            }
            Callee::Method {
                recv: Some(recv),
                name,
            } => {
                let ty = if recv.root == Root::SelfRef && recv.fields.is_empty() {
                    match &f.self_ty {
                        Some(t) => t.clone(),
                        // a trait's default method (`Trait::method`): calls on `self` go to
                        // the implementing type ([`Graph::trait_method`])
                        None => {
                            let outer = &fns[crate::model::func::outermost(fns, func)];
                            let (tr, _) = outer.name.rsplit_once("::")?;
                            self.impls_of.contains_key(tr).then(|| tr.to_string())?
                        }
                    }
                } else if let Root::Local(n) = &recv.root
                    && let Some(g) = guard_named(fns, func, n, call.span.start)
                {
                    if recv.fields.is_empty() {
                        // a method on the value behind a guard: `g.apply()`
                        self.guarded_struct(file, g.0, g.1)?
                    } else {
                        // on a part of it: `g[0].apply()`, `g.items[i].apply()`
                        let mut p = fns[g.0].acquisitions[g.1].place.clone();
                        p.fields.extend(recv.fields.iter().cloned());
                        let res = self.ws.resolver_in(file).resolve_object(fns, g.0, &p)?;
                        res.ty.struct_name()?.to_string()
                    }
                } else {
                    let res = self.ws.resolver_in(file).resolve_object(fns, func, recv)?;
                    res.ty.struct_name()?.to_string()
                };
                self.lookup(file, &format!("{ty}::{name}"))
                    .or_else(|| self.trait_method(file, &ty, name))
            }
            Callee::Path { segments } => {
                let last = segments.last()?;
                if segments.len() == 1 {
                    return self.lookup_in_module(file, last, &f.module);
                }
                let prev = &segments[segments.len() - 2];
                if prev == "Self" {
                    return self.lookup(file, &format!("{}::{last}", f.self_ty.as_ref()?));
                }
                let found = if prev.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    self.lookup(file, &format!("{prev}::{last}"))
                } else {
                    self.lookup_qualified(file, &f.module, segments)
                };
                // a qualified path never names the calling function itself
                // (`super::start()` inside `fn start`)
                found.filter(|&(cf, cfn)| {
                    segments.len() == 1
                        || (cf, cfn) != (file, crate::model::func::outermost(fns, func))
                })
            }
        }
    }

    /// The workspace's implementations a method call through a trait reaches, as a may-call
    /// set: the receiver is a trait object or an opaque type (`l: &dyn Listener`,
    /// `Box<dyn Listener>`, `Arc<dyn Listener + Send>`, `impl Listener`) or a value of a type
    /// parameter bounded by the trait (`fn f<L: Listener>(l: &L)`, `where L: Listener`). Each
    /// implementing type's method of that name (the trait's default method where the type
    /// has none). Empty for a trait of the standard library or a common framework
    /// ([`library_trait`]: the value is most often the library's own type) and for a trait
    /// with more than [`MAX_DISPATCH`] implementations.
    pub fn dispatch(&self, file: usize, func: usize, call: &CallSite) -> Vec<(usize, usize)> {
        let Callee::Method {
            recv: Some(recv),
            name,
        } = &call.callee
        else {
            return Vec::new();
        };
        if recv.root == Root::SelfRef && recv.fields.is_empty() {
            return Vec::new();
        }
        let fns = self.fns(file);
        let Some(res) = self
            .ws
            .resolver_in(file)
            .resolve_at(fns, func, recv, call.span.start)
            .or_else(|| self.ws.resolver_in(file).resolve_object(fns, func, recv))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for tr in receiver_traits(&res.ty.text, fns, func) {
            if library_trait(&tr) {
                continue;
            }
            let Some(impls) = self.impls_of.get(&tr) else {
                continue;
            };
            if impls.len() > MAX_DISPATCH {
                continue;
            }
            for ty in impls {
                let t = self
                    .lookup(file, &format!("{ty}::{name}"))
                    .or_else(|| self.lookup(file, &format!("{tr}::{name}")));
                if let Some(t) = t
                    && !out.contains(&t)
                {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The struct behind the guard of acquisition `acq` of function `func`: the type a
    /// method called on the guard (or on the guard's temporary) belongs to.
    fn guarded_struct(&self, file: usize, func: usize, acq: usize) -> Option<String> {
        let fns = self.fns(file);
        let res =
            self.ws
                .resolver_in(file)
                .resolve(fns, func, &fns[func].acquisitions[acq].place)?;
        Some(res.ty.guarded()?.struct_name()?.to_string())
    }

    /// A method `name` of type `ty` that is no method of its own impls: the default method of
    /// the one trait `ty` implements that has it (`self.first_block_number()` on a `Chain`
    /// implementing `BlockProvider`); or, where `ty` is a trait (a call on `self` inside a
    /// default method), the one implementing type's method of that name.
    fn trait_method(&self, file: usize, ty: &str, name: &str) -> Option<(usize, usize)> {
        let one = |cands: Vec<(usize, usize)>| match cands.as_slice() {
            [c] => Some(*c),
            _ => None,
        };
        if let Some(traits) = self.traits_of.get(ty) {
            let found: Vec<(usize, usize)> = traits
                .iter()
                .filter_map(|t| self.lookup(file, &format!("{t}::{name}")))
                .collect();
            return one(found);
        }
        let impls = self.impls_of.get(ty)?;
        one(impls
            .iter()
            .filter_map(|i| self.lookup(file, &format!("{i}::{name}")))
            .collect())
    }

    fn lookup(&self, file: usize, name: &str) -> Option<(usize, usize)> {
        let cands = self.by_name.get(name)?;
        if let Some(c) = cands.iter().find(|c| c.0 == file) {
            return Some(*c);
        }
        if cands.len() == 1 {
            Some(cands[0])
        } else {
            None
        }
    }

    /// A free function called by its bare name from inline module `module`: in this file, only
    /// one defined in that module (another module's function of the same name is not in scope
    /// without a `use`); else a function of that name elsewhere, as before.
    fn lookup_in_module(&self, file: usize, name: &str, module: &str) -> Option<(usize, usize)> {
        let cands = self.by_name.get(name)?;
        let fns = self.fns(file);
        let free = |c: &(usize, usize)| self.is_free(*c);
        let here: Vec<&(usize, usize)> = cands.iter().filter(|c| c.0 == file && free(c)).collect();
        if !here.is_empty() {
            return here
                .into_iter()
                .find(|c| fns[c.1].module == module)
                .copied();
        }
        self.lookup_free(file, name)
    }

    /// `m::f`, `self::f`, `super::f`, `crate::f`, `a::b::f`: resolved where the module path
    /// leads, never to a same-named function of another module. Inline modules of this file
    /// are followed; a module in another file is the file `m.rs` / `m/mod.rs` or the crate
    /// directory `m` (`m/src/lib.rs`). What cannot be placed is not resolved.
    fn lookup_qualified(
        &self,
        file: usize,
        module: &str,
        segments: &[String],
    ) -> Option<(usize, usize)> {
        let last = segments.last()?;
        let quals = &segments[..segments.len() - 1];
        let cands = self.by_name.get(last.as_str())?;
        let free = |c: &(usize, usize)| self.is_free(*c);
        // the inline module path the qualifiers lead to, in this file
        let mut path: Vec<&str> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").collect()
        };
        let mut in_file = true;
        for (i, q) in quals.iter().enumerate() {
            match q.as_str() {
                "self" => {}
                "super" => {
                    if path.pop().is_none() {
                        in_file = false;
                        break;
                    }
                }
                "crate" if i == 0 => {
                    return self.lookup_free(file, last);
                }
                m => path.push(m),
            }
        }
        if in_file {
            let want = path.join("::");
            if let Some(c) = cands
                .iter()
                .find(|c| c.0 == file && free(c) && self.fns(c.0)[c.1].module == want)
            {
                return Some(*c);
            }
        }
        // another file: the last named module is its file or crate
        let m = quals
            .iter()
            .rev()
            .find(|q| !matches!(q.as_str(), "self" | "super" | "crate"))?;
        cands
            .iter()
            .filter(|c| c.0 != file && free(c) && self.fns(c.0)[c.1].module.is_empty())
            .find(|c| crate::model::is_module_file(self.files[c.0].path, m))
            .copied()
    }

    fn lookup_free(&self, file: usize, name: &str) -> Option<(usize, usize)> {
        let c = self.lookup(file, name)?;
        self.is_free(c).then_some(c)
    }

    /// A free function (no `self` type, not a method).
    fn is_free(&self, (file, func): (usize, usize)) -> bool {
        let g = &self.fns(file)[func];
        g.self_ty.is_none() && g.kind == FnKind::Fn
    }

    /// Every blocking acquisition reachable from function `func` (its own, and those of the
    /// functions it calls, `depth` levels deep), one per lock identity and `via_self`.
    pub fn summary(&mut self, file: usize, func: usize, depth: usize) -> Rc<Vec<Reach>> {
        if let Some(s) = self.memo.get(&(file, func, depth)) {
            return s.clone();
        }
        if self.on_stack.contains(&(file, func)) {
            return Rc::new(Vec::new());
        }
        self.on_stack.push((file, func));
        let mut out: Vec<Reach> = Vec::new();
        let fns = self.fns(file);
        let f = &fns[func];
        for (ai, a) in f.acquisitions.iter().enumerate() {
            if a.is_try {
                continue;
            }
            if let Some(node) = self.node(file, func, ai) {
                push_reach(
                    &mut out,
                    Reach {
                        node,
                        file,
                        func,
                        acq: ai,
                        mode: a.mode,
                        path: Vec::new(),
                        via_self: a.place.root == Root::SelfRef,
                        arg: None,
                        obj: matches!(a.place.root, Root::SelfRef | Root::Local(_))
                            .then(|| a.place.clone()),
                        dispatched: false,
                    },
                );
            }
        }
        if depth > 0 {
            for ci in 0..f.calls.len() {
                for r in self.call_reaches(file, func, ci, depth - 1) {
                    push_reach(&mut out, r);
                }
            }
        }
        self.on_stack.pop();
        let rc = Rc::new(out);
        self.memo.insert((file, func, depth), rc.clone());
        rc
    }
}

impl Graph<'_> {
    fn param_index(&mut self) -> Rc<ParamIndex> {
        if let Some(p) = &self.param_index {
            return p.clone();
        }
        let mut index = ParamIndex::default();
        for file in 0..self.files.len() {
            let fns = self.fns(file);
            for u in crate::model::func::param_uses(fns) {
                let key = (file, u.func);
                let list = index.by_fn.entry(key).or_default();
                if list.is_empty() {
                    let n = &fns[u.func].name;
                    let bare = n.rsplit("::").next().unwrap_or(n).to_string();
                    index.by_name.entry(bare).or_default().push(key);
                }
                list.push(u);
            }
        }
        let index = Rc::new(index);
        self.param_index = Some(index.clone());
        index
    }

    /// The functions of the workspace that run a closure passed to them under a guard
    /// ([`Graph::closure_holds`] not empty), in file and function order.
    pub fn closure_holders(&mut self) -> Vec<(usize, usize)> {
        let index = self.param_index();
        let mut keys: Vec<(usize, usize)> = index.by_fn.keys().copied().collect();
        keys.sort_unstable();
        keys.into_iter()
            .filter(|&(f, i)| !self.closure_holds(f, i).holds.is_empty())
            .collect()
    }

    /// Summary of function `func`'s callable parameters: those it calls, directly, in a
    /// closure of it run in place, or by handing them on to a callee that calls them (up to
    /// [`MAX_CALL_DEPTH`] calls deep), and the guards held there. A closure a caller passes
    /// for such a parameter runs under those guards: its locks are taken while they are
    /// held.
    pub fn closure_holds(&mut self, file: usize, func: usize) -> Rc<ParamSummary> {
        self.closure_holds_at(file, func, MAX_CALL_DEPTH)
    }

    fn closure_holds_at(&mut self, file: usize, func: usize, depth: usize) -> Rc<ParamSummary> {
        if let Some(s) = self.holds_memo.get(&(file, func)) {
            return s.clone();
        }
        let index = self.param_index();
        let Some(uses) = index.by_fn.get(&(file, func)) else {
            return Rc::default();
        };
        if depth == 0 || self.holds_stack.contains(&(file, func)) {
            return Rc::default();
        }
        self.holds_stack.push((file, func));
        let mut out = ParamSummary::default();
        for u in uses {
            let site = (file, u.at_fn, u.call);
            let own = u.held.iter().map(|&(f, a)| (file, f, a));
            let Some(j) = u.passed_as else {
                out.invoked.push(u.param);
                out.holds.extend(own.map(|held| ClosureHold {
                    param: u.param,
                    held,
                    site,
                    own: true,
                    called: true,
                }));
                continue;
            };
            let c = &self.fns(file)[u.at_fn].calls[u.call];
            let Some((cf, cfn)) = self.forward_target(file, u.at_fn, c, &index, (file, func))
            else {
                continue;
            };
            // `Type::method(obj, f)`: the receiver is the first argument
            let shift = usize::from(
                matches!(c.callee, Callee::Path { .. }) && self.fns(cf)[cfn].kind == FnKind::Method,
            );
            let Some(q) = j.checked_sub(shift) else {
                continue;
            };
            let sub = self.closure_holds_at(cf, cfn, depth - 1);
            if !sub.invoked.contains(&q) {
                continue;
            }
            out.invoked.push(u.param);
            out.holds.extend(own.map(|held| ClosureHold {
                param: u.param,
                held,
                site,
                own: true,
                called: false,
            }));
            out.holds.extend(
                sub.holds
                    .iter()
                    .filter(|h| h.param == q)
                    .map(|h| ClosureHold {
                        param: u.param,
                        own: false,
                        ..h.clone()
                    }),
            );
        }
        self.holds_stack.pop();
        out.invoked.sort_unstable();
        out.invoked.dedup();
        let rc = Rc::new(out);
        self.holds_memo.insert((file, func), rc.clone());
        rc
    }

    /// The function a callable parameter is handed on to at call `c`: the call's target or,
    /// for a method call that does not resolve (a call through a generic or on a guard's
    /// field), the one other function of the workspace with that name that uses a callable
    /// parameter. Never a method name the standard library's collections, channels,
    /// executors and adapters use ([`library_method`]): `v.push(f)` stores the closure.
    fn forward_target(
        &self,
        file: usize,
        func: usize,
        c: &CallSite,
        index: &ParamIndex,
        from: (usize, usize),
    ) -> Option<(usize, usize)> {
        if let Some(t) = self.callee(file, func, c) {
            return (t != from).then_some(t);
        }
        if !matches!(c.callee, Callee::Method { .. }) || library_method(c.name()) {
            return None;
        }
        let cands: Vec<(usize, usize)> = index
            .by_name
            .get(c.name())?
            .iter()
            .copied()
            .filter(|&t| t != from)
            .collect();
        match cands.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The acquisitions call `ci` of function `func` reaches (the callee's summary, `depth`
    /// further levels), seen from the caller: the call is the first step of each path, and a
    /// lock the callee takes through one of its parameters is the lock the caller passes
    /// there (`helper(&self.accounts)` takes `Bank.accounts`). A parameter bound to a local
    /// lock that nothing shares is dropped, like the local itself.
    pub fn call_reaches(
        &mut self,
        file: usize,
        func: usize,
        ci: usize,
        depth: usize,
    ) -> Vec<Reach> {
        self.call_reaches_with(file, func, ci, depth, false)
    }

    /// [`Graph::call_reaches`]; with `own_locals`, a parameter bound to a local lock of the
    /// caller that nothing shares is that local (one thread re-locking it deadlocks alone).
    pub fn call_reaches_with(
        &mut self,
        file: usize,
        func: usize,
        ci: usize,
        depth: usize,
        own_locals: bool,
    ) -> Vec<Reach> {
        let fns = self.fns(file);
        let c = &fns[func].calls[ci];
        let self_call = match &c.callee {
            Callee::Closure { .. } => true,
            Callee::Method { recv: Some(p), .. } => p.root == Root::SelfRef && p.fields.is_empty(),
            _ => false,
        };
        let mut out = Vec::new();
        // one target, or each implementation a call through a trait may reach
        let (targets, dispatched) = match self.callee(file, func, c) {
            Some(t) => (vec![t], false),
            None => (self.dispatch(file, func, c), true),
        };
        for (cf, cfn) in targets {
            if !runs_here(&fns[func], &self.fns(cf)[cfn], c) {
                continue;
            }
            let sub = self.summary(cf, cfn, depth);
            let callee = &self.fns(cf)[cfn];
            for r in sub.iter() {
                let mut r = r.clone();
                r.path.insert(0, (file, func, ci));
                r.via_self &= self_call;
                r.arg = None;
                r.obj = r.obj.and_then(|p| object_at_call(c, callee, p));
                r.dispatched |= dispatched;
                if self.bind_argument(file, func, c, (cf, cfn), &mut r, own_locals) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// When `r` is a lock the callee `(cf, cfn)` takes through its parameter, the lock the
    /// caller passes at `c` (resolved in the caller). `false` when that is a local lock of the
    /// caller that no other code shares (no contention, like any unshared local).
    fn bind_argument(
        &mut self,
        file: usize,
        func: usize,
        c: &CallSite,
        callee: (usize, usize),
        r: &mut Reach,
        own_locals: bool,
    ) -> bool {
        match self.argument_lock(file, func, c, callee, &r.node.identity) {
            ArgLock::NotParameter | ArgLock::Unknown => true,
            ArgLock::Unshared { lent: false, .. } => false,
            ArgLock::Unshared { .. } if !own_locals => false,
            ArgLock::Bound { identity, place }
            | ArgLock::Unshared {
                identity, place, ..
            } => {
                r.node.identity = identity;
                r.via_self = false;
                r.arg = Some(place);
                true
            }
        }
    }

    /// What lock identity `identity` (as seen in the callee `(cf, cfn)`) denotes at the call
    /// `c` of function `func`: a parameter of the callee is the argument passed there.
    pub fn argument_lock(
        &mut self,
        file: usize,
        func: usize,
        c: &CallSite,
        (cf, cfn): (usize, usize),
        identity: &str,
    ) -> ArgLock {
        let callee = &self.fns(cf)[cfn];
        if matches!(c.callee, Callee::Closure { .. }) {
            return ArgLock::NotParameter;
        }
        let Some(pi) = parameter_index(callee, identity) else {
            return ArgLock::NotParameter;
        };
        let Some(Some(place)) = c
            .arg_places
            .get(crate::model::func::arg_index(c, callee, pi))
        else {
            return ArgLock::Unknown;
        };
        let fns = self.fns(file);
        let Some(res) = self
            .ws
            .resolver_in(file)
            .resolve_at(fns, func, place, c.span.start)
        else {
            return ArgLock::Unknown;
        };
        let uses = &self.files[file].model.index.uses;
        if res.ty.lock().is_none() && lock_via_alias(&res.ty, uses).is_none() {
            return ArgLock::Unknown;
        }
        // a local of the function that spawned this code, captured by it, is shared with
        // the spawner (`let a1 = a.clone(); spawn(move || lock_ab(&a1, ..))`)
        let captured_by_spawned =
            in_spawned(fns, func) && !res.identity.starts_with(&format!("{}::", fns[func].name));
        if is_local_identity(&res.identity)
            && !captured_by_spawned
            && !self.local_is_shared(file, &res.identity)
        {
            // a parameter of reference type borrows the lock for the call; one taken by value
            // (`m.clone()` handed over) may be kept for later (a callback, a thread)
            let lent = callee.params.get(pi).is_some_and(|p| {
                callee
                    .local(p, callee.span.start)
                    .and_then(|l| l.ty.as_ref())
                    .is_some_and(|t| t.text.starts_with('&'))
            });
            return ArgLock::Unshared {
                identity: in_file(res.identity, file),
                place: place.clone(),
                lent,
            };
        }
        ArgLock::Bound {
            identity: in_file(res.identity, file),
            place: place.clone(),
        }
    }
}

/// The traits a value of the type written `text` is known by, in function `func`: the
/// first non-marker bound of a trait object or opaque type (`&dyn Listener`,
/// `Box<dyn Listener + Send>`, `Arc<dyn a::Listener>`, `impl Listener`), through references
/// and the pointer wrappers; or the bounds of a type parameter of the function (or of the
/// function a closure is written in) of that name ([`FnModel::bounds`]).
fn receiver_traits(text: &str, fns: &[FnModel], func: usize) -> Vec<String> {
    let mut t = text.trim();
    loop {
        let before = t;
        t = t.trim_start_matches('&');
        if t.starts_with('\'') {
            t = t.split_once(' ').map_or("", |(_, r)| r);
        }
        t = t.strip_prefix("mut ").unwrap_or(t);
        for w in [
            "Box<",
            "Arc<",
            "Rc<",
            "Pin<",
            "std::sync::Arc<",
            "std::rc::Rc<",
        ] {
            if let Some(inner) = t.strip_prefix(w).and_then(|r| r.strip_suffix('>')) {
                t = inner;
            }
        }
        if t == before {
            break;
        }
    }
    let last_seg = |b: &str| -> String {
        let b = b.split('<').next().unwrap_or(b).trim();
        b.rsplit("::").next().unwrap_or(b).to_string()
    };
    if let Some(rest) = t.strip_prefix("dyn ").or_else(|| t.strip_prefix("impl ")) {
        return rest
            .split('+')
            .map(str::trim)
            .filter(|b| !b.is_empty() && !b.starts_with('\'') && !b.starts_with('?'))
            .map(last_seg)
            .find(|b| !matches!(b.as_str(), "Send" | "Sync" | "Unpin"))
            .into_iter()
            .collect();
    }
    if t.is_empty() || !t.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Vec::new();
    }
    let mut cur = Some(func);
    while let Some(i) = cur {
        let found: Vec<String> = fns[i]
            .bounds
            .iter()
            .filter(|(p, _)| p == t)
            .map(|(_, b)| b.clone())
            .collect();
        if !found.is_empty() {
            return found;
        }
        cur = fns[i].parent;
    }
    Vec::new()
}

/// Traits of the standard library and common frameworks: a call on an `impl Iterator`,
/// `dyn Future`, `impl Write`, `impl Service` is most often on the library's own type, not
/// on one of the workspace's implementations.
fn library_trait(name: &str) -> bool {
    matches!(
        name,
        "Iterator"
            | "IntoIterator"
            | "DoubleEndedIterator"
            | "ExactSizeIterator"
            | "Future"
            | "IntoFuture"
            | "Stream"
            | "Sink"
            | "Read"
            | "Write"
            | "BufRead"
            | "Seek"
            | "AsyncRead"
            | "AsyncWrite"
            | "AsyncBufRead"
            | "AsyncSeek"
            | "Display"
            | "Debug"
            | "Error"
            | "Drop"
            | "Default"
            | "Deref"
            | "DerefMut"
            | "AsRef"
            | "AsMut"
            | "Borrow"
            | "BorrowMut"
            | "Hash"
            | "Hasher"
            | "PartialEq"
            | "Eq"
            | "PartialOrd"
            | "Ord"
            | "Fn"
            | "FnMut"
            | "FnOnce"
            | "Any"
            | "ToString"
            | "From"
            | "Into"
            | "TryFrom"
            | "TryInto"
            | "FromStr"
            | "Serialize"
            | "Deserialize"
            | "Serializer"
            | "Deserializer"
            | "Service"
            | "Layer"
            | "Subscriber"
            | "Visit"
            | "Visitor"
    )
}

/// Whether the body of `callee` runs at call `c` of `f`. Calling an `async fn` from code
/// that is not async only builds its future (`ids.iter().map(|id| self.fetch(id))`): the body
/// runs later, wherever the future is awaited, unless the call is handed to `block_on`.
fn runs_here(f: &FnModel, callee: &FnModel, c: &CallSite) -> bool {
    if !callee.is_async || matches!(c.callee, Callee::Closure { .. }) {
        return true;
    }
    // `tokio::spawn(self.clone().connect(id))`: the future runs in another task, later
    if f.enclosing_call(c.span)
        .is_some_and(|k| k.name().starts_with("spawn"))
    {
        return false;
    }
    if f.is_async {
        return true;
    }
    f.enclosing_call(c.span)
        .is_some_and(|k| k.name() == "block_on")
}

/// Method names of the standard library's collections, channels, executors, `Option` /
/// `Result` and iterator adapters: an unresolved call of one of them is that method (which
/// stores the closure, or runs it with no guard of the workspace), not a workspace function
/// of the same name.
fn library_method(name: &str) -> bool {
    matches!(
        name,
        "push"
            | "push_back"
            | "push_front"
            | "insert"
            | "entry"
            | "send"
            | "try_send"
            | "execute"
            | "submit"
            | "new"
            | "from"
            | "into"
            | "pin"
            | "boxed"
            | "map"
            | "and_then"
            | "map_or"
            | "map_or_else"
            | "unwrap_or_else"
            | "ok_or_else"
            | "or_else"
            | "get_or_insert_with"
            | "or_insert_with"
            | "for_each"
            | "filter"
            | "filter_map"
            | "flat_map"
            | "then"
            | "call"
            | "call_once"
            | "call_mut"
    ) || name.starts_with("spawn")
}

/// What a callee's lock is at one call: see [`Graph::argument_lock`].
pub enum ArgLock {
    /// Not one of the callee's parameters: the same lock for every caller.
    NotParameter,
    /// A parameter whose argument is not a place racelint can resolve to a lock.
    Unknown,
    /// A parameter bound to a local lock of the caller that nothing else shares.
    Unshared {
        identity: String,
        place: crate::model::Place,
        /// The callee borrows it (a parameter of reference type).
        lent: bool,
    },
    Bound {
        identity: String,
        place: crate::model::Place,
    },
}

/// The position of the parameter that lock identity `identity` names in `f`
/// (`transfer::from` is `from`, a parameter of `transfer`).
pub fn parameter_index(f: &FnModel, identity: &str) -> Option<usize> {
    if f.params.is_empty() {
        return None;
    }
    let p = identity.strip_prefix(f.name.as_str())?.strip_prefix("::")?;
    let p = p.rsplit_once('@').map_or(p, |(base, _)| base);
    f.params.iter().position(|q| q == p)
}

/// The callee's place `p` (rooted at its `self` or a parameter) as the caller names it at call
/// `c`: the receiver or the argument passed, with `p`'s fields after it ([`Reach::obj`]).
fn object_at_call(
    c: &CallSite,
    callee: &FnModel,
    p: crate::model::Place,
) -> Option<crate::model::Place> {
    let with = |base: &crate::model::Place| {
        let mut q = base.clone();
        q.fields.extend(p.fields.iter().cloned());
        q
    };
    match (&p.root, &c.callee) {
        // a closure run in place shares its function's `self` and locals
        (_, Callee::Closure { .. }) => Some(p),
        (Root::SelfRef, Callee::Method { recv: Some(r), .. }) => Some(with(r)),
        // `Type::method(obj, ..)`: the receiver is the first argument
        (Root::SelfRef, Callee::Path { .. }) if callee.kind == FnKind::Method => {
            c.arg_places.first()?.as_ref().map(with)
        }
        (Root::Local(name), _) => {
            let pi = callee.params.iter().position(|q| q == name)?;
            c.arg_places
                .get(crate::model::func::arg_index(c, callee, pi))?
                .as_ref()
                .map(with)
        }
        _ => None,
    }
}

/// One reach per lock identity, `via_self` and blocking kind: the shortest path to it, but a
/// shared (read) acquisition never hides a deeper exclusive one of the same lock.
fn push_reach(out: &mut Vec<Reach>, r: Reach) {
    let exclusive = |m: Mode| m == Mode::Exclusive;
    if let Some(old) = out.iter_mut().find(|o| {
        o.node.identity == r.node.identity
            && o.via_self == r.via_self
            && o.obj == r.obj
            && o.dispatched == r.dispatched
            && exclusive(o.mode) == exclusive(r.mode)
    }) {
        // keep the shortest path
        if r.path.len() < old.path.len() {
            *old = r;
        }
        return;
    }
    out.push(r);
}

/// The acquisition whose guard is the local `name` alive at `at` in `func` or its parents.
pub fn guard_named(fns: &[FnModel], func: usize, name: &str, at: usize) -> Option<(usize, usize)> {
    let mut cur = Some(func);
    while let Some(i) = cur {
        if let Some(a) = fns[i].acquisitions.iter().rev().find(|a| {
            a.guard == crate::model::GuardKind::Named(name.to_string()) && a.span.end <= at
        }) {
            return Some((i, a.id));
        }
        cur = fns[i].parent;
    }
    None
}

/// `use parking_lot::Mutex as PlMutex;`: the model names lock types by their last segment
/// only, so a renamed import classifies as a plain type. Re-classify through the file's `use`s.
pub fn lock_via_alias(ty: &crate::model::TypeInfo, uses: &UseMap) -> Option<LockType> {
    let TypeClass::Plain { name } = &ty.class else {
        return None;
    };
    let full = uses.get(name)?;
    let last = full.rsplit("::").next()?;
    crate::model::types::lock_type(last, full)
}

impl Graph<'_> {
    /// The lock every caller of function `func` (of `file`) holds at the call, when the
    /// workspace has at least one call of it and all of them hold one same lock: the function
    /// then runs serialised by that lock, whoever calls it. `None` otherwise (no known caller,
    /// or one without it). Closures and async blocks are asked about the function they
    /// belong to.
    ///
    /// A function whose every production caller runs it on a value the caller holds
    /// exclusively ([`Graph::exclusive_call`]) is serialised too: [`EXCLUSIVE`].
    pub fn serialising_lock(&mut self, file: usize, func: usize) -> Option<String> {
        self.serialising_lock_at(file, func, 3, &mut Vec::new())
    }

    /// [`Graph::serialising_lock`], following callers that hold no lock themselves up to
    /// `depth` levels (their own callers may hold it).
    fn serialising_lock_at(
        &mut self,
        file: usize,
        func: usize,
        depth: usize,
        seen: &mut Vec<(usize, usize)>,
    ) -> Option<String> {
        let fns = self.fns(file);
        fns.get(func)?;
        let func = crate::model::func::outermost(fns, func);
        if seen.contains(&(file, func)) {
            return None;
        }
        seen.push((file, func));
        let mut common: Option<HashSet<String>> = None;
        // a production caller that runs it on a value it holds exclusively
        let mut exclusive = false;
        let index = self.callers();
        let calls = index.get(&(file, func)).map_or(&[][..], Vec::as_slice);
        for (n, &(cf, ci, k)) in calls.iter().enumerate() {
            if n >= 64 {
                return None;
            }
            let caller = &self.fns(cf)[ci];
            let c = &caller.calls[k];
            // test code is no concurrent actor of production code (the one test-code policy)
            if self.ws.files[cf].model.in_test(c.span) {
                continue;
            }
            // a call on a part of `self` that `&mut self` owns: no other call of it on that
            // value can overlap, and no other actor reaches that value
            if self.exclusive_call(cf, ci, c) {
                exclusive = true;
                continue;
            }
            let held: Vec<usize> = caller
                .acquisitions
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.is_try && a.live_at(c.at()))
                .map(|(i, _)| i)
                .collect();
            let mut ids: HashSet<String> = held
                .into_iter()
                .filter_map(|ai| self.node(cf, ci, ai))
                .map(|n| n.identity)
                .collect();
            // a caller that holds none may itself run under one, or be run exclusively
            if ids.is_empty()
                && depth > 0
                && let Some(l) = self.serialising_lock_at(cf, ci, depth - 1, seen)
            {
                if l == EXCLUSIVE {
                    exclusive = true;
                    continue;
                }
                ids.insert(l);
            }
            let next: HashSet<String> = match common.take() {
                None => ids,
                Some(prev) => prev.intersection(&ids).cloned().collect(),
            };
            if next.is_empty() {
                return None;
            }
            common = Some(next);
        }
        let Some(common) = common else {
            if !exclusive {
                return None;
            }
            // every call of its name is one of the exclusive calls seen: no unresolved caller
            let name = fns[func].name.rsplit("::").next().unwrap_or("");
            let production = calls
                .iter()
                .filter(|&&(cf, ci, k)| {
                    let c = &self.fns(cf)[ci].calls[k];
                    matches!(c.callee, Callee::Method { .. })
                        && !self.files[cf].model.in_test(c.span)
                })
                .count();
            let all_seen = self.method_calls.get(name).copied().unwrap_or(0) <= production;
            return all_seen.then(|| EXCLUSIVE.to_string());
        };
        let mut ids: Vec<String> = common.into_iter().collect();
        ids.sort();
        ids.into_iter().next()
    }

    /// Whether call `c` of function `ci` runs a method on a value its caller holds
    /// exclusively: the caller holds `&mut self` (or `self`) and is not spawned, and the
    /// receiver is a part of `self` reached through owned fields only (`self.stats.ema`
    /// with `stats: Stats`, `ema: Ema` or `Box<Ema>`, not `Arc<Ema>` or `&Ema`), so nothing
    /// else reaches that value while the call runs.
    fn exclusive_call(&self, cf: usize, ci: usize, c: &CallSite) -> bool {
        let fns = self.fns(cf);
        let caller = &fns[ci];
        let Callee::Method {
            recv: Some(recv), ..
        } = &c.callee
        else {
            return false;
        };
        if !caller.self_exclusive || recv.root != Root::SelfRef || recv.fields.is_empty() {
            return false;
        }
        let r = self.ws.resolver_in(cf);
        (1..=recv.fields.len()).all(|n| {
            let part = crate::model::Place {
                root: Root::SelfRef,
                fields: recv.fields[..n].to_vec(),
                text: String::new(),
            };
            r.resolve_object(fns, ci, &part)
                .is_some_and(|res| owned_struct(&res.ty))
        })
    }
}
