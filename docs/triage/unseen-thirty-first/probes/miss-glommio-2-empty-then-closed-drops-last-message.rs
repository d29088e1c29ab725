// Probe (written from scratch) for a missed bug in DataDog/glommio.
// Fix commit: 3210b48 "Double check the shared buffer to ensure all messages have been
// consumed." (parent of 3210b48).
//
// What goes wrong: the receiving side of a cross-thread channel polls `try_pop()`; on `None`
// it checks whether the producer has disconnected and, if so, reports end of stream. The
// producer pushes its last message and disconnects right after: if both happen between the
// receiver's `try_pop()` (empty) and its disconnect check (true), the receiver ends the stream
// with that message still in the buffer: it is lost. The fix pops once more after seeing the
// disconnect.
//
// What racelint would need: "closed" observed after "empty" on two separate atomics is not
// "closed and empty": a decision on `!pop() && closed` must re-check the buffer after reading
// `closed` (the writer's order is push, then close). Expected: a finding at the disconnect test
// in `recv` (line 37). The only report is atomic-load-store at line 31 (the single consumer's
// head update in `try_pop`, the FP cause of this round's glommio ledger), not the bug.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Buffer {
    pub head: AtomicUsize,
    pub tail: AtomicUsize,
    pub producer_gone: AtomicBool,
}

impl Buffer {
    pub fn try_pop(&self) -> Option<usize> {
        let h = self.head.load(Ordering::Relaxed);
        if h == self.tail.load(Ordering::Acquire) {
            return None;
        }
        self.head.store(h + 1, Ordering::Release);
        Some(h)
    }

    pub fn recv(&self) -> Result<Option<usize>, ()> {
        match self.try_pop() {
            None if self.producer_gone.load(Ordering::Acquire) => Ok(None),
            None => Err(()),
            Some(v) => Ok(Some(v)),
        }
    }

    pub fn send_last_and_close(&self) {
        self.tail.fetch_add(1, Ordering::Release);
        self.producer_gone.store(true, Ordering::Release);
    }
}
