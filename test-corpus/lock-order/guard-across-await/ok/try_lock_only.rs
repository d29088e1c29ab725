// A guard from `try_lock` held across `.await`, where nothing locks the mutex in a blocking
// way: another caller gets `WouldBlock` (here: "busy"), nobody waits for the guard.

use std::sync::Mutex;

pub struct ReadDir(Mutex<Vec<String>>);

impl ReadDir {
    pub async fn next(&self) -> Result<Option<String>, &'static str> {
        let mut entries = self.0.try_lock().map_err(|_| "busy")?;
        let entry = entries.pop();
        tick().await;
        Ok(entry)
    }
}

async fn tick() {}
