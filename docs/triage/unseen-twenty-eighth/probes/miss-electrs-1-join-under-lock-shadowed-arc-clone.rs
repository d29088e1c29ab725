// Probe (written from scratch) for a missed bug in romanz/electrs.
// Fix commit: a3bfdda3 "Don't deadlock when shutting down" (parent 7d23da5f).
//
// What goes wrong: the RPC server thread spawns one thread per client and keeps the join handles
// in a map behind a `Mutex`; each client thread, when its connection ends, locks that map to
// remove its own handle. At shutdown the server drains the map and joins each thread in
// `for (_, h) in handles.lock().unwrap().drain() { h.join() }`: the temporary guard of the `for`
// expression lives for the whole loop, so a client thread that ends now blocks on the map's lock
// while the server waits for it in `join`. Shutdown hangs (it did, with connected clients).
//
// racelint's join-holding-lock reports the same join when the clone moved into the thread has
// another name and the thread is started with `std::thread::spawn` (`contrast_renamed`,
// reported). Two facts are missing, each alone enough to keep the real shape silent (checked
// separately):
//   1. `let handles = Arc::clone(&handles);` in an inner block (the usual idiom: the clone takes
//      the name of the original) still names the same mutex inside the `move` closure;
//   2. a project's own spawn wrapper (`spawn_thread(name, f)`, a `thread::Builder` around `f`) is
//      a spawn whose closure runs on the returned handle's thread.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

pub fn spawn_thread<F, T>(name: &str, f: F) -> thread::JoinHandle<T>
where
    F: 'static + Send + FnOnce() -> T,
    T: 'static + Send,
{
    thread::Builder::new().name(name.to_owned()).spawn(f).unwrap()
}

type Handles = Arc<Mutex<HashMap<u32, thread::JoinHandle<()>>>>;

pub fn serve(clients: Vec<u32>) {
    let handles: Handles = Arc::new(Mutex::new(HashMap::new()));
    for id in clients {
        let handle = {
            let handles = Arc::clone(&handles);
            spawn_thread("peer", move || {
                // ... serve the client until it disconnects or is told to stop ...
                handles.lock().unwrap().remove(&id);
            })
        };
        handles.lock().unwrap().insert(id, handle);
    }
    for (_, handle) in handles.lock().unwrap().drain() {
        let _ = handle.join();
    }
}

// Contrast: reported (join-holding-lock).
pub fn contrast_renamed(clients: Vec<u32>) {
    let handles: Handles = Arc::new(Mutex::new(HashMap::new()));
    for id in clients {
        let handle = {
            let registry = Arc::clone(&handles);
            thread::spawn(move || {
                registry.lock().unwrap().remove(&id);
            })
        };
        handles.lock().unwrap().insert(id, handle);
    }
    for (_, handle) in handles.lock().unwrap().drain() {
        let _ = handle.join();
    }
}
