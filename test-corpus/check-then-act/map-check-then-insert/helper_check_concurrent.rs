// The check is a helper that looks the key up in a `DashMap` (under the shard lock the lookup
// takes, released when the helper returns) and answers `bool` or `Option`; the caller then
// inserts the key in a separate call. Two callers both see the key missing, both insert, and
// the second insert replaces the first caller's value.
use dashmap::DashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct Stream;

pub struct DeviceManager {
    states: DashMap<String, Arc<AtomicBool>>,
    streams: DashMap<String, Arc<Stream>>,
}

impl DeviceManager {
    pub fn is_running(&self, device: &str) -> bool {
        self.states
            .get(device)
            .map(|s| s.load(Ordering::Relaxed))
            .unwrap_or(false)
    }

    fn has_stream(&self, device: &str) -> bool {
        self.streams.contains_key(device)
    }

    fn stream_of(&self, device: &str) -> Option<Arc<Stream>> {
        self.streams.get(device).map(|s| s.clone())
    }

    // a `bool` helper reading the entry's value, an early return
    pub async fn start_device(&self, device: &str) -> Result<(), String> {
        if self.is_running(device) { //~ map-check-then-insert
            return Err(format!("{device} already running"));
        }
        let running = Arc::new(AtomicBool::new(true));
        tokio::task::yield_now().await;
        self.states.insert(device.to_string(), running);
        Ok(())
    }

    // a `contains_key` helper, the insert in the negated branch
    pub fn open(&self, device: &str) {
        if !self.has_stream(device) { //~ map-check-then-insert
            self.streams.insert(device.to_string(), Arc::new(Stream));
        }
    }

    // an `Option` helper tested with `is_none()`
    pub fn ensure(&self, device: &str) {
        if self.stream_of(device).is_none() { //~ map-check-then-insert
            self.streams.insert(device.to_string(), Arc::new(Stream));
        }
    }
}

pub fn run(dm: Arc<DeviceManager>) {
    for _ in 0..2 {
        let dm = dm.clone();
        tokio::spawn(async move {
            let _ = dm.start_device("mic").await;
            dm.open("mic");
            dm.ensure("mic");
        });
    }
}
