//! What the value an atomic operation returns is used for: tested (a condition, a comparison,
//! a `match`), returned, only logged, or thrown away (`c.fetch_add(1, o);` as a statement).
//! The read-modify-write rules ask these facts of the atomic operations of the model: a
//! `fetch_add` whose result is thrown away and whose atomic is then loaded again, in the same
//! block, with the load's value tested or returned.

use crate::diagnostic::Span;
use crate::model::FileSyntax;
use crate::model::span::{method_call_span, span_of};
use crate::model::syntax::AtomicKind;
use syn::visit::Visit;

/// What the value of an expression is used for, as far as the syntax around it tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// In an `if` / `while` condition, a `match` scrutinee or a comparison.
    Tested,
    /// Returned: `return e`, or the tail expression of a function or closure body.
    Returned,
    /// An argument of a logging macro (`info!`, `println!`, ..).
    Logged,
    /// Anything else (bound by a `let`, passed to a call, stored, ..).
    Other,
}

/// A read-modify-write statement whose result is thrown away (`c.fetch_add(1, o);`,
/// `let _ = c.fetch_add(1, o);`).
#[derive(Clone, Copy, Debug)]
pub struct DiscardedRmw {
    /// The call, as the model's `AtomicOp::span`.
    pub span: Span,
    /// The statements after it in its block (empty span when none).
    pub rest: Span,
}

#[derive(Default)]
pub struct AtomicValues {
    pub discarded: Vec<DiscardedRmw>,
    tests: Vec<Span>,
    returns: Vec<Span>,
    logs: Vec<Span>,
}

impl AtomicValues {
    /// What the value of the expression at `span` is used for (the innermost context wins
    /// over none; logging wins over all: a value only printed is only printed).
    pub fn use_of(&self, span: Span) -> Use {
        if self.logs.iter().any(|s| s.encloses(span)) {
            return Use::Logged;
        }
        if self.tests.iter().any(|s| s.encloses(span)) {
            return Use::Tested;
        }
        if self.returns.iter().any(|s| s.encloses(span)) {
            return Use::Returned;
        }
        Use::Other
    }
    /// Whether `span` (a name's use, say) lies in a test or a returned expression.
    pub fn tested_or_returned(&self, span: Span) -> bool {
        matches!(self.use_of(span), Use::Tested | Use::Returned)
    }
    /// The tested and returned expressions inside `within`.
    pub fn decisive_in(&self, within: Span) -> impl Iterator<Item = Span> + '_ {
        self.tests
            .iter()
            .chain(self.returns.iter())
            .copied()
            .filter(move |s| within.encloses(*s))
    }
}

pub fn collect(cx: FileSyntax) -> AtomicValues {
    let mut v = AtomicValues::default();
    // no read-modify-write anywhere: nothing to ask about
    if !cx.source.text.contains("fetch_") {
        return v;
    }
    Collector { out: &mut v }.visit_file(cx.ast);
    v
}

struct Collector<'v> {
    out: &'v mut AtomicValues,
}

fn rmw_call(e: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    match crate::model::syntax::peel_parens(e) {
        syn::Expr::MethodCall(mc) if AtomicKind::is_fetch(&mc.method.to_string()) => Some(mc),
        _ => None,
    }
}

impl Collector<'_> {
    /// The value a block evaluates to: its tail expression, through `if` / `match` / block
    /// tails (the whole `if` is not the value; its branches' tails are).
    fn tail(&mut self, b: &syn::Block) {
        if let Some(syn::Stmt::Expr(e, None)) = b.stmts.last() {
            self.value(e);
        }
    }
    fn value(&mut self, e: &syn::Expr) {
        match e {
            syn::Expr::If(i) => {
                self.tail(&i.then_branch);
                if let Some((_, els)) = &i.else_branch {
                    self.value(els);
                }
            }
            syn::Expr::Match(m) => {
                for arm in &m.arms {
                    self.value(&arm.body);
                }
            }
            syn::Expr::Block(b) => self.tail(&b.block),
            syn::Expr::Unsafe(u) => self.tail(&u.block),
            e => self.out.returns.push(span_of(e)),
        }
    }
}

/// A function that returns a value (`-> T`, not `()`).
fn returns_value(out: &syn::ReturnType) -> bool {
    match out {
        syn::ReturnType::Default => false,
        syn::ReturnType::Type(_, t) => !matches!(&**t, syn::Type::Tuple(t) if t.elems.is_empty()),
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if returns_value(&f.sig.output) {
            self.tail(&f.block);
        }
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if returns_value(&f.sig.output) {
            self.tail(&f.block);
        }
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // a closure's value counts when its type says it returns one, or when its body is
        // a bare expression (`|| c.load(o)`); a block body's tail is often `()` work
        match &*c.body {
            syn::Expr::Block(b) if returns_value(&c.output) => self.tail(&b.block),
            syn::Expr::Block(_) => {}
            e => self.value(e),
        }
        syn::visit::visit_expr_closure(self, c);
    }
    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        if let Some(e) = &r.expr {
            self.out.returns.push(span_of(&**e));
        }
        syn::visit::visit_expr_return(self, r);
    }
    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        self.out.tests.push(span_of(&*e.cond));
        syn::visit::visit_expr_if(self, e);
    }
    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        self.out.tests.push(span_of(&*e.cond));
        syn::visit::visit_expr_while(self, e);
    }
    fn visit_expr_match(&mut self, e: &'ast syn::ExprMatch) {
        self.out.tests.push(span_of(&*e.expr));
        syn::visit::visit_expr_match(self, e);
    }
    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(b.op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_)) {
            self.out.tests.push(span_of(b));
        }
        syn::visit::visit_expr_binary(self, b);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = crate::model::syntax::macro_name(m);
        if crate::model::decisions::LOGGING_MACROS.contains(&name.as_str()) {
            self.out.logs.push(span_of(m));
        }
        syn::visit::visit_macro(self, m);
    }
    fn visit_block(&mut self, b: &'ast syn::Block) {
        for (i, s) in b.stmts.iter().enumerate() {
            let call = match s {
                syn::Stmt::Expr(e, Some(_)) => rmw_call(e),
                syn::Stmt::Local(l)
                    if matches!(l.pat, syn::Pat::Wild(_))
                        && l.init.as_ref().is_some_and(|i| i.diverge.is_none()) =>
                {
                    l.init.as_ref().and_then(|i| rmw_call(&i.expr))
                }
                _ => None,
            };
            if let Some(mc) = call {
                let rest = match (b.stmts.get(i + 1), b.stmts.last()) {
                    (Some(first), Some(last)) => span_of(first).to(span_of(last)),
                    _ => Span::new(span_of(s).end, span_of(s).end),
                };
                self.out.discarded.push(DiscardedRmw {
                    span: method_call_span(mc),
                    rest,
                });
            }
        }
        syn::visit::visit_block(self, b);
    }
}
