//! The data layer: store calls (repository, key-value), SQL statements executed from string
//! literals with the expressions bound to their placeholders, and the bindings, conditions,
//! mutations and loops around them. The store rules query these facts.

pub mod claims;
pub mod facts;
pub mod orm;
pub mod serial;
pub mod sql;
pub mod summary;
pub mod unique;
pub mod verbs;

pub use facts::{Facts, collect};
pub use verbs::StoreVerbs;
