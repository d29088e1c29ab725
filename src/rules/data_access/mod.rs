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
    crate::rules::lock_order::loop_lock_order::check(cx, &facts);
    if facts.is_empty() {
        return;
    }
    cx.facts.data_summaries = crate::model::data::summary::summarize(cx.path, cx.model, &facts);
    let mut reported = Vec::new();
    store_checks::check(cx, &facts, verbs, &mut reported);
    store_writes::check(cx, &facts, verbs, &mut reported);
    crate::rules::read_modify_write::db_lost_update::check(cx, &facts, &mut reported);
    crate::rules::lock_order::db_row_lock_order::check(cx, &facts);
}
