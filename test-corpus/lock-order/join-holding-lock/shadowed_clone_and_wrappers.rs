// The clone moved into the thread takes the name of the original (`let handles =
// Arc::clone(&handles)`, the usual idiom), and the threads are started through the project's
// own spawn helpers: the closure still locks the joiner's mutex, and still runs on the thread
// the handle joins.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

type Handles = Arc<Mutex<HashMap<u32, thread::JoinHandle<()>>>>;

fn spawn_named<F>(name: &str, f: F) -> thread::JoinHandle<()>
where
    F: FnOnce() + Send + 'static,
{
    thread::Builder::new()
        .name(name.to_owned())
        .spawn(f)
        .expect("spawn")
}

// shadowing clone, std spawn; the map's guard of the `for` expression lives for the whole loop
pub fn shutdown_after(clients: Vec<u32>) {
    let handles: Handles = Arc::new(Mutex::new(HashMap::new()));
    for id in clients {
        let handle = {
            let handles = Arc::clone(&handles);
            thread::spawn(move || {
                handles.lock().unwrap().remove(&id);
            })
        };
        handles.lock().unwrap().insert(id, handle);
    }
    for (_, handle) in handles.lock().unwrap().drain() {
        let _ = handle.join(); //~ join-holding-lock
    }
}

// a free spawn helper of the project
pub fn serve_peers(peers: Vec<u32>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for p in peers {
        let seen = seen.clone();
        workers.push(spawn_named("peer", move || {
            seen.lock().unwrap().push(p);
        }));
    }
    let log = seen.lock().unwrap();
    for w in workers {
        w.join().unwrap(); //~ join-holding-lock
    }
    println!("{} peers", log.len());
}

pub struct Pool {
    state: Arc<Mutex<u64>>,
}

impl Pool {
    // a method spawn helper
    fn spawn_worker(&self, f: impl FnOnce() + Send + 'static) -> thread::JoinHandle<()> {
        thread::spawn(f)
    }

    pub fn run_once(&self) {
        let state = Arc::clone(&self.state);
        let worker = self.spawn_worker(move || {
            *state.lock().unwrap() += 1;
        });
        let total = self.state.lock().unwrap();
        worker.join().unwrap(); //~ join-holding-lock
        println!("{}", *total);
    }
}
