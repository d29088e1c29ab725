//! Conditional writes: an UPDATE whose row filter tests a column the UPDATE itself changes
//! (`UPDATE invites SET used = true WHERE code = $1 AND used = false`, diesel
//! `update(t.filter(used.eq(false))).set(used.eq(true))`, SeaORM
//! `update_many().col_expr(Column::Used, ..).filter(Column::Used.eq(false))`, a conditional
//! decrement `SET stock = stock - 1 WHERE stock > 0`). Such a write is a claim: of two
//! concurrent requests only one changes the row, and only its affected-row count tells which.
//! Whether that count is read, and the data writes that follow the claim, are queries over
//! the data facts ([`super::facts`]); nothing here walks syntax.

use super::facts::{Facts, compact};
use super::orm::{DbKind, DbLib, DbOp};
use super::sql::SqlKind;
use crate::diagnostic::Span;

/// Which fact a conditional write is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimOp {
    /// An index into [`Facts::sqls`].
    Sql(usize),
    /// An index into [`Facts::dbops`].
    Db(usize),
}

#[derive(Clone, Debug)]
pub struct CondWrite {
    pub op: ClaimOp,
    pub span: Span,
    pub report: Span,
    pub fn_idx: usize,
    /// The column the write tests and changes, lower-cased.
    pub col: String,
    /// The test, as written (`used = false`, `coupons::used.eq(false)`, `stock > 0`).
    pub test: String,
    /// The write's result (its affected-row count, or the rows `RETURNING` gives back) is
    /// thrown away: the statement stands alone (`execute(..).await?;`, `.ok();`) or is bound
    /// to `_`.
    pub count_ignored: bool,
}

/// The conditional writes of the file.
pub fn conditional_writes(facts: &Facts) -> Vec<CondWrite> {
    let mut out = Vec::new();
    for (i, q) in facts.sqls.iter().enumerate() {
        if q.info.kind != SqlKind::Update {
            continue;
        }
        if let Some((col, test)) = sql_condition(&q.info)
            && names_own_rows(&sql_keys(&q.info), &col, q.info.table())
        {
            out.push(CondWrite {
                op: ClaimOp::Sql(i),
                span: q.span,
                report: q.report,
                fn_idx: q.fn_idx,
                col,
                test,
                count_ignored: result_discarded(facts, q.span),
            });
        }
    }
    for (i, w) in facts.dbops.iter().enumerate() {
        if w.kind != DbKind::Update || w.lib == DbLib::ActiveRecord {
            continue;
        }
        if let Some((col, test)) = orm_condition(w)
            && names_own_rows(&orm_keys(w), &col, w.table.as_deref().unwrap_or(""))
        {
            out.push(CondWrite {
                op: ClaimOp::Db(i),
                span: w.span,
                report: w.report,
                fn_idx: w.fn_idx,
                col,
                test,
                count_ignored: result_discarded(facts, w.span),
            });
        }
    }
    out
}

/// Whether the write names the rows it claims by their own key (`id = $1`, `find(id)`,
/// `code = $1`, `id.eq_any(&ids)`), not only by a parent's (`WHERE deployment_id = $1 AND
/// completed_at IS NULL`: every pending job of a deployment, closed in bulk, whatever their
/// number) nor by state alone. A bulk transition's row count is no answer to "did this
/// request win".
fn names_own_rows(keys: &[String], state: &str, table: &str) -> bool {
    let table = super::unique::table_key(table);
    keys.iter().any(|k| {
        k != state
            && (k == super::unique::PRIMARY
                || k == "id"
                || !k.ends_with("_id")
                || k.strip_suffix("_id")
                    .is_some_and(|t| !table.is_empty() && super::unique::table_key(t) == table))
    })
}

/// The columns an UPDATE's WHERE selects rows by: `col = $n`, `col = ANY($n)`, `col IN (..)`.
fn sql_keys(info: &super::sql::SqlInfo) -> Vec<String> {
    let lower = info.text.to_ascii_lowercase();
    let mut keys: Vec<String> = info.where_eq.iter().map(|(c, _)| c.clone()).collect();
    for c in &info.where_cols {
        if [" = any(", " = any (", " in ("]
            .iter()
            .any(|t| word_at(&lower, &format!("{c}{t}")))
        {
            keys.push(c.clone());
        }
    }
    keys
}

/// The columns a diesel / SeaORM update's filter selects rows by: the equality columns of
/// the model ([`DbOp::key_cols`]) and `col.eq_any(..)` / `col.is_in(..)`.
fn orm_keys(w: &DbOp) -> Vec<String> {
    let mut keys = w.key_cols.clone();
    for f in w.filter_text.split(';') {
        for m in [".eq_any(", ".is_in("] {
            for (i, _) in f.match_indices(m) {
                let head = &f[..i];
                let col = head
                    .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("");
                if !col.is_empty() {
                    keys.push(super::orm::snake(col));
                }
            }
        }
    }
    keys
}

/// The value of the expression at `span` is thrown away: an expression statement starting
/// with it (`q.execute(pool).await?;`, `conn.execute(..).ok();`) or `let _ = ..` /
/// `let _x = ..`.
pub fn result_discarded(facts: &Facts, span: Span) -> bool {
    facts
        .stmt_exprs
        .iter()
        .any(|s| s.start == span.start && s.encloses(span))
        || facts.lets.iter().any(|l| {
            l.init.start == span.start
                && l.init.encloses(span)
                && l.names.iter().all(|n| n.starts_with('_'))
        })
}

/// `SET used = true WHERE .. AND used = false`, `SET used_at = now() WHERE used_at IS NULL`,
/// `SET stock = stock - 1 WHERE .. AND stock > 0`: the column tested and changed, and the
/// test. A WHERE that compares the column with the value written (`SET email = $1 WHERE
/// email <> $1`) skips a no-op write: no claim.
fn sql_condition(info: &super::sql::SqlInfo) -> Option<(String, String)> {
    let where_text = info
        .text
        .to_ascii_lowercase()
        .split_once(" where ")
        .map(|(_, w)| w.to_string())?;
    for s in &info.sets {
        if let Some((c, lit)) = info.where_lits.iter().find(|(c, _)| *c == s.col)
            && !s.value.trim().eq_ignore_ascii_case(lit)
        {
            return Some((c.clone(), format!("{c} = {lit}")));
        }
        let null_test = [" is null", " is not null"].iter().find_map(|t| {
            let pat = format!("{}{t}", s.col);
            word_at(&where_text, &pat).then_some(pat)
        });
        if let Some(t) = null_test
            && !s.value.trim().eq_ignore_ascii_case("null")
        {
            let test = format!("{}{}", s.col, t[s.col.len()..].to_ascii_uppercase());
            return Some((s.col.clone(), test));
        }
        // a counter moved only while its bound holds: `stock = stock - 1 WHERE stock > 0`
        if s.self_ref
            && info.where_cols.contains(&s.col)
            && !info.where_eq.iter().any(|(c, _)| *c == s.col)
        {
            let test = conjunct_with(&info.text, &s.col)
                .unwrap_or_else(|| format!("the test of `{}` in the WHERE clause", s.col));
            return Some((s.col.clone(), test));
        }
    }
    None
}

/// The conjunct of the WHERE clause of `sql` that mentions column `col` (`stock > 0`).
fn conjunct_with(sql: &str, col: &str) -> Option<String> {
    let lower = sql.to_ascii_lowercase();
    let start = lower.find(" where ")? + " where ".len();
    let end = [" returning ", " order by ", " limit "]
        .iter()
        .filter_map(|k| lower[start..].find(k).map(|i| start + i))
        .min()
        .unwrap_or(sql.len());
    let clause = &sql[start..end];
    let lower_clause = &lower[start..end];
    let mut from = 0;
    for part in lower_clause.split(" and ") {
        let at = from;
        from += part.len() + " and ".len();
        if word_at(part, col) {
            return Some(
                clause[at..at + part.len()]
                    .trim()
                    .trim_end_matches(';')
                    .to_string(),
            );
        }
    }
    None
}

/// `pat` occurs in `text` starting at a word boundary (after a `t.` qualifier too).
fn word_at(text: &str, pat: &str) -> bool {
    text.match_indices(pat).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// diesel / SeaORM: a column compared with a constant in the update's filter
/// (`used.eq(false)`, `Column::Accepted.eq(false)`, `used_at.is_null()`) and set to another
/// value, or a column set from itself (`stock.eq(stock - 1)`) that the filter tests
/// (`stock.gt(0)`).
fn orm_condition(w: &DbOp) -> Option<(String, String)> {
    for s in &w.sets {
        let value = {
            use quote::ToTokens;
            compact(&s.value.expr.to_token_stream().to_string())
        };
        if let Some((c, t)) = w
            .state_filters
            .iter()
            .find(|(c, _)| c.replace('_', "") == s.col.replace('_', ""))
            && !t.ends_with(&format!("({value})"))
        {
            return Some((c.clone(), t.clone()));
        }
        let last = s.col_text.rsplit("::").next().unwrap_or(&s.col_text);
        let mentions = |text: &str| {
            text.match_indices(last).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + last.len()..].chars().next();
                // `self.stock` is a field of a record, not the column
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        };
        if mentions(&value) && mentions(&w.filter_text) {
            let t = w
                .filter_text
                .split(';')
                .find(|f| mentions(f))
                .unwrap_or_default()
                .to_string();
            return Some((s.col.clone(), t));
        }
    }
    None
}

/// The first data write after conditional write `w`, in its function and not in a branch
/// exclusive of it: what the claim was meant to allow once.
pub fn act_after(facts: &Facts, w: &CondWrite) -> Option<ClaimOp> {
    let exclusive = |a: Span| {
        facts.conds.iter().any(|c| {
            c.fn_idx == w.fn_idx
                && c.regions.iter().any(|r| r.span.encloses(w.span))
                && c.regions
                    .iter()
                    .any(|r| r.span.encloses(a) && !r.span.encloses(w.span))
        })
    };
    let fits = |f: usize, s: Span| f == w.fn_idx && s.start >= w.span.end && !exclusive(s);
    // an insert that cannot duplicate (`ON CONFLICT DO NOTHING`, `on_conflict_do_nothing()`)
    // is no act that two requests can both do: the second one changes nothing
    let db = facts.dbops.iter().enumerate().filter_map(|(i, o)| {
        (matches!(o.kind, DbKind::Insert | DbKind::Update | DbKind::Delete)
            && !(o.kind == DbKind::Insert && o.idle_on_conflict)
            && fits(o.fn_idx, o.span))
        .then_some((o.span.start, ClaimOp::Db(i)))
    });
    let sql = facts.sqls.iter().enumerate().filter_map(|(i, q)| {
        (q.info.is_write()
            && !(q.info.kind == super::sql::SqlKind::Insert && q.info.idle_on_conflict)
            && fits(q.fn_idx, q.span))
        .then_some((q.span.start, ClaimOp::Sql(i)))
    });
    db.chain(sql).min_by_key(|(s, _)| *s).map(|(_, op)| op)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data::sql::parse_sql;

    fn cond(sql: &str) -> Option<(String, String)> {
        let info = parse_sql(sql).expect("parses");
        sql_condition(&info).filter(|(c, _)| names_own_rows(&sql_keys(&info), c, info.table()))
    }

    #[test]
    fn sql_claims_and_non_claims() {
        assert_eq!(
            cond("UPDATE invites SET used = true WHERE code = $1 AND used = false"),
            Some(("used".into(), "used = false".into()))
        );
        assert_eq!(
            cond("UPDATE g SET redeemed_at = now() WHERE id = $1 AND redeemed_at IS NULL"),
            Some(("redeemed_at".into(), "redeemed_at IS NULL".into()))
        );
        assert_eq!(
            cond("UPDATE items SET stock = stock - 1 WHERE id = $1 AND stock > 0"),
            Some(("stock".into(), "stock > 0".into()))
        );
        assert_eq!(
            cond("UPDATE jobs SET state = 'running' WHERE id = ANY($1) AND state = 'queued'"),
            Some(("state".into(), "state = 'queued'".into()))
        );
        // the WHERE names the row only; skips a no-op write; a bulk transition by parent key;
        // no key at all
        assert_eq!(cond("UPDATE teams SET name = $1 WHERE id = $2"), None);
        assert_eq!(
            cond("UPDATE users SET email = $1 WHERE id = $2 AND email <> $1"),
            None
        );
        assert_eq!(
            cond("UPDATE sessions SET closed = true WHERE user_id = $1 AND closed = false"),
            None
        );
        assert_eq!(cond("UPDATE jobs SET done = true WHERE done = false"), None);
        // the table's own `<table>_id` key names its rows
        assert!(
            cond("UPDATE session SET closed = true WHERE session_id = $1 AND closed = false")
                .is_some()
        );
    }
}
