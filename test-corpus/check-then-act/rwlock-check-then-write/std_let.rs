// The condition is computed under a temporary read guard in the `let` just before the `if`:
// one write guard for the `let`, the check and the write (std only: the fix harness compiles
// the fixed file).

use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Options {
    pub trust: bool,
    pub fps: Option<usize>,
}

impl Options {
    fn set_fps(&mut self, fps: usize) -> usize {
        self.fps = Some(fps);
        fps
    }
}

pub fn forget_device(lc: Arc<RwLock<Options>>) {
    let enabled = lc.read().unwrap().trust; //~ rwlock-check-then-write
    if enabled {
        lc.write().unwrap().trust = false;
    }
}

pub fn cap_fps(lc: &RwLock<Options>) -> usize {
    let last = lc.read().unwrap().fps; //~ rwlock-check-then-write
    if last.unwrap_or(usize::MAX) >= 30 {
        return lc.write().unwrap().set_fps(30);
    }
    0
}
