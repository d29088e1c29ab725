// Expected: non-atomic-flag (flag-polling) at line 19 (and line 29): a `static mut` flag written
// by UI handlers (line 12) is read by a spawned polling thread. racelint only flags "waiting
// loops" (a body that only waits/breaks); here the loop does work and the flag merely gates it
// (`continue`), and in the second case the read sits in a callback that a library calls in
// its own loop. Both reads are data races on a static mut (UB, may be hoisted out of the loop).
// (From rustdesk c7f452752 SERVER_CLIPBOARD_ENABLED, 230f74da2 IS_IN, 45bb271c8, 0c0051d59.)
use std::time::Duration;
static mut ENABLED: bool = true;

pub struct Ui;
impl Ui {
    pub fn on_permission(&self, on: bool) { unsafe { ENABLED = on; } }
}

pub fn start_clipboard_poller() {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(300));
        if !unsafe { ENABLED } {
            continue;
        }
        println!("sync clipboard");
    });
}

fn listen<F: FnMut(u32)>(mut f: F) { for ev in 0..u32::MAX { f(ev) } }
pub fn start_listener() {
    std::thread::spawn(|| {
        listen(|ev| {
            if unsafe { !ENABLED } { return; }
            println!("forward {ev}");
        });
    });
}
