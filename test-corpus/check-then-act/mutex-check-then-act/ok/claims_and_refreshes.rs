// Near misses: the first guard claims or takes, or the act only refreshes. Each is quiet.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub struct State {
    creating: bool,
    table: Option<u32>,
    cache: HashMap<u32, String>,
    mtimes: Option<u64>,
    last_log: Option<Instant>,
}

pub struct Op {
    s: Arc<Mutex<State>>,
    ready: Arc<Mutex<bool>>,
}

impl Op {
    // the first guard claims the work before it is dropped
    pub fn create(&self) {
        let mut g = self.s.lock().unwrap();
        if !g.creating && g.table.is_none() {
            g.creating = true;
            drop(g);
            let t = build();
            let mut g = self.s.lock().unwrap();
            g.creating = false;
            g.table = Some(t);
        }
    }

    // the check took the entry out: this caller owns it
    pub fn take_and_put_back(&self, k: u32) {
        let old = self.s.lock().unwrap().cache.remove(&k);
        if let Some(v) = old {
            self.s.lock().unwrap().cache.insert(k, v + "!");
        }
    }

    // one key looked up, another written
    pub fn other_key(&self, k: u32, n: u32) {
        let v = self.s.lock().unwrap().cache.get(&k).cloned();
        if let Some(v) = v {
            self.s.lock().unwrap().cache.insert(n, v);
        }
    }

    // the act stores the value the check compared with: a refresh
    pub fn refresh(&self, cur: u64) {
        let unchanged = {
            let g = self.s.lock().unwrap();
            g.mtimes == Some(cur)
        };
        if !unchanged {
            reload();
            self.s.lock().unwrap().mtimes = Some(cur);
        }
    }

    // a flag set to a constant, nothing else done
    pub fn mark_ready(&self) {
        if !*self.ready.lock().unwrap() {
            *self.ready.lock().unwrap() = true;
        }
    }

    // a throttled log line
    pub fn log(&self) {
        let due = match self.s.lock().unwrap().last_log {
            Some(t) => t.elapsed().as_secs() > 1,
            None => true,
        };
        if due {
            println!("status");
            self.s.lock().unwrap().last_log = Some(Instant::now());
        }
    }

    // the first guard only writes: no check under it
    pub fn reset(&self, fresh: bool) {
        let ok = {
            let mut g = self.s.lock().unwrap();
            g.table = None;
            fresh
        };
        if ok {
            self.s.lock().unwrap().table = Some(1);
        }
    }
}

fn build() -> u32 {
    1
}
fn reload() {}
