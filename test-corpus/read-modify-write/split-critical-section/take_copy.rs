// `split-critical-section`: near misses of the take hand-off that still lose an update.

use std::sync::{Arc, Mutex};
use std::thread;

struct State {
    queue: Option<Vec<u64>>,
    items: Vec<u64>,
}

struct Pump {
    state: Mutex<State>,
}

fn more(v: &mut Vec<u64>) {
    v.push(1);
}

impl Pump {
    // taken, but an empty slot is a state like any other (`unwrap_or_default`): a second
    // taker starts from nothing and the two put-backs overwrite each other
    fn refill(&self) {
        let mut q = self.state.lock().unwrap().queue.take().unwrap_or_default(); //~ split-critical-section
        more(&mut q);
        self.state.lock().unwrap().queue = Some(q);
    }

    // a copy, not a take: the slot stays full for every other actor
    fn copy_back(&self) {
        let mut q = self.state.lock().unwrap().queue.clone().expect("queue"); //~ split-critical-section
        more(&mut q);
        self.state.lock().unwrap().queue = Some(q);
    }

    // `mem::take` of a collection: pushes made while it is out are overwritten
    fn batch(&self) {
        let mut items = std::mem::take(&mut self.state.lock().unwrap().items); //~ split-critical-section
        more(&mut items);
        self.state.lock().unwrap().items = items;
    }
}

impl Pump {
    // a `match` whose `None` arm goes on with an empty queue: not a claim
    fn topup(&self) {
        let mut q = match self.state.lock().unwrap().queue.take() { //~ split-critical-section
            Some(q) => q,
            None => Vec::new(),
        };
        more(&mut q);
        self.state.lock().unwrap().queue = Some(q);
    }
}

fn share(p: Arc<Pump>) {
    let q = Arc::clone(&p);
    thread::spawn(move || q.refill());
    p.copy_back();
    p.batch();
    p.topup();
}
