use parking_lot::RwLock;

pub struct BlockChain {
    best_block: RwLock<u64>,
    best_ancient_block: RwLock<Option<u64>>,
}

impl BlockChain {
    pub fn commit(&self, n: u64) {
        let mut ancient = self.best_ancient_block.write();
        let mut best = self.best_block.write();
        *best = n;
        *ancient = None;
    }

    pub fn chain_info(&self) -> (u64, Option<u64>) {
        let best = self.best_block.read();
        let ancient = self.best_ancient_block.read();
        (*best, *ancient)
    }
}
