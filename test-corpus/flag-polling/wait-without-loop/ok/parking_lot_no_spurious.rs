// parking_lot's Condvar has no spurious wake-ups: a wait under `if` returns only when
// notified, here after the flag was set (qdrant's `IsReady` shape).
use parking_lot::{Condvar, Mutex};

pub struct IsReady {
    condvar: Condvar,
    value: Mutex<bool>,
}

impl IsReady {
    pub fn make_ready(&self) {
        let mut is_ready = self.value.lock();
        if !*is_ready {
            *is_ready = true;
            self.condvar.notify_all();
        }
    }

    pub fn await_ready(&self) {
        let mut is_ready = self.value.lock();
        if !*is_ready {
            self.condvar.wait(&mut is_ready);
        }
    }
}
