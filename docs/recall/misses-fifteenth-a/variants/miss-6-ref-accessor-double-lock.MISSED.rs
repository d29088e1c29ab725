use std::sync::Mutex;

pub struct Inner {
    pub m: Mutex<u32>,
}

pub struct Outer {
    inner: Inner,
}

impl Outer {
    pub fn inner(&self) -> &Inner {
        &self.inner
    }

    pub fn bump(&self) {
        let a = self.inner().m.lock().unwrap();
        let b = self.inner().m.lock().unwrap();
        drop((a, b));
    }
}
