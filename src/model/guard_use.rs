//! What code does with a guard, read from the syntax: the field path reached through it and the
//! method called or the assignment made there (`g.pool.idle.push(c)`, `*g += 1`,
//! `m.lock().unwrap().size`), and whether a stretch of code decides again what it does
//! (`if`, `match`, `let .. else`, `?`, `entry(..)`).
//!
//! The check-then-act rules ask these on demand, for the few guard pairs they consider: a
//! query walks only the syntax that overlaps the span it is asked about. Macro arguments that
//! parse as expressions are looked into (a guard used in `debug!("{}", g.len())`); comments
//! and string literals are not code.

use super::func::{Acquisition, GuardKind, idents_in};
use super::span::{delim_span, lo, span_of};
use super::syntax::{compound_op, macro_expr_pieces, member_name};
use crate::diagnostic::Span;
use syn::visit::Visit;

/// One use of a guard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuardUse {
    /// Where the guard is named (the guard's name, or the acquisition of a temporary).
    pub at: usize,
    /// The fields reached through the guard, outermost last (`g.pool.idle` -> `pool`, `idle`).
    pub path: Vec<String>,
    /// The method called on the path (`push`), the assignment operator (`=`, `+=`), or `""`
    /// when the path is only read.
    pub op: String,
    /// The local names the arguments (or the assigned value) are built from (`None` and
    /// `Some` are no locals).
    pub arg_names: Vec<String>,
    /// The first argument with references and clones peeled, as written without whitespace
    /// (`&k.clone()` -> `k`): two uses with the same key name the same entry.
    pub first_arg: String,
    /// The arguments, or the assigned value: one expression that names no local (a literal, a
    /// unit variant, `None`, `Some(Instant::now())` built from no local) — every caller
    /// stores the same.
    pub arg_constant: bool,
    /// The method call or assignment expression (empty for a plain read).
    pub expr: Span,
}

/// The uses of an acquisition's guard in `scope`: for a named guard, every use of its name
/// there while it is held; for a temporary, its one use after the acquisition expression.
pub fn uses(ast: &syn::File, acq: &Acquisition, scope: Span) -> Vec<GuardUse> {
    match &acq.guard {
        GuardKind::Named(n) => {
            let from = acq.span.end.max(scope.start);
            let to = acq.release.min(scope.end);
            if from >= to {
                return Vec::new();
            }
            named_uses(ast, n, Span::new(from, to))
        }
        _ => vec![use_after(ast, acq.span)],
    }
}

/// Every use of the local `name` whose mention starts in `range`.
pub fn named_uses(ast: &syn::File, name: &str, range: Span) -> Vec<GuardUse> {
    let mut f = Finder {
        target: Target::Name(name),
        range,
        claimed: Vec::new(),
        out: Vec::new(),
    };
    f.visit_file(ast);
    f.out.sort_by_key(|u| u.at);
    f.out
}

/// The use of the value of the expression at exactly `expr` (a temporary guard, a helper's
/// result): the fields reached through it and the method called or the assignment made there.
/// A value only read there gives a use with no path and no operation.
pub fn use_after(ast: &syn::File, expr: Span) -> GuardUse {
    let mut f = Finder {
        target: Target::Expr(expr),
        range: expr,
        claimed: Vec::new(),
        out: Vec::new(),
    };
    f.visit_file(ast);
    f.out.into_iter().next().unwrap_or(GuardUse {
        at: expr.start,
        ..GuardUse::default()
    })
}

/// The local names the expression at exactly `expr` is built from ([`GuardUse::arg_names`]);
/// `None` when no expression has that span.
pub fn expr_names(ast: &syn::File, expr: Span) -> Option<Vec<String>> {
    struct V {
        expr: Span,
        out: Option<Vec<String>>,
    }
    impl<'ast> Visit<'ast> for V {
        fn visit_item(&mut self, i: &'ast syn::Item) {
            let s = item_span(i);
            if self.out.is_none() && s.start <= self.expr.start && self.expr.end <= s.end {
                syn::visit::visit_item(self, i);
            }
        }
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            if self.out.is_some() {
                return;
            }
            let s = span_of(e);
            if s == self.expr {
                self.out = Some(local_names(e));
            } else if s.start <= self.expr.start && self.expr.end <= s.end {
                syn::visit::visit_expr(self, e);
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for p in macro_expr_pieces(&m.tokens) {
                self.visit_expr(&p);
            }
        }
    }
    let mut v = V { expr, out: None };
    v.visit_file(ast);
    v.out
}

/// The identifiers an expression reads as locals ([`idents_in`] without `None` and `Some`).
fn local_names(e: &syn::Expr) -> Vec<String> {
    let mut ns = idents_in(e);
    ns.retain(|n| n != "None" && n != "Some");
    ns
}

/// Methods whose call decides again what to do with the state they find (an idempotent
/// insert, a filter).
const RECHECK_METHODS: &[&str] = &[
    "retain",
    "entry",
    "get_or_insert",
    "get_or_insert_with",
    "or_insert",
    "or_insert_with",
    "or_default",
];

/// Whether code within `span` decides again: an `if`, `match`, `while` or `let .. else`, a
/// call that inserts only what is missing (`entry`, `get_or_insert_with`, `retain`, ...),
/// and, with `tries`, a `?` (an error path that leaves).
pub fn rechecks_in(ast: &syn::File, span: Span, tries: bool) -> bool {
    struct R {
        span: Span,
        tries: bool,
        found: bool,
    }
    impl R {
        fn inside(&self, s: Span) -> bool {
            self.span.start <= s.start && s.end <= self.span.end
        }
        fn overlaps(&self, s: Span) -> bool {
            s.start < self.span.end && self.span.start < s.end
        }
    }
    impl<'ast> Visit<'ast> for R {
        fn visit_item(&mut self, i: &'ast syn::Item) {
            if !self.found && self.overlaps(item_span(i)) {
                syn::visit::visit_item(self, i);
            }
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            if self.found {
                return;
            }
            if l.init.as_ref().is_some_and(|i| i.diverge.is_some()) && self.inside(span_of(l)) {
                self.found = true;
                return;
            }
            syn::visit::visit_local(self, l);
        }
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            if self.found {
                return;
            }
            let s = span_of(e);
            if !self.overlaps(s) {
                return;
            }
            if self.inside(s) {
                let hit = match e {
                    syn::Expr::If(_) | syn::Expr::Match(_) | syn::Expr::While(_) => true,
                    syn::Expr::Try(_) => self.tries,
                    syn::Expr::MethodCall(mc) => {
                        RECHECK_METHODS.contains(&mc.method.to_string().as_str())
                    }
                    _ => false,
                };
                if hit {
                    self.found = true;
                    return;
                }
            }
            syn::visit::visit_expr(self, e);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for p in macro_expr_pieces(&m.tokens) {
                self.visit_expr(&p);
            }
        }
    }
    let mut r = R {
        span,
        tries,
        found: false,
    };
    r.visit_file(ast);
    r.found
}

enum Target<'n> {
    /// A mention of this local name (a one-segment path).
    Name(&'n str),
    /// The expression with exactly this span.
    Expr(Span),
}

struct Finder<'n> {
    target: Target<'n>,
    /// Only mentions starting here count; only syntax overlapping it is walked.
    range: Span,
    /// The mentions already given a use by an enclosing expression.
    claimed: Vec<usize>,
    out: Vec<GuardUse>,
}

impl Finder<'_> {
    fn overlaps(&self, s: Span) -> bool {
        s.start < self.range.end.max(self.range.start + 1) && self.range.start < s.end
    }

    /// Whether `e` is a mention of the target, and where it starts.
    fn mention(&self, e: &syn::Expr) -> Option<usize> {
        match self.target {
            Target::Name(n) => match e {
                syn::Expr::Path(p)
                    if p.qself.is_none()
                        && p.path.segments.len() == 1
                        && p.path.segments[0].ident == n =>
                {
                    let s = span_of(e);
                    (self.range.start <= s.start && s.start < self.range.end).then_some(s.start)
                }
                _ => None,
            },
            Target::Expr(sp) => (span_of(e) == sp).then_some(sp.start),
        }
    }

    /// The mention a place expression is reached from through fields (and derefs), with the
    /// fields in order.
    fn root_of(&self, mut e: &syn::Expr) -> Option<(usize, Vec<String>)> {
        let mut path = Vec::new();
        loop {
            if let Some(at) = self.mention(e) {
                path.reverse();
                return Some((at, path));
            }
            match e {
                syn::Expr::Field(f) => {
                    path.push(member_name(&f.member));
                    e = &f.base;
                }
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
                syn::Expr::Paren(p) => e = &p.expr,
                // a helper's future awaited: its value (`self.devices().await.contains(..)`)
                syn::Expr::Await(a) => e = &a.base,
                _ => return None,
            }
        }
    }

    fn push(&mut self, at: usize, path: Vec<String>, op: String, args: &[&syn::Expr], expr: Span) {
        if self.claimed.contains(&at) {
            return;
        }
        self.claimed.push(at);
        let mut arg_names = Vec::new();
        for a in args {
            for n in local_names(a) {
                if !arg_names.contains(&n) {
                    arg_names.push(n);
                }
            }
        }
        let arg_constant = args.len() == 1 && arg_names.is_empty();
        self.out.push(GuardUse {
            at,
            path,
            op,
            arg_names,
            first_arg: args.first().map(|a| key_of(a)).unwrap_or_default(),
            arg_constant,
            expr,
        });
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if self.overlaps(item_span(i)) {
            syn::visit::visit_item(self, i);
        }
    }
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        let s = span_of(e);
        if !self.overlaps(s) {
            return;
        }
        // the outermost expression of a chain comes first (the walk is pre-order): it gives
        // the mention its use, and the inner parts of the chain find it claimed
        match e {
            syn::Expr::Assign(a) => {
                if let Some((at, path)) = self.root_of(&a.left) {
                    self.push(at, path, "=".into(), &[&a.right], s);
                }
            }
            syn::Expr::Binary(b) => {
                if let Some(op) = compound_op(&b.op)
                    && let Some((at, path)) = self.root_of(&b.left)
                {
                    self.push(at, path, format!("{op}="), &[&b.right], s);
                }
            }
            syn::Expr::MethodCall(mc) => {
                if let Some((at, path)) = self.root_of(&mc.receiver) {
                    let args: Vec<&syn::Expr> = mc.args.iter().collect();
                    self.push(at, path, mc.method.to_string(), &args, s);
                }
            }
            syn::Expr::Field(_) | syn::Expr::Path(_) | syn::Expr::Unary(_) => {
                if let Some((at, path)) = self.root_of(e) {
                    self.push(at, path, String::new(), &[], Span::new(0, 0));
                }
            }
            _ => {}
        }
        // the mention itself, used as a whole (`f(&g)`, `let p = m.lock()`)
        if let Some(at) = self.mention(e) {
            self.push(at, Vec::new(), String::new(), &[], Span::new(0, 0));
        }
        syn::visit::visit_expr(self, e);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        for p in macro_expr_pieces(&m.tokens) {
            self.visit_expr(&p);
        }
    }
}

/// An item's span without printing it whole: from its first to its last token.
fn item_span(i: &syn::Item) -> Span {
    match i {
        syn::Item::Fn(f) => super::func::fn_span(&f.sig, &f.block),
        syn::Item::Impl(im) => {
            let start = im
                .attrs
                .first()
                .map(|a| lo(a.pound_token.span))
                .unwrap_or_else(|| lo(im.impl_token.span));
            Span::new(start, delim_span(&im.brace_token.span).end)
        }
        syn::Item::Mod(m) => match &m.content {
            Some((b, _)) => Span::new(lo(m.mod_token.span), delim_span(&b.span).end),
            None => Span::new(0, 0),
        },
        syn::Item::Trait(t) => {
            Span::new(lo(t.trait_token.span), delim_span(&t.brace_token.span).end)
        }
        // consts, statics and the rest: walked (rarely large)
        _ => Span::new(0, usize::MAX),
    }
}

/// A key as compared between a lookup and a write: the expression without references,
/// `mut`, and trailing `.clone()` / `.to_owned()` / `.to_string()`, whitespace removed.
fn key_of(e: &syn::Expr) -> String {
    let mut e = e;
    loop {
        match e {
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "clone" | "to_owned" | "to_string"
                    ) =>
            {
                e = &mc.receiver
            }
            _ => break,
        }
    }
    let t = quote::ToTokens::to_token_stream(e).to_string();
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod unit {
    use super::*;
    use crate::model::func::ReleaseCause;

    fn parse(src: &str) -> syn::File {
        syn::parse_file(src).expect("parses")
    }

    fn at(src: &str, needle: &str) -> usize {
        src.find(needle).expect("needle")
    }

    #[test]
    fn named_guard_uses() {
        let src = "fn f(m: &M) { let mut g = m.lock(); g.pool.size += 1; g.idle.push(c); *g = Some(x); if g.size == max {} debug!(\"{}\", g.len()); }";
        let ast = parse(src);
        let us = named_uses(&ast, "g", Span::new(at(src, "; g.pool"), src.len()));
        let got: Vec<(Vec<String>, &str)> =
            us.iter().map(|u| (u.path.clone(), u.op.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (vec!["pool".to_string(), "size".to_string()], "+="),
                (vec!["idle".to_string()], "push"),
                (vec![], "="),
                (vec!["size".to_string()], ""),
                (vec![], "len"),
            ]
        );
        assert_eq!(us[1].arg_names, vec!["c".to_string()]);
        assert!(!us[2].arg_constant, "Some(x) names a local");
    }

    #[test]
    fn a_name_inside_a_longer_word_or_a_comment_is_no_use() {
        let src = "fn f() { let g = m.lock(); // g.x = 1\n flag.x = 1; let s = \"g.y = 2\"; }";
        let ast = parse(src);
        let us = named_uses(&ast, "g", Span::new(at(src, "; //"), src.len()));
        assert!(us.is_empty(), "{us:?}");
    }

    #[test]
    fn temporary_guard_use() {
        let src = "fn f() { m.lock().unwrap().items.insert(&k.clone(), v); }";
        let ast = parse(src);
        let acq = Acquisition {
            id: 0,
            place: crate::model::Place {
                root: crate::model::Root::Local("m".into()),
                fields: Vec::new(),
                text: "m".into(),
            },
            method: "lock".into(),
            mode: crate::model::Mode::Exclusive,
            span: Span::new(at(src, "m.lock"), at(src, ".items")),
            call_span: Span::new(at(src, "m.lock"), at(src, ".unwrap")),
            awaited: false,
            is_try: false,
            guard: GuardKind::Temporary,
            release: src.len(),
            release_cause: ReleaseCause::EndOfStatement,
            wrapper: None,
            live_from: 0,
            taken_at: 0,
            transient: false,
            shard: false,
            stmt: None,
            also: Vec::new(),
        };
        let us = uses(&ast, &acq, Span::new(0, src.len()));
        assert_eq!(us.len(), 1);
        assert_eq!(us[0].path, vec!["items".to_string()]);
        assert_eq!(us[0].op, "insert");
        assert_eq!(us[0].first_arg, "k");
    }

    #[test]
    fn fields_after_an_expression() {
        let src = "fn f() { if m.read().cache.entries.len() > 0 {} if m.read().is_empty() {} let g = m.read(); }";
        let ast = parse(src);
        let first = at(src, "m.read().cache");
        let e1 = Span::new(first, first + "m.read()".len());
        assert_eq!(use_after(&ast, e1).path, vec!["cache", "entries"]);
        assert_eq!(use_after(&ast, e1).op, "len");
        let second = at(src, "m.read().is_empty");
        let e2 = Span::new(second, second + "m.read()".len());
        assert_eq!(use_after(&ast, e2).path, Vec::<String>::new());
        assert_eq!(use_after(&ast, e2).op, "is_empty");
        let third = at(src, "m.read(); }");
        let e3 = Span::new(third, third + "m.read()".len());
        assert_eq!(
            use_after(&ast, e3),
            GuardUse {
                at: third,
                ..GuardUse::default()
            }
        );
    }

    #[test]
    fn rechecks() {
        let src = "fn f() { a(); g.x.push(1); log!(\"{:?} if\", y); b()?; c.entry(k); }";
        let ast = parse(src);
        let upto = |n: &str| Span::new(0, at(src, n));
        assert!(
            !rechecks_in(&ast, upto("b()"), true),
            "a format string is no `?`"
        );
        assert!(rechecks_in(&ast, upto("c.entry"), true));
        assert!(!rechecks_in(&ast, upto("c.entry"), false));
        assert!(rechecks_in(&ast, Span::new(0, src.len()), false));
    }
}
