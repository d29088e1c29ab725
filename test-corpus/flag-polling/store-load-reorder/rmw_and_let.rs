use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

// An executor going to sleep and a remote producer: the producer's write is a
// read-modify-write (`fetch_add`), the sleeper's test goes through a `let`.
pub struct SleepQueue {
    sleeping: AtomicBool,
    tail: AtomicUsize,
    head: AtomicUsize,
}

pub fn wait_for_work(s: &SleepQueue) -> bool {
    s.sleeping.store(true, Ordering::Release); //~ store-load-reorder
    let has_work = s.tail.load(Ordering::Acquire) != s.head.load(Ordering::Acquire);
    if has_work {
        s.sleeping.store(false, Ordering::Relaxed);
    }
    has_work
}

pub fn push(s: &SleepQueue, wake: impl Fn()) {
    s.tail.fetch_add(1, Ordering::AcqRel);
    if s.sleeping.load(Ordering::Acquire) {
        wake();
    }
}

// Shutdown against in-flight requests: both sides are read-modify-writes, one test is a
// `match` on a bound value.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static CLOSING: AtomicBool = AtomicBool::new(false);

pub fn begin_request() -> bool {
    IN_FLIGHT.fetch_add(1, Ordering::Release); //~ store-load-reorder
    let closing = CLOSING.load(Ordering::Acquire);
    match closing {
        true => {
            IN_FLIGHT.fetch_sub(1, Ordering::Release);
            false
        }
        false => true,
    }
}

pub fn close() -> bool {
    CLOSING.swap(true, Ordering::AcqRel);
    if IN_FLIGHT.load(Ordering::Acquire) == 0 {
        return true;
    }
    wait_drained()
}

fn wait_drained() -> bool {
    while IN_FLIGHT.load(Ordering::Acquire) != 0 {
        std::hint::spin_loop();
    }
    true
}

pub fn start(s: Arc<SleepQueue>) {
    let s2 = s.clone();
    std::thread::spawn(move || push(&s2, || ()));
    while !wait_for_work(&s) {
        std::thread::park();
    }
    std::thread::spawn(|| begin_request());
    close();
}
