// Locks taken through the macros of the sibling crate `zcore`.
use std::collections::HashMap;
use std::sync::RwLock;
use zcore::{zasyncwrite, zread, zwrite};

pub struct State {
    subs: HashMap<u32, String>,
}

pub struct Session {
    state: RwLock<State>,
    links: tokio::sync::RwLock<Vec<u64>>,
}

impl Session {
    pub fn undeclare(&self, id: u32) {
        let mut state = zwrite!(self.state);
        if let Some(key) = state.subs.remove(&id) {
            let state = zread!(self.state); //~ double-lock
            publish(&state, &key);
        }
    }

    pub fn count(&self) -> usize {
        let n = zread!(self.state).subs.len();
        n + zread!(self.state).subs.len()
    }

    pub async fn add_link(&self, link: u64) {
        let mut links = zasyncwrite!(self.links);
        links.push(link);
        let again = zasyncwrite!(self.links); //~ double-lock
        drop(again);
    }
}

fn publish(_state: &State, _key: &str) {}
