// FP reproduction (written from scratch) for StractOrg/stract at ecb495a6,
// crates/core/src/entrypoint/ampc/harmonic_centrality/mapper.rs:260 and :346
// (split-critical-section).
//
// An ampc worker owns `changed_nodes: Mutex<BloomFilter>`. Each map step reads it (sizes a new
// filter from it, iterates it under a guard held through a rayon scope) and afterwards replaces
// it with the filter built during the step. The rayon tasks inside the step only write the local
// `new_changed_nodes`. The worker's server spawns one thread per ScheduleJob request, and the
// coordinator sends ScheduleJob only to a worker whose `current_job` slot is empty (the thread
// empties it when the map returns). So one map step runs per worker at a time, and no other code
// writes `changed_nodes`: nothing can be lost between the read and the write.
//
// racelint reports split-critical-section ("an update made by another thread in between is
// lost"). Missing facts: (a) the threads spawned inside `pool.scope` do not touch the field;
// (b) the job thread is spawned only while a `current_job` claim is set, and the claim is
// cleared only by that thread when it finishes; a second job cannot start before (the
// coordinator checks the claim, a remote actor here).
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Bloom { bits: Vec<u64> }
impl Bloom {
    pub fn empty_from(other: &Bloom) -> Bloom { Bloom { bits: vec![0; other.bits.len()] } }
    pub fn contains(&self, x: u64) -> bool { self.bits.get(x as usize % 64).map(|b| *b != 0).unwrap_or(false) }
    pub fn insert(&mut self, x: u64) { let n = self.bits.len().max(1); if let Some(b) = self.bits.get_mut(x as usize % n) { *b = 1; } }
}

pub struct Worker { changed_nodes: Mutex<Bloom>, edges: Vec<(u64, u64)> }

pub fn map_cardinalities(worker: &Worker) {
    let new_changed = Arc::new(Mutex::new(Bloom::empty_from(&worker.changed_nodes.lock().unwrap())));
    let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
    pool.scope(|s| {
        let changed = worker.changed_nodes.lock().unwrap();
        for &(from, to) in worker.edges.iter().filter(|e| changed.contains(e.0)) {
            let new_changed = Arc::clone(&new_changed);
            s.spawn(move |_| {
                let _ = from;
                new_changed.lock().unwrap().insert(to);
            });
        }
    });
    *worker.changed_nodes.lock().unwrap() = new_changed.lock().unwrap().clone();
}

pub struct Server { worker: Arc<Worker>, current_job: Arc<Mutex<Option<u64>>> }

impl Server {
    // Called for each ScheduleJob request; the coordinator schedules only when current_job is None.
    pub fn schedule_job(&self, job: u64) {
        *self.current_job.lock().unwrap() = Some(job);
        let worker = Arc::clone(&self.worker);
        let current_job = Arc::clone(&self.current_job);
        std::thread::spawn(move || {
            map_cardinalities(&worker);
            current_job.lock().unwrap().take();
        });
    }
}
