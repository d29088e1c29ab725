// Cache fills whose insert is made under a named write guard: the hit returns the stored
// value, the miss builds one from the key alone and stores it. Two racers build two equal
// values; the later insert replaces a value nobody can tell from its own.
use std::collections::HashMap;
use std::sync::RwLock;

use once_cell::sync::Lazy;

static CHANNELS: Lazy<tokio::sync::RwLock<HashMap<String, String>>> = Lazy::new(Default::default);

async fn connect(addr: &str) -> Result<String, ()> {
    Ok(addr.to_string())
}

pub async fn channel(addr: &str) -> Result<String, ()> {
    let r = CHANNELS.read().await;
    if let Some(c) = r.get(addr) {
        return Ok(c.clone());
    }
    drop(r);
    let c = connect(addr).await?;
    let mut w = CHANNELS.write().await;
    w.insert(addr.to_string(), c.clone());
    drop(w);
    Ok(c)
}

pub struct Names {
    by_id: RwLock<HashMap<u64, String>>,
}

impl Names {
    pub fn name(&self, id: u64) -> String {
        if let Some(n) = self.by_id.read().unwrap().get(&id) {
            return n.clone();
        }
        let n = format!("user-{id}");
        let mut w = self.by_id.write().unwrap();
        w.insert(id, n.clone());
        n
    }
}

pub struct Meta {
    pub size: u64,
}

pub struct Entry {
    pub key: String,
    pub meta: Option<u64>,
}

static SIZES: Lazy<tokio::sync::RwLock<HashMap<String, u64>>> = Lazy::new(Default::default);

async fn read_size(_key: &str) -> u64 {
    0
}

// The hit copies the cached value into what it returns and leaves.
pub async fn with_size(mut e: Entry) -> Entry {
    if let Some(size) = SIZES.read().await.get(&e.key) {
        e.meta = Some(*size);
        return e;
    }
    let size = read_size(&e.key).await;
    e.meta = Some(size);
    SIZES.write().await.insert(e.key.clone(), size);
    e
}
