// Near misses of `guard-across-await`: a shard reference or a std guard held across `.await`
// in a method that holds `self` exclusively (`self` by value, `&mut self`), on a lock that
// only the value owns (held by value, or an `Arc` nobody else holds: the struct is not
// `Clone`, the field is private and never cloned). The other users of the lock are `&self`
// methods of the same value, which cannot run while the exclusive borrow is alive.
use dashmap::DashMap;
use std::sync::{Arc, Mutex};

pub struct Delta {
    pub ids: Vec<u32>,
}

pub struct Sink;
impl Sink {
    pub async fn put(&self, _key: u32, _ids: &[u32]) -> Result<(), String> {
        Ok(())
    }
}

// An `Arc<DashMap>` only this writer holds; apply tasks share the writer itself, and
// `Arc::try_unwrap` gives it back once they are done.
pub struct IndexWriter {
    deltas: Arc<DashMap<u32, Delta>>,
    out: Sink,
}

impl IndexWriter {
    pub fn new() -> Self {
        IndexWriter {
            deltas: Arc::new(DashMap::new()),
            out: Sink,
        }
    }

    pub fn add(&self, cluster: u32, id: u32) {
        self.deltas
            .entry(cluster)
            .or_insert_with(|| Delta { ids: vec![] })
            .ids
            .push(id);
    }

    pub async fn commit(self) -> Result<(), String> {
        let mut keys: Vec<u32> = self.deltas.iter().map(|e| *e.key()).collect();
        keys.sort_unstable();
        for k in keys {
            if let Some(delta) = self.deltas.get(&k) {
                self.out.put(k, &delta.ids).await?;
            }
        }
        Ok(())
    }
}

pub async fn compact(records: Vec<(u32, u32)>) -> Result<(), String> {
    let w = Arc::new(IndexWriter::new());
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

// Fields held by value, flushed from `&mut self`.
pub struct Buffer {
    pending: DashMap<u32, Vec<u8>>,
    log: Mutex<Vec<String>>,
    out: Sink,
}

impl Buffer {
    pub fn push(&self, k: u32, b: u8) {
        self.pending.entry(k).or_default().push(b);
        self.log.lock().unwrap().push(format!("{k}"));
    }

    pub async fn flush(&mut self) -> Result<(), String> {
        let keys: Vec<u32> = self.pending.iter().map(|e| *e.key()).collect();
        for k in keys {
            let entry = self.pending.get(&k);
            if let Some(e) = entry {
                let ids: Vec<u32> = e.iter().map(|b| *b as u32).collect();
                self.out.put(k, &ids).await?;
            }
        }
        let log = self.log.lock().unwrap();
        self.out.put(0, &[log.len() as u32]).await?;
        Ok(())
    }
}
