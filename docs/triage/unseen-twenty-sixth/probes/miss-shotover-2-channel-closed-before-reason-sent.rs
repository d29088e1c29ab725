// Probe (written from scratch) for a missed bug in shotover/shotover-proxy.
// Fix commit: fe683504 "Fix SinkConnection race condition (#1711)" (parent 0d3ca8ab).
//
// What goes wrong: `spawn_read_write_tasks` moves `in_tx` into `reader_task(..)`. When the
// destination closes the connection, `reader_task` returns an error; `in_tx` is dropped as the
// call returns, and only then does the spawned task run `connection_closed_tx.try_send(err)`.
// The connection handle (another task) sees `in_rx.recv()` return `None` and immediately runs
// `self.connection_closed_rx.try_recv().unwrap()` to learn why. If it runs between the drop and
// the `try_send`, the reason is not there yet and the `unwrap` panics (the transform chain and
// the client connection die instead of getting OtherSideClosed). The fix keeps `in_tx` alive
// (passes `&in_tx`) and drops it explicitly after sending the error.
//
// racelint reports an unordered publication through an atomic flag
// (`contrast_relaxed_flag`, reported: relaxed-publication). Missing fact: closing a channel
// (dropping its last sender, here implicitly when a by-value argument's callee returns) is a
// signal to the receiver, and a value the receiver then reads from a second channel with
// `try_recv().unwrap()` must be sent *before* that signal; "signal, then publish" is the same
// ordering bug as a flag stored before the data it announces.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub enum ConnectionError { OtherSideClosed }

async fn reader_task(in_tx: mpsc::Sender<Vec<u8>>) -> Result<(), ConnectionError> {
    let _ = in_tx.send(vec![1]).await;
    Err(ConnectionError::OtherSideClosed)
}

pub fn spawn_reader(in_tx: mpsc::Sender<Vec<u8>>, closed_tx: mpsc::Sender<ConnectionError>) {
    tokio::spawn(async move {
        if let Err(err) = reader_task(in_tx).await {
            closed_tx.try_send(err).ok();
        }
    });
}

pub struct SinkConnection {
    in_rx: mpsc::Receiver<Vec<u8>>,
    closed_rx: mpsc::Receiver<ConnectionError>,
}

impl SinkConnection {
    pub async fn recv(&mut self) -> Result<Vec<u8>, ConnectionError> {
        match self.in_rx.recv().await {
            Some(m) => Ok(m),
            None => Err(self.closed_rx.try_recv().unwrap()),
        }
    }
}

// Contrast: reported (relaxed-publication). The payload is an atomic stored before the flag,
// both Relaxed; the reader waits for the flag and then reads the payload.
pub fn contrast_relaxed_flag() -> u64 {
    let ready = Arc::new(AtomicBool::new(false));
    let reason = Arc::new(AtomicU64::new(0));
    let (r2, v2) = (ready.clone(), reason.clone());
    std::thread::spawn(move || {
        v2.store(1, Ordering::Relaxed);
        r2.store(true, Ordering::Relaxed);
    });
    while !ready.load(Ordering::Relaxed) {
        std::thread::yield_now();
    }
    reason.load(Ordering::Relaxed)
}

pub fn connect() -> SinkConnection {
    let (in_tx, in_rx) = mpsc::channel(16);
    let (closed_tx, closed_rx) = mpsc::channel(1);
    spawn_reader(in_tx, closed_tx);
    SinkConnection { in_rx, closed_rx }
}
