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

    pub fn flush(&self) {
        let _stats = self.stats.lock().unwrap();
        let _state = self.state.lock().unwrap();
    }
}
