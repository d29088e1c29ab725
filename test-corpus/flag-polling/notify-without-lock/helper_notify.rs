// The notify sits in a helper; neither it nor its caller changes the condition under the
// mutex (parking_lot, a waiter on `&mut guard`).
use parking_lot::{Condvar, Mutex};
use std::sync::Arc;

pub struct Latch {
    done: Mutex<bool>,
    cv: Condvar,
}

impl Latch {
    pub fn wait(&self) {
        let mut done = self.done.lock();
        while !*done {
            self.cv.wait(&mut done);
        }
    }

    fn wake(&self) {
        self.cv.notify_all(); //~ notify-without-lock
    }

    pub fn finish(&self) {
        self.wake();
    }
}

pub fn run(l: Arc<Latch>) {
    let l2 = Arc::clone(&l);
    std::thread::spawn(move || l2.wait());
    l.finish();
}
