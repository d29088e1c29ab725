// FP, router HEAD 27d8f600: apollo-router/src/batching.rs:125 and :151
// (atomic-check-then-act). Written from scratch.
//
// A batch item counts down the fetches it still has to hand to the batch: `remaining` is set to
// the number of its fetches, and each fetch, once, sends its request and then does
// `if !finished() { remaining.fetch_sub(1) }`; when the count reaches 0 the item drops its
// sender. The fetches run in parallel, so racelint reports the test and the decrement as two
// steps that two threads can both pass. But the count is exactly the number of callers, each
// calls once: no two callers can contend for the last unit, so the test never passes for a
// caller that would take the count below zero. (The cancel path runs after all fetches of the
// item ended.) The `finished()` re-test after it may be made by two callers at once; dropping
// the sender twice is idempotent.
// What racelint would need: a count initialised to the number of spawned/joined users, each of
// which decrements once, is not over-subscribed; the guard is defensive, not a claim.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct BatchItem {
    remaining: AtomicUsize,
    sender: Mutex<Option<tokio::sync::mpsc::Sender<usize>>>,
}

impl BatchItem {
    fn finished(&self) -> bool {
        self.remaining.load(Ordering::Acquire) == 0
    }

    pub async fn signal_progress(&self, fetch: usize) {
        if let Some(tx) = self.sender.lock().await.as_ref() {
            let _ = tx.send(fetch).await;
        }
        if !self.finished() {
            self.remaining.fetch_sub(1, Ordering::AcqRel);
        }
        if self.finished() {
            *self.sender.lock().await = None;
        }
    }
}

pub async fn run_item(fetches: usize, tx: tokio::sync::mpsc::Sender<usize>) {
    let item = Arc::new(BatchItem { remaining: AtomicUsize::new(fetches), sender: Mutex::new(Some(tx)) });
    let tasks: Vec<_> = (0..fetches)
        .map(|i| {
            let item = item.clone();
            tokio::spawn(async move { item.signal_progress(i).await })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
}
