// Miss, fjall fbcebf2 (parent 462bc0e2), src/batch/mod.rs + src/journal/mod.rs.
// Written from scratch. The journal is a set of shards, each behind its own RwLock.
// `writer()` returns the write guard of one shard; `flush()` write-locks every shard in turn.
// A batch commit takes `writer()` and, before dropping it, calls `flush()`: the flush blocks
// on the shard the same thread already holds (self-deadlock on every batch commit without
// manual persist). racelint does not follow guards returned by wrapper methods over a
// collection of locks (`shards[i].write()` returned from a fn, and a fn locking them all).
use std::sync::{RwLock, RwLockWriteGuard};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Shard {
    pub buf: Vec<u8>,
    pub dirty: bool,
}

pub struct Journal {
    shards: Vec<RwLock<Shard>>,
    next: AtomicUsize,
}

impl Journal {
    pub fn writer(&self) -> RwLockWriteGuard<'_, Shard> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.shards.len();
        self.shards[i].write().unwrap()
    }

    pub fn flush(&self) {
        for s in &self.shards {
            let mut g = s.write().unwrap();
            if g.dirty {
                g.buf.clear();
                g.dirty = false;
            }
        }
    }
}

pub fn commit(j: &Journal, data: &[u8]) {
    let mut w = j.writer();
    w.buf.extend_from_slice(data);
    w.dirty = true;
    j.flush(); // deadlock: `w` still holds one shard
    drop(w);
}
