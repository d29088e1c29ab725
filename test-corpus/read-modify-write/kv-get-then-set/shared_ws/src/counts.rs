// The store used from another file, through an `Arc` parameter.
use crate::kv::Kv;
use std::sync::Arc;

pub fn bump_unread(counts: &Arc<Kv>, room: &[u8]) {
    let cur = counts.get(room);
    let n = cur.map_or(0, |b| b[0]);
    counts.insert(room, &[n + 1]); //~ kv-get-then-set
}
