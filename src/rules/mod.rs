//! The rule registry: every rule's stable id, category, default severity and docs.
//!
//! Detection lives in one module per family (`read_modify_write`, `check_then_act`,
//! `lock_order`, `flag_polling`); each is a query over the concurrency model in
//! [`crate::model`]. The long documentation of a rule is `rules/<id>.md` at the top of the
//! repository, embedded here so that `racelint rule <id>` works from an installed binary.

use crate::diagnostic::Severity;

pub mod condvars;
mod context;
pub mod options;
pub mod rewrite;
pub mod suppression;

pub use context::{Candidate, Deferred, FileCtx, UniqueGuard, WorkspaceFacts};
pub use options::{OptionsSpec, RuleOptions, RuleSettings, TestCode};

pub mod check_then_act;
pub mod data_access;
pub mod flag_polling;
pub mod lock_order;
pub mod read_modify_write;

pub const READ_MODIFY_WRITE: &str = "read-modify-write";
pub const CHECK_THEN_ACT: &str = "check-then-act";
pub const LOCK_ORDER: &str = "lock-order";
pub const FLAG_POLLING: &str = "flag-polling";
pub const SUPPRESSION: &str = "suppression";

/// Everything about a rule but its detection: id, category, default severity, one-line
/// summary, long documentation and the options it accepts. Each rule declares its own with
/// [`declare_rule!`] next to its code; [`RULES`] lists them.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub category: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The long documentation (`rules/<id>.md`).
    pub doc: &'static str,
    /// The `[rules.<id>]` options the rule reads.
    pub options: OptionsSpec,
}

impl RuleMeta {
    /// The documentation as shown to users (`racelint rule`, SARIF, rustc JSON): the hidden
    /// setup lines of its examples (`# ` inside a ```rust block, rustdoc's convention, linted
    /// by `tests/rule_docs.rs`) left out.
    pub fn printed_doc(&self) -> String {
        let mut out = String::new();
        let mut in_rust = false;
        for line in self.doc.lines() {
            let t = line.trim_start();
            if t.starts_with("```") {
                in_rust = !in_rust && t == "```rust";
            } else if in_rust && (t.starts_with("# ") || t == "#") {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// A diagnostic of this rule, with its category and default severity.
    pub fn diag(
        &'static self,
        file: &str,
        span: crate::diagnostic::Span,
        message: impl Into<String>,
    ) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic::new(
            self.id,
            self.category,
            self.severity,
            file,
            span,
            message,
        )
    }
}

/// Declare a rule: `declare_rule! { pub static NAME = { id: "rule-id", category: FAMILY,
/// severity: Warning, summary: "...", options: Type } }` (`options` optional: a rule without
/// it accepts none). The documentation is `rules/<id>.md`, embedded so that `racelint rule
/// <id>` works from an installed binary.
macro_rules! declare_rule {
    (
        $vis:vis static $name:ident = {
            id: $id:literal,
            category: $cat:ident,
            severity: $sev:ident,
            summary: $summary:literal $(,)?
            $(options: $opt:ty $(,)?)?
        }
    ) => {
        $vis static $name: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            category: $crate::rules::$cat,
            severity: $crate::diagnostic::Severity::$sev,
            summary: $summary,
            doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $id, ".md")),
            options: $crate::rules::declare_rule!(@options $($opt)?),
        };
    };
    (@options) => {
        $crate::rules::options::OptionsSpec::of::<$crate::rules::options::NoOptions>()
    };
    (@options $opt:ty) => {
        $crate::rules::options::OptionsSpec::of::<$opt>()
    };
}
pub(crate) use declare_rule;

/// Every rule, in a stable order (family, then id). Adding a rule: its file (with
/// [`declare_rule!`]), `rules/<id>.md`, a `test-corpus/<category>/<id>/` folder, one line here.
pub static RULES: &[&RuleMeta] = &[
    // read-modify-write
    &read_modify_write::split_critical_section::SPLIT_CRITICAL_SECTION,
    &read_modify_write::atomic_load_store::ATOMIC_LOAD_STORE,
    &read_modify_write::fetch_then::FETCH_THEN_REREAD,
    &read_modify_write::fetch_then::FETCH_THEN_RESET,
    &read_modify_write::static_mut_rmw::STATIC_MUT_RMW,
    &read_modify_write::store_writes::STORE_GET_THEN_SAVE,
    &read_modify_write::store_writes::KV_GET_THEN_SET,
    &read_modify_write::store_writes::SQL_READ_THEN_WRITE,
    &read_modify_write::db_lost_update::DB_LOST_UPDATE,
    &read_modify_write::map_read_then_insert::MAP_READ_THEN_INSERT,
    // check-then-act
    &check_then_act::map_check_then_insert::MAP_CHECK_THEN_INSERT,
    &check_then_act::rwlock_check_then_write::RWLOCK_CHECK_THEN_WRITE,
    &check_then_act::atomic_check_then_act::ATOMIC_CHECK_THEN_ACT,
    &check_then_act::lazy_init_race::LAZY_INIT_RACE,
    &check_then_act::fs_toctou::FS_TOCTOU,
    &check_then_act::store_checks::STORE_CHECK_THEN_INSERT,
    &check_then_act::store_checks::SQL_CHECK_THEN_WRITE,
    &check_then_act::db_check_then_insert::DB_CHECK_THEN_INSERT,
    &check_then_act::db_check_then_update::DB_CHECK_THEN_UPDATE,
    &check_then_act::queue_check_then_take::QUEUE_CHECK_THEN_TAKE,
    &check_then_act::collection_check_then_push::COLLECTION_CHECK_THEN_PUSH,
    &check_then_act::mutex_check_then_act::MUTEX_CHECK_THEN_ACT,
    &check_then_act::stale_map_remove::STALE_MAP_REMOVE,
    // lock-order
    &lock_order::lock_order_inversion::LOCK_ORDER_INVERSION,
    &lock_order::double_lock::DOUBLE_LOCK,
    &lock_order::guard_across_await::GUARD_ACROSS_AWAIT,
    &lock_order::wait_holding_lock::WAIT_HOLDING_LOCK,
    &lock_order::join_holding_lock::JOIN_HOLDING_LOCK,
    &lock_order::db_row_lock_order::DB_ROW_LOCK_ORDER,
    &lock_order::loop_lock_order::LOOP_LOCK_ORDER,
    &lock_order::channel_wait_cycle::CHANNEL_WAIT_CYCLE,
    // flag-polling
    &flag_polling::non_atomic_flag::NON_ATOMIC_FLAG,
    &flag_polling::relaxed_publication::RELAXED_PUBLICATION,
    &flag_polling::spin_on_lock::SPIN_ON_LOCK,
    &flag_polling::async_sleep_poll::ASYNC_SLEEP_POLL,
    &flag_polling::relaxed_flag_store::RELAXED_FLAG_STORE,
    &flag_polling::notify_without_lock::NOTIFY_WITHOUT_LOCK,
    &flag_polling::wait_without_loop::WAIT_WITHOUT_LOOP,
    &flag_polling::notified_after_check::NOTIFIED_AFTER_CHECK,
    &flag_polling::waker_after_check::WAKER_AFTER_CHECK,
    &flag_polling::pending_without_wake::PENDING_WITHOUT_WAKE,
    &flag_polling::store_load_reorder::STORE_LOAD_REORDER,
    &flag_polling::relaxed_pointer::RELAXED_POINTER,
    &flag_polling::relaxed_refcount::RELAXED_REFCOUNT,
    &flag_polling::relaxed_spin_lock::RELAXED_SPIN_LOCK,
    // suppressions
    &suppression::unused_suppression::UNUSED_SUPPRESSION,
];

pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The `'static` spelling of a rule id or category (for diagnostics read back from the cache).
pub fn static_name(name: &str) -> Option<&'static str> {
    RULES.iter().find_map(|r| {
        if r.id == name {
            Some(r.id)
        } else if r.category == name {
            Some(r.category)
        } else {
            None
        }
    })
}

/// The four families and any other category in use.
pub fn categories() -> Vec<&'static str> {
    let mut cats: Vec<&'static str> = Vec::new();
    for r in RULES {
        if !cats.contains(&r.category) {
            cats.push(r.category);
        }
    }
    cats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                r.id
            );
            assert!(
                r.doc.starts_with(&format!("# {}", r.id)),
                "rules/{}.md must start with `# {}`",
                r.id,
                r.id
            );
        }
    }
}
