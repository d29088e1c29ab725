// miss-7 (tikv 0032744672, gc_worker deadlock when the worker is busy)
// Expected: double-lock at line 36: `schedule(.., cb)` is called while `current` (a guard of
// `ctl.0`) is held, and on the synchronous failure path `schedule` invokes `cb` inline, which
// locks `ctl.0` again (self-deadlock).
// Gaps: the lock is reached through tuple destructuring of `Arc<(Mutex<usize>, Condvar)>`; the
// re-locking code is a boxed closure passed as an argument and called by the callee
// (through an enum field on its error path), not a named function.
// Note: even the minimal form `let cb = || { *self.m.lock().unwrap() += 1; }; let _g = self.m.lock().unwrap(); cb();`
// is not reported: calls of closures bound to local variables are not followed.
use std::sync::{Arc, Condvar, Mutex};

pub enum Task { Gc { region: u64, callback: Box<dyn FnOnce(Result<(), ()>) + Send> } }

fn on_schedule_error(t: Task) -> Result<(), ()> {
    match t { Task::Gc { callback, .. } => callback(Err(())) }
    Err(())
}

pub fn schedule(queue_full: bool, t: Task) -> Result<(), ()> {
    if queue_full { return on_schedule_error(t); }
    Ok(())
}

pub fn gc_round(regions: &[u64], queue_full: bool) -> Result<(), ()> {
    let ctl: Arc<(Mutex<usize>, Condvar)> = Arc::new((Mutex::new(0), Condvar::new()));
    let (lock, _cvar) = &*ctl;
    for r in regions {
        let c = Arc::clone(&ctl);
        let cb = Box::new(move |_res| {
            let (lock, cvar) = &*c;
            *lock.lock().unwrap() -= 1;
            cvar.notify_one();
        });
        let mut current = lock.lock().unwrap();
        *current += 1;
        schedule(queue_full, Task::Gc { region: *r, callback: cb })?; // line 36
    }
    Ok(())
}
