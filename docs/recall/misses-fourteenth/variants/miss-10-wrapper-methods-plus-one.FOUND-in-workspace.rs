// A wrapper over an embedded key-value store: every method takes `&self`, so one `Arc<Kv>`
// is used by all request threads. Each call is atomic by itself; a pair of calls is not.
pub struct Kv {
    db: rocksdb::DB,
}

impl Kv {
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.db.get(key).ok().flatten()
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) {
        let _ = self.db.put(key, value);
    }

    pub fn increment(&self, key: &[u8]) -> u64 {
        let old = self.get(key);
        let n = old.map_or(0, |b| u64::from_be_bytes(b.try_into().unwrap_or([0; 8])));
        let new = (n + 1).to_be_bytes();
        self.insert(key, &new);
        n + 1
    }
}
