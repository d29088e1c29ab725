//! Decisions: the `if`s and `match`es of a file with the regions each outcome controls
//! (branch polarity, early exits, diverging arms, the code after a diverging branch), the
//! conjuncts of a condition, and small syntax queries on the statements they decide.

use crate::diagnostic::Span;
use crate::model::span::span_of;
pub use crate::model::syntax::{peel_parens as strip, peel_refs};
use std::collections::{HashMap, HashSet};
use syn::visit::Visit;

/// The decision sites of a file, the `let` initialisers by start offset, and the spans of its
/// `unsafe fn`s.
pub struct Sites<'a> {
    pub sites: Vec<Site<'a>>,
    pub lets: HashMap<usize, &'a syn::Expr>,
    pub unsafe_fns: Vec<Span>,
    /// Calls whose `Result` is thrown away on purpose: `let _ = f(..)`, `_ = f(..)`,
    /// `f(..).ok();`, `f(..).unwrap_or_default();` (the span of `f(..)`, `.await` included).
    pub discarded: Vec<Span>,
}

/// Collect the decision sites of a file.
pub fn collect(ast: &syn::File) -> Sites<'_> {
    let mut c = SiteCollector {
        sites: Vec::new(),
        seen: HashSet::new(),
        lets: HashMap::new(),
        unsafe_fns: Vec::new(),
        discarded: Vec::new(),
    };
    c.visit_file(ast);
    Sites {
        sites: c.sites,
        lets: c.lets,
        unsafe_fns: c.unsafe_fns,
        discarded: c.discarded,
    }
}

/// An `if` (with the statements after it in its block) or a `match`.
#[derive(Clone, Copy)]
pub enum Site<'a> {
    If {
        e: &'a syn::ExprIf,
        rest: &'a [syn::Stmt],
    },
    Match {
        e: &'a syn::ExprMatch,
    },
}

/// A piece of code that runs when the check came out one way.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Block(&'a syn::Block),
    Expr(&'a syn::Expr),
    Stmts(&'a [syn::Stmt]),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegionKind {
    Then,
    Else,
    /// The statements after an `if` whose then-branch always leaves (`return`, `continue`, ...).
    After,
    Arm,
}

#[derive(Clone, Copy)]
pub struct Region<'a> {
    pub node: Node<'a>,
    pub kind: RegionKind,
    /// Whether the checked condition (as the rule reads it: "present", "set", "exists") holds
    /// in this region.
    pub holds: bool,
}

impl<'a> Region<'a> {
    pub fn span(&self) -> Option<Span> {
        match self.node {
            Node::Block(b) => Some(span_of(b)),
            Node::Expr(e) => Some(span_of(e)),
            Node::Stmts(s) => {
                let first = s.first()?;
                let last = s.last()?;
                Some(span_of(first).to(span_of(last)))
            }
        }
    }
    /// Whether `inner` runs only under a further condition, in a loop or in a closure inside
    /// the region (rather than whenever the region runs).
    pub fn nested(&self, inner: Span) -> bool {
        let own = match self.node {
            Node::Expr(e) => Some(span_of(e)),
            _ => None,
        };
        self.exprs().iter().any(|e| {
            matches!(
                e,
                syn::Expr::If(_)
                    | syn::Expr::Match(_)
                    | syn::Expr::While(_)
                    | syn::Expr::ForLoop(_)
                    | syn::Expr::Loop(_)
                    | syn::Expr::Closure(_)
                    | syn::Expr::Async(_)
            ) && Some(span_of(*e)) != own
                && span_of(*e).encloses(inner)
        })
    }

    /// Whether everything the region does after the statement holding `span` is logging
    /// (`log::warn!(..)`, `eprintln!(..)`, `tracing::info!(..)`) or nothing: a race that runs
    /// that part twice only repeats a message.
    pub fn only_logs_after(&self, span: Span) -> bool {
        let stmts: &[syn::Stmt] = match self.node {
            Node::Block(b) => &b.stmts,
            Node::Stmts(s) => s,
            Node::Expr(_) => return false,
        };
        let Some(at) = stmts.iter().position(|s| span_of(s).encloses(span)) else {
            return false;
        };
        stmts[at + 1..].iter().all(|s| {
            let m = match s {
                syn::Stmt::Macro(m) => &m.mac,
                syn::Stmt::Expr(syn::Expr::Macro(m), _) => &m.mac,
                _ => return false,
            };
            m.path
                .segments
                .last()
                .is_some_and(|n| LOGGING_MACROS.contains(&n.ident.to_string().as_str()))
        })
    }

    /// Every expression in the region, outermost first, in source order.
    pub fn exprs(&self) -> Vec<&'a syn::Expr> {
        let mut c = ExprCollector(Vec::new());
        match self.node {
            Node::Block(b) => c.visit_block(b),
            Node::Expr(e) => c.visit_expr(e),
            Node::Stmts(s) => {
                for st in s {
                    c.visit_stmt(st);
                }
            }
        }
        c.0
    }
}

struct ExprCollector<'a>(Vec<&'a syn::Expr>);
impl<'a> Visit<'a> for ExprCollector<'a> {
    fn visit_expr(&mut self, e: &'a syn::Expr) {
        self.0.push(e);
        syn::visit::visit_expr(self, e);
    }
    fn visit_item(&mut self, _: &'a syn::Item) {}
}

/// The conjuncts of a condition with their polarity (`a && !b` -> `[(a, true), (b, false)]`).
/// `single` is true when the condition is one check (so the else-branch and the code after
/// a diverging then-branch run exactly when it failed).
pub fn conjuncts(cond: &syn::Expr) -> (Vec<(&syn::Expr, bool)>, bool) {
    fn go<'a>(e: &'a syn::Expr, pol: bool, out: &mut Vec<(&'a syn::Expr, bool)>) {
        match e {
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) && pol => {
                go(&b.left, pol, out);
                go(&b.right, pol, out);
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
                // `!(a && b)` is no conjunction of checks
                if matches!(strip(&u.expr), syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_) | syn::BinOp::Or(_)))
                {
                    return;
                }
                go(&u.expr, !pol, out)
            }
            syn::Expr::Paren(p) => go(&p.expr, pol, out),
            syn::Expr::Group(g) => go(&g.expr, pol, out),
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Or(_)) => {}
            _ => out.push((e, pol)),
        }
    }
    let mut out = Vec::new();
    go(cond, true, &mut out);
    let single = out.len() == 1;
    (out, single)
}

/// Whether a block always leaves the enclosing code (`return`, `break`, `continue`, `?` on an
/// `Err`, `panic!`, `bail!`, ...).
pub fn diverges(b: &syn::Block) -> bool {
    b.stmts.iter().any(|s| match s {
        syn::Stmt::Expr(e, _) => expr_diverges(e),
        syn::Stmt::Macro(m) => mac_diverges(&m.mac),
        _ => false,
    })
}

/// [`diverges`] for a walk that asks it of every block of a nest (the model builder): each
/// block's answer is computed once and remembered while the walk is inside it, so `{ .. {
/// .. } .. }` nested N deep costs O(N), not the O(N²) of asking [`diverges`] at each level
/// (which looks into the nested blocks again every time, #17).
///
/// Entries are keyed by the block's address, so they may only outlive the AST they point
/// into as long as nothing can be allocated at that address: [`Self::mark`] before asking
/// about a block and [`Self::release`] once the walk leaves it forget what was learnt
/// meanwhile (all of it about that block and the blocks inside it, which are alive until
/// then).
#[derive(Default)]
pub struct DivergesMemo {
    known: HashMap<usize, bool>,
    log: Vec<usize>,
}

impl DivergesMemo {
    /// Where the entries learnt from now on start ([`Self::release`]).
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Forget the entries learnt since `mark`.
    pub fn release(&mut self, mark: usize) {
        for k in self.log.drain(mark..) {
            self.known.remove(&k);
        }
    }

    /// Whether `b` always leaves the enclosing code: the same answer as [`diverges`].
    pub fn diverges(&mut self, b: &syn::Block) -> bool {
        let key = b as *const syn::Block as usize;
        if let Some(&v) = self.known.get(&key) {
            return v;
        }
        let v = b.stmts.iter().any(|s| match s {
            // the recursive cases of `expr_diverges`
            syn::Stmt::Expr(syn::Expr::Block(x), _) => self.diverges(&x.block),
            syn::Stmt::Expr(syn::Expr::Unsafe(x), _) => self.diverges(&x.block),
            syn::Stmt::Expr(e, _) => expr_diverges(e),
            syn::Stmt::Macro(m) => mac_diverges(&m.mac),
            _ => false,
        });
        self.known.insert(key, v);
        self.log.push(key);
        v
    }
}

pub fn expr_diverges(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_) => true,
        syn::Expr::Macro(m) => mac_diverges(&m.mac),
        syn::Expr::Try(t) => {
            matches!(&*t.expr, syn::Expr::Call(c) if path_last(&c.func).as_deref() == Some("Err"))
        }
        syn::Expr::Block(b) => diverges(&b.block),
        syn::Expr::Unsafe(b) => diverges(&b.block),
        _ => false,
    }
}

/// Whether a block leaves with a failure: `return Err(..)`, `Err(..)?`, `panic!` / `bail!` /
/// `unreachable!` (the diverging macros), or a tail `Err(..)`, also in a nested block. A
/// check whose outcome fails like this refuses the call ("already initialised"): the code
/// declares that outcome a caller's mistake, not a state it serves.
pub fn fails(b: &syn::Block) -> bool {
    let n = b.stmts.len();
    b.stmts.iter().enumerate().any(|(i, s)| match s {
        syn::Stmt::Expr(e, semi) => expr_fails(e) || (i + 1 == n && semi.is_none() && is_err(e)),
        syn::Stmt::Macro(m) => mac_diverges(&m.mac),
        _ => false,
    })
}

/// [`fails`] for an expression (a `match` arm's body): also a bare `Err(..)`, the arm's value.
pub fn arm_fails(e: &syn::Expr) -> bool {
    expr_fails(e) || is_err(e)
}

fn is_err(e: &syn::Expr) -> bool {
    matches!(strip(e), syn::Expr::Call(c) if path_last(strip(&c.func)).as_deref() == Some("Err"))
}

fn expr_fails(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Return(r) => r.expr.as_deref().is_some_and(is_err),
        syn::Expr::Try(t) => is_err(&t.expr),
        syn::Expr::Macro(m) => mac_diverges(&m.mac),
        syn::Expr::Block(b) => fails(&b.block),
        _ => false,
    }
}

fn mac_diverges(m: &syn::Macro) -> bool {
    let name = crate::model::syntax::macro_name(m);
    DIVERGING_MACROS.contains(&name.as_str())
}

pub fn path_last(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub fn path_segs(e: &syn::Expr) -> Vec<String> {
    match e {
        syn::Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The statements after an `if` without `else` whose then-branch leaves (`return`,
/// `continue`, ...): they run only where the condition was false.
pub fn after_exit(e: &syn::ExprIf, rest: &[syn::Stmt]) -> Option<Span> {
    if e.else_branch.is_some() || !diverges(&e.then_branch) {
        return None;
    }
    Region {
        node: Node::Stmts(rest),
        kind: RegionKind::After,
        holds: false,
    }
    .span()
}

/// The then/else/after regions of an `if`, given the polarity of the one check in its
/// condition (`pol` = the check holds in the then-branch).
pub fn if_regions<'a>(
    e: &'a syn::ExprIf,
    rest: &'a [syn::Stmt],
    pol: bool,
    single: bool,
) -> Vec<Region<'a>> {
    let mut out = vec![Region {
        node: Node::Block(&e.then_branch),
        kind: RegionKind::Then,
        holds: pol,
    }];
    if !single {
        return out;
    }
    if let Some((_, els)) = &e.else_branch {
        out.push(Region {
            node: Node::Expr(els),
            kind: RegionKind::Else,
            holds: !pol,
        });
    } else if diverges(&e.then_branch) && !rest.is_empty() {
        out.push(Region {
            node: Node::Stmts(rest),
            kind: RegionKind::After,
            holds: !pol,
        });
    }
    out
}

/// Whether a match arm's pattern is `None` / `Some(..)` / `Ok(..)` / `Err(..)`; `None` for `_`
/// and anything else.
pub fn arm_variant(p: &syn::Pat) -> Option<&'static str> {
    match p {
        syn::Pat::Guard(_) => None,
        syn::Pat::Ident(i) if i.subpat.is_none() && i.ident == "None" => Some("None"),
        syn::Pat::Path(pp) => match pp.path.segments.last()?.ident.to_string().as_str() {
            "None" => Some("None"),
            _ => None,
        },
        syn::Pat::TupleStruct(t) => match t.path.segments.last()?.ident.to_string().as_str() {
            "Some" => Some("Some"),
            "Ok" => Some("Ok"),
            "Err" => Some("Err"),
            _ => None,
        },
        syn::Pat::Paren(p) => arm_variant(&p.pat),
        _ => None,
    }
}

/// The regions of a match on an `Option` (`present_variant` = `Some`) or a `Result`.
pub fn match_regions<'a>(
    m: &'a syn::ExprMatch,
    present_variant: &str,
    absent_variant: &str,
) -> Vec<Region<'a>> {
    let mut out = Vec::new();
    let kinds: Vec<Option<&str>> = m.arms.iter().map(|a| arm_variant(&a.pat)).collect();
    for (arm, k) in m.arms.iter().zip(&kinds) {
        let holds = match k {
            Some(v) if *v == present_variant => true,
            Some(v) if *v == absent_variant => false,
            _ => {
                // `_` when the only other arm is one variant
                if matches!(arm.pat, syn::Pat::Wild(_)) && m.arms.len() == 2 {
                    match kinds.iter().flatten().next() {
                        Some(v) if *v == present_variant => false,
                        Some(v) if *v == absent_variant => true,
                        _ => continue,
                    }
                } else {
                    continue;
                }
            }
        };
        out.push(Region {
            node: Node::Expr(&arm.body),
            kind: RegionKind::Arm,
            holds,
        });
    }
    out
}

/// The `if let PAT = EXPR` check as an Option/Result variant test: (variant, scrutinee).
pub fn let_variant(l: &syn::ExprLet) -> Option<(&'static str, &syn::Expr)> {
    Some((arm_variant(&l.pat)?, &l.expr))
}

struct SiteCollector<'a> {
    sites: Vec<Site<'a>>,
    seen: HashSet<*const syn::ExprIf>,
    lets: HashMap<usize, &'a syn::Expr>,
    unsafe_fns: Vec<Span>,
    discarded: Vec<Span>,
}

/// The call whose result a discarding expression throws away: `f(..)` in `f(..)`,
/// `f(..).await`, `(f(..))`.
fn discarded_call(e: &syn::Expr) -> Option<Span> {
    match strip(e) {
        e @ (syn::Expr::Call(_) | syn::Expr::MethodCall(_) | syn::Expr::Await(_)) => {
            Some(span_of(e))
        }
        _ => None,
    }
}

impl<'a> Visit<'a> for SiteCollector<'a> {
    crate::model::syntax::skip_non_code!('a);
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        if matches!(f.sig.safety, syn::Safety::Unsafe(_)) {
            self.unsafe_fns.push(span_of(f));
        }
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
        if matches!(f.sig.safety, syn::Safety::Unsafe(_)) {
            self.unsafe_fns.push(span_of(f));
        }
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_block(&mut self, b: &'a syn::Block) {
        for (i, s) in b.stmts.iter().enumerate() {
            match s {
                syn::Stmt::Expr(syn::Expr::If(e), _) => {
                    self.seen.insert(e as *const _);
                    self.sites.push(Site::If {
                        e,
                        rest: &b.stmts[i + 1..],
                    });
                }
                // `f(..).ok();`: the error is dropped on purpose
                syn::Stmt::Expr(syn::Expr::MethodCall(mc), Some(_))
                    if mc.args.is_empty()
                        && matches!(
                            mc.method.to_string().as_str(),
                            "ok" | "unwrap_or_default" | "is_ok" | "is_err"
                        ) =>
                {
                    self.discarded.extend(discarded_call(&mc.receiver));
                }
                // `_ = f(..);`
                syn::Stmt::Expr(syn::Expr::Assign(a), _)
                    if matches!(&*a.left, syn::Expr::Infer(_)) =>
                {
                    self.discarded.extend(discarded_call(&a.right));
                }
                _ => {}
            }
        }
        syn::visit::visit_block(self, b);
    }
    fn visit_local(&mut self, l: &'a syn::Local) {
        if let Some(init) = &l.init {
            self.lets.insert(span_of(&*init.expr).start, &init.expr);
            // `let _ = f(..);`
            if matches!(l.pat, syn::Pat::Wild(_)) && init.diverge.is_none() {
                self.discarded.extend(discarded_call(&init.expr));
            }
        }
        syn::visit::visit_local(self, l);
    }
    fn visit_expr_if(&mut self, e: &'a syn::ExprIf) {
        if !self.seen.contains(&(e as *const _)) {
            self.sites.push(Site::If { e, rest: &[] });
        }
        syn::visit::visit_expr_if(self, e);
    }
    fn visit_expr_match(&mut self, e: &'a syn::ExprMatch) {
        self.sites.push(Site::Match { e });
        syn::visit::visit_expr_match(self, e);
    }
}

/// Macros that never return (`ensure!`-style macros diverge only when their check fails, so
/// they are not here).
pub const DIVERGING_MACROS: &[&str] = &[
    "panic",
    "bail",
    "unreachable",
    "todo",
    "unimplemented",
    "abort",
    "throw",
];

/// Macros that only write a message (`log`, `tracing`, `slog`, the standard streams).
pub const LOGGING_MACROS: &[&str] = &[
    "trace", "debug", "info", "warn", "error", "println", "eprintln", "print", "eprint",
];

/// Whether an expression contains `.await`.
pub fn has_await(e: &syn::Expr) -> bool {
    struct V(bool);
    impl<'a> Visit<'a> for V {
        fn visit_expr_await(&mut self, _: &'a syn::ExprAwait) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'a syn::ExprAsync) {}
    }
    let mut v = V(false);
    v.visit_expr(e);
    v.0
}

/// Whether an expression contains `?`, `return`, `break` or `continue` (cannot move into a
/// closure).
pub fn has_control_flow(e: &syn::Expr) -> bool {
    struct V(bool);
    impl<'a> Visit<'a> for V {
        fn visit_expr_try(&mut self, _: &'a syn::ExprTry) {
            self.0 = true;
        }
        fn visit_expr_return(&mut self, _: &'a syn::ExprReturn) {
            self.0 = true;
        }
        fn visit_expr_break(&mut self, _: &'a syn::ExprBreak) {
            self.0 = true;
        }
        fn visit_expr_continue(&mut self, _: &'a syn::ExprContinue) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'a syn::ExprAsync) {}
    }
    let mut v = V(false);
    v.visit_expr(e);
    v.0
}

/// The top-level statement of `stmts` that is exactly `expr;` (for deletion / replacement).
pub fn stmt_of(stmts: &[syn::Stmt], expr_span: Span) -> Option<&syn::Stmt> {
    stmts.iter().find(|s| match s {
        syn::Stmt::Expr(e, _) => {
            let inner = match e {
                syn::Expr::Let(_) => return false,
                other => other,
            };
            span_of(inner) == expr_span
                || matches!(inner, syn::Expr::MethodCall(mc) if span_of(&*mc.receiver) == expr_span
                    && matches!(mc.method.to_string().as_str(), "unwrap" | "expect" | "ok"))
        }
        syn::Stmt::Local(l) => {
            matches!(&l.pat, syn::Pat::Wild(_))
                && l.init
                    .as_ref()
                    .is_some_and(|i| span_of(&*i.expr) == expr_span)
        }
        _ => false,
    })
}

/// Whether a test admits only the thread that owns the tested value: the conjunct `c` (of
/// polarity `pol`, see [`conjuncts`]) compares the value (an operand for which `tested` holds)
/// with a value unique to the calling thread, and the code at hand runs only when they are
/// equal (`holds`: it runs when the condition holds; `if owner == caller { .. }`, or after
/// `if owner != caller { return }`). One thread cannot race itself between such a test and
/// what follows it: only the owner gets past it (a pool's owner fast path).
pub fn owner_only(
    fm: &crate::model::FnModel,
    text: &str,
    c: &syn::Expr,
    pol: bool,
    holds: bool,
    tested: impl Fn(&syn::Expr) -> bool,
) -> bool {
    let syn::Expr::Binary(b) = strip(c) else {
        return false;
    };
    let eq = match b.op {
        syn::BinOp::Eq(_) => true,
        syn::BinOp::Ne(_) => false,
        _ => return false,
    };
    if eq != (pol == holds) {
        return false;
    }
    let (l, r) = (strip(&b.left), strip(&b.right));
    let other = if tested(l) {
        r
    } else if tested(r) {
        l
    } else {
        return false;
    };
    thread_unique(fm, text, other)
}

/// Whether `e` is a value unique to the calling thread: `thread::current().id()`, a
/// `thread_local!` value read with `.with(..)`, `gettid()` / `pthread_self()`, or a local
/// bound to one of these.
fn thread_unique(fm: &crate::model::FnModel, text: &str, e: &syn::Expr) -> bool {
    let s = span_of(e);
    if text
        .get(s.start..s.end)
        .is_some_and(|t| thread_unique_text(text, t))
    {
        return true;
    }
    let syn::Expr::Path(p) = e else {
        return false;
    };
    p.path.get_ident().is_some_and(|id| {
        fm.binding(&id.to_string(), s.start).is_some_and(|b| {
            b.names.len() == 1
                && b.init
                    .and_then(|init| text.get(init.start..init.end))
                    .is_some_and(|t| thread_unique_text(text, t))
        })
    })
}

/// [`thread_unique`] of an expression's text `t` in the file `file_text`.
fn thread_unique_text(file_text: &str, t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("current().id()")
        || ["gettid(", "pthread_self(", "thread_id("]
            .iter()
            .any(|f| compact.contains(f))
    {
        return true;
    }
    compact.split_once(".with(").is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            && thread_local_names(file_text).any(|n| n == name)
    })
}

/// The statics a file declares in `thread_local!` blocks.
fn thread_local_names(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("thread_local!").flat_map(move |(i, _)| {
        let rest = &text[i..];
        let body = rest.find(['{', '(']).map_or("", |o| {
            let close = if rest.as_bytes()[o] == b'{' { '}' } else { ')' };
            &rest[o + 1..rest[o..].find(close).map_or(rest.len(), |c| o + c)]
        });
        body.split("static").skip(1).filter_map(|s| {
            let name = s
                .trim_start()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            (!name.is_empty()).then_some(name)
        })
    })
}

/// A `match` arm on a lock result that gives the guard itself: its binding, the poisoned
/// guard (`p.into_inner()`), or no value at all (`return`, `panic!`).
pub fn arm_yields_guard(body: &syn::Expr) -> bool {
    match super::syntax::peel_blocks(body) {
        syn::Expr::Path(p) => p.path.segments.len() == 1,
        syn::Expr::MethodCall(mc) => {
            mc.method == "into_inner" && matches!(&*mc.receiver, syn::Expr::Path(_))
        }
        syn::Expr::Block(b) => {
            diverges(&b.block)
                || matches!(b.block.stmts.last(), Some(syn::Stmt::Expr(e, None)) if arm_yields_guard(e))
        }
        e => expr_diverges(e),
    }
}

/// A statement of a poll function with code that runs after an inner poll returned an item
/// ([`crate::model::func::ReadyFall`]): `match inner.poll(cx) { Poll::Ready(x) => { .. } .. }`
/// or `if let Poll::Ready(x) = inner.poll(cx) { .. }` as a statement, whose `Ready` branch
/// (not `Ready(None)`) does not leave: the code after the statement; or the `Some(..)` /
/// `Ok(..)` arms of `match ready!(inner.poll(cx)) { .. }`: the arm's body. `cx` names the
/// poll's `Context`. Gives the inner poll's span, where that code starts, and where it ends
/// (`None`: at the end of the enclosing block).
///
/// A `let` bound to such a `match` is not one (the bound value may tell which arm ran, as in
/// `let pending = match .. { Poll::Pending => true, Poll::Ready(..) => false }`), nor is a
/// `ready!(..)` whose value may be `None`: a stream that ended and a poll that then stays
/// `Pending` for ever is an idiom, not a lost wake-up.
pub fn ready_fall(stmt: &syn::Stmt, cx: &str) -> Vec<(Span, usize, Option<usize>)> {
    let syn::Stmt::Expr(e, _) = stmt else {
        return Vec::new();
    };
    let stmt_end = span_of(stmt).end;
    match strip(e) {
        syn::Expr::Match(m) => {
            if let syn::Expr::Macro(mm) = strip(&m.expr) {
                // `match ready!(inner.poll(cx)) { Some(item) => { .. } .. }`
                let Some(poll) = ready_macro(&mm.mac, cx) else {
                    return Vec::new();
                };
                return m
                    .arms
                    .iter()
                    .filter(|a| is_item_pat(&a.pat))
                    .map(|a| {
                        let body = span_of(&*a.body);
                        (poll, body.start, Some(body.end))
                    })
                    .collect();
            }
            let Some(poll) = inner_poll(&m.expr, cx) else {
                return Vec::new();
            };
            if m.arms
                .iter()
                .any(|a| is_ready_item_pat(&a.pat) && !expr_diverges(&a.body))
            {
                return vec![(poll, stmt_end, None)];
            }
            Vec::new()
        }
        syn::Expr::If(i) => {
            let syn::Expr::Let(l) = strip(&i.cond) else {
                return Vec::new();
            };
            match inner_poll(&l.expr, cx) {
                Some(poll) if is_ready_item_pat(&l.pat) && !diverges(&i.then_branch) => {
                    vec![(poll, stmt_end, None)]
                }
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// `Poll::Ready(..)` / `Ready(..)` (or an `|` pattern with one) that is not `Ready(None)`.
fn is_ready_item_pat(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::TupleStruct(t) => {
            t.path.segments.last().is_some_and(|s| s.ident == "Ready")
                && !t
                    .elems
                    .first()
                    .is_some_and(|e| matches!(e, syn::Pat::Ident(i) if i.ident == "None"))
        }
        syn::Pat::Or(o) => o.cases.iter().any(is_ready_item_pat),
        syn::Pat::Guard(g) => is_ready_item_pat(&g.pat),
        _ => false,
    }
}

/// `Some(..)` / `Ok(..)`: an item came.
fn is_item_pat(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::TupleStruct(t) => t
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Some" || s.ident == "Ok"),
        syn::Pat::Or(o) => o.cases.iter().any(is_item_pat),
        syn::Pat::Guard(g) => is_item_pat(&g.pat),
        _ => false,
    }
}

/// `ready!(inner.poll(cx))` (`futures::ready!`, `std::task::ready!`): the macro call's span.
fn ready_macro(m: &syn::Macro, cx: &str) -> Option<Span> {
    if crate::model::syntax::macro_name(m) != "ready" {
        return None;
    }
    let inner: syn::Expr = m.parse_body().ok()?;
    inner_poll(&inner, cx)?;
    Some(span_of(m))
}

/// A call handed the poll's `Context` (`inner.poll_next_unpin(cx)`, `Pin::new(&mut f).poll(cx)`,
/// `Stream::poll_next(s, cx)`): its span.
fn inner_poll(e: &syn::Expr, cx: &str) -> Option<Span> {
    let e = strip(e);
    let is_cx = |a: &syn::Expr| {
        let mut a = strip(a);
        loop {
            match a {
                syn::Expr::Reference(r) => a = strip(&r.expr),
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => a = strip(&u.expr),
                _ => break,
            }
        }
        matches!(a, syn::Expr::Path(p) if p.path.is_ident(cx))
    };
    let handed = match e {
        syn::Expr::MethodCall(mc) => mc.args.iter().any(is_cx),
        syn::Expr::Call(c) => c.args.iter().any(is_cx),
        _ => false,
    };
    handed.then(|| span_of(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block of a function, outermost first (the order the model builder walks them).
    fn blocks(f: &syn::ItemFn) -> Vec<&syn::Block> {
        struct V<'a>(Vec<&'a syn::Block>);
        impl<'a> Visit<'a> for V<'a> {
            fn visit_block(&mut self, b: &'a syn::Block) {
                self.0.push(b);
                syn::visit::visit_block(self, b);
            }
        }
        let mut v = V(Vec::new());
        v.visit_item_fn(f);
        v.0
    }

    /// The memo gives `diverges`'s answer for every block of a nest, and computes each block
    /// once when asked outermost first (#17: asking `diverges` at every level of N nested
    /// blocks looked into the blocks below each time, O(N²)).
    #[test]
    fn memo_agrees_and_computes_each_block_once() {
        // syn's recursive parse and drop of a 200-level nest overflow the test thread's 2 MB
        // stack in an unoptimised build: run it on a thread with room
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(memo_cases)
            .unwrap()
            .join()
            .unwrap();
    }

    fn memo_cases() {
        let n = 200;
        let nest = |inner: &str, pad: &str| {
            format!(
                "fn f(x: u32) {{ {}{inner}{} }}",
                format!("{{ {pad}").repeat(n),
                " }".repeat(n)
            )
        };
        let cases = [
            nest("1", "let _ = x + 1; "),
            nest("return;", "let _ = x + 1; "),
            nest("panic!()", ""),
            nest("unsafe { continue }", "f(); "),
            nest("1", "if x == 0 { return; } "),
            format!(
                "fn f() {{ {} }}",
                "{ let _ = 1; unsafe { { g(); } } } ".repeat(n)
            ),
        ];
        for src in &cases {
            let f: syn::ItemFn = syn::parse_str(src).unwrap();
            let all = blocks(&f);
            let mut memo = DivergesMemo::default();
            for b in &all {
                assert_eq!(memo.diverges(b), diverges(b), "{src}");
            }
            assert!(memo.mark() <= all.len(), "{} > {}", memo.mark(), all.len());
            // released: forgotten, and computed again the same
            memo.release(0);
            assert_eq!(memo.mark(), 0);
            assert_eq!(memo.diverges(all[0]), diverges(all[0]));
        }
    }
}
