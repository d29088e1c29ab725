use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct Interner {
    ids: Mutex<HashMap<String, u32>>,
    next: Mutex<u32>,
}

impl Interner {
    // `pub` API of a library: only `tests/it.rs` calls it here, its users call it too
    pub fn intern(&self, name: &str) -> u32 {
        if let Some(id) = self.ids.lock().unwrap().get(name) { //~ map-check-then-insert
            return *id;
        }
        let id = {
            let mut n = self.next.lock().unwrap();
            *n += 1;
            *n
        };
        self.ids.lock().unwrap().insert(name.to_string(), id);
        id
    }
}
