// Through a reference accessor, two different fields, or one field locked after the first
// guard is dropped, is no self-deadlock; an accessor that builds a new struct is no path.
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

    pub fn fresh(&self) -> Inner {
        Inner {
            a: Mutex::new(0),
            b: Mutex::new(0),
        }
    }

    pub fn two_fields(&self) {
        let a = self.inner().a.lock().unwrap();
        let b = self.inner().b.lock().unwrap();
        drop((a, b));
    }

    pub fn sequential(&self) {
        let a = *self.inner().a.lock().unwrap();
        let b = self.inner().a.lock().unwrap();
        drop((a, b));
    }

    pub fn fresh_twice(&self) {
        let x = self.fresh();
        let a = x.a.lock().unwrap();
        let b = self.fresh().a.lock().unwrap();
        drop((a, b));
    }
}
