//! Wait loops: `while C { idle }` and `loop { idle; if C { break } }` whose body only waits.

use crate::diagnostic::Span;
use crate::model::FileSyntax;
use crate::model::span::span_of;
use crate::model::syntax::{call_name, compound_op};
use syn::visit::Visit;

/// One way out of a wait loop: the loop ends when `expr` evaluates to `exit_when`
/// (`None` for `if let` scrutinees).
pub struct Exit<'a> {
    pub expr: &'a syn::Expr,
    pub exit_when: Option<bool>,
}

pub struct WaitLoop<'a> {
    /// The whole loop expression.
    pub span: Span,
    /// `while <cond>` or `loop`: where labels about "this loop" go.
    pub head: Span,
    pub fn_idx: usize,
    pub exits: Vec<Exit<'a>>,
    /// Initialisers of `let`s in the body (`let ready = *m.lock().unwrap();`).
    pub lets: Vec<&'a syn::Expr>,
    /// The body spins (`spin_loop()`, `yield_now()`, backoff, or nothing at all).
    pub spins: bool,
    /// The body sleeps or parks the thread.
    pub sleeps: bool,
    /// The `sleep(..).await` / `tick().await` in the body, if any.
    pub async_sleep: Option<Span>,
    pub is_while: bool,
    /// The statements after the loop in its block, when the loop is a statement: the code
    /// that runs once the loop is left, i.e. once the exit condition was seen (a wait-loop
    /// condition is a check, and this code its act).
    pub rest: &'a [syn::Stmt],
}

impl WaitLoop<'_> {
    /// The expressions the loop polls: exit conditions and body `let` initialisers.
    pub fn poll_exprs(&self) -> impl Iterator<Item = &syn::Expr> {
        self.exits
            .iter()
            .map(|e| e.expr)
            .chain(self.lets.iter().copied())
    }
    /// Whether `span` lies in one of the polled expressions.
    pub fn polls(&self, span: Span) -> bool {
        self.poll_exprs().any(|e| span_of(e).encloses(span))
    }
    /// The exit whose expression encloses `span`.
    pub fn exit_of(&self, span: Span) -> Option<&Exit<'_>> {
        self.exits.iter().find(|e| span_of(e.expr).encloses(span))
    }
}

pub fn collect<'a>(cx: FileSyntax<'a>) -> Vec<WaitLoop<'a>> {
    // no `while` and no `loop` keyword anywhere: no walk
    let text = &cx.source.text;
    if !text.contains("while") && !text.contains("loop") {
        return Vec::new();
    }
    let mut v = Collector {
        cx,
        out: Vec::new(),
        rest: std::collections::HashMap::new(),
    };
    v.visit_file(cx.ast);
    v.out
}

struct Collector<'a> {
    cx: FileSyntax<'a>,
    out: Vec<WaitLoop<'a>>,
    /// Loop start offset -> the statements after it in its block.
    rest: std::collections::HashMap<usize, &'a [syn::Stmt]>,
}

impl<'a> Visit<'a> for Collector<'a> {
    crate::model::syntax::skip_non_code!('a);
    fn visit_block(&mut self, b: &'a syn::Block) {
        for (i, s) in b.stmts.iter().enumerate() {
            if let syn::Stmt::Expr(e @ (syn::Expr::While(_) | syn::Expr::Loop(_)), _) = s {
                self.rest.insert(span_of(e).start, &b.stmts[i + 1..]);
            }
        }
        syn::visit::visit_block(self, b);
    }
    fn visit_expr_while(&mut self, w: &'a syn::ExprWhile) {
        if !matches!(&*w.cond, syn::Expr::Let(_)) && pure(&w.cond) {
            let mut b = BodyScan::default();
            if b.block(&w.body) {
                let mut exits = vec![Exit {
                    expr: &w.cond,
                    exit_when: Some(false),
                }];
                exits.append(&mut b.exits);
                let head = span_of(&w.while_token).to(span_of(&*w.cond));
                self.push(span_of(w), head, exits, b, true);
            }
        }
        syn::visit::visit_expr_while(self, w);
    }
    fn visit_expr_loop(&mut self, l: &'a syn::ExprLoop) {
        let mut b = BodyScan::default();
        if b.block(&l.body) && !b.exits.is_empty() {
            let exits = std::mem::take(&mut b.exits);
            self.push(span_of(l), span_of(&l.loop_token), exits, b, false);
        }
        syn::visit::visit_expr_loop(self, l);
    }
}

impl<'a> Collector<'a> {
    fn push(
        &mut self,
        span: Span,
        head: Span,
        exits: Vec<Exit<'a>>,
        b: BodyScan<'a>,
        is_while: bool,
    ) {
        let Some(fn_idx) = self.cx.model.fn_enclosing(span) else {
            return;
        };
        self.out.push(WaitLoop {
            span,
            head,
            fn_idx,
            exits,
            lets: b.lets,
            spins: b.spins || !b.sleeps,
            sleeps: b.sleeps,
            async_sleep: b.async_sleep,
            is_while,
            rest: self.rest.get(&span.start).copied().unwrap_or(&[]),
        });
    }
}

#[derive(Default)]
struct BodyScan<'a> {
    exits: Vec<Exit<'a>>,
    lets: Vec<&'a syn::Expr>,
    spins: bool,
    sleeps: bool,
    async_sleep: Option<Span>,
}

const SPIN_FNS: &[&str] = &[
    "spin_loop",
    "spin_loop_hint",
    "yield_now",
    "cpu_relax",
    "pause",
    "nop",
];
const SLEEP_FNS: &[&str] = &[
    "sleep",
    "sleep_ms",
    "park",
    "park_timeout",
    "sleep_until",
    "delay_for",
];
const SPIN_METHODS: &[&str] = &["snooze", "spin", "spin_heavy", "spin_light", "pause"];
const ASYNC_SLEEP_FNS: &[&str] = &[
    "sleep",
    "sleep_until",
    "delay_for",
    "delay_until",
    "after",
    "yield_now",
    "timeout",
];
const LOG_MACROS: &[&str] = &[
    "trace",
    "debug",
    "info",
    "warn",
    "log",
    "println",
    "eprintln",
    "print",
    "eprint",
    "debug_assert",
    "assert",
];

impl<'a> BodyScan<'a> {
    /// Whether every statement of `b` only waits.
    fn block(&mut self, b: &'a syn::Block) -> bool {
        b.stmts.iter().all(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a syn::Stmt) -> bool {
        match s {
            syn::Stmt::Local(l) => match &l.init {
                Some(init) if init.diverge.is_none() && pure(&init.expr) => {
                    self.lets.push(&init.expr);
                    true
                }
                _ => false,
            },
            syn::Stmt::Macro(m) => self.mac(&m.mac),
            syn::Stmt::Expr(e, _) => self.expr(e),
            syn::Stmt::Item(_) => false,
        }
    }

    fn mac(&mut self, m: &syn::Macro) -> bool {
        let name = crate::model::syntax::macro_name(m);
        if name == "spin_loop" {
            self.spins = true;
        }
        LOG_MACROS.contains(&name.as_str()) || name == "spin_loop"
    }

    fn expr(&mut self, e: &'a syn::Expr) -> bool {
        match e {
            syn::Expr::Block(b) if b.label.is_none() => self.block(&b.block),
            syn::Expr::Unsafe(u) => self.block(&u.block),
            syn::Expr::Paren(p) => self.expr(&p.expr),
            syn::Expr::Tuple(t) if t.elems.is_empty() => true,
            syn::Expr::Continue(c) => c.label.is_none(),
            syn::Expr::Macro(m) => self.mac(&m.mac),
            syn::Expr::Call(c) => {
                let name = call_name(c).unwrap_or_default();
                if SPIN_FNS.contains(&name.as_str()) {
                    self.spins = true;
                    c.args.iter().all(pure)
                } else if SLEEP_FNS.contains(&name.as_str()) {
                    self.sleeps = true;
                    c.args.iter().all(pure_or_duration)
                } else {
                    name == "drop" && c.args.len() == 1
                }
            }
            syn::Expr::MethodCall(mc) => {
                let m = mc.method.to_string();
                if SPIN_METHODS.contains(&m.as_str()) && mc.args.is_empty() {
                    self.spins = true;
                    true
                } else if (m == "park" || m == "park_timeout") && mc.args.len() <= 1 {
                    self.sleeps = true;
                    true
                } else {
                    false
                }
            }
            syn::Expr::Await(a) if is_async_sleep(&a.base) => {
                self.sleeps = true;
                self.async_sleep
                    .get_or_insert(span_of(&*a.base).to(span_of(&a.await_token)));
                true
            }
            syn::Expr::Binary(b) if compound_op(&b.op).is_some() => {
                is_local_path(&b.left) && pure(&b.right)
            }
            syn::Expr::Assign(a) => is_local_path(&a.left) && pure(&a.right),
            syn::Expr::If(i) => self.if_expr(i),
            _ => false,
        }
    }

    fn if_expr(&mut self, i: &'a syn::ExprIf) -> bool {
        let (cond, is_let) = match &*i.cond {
            syn::Expr::Let(l) => (&*l.expr, true),
            c => (c, false),
        };
        if !pure(cond) {
            return false;
        }
        let else_ok = |s: &mut Self| match &i.else_branch {
            None => true,
            Some((_, e)) => s.expr(e),
        };
        if exits_block(&i.then_branch) {
            self.exits.push(Exit {
                expr: cond,
                exit_when: if is_let { None } else { Some(true) },
            });
            return else_ok(self);
        }
        if !is_let
            && let Some((_, els)) = &i.else_branch
            && let syn::Expr::Block(eb) = &**els
            && exits_block(&eb.block)
        {
            self.exits.push(Exit {
                expr: cond,
                exit_when: Some(false),
            });
            return self.block(&i.then_branch);
        }
        // `if spins > 100 { yield_now() }`: backoff escalation, still waiting
        self.block(&i.then_branch) && else_ok(self)
    }
}

/// A then-block that leaves the loop: `break`, `break value`, `return ..`, possibly after
/// pure `let`s.
fn exits_block(b: &syn::Block) -> bool {
    let Some(last) = b.stmts.last() else {
        return false;
    };
    let body_ok = b.stmts[..b.stmts.len() - 1].iter().all(|s| match s {
        syn::Stmt::Local(l) => l.init.as_ref().is_some_and(|i| pure(&i.expr)),
        syn::Stmt::Macro(_) => true,
        _ => false,
    });
    body_ok
        && match last {
            syn::Stmt::Expr(e, _) => matches!(e, syn::Expr::Break(_) | syn::Expr::Return(_)),
            _ => false,
        }
}

fn is_local_path(e: &syn::Expr) -> bool {
    matches!(e, syn::Expr::Path(p) if p.path.segments.len() == 1
        && p.path.segments[0].ident.to_string().chars().next().is_some_and(|c| c.is_lowercase() || c == '_'))
}

/// `sleep(d).await`, `tokio::time::sleep(d).await`, `interval.tick().await`,
/// `yield_now().await`, `Timer::after(d).await`.
fn is_async_sleep(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Call(c) => {
            let name = call_name(c).unwrap_or_default();
            ASYNC_SLEEP_FNS.contains(&name.as_str())
                && name != "timeout"
                && c.args.iter().all(pure_or_duration)
        }
        syn::Expr::MethodCall(mc) => {
            let m = mc.method.to_string();
            (m == "tick" && mc.args.is_empty()) || m == "sleep"
        }
        _ => false,
    }
}

/// A sleep argument: `Duration::from_millis(10)`, `ms(5)`, a local.
fn pure_or_duration(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Call(c) => c.args.iter().all(pure_or_duration),
        syn::Expr::MethodCall(mc) => {
            pure_or_duration(&mc.receiver) && mc.args.iter().all(pure_or_duration)
        }
        syn::Expr::Reference(r) => pure_or_duration(&r.expr),
        _ => pure(e),
    }
}

const PURE_METHODS: &[&str] = &[
    "load",
    "lock",
    "read",
    "try_lock",
    "try_read",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "is_empty",
    "len",
    "get",
    "contains",
    "contains_key",
    "clone",
    "copied",
    "cloned",
    "deref",
    "as_ref",
    "borrow",
    "eq",
    "ne",
    "lt",
    "gt",
    "le",
    "ge",
    "not",
    "read_volatile",
    "is_set",
    "as_ptr",
    "first",
    "last",
    "unwrap_unchecked",
    "elapsed",
    "now",
    "is_completed",
    "count_ones",
];

/// An expression that only reads: no assignment, no closure, no call that could do work.
pub fn pure(e: &syn::Expr) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            if !self.0 {
                return;
            }
            match e {
                syn::Expr::Assign(_)
                | syn::Expr::Closure(_)
                | syn::Expr::Loop(_)
                | syn::Expr::While(_)
                | syn::Expr::ForLoop(_)
                | syn::Expr::Async(_)
                | syn::Expr::Return(_)
                | syn::Expr::Break(_)
                | syn::Expr::Yield(_) => {
                    self.0 = false;
                    return;
                }
                syn::Expr::Binary(b) if compound_op(&b.op).is_some() => {
                    self.0 = false;
                    return;
                }
                syn::Expr::MethodCall(mc) => {
                    let m = mc.method.to_string();
                    let ok =
                        PURE_METHODS.contains(&m.as_str()) || (m == "write" && mc.args.is_empty());
                    if !ok || (m == "get" && mc.args.len() > 1) {
                        self.0 = false;
                        return;
                    }
                }
                syn::Expr::Call(c) => {
                    let name = call_name(c).unwrap_or_default();
                    if !matches!(
                        name.as_str(),
                        "read_volatile"
                            | "Some"
                            | "Ok"
                            | "Err"
                            | "read"
                            | "from_millis"
                            | "from_secs"
                            | "now"
                    ) {
                        self.0 = false;
                        return;
                    }
                }
                // only `m.lock().await`
                syn::Expr::Await(a) if crate::model::syntax::lock_call(&a.base).is_none() => {
                    self.0 = false;
                    return;
                }
                syn::Expr::Macro(m) => {
                    let name = crate::model::syntax::macro_name(&m.mac);
                    if !matches!(name.as_str(), "matches" | "addr_of" | "addr_of_mut") {
                        self.0 = false;
                    }
                    return;
                }
                _ => {}
            }
            syn::visit::visit_expr(self, e);
        }
        fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
            match s {
                syn::Stmt::Expr(..) | syn::Stmt::Local(_) => syn::visit::visit_stmt(self, s),
                _ => self.0 = false,
            }
        }
    }
    let mut v = V(true);
    v.visit_expr(e);
    v.0
}
