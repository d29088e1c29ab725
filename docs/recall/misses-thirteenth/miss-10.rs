// vector b205354644 shape: `if let` scrutinee read guard (edition 2021) alive in `else`,
// which write-locks the same RwLock.
use std::collections::HashMap;
use std::sync::RwLock;

pub struct Event;
impl Event {
    fn emit(&self, _v: u64) {}
}

pub struct Registered {
    cache: RwLock<HashMap<String, Event>>,
}

impl Registered {
    pub fn emit(&self, tags: &String, value: u64) {
        if let Some(event) = self.cache.read().unwrap().get(tags) {
            event.emit(value);
        } else {
            let event = Event;
            event.emit(value);
            self.cache.write().unwrap().insert(tags.clone(), event);
        }
    }
}
