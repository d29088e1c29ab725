// The guard is dropped before the `select!` awaits; the handlers lock one mutex at a time.
use std::sync::Mutex;
use tokio::sync::mpsc::Receiver;

pub struct Pipe {
    state: Mutex<u64>,
    stats: Mutex<u64>,
}

impl Pipe {
    pub async fn pump(&self, rx: &mut Receiver<u64>) {
        let ready = *self.state.lock().unwrap() > 0;
        tokio::select! {
            Some(v) = rx.recv() => {
                *self.stats.lock().unwrap() += v;
            }
            _ = tokio::time::sleep(std::time::Duration::from_millis(10)), if ready => {
                *self.state.lock().unwrap() = 0;
            }
        }
    }
}
