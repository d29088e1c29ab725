// FP, crucible HEAD 6d037cb6: crutest/src/main.rs:3270 (relaxed-flag-store). Written from scratch.
// One function creates a stop flag for its IO workers (`let stop = Arc::new(AtomicBool::new(
// false))`, loaded with Acquire by the workers, stored with Release by the sampler), and later
// a *second* flag under the same name for a progress printer (`let stop = Arc::new(..)` again,
// shadowing the first; loaded and stored with Relaxed). racelint joins the two bindings into one
// atomic: it reports the Relaxed store of the second flag against the Acquire loads of the first.
// The second flag publishes nothing either: the printer only stops printing.
// What racelint would need: a `let` that shadows a name starts a new value; loads and stores
// are matched per binding (per definition site), not per identifier in the function.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub fn workload() {
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = vec![];
    for _ in 0..4 {
        let stop = stop.clone();
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
        }));
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    stop.store(true, Ordering::Release);
    for w in workers {
        let _ = w.join();
    }

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                print!(".");
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
        });
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    stop.store(true, Ordering::Relaxed);
}
