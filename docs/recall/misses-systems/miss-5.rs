// Expected: double-lock (lock-order) at line 27 and line 33. A write guard of SESSIONS is held
// (the `if let` scrutinee temporary, and guard `g`) while a method is called whose body
// read-locks SESSIONS again (via `refresh`, line 13). racelint resolves `recv.method()` when it
// knows the receiver's type (a typed local, `self`, a parameter) and then reports this exact
// pattern, but here the receiver's type has to be inferred through the guard: `s` is bound
// by `get_mut(..)` on the guarded Vec, `g[0]` indexes through Deref, and `self.lc.write().unwrap()`
// is a guard of another lock whose target type is `Lc`. None is resolved, so no finding.
// (From rustdesk 30840f998 "fix toggle clipboard dead lock": SESSIONS.write() .. session.toggle_option
// -> self.lc.write().unwrap().toggle_option -> update_text_clipboard_required -> SESSIONS.read().)
use std::sync::RwLock;

pub static SESSIONS: RwLock<Vec<Session>> = RwLock::new(Vec::new());
fn refresh() -> usize { SESSIONS.read().unwrap().len() }

pub struct Config;
impl Config {
    pub fn toggle(&mut self) { refresh(); }
}

pub struct Session { lc: RwLock<Config> }
impl Session {
    pub fn toggle_option(&self) { self.lc.write().unwrap().toggle(); }
}

pub fn session_toggle_option(i: usize) {
    if let Some(s) = SESSIONS.write().unwrap().get_mut(i) {
        s.toggle_option();
    }
}

pub fn session_toggle_first() {
    let g = SESSIONS.write().unwrap();
    g[0].toggle_option();
}
