// Two threads joined by `std::sync::mpsc::sync_channel`s, each forwarding what it receives
// into the other's bounded channel and ignoring whether the send worked (`.ok()`, `let _ =`).
// With both buffers full, each blocks in its send and neither receives again.
use std::sync::mpsc;
use std::thread;

pub fn start(seed: u32) {
    let (up_tx, up_rx) = mpsc::sync_channel::<u32>(8);
    let (down_tx, down_rx) = mpsc::sync_channel::<u32>(8);
    let up = up_tx.clone();
    thread::spawn(move || {
        while let Ok(n) = up_rx.recv() {
            down_tx.send(n + 1).ok(); //~ channel-wait-cycle
        }
    });
    thread::spawn(move || {
        for n in down_rx {
            if n % 2 == 0 {
                continue;
            }
            let _ = up.send(n * 3);
        }
    });
    let _ = up_tx.send(seed);
}
