//! `check-then-act` on stores: `store-check-then-insert` (a lookup or existence check, then
//! an insert in the branch where the record was absent) and `sql-check-then-write` (a value
//! SELECTed, tested in Rust, then written by a statement that does not re-check it).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::data::StoreVerbs;
use crate::model::data::facts::{
    CondFact, Facts, LetFact, SqlExec, StoreCall, When, arm_when, compact, peel, peel_result,
};
use crate::model::data::sql::SqlKind;
use crate::model::func::idents_in;
use crate::model::span::span_of;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static STORE_CHECK_THEN_INSERT = {
        id: "store-check-then-insert",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a store is queried for a record and the record inserted in a separate step",
        options: crate::model::data::StoreVerbs,
    }
}

declare_rule! {
    pub static SQL_CHECK_THEN_WRITE = {
        id: "sql-check-then-write",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a value SELECTed is tested in application code before an UPDATE that does not re-check it",
    }
}

/// What a check source yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Option` / rows: tested with `is_none`, `is_some`, `if let Some`, `match`.
    Opt,
    /// `true` when the record exists.
    Bool,
    /// `true` when the record is absent (`let missing = repo.find(k).await?.is_none()`).
    NegBool,
    /// A row count.
    Count,
}

/// A check source: a store call or an SQL query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    Call(Span),
    Sql(Span),
    /// A diesel / SeaORM / record-type query ([`crate::model::data::orm::DbOp`]).
    Db(Span),
}

/// What a condition says about the record: `Some(true)` = present.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pol {
    pub when_true: Option<bool>,
    pub when_false: Option<bool>,
}

impl Pol {
    fn new(t: bool) -> Pol {
        Pol {
            when_true: Some(t),
            when_false: Some(!t),
        }
    }
    fn not(self) -> Pol {
        Pol {
            when_true: self.when_false,
            when_false: self.when_true,
        }
    }
}

pub struct Ctx<'a, 'b, 'f, 'g> {
    pub cx: &'a FileCtx<'g>,
    pub facts: &'b Facts<'f>,
    pub verbs: &'a StoreVerbs,
    /// The reads of each name in the file, built the first time a rule asks.
    pub uses: std::cell::OnceCell<crate::model::writes::NameUses>,
    /// Findings about duplicate inserts that a unique constraint may turn into notes.
    pub unique_guards: std::cell::RefCell<Vec<crate::rules::context::UniqueGuard>>,
    /// The scrutinees of the file's `match`es and `if let`s whose patterns name a conflict,
    /// built the first time an insert asks ([`conflict_handled`]).
    pub conflict_scrutinees: std::cell::OnceCell<Vec<Span>>,
}

impl Ctx<'_, '_, '_, '_> {
    /// Whether the local `name` is read inside `within` (one walk of the file for all asks).
    /// Whether `within` uses the value the name `name` is bound to at `bound_at` in function
    /// `f`: a use of a later, shadowing `let` of the same name (`let token = Token::new()`)
    /// is a use of a new value, not of the one bound then.
    pub fn binding_used(&self, f: usize, name: &str, bound_at: usize, within: Span) -> bool {
        let fns = &self.cx.model.fns;
        let binding = |at: usize| {
            let mut g = self.cx.model.fn_containing(at).or(Some(f));
            while let Some(i) = g {
                if let Some(b) = fns.get(i).and_then(|fm| fm.binding(name, at)) {
                    return Some(b.span);
                }
                g = fns.get(i).and_then(|fm| fm.parent);
            }
            None
        };
        let orig = binding(bound_at);
        self.uses
            .get_or_init(|| crate::model::writes::NameUses::of(self.cx.ast))
            .uses(name, within)
            .iter()
            .any(|u| binding(u.start) == orig)
    }

    pub fn name_used(&self, name: &str, within: Span) -> bool {
        self.uses
            .get_or_init(|| crate::model::writes::NameUses::of(self.cx.ast))
            .used_in(name, within)
    }

    /// A store call usable as an existence check.
    pub fn check_call(&self, span: Span) -> Option<&StoreCall<'_>> {
        self.facts.call_at(span).filter(|c| {
            c.awaited
                && c.store_like
                && !c.mut_arg
                && !c.args.is_empty()
                && (self.verbs.is_read(&c.verb)
                    || self.verbs.is_exists(&c.verb)
                    || self.verbs.is_count(&c.verb))
                && !c.cache
        })
    }

    pub fn sql_select(&self, span: Span) -> Option<&SqlExec<'_>> {
        self.facts
            .sqls
            .iter()
            .find(|s| s.span == span && s.info.kind == SqlKind::Select)
    }

    fn kind_of_src(&self, span: Span) -> Option<(Src, Kind)> {
        if let Some(c) = self.check_call(span) {
            let k = if self.verbs.is_exists(&c.verb) {
                Kind::Bool
            } else if self.verbs.is_count(&c.verb) {
                Kind::Count
            } else {
                Kind::Opt
            };
            return Some((Src::Call(span), k));
        }
        if let Some(op) = self.facts.dbop_at(span) {
            use crate::model::data::orm::DbKind;
            let k = match op.kind {
                DbKind::Read => Kind::Opt,
                DbKind::Exists => Kind::Bool,
                DbKind::Count => Kind::Count,
                _ => return None,
            };
            return Some((Src::Db(op.span), k));
        }
        // a data helper named like a read (`get_collection_id(conn, name)`): what it looks up
        // is confirmed in the workspace phase
        if let Some(op) = self.facts.helper_op_at(span) {
            match op.kind {
                crate::model::data::orm::DbKind::Read => {
                    return Some((Src::Db(op.span), Kind::Opt));
                }
                // `if invoice_exists(conn, id).await? { .. }`: a helper named as a yes/no check
                crate::model::data::orm::DbKind::Exists => {
                    return Some((Src::Db(op.span), Kind::Bool));
                }
                _ => {}
            }
        }
        if let Some(s) = self.sql_select(span) {
            let k = if s.info.exists_query {
                Kind::Bool
            } else if s.info.aggregate {
                Kind::Count
            } else {
                Kind::Opt
            };
            return Some((Src::Sql(span), k));
        }
        None
    }

    /// Whether `e` is (a value that flows from) a check source.
    pub fn src_of(&self, f: usize, e: &syn::Expr) -> Option<(Src, Kind)> {
        let core = peel_result(peel(e));
        let span = span_of(core);
        if let Some(r) = self.kind_of_src(span) {
            return Some(r);
        }
        let names = idents_in(core);
        if names.is_empty()
            || !matches!(
                core,
                syn::Expr::Path(_) | syn::Expr::Field(_) | syn::Expr::MethodCall(_)
            )
        {
            return None;
        }
        let lets: Vec<&LetFact> = self
            .facts
            .lets
            .iter()
            .filter(|l| l.fn_idx == f && l.span.end <= span.start)
            .filter(|l| {
                l.core.is_some_and(|c| self.kind_of_src(c).is_some())
                    || l.test
                        .as_ref()
                        .is_some_and(|(_, c)| self.kind_of_src(*c).is_some())
            })
            .collect();
        if lets.is_empty() {
            return None;
        }
        let fm = &self.cx.model.fns[f];
        let init = fm.flows_from(&names, span.start, &|s| lets.iter().any(|l| l.init == s))?;
        let l = lets.iter().find(|l| l.init == init)?;
        // a column of a row read from the database (`t.used_at.is_some()`) says nothing about
        // whether the row exists; a field of a store's response (`resp.item.is_none()`) does
        if matches!(core, syn::Expr::Field(_))
            && l.core
                .and_then(|c| self.kind_of_src(c))
                .is_some_and(|(s, _)| matches!(s, Src::Db(_) | Src::Sql(_)))
        {
            return None;
        }
        if let Some((m, c)) = &l.test {
            let (src, _) = self.kind_of_src(*c)?;
            let k = if m == "is_some" {
                Kind::Bool
            } else {
                Kind::NegBool
            };
            return Some((src, k));
        }
        self.kind_of_src(l.core?)
    }

    /// What condition `e` says about the existence of a check source's record.
    pub fn polarity(&self, f: usize, e: &syn::Expr) -> Option<(Pol, Src)> {
        match e {
            syn::Expr::Paren(p) => self.polarity(f, &p.expr),
            syn::Expr::Group(g) => self.polarity(f, &g.expr),
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
                self.polarity(f, &u.expr).map(|(p, s)| (p.not(), s))
            }
            syn::Expr::MethodCall(mc)
                if matches!(
                    mc.method.to_string().as_str(),
                    "is_none" | "is_some" | "is_empty" | "is_some_and"
                ) =>
            {
                let (src, kind) = self.src_of(f, &mc.receiver)?;
                if kind != Kind::Opt {
                    return None;
                }
                Some(match mc.method.to_string().as_str() {
                    "is_some" => (Pol::new(true), src),
                    "is_some_and" => (
                        Pol {
                            when_true: Some(true),
                            when_false: None,
                        },
                        src,
                    ),
                    _ => (Pol::new(false), src),
                })
            }
            syn::Expr::Let(l) => {
                let (src, kind) = self.src_of(f, &l.expr)?;
                if kind != Kind::Opt {
                    return None;
                }
                // `if let Ok(row) = users.filter(..).first(conn)`, `if let Err(_) = find(..)`:
                // the `Result` of a lookup that answers "no such row" with an error
                if pat_option(&l.pat).is_none() {
                    let present = match arm_when(&l.pat)? {
                        When::OkArm => true,
                        When::ErrArm => false,
                        _ => return None,
                    };
                    return self.err_absent(src).then_some((Pol::new(present), src));
                }
                match pat_option(&l.pat)? {
                    true => Some((
                        Pol {
                            when_true: Some(true),
                            when_false: Some(false),
                        },
                        src,
                    )),
                    false => Some((Pol::new(false), src)),
                }
            }
            syn::Expr::Binary(b) => {
                use syn::BinOp::*;
                match b.op {
                    And(_) => {
                        let l = self.polarity(f, &b.left);
                        let r = self.polarity(f, &b.right);
                        let (p, s) = l.or(r)?;
                        Some((
                            Pol {
                                when_true: p.when_true,
                                when_false: None,
                            },
                            s,
                        ))
                    }
                    Or(_) => {
                        let l = self.polarity(f, &b.left);
                        let r = self.polarity(f, &b.right);
                        let (p, s) = l.or(r)?;
                        Some((
                            Pol {
                                when_true: None,
                                when_false: p.when_false,
                            },
                            s,
                        ))
                    }
                    Eq(_) | Ne(_) | Gt(_) | Ge(_) | Lt(_) | Le(_) => {
                        let (src, kind, lit, flipped) =
                            if let Some((s, k)) = self.src_of(f, &b.left) {
                                (s, k, lit_value(&b.right)?, false)
                            } else {
                                let (s, k) = self.src_of(f, &b.right)?;
                                (s, k, lit_value(&b.left)?, true)
                            };
                        let present_when_true = match (kind, lit) {
                            (Kind::Bool, Lit::Bool(v)) => v,
                            (Kind::NegBool, Lit::Bool(v)) => !v,
                            (Kind::Count, Lit::Int(n)) => {
                                // count OP n, normalised so that the count is on the left
                                let op = if flipped { flip(&b.op) } else { op_name(&b.op) };
                                match (op, n) {
                                    ("==", 0) | ("<", 1) | ("<=", 0) => false,
                                    ("!=", 0) | (">", 0) | (">=", 1) => true,
                                    _ => return None,
                                }
                            }
                            _ => return None,
                        };
                        let p = Pol::new(present_when_true);
                        Some((
                            if matches!(b.op, Ne(_)) && kind != Kind::Count {
                                p.not()
                            } else {
                                p
                            },
                            src,
                        ))
                    }
                    _ => None,
                }
            }
            other => {
                let (src, kind) = self.src_of(f, other)?;
                match kind {
                    Kind::Bool => Some((Pol::new(true), src)),
                    Kind::NegBool => Some((Pol::new(false), src)),
                    _ => None,
                }
            }
        }
    }

    /// Whether the record is present in a region of `c` (`None`: the region says nothing).
    pub fn present_in(&self, c: &CondFact, when: When) -> Option<(bool, Src)> {
        match when {
            When::True | When::False => {
                let (p, src) = self.polarity(c.fn_idx, &c.cond)?;
                let v = if when == When::True {
                    p.when_true
                } else {
                    p.when_false
                };
                v.map(|v| (v, src))
            }
            When::SomeArm | When::NoneArm => {
                let (src, kind) = self.src_of(c.fn_idx, &c.cond)?;
                if kind != Kind::Opt {
                    return None;
                }
                Some((when == When::SomeArm, src))
            }
            When::OkArm | When::ErrArm => {
                let (src, kind) = self.src_of(c.fn_idx, &c.cond)?;
                if kind != Kind::Opt || !self.err_absent(src) {
                    return None;
                }
                Some((when == When::OkArm, src))
            }
        }
    }

    /// Whether the lookup `src` answers "no such row" with an error, so that its `Ok(row)` is
    /// "found" ([`crate::model::data::orm::DbOp::err_when_absent`]). A data helper's answer is
    /// taken on trust here and confirmed in the workspace phase from its summary
    /// ([`crate::model::data::summary::Lookup::err_when_absent`]).
    pub fn err_absent(&self, src: Src) -> bool {
        match src {
            Src::Db(span) => match self.facts.dbop_at(span) {
                Some(op) => op.err_when_absent,
                None => self.facts.helper_op_at(span).is_some(),
            },
            Src::Call(_) | Src::Sql(_) => false,
        }
    }

    /// Whether region `when` of `c` reads a lookup's presence from its `Result` (`Ok(row)` /
    /// `Err(_)`), not from an `Option` or a "not found" error named as such.
    pub fn read_from_result(&self, c: &CondFact, when: When) -> bool {
        match when {
            When::OkArm | When::ErrArm => true,
            When::True | When::False => match &*c.cond {
                syn::Expr::Let(l) => {
                    pat_option(&l.pat).is_none()
                        && matches!(arm_when(&l.pat), Some(When::OkArm | When::ErrArm))
                }
                _ => false,
            },
            When::SomeArm | When::NoneArm => false,
        }
    }
}

enum Lit {
    Bool(bool),
    Int(i64),
}

fn lit_value(e: &syn::Expr) -> Option<Lit> {
    match peel(e) {
        syn::Expr::Lit(l) => match &l.lit {
            syn::Lit::Bool(b) => Some(Lit::Bool(b.value)),
            syn::Lit::Int(i) => i.base10_parse().ok().map(Lit::Int),
            _ => None,
        },
        _ => None,
    }
}

fn op_name(op: &syn::BinOp) -> &'static str {
    use syn::BinOp::*;
    match op {
        Eq(_) => "==",
        Ne(_) => "!=",
        Gt(_) => ">",
        Ge(_) => ">=",
        Lt(_) => "<",
        Le(_) => "<=",
        _ => "?",
    }
}

fn flip(op: &syn::BinOp) -> &'static str {
    match op_name(op) {
        ">" => "<",
        ">=" => "<=",
        "<" => ">",
        "<=" => ">=",
        o => o,
    }
}

/// `Some(..)` / `Ok(Some(..))` -> true, `None` / `Ok(None)` -> false.
fn pat_option(p: &syn::Pat) -> Option<bool> {
    match p {
        syn::Pat::Ident(i) if i.ident == "None" => Some(false),
        syn::Pat::Path(pp) if pp.path.is_ident("None") => Some(false),
        syn::Pat::TupleStruct(ts) => match ts.path.segments.last()?.ident.to_string().as_str() {
            "Some" => Some(true),
            "Ok" => ts.elems.first().and_then(pat_option),
            _ => None,
        },
        _ => None,
    }
}

/// Idents of `idents`, plus (transitively) the idents their `let` bindings were built from.
pub fn expand_idents(cx: &FileCtx, f: usize, idents: &[String], at: usize) -> Vec<String> {
    let fm = &cx.model.fns[f];
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<(String, usize)> = idents.iter().map(|i| (i.clone(), at)).collect();
    while let Some((n, at)) = stack.pop() {
        if out.len() > 200 || out.contains(&n) {
            continue;
        }
        out.push(n.clone());
        if let Some(b) = fm.binding(&n, at) {
            for d in &b.deps {
                stack.push((d.clone(), b.span.start));
            }
        }
    }
    out.retain(|n| n != "self" && n != "Self");
    out
}

/// [`Facts::serializing`] for the function `f` of this file.
pub fn serializing(cx: &FileCtx, facts: &Facts, f: usize, at: usize) -> bool {
    facts.serializing(&cx.model.fns, &cx.source.text, f, at)
}

pub fn check(cx: &mut FileCtx, facts: &Facts, verbs: &StoreVerbs, reported: &mut Vec<Span>) {
    let mut diags = Vec::new();
    let mut deferred = Vec::new();
    {
        let ctx = Ctx {
            cx,
            facts,
            verbs,
            uses: std::cell::OnceCell::new(),
            unique_guards: Default::default(),
            conflict_scrutinees: std::cell::OnceCell::new(),
        };
        for c in &facts.conds {
            for r in &c.regions {
                if let Some((present, src)) = ctx.present_in(c, r.when) {
                    if !present {
                        if let Src::Db(op) = src {
                            super::db_check_then_insert::check(
                                &ctx,
                                c,
                                r.span,
                                op,
                                ctx.read_from_result(c, r.when),
                                reported,
                                &mut diags,
                                &mut deferred,
                            );
                        } else {
                            check_insert(&ctx, c, r.span, src, reported, &mut diags);
                        }
                    } else if let Src::Db(op) = src
                        && !c.let_else
                    {
                        super::db_check_then_update::check_consume(
                            &ctx,
                            c,
                            r.span,
                            op,
                            reported,
                            &mut diags,
                            &mut deferred,
                        );
                    } else if let Src::Sql(sel) = src {
                        check_sql_claim(&ctx, c, r.span, sel, reported, &mut diags);
                    }
                    continue;
                }
            }
            check_sql_value(&ctx, c, reported, &mut diags);
            super::db_check_then_update::check(&ctx, c, reported, &mut diags);
        }
        super::db_check_then_update::check_claim(&ctx, reported, &mut diags);
        super::db_check_then_update::check_ignored_count(&ctx, reported, &mut diags);
        let guards = ctx.unique_guards.take();
        cx.facts.unique_guards.extend(guards);
    }
    for d in diags {
        cx.report(d);
    }
    for (d, via) in deferred {
        cx.report_via(d, via);
    }
}

/// An insert into the store `src` checked, in `region` where the record was absent.
fn check_insert(
    ctx: &Ctx,
    c: &CondFact,
    region: Span,
    src: Src,
    reported: &mut Vec<Span>,
    out: &mut Vec<Diagnostic>,
) {
    let cx = ctx.cx;
    let f = c.fn_idx;
    match src {
        Src::Call(cs) => {
            let Some(check) = ctx.facts.call_at(cs) else {
                return;
            };
            // a check and an insert in one key-value transaction conflict with a concurrent
            // insert of the key at commit ([`StoreCall::on_transaction`])
            if check.on_transaction() && !ctx.facts.file_uses_redis {
                return;
            }
            let key_idents = expand_idents(cx, f, &arg_idents(&check.args), cs.start);
            for act in &ctx.facts.calls {
                if act.fn_idx != f
                    || !region.encloses(act.span)
                    || act.span.start < c.cond_span.end
                    || !act.awaited
                    || act.recv != check.recv
                    || !ctx.verbs.is_insert(&act.verb)
                    || reported.contains(&act.span)
                {
                    continue;
                }
                let act_idents = expand_idents(cx, f, &arg_idents(&act.args), act.span.start);
                if !key_idents.iter().any(|k| act_idents.contains(k)) {
                    continue;
                }
                if cache_fill(ctx, c, check, act, &key_idents) {
                    continue;
                }
                // one guard held from the check to the insert serialises them (a per-key
                // lock); and a lookup made again under a guard still held at the insert makes
                // the first one a fast path (double-checked)
                if cx.model.guard_covers(f, check.span.start, act.span.start) {
                    continue;
                }
                let rechecked = ctx.facts.calls.iter().any(|c2| {
                    c2.fn_idx == f
                        && c2.recv == check.recv
                        && c2.verb == check.verb
                        && c2.span.start >= c.cond_span.end
                        && c2.span.end <= act.span.start
                        && cx.model.guard_covers(f, c2.span.start, act.span.start)
                        && expand_idents(cx, f, &arg_idents(&c2.args), c2.span.start)
                            .iter()
                            .any(|k| key_idents.contains(k))
                });
                if rechecked {
                    continue;
                }
                // `match store.put(..).await { Err(E::AlreadyExists(..)) => .. }`: the code
                // expects the lost race and answers it
                if conflict_handled(ctx, act.span) || create_only(cx, act) {
                    continue;
                }
                reported.push(act.span);
                out.push(insert_diag(ctx, check, act, c));
            }
        }
        Src::Db(_) => {}
        Src::Sql(ss) => {
            let Some(sel) = ctx.facts.sqls.iter().find(|s| s.span == ss) else {
                return;
            };
            if sel.info.locks_rows || serializing(cx, ctx.facts, f, ss.start) {
                return;
            }
            let key_idents = expand_idents(cx, f, &param_idents(sel), ss.start);
            for w in &ctx.facts.sqls {
                if w.fn_idx != f
                    || w.info.kind != SqlKind::Insert
                    || w.info.guarded_insert
                    || !region.encloses(w.span)
                    || w.span.start < c.cond_span.end
                    || !sel.info.tables.iter().any(|t| t == w.info.table())
                    || reported.contains(&w.span)
                {
                    continue;
                }
                let w_idents = expand_idents(cx, f, &param_idents(w), w.span.start);
                if !key_idents.is_empty() && !key_idents.iter().any(|k| w_idents.contains(k)) {
                    continue;
                }
                reported.push(w.span);
                let d = sql_insert_diag(ctx, sel, w, c);
                let cols: Vec<String> = sel.info.where_eq.iter().map(|(c, _)| c.clone()).collect();
                if !cols.is_empty() {
                    let table = w.info.table().to_string();
                    ctx.unique_guards.borrow_mut().push(crate::rules::context::UniqueGuard {
                        rule: d.rule.to_string(),
                        span: d.span,
                        message: format!(
                            "this `INSERT INTO {table}` runs after a SELECT found no matching row; another request can pass the same check, but {{unique}} makes the second INSERT fail with a unique violation instead of creating the row twice"
                        ),
                        help: "if the caller should see \"already exists\" rather than a database error: `INSERT … ON CONFLICT DO NOTHING` (MySQL: `INSERT IGNORE`) and check the rows affected, or map the unique-violation error (SQLSTATE 23505) to that answer".to_string(),
                        table,
                        cols,
                        via: None,
                    });
                }
                out.push(d);
            }
        }
    }
}

/// A cache-aside fill: on a miss, the value is loaded from elsewhere and written under the
/// key (`if let Some(k) = client.get(Cache::App, &idx).await? { k } else { let k =
/// Self::find(name).await?; client.put(Cache::App, idx, &k, TTL).await?; k }`). The write
/// is keyed (the key and the value are separate arguments: an overwrite, not the creation of
/// a record) and what it writes is what any other caller would load, so two callers that
/// both miss both write the same value: work is repeated, nothing is created twice. Also a
/// call that names a cache in an argument (`Cache::App`, `CacheKind::Users`) and writes a
/// computed value. A generated value (a fresh token, a random id, a timestamp: a rate
/// limit's "seen at") or a constant (a claim marker) is not a fill: the second write
/// replaces what the first caller already acted on.
fn cache_fill(ctx: &Ctx, c: &CondFact, check: &StoreCall, act: &StoreCall, key: &[String]) -> bool {
    use crate::model::data::facts::ValueSource;
    let cx = ctx.cx;
    if act.args.len() < 2 {
        return false;
    }
    let fm = &cx.model.fns[c.fn_idx];
    // where each value argument's locals come from (their binding at the write, when it is a
    // `let` between the check and the write; `None` for a parameter, a pattern or a
    // reassignment)
    let mut sources: Vec<Option<ValueSource>> = Vec::new();
    for a in &act.args {
        for name in a
            .idents()
            .iter()
            .filter(|i| !key.contains(i) && i.chars().next().is_some_and(|ch| ch.is_lowercase()))
        {
            sources.push(
                fm.binding(name, act.span.start)
                    .filter(|b| b.span.start >= c.cond_span.end)
                    .and_then(|b| ctx.facts.lets.iter().find(|l| Some(l.init) == b.init))
                    .map(|l| l.source),
            );
        }
    }
    // a constant (a claim marker) or a generated value (a timestamp, a token): not a fill
    if sources.is_empty() || sources.contains(&Some(ValueSource::Generated)) {
        return false;
    }
    let names_cache = |args: &[crate::model::data::facts::Arg]| {
        args.iter().any(|a| {
            a.text(cx.source)
                .split(|ch: char| !ch.is_alphanumeric() && ch != '_')
                .any(|w| w.to_ascii_lowercase().starts_with("cache"))
        })
    };
    (names_cache(&check.args) && names_cache(&act.args))
        || sources.iter().all(|s| *s == Some(ValueSource::Loaded))
}

/// The insert says "create only" itself: an argument (or the `let` it comes from) is a
/// precondition that the key does not exist yet (`put(k, &v, Precondition::DoesNotExist)`,
/// `PutMode::IfNotExists`, `create_only`): the store rejects the second inserter.
fn create_only(cx: &FileCtx, act: &crate::model::data::facts::StoreCall) -> bool {
    const MARKS: &[&str] = &[
        "DoesNotExist",
        "IfNotExists",
        "if_not_exists",
        "NotExists",
        "IfAbsent",
        "if_absent",
        "CreateOnly",
        "create_only",
        "MustNotExist",
        "must_not_exist",
    ];
    let f = &cx.model.fns[act.fn_idx];
    act.args.iter().any(|a| {
        let text = a.text(cx.source);
        if MARKS.iter().any(|m| text.contains(m)) {
            return true;
        }
        // `let precondition = Precondition::DoesNotExist; .. put(k, &v, precondition)`
        a.idents().iter().any(|n| {
            f.binding(n, act.span.start)
                .and_then(|b| b.init)
                .is_some_and(|i| MARKS.iter().any(|m| cx.source.slice(i).contains(m)))
        })
    })
}

/// Whether the insert at `act` is the scrutinee of a `match` (or an `if let`) with a pattern
/// naming a conflict (`Err(StorageError::CrateExists(..))`, `ErrorKind::AlreadyExists`,
/// `Conflict`, `Duplicate`, `UniqueViolation`): the second inserter's failure is expected and
/// handled.
fn conflict_handled(ctx: &Ctx, act: Span) -> bool {
    const CONFLICT: &[&str] = &["Exists", "Conflict", "Duplicate", "UniqueViolation"];
    let cx = ctx.cx;
    let names_conflict = |pat: &syn::Pat| {
        let t = cx
            .source
            .text
            .get(span_of(pat).start..span_of(pat).end)
            .unwrap_or("");
        CONFLICT.iter().any(|c| t.contains(c))
    };
    ctx.conflict_scrutinees
        .get_or_init(|| {
            cx.sites()
                .sites
                .iter()
                .filter_map(|site| match site {
                    crate::model::decisions::Site::Match { e } => e
                        .arms
                        .iter()
                        .any(|a| names_conflict(&a.pat))
                        .then(|| span_of(&*e.expr)),
                    crate::model::decisions::Site::If { e, .. } => {
                        match crate::model::decisions::strip(&e.cond) {
                            syn::Expr::Let(l) if names_conflict(&l.pat) => Some(span_of(&*l.expr)),
                            _ => None,
                        }
                    }
                })
                .collect()
        })
        .iter()
        .any(|s| s.encloses(act))
}

pub fn arg_idents(args: &[crate::model::data::facts::Arg]) -> Vec<String> {
    let mut v = Vec::new();
    for a in args {
        for i in a.idents() {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
    }
    v
}

pub fn param_idents(s: &SqlExec) -> Vec<String> {
    let mut v = Vec::new();
    for a in s.params.iter().flatten() {
        for i in a.idents() {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
    }
    v
}

fn call_text(cx: &FileCtx, c: &StoreCall) -> String {
    format!("{}.{}(..)", compact(cx.source.slice(c.recv_span)), c.verb)
}

fn insert_diag(ctx: &Ctx, check: &StoreCall, act: &StoreCall, c: &CondFact) -> Diagnostic {
    let cx = ctx.cx;
    let key = check
        .args
        .first()
        .map(|a| format!("`{}`", a.text(cx.source)))
        .unwrap_or_else(|| "the key".into());
    let check_txt = call_text(cx, check);
    let act_txt = call_text(cx, act);
    let kv = matches!(
        act.verb.as_str(),
        "set" | "set_ex" | "hset" | "sadd" | "put"
    );
    let fix = if kv {
        format!(
            "make the insert itself conditional: for a key-value store `SET {key} value NX` (redis: `set_nx` / `set_options` with `NX`) and act on its result; for a database, a unique constraint on the key with `INSERT … ON CONFLICT DO NOTHING` and a check that one row was affected",
            key = check
                .args
                .first()
                .map_or("key".to_string(), |a| a.text(cx.source))
        )
    } else {
        "let the store decide atomically: put a unique constraint on the key and insert with `INSERT … ON CONFLICT DO NOTHING` (checking that one row was affected), or map the unique-violation error of the insert to the \"already exists\" answer; for idempotency keys, store the key first (insert-if-absent) and only then do the work".to_string()
    };
    STORE_CHECK_THEN_INSERT.diag(cx.path,
        act.report,
        format!(
            "`{act_txt}` inserts after `{check_txt}` found no record for {key}; another request can insert the same record between the check and the insert, so both insert: the record is created twice, or, where the store refuses a duplicate key, the second request fails with an error instead of the \"already exists\" answer"
        ),
    )
    .label(check.span, "checked here")
    .label(c.cond_span, "the decision is taken here, before the insert")
    .help(fix)
}

fn sql_insert_diag(ctx: &Ctx, sel: &SqlExec, w: &SqlExec, c: &CondFact) -> Diagnostic {
    let table = w.info.table();
    let d = STORE_CHECK_THEN_INSERT.diag(ctx.cx.path,
        w.report,
        format!(
            "this `INSERT INTO {table}` runs after a SELECT found no matching row; another request can insert the same row between the SELECT and the INSERT, so the row is created twice"
        ),
    )
    .label(sel.lit_span, "existence checked here")
    .label(c.cond_span, "the decision is taken here");
    let help = format!(
        "put a unique constraint on the key and make the insert atomic: `INSERT INTO {table} (…) VALUES (…) ON CONFLICT DO NOTHING` (MySQL: `INSERT IGNORE`), then check that one row was affected instead of SELECTing first"
    );
    match on_conflict_edit(ctx.cx, w) {
        Some(edit) => d.suggest_edits(
            format!("{help}; the edit adds `ON CONFLICT DO NOTHING` to the INSERT (PostgreSQL / SQLite: it needs a unique constraint on the key, and the caller must treat 0 rows affected as \"already exists\")"),
            Applicability::MaybeIncorrect,
            vec![edit],
        ),
        None => d.help(help),
    }
}

/// The edit that appends ` ON CONFLICT DO NOTHING` to the INSERT's SQL literal: only for a
/// plain `"…"` literal of a single `INSERT … VALUES (…)` with `$n` placeholders (PostgreSQL /
/// SQLite; MySQL's `?` wants `INSERT IGNORE`), no `RETURNING`, `SELECT` or `;` to place the
/// clause before, and no escape or line continuation at its end.
fn on_conflict_edit(cx: &FileCtx, w: &SqlExec) -> Option<Edit> {
    let body = cx.source.slice(w.lit_span).strip_prefix('"')?;
    let upper = body.to_ascii_uppercase();
    let plain = upper.trim_start().starts_with("INSERT")
        && upper.contains("VALUES")
        && body.contains('$')
        && !body.contains('?')
        && !body.contains('\\')
        && !["RETURNING", "SELECT", "ON CONFLICT"]
            .iter()
            .any(|k| upper.contains(k));
    if !plain || w.info.guarded_insert {
        return None;
    }
    append_to_sql(cx, w, " ON CONFLICT DO NOTHING")
}

/// The edit that appends `tail` to the statement of `w`, written as one plain `"…"` literal
/// with no quote, `;` or comment in it (text appended after `--` would be commented out).
fn append_to_sql(cx: &FileCtx, w: &SqlExec, tail: &str) -> Option<Edit> {
    let body = cx
        .source
        .slice(w.lit_span)
        .strip_prefix('"')?
        .strip_suffix('"')?;
    if body.contains('"') || [";", "--", "/*"].iter().any(|k| body.contains(k)) {
        return None;
    }
    let end = w.lit_span.end - 1;
    Some(Edit::new(Span::new(end, end), tail.to_string()))
}

/// `SELECT v …; if cond(v) { UPDATE … }`: the condition is not re-checked by the write.
fn check_sql_value(ctx: &Ctx, c: &CondFact, reported: &mut Vec<Span>, out: &mut Vec<Diagnostic>) {
    let cx = ctx.cx;
    let f = c.fn_idx;
    if ctx.polarity(f, &c.cond).is_some()
        || existence_shaped(&c.cond)
        || c.regions
            .iter()
            .any(|r| matches!(r.when, When::SomeArm | When::NoneArm))
    {
        // whether a row was found, not what it holds
        return;
    }
    let fm = &cx.model.fns[f];
    let cond_idents = idents_in(&c.cond);
    for sel in &ctx.facts.sqls {
        if sel.fn_idx != f
            || sel.info.kind != SqlKind::Select
            || sel.span.start >= c.cond_span.end
            || sel.info.locks_rows
        {
            continue;
        }
        // the condition uses the selected value
        let direct = c.cond_span.encloses(sel.span);
        let via_let = ctx
            .facts
            .let_around(f, sel.span)
            .filter(|l| l.span.end <= c.cond_span.start)
            .is_some_and(|l| {
                fm.flows_from(&cond_idents, c.cond_span.start, &|s| s == l.init)
                    .is_some()
            });
        if !direct && !via_let {
            continue;
        }
        if serializing(cx, ctx.facts, f, c.cond_span.start) {
            return;
        }
        for r in &c.regions {
            for w in &ctx.facts.sqls {
                if w.fn_idx != f
                    || !w.info.is_write()
                    || !r.span.encloses(w.span)
                    || reported.contains(&w.span)
                    || !sel.info.tables.iter().any(|t| t == w.info.table())
                {
                    continue;
                }
                if rechecks(sel, w) || !writes_checked_state(sel, w) {
                    continue;
                }
                reported.push(w.span);
                out.push(value_diag(ctx, sel, w, c, r.when));
            }
        }
    }
}

/// `SELECT id FROM jobs WHERE status = 'pending' …; if let Some(job) = row { UPDATE jobs SET
/// status = 'running' WHERE id = $1 }`: the row was found by its state and the UPDATE moves it
/// out of that state without testing it again, so two workers that found the same row both
/// claim it.
fn check_sql_claim(
    ctx: &Ctx,
    c: &CondFact,
    region: Span,
    sel_span: Span,
    reported: &mut Vec<Span>,
    out: &mut Vec<Diagnostic>,
) {
    let cx = ctx.cx;
    let f = c.fn_idx;
    let Some(sel) = ctx.sql_select(sel_span) else {
        return;
    };
    if sel.info.locks_rows
        || (sel.info.where_lits.is_empty() && !sel.info.head_pick)
        || serializing(cx, ctx.facts, f, sel.span.start)
    {
        return;
    }
    // a claim reported already covers the delete that later finishes the row
    let mut claimed = false;
    for w in &ctx.facts.sqls {
        if w.fn_idx != f
            || !matches!(w.info.kind, SqlKind::Update | SqlKind::Delete)
            || !region.encloses(w.span)
            || w.span.start < c.cond_span.end
            || reported.contains(&w.span)
            || !sel.info.tables.iter().any(|t| t == w.info.table())
            || cx.skips(w.report)
        {
            continue;
        }
        // a column the row was found by, set to another value, not tested again
        let state = sel.info.where_lits.iter().find(|(col, lit)| {
            w.info
                .sets
                .iter()
                .any(|s| &s.col == col && s.value.trim() != lit.as_str())
                && !w.info.where_cols.contains(col)
        });
        if let Some((col, lit)) = state {
            reported.push(w.span);
            claimed = true;
            out.push(claim_diag(ctx, sel, w, c, col, lit));
        } else if sel.info.head_pick && w.info.kind == SqlKind::Delete && !claimed {
            // the head of a queue, read and then deleted: two workers take the same row
            reported.push(w.span);
            out.push(take_diag(ctx, sel, w, c));
        }
    }
}

fn take_diag(ctx: &Ctx, sel: &SqlExec, w: &SqlExec, c: &CondFact) -> Diagnostic {
    let table = w.info.table();
    SQL_CHECK_THEN_WRITE
        .diag(
            ctx.cx.path,
            w.report,
            format!(
                "this `DELETE` on `{table}` removes the first row the SELECT picked (`ORDER BY … LIMIT`) without locking it; another worker can pick the same row before this delete, so both take it (a job run twice, a message delivered twice)"
            ),
        )
        .label(sel.lit_span, "picked here")
        .label(c.cond_span, "the row is taken as this worker's here")
        .help(format!(
            "take the row in one statement before using it: `DELETE FROM {table} WHERE id = (SELECT id FROM {table} … ORDER BY … LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING …`, or select it `FOR UPDATE SKIP LOCKED` inside the transaction that deletes it"
        ))
}

fn claim_diag(
    ctx: &Ctx,
    sel: &SqlExec,
    w: &SqlExec,
    c: &CondFact,
    col: &str,
    lit: &str,
) -> Diagnostic {
    let cx = ctx.cx;
    let table = w.info.table();
    let d = SQL_CHECK_THEN_WRITE
        .diag(
            cx.path,
            w.report,
            format!(
                "this `UPDATE` on `{table}` moves the row out of `{col} = {lit}`, the state the SELECT found it in, without testing that state again; another worker or request can find the same row before this write, so both claim it (a job run twice, a token used twice)"
            ),
        )
        .label(sel.lit_span, "found here")
        .label(c.cond_span, "the row is taken as still free here");
    let help = format!(
        "claim the row in the write: add `AND {col} = {lit}` to the UPDATE's WHERE and go on only if `rows_affected()` is 1 (or claim in one statement with `UPDATE … RETURNING`, or `SELECT … FOR UPDATE SKIP LOCKED` inside the transaction)"
    );
    // the UPDATE's text ends with its WHERE clause: append the state test to it
    let upper = w.info.text.to_ascii_uppercase();
    let ends_with_where = upper.contains(" WHERE ")
        && !["RETURNING", "LIMIT", "ORDER BY"]
            .iter()
            .any(|k| upper.contains(k));
    if ends_with_where && let Some(edit) = append_to_sql(cx, w, &format!(" AND {col} = {lit}")) {
        return d.suggest_edits(
            format!("{help}; the edit adds the state test, and the caller must treat 0 rows affected as \"already claimed\""),
            Applicability::MaybeIncorrect,
            vec![edit],
        );
    }
    d.help(help)
}

/// The write changes what the SELECT read: an UPDATE of a column it read (any column for
/// `SELECT *`), an INSERT into / DELETE from the table it read.
fn writes_checked_state(sel: &SqlExec, w: &SqlExec) -> bool {
    match w.info.kind {
        SqlKind::Update => w
            .info
            .sets
            .iter()
            .any(|s| sel.info.star || sel.info.columns.contains(&s.col)),
        SqlKind::Insert | SqlKind::Delete => true,
        SqlKind::Select => false,
    }
}

/// The write re-checks the state itself: its WHERE tests a column the SELECT read or the
/// column it writes (other than the row key), or a version; or the insert is conditional.
fn rechecks(sel: &SqlExec, w: &SqlExec) -> bool {
    match w.info.kind {
        SqlKind::Insert => w.info.guarded_insert,
        SqlKind::Update | SqlKind::Delete => w.info.where_cols.iter().any(|col| {
            let is_key = w.info.where_eq.iter().any(|(c, _)| c == col)
                && !w.info.sets.iter().any(|s| &s.col == col)
                && !is_version(col);
            !is_key
                && (sel.info.columns.contains(col)
                    || w.info.sets.iter().any(|s| &s.col == col)
                    || is_version(col))
        }),
        SqlKind::Select => true,
    }
}

/// `x.is_some()`, `x.is_none()`, `if let Some(..) = x`, `x.is_empty()`: a test of whether a row
/// was found, not of its value.
fn existence_shaped(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Paren(p) => existence_shaped(&p.expr),
        syn::Expr::Unary(u) => existence_shaped(&u.expr),
        syn::Expr::MethodCall(mc) => matches!(
            mc.method.to_string().as_str(),
            "is_some" | "is_none" | "is_empty" | "is_ok" | "is_err"
        ),
        syn::Expr::Let(l) => pat_option(&l.pat).is_some(),
        _ => false,
    }
}

pub fn is_version(col: &str) -> bool {
    let c = col.to_ascii_lowercase();
    c.contains("version")
        || c == "etag"
        || c.contains("revision")
        || c == "updated_at"
        || c == "xmin"
}

fn value_diag(ctx: &Ctx, sel: &SqlExec, w: &SqlExec, c: &CondFact, when: When) -> Diagnostic {
    let cx = ctx.cx;
    let table = w.info.table().to_string();
    let cond = compact_ws(cx.source.slice(c.cond_span));
    let kind = match w.info.kind {
        SqlKind::Update => "UPDATE",
        SqlKind::Insert => "INSERT",
        SqlKind::Delete => "DELETE",
        SqlKind::Select => "SELECT",
    };
    let cols = if sel.info.columns.is_empty() {
        "a value".to_string()
    } else {
        format!("`{}`", sel.info.columns.join("`, `"))
    };
    let msg = format!(
        "this `{kind}` on `{table}` acts on `{cond}`, tested on {cols} read by an earlier SELECT; another request can change the row between the SELECT and the {kind}, so the check no longer holds when the write happens (a balance withdrawn twice, a seat sold twice)"
    );
    let guarded = match w.info.kind {
        SqlKind::Update => guarded_update(ctx, sel, w, c, when),
        _ => None,
    };
    let d = SQL_CHECK_THEN_WRITE
        .diag(cx.path, w.report, msg)
        .label(sel.lit_span, "read here")
        .label(c.cond_span, "checked here, in application code");
    if let Some((sql, binds, rebind)) = &guarded
        && let Some(edits) = guarded_update_edits(cx, w, sql, rebind)
    {
        return d.suggest_edits(
            format!(
                "move the check into the write: `{sql}`{binds}; the UPDATE now changes no row when the check fails, so check that `rows_affected()` is 1 and report the failure otherwise (changing SQL: review it)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    let help = match w.info.kind {
        SqlKind::Update => match guarded {
            Some((sql, binds, _)) => format!(
                "move the check into the write: `{sql}`{binds}, then check that `rows_affected()` is 1 and report the failure otherwise; or lock the row with `SELECT … FOR UPDATE` inside the transaction"
            ),
            None => format!(
                "move the check into the write: add the condition `{cond}`, expressed on the column, to the UPDATE's WHERE (`UPDATE {table} SET … WHERE … AND <condition>`) and compute the new value in SQL, then check that `rows_affected()` is 1; or lock the row with `SELECT … FOR UPDATE` inside the transaction"
            ),
        },
        SqlKind::Insert => format!(
            "make the check part of the write: lock the parent row first (`SELECT … FOR UPDATE` inside a transaction), use a SERIALIZABLE transaction, or insert conditionally in one statement (`INSERT INTO {table} (…) SELECT … WHERE <condition>`) and check the rows affected"
        ),
        _ => "make the check part of the statement's WHERE clause and check `rows_affected()`, or lock the row with `SELECT … FOR UPDATE` inside a transaction".to_string(),
    };
    d.help(help)
}

/// Parameters to bind to a new argument: (the parameter's number, the argument's text).
type Rebind = Vec<(usize, String)>;

/// The UPDATE rewritten with the new value computed in SQL and the Rust condition added to
/// its WHERE clause, plus a note on what to bind: `balance >= amount` and `SET balance = $1`
/// bound to `balance - amount` give `SET balance = balance - $1 WHERE id = $2 AND balance >= $1`.
fn guarded_update(
    ctx: &Ctx,
    sel: &SqlExec,
    w: &SqlExec,
    c: &CondFact,
    when: When,
) -> Option<(String, String, Rebind)> {
    let cx = ctx.cx;
    let fm = &cx.model.fns[c.fn_idx];
    let l = ctx.facts.let_around(c.fn_idx, sel.span)?;
    let from_sel = |e: &syn::Expr| {
        let names = idents_in(e);
        !names.is_empty()
            && fm
                .flows_from(&names, span_of(e).start, &|s| s == l.init)
                .is_some()
    };
    let set = w
        .info
        .sets
        .iter()
        .find(|s| sel.info.star || sel.info.columns.contains(&s.col))?;
    let col = set.col.clone();
    let next = w
        .info
        .sets
        .iter()
        .flat_map(|s| s.params.iter())
        .chain(w.info.where_eq.iter().map(|(_, p)| p))
        .max()
        .copied()
        .unwrap_or(0)
        + 1;
    let mut binds: Vec<String> = Vec::new();
    let mut rebind: Vec<(usize, String)> = Vec::new();
    // the new value in SQL, and the parameter holding the amount
    let (new_value, amount): (Option<String>, Option<(usize, String)>) = if set.self_ref {
        let p = set.params.first().copied();
        let amount = p.and_then(|p| {
            w.params
                .get(p - 1)
                .and_then(Option::as_ref)
                .map(|a| (p, a.text(cx.source)))
        });
        (None, amount)
    } else {
        let p = *set.params.first()?;
        let arg = w.params.get(p - 1)?.as_ref()?;
        match peel(&arg.expr) {
            syn::Expr::Binary(b)
                if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_)) && from_sel(&b.left) =>
            {
                let op = if matches!(b.op, syn::BinOp::Add(_)) {
                    "+"
                } else {
                    "-"
                };
                let amount = compact(cx.source.slice(span_of(&*b.right)));
                binds.push(format!("bind `{amount}` as parameter {p}"));
                rebind.push((p, amount.clone()));
                (Some(format!("{col} {op} ${p}")), Some((p, amount)))
            }
            _ => return None,
        }
    };
    // the condition on the column
    let syn::Expr::Binary(b) = peel(&c.cond) else {
        return None;
    };
    let mut op = match b.op {
        syn::BinOp::Ge(_) => ">=",
        syn::BinOp::Gt(_) => ">",
        syn::BinOp::Le(_) => "<=",
        syn::BinOp::Lt(_) => "<",
        syn::BinOp::Eq(_) => "=",
        syn::BinOp::Ne(_) => "<>",
        _ => return None,
    };
    let other = if from_sel(&b.left) && !from_sel(&b.right) {
        &*b.right
    } else if from_sel(&b.right) && !from_sel(&b.left) {
        op = match op {
            ">=" => "<=",
            ">" => "<",
            "<=" => ">=",
            "<" => ">",
            o => o,
        };
        &*b.left
    } else {
        return None;
    };
    if when == When::False {
        op = match op {
            ">=" => "<",
            ">" => "<=",
            "<=" => ">",
            "<" => ">=",
            "=" => "<>",
            _ => "=",
        };
    }
    let other_text = compact(cx.source.slice(span_of(other)));
    let rhs = match peel(other) {
        syn::Expr::Lit(_) => other_text,
        _ => match &amount {
            Some((p, a)) if *a == other_text => format!("${p}"),
            _ => {
                let p = next;
                binds.push(format!("bind `{other_text}` as parameter {p}"));
                rebind.push((p, other_text.clone()));
                format!("${p}")
            }
        },
    };
    let sql = crate::model::data::sql::rewrite_guarded(
        &w.info.text,
        &col,
        new_value.as_deref(),
        &format!("{col} {op} {rhs}"),
    )?;
    let sql = crate::model::data::sql::restyle(&sql, w.info.style);
    let binds = if binds.is_empty() {
        String::new()
    } else {
        format!(" ({})", binds.join(", "))
    };
    Some((sql, binds, rebind))
}

/// The edits that make `w` the guarded UPDATE: its SQL literal replaced, and each parameter to
/// rebind given its new argument. None when the literal is not a plain string or a new
/// parameter would have to be added (how depends on the API: `.bind(..)`, `&[..]`, `params!`).
fn guarded_update_edits(
    cx: &FileCtx,
    w: &SqlExec,
    sql: &str,
    rebind: &[(usize, String)],
) -> Option<Vec<Edit>> {
    let lit = cx.source.slice(w.lit_span);
    if !lit.starts_with('"') || !lit.ends_with('"') || lit.contains('\\') {
        return None;
    }
    let mut edits = vec![Edit::new(w.lit_span, format!("{sql:?}"))];
    for (p, text) in rebind {
        let arg = w.params.get(p.checked_sub(1)?)?.as_ref()?;
        let old = cx.source.slice(arg.span);
        if old.starts_with('&') || old.contains("//") || old.contains("/*") {
            return None;
        }
        if old.trim() != text {
            edits.push(Edit::new(arg.span, text.clone()));
        }
    }
    Some(edits)
}

pub fn compact_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
