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

#[tokio::main]
async fn main() {
    let settings = Arc::new(RwLock::new(Settings { workers: 4, queue: 16 }));
    let m = Manager::new(settings).await;
    let m = Arc::new(m);
    let a = m.clone();
    let t = tokio::spawn(async move { a.describe().await });
    println!("{} {}", m.describe().await, t.await.unwrap());
}
