use crate::Pool;
use std::sync::OnceLock;

static CACHE: OnceLock<Vec<u8>> = OnceLock::new();

pub struct Api;

impl Api {
    fn fill(bytes: Vec<u8>) {
        if CACHE.get().is_none() { //~ lazy-init-race
            let _ = CACHE.set(bytes);
        }
    }
}

impl Drop for Api {
    // a trait impl method: the runtime calls it, any number of times
    fn drop(&mut self) {
        Self::fill(Vec::new());
        let _ = Pool::init("db://again");
    }
}
