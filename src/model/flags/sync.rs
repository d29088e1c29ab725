//! What synchronizes a flag besides its own ordering: fences, and the value an acquiring load
//! or compare-exchange observes on the path that goes on.

use super::super::FileSyntax;
use crate::diagnostic::Span;
use crate::model::span::span_of;
use crate::model::syntax::{call_name, peel_blocks, slice};
use std::collections::HashMap;
use syn::visit::Visit;

fn pair(span: Span) -> (usize, usize) {
    (span.start, span.end)
}

/// A `fence(..)` / `atomic::fence(..)` call (`compiler_fence` excluded).
#[derive(Clone, Copy, Debug)]
pub struct Fence {
    pub span: Span,
    pub acquires: bool,
    pub releases: bool,
    /// `fence(SeqCst)`: also orders a store before it with a load after it.
    pub seq_cst: bool,
}

/// Every fence of the file.
pub fn fences(cx: FileSyntax) -> Vec<Fence> {
    struct V<'t>(&'t str, Vec<Fence>);
    impl<'ast> Visit<'ast> for V<'_> {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if call_name(c).is_some_and(|n| n == "fence") {
                let args = c
                    .args
                    .iter()
                    .map(|a| slice(self.0, span_of(a)))
                    .collect::<String>();
                let acq = ["Acquire", "AcqRel", "SeqCst"]
                    .iter()
                    .any(|o| args.contains(o));
                let rel = ["Release", "AcqRel", "SeqCst"]
                    .iter()
                    .any(|o| args.contains(o));
                self.1.push(Fence {
                    span: span_of(c),
                    acquires: acq,
                    releases: rel,
                    seq_cst: args.contains("SeqCst"),
                });
            }
            syn::visit::visit_expr_call(self, c);
        }
    }
    let mut v = V(&cx.source.text, Vec::new());
    v.visit_file(cx.ast);
    v.1
}

/// For loads and `compare_exchange`s in conditions: the value seen on the path that goes on
/// (the loop's exit for `while`, the then-branch of `if`, the code after a diverging `if`).
pub fn observed_values(file: &syn::File) -> HashMap<(usize, usize), bool> {
    struct V(HashMap<(usize, usize), bool>);
    impl<'ast> Visit<'ast> for V {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
            observed(&w.cond, false, &mut self.0);
            syn::visit::visit_expr_while(self, w);
        }
        fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
            // `if c { break }` leaves the loop with `c` true; `if c { return }` / `continue`
            // goes on with `c` false; otherwise the then-branch runs with `c` true
            let goes_on_false = i.then_branch.stmts.last().is_some_and(|s| {
                matches!(
                    s,
                    syn::Stmt::Expr(syn::Expr::Return(_) | syn::Expr::Continue(_), _)
                )
            });
            observed(&i.cond, !goes_on_false, &mut self.0);
            syn::visit::visit_expr_if(self, i);
        }
        fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
            let m = mc.method.to_string();
            if (m == "compare_exchange" || m == "compare_exchange_weak" || m == "compare_and_swap")
                && let Some(syn::Expr::Lit(l)) = mc.args.first().map(peel_blocks)
                && let syn::Lit::Bool(b) = &l.lit
            {
                self.0.insert(pair(span_of(mc)), b.value);
            }
            syn::visit::visit_expr_method_call(self, mc);
        }
    }
    let mut v = V(HashMap::new());
    v.visit_file(file);
    v.0
}

/// Loads in `e` and the value they have when `e` evaluates to `when`.
pub fn observed(e: &syn::Expr, when: bool, out: &mut HashMap<(usize, usize), bool>) {
    match peel_blocks(e) {
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => observed(&u.expr, !when, out),
        syn::Expr::MethodCall(mc) if mc.method == "load" => {
            out.entry(pair(span_of(mc))).or_insert(when);
        }
        syn::Expr::Binary(b) => {
            let lit = |e: &syn::Expr| match peel_blocks(e) {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Bool(b),
                    ..
                }) => Some(b.value),
                _ => None,
            };
            match b.op {
                syn::BinOp::Eq(_) | syn::BinOp::Ne(_) => {
                    let ne = matches!(b.op, syn::BinOp::Ne(_));
                    let (other, v) = match (lit(&b.left), lit(&b.right)) {
                        (Some(v), None) => (&b.right, v),
                        (None, Some(v)) => (&b.left, v),
                        _ => return,
                    };
                    // `x == v` is `when`: x is v when `when`, else !v (for bools)
                    let x = if when ^ ne { v } else { !v };
                    observed(other, x, out);
                }
                syn::BinOp::And(_) if when => {
                    observed(&b.left, true, out);
                    observed(&b.right, true, out);
                }
                syn::BinOp::Or(_) if !when => {
                    observed(&b.left, false, out);
                    observed(&b.right, false, out);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// The atomic `load`s whose value a condition tests: anywhere inside an `if` or `while`
/// condition (`if let` scrutinees included) or a `match` scrutinee (`if x.load(o) > 0`,
/// `while !done.load(o)`), closures inside them excluded; and the loads of a `let` whose
/// binding a later condition of the block (or of a block inside it) tests
/// (`let has_work = tail.load(o) != head.load(o); if has_work { .. }`).
pub fn tested_loads(file: &syn::File) -> std::collections::HashSet<(usize, usize)> {
    struct Loads<'o>(&'o mut std::collections::HashSet<(usize, usize)>);
    impl<'ast> Visit<'ast> for Loads<'_> {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
            if mc.method == "load" {
                self.0.insert(pair(span_of(mc)));
            }
            syn::visit::visit_expr_method_call(self, mc);
        }
    }
    /// The one-segment paths a condition reads (`has_work`, `!ready && more`).
    struct Names<'o>(&'o mut Vec<String>);
    impl<'ast> Visit<'ast> for Names<'_> {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.qself.is_none()
                && let Some(id) = p.path.get_ident()
            {
                self.0.push(id.to_string());
            }
        }
    }
    /// The `let` bindings of one open block seen so far, with the loads of their
    /// initialisers.
    type Frame = Vec<(String, Vec<(usize, usize)>)>;
    /// `0`: the tested loads; `1`: the frames of the open blocks.
    struct V(std::collections::HashSet<(usize, usize)>, Vec<Frame>);
    impl V {
        fn cond(&mut self, e: &syn::Expr) {
            Loads(&mut self.0).visit_expr(e);
            let mut names = Vec::new();
            Names(&mut names).visit_expr(e);
            for n in names {
                // the innermost, latest binding of the name
                if let Some((_, loads)) = self
                    .1
                    .iter()
                    .rev()
                    .find_map(|frame| frame.iter().rev().find(|(b, _)| *b == n))
                {
                    self.0.extend(loads.iter().copied());
                }
            }
        }
    }
    impl<'ast> Visit<'ast> for V {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_block(&mut self, b: &'ast syn::Block) {
            self.1.push(Vec::new());
            syn::visit::visit_block(self, b);
            self.1.pop();
        }
        fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
            // a closure's body does not see the enclosing block's bindings as tested values
            let outer = std::mem::take(&mut self.1);
            syn::visit::visit_expr_closure(self, c);
            self.1 = outer;
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            syn::visit::visit_local(self, l);
            let mut pat = &l.pat;
            if let syn::Pat::Type(t) = pat {
                pat = &t.pat;
            }
            if let (syn::Pat::Ident(id), Some(init)) = (pat, &l.init)
                && let Some(frame) = self.1.last_mut()
            {
                let mut loads = std::collections::HashSet::new();
                Loads(&mut loads).visit_expr(&init.expr);
                let mut loads: Vec<(usize, usize)> = loads.into_iter().collect();
                loads.sort_unstable();
                frame.push((id.ident.to_string(), loads));
            }
        }
        fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
            self.cond(&w.cond);
            syn::visit::visit_expr_while(self, w);
        }
        fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
            self.cond(&i.cond);
            syn::visit::visit_expr_if(self, i);
        }
        fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
            self.cond(&m.expr);
            syn::visit::visit_expr_match(self, m);
        }
    }
    let mut v = V(Default::default(), Vec::new());
    v.visit_file(file);
    v.0
}
