//! `db-check-then-update`: a record read through an ORM or a record type, a field of it
//! tested in application code (`if coupon.uses >= coupon.max_uses { return .. }`), then the
//! same row written with a change to the tested field, by a write that does not re-check it.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::data::facts::{CondFact, When, peel};
use crate::model::data::orm::{DbKind, DbLib, DbOp, fields_read, same_table};
use crate::model::data::summary::RecordDelete;
use crate::model::func::idents_in;
use crate::model::span::span_of;
use crate::model::syntax::copies_of;
use crate::rules::check_then_act::store_checks::{Ctx, compact_ws, expand_idents, serializing};
use crate::rules::data_access::db_common::{actor_notes, op_text, record_source};
use crate::rules::{Deferred, declare_rule};

declare_rule! {
    pub static DB_CHECK_THEN_UPDATE = {
        id: "db-check-then-update",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a field of a record read through an ORM is checked in application code, then the row is updated without re-checking it",
    }
}

fn keys_of(ctx: &Ctx, op: &DbOp) -> Vec<String> {
    let mut v = Vec::new();
    for a in &op.keys {
        for i in a.idents() {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
    }
    expand_idents(ctx.cx, op.fn_idx, &v, op.span.start)
}

pub fn check(ctx: &Ctx, c: &CondFact, reported: &mut Vec<Span>, out: &mut Vec<Diagnostic>) {
    let cx = ctx.cx;
    let facts = ctx.facts;
    let f = c.fn_idx;
    if facts.dbops.is_empty() || ctx.polarity(f, &c.cond).is_some() {
        return;
    }
    let fm = &cx.model.fns[f];
    let names = idents_in(&c.cond);
    let Some((r, l)) = record_source(cx, facts, f, &names, c.cond_span.start, false) else {
        return;
    };
    let rec_names: Vec<String> = names
        .iter()
        .filter(|n| {
            fm.flows_from(&[n.to_string()], c.cond_span.start, &|s| s == l.init)
                .is_some()
        })
        .cloned()
        .collect();
    let checked = fields_read(&c.cond, &rec_names);
    if checked.is_empty() || r.locks_rows || serializing(cx, facts, f, c.cond_span.start) {
        return;
    }
    let r_keys = keys_of(ctx, r);
    for region in &c.regions {
        for w in &facts.dbops {
            if w.fn_idx != f
                || w.kind != DbKind::Update
                || !region.span.encloses(w.span)
                || w.span.start < c.cond_span.end
                || reported.contains(&w.span)
                || cx.skips(w.report)
            {
                continue;
            }
            let rec_flow = w.record.as_ref().is_some_and(|a| {
                fm.flows_from(a.idents(), a.span.start, &|s| s == l.init)
                    .is_some()
            });
            let same_row = same_table(r.table.as_deref(), w.table.as_deref())
                && !r_keys.is_empty()
                && keys_of(ctx, w).iter().any(|k| r_keys.contains(k));
            if !rec_flow && !same_row {
                continue;
            }
            // the fields the write changes, with the identifiers of their new values
            let mut written: Vec<(String, Vec<String>)> = w
                .sets
                .iter()
                .map(|s| (s.col.clone(), s.value.idents().to_vec()))
                .collect();
            if rec_flow {
                for m in &facts.mutations {
                    if m.fn_idx == f
                        && m.span.start > l.span.end
                        && m.span.end <= w.span.start
                        && let Some(field) = m.fields.first()
                        && fm
                            .flows_from(std::slice::from_ref(&m.root), m.span.start, &|s| {
                                s == l.init
                            })
                            .is_some()
                    {
                        written.push((field.to_ascii_lowercase(), m.rhs_idents.clone()));
                    }
                }
            }
            // `if device.token == Some(&token) { return } device.token = Some(token)`: the
            // check skips writing the value it compares with; a concurrent run writes the
            // same value (idempotent) or its own (last writer wins, as intended)
            let idempotent = |vals: &[String]| {
                let vals: Vec<&String> = vals
                    .iter()
                    .filter(|v| {
                        !matches!(
                            v.as_str(),
                            "Some" | "Ok" | "None" | "Set" | "ActiveValue" | "Unchanged"
                        )
                    })
                    .collect();
                !vals.is_empty()
                    && vals
                        .iter()
                        .all(|v| names.contains(v) && !rec_names.contains(v))
            };
            let hit: Vec<&String> = checked
                .iter()
                .filter(|c| written.iter().any(|(w, vals)| w == *c && !idempotent(vals)))
                .collect();
            if hit.is_empty() {
                continue;
            }
            // a conditional write re-checks the field itself
            let filter = w.filter_text.to_ascii_lowercase();
            if checked.iter().any(|c| filter.contains(c.as_str())) || filter.contains("version") {
                continue;
            }
            reported.push(w.span);
            out.push(diag(ctx, r, w, c, hit[0], region.when, &rec_names));
        }
    }
}

fn diag(
    ctx: &Ctx,
    r: &DbOp,
    w: &DbOp,
    c: &CondFact,
    field: &str,
    when: When,
    rec: &[String],
) -> Diagnostic {
    let cx = ctx.cx;
    let cond = compact_ws(cx.source.slice(c.cond_span));
    let read = op_text(cx, r);
    let table = w
        .table
        .clone()
        .or_else(|| r.table.clone())
        .unwrap_or_else(|| "the table".into());
    let mut d = DB_CHECK_THEN_UPDATE
        .diag(
            cx.path,
            w.report,
            format!(
                "this write changes `{field}` after `{cond}` was checked on the record read by `{read}`; another request can read the same row and pass the same check before this write commits, so both proceed (a coupon redeemed past its limit, a balance spent twice, a one-time token used twice)"
            ),
        )
        .label(r.report, "read here")
        .label(c.cond_span, "checked here, in application code");
    for n in actor_notes(cx, c.fn_idx, r.span, w.span) {
        d = d.note(n);
    }
    if w.lib == DbLib::Diesel
        && let Some((filter, edits)) = diesel_edits(ctx, w, c, when, rec)
    {
        return d.suggest_edits(
            format!(
                "make the write conditional and atomic: `.filter({filter})` on the updated rows and the new value computed from the column; the caller must then treat 0 rows updated as the check failing (`execute` returns the count)"
            ),
            Applicability::MaybeIncorrect,
            edits,
        );
    }
    let help = match w.lib {
        DbLib::Diesel => format!(
            "make the write conditional and check its row count: `diesel::update({table}.find(id).filter(<the condition on `{field}`>)).set({field}.eq(<new value in SQL, e.g. {field} + 1>)).execute(conn)?`, and treat 0 rows updated as the check failing; or read the row with `.for_update()` inside `conn.transaction(..)`"
        ),
        DbLib::SeaOrm => format!(
            "make the write conditional and check its row count: `Entity::update_many().col_expr(Column::…, Expr::col(Column::…).add(1)).filter(Column::Id.eq(id)).filter(<the condition on `{field}`>).exec(db)` and treat `rows_affected == 0` as the check failing; or read the row with `.lock_exclusive()` inside a transaction"
        ),
        DbLib::ActiveRecord => format!(
            "make the write conditional and check its row count: `UPDATE {table} SET … WHERE id = $1 AND <the condition on `{field}`>` and treat 0 rows affected as the check failing; or read the row with `SELECT … FOR UPDATE` inside the transaction that writes it"
        ),
    };
    d.help(help)
}

/// `rec.field` -> the diesel column of that field, written like the column `w` sets
/// (`balance`, `accounts::balance`).
fn column_of(w: &DbOp, e: &syn::Expr, rec: &[String]) -> Option<String> {
    let syn::Expr::Field(fe) = peel(e) else {
        return None;
    };
    let syn::Expr::Path(p) = &*fe.base else {
        return None;
    };
    if p.path.segments.len() != 1 || !rec.iter().any(|n| p.path.segments[0].ident == n) {
        return None;
    }
    let syn::Member::Named(m) = &fe.member else {
        return None;
    };
    let set = w.sets.first()?;
    let prefix = set
        .col_text
        .rsplit_once("::")
        .map(|(a, _)| format!("{a}::"))
        .unwrap_or_default();
    Some(format!("{prefix}{m}"))
}

/// diesel: the condition moved into the update's filter, the new value computed from the
/// column. `if acct.balance < amount { return .. }` + `update(accounts.find(id)).set(
/// balance.eq(acct.balance - amount))` -> `update(accounts.find(id).filter(balance.ge(amount)))
/// .set(balance.eq(balance - amount))`.
fn diesel_edits(
    ctx: &Ctx,
    w: &DbOp,
    c: &CondFact,
    when: When,
    rec: &[String],
) -> Option<(String, Vec<Edit>)> {
    let cx = ctx.cx;
    let target = w.target?;
    // `rec.col.is_some()` / `rec.col.is_none()` on a nullable column, `rec.flag` / `!rec.flag`
    // on a boolean one: the filter is what the write needs to hold of the column
    let truth = match when {
        When::True => true,
        When::False => false,
        _ => return None,
    };
    let unary = |e: &syn::Expr| -> Option<(String, String)> {
        match peel(e) {
            syn::Expr::MethodCall(mc) if mc.args.is_empty() => {
                let col = column_of(w, &mc.receiver, rec)?;
                let some = match mc.method.to_string().as_str() {
                    "is_some" => true,
                    "is_none" => false,
                    _ => return None,
                };
                let m = if some == truth {
                    "is_not_null"
                } else {
                    "is_null"
                };
                Some((format!("{col}.{m}()"), col))
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
                let col = column_of(w, &u.expr, rec)?;
                Some((format!("{col}.eq({})", !truth), col))
            }
            syn::Expr::Field(_) => {
                let col = column_of(w, e, rec)?;
                Some((format!("{col}.eq({truth})"), col))
            }
            _ => None,
        }
    };
    if let Some((filter, _)) = unary(&c.cond) {
        return Some((
            filter.clone(),
            vec![Edit::new(
                Span::new(target.end, target.end),
                format!(".filter({filter})"),
            )],
        ));
    }
    let syn::Expr::Binary(b) = peel(&c.cond) else {
        return None;
    };
    let mut op = match b.op {
        syn::BinOp::Lt(_) => "lt",
        syn::BinOp::Le(_) => "le",
        syn::BinOp::Gt(_) => "gt",
        syn::BinOp::Ge(_) => "ge",
        syn::BinOp::Eq(_) => "eq",
        syn::BinOp::Ne(_) => "ne",
        _ => return None,
    };
    let (col, other) = match (column_of(w, &b.left, rec), column_of(w, &b.right, rec)) {
        (Some(l), Some(r)) => (l, r),
        (Some(l), None) => (l, other_text(cx, &b.right, rec)?),
        (None, Some(r)) => {
            op = match op {
                "lt" => "gt",
                "le" => "ge",
                "gt" => "lt",
                "ge" => "le",
                o => o,
            };
            (r, other_text(cx, &b.left, rec)?)
        }
        (None, None) => return None,
    };
    if matches!(when, When::False) {
        op = match op {
            "lt" => "ge",
            "le" => "gt",
            "gt" => "le",
            "ge" => "lt",
            "eq" => "ne",
            _ => "eq",
        };
    } else if !matches!(when, When::True) {
        return None;
    }
    let filter = format!("{col}.{op}({other})");
    let mut edits = vec![Edit::new(
        Span::new(target.end, target.end),
        format!(".filter({filter})"),
    )];
    // the new value from the column: `acct.balance - amount` -> `balance - amount`
    for s in &w.sets {
        if let syn::Expr::Binary(sb) = peel(&s.value.expr)
            && matches!(sb.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_))
            && let Some(colexpr) = column_of(w, &sb.left, rec)
            && colexpr.rsplit("::").next() == s.col_text.rsplit("::").next()
        {
            edits.push(Edit::new(span_of(&*sb.left), s.col_text.clone()));
        }
    }
    Some((filter, edits))
}

/// The other side of the check, when it does not read the record (pasted as it is).
fn other_text(cx: &crate::rules::FileCtx, e: &syn::Expr, rec: &[String]) -> Option<String> {
    let ids = idents_in(e);
    if ids.iter().any(|i| rec.contains(i)) {
        return None;
    }
    let t = cx.source.slice(span_of(e)).trim().to_string();
    (!t.contains("//") && !t.contains("/*") && !t.contains('\n')).then_some(t)
}

/// A row found (`if let Some(token) = Token::find(..)`) and deleted to consume it, the
/// delete's row count ignored, and the row's data used afterwards: two requests both find it
/// and both go on (a one-time token, an invite used twice).
#[allow(clippy::too_many_arguments)]
pub fn check_consume(
    ctx: &Ctx,
    c: &CondFact,
    region: Span,
    check_span: Span,
    reported: &mut Vec<Span>,
    out: &mut Vec<Diagnostic>,
    deferred: &mut Vec<(Diagnostic, Deferred)>,
) {
    let cx = ctx.cx;
    let facts = ctx.facts;
    let f = c.fn_idx;
    let Some(check) = facts.dbop_at(check_span) else {
        return;
    };
    if check.kind != DbKind::Read || check.locks_rows || serializing(cx, facts, f, check.span.start)
    {
        return;
    }
    // one record found (`if let Some(t)`, `Some(t) =>`, `.is_some()`), not a list tested for
    // emptiness
    let one_record = match peel(&c.cond) {
        syn::Expr::Let(_) => true,
        syn::Expr::MethodCall(mc) => mc.method == "is_some",
        _ => c.regions.iter().any(|r| r.when == When::SomeArm),
    };
    if !one_record {
        return;
    }
    let keys = keys_of(ctx, check);
    // a method of the record's type given the record (`stored.consume(&pool)`): a delete
    // where the workspace's summaries show it deleting its own record
    for w in facts.dbops.iter().chain(&facts.record_calls) {
        let through = facts.record_calls.iter().any(|r| std::ptr::eq(r, w));
        if w.fn_idx != f
            || w.kind != DbKind::Delete
            || !region.encloses(w.span)
            || w.span.start < c.cond_span.end
            || reported.contains(&w.span)
            || cx.skips(w.report)
            || !same_table(check.table.as_deref(), w.table.as_deref())
        {
            continue;
        }
        // the delete's result (the row count) is discarded
        let discarded = facts
            .stmt_exprs
            .iter()
            .any(|s| s.start == w.span.start && s.encloses(w.span));
        if !discarded {
            continue;
        }
        // the same row: the record itself, or a key in common with the lookup
        let mut names: Vec<String> = w
            .record
            .iter()
            .flat_map(|a| a.idents().iter().cloned())
            .collect();
        let w_keys = keys_of(ctx, w);
        if names.is_empty() && !w_keys.iter().any(|k| keys.contains(k)) {
            continue;
        }
        // a method called on another value than the record this check found
        if through
            && cx.model.fns[f]
                .flows_from(&names, w.span.start, &|s| s.encloses(check.span))
                .is_none()
        {
            continue;
        }
        // the deleted record was found by another lookup (`if let Some(t) =
        // Token::find_by_app(..) { t.delete(..) }` under the check of a code): it consumes
        // that row, not the one this check found
        let fm = &cx.model.fns[f];
        let other_lookup = names.iter().any(|n| {
            fm.binding(n, w.span.start)
                .and_then(|b| b.init)
                .is_some_and(|init| {
                    !init.encloses(check.span)
                        && facts
                            .dbops
                            .iter()
                            .chain(&facts.helper_ops)
                            .any(|o| o.kind == DbKind::Read && init.encloses(o.span))
                })
        });
        if other_lookup {
            continue;
        }
        names.extend(w_keys);
        // copies taken of the record before the delete (`let code = stored.clone();`,
        // `let uid = stored.user_id;`) are what was found too
        let copies = copies_of(fm, &names, Span::new(c.cond_span.end, w.span.start), &|s| {
            cx.source.slice(s).to_string()
        });
        names.extend(copies);
        // what was found is used after it was consumed (the value bound at the delete: a
        // shadowing `let` of the same name after it is a new value)
        let after = Span::new(w.span.end, region.end);
        let used_after = facts.dbops.iter().any(|o| {
            o.fn_idx == f
                && after.encloses(o.span)
                && matches!(o.kind, DbKind::Insert | DbKind::Update)
        }) || names
            .iter()
            .any(|n| ctx.binding_used(f, n, w.span.start, after));
        if !used_after {
            continue;
        }
        reported.push(w.span);
        let read = op_text(cx, check);
        let how = match &w.callee {
            Some((_, m)) if through => format!("deleted here, by its method `{m}`,"),
            _ => "deleted here".to_string(),
        };
        let d = DB_CHECK_THEN_UPDATE
            .diag(
                cx.path,
                w.report,
                format!(
                    "the row found by `{read}` is {how} to consume it, but the delete's row count is ignored; two requests can both find the row before either deletes it, and both go on (a one-time token or an invite used twice)"
                ),
            )
            .label(check.report, "found here")
            .label(c.cond_span, "checked here, in application code")
            .help(
                "act only when this request removed the row: check the count the delete returns (`if deleted == 0 { return Err(AlreadyUsed) }`), or use `DELETE … RETURNING` and go on only when a row came back",
            );
        match &w.callee {
            Some((_, m)) if through => deferred.push((
                d,
                Deferred::RecordDelete(RecordDelete {
                    name: m.clone(),
                    ty: check
                        .callee
                        .as_ref()
                        .map(|(t, _)| t.clone())
                        .filter(|t| !t.is_empty() && t != "Self"),
                    table: check.table.clone(),
                }),
            )),
            _ => out.push(d),
        }
    }
}

/// A claim: rows found by a state filter (`Entity::find().filter(Column::Status.eq(0))`,
/// diesel `jobs.filter(status.eq("pending"))`), then that state changed on those rows (by
/// their ids, or on the record read) by a write whose own filter does not test the state
/// again. Two workers select the same rows before either writes, and both claim them.
pub fn check_claim(ctx: &Ctx, reported: &mut Vec<Span>, out: &mut Vec<Diagnostic>) {
    let cx = ctx.cx;
    let facts = ctx.facts;
    for r in &facts.dbops {
        if r.kind != DbKind::Read || r.state_filters.is_empty() || r.locks_rows {
            continue;
        }
        let f = r.fn_idx;
        let Some(l) = crate::rules::data_access::db_common::read_let(facts, r) else {
            continue;
        };
        if serializing(cx, facts, f, r.span.start) {
            continue;
        }
        let fm = &cx.model.fns[f];
        let from_read = |names: &[String], at: usize| {
            !names.is_empty() && fm.flows_from(names, at, &|s| s == l.init).is_some()
        };
        for w in &facts.dbops {
            if w.fn_idx != f
                || w.kind != DbKind::Update
                || w.span.start < r.span.end
                || reported.contains(&w.span)
                || cx.skips(w.report)
                || !same_table(r.table.as_deref(), w.table.as_deref())
            {
                continue;
            }
            // the rows read: the record saved, or the keys of the write's filter
            let rec_flow = w
                .record
                .as_ref()
                .is_some_and(|a| from_read(a.idents(), a.span.start));
            let key_flow = w.keys.iter().any(|a| from_read(a.idents(), a.span.start));
            if !rec_flow && !key_flow {
                continue;
            }
            // the columns the write changes
            let mut written: Vec<String> = w.sets.iter().map(|s| s.col.clone()).collect();
            // `ActiveModel { status: Set(1), ..Default::default() }.update(db)`
            if let Some(a) = &w.record
                && let syn::Expr::Struct(st) = peel(&a.expr)
            {
                for fv in &st.fields {
                    if let syn::Member::Named(m) = &fv.member {
                        written.push(m.to_string().to_ascii_lowercase());
                    }
                }
            }
            if rec_flow {
                for m in &facts.mutations {
                    if m.fn_idx == f
                        && m.span.start > l.span.end
                        && m.span.end <= w.span.start
                        && let Some(field) = m.fields.first()
                        && from_read(std::slice::from_ref(&m.root), m.span.start)
                    {
                        written.push(field.to_ascii_lowercase());
                    }
                }
            }
            let Some((col, cond)) = r.state_filters.iter().find(|(c, _)| {
                written
                    .iter()
                    .any(|w| w.replace('_', "") == c.replace('_', ""))
            }) else {
                continue;
            };
            // the write tests the state itself (a conditional update)
            let wf = w.filter_text.to_ascii_lowercase().replace('_', "");
            if wf.contains(&col.replace('_', "")) || wf.contains("version") {
                continue;
            }
            reported.push(w.span);
            out.push(claim_diag(ctx, r, w, col, cond));
        }
    }
}

fn claim_diag(ctx: &Ctx, r: &DbOp, w: &DbOp, col: &str, cond: &str) -> Diagnostic {
    let cx = ctx.cx;
    let read = op_text(cx, r);
    let mut d = DB_CHECK_THEN_UPDATE
        .diag(
            cx.path,
            w.report,
            format!(
                "this write changes `{col}` on the rows selected by `{cond}` (read by `{read}`), and does not test `{cond}` again; two workers (or two requests) can run the select at the same time, see the same rows and both claim them (two agents lease the same job, one item handed out twice)"
            ),
        )
        .label(r.report, "rows selected by their state here");
    for n in actor_notes(cx, w.fn_idx, r.span, w.span) {
        d = d.note(n);
    }
    let in_tx = r
        .conn
        .as_deref()
        .is_some_and(crate::model::data::orm::names_transaction);
    let lock = match r.lib {
        DbLib::Diesel => ".for_update().skip_locked()",
        _ => ".lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)",
    };
    // the state test repeated in the write's filter, when the write has one
    let filter_edit = match w.lib {
        DbLib::SeaOrm | DbLib::Diesel if !w.filter_text.is_empty() || w.target.is_some() => {
            Some(match w.target {
                Some(t) if w.lib == DbLib::Diesel => {
                    Edit::new(Span::new(t.end, t.end), format!(".filter({cond})"))
                }
                _ => Edit::new(
                    Span::new(w.report.start, w.report.start),
                    format!("filter({cond})."),
                ),
            })
        }
        _ => None,
    };
    let count = match w.lib {
        DbLib::SeaOrm => "`exec(..)?.rows_affected`",
        DbLib::Diesel => "the count `execute` returns",
        DbLib::ActiveRecord => "the affected-row count",
    };
    if let Some(e) = filter_edit {
        return d.suggest_edits(
            format!(
                "make the claim conditional: `.filter({cond})` on the update, so a row another worker claimed first is not claimed again, and keep only what {count} says this call claimed (for a batch, `UPDATE … WHERE … RETURNING id`); or select with `{lock}` inside the transaction that updates"
            ),
            Applicability::MaybeIncorrect,
            vec![e],
        );
    }
    if in_tx && r.lib == DbLib::SeaOrm {
        // in a transaction, locking the selected rows is the whole fix
        let at = Span::new(r.report.start, r.report.start);
        return d.suggest_edits(
            "lock the selected rows until the transaction commits: `.lock_exclusive()` on the select (or `.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)` so that concurrent workers take other rows)".to_string(),
            Applicability::MaybeIncorrect,
            vec![Edit::new(at, "lock_exclusive().".to_string())],
        );
    }
    let help = match w.lib {
        DbLib::SeaOrm => format!(
            "claim in one conditional statement: `Entity::update_many().col_expr(Column::…, Expr::value(..)).filter(Column::Id.eq(id)).filter({cond}).exec(db)` and go on only when `rows_affected == 1`; or select with `{lock}` inside the transaction that updates"
        ),
        DbLib::Diesel => format!(
            "claim in one conditional statement: `diesel::update(table.find(id).filter({cond})).set(..).execute(conn)` and go on only when it returns 1; or select with `{lock}` inside `conn.transaction(..)`"
        ),
        DbLib::ActiveRecord => format!(
            "claim in one conditional statement: `UPDATE … SET {col} = … WHERE id = $1 AND <{cond}>` and go on only when one row changed; or `SELECT … FOR UPDATE SKIP LOCKED` inside the transaction that updates"
        ),
    };
    d.help(help)
}

/// A claim whose answer is dropped: a conditional write (`UPDATE … SET used = true WHERE …
/// AND used = false`, diesel `update(t.filter(used.eq(false))).set(used.eq(true))`, SeaORM
/// `update_many().filter(Column::Used.eq(false))`) whose affected-row count is ignored, and a
/// data write after it. The filter keeps the second request from changing the row, not from
/// going on: both requests act (a one-time token used twice, the last item sold twice).
/// Raw SQL is reported as `sql-check-then-write`, the ORMs as `db-check-then-update`.
pub fn check_ignored_count(ctx: &Ctx, reported: &mut Vec<Span>, out: &mut Vec<Diagnostic>) {
    use crate::model::data::claims::{ClaimOp, act_after, conditional_writes};
    let cx = ctx.cx;
    let facts = ctx.facts;
    if facts.sqls.is_empty() && facts.dbops.is_empty() {
        return;
    }
    for w in conditional_writes(facts) {
        if !w.count_ignored
            || reported.contains(&w.span)
            || cx.skips(w.report)
            || serializing(cx, facts, w.fn_idx, w.span.start)
        {
            continue;
        }
        let Some(act_op) = act_after(facts, &w) else {
            continue;
        };
        let (act, act_text) = match act_op {
            ClaimOp::Sql(i) => {
                let q = &facts.sqls[i];
                (q.report, compact_ws(&q.info.text))
            }
            ClaimOp::Db(i) => {
                let o = &facts.dbops[i];
                let t = compact_ws(cx.source.slice(o.span))
                    .replace("( ", "(")
                    .replace(" )", ")")
                    .replace(" .", ".");
                (o.report, t)
            }
        };
        let act_text = if act_text.chars().count() > 90 {
            let cut: String = act_text.chars().take(87).collect();
            format!("{cut}…")
        } else {
            act_text
        };
        let test = &w.test;
        let (rule, count) = match w.op {
            ClaimOp::Sql(i) => {
                let q = &facts.sqls[i];
                let api = if q.info.style == '$' && cx.source.slice(q.span).contains("bind") {
                    "`let n = ….execute(..).await?.rows_affected();`"
                } else {
                    "the count `execute` returns (`let n = ….execute(..)?;`)"
                };
                (
                    &crate::rules::check_then_act::store_checks::SQL_CHECK_THEN_WRITE,
                    api,
                )
            }
            ClaimOp::Db(i) => {
                let api = match facts.dbops[i].lib {
                    DbLib::SeaOrm => "`let n = ….exec(db).await?.rows_affected;`",
                    _ => "the count `execute` returns (`let n = ….execute(conn)?;`)",
                };
                (&DB_CHECK_THEN_UPDATE, api)
            }
        };
        reported.push(w.span);
        let mut d = rule
            .diag(
                cx.path,
                w.report,
                format!(
                    "this write claims the row only while `{test}` holds, but how many rows it changed is ignored, and `{act_text}` runs either way; two requests can both run the write (one changes the row, the other changes nothing) and both go on (a one-time token or invite used twice, the last item sold twice)"
                ),
            )
            .label(act, "runs whether or not this request claimed the row");
        for n in actor_notes(cx, w.fn_idx, w.span, act) {
            d = d.note(n);
        }
        out.push(d.help(format!(
            "read the affected-row count, {count}, and go on only when this request changed the rows it claims (for one row: `if n == 0 {{ return Err(AlreadyUsed) }}`); or use `UPDATE … RETURNING` and go on with the rows that came back"
        )));
    }
}
