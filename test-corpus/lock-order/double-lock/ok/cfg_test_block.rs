// A block compiled only for tests inside a production function (`#[cfg(test)] if ..`,
// `#[cfg(test)] { .. }`): a deliberate deadlock that simulates a full channel in moka's
// cancellation tests is test code, whatever the function around it is.
use std::sync::Mutex;

pub struct Channel {
    queue: Mutex<Vec<u32>>,
}

impl Channel {
    pub fn send(&self, v: u32, _should_block: bool) {
        #[cfg(test)]
        if _should_block {
            let mutex = Mutex::new(());
            let _guard = mutex.lock().unwrap();
            // this should dead-lock
            let _again = mutex.lock().unwrap();
        }
        #[cfg(test)]
        {
            let _g = self.queue.lock().unwrap();
            let _h = self.queue.lock().unwrap();
        }
        self.queue.lock().unwrap().push(v);
    }
}
