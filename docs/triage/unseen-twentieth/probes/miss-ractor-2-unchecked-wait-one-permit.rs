// Miss, ractor f479cd0 (parent 92f70dd8), ractor/src/actor/actor_properties.rs `wait`.
// Written from scratch. "The actor has stopped" is signalled with a tokio Notify: the stopping
// side calls `notify_waiters()` (wakes the waiters that exist) and then `notify_one()` (stores
// ONE permit "for whoever comes later"). `wait()` just awaits `notified()` and never looks at
// the actor's status. The first task that waits after the stop takes the permit; every later
// waiter (a second `wait()` on a stopped actor, a supervisor and a user both joining it)
// sleeps forever. The fix creates the Notified future, then checks the status flag, and only
// awaits if the actor is not stopped yet. racelint reports nothing: notified-after-check looks
// for a state check placed before `notified()`; a wait with no check at all, relying on a
// single stored permit for a many-waiter event, is not a shape it knows.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

pub struct Lifecycle {
    stopped: AtomicBool,
    done: Notify,
}

impl Lifecycle {
    pub fn mark_stopped(&self) {
        self.stopped.store(true, Ordering::Release);
        self.done.notify_waiters();
        self.done.notify_one(); // one permit for a late waiter
    }

    pub async fn wait(&self) {
        self.done.notified().await; // second late waiter never returns
    }
}

pub async fn join_twice(l: Arc<Lifecycle>) {
    l.mark_stopped();
    let a = l.clone();
    let b = l.clone();
    let t1 = tokio::spawn(async move { a.wait().await });
    let t2 = tokio::spawn(async move { b.wait().await });
    let _ = t1.await;
    let _ = t2.await;
}
