// FP reproduction (written from scratch) for slatedb/slatedb at e0161973,
// slatedb/src/dispatcher.rs:792 (map-check-then-insert).
//
// `monitor_on` takes the registered task definitions out of `self.futures` with
// `lock().take()` and returns an error when they are already gone, so the loop that checks
// `tokens.contains_key(name)` and inserts runs at most once per executor; within that loop the
// check only skips duplicate names. Nothing else inserts into `tokens`.
//
// racelint reports map-check-then-insert at the insert. Missing fact: code after a successful
// `Option::take()` of a shared slot (under its lock) runs once per value put there: the take is
// a claim, so two callers cannot both reach the check and the insert.
use crossbeam_skiplist::SkipMap;
use parking_lot::Mutex;
use std::sync::Arc;

pub struct TaskDef { pub name: String, pub token: u64 }

pub struct Executor { futures: Mutex<Option<Vec<TaskDef>>>, tokens: SkipMap<String, u64> }

impl Executor {
    pub fn monitor_on(&self) -> Result<(), String> {
        let defs = {
            let mut guard = self.futures.lock();
            match guard.take() {
                Some(defs) => defs,
                None => return Err("already started".into()),
            }
        };
        for def in defs {
            if !self.tokens.contains_key(&def.name) {
                self.tokens.insert(def.name.clone(), def.token);
            }
        }
        Ok(())
    }
}

pub fn start_twice(e: Arc<Executor>) {
    let e2 = e.clone();
    std::thread::spawn(move || { let _ = e2.monitor_on(); });
    let _ = e.monitor_on();
}
