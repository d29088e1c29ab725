// Miss, alacritty a91a3f2d (parent b704dafb, 2016): "Fix pty read sometimes not triggering
// draw". Written from scratch. A wake-up flag coalesces wake-ups of the render thread. It is
// an `Arc<AtomicBool>` behind a small `Flag` type with `get` (a load) and `set` (a store). The
// PTY reader thread runs `if !flag.get() { wake(); flag.set(true) }`; the render thread
// clears it (`set(false)`) when it has drained its events. If the render thread wakes and
// clears the flag between the PTY thread's `wake()` and its `set(true)`, the flag stays true
// with nobody pending: no later PTY read wakes the renderer, and output is not drawn until
// the user moves the mouse. racelint is silent on this order, through the get/set wrappers
// (`wake`) and on the atomic itself (`wake_inline`): atomic-check-then-act skips a store that
// ends the branch, as a flag "set anyway", and no rule asks whether another thread clears the
// flag. It reports the safe order (`wake_store_first`, contrast), whose only race is a
// duplicate wake-up.
// (In the parent tree the file does not even parse: `window.rs` uses 2015-edition anonymous
// trait parameters, `fn goto(&mut self, Line, Column);`, and 7 of 32 files are syntax errors.)
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Clone)]
pub struct Flag(pub Arc<AtomicBool>);

impl Flag {
    pub fn new(v: bool) -> Flag {
        Flag(Arc::new(AtomicBool::new(v)))
    }

    #[inline]
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    #[inline]
    pub fn set(&self, v: bool) {
        self.0.store(v, Ordering::Release)
    }
}

pub struct Proxy {
    flag: Flag,
}

fn wake_render_thread() {}

impl Proxy {
    // PTY reader thread.
    pub fn wake(&self) {
        if !self.flag.get() {
            wake_render_thread();
            self.flag.set(true);
        }
    }

    // Also silent: the same on the atomic itself. atomic-check-then-act skips a store that
    // is the last statement of the branch ("it only sets a flag that is set anyway").
    pub fn wake_inline(&self) {
        if !self.flag.0.load(Ordering::Acquire) {
            wake_render_thread();
            self.flag.0.store(true, Ordering::Release);
        }
    }

    // Contrast: reported (atomic-check-then-act). The store first, then the wake-up: this
    // order loses no wake-up (a clear that lands after the store is followed by a wake-up),
    // and its only race is a duplicate wake-up, which is harmless.
    pub fn wake_store_first(&self) {
        if !self.flag.0.load(Ordering::Acquire) {
            self.flag.0.store(true, Ordering::Release);
            wake_render_thread();
        }
    }
}

// Render thread: after draining its events.
pub fn drained(flag: &Flag) {
    flag.set(false);
}

pub fn start(proxy: Arc<Proxy>) {
    let p = proxy.clone();
    std::thread::spawn(move || loop {
        p.wake();
        p.wake_inline();
        p.wake_store_first();
    });
    drained(&proxy.flag);
}
