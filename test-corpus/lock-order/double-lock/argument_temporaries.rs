// A temporary guard taken while the arguments of a call are evaluated lives to the end of the
// statement: the callee runs while it is held. When the callee locks the same mutex, the thread
// deadlocks (spotify-player's popup key handler: a `match ui.lock().popup { .. }` argument).
use std::sync::{Arc, Mutex};

pub enum Popup {
    List(Vec<String>),
    None,
}

pub struct Ui {
    pub popup: Popup,
    pub selected: usize,
}

pub struct State {
    pub ui: Mutex<Ui>,
}

fn move_selection(state: &State, n_items: usize) {
    let mut ui = state.ui.lock().unwrap();
    ui.selected = (ui.selected + 1) % n_items.max(1);
}

// a `match` on a field of the guard, as an argument of a free function
pub fn on_key(state: &State) {
    move_selection( //~ double-lock
        state,
        match state.ui.lock().unwrap().popup {
            Popup::List(ref a) => a.len(),
            Popup::None => 0,
        },
    );
}

pub struct Player {
    queue: Arc<Mutex<Vec<String>>>,
}

impl Player {
    fn enqueue(&self, n: usize) {
        let mut q = self.queue.lock().unwrap();
        q.truncate(n);
    }

    // a method call whose argument reads through a temporary guard
    pub fn trim(&self) {
        self.enqueue(self.queue.lock().unwrap().len() / 2); //~ double-lock
    }

    // the same, with the guard in the second argument of a helper
    pub fn trim_with(&self) {
        shrink(self, self.queue.lock().unwrap().len()); //~ double-lock
    }
}

fn shrink(p: &Player, n: usize) {
    p.enqueue(n);
}
