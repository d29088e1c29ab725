// Next to `ok/act_answer_returned.rs`: the insert's answer is dropped and the function
// answers from the earlier check, so two callers both answer "new".

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Incompatible {
    pub gateways: HashSet<String>,
}

pub fn note_incompatible(reg: &Arc<RwLock<Incompatible>>, gateway: &str) -> bool {
    if reg.read().unwrap().gateways.contains(gateway) { //~ map-check-then-insert
        return false;
    }
    reg.write().unwrap().gateways.insert(gateway.to_string());
    true
}

pub fn start(reg: Arc<RwLock<Incompatible>>) {
    for i in 0..4 {
        let r = reg.clone();
        std::thread::spawn(move || {
            if note_incompatible(&r, &format!("gw-{}", i % 2)) {
                println!("new incompatible gateway");
            }
        });
    }
}
