// An alias that renames something else is no critical section: `cs` here is a module of
// this crate whose `with` runs the closure with no exclusion.

use std::sync::atomic::{AtomicU32, Ordering};

mod hooks {
    pub fn with<R>(f: impl FnOnce(()) -> R) -> R {
        f(())
    }
}

use self::hooks as cs;

pub static HITS: AtomicU32 = AtomicU32::new(0);

pub fn bump() {
    std::thread::spawn(|| {
        cs::with(|_| {
            let v = HITS.load(Ordering::Relaxed);
            HITS.store(v + 1, Ordering::Relaxed); //~ atomic-load-store
        })
    });
}

pub fn bump_too() {
    cs::with(|_| {
        let v = HITS.load(Ordering::Relaxed);
        HITS.store(v + 1, Ordering::Relaxed); //~ atomic-load-store
    });
}
