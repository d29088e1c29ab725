use parking_lot::Mutex;

pub struct ChainState {
    pub tip: u64,
}

pub struct Shared {
    chain_state: Mutex<ChainState>,
}

impl Shared {
    pub fn chain_state(&self) -> &Mutex<ChainState> {
        &self.chain_state
    }
}

pub struct SyncState {
    shared: Shared,
}

impl SyncState {
    pub fn tip_number(&self) -> u64 {
        self.shared.chain_state().lock().tip
    }

    pub fn locator(&self, n: u64) -> u64 {
        let _lock = self.shared.chain_state().lock();
        let tip = self.tip_number();
        tip.min(n + 1)
    }
}
