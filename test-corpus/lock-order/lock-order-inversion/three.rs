// A 3-lock cycle: no two paths take the same pair in opposite orders, yet
// a -> b, b -> c and c -> a deadlock when three threads run at once.
use std::sync::Mutex;

pub struct Pipeline {
    input: Mutex<Vec<u8>>,
    stage: Mutex<Vec<u8>>,
    output: Mutex<Vec<u8>>,
}

impl Pipeline {
    pub fn pull(&self) {
        let input = self.input.lock().unwrap();
        let mut stage = self.stage.lock().unwrap(); //~ lock-order-inversion
        stage.extend_from_slice(&input);
    }

    pub fn push(&self) {
        let stage = self.stage.lock().unwrap();
        let mut output = self.output.lock().unwrap();
        output.extend_from_slice(&stage);
    }

    pub fn recycle(&self) {
        let output = self.output.lock().unwrap();
        let mut input = self.input.lock().unwrap();
        input.extend_from_slice(&output);
    }
}
