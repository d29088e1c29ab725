//! `db-row-lock-order`: rows locked inside one transaction in an order that another
//! transaction running the same or other code can take the other way round. The database
//! then aborts one of them with a deadlock error, a failure most callers do not retry.
//!
//! A row lock is what a statement on a transaction holds until commit: `UPDATE`, `DELETE`,
//! `SELECT … FOR UPDATE` / `FOR SHARE` (diesel `.for_update()`, SeaORM `.lock_exclusive()`)
//! and an upsert that updates (`INSERT … ON CONFLICT … DO UPDATE`). Three orders are
//! reported, all from the model's data facts ([`crate::model::data`]):
//!
//! * **hash order**: one lock per element of a `HashMap` / `HashSet` in a `for` loop, keyed
//!   by the loop's element: two transactions over overlapping keys iterate them in different
//!   orders;
//! * **argument order**: two rows of one table locked by two parameters of the function
//!   (`transfer(from, to)`): `transfer(a, b)` and `transfer(b, a)` at the same time each hold
//!   one row and wait for the other;
//! * **table order**: two functions of a file lock rows of the same two tables in opposite
//!   orders.
//!
//! Only statements that run on a transaction count (the handle is named like one: `tx`,
//! `txn`, `transaction`, or the statement runs in a closure given to `.transaction(..)`):
//! in autocommit each statement commits and releases its locks at once. SQLite locks the
//! whole database, so files that only use SQLite are not checked. A function that orders
//! the keys (`sort`, `min`/`max`, a comparison of the two parameters) is not reported.

use crate::diagnostic::Span;
use crate::model::data::facts::{Arg, Facts};
use crate::model::data::orm::{DbKind, in_transaction_closure, names_transaction, same_table};
use crate::model::data::sql::SqlKind;
use crate::model::func::outermost;
use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static DB_ROW_LOCK_ORDER = {
        id: "db-row-lock-order",
        category: LOCK_ORDER,
        severity: Warning,
        summary: "rows are locked inside a transaction in an order another transaction can reverse (hash-map order, argument order, tables in opposite order): the two deadlock",
    }
}

/// One statement that locks rows until its transaction ends.
struct RowLock {
    root: usize,
    table: String,
    span: Span,
    report: Span,
    /// The identifiers the row selection uses (`WHERE id = $1` with `$1` bound to `from`).
    keys: Vec<String>,
    /// `UPDATE accounts`, `accounts.for_update()`: for messages.
    what: String,
}

fn idents(args: &[&Arg]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for a in args {
        for i in a.idents() {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
    }
    v
}

fn row_locks(cx: &FileCtx, facts: &Facts) -> Vec<RowLock> {
    let mut out = Vec::new();
    let in_tx = |f: usize, handle: Option<&str>| {
        handle.is_some_and(names_transaction) || in_transaction_closure(&cx.model.fns, f)
    };
    for s in &facts.sqls {
        let i = &s.info;
        let upper = i.text.to_ascii_uppercase();
        let locks = match i.kind {
            SqlKind::Update | SqlKind::Delete => true,
            SqlKind::Select => i.locks_rows,
            SqlKind::Insert => {
                i.guarded_insert
                    && (upper.contains("DO UPDATE") || upper.contains("ON DUPLICATE KEY UPDATE"))
            }
        };
        if !locks || i.table().is_empty() || !in_tx(s.fn_idx, s.executor.as_deref()) {
            continue;
        }
        let bound: Vec<&Arg> = if i.kind == SqlKind::Insert {
            s.params.iter().flatten().collect()
        } else {
            i.where_eq
                .iter()
                .filter_map(|(_, n)| s.params.get(n.checked_sub(1)?)?.as_ref())
                .collect()
        };
        let verb = match i.kind {
            SqlKind::Update => "UPDATE",
            SqlKind::Delete => "DELETE FROM",
            SqlKind::Select => "SELECT … FOR UPDATE on",
            SqlKind::Insert => "INSERT … ON CONFLICT DO UPDATE into",
        };
        out.push(RowLock {
            root: outermost(&cx.model.fns, s.fn_idx),
            table: i.table().to_string(),
            span: s.span,
            report: s.report,
            keys: idents(&bound),
            what: format!("{verb} {}", i.table()),
        });
    }
    for d in &facts.dbops {
        let locks = match d.kind {
            DbKind::Update | DbKind::Delete => true,
            DbKind::Read => d.locks_rows,
            _ => false,
        };
        let Some(table) = d.table.clone() else {
            continue;
        };
        if !locks || !in_tx(d.fn_idx, d.conn.as_deref()) {
            continue;
        }
        let keys: Vec<&Arg> = d.keys.iter().collect();
        out.push(RowLock {
            root: outermost(&cx.model.fns, d.fn_idx),
            what: format!(
                "the {} of `{table}`",
                match d.kind {
                    DbKind::Update => "update",
                    DbKind::Delete => "delete",
                    _ => "locking read",
                }
            ),
            table,
            span: d.span,
            report: d.report,
            keys: idents(&keys),
        });
    }
    out.sort_by_key(|l| l.span.start);
    out
}

/// The function orders keys itself: a sort, `min`/`max`, or `cmp`.
fn orders_keys(text: &str) -> bool {
    ["sort", ".min(", ".max(", "min(", "max(", ".cmp(", "BTree"]
        .iter()
        .any(|w| text.contains(w))
}

pub fn check(cx: &mut FileCtx, facts: &Facts) {
    if facts.file_uses_sqlite && !facts.file_uses_pg_or_mysql {
        return;
    }
    let locks = row_locks(cx, facts);
    if locks.is_empty() {
        return;
    }
    let mut out = Vec::new();
    let mut reported: Vec<Span> = Vec::new();
    let root_text = |r: usize| cx.source.slice(cx.model.fns[r].span);
    // hash order
    for l in &locks {
        let per_element = facts.for_loops.iter().find(|fl| {
            fl.unordered
                && fl.body.encloses(l.span)
                && outermost(&cx.model.fns, fl.fn_idx) == l.root
                && l.keys.iter().any(|k| fl.names.contains(k))
        });
        let Some(fl) = per_element else {
            continue;
        };
        if orders_keys(root_text(l.root)) {
            continue;
        }
        reported.push(l.span);
        let help = "lock the rows in one fixed order: sort the keys first (collect them into a `Vec` and `sort()`, or keep a `BTreeMap`), or lock them all in one statement ordered by key (`SELECT … WHERE id = ANY($1) ORDER BY id FOR UPDATE`)";
        // the loop over the same items in key order: collected into a `BTreeMap` / `BTreeSet`
        // (keys are unique: the same items, none merged; the key type must be `Ord`)
        let sorted = fl.hashed_iter.as_ref().and_then(|h| {
            let recv = cx.source.slice(h.recv);
            if recv.contains("//") || recv.contains("/*") {
                return None;
            }
            let coll = if h.pairs {
                "std::collections::BTreeMap<_, _>"
            } else {
                "std::collections::BTreeSet<_>"
            };
            Some(crate::diagnostic::Edit::new(
                h.span,
                format!("{recv}.{}().collect::<{coll}>()", h.call),
            ))
        });
        let d = DB_ROW_LOCK_ORDER.diag(
            cx.path,
            l.report,
            format!(
                "{} locks one row per element of a hash map or set, in its iteration order, inside one transaction; that order differs between runs, so two transactions over overlapping keys each hold a row the other waits for: a deadlock (the database aborts one of them)",
                l.what
            ),
        );
        if let Some(e) = sorted {
            out.push(d.suggest_edits(
                format!("{help}; the edit iterates the same items in key order, collected into a `BTree` map or set (the key type must be `Ord`)"),
                crate::diagnostic::Applicability::MaybeIncorrect,
                vec![e],
            ));
            continue;
        }
        out.push(d.help(help));
    }
    // argument order
    let mut roots_reported: Vec<usize> = Vec::new();
    for (i, b) in locks.iter().enumerate() {
        // a row this transaction already holds is no new lock; one finding per function
        if reported.contains(&b.span)
            || roots_reported.contains(&b.root)
            || locks[..i].iter().any(|a| {
                a.root == b.root && same_table(Some(&a.table), Some(&b.table)) && a.keys == b.keys
            })
        {
            continue;
        }
        let params = &cx.model.fns[b.root].params;
        let Some(a) = locks[..i].iter().find(|a| {
            a.root == b.root
                && same_table(Some(&a.table), Some(&b.table))
                && matches!((a.keys.as_slice(), b.keys.as_slice()), ([x], [y]) if x != y && params.contains(x) && params.contains(y))
        }) else {
            continue;
        };
        if orders_keys(root_text(b.root)) {
            continue;
        }
        let (x, y) = (&a.keys[0], &b.keys[0]);
        let text = root_text(b.root);
        if text.contains(&format!("{x} < {y}"))
            || text.contains(&format!("{x} > {y}"))
            || text.contains(&format!("{y} < {x}"))
            || text.contains(&format!("{y} > {x}"))
        {
            continue;
        }
        let name = cx.model.fns[b.root].name.clone();
        reported.push(b.span);
        roots_reported.push(b.root);
        out.push(
            DB_ROW_LOCK_ORDER
                .diag(
                    cx.path,
                    b.report,
                    format!(
                        "this locks the `{}` row of `{y}` while the row of `{x}` is already locked in the same transaction, in the order the caller passes them: `{name}(a, b)` and `{name}(b, a)` running at the same time each hold one row and wait for the other, a deadlock (the database aborts one of them)",
                        b.table
                    ),
                )
                .label(a.report, format!("the row of `{x}` is locked first here"))
                .help(format!("lock the two rows in key order (`let (first, second) = if {x} < {y} {{ ({x}, {y}) }} else {{ ({y}, {x}) }};`), or both in one statement (`… WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`)")),
        );
    }
    // table order, between two functions of the file
    let mut roots: Vec<usize> = locks.iter().map(|l| l.root).collect();
    roots.dedup();
    let first_of = |r: usize, t: &str| {
        locks
            .iter()
            .find(|l| l.root == r && same_table(Some(&l.table), Some(t)))
    };
    let mut pairs_done: Vec<(usize, usize)> = Vec::new();
    for (gi, &g) in roots.iter().enumerate() {
        for &f in &roots[..gi] {
            if pairs_done.contains(&(f, g)) {
                continue;
            }
            let tables_f: Vec<&RowLock> = locks.iter().filter(|l| l.root == f).collect();
            let hit = tables_f.iter().enumerate().find_map(|(ia, la)| {
                tables_f[ia + 1..].iter().find_map(|lb| {
                    if same_table(Some(&la.table), Some(&lb.table)) {
                        return None;
                    }
                    // f: la's table before lb's (first locks); g: the other way round
                    if first_of(f, &lb.table)?.span != lb.span
                        || first_of(f, &la.table)?.span != la.span
                    {
                        return None;
                    }
                    let ga = first_of(g, &la.table)?;
                    let gb = first_of(g, &lb.table)?;
                    (gb.span.start < ga.span.start).then_some((*la, *lb, ga, gb))
                })
            });
            let Some((fa, fb, ga, gb)) = hit else {
                continue;
            };
            if reported.contains(&ga.span) {
                continue;
            }
            pairs_done.push((f, g));
            reported.push(ga.span);
            let fname = cx.model.fns[f].name.clone();
            let gname = cx.model.fns[g].name.clone();
            out.push(
                DB_ROW_LOCK_ORDER
                    .diag(
                        cx.path,
                        ga.report,
                        format!(
                            "`{gname}` locks rows of `{}` and then of `{}` in one transaction, `{fname}` locks them the other way round: when both run at the same time on the same rows, each holds a row the other waits for, a deadlock (the database aborts one of them)",
                            gb.table, ga.table
                        ),
                    )
                    .label(gb.report, format!("`{}` is locked first here", gb.table))
                    .label(fa.report, format!("`{fname}` locks `{}` first", fa.table))
                    .label(fb.report, format!("and `{}` second", fb.table))
                    .help(format!(
                        "take the row locks in one order everywhere (for example `{}` before `{}` in both functions), or lock the rows both need at the start of each transaction with `SELECT … FOR UPDATE` in that order",
                        fa.table, fb.table
                    )),
            );
        }
    }
    for d in out {
        cx.report(d);
    }
}
