// Probe (written from scratch) for a missed bug in apollographql/router.
// Fix commit: efa9c72c "Connection cancellation race (#8169)" (parent 5887c934; cherry-picked
// as 834632fa).
//
// What goes wrong: the HTTP listener spawns one task per accepted connection; each task
// `select!`s between serving the connection and `connection_shutdown.notified()` (an
// `Arc<tokio::sync::Notify>`). On a hot reload the accept loop ends and calls
// `connection_shutdown.notify_waiters()`. `notify_waiters` wakes only the `Notified` futures
// that exist at that moment and stores no permit: a connection accepted just before, whose
// task has not been polled yet (its `notified()` future does not exist), never learns of the
// shutdown. It stays active and keeps the old pipeline (schema, plugins, caches) in memory;
// over many reloads the router runs out of memory. The fix uses a `CancellationToken`, whose
// `cancelled()` completes also when created after `cancel()`.
//
// What is missing: notified-after-check reports a `Notify` waited on after a state check when
// the notifier only calls `notify_waiters()`; here there is no state check at all, the window
// is between `tokio::spawn` and the task's first poll. (In the router the wait was also inside
// a `macro_rules!` body, opaque to syn.) The check form is reported (`contrast_wait_after_check`,
// reported: notified-after-check).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};

async fn serve_connection(_stream: TcpStream) {
    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
}

pub async fn serve(listener: TcpListener, mut shutdown: oneshot::Receiver<()>) -> TcpListener {
    let connection_shutdown = Arc::new(Notify::new());
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Ok((stream, _)) = listener.accept() => {
                let connection_shutdown = connection_shutdown.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = serve_connection(stream) => {}
                        _ = connection_shutdown.notified() => {
                            println!("graceful shutdown of connection");
                        }
                    }
                });
            }
        }
    }
    connection_shutdown.notify_waiters();
    listener
}

pub struct Ready {
    flag: AtomicBool,
    notify: Notify,
}

impl Ready {
    // Contrast: reported (notified-after-check).
    pub async fn contrast_wait_after_check(&self) {
        while !self.flag.load(Ordering::Acquire) {
            self.notify.notified().await;
        }
    }

    pub fn set(&self) {
        self.flag.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }
}
