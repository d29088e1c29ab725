// Edition 2021: the temporaries of a block's tail expression live to the end of the statement
// around the block, so the guard in `if let Some(x) = { m.lock().unwrap().x.clone() }` lives
// through the whole `if let`, whose block locks again. The owned value is taken out in a
// `let` of its own first (its `;` ends the guard).
use std::sync::Mutex;

pub struct Auth {
    cfg: Mutex<Cfg>,
}

pub struct Cfg {
    pub req: Option<String>,
    pub deny: bool,
}

impl Auth {
    pub fn permit(&self) -> bool {
        if let Some(req) = { self.cfg.lock().unwrap().req.clone() } {
            req.is_empty() || !self.cfg.lock().unwrap().deny //~ double-lock
        } else {
            false
        }
    }
}

pub fn pop_push(q: &Mutex<Vec<u32>>) {
    match { q.lock().unwrap().pop() } {
        Some(n) => q.lock().unwrap().push(n + 1), //~ double-lock
        None => {}
    }
}
