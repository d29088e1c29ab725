// Near misses of a read lock taken again through a call.
use std::collections::HashMap;
use tokio::sync::RwLock;

pub struct Peers {
    addresses: RwLock<HashMap<u64, String>>,
}

impl Peers {
    async fn ping(&self, id: u64) -> bool {
        self.addresses.read().await.contains_key(&id)
    }

    // the closure only builds the futures; they run after the guard is gone
    pub async fn ping_all(&self) -> usize {
        let pings: Vec<_> = self
            .addresses
            .read()
            .await
            .keys()
            .map(|id| self.ping(*id))
            .collect();
        let mut n = 0;
        for p in pings {
            n += usize::from(p.await);
        }
        n
    }

    // the guard is handed over: the callee locks only when it gets none
    async fn lookup(
        &self,
        id: u64,
        held: Option<tokio::sync::RwLockReadGuard<'_, HashMap<u64, String>>>,
    ) -> Option<String> {
        let map = match held {
            Some(g) => g,
            None => self.addresses.read().await,
        };
        map.get(&id).cloned()
    }

    pub async fn describe(&self, id: u64) -> Option<String> {
        let addresses = self.addresses.read().await;
        if addresses.is_empty() {
            return None;
        }
        self.lookup(id, Some(addresses)).await
    }

    // the read guard is released before the call
    pub async fn refresh(&self, id: u64) -> bool {
        let known = self.addresses.read().await.contains_key(&id);
        known && self.ping(id).await
    }
}
