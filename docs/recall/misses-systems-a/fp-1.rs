// fp-1 (seen in tokio 24344dfe4^, runtime/blocking/pool.rs:448,584): notify-without-lock pairs a
// notify on `a::Inner.condvar` with a waiter on `b::Inner.condvar` because both private
// structs are called `Inner`. Expected: no finding (the two condvars are unrelated).
pub mod a {
    use std::sync::{Condvar, Mutex};
    use std::sync::atomic::{AtomicUsize, Ordering};
    pub struct Inner { pub shared: Mutex<Vec<u32>>, pub condvar: Condvar, pub idle: AtomicUsize }
    impl Inner {
        pub fn spawn(&self, t: u32) {
            self.shared.lock().unwrap().push(t);
            self.idle.fetch_sub(1, Ordering::Relaxed);
            self.condvar.notify_one();
        }
    }
}
pub mod b {
    use std::sync::{Condvar, Mutex};
    use std::sync::atomic::{AtomicUsize, Ordering};
    pub struct Inner { pub mutex: Mutex<()>, pub condvar: Condvar, pub idle: AtomicUsize }
    impl Inner {
        pub fn park(&self) {
            let mut g = self.mutex.lock().unwrap();
            while self.idle.load(Ordering::SeqCst) == 0 {
                g = self.condvar.wait(g).unwrap();
            }
        }
    }
}
