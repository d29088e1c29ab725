// Probe (written from scratch) for a missed bug in nats-io/nats.rs.
// Fix commit: 17e5d65f "Fix KV create race after delete/purge" (parent e9919a0d).
//
// What goes wrong: `Store::create` must succeed for exactly one caller per key (it is used as a
// distributed lock). It tries `update(key, value, 0)` (a conditional write that fails if the key
// has any revision), and on failure reads the last entry. If that entry is a Delete/Purge
// tombstone it calls `put(key, value)`, an unconditional write. Two clients that create the
// same deleted key both read the tombstone and both `put`: both get `Ok(revision)` and both
// believe they hold the lock. The fix passes the tombstone's revision to `update` (a
// compare-and-set), so the second writer fails with WrongLastRevision.
//
// racelint should report a check-then-act on the key-value store at the `put` in `create`
// (store-check-then-insert): the decision is taken from `entry(key)`
// and the write ignores what was read. The plain `get` + `is_none()` + `put` form is reported
// (`contrast_get_is_none`, reported: store-check-then-insert). Missing facts: (a) a `match` on a looked-up
// entry whose arm (tombstone pattern) does the write is the check; (b) `entry`/`put` on a
// type that also offers a revision-conditional `update` is a remote key-value store, and the
// unconditional `put` after the read is the blind act.
use bytes::Bytes;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Operation { Put, Delete, Purge }

pub struct Entry { pub operation: Operation, pub revision: u64, pub value: Bytes }

#[derive(Debug)]
pub struct Error;

pub struct Store { client: async_nats::Client, name: String }

impl Store {
    pub async fn update(&self, _key: &str, _v: Bytes, _expected_rev: u64) -> Result<u64, Error> { Err(Error) }
    pub async fn put(&self, _key: &str, _v: Bytes) -> Result<u64, Error> { Ok(1) }
    pub async fn entry(&self, _key: &str) -> Result<Option<Entry>, Error> { Ok(None) }
    pub async fn get(&self, _key: &str) -> Result<Option<Bytes>, Error> { Ok(None) }

    pub async fn create(&self, key: &str, value: Bytes) -> Result<u64, Error> {
        let update_err = match self.update(key, value.clone(), 0).await {
            Ok(revision) => return Ok(revision),
            Err(err) => err,
        };
        match self.entry(key).await? {
            Some(Entry { operation: Operation::Delete | Operation::Purge, .. }) => {
                let revision = self.put(key, value).await?;
                Ok(revision)
            }
            Some(_) => Err(Error),
            None => Err(update_err),
        }
    }

    // Contrast: reported (store-check-then-insert).
    pub async fn contrast_get_is_none(&self, key: &str, value: Bytes) -> Result<u64, Error> {
        if self.get(key).await?.is_none() {
            return self.put(key, value).await;
        }
        Err(Error)
    }
}

// Many processes (or tasks) race to take the same lock key.
pub async fn take_lock(store: std::sync::Arc<Store>) {
    for _ in 0..2 {
        let s = store.clone();
        tokio::spawn(async move {
            let _ = s.create("lock", Bytes::from_static(b"me")).await;
            let _ = s.contrast_get_is_none("lock2", Bytes::from_static(b"me")).await;
        });
    }
}
