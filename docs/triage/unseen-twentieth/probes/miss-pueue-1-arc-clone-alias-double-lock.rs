// Miss, pueue 45615ff5 (parent f47f436e), daemon/task_handler/messages/start.rs.
// Written from scratch. The caller locks the state through a local clone of the `Arc`
// (`let shared = self.jobs.clone(); let guard = shared.lock()`), keeps the guard, and calls a
// helper that locks `self.jobs` again: the std Mutex is not re-entrant, so the resume path
// deadlocks the worker thread. racelint reports the same code when the caller locks
// `self.jobs` directly (`resume_all_direct`, the contrast), but not when the guard comes from
// a local Arc clone of the field: the clone is not followed as an alias of `self.jobs`.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Jobs {
    pub paused: HashMap<u32, bool>,
}

pub struct Worker {
    jobs: Arc<Mutex<Jobs>>,
    children: HashMap<u32, u32>,
}

impl Worker {
    pub fn resume_all(&mut self, ids: &[u32]) {
        let shared = self.jobs.clone();
        let mut guard = shared.lock().unwrap();
        for id in ids {
            self.resume_one(&guard, *id); // deadlock: resume_one locks self.jobs
        }
        guard.paused.retain(|_, p| *p);
    }

    // Contrast: reported (double-lock).
    pub fn resume_all_direct(&mut self, ids: &[u32]) {
        let guard = self.jobs.lock().unwrap();
        for id in ids {
            self.resume_one(&guard, *id);
        }
    }

    fn resume_one(&mut self, view: &MutexGuard<'_, Jobs>, id: u32) {
        if !self.children.contains_key(&id) || view.paused.get(&id) != Some(&true) {
            return;
        }
        let mut jobs = self.jobs.lock().unwrap();
        jobs.paused.insert(id, false);
    }
}

pub fn start(jobs: Arc<Mutex<Jobs>>) {
    let mut w = Worker { jobs: jobs.clone(), children: HashMap::new() };
    std::thread::spawn(move || w.resume_all(&[1, 2]));
    std::thread::spawn(move || jobs.lock().unwrap().paused.insert(3, true));
}
