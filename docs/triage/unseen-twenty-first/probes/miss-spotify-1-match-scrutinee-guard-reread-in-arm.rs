// Miss, spotify-player 815a760 (parent 7e9dc99e), src/ui/context.rs + src/event/window.rs.
// Written from scratch. The UI thread matches on a value computed from a temporary read guard
// (`match state.player.read().context() { .. }`). The temporary lives until the end of the
// match, and an arm reads the same parking_lot RwLock again. The client thread write-locks
// the player state whenever a playback update arrives; if that writer queues between the two
// reads, the second read waits behind the writer, which waits for the first read: the UI
// freezes for good. racelint knows this shape (match-scrutinee temporary, then a second read):
// it reports `render_arc` (contrast), whose parameter is `&Arc<State>`. It is silent on
// `render`, whose parameter is `&SharedState`, a type alias of `Arc<State>` (as in the
// project): through the alias, `state.player` is not known to be a lock.
use parking_lot::RwLock;
use std::sync::Arc;

pub type SharedState = Arc<State>;

#[derive(Default)]
pub struct Player {
    pub context_id: Option<String>,
    pub tracks: Vec<String>,
}

impl Player {
    pub fn context(&self) -> Option<&Vec<String>> {
        self.context_id.as_ref().map(|_| &self.tracks)
    }
}

pub struct State {
    pub player: RwLock<Player>,
}

pub fn render(state: &SharedState) -> usize {
    match state.player.read().context() {
        Some(tracks) => tracks.len(),
        None => {
            if state.player.read().context_id.is_none() { 0 } else { 1 }
        }
    }
}

// Contrast: reported (double-lock): the same body, parameter written as `&Arc<State>`.
pub fn render_arc(state: &Arc<State>) -> usize {
    match state.player.read().context() {
        Some(tracks) => tracks.len(),
        None => {
            if state.player.read().context_id.is_none() { 0 } else { 1 }
        }
    }
}

pub fn run(state: SharedState) {
    let s = state.clone();
    std::thread::spawn(move || loop {
        s.player.write().tracks.push("t".into());
    });
    loop {
        render(&state);
    }
}
