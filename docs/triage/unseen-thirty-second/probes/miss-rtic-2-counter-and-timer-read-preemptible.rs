// Probe (written from scratch) for a missed bug in rtic-rs/rtic (rtic-time).
// Fix commit: bbed94528 "Fix race condition in `calculate_now`" (parent f377471e).
//
// What goes wrong: a monotonic clock extends a 16-bit hardware timer with a half-period
// counter that the timer's interrupt increments. `now()` reads the counter, then the timer,
// and combines them; the arithmetic tolerates the interrupt firing between the two reads
// only when the reads are close in time. A higher-priority task or interrupt that preempts
// `now()` between the two reads for longer than half a period (fast 1 MHz 16-bit timers
// overflow every 65 ms) makes the pair inconsistent and `now()` jumps by a full period. The
// fix reads both values inside one critical section.
//
// What racelint would need: a value composed of two reads of independently updated sources
// (an atomic the interrupt handler writes and a hardware register/second atomic) that must
// be read as a snapshot; without a critical section around both reads another actor can
// update one between them. Expected: a finding at `now` (lines 34-36).
use core::sync::atomic::{AtomicU32, Ordering};

pub static HALF_PERIODS: AtomicU32 = AtomicU32::new(0);
pub static TIMER: AtomicU32 = AtomicU32::new(0); // stands for the hardware counter register

// interrupt handler: on overflow and on half-period compare
pub fn on_timer_interrupt() {
    HALF_PERIODS.fetch_add(1, Ordering::Relaxed);
}

fn combine(half_periods: u32, timer: u32) -> u64 {
    let upper = (half_periods as u64) << 15;
    // mathematically correct only if `timer` was read shortly after `half_periods`
    let wrapped = ((half_periods & 1) as u64) << 15 ^ (timer as u64 & 0x8000);
    (upper + (timer as u64 & 0x7fff)) ^ wrapped
}

pub fn now() -> u64 {
    let half_periods = HALF_PERIODS.load(Ordering::Relaxed);
    core::sync::atomic::compiler_fence(Ordering::Acquire);
    let timer = TIMER.load(Ordering::Relaxed);
    combine(half_periods, timer)
}
