// A block under another `cfg` is production code: its double lock is reported.
use std::sync::Mutex;

pub struct Channel {
    queue: Mutex<Vec<u32>>,
}

impl Channel {
    pub fn send(&self, v: u32) {
        #[cfg(feature = "debug-queue")]
        {
            let _g = self.queue.lock().unwrap();
            let _h = self.queue.lock().unwrap(); //~ double-lock
        }
        self.queue.lock().unwrap().push(v);
    }
}
