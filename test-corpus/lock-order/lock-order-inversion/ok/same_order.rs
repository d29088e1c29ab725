// The same two locks taken in the same order everywhere: no cycle.
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Bank {
    accounts: Mutex<Vec<i64>>,
    audit_log: Mutex<Vec<String>>,
}

impl Bank {
    pub fn transfer(&self, amount: i64) {
        let mut accounts = self.accounts.lock().unwrap();
        let mut log = self.audit_log.lock().unwrap();
        accounts[0] -= amount;
        log.push(format!("{amount}"));
    }

    pub fn report(&self) -> usize {
        let accounts = self.accounts.lock().unwrap();
        self.log_len(&accounts)
    }

    fn log_len(&self, accounts: &[i64]) -> usize {
        self.audit_log.lock().unwrap().len() + accounts.len()
    }
}

pub fn workers(bank: Arc<Bank>) {
    let b = bank.clone();
    thread::spawn(move || b.transfer(1));
    thread::spawn(move || bank.report());
}
