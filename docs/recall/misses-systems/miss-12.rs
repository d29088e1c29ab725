// Expected: a lock-order finding (guard-across-await family) at line 21: the async lock on
// the socket is held across `ws.read_frame().await`, an await that only completes when the
// peer sends something; `send` (line 25) needs the same lock, so a server that wants to write
// first waits for the next incoming frame (deadlock if the peer waits for our message).
// racelint's guard-across-await only covers blocking (std / parking_lot) guards; an async
// guard (tokio Mutex, deno AsyncRefCell `borrow_mut().await`) held across an unbounded wait,
// or across an awaited call back into code that needs the lock, is not reported.
// (From deno a411144219 websocket read/write deadlock, and deno 7070b8ed50: LSP inner lock held
// across awaited client requests that call back into the server.)
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Ws;
impl Ws {
    pub async fn read_frame(&mut self) -> Vec<u8> { std::future::pending().await }
    pub async fn write_frame(&mut self, _f: Vec<u8>) {}
}

pub async fn recv(ws: Arc<Mutex<Ws>>) -> Vec<u8> {
    let mut g = ws.lock().await;
    g.read_frame().await
}

pub async fn send(ws: Arc<Mutex<Ws>>, data: Vec<u8>) {
    ws.lock().await.write_frame(data).await;
}
