// A trait's default method called on an implementing type runs that type's methods: a read
// guard held across `self.first_number()` (a default method calling back into the
// implementation's `number_of`, which read-locks the same lock) re-locks it.
use parking_lot::RwLock;

pub struct Best {
    pub hash: u64,
    pub number: u64,
}

pub trait Provider {
    fn first(&self) -> Option<u64>;
    fn number_of(&self, hash: u64) -> Option<u64>;

    fn first_number(&self) -> Option<u64> {
        let b = self.first()?;
        self.number_of(b)
    }
}

pub struct Chain {
    best: RwLock<Best>,
    first: Option<u64>,
}

impl Provider for Chain {
    fn first(&self) -> Option<u64> {
        self.first
    }

    fn number_of(&self, hash: u64) -> Option<u64> {
        let best = self.best.read();
        (best.hash == hash).then_some(best.number)
    }
}

impl Chain {
    pub fn summary(&self) -> (u64, Option<u64>) {
        let best = self.best.read();
        let n = best.number;
        let first = self.first_number(); //~ double-lock
        (n, first)
    }
}
