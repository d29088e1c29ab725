// Expected: a check-then-act finding (atomic-check-then-act family) at line 22: the shared
// refcount `Arc::strong_count(&conn)` is tested under the CONNS guard, but this owner's own
// reference is released (`conn` dropped at the end of the `if let` block, line 26) only after
// the guard `map` is gone. Two concurrent drops can both see count 3 ("someone else still owns
// it"), both skip the removal, and the map keeps the last reference forever (port never freed).
// `Arc::strong_count` is an atomic load of a shared counter; the decrement is the implicit
// drop. racelint models explicit atomics (`load`/`fetch_*`), not `Arc::strong_count` + implicit drop.
// (From deno 3b11cc4887 "clean up concurrently dropped load-balanced listeners".)
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub struct Conn { key: u16 }
static CONNS: OnceLock<Mutex<HashMap<u16, Arc<Conn>>>> = OnceLock::new();

pub struct Listener { conn: Option<Arc<Conn>> }

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut map = CONNS.get().unwrap().lock().unwrap();
            // the map holds one reference, we hold one
            if Arc::strong_count(&conn) == 2 {
                map.remove(&conn.key);
            }
            drop(map);
        } // `conn` released here, after the guard
    }
}
