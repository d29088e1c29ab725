// Probe (written from scratch) for a missed bug in informalsystems/hermes.
// Fix commit: ce363918 "Prevent race condition when updating the workers after config reload
// (#1173)" (parent f2ad7e01).
//
// What goes wrong: the supervisor thread keeps one worker per object in a map. A worker thread
// that ends sends `Stopped(object)` on the supervisor's channel. On a config reload the
// supervisor stops the worker of an object (the old thread ends and sends `Stopped(o)`), then
// spawns a new worker for the same object under the same key. Only later does it read the old
// `Stopped(o)` message: it removes the entry for `o`, which is now the *new* worker, and joins
// it. The new worker was never told to stop, so the supervisor hangs for ever. The fix gives
// each worker a unique id, sends it in `Stopped(id, o)`, and acts only when the id matches.
//
// What is missing: a message (or completion) that names its sender by a key that is reused
// for a replacement ("the worker of o") and is applied later to whatever the key names then:
// an ABA between a producer thread's message and the consumer's map. The nearest shape
// racelint reports is a task that takes over a shared map entry, waits and removes the entry
// by key alone (`contrast_takeover`, reported: stale-map-remove); here the map has one owner
// and the stale key arrives through a channel.
use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

pub enum WorkerMsg { Stopped(String) }

pub struct WorkerHandle { stop: Sender<()>, thread: JoinHandle<()> }

impl WorkerHandle {
    pub fn shutdown_and_wait(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
    pub fn join(self) { let _ = self.thread.join(); }
}

pub struct Supervisor {
    workers: HashMap<String, WorkerHandle>,
    msg_tx: Sender<WorkerMsg>,
    msg_rx: Receiver<WorkerMsg>,
}

impl Supervisor {
    pub fn new() -> Self {
        let (msg_tx, msg_rx) = channel();
        Supervisor { workers: HashMap::new(), msg_tx, msg_rx }
    }

    fn spawn_worker(&mut self, object: String) {
        let (stop, stop_rx) = channel::<()>();
        let tx = self.msg_tx.clone();
        let o = object.clone();
        let thread = thread::spawn(move || {
            let _ = stop_rx.recv(); // relay packets until told to stop
            let _ = tx.send(WorkerMsg::Stopped(o));
        });
        self.workers.insert(object, WorkerHandle { stop, thread });
    }

    // Config reload: replace the worker of `object`.
    pub fn reload(&mut self, object: String) {
        if let Some(old) = self.workers.remove(&object) {
            old.shutdown_and_wait(); // the old worker has now sent Stopped(object)
        }
        self.spawn_worker(object);
    }

    // Later, in the supervisor loop: the old message removes and joins the new worker.
    pub fn handle_msgs(&mut self) {
        while let Ok(WorkerMsg::Stopped(object)) = self.msg_rx.try_recv() {
            if let Some(handle) = self.workers.remove(&object) {
                handle.join();
            }
        }
    }
}

// Contrast: reported (stale-map-remove).
pub async fn contrast_takeover(key: String, live: Arc<Mutex<HashMap<String, u64>>>, me: u64) {
    if let Some(previous) = live.lock().unwrap().remove(&key) {
        let _ = previous;
    }
    live.lock().unwrap().insert(key.clone(), me);
    tokio::task::yield_now().await;
    live.lock().unwrap().remove(&key);
}
