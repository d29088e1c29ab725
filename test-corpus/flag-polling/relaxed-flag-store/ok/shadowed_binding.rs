// Two bindings of one name are two flags: the Relaxed store of the second is not paired with
// the Acquire loads of the first (crucible's `crutest`: IO workers, then a progress printer).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

pub fn workload() {
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = vec![];
    for _ in 0..4 {
        let stop = stop.clone();
        workers.push(thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
        }));
    }
    thread::sleep(std::time::Duration::from_secs(1));
    stop.store(true, Ordering::Release);
    for w in workers {
        let _ = w.join();
    }

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                print!(".");
                thread::sleep(std::time::Duration::from_millis(500));
            }
        });
    }
    thread::sleep(std::time::Duration::from_secs(1));
    stop.store(true, Ordering::Relaxed);
}

// the same name in two sibling blocks, each its own flag
pub fn sibling_blocks(verbose: bool) {
    if verbose {
        let quit = Arc::new(AtomicBool::new(false));
        let q = quit.clone();
        thread::spawn(move || while !q.load(Ordering::Acquire) {});
        quit.store(true, Ordering::Release);
    } else {
        let quit = Arc::new(AtomicBool::new(false));
        let q = quit.clone();
        thread::spawn(move || while !q.load(Ordering::Relaxed) {});
        quit.store(true, Ordering::Relaxed);
    }
}

// a flag in a local of one function and a flag of the same name in another function
pub fn first() {
    let ready = Arc::new(AtomicBool::new(false));
    let r = ready.clone();
    thread::spawn(move || while !r.load(Ordering::Acquire) {});
    ready.store(true, Ordering::Release);
}

pub fn second() {
    let ready = Arc::new(AtomicBool::new(false));
    let r = ready.clone();
    thread::spawn(move || while !r.load(Ordering::Relaxed) {});
    ready.store(true, Ordering::Relaxed);
}
