// The first guard is moved into the fallback closure and dropped there before the second lock
// is taken: the two locks are never held together on this path.
use std::collections::HashMap;
use std::sync::RwLock;

pub struct Store {
    joined: RwLock<HashMap<String, Vec<String>>>,
    invited: RwLock<HashMap<String, Vec<String>>>,
}

fn lookup(map: &HashMap<String, Vec<String>>, room: &str) -> Option<Vec<String>> {
    map.get(room).cloned()
}

impl Store {
    pub fn save(&self, room: &str, events: Vec<String>) {
        let mut joined = self.joined.write().unwrap();
        let mut invited = self.invited.write().unwrap();
        invited.remove(room);
        joined.insert(room.to_owned(), events);
    }

    pub fn events(&self, room: &str) -> Vec<String> {
        let invited = self.invited.read().unwrap();
        lookup(&invited, room)
            .or_else(|| {
                drop(invited);
                lookup(&self.joined.read().unwrap(), room)
            })
            .unwrap_or_default()
    }
}
