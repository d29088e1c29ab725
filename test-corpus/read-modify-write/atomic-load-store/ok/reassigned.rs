// `atomic-load-store` is silent where the stored value no longer comes from the load: the
// local holding the load is reassigned before the store (a memo of a computed value, the
// same for every racer).

use std::sync::atomic::{AtomicUsize, Ordering};

static SYMBOL: AtomicUsize = AtomicUsize::new(1);

fn lookup() -> usize {
    42
}

pub fn symbol() -> usize {
    let mut sym = SYMBOL.load(Ordering::Relaxed);
    if sym == 1 {
        sym = lookup();
        // racers store the same value
        SYMBOL.store(sym, Ordering::Relaxed);
    }
    sym
}

pub struct Cache {
    size: AtomicUsize,
}

impl Cache {
    pub fn refresh(&self, measure: impl Fn() -> usize) {
        let mut v = self.size.load(Ordering::Acquire);
        if v == 0 {
            log::debug!("empty");
        }
        v = measure();
        self.size.store(v, Ordering::Release);
    }
}
