// #10 variant: std Mutex and a sync helper `fn find_handle(..) -> Option<Arc<_>>`
use std::collections::HashMap;
use std::sync::Arc;

use std::sync::Mutex;

pub struct Handle;

pub struct Keeper {
    tasks: Arc<Mutex<HashMap<u64, Arc<Handle>>>>,
}

impl Keeper {
    fn find_handle(&self, id: u64) -> Option<Arc<Handle>> {
        self.tasks.lock().unwrap().get(&id).cloned()
    }

    pub fn register(&self, id: u64) {
        if self.find_handle(id).is_some() {
            return;
        }
        let handle = Arc::new(Handle);
        let mut handles = self.tasks.lock().unwrap();
        let _ = handles.insert(id, handle.clone());
    }
}
