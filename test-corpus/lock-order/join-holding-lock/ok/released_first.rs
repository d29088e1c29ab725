// The handle is taken out under the lock and joined after the guard is gone; a thread that
// never takes the held lock; read guards on both sides; a thread that only try_locks.
use std::sync::{Arc, Mutex, RwLock};
use std::thread::{self, JoinHandle};

pub struct Inner {
    active: bool,
    handle: Option<JoinHandle<()>>,
}

pub struct Service(Arc<RwLock<Inner>>);

impl Service {
    pub fn start(&self) {
        let s = self.0.clone();
        self.0.write().unwrap().handle = Some(thread::spawn(move || {
            let active = s.read().unwrap().active;
            println!("{active}");
        }));
    }

    pub fn stop(&self) {
        self.0.write().unwrap().active = false;
        let handle = self.0.write().unwrap().handle.take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }

    pub fn wait_reading(&self) {
        let state = self.0.read().unwrap();
        let _ = state.active;
    }
}

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static STATS: Mutex<u64> = Mutex::new(0);
static CONFIG: RwLock<u32> = RwLock::new(0);

pub fn other_lock() {
    let h = thread::spawn(|| {
        *STATS.lock().unwrap() += 1;
    });
    let mut log = LOG.lock().unwrap();
    h.join().unwrap();
    log.push("done".into());
}

pub fn readers() {
    let h = thread::spawn(|| {
        let _c = *CONFIG.read().unwrap();
    });
    let c = CONFIG.read().unwrap();
    h.join().unwrap();
    drop(c);
}

pub fn polite_worker() {
    let h = thread::spawn(|| {
        if let Ok(mut s) = STATS.try_lock() {
            *s += 1;
        }
    });
    let s = STATS.lock().unwrap();
    h.join().unwrap();
    drop(s);
}

pub fn spawns_elsewhere() -> JoinHandle<()> {
    let h = thread::spawn(|| {
        *STATS.lock().unwrap() += 1;
    });
    h
}

pub fn joins_another_h(h: JoinHandle<()>) {
    let _s = STATS.lock().unwrap();
    h.join().unwrap();
}

pub struct Slot {
    worker: Option<JoinHandle<()>>,
    queue: Arc<Mutex<(bool, Vec<u32>)>>,
}

impl Slot {
    pub fn start(&mut self) {
        let queue = Arc::clone(&self.queue);
        let worker = thread::spawn(move || loop {
            let mut q = queue.lock().unwrap();
            if q.1.is_empty() {
                q.0 = false; // the worker's last use of the lock
                break;
            }
            q.1.pop();
        });
        self.worker = Some(worker);
    }

    // The worker clears `busy` under the lock as its last act: once the joiner sees it cleared
    // (under the same guard), the worker no longer needs the lock and the join cannot block.
    pub fn restart(&mut self, job: u32) {
        let mut state = self.queue.lock().unwrap();
        if state.0 {
            state.1.push(job);
            return;
        }
        drop(self.worker.take().unwrap().join());
        state.1.push(job);
    }
}
