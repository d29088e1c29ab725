// Miss, rumqtt 4a5c0fa6 (parent 005f73ca), rumqttc/src/eventloop.rs (and v5/eventloop.rs).
// Written from scratch. The event loop owns the receiving end of the request channel and is
// meant to stop with `RequestsDone` once every client handle is dropped (`recv` returns an
// error when the last Sender is gone). But the loop's own struct also keeps a Sender of that
// channel (clients are handed clones of it), so the channel can never close: after the
// application drops all clients, the loop keeps polling forever and the task never ends
// (graceful shutdown hangs). The fix returns the Sender to the caller instead of storing it.
// racelint reports nothing: no rule follows who holds the senders of a channel whose close is
// the loop's termination condition.
use flume::{bounded, Receiver, Sender};

pub enum Request {
    Publish(String),
}

pub struct Client {
    tx: Sender<Request>,
}

pub struct EventLoop {
    rx: Receiver<Request>,
    pub(crate) tx: Sender<Request>, // keeps the channel open forever
}

impl EventLoop {
    pub fn new(cap: usize) -> EventLoop {
        let (tx, rx) = bounded(cap);
        EventLoop { rx, tx }
    }

    pub async fn run(&mut self) -> Result<(), &'static str> {
        loop {
            match self.rx.recv_async().await {
                Ok(Request::Publish(_topic)) => {}
                Err(_) => return Err("requests done"), // unreachable: self.tx is alive
            }
        }
    }
}

pub fn client(ev: &EventLoop) -> Client {
    Client { tx: ev.tx.clone() }
}

pub async fn app() {
    let mut ev = EventLoop::new(10);
    let c = client(&ev);
    let task = tokio::spawn(async move { ev.run().await });
    let _ = c.tx.send_async(Request::Publish("a".into())).await;
    drop(c);
    let _ = task.await; // never returns
}
