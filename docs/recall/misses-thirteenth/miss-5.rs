// greptimedb 00e21e2021 shape: a second read() of the same std RwLock while the first read
// guard (shadowed, not dropped) is still alive; a queued writer deadlocks both.
use std::sync::RwLock;

pub struct Engine;
impl Engine {
    fn get(&self, _k: &[u8]) -> Option<Vec<u8>> { None }
    fn write(&self, _batch: &mut Vec<Vec<u8>>) {}
}

pub struct Backend {
    engine: RwLock<Engine>,
}

impl Backend {
    pub fn batch_delete(&self, keys: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        let mut prev = Vec::new();
        let mut batch = Vec::new();
        let engine = self.engine.read().unwrap();
        for key in keys {
            if let Some(v) = engine.get(&key) {
                prev.push(v);
            }
            batch.push(key);
        }
        let engine = self.engine.read().unwrap();
        engine.write(&mut batch);
        prev
    }
}
