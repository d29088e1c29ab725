// FP probe (written from scratch) for an FP in eclipse-zenoh/zenoh
// (io/zenoh-links/zenoh-link-serial/src/unicast.rs:451, atomic-check-then-act).
//
// The code: a listener creates one `Arc<AtomicBool>` "connected" flag, gives a clone to the
// link (whose `close` stores false) and hands the other to the one accept task it spawns. The
// accept task calls a helper, `receive`, declared *inside* the accept function (as zenoh
// does), which polls until the flag is false, opens the port, then stores true. racelint
// reports atomic-check-then-act at the polling loop (line 38): "two waiters can both leave
// the loop on the same value and both store, each believing it took the state".
//
// (racelint also reports async-sleep-poll at the same line; that one is BENIGN, as in the
// ledger: the 100 ms poll is deliberate.)
//
// Why it is an FP: there is one waiter. The flag is created per listener and moved into a
// single spawned task, which awaits `receive` sequentially in its own loop; the only other
// holder, the link, only clears the flag. A "claim" needs two claimants.
//
// What racelint would need: the same single-actor evidence it already applies to private
// module-level functions. Moving `receive` out of `accept_task` to module level (still
// private, same body) makes the finding disappear: with racelint-s30a only the nested `fn`
// is treated as callable from anywhere. A nested `fn` item is visible only inside its
// enclosing function; its callers are the calls in that body.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Link {
    connected: Arc<AtomicBool>,
}

impl Link {
    pub fn close(&self) {
        self.connected.store(false, Ordering::Release);
    }
}

async fn open_port() {}

async fn accept_task(connected: Arc<AtomicBool>) {
    async fn receive(connected: Arc<AtomicBool>) {
        while connected.load(Ordering::Acquire) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        open_port().await;
        connected.store(true, Ordering::Release);
    }

    loop {
        receive(connected.clone()).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn new_listener() -> Arc<Link> {
    let connected = Arc::new(AtomicBool::new(false));
    let link = Arc::new(Link { connected: connected.clone() });
    tokio::spawn(accept_task(connected));
    link
}
