// Accessors of two different locks: no double lock.
use std::sync::Mutex;

pub struct Registry {
    items: Mutex<Vec<u32>>,
    count: Mutex<u32>,
}

impl Registry {
    fn items(&self) -> &Mutex<Vec<u32>> {
        &self.items
    }

    fn count(&self) -> &Mutex<u32> {
        &self.count
    }

    pub fn add(&self, x: u32) {
        let mut items = self.items().lock().unwrap();
        items.push(x);
        *self.count().lock().unwrap() += 1;
    }

    pub fn again(&self) {
        {
            let _i = self.items().lock().unwrap();
        }
        let _j = self.items.lock().unwrap();
    }
}
