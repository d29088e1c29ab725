// #2 variant, smallest: a local alias of a std RwLock over a scalar; read guard held, then write
pub type Lock = std::sync::RwLock<u64>;

pub struct S {
    n: Lock,
}

impl S {
    pub fn bump(&self) {
        let r = self.n.read().unwrap();
        let v = *r + 1;
        *self.n.write().unwrap() = v;
    }
}
