// Probe (written from scratch) for a missed bug in slatedb/slatedb.
// Fix commit: 06ad4bbf "fix(wal): ensure batch wal append in atomic" (#763, parent ad7989a6).
//
// What races: `write_batch` appends the entries of one atomic batch to the WAL buffer one at
// a time, each `append` taking the buffer's lock on its own. The WAL flusher (a background
// task, also on a timer) takes the same lock, drains the buffer and writes it durably. A flush
// that lands between two appends writes half of the batch; after a crash, recovery replays a
// partial batch, breaking the all-or-nothing guarantee of `write_batch`.
//
// racelint should report at the `append` inside the loop of `write_batch`: a multi-part update
// of one shared structure done as a sequence of separately guarded steps, while another actor
// (the flusher, which drains under the same lock) acts on the intermediate state. Missing
// fact: a sequence of critical sections in a loop that together form one logical update (the
// caller's contract says "atomic"); split-critical-section follows only read -> write-back.
use parking_lot::Mutex;
use std::sync::Arc;

#[derive(Clone)]
pub struct Entry { pub key: Vec<u8>, pub value: Vec<u8> }

pub struct WalBuffer { pending: Mutex<Vec<Entry>> }

impl WalBuffer {
    pub fn append(&self, entries: &[Entry]) {
        self.pending.lock().extend_from_slice(entries);
    }

    // Background flusher: runs on a timer and when the buffer is large.
    pub async fn flush(&self, store: &dyn Fn(Vec<Entry>)) {
        let drained: Vec<Entry> = std::mem::take(&mut *self.pending.lock());
        if !drained.is_empty() {
            store(drained);
        }
    }
}

pub struct Db { wal: Arc<WalBuffer> }

impl Db {
    /// Writes every entry of the batch, or none of them.
    pub async fn write_batch(&self, batch: Vec<Entry>) {
        for entry in batch {
            self.wal.append(&[entry.clone()]);
            tokio::task::yield_now().await;
        }
    }

    pub fn start_flusher(&self) {
        let wal = self.wal.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                wal.flush(&|_entries| {}).await;
            }
        });
    }
}
