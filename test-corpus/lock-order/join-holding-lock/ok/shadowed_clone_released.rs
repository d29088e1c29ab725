// Near misses of `shadowed_clone_and_wrappers.rs`: the handles are drained into a vector under
// the lock and joined after it is released; a shadowing clone of a *different* mutex; a spawn
// helper whose thread locks nothing the joiner holds.
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

pub fn shutdown_after(clients: Vec<u32>) {
    let handles: Handles = Arc::new(Mutex::new(HashMap::new()));
    for id in clients {
        let handle = {
            let handles = Arc::clone(&handles);
            spawn_named("peer", move || {
                handles.lock().unwrap().remove(&id);
            })
        };
        handles.lock().unwrap().insert(id, handle);
    }
    let drained: Vec<_> = handles.lock().unwrap().drain().collect();
    for (_, handle) in drained {
        let _ = handle.join();
    }
}

pub fn other_lock(jobs: Vec<u32>) {
    let results = Arc::new(Mutex::new(Vec::new()));
    let progress = Arc::new(Mutex::new(0u32));
    let mut workers = Vec::new();
    for j in jobs {
        let results = Arc::clone(&results);
        workers.push(spawn_named("job", move || {
            results.lock().unwrap().push(j);
        }));
    }
    let p = progress.lock().unwrap();
    for w in workers {
        w.join().unwrap();
    }
    println!("{}", *p);
}
