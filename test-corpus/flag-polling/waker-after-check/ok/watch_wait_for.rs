// Subscribe first and let `wait_for` look at the current value before waiting; or look at the
// receiver's value right after subscribing.
use tokio::sync::watch;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum State {
    Loading,
    Active,
}

pub struct Tenant {
    state: watch::Sender<State>,
}

impl Tenant {
    pub fn current_state(&self) -> State {
        *self.state.borrow()
    }
    pub fn subscribe(&self) -> watch::Receiver<State> {
        self.state.subscribe()
    }
}

pub async fn wait_for_active(t: &Tenant) -> bool {
    if t.current_state() == State::Active {
        return true;
    }
    let mut rx = t.subscribe();
    rx.wait_for(|s| *s == State::Active).await.is_ok()
}

pub async fn wait_for_active_loop(t: &Tenant) -> bool {
    let mut rx = t.subscribe();
    loop {
        if *rx.borrow_and_update() == State::Active {
            return true;
        }
        if rx.changed().await.is_err() {
            return false;
        }
    }
}
