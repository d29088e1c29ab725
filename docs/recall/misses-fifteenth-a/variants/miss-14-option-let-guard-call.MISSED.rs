use std::sync::Mutex;

pub struct Peer {
    conn: Option<Mutex<u32>>,
}

impl Peer {
    pub fn stop(&self) {
        *self.conn.as_ref().unwrap().lock().unwrap() = 0;
    }

    pub fn check(&self) {
        let g = self.conn.as_ref().unwrap().lock().unwrap();
        if *g > 3 {
            self.stop();
        }
    }
}
