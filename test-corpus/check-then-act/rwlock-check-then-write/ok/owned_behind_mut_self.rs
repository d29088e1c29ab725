//! Near misses: `&mut self` methods whose lock the value owns (held by value, or in an `Arc`
//! only the owner holds): no other task reaches it while the method runs.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub struct Worker {
    peers: RwLock<Vec<u32>>,
    names: Arc<Mutex<HashMap<u32, String>>>,
}

impl Worker {
    pub fn new() -> Self {
        Worker {
            peers: RwLock::new(Vec::new()),
            names: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub async fn learn(&mut self, id: u32) {
        let missing = !self.peers.read().await.contains(&id);
        if missing {
            self.peers.write().await.push(id);
        }
    }

    pub async fn name(&mut self, id: u32, name: String) {
        let taken = self.names.lock().await.contains_key(&id);
        if !taken {
            self.names.lock().await.insert(id, name);
        }
    }
}

pub fn run() {
    tokio::spawn(async move {
        let mut w = Worker::new();
        w.learn(1).await;
        w.name(1, "n".into()).await;
    });
}

/// One writer handle, built beside the readers from a fresh `Arc`: the readers only read, so
/// the writer's `&mut self` is the only writer of the list.
pub struct Writer {
    list: Arc<RwLock<Vec<u32>>>,
}

pub struct Reader {
    list: Arc<RwLock<Vec<u32>>>,
}

pub fn reader_writer() -> (Reader, Writer) {
    let list = Arc::new(RwLock::new(Vec::new()));
    let reader = Reader { list: list.clone() };
    let writer = Writer { list: list.clone() };
    (reader, writer)
}

impl Reader {
    pub async fn len(&self) -> usize {
        self.list.read().await.len()
    }
}

impl Writer {
    pub async fn add(&mut self, id: u32) {
        if !self.list.read().await.contains(&id) {
            self.list.write().await.push(id);
        }
    }
}
