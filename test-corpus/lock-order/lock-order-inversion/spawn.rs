// Closures passed to `thread::spawn` take two shared `Arc<Mutex<_>>` locals in opposite orders.
use std::sync::{Arc, Mutex};
use std::thread;

pub fn run() {
    let left = Arc::new(Mutex::new(0u32));
    let right = Arc::new(Mutex::new(0u32));

    let l1 = Arc::clone(&left);
    let r1 = Arc::clone(&right);
    let t1 = thread::spawn(move || {
        let a = l1.lock().unwrap();
        let b = r1.lock().unwrap(); //~ lock-order-inversion
        println!("{}", *a + *b);
    });

    let l2 = left.clone();
    let r2 = right.clone();
    let t2 = thread::spawn(move || {
        let b = r2.lock().unwrap();
        let a = l2.lock().unwrap();
        println!("{}", *a + *b);
    });
    t1.join().unwrap();
    t2.join().unwrap();
}
