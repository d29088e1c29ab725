// The read-locked check only decides whether to do the work; the act under the write guard
// keeps, removes or takes each element by what it finds there (`retain`, `drain(..)`,
// `extract_if`, `clear`): an element another thread handled in between is simply not there
// any more, and nothing is done twice (krill's signer router binding pending signers).
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, RwLock};

pub struct Signer {
    pub name: String,
}

pub struct Router {
    pending: RwLock<Vec<Signer>>,
    active: RwLock<Vec<String>>,
    sessions: RwLock<HashMap<u64, u64>>,
    outbox: RwLock<VecDeque<String>>,
}

impl Router {
    fn try_bind(&self, s: &Signer) -> bool {
        if s.name.starts_with("hsm") {
            self.active.write().unwrap().push(s.name.clone());
            true
        } else {
            false
        }
    }

    pub fn bind_ready_signers(&self) {
        let n = self.pending.read().unwrap().len();
        if n > 0 {
            let mut pending = self.pending.write().unwrap();
            pending.retain(|s| !self.try_bind(s));
        }
    }

    // a temporary write guard, the check in the condition
    pub fn expire(&self, now: u64) {
        if !self.sessions.read().unwrap().is_empty() {
            self.sessions.write().unwrap().retain(|_, t| *t > now);
        }
    }

    // the whole queue is taken under the write guard
    pub fn flush(&self) -> Vec<String> {
        if self.outbox.read().unwrap().is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if !self.outbox.read().unwrap().is_empty() {
            let mut q = self.outbox.write().unwrap();
            out.extend(q.drain(..));
        }
        out
    }
}

pub fn serve(r: Arc<Router>) {
    for _ in 0..4 {
        let r = r.clone();
        std::thread::spawn(move || r.bind_ready_signers());
    }
}
