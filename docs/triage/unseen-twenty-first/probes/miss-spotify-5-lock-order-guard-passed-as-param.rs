// Miss, spotify-player 567668d (parent b73ab39a), src/client.rs `watch_player_events` and
// src/event.rs `handle_command_for_context_window`. Written from scratch.
// The event thread locks the UI mutex and passes the guard (`&mut MutexGuard<Ui>`) to a
// command handler, which write-locks the player RwLock. The watcher thread read-locks the
// player and, still holding it, locks the UI mutex. Two threads, opposite orders: ui -> player
// and player -> ui. A key press that sorts tracks while the watcher ticks deadlocks both.
// racelint reports this inversion when the functions take `Arc<State>` (as written in the
// `*_arc` contrast functions at the bottom) but not through the project's alias
// `type SharedState = Arc<State>`, used by the functions above them.
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

#[derive(Default)]
pub struct Ui { pub page: u32 }
#[derive(Default)]
pub struct Player { pub tracks: Vec<u32> }

pub type SharedState = Arc<State>;

pub struct State {
    pub ui: Mutex<Ui>,
    pub player: RwLock<Player>,
}

fn handle_sort(state: &SharedState, ui: &mut MutexGuard<'_, Ui>) {
    ui.page = 0;
    state.player.write().unwrap().tracks.sort();
}

pub fn event_thread(state: SharedState) {
    loop {
        let mut ui = state.ui.lock().unwrap();
        handle_sort(&state, &mut ui);
    }
}

pub fn watcher_thread(state: SharedState) {
    loop {
        let player = state.player.read().unwrap();
        let page = state.ui.lock().unwrap().page;
        if page as usize > player.tracks.len() {
            println!("stale");
        }
    }
}

pub fn start(state: SharedState) {
    let s = state.clone();
    std::thread::spawn(move || event_thread(s));
    std::thread::spawn(move || watcher_thread(state));
}

// Contrast: reported (lock-order-inversion), the same two threads with `Arc<State>`.
pub mod contrast {
    use super::{Player, Ui};
    use std::sync::{Arc, Mutex, MutexGuard, RwLock};

    pub struct State2 {
        pub ui: Mutex<Ui>,
        pub player: RwLock<Player>,
    }

    fn handle_sort_arc(state: &Arc<State2>, ui: &mut MutexGuard<'_, Ui>) {
        ui.page = 0;
        state.player.write().unwrap().tracks.sort();
    }

    pub fn event_thread_arc(state: Arc<State2>) {
        loop {
            let mut ui = state.ui.lock().unwrap();
            handle_sort_arc(&state, &mut ui);
        }
    }

    pub fn watcher_thread_arc(state: Arc<State2>) {
        loop {
            let player = state.player.read().unwrap();
            let page = state.ui.lock().unwrap().page;
            if page as usize > player.tracks.len() {
                println!("stale");
            }
        }
    }

    pub fn start_arc(state: Arc<State2>) {
        let s = state.clone();
        std::thread::spawn(move || event_thread_arc(s));
        std::thread::spawn(move || watcher_thread_arc(state));
    }
}
