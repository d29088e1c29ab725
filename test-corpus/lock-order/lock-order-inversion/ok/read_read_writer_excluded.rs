// Read/read cycles that no queued writer can turn into a deadlock.
use parking_lot::{Mutex, RwLock};

// the read-locked lock is written only through `&mut self`: no `&self` reader is alive then
pub struct Store {
    pages: RwLock<Vec<u8>>,
    index: RwLock<Vec<u32>>,
}

impl Store {
    pub fn view(&self) -> usize {
        let pages = self.pages.read();
        let index = self.index.read();
        pages.len() + index.len()
    }

    pub fn files(&self) -> usize {
        let index = self.index.read();
        let pages = self.pages.read();
        pages.len() + index.len()
    }

    pub fn append(&mut self, b: u8) {
        self.pages.write().push(b);
        self.index.write().push(1);
    }
}

// spin's RwLock lets new readers in while a writer waits
pub struct Spun {
    a: spin::RwLock<u32>,
    b: Mutex<u32>,
}

impl Spun {
    pub fn one(&self) -> u32 {
        let a = self.a.read();
        let b = self.b.lock();
        *a + *b
    }

    pub fn two(&self) -> u32 {
        let b = self.b.lock();
        let a = self.a.read();
        *a + *b
    }

    pub fn set(&self, v: u32) {
        *self.a.write() = v;
    }
}

// parking_lot's read_recursive is not blocked by a waiting writer
pub struct Rec {
    a: RwLock<u32>,
    b: Mutex<u32>,
}

impl Rec {
    pub fn one(&self) -> u32 {
        let a = self.a.read_recursive();
        let b = self.b.lock();
        *a + *b
    }

    pub fn two(&self) -> u32 {
        let b = self.b.lock();
        let a = self.a.read_recursive();
        *a + *b
    }

    pub fn set(&self, v: u32) {
        *self.a.write() = v;
    }
}

// two locks each read-locked on both sides: the deadlock needs two writers queued at once, one
// on each lock, each at the right moment (not reported)
pub static USERS: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());
pub static ROLES: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

pub fn authorize(name: &str) -> bool {
    let users = USERS.read().unwrap();
    let roles = ROLES.read().unwrap();
    users.iter().any(|u| u == name) && !roles.is_empty()
}

pub fn audit() -> usize {
    let roles = ROLES.read().unwrap();
    let users = USERS.read().unwrap();
    roles.len() + users.len()
}

pub fn add_user(name: &str) {
    USERS.write().unwrap().push(name.to_string());
}

pub fn add_role(role: &str) {
    ROLES.write().unwrap().push(role.to_string());
}
