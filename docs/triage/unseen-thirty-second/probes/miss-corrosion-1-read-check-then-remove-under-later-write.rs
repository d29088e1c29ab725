// Probe (written from scratch) for a missed bug in superfly/corrosion.
// Fix commit: 4d3f4652 "avoid a race when getting a sub by ID by checking again once we have
// the write lock" (parent 2973f22c).
//
// What goes wrong: GET /subscriptions/:id looks the subscription up under the cache's read
// lock; when it is missing it takes the write lock and removes the id from the broadcast
// cache and the subscription manager ("ensure this goes"). Between the read and the write,
// another request can create the subscription with that id (the create path inserts under
// the write lock): the lookup's cleanup then removes the fresh subscription and cancels it,
// and the creator's clients get no events. The fix re-checks under the write lock.
//
// What racelint would need: a decision taken under a read guard (`get(&id)` is None),
// released, and an act on the same key under a later write guard of the same lock
// (`remove(&id)`) with a concurrent inserter of that key: the check-then-act family across
// a read guard and a write guard of one RwLock, where the act is a removal. Expected: a
// finding at the `remove` (line 42) with the check at line 37.
// Contrast: `if !self.cache.read().await.contains_key(&id) { self.cache.write().await.insert(id, ..) }`
// is reported (map-check-then-insert); a `get` whose None leads to a `remove` under the write
// guard is not, nor is an insert decided on a `get(..)` result bound to a local.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{broadcast, RwLock};

#[derive(Clone, Default)]
pub struct Subs {
    cache: Arc<RwLock<HashMap<u64, broadcast::Sender<String>>>>,
}

impl Subs {
    pub async fn create(&self, id: u64) -> broadcast::Receiver<String> {
        let mut cache = self.cache.write().await;
        let tx = cache.entry(id).or_insert_with(|| broadcast::channel(16).0);
        tx.subscribe()
    }

    pub async fn by_id(&self, id: u64) -> Option<broadcast::Receiver<String>> {
        let rx = self.cache.read().await.get(&id).map(|tx| tx.subscribe());
        match rx {
            Some(rx) => Some(rx),
            None => {
                // the id may have been created since the read guard was released
                self.cache.write().await.remove(&id);
                None
            }
        }
    }
}
