// #12 greptimedb 9fb1e02476 (FOUND): `let engine = self.engine.read()` is shadowed by a second
// `let engine = self.engine.read()` while the first guard is alive (recursive read: a writer
// queued in between blocks the second read).
use std::sync::RwLock;

pub struct Engine;

impl Engine {
    fn get(&self, _k: &[u8]) -> Option<Vec<u8>> {
        None
    }
    fn write(&self, _batch: Vec<Vec<u8>>) {}
}

pub struct Backend {
    engine: RwLock<Engine>,
}

impl Backend {
    pub fn batch_delete(&self, keys: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        let mut prev = Vec::new();
        let engine = self.engine.read().unwrap();
        for k in &keys {
            if let Some(v) = engine.get(k) {
                prev.push(v);
            }
        }
        let engine = self.engine.read().unwrap();
        engine.write(keys);
        prev
    }
}
