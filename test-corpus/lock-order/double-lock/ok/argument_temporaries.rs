// Arguments whose guards are gone before the call: bound first, or taken in a block that
// drops them; and a callee that does not lock.
use std::sync::{Arc, Mutex};

pub struct Ui {
    pub items: Vec<String>,
    pub selected: usize,
}

pub struct State {
    pub ui: Mutex<Ui>,
}

fn move_selection(state: &State, n_items: usize) {
    let mut ui = state.ui.lock().unwrap();
    ui.selected = (ui.selected + 1) % n_items.max(1);
}

fn clamp(n: usize) -> usize {
    n.min(10)
}

pub fn bound_first(state: &State) {
    let n = state.ui.lock().unwrap().items.len();
    move_selection(state, n);
}

pub fn block_argument(state: &State) {
    move_selection(state, {
        let ui = state.ui.lock().unwrap();
        ui.items.len()
    });
}

pub fn callee_without_lock(state: &State) -> usize {
    clamp(state.ui.lock().unwrap().items.len())
}

pub struct Player {
    queue: Arc<Mutex<Vec<String>>>,
}

impl Player {
    fn enqueue(&self, n: usize) {
        let mut q = self.queue.lock().unwrap();
        q.truncate(n);
    }

    pub fn trim(&self) {
        let half = self.queue.lock().unwrap().len() / 2;
        self.enqueue(half);
    }
}
