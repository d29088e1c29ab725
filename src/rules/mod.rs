//! The rule registry: every rule's stable id, category, default severity and docs.
//!
//! Detection lives in one module per family (`read_modify_write`, `check_then_act`,
//! `lock_order`, `flag_polling`); each is a query over the concurrency model in
//! [`crate::model`]. The long documentation of a rule is `rules/<id>.md` at the top of the
//! repository, embedded here so that `racelint rule <id>` works from an installed binary.

use crate::diagnostic::Severity;

mod context;

pub use context::{Candidate, FileCtx};

pub mod check_then_act;
pub mod flag_polling;
pub mod lock_order;
pub mod read_modify_write;
pub mod stores;

pub const READ_MODIFY_WRITE: &str = "read-modify-write";
pub const CHECK_THEN_ACT: &str = "check-then-act";
pub const LOCK_ORDER: &str = "lock-order";
pub const FLAG_POLLING: &str = "flag-polling";
pub const SUPPRESSION: &str = "suppression";

#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub id: &'static str,
    pub category: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The long documentation (`rules/<id>.md`).
    pub doc: &'static str,
}

macro_rules! rule {
    ($id:literal, $cat:expr, $sev:ident, $summary:literal) => {
        RuleMeta {
            id: $id,
            category: $cat,
            severity: Severity::$sev,
            summary: $summary,
            doc: include_str!(concat!("../../rules/", $id, ".md")),
        }
    };
}

/// Every rule, in a stable order (family, then id).
pub static RULES: &[RuleMeta] = &[
    // read-modify-write
    rule!(
        "split-critical-section",
        READ_MODIFY_WRITE,
        Warning,
        "a value read under one guard is written back under a second guard of the same lock"
    ),
    rule!(
        "atomic-load-store",
        READ_MODIFY_WRITE,
        Warning,
        "an atomic is loaded and a value computed from the load is stored back"
    ),
    rule!(
        "static-mut-rmw",
        READ_MODIFY_WRITE,
        Warning,
        "a `static mut` is read, modified and written from code that can run concurrently"
    ),
    rule!(
        "store-get-then-save",
        READ_MODIFY_WRITE,
        Warning,
        "a record fetched from an async store is modified and saved back without concurrency control"
    ),
    rule!(
        "kv-get-then-set",
        READ_MODIFY_WRITE,
        Warning,
        "a key-value store value is read and a value computed from it is set back"
    ),
    rule!(
        "sql-read-then-write",
        READ_MODIFY_WRITE,
        Warning,
        "a column is SELECTed and an UPDATE writes back a value computed in application code"
    ),
    rule!(
        "map-read-then-insert",
        READ_MODIFY_WRITE,
        Warning,
        "a shared map entry is read and a value computed from it is inserted under another guard"
    ),
    // check-then-act
    rule!(
        "map-check-then-insert",
        CHECK_THEN_ACT,
        Warning,
        "a shared map is checked for a key and the key inserted or removed under another guard"
    ),
    rule!(
        "rwlock-check-then-write",
        CHECK_THEN_ACT,
        Warning,
        "a condition checked under a read lock is acted on under a separately acquired write lock"
    ),
    rule!(
        "atomic-check-then-act",
        CHECK_THEN_ACT,
        Warning,
        "an atomic is loaded, tested, and then written in a separate operation"
    ),
    rule!(
        "lazy-init-race",
        CHECK_THEN_ACT,
        Warning,
        "a lazily initialised value is checked for emptiness and then set in a separate step"
    ),
    rule!(
        "fs-toctou",
        CHECK_THEN_ACT,
        Warning,
        "a filesystem path is checked and then acted on: the file can change in between"
    ),
    rule!(
        "store-check-then-insert",
        CHECK_THEN_ACT,
        Warning,
        "a store is queried for a record and the record inserted in a separate step"
    ),
    rule!(
        "sql-check-then-write",
        CHECK_THEN_ACT,
        Warning,
        "a value SELECTed is tested in application code before an UPDATE that does not re-check it"
    ),
    // lock-order
    rule!(
        "lock-order-inversion",
        LOCK_ORDER,
        Warning,
        "two code paths acquire the same locks in opposite orders (possible deadlock)"
    ),
    rule!(
        "double-lock",
        LOCK_ORDER,
        Error,
        "a lock is acquired while a guard of the same lock is still held (self-deadlock)"
    ),
    rule!(
        "guard-across-await",
        LOCK_ORDER,
        Warning,
        "a blocking (std / parking_lot) lock guard is held across an `.await`"
    ),
    // flag-polling
    rule!(
        "non-atomic-flag",
        FLAG_POLLING,
        Warning,
        "a loop waits on a flag that is not an atomic or synchronization primitive"
    ),
    rule!(
        "relaxed-publication",
        FLAG_POLLING,
        Warning,
        "a `Relaxed` flag is used to publish data to a waiting thread"
    ),
    rule!(
        "spin-on-lock",
        FLAG_POLLING,
        Warning,
        "a loop spins on a value behind a mutex instead of blocking on a condition variable"
    ),
    rule!(
        "async-sleep-poll",
        FLAG_POLLING,
        Note,
        "async code sleep-polls a shared flag instead of awaiting a notification"
    ),
    rule!(
        "relaxed-flag-store",
        FLAG_POLLING,
        Warning,
        "a flag read with `Acquire` is stored with `Relaxed`, so the pair does not synchronize"
    ),
    // suppressions
    rule!(
        "unused-suppression",
        SUPPRESSION,
        Note,
        "a `racelint: allow(..)` comment that suppresses nothing"
    ),
];

pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.id == id)
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

/// No-op visits of the parts of a file that hold no code a rule looks at — types,
/// attributes, `use` items, generics — for the visitors that walk a whole file. A third of a
/// typical file's syntax nodes are there; each family used to walk them all.
macro_rules! skip_non_code {
    ($lt:lifetime) => {
        fn visit_type(&mut self, _: &$lt syn::Type) {}
        fn visit_attribute(&mut self, _: &$lt syn::Attribute) {}
        fn visit_item_use(&mut self, _: &$lt syn::ItemUse) {}
        fn visit_generics(&mut self, _: &$lt syn::Generics) {}
    };
}
pub(crate) use skip_non_code;

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
