use parking_lot::Mutex;

pub struct Client {
    pub pool: Mutex<Vec<u32>>,
}

impl Client {
    pub fn fetch(&self) -> usize {
        let pool = self.pool.lock();
        let again = self.pool.lock();
        pool.len() + again.len()
    }
}
