// Positive cases of `lazy-init-race`: a lazily initialised value is checked for emptiness and
// then set in a separate step.

use once_cell::sync::OnceCell;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

pub struct Config {
    pub name: String,
}

fn load_config() -> Config {
    Config { name: String::new() }
}

static CONFIG: OnceLock<Config> = OnceLock::new();
static POOL: OnceCell<Vec<u8>> = OnceCell::new();

// get().is_none() then set(..).expect(..): the thread that loses the race panics.
pub fn config() -> &'static Config {
    if CONFIG.get().is_none() { //~ lazy-init-race
        CONFIG.set(load_config()).expect("config set twice");
    }
    CONFIG.get().unwrap()
}

// The early-return form with `if let Some`: the caller keeps a value that may never be stored.
pub fn pool() -> Vec<u8> {
    if let Some(p) = POOL.get() { //~ lazy-init-race
        return p.clone();
    }
    let p = vec![0u8; 16];
    let _ = POOL.set(p.clone());
    p
}

pub struct Conn;

fn connect() -> Conn {
    Conn
}

pub struct Client {
    conn: Mutex<Option<Arc<Conn>>>,
    token: RwLock<Option<String>>,
}

async fn fetch_token() -> String {
    String::new()
}

impl Client {
    // Mutex<Option<T>> tested under one guard and filled under another.
    pub fn conn(&self) -> Arc<Conn> {
        if self.conn.lock().unwrap().is_none() { //~ lazy-init-race
            *self.conn.lock().unwrap() = Some(Arc::new(connect()));
        }
        self.conn.lock().unwrap().clone().unwrap()
    }

    // RwLock<Option<T>> across an await.
    pub async fn token(&self) -> String {
        if let Some(t) = self.token.read().unwrap().clone() { //~ lazy-init-race
            return t;
        }
        let t = fetch_token().await;
        self.token.write().unwrap().replace(t.clone());
        t
    }
}

// Double-checked locking on a `static mut` flag.
static mut INITIALIZED: bool = false;
static INIT_LOCK: Mutex<()> = Mutex::new(());

pub fn init_once() {
    unsafe {
        if !INITIALIZED { //~ lazy-init-race
            let _g = INIT_LOCK.lock().unwrap();
            if !INITIALIZED {
                setup();
                INITIALIZED = true;
            }
        }
    }
}

fn setup() {}

// The value comes from the caller: two callers with different tokens both find the cell
// empty; the second `set` fails and its (newer) tokens are silently dropped.
pub struct Auth {
    tokens: OnceLock<std::sync::Mutex<String>>,
}

impl Auth {
    pub fn set_tokens(&self, tokens: String) {
        if let Some(t) = self.tokens.get() { //~ lazy-init-race
            *t.lock().unwrap() = tokens;
        } else {
            let _ = self.tokens.set(std::sync::Mutex::new(tokens));
        }
    }
}
