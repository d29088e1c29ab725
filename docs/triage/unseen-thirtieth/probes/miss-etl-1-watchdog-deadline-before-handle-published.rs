// Probe (written from scratch) for a missed bug in supabase/etl.
// Fix commit: d1bbfae8 "avoid race condition on the watchdog task" (parent f90e2df8).
//
// What goes wrong: a DuckDB query runs on a blocking thread under a watchdog. The watchdog
// task is spawned with the deadline before the connection is checked out; it waits for
// either the deadline or the connection's interrupt handle (sent over a oneshot by the
// blocking thread once it has a connection), then for either "done" or the deadline, and on
// the deadline sets `timed_out` and interrupts the query. If the deadline passes before the
// handle arrives (a slow pool checkout), the first `select!` returns from the task without
// setting `timed_out`. The blocking thread then publishes the handle with `let _ =
// tx.send(..)` into a receiver that is gone, ignores the failure, and runs the query with no
// watchdog at all: a hung DuckDB query blocks the pipeline instead of timing out. The fix
// records the timeout in that branch and checks `timed_out()` after publishing the handle.
//
// What is missing: a message sent with its error discarded (`let _ = tx.send(x)`) to a task
// that can return on another branch of a `select!` before receiving it: the sender's
// protocol step is silently skipped. (Here it is a lost timeout; the same shape loses a stop
// or a reply.) Expected: a finding at the `let _ = tx.send(handle)` in `publish_interrupt_handle`
// (line 65), naming the `return` of the deadline branch (line 45). No rule reports a
// near variant; there is no contrast.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::time::Instant;

pub struct InterruptHandle;
impl InterruptHandle {
    pub fn interrupt(&self) {}
}

pub struct Watchdog {
    timed_out: Arc<AtomicBool>,
    handle_tx: Option<oneshot::Sender<Arc<InterruptHandle>>>,
    done_tx: Option<oneshot::Sender<()>>,
}

impl Watchdog {
    pub fn spawn(deadline: Instant) -> Self {
        let timed_out = Arc::new(AtomicBool::new(false));
        let flag = timed_out.clone();
        let (handle_tx, handle_rx) = oneshot::channel::<Arc<InterruptHandle>>();
        let (done_tx, done_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let handle = tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return,
                r = handle_rx => match r {
                    Ok(h) => h,
                    Err(_) => return,
                },
            };
            tokio::select! {
                biased;
                _ = done_rx => {}
                _ = tokio::time::sleep_until(deadline) => {
                    flag.store(true, Ordering::Relaxed);
                    handle.interrupt();
                }
            }
        });
        Watchdog { timed_out, handle_tx: Some(handle_tx), done_tx: Some(done_tx) }
    }

    pub fn publish_interrupt_handle(&mut self, handle: Arc<InterruptHandle>) {
        if let Some(tx) = self.handle_tx.take() {
            let _ = tx.send(handle);
        }
    }

    pub fn finish(&mut self) {
        if let Some(tx) = self.done_tx.take() {
            let _ = tx.send(());
        }
    }

    pub fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Relaxed)
    }
}

// The blocking side: checkout (may be slow), publish, run.
pub fn run_query(mut watchdog: Watchdog, checkout: impl FnOnce() -> Arc<InterruptHandle>) {
    let handle = checkout();
    watchdog.publish_interrupt_handle(handle);
    // ... the query runs here, unbounded if the watchdog already returned ...
    watchdog.finish();
}
