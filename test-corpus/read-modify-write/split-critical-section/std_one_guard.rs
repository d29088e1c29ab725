// A value read under one guard and written back under a second one, the value also used
// elsewhere: one guard for the read and the write (std only: the fix harness compiles the
// fixed file).

use std::sync::{Arc, Mutex, RwLock};
use std::thread;

pub fn advance(cursor: &Arc<Mutex<usize>>, items: &[u8]) -> usize {
    let next = *cursor.lock().unwrap() + 1; //~ split-critical-section
    let _ = items.get(next);
    *cursor.lock().unwrap() = next;
    next
}

static SEQ: RwLock<u64> = RwLock::new(0);

pub fn next_ids() {
    for _ in 0..4 {
        thread::spawn(|| {
            let last = *SEQ.read().unwrap(); //~ split-critical-section
            let next = last.wrapping_add(1);
            *SEQ.write().unwrap() = next;
            println!("{next}");
        });
    }
}
