// A `DashMap` reference wrapped in a timing value inside a `match` arm (`Some(r) =>
// Timed::new(r, ..)`, the other arm leaving): the binding holds the shard for the rest of
// the block, so the state lock taken after it orders shard -> state, against a path that
// holds the state lock and walks the map.
use dashmap::DashMap;
use parking_lot::RwLock;
use std::sync::Arc;

pub struct Timed<T> {
    inner: T,
}

impl<T> Timed<T> {
    pub fn new(inner: T, _reason: &'static str) -> Self {
        Self { inner }
    }
}

impl<T> std::ops::Deref for Timed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> std::ops::DerefMut for Timed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

pub struct Conn {
    pub queued: Vec<u32>,
}

pub struct Shared {
    pub conns: DashMap<u64, Conn>,
    pub pending: RwLock<Vec<u32>>,
}

impl Shared {
    fn flush_all(&self) {
        for mut c in self.conns.iter_mut() {
            c.queued.clear();
        }
    }

    pub fn on_tick(&self) {
        let mut p = self.pending.write();
        p.clear();
        self.flush_all();
    }
}

pub struct Handler {
    pub shared: Arc<Shared>,
    pub id: u64,
}

impl Handler {
    pub fn on_closed(&self) {
        let mut c = match self.shared.conns.get_mut(&self.id) {
            Some(conn) => Timed::new(conn, "on_closed"),
            None => return,
        };
        let mut p = self.shared.pending.write(); //~ lock-order-inversion
        p.extend(c.queued.drain(..));
    }
}
