// Miss, spotify-player a8cb471 (parent c30028a0), src/event/mod.rs `handle_key_event`.
// Written from scratch. `match state.ui.lock().popup { None => match state.ui.lock().page {..} }`:
// the outer scrutinee's guard lives for the whole match, so the inner scrutinee locks the same
// parking_lot Mutex again on the same thread: every key press without a popup deadlocks the
// event thread. racelint reports this double lock when the parameter is `&Arc<State>`
// (`on_key_arc`, contrast) but not when it is `&SharedState`, a type alias of `Arc<State>`
// (as in the project): through the alias, `state.ui` is not known to be a lock.
use parking_lot::Mutex;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub enum Page { Search, Browse }

pub struct Ui {
    pub popup: Option<u32>,
    pub page: Page,
}

pub struct State {
    pub ui: Mutex<Ui>,
}

pub type SharedState = Arc<State>;

pub fn on_key(state: &SharedState) -> bool {
    match state.ui.lock().popup {
        None => match state.ui.lock().page {
            Page::Search => true,
            Page::Browse => false,
        },
        Some(_) => false,
    }
}

// Contrast: reported (double-lock).
pub fn on_key_arc(state: &Arc<State>) -> bool {
    match state.ui.lock().popup {
        None => match state.ui.lock().page {
            Page::Search => true,
            Page::Browse => false,
        },
        Some(_) => false,
    }
}
