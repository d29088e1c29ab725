// A `&self` method whose every caller holds its value exclusively: the callers hold
// `&mut self` and reach the value through fields they own (not an `Arc`), so no two calls
// on one value overlap and no other actor reaches it. Test callers are no second actor.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct MovingAverage {
    alpha: f64,
    value: AtomicU64,
}

impl MovingAverage {
    fn add(&self, v: f64) {
        let cur = f64::from_bits(self.value.load(Ordering::Relaxed));
        let next = if cur == 0.0 { v } else { self.alpha * v + (1.0 - self.alpha) * cur };
        self.value.store(next.to_bits(), Ordering::Relaxed);
    }
}

pub struct Transfer {
    rate: MovingAverage,
    inner: Box<Stats>,
}

pub struct Stats {
    latency: MovingAverage,
}

impl Transfer {
    pub fn record(&mut self, bytes: f64, secs: f64) {
        self.rate.add(bytes / secs);
        self.inner.latency.add(secs);
    }

    pub fn record_owned(mut self, secs: f64) -> Self {
        self.inner.latency.add(secs);
        self
    }
}

// every production caller holds the same lock: the test call is no concurrent actor
pub struct Health {
    version: AtomicU64,
    lifecycle: Mutex<()>,
}

impl Health {
    fn bump_if_current(&self, v: u64) {
        let cur = self.version.load(Ordering::Acquire);
        if cur == v {
            self.version.store(cur + 1, Ordering::Release);
        }
    }

    pub fn check(&self, v: u64) {
        let _g = self.lifecycle.lock().unwrap();
        self.bump_if_current(v);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bumps() {
        let h = super::Health {
            version: std::sync::atomic::AtomicU64::new(1),
            lifecycle: std::sync::Mutex::new(()),
        };
        h.bump_if_current(1);
    }
}
