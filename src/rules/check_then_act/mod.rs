//! Rule family `check-then-act`: a condition is checked, then acted upon, while another
//! thread, task or process can change the state in between.
//!
//! Shapes 1-5 live here, one file per rule (`map`, `rwlock`, `atomic`, `lazy`, `fs`); shapes
//! 6-7 (stores and SQL) live in [`crate::rules::stores`].
//!
//! Every rule works the same way: collect the decision points of the file ([`Site`]: `if`,
//! `if let`, `match`), extract the *check* from the condition, find the *regions* that run
//! when the check came out one way or the other (then-branch, else-branch, the statements
//! after an `if` whose then-branch diverges, match arms), and look for the *act* on the same
//! object in those regions. The model says whether a guard covers both.

mod atomic;
mod fs;
mod lazy;
mod map;
mod rwlock;

use crate::analysis::{Candidate, FileCtx};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::index::span_of;
use crate::model::{
    Acquisition, FileModel, FnModel, GuardKind, Place, Requirement, Resolver, Root, Start,
    TypeClass, TypeInfo, Want,
};
use crate::source::SourceFile;
use std::collections::{HashMap, HashSet};
use syn::visit::Visit;

pub fn check_file(cx: &mut FileCtx) {
    let a = An::new(cx.path, cx.source, cx.ast, cx.model);
    let mut out: Vec<Candidate> = Vec::new();
    let mut claimed: HashSet<Span> = HashSet::new();
    map::check(&a, &mut out, &mut claimed);
    lazy::check(&a, &mut out, &mut claimed);
    rwlock::check(&a, &mut out, &claimed);
    atomic::check(&a, &mut out);
    fs::check(&a, &mut out);
    cx.out.extend(out);
}

// ---------------------------------------------------------------------------------------
// Sites: the decision points of a file

/// An `if` (with the statements after it in its block) or a `match`.
pub(super) enum Site<'a> {
    If {
        e: &'a syn::ExprIf,
        rest: &'a [syn::Stmt],
        in_test: bool,
    },
    Match {
        e: &'a syn::ExprMatch,
        in_test: bool,
    },
}

impl Site<'_> {
    pub fn in_test(&self) -> bool {
        match self {
            Site::If { in_test, .. } | Site::Match { in_test, .. } => *in_test,
        }
    }
}

/// A piece of code that runs when the check came out one way.
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Block(&'a syn::Block),
    Expr(&'a syn::Expr),
    Stmts(&'a [syn::Stmt]),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum RegionKind {
    Then,
    Else,
    /// The statements after an `if` whose then-branch always leaves (`return`, `continue`, ...).
    After,
    Arm,
}

#[derive(Clone, Copy)]
pub(super) struct Region<'a> {
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
pub(super) fn conjuncts(cond: &syn::Expr) -> (Vec<(&syn::Expr, bool)>, bool) {
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

pub(super) fn strip(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            _ => return e,
        }
    }
}

/// Whether a block always leaves the enclosing code (`return`, `break`, `continue`, `?` on an
/// `Err`, `panic!`, `bail!`, ...).
pub(super) fn diverges(b: &syn::Block) -> bool {
    b.stmts.iter().any(|s| match s {
        syn::Stmt::Expr(e, _) => expr_diverges(e),
        syn::Stmt::Macro(m) => mac_diverges(&m.mac),
        _ => false,
    })
}

fn expr_diverges(e: &syn::Expr) -> bool {
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

fn mac_diverges(m: &syn::Macro) -> bool {
    let name = m
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        "panic" | "bail" | "unreachable" | "todo" | "unimplemented" | "ensure_not" | "abort"
    )
}

pub(super) fn path_last(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub(super) fn path_segs(e: &syn::Expr) -> Vec<String> {
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

/// The then/else/after regions of an `if`, given the polarity of the one check in its
/// condition (`pol` = the check holds in the then-branch).
pub(super) fn if_regions<'a>(
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
pub(super) fn arm_variant(p: &syn::Pat) -> Option<&'static str> {
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
pub(super) fn match_regions<'a>(
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
pub(super) fn let_variant(l: &syn::ExprLet) -> Option<(&'static str, &syn::Expr)> {
    Some((arm_variant(&l.pat)?, &l.expr))
}

struct SiteCollector<'a> {
    sites: Vec<Site<'a>>,
    seen: HashSet<*const syn::ExprIf>,
    lets: HashMap<usize, &'a syn::Expr>,
    test_depth: usize,
    unsafe_fns: Vec<Span>,
}

/// A file of tests, benches, examples, test-support crates, or a build script.
pub(super) fn is_test_path(path: &str) -> bool {
    let p = path.replace('\\', "/");
    let segs: Vec<&str> = p.split('/').collect();
    let file = segs.last().copied().unwrap_or("");
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let dirs = &segs[..segs.len().saturating_sub(1)];
    file == "build.rs"
        || stem == "tests"
        || stem == "test"
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.starts_with("test_")
        || dirs.iter().any(|d| {
            matches!(
                *d,
                "tests" | "test" | "testing" | "benches" | "examples" | "fuzz"
            ) || d.ends_with("test-support")
                || d.ends_with("test_support")
                || d.ends_with("test-utils")
                || d.ends_with("test_utils")
        })
}

fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        let last = p
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if last == "test" || last == "bench" {
            return true;
        }
        if p.is_ident("cfg") {
            let toks = a
                .meta
                .require_list()
                .map(|l| l.tokens.to_string())
                .unwrap_or_default();
            return toks.trim() == "test" || toks.contains("test ,") || toks.ends_with(", test");
        }
        false
    })
}

impl<'a> Visit<'a> for SiteCollector<'a> {
    crate::rules::skip_non_code!('a);
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        if matches!(f.sig.safety, syn::Safety::Unsafe(_)) {
            self.unsafe_fns.push(span_of(f));
        }
        let t = is_test_attr(&f.attrs);
        self.test_depth += t as usize;
        syn::visit::visit_item_fn(self, f);
        self.test_depth -= t as usize;
    }
    fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
        if matches!(f.sig.safety, syn::Safety::Unsafe(_)) {
            self.unsafe_fns.push(span_of(f));
        }
        let t = is_test_attr(&f.attrs);
        self.test_depth += t as usize;
        syn::visit::visit_impl_item_fn(self, f);
        self.test_depth -= t as usize;
    }
    fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
        let t = is_test_attr(&m.attrs);
        self.test_depth += t as usize;
        syn::visit::visit_item_mod(self, m);
        self.test_depth -= t as usize;
    }
    fn visit_block(&mut self, b: &'a syn::Block) {
        for (i, s) in b.stmts.iter().enumerate() {
            if let syn::Stmt::Expr(syn::Expr::If(e), _) = s {
                self.seen.insert(e as *const _);
                self.sites.push(Site::If {
                    e,
                    rest: &b.stmts[i + 1..],
                    in_test: self.test_depth > 0,
                });
            }
        }
        syn::visit::visit_block(self, b);
    }
    fn visit_local(&mut self, l: &'a syn::Local) {
        if let Some(init) = &l.init {
            self.lets.insert(span_of(&*init.expr).start, &init.expr);
        }
        syn::visit::visit_local(self, l);
    }
    fn visit_expr_if(&mut self, e: &'a syn::ExprIf) {
        if !self.seen.contains(&(e as *const _)) {
            self.sites.push(Site::If {
                e,
                rest: &[],
                in_test: self.test_depth > 0,
            });
        }
        syn::visit::visit_expr_if(self, e);
    }
    fn visit_expr_match(&mut self, e: &'a syn::ExprMatch) {
        self.sites.push(Site::Match {
            e,
            in_test: self.test_depth > 0,
        });
        syn::visit::visit_expr_match(self, e);
    }
}

// ---------------------------------------------------------------------------------------
// The analyzer: the file, its model and helpers shared by the rules

pub(super) struct An<'a> {
    pub path: &'a str,
    pub source: &'a SourceFile,
    pub model: &'a FileModel,
    pub sites: Vec<Site<'a>>,
    /// `let` initialisers by start offset.
    lets: HashMap<usize, &'a syn::Expr>,
    unsafe_fns: Vec<Span>,
}

/// What an expression that names shared state resolves to.
#[derive(Clone, Debug)]
pub(super) struct Obj {
    /// Canonical identity (resolver identity, or the place text when unresolved).
    pub identity: String,
    pub ty: Option<TypeInfo>,
    pub req: Option<Requirement>,
}

impl<'a> An<'a> {
    fn new(
        path: &'a str,
        source: &'a SourceFile,
        ast: &'a syn::File,
        model: &'a FileModel,
    ) -> Self {
        let mut c = SiteCollector {
            sites: Vec::new(),
            seen: HashSet::new(),
            lets: HashMap::new(),
            test_depth: 0,
            unsafe_fns: Vec::new(),
        };
        c.visit_file(ast);
        // test code, build scripts, benches and examples: the races there rarely matter
        let sites = if is_test_path(path) {
            Vec::new()
        } else {
            c.sites.into_iter().filter(|s| !s.in_test()).collect()
        };
        An {
            path,
            source,
            model,
            sites,
            lets: c.lets,
            unsafe_fns: c.unsafe_fns,
        }
    }

    /// Inside an `unsafe fn`: its safety contract usually says which lock the caller holds.
    pub fn in_unsafe_fn(&self, offset: usize) -> bool {
        self.unsafe_fns.iter().any(|s| s.contains(offset))
    }

    /// The act's result is tested (`if let Err(e) = fs::rename(..)`, `match CELL.set(v)`):
    /// the code handles the race.
    pub fn handled(&self, act: Span) -> bool {
        self.sites.iter().any(|s| {
            let c = match s {
                Site::If { e, .. } => span_of(&*e.cond),
                Site::Match { e, .. } => span_of(&*e.expr),
            };
            c.encloses(act)
        })
    }

    pub fn text(&self, s: Span) -> &str {
        self.source.text.get(s.start..s.end).unwrap_or("")
    }
    pub fn text_of<T: syn::spanned::Spanned + std::any::Any>(&self, n: &T) -> &str {
        self.text(span_of(n))
    }

    /// The innermost function / closure / async block containing `offset`.
    pub fn fn_at(&self, offset: usize) -> Option<usize> {
        self.model.fn_containing(offset)
    }
    pub fn f(&self, i: usize) -> &'a FnModel {
        &self.model.fns[i]
    }

    /// The `let` initialiser a single-name condition refers to (`let exists = p.exists();
    /// if !exists {..}`), in the function containing `at`.
    pub fn let_init(&self, name_expr: &syn::Expr) -> Option<&'a syn::Expr> {
        let syn::Expr::Path(p) = strip(name_expr) else {
            return None;
        };
        if p.path.segments.len() != 1 {
            return None;
        }
        let name = p.path.segments[0].ident.to_string();
        let at = span_of(p).start;
        let fi = self.fn_at(at)?;
        let b = self.f(fi).binding(&name, at)?;
        if b.names.len() != 1 || b.mutable {
            return None;
        }
        if !self.adjacent(b.span.end, at) {
            return None;
        }
        self.lets.get(&b.init?.start).copied()
    }

    /// Whether only `drop(guard);` statements (and the `if` keyword) lie between a `let` ending
    /// at `let_end` and a condition at `at`: a value computed long before is a snapshot the
    /// code knowingly works from, not a check.
    pub fn adjacent(&self, let_end: usize, at: usize) -> bool {
        let between = self.text(Span::new(let_end, at));
        let before_if = match between.rfind("if") {
            Some(i) => &between[..i],
            None => between,
        };
        // statement by statement (comments dropped), byte by byte, stopping at the first
        // statement that cannot be a drop: the text between a parameter and a condition deep
        // in the function is not read whole for every condition
        let b = before_if.as_bytes();
        let mut stmt = String::new();
        // the statement is a drop call: skip to its `;`
        let mut drop_call = false;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b';' => {
                    if !drop_call && !stmt.is_empty() {
                        return false;
                    }
                    stmt.clear();
                    drop_call = false;
                }
                c if c.is_ascii_whitespace() => {
                    if !stmt.is_empty() && !drop_call {
                        stmt.push(' ');
                    }
                }
                c => {
                    if !drop_call {
                        // a byte of a multi-byte character is no drop
                        stmt.push(if c.is_ascii() { c as char } else { '\u{fffd}' });
                        match is_drop_call(&stmt) {
                            Some(false) => return false,
                            Some(true) => drop_call = true,
                            None => {}
                        }
                    }
                }
            }
            i += 1;
        }
        stmt.is_empty() || drop_call
    }

    /// The acquisition an expression's value is a guard of: the acquisition expression itself
    /// (`m.lock().unwrap()`), or a named guard alive at this point.
    pub fn acq_of(&self, fi: usize, e: &syn::Expr) -> Option<&'a Acquisition> {
        let e = peel_refs(e);
        let f = self.f(fi);
        let s = span_of(e);
        if let Some(a) = f.acquisition_at(s) {
            return Some(a);
        }
        if let syn::Expr::Path(p) = e
            && p.path.segments.len() == 1
        {
            let name = p.path.segments[0].ident.to_string();
            return f
                .acquisitions
                .iter()
                .rev()
                .find(|a| a.guard == GuardKind::Named(name.clone()) && a.live_at(s.start));
        }
        None
    }

    /// Resolve the place of a lock acquisition. `None` when the place is known not to be a
    /// lock, or is unshared (a lock created in this very function and never handed to a
    /// thread, or a field of `&mut self`).
    pub fn lock_obj(&self, fi: usize, place: &Place) -> Option<Obj> {
        if self.unshared(fi, place) {
            return None;
        }
        let r = Resolver {
            index: &self.model.index,
        };
        if let Some(res) = r.resolve(&self.model.fns, fi, place) {
            if res.ty.lock().is_none() && !matches!(res.ty.class, TypeClass::Unknown) {
                return None;
            }
            return Some(Obj {
                identity: res.identity,
                ty: Some(res.ty),
                req: None,
            });
        }
        let req = r
            .start(&self.model.fns, fi, place, 0)
            .map(|(start, fields, _)| Requirement {
                start,
                fields,
                want: Want::Lock,
                allow_unknown: true,
            });
        Some(Obj {
            identity: self.fallback_identity(fi, place),
            ty: None,
            req,
        })
    }

    /// Resolve an atomic place (`None` when known not to be atomic, or unshared).
    pub fn atomic_obj(&self, fi: usize, place: &Place) -> Option<Obj> {
        if self.unshared(fi, place) {
            return None;
        }
        let r = Resolver {
            index: &self.model.index,
        };
        if let Some(res) = r.resolve(&self.model.fns, fi, place) {
            if !res.ty.is_atomic() && !matches!(res.ty.class, TypeClass::Unknown) {
                return None;
            }
            return Some(Obj {
                identity: res.identity,
                ty: Some(res.ty),
                req: None,
            });
        }
        let req = r
            .start(&self.model.fns, fi, place, 0)
            .map(|(start, fields, _)| Requirement {
                start,
                fields,
                want: Want::Atomic,
                allow_unknown: true,
            });
        Some(Obj {
            identity: self.fallback_identity(fi, place),
            ty: None,
            req,
        })
    }

    /// Resolve a place to its type (any class), if the file can tell.
    pub fn resolve(&self, fi: usize, place: &Place) -> Option<crate::model::Resolved> {
        Resolver {
            index: &self.model.index,
        }
        .resolve(&self.model.fns, fi, place)
    }

    pub fn fallback_identity(&self, fi: usize, place: &Place) -> String {
        // the outermost function: closures of one function share its locals
        let mut top = fi;
        while let Some(p) = self.f(top).parent {
            top = p;
        }
        match &place.root {
            Root::SelfRef => format!(
                "{}.{}",
                self.f(fi).self_ty.clone().unwrap_or_default(),
                place.fields.join(".")
            ),
            Root::Static(_) => format!("static {}", place.text),
            _ => format!("{}::{}", self.f(top).name, place.text),
        }
    }

    /// A place nobody else can reach: a field of `&mut self` (unless behind an `Arc`), or a
    /// lock / atomic / map constructed in this function that is never handed to a thread.
    pub fn unshared(&self, fi: usize, place: &Place) -> bool {
        let f = self.f(fi);
        match &place.root {
            // `&mut self`: no other caller can run this code on the same object
            Root::SelfRef => f.self_exclusive,
            Root::Local(name) => {
                // defined in this very function (not a parameter, not captured) by a constructor
                let Some(l) = f.locals.iter().rev().find(|l| &l.name == name) else {
                    return false;
                };
                // a `&mut` parameter or local: exclusive
                if l.ty.as_ref().is_some_and(|t| t.text.starts_with("&mut ")) {
                    return true;
                }
                if l.offset <= f.span.start || l.alias.is_some() {
                    return false;
                }
                let Some(b) = f.binding(name, place_start(place, f)) else {
                    return false;
                };
                let Some(init) = b.init else {
                    return false;
                };
                let init_text = self.text(init);
                let ctor = init_text.contains("::new(") || init_text.contains("::default(");
                if !ctor {
                    return false;
                }
                // handed to a thread or a task: spawned closures of this function
                let shared = self
                    .model
                    .fns
                    .iter()
                    .any(|g| g.spawned && f.span.encloses(g.span))
                    || f.calls.iter().any(|c| match &c.callee {
                        crate::model::Callee::Path { segments } => segments
                            .last()
                            .is_some_and(|s| s.contains("spawn") || s == "scope"),
                        crate::model::Callee::Method { name, .. } => {
                            name.contains("spawn") || name == "scope"
                        }
                        _ => false,
                    });
                !shared
            }
            _ => false,
        }
    }

    pub fn diag(&self, rule: &'static str, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, self.path, span, msg)
    }

    /// Whether some guard is held both at `a` and at `b` (the check and the act are serialised
    /// by one critical section), in function `fi` and its enclosing functions.
    pub fn guard_covers(&self, fi: usize, a: usize, b: usize) -> bool {
        let mut cur = Some(fi);
        while let Some(i) = cur {
            let f = self.f(i);
            if f.acquisitions.iter().any(|g| g.live_at(a) && g.live_at(b)) {
                return true;
            }
            if f.spawned {
                break;
            }
            cur = f.parent;
        }
        false
    }
}

fn place_start(_p: &Place, f: &FnModel) -> usize {
    f.span.end
}

/// `&x`, `&mut x`, `*x`, `(x)`, `x.deref()`, `x.borrow()` -> `x`.
pub(super) fn peel_refs(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "deref" | "deref_mut" | "borrow" | "borrow_mut" | "as_mut" | "as_ref"
                    ) =>
            {
                e = &mc.receiver
            }
            _ => return e,
        }
    }
}

/// A key / path expression as compared between the check and the act: `&k`, `k.clone()`,
/// `k.to_string()`, `k.as_str()`, `Path::new(&k)` are all `k`; whitespace is ignored.
pub(super) fn key_text(a: &An, e: &syn::Expr) -> String {
    let mut e = e;
    loop {
        match e {
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "clone"
                            | "to_string"
                            | "to_owned"
                            | "into"
                            | "as_str"
                            | "as_ref"
                            | "as_path"
                            | "as_slice"
                            | "borrow"
                            | "to_path_buf"
                            | "to_vec"
                            | "into_owned"
                            | "deref"
                    ) =>
            {
                e = &mc.receiver
            }
            syn::Expr::Call(c)
                if c.args.len() == 1
                    && matches!(
                        path_segs(&c.func)
                            .iter()
                            .rev()
                            .take(2)
                            .map(String::as_str)
                            .collect::<Vec<_>>()[..],
                        ["new", "Path"]
                            | ["from", "PathBuf"]
                            | ["from", "String"]
                            | ["clone", "Arc"]
                    ) =>
            {
                e = &c.args[0]
            }
            _ => break,
        }
    }
    a.text_of(e)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether an expression contains `.await`.
pub(super) fn has_await(e: &syn::Expr) -> bool {
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
pub(super) fn has_control_flow(e: &syn::Expr) -> bool {
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
pub(super) fn stmt_of(stmts: &[syn::Stmt], expr_span: Span) -> Option<&syn::Stmt> {
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

/// The span that deletes a whole statement: from the start of its line when only whitespace
/// precedes it, through the end of the line.
pub(super) fn deletion_span(src: &str, s: Span) -> Span {
    let bytes = src.as_bytes();
    let mut start = s.start;
    while start > 0 && (bytes[start - 1] == b' ' || bytes[start - 1] == b'\t') {
        start -= 1;
    }
    let line_start = start == 0 || bytes[start - 1] == b'\n';
    let mut end = s.end;
    while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
        end += 1;
    }
    if line_start && end < bytes.len() && bytes[end] == b'\n' {
        Span::new(start, end + 1)
    } else {
        s
    }
}

/// Peel `Once` wrappers (`LazyLock<DashMap<..>>` -> `DashMap<..>`).
pub(super) fn peel_once(t: &TypeInfo) -> &TypeInfo {
    match &t.class {
        TypeClass::Once { inner, .. } => peel_once(inner),
        _ => t,
    }
}

/// Requirements of an optional object.
pub(super) fn reqs(objs: &[&Obj]) -> Vec<Requirement> {
    objs.iter().filter_map(|o| o.req.clone()).collect()
}

#[allow(dead_code)]
pub(super) fn start_of(r: &Requirement) -> &Start {
    &r.start
}

#[cfg(test)]
mod tests;

/// Whether a statement's text is a call of `drop` (`drop(g)`, `std::mem::drop(g)`): `None`
/// while it is too short to tell (empty is a drop: nothing).
fn is_drop_call(stmt: &str) -> Option<bool> {
    const STARTS: &[&str] = &[
        "drop(",
        "mem::drop(",
        "std::mem::drop(",
        "core::mem::drop(",
        "::std::mem::drop(",
        "::core::mem::drop(",
    ];
    if stmt.is_empty() || STARTS.iter().any(|p| stmt.starts_with(p)) {
        Some(true)
    } else if STARTS.iter().any(|p| p.starts_with(stmt)) {
        None
    } else {
        Some(false)
    }
}
