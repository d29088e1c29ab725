// Miss, fjall 0aeb2e2 (parent bfb34594), src/partition/mod.rs `insert`/`remove`, src/batch/mod.rs.
// Written from scratch. Writers check a `poisoned` flag, then take the journal mutex and
// append. A writer whose flush fails sets the flag while holding that mutex. A second writer
// that checked the flag before the first one failed is queued on the mutex and, once it gets
// it, appends to a journal that is already declared broken: the write is acknowledged
// although the store refuses all later writes and recovery may not see it. The fix moves the
// check after the lock. racelint has no rule for "flag tested outside the lock that its
// setter holds, acted on under that lock".
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Log {
    poisoned: AtomicBool,
    file: Mutex<std::fs::File>,
}

impl Log {
    pub fn append(&self, rec: &[u8]) -> Result<(), &'static str> {
        if self.poisoned.load(Ordering::Relaxed) {
            return Err("poisoned");
        }
        let mut f = self.file.lock().unwrap();
        f.write_all(rec).map_err(|_| "io")?;
        if f.sync_data().is_err() {
            self.poisoned.store(true, Ordering::Release);
            return Err("flush failed");
        }
        Ok(())
    }
}

pub fn run(log: Arc<Log>) {
    for i in 0..4u8 {
        let l = log.clone();
        std::thread::spawn(move || {
            let _ = l.append(&[i]);
        });
    }
}
