// The tenant's state is checked, then a watch receiver is subscribed: a change to Active
// between the two is already marked seen by the new receiver, and `changed()` (awaited in a
// `select!` with cancellation) waits for a later change that never comes.
use std::sync::Arc;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

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
    pub fn subscribe_for_state_updates(&self) -> watch::Receiver<State> {
        self.state.subscribe()
    }
    pub fn activate(&self) {
        self.state.send_replace(State::Active);
    }
}

pub async fn wait_for_active(tenant: &Arc<Tenant>, cancel: &CancellationToken) -> bool {
    if tenant.current_state() == State::Active {
        return true;
    }
    let mut rx = tenant.subscribe_for_state_updates(); //~ waker-after-check
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return false,
            changed = rx.changed() => if changed.is_err() {
                return false;
            }
        }
        if *rx.borrow() == State::Active {
            return true;
        }
    }
}
