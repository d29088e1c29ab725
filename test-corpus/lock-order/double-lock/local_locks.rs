// A lock created in the function (held in a local) and passed by reference to a helper that
// locks it again: one thread deadlocks alone, whether or not another thread shares the lock.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

fn len_of(data: &Arc<RwLock<Vec<u32>>>) -> usize {
    data.read().unwrap().len()
}

fn note(log: &Mutex<Vec<String>>, line: &str) {
    log.lock().unwrap().push(line.to_string());
}

pub fn fill() -> usize {
    let data: Arc<RwLock<Vec<u32>>> = Arc::new(RwLock::new(Vec::new()));
    let mut g = data.write().unwrap();
    g.push(1);
    let n = len_of(&data); //~ double-lock
    g.push(n as u32);
    n
}

pub fn report(lines: &[&str]) {
    let log = Mutex::new(Vec::new());
    let guard = log.lock().unwrap();
    for l in lines {
        if guard.len() < 10 {
            note(&log, l); //~ double-lock
        }
    }
}

pub struct Meta {
    pub renamed: u32,
}

fn save(session: &Arc<RwLock<Option<Meta>>>) -> u32 {
    session.read().unwrap().as_ref().map_or(0, |m| m.renamed)
}

// a `let` in another arm shadows the name with the guarded value: the call in the next arm
// still passes the lock
pub fn serve(commands: Vec<u32>, names: &mut HashMap<u32, String>) {
    let session: Arc<RwLock<Option<Meta>>> = Arc::new(RwLock::new(None));
    for c in commands {
        match c {
            0 => {
                let mut held = session.write().unwrap();
                let session = held.as_mut().unwrap();
                session.renamed += 1;
            }
            _ => match session.write().unwrap().as_mut().map(|m| m.renamed) {
                Some(n) if n > 0 => {
                    names.insert(c, save(&session).to_string()); //~ double-lock
                }
                _ => {}
            },
        }
    }
}
