// Probe (written from scratch) for a missed bug in eqlabs/pathfinder.
// Fix commit: f9fb1539 "fix(executor): race condition introduced in storage cloning pr"
// (parent c0a559dc).
//
// What goes wrong: a storage adapter is a cheap `#[derive(Clone)]` handle around the sending
// end of a channel to one database thread. The adapter had `impl Drop` sending `Exit` to that
// thread. The concurrent transaction executor clones the adapter for each of its worker
// threads; the first clone that is dropped (a worker finishing its chunk) stops the database
// thread while the other clones are still sending requests: their requests fail ("db thread
// gone") and block execution fails at random. The fix removes the Drop impl (the thread ends
// when the last sender is dropped and `recv` returns an error).
//
// What is missing: `Drop` of a `Clone` type that tells a shared actor to stop is a
// last-one-out decision taken by every clone; racelint has no fact for "a Drop impl of a
// cloneable handle sends a shutdown to a resource all clones share". The nearest reported
// shape is a hand-made live-clone count that is loaded and stored back
// (`contrast_counted_handle`, reported: atomic-load-store): the same last-one-out decision,
// made with a lost update.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

pub enum Command {
    Get(u64, Sender<Option<u64>>),
    Exit,
}

#[derive(Clone)]
pub struct StorageAdapter {
    tx: Sender<Command>,
}

impl StorageAdapter {
    pub fn new() -> Self {
        let (tx, rx) = channel::<Command>();
        std::thread::spawn(move || {
            while let Ok(cmd) = rx.recv() {
                match cmd {
                    Command::Exit => return,
                    Command::Get(k, reply) => {
                        let _ = reply.send(Some(k * 2));
                    }
                }
            }
        });
        Self { tx }
    }

    pub fn get(&self, k: u64) -> Option<u64> {
        let (reply, rx) = channel();
        self.tx.send(Command::Get(k, reply)).ok()?;
        rx.recv().ok().flatten()
    }
}

impl Drop for StorageAdapter {
    fn drop(&mut self) {
        let _ = self.tx.send(Command::Exit);
    }
}

pub fn execute_block(adapter: StorageAdapter, txs: Vec<u64>) -> Vec<Option<u64>> {
    let mut handles = Vec::new();
    for chunk in txs.chunks(4) {
        let worker_adapter = adapter.clone();
        let chunk = chunk.to_vec();
        handles.push(std::thread::spawn(move || {
            chunk.iter().map(|t| worker_adapter.get(*t)).collect::<Vec<_>>()
        }));
    }
    handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
}

pub struct CountedHandle {
    live: Arc<AtomicUsize>,
    tx: Sender<Command>,
}

impl CountedHandle {
    // Contrast: reported (atomic-load-store).
    pub fn contrast_counted_handle(&self) {
        let n = self.live.load(Ordering::SeqCst);
        self.live.store(n - 1, Ordering::SeqCst);
        if n == 1 {
            let _ = self.tx.send(Command::Exit);
        }
    }

    pub fn share(&self) -> Arc<AtomicUsize> {
        let live = self.live.clone();
        std::thread::spawn({
            let live = live.clone();
            move || live.fetch_add(1, Ordering::SeqCst)
        });
        live
    }
}
