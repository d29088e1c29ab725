// FP reduction (written from scratch) of the plane FP (t31): guard-across-await on awaits
// that run in the `else` block of `let Some(guard) = map.get(k) else { .. }`.
//
// In the else block `get` returned `None`: no DashMap shard guard exists, so the awaits there
// hold nothing. In the `Some` branch the value is cloned out and the guard dropped at the end
// of the inner block, before the following await. The map is shared with a spawned task (the
// constructor's remover), which is what makes racelint consider the guard. racelint reports
// guard-across-await at the `let Some(manager)` (line 47), for the await at line 48.
use dashmap::DashMap;
use std::sync::Arc;
pub struct Manager;
impl Manager {
    pub async fn terminate(&self) {}
}
pub struct Runtime;
impl Runtime {
    pub async fn terminate(&self, _id: &str) -> Result<(), ()> {
        Ok(())
    }
}
pub enum Action {
    Spawn,
    Terminate,
}
pub struct Executor {
    backends: Arc<DashMap<String, Arc<Manager>>>,
    runtime: Arc<Runtime>,
}
impl Executor {
    pub fn new(runtime: Arc<Runtime>) -> Self {
        let backends: Arc<DashMap<String, Arc<Manager>>> = Arc::default();
        {
            let backends = backends.clone();
            tokio::spawn(async move {
                backends.remove("x");
            });
        }
        Executor { backends, runtime }
    }
    pub async fn apply(&self, id: &str, action: &Action) -> Result<(), ()> {
        match action {
            Action::Spawn => {
                self.backends.insert(id.to_string(), Arc::new(Manager));
            }
            Action::Terminate => {
                let manager = {
                    let Some(manager) = self.backends.get(id) else {
                        self.runtime.terminate(id).await?;
                        return Ok(());
                    };
                    manager.clone()
                };
                manager.terminate().await;
            }
        }
        Ok(())
    }
}
