// FP, krill HEAD 23c0f073: src/commons/crypto/signing/dispatch/signerrouter.rs:372
// (rwlock-check-then-write). Written from scratch.
// Before each signing operation the router binds signers that became ready:
// `if self.pending.read().unwrap().len() > 0 { .. let mut p = self.pending.write().unwrap();
// p.retain(|s| !try_bind(s)) }`. The read-locked count only decides whether to do the work.
// The act does not use it: `retain` walks the set as it is under the write guard, so a signer
// that another thread bound in between is simply not there any more, and nothing is bound twice.
// racelint-s27a reports the write lock (rwlock-check-then-write). What it would need: when the
// act under the write guard re-reads the checked collection itself (iterates, `retain`s,
// re-tests it) and the checked value does not flow into the act, the check is only a fast path.
use std::sync::{Arc, RwLock};

pub struct Signer { pub name: String }

pub struct Router { pending: RwLock<Vec<Signer>>, active: RwLock<Vec<String>> }

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
}

// Signing requests arrive on several threads and each binds ready signers first.
pub fn serve(r: Arc<Router>) {
    for _ in 0..4 {
        let r = r.clone();
        std::thread::spawn(move || r.bind_ready_signers());
    }
}
