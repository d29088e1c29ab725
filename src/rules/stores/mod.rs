//! Store-level races shared by two families: async repository / key-value / SQL
//! read-then-write (`read-modify-write`) and check-then-insert (`check-then-act`).
//!
//! One walk of the file ([`facts::collect`]) records the store calls (method calls with a
//! store verb), the SQL statements executed from string literals (with the Rust expression
//! bound to each placeholder), `let` bindings, conditions with the regions they decide,
//! mutations and loops. The rules in [`rmw`] and [`cta`] are queries over those facts plus
//! the concurrency model's per-function data flow.

mod cta;
mod facts;
mod rmw;
pub mod sql;
#[cfg(test)]
mod tests;
mod verbs;

pub use verbs::StoreVerbs;

use crate::rules::FileCtx;

pub fn check_file(cx: &mut FileCtx) {
    check_file_with(cx, &configured_verbs());
}

/// The verb lists from `racelint.toml` (`[rules.store-get-then-save]`,
/// `[rules.store-check-then-insert]` or `[rules.kv-get-then-set]`: `read-verbs`,
/// `write-verbs`, `insert-verbs`, `check-verbs`), else the defaults.
fn configured_verbs() -> StoreVerbs {
    for id in [
        "store-get-then-save",
        "store-check-then-insert",
        "kv-get-then-set",
    ] {
        if let Some(json) = crate::config::rule_options(id)
            && json.as_object().is_some_and(|o| !o.is_empty())
            && let Ok(value) = toml::Value::try_from(&json)
            && let Ok(verbs) = StoreVerbs::from_toml(&value)
        {
            return verbs;
        }
    }
    StoreVerbs::default()
}

/// The store rules with the given verb lists (the integrator passes the configured ones).
pub fn check_file_with(cx: &mut FileCtx, verbs: &StoreVerbs) {
    let facts = facts::collect(cx, verbs);
    if facts.is_empty() {
        return;
    }
    let mut reported = Vec::new();
    cta::check(cx, &facts, verbs, &mut reported);
    rmw::check(cx, &facts, verbs, &mut reported);
}
