// The same element of a collection of locks locked twice: by the same index, through a
// reference bound to it, or through a `for` loop's variable.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Slots {
    slots: Vec<Mutex<u64>>,
    named: HashMap<String, RwLock<u64>>,
}

impl Slots {
    pub fn twice(&self, i: usize) {
        let a = self.slots[i].lock().unwrap();
        let b = self.slots[i].lock().unwrap(); //~ double-lock
        println!("{} {}", a, b);
    }

    pub fn through_ref(&self, name: &str) {
        let s = self.named.get(name).unwrap();
        let r = s.read().unwrap();
        *s.write().unwrap() = *r + 1; //~ double-lock
    }

    pub fn each(&self) {
        for s in &self.slots {
            let g = s.lock().unwrap();
            if *g == 0 {
                *s.lock().unwrap() = 1; //~ double-lock
            }
        }
    }
}

static LANES: [Mutex<u8>; 2] = [Mutex::new(0), Mutex::new(0)];

pub fn lane(n: usize) {
    let l = LANES.get(n).expect("lane");
    let _g = l.lock().unwrap();
    let _h = l.lock().unwrap(); //~ double-lock
}
