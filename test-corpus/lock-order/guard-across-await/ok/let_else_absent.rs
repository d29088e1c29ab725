// `let PAT = EXPR else { .. }`: the guard the pattern binds exists only when the pattern
// matched. In the `else` block there is none (the map had no entry, the lock was not free),
// so the awaits there hold nothing.

use dashmap::DashMap;
use std::sync::{Arc, Mutex};

pub struct Registry {
    entries: Arc<DashMap<String, Arc<String>>>,
    state: Arc<Mutex<Vec<u32>>>,
}

async fn notify(_what: &str) {}

impl Registry {
    pub fn start(self: &Arc<Self>) {
        let me = self.clone();
        tokio::spawn(async move {
            me.entries.remove("x");
            me.state.lock().unwrap().clear();
        });
    }

    // a DashMap reference bound by `let Some(..) else`, cloned out in a block
    pub async fn stop(&self, id: &str) -> Result<(), ()> {
        let entry = {
            let Some(entry) = self.entries.get(id) else {
                notify(id).await;
                return Err(());
            };
            entry.clone()
        };
        notify(&entry).await;
        Ok(())
    }

    // a mutex guard from `try_lock` bound by `let Ok(..) else`, used before any await
    pub async fn sample(&self) -> usize {
        let Ok(items) = self.state.try_lock() else {
            notify("busy").await;
            return 0;
        };
        let n = items.len();
        drop(items);
        notify("sampled").await;
        n
    }
}

// a free function: the guard of a `let Some(..) else` in a closure-free async fn
pub async fn first(map: &DashMap<u32, u32>, k: u32) -> u32 {
    let Some(v) = map.get(&k) else {
        notify("missing").await;
        return 0;
    };
    *v
}
