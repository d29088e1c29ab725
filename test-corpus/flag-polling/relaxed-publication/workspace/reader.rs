use std::sync::atomic::Ordering;

impl Shared {
    // The loop reads nothing itself: the publication is only visible with the writer's file.
    pub fn wait_ready(&self) {
        while !self.ready.load(Ordering::Relaxed) { //~ relaxed-publication
            std::hint::spin_loop();
        }
    }

    pub fn wait_started(&self) {
        while !self.started.load(Ordering::Acquire) {
            std::thread::yield_now();
        }
    }
}
