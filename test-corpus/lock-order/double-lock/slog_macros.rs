// slog's key-value arguments (`error!(log, "msg"; "k" => self.f())`, `"k" => %x`, `"k" =>
// ?x`) are evaluated where the macro is called, like a format macro's arguments
// (lighthouse's `eth1_data` fallback).
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

    pub fn highest(&self) -> u64 {
        self.block_cache.read().unwrap().last().copied().unwrap_or(0)
    }

    pub fn vote(&self) -> usize {
        let blocks = self.block_cache.write().unwrap();
        error!(self.log, "voting"; "lowest" => self.lowest_block_number()); //~ double-lock
        blocks.len()
    }

    pub fn report(&self) -> usize {
        let blocks = self.block_cache.write().unwrap();
        info!(self.log, "report"; "n" => blocks.len(), "highest" => %self.highest()); //~ double-lock
        blocks.len()
    }

    pub fn debug(&self) -> usize {
        let blocks = self.block_cache.write().unwrap();
        debug!(self.log, "dbg"; "lowest" => ?self.lowest_block_number()); //~ double-lock
        blocks.len()
    }
}
