// Two temporary guards of one async lock in one statement, each awaited: the first is held
// while the second `read().await` waits (a writer queued in between blocks it). The statement
// has no other `.await`, so one guard taken before it serves both places.
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Cfg {
    pub limit: usize,
    pub capacity: usize,
}

pub struct Exec {
    pub workers: usize,
    pub queue: usize,
}

fn exec(workers: usize, queue: usize) -> Exec {
    Exec { workers, queue }
}

pub struct Bridge {
    pub exec: Exec,
    pub name: String,
}

impl Bridge {
    // a struct literal's field, the statement the function's tail
    pub async fn new(cfg: Arc<RwLock<Cfg>>) -> Self {
        Self {
            name: String::from("bridge"),
            exec: exec(
                cfg.read().await.limit,
                cfg.read().await.capacity, //~ double-lock
            ),
        }
    }
}

// a `let` in an async block, code after it
pub fn start(cfg: Arc<RwLock<Cfg>>) -> impl std::future::Future<Output = usize> {
    async move {
        let e = exec(cfg.read().await.limit, cfg.read().await.capacity); //~ double-lock
        e.workers + e.queue
    }
}

// another `.await` in the statement: no edit (the one guard would be held across it)
pub async fn with_other_await(cfg: &RwLock<Cfg>) -> usize {
    let n = cfg.read().await.limit + tick().await + cfg.read().await.capacity; //~ double-lock
    n
}

async fn tick() -> usize {
    1
}
