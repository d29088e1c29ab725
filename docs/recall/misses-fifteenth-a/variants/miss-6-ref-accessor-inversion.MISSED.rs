use std::sync::Mutex;

pub struct Inner {
    pub a: Mutex<u32>,
    pub b: Mutex<u32>,
}

pub struct Outer {
    inner: Inner,
}

impl Outer {
    pub fn inner(&self) -> &Inner {
        &self.inner
    }

    pub fn one(&self) {
        let a = self.inner().a.lock().unwrap();
        let b = self.inner().b.lock().unwrap();
        drop((a, b));
    }

    pub fn two(&self) {
        let b = self.inner().b.lock().unwrap();
        let a = self.inner().a.lock().unwrap();
        drop((a, b));
    }
}
