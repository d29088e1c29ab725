// Probe (written from scratch) for a missed bug in DataDog/glommio.
// Fix commit: 68552c2 "fix hangs with sleeping queue" (parent of 68552c2).
//
// What goes wrong: an executor about to sleep publishes "I am going to sleep" (stores its
// eventfd into a shared word with Release) and then checks the cross-thread queues for work
// (loads with Acquire). A remote producer pushes into a queue (store) and then checks whether
// the consumer sleeps (load of the shared word) to decide whether to write the eventfd. This is
// Dekker's pattern: with only Release/Acquire, each thread's load can be satisfied before its
// own store is visible to the other (store-load reordering), so the sleeper sees no work and the
// producer sees no sleeper: the wake-up is lost and the executor sleeps with work queued. The
// fix makes the flag store SeqCst and adds a heavy membarrier before the check.
//
// What racelint would need: a rule for the store-then-load handshake on two different atomics
// performed in opposite orders by two threads (flag then queue / queue then flag) with neither
// side SeqCst on both accesses nor a SeqCst fence between them. Expected: a finding at the
// sleeper's load of `tail` after its store of `sleeping` (line 30) and at the producer's load of
// `sleeping` (line 39).
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Shared {
    pub sleeping: AtomicBool,
    pub tail: AtomicUsize,
    pub head: AtomicUsize,
}

pub fn wait_for_work(s: &Shared) -> bool {
    s.sleeping.store(true, Ordering::Release);
    // no fence here
    let has_work = s.tail.load(Ordering::Acquire) != s.head.load(Ordering::Acquire);
    if has_work {
        s.sleeping.store(false, Ordering::Relaxed);
    }
    has_work
}

pub fn push(s: &Shared, wake: impl Fn()) {
    s.tail.fetch_add(1, Ordering::Release);
    if s.sleeping.load(Ordering::Acquire) {
        wake();
    }
}

pub fn start() {
    let s = Arc::new(Shared {
        sleeping: AtomicBool::new(false),
        tail: AtomicUsize::new(0),
        head: AtomicUsize::new(0),
    });
    let s2 = s.clone();
    std::thread::spawn(move || push(&s2, || ()));
    while !wait_for_work(&s) {
        std::thread::park();
    }
}
