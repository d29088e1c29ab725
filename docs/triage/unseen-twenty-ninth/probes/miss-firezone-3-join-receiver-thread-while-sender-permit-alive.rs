// Probe (written from scratch) for a missed bug in firezone/firezone.
// Fix commit: 96170be0 "fix(gui-client): mitigate deadlock when shutting down TUN device
// (#8268)" (parent 06c51f68; issue #8265).
//
// What goes wrong: on Windows the TUN device runs a send thread that loops on
// `outbound_rx.blocking_recv()` and writes packets to the WinTUN session; the `Tun` keeps the
// sending end wrapped in a `tokio_util::sync::PollSender`. `Drop for Tun` called
// `outbound_tx.close()` and then joined the send thread, expecting `blocking_recv` to return
// `None`. But a `PollSender` that has reserved a slot for a queued packet keeps an internal
// clone of the sender alive until the permit is used or `abort_send` is called, so the channel
// is not closed, `blocking_recv` keeps waiting and the join never returns: the GUI client hangs
// on disconnect. The fix drops all channel and session state before waiting (with a time-out)
// for the threads.
//
// What is missing: a join of a thread blocked receiving on a channel whose sending side the
// joiner still keeps alive (here through a wrapper that holds a clone). This is the channel
// form of join-holding-lock, as in t28's electrs miss (a blocked *send*); here the joined
// thread waits in *receive* for the last sender to go. The lock form is reported
// (`contrast_join_under_lock`, reported: join-holding-lock).
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use tokio::sync::mpsc;
use tokio_util::sync::PollSender;

pub struct Packet(pub Vec<u8>);

pub struct Tun {
    outbound_tx: PollSender<Packet>,
    send_thread: Option<JoinHandle<()>>,
}

impl Tun {
    pub fn new() -> Self {
        let (tx, mut rx) = mpsc::channel::<Packet>(1000);
        let send_thread = std::thread::spawn(move || {
            while let Some(packet) = rx.blocking_recv() {
                let _ = packet.0.len();
            }
        });
        Self { outbound_tx: PollSender::new(tx), send_thread: Some(send_thread) }
    }
}

impl Drop for Tun {
    fn drop(&mut self) {
        self.outbound_tx.close();
        if let Some(t) = self.send_thread.take() {
            let _ = t.join();
        }
    }
}

pub struct Inner {
    active: bool,
    handle: Option<JoinHandle<()>>,
}

pub struct Service(Arc<RwLock<Inner>>);

fn worker(s: Arc<RwLock<Inner>>) {
    while s.read().unwrap().active {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

impl Service {
    pub fn start(&self) {
        let s = self.0.clone();
        self.0.write().unwrap().handle = Some(std::thread::spawn(move || worker(s)));
    }

    // Contrast: reported (join-holding-lock).
    pub fn contrast_join_under_lock(&self) {
        self.0.write().unwrap().active = false;
        self.0.write().unwrap().handle.take().map(JoinHandle::join);
    }
}
