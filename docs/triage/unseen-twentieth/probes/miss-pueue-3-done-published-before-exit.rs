// Miss, pueue fdf63460 (parent de796c73), daemon/task_handler.rs `kill_task` / `handle_finished_tasks`.
// Written from scratch. The worker thread owns the child processes; client handlers on other
// threads share the job table. On "kill", the worker signals the child and at once marks the
// job Done in the shared table, although the child has not been reaped yet. A "remove" request
// handled on another thread accepts Done jobs and deletes the entry. When the worker later
// reaps the child it looks the job up with `.unwrap()` and panics (the daemon dies). The fix
// publishes Done only when the child has exited. racelint reports nothing: no rule follows a
// state published under one guard that lets another actor remove an entry the publisher
// still expects to find under a later guard.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(PartialEq)]
pub enum Status {
    Running,
    Done,
}

pub struct Table {
    pub jobs: HashMap<u32, Status>,
}

pub struct Worker {
    table: Arc<Mutex<Table>>,
    children: HashMap<u32, std::process::Child>,
}

impl Worker {
    pub fn kill(&mut self, id: u32) {
        if let Some(child) = self.children.get_mut(&id) {
            let _ = child.kill();
            let mut t = self.table.lock().unwrap();
            *t.jobs.get_mut(&id).unwrap() = Status::Done; // published before the child is reaped
        }
    }

    pub fn reap(&mut self, id: u32) {
        if let Some(mut child) = self.children.remove(&id) {
            let _ = child.wait();
            let mut t = self.table.lock().unwrap();
            let job = t.jobs.get_mut(&id).unwrap(); // panics if a handler removed the job
            *job = Status::Done;
        }
    }
}

// Client handler, on another thread.
pub fn remove_done(table: &Arc<Mutex<Table>>, ids: &[u32]) {
    let mut t = table.lock().unwrap();
    for id in ids {
        if t.jobs.get(id) == Some(&Status::Done) {
            t.jobs.remove(id);
        }
    }
}

pub fn run(table: Arc<Mutex<Table>>) {
    let mut w = Worker { table: table.clone(), children: HashMap::new() };
    std::thread::spawn(move || {
        w.kill(1);
        w.reap(1);
    });
    std::thread::spawn(move || remove_done(&table, &[1]));
}
