//! The data-access rules of both categories run together over the model's data facts
//! ([`crate::model::data`]): check-then-insert first
//! ([`crate::rules::check_then_act::store_checks`]), then read-then-write
//! ([`crate::rules::read_modify_write::store_writes`]), so that one write is reported once.

pub mod db_common;
#[cfg(test)]
mod tests;

pub use crate::model::data::StoreVerbs;
use crate::model::data::facts;

use crate::rules::FileCtx;
use crate::rules::check_then_act::store_checks;
use crate::rules::read_modify_write::store_writes;

pub fn check_file(cx: &mut FileCtx) {
    let verbs = configured_verbs(cx.settings);
    check_file_with(cx, verbs);
}

/// The options of the store rules: verbs added to the defaults.
impl crate::rules::RuleOptions for StoreVerbs {
    const KEYS: &'static [&'static str] = StoreVerbs::KEYS;
    fn from_table(table: &toml::Table) -> Result<StoreVerbs, String> {
        StoreVerbs::from_table(table)
    }
}

/// The verb lists from `racelint.toml` (`[rules.store-get-then-save]`,
/// `[rules.store-check-then-insert]` or `[rules.kv-get-then-set]`: `read-verbs`,
/// `write-verbs`, `insert-verbs`, `check-verbs`; the first that adds a verb), else the
/// defaults. One set for the three rules: they query the same store facts.
fn configured_verbs(settings: &crate::rules::RuleSettings) -> &StoreVerbs {
    static DEFAULT: std::sync::LazyLock<StoreVerbs> = std::sync::LazyLock::new(StoreVerbs::default);
    [
        &store_writes::STORE_GET_THEN_SAVE,
        &store_checks::STORE_CHECK_THEN_INSERT,
        &store_writes::KV_GET_THEN_SET,
    ]
    .into_iter()
    .filter_map(|r| settings.get::<StoreVerbs>(r))
    .find(|v| **v != *DEFAULT)
    .unwrap_or(&DEFAULT)
}

/// The store rules with the given verb lists (the integrator passes the configured ones).
pub fn check_file_with(cx: &mut FileCtx, verbs: &StoreVerbs) {
    let facts = facts::collect(cx.syntax(), verbs);
    cx.facts.conn_args = crate::model::data::serial::conn_args(&cx.model.fns);
    crate::rules::lock_order::loop_lock_order::check(cx, &facts);
    if facts.is_empty() {
        return;
    }
    cx.facts.data_summaries = crate::model::data::summary::summarize(cx.path, cx.model, &facts);
    cx.facts.serial_fns = serial_fns(cx, &facts);
    cx.facts.db_server = facts.file_uses_pg_or_mysql;
    let mut reported = Vec::new();
    store_checks::check(cx, &facts, verbs, &mut reported);
    store_writes::check(cx, &facts, verbs, &mut reported);
    crate::rules::read_modify_write::db_lost_update::check(cx, &facts, &mut reported);
    crate::rules::lock_order::db_row_lock_order::check(cx, &facts);
}

/// The file's functions whose data accesses all run on one guarded connection or parameter
/// ([`crate::model::data::serial::SerialFn`]).
fn serial_fns(cx: &FileCtx, facts: &facts::Facts) -> Vec<crate::model::data::serial::SerialFn> {
    use crate::model::data::serial::{ConnUse, SerialFn, executor_local, serialised_uses};
    let fns = &cx.model.fns;
    let sqls = facts
        .sqls
        .iter()
        .map(|q| (q.fn_idx, q.span, q.executor.as_deref()));
    let ops = facts
        .dbops
        .iter()
        .chain(&facts.helper_ops)
        .map(|o| (o.fn_idx, o.span, o.conn.as_deref()));
    // a store call that is no SQL statement or ORM query seen above (`sqlx::query!(..)
    // .execute(conn)` is both); only awaited ones, which the store rules take for store calls
    let seen: Vec<crate::diagnostic::Span> = facts
        .sqls
        .iter()
        .map(|q| q.span)
        .chain(facts.dbops.iter().chain(&facts.helper_ops).map(|o| o.span))
        .collect();
    let calls = facts
        .calls
        .iter()
        .filter(|c| c.store_like && c.awaited)
        .filter(|c| {
            !seen
                .iter()
                .any(|s| s.encloses(c.span) || c.span.encloses(*s))
        })
        .map(|c| (c.fn_idx, c.span, Some(c.recv.as_str())));
    let mut out: Vec<ConnUse> = sqls
        .chain(ops)
        .chain(calls)
        .filter(|(f, _, _)| *f < fns.len())
        .map(|(f, span, conn)| ConnUse {
            func: crate::model::func::outermost(fns, f) as u32,
            inner: f as u32,
            at: span.start as u32,
            end: span.end as u32,
            name: conn.and_then(executor_local).unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|u| (u.func, u.at, u.end));
    out.dedup();
    let mut serial = Vec::new();
    for group in out.chunk_by(|a, b| a.func == b.func) {
        let uses: Vec<&ConnUse> = group.iter().collect();
        if let Some(param) = serialised_uses(fns, &uses) {
            serial.push(SerialFn {
                func: group[0].func,
                param: param.map(|p| p as u32),
            });
        }
    }
    serial
}
