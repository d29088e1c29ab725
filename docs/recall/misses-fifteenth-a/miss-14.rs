use std::sync::mpsc::{Receiver, Sender};
use std::sync::Mutex;

pub struct Conn {
    pub close_tx: Sender<()>,
    pub err_rx: Receiver<String>,
}

pub struct Peer {
    conn: Option<Mutex<Conn>>,
}

impl Peer {
    pub fn stop(&self) {
        let _ = self.conn.as_ref().unwrap().lock().unwrap().close_tx.send(());
    }

    pub fn check(&self) -> bool {
        match self.conn.as_ref().unwrap().lock().unwrap().err_rx.try_recv() {
            Ok(_e) => {
                self.stop();
                false
            }
            Err(_) => true,
        }
    }
}
