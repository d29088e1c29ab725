// A `Drop` impl that takes a lock runs where its value is dropped: dropped while another lock
// is held, it orders the two locks like a call would.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// methods and fields: a connection returned to its pool (`idle`) when dropped, dropped while
// `stats` is held; `report` takes `idle` then `stats`
pub struct Pool {
    idle: Mutex<Vec<u64>>,
    stats: Mutex<HashMap<u64, u64>>,
}

pub struct Conn {
    pool: Arc<Pool>,
    id: u64,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.pool.idle.lock().unwrap().push(self.id);
    }
}

impl Pool {
    pub fn retire(&self, pool: Arc<Pool>, id: u64) {
        let mut stats = self.stats.lock().unwrap();
        let conn = Conn { pool, id };
        stats.remove(&conn.id);
    }

    pub fn report(&self) -> usize {
        let idle = self.idle.lock().unwrap();
        let stats = self.stats.lock().unwrap(); //~ lock-order-inversion
        idle.len() + stats.len()
    }
}

// statics, an explicit `drop` and tokio: the task drops a `Ticket` (whose `Drop` takes `QUEUE`)
// while holding `LEDGER`; `settle` takes `QUEUE` then `LEDGER`
static QUEUE: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());
static LEDGER: tokio::sync::Mutex<u64> = tokio::sync::Mutex::const_new(0);

pub struct Ticket {
    n: u64,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        QUEUE.lock().unwrap().retain(|n| *n != self.n);
    }
}

pub async fn cancel(n: u64) {
    let mut ledger = LEDGER.lock().await;
    let t = Ticket { n };
    *ledger += t.n;
    drop(t);
}

pub fn settle() -> u64 {
    let q = QUEUE.lock().unwrap();
    let l = LEDGER.blocking_lock(); //~ lock-order-inversion
    *l + q.len() as u64
}
