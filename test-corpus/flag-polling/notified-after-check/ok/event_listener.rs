// The listener is created before the check (it is registered at creation), then awaited.
use event_listener::Event;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct Gate {
    open: AtomicBool,
    opened: Event,
}

impl Gate {
    pub fn open(&self) {
        self.open.store(true, Ordering::Release);
        self.opened.notify(usize::MAX);
    }

    pub async fn wait_open(&self) {
        loop {
            let listener = self.opened.listen();
            if self.open.load(Ordering::Acquire) {
                return;
            }
            listener.await;
        }
    }
}

// a domain type named `Event` in a file that does not use `event_listener` is not one
pub mod domain {
    pub struct Event {
        pub id: u64,
    }
    impl Event {
        pub fn listen(&self) -> u64 {
            self.id
        }
        pub fn notify(&self, n: usize) -> usize {
            n
        }
    }
}
