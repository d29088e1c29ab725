use std::sync::Mutex;

pub struct Peer {
    conn: Mutex<u32>,
}

impl Peer {
    pub fn stop(&self) {
        *self.conn.lock().unwrap() = 0;
    }

    pub fn check(&self) {
        let g = self.conn.lock().unwrap();
        if *g > 3 {
            self.stop();
        }
    }
}
