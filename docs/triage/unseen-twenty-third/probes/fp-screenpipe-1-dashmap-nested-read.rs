// FP reproduction (written from scratch) for mediar-ai/screenpipe at 56d3ccb8,
// crates/screenpipe-audio/src/device/device_manager.rs:70 (double-lock, error).
//
// `stop_all` iterates a DashMap (each shard read-locked while its items are visited) and calls
// `stop_one`, which reads the same map with `get`. Both are shared (read) locks of a DashMap
// shard. dashmap's RawRwLock (READERS_PARKED / WRITERS_PARKED bits) grants a shared lock
// whenever no writer *holds* the shard; a writer that is only waiting does not block new
// readers. So the nested read cannot deadlock, with or without a concurrent `insert`.
//
// racelint reports double-lock ("a writer that queues in between blocks the inner get()").
// The model already knows this (`LockType::writer_blocks_readers()` is false for dashmap and
// spin), but double-lock does not apply it to a DashMap's iter()/get() shard reads: both the
// path through the callee (`stop_one` re-reading `self.states`) and the in-function nested
// read (`nested_inline`) are reported.
use dashmap::DashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Devices { states: DashMap<String, Arc<AtomicBool>> }

impl Devices {
    pub fn stop_one(&self, name: &str) {
        if let Some(flag) = self.states.get(name) {
            flag.store(false, Ordering::Relaxed);
        }
    }

    pub fn stop_all(&self) {
        for entry in self.states.iter() {
            self.stop_one(entry.key());
        }
        self.states.clear();
    }

    // Also reported: the same nested read written inline.
    pub fn nested_inline(&self) {
        for entry in self.states.iter() {
            if let Some(flag) = self.states.get(entry.key()) {
                flag.store(false, Ordering::Relaxed);
            }
        }
    }

    pub fn start(&self, name: &str) {
        self.states.insert(name.to_owned(), Arc::new(AtomicBool::new(true)));
    }
}

pub fn run(d: Arc<Devices>) {
    let d2 = d.clone();
    std::thread::spawn(move || d2.start("mic"));
    d.stop_all();
    d.nested_inline();
}
