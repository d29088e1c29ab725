// A second test that does not leave is no re-check: the fill after it still overwrites a
// value another thread stored in between.
use std::sync::RwLock;

pub struct Registry {
    name: RwLock<Option<String>>,
}

impl Registry {
    pub fn name(&self) -> String {
        if let Some(n) = self.name.read().unwrap().clone() { //~ lazy-init-race
            return n;
        }
        let mut w = self.name.write().unwrap();
        if w.is_some() {
            println!("replacing");
        }
        *w = Some("default".into());
        "default".into()
    }
}
