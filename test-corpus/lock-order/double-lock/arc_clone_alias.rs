// One lock under two names: a local clone of the `Arc` field (or a reference to it) locked,
// and the field locked again while that guard is held, directly or in a called method.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

pub struct Jobs {
    pub paused: HashMap<u32, bool>,
}

pub struct Worker {
    jobs: Arc<Mutex<Jobs>>,
    names: Arc<RwLock<Vec<String>>>,
}

static REGISTRY: Mutex<Vec<u32>> = Mutex::new(Vec::new());

impl Worker {
    // a clone of the Arc field, then the field itself
    pub fn clone_then_field(&self) {
        let shared = self.jobs.clone();
        let g = shared.lock().unwrap();
        let h = self.jobs.lock().unwrap(); //~ double-lock
        drop(h);
        drop(g);
    }

    // `Arc::clone(&field)` and a write after a read
    pub fn arc_clone_then_write(&self) {
        let names = Arc::clone(&self.names);
        let first = names.read().unwrap();
        self.names.write().unwrap().push(first[0].clone()); //~ double-lock
    }

    // the clone's guard held across a call of a method that locks the field
    pub fn resume_all(&mut self, ids: &[u32]) {
        let shared = self.jobs.clone();
        let guard = shared.lock().unwrap();
        for id in ids {
            self.resume_one(*id); //~ double-lock
        }
        drop(guard);
    }

    fn resume_one(&mut self, id: u32) {
        self.jobs.lock().unwrap().paused.insert(id, false);
    }
}

// a reference to a static, then the static
pub fn static_by_reference() {
    let reg = &REGISTRY;
    let g = reg.lock().unwrap();
    REGISTRY.lock().unwrap().push(g.len() as u32); //~ double-lock
}
