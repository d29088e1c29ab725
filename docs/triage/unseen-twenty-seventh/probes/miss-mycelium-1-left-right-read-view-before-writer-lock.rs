// Probe (written from scratch) for a missed bug in threefoldtech/mycelium.
// Fix commit: 0e4cd9ec "Rearrange lock order to prevent disjoint views" (parent fd5d8f29).
//
// What goes wrong: the router keeps its tables in a left-right map: readers `enter()` a read
// handle, writers take the `Mutex` around the `WriteHandle`, append operations and `publish()`.
// `handle_dead_peer` first entered the read view, then took the writer mutex, collected the
// routes through the dead peer from the read view and appended retractions for them. Writers on
// other tasks (the control-packet handler applying route updates, the expiry timers, the periodic
// propagation) hold the mutex and publish. A publish that lands between `enter()` and `lock()`
// is not in the view: the retractions are computed from an older table (a route that was just
// learned through the dead peer survives; a retraction carries a stale seqno). `publish()` also
// waits for readers of the previous copy to leave, so a writer that publishes while this task
// holds its view and waits for the mutex can block both. The fix takes the mutex first.
//
// racelint reports the same order with std locks (`contrast_rwlock`: a read guard of the table
// held while the writer mutex is taken, against a writer that holds the mutex and write-locks
// the table; reported: lock-order-inversion). Missing fact: left-right's
// `ReadHandle::enter()` returns a read guard of the data that `WriteHandle::publish()` writes
// (publish waits for readers), so `enter()` followed by a lock that publishers hold is an
// ordering of the same two resources; and a view entered before a writer lock is a check made
// under a different guard than the act.
use left_right::{Absorb, ReadHandle, WriteHandle};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, Default)]
pub struct Table { pub routes: HashMap<u32, (u64, u16)> } // subnet -> (peer, seqno)

pub enum Op { Set(u32, u64, u16), Retract(u32, u16) }

impl Absorb<Op> for Table {
    fn absorb_first(&mut self, op: &mut Op, _: &Self) {
        match *op {
            Op::Set(s, p, q) => { self.routes.insert(s, (p, q)); }
            Op::Retract(s, q) => { self.routes.insert(s, (0, q)); }
        }
    }
    fn sync_with(&mut self, first: &Self) { *self = first.clone(); }
}

pub struct Router {
    reader: ReadHandle<Table>,
    writer: Arc<Mutex<WriteHandle<Table, Op>>>,
}

impl Router {
    pub fn handle_dead_peer(&self, dead: u64) {
        let view = self.reader.enter().expect("writer alive");
        let mut w = self.writer.lock().unwrap();
        for (subnet, (peer, seqno)) in view.routes.iter() {
            if *peer == dead {
                w.append(Op::Retract(*subnet, *seqno));
            }
        }
        drop(view);
        w.publish();
    }

    pub fn handle_update(&self, subnet: u32, peer: u64, seqno: u16) {
        let mut w = self.writer.lock().unwrap();
        w.append(Op::Set(subnet, peer, seqno));
        w.publish();
    }
}

// Contrast: reported (lock-order-inversion).
pub struct ContrastRouter { table: RwLock<Table>, writer: Mutex<Vec<Op>> }

impl ContrastRouter {
    pub fn contrast_rwlock(&self, dead: u64) {
        let view = self.table.read().unwrap();
        let mut w = self.writer.lock().unwrap();
        for (subnet, (peer, seqno)) in view.routes.iter() {
            if *peer == dead {
                w.push(Op::Retract(*subnet, *seqno));
            }
        }
    }

    pub fn contrast_update(&self, subnet: u32, peer: u64, seqno: u16) {
        let _w = self.writer.lock().unwrap();
        self.table.write().unwrap().routes.insert(subnet, (peer, seqno));
    }
}

pub fn start(r: Arc<ContrastRouter>) {
    let a = r.clone();
    std::thread::spawn(move || a.contrast_rwlock(7));
    std::thread::spawn(move || r.contrast_update(1, 2, 3));
}
