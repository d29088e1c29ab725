// FP reduction (written from scratch) of the main FP cause in Pumpkin-MC/Pumpkin (t31):
// per-entity counters written only by that entity's own tick.
//
// The world tick spawns one task per entity and joins all of them before the next tick, so an
// entity's `tick` never runs twice at once. A timer field that only `tick` reads and writes
// has one actor, even though the entity is shared (`Arc<dyn EntityBase>`) and its fields are
// atomics. racelint reports atomic-load-store at the store (line 23): it sees `&self` atomics
// on a shared type, not that the only writer is the entity's own tick task.
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

pub struct Lightning {
    life: AtomicI32,
}

pub trait EntityBase: Send + Sync {
    fn tick(&self);
}

impl EntityBase for Lightning {
    fn tick(&self) {
        let life = self.life.load(Ordering::Relaxed);
        self.life.store(life - 1, Ordering::Relaxed);
    }
}

pub async fn world_tick(entities: Vec<Arc<dyn EntityBase>>) {
    let mut set = tokio::task::JoinSet::new();
    for e in entities {
        set.spawn(async move { e.tick() });
    }
    while set.join_next().await.is_some() {}
}
