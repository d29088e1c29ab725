use std::sync::RwLock;

pub struct Pager {
    flush_state: RwLock<u32>,
}

impl Pager {
    pub fn new() -> Pager {
        Pager {
            flush_state: RwLock::new(0),
        }
    }

    pub fn flush(&self) {
        let phase = *self.flush_state.read().unwrap(); //~ split-critical-section
        write_pages(phase);
        *self.flush_state.write().unwrap() = phase + 1;
    }
}

fn write_pages(_phase: u32) {}
