// A helper's check followed by a re-check (or an `entry`) under the guard the insert is made
// under: the helper is only a fast path.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Handle;

pub struct Keeper {
    tasks: Mutex<HashMap<u64, Arc<Handle>>>,
}

impl Keeper {
    fn find_handle(&self, id: u64) -> Option<Arc<Handle>> {
        self.tasks.lock().unwrap().get(&id).cloned()
    }

    pub fn register(&self, id: u64) {
        if self.find_handle(id).is_some() {
            return;
        }
        let mut handles = self.tasks.lock().unwrap();
        if !handles.contains_key(&id) {
            handles.insert(id, Arc::new(Handle));
        }
    }

    pub fn register_entry(&self, id: u64) {
        if self.find_handle(id).is_none() {
            self.tasks
                .lock()
                .unwrap()
                .entry(id)
                .or_insert_with(|| Arc::new(Handle));
        }
    }

    // the helper looks up another key than the one inserted
    pub fn register_other(&self, id: u64, other: u64) {
        if self.find_handle(other).is_none() {
            self.tasks.lock().unwrap().insert(id, Arc::new(Handle));
        }
    }
}
