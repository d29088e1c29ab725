use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Output {
    visible: Arc<AtomicBool>,
}

impl Output {
    pub fn new() -> Self {
        let visible = Arc::new(AtomicBool::new(false));
        let seen = visible.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if seen.load(Ordering::Relaxed) {
                    // draw the next spinner frame
                }
            }
        });
        Output { visible }
    }

    pub fn show(&self) {
        self.visible.store(true, Ordering::Relaxed);
    }

    pub fn hide(&self) {
        self.visible.store(false, Ordering::Relaxed);
    }

    pub fn is_visible(&self) -> bool {
        self.visible.load(Ordering::Relaxed)
    }

    pub fn erase(&self) {}

    // Reached only as `self.output.clear_line()` from the session's `&mut self` loop.
    pub fn clear_line(&self) {
        if self.visible.load(Ordering::Relaxed) {
            self.visible.store(false, Ordering::Relaxed);
            self.erase();
        }
    }
}
