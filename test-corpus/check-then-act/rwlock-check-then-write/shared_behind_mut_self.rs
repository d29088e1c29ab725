//! A check under a read guard and a write under a second guard, in `&mut self` methods of a
//! per-connection struct whose lock sits behind an `Arc` that every connection was built with:
//! `&mut self` holds the connection, not the list the connections share.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub struct Shared {
    peers: RwLock<Vec<u32>>,
}

pub struct Hub {
    peers: Arc<RwLock<Vec<u32>>>,
    names: Arc<Mutex<HashMap<u32, String>>>,
    shared: Arc<Shared>,
}

pub struct Conn {
    peers: Arc<RwLock<Vec<u32>>>,
    names: Arc<Mutex<HashMap<u32, String>>>,
    shared: Arc<Shared>,
    seen: Vec<u32>,
}

impl Hub {
    pub fn connect(&self) -> Conn {
        Conn {
            peers: self.peers.clone(),
            names: Arc::clone(&self.names),
            shared: self.shared.clone(),
            seen: Vec::new(),
        }
    }
}

impl Conn {
    /// Two connections learning of one peer both see it missing and both add it.
    pub async fn learn(&mut self, id: u32) {
        let missing = !self.peers.read().await.contains(&id); //~ rwlock-check-then-write
        if missing {
            self.peers.write().await.push(id);
        }
        self.seen.push(id);
    }

    /// The same through a field of the shared value.
    pub async fn learn_shared(&mut self, id: u32) {
        if !self.shared.peers.read().await.contains(&id) { //~ rwlock-check-then-write
            self.shared.peers.write().await.push(id);
        }
    }

    /// A name given twice: the second connection's name replaces the first's.
    pub async fn name(&mut self, id: u32, name: String) {
        let taken = self.names.lock().await.contains_key(&id); //~ map-check-then-insert
        if !taken {
            self.names.lock().await.insert(id, name);
        }
    }
}

pub fn serve(hub: Arc<Hub>) {
    for id in 0..4 {
        let mut conn = hub.connect();
        tokio::spawn(async move {
            conn.learn(id).await;
            conn.learn_shared(id).await;
            conn.name(id, "n".into()).await;
        });
    }
}
