// Miss, spotify-player e8b2d7e (parent 694f3996), src/event/popup.rs.
// Written from scratch. The handler locks `state.ui` (`state: &SharedState`), inspects the
// popup, and while the guard is alive calls a helper with `state`; the helper locks
// `state.ui` again: a self-deadlock of the UI thread when the search popup is open.
// racelint reports it when the parameter type is written `&Arc<State>` (`on_key_arc`,
// contrast) but not through the project's alias `type SharedState = Arc<State>`.
use parking_lot::Mutex;
use std::sync::Arc;

pub struct Ui {
    pub search: Option<String>,
}

pub struct State {
    pub ui: Mutex<Ui>,
}

pub type SharedState = Arc<State>;

fn handle_search(state: &SharedState, c: char) {
    let mut ui = state.ui.lock();
    if let Some(s) = ui.search.as_mut() {
        s.push(c);
    }
}

pub fn on_key(state: &SharedState, c: char) {
    let ui = state.ui.lock();
    if ui.search.is_some() {
        handle_search(state, c); // deadlock: `ui` is still held
    }
}

fn handle_search_arc(state: &Arc<State>, c: char) {
    let mut ui = state.ui.lock();
    if let Some(s) = ui.search.as_mut() {
        s.push(c);
    }
}

// Contrast: reported (double-lock through the callee).
pub fn on_key_arc(state: &Arc<State>, c: char) {
    let ui = state.ui.lock();
    if ui.search.is_some() {
        handle_search_arc(state, c);
    }
}
