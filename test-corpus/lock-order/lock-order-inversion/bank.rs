// Two methods of one type take the same two fields in opposite orders.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Bank {
    accounts: Mutex<HashMap<u64, i64>>,
    audit_log: Mutex<Vec<String>>,
}

impl Bank {
    pub fn transfer(&self, from: u64, to: u64, amount: i64) {
        let mut accounts = self.accounts.lock().unwrap();
        let mut log = self.audit_log.lock().unwrap(); //~ lock-order-inversion
        *accounts.entry(from).or_insert(0) -= amount;
        *accounts.entry(to).or_insert(0) += amount;
        log.push(format!("{from} -> {to}: {amount}"));
    }

    pub fn report(&self) -> String {
        let log = self.audit_log.lock().unwrap();
        let accounts = self.accounts.lock().unwrap();
        format!("{} entries, {} accounts", log.len(), accounts.len())
    }
}
