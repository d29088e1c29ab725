// Probe (written from scratch) for a missed bug in slatedb/slatedb.
// Fix commit: 63b08992 "Remove race conditions from `maybe_apply_backpressure`" (#640,
// parent 6162878e).
//
// What races: a writer measures the unflushed bytes (under the state lock), and if they are
// over the limit it waits for "the next flush": it fetches the current WAL (under the lock
// again) and awaits its durability, or the oldest immutable memtable's flush. The flusher
// tasks can complete the flushes that relieve the pressure between the measurement and the
// fetch. The writer then waits on the *new*, empty current WAL, which is flushed only when
// more writes arrive, and no memtable is left to wait for (pending forever): the writer
// stalls until the 30 s timeout, with the pressure already gone.
//
// racelint should report at `current.await_durable().await` in `apply_backpressure`: a
// condition checked under one guard, then a waitable fetched under a second guard and awaited,
// while another task can satisfy (and move past) the condition in between. It reports the
// in-function Notify form (`contrast_notified_after_check`, reported: notified-after-check).
// Missing fact: the lost-wakeup shape when the thing waited on is re-fetched from shared state
// ("the next event" handle) rather than a `Notify` created after the check.
use parking_lot::RwLock;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

pub struct Wal { durable: watch::Receiver<bool> }
impl Wal {
    pub async fn await_durable(&self) {
        let mut rx = self.durable.clone();
        let _ = rx.wait_for(|d| *d).await;
    }
}

pub struct State { pub unflushed_bytes: usize, pub current_wal: Arc<Wal> }

pub struct Db { state: RwLock<State>, max_unflushed: usize, flushed: Notify }

impl Db {
    pub async fn apply_backpressure(&self) {
        loop {
            let size = self.state.read().unflushed_bytes;
            if size < self.max_unflushed {
                return;
            }
            let current = self.state.read().current_wal.clone();
            tokio::select! {
                _ = current.await_durable() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
            }
        }
    }

    // Contrast: reported (notified-after-check).
    pub async fn contrast_notified_after_check(&self) {
        while self.state.read().unflushed_bytes >= self.max_unflushed {
            self.flushed.notified().await;
        }
    }

    // The flusher task.
    pub fn on_flushed(&self, new_wal: Arc<Wal>) {
        let mut state = self.state.write();
        state.unflushed_bytes = 0;
        state.current_wal = new_wal;
        drop(state);
        self.flushed.notify_waiters();
    }
}
