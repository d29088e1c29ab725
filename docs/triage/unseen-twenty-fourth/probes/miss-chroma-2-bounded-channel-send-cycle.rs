// Probe (written from scratch) for a missed bug in chroma-core/chroma.
// Fix commit: be5873d0e "[BUG] Resolve deadlock in system crate? (#5283)" (parent 89652329).
//
// What goes wrong: the dispatcher and its worker threads talk over bounded tokio channels
// (capacity from the config). A worker, after each task, sends `TaskRequestMessage` to the
// dispatcher with `send(..).await`, which waits while the dispatcher's queue is full. The
// dispatcher, on a new task with no idle worker, sends the task to a worker's queue with
// `send(..).await`, which waits while that queue is full. When both queues are full, the worker
// waits for the dispatcher and the dispatcher waits for the worker: every query and compaction
// on that node stops. The fix uses `try_send` in `ComponentSender::send` so a full queue fails
// the task instead.
//
// racelint should report the cycle of awaited bounded sends: task A awaits `send` on a channel
// that only task B receives, and B awaits `send` on a channel that only A receives, each from
// inside its receive loop. There is no rule for it; the lock form of the same cycle is reported
// (`contrast_locks_ab`/`_ba`, reported: lock-order-inversion). Missing facts: a bounded `Sender::send`
// awaited from inside the receiver loop of another channel is a "wait for the peer" edge, like
// holding one lock while taking another; a cycle of such edges between two loops is a deadlock
// once the buffers fill.
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

pub enum ToDispatcher { Task(u64), RequestTask(usize) }
pub struct ToWorker(u64);

pub async fn dispatcher_loop(mut rx: mpsc::Receiver<ToDispatcher>, workers: Vec<mpsc::Sender<ToWorker>>) {
    let mut next = 0usize;
    while let Some(msg) = rx.recv().await {
        match msg {
            ToDispatcher::Task(t) => {
                next = (next + 1) % workers.len();
                let _ = workers[next].send(ToWorker(t)).await;
            }
            ToDispatcher::RequestTask(_w) => {}
        }
    }
}

pub async fn worker_loop(id: usize, mut rx: mpsc::Receiver<ToWorker>, dispatcher: mpsc::Sender<ToDispatcher>) {
    while let Some(ToWorker(_task)) = rx.recv().await {
        // run the task ...
        let _ = dispatcher.send(ToDispatcher::RequestTask(id)).await;
    }
}

pub fn start() {
    let (dtx, drx) = mpsc::channel(8);
    let (wtx, wrx) = mpsc::channel(8);
    tokio::spawn(dispatcher_loop(drx, vec![wtx]));
    tokio::spawn(worker_loop(0, wrx, dtx));
}

// Contrast: reported (lock-order-inversion).
pub struct Pair { a: Arc<Mutex<u64>>, b: Arc<Mutex<u64>> }
impl Pair {
    pub async fn contrast_locks_ab(&self) {
        let _a = self.a.lock().await;
        let _b = self.b.lock().await;
    }
    pub async fn contrast_locks_ba(&self) {
        let _b = self.b.lock().await;
        let _a = self.a.lock().await;
    }
}
pub fn start_pair(p: Arc<Pair>) {
    let q = p.clone();
    tokio::spawn(async move { q.contrast_locks_ab().await });
    tokio::spawn(async move { p.contrast_locks_ba().await });
}
