// Probe (written from scratch) for a miss found while reading screenpipe at HEAD (56d3ccb8),
// crates/screenpipe-audio/src/device/device_manager.rs:30-53 (not from history).
//
// What races: `start_device` asks `is_running(device)` (a helper that reads the `states`
// DashMap), then opens the OS audio stream (`AudioStream::from_device(..).await`, slow) and
// inserts the stream and its running flag into `streams` and `states`. The device-monitor loop
// (every tick, for each enabled device) and the HTTP handler POST /audio/device/start call it
// concurrently. Both pass the check while the first is still opening the stream, both open a
// stream, and the second insert replaces the first: the first stream's capture thread keeps
// running with a flag nobody can clear, and two recording tasks read one device.
//
// racelint should report map-check-then-insert at `self.streams.insert(..)` /
// `self.states.insert(..)`. It reports `contains_key` followed by `insert` on the same map
// (`contrast_contains_key`, reported). Missing facts: (1) the check through a bool-answering
// helper on `&self` (`is_running` = `states.get(k).map(..).unwrap_or(false)`); (2) the check on
// one map guarding inserts into that map and a sibling map keyed alike.
use dashmap::DashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AudioDevice(pub String);
pub struct AudioStream;
impl AudioStream {
    pub async fn from_device(_d: &AudioDevice, _running: Arc<AtomicBool>) -> Result<AudioStream, String> { Ok(AudioStream) }
}

pub struct DeviceManager {
    streams: DashMap<AudioDevice, Arc<AudioStream>>,
    states: DashMap<AudioDevice, Arc<AtomicBool>>,
}

impl DeviceManager {
    pub fn is_running(&self, device: &AudioDevice) -> bool {
        self.states.get(device).map(|s| s.load(Ordering::Relaxed)).unwrap_or(false)
    }

    pub async fn start_device(&self, device: &AudioDevice) -> Result<(), String> {
        if self.is_running(device) {
            return Err(format!("Device {} already running.", device.0));
        }
        let is_running = Arc::new(AtomicBool::new(true));
        let stream = AudioStream::from_device(device, is_running.clone()).await?;
        self.streams.insert(device.clone(), Arc::new(stream));
        self.states.insert(device.clone(), is_running);
        Ok(())
    }

    // Contrast: reported (map-check-then-insert).
    pub async fn contrast_contains_key(&self, device: &AudioDevice) -> Result<(), String> {
        if self.states.contains_key(device) {
            return Err("already running".into());
        }
        let is_running = Arc::new(AtomicBool::new(true));
        let stream = AudioStream::from_device(device, is_running.clone()).await?;
        self.streams.insert(device.clone(), Arc::new(stream));
        self.states.insert(device.clone(), is_running);
        Ok(())
    }
}

pub fn run(dm: Arc<DeviceManager>, d: AudioDevice) {
    for _ in 0..2 {
        let dm = dm.clone();
        let d = d.clone();
        tokio::spawn(async move {
            let _ = dm.start_device(&d).await;
            let _ = dm.contrast_contains_key(&d).await;
        });
    }
}
