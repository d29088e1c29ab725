// Probe (written from scratch) for a missed bug in pgdogdev/pgdog.
// Fix commit: 4addc250 "fix: RELOAD/RECONNECT broke automatic role detection temporarily"
// (#941, parent 9846b463): "prevent concurrent RELOAD/RECONNECT; TOCTOU in fast/subsequent
// RELOAD commands pausing clients indefinitely".
//
// What races: `replace_databases` loads the global pool set (an ArcSwap), builds the new one
// from it, stores it and shuts the old one down, with a "reload in progress" flag set before
// and cleared after (clients wait on it). RELOAD (admin command, SIGHUP) takes the reload
// mutex first; RECONNECT (another admin connection) does not. A RELOAD and a RECONNECT that
// overlap both load the same old set: one's new pools are stored and then replaced without
// ever being shut down (leaked connections), and connections moved into the loser's set are
// lost. And a `?` between `started()` and `done()` leaves the flag set forever, so every
// client waiting on it pauses indefinitely.
//
// racelint should report (a) at `DATABASES.store(..)` in `replace_databases`: a load, a
// computation from the loaded value and a store back on a shared ArcSwap, reachable from a
// caller that holds LOCK and from one that does not (the guard discipline is inconsistent);
// (b) at the `?` after `started()`: a paired "set flag / clear flag" whose clear is skipped
// on the error path while other tasks wait for the clear. Neither fact is modelled: an
// ArcSwap load/store is not a read-modify-write, lock coverage is not compared across the
// callers of one function, and set/clear pairs are not checked for early exits.
use arc_swap::ArcSwap;
use once_cell::sync::Lazy;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Default)]
pub struct Databases { pub pools: Vec<String> }
impl Databases {
    fn move_conns_to(&self, _to: &Databases) -> Result<(), String> { Ok(()) }
    fn launch(&self) {}
    fn shutdown(&self) {}
}

static DATABASES: Lazy<ArcSwap<Databases>> = Lazy::new(|| ArcSwap::from_pointee(Databases::default()));
static LOCK: Lazy<Mutex<()>> = Lazy::new(|| Mutex::new(()));
static READY: AtomicBool = AtomicBool::new(true);
static READY_NOTIFY: Lazy<Notify> = Lazy::new(Notify::new);

fn started() { READY.store(false, Ordering::Relaxed); }
fn done() { READY.store(true, Ordering::Relaxed); READY_NOTIFY.notify_waiters(); }

pub fn replace_databases(new: Databases, reload: bool) -> Result<(), String> {
    let old = DATABASES.load_full();
    let new = Arc::new(new);
    started();
    if reload {
        old.move_conns_to(&new)?;
    }
    new.launch();
    DATABASES.store(new);
    old.shutdown();
    done();
    Ok(())
}

// RELOAD: serialised by LOCK.
pub fn reload_from_existing(config: Vec<String>) -> Result<(), String> {
    let _lock = LOCK.lock();
    replace_databases(Databases { pools: config }, true)
}

// RECONNECT: no lock.
pub fn reconnect(config: Vec<String>) -> Result<(), String> {
    replace_databases(Databases { pools: config }, false)
}

// Clients wait while a reload runs.
pub async fn wait_ready() {
    let notified = READY_NOTIFY.notified();
    if !READY.load(Ordering::Relaxed) {
        notified.await;
    }
}

// Two admin connections, each on its own task.
pub fn admin(config: Vec<String>) {
    let c1 = config.clone();
    tokio::spawn(async move { let _ = reload_from_existing(c1); });
    tokio::spawn(async move { let _ = reconnect(config); });
}
