//! Cheap byte spans of syn nodes.
//!
//! `syn::spanned::Spanned` computes a node's span by printing the whole node back to tokens,
//! which costs as much as the node is large: asked for every statement and expression of a
//! walk, that is quadratic in the nesting depth. These functions descend only the leftmost
//! and rightmost children, reading the span of one token at each end.

use crate::diagnostic::Span;
use proc_macro2::extra::DelimSpan;
use syn::Expr;
use syn::spanned::Spanned;

/// The byte span of a syn node. Expressions, blocks, statements and method calls take the
/// cheap path of [`super::span`]; other nodes are printed to tokens by `Spanned`, which costs
/// as much as the node is large, so keep them small (patterns, types, identifiers).
pub fn span_of<T: Spanned + std::any::Any>(node: &T) -> Span {
    use std::any::Any;
    let any = node as &dyn Any;
    if let Some(e) = any.downcast_ref::<syn::Expr>() {
        return expr_span(e);
    }
    if let Some(e) = any.downcast_ref::<Box<syn::Expr>>() {
        return expr_span(e);
    }
    if let Some(mc) = any.downcast_ref::<syn::ExprMethodCall>() {
        return method_call_span(mc);
    }
    if let Some(b) = any.downcast_ref::<syn::Block>() {
        return block_span(b);
    }
    if let Some(s) = any.downcast_ref::<syn::Stmt>() {
        return stmt_span(s);
    }
    if let Some(l) = any.downcast_ref::<syn::Local>() {
        return local_span(l);
    }
    if let Some(sp) = expr_variant_span(any) {
        return sp;
    }
    let sp = node.span();
    Span::new(lo(sp), hi(sp))
}

/// Line starts of the text being analysed, so a token's offset comes from proc-macro2's
/// line/column (two binary searches) instead of `Span::byte_range`, which keeps a `BTreeMap`
/// from character to byte index that grows with every offset asked for (a quarter of the
/// analysis time in profiles).
struct LineTable {
    /// The text, kept only when some line has a multi-byte character (to count characters).
    text: Option<String>,
    len: usize,
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

thread_local! {
    static LINES: std::cell::RefCell<Option<LineTable>> = const { std::cell::RefCell::new(None) };
}

/// Tell the span functions which text the current thread's AST was parsed from (exactly the
/// string given to syn). Cleared by [`reset`]; without it they fall back to `byte_range`.
/// `starts` are the byte offsets of its lines (as [`crate::source::SourceFile::line_starts`]).
pub fn install_text(text: &str, starts: &[u32]) {
    let starts: Vec<usize> = starts.iter().map(|&s| s as usize).collect();
    let all_ascii = text.is_ascii();
    let ascii: Vec<bool> = if all_ascii {
        vec![true; starts.len()]
    } else {
        (0..starts.len())
            .map(|i| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.get(starts[i]..end).is_some_and(str::is_ascii)
            })
            .collect()
    };
    LINES.with(|l| {
        *l.borrow_mut() = Some(LineTable {
            text: (!all_ascii).then(|| text.to_string()),
            len: text.len(),
            starts,
            ascii,
        })
    });
}

fn offset(lc: proc_macro2::LineColumn) -> Option<usize> {
    LINES.with(|l| {
        let l = l.borrow();
        let t = l.as_ref()?;
        let i = lc.line.checked_sub(1)?;
        let start = *t.starts.get(i)?;
        let end = t.starts.get(i + 1).copied().unwrap_or(t.len);
        if t.ascii[i] {
            return Some((start + lc.column).min(end));
        }
        let line = t.text.as_deref()?.get(start..end)?;
        Some(
            start
                + line
                    .char_indices()
                    .nth(lc.column)
                    .map_or(line.len(), |(b, _)| b),
        )
    })
}

/// Byte offset where a token starts.
pub fn lo(s: proc_macro2::Span) -> usize {
    offset(s.start()).unwrap_or_else(|| s.byte_range().start)
}
/// Byte offset where a token ends.
pub fn hi(s: proc_macro2::Span) -> usize {
    offset(s.end()).unwrap_or_else(|| s.byte_range().end)
}
fn open(d: &DelimSpan) -> usize {
    lo(d.open())
}
fn close(d: &DelimSpan) -> usize {
    hi(d.close())
}
/// The span of a delimited group (`{ .. }`, `( .. )`), delimiters included.
pub fn delim_span(d: &DelimSpan) -> Span {
    Span::new(open(d), close(d))
}

pub fn expr_span(e: &Expr) -> Span {
    Span::new(expr_start(e, 0), expr_end(e, 0))
}

/// Where an expression starts: [`expr_span`]'s start, without finding its end.
pub fn expr_start_of(e: &Expr) -> usize {
    expr_start(e, 0)
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
            let sp = syn::spanned::Spanned::span(i);
            Span::new(lo(sp), hi(sp))
        }
    }
}

/// The span of a pattern, from its first and last tokens.
pub fn pat_span(p: &syn::Pat) -> Span {
    use syn::Pat;
    let fast = match p {
        Pat::Ident(i) => {
            let start = i
                .by_ref
                .map(|t| t.span)
                .or(i.mutability.map(|t| t.span))
                .unwrap_or(i.ident.span());
            let end = match &i.subpat {
                Some((_, sub)) => pat_span(sub).end,
                None => hi(i.ident.span()),
            };
            Some(Span::new(lo(start), end))
        }
        Pat::Wild(w) => Some(Span::new(
            lo(w.underscore_token.span),
            hi(w.underscore_token.span),
        )),
        Pat::Rest(r) => Some(Span::new(
            lo(r.dot2_token.spans[0]),
            hi(r.dot2_token.spans[1]),
        )),
        Pat::Tuple(t) => Some(Span::new(
            open(&t.paren_token.span),
            close(&t.paren_token.span),
        )),
        Pat::Paren(t) => Some(Span::new(
            open(&t.paren_token.span),
            close(&t.paren_token.span),
        )),
        Pat::Slice(t) => Some(Span::new(
            open(&t.bracket_token.span),
            close(&t.bracket_token.span),
        )),
        Pat::TupleStruct(t) if t.qself.is_none() => {
            path_start(&t.path).map(|st| Span::new(st, close(&t.paren_token.span)))
        }
        Pat::Struct(t) if t.qself.is_none() => {
            path_start(&t.path).map(|st| Span::new(st, close(&t.brace_token.span)))
        }
        Pat::Path(e) if e.qself.is_none() => path_start(&e.path)
            .zip(path_end(&e.path))
            .map(|(a, b)| Span::new(a, b)),
        Pat::Reference(r) => Some(Span::new(lo(r.and_token.span), pat_span(&r.pat).end)),
        Pat::Type(t) => Some(Span::new(pat_span(&t.pat).start, ty_end(&t.ty))),
        Pat::Or(o) if o.leading_vert.is_none() => match (o.cases.first(), o.cases.last()) {
            (Some(a), Some(b)) => Some(Span::new(pat_span(a).start, pat_span(b).end)),
            _ => None,
        },
        _ => None,
    };
    fast.unwrap_or_else(|| {
        let sp = syn::spanned::Spanned::span(p);
        Span::new(lo(sp), hi(sp))
    })
}

fn ty_end(t: &syn::Type) -> usize {
    use syn::Type;
    let fast = match t {
        Type::Path(p) if p.qself.is_none() => path_end(&p.path),
        Type::Reference(r) => Some(ty_end(&r.elem)),
        Type::Ptr(r) => Some(ty_end(&r.elem)),
        Type::Tuple(t) => Some(close(&t.paren_token.span)),
        Type::Array(a) => Some(close(&a.bracket_token.span)),
        Type::Slice(a) => Some(close(&a.bracket_token.span)),
        _ => None,
    };
    fast.unwrap_or_else(|| hi(syn::spanned::Spanned::span(t)))
}

/// Where a loop or block starts: its label, else its keyword (or brace).
fn labeled_start(label: &Option<syn::Label>, keyword: usize) -> usize {
    label.as_ref().map_or(keyword, |l| lo(l.name.apostrophe))
}

/// Where an `if` ends: its last `else` branch, else its then-block.
fn if_end(i: &syn::ExprIf, d: usize) -> usize {
    match &i.else_branch {
        Some((_, els)) => expr_end(els, d),
        None => close(&i.then_branch.brace_token.span),
    }
}

/// Where a field access ends: its field name or index.
fn member_end(m: &syn::Member) -> usize {
    match m {
        syn::Member::Named(i) => hi(i.span()),
        syn::Member::Unnamed(i) => hi(i.span),
    }
}

/// The span of a kind of expression held outside an `Expr` (`&ExprIf`, `&ExprMatch`, …):
/// the same answer as [`expr_span`] gives for the `Expr` around it.
pub fn expr_variant_span(any: &dyn std::any::Any) -> Option<Span> {
    if let Some(i) = any.downcast_ref::<syn::ExprIf>() {
        return Some(Span::new(lo(i.if_token.span), if_end(i, 0)));
    }
    if let Some(m) = any.downcast_ref::<syn::ExprMatch>() {
        return Some(Span::new(
            lo(m.match_token.span),
            close(&m.brace_token.span),
        ));
    }
    if let Some(a) = any.downcast_ref::<syn::ExprAssign>() {
        return Some(Span::new(expr_start(&a.left, 0), expr_end(&a.right, 0)));
    }
    if let Some(b) = any.downcast_ref::<syn::ExprBinary>() {
        return Some(Span::new(expr_start(&b.left, 0), expr_end(&b.right, 0)));
    }
    if let Some(p) = any.downcast_ref::<syn::ExprPath>()
        && p.qself.is_none()
    {
        return Some(Span::new(path_start(&p.path)?, path_end(&p.path)?));
    }
    if let Some(w) = any.downcast_ref::<syn::ExprWhile>() {
        return Some(Span::new(
            labeled_start(&w.label, lo(w.while_token.span)),
            close(&w.body.brace_token.span),
        ));
    }
    if let Some(c) = any.downcast_ref::<syn::ExprCall>() {
        return Some(Span::new(
            expr_start(&c.func, 0),
            close(&c.paren_token.span),
        ));
    }
    if let Some(f) = any.downcast_ref::<syn::ExprField>() {
        return Some(Span::new(expr_start(&f.base, 0), member_end(&f.member)));
    }
    if let Some(a) = any.downcast_ref::<syn::ExprAwait>() {
        return Some(Span::new(expr_start(&a.base, 0), hi(a.await_token.span)));
    }
    if let Some(i) = any.downcast_ref::<proc_macro2::Ident>() {
        return Some(Span::new(lo(i.span()), hi(i.span())));
    }
    if let Some(a) = any.downcast_ref::<syn::token::Await>() {
        return Some(Span::new(lo(a.span), hi(a.span)));
    }
    if let Some(l) = any.downcast_ref::<syn::LitStr>() {
        return Some(Span::new(lo(l.span()), hi(l.span())));
    }
    if let Some(p) = any.downcast_ref::<syn::Pat>() {
        return Some(pat_span(p));
    }
    if let Some(p) = any.downcast_ref::<Box<syn::Pat>>() {
        return Some(pat_span(p));
    }
    None
}

pub fn local_span(l: &syn::Local) -> Span {
    Span::new(lo(l.let_token.span), hi(l.semi_token.span))
}

pub fn method_call_span(mc: &syn::ExprMethodCall) -> Span {
    Span::new(expr_start(&mc.receiver, 0), close(&mc.paren_token.span))
}

/// The span of a macro's arguments, delimiters included.
pub fn macro_args_span(m: &syn::Macro) -> Span {
    let d = match &m.delimiter {
        syn::MacroDelimiter::Paren(p) => &p.span,
        syn::MacroDelimiter::Brace(b) => &b.span,
        syn::MacroDelimiter::Bracket(b) => &b.span,
    };
    Span::new(open(d), close(d))
}

/// A macro call from its path to its closing delimiter (`zread!(self.state)`), as
/// [`expr_span`] of the `Expr::Macro` around it.
pub fn macro_span(m: &syn::Macro) -> Span {
    let end = macro_close(m);
    Span::new(path_start(&m.path).unwrap_or(end), end)
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
        syn::PathArguments::Parenthesized(_) => span_of(last).end,
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
    LINES.with(|l| *l.borrow_mut() = None);
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
    let sp = syn::spanned::Spanned::span(e);
    Span::new(lo(sp), hi(sp))
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
        Expr::Block(b) => Some(labeled_start(&b.label, open(&b.block.brace_token.span))),
        Expr::If(i) => Some(lo(i.if_token.span)),
        Expr::Match(m) => Some(lo(m.match_token.span)),
        Expr::While(w) => Some(labeled_start(&w.label, lo(w.while_token.span))),
        Expr::Loop(l) => Some(labeled_start(&l.label, lo(l.loop_token.span))),
        Expr::ForLoop(f) => Some(labeled_start(&f.label, lo(f.for_token.span))),
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
        Expr::Range(r) => Some(match &r.start {
            Some(s) => expr_start(s, d),
            None => match &r.limits {
                syn::RangeLimits::HalfOpen(t) => lo(t.spans[0]),
                syn::RangeLimits::Closed(t) => lo(t.spans[0]),
            },
        }),
        Expr::Infer(i) => Some(lo(i.underscore_token.span)),
        Expr::TryBlock(t) => Some(lo(t.try_token.span)),
        Expr::Unary(u) => match u.op {
            syn::UnOp::Deref(t) => Some(lo(t.span)),
            syn::UnOp::Not(t) => Some(lo(t.span)),
            syn::UnOp::Neg(t) => Some(lo(t.span)),
            _ => None,
        },
        Expr::Closure(c) => Some(lo(c
            .lifetimes
            .as_ref()
            .map(|l| l.for_token.span)
            .or(c.constness.map(|t| t.span))
            .or(c.asyncness.map(|t| t.span))
            .or(c.capture.map(|t| t.span))
            .unwrap_or(c.inputs_begin.span))),
        Expr::Break(b) => Some(lo(b.break_token.span)),
        Expr::Continue(c) => Some(lo(c.continue_token.span)),
        Expr::Repeat(r) => Some(open(&r.bracket_token.span)),
        Expr::Const(c) => Some(lo(c.const_token.span)),
        Expr::Yield(y) => Some(lo(y.yield_token.span)),
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
        Expr::Field(f) => Some(member_end(&f.member)),
        Expr::Call(c) => Some(close(&c.paren_token.span)),
        Expr::Await(a) => Some(hi(a.await_token.span)),
        Expr::Try(t) => Some(hi(t.question_token.spans[0])),
        Expr::Binary(b) => Some(expr_end(&b.right, d)),
        Expr::Index(i) => Some(close(&i.bracket_token.span)),
        Expr::Assign(a) => Some(expr_end(&a.right, d)),
        Expr::Path(p) if p.qself.is_none() => path_end(&p.path),
        Expr::Block(b) => Some(close(&b.block.brace_token.span)),
        Expr::If(i) => Some(if_end(i, d)),
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
        Expr::Range(r) => Some(match &r.end {
            Some(x) => expr_end(x, d),
            None => match &r.limits {
                syn::RangeLimits::HalfOpen(t) => hi(t.spans[1]),
                syn::RangeLimits::Closed(t) => hi(t.spans[2]),
            },
        }),
        // `x as u8 as u8 …` printed the whole chain's tokens at every level (#17)
        Expr::Cast(c) => Some(ty_end(&c.ty)),
        Expr::Yield(y) => Some(match &y.expr {
            Some(x) => expr_end(x, d),
            None => hi(y.yield_token.span),
        }),
        Expr::Infer(i) => Some(hi(i.underscore_token.span)),
        Expr::TryBlock(t) => Some(close(&t.block.brace_token.span)),
        Expr::Break(b) => Some(match (&b.expr, &b.label) {
            (Some(x), _) => expr_end(x, d),
            (None, Some(l)) => hi(l.ident.span()),
            (None, None) => hi(b.break_token.span),
        }),
        Expr::Continue(c) => Some(match &c.label {
            Some(l) => hi(l.ident.span()),
            None => hi(c.continue_token.span),
        }),
        Expr::Repeat(r) => Some(close(&r.bracket_token.span)),
        Expr::Const(c) => Some(close(&c.block.brace_token.span)),
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
            let u = (!a, *b, -c, |x| x, async move |y| y, [0u8; 4], const { 1 });
            'l: loop { break 'l 1; }
            loop { break; }
            'm: for _ in v { continue 'm; }
            for _ in v { continue; }
            vec![1, 2];
            let r = (a.., ..b, .., a..=b, ..=b, x as u8 as u16, &x as *const u8, (x as Foo<u8>));
            _ = f();
            let w = x as u8 + y as u16;
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
        assert_eq!(block_span(&f.block), span_of(&*f.block));
    }

    /// With the text installed, token offsets come from line/column and agree with
    /// proc-macro2's own byte ranges, also on lines with multi-byte characters, a BOM and CRLF.
    #[test]
    fn line_table_agrees_with_byte_range() {
        let src = "\u{feff}// é ü\r\nfn f() {\r\n    let s = \"ßüé\"; let t = 'ж';\r\n    m.lock().unwrap().x /* ∑ */ += 1;\n    naïve(s, t)\n}\n";
        let ts: proc_macro2::TokenStream = src.parse().unwrap();
        fn walk(ts: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::Span>) {
            for t in ts {
                out.push(t.span());
                if let proc_macro2::TokenTree::Group(g) = t {
                    out.push(g.span_open());
                    out.push(g.span_close());
                    walk(g.stream(), out);
                }
            }
        }
        let mut spans = Vec::new();
        walk(ts, &mut spans);
        assert!(spans.len() > 30);
        let starts: Vec<u32> = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        install_text(src, &starts);
        for sp in spans {
            let r = sp.byte_range();
            assert_eq!((lo(sp), hi(sp)), (r.start, r.end), "{:?}", &src[r]);
        }
        reset();
        proc_macro2::extra::invalidate_current_thread_spans();
    }

    /// Patterns and expression kinds held outside an `Expr` take the cheap path and agree
    /// with syn's printed spans.
    #[test]
    fn variants_and_patterns_agree_with_spanned() {
        let src = r#"fn f((a, mut b): (u8, &mut T), S { x, .. }: S, [c, ..]: [u8; 2]) {
            let Some(ref mut v) = o else { return };
            let (T(p, q), &r, _, u @ 1..=2) = z;
            let w: Vec<u8> = if a { 1 } else if b { 2 } else { 3 };
            match m { Foo::A | Foo::B(_) => {}, Bar { y, .. } => {}, (x, y) => {}, _ => {} }
            x = g(1) + h.k.await;
            'l: while cond { a.b.c = 2; }
            let s = "lit";
        }"#;
        let file: syn::File = syn::parse_str(src).unwrap();
        struct V(Vec<(Span, Span, String)>);
        fn slow_of<T: syn::spanned::Spanned>(n: &T) -> Span {
            let r = n.span().byte_range();
            Span::new(r.start, r.end)
        }
        impl<'a> syn::visit::Visit<'a> for V {
            fn visit_pat(&mut self, p: &'a syn::Pat) {
                self.0.push((pat_span(p), slow_of(p), "pat".into()));
                syn::visit::visit_pat(self, p);
            }
            fn visit_expr_if(&mut self, e: &'a syn::ExprIf) {
                self.0.push((span_of(e), slow_of(e), "if".into()));
                syn::visit::visit_expr_if(self, e);
            }
            fn visit_expr_match(&mut self, e: &'a syn::ExprMatch) {
                self.0.push((span_of(e), slow_of(e), "match".into()));
                syn::visit::visit_expr_match(self, e);
            }
            fn visit_expr_assign(&mut self, e: &'a syn::ExprAssign) {
                self.0.push((span_of(e), slow_of(e), "assign".into()));
                syn::visit::visit_expr_assign(self, e);
            }
            fn visit_expr_binary(&mut self, e: &'a syn::ExprBinary) {
                self.0.push((span_of(e), slow_of(e), "binary".into()));
                syn::visit::visit_expr_binary(self, e);
            }
            fn visit_expr_path(&mut self, e: &'a syn::ExprPath) {
                self.0.push((span_of(e), slow_of(e), "path".into()));
            }
            fn visit_expr_while(&mut self, e: &'a syn::ExprWhile) {
                self.0.push((span_of(e), slow_of(e), "while".into()));
                syn::visit::visit_expr_while(self, e);
            }
            fn visit_expr_call(&mut self, e: &'a syn::ExprCall) {
                self.0.push((span_of(e), slow_of(e), "call".into()));
                syn::visit::visit_expr_call(self, e);
            }
            fn visit_expr_field(&mut self, e: &'a syn::ExprField) {
                self.0.push((span_of(e), slow_of(e), "field".into()));
                syn::visit::visit_expr_field(self, e);
            }
            fn visit_expr_await(&mut self, e: &'a syn::ExprAwait) {
                self.0.push((span_of(e), slow_of(e), "await".into()));
                syn::visit::visit_expr_await(self, e);
            }
            fn visit_ident(&mut self, i: &'a proc_macro2::Ident) {
                self.0.push((span_of(i), slow_of(i), "ident".into()));
            }
            fn visit_lit_str(&mut self, l: &'a syn::LitStr) {
                self.0.push((span_of(l), slow_of(l), "str".into()));
            }
        }
        let mut v = V(Vec::new());
        syn::visit::Visit::visit_file(&mut v, &file);
        for kind in [
            "pat", "if", "match", "assign", "binary", "path", "while", "call", "field", "await",
            "ident", "str",
        ] {
            assert!(v.0.iter().any(|x| x.2 == kind), "no {kind}");
        }
        for (fast, slow, kind) in v.0 {
            assert_eq!(fast, slow, "{kind} {:?}", &src[slow.start..slow.end]);
        }
    }
}
