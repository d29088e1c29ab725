// Two different elements of one collection held at once are two locks, not a double lock.
use std::sync::Mutex;

pub struct Slots {
    slots: Vec<Mutex<u64>>,
}

impl Slots {
    pub fn swap(&self, i: usize, j: usize) {
        if i == j {
            return;
        }
        let mut a = self.slots[i].lock().unwrap();
        let mut b = self.slots[j].lock().unwrap();
        std::mem::swap(&mut *a, &mut *b);
    }

    pub fn first_two(&self) {
        let _a = self.slots[0].lock().unwrap();
        let _b = self.slots[1].lock().unwrap();
    }

    pub fn pairs(&self) {
        for a in &self.slots {
            let _ga = a.lock().unwrap();
            self.other(0);
        }
    }

    fn other(&self, k: usize) {
        let _g = self.slots[k + 1].lock().unwrap();
    }

    pub fn next_free(&self) {
        let _a = self.slots[self.pick()].lock().unwrap();
        let _b = self.slots[self.pick()].lock().unwrap();
    }

    fn pick(&self) -> usize {
        1
    }
}

static LANES: [Mutex<u8>; 2] = [Mutex::new(0), Mutex::new(0)];

pub fn both() {
    let _a = LANES[0].lock().unwrap();
    let _b = LANES[1].lock().unwrap();
}
