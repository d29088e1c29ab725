// Locks created in the function and never shared: no other thread can take them.
use std::sync::Mutex;

pub fn local_only() {
    let a = Mutex::new(1);
    let b = Mutex::new(2);
    {
        let x = a.lock().unwrap();
        let y = b.lock().unwrap();
        println!("{}", *x + *y);
    }
    {
        let y = b.lock().unwrap();
        let x = a.lock().unwrap();
        println!("{}", *x + *y);
    }
}
