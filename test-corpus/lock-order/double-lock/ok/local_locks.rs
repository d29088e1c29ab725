// Local locks passed to helpers after the guard is gone, or a shadowing name that is not the
// lock.
use std::sync::{Arc, Mutex, RwLock};

fn len_of(data: &Arc<RwLock<Vec<u32>>>) -> usize {
    data.read().unwrap().len()
}

fn count(items: &[u32]) -> usize {
    items.len()
}

pub fn fill() -> usize {
    let data: Arc<RwLock<Vec<u32>>> = Arc::new(RwLock::new(Vec::new()));
    {
        let mut g = data.write().unwrap();
        g.push(1);
    }
    len_of(&data)
}

pub fn copy_out() -> usize {
    let data: Arc<RwLock<Vec<u32>>> = Arc::new(RwLock::new(vec![1, 2]));
    let g = data.read().unwrap();
    // `data` is the guarded vector from here on: the helper reads the copy, not the lock
    let data: Vec<u32> = g.clone();
    count(&data)
}

pub fn drop_first(log: &Mutex<Vec<String>>) {
    let local = Mutex::new(0u32);
    let g = local.lock().unwrap();
    let v = *g;
    drop(g);
    bump(&local, v);
    log.lock().unwrap().push(v.to_string());
}

fn bump(m: &Mutex<u32>, by: u32) {
    *m.lock().unwrap() += by;
}

// the callee takes the lock by value and locks it in a callback it keeps for later: nothing
// is locked during the call (mullvad's volume monitor)
pub struct Handle {
    on_event: Box<dyn Fn() + Send>,
}

fn start_monitor(state: Arc<Mutex<u32>>) -> Handle {
    Handle {
        on_event: Box::new(move || {
            *state.lock().unwrap() += 1;
        }),
    }
}

pub fn spawn_monitor() -> Handle {
    let state = Arc::new(Mutex::new(0u32));
    let mut g = state.lock().unwrap();
    let handle = start_monitor(state.clone());
    *g = 7;
    handle
}
