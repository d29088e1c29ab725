// Probe (written from scratch) for a missed bug in rtic-rs/rtic (rtic-sync).
// Fix commit: d4e8f6fab "rtic-sync: watch: fix concurrency bug with `seen` value"
// (parent 612724b9).
//
// What goes wrong: a single-value signal keeps the value in a cell guarded by a critical
// section and a `seen` flag in an atomic. The writer replaces the value inside the critical
// section and clears `seen` after leaving it. A reader (another task or an interrupt
// handler) that runs between the two reads the new value and marks it seen; the writer's late
// `seen = false` then reports the already-consumed value as new, and the reader handles it
// twice. The fix moves the `seen.store(false)` into the critical section.
//
// What racelint would need: an invariant between two pieces of state (the value and its
// flag) that every reader accesses inside one critical section (`critical_section::with`,
// or a lock), while one writer updates them in two steps, one inside and one outside it.
// Expected: a finding at `self.seen.store(false, ..)` on line 36 against the reader at
// lines 41-44.
use core::cell::RefCell;
use core::sync::atomic::{AtomicBool, Ordering};
use critical_section::Mutex;

pub struct Signal {
    value: Mutex<RefCell<Option<u32>>>,
    seen: AtomicBool,
}

impl Signal {
    pub const fn new() -> Self {
        Signal { value: Mutex::new(RefCell::new(None)), seen: AtomicBool::new(true) }
    }

    pub fn write(&self, v: u32) {
        critical_section::with(|cs| {
            *self.value.borrow(cs).borrow_mut() = Some(v);
        });
        // too late: a reader may already have consumed `v` and set `seen`
        self.seen.store(false, Ordering::Release);
    }

    pub fn read_new(&self) -> Option<u32> {
        critical_section::with(|cs| {
            if self.seen.load(Ordering::Acquire) {
                return None;
            }
            self.seen.store(true, Ordering::Release);
            *self.value.borrow(cs).borrow()
        })
    }
}

pub static SIGNAL: Signal = Signal::new();
