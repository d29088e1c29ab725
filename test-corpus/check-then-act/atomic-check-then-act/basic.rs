// Positive cases of `atomic-check-then-act`: an atomic is loaded and tested, then written in a
// separate atomic operation, so two threads can both pass the test.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;
use std::thread;

static STARTED: AtomicBool = AtomicBool::new(false);

fn init_logging() {}

// One-time initialisation guarded by load-then-store: both threads can run `init_logging`.
pub fn init() {
    if !STARTED.load(Ordering::Acquire) { //~ atomic-check-then-act
        STARTED.store(true, Ordering::Release);
        init_logging();
    }
}

pub struct Account {
    balance: AtomicU64,
    dirty: AtomicBool,
    state: AtomicUsize,
}

const IDLE: usize = 0;
const RUNNING: usize = 1;

impl Account {
    // Withdraw twice past the balance: both threads see enough money.
    pub fn withdraw(&self, amount: u64) -> bool {
        if self.balance.load(SeqCst) >= amount { //~ atomic-check-then-act
            self.balance.fetch_sub(amount, SeqCst);
            return true;
        }
        false
    }

    // A dirty flag consumed by load-then-clear: two flushers both flush.
    pub fn flush(&self) {
        if self.dirty.load(Ordering::Relaxed) { //~ atomic-check-then-act
            self.dirty.store(false, Ordering::Relaxed);
            write_out();
        }
    }

    // A state machine transition: two threads can both start.
    pub fn start(&self) -> bool {
        if self.state.load(Ordering::Acquire) == IDLE { //~ atomic-check-then-act
            self.state.store(RUNNING, Ordering::Release);
            return true;
        }
        false
    }
}

fn write_out() {}

pub struct Limiter {
    active: AtomicUsize,
    max: usize,
    closed: AtomicBool,
}

impl Limiter {
    // The early-return form: the bound can be overshot.
    pub fn acquire(&self) -> Result<(), ()> {
        if self.active.load(Ordering::SeqCst) >= self.max { //~ atomic-check-then-act
            return Err(());
        }
        self.active.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    // Close twice: both callers run the cleanup.
    pub fn close(&self) {
        if self.closed.load(Ordering::SeqCst) { //~ atomic-check-then-act
            return;
        }
        self.closed.store(true, Ordering::SeqCst);
        cleanup();
    }
}

fn cleanup() {}

// An Arc<AtomicBool> captured by a spawned thread.
pub fn worker(stop: Arc<AtomicBool>) {
    thread::spawn(move || {
        let requested = stop.load(Ordering::Acquire); //~ atomic-check-then-act
        if requested {
            stop.store(false, Ordering::Release);
            cleanup();
        }
    });
}

// The same shapes with a second actor.
pub struct SharedRunner {
    count: Arc<AtomicUsize>,
    limit: usize,
}

impl SharedRunner {
    // `&self` of a `Sync` type: two threads run this at once and both pass the limit.
    pub fn try_start(&self) -> bool {
        let count = self.count.clone();
        if count.load(Ordering::SeqCst) >= self.limit { //~ atomic-check-then-act
            return false;
        }
        count.fetch_add(1, Ordering::SeqCst);
        true
    }

    // `&mut self`, but the check and the act run in spawned threads.
    pub fn start_all(&mut self, n: usize) {
        for _ in 0..n {
            let count = self.count.clone();
            let limit = self.limit;
            thread::spawn(move || {
                if count.load(Ordering::SeqCst) < limit { //~ atomic-check-then-act
                    count.fetch_add(1, Ordering::SeqCst);
                    work();
                }
            });
        }
    }
}

fn work() {}

// Not only a warning: the flag also guards a side effect that runs twice.
pub fn report_once(reported: &AtomicBool) {
    if reported.load(Ordering::Relaxed) { //~ atomic-check-then-act
        return;
    }
    reported.store(true, Ordering::Relaxed);
    log::warn!("reporting");
    send_report();
}

fn send_report() {}

// One caller holds the server lock, another does not: the two can interleave.
static SERVER_LOCK: std::sync::Mutex<u32> = std::sync::Mutex::new(0);
static PLAYING: AtomicBool = AtomicBool::new(false);

fn start_playing() {
    if PLAYING.load(Ordering::SeqCst) { //~ atomic-check-then-act
        return;
    }
    PLAYING.store(true, Ordering::SeqCst);
    thread::spawn(play);
}

fn play() {}

pub fn on_connect() {
    let _s = SERVER_LOCK.lock().unwrap();
    start_playing();
}

pub fn on_hotkey() {
    start_playing();
}
