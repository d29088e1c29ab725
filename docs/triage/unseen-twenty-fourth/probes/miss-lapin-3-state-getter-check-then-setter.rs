// Probe (written from scratch) for a missed bug in amqp-rs/lapin.
// Fix commit: eb09d81 "connection: avoid possible race condition in error setting"
// (parent b3c973b).
//
// What goes wrong: `Channels::set_connection_error` returns early when
// `connection_status.state()` is already `Error`, and otherwise reports the error and only
// later calls `connection_status.set_state(Error)`. `state()` and `set_state()` each lock the
// status mutex on their own. The I/O loop (socket error) and the internal RPC task (protocol
// error on a channel) can both call it: both see a non-Error state, and the error is handled
// twice: the user's error handler runs twice, pending frames are dropped twice and every
// channel is errored twice. The fix swaps the state in one locked step
// (`mem::replace` under one guard) and tests the old value.
//
// racelint should report a check-then-act at `set_state(Error)` (split-critical-section or
// mutex-check-then-act): the field is tested under one guard (inside the getter) and written
// under another (inside the setter), and the code between depends on the test. The same
// sequence written inline with two `lock()`s (the act inside the `if`) is reported
// (`contrast_inline`, reported: mutex-check-then-act).
// Missing fact: accessor methods that lock, read and return a field (`state()`), or lock and
// assign it (`set_state(v)`), are a guarded read and a guarded write of that field at the call
// site.
use parking_lot::Mutex;
use std::sync::Arc;

#[derive(Clone, PartialEq)]
pub enum ConnectionState { Connected, Error }

pub struct Inner { state: ConnectionState }

#[derive(Clone)]
pub struct ConnectionStatus(Arc<Mutex<Inner>>);

impl ConnectionStatus {
    pub fn state(&self) -> ConnectionState {
        self.0.lock().state.clone()
    }
    pub fn set_state(&self, state: ConnectionState) {
        self.0.lock().state = state;
    }
}

pub trait ErrorHandler: Send + Sync { fn on_error(&self, e: String); }

pub struct Channels { connection_status: ConnectionStatus, error_handler: Box<dyn ErrorHandler> }

impl Channels {
    pub fn set_connection_error(&self, error: String) {
        if let ConnectionState::Error = self.connection_status.state() {
            return;
        }
        self.error_handler.on_error(error.clone());
        self.connection_status.set_state(ConnectionState::Error);
    }

    // The same through the accessors with the act inside the `if`: silent too (the contrast
    // below differs from this one only in the accessors).
    pub fn set_connection_error_if_form(&self, error: String) {
        if self.connection_status.state() != ConnectionState::Error {
            self.error_handler.on_error(error.clone());
            self.connection_status.set_state(ConnectionState::Error);
        }
    }

    // Contrast: reported (mutex-check-then-act).
    pub fn contrast_inline(&self, error: String) {
        if self.connection_status.0.lock().state != ConnectionState::Error {
            self.error_handler.on_error(error.clone());
            self.connection_status.0.lock().state = ConnectionState::Error;
        }
    }
}

// The I/O loop and the internal RPC task both report connection errors.
pub fn start(ch: Arc<Channels>) {
    let a = ch.clone();
    std::thread::spawn(move || a.set_connection_error("socket closed".into()));
    let b = ch.clone();
    std::thread::spawn(move || b.set_connection_error("protocol error".into()));
    let d = ch.clone();
    std::thread::spawn(move || d.set_connection_error_if_form("z".into()));
    let c = ch.clone();
    std::thread::spawn(move || c.contrast_inline("x".into()));
    ch.contrast_inline("y".into());
}
