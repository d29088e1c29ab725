// `Conn` here is the network one, imported by path.
use crate::net::Conn;

pub fn forward(c: &Conn) {
    let mut send = c.send.lock().unwrap();
    let recv = c.recv.lock().unwrap();
    send.extend(recv.iter());
}
