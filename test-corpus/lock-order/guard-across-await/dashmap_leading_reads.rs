// A loop over a DashMap whose body first reads owned values through the reference (`let id =
// *entry.key(); let offset = entry.load(..);`) and then awaits holds each shard's read lock
// across the `.await`. Those reads move into a `.map(..)` collected before the loop.
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const ORDERING: Ordering = Ordering::Acquire;

pub struct Consumer {
    offsets: Arc<DashMap<u32, AtomicU64>>,
    names: DashMap<u32, String>,
}

impl Consumer {
    pub async fn store_all(&self) {
        for entry in self.offsets.iter() { //~ guard-across-await
            let partition_id = *entry.key();
            let consumed_offset = entry.load(ORDERING);
            store(partition_id, consumed_offset).await;
        }
    }

    pub async fn announce(&self) {
        for r in self.names.iter() { //~ guard-across-await
            // the name is copied out
            let mut name = r.value().clone();
            name.push('!');
            send(&name).await;
        }
    }

    pub fn spawn_store(&self) {
        let offsets = self.offsets.clone();
        tokio::spawn(async move {
            for entry in offsets.iter() { //~ guard-across-await
                let partition_id = *entry.key();
                let next = entry.load(Ordering::Relaxed);
                let label = format!("{partition_id}:{}", next + 1);
                store(partition_id, next + 1).await;
                send(&label).await;
            }
        });
    }

    // the reference is used after the `.await`: no edit
    pub async fn store_late(&self) {
        for entry in self.offsets.iter() { //~ guard-across-await
            let partition_id = *entry.key();
            store(partition_id, 0).await;
            entry.store(0, Ordering::Relaxed);
        }
    }

    // the read names a local the loop changes: no edit
    pub async fn store_shifted(&self) {
        let mut shift = 0;
        for entry in self.offsets.iter() { //~ guard-across-await
            let offset = entry.load(Ordering::Relaxed) + shift;
            shift += 1;
            store(0, offset).await;
        }
    }

    pub fn add(&self, id: u32, name: String) {
        self.offsets.insert(id, AtomicU64::new(0));
        self.names.insert(id, name);
    }
}

// a free function over the struct: `e` is used in the awaiting statement, no edit
pub async fn flush(c: &Consumer) {
    for e in c.offsets.iter() { //~ guard-across-await
        let id = *e.key();
        store(id, e.load(Ordering::SeqCst)).await;
    }
}

pub async fn flush_copies(c: &Consumer) {
    for e in c.offsets.iter() { //~ guard-across-await
        let id = *e.key();
        let offset = e.load(Ordering::SeqCst);
        store(id, offset).await;
    }
}

async fn store(_p: u32, _o: u64) {}
async fn send(_s: &str) {}
