// Near miss of the single-writer exemption: the worker is spawned outside any loop of its
// own function, but that function is called once per connection, so there is one writer
// task per connection.
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub struct Registry {
    peers: RwLock<Vec<u64>>,
}

impl Registry {
    fn note(&self, id: u64) {
        let known = self.peers.read().unwrap().contains(&id); //~ rwlock-check-then-write
        if !known {
            self.peers.write().unwrap().push(id);
        }
    }
}

fn start_worker(reg: Arc<Registry>, id: u64) {
    std::thread::spawn(move || loop {
        reg.note(id);
        std::thread::sleep(Duration::from_secs(1));
    });
}

pub fn accept_all(reg: Arc<Registry>, conns: Vec<u64>) {
    for id in conns {
        start_worker(reg.clone(), id);
    }
}
