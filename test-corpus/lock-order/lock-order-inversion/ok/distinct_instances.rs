// Two instances of one field (`from.balance`, `to.balance`) are one node of the order graph:
// no self-edge, no finding. Different fields of different types do not alias either.
use std::sync::Mutex;

pub struct Account {
    balance: Mutex<i64>,
}

pub struct Ledger {
    lines: Mutex<Vec<String>>,
    archive: Mutex<Vec<String>>,
}

pub struct Journal {
    lines: Mutex<Vec<String>>,
}

pub fn transfer(from: &Account, to: &Account, amount: i64) {
    let mut f = from.balance.lock().unwrap();
    let mut t = to.balance.lock().unwrap();
    *f -= amount;
    *t += amount;
}

pub fn copy(ledger: &Ledger, journal: &Journal) {
    let l = ledger.lines.lock().unwrap();
    let mut j = journal.lines.lock().unwrap();
    j.extend(l.iter().cloned());
}

// `Journal.lines` then `Ledger.archive`: not the `lines` field of `Ledger`, no cycle.
pub fn archive(journal: &Journal, ledger: &Ledger) {
    let j = journal.lines.lock().unwrap();
    let mut a = ledger.archive.lock().unwrap();
    a.extend(j.iter().cloned());
}
