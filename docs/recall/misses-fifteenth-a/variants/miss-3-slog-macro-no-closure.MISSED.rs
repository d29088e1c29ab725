use std::sync::RwLock;

macro_rules! error {
    ($($t:tt)*) => {};
}

pub struct Service {
    block_cache: RwLock<Vec<u64>>,
}

impl Service {
    pub fn lowest_block_number(&self) -> Option<u64> {
        self.block_cache.read().unwrap().first().copied()
    }

    pub fn vote(&self) -> usize {
        let blocks = self.block_cache.read().unwrap();
        error!("voting"; "lowest" => self.lowest_block_number());
        blocks.len()
    }
}
