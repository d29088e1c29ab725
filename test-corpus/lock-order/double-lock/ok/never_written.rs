// Near miss of `double-lock`: a read lock taken again while a read guard is held, where
// nothing write-locks the lock (a configuration loaded once, then only read): no writer can
// queue between the two reads.

use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Settings {
    pub workers: usize,
    pub queue: usize,
}

pub struct Pool {
    pub workers: usize,
    pub queue: usize,
}

pub struct Manager {
    settings: Arc<RwLock<Settings>>,
    pool: Pool,
}

impl Manager {
    pub async fn new(settings: Arc<RwLock<Settings>>) -> Self {
        let pool = Pool {
            workers: settings.read().await.workers,
            queue: 0,
        };
        Manager { settings, pool }
    }

    pub async fn describe(&self) -> String {
        let s = self.settings.read().await;
        format!("{} {} {}", s.workers, self.settings.read().await.queue, self.pool.queue)
    }
}
