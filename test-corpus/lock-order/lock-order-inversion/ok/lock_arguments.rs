// Locks passed to helpers, in one order everywhere, or serialised, or local.
use std::sync::Mutex;

pub struct Pair {
    left: Mutex<u32>,
    right: Mutex<u32>,
}

pub struct Gated {
    a: Mutex<u32>,
    b: Mutex<u32>,
    gate: Mutex<()>,
}

fn move_units(from: &Mutex<u32>, to: &Mutex<u32>, n: u32) {
    let mut a = from.lock().unwrap();
    let mut b = to.lock().unwrap();
    *a -= n;
    *b += n;
}

fn bump(counter: &Mutex<u32>) {
    *counter.lock().unwrap() += 1;
}

impl Pair {
    // the same order on every path
    pub fn forward(&self) {
        move_units(&self.left, &self.right, 1);
    }

    pub fn forward_twice(&self) {
        let _l = self.left.lock().unwrap();
        bump(&self.right);
    }

    // a local lock nothing else can reach
    pub fn scratch(&self) {
        let tmp = Mutex::new(0u32);
        let _r = self.right.lock().unwrap();
        bump(&tmp);
    }
}

impl Gated {
    // both orders, but every caller holds the gate: one at a time
    pub fn swap_a(&self) {
        let _g = self.gate.lock().unwrap();
        move_units(&self.a, &self.b, 1);
    }

    pub fn swap_b(&self) {
        let _g = self.gate.lock().unwrap();
        move_units(&self.b, &self.a, 1);
    }
}

pub fn scratch_pair() {
    let a = Mutex::new(1u32);
    let b = Mutex::new(2u32);
    move_units(&a, &b, 1);
    move_units(&b, &a, 1);
}
