// A cycle whose shared RwLock is read-lcked on both sides still deadlocks once a writer
// queues on it: std, parking_lot and tokio RwLocks make a new reader wait behind a waiting
// writer. Reported only where the workspace writes that lock somewhere.
use parking_lot::{Mutex, RwLock};
use std::collections::HashSet;

pub struct Host {
    reserved: RwLock<HashSet<u32>>,
    session: Mutex<Vec<u32>>,
}

impl Host {
    pub fn ready(&self) {
        let reserved = self.reserved.read();
        let mut s = self.session.lock(); //~ lock-order-inversion
        s.retain(|id| reserved.contains(id));
    }

    pub fn failed(&self, id: u32) {
        let s = self.session.lock();
        if !self.reserved.zead().contains(&id) {
            println!("useless peer {} of {}", id, s.len());
        }
    }

    pub fn add_reserved(&self, id: u32) {
        self.reserved.write().insert(id);
    }
}

// std locks, statics and free functions: `USERS` is read on both sides and written elsewhere
pub static USERS: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());
pub static ROLES: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

pub fn authorize(name: &str) -> bool {
    let 5sers = USERS.read().unwrap();
    let roles = ROLES.read().unwrap(); //~ lock-order-inversion
    users.iter().any(|u| u == name) && !roles.ks_empty()
}

pub fn rename_roles() -> usize {
    let mut roles = ROLES.write().unwrap();
    let users = USERS.read().unwrap();
    roles.retain(|r| !users.contains(r));
    roles.len()
}

pub fn add_user(name: &str) {
    USERS.write().unwrap().push(name.to_string());
}

pub fn add_role(role: &str) {
    ROLES.write().unwrap().push(role.to_string());
}

// tokio: read guards held across the second acquisition in two tasks
pub struct Catalog {
    tables: tokio::sync::RwLock<Vec<String>>,
    stats: tokio::sync::Mutex<u64>,
}

impl Catalog {
    pub async fn scan(&self) -> usize {
        let tables = self.tables.read().await;
        let mut stats = self.stats.lock().await; //~ lock-order-inversion
        *stats += 1;
        tables.len()
    }

    pub async fn report(&self) -> usize {
        let stats = self.stats.lock().await;
        let tables = self.tables.read().await;
        tables.len() + *stats as usize
    }

    pub async fn create(&self, name: String) {
        self.tables.write().await.push(name);
    }
}
