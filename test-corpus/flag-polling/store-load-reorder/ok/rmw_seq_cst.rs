use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};

// Read-modify-writes in the handshake, made safe: `SeqCst` on every access of one pair, a
// `SeqCst` fence between the write and the test on both sides of the other.
pub struct WakeQueue {
    sleeping: AtomicBool,
    tail: AtomicUsize,
}

pub fn wait_for_work(s: &WakeQueue) -> bool {
    s.sleeping.store(true, Ordering::SeqCst);
    let has_work = s.tail.load(Ordering::SeqCst) != 0;
    has_work
}

pub fn push(s: &WakeQueue, wake: impl Fn()) {
    s.tail.fetch_add(1, Ordering::SeqCst);
    if s.sleeping.load(Ordering::SeqCst) {
        wake();
    }
}

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static CLOSING: AtomicBool = AtomicBool::new(false);

pub fn begin_request() -> bool {
    IN_FLIGHT.fetch_add(1, Ordering::Release);
    fence(Ordering::SeqCst);
    let closing = CLOSING.load(Ordering::Acquire);
    !closing
}

pub fn close() -> usize {
    CLOSING.swap(true, Ordering::Release);
    fence(Ordering::SeqCst);
    let n = IN_FLIGHT.load(Ordering::Acquire);
    if n == 0 { 0 } else { n }
}

// A value bound from a load but never tested: no handshake.
pub fn stats(s: &WakeQueue) -> usize {
    s.sleeping.store(false, Ordering::Release);
    let t = s.tail.load(Ordering::Acquire);
    t + 1
}
