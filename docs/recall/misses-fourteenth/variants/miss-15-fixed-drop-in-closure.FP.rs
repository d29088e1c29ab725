// matrix-rust-sdk 115bf6c9d shape: the memory store's writer takes `room_state` then
// `stripped_room_state`; a reader holds a temporary guard of `stripped_room_state` while an
// `or_else` closure read-locks `room_state`.
use std::collections::HashMap;
use std::sync::RwLock;

pub struct MemoryStore {
    room_state: RwLock<HashMap<String, Vec<String>>>,
    stripped_room_state: RwLock<HashMap<String, Vec<String>>>,
}

fn events_of(map: &HashMap<String, Vec<String>>, room: &str) -> Option<Vec<String>> {
    map.get(room).cloned()
}

impl MemoryStore {
    pub fn save_changes(&self, room: &str, events: Vec<String>, joined: bool) {
        let mut room_state = self.room_state.write().unwrap();
        let mut stripped_room_state = self.stripped_room_state.write().unwrap();
        if joined {
            stripped_room_state.remove(room);
            room_state.insert(room.to_owned(), events);
        } else {
            stripped_room_state.insert(room.to_owned(), events);
        }
    }

    pub fn get_state_events(&self, room: &str) -> Vec<String> {
        let stripped = self.stripped_room_state.read().unwrap();
        events_of(&stripped, room)
            .or_else(|| {
                drop(stripped); // release stripped_room_state before taking room_state
                events_of(&self.room_state.read().unwrap(), room)
            })
            .unwrap_or_default()
    }
}
