// Flags held in locals: the store and the loads are of one binding, followed through the
// clones moved into the threads (`let stop = stop.clone()` names the binding before it).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

// one binding, cloned into each worker: the Relaxed store is paired with the Acquire loads
pub fn run_workers(results: Arc<Mutex<Vec<u64>>>) {
    let stop = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for i in 0..4 {
        let stop = stop.clone();
        let results = results.clone();
        handles.push(thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
            results.lock().unwrap().push(i);
        }));
    }
    results.lock().unwrap().push(99);
    stop.store(true, Ordering::Relaxed); //~ relaxed-flag-store
    for h in handles {
        let _ = h.join();
    }
}

// a shadowing `let` after a first flag of the same name: the second binding is the one
// stored here, and its reader acquires
pub fn two_phases(data: Arc<Mutex<String>>) {
    let done = Arc::new(AtomicBool::new(false));
    {
        let done = done.clone();
        thread::spawn(move || while !done.load(Ordering::Relaxed) {});
    }
    done.store(true, Ordering::Relaxed);

    let done = Arc::new(AtomicBool::new(false));
    {
        let done = done.clone();
        let data = data.clone();
        thread::spawn(move || {
            while !done.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
            let _ = data.lock().unwrap().len();
        });
    }
    data.lock().unwrap().push('x');
    done.store(true, Ordering::Relaxed); //~ relaxed-flag-store
}
