use std::sync::RwLock;

macro_rules! error {
    ($($t:tt)*) => {};
}

pub struct Cache {
    blocks: Vec<u64>,
}

pub struct Service {
    block_cache: RwLock<Cache>,
}

impl Service {
    pub fn blocks(&self) -> &RwLock<Cache> {
        &self.block_cache
    }

    pub fn lowest_block_number(&self) -> Option<u64> {
        self.block_cache.read().unwrap().blocks.first().copied()
    }

    pub fn vote(&self, start: u64) -> u64 {
        let blocks = self.blocks().read().unwrap();
        let votes: Vec<u64> = blocks.blocks.iter().copied().filter(|b| *b >= start).collect();
        votes.iter().max().copied().unwrap_or_else(|| {
            let _ = self.lowest_block_number();
            0
        })
    }
}
