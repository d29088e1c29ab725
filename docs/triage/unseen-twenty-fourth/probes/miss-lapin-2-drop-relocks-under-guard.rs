// Probe (written from scratch) for two missed bugs in amqp-rs/lapin with one shape.
// Fix commits: c29fdbc "connection_status: fix deadlock when poisoning connection (#446)"
// (parent 81f07ae) and c6520de "avoid deadlock when we cannot connect" (parent 6d75558).
//
// What goes wrong: `ConnectionStatus::poison` runs `self.lock_inner().poison(err)`. Under that
// temporary guard, `Inner::poison` takes the pending connection step out of the state
// (`self.connection_step.take()`), which carries the half-built `Connection`, and lets it drop
// at the end of the `if let`. `Connection` owns a `ConnectionCloser` whose `Drop` calls
// `status.auto_close()`, which locks the same std Mutex again: the thread that poisons a
// connecting connection deadlocks (std Mutex is not reentrant). The fixes return the
// `Connection` out of the locked call so it drops after the guard.
//
// racelint should report double-lock at the end of the `if let` in `Inner::poison` (the drop of
// `_connection`) when called from `ConnectionStatus::poison`. An explicit call to the locking
// method under the guard is reported (`contrast_explicit_call`, reported: double-lock).
// Missing fact: dropping a value (explicitly, at scope end or when a temporary dies) runs its
// `Drop` impl, transitively through owned fields; a `Drop` that locks a mutex is a lock taken
// at the drop point, while the caller's guard is still held.
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone, PartialEq)]
pub enum State { Connecting, Connected, Closed }

pub struct Inner { state: State, connection_step: Option<(Resolver, Connection)>, poison: Option<String> }

#[derive(Clone)]
pub struct ConnectionStatus(Arc<Mutex<Inner>>);

pub struct Resolver;
impl Resolver { pub fn reject(&self, _e: String) {} }

pub struct ConnectionCloser { status: ConnectionStatus }

impl Drop for ConnectionCloser {
    fn drop(&mut self) {
        if self.status.auto_close() {
            // send Connection.Close
        }
    }
}

pub struct Connection { closer: Arc<ConnectionCloser> }

impl ConnectionStatus {
    fn lock_inner(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn auto_close(&self) -> bool {
        [State::Connecting, State::Connected].contains(&self.lock_inner().state)
    }

    pub fn poison(&self, err: String) {
        self.lock_inner().poison(err);
    }

    // Contrast: reported (double-lock).
    pub fn contrast_explicit_call(&self) {
        let inner = self.lock_inner();
        if inner.poison.is_some() && self.auto_close() {
            // ...
        }
    }
}

impl Inner {
    fn poison(&mut self, err: String) {
        if let Some((resolver, _connection)) = self.connection_step.take() {
            resolver.reject(err.clone());
        }
        self.poison = Some(err);
    }
}

// The I/O thread poisons the connection on a socket error while the user thread is connecting.
pub fn on_io_error(status: ConnectionStatus) {
    let s = status.clone();
    std::thread::spawn(move || {
        s.poison("io error".into());
        s.contrast_explicit_call();
    });
}
