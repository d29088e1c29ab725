// Locks handed to spawned threads through a helper, in one order everywhere, or created
// inside the thread.
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
    let t1 = thread::spawn(move || credit_then_debit(&s1, &c1, 10));
    let s2 = savings.clone();
    let c2 = checking.clone();
    let t2 = thread::spawn(move || credit_then_debit(&s2, &c2, 5));
    let t3 = thread::spawn(|| {
        let a = Mutex::new(1);
        let b = Mutex::new(2);
        credit_then_debit(&a, &b, 1);
        credit_then_debit(&b, &a, 1);
    });
    t1.join().unwrap();
    t2.join().unwrap();
    t3.join().unwrap();
}
