use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};

// All four accesses SeqCst: one total order, one side sees the other.
pub struct Parker {
    sleeping: AtomicBool,
    notified: AtomicBool,
}

impl Parker {
    pub fn park(&self) {
        self.sleeping.store(true, Ordering::SeqCst);
        if !self.notified.load(Ordering::SeqCst) {
            std::thread::park();
        }
    }

    pub fn unpark(&self, t: &std::thread::Thread) {
        self.notified.store(true, Ordering::SeqCst);
        if self.sleeping.load(Ordering::SeqCst) {
            t.unpark();
        }
    }
}

// SeqCst fences between the store and the load on both sides.
static WANTS_A: AtomicBool = AtomicBool::new(false);
static WANTS_B: AtomicBool = AtomicBool::new(false);

pub fn enter_a() -> bool {
    WANTS_A.store(true, Ordering::Release);
    fence(Ordering::SeqCst);
    !WANTS_B.load(Ordering::Acquire)
}

pub fn enter_b() -> bool {
    WANTS_B.store(true, Ordering::Release);
    fence(Ordering::SeqCst);
    !WANTS_A.load(Ordering::Acquire)
}

// A statistic read after a store tests nothing; one direction only is no handshake.
pub struct Stats {
    hits: AtomicUsize,
    misses: AtomicUsize,
    open: AtomicBool,
    ready: AtomicBool,
}

impl Stats {
    pub fn hit(&self) -> usize {
        self.hits.store(1, Ordering::Release);
        self.misses.load(Ordering::Relaxed)
    }

    pub fn miss(&self) -> usize {
        self.misses.store(1, Ordering::Release);
        self.hits.load(Ordering::Relaxed)
    }

    pub fn open(&self) {
        self.open.store(true, Ordering::Release);
        if self.ready.load(Ordering::Acquire) {
            go();
        }
    }

    pub fn close(&self) {
        self.ready.store(false, Ordering::Release);
        self.open.store(false, Ordering::Release);
    }

    // `&mut self`: runs alone on its object
    pub fn reset(&mut self) {
        self.ready.store(true, Ordering::Release);
        if self.open.load(Ordering::Acquire) {
            go();
        }
    }
}

fn go() {}
