// #2 variant: the same without the alias
use std::sync::RwLock;

pub struct S {
    n: RwLock<u64>,
}

impl S {
    pub fn bump(&self) {
        let r = self.n.read().unwrap();
        let v = *r + 1;
        *self.n.write().unwrap() = v;
    }
}
