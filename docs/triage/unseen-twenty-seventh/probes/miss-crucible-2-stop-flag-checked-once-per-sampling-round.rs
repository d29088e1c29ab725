// Probe (written from scratch) for a missed bug in oxidecomputer/crucible.
// Fix commit: 2e804009 "Avoid race condition in crutest rand-read/write (#1261)"
// (parent 59bd303c).
//
// What goes wrong: the crutest random read/write benchmark runs IO workers until an
// `AtomicBool` `stop` is set, a timer task sets `stop` after the configured time, and the main
// task samples a shared byte counter: `while !stop.load() { for _ in 0..subsamples { sleep;
// sample } .. }`. The workers see `stop` at once and stop issuing IO, but the sampler only looks
// at `stop` once per round, so the rest of the round records near-zero throughput. Those samples
// go into the final mean and deviation ("average read performance: 650 MiB/sec ± 196 MiB/sec"
// while every live sample was about 720). The fix lets the sampler own the deadline and stop
// sampling at it.
//
// racelint has no fact for a flag that one actor acts on immediately while another actor checks
// it once and then acts for a long stretch (a whole batch of samples) on the assumption that it
// is still unset. The atomic rules need the act to be a later operation on the same atomic
// (`contrast_bound_then_add`, reported: atomic-check-then-act).
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Bench { stop: AtomicBool, bytes: AtomicUsize }

impl Bench {
    pub fn worker(&self) {
        while !self.stop.load(Ordering::Acquire) {
            self.bytes.fetch_add(4096, Ordering::Relaxed);
        }
    }

    pub fn sampler(&self, subsamples: usize) -> Vec<f64> {
        let mut samples = vec![];
        let mut prev = 0;
        while !self.stop.load(Ordering::Acquire) {
            for _ in 0..subsamples {
                std::thread::sleep(Duration::from_millis(100));
                let now = self.bytes.load(Ordering::Relaxed);
                samples.push((now - prev) as f64 * 10.0);
                prev = now;
            }
        }
        samples
    }

    pub fn timer(&self, secs: u64) {
        std::thread::sleep(Duration::from_secs(secs));
        self.stop.store(true, Ordering::Release);
    }

    // Contrast: reported (atomic-check-then-act).
    pub fn contrast_bound_then_add(&self, limit: usize) {
        if self.bytes.load(Ordering::Acquire) < limit {
            self.bytes.fetch_add(4096, Ordering::Relaxed);
        }
    }
}

pub fn run(b: Arc<Bench>) {
    for _ in 0..4 {
        let w = b.clone();
        std::thread::spawn(move || w.worker());
    }
    let t = b.clone();
    std::thread::spawn(move || t.timer(10));
    let c = b.clone();
    std::thread::spawn(move || c.contrast_bound_then_add(1 << 30));
    let _ = b.sampler(10);
}
