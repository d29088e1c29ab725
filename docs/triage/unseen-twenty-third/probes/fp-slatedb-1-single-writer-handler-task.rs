// FP reproduction (written from scratch) for slatedb/slatedb at e0161973,
// slatedb/src/db_reader.rs:409 (split-critical-section).
//
// `replay` snapshots `self.state` under a read guard, awaits I/O, and writes back a state built
// from the snapshot under a write guard. Every writer of `state` is reached only from
// `Poller::handle(&mut self, msg)`, which one dispatcher task calls for one message at a time
// (a ticker sends PollManifest); readers (`get`) only read. No update can be lost between the
// snapshot and the write-back, because the only other writer is the same task, later.
//
// racelint reports split-critical-section at the write-back. Missing fact: all writers of the
// field are reached only from one message handler (`MessageHandler::handle(&mut self, ..)`,
// run by the project's dispatcher task, which handles one message at a time), so the read ->
// await -> write cannot interleave with another write. When the handler is driven by a plain
// spawned `while let Some(msg) = rx.recv().await { handler.handle(msg).await }` loop racelint
// sees the single task and stays silent; through a boxed `dyn MessageHandler` in a dispatcher
// whose `run()` future is queued in an executor and spawned later, it does not.
use parking_lot::RwLock;
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct ReaderState { pub manifest_id: u64, pub last_wal_id: u64, pub entries: Vec<u64> }

pub struct Inner { state: RwLock<Arc<ReaderState>> }

impl Inner {
    pub fn get(&self, i: usize) -> Option<u64> { self.state.read().entries.get(i).copied() }

    pub async fn replay(&self) -> Result<(), String> {
        let current = Arc::clone(&self.state.read());
        let mut entries = current.entries.clone();
        let last_wal_id = replay_into(current.last_wal_id, &mut entries).await?;
        if last_wal_id > current.last_wal_id {
            let mut guard = self.state.write();
            *guard = Arc::new(ReaderState { manifest_id: current.manifest_id, last_wal_id, entries });
            drop(guard);
        }
        Ok(())
    }

    fn install(&self, s: ReaderState) { *self.state.write() = Arc::new(s); }
}

async fn replay_into(after: u64, entries: &mut Vec<u64>) -> Result<u64, String> { entries.push(after); Ok(after + 1) }

pub enum Msg { Poll, Reset }

#[async_trait::async_trait]
pub trait MessageHandler<M>: Send {
    async fn handle(&mut self, msg: M);
}

pub struct Poller { inner: Arc<Inner> }

#[async_trait::async_trait]
impl MessageHandler<Msg> for Poller {
    async fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Poll => { let _ = self.inner.replay().await; }
            Msg::Reset => self.inner.install(ReaderState::default()),
        }
    }
}

// The project's dispatcher framework: one task per handler; messages come from a channel and
// from tickers; `handle` is called through a boxed trait object, one message at a time.
pub struct Dispatcher<M> {
    handler: Box<dyn MessageHandler<M>>,
    rx: tokio::sync::mpsc::UnboundedReceiver<M>,
    tick: Box<dyn Fn() -> M + Send>,
}

impl<M: Send + 'static> Dispatcher<M> {
    pub async fn run(mut self) {
        let mut ticker = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tokio::select! {
                Some(msg) = self.rx.recv() => self.handler.handle(msg).await,
                _ = ticker.tick() => { let m = (self.tick)(); self.handler.handle(m).await }
            }
        }
    }
}

pub struct TaskExecutor { pending: parking_lot::Mutex<Vec<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>> }
impl TaskExecutor {
    pub fn add<M: Send + 'static>(&self, d: Dispatcher<M>) { self.pending.lock().push(Box::pin(d.run())); }
    pub fn start(&self) { for f in self.pending.lock().drain(..) { tokio::spawn(f); } }
}

pub fn open(inner: Arc<Inner>, executor: &TaskExecutor) -> tokio::sync::mpsc::UnboundedSender<Msg> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    executor.add(Dispatcher { handler: Box::new(Poller { inner }), rx, tick: Box::new(|| Msg::Poll) });
    tx
}
