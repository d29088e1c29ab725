//! Reads and writes: the statements a read-modify-write can be made of (`let`s, assignments,
//! compound assignments, method calls, conditions, `static mut` items, each with the function
//! model it belongs to), what an expression reaches through a lock guard, and data flow from a
//! read into a write.

use crate::diagnostic::Span;
use crate::model::func::idents_in;
use crate::model::span::span_of;
pub use crate::model::syntax::{compound_op, plain_op};
use crate::model::{FileSyntax, FnModel};
use syn::visit::Visit;

/// The AST nodes the rules of this family look at, each with the index of the innermost
/// function model (function, closure or async block) it belongs to.
pub struct Facts<'ast> {
    pub lets: Vec<(usize, &'ast syn::Local)>,
    pub assigns: Vec<(usize, &'ast syn::ExprAssign)>,
    /// `a += b`, `a |= b`, ... (syn keeps them as binary expressions).
    pub compound: Vec<(usize, &'ast syn::ExprBinary)>,
    pub method_calls: Vec<(usize, &'ast syn::ExprMethodCall)>,
    /// Each condition / scrutinee of an `if`, `while`, `match` (and match-arm guard) with the
    /// span of a body it controls (for "is this write conditional on a fresh read?").
    pub conditions: Vec<(&'ast syn::Expr, Span)>,
    /// Each condition of an `if` without `else` whose then-branch leaves (`return`,
    /// `continue`, ...), with the span of the statements after it in its block: they run
    /// only where the condition was false.
    pub early_exits: Vec<(&'ast syn::Expr, Span)>,
    /// Each `if` that is a statement of a block (not an `if let`), with its parts' spans and
    /// the statement before it in the block.
    pub if_stmts: Vec<IfStmt>,
    pub static_muts: Vec<&'ast syn::ItemStatic>,
}

impl<'ast> Facts<'ast> {
    pub fn collect(cx: FileSyntax<'ast>) -> Facts<'ast> {
        let mut c = Collector {
            model: cx.model,
            facts: Facts {
                lets: Vec::new(),
                assigns: Vec::new(),
                compound: Vec::new(),
                method_calls: Vec::new(),
                conditions: Vec::new(),
                early_exits: Vec::new(),
                if_stmts: Vec::new(),
                static_muts: Vec::new(),
            },
        };
        c.visit_file(cx.ast);
        c.facts
    }
}

/// An `if` (not `if let`) written as a statement of a block: `if c { .. }` or `if c { .. };`.
pub struct IfStmt {
    /// The `if` expression, without a trailing `;`.
    pub span: Span,
    pub cond: Span,
    /// The then-block, braces included, and each of its statements.
    pub then_block: Span,
    pub then_stmts: Vec<Span>,
    pub has_else: bool,
    /// The statement right before the `if` in its block.
    pub prev: Option<Span>,
}

struct Collector<'m, 'ast> {
    model: &'m crate::model::FileModel,
    facts: Facts<'ast>,
}

impl Collector<'_, '_> {
    fn fn_at(&self, span: Span) -> Option<usize> {
        self.model.fn_enclosing(span)
    }
}

impl<'ast> Visit<'ast> for Collector<'_, 'ast> {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(f) = self.fn_at(span_of(l)) {
            self.facts.lets.push((f, l));
        }
        syn::visit::visit_local(self, l);
    }
    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        if let Some(f) = self.fn_at(span_of(a)) {
            self.facts.assigns.push((f, a));
        }
        syn::visit::visit_expr_assign(self, a);
    }
    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if compound_op(&b.op).is_some()
            && let Some(f) = self.fn_at(span_of(b))
        {
            self.facts.compound.push((f, b));
        }
        syn::visit::visit_expr_binary(self, b);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if let Some(f) = self.fn_at(span_of(m)) {
            self.facts.method_calls.push((f, m));
        }
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.facts
            .conditions
            .push((&i.cond, span_of(&i.then_branch)));
        if let Some((_, e)) = &i.else_branch {
            self.facts.conditions.push((&i.cond, span_of(&**e)));
        }
        syn::visit::visit_expr_if(self, i);
    }
    fn visit_block(&mut self, b: &'ast syn::Block) {
        for (i, st) in b.stmts.iter().enumerate() {
            if let syn::Stmt::Expr(syn::Expr::If(e), _) = st
                && !matches!(*e.cond, syn::Expr::Let(_))
            {
                self.facts.if_stmts.push(IfStmt {
                    span: span_of(e),
                    cond: span_of(&*e.cond),
                    then_block: span_of(&e.then_branch),
                    then_stmts: e.then_branch.stmts.iter().map(span_of).collect(),
                    has_else: e.else_branch.is_some(),
                    prev: i.checked_sub(1).map(|j| span_of(&b.stmts[j])),
                });
            }
            if let syn::Stmt::Expr(syn::Expr::If(e), _) = st
                && let Some(after) = crate::model::decisions::after_exit(e, &b.stmts[i + 1..])
            {
                self.facts.early_exits.push((&e.cond, after));
            }
        }
        syn::visit::visit_block(self, b);
    }
    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.facts.conditions.push((&w.cond, span_of(&w.body)));
        syn::visit::visit_expr_while(self, w);
    }
    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        for arm in &m.arms {
            self.facts.conditions.push((&m.expr, span_of(&*arm.body)));
            if let syn::Pat::Guard(g) = &arm.pat {
                self.facts.conditions.push((&g.guard, span_of(&*arm.body)));
            }
        }
        syn::visit::visit_expr_match(self, m);
    }
    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        if matches!(s.mutability, syn::StaticMutability::Mut(_)) {
            self.facts.static_muts.push(s);
        }
        syn::visit::visit_item_static(self, s);
    }
}

/// What an expression reaches through a lock guard: `m.lock().unwrap().count`, `*x.read()`,
/// `g.count` where `g` is a named guard alive there.
#[derive(Debug, Clone)]
pub struct GuardPath {
    /// Index into the function's acquisitions.
    pub acq: usize,
    /// Fields below the guard (`["count"]`; empty for `*guard`).
    pub fields: Vec<String>,
    /// Something was read through the guard (a deref, a field, `.clone()`), as opposed to the
    /// guard value itself.
    pub through: bool,
}

pub fn guard_path(fnm: &FnModel, e: &syn::Expr) -> Option<GuardPath> {
    guard_path_or_core(fnm, e).ok()
}

/// [`guard_path`], or on failure the expression the path peeled down to (no expression
/// between `e` and it has a guard path either).
fn guard_path_or_core<'e>(fnm: &FnModel, e: &'e syn::Expr) -> Result<GuardPath, &'e syn::Expr> {
    let mut fields = Vec::new();
    let mut through = false;
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Field(f) => {
                fields.push(crate::model::syntax::member_name(&f.member));
                through = true;
                cur = &f.base;
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                through = true;
                cur = &u.expr;
            }
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Group(g) => cur = &g.expr,
            syn::Expr::Reference(r) => cur = &r.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "clone" | "to_owned" | "deref" | "deref_mut" | "as_mut" | "as_ref"
                    ) =>
            {
                through = true;
                cur = &mc.receiver;
            }
            _ => break,
        }
    }
    fields.reverse();
    // the end only where an acquisition starts: finding it at each level of a deep
    // expression (`!!!…a`) looked up a memo entry per level (#17)
    let start = crate::model::span::expr_start_of(cur);
    if fnm.acquisition_starts_at(start)
        && let Some(i) = fnm.acquisition_index_at(span_of(cur))
    {
        return Ok(GuardPath {
            acq: i,
            fields,
            through,
        });
    }
    if let syn::Expr::Path(p) = cur
        && p.qself.is_none()
        && p.path.segments.len() == 1
    {
        let name = p.path.segments[0].ident.to_string();
        if let Some(i) = fnm
            .acquisitions_named(&name)
            .into_iter()
            .rev()
            .find(|&i| fnm.acquisitions[i].live_at(start))
        {
            return Ok(GuardPath {
                acq: i,
                fields,
                through,
            });
        }
    }
    Err(cur)
}

/// Every read through a guard inside `e` (the outermost chain of each), with its span.
pub fn guard_reads(fnm: &FnModel, e: &syn::Expr) -> Vec<(GuardPath, Span)> {
    struct V<'a> {
        fnm: &'a FnModel,
        out: Vec<(GuardPath, Span)>,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            match guard_path_or_core(self.fnm, e) {
                Ok(g) => self.out.push((g, span_of(e))),
                // the expressions between `e` and `core` are fields, derefs, parentheses,
                // references and argument-less `clone()`s of it: none has a guard path, and
                // none reads anything `core` does not (peeling each again was quadratic)
                Err(core) => syn::visit::visit_expr(self, core),
            }
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            // a method called on the guard itself reads the whole guarded value
            if let Some(g) = guard_path(self.fnm, &m.receiver)
                && !g.through
                && !crate::model::syntax::is_lock_method(m)
            {
                self.out.push((g, span_of(&*m.receiver)));
                for a in &m.args {
                    self.visit_expr(a);
                }
                return;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
            // `*g.lock() = v` writes through the guard: only the assigned value is read
            self.visit_expr(&a.right);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            // `matches!(*g, State::Loading(_))` tests the guarded value
            if crate::model::syntax::macro_name(m) == "matches" {
                for e in crate::model::syntax::macro_expr_pieces(&m.tokens)
                    .iter()
                    .take(1)
                {
                    self.visit_expr(e);
                }
            }
        }
    }
    let mut v = V {
        fnm,
        out: Vec::new(),
    };
    v.visit_expr(e);
    v.out
}

/// Whether the `let` `local` moves the value at `read` (a place reached through a guard) out of
/// it with `Option::take()` and insists that it was there: `let v = g.slot.take().expect(..)`,
/// `.unwrap()`, `.ok_or(..)?`, `.context(..)?`, `let Some(v) = g.slot.take() else { return }`,
/// `match g.slot.take() { Some(v) => v, None => return }`.
/// An ownership hand-off: while the value is out the place is empty, and the code treats an
/// empty place as a broken invariant rather than a state to act on, so one actor at a time
/// holds the value; the write that puts it back (or its successor) restores what the taker
/// alone held, not a copy another actor could have updated meanwhile.
pub fn asserted_take(local: &syn::Local, read: Span) -> bool {
    let Some(init) = &local.init else {
        return false;
    };
    let is_take = |e: &syn::Expr| {
        matches!(crate::model::syntax::peel_parens(e), syn::Expr::MethodCall(m)
            if m.method == "take" && m.args.is_empty() && span_of(&*m.receiver) == read)
    };
    // `let Some(v) = g.slot.take() else { .. }`
    if init.diverge.is_some()
        && is_take(&init.expr)
        && matches!(&local.pat, syn::Pat::TupleStruct(t)
            if t.path.segments.last().is_some_and(|s| s.ident == "Some"))
    {
        return true;
    }
    // the part of the initialiser the read is in: a block's tail, a tuple's element (`let (v,
    // rx) = { let mut g = m.lock(); (g.slot.take().expect(..), g.rx.clone()) }`)
    let mut e = crate::model::syntax::peel_parens(&init.expr);
    for _ in 0..8 {
        let inner = match e {
            syn::Expr::Block(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(t, None)) => Some(t),
                _ => None,
            },
            syn::Expr::Tuple(t) => t.elems.iter().find(|x| span_of(*x).encloses(read)),
            _ => None,
        };
        match inner {
            Some(i) if span_of(i).encloses(read) => e = crate::model::syntax::peel_parens(i),
            _ => break,
        }
    }
    match e {
        // `g.slot.take()?`, or a `None` turned into an error and returned: `.ok_or(..)?`,
        // `.context(..)?`, any adapter followed by `?`
        syn::Expr::Try(t) => {
            let e = crate::model::syntax::peel_parens(&t.expr);
            is_take(e)
                || matches!(e, syn::Expr::MethodCall(m)
                if is_take(&m.receiver)
                    && !matches!(
                        m.method.to_string().as_str(),
                        "unwrap_or" | "unwrap_or_default" | "unwrap_or_else" | "or" | "or_else"
                    ))
        }
        // a panic on `None`
        syn::Expr::MethodCall(m) => {
            matches!(m.method.to_string().as_str(), "expect" | "unwrap") && is_take(&m.receiver)
        }
        // `if let Some(v) = g.slot.take() { v } else { return }`
        syn::Expr::If(i) => {
            matches!(&*i.cond, syn::Expr::Let(l)
                if is_take(&l.expr)
                    && matches!(&*l.pat, syn::Pat::TupleStruct(t)
                        if t.path.segments.last().is_some_and(|s| s.ident == "Some")))
                && i.then_branch.stmts.len() == 1
                && i.else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| crate::model::decisions::expr_diverges(e))
        }
        // `match g.slot.take() { Some(v) => v, None => return }`
        syn::Expr::Match(m) => {
            is_take(&m.expr)
                && m.arms.iter().all(|a| {
                    matches!(&a.pat, syn::Pat::TupleStruct(t)
                        if t.path.segments.last().is_some_and(|s| s.ident == "Some"))
                        || crate::model::decisions::expr_diverges(&a.body)
                })
        }
        _ => false,
    }
}

/// Whether the value of `value` (an expression evaluated at `at`) comes, through `let`
/// bindings, from the initialiser `source`. Returns the names of `value` that carry it.
pub fn flows_from_init(fnm: &FnModel, value: &syn::Expr, at: usize, source: Span) -> bool {
    let names = idents_in(value);
    fnm.flows_from(&names, at, &|init| init == source).is_some()
}

/// Whether the value of `value` (evaluated at `at`) carries the content of the read at `read`,
/// made in the `let` initialiser `init`: [`flows_from_init`], except where the read is only lent
/// to a request and the value is the other party's answer. The read's own `let` lends it
/// (`let reply = send(&*auth.read().await).await?`, [`crate::model::syntax::lends_read`]), or a
/// local on the way is only lent to an awaited call ([`FnModel::carried_from`]): `let cur =
/// addr.lock().await.clone(); let leader = check(&cur).await?; if let Some(l) = leader { *addr
/// .lock().await = l }` stores the server's answer; `cur` was compared, not handed back.
///
/// Past a lent local only the answer itself is taken as not carrying the read: the value
/// written is the answer's name, unwrapped (`?`, `Some(l)` of `if let`, `.clone()`), not a part
/// picked out of a composite answer (`let r = poll(&snapshot).await?; *state = r.new_state`: a
/// callee handed a snapshot may well answer the next state it computed from it).
pub fn carries_read(
    fnm: &FnModel,
    text: &str,
    value: &syn::Expr,
    at: usize,
    init: &syn::Expr,
    read: Span,
) -> bool {
    if crate::model::syntax::lends_read(init, read) {
        return false;
    }
    let source = span_of(init);
    fnm.carried_from(&idents_in(value), at, &|i| i == source)
        .is_some()
        || !whole_answer(fnm, text, value, at)
}

/// Whether `value` (at `at`) is the answer of an awaited call itself, through bindings that
/// only rename, unwrap or clone it (`let leader = check(..).await?; if let Some(l) = leader {
/// .. l .. }`): no field taken, no struct or tuple pattern, no computing method.
fn whole_answer(fnm: &FnModel, text: &str, value: &syn::Expr, at: usize) -> bool {
    let mut e = value.clone();
    let mut at = at;
    for _ in 0..8 {
        let Some(name) = bare_name(&e) else {
            return false;
        };
        let Some(b) = fnm.binding(&name, at) else {
            return false;
        };
        let Some(init) = b.init else {
            return false;
        };
        // the pattern's text: before the initialiser (`let p = `, `if let p =`), or the
        // pattern's own span (a `match` arm, after its scrutinee)
        let pat = if init.start > b.span.start {
            text.get(b.span.start..init.start)
        } else {
            text.get(b.span.start..b.span.end)
        };
        if b.names.len() != 1 || pat.is_none_or(|p| p.contains('{')) {
            return false;
        }
        if b.answer {
            return true;
        }
        let Some(Ok(next)) = text
            .get(init.start..init.end)
            .map(syn::parse_str::<syn::Expr>)
        else {
            return false;
        };
        e = next;
        at = b.span.start;
    }
    false
}

/// The local an expression is, through `?`, parentheses, references, `.clone()` / `.unwrap()`
/// and a one-value wrapper (`Some(x)`, `Ok(x)`).
fn bare_name(mut e: &syn::Expr) -> Option<String> {
    loop {
        match e {
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "clone" | "unwrap" | "to_owned" | "to_string" | "into"
                    ) =>
            {
                e = &m.receiver
            }
            syn::Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&*c.func, syn::Expr::Path(p) if p.path.get_ident().is_some_and(|i| matches!(i.to_string().as_str(), "Some" | "Ok"))) =>
            {
                e = &c.args[0]
            }
            syn::Expr::Path(p) => return p.path.get_ident().map(|i| i.to_string()),
            _ => return None,
        }
    }
}

/// Whether any name used in `e` (at `at`) carries a value that flows from the initialiser
/// `source` (so a rewrite in terms of the read name alone would drop a step).
pub fn derived_from(fnm: &FnModel, e: &syn::Expr, at: usize, source: Span) -> bool {
    idents_in(e).iter().any(|n| {
        fnm.flows_from(std::slice::from_ref(n), at, &|i| i == source)
            .is_some()
    })
}

/// Whether the binding `name` (bound by the `let` at `binding`) is used anywhere in `body`
/// other than inside `except`.
pub fn used_elsewhere(body: &syn::Block, name: &str, binding: Span, except: Span) -> bool {
    struct V<'a> {
        name: &'a str,
        binding: Span,
        except: Span,
        found: bool,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            let sp = span_of(p);
            if p.path.is_ident(self.name)
                && !self.except.encloses(sp)
                && !self.binding.encloses(sp)
                && sp.start > self.binding.start
            {
                self.found = true;
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            // identifiers in the tokens, and `{name}` in a format string
            if macro_mentions(m.tokens.clone(), self.name)
                .iter()
                .any(|sp| !self.except.encloses(*sp) && sp.start > self.binding.end)
            {
                self.found = true;
            }
        }
    }
    let mut v = V {
        name,
        binding,
        except,
        found: false,
    };
    v.visit_block(body);
    v.found
}

/// The single identifier an expression is (`v`, `(v)`), if it is one.
pub fn ident_of(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        syn::Expr::Paren(p) => ident_of(&p.expr),
        syn::Expr::Group(g) => ident_of(&g.expr),
        _ => None,
    }
}

/// How `value` is built from the identifier `v`: `v + e`, `e + v`, `v - e`, `v | e`, ...:
/// `(operator, the other operand)`. Only operators that commute are accepted with `v` on the
/// right.
pub fn op_with<'e>(value: &'e syn::Expr, v: &str) -> Option<(&'static str, &'e syn::Expr)> {
    match value {
        syn::Expr::Paren(p) => op_with(&p.expr, v),
        syn::Expr::Binary(b) => {
            let op = plain_op(&b.op)?;
            if ident_of(&b.left).as_deref() == Some(v) && !mentions(&b.right, v) {
                return Some((op, &b.right));
            }
            if matches!(op, "+" | "*" | "|" | "&" | "^")
                && ident_of(&b.right).as_deref() == Some(v)
                && !mentions(&b.left, v)
            {
                return Some((op, &b.left));
            }
            None
        }
        _ => None,
    }
}

/// The text of `e` with every use of the identifier `name` replaced by `with` (sliced from the
/// source by byte range; uses inside macros are left alone).
pub fn replace_ident(text: &str, e: &syn::Expr, name: &str, with: &str) -> String {
    struct V<'a> {
        name: &'a str,
        spans: Vec<Span>,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.qself.is_none() && p.path.is_ident(self.name) {
                self.spans.push(span_of(p));
            }
        }
    }
    let mut v = V {
        name,
        spans: Vec::new(),
    };
    v.visit_expr(e);
    let whole = span_of(e);
    let mut out = String::new();
    let mut at = whole.start;
    for s in v.spans {
        out.push_str(&text[at..s.start]);
        out.push_str(with);
        at = s.end;
    }
    out.push_str(&text[at..whole.end]);
    out
}

/// Whether `e` uses the identifier `name`.
pub fn mentions(e: &syn::Expr, name: &str) -> bool {
    idents_in(e).iter().any(|n| n == name)
}

/// The body of the outermost function around function model `f` (a binding may be used in a
/// closure too), for scans of a binding's uses.
pub fn body_of<'ast>(cx: FileSyntax<'ast>, f: usize) -> Option<&'ast syn::Block> {
    let top = super::func::outermost(&cx.model.fns, f);
    find_block(cx.ast, cx.model.fns[top].body)
}

fn find_block(file: &syn::File, span: Span) -> Option<&syn::Block> {
    struct V<'ast> {
        span: Span,
        out: Option<&'ast syn::Block>,
    }
    impl<'ast> Visit<'ast> for V<'ast> {
        crate::model::syntax::skip_non_code!('ast);
        fn visit_block(&mut self, b: &'ast syn::Block) {
            if self.out.is_some() {
                return;
            }
            let sp = span_of(b);
            if sp == self.span {
                self.out = Some(b);
                return;
            }
            if sp.encloses(self.span) {
                syn::visit::visit_block(self, b);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if span_of(f).encloses(self.span) {
                syn::visit::visit_item_fn(self, f);
            }
        }
    }
    let mut v = V { span, out: None };
    v.visit_file(file);
    v.out
}

/// Where the local `name` is read inside `within`: single-segment paths, identifiers in
/// the tokens of macro calls, and `{name}` / `{name:..}` inside their string literals
/// (inline format arguments). An over-approximation (a closure parameter of the same name
/// counts too): rewrites use it to make sure a value they change is not used elsewhere.
pub fn name_uses(file: &syn::File, name: &str, within: Span) -> Vec<Span> {
    struct V<'n> {
        name: &'n str,
        within: Span,
        out: Vec<Span>,
    }
    impl V<'_> {
        fn push(&mut self, s: Span) {
            if self.within.encloses(s) {
                self.out.push(s);
            }
        }
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.qself.is_none() && p.path.is_ident(self.name) {
                self.push(span_of(p));
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for sp in macro_mentions(m.tokens.clone(), self.name) {
                self.push(sp);
            }
        }
    }
    let mut v = V {
        name,
        within,
        out: Vec::new(),
    };
    v.visit_file(file);
    v.out.sort();
    v.out.dedup();
    v.out
}

/// Every read of a local name in a file, as [`name_uses`] finds them, by name: one walk of the
/// file, then each question is a binary search. For rules that ask about many names or many
/// spans of one file (a delete candidate per condition), where [`name_uses`] would walk the
/// whole file each time.
#[derive(Default)]
pub struct NameUses {
    by_name: std::collections::HashMap<String, Vec<Span>>,
}

impl NameUses {
    pub fn of(file: &syn::File) -> NameUses {
        struct V {
            out: std::collections::HashMap<String, Vec<Span>>,
        }
        impl V {
            fn push(&mut self, name: String, s: Span) {
                self.out.entry(name).or_default().push(s);
            }
            fn tokens(&mut self, ts: proc_macro2::TokenStream) {
                for t in ts {
                    match t {
                        proc_macro2::TokenTree::Ident(i) => {
                            let sp = span_of(&i);
                            self.push(i.to_string(), sp);
                        }
                        proc_macro2::TokenTree::Literal(l) => {
                            let s = l.to_string();
                            let sp = span_of(&l);
                            for n in inline_format_args(&s) {
                                self.push(n.to_string(), sp);
                            }
                        }
                        proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                        proc_macro2::TokenTree::Punct(_) => {}
                    }
                }
            }
        }
        impl<'ast> Visit<'ast> for V {
            fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
                if p.qself.is_none()
                    && let Some(i) = p.path.get_ident()
                {
                    self.push(i.to_string(), span_of(p));
                }
            }
            fn visit_macro(&mut self, m: &'ast syn::Macro) {
                self.tokens(m.tokens.clone());
            }
        }
        let mut v = V {
            out: std::collections::HashMap::new(),
        };
        v.visit_file(file);
        for spans in v.out.values_mut() {
            spans.sort();
            spans.dedup();
        }
        NameUses { by_name: v.out }
    }

    /// Where `name` is read inside `within` (sorted): the same as [`name_uses`].
    pub fn uses(&self, name: &str, within: Span) -> Vec<Span> {
        let Some(all) = self.by_name.get(name) else {
            return Vec::new();
        };
        let from = all.partition_point(|s| s.start < within.start);
        all[from..]
            .iter()
            .take_while(|s| s.start <= within.end)
            .filter(|s| within.encloses(**s))
            .copied()
            .collect()
    }

    /// Whether `name` is read anywhere inside `within`.
    pub fn used_in(&self, name: &str, within: Span) -> bool {
        let Some(all) = self.by_name.get(name) else {
            return false;
        };
        let from = all.partition_point(|s| s.start < within.start);
        all[from..]
            .iter()
            .take_while(|s| s.start <= within.end)
            .any(|s| within.encloses(*s))
    }
}

/// The names a string literal's text uses as inline format arguments: `{name}`, `{name:?}`.
fn inline_format_args(lit: &str) -> Vec<&str> {
    let b = lit.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = lit[i..].find('{') {
        let start = i + off + 1;
        let len = lit[start..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(lit.len() - start, |(k, _)| k);
        if len > 0 && matches!(b.get(start + len), Some(b'}' | b':')) {
            out.push(&lit[start..start + len]);
        }
        i = start;
    }
    out
}

/// Where a macro's tokens mention `name`: as an identifier, or as an inline format argument
/// (`{name}`, `{name:?}`) inside a string literal (the literal's span).
fn macro_mentions(ts: proc_macro2::TokenStream, name: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let inline = format!("{{{name}");
    for t in ts {
        match t {
            proc_macro2::TokenTree::Ident(i) if i == name => out.push(span_of(&i)),
            proc_macro2::TokenTree::Literal(l) => {
                let s = l.to_string();
                if s.match_indices(&inline)
                    .any(|(at, _)| matches!(s.as_bytes().get(at + inline.len()), Some(b'}' | b':')))
                {
                    out.push(span_of(&l));
                }
            }
            proc_macro2::TokenTree::Group(g) => out.extend(macro_mentions(g.stream(), name)),
            _ => {}
        }
    }
    out
}

/// A `static mut` of the file's top level: what a rewrite to an atomic needs.
#[derive(Clone, Debug)]
pub struct StaticMutDecl {
    /// The whole item.
    pub span: Span,
    pub ty: Span,
    pub init: Span,
    /// Not `pub` (`pub(crate)`, `pub(super)` count as visible elsewhere too).
    pub private: bool,
}

/// How a `static mut` is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaticUse {
    /// Read as a value (`X`, `!X`, `X == 2`, `X.wrapping_add(1)`).
    Read(Span),
    /// `X = value`: the whole assignment and the value.
    Assign { span: Span, value: Span },
    /// `X op= value`: the whole expression, the operator (`+`, `-`, ...) and the value.
    Compound {
        span: Span,
        op: &'static str,
        value: Span,
    },
}

/// The `static mut name` declared at the file's top level, if any.
pub fn static_mut_decl(file: &syn::File, name: &str) -> Option<StaticMutDecl> {
    file.items.iter().find_map(|i| match i {
        syn::Item::Static(s)
            if s.ident == name && matches!(s.mutability, syn::StaticMutability::Mut(_)) =>
        {
            Some(StaticMutDecl {
                span: span_of(s),
                ty: span_of(&*s.ty),
                init: span_of(&*s.expr),
                private: matches!(s.vis, syn::Visibility::Inherited),
            })
        }
        _ => None,
    })
}

/// Every use of the static `name` in the file, or `None` when one of them is not a plain read
/// or write a rewrite to an atomic can express: a reference (`&X`, `&mut X`), a mention in a
/// macro (`addr_of!(X)`, `println!("{X}")`), a path to it with more segments
/// (`crate::X`), a field or index of it, or a local / item of that name anywhere (it could
/// hide the static).
pub fn static_uses(file: &syn::File, name: &str) -> Option<Vec<StaticUse>> {
    struct V<'n> {
        name: &'n str,
        out: Vec<StaticUse>,
        /// Spans of paths already accounted for (the left side of an assignment).
        taken: Vec<Span>,
        bad: bool,
    }
    impl V<'_> {
        fn is_x(&self, e: &syn::Expr) -> bool {
            matches!(e, syn::Expr::Path(p) if p.qself.is_none() && p.path.is_ident(self.name))
        }
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            match e {
                syn::Expr::Assign(a) if self.is_x(&a.left) => {
                    self.out.push(StaticUse::Assign {
                        span: span_of(a),
                        value: span_of(&*a.right),
                    });
                    self.taken.push(span_of(&*a.left));
                    self.visit_expr(&a.right);
                    return;
                }
                syn::Expr::Binary(b) if self.is_x(&b.left) => {
                    if let Some(op) = crate::model::syntax::compound_op(&b.op) {
                        self.out.push(StaticUse::Compound {
                            span: span_of(b),
                            op,
                            value: span_of(&*b.right),
                        });
                        self.taken.push(span_of(&*b.left));
                        self.visit_expr(&b.right);
                        return;
                    }
                }
                syn::Expr::Reference(r) if self.is_x(&r.expr) => {
                    self.bad = true;
                }
                syn::Expr::Field(f) if self.is_x(&f.base) => self.bad = true,
                syn::Expr::Index(i) if self.is_x(&i.expr) => self.bad = true,
                _ => {}
            }
            syn::visit::visit_expr(self, e);
        }
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            let last = p.path.segments.last().is_some_and(|s| s.ident == self.name);
            if !last {
                return;
            }
            if p.qself.is_some() || p.path.segments.len() > 1 {
                self.bad = true;
            } else if !self.taken.contains(&span_of(p)) {
                self.out.push(StaticUse::Read(span_of(p)));
            }
        }
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            if p.ident == self.name {
                self.bad = true;
            }
            syn::visit::visit_pat_ident(self, p);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if !macro_mentions(m.tokens.clone(), self.name).is_empty() {
                self.bad = true;
            }
        }
        fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
            // a use in a static's initialiser is const context, where `.load()` cannot go
            let before = self.out.len();
            self.visit_expr(&s.expr);
            if self.out.len() > before {
                self.bad = true;
            }
        }
        fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
            let before = self.out.len();
            syn::visit::visit_item_const(self, c);
            if self.out.len() > before {
                self.bad = true;
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            // a `const fn` is const context too
            let before = self.out.len();
            syn::visit::visit_item_fn(self, f);
            if f.sig.constness.is_some() && self.out.len() > before {
                self.bad = true;
            }
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            // a name in a nested module may be another item (or reach the static through a
            // glob import): any use there stops the rewrite
            let before = self.out.len();
            syn::visit::visit_item_mod(self, m);
            if self.out.len() > before {
                self.bad = true;
            }
        }
    }
    let mut v = V {
        name,
        out: Vec::new(),
        taken: Vec::new(),
        bad: false,
    };
    v.visit_file(file);
    if v.bad {
        return None;
    }
    v.out.sort_by_key(|u| match u {
        StaticUse::Read(s) => s.start,
        StaticUse::Assign { span, .. } | StaticUse::Compound { span, .. } => span.start,
    });
    Some(v.out)
}

/// A skip-if-unchanged update: the check `cond` is `current != new` (through a block's tail
/// value or a `let` that `resolve` finds: `let changed = { let g = s.read(); *g != new };`)
/// and `then` assigns a value built from `new` and from none of the names only `current` is
/// built from (`*s.write() = new`, `*w = Arc::new(new)`). Two such updates that interleave
/// leave the state as one of them would have left it running alone after the other (the
/// last writer's value stands, and it does not depend on the state it replaced): the check
/// only skips a write that would change nothing, so splitting it from the write loses no
/// update.
pub fn skip_if_unchanged<'e>(
    cond: &'e syn::Expr,
    then: &syn::Block,
    resolve: impl Fn(&'e syn::Expr) -> Option<&'e syn::Expr>,
) -> bool {
    let mut e = crate::model::syntax::peel_parens(cond);
    for _ in 0..4 {
        match e {
            syn::Expr::Path(_) => match resolve(e) {
                Some(init) => e = crate::model::syntax::peel_parens(init),
                None => return false,
            },
            syn::Expr::Block(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(tail, None)) => e = crate::model::syntax::peel_parens(tail),
                _ => return false,
            },
            _ => break,
        }
    }
    let syn::Expr::Binary(b) = e else {
        return false;
    };
    if !matches!(b.op, syn::BinOp::Ne(_)) {
        return false;
    }
    let (l, r) = (idents_in(&b.left), idents_in(&b.right));
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|x| !b.contains(x)).cloned().collect()
    };
    struct Assigns<'b>(Vec<&'b syn::Expr>);
    impl<'b> Visit<'b> for Assigns<'b> {
        fn visit_expr_assign(&mut self, a: &'b syn::ExprAssign) {
            self.0.push(&a.right);
            syn::visit::visit_expr_assign(self, a);
        }
        fn visit_expr_closure(&mut self, _: &'b syn::ExprClosure) {}
    }
    let mut v = Assigns(Vec::new());
    v.visit_block(then);
    // either operand may be the new value
    [(only(&r, &l), only(&l, &r)), (only(&l, &r), only(&r, &l))]
        .iter()
        .any(|(new, cur)| {
            !new.is_empty()
                && !cur.is_empty()
                && v.0.iter().any(|value| {
                    let ids = idents_in(value);
                    ids.iter().any(|i| new.contains(i)) && !ids.iter().any(|i| cur.contains(i))
                })
        })
}
