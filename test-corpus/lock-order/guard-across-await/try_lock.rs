// A guard from `try_lock` held across `.await` while other code takes the same mutex with a
// blocking `lock()`: that thread blocks for as long as the task is suspended.

use std::sync::Mutex;

pub struct Queue(Mutex<Vec<String>>);

impl Queue {
    pub async fn drain_one(&self) -> Option<String> {
        let mut items = self.0.try_lock().ok()?; //~ guard-across-await
        let item = items.pop();
        tick().await;
        item
    }

    pub fn push(&self, s: String) {
        self.0.lock().unwrap().push(s);
    }
}

async fn tick() {}
