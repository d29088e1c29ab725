//! Cheap byte spans of syn nodes.
//!
//! `syn::spanned::Spanned` computes a node's span by printing the whole node back to tokens,
//! which costs as much as the node is large: asked for every statement and expression of a
//! walk, that is quadratic in the nesting depth. These functions descend only the leftmost
//! and rightmost children, reading the span of one token at each end.

use crate::diagnostic::Span;
use proc_macro2::extra::DelimSpan;
use syn::Expr;

fn lo(s: proc_macro2::Span) -> usize {
    s.byte_range().start
}
fn hi(s: proc_macro2::Span) -> usize {
    s.byte_range().end
}
fn open(d: &DelimSpan) -> usize {
    lo(d.open())
}
fn close(d: &DelimSpan) -> usize {
    hi(d.close())
}

pub fn expr_span(e: &Expr) -> Span {
    Span::new(expr_start(e, 0), expr_end(e, 0))
}

pub fn block_span(b: &syn::Block) -> Span {
    Span::new(open(&b.brace_token.span), close(&b.brace_token.span))
}

pub fn stmt_span(s: &syn::Stmt) -> Span {
    match s {
        syn::Stmt::Local(l) => local_span(l),
        syn::Stmt::Expr(e, semi) => {
            let sp = expr_span(e);
            match semi {
                Some(t) => Span::new(sp.start, hi(t.span)),
                None => sp,
            }
        }
        syn::Stmt::Macro(m) => {
            let start = m
                .mac
                .path
                .segments
                .first()
                .map(|s| lo(s.ident.span()))
                .unwrap_or(0);
            let end = match &m.semi_token {
                Some(t) => hi(t.span),
                None => macro_close(&m.mac),
            };
            Span::new(start, end)
        }
        syn::Stmt::Item(i) => {
            let r = syn::spanned::Spanned::span(i).byte_range();
            Span::new(r.start, r.end)
        }
    }
}

pub fn local_span(l: &syn::Local) -> Span {
    Span::new(lo(l.let_token.span), hi(l.semi_token.span))
}

pub fn method_call_span(mc: &syn::ExprMethodCall) -> Span {
    Span::new(expr_start(&mc.receiver, 0), close(&mc.paren_token.span))
}

fn macro_close(m: &syn::Macro) -> usize {
    match &m.delimiter {
        syn::MacroDelimiter::Paren(p) => close(&p.span),
        syn::MacroDelimiter::Brace(b) => close(&b.span),
        syn::MacroDelimiter::Bracket(b) => close(&b.span),
    }
}

fn path_start(p: &syn::Path) -> Option<usize> {
    match &p.leading_colon {
        Some(c) => Some(lo(c.spans[0])),
        None => p.segments.first().map(|s| lo(s.ident.span())),
    }
}

fn path_end(p: &syn::Path) -> Option<usize> {
    let last = p.segments.last()?;
    Some(match &last.arguments {
        syn::PathArguments::None => hi(last.ident.span()),
        syn::PathArguments::AngleBracketed(a) => hi(a.gt_token.span),
        syn::PathArguments::Parenthesized(_) => crate::model::index::span_of(last).end,
    })
}

const DEPTH: usize = 100_000;

/// Below this recursion depth the walk is short enough not to need memoising.
const MEMO_FROM: usize = 8;

thread_local! {
    /// Start and end offsets of deep sub-expressions, keyed by the node's address. A visitor
    /// asking for the span of every node of a 50 000-long `a + b + …` chain would otherwise
    /// walk the chain once per node. Valid for one AST: [`reset`] clears it between files.
    static MEMO: std::cell::RefCell<(
        std::collections::HashMap<usize, usize>,
        std::collections::HashMap<usize, usize>,
    )> = std::cell::RefCell::new(Default::default());
}

/// Forget the memoised offsets: call before and after analysing each file (node addresses
/// are reused by the next AST).
pub fn reset() {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        m.0.clear();
        m.0.shrink_to(1024);
        m.1.clear();
        m.1.shrink_to(1024);
    });
}

fn memo(end: bool, e: &Expr, d: usize, f: impl FnOnce() -> usize) -> usize {
    if d < MEMO_FROM {
        return f();
    }
    let key = e as *const Expr as usize;
    let hit = MEMO.with(|m| {
        let m = m.borrow();
        if end {
            m.1.get(&key).copied()
        } else {
            m.0.get(&key).copied()
        }
    });
    if let Some(v) = hit {
        return v;
    }
    let v = f();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if end {
            m.1.insert(key, v);
        } else {
            m.0.insert(key, v);
        }
    });
    v
}

fn slow(e: &Expr) -> Span {
    let r = syn::spanned::Spanned::span(e).byte_range();
    Span::new(r.start, r.end)
}

fn expr_start(e: &Expr, d: usize) -> usize {
    memo(false, e, d, || expr_start_inner(e, d))
}

fn expr_end(e: &Expr, d: usize) -> usize {
    memo(true, e, d, || expr_end_inner(e, d))
}

fn expr_start_inner(e: &Expr, d: usize) -> usize {
    if d > DEPTH {
        return slow(e).start;
    }
    let d = d + 1;
    let r = match e {
        Expr::MethodCall(m) => Some(expr_start(&m.receiver, d)),
        Expr::Field(f) => Some(expr_start(&f.base, d)),
        Expr::Call(c) => Some(expr_start(&c.func, d)),
        Expr::Await(a) => Some(expr_start(&a.base, d)),
        Expr::Try(t) => Some(expr_start(&t.expr, d)),
        Expr::Binary(b) => Some(expr_start(&b.left, d)),
        Expr::Index(i) => Some(expr_start(&i.expr, d)),
        Expr::Cast(c) => Some(expr_start(&c.expr, d)),
        Expr::Assign(a) => Some(expr_start(&a.left, d)),
        Expr::Path(p) if p.qself.is_none() => path_start(&p.path),
        Expr::Block(b) => Some(match &b.label {
            Some(l) => lo(l.name.apostrophe),
            None => open(&b.block.brace_token.span),
        }),
        Expr::If(i) => Some(lo(i.if_token.span)),
        Expr::Match(m) => Some(lo(m.match_token.span)),
        Expr::While(w) => Some(match &w.label {
            Some(l) => lo(l.name.apostrophe),
            None => lo(w.while_token.span),
        }),
        Expr::Loop(l) => Some(match &l.label {
            Some(lb) => lo(lb.name.apostrophe),
            None => lo(l.loop_token.span),
        }),
        Expr::ForLoop(f) => Some(match &f.label {
            Some(lb) => lo(lb.name.apostrophe),
            None => lo(f.for_token.span),
        }),
        Expr::Async(a) => Some(lo(a.async_token.span)),
        Expr::Unsafe(u) => Some(lo(u.unsafe_token.span)),
        Expr::Reference(r) => Some(lo(r.and_token.span)),
        Expr::Paren(p) => Some(open(&p.paren_token.span)),
        Expr::Tuple(t) => Some(open(&t.paren_token.span)),
        Expr::Array(a) => Some(open(&a.bracket_token.span)),
        Expr::Lit(l) => Some(lo(l.lit.span())),
        Expr::Macro(m) => path_start(&m.mac.path),
        Expr::Struct(s) if s.qself.is_none() => path_start(&s.path),
        Expr::Return(r) => Some(lo(r.return_token.span)),
        Expr::Let(l) => Some(lo(l.let_token.span)),
        Expr::Range(r) => r.start.as_ref().map(|s| expr_start(s, d)),
        _ => None,
    };
    r.unwrap_or_else(|| slow(e).start)
}

fn expr_end_inner(e: &Expr, d: usize) -> usize {
    if d > DEPTH {
        return slow(e).end;
    }
    let d = d + 1;
    let r = match e {
        Expr::MethodCall(m) => Some(close(&m.paren_token.span)),
        Expr::Field(f) => Some(match &f.member {
            syn::Member::Named(i) => hi(i.span()),
            syn::Member::Unnamed(i) => hi(i.span),
        }),
        Expr::Call(c) => Some(close(&c.paren_token.span)),
        Expr::Await(a) => Some(hi(a.await_token.span)),
        Expr::Try(t) => Some(hi(t.question_token.spans[0])),
        Expr::Binary(b) => Some(expr_end(&b.right, d)),
        Expr::Index(i) => Some(close(&i.bracket_token.span)),
        Expr::Assign(a) => Some(expr_end(&a.right, d)),
        Expr::Path(p) if p.qself.is_none() => path_end(&p.path),
        Expr::Block(b) => Some(close(&b.block.brace_token.span)),
        Expr::If(i) => Some(match &i.else_branch {
            Some((_, els)) => expr_end(els, d),
            None => close(&i.then_branch.brace_token.span),
        }),
        Expr::Match(m) => Some(close(&m.brace_token.span)),
        Expr::While(w) => Some(close(&w.body.brace_token.span)),
        Expr::Loop(l) => Some(close(&l.body.brace_token.span)),
        Expr::ForLoop(f) => Some(close(&f.body.brace_token.span)),
        Expr::Closure(c) => Some(expr_end(&c.body, d)),
        Expr::Async(a) => Some(close(&a.block.brace_token.span)),
        Expr::Unsafe(u) => Some(close(&u.block.brace_token.span)),
        Expr::Reference(r) => Some(expr_end(&r.expr, d)),
        Expr::Unary(u) => Some(expr_end(&u.expr, d)),
        Expr::Paren(p) => Some(close(&p.paren_token.span)),
        Expr::Tuple(t) => Some(close(&t.paren_token.span)),
        Expr::Array(a) => Some(close(&a.bracket_token.span)),
        Expr::Lit(l) => Some(hi(l.lit.span())),
        Expr::Macro(m) => Some(macro_close(&m.mac)),
        Expr::Struct(s) => Some(close(&s.brace_token.span)),
        Expr::Let(l) => Some(expr_end(&l.expr, d)),
        Expr::Return(r) => Some(match &r.expr {
            Some(x) => expr_end(x, d),
            None => hi(r.return_token.span),
        }),
        Expr::Range(r) => r.end.as_ref().map(|x| expr_end(x, d)),
        _ => None,
    };
    r.unwrap_or_else(|| slow(e).end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast spans agree with syn's printed spans on a variety of expressions.
    #[test]
    fn agrees_with_spanned() {
        let src = r#"fn f() {
            let x = a.b.c(1, 2).await?.d[3] as u32;
            if let Some(v) = m.lock().unwrap().get(&k) { g(v) } else if y { 1 } else { 2 };
            'outer: loop { match z { _ => {} } }
            for i in 0..n { *s += i; }
            let c = move |a| a + 1;
            let t = (1, [2, 3], S { a: 1 }, async { x.await }, unsafe { X += 1 }, -x, &mut y);
            vec![1, 2];
            return ::std::mem::take(&mut v);
        }"#;
        let file: syn::File = syn::parse_str(src).unwrap();
        let syn::Item::Fn(f) = &file.items[0] else {
            panic!()
        };
        struct V(Vec<(Span, Span)>);
        impl<'a> syn::visit::Visit<'a> for V {
            fn visit_expr(&mut self, e: &'a Expr) {
                self.0.push((expr_span(e), slow(e)));
                syn::visit::visit_expr(self, e);
            }
            fn visit_stmt(&mut self, s: &'a syn::Stmt) {
                if !matches!(s, syn::Stmt::Item(_)) {
                    let r = syn::spanned::Spanned::span(s).byte_range();
                    self.0.push((stmt_span(s), Span::new(r.start, r.end)));
                }
                syn::visit::visit_stmt(self, s);
            }
        }
        let mut v = V(Vec::new());
        syn::visit::Visit::visit_block(&mut v, &f.block);
        assert!(v.0.len() > 40);
        for (fast, slow) in v.0 {
            assert_eq!(fast, slow, "{:?}", &src[slow.start..slow.end]);
        }
        assert_eq!(
            block_span(&f.block),
            crate::model::index::span_of(&*f.block)
        );
    }
}
