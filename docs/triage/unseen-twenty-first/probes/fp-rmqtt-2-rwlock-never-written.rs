// FP, rmqtt HEAD a8d63fb3: rmqtt-plugins/rmqtt-bridge-egress-kafka/src/bridge.rs:179.
// Written from scratch. A constructor reads two fields of the configuration through two
// temporaries of one statement (`f(cfg.read().await.a, cfg.read().await.b)`): the first guard
// is still alive at the second read. That can only deadlock when a writer queues in between,
// and this tokio RwLock is never write-locked anywhere in the crate (the configuration is
// read-only after load). racelint-s21a reports the second read (double-lock, error).
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Cfg {
    pub workers: usize,
    pub queue: usize,
}

pub struct Exec {
    pub workers: usize,
    pub queue: usize,
}

fn make_exec(workers: usize, queue: usize) -> Exec {
    Exec { workers, queue }
}

pub struct Manager {
    cfg: Arc<RwLock<Cfg>>,
    exec: Exec,
}

impl Manager {
    pub async fn new(cfg: Arc<RwLock<Cfg>>) -> Self {
        Self {
            cfg: cfg.clone(),
            exec: make_exec(cfg.read().await.workers, cfg.read().await.queue),
        }
    }

    pub async fn workers(&self) -> usize {
        self.cfg.read().await.workers + self.exec.workers
    }
}
