// Probe (written from scratch) for a missed bug in googleforgames/quilkin.
// Fix commit: 2bc41a539 "Fix dead lock in SessionPool (#826)" (parent cc2244b1).
//
// What goes wrong: `SessionPool::get` returns a `SessionRef<'_>` (a type alias of
// `dashmap::mapref::one::Ref`), and `SessionPool::send` runs
// `self.get(key, asn).await?.send(packet).await`: the shard read lock of `session_map` is held
// while the packet is sent. Another packet task that creates a session whose key falls into the
// same shard blocks its worker thread on the shard's write lock (a blocking lock inside async
// code); with every worker blocked that way, or the holder parked on the blocked thread, the
// proxy stops. The same function also held a `ports_to_sockets.iter().find(..)` item (a
// `RefMulti`, also a shard guard) across `self.storage.write().await`. The fix returns the
// socket (an Arc) instead of a reference.
//
// racelint reports a DashMap guard held across `.await` when the guard comes from `get` on the
// map in the same function (`contrast_direct`, reported: guard-across-await).
// Missing fact: a function whose return type is a DashMap `Ref`/`RefMut` (directly, through
// `Result`/`Option`, or through a type alias) returns a live shard guard; at the call site its
// value, also as a temporary in a method chain, is a guard of the same map. (Iterator items of
// `DashMap::iter()`/`iter_mut()` are shard guards too: `first_free_port` below is silent.)
use dashmap::DashMap;
use std::sync::Arc;
use tokio::net::UdpSocket;
use tokio::sync::RwLock;

pub struct Session { socket: Arc<UdpSocket> }

impl Session {
    pub async fn send(&self, packet: &[u8]) -> std::io::Result<usize> {
        self.socket.send(packet).await
    }
}

type SessionRef<'pool> = dashmap::mapref::one::Ref<'pool, u64, Session>;

pub struct SessionPool {
    session_map: DashMap<u64, Session>,
    ports_to_sockets: DashMap<u16, Arc<UdpSocket>>,
    storage: RwLock<Vec<u16>>,
}

impl SessionPool {
    pub async fn get(&self, key: u64) -> Result<SessionRef<'_>, String> {
        if let Some(entry) = self.session_map.get(&key) {
            return Ok(entry);
        }
        let socket = Arc::new(UdpSocket::bind("0.0.0.0:0").await.map_err(|e| e.to_string())?);
        self.session_map.insert(key, Session { socket });
        self.session_map.get(&key).ok_or_else(|| "gone".to_string())
    }

    pub async fn send(&self, key: u64, packet: &[u8]) -> Result<usize, String> {
        self.get(key).await?.send(packet).await.map_err(|e| e.to_string())
    }

    pub async fn send_named(&self, key: u64, packet: &[u8]) -> Result<usize, String> {
        let session = self.get(key).await?;
        session.send(packet).await.map_err(|e| e.to_string())
    }

    pub async fn first_free_port(&self) -> Option<u16> {
        if let Some(entry) = self.ports_to_sockets.iter().find(|e| *e.key() > 1024) {
            self.storage.write().await.push(*entry.key());
            return Some(*entry.key());
        }
        None
    }

    // Contrast: reported (guard-across-await).
    pub async fn contrast_direct(&self, key: u64, packet: &[u8]) -> Result<usize, String> {
        let session = self.session_map.get(&key).ok_or_else(|| "none".to_string())?;
        session.send(packet).await.map_err(|e| e.to_string())
    }
}

// Each downstream receive loop runs in its own task and forwards packets through the pool.
pub fn spawn_workers(pool: Arc<SessionPool>) {
    for worker in 0..4u64 {
        let pool = pool.clone();
        tokio::spawn(async move {
            let _ = pool.send(worker, b"ping").await;
            let _ = pool.send_named(worker, b"ping").await;
            let _ = pool.first_free_port().await;
            let _ = pool.contrast_direct(worker, b"ping").await;
        });
    }
}
