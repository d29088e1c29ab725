// A set checked under one guard and updated under another, when the branch does more than the
// update: two racers both pass the check and both run the work the check was to run once.
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

pub struct Dedup {
    seen: RwLock<HashSet<u64>>,
}

fn deliver(id: u64) {
    println!("deliver {id}");
}

impl Dedup {
    pub fn on_message(&self, id: u64) {
        if !self.seen.read().unwrap().contains(&id) { //~ map-check-then-insert
            self.seen.write().unwrap().insert(id);
            deliver(id);
        }
    }
}

pub fn serve(d: Arc<Dedup>) {
    for id in 0..4 {
        let d = d.clone();
        std::thread::spawn(move || d.on_message(id));
    }
}
