// Probe (written from scratch) for a missed bug in eclipse-zenoh/zenoh.
// Fix commit: 61e82fe4 "Fix re-entrant routing-tables RwLock deadlock in admin-space handle"
// (parent aa476762).
//
// What goes wrong: the admin-space handlers take `zread!(tables.tables)` (a
// `std::sync::RwLock`, writer-preferring on Linux) and, while iterating over the tables, answer
// the query: `query.reply(..).wait()` routes the reply through the session's primitives (a
// `dyn Primitives` / face) to `route_send_response`, which takes `zread!(tables.tables)` again.
// A recursive read of a std RwLock deadlocks as soon as a writer (`register_expr`, called
// when a peer declares a key) queued between the two reads: the writer waits for the first
// reader, the second read waits behind the writer. The fix collects the replies under the
// guard, drops it, then replies.
//
// What is missing: double-lock follows calls to concrete methods and functions; here the
// second read is reached through a `dyn Trait` method (the router's implementation of the
// trait in the same crate), besides the lock macros of miss-zenoh-1. Expected: double-lock
// at the `send_response` call in `admin_reply` (line 56). The same call made on the
// concrete type is reported (`contrast_concrete`, reported: double-lock).
use std::sync::{Arc, RwLock};

pub struct Tables {
    resources: Vec<String>,
}

pub trait Primitives: Send + Sync {
    fn send_response(&self, key: &str);
}

pub struct Router {
    tables: Arc<RwLock<Tables>>,
}

impl Primitives for Router {
    fn send_response(&self, key: &str) {
        let tables = self.tables.read().unwrap();
        let _ = tables.resources.iter().any(|r| r == key);
    }
}

impl Router {
    pub fn register_expr(&self, key: String) {
        self.tables.write().unwrap().resources.push(key);
    }
}

pub struct AdminSpace {
    face: Arc<dyn Primitives>,
    router: Arc<Router>,
}

impl AdminSpace {
    pub fn admin_reply(&self) {
        let tables = self.router.tables.read().unwrap();
        for res in tables.resources.iter() {
            self.face.send_response(res);
        }
    }

    // Contrast: reported (double-lock).
    pub fn contrast_concrete(&self) {
        let tables = self.router.tables.read().unwrap();
        for res in tables.resources.iter() {
            self.router.send_response(res);
        }
    }
}

pub fn build() -> AdminSpace {
    let tables = Arc::new(RwLock::new(Tables { resources: Vec::new() }));
    let router = Arc::new(Router { tables });
    AdminSpace { face: router.clone(), router }
}
