// Probe (written from scratch) for a missed bug in ZcashFoundation/zebra.
// Fix commit: 4fcb550aa "Fix a deadlock in TokioComponent." (parent ab3db201).
//
// What goes wrong: the `seed`, `connect` and `start` commands run
// `app_writer().state_mut().components.get_downcast_mut::<TokioComponent>().expect(..).rt
// .block_on(self.seed())`. `app_writer()` is `APPLICATION.write()` on abscissa's `AppCell`: an
// exclusive lock of the whole application state, returned as `application::lock::Writer`, and
// its temporary lives until the end of the statement, i.e. for as long as `block_on` runs.
// The future then reads the configuration with `app_config()` (`config::Reader::new(
// &APPLICATION)`, a read lock of the same cell), and the tracing endpoint's request handler,
// a task on the same runtime, calls `app_reader()`. Each waits for the writer, which is only
// released when `block_on` returns: `zebrad seed` hangs at start-up and `zebrad start` never
// answers `GET /filter`. The fix takes the runtime out of the component (`rt.take()`) and
// calls `block_on` without the lock.
//
// racelint reports the same statement when the accessors wrap a std `RwLock`
// (`contrast_std_lock`, reported: double-lock). Missing fact: the application-state accessors
// of frameworks (abscissa's `AppCell::read`/`write`, `application::lock::{Reader, Writer}`,
// `config::Reader::new(&APPLICATION)`) are RwLock guards; a function returning one is a
// guard-returning helper, and the future passed to `block_on` (with the tasks it spawns) runs
// while the statement's temporaries are held.
use abscissa_core::application::{lock, AppCell};
use abscissa_core::config;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::runtime::Runtime;

pub struct ZebradApp { pub rt: Option<Runtime>, pub peers: Vec<String> }

pub static APPLICATION: AppCell<ZebradApp> = AppCell::new();

pub fn app_writer() -> lock::Writer<ZebradApp> {
    APPLICATION.write()
}

pub fn app_config() -> config::Reader<ZebradApp> {
    config::Reader::new(&APPLICATION)
}

async fn seed() -> usize {
    let config = app_config();
    config.peers.len()
}

pub fn run_seed() {
    let _ = app_writer().rt.as_ref().expect("runtime").block_on(seed());
}

pub struct StdApp { pub rt: Option<Runtime>, pub peers: Vec<String> }

pub static STD_APPLICATION: RwLock<StdApp> = RwLock::new(StdApp { rt: None, peers: Vec::new() });

pub fn std_writer() -> RwLockWriteGuard<'static, StdApp> {
    STD_APPLICATION.write().unwrap()
}

pub fn std_config() -> RwLockReadGuard<'static, StdApp> {
    STD_APPLICATION.read().unwrap()
}

async fn seed_std() -> usize {
    let config = std_config();
    config.peers.len()
}

// Contrast: reported (double-lock).
pub fn contrast_std_lock() {
    let _ = std_writer().rt.as_ref().expect("runtime").block_on(seed_std());
}
