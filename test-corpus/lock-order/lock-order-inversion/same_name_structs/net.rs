use std::sync::Mutex;

pub struct Conn {
    pub send: Mutex<Vec<u8>>,
    pub recv: Mutex<Vec<u8>>,
}

impl Conn {
    pub fn echo(&self) {
        let recv = self.recv.lock().unwrap();
        let mut send = self.send.lock().unwrap(); //~ lock-order-inversion
        send.extend(recv.iter());
    }
}
