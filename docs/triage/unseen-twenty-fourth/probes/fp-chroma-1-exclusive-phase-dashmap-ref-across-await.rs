// FP reproduction (written from scratch) for chroma-core/chroma at 93652ec0,
// rust/index/src/spann/quantized_spann.rs:877 and rust/index/src/fulltext/bitmap_index.rs:263
// (guard-across-await).
//
// The index writers keep their pending changes in an `Arc<DashMap<..>>` so that many apply tasks
// can add to it through `&self`. Flushing happens in a separate phase: `commit(self)` consumes
// the writer (or `finish(&mut self)` on the owning segment writer) after every apply task has
// completed, and walks the map holding a shard `Ref` across `blockfile_writer.set(..).await`.
// At that point no other task has the writer, so nobody can block on the shard.
//
// racelint reports guard-across-await at the `Ref`. Missing fact: a method that takes `self` by
// value (or `&mut self` of the only owner) runs when no `&self` borrow is alive; the map's
// other users are the `&self` methods of the same value, which cannot run concurrently with it.
// (The `Arc` makes this weaker: a clone of the writer could still be alive. The chroma writers
// are `Clone`, but the orchestrator drops the apply tasks' clones before it commits.)
use dashmap::DashMap;
use std::sync::Arc;

pub struct Delta { pub ids: Vec<u32> }

pub struct BlockfileWriter;
impl BlockfileWriter {
    pub async fn set(&self, _key: u32, _ids: &[u32]) -> Result<(), String> { Ok(()) }
}

pub struct IndexWriter { deltas: Arc<DashMap<u32, Delta>>, out: BlockfileWriter }

impl IndexWriter {
    pub fn add(&self, cluster: u32, id: u32) {
        self.deltas.entry(cluster).or_insert_with(|| Delta { ids: vec![] }).ids.push(id);
    }

    pub async fn commit(self) -> Result<(), String> {
        let mut keys: Vec<u32> = self.deltas.iter().map(|e| *e.key()).collect();
        keys.sort_unstable();
        for k in keys {
            if let Some(delta) = self.deltas.get(&k) {
                self.out.set(k, &delta.ids).await?;
            }
        }
        Ok(())
    }
}

// Apply phase, then commit phase.
pub async fn compact(w: IndexWriter, records: Vec<(u32, u32)>) -> Result<(), String> {
    let w = Arc::new(w);
    let mut tasks = Vec::new();
    for (c, id) in records {
        let w = w.clone();
        tasks.push(tokio::spawn(async move { w.add(c, id) }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let w = Arc::try_unwrap(w).map_err(|_| "still shared".to_string())?;
    w.commit().await
}
