// A tuple struct whose one field is a lock is that lock, whether it is reached through an
// accessor (`self.wrapped.get().read()`) or through `Deref`.
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex, RwLock};

pub struct Inner {
    names: Vec<String>,
    vals: HashMap<String, u32>,
}

#[derive(Clone)]
pub struct Handle(Arc<RwLock<Inner>>);

impl Handle {
    pub fn get(&self) -> &Arc<RwLock<Inner>> {
        &self.0
    }
}

pub struct Proxy {
    wrapped: Handle,
}

impl Proxy {
    fn one(&self, name: &str) -> Option<u32> {
        self.wrapped.get().read().unwrap().vals.get(name).copied()
    }

    pub fn all(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for n in self.wrapped.get().read().unwrap().names.iter() {
            if let Some(v) = self.one(n) { //~ double-lock
                out.push(v);
            }
        }
        out
    }
}

pub struct Shared(Mutex<Vec<u64>>);

impl Deref for Shared {
    type Target = Mutex<Vec<u64>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

pub struct Worker {
    jobs: Arc<Shared>,
}

impl Worker {
    fn pending(&self) -> usize {
        self.jobs.lock().unwrap().len()
    }

    pub fn push_if_short(&self, j: u64) {
        let mut g = self.jobs.lock().unwrap();
        if self.pending() < 8 { //~ double-lock
            g.push(j);
        }
    }
}
