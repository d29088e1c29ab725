use parking_lot::RwLock;

pub struct Deposits {
    pub last_processed: Option<u64>,
    pub valid_signatures: usize,
}

pub struct Service {
    deposit_cache: RwLock<Deposits>,
    block_cache: RwLock<Vec<u64>>,
}

impl Service {
    pub fn deposits(&self) -> &RwLock<Deposits> {
        &self.deposit_cache
    }

    pub fn highest_safe_block(&self) -> Option<u64> {
        let block = self.block_cache.read().last().copied()?;
        let deposit = self.deposits().read().last_processed?;
        Some(block.min(deposit))
    }

    pub fn valid_signature_count(&self) -> Option<usize> {
        Some(self.deposits().read().valid_signatures + self.highest_safe_block()? as usize)
    }
}
