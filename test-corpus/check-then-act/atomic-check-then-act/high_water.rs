// `atomic-check-then-act` on a high-water (or low-water) mark: the value is loaded, compared
// with a new one and the new one stored when it is greater. Two threads can both pass the
// test and the smaller of their values can be stored last. `fetch_max` / `fetch_min` test
// and store in one operation and yield the value the `let` read.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

static PREV: AtomicI32 = AtomicI32::new(0);

// a free function keeping the largest value seen, as a filter
pub fn look_back(input: &str) -> Result<bool, std::num::ParseIntError> {
    let current: i32 = input.trim().parse()?;
    let last = PREV.load(SeqCst); //~ atomic-check-then-act
    if current > last {
        PREV.store(current, SeqCst);
        Ok(true)
    } else {
        Ok(false)
    }
}

pub struct Stats {
    peak: AtomicU64,
    fastest: AtomicU64,
}

impl Stats {
    // a method, the comparison written the other way round, the old value used afterwards
    pub fn record_peak(&self, now: u64) -> u64 {
        // the previous peak
        let seen = self.peak.load(Ordering::Acquire); //~ atomic-check-then-act
        if seen <= now {
            self.peak.store(now, Ordering::Release);
            log_peak(now);
        }
        seen
    }

    // a low-water mark: `fetch_min`
    pub fn record_latency(&self, micros: u64) {
        let best = self.fastest.load(Ordering::Relaxed); //~ atomic-check-then-act
        if micros < best {
            self.fastest.store(micros, Ordering::Relaxed);
            log_new_best(micros);
        }
    }

    // near misses, reported without an edit:
    // another condition beside the comparison (the store must not happen when it fails)
    pub fn record_peak_if(&self, now: u64, enabled: bool) {
        let seen = self.peak.load(Ordering::Acquire); //~ atomic-check-then-act
        if enabled && now > seen {
            self.peak.store(now, Ordering::Release);
            log_peak(now);
        }
    }

    // something that can leave the block runs before the store
    pub fn record_checked(&self, now: u64) -> Result<(), String> {
        let seen = self.peak.load(Ordering::Acquire); //~ atomic-check-then-act
        if now > seen {
            validate(now)?;
            self.peak.store(now, Ordering::Release);
            log_peak(now);
        }
        Ok(())
    }

    // the stored value is not the one compared
    pub fn record_rounded(&self, now: u64) {
        let seen = self.peak.load(Ordering::Acquire); //~ atomic-check-then-act
        if now > seen {
            self.peak.store(now + 1, Ordering::Release);
            log_peak(now);
        }
    }
}

fn log_new_best(_micros: u64) {}

fn log_peak(_now: u64) {}

fn validate(now: u64) -> Result<(), String> {
    if now == u64::MAX { Err("overflow".into()) } else { Ok(()) }
}

pub fn share(stats: &'static Stats) {
    for i in 0..4u64 {
        std::thread::spawn(move || {
            stats.record_peak(i);
            stats.record_latency(i);
            stats.record_peak_if(i, true);
            let _ = stats.record_checked(i);
            stats.record_rounded(i);
        });
    }
}
