// A lock in an `Option` field (`Option<Mutex<T>>`, `Option<Arc<Mutex<T>>>`) reached through
// `as_ref().unwrap()` / `as_ref().expect(..)` is that field's lock (grin's `Peer::connection`).
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

pub struct Conn {
    pub close_tx: Sender<()>,
    pub err_rx: Receiver<String>,
}

pub struct Peer {
    connection: Option<Mutex<Conn>>,
    stats: Option<Arc<Mutex<u64>>>,
}

impl Peer {
    pub fn stop(&self) {
        let _ = self.connection.as_ref().unwrap().lock().unwrap().close_tx.send(());
    }

    pub fn check_connection(&self) -> bool {
        match self.connection.as_ref().unwrap().lock().unwrap().err_rx.try_recv() {
            Ok(_e) => {
                self.stop(); //~ double-lock
                false
            }
            Err(_) => true,
        }
    }

    pub fn reset(&self) {
        *self.stats.as_ref().expect("stats").lock().unwrap() = 0;
    }

    pub fn bump(&self) {
        let n = self.stats.as_ref().expect("stats").lock().unwrap();
        if *n > 10 {
            self.reset(); //~ double-lock
        }
    }

    pub fn both(&self) -> u64 {
        let a = self.stats.as_ref().unwrap().lock().unwrap();
        let b = self.stats.as_ref().unwrap().lock().unwrap(); //~ double-lock
        *a + *b
    }
}
