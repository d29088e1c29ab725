// Probe (written from scratch) for a missed bug in scylladb/scylla-rust-driver.
// Fix commit: 9aac2b83 "Make MetadataWorker::work_on_cc non-blocking" (parent 30f57e69).
//
// What goes wrong: the control connection's reader task reads frames from the socket; a query
// response goes to the waiting request's oneshot, and a server event (topology/schema change)
// goes to the metadata worker through a *bounded* channel (capacity 32) with
// `events_tx.send(ev).await`. The metadata worker's loop (`work_on_cc`) receives those events
// and, for some of them, awaits a fetch on the same control connection
// (`cc.fetch_client_routes_update(..).await`, or a full metadata refresh). If more than 32 events
// arrive during the fetch, the reader blocks on the full event channel and stops reading the
// socket, so the fetch's response is never delivered: the worker waits for the reader, the
// reader waits for the worker. Metadata is never refreshed again. The fix runs fetches as
// futures polled inside the worker's `select!`, so the worker keeps draining events.
//
// There is no rule for a wait cycle built from a request/response round trip and a bounded
// send. The lock form of the same cycle is reported (`contrast_locks_ab`/`_ba`, reported:
// lock-order-inversion).
// Missing facts: awaiting a response that only task R delivers (a oneshot whose sender travels
// to R, a request on a connection whose reader is R) is a "wait for R" edge; an awaited bounded
// `send` to a channel that only task W receives is a "wait for W" edge; a cycle of such edges
// between a receive loop and a reader loop is a deadlock once the buffer fills. (The same cycle
// in chroma: miss-chroma-2 of the twenty-fourth session.)
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

pub enum Frame { Response(u64, String), Event(String) }

pub struct ControlConnection {
    requests: mpsc::UnboundedSender<(u64, oneshot::Sender<String>)>,
}

impl ControlConnection {
    // The response is delivered by the reader task.
    pub async fn fetch(&self, stream: u64) -> Option<String> {
        let (tx, rx) = oneshot::channel();
        self.requests.send((stream, tx)).ok()?;
        rx.await.ok()
    }
}

pub async fn reader_loop(
    mut socket: mpsc::Receiver<Frame>,
    mut requests: mpsc::UnboundedReceiver<(u64, oneshot::Sender<String>)>,
    events_tx: mpsc::Sender<String>,
) {
    let mut pending = std::collections::HashMap::new();
    while let Some(frame) = socket.recv().await {
        while let Ok((id, tx)) = requests.try_recv() {
            pending.insert(id, tx);
        }
        match frame {
            Frame::Response(id, body) => {
                if let Some(tx) = pending.remove(&id) {
                    let _ = tx.send(body);
                }
            }
            Frame::Event(ev) => {
                // Blocks while the worker's queue is full.
                let _ = events_tx.send(ev).await;
            }
        }
    }
}

pub async fn metadata_worker(cc: ControlConnection, mut events: mpsc::Receiver<String>) {
    let mut stream = 0;
    while let Some(event) = events.recv().await {
        if event.starts_with("CLIENT_ROUTES") {
            stream += 1;
            let _routes = cc.fetch(stream).await;
        }
    }
}

pub fn start(socket: mpsc::Receiver<Frame>) {
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::channel(32);
    tokio::spawn(reader_loop(socket, req_rx, ev_tx));
    tokio::spawn(metadata_worker(ControlConnection { requests: req_tx }, ev_rx));
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
