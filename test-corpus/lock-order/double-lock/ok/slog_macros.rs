// slog arguments evaluated after the guard is dropped, or reading the guard itself, lock
// nothing again.
use std::sync::RwLock;

// slog's macros (a stand-in that expands to nothing, so that the file builds alone)
macro_rules! error { ($($t:tt)*) => {}; }
macro_rules! info { ($($t:tt)*) => {}; }
macro_rules! debug { ($($t:tt)*) => {}; }

pub struct Service {
    block_cache: RwLock<Vec<u64>>,
    pub log: String,
}

impl Service {
    pub fn lowest_block_number(&self) -> Option<u64> {
        self.block_cache.read().unwrap().first().copied()
    }

    pub fn vote(&self) -> usize {
        let n = self.block_cache.read().unwrap().len();
        error!(self.log, "voting"; "lowest" => self.lowest_block_number(), "n" => n);
        n
    }

    pub fn report(&self) -> usize {
        let blocks = self.block_cache.write().unwrap();
        info!(self.log, "report"; "n" => blocks.len(), "first" => ?blocks.first());
        blocks.len()
    }
}
