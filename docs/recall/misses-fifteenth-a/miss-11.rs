use parking_lot::RwLock;

pub struct Desegmenter {
    header_pmmr: RwLock<Vec<u64>>,
    txhashset: RwLock<Vec<u64>>,
}

impl Desegmenter {
    pub fn finalize_bitmap(&self) {
        let header = self.header_pmmr.read();
        let mut txhashset = self.txhashset.write();
        txhashset.extend(header.iter().copied());
    }

    pub fn validate_complete_state(&self) {
        let mut txhashset = self.txhashset.write();
        let mut header = self.header_pmmr.write();
        header.push(txhashset.len() as u64);
        txhashset.clear();
    }
}
