// A task checks shared state under a std mutex, then awaits a fresh `notified()`; the other
// task changes the state and calls `notify_waiters`.
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

pub async fn run() {
    let state = Arc::new(Mutex::new(Vec::<u32>::new()));
    let changed = Arc::new(Notify::new());
    let s2 = Arc::clone(&state);
    let c2 = changed.clone();
    tokio::spawn(async move {
        loop {
            if let Some(v) = s2.lock().unwrap().pop() {
                println!("{v}");
                continue;
            }
            c2.notified().await; //~ notified-after-check
        }
    });
    state.lock().unwrap().push(1);
    changed.notify_waiters();
}
