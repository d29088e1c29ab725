use std::sync::Mutex;

pub struct Window {
    samples: Mutex<Vec<u64>>,
}

impl Window {
    pub fn new() -> Self {
        Window {
            samples: Mutex::new(Vec::new()),
        }
    }

    // read under one guard, written under another; run only from `Stats::roll(&mut self)`
    fn trim(&self) {
        let n = self.samples.lock().unwrap().len();
        if n > 100 {
            self.samples.lock().unwrap().drain(..n - 100);
        }
    }
}

pub struct Stats {
    window: Window,
}

impl Stats {
    pub fn new() -> Self {
        Stats {
            window: Window::new(),
        }
    }

    pub fn roll(&mut self) {
        self.window.trim();
    }
}
