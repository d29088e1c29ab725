// Probe (written from scratch) for a missed bug in ZcashFoundation/zebra.
// Fix commit: 6a3615e03 "fix: Commit sled state in a transaction (#933)" (parent 3400b726).
//
// What goes wrong: `SledState::insert` writes a block with two separate sled inserts,
// first `height_map[height] = hash`, then `by_hash[hash] = block` ("TODO: make this
// transactional"). The state service hands every request a clone of the state and runs it in
// the caller's future, so a `GetDepth` request can run between the two inserts: it reads the tip
// from `height_map` (`get_tip`, the new block already) and then `get(tip_hash)` from `by_hash`,
// where the block is not there yet, and `.expect("block must be present ..")` panics. The fix
// puts both inserts in one sled transaction over the two trees.
//
// racelint reports a read-modify-write of one key on redis (`contrast_redis_counter`, reported:
// kv-get-then-set). Missing facts: (1) embedded key-value stores are not stores for the store
// rules: the same counter on a sled tree (`sled_counter`) is silent, and so is the same shape
// on `rocksdb::DB` (`get` + `put`), zebra's store today. (2) A writer that updates two keys (or
// two trees) of one store in separate statements, while a concurrent reader takes a key from
// the first write and unwraps its lookup in the second, can observe the half-written state:
// "write A, then write B" without a transaction against "read A, expect B" is a torn read. The
// invariant between the two trees (the reader's `expect`) is what makes it a bug.
use std::sync::Arc;

#[derive(Clone)]
pub struct SledState { storage: sled::Db }

impl SledState {
    pub fn insert(&self, height: u32, hash: [u8; 32], bytes: Vec<u8>) -> sled::Result<()> {
        let height_map = self.storage.open_tree(b"height_map")?;
        let by_hash = self.storage.open_tree(b"by_hash")?;
        height_map.insert(height.to_be_bytes(), &hash)?;
        by_hash.insert(hash, bytes)?;
        Ok(())
    }

    pub fn get_tip(&self) -> sled::Result<Option<sled::IVec>> {
        let tree = self.storage.open_tree(b"height_map")?;
        Ok(tree.iter().values().next_back().transpose()?)
    }

    pub fn tip_block(&self) -> sled::Result<Vec<u8>> {
        let tip_hash = self.get_tip()?.expect("storage must have a tip");
        let by_hash = self.storage.open_tree(b"by_hash")?;
        let block = by_hash.get(&tip_hash)?.expect("block must be present");
        Ok(block.to_vec())
    }

    pub fn sled_counter(&self) -> sled::Result<()> {
        let meta = self.storage.open_tree(b"meta")?;
        let n = meta.get(b"blocks")?.map(|v| v[0]).unwrap_or(0);
        meta.insert(b"blocks", &[n + 1])?;
        Ok(())
    }
}

// Contrast: reported (kv-get-then-set).
pub async fn contrast_redis_counter(conn: &mut redis::aio::MultiplexedConnection) -> redis::RedisResult<()> {
    use redis::AsyncCommands;
    let n: i64 = conn.get("blocks").await?;
    conn.set("blocks", n + 1).await?;
    Ok(())
}

// The syncer adds blocks while the network inbound service asks for depths and tips.
pub fn spawn(state: Arc<SledState>) {
    let writer = state.clone();
    std::thread::spawn(move || {
        let _ = writer.insert(1, [0; 32], vec![1]);
        let _ = writer.sled_counter();
    });
    std::thread::spawn(move || {
        let _ = state.tip_block();
        let _ = state.sled_counter();
    });
}
