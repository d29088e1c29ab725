// Calls made while a guard is held that do not re-lock it: another instance, another field,
// or after the guard is gone.
use std::sync::Mutex;

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub struct Node {
    value: Mutex<u32>,
    parent: Option<Box<Node>>,
}

impl Node {
    fn read(&self) -> u32 {
        *self.value.lock().unwrap()
    }

    pub fn sum_with_parent(&self) -> u32 {
        let v = self.value.lock().unwrap();
        let p = self.parent.as_ref().map(|p| p.read()).unwrap_or(0);
        *v + p
    }

    pub fn log_value(&self) {
        let v = *self.value.lock().unwrap();
        log(v);
    }
}

fn log(v: u32) {
    LOG.lock().unwrap().push(v.to_string());
}

pub fn log_twice() {
    let n = LOG.lock().unwrap().len();
    log(n as u32);
}
