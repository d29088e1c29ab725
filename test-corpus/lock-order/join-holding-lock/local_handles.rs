// Free functions: the handle is a local (or a vector of handles joined in a loop) and the
// joiner holds a named guard of the lock the spawned closure takes.
use std::sync::{Arc, Mutex};
use std::thread;

static TOTALS: Mutex<u64> = Mutex::new(0);

pub fn sum_in_background(data: Vec<u64>) -> u64 {
    let shared = Arc::new(Mutex::new(Vec::new()));
    let for_worker = Arc::clone(&shared);
    let h = thread::spawn(move || {
        for_worker.lock().unwrap().extend(data);
    });
    let seen = shared.lock().unwrap();
    h.join().unwrap(); //~ join-holding-lock
    seen.iter().sum()
}

pub fn run_all(jobs: Vec<u64>) {
    let mut handles = Vec::new();
    for j in jobs {
        handles.push(thread::spawn(move || {
            *TOTALS.lock().unwrap() += j;
        }));
    }
    let total = TOTALS.lock().unwrap();
    for h in handles {
        h.join().unwrap(); //~ join-holding-lock
    }
    println!("{}", *total);
}

static QUEUE: Mutex<Vec<u32>> = Mutex::new(Vec::new());

pub fn push_and_wait(job: u32) {
    let drainer = thread::spawn(|| {
        QUEUE.lock().unwrap().clear();
    });
    let mut queue = QUEUE.lock().unwrap();
    queue.push(job);
    drainer.join().unwrap(); //~ join-holding-lock
}
