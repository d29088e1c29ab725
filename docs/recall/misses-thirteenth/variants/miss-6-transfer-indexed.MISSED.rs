use std::sync::Mutex;
pub struct Engine {
    regions: Vec<Mutex<u64>>,
}
impl Engine {
    pub fn transfer(&self, from: usize, to: usize) {
        let mut a = self.regions[from].lock().unwrap();
        let mut b = self.regions[to].lock().unwrap();
        *a -= 1;
        *b += 1;
    }
}
