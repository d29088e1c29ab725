// Expected: lock-order-inversion at line 26 (or 21): `recreate` holds `self.vfs.write()` while
// `host.apply_change(..)` blocks until every outstanding database snapshot is dropped (a salsa
// write barrier inside the dependency crate); `worker` runs on a pool thread holding a snapshot
// and takes `vfs.read()`. ABBA between a std/parking_lot lock and a lock/wait that lives in a
// dependency: racelint only sees locks whose acquisition it can read in the crate. It would
// need a model of library calls that act as locks (salsa `apply_change`/`snapshot`,
// heed `write_txn`, `AsyncRefCell::borrow_mut`).
// (From rust-analyzer 9b7284dca7 "Fix deadlock in recreate_crate_graph <-> file_line_index".)
use parking_lot::RwLock;
use std::sync::Arc;

pub struct Global {
    vfs: Arc<RwLock<Vec<String>>>,
    host: ide::AnalysisHost, // dependency: apply_change waits for all Analysis snapshots
}

impl Global {
    pub fn recreate(&mut self) {
        let vfs = self.vfs.write();
        let change = ide::Change::new(vfs.len());
        self.host.apply_change(change); // blocks until snapshots are dropped
        drop(vfs);
    }
    pub fn worker(&self) {
        let analysis = self.host.analysis(); // snapshot: the "read side" of the db
        let n = self.vfs.read().len(); // waits for recreate's write guard
        let _ = (analysis, n);
    }
}
