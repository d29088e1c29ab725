// A std guard held across `tokio::select!`: the macro awaits its branches, so the task is
// suspended with the lock held; and the handler's lock is taken under it, in the order
// `flush` reverses.
use std::sync::Mutex;
use tokio::sync::mpsc::Receiver;

pub struct Pipe {
    state: Mutex<u64>,
    stats: Mutex<u64>,
}

impl Pipe {
    pub async fn pump(&self, rx: &mut Receiver<u64>) {
        let state = self.state.lock().unwrap(); //~ guard-across-await
        tokio::select! {
            biased;
            Some(v) = rx.recv() => {
                *self.stats.lock().unwrap() += v; //~ lock-order-inversion
            }
            _ = tokio::time::sleep(std::time::Duration::from_millis(10)), if *state > 0 => {}
            else => {}
        }
    }

    // handlers written as blocks without commas, one of them after a `()` pattern
    pub async fn drain(&self, a: &mut Receiver<u64>, b: &mut Receiver<u64>) {
        let _stats = self.stats.lock().unwrap(); //~ guard-across-await
        tokio::select! {
            Some(_) = a.recv() => {}
            () = std::future::ready(()) => {}
            Some(v) = b.recv() => { *self.state.lock().unwrap() += v; }
        }
    }

    pub fn flush(&self) {
        let _stats = self.stats.lock().unwrap();
        let _state = self.state.lock().unwrap();
    }
}
