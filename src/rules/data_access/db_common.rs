//! What the database rules (`db-check-then-insert`, `db-check-then-update`, `db-lost-update`)
//! share: the record a read binds, the value flow from it, and the notes on who runs the code
//! concurrently and why an in-process lock does not protect it. Queries over the model's data
//! facts ([`crate::model::data::orm`]); nothing here reads syntax.

use crate::diagnostic::Span;
use crate::model::data::facts::{Facts, LetFact};
use crate::model::data::orm::{DbKind, DbOp};
use crate::rules::FileCtx;

/// The `let` that binds the value of data access `op` (through `?`, `.await`, `unwrap`, ...).
pub fn read_let<'f>(facts: &'f Facts, op: &DbOp) -> Option<&'f LetFact> {
    facts
        .let_around(op.fn_idx, op.span)
        .filter(|l| l.core == Some(op.span) || l.core == Some(op.exec))
}

/// The read whose bound record the names (used at `at`) flow from: the latest one.
/// With `helpers`, a read may also be a call of a data helper by path
/// ([`Facts::helper_ops`]), which then needs its summary.
pub fn record_source<'f, 'a>(
    cx: &FileCtx,
    facts: &'f Facts<'a>,
    f: usize,
    names: &[String],
    at: usize,
    helpers: bool,
) -> Option<(&'f DbOp<'a>, &'f LetFact)> {
    if names.is_empty() {
        return None;
    }
    let fm = &cx.model.fns[f];
    let helper_ops: &[DbOp] = if helpers { &facts.helper_ops } else { &[] };
    facts
        .dbops
        .iter()
        .chain(helper_ops)
        .filter(|r| r.fn_idx == f && r.kind == DbKind::Read && r.span.end <= at)
        .filter_map(|r| read_let(facts, r).map(|l| (r, l)))
        .filter(|(_, l)| fm.flows_from(names, at, &|s| s == l.init).is_some())
        .max_by_key(|(r, _)| r.span.start)
}

/// A note when an in-process lock is held across both steps: it serialises this process
/// only.
/// The notes every data-layer finding carries: an in-process mutex held over both steps
/// (it serialises one process only), then who runs the function concurrently with itself.
pub fn actor_notes(cx: &FileCtx, f: usize, a: Span, b: Span) -> impl Iterator<Item = String> {
    mutex_note(cx, f, a, b).into_iter().chain(actor_note(cx, f))
}

fn mutex_note(cx: &FileCtx, f: usize, a: Span, b: Span) -> Option<String> {
    let fm = &cx.model.fns[f];
    let held = fm.held_at(a.start).find(|acq| acq.live_at(b.start))?;
    let lock = held.place.text.clone();
    Some(format!(
        "the `{lock}` lock held across both steps serialises this process only: a second instance of the service (another replica, a worker, a cron job) or any other writer of the table still runs between them; the database must guard the rows"
    ))
}

/// A note naming the second actor when the function says who it is.
fn actor_note(cx: &FileCtx, f: usize) -> Option<String> {
    let what = crate::model::actors::self_concurrent_entry(cx.model, &cx.source.text, f)?;
    let root = crate::model::func::outermost(&cx.model.fns, f);
    let name = cx.model.fns[root].name.clone();
    Some(format!(
        "`{name}` is {what}: it runs concurrently with itself, so the second actor is this same code serving another request or message"
    ))
}

/// The function handles a unique-constraint violation of its insert ("already exists"):
/// the database is the guard.
pub fn handles_unique_violation(cx: &FileCtx, f: usize) -> bool {
    let root = crate::model::func::outermost(&cx.model.fns, f);
    let text = cx.source.slice(cx.model.fns[root].span);
    [
        "UniqueViolation",
        "unique_violation",
        "is_unique_violation",
        "UNIQUE constraint",
        "duplicate key",
        "23505",
        "SqlErr::UniqueConstraintViolation",
    ]
    .iter()
    .any(|k| text.contains(k))
}

/// How a message names a data access: the whole query when it is short, else from its
/// executing call (`first::<User>(conn).optional()`).
pub fn op_text(cx: &FileCtx, op: &DbOp) -> String {
    let ws = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = ws(cx.source.slice(op.span));
    let whole = whole
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" .", ".");
    if whole.chars().count() <= 90 {
        whole
    } else {
        ws(cx.source.slice(op.report))
    }
}

/// A read made on a transaction handle that the write also uses (`.one(&txn)` then
/// `.update(&txn)`): the transaction alone does not stop a concurrent writer under READ
/// COMMITTED or REPEATABLE READ, locking the row it reads does. The edit that locks it, with
/// its description: SeaORM `.lock_exclusive()`, diesel `.for_update()`, before the executing
/// call.
pub fn lock_in_transaction(r: &DbOp, w: &DbOp) -> Option<(String, crate::diagnostic::Edit)> {
    use crate::model::data::orm::{DbLib, names_transaction};
    let conn = r.conn.as_deref()?;
    if !names_transaction(conn) || w.conn.as_deref() != Some(conn) || r.callee.is_some() {
        return None;
    }
    let lock = match r.lib {
        DbLib::SeaOrm => "lock_exclusive",
        DbLib::Diesel => "for_update",
        DbLib::ActiveRecord => return None,
    };
    let at = Span::new(r.report.start, r.report.start);
    Some((
        format!(
            "the read and the write share the transaction `{conn}`, but a transaction does not lock what it reads (under READ COMMITTED or REPEATABLE READ two transactions read the same row and the later write overwrites the other): lock the row with `.{lock}()` on the read, so that a concurrent writer waits until this transaction commits"
        ),
        crate::diagnostic::Edit::new(at, format!("{lock}().")),
    ))
}
