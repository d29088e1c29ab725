// One lock under two names: a component built with a clone of its owner's `Arc<Mutex<_>>`
// (through a constructor that stores its parameter, a struct literal, `Arc::clone`) holds
// the owner's lock, so the two names take part in one lock order.
use std::sync::{Arc, Mutex};

pub struct Worker {
    queue: Arc<Mutex<Vec<u32>>>,
    stats: Arc<Mutex<u64>>,
}

impl Worker {
    fn new(queue: Arc<Mutex<Vec<u32>>>, stats: Arc<Mutex<u64>>) -> Self {
        Worker { queue, stats }
    }

    pub fn run(&self) {
        let q = self.queue.lock().unwrap();
        let mut s = self.stats.lock().unwrap(); //~ lock-order-inversion
        *s += q.len() as u64;
    }
}

pub struct Server {
    jobs: Arc<Mutex<Vec<u32>>>,
    counters: Arc<Mutex<u64>>,
}

impl Server {
    pub fn spawn_worker(&self) -> Worker {
        Worker::new(self.jobs.clone(), Arc::clone(&self.counters))
    }

    pub fn report(&self) -> u64 {
        let c = self.counters.lock().unwrap();
        let j = self.jobs.lock().unwrap();
        *c + j.len() as u64
    }
}

// A constructor hands one fresh lock to two components.
pub struct Layout {
    nodes: Vec<u64>,
}

pub struct Reader {
    layout: Arc<Mutex<Layout>>,
    seen: Mutex<u64>,
}

pub struct Writer {
    current: Arc<Mutex<Layout>>,
    version: Arc<Mutex<u64>>,
}

pub struct System {
    reader: Reader,
    writer: Writer,
}

impl System {
    pub fn new() -> Self {
        let layout = Arc::new(Mutex::new(Layout { nodes: Vec::new() }));
        let version = Arc::new(Mutex::new(0));
        System {
            reader: Reader {
                layout: layout.clone(),
                seen: Mutex::new(0),
            },
            writer: Writer {
                current: layout,
                version,
            },
        }
    }
}

impl Reader {
    pub fn read(&self) -> usize {
        let l = self.layout.lock().unwrap();
        let mut s = self.seen.lock().unwrap(); //~ lock-order-inversion
        *s += 1;
        l.nodes.len()
    }
}

impl Writer {
    pub fn bump(&self, reader: &Reader) {
        let _seen = reader.seen.lock().unwrap();
        let mut c = self.current.lock().unwrap();
        c.nodes.push(1);
    }
}
