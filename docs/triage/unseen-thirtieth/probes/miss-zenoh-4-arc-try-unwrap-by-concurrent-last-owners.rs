// Probe (written from scratch) for a missed bug in eclipse-zenoh/zenoh.
// Fix commit: 5843fa0c "Fix race condition decreasing reply final counter (#519)" (parent
// 2a698df4).
//
// What goes wrong: a routed query is shared as `Arc<Query>` by every face it was forwarded
// to. When a face answers its final reply (or closes), `finalize_pending_query(query)` does
// `if let Ok(query) = Arc::try_unwrap(query) { send the final reply to the source }`: the owner
// that unwraps the last reference sends the final. When the last two faces finish at the same
// time on two threads, each `try_unwrap` sees two strong references and fails, both clones are
// then dropped, and nobody sends the final reply: the querier waits until its timeout. The fix
// uses `Arc::into_inner`, which is guaranteed to succeed for exactly one of the racing owners.
//
// What is missing: `Arc::try_unwrap(x)` (and `Arc::get_mut`, `strong_count(&x) == 1`) as "am I
// the last owner?" is a check whose failure branch drops the clone: two concurrent callers can
// both fail, and the act (`Ok` branch) never runs. Expected: a finding at the `try_unwrap` in
// `finalize_pending_query` (line 7). The same "last one out" written with a counter and a
// separate load is reported (`contrast_counter`, reported: fetch-then-reread).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Query {
    pub src_qid: u64,
    pub pending: AtomicUsize,
}

fn send_final(_qid: u64) {}

pub fn finalize_pending_query(query: Arc<Query>) {
    if let Ok(query) = Arc::try_unwrap(query) {
        send_final(query.src_qid);
    }
}

// Contrast: reported (fetch-then-reread).
pub fn contrast_counter(query: &Query) {
    query.pending.fetch_sub(1, Ordering::SeqCst);
    if query.pending.load(Ordering::SeqCst) == 0 {
        send_final(query.src_qid);
    }
}

// The second actor: each face that got the query finishes on its own thread.
pub fn route(query: Arc<Query>, faces: usize) {
    for _ in 0..faces {
        let q = query.clone();
        std::thread::spawn(move || {
            contrast_counter(&q);
            finalize_pending_query(q);
        });
    }
}
