// Start-up looking code that can still run twice at once: a constructor that a request
// handler calls too, one spawned on two threads, one passed as a value to `spawn`, and a
// `Self::` helper of a handler.
mod handlers {
    use crate::Pool;
    use std::sync::OnceLock;

    static CACHE: OnceLock<Vec<u8>> = OnceLock::new();

    pub struct Api;

    impl Api {
        fn fill(bytes: Vec<u8>) {
            if CACHE.get().is_none() { //~ lazy-init-race
                let _ = CACHE.set(bytes);
            }
        }
    }

    impl Drop for Api {
        // a trait impl method: the runtime calls it, any number of times
        fn drop(&mut self) {
            Self::fill(Vec::new());
            let _ = Pool::init("db://again");
        }
    }
}

use std::sync::OnceLock;

static POOL: OnceLock<String> = OnceLock::new();
static INDEX: OnceLock<Vec<u32>> = OnceLock::new();
static LOG: OnceLock<String> = OnceLock::new();

pub struct Pool;

impl Pool {
    pub fn init(url: &str) -> Pool {
        if POOL.get().is_none() { //~ lazy-init-race
            let _ = POOL.set(url.to_string());
        }
        Pool
    }
}

pub struct Index;

impl Index {
    pub fn init(n: u32) -> Index {
        if INDEX.get().is_none() { //~ lazy-init-race
            let _ = INDEX.set(vec![n]);
        }
        Index
    }
}

pub struct Log;

impl Log {
    pub fn open(path: &str) {
        if LOG.get().is_none() { //~ lazy-init-race
            let _ = LOG.set(path.to_string());
        }
    }
}

pub struct Conf;

impl Conf {
    pub fn open() {}
}

fn main() {
    // once from main, and again from the handler (handlers.rs)
    let _pool = Pool::init("db://");
    // twice at once, on two threads
    let a = std::thread::spawn(|| Index::init(1));
    let b = std::thread::spawn(|| Index::init(2));
    let _ = (a.join(), b.join());
    // a value handed to `spawn`, and a call
    let open: fn(&str) = Log::open;
    let h = std::thread::spawn(move || open("a.log"));
    Log::open("b.log");
    let _ = h.join();
    Conf::open();
}

