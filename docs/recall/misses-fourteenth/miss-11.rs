// conduwuit 46423cab shape: the global counter of a RocksDB column wrapper is read with the
// wrapper's own `get`, the next value is computed by a shared helper, and written back with the
// wrapper's `insert`. Every method takes `&self`; one `Arc<Map>` serves all request threads.
use std::sync::Arc;

pub struct Engine {
    db: rocksdb::DBWithThreadMode<rocksdb::MultiThreaded>,
}

pub struct Map {
    name: String,
    db: Arc<Engine>,
}

pub mod utils {
    pub fn increment(old: Option<&[u8]>) -> [u8; 8] {
        let n = old.map_or(0, |b| u64::from_be_bytes(b.try_into().unwrap_or([0; 8])));
        n.wrapping_add(1).to_be_bytes()
    }
}

impl Map {
    fn cf(&self) -> Arc<rocksdb::BoundColumnFamily<'_>> {
        self.db.db.cf_handle(&self.name).unwrap()
    }

    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, rocksdb::Error> {
        self.db.db.get_cf(&self.cf(), key)
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) -> Result<(), rocksdb::Error> {
        self.db.db.put_cf(&self.cf(), key, value)
    }

    pub fn increment(&self, key: &[u8]) -> Result<[u8; 8], rocksdb::Error> {
        let old = self.get(key)?;
        let new = utils::increment(old.as_deref());
        self.insert(key, &new)?;
        Ok(new)
    }
}
