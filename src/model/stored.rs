//! How the cache ([`crate::cache`]) stores the model: the `skip_serializing_if` predicates of
//! its types. The JSON output leaves
//! empty fields out; the cache writes every field (inside [`all_fields`]), so that an entry can
//! be MessagePack with its structs as arrays (no field names: about half the bytes, and read
//! back without matching names), which needs every field in its place.

use std::cell::Cell;

thread_local! {
    static ALL: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` with no field skipped (on this thread).
pub fn all_fields<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            ALL.with(|a| a.set(self.0));
        }
    }
    let _reset = Reset(ALL.with(|a| a.replace(true)));
    f()
}

/// Whether this thread writes or reads a cache entry (inside [`all_fields`]): the
/// adjacently tagged enums then take their compact form, since a unit variant written
/// as an array of its tag alone does not read back.
pub fn compact() -> bool {
    ALL.with(Cell::get)
}

fn may_skip() -> bool {
    !compact()
}

pub fn empty_vec<T>(v: &[T]) -> bool {
    v.is_empty() && may_skip()
}
pub fn none<T>(v: &Option<T>) -> bool {
    v.is_none() && may_skip()
}
pub fn empty_string(s: &str) -> bool {
    s.is_empty() && may_skip()
}
pub fn empty_map<K, V>(m: &std::collections::BTreeMap<K, V>) -> bool {
    m.is_empty() && may_skip()
}
pub fn zero(n: &usize) -> bool {
    *n == 0 && may_skip()
}
pub fn not(b: &bool) -> bool {
    !*b && may_skip()
}
