pub struct Tree {
    rocks: rocksdb::DB,
}

impl Tree {
    pub fn increment(&self, key: &[u8]) -> Result<u64, rocksdb::Error> {
        let old = self.rocks.get(key)?;
        let n = old.map(|b| u64::from_be_bytes(b.as_slice().try_into().unwrap())).unwrap_or(0);
        self.rocks.put(key, (n + 1).to_be_bytes())?;
        Ok(n + 1)
    }
}
