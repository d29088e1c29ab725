// miss-2 (qdrant e5c451b551, ProxySegment::all_vectors self-deadlock)
// Expected rule: double-lock at line 28 (`self.one(n)` read-locks the same RwLock that the
// for-loop header's temporary guard still holds).
// Gap: the lock is reached through an accessor method of a wrapper type
// (`self.wrapped.get().read()`, `get()` returns `&Arc<RwLock<_>>`); the same code with a plain
// `Arc<RwLock<_>>` field IS reported.
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;

pub struct Inner { names: Vec<String>, vals: HashMap<String, u32> }

#[derive(Clone)]
pub struct Handle(Arc<RwLock<Inner>>);
impl Handle {
    pub fn get(&self) -> &Arc<RwLock<Inner>> { &self.0 }
}

pub struct Proxy { wrapped: Handle }

impl Proxy {
    fn one(&self, name: &str) -> Option<u32> {
        self.wrapped.get().read().vals.get(name).copied()
    }
    pub fn all(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for n in self.wrapped.get().read().names.iter() {
            if let Some(v) = self.one(n) { out.push(v); } // line 28: expected double-lock
        }
        out
    }
}
