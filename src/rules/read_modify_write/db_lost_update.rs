//! `db-lost-update`: a record read through an ORM or a record type, a field changed from its
//! old value in application code, then written back (`record.save(conn)`, SeaORM
//! `active.update(db)`, diesel `.set(likes.eq(post.likes + 1))`).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::data::facts::{Arg, Facts, LetFact, computes, peel};
use crate::model::data::orm::{DbKind, DbLib, DbOp, DbSet, same_table};
use crate::model::data::summary::HelperRmw;
use crate::model::span::span_of;
use crate::rules::check_then_act::store_checks::compact_ws;
use crate::rules::check_then_act::store_checks::serializing;
use crate::rules::data_access::db_common::{actor_notes, op_text, record_source};
use crate::rules::read_modify_write::store_writes::{record_modified, result_used};
use crate::rules::{FileCtx, declare_rule};

declare_rule! {
    pub static DB_LOST_UPDATE = {
        id: "db-lost-update",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a record read through an ORM is changed from its old value in application code and written back",
    }
}

pub fn check(cx: &mut FileCtx, facts: &Facts, reported: &mut Vec<Span>) {
    let mut diags = Vec::new();
    for w in facts.dbops.iter().chain(&facts.helper_ops) {
        if w.kind != DbKind::Update || reported.contains(&w.span) || cx.skips(w.report) {
            continue;
        }
        let found = if facts.is_helper(w) {
            check_helper_write(cx, facts, w)
        } else {
            check_write(cx, facts, w)
        };
        if let Some(d) = found {
            reported.push(w.span);
            diags.push(d);
        }
    }
    for (d, via) in diags {
        match via {
            Some(v) => cx.report_via(d, crate::rules::Deferred::Helpers(v)),
            None => cx.report(d),
        }
    }
}

/// A finding, with the helpers its read or write goes through (confirmed in the workspace
/// phase by their summaries).
type Found = (Diagnostic, Option<HelperRmw>);

/// What the workspace phase must confirm when the read `r` or the write `w` (with the changed
/// value as argument `arg`) is a call of a data helper.
fn via(cx: &FileCtx, facts: &Facts, r: &DbOp, w: &DbOp, arg: Option<usize>) -> Option<HelperRmw> {
    let call = |op: &DbOp| crate::model::data::summary::helper_call_of(cx.path, cx.model, op);
    let read = facts.is_helper(r).then(|| call(r)).flatten();
    let write = match arg {
        Some(i) => Some((call(w)?, i)),
        None => None,
    };
    (read.is_some() || write.is_some()).then(|| HelperRmw {
        read,
        read_table: r.table.clone(),
        write,
        write_table: w.table.clone(),
    })
}

/// `let n = get_count(&db, id)?; set_count(&db, id, n + 1)?`, `let dk = keys::get(id)?; ..
/// keys::update(dk2)?`: a helper given a value computed from a record read before (by a
/// helper or inline), where the helpers' bodies read and update one table.
fn check_helper_write(cx: &FileCtx, facts: &Facts, w: &DbOp) -> Option<Found> {
    let f = w.fn_idx;
    let fm = &cx.model.fns[f];
    for (i, a) in w.keys.iter().enumerate() {
        let Some((r, l)) = record_source(cx, facts, f, a.idents(), a.span.start, true) else {
            continue;
        };
        let core = peel(&a.expr);
        // a value computed in the argument from the value read (`n + 1`, `bal - amount`)
        let change = if !matches!(core, syn::Expr::Path(_) | syn::Expr::Struct(_))
            && computes(core)
            && a.idents().iter().any(|n| {
                fm.flows_from(std::slice::from_ref(n), a.span.start, &|s| s == l.init)
                    .is_some()
            }) {
            Some((a.span, compact_ws(cx.source.slice(a.span))))
        } else {
            record_change(cx, facts, a, r, l, w.span.start)
        };
        let Some((m_span, what)) = change else {
            continue;
        };
        if safe(cx, facts, r, w) {
            continue;
        }
        let v = via(cx, facts, r, w, Some(i))?;
        return Some((
            record_diag(cx, r, w, m_span, &what, &l.names, true),
            Some(v),
        ));
    }
    None
}

fn safe(cx: &FileCtx, facts: &Facts, r: &DbOp, w: &DbOp) -> bool {
    r.locks_rows
        || serializing(cx, facts, w.fn_idx, r.span.start)
        || w.filter_text.to_ascii_lowercase().contains("version")
        || (facts.in_loop_with(w.fn_idx, r.span, w.span) && result_used(facts, w.span))
}

fn check_write(cx: &FileCtx, facts: &Facts, w: &DbOp) -> Option<Found> {
    let f = w.fn_idx;
    let fm = &cx.model.fns[f];
    // diesel `.set(likes.eq(post.likes + 1))`, SeaORM `col_expr(.., post.likes + 1)`
    for s in &w.sets {
        // `let n = post.likes + 1; .. .set(likes.eq(n))`: computed into a local first, from the
        // same field of the record
        let local = match peel(&s.value.expr) {
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                facts.lets.iter().find(|x| {
                    x.fn_idx == f
                        && x.computes
                        && x.names.len() == 1
                        && x.names[0] == name
                        && x.span.end <= s.value.span.start
                        && fm.binding(&name, s.value.span.start).and_then(|b| b.init)
                            == Some(x.init)
                })
            }
            _ => None,
        };
        if let Some(x) = local {
            let t = compact_ws(cx.source.slice(x.init));
            let Some((r, l)) =
                record_source(cx, facts, f, s.value.idents(), s.value.span.start, true)
            else {
                continue;
            };
            let reads_col = t.match_indices(&format!(".{}", s.col)).any(|(i, _)| {
                let after = t[i + s.col.len() + 1..].chars().next();
                !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '(')
            });
            if !reads_col
                || !same_table(r.table.as_deref(), w.table.as_deref())
                || safe(cx, facts, r, w)
            {
                continue;
            }
            let v = via(cx, facts, r, w, None);
            return Some((record_diag(cx, r, w, x.span, &t, &l.names, v.is_some()), v));
        }
        if !computes(&s.value.expr) {
            continue;
        }
        let Some((r, l)) = record_source(cx, facts, f, s.value.idents(), s.value.span.start, true)
        else {
            continue;
        };
        if !same_table(r.table.as_deref(), w.table.as_deref()) {
            continue;
        }
        let names: Vec<String> = s
            .value
            .idents()
            .iter()
            .filter(|n| {
                fm.flows_from(&[n.to_string()], s.value.span.start, &|x| x == l.init)
                    .is_some()
            })
            .cloned()
            .collect();
        if !crate::model::syntax::reads_field_of(&s.value.expr, &names) || safe(cx, facts, r, w) {
            continue;
        }
        return Some((set_diag(cx, r, w, s, &names), via(cx, facts, r, w, None)));
    }
    // a record saved whole
    let rec = w.record.as_ref()?;
    let (r, l) = record_source(cx, facts, f, rec.idents(), rec.span.start, true)?;
    let (m_span, what) = record_change(cx, facts, rec, r, l, w.span.start)?;
    if safe(cx, facts, r, w) {
        return None;
    }
    let v = via(cx, facts, r, w, None);
    Some((
        record_diag(cx, r, w, m_span, &what, &l.names, v.is_some()),
        v,
    ))
}

/// How the record `rec` saved at `at` was changed from the one `r` read (bound by `l`): a
/// field changed from its old value, or a copy of the row rebuilt with a value read from it
/// other than its key.
fn record_change(
    cx: &FileCtx,
    facts: &Facts,
    rec: &Arg,
    r: &DbOp,
    l: &LetFact,
    at: usize,
) -> Option<(Span, String)> {
    let f = l.fn_idx;
    let fm = &cx.model.fns[f];
    let (m_span, what) = record_modified(cx, facts, fm, rec, l, at)?;
    // a record built field by field: one written column must carry a value read from the row
    // other than its key (every column `Set` from the request, `id: Unchanged(old.id)`,
    // `..Default::default()`, writes nothing another writer's change could be lost to); a
    // `..rest` built from the row (`..old.into()`) carries all of it
    let written = crate::model::data::orm::written_from(&rec.expr).or_else(|| {
        facts
            .lets
            .iter()
            .find(|x| x.fn_idx == f && x.span == m_span)
            .and_then(|x| x.written.clone())
    });
    if let Some(cols) = written
        && !cols.iter().any(|c| {
            c.uses.iter().any(|(name, fields)| {
                fm.flows_from(std::slice::from_ref(name), rec.span.start, &|s| s == l.init)
                    .is_some()
                    && if c.col == crate::model::data::orm::REST {
                        true
                    } else if fields.is_empty() {
                        !key_like(name, r)
                    } else {
                        fields.iter().any(|f| !key_like(f, r))
                    }
            })
        })
    {
        return None;
    }
    // `records.retain(..)` changes which records are saved, not a field of one
    if !what.contains('.') || what.to_ascii_lowercase().contains("version") {
        return None;
    }
    Some((m_span, what))
}

/// A row's key: what identifies the row rather than a value of it (`id`, `uuid`, `*_id`, a
/// column the read filtered on).
fn key_like(name: &str, r: &DbOp) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(n.as_str(), "id" | "uuid" | "pk" | "key")
        || n.ends_with("_id")
        || n.ends_with("_uuid")
        || n.ends_with("_key")
        || r.key_cols.contains(&n)
}

fn notes(cx: &FileCtx, d: Diagnostic, r: &DbOp, w: &DbOp) -> Diagnostic {
    let mut d = d;
    for n in actor_notes(cx, w.fn_idx, r.span, w.span) {
        d = d.note(n);
    }
    d
}

/// `post.likes + 1` with `likes` the column set: the edit computes it from the column.
fn set_diag(cx: &FileCtx, r: &DbOp, w: &DbOp, s: &DbSet, names: &[String]) -> Diagnostic {
    let vtext = compact_ws(cx.source.slice(s.value.span));
    let read = op_text(cx, r);
    let d = DB_LOST_UPDATE
        .diag(
            cx.path,
            w.report,
            format!(
                "`{col}` is set to `{vtext}`, computed from the row read by `{read}`; an update of `{col}` by another request in between is overwritten (two concurrent likes count once, two deposits credit one)",
                col = s.col
            ),
        )
        .label(r.report, "read here")
        .label(s.value.span, "new value computed in application code");
    let d = notes(cx, d, r, w);
    // `rec.col OP delta`: replace the record's field by the column
    let mut op = "+";
    let edit = match peel(&s.value.expr) {
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_)) => {
            if matches!(b.op, syn::BinOp::Sub(_)) {
                op = "-";
            }
            match peel(&b.left) {
                syn::Expr::Field(fe)
                    if matches!(&fe.member, syn::Member::Named(m) if m.to_string().to_ascii_lowercase() == s.col)
                        && matches!(&*fe.base, syn::Expr::Path(p) if p.path.segments.len() == 1 && names.iter().any(|n| p.path.segments[0].ident == n)) =>
                {
                    Some(Edit::new(span_of(&*b.left), s.col_text.clone()))
                }
                _ => None,
            }
        }
        _ => None,
    };
    match (w.lib, edit) {
        (DbLib::Diesel, Some(e)) => d.suggest_edits(
            format!(
                "compute the new value in the database: `.set({c}.eq({c} {op} …))` is one atomic `UPDATE … SET {col} = {col} {op} …`; the earlier read may then be unnecessary",
                c = s.col_text,
                col = s.col,
            ),
            Applicability::MaybeIncorrect,
            vec![e],
        ),
        (DbLib::SeaOrm, _)
            if let Some((help, e)) =
                crate::rules::data_access::db_common::lock_in_transaction(r, w) =>
        {
            d.suggest_edits(help, Applicability::MaybeIncorrect, vec![e])
        }
        (DbLib::SeaOrm, _) => d.help(format!(
            "compute the new value in the database: `col_expr({c}, Expr::col({c}).add(…))` makes one atomic `UPDATE … SET {col} = {col} + …`",
            c = s.col_text,
            col = s.col
        )),
        _ => d.help(format!(
            "compute the new value in the database (`UPDATE … SET {col} = {col} + …`), or read the row with `.for_update()` inside the transaction that writes it",
            col = s.col
        )),
    }
}

fn record_diag(
    cx: &FileCtx,
    r: &DbOp,
    w: &DbOp,
    m: Span,
    what: &str,
    read_names: &[String],
    helpers: bool,
) -> Diagnostic {
    let read = op_text(cx, r);
    let write = op_text(cx, w);
    let field = crate::model::syntax::changed_field(what);
    let table = w
        .table
        .clone()
        .or_else(|| r.table.clone())
        .unwrap_or_else(|| "<table>".into());
    // a row rebuilt with its values copied from the read: those are what goes back
    // (not its key: a column named like one, or what the read looked the row up by)
    let (copied, changed): (Vec<String>, Vec<String>) =
        crate::model::syntax::rebuilt_fields(what, read_names)
            .filter(|b| b.derived.is_empty())
            .map(|b| {
                let copied = b
                    .copied
                    .into_iter()
                    .filter(|c| !key_like(c, r) && !r.keys.iter().any(|k| k.idents().contains(c)))
                    .collect();
                (copied, b.changed)
            })
            .unwrap_or_default();
    let list = |v: &[String]| {
        v.iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let record = if what.contains('.') || what.contains('{') {
        "record"
    } else {
        "value"
    };
    let outcome = if !copied.is_empty() {
        format!(
            "{} written back as read: a change to {} made by another request in between is undone",
            list(&copied),
            if copied.len() == 1 { "it" } else { "them" }
        )
    } else if record == "value" {
        "a change made by another request in between is overwritten (of two concurrent updates, one is lost)".to_string()
    } else if field == "<column>" {
        "a change to the same row made by another request in between is overwritten (of two concurrent updates of the row, one is lost)".to_string()
    } else {
        format!(
            "a change to the same row made by another request in between is overwritten (two concurrent updates of `{field}` count once)"
        )
    };
    // a long struct literal by its type
    let shown = match what.split_once('{') {
        Some((ty, _)) if what.len() > 60 => format!("{ty} {{ .. }}"),
        _ => what.to_string(),
    };
    let d = DB_LOST_UPDATE
        .diag(
            cx.path,
            w.report,
            format!(
                "the {record} read by `{read}` is modified (`{shown}`) and saved back by `{write}`; {outcome}"
            ),
        )
        .label(r.report, "read here")
        .label(m, "modified here, in application code");
    let d = notes(cx, d, r, w);
    if let Some((help, e)) = crate::rules::data_access::db_common::lock_in_transaction(r, w) {
        return d.suggest_edits(help, Applicability::MaybeIncorrect, vec![e]);
    }
    if !copied.is_empty() && !changed.is_empty() {
        return d.help(format!(
            "write only what changed: an update of {} alone leaves {} to the other writers; or read the row with `FOR UPDATE` inside the transaction that writes it",
            list(&changed),
            list(&copied)
        ));
    }
    if helpers {
        return d.help(
            "make the change in one statement in the data helper (`UPDATE … SET col = col + $1 WHERE …`, computed by the database); or read the row with `SELECT … FOR UPDATE` inside the transaction that writes it; or add a version column checked by the write, retrying when no row changed",
        );
    }
    let help = match w.lib {
        DbLib::Diesel => format!(
            "make the change in one statement: `diesel::update({table}.find(id)).set({field}.eq({field} + …)).execute(conn)`; or read with `.for_update()` inside `conn.transaction(..)`; or add a version column and update `… .filter(version.eq(old))`, retrying when 0 rows changed"
        ),
        DbLib::SeaOrm => format!(
            "make the change in one statement: `Entity::update_many().col_expr(Column::{col}, Expr::col(Column::{col}).add(…)).filter(Column::Id.eq(id)).exec(db)`; or read with `.lock_exclusive()` inside a transaction; or add a version column checked by the update",
            col = camel(&field)
        ),
        DbLib::ActiveRecord => format!(
            "make the change in one statement: `UPDATE {table} SET {field} = {field} + $1 WHERE id = $2` in a method of the record type; or read with `SELECT … FOR UPDATE` inside the transaction that saves; or add a version column checked by the save, retrying when no row changed"
        ),
    };
    d.help(help)
}

fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
