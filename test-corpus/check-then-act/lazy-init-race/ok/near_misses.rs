// Near misses of `lazy-init-race`.

use std::cell::OnceCell as LocalCell;
use std::sync::{Mutex, OnceLock, RwLock};

pub struct Config;

fn load_config() -> Config {
    Config
}

static CONFIG: OnceLock<Config> = OnceLock::new();

// get_or_init.
pub fn config() -> &'static Config {
    CONFIG.get_or_init(load_config)
}

// The lost race is tolerated on purpose: the loser's value is dropped and the cell re-read, so
// every caller sees the winner's value (only the build is duplicated).
pub fn config_tolerant() -> &'static Config {
    if CONFIG.get().is_none() {
        let _ = CONFIG.set(load_config());
    }
    CONFIG.get().unwrap()
}

// A `&mut` cell cannot be raced.
pub fn exclusive_cell(cell: &mut std::sync::OnceLock<u32>) -> &mut u32 {
    if cell.get().is_none() {
        let _ = cell.set(1);
    }
    cell.get_mut().unwrap()
}

// get() only to read.
pub fn maybe_config() -> Option<&'static Config> {
    if CONFIG.get().is_none() {
        eprintln!("not loaded yet");
    }
    CONFIG.get()
}

pub struct Client {
    conn: Mutex<Option<u32>>,
    name: RwLock<Option<String>>,
    other: Mutex<Option<u32>>,
}

impl Client {
    // Tested and filled under one guard.
    pub fn one_guard(&self) -> u32 {
        let mut g = self.conn.lock().unwrap();
        if g.is_none() {
            *g = Some(1);
        }
        g.unwrap()
    }

    // get_or_insert_with under one guard.
    pub fn get_or_insert(&self) -> u32 {
        *self.conn.lock().unwrap().get_or_insert_with(|| 1)
    }

    // Double-checked under the write lock.
    pub fn rechecked(&self) {
        if self.name.read().unwrap().is_none() {
            let mut w = self.name.write().unwrap();
            if w.is_none() {
                *w = Some(String::new());
            }
        }
    }

    // Tested one, set another.
    pub fn other(&self) {
        if self.conn.lock().unwrap().is_none() {
            *self.other.lock().unwrap() = Some(2);
        }
    }

    // `&mut self`.
    pub fn exclusive(&mut self) {
        if self.conn.lock().unwrap().is_none() {
            *self.conn.lock().unwrap() = Some(3);
        }
    }
}

// A single-threaded cell cannot race.
pub fn local_cell(c: &LocalCell<u32>) {
    if c.get().is_none() {
        let _ = c.set(1);
    }
}

// A `static mut` flag set under a lock held for both the test and the set.
static mut READY: bool = false;
static LOCK: Mutex<()> = Mutex::new(());

pub fn under_lock() {
    let _g = LOCK.lock().unwrap();
    unsafe {
        if !READY {
            READY = true;
        }
    }
}

// A unit marker set with its failure dropped on purpose: no value can be lost.
pub struct Device {
    is_lost: std::sync::OnceLock<()>,
    resolver: std::sync::Mutex<Option<String>>,
}

impl Device {
    pub fn push_lost(&self, reason: String) {
        if self.is_lost.get().is_some() {
            return;
        }
        let _ = self.is_lost.set(());
        if let Some(r) = self.resolver.lock().unwrap().take() {
            println!("{r}: {reason}");
        }
    }
}
