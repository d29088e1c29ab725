//! `unused-suppression`: found by [`crate::suppress`] once every other rule has run.

use crate::rules::declare_rule;

declare_rule! {
    pub static UNUSED_SUPPRESSION = {
        id: "unused-suppression",
        category: SUPPRESSION,
        severity: Note,
        summary: "a `racelint: allow(..)` comment that suppresses nothing",
    }
}
