// A pool grown past its limit: the size is checked under one guard and grown under another.
use std::sync::{Arc, Mutex};

pub struct Pool {
    size: usize,
    idle: Vec<u32>,
}

pub struct Shared {
    m: Arc<Mutex<Pool>>,
}

impl Shared {
    pub fn grow(&self, max: usize) {
        if self.m.lock().unwrap().size < max { //~ mutex-check-then-act
            let mut p = self.m.lock().unwrap();
            p.size += 1;
        }
    }

    pub fn grow_let(&self, max: usize) {
        let room = {
            let g = self.m.lock().unwrap(); //~ mutex-check-then-act
            g.size < max
        };
        if room {
            self.m.lock().unwrap().size += 1;
        }
    }

    pub fn park(&self, c: u32, max: usize) {
        let g = self.m.lock().unwrap(); //~ mutex-check-then-act
        if g.idle.len() < max {
            drop(g);
            self.m.lock().unwrap().idle.push(c);
        }
    }
}
