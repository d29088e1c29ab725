// Probe (written from scratch) for a missed bug in shotover/shotover-proxy.
// Fix commit: 3d713b4a "Runner changes: will use existing tokio::runtime or create one for
// itself and race condition fix (#162)" (parent f7cc0ed4).
//
// What goes wrong: `Runner::run_block` creates `let (trigger_shutdown_tx, _) =
// broadcast::channel(1)` (the first receiver is dropped at once) and spawns a Ctrl-C task that
// runs `trigger_shutdown_tx.send(()).unwrap()`. Each source subscribes
// (`trigger_shutdown_tx.subscribe()`) only later, inside `run`, when it is built. A shutdown
// (Ctrl-C, or the test harness's trigger in `run_spawn`) that comes before the sources have
// subscribed finds no receiver: `send` returns an error and the `unwrap` panics, and a source
// that subscribes afterwards never sees the event and keeps running, so the process does not
// shut down. The fix replaces the broadcast event with a `watch::channel(false)`: a state that
// late subscribers read.
//
// racelint reports the lost wake-up of a `Notify` whose `notified()` future is created after
// the state check while the notifier uses `notify_waiters()` (`ShutdownFlag::contrast_wait`,
// reported: notified-after-check). Missing fact: a `broadcast::Sender::send` is an event that
// only current subscribers see (like `notify_waiters`); a receiver obtained by `subscribe()`
// after the sender has been handed to a concurrent task can miss it, and `send(..).unwrap()`
// fails when no subscriber exists yet.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::{broadcast, Notify};

pub async fn source(trigger_shutdown_tx: broadcast::Sender<()>) {
    tokio::task::yield_now().await;
    let mut trigger_shutdown_rx = trigger_shutdown_tx.subscribe();
    tokio::select! {
        _ = std::future::pending::<()>() => {}
        _ = trigger_shutdown_rx.recv() => {}
    }
}

pub async fn run_block() {
    let (trigger_shutdown_tx, _) = broadcast::channel(1);
    let tx = trigger_shutdown_tx.clone();
    tokio::spawn(async move {
        tokio::signal::ctrl_c().await.unwrap();
        tx.send(()).unwrap();
    });
    source(trigger_shutdown_tx).await;
}

pub struct ShutdownFlag { flag: AtomicBool, notify: Notify }

impl ShutdownFlag {
    // Contrast: reported (notified-after-check).
    pub async fn contrast_wait(&self) {
        while !self.flag.load(Ordering::Acquire) {
            self.notify.notified().await;
        }
    }

    pub fn trigger(&self) {
        self.flag.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }
}

pub async fn run_flag(f: Arc<ShutdownFlag>) {
    let f2 = Arc::clone(&f);
    tokio::spawn(async move { f2.contrast_wait().await });
    f.trigger();
}
