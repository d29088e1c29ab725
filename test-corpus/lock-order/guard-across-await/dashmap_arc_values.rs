// A DashMap reference (`Ref` from `get`, `RefMulti` from `iter`) locks its shard until it is
// dropped; held across an `.await`, every writer of that shard blocks its thread. When the
// values are `Arc`s, the fix clones the `Arc` out and lets the reference go at once.
use dashmap::DashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Conn;

impl Conn {
    pub async fn connected(&self) -> bool {
        true
    }
}

pub struct Peer {
    pub conn: Arc<Conn>,
    pub id: u64,
}

pub struct Recorder {
    handles: DashMap<String, Arc<Mutex<u32>>>,
    peers: Arc<DashMap<u64, Arc<Peer>>>,
}

impl Recorder {
    // the value read through `value()`
    pub async fn bump(&self, device: &str) {
        if let Some(pair) = self.handles.get(device) { //~ guard-across-await
            let handle = pair.value();
            *handle.lock().await += 1;
        }
        self.handles.remove(device);
    }

    // every value, one after the other
    pub async fn bump_all(&self) {
        for pair in self.handles.iter() { //~ guard-across-await
            *pair.value().lock().await += 1;
        }
    }

    // fields and methods reached through the reference
    pub async fn is_connected(&self, id: u64) -> bool {
        if let Some(peer) = self.peers.get(&id) { //~ guard-across-await
            peer.id == id && peer.conn.connected().await
        } else {
            false
        }
    }

    // the key is read too: the key and the `Arc` are cloned out in a pair
    pub async fn describe(&self) -> usize {
        let mut n = 0;
        for pair in self.peers.iter() { //~ guard-across-await
            if pair.conn.connected().await {
                n += pair.key().to_string().len();
            }
        }
        n
    }

    pub fn forget(&self, id: u64) {
        self.peers.remove(&id);
    }
}

// a free function over a map passed by reference
pub async fn wait_one(peers: &DashMap<u64, Arc<Peer>>, id: u64) -> bool {
    if let Some(p) = peers.get(&id) { //~ guard-across-await
        return p.conn.connected().await;
    }
    peers.remove(&id);
    false
}
