// FP, rmqtt HEAD a8d63fb3: rmqtt/src/hook.rs:847 (`DefaultHookRegister::adjust_status`).
// Written from scratch. Each plugin owns one register. The register's DashSet of handler ids
// is written by `add` and iterated, across an await, by `set_enabled`. Both are called only by
// the owning plugin, in its own lifecycle methods, which take `&mut self`: init (add) and
// start/stop (set_enabled) never overlap, and no other task holds the register.
// racelint-s21a reports the iteration (guard-across-await, warning).
use dashmap::DashSet;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::RwLock;

#[derive(Default)]
pub struct Manager {
    pub handlers: RwLock<HashMap<u32, bool>>,
}

pub struct Register {
    manager: Arc<Manager>,
    ids: Arc<DashSet<u32>>,
}

impl Register {
    pub async fn add(&self, id: u32) {
        self.manager.handlers.write().await.insert(id, false);
        self.ids.insert(id);
    }

    pub async fn set_enabled(&self, on: bool) {
        for id in self.ids.iter() {
            if let Some(e) = self.manager.handlers.write().await.get_mut(id.key()) {
                *e = on;
            }
        }
    }
}

pub struct Plugin {
    register: Register,
}

impl Plugin {
    pub fn new(manager: Arc<Manager>) -> Self {
        Plugin { register: Register { manager, ids: Arc::new(DashSet::new()) } }
    }
    pub async fn init(&mut self) {
        self.register.add(1).await;
        self.register.add(2).await;
    }
    pub async fn start(&mut self) {
        self.register.set_enabled(true).await;
    }
    pub async fn stop(&mut self) {
        self.register.set_enabled(false).await;
    }
}
