// Two threads joined by `std::sync::mpsc::sync_channel`s: a blocking `send` waits while the
// other side's buffer is full, and each thread sends only from inside its own receive loop.
use std::sync::mpsc;
use std::thread;

pub fn start() {
    let (req_tx, req_rx) = mpsc::sync_channel::<Vec<u8>>(4);
    let (resp_tx, resp_rx) = mpsc::sync_channel::<Vec<u8>>(4);
    let feeder = req_tx.clone();
    thread::spawn(move || {
        for req in req_rx {
            resp_tx.send(req).unwrap(); //~ channel-wait-cycle
        }
    });
    thread::spawn(move || {
        while let Ok(resp) = resp_rx.recv() {
            if resp.is_empty() {
                continue;
            }
            feeder.send(resp).unwrap();
        }
    });
    drop(req_tx);
}
