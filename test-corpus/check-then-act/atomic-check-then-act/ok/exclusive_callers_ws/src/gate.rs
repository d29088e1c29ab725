use std::sync::atomic::{AtomicBool, Ordering};

pub struct Gate {
    open: AtomicBool,
}

impl Gate {
    pub fn new() -> Self {
        Gate {
            open: AtomicBool::new(false),
        }
    }

    fn announce(&self) {}

    // Its only caller builds the gate and uses it alone, one call after the other.
    pub fn open_once(&self) {
        if !self.open.load(Ordering::Acquire) {
            self.open.store(true, Ordering::Release);
            self.announce();
        }
    }
}

pub fn run_batch(n: u32) {
    let gate = Gate::new();
    for _ in 0..n {
        gate.open_once();
    }
}
