//! Rule family `check-then-act`: a condition is checked, then acted upon, while another
//! thread, task or process can change the state in between.
//!
//! Shapes 1-5 live here, one file per rule (`map`, `rwlock`, `atomic`, `lazy`, `fs`); shapes
//! 6-7 (stores and SQL) are [`store_checks`].
//!
//! Every rule works the same way: collect the decision points of the file ([`Site`]: `if`,
//! `if let`, `match`), extract the *check* from the condition, find the *regions* that run
//! when the check came out one way or the other (then-branch, else-branch, the statements
//! after an `if` whose then-branch diverges, match arms), and look for the *act* on the same
//! object in those regions. The model says whether a guard covers both.

pub mod atomic_check_then_act;
pub mod collection_check_then_push;
pub mod db_check_then_insert;
pub mod db_check_then_update;
pub mod fs_toctou;
pub mod lazy_init_race;
pub mod map_check_then_insert;
pub mod mutex_check_then_act;
pub mod queue_check_then_take;
pub mod rwlock_check_then_write;
pub mod stale_map_remove;
pub mod store_checks;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::span::span_of;
use crate::model::{
    Acquisition, FileModel, FnModel, GuardKind, Place, Requirement, Resolver, Root, Start,
    TypeClass, TypeInfo, Want,
};
use crate::rules::{Candidate, FileCtx};
use crate::source::SourceFile;
use std::collections::HashSet;

pub(super) use crate::model::decisions::{
    Node, Region, RegionKind, Site, conjuncts, diverges, has_await, has_control_flow, if_regions,
    let_variant, match_regions, path_last, path_segs, peel_refs, stmt_of, strip,
};

pub fn check_file(cx: &mut FileCtx) {
    // wait loops whose exit is a check on an atomic (`atomic-check-then-act`)
    let mut loops = if cx.model.has_atomics() {
        crate::model::flags::wait_loop::collect(cx.syntax())
    } else {
        Vec::new()
    };
    loops.retain(|w| !cx.skips(w.span));
    let a = An::new(cx);
    let mut out: Vec<Candidate> = Vec::new();
    let mut claimed: HashSet<Span> = HashSet::new();
    map_check_then_insert::check(&a, &mut out, &mut claimed);
    lazy_init_race::check(&a, &mut out, &mut claimed);
    rwlock_check_then_write::check(&a, &mut out, &claimed);
    collection_check_then_push::check(&a, &mut out, &mut claimed);
    atomic_check_then_act::check(&a, &mut out);
    atomic_check_then_act::check_waits(&a, &loops, &mut out);
    fs_toctou::check(&a, &mut out);
    queue_check_then_take::check(&a, &mut out);
    mutex_check_then_act::check(&a, &mut out, &claimed);
    stale_map_remove::check(&a, &|s| cx.skips(s), &mut out);
    cx.out.extend(out);
}

// ---------------------------------------------------------------------------------------
// The analyzer: the file, its model and helpers shared by the rules

pub(super) struct An<'a> {
    pub path: &'a str,
    /// The options of the file's config.
    pub settings: &'a crate::rules::RuleSettings,
    pub source: &'a SourceFile,
    pub model: &'a FileModel,
    /// The syntax tree, for the model's queries a rewrite needs (`model::writes`).
    pub ast: &'a syn::File,
    pub sites: Vec<Site<'a>>,
    /// The file's decision facts: `let` initialisers by start offset, `unsafe fn`s, discarded
    /// results.
    decisions: std::rc::Rc<crate::model::decisions::Sites<'a>>,
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
    /// Whether the local `name` is read within `span` (a path, a macro's tokens, an inline
    /// format argument: [`crate::model::writes::name_uses`]).
    pub fn mentions(&self, name: &str, span: Span) -> bool {
        !crate::model::writes::name_uses(self.ast, name, span).is_empty()
    }
    fn new(cx: &FileCtx<'a>) -> Self {
        let (path, source, ast, model) = (cx.path, cx.source, cx.ast, cx.model);
        let c = cx.sites();
        // sites whose findings the test-code policy drops need no analysis
        let sites = c
            .sites
            .iter()
            .copied()
            .filter(|site| {
                !cx.skips(match site {
                    Site::If { e, .. } => span_of(*e),
                    Site::Match { e } => span_of(*e),
                })
            })
            .collect();
        An {
            path,
            settings: cx.settings,
            source,
            model,
            ast,
            sites,
            decisions: c,
        }
    }

    /// Inside an `unsafe fn`: its safety contract usually says which lock the caller holds.
    pub fn in_unsafe_fn(&self, offset: usize) -> bool {
        self.decisions.unsafe_fns.iter().any(|s| s.contains(offset))
    }

    /// The act's result is tested (`if let Err(e) = fs::rename(..)`, `match CELL.set(v)`):
    /// the code handles the race.
    /// The act's error is thrown away on purpose (`let _ = fs::remove_file(p)`,
    /// `fs::remove_file(p).ok();`): the failure the race causes is tolerated.
    pub fn discarded(&self, act: Span) -> bool {
        self.decisions
            .discarded
            .iter()
            .any(|d| d.encloses(act) && d.start == act.start)
    }

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
        self.decisions.lets.get(&b.init?.start).copied()
    }

    /// The initialiser of the `let` that binds `name` at `at` in function `fi`, with the
    /// names its pattern binds (`let (tx, rx) = channel()`: `tx`, `rx`).
    pub fn binding_init(
        &self,
        fi: usize,
        name: &str,
        at: usize,
    ) -> Option<(&'a [String], &'a syn::Expr)> {
        let b = self.f(fi).binding(name, at)?;
        let init = self.decisions.lets.get(&b.init?.start).copied()?;
        Some((&b.names, init))
    }

    /// Whether only `drop(guard);` statements (and the `if` keyword) lie between a `let` ending
    /// at `let_end` and a condition at `at`: a value computed long before is a snapshot the
    /// code knowingly works from, not a check.
    pub fn adjacent(&self, let_end: usize, at: usize) -> bool {
        let between = self.text(Span::new(let_end, at));
        let mut before_if = match between.rfind("if") {
            Some(i) => &between[..i],
            None => between,
        };
        // `let ret = if changed { .. }`: the `if` is the initialiser of a `let`
        let t = before_if.trim_end();
        if t.ends_with('=')
            && !["==", "!=", "<=", ">="].iter().any(|o| t.ends_with(o))
            && let Some(k) = t.rfind("let ")
            && !t[k..].contains([';', '{', '}'])
            && t[..k]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, ';' | '}' | '{'))
        {
            before_if = &t[..k];
        }
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
        let r = Resolver::new(&self.model.index);
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
        let r = Resolver::new(&self.model.index);
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
        Resolver::new(&self.model.index).resolve(&self.model.fns, fi, place)
    }

    /// A map that locks internally (`DashMap`, through `Once` wrappers), resolved from its place.
    pub fn concurrent_map_obj(&self, fi: usize, place: &Place) -> Option<Obj> {
        let r = self.resolve(fi, place)?;
        matches!(peel_once(&r.ty).class, TypeClass::ConcurrentMap { .. }).then(|| Obj {
            identity: r.identity,
            ty: None,
            req: None,
        })
    }

    pub fn fallback_identity(&self, fi: usize, place: &Place) -> String {
        Resolver::fallback_identity(&self.model.fns, fi, place)
    }

    /// A place nobody else can reach: a field of `&mut self` (unless behind an `Arc`), or a
    /// lock / atomic / map constructed in this function that is never handed to a thread.
    pub fn unshared(&self, fi: usize, place: &Place) -> bool {
        let f = self.f(fi);
        match &place.root {
            // `&mut self`: no other caller can run this code on the same object (nor reach
            // what it owns; an `Arc` field's pointee is shared with the other holders)
            Root::SelfRef => {
                f.self_exclusive
                    && crate::model::actors::self_path_owned(self.model, fi, &place.fields)
            }
            Root::Local(name) => {
                // defined in this very function (not a parameter, not captured) by a constructor
                let Some(l) = f.locals.iter().rev().find(|l| &l.name == name) else {
                    // captured from an enclosing function (`Box::pin(async move { .. })`
                    // over a `&mut` parameter): exclusive while the borrow lives
                    return place.fields.is_empty()
                        && self
                            .resolve(fi, place)
                            .is_some_and(|r| r.ty.exclusive_borrow());
                };
                // a `&mut` parameter or local: exclusive
                if l.ty.as_ref().is_some_and(|t| t.is_mut_ref()) {
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

    pub fn diag(
        &self,
        rule: &'static crate::rules::RuleMeta,
        span: Span,
        msg: impl Into<String>,
    ) -> Diagnostic {
        rule.diag(self.path, span, msg)
    }

    /// Whether the result of the act at `act` (a `remove`, `insert`, `take`, `replace` that
    /// says whether it changed anything) is kept in a `let` and tested by a later condition
    /// within `within` (`let old = m.write().remove(k); if let Some(o) = old { .. }`,
    /// `let removed = { .. g.remove(k) }; if removed { .. }`): the act is the atomic check.
    pub fn result_tested(&self, act: Span, within: Span) -> bool {
        let Some(fi) = self.fn_at(act.start) else {
            return false;
        };
        // a call that says whether it changed anything
        let answers = |mc: &&syn::ExprMethodCall| match mc.method.to_string().as_str() {
            "remove" | "insert" | "replace" | "swap_remove" => true,
            "take" => mc.args.is_empty(),
            _ => false,
        };
        self.model.fns[fi].bindings.iter().any(|b| {
            let Some(init) = b.init else { return false };
            if !init.encloses(act) || !within.encloses(init) {
                return false;
            }
            self.decisions
                .lets
                .get(&init.start)
                .is_some_and(|e| crate::model::syntax::method_calls_in(e).iter().any(answers))
                && self.sites.iter().any(|s| {
                    let cond = match s {
                        Site::If { e, .. } => span_of(&*e.cond),
                        Site::Match { e, .. } => span_of(&*e.expr),
                    };
                    cond.start >= init.end
                        && within.encloses(cond)
                        && b.names.iter().any(|n| self.mentions(n, cond))
                })
        })
    }

    /// Whether some guard is held both at `a` and at `b` (the check and the act are serialised
    /// by one critical section), in function `fi` and its enclosing functions.
    pub fn guard_covers(&self, fi: usize, a: usize, b: usize) -> bool {
        self.model.guard_covers(fi, a, b)
    }
}

fn place_start(_p: &Place, f: &FnModel) -> usize {
    f.span.end
}

/// A key / path expression as compared between the check and the act: `&k`, `k.clone()`,
/// `k.to_string()`, `k.as_str()`, `Path::new(&k)` are all `k`; whitespace is ignored.
pub(super) fn key_text(a: &An, e: &syn::Expr) -> String {
    const SAME_KEY: &[&str] = &[
        "clone",
        "to_string",
        "to_owned",
        "into",
        "as_str",
        "as_ref",
        "as_path",
        "as_slice",
        "borrow",
        "to_path_buf",
        "to_vec",
        "into_owned",
        "deref",
    ];
    let mut e = e;
    loop {
        e = crate::model::syntax::peel_with(e, false, SAME_KEY);
        match e {
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

pub(super) use crate::rules::rewrite::deletion_span;

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
