// FP reproduction (written from scratch) for mediar-ai/screenpipe at 56d3ccb8,
// crates/screenpipe-core/src/pipes/mod.rs:491 and :509 (lock-order-inversion).
//
// `reload` locks `pipes` then `running`; `delete` locks `running` then `pipes`. Opposite orders,
// but every caller reaches the manager through one `Arc<tokio::sync::Mutex<Manager>>` and holds
// its guard for the whole call (the HTTP handlers in pipes_api.rs do `pm.lock().await` first),
// so the two orders never run at the same time. The background scheduler task shares the inner
// locks but takes them one at a time, never nested.
//
// racelint reports the inversion. Missing fact: an outer lock that every caller of both
// functions holds (the manager is only reachable through `Mutex<Manager>`, a `&self` method
// called on the guard) serialises the inner acquisitions, as a common "gate lock" does in
// lock-order analysis.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Manager {
    pipes: Arc<Mutex<HashMap<String, String>>>,
    running: Arc<Mutex<HashMap<String, u32>>>,
}

impl Manager {
    pub async fn reload(&self) {
        let mut pipes = self.pipes.lock().await;
        pipes.insert("new".into(), "cfg".into());
        let running = self.running.lock().await;
        pipes.retain(|name, _| running.contains_key(name) || name == "new");
    }

    pub async fn delete(&self, name: &str) {
        let mut running = self.running.lock().await;
        if running.remove(name).is_some() {
            let _cfg = self.pipes.lock().await.get(name).cloned();
        }
    }

    // Scheduler: one lock at a time.
    pub fn start_scheduler(&self) {
        let pipes = self.pipes.clone();
        let running = self.running.clone();
        tokio::spawn(async move {
            loop {
                let names: Vec<String> = { pipes.lock().await.keys().cloned().collect() };
                for n in names {
                    running.lock().await.insert(n, 1);
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }
}

pub type Shared = Arc<Mutex<Manager>>;

pub async fn list_handler(pm: Shared) {
    let mgr = pm.lock().await;
    mgr.reload().await;
}

pub async fn delete_handler(pm: Shared, name: String) {
    let mgr = pm.lock().await;
    mgr.delete(&name).await;
}

pub fn serve(pm: Shared) {
    let a = pm.clone();
    tokio::spawn(async move { list_handler(a).await });
    tokio::spawn(async move { delete_handler(pm, "x".into()).await });
}
