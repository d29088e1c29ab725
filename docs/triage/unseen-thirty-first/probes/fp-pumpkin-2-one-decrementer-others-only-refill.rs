// FP reduction (written from scratch) of an FP cause in Pumpkin-MC/Pumpkin (t31): a
// check-then-decrement with a single decrementer.
//
// A brewing stand's tick is the only code that decrements `fuel` after testing `fuel > 0`;
// the other writer (a player putting blaze powder in, from the player's connection task) only
// stores a fresh full value. With one decrementer the value cannot go below the bound that was
// tested, whatever the refill does in between: at worst the tick uses one unit of the new fuel,
// which is what it would have done a moment later. racelint reports atomic-check-then-act at
// the test (line 22): it needs a second decrementer (two callers of `tick` at once, or another
// fetch_sub), not merely another writer.
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

pub struct BrewingStand {
    fuel: AtomicI32,
}

impl BrewingStand {
    pub const FULL: i32 = 20;

    pub fn tick(&self, brewable: bool) -> bool {
        if brewable && self.fuel.load(Ordering::Relaxed) > 0 {
            self.fuel.fetch_sub(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    pub fn refill(&self) {
        self.fuel.store(Self::FULL, Ordering::Relaxed);
    }
}

pub async fn run(stand: Arc<BrewingStand>) {
    let s2 = stand.clone();
    tokio::spawn(async move { s2.refill() });
    loop {
        stand.tick(true);
        tokio::task::yield_now().await;
    }
}
