// A named guard that nothing reads from the statement that awaits on: `drop` it before that
// statement, also when the `.await` is in a branch or an arm (the drop goes there), or in a
// loop taken after the guard (the drop goes before the loop, so it runs once).
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

pub struct Peer {
    config: RwLock<Config>,
    sent: Mutex<Vec<u32>>,
}

pub struct Config {
    pub version: u32,
    pub name: String,
    pub displays: String,
}

impl Peer {
    // the `.await` in an `if` block, after the last read of the guard
    pub async fn announce(&self) {
        let cfg = self.config.read().unwrap(); //~ guard-across-await
        if cfg.version >= 2 {
            let name = cfg.name.clone();
            send(&name).await;
        }
    }

    // the `.await` in a loop body: the drop goes before the loop
    pub async fn replay(&self) {
        let cfg = self.config.read().unwrap(); //~ guard-across-await
        let displays = cfg.displays.clone();
        for d in displays.split(',') {
            if !d.is_empty() {
                send(d).await;
            }
        }
    }

    // a `match` arm
    pub async fn report(&self, kind: u32) -> u32 {
        let sent = self.sent.lock().unwrap(); //~ guard-across-await
        match kind {
            0 => 0,
            _ => {
                let n = sent.len() as u32;
                tick(n).await
            }
        }
    }

    // a local read from the guard that borrows it is used at the `.await`: no edit (the drop
    // would end the borrow too early)
    pub async fn borrowed(&self) {
        let cfg = self.config.read().unwrap(); //~ guard-across-await
        let name = cfg.name.as_str();
        if cfg.version > 0 {
            send(name).await;
        }
    }
}

// a free function over a local map, the `.await` in an `if let` block
pub async fn lookup(m: &Mutex<HashMap<u32, String>>, k: u32) {
    let map = m.lock().unwrap(); //~ guard-across-await
    if let Some(v) = map.get(&k) {
        let owned = v.to_string();
        send(&owned).await;
    }
}

// an async block
pub fn job(m: Arc<Mutex<Vec<u32>>>) -> impl std::future::Future<Output = u32> {
    async move {
        let g = m.lock().unwrap(); //~ guard-across-await
        let first = g.first().copied();
        while let Some(n) = first {
            return tick(n).await;
        }
        0
    }
}

async fn send(_s: &str) {}
async fn tick(n: u32) -> u32 {
    n
}
