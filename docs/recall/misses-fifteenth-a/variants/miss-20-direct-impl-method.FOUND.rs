use parking_lot::RwLock;

pub struct Best {
    pub hash: u64,
    pub number: u64,
}

pub trait BlockProvider {
    fn first_block(&self) -> Option<u64>;
    fn header_number(&self, hash: u64) -> Option<u64>;

    fn first_block_number(&self) -> Option<u64> {
        self.first_block().map(|b| self.header_number(b).expect("exists"))
    }
}

pub struct Chain {
    best_block: RwLock<Best>,
    first_block: Option<u64>,
}

impl BlockProvider for Chain {
    fn first_block(&self) -> Option<u64> {
        self.first_block
    }

    fn header_number(&self, hash: u64) -> Option<u64> {
        let best = self.best_block.read();
        if best.hash == hash {
            return Some(best.number);
        }
        None
    }
}

pub struct Info {
    pub best_number: u64,
    pub first_number: Option<u64>,
}

impl Chain {
    pub fn chain_info(&self) -> Info {
        let best_block = self.best_block.read();
        Info {
            best_number: best_block.number,
            first_number: self.header_number(7),
        }
    }
}
