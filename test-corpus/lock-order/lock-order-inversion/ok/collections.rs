// Two elements of one collection in either order are not reported (an ordering hazard only
// when two threads pass swapped indexes; racelint cannot tell the indexes apart), nor is one
// order of an element and another lock used everywhere.
use std::sync::Mutex;

pub struct Accounts {
    slots: Vec<Mutex<i64>>,
    audit: Mutex<Vec<String>>,
}

impl Accounts {
    pub fn forward(&self, i: usize, j: usize) {
        let _a = self.slots[i].lock().unwrap();
        let _b = self.slots[j].lock().unwrap();
    }

    pub fn backward(&self, i: usize, j: usize) {
        let _b = self.slots[j].lock().unwrap();
        let _a = self.slots[i].lock().unwrap();
    }

    pub fn log(&self, i: usize) {
        let v = self.slots[i].lock().unwrap();
        self.audit.lock().unwrap().push(v.to_string());
    }

    pub fn log_all(&self) {
        for s in self.slots.iter() {
            let v = *s.lock().unwrap();
            self.audit.lock().unwrap().push(v.to_string());
        }
    }
}
