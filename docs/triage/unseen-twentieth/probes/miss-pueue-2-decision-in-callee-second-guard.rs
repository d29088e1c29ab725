// Miss, pueue 815aa852 (parent 45615ff5), daemon/task_handler/spawn_task.rs.
// Written from scratch. The scheduler thread picks the next runnable job under one guard
// (inside the helper `pick_next`: the job is queued AND its group is running AND the group has
// a free slot), drops the guard, and then starts the job under a second guard. The start path
// re-checks only that the job still exists and is startable, not the group conditions. Between
// the two guards a client-handler thread can pause the group or lower its slot limit; the job
// is started anyway. racelint reports nothing: split-critical-section needs a read of a field
// written back to the same field, and the guard-A decision here is a value (an id) returned
// by a callee and acted on (a different field, keyed by that id) under guard B. The inline
// version (`schedule_inline`) is not reported either.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Board {
    pub queued: HashMap<u32, String>, // job id -> group
    pub running: HashMap<u32, String>,
    pub group_open: HashMap<String, bool>,
    pub slots: HashMap<String, usize>,
}

pub struct Scheduler {
    board: Arc<Mutex<Board>>,
}

impl Scheduler {
    pub fn schedule(&self) {
        if let Some(id) = self.pick_next() {
            let mut b = self.board.lock().unwrap();
            if let Some(group) = b.queued.remove(&id) {
                b.running.insert(id, group); // the group may have been paused meanwhile
            }
        }
    }

    fn pick_next(&self) -> Option<u32> {
        let b = self.board.lock().unwrap();
        b.queued
            .iter()
            .find(|(_, g)| {
                b.group_open.get(*g) == Some(&true)
                    && b.running.values().filter(|r| r == g).count() < b.slots.get(*g).copied().unwrap_or(1)
            })
            .map(|(id, _)| *id)
    }

    pub fn schedule_inline(&self) {
        let next = {
            let b = self.board.lock().unwrap();
            b.queued.iter().find(|(_, g)| b.group_open.get(*g) == Some(&true)).map(|(id, _)| *id)
        };
        if let Some(id) = next {
            let mut b = self.board.lock().unwrap();
            if let Some(group) = b.queued.remove(&id) {
                b.running.insert(id, group);
            }
        }
    }
}

pub fn run(board: Arc<Mutex<Board>>) {
    let s = Scheduler { board: board.clone() };
    std::thread::spawn(move || loop {
        s.schedule();
        s.schedule_inline();
    });
    // client handler: pause a group
    std::thread::spawn(move || {
        board.lock().unwrap().group_open.insert("default".into(), false);
    });
}
