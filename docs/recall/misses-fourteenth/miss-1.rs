// quinn af4c4cae shape: wait-until-idle checks a locked map, releases the lock, and only then
// creates the `Notified`; the driver calls `notify_waiters()`. The endpoint reaches its shared
// state through a newtype with a `Deref` impl.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

pub struct Shared {
    idle: Notify,
}

pub struct State {
    conns: HashMap<u64, String>,
}

impl State {
    fn on_drained(&mut self, id: u64, shared: &Shared) {
        self.conns.remove(&id);
        if self.conns.is_empty() {
            shared.idle.notify_waiters();
        }
    }
}

pub struct Inner {
    state: Mutex<State>,
    shared: Shared,
}

pub struct InnerRef(Arc<Inner>);

impl std::ops::Deref for InnerRef {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

pub struct Endpoint {
    inner: InnerRef,
}

impl Endpoint {
    pub fn drive(&self, id: u64) {
        let mut state = self.inner.state.lock().unwrap();
        state.on_drained(id, &self.inner.shared);
    }

    pub async fn wait_idle(&self) {
        loop {
            {
                let state = &mut *self.inner.state.lock().unwrap();
                if state.conns.is_empty() {
                    break;
                }
            }
            self.inner.shared.idle.notified().await;
        }
    }
}
