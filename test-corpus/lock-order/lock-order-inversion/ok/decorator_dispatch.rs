// Layers of a decorator over one trait: each layer locks its own state and calls the layer it
// wraps through `Arc<dyn Device>`. The two orders (`Partial.parts` then `Combined.inner`, and
// `Combined.inner` then `Partial.parts`) belong to different objects: a layer never wraps
// itself, so no cycle. Locks named by their type through a call on a trait are not ordered.
use std::sync::{Arc, RwLock};

pub trait Device: Send + Sync {
    fn allocated(&self) -> usize;
    fn create(&self, size: usize) -> usize;
}

pub struct Partial {
    inner: Arc<dyn Device>,
    parts: RwLock<Vec<usize>>,
}

impl Device for Partial {
    fn allocated(&self) -> usize {
        self.parts.read().unwrap().iter().sum()
    }
    fn create(&self, size: usize) -> usize {
        let mut parts = self.parts.write().unwrap();
        let id = self.inner.create(size);
        parts.push(id);
        id
    }
}

pub struct Combined {
    devices: Vec<Arc<dyn Device>>,
    inner: RwLock<usize>,
}

impl Device for Combined {
    fn allocated(&self) -> usize {
        let next = self.inner.read().unwrap();
        self.devices[*next].allocated()
    }
    fn create(&self, size: usize) -> usize {
        let mut next = self.inner.write().unwrap();
        *next += 1;
        size
    }
}
