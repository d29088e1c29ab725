// Near misses of a memo: the hit does not hand the value out (two racers each create a
// resource and one is thrown away while in use), or the miss reads other shared state in
// between (the value stored depends on when it was computed).

use std::sync::{Arc, Mutex};

pub struct Conn;

pub struct Client {
    conn: Mutex<Option<Arc<Conn>>>,
    generation: Mutex<u64>,
    memo: Mutex<Option<u64>>,
}

impl Client {
    pub fn connect(&self) {
        if self.conn.lock().unwrap().is_none() { //~ lazy-init-race
            let c = Arc::new(Conn);
            *self.conn.lock().unwrap() = Some(c);
        }
    }

    pub fn stamp(&self) -> u64 {
        if let Some(v) = *self.memo.lock().unwrap() { //~ lazy-init-race
            return v;
        }
        let v = *self.generation.lock().unwrap() + 1;
        *self.memo.lock().unwrap() = Some(v);
        v
    }
}
