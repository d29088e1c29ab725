// conduit b1d9ec3e shape: a tree over RocksDB increments a counter with get_cf, a helper that
// computes the next value, and put_cf. Two increments in between lose one.
use std::sync::Arc;

pub struct Engine {
    rocks: rocksdb::DBWithThreadMode<rocksdb::MultiThreaded>,
}

pub struct RocksTree {
    db: Arc<Engine>,
    name: String,
}

fn increment(old: Option<&[u8]>) -> Option<Vec<u8>> {
    let n = old.map(|b| u64::from_be_bytes(b.try_into().unwrap())).unwrap_or(0);
    Some((n + 1).to_be_bytes().to_vec())
}

impl RocksTree {
    fn cf(&self) -> Arc<rocksdb::BoundColumnFamily<'_>> {
        self.db.rocks.cf_handle(&self.name).unwrap()
    }

    pub fn increment(&self, key: &[u8]) -> Result<Vec<u8>, rocksdb::Error> {
        let old = self.db.rocks.get_cf(&self.cf(), &key)?;
        let new = increment(old.as_deref()).unwrap();
        self.db.rocks.put_cf(&self.cf(), key, &new)?;
        Ok(new)
    }
}
