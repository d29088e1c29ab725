// miss-12 (tokio 8497f379b, broadcast deadlock with custom wakers)
// Expected: a lock-order/re-entrancy finding at line 25: `w.wake()` runs foreign code (a
// user-supplied Waker) while the `waiters` guard is held; a waker that calls back into the
// channel (`subscribe`, `send`, drop of a receiver) locks `waiters` again -> self-deadlock.
// The same applies to dropping an old Waker under the lock (line 32).
// Gap: `Waker::wake` / `wake_by_ref` / dropping a `Waker` (and other opaque callbacks:
// `Box<dyn Fn>`) are not treated as calls that may re-acquire the held lock.
use std::sync::Mutex;
use std::task::Waker;

pub struct Chan { waiters: Mutex<Vec<Waker>>, closed: Mutex<bool> }

impl Chan {
    pub fn register(&self, w: &Waker) {
        self.waiters.lock().unwrap().push(w.clone());
    }
    pub fn close(&self) {
        *self.closed.lock().unwrap() = true;
        self.notify_all();
    }
    fn notify_all(&self) {
        let mut ws = self.waiters.lock().unwrap();
        while let Some(w) = ws.pop() {
            // guard `ws` still held: the waker may re-enter `register`
            w.wake(); // line 25
        }
    }
    pub fn replace_waker(&self, i: usize, w: &Waker) {
        let mut ws = self.waiters.lock().unwrap();
        if let Some(slot) = ws.get_mut(i) {
            let old = std::mem::replace(slot, w.clone());
            drop(old); // line 32: old waker's Drop runs under the lock
        }
    }
}
