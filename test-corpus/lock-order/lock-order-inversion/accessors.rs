// Locks reached through accessors (`fn accounts(&self) -> &Mutex<..> { &self.accounts }`)
// have the identity of the field they return.
use std::sync::{Arc, Mutex, RwLock};

pub struct Bank {
    accounts: Mutex<Vec<u64>>,
    ledger: RwLock<Vec<String>>,
    audit: Arc<Mutex<u32>>,
}

impl Bank {
    fn accounts(&self) -> &Mutex<Vec<u64>> {
        &self.accounts
    }

    fn ledger(&self) -> &RwLock<Vec<String>> {
        &self.ledger
    }

    fn audit(&self) -> Arc<Mutex<u32>> {
        self.audit.clone()
    }

    pub fn transfer(&self) {
        let _a = self.accounts().lock().unwrap();
        let _l = self.ledger().write().unwrap(); //~ lock-order-inversion
    }

    pub fn report(&self) {
        let _l = self.ledger.read().unwrap();
        let _a = self.accounts.lock().unwrap();
    }

    pub fn check(&self) {
        let audit = self.audit();
        let _n = audit.lock().unwrap();
        let _a = self.accounts.lock().unwrap(); //~ lock-order-inversion
    }

    pub fn settle(&self) {
        let _a = self.accounts().lock().unwrap();
        *self.audit().lock().unwrap() += 1;
    }
}
