// FP, rmqtt HEAD a8d63fb3: rmqtt-plugins/rmqtt-web-hook/src/lib.rs:109.
// Written from scratch. The constructor spawns a worker task that reads the configuration
// twice in one statement (the first temporary guard is alive at the second read) and then
// reports back on a oneshot; the constructor awaits that report before it returns the plugin.
// The only writer is `reload(&mut self)` on the returned plugin, which cannot exist before the
// worker has passed both reads. racelint-s21a reports the second read (double-lock, error).
use std::sync::Arc;
use tokio::sync::{oneshot, RwLock};

pub struct Cfg {
    pub limit: usize,
    pub capacity: usize,
}

pub struct Plugin {
    cfg: Arc<RwLock<Cfg>>,
    pool: (usize, usize),
}

fn pool(name: &str, limit: usize, capacity: usize) -> (usize, usize) {
    println!("{name}");
    (limit, capacity)
}

impl Plugin {
    pub async fn new(cfg: Cfg) -> Self {
        let cfg = Arc::new(RwLock::new(cfg));
        let (tx, rx) = oneshot::channel();
        let c = cfg.clone();
        tokio::spawn(async move {
            let p = pool("hook", c.read().await.limit, c.read().await.capacity);
            let _ = tx.send(p);
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                let _ = c.read().await.limit;
            }
        });
        let pool = rx.await.expect("worker started");
        Plugin { cfg, pool }
    }

    pub async fn reload(&mut self, new: Cfg) {
        *self.cfg.write().await = new;
        println!("{:?}", self.pool);
    }
}
