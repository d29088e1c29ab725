// Miss, spotify-player 2a36408 (parent 42560c27), src/event/popup.rs.
// Written from scratch. A key handler computes an argument with
// `match state.ui.lock().popup { .. }`. The MutexGuard is a temporary of the call statement,
// so it is still held while the callee runs, and the callee locks `state.ui` itself:
// parking_lot's Mutex is not re-entrant, and the UI event thread deadlocks on the first key
// press in that popup. racelint reports nothing.
use parking_lot::Mutex;

pub enum Popup {
    Artists(Vec<String>),
    None,
}

pub struct Ui {
    pub popup: Popup,
    pub selected: usize,
}

pub struct State {
    pub ui: Mutex<Ui>,
}

fn handle_list(state: &State, n_items: usize) {
    let mut ui = state.ui.lock();
    ui.selected = (ui.selected + 1) % n_items.max(1);
}

pub fn on_key(state: &State) {
    handle_list(
        state,
        match state.ui.lock().popup {
            Popup::Artists(ref a) => a.len(),
            Popup::None => 0,
        },
    );
}
