//! `db-check-then-insert`: an ORM or record-type lookup (diesel `select(exists(..))`,
//! `.first(conn).optional()`, SeaORM `Entity::find().one(db)`, `User::find_by_email(.., conn)`)
//! finds no row, and an insert into the same table follows in the branch where it was absent.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::data::facts::CondFact;
use crate::model::data::orm::{DbKind, DbLib, DbOp, same_table};
use crate::model::data::summary::{HelperCheckInsert, helper_call_of};
use crate::rules::check_then_act::store_checks::{Ctx, expand_idents, serializing};
use crate::rules::context::UniqueGuard;
use crate::rules::data_access::db_common::{actor_notes, handles_unique_violation, op_text};
use crate::rules::{Deferred, declare_rule};

declare_rule! {
    pub static DB_CHECK_THEN_INSERT = {
        id: "db-check-then-insert",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "an ORM query finds no row and a row is inserted in a separate statement",
    }
}

fn key_idents(ctx: &Ctx, op: &DbOp, f: usize) -> Vec<String> {
    let mut v = Vec::new();
    for a in &op.keys {
        for i in a.idents() {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
    }
    expand_idents(ctx.cx, f, &v, op.span.start)
}

/// An insert into the table `check` looked up, in `region` where no row was found
/// (`from_result`: read from the lookup's `Result`, `Ok(row)` / `Err(_)`). A check or
/// an insert made by calling the application's data helper (`get_collection_id(conn, name)`,
/// `create_collection(conn, name)`) goes to `deferred`: it stands where the workspace phase
/// finds the helpers looking up and inserting into one table.
#[allow(clippy::too_many_arguments)]
pub fn check(
    ctx: &Ctx,
    c: &CondFact,
    region: Span,
    check_span: Span,
    from_result: bool,
    reported: &mut Vec<Span>,
    out: &mut Vec<Diagnostic>,
    deferred: &mut Vec<(Diagnostic, Deferred)>,
) {
    let cx = ctx.cx;
    let facts = ctx.facts;
    let f = c.fn_idx;
    let Some(check) = facts
        .dbop_at(check_span)
        .or_else(|| facts.helper_op_at(check_span))
    else {
        return;
    };
    if check.locks_rows
        || serializing(cx, facts, f, check.span.start)
        || handles_unique_violation(cx, f)
    {
        return;
    }
    let keys = key_idents(ctx, check, f);
    for act in facts.dbops.iter().chain(&facts.helper_ops) {
        let helper_act = facts.is_helper(act);
        if act.fn_idx != f
            || (act.kind != DbKind::Insert && !(helper_act && act.kind == DbKind::Update))
            || act.guarded
            || !region.encloses(act.span)
            || act.span.start < c.cond_span.end
            || !same_table(check.table.as_deref(), act.table.as_deref())
            || reported.contains(&act.span)
            || cx.skips(act.report)
        {
            continue;
        }
        let act_keys = key_idents(ctx, act, f);
        if !keys.is_empty() && !act_keys.is_empty() && !keys.iter().any(|k| act_keys.contains(k)) {
            continue;
        }
        reported.push(act.span);
        let d = diag(ctx, check, act, c);
        if facts.is_helper(check) || helper_act {
            let call = |op: &DbOp| {
                facts
                    .is_helper(op)
                    .then(|| helper_call_of(cx.path, cx.model, op))
                    .flatten()
            };
            deferred.push((
                d,
                Deferred::HelperInsert(HelperCheckInsert {
                    check: call(check),
                    check_table: check.table.clone(),
                    check_err_absent: from_result && facts.is_helper(check),
                    insert: call(act),
                    insert_table: act.table.clone(),
                }),
            ));
            continue;
        }
        if let Some(g) = unique_guard(ctx, check, act, &d) {
            ctx.unique_guards.borrow_mut().push(g);
        }
        out.push(d);
    }
}

/// What the finding says when a unique constraint on the inserted table covers the columns
/// the check filtered on: the race ends in a unique-violation error, not a duplicate row.
fn unique_guard(ctx: &Ctx, check: &DbOp, act: &DbOp, d: &Diagnostic) -> Option<UniqueGuard> {
    // a check through a helper of another file (`Community::read_from_apub_id(pool, &id)`):
    // the workspace phase takes the table and columns from the helper's summary
    let via = check
        .callee
        .clone()
        .filter(|_| check.key_cols.is_empty() && check.lib == DbLib::ActiveRecord);
    if check.key_cols.is_empty() && via.is_none() {
        return None;
    }
    let table = act.table.clone().or_else(|| check.table.clone())?;
    let check_txt = op_text(ctx.cx, check);
    let handle = match act.lib {
        DbLib::Diesel => {
            "`.on_conflict_do_nothing()` on the insert and treat 0 rows inserted as \"already exists\", or map `DatabaseErrorKind::UniqueViolation` to that answer"
        }
        DbLib::SeaOrm => {
            "`Entity::insert(am).on_conflict(OnConflict::column(..).do_nothing().to_owned())` and treat `DbErr::RecordNotInserted` as \"already exists\", or map `SqlErr::UniqueConstraintViolation` to that answer"
        }
        DbLib::ActiveRecord => {
            "`INSERT … ON CONFLICT DO NOTHING` and check the rows affected, or map the unique-violation error (SQLSTATE 23505) to the \"already exists\" answer"
        }
    };
    Some(UniqueGuard {
        rule: d.rule.to_string(),
        span: d.span,
        table: table.clone(),
        cols: check.key_cols.clone(),
        via,
        message: format!(
            "this insert into `{table}` runs after `{check_txt}` found no matching row; another request can pass the same check, but {{unique}} makes the second insert fail with a unique violation instead of creating the row twice: the loser gets a database error rather than \"already exists\""
        ),
        help: format!("if the caller should see \"already exists\" rather than an error: {handle}"),
    })
}

fn diag(ctx: &Ctx, check: &DbOp, act: &DbOp, c: &CondFact) -> Diagnostic {
    let cx = ctx.cx;
    let check_txt = op_text(cx, check);
    let message = match check.table.as_ref().or(act.table.as_ref()) {
        Some(table) => format!(
            "this insert into `{table}` runs after `{check_txt}` found no matching row; another request can pass the same check before either insert commits, so both insert and the row is created twice (two accounts with one name, a double registration)"
        ),
        // both through helpers: the table is the helpers' (named in the workspace phase's note)
        None => format!(
            "this insert (`{}`) runs after `{check_txt}` found no matching row; another request can pass the same check before either insert commits, so both insert: the row is created twice, or, where a unique constraint covers the key, the second request fails with a unique violation instead of finding the row",
            op_text(cx, act)
        ),
    };
    let mut d = DB_CHECK_THEN_INSERT
        .diag(cx.path, act.report, message)
        .label(check.report, "checked here")
        .label(
            c.cond_span,
            "the decision is taken here, in application code",
        );
    for n in actor_notes(cx, c.fn_idx, check.span, act.span) {
        d = d.note(n);
    }
    let idiom = match act.lib {
        DbLib::Diesel => {
            "put a unique index on the key and let the insert decide: `insert_into(..).values(..).on_conflict_do_nothing().execute(conn)?` and treat 0 rows as \"already exists\" (or map `DatabaseErrorKind::UniqueViolation` to that answer)"
        }
        DbLib::SeaOrm => {
            "put a unique index on the key and let the insert decide: `Entity::insert(am).on_conflict(OnConflict::column(..).do_nothing().to_owned()).exec(db)` and treat `DbErr::RecordNotInserted` as \"already exists\" (or map the unique violation, `SqlErr::UniqueConstraintViolation`)"
        }
        DbLib::ActiveRecord => {
            "put a unique index on the key and let the insert decide: insert with `INSERT … ON CONFLICT DO NOTHING` and check the rows affected, or map the unique-violation error of the insert to the \"already exists\" answer"
        }
    };
    // diesel: the edit adds `.on_conflict_do_nothing()` before `.execute(conn)` (or before
    // `.returning(..)` / `.get_result(conn)`: on a conflict `get_result` then fails with
    // `NotFound`, `get_results` returns no row)
    if act.lib == DbLib::Diesel && act.report.start > act.span.start {
        let exec_name = cx.source.slice(act.report);
        if ["execute(", "get_result(", "get_results("]
            .iter()
            .any(|e| exec_name.starts_with(e))
        {
            // the `.` before the executing method, or before one `.returning(`
            let text = &cx.source.text;
            let dot = text[..act.report.start].rfind('.').and_then(|dot| {
                let chain = &text[act.span.start..dot];
                match chain.matches(".returning(").count() {
                    0 => Some(dot),
                    1 if !chain.contains("//") && !chain.contains("/*") => {
                        chain.find(".returning(").map(|i| act.span.start + i)
                    }
                    _ => None,
                }
            });
            if let Some(dot) = dot
                && (text[dot + 1..act.report.start].trim().is_empty()
                    || text[dot..].starts_with(".returning("))
            {
                return d.suggest_edits(
                    format!("{idiom}; the edit adds `.on_conflict_do_nothing()` (PostgreSQL / SQLite; it needs a unique index on the key, and the caller must treat 0 rows inserted as \"already exists\")"),
                    Applicability::MaybeIncorrect,
                    vec![Edit::new(Span::new(dot, dot), ".on_conflict_do_nothing()".to_string())],
                );
            }
        }
    }
    if act.lib == DbLib::SeaOrm
        && let Some((what, edit)) = sea_on_conflict_edit(cx, check, act, c)
    {
        return d.suggest_edits(
            format!("{idiom}; the edit inserts with `ON CONFLICT ({what}) DO NOTHING` (it needs a unique index on exactly those columns, and the code after it runs also when the row existed: check the count `exec_without_returning` returns where that matters)"),
            Applicability::MaybeIncorrect,
            vec![edit],
        );
    }
    d.help(idiom)
}

/// SeaORM: `m::ActiveModel { .. }.insert(db).await?;`, a statement whose result is dropped,
/// after `m::Entity::find().filter(m::Column::A.eq(..))…` -> `m::Entity::insert(m::ActiveModel
/// { .. }).on_conflict(OnConflict::column(m::Column::A).do_nothing().to_owned())
/// .exec_without_returning(db).await?;`. Only when every filter of the check is an equality
/// on a column of the entity (the columns the conflict names), the inserted value is a struct
/// literal of that entity's `ActiveModel` or a local bound to one (`let am = m::ActiveModel
/// { .. };` in this block or an enclosing one: `insert` takes it by value, as
/// `Entity::insert` does), and the statement ends in `.await?;` or `.await.map_err(..)?;` (the
/// `Result<u64, DbErr>` it now yields is dropped like the model was; `map_err` sees the same
/// `DbErr`). The entity may be named without its module (`Entity::find()` in the entity's
/// own file). A check by `.all(db)` counts only when the condition is the list's
/// `is_empty()` itself: rows refined in Rust afterwards (`.iter().find(..)`) are matched on
/// more columns than the filters name, and a conflict on the filters alone would be wrong.
fn sea_on_conflict_edit(
    cx: &crate::rules::FileCtx,
    check: &DbOp,
    act: &DbOp,
    c: &CondFact,
) -> Option<(String, Edit)> {
    let text = &cx.source.text;
    let compact = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let check_txt = compact(cx.source.slice(check.span));
    // `m::Entity::find()` or, in the entity's own module, `Entity::find()`
    let prefix = match check_txt.split_once("::Entity::find()") {
        Some((module, _)) => format!("{module}::"),
        None if check_txt.starts_with("Entity::find()") => String::new(),
        None => return None,
    };
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    if !prefix
        .strip_suffix("::")
        .is_none_or(|m| m.split("::").all(ident))
    {
        return None;
    }
    // `.all(db)`: only as `list.is_empty()` / `!list.is_empty()`, nothing refining the rows
    if cx.source.slice(check.report).starts_with("all(") {
        let cond = compact(cx.source.slice(c.cond_span));
        let list = cond.trim_start_matches('!').strip_suffix(".is_empty()")?;
        let after_all = list.rsplit_once(".all(").map_or(list, |(_, r)| r);
        if [
            ".iter(",
            ".into_iter(",
            ".find(",
            ".filter(",
            ".any(",
            ".retain(",
        ]
        .iter()
        .any(|m| after_all.contains(m))
        {
            return None;
        }
    }
    let col_prefix = format!("{prefix}Column::");
    let mut cols: Vec<String> = Vec::new();
    for f in check.filter_text.split(';').filter(|f| !f.is_empty()) {
        let (col, rest) = f.strip_prefix(col_prefix.as_str())?.split_once(".eq(")?;
        // the `eq(..)` closes at the end of the filter: nothing chained after it
        let mut depth = 1i32;
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 && i + 1 != rest.len() {
                return None;
            }
        }
        if depth != 0 || !ident(col) {
            return None;
        }
        let c = format!("{col_prefix}{col}");
        if !cols.contains(&c) {
            cols.push(c);
        }
    }
    if cols.is_empty() || act.span != act.exec || act.report.start <= act.span.start {
        return None;
    }
    // `RECV.insert(CONN)` with RECV a struct literal of `{prefix}ActiveModel`, or a local
    // bound to one
    let dot = text[..act.report.start].rfind('.')?;
    if dot < act.span.start || !text[dot + 1..act.report.start].trim().is_empty() {
        return None;
    }
    let recv = text[act.span.start..dot].trim_end();
    let call = cx.source.slice(act.report);
    let conn = call
        .strip_prefix("insert")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim();
    let model = format!("{prefix}ActiveModel");
    let literal_of_model =
        |t: &str| t.split('{').next().is_some_and(|h| compact(h) == model) && t.ends_with('}');
    let recv_ok = if ident(recv) {
        bound_to_literal(cx, act, recv).is_some_and(literal_of_model)
    } else {
        literal_of_model(recv)
    };
    if !recv_ok
        || conn.is_empty()
        || conn.contains(',')
        || [recv, conn]
            .iter()
            .any(|t| t.contains("//") || t.contains("/*"))
    {
        return None;
    }
    // a statement: `.await?;` or `.await.map_err(..)?;`
    // (line comments between the parts: a `//~` marker, a note)
    let mut rest = skip(&text[act.span.end..]).strip_prefix(".await")?;
    loop {
        rest = skip(rest);
        match rest.strip_prefix(".map_err") {
            Some(r) => rest = &skip(r)[balanced_parens(skip(r))?..],
            None => break,
        }
    }
    skip(skip(rest).strip_prefix('?')?).strip_prefix(';')?;
    // ... that starts with the insert: not `let m = values.insert(db).await?;`, whose model
    // is used
    if !starts_statement(&text[..act.span.start]) {
        return None;
    }
    let target = if cols.len() == 1 {
        format!("column({})", cols[0])
    } else {
        format!("columns([{}])", cols.join(", "))
    };
    let names = cols
        .iter()
        .map(|c| crate::model::data::orm::snake(c.rsplit("::").next().unwrap_or(c)))
        .collect::<Vec<_>>()
        .join(", ");
    Some((
        names,
        Edit::new(
            act.span,
            format!(
                "{prefix}Entity::insert({recv}).on_conflict(sea_orm::sea_query::OnConflict::{target}.do_nothing().to_owned()).exec_without_returning({conn})"
            ),
        ),
    ))
}

/// The initialiser's text of the `let NAME = ..;` the insert's receiver `name` refers to: the
/// last binding of the name in the function before the insert, a plain immutable-or-mutable
/// `let` of one name (no reassignment), in the insert's block or an enclosing one (no brace
/// closes between the `let` and the insert).
fn bound_to_literal<'t>(cx: &'t crate::rules::FileCtx, act: &DbOp, name: &str) -> Option<&'t str> {
    let fm = &cx.model.fns[act.fn_idx];
    let b = fm
        .bindings
        .iter()
        .filter(|b| b.names.len() == 1 && b.names[0] == name && b.span.end <= act.span.start)
        .max_by_key(|b| b.span.start)?;
    if b.scope_end.is_some() {
        return None;
    }
    let let_text = cx.source.slice(b.span);
    if !(let_text.starts_with("let ") && let_text.ends_with(';')) {
        return None;
    }
    let mut depth = 0i32;
    for ch in cx.source.text[b.span.end..act.span.start].chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    // `let name: T = ..` is left alone: the type may be another entity's model
    let head = let_text[..let_text.find('=')?].trim();
    let pat = head.strip_prefix("let ")?.trim();
    if pat.strip_prefix("mut ").unwrap_or(pat).trim() != name {
        return None;
    }
    Some(cx.source.slice(b.init?).trim())
}

/// `before` ends where a statement may start: after `;`, `{` or `}` (blank lines and
/// whole-line comments aside). A line with a trailing comment is not looked through.
fn starts_statement(before: &str) -> bool {
    let last = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"));
    // `before` itself may end inside the insert's line (its indentation)
    last.is_none_or(|l| l.ends_with(';') || l.ends_with('{') || l.ends_with('}'))
}

/// `r` from its first byte that is neither blank nor in a line comment
/// ([`crate::rules::rewrite::next_code`]; empty when none is left).
fn skip(r: &str) -> &str {
    &r[crate::rules::rewrite::next_code(r, 0, r.len()).unwrap_or(r.len())..]
}

/// The length of the parenthesised group `t` starts with (`(..)`, strings and chars skipped),
/// `None` when `t` does not start with `(` or the group does not close.
fn balanced_parens(t: &str) -> Option<usize> {
    if !t.starts_with('(') {
        return None;
    }
    let b = t.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'\'' => return None,
            b'r' if b.get(i + 1).is_some_and(|c| *c == b'#' || *c == b'"')
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                return None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}
