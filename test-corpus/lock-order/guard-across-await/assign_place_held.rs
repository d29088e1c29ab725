// The guard is taken before the `.await`: a named guard assigned after an await, and a
// method call whose receiver (evaluated first) locks.
use std::sync::Mutex;

pub struct Progress {
    done: Mutex<Vec<u32>>,
}

impl Progress {
    pub async fn refresh(&self) -> Result<(), String> {
        let mut g = self.done.lock().unwrap(); //~ guard-across-await
        *g = load().await?;
        Ok(())
    }

    pub async fn append(&self) {
        self.done.lock().unwrap().extend(load().await.unwrap_or_default()); //~ guard-across-await
    }
}

async fn load() -> Result<Vec<u32>, String> {
    Ok(Vec::new())
}
