//! Channel facts: where a function creates a channel (`let (tx, rx) = mpsc::channel(8)`, a
//! oneshot, `sync_channel`, flume / async-channel / crossbeam `bounded` / `unbounded`), and
//! where it sends into or receives from an endpoint (`tx.send(v).await`, `rx.recv().await`,
//! `rx.try_recv()`, awaiting a oneshot receiver `rx.await`), whether that operation is
//! awaited, and whether it races against something else (a `select!` branch, an argument of
//! `timeout(..)`): a raced operation never waits forever.
//!
//! Collected by one walk of the file after the functions are modelled; each fact names the
//! innermost function (closure, async block) it is written in. The endpoints are places; the
//! workspace phase gives them an identity (the channel) from the creation site, the calls
//! and struct literals they flow through, and their element type
//! ([`crate::rules::lock_order::channel_wait_cycle`]).

use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};

use super::Place;
use super::span::{expr_span, method_call_span, span_of};
use super::types::UseMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChanOpKind {
    /// `send`, `send_async`, `blocking_send`, `send_timeout`, `reserve`: waits while a bounded
    /// channel is full.
    Send,
    /// `recv`, `recv_async`, `blocking_recv`, `recv_many`, `recv_timeout`, `try_recv`,
    /// `try_iter`, `iter`, `next`, `for m in rx`: takes messages out (drains the channel).
    Recv,
    /// `rx.await` on a local (a oneshot receiver, when the workspace phase finds it is one).
    Await,
}

/// One operation on a channel endpoint.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChanOp {
    /// The innermost function it is written in (an index into the file's functions).
    pub func: usize,
    pub kind: ChanOpKind,
    pub method: String,
    pub endpoint: Place,
    /// The method call (or the whole `rx.await`).
    pub span: Span,
    /// `.await`ed where it is written.
    pub awaited: bool,
    /// Races against something else or gives up by itself: a `select!` branch's future, an
    /// argument of `timeout(..)`, `send_timeout` / `recv_timeout`, `try_recv`.
    pub raced: bool,
    /// For a send: the single names its arguments mention (a oneshot sender carried in the
    /// message is a reply the receiving side must give).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub carried: Vec<String>,
    /// A `send` / `send_async` / `blocking_send` whose result the statement throws away
    /// whole (`let _ = tx.send(v).await;`, `tx.send(v).await.ok();`, `_ = tx.send(v);`):
    /// the code already goes on when the send fails, so a `try_send` there changes only that
    /// it also fails, instead of waiting, while the channel is full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discarded: Option<Discarded>,
}

/// Where a discarded send ([`ChanOp::discarded`]) is rewritten into `try_send`: its method
/// name, and the `.await` after the call (from the call's `)` to the end of `.await`; empty
/// for a blocking send).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discarded {
    pub method: Span,
    pub awaited: Span,
}

/// `let (tx, rx) = <ctor>(..)`: a channel created with both ends bound to names.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChanNew {
    pub func: usize,
    pub span: Span,
    pub tx: Option<String>,
    pub rx: Option<String>,
    pub oneshot: bool,
    /// `Some(true)`: a capacity-bounded channel (`mpsc::channel(n)`, `sync_channel(n)`,
    /// `bounded(n)`); `Some(false)`: unbounded; `None`: not told.
    pub bounded: Option<bool>,
}

/// The channel facts of one file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChannelFacts {
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub ops: Vec<ChanOp>,
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub news: Vec<ChanNew>,
    /// The enums the file declares (with the index's structs: the workspace's own types,
    /// whose channels are told apart by their element type).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub enums: Vec<String>,
    /// The calls written as `<call>.await` (their [`super::CallSite::span`]s), sorted: an
    /// async function called there runs to its end before the caller goes on.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub awaited_calls: Vec<Span>,
    /// The futures that race against another or a deadline (a `select!` branch's future, an
    /// argument of `timeout(..)`, the receiver of `.timeout(d)`), sorted: a wait inside one
    /// gives up.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub raced: Vec<Span>,
}

impl ChannelFacts {
    /// Whether the call (or operation) at `span` is written as `<call>.await`.
    pub fn awaited(&self, span: Span) -> bool {
        self.awaited_calls.binary_search(&span).is_ok()
    }
    /// Whether `span` is inside a raced future ([`ChannelFacts::raced`]).
    pub fn is_raced(&self, span: Span) -> bool {
        // sorted by start: the candidates start at or before `span`
        let n = self.raced.partition_point(|r| r.start <= span.start);
        self.raced[..n]
            .iter()
            .rev()
            .take(64)
            .any(|r| r.encloses(span))
    }
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
            && self.news.is_empty()
            && self.enums.is_empty()
            && self.awaited_calls.is_empty()
            && self.raced.is_empty()
    }
}

/// What kind of channel a constructor path makes (`None`: not a channel this model follows:
/// `broadcast` and `watch` senders never wait).
pub fn ctor_kind(segs: &[String], uses: &UseMap, nargs: usize) -> Option<(bool, Option<bool>)> {
    let last = segs.last()?.as_str();
    if !matches!(
        last,
        "channel" | "sync_channel" | "unbounded_channel" | "bounded" | "unbounded"
    ) {
        return None;
    }
    let full = match segs.first().and_then(|f| uses.get(f)) {
        Some(p) => {
            let mut p = p.clone();
            for s in &segs[1..] {
                p.push_str("::");
                p.push_str(s);
            }
            p
        }
        None => segs.join("::"),
    };
    let parts: Vec<&str> = full.split("::").collect();
    if parts
        .iter()
        .any(|s| matches!(*s, "broadcast" | "watch" | "mpmc_broadcast"))
    {
        return None;
    }
    let oneshot = parts.contains(&"oneshot");
    if oneshot {
        return Some((true, None));
    }
    let bounded = match last {
        "sync_channel" | "bounded" => Some(true),
        "unbounded_channel" | "unbounded" => Some(false),
        // tokio's and futures' `channel(n)` take a capacity, std's `channel()` none
        _ if parts.contains(&"std") => Some(false),
        _ if parts.contains(&"tokio") || parts.contains(&"futures") => Some(true),
        _ if segs.len() >= 2 && segs[segs.len() - 2] == "mpsc" => Some(nargs >= 1),
        _ => None,
    };
    Some((false, bounded))
}

const SEND: &[&str] = &[
    "send",
    "send_async",
    "blocking_send",
    "send_timeout",
    "reserve",
];
const RECV: &[&str] = &[
    "recv",
    "recv_async",
    "blocking_recv",
    "recv_many",
    "recv_timeout",
    "recv_deadline",
    "try_recv",
    "try_iter",
    "iter",
    "next",
];

struct Walk<'a> {
    model: &'a super::FileModel,
    uses: &'a UseMap,
    out: ChannelFacts,
    /// Method calls (by span) an `.await` was seen on.
    awaited: std::collections::HashSet<Span>,
    /// Method calls (by span) whose result, awaited or not, a statement throws away whole,
    /// with the end of the expression thrown away (after its `.await`).
    discarded: std::collections::HashMap<Span, usize>,
    raced: usize,
}

impl Walk<'_> {
    fn func(&self, span: Span) -> Option<usize> {
        self.model.fn_enclosing(span)
    }

    fn op(&mut self, mc: &syn::ExprMethodCall) {
        let method = mc.method.to_string();
        let kind = if SEND.contains(&method.as_str()) {
            ChanOpKind::Send
        } else if RECV.contains(&method.as_str()) {
            ChanOpKind::Recv
        } else {
            return;
        };
        let Some(endpoint) = super::syntax::elem_place_of(&mc.receiver) else {
            return;
        };
        let span = method_call_span(mc);
        let Some(func) = self.func(span) else {
            return;
        };
        let awaited = self.awaited.contains(&span);
        let raced = self.raced > 0
            || matches!(
                method.as_str(),
                "send_timeout" | "recv_timeout" | "recv_deadline" | "try_recv" | "try_iter"
            );
        let discarded = match self.discarded.get(&span) {
            Some(&end) if matches!(method.as_str(), "send" | "send_async" | "blocking_send") => {
                let m = mc.method.span();
                Some(Discarded {
                    method: Span::new(super::span::lo(m), super::span::hi(m)),
                    awaited: Span::new(span.end, end.max(span.end)),
                })
            }
            _ => None,
        };
        let carried = if kind == ChanOpKind::Send {
            let mut c: Vec<String> = mc.args.iter().flat_map(super::func::idents_in).collect();
            c.sort();
            c.dedup();
            c
        } else {
            Vec::new()
        };
        self.out.ops.push(ChanOp {
            func,
            kind,
            method,
            endpoint,
            span,
            awaited,
            raced,
            carried,
            discarded,
        });
    }

    /// `e` is thrown away whole by its statement: a method call in it (under one `.await`)
    /// is recorded with the end of `e`.
    fn discard(&mut self, e: &syn::Expr) {
        let e = super::syntax::peel_parens(e);
        let end = expr_span(e).end;
        let call = match e {
            syn::Expr::Await(a) => super::syntax::peel_parens(&a.base),
            e => e,
        };
        if let syn::Expr::MethodCall(mc) = call {
            self.discarded.insert(method_call_span(mc), end);
        }
    }

    fn select(&mut self, mac: &syn::Macro) {
        let Ok(arms) = syn::parse2::<super::func::SelectArms>(mac.tokens.clone()) else {
            return;
        };
        for arm in &arms.0 {
            if let Some(f) = &arm.fut {
                self.raced += 1;
                self.out.raced.push(expr_span(f));
                // a branch's future is awaited by the macro
                self.mark_awaited(f);
                syn::visit::Visit::visit_expr(self, f);
                self.raced -= 1;
            }
            if let Some(c) = &arm.cond {
                syn::visit::Visit::visit_expr(self, c);
            }
            syn::visit::Visit::visit_expr(self, &arm.body);
        }
    }

    fn mark_awaited(&mut self, e: &syn::Expr) {
        if let syn::Expr::MethodCall(mc) = super::syntax::peel_parens(e) {
            self.awaited.insert(method_call_span(mc));
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for Walk<'_> {
    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        let base = super::syntax::peel_parens(&a.base);
        self.mark_awaited(base);
        match base {
            syn::Expr::MethodCall(mc) => self.out.awaited_calls.push(method_call_span(mc)),
            syn::Expr::Call(_) => self.out.awaited_calls.push(expr_span(base)),
            _ => {}
        }
        // `rx.await`, `(&mut rx).await`: a receiver awaited as a future (a oneshot)
        let inner = match base {
            syn::Expr::Reference(r) => super::syntax::peel_parens(&r.expr),
            e => e,
        };
        if let syn::Expr::Path(p) = inner
            && let Some(endpoint) = super::syntax::place_of(inner)
            && p.path.segments.len() == 1
        {
            let span = expr_span(&syn::Expr::Await(a.clone()));
            if let Some(func) = self.func(span) {
                self.out.ops.push(ChanOp {
                    func,
                    kind: ChanOpKind::Await,
                    method: "await".into(),
                    endpoint,
                    span,
                    awaited: true,
                    raced: self.raced > 0,
                    carried: Vec::new(),
                    discarded: None,
                });
            }
        }
        syn::visit::visit_expr_await(self, a);
    }

    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        self.op(mc);
        // `fut.timeout(d)`: the future gives up by itself
        if mc.method == "timeout" {
            self.raced += 1;
            self.out.raced.push(expr_span(&mc.receiver));
            syn::visit::Visit::visit_expr(self, &mc.receiver);
            self.raced -= 1;
            for a in &mc.args {
                syn::visit::Visit::visit_expr(self, a);
            }
            return;
        }
        syn::visit::visit_expr_method_call(self, mc);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let name = super::syntax::call_name(c).unwrap_or_default();
        // `timeout(d, tx.send(v))`, `select(a, b)`: the future races
        let races = matches!(
            name.as_str(),
            "timeout" | "timeout_at" | "select" | "race" | "select_all"
        );
        if races {
            self.raced += 1;
            for a in &c.args {
                self.mark_awaited(a);
                self.out.raced.push(expr_span(a));
            }
        }
        syn::visit::visit_expr_call(self, c);
        if races {
            self.raced -= 1;
        }
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        // `for m in rx` / `for m in &rx`: a blocking receive per message
        let it = super::syntax::peel_refs(&f.expr);
        if let syn::Expr::Path(p) = it
            && p.path.segments.len() == 1
            && let Some(endpoint) = super::syntax::place_of(it)
        {
            let span = expr_span(it);
            if let Some(func) = self.func(span) {
                self.out.ops.push(ChanOp {
                    func,
                    kind: ChanOpKind::Recv,
                    method: "into_iter".into(),
                    endpoint,
                    span,
                    awaited: false,
                    raced: false,
                    carried: Vec::new(),
                    discarded: None,
                });
            }
        }
        syn::visit::visit_expr_for_loop(self, f);
    }

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        // `tx.send(v).await.ok();`, `_ = tx.send(v).await;`
        if let syn::Stmt::Expr(e, Some(_)) = s {
            match super::syntax::peel_parens(e) {
                syn::Expr::MethodCall(mc) if mc.method == "ok" && mc.args.is_empty() => {
                    self.discard(&mc.receiver)
                }
                syn::Expr::Assign(a) if matches!(*a.left, syn::Expr::Infer(_)) => {
                    self.discard(&a.right)
                }
                _ => {}
            }
        }
        syn::visit::visit_stmt(self, s);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        // `let _ = tx.send(v).await;`
        if let (syn::Pat::Wild(_), Some(init)) = (&l.pat, &l.init)
            && init.diverge.is_none()
        {
            self.discard(&init.expr);
        }
        if let Some(init) = &l.init
            && let syn::Expr::Call(c) = super::syntax::peel_result(&init.expr)
        {
            let segs = super::syntax::call_path(c);
            if let Some((oneshot, bounded)) = ctor_kind(&segs, self.uses, c.args.len()) {
                let mut pat = &l.pat;
                if let syn::Pat::Type(t) = pat {
                    pat = &t.pat;
                }
                if let syn::Pat::Tuple(t) = pat
                    && t.elems.len() == 2
                {
                    let name = |p: &syn::Pat| match p {
                        syn::Pat::Ident(i) => Some(i.ident.to_string()),
                        _ => None,
                    };
                    let span = span_of(l);
                    if let Some(func) = self.func(span) {
                        self.out.news.push(ChanNew {
                            func,
                            span,
                            tx: name(&t.elems[0]),
                            rx: name(&t.elems[1]),
                            oneshot,
                            bounded,
                        });
                    }
                }
            }
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = super::syntax::macro_name(m);
        if matches!(name.as_str(), "select" | "select_biased") {
            self.select(m);
        }
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        self.out.enums.push(e.ident.to_string());
        syn::visit::visit_item_enum(self, e);
    }
}

/// The channel facts of a file whose functions are modelled.
pub fn collect(file: &syn::File, model: &super::FileModel) -> ChannelFacts {
    let mut w = Walk {
        model,
        uses: &model.index.uses,
        out: ChannelFacts::default(),
        awaited: Default::default(),
        discarded: Default::default(),
        raced: 0,
    };
    syn::visit::Visit::visit_file(&mut w, file);
    w.out.raced.sort();
    w.out.raced.dedup();
    w.out.awaited_calls.sort();
    w.out.awaited_calls.dedup();
    w.out.enums.sort();
    w.out.enums.dedup();
    w.out
}
