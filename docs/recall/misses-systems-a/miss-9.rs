// miss-9 (neon d857f63e3b, wait_for_active_tenant wedges background tasks)
// Expected: a check-then-act / lost-wake-up finding at line 22: the state is checked
// (line 21) BEFORE subscribing to its `watch` channel (line 22); a transition to Active between
// the two is never seen (`changed()` only reports later sends), so the task waits forever.
// (analogous to notified-after-check, but for `tokio::sync::watch` subscribe/changed)
// Gap: watch-channel subscription after a state check is not modelled; the state is read
// through a getter (`current_state()`) that borrows the same watch sender.
use tokio::sync::watch;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum State { Loading, Active }

pub struct Tenant { state: watch::Sender<State> }
impl Tenant {
    pub fn current_state(&self) -> State { *self.state.borrow() }
    pub fn subscribe(&self) -> watch::Receiver<State> { self.state.subscribe() }
    pub fn activate(&self) { self.state.send_replace(State::Active); }
}

pub async fn wait_for_active(t: &Tenant) -> bool {
    if t.current_state() == State::Active { return true; } // line 21 (check)
    let mut rx = t.subscribe(); // line 22: subscribed too late
    loop {
        if rx.changed().await.is_err() { return false; }
        if *rx.borrow() == State::Active { return true; }
    }
}
