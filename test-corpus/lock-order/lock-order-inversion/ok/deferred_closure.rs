// A closure handed to a pool runs later, on another thread, without the caller's guard.
use std::sync::{Arc, Mutex};

pub struct Pool;
impl Pool {
    pub fn execute<F: FnOnce() + Send + 'static>(&self, _f: F) {}
}

pub struct State {
    jobs: Mutex<Vec<u32>>,
    done: Mutex<Vec<u32>>,
}

pub fn schedule(pool: &Pool, st: Arc<State>) {
    let jobs = st.jobs.lock().unwrap();
    let st2 = st.clone();
    pool.execute(move || {
        st2.done.lock().unwrap().push(1);
    });
    drop(jobs);
}

pub fn finish(st: &State) {
    let done = st.done.lock().unwrap();
    let jobs = st.jobs.lock().unwrap();
    println!("{} {}", done.len(), jobs.len());
}
