// Locks created in a function and handed, through clones, to helpers that spawned threads
// call: each thread orders the two locks the other way.
use std::sync::{Arc, Mutex};
use std::thread;

fn credit_then_debit(credit: &Mutex<i64>, debit: &Mutex<i64>, n: i64) {
    let mut c = credit.lock().unwrap();
    let mut d = debit.lock().unwrap();
    *c += n;
    *d -= n;
}

pub fn run() {
    let savings = Arc::new(Mutex::new(100));
    let checking = Arc::new(Mutex::new(100));
    let s1 = Arc::clone(&savings);
    let c1 = Arc::clone(&checking);
    let t1 = thread::spawn(move || {
        credit_then_debit(&s1, &c1, 10); //~ lock-order-inversion
    });
    let s2 = savings.clone();
    let c2 = checking.clone();
    let t2 = thread::spawn(move || credit_then_debit(&c2, &s2, 5));
    t1.join().unwrap();
    t2.join().unwrap();
}
