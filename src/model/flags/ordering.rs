//! Memory-ordering facts about what an atomic carries besides its own value: a pointer to data
//! (published by a store, consumed by a load that is then dereferenced) and the ownership of an
//! object (the last `fetch_sub` of a reference count, after which the object is freed).
//!
//! These are the orderings that real projects fix most (`Relaxed` -> `Acquire` on a pointer
//! load that is dereferenced, `Relaxed` -> `Release` on the store that publishes a fresh
//! allocation, `Relaxed` -> `AcqRel` on a reference count's decrement). The rules
//! `relaxed-pointer` and `relaxed-refcount` are queries over these facts; whether a second
//! actor runs is asked of the model's actors by the rules.

use crate::diagnostic::Span;
use crate::model::FileSyntax;
use crate::model::span::{expr_span, method_call_span, span_of};
use crate::model::syntax::{orderings_in, peel_parens};
use std::collections::HashMap;
use syn::visit::Visit;

/// An atomic operation's ordering argument: its span and the ordering it names.
#[derive(Clone, Debug)]
pub struct OrderingArg {
    pub span: Span,
    pub name: String,
}

/// An atomic operation the facts below are about.
#[derive(Clone, Debug)]
pub struct Op {
    /// The call (`self.head.load(Ordering::Relaxed)`).
    pub span: Span,
    /// Its receiver (`self.head`).
    pub receiver: Span,
    pub method: String,
    /// From the method's name to the call's end (`compare_exchange(..)` on its own line of
    /// a method chain): where a finding points.
    pub at: Span,
    /// The ordering that matters: the only one, or a `compare_exchange`'s success ordering.
    pub ordering: OrderingArg,
}

/// A pointer loaded from an atomic (or swapped out of it) and then dereferenced.
#[derive(Clone, Debug)]
pub struct PointerLoad {
    pub op: Op,
    /// The first dereference of the loaded value (`&*p`, `(*p).next`, `Box::from_raw(p)`).
    pub deref: Span,
}

/// A freshly allocated object's pointer stored into an atomic (`store`, `swap`, the new value
/// of a `compare_exchange`).
#[derive(Clone, Debug)]
pub struct PointerPublish {
    pub op: Op,
    /// Where the pointer comes from (`Box::into_raw(Box::new(node))`, or the `let` that made it).
    pub fresh: Span,
}

/// The decrement of a reference count whose last owner frees the object:
/// `if c.fetch_sub(1, o) == 1 { free }`, `if c.fetch_sub(1, o) != 1 { return } free`.
#[derive(Clone, Debug)]
pub struct RefRelease {
    pub op: Op,
    /// The free (`Box::from_raw(..)`, `drop_in_place(..)`, `dealloc(..)`, `self.drop_slow()`).
    pub free: Span,
    /// An acquiring fence or operation between the decrement and the free.
    pub acquire_between: bool,
}

/// A hand-made lock taken by spinning: a `compare_exchange` or `swap` that a loop retries
/// until it succeeds (`while l.compare_exchange(false, true, o, o2).is_err() {}`,
/// `while l.swap(true, o) {}`, `loop { if l.compare_exchange_weak(..).is_ok() { break } }`).
#[derive(Clone, Debug)]
pub struct SpinAcquire {
    pub op: Op,
    /// The loop's head (`while ..` / `loop`).
    pub head: Span,
    /// The receiver's last field name (`self.locked` -> `locked`).
    pub field: String,
    /// The unlocked value: a `compare_exchange`'s expected value (`false`); for a `swap`,
    /// `None` (its unlocked value is any other than the one it stores).
    pub unlocked: Option<Span>,
    /// The value a `swap` stores (`true`).
    pub locked: Option<Span>,
}

/// A plain `store` of an atomic, by its receiver's last field name: a spin lock's unlock when
/// the same atomic is taken by a [`SpinAcquire`].
#[derive(Clone, Debug)]
pub struct PlainStore {
    pub op: Op,
    pub field: String,
    /// The stored value.
    pub value: Span,
}

#[derive(Clone, Debug, Default)]
pub struct OrderingFacts {
    pub pointer_loads: Vec<PointerLoad>,
    pub publishes: Vec<PointerPublish>,
    pub releases: Vec<RefRelease>,
    pub spin_acquires: Vec<SpinAcquire>,
    pub stores: Vec<PlainStore>,
    /// Every atomic write (`store`, `swap`, `compare_exchange*`, `fetch_*`) by the last field
    /// name of its receiver (`self.head` -> `head`), with the function-level span it sits in.
    pub writes_by_field: HashMap<String, Vec<Span>>,
    /// Every atomic operation by that name, reads included.
    pub ops_by_field: HashMap<String, Vec<Span>>,
}

/// Calls that take ownership of the memory a pointer points to and free it or read it out.
const FREES: &[&str] = &[
    "from_raw",
    "drop_in_place",
    "dealloc",
    "free",
    "from_raw_parts",
];
/// Methods of a raw pointer (or crossbeam's `Shared`) that read through it.
const DEREF_METHODS: &[&str] = &[
    "as_ref",
    "as_mut",
    "read",
    "read_volatile",
    "read_unaligned",
    "deref",
    "deref_mut",
    "into_owned",
    "drop_in_place",
];
/// Owning types whose `from_raw` takes over the object a raw pointer points to.
const OWNERS: &[&str] = &["Box", "Arc", "Rc", "Weak", "CString", "Vec", "String"];

/// A call that reads or takes over the object its first argument points to:
/// `Box::from_raw(p)`, `Arc::from_raw(p)`, `ptr::read(p)`, `std::ptr::drop_in_place(p)`
/// (not `Pid::from_raw(n)` or `libc::read(fd, ..)`).
fn takes_pointee(c: &syn::ExprCall) -> bool {
    let Some(segs) = crate::model::syntax::path_segments(&c.func) else {
        return false;
    };
    let Some((last, rest)) = segs.split_last() else {
        return false;
    };
    match last.as_str() {
        "from_raw" | "from_raw_parts" => rest.last().is_some_and(|t| OWNERS.contains(&t.as_str())),
        "read" | "read_volatile" | "read_unaligned" | "drop_in_place" => {
            rest.last().is_some_and(|t| t == "ptr")
        }
        _ => false,
    }
}

/// The spin-lock claim a loop condition retries (`l.cas(..).is_err()`,
/// `!l.cas(..).is_ok()`, `l.swap(true, o)`), as a [`SpinAcquire`] whose loop head is `head`.
fn retried_claim(cond: &syn::Expr, head: Span) -> Option<SpinAcquire> {
    let e = peel(cond);
    let (negated, e) = match e {
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => (true, peel(&u.expr)),
        e => (false, e),
    };
    let syn::Expr::MethodCall(mc) = e else {
        return None;
    };
    let call = match mc.method.to_string().as_str() {
        "is_err" | "is_ok" => match peel(&mc.receiver) {
            syn::Expr::MethodCall(inner) => inner,
            _ => return None,
        },
        _ => mc,
    };
    let m = call.method.to_string();
    let (unlocked, locked) = match m.as_str() {
        "compare_exchange" | "compare_exchange_weak" | "compare_and_swap" => {
            (Some(expr_span(call.args.first()?)), None)
        }
        // `while l.swap(true, o) {}` spins while it was already taken (`!l.swap(..)` waits
        // for an event instead)
        "swap" if !negated && std::ptr::eq(call, mc) => (None, Some(expr_span(call.args.first()?))),
        _ => return None,
    };
    Some(SpinAcquire {
        op: atomic_op(call)?,
        head,
        field: field_name(&call.receiver)?,
        unlocked,
        locked,
    })
}

/// Calls that make a pointer to a new object.
const FRESH: &[&str] = &["into_raw", "leak", "into_shared", "alloc", "alloc_zeroed"];

fn atomic_op(mc: &syn::ExprMethodCall) -> Option<Op> {
    let method = mc.method.to_string();
    let kind = crate::model::syntax::AtomicKind::of(&method)?;
    let orderings = orderings_in(&mc.args);
    let first = orderings.first()?.clone();
    // the ordering argument: the first one naming an ordering
    let arg = mc.args.iter().find(|a| {
        matches!(a, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == first))
    })?;
    let _ = kind;
    Some(Op {
        span: method_call_span(mc),
        receiver: expr_span(&mc.receiver),
        method,
        at: Span::new(span_of(&mc.method).start, method_call_span(mc).end),
        ordering: OrderingArg {
            span: span_of(arg),
            name: first,
        },
    })
}

/// The last field name of a receiver (`self.inner.head` -> `head`, `HEAD` -> `HEAD`).
fn field_name(e: &syn::Expr) -> Option<String> {
    match peel_parens(e) {
        syn::Expr::Field(f) => match &f.member {
            syn::Member::Named(i) => Some(i.to_string()),
            syn::Member::Unnamed(i) => Some(i.index.to_string()),
        },
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Expr::Reference(r) => field_name(&r.expr),
        _ => None,
    }
}

/// `e` without parentheses, casts and `unsafe { e }`.
fn peel(e: &syn::Expr) -> &syn::Expr {
    let mut e = peel_parens(e);
    loop {
        match e {
            syn::Expr::Cast(c) => e = peel_parens(&c.expr),
            _ => return e,
        }
    }
}

/// The local a field path starts from (`q` in `q.head`, `q.inner.tail`), for a path of at least
/// one field.
fn field_root_local(e: &syn::Expr) -> Option<String> {
    let syn::Expr::Field(f) = peel(e) else {
        return None;
    };
    let mut base = &*f.base;
    while let syn::Expr::Field(g) = peel(base) {
        base = &g.base;
    }
    match peel(base) {
        syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

fn local_name(e: &syn::Expr) -> Option<String> {
    match peel(e) {
        syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        // `p.add(i)`, `p.offset(i)`, `p.cast()`: the same allocation
        syn::Expr::MethodCall(mc)
            if matches!(
                mc.method.to_string().as_str(),
                "add" | "offset" | "cast" | "cast_mut" | "byte_add" | "wrapping_add"
            ) =>
        {
            local_name(&mc.receiver)
        }
        _ => None,
    }
}

/// A `load` (or a `swap`, which also hands the old pointer to this thread) with an ordering
/// that does not acquire.
fn consuming_load(e: &syn::Expr) -> Option<Op> {
    let syn::Expr::MethodCall(mc) = peel(e) else {
        return None;
    };
    let op = atomic_op(mc)?;
    let weak = match op.method.as_str() {
        "load" => op.ordering.name == "Relaxed",
        "swap" => matches!(op.ordering.name.as_str(), "Relaxed" | "Release"),
        _ => false,
    };
    weak.then_some(op)
}

/// A call that makes a pointer to a new object (`Box::into_raw(..)`, `Box::leak(..)`,
/// `Owned::new(..).into_shared(..)`, `alloc(layout)`).
fn is_fresh(e: &syn::Expr) -> bool {
    match peel(e) {
        syn::Expr::Call(c) => {
            crate::model::syntax::call_name(c).is_some_and(|n| FRESH.contains(&n.as_str()))
        }
        syn::Expr::MethodCall(mc) => mc.method == "into_shared",
        _ => false,
    }
}

#[derive(Default)]
struct FnState {
    /// Locals bound to a consuming load: name -> (the `let`, the load), until the pointer's
    /// first dereference.
    loaded: HashMap<String, (Span, Op)>,
    /// Locals bound to a fresh pointer: name -> (the `let`, where it was made).
    fresh: HashMap<String, (Span, Span)>,
    /// Locals bound to a `fetch_sub(1, ..)`: name -> (the `let`, the decrement).
    decrements: HashMap<String, (Span, Op)>,
    /// Locals bound to a struct literal (`let q = Queue { head: Atomic::null(), .. }`) and not
    /// used since except as the receiver of atomic operations on their fields: a value still
    /// being built, which no other thread can reach. Name -> the `let`.
    building: HashMap<String, Span>,
}

struct Collector<'o, 'm> {
    out: &'o mut OrderingFacts,
    st: FnState,
    model: &'m crate::model::FileModel,
}

/// A `fetch_sub(1, o)` call (the decrement of a reference count).
fn decrement(e: &syn::Expr) -> Option<Op> {
    let syn::Expr::MethodCall(mc) = peel(e) else {
        return None;
    };
    if mc.method != "fetch_sub" {
        return None;
    }
    let one = mc
        .args
        .first()
        .is_some_and(|a| matches!(peel(a), syn::Expr::Lit(l) if is_one(&l.lit)));
    if !one {
        return None;
    }
    atomic_op(mc)
}

fn is_one(l: &syn::Lit) -> bool {
    matches!(l, syn::Lit::Int(i) if i.base10_digits() == "1")
}

/// What a decrement is compared with: `Some(true)` for `== 1` (the then-branch is the last
/// owner's), `Some(false)` for `!= 1`.
fn compares_one(b: &syn::ExprBinary) -> Option<bool> {
    let lit_one = |e: &syn::Expr| matches!(peel(e), syn::Expr::Lit(l) if is_one(&l.lit));
    if !(lit_one(&b.right) || lit_one(&b.left)) {
        return None;
    }
    match b.op {
        syn::BinOp::Eq(_) => Some(true),
        syn::BinOp::Ne(_) => Some(false),
        _ => None,
    }
}

impl Collector<'_, '_> {
    /// Whether `name` at `at` is the local its `let` at `let_span` binds: the innermost
    /// binding of that name in scope there (a closure's parameter, a pattern, a later `let`)
    /// is that one.
    fn is_binding(&self, name: &str, at: Span, let_span: Span) -> bool {
        let mut fi = self.model.fn_enclosing(at);
        while let Some(i) = fi {
            let f = &self.model.fns[i];
            if let Some(l) = f.local(name, at.start) {
                return let_span.start <= l.offset && l.offset < let_span.end;
            }
            fi = f.parent;
        }
        false
    }
    /// The tracked local `name` of `map` at `at`, when the name there is that binding.
    fn tracked<T: Clone>(
        &self,
        map: &HashMap<String, (Span, T)>,
        e: &syn::Expr,
    ) -> Option<(String, T)> {
        let n = local_name(e)?;
        let (let_span, v) = map.get(&n)?;
        self.is_binding(&n, expr_span(e), *let_span)
            .then(|| (n, v.clone()))
    }

    /// The decrement a condition compares with 1, and whether the condition holds for the last
    /// owner.
    fn last_owner_test(&self, cond: &syn::Expr) -> Option<(Op, bool)> {
        let syn::Expr::Binary(b) = peel(cond) else {
            return None;
        };
        let last = compares_one(b)?;
        let side = |e: &syn::Expr| {
            decrement(e).or_else(|| self.tracked(&self.st.decrements, e).map(|(_, op)| op))
        };
        let op = side(&b.left).or_else(|| side(&b.right))?;
        Some((op, last))
    }

    fn release(&mut self, op: Op, region: &[&syn::Stmt]) {
        let mut f = Frees::default();
        for s in region {
            f.visit_stmt(s);
        }
        if let Some(free) = f.free {
            self.out.releases.push(RefRelease {
                op,
                free,
                acquire_between: f.acquire_before_free,
            });
        }
    }

    fn note_deref(&mut self, operand: &syn::Expr, at: Span) {
        if let Some(op) = consuming_load(operand) {
            self.out.pointer_loads.push(PointerLoad { op, deref: at });
        } else if let Some((n, op)) = self.tracked(&self.st.loaded, operand) {
            self.st.loaded.remove(&n);
            self.out.pointer_loads.push(PointerLoad { op, deref: at });
        }
    }

    fn in_fn(&mut self, visit: impl FnOnce(&mut Self)) {
        let saved = std::mem::take(&mut self.st);
        visit(self);
        self.st = saved;
    }
}

/// The first free in a region, and whether an acquiring fence or operation comes before it.
#[derive(Default)]
struct Frees {
    free: Option<Span>,
    acquire_before_free: bool,
}

impl<'ast> Visit<'ast> for Frees {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if self.free.is_none() {
            match crate::model::syntax::call_name(c).as_deref() {
                Some(n) if FREES.contains(&n) => self.free = Some(span_of(c)),
                Some("fence")
                    if orderings_in(&c.args)
                        .iter()
                        .any(|o| matches!(o.as_str(), "Acquire" | "AcqRel" | "SeqCst")) =>
                {
                    self.acquire_before_free = true;
                }
                _ => {}
            }
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        if self.free.is_none() {
            let m = mc.method.to_string();
            if matches!(m.as_str(), "drop_slow" | "drop_in_place" | "dealloc") {
                self.free = Some(method_call_span(mc));
            } else if crate::model::syntax::AtomicKind::of(&m).is_some()
                && orderings_in(&mc.args)
                    .iter()
                    .any(|o| matches!(o.as_str(), "Acquire" | "AcqRel" | "SeqCst"))
            {
                self.acquire_before_free = true;
            }
        }
        syn::visit::visit_expr_method_call(self, mc);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // std's `acquire!(self.inner().strong)`: an acquiring load or fence
        if self.free.is_none() && crate::model::syntax::macro_name(m) == "acquire" {
            self.acquire_before_free = true;
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_, '_> {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.in_fn(|s| syn::visit::visit_item_fn(s, f));
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.in_fn(|s| syn::visit::visit_impl_item_fn(s, f));
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.in_fn(|s| syn::visit::visit_trait_item_fn(s, f));
    }
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            self.visit_expr(&init.expr);
            if let Some((_, els)) = &init.diverge {
                self.visit_expr(els);
            }
        }
        let name = match &l.pat {
            syn::Pat::Ident(i) => Some(i.ident.to_string()),
            syn::Pat::Type(t) => match &*t.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        let Some(name) = name else { return };
        self.st.loaded.remove(&name);
        self.st.fresh.remove(&name);
        self.st.decrements.remove(&name);
        self.st.building.remove(&name);
        let Some(init) = &l.init else { return };
        let e = &*init.expr;
        let at = span_of(l);
        if matches!(peel(e), syn::Expr::Struct(_)) {
            self.st.building.insert(name, at);
        } else if let Some(op) = consuming_load(e) {
            self.st.loaded.insert(name, (at, op));
        } else if is_fresh(e) {
            self.st.fresh.insert(name, (at, expr_span(e)));
        } else if let Some(op) = decrement(e) {
            self.st.decrements.insert(name, (at, op));
        }
    }
    fn visit_expr_unary(&mut self, u: &'ast syn::ExprUnary) {
        if matches!(u.op, syn::UnOp::Deref(_)) {
            self.note_deref(&u.expr, span_of(u));
        }
        syn::visit::visit_expr_unary(self, u);
    }
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if takes_pointee(c)
            && let Some(a) = c.args.first()
        {
            self.note_deref(a, span_of(c));
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        let method = mc.method.to_string();
        if DEREF_METHODS.contains(&method.as_str()) && mc.args.is_empty() {
            self.note_deref(&mc.receiver, method_call_span(mc));
        }
        if let Some(op) = atomic_op(mc) {
            // `q.head.store(p, Relaxed)` on a value this function is still building: nothing
            // is published yet (its hand-over to other threads orders the store)
            // (a write in the building function's own body: a load, or any access from a
            // closure, is a use that may share it)
            let recv = expr_span(&mc.receiver);
            let building = method != "load"
                && field_root_local(&mc.receiver).is_some_and(|root| {
                    self.st.building.get(&root).is_some_and(|&at| {
                        self.is_binding(&root, recv, at)
                            && self.model.fn_enclosing(recv) == self.model.fn_enclosing(at)
                    })
                });
            if let Some(field) = field_name(&mc.receiver) {
                self.out
                    .ops_by_field
                    .entry(field.clone())
                    .or_default()
                    .push(op.span);
                if method != "load" {
                    self.out
                        .writes_by_field
                        .entry(field)
                        .or_default()
                        .push(op.span);
                }
            }
            if method == "store"
                && let Some(field) = field_name(&mc.receiver)
                && let Some(v) = mc.args.first()
            {
                self.out.stores.push(PlainStore {
                    op: op.clone(),
                    field,
                    value: expr_span(v),
                });
            }
            // the pointer stored: `store(p, o)`, `swap(p, o)`, `compare_exchange(old, p, ..)`
            let value = match method.as_str() {
                "store" | "swap" => mc.args.first(),
                "compare_exchange" | "compare_exchange_weak" => mc.args.iter().nth(1),
                _ => None,
            };
            let weak = match method.as_str() {
                "store" => op.ordering.name == "Relaxed",
                _ => matches!(op.ordering.name.as_str(), "Relaxed" | "Acquire"),
            };
            if weak
                && !building
                && let Some(v) = value
            {
                let fresh = if is_fresh(v) {
                    Some(expr_span(v))
                } else {
                    self.tracked(&self.st.fresh, v).map(|(_, s)| s)
                };
                if let Some(fresh) = fresh {
                    self.out.publishes.push(PointerPublish { op, fresh });
                }
            }
            if building {
                // the receiver is the value being built, not a use of it
                for a in &mc.args {
                    self.visit_expr(a);
                }
                return;
            }
        }
        syn::visit::visit_expr_method_call(self, mc);
    }
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        // any other use of a value being built may share it (`Arc::new(q)`, `spawn(.. q ..)`)
        if let Some(id) = p.path.get_ident()
            && !self.st.building.is_empty()
        {
            self.st.building.remove(&id.to_string());
        }
        syn::visit::visit_expr_path(self, p);
    }
    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        let head = Span::new(span_of(w).start, expr_span(&w.cond).end);
        if let Some(a) = retried_claim(&w.cond, head) {
            self.out.spin_acquires.push(a);
        }
        syn::visit::visit_expr_while(self, w);
    }
    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        // `loop { if l.compare_exchange(..).is_ok() { break } .. }`
        for st in &l.body.stmts {
            if let syn::Stmt::Expr(syn::Expr::If(i), _) = st
                && i.else_branch.is_none()
                && crate::model::decisions::diverges(&i.then_branch)
                && let Some(a) = retried_claim(&i.cond, span_of(&l.loop_token))
            {
                self.out.spin_acquires.push(a);
            }
        }
        syn::visit::visit_expr_loop(self, l);
    }
    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        if let Some((op, true)) = self.last_owner_test(&i.cond) {
            let stmts: Vec<&syn::Stmt> = i.then_branch.stmts.iter().collect();
            self.release(op, &stmts);
        }
        syn::visit::visit_expr_if(self, i);
    }
    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        // `match c.fetch_sub(1, o) { 1 => free, _ => {} }`
        let op = decrement(&m.expr)
            .or_else(|| self.tracked(&self.st.decrements, &m.expr).map(|(_, op)| op));
        if let Some(op) = op {
            for arm in &m.arms {
                if let syn::Pat::Lit(l) = &arm.pat
                    && is_one(&l.lit)
                {
                    let s = syn::Stmt::Expr((*arm.body).clone(), None);
                    self.release(op.clone(), &[&s]);
                }
            }
        }
        syn::visit::visit_expr_match(self, m);
    }
    fn visit_block(&mut self, b: &'ast syn::Block) {
        // `if c.fetch_sub(1, o) != 1 { return; }` and then the last owner's code
        for (k, s) in b.stmts.iter().enumerate() {
            let syn::Stmt::Expr(syn::Expr::If(i), _) = s else {
                continue;
            };
            if i.else_branch.is_none()
                && crate::model::decisions::diverges(&i.then_branch)
                && let Some((op, false)) = self.last_owner_test(&i.cond)
            {
                let rest: Vec<&syn::Stmt> = b.stmts[k + 1..].iter().collect();
                self.release(op, &rest);
            }
        }
        syn::visit::visit_block(self, b);
    }
}

/// The file's ordering facts; empty for a file that names no `Ordering`.
pub fn collect(cx: FileSyntax) -> OrderingFacts {
    let mut out = OrderingFacts::default();
    let t = &cx.source.text;
    if !(t.contains("Relaxed") || t.contains("Release") || t.contains("Acquire")) {
        return out;
    }
    let mut c = Collector {
        out: &mut out,
        st: FnState::default(),
        model: cx.model,
    };
    c.visit_file(cx.ast);
    out
}
