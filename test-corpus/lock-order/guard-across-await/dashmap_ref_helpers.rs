// A helper that returns the reference a `DashMap` lookup gave (`Ref`, `RefMut`, through
// `Option`, `Result`, `?`, `ok_or`) hands its caller the key's shard lock: held across an
// `.await`, every writer of that shard blocks its thread; used while the same map is written,
// the thread deadlocks on its own shard. Iterator items found with `find` hold their shard too.
use dashmap::mapref::one::{Ref, RefMut};
use dashmap::DashMap;
use std::sync::Arc;

pub struct Session {
    pub hits: u64,
}

impl Session {
    pub async fn send(&self, _b: &[u8]) -> std::io::Result<usize> {
        Ok(0)
    }
}

type SessionRef<'a> = Ref<'a, u64, Session>;

pub struct Pool {
    sessions: DashMap<u64, Session>,
}

impl Pool {
    pub fn session(&self, key: u64) -> Option<SessionRef<'_>> {
        self.sessions.get(&key)
    }

    pub async fn lookup(&self, key: u64) -> Result<Ref<'_, u64, Session>, String> {
        self.sessions.get(&key).ok_or_else(|| "no session".to_string())
    }

    pub fn session_mut(&self, key: u64) -> RefMut<'_, u64, Session> {
        self.sessions.get_mut(&key).expect("registered")
    }

    // a temporary in a method chain: the reference lives to the end of the statement
    pub async fn send(&self, key: u64, b: &[u8]) -> Result<usize, String> {
        self.lookup(key).await?.send(b).await.map_err(|e| e.to_string()) //~ guard-across-await
    }

    // bound by `if let Some(..)`: held for the whole block
    pub async fn ping(&self, key: u64) {
        if let Some(s) = self.session(key) { //~ guard-across-await
            let _ = s.send(b"ping").await;
        }
    }

    // a write reference, then the same map written: the shard is locked twice
    pub fn reset(&self, key: u64) {
        let mut s = self.session_mut(key);
        s.hits = 0;
        self.sessions.remove(&key); //~ double-lock
    }

    // an item found in the map's iterator, then the map written while it lives
    pub fn evict_first(&self) {
        if let Some(e) = self.sessions.iter().find(|e| e.hits == 0) {
            self.sessions.remove(e.key()); //~ double-lock
        }
    }

    pub fn register(&self, key: u64) {
        self.sessions.insert(key, Session { hits: 0 });
    }
}

pub fn spawn(pool: Arc<Pool>) {
    for k in 0..4u64 {
        let pool = pool.clone();
        tokio::spawn(async move {
            pool.register(k);
            let _ = pool.send(k, b"x").await;
            pool.ping(k).await;
            pool.reset(k);
            pool.evict_first();
        });
    }
}
