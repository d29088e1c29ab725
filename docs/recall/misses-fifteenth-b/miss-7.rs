// #7 databend 8aa469cd1c (out of scope, see the ledger): `if !flag.load() { ..await..;
// flag.store(true) }` inside an `async move` block returned by a `&mut self` fn; the flag is
// a local `Arc<AtomicBool>` clone of a field. The termination path and `Drop` can both run
// the shutdown, but only one after the other (the first future cancelled mid-way), never on
// two threads at once (fixed with `compare_exchange`).
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

async fn stop_services() {}

impl Handle {
    pub fn shutdown(&mut self) -> impl Future<Output = ()> {
        let done = self.done.clone();
        async move {
            if !done.load(Ordering::Relaxed) {
                stop_services().await;
                done.store(true, Ordering::Relaxed);
            }
        }
    }
}
