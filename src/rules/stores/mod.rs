//! Store-level races shared by two families: async repository / key-value / SQL
//! read-then-write (`read-modify-write`) and check-then-insert (`check-then-act`).
//!
//! One walk of the file ([`facts::collect`]) records the store calls (method calls with a
//! store verb), the SQL statements executed from string literals (with the Rust expression
//! bound to each placeholder), `let` bindings, conditions with the regions they decide,
//! mutations and loops. The rules in [`rmw`] and [`cta`] are queries over those facts plus
//! the concurrency model's per-function data flow.

mod cta;
mod rmw;
#[cfg(test)]
mod tests;

pub use crate::model::data::StoreVerbs;
use crate::model::data::facts;

use crate::rules::FileCtx;
use crate::rules::declare_rule;

declare_rule! {
    pub static STORE_GET_THEN_SAVE = {
        id: "store-get-then-save",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a record fetched from an async store is modified and saved back without concurrency control",
        options: StoreVerbs,
    }
}

declare_rule! {
    pub static KV_GET_THEN_SET = {
        id: "kv-get-then-set",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a key-value store value is read and a value computed from it is set back",
        options: StoreVerbs,
    }
}

declare_rule! {
    pub static SQL_READ_THEN_WRITE = {
        id: "sql-read-then-write",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a column is SELECTed and an UPDATE writes back a value computed in application code",
    }
}

declare_rule! {
    pub static STORE_CHECK_THEN_INSERT = {
        id: "store-check-then-insert",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a store is queried for a record and the record inserted in a separate step",
        options: StoreVerbs,
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

pub fn check_file(cx: &mut FileCtx) {
    let verbs = configured_verbs(cx.settings);
    check_file_with(cx, verbs);
}

/// The verb lists from `racelint.toml` (`[rules.store-get-then-save]`,
/// `[rules.store-check-then-insert]` or `[rules.kv-get-then-set]`: `read-verbs`,
/// `write-verbs`, `insert-verbs`, `check-verbs`; the first that adds a verb), else the
/// defaults. One set for the three rules: they query the same store facts.
impl crate::rules::RuleOptions for StoreVerbs {
    const KEYS: &'static [&'static str] = StoreVerbs::KEYS;
    fn from_table(table: &toml::Table) -> Result<StoreVerbs, String> {
        StoreVerbs::from_table(table)
    }
}

fn configured_verbs(settings: &crate::rules::RuleSettings) -> &StoreVerbs {
    static DEFAULT: std::sync::LazyLock<StoreVerbs> = std::sync::LazyLock::new(StoreVerbs::default);
    [
        &STORE_GET_THEN_SAVE,
        &STORE_CHECK_THEN_INSERT,
        &KV_GET_THEN_SET,
    ]
    .into_iter()
    .filter_map(|r| settings.get::<StoreVerbs>(r))
    .find(|v| **v != *DEFAULT)
    .unwrap_or(&DEFAULT)
}

/// The store rules with the given verb lists (the integrator passes the configured ones).
pub fn check_file_with(cx: &mut FileCtx, verbs: &StoreVerbs) {
    let facts = facts::collect(cx.syntax(), verbs);
    if facts.is_empty() {
        return;
    }
    let mut reported = Vec::new();
    cta::check(cx, &facts, verbs, &mut reported);
    rmw::check(cx, &facts, verbs, &mut reported);
}
