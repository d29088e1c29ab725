// `atomic-check-then-act` is silent where every caller of the function holds one same lock at
// the call (directly, or through a caller that runs under it): the check and the act are
// serialised by that lock.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static SERVER: Mutex<u32> = Mutex::new(0);
static RECORDING: AtomicBool = AtomicBool::new(false);

fn start_recording() {
    if RECORDING.load(Ordering::SeqCst) {
        return;
    }
    RECORDING.store(true, Ordering::SeqCst);
    std::thread::spawn(record);
}

fn record() {}

pub fn on_connect() {
    let mut s = SERVER.lock().unwrap();
    *s += 1;
    start_recording();
}

pub fn on_resume() {
    let _s = SERVER.lock().unwrap();
    resume();
}

fn resume() {
    start_recording();
}
