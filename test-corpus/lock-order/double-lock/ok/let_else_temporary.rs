// The initialiser's temporary guard of a `let … else` is dropped before the `else` block
// runs, so the helper called there can take the lock again.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Runner {
    state: Mutex<HashMap<String, u32>>,
}

impl Runner {
    fn restart(&self) {
        self.state.lock().unwrap().clear();
    }

    pub fn id_of(&self, name: &str) -> Option<u32> {
        let Some(id) = self.state.lock().unwrap().get(name).cloned() else {
            self.restart();
            return None;
        };
        Some(id)
    }
}
