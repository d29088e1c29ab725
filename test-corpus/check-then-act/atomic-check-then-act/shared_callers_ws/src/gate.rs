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

    // Its caller shares the gate with threads.
    pub fn open_once(&self) {
        if !self.open.load(Ordering::Acquire) { //~ atomic-check-then-act
            self.open.store(true, Ordering::Release);
            self.announce();
        }
    }
}

pub fn run_batch(n: u32) {
    let gate = std::sync::Arc::new(Gate::new());
    for _ in 0..n {
        let g = gate.clone();
        std::thread::spawn(move || g.open_once());
    }
    gate.open_once();
}
