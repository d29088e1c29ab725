use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

pub struct Gate {
    open: AtomicBool,
}

impl Gate {
    pub fn new() -> Gate {
        let g = Gate {
            open: AtomicBool::new(false),
        };
        g.open.store(false, Ordering::Relaxed);
        g
    }

    // Release / Acquire pair.
    pub fn open(&self) {
        self.open.store(true, Ordering::Release);
    }

    // Resetting to `false` while the readers wait for `true` publishes nothing.
    pub fn close(&self) {
        self.open.store(false, Ordering::Relaxed);
    }

    // `&mut self`: nobody else can be reading.
    pub fn force_open(&mut self) {
        self.open.store(true, Ordering::Relaxed);
    }

    pub fn wait(&self) {
        while !self.open.load(Ordering::Acquire) {
            std::hint::spin_loop();
        }
    }
}

// A Relaxed store after a Release fence.
static PUBLISHED: AtomicBool = AtomicBool::new(false);

pub fn publish_fenced() {
    fence(Ordering::Release);
    PUBLISHED.store(true, Ordering::Relaxed);
}

pub fn read_published() -> bool {
    PUBLISHED.load(Ordering::Acquire)
}

// Initialised before the thread that reads it is spawned (the spawn synchronizes).
pub fn init_then_spawn() {
    let flag = Arc::new(AtomicBool::new(false));
    flag.store(true, Ordering::Relaxed);
    let f2 = flag.clone();
    thread::spawn(move || {
        while !f2.load(Ordering::Acquire) {
            std::hint::spin_loop();
        }
    });
}

// A Relaxed stop flag whose readers are Relaxed too.
static STOP: AtomicBool = AtomicBool::new(false);

pub fn request_stop() {
    STOP.store(true, Ordering::Relaxed);
}

pub fn should_stop() -> bool {
    STOP.load(Ordering::Relaxed)
}

// SeqCst everywhere.
static SEQ: AtomicBool = AtomicBool::new(false);

pub fn seq_set() {
    SEQ.store(true, Ordering::SeqCst);
}

pub fn seq_wait() {
    while !SEQ.load(Ordering::SeqCst) {}
}
